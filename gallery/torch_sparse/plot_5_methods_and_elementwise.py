"""
===========================================
Methods, and the functions that keep zeros
===========================================

The last section of the torch.sparse article lists the methods each sparse layout has and the
element-wise functions allowed on a sparse tensor, which it says are those that send 0 to 0:
applied to the stored values alone, any other function would leave every unstored entry
wrong. This page prints the method table of
:mod:`sparsenorm.sparse` next to PyTorch's, tries fifteen functions on both libraries' sparse
tensors, and shows what a function that breaks the rule f(0) = 0 would get wrong.
"""

# %%
# Methods per layout
# ------------------
#
# The accessors follow PyTorch's names: ``indices`` for COO, ``crow_indices`` and
# ``col_indices`` for CSR, ``ccol_indices`` and ``row_indices`` for CSC; conversions, transpose,
# ``to_dense`` and the bookkeeping are common to all three. Each cell of the table reads
# "sparsenorm / torch": whether sparsenorm's tensor has the method, and whether calling it on
# torch's tensor of the same layout (``transpose(0, 1)`` for ``transpose``) returns without an
# error in torch 2.13.0. The last three methods are sparsenorm's own.
import numpy as np
import torch

from sparsenorm.sparse import to_sparse_coo

dense = np.array([[0.0, -2.0, 0.0], [0.5, 0.0, 3.0]])
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
tensors = {"COO": to_sparse_coo(dense)}
tensors["CSR"] = tensors["COO"].to_sparse_csr()
tensors["CSC"] = tensors["COO"].to_sparse_csc()
d_t = torch.from_numpy(dense)
t_tensors = {"COO": d_t.to_sparse(), "CSR": d_t.to_sparse_csr(), "CSC": d_t.to_sparse_csc()}
methods = [
    "to_dense", "to_sparse_coo", "to_sparse_csr", "to_sparse_csc", "transpose",
    "values", "indices", "coalesce", "is_coalesced", "crow_indices", "col_indices",
    "ccol_indices", "row_indices", "memory_bytes", "to_scipy", "to_torch",
]  # fmt: skip


def torch_runs(t, method):
    """Whether torch's tensor ``t`` has ``method`` and calling it raises nothing."""
    try:
        call = getattr(t, method)
        call(0, 1) if method == "transpose" else call()
    except (AttributeError, RuntimeError, NotImplementedError):
        return False
    return True


print(f"{'method':<15}" + "".join(f"{name:>12}" for name in tensors))
for method in methods:
    marks = [
        ("yes" if hasattr(tensors[name], method) else "-")
        + " / "
        + ("yes" if torch_runs(t_tensors[name], method) else "-")
        for name in tensors
    ]
    print(f"{method:<15}" + "".join(f"{m:>12}" for m in marks))

# %%
# The rule f(0) = 0
# -----------------
#
# A sparse tensor stands for a dense one whose unstored entries are 0. Applying ``f`` to the
# stored values alone leaves those entries at 0, which is right exactly when ``f(0) = 0``. So
# :mod:`sparsenorm.sparse` evaluates ``f(0)`` first: if it is 0 the function runs on the values,
# otherwise it raises. The table tries each function on the 2 × 3 tensor above (its absolute
# value, so that ``sqrt`` and ``log1p`` stay real), in sparsenorm and, in the last two columns,
# as the ``torch`` function of the same name on torch's COO and CSR tensors: "=" where
# torch's values agree with numpy's on the dense matrix to a relative :math:`10^{-15}` (the
# two libraries' implementations of a function such as ``sinh`` may differ in the last bit),
# "-" where torch raises. Which functions torch 2.13.0 accepts is its own rule, printed, not
# derived from sparsenorm's.
functions = [
    np.abs, np.sign, np.sqrt, np.sin, np.tanh, np.arctan, np.expm1, np.square, np.negative,
    np.cos, np.exp, np.log1p, np.sinh, np.cosh, np.reciprocal,
]  # fmt: skip
positive = abs(tensors["CSR"])  # so that sqrt and log1p stay real
t_positive = {"COO": t_tensors["COO"].abs(), "CSR": t_tensors["CSR"].abs()}
torch_names = {"absolute": "abs"}
allowed, torch_allowed = {}, {}


def torch_result(func, t, expected):
    """'=' if torch's function of func's name returns ``expected`` on ``t``, '-' if it raises."""
    try:
        out = getattr(torch, torch_names.get(func.__name__, func.__name__))(t)
    except (RuntimeError, NotImplementedError):
        return "-"
    return "=" if np.allclose(out.to_dense().numpy(), expected, rtol=1e-15, atol=0) else "!="


print(f"{'function':<12}{'f(0)':>6}  {'sparsenorm':<38}{'torch COO':>10}{'CSR':>5}")
for func in functions:
    with np.errstate(all="ignore"):
        at_zero = func(np.float64(0.0)) + 0.0  # + 0.0 prints -0 as 0
        expected = func(positive.to_dense())
    try:
        result = func(positive)
        allowed[func.__name__] = True
        same = np.array_equal(result.to_dense(), expected)
        outcome = f"allowed, equals f(dense): {same}"
    except ValueError:
        allowed[func.__name__] = False
        outcome = "ValueError (f(0) != 0)"
    marks = [torch_result(func, t_positive[name], expected) for name in ("COO", "CSR")]
    torch_allowed[func.__name__] = marks
    print(f"{func.__name__:<12}{at_zero:>6.3g}  {outcome:<38}{marks[0]:>10}{marks[1]:>5}")

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
# on a grey panel marks :math:`f(0) \ne 0`, the refused ones. ``reciprocal``, also refused,
# maps 0 to ``inf`` (IEEE float64 division by zero, as the table prints), a point no panel
# can show, so its grey panel has no circle.
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
# * An element-wise function may act on the stored values alone only if it maps 0 to 0; in
#   sparsenorm any other raises instead of returning a silently wrong sparse tensor. torch
#   2.13.0 refused the four such functions tried here on COO and CSR, and also refuses
#   ``square`` on CSR, although it maps 0 to 0 (the table above).
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Tensor methods and sparse" and "Unary functions"
#   <https://pytorch.org/docs/stable/sparse.html#tensor-methods-and-sparse>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块", section 5.
