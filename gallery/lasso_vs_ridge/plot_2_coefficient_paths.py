r"""
=================================================
Lasso and ridge coefficient paths on diabetes
=================================================

The figure that makes the difference between the two penalties visible at once, in the style
of Hastie, Tibshirani and Friedman's *Elements of Statistical Learning* (Fig. 3.10 for the
lasso, Fig. 3.8 for ridge): every coefficient of a model of the diabetes data as the penalty
is relaxed. Lasso coefficients start at exactly zero and leave it one at a time; ridge
coefficients are all non-zero for every finite penalty and only shrink.
"""

# %%
# The data and the two paths
# --------------------------
# The ten diabetes features are standardised (an L1 or L2 penalty treats all coefficients
# alike, so they should share a scale). The Lasso path is computed by
# :func:`sparsenorm.lasso_path` on scikit-learn's grid of 100 values of ``alpha`` from
# :math:`\alpha_{\max} = \|X^\top y\|_\infty / n` down to :math:`10^{-3}\alpha_{\max}`, each
# point certified by its duality gap; ridge is solved in closed form on a grid of its own.
import numpy as np
from sklearn.datasets import load_diabetes

import sparsenorm as sn

X, y = load_diabetes(return_X_y=True)
names = load_diabetes().feature_names
X = (X - X.mean(axis=0)) / X.std(axis=0)
n_samples, n_features = X.shape

alphas, lasso_coefs, lasso_gaps = sn.lasso_path(X, y, fit_intercept=True, tol=1e-10)
ridge_alphas = np.geomspace(1e5, 1e-2, 100)
ridge_coefs = np.column_stack([sn.ridge(X, y, a).coef for a in ridge_alphas])
print(
    f"alpha_max = {alphas[0]:.4f}; largest Lasso duality gap on the path: {lasso_gaps.max():.1e}"
)

# %%
# Coefficients against the size of the model
# ------------------------------------------
# As in the book, the horizontal axes measure how much of the unpenalised fit is allowed: the
# shrinkage factor :math:`s = \|w(\alpha)\|_1 / \|w_{\mathrm{OLS}}\|_1` for the Lasso and the
# effective degrees of freedom :math:`\mathrm{df}(\alpha) = \sum_j d_j^2 / (d_j^2 + \alpha)`
# for ridge (:math:`d_j` are the singular values of the centred design).
import matplotlib.pyplot as plt

ols = sn.ridge(X, y, 0.0).coef
shrinkage = np.abs(lasso_coefs).sum(axis=0) / np.abs(ols).sum()
d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
dof = (d[:, None] ** 2 / (d[:, None] ** 2 + ridge_alphas[None, :])).sum(axis=0)

fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained", sharey=True)
axes[0].plot(shrinkage, lasso_coefs.T, color="#0072B2", lw=1.5)
axes[0].axhline(0, color="0.5", lw=0.8)
axes[0].set(
    xlabel=r"shrinkage factor $s = \|w\|_1 / \|w_{OLS}\|_1$",
    ylabel="coefficient",
    title="Lasso (L1)",
)
axes[1].plot(dof, ridge_coefs.T, color="#D55E00", lw=1.5)
axes[1].axhline(0, color="0.5", lw=0.8)
axes[1].set(xlabel=r"effective degrees of freedom df$(\alpha)$", title="Ridge (L2)")
for name, value in zip(names, ols, strict=True):
    axes[1].annotate(
        name,
        (n_features, value),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize="small",
        va="center",
    )
plt.show()

# %%
# Exact zeros against small numbers
# ---------------------------------
# Counting the coefficients that are *exactly* zero (no threshold) at each point of each path:
# the Lasso count falls from ten to zero in steps; the ridge count is zero everywhere, even at
# the strongest penalty, where every coefficient is tiny but none vanishes.
lasso_zeros = np.count_nonzero(lasso_coefs == 0, axis=0)
ridge_zeros = np.count_nonzero(ridge_coefs == 0, axis=0)
entry = {names[j]: alphas[np.argmax(lasso_coefs[j] != 0)] / alphas[0] for j in range(n_features)}
order = sorted(entry, key=entry.get, reverse=True)  # stable: grid ties keep feature order
print("features in order of entry into the Lasso (on the grid):", ", ".join(order))
print(
    f"Lasso: {lasso_zeros[0]} exact zeros at alpha_max, {lasso_zeros[-1]} at "
    f"alpha_max/1000; ridge: at most {ridge_zeros.max()} exact zeros on its whole grid"
)
print(
    f"smallest ridge |coefficient| at alpha = {ridge_alphas[0]:.0e}: "
    f"{np.abs(ridge_coefs[:, 0]).min():.2e}"
)
left_zero = [
    names[j]
    for j in range(n_features)
    if np.any((lasso_coefs[j, :-1] != 0) & (lasso_coefs[j, 1:] == 0))
]
print("Lasso coefficients that return to zero after leaving it:", left_zero or "none")

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained", sharey=True)
axes[0].step(alphas, n_features - lasso_zeros, where="post", color="#0072B2", lw=2)
axes[0].set(
    xscale="log",
    xlabel=r"Lasso $\alpha$",
    ylabel="non-zero coefficients",
    ylim=(-0.3, n_features + 0.5),
    title="Lasso (L1)",
)
axes[1].step(ridge_alphas, n_features - ridge_zeros, where="post", color="#D55E00", lw=2)
_ = axes[1].set(xscale="log", xlabel=r"ridge $\alpha$", title="Ridge (L2)")
plt.show()

# %%
# Takeaways
# ---------
# * Along the Lasso path, a coefficient is exactly zero as long as the correlation of its
#   feature with the residual stays below :math:`\alpha`; the number of non-zeros is a step
#   function. It need not be monotone: on diabetes, ``s3`` leaves zero, grows, and is set back
#   to exactly zero further down the path (then leaves again), as the LARS-lasso algorithm
#   allows.
# * Ridge only rescales the least-squares fit along the singular directions of the design: its
#   coefficients approach zero as :math:`\alpha` grows and never reach it.
# * The order in which features enter (here ``bmi`` and ``s5`` first) is a cheap ranking of
#   their importance, which the ridge path does not provide.

# %%
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4 (Figs. 3.8 and 3.10).
# * B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least angle regression", Annals of
#   Statistics 32(2), 2004 (the diabetes data).
