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
# of several runs, which filters out the runs another program interrupted. Both sides use one
# core: the dense product is numpy's ``np.vecdot(A, x)`` (one dot product per row), not the
# multi-threaded BLAS behind ``A @ x``, whose timings on a shared build machine swing by a
# factor of fifty whenever another program holds the second core. The sweep takes about a
# second.
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

# %%
# The picture
# -----------
#
# Dense time hardly moves with density: it reads every entry whatever its value. Sparse time
# grows with the number of stored elements, so the lines cross. Because each stored element
# costs a sparse kernel several times what a dense entry costs BLAS (an index to read, an
# indirect access), the crossing comes at a lower density than the memory break-even of the
# previous page. At high density CSC usually trails CSR (the last printed line says by how much
# in this build): its product scatters into the output rows, while CSR's gathers from ``x``.
import matplotlib.pyplot as plt

COLORS = {"dense": "0.35", "CSR": "#009E73", "CSC": "#CC79A7"}  # as on the other pages
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
for name, t in timings.items():
    ax.loglog(densities, t * 1e3, marker="o", color=COLORS[name], lw=2, label=name)
if crossover is not None:
    ax.axvline(crossover, color="0.6", ls=":", lw=1)
_ = ax.set(
    xlabel="density $d$",
    ylabel="time of $Ax$ (ms, best of 11)",
    title=f"{side} × {side} float64: sparse vs dense matrix-vector product",
)
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
#
# * At low density a sparse product is several times faster; it does work only for the stored
#   elements (at the lowest densities what is left is Python's fixed cost per call).
# * The dense product wins from the crossing density printed above (typically around ten
#   percent on the machine that builds this site), below the density at which the dense layout
#   stops being the cheaper one in memory (20 to 33 % for float32, more for float64).
# * Timings depend on the machine and its load; every number above was measured when this page
#   was built, and the verdicts are printed from those measurements, not written in advance.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Why and when to use sparsity"
#   <https://pytorch.org/docs/stable/sparse.html>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块".
