"""
=====================================================
Caveat 1: a large enough step takes L2 to zero
=====================================================

`Answer 159379 <https://stats.stackexchange.com/a/159379>`_ to `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_ admits one way
an L2 gradient step can produce an exact zero: a step so large that it lands on zero or jumps
past it. This page works out when that happens. The step multiplies the weight by 1 − η, so
everything depends on where η sits relative to 1 and 2: exactly zero at η = 1, an endless
see-saw at η = 2, and divergence beyond.
"""

# %%
# One step multiplies the weight by 1 − η
# ---------------------------------------
#
# A gradient step on :math:`L_2(w) = \tfrac12 w_1^2` is
#
# .. math::
#
#    w_1' = w_1 - \eta\, w_1 = (1 - \eta)\, w_1,
#    \qquad\text{so}\qquad w_1^{(k)} = (1 - \eta)^k\, w_1^{(0)} .
#
# * :math:`0 < \eta < 1`: the factor is in :math:`(0, 1)`; the weight shrinks and keeps its
#   sign, never reaching zero (the article's :math:`\eta = \tfrac12`).
# * :math:`\eta = 1`: the factor is :math:`0`; the first step lands exactly on zero.
# * :math:`1 < \eta < 2`: the factor is in :math:`(-1, 0)`; the weight flips sign at every step
#   while shrinking, again never zero.
# * :math:`\eta = 2`: the factor is :math:`-1`; the weight jumps between :math:`+5` and
#   :math:`-5` for ever.
# * :math:`\eta > 2`: :math:`|1 - \eta| > 1`; the weight grows without bound.
#
# :func:`sparsenorm.penalty_descent` runs these steps; the table prints the first iterates for
# each step size.
import numpy as np

import sparsenorm as sn

w0, n_steps = 5.0, 8
etas = [0.5, 1.0, 1.5, 2.0, 2.5]
paths = {
    eta: sn.penalty_descent(sn.SquaredL2(alpha=1.0), w0, step=eta, n_steps=n_steps) for eta in etas
}

print("k   " + "".join(f"{f'η = {eta:g}':>12}" for eta in etas))
for k in range(n_steps + 1):
    print(f"{k:<4d}" + "".join(f"{paths[eta][k]:12.6g}" for eta in etas))
print()
for eta in etas:
    zero_at = np.flatnonzero(paths[eta] == 0)
    print(
        f"η = {eta:g}: factor 1 − η = {1 - eta:g}; first exact zero at step "
        f"{int(zero_at[0]) if zero_at.size else 'none'}"
    )

# %%
# Only :math:`\eta = 1` gives a zero, and it gives it at once. That step is special: it is the
# step that jumps straight to the minimum of :math:`\tfrac12 w_1^2`, whatever the start. With a
# data term added it jumps to the minimum of the whole objective instead, which is not zero
# (see :ref:`the data-term caveat
# <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>`). So the large-step zero is
# an accident of looking at the penalty alone, not a mechanism for sparsity.
#
# The five regimes, drawn
# -----------------------
#
# One panel per step size, all in the :math:`L_2` colour. The dotted line is zero.
import matplotlib.pyplot as plt

L2_COLOR = "#D55E00"  # the site's colour for L2 (see the About page)
TITLES = {0.5: "shrinks", 1.0: "zero in one step", 1.5: "flips, shrinks", 2.0: "flips for ever"}

k = np.arange(n_steps + 1)
fig, axes = plt.subplots(1, len(etas), figsize=(11, 3.2), sharex=True, layout="constrained")
for ax, eta in zip(axes, etas, strict=True):
    ax.axhline(0, color="0.4", lw=1, ls=":")
    ax.plot(k, paths[eta], color=L2_COLOR, marker="o", ms=4, lw=1.5)
    ax.set_title(rf"$\eta = {eta:g}$: {TITLES.get(eta, 'diverges')}", fontsize=10)
    ax.set_xlabel("step $k$")
    ax.set_xticks([0, 4, 8])
axes[0].set_ylabel(r"$w_1$ after $k$ L2 steps")
plt.show()

# %%
# The same story for L1
# ---------------------
#
# For comparison, :math:`L_1` steps have length :math:`\eta` whatever the weight, so from
# :math:`w_1 = 5` they land on zero when :math:`5` is a whole number of steps,
# :math:`\eta = 5/n`: a whole family of step sizes, not one special value. That is exact
# arithmetic again; in floating point it also needs :math:`5/n` to be an exact binary number.
for eta in [0.5, 1.0, 1.25, 2.5, 5 / 3, 2.0]:
    path = sn.penalty_descent(sn.L1(alpha=1.0), w0, step=eta, n_steps=12)
    zero_at = np.flatnonzero(path == 0)
    print(
        f"L1, η = {eta:<5.4g} 5/η = {w0 / eta:<4g} first exact zero: "
        f"{f'step {zero_at[0]}' if zero_at.size else 'none':<8} "
        f"last two: {path[-2]:.3g}, {path[-1]:.3g}"
    )

# %%
# With :math:`\eta = 2`, five is not a whole number of steps: the weight goes
# :math:`5, 3, 1, -1, 1, -1, \dots` and never settles. With :math:`\eta = 5/3` it is, on
# paper; but :math:`5/3` has no exact binary form, three rounded steps miss zero by about
# :math:`4 \times 10^{-16}`, and the weight then see-saws around zero as well. A plain
# subgradient step overshoots whenever the remaining weight is shorter than the step; the
# proximal step of :ref:`sphx_glr_auto_examples_beyond` stops at zero instead.
#
# Takeaways
# ---------
#
# * An :math:`L_2` step multiplies the weight by :math:`1 - \eta`: zero only for
#   :math:`\eta = 1` exactly, sign flips for :math:`1 < \eta < 2`, an endless
#   :math:`\pm 5` for :math:`\eta = 2`, divergence for :math:`\eta > 2`.
# * The :math:`\eta = 1` zero comes from stepping onto the penalty's own minimum; it disappears
#   as soon as a data term moves that minimum.
# * :math:`L_1` reaches zero for every step size that divides the starting weight (in floating
#   point: divides it exactly), and overshoots otherwise.
#
# References
# ----------
#
# * K. M. Caspersen, `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
#   `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_,
#   Cross Validated (CC BY-SA).
