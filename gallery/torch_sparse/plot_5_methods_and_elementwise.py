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
# otherwise it raises. The table tries each function on the 2 × 3 tensor above.
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
# Every allowed function passes through the origin; every refused one misses it.
import matplotlib.pyplot as plt

OK_COLOR, REFUSED_COLOR = "#009E73", "#D55E00"  # Okabe-Ito green and vermillion

t = np.linspace(-1.5, 1.5, 301)
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained", sharey=True)
for f in functions:
    if f in (np.sqrt, np.reciprocal, np.log1p):
        continue  # not defined on the whole interval
    ax = ax0 if allowed[f.__name__] else ax1
    ax.plot(t, f(t), color=OK_COLOR if allowed[f.__name__] else REFUSED_COLOR, lw=1.3)
    ax.annotate(f.__name__, (t[-1], f(t[-1])), fontsize=7, xytext=(2, 0),
                textcoords="offset points", va="center")  # fmt: skip
for ax, title in ((ax0, "allowed: $f(0) = 0$"), (ax1, r"refused: $f(0) \neq 0$")):
    ax.plot(0, 0, "ko", ms=5)
    _ = ax.set(xlabel="$t$", title=title, ylim=(-2.5, 5), xlim=(-1.6, 2.0))
ax0.set_ylabel("$f(t)$")
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
