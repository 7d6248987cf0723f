r"""
=================================
One weight, one data point
=================================

The source article looks at the penalty on its own. A real model also fits data, and the
simplest case with data is a single weight pulled towards one observed value :math:`z`:
minimise :math:`\tfrac12 (w - z)^2` plus a penalty. Its minimiser has a closed form for each
penalty: soft thresholding (L1), proportional shrinkage (L2), hard thresholding (L0) and a mix of
the first two (elastic net). We derive all four, check them against a brute-force search, and draw
them on one figure: only the L1-type penalties return exactly zero for a whole interval of data.
This is the orthonormal-design case of Table 3.4 in *The Elements of Statistical Learning*.
"""

# %%
# The problem
# -----------
# For a data value :math:`z` and a penalty :math:`h`, find
#
# .. math::
#
#    w^\star(z) = \arg\min_w\ F(w), \qquad F(w) = \tfrac12 (w - z)^2 + h(w).
#
# This minimiser is the proximal operator of :math:`h` evaluated at :math:`z`. It is also the
# whole story for a linear model whose features are orthonormal: each coefficient then solves its
# own copy of this problem, with :math:`z` the least-squares estimate.
#
# L1: soft thresholding
# ^^^^^^^^^^^^^^^^^^^^^
# With :math:`h(w) = \lambda |w|`, :math:`F` is differentiable away from zero. For :math:`w > 0`,
# :math:`F'(w) = w - z + \lambda` vanishes at :math:`w = z - \lambda`, a valid candidate only if
# :math:`z > \lambda`; symmetrically :math:`w = z + \lambda` if :math:`z < -\lambda`. When
# :math:`|z| \le \lambda` neither candidate exists and :math:`F` decreases towards zero from both
# sides, so the minimiser is :math:`w = 0`:
#
# .. math::
#
#    w^\star_{L1}(z) = \operatorname{sign}(z)\,\max(|z| - \lambda,\ 0).
#
# L2: proportional shrinkage
# ^^^^^^^^^^^^^^^^^^^^^^^^^^
# With :math:`h(w) = \tfrac\alpha2 w^2`, :math:`F` is a smooth parabola and
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
# With :math:`h(w) = \alpha\,[w \ne 0]` (a fixed price for any non-zero weight) there are only two
# candidates: :math:`w = 0`, costing :math:`z^2/2`, and :math:`w = z`, costing :math:`\alpha`.
# Keeping :math:`z` wins when :math:`z^2/2 > \alpha`:
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
# With :math:`h(w) = \alpha\bigl(\rho|w| + \tfrac{1-\rho}2 w^2\bigr)`, the same case analysis as
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
# :math:`|z| \le 1`.
import numpy as np

import sparsenorm as sn

lam = 1.0  # L1 strength
alpha_l2 = 1.0  # L2 strength
alpha_l0 = lam**2 / 2  # L0 strength: threshold sqrt(2 * alpha_l0) = lam
alpha_en, rho = 1.0, 0.5  # elastic net: threshold alpha * rho = 0.5

penalties = {
    "L1": (lambda w: lam * np.abs(w), lambda z: sn.prox_l1(z, lam)),
    "L2": (lambda w: alpha_l2 / 2 * w**2, lambda z: sn.prox_squared_l2(z, alpha_l2)),
    "L0": (lambda w: alpha_l0 * (w != 0), lambda z: sn.prox_l0(z, alpha_l0)),
    "elastic net": (
        lambda w: alpha_en * (rho * np.abs(w) + (1 - rho) / 2 * w**2),
        lambda z: sn.prox_elastic_net(z, alpha_en, rho),
    ),
}

# The derived formulas, written out, agree with the library bit for bit.
z = np.linspace(-3, 3, 240)  # 240 points: avoids the L0 tie at |z| = 1
derived = {
    "L1": np.sign(z) * np.maximum(np.abs(z) - lam, 0),
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
# :math:`h = 10^{-3}` that contains :math:`w = 0` exactly, and take the best grid point for each
# :math:`z`. Two checks per penalty: no grid point beats the closed form (its objective is never
# larger than the grid minimum), and the grid minimiser lies within one grid step of it.
spacing = 1e-3
w_grid = spacing * np.arange(-4000, 4001)
brute, checks = {}, {}
for name, (h, closed_form) in penalties.items():
    objective = 0.5 * (w_grid[None, :] - z[:, None]) ** 2 + h(w_grid[None, :])
    brute[name] = w_grid[np.argmin(objective, axis=1)]
    exact = closed_form(z)
    exact_objective = 0.5 * (exact - z) ** 2 + h(exact)
    never_beaten = bool(np.all(exact_objective <= objective.min(axis=1) + 1e-12))
    distance = float(np.max(np.abs(brute[name] - exact)))
    checks[name] = (never_beaten, distance)
    print(
        f"{name:11s}: closed form never beaten: {never_beaten}, "
        f"largest distance to the grid minimiser: {distance:.2g} (grid step {spacing:g})"
    )

# %%
# The dead zone
# -------------
# For :math:`|z| \le \lambda` the brute-force search picks the grid point :math:`w = 0` exactly,
# for L1 and L0, and soft thresholding returns exactly zero there. Ridge never does: its
# minimiser :math:`z/(1+\alpha)` is non-zero for every non-zero :math:`z`, however small.
dead = np.abs(z) <= lam
print(f"{dead.sum()} values of z with |z| <= {lam:g}:")
for name in penalties:
    exact = penalties[name][1](z)
    print(
        f"  {name:11s}: brute force exactly 0 for {np.count_nonzero(brute[name][dead] == 0):3d}, "
        f"closed form exactly 0 for {np.count_nonzero(exact[dead] == 0):3d}"
    )
tiny_z = np.array([1e-3, 1e-9, 1e-300])
print("ridge at tiny z:", sn.prox_squared_l2(tiny_z, alpha_l2))
print("L1 at tiny z:   ", sn.prox_l1(tiny_z, lam))

# %%
# All four on one figure
# ----------------------
# The left panel shows the four solution maps :math:`w^\star(z)` with the brute-force minimisers
# as dots (every eighth :math:`z`). The flat segments on the horizontal axis are exact zeros.
# The right panel shows why: for one :math:`z` inside the dead zone, :math:`F` has its minimum
# at the kink of :math:`|w|` for L1, while the smooth ridge objective bottoms out beside zero.
import matplotlib.pyplot as plt

colors = {"L1": "#0072B2", "L2": "#D55E00", "L0": "#009E73", "elastic net": "#CC79A7"}
styles = {"L1": "-", "L2": "-", "L0": "--", "elastic net": "-."}
NEUTRAL = "#555555"
fig, (ax, ax_obj) = plt.subplots(
    1, 2, figsize=(11, 4.8), layout="constrained", width_ratios=[1.1, 1]
)
ax.axvspan(-lam, lam, color=NEUTRAL, alpha=0.12, label=r"dead zone $|z| \leq \lambda$")
ax.plot(z, z, ":", color=NEUTRAL, label=r"no penalty, $w = z$")
for name, (_, closed_form) in penalties.items():
    ax.plot(z, closed_form(z), styles[name], color=colors[name], linewidth=2, label=name)
    ax.plot(z[::8], brute[name][::8], "o", color=colors[name], markersize=3)
_ = ax.set(xlabel=r"data value $z$", ylabel=r"minimiser $w^\star(z)$", aspect="equal")
_ = ax.legend(loc="upper left", fontsize="small")

z0 = 0.6
w_plot = np.linspace(-1, 1.5, 501)
offsets = {"L1": (-60, 14), "L2": (6, -18)}
for name in ("L1", "L2"):
    h, closed_form = penalties[name]
    ax_obj.plot(w_plot, 0.5 * (w_plot - z0) ** 2 + h(w_plot), color=colors[name], label=name)
    w_star = float(closed_form(z0))
    f_star = 0.5 * (w_star - z0) ** 2 + h(w_star)
    ax_obj.plot(w_star, f_star, "o", color=colors[name])
    ax_obj.annotate(
        rf"$w^\star = {w_star:.2g}$",
        (w_star, f_star),
        xytext=offsets[name],
        textcoords="offset points",
        color=colors[name],
    )
ax_obj.axvline(0, color=NEUTRAL, linewidth=0.8)
_ = ax_obj.set(
    title=rf"$F(w) = \frac{{1}}{{2}}(w - {z0})^2 + h(w)$, inside the dead zone",
    xlabel=r"$w$",
    ylabel=r"$F(w)$",
    ylim=(-0.2, 2.4),
)
_ = ax_obj.legend()

# %%
# Takeaways
# ---------
# * With one weight and one data value, every penalty has a closed-form minimiser, and a
#   brute-force search agrees with all four to within the grid step.
# * L1 and the elastic net return exactly zero on a whole interval of data, the dead zone
#   :math:`|z| \le \lambda` (:math:`|z| \le \alpha\rho` for the elastic net), and shrink larger
#   values by a constant.
# * L2 divides by :math:`1 + \alpha`: smaller, never zero unless the data is zero.
# * L0 keeps or kills: no shrinkage, a jump at :math:`\sqrt{2\alpha}`. It also gives zeros, but
#   it is not convex, which makes it hard to optimise in many dimensions.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4 and Table 3.4 (hard thresholding, ridge, soft thresholding for
#   an orthonormal design).
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, section 2.4 (soft thresholding).
# * `Cross Validated question 74542 <https://stats.stackexchange.com/questions/74542>`_ (one
#   predictor: the lasso estimate is exactly zero once the penalty exceeds the data term).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
