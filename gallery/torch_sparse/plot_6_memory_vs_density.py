"""
===========================================
Memory: dense, COO and CSR as density grows
===========================================

PyTorch's documentation counts the bytes each layout needs and works one example through: a
10 000 × 10 000 float32 matrix with 100 000 non-zeros. This page derives that example from the
formulas, checks the formulas against the arrays that PyTorch's tensors and
:mod:`sparsenorm.sparse`'s actually hold, and draws the three costs against density to show
where each layout wins.
"""

# %%
# The formulas
# ------------
#
# With ``nse`` stored elements of ``s`` bytes each (4 for float32) in an ``m × n`` matrix, and
# every index stored as an 8-byte int64:
#
# .. math::
#
#    \text{dense} = m n s, \qquad
#    \text{COO} = (2 \cdot 8 + s)\,\text{nse}, \qquad
#    \text{CSR} = 8 m + (8 + s)\,\text{nse}.
#
# COO pays two indices per element; CSR pays one index per element plus one pointer per row.
# These are the documentation's formulas, which it states as lower bounds ("at least"): the
# pointer array really has ``m + 1`` entries, and the formula leaves out those last 8 bytes,
# as does :meth:`~sparsenorm.sparse.CSR.memory_bytes`; a tensor object also carries a small
# constant overhead.
#
# The worked example
# ------------------
#
# Build the 10 000 × 10 000 matrix with 100 000 float32 non-zeros at random distinct positions,
# and ask each layout for its bytes; the dense size is computed, not allocated. The same
# arrays go into ``torch.sparse_coo_tensor``, whose ``to_sparse_csr`` gives torch's CSR.
import numpy as np
import torch

from sparsenorm.sparse import COO

rng = np.random.default_rng(0)
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
m = n = 10_000
nse = 100_000
itemsize = np.dtype(np.float32).itemsize
flat = rng.choice(m * n, size=nse, replace=False)
coo = COO(np.stack(np.unravel_index(flat, (m, n))), rng.standard_normal(nse, np.float32), (m, n))
csr = coo.to_sparse_csr()
t_coo = torch.sparse_coo_tensor(
    torch.from_numpy(coo.indices().copy()), torch.from_numpy(coo.values().copy()), (m, n)
).coalesce()
t_csr = t_coo.to_sparse_csr()

dense_bytes = m * n * itemsize
for name, formula, value in (
    ("dense", f"{m} * {n} * {itemsize}", dense_bytes),
    ("COO", f"(2 * 8 + {itemsize}) * {nse}", coo.memory_bytes()),
    ("CSR", f"{m} * 8 + (8 + {itemsize}) * {nse}", csr.memory_bytes()),
):
    print(f"{name:<6}{formula:<32} = {value:>11,} bytes")
print(f"COO saves {dense_bytes / coo.memory_bytes():.0f}x over dense")
print(
    f"CSR saves {dense_bytes / csr.memory_bytes():.1f}x over dense "
    f"and {coo.memory_bytes() / csr.memory_bytes():.4f}x over COO"
)
actual_csr = sum(a.nbytes for a in (csr.crow_indices(), csr.col_indices(), csr.values()))
print(f"bytes of the CSR arrays themselves: {actual_csr:,} (the formula + 8)")
actual_coo = coo.indices().nbytes + coo.values().nbytes
t_actual_coo = t_coo.indices().nbytes + t_coo.values().nbytes
t_actual_csr = sum(a.nbytes for a in (t_csr.crow_indices(), t_csr.col_indices(), t_csr.values()))
same_bytes = (t_actual_coo, t_actual_csr) == (actual_coo, actual_csr)
print(f"torch's arrays: COO {t_actual_coo:,}, CSR {t_actual_csr:,} bytes, as ours: {same_bytes}")

# %%
# The documentation's 200-fold saving for COO is the exact ratio, 200; its 1.6-fold (over
# COO) and 310-fold (over dense) savings for CSR are rounded from the exact 1.5625 and 312.5.
#
# Where each layout wins
# ----------------------
#
# Dividing by the dense size turns the formulas into lines in the density
# :math:`d = \text{nse} / (mn)`. COO beats dense while :math:`(16 + s)\,d < s`, i.e. below
# :math:`d = s / (16 + s)`; CSR beats dense below about :math:`s / (8 + s)` (the pointers add
# :math:`8/(ns)`, negligible for wide matrices); CSR beats COO as soon as
# :math:`\text{nse} > m`, one element per row on average (by the arrays' bytes, once
# :math:`\text{nse} > m + 1`).
for name, size in (("float32", 4), ("float64", 8)):
    coo_cross = size / (16 + size)
    csr_cross = (n * size - 8) / (n * (8 + size))
    print(f"{name}: COO < dense below d = {coo_cross:.3f}, CSR < dense below d = {csr_cross:.3f}")
print(f"CSR < COO above nse = m = {m}, i.e. d > {m / (m * n):g}")

# %%
# Formulas against real tensors
# -----------------------------
#
# The lines below are the formulas, divided by the dense size. The markers are measurements:
# for random 300 × 300 float32 matrices of growing density, built and converted live, the
# bytes of the arrays each tensor actually holds (the sum of their ``nbytes``), not what
# ``memory_bytes()`` reports. They agree exactly for COO, and up to the 8 bytes of CSR's last
# pointer, a relative difference too small to see.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

side = 300
densities = np.linspace(0.0, 0.6, 31)
measured = {"COO": [], "CSR": []}
nse_points = []
for d in densities:
    matrix = np.where(rng.random((side, side)) < d, 1.0, 0.0).astype(np.float32)
    sparse = COO(np.stack(np.nonzero(matrix)), matrix[matrix != 0], matrix.shape)
    compressed = sparse.to_sparse_csr()
    nse_points.append(sparse.nnz)
    measured["COO"].append(sparse.indices().nbytes + sparse.values().nbytes)
    csr_arrays = (compressed.crow_indices(), compressed.col_indices(), compressed.values())
    measured["CSR"].append(sum(a.nbytes for a in csr_arrays))
nse_points = np.array(nse_points)
formula = {
    "COO": (2 * 8 + itemsize) * nse_points,
    "CSR": 8 * side + (8 + itemsize) * nse_points,
}
for name in ("COO", "CSR"):
    excess = set((np.array(measured[name]) - formula[name]).tolist())
    print(f"{name}: measured bytes - formula = {excess} at all {densities.size} densities")

dense_size = side * side * itemsize
real_density = nse_points / side**2
fig, ax = plt.subplots(figsize=(5, 4))
ax.plot(real_density, formula["COO"] / dense_size, "C6--", lw=1.5, label="COO formula")
ax.plot(real_density, formula["CSR"] / dense_size, "C6-", lw=1.5, label="CSR formula")
ax.plot(
    real_density, np.array(measured["COO"]) / dense_size, "C6s", mfc="white", label="COO arrays"
)
ax.plot(real_density, np.array(measured["CSR"]) / dense_size, "C6o", ms=4, label="CSR arrays")
ax.axhline(1.0, color="C6", ls=":", lw=1.5, label="dense")
# sphinx_gallery_start_ignore
for name, cross, where in (
    ("COO", 4 / 20, (0.02, 1.35)),
    ("CSR", (side * 4 - 8) / (side * 12), (0.4, 0.35)),
):
    ax.annotate(f"{name} = dense\nat $d$ = {cross:.3f}", (cross, 1.0), xytext=where,
                arrowprops=dict(arrowstyle="->", color="C6", lw=1))  # fmt: skip
ax.set(
    xlabel="density $d$ = nse / (m n)",
    ylabel="bytes / dense bytes",
    title="300 × 300 float32",
    ylim=(0, 3.1),
    xlim=(0, 0.6),
)
ax.legend(loc="upper left", ncols=2)
fig.set_label(
    "Memory of COO (dashed line, squares) and CSR (solid line, dots) relative to a dense "
    "300 by 300 float32 matrix, against density: the measured array sizes lie on the formula "
    "lines, which cross the dense level at densities of about 0.20 and 0.33."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * For float32, COO needs five times the bytes of a dense entry per stored element, so it only
#   pays below 20 % density; CSR pays below about a third.
# * CSR is cheaper than COO as soon as there are more stored elements than rows: by the
#   documentation's count when ``nse > m``, by the bytes of the arrays (``m + 1`` pointers)
#   when ``nse > m + 1``. In the worked example CSR needs 1.28 MB where COO needs 2 MB and
#   dense 400 MB.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse <https://pytorch.org/docs/stable/sparse.html>`_, the
#   memory notes in "Sparse COO tensors" and "Sparse CSR Tensor".
# * The article "【稀疏矩阵】使用torch.sparse模块", section 1.
