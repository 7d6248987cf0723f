r"""
=================================
From one weight to a whole model
=================================

The earlier pages follow one weight. Here we fit a real linear model, the diabetes data that
ships with scikit-learn (442 patients, 10 features), with an L1 penalty and with an L2 penalty,
over the whole range of strengths, and look at which coefficients are *exactly* zero. The
Lasso's coefficients sit at zero on whole intervals of the strength: at the strongest penalty all
ten are zero, and they leave zero one by one (one of them even comes back). Ridge shrinks the
coefficient vector as a whole, but not every coefficient: some grow, some change sign and so
pass through zero, at single strengths only. This is the real-data version of Figures 3.8
(ridge) and 3.10 (lasso) of *The Elements of Statistical Learning* and Figure 2.1 of
*Statistical Learning with Sparsity*. The notation is the site's (:ref:`notation`).
"""

# %%
# The data
# --------
# We standardise the features (mean 0, variance 1) and centre the target, so no intercept is
# needed and every coefficient is on the same scale.
import numpy as np
from sklearn.datasets import load_diabetes

diabetes = load_diabetes()
X = (diabetes.data - diabetes.data.mean(axis=0)) / diabetes.data.std(axis=0)
y = diabetes.target - diabetes.target.mean()
names = diabetes.feature_names
n_samples, n_features = X.shape
print(f"{n_samples} samples, {n_features} features:")
print("  " + ", ".join(names))

# %%
# The exact Lasso path
# --------------------
# The Lasso minimises :math:`\frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1` (scikit-learn's
# scaling). By the optimality condition of the subdifferential page, :math:`w = 0` is the
# solution exactly when :math:`\|X^\top y\|_\infty / n \le \alpha`, so the path starts at
# :math:`\alpha_{\max} = \|X^\top y\|_\infty / n`. Between two *knots* the set of non-zero
# coefficients and their signs do not change, and the solution is linear in :math:`\alpha`:
# the path is piecewise linear, and the homotopy (LARS with the Lasso modification,
# :func:`sklearn.linear_model.lars_path` with ``method="lasso"``) computes its knots exactly, up
# to rounding, all the way down to :math:`\alpha = 0`, the least-squares end. We check the knots
# against :func:`sparsenorm.solvers.lasso_path`, an iterative solver that certifies each
# solution with a duality gap.
from sklearn.linear_model import lars_path

from sparsenorm.solvers import lasso_path

alpha_max = np.abs(X.T @ y).max() / n_samples
knots, _, lasso_coefs = lars_path(X, y, method="lasso")
print(f"alpha_max = {alpha_max:.4f}; the path has {knots.size} knots, the last at {knots[-1]:g}")
_, sn_coefs, sn_gaps = lasso_path(X, y, alphas=knots[:-1], tol=1e-12)
difference = np.abs(sn_coefs - lasso_coefs[:, :-1]).max()
print(f"sparsenorm at the knots: largest difference {difference:.1g},")
print(f"  largest duality gap {sn_gaps.max():.1g}")

# %%
# At each knot of this path above :math:`\alpha = 0` exactly one coefficient leaves zero (when its
# correlation with the current residual, :math:`|x_j^\top r|/n`, reaches :math:`\alpha`) or
# returns to it; the last knot, :math:`\alpha = 0`, is the least-squares end. The count of zeros
# is not monotone: s3 returns to exactly zero and re-enters further down.
print(f"{'alpha / alpha_max':>17s}  event")
for k in range(knots.size - 1):
    for j in range(n_features):
        before, after = lasso_coefs[j, k], lasso_coefs[j, k + 1]
        if before == 0 and after != 0:
            print(f"{knots[k] / alpha_max:17.5f}  {names[j]} leaves zero")
        elif before != 0 and after == 0:
            print(f"{knots[k + 1] / alpha_max:17.5f}  {names[j]} returns to zero")

# %%
# The order of entry is not a ranking of importance. With correlated features a feature can enter
# late and end with one of the largest coefficients, or enter early and leave again: s1 has the
# largest least-squares coefficient in size and enters seventh.
w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
first_nonzero = [np.flatnonzero(lasso_coefs[j] != 0)[0] for j in range(n_features)]
entry_order = [names[j] for j in np.argsort(first_nonzero, kind="stable")]
print("order of entry:           ", ", ".join(entry_order))
print("order of |least squares|: ", ", ".join(names[j] for j in np.argsort(-np.abs(w_ols))))

# %%
# The Lasso path and its zeros
# ----------------------------
# To put both methods on one axis we use, as *Statistical Learning with Sparsity* does, the
# relative size of the solution, here :math:`\|w(\alpha)\|_1 / \|w_{\text{OLS}}\|_1`, from 0
# (everything penalised away) to 1 (ordinary least squares). Inside a segment the coefficients
# are linear in this size too, so straight lines between the knots are the exact path. Top: one
# line per feature, exactly on zero before it starts (and s3 back on it for a while). Bottom:
# the number of exactly-zero coefficients.
import matplotlib.pyplot as plt

import sparsenorm as sn

plt.style.use("sparsenorm.site")
lasso_size = sn.l1_norm(lasso_coefs, axis=0) / sn.l1_norm(w_ols)
midpoints = (lasso_coefs[:, :-1] + lasso_coefs[:, 1:]) / 2  # inside each segment
zeros_inside = np.count_nonzero(midpoints == 0, axis=0)

fig, (ax, ax_count) = plt.subplots(2, 1, figsize=(5, 7), sharex=True, height_ratios=[2, 1])
ax.plot(lasso_size, lasso_coefs.T, "C0-", lw=1.5)
ax.plot(lasso_size, lasso_coefs.T, "C0.", ms=5)
ax_count.step(lasso_size, np.append(zeros_inside, zeros_inside[-1]), "C0-", where="post")
# sphinx_gallery_start_ignore


def spread(values, gap):
    """Label positions closest to values (least squares) that keep their order, gap apart."""
    order = np.argsort(values)
    target = np.asarray(values, dtype=float)[order] - gap * np.arange(len(values))
    blocks = []  # pool adjacent violators: isotonic fit of target
    for value in target:
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (v2, n2), (v1, n1) = blocks.pop(), blocks.pop()
            blocks.append([(v1 * n1 + v2 * n2) / (n1 + n2), n1 + n2])
    fitted = np.concatenate([[v] * n for v, n in blocks]) + gap * np.arange(len(values))
    out = np.empty_like(fitted)
    out[order] = fitted
    return out


for j, label_y in enumerate(spread(lasso_coefs[:, -1], 4.6)):
    ax.annotate(
        names[j],
        (1.0, lasso_coefs[j, -1]),
        xytext=(1.04, label_y),
        va="center",
        arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.6},
    )
ax.axhline(0, color="C6", linewidth=0.8)
ax.set(title="Lasso (L1), exact path", ylabel=r"coefficient $w_j$", xlim=(-0.02, 1.2))
ax_count.set(
    xlabel=r"$\|w(\alpha)\|_1 / \|w_{\mathrm{OLS}}\|_1$",
    ylabel=r"# $w_j = 0$",
    ylim=(-0.5, n_features + 0.5),
    yticks=[0, 5, 10],
)
fig.set_label(
    "Top: the ten Lasso coefficient paths on the diabetes data against the relative L1 size of "
    "the solution, straight lines between the knots; each path is exactly zero until its "
    "feature enters, bmi first, and s3 returns to zero for a stretch near the least-squares "
    "end. Bottom: the number of exactly zero coefficients falls from 10 to 0 in steps, with one "
    "step back up when s3 returns to zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The ridge path: what shrinks, and what does not
# -----------------------------------------------
# Ridge minimises :math:`\|y - Xw\|_2^2 + \alpha\|w\|_2^2` (scikit-learn's scaling, no
# :math:`\tfrac12` and no :math:`1/n`, so its :math:`\alpha` is not the Lasso's). With the
# singular value decomposition :math:`X = \sum_k s_k u_k v_k^\top`, its solution is
#
# .. math::
#
#    w(\alpha) = (X^\top X + \alpha I)^{-1} X^\top y
#              = \sum_k \frac{s_k\, u_k^\top y}{s_k^2 + \alpha}\, v_k .
#
# Each component along a singular direction :math:`v_k` (unless it is zero) shrinks strictly
# towards zero as :math:`\alpha` grows and never changes sign, and so the length
# :math:`\|w(\alpha)\|_2` decreases strictly (unless :math:`X^\top y = 0`). A single coefficient
# :math:`w_j(\alpha)`, though, mixes components that shrink at different rates: it can grow over a
# range of :math:`\alpha`, and it can change sign, passing through exactly zero on the way. We
# solve ridge with :func:`sparsenorm.solvers.ridge` on 200 strengths from :math:`10^{-2}` to
# :math:`10^{7}` and look.
from sparsenorm.solvers import ridge

ridge_alphas = np.logspace(-2, 7, 200)
ridge_coefs = np.column_stack(
    [ridge(X, y, alpha=a, fit_intercept=False).coef for a in ridge_alphas]
)
norms = sn.l2_norm(ridge_coefs, axis=0)
print("||w(alpha)||_2 decreasing along the grid:", bool(np.all(np.diff(norms) < 0)))
grows = [names[j] for j in range(n_features) if np.any(np.diff(np.abs(ridge_coefs[j])) > 0)]
print(f"{len(grows)} coefficients grow in size somewhere as alpha grows:")
print("  " + ", ".join(grows))
print("exactly zero at any of the 200 strengths:", np.count_nonzero(ridge_coefs == 0))

# %%
# Where a ridge coefficient is zero
# ---------------------------------
# Over the common denominator :math:`\prod_k (s_k^2 + \alpha)`, each :math:`w_j(\alpha)` is a
# polynomial in :math:`\alpha` of degree at most :math:`p - 1 = 9`. So it is either zero for
# every :math:`\alpha` or zero at no more than nine isolated strengths, which we find as the
# polynomial's positive roots. At such a strength the coefficient is zero in exact arithmetic;
# the floating-point solution there is zero up to rounding.
import math

U, s, Vt = np.linalg.svd(X, full_matrices=False)
c = s * (U.T @ y)  # w(alpha) = sum_k c_k v_k / (s_k^2 + alpha)
P = np.polynomial.Polynomial
factors = [P([s_k**2, 1.0]) for s_k in s]  # s_k^2 + alpha
crossings = []
for j in range(n_features):
    numerator = sum(
        Vt[k, j] * c[k] * math.prod(factors[:k] + factors[k + 1 :]) for k in range(n_features)
    )
    for root in numerator.roots():
        if abs(root.imag) <= 1e-9 * abs(root) and root.real > 0:
            crossings.append((root.real, j))
for root, j in sorted(crossings):
    w_root = ridge(X, y, alpha=root, fit_intercept=False).coef
    relative = abs(w_root[j]) / sn.l2_norm(w_root)
    print(
        f"{names[j]:>4s} changes sign at alpha = {root:9.4g}; there |w_j| / ||w|| = {relative:.0e}"
    )

# %%
# So ridge *does* set coefficients to zero, but only at single strengths, which a grid of
# strengths hits only by coincidence and any change of :math:`\alpha` undoes. When can a ridge
# coefficient stay at zero over a whole range of :math:`\alpha`? Only if it is zero for every
# :math:`\alpha`, which (expanding :math:`(X^\top X + \alpha I)^{-1}` in powers of
# :math:`1/\alpha`) happens exactly when :math:`e_j^\top (X^\top X)^m X^\top y = 0` for
# :math:`m = 0, 1, \dots, p - 1`: for example when feature :math:`j` is orthogonal to :math:`y`
# and to every other feature, a feature that carries no information at all. The Lasso's zeros,
# by contrast, hold on whole intervals of :math:`\alpha`: every coefficient is zero for all
# :math:`\alpha \ge \alpha_{\max}`, and on this path each one is zero on an interval before it
# enters (s3 on a second one too).
#
# Ridge paths and their sign changes
# ----------------------------------
# Top: the ridge coefficient paths against :math:`\|w(\alpha)\|_2 / \|w_{\text{OLS}}\|_2`, with
# the sign changes marked. Bottom: :math:`|w_j(\alpha)|` on logarithmic axes for the
# coefficients that change sign; each dips towards zero at its root (a grid only ever shows a
# finite dip), and for large :math:`\alpha` all of them fall like :math:`1/\alpha`, while the
# length :math:`\|w\|_2` (black) only decreases.
ridge_size = norms / sn.l2_norm(w_ols)
root_sizes = [
    sn.l2_norm(ridge(X, y, alpha=root, fit_intercept=False).coef) / sn.l2_norm(w_ols)
    for root, _ in crossings
]
changing = sorted({j for _, j in crossings})
fine_alphas = np.logspace(-2, 7, 2000)
fine_coefs = Vt.T @ (c[:, None] / (s[:, None] ** 2 + fine_alphas[None, :]))

fig, (ax, ax_log) = plt.subplots(2, 1, figsize=(5, 8.5), height_ratios=[1.2, 1])
ax.plot(ridge_size, ridge_coefs.T, "C1-", lw=1.5)
ax.plot(root_sizes, np.zeros(len(root_sizes)), "o", color="C6", mfc="white", zorder=3)
looks = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (6, 2)), "v"), ("-", "x")]
for j, (ls, marker) in zip(changing, looks, strict=False):
    ax_log.loglog(
        fine_alphas,
        np.abs(fine_coefs[j]),
        color="C1",
        ls=ls,
        marker=marker,
        markevery=250,
        label=names[j],
    )
ax_log.loglog(fine_alphas, sn.l2_norm(fine_coefs, axis=0), color="C6", lw=2.5, label=r"$\|w\|_2$")
# sphinx_gallery_start_ignore
for j, label_y in enumerate(spread(w_ols, 4.6)):
    ax.annotate(
        names[j],
        (ridge_size[0], ridge_coefs[j, 0]),
        xytext=(1.04, label_y),
        va="center",
        arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.6},
    )
ax.axhline(0, color="C6", linewidth=0.8)
ax.set(
    title="ridge (L2): sign changes marked",
    xlabel=r"$\|w(\alpha)\|_2 / \|w_{\mathrm{OLS}}\|_2$",
    ylabel=r"coefficient $w_j$",
    xlim=(-0.02, 1.2),
)
ax_log.set(xlabel=r"ridge strength $\alpha$", ylabel=r"$|w_j(\alpha)|$", ylim=(1e-5, 3e2))
ax_log.legend(loc="lower left", ncols=2)
fig.set_label(
    "Top: the ten ridge coefficient paths on the diabetes data against the relative L2 size of "
    f"the solution; they leave zero at once, and {len(changing)} of them cross zero at "
    f"{len(crossings)} marked points along the way. Bottom: on log axes, the sizes of those "
    f"{len(changing)} coefficients against the ridge "
    "strength dip sharply towards zero at their sign changes and fall like one over alpha for "
    "large alpha, while the length of the whole vector only decreases."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
# * On real data the Lasso's zeros are exact and hold on whole intervals of :math:`\alpha`: at
#   :math:`\alpha_{\max}` all ten coefficients are zero, they leave zero one at a time as the
#   penalty weakens, and one comes back for a while. The exact path is piecewise linear.
# * Ridge shrinks the coefficient vector (its length, and each component along a singular
#   direction) but not each coefficient: on this data eight coefficients grow somewhere along
#   the path, and five change sign, passing through exactly zero at single strengths. Ridge
#   never holds a coefficient at zero over a range of :math:`\alpha` unless the design meets the
#   special condition above (for example a feature orthogonal to :math:`y` and to all the
#   others).
# * The one-weight pictures of the earlier pages (the dead zone, the subdifferential, the
#   corners) are what happens coordinate by coordinate inside a coordinate-descent Lasso solver:
#   each update solves :math:`\tfrac12 (w_j - z_j)^2 + \alpha|w_j|` for standardised features.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, Figure 3.8 (ridge coefficient profiles) and Figure 3.10 (lasso coefficient
#   profiles), both on the prostate cancer data.
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, Figure 2.1 (lasso and ridge paths against the relative norm).
# * B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least angle regression", *Annals of
#   Statistics* 32(2), 2004 (the diabetes data, and the LARS homotopy for the exact Lasso path).
# * scikit-learn examples `L1 Penalty and Sparsity in Logistic Regression
#   <https://scikit-learn.org/stable/auto_examples/linear_model/plot_logistic_l1_l2_sparsity.html>`_
#   and `Lasso, Lasso-LARS, and Elastic Net paths
#   <https://scikit-learn.org/stable/auto_examples/linear_model/plot_lasso_lasso_lars_elasticnet_path.html>`_.
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
