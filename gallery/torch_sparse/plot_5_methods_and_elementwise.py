"""
===========================================
Methods, and the functions that keep zeros
===========================================

The last section of the torch.sparse article lists the methods each sparse layout has and the
element-wise functions a sparse tensor accepts: only those that send 0 to 0, because a sparse
tensor applies a function to its stored values alone. This page prints the method table of
:mod:`sparsenorm.sparse`, tests the rule f(0) = 0 on fifteen numpy functions, and shows what a
function that breaks it would get wrong.
"""

# %%
# Methods per layout
# ------------------
#
# The accessors follow PyTorch's names: ``indices`` for COO, ``crow_indices`` and
# ``col_indices`` for CSR, ``ccol_indices`` and ``row_indices`` for CSC; conversions, transpose,
# ``to_dense`` and the bookkeeping are common to all three.
import numpy as np

from sparsenorm.sparse import to_sparse_coo

dense = np.array([[0.0, -2.0, 0.0], [0.5, 0.0, 3.0]])
tensors = {"COO": to_sparse_coo(dense)}
tensors["CSR"] = tensors["COO"].to_sparse_csr()
tensors["CSC"] = tensors["COO"].to_sparse_csc()
methods = [
    "to_dense", "to_sparse_coo", "to_sparse_csr", "to_sparse_csc", "transpose",
    "values", "indices", "coalesce", "is_coalesced", "crow_indices", "col_indices",
    "ccol_indices", "row_indices", "memory_bytes", "to_scipy", "to_torch",
]  # fmt: skip
print(f"{'method':<15}" + "".join(f"{name:>6}" for name in tensors))
for method in methods:
    marks = ["yes" if hasattr(t, method) else "-" for t in tensors.values()]
    print(f"{method:<15}" + "".join(f"{m:>6}" for m in marks))

# %%
# The rule f(0) = 0
# -----------------
#
# A sparse tensor stands for a dense one whose unstored entries are 0. Applying ``f`` to the
# stored values alone leaves those entries at 0, which is right exactly when ``f(0) = 0``. So
# :mod:`sparsenorm.sparse` evaluates ``f(0)`` first: if it is 0 the function runs on the values,
# otherwise it raises. The table tries each function on the 2 × 3 tensor above. PyTorch 2.13
# draws the same line for these fifteen functions on COO tensors (it accepts exactly the ones
# with :math:`f(0) = 0`); on CSR and CSC it lacks ``square`` as well.
functions = [
    np.abs, np.sign, np.sqrt, np.sin, np.tanh, np.arctan, np.expm1, np.square, np.negative,
    np.cos, np.exp, np.log1p, np.sinh, np.cosh, np.reciprocal,
]  # fmt: skip
positive = abs(tensors["CSR"])  # so that sqrt and log1p stay real
allowed = {}
print(f"{'function':<12}{'f(0)':>8}  result on a sparse tensor")
for f in functions:
    with np.errstate(all="ignore"):
        at_zero = f(np.float64(0.0)) + 0.0  # + 0.0 prints -0 as 0
    try:
        result = f(positive)
        allowed[f.__name__] = True
        same = np.array_equal(result.to_dense(), f(positive.to_dense()))
        outcome = f"allowed, equals f(dense): {same}"
    except ValueError:
        allowed[f.__name__] = False
        outcome = "ValueError (f(0) != 0)"
    print(f"{f.__name__:<12}{at_zero:>8.3g}  {outcome}")

# %%
# What the rule protects against
# ------------------------------
#
# Had ``cos`` been applied to the stored values only, the unstored entries would still read 0
# although ``cos(0) = 1``: three of the six entries would be wrong. The right answer is dense;
# asking for it explicitly is one call.
stored_only = tensors["CSR"].to_dense()
stored_only[dense != 0] = np.cos(dense[dense != 0])
right = np.cos(tensors["CSR"].to_dense())
print("cos on stored values only:\n", stored_only.round(3))
print("cos of the matrix:\n", right.round(3))
print("entries wrong:", int(np.sum(stored_only != right)), "of", dense.size)

# %%
# The rule, drawn
# ---------------
#
# One small panel per function, on :math:`-1.5 \le t \le 1.5` (or where it is defined). A
# filled dot marks :math:`f(0) = 0`, the functions allowed on sparse tensors; an open circle
# on a grey panel marks :math:`f(0) \ne 0`, the refused ones (``reciprocal``, also refused,
# has no value at 0 at all).
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, axes = plt.subplots(5, 3, figsize=(5, 7.5), sharex=True)
for ax, f in zip(axes.flat, functions, strict=True):
    with np.errstate(all="ignore"):
        t = np.linspace(-1.5, 1.5, 301)
        ax.plot(t, f(t), "C6-", lw=1.5)
    # sphinx_gallery_start_ignore
    with np.errstate(all="ignore"):
        at_zero = f(np.float64(0.0))
    if allowed[f.__name__]:
        ax.plot(0, 0, "C6o", ms=7)
    elif np.isfinite(at_zero):
        ax.plot(0, at_zero, "o", mfc="white", mec="C6", ms=7)
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_ylim(-3, 3)
    ax.set_title(f.__name__, fontsize=12)
    if not allowed[f.__name__]:
        ax.set_facecolor("0.9")
    ax.set_yticks([])
    ax.set_xticks([])
    ax.grid(False)
fig.set_label(
    "Fifteen small plots, one per numpy function, each marking its value at zero: the eleven "
    "with f(0) = 0 (abs, sign, sqrt, sin, tanh, arctan, expm1, square, negative, log1p, sinh) "
    "are allowed on sparse tensors; cos, exp, cosh and reciprocal are refused."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * The three layouts share the conversion and bookkeeping methods; the index accessors carry
#   PyTorch's names for each layout.
# * An element-wise function may act on the stored values alone only if it maps 0 to 0; any
#   other raises instead of returning a silently wrong sparse tensor.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Tensor methods and sparse" and "Unary functions"
#   <https://pytorch.org/docs/stable/sparse.html#tensor-methods-and-sparse>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块", section 5.
