r"""
===================================================
Explanation 1: shrinking a big entry or a small one
===================================================

The first answer reposted under the Cross Validated question `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
(the repost we follow does not name its author) compares two ways of spending the same
small amount of shrinkage on the vector :math:`x = (1, \varepsilon)`: take it off the big
entry, or off the small one. This page redoes that comparison exactly, computes it
with sparsenorm for concrete numbers, and draws how it changes with :math:`\delta` and
:math:`\varepsilon`. It ends with what the argument gets right, what it leaves out, and where
the two halves are joined.
"""

# %%
# The derivation
# --------------
#
# The answer writes :math:`x` for the weights (the site's :math:`w`, :ref:`notation`) and
# compares the :math:`\ell_1` norm with the *squared* :math:`\ell_2` norm, which is the L2
# penalty :math:`\tfrac{\alpha}{2}\|x\|_2^2` up to the factor :math:`\tfrac{\alpha}{2}`.
# Let :math:`0 < \varepsilon < 1` and :math:`x = (1, \varepsilon)`, a vector with one big and
# one small entry:
#
# .. math::
#
#    \|x\|_1 = 1 + \varepsilon, \qquad \|x\|_2^2 = 1 + \varepsilon^2 .
#
# A regulariser may now reduce one entry by :math:`0 < \delta \le \varepsilon`. Taking
# :math:`\delta` off the big entry gives :math:`(1-\delta, \varepsilon)`; taking it off the small
# entry gives :math:`(1, \varepsilon-\delta)`:
#
# .. math::
#
#    \begin{aligned}
#    \|(1-\delta, \varepsilon)\|_1 &= 1 - \delta + \varepsilon, &
#    \|(1-\delta, \varepsilon)\|_2^2 &= 1 - 2\delta + \delta^2 + \varepsilon^2, \\
#    \|(1, \varepsilon-\delta)\|_1 &= 1 - \delta + \varepsilon, &
#    \|(1, \varepsilon-\delta)\|_2^2 &= 1 - 2\varepsilon\delta + \delta^2 + \varepsilon^2 .
#    \end{aligned}
#
# The :math:`\ell_1` norm falls by :math:`\delta` whichever entry pays. The squared
# :math:`\ell_2` norm falls by :math:`2\delta - \delta^2` when the big entry pays, but only by
# :math:`2\varepsilon\delta - \delta^2` when the small one does, and that second gain vanishes
# as :math:`\varepsilon \to 0`.
#
# The six norms, computed
# -----------------------
#
# Take :math:`\varepsilon = 0.1` and :math:`\delta = 0.05`. sparsenorm computes both norms of
# the three vectors; the last column is the drop of the squared norm that the formulas above
# predict.
import numpy as np

import sparsenorm as sn

eps, delta = 0.1, 0.05
vectors = {
    "(1, ε)": np.array([1.0, eps]),
    "(1 − δ, ε)": np.array([1.0 - delta, eps]),
    "(1, ε − δ)": np.array([1.0, eps - delta]),
}
l1 = {name: sn.l1_norm(v) for name, v in vectors.items()}
l2 = {name: sn.squared_l2_norm(v) for name, v in vectors.items()}
formula = {"(1 − δ, ε)": 2 * delta - delta**2, "(1, ε − δ)": 2 * eps * delta - delta**2}

print(f"ε = {eps}, δ = {delta}")
print(
    f"{'vector':>11} {'‖·‖₁':>7} {'‖·‖₂²':>7} {'‖·‖₁ drop':>10} {'‖·‖₂² drop':>11} {'formula':>8}"
)
for name in vectors:
    row = f"{name:>11} {l1[name]:7.4f} {l2[name]:7.4f}"
    if name in formula:
        drop_l1, drop_l2 = l1["(1, ε)"] - l1[name], l2["(1, ε)"] - l2[name]
        row += f" {drop_l1:10.4f} {drop_l2:11.4f} {formula[name]:8.4f}"
    print(row)

# %%
# Both shrunk vectors have the same :math:`\ell_1` norm, :math:`1.05`, so for an
# :math:`\ell_1` penalty the two moves are worth the same (in floating point, equal to the
# four printed digits). For the squared :math:`\ell_2` norm, taking :math:`0.05` off the
# big entry is worth :math:`0.0975`, taking it off the small entry only :math:`0.0075`: thirteen
# times less.
ratio = (l2["(1, ε)"] - l2["(1 − δ, ε)"]) / (l2["(1, ε)"] - l2["(1, ε − δ)"])
print(f"ℓ2² drop, big entry / small entry: {ratio:.1f}")

# %%
# How the gains depend on δ and ε
# -------------------------------
#
# In the top panel :math:`\varepsilon = 0.2` is fixed and :math:`\delta` grows up to
# :math:`\varepsilon`. The :math:`\ell_1` drop is the same line for both entries; the two
# squared-norm drops part ways at once. In the bottom panel :math:`\delta = \varepsilon`: the
# small entry is pushed all the way to zero, the move that creates sparsity. Its :math:`\ell_1`
# reward is :math:`\varepsilon`, its squared-norm reward only :math:`\varepsilon^2`, a reward
# that disappears quadratically as the entry gets small.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")


def drops(eps, delta):
    """Drops in ‖·‖₁ and ‖·‖₂² of (1, ε) when δ is taken off the big or the small entry."""
    x = np.stack([np.ones_like(delta), np.full_like(delta, eps)], axis=-1)
    big = x - np.stack([delta, np.zeros_like(delta)], axis=-1)
    small = x - np.stack([np.zeros_like(delta), delta], axis=-1)
    l1_x, l2_x = sn.l1_norm(x, axis=-1), sn.squared_l2_norm(x, axis=-1)
    return {
        "l1_big": l1_x - sn.l1_norm(big, axis=-1),
        "l1_small": l1_x - sn.l1_norm(small, axis=-1),
        "l2_big": l2_x - sn.squared_l2_norm(big, axis=-1),
        "l2_small": l2_x - sn.squared_l2_norm(small, axis=-1),
    }


eps_fixed = 0.2
delta_grid = np.linspace(0, eps_fixed, 101)
d = drops(eps_fixed, delta_grid)
eps_grid = np.linspace(0, 1, 101)
to_zero = drops(eps_grid, eps_grid)  # δ = ε: the small entry goes to 0

fig, (ax_delta, ax_eps) = plt.subplots(2, 1, figsize=(5, 6.5))
ax_delta.plot(delta_grid, d["l1_big"], "C0-.", label=r"$\ell_1$, either entry")
ax_delta.plot(delta_grid, d["l2_big"], "C1-", label=r"$\ell_2^2$, big entry")
ax_delta.plot(delta_grid, d["l2_small"], "C1--", label=r"$\ell_2^2$, small entry")
ax_eps.plot(eps_grid, to_zero["l1_small"], "C0-.", label=r"$\ell_1$: $\varepsilon$")
ax_eps.plot(eps_grid, to_zero["l2_small"], "C1--", label=r"$\ell_2^2$: $\varepsilon^2$")
# sphinx_gallery_start_ignore
ax_delta.set(
    xlabel=r"amount of shrinkage $\delta$",
    ylabel="drop in the norm",
    title=rf"$\varepsilon = {eps_fixed}$, $0 \leq \delta \leq \varepsilon$",
    xticks=np.linspace(0, eps_fixed, 5),
)
ax_delta.legend()
ax_eps.set(
    xlabel=r"size $\varepsilon$ of the small entry",
    ylabel="drop in the norm",
    title=r"zeroing the small entry ($\delta = \varepsilon$)",
)
ax_eps.legend(title="reward for making it 0")
fig.set_label(
    "Top: with epsilon 0.2, the l1 drop equals delta whichever entry is shrunk. The squared l2 "
    "drop grows almost twice as fast as delta when the big entry is shrunk, and much more "
    "slowly when the small one is. "
    "Bottom: the reward for setting the small entry to zero is epsilon for l1 and epsilon "
    "squared for squared l2."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The comparison that does not depend on the strength
# ---------------------------------------------------
#
# Comparing an :math:`\ell_1` reward with a squared-norm reward says little on its own: a
# penalty is multiplied by a strength :math:`\alpha` chosen freely, so either reward can be made
# as large as one likes. What does not depend on :math:`\alpha` is the comparison *inside* one
# penalty: how much the penalty values the move that zeros the small entry (take
# :math:`\varepsilon` off it) against the same amount taken off the big entry. For the
# :math:`\ell_1` norm the two are worth the same, a ratio of :math:`1` for every
# :math:`\varepsilon`. For the squared norm the ratio is
# :math:`\varepsilon^2 / (2\varepsilon - \varepsilon^2) = \varepsilon / (2 - \varepsilon)`,
# which goes to :math:`0` with the entry: the smaller the entry, the less the squared norm cares
# whether it becomes zero.
print(f"{'ε':>7} {'ℓ1: small / big':>16} {'ℓ2²: small / big':>17} {'ε / (2 − ε)':>12}")
for e in [0.5, 0.1, 0.01, 0.001]:
    r = drops(e, np.array(e))
    print(
        f"{e:7g} {r['l1_small'] / r['l1_big']:16.4g} "
        f"{r['l2_small'] / r['l2_big']:17.4g} {e / (2 - e):12.4g}"
    )

# %%
# At :math:`\varepsilon = 10^{-3}` the squared norm values zeroing the small entry about 2000
# times less than the same shrinkage on the big entry (the ratio is :math:`1/1999`); the
# :math:`\ell_1` norm values both the same.
#
# What the explanation gets right, and what it leaves out
# -------------------------------------------------------
#
# It gets the penalty side right. To first order the squared norm's drop
# :math:`2\varepsilon\delta - \delta^2` is :math:`\delta` times :math:`2\varepsilon`, the slope
# of :math:`x^2` at :math:`\varepsilon`, and that slope vanishes at zero; the :math:`\ell_1`
# drop is :math:`\delta` times :math:`1`, the slope of :math:`|x|`, all the way down.
#
# It leaves out the other side. No regulariser picks an entry and shrinks it by
# :math:`\delta`: a fitted model minimises a data term plus the penalty, and whether a small
# entry ends at zero is decided by weighing the penalty's reward against what the data term
# loses. Nothing in :math:`x = (1, \varepsilon)` says how hard the data pull, so the argument
# cannot say when a weight becomes exactly zero. :ref:`What makes the zeros
# <sphx_glr_auto_examples_why_l1_plot_06_the_kink_makes_the_zeros.py>` adds that half: the
# L1 penalty's slope :math:`\alpha` at zero holds off every data pull up to :math:`\alpha`,
# while the squared norm's slope :math:`0` holds off no pull except a zero one.
#
# Takeaways
# ---------
#
# * Under :math:`\ell_1`, a unit of shrinkage is worth the same on any entry, including the last
#   unit that takes a small entry to zero.
# * Under the squared :math:`\ell_2` norm, the worth of a unit of shrinkage is proportional to
#   the entry's size (to first order): taking an already small entry to zero is worth almost
#   nothing compared with shrinking a big one, whatever the strength :math:`\alpha`.
# * Put the other way round, as the answer does: :math:`\ell_1` does not so much favour
#   sparsity as the squared :math:`\ell_2` norm works against it, with returns that diminish
#   near zero.
# * Whether a weight actually ends at zero depends on the data term too; Explanation 2
#   (:ref:`part 1
#   <sphx_glr_auto_examples_why_l1_plot_02_explanation2_penalties_and_gradients.py>`) reaches
#   the same slopes through gradients, and :ref:`the joining page
#   <sphx_glr_auto_examples_why_l1_plot_06_the_kink_makes_the_zeros.py>` weighs them against
#   the data.
#
# References
# ----------
#
# * An answer to the Cross Validated question `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
#   (CC BY-SA), the answer reposted as Explanation 1; the repost we follow does not name its
#   author.
# * T. Hastie, R. Tibshirani, J. Friedman, `The Elements of Statistical Learning
#   <https://hastie.su.domains/ElemStatLearn/>`_, 2nd ed., §3.4.3 (figure 3.11, the lasso's
#   diamond against the ridge disk).
