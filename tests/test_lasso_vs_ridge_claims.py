"""Every number and claim printed by gallery/lasso_vs_ridge, recomputed.

The article's numbers are data (transcribed from its printed output); everything else is
recomputed here with scikit-learn and sparsenorm, so a change in either library that would
make a page wrong fails here. Each section names its page.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.preprocessing import PolynomialFeatures

import sparsenorm as sn

# -- page 1: plot_1_pizza_article.py ------------------------------------------------------

X_TRAIN = [[6], [8], [10], [14], [18]]
Y_TRAIN = [[7], [9], [13], [17.5], [18]]
X_TEST = [[6], [8], [11], [16]]
Y_TEST = [[8], [12], [15], [18]]
ARTICLE_LASSO_COEF = [0.0, 0.0, 1.17900534e-01, 5.42646770e-05, -2.23027128e-04]
ARTICLE_OLS4_COEF = [0.0, -2.51739583e01, 3.68906250e00, -2.12760417e-01, 4.29687500e-03]
ARTICLE_RIDGE_COEF = [0.0, -0.00492536, 0.12439632, -0.00046471, -0.00021205]


@pytest.fixture(scope="module")
def pizza():
    poly2, poly4 = PolynomialFeatures(2), PolynomialFeatures(4)
    d = {
        "X2": poly2.fit_transform(X_TRAIN),
        "X2t": poly2.transform(X_TEST),
        "X4": poly4.fit_transform(X_TRAIN),
        "X4t": poly4.transform(X_TEST),
    }
    d["lin"] = LinearRegression().fit(X_TRAIN, Y_TRAIN)
    d["quad"] = LinearRegression().fit(d["X2"], Y_TRAIN)
    d["quart"] = LinearRegression().fit(d["X4"], Y_TRAIN)
    d["exact"] = LinearRegression(tol=1e-12).fit(d["X4"], Y_TRAIN)
    return d


def test_p1_degrees_1_and_2_reproduce_the_article(pizza):
    assert pizza["lin"].score(X_TRAIN, Y_TRAIN) == pytest.approx(0.910001596424, abs=1e-12)
    assert pizza["quad"].score(pizza["X2"], Y_TRAIN) == pytest.approx(0.98164216396, abs=1e-11)
    assert pizza["lin"].score(X_TEST, Y_TEST) == pytest.approx(0.809726797708, abs=1e-12)
    assert pizza["quad"].score(pizza["X2t"], Y_TEST) == pytest.approx(0.867544365635, abs=1e-12)


def test_p1_todays_degree_4_is_rank_truncated_not_least_squares(pizza):
    quart, exact = pizza["quart"], pizza["exact"]
    assert quart.rank_ == 3 and exact.rank_ == 4
    assert quart.score(pizza["X4"], Y_TRAIN) == pytest.approx(0.994158, abs=5e-7)
    assert quart.score(pizza["X4t"], Y_TEST) == pytest.approx(0.838472, abs=5e-7)
    assert np.sum(quart.coef_**2) == pytest.approx(0.016388, abs=5e-7)
    Xc = pizza["X4"][:, 1:] - pizza["X4"][:, 1:].mean(axis=0)
    s = np.linalg.svd(Xc, compute_uv=False)
    assert s[-1] / s[0] < 1e-6  # below LinearRegression's default tol, hence dropped
    assert s[-1] / s[0] == pytest.approx(3.40e-7, abs=5e-10)


def test_p1_linear_regression_tol_history_as_the_page_tells_it():
    doc = LinearRegression.__doc__
    tol_doc = doc[doc.index("tol : float, default=1e-6") : doc.index("n_jobs :")]
    assert "versionadded:: 1.7" in tol_doc and "versionchanged:: 1.9" in tol_doc
    assert "`cond` of" in tol_doc and "dense" in tol_doc


def test_p1_exact_least_squares_is_the_articles(pizza):
    exact = pizza["exact"]
    assert exact.score(pizza["X4"], Y_TRAIN) == pytest.approx(1.0, abs=1e-12)
    assert exact.score(pizza["X4t"], Y_TEST) == pytest.approx(0.809588079577, abs=1e-8)
    np.testing.assert_allclose(exact.coef_.ravel(), ARTICLE_OLS4_COEF, rtol=1e-8)
    ours = sn.ridge(pizza["X4"], np.ravel(Y_TRAIN), alpha=0.0)
    np.testing.assert_allclose(ours.coef, ARTICLE_OLS4_COEF, rtol=1e-8)
    assert np.sum(exact.coef_**2) == pytest.approx(647.382645737, rel=1e-10)


def test_p1_default_lasso_is_the_articles_unconverged_iterate(pizza):
    with pytest.warns(ConvergenceWarning, match="Objective did not converge"):
        lasso = Lasso().fit(pizza["X4"], Y_TRAIN)
    assert lasso.n_iter_ == 1000
    assert lasso.score(pizza["X4t"], Y_TEST) == pytest.approx(0.83889268736, abs=1e-11)
    np.testing.assert_allclose(lasso.coef_, ARTICLE_LASSO_COEF, rtol=1e-8, atol=1e-15)
    gap = sn.lasso_duality_gap(
        pizza["X4"], np.ravel(Y_TRAIN), lasso.coef_, 1.0, fit_intercept=True
    )
    assert gap == pytest.approx(lasso.dual_gap_, rel=1e-9)
    assert gap == pytest.approx(0.1445, abs=5e-5)
    assert 0.5 * np.var(np.ravel(Y_TRAIN)) == pytest.approx(9.72)
    assert gap > 1e-4 * np.var(np.ravel(Y_TRAIN))  # above scikit-learn's own tolerance


def test_p1_converged_lasso(pizza):
    sk = Lasso(max_iter=100_000, tol=1e-10).fit(pizza["X4"], Y_TRAIN)
    assert 11_000 <= sk.n_iter_ <= 12_000 and sk.dual_gap_ < 1e-8  # "about 11 400 epochs"
    ours = sn.Lasso(tol=1e-12).fit(pizza["X4"], Y_TRAIN)
    assert ours.dual_gap_ < 1e-12  # rounding level: P(0) = 9.72
    rel = np.abs(ours.coef_ - sk.coef_).max() / np.abs(sk.coef_).max()
    assert rel < 1e-7
    # keeps only x^3 and x^4 (index 0 is PolynomialFeatures' constant column)
    assert np.array_equal(ours.coef_ != 0, [False, False, False, True, True])
    np.testing.assert_allclose(ours.coef_[3:], [0.01327602, -0.00061518], atol=5e-9)
    score = ours.score(pizza["X4t"], Y_TEST)
    assert score == pytest.approx(0.806192, abs=5e-7)
    assert score < pizza["exact"].score(pizza["X4t"], Y_TEST) < 0.83889268736


def test_p1_ridge_is_unchanged_and_sparsenorm_agrees(pizza):
    ridge = Ridge().fit(pizza["X4"], Y_TRAIN)
    ours = sn.Ridge().fit(pizza["X4"], Y_TRAIN)
    assert ridge.score(pizza["X4t"], Y_TEST) == pytest.approx(0.837420175937, abs=1e-11)
    assert ours.score(pizza["X4t"], Y_TEST) == pytest.approx(0.837420175937, abs=1e-10)
    np.testing.assert_allclose(ridge.coef_, ARTICLE_RIDGE_COEF, atol=5e-9)
    np.testing.assert_allclose(ours.coef_, ridge.coef_, rtol=1e-8, atol=1e-15)
    assert ridge.coef_.shape == (5,)  # flat today; the article printed a 1 x 5 array
    assert np.sum(ridge.coef_**2) == pytest.approx(0.0154989652036, rel=1e-9)
    assert ours.dual_gap_ < 1e-9


def test_p1_which_conclusions_survive(pizza):
    X4, X4t = pizza["X4"], pizza["X4t"]
    converged = sn.Lasso(tol=1e-12).fit(X4, Y_TRAIN)
    ridge = Ridge().fit(X4, Y_TRAIN)
    exact, today = pizza["exact"], pizza["quart"]
    # L1 zeroes coefficients: two of the four polynomial terms (x, x²), the article's one (x)
    assert np.count_nonzero(converged.coef_[1:] == 0) == 2
    assert np.count_nonzero(np.array(ARTICLE_LASSO_COEF[1:]) == 0) == 1
    # L1 improves generalisation: no, once converged
    assert converged.score(X4t, Y_TEST) < exact.score(X4t, Y_TEST)
    # L2 improves generalisation over the least squares the article computed ...
    assert ridge.score(X4t, Y_TEST) > exact.score(X4t, Y_TEST)
    assert np.sum(ridge.coef_**2) < 1e-4 * np.sum(exact.coef_**2)
    # ... but not over today's rank-truncated default, whose Σ coef² is already ≈ 0.016
    assert today.score(X4t, Y_TEST) > ridge.score(X4t, Y_TEST)
    assert np.sum(today.coef_**2) < 0.02


def test_p1_figure_score_at_1000_epochs_is_the_articles(pizza):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = Lasso(max_iter=1000, tol=1e-12).fit(pizza["X4"], Y_TRAIN)
        longer = Lasso(max_iter=20_000, tol=1e-12).fit(pizza["X4"], Y_TRAIN)
    assert model.score(pizza["X4t"], Y_TEST) == pytest.approx(0.83889268736, abs=1e-11)
    assert longer.score(pizza["X4t"], Y_TEST) == pytest.approx(0.806192, abs=5e-7)


# -- page 2: plot_2_coefficient_paths.py --------------------------------------------------


@pytest.fixture(scope="module")
def diabetes_paths():
    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    alphas, coefs, gaps = sn.lasso_path(X, y, fit_intercept=True, tol=1e-10)
    ridge_alphas = np.geomspace(1e5, 1e-2, 100)
    ridge = np.column_stack([sn.ridge(X, y, a).coef for a in ridge_alphas])
    return X, y, alphas, coefs, gaps, ridge


def test_p2_path_is_certified(diabetes_paths):
    _X, y, alphas, _coefs, gaps, _ = diabetes_paths
    assert alphas[0] == pytest.approx(45.1600, abs=5e-5)
    assert gaps.max() < 1e-10 * np.mean((y - y.mean()) ** 2)
    assert gaps.max() < 1e-11


def test_p2_exact_zero_counts(diabetes_paths):
    _, _, _alphas, coefs, _, ridge = diabetes_paths
    zeros = np.count_nonzero(coefs == 0, axis=0)
    assert zeros[0] == 10 and zeros[-1] == 0
    assert np.count_nonzero(ridge == 0) == 0
    assert np.abs(ridge[:, 0]).min() == pytest.approx(1.36e-2, abs=5e-5)


def test_p2_entry_order_and_s3_drop(diabetes_paths):
    _, _, alphas, coefs, _, _ = diabetes_paths
    names = load_diabetes().feature_names
    entry = {names[j]: alphas[np.argmax(coefs[j] != 0)] for j in range(10)}
    order = sorted(entry, key=entry.get, reverse=True)  # stable: grid ties keep feature order
    assert order == ["bmi", "s5", "bp", "s3", "sex", "s6", "s1", "s4", "s2", "age"]
    returns = [names[j] for j in range(10) if np.any((coefs[j, :-1] != 0) & (coefs[j, 1:] == 0))]
    assert returns == ["s3"]
    s3 = coefs[names.index("s3")]
    assert s3[-1] != 0  # and it leaves zero again further down


# -- page 3: plot_3_solvers_at_work.py ----------------------------------------------------


@pytest.fixture(scope="module")
def solver_runs():
    rng = np.random.default_rng(0)
    n, p, rho = 200, 500, 0.6
    Z = rng.standard_normal((n, p))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * Z[:, j]
    w = np.zeros(p)
    support = rng.choice(p, 25, replace=False)
    w[support] = rng.choice([-1.0, 1.0], 25)
    y = X @ w + 0.5 * rng.standard_normal(n)
    alpha = 0.05 * sn.lasso_alpha_max(X, y)
    runs = {
        solver: sn.lasso(X, y, alpha, tol=1e-10, solver=solver, max_iter=it, record_history=True)
        for solver, it in [
            ("ista", 20_000),
            ("fista", 20_000),
            ("cd", 2_000),
            ("working_set", 100),
        ]
    }
    return y, runs


def test_p3_all_certify_the_same_solution(solver_runs):
    y, runs = solver_runs
    ref = runs["working_set"].coef
    assert np.count_nonzero(ref) == 53
    for res in runs.values():
        assert res.converged
        assert res.dual_gap <= 1e-10 * np.mean(y**2)
        assert np.abs(res.coef - ref).max() / np.abs(ref).max() < 1e-8
        assert np.array_equal(res.coef == 0, ref == 0)


def test_p3_iteration_counts_and_fista_is_not_monotone(solver_runs):
    _, runs = solver_runs
    assert runs["fista"].n_iter < runs["ista"].n_iter / 3
    assert runs["working_set"].n_iter <= 10
    assert runs["cd"].n_iter < runs["fista"].n_iter
    fista_gaps = np.array(runs["fista"].history["dual_gap"])
    assert np.any(np.diff(fista_gaps) > 0)
    assert runs["working_set"].dual_gap < 1e-12
