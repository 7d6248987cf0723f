"""``fit(X, y, sample_weight)``: scikit-learn's weighted objectives, dense and sparse.

Lasso and ElasticNet rescale the weights to sum to ``n_samples`` and minimise
``(1/(2n)) Σ s_i (y_i − x_iᵀw − b)² + penalty``; Ridge minimises ``Σ s_i r_i² + α‖w‖²``.
Both sides are fitted to a duality-gap tolerance of 1e-10 (relative), and the coefficients must
agree to ``COEF_RTOL`` times the largest coefficient.
"""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from _helpers import diabetes as _diabetes
from sklearn import linear_model
from sklearn.base import clone

from sparsenorm.estimators import ElasticNet, Lasso, Ridge

# both sides at tol=1e-10: the coefficients agree to this fraction of the largest one
COEF_RTOL = 1e-6
# zero weights against dropped rows, integer weights against repeated rows: the same problem,
# solved twice by sparsenorm at tol=1e-10 (measured: below 1e-14)
EQUIV_RTOL = 1e-8


def _weights(n, seed):
    return np.random.default_rng(seed).uniform(0.2, 3.0, n)


def _dense():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((100, 20))
    y = X[:, :5] @ np.array([3.0, -2.0, 1.5, 0.0, 1.0]) + 0.5 * rng.standard_normal(100) + 4.0
    return X, y


def _sparse(fmt):
    def make():
        rng = np.random.default_rng(2)
        X = sp.random(
            150, 40, density=0.2, format=fmt, random_state=3, data_rvs=rng.standard_normal
        )
        w = np.zeros(40)
        w[:6] = [2.0, -1.0, 3.0, 0.5, -2.5, 1.0]
        y = X @ w + 0.3 * rng.standard_normal(150) + 1.0
        return X, y

    return make


DATASETS = {
    "diabetes": _diabetes,
    "dense_100x20": _dense,
    "csr_150x40": _sparse("csr"),
    "csc_150x40": _sparse("csc"),
}


def _pair(kind, X, y, fit_intercept):
    """Our estimator and scikit-learn's, with the same parameters, at tol=1e-10."""
    if kind == "Ridge":
        params = {"alpha": 1.0, "fit_intercept": fit_intercept}
        return Ridge(**params, tol=1e-10), linear_model.Ridge(**params, tol=1e-10)
    Xd = X.toarray() if sp.issparse(X) else X
    yc = y - y.mean() if fit_intercept else y
    alpha = 0.05 * np.abs(Xd.T @ yc).max() / len(y)  # a twentieth of α_max: some zeros
    params = {"alpha": alpha, "fit_intercept": fit_intercept}
    if kind == "ElasticNet":
        params["l1_ratio"] = 0.5
    ours = {"Lasso": Lasso, "ElasticNet": ElasticNet}[kind](**params, tol=1e-10)
    theirs = getattr(linear_model, kind)(**params, tol=1e-10, max_iter=10**6)
    return ours, theirs


def _objective(kind, est, X, y, sw):
    """The weighted objective, computed here from its definition (not by sparsenorm)."""
    r = y - (X @ est.coef_) - est.intercept_
    w = est.coef_
    if kind == "Ridge":
        return float(sw @ r**2 + est.alpha * (w @ w))
    s = sw * len(y) / sw.sum()
    rho = 1.0 if kind == "Lasso" else est.l1_ratio
    penalty = est.alpha * (rho * np.abs(w).sum() + 0.5 * (1 - rho) * (w @ w))
    return float(s @ r**2 / (2 * len(y)) + penalty)


@pytest.mark.parametrize("fit_intercept", [True, False], ids=["intercept", "no_intercept"])
@pytest.mark.parametrize("dataset", sorted(DATASETS))
@pytest.mark.parametrize("kind", ["Lasso", "ElasticNet", "Ridge"])
def test_weighted_fit_agrees_with_sklearn(kind, dataset, fit_intercept):
    X, y = DATASETS[dataset]()
    sw = _weights(len(y), seed=4)
    ours, theirs = _pair(kind, X, y, fit_intercept)
    ours.fit(X, y, sample_weight=sw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, y, sample_weight=sw)
    scale = np.abs(theirs.coef_).max()
    diff = np.abs(ours.coef_ - theirs.coef_).max() / scale
    print(f"{kind} {dataset} fit_intercept={fit_intercept}: max |Δcoef| / max |coef| = {diff:.1e}")
    assert diff <= COEF_RTOL
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6, abs=1e-6 * scale)
    # the certificate holds for the weighted problem: P(ours) − P(theirs) ≤ P(ours) − P* ≤ gap
    ours_obj, their_obj = _objective(kind, ours, X, y, sw), _objective(kind, theirs, X, y, sw)
    assert ours_obj - their_obj <= ours.dual_gap_ + 1e-12 * abs(their_obj)
    np.testing.assert_allclose(
        ours.predict(X), theirs.predict(X), rtol=1e-6, atol=1e-6 * np.abs(y).max()
    )


@pytest.mark.parametrize("kind", ["Lasso", "ElasticNet", "Ridge"])
def test_weighted_multi_target_agrees_with_sklearn(kind):
    X, y = _diabetes()
    Y = np.column_stack([y, 0.5 * y + 300 * X[:, 2]])
    sw = _weights(len(y), seed=5)
    ours, theirs = _pair(kind, X, y, True)
    ours.fit(X, Y, sample_weight=sw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, Y, sample_weight=sw)
    np.testing.assert_allclose(
        ours.coef_, theirs.coef_, rtol=0, atol=COEF_RTOL * np.abs(theirs.coef_).max()
    )
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-6)


@pytest.mark.parametrize("dataset", ["diabetes", "csr_150x40"])
@pytest.mark.parametrize("kind", ["Lasso", "ElasticNet", "Ridge"])
def test_zero_weights_equal_dropping_rows(kind, dataset):
    X, y = DATASETS[dataset]()
    sw = _weights(len(y), seed=6)
    sw[::3] = 0.0
    keep = sw > 0
    ours, _ = _pair(kind, X, y, True)
    weighted = clone(ours).fit(X, y, sample_weight=sw)
    dropped = clone(ours).fit(X[keep], y[keep], sample_weight=sw[keep])
    scale = np.abs(dropped.coef_).max()
    np.testing.assert_allclose(weighted.coef_, dropped.coef_, rtol=0, atol=EQUIV_RTOL * scale)
    assert weighted.intercept_ == pytest.approx(
        dropped.intercept_, rel=EQUIV_RTOL, abs=EQUIV_RTOL * scale
    )


@pytest.mark.parametrize("dataset", ["diabetes", "dense_100x20", "csc_150x40"])
@pytest.mark.parametrize("kind", ["Lasso", "ElasticNet", "Ridge"])
def test_integer_weights_equal_repeated_rows(kind, dataset):
    X, y = DATASETS[dataset]()
    counts = np.random.default_rng(7).integers(0, 4, len(y))
    rows = np.repeat(np.arange(len(y)), counts)
    ours, _ = _pair(kind, X, y, True)
    weighted = clone(ours).fit(X, y, sample_weight=counts)
    repeated = clone(ours).fit(X[rows], y[rows])
    scale = np.abs(repeated.coef_).max()
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=0, atol=EQUIV_RTOL * scale)
    assert weighted.intercept_ == pytest.approx(
        repeated.intercept_, rel=EQUIV_RTOL, abs=EQUIV_RTOL * scale
    )


def test_sparse_and_dense_weighted_fits_agree():
    X, y = DATASETS["csr_150x40"]()
    sw = _weights(len(y), seed=8)
    for kind in ("Lasso", "ElasticNet", "Ridge"):
        ours, _ = _pair(kind, X, y, True)
        sparse = clone(ours).fit(X, y, sample_weight=sw)
        dense = clone(ours).fit(X.toarray(), y, sample_weight=sw)
        scale = np.abs(dense.coef_).max()
        np.testing.assert_allclose(sparse.coef_, dense.coef_, rtol=0, atol=COEF_RTOL * scale)


def test_scalar_and_uniform_weights():
    X, y = _diabetes()
    n = len(y)
    # Lasso / ElasticNet: weights are rescaled to sum to n, so a constant changes nothing
    for est in (Lasso(alpha=0.1, tol=1e-10), ElasticNet(alpha=0.1, tol=1e-10)):
        plain = clone(est).fit(X, y).coef_
        for sw in (3.0, np.full(n, 7.0)):
            np.testing.assert_allclose(clone(est).fit(X, y, sample_weight=sw).coef_, plain)
    # Ridge: Σ c·r² + α‖w‖² = c (Σ r² + (α/c)‖w‖²), as in scikit-learn
    for sw in (2.0, np.full(n, 2.0)):
        ours = Ridge(alpha=1.0).fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(ours.coef_, Ridge(alpha=0.5).fit(X, y).coef_, rtol=1e-10)
        theirs = linear_model.Ridge(alpha=1.0).fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)


@pytest.mark.parametrize("est", [Lasso(), ElasticNet(), Ridge()], ids=repr)
def test_bad_sample_weight_is_rejected_clearly(est):
    X, y = _diabetes()
    n = len(y)
    cases = [
        (np.ones(n - 1), r"sample_weight.shape == \(441,\), expected \(442,\)"),
        (np.ones((n, 2)), "Sample weights must be 1D array or scalar"),
        (np.where(np.arange(n) == 3, np.nan, 1.0), "Input sample_weight contains NaN"),
        (np.where(np.arange(n) == 3, np.inf, 1.0), "Input sample_weight contains infinity"),
        (np.zeros(n), "at least one non-zero"),
        (np.where(np.arange(n) == 3, -1.0, 1.0), "Negative values in data passed to"),
    ]
    for sw, message in cases:
        with pytest.raises(ValueError, match=message):
            clone(est).fit(X, y, sample_weight=sw)


def test_sample_weight_is_not_modified():
    X, y = _diabetes()
    sw = _weights(len(y), seed=9)
    before = sw.copy()
    for est in (Lasso(alpha=0.1), ElasticNet(alpha=0.1), Ridge()):
        est.fit(X, y, sample_weight=sw)
        est.fit(sp.csr_matrix(X), y, sample_weight=sw)
        np.testing.assert_array_equal(sw, before)
