r"""
=================================================
Explanation 2, part 2: gradient steps from w₁ = 5
=================================================

The heart of the second reposted answer to `"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_
(`answer 159379 <https://stats.stackexchange.com/a/159379>`_, by Kent Munthe Caspersen): start
one weight at :math:`w_1 = 5`, take gradient steps of size :math:`\eta = \tfrac12` on the penalty
alone, and watch where it goes. With :math:`L_1` the weight walks down to zero in ten equal
steps; with :math:`L_2` it halves at every step, and in exact arithmetic never gets there. This
page computes both walks with :func:`sparsenorm.penalty_descent`, prints every iterate, redraws
the answer's two step-by-step figures, and ends with what the argument gets right and what it
leaves out.
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
# :math:`w_1`, so each step is :math:`w_1' = w_1 - \tfrac12 w_1 = \tfrac12 w_1`. (The answer's
# :math:`L_1` and :math:`L_2` are the site's L1 and L2 penalties with :math:`\alpha = 1`,
# :ref:`notation`.)
import numpy as np

import sparsenorm as sn

w0, eta, n_steps = 5.0, 0.5, 10
l1, l2 = sn.L1(alpha=1.0), sn.SquaredL2(alpha=1.0)
l1_path = sn.penalty_descent(l1, w0, step=eta, n_steps=n_steps)
l2_path = sn.penalty_descent(l2, w0, step=eta, n_steps=n_steps)

# %%
# The iterates
# ------------
#
# One row per step: the weight before the step, the slope there, and the length
# :math:`\eta \times \text{slope}` of the step taken. The last row is the weight after the
# tenth step; no step is taken from it.
l1_slope, l2_slope = l1.subgradient(l1_path), l2.grad(l2_path)

print(f"{'':>3} {'─────── L1 ───────':^26}   {'──────── L2 ────────':^38}")
print(f"{'k':>3} {'w₁':>8} {'slope':>8} {'step':>8}   {'w₁':>12} {'slope':>12} {'step':>12}")
for k in range(n_steps):
    print(
        f"{k:3d} {l1_path[k]:8g} {l1_slope[k]:8g} {eta * l1_slope[k]:8g}   "
        f"{l2_path[k]:12.7g} {l2_slope[k]:12.7g} {eta * l2_slope[k]:12.7g}"
    )
print(f"{n_steps:3d} {l1_path[-1]:8g} {'':>8} {'':>8}   {l2_path[-1]:12.7g}")
print(f"L1 weight after {n_steps} steps: {l1_path[-1]:g} (exactly zero: {l1_path[-1] == 0.0})")
exact = l2_path[-1] == 5 / 2**10
print(f"L2 weight after {n_steps} steps: {l2_path[-1]:.10g} (= 5 / 2**10: {exact})")

# %%
# Every :math:`L_1` step has the same length, :math:`0.5`, so ten of them use up the
# :math:`5`. Each :math:`L_2` step is half as long as the one before: the weight is
# :math:`5 \cdot 2^{-k}` after :math:`k` steps, positive for every :math:`k` in exact
# arithmetic. The :math:`L_1` zero is exact in floating point too, because :math:`5`,
# :math:`0.5` and every multiple of :math:`0.5` below :math:`5` are exact binary numbers, so no
# step is rounded. In exact arithmetic equal steps reach zero only from a start that is a whole
# number of steps: from :math:`5.2` the same steps jump past zero and then go back and forth for
# ever (in float64 too, as printed). In float64 the rule is different at both ends. A whole
# number of steps, :math:`w_1 = n\eta`, lands on :math:`0` for certain when every
# :math:`w_1 - k\eta` is a float64 number, because then no subtraction is rounded; and rounding
# can land a walk that exact arithmetic would not: from :math:`5` with the double nearest
# :math:`5/79`, of which :math:`5` is not a whole number of steps, the 79 rounded steps end on
# exactly :math:`0` (:ref:`large steps
# <sphx_glr_auto_examples_why_l1_plot_04_large_step_caveat.py>`).
print("L1 from 5.2, steps 10 to 14:", sn.penalty_descent(l1, 5.2, step=eta, n_steps=14)[10:])

# %%
# Figure 3: the L1 descent path
# -----------------------------
#
# The right half of the V, with the ten steps marked down the line.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

grid = np.linspace(0, 5.5, 200)
heights = np.abs(l1_path)  # the penalty |w₁| at each iterate
fig, ax = plt.subplots(figsize=(5, 4.2))
ax.plot(grid, np.abs(grid), color="0.6", lw=1.5, zorder=0)
ax.plot(l1_path, heights, "C0o")
# sphinx_gallery_start_ignore
for k in range(n_steps):
    ax.annotate(
        "",
        xy=(l1_path[k + 1], heights[k + 1]),
        xytext=(l1_path[k], heights[k]),
        arrowprops={"arrowstyle": "->", "color": "C0", "lw": 1.8, "shrinkA": 4, "shrinkB": 4},
    )
ax.annotate(
    r"initial model ($w_1 = 5$)",
    xy=(l1_path[0], heights[0]),
    xytext=(1.6, 5.3),
    arrowprops={"arrowstyle": "->", "color": "black"},
)
ax.annotate(r"$w_1 = 0$ after 10 steps", xy=(0, 0), xytext=(0.7, -0.6), color="C0")
ax.text(
    0.1,
    4.6,
    r"$w_1' = w_1 - 0.5 \cdot \mathrm{gradient}$" "\ngradient = 1\nevery step: 0.5",
    va="top",
)
ax.set(
    xlabel=r"$w_1$",
    ylabel=r"$L_1(w) = |w_1|$",
    xticks=range(6),
    yticks=range(6),
    xlim=(-0.2, 5.6),
    ylim=(-0.9, 5.8),
    title=r"$L_1$: gradient steps from $w_1 = 5$, $\eta = 0.5$",
)
fig.set_label(
    "The right half of the L1 penalty's V, with eleven dots from w1 = 5 down to 0, each step "
    "0.5 long because the gradient is 1 everywhere on the way."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Figure 4: the L2 descent path
# -----------------------------
#
# The parabola, with the first three steps labelled by their gradient and their length. Each
# arrow is half as long as the previous one.
shown = l2_path[:4]
grid = np.linspace(-0.3, 5.5, 200)
fig, ax = plt.subplots(figsize=(5, 4.2))
ax.plot(grid, grid**2 / 2, color="0.6", lw=1.5, zorder=0)
ax.plot(shown, shown**2 / 2, "C1s")
# sphinx_gallery_start_ignore
for k in range(3):
    ax.annotate(
        "",
        xy=(shown[k + 1], shown[k + 1] ** 2 / 2),
        xytext=(shown[k], shown[k] ** 2 / 2),
        arrowprops={"arrowstyle": "->", "color": "C1", "lw": 1.8, "shrinkA": 4, "shrinkB": 4},
    )
labels = "\n".join(
    f"step {k + 1}: gradient {l2.grad(shown[k]):g}, length {eta * l2.grad(shown[k]):g}"
    for k in range(3)
)
ax.text(
    0.0,
    14.2,
    r"$w_1' = w_1 - 0.5 \cdot \mathrm{gradient}$, gradient = $w_1$" "\n" + labels,
    va="top",
    color="black",
)
for w in shown:
    ax.annotate(
        f"{w:g}", xy=(w, w**2 / 2), xytext=(0, -18), textcoords="offset points", ha="center"
    )
ax.set(
    xlabel=r"$w_1$",
    ylabel=r"$L_2(w) = w_1^2 / 2$",
    xticks=range(6),
    yticks=[0, 12.5],
    yticklabels=["0", "12.5"],
    xlim=(-0.4, 5.8),
    ylim=(-1.6, 15),
    title=r"$L_2$: gradient steps from $w_1 = 5$, $\eta = 0.5$",
)
fig.set_label(
    "The L2 penalty's parabola with four squares at w1 = 5, 2.5, 1.25 and 0.625. Each step "
    "halves the weight, so the steps have lengths 2.5, 1.25 and 0.625."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The two walks side by side
# --------------------------
#
# The weight against the step number :math:`k`, on an ordinary scale (top) and on a
# logarithmic one (bottom). On the ordinary scale the :math:`L_2` weight soon looks like zero;
# the log scale shows that it is not: :math:`5 \cdot 2^{-k}` is a straight line that keeps
# going down. The :math:`L_1` weight lands on zero at :math:`k = 10`, which a log scale cannot
# draw, so that zero is marked on the lower edge.

# sphinx_gallery_thumbnail_number = 3
k = np.arange(n_steps + 1)
fig, (ax_lin, ax_log) = plt.subplots(2, 1, figsize=(5, 6.5), sharex=True)
positive = l1_path > 0  # a log scale can only draw the positive iterates
ax_lin.plot(k, l1_path, "C0-o", label=r"$L_1$: $w_1 - 0.5$ per step")
ax_lin.plot(k, l2_path, "C1--s", label=r"$L_2$: $w_1 / 2$ per step")
ax_log.semilogy(k[positive], l1_path[positive], "C0-o")
ax_log.semilogy(k, l2_path, "C1--s")
# sphinx_gallery_start_ignore
ax_log.plot(
    k[l1_path == 0], [0.03], "C0v", transform=ax_log.get_xaxis_transform(), clip_on=False, ms=9
)
ax_log.annotate(
    "$L_1$: exactly 0",
    xy=(n_steps, 0.03),
    xycoords=ax_log.get_xaxis_transform(),
    xytext=(5.6, 0.04),
    textcoords=ax_log.get_xaxis_transform(),
    color="C0",
    arrowprops={"arrowstyle": "->", "color": "C0"},
)
ax_log.annotate(
    rf"$L_2$: $5 \cdot 2^{{-10}} \approx {l2_path[-1]:.4f}$",
    xy=(n_steps, l2_path[-1]),
    xytext=(0.2, 2.5e-3),
    color="C1",
    arrowprops={"arrowstyle": "->", "color": "C1"},
)
ax_lin.axhline(0, color="0.5", lw=0.8, zorder=0)
ax_lin.set(ylabel="$w_1$ after $k$ steps", ylim=(-0.4, 5.4), title="ordinary scale")
ax_lin.legend()
ax_log.set(
    xlabel="step $k$",
    ylabel="$w_1$ (log scale)",
    xticks=k[::2],
    ylim=(5e-4, 10),
    title="log scale: the L2 weight stays above 0",
)
fig.set_label(
    "The weight against the step number. Top, on an ordinary scale, the L1 weight falls on a "
    "straight line to zero at step 10 while the L2 weight halves and soon looks like zero. "
    "Bottom, on a log scale, the L2 weight is a straight line still going down at 0.0049 after "
    "ten steps, and the L1 weight's exact zero is marked on the lower edge."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Explore it: start, step size and kind of step
# ---------------------------------------------
#
# .. The descent explorable: drawn by docs/_ext/sngallery.py from the Vega-Lite specification
#    below, driven by tests/browser/test_explorables.py.
#
# Move the start :math:`w_1` (from 0.5 to 5 in steps of 0.5), the step size :math:`\eta` (from
# 0.1 to 1.5 in steps of 0.1) and the number of steps :math:`k` (up to 20). The figure draws
# four walks on the penalty alone, with :math:`\alpha = 1`: plain gradient steps
# :math:`w_1' = w_1 - \eta \cdot \text{slope}`, as above (for :math:`L_1` the slope is
# :math:`\operatorname{sign}(w_1)`, 0 at :math:`w_1 = 0`), and proximal steps
# :math:`w_1' = \operatorname{prox}_{\eta L}(w_1)`, the minimiser of
# :math:`\tfrac12 (u - w_1)^2 + \eta L(u)`, as solvers take them: for :math:`L_1`,
# :math:`\max(|w_1| - \eta, 0)` with the sign of :math:`w_1` (soft thresholding), for
# :math:`L_2`, :math:`w_1 / (1 + \eta)`. Below it are the four weights after :math:`k` steps,
# and whether each is exactly 0. Try :math:`\eta = 0.1` from :math:`w_1 = 1`: after ten plain
# :math:`L_1` steps the weight is :math:`1.4 \times 10^{-16}`, not 0 (ten rounded subtractions
# of the double nearest 0.1), and from there it alternates for ever between that and about
# :math:`-0.1`; the proximal :math:`L_1` walk takes the same ten steps, then lands on exactly 0
# at step 11 and stays there. Try :math:`\eta = 1`: one plain :math:`L_2` step
# :math:`w_1 - 1 \cdot w_1` gives exactly 0.
#
# Every weight the figure can show was computed when this page was built, by
# :func:`sparsenorm.penalty_descent`, in the arithmetic of the next section (IEEE 754
# binary64, each operation rounded separately); the figure shows them to six significant
# digits and marks the exact zeros. Of its 150 settings of :math:`(w_1, \eta)`, the count below
# says where each walk is exactly 0 after 20 steps: the plain :math:`L_1` walk only where
# :math:`w_1` is a whole number of steps of an :math:`\eta` that is an exact binary number
# (:math:`\tfrac12`, 1 and 1.5 on this grid), the proximal :math:`L_1` walk exactly where the
# 20 steps of length :math:`\eta` cover :math:`w_1`, the plain :math:`L_2` walk only for
# :math:`\eta = 1`, and the proximal :math:`L_2` walk, :math:`w_1 / (1 + \eta)^k`, nowhere. The
# first figure below shows the four walks from :math:`w_1 = 5` with :math:`\eta = \tfrac12`; the
# interactive one after it needs JavaScript.
starts = np.linspace(0.5, 5, 10)  # the w1 slider, steps of 0.5
step_sizes = np.round(np.linspace(0.1, 1.5, 15), 12)  # the eta slider: 0.1, ..., 1.5
k_max = 20  # the k slider: 0, 1, ..., 20
walks = {  # series: (penalty, kind of step)
    "L1, subgradient": (l1, "gradient"),
    "L1, proximal": (l1, "proximal"),
    "L2, gradient": (l2, "gradient"),
    "L2, proximal": (l2, "proximal"),
}
iterates, zero_after_k_max = [], dict.fromkeys(walks, 0)
for start in starts.tolist():
    for step_size in step_sizes.tolist():
        for series, (penalty, method) in walks.items():
            path = sn.penalty_descent(penalty, start, step_size, k_max, method=method)
            zero_after_k_max[series] += int(path[-1] == 0)
            iterates.append({"w0": start, "eta": step_size, "s": series,
                             "w": [float(f"{w:.6g}") for w in path]})  # fmt: skip
n_settings = starts.size * step_sizes.size
print(f"{'walk':16} exactly 0 after {k_max} steps, in settings (of {n_settings})")
for series, count in zero_after_k_max.items():
    print(f"{series:16} {count:3d}")

# sphinx_gallery_start_ignore
# The static figure: the four walks from w1 = 5 with eta = 1/2.
import altair as alt
from matplotlib.colors import to_hex

fig, ax = plt.subplots(figsize=(5, 4))
styles = {
    "L1, subgradient": ("C0", "-", "o"),
    "L1, proximal": ("C0", "--", "s"),
    "L2, gradient": ("C1", "-", "^"),
    "L2, proximal": ("C1", "--", "v"),
}
for series, (penalty, method) in walks.items():
    color, dash, marker = styles[series]
    path = sn.penalty_descent(penalty, w0, eta, k_max, method=method)
    ax.plot(np.arange(k_max + 1), path, dash, marker=marker, color=color, label=series,
            markersize=5)  # fmt: skip
ax.set(xlabel="step $k$", ylabel="$w_1$ after $k$ steps",
       title=rf"from $w_1 = {w0:g}$, $\eta = {eta:g}$, $\alpha = 1$")  # fmt: skip
ax.legend()
fig.set_label(
    "Four walks of one weight from 5 with step one half: both L1 walks reach exactly "
    "zero at step 10 and stay there; the L2 gradient walk halves at every step and the "
    "L2 proximal walk divides by 1.5 at every step, both approaching zero without "
    "reaching it in 20 steps."
)
plt.show()

# The interactive figure: a Vega-Lite specification holding the iterates computed above.
start_slider = alt.param(name="w0", value=w0, bind=alt.binding_range(
    min=0.5, max=5, step=0.5, name="start w₁ "))  # fmt: skip
step_slider = alt.param(name="eta", value=eta, bind=alt.binding_range(
    min=0.1, max=1.5, step=0.1, name="step size η "))  # fmt: skip
k_slider = alt.param(name="k", value=10, bind=alt.binding_range(
    min=0, max=k_max, step=1, name="number of steps k "))  # fmt: skip
steps_param = alt.param(name="K", value=list(range(k_max + 1)))
legend = alt.Legend(title=None, orient="bottom", columns=2, labelFontSize=13, symbolSize=120)
series_names = list(walks)
color = alt.Color("s:N", legend=legend, scale=alt.Scale(
    domain=series_names, range=[to_hex(f"C{i}") for i in (0, 0, 1, 1)]))  # fmt: skip
dash = alt.StrokeDash("s:N", legend=legend, scale=alt.Scale(
    domain=series_names, range=[[1, 0], [6, 3], [1, 0], [6, 3]]))  # fmt: skip
markers = ["circle", "square", "triangle-up", "triangle-down"]
shape = alt.Shape("s:N", legend=legend, scale=alt.Scale(domain=series_names, range=markers))
# The vertical axis holds every stored iterate: the L2 gradient walk with eta = 1.5 multiplies
# the weight by -0.5 and reaches -2.5 from 5.
w_range = [min(min(row["w"]) for row in iterates), max(max(row["w"]) for row in iterates)]
walk = (alt.Chart(alt.NamedData(name="iterates"))
        .transform_filter("abs(datum.w0 - w0) < 1e-9 && abs(datum.eta - eta) < 1e-9")
        .transform_calculate(k="K").transform_flatten(["k", "w"]))  # fmt: skip
paths = alt.layer(
    walk.transform_filter("datum.k <= k")
    .mark_line()
    .encode(
        alt.X("k:Q", scale=alt.Scale(domain=[0, k_max]), title="step k"),
        alt.Y("w:Q", scale=alt.Scale(domain=w_range, nice=False), title="w₁ after k steps"),
        color,
        dash,
    ),
    walk.transform_filter("datum.k <= k")
    .mark_point(filled=True, size=40)
    .encode(alt.X("k:Q"), alt.Y("w:Q"), color, shape),
).properties(width=300, height=240, title="four walks, α = 1")
# The weights after k steps, as numbers (six significant digits), and their exact zeros.
values = (
    walk.transform_filter("datum.k == k")
    .transform_calculate(
        text="datum.s + ':  w = ' + format(datum.w, '.6~g')"
        " + (datum.w === 0 ? '  (exactly 0)' : '')",
        row=f"indexof({series_names!r}, datum.s)",
    )
    .mark_text(align="left", fontSize=14, aria=True)
    .encode(
        alt.Y("row:O", axis=None),
        text="text:N",
        description="text:N",
        x=alt.value(0),
    )
    .properties(width=300, height=90, title=alt.Title(alt.expr("'after k = ' + k + ' steps'")))
)
explorable = (
    alt.vconcat(paths, values)
    .add_params(start_slider, step_slider, k_slider, steps_param)
    .properties(
        description=(
            "Interactive figure: four descent walks of one weight on the L1 and the L2 "
            "penalty, plain gradient against proximal steps, for the chosen start, step size "
            "and number of steps, with the weight after that many steps."
        )
    )
    .configure_axis(labelFontSize=13, titleFontSize=13)
    .configure_title(fontSize=14)
)
explorable = explorable.configure_mark(
    aria=False  # a screen reader reads the texts; the group's label says what is drawn
)
# The data go in last, by name: Altair copies a chart's inline data at every step.
explorable.datasets = {"iterates": iterates}
explorable  # the last expression: docs/_ext/sngallery.py embeds it as the explorable
# sphinx_gallery_end_ignore

# %%
# "Never" is a statement about real numbers
# -----------------------------------------
#
# On paper :math:`5 \cdot 2^{-k}` is never zero. In floating point the outcome of
# :math:`L_2` steps depends on the step size and on how the update is evaluated. For
# sparsenorm's update, :math:`w - \eta w` with each operation rounded separately (IEEE 754
# binary64, round to nearest even, with subnormal numbers and no fused multiply-add, as numpy
# computes it) and the answer's :math:`L_2` (:math:`\alpha = 1`), from any positive start:
#
# * for :math:`0 < \eta \le \tfrac12` the weight is never exactly :math:`0`: the rounded step
#   :math:`\eta w` is always smaller than :math:`w`, so :math:`w - \eta w` stays positive. The
#   weight never grows, so it stops moving eventually, on the positive number where the
#   rounded step no longer changes it; for :math:`\eta = \tfrac12` that number is the smallest
#   positive float64, :math:`2^{-1074} \approx 4.9 \times 10^{-324}`.
# * for :math:`\tfrac12 < \eta < 1` the weight reaches exactly :math:`0` after finitely many
#   steps: the exact product :math:`\eta w` is more than :math:`w/2` and less than :math:`w`, so
#   the rounded step is at least :math:`w/2` and at most :math:`w` (at the smallest positive
#   number, :math:`2^{-1074}`, it rounds up to that number itself). The subtraction
#   :math:`w - \eta w` of such a step is then exact, so each step at least halves the weight
#   without making it negative; from any positive float it is :math:`0` within 2098 steps.
#
# Change the arithmetic and the outcome changes even for :math:`\eta = \tfrac12`. Written as
# :math:`w \cdot (1 - \eta)`, or evaluated with a fused multiply-add (which rounds
# :math:`w - \eta w` once), the halving from :math:`5` reaches exactly :math:`0`. With
# flush-to-zero (subnormal results replaced by :math:`0`, a setting of some compilers and GPUs)
# sparsenorm's :math:`w - \eta w` stops earlier, on a normal number, because the step
# :math:`\eta w` is flushed to :math:`0` first.
print(f"{'η':>5} {'w − η·w (sparsenorm)':>27} {'w · (1 − η)':>27}")
for step in [0.25, 0.5, 0.75]:
    path = sn.penalty_descent(l2, w0, step=step, n_steps=3000)
    w, product_path = np.float64(w0), [np.float64(w0)]
    for _ in range(3000):
        w = w * (1 - np.float64(step))
        product_path.append(w)
    row = f"{step:5g}"
    for p in (path, np.array(product_path)):
        zeros = np.flatnonzero(p == 0)
        row += f" {f'0 at step {zeros[0]}' if zeros.size else f'stops at {p[-1]:.2g}':>27}"
    print(row)

# %%
# Either way this is an effect of the arithmetic at the bottom of its range, not the mechanism
# that gives models their zeros. More on it in :ref:`sphx_glr_auto_examples_beyond`.
#
# What the explanation gets right, and what it leaves out
# -------------------------------------------------------
#
# It gets the slopes right: the :math:`L_1` slope has size :math:`1` at every non-zero weight,
# the :math:`L_2` slope is the weight itself, so steps on :math:`|w|` do not slow down near
# zero and steps on :math:`\tfrac12 w^2` do. A step is :math:`\eta` times the slope, the same
# slope that :ref:`Explanation 1
# <sphx_glr_auto_examples_why_l1_plot_01_explanation1_big_vs_small.py>` measures with
# :math:`\delta`.
#
# It leaves out three things.
#
# * In exact arithmetic equal steps land on zero only when the start is a whole number of
#   steps: from :math:`5.2` (above) they jump past zero and see-saw around it. In float64 a
#   whole number of steps lands for certain when every iterate is a float64 number, and a
#   rounded walk can also land from a start that is not a whole number of steps (above, and
#   :ref:`large steps <sphx_glr_auto_examples_why_l1_plot_04_large_step_caveat.py>`).
# * The data term. With :math:`\tfrac12 (w - z)^2` added and :math:`z \neq 0`, the article's
#   own step (with :math:`\operatorname{sign}(0) = 0`) cannot stay at zero in exact arithmetic:
#   from :math:`w = 0` it moves to :math:`\eta z`. For :math:`0 < |z| < \alpha` and
#   :math:`0 < \eta \le 1`, in exact arithmetic, its iterates never settle: they keep
#   returning to zero or jumping across it. Float64 agrees only in a range of steps and data
#   that :ref:`the data-term caveat
#   <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>` states; outside it a step can
#   be lost in rounding. The exact
#   zeros of a lasso come from the objective: its minimiser is :math:`0` for every
#   :math:`|z| \le \alpha`. An exact coordinate update computes that minimiser, and proximal
#   steps with :math:`0 < \eta \le 2` reach it after finitely many steps when
#   :math:`|z| < \alpha`, in exact arithmetic (float64 has exceptions, shown on the data-term
#   page); see :ref:`what makes the zeros
#   <sphx_glr_auto_examples_why_l1_plot_06_the_kink_makes_the_zeros.py>`.
# * "Never" for :math:`L_2` holds in exact arithmetic; in floating point it depends on the step
#   size and the arithmetic (above).
#
# Takeaways
# ---------
#
# * An :math:`L_1` gradient step has the same length however small the weight; from
#   :math:`w_1 = 5` with :math:`\eta = 0.5` ten steps reach exactly zero, because :math:`5` is a
#   whole number of steps and every iterate is an exact binary number. In exact arithmetic,
#   from a start that is not a whole number of steps they overshoot zero.
# * An :math:`L_2` gradient step is proportional to the weight, so with :math:`\eta = \tfrac12`
#   the weight halves: :math:`5 \cdot 2^{-k}` after :math:`k` steps, never zero in exact
#   arithmetic. In float64 it stops on :math:`2^{-1074}` with sparsenorm's update; other step
#   sizes and other arithmetic can end on an exact zero.
# * The answer notes two caveats: :ref:`a step of exactly η = 1
#   <sphx_glr_auto_examples_why_l1_plot_04_large_step_caveat.py>` takes an :math:`L_2`
#   weight to zero in one move, and :ref:`the data term
#   <sphx_glr_auto_examples_why_l1_plot_05_data_term_caveat.py>` of a real model pulls back.
#   The zeros of real L1 models come from :ref:`the kink of the objective
#   <sphx_glr_auto_examples_why_l1_plot_06_the_kink_makes_the_zeros.py>`.
#
# References
# ----------
#
# * K. M. Caspersen, `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
#   `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_,
#   Cross Validated (CC BY-SA).
# * D. Goldberg, "What every computer scientist should know about floating-point arithmetic",
#   *ACM Computing Surveys* 23(1), 1991 (rounding, subnormal numbers and gradual underflow).
# * Starts that are not a multiple of the step, small steps and proximal steps:
#   :ref:`sphx_glr_auto_examples_beyond`.
