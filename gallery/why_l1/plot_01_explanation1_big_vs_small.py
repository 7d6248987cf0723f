"""
======================================================
Explanation 1: shrinking a big entry or a small one
======================================================

The first answer reposted under the Cross Validated question `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_ compares two
ways a regulariser could spend the same small amount of shrinkage on the vector x = (1, ε):
take it off the big entry, or off the small one. This page redoes that comparison exactly,
computes it with sparsenorm for concrete numbers, and draws how the answer changes with δ and
ε. It is the shortest route to the idea that an ℓ₂ penalty gains almost nothing from making a
small weight zero.
"""

# %%
# The derivation
# --------------
#
# Let :math:`0 < \varepsilon < 1` and :math:`x = (1, \varepsilon)`, a vector with one big and
# one small entry. Its two penalties are
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
# The four norms, computed
# ------------------------
#
# Take :math:`\varepsilon = 0.1` and :math:`\delta = 0.05`. sparsenorm computes the norms of the
# three vectors; the last two columns are the drops the formulas above predict.
import numpy as np

import sparsenorm as sn

eps, delta = 0.1, 0.05
x = np.array([1.0, eps])
shrink_big = x - [delta, 0.0]
shrink_small = x - [0.0, delta]

l1 = {name: sn.l1_norm(v) for name, v in [("x", x), ("big", shrink_big), ("small", shrink_small)]}
l2 = {
    name: sn.squared_l2_norm(v)
    for name, v in [("x", x), ("big", shrink_big), ("small", shrink_small)]
}
predicted_l2_drop = {"big": 2 * delta - delta**2, "small": 2 * eps * delta - delta**2}

print(f"eps = {eps}, delta = {delta}")
print(
    f"{'vector':>16} {'‖·‖₁':>8} {'‖·‖₂²':>8} {'‖·‖₁ drop':>10} {'‖·‖₂² drop':>11} {'formula':>8}"
)
print(f"{'(1, ε)':>16} {l1['x']:8.4f} {l2['x']:8.4f}")
for name, label in [("big", "(1 − δ, ε)"), ("small", "(1, ε − δ)")]:
    print(
        f"{label:>16} {l1[name]:8.4f} {l2[name]:8.4f} {l1['x'] - l1[name]:10.4f} "
        f"{l2['x'] - l2[name]:11.4f} {predicted_l2_drop[name]:8.4f}"
    )

# %%
# Both shrunk vectors have the same :math:`\ell_1` norm, :math:`1.05`, so for an
# :math:`\ell_1` penalty the two moves are worth exactly the same (in floating point, up to
# rounding in the last digit). For the squared :math:`\ell_2` norm, taking :math:`0.05` off the
# big entry is worth :math:`0.0975`, taking it off the small entry only :math:`0.0075`: thirteen
# times less.
ratio = (l2["x"] - l2["big"]) / (l2["x"] - l2["small"])
print(f"ℓ2 gain of shrinking the big entry / gain of shrinking the small one: {ratio:.1f}")

# %%
# How the gains depend on δ and ε
# -------------------------------
#
# On the left, :math:`\varepsilon = 0.2` is fixed and :math:`\delta` grows up to
# :math:`\varepsilon`. The :math:`\ell_1` drop is the same line for both entries; the two
# :math:`\ell_2` drops part ways at once. On the right, :math:`\delta = \varepsilon`: the small
# entry is pushed all the way to zero, which is the move that creates sparsity. Its
# :math:`\ell_1` reward is :math:`\varepsilon`, its :math:`\ell_2` reward only
# :math:`\varepsilon^2`, a reward that disappears quadratically as the entry gets small.
import matplotlib.pyplot as plt

L1_COLOR, L2_COLOR = "#0072B2", "#D55E00"  # the site's colours (see the About page)


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


fig, (ax_delta, ax_eps) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")

eps_fixed = 0.2
delta_grid = np.linspace(0, eps_fixed, 101)
d = drops(eps_fixed, delta_grid)
ax_delta.plot(delta_grid, d["l1_big"], color=L1_COLOR, lw=2.5, label=r"$\ell_1$, either entry")
ax_delta.plot(delta_grid, d["l2_big"], color=L2_COLOR, label=r"$\ell_2^2$, big entry")
ax_delta.plot(delta_grid, d["l2_small"], color=L2_COLOR, ls="--", label=r"$\ell_2^2$, small entry")
ax_delta.set(
    xlabel=r"amount of shrinkage $\delta$",
    ylabel="drop in the penalty",
    title=rf"$\varepsilon = {eps_fixed}$, $0 \leq \delta \leq \varepsilon$",
    xticks=np.linspace(0, eps_fixed, 5),
)
ax_delta.legend(frameon=False)

eps_grid = np.linspace(0, 1, 101)
to_zero = {key: np.array([drops(e, np.array(e))[key] for e in eps_grid]) for key in d}
ax_eps.plot(
    eps_grid, to_zero["l1_small"], color=L1_COLOR, lw=2.5, label=r"$\ell_1$: $\varepsilon$"
)
ax_eps.plot(
    eps_grid, to_zero["l2_small"], color=L2_COLOR, ls="--", label=r"$\ell_2^2$: $\varepsilon^2$"
)
ax_eps.set(
    xlabel=r"size $\varepsilon$ of the small entry",
    ylabel="drop in the penalty",
    title=r"zeroing the small entry ($\delta = \varepsilon$)",
)
ax_eps.legend(frameon=False, title="reward for making it 0")
plt.show()

# %%
# Showing, not saying: ℓ2 discourages sparsity
# --------------------------------------------
#
# The table below prints the reward each penalty gives for setting the small entry exactly to
# zero, for smaller and smaller entries. The :math:`\ell_1` reward is the size of the entry; the
# :math:`\ell_2` reward is that size times itself, so relative to :math:`\ell_1` it is worth a
# fraction :math:`\varepsilon` of it. At :math:`\varepsilon = 10^{-3}` an :math:`\ell_2` penalty
# cares a thousand times less than an :math:`\ell_1` penalty whether that weight is zero or not,
# which is why, once the data pull back even slightly, it settles on a small non-zero value.
print(f"{'ε':>8} {'ℓ1 reward':>11} {'ℓ2² reward':>11} {'ℓ2² / ℓ1':>9}")
for e in [0.5, 0.1, 0.01, 0.001]:
    r = drops(e, np.array(e))
    print(
        f"{e:8g} {r['l1_small']:11.3g} {r['l2_small']:11.3g} {r['l2_small'] / r['l1_small']:9.3g}"
    )

# %%
# Takeaways
# ---------
#
# * Under :math:`\ell_1`, a unit of shrinkage is worth the same on any entry, including the last
#   unit that takes a small entry to zero.
# * Under :math:`\ell_2`, the reward is proportional to the entry's size: pushing an already
#   small entry to zero is nearly worthless, so an :math:`\ell_2` regulariser leaves it small
#   but non-zero.
# * Put the other way round, as the answer does: :math:`\ell_1` does not so much favour
#   sparsity as :math:`\ell_2` works against it, with returns that diminish near zero.
#   Explanation 2 (:ref:`part 1
#   <sphx_glr_auto_examples_why_l1_plot_02_explanation2_penalties_and_gradients.py>`) reaches
#   the same conclusion through gradients.
#
# References
# ----------
#
# * Cross Validated, `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
#   (CC BY-SA), the answer reposted as Explanation 1.
# * T. Hastie, R. Tibshirani, J. Friedman, `The Elements of Statistical Learning
#   <https://hastie.su.domains/ElemStatLearn/>`_, 2nd ed., §3.4.3.
