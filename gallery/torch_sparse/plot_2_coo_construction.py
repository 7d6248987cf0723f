"""
==============================================
Building COO tensors: pairs, hybrids, repeats
==============================================

The second section of the torch.sparse article builds sparse COO tensors three ways: from a
list of coordinates, as a *hybrid* tensor whose stored elements are small dense arrays, and
with the same coordinate given twice. This page does each with ``torch.sparse_coo_tensor``
and with :class:`sparsenorm.sparse.COO` side by side, checks that both store the same arrays,
and shows why the last case needs ``coalesce``.
"""

# %%
# From coordinate pairs
# ---------------------
#
# Coordinates usually come as a list of ``(row, col)`` pairs. A COO tensor wants them the other
# way round: one *row of indices per dimension*, shape ``(ndim, nse)``. Here three pairs in a
# matrix (``ndim = 2``) have shape ``(3, 2)``, which cannot be read as ``(ndim, nse)`` with
# three values, so passing them as they are is refused, by both libraries; transposing them
# is all it takes.
import textwrap

import numpy as np
import torch

from sparsenorm.sparse import COO, to_sparse_coo

pairs = [(0, 2), (1, 0), (1, 2)]
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
values = [3.0, 4.0, 5.0]
try:
    torch.sparse_coo_tensor(torch.tensor(pairs), torch.tensor(values), (2, 3))
except RuntimeError as error:
    print(textwrap.fill(f"torch: RuntimeError: {error}", 78))
try:
    COO(pairs, values, shape=(2, 3))
except ValueError as error:
    print(textwrap.fill(f"sparsenorm: ValueError: {error}", 78))

ta = torch.sparse_coo_tensor(torch.tensor(pairs).T, torch.tensor(values), (2, 3))  # PyTorch
a = COO(np.transpose(pairs), values, shape=(2, 3))  # sparsenorm
print("indices:\n", a.indices())
print(a.to_dense())
print("same as torch's:", np.array_equal(ta.to_dense().numpy(), a.to_dense()))

# %%
# The refusal depends on the count, not on the mistake. With exactly as many pairs as
# dimensions (two pairs in a matrix), the untransposed list already has the shape
# ``(2, 2)`` of valid indices, and unless a misread index falls outside the shape, it is read
# the wrong way round without a word: in a 3 × 3 matrix the pairs (0, 2) and (1, 0) become
# the coordinates (0, 1) and (2, 0). ``torch.sparse_coo_tensor`` does exactly the same (and,
# with its invariant checks off, as they are by default, it does not even catch an index out
# of bounds). Transpose lists of pairs always; never rely on an error.
two_pairs = [(0, 2), (1, 0)]
t_wrong = torch.sparse_coo_tensor(torch.tensor(two_pairs), torch.tensor([3.0, 4.0]), (3, 3))
wrong = COO(two_pairs, [3.0, 4.0], shape=(3, 3))
right = COO(np.transpose(two_pairs), [3.0, 4.0], shape=(3, 3))
print("untransposed, accepted:\n", wrong.to_dense())
print(
    "torch misreads it the same way:", np.array_equal(t_wrong.to_dense().numpy(), wrong.to_dense())
)
print("transposed:\n", right.to_dense())

# %%
# Without ``shape``, the tensor is the smallest that holds every index, here 2 × 3 again, in
# both libraries. Both store the indices as int64 whatever numpy integer type they came in
# (int8 to uint64). sparsenorm refuses float indices rather than rounding them;
# ``torch.sparse_coo_tensor`` casts them to int64, which truncates 2.9 to 2 (a row of
# :ref:`the table of differences <sparse-torch-differences>`).
t_inferred = torch.sparse_coo_tensor(torch.tensor(pairs).T, torch.tensor(values))
print(
    "inferred shape:", COO(np.transpose(pairs), values).shape, "| torch:", tuple(t_inferred.shape)
)
t_float = torch.sparse_coo_tensor(torch.tensor([[0.0, 1.0], [2.9, 0.0]]), [1.0, 2.0], (2, 3))
print("torch's indices from [[0.0, 1.0], [2.9, 0.0]]:", t_float._indices().tolist())
try:
    COO([[0.0, 1.0], [2.9, 0.0]], [1.0, 2.0])
except TypeError as error:
    print(textwrap.fill(f"sparsenorm: TypeError: {error}", 78))

# %%
# Hybrid tensors
# --------------
#
# The values may carry trailing dense dimensions: with ``values`` of shape ``(nse, 2)``, each
# stored position of a 2 × 3 sparse grid holds a whole 2-vector, and the tensor has shape
# ``(2, 3, 2)``. Only the first two dimensions are sparse; the last is dense. This suits, for
# instance, a sparse grid of feature vectors.
blocks = [[3.0, -3.0], [4.0, 0.0], [5.0, 50.0]]
th = torch.sparse_coo_tensor(torch.tensor(pairs).T, torch.tensor(blocks), (2, 3, 2))  # PyTorch
h = COO(np.transpose(pairs), blocks, shape=(2, 3, 2))  # sparsenorm
print("shape", h.shape, "sparse_dim", h.sparse_dim(), "dense_dim", h.dense_dim())
print("torch:", tuple(th.shape), "sparse_dim", th.sparse_dim(), "dense_dim", th.dense_dim())
print("same dense tensor:", np.array_equal(th.to_dense().numpy(), h.to_dense()))
print("entry (1, 2):", h.to_dense()[1, 2])
print("entry (0, 0):", h.to_dense()[0, 0], "(not stored)")

# %%
# Going back, :func:`~sparsenorm.sparse.to_sparse_coo` with ``sparse_dim=2`` stores a position
# when *any* entry of its dense block is non-zero, which recovers the same three positions; the
# block ``[4, 0]`` is stored whole, zero included; torch's ``to_sparse(sparse_dim=2)`` does
# the same.
back = to_sparse_coo(h.to_dense(), sparse_dim=2)
t_back = th.to_dense().to_sparse(sparse_dim=2)
print("same indices:", np.array_equal(back.indices(), h.indices()))
print("values:\n", back.values())
print("same as torch's:", np.array_equal(t_back.indices().numpy(), back.indices())
      and np.array_equal(t_back.values().numpy(), back.values()))  # fmt: skip

# %%
# Repeated coordinates
# --------------------
#
# A COO tensor may list the same coordinate more than once. Nothing is lost: the entries at
# one position *add up*, which makes COO the natural layout to assemble a matrix from pieces.
# Such a tensor is *uncoalesced*.
rows = [1, 0, 1, 1]
cols = [2, 0, 2, 0]
td = torch.sparse_coo_tensor(
    torch.tensor([rows, cols]), torch.tensor([1.0, 2.0, 3.0, 4.0]), (2, 3)
)
d = COO([rows, cols], [1.0, 2.0, 3.0, 4.0], shape=(2, 3))
print("nnz (stored, duplicates counted):", d.nnz, "| coalesced:", d.is_coalesced())
print("torch:", td._nnz(), "|", td.is_coalesced())
print(d.to_dense())
print("same as torch's to_dense():", np.array_equal(td.to_dense().numpy(), d.to_dense()))

# %%
# ``coalesce`` (:meth:`~sparsenorm.sparse.COO.coalesce` here) sorts the coordinates
# lexicographically (row first, then column) and sums the values of equal coordinates, giving
# one stored element per position.
tc = td.coalesce()
c = d.coalesce()
print("indices:\n", c.indices())
print("values:", c.values(), "| nnz:", c.nnz, "| coalesced:", c.is_coalesced())
print("same matrix:", np.array_equal(c.to_dense(), d.to_dense()))
print("same arrays as torch's:", np.array_equal(tc.indices().numpy(), c.indices())
      and np.array_equal(tc.values().numpy(), c.values()))  # fmt: skip

# %%
# Coalescing, drawn
# -----------------
#
# Before: four stored elements in the order given, two of them at (1, 2) (hatched). After:
# three, sorted, the two at (1, 2) merged into 1 + 3 = 4 (hatched).
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, axes = plt.subplots(2, 1, figsize=(5, 5))
# sphinx_gallery_start_ignore
from matplotlib.patches import Rectangle

for ax, tensor, title in (
    (axes[0], d, "uncoalesced: (1, 2) stored twice"),
    (axes[1], c, "coalesced: sorted, (1, 2) merged"),
):
    i, j = tensor.indices()
    for level, (name, entries) in enumerate([("row", i), ("col", j), ("value", tensor.values())]):
        y = 2 - level
        ax.text(-0.2, y + 0.4, name, ha="right", va="center", family="monospace")
        for k, entry in enumerate(entries):
            repeated = (i[k], j[k]) == (1, 2)  # the position stored twice, then merged
            ax.add_patch(Rectangle((k, y), 0.92, 0.8, facecolor="0.92", edgecolor="C6",
                                   hatch="///" if repeated else "", lw=1))  # fmt: skip
            ax.text(k + 0.46, y + 0.4, f"{entry:g}", ha="center", va="center",
                    bbox=dict(facecolor="white", edgecolor="none", pad=3))  # fmt: skip
    ax.set_xlim(-1.6, 4.1)
    ax.set_ylim(-0.1, 3.0)
    ax.set_axis_off()
    ax.set_title(title, loc="left")
fig.set_label(
    "The row, column and value arrays of the uncoalesced tensor, with the two entries at "
    "position (1, 2) hatched, above the coalesced tensor: three sorted entries, the two "
    "merged into one of value 4, also hatched."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Order matters for functions that are not linear. Scaling commutes with summing duplicates
# (exactly in real arithmetic, up to rounding in floating point), but ``sign(1) + sign(3) = 2``
# while ``sign(1 + 3) = 1``; :mod:`sparsenorm.sparse` therefore
# coalesces before applying such a function, and ``np.sign(d)`` is right, as is torch's
# ``torch.sign(td)``:
print(np.sign(d).to_dense())
print("same as torch's:", np.array_equal(torch.sign(td).to_dense().numpy(), np.sign(d).to_dense()))

# %%
# Takeaways
# ---------
#
# * COO indices have shape ``(ndim, nse)``: transpose a list of pairs first, always; with as
#   many pairs as dimensions the untransposed list is silently misread.
# * A hybrid tensor stores a dense block per sparse position; its ``values`` have shape
#   ``(nse, *dense_dims)``.
# * Repeated coordinates are legal and add up; :meth:`~sparsenorm.sparse.COO.coalesce` sorts
#   and merges them, and is done for you before any non-linear element-wise function
#   (PyTorch's ``torch.sign`` of an uncoalesced tensor is right too).
# * Both libraries store the same arrays at every step above; where they differ (float
#   indices, ``indices()`` of an uncoalesced tensor, ``is_coalesced``) is listed in
#   :ref:`the table of differences <sparse-torch-differences>`.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Construction" and "Uncoalesced sparse COO tensors"
#   <https://pytorch.org/docs/stable/sparse.html#sparse-coo-tensors>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块", section 2.
