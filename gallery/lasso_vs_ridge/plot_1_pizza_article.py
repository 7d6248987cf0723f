r"""
=================================================
The pizza example, re-run and checked
=================================================

A classic textbook example (Fan & Li, *Python机器学习及实践*, retold in the article
"【机器学习 sklearn】模型正则化L1-Lasso,L2-Ridge") fits pizza prices with polynomials of
degree 1, 2 and 4, sees the degree-4 model overfit, and cures it with ``Lasso()`` and
``Ridge()``. We re-run every plot and printed number with today's scikit-learn and with
sparsenorm, and check each one: the article's Lasso numbers come from an unfinished run,
today's degree-4 least squares is silently truncated, and one of the article's conclusions
does not survive once the Lasso is actually solved.
"""

# %%
# The data and the article's printed numbers
# ------------------------------------------
# Five training pizzas and four test pizzas (diameter in inches, price in dollars). As in the
# article, the targets are columns. The article ran Python 2 with a 2016 scikit-learn; its
# printed outputs are copied below so that every comparison on this page is explicit.
import numpy as np

X_train = [[6], [8], [10], [14], [18]]
y_train = [[7], [9], [13], [17.5], [18]]
X_test = [[6], [8], [11], [16]]
y_test = [[8], [12], [15], [18]]

ARTICLE = {
    "train R² degree 1": 0.910001596424,
    "train R² degree 2": 0.98164216396,
    "train R² degree 4": 1.0,
    "test R² degree 1": 0.809726797708,
    "test R² degree 2": 0.867544365635,
    "test R² degree 4": 0.809588079577,
    "test R² Lasso": 0.83889268736,
    "test R² Ridge": 0.837420175937,
    "Σ coef² degree 4": 647.382645737,
    "Σ coef² Ridge": 0.0154989652036,
}
ARTICLE_COEF = {
    "degree 4": [0.0, -2.51739583e01, 3.68906250e00, -2.12760417e-01, 4.29687500e-03],
    "Lasso": [0.0, 0.0, 1.17900534e-01, 5.42646770e-05, -2.23027128e-04],
    "Ridge": [0.0, -0.00492536, 0.12439632, -0.00046471, -0.00021205],
}

# %%
# Degrees 1, 2 and 4 on the training data
# ---------------------------------------
# The article's first three figures add one curve at a time; the third holds all three, so we
# draw that one. The grid ``xx`` and the axes are the article's.
import matplotlib.pyplot as plt
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import PolynomialFeatures

xx = np.linspace(0, 26, 100).reshape(-1, 1)
poly2 = PolynomialFeatures(degree=2)
poly4 = PolynomialFeatures(degree=4)
X_train_poly2, X_test_poly2 = poly2.fit_transform(X_train), poly2.transform(X_test)
X_train_poly4, X_test_poly4 = poly4.fit_transform(X_train), poly4.transform(X_test)

linear = LinearRegression().fit(X_train, y_train)
quadratic = LinearRegression().fit(X_train_poly2, y_train)
quartic = LinearRegression().fit(X_train_poly4, y_train)

DEGREE_COLOURS = {1: "0.55", 2: "#009E73", 4: "#E69F00"}


def draw_polynomials(ax, X, y, title):
    ax.scatter(np.ravel(X), np.ravel(y), s=60, color="black", zorder=3)
    ax.plot(xx, linear.predict(xx), color=DEGREE_COLOURS[1], lw=2, label="Degree=1")
    ax.plot(
        xx, quadratic.predict(poly2.transform(xx)), color=DEGREE_COLOURS[2], lw=2, label="Degree=2"
    )
    ax.plot(
        xx,
        quartic.predict(poly4.transform(xx)),
        color=DEGREE_COLOURS[4],
        lw=2,
        label="Degree=4 (today)",
    )
    ax.set(
        xlim=(0, 25),
        ylim=(0, 25),
        xlabel="Diameter of Pizza",
        ylabel="Price of Pizza",
        title=title,
    )
    ax.legend(loc="upper left")


fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
draw_polynomials(axes[0], X_train, y_train, "training pizzas")
draw_polynomials(axes[1], X_test, y_test, "test pizzas")
plt.show()

today = {
    "train R² degree 1": linear.score(X_train, y_train),
    "train R² degree 2": quadratic.score(X_train_poly2, y_train),
    "train R² degree 4": quartic.score(X_train_poly4, y_train),
    "test R² degree 1": linear.score(X_test, y_test),
    "test R² degree 2": quadratic.score(X_test_poly2, y_test),
    "test R² degree 4": quartic.score(X_test_poly4, y_test),
}
for key, value in today.items():
    print(f"{key}: article {ARTICLE[key]:.6f}, today {value:.6f}")

# %%
# Why today's degree-4 line is not the article's
# ----------------------------------------------
# Degrees 1 and 2 agree to every printed digit. Degree 4 does not: the article fits the five
# training points exactly (training :math:`R^2 = 1`, as four coefficients plus an intercept
# must), today's ``LinearRegression`` does not. The reason is a parameter: scikit-learn 1.7
# gave ``LinearRegression`` a ``tol=1e-6`` (then used for sparse input only), and since 1.9 it
# is also passed to :func:`scipy.linalg.lstsq` as ``cond`` for dense input. Singular values
# of the centred design below ``1e-6`` times the largest are treated as zero; the columns
# :math:`x, x^2, x^3, x^4` are so unevenly scaled that the smallest ratio is
# :math:`3.4 \times 10^{-7}`, so today's fit drops one direction (``rank_ == 3``) and returns
# a truncated-SVD solution instead of the least-squares one. With ``tol=1e-12``, or with
# sparsenorm's ``ridge(alpha=0)`` (an SVD solve), the article's interpolating polynomial comes
# back.
import sparsenorm as sn

singular = np.linalg.svd(
    X_train_poly4[:, 1:] - X_train_poly4[:, 1:].mean(axis=0), compute_uv=False
)
exact = LinearRegression(tol=1e-12).fit(X_train_poly4, y_train)
ours_ols = sn.ridge(X_train_poly4, np.ravel(y_train), alpha=0.0)
print(f"today's rank_: {quartic.rank_}, with tol=1e-12: {exact.rank_}")
print(f"smallest / largest singular value: {singular[-1] / singular[0]:.2e}")
print(
    f"exact least squares: train R² {exact.score(X_train_poly4, y_train):.6f}, "
    f"test R² {exact.score(X_test_poly4, y_test):.6f}"
)
print("coef_ article:", np.array(ARTICLE_COEF["degree 4"]))
print("coef_ exact:  ", exact.coef_.ravel())
print("coef_ sparsenorm ridge(alpha=0):", ours_ols.coef)
print("coef_ today:  ", quartic.coef_.ravel())
print(
    f"Σ coef²: article {ARTICLE['Σ coef² degree 4']:.3f}, exact "
    f"{np.sum(exact.coef_**2):.3f}, today {np.sum(quartic.coef_**2):.6f}"
)

fig, ax = plt.subplots(figsize=(6, 4.2), layout="constrained")
ax.scatter(
    np.ravel(X_train), np.ravel(y_train), s=60, color="black", zorder=3, label="training pizzas"
)
ax.plot(
    xx,
    exact.predict(poly4.transform(xx)),
    color=DEGREE_COLOURS[4],
    lw=2,
    label="degree 4, least squares (article)",
)
ax.plot(
    xx,
    quartic.predict(poly4.transform(xx)),
    color=DEGREE_COLOURS[4],
    lw=2,
    ls="--",
    label="degree 4, today (rank 3)",
)
_ = ax.set(xlim=(0, 25), ylim=(0, 25), xlabel="Diameter of Pizza", ylabel="Price of Pizza")
ax.legend(loc="upper left")
plt.show()

# %%
# Lasso(): the article's numbers are an unfinished run
# ----------------------------------------------------
# ``Lasso()`` on the degree-4 features prints exactly the article's test score and
# coefficients today too, because it runs the same coordinate descent for the same
# ``max_iter=1000`` epochs. And it warns, as it did then: the duality gap is far above the
# tolerance, so the printed coefficients are the 1000th iterate, not the Lasso solution. The
# gap is the certificate: it bounds how far the objective still is from its minimum, and
# sparsenorm recomputes the same number from the coefficients alone.
import warnings

from sklearn.linear_model import Lasso, Ridge

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lasso_default = Lasso().fit(X_train_poly4, y_train)
y_flat = np.ravel(y_train)
gap_default = sn.lasso_duality_gap(
    X_train_poly4, y_flat, lasso_default.coef_, alpha=1.0, fit_intercept=True
)
print(f"warning: {caught[0].category.__name__}: {str(caught[0].message).splitlines()[0]}")
print(
    f"test R²: article {ARTICLE['test R² Lasso']:.6f}, today "
    f"{lasso_default.score(X_test_poly4, y_test):.6f}"
)
print("coef_ article:", np.array(ARTICLE_COEF["Lasso"]))
print("coef_ today:  ", lasso_default.coef_)
print(
    f"duality gap: scikit-learn {lasso_default.dual_gap_:.4f}, sparsenorm {gap_default:.4f}, "
    f"objective at w=0 {0.5 * np.var(y_flat):.4f}"
)

# %%
# The converged Lasso
# -------------------
# Given enough epochs, scikit-learn's coordinate descent does converge (after about 11 400
# epochs), and sparsenorm's solver, which walks the exact Lasso path for so few features,
# certifies the same point with a gap at rounding level. The solution keeps only
# :math:`x^3` and :math:`x^4` (the printed iterate still used :math:`x^2`), and it predicts the
# test pizzas *worse* than the unfinished run.
lasso_converged = Lasso(max_iter=100_000, tol=1e-10).fit(X_train_poly4, y_train)
ours_lasso = sn.Lasso(tol=1e-12).fit(X_train_poly4, y_train)
rel = np.abs(ours_lasso.coef_ - lasso_converged.coef_).max() / np.abs(lasso_converged.coef_).max()
print(f"scikit-learn: {lasso_converged.n_iter_} epochs, gap {lasso_converged.dual_gap_:.1e}")
print(f"sparsenorm:   gap {ours_lasso.dual_gap_:.1e}; max relative difference {rel:.1e}")
print("coef_ converged:", ours_lasso.coef_)
print(f"test R² converged: {ours_lasso.score(X_test_poly4, y_test):.6f}")

# %%
# Ridge(): exact then and now
# ---------------------------
# ``Ridge()`` is solved directly (a Cholesky factorisation), so there is nothing to converge:
# today's numbers are the article's, sparsenorm's ``Ridge`` agrees, and its duality gap is at
# rounding level. (Old scikit-learn printed ``coef_`` as a 1 × 5 array for a column ``y``;
# scikit-learn 1.9 returns a flat one.)
ridge_today = Ridge().fit(X_train_poly4, y_train)
ours_ridge = sn.Ridge().fit(X_train_poly4, y_train)
print(
    f"test R²: article {ARTICLE['test R² Ridge']:.6f}, today "
    f"{ridge_today.score(X_test_poly4, y_test):.6f}, sparsenorm "
    f"{ours_ridge.score(X_test_poly4, y_test):.6f}"
)
print("coef_ today:     ", ridge_today.coef_)
print("coef_ sparsenorm:", ours_ridge.coef_)
print(f"Σ coef²: article {ARTICLE['Σ coef² Ridge']:.6f}, today {np.sum(ridge_today.coef_**2):.6f}")

# %%
# All models on one figure
# ------------------------
# Left: the fitted curves over the test pizzas. Right: the Lasso's test score and duality gap
# as ``max_iter`` grows: the score the article printed is a point on the way down.
fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
ax = axes[0]
ax.scatter(np.ravel(X_test), np.ravel(y_test), s=60, color="black", zorder=3, label="test pizzas")
ax.plot(
    xx,
    exact.predict(poly4.transform(xx)),
    color=DEGREE_COLOURS[4],
    lw=2,
    label="degree 4, least squares",
)
ax.plot(
    xx,
    lasso_default.predict(poly4.transform(xx)),
    color="#0072B2",
    lw=2,
    ls="--",
    label="Lasso(), 1000 epochs",
)
ax.plot(
    xx, ours_lasso.predict(poly4.transform(xx)), color="#0072B2", lw=2, label="Lasso, converged"
)
ax.plot(xx, ours_ridge.predict(poly4.transform(xx)), color="#D55E00", lw=2, label="Ridge")
ax.set(xlim=(0, 25), ylim=(0, 25), xlabel="Diameter of Pizza", ylabel="Price of Pizza")
ax.legend(loc="upper left", fontsize="small")

epochs = np.unique(np.geomspace(1, 20_000, 40).astype(int))
scores, gaps = [], []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for k in epochs:
        model = Lasso(max_iter=int(k), tol=1e-12).fit(X_train_poly4, y_train)
        scores.append(model.score(X_test_poly4, y_test))
        gaps.append(model.dual_gap_)
ax = axes[1]
ax.semilogx(epochs, scores, color="#0072B2", lw=2)
ax.axvline(1000, color="0.4", ls=":", lw=1)
ax.set(xlabel="max_iter (coordinate-descent epochs)", ylabel=r"test $R^2$")
twin = ax.twinx()
twin.loglog(epochs, gaps, color="0.3", lw=1.5, ls="--")
_ = twin.set(ylabel="duality gap (dashed)")
plt.show()

# %%
# Which conclusions survive
# -------------------------
# * **L1 sets coefficients exactly to zero: survives**, more strongly than printed: the
#   converged Lasso zeroes two of the four polynomial coefficients (:math:`x` and
#   :math:`x^2`), the printed iterate only one. (The first entry of ``coef_`` belongs to
#   ``PolynomialFeatures``' constant column, which the intercept makes redundant: it is zero
#   in every model.)
# * **L1 improves generalisation: does not survive at** ``alpha=1``. The converged Lasso
#   scores below the exact degree-4 least squares on the test pizzas; the article's 0.839 came
#   from stopping coordinate descent early, which acts as a regulariser of its own.
# * **L2 improves generalisation and collapses Σ coef²: survives** against the least-squares
#   fit the article computed (0.837 against 0.810; 647 down to 0.0155). Against today's
#   rank-truncated default ``LinearRegression`` it does not: that fit already has
#   Σ coef² ≈ 0.016 and a higher test score than Ridge, because truncating small singular
#   values is itself a form of L2-like regularisation.
# * With four test pizzas and unscaled features from :math:`x` to :math:`x^4`, none of these
#   differences in test :math:`R^2` should be read as more than an illustration.

# %%
# Takeaways
# ---------
# * A number printed by an iterative solver means something only with its certificate: read
#   the duality gap (``dual_gap_``) or heed the ``ConvergenceWarning``.
# * The same code can compute a different model years later: here ``LinearRegression`` gained
#   a singular-value cut-off that changes an ill-conditioned fit completely.
# * The sparsity of the Lasso is real and exact; its effect on test error depends on
#   ``alpha`` and on the scaling of the features, not on the L1 norm alone.

# %%
# References
# ----------
# * M. Fan and C. Li, *Python机器学习及实践：从零开始通往Kaggle竞赛之路*, Tsinghua University
#   Press, 2016, section on model regularisation (the pizza example).
# * "【机器学习 sklearn】模型正则化L1-Lasso,L2-Ridge" (the article this page re-runs).
# * scikit-learn: ``LinearRegression`` (``tol``, added in 1.7, used as ``cond`` on dense input
#   since 1.9), ``Lasso`` and ``Ridge`` documentation,
#   https://scikit-learn.org/stable/modules/linear_model.html
# * L. El Ghaoui, V. Viallon, T. Rabbani, "Safe feature elimination in sparse supervised
#   learning", 2012, and E. Ndiaye et al., "Gap safe screening rules for sparsity enforcing
#   penalties", JMLR 2017 (duality gaps as certificates).
