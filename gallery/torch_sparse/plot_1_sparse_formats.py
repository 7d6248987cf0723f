"""
=========================================
One matrix, three sparse layouts
=========================================

The torch.sparse article opens with the storage formats PyTorch offers for a tensor whose
entries are mostly zero: coordinates (COO), compressed sparse rows (CSR) and compressed sparse
columns (CSC). This page builds one small matrix in all three layouts with
:mod:`sparsenorm.sparse`, which uses PyTorch's names, and draws the arrays each layout keeps, so
a reader can check every index by eye.
"""

# %%
# The matrix
# ----------
#
# A 4 × 6 matrix with 7 non-zero entries. Row 2 is empty and so are columns 1 and 4; empty
# rows and columns are where the layouts differ most.
import numpy as np

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
coo = to_sparse_coo(dense)
csr = coo.to_sparse_csr()
csc = coo.to_sparse_csc()
print(dense)
print(f"shape {dense.shape}, nse = {coo.nnz} stored elements, density {coo.density:.3f}")

# %%
# What each layout stores
# -----------------------
#
# **COO** keeps, for every stored element, its full coordinates: an ``indices`` array of shape
# ``(ndim, nse)`` (one column per element, int64) and a ``values`` array of shape ``(nse,)``.
# Converted from a dense array, the elements come in row-major order.
print("COO indices:\n", coo.indices())
print("COO values: ", coo.values())

# %%
# **CSR** sorts the elements by row and replaces the row indices by ``nrows + 1`` pointers:
# row ``i`` owns the slice ``crow_indices[i]:crow_indices[i + 1]`` of ``col_indices`` and
# ``values``. An empty row is two equal neighbouring pointers.
print("CSR crow_indices:", csr.crow_indices())
print("CSR col_indices: ", csr.col_indices())
print("CSR values:      ", csr.values())
for i in range(dense.shape[0]):
    start, stop = csr.crow_indices()[i : i + 2]
    print(f"  row {i}: columns {csr.col_indices()[start:stop]}, values {csr.values()[start:stop]}")

# %%
# **CSC** is the same construction over columns: ``ccol_indices`` (``ncols + 1`` pointers),
# then the row index and value of every element, column by column. It is the CSR layout of
# the transposed matrix, and :mod:`sparsenorm.sparse` takes that literally: the transpose of a
# CSC matrix is a CSR matrix over the very same three arrays.
print("CSC ccol_indices:", csc.ccol_indices())
print("CSC row_indices: ", csc.row_indices())
print("CSC values:      ", csc.values())
shared = np.shares_memory(csc.T.values(), csc.values())
print("CSC.T is", csc.T.layout, "sharing its arrays:", shared)
same = all(np.array_equal(t.to_dense(), dense) for t in (coo, csr, csc))
print("all three give back the matrix:", same)

# %%
# The arrays, drawn
# -----------------
#
# Each box is one array entry. The numbers under the value boxes are the position of the entry
# in the dense matrix, so every element can be followed from the matrix into each layout.
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

COLORS = {"COO": "#E69F00", "CSR": "#009E73", "CSC": "#CC79A7"}  # Okabe-Ito, colour-blind safe


def draw_array(ax, y, name, entries, color, notes=None):
    """One array as a row of labelled boxes, its name on the left."""
    ax.text(-0.3, y + 0.4, name, ha="right", va="center", fontsize=9, family="monospace")
    for k, entry in enumerate(entries):
        ax.add_patch(Rectangle((k, y), 0.95, 0.8, facecolor=color, alpha=0.35, edgecolor=color))
        ax.text(k + 0.475, y + 0.4, f"{entry:g}", ha="center", va="center", fontsize=9)
        if notes is not None:
            ax.text(k + 0.475, y - 0.2, notes[k], ha="center", va="center", fontsize=6.5)


rows, cols = coo.indices()
csr_rows = np.repeat(np.arange(dense.shape[0]), np.diff(csr.crow_indices()))
csc_cols = np.repeat(np.arange(dense.shape[1]), np.diff(csc.ccol_indices()))

fig = plt.figure(figsize=(10, 6.2), layout="constrained")
grid = fig.add_gridspec(3, 2, width_ratios=[1, 2.3])
ax = fig.add_subplot(grid[:, 0])
ax.imshow(dense != 0, cmap="Greys", vmin=0, vmax=2.5)
for (i, j), v in np.ndenumerate(dense):
    ax.text(j, i, f"{v:g}", ha="center", va="center", color="k" if v else "0.7")
_ = ax.set(
    xticks=range(dense.shape[1]),
    yticks=range(dense.shape[0]),
    xlabel="column $j$",
    ylabel="row $i$",
    title="dense matrix (7 of 24 non-zero)",
)

layouts = {
    "COO": [
        ("indices[0]", rows, None),
        ("indices[1]", cols, None),
        ("values", coo.values(), [f"({i},{j})" for i, j in zip(rows, cols, strict=True)]),
    ],
    "CSR": [
        ("crow_indices", csr.crow_indices(), None),
        ("col_indices", csr.col_indices(), None),
        (
            "values",
            csr.values(),
            [f"({i},{j})" for i, j in zip(csr_rows, csr.col_indices(), strict=True)],
        ),
    ],
    "CSC": [
        ("ccol_indices", csc.ccol_indices(), None),
        ("row_indices", csc.row_indices(), None),
        (
            "values",
            csc.values(),
            [f"({i},{j})" for i, j in zip(csc.row_indices(), csc_cols, strict=True)],
        ),
    ],
}
for panel, (layout, arrays) in enumerate(layouts.items()):
    ax = fig.add_subplot(grid[panel, 1])
    for level, (name, entries, notes) in enumerate(arrays):
        draw_array(ax, 2 - level * 1.15 + 0.3, name, entries, COLORS[layout], notes)
    ax.set_xlim(-3.2, 8)
    ax.set_ylim(-0.5, 3.2)
    ax.set_axis_off()
    ax.set_title(f"{layout}: {sum(a.nbytes for _, a, _ in arrays)} bytes of arrays", loc="left")
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
# * CSR and CSC store one coordinate per element plus one pointer per row (or column), and keep
#   the elements sorted. CSC is CSR of the transpose, over the same arrays.
# * The values array is the same in every layout, only its order changes: row-major for COO
#   and CSR, column-major for CSC.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse <https://pytorch.org/docs/stable/sparse.html>`_,
#   sections "Sparse COO tensors", "Sparse CSR Tensor" and "Sparse CSC Tensor".
# * The article "【稀疏矩阵】使用torch.sparse模块" (Sparse matrices: using the torch.sparse
#   module), which walks through those sections.
