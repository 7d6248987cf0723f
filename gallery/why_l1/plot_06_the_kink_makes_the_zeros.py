r"""
=================================================
What makes the zeros: the penalty's slope at zero
=================================================

The two reposted answers to the Cross Validated question `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_ look at one
quantity from two sides, the slope of the penalty near zero, and both leave out the other half
of the story, the slope of the data term. This page joins them. For one weight :math:`w` and one
data value :math:`z`, the minimiser of :math:`\tfrac12 (w - z)^2 + \alpha|w|` is exactly
:math:`0` for every :math:`|z| \le \alpha`, because the slope of :math:`|w|` does not vanish at
:math:`0`; the minimiser of :math:`\tfrac12 (w - z)^2 + \tfrac{\alpha}{2} w^2` is
:math:`z / (1 + \alpha)`, which is :math:`0` only for :math:`z = 0`. An exact coordinate update
computes such a minimiser, and so lands on the zero; proximal steps reach it after finitely many
steps (in exact arithmetic, for :math:`|z| < \alpha` and :math:`0 < \eta \le 2`). The notation
is the site's (:ref:`notation`).
"""

# %%
# Both explanations measure the penalty's slope
# ---------------------------------------------
#
# :ref:`Explanation 1 <sphx_glr_auto_examples_why_l1_plot_01_explanation1_big_vs_small.py>`
# takes :math:`\delta` off an entry of size :math:`\varepsilon` of the vector
# :math:`x = (1, \varepsilon)` (:math:`x` plays the role of :math:`w`). The squared norm falls by
#
# .. math::
#
#    2\varepsilon\delta - \delta^2 = \delta \cdot \underbrace{2\varepsilon}_{
#    \text{slope of } x^2 \text{ at } \varepsilon} - \delta^2 ,
#
# which is, to first order in :math:`\delta`, :math:`\delta` times the slope of :math:`x^2` at
# :math:`\varepsilon`. The :math:`\ell_1` norm falls by exactly :math:`\delta = \delta \cdot 1`,
# and :math:`1` is the slope of :math:`|x|` at any :math:`\varepsilon > 0`.
# :ref:`Explanation 2 <sphx_glr_auto_examples_why_l1_plot_03_explanation2_descent_paths.py>`
# takes a gradient step of size :math:`\eta`, which moves the weight by :math:`\eta` times the
# slope: :math:`\eta \cdot 1` for :math:`|w|`, :math:`\eta \cdot w` for :math:`\tfrac12 w^2`.
# Both ask how steep the penalty is near zero. The table divides Explanation 1's drops by
# :math:`\delta` (here :math:`\delta = \varepsilon / 10`) and puts them next to the slopes.
import numpy as np

import sparsenorm as sn

print(f"{'ε':>7} {'ℓ1 drop / δ':>12} {'slope of |x|':>13} {'ℓ2² drop / δ':>13} {'2ε':>7}")
l1_errors = []
for eps in [0.5, 0.1, 0.01, 0.001]:
    delta = eps / 10
    x, moved = np.array([1.0, eps]), np.array([1.0, eps - delta])
    l1_rate = (sn.l1_norm(x) - sn.l1_norm(moved)) / delta
    l2_rate = (sn.squared_l2_norm(x) - sn.squared_l2_norm(moved)) / delta
    l1_errors.append(abs(l1_rate - 1))
    print(f"{eps:7g} {l1_rate:12.4f} {1:13d} {l2_rate:13.4g} {2 * eps:7g}")
# the most decimals N to which every float64 ℓ1 rate above rounds to 1: |rate − 1| < ½·10⁻ᴺ
decimals = max(d for d in range(17) if max(l1_errors) < 0.5 * 10.0**-d)
print(f"largest |ℓ1 rate - 1| = {max(l1_errors):.2g}: equal to 1 to {decimals} decimals")

# %%
# The :math:`\ell_1` rate is exactly :math:`1` in exact arithmetic, at every size. The float64
# values (IEEE 754 binary64, each operation rounded separately, as numpy computes them) agree
# with :math:`1` to 12 decimals for the :math:`\varepsilon` in the table. The subtraction of
# the two norms is itself exact (they are within a factor of 2 of each other, Sterbenz's
# lemma), but it exposes the rounding of :math:`1 + \varepsilon` and
# :math:`1 + (\varepsilon - \delta)` to float64: an error of up to :math:`2^{-53}` in each,
# so a relative error in the rate of up to about :math:`2^{-52}/\delta`. How much of that
# bound a given :math:`\varepsilon` uses depends on how its sums happen to round, so the error
# need not grow as :math:`\varepsilon` falls (it is smaller for :math:`\varepsilon = 0.001`
# than for :math:`0.01`). The squared-norm rate is :math:`2\varepsilon - \delta`, which
# follows the slope :math:`2\varepsilon` down to zero.
#
# The missing half: the data term's slope at zero
# -----------------------------------------------
#
# On the penalty alone both penalties are smallest at :math:`0`, so neither explanation can say
# where a weight *stops*. That is decided against the data. In the one-weight problem
#
# .. math::
#
#    F(w) = \tfrac12 (w - z)^2 + p(w),
#
# the data term has slope :math:`-z` at :math:`w = 0`: it pulls the weight towards :math:`z`
# with strength :math:`|z|`. Moving from :math:`0` to a small :math:`w` of the sign of
# :math:`z` lowers the data term by about :math:`|z|\,|w|` and raises the penalty by about
# :math:`p'(0^+)\,|w|`. For the two penalties here, and for every convex penalty symmetric
# about :math:`0`, this comparison is exact: :math:`0` is the minimiser precisely when the
# penalty's slope at :math:`0^+` is at least the data's pull, which is the optimality condition
# :math:`0 \in \partial F(0) = -z + [-p'(0^+), p'(0^+)]`. (For a non-convex penalty that is
# symmetric about :math:`0` and has a one-sided slope :math:`p'(0^+)` there, as MCP and SCAD
# do, the comparison is only local: when :math:`|z| \neq p'(0^+)` it decides whether
# :math:`0` is a *local* minimiser, and at :math:`|z| = p'(0^+)` it decides nothing. Which
# penalties give exact zeros, convex or not, and where their thresholds lie:
# :ref:`the general rule <sphx_glr_auto_examples_beyond_plot_8_the_general_rule.py>`.)
#
# * L1 penalty, :math:`p(w) = \alpha|w|`: :math:`p'(0^+) = \alpha`, so :math:`w^\star = 0` for
#   every :math:`|z| \le \alpha`, a whole interval of data.
# * L2 penalty, :math:`p(w) = \tfrac{\alpha}{2} w^2`: :math:`p'(0^+) = 0`, so
#   :math:`w^\star = 0` only for :math:`z = 0`; otherwise :math:`w^\star = z/(1 + \alpha)`.
#
# The one-sided slopes, measured on sparsenorm's penalties with a forward difference:
alpha, h = 1.0, 1e-8
notes = {"L1": "α", "SquaredL2": "αh/2, going to 0 with h"}
for penalty in [sn.L1(alpha), sn.SquaredL2(alpha)]:
    name = type(penalty).__name__
    slope = (penalty.value([h]) - penalty.value([0.0])) / h
    print(f"{name:>9}: (p(h) - p(0)) / h = {slope:.3g} = {notes[name]}  (h = {h:g})")

# %%
# The figure puts the two slopes at :math:`0^+` against the data's pull :math:`|z|`. Where a
# penalty's line lies on or above the diagonal, the penalty wins at zero and
# :math:`w^\star = 0`. The L1 line does so for all :math:`|z| \le \alpha`; the L2 line, at
# height :math:`0`, lies below the diagonal for every :math:`|z| > 0`.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

pull = np.linspace(0, 2 * alpha, 201)
fig, ax = plt.subplots()
ax.plot(pull, pull, color="C6", ls=":", label=r"data pull $|z|$")
ax.plot(pull, np.full_like(pull, alpha), color="C0", label=r"L1: $p'(0^+) = \alpha$")
ax.plot(pull, np.zeros_like(pull), color="C1", ls="--", label=r"L2: $p'(0^+) = 0$")
ax.axvspan(0, alpha, color="C0", alpha=0.12, lw=0)
# sphinx_gallery_start_ignore
ax.text(alpha / 2, 1.55 * alpha, "L1: $w^\\star = 0$\nfor $|z| \\leq \\alpha$", ha="center")
ax.set(
    xlabel=r"data pull at $w = 0$: $|z|$",
    ylabel="slope at $0^+$",
    title=rf"penalty slope against data pull, $\alpha = {alpha:g}$",
    xlim=(0, 2 * alpha),
    ylim=(-0.15, 2 * alpha),
)
ax.legend(loc="lower right", bbox_to_anchor=(1, 0.06))
fig.set_label(
    "The slope at zero of the L1 penalty is a flat line at alpha, above the diagonal data pull "
    "for every data value up to alpha, where the L1 minimiser is zero. The L2 penalty's "
    "slope at zero is a flat line at 0, below the data pull for every non-zero value."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The objective, its minimiser and the dead zone
# ----------------------------------------------
#
# Three data values with :math:`\alpha = 1`: two inside the dead zone :math:`|z| \le \alpha`,
# one outside. sparsenorm's :func:`~sparsenorm.prox_l1` and :func:`~sparsenorm.prox_squared_l2`
# give the minimisers in closed form (soft thresholding and proportional shrinkage); a search
# over a grid of spacing :math:`10^{-4}` that contains :math:`0` agrees with them.
zs = [0.3, 0.8, 1.6]
w_grid = np.linspace(-3, 3, 60_001)


def objective_l1(w, z):
    """½(w − z)² + α|w|, element by element."""
    return 0.5 * (w - z) ** 2 + alpha * np.abs(w)


def objective_l2(w, z):
    """½(w − z)² + (α/2)w², element by element."""
    return 0.5 * (w - z) ** 2 + alpha / 2 * w**2


print(f"{'z':>4} {'L1 prox':>8} {'L1 grid':>8} {'L2 prox':>8} {'L2 grid':>8}")
for z in zs:
    l1_grid = w_grid[np.argmin(objective_l1(w_grid, z))]
    l2_grid = w_grid[np.argmin(objective_l2(w_grid, z))]
    print(
        f"{z:4g} {sn.prox_l1(z, alpha):8.4g} {l1_grid:8.4g} "
        f"{sn.prox_squared_l2(z, alpha):8.4g} {l2_grid:8.4g}"
    )

# %%
# The key picture
# ---------------
#
# The top two panels draw :math:`F` for the three data values: every L1 objective with
# :math:`|z| \le \alpha` has its lowest point at the kink, :math:`w = 0`; every L2 objective is
# a smooth parabola whose lowest point sits at :math:`z/(1 + \alpha) = z/2`. The third panel is
# the minimiser as a function of :math:`z`: flat at exactly :math:`0` across the dead zone for
# L1, a straight line through the origin for L2. The bottom panel is the article's own
# experiment (the penalty alone, :math:`w_1 = 5`, :math:`\eta = \tfrac12`) on a logarithmic
# scale, where halving is a straight line (in exact arithmetic it never reaches zero); the L1
# walk lands on zero at step 10, which a log scale cannot draw, so it is marked on the lower
# edge. That walk reaches zero only because :math:`5` is a whole number of steps of
# :math:`\tfrac12`; the dead zone needs no such luck.
# sphinx_gallery_thumbnail_number = 2
z_line = np.linspace(-2.5, 2.5, 501)
k = np.arange(31)
l1_walk = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=30)
l2_walk = sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=0.5, n_steps=30)
w_plot = np.linspace(-1, 2, 301)
styles = ["-", "--", ":"]

fig, axes = plt.subplots(4, 1, figsize=(5, 10.5))
for z, ls in zip(zs, styles, strict=True):
    for ax, objective, minimiser, c in [
        (axes[0], objective_l1, sn.prox_l1(z, alpha), "C0"),
        (axes[1], objective_l2, sn.prox_squared_l2(z, alpha), "C1"),
    ]:
        ax.plot(w_plot, objective(w_plot, z), color=c, ls=ls, label=f"$z = {z:g}$")
        ax.plot(minimiser, objective(minimiser, z), "o", color=c, mec="black")
axes[2].axvspan(-alpha, alpha, color="C0", alpha=0.12, lw=0)
axes[2].plot(z_line, sn.prox_l1(z_line, alpha), color="C0", label="L1: soft thresholding")
axes[2].plot(z_line, sn.prox_squared_l2(z_line, alpha), "C1--", label=r"L2: $z / (1 + \alpha)$")
axes[2].plot(zs, sn.prox_l1(zs, alpha), "C0o", mec="black")
axes[2].plot(zs, sn.prox_squared_l2(zs, alpha), "C1o", mec="black")
axes[3].semilogy(k, l2_walk, "C1--s", label=r"L2: $5 \cdot 2^{-k}$")
axes[3].semilogy(k[l1_walk > 0], l1_walk[l1_walk > 0], "C0-o", label=r"L1: $5 - k/2$")
# sphinx_gallery_start_ignore
bottom = axes[3].get_xaxis_transform()
axes[3].plot(
    k[l1_walk == 0],
    np.full((l1_walk == 0).sum(), 0.02),
    "C0v",
    transform=bottom,
    clip_on=False,
    label="L1: exactly 0",
)
axes[0].set(title=r"L1: $\frac{1}{2} (w - z)^2 + |w|$", xlabel="$w$", ylabel="objective")
axes[1].set(
    title=r"L2: $\frac{1}{2} (w - z)^2 + \frac{1}{2} w^2$", xlabel="$w$", ylabel="objective"
)
for ax in axes[:2]:
    ax.legend(loc="upper left", handlelength=1.5)
    ax.set_ylim(bottom=0)
axes[2].set(title="the minimiser and the dead zone", xlabel="data $z$", ylabel=r"$w^\star$")
axes[2].text(0, 0.55, "dead zone\n$w^\\star = 0$", ha="center")
axes[2].legend(loc="lower right")
axes[3].set(
    title=r"the article's walks: $w_1 = 5$, $\eta = \frac{1}{2}$",
    xlabel="step $k$",
    ylabel="$w_1$ (log scale)",
    ylim=(1e-9, 20),
)
axes[3].legend(loc="lower left", bbox_to_anchor=(0, 0.05))
fig.set_label(
    "Four stacked panels. The L1 objectives for data 0.3 and 0.8 have their minimum exactly at "
    "zero and the one for 1.6 at 0.6, while the L2 objectives have their minima at half the data, "
    "none at zero. The minimiser against the data is flat at zero on the dead zone from -1 to 1 "
    "for L1 and a straight line for L2. On a log scale the article's L2 walk halves at every "
    "step and stays above zero, while the L1 walk reaches exactly zero at step 10."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Solvers land on that zero
# -------------------------
#
# A proximal gradient step on :math:`F` first steps on the data term, then applies the
# penalty's proximal operator, which for the :math:`\ell_1` penalty is the same soft
# thresholding: :math:`w \leftarrow \operatorname{prox}_{\eta\alpha|\cdot|}(w - \eta(w - z))`.
# It returns exactly :math:`0` whenever its argument is within :math:`\eta\alpha` of zero, and
# then stays at :math:`0` as long as :math:`|z| \le \alpha` (in float64 too). From any start it
# gets there after finitely many steps when :math:`|z| < \alpha` and :math:`0 < \eta \le 2`,
# in exact arithmetic (each step either gives :math:`0` or shortens :math:`|w|` by at least
# :math:`\eta(\alpha - |z|)`); for :math:`\eta > 2` it can run away from a large start. In
# float64 a margin :math:`\alpha - |z|` of one or two rounding units can leave it stuck just
# above :math:`0` (:ref:`the data-term caveat
# <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>` shows a case of each and
# proves a margin, :math:`\alpha - |z| \ge 3 \cdot 2^{-52}\alpha`, under which float64
# lands too, for :math:`2^{-50} \le \eta \le 1` and numbers in a stated range). A
# coordinate-descent solver for the lasso does the same with one coefficient at a time: the
# exact minimiser of
# :math:`\tfrac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1` over :math:`w_j`, the others fixed, is
# the soft thresholding at :math:`\alpha` of :math:`x_j^\top r_j / n` (feature :math:`j`
# against the partial residual :math:`r_j`), divided by :math:`\|x_j\|_2^2 / n`. Here are a
# hundred sweeps of it on a small simulated problem with three relevant features out of eight,
# next to the closed-form minimiser of :math:`\tfrac{1}{2n}\|y - Xw\|_2^2 +
# \tfrac{\alpha}{2}\|w\|_2^2` with the same :math:`\alpha`.
rng = np.random.default_rng(0)
n, p = 50, 8
X = rng.standard_normal((n, p))
y = X @ np.array([3.0, -2.0, 0, 0, 1.5, 0, 0, 0]) + rng.standard_normal(n)
lasso_alpha = 0.3
w = np.zeros(p)
for _sweep in range(100):
    for j in range(p):
        partial_residual = y - X @ w + X[:, j] * w[j]
        w[j] = sn.prox_l1(X[:, j] @ partial_residual / n, lasso_alpha) / (X[:, j] @ X[:, j] / n)
ridge = np.linalg.solve(X.T @ X / n + lasso_alpha * np.eye(p), X.T @ y / n)
print("lasso:", np.array2string(w, precision=3))
print("ridge:", np.array2string(ridge, precision=3))
zeros = np.count_nonzero(w == 0), np.count_nonzero(ridge == 0)
print(f"exact zeros: lasso {zeros[0]} of {p}, ridge {zeros[1]} of {p}")

# %%
# The plain subgradient steps of Explanation 2 do not have this property. In exact arithmetic,
# with :math:`\operatorname{sign}(0) = 0`, a step from :math:`0` moves to :math:`\eta z`, so for
# :math:`z \neq 0` they cannot stay at zero, and for :math:`0 < |z| < \alpha` and
# :math:`0 < \eta \le 1` they never settle, but keep coming back to zero or jumping across it
# for ever. In float64 the same holds only in a range of step sizes and data, outside which a
# rounded step can be lost and the iterate stop (:ref:`the data-term caveat
# <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>` states the range and shows two
# such stops).
#
# Takeaways
# ---------
#
# * Exact zeros come from the objective: the minimiser of
#   :math:`\tfrac12 (w - z)^2 + \alpha|w|` is exactly :math:`0` for every :math:`|z| \le \alpha`,
#   because the slope of :math:`|w|` does not vanish at :math:`0`. With
#   :math:`\tfrac{\alpha}{2} w^2` the minimiser :math:`z/(1 + \alpha)` is :math:`0` only for
#   :math:`z = 0`.
# * Explanation 1's drop :math:`2\varepsilon\delta - \delta^2` is, to first order,
#   :math:`\delta` times the slope of :math:`x^2` at :math:`\varepsilon`; Explanation 2's step
#   is :math:`\eta` times the slope. The half they leave out is the data term's slope
#   :math:`|z|` at zero. For a penalty symmetric about :math:`0`, its slope at :math:`0^+` must
#   at least equal that pull for :math:`0` to be the minimiser (and, for a convex symmetric
#   penalty, that is enough; without the symmetry it is not, as :math:`p(w) = 2\max(w, 0)`
#   with :math:`z = -0.5` shows).
# * An exact coordinate update computes the minimiser of a one-weight problem, so it returns
#   the exact zero of the dead zone; proximal steps with :math:`0 < \eta \le 2` reach that zero
#   after finitely many steps when :math:`|z| < \alpha` (in exact arithmetic; float64 has
#   exceptions, listed on the data-term page). That is where a
#   coordinate-descent or proximal lasso solver's zeros come from (scikit-learn's ``Lasso``
#   uses coordinate descent). Plain subgradient steps (:math:`\operatorname{sign}(0) = 0`) do
#   not compute it: for :math:`0 < |z| < \alpha` and :math:`0 < \eta \le 1` they never settle
#   in exact arithmetic, coming back to zero or jumping across it for ever (in float64 too, in
#   the range the data-term page states).
# * A penalty :math:`p` that is differentiable at :math:`0` gives no dead zone, squared or not:
#   the slope of :math:`F` at :math:`0` is :math:`p'(0) - z`, so :math:`0` is not even a local
#   minimiser unless :math:`z = p'(0)`, a single data value (:math:`0` for a symmetric penalty,
#   such as :math:`\tfrac{\alpha}{2} w^2`, or :math:`\alpha|w|^{3/2}`, which is not quadratic).
#   Which penalties give exact zeros, and where their thresholds lie:
#   :ref:`the general rule <sphx_glr_auto_examples_beyond_plot_8_the_general_rule.py>`.
#
# References
# ----------
#
# * Two answers to the Cross Validated question `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
#   (CC BY-SA): the one reposted as Explanation 1 (the repost we follow does not name its
#   author) and K. M. Caspersen's `answer 159379 <https://stats.stackexchange.com/a/159379>`_
#   (Explanation 2).
# * T. Hastie, R. Tibshirani, J. Friedman, `The Elements of Statistical Learning
#   <https://hastie.su.domains/ElemStatLearn/>`_, 2nd ed., Table 3.4 (soft thresholding and
#   proportional shrinkage for an orthonormal design).
# * J. Friedman, T. Hastie, R. Tibshirani, "Regularization paths for generalized linear models
#   via coordinate descent", *Journal of Statistical Software* 33(1), 2010 (the coordinate
#   update as soft thresholding).
