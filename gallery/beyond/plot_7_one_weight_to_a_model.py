r"""
=================================
From one weight to a whole model
=================================

The earlier pages follow one weight. Here we fit a real linear model, the diabetes data that
ships with scikit-learn (442 patients, 10 features), with an L1 penalty and with an L2 penalty,
over a whole range of strengths, and count the coefficients that are *exactly* zero. The Lasso
drops features one by one as the penalty grows, until none is left; ridge shrinks all ten and
sets none of them to zero, however strong the penalty. This is the real-data version of
Figure 3.10 of *The Elements of Statistical Learning* and Figure 2.1 of *Statistical Learning
with Sparsity*.
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
print(f"{n_samples} samples, {n_features} features: {', '.join(names)}")

# %%
# The Lasso path
# --------------
# The Lasso minimises :math:`\frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1` (scikit-learn's
# scaling). By the optimality condition of the subdifferential page, :math:`w = 0` is the
# solution exactly when :math:`\|X^\top y\|_\infty / n \le \alpha`, so the path starts at
# :math:`\alpha_{\max} = \|X^\top y\|_\infty / n`. We compute 100 solutions from there down to
# :math:`10^{-3}\alpha_{\max}` with :func:`sparsenorm.solvers.lasso_path`, which certifies each
# one with a duality gap and returns exact zeros.
from sparsenorm.solvers import lasso_path

alpha_max = np.abs(X.T @ y).max() / n_samples
alphas, lasso_coefs, gaps = lasso_path(X, y, n_alphas=100)
lasso_zeros = np.count_nonzero(lasso_coefs == 0, axis=0)
print(f"alpha_max = {alpha_max:.4f} (first alpha of the path: {alphas[0]:.4f})")
print(f"largest duality gap along the path: {gaps.max():.2g}")
for k in (0, 10, 30, 50, 70, 99):
    ratio = alphas[k] / alpha_max
    print(f"alpha = {ratio:7.4f} alpha_max: {lasso_zeros[k]:2d} coefficients exactly 0")

# %%
# Coefficients leave zero one at a time, each when its correlation with the current residual
# reaches :math:`\alpha`. The order says which features the Lasso considers most useful. The
# count of zeros is not monotone, though: with correlated features a coefficient can also
# return to zero further down the path.
entered = []
for k in range(alphas.size):
    for j in np.flatnonzero(lasso_coefs[:, k] != 0):
        if names[j] not in entered:
            entered.append(names[j])
print("order in which features leave zero:", ", ".join(entered))
returns = [
    (names[j], alphas[k] / alpha_max)
    for k in range(1, alphas.size)
    for j in range(n_features)
    if lasso_coefs[j, k - 1] != 0 and lasso_coefs[j, k] == 0
]
for name, ratio in returns:
    print(f"{name} returns to exactly 0 at alpha = {ratio:.4f} alpha_max")

# %%
# The ridge path
# --------------
# Ridge minimises :math:`\|y - Xw\|_2^2 + \alpha\|w\|_2^2` (scikit-learn's scaling again). We
# solve it with :func:`sparsenorm.solvers.ridge` for 60 strengths from :math:`10^{7}` down to
# :math:`10^{-2}`. Its solution :math:`(X^\top X + \alpha I)^{-1}X^\top y` shrinks every
# coefficient, more and more, without ever setting one to zero.
from sparsenorm.solvers import ridge

ridge_alphas = np.logspace(7, -2, 60)  # decreasing, like the Lasso path
ridge_coefs = np.column_stack(
    [ridge(X, y, alpha=a, fit_intercept=False).coef for a in ridge_alphas]
)
ridge_zeros = np.count_nonzero(ridge_coefs == 0, axis=0)
print(f"ridge: most exactly-zero coefficients at any of the 60 strengths: {ridge_zeros.max()}")
print(
    f"ridge at alpha = {ridge_alphas[0]:.0e}: smallest |coefficient| = "
    f"{np.abs(ridge_coefs[:, 0]).min():.3g}, largest = {np.abs(ridge_coefs[:, 0]).max():.3g}"
)

# %%
# Paths and counts
# ----------------
# To put both methods on one axis we use, as *Statistical Learning with Sparsity* does, the
# relative size of the solution: :math:`\|w(\alpha)\|_1 / \|w_{\text{OLS}}\|_1` for the Lasso
# and :math:`\|w(\alpha)\|_2 / \|w_{\text{OLS}}\|_2` for ridge, from 0 (everything penalised
# away) to 1 (ordinary least squares). Top: the coefficient paths, one line per feature; the
# Lasso paths sit exactly on zero before they start, the ridge paths leave zero at once. Bottom:
# the number of exactly-zero coefficients.
import matplotlib.pyplot as plt

import sparsenorm as sn

L1_COLOR, L2_COLOR, NEUTRAL = "#0072B2", "#D55E00", "#555555"
w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
lasso_size = sn.l1_norm(lasso_coefs, axis=0) / sn.l1_norm(w_ols)
ridge_size = sn.l2_norm(ridge_coefs, axis=0) / sn.l2_norm(w_ols)

fig, axes = plt.subplots(
    2, 2, figsize=(11, 7), layout="constrained", sharex=True, height_ratios=[2, 1]
)
for ax, size, coefs, color, title in [
    (axes[0, 0], lasso_size, lasso_coefs, L1_COLOR, "Lasso (L1)"),
    (axes[0, 1], ridge_size, ridge_coefs, L2_COLOR, "ridge (L2)"),
]:
    ax.axhline(0, color=NEUTRAL, linewidth=0.8)
    ax.plot(size, coefs.T, color=color, linewidth=1.2)
    for j in np.argsort(np.abs(coefs[:, -1]))[-4:]:
        ax.annotate(
            names[j],
            (size[-1], coefs[j, -1]),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize="small",
            va="center",
        )
    _ = ax.set(title=title, ylabel=r"coefficient $w_j$", xlim=(-0.04, 1.12))
for ax, size, zeros, color in [
    (axes[1, 0], lasso_size, lasso_zeros, L1_COLOR),
    (axes[1, 1], ridge_size, ridge_zeros, L2_COLOR),
]:
    ax.step(size, zeros, where="post", color=color, linewidth=2)
    _ = ax.set(ylabel=r"# $w_j = 0$ exactly", ylim=(-0.5, n_features + 0.5), yticks=[0, 5, 10])
_ = axes[1, 0].set(xlabel=r"$\|w(\alpha)\|_1 / \|w_{\mathrm{OLS}}\|_1$")
_ = axes[1, 1].set(xlabel=r"$\|w(\alpha)\|_2 / \|w_{\mathrm{OLS}}\|_2$")

# %%
# How small ridge coefficients get
# --------------------------------
# On a logarithmic scale the smallest ridge coefficient falls like :math:`1/\alpha` for large
# :math:`\alpha` (then :math:`w \approx X^\top y / \alpha`) and never reaches zero. The dips
# in the middle are coefficients that change sign along the path: such a coefficient is zero
# at one isolated strength, which a grid of strengths (or any data perturbation) misses. The
# Lasso's zeros, by contrast, hold on whole intervals of :math:`\alpha`.
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
ax.loglog(
    ridge_alphas,
    np.abs(ridge_coefs).min(axis=0),
    color=L2_COLOR,
    linewidth=2,
    label="ridge: smallest $|w_j|$",
)
ax.loglog(
    ridge_alphas,
    np.abs(X.T @ y).min() / ridge_alphas,
    ":",
    color=NEUTRAL,
    label=r"$\min_j |x_j^\top y| / \alpha$",
)
_ = ax.set(xlabel=r"ridge strength $\alpha$", ylabel=r"$\min_j |w_j|$")
_ = ax.legend()

# %%
# Takeaways
# ---------
# * On real data the Lasso's zeros are exact: at :math:`\alpha_{\max}` all ten coefficients are
#   zero, and they leave zero one at a time as the penalty weakens (and occasionally come back).
# * Ridge never produces a single exact zero on this data, at any of 60 strengths spanning nine
#   orders of magnitude; its coefficients only get small, roughly like :math:`1/\alpha`.
# * The one-weight pictures of the earlier pages (the dead zone, the subdifferential, the
#   corners) are exactly what happens coordinate by coordinate inside the Lasso solver.
#
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, Figure 3.10 (ridge and lasso coefficient profiles).
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, Figure 2.1 (lasso and ridge paths against the relative norm).
# * scikit-learn examples `L1 Penalty and Sparsity in Logistic Regression
#   <https://scikit-learn.org/stable/auto_examples/linear_model/plot_logistic_l1_l2_sparsity.html>`_
#   and `Lasso, Lasso-LARS, and Elastic Net paths
#   <https://scikit-learn.org/stable/auto_examples/linear_model/plot_lasso_lasso_lars_elasticnet_path.html>`_.
# * B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least angle regression", *Annals of
#   Statistics* 32(2), 2004 (the diabetes data).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
