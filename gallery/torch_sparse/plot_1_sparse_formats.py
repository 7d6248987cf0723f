"""
=========================================
One matrix, three sparse layouts
=========================================

The torch.sparse article opens with the storage formats PyTorch offers for a tensor whose
entries are mostly zero: coordinates (COO), compressed sparse rows (CSR) and compressed sparse
columns (CSC). This page builds one small matrix in all three layouts with PyTorch and with
:mod:`sparsenorm.sparse`, which uses PyTorch's names, checks that the two libraries store the
same arrays, and draws the arrays each layout keeps, so a reader can check every index by eye.
"""

# %%
# The matrix
# ----------
#
# A 4 × 6 matrix with 7 non-zero entries. Row 2 is empty and so are columns 1 and 4; empty
# rows and columns are where the layouts differ most. Each layout is built twice: in PyTorch
# by ``to_sparse``, ``to_sparse_csr`` and ``to_sparse_csc`` of a dense tensor, in sparsenorm
# by :func:`~sparsenorm.sparse.to_sparse_coo` of the array and that COO tensor's
# ``to_sparse_csr`` and ``to_sparse_csc``.
import numpy as np
import torch

from sparsenorm.sparse import to_sparse_coo

dense = np.array(
    [
        [0, 0, 3, 0, 0, 1],
        [4, 0, 0, 2, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [5, 0, 6, 0, 0, 7],
    ],
    dtype=np.float32,
)
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
t = torch.from_numpy(dense)  # PyTorch
t_coo, t_csr, t_csc = t.to_sparse(), t.to_sparse_csr(), t.to_sparse_csc()
coo = to_sparse_coo(dense)  # sparsenorm
csr = coo.to_sparse_csr()
csc = coo.to_sparse_csc()
print(dense)
print(f"shape {dense.shape}, nse = {coo.nnz} stored elements, density {coo.density:.3f}")
print("torch's nse:", t_coo._nnz(), t_csr._nnz(), t_csc._nnz())


def same(ours, theirs):
    """Whether sparsenorm's arrays equal torch's, dtype and value for value."""
    return all(
        a.dtype == b.numpy().dtype and np.array_equal(a, b.numpy())
        for a, b in zip(ours, theirs, strict=True)
    )


# %%
# What each layout stores
# -----------------------
#
# **COO** keeps, for every stored element, its full coordinates: an ``indices`` array of shape
# ``(ndim, nse)`` (one column per element, int64) and a ``values`` array of shape ``(nse,)``.
# Converted from a dense array, the elements come in row-major order.
print("COO indices:\n", coo.indices())
print("COO values: ", coo.values())
print("same as torch's:", same([coo.indices(), coo.values()], [t_coo.indices(), t_coo.values()]))

# %%
# **CSR** sorts the elements by row and replaces the row indices by ``nrows + 1`` pointers:
# row ``i`` owns the slice ``crow_indices[i]:crow_indices[i + 1]`` of ``col_indices`` and
# ``values``. An empty row is two equal neighbouring pointers.
print("CSR crow_indices:", csr.crow_indices())
print("CSR col_indices: ", csr.col_indices())
print("CSR values:      ", csr.values())
csr_arrays = [csr.crow_indices(), csr.col_indices(), csr.values()]
print("same as torch's:", same(csr_arrays, [t_csr.crow_indices(), t_csr.col_indices(),
                                            t_csr.values()]))  # fmt: skip
for i in range(dense.shape[0]):
    start, stop = csr.crow_indices()[i : i + 2]
    print(f"  row {i}: columns {csr.col_indices()[start:stop]}, values {csr.values()[start:stop]}")

# %%
# **CSC** is the same construction over columns: ``ccol_indices`` (``ncols + 1`` pointers),
# then the row index and value of every element, column by column. It is the CSR layout of
# the transposed matrix, and both libraries take that literally: the transpose of a CSC
# matrix is a CSR matrix over the very same three arrays. Both spell it ``transpose(0, 1)``;
# PyTorch also ``t()`` and ``mT``, sparsenorm also ``.T``. (In torch 2.13.0 ``.T`` raises
# ``NotImplementedError`` on CSR and CSC tensors; see :ref:`the table of differences
# <sparse-torch-differences>`.)
print("CSC ccol_indices:", csc.ccol_indices())
print("CSC row_indices: ", csc.row_indices())
print("CSC values:      ", csc.values())
csc_arrays = [csc.ccol_indices(), csc.row_indices(), csc.values()]
print("same as torch's:", same(csc_arrays, [t_csc.ccol_indices(), t_csc.row_indices(),
                                            t_csc.values()]))  # fmt: skip
transposed = csc.transpose(0, 1)  # sparsenorm
t_transposed = t_csc.transpose(0, 1)  # PyTorch
shared = np.shares_memory(transposed.values(), csc.values())
t_shared = t_transposed.values().data_ptr() == t_csc.values().data_ptr()
print("sparsenorm: csc.transpose(0, 1) is", transposed.layout, "sharing its arrays:", shared)
print("torch:      t_csc.transpose(0, 1) is", t_transposed.layout, "sharing them:", t_shared)
ours = [a.to_dense() for a in (coo, csr, csc)]
theirs = [a.to_dense().numpy() for a in (t_coo, t_csr, t_csc)]
print("all six give back the matrix:", all(np.array_equal(b, dense) for b in ours + theirs))

# %%
# The arrays, drawn
# -----------------
#
# First the matrix, then each layout's three arrays, one row of boxes per array. The labels
# under the value boxes give the position ``i,j`` of each element in the matrix, so every
# element can be followed from the matrix into each layout.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, ax = plt.subplots(figsize=(5, 3.6))
ax.imshow(dense != 0, cmap="Greys", vmin=0, vmax=4)
# sphinx_gallery_start_ignore
for (i, j), v in np.ndenumerate(dense):
    ax.text(j, i, f"{v:g}", ha="center", va="center", color="C6" if v else "0.55")
ax.set(
    xticks=range(dense.shape[1]),
    yticks=range(dense.shape[0]),
    xlabel="column $j$",
    ylabel="row $i$",
    title=f"dense matrix ({coo.nnz} of {dense.size} non-zero)",
)
ax.grid(False)
fig.set_label(
    "The 4 by 6 example matrix: its seven non-zero entries shaded, row 2 and columns 1 and 4 "
    "empty."
)
# sphinx_gallery_end_ignore
plt.show()

rows, cols = coo.indices()
csr_rows = np.repeat(np.arange(dense.shape[0]), np.diff(csr.crow_indices()))
csc_cols = np.repeat(np.arange(dense.shape[1]), np.diff(csc.ccol_indices()))
layouts = {
    "COO": [("indices[0]", rows), ("indices[1]", cols), ("values", coo.values())],
    "CSR": [("crow_indices", csr.crow_indices()), ("col_indices", csr.col_indices()),
            ("values", csr.values())],
    "CSC": [("ccol_indices", csc.ccol_indices()), ("row_indices", csc.row_indices()),
            ("values", csc.values())],
}  # fmt: skip
positions = {
    "COO": zip(rows, cols, strict=True),
    "CSR": zip(csr_rows, csr.col_indices(), strict=True),
    "CSC": zip(csc.row_indices(), csc_cols, strict=True),
}
fig, axes = plt.subplots(3, 1, figsize=(5, 8.4))
# sphinx_gallery_start_ignore
from matplotlib.patches import Rectangle

for ax, (layout, arrays) in zip(axes, layouts.items(), strict=True):
    notes = [f"{i},{j}" for i, j in positions[layout]]
    for level, (name, entries) in enumerate(arrays):
        y = 2.6 - 1.3 * level  # one row of boxes per array, its name above it
        ax.text(0, y + 0.75, name, ha="left", va="bottom", family="monospace")
        for k, entry in enumerate(entries):
            ax.add_patch(Rectangle((k, y), 0.92, 0.7, facecolor="0.92", edgecolor="C6", lw=1))
            ax.text(k + 0.46, y + 0.35, f"{entry:g}", ha="center", va="center")
        if name == "values":
            for k, note in enumerate(notes):
                ax.text(k + 0.46, y - 0.25, note, ha="center", va="center", color="0.3")
    ax.set_xlim(-0.1, 7.1)
    ax.set_ylim(-0.55, 3.9)
    ax.set_axis_off()
    nbytes = sum(a.nbytes for _, a in arrays)
    ax.set_title(f"{layout}: {nbytes} bytes of arrays", loc="left", fontweight="bold")
fig.set_label(
    "The arrays each layout stores for the example matrix, one row of boxes per array. COO: "
    "row indices, column indices, values. CSR: row pointers, column indices, values. CSC: "
    "column pointers, row indices, values, in column order. The matrix position of each "
    "value is written under it."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Reading the picture: COO repeats the row index of every element (``0, 0, 1, 1, 3, 3, 3``),
# CSR compresses that run-length into pointers, and the repeated pointer ``4, 4`` marks the
# empty row 2. In CSC the repeated pointers ``2, 2`` and ``5, 5`` mark the empty columns 1 and 4.
#
# Takeaways
# ---------
#
# * COO stores a full coordinate per element; it accepts elements in any order, even twice.
# * CSR and CSC store one coordinate per element plus ``nrows + 1`` (or ``ncols + 1``)
#   pointers, and keep the elements sorted. CSC is CSR of the transpose, over the same
#   arrays.
# * The values array holds the same numbers in every layout, only its order changes:
#   row-major for CSR and for a COO tensor converted from a dense array (or coalesced),
#   column-major for CSC.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse <https://pytorch.org/docs/stable/sparse.html>`_,
#   sections "Sparse COO tensors", "Sparse CSR Tensor" and "Sparse CSC Tensor".
# * The article "【稀疏矩阵】使用torch.sparse模块" (Sparse matrices: using the torch.sparse
#   module), which walks through those sections.
