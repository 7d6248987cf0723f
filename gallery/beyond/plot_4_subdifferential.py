r"""
===================================================
Why zero: the subdifferential of the absolute value
===================================================

The source article's Explanation 2 uses the "gradient" of :math:`|w|`, but :math:`|w|` has no
derivative at zero, which is exactly where the interesting things happen. Convex analysis
replaces the derivative there by a set of slopes, the subdifferential, which for :math:`|w|` at
zero is the whole interval :math:`[-1, 1]`. This page shows why that interval makes zero the
optimal weight for a whole range of data, while for :math:`|w|^p` with :math:`p > 1` zero is
optimal only if the data pull at zero is exactly nil, and checks the optimality condition
numerically with :func:`sparsenorm.subdiff_distance_l1`.
"""

# %%
# Subgradients
# ------------
# A number :math:`g` is a *subgradient* of a convex function :math:`h` at :math:`w` if the line
# with slope :math:`g` through :math:`(w, h(w))` stays below the graph:
#
# .. math::
#
#    h(v) \ge h(w) + g\,(v - w) \quad \text{for all } v.
#
# The set of all of them is the subdifferential :math:`\partial h(w)`. Where :math:`h` is
# differentiable it holds only the derivative. For :math:`h(w) = |w|` at :math:`w = 0` the
# condition reads :math:`|v| \ge g v` for all :math:`v`, which holds exactly when
# :math:`|g| \le 1`:
#
# .. math::
#
#    \partial|w| = \begin{cases} \{-1\} & w < 0 \\ [-1, 1] & w = 0 \\ \{+1\} & w > 0.
#    \end{cases}
#
# A brute-force check: test many slopes against many points.
import numpy as np

import sparsenorm as sn

v = np.linspace(-5, 5, 2001)
slopes = np.linspace(-2, 2, 81)
supporting = np.all(np.abs(v)[None, :] >= slopes[:, None] * v[None, :], axis=1)
print(
    f"supporting slopes at 0 among {slopes.size} tested: from {slopes[supporting].min():g} "
    f"to {slopes[supporting].max():g}; all |g| <= 1 support: "
    f"{bool(np.all(supporting == (np.abs(slopes) <= 1)))}"
)

# %%
# The optimality condition
# ------------------------
# For a convex function, :math:`w^\star` is a minimiser exactly when zero is one of its
# subgradients (Fermat's rule, which needs no derivative). Take a smooth data term :math:`f`
# plus the L1 penalty, :math:`F(w) = f(w) + \lambda|w|`. Then
# :math:`\partial F(w) = f'(w) + \lambda\,\partial|w|`, and at :math:`w = 0`:
#
# .. math::
#
#    0 \in f'(0) + \lambda[-1, 1] \iff |f'(0)| \le \lambda.
#
# Zero is optimal for every data term whose slope at zero is at most :math:`\lambda` in size:
# a whole interval of data. For the one-data-point problem :math:`f(w) = \tfrac12(w - z)^2`,
# :math:`f'(0) = -z` and the interval is the dead zone :math:`|z| \le \lambda` of soft
# thresholding.
#
# Compare a penalty :math:`\lambda|w|^p` with :math:`p > 1`. It is differentiable at zero with
# derivative :math:`0`, so its subdifferential there is :math:`\{0\}` and the condition becomes
#
# .. math::
#
#    0 = f'(0) + \lambda \cdot 0 \iff f'(0) = 0.
#
# Zero is optimal only if the data term is already flat at zero, which random data never is.
# Away from zero the minimiser of :math:`\tfrac12(w - z)^2 + \lambda|w|^p` solves
# :math:`w + \lambda p |w|^{p-1}\operatorname{sign}(w) = z`. The left side is increasing in
# :math:`w`, so bisection finds the unique root for each :math:`z`. The root is never zero,
# because the slope of the objective at zero is :math:`-z \ne 0`; but for :math:`p` close to 1
# it is astronomically small, since :math:`|w|^{p-1}` grows so fast near zero.


def lp_minimiser(z, lam, p, n_iter=200):
    """Minimiser of 1/2 (w - z)^2 + lam |w|^p for p > 1 and z != 0.

    Bisection on a logarithmic scale between the smallest normal float and |z|: the root can be
    hundreds of orders of magnitude below |z| when p is close to 1.
    """
    z = np.asarray(z, dtype=float)
    log_lo = np.full_like(z, np.log(np.finfo(float).smallest_normal))
    log_hi = np.log(np.abs(z))
    for _ in range(n_iter):
        mid = np.exp((log_lo + log_hi) / 2)
        too_big = mid + lam * p * mid ** (p - 1) > np.abs(z)
        log_hi = np.where(too_big, (log_lo + log_hi) / 2, log_hi)
        log_lo = np.where(too_big, log_lo, (log_lo + log_hi) / 2)
    return np.sign(z) * np.exp((log_lo + log_hi) / 2)


lam = 1.0
z = np.concatenate([-np.logspace(-12, 0.5, 60)[::-1], np.logspace(-12, 0.5, 60)])
for p in (1.1, 1.5, 2.0):
    w_p = lp_minimiser(z, lam, p)
    print(
        f"p = {p}: minimiser non-zero for all {z.size} non-zero z: {bool(np.all(w_p != 0))}; "
        f"smallest |w*| = {np.abs(w_p).min():.3g} at |z| = {np.abs(z).min():.0e}"
    )
print(f"p = 1:   minimiser exactly zero for {np.count_nonzero(sn.prox_l1(z, lam) == 0)} of them")

# %%
# The figure
# ----------
# Left: :math:`|w|` with some of its supporting lines at zero (slopes in :math:`[-1, 1]`) and one
# slope, 1.5, that is not a subgradient because its line crosses the graph. Right: the
# optimality condition of :math:`\tfrac12(w - z)^2 + h(w)` drawn as the set of data values
# :math:`z \in w + \partial h(w)` that make :math:`w` optimal. Read it sideways: for a given
# :math:`z`, the optimal :math:`w` is where the horizontal line at height :math:`z` meets the
# curve. The L1 curve has a vertical segment at :math:`w = 0` covering :math:`|z| \le \lambda`;
# the :math:`p > 1` curves pass through zero at a single point (for :math:`p = 1.1` very
# steeply, but still at a single point).
import matplotlib.pyplot as plt

L1_COLOR, L2_COLOR, NEUTRAL = "#0072B2", "#D55E00", "#555555"
LQ_COLORS = {1.1: "#E69F00", 1.5: "#56B4E9"}
fig, (ax_abs, ax_opt) = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
w = np.linspace(-1.5, 1.5, 301)
ax_abs.plot(w, np.abs(w), color=L1_COLOR, linewidth=2.5, label=r"$|w|$")
for g in (-1, -0.5, 0, 0.5, 1):
    ax_abs.plot(w, g * w, color=NEUTRAL, linewidth=0.8)
ax_abs.plot(w, 1.5 * w, "--", color=NEUTRAL, label=r"slope $1.5$: crosses the graph")
_ = ax_abs.set(
    xlabel=r"$w$",
    ylabel=r"$h(w)$",
    ylim=(-0.6, 1.6),
    title=r"slopes $g \in [-1, 1]$ support $|w|$",
)
_ = ax_abs.legend(loc="upper center")

w = np.linspace(-1.5, 1.5, 601)
ax_opt.axhspan(-lam, lam, color=NEUTRAL, alpha=0.12)
for side in (w < 0, w > 0):
    ax_opt.plot(
        w[side], w[side] + lam * np.sign(w[side]), color=L1_COLOR, linewidth=2.5, label=None
    )
ax_opt.plot([0, 0], [-lam, lam], color=L1_COLOR, linewidth=2.5, label=r"$p = 1$ (L1)")
for p, color in [(1.1, LQ_COLORS[1.1]), (1.5, LQ_COLORS[1.5]), (2.0, L2_COLOR)]:
    label = r"$p = 2$ (L2)" if p == 2 else rf"$p = {p}$"
    ax_opt.plot(w, w + lam * p * np.abs(w) ** (p - 1) * np.sign(w), color=color, label=label)
_ = ax_opt.set(
    xlabel=r"optimal weight $w$",
    ylabel=r"data value $z \in w + \lambda\,\partial|w|^p$",
    title=r"optimality of $\frac{1}{2}(w - z)^2 + \lambda|w|^p$, $\lambda = 1$",
    ylim=(-3, 3),
)
_ = ax_opt.legend(loc="upper left")

# %%
# A numeric check in one dimension
# --------------------------------
# :func:`sparsenorm.subdiff_distance_l1` returns, per coordinate, how far :math:`-f'(w)` is from
# :math:`\lambda\,\partial|w|`: zero exactly when the optimality condition holds. At the soft
# thresholding solution it is zero (up to rounding) for every :math:`z`; at the point
# :math:`w = 0` it is zero for :math:`|z| \le \lambda` and :math:`|z| - \lambda` beyond.
z = np.linspace(-3, 3, 601)
w_star = sn.prox_l1(z, lam)
at_solution = sn.subdiff_distance_l1(w_star, w_star - z, lam)
at_zero = sn.subdiff_distance_l1(np.zeros_like(z), -z, lam)
print(f"largest distance at the soft-thresholding solution: {at_solution.max():.2g}")
print(
    "at w = 0: zero exactly where |z| <= lambda:",
    bool(np.array_equal(at_zero == 0, np.abs(z) <= lam)),
    "| equals |z| - lambda beyond:",
    bool(np.allclose(at_zero[np.abs(z) > lam], np.abs(z[np.abs(z) > lam]) - lam)),
)

# %%
# A numeric check for a small Lasso
# ---------------------------------
# In several dimensions the condition holds coordinate by coordinate. For the Lasso objective
# :math:`\frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1` the data gradient is
# :math:`X^\top(Xw - y)/n`, and a coordinate :math:`w_j = 0` is optimal exactly when
# :math:`|x_j^\top(Xw - y)|/n \le \alpha`. We solve a random problem with 60 samples and 12
# features by the proximal gradient method (ISTA), then check the condition with
# :meth:`sparsenorm.L1.subdiff_distance`. The smallest :math:`\alpha` for which
# :math:`w = 0` is optimal, :math:`\|X^\top y\|_\infty / n`, comes from
# :meth:`sparsenorm.L1.alpha_max`.
rng = np.random.default_rng(0)
n_samples, n_features = 60, 12
X = rng.standard_normal((n_samples, n_features))
w_true = np.zeros(n_features)
w_true[:3] = [2.0, -1.5, 1.0]
y = X @ w_true + rng.standard_normal(n_samples)

alpha_max = sn.L1().alpha_max(X.T @ (X @ np.zeros(n_features) - y) / n_samples)
penalty = sn.L1(alpha=0.2 * alpha_max)
step = n_samples / np.linalg.norm(X, 2) ** 2  # 1 / Lipschitz constant of the gradient
w_hat = np.zeros(n_features)
for _ in range(3000):
    grad = X.T @ (X @ w_hat - y) / n_samples
    w_hat = penalty.prox(w_hat - step * grad, step)
grad = X.T @ (X @ w_hat - y) / n_samples
residual = penalty.subdiff_distance(w_hat, grad)
zero = w_hat == 0
print(f"alpha_max = {alpha_max:.4f}, alpha = {penalty.alpha:.4f}")
print(f"exact zeros: {zero.sum()} of {n_features}; largest residual: {residual.max():.2g}")
print(
    "|gradient| / alpha at the zero coordinates:", np.round(np.abs(grad[zero]) / penalty.alpha, 3)
)
print(
    "|gradient| / alpha at the others:          ", np.round(np.abs(grad[~zero]) / penalty.alpha, 3)
)

# %%
# At the zero coordinates the data gradient is strictly inside :math:`(-\alpha, \alpha)`: a
# small change of the data moves it a little but leaves the coordinate at exactly zero. At the
# non-zero ones it sits exactly on :math:`\pm\alpha`, balanced by the penalty's slope. Finally,
# :math:`w = 0` passes the check for :math:`\alpha = \alpha_{\max}` and fails just below.
zero_w = np.zeros(n_features)
grad0 = X.T @ (X @ zero_w - y) / n_samples
for scale in (1.0, 0.999):
    distance = sn.L1(alpha=scale * alpha_max).subdiff_distance(zero_w, grad0)
    print(f"w = 0 with alpha = {scale} alpha_max: largest residual {distance.max():.2g}")

# %%
# Takeaways
# ---------
# * At zero, :math:`|w|` has a whole interval of slopes, :math:`[-1, 1]`. Scaled by
#   :math:`\lambda`, it can cancel any data slope up to :math:`\lambda` in size, so zero is the
#   exact optimum for a whole range of data.
# * A penalty that is differentiable at zero (:math:`|w|^p` with :math:`p > 1`, including ridge)
#   has slope zero there and cancels nothing: zero is optimal only if the data slope is exactly
#   zero. Solutions get small, never zero.
# * :func:`sparsenorm.subdiff_distance_l1` measures how far a point is from satisfying the
#   condition, coordinate by coordinate; solvers use the same quantity as a stopping criterion.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, section 5.2 (subgradients and optimality conditions for the lasso).
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4.3.
# * `Cross Validated question 74542 <https://stats.stackexchange.com/questions/74542>`_ (one
#   predictor: the lasso estimate is zero once the penalty exceeds :math:`|x^\top y|`).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
