"""
=====================================================
Explanation 2, part 1: the penalties and their slopes
=====================================================

The second reposted answer to `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
(`answer 159379 <https://stats.stackexchange.com/a/159379>`_, by Kent Munthe Caspersen) argues
through gradient descent. Before following the steps, it draws the two penalties of one weight
and their derivatives. This page redraws those two figures with sparsenorm and prints the
slopes, because the whole argument rests on one difference between them: the slope of the
absolute value has the same size at every non-zero weight, the slope of ½w² shrinks with w.
"""

# %%
# The two penalties
# -----------------
#
# For weights :math:`w = (w_1, \dots, w_m)` the answer uses
#
# .. math::
#
#    L_1(w) = \sum_i |w_i|, \qquad L_2(w) = \tfrac12 \sum_i w_i^2,
#
# with derivatives, coordinate by coordinate,
#
# .. math::
#
#    \frac{\partial L_1}{\partial w_i} = \operatorname{sign}(w_i) \quad (w_i \neq 0),
#    \qquad
#    \frac{\partial L_2}{\partial w_i} = w_i .
#
# At :math:`w_i = 0` the absolute value has a corner and no derivative. sparsenorm's
# :func:`~sparsenorm.subgradient_l1` returns 0 there, the element of the subdifferential
# :math:`[-1, 1]` with the smallest size; the figure below leaves the value at 0 undrawn, as
# the answer does. In sparsenorm the two penalties are :class:`~sparsenorm.L1`
# (:math:`\alpha\|w\|_1`) and :class:`~sparsenorm.SquaredL2`
# (:math:`\tfrac{\alpha}{2}\|w\|_2^2`, the site's L2 penalty, :ref:`notation`); the answer's
# :math:`L_1` and :math:`L_2` are these with :math:`\alpha = 1`.
import numpy as np

import sparsenorm as sn

l1, l2 = sn.L1(alpha=1.0), sn.SquaredL2(alpha=1.0)

w = np.array([-5.0, -1.0, -0.1, -0.001, 0.001, 0.1, 1.0, 5.0])
print(f"{'w₁':>8} {'L1(w)':>8} {'dL1/dw':>8} {'L2(w)':>10} {'dL2/dw':>8}")
for wi in w:
    print(
        f"{wi:8g} {l1.value([wi]):8g} {l1.subgradient(wi):8g} "
        f"{l2.value([wi]):10g} {l2.grad(wi):8g}"
    )

# %%
# Read the two slope columns from top to bottom. The :math:`L_1` slope is :math:`-1` or
# :math:`+1` from :math:`w_1 = -5` down to :math:`w_1 = \pm 0.001`; the :math:`L_2` slope is
# the weight itself, a thousand times smaller at :math:`0.001` than at :math:`1`. The same holds
# as close to zero as float64 goes: at the non-zero float64 numbers nearest zero,
# :math:`w_1 = \pm 2^{-1074} \approx \pm 4.9 \times 10^{-324}` (subnormal numbers), the
# :math:`L_1` slope is still :math:`\pm 1`, the :math:`L_2` slope is :math:`\pm 2^{-1074}`
# (the weight times :math:`\alpha = 1`, which is exact).
close = np.array([-1.0, 1.0]) * 2.0**-1074  # the two floats next to 0
print("L1 slopes at ±2**-1074:", l1.subgradient(close))
print("L2 slopes at ±2**-1074:", l2.grad(close))

# %%
# Figure 1: the L1 penalty and its derivative
# -------------------------------------------
#
# Top, the V of :math:`|w_1|` on :math:`[-1, 1]`; bottom, its derivative, a step from
# :math:`-1` to :math:`+1` with a jump at the origin, where nothing is drawn (the open circles
# mark the two one-sided limits).
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

grid = np.linspace(-1, 1, 401)  # contains 0 exactly
l1_values = l1.alpha * np.abs(grid)
l1_slopes = l1.subgradient(grid)
l1_slopes[grid == 0] = np.nan  # no derivative at the corner: leave a gap there

fig, (ax_loss, ax_grad) = plt.subplots(2, 1, figsize=(5, 5.5))
ax_loss.plot(grid, l1_values, color="C0")
ax_grad.plot(grid, l1_slopes, color="C0")
# sphinx_gallery_start_ignore
ax_grad.plot([0, 0], [-1, 1], color="C0", ls="none", marker="o", mfc="white")
ax_loss.set(xlabel=r"$w_1$", ylabel=r"$L_1(w) = |w_1|$", xticks=[-1, 0, 1], yticks=[0, 1])
ax_loss.set(ylim=(-0.1, 1.1), title="the L1 penalty")
ax_grad.set(xlabel=r"$w_1$", ylabel=r"$\partial L_1 / \partial w_1$", xticks=[-1, 0, 1])
ax_grad.set(yticks=[-1, 0, 1], ylim=(-1.3, 1.3), title="its derivative: ±1, undefined at 0")
for ax in (ax_loss, ax_grad):
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
fig.set_label(
    "Top: the L1 penalty, a V shape with its corner at zero. Bottom: its derivative, minus one "
    "for negative weights and plus one for positive weights, with a jump at zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Figure 2: the L2 penalty and its derivative
# -------------------------------------------
#
# Top, the parabola :math:`\tfrac12 w_1^2` on :math:`[-5, 5]`, which reaches
# :math:`\tfrac12 \cdot 5^2 = 12.5` at the ends; bottom, its derivative, the straight line
# :math:`w_1` through the origin.
grid = np.linspace(-5, 5, 401)
l2_values = l2.alpha / 2 * grid**2
l2_slopes = l2.grad(grid)
top = l2.value([5.0])
print(f"L2 penalty at w₁ = ±5: {top:g}")

fig, (ax_loss, ax_grad) = plt.subplots(2, 1, figsize=(5, 5.5))
ax_loss.plot(grid, l2_values, color="C1")
ax_grad.plot(grid, l2_slopes, color="C1")
# sphinx_gallery_start_ignore
ax_loss.set(xlabel=r"$w_1$", ylabel=r"$L_2(w) = w_1^2 / 2$", xticks=[-5, 0, 5])
ax_loss.set(yticks=[0, top], yticklabels=["0", f"{top:g}"], title="the L2 penalty")
ax_grad.set(xlabel=r"$w_1$", ylabel=r"$\partial L_2 / \partial w_1$", xticks=[-5, 0, 5])
ax_grad.set(yticks=[-5, 0, 5], title="its derivative: the weight itself")
for ax in (ax_loss, ax_grad):
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
fig.set_label(
    "Top: the L2 penalty, a parabola that is 12.5 at plus and minus five. Bottom: its "
    "derivative, a straight line through the origin equal to the weight."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * The :math:`L_1` slope has size 1 at every non-zero weight, however small.
# * The :math:`L_2` slope equals the weight, so it fades away exactly where a weight is about
#   to become zero.
# * :ref:`Part 2 <sphx_glr_auto_examples_why_l1_plot_03_explanation2_descent_paths.py>` turns
#   these slopes into gradient steps from :math:`w_1 = 5`; :ref:`the joining page
#   <sphx_glr_auto_examples_why_l1_plot_06_the_kink_makes_the_zeros.py>` sets the slope at
#   zero against the data's pull, which is what decides whether a weight ends at zero.
#
# References
# ----------
#
# * K. M. Caspersen, `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
#   `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_,
#   Cross Validated (CC BY-SA).
# * On subgradients and the corner at zero: :ref:`sphx_glr_auto_examples_beyond`.
