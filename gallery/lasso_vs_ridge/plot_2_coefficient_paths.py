r"""
=================================================
Lasso and ridge coefficient paths on diabetes
=================================================

The figure that makes the difference between the two penalties visible at once, in the style
of Hastie, Tibshirani and Friedman's *Elements of Statistical Learning* (ESL, Figure 3.10 for
the lasso, Figure 3.8 for ridge): every coefficient of a model of the diabetes data as the
penalty is relaxed. Lasso coefficients start at exactly zero, leave it one at a time and stay
exactly zero over whole ranges of the penalty. Ridge coefficients are exactly zero over no
range at all, unless zero for every penalty: the fit shrinks along the singular directions of
the design, while single coefficients may grow, and some change sign, passing through zero at
isolated penalties.
The notation is the site's (:ref:`notation`).
"""

# %%
# The data and the two paths
# --------------------------
# The ten diabetes features are standardised (an L1 or L2 penalty treats all coefficients
# alike, so they should share a scale) and the target is centred, so no intercept is needed.
# The Lasso path is piecewise linear in :math:`\alpha`; scikit-learn's
# :func:`~sklearn.linear_model.lars_path` (``method="lasso"``) computes it knot by knot, from
# :math:`\alpha_{\max} = \|X^\top y\|_\infty / n` down to :math:`\alpha = 0` (least squares).
# When features join or leave the active set one at a time (no ties), as here, the algorithm
# is exact in real arithmetic, and computed in IEEE float64 it is exact up to rounding (the
# optimality residual at the knots, printed, is of the order of rounding errors, not zero).
# :func:`sparsenorm.lasso_path` solves the same problem on a grid: with ten features it walks
# the same exact path by its own homotopy (LARS with the Lasso modification, on the Gram
# matrix), certifies each grid point by its duality gap, and agrees with scikit-learn's LARS
# path: homotopy against homotopy, two implementations of one algorithm. Ridge is solved in
# closed form on a grid of its own (its :math:`\alpha` is on another scale: scikit-learn's
# ridge objective is :math:`\|y - Xw\|_2^2 + \alpha\|w\|_2^2`).
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import lars_path

import sparsenorm as sn

X, y = load_diabetes(return_X_y=True)
names = load_diabetes().feature_names
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = y - y.mean()
n_samples, n_features = X.shape

knots, _, lasso_coefs = lars_path(X, y, method="lasso")  # knots from alpha_max down to 0
grid = np.geomspace(knots[0], 1e-3 * knots[0], 50)
_, grid_coefs, grid_gaps = sn.lasso_path(X, y, alphas=grid, tol=1e-10)
on_grid = np.array([[np.interp(a, knots[::-1], c[::-1]) for a in grid] for c in lasso_coefs])
print(f"alpha_max = {knots[0]:.4f}; {knots.size} knots down to alpha = 0")
print(f"sparsenorm on the grid: largest duality gap {grid_gaps.max():.1e}")
print(f"largest difference from the LARS path: {np.abs(grid_coefs - on_grid).max():.1e}")
# optimality at each knot: |x_j^T r| / n = alpha where w_j != 0, <= alpha where w_j = 0
corr = X.T @ (y[:, None] - X @ lasso_coefs) / n_samples
kkt = np.where(lasso_coefs != 0, np.abs(corr - knots * np.sign(lasso_coefs)),
               np.maximum(np.abs(corr) - knots, 0))  # fmt: skip
print(f"LARS optimality residual at the knots: {kkt.max() / knots[0]:.0e} of alpha_max")

ridge_alphas = np.geomspace(1e5, 1e-2, 200)
ridge_coefs = np.column_stack([sn.ridge(X, y, a, fit_intercept=False).coef for a in ridge_alphas])

# %%
# Coefficients against the size of the model
# -------------------------------------------
# As in the book, the horizontal axes measure how much of the unpenalised fit is allowed: the
# shrinkage factor :math:`s = \|w(\alpha)\|_1 / \|w_{\mathrm{OLS}}\|_1` for the Lasso (from 0
# at :math:`\alpha_{\max}` to 1 at least squares) and the effective degrees of freedom
# :math:`\mathrm{df}(\alpha) = \sum_k d_k^2 / (d_k^2 + \alpha)` for ridge (:math:`d_k` are
# the singular values of the centred design; df runs from 0 to 10). Both paths end at the
# same least-squares coefficients, labelled on the right.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

ols = lasso_coefs[:, -1]
shrinkage = np.abs(lasso_coefs).sum(axis=0) / np.abs(ols).sum()
d = np.linalg.svd(X, compute_uv=False)
dof = (d[:, None] ** 2 / (d[:, None] ** 2 + ridge_alphas[None, :])).sum(axis=0)

fig, (ax_lasso, ax_ridge) = plt.subplots(2, 1, figsize=(5, 8))
ax_lasso.plot(shrinkage, lasso_coefs.T, "C0-", lw=1.5)
ax_ridge.plot(dof, ridge_coefs.T, "C1-", lw=1.5)
# sphinx_gallery_start_ignore


def label_right_ends(ax, x_end, values, labels, min_gap):
    """Write each label at the right end of its line, pushed apart to at least min_gap."""
    order = np.argsort(values)
    placed = np.array(values, dtype=float)[order]
    for _ in range(200):
        for k in range(1, placed.size):
            if placed[k] - placed[k - 1] < min_gap:
                shift = (min_gap - (placed[k] - placed[k - 1])) / 2
                placed[k - 1] -= shift
                placed[k] += shift
    for k, j in enumerate(order):
        ax.annotate(labels[j], (x_end, values[j]), xytext=(x_end * 1.04, placed[k]),
                    textcoords="data", va="center", annotation_clip=False,
                    arrowprops=dict(arrowstyle="-", color="0.6", lw=0.6))  # fmt: skip


for ax, x_end, xlabel, title in (
    (ax_lasso, 1.0, r"shrinkage factor $s = \|w\|_1 / \|w_{\mathrm{OLS}}\|_1$",
     "Lasso (L1 penalty): LARS path"),
    (ax_ridge, n_features, r"effective degrees of freedom df$(\alpha)$",
     "Ridge (squared L2 penalty)"),
):  # fmt: skip
    ax.axhline(0, color="C6", lw=0.8)
    ax.set(xlabel=xlabel, ylabel="coefficient", title=title, ylim=(-42, 40))
    ax.set_xlim(0, x_end)
    label_right_ends(ax, x_end, ols, names, min_gap=5.2)
fig.set_label(
    "Coefficient paths of the ten standardised diabetes features. Top: the Lasso, against the "
    "shrinkage factor; coefficients leave zero one at a time. Bottom: ridge, against the "
    "effective degrees of freedom; every coefficient is non-zero except where a curve crosses "
    "zero. Both end at the labelled least-squares coefficients."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Exact zeros against isolated crossings
# --------------------------------------
# Along the Lasso path a coefficient is exactly zero whenever the covariance of its feature
# with the residual, :math:`|x_j^\top r| / n`, is below :math:`\alpha`; so the Lasso holds
# coefficients at zero over whole intervals of :math:`\alpha`, and the count of non-zeros is
# a step function. It need not be monotone: on diabetes, ``s3`` enters (negative), grows, is
# set back to exactly zero at one knot and re-enters at the next with the opposite sign, so
# between those knots the count drops from ten back to nine (the counts between consecutive
# knots, and the values of ``s3`` at the knots, are printed below).
#
# Ridge is different in kind. With the singular value decomposition :math:`X = U D V^\top`,
# the ridge solution is :math:`w(\alpha) = V\,\mathrm{diag}(d_k / (d_k^2 + \alpha))\,U^\top y`:
# its component along each singular direction shrinks monotonically, and so does
# :math:`\|w(\alpha)\|_2`. A single coefficient :math:`w_j(\alpha)` is a rational function
# of :math:`\alpha`; it need not shrink (most of the ten grow somewhere along the path), and
# it can change sign, passing through exactly zero at isolated values of :math:`\alpha`. A
# rational function is either zero for every :math:`\alpha` or zero at finitely many (here
# at most 9, the degree of its numerator), never on an interval without being zero
# everywhere. It is zero for every :math:`\alpha` exactly when :math:`e_j^\top(X^\top
# X)^m X^\top y = 0` for every :math:`m \ge 0` (the coefficients of its expansion in powers
# of :math:`1/\alpha`), as for a feature orthogonal to :math:`y` and to all the other
# features, which the Lasso keeps at zero for every :math:`\alpha` as well. None of the ten
# is zero for every :math:`\alpha`: for :math:`m = 0` the condition is :math:`x_j^\top y = 0`,
# and the smallest :math:`|x_j^\top y|/n` is printed below.
from scipy.optimize import brentq

# between two knots the path is linear: a coefficient is non-zero there unless it is zero at
# both ends
lasso_nonzero = np.count_nonzero((lasso_coefs[:, :-1] != 0) | (lasso_coefs[:, 1:] != 0), axis=0)
print(f"Lasso non-zeros between knots: {lasso_nonzero.tolist()}")
s3 = names.index("s3")
moving = lasso_coefs[s3, 1:] != 0  # s3 non-zero just below each knot but the last
leaves = [knots[k] for k in range(knots.size - 1) if moving[k] and (k == 0 or not moving[k - 1])]
back = [
    knots[k] for k in range(1, knots.size) if lasso_coefs[s3, k - 1] and not lasso_coefs[s3, k]
]
print(f"s3 leaves zero below alpha = {', '.join(f'{a:.4f}' for a in leaves)}")
print(f"s3 is exactly zero again from alpha = {back[0]:.4f} down to {leaves[-1]:.4f}")
before = lasso_coefs[s3, (knots < leaves[0]) & (knots > back[0])]
after = lasso_coefs[s3, knots < leaves[-1]]  # the last knot is alpha = 0
print(f"s3 at the knots before zero: {np.round(before, 2).tolist()}")
print(f"s3 at the knots after it re-enters: {np.round(after, 2).tolist()}")

U, d, Vt = np.linalg.svd(X, full_matrices=False)


def ridge_closed_form(alpha):
    return Vt.T @ (d * (U.T @ y) / (d**2 + alpha))


norms = np.linalg.norm(ridge_coefs, axis=0)
print(f"ridge ‖w‖₂ shrinks monotonically on the grid: {np.all(np.diff(norms) > 0)}")
grows = [names[j] for j in range(n_features) if np.any(np.diff(np.abs(ridge_coefs[j])) < 0)]
print(f"ridge |w_j| grows somewhere as alpha grows: {', '.join(grows)}")
crossings = {}
for j in range(n_features):
    for k in np.flatnonzero(np.diff(np.sign(ridge_coefs[j]))):
        root = brentq(lambda a, j=j: ridge_closed_form(a)[j], ridge_alphas[k + 1], ridge_alphas[k])
        crossings.setdefault(names[j], []).append(root)
print("ridge coefficients crossing zero (at alpha):")
for name, roots in crossings.items():
    print(f"  {name}: {', '.join(f'{a:.4g}' for a in roots)}")
print(f"exact zeros among the {ridge_coefs.size} ridge grid values: {np.sum(ridge_coefs == 0)}")
print(f"smallest |x_j^T y| / n over the ten features: {np.abs(X.T @ y).min() / n_samples:.2f}")

fig, (ax_lasso, ax_ridge) = plt.subplots(2, 1, figsize=(5, 6))
edges = np.concatenate([[60.0], knots[:-1], [1e-2]])  # 0 above alpha_max; the last step: to 0
ax_lasso.stairs(np.append(0, lasso_nonzero), edges, baseline=None, color="C0", lw=2)
ax_ridge.plot(ridge_alphas, np.count_nonzero(ridge_coefs, axis=0), "C1--")
roots = np.concatenate(list(crossings.values()))
ax_ridge.plot(roots, np.full(roots.size, n_features - 1), "C1o")
# sphinx_gallery_start_ignore
ax_lasso.set(xscale="log", xlabel=r"Lasso $\alpha$", ylabel="non-zero", ylim=(-0.5, 10.8))
ax_lasso.set_xlim(1e-2, 60)
ax_lasso.set_title("Lasso: zero over intervals of alpha", loc="left")
ax_ridge.set(xscale="log", xlabel=r"ridge $\alpha$", ylabel="non-zero", ylim=(-0.5, 10.8))
ax_ridge.set_title("Ridge: zero only at isolated alphas (dots)", loc="left")
for ax in (ax_lasso, ax_ridge):
    ax.set_yticks([0, 5, 10])
fig.set_label(
    "Number of non-zero coefficients. Top: along the LARS Lasso path it changes in steps from "
    "10 at small alpha to 0 at alpha_max. Bottom: along the ridge path it is 10 "
    f"everywhere except at {roots.size} isolated alphas, shown as dots, where one coefficient "
    "crosses zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Neither the order of entry nor the coefficients rank importance
# ----------------------------------------------------------------
# Features enter the Lasso path in the order in which their covariance with the *current
# residual* reaches :math:`\alpha`: greedily, and conditional on what has already entered.
# The printed order of entry differs from the ranking by :math:`|w_j|` at the least-squares
# end, and with correlated features that ranking does not measure importance either.
# ``s1`` and ``s2`` (total and LDL cholesterol) are each only weakly correlated with the
# target but correlated 0.90 with each other. Least squares gives them two of the four
# largest standardised coefficients, with opposite signs, yet removing ``s1``, ``s2`` or both
# from the full model lowers its :math:`R^2` less than removing ``sex``, whose coefficient
# is smaller (the drop-one losses :math:`\Delta R^2` are printed). They enter seventh and
# ninth. ``s3`` is fourth to enter and eighth by size at the least-squares end (where it
# shares its information with ``s4``, correlated −0.74).
entered = []
for k in range(1, knots.size):
    for j in np.flatnonzero((lasso_coefs[:, k] != 0) & (lasso_coefs[:, k - 1] == 0)):
        if names[j] not in entered:
            entered.append(names[j])
by_size = [names[j] for j in np.argsort(-np.abs(ols))]
corr = np.corrcoef(np.column_stack([X, y]).T)
s1, s2, s4, sex = (names.index(name) for name in ("s1", "s2", "s4", "sex"))
print("order of entry:         ", ", ".join(entered))
print("by |coefficient| at OLS:", ", ".join(by_size))
print(f"corr(s1, s2) = {corr[s1, s2]:.2f}, corr(s3, s4) = {corr[s3, s4]:.2f}")
print(f"corr with y: s1 {corr[s1, -1]:.2f}, s2 {corr[s2, -1]:.2f}, s3 {corr[s3, -1]:.2f}")
print(f"OLS coefficients: s1 {ols[s1]:.1f}, s2 {ols[s2]:.1f}, sex {ols[sex]:.1f}")


def r_squared(columns):
    """R² of least squares on the given columns (X and y are centred: no intercept)."""
    w, *_ = np.linalg.lstsq(X[:, columns], y)
    return 1 - np.sum((y - X[:, columns] @ w) ** 2) / np.sum(y**2)


def drop_loss(*dropped):
    """How much R² the full least-squares fit loses when the given features are removed."""
    kept = [k for k in range(n_features) if k not in dropped]
    return r_squared(list(range(n_features))) - r_squared(kept)


print(
    f"ΔR² on removal: s1 {drop_loss(s1):.4f}, s2 {drop_loss(s2):.4f}, "
    f"both {drop_loss(s1, s2):.4f}; sex {drop_loss(sex):.4f}"
)

# %%
# Takeaways
# ---------
# * The Lasso holds a coefficient at exactly zero as long as its feature's covariance with
#   the residual stays below :math:`\alpha`: exact zeros over whole intervals of the penalty.
#   The number of non-zeros is a step function, not necessarily monotone: a coefficient can
#   return to zero.
# * Ridge shrinks the fit along the singular directions of the design and never holds a
#   coefficient at zero over an interval of :math:`\alpha` unless the coefficient is zero for
#   every :math:`\alpha` (for example, a feature orthogonal to :math:`y` and to all the
#   others); single coefficients can grow, or change sign and pass through zero at an
#   isolated :math:`\alpha`.
# * The order in which features enter the Lasso path is not an importance ranking, and with
#   correlated features neither is the size of the least-squares coefficients: ``s1`` and
#   ``s2`` have two of the four largest, yet removing them lowers :math:`R^2` less than
#   removing ``sex``.

# %%
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4 (Figure 3.8, ridge; Figure 3.10, lasso).
# * B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least angle regression", Annals of
#   Statistics 32(2), 2004 (the diabetes data, and the LARS-lasso algorithm behind
#   ``lars_path``).
