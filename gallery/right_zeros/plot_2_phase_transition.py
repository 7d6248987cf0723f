r"""
===========================================
The phase transition of basis pursuit
===========================================

The previous page recovered one sparse vector from 40 random measurements. How many are
needed? For a Gaussian matrix the answer is a threshold that is computable and becomes sharp
as :math:`N` grows: at fixed ratios :math:`k/N` and :math:`n/N`, the probability of
recovery tends to 0 below it and to 1 above it. At a finite :math:`N` such as this page's
100, the probability instead falls over a band of :math:`n` around the threshold, and the
last section compares the measured 50 % points with how far from the curve a theorem lets
them lie. This page
draws the Donoho–Tanner phase diagram, with undersampling :math:`\delta = n/N` across and
sparsity :math:`\rho = k/n` up, measures the probability of exact recovery over repeated
random trials, and overlays the curve predicted by the statistical dimension of Amelunxen,
Lotz, McCoy and Tropp (2014). As on the previous page, :math:`A` plays the role of the data
and :math:`x` that of the weights (:ref:`notation`).
"""

# %%
# The predicted curve
# -------------------
# Basis pursuit recovers :math:`x` as its unique solution exactly when every direction
# :math:`h \ne 0` with :math:`Ah = 0` increases the norm, :math:`\|x + h\|_1 > \|x\|_1`:
# the null space of :math:`A` must meet the *descent cone* :math:`D` of the :math:`\ell_1`
# norm at :math:`x` only at 0. For a Gaussian :math:`A` that happens with high probability
# when :math:`n` exceeds the cone's *statistical dimension*, written
# :math:`\mathrm{sdim}(D)` here, by :math:`a_\eta\sqrt N`, and fails with probability at
# least :math:`1 - \eta` when :math:`n` is as far below it, with
# :math:`a_\eta = \sqrt{8\log(4/\eta)}` (Amelunxen et al., Theorem II; they write
# :math:`\delta(D)`, a :math:`\delta` unrelated to :math:`n/N`). For a vector with
# :math:`k` non-zeros among :math:`N`, their bound on the statistical dimension of the
# :math:`\ell_1` descent cone gives :math:`\mathrm{sdim}(D)` up to :math:`2\sqrt{N/k}`: it
# lies between :math:`N\psi(k/N) - 2\sqrt{N/k}` and :math:`N\psi(k/N)`, where
#
# .. math::
#
#    \psi(\varepsilon) = \inf_{\tau \ge 0}\; \varepsilon(1 + \tau^2) + (1 - \varepsilon)
#    \sqrt{2/\pi} \int_\tau^\infty (u - \tau)^2 e^{-u^2/2}\, du .
#
# As :math:`N \to \infty` with :math:`k/N` fixed, the transition is therefore at
# :math:`n/N = \psi(k/N)`; in the coordinates of the diagram, with :math:`k/N = \rho\delta`,
# it is the curve :math:`\delta = \psi(\rho\delta)`. The code computes :math:`\psi` as
# written, with numerical quadrature and a one-dimensional minimisation (the function of
# :math:`\tau` is convex), and inverts it by root finding at the five :math:`\delta` of
# the table.
import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq, minimize_scalar


def psi(eps):
    """The normalised statistical dimension of the l1 descent cone at sparsity eps = k/N."""

    def objective(tau):
        tail = quad(lambda u: (u - tau) ** 2 * np.exp(-(u**2) / 2), tau, np.inf)[0]
        return eps * (1 + tau**2) + (1 - eps) * np.sqrt(2 / np.pi) * tail

    return minimize_scalar(objective, bounds=(0, 10), method="bounded").fun


def rho_theory(delta):
    """The rho = k/n of the predicted transition at delta = n/N (solves psi(rho delta) = delta)."""
    return brentq(lambda eps: psi(eps) - delta, 1e-6, delta, xtol=1e-12) / delta


eps_curve = np.linspace(0.002, 0.995, 50)
delta_curve = np.array([psi(eps) for eps in eps_curve])
rho_curve = eps_curve / delta_curve

table_deltas = [0.1, 0.25, 0.5, 0.75, 0.9]
rho_pred = {delta: rho_theory(delta) for delta in table_deltas}
print("delta  predicted rho = k/n")
for delta, rho in rho_pred.items():
    print(f"{delta:5.2f}  {rho:.4f}")

# %%
# Measuring the transition
# ------------------------
# Two facts make the experiment cheap. First, whether basis pursuit recovers :math:`x`
# depends only on the support :math:`S` of :math:`x` and its signs, not on the sizes of its
# entries (the descent cone depends on nothing else), so the non-zeros can be :math:`\pm 1`.
# Second, recovery is *monotone* along nested supports: if basis pursuit recovers (as the
# unique minimiser) every vector with support :math:`S` and signs :math:`s`, it recovers
# every vector supported on a subset :math:`S' \subset S` with the same signs. Proof: if
# some :math:`z \ne x'` had :math:`Az = Ax'` and :math:`\|z\|_1 \le \|x'\|_1`, add to both
# a vector :math:`w` supported on :math:`S \setminus S'` with signs :math:`s`; then
# :math:`x' + w` has support :math:`S` and signs :math:`s`, and :math:`z + w \ne x' + w`
# has the same measurements and :math:`\|z + w\|_1 \le \|z\|_1 + \|w\|_1 \le \|x'\|_1 +
# \|w\|_1 = \|x' + w\|_1` (disjoint supports), so :math:`x' + w` would not be the unique
# minimiser.
#
# So for one matrix, one random order of the coordinates and one random sign per coordinate,
# the vectors :math:`x^{(k)}` made of the first :math:`k` coordinates are recovered exactly
# for :math:`k = 0, 1, \dots, k^*` and for no larger :math:`k` (:math:`k > n` never: then
# :math:`A_S` has a null space, and :math:`x` is not the unique minimiser). A bisection finds
# :math:`k^*` with about :math:`\log_2 n` linear programs, and each trial then gives one
# draw of the success indicator at *every* sparsity: the fraction of trials with
# :math:`k^* \ge k` estimates the probability of recovery at :math:`k`, for every :math:`k`.
# A trial counts as recovered when basis pursuit returns :math:`x` to within
# :math:`10^{-6}`; the errors of all the linear programs, printed below, fall far on either
# side of that threshold, so its exact value does not matter.
#
# The sizes are chosen to run in a few seconds: :math:`N = 100`, seven values of
# :math:`\delta`, 12 trials for each, so each shade of the diagram below is a fraction of
# 12 trials, with a standard error of at most :math:`1/(2\sqrt{12}) \approx 0.14`. The
# entries of :math:`A` have variance :math:`1/n`; the scale of :math:`A` changes neither
# its null space nor the solution.
import sparsenorm as sn

errors = []


def recovered(A, x):
    errors.append(np.abs(sn.basis_pursuit(A, A @ x).coef - x).max())
    return errors[-1] <= 1e-6


def largest_recovered_k(A, order, signs):
    """Bisection for k*, knowing that k = 0 is recovered and k = n + 1 is not."""
    lo, hi = 0, A.shape[0] + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        x = np.zeros(A.shape[1])
        x[order[:mid]] = signs[:mid]
        lo, hi = (mid, hi) if recovered(A, x) else (lo, mid)
    return lo


rng = np.random.default_rng(0)
N, n_trials = 100, 12
deltas = [0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9]
k_star = {}
for delta in deltas:
    n = round(delta * N)
    k_star[delta] = np.array(
        [
            largest_recovered_k(
                rng.standard_normal((n, N)) / np.sqrt(n),
                rng.permutation(N),
                rng.choice([-1.0, 1.0], size=N),
            )
            for _ in range(n_trials)
        ]
    )
errors = np.array(errors)
print(f"{errors.size} linear programs")
print(f"largest error of a recovery: {errors[errors <= 1e-6].max():.1e}")
print(f"smallest error of a failure: {errors[errors > 1e-6].min():.2f}")

# %%
# The empirical 50 % point at each :math:`\delta` is the median of :math:`k^*` divided by
# :math:`n`: the sparsity at which half the trials still recover. Its uncertainty comes
# from the order statistics of the 12 trials: the interval from the 3rd smallest to the 3rd
# largest :math:`k^*` contains the median of the distribution of :math:`k^*` with probability
# at least
# :math:`1 - 2 P(\mathrm{Bin}(12, 1/2) \le 2)`, printed below, whatever the distribution
# of :math:`k^*`. The last two columns are the differences from the curve: in :math:`\rho`
# at fixed :math:`n`, and in :math:`\delta` at fixed :math:`k`
# (:math:`\delta - \psi(\rho\delta)`, in measurements divided by :math:`N`).
from math import comb

j = 3
coverage = 1 - 2 * sum(comb(n_trials, i) for i in range(j)) / 2**n_trials
print(f"coverage of the order-statistic interval: {coverage:.3f}")
print("                  rho = k/n, 50 % point                  difference")
print("delta    n  predicted  empirical      interval         rho    delta")
for delta in table_deltas:
    n = round(delta * N)
    ks = np.sort(k_star[delta])
    rho_50 = np.median(ks) / n
    low, high = ks[j - 1] / n, ks[n_trials - j] / n
    print(
        f"{delta:5.2f}  {n:3d}  {rho_pred[delta]:9.4f}  {rho_50:9.4f}  "
        f"[{low:.3f}, {high:.3f}]  {rho_50 - rho_pred[delta]:+7.4f}  "
        f"{delta - psi(rho_50 * delta):+7.4f}"
    )

# %%
# The diagram: each column is one :math:`\delta`, shaded by the fraction of trials that
# recovered :math:`x` at each :math:`\rho = k/n` (white: all, dark: none); the dots are the
# empirical 50 % points with their intervals, the line is the predicted curve.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, ax = plt.subplots(figsize=(5, 4.2))
edges = np.r_[0.0, (np.array(deltas[1:]) + deltas[:-1]) / 2, 1.0]
for left, right, delta in zip(edges[:-1], edges[1:], deltas, strict=True):
    n = round(delta * N)
    ks = np.arange(1, n + 1)
    success = (k_star[delta][:, None] >= ks).mean(axis=0)
    ax.pcolormesh([left, right], np.r_[ks - 0.5, n + 0.5] / n, success[:, None],
                  cmap="Greys_r", vmin=0, vmax=1, shading="flat")  # fmt: skip
medians = [np.median(k_star[d]) / round(d * N) for d in deltas]
ax.plot(delta_curve, rho_curve, "C6-", label="predicted (N → ∞)")
ax.plot(deltas, medians, "C0o", label="empirical 50 %")
# sphinx_gallery_start_ignore
ax.plot(delta_curve, rho_curve, color="white", lw=5, zorder=2)
ax.lines[-1].set_zorder(2)
for line in ax.lines[:2]:
    line.set_zorder(3)
for delta in deltas:
    n = round(delta * N)
    ks = np.sort(k_star[delta])
    ax.plot([delta, delta], [ks[j - 1] / n, ks[n_trials - j] / n], "C0-", lw=2, zorder=3)
ax.lines[1].set_markeredgecolor("white")
ax.set(xlabel=r"$\delta = n/N$", ylabel=r"$\rho = k/n$", xlim=(0, 1), ylim=(0, 1))
ax.grid(False)
ax.legend(loc="upper left")
fig.set_label(
    "The phase diagram of basis pursuit for 100 unknowns: seven vertical strips, white where "
    "every trial recovered the sparse vector and dark where none did, with a sharp change in "
    "between. The predicted curve, rising from the lower left to the upper right, runs "
    "through the change, and the empirical 50 percent points lie on or near it."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# How far apart, and why
# ----------------------
# The differences between the two columns of the table come from three sources.
#
# * **Sampling.** Each empirical point is the median of 12 trials; the intervals printed
#   above are its uncertainty, and every predicted value lies inside its interval. At this
#   :math:`N` the differences are no larger than what 12 trials can resolve.
# * **Integer sizes.** At :math:`\delta = 0.1` there are :math:`n = 10` measurements, so
#   :math:`\rho = k/10` moves in steps of 0.1, about half the predicted value, and the
#   empirical 50 % point, the median of 12 integers :math:`k^*` divided by 10 (the mean of
#   the 6th and 7th, possibly a half-integer), in steps of 0.05.
# * **Finite** :math:`N`. The curve is a limit. At finite :math:`N` the probability of
#   recovery does not jump but falls over a band of measurements, and Theorem II of
#   Amelunxen et al. bounds the band: with :math:`n \le \mathrm{sdim}(D) - a_\eta\sqrt N`
#   measurements success has probability at most :math:`\eta`, with
#   :math:`n \ge \mathrm{sdim}(D) + a_\eta\sqrt N` at least :math:`1 - \eta`, where
#   :math:`a_\eta = \sqrt{8\log(4/\eta)}`: the band where the probability may lie
#   strictly between :math:`\eta` and :math:`1 - \eta` is at most :math:`2a_\eta\sqrt N`
#   measurements wide. For :math:`\eta = 1/2` that places the 50 %
#   point, for each :math:`k`, within :math:`a_{1/2}\sqrt N` measurements of
#   :math:`\mathrm{sdim}(D)`, which the :math:`\ell_1` bound places within
#   :math:`2\sqrt{N/k}` below
#   :math:`N\psi(k/N)`. In :math:`\delta`, that is within :math:`a_{1/2}/\sqrt N` of the
#   curve (and up to :math:`2/\sqrt{kN}` further to the left): printed below, far more than
#   the differences in :math:`\delta` in the table, and a bound that shrinks like
#   :math:`1/\sqrt N`. At :math:`N = 100` that guarantee is weak (:math:`2a_{1/2}\sqrt N`
#   is about 82 measurements, most of the range of :math:`n`), and the measured 50 % points
#   are much closer to the curve than it requires.
print(f"a_(1/2) / sqrt(N) = {np.sqrt(8 * np.log(8)) / np.sqrt(N):.3f}")

# %%
# Takeaways
# ---------
# * For Gaussian measurements, exact recovery by basis pursuit is governed by one number:
#   with :math:`n` comfortably above the statistical dimension of the :math:`\ell_1`
#   descent cone (about :math:`N\psi(k/N)`) it succeeds with high probability, comfortably
#   below it it fails with high probability, where "comfortably" is a margin of
#   :math:`a_\eta\sqrt N` measurements for probability :math:`1 - \eta`. Between, the
#   probability falls over a band at most :math:`2a_\eta\sqrt N` measurements wide, so
#   the transition becomes sharp in :math:`\delta` and :math:`\rho` as :math:`N` grows.
#   At :math:`N = 100` the band the theorem allows is wide (about 82 measurements for
#   :math:`\eta = 1/2`), and the measured 50 % points lie much closer to the curve than
#   it requires; this page does not measure the width of the band itself.
# * The predicted curve comes from a formula with one minimisation in it; at
#   :math:`N = 100` the measured 50 % points agree with it to within the uncertainty of
#   12 trials.
# * Recovery depends only on the support and signs of :math:`x` and is monotone along nested
#   supports; that is what lets one trial measure every sparsity at once.

# %%
# References
# ----------
# * D. Amelunxen, M. Lotz, M. B. McCoy, J. A. Tropp, "Living on the edge: phase transitions
#   in convex programs with random data", *Information and Inference* 3(3), 2014
#   (`arXiv:1303.6672 <https://arxiv.org/abs/1303.6672>`_): Theorem II and the bound on the
#   statistical dimension of the :math:`\ell_1` descent cone.
# * D. L. Donoho, J. Tanner, "Observed universality of phase transitions in
#   high-dimensional geometry, with implications for modern data analysis and signal
#   processing", *Philosophical Transactions of the Royal Society A* 367, 2009.
# * D. L. Donoho, J. Tanner, "Counting faces of randomly projected polytopes when the
#   projection radically lowers dimension", *Journal of the AMS* 22(1), 2009 (the
#   asymptotic threshold from the combinatorics of random polytopes).
