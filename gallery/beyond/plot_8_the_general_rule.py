r"""
=============================================
The general rule: which penalties give zeros
=============================================

Why does the L1 penalty give exact zeros and the squared L2 penalty none? The answer is not
special to those two. For any penalty :math:`p` that is even, non-negative and zero at zero,
:math:`w = 0` is a global minimiser of the one-weight problem
:math:`\min_w \tfrac12 (w - z)^2 + p(w)` exactly for the data :math:`|z| \le \tau`, with an
edge :math:`\tau` that we derive. It is positive exactly when :math:`p` grows at least linearly
away from 0, for example through a kink (L1, elastic net, MCP, SCAD, the unsquared
:math:`\ell_2` norm of a group), a jump (L0) or an infinite slope (:math:`|w|^q` with
:math:`q < 1`). The squared L2 penalty and
:math:`|w|^q` with :math:`q > 1` are flat at 0, and their interval is the single point
:math:`z = 0`: it is raising :math:`|w|` to a power above 1 (squaring it, for ridge) that
removes the sparsity. The page computes every threshold three ways and draws every thresholding
function. The notation is the site's (:ref:`notation`).
"""

# %%
# The rule, derived
# -----------------
# Take a penalty :math:`p` with :math:`p(-w) = p(w) \ge 0` and :math:`p(0) = 0`, and a data value
# :math:`z`. The weight :math:`w = 0` minimises :math:`F(w) = \tfrac12 (w - z)^2 + p(w)` exactly
# when :math:`F(w) \ge F(0) = \tfrac12 z^2` for every :math:`w`, which after expanding the square
# reads
#
# .. math::
#
#    p(w) + \tfrac12 w^2 \ \ge\ z\,w \qquad \text{for every } w.
#
# Take :math:`z \ge 0` (the case :math:`z < 0` is the mirror image). For :math:`w \le 0` the
# right side is :math:`\le 0` and the inequality holds. For :math:`w > 0` divide by :math:`w`:
#
# .. math::
#
#    0 \in \arg\min_w F(w) \iff |z| \le \tau, \qquad
#    \tau = \inf_{w > 0} \Bigl(\frac{p(w)}{w} + \frac{w}{2}\Bigr),
#
# and for :math:`|z| < \tau` the zero is the only minimiser (the inequality is then strict for
# every :math:`w \ne 0`). No convexity was used: this is the *global* minimiser, for any such
# penalty. Geometrically, :math:`\tau` is the slope of the steepest line :math:`w \mapsto zw`
# through the origin that stays on or below the curve :math:`p(w) + \tfrac12 w^2` for
# :math:`w > 0`.
#
# When is :math:`\tau` positive? Far from 0, :math:`p(w)/w + w/2 \ge w/2` is bounded away
# from 0, so only small :math:`w` can pull the infimum down to 0, and
#
# .. math::
#
#    \tau > 0 \iff \liminf_{w \to 0^+} \frac{p(w)}{w} > 0,
#
# that is, :math:`p(w) \ge c\,|w|` near 0 for some :math:`c > 0`. Three common ways to get
# there (not the only ones: :math:`p(w) = |w|(2 + \sin(1/|w|))` has none of the three):
#
# * **a kink**, a positive one-sided slope :math:`p'(0^+) > 0`. If in addition
#   :math:`p(w) + \tfrac12 w^2` is convex (true for every convex penalty, and for MCP with
#   :math:`\gamma \ge 1` and SCAD with :math:`a \ge 2`), then :math:`\tau = p'(0^+)`: a convex
#   :math:`g(w) = p(w) + \tfrac12 w^2` with :math:`g(0) = 0` has :math:`g(w)/w` non-decreasing
#   in :math:`w > 0`, so the infimum is the limit at :math:`0^+`. L1
#   :math:`\alpha|w|` gives :math:`\alpha`, the elastic net
#   :math:`\alpha(\rho|w| + \tfrac{1-\rho}{2} w^2)` gives :math:`\alpha\rho`, MCP and SCAD give
#   :math:`\alpha`. For a convex :math:`p` this is Fermat's rule
#   :math:`0 \in -z + [-p'(0^+), p'(0^+)]`
#   (:ref:`sphx_glr_auto_examples_beyond_plot_4_subdifferential.py`);
# * **a jump**, :math:`p(0^+) > 0`: L0, :math:`\alpha[w \ne 0]`, gives
#   :math:`\tau = \min_w (\alpha/w + w/2) = \sqrt{2\alpha}`, reached at :math:`w = \sqrt{2\alpha}`;
# * **an infinite slope**: :math:`\alpha|w|^q` with :math:`0 < q < 1` has
#   :math:`p(w)/w = \alpha w^{q-1} \to \infty`, but :math:`\tau` is finite. Setting the derivative
#   of :math:`\alpha w^{q-1} + w/2` to zero gives the point :math:`\beta` where the infimum is
#   reached and its value,
#
#   .. math::
#
#      \beta = \bigl(2\alpha(1 - q)\bigr)^{1/(2-q)}, \qquad
#      \tau = \frac{2 - q}{2(1 - q)}\,\beta,
#
#   so :math:`\tau = \tfrac32 \alpha^{2/3}` for :math:`q = \tfrac12`. In the last two cases the
#   minimiser jumps at :math:`|z| = \tau` from 0 straight to
#   :math:`\operatorname{sign}(z)\,\beta` (for L0, :math:`\beta = \sqrt{2\alpha}`).
#
# The squared L2 penalty :math:`\tfrac\alpha2 w^2` has :math:`p(w)/w = \tfrac\alpha2 w \to 0`,
# and :math:`\alpha|w|^q` with :math:`q > 1` has :math:`\alpha w^{q-1} \to 0`: :math:`\tau = 0`,
# and 0 is the minimiser only for :math:`z = 0`. The unsquared norm :math:`\alpha|w|` of the same
# weight has :math:`\tau = \alpha`.
#
# Computed three ways
# -------------------
# We choose strengths that give every penalty with a dead zone the same edge, :math:`\tau = 1`
# (for :math:`q = \tfrac12`, :math:`\alpha = (2/3)^{3/2}`), and compute :math:`\tau` from the
# closed forms above, from its definition (the smallest value of :math:`p(w)/w + w/2` on a
# logarithmic grid of 4001 points from :math:`10^{-8}` to 10), and from sparsenorm's proximal
# operators, which solve the one-weight problem (the largest :math:`z` whose minimiser is
# exactly 0, by 60 bisection steps on :math:`[0, 10]`, so to the printed digits: for the two
# flat penalties the bisection stays at 0, while in float64 underflow also gives zeros for
# tiny :math:`z`, computed in the last section). The last column is the minimiser
# :math:`10^{-9}` past the edge: 0 to four decimals for the continuous rules, the jump
# :math:`\beta` for the others.
import numpy as np

import sparsenorm as sn

alpha_half = (2 / 3) ** 1.5
penalties = {
    "L1": sn.L1(1.0),
    "elastic net": sn.ElasticNetPenalty(2.0, l1_ratio=0.5),
    "L0": sn.L0(0.5),
    "MCP": sn.MCP(1.0, gamma=3.0),
    "SCAD": sn.SCAD(1.0, a=3.7),
    "lq, q = 1/2": sn.Lq(alpha_half, q=0.5),
    "squared L2": sn.SquaredL2(1.0),
    "lq, q = 3/2": sn.Lq(1.0, q=1.5),
}
closed_form = {
    "L1": 1.0,  # alpha
    "elastic net": 2.0 * 0.5,  # alpha * rho
    "L0": np.sqrt(2 * 0.5),  # sqrt(2 alpha)
    "MCP": 1.0,  # alpha
    "SCAD": 1.0,  # alpha
    "lq, q = 1/2": 1.5 * alpha_half ** (2 / 3),  # (3/2) alpha^(2/3)
    "squared L2": 0.0,
    "lq, q = 3/2": 0.0,
}


def penalty_values(penalty, w):
    """p(w_i) for each entry of w (a penalty's value is the sum over entries)."""
    return np.array([penalty.value([wi]) for wi in w])


def dead_zone_edge(penalty, hi=10.0, n_halvings=60):
    """Largest z >= 0 whose minimiser prox(z) is exactly 0, by bisection."""
    lo = 0.0
    for _ in range(n_halvings):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if penalty.prox(mid, 1.0) == 0 else (lo, mid)
    return lo


w_grid = np.geomspace(1e-8, 10, 4001)
definition, edges, past = {}, {}, {}
print(f"{'penalty':12} {'closed form':>11} {'definition':>10} {'prox':>8} {'w* past it':>10}")
for name, penalty in penalties.items():
    definition[name] = np.min(penalty_values(penalty, w_grid) / w_grid + w_grid / 2)
    edges[name] = dead_zone_edge(penalty)
    past[name] = float(penalty.prox(edges[name] + 1e-9, 1.0))
    print(
        f"{name:12} {closed_form[name]:11.4f} {definition[name]:10.4f} "
        f"{edges[name]:8.4f} {past[name]:10.4f}"
    )

# %%
# The three columns agree to the digits printed, except in the :math:`q = \tfrac32` row, where
# the definition column shows 0.0001 and not 0. The infimum 0 is approached only as
# :math:`w \to 0`, and the grid stops at :math:`w = 10^{-8}`, where
# :math:`p(w)/w + w/2 = w^{1/2} + w/2 \approx 10^{-4}`; for the squared L2 penalty the same
# grid point gives :math:`10^{-8}`, which prints as 0.0000. The picture behind the rule:
# :math:`\tau` is the slope of the steepest line through the origin below
# :math:`p(w) + \tfrac12 w^2`. With :math:`\tau = 1` for all of them,
# the line :math:`w \mapsto w` (:math:`z = 1`) touches the L1 curve at 0 (a kink: the curve
# leaves 0 with slope 1), the L0 curve at :math:`w = 1` (a jump, then a parabola) and the
# :math:`q = \tfrac12` curve at :math:`\beta = \tfrac23` (an infinite slope at 0, then a
# tangent). The squared L2 and :math:`q = \tfrac32` curves are flat at 0, so every line of
# positive slope, here :math:`z = 0.3`, passes above them near 0: zero is never optimal for
# :math:`z \ne 0`.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

w = np.linspace(0, 2, 801)[1:]
curve = {name: penalty_values(penalty, w) + w**2 / 2 for name, penalty in penalties.items()}
labels = {"lq, q = 1/2": r"$\ell_q$, $q = 1/2$", "lq, q = 3/2": r"$\ell_q$, $q = 3/2$"}

fig, (ax_zero, ax_none) = plt.subplots(2, 1, figsize=(5, 7.5))
for name, style in [("L1", "C0-"), ("L0", "C2--"), ("lq, q = 1/2", "C6-.")]:
    ax_zero.plot(w, curve[name], style, label=labels.get(name, name))
ax_zero.plot(w, 1.0 * w, color="0.4", lw=1.5, ls=":", label="line $z w$, $z = 1$")
for name, style in [("squared L2", "C1--"), ("lq, q = 3/2", "C6:")]:
    ax_none.plot(w, curve[name], style, label=labels.get(name, name))
ax_none.plot(w, 0.3 * w, color="0.4", lw=1.5, ls="-", label="line $z w$, $z = 0.3$")
# sphinx_gallery_start_ignore
ax_zero.plot([0, 1, 2 / 3], [0, 1, 2 / 3], "ko", ms=5, zorder=5)
ax_zero.annotate("kink at 0", (0.01, 0.01), xytext=(0.3, 0.06), va="bottom",
                 arrowprops={"arrowstyle": "->"})  # fmt: skip
ax_zero.annotate("jump, then\ntouches at 1", (1, 1), xytext=(1.2, 0.25),
                 arrowprops={"arrowstyle": "->"})  # fmt: skip
ax_zero.annotate("tangent\nat 2/3", (2 / 3, 2 / 3), xytext=(0.05, 1.05),
                 arrowprops={"arrowstyle": "->"})  # fmt: skip
ax_zero.set(
    title=r"$\tau = 1$: the line $z w$ stays below",
    xlabel=r"$w$",
    ylabel=r"$p(w) + \frac{1}{2} w^2$",
    xlim=(0, 2),
    ylim=(0, 3),
)
ax_zero.legend(loc="upper left")
ax_none.set(
    title=r"$\tau = 0$: near 0, any line $z w$ is above",
    xlabel=r"$w$",
    ylabel=r"$p(w) + \frac{1}{2} w^2$",
    xlim=(0, 0.4),
    ylim=(0, 0.14),
)
ax_none.legend(loc="upper left")
fig.set_label(
    "Two panels of the curve p(w) + w squared over 2 against w. Top: for L1, L0 and the q = 1/2 "
    "penalty the curve stays above the line through the origin with slope 1, touching it at 0, "
    "at 1 and at 2/3. Bottom: for squared L2 and q = 3/2 the curve starts flat and lies below "
    "the line of slope 0.3 near zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Every thresholding function
# ---------------------------
# The minimiser :math:`w^\star(z)` of the one-weight problem is the penalty's proximal operator
# at step 1, ``penalty.prox(z, 1.0)``: soft thresholding (L1), soft thresholding then shrinkage
# (elastic net), hard thresholding (L0), firm thresholding (MCP,
# :func:`~sparsenorm.prox_mcp`), SCAD thresholding (:func:`~sparsenorm.prox_scad`) and, for
# :math:`\alpha|w|^q`, the global minimiser computed by :func:`~sparsenorm.prox_lq` (for
# :math:`q < 1`, 0 up to :math:`\tau` and the larger root of
# :math:`|w| + \alpha q|w|^{q-1} = |z|` beyond it). All eight are drawn at the strengths
# above, so the six penalties with a dead zone share the shaded interval :math:`|z| \le 1`.
# Outside it they differ in what they do to large data: L1 subtracts the constant 1, the elastic
# net also halves, L0 keeps :math:`z` unchanged after a jump, :math:`q = \tfrac12` jumps to
# :math:`\tfrac23` and then approaches :math:`z`, and MCP and SCAD return :math:`z` itself from
# :math:`|z| = \gamma\alpha = 3` and :math:`a\alpha = 3.7` on (no bias for large weights, Fan
# and Li's and Zhang's reason for them). The squared L2 penalty and :math:`q = \tfrac32` cross
# the dead zone on a slant, zero only at :math:`z = 0`.
z = np.linspace(-4, 4, 1601)
minimisers = {name: penalty.prox(z, 1.0) for name, penalty in penalties.items()}
# sphinx_gallery_start_ignore
for name in ("L0", "lq, q = 1/2"):  # leave a gap at each jump instead of a vertical segment
    minimisers[name] = minimisers[name].copy()
    minimisers[name][np.flatnonzero(np.abs(np.diff(minimisers[name])) > 0.5)] = np.nan
# sphinx_gallery_end_ignore

fig, (ax_convex, ax_nonconvex) = plt.subplots(2, 1, figsize=(5, 8.5), sharex=True)
for ax, group in [
    (ax_convex, {"L1": "C0-", "elastic net": "C3-.", "squared L2": "C1--", "lq, q = 3/2": "C6:"}),
    (ax_nonconvex, {"L0": "C2-", "lq, q = 1/2": "C6--", "MCP": "C4-.", "SCAD": "C5:"}),
]:
    ax.axvspan(-1, 1, color="0.85", lw=0)
    ax.plot(z, z, color="0.6", lw=1, label="$w = z$")
    for name, style in group.items():
        ax.plot(z, minimisers[name], style, lw=2.5, label=labels.get(name, name))
# sphinx_gallery_start_ignore
for ax, title in [
    (ax_convex, "convex penalties"),
    (ax_nonconvex, "non-convex penalties"),
]:
    ax.set(title=title, ylabel=r"minimiser $w^\star(z)$", xlim=(-4, 4), ylim=(-4, 4))
    ax.text(0, 2.9, "dead zone", ha="center")
    ax.legend(loc="lower right", handlelength=2.5)
ax_nonconvex.set_xlabel("data value $z$")
fig.set_label(
    "Two panels of the minimiser against the data value from -4 to 4, with the dead zone from "
    "-1 to 1 shaded. Top, convex penalties: L1 and elastic net are exactly zero on the dead zone "
    "and shrink outside it; squared L2 and the q = 3/2 penalty pass through it on a slant. "
    "Bottom, non-convex penalties: L0 and the q = 1/2 penalty are zero on it and then jump, MCP "
    "and SCAD are zero on it and then rise to the line w = z."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Explore it: move the data and the strength
# -------------------------------------------
# Choose a penalty, then move the data value :math:`z` (from -3 to 3 in steps of 0.25) and the
# strength :math:`\alpha` (from 0.5 to 2 in steps of 0.5). The shapes are those above:
# :math:`\rho = \tfrac12` for the elastic net, :math:`\gamma = 3` for MCP, :math:`a = 3.7` for
# SCAD, and :math:`\ell_q` is drawn for :math:`q = \tfrac12`. The top panel draws the objective
# :math:`\tfrac12 (w - z)^2 + p(w)` and marks its minimiser :math:`w^\star`; the bottom panel draws
# the thresholding function :math:`z \mapsto w^\star(z)` for the same penalty and strength, shades
# its dead zone :math:`|z| \le \tau` (the data values whose minimiser is exactly 0) and marks the
# current :math:`z`. For L1, the elastic net, MCP and SCAD, whose :math:`p(w) + \tfrac12 w^2` is
# convex at these shapes, :math:`\tau` is the slope :math:`p'(0^+)` and the minimiser leaves 0
# continuously at the edge of the dead zone; for L0 and :math:`q = \tfrac12`, :math:`\tau` comes
# from the global comparison and the minimiser jumps there, to
# :math:`\operatorname{sign}(z)\,\beta`. The squared L2 penalty, flat at 0, has no dead zone: its
# minimiser :math:`z / (1 + \alpha)` is 0 only at :math:`z = 0` (in exact arithmetic; floating
# point is the subject of the last section).
#
# Every number the figure can show was computed when this page was built, by the code below.
# The minimiser is ``penalty.prox(z, 1.0)``, as before: the global minimiser (for
# :math:`q = \tfrac12` found by bisection, to a few units in the last place). Where two
# minimisers tie, at :math:`|z| = \tau` for L0 and :math:`q = \tfrac12`, both return 0; for
# :math:`q = \tfrac12` the edge :math:`\tau` is first rounded to a double, so within one unit in
# the last place of it either 0 or the jump can come back. The edge :math:`\tau`
# is found by ``dead_zone_edge`` above, which bisects on the minimiser. That is sound because
# the minimiser is an odd and non-decreasing function of :math:`z`, so the data values it sends
# to 0 form an interval :math:`[-\tau, \tau]`. The edges it finds, printed below, are the
# closed forms derived above: :math:`\alpha` for L1, MCP and SCAD, :math:`\alpha/2` for the
# elastic net with :math:`\rho = \tfrac12`, :math:`\sqrt{2\alpha}` for L0 and
# :math:`\tfrac32 \alpha^{2/3}` for :math:`q = \tfrac12`. The first figure below shows the
# computation for L1 and the squared L2 penalty at :math:`z = 1`, :math:`\alpha = 1.5`; the
# interactive one after it needs JavaScript.
import altair as alt

explored = {  # id: (label on the control, the penalty of strength alpha)
    "l1": ("L1", sn.L1),
    "l2": ("squared L2", sn.SquaredL2),
    "l0": ("L0", sn.L0),
    "enet": ("elastic net, ρ = ½", lambda a: sn.ElasticNetPenalty(a, l1_ratio=0.5)),
    "mcp": ("MCP, γ = 3", lambda a: sn.MCP(a, gamma=3.0)),
    "scad": ("SCAD, a = 3.7", lambda a: sn.SCAD(a, a=3.7)),
    "lq": ("ℓq, q = ½", lambda a: sn.Lq(a, q=0.5)),
}
z_values = np.linspace(-3, 3, 25)  # the z slider, steps of 0.25
alpha_values = np.linspace(0.5, 2, 4)  # the alpha slider, steps of 0.5
w_drawn = np.linspace(-3, 3, 41)  # where the objective is drawn, steps of 0.15
z_drawn = np.linspace(-3, 3, 121)  # where the thresholding function is drawn


def zone_text(edge):
    if edge == 0:
        return "no dead zone: w* = 0 only at z = 0"
    return f"dead zone: |z| ≤ {edge:.4g}"


curves, thresholding, dead_zones, explored_edges = [], [], [], {}
for key, (_, make_penalty) in explored.items():
    for alpha in alpha_values.tolist():
        penalty = make_penalty(alpha)
        edge = explored_edges[key, alpha] = dead_zone_edge(penalty)
        dead_zones.append(
            {"p": key, "a": alpha, "lo": -edge, "hi": edge, "text": zone_text(edge)}
        )  # fmt: skip
        w_of_z = penalty.prox(z_drawn, 1.0)  # the thresholding function
        jumps = np.abs(np.diff(w_of_z)) > 3 * (z_drawn[1] - z_drawn[0])
        thresholding.append({
            "p": key, "a": alpha, "w": np.round(w_of_z, 4).tolist(),
            "seg": np.concatenate([[0], np.cumsum(jumps)]).tolist(),  # between jumps
        })  # fmt: skip
        p_drawn = penalty_values(penalty, w_drawn)
        w_star = penalty.prox(z_values, 1.0)  # one minimiser per slider value of z
        for z_i, w_i in zip(z_values.tolist(), w_star.tolist(), strict=True):
            f_i = 0.5 * (w_i - z_i) ** 2 + float(penalty.value([w_i]))
            exactly = " (exactly 0)" if w_i == 0 else ""
            curves.append({
                "p": key, "z": z_i, "a": alpha,
                "label": f"minimiser w* = {w_i:.4g}{exactly}",
                "f": np.round(0.5 * (w_drawn - z_i) ** 2 + p_drawn, 2).tolist(),
                "ws": round(w_i, 4), "fs": round(f_i, 4),  # where the point is drawn
            })  # fmt: skip
print(f"{'dead-zone edge':18}" + "".join(f"{f'α = {a:g}':>9}" for a in alpha_values))
for key, (label, _) in explored.items():
    edges_at = [explored_edges[key, a] for a in alpha_values]
    print(f"{label:18}" + "".join(f"{e:9.4f}" for e in edges_at))

# sphinx_gallery_start_ignore
# The static figure: L1 against the squared L2 penalty at z = 1, alpha = 1.5.
from matplotlib.colors import to_hex

z_shown, alpha_shown = 1.0, 1.5
w_fine = np.linspace(-2, 2, 401)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(5, 6.5))
for color, dash, key in (("C0", "-", "l1"), ("C1", "--", "l2")):
    label, make_penalty = explored[key]
    penalty = make_penalty(alpha_shown)
    objective = 0.5 * (w_fine - z_shown) ** 2 + penalty_values(penalty, w_fine)
    top.plot(w_fine, objective, dash, color=color, label=label)
    w_star = float(penalty.prox(z_shown, 1.0))
    top.plot(w_star, 0.5 * (w_star - z_shown) ** 2 + penalty.value([w_star]), "o",
             color=color)  # fmt: skip
    bottom.plot(z_drawn, penalty.prox(z_drawn, 1.0), dash, color=color, label=label)
edge = explored_edges["l1", alpha_shown]
bottom.axvspan(-edge, edge, color="C0", alpha=0.12, label="L1 dead zone")
bottom.plot(z_shown, float(sn.L1(alpha_shown).prox(z_shown, 1.0)), "o", color="C0")
top.set(xlabel="$w$", ylabel="objective", ylim=(0, 4),
        title=f"$z = {z_shown:g}$, $\\alpha = {alpha_shown:g}$")  # fmt: skip
bottom.set(xlabel="data value $z$", ylabel=r"minimiser $w^\star$",
           title="thresholding functions")  # fmt: skip
top.legend()
bottom.legend(loc="upper left")
fig.set_label(
    "Top: the objective for the L1 and the squared L2 penalty at data 1 and "
    "strength 1.5; the L1 curve has its lowest point at exactly zero, the L2 curve "
    "at 0.4. Bottom: the minimiser against the data; L1 is flat at zero for data "
    "between -1.5 and 1.5, L2 is a straight line through the origin."
)
plt.show()


# The interactive figure: a Vega-Lite specification holding the numbers computed above.
def select(*fields):
    """The rows of the chosen penalty and slider values: a lookup, no arithmetic."""
    tests = {"p": "datum.p == penalty", "a": "abs(datum.a - alpha) < 1e-9",
             "z": "abs(datum.z - z) < 1e-9"}  # fmt: skip
    return " && ".join(tests[field] for field in fields)


# The site style's colours C0 ... C6, one per penalty as on every figure of the site.
colors = alt.Scale(domain=list(explored), range=[to_hex(f"C{i}") for i in range(7)])
penalty_color = alt.Color("p:N", scale=colors, legend=None)
z_slider = alt.param(name="z", value=z_shown, bind=alt.binding_range(
    min=-3, max=3, step=0.25, name="data z "))  # fmt: skip
alpha_slider = alt.param(name="alpha", value=alpha_shown, bind=alt.binding_range(
    min=0.5, max=2, step=0.5, name="strength α "))  # fmt: skip
penalty_choice = alt.param(name="penalty", value="l1", bind=alt.binding_radio(
    options=list(explored), labels=[label for label, _ in explored.values()],
    name="penalty "))  # fmt: skip
grids = [alt.param(name="W", value=w_drawn.tolist()),
         alt.param(name="Z", value=z_drawn.tolist())]  # fmt: skip
w_axis = alt.X("w:Q", scale=alt.Scale(domain=[-3, 3]), title="w")
width = 300

curve_data = alt.Chart(alt.NamedData(name="curves"))
curve_data = curve_data.transform_filter(select("p", "z", "a"))
on_grid = curve_data.transform_calculate(w="W").transform_flatten(["w", "f"])
y_objective = alt.Y("f:Q", scale=alt.Scale(domain=[0, 8]), title="objective")
objective_view = alt.layer(
    alt.Chart().mark_rule(strokeDash=[4, 4], color="gray").encode(x=alt.datum(0)),
    # L0's objective jumps down at w = 0: a line without w = 0, and an open point there.
    on_grid.transform_filter("penalty != 'l0' || datum.w != 0")
    .mark_line(clip=True)
    .encode(w_axis, y_objective, penalty_color),
    on_grid.transform_filter("penalty == 'l0' && datum.w == 0")
    .mark_point(size=60)
    .encode(w_axis, y_objective, penalty_color),
    curve_data.mark_point(size=120, filled=True, opacity=1).encode(
        alt.X("ws:Q"), alt.Y("fs:Q"), penalty_color
    ),
    curve_data.mark_text(align="left", x=8, y=10, fontSize=14, aria=True).encode(
        text="label:N", description="label:N"
    ),
).properties(width=width, height=220, title="objective ½(w − z)² + penalty(w)")

zone_data = alt.Chart(alt.NamedData(name="dead_zones"))
zone_data = zone_data.transform_filter(select("p", "a"))
thresholding_view = alt.layer(
    zone_data.mark_rect(opacity=0.15, color="gray").encode(x=alt.X("lo:Q"), x2="hi:Q"),
    alt.Chart(alt.NamedData(name="thresholding"))
    .transform_filter(select("p", "a"))
    .transform_calculate(z="Z")
    .transform_flatten(["z", "w", "seg"])
    .mark_line()
    .encode(
        alt.X("z:Q", scale=alt.Scale(domain=[-3, 3]), title="data z"),
        alt.Y("w:Q", scale=alt.Scale(domain=[-3, 3]), title="minimiser w*"),
        penalty_color,
        detail="seg:N",
    ),
    curve_data.mark_point(size=120, filled=True, opacity=1).encode(
        alt.X("z:Q"), alt.Y("ws:Q"), penalty_color
    ),
    zone_data.mark_text(align="left", x=8, y=10, fontSize=14, aria=True).encode(
        text="text:N", description="text:N"
    ),
).properties(width=width, height=220, title="thresholding function z ↦ w*")

explorable = (
    alt.vconcat(objective_view, thresholding_view)
    .add_params(z_slider, alpha_slider, penalty_choice, *grids)
    .properties(
        description=(
            "Interactive figure: the objective of one weight for the chosen penalty, data z "
            "and strength alpha, with its minimiser, and the thresholding function with its "
            "dead zone."
        )
    )
    .configure_axis(labelFontSize=13, titleFontSize=13)
    .configure_title(fontSize=14)
)
explorable = explorable.configure_mark(
    aria=False  # a screen reader reads the texts; the group's label says what is drawn
)
# The data go in last, by name: Altair copies a chart's inline data at every step.
explorable.datasets = {"curves": curves, "thresholding": thresholding,
                       "dead_zones": dead_zones}  # fmt: skip
# sphinx_gallery_end_ignore
explorable

# %%
# Zero is the global minimiser, not the only local one
# ----------------------------------------------------
# For a penalty with a jump (L0) or an infinite slope (:math:`|w|^q`, :math:`q < 1`), 0 is a
# *local* minimiser for every :math:`z` (moving off it costs :math:`p(0^+) > 0`, or more than
# any linear gain), so the slope
# test "the penalty's slope at 0 beats the data's pull :math:`|z|`" would call 0 optimal for
# every :math:`z`, which is false beyond :math:`\tau`. What decides is the comparison of whole
# objective values, which is what :math:`\tau` encodes. Fan and Li's (2001) condition for a
# thresholding rule rules out every non-zero stationary point for
# :math:`|z| < \min_{w > 0} (w + p'(w))`; for :math:`q = \tfrac12` that minimum is
# :math:`3(\alpha/4)^{2/3}`, below :math:`\tau`. For :math:`|z|` in between, the objective has a
# second, higher, local minimum away from 0. At :math:`z = 0.9`:
z0 = 0.9
fan_li = 3 * (alpha_half / 4) ** (2 / 3)
w_global = float(penalties["lq, q = 1/2"].prox(z0, 1.0))
# the other local minimum: the larger root of w + alpha q w^(q-1) = z, by bisection on the
# interval where the left side increases
lo, hi = (alpha_half / 4) ** (2 / 3), z0
for _ in range(60):
    mid = (lo + hi) / 2
    lo, hi = (mid, hi) if mid + alpha_half / (2 * np.sqrt(mid)) < z0 else (lo, mid)
w_other = lo
f_zero = 0.5 * z0**2
f_other = 0.5 * (w_other - z0) ** 2 + alpha_half * np.sqrt(w_other)
print(f"Fan and Li's bound {fan_li:.4f} < z = {z0} < tau = {edges['lq, q = 1/2']:.4f}")
print(f"global minimiser (prox): {w_global:g}, objective {f_zero:.4f}")
print(f"other local minimiser:   {w_other:.4f}, objective {f_other:.4f}")

# %%
# The same holds for L0 at every :math:`0 < |z| < \sqrt{2\alpha}`: :math:`w = z` is a local
# minimiser (the penalty is flat there), and 0 is the global one (at
# :math:`|z| = \sqrt{2\alpha}` both are global minimisers).
#
# Groups: it is the squaring
# --------------------------
# The group lasso penalises a block of weights by the unsquared norm :math:`\alpha\|w\|_2`.
# Writing :math:`w = r u` with :math:`\|u\|_2 = 1` and :math:`r \ge 0`, the best direction is
# :math:`u = z / \|z\|_2` and what is left is the one-weight problem in :math:`r` with data
# :math:`\|z\|_2` and the penalty :math:`\alpha r`: the whole block is exactly zero when
# :math:`\|z\|_2 \le \alpha` (block soft thresholding, :func:`~sparsenorm.prox_group_l21`). In
# one dimension :math:`\|w\|_2 = |w|`, the L1 penalty. Squaring the same norm gives
# :math:`\tfrac\alpha2\|w\|_2^2`, the ridge penalty, which acts on each weight separately and is
# flat at 0. On 1000 random points of the square :math:`[-1, 1]^2`:
rng = np.random.default_rng(0)
z_points = rng.uniform(-1, 1, size=(1000, 2))
inside = np.linalg.norm(z_points, axis=1) <= 1.0
group_zero = [bool(np.all(sn.prox_group_l21(p, 1.0, 2) == 0)) for p in z_points]
ridge_zero = [bool(np.any(sn.prox_squared_l2(p, 1.0) == 0)) for p in z_points]
print(f"points with ||z|| <= alpha = 1: {inside.sum()} of {len(z_points)}")
print(f"group penalty alpha ||w||_2, block exactly 0: {sum(group_zero)}")
print(f"ridge penalty (alpha/2) ||w||_2^2, any entry 0: {sum(ridge_zero)}")

# %%
# In floating point
# -----------------
# All of the above is exact arithmetic. The page's data are float64 (IEEE 754 binary64), and for
# numpy float64 input sparsenorm's proximal operators compute in float64 with numpy, one rounding
# per operation, no fused multiply-add (for float16 and float32 input they return the float64
# result rounded once; longdouble is computed in longdouble). Addition, subtraction,
# multiplication, division and the square root are correctly rounded (to nearest, ties to even,
# with gradual underflow: numpy keeps subnormals). Exp, log and powers are not correctly rounded in
# general: numpy takes them from the platform's C math library or, on x86-64 processors with
# AVX-512, from its own vectorised routines, and documents no error bound for either, so the tests
# check the results that use them (:func:`~sparsenorm.prox_lq`'s) against mpmath's high-precision
# arithmetic.
#
# The proximal operators of the penalties with a dead zone return exactly ``0.0`` on it (up to the
# rounding of its edge): soft thresholding, for one, computes
# :math:`z - \operatorname{clip}(z, -\alpha, \alpha)`, which is :math:`z - z = 0` there. Without a
# dead zone, ``0.0`` comes, for :math:`z \ne 0`, only from underflow. The squared L2 minimiser is
# one correctly rounded division, :math:`\mathrm{fl}(z / \mathrm{fl}(1 + \alpha))`, so it is zero
# exactly when :math:`|z| / \mathrm{fl}(1 + \alpha)` is at most
# :math:`2^{-1075} \approx 2.5 \times 10^{-324}`, half the smallest positive double
# :math:`2^{-1074} \approx 4.9 \times 10^{-324}` (the halfway case rounds to the even neighbour,
# 0), and that zero carries the sign bit of :math:`z` (``-0.0`` for :math:`z < 0` and for
# :math:`z = -0.0`). Where :math:`1 + \alpha` is exact, as for :math:`\alpha = 1`, that is: exactly
# when the exact minimiser :math:`z / (1 + \alpha)` is at most :math:`2^{-1075}`. Otherwise
# :math:`\mathrm{fl}(1 + \alpha)` is within a relative :math:`2^{-53}` of :math:`1 + \alpha`, and
# the bound becomes :math:`2^{-1075}(1 + 2^{-53})`: for :math:`\alpha = 1 - 2^{-53}` the sum rounds
# to 2, and at :math:`z = 2^{-1074}` the exact minimiser is just above :math:`2^{-1075}` while the
# computed one is ``0.0``. For :math:`q = \tfrac32`, :func:`~sparsenorm.prox_lq` finds a root by
# bisection (its docstring bounds the error); it returns ``0.0`` only when the exact minimiser is
# below the smallest positive double:
from decimal import Decimal, getcontext  # exact decimal arithmetic, for the exact minimisers

getcontext().prec = 40
smallest, tiny = 5e-324, 1e-170  # smallest = 2^-1074
alpha_tie = 1 - 2**-53  # 1 + alpha_tie is halfway between two doubles; it rounds to 2
exact_ridge = Decimal(smallest) / 2  # z / (1 + alpha) at alpha = 1
exact_tie = Decimal(smallest) / (1 + Decimal(alpha_tie))
root = 2 * Decimal(tiny) / (Decimal("1.5") + (Decimal("2.25") + 4 * Decimal(tiny)).sqrt())
exact_lq = root**2  # sqrt(w) solves s^2 + 1.5 s - z = 0
print(f"ridge, z = 5e-324:   {sn.prox_squared_l2(smallest, 1.0)} (exact {exact_ridge:.3g})")
print(f"  alpha = 1 - 2^-53: {sn.prox_squared_l2(smallest, alpha_tie)} (exact {exact_tie:.17g})")
print(f"{'2^-1075 =':>31} {Decimal(2) ** -1075:.17g}")
print(f"q = 3/2, z = 1e-170: {sn.prox_lq(tiny, 1.0, 1.5)} (exact {exact_lq:.3g})")
print(f"L1, first float past 1: {sn.prox_l1(np.nextafter(1.0, 2.0), 1.0):.3g}")


def largest_zero(penalty):
    """Largest positive double z with prox(z) == 0: bisection on the doubles' bit patterns
    (positive doubles are ordered as their bit patterns), from prox(0) == 0 and prox(1) != 0."""
    lo, hi = 0, int(np.float64(1.0).view(np.int64))
    while hi - lo > 1:
        mid = (lo + hi) // 2
        zero = penalty.prox(np.int64(mid).view(np.float64), 1.0) == 0
        lo, hi = (mid, hi) if zero else (lo, mid)
    return float(np.int64(lo).view(np.float64))


underflow_edges = {name: largest_zero(penalties[name]) for name in ("squared L2", "lq, q = 3/2")}
for name, edge in underflow_edges.items():
    print(f"{name}: largest z with minimiser 0.0 is {edge:.3g}")

# %%
# So in binary64 the squared L2 penalty's minimiser is zero only where the exact minimiser is at
# most :math:`2^{-1075}(1 + 2^{-53}) \approx 2.5 \times 10^{-324}`, and the :math:`q = \tfrac32`
# one only where it is below :math:`2^{-1074}`: too small to store. In data values, at
# :math:`\alpha = 1`: :math:`z \le 2^{-1074} \approx 4.9 \times 10^{-324}` for squared L2, and
# :math:`z` up to about :math:`1.67 \times 10^{-162}` for :math:`q = \tfrac32` (its minimiser
# :math:`w` solves :math:`w + \tfrac32 w^{1/2} = z`, so the square root lifts a minimiser of
# about :math:`1.2 \times 10^{-324}` to that data value): the last two lines printed. The dead
# zone is different in kind: a whole interval of ordinary numbers, of half-width :math:`\tau`.
#
# Takeaways
# ---------
# * For an even penalty :math:`p \ge 0` with :math:`p(0) = 0`, 0 is a global minimiser of
#   :math:`\tfrac12(w - z)^2 + p(w)` exactly for :math:`|z| \le \tau`, with
#   :math:`\tau = \inf_{w>0} (p(w)/w + w/2)`, convex or not, and the only one for
#   :math:`|z| < \tau` (at :math:`|z| = \tau`, for a jump or an infinite slope,
#   :math:`\operatorname{sign}(z)\,\beta` ties with it).
# * :math:`\tau > 0` exactly when :math:`p` grows at least linearly at 0, for example through a
#   kink (L1, elastic net, MCP, SCAD, the group norm), a jump (L0) or an infinite slope
#   (:math:`|w|^q`, :math:`q < 1`, whose threshold
#   :math:`\tfrac{2-q}{2(1-q)}(2\alpha(1-q))^{1/(2-q)}` is finite).
# * For a kink with :math:`p + \tfrac12 w^2` convex, :math:`\tau` is the slope :math:`p'(0^+)`;
#   for a jump or an infinite slope it is set by a global comparison, and the minimiser jumps.
# * The squared L2 penalty and :math:`|w|^q` with :math:`q > 1` are flat at 0: :math:`\tau = 0`,
#   zero only for :math:`z = 0`. The unsquared norm of the same weights has a dead zone; the
#   squaring removes it.
#
# References
# ----------
# * J. Fan, R. Li, "Variable selection via nonconcave penalized likelihood and its oracle
#   properties", *Journal of the American Statistical Association* 96(456), 1348-1360, 2001
#   (SCAD; conditions for sparsity, continuity and unbiasedness of thresholding rules).
# * C.-H. Zhang, "Nearly unbiased variable selection under minimax concave penalty", *Annals of
#   Statistics* 38(2), 894-942, 2010 (MCP and firm thresholding).
# * A. Antoniadis, J. Fan, "Regularization of wavelet approximations", *Journal of the American
#   Statistical Association* 96(455), 939-967, 2001 (penalised thresholding rules for one
#   weight).
# * Z. Xu, X. Chang, F. Xu, H. Zhang, ":math:`L_{1/2}` regularization: a thresholding
#   representation theory and a fast solver", *IEEE Transactions on Neural Networks and Learning
#   Systems* 23(7), 1013-1027, 2012; G. Marjanovic, V. Solo, "On :math:`\ell_q` optimization and
#   matrix completion", *IEEE Transactions on Signal Processing* 60(11), 5714-5724, 2012 (the
#   :math:`\ell_q` threshold).
# * M. Yuan, Y. Lin, "Model selection and estimation in regression with grouped variables",
#   *Journal of the Royal Statistical Society B* 68(1), 49-67, 2006 (the group lasso).
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, Table 3.4 (best subset, ridge and lasso for an orthonormal design: hard
#   thresholding at the :math:`M`-th largest coefficient, proportional shrinkage, soft
#   thresholding).
