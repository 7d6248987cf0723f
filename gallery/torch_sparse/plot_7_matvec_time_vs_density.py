"""
======================================================
Matrix-vector products: when does sparse pay off?
======================================================

Memory is one reason to store a matrix sparse; time is the other. A sparse product does one
multiply-add per stored element, a dense one does one per entry but with a tight, vectorised
loop. This page measures both, live, for a 1000 × 1000 matrix as its density grows, with
sparsenorm's CSR and CSC products, scipy's and PyTorch's CSR products side by side, and
reports from those measurements whether, and where, the dense product caught up.
"""

# %%
# The measurement
# ---------------
#
# For each density, a random float64 matrix with that fraction of non-zeros is stored dense,
# as CSR and CSC (:mod:`sparsenorm.sparse`), as a ``scipy.sparse.csr_array`` and as a torch
# CSR tensor, and ``A @ x`` is timed for each: the fastest of eleven runs, after one untimed
# call. Other programs, interrupts and cache misses mostly add time, so the minimum estimates
# the time of a call with warm caches and as little interference as the eleven runs met; it
# is no measurement of a machine with nothing else running, and on a loaded machine it can
# still include some interference. The dense product is numpy's ``np.vecdot(A, x)`` (one dot
# product per row). What runs behind each sparse product: sparsenorm's CSR product of these
# float64 operands hands its three arrays, uncopied, to scipy's compiled ``csr_matvec``, the
# loop scipy's own ``csr_array @ x`` runs (in other cases it runs numpy code, a gather from
# ``x`` and ``np.add.reduceat`` per row: without scipy's compiled kernels, for values other
# than float32 and float64, for an ``x`` of another dtype than the values, for an empty
# matrix, and in float64 for a float32 product whose compiled result is not finite, which is
# then rounded once to float32); sparsenorm's CSC product of these operands hands its three
# arrays, uncopied, to scipy's compiled ``csc_matvec``, the loop scipy's own
# ``csc_array @ x`` runs (in the same other cases it runs numpy code: ``np.repeat`` of ``x``
# per column and a scatter into the rows, ``np.bincount`` for floating results). Every column
# is multiplied, also where ``x`` is zero, as in the dense product (a stored infinity times 0
# is NaN). torch's CSR product calls Intel MKL's sparse matrix-vector routine (this CPU wheel
# is built with MKL). ``csr_matvec`` is one C++ template: it runs with int64 indices on
# sparsenorm's arrays and with int32 ones on the ``csr_array`` built here, so the times of
# scipy's and sparsenorm's CSR differ by the work around the loop and by the width of the
# indices it reads, not by the algorithm. torch is timed on one thread
# (``torch.set_num_threads(1)``, its setting restored afterwards), as scipy's sparse product
# and numpy's element-wise loops run; on a shared machine torch's thread pool can wait for a
# descheduled thread. numpy may still hand the dot products of ``vecdot`` to its BLAS
# library, which may use several threads, one more thing these timings depend on.
import time

import numpy as np
import scipy.sparse
import torch

from sparsenorm.sparse import to_sparse_csr

rng = np.random.default_rng(0)
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: CSR/CSC support "in beta", invariant checks off by default
warnings.filterwarnings("ignore", "Sparse (CSR|CSC) tensor support is in beta", UserWarning)
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
side = 1000
densities = np.geomspace(1e-4, 0.5, 10)
x = rng.standard_normal(side)
x_t = torch.from_numpy(x)
threads = torch.get_num_threads()
torch.set_num_threads(1)
print("torch threads while timing:", torch.get_num_threads())


def best_seconds(fn, repeat=11):
    fn()  # one untimed call
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


timings = {"dense": [], "CSR": [], "CSC": [], "scipy": [], "torch": []}
agree = []
for d in densities:
    A = np.where(rng.random((side, side)) < d, rng.standard_normal((side, side)), 0.0)
    csr = to_sparse_csr(A)  # sparsenorm
    csc = csr.to_sparse_csc()
    sp_csr = scipy.sparse.csr_array(A)  # scipy
    t_csr = torch.from_numpy(A).to_sparse_csr()  # PyTorch
    products = [np.vecdot(A, x), csr @ x, csc @ x, sp_csr @ x, (t_csr @ x_t).numpy()]
    agree.append(all(np.allclose(p, A @ x, rtol=1e-12, atol=1e-12) for p in products))
    timings["dense"].append(best_seconds(lambda A=A: np.vecdot(A, x)))
    timings["CSR"].append(best_seconds(lambda csr=csr: csr @ x))
    timings["CSC"].append(best_seconds(lambda csc=csc: csc @ x))
    timings["scipy"].append(best_seconds(lambda sp_csr=sp_csr: sp_csr @ x))
    timings["torch"].append(best_seconds(lambda t_csr=t_csr: t_csr @ x_t))
torch.set_num_threads(threads)
timings = {name: np.array(t) for name, t in timings.items()}
print("the five products agree at every density (to 1e-12):", all(agree))

print(f"{'density':>7}" + "".join(f"{name:>9}" for name in timings) + "  (ms)")
for k, d in enumerate(densities):
    print(f"{d:7.2g}" + "".join(f"{timings[name][k] * 1e3:9.3f}" for name in timings))
csr_memory_break_even = (side * 8 - 8) / (side * (8 + 8))  # float64, previous page's formula
nse_last = csr.nnz


def compared(t_a, t_b):
    """'faster', 'slower' or 'as fast': how time t_a compares with time t_b."""
    return "faster" if t_a < t_b else "slower" if t_a > t_b else "as fast"


def times(ratio):
    """``ratio`` to 3 significant digits, or more where 3 would print a ratio other than 1 as 1."""
    for digits in range(3, 18):
        text = f"{ratio:.{digits}g}"
        if (float(text) == 1.0) == (ratio == 1.0):
            return text
    return repr(ratio)


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
        than = "as" if verdict == "as fast" else "than"
        lines.append(
            f"at density {densities[k]:g}, CSR is {verdict} {than} dense "
            f"(it takes {times(ratio)}x the time)"
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
        f"at density {densities[-1]:g}, CSC takes {times(csc_vs_csr)}x the time of CSR ({verdict})"
    )
    for name in ("scipy", "torch"):
        for k in (0, -1):
            ratio = timings[name][k] / t_csr[k]
            verdict = compared(timings[name][k], t_csr[k])
            lines.append(
                f"at density {densities[k]:g}, {name}'s CSR takes {times(ratio)}x the time of "
                f"sparsenorm's ({verdict})"
            )
    per_element, per_entry = t_csr[-1] / nse_last, t_dense[-1] / side**2
    lines.append(
        f"at density {densities[-1]:g}: {per_element * 1e9:.2g} ns per stored element (CSR), "
        f"{per_entry * 1e9:.2g} ns per entry (dense)"
    )
    lines.append(f"so a stored element costs {times(per_element / per_entry)}x an entry")
    return lines


# %%
# The verdicts, printed from those timings (CSR and CSC are sparsenorm's; scipy's and torch's
# CSR products are compared with sparsenorm's CSR):
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
# output rows (two compiled loops of scipy's, ``csr_matvec`` and ``csc_matvec``); how the two
# compared at the highest density is printed too, as is how scipy's and torch's CSR products
# compared with sparsenorm's at either end.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

styles = {"dense": "C6:s", "CSR": "C6-o", "CSC": "C6--^", "scipy": "C6-.D", "torch": "C6:v"}
fig, ax = plt.subplots(figsize=(5, 4))
for name, t in timings.items():
    ax.loglog(densities, t * 1e3, styles[name], label=name, mfc="white", ms=5)
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
    "density, on log scales, measured when this page was built, for dense (squares), "
    "sparsenorm's CSR (circles) and CSC (triangles), scipy's CSR (diamonds) and torch's CSR "
    f"(downward triangles); {crossing}."
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
# * sparsenorm's CSR product and scipy's run the same compiled loop (scipy's ``csr_matvec``
#   template, with int64 indices for sparsenorm's arrays and int32 ones for scipy's on this
#   page), so their ratio printed above measures the work around that loop and the wider
#   indices; torch's calls Intel MKL's sparse matrix-vector routine (this CPU wheel is built
#   with MKL), and sparsenorm's CSC product runs scipy's ``csc_matvec``, the other loop (a
#   scatter into the rows). How far apart the times were in this build is printed above.
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
