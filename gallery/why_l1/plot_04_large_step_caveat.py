r"""
=========================================
Caveat 1: what a large step does to L2
=========================================

`Answer 159379 <https://stats.stackexchange.com/a/159379>`_ to `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_ admits one way
an :math:`L_2` gradient step can produce an exact zero: a step so large that it lands on zero or
jumps past it. This page works out what each step size does. A step multiplies the weight by
:math:`1 - \eta`, so in exact arithmetic everything depends on where :math:`\eta` sits relative
to 1 and 2: exactly zero at :math:`\eta = 1` and only there, an endless see-saw at
:math:`\eta = 2`, divergence beyond. Floating point adds its own zeros at the bottom of the
number range, and a look at :math:`L_1` steps of other sizes ends the page.
"""

# %%
# One step multiplies the weight by 1 − η
# ---------------------------------------
#
# A gradient step on :math:`L_2(w) = \tfrac12 w_1^2` (the site's L2 penalty with
# :math:`\alpha = 1`, :ref:`notation`) is
#
# .. math::
#
#    w_1' = w_1 - \eta\, w_1 = (1 - \eta)\, w_1,
#    \qquad\text{so}\qquad w_1^{(k)} = (1 - \eta)^k\, w_1^{(0)} .
#
# In exact arithmetic, from :math:`w_1^{(0)} = 5`:
#
# * :math:`0 < \eta < 1`: the factor is in :math:`(0, 1)`; the weight shrinks and keeps its
#   sign, never reaching zero (the article's :math:`\eta = \tfrac12`).
# * :math:`\eta = 1`: the factor is :math:`0`; the first step lands exactly on zero.
# * :math:`1 < \eta < 2`: the factor is in :math:`(-1, 0)`; the weight flips sign at every step
#   while shrinking, again never zero.
# * :math:`\eta = 2`: the factor is :math:`-1`; the weight jumps between :math:`+5` and
#   :math:`-5` for ever.
# * :math:`\eta > 2`: :math:`|1 - \eta| > 1`; the weight grows without bound. In float64 it
#   overflows: with :math:`\eta = 2.5` from :math:`5`, plain numpy's :math:`w - \eta w` is
#   infinite at step 1746 and NaN from step 1747 on, while
#   :func:`sparsenorm.penalty_descent` stops with a ``ValueError`` at step 1746 instead of
#   returning them.
#
# :func:`sparsenorm.penalty_descent` runs these steps in float64; the table prints the first
# iterates for one step size of each kind. Over these eight steps every iterate is an exact
# binary number, so floating point agrees with the exact values.
import numpy as np

import sparsenorm as sn

l2 = sn.SquaredL2(alpha=1.0)
w0, n_steps = 5.0, 8
etas = [0.5, 1.0, 1.5, 2.0, 2.5]
paths = {eta: sn.penalty_descent(l2, w0, step=eta, n_steps=n_steps) for eta in etas}

print("k   " + "".join(f"{f'η = {eta:g}':>12}" for eta in etas))
for k in range(n_steps + 1):
    print(f"{k:<4d}" + "".join(f"{paths[eta][k]:12.6g}" for eta in etas))
print()
for eta in etas:
    zero_at = np.flatnonzero(paths[eta] == 0)
    first = f"at step {zero_at[0]}" if zero_at.size else "none"
    print(f"η = {eta:g}: factor 1 − η = {1 - eta:g}; exact zero in {n_steps} steps: {first}")

# %%
# In exact arithmetic, and in these eight float64 steps, only :math:`\eta = 1` gives a zero,
# and it gives it at once. That step is special: it jumps
# straight to the minimum of :math:`\tfrac12 w_1^2`, whatever the start. With a data term the
# special step changes: for :math:`\tfrac12 (w - z)^2 + \tfrac{\alpha}{2} w^2` the gradient
# step :math:`w - \eta\,[(1 + \alpha) w - z]` jumps to the minimum in one move when
# :math:`\eta = 1/(1 + \alpha)`, and that minimum is :math:`z / (1 + \alpha)`, which is not
# zero unless :math:`z` is (see :ref:`the data-term caveat
# <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>`). So the large-step zero is an
# accident of looking at the penalty alone, not a mechanism for sparsity.
#
# The regimes, drawn
# ------------------
#
# The top panel holds the step sizes for which the weight converges to zero, the bottom panel
# those for which it does not. All are :math:`L_2` steps, so all are drawn in the :math:`L_2`
# colour; marker and line style tell them apart.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

k = np.arange(n_steps + 1)
styles = {0.5: "C1-o", 1.0: "C1:s", 1.5: "C1--^", 2.0: "C1-D", 2.5: "C1--v"}
fig, (ax_conv, ax_div) = plt.subplots(2, 1, figsize=(5, 7), sharex=True)
for eta in etas:
    ax = ax_conv if eta < 2 else ax_div
    ax.plot(k, paths[eta], styles[eta], label=rf"$\eta = {eta:g}$")
# sphinx_gallery_start_ignore
for ax in (ax_conv, ax_div):
    ax.axhline(0, color="0.4", lw=1, ls=":")
    ax.set(ylabel=r"$w_1$ after $k$ steps")
ax_conv.set(title=r"$0 < \eta < 2$: tends to 0", ylim=(-3, 5.5))
ax_conv.legend(
    labels=[
        r"$\eta = 0.5$: shrinks",
        r"$\eta = 1$: 0 in one step",
        r"$\eta = 1.5$: flips, shrinks",
    ],
    loc="upper right",
)
ax_div.set(title=r"$\eta \geq 2$: does not converge", xlabel="step $k$", xticks=k)
ax_div.legend(labels=[r"$\eta = 2$: $\pm 5$ for ever", r"$\eta = 2.5$: grows"], loc="lower left")
fig.set_label(
    "Two panels of L2 gradient steps from 5. Top: with step 0.5 the weight halves towards zero, "
    "with step 1 it is zero after one step, with step 1.5 it flips sign while shrinking. "
    "Bottom: with step 2 it jumps between plus and minus 5, with step 2.5 it grows while "
    "flipping sign."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The same steps, run to the bottom of float64
# --------------------------------------------
#
# The regimes above are exact-arithmetic statements. Run the steps long enough and the weight
# reaches the bottom of the float64 range, where rounding decides (IEEE 754 binary64, round to
# nearest even, subnormal numbers, each operation rounded separately, as numpy computes it). The
# table runs 3000 steps from :math:`5` and reports the first exact zero, or the last two
# iterates when there is none.
print(f"{'η':>5}  {'first exact 0':>14}  {'last two iterates':>22}")
for eta in [0.5, 0.75, 1.25, 1.5, 1.75]:
    path = sn.penalty_descent(l2, w0, step=eta, n_steps=3000)
    zero_at = np.flatnonzero(path == 0)
    first = f"step {zero_at[0]}" if zero_at.size else "none"
    print(f"{eta:5g}  {first:>14}  {path[-2]:>10.2g}, {path[-1]:.2g}")

# %%
# So in float64 other step sizes give exact zeros too: :math:`\eta = 0.75` and
# :math:`\eta = 1.25` reach exactly zero at step 539, while :math:`\eta = \tfrac12` stops on
# the smallest positive float64, :math:`2^{-1074}`, and :math:`\eta = 1.5` and :math:`1.75` end
# see-sawing around zero on that number or its double. These zeros come after hundreds of
# steps, from underflow; they say nothing about sparsity. :ref:`Explanation 2, part 2
# <sphx_glr_auto_examples_why_l1_plot_03_explanation2_descent_paths.py>` gives the rule for
# :math:`0 < \eta < 1`.
#
# The same story for L1
# ---------------------
#
# For comparison, :math:`L_1` steps have length :math:`\eta` whatever the weight, so from
# :math:`w_1 = 5` they land on zero, in exact arithmetic, exactly when :math:`5` is a whole
# number of steps, :math:`\eta = 5/n`: a whole family of step sizes, not one special value.
for eta in [0.5, 1.25, 2.5, 5 / 3, 2.0]:
    path = sn.penalty_descent(sn.L1(alpha=1.0), w0, step=eta, n_steps=12)
    zero_at = np.flatnonzero(path == 0)
    first = f"step {zero_at[0]}" if zero_at.size else "none"
    print(
        f"L1, η = {eta:<6.4g} 5/η = {w0 / eta:<4g} first exact zero: {first:<8} "
        f"last two: {path[-2]:.3g}, {path[-1]:.3g}"
    )

# %%
# With :math:`\eta = 2`, five is not a whole number of steps: the weight goes
# :math:`5, 3, 1, -1, 1, -1, \dots` and never settles. With :math:`\eta = 5/3` it is, on
# paper; but :math:`5/3` has no exact binary form, three rounded steps miss zero by about
# :math:`4 \times 10^{-16}`, and the weight then see-saws around zero as well. In floating
# point each step is rounded, so landing on zero is guaranteed when :math:`5/n` and the partial
# results are exact binary numbers, and otherwise a matter of luck. Among
# :math:`n = 1, \dots, 100`:
from fractions import Fraction

hits = []
for n in range(1, 101):
    path = sn.penalty_descent(sn.L1(alpha=1.0), w0, step=w0 / n, n_steps=n)
    if path[-1] == 0:
        hits.append(n)
exact = [n for n in range(1, 101) if Fraction(w0 / n) == Fraction(5, n)]  # 5/n exact in binary
print(f"exact 0 after n steps: n = {hits}")
print(f"5/n exact in binary:    n = {exact}")
print(f"0 though 5/n rounded:   n = {sorted(set(hits) - set(exact))}")

# %%
# Those are the :math:`n` for which :math:`5/n` is an exact binary number
# (:math:`n = 2^j` or :math:`5 \cdot 2^j`), plus :math:`n = 79`, where the rounding errors of
# 79 subtractions happen to cancel. A plain subgradient step overshoots whenever the remaining
# weight is shorter than the step; the proximal step of :ref:`sphx_glr_auto_examples_beyond`
# stops at zero instead.
#
# Takeaways
# ---------
#
# * In exact arithmetic an :math:`L_2` step multiplies the weight by :math:`1 - \eta`: zero only
#   for :math:`\eta = 1`, sign flips for :math:`1 < \eta < 2`, an endless :math:`\pm 5` for
#   :math:`\eta = 2`, divergence for :math:`\eta > 2`.
# * In float64 many step sizes end on an exact zero after hundreds of steps, by underflow; the
#   outcome depends on :math:`\eta` and on the arithmetic.
# * The :math:`\eta = 1` zero comes from stepping onto the penalty's own minimum; with a data
#   term the one-move step is :math:`1/(1 + \alpha)` and lands on :math:`z/(1 + \alpha)`.
# * :math:`L_1` steps reach zero, in exact arithmetic, exactly when the starting weight is a
#   whole number of steps, and overshoot otherwise; in floating point only when the rounding
#   works out.
#
# References
# ----------
#
# * K. M. Caspersen, `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
#   `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_,
#   Cross Validated (CC BY-SA).
