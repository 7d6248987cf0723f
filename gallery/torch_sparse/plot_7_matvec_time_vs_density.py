"""
======================================================
Matrix-vector products: when does sparse pay off?
======================================================

Memory is one reason to store a matrix sparse; time is the other. A sparse product does one
multiply-add per stored element, a dense one does one per entry but with a tight, vectorised
loop. This page measures both, live, for a 1000 × 1000 matrix as its density grows, and finds
where the dense product catches up.
"""

# %%
# The measurement
# ---------------
#
# For each density, a random float64 matrix with that fraction of non-zeros is stored dense
# and as CSR and CSC (:mod:`sparsenorm.sparse`), and ``A @ x`` is timed for each: the fastest
# of eleven runs, which filters out the runs another program interrupted. Both sides are
# single-threaded numpy code: the dense product is numpy's ``np.vecdot(A, x)`` (one dot
# product per row), not the BLAS behind ``A @ x``, which may use several threads and whose
# timings on a shared build machine depend on what else is running.
import time

import numpy as np

from sparsenorm.sparse import to_sparse_csr

rng = np.random.default_rng(0)
side = 1000
densities = np.geomspace(1e-4, 0.5, 10)
x = rng.standard_normal(side)


def best_seconds(fn, repeat=11):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


timings = {"dense": [], "CSR": [], "CSC": []}
for d in densities:
    A = np.where(rng.random((side, side)) < d, rng.standard_normal((side, side)), 0.0)
    csr = to_sparse_csr(A)
    csc = csr.to_sparse_csc()
    assert np.allclose(csr @ x, A @ x) and np.allclose(csc @ x, A @ x)
    timings["dense"].append(best_seconds(lambda A=A: np.vecdot(A, x)))
    timings["CSR"].append(best_seconds(lambda csr=csr: csr @ x))
    timings["CSC"].append(best_seconds(lambda csc=csc: csc @ x))
timings = {name: np.array(t) for name, t in timings.items()}

print(f"{'density':>9} {'dense':>9} {'CSR':>9} {'CSC':>9}  dense / CSR")
for k, d in enumerate(densities):
    print(
        f"{d:9.2g} {timings['dense'][k] * 1e3:8.3f}ms {timings['CSR'][k] * 1e3:8.3f}ms "
        f"{timings['CSC'][k] * 1e3:8.3f}ms  {timings['dense'][k] / timings['CSR'][k]:8.1f}x"
    )
sparse_wins = timings["CSR"] < timings["dense"]
crossover = densities[np.argmin(sparse_wins)] if not sparse_wins.all() else None
for d, t_csr, t_dense in zip(
    densities[[0, -1]], timings["CSR"][[0, -1]], timings["dense"][[0, -1]], strict=True
):
    verdict = "faster" if t_csr < t_dense else "slower"
    print(f"at density {d:g}, CSR is {verdict} than dense ({t_dense / t_csr:.2g}x)")
if crossover is not None:
    print(f"first density where dense wins: {crossover:.2g}")
csc_vs_csr = timings["CSC"][-1] / timings["CSR"][-1]
print(f"at density {densities[-1]:g}, CSC takes {csc_vs_csr:.2g}x the time of CSR")
nse_last = csr.nnz
per_element = timings["CSR"][-1] / nse_last
per_entry = timings["dense"][-1] / side**2
print(
    f"at density {densities[-1]:g}: {per_element * 1e9:.2g} ns per stored element (CSR), "
    f"{per_entry * 1e9:.2g} ns per entry (dense)"
)
csr_memory_break_even = (side * 8 - 8) / (side * (8 + 8))  # float64, previous page's formula
if crossover is not None:
    side_of = "below" if crossover < csr_memory_break_even else "not below"
    print(
        f"dense wins first at d = {crossover:.2g}, {side_of} CSR's float64 memory "
        f"break-even {csr_memory_break_even:.4f}"
    )

# %%
# The picture
# -----------
#
# Dense time hardly moves with density: it reads every entry whatever its value. Sparse time
# grows with the number of stored elements, so the lines cross. Each stored element costs the
# sparse product more than one entry costs the dense loop (an index to read, an indirect
# access to ``x``; the last line printed above compares the two at the highest density), so
# the dense product catches up while the sparse layout still saves memory: the float64 CSR
# layout of this matrix is smaller than the dense one up to a density of about one half
# (previous page), and the printed comparison says where this build's crossing falls. At high
# density CSC trailed CSR in this build (printed above): its product scatters into the output
# rows, while CSR's gathers from ``x``.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

styles = {"dense": "C6:s", "CSR": "C6-o", "CSC": "C6--^"}
fig, ax = plt.subplots(figsize=(5, 4))
for name, t in timings.items():
    ax.loglog(densities, t * 1e3, styles[name], label=name, mfc="white")
# sphinx_gallery_start_ignore
if crossover is not None:
    ax.axvline(crossover, color="0.6", ls="-", lw=1)
ax.set(
    xlabel="density $d$",
    ylabel="time of $Ax$ (ms, best of 11)",
    title=f"{side} × {side} float64",
)
ax.legend()
fig.set_label(
    f"Time of a matrix-vector product with a {side} by {side} float64 matrix against its "
    "density, on log scales, measured when this page was built: dense (squares) stays flat, "
    "CSR (circles) and CSC (triangles) grow with the number of stored elements."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * At the lowest density the sparse product was the faster one by the factor printed above;
#   its work grows with the stored elements, the dense product's with the matrix size.
# * The dense product was faster from the first density printed above on this grid. The
#   number to compare it with is the memory break-even of the matrix actually timed, float64:
#   about 0.33 for COO and 0.5 for CSR (for float32 they would be 0.2 and 0.33).
# * Timings depend on the machine and its load; every number above was measured when this page
#   was built, and the verdicts are printed from those measurements, not written in advance.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Why and when to use sparsity"
#   <https://pytorch.org/docs/stable/sparse.html>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块".
