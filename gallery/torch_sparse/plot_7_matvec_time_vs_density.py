"""
======================================================
Matrix-vector products: when does sparse pay off?
======================================================

Memory is one reason to store a matrix sparse; time is the other. A sparse product does one
multiply-add per stored element, a dense one does one per entry but with a tight, vectorised
loop. This page measures both, live, for a 1000 × 1000 matrix as its density grows, and
reports from those measurements whether, and where, the dense product caught up.
"""

# %%
# The measurement
# ---------------
#
# For each density, a random float64 matrix with that fraction of non-zeros is stored dense
# and as CSR and CSC (:mod:`sparsenorm.sparse`), and ``A @ x`` is timed for each: the fastest
# of eleven runs. Interruptions by other programs only add time, so the fastest run is the
# best estimate of the undisturbed time, and equals it if at least one of the eleven ran
# undisturbed. The dense product is numpy's ``np.vecdot(A, x)`` (one dot product per row),
# the sparse ones are sparsenorm's numpy code. None of them is promised to run on one thread:
# numpy may hand dot products to its BLAS library, which may use several, one more thing
# these timings depend on.
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
csr_memory_break_even = (side * 8 - 8) / (side * (8 + 8))  # float64, previous page's formula
nse_last = csr.nnz


def compared(t_a, t_b):
    """'faster', 'slower' or 'as fast': how time t_a compares with time t_b."""
    return "faster" if t_a < t_b else "slower" if t_a > t_b else "as fast"


def first_dense_win(densities, timings):
    """The first density at which the dense product was faster than CSR, or None."""
    dense_faster = timings["dense"] < timings["CSR"]
    return densities[np.argmax(dense_faster)] if dense_faster.any() else None


def verdicts(densities, timings, nse_last, side, break_even):
    """Every conclusion this page draws, computed from the measured ``timings``."""
    t_dense, t_csr, t_csc = timings["dense"], timings["CSR"], timings["CSC"]
    lines = []
    for k in (0, -1):
        ratio = t_csr[k] / t_dense[k]
        verdict = compared(t_csr[k], t_dense[k])
        lines.append(
            f"at density {densities[k]:g}, CSR is {verdict} than dense "
            f"(it takes {ratio:.2g}x the time)"
        )
    crossover = first_dense_win(densities, timings)
    if crossover is None:
        lines.append("dense was faster than CSR at no density of the grid")
    else:
        stays = bool(np.all(t_dense[densities >= crossover] < t_csr[densities >= crossover]))
        side_of = "below" if crossover < break_even else "not below"
        lines.append(f"dense first faster than CSR at d = {crossover:.2g}")
        lines.append(f"dense faster at every higher density of the grid too: {stays}")
        lines.append(f"that is {side_of} CSR's float64 memory break-even {break_even:.4f}")
    csc_vs_csr = t_csc[-1] / t_csr[-1]
    verdict = compared(t_csc[-1], t_csr[-1])
    lines.append(
        f"at density {densities[-1]:g}, CSC takes {csc_vs_csr:.2g}x the time of CSR ({verdict})"
    )
    per_element, per_entry = t_csr[-1] / nse_last, t_dense[-1] / side**2
    lines.append(
        f"at density {densities[-1]:g}: {per_element * 1e9:.2g} ns per stored element (CSR), "
        f"{per_entry * 1e9:.2g} ns per entry (dense)"
    )
    lines.append(f"so a stored element costs {per_element / per_entry:.2g}x an entry")
    return lines


crossover = first_dense_win(densities, timings)
print("\n".join(verdicts(densities, timings, nse_last, side, csr_memory_break_even)))

# %%
# The picture
# -----------
#
# The dense product does the same work at every density: it reads every entry, whatever its
# value. The sparse product does one multiply-add per stored element, so its work grows with
# the density. Were each time proportional to its work, the lines would cross where the
# density equals the cost of one dense entry divided by the cost of one stored element (an
# index to read, an indirect access to ``x``): below 1 exactly when a stored element costs
# more, and possibly below one half, the density up to which the float64 CSR layout of this
# matrix saves memory (previous page). Real timings need not be proportional to the work,
# so what happened in this build is what is printed above: which product was faster at
# either end of the grid, where the dense one first won (if it did) and whether it stayed
# ahead, and the two costs compared. CSR and CSC do the same arithmetic in different
# orders: CSR's product gathers from ``x`` row by row, CSC's scatters each column into the
# output rows; how the two compared at the highest density is printed too.
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
crossing = (
    "the dense product was faster than CSR at no density"
    if crossover is None
    else f"the dense product was first faster than CSR at density {crossover:.2g} (grey line)"
)
fig.set_label(
    f"Time of a matrix-vector product with a {side} by {side} float64 matrix against its "
    "density, on log scales, measured when this page was built, for dense (squares), CSR "
    f"(circles) and CSC (triangles) storage; {crossing}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * The sparse product's work grows with the stored elements, the dense product's with the
#   size of the matrix. Which was faster at each density is measured, not derived: the
#   verdicts printed above say it for the build that made this page.
# * Where the dense product first won in that build, if it did, is printed above, with
#   whether it stayed ahead at every higher density. The number to compare it with is the
#   memory break-even of the matrix actually timed, float64: about 0.33 for COO and 0.5 for
#   CSR (for float32 they would be 0.2 and 0.33).
# * Timings depend on the machine and its load; every number above was measured when this page
#   was built, and every verdict is printed by ``verdicts`` from those measurements, not
#   written in advance.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse, "Why and when to use sparsity"
#   <https://pytorch.org/docs/stable/sparse.html>`_.
# * The article "【稀疏矩阵】使用torch.sparse模块".
