"""Every number and claim of gallery/lasso_vs_ridge, recomputed independently.

Each page runs once (in-process, figures discarded); its variables and printed output are then
checked against independent computations: scikit-learn's own solvers (coordinate descent,
LARS, Cholesky), closed forms (the SVD of the design, polynomial roots), exact rational
arithmetic, or brute force. The article's numbers are data transcribed from its printed
output; they are only ever compared with what today's libraries compute.
"""

import contextlib
import functools
import io
import math
import re
import runpy
import warnings
from fractions import Fraction
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge, lars_path
from sklearn.model_selection import GridSearchCV, LeaveOneOut
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import sparsenorm as sn

matplotlib.use("Agg")
import matplotlib.pyplot as plt

GALLERY = Path(__file__).resolve().parents[1] / "gallery" / "lasso_vs_ridge"


@functools.cache
def run_page(stem):
    """Run a page, returning (printed text, its global variables)."""
    (path,) = GALLERY.glob(f"{stem}_*.py")
    out = io.StringIO()
    show = plt.show
    labels = []  # each figure's alt text, in the order the page shows them

    def record(*args, **kwargs):
        labels.extend(plt.figure(number).get_label() for number in plt.get_fignums())
        plt.close("all")

    plt.show = record
    try:
        with (
            contextlib.redirect_stdout(out),
            warnings.catch_warnings(),
            np.printoptions(),  # the pages set their own; keep them out of the other tests
            matplotlib.rc_context(),
        ):
            warnings.simplefilter("ignore", ConvergenceWarning)  # the page records its own
            namespace = runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.show = show
        plt.close("all")
    namespace["figure_labels"] = labels
    return out.getvalue(), namespace


def test_every_page_is_checked_here():
    pages = sorted(p.name.split("_")[1] for p in GALLERY.glob("plot_*.py"))
    assert pages == ["1", "2", "3"]


def test_printed_lines_fit_80_columns():
    for stem in ("plot_1", "plot_2", "plot_3"):
        text, _ = run_page(stem)
        assert max(len(line) for line in text.splitlines()) <= 80, stem


# -- page 1: plot_1_pizza_article.py ------------------------------------------------------

X_TRAIN = [[6], [8], [10], [14], [18]]
Y_TRAIN = [[7], [9], [13], [17.5], [18]]
X_TEST = [[6], [8], [11], [16]]
Y_TEST = [[8], [12], [15], [18]]
Y_FLAT = np.ravel(Y_TRAIN)
ARTICLE_LASSO_COEF = [0.0, 0.0, 1.17900534e-01, 5.42646770e-05, -2.23027128e-04]
ARTICLE_OLS4_COEF = [0.0, -2.51739583e01, 3.68906250e00, -2.12760417e-01, 4.29687500e-03]
ARTICLE_RIDGE_COEF = [0.0, -0.00492536, 0.12439632, -0.00046471, -0.00021205]
ARTICLE_LASSO_TEST_R2 = 0.83889268736


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
    scaler = StandardScaler().fit(d["X4"][:, 1:])
    d["Z"], d["Zt"] = scaler.transform(d["X4"][:, 1:]), scaler.transform(d["X4t"][:, 1:])
    return d


def _r2(y_true, y_pred):
    y_true = np.ravel(y_true)
    return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2)


def test_pages_leave_no_global_numpy_state():
    """sphinx-gallery runs every page in one process: a page's print options would leak."""
    before = np.get_printoptions()
    for stem in ("plot_1", "plot_2", "plot_3"):
        (path,) = GALLERY.glob(f"{stem}_*.py")
        show = plt.show
        plt.show = lambda *args, **kwargs: None
        try:
            with contextlib.redirect_stdout(io.StringIO()), matplotlib.rc_context():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    runpy.run_path(str(path), run_name="__main__")
        finally:
            plt.show = show
            plt.close("all")
        assert np.get_printoptions() == before, stem


def test_p1_unscaled_features_make_coordinate_descent_crawl(pizza):
    """'The columns range from 6 to about 100 000 ... coordinate descent crawls'."""
    assert pizza["X4"][:, 1].min() == 6 and pizza["X4"][:, 4].max() == 18**4 == 104_976
    slow = Lasso(max_iter=100_000, tol=1e-10).fit(pizza["X4"], Y_TRAIN)
    fast = Lasso(max_iter=100_000, tol=1e-10).fit(pizza["Z"], Y_FLAT)
    assert slow.n_iter_ > 100 * fast.n_iter_


def test_p1_degrees_1_and_2_reproduce_the_article(pizza):
    text, _ = run_page("plot_1")
    assert pizza["lin"].score(X_TRAIN, Y_TRAIN) == pytest.approx(0.910001596424, abs=1e-12)
    assert pizza["quad"].score(pizza["X2"], Y_TRAIN) == pytest.approx(0.98164216396, abs=1e-11)
    assert pizza["lin"].score(X_TEST, Y_TEST) == pytest.approx(0.809726797708, abs=1e-12)
    assert pizza["quad"].score(pizza["X2t"], Y_TEST) == pytest.approx(0.867544365635, abs=1e-12)
    # the printed table: degrees 1 and 2 equal, degree 4 differs
    for key in ("train R² degree 1", "train R² degree 2", "test R² degree 1", "test R² degree 2"):
        row = re.search(rf"{key}: article (\S+), today (\S+)", text)
        assert row.group(1) == row.group(2)
    row = re.search(r"train R² degree 4: article (\S+), today (\S+)", text)
    assert row.group(1) != row.group(2)


def test_p1_todays_degree_4_is_rank_truncated_not_least_squares(pizza):
    quart, exact = pizza["quart"], pizza["exact"]
    assert quart.rank_ == 3 and exact.rank_ == 4
    assert quart.score(pizza["X4"], Y_TRAIN) < 1 - 1e-3  # no longer interpolates
    Xc = pizza["X4"][:, 1:] - pizza["X4"][:, 1:].mean(axis=0)
    s = np.linalg.svd(Xc, compute_uv=False)
    assert s[-1] / s[0] < 1e-6 < s[-2] / s[0]  # exactly one ratio below the default tol
    # today's fit is the truncated-SVD (rank-3) least-squares solution
    U, sv, Vt = np.linalg.svd(Xc, full_matrices=False)
    yc = Y_FLAT - Y_FLAT.mean()
    truncated = Vt[:3].T @ ((U[:, :3].T @ yc) / sv[:3])
    np.testing.assert_allclose(quart.coef_.ravel()[1:], truncated, rtol=1e-6)
    text, _ = run_page("plot_1")
    assert f"smallest / largest singular value: {s[-1] / s[0]:.2e}" in text
    assert f"{s[-1] / s[0]:.1e}" == "3.4e-07"  # the prose's 3.4 × 10⁻⁷
    # "the design has five columns; the constant one is exactly zero once centred": so of the
    # five singular values of the centred design that lstsq sees, one is exactly 0, one is
    # below the 1e-6 cut-off, three are kept (rank_ 3); with 1e-12 only the zero is cut
    full = pizza["X4"] - pizza["X4"].mean(axis=0)
    assert full.shape == (5, 5) and np.all(full[:, 0] == 0)
    sv = np.linalg.svd(full, compute_uv=False)
    assert np.sum(sv > 1e-6 * sv[0]) == quart.rank_ == 3
    assert np.sum(sv > 1e-12 * sv[0]) == exact.rank_ == 4
    assert "centred constant column exactly zero: True" in text
    # "range from 6 to 104 976"
    assert pizza["X4"][:, 1:].min() == 6 and pizza["X4"][:, 1:].max() == 104_976


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
    # the interpolating quartic, by exact rational arithmetic (Lagrange through 5 points)
    xs = [Fraction(v[0]) for v in X_TRAIN]
    ys = [Fraction(v).limit_denominator() for v in Y_FLAT]
    A = [[x**k for k in range(5)] for x in xs]
    for col in range(5):  # Gauss-Jordan on the Vandermonde system, exactly
        piv = A[col][col]
        A[col] = [a / piv for a in A[col]]
        ys[col] /= piv
        for row in range(5):
            if row != col:
                f = A[row][col]
                A[row] = [a - f * b for a, b in zip(A[row], A[col], strict=True)]
                ys[row] -= f * ys[col]
    np.testing.assert_allclose(exact.coef_.ravel()[1:], [float(c) for c in ys[1:]], rtol=1e-8)
    _, ns = run_page("plot_1")
    np.testing.assert_allclose(ns["ours_ols"].coef[1:], [float(c) for c in ys[1:]], rtol=1e-8)
    assert np.sum(exact.coef_**2) == pytest.approx(647.382645737, rel=1e-10)


def test_p1_default_lasso_is_the_articles_unconverged_iterate(pizza):
    with pytest.warns(ConvergenceWarning, match="Objective did not converge"):
        lasso = Lasso().fit(pizza["X4"], Y_TRAIN)
    assert lasso.n_iter_ == 1000
    assert lasso.score(pizza["X4t"], Y_TEST) == pytest.approx(ARTICLE_LASSO_TEST_R2, abs=1e-11)
    np.testing.assert_allclose(lasso.coef_, ARTICLE_LASSO_COEF, rtol=1e-8, atol=1e-15)
    gap = sn.lasso_duality_gap(pizza["X4"], Y_FLAT, lasso.coef_, 1.0, fit_intercept=True)
    assert gap == pytest.approx(lasso.dual_gap_, rel=1e-9)
    # P(0) = ‖y - ȳ‖² / (2n), exactly: Σ (y - 12.9)² = 97.2, n = 5
    y_exact = [Fraction(v).limit_denominator() for v in Y_FLAT]
    mean = sum(y_exact) / 5
    p0 = sum((v - mean) ** 2 for v in y_exact) / 10
    assert p0 == Fraction(972, 100)
    text, _ = run_page("plot_1")
    assert f"P(0) = {float(p0):.4f}" in text
    assert gap > 1e-4 * float(2 * p0)  # far above scikit-learn's own tolerance


def _warning_numbers(message):
    gap, tol = re.findall(r"Duality gap: (\S+), tolerance: (\S+)", str(message))[0]
    return float(gap), float(tol)


@pytest.mark.parametrize("n", [5, 7, 12, 40])
def test_p1_the_warnings_gap_is_n_times_dual_gap(n):
    """Checked over several n, on data unrelated to the page: the factor is n, not 5."""
    rng = np.random.default_rng(n)
    X = rng.standard_normal((n, 3)) * [1.0, 100.0, 1e4]  # badly scaled: slow to converge
    y = X @ [1.0, 0.01, 1e-4] + rng.standard_normal(n)
    with pytest.warns(ConvergenceWarning) as record:
        model = Lasso(alpha=0.01, max_iter=2, tol=1e-12).fit(X, y)
    gap, tol = _warning_numbers(record[0].message)
    yc = y - y.mean()
    assert gap == pytest.approx(n * model.dual_gap_, rel=1e-6)  # printed to 7 digits
    assert tol == pytest.approx(1e-12 * (yc @ yc), rel=1e-3)  # printed to 4 digits
    ours = sn.lasso_duality_gap(X, y, model.coef_, 0.01, fit_intercept=True)
    assert ours == pytest.approx(model.dual_gap_, rel=1e-9)


def test_p1_the_pages_warning_numbers(pizza):
    _, ns = run_page("plot_1")
    yc = Y_FLAT - Y_FLAT.mean()
    assert ns["warned_gap"] == pytest.approx(5 * ns["lasso_default"].dual_gap_, rel=1e-6)
    assert ns["warned_tol"] == pytest.approx(1e-4 * (yc @ yc), rel=1e-3)
    assert ns["warned_gap"] == pytest.approx(0.7226, abs=5e-5)  # "the warning says 0.7226"
    assert ns["lasso_default"].dual_gap_ == pytest.approx(0.1445, abs=5e-5)


def test_p1_converged_lasso(pizza):
    sk = Lasso(max_iter=100_000, tol=1e-10).fit(pizza["X4"], Y_TRAIN)
    assert sk.dual_gap_ < 1e-10 * np.var(Y_FLAT)
    _, ns = run_page("plot_1")
    assert ns["lasso_converged"].n_iter_ == sk.n_iter_ > 1000
    ours = ns["ours_lasso"]
    assert ours.dual_gap_ < 1e-12 * 9.72  # 'below 1e-12 of P(0)', P(0) = 9.72
    # the printed ratio, from a gap recomputed here (centred data, scaled residual as θ)
    X4c = pizza["X4"] - pizza["X4"].mean(axis=0)
    yc = Y_FLAT - Y_FLAT.mean()
    r = yc - X4c @ ours.coef_
    n = len(yc)
    theta = r * min(1.0, n * 1.0 / np.abs(X4c.T @ r).max())
    gap = r @ r / (2 * n) + np.abs(ours.coef_).sum() - (theta @ yc / n - theta @ theta / (2 * n))
    p0 = yc @ yc / (2 * n)
    assert p0 == pytest.approx(9.72, abs=0.005)
    assert gap / p0 < 1e-12
    text, _ = run_page("plot_1")
    printed = float(re.search(r"sparsenorm: +gap / P\(0\) (\S+);", text).group(1))
    assert printed < 1e-12
    assert printed == pytest.approx(ours.dual_gap_ / p0, rel=0.05)
    assert printed == pytest.approx(max(gap, 0) / p0, rel=0.2, abs=1e-15)
    assert np.abs(ours.coef_ - sk.coef_).max() / np.abs(sk.coef_).max() < 1e-7
    # keeps only x^3 and x^4 (index 0 is PolynomialFeatures' constant column)
    assert np.array_equal(ours.coef_ != 0, [False, False, False, True, True])
    assert np.array_equal(sk.coef_ != 0, [False, False, False, True, True])
    score = ours.score(pizza["X4t"], Y_TEST)
    assert score == pytest.approx(sk.score(pizza["X4t"], Y_TEST), abs=1e-7)
    # "predicts the test pizzas worse than the unfinished run"
    assert score < pizza["exact"].score(pizza["X4t"], Y_TEST) < ARTICLE_LASSO_TEST_R2


def test_p1_ridge_is_unchanged_and_sparsenorm_agrees(pizza):
    ridge = Ridge().fit(pizza["X4"], Y_TRAIN)
    assert ridge.solver_ == "cholesky"
    assert ridge.score(pizza["X4t"], Y_TEST) == pytest.approx(0.837420175937, abs=1e-11)
    np.testing.assert_allclose(ridge.coef_, ARTICLE_RIDGE_COEF, atol=5e-9)
    # closed form on the centred data: (XcᵀXc + I) w = Xcᵀyc
    Xc = pizza["X4"] - pizza["X4"].mean(axis=0)
    yc = Y_FLAT - Y_FLAT.mean()
    closed = np.linalg.solve(Xc.T @ Xc + np.eye(5), Xc.T @ yc)
    np.testing.assert_allclose(ridge.coef_, closed, rtol=1e-6, atol=1e-12)
    _, ns = run_page("plot_1")
    np.testing.assert_allclose(ns["ours_ridge"].coef_, closed, rtol=1e-6, atol=1e-12)
    assert ns["ours_ridge"].dual_gap_ < 1e-9
    # the shapes the parenthesis describes, for a one-column y
    assert ridge.coef_.shape == (5,)
    assert LinearRegression().fit(pizza["X4"], Y_TRAIN).coef_.shape == (1, 5)
    assert np.sum(ridge.coef_**2) == pytest.approx(0.0154989652036, rel=1e-9)


def test_p1_lasso_1000_epochs_and_ridge_nearly_coincide(pizza):
    text, _ = run_page("plot_1")
    xx = np.linspace(0, 26, 100).reshape(-1, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        lasso = Lasso().fit(pizza["X4"], Y_TRAIN)
    ridge = Ridge().fit(pizza["X4"], Y_TRAIN)
    P = PolynomialFeatures(4).fit_transform(xx)
    diff = np.abs(lasso.predict(P) - ridge.predict(P).ravel())[xx.ravel() <= 25].max()
    assert f"on [0, 25] inches: {diff:.2f} dollars" in text
    assert diff < 0.25  # "nearly the same curve": under a quarter of a dollar


def test_p1_max_iter_sweep(pizza):
    _, ns = run_page("plot_1")
    epochs, scores, gaps = ns["epochs"], np.array(ns["scores"]), np.array(ns["gaps"])
    k = list(epochs).index(1000)
    assert scores[k] == pytest.approx(ARTICLE_LASSO_TEST_R2, abs=1e-11)
    yc = Y_FLAT - Y_FLAT.mean()
    tolerance = 1e-4 * (yc @ yc) / 5
    first_below = epochs[np.argmax(gaps <= tolerance)]
    assert gaps[k] > tolerance and first_below >= 2000
    # "the default Lasso meets its own tolerance only after N epochs, about ten times 1000":
    # N is the first epoch count after which the gap is below the tolerance
    n_default = ns["with_time"].n_iter_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        after = [
            Lasso(max_iter=m, tol=1e-12).fit(pizza["X4"], Y_TRAIN).dual_gap_
            for m in (n_default - 1, n_default)
        ]
    assert after[0] > tolerance >= after[1]
    assert 5_000 < n_default < 20_000 and round(n_default, -4) == 10_000
    text, _ = run_page("plot_1")
    assert f"default tol=1e-4 met after {n_default} epochs" in text
    assert f"below the default tolerance only after {n_default} epochs" in ns["figure_labels"][3]
    # the alt text: "the test R-squared drifts down past the article's value at 1000 epochs"
    assert scores[:k].max() > scores[k] > scores[k + 1 :].max()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check = Lasso(max_iter=int(first_below), tol=1e-12).fit(pizza["X4"], Y_TRAIN)
    assert check.dual_gap_ <= tolerance


def _exact_lasso_r2(Z, Zt, alpha_values=None):
    """Exact Lasso path on standardised features (LARS), test R² at given alphas."""
    mu = Z.mean(axis=0)
    knots, _, coefs = lars_path(Z - mu, Y_FLAT - Y_FLAT.mean(), method="lasso")

    def coef_at(a):
        return np.array([np.interp(a, knots[::-1], c[::-1]) for c in coefs])

    def r2(a):
        return _r2(Y_TEST, Y_FLAT.mean() + (Zt - mu) @ coef_at(a))

    return knots, coefs, coef_at, r2


def test_p1_standardised_lasso_against_least_squares_over_every_alpha(pizza):
    """'Every alpha of the grid below about 0.9 scores above least squares', checked on the
    exact (piecewise-linear) path for every alpha, not only the grid's. Between two knots the
    predictions are affine in alpha, so the test error is a convex quadratic: below least
    squares at both ends of a segment means below it on the whole segment."""
    text, ns = run_page("plot_1")
    ols = pizza["exact"].score(pizza["X4t"], Y_TEST)
    knots, _, coef_at, r2 = _exact_lasso_r2(pizza["Z"], pizza["Zt"])
    assert knots[-1] == 0 and r2(0.0) == pytest.approx(ols, abs=1e-9)  # alpha = 0 is OLS
    assert all(r2(k) > ols for k in knots[1:-1])  # every knot below the first segment
    assert r2(knots[0]) < ols
    lo, hi = knots[1], knots[0]  # the crossing is on the first segment: bisect
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if r2(mid) > ols else (lo, mid)
    crossing = lo
    alphas, beats = ns["alphas"], ns["beats"]
    last = alphas[beats].max()
    assert last < crossing < alphas[alphas > last].min()  # the grid's edge brackets it
    assert 0.85 < crossing < 1.0  # "below about 0.9"; alpha = 1 is beyond it
    assert f"up to {last:.2f}: True" in text
    # the terms kept at the winning grid alphas, from the exact path
    terms = [int(np.count_nonzero(np.abs(coef_at(a)) > 1e-12)) for a in alphas[beats]]
    counts = {k: terms.count(k) for k in range(1, 5)}
    assert f"terms kept there: {counts}" in text
    assert counts[4] == 0 and all(counts[k] > 0 for k in (1, 2, 3))  # "one, two or three"


def test_p1_standardised_at_alpha_1(pizza):
    text, ns = run_page("plot_1")
    sk = Lasso(alpha=1.0, max_iter=100_000, tol=1e-12).fit(pizza["Z"], Y_FLAT)
    assert np.count_nonzero(sk.coef_) == 1 and sk.coef_[0] != 0  # keeps x only
    ols = pizza["exact"].score(pizza["X4t"], Y_TEST)
    score = sk.score(pizza["Zt"], Y_TEST)
    assert score < ols  # "still scores a little below least squares"
    assert ols - score < 0.01
    ridge = Ridge(alpha=1.0).fit(pizza["Z"], Y_FLAT).score(pizza["Zt"], Y_TEST)
    assert f"Lasso keeps 1 of 4 terms, test R² {score:.4f}; Ridge {ridge:.4f}" in text
    np.testing.assert_allclose(ns["lasso_std"].coef_, sk.coef_, atol=1e-9)
    # the unscaled converged Lasso at alpha = 1 also scores below least squares
    assert ns["ours_lasso"].score(pizza["X4t"], Y_TEST) < ols


def _l1_least_squares_brute_force(X, y, lam):
    """argmin_w ‖y − Xw‖² + lam‖w‖₁, exactly, by enumerating supports and signs.

    At the minimiser, with support S and signs s, the gradient on S vanishes:
    2 X_Sᵀ(X_S w_S − y) + lam s = 0. So the minimiser is among the solutions of these linear
    systems whose signs agree with s; the one with the smallest objective is it (X_S has full
    column rank for every S tried here).
    """
    import itertools

    p = X.shape[1]

    def objective(w):
        return np.sum((y - X @ w) ** 2) + lam * np.abs(w).sum()

    best = np.zeros(p)
    for signs in itertools.product((-1.0, 0.0, 1.0), repeat=p):
        s = np.array(signs)
        S = np.flatnonzero(s)
        if S.size == 0:
            continue
        XS = X[:, S]
        wS = np.linalg.solve(XS.T @ XS, XS.T @ y - lam / 2 * s[S])
        if np.all(np.sign(wS) == s[S]):
            w = np.zeros(p)
            w[S] = wS
            if objective(w) < objective(best):
                best = w
    return best


@pytest.mark.parametrize("seed", range(6))
def test_p1_alphas_are_on_different_scales(seed):
    """scikit-learn's fitted Lasso and Ridge minimise the objectives the page states:
    Lasso (1/(2n))‖y − Xw‖² + α‖w‖₁, i.e. ‖y − Xw‖² + 2nα‖w‖₁, and Ridge ‖y − Xw‖² + α‖w‖²,
    each checked against an independent exact solve (brute force over signs, the normal
    equations), with and without an intercept; the same α in the other scaling gives another
    minimiser."""
    rng = np.random.default_rng(seed)
    n, p = (5, 7, 12, 20, 40, 9)[seed], 3
    X = rng.standard_normal((n, p)) * [1.0, 2.0, 0.5]
    y = X @ [1.5, -0.5, 0.0] + 0.3 * rng.standard_normal(n) + 2.0
    alpha = 0.2
    for fit_intercept in (False, True):
        Xc, yc = (X - X.mean(axis=0), y - y.mean()) if fit_intercept else (X, y)
        lasso = Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-14, max_iter=100_000)
        lasso_w = lasso.fit(X, y).coef_
        np.testing.assert_allclose(
            lasso_w, _l1_least_squares_brute_force(Xc, yc, 2 * n * alpha), atol=1e-8
        )
        other = _l1_least_squares_brute_force(Xc, yc, alpha)  # α without the 2n
        assert np.abs(other - lasso_w).max() > 1e-3
        ridge_w = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y).coef_
        np.testing.assert_allclose(
            ridge_w, np.linalg.solve(Xc.T @ Xc + alpha * np.eye(p), Xc.T @ yc), rtol=1e-10
        )
        other = np.linalg.solve(Xc.T @ Xc / n + alpha * np.eye(p), Xc.T @ yc / n)
        assert np.abs(other - ridge_w).max() > 1e-3  # the (1/n)-scaled objective differs


def test_p1_lasso_alpha_1_is_a_weight_10_on_the_l1_norm(pizza):
    """'the Lasso's alpha = 1 is then a weight 2n = 10 on ‖w‖₁' (the standardised pizzas)."""
    Z, n = pizza["Z"], 5
    _, ns = run_page("plot_1")
    w = _l1_least_squares_brute_force(Z - Z.mean(axis=0), Y_FLAT - Y_FLAT.mean(), 2 * n * 1.0)
    np.testing.assert_allclose(ns["lasso_std"].coef_, w, atol=1e-8)


def test_p1_cross_validated_comparison(pizza):
    """Recomputed with scikit-learn's own Lasso and Ridge, same folds, same grid."""
    text, ns = run_page("plot_1")
    grid = ns["grid"]
    # "51 values, ten per decade" from 10 down to 1e-4
    assert grid.size == 51 and grid[0] == pytest.approx(10) and grid[-1] == pytest.approx(1e-4)
    np.testing.assert_allclose(np.diff(np.log10(grid)), -0.1)
    results = {}
    for name, est in (("lasso", Lasso(max_iter=1_000_000, tol=1e-10)), ("ridge", Ridge())):
        search = GridSearchCV(
            make_pipeline(StandardScaler(), est),
            {f"{name}__alpha": grid},
            cv=LeaveOneOut(),
            scoring="neg_mean_squared_error",
        ).fit(pizza["X4"][:, 1:], Y_FLAT)
        results[name] = search
        # the page's hand-written folds give scikit-learn's LOO error at every grid point
        np.testing.assert_allclose(
            ns["loo_mse"][name.capitalize()], -search.cv_results_["mean_test_score"], rtol=1e-6
        )
        page = ns["chosen"][name.capitalize()]
        assert page[-1].alpha == search.best_params_[f"{name}__alpha"]
        score = search.best_estimator_.score(pizza["X4t"][:, 1:], Y_TEST)
        assert page.score(pizza["X4t"][:, 1:], Y_TEST) == pytest.approx(score, abs=1e-6)
        assert f"LOO MSE {-search.best_score_:.3f}, test R² {score:.4f}" in text
    scores = {k: v.best_estimator_.score(pizza["X4t"][:, 1:], Y_TEST) for k, v in results.items()}
    ols = pizza["exact"].score(pizza["X4t"], Y_TEST)
    degree2 = pizza["quad"].score(pizza["X2t"], Y_TEST)
    assert abs(scores["lasso"] - scores["ridge"]) < 0.005  # "within a few thousandths"
    assert results["ridge"].best_score_ > results["lasso"].best_score_  # lower LOO error
    assert min(scores.values()) > ols and max(scores.values()) < degree2
    assert degree2 == pytest.approx(0.8675, abs=5e-5)
    # "both land on the same grid point here"
    assert (
        results["lasso"].best_params_["lasso__alpha"]
        == results["ridge"].best_params_["ridge__alpha"]
    )


def test_p1_which_conclusions_survive(pizza):
    X4, X4t = pizza["X4"], pizza["X4t"]
    _, ns = run_page("plot_1")
    converged = ns["ours_lasso"]
    ridge = Ridge().fit(X4, Y_TRAIN)
    exact, today = pizza["exact"], pizza["quart"]
    # L1 zeroes coefficients: two of the four polynomial terms (x, x²), the article's one (x);
    # three of four on standardised features at alpha = 1
    assert np.count_nonzero(converged.coef_[1:] == 0) == 2
    # the printed (1000-epoch) iterate zeroes one: recomputed, not read off the transcription
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        iterate = Lasso().fit(X4, Y_TRAIN).coef_
    assert np.count_nonzero(iterate[1:] == 0) == 1 and iterate[1] == 0
    assert np.count_nonzero(ns["lasso_std"].coef_ == 0) == 3
    # the constant column's coefficient is zero in every model on the page
    for model in (ns["lasso_default"], converged, ns["ours_ridge"], ns["ridge_today"]):
        assert model.coef_[0] == 0
    # L2 improves generalisation over the least squares the article computed ...
    assert ridge.score(X4t, Y_TEST) > exact.score(X4t, Y_TEST)
    assert np.sum(ridge.coef_**2) < 1e-4 * np.sum(exact.coef_**2)
    # ... but not over today's rank-truncated default, whose Σ coef² is already ≈ 0.016
    assert today.score(X4t, Y_TEST) > ridge.score(X4t, Y_TEST)
    assert np.sum(today.coef_**2) == pytest.approx(0.016, abs=5e-4)


# -- page 2: plot_2_coefficient_paths.py --------------------------------------------------


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y - y.mean(), load_diabetes().feature_names


def test_p2_exact_path_matches_sklearn_coordinate_descent(diabetes):
    X, y, _ = diabetes
    text, ns = run_page("plot_2")
    knots, coefs = ns["knots"], ns["lasso_coefs"]
    assert knots[0] == pytest.approx(np.abs(X.T @ y).max() / len(y), rel=1e-12)
    assert knots[-1] == 0
    np.testing.assert_allclose(coefs[:, -1], np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)
    for a in (30.0, 5.0, 0.5, 0.08):
        sk = Lasso(alpha=a, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y)
        on_path = [np.interp(a, knots[::-1], c[::-1]) for c in coefs]
        np.testing.assert_allclose(on_path, sk.coef_, atol=1e-6)
    assert ns["grid_gaps"].max() < 1e-10 * np.mean(y**2)
    assert np.abs(ns["grid_coefs"] - ns["on_grid"]).max() < 1e-8
    assert f"{knots.size} knots down to alpha = 0" in text


def test_p2_s3_returns_to_zero_over_an_interval(diabetes):
    X, y, names = diabetes
    text, _ = run_page("plot_2")
    lo, hi = map(float, re.search(r"from alpha = (\S+) down to (\S+)", text).groups()[::-1])
    s3 = names.index("s3")

    def s3_at(a):
        return Lasso(alpha=a, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_[s3]

    for a in np.linspace(lo, hi, 7)[1:-1]:
        assert s3_at(a) == 0.0  # exactly zero inside the interval
    # non-zero on either side, and "re-enters with the opposite sign"
    assert s3_at(hi * 1.2) < 0 < s3_at(lo / 1.2)
    # negative on the whole first stretch (the path is linear between knots, so its values at
    # the knots decide the sign), positive on the last; printed values from coordinate descent
    before = re.search(r"at the knots before zero: \[(.*)\]", text).group(1)
    after = re.search(r"after it re-enters: \[(.*)\]", text).group(1)
    _, ns = run_page("plot_2")
    knots = ns["knots"]
    first = [k for k in knots if hi < k < ns["leaves"][0]]
    assert s3_at(ns["leaves"][0] * 1.01) == 0 != s3_at(ns["leaves"][0] * 0.99)
    assert len(before.split(", ")) == len(first)
    for printed, k in zip(before.split(", "), first, strict=True):
        assert float(printed) == pytest.approx(s3_at(k), abs=0.006) and float(printed) < 0
    ols = np.linalg.lstsq(X, y, rcond=None)[0][s3]
    assert after == f"{round(ols, 2)}" and ols > 0
    assert f"s3 leaves zero below alpha = {knots[3]:.4f}, {lo:.4f}" in text


def test_p2_entry_order_is_not_the_ranking_by_size(diabetes):
    X, y, names = diabetes
    text, ns = run_page("plot_2")
    # independently: features enter when their covariance with the residual reaches alpha;
    # sweep a fine grid with scikit-learn's coordinate descent
    seen = []
    for a in np.geomspace(45.15, 0.01, 400):
        w = Lasso(alpha=a, fit_intercept=False, tol=1e-10, max_iter=100_000).fit(X, y).coef_
        for j in np.flatnonzero(w):
            if names[j] not in seen:
                seen.append(names[j])
    assert ns["entered"] == seen
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    by_size = [names[j] for j in np.argsort(-np.abs(ols))]
    assert ns["by_size"] == by_size and seen != by_size
    assert seen.index("s1") == 6 and seen.index("s2") == 8  # seventh and ninth
    assert {by_size.index("s1"), by_size.index("s2")} <= {0, 1, 2, 3}  # two of the top four
    assert np.sign(ols[names.index("s1")]) != np.sign(ols[names.index("s2")])
    assert seen.index("s3") == 3 and by_size.index("s3") == 7  # fourth, eighth
    c = np.corrcoef(np.column_stack([X, y]).T)
    assert round(c[4, 5], 2) == 0.90 and round(c[6, 7], 2) == -0.74
    assert abs(c[4, -1]) < 0.25 and abs(c[5, -1]) < 0.25  # "only weakly correlated"
    assert "corr(s1, s2) = 0.90, corr(s3, s4) = -0.74" in text


def test_p2_neither_entry_order_nor_coefficient_size_ranks_importance(diabetes):
    """Removing s1, s2 or both costs less R² than removing sex, whose least-squares coefficient
    is smaller in size than theirs (scikit-learn's LinearRegression with an intercept, on the
    raw features: R² does not depend on the standardisation)."""
    _, y_centred, names = diabetes
    X_raw, y_raw = load_diabetes(return_X_y=True)
    text, ns = run_page("plot_2")

    def r2_without(*dropped):
        keep = [j for j in range(10) if names[j] not in dropped]
        return LinearRegression().fit(X_raw[:, keep], y_raw).score(X_raw[:, keep], y_raw)

    full = r2_without()
    loss = {d: full - r2_without(*d.split("+")) for d in ("s1", "s2", "s1+s2", "sex")}
    assert max(loss["s1"], loss["s2"], loss["s1+s2"]) < loss["sex"]
    assert (
        f"ΔR² on removal: s1 {loss['s1']:.4f}, s2 {loss['s2']:.4f}, "
        f"both {loss['s1+s2']:.4f}; sex {loss['sex']:.4f}"
    ) in text
    ols = np.linalg.lstsq(ns["X"], y_centred, rcond=None)[0]
    i1, i2, isex = (names.index(k) for k in ("s1", "s2", "sex"))
    assert abs(ols[isex]) < min(abs(ols[i1]), abs(ols[i2]))  # "whose coefficient is smaller"
    assert f"s1 {ols[i1]:.1f}, s2 {ols[i2]:.1f}, sex {ols[isex]:.1f}" in text


def _ridge_numerators(X, y):
    """w_j(α) = N_j(α) / Π_k (d_k² + α): the numerator polynomials N_j (coefficients in α)."""
    from numpy.polynomial import polynomial as P

    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    c = d * (U.T @ y)
    nums = []
    for j in range(X.shape[1]):
        num = np.zeros(1)
        for k in range(d.size):
            term = np.array([Vt[k, j] * c[k]])
            for m in range(d.size):
                if m != k:
                    term = P.polymul(term, [d[m] ** 2, 1.0])
            num = P.polyadd(num, term)
        nums.append(num)
    return nums


def test_p2_ridge_crossings_are_the_roots_of_rational_functions(diabetes):
    """Each ridge coefficient is a rational function of α, not identically zero: it vanishes
    at the positive roots of its numerator polynomial and nowhere else (so never on an
    interval). The page's printed crossings must be exactly those roots."""
    from numpy.polynomial import polynomial as P

    X, y, names = diabetes
    _, ns = run_page("plot_2")
    expected = {}
    for j, num in enumerate(_ridge_numerators(X, y)):
        assert np.abs(num).max() > 0  # not identically zero
        roots = P.polyroots(num)
        pos = sorted(z.real for z in roots if abs(z.imag) <= 1e-9 * abs(z) and z.real > 0)
        in_range = [r for r in pos if 1e-2 < r < 1e5]  # the page's grid
        if in_range:
            expected[names[j]] = in_range
    page = {k: sorted(v) for k, v in ns["crossings"].items()}
    assert page.keys() == expected.keys()
    assert len(page["s2"]) == 2  # "at isolated penalties": s2 crosses twice
    for name in page:
        np.testing.assert_allclose(page[name], expected[name], rtol=1e-8)
    # and scikit-learn's Ridge changes sign across each of them
    for name, roots in page.items():
        j = names.index(name)
        for r in roots:
            below = Ridge(alpha=r * 0.999, fit_intercept=False).fit(X, y).coef_[j]
            above = Ridge(alpha=r * 1.001, fit_intercept=False).fit(X, y).coef_[j]
            assert np.sign(below) != np.sign(above)


def test_p2_ridge_norm_shrinks_but_coefficients_need_not(diabetes):
    X, y, names = diabetes
    _, ns = run_page("plot_2")
    alphas = np.geomspace(1e-3, 1e7, 3000)
    W = np.column_stack([Ridge(alpha=a, fit_intercept=False).fit(X, y).coef_ for a in alphas])
    assert np.all(np.diff(np.linalg.norm(W, axis=0)) < 0)
    # the components along the singular directions shrink monotonically too
    _, _, Vt = np.linalg.svd(X, full_matrices=False)
    assert np.all(np.diff(np.abs(Vt @ W), axis=1) <= 1e-12)
    grows = [names[j] for j in range(10) if np.any(np.diff(np.abs(W[j])) > 1e-12)]
    assert set(ns["grows"]) <= set(grows) and len(ns["grows"]) > 5  # "most of the ten"
    assert np.sum(ns["ridge_coefs"] == 0) == 0
    np.testing.assert_allclose(
        ns["ridge_coefs"][:, 0], Ridge(alpha=1e5, fit_intercept=False).fit(X, y).coef_
    )


def test_p2_lasso_zero_counts(diabetes):
    X, y, _ = diabetes
    text, ns = run_page("plot_2")
    counts, knots = ns["lasso_nonzero"], ns["knots"]
    assert counts[0] == 1 and counts[-1] == 10 and counts.size == knots.size - 1
    assert np.any(np.diff(counts) < 0)  # "need not be monotone": it drops from 10 to 9
    for k in range(counts.size):  # the count inside each segment, by coordinate descent
        a = np.sqrt(knots[k] * knots[k + 1]) if knots[k + 1] > 0 else knots[k] / 2
        w = Lasso(alpha=a, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_
        assert np.count_nonzero(w) == counts[k]
    assert f"between knots: {counts.tolist()}" in text


# -- page 3: plot_3_solvers_at_work.py ----------------------------------------------------


def test_p3_all_certify_the_same_solution():
    _, ns = run_page("plot_3")
    runs, y = ns["runs"], ns["y"]
    ref = runs["working sets"].coef
    assert np.count_nonzero(ref) == 53
    # scikit-learn's coordinate descent, independently
    sk = Lasso(alpha=ns["alpha"], tol=1e-14, max_iter=100_000).fit(ns["X"], y)
    assert np.abs(sk.coef_ - ref).max() / np.abs(ref).max() < 1e-6
    for res in runs.values():
        assert res.converged
        assert res.dual_gap <= 1e-10 * np.var(y)  # the tolerance on the page
        assert np.abs(res.coef - ref).max() / np.abs(ref).max() < 1e-8
        assert np.array_equal(res.coef == 0, ref == 0)
        gap = sn.lasso_duality_gap(ns["X"], y, res.coef, ns["alpha"], fit_intercept=True)
        assert gap == pytest.approx(res.dual_gap, rel=1e-6, abs=1e-13)


def test_p3_in_general_not_finite_but_sometimes_exact():
    """'In general ... does not reach the minimum in finitely many steps': "in general" is
    needed, since with orthonormal columns one coordinate-descent epoch lands on the closed
    form (soft thresholding of Xᵀy at nα), while on the page's problem every ISTA iterate
    has a positive computed gap."""
    rng = np.random.default_rng(7)
    Q, _ = np.linalg.qr(rng.standard_normal((40, 6)))
    y = Q @ [3.0, -2.0, 0.5, 0.1, 0.0, 1.0] + 0.1 * rng.standard_normal(40)
    alpha = 0.01
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        one = Lasso(alpha=alpha, fit_intercept=False, max_iter=1, tol=0.0).fit(Q, y).coef_
    np.testing.assert_allclose(one, sn.prox_l1(Q.T @ y, 40 * alpha), atol=1e-12)
    _, ns = run_page("plot_3")
    gaps = np.array(ns["runs"]["ISTA"].history["dual_gap"])
    assert np.all(gaps > 0)


def _table_iterations(text):
    rows = {}
    for name in ("ISTA", "FISTA", "coordinate descent", "working sets"):
        m = re.search(rf"^{name} +(True|False) +(\d+) +\S+$", text, re.M)
        rows[name] = int(m.group(2))
    return rows


def _table_converged(text):
    """The 'converged' column of the first table, parsed row by row."""
    rows = {}
    for name in ("ISTA", "FISTA", "coordinate descent", "working sets"):
        m = re.search(rf"^{name} +(True|False) +\d+ +\S+$", text, re.M)
        rows[name] = m.group(1) == "True"
    return rows


def _first_table(text):
    """{solver: (converged, iterations, gap / P(0))} as printed in the first table."""
    rows = {}
    for name in ("ISTA", "FISTA", "coordinate descent", "working sets"):
        m = re.search(rf"^{name} +(True|False) +(\d+) +(\S+)$", text, re.M)
        rows[name] = m.groups()
    return rows


def _second_table(text):
    """{solver: [coef diff, zeros, fit bound, fit diff, coef bound]} of the second table."""
    rows = {}
    for name in ("ISTA", "FISTA", "coordinate descent", "working sets"):
        m = re.search(rf"^{name} +(\S+) +(True|False) +(\S+) +(\S+) +(\S+)$", text, re.M)
        rows[name] = list(m.groups())
    return rows


def test_table_parsers_can_fail():
    """The parsers above read False where the table says False (so the checks can fail)."""
    row = f"{'ISTA':<19} {'False':>9} {12:>10} {1e-3:>11.1e}\n"
    text = row + "".join(
        f"{name:<19} {'True':>9} {3:>10} {1e-3:>11.1e}\n"
        for name in ("FISTA", "coordinate descent", "working sets")
    )
    assert _table_converged(text) == {
        "ISTA": False, "FISTA": True, "coordinate descent": True, "working sets": True
    }  # fmt: skip
    assert _first_table(text)["ISTA"] == ("False", "12", "1.0e-03")


def _check_iterations_and_claims(text, runs=None):
    """The table's 'iterations' are steps, epochs and rounds (as the prose defines them), and
    the page's installation-independent claims hold."""
    it = _table_iterations(text)
    assert it["FISTA"] < it["ISTA"] / 3  # "several times fewer"
    assert max(it.values()) == it["ISTA"]  # "the most"
    assert _table_converged(text) == dict.fromkeys(it, True)  # every solver certified
    assert "working sets: gap rises at 0 of" in text
    assert f"working sets: gap rises at 0 of {it['working sets']} steps" in text
    assert "proved zero at every minimiser by the gap: 447" in text
    assert "every fit diff within the two solvers' bounds: True" in text
    if runs is not None:
        for name, res in runs.items():
            # an independent count of the iterations: the distinct iterates after the start
            coefs = res.history.get("coef")
            if coefs is not None:
                assert it[name] == len(coefs) - 1
            assert it[name] == len(res.history["dual_gap"]) - 1
        # ISTA/FISTA/CD count their steps in n_iter; the working-set solver counts its gap
        # evaluations, the start included: one more than its rounds
        for name in ("ISTA", "FISTA", "coordinate descent"):
            assert it[name] == runs[name].n_iter
        assert it["working sets"] == runs["working sets"].n_iter - 1


def test_p3_iteration_counts():
    text, ns = run_page("plot_3")
    _check_iterations_and_claims(text, ns["runs"])


def test_p3_claims_hold_with_the_other_inner_solver():
    """The page under the other setting of SPARSENORM_NUMBA (compiled inner coordinate descent
    versus the numpy active-set solve): its sentences hold there too, and the two inner solves
    do differ (with numba installed), as the page says."""
    import os
    import subprocess
    import sys

    numba_off = os.environ.get("SPARSENORM_NUMBA", "1") == "0"
    env = dict(os.environ, MPLBACKEND="agg", SPARSENORM_NUMBA="1" if numba_off else "0")
    path = next(GALLERY.glob("plot_3_*.py"))
    out = subprocess.run(
        [sys.executable, "-W", "ignore", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    _check_iterations_and_claims(out)
    try:
        import numba  # noqa: F401
    except ImportError:
        return
    here, _ = run_page("plot_3")
    # "the working-set row of the table (its final gap, and possibly its number of rounds)
    # differs": exactly the gap differs; the other rows and the working-set count do not
    first_here, first_there = _first_table(here), _first_table(out)
    for name in ("ISTA", "FISTA", "coordinate descent"):
        assert first_here[name] == first_there[name], name
    conv_here, it_here, gap_here = first_here["working sets"]
    conv_there, it_there, gap_there = first_there["working sets"]
    assert conv_here == conv_there == "True"
    assert it_here == it_there == "4"  # the number of rounds: the same on this problem
    assert gap_here != gap_there
    # "and with it the second table": the working-set row's own bounds, and the other rows'
    # distances to it
    second_here, second_there = _second_table(here), _second_table(out)
    assert second_here["working sets"][4] != second_there["working sets"][4]
    assert second_here != second_there


def test_p3_gaps_rise_while_istas_objective_does_not():
    text, ns = run_page("plot_3")
    X, y, alpha, runs = ns["X"], ns["y"], ns["alpha"], ns["runs"]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    coefs = runs["ISTA"].history["coef"]
    P = np.array([0.5 * np.mean((yc - Xc @ w) ** 2) + alpha * np.abs(w).sum() for w in coefs])
    assert np.diff(P).max() <= 1e-15 * P[0]  # rises only by rounding
    for name in ("ISTA", "FISTA", "coordinate descent"):
        gaps = np.array(runs[name].history["dual_gap"])
        assert np.sum(np.diff(gaps) > 0) > 0  # "do not fall monotonically"
        assert np.max(np.diff(gaps) / gaps[:-1]) > 1e-6  # by far more than rounding
    assert "working sets: gap rises at 0 of" in text


def test_p3_the_gap_bounds_the_dual_distance_and_screens():
    """(1/2n)‖θ - θ*‖² <= gap at every ISTA iterate, θ* from a tightly solved sklearn Lasso,
    and every feature the page says is proved zero is zero in scikit-learn's solution."""
    _, ns = run_page("plot_3")
    X, y, alpha = ns["X"], ns["y"], ns["alpha"]
    n = len(y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    sk = Lasso(alpha=alpha, tol=1e-15, max_iter=200_000).fit(X, y)
    theta_star = yc - Xc @ sk.coef_  # the dual optimum is the optimal residual
    history = ns["runs"]["ISTA"].history
    for w, gap in list(zip(history["coef"], history["dual_gap"], strict=True))[::25]:
        r = yc - Xc @ w
        theta = r * min(1.0, n * alpha / np.abs(Xc.T @ r).max())
        assert np.sum((theta - theta_star) ** 2) / (2 * n) <= gap * (1 + 1e-6) + 1e-12
    proved = ns["proved_zero"]
    assert proved.sum() == np.sum(sk.coef_ == 0) == 447
    assert np.all(sk.coef_[proved] == 0)
    # the radius uses the gap of the page's own θ: P(w) − D(θ), recomputed here
    w = ns["runs"]["working sets"].coef
    r = yc - Xc @ w
    theta = r * min(1.0, n * alpha / np.abs(Xc.T @ r).max())
    primal = r @ r / (2 * n) + alpha * np.abs(w).sum()
    dual = theta @ yc / n - theta @ theta / (2 * n)
    # (equal up to the rounding of evaluating P and D, about 1e-16 of P(0) each)
    assert ns["gap"] == pytest.approx(primal - dual, abs=1e-14 * ns["p0"])
    # and the proof survives a gap enlarged far beyond that rounding
    safe_gap = max(ns["gap"], primal - dual) + 1e-12 * ns["p0"]
    radius = np.linalg.norm(Xc, axis=0) * np.sqrt(2 * safe_gap / n)
    assert np.sum(np.abs(Xc.T @ theta) / n + radius < alpha) == 447
    # "here all 447 zero coefficients" (the takeaway) is the count printed from the run
    source = next(GALLERY.glob("plot_3_*.py")).read_text()
    assert f"here all {proved.sum()} zero coefficients" in source


def test_p3_the_gap_bounds_the_fitted_values_at_every_iterate():
    """(1/2n)‖X(w − w*)‖² <= gap(w), the bound the page derives, at ISTA's and FISTA's
    iterates on the page's problem (w* from a tightly solved scikit-learn Lasso)."""
    _, ns = run_page("plot_3")
    X, y, alpha = ns["X"], ns["y"], ns["alpha"]
    n = len(y)
    Xc = X - X.mean(axis=0)
    sk = Lasso(alpha=alpha, tol=1e-15, max_iter=200_000).fit(X, y)
    for name in ("ISTA", "FISTA", "coordinate descent"):
        history = ns["runs"][name].history
        for w, gap in list(zip(history["coef"], history["dual_gap"], strict=True))[::10]:
            fit = np.sum((Xc @ (w - sk.coef_)) ** 2) / (2 * n)
            assert fit <= gap * (1 + 1e-6) + 1e-12, name
    # the page's table: every pair within the sum of the two bounds, recomputed
    runs = ns["runs"]
    ref = runs["working sets"]
    for res in runs.values():
        dist = np.linalg.norm(Xc @ (res.coef - ref.coef))
        assert dist <= np.sqrt(2 * n * res.dual_gap) + np.sqrt(2 * n * ref.dual_gap)
    assert ns["within"] == [True] * 4


@pytest.mark.parametrize("seed", range(8))
def test_p3_fitted_value_and_full_rank_bounds_on_random_lassos(seed):
    """Over random problems with p > n and p < n, with and without an intercept, and random
    points near and far from the solution: ‖X(w − w*)‖ <= sqrt(2n gap), and where X has full
    column rank ‖w − w*‖ <= sqrt(2n gap) / σ_min(X)."""
    rng = np.random.default_rng(100 + seed)
    n, p = ((30, 60), (40, 10), (25, 25), (50, 5))[seed % 4]
    fit_intercept = seed >= 4
    X = rng.standard_normal((n, p)) * rng.uniform(0.2, 3.0, p)
    y = X[:, :3] @ [2.0, -1.0, 0.5] + 0.5 * rng.standard_normal(n) + 1.0
    alpha = 0.1 * sn.lasso_alpha_max(X, y, fit_intercept=fit_intercept)
    ref = Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-15, max_iter=500_000).fit(X, y)
    Xc = X - X.mean(axis=0) if fit_intercept else X
    sigma_min = np.linalg.svd(Xc, compute_uv=False).min() if p < n else 0.0
    for scale in (1e-5, 1e-3, 1e-1, 1.0):
        for _ in range(10):
            w = ref.coef_ + scale * rng.standard_normal(p) * (rng.random(p) < 0.5)
            gap = sn.lasso_duality_gap(X, y, w, alpha, fit_intercept=fit_intercept)
            bound = np.sqrt(2 * n * gap)
            assert np.linalg.norm(Xc @ (w - ref.coef_)) <= bound * (1 + 1e-6) + 1e-7
            if sigma_min > 0:
                assert np.linalg.norm(w - ref.coef_) <= bound / sigma_min * (1 + 1e-6) + 1e-7


def test_p3_strong_convexity_bound_for_the_elastic_net():
    """‖w − w*‖ <= sqrt(2 gap / λ2) for the elastic net, λ2 = α(1 − ρ), at random points."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((30, 60)), rng.standard_normal(30)
    alpha, rho = 0.1, 0.5
    ref = ElasticNet(alpha=alpha, l1_ratio=rho, tol=1e-14, max_iter=100_000).fit(X, y)
    lam2 = alpha * (1 - rho)
    for scale in (1e-4, 1e-2, 1.0):
        for _ in range(20):
            w = ref.coef_ + scale * rng.standard_normal(60)
            gap = sn.enet_duality_gap(X, y, w, alpha, rho, fit_intercept=True)
            assert np.linalg.norm(w - ref.coef_) <= np.sqrt(2 * gap / lam2) * (1 + 1e-6) + 1e-9


def test_p3_a_lasso_gap_of_zero_does_not_pin_w():
    """Why the page bounds fitted values and not w without full column rank: with a duplicated
    column (a non-unique solution), two far-apart points have gap zero and the same fitted
    values."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal(20)
    X = np.column_stack([x, x])
    y = 2 * x + 0.1 * rng.standard_normal(20)
    sol = Lasso(alpha=0.1, fit_intercept=False, tol=1e-14).fit(X, y).coef_.sum()
    a, b = np.array([sol, 0.0]), np.array([0.0, sol])
    for w in (a, b):
        assert sn.lasso_duality_gap(X, y, w, 0.1) < 1e-12
    assert np.linalg.norm(a - b) > 1.0


def test_p1_every_article_constant_is_what_the_articles_code_computes(pizza):
    """Provenance check of the page's transcription: every number in ARTICLE and ARTICLE_COEF
    is recomputed here at the precision it was printed (12 significant digits for Python 2's
    print, numpy's 9 for the arrays), with the least-squares fits done exactly (the article's
    degree-4 model interpolates), Lasso() stopped at its 1000 epochs as the article's was."""
    _, ns = run_page("plot_1")
    X4, X4t = pizza["X4"], pizza["X4t"]
    exact = pizza["exact"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        lasso = Lasso().fit(X4, Y_TRAIN)
    ridge = Ridge(solver="svd").fit(X4, Y_TRAIN)  # another solver than the page's cholesky
    computed = {
        "train R² degree 1": pizza["lin"].score(X_TRAIN, Y_TRAIN),
        "train R² degree 2": pizza["quad"].score(pizza["X2"], Y_TRAIN),
        "train R² degree 4": exact.score(X4, Y_TRAIN),
        "test R² degree 1": pizza["lin"].score(X_TEST, Y_TEST),
        "test R² degree 2": pizza["quad"].score(pizza["X2t"], Y_TEST),
        "test R² degree 4": exact.score(X4t, Y_TEST),
        "test R² Lasso": lasso.score(X4t, Y_TEST),
        "test R² Ridge": ridge.score(X4t, Y_TEST),
        "Σ coef² degree 4": np.sum(exact.coef_**2),
        "Σ coef² Ridge": np.sum(ridge.coef_**2),
    }
    assert computed.keys() == ns["ARTICLE"].keys()
    for key, value in computed.items():
        # the article's own degree-4 solve carried rounding errors (its centred design has a
        # condition number near 3e6): its Σ coef² differs from the exact one in the 11th digit
        rel = 1e-9 if key == "Σ coef² degree 4" else 5e-11
        assert ns["ARTICLE"][key] == pytest.approx(value, rel=rel, abs=1e-11), key
    # against the exact interpolating polynomial (rational arithmetic; LAPACK's solve above
    # carries rounding of its own, which on some machines lands on the article's digits): the
    # article's value is off in the 11th significant digit (647.382645737 against
    # 647.38264575534...)
    import sympy

    points = [sympy.Integer(v[0]) for v in X_TRAIN]
    vandermonde = sympy.Matrix([[x**k for k in range(5)] for x in points])
    poly = vandermonde.LUsolve(sympy.Matrix([sympy.nsimplify(v[0]) for v in Y_TRAIN]))
    exact_sq = float(sum(poly[k] ** 2 for k in range(1, 5)))
    article_sq = ns["ARTICLE"]["Σ coef² degree 4"]
    assert article_sq == pytest.approx(exact_sq, rel=1e-10)
    assert article_sq != pytest.approx(exact_sq, rel=1e-11)
    coefs = {"degree 4": exact.coef_.ravel(), "Lasso": lasso.coef_, "Ridge": ridge.coef_}
    assert coefs.keys() == ns["ARTICLE_COEF"].keys()
    for key, value in coefs.items():
        np.testing.assert_allclose(ns["ARTICLE_COEF"][key], value, rtol=5e-8, atol=5e-9)


# -- second-round review: page 2 ------------------------------------------------------------


def test_p2_lars_is_exact_up_to_rounding(diabetes):
    """The page calls the LARS path exact up to rounding: its optimality residual at the knots,
    recomputed here, is of rounding size (below 1e-13 of alpha_max) but not zero."""
    X, y, _ = diabetes
    text, ns = run_page("plot_2")
    knots, coefs = ns["knots"], ns["lasso_coefs"]
    worst = 0.0
    for k, a in enumerate(knots):
        r = y - X @ coefs[:, k]
        for j in range(X.shape[1]):
            c = math.fsum(X[:, j] * r) / len(y)
            w = coefs[j, k]
            worst = max(worst, abs(c - a * np.sign(w)) if w != 0 else max(abs(c) - a, 0.0))
    assert 0 < worst < 1e-13 * knots[0]
    printed = float(re.search(r"residual at the knots: (\S+) of alpha_max", text).group(1))
    assert printed == pytest.approx(worst / knots[0], rel=0.6)


@settings(max_examples=60, deadline=None)
@given(
    alpha=st.floats(min_value=1e-6, max_value=1e6),
    seed=st.integers(0, 2**16),
)
def test_p2_a_feature_orthogonal_to_y_and_the_rest_is_zero_for_every_alpha(alpha, seed):
    """The page's exception: such a ridge coefficient is zero for every alpha (exactly, in
    rational arithmetic: w_j = x_jᵀy / (‖x_j‖² + alpha) = 0), and the Lasso's too."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((12, 4)))
    X = np.column_stack([Q[:, :3] @ rng.standard_normal((3, 3)), Q[:, 3]])  # x_3 ⊥ the rest
    y = Q[:, :3] @ rng.standard_normal(3)  # y ⊥ x_3
    ridge = Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(X, y).coef_
    assert abs(ridge[3]) <= 1e-12 * max(1.0, np.abs(ridge).max())
    lasso = Lasso(alpha=alpha / 100, fit_intercept=False, tol=1e-12, max_iter=100_000)
    with warnings.catch_warnings():
        # an ill-conditioned draw may leave the other three unconverged at tol=1e-12; the
        # claim is about x_3, whose correlation with every residual is zero
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert lasso.fit(X, y).coef_[3] == 0
    # exactly: with x_3 ⊥ the rest, (XᵀX + αI) is block diagonal, and x_3ᵀy = 0
    x3 = [Fraction(v) for v in X[:, 3]]
    dot = sum(a * Fraction(b) for a, b in zip(x3, y, strict=True))
    assert abs(float(dot)) < 1e-12  # zero up to the rounding of Q, so w_3 = dot / (‖x_3‖² + α)


def test_p2_ridge_coefficients_vanish_at_most_p_minus_1_times_or_always():
    """A ridge coefficient is N_j(α) / Π(d_k² + α) with deg N_j <= p - 1: on random designs its
    sign changes over α > 0 number at most p - 1 (the page's 'at most 9' for p = 10)."""
    from numpy.polynomial import polynomial as P

    rng = np.random.default_rng(5)
    for _ in range(20):
        p = int(rng.integers(2, 8))
        X = rng.standard_normal((30, p)) @ rng.standard_normal((p, p))
        y = rng.standard_normal(30)
        for num in _ridge_numerators(X, y):
            assert len(num) <= p
            roots = [z.real for z in P.polyroots(num) if abs(z.imag) < 1e-9 and z.real > 0]
            assert len(roots) <= p - 1
    _, ns = run_page("plot_2")
    Xd, yd = ns["X"], ns["y"]
    assert all(len(n) == 10 for n in _ridge_numerators(Xd, yd))
    text, _ = run_page("plot_2")
    smallest = np.abs(Xd.T @ yd).min() / len(yd)
    assert smallest > 1 and f"over the ten features: {smallest:.2f}" in text


# -- second-round review: page 3 ------------------------------------------------------------


def test_p3_uniqueness_certificate():
    """Recomputed from scikit-learn's solution: the features it does not screen are its
    support, their centred columns have full column rank, the off-support correlations are
    strictly below n alpha; and each solver's coefficients are within the printed bound
    sqrt(2n gap)/sigma_min(X_S) of scikit-learn's."""
    text, ns = run_page("plot_3")
    X, y, alpha = ns["X"], ns["y"], ns["alpha"]
    n = len(y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    sk = Lasso(alpha=alpha, tol=1e-15, max_iter=200_000).fit(X, y)
    S = np.flatnonzero(sk.coef_)
    assert np.array_equal(S, ns["S"]) and S.size == 53
    sigma = np.linalg.svd(Xc[:, S], compute_uv=False)
    assert sigma.min() > 1.0  # far from zero against a float64 error of ~1e-14
    assert f"singular values of the centred X_S: {sigma.min():.2f} to {sigma.max():.2f}" in text
    r = yc - Xc @ sk.coef_
    ratio = np.abs(np.delete(Xc, S, axis=1).T @ r).max() / (n * alpha)
    assert ratio < 1
    printed = float(re.search(r"off them: (\S+)", text).group(1))
    assert printed == pytest.approx(ratio, abs=2e-5)
    for res in ns["runs"].values():
        assert np.array_equal(np.flatnonzero(res.coef), S)  # zero off S, as the proof needs
        bound = np.sqrt(2 * n * res.dual_gap) / sigma.min()
        assert np.linalg.norm(res.coef - sk.coef_) <= bound * (1 + 1e-6) + 1e-9
    source = next(GALLERY.glob("plot_3_*.py")).read_text()
    assert "happen to approach" not in source


def _exact_solve(A, b):
    """(det A, A⁻¹b) in rational arithmetic (Fraction Gaussian elimination)."""
    n = len(A)
    M = [[*row, bi] for row, bi in zip(A, b, strict=True)]
    det = Fraction(1)
    for c in range(n):
        piv = next(r for r in range(c, n) if M[r][c] != 0)
        if piv != c:
            M[c], M[piv] = M[piv], M[c]
            det = -det
        det *= M[c][c]
        for r in range(c + 1, n):
            f = M[r][c] / M[c][c]
            if f:
                M[r] = [x - f * z for x, z in zip(M[r], M[c], strict=True)]
    x = [Fraction(0)] * n
    for r in range(n - 1, -1, -1):
        x[r] = (M[r][n] - sum(M[r][k] * x[k] for k in range(r + 1, n))) / M[r][r]
    return det, x


def test_p2_ridge_zero_count_over_every_positive_alpha():
    """The alt text's count of isolated alphas is the number of α > 0, over all of (0, ∞) and
    not only the page's grid, at which a ridge coefficient is zero. Exactly, in rational
    arithmetic on the page's float64 data: N_j(α) = det(XᵀX + αI) w_j(α) is a polynomial of
    degree at most 9, interpolated from 10 exact solves; Sturm's theorem (sympy) counts its
    positive roots."""
    import sympy

    _, ns = run_page("plot_2")
    X, y = ns["X"], ns["y"]
    p = X.shape[1]
    cols = [[Fraction(v) for v in col] for col in X.T]
    yf = [Fraction(v) for v in y]
    G = [[sum(a * b for a, b in zip(cols[i], cols[j], strict=True)) for j in range(p)]
         for i in range(p)]  # fmt: skip
    b = [sum(a * c for a, c in zip(cols[i], yf, strict=True)) for i in range(p)]
    values = []
    for a_k in range(p):
        A = [[G[i][j] + (a_k if i == j else 0) for j in range(p)] for i in range(p)]
        det, w = _exact_solve(A, b)
        values.append([det * wj for wj in w])
    a = sympy.Symbol("a")
    exact_roots = []
    for j in range(p):
        points = [(sympy.Rational(k), sympy.Rational(v[j])) for k, v in enumerate(values)]
        poly = sympy.Poly(sympy.interpolate(points, a), a, domain="QQ")
        assert poly.degree() <= p - 1 and poly.eval(0) != 0
        count = poly.count_roots(0, None)
        positive = sorted(float(r) for r in sympy.real_roots(poly) if r > 0)
        assert len(positive) == count
        exact_roots += positive
    page_roots = sorted(ns["roots"])
    assert len(exact_roots) == len(page_roots) == 6
    np.testing.assert_allclose(page_roots, sorted(exact_roots), rtol=1e-8)
    (label,) = [t for t in ns["figure_labels"] if "ridge path" in t]
    assert f"except at {len(exact_roots)} isolated alphas" in label


# -- third-round review -----------------------------------------------------------------------


def test_p1_constant_column_is_zero_in_every_model(pizza):
    """'it is zero in every model above': every fitted degree-4 model on the page, the two
    LinearRegression fits and sparsenorm's least squares included."""
    _, ns = run_page("plot_1")
    for name in (
        "quartic",
        "exact",
        "lasso_default",
        "lasso_converged",
        "ours_lasso",
        "ridge_today",
        "ours_ridge",
        "with_time",
    ):
        assert np.ravel(ns[name].coef_)[0] == 0, name
    assert ns["ours_ols"].coef[0] == 0
    # independently: the same fits here
    for model in (pizza["quart"], pizza["exact"], Ridge().fit(pizza["X4"], Y_TRAIN)):
        assert np.ravel(model.coef_)[0] == 0


def test_p1_standardised_ridge_above_least_squares_for_small_alpha(pizza):
    """The alt text's Ridge half: the standardised Ridge scores above least squares at the
    smallest alphas of the grid (the 78 up to 0.708) and below it at every larger one;
    recomputed by the normal equations on the centred features."""
    _, ns = run_page("plot_1")
    alphas = ns["alphas"]
    Z, Zt = pizza["Z"], pizza["Zt"]
    mu = Z.mean(axis=0)
    Zc, yc = Z - mu, Y_FLAT - Y_FLAT.mean()
    ols = pizza["exact"].score(pizza["X4t"], Y_TEST)
    coefs = [np.linalg.solve(Zc.T @ Zc + a * np.eye(4), Zc.T @ yc) for a in alphas]
    scores = np.array([_r2(Y_TEST, Y_FLAT.mean() + (Zt - mu) @ w) for w in coefs])
    np.testing.assert_allclose(ns["ridge_scores"], scores, atol=1e-10)
    above = scores > ols
    k = int(above.sum())
    assert k == 78 and np.array_equal(above, np.arange(alphas.size) < k)
    assert round(alphas[k - 1], 3) == 0.708
    # and the Lasso half, on the same grid
    assert ns["beats"][0] and not ns["beats"][-1]
    label = next(t for t in ns["figure_labels"] if "standardised degree-4 Lasso" in t)
    assert "both stay above it for small alpha and fall below it for large alpha" in label


def _count_homotopy(monkeypatch):
    """Record each exact-homotopy call and every iterative solve in sparsenorm's paths."""
    import sparsenorm.solvers._lasso as lasso_module

    calls = {"homotopy": 0, "solve": 0}
    homotopy, solve = lasso_module.lasso_homotopy, lasso_module._Problem.solve

    def counted_homotopy(*args, **kwargs):
        calls["homotopy"] += 1
        return homotopy(*args, **kwargs)

    def counted_solve(*args, **kwargs):
        calls["solve"] += 1
        return solve(*args, **kwargs)

    monkeypatch.setattr(lasso_module, "lasso_homotopy", counted_homotopy)
    monkeypatch.setattr(lasso_module._Problem, "solve", counted_solve)
    return calls


def test_p1_each_fold_is_one_exact_homotopy_path(pizza, monkeypatch):
    """'one exact homotopy path per fold, each point certified by its gap': each fold's
    lasso_path (as the page calls it) walks the homotopy once, runs no iterative solve (no
    point needed polishing), certifies every point, and agrees with scikit-learn's LARS."""
    from sparsenorm.solvers._lasso import HOMOTOPY_MAX_FEATURES

    _, ns = run_page("plot_1")
    features, grid = ns["features"], ns["grid"]
    assert features.shape[1] <= HOMOTOPY_MAX_FEATURES
    calls = _count_homotopy(monkeypatch)
    for k, (fit, _) in enumerate(LeaveOneOut().split(features)):
        scaler = StandardScaler().fit(features[fit])
        Z_fit, y_fit = scaler.transform(features[fit]), Y_FLAT[fit]
        _, path, gaps, n_iter = sn.lasso_path(
            Z_fit, y_fit, alphas=grid, fit_intercept=True, tol=1e-10, return_n_iter=True
        )
        assert calls == {"homotopy": k + 1, "solve": 0}
        assert np.all(n_iter == 1)
        yc = y_fit - y_fit.mean()
        assert np.all(gaps <= 1e-10 * (yc @ yc) / len(yc))
        mu = Z_fit.mean(axis=0)
        knots, _, coefs = lars_path(Z_fit - mu, yc, method="lasso")
        lars = np.array([[np.interp(a, knots[::-1], c[::-1]) for a in grid] for c in coefs])
        np.testing.assert_allclose(path, lars, atol=1e-9)


def test_p2_lasso_path_is_homotopy_and_lars_has_no_ties(diabetes, monkeypatch):
    """plot 2: sparsenorm's path on diabetes is its exact homotopy (one call, no iterative
    solve), and along scikit-learn's LARS path exactly one feature joins or leaves the active
    set at each knot (no ties), the condition under which the page calls LARS exact."""
    X, y, _ = diabetes
    _, ns = run_page("plot_2")
    calls = _count_homotopy(monkeypatch)
    sn.lasso_path(X, y, alphas=ns["grid"], tol=1e-10)
    assert calls == {"homotopy": 1, "solve": 0}
    coefs = ns["lasso_coefs"]
    # the active set on each segment between knots (the path is linear there): non-zero at
    # either end; consecutive segments differ by exactly one feature
    active = (coefs[:, :-1] != 0) | (coefs[:, 1:] != 0)
    changes = np.count_nonzero(active[:, 1:] != active[:, :-1], axis=0)
    assert np.all(changes == 1) and np.count_nonzero(active[:, 0]) == 1, changes
    # and at each knot only the feature that joins or leaves there is at the boundary: the
    # features inactive on both segments around the knot have |x_jᵀr|/n strictly below alpha
    knots = ns["knots"]
    for k in range(1, knots.size - 1):
        r = y - X @ coefs[:, k]
        corr = np.abs(X.T @ r) / len(y)
        inactive = ~active[:, k - 1] & ~active[:, k]
        if inactive.any():
            assert corr[inactive].max() < knots[k] * (1 - 1e-9)


def test_p3_products_with_x_per_iteration(monkeypatch):
    """'an ISTA step costs three products, a FISTA step four' (the certificate included),
    'a working-set round one product Xᵀr': counted by wrapping the design's products."""
    from sparsenorm.solvers._design import Design

    _, ns = run_page("plot_3")
    X, y, alpha = ns["X"], ns["y"], ns["alpha"]
    counts = {"matvec": 0, "rmatvec": 0}
    for method in ("matvec", "rmatvec"):
        original = getattr(Design, method)

        def counted(self, v, original=original, method=method):
            counts[method] += 1
            return original(self, v)

        monkeypatch.setattr(Design, method, counted)
    for solver, per_step in (("ista", 3), ("fista", 4)):
        totals = []
        for steps in (20, 40):
            counts.update(matvec=0, rmatvec=0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sn.lasso(X, y, alpha, tol=1e-300, solver=solver, max_iter=steps)
            totals.append(counts["matvec"] + counts["rmatvec"])
        assert (totals[1] - totals[0]) == 20 * per_step, solver
