"""
==============================================
Linear algebra with sparse and dense operands
==============================================

The fourth section of the torch.sparse article multiplies and adds sparse and dense operands.
This page runs every such product and sum with PyTorch and with :mod:`sparsenorm.sparse` side
by side on a small matrix, and checks both results against each other and against the same
computation on the dense matrix.
"""

# %%
# The operands
# ------------
#
# A 3 × 4 sparse matrix with 5 stored elements (in each layout), a dense vector and a dense
# matrix on either side, all float64. Small integers keep every product exact (every partial
# sum is an integer below 2**53), so "equal" below means equal, not close.
import textwrap

import numpy as np
import torch

from sparsenorm.sparse import to_sparse_coo

A_dense = np.array([[1.0, 0.0, 0.0, 2.0], [0.0, 0.0, 3.0, 0.0], [4.0, 0.0, 5.0, 0.0]])
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
layouts = {  # sparsenorm
    "COO": to_sparse_coo(A_dense),
    "CSR": to_sparse_coo(A_dense).to_sparse_csr(),
    "CSC": to_sparse_coo(A_dense).to_sparse_csc(),
}
A_t = torch.from_numpy(A_dense)
t_layouts = {"COO": A_t.to_sparse(), "CSR": A_t.to_sparse_csr(), "CSC": A_t.to_sparse_csc()}
x = np.array([1.0, 2.0, 3.0, 4.0])  # right vector, length ncols
X = np.arange(8.0).reshape(4, 2)  # right matrix, ncols rows
y = np.array([1.0, -1.0, 2.0])  # left vector, length nrows
Y = np.arange(6.0).reshape(2, 3)  # left matrix, nrows columns

# %%
# sparse @ dense
# --------------
#
# A sparse matrix times a dense vector or matrix is dense. In CSR each output row gathers the
# stored elements of one row; in CSC each stored element scatters its contribution into its row.
# Both give the same numbers, and so does torch's ``@`` on each of its layouts.
print("A @ x =", layouts["CSR"] @ x)
for name, A in layouts.items():
    tA = t_layouts[name]
    t_Ax, t_AX = (tA @ torch.from_numpy(x)).numpy(), (tA @ torch.from_numpy(X)).numpy()
    print(
        f"{name}: A @ x equal: {np.array_equal(A @ x, A_dense @ x)}, "
        f"A @ X equal: {np.array_equal(A @ X, A_dense @ X)}, "
        f"torch's: {np.array_equal(t_Ax, A @ x) and np.array_equal(t_AX, A @ X)}"
    )

# %%
# dense @ sparse
# --------------
#
# Both libraries accept a dense operand on the left: ``Y @ A`` works on torch's three layouts
# as on sparsenorm's. Inside, a dense operand on the left is the same product read backwards,
# :math:`Y A = (A^\top Y^\top)^\top`; :mod:`sparsenorm.sparse` computes ``Y @ A`` that way,
# and the transpose of a CSR matrix is a CSC matrix over the same arrays, so nothing is copied.
# Writing the transposes out by hand gives the same result.
print("y @ A =", y @ layouts["CSR"])
print("each equal to the dense computation:")
for name, A in layouts.items():
    by_hand = (A.T @ Y.T).T
    t_YA = (torch.from_numpy(Y) @ t_layouts[name]).numpy()
    print(
        f"{name}: y @ A: {np.array_equal(y @ A, y @ A_dense)}, "
        f"Y @ A: {np.array_equal(Y @ A, Y @ A_dense)}, "
        f"(A.T @ Y.T).T: {np.array_equal(by_hand, Y @ A_dense)}, "
        f"torch's Y @ A: {np.array_equal(t_YA, Y @ A)}"
    )

# %%
# Sums and scalar multiples
# -------------------------
#
# Two sparse matrices add to a sparse matrix; positions stored in both are summed. Of the
# nine layout pairs of these float64 operands, torch 2.13.0 adds COO + COO and CSR + CSR and
# refuses the other seven, two distinct CSC tensors included (the loop below tries all nine).
# sparsenorm adds any two layouts and returns the left operand's.
B_dense = np.array([[0.0, 1.0, 0.0, -2.0], [0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
B_t = torch.from_numpy(B_dense)
t_B = {"COO": B_t.to_sparse(), "CSR": B_t.to_sparse_csr(), "CSC": B_t.to_sparse_csc()}
for left, right in [(a, b) for a in t_layouts for b in t_B]:
    try:
        t_sum = t_layouts[left] + t_B[right]
        equal = np.array_equal(t_sum.to_dense().numpy(), A_dense + B_dense)
        torch_says = f"{str(t_sum.layout).removeprefix('torch.')}, equal: {equal}"
    except RuntimeError:
        torch_says = "RuntimeError"
    ours = layouts[left] + getattr(to_sparse_coo(B_dense), f"to_sparse_{right.lower()}")()
    equal = np.array_equal(ours.to_dense(), A_dense + B_dense)
    print(f"{left} + {right}: torch {torch_says} | ours {ours.layout}, equal: {equal}")
B = to_sparse_coo(B_dense)
S = layouts["CSR"] + B
print("CSR + COO ->", S.layout, "with", S.nnz, "stored elements")
# Position (0, 3) holds 2 + (-2) = 0: it stays stored as an explicit zero, as in PyTorch.
print(S.to_dense())
print("sparse + sparse equal:", np.array_equal(S.to_dense(), A_dense + B.to_dense()))

# %%
# A sparse and a dense matrix add to a dense one (torch's COO wants the dense operand first,
# ``dense + coo``), and a scalar multiple scales the stored values only, in both libraries.
D = layouts["CSC"] + np.ones((3, 4))
t_D = torch.ones(3, 4, dtype=torch.float64) + t_layouts["COO"]
print("sparse + dense is", type(D).__name__, "| equal:", np.array_equal(D, A_dense + 1))
print("torch's dense + COO is dense:", t_D.layout == torch.strided,
      "| equal:", np.array_equal(t_D.numpy(), D))  # fmt: skip
print("2.5 * A stores", (2.5 * layouts["COO"]).nnz, "values:", (2.5 * layouts["COO"]).values())
t_scaled = (2.5 * t_layouts["COO"]).coalesce()
print("torch's equal:", np.array_equal(t_scaled.values().numpy(), (2.5 * layouts["COO"]).values()))

# %%
# Two operations are refused with a message. :mod:`sparsenorm.sparse` does not implement the
# product of two sparse matrices (PyTorch does for some layouts: CSR @ CSC gives CSR, printed
# first, with the CSC matrix :math:`A^\top` built as CSC), and adding a non-zero scalar would
# fill every unstored entry (PyTorch refuses ``sparse + scalar`` too):
t_right = A_t.T.to_sparse_csc()  # A transposed, stored CSC (4 × 3)
t_prod = t_layouts["CSR"] @ t_right
print("torch CSR @ CSC:", t_prod.layout, "| equal:",
      np.array_equal(t_prod.to_dense().numpy(), A_dense @ A_dense.T))  # fmt: skip
right = to_sparse_coo(A_dense.T).to_sparse_csc()  # the same CSC operand, sparsenorm's
try:
    t_layouts["CSR"] + 1.0
except RuntimeError:
    print("torch CSR + 1.0: RuntimeError")
for attempt in (lambda: layouts["CSR"] @ right, lambda: layouts["CSR"] + 1.0):
    try:
        attempt()
    except (TypeError, ValueError) as error:
        print(textwrap.fill(f"{type(error).__name__}: {error}", 78))

# %%
# Which entries a product touches, drawn
# --------------------------------------
#
# ``A @ x`` reads only the stored elements: output row ``i`` is the sum of
# ``values[k] * x[col[k]]`` over the elements ``k`` of row ``i``. The picture writes each
# stored element of ``A`` as that product, with ``x`` above the columns and ``A @ x`` on the
# right; the blank cells are never read. Row 0 is 1·1 + 2·4 = 9.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, ax = plt.subplots(figsize=(5, 3.4))
ax.imshow(A_dense != 0, cmap="Greys", vmin=0, vmax=4, extent=(-0.5, 3.5, 2.5, -0.5))
# sphinx_gallery_start_ignore
for i, j in zip(*np.nonzero(A_dense), strict=True):
    ax.text(j, i, f"{A_dense[i, j]:g}·{x[j]:g}", ha="center", va="center")
for j, xj in enumerate(x):
    ax.text(j, -0.75, f"{xj:g}", ha="center", va="bottom")
ax.text(-0.6, -0.75, "$x_j$:", ha="right", va="bottom")
ax.text(3.75, -0.75, "$Ax$", ha="left", va="bottom")
for i, value in enumerate(A_dense @ x):
    ax.text(3.75, i, f"= {value:g}", ha="left", va="center")
ax.set(xlim=(-0.5, 4.6), ylim=(2.5, -1.4), xticks=range(4), yticks=range(3))
ax.set(xlabel="column $j$ of $A$", ylabel="row $i$")
ax.grid(False)
for spine in ax.spines.values():
    spine.set_visible(False)
fig.set_label(
    "The 3 by 4 sparse matrix A with each stored element written as its value times the "
    "entry of x it multiplies, x listed above the columns and the row sums of A x on the "
    "right; unstored cells are blank."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * sparse @ dense is dense, and costs one multiply-add per stored element and per column of
#   the dense operand.
# * dense @ sparse works directly in both libraries; sparsenorm computes it as the transposed
#   product, :math:`Y A = (A^\top Y^\top)^\top`, and with CSR and CSC the transpose is free.
# * sparse + sparse stays sparse (of two distinct, non-empty tensors of one dtype, torch
#   2.13.0 adds only COO + COO of uint8, signed integer, bfloat16, float32, float64,
#   complex64 or complex128 values and CSR + CSR of float32, float64, complex64 or
#   complex128 values; mixed dtypes, empty operands and ``x + x`` are in the notes under the
#   table of differences), sparse + dense is dense, scalar multiples
#   scale the values; adding a non-zero scalar, which would fill every zero, is an error in
#   both rather than a silent densification. The other differences are in
#   :ref:`the table of differences <sparse-torch-differences>`.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Supported operations: Linear Algebra operations"
#   <https://pytorch.org/docs/stable/sparse.html#supported-linear-algebra-operations>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块", section 4.
