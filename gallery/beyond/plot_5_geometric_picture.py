r"""
======================================================
The geometric picture: corners, and how often they win
======================================================

The classic picture of why the Lasso is sparse (Figure 3.11 of *The Elements of Statistical
Learning*) puts the elliptical contours of the least-squares error next to the L1 diamond and
the L2 disk: the ellipses often touch the diamond first at a corner, where one coefficient is
zero. We redraw it, with an interactive version in which you move the budget, then run an
experiment the textbook figure does not: over hundreds of random least-squares problems, how
often is the solution *exactly* on an axis, for L1, L2, :math:`\ell_q` with :math:`q = 0.5` and
:math:`1.5`, and the elastic net, in two dimensions and in ten? We end with the unit balls
themselves. The notation is the site's (:ref:`notation`);
the book writes :math:`\beta` for our :math:`w`.
"""

# %%
# The constrained problem
# -----------------------
# Ridge and Lasso can be written with a budget :math:`t` instead of a penalty:
#
# .. math::
#
#    \min_w\ f(w) \quad \text{subject to} \quad \|w\|_1 \le t
#    \ \text{(Lasso)} \quad\text{or}\quad \|w\|_2 \le t \ \text{(ridge)}.
#
# For least squares with an invertible :math:`A = X^\top X`,
# :math:`f(w) = \tfrac12 (w - \hat w)^\top A (w - \hat w)` up to a constant, where
# :math:`\hat w` is the unpenalised (least-squares) estimate. Its level sets are ellipses
# centred on :math:`\hat w`. When :math:`\hat w` lies outside the ball, the solution is the
# point where the growing ellipses first touch the ball. We compute it by projected gradient
# descent, :math:`w \leftarrow \operatorname{proj}(w - \eta \nabla f(w))`, with the library's
# :func:`~sparsenorm.project_l1_ball` and :func:`~sparsenorm.project_l2_ball`. Projection onto
# the diamond is a soft thresholding (with a threshold that depends on the point), so its
# output has exact zeros, and the iterates can sit exactly on a corner. We stop when an iterate
# repeats exactly.
import numpy as np

import sparsenorm as sn

A = np.array([[1.0, 0.5], [0.5, 1.0]])
w_hat = np.array([2.0, 0.6])
t = 1.0
rho = 0.5  # elastic-net mix used throughout the page


def f(w):
    """Least-squares error up to a constant; w has shape (..., 2)."""
    diff = w - w_hat
    return 0.5 * np.einsum("...i,ij,...j->...", diff, A, diff)


def constrained_solution(project, t, n_steps=500):
    """Projected gradient descent on f over the ball of radius t given by project, from 0,
    until an iterate repeats exactly (at most n_steps steps)."""
    step = 1 / np.linalg.eigvalsh(A).max()
    w = np.zeros(2)
    for _ in range(n_steps):
        w_next = project(w - step * A @ (w - w_hat), t)
        if np.array_equal(w_next, w):
            break
        w = w_next
    return w


solutions = {
    "L1": constrained_solution(sn.project_l1_ball, t),
    "L2": constrained_solution(sn.project_l2_ball, t),
}
for name, w in solutions.items():
    print(f"{name}: solution {w}, exact zeros: {np.count_nonzero(w == 0)}")

# %%
# The diamond and the disk
# ------------------------
# The ellipse through each solution is drawn thicker. It touches the diamond at the corner
# :math:`(t, 0)` and the disk at a point with both coordinates non-zero.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")
theta = np.linspace(0, 2 * np.pi, 721)
circle = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
balls = {
    "L1": t * circle / sn.l1_norm(circle, axis=-1, keepdims=True),
    "L2": t * circle,
}
grid = np.linspace(-1.6, 3.2, 241)
W1, W2 = np.meshgrid(grid, grid)
F = f(np.stack([W1, W2], axis=-1))

fig, axes = plt.subplots(2, 1, figsize=(5, 8.4), sharex=True)
for ax, ball_name, ball_color in zip(axes, ["L1", "L2"], ["C0", "C1"], strict=True):
    touching, touching_level = solutions[ball_name], f(solutions[ball_name])
    ax.fill(*balls[ball_name].T, color=ball_color, alpha=0.25)
    ax.contour(
        W1, W2, F, levels=touching_level * np.array([1.6, 2.4, 3.4]), colors="C6", linewidths=0.6
    )
    ax.contour(W1, W2, F, levels=[touching_level], colors="C6", linewidths=1.8)
    ax.plot(*touching, "o", color=ball_color, markersize=8, markeredgecolor="black")
    # sphinx_gallery_start_ignore
    ax.axhline(0, color="C6", linewidth=0.8)
    ax.axvline(0, color="C6", linewidth=0.8)
    ax.plot(*balls[ball_name].T, color=ball_color, linewidth=2)
    ax.plot(*w_hat, "o", color="C6")
    ax.annotate(r"$\hat w$", w_hat, xytext=(6, 6), textcoords="offset points")
    ax.annotate(
        rf"$w^\star = ({touching[0]:.2f}, {touching[1]:.2f})$",
        touching,
        xytext=(-10, -30),
        textcoords="offset points",
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )
    ball_title = {
        "L1": r"L1 ball $|w_1| + |w_2| \leq t$",
        "L2": r"L2 ball $w_1^2 + w_2^2 \leq t^2$",
    }
    ax.set(
        title=ball_title[ball_name],
        ylabel=r"$w_2$",
        aspect="equal",
        xlim=(-1.6, 3.2),
        ylim=(-1.6, 2.4),
    )
    # sphinx_gallery_end_ignore
# sphinx_gallery_start_ignore
axes[1].set(xlabel=r"$w_1$")
fig.set_label(
    "Two stacked panels with the same elliptical error contours centred on the least-squares "
    "estimate at (2, 0.6). Top: the smallest contour that reaches the L1 diamond of radius 1 "
    "touches it at the corner (1, 0), where the second coefficient is exactly zero. Bottom: the "
    "contour that reaches the L2 disk touches it at about "
    f"({solutions['L2'][0]:.2f}, {solutions['L2'][1]:.2f}), with both coefficients non-zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Explore it: move the budget
# ---------------------------
# Move the budget :math:`t`. The figure draws the diamond :math:`\|w\|_1 \le t` and the disk
# :math:`\|w\|_2 \le t`, the constrained solution in each, the error contour through each
# solution (the ellipse :math:`f(w) = f(w^\star)`, which touches the ball there as long as
# :math:`\hat w` lies outside the ball), and the path each solution follows as :math:`t` goes
# from 0.1 to 2.6, for the problem above. For budgets up to :math:`t = 1.4` the L1 solution sits
# on the corner :math:`(t, 0)`, with :math:`w_2` exactly 0; above it, the solution leaves the axis
# along the diamond's edge, and from :math:`t = \|\hat w\|_1 = 2.6` on it is :math:`\hat w`
# itself. The disk's solution has both coordinates non-zero for every budget (from
# :math:`t = \|\hat w\|_2 \approx 2.09` on it is :math:`\hat w`).
#
# The corner is the solution exactly when minus the gradient there,
# :math:`-\nabla f(t, 0) = (2.3 - t,\ 1.6 - t/2)`, lies in the diamond's normal cone at the
# corner, :math:`\{\mu\,(1, s) : \mu \ge 0,\ |s| \le 1\}` (the test of the next section), that
# is when :math:`|1.6 - t/2| \le 2.3 - t`, which holds exactly for :math:`t \le 1.4`. Every
# solution the figure can show was computed when this page was built, with the function above,
# whose projection onto the diamond returns exact zeros. The figure above shows :math:`t = 1`;
# the interactive one below needs JavaScript.
import altair as alt

budgets = np.round(np.linspace(0.1, 2.6, 26), 12)  # the slider's values of t
ring = circle[::10]  # 73 unit vectors
# The points with f(w) = c are w_hat + sqrt(2 c) A^(-1/2) u, for unit vectors u.
eigenvalues, eigenvectors = np.linalg.eigh(A)
inverse_sqrt_A = eigenvectors @ np.diag(eigenvalues**-0.5) @ eigenvectors.T
projections = {"L1": sn.project_l1_ball, "L2": sn.project_l2_ball}
outlines, explored = [], []
for budget in budgets:
    at_budget = {
        "L1 ball": budget * ring / sn.l1_norm(ring, axis=1, keepdims=True),
        "L2 ball": budget * ring,
    }
    for name, project in projections.items():
        w = constrained_solution(project, float(budget))
        contour = w_hat + np.sqrt(2 * f(w)) * ring @ inverse_sqrt_A
        at_budget[f"{name} contour"] = contour
        exact_zero = "  on an axis (exact 0)" if np.any(w == 0) else ""
        explored.append(
            {
                "t": float(budget),
                "ball": name,
                "w1": float(w[0]),
                "w2": float(w[1]),
                "label": f"{name}: w* = ({w[0]:.4g}, {w[1]:.4g}){exact_zero}",
            }
        )
    for shape, points in at_budget.items():
        xs, ys = np.round(points, 4).T.tolist()
        outline = {"t": float(budget), "shape": shape, "x": xs, "y": ys}
        outlines.append(outline)
l1_rows = [row for row in explored if row["ball"] == "L1"]
corner = [r["t"] for r in l1_rows if (r["w1"], r["w2"]) == (r["t"], 0.0)]
span = f"t = {corner[0]:g}, ..., {corner[-1]:g}"
print(f"L1 solution exactly (t, 0) for {span}:", end=" ")
print(f"{len(corner)} of {budgets.size} budgets")
for row in explored:
    if row["t"] in (1.0, 2.0):
        print(f"t = {row['t']:g}, {row['label']}")

# sphinx_gallery_start_ignore
# The interactive figure: a Vega-Lite specification holding the solutions computed above.
from matplotlib.colors import to_hex

slider = alt.binding_range(min=0.1, max=2.6, step=0.1, name="budget t ")
budget_param = alt.param(name="t", value=1.0, bind=slider)
index_param = alt.param(name="I", value=list(range(ring.shape[0])))
at_t = "abs(datum.t - t) < 1e-9"
kinds = ["L1 ball", "L2 ball", "L1 contour", "L2 contour"]
outline_color = alt.Color(
    "shape:N",
    legend=None,
    scale=alt.Scale(domain=kinds, range=[to_hex(c) for c in ("C0", "C1", "C0", "C1")]),
)
outline_dash = alt.StrokeDash(
    "shape:N",
    legend=None,
    scale=alt.Scale(domain=kinds, range=[[1, 0], [6, 3], [2, 2], [2, 2]]),
)
ball_color = alt.Color(
    "ball:N",
    legend=None,
    scale=alt.Scale(domain=["L1", "L2"], range=[to_hex("C0"), to_hex("C1")]),
)
ball_shape = alt.Shape(
    "ball:N", legend=None, scale=alt.Scale(domain=["L1", "L2"], range=["circle", "square"])
)
x_axis = alt.X("x:Q", scale=alt.Scale(domain=[-1.2, 3], nice=False), title="w₁")
y_axis = alt.Y("y:Q", scale=alt.Scale(domain=[-1.2, 3], nice=False), title="w₂")
solution_data = alt.Chart(alt.NamedData(name="solutions"))
outline_layer = (
    alt.Chart(alt.NamedData(name="shapes"))
    .transform_filter(at_t)
    .transform_calculate(i="I")
    .transform_flatten(["i", "x", "y"])
    .mark_line(clip=True)
    .encode(x_axis, y_axis, outline_color, outline_dash, order="i:Q", detail="shape:N")
)
path_layer = solution_data.mark_line(strokeDash=[1, 3]).encode(
    alt.X("w1:Q"), alt.Y("w2:Q"), ball_color, order="t:Q"
)
point_layer = (
    solution_data.transform_filter(at_t)
    .mark_point(size=140, filled=True, opacity=1)
    .encode(alt.X("w1:Q"), alt.Y("w2:Q"), ball_color, ball_shape)
)
w_hat_layer = alt.Chart().mark_point(shape="cross", size=140, color="black", filled=True)
w_hat_layer = w_hat_layer.encode(x=alt.datum(float(w_hat[0])), y=alt.datum(float(w_hat[1])))
picture = (
    alt.layer(outline_layer, path_layer, point_layer, w_hat_layer)
    .resolve_scale(color="independent", strokeDash="independent")
    .properties(width=300, height=300, title="constrained solutions")
)
labels = (
    solution_data.transform_filter(at_t)
    .mark_text(align="left", fontSize=14, aria=True)
    .encode(
        alt.Y("ball:N", axis=None),
        text="label:N",
        description="label:N",
        x=alt.value(0),
        color=ball_color,
    )
    .properties(width=300, height=50)
)
explorable = (
    alt.vconcat(picture, labels)
    .add_params(budget_param, index_param)
    .properties(
        description=(
            "Interactive figure: the diamond and the disk of the chosen budget t, the error "
            "ellipses that touch them and the constrained solutions, which for the diamond "
            "lie on the horizontal axis up to t = 1.4."
        )
    )
    .configure_axis(labelFontSize=13, titleFontSize=13)
    .configure_title(fontSize=14)
    .configure_mark(aria=False)  # a screen reader reads the labels and the description
)
# The data go in last, by name: Altair copies a chart's inline data at every step.
explorable.datasets = {"shapes": outlines, "solutions": explored}
# sphinx_gallery_end_ignore
explorable

# %%
# When is an axis point the solution?
# -----------------------------------
# A picture shows one problem. To count, we need a test. Take an axis point
# :math:`b = \sigma r e_i` (:math:`\sigma = \pm 1`) on the boundary of a convex ball
# :math:`\{c(w) \le c_0\}`, and write :math:`g = \nabla f(b)`. It is the solution exactly when
# :math:`-g` points out of the ball, that is, lies in :math:`\mu\,\partial c(b)` for some
# :math:`\mu \ge 0` (the KKT conditions, necessary and sufficient for a convex problem with an
# interior point). Equivalently, :math:`b` minimises the penalised problem :math:`f + \mu c`, so
# the test is the optimality condition of the subdifferential page with :math:`\alpha = \mu`,
# which :meth:`~sparsenorm.L1.subdiff_distance` and
# :meth:`~sparsenorm.ElasticNetPenalty.subdiff_distance` evaluate:
#
# * L1 ball: :math:`\partial c(b)` is :math:`\sigma` in coordinate :math:`i` and :math:`[-1, 1]`
#   in the other coordinate :math:`j`. So :math:`\mu = |g_i|` (with :math:`\sigma g_i < 0`),
#   and the corner is optimal when :math:`|g_j| \le |g_i|`: a whole cone of gradients.
# * Elastic-net ball :math:`\rho\|w\|_1 + \frac{1-\rho}{2}\|w\|_2^2 \le c_0`: the same
#   with :math:`\mu = |g_i| / (\rho + (1 - \rho) r)` and the condition
#   :math:`|g_j| \le \mu\rho`: a narrower cone, but still a cone.
# * :math:`\ell_q` ball with :math:`q > 1` (L2 included): the boundary is smooth, its normal at
#   :math:`b` is :math:`e_i`, and the condition is :math:`g_j = 0` *exactly*.
#
# For :math:`q = 0.5` the ball is not convex and this local test is not enough. There we compare
# the best of the four tips with a search over the rest of the boundary (a search, not a
# proof): 1000 angles, each refined three times on a 40-times finer local grid. We count the
# solution as on an axis when no boundary point found does better than the best tip, up to
# :math:`10^{-12}` relative: when a tip is the solution, the search creeps towards that tip and
# finds points a rounding error away from it.


def axis_points(radius):
    """The four axis points (i, sigma) at distance radius (shape (n,)): shape (4, n, 2)."""
    points = np.zeros((4, radius.size, 2))
    for k, (i, sigma) in enumerate([(0, 1), (0, -1), (1, 1), (1, -1)]):
        points[k, :, i] = sigma * radius
    return points


def on_axis_convex(A, w_hat, radius, shape, rho):
    """For each problem, whether an axis point of the ball solves it (exact test)."""
    found = np.zeros(radius.size, dtype=bool)
    for b in axis_points(radius):
        g = np.einsum("nij,nj->ni", A, b - w_hat)
        i = np.argmax(np.abs(b), axis=1)
        rows = np.arange(radius.size)
        sigma = np.sign(b[rows, i])
        g_i, g_j = g[rows, i], g[rows, 1 - i]
        outward = sigma * g_i < 0
        for n in np.flatnonzero(outward):
            if shape == "L1":
                distance = sn.L1(alpha=abs(g_i[n])).subdiff_distance(b[n], g[n])
                found[n] |= distance[1 - i[n]] == 0
            elif shape == "elastic net":
                mu = abs(g_i[n]) / (rho + (1 - rho) * radius[n])
                penalty = sn.ElasticNetPenalty(alpha=mu, l1_ratio=rho)
                found[n] |= penalty.subdiff_distance(b[n], g[n])[1 - i[n]] == 0
            else:  # smooth boundary
                found[n] |= g_j[n] == 0
    return found


# %%
# The boundary search needs the radius of each ball in every direction :math:`u`. For
# :math:`\ell_q` it is :math:`t / \|u\|_q` (:func:`~sparsenorm.lp_norm`); for the elastic net it
# solves the quadratic :math:`\rho r \|u\|_1 + \frac{1-\rho}{2} r^2 = c_0`.
Q_OF = {"L1": 1.0, "L2": 2.0, "q=1.5": 1.5, "q=0.5": 0.5}


def en_radius(u, rho, level):
    """Distance to the elastic-net ball's boundary in the unit directions u (shape (..., 2))."""
    a = rho * sn.l1_norm(u, axis=-1)
    return (-a + np.sqrt(a**2 + 2 * (1 - rho) * level)) / (1 - rho)


def boundary_radius(u, shape, level):
    """Distance from 0 to the boundary of the ball in the unit directions u (shape (..., 2))."""
    level = np.asarray(level)[..., None]
    if shape == "elastic net":
        return en_radius(u, rho, level)
    return level / sn.lp_norm(u, Q_OF[shape], axis=-1)


def best_boundary_point(A, w_hat, shape, level, n_angles=1000, rounds=3):
    """Off-axis boundary point with the smallest error, for each problem: (value, point)."""
    n = w_hat.shape[0]
    width = 2 * np.pi / n_angles
    angles = np.broadcast_to((np.arange(n_angles) + 0.5) * width, (n, n_angles))
    for _ in range(rounds + 1):
        u = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
        points = boundary_radius(u, shape, level)[..., None] * u
        diff = points - w_hat[:, None, :]
        values = 0.5 * np.einsum("nai,nij,naj->na", diff, A, diff)
        best = np.argmin(values, axis=1)
        centre = angles[np.arange(n), best]
        width /= 40
        angles = centre[:, None] + width * np.arange(-40, 41)[None, :]
    rows = np.arange(n)
    return values[rows, best], points[rows, best]


# %%
# The experiment in two dimensions
# --------------------------------
# Each random problem has a correlation between the two features drawn uniformly in
# :math:`(-0.9, 0.9)`, a design :math:`X` of 20 Gaussian samples, :math:`A = X^\top X / 20`, and
# :math:`\hat w` standard normal. The budget must bind, and it must be matched across shapes
# somehow; there is no single right way, so we use two, with :math:`s` uniform in
# :math:`(0.2, 0.7)` and the same for every shape:
#
# * *same tips*: every ball has its axis points at distance :math:`s\|\hat w\|_1`, like the
#   unit balls at the end of this page (the :math:`q = 0.5` ball then lies inside the diamond);
# * *through* :math:`s\hat w`: every ball's boundary passes through the shrunken estimate.
#
# In both cases :math:`\hat w` lies outside every ball (for the same tips this is why
# :math:`s < 1/\sqrt{2}`: the disk of radius :math:`s\|\hat w\|_1` must not contain
# :math:`\hat w`), so every solution lies on the boundary.
rng = np.random.default_rng(0)
n_problems = 300
corr = rng.uniform(-0.9, 0.9, n_problems)
Z = rng.standard_normal((n_problems, 20, 2))
X = Z.copy()
X[:, :, 1] = corr[:, None] * Z[:, :, 0] + np.sqrt(1 - corr[:, None] ** 2) * Z[:, :, 1]
A_all = np.einsum("nki,nkj->nij", X, X) / 20
w_hat_all = rng.standard_normal((n_problems, 2))
scale = rng.uniform(0.2, 0.7, n_problems)
inner = scale[:, None] * w_hat_all
SHAPES = ["L1", "elastic net", "q=0.5", "q=1.5", "L2"]


def level_through(points, shape):
    """The ball's level c_0 such that its boundary passes through points (shape (n, 2))."""
    if shape == "elastic net":
        l1, l2 = sn.l1_norm(points, axis=1), sn.squared_l2_norm(points, axis=1)
        return rho * l1 + (1 - rho) / 2 * l2
    return sn.lp_norm(points, Q_OF[shape], axis=1)


def count_on_axis(levels):
    """Number of problems whose constrained solution is on an axis, per shape."""
    counts = {}
    for shape in SHAPES:
        radius = boundary_radius(np.array([1.0, 0.0]), shape, levels[shape])[:, 0]
        diffs = axis_points(radius) - w_hat_all
        tip_values = 0.5 * np.einsum("kni,nij,knj->kn", diffs, A_all, diffs).min(axis=0)
        off_axis, _ = best_boundary_point(A_all, w_hat_all, shape, levels[shape])
        by_search = tip_values <= off_axis + 1e-12 * (1 + np.abs(off_axis))
        if shape == "q=0.5":
            counts[shape] = (int(by_search.sum()), None)
        else:
            exact = on_axis_convex(A_all, w_hat_all, radius, shape, rho)
            counts[shape] = (int(exact.sum()), bool(np.array_equal(exact, by_search)))
    return counts


tips = np.stack([sn.l1_norm(inner, axis=1), np.zeros(n_problems)], axis=1)
matchings = {
    "same tips": {shape: level_through(tips, shape) for shape in SHAPES},
    "through s*w_hat": {shape: level_through(inner, shape) for shape in SHAPES},
}
results_2d = {}
for matching, levels in matchings.items():
    results_2d[matching] = count_on_axis(levels)
    print(f"{matching}:")
    for shape, (count, agree) in results_2d[matching].items():
        method = "search only" if agree is None else f"exact test; search agrees: {agree}"
        print(f"  {shape:11s}: on an axis {count:3d}/{n_problems} ({method})")

# %%
# In two dimensions, a zero coefficient needs an exact coincidence for the smooth balls
# (:math:`q = 1.5` and L2), and it happens in none of the problems; for the balls with corners
# it happens in a sizeable share of them. Non-convex :math:`q = 0.5` lands on an axis most often
# when the balls share their tips, but less often than L1 when the balls pass through the same
# point: how much "sparser" it is depends on how the budgets are matched.
#
# Ten dimensions, penalised form
# ------------------------------
# In higher dimension we switch to the penalised form
# :math:`\min_w \tfrac12\|y - Xw\|_2^2 + \alpha\,h(w)`. For a convex penalty every binding
# budget :math:`t` corresponds to some :math:`\alpha` (the Lagrange multiplier above), so the
# two forms produce the same family of solutions. We solve 200 random problems at once with the
# accelerated proximal gradient method (FISTA with adaptive restart, 250 steps) for the convex
# penalties, using the library's :func:`~sparsenorm.prox_l1`,
# :func:`~sparsenorm.prox_squared_l2` and :func:`~sparsenorm.prox_elastic_net`, and check each
# solution's optimality residual. For :math:`\alpha|w|^q` we write the proximal operators here:
# for :math:`q = 1.5`, :math:`\sqrt{u}` solves the quadratic
# :math:`s^2 + 1.5\alpha s - |x| = 0`; for :math:`q = 0.5`, :math:`\sqrt{u}` is the largest
# root of the cubic :math:`s^3 - |x| s + \alpha/2 = 0`, kept only when it beats :math:`u = 0`.
# The designs have 50 samples and 10 correlated features (Toeplitz correlation
# :math:`r^{|j-k|}`, :math:`r` uniform in :math:`(0, 0.8)`), and the true coefficients are all
# non-zero, so any zero comes from the penalty alone. Each problem is scaled so that
# :math:`\|X\|_2 = 1` (step 1) and :math:`\|X^\top y\|_\infty = 1` (then :math:`\alpha` is a
# fraction of the L1 penalty's :math:`\alpha_{\max}`).


def prox_power(x, step, q):
    """Proximal operator of step * |x|^q, elementwise, for q in {0.5, 1.5}."""
    a = np.abs(x)
    if q == 1.5:
        s = 2 * a / (1.5 * step + np.sqrt(2.25 * step**2 + 4 * a))  # no cancellation
        return np.sign(x) * s**2
    # q == 0.5: largest root of s^3 - a s + step / 2 = 0, where it exists.
    exists = 4 * a**3 > 27 * step**2 / 4
    safe = np.where(exists, a, 1.0)
    cosine = np.clip(-(3 * step / 4) / safe * np.sqrt(3 / safe), -1, 1)
    u = (2 * np.sqrt(safe / 3) * np.cos(np.arccos(cosine) / 3)) ** 2
    better = exists & (0.5 * (u - a) ** 2 + step * np.sqrt(u) < 0.5 * a**2)
    return np.where(better, np.sign(x) * u, 0.0)


# A brute-force check of both on a grid (the grid contains 0).
x_check = np.linspace(-3, 3, 121)
u_grid = 1e-3 * np.arange(-4000, 4001)
for q in (0.5, 1.5):
    objective = 0.5 * (u_grid - x_check[:, None]) ** 2 + 0.4 * np.abs(u_grid) ** q
    brute = u_grid[np.argmin(objective, axis=1)]
    distance = np.abs(brute - prox_power(x_check, 0.4, q)).max()
    print(f"prox of 0.4|w|^{q}: largest distance to brute force {distance:.2g}")

n_problems_d, n_samples, n_features = 200, 50, 10
r = rng.uniform(0, 0.8, n_problems_d)
lags = np.abs(np.arange(n_features)[:, None] - np.arange(n_features)[None, :])
chol = np.linalg.cholesky(r[:, None, None] ** lags)
Xd = rng.standard_normal((n_problems_d, n_samples, n_features)) @ np.swapaxes(chol, 1, 2)
Xd /= np.linalg.norm(Xd, 2, axis=(1, 2))[:, None, None]
yd = np.einsum("nkj,nj->nk", Xd, rng.standard_normal((n_problems_d, n_features)))
noise = rng.standard_normal((n_problems_d, n_samples))
yd += 0.5 * noise * np.linalg.norm(yd, axis=1, keepdims=True) / np.sqrt(n_samples)
yd /= np.abs(np.einsum("nkj,nk->nj", Xd, yd)).max(axis=1, keepdims=True)
Xty = np.einsum("nkj,nk->nj", Xd, yd)
gram = np.einsum("nki,nkj->nij", Xd, Xd)


def gradient(w):
    """Gradient of the data term, X^T (X w - y), for all problems at once."""
    return (gram @ w[:, :, None])[:, :, 0] - Xty


proxes = {
    "L1": lambda x, a: sn.prox_l1(x, a),
    "elastic net": lambda x, a: sn.prox_elastic_net(x, a, rho),
    "q=0.5": lambda x, a: prox_power(x, a, 0.5),
    "q=1.5": lambda x, a: prox_power(x, a, 1.5),
    "L2": lambda x, a: sn.prox_squared_l2(x, a),
}
alphas = [0.05, 0.1, 0.2, 0.4]


def fista(prox, alpha, n_steps=250):
    """FISTA on all problems at once, with momentum reset where a step turned back."""
    w = v = np.zeros((n_problems_d, n_features))
    t_k = np.ones((n_problems_d, 1))
    for _ in range(n_steps):
        w_next = prox(v - gradient(v), alpha)
        restart = np.sum((v - w_next) * (w_next - w), axis=1, keepdims=True) > 0
        t_k = np.where(restart, 1.0, t_k)
        t_next = (1 + np.sqrt(1 + 4 * t_k**2)) / 2
        v = w_next + ((t_k - 1) / t_next) * (w_next - w)
        w, t_k = w_next, t_next
    return w


def residual(name, w, alpha):
    """Largest optimality residual (distance of -gradient to alpha times the subdifferential)."""
    g = gradient(w)
    if name == "L1":
        return sn.L1(alpha=alpha).subdiff_distance(w, g).max()
    if name == "elastic net":
        return sn.ElasticNetPenalty(alpha=alpha, l1_ratio=rho).subdiff_distance(w, g).max()
    if name == "L2":
        return np.abs(g + alpha * w).max()
    return np.abs(g + 1.5 * alpha * np.sign(w) * np.sqrt(np.abs(w))).max()  # q = 1.5


mean_zeros, any_zero, largest_residual = {}, {}, 0.0
for name in ["L1", "elastic net", "q=1.5", "L2"]:
    solutions_d = [fista(proxes[name], alpha) for alpha in alphas]
    zeros = np.array([np.count_nonzero(w == 0, axis=1) for w in solutions_d])
    mean_zeros[name], any_zero[name] = zeros.mean(axis=1), (zeros > 0).mean(axis=1)
    for alpha, w in zip(alphas, solutions_d, strict=True):
        largest_residual = max(largest_residual, residual(name, w, alpha))
print("share of the 200 problems with a zero coefficient,")
print(f"for alpha = {alphas}:")
for name, shares in any_zero.items():
    print(f"  {name:11s}: " + ", ".join(f"{share:.2f}" for share in shares))
print(f"largest optimality residual (convex penalties): {largest_residual:.1e}")

# %%
# The non-convex penalty: which minimiser?
# ----------------------------------------
# For :math:`q = 0.5` the objective is not convex and can have many local minimisers, and proximal
# gradient steps (plain ISTA with step 1, which never increases the objective) stop at a fixed
# point of the step, not necessarily the global minimiser; we run them until no coordinate moves by
# more than :math:`10^{-12}`. Where they stop depends on the start. From :math:`w = 0` they stop at
# points with many zeros; from the least-squares estimate, or from four random starts that scale
# each coordinate of it by its own factor drawn uniformly from :math:`[0, 1.5)`, they often stop
# at a *lower* objective with *fewer* zeros. We run these six starts per problem and keep
# the lowest objective found. That is still not certified to be the global minimiser: minimising
# least squares plus an :math:`\ell_q` penalty with :math:`q < 1` is NP-hard in general, and we do
# not enumerate. What the counts below report is therefore the zeros of the best point found.


def objective_half(w, alpha):
    """Least squares plus alpha * sum |w_j|^(1/2), for all problems."""
    residual_y = np.einsum("nkj,nj->nk", Xd, w) - yd
    return 0.5 * np.sum(residual_y**2, axis=1) + alpha * np.sum(np.sqrt(np.abs(w)), axis=1)


def ista_half(w0, problem, alpha, tol=1e-12, max_steps=50_000):
    """ISTA steps for the q = 1/2 penalty, row by row, until no coordinate moves more than tol.

    Row k of w0 is a start for problem[k]; returns the fixed points and the number of steps.
    """
    w = w0.copy()
    todo = np.arange(w.shape[0])
    for k in range(1, max_steps + 1):
        rows = problem[todo]
        g = (gram[rows] @ w[todo, :, None])[:, :, 0] - Xty[rows]
        w_next = prox_power(w[todo] - g, alpha, 0.5)
        moved = np.abs(w_next - w[todo]).max(axis=1) > tol
        w[todo] = w_next
        todo = todo[moved]
        if todo.size == 0:
            return w, k
    raise RuntimeError(f"ISTA did not reach a fixed point in {max_steps} steps")


w_ols = np.linalg.solve(gram, Xty[:, :, None])[:, :, 0]
starts = [np.zeros_like(w_ols), w_ols]
starts += [w_ols * rng.uniform(0, 1.5, w_ols.shape) for _ in range(4)]
n_starts = len(starts)
problem = np.tile(np.arange(n_problems_d), n_starts)
zeros_from_0, zeros_best, improved, most_steps = [], [], [], 0
for alpha in alphas:
    ends, n_steps_taken = ista_half(np.concatenate(starts), problem, alpha)
    most_steps = max(most_steps, n_steps_taken)
    runs = ends.reshape(n_starts, n_problems_d, n_features)
    values = np.array([objective_half(w, alpha) for w in runs])
    best = runs[np.argmin(values, axis=0), np.arange(n_problems_d)]
    zeros_from_0.append(np.count_nonzero(runs[0] == 0, axis=1))
    zeros_best.append(np.count_nonzero(best == 0, axis=1))
    improved.append(np.mean(values.min(axis=0) < values[0] - 1e-12))
mean_zeros["q=0.5"] = np.mean(zeros_best, axis=1)
any_zero["q=0.5"] = np.mean(np.array(zeros_best) > 0, axis=1)
print(f"q = 0.5, every run at a fixed point after at most {most_steps} steps")
print("mean number of zeros (of 10), for each alpha:")
print("  ISTA from 0:        " + ", ".join(f"{z:.2f}" for z in np.mean(zeros_from_0, axis=1)))
print("  best of six starts: " + ", ".join(f"{z:.2f}" for z in mean_zeros["q=0.5"]))
print("share of problems where another start did better:")
print("                      " + ", ".join(f"{share:.2f}" for share in improved))
print("share with a zero coefficient at the best point found:")
print("                      " + ", ".join(f"{share:.2f}" for share in any_zero["q=0.5"]))

# %%
# The counts, stacked
# -------------------
# Top: the share of the 2-D problems solved on an axis, for both ways of matching the budgets.
# Bottom: the mean number of exactly-zero coefficients (out of 10) in the 10-D problems as the
# penalty grows (for :math:`q = 0.5`, at the best point found). The smooth penalties stay at
# zero in both panels.
LOOK = {  # colour, line style and marker of each shape on this page
    "L1": ("C0", "-", "o"),
    "elastic net": ("C3", "--", "D"),
    "q=0.5": ("C6", ":", "^"),
    "q=1.5": ("0.55", "-.", "s"),
    "L2": ("C1", (0, (6, 2)), "v"),
}
LABELS = {"L1": "L1", "elastic net": "EN", "q=0.5": r"$q = \frac{1}{2}$"}
LABELS |= {"q=1.5": r"$q = \frac{3}{2}$", "L2": "L2"}
fig, (ax2, ax10) = plt.subplots(2, 1, figsize=(5, 8))
positions = -np.arange(len(SHAPES))  # top to bottom
for offset, matching, hatch in [(0.2, "same tips", None), (-0.2, "through s*w_hat", "//")]:
    shares = [results_2d[matching][shape][0] / n_problems for shape in SHAPES]
    colors = [LOOK[shape][0] for shape in SHAPES]
    bars = ax2.barh(positions + offset, shares, height=0.38, color=colors, hatch=hatch)
    ax2.bar_label(bars, labels=[f"{share:.2f}" if share else "0" for share in shares], padding=3)
for shape in SHAPES:
    color, linestyle, marker = LOOK[shape]
    ax10.plot(
        alphas, mean_zeros[shape], color=color, ls=linestyle, marker=marker, label=LABELS[shape]
    )
# sphinx_gallery_start_ignore
from matplotlib.patches import Patch

for bar in ax2.patches:
    bar.set_edgecolor("white")
legend_handles = [
    Patch(facecolor="0.4", label="same tips"),
    Patch(facecolor="0.4", hatch="//", edgecolor="white", label=r"through $s\hat w$"),
]
ax2.set(
    yticks=positions,
    yticklabels=[LABELS[shape] for shape in SHAPES],
    xlabel="share of problems solved on an axis",
    title=f"2-D, {n_problems} problems, constrained",
    xlim=(0, 1.05),
)
ax2.grid(axis="y", visible=False)
ax2.legend(handles=legend_handles, loc="lower right")
ax10.set(
    xlabel=r"$\alpha / \alpha_{\max}$",
    ylabel=r"mean number of $w_j = 0$",
    title=f"10-D, {n_problems_d} problems, penalised",
    ylim=(-0.3, 10),
)
ax10.legend(loc="upper left", ncols=2)
fig.set_label(
    "Two stacked panels. Top: bars of the share of 300 two-dimensional problems whose constrained "
    "solution lies on an axis, for two ways of matching the budgets: L1, elastic net and q one "
    "half have large shares, q three halves and L2 none. Bottom: the mean number of exactly zero "
    "coefficients out of ten grows with the penalty strength for L1, elastic net and q one half, "
    "and stays at zero for q three halves and L2."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Unit balls
# ----------
# The unit balls :math:`\{w : \|w\|_q \le 1\}` (after Figure 3.12 of *The Elements of
# Statistical Learning*) and the elastic-net ball through the same tips,
# :math:`\rho\|w\|_1 + \frac{1-\rho}{2}\|w\|_2^2 \le \frac{1+\rho}{2}`. The balls with
# :math:`q \le 1` have corners on the axes; the elastic net keeps the corners while its sides
# bulge outwards. Figure 3.13 of the same book compares the elastic net with :math:`\rho = 2/3`
# (the book's :math:`\alpha = 0.2`) and the :math:`\ell_{1.2}` ball: drawn, they look alike.
# The difference is in the slope of the boundary as it approaches the tip :math:`(1, 0)`
# (bottom): for :math:`q = 1.2` it tends to zero, like :math:`w_2^{0.2}`, so the tip is
# smooth, though only barely; for the elastic net it tends to :math:`\rho`, a genuine corner.
angle = np.linspace(0, 2 * np.pi, 4001)
u = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
rho_esl, q_esl = 2 / 3, 1.2
w2 = np.logspace(-12, -0.5, 200)
# Boundary near (1, 0) as w_1(w_2); its slope tends to 0 for q > 1 (a smooth tip)...
slope_q = (1 - w2**q_esl) ** (1 / q_esl - 1) * w2 ** (q_esl - 1)
# ... and to rho / (rho + 1 - rho) = rho for the elastic net (a corner).
c_esl = rho_esl + (1 - rho_esl) / 2
const = rho_esl * w2 + (1 - rho_esl) / 2 * w2**2 - c_esl
w1 = (-rho_esl + np.sqrt(rho_esl**2 - 2 * (1 - rho_esl) * const)) / (1 - rho_esl)
slope_en = (rho_esl + (1 - rho_esl) * w2) / (rho_esl + (1 - rho_esl) * w1)

fig, (ax_balls, ax_zoom) = plt.subplots(2, 1, figsize=(5, 9.5), height_ratios=[1.4, 1])
for q, name in [(0.5, "q=0.5"), (1.0, "L1"), (1.5, "q=1.5"), (2.0, "L2")]:
    ball = u / sn.lp_norm(u, q, axis=-1, keepdims=True)
    ax_balls.plot(*ball.T, color=LOOK[name][0], ls=LOOK[name][1], label=rf"$q = {q:g}$")
ball_inf = u / sn.linf_norm(u, axis=-1, keepdims=True)
ax_balls.plot(*ball_inf.T, color="0.7", ls=(0, (1, 1)), label=r"$q = \infty$")
en_ball = en_radius(u, rho, rho + (1 - rho) / 2)[:, None] * u  # through (1, 0)
ax_balls.plot(*en_ball.T, color="C3", ls="--", label=rf"EN, $\rho = {rho:g}$")
ax_zoom.semilogx(w2, slope_q, color="0.35", ls="-.", label=rf"$q = {q_esl}$")
ax_zoom.semilogx(w2, slope_en, color="C3", ls="--", label=r"EN, $\rho = 2/3$")
# sphinx_gallery_start_ignore
ax_balls.set(
    xlabel=r"$w_1$", ylabel=r"$w_2$", aspect="equal", title="unit balls", xlim=(-1.1, 1.1)
)
ax_balls.legend(loc="upper center", ncols=3, bbox_to_anchor=(0.5, -0.14), handlelength=1.8)
ax_zoom.set(
    xlabel=r"$w_2$ (distance from the tip)",
    ylabel=r"slope $|dw_1 / dw_2|$",
    title=r"boundary slope near the tip $(1, 0)$",
    ylim=(0, 1),
)
ax_zoom.legend(loc="upper left")
fig.set_label(
    "Top: the unit balls for q one half (a star with concave sides), 1 (the diamond), 3/2, 2 (the "
    "disk) and infinity (the square), and the elastic-net ball with corners at the diamond's tips "
    "and bulging sides. Bottom: near the tip (1, 0) the boundary slope of the q = 1.2 ball falls "
    "to zero as the tip is approached, while the elastic net's falls only to two thirds, from "
    f"about {slope_en[-1]:.2f} at the far end of the plotted range: a real corner."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
# * The least-squares ellipses meet a ball with corners at a corner for a whole cone of problems,
#   and a corner means a coefficient that is exactly zero. The exact test is the optimality
#   condition of the penalised problem with the Lagrange multiplier as :math:`\alpha`.
# * A smooth ball (:math:`q > 1`, ridge included) has no corners: an axis solution needs the
#   gradient to vanish exactly along the other axis, and none of the random problems, in two or
#   ten dimensions, produced a single zero.
# * Non-convex :math:`q < 1` balls have sharper spikes and can give more zeros, but how many
#   more depends on how the budgets are matched, and in the penalised form on where a solver
#   stops: proximal steps from zero stop at sparser points than other starts, and in about half
#   of the problems at a higher objective.
# * The elastic net keeps the corners (so it still gives zeros), with rounder sides.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4.3, Figures 3.11 (diamond and disk), 3.12 (contours of
#   :math:`\sum|\beta_j|^q`) and 3.13 (elastic net versus :math:`q = 1.2`).
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, Figure 2.2.
# * G. James, D. Witten, T. Hastie, R. Tibshirani, *An Introduction to Statistical Learning*,
#   Springer, Figure 6.7.
# * X. Chen, D. Ge, Z. Wang, Y. Ye, "Complexity of unconstrained :math:`L_2`-:math:`L_p`
#   minimization", *Mathematical Programming* 143, 2014 (NP-hardness for :math:`0 < p < 1`).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
# * J. Duchi, S. Shalev-Shwartz, Y. Singer, T. Chandra, "Efficient projections onto the l1-ball
#   for learning in high dimensions", ICML 2008 (the projection used above).
