r"""
===================================================
Why zero: the subdifferential of the absolute value
===================================================

The source article's Explanation 2 uses the "gradient" of :math:`|w|`, but :math:`|w|` has no
derivative at zero, which is exactly where the interesting things happen. Convex analysis
replaces the derivative there by a set of slopes, the subdifferential, which for :math:`|w|` at
zero is the whole interval :math:`[-1, 1]`. This page shows why that interval makes zero the
optimal weight for a whole range of data, while for :math:`|w|^q` with :math:`q > 1` zero is
optimal only if the data's pull at zero is exactly nil, and checks the optimality condition
numerically with :func:`sparsenorm.subdiff_distance_l1`. The notation is the site's
(:ref:`notation`).
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
# A brute-force check: test 81 slopes from :math:`-2` to :math:`2` against 2001 points
# :math:`v` from :math:`-5` to :math:`5`.
import numpy as np

import sparsenorm as sn

v = np.linspace(-5, 5, 2001)
slopes = np.linspace(-2, 2, 81)
supporting = np.all(np.abs(v)[None, :] >= slopes[:, None] * v[None, :], axis=1)
print(f"slopes whose line stays below |v|: {slopes[supporting].min():g} to ", end="")
print(f"{slopes[supporting].max():g}")
print(f"exactly those with |g| <= 1: {bool(np.all(supporting == (np.abs(slopes) <= 1)))}")

# %%
# The optimality condition
# ------------------------
# For a convex function, :math:`w^\star` is a minimiser exactly when zero is one of its
# subgradients (Fermat's rule, which needs no derivative). Take a smooth convex data term
# :math:`f` plus the L1 penalty, :math:`F(w) = f(w) + \alpha|w|`. Then
# :math:`\partial F(w) = f'(w) + \alpha\,\partial|w|`, and at :math:`w = 0`:
#
# .. math::
#
#    0 \in f'(0) + \alpha[-1, 1] \iff |f'(0)| \le \alpha.
#
# Zero is optimal for every data term whose slope at zero is at most :math:`\alpha` in size: a
# whole interval of data. For the one-data-point problem :math:`f(w) = \tfrac12(w - z)^2`,
# :math:`f'(0) = -z` and the interval is the dead zone :math:`|z| \le \alpha` of soft
# thresholding.
#
# Compare a penalty :math:`\alpha|w|^q` with :math:`q > 1`. It is differentiable at zero with
# derivative :math:`0`, so its subdifferential there is :math:`\{0\}` and the condition becomes
#
# .. math::
#
#    0 = f'(0) + \alpha \cdot 0 \iff f'(0) = 0.
#
# Zero is optimal only if the data term is already flat at zero; for data drawn from a
# continuous distribution that happens with probability zero. For
# :math:`\tfrac12(w - z)^2 + \alpha|w|^q` the minimiser solves
# :math:`w + \alpha q |w|^{q-1}\operatorname{sign}(w) = z`, whose left side increases with
# :math:`w`: one root for each :math:`z`, non-zero for :math:`z \ne 0` because the objective's
# slope at zero is :math:`-z \ne 0`. For :math:`q` close to 1 and :math:`|z|` small it is
# astronomically small: the penalty's slope :math:`\alpha q|w|^{q-1}` falls to zero only very
# slowly as :math:`w \to 0` (for :math:`q = 1.1` it is :math:`1.1\,\alpha|w|^{0.1}`), so
# :math:`|w|` has to be tiny before it drops to :math:`|z|`: about
# :math:`(|z|/(\alpha q))^{1/(q-1)}` when :math:`|z|` is well below :math:`\alpha q`.
# :func:`~sparsenorm.prox_lq` finds the root by bisection (with geometric midpoints while the
# bracket spans more than a factor 2); we take 60 magnitudes :math:`|z|` from :math:`10^{-12}`
# to :math:`10^{0.5}`, each with both signs: 120 values of :math:`z`.
alpha = 1.0
magnitudes = np.logspace(-12, 0.5, 60)
z = np.concatenate([-magnitudes[::-1], magnitudes])
for q in (1.1, 1.5, 2.0):
    w_q = sn.prox_lq(z, alpha, q)
    print(f"q = {q}: non-zero for all {z.size} z: {bool(np.all(w_q != 0))}; ", end="")
    print(f"smallest |w*| {np.abs(w_q).min():.2g}")
print(f"q = 1:   exactly zero for {np.count_nonzero(sn.prox_l1(z, alpha) == 0)} of them")

# %%
# The figure
# ----------
# Top: :math:`|w|` with some of its supporting lines at zero (slopes in :math:`[-1, 1]`) and one
# slope, 1.5, that is not a subgradient because its line crosses the graph. Bottom: the
# optimality condition of :math:`\tfrac12(w - z)^2 + h(w)` drawn as the set of data values
# :math:`z \in w + \partial h(w)` that make :math:`w` optimal. Read it sideways: for a given
# :math:`z`, the optimal :math:`w` is where the horizontal line at height :math:`z` meets the
# curve. The L1 curve has a vertical segment at :math:`w = 0` covering :math:`|z| \le \alpha`;
# the :math:`q > 1` curves pass through zero at a single point (for :math:`q = 1.1` very
# steeply, but still at a single point).
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

w = np.linspace(-1.5, 1.5, 601)
fig, (ax_abs, ax_opt) = plt.subplots(2, 1, figsize=(5, 8.5))
ax_abs.plot(w, np.abs(w), "C0", lw=3, label=r"$|w|$")
for g in (-1, -0.5, 0, 0.5, 1):
    ax_abs.plot(w, g * w, color="0.45", lw=1)
ax_abs.plot(w, 1.5 * w, "C6--", lw=1.5, label=r"slope $1.5$: crosses")
ax_opt.axhspan(-alpha, alpha, color="0.85", lw=0)
for side in (w < 0, w > 0):
    ax_opt.plot(w[side], w[side] + alpha * np.sign(w[side]), "C0", lw=3)
ax_opt.plot([0, 0], [-alpha, alpha], "C0", lw=3, label=r"$q = 1$ (L1)")
for q, style in [(1.1, "C6-."), (1.5, "C6:"), (2.0, "C1--")]:
    ax_opt.plot(w, w + alpha * q * np.abs(w) ** (q - 1) * np.sign(w), style, label=f"$q = {q}$")
# sphinx_gallery_start_ignore
ax_abs.set(
    xlabel=r"$w$", ylabel=r"$h(w)$", ylim=(-0.6, 1.6), title="slopes $-1$ to $1$: below $|w|$"
)
ax_abs.legend(loc="upper center")
ax_opt.set(
    xlabel=r"optimal weight $w$",
    ylabel=r"data value $z$",
    title=r"$z \in w + \alpha\,\partial|w|^q$, $\alpha = 1$",
    ylim=(-3, 3),
)
ax_opt.legend(loc="upper left")
fig.set_label(
    "Top: the absolute value with five lines through the origin of slopes from -1 to 1, all "
    "below it, and a dashed line of slope 1.5 that crosses it. Bottom: the data values that make "
    "each weight optimal; for L1 a vertical segment at zero covers all data from -1 to 1, while "
    "the curves for q = 1.1, 1.5 and 2 cross zero at a single point."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# A numeric check in one dimension
# --------------------------------
# :func:`sparsenorm.subdiff_distance_l1` returns, per coordinate, how far :math:`-f'(w)` is from
# :math:`\alpha\,\partial|w|`: zero exactly when the optimality condition holds. At the soft
# thresholding solution it is zero (up to rounding) for every :math:`z`; at the point
# :math:`w = 0` it is zero for :math:`|z| \le \alpha` and :math:`|z| - \alpha` beyond.
z = np.linspace(-3, 3, 601)
w_star = sn.prox_l1(z, alpha)
at_solution = sn.subdiff_distance_l1(w_star, w_star - z, alpha)
at_zero = sn.subdiff_distance_l1(np.zeros_like(z), -z, alpha)
outside = np.abs(z) > alpha
print(f"largest distance at the soft-thresholding solution: {at_solution.max():.2g}")
print(f"at w = 0, zero exactly where |z| <= alpha: {np.array_equal(at_zero == 0, ~outside)}")
print(f"at w = 0, |z| - alpha beyond: {np.allclose(at_zero[outside], np.abs(z[outside]) - 1)}")

# %%
# A numeric check for a small Lasso
# ---------------------------------
# In several dimensions the condition holds coordinate by coordinate. For the Lasso objective
# :math:`\frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1` the data gradient is
# :math:`X^\top(Xw - y)/n`, and a coordinate :math:`w_j = 0` is optimal exactly when
# :math:`|x_j^\top(Xw - y)|/n \le \alpha`. We solve a random problem with 60 samples and 12
# features by the proximal gradient method (ISTA, 3000 steps), then check the condition with
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
ratio = np.abs(grad) / penalty.alpha
print("|gradient| / alpha at the zero coordinates:")
print(np.array2string(ratio[zero], precision=3, max_line_width=80))
print("and at the non-zero ones:", np.array2string(ratio[~zero], precision=3))

# %%
# At the zero coordinates the data gradient is strictly inside :math:`(-\alpha, \alpha)`: a
# small enough change of the data moves it a little but leaves the coordinate at exactly zero.
# At the non-zero ones it sits on :math:`\pm\alpha` (to the solver's accuracy, the residual
# above), balanced by the penalty's slope. Finally, :math:`w = 0` passes the check for
# :math:`\alpha = \alpha_{\max}` and fails just below.
zero_w = np.zeros(n_features)
grad0 = X.T @ (X @ zero_w - y) / n_samples
for scale in (1.0, 0.999):
    distance = sn.L1(alpha=scale * alpha_max).subdiff_distance(zero_w, grad0)
    print(f"w = 0 with alpha = {scale} alpha_max: largest residual {distance.max():.2g}")

# %%
# Takeaways
# ---------
# * At zero, :math:`|w|` has a whole interval of slopes, :math:`[-1, 1]`. Scaled by
#   :math:`\alpha`, it can cancel any data slope up to :math:`\alpha` in size, so zero is the
#   exact optimum for a whole range of data.
# * A penalty that is even and differentiable at zero (:math:`|w|^q` with :math:`q > 1`,
#   including the squared L2 penalty) has slope zero there and cancels nothing: zero is optimal
#   only if the data slope at zero is exactly zero. For one weight that means :math:`z = 0`;
#   every other :math:`z` gets a non-zero minimiser (small when :math:`z` is small).
# * :func:`sparsenorm.subdiff_distance_l1` measures how far a point is from satisfying the
#   condition, coordinate by coordinate. Some solvers stop when its largest value is below a
#   tolerance: skglm's ``AndersonCD`` (skglm 0.5, ``skglm/solvers/anderson_cd.py``), with its
#   default ``ws_strategy="subdiff"``, stops once the largest ``penalty.subdiff_distance`` over
#   the features (and the intercept's update, when one is fitted) is at most ``tol``.
#   scikit-learn's Lasso (1.9, ``enet_coordinate_descent`` in
#   ``sklearn/linear_model/_cd_fast.pyx``) stops instead once the duality gap is at most
#   ``tol`` times :math:`y^\top y` (of the centred :math:`y` when an intercept is fitted).
# * For non-convex penalties the condition is necessary but not sufficient in general. MCP and
#   SCAD bend down by a curvature of at most :math:`1/\gamma` and :math:`1/(a - 1)`: with a data
#   term that curves at least that much, such as :math:`\tfrac12(w - z)^2` (curvature 1,
#   :math:`\gamma > 1`, :math:`a > 2`), the whole objective is convex and the condition is
#   sufficient again; with a flatter data term, as in many dimensions when :math:`X^\top X / n`
#   has small eigenvalues, it can fail. For L0 and :math:`|w|^q` with :math:`q < 1` it holds at
#   :math:`w = 0` for every data value, so it never decides. Which of them give exact zeros, and
#   on which interval, is derived in
#   :ref:`sphx_glr_auto_examples_beyond_plot_8_the_general_rule.py`.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, section 5.2 (subgradients and optimality conditions for the lasso).
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4.3.
# * `Cross Validated question 74542 <https://stats.stackexchange.com/questions/74542>`_ (one
#   predictor: the lasso estimate of :math:`\tfrac12\|y - x\beta\|^2 + \alpha|\beta|` is zero
#   once :math:`\alpha \ge |x^\top y|`).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
