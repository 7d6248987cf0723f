"""
==============================================
Linear algebra with sparse and dense operands
==============================================

The fourth section of the torch.sparse article multiplies and adds sparse and dense operands:
sparse @ dense gives a dense result, and dense @ sparse is reached through transposes. This page
runs every such product and sum with :mod:`sparsenorm.sparse` on a small matrix and checks each
result against the same computation on the dense matrix.
"""

# %%
# The operands
# ------------
#
# A 3 × 4 sparse matrix with 5 stored elements (in each layout), a dense vector and a dense
# matrix on either side. Small integers keep every product exact, so "equal" below means equal,
# not close.
import textwrap

import numpy as np

from sparsenorm.sparse import to_sparse_coo

A_dense = np.array([[1.0, 0.0, 0.0, 2.0], [0.0, 0.0, 3.0, 0.0], [4.0, 0.0, 5.0, 0.0]])
layouts = {
    "COO": to_sparse_coo(A_dense),
    "CSR": to_sparse_coo(A_dense).to_sparse_csr(),
    "CSC": to_sparse_coo(A_dense).to_sparse_csc(),
}
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
# Both give the same numbers.
print("A @ x =", layouts["CSR"] @ x)
for name, A in layouts.items():
    print(
        f"{name}: A @ x equal: {np.array_equal(A @ x, A_dense @ x)}, "
        f"A @ X equal: {np.array_equal(A @ X, A_dense @ X)}"
    )

# %%
# dense @ sparse, through transposes
# ----------------------------------
#
# A dense operand on the left is the same product read backwards:
# :math:`Y A = (A^\top Y^\top)^\top`. :mod:`sparsenorm.sparse` computes ``Y @ A`` that way, and
# the transpose of a CSR matrix is a CSC matrix over the same arrays, so nothing is copied.
# Writing the transposes out by hand gives the same result.
print("y @ A =", y @ layouts["CSR"])
for name, A in layouts.items():
    by_hand = (A.T @ Y.T).T
    print(
        f"{name}: y @ A equal: {np.array_equal(y @ A, y @ A_dense)}, "
        f"Y @ A equal: {np.array_equal(Y @ A, Y @ A_dense)}, "
        f"(A.T @ Y.T).T equal: {np.array_equal(by_hand, Y @ A_dense)}"
    )

# %%
# Sums and scalar multiples
# -------------------------
#
# Two sparse matrices add to a sparse matrix (in the layout of the left operand, even when
# the layouts differ, a sum PyTorch 2.13 does not do; positions stored in both are summed), a
# sparse and a dense matrix add to a dense one, and a scalar multiple scales the stored
# values only.
B = to_sparse_coo(np.array([[0.0, 1.0, 0.0, -2.0], [0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]]))
S = layouts["CSR"] + B
print("CSR + COO ->", S.layout, "with", S.nnz, "stored elements")
# Position (0, 3) holds 2 + (-2) = 0: it stays stored as an explicit zero, as in PyTorch.
print(S.to_dense())
print("sparse + sparse equal:", np.array_equal(S.to_dense(), A_dense + B.to_dense()))
D = layouts["CSC"] + np.ones((3, 4))
print("sparse + dense is", type(D).__name__, "| equal:", np.array_equal(D, A_dense + 1))
print("2.5 * A stores", (2.5 * layouts["COO"]).nnz, "values:", (2.5 * layouts["COO"]).values())

# %%
# Two operations are refused with a message. :mod:`sparsenorm.sparse` does not implement the
# product of two sparse matrices (PyTorch does, for instance CSR @ CSC gives CSR), and adding a
# non-zero scalar would fill every unstored entry (PyTorch refuses ``sparse + scalar`` too):
for attempt in (lambda: layouts["CSR"] @ layouts["CSC"], lambda: layouts["CSR"] + 1.0):
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
# * dense @ sparse is the transposed product, :math:`Y A = (A^\top Y^\top)^\top`; with CSR and
#   CSC the transpose is free.
# * sparse + sparse stays sparse, sparse + dense is dense, scalar multiples scale the values;
#   adding a non-zero scalar, which would fill every zero, is an error rather than a silent
#   densification.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Supported operations: Linear Algebra operations"
#   <https://pytorch.org/docs/stable/sparse.html#supported-linear-algebra-operations>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块", section 4.
