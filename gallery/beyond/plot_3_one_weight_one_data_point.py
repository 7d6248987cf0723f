r"""
=================================
One weight, one data point
=================================

The source article looks at the penalty on its own. A real model also fits data, and the
simplest case with data is a single weight pulled towards one observed value :math:`z`:
minimise :math:`\tfrac12 (w - z)^2` plus a penalty. For the four classic penalties the minimiser
has a closed form: soft thresholding (L1), proportional shrinkage (squared L2), hard thresholding
(L0) and a mix of the first two (elastic net). We derive all four, check them against a
brute-force search, and draw them on one figure. L1, the elastic net and L0 return exactly zero
for a whole interval of data, the squared L2 penalty only for :math:`z = 0`;
:ref:`sphx_glr_auto_examples_beyond_plot_8_the_general_rule.py` says which penalties do and why.
For an orthonormal design, L1, squared L2 and L0 give the lasso, ridge and best-subset
estimators of Table 3.4 in *The Elements of Statistical Learning* (where best subset keeps the
:math:`M` largest coefficients, a hard threshold set by :math:`M` rather than by a strength); the
elastic net is not in that table. The notation is the site's (:ref:`notation`).
"""

# %%
# The problem
# -----------
# For a data value :math:`z` and a penalty :math:`p`, find
#
# .. math::
#
#    w^\star(z) = \arg\min_w\ F(w), \qquad F(w) = \tfrac12 (w - z)^2 + p(w).
#
# This minimiser is the proximal operator of :math:`p` evaluated at :math:`z`. It is also the
# whole story for a linear model with the objective :math:`\tfrac12\|y - Xw\|_2^2 + \sum_j
# p(w_j)` whose features are orthonormal (:math:`X^\top X = I`): then
# :math:`\tfrac12\|y - Xw\|_2^2 = \tfrac12\|w - X^\top y\|_2^2` plus a constant, and each
# coefficient solves its own copy of this problem, with :math:`z` its least-squares estimate.
#
# L1: soft thresholding
# ^^^^^^^^^^^^^^^^^^^^^
# With :math:`p(w) = \alpha |w|`, :math:`F` is convex, and differentiable away from zero. For
# :math:`w > 0`, :math:`F'(w) = w - z + \alpha` vanishes at :math:`w = z - \alpha`, which is
# positive only if :math:`z > \alpha`; symmetrically :math:`w = z + \alpha` if
# :math:`z < -\alpha`. When :math:`|z| \le \alpha` there is no such point: :math:`F` decreases
# towards zero from both sides, so the minimiser is :math:`w = 0`:
#
# .. math::
#
#    w^\star_{L1}(z) = \operatorname{sign}(z)\,\max(|z| - \alpha,\ 0).
#
# Squared L2: proportional shrinkage
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
# With :math:`p(w) = \tfrac\alpha2 w^2`, :math:`F` is a smooth parabola and
# :math:`F'(w) = w - z + \alpha w = 0` gives
#
# .. math::
#
#    w^\star_{L2}(z) = \frac{z}{1 + \alpha},
#
# which is zero only when :math:`z` itself is zero.
#
# L0: hard thresholding
# ^^^^^^^^^^^^^^^^^^^^^
# With :math:`p(w) = \alpha\,[w \ne 0]` (a fixed price for any non-zero weight) the best non-zero
# weight is :math:`w = z`, costing :math:`\alpha`, against :math:`w = 0`, costing
# :math:`z^2/2`. Keeping :math:`z` wins when :math:`z^2/2 > \alpha`:
#
# .. math::
#
#    w^\star_{L0}(z) = \begin{cases} z & |z| > \sqrt{2\alpha} \\ 0 & |z| \le \sqrt{2\alpha}
#    \end{cases}
#
# (at :math:`|z| = \sqrt{2\alpha}` both are minimisers). There is no shrinkage at all, but a jump.
#
# Elastic net
# ^^^^^^^^^^^
# With :math:`p(w) = \alpha\bigl(\rho|w| + \tfrac{1-\rho}2 w^2\bigr)`, the same case analysis as
# for L1 with the extra term :math:`\alpha(1-\rho)w` in the derivative gives soft thresholding at
# :math:`\alpha\rho` followed by shrinkage:
#
# .. math::
#
#    w^\star_{EN}(z) = \frac{\operatorname{sign}(z)\max(|z| - \alpha\rho,\ 0)}
#    {1 + \alpha(1 - \rho)}.
#
# sparsenorm implements the four formulas as :func:`~sparsenorm.prox_l1`,
# :func:`~sparsenorm.prox_squared_l2`, :func:`~sparsenorm.prox_l0` and
# :func:`~sparsenorm.prox_elastic_net`. We pick strengths that give L1 and L0 the same dead zone
# :math:`|z| \le 1`, and check that the formulas as written above give the library's values bit
# for bit on 240 evenly spaced data values from :math:`-3` to :math:`3`. Their spacing is
# :math:`6/239`, and :math:`z = \pm 1` would be :math:`2/(6/239) = 239/3` steps from an end, not
# a whole number, so no grid point sits on the L0 tie :math:`|z| = 1` (nor, for the same kind of
# reason, on :math:`z = 0` or the elastic net's edge :math:`|z| = 0.5`).
import numpy as np

import sparsenorm as sn

alpha_l1 = 1.0  # dead zone |z| <= 1
alpha_l2 = 1.0
alpha_l0 = 0.5  # dead zone |z| <= sqrt(2 * 0.5) = 1
alpha_en, rho = 1.0, 0.5  # dead zone |z| <= alpha * rho = 0.5

penalties = {
    "L1": (lambda w: alpha_l1 * np.abs(w), lambda z: sn.prox_l1(z, alpha_l1)),
    "L2": (lambda w: alpha_l2 / 2 * w**2, lambda z: sn.prox_squared_l2(z, alpha_l2)),
    "L0": (lambda w: alpha_l0 * (w != 0), lambda z: sn.prox_l0(z, alpha_l0)),
    "elastic net": (
        lambda w: alpha_en * (rho * np.abs(w) + (1 - rho) / 2 * w**2),
        lambda z: sn.prox_elastic_net(z, alpha_en, rho),
    ),
}

z = np.linspace(-3, 3, 240)
derived = {
    "L1": np.sign(z) * np.maximum(np.abs(z) - alpha_l1, 0),
    "L2": z / (1 + alpha_l2),
    "L0": np.where(np.abs(z) > np.sqrt(2 * alpha_l0), z, 0.0),
    "elastic net": np.sign(z)
    * np.maximum(np.abs(z) - alpha_en * rho, 0)
    / (1 + alpha_en * (1 - rho)),
}
for name, (_, closed_form) in penalties.items():
    same = np.array_equal(closed_form(z), derived[name])
    print(f"{name:11s}: library equals derived formula: {same}")

# %%
# Brute force on a fine grid
# --------------------------
# Independently of any derivation, evaluate :math:`F` on a grid of 8001 weights with spacing
# :math:`10^{-3}` from :math:`-4` to :math:`4` (which holds every minimiser, since
# :math:`|w^\star| \le |z| \le 3`) and contains :math:`w = 0` exactly, and take the best grid
# point for each :math:`z`. Two checks per penalty: no grid point beats the closed form (its
# objective is at most the grid minimum plus :math:`10^{-12}`, a margin for rounding), and the
# grid minimiser lies within one grid step of it.
spacing = 1e-3
w_grid = spacing * np.arange(-4000, 4001)
brute = {}
for name, (p, closed_form) in penalties.items():
    objective = 0.5 * (w_grid[None, :] - z[:, None]) ** 2 + p(w_grid[None, :])
    brute[name] = w_grid[np.argmin(objective, axis=1)]
    exact = closed_form(z)
    exact_objective = 0.5 * (exact - z) ** 2 + p(exact)
    never_beaten = bool(np.all(exact_objective <= objective.min(axis=1) + 1e-12))
    distance = float(np.max(np.abs(brute[name] - exact)))
    print(f"{name:11s}: never beaten: {never_beaten}, distance to grid minimiser {distance:.2g}")

# %%
# The dead zone
# -------------
# For :math:`|z| \le 1` the brute-force search picks the grid point :math:`w = 0` exactly, for L1
# and L0 (and for the elastic net on its narrower dead zone :math:`|z| \le 0.5`), and the closed
# forms return exactly zero there. The squared L2 penalty does not: its minimiser
# :math:`z/(1+\alpha)` is non-zero for every non-zero :math:`z`, however small. (The computed
# value is non-zero too, until the quotient falls to
# :math:`2^{-1075} \approx 2.5 \times 10^{-324}`, half the smallest positive double, or below
# and rounds to 0; for the page's :math:`\alpha = 1`, where :math:`1 + \alpha = 2` is exact,
# that happens exactly when the exact minimiser is that small. See the general rule page.)
dead = np.abs(z) <= 1
print(f"{dead.sum()} values of z with |z| <= 1:")
for name, (_, closed_form) in penalties.items():
    n_brute = np.count_nonzero(brute[name][dead] == 0)
    n_exact = np.count_nonzero(closed_form(z)[dead] == 0)
    print(f"  {name:11s}: exactly 0 by brute force {n_brute:2d}, by the closed form {n_exact:2d}")
tiny_z = np.array([1e-3, 1e-9, 1e-300])
print("squared L2 at tiny z:", sn.prox_squared_l2(tiny_z, alpha_l2))
print("L1 at tiny z:        ", sn.prox_l1(tiny_z, alpha_l1))

# %%
# All four on one figure
# ----------------------
# The top panel shows the four solution maps :math:`w^\star(z)` with the brute-force minimisers
# as dots (every eighth :math:`z`). The flat segments on the horizontal axis are exact zeros. The
# bottom panel shows why: for one :math:`z = 0.6` inside the dead zone, :math:`F` has its minimum
# at the kink of :math:`|w|` for L1, while the smooth squared-L2 objective bottoms out beside
# zero, at :math:`0.6 / 2 = 0.3`.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

styles = {"L1": "C0-", "L2": "C1--", "L0": "C2:", "elastic net": "C3-."}
labels = {"L1": "L1", "L2": "squared L2", "L0": "L0", "elastic net": "elastic net"}
z0 = 0.6
w_plot = np.linspace(-1, 1.5, 501)

curves = {name: closed_form(z) for name, (_, closed_form) in penalties.items()}
# sphinx_gallery_start_ignore
jump = np.flatnonzero(np.abs(np.diff(curves["L0"])) > 0.5)  # a gap, not a vertical segment
curves["L0"][jump] = np.nan
# sphinx_gallery_end_ignore

fig, (ax, ax_obj) = plt.subplots(2, 1, figsize=(5, 8.5))
ax.axvspan(-1, 1, color="0.85", lw=0)
for name in penalties:
    ax.plot(z, curves[name], styles[name], lw=2.5, label=labels[name])
    ax.plot(z[::8], brute[name][::8], styles[name][:2] + "o", ms=4)
for name in ("L1", "L2"):
    p, closed_form = penalties[name]
    w_star = float(closed_form(z0))
    ax_obj.plot(w_plot, 0.5 * (w_plot - z0) ** 2 + p(w_plot), styles[name], label=labels[name])
    ax_obj.plot(w_star, 0.5 * (w_star - z0) ** 2 + p(w_star), styles[name][:2] + "o", mec="k")
# sphinx_gallery_start_ignore
ax.plot(z, z, color="0.6", lw=1, label="no penalty, $w = z$")
ax.text(0, -2.6, "dead zone\nof L1, L0", ha="center")
ax.set(xlabel=r"data value $z$", ylabel=r"minimiser $w^\star(z)$", xlim=(-3, 3), ylim=(-3, 3))
ax.legend(loc="upper left")
for name, offset in [("L1", (-70, 8)), ("L2", (10, 10))]:
    w_star = float(penalties[name][1](z0))
    ax_obj.annotate(
        rf"$w^\star = {w_star:.2g}$",
        (w_star, 0.5 * (w_star - z0) ** 2 + penalties[name][0](w_star)),
        xytext=offset,
        textcoords="offset points",
    )
ax_obj.axvline(0, color="0.4", lw=0.8)
ax_obj.set(
    title=rf"$F(w) = \frac{{1}}{{2}}(w - {z0})^2 + p(w)$",
    xlabel=r"$w$",
    ylabel=r"$F(w)$",
    ylim=(0, 2.4),
)
ax_obj.legend(loc="upper center")
fig.set_label(
    "Top: the minimiser against the data value for L1, squared L2, L0 and elastic net, with "
    "brute-force dots on each curve; L1, L0 and elastic net are flat at zero on a whole interval, "
    "squared L2 is a straight line through the origin. Bottom: for data 0.6 the L1 objective has "
    "its lowest point at the kink at zero, the squared L2 objective at 0.3."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
# * With one weight and one data value, each of these four penalties has a closed-form
#   minimiser, and a brute-force search agrees with all four to within the grid step.
# * L1 and the elastic net return exactly zero on a whole interval of data, the dead zone
#   :math:`|z| \le \alpha` (:math:`|z| \le \alpha\rho` for the elastic net). Beyond it L1
#   subtracts the constant :math:`\alpha`; the elastic net subtracts :math:`\alpha\rho` and then
#   divides by :math:`1 + \alpha(1 - \rho)`.
# * The squared L2 penalty divides by :math:`1 + \alpha`: smaller, and zero only when the data
#   value is zero.
# * L0 keeps or kills: no shrinkage, a jump at :math:`\sqrt{2\alpha}`, and exact zeros on the
#   dead zone :math:`|z| \le \sqrt{2\alpha}`. It is not convex, and in many dimensions its
#   minimisation is a combinatorial problem (best-subset selection).
# * Which penalties have a dead zone, and how wide it is, follows one rule:
#   :ref:`sphx_glr_auto_examples_beyond_plot_8_the_general_rule.py`.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4 and Table 3.4 (best subset, ridge and lasso for an orthonormal
#   design: hard thresholding at the :math:`M`-th largest coefficient, proportional shrinkage,
#   soft thresholding).
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, section 2.4 (soft thresholding).
# * `Cross Validated question 74542 <https://stats.stackexchange.com/questions/74542>`_ (one
#   predictor: the lasso estimate of :math:`\tfrac12\|y - x\beta\|^2 + \alpha|\beta|` is
#   exactly zero once :math:`\alpha \ge |x^\top y|`).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
