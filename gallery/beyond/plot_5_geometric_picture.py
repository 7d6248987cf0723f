r"""
======================================================
The geometric picture: corners, and how often they win
======================================================

The classic picture of why the Lasso is sparse (Figure 3.11 of *The Elements of Statistical
Learning*) puts the elliptical contours of the least-squares error next to the L1 diamond and
the L2 disk: the ellipses tend to touch the diamond first at a corner, where one coefficient is
zero. We redraw it, then run the experiment no textbook figure shows: over hundreds of random
least-squares problems, how often does the solution land *exactly* on an axis, for L1, L2,
:math:`\ell_q` with :math:`q = 0.5` and :math:`1.5`, and the elastic net, in two dimensions and
in ten? We end with the unit balls themselves.
"""

# %%
# The constrained problem
# -----------------------
# Ridge and Lasso can be written with a budget instead of a penalty:
#
# .. math::
#
#    \min_\beta\ f(\beta) \quad \text{subject to} \quad \|\beta\|_1 \le t
#    \ \text{(Lasso)} \quad\text{or}\quad \|\beta\|_2 \le t \ \text{(ridge)}.
#
# For least squares, :math:`f(\beta) = \tfrac12 (\beta - \hat\beta)^\top A (\beta - \hat\beta)`
# up to a constant, where :math:`\hat\beta` is the unpenalised estimate and :math:`A = X^\top X`.
# Its level sets are ellipses centred on :math:`\hat\beta`. The solution is the first point of
# the ball that the growing ellipses touch. We compute it by projected gradient descent,
# :math:`\beta \leftarrow \operatorname{proj}(\beta - \eta \nabla f(\beta))`, with the library's
# :func:`~sparsenorm.project_l1_ball` and :func:`~sparsenorm.project_l2_ball`. Projection onto
# the diamond is a soft thresholding, so it returns exact zeros when the solution is a corner.
import numpy as np

import sparsenorm as sn

A = np.array([[1.0, 0.5], [0.5, 1.0]])
beta_hat = np.array([2.0, 0.6])
t = 1.0
rho = 0.5  # elastic-net mix used throughout the page


def f(beta):
    """Least-squares error up to a constant; beta has shape (..., 2)."""
    diff = beta - beta_hat
    return 0.5 * np.einsum("...i,ij,...j->...", diff, A, diff)


def projected_gradient(project, n_steps=500):
    step = 1 / np.linalg.eigvalsh(A).max()
    beta = np.zeros(2)
    for _ in range(n_steps):
        beta = project(beta - step * A @ (beta - beta_hat), t)
    return beta


solutions = {
    "L1": projected_gradient(sn.project_l1_ball),
    "L2": projected_gradient(sn.project_l2_ball),
}
for name, beta in solutions.items():
    print(f"{name}: solution {beta}, exact zeros: {np.count_nonzero(beta == 0)}")

# %%
# The diamond and the disk
# ------------------------
# The ellipse through each solution is drawn thicker. It touches the diamond at the corner
# :math:`(t, 0)` and the disk at a point with both coordinates non-zero.
import matplotlib.pyplot as plt

COLORS = {
    "L1": "#0072B2",
    "L2": "#D55E00",
    "L0": "#009E73",
    "elastic net": "#CC79A7",
    "q=0.5": "#E69F00",
    "q=1.5": "#56B4E9",
}
NEUTRAL = "#555555"
theta = np.linspace(0, 2 * np.pi, 721)
circle = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
balls = {
    "L1": t * circle / sn.l1_norm(circle, axis=-1, keepdims=True),
    "L2": t * circle,
}
grid = np.linspace(-1.6, 3.2, 241)
B1, B2 = np.meshgrid(grid, grid)
F = f(np.stack([B1, B2], axis=-1))

fig, axes = plt.subplots(1, 2, figsize=(10, 4.6), layout="constrained", sharey=True)
for ax, name in zip(axes, ["L1", "L2"], strict=True):
    beta = solutions[name]
    ax.axhline(0, color=NEUTRAL, linewidth=0.8)
    ax.axvline(0, color=NEUTRAL, linewidth=0.8)
    ax.fill(*balls[name].T, color=COLORS[name], alpha=0.25)
    ax.plot(*balls[name].T, color=COLORS[name], linewidth=2)
    level = f(beta)
    ax.contour(B1, B2, F, levels=level * np.array([1.6, 2.4, 3.4]), colors=NEUTRAL, linewidths=0.6)
    ax.contour(B1, B2, F, levels=[level], colors=NEUTRAL, linewidths=1.8)
    ax.plot(*beta_hat, "o", color=NEUTRAL)
    ax.annotate(r"$\hat\beta$", beta_hat, xytext=(6, 6), textcoords="offset points")
    ax.plot(*beta, "o", color=COLORS[name], markersize=8, markeredgecolor="black")
    ax.annotate(
        rf"$\beta^\star = ({beta[0]:.2f}, {beta[1]:.2f})$",
        beta,
        xytext=(-10, -28),
        textcoords="offset points",
        color=COLORS[name],
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )
    title = (
        r"$|\beta_1| + |\beta_2| \leq t$" if name == "L1" else r"$\beta_1^2 + \beta_2^2 \leq t^2$"
    )
    _ = ax.set(
        title=title, xlabel=r"$\beta_1$", aspect="equal", xlim=(-1.6, 3.2), ylim=(-1.6, 2.4)
    )
_ = axes[0].set(ylabel=r"$\beta_2$")

# %%
# When is an axis point the solution?
# -----------------------------------
# A picture shows one problem. To count, we need a test. Take an axis point
# :math:`b = \sigma r e_i` (:math:`\sigma = \pm 1`) on the boundary of a convex ball
# :math:`\{c(\beta) \le c_0\}`. It is the solution exactly when :math:`-\nabla f(b)` points out of
# the ball, that is, lies in :math:`\mu\,\partial c(b)` for some :math:`\mu \ge 0`. Equivalently,
# :math:`b` minimises the penalised problem :math:`f + \mu c` for the Lagrange multiplier
# :math:`\mu`, so the test is the optimality condition of the previous page with
# :math:`\alpha = \mu`, which :meth:`~sparsenorm.L1.subdiff_distance` and
# :meth:`~sparsenorm.ElasticNetPenalty.subdiff_distance` evaluate:
#
# * L1 ball: :math:`\partial c(b)` is :math:`\sigma` in coordinate :math:`i` and :math:`[-1, 1]`
#   in the other coordinate :math:`j`. So :math:`\mu = |g_i|` with the right sign, and the
#   corner is optimal when :math:`|g_j| \le |g_i|`: a whole cone of gradients.
# * Elastic-net ball :math:`\rho\|\beta\|_1 + \frac{1-\rho}{2}\|\beta\|_2^2 \le c_0`: the same
#   with :math:`\mu = |g_i| / (\rho + (1 - \rho) r)` and the condition
#   :math:`|g_j| \le \mu\rho`: a narrower cone, but still a cone.
# * :math:`\ell_q` ball with :math:`q > 1` (L2 included): the boundary is smooth, its normal at
#   :math:`b` is :math:`e_i`, and the condition is :math:`g_j = 0` *exactly*.
#
# For :math:`q = 0.5` the ball is not convex and this local test is not enough. There we compare
# the best of the four tips with a search over the rest of the boundary: 1000 angles, each
# refined three times on a 40-times finer local grid. The constrained solution is on an axis when
# no boundary point does better than the best tip, up to rounding (:math:`10^{-12}` relative):
# when a tip is the solution, the search creeps towards that tip and finds points a rounding
# error away from it.


def axis_points(radius):
    """The four axis points (i, sigma) at distance radius (shape (n,)): shape (4, n, 2)."""
    points = np.zeros((4, radius.size, 2))
    for k, (i, sigma) in enumerate([(0, 1), (0, -1), (1, 1), (1, -1)]):
        points[k, :, i] = sigma * radius
    return points


def on_axis_convex(A, beta_hat, radius, shape, rho):
    """For each problem, whether an axis point of the ball solves it (exact test)."""
    found = np.zeros(radius.size, dtype=bool)
    for b in axis_points(radius):
        g = np.einsum("nij,nj->ni", A, b - beta_hat)
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
                distance = sn.ElasticNetPenalty(alpha=mu, l1_ratio=rho).subdiff_distance(
                    b[n], g[n]
                )
                found[n] |= distance[1 - i[n]] == 0
            else:  # smooth boundary
                found[n] |= g_j[n] == 0
    return found


# %%
# The boundary search needs the radius of each ball in every direction :math:`u`. For
# :math:`\ell_q` it is :math:`t / \|u\|_q` (:func:`~sparsenorm.lp_norm`); for the elastic net it
# solves the quadratic :math:`\rho r \|u\|_1 + \frac{1-\rho}{2} r^2 = c_0`.


def en_radius(u, rho, level):
    """Distance to the elastic-net ball's boundary in the unit directions u (shape (..., 2))."""
    a = rho * sn.l1_norm(u, axis=-1)
    return (-a + np.sqrt(a**2 + 2 * (1 - rho) * level)) / (1 - rho)


def boundary_radius(u, shape, level):
    """Distance from 0 to the boundary of the ball in the unit directions u (shape (..., 2))."""
    level = np.asarray(level)[..., None]
    if shape == "elastic net":
        return en_radius(u, rho, level)
    q = {"L1": 1.0, "L2": 2.0, "q=1.5": 1.5, "q=0.5": 0.5}[shape]
    return level / sn.lp_norm(u, q, axis=-1)


def best_boundary_point(A, beta_hat, shape, level, n_angles=1000, rounds=3):
    """Off-axis boundary point with the smallest error, for each problem: (value, point)."""
    n = beta_hat.shape[0]
    width = 2 * np.pi / n_angles
    angles = np.broadcast_to((np.arange(n_angles) + 0.5) * width, (n, n_angles))
    for _ in range(rounds + 1):
        u = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
        points = boundary_radius(u, shape, level)[..., None] * u
        diff = points - beta_hat[:, None, :]
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
# :math:`\hat\beta` standard normal. The budget must bind, and it must be matched across shapes
# somehow; there is no single right way, so we use two, with :math:`s` uniform in
# :math:`(0.2, 0.7)` and the same for every shape:
#
# * *same tips*: every ball has its axis points at distance :math:`s\|\hat\beta\|_1`, like the
#   unit balls at the end of this page (the :math:`q = 0.5` ball then lies inside the diamond);
# * *through* :math:`s\hat\beta`: every ball's boundary passes through the shrunken estimate.
#
# In both cases :math:`\hat\beta` lies outside every ball (for the same tips this is why
# :math:`s < 1/\sqrt{2}`: the disk of radius :math:`s\|\hat\beta\|_1` must not contain
# :math:`\hat\beta`), so every solution lies on the boundary.
rng = np.random.default_rng(0)
n_problems = 300
corr = rng.uniform(-0.9, 0.9, n_problems)
Z = rng.standard_normal((n_problems, 20, 2))
X = Z.copy()
X[:, :, 1] = corr[:, None] * Z[:, :, 0] + np.sqrt(1 - corr[:, None] ** 2) * Z[:, :, 1]
A_all = np.einsum("nki,nkj->nij", X, X) / 20
beta_hat_all = rng.standard_normal((n_problems, 2))
scale = rng.uniform(0.2, 0.7, n_problems)
inner = scale[:, None] * beta_hat_all
SHAPES = ["L1", "elastic net", "q=0.5", "q=1.5", "L2"]


def level_through(points, shape):
    """The ball's level c_0 such that its boundary passes through points (shape (n, 2))."""
    if shape == "elastic net":
        l1, l2 = sn.l1_norm(points, axis=1), sn.squared_l2_norm(points, axis=1)
        return rho * l1 + (1 - rho) / 2 * l2
    q = {"L1": 1.0, "L2": 2.0, "q=1.5": 1.5, "q=0.5": 0.5}[shape]
    return sn.lp_norm(points, q, axis=1)


def count_on_axis(levels):
    """Number of problems whose constrained solution is on an axis, per shape."""
    counts = {}
    for shape in SHAPES:
        radius = boundary_radius(np.array([1.0, 0.0]), shape, levels[shape])[:, 0]
        diffs = axis_points(radius) - beta_hat_all
        tip_values = 0.5 * np.einsum("kni,nij,knj->kn", diffs, A_all, diffs).min(axis=0)
        off_axis, _ = best_boundary_point(A_all, beta_hat_all, shape, levels[shape])
        by_search = tip_values <= off_axis + 1e-12 * (1 + np.abs(off_axis))
        if shape == "q=0.5":
            counts[shape] = (int(by_search.sum()), None)
        else:
            exact = on_axis_convex(A_all, beta_hat_all, radius, shape, rho)
            counts[shape] = (int(exact.sum()), bool(np.array_equal(exact, by_search)))
    return counts


tips = np.stack([sn.l1_norm(inner, axis=1), np.zeros(n_problems)], axis=1)
matchings = {
    "same tips": {shape: level_through(tips, shape) for shape in SHAPES},
    "through s*beta_hat": {shape: level_through(inner, shape) for shape in SHAPES},
}
results_2d = {}
for matching, levels in matchings.items():
    results_2d[matching] = count_on_axis(levels)
    print(f"{matching}:")
    for shape, (count, agree) in results_2d[matching].items():
        method = "boundary search" if agree is None else f"exact test, search agrees: {agree}"
        print(f"  {shape:11s}: on an axis in {count:3d} of {n_problems} ({method})")

# %%
# In two dimensions, a zero coefficient needs an exact coincidence for the smooth balls
# (:math:`q = 1.5` and L2), and it happens in none of the problems; for the balls with corners
# it happens in a large share of them. Non-convex :math:`q = 0.5` lands on an axis most often
# when the balls share their tips, but less often than L1 when the balls pass through the same
# point: how "sparser" it is depends on how the budgets are matched.
#
# Ten dimensions, penalised form
# ------------------------------
# In higher dimension we switch to the penalised form
# :math:`\min_\beta \tfrac12\|y - X\beta\|_2^2 + \lambda\,h(\beta)`. For a convex penalty every
# budget :math:`t` corresponds to some :math:`\lambda` (the Lagrange multiplier above), so the
# two forms produce the same family of solutions. We solve 200 random problems at once with the
# accelerated proximal gradient method (FISTA with adaptive restart, 250 steps; plain ISTA for
# :math:`q = 0.5`), using the library's
# :func:`~sparsenorm.prox_l1`, :func:`~sparsenorm.prox_squared_l2` and
# :func:`~sparsenorm.prox_elastic_net`, and two proximal operators written here for
# :math:`\lambda|w|^q`: for :math:`q = 1.5`, :math:`\sqrt{u}` solves the quadratic
# :math:`s^2 + 1.5\lambda s - |x| = 0`; for :math:`q = 0.5`, :math:`\sqrt{u}` is the largest
# root of the cubic :math:`s^3 - |x| s + \lambda/2 = 0`, kept only when it beats :math:`u = 0`
# (for this non-convex penalty, ISTA finds a stationary point, not necessarily the global
# minimiser). The designs have 50 samples and 10 correlated features (Toeplitz correlation
# :math:`r^{|j-k|}`, :math:`r` uniform in :math:`(0, 0.8)`), and the true coefficients are all
# non-zero, so any zero comes from the penalty alone. Each problem is scaled so that
# :math:`\|X\|_2 = 1` (step 1) and :math:`\|X^\top y\|_\infty = 1` (then :math:`\lambda` is a
# fraction of the L1 penalty's :math:`\lambda_{\max}`).


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
yd += (
    0.5
    * rng.standard_normal((n_problems_d, n_samples))
    * np.linalg.norm(yd, axis=1, keepdims=True)
    / np.sqrt(n_samples)
)
Xty = np.einsum("nkj,nk->nj", Xd, yd)
yd /= np.abs(Xty).max(axis=1, keepdims=True)
Xty = np.einsum("nkj,nk->nj", Xd, yd)
gram = np.einsum("nki,nkj->nij", Xd, Xd)

proxes = {
    "L1": lambda x, lam: sn.prox_l1(x, lam),
    "elastic net": lambda x, lam: sn.prox_elastic_net(x, lam, 0.5),
    "q=0.5": lambda x, lam: prox_power(x, lam, 0.5),
    "q=1.5": lambda x, lam: prox_power(x, lam, 1.5),
    "L2": lambda x, lam: sn.prox_squared_l2(x, lam),
}
lambdas = [0.05, 0.1, 0.2, 0.4]


def solve(prox, lam, n_steps=250):
    """Proximal gradient on all problems at once.

    FISTA momentum with an adaptive restart (momentum reset for a problem whose step turned
    back), except for the non-convex q = 0.5, which takes plain ISTA steps.
    """
    w = v = np.zeros((n_problems_d, n_features))
    t_k = np.ones((n_problems_d, 1))
    momentum = prox is not proxes["q=0.5"]
    for _ in range(n_steps):
        w_next = prox(v - ((gram @ v[:, :, None])[:, :, 0] - Xty), lam)
        if not momentum:
            w = v = w_next
            continue
        restart = np.sum((v - w_next) * (w_next - w), axis=1, keepdims=True) > 0
        t_k = np.where(restart, 1.0, t_k)
        t_next = (1 + np.sqrt(1 + 4 * t_k**2)) / 2
        v = w_next + ((t_k - 1) / t_next) * (w_next - w)
        w, t_k = w_next, t_next
    return w


mean_zeros, any_zero = {}, {}
for name, prox in proxes.items():
    solutions_d = [solve(prox, lam) for lam in lambdas]
    zeros = np.array([np.count_nonzero(w == 0, axis=1) for w in solutions_d])
    mean_zeros[name], any_zero[name] = zeros.mean(axis=1), (zeros > 0).mean(axis=1)
    print(
        f"{name:11s}: share of problems with a zero coefficient "
        + ", ".join(f"{share:.2f}" for share in any_zero[name])
    )
    if name == "L1":
        residual = max(
            sn.L1(alpha=lam).subdiff_distance(w, (gram @ w[:, :, None])[:, :, 0] - Xty).max()
            for lam, w in zip(lambdas, solutions_d, strict=True)
        )
print(f"(for lambda = {lambdas}); largest L1 optimality residual: {residual:.1e}")

# %%
# The counts side by side
# -----------------------
# Left: the share of the 2-D problems solved on an axis, for both ways of matching the budgets.
# Right: the mean number of exactly-zero coefficients (out of 10) in the 10-D problems as the
# penalty grows. The smooth penalties stay at zero in both panels.
from matplotlib.patches import Patch

LABELS = {"L1": "L1", "elastic net": "elastic net", "q=0.5": r"$q = 0.5$", "q=1.5": r"$q = 1.5$"}
LABELS["L2"] = "L2"
fig, (ax2, ax10) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
positions = np.arange(len(SHAPES))
for offset, (matching, hatch) in zip(
    (-0.2, 0.2), [("same tips", None), ("through s*beta_hat", "//")], strict=True
):
    shares = [results_2d[matching][shape][0] / n_problems for shape in SHAPES]
    bars = ax2.bar(
        positions + offset,
        shares,
        width=0.38,
        color=[COLORS[shape] for shape in SHAPES],
        hatch=hatch,
        edgecolor="white" if hatch else None,
    )
    ax2.bar_label(bars, fmt="%.2f", fontsize="small")
legend_handles = [
    Patch(facecolor=NEUTRAL, label="same tips"),
    Patch(facecolor=NEUTRAL, hatch="//", edgecolor="white", label=r"through $s\hat\beta$"),
]
_ = ax2.set(
    xticks=positions,
    xticklabels=[LABELS[shape] for shape in SHAPES],
    ylabel="share of problems on an axis",
    title=f"2-D, {n_problems} problems",
    ylim=(0, 1),
)
_ = ax2.legend(handles=legend_handles, loc="upper right")
markers = {"L1": "o", "elastic net": "D", "q=0.5": "^", "q=1.5": "s", "L2": "o"}
for name in proxes:
    ax10.plot(
        lambdas,
        mean_zeros[name],
        marker=markers[name],
        markersize=9 if name == "q=1.5" else 6,
        color=COLORS[name],
        label=LABELS[name] + (" (0 throughout)" if name in ("q=1.5", "L2") else ""),
    )
_ = ax10.set(
    xlabel=r"$\lambda / \lambda_{\max}$",
    ylabel=r"mean number of $\beta_j = 0$ (of 10)",
    title=f"10-D, {n_problems_d} problems, penalised form",
)
_ = ax10.legend()

# %%
# Unit balls
# ----------
# The unit balls :math:`\{\beta : \|\beta\|_q \le 1\}` (after Figure 3.12 of *The Elements of
# Statistical Learning*) and the elastic-net ball through the same tips,
# :math:`\rho\|\beta\|_1 + \frac{1-\rho}{2}\|\beta\|_2^2 \le \frac{1+\rho}{2}`. The balls with
# :math:`q \le 1` have corners on the axes; the elastic net keeps the corners while its sides
# bulge outwards. Figure 3.13 of the same book compares the elastic net with :math:`\rho = 2/3`
# (the book's :math:`\alpha = 0.2`) and the :math:`\ell_{1.2}` ball: drawn, they look alike.
# The difference is in the slope of the boundary as it approaches the tip :math:`(1, 0)`
# (right): for :math:`q = 1.2` it tends to zero, like :math:`\beta_2^{0.2}`, so the tip is
# smooth, though only barely; for the elastic net it tends to :math:`\rho`, a genuine corner.
angle = np.linspace(0, 2 * np.pi, 4001)
u = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
fig, (ax_balls, ax_zoom) = plt.subplots(1, 2, figsize=(11, 4.8), layout="constrained")
for q, name in [(0.5, "q=0.5"), (1.0, "L1"), (1.5, "q=1.5"), (2.0, "L2")]:
    ax_balls.plot(
        *(u / sn.lp_norm(u, q, axis=-1, keepdims=True)).T,
        color=COLORS[name],
        label=rf"$q = {q:g}$",
    )
ax_balls.plot(
    *(u / sn.linf_norm(u, axis=-1, keepdims=True)).T, "--", color=NEUTRAL, label=r"$q = \infty$"
)
en_level = rho + (1 - rho) / 2  # the elastic-net ball through (1, 0)
ax_balls.plot(
    *(en_radius(u, rho, en_level)[:, None] * u).T,
    color=COLORS["elastic net"],
    linewidth=2,
    label=rf"elastic net, $\rho = {rho:g}$",
)
_ = ax_balls.set(
    xlabel=r"$\beta_1$", ylabel=r"$\beta_2$", aspect="equal", title="unit balls", xlim=(-1.1, 1.1)
)
_ = ax_balls.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small")

rho_esl = 2 / 3
beta2 = np.logspace(-12, -0.5, 200)
q_esl = 1.2
# Boundary near (1, 0) as beta_1(beta_2); its slope tends to 0 for q > 1 (a smooth tip)...
slope_q = (1 - beta2**q_esl) ** (1 / q_esl - 1) * beta2 ** (q_esl - 1)
# ... and to rho / (rho + 1 - rho) = rho for the elastic net (a corner).
c_esl = rho_esl + (1 - rho_esl) / 2
const = rho_esl * beta2 + (1 - rho_esl) / 2 * beta2**2 - c_esl
beta1 = (-rho_esl + np.sqrt(rho_esl**2 - 2 * (1 - rho_esl) * const)) / (1 - rho_esl)
slope_en = (rho_esl + (1 - rho_esl) * beta2) / (rho_esl + (1 - rho_esl) * beta1)
ax_zoom.semilogx(beta2, slope_q, color=COLORS["q=1.5"], label=rf"$q = {q_esl}$")
ax_zoom.semilogx(
    beta2,
    slope_en,
    "--",
    color=COLORS["elastic net"],
    linewidth=2,
    label=r"elastic net, $\rho = 2/3$",
)
_ = ax_zoom.set(
    xlabel=r"$\beta_2$ (how far from the tip)",
    ylabel=r"boundary slope $|d\beta_1 / d\beta_2|$",
    title=r"boundary slope near the tip $(1, 0)$",
    ylim=(0, 1),
)
_ = ax_zoom.legend(loc="upper left")

# %%
# Takeaways
# ---------
# * The least-squares ellipses meet a ball with corners at a corner for a whole cone of problems,
#   and a corner means a coefficient that is exactly zero. The exact test is the optimality
#   condition of the penalised problem with the Lagrange multiplier as :math:`\lambda`.
# * A smooth ball (:math:`q > 1`, ridge included) has no corners: an axis solution needs the
#   gradient to vanish exactly along the other axis, and none of the random problems, in two or
#   ten dimensions, produced a single zero.
# * Non-convex :math:`q < 1` balls have sharper spikes and often give more zeros, but how many
#   more depends on how the budgets are matched; they are also harder to optimise.
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
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
# * J. Duchi, S. Shalev-Shwartz, Y. Singer, T. Chandra, "Efficient projections onto the l1-ball
#   for learning in high dimensions", ICML 2008 (the projection used above).
