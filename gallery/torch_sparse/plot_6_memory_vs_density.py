"""
===========================================
Memory: dense, COO and CSR as density grows
===========================================

PyTorch's documentation counts the bytes each layout needs and works one example through: a
10 000 × 10 000 float32 matrix with 100 000 non-zeros. This page derives that example from the
formulas, checks the formulas against the arrays :mod:`sparsenorm.sparse` actually holds, and
draws the three costs against density to show where each layout wins.
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
# (The pointer array really has ``m + 1`` entries; the documentation's formula leaves out those
# last 8 bytes, and so does :meth:`~sparsenorm.sparse.CSR.memory_bytes`.)
#
# The worked example
# ------------------
#
# Build the 10 000 × 10 000 matrix with 100 000 float32 non-zeros at random distinct positions,
# and ask each layout for its bytes; the dense size is computed, not allocated.
import numpy as np

from sparsenorm.sparse import COO

rng = np.random.default_rng(0)
m = n = 10_000
nse = 100_000
itemsize = np.dtype(np.float32).itemsize
flat = rng.choice(m * n, size=nse, replace=False)
coo = COO(np.stack(np.unravel_index(flat, (m, n))), rng.standard_normal(nse, np.float32), (m, n))
csr = coo.to_sparse_csr()

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

# %%
# The documentation rounds these to a 200-fold saving for COO, and 1.6-fold (over COO) and
# 310-fold (over dense) savings for CSR; the exact ratios are 200, 1.5625 and 312.5.
#
# Where each layout wins
# ----------------------
#
# Dividing by the dense size turns the formulas into lines in the density
# :math:`d = \text{nse} / (mn)`. COO beats dense while :math:`(16 + s)\,d < s`, i.e. below
# :math:`d = s / (16 + s)`; CSR beats dense below about :math:`s / (8 + s)` (the pointers add
# :math:`8/(ns)`, negligible for wide matrices); CSR beats COO as soon as
# :math:`\text{nse} > m`, one element per row on average.
for name, size in (("float32", 4), ("float64", 8)):
    coo_cross = size / (16 + size)
    csr_cross = (n * size - 8) / (n * (8 + size))
    print(f"{name}: COO < dense below d = {coo_cross:.3f}, CSR < dense below d = {csr_cross:.3f}")
print(f"CSR < COO above nse = m = {m}, i.e. d > {m / (m * n):g}")

# %%
# Measured on real tensors
# ------------------------
#
# The curves below are not the formulas: each point is ``memory_bytes()`` of a random 300 × 300
# float32 matrix of that density, built and converted live, against the dense ``nbytes``.
import matplotlib.pyplot as plt

COLORS = {"dense": "0.35", "COO": "#E69F00", "CSR": "#009E73"}  # as on the other pages
side = 300
densities = np.linspace(0.0, 0.6, 31)
measured = {"dense": [], "COO": [], "CSR": []}
real_density = []
for d in densities:
    matrix = np.where(rng.random((side, side)) < d, 1.0, 0.0).astype(np.float32)
    sparse = COO(np.stack(np.nonzero(matrix)), matrix[matrix != 0], matrix.shape)
    real_density.append(sparse.density)
    measured["dense"].append(matrix.nbytes)
    measured["COO"].append(sparse.memory_bytes())
    measured["CSR"].append(sparse.to_sparse_csr().memory_bytes())

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
actual = {k: np.array(v) / measured["dense"][0] for k, v in measured.items()}
for name, values in actual.items():
    ax.plot(real_density, values, color=COLORS[name], lw=2, label=name, marker=".")
for name, cross in (("COO", 4 / 20), ("CSR", (side * 4 - 8) / (side * 12))):
    ax.axvline(cross, color=COLORS[name], ls=":", lw=1)
    ax.annotate(f"{name} = dense\n$d$ = {cross:.3f}", (cross, 2.2), xytext=(4, 0),
                textcoords="offset points", color=COLORS[name], fontsize=8)  # fmt: skip
_ = ax.set(
    xlabel="density $d$ = nse / (m n)",
    ylabel="bytes / dense bytes",
    title="300 × 300 float32: memory relative to dense",
    ylim=(0, 2.6),
)
ax.legend(loc="upper left")
plt.show()

# %%
# Takeaways
# ---------
#
# * For float32, COO needs five times the bytes of a dense entry per stored element, so it only
#   pays below 20 % density; CSR pays below about a third.
# * CSR is cheaper than COO whenever there is more than one stored element per row, which is
#   nearly always; in the worked example it needs 1.28 MB where COO needs 2 MB and dense 400 MB.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse <https://pytorch.org/docs/stable/sparse.html>`_, the
#   memory notes in "Sparse COO tensors" and "Sparse CSR Tensor".
# * The article "【稀疏矩阵】使用torch.sparse模块", section 1.
