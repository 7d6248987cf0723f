"""
==================================
Building CSR and CSC matrices
==================================

The third section of the torch.sparse article builds compressed matrices directly from their
arrays. This page does the same with ``torch.sparse_csr_tensor`` and
``torch.sparse_csc_tensor`` and, side by side, with :class:`sparsenorm.sparse.CSR` and
:class:`sparsenorm.sparse.CSC`, reads the row lengths off the pointer array, shows each rule the
arrays must obey being enforced, and checks that CSC is CSR of the transpose.
"""

# %%
# A CSR matrix from its arrays
# ----------------------------
#
# Three arrays describe a CSR matrix: ``crow_indices`` (one pointer per row, plus one),
# ``col_indices`` and ``values`` (one entry per stored element). Row ``i`` holds
# ``crow_indices[i + 1] - crow_indices[i]`` elements, so the row lengths are the differences of
# the pointers.
import textwrap

import numpy as np
import torch

from sparsenorm.sparse import CSC, CSR

crow = [0, 2, 3, 3, 6]
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
col = [1, 3, 0, 0, 2, 3]
val = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
arrays = (torch.tensor(crow), torch.tensor(col), torch.tensor(val))
ta = torch.sparse_csr_tensor(*arrays, (4, 4), check_invariants=True)  # PyTorch
a = CSR(crow, col, val, shape=(4, 4))  # sparsenorm
print(a.to_dense())
print("row lengths:", np.diff(a.crow_indices()), "| nse:", a.nnz, "| torch's nse:", ta._nnz())
print("same as torch's to_dense():", np.array_equal(ta.to_dense().numpy(), a.to_dense()))

# %%
# The rules, enforced
# -------------------
#
# The pointers start at 0, never decrease and end at ``nse``; within a row the columns are
# sorted and distinct. Each broken rule is refused with a message that names it.
# ``torch.sparse_csr_tensor`` checks the same rules only when asked to
# (``check_invariants=True``); by default it accepts all six broken examples below, as the
# parenthesis after each name says (both calls are made for each example).
broken = {
    "pointers not starting at 0": ([1, 2, 3, 3, 6], col, val),
    "pointers not ending at nse": ([0, 2, 3, 3, 5], col, val),
    "decreasing pointers": ([0, 2, 1, 3, 6], col, val),
    "unsorted columns in a row": (crow, [3, 1, 0, 0, 2, 3], val),
    "column out of bounds": (crow, [1, 3, 0, 0, 2, 4], val),
    "one value too few": (crow, col, val[:-1]),
}
for what, parts in broken.items():
    torch_parts = [torch.tensor(part) for part in parts]
    try:
        torch.sparse_csr_tensor(*torch_parts, (4, 4), check_invariants=True)
        checked = "accepted"
    except RuntimeError:
        checked = "RuntimeError"
    torch.sparse_csr_tensor(*torch_parts, (4, 4))  # unchecked: no error
    try:
        CSR(*parts, shape=(4, 4))
    except (ValueError, IndexError) as error:
        print(f"{what} (torch, checked: {checked}; unchecked: accepted):")
        print(textwrap.fill(f"{type(error).__name__}: {error}", 78, initial_indent="  ",
                            subsequent_indent="  "))  # fmt: skip

# %%
# CSC, and the transpose
# ----------------------
#
# A CSC matrix uses the same three arrays over columns: ``ccol_indices``, ``row_indices``,
# ``values``. Reading the CSR arrays above as CSC arrays therefore describes the *transpose* of
# the matrix, with no data moved. (sparsenorm spells the transpose ``a.T``; torch 2.13.0
# spells it ``a.t()``, ``a.mT`` or ``a.transpose(0, 1)``, its ``.T`` raising
# ``NotImplementedError`` on CSR and CSC tensors.)
tb = torch.sparse_csc_tensor(*arrays, (4, 4), check_invariants=True)  # PyTorch
b = CSC(crow, col, val, shape=(4, 4))  # sparsenorm
print(b.to_dense())
print("CSC over the CSR arrays is the transpose:", np.array_equal(b.to_dense(), a.to_dense().T))
print("same as torch's:", np.array_equal(tb.to_dense().numpy(), b.to_dense()))
print("a.T is", a.T.layout, "over the same arrays:", np.shares_memory(a.T.values(), a.values()))
tt = ta.t()
print("torch: ta.t() is", tt.layout, "over the same arrays:",
      tt.values().data_ptr() == ta.values().data_ptr())  # fmt: skip

# %%
# Converting a CSR matrix to CSC (same matrix, other layout) is a different operation: the
# elements must be re-sorted by column, which :meth:`~sparsenorm.sparse.CSR.to_sparse_csc`
# does.
tc = ta.to_sparse_csc()  # PyTorch
c = a.to_sparse_csc()  # sparsenorm
print("ccol_indices:", c.ccol_indices())
print("row_indices: ", c.row_indices())
print("values:      ", c.values())
print("same matrix:", np.array_equal(c.to_dense(), a.to_dense()))
theirs = (tc.ccol_indices(), tc.row_indices(), tc.values())
ours = (c.ccol_indices(), c.row_indices(), c.values())
print("same arrays as torch's:",
      all(np.array_equal(x.numpy(), y) for x, y in zip(theirs, ours, strict=True)))  # fmt: skip

# %%
# Row and column lengths, drawn
# -----------------------------
#
# The pointer arrays are running counts: the differences of CSR's pointers are the row lengths,
# those of CSC's the column lengths. Each set of bars adds up to ``nse`` = 6, and the empty
# row 2 is a bar of height zero.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.bar(np.arange(4) - 0.2, np.diff(a.crow_indices()), width=0.4, label="CSR: row $i$")
ax.bar(np.arange(4) + 0.2, np.diff(c.ccol_indices()), width=0.4, label="CSC: column $i$")
# sphinx_gallery_start_ignore
for bar in ax.patches[:4]:
    bar.set(facecolor="0.85", edgecolor="C6", hatch="//")
for bar in ax.patches[4:]:
    bar.set(facecolor="0.45", edgecolor="C6")
ax.set(
    xticks=range(4), yticks=range(4), ylim=(0, 4.6), xlabel="index $i$", ylabel="stored elements"
)
ax.legend(loc="upper left", title="differences of the pointers", ncols=2)
fig.set_label(
    "Bar chart of the stored elements per row (hatched, from CSR's row pointers) and per "
    "column (solid, from CSC's column pointers) of the 4 by 4 example; row 2 has none."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * A CSR matrix is three arrays; row ``i`` is the slice between two consecutive pointers.
# * Every invariant (pointers from 0 to ``nse``, non-decreasing; sorted, in-bounds columns;
#   matching lengths) is checked on construction and named when broken.
# * The CSC reading of CSR arrays is the transpose, so the transpose costs nothing
#   (sparsenorm's ``A.T``, torch's ``A.t()``); converting to CSC while keeping the matrix
#   puts the elements in column order (in sparsenorm, a stable counting sort).
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Sparse CSR Tensor" and "Sparse CSC Tensor"
#   <https://pytorch.org/docs/stable/sparse.html#sparse-csr-tensor>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块", section 3.
