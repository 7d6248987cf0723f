r"""
================================================
Recovering a sparse vector from few measurements
================================================

A vector :math:`x \in \mathbb{R}^N` with only :math:`k` non-zero entries is measured by
:math:`n < N` random linear measurements :math:`y = Ax`. The equations have infinitely many
solutions; which one a method picks decides whether its zeros are the right ones. Least squares
(the solution of smallest :math:`\ell_2` norm) is generically dense. Basis pursuit, the solution
of smallest :math:`\ell_1` norm, is :math:`x` itself, up to rounding, when :math:`n` is large
enough: for a Gaussian :math:`A` and :math:`N = 100`, in about half of the draws at the
threshold of the next page and in nearly all of them a few measurements above it (the last
section counts). The Lasso with a small strength is not a solution of the equations: it
minimises a penalised least-squares objective, so its fit leaves a small residual
:math:`Ax - y`; it comes close to :math:`x`, and here keeps one small wrong non-zero. In the
site's notation (:ref:`notation`) :math:`A` plays the role of the data :math:`X` and
:math:`x` that of the weights :math:`w`.
"""

# %%
# A sparse vector and random measurements
# ---------------------------------------
# :math:`N = 100` unknowns, :math:`k = 6` of them non-zero (at random positions, random signs,
# sizes between 1 and 2), and :math:`n = 40` measurements by a matrix with independent
# :math:`\mathcal{N}(0, 1/n)` entries (so its columns have length about 1). The formula of
# the next page puts the threshold for :math:`k = 6` and :math:`N = 100` near 23
# measurements: 40 is well above it.
import numpy as np

import sparsenorm as sn

rng = np.random.default_rng(0)
N, n, k = 100, 40, 6
A = rng.standard_normal((n, N)) / np.sqrt(n)
x_true = np.zeros(N)
support = np.sort(rng.choice(N, size=k, replace=False))
x_true[support] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(1.0, 2.0, size=k)
y = A @ x_true
print(f"A is {n} x {N}; x has {k} non-zeros, at {support.tolist()}")

# %%
# Two solutions of the equations, and a penalised fit
# ---------------------------------------------------
# * **Least squares**: :func:`numpy.linalg.lstsq` returns, among the solutions of
#   :math:`Ax = y`, the one of smallest :math:`\ell_2` norm,
#   :math:`A^\top (A A^\top)^{-1} y`.
# * **Basis pursuit**: :func:`sparsenorm.basis_pursuit` solves
#   :math:`\min \|x\|_1` subject to :math:`Ax = y` as a linear program (scipy's HiGHS).
# * **The Lasso** with a small strength :math:`\alpha = 10^{-3}`, on scikit-learn's scale:
#   :func:`sparsenorm.lasso` minimises
#   :math:`\frac{1}{2n}\|y - Ax\|_2^2 + \alpha\|x\|_1`. Its minimiser does not satisfy
#   :math:`Ax = y` for :math:`\alpha > 0` (the last column of the table: a residual of
#   order :math:`n\alpha`); it is a penalised fit, not a solution of the equations.
x_l2 = np.linalg.lstsq(A, y, rcond=None)[0]
bp = sn.basis_pursuit(A, y)
alpha = 1e-3
lasso = sn.lasso(A, y, alpha=alpha, fit_intercept=False, tol=1e-10)
solutions = {"least squares": x_l2, "basis pursuit": bp.coef, "Lasso": lasso.coef}

print(f"{'':14} {'non-zeros':>9} {'||x||_1':>8} {'max error':>10} {'||Ax-y||_inf':>13}")
print(f"{'true x':14} {k:9d} {np.abs(x_true).sum():8.4f}")
for name, x in solutions.items():
    print(
        f"{name:14} {np.count_nonzero(x):9d} {np.abs(x).sum():8.4f} "
        f"{np.abs(x - x_true).max():10.1e} {np.abs(A @ x - y).max():13.1e}"
    )

# %%
# The least-squares solution spreads the signal over all 100 entries; basis pursuit puts it
# back on the six where it was; the Lasso keeps the six, slightly shrunk, and adds a small
# wrong one. Only the entries that are not exactly zero are drawn.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, axes = plt.subplots(3, 1, figsize=(5, 7.5), sharex=True, sharey=True)
for ax, x, fmt in zip(axes, solutions.values(), ["C1-", "C0-", "C0--"], strict=True):
    nonzero = np.flatnonzero(x)
    ax.stem(nonzero, x[nonzero], linefmt=fmt, markerfmt=fmt[:2] + "o", basefmt=" ")
    ax.plot(support, x_true[support], "C6D", mfc="none", ms=9, label="true x")
# sphinx_gallery_start_ignore
for ax, name in zip(axes, solutions, strict=True):
    ax.axhline(0, color="C6", lw=0.8)
    ax.set_title(name, loc="left")
    ax.set_ylabel(r"$x_j$")
    ax.set_xlim(-3, N + 2)
    ax.grid(False)
axes[0].legend(loc="lower left", fontsize=12)
axes[-1].set_xlabel(r"index $j$")
wrong = np.flatnonzero(lasso.coef * (x_true == 0))
for j in wrong:
    axes[2].annotate(f"wrong non-zero ($j = {j}$)", (j, lasso.coef[j]), xytext=(j - 45, -1.3),
                     arrowprops=dict(arrowstyle="->", color="C6", lw=1))  # fmt: skip
fig.set_label(
    "Two solutions of the same 40 equations in 100 unknowns and a Lasso fit to them, drawn "
    "as stems at their non-zero entries, with the six non-zeros of the true vector as open "
    "diamonds. Least squares is non-zero everywhere and misses the diamonds; basis pursuit "
    "lands on all six and nowhere else; the Lasso lands close to them and adds one tiny stem."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# What "exactly" means in floating point
# --------------------------------------
# The linear program is solved in IEEE 754 binary64 arithmetic. Basis pursuit's entries off
# the support came out as exactly ``0.0`` (the simplex method sets its non-basic variables to
# zero; in other instances some entries come out at rounding level instead, as the draws
# of the last section count), and on the
# support it agrees with :math:`x` to a relative error below :math:`10^{-14}`, fewer than 50
# units of :math:`2^{-52}` (the spacing of binary64 numbers just above 1). That is the
# rounding error of solving the equations, not an approximation made by the method.
#
# The result carries its own proof of optimality: a dual vector :math:`\nu` with
# :math:`\|A^\top\nu\|_\infty \le 1`, for which :math:`y^\top\nu \le \|z\|_1` for every exact
# solution :math:`z` of :math:`Az = y` (weak duality). Since :math:`\|\hat x\|_1` equals that
# lower bound up to the printed gap, no exact solution has an :math:`\ell_1` norm smaller
# than :math:`\|\hat x\|_1` by more than that gap, which is at the level of rounding.
off = np.setdiff1d(np.arange(N), support)
print(f"support found: {np.flatnonzero(bp.coef).tolist()}")
print(f"largest |entry| off the support: {np.abs(bp.coef[off]).max()}")
rel = np.abs(bp.coef[support] - x_true[support]) / np.abs(x_true[support])
print(f"largest relative error on the support: {rel.max():.1e}")
print(f"  = {rel.max() / np.finfo(float).eps:.0f} units of 2**-52")
print(f"certificate: ||A^T nu||_inf = {np.abs(A.T @ bp.dual).max():.16f}")
print(f"  gap ||x||_1 - y^T nu = {bp.dual_gap:.1e}, converged: {bp.converged}")

# %%
# The only solution
# -----------------
# A minimiser need not be the only one. The dual vector the simplex method returns reaches
# :math:`|a_j^\top\nu| = 1` at many coordinates off the support (the count is printed below),
# and then another solution of the same :math:`\ell_1` norm is not ruled out. Uniqueness
# needs a *strict* certificate: if the columns :math:`A_S` of the support are linearly
# independent (their smallest singular value, printed, is positive) and some :math:`\nu`
# has :math:`A_S^\top\nu = s` (the signs of :math:`x` on :math:`S`) and
# :math:`|a_j^\top\nu| < 1` for every :math:`j` off the support, then
# :math:`x` is the only minimiser (Fuchs, 2004). The strictest one solves another small
# linear program, :math:`\min_\nu \max_{j \notin S} |a_j^\top\nu|` subject to
# :math:`A_S^\top\nu = s`.
from scipy.optimize import linprog

s = np.sign(x_true[support])
A_S, A_off = A[:, support], A[:, off]
print(f"simplex dual at +-1 off the support: {np.sum(np.abs(A_off.T @ bp.dual) > 1 - 1e-9)}")
print(f"smallest singular value of A_S: {np.linalg.svd(A_S, compute_uv=False).min():.4f}")
# variables (nu, t): minimise t subject to -t <= A_off^T nu <= t and A_S^T nu = s
ones = np.ones((off.size, 1))
strict = linprog(
    np.r_[np.zeros(n), 1.0],
    A_ub=np.block([[A_off.T, -ones], [-A_off.T, -ones]]),
    b_ub=np.zeros(2 * off.size),
    A_eq=np.c_[A_S.T, np.zeros(k)],
    b_eq=s,
    bounds=[(None, None)] * n + [(0, None)],
)
nu_strict = strict.x[:n]
print(f"strict certificate: max |a_j^T nu| off the support = {strict.fun:.4f}")

fig, ax = plt.subplots(figsize=(5, 3.2))
ax.stem(A.T @ nu_strict, linefmt="C0-", markerfmt="C0.", basefmt=" ")
ax.plot(support, s, "C6D", mfc="none", ms=9, label="sign of true x")
# sphinx_gallery_start_ignore
for level in (-1, 1):
    ax.axhline(level, color="C6", ls=":", lw=1)
ax.axhline(0, color="C6", lw=0.8)
ax.set(xlabel=r"index $j$", ylabel=r"$(A^\top \nu)_j$", ylim=(-1.3, 1.6))
ax.legend(loc="upper right")
ax.grid(False)
fig.set_label(
    "The strict certificate of basis pursuit, one stem per coordinate: it equals plus or "
    "minus one at the six non-zeros of the true vector, marked with diamonds, and stays "
    "strictly between minus one and one, the dotted lines, everywhere else."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The Lasso as its strength goes to zero
# --------------------------------------
# The Lasso's optimality condition is :math:`A^\top(y - Ax)/n \in \alpha\,\partial\|x\|_1`.
# If its solution had exactly the true support :math:`S` and signs :math:`s`, the condition
# on :math:`S` would give :math:`x_S = x_{\text{true},S} - n\alpha\,(A_S^\top A_S)^{-1} s`
# and the residual :math:`y - Ax = n\alpha\,\nu_{\text{LS}}`, with the least-squares
# certificate :math:`\nu_{\text{LS}} = A_S (A_S^\top A_S)^{-1} s`; off the support the
# condition would then need :math:`|a_j^\top \nu_{\text{LS}}| \le 1` for every :math:`j`. That
# does not depend on :math:`\alpha`, and here it fails, at one coordinate: at no
# :math:`\alpha > 0` does the Lasso have exactly the true support with the true signs.
# Since :math:`a_j^\top\nu_{\text{LS}} = (A_{S^c}^\top A_S (A_S^\top A_S)^{-1} s)_j`, this
# is the irrepresentable condition of Zhao and Yu (2006) on this design, in the form with
# :math:`\le 1`, necessary without noise. They call *weak* the strict form (:math:`< 1` at
# every :math:`j`) and *strong* the form with a margin (:math:`\le 1 - \eta` for some
# :math:`\eta > 0`), under which they prove sign consistency; here not even :math:`\le 1`
# holds. Basis pursuit needs only *some* strict certificate, the Lasso at small
# :math:`\alpha` needs this one.
#
# Here the Lasso puts its extra non-zero at that coordinate, and for small :math:`\alpha` it
# shrinks in proportion to :math:`\alpha`: the Lasso path is piecewise linear in
# :math:`\alpha`, the three fits below lie on its last piece, and that piece ends at
# :math:`\alpha = 0` in the basis-pursuit solution (the ratios printed below are the same
# three times).
nu_ls = A_S @ np.linalg.solve(A_S.T @ A_S, s)
violation = np.abs(A_off.T @ nu_ls)
print(f"|a_j^T nu_LS| > 1 off the support at j = {off[violation > 1].tolist()}")
print(f"  largest value {violation.max():.4f}")
print(f"{'alpha':>7}  {'extra non-zeros':>15}  {'their size / alpha':>18}  max error / alpha")
for a in (1e-2, 1e-3, 1e-4):
    fit = sn.lasso(A, y, alpha=a, fit_intercept=False, tol=1e-10)
    extra = off[np.flatnonzero(fit.coef[off])]
    size = ", ".join(f"{v:.4f}" for v in fit.coef[extra] / a)
    error = np.abs(fit.coef - x_true).max() / a
    print(f"{a:7.0e}  {extra.tolist()!s:>15}  {size:>18}  {error:17.4f}")

fig, ax = plt.subplots(figsize=(5, 3.2))
ax.stem(A.T @ nu_ls, linefmt="C0--", markerfmt="C0.", basefmt=" ")
ax.plot(support, s, "C6D", mfc="none", ms=9, label="sign of true x")
# sphinx_gallery_start_ignore
for level in (-1, 1):
    ax.axhline(level, color="C6", ls=":", lw=1)
ax.axhline(0, color="C6", lw=0.8)
ax.set(xlabel=r"index $j$", ylabel=r"$(A^\top \nu_{\mathrm{LS}})_j$", ylim=(-1.6, 1.6))
ax.legend(loc="upper right")
ax.grid(False)
for j in off[violation > 1]:
    ax.annotate(f"$j = {j}$", (j, (A.T @ nu_ls)[j]), xytext=(j + 8, -1.45),
                arrowprops=dict(arrowstyle="->", color="C6", lw=1))  # fmt: skip
fig.set_label(
    "The least-squares certificate, one stem per coordinate: plus or minus one at the six "
    "non-zeros of the true vector, and between minus one and one elsewhere except at one "
    "coordinate, where it goes beyond the dotted line; that is where the Lasso puts its "
    "wrong non-zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# One draw is not a probability
# -----------------------------
# Exact recovery is a property of the draw of :math:`A` and :math:`x`. Over 100 further draws
# at each of three sizes (non-zeros :math:`\pm 1`; whether basis pursuit recovers :math:`x`
# depends only on its support and signs, as the next page explains), we count the draws in
# which it returns :math:`x` to within :math:`10^{-6}`: at :math:`n = 23`, the threshold the
# next page predicts for :math:`k = 6` as :math:`N \to \infty`; at :math:`n = 30`, 7
# measurements (:math:`0.7\sqrt N`) above it; and at the page's :math:`n = 40`. At
# :math:`N = 100` the threshold is not a cliff: about half of the draws succeed on it, nearly
# all a few measurements above it, and every one of these 100 at 40. A fraction from 100
# draws is itself uncertain by up to about :math:`\pm 0.1`: two binomial standard errors,
# :math:`2\sqrt{p(1-p)/100}`, at most 0.1 (at :math:`p = 1/2`), printed with each fraction
# at the measured :math:`p`. The next page measures the fraction over all sizes.
#
# The draws also show what the section on floating point announced: in some of the
# recovered draws, entries off the support come out at rounding level instead of exactly
# ``0.0`` (counted below, with the largest of them).
trials = np.random.default_rng(1)
errors, off_support = {}, []
for n_t in (23, 30, 40):
    errors[n_t] = []
    for _ in range(100):
        A_t = trials.standard_normal((n_t, N)) / np.sqrt(n_t)
        x_t = np.zeros(N)
        x_t[trials.choice(N, size=k, replace=False)] = trials.choice([-1.0, 1.0], size=k)
        coef_t = sn.basis_pursuit(A_t, A_t @ x_t).coef
        errors[n_t].append(np.abs(coef_t - x_t).max())
        if errors[n_t][-1] <= 1e-6:
            off_support.append(coef_t[x_t == 0])
    errors[n_t] = np.array(errors[n_t])
    p_t = np.mean(errors[n_t] <= 1e-6)
    two_se = 2 * np.sqrt(p_t * (1 - p_t) / 100)
    print(
        f"n = {n_t}: recovered in {np.sum(errors[n_t] <= 1e-6)} of 100 draws "
        f"({p_t:.2f} +- {two_se:.2f})"
    )
recovered = np.concatenate([e[e <= 1e-6] for e in errors.values()])
print(f"largest error among the recovered: {recovered.max():.1e}")
inexact = [v for v in off_support if np.any(v != 0)]
print(f"recovered draws with entries off the support not exactly 0.0: {len(inexact)}")
print(f"  of {len(off_support)}; the largest {max(np.abs(v).max() for v in inexact):.1e}")
# the margin of Theorem II (next page) for probability 0.9, in measurements
print(f"a_0.1 sqrt(N) = {np.sqrt(8 * np.log(4 / 0.1)) * np.sqrt(N):.1f} measurements")

# %%
# Takeaways
# ---------
# * With fewer measurements than unknowns, least squares returns the solution of smallest
#   :math:`\ell_2` norm, which is generically dense: here all 100 of its entries are
#   non-zero, so it finds none of the 94 zeros of :math:`x`.
# * Basis pursuit returned the sparse vector exactly, up to the rounding of binary64
#   arithmetic, with a dual certificate that proves no solution has a smaller
#   :math:`\ell_1` norm (up to rounding), and a strict certificate proves it is the only
#   minimiser. For Gaussian measurements and :math:`N = 100` it is not a certainty: it
#   happened in about half of the draws at the threshold of the next page, in nearly all a
#   few measurements above it, and in all 100 draws at :math:`n = 40`; the theorem behind
#   the threshold (next page) guarantees a probability of 0.9 only a margin of
#   :math:`a_{0.1}\sqrt N`, about 54 measurements (printed above), above it.
# * The Lasso's fit is not a solution of :math:`Ax = y` for :math:`\alpha > 0`; it tends to
#   the basis-pursuit solution as :math:`\alpha \to 0`, but at every small
#   :math:`\alpha > 0` its support can differ from it: here by one non-zero of size
#   proportional to :math:`\alpha`, because a condition on the design fails.

# %%
# References
# ----------
# * S. S. Chen, D. L. Donoho, M. A. Saunders, "Atomic decomposition by basis pursuit",
#   *SIAM Journal on Scientific Computing* 20(1), 1998.
# * E. J. Candès, J. Romberg, T. Tao, "Robust uncertainty principles: exact signal
#   reconstruction from highly incomplete frequency information", *IEEE Transactions on
#   Information Theory* 52(2), 2006; D. L. Donoho, "Compressed sensing", same journal, 52(4),
#   2006.
# * J.-J. Fuchs, "On sparse representations in arbitrary redundant bases", *IEEE
#   Transactions on Information Theory* 50(6), 2004.
# * P. Zhao, B. Yu, "On model selection consistency of Lasso", *Journal of Machine Learning
#   Research* 7, 2006.
# * Q. Huangfu, J. A. J. Hall, "Parallelizing the dual revised simplex method",
#   *Mathematical Programming Computation* 10, 2018 (HiGHS, the solver behind
#   :func:`scipy.optimize.linprog`).
