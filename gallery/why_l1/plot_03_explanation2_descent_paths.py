"""
=================================================
Explanation 2, part 2: gradient steps from w₁ = 5
=================================================

The heart of the second reposted answer to `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
(`answer 159379 <https://stats.stackexchange.com/a/159379>`_, by Kent Munthe Caspersen): start
one weight at w₁ = 5, take gradient steps of size η = ½ on the penalty alone, and watch where it
goes. With L1 the weight walks down to zero in ten equal steps; with L2 it halves at every step
and never gets there. This page computes both walks with :func:`sparsenorm.penalty_descent`,
prints every iterate and redraws the answer's two step-by-step figures.
"""

# %%
# The update rule
# ---------------
#
# Gradient descent on a penalty :math:`L` alone moves the weight against the slope,
#
# .. math::
#
#    w_1' = w_1 - \eta \, \frac{\partial L}{\partial w_1}, \qquad \eta = \tfrac12 .
#
# For :math:`L_1` the slope is :math:`\operatorname{sign}(w_1) = 1` while :math:`w_1 > 0`, so
# each step is :math:`w_1' = w_1 - \tfrac12`. For :math:`L_2 = \tfrac12 w_1^2` the slope is
# :math:`w_1`, so each step is :math:`w_1' = w_1 - \tfrac12 w_1 = \tfrac12 w_1`.
import numpy as np

import sparsenorm as sn

w0, eta, n_steps = 5.0, 0.5, 10
l1_path = sn.penalty_descent(sn.L1(alpha=1.0), w0, step=eta, n_steps=n_steps)
l2_path = sn.penalty_descent(sn.SquaredL2(alpha=1.0), w0, step=eta, n_steps=n_steps)

# %%
# The iterates
# ------------
#
# One row per step: the weight before the step, the slope there, and the length
# :math:`\eta \times \text{slope}` of the step taken.
l1_grad = sn.L1(alpha=1.0).subgradient(l1_path)
l2_grad = sn.SquaredL2(alpha=1.0).grad(l2_path)

print(f"{'':>3} {'─────────── L1 ───────────':^26}   {'──────────────── L2 ────────────────':^41}")
print(f"{'k':>3} {'w₁':>8} {'slope':>8} {'step':>8}   {'w₁':>13} {'slope':>13} {'step':>13}")
for k in range(n_steps + 1):
    print(
        f"{k:3d} {l1_path[k]:8g} {l1_grad[k]:8g} {eta * l1_grad[k]:8g}   "
        f"{l2_path[k]:13.10g} {l2_grad[k]:13.10g} {eta * l2_grad[k]:13.10g}"
    )
print(f"L1 weight after {n_steps} steps: {l1_path[-1]:g} (exactly zero: {l1_path[-1] == 0.0})")
print(
    f"L2 weight after {n_steps} steps: {l2_path[-1]:.10g} (= 5 / 2**{n_steps}: "
    f"{l2_path[-1] == 5 / 2**n_steps})"
)

# %%
# Every :math:`L_1` step has the same length, :math:`0.5`, so ten of them use up the
# :math:`5`. Each :math:`L_2` step is half as long as the one before: the weight is
# :math:`5 \cdot 2^{-k}` after :math:`k` steps, positive for every :math:`k`. Here the
# :math:`L_1` zero is exact in floating point too, because :math:`5` and every multiple of
# :math:`0.5` below it are exact binary numbers; a start such as :math:`5.2` overshoots zero
# instead (see :ref:`sphx_glr_auto_examples_beyond`). Once the weight is 0 the subgradient
# sparsenorm uses is 0, so it stays there.
#
# Figure 3: the L1 descent path
# -----------------------------
#
# The right half of the V, with the ten steps marked down the line.
import matplotlib.pyplot as plt

L1_COLOR, L2_COLOR = "#0072B2", "#D55E00"  # the site's colours (see the About page)
RULE = r"$w_1' = w_1 - 0.5 \cdot \mathrm{gradient}$"

l1 = sn.L1(alpha=1.0)
grid = np.linspace(0, 5.5, 200)
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
ax.plot(grid, [l1.value([g]) for g in grid], color="0.6", lw=1.5, zorder=0)
heights = np.array([l1.value([w]) for w in l1_path])
ax.plot(l1_path, heights, ls="none", marker="o", color=L1_COLOR, ms=7)
for k in range(n_steps):
    ax.annotate(
        "",
        xy=(l1_path[k + 1], heights[k + 1]),
        xytext=(l1_path[k], heights[k]),
        arrowprops={"arrowstyle": "->", "color": L1_COLOR, "lw": 1.8, "shrinkA": 4, "shrinkB": 4},
    )
ax.annotate(
    r"initial model ($w_1 = 5$)",
    xy=(l1_path[0], heights[0]),
    xytext=(2.6, 5.2),
    arrowprops={"arrowstyle": "->", "color": "black"},
)
ax.annotate(
    r"$w_1 = 0$ after 10 steps", xy=(0, 0), xytext=(0.6, -0.55), color=L1_COLOR, fontsize=11
)
ax.text(0.3, 4.4, f"{RULE}\ngradient = 1\nevery step has length 0.5", fontsize=11, va="top")
ax.set(
    xlabel=r"$w_1$",
    ylabel=r"$L_1(w) = |w_1|$",
    xticks=range(6),
    yticks=range(6),
    xlim=(-0.2, 5.6),
    ylim=(-0.8, 5.7),
    title=r"$L_1$: gradient steps from $w_1 = 5$, $\eta = 0.5$",
)
plt.show()

# %%
# Figure 4: the L2 descent path
# -----------------------------
#
# The parabola, with the first steps labelled by their gradient and their length. Each arrow
# is half as long as the previous one.
l2 = sn.SquaredL2(alpha=1.0)
grid = np.linspace(-0.3, 5.5, 200)
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
ax.plot(grid, [l2.value([g]) for g in grid], color="0.6", lw=1.5, zorder=0)
shown = l2_path[:4]
heights = np.array([l2.value([w]) for w in shown])
ax.plot(shown, heights, ls="none", marker="o", color=L2_COLOR, ms=7)
for k in range(3):
    ax.annotate(
        "",
        xy=(shown[k + 1], heights[k + 1]),
        xytext=(shown[k], heights[k]),
        arrowprops={"arrowstyle": "->", "color": L2_COLOR, "lw": 1.8, "shrinkA": 4, "shrinkB": 4},
    )
    # Label each arrow above-left of its middle, away from the curve below it.
    ax.annotate(
        f"gradient = {l2.grad(shown[k]):g}\nstep = {eta * l2.grad(shown[k]):g}",
        xy=((shown[k] + shown[k + 1]) / 2, (heights[k] + heights[k + 1]) / 2),
        xytext=(-8, 8),
        textcoords="offset points",
        fontsize=10,
        color=L2_COLOR,
        ha="right",
        va="bottom",
    )
for k, w in enumerate(shown):
    ax.annotate(
        f"{w:g}", xy=(w, heights[k]), xytext=(0, -16), textcoords="offset points", ha="center"
    )
ax.annotate(
    r"initial model ($w_1 = 5$)",
    xy=(shown[0], heights[0]),
    xytext=(2.4, 13.6),
    arrowprops={"arrowstyle": "->", "color": "black"},
)
ax.text(0.0, 13.0, f"{RULE}\ngradient = $w_1$", fontsize=11, va="top")
ax.set(
    xlabel=r"$w_1$",
    ylabel=r"$L_2(w) = w_1^2 / 2$",
    xticks=range(6),
    yticks=[0, 12.5],
    yticklabels=["0", "12.5"],
    xlim=(-0.4, 5.8),
    ylim=(-1.2, 15),
    title=r"$L_2$: gradient steps from $w_1 = 5$, $\eta = 0.5$",
)
plt.show()

# %%
# The two walks side by side
# --------------------------
#
# The weight against the step number :math:`k`. The :math:`L_1` weight falls on a straight line
# and lands on zero at :math:`k = 10`; the :math:`L_2` weight follows :math:`5 \cdot 2^{-k}`,
# approaching zero without reaching it.

# sphinx_gallery_thumbnail_number = 3
k = np.arange(n_steps + 1)
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
ax.plot(k, l1_path, color=L1_COLOR, marker="o", lw=2, label=r"$L_1$: $w_1 - 0.5$ per step")
ax.plot(k, l2_path, color=L2_COLOR, marker="s", ls="--", lw=2, label=r"$L_2$: $w_1 / 2$ per step")
ax.axhline(0, color="0.5", lw=0.8, zorder=0)
ax.annotate(
    "exactly 0",
    xy=(n_steps, 0),
    xytext=(8.4, -0.8),
    color=L1_COLOR,
    arrowprops={"arrowstyle": "->", "color": L1_COLOR},
)
ax.annotate(
    rf"$5 \cdot 2^{{-10}} \approx {l2_path[-1]:.4f}$",
    xy=(n_steps, l2_path[-1]),
    xytext=(3.4, 0.9),
    color=L2_COLOR,
    arrowprops={"arrowstyle": "->", "color": L2_COLOR},
)
ax.set(xlabel="step $k$", ylabel="weight $w_1$ after $k$ steps", xticks=k, ylim=(-1.1, 5.3))
ax.legend(frameon=False)
plt.show()

# %%
# "Never" holds in exact arithmetic
# ---------------------------------
#
# With real numbers :math:`5 \cdot 2^{-k}` is never zero. A computer's floating-point numbers
# run out: halving eventually reaches the smallest positive number the format can hold, and
# there the step :math:`\tfrac12 w_1` rounds to zero, so the weight stops moving *without*
# reaching zero. The run below keeps going until the weight no longer changes.
for dtype in (np.float64, np.float32):
    long_path = sn.penalty_descent(sn.SquaredL2(alpha=1.0), dtype(w0), step=eta, n_steps=1200)
    stuck_at = int(np.flatnonzero(long_path == long_path[-1])[0])
    tiniest = np.finfo(dtype).smallest_subnormal
    print(
        f"{np.dtype(dtype).name}: stops moving after {stuck_at} steps, at w₁ = {long_path[-1]:.4g}"
    )
    print(f"  the smallest positive {np.dtype(dtype).name}? {long_path[-1] == tiniest}")
    print(f"  an exact zero among the iterates? {bool(np.any(long_path == 0))}")

# %%
# Takeaways
# ---------
#
# * An :math:`L_1` gradient step has the same length however small the weight, so the weight
#   reaches zero after a finite number of steps: ten, from :math:`5` with :math:`\eta = 0.5`.
# * An :math:`L_2` gradient step is proportional to the weight, so the weight only ever halves;
#   it is :math:`5 \cdot 2^{-k}` after :math:`k` steps and never zero (in floating point it gets
#   stuck at the smallest positive number instead).
# * The answer notes two caveats: :ref:`a large step
#   <sphx_glr_auto_examples_why_l1_plot_04_large_step_caveat.py>` can take an :math:`L_2`
#   weight to zero, and :ref:`the data term
#   <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>` of a real model pulls back.
#
# References
# ----------
#
# * K. M. Caspersen, `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
#   `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_,
#   Cross Validated (CC BY-SA).
# * Starts that are not a multiple of the step, small steps and proximal steps:
#   :ref:`sphx_glr_auto_examples_beyond`.
