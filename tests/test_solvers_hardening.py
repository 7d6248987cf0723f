"""Regression tests of issue 12's solver defects: certificates, gaps, warm starts, dtypes,
path arguments, sparse ridge, validation and sample weights.

Each test states the property that failed before the fix. References are independent of the
solvers under test: scikit-learn's fits at tight tolerance, scipy's NNLS / least squares, or
closed forms evaluated in float64.
"""

import inspect
import tracemalloc
import warnings

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse as sp
from _helpers import quiet as _quiet
from sklearn.linear_model import ElasticNet, Ridge
from sklearn.linear_model import enet_path as sk_enet_path
from sklearn.linear_model import lasso_path as sk_lasso_path

import sparsenorm.solvers as sn
from sparsenorm.exceptions import ConvergenceWarning

LASSO_SOLVERS = ["auto", "working_set", "cd", "fista", "ista"]
RIDGE_SOLVERS = ["auto", "cholesky", "svd", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"]


def _problem(n=50, p=10, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + 0.3 * rng.standard_normal((n, 1))
    y = X @ rng.standard_normal(p) + rng.standard_normal(n) + 1.0
    return X, y


def _sk_enet(X, y, alpha, l1_ratio=1.0, sample_weight=None, **kw):
    est = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-14, max_iter=1_000_000, **kw)
    return _quiet(est.fit, X, y, sample_weight=sample_weight)


def _assert_certificate_rule(res, tol_abs):
    """converged ⇔ a finite gap at or below the tolerance."""
    assert res.converged == bool(np.isfinite(res.dual_gap) and res.dual_gap <= tol_abs)


# ----------------------------------------------------------------------------- certificates
@pytest.mark.parametrize("solver", LASSO_SOLVERS)
@pytest.mark.parametrize("scale", [1e-160, 1e160, 1e300])
def test_lasso_extreme_scale_of_X_solves_and_certifies(solver, scale):
    # before: the homotopy path (p <= 64) returned zeros, gap 4.4 and converged=True at 1e160
    X, y = _problem()
    ref = sn.lasso(X, y, 0.1, solver=solver, tol=1e-8, max_iter=100_000)
    res = sn.lasso(X * scale, y, 0.1 * scale, solver=solver, tol=1e-8, max_iter=100_000)
    assert res.converged and np.isfinite(res.dual_gap)
    np.testing.assert_allclose(res.coef * scale, ref.coef, rtol=0, atol=1e-6)
    assert res.intercept == pytest.approx(ref.intercept, abs=1e-6)
    _assert_certificate_rule(res, 1e-8 * np.var(y))


@pytest.mark.parametrize("solver", LASSO_SOLVERS)
def test_tol_zero_never_certifies_a_positive_gap(solver):
    # before: lasso(X, y, 0.1, tol=0.0) reported converged=True with a positive gap
    X, y = _problem()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sn.lasso(X, y, 0.1, tol=0.0, solver=solver, max_iter=200)
    assert res.converged == (res.dual_gap == 0.0)
    if not res.converged:
        assert any(issubclass(w.category, ConvergenceWarning) for w in caught)


def test_a_nan_gap_is_never_certified():
    # before: the homotopy polished only points with gaps > tol, which is False for NaN
    X, y = _problem()
    prob = sn._lasso._Problem(X, y, True)
    gap, _, converged, _ = prob.certify(np.zeros(10), np.nan, 1e-4, 0.1, 0.0, False)
    assert np.isnan(gap) and not converged
    _, gaps, _, ok = prob.homotopy(np.array([0.5, 0.1]), 1e-4, 100, False)
    assert ok.all() and (gaps <= 1e-4 * prob.tol_unit).all()


@pytest.mark.parametrize("solver", RIDGE_SOLVERS)
def test_ridge_extreme_scale_never_returns_nan(solver):
    # before: ridge(X * 1e300, y) returned NaN coefficients with converged=True
    X, y = _problem()
    ref = sn.ridge(X, y, 0.0, solver="svd").coef  # α/‖X‖² underflows: least squares
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sn.ridge(X * 1e300, y, solver=solver, tol=1e-10)
    assert np.isfinite(res.coef).all()
    np.testing.assert_allclose(res.coef * 1e300, ref, rtol=1e-7)
    assert not res.converged  # alpha / 2^(2·997) underflows: that problem cannot be certified
    assert any(issubclass(w.category, ConvergenceWarning) for w in caught)


@pytest.mark.parametrize("solver", RIDGE_SOLVERS)
@pytest.mark.parametrize("scale", [1e-150, 1e150])
def test_ridge_large_scale_solves_and_certifies(solver, scale):
    X, y = _problem()
    ref = sn.ridge(X, y, 2.0, solver=solver, tol=1e-10)
    res = sn.ridge(X * scale, y, 2.0 * scale**2, solver=solver, tol=1e-10)
    assert res.converged and ref.converged
    np.testing.assert_allclose(res.coef * scale, ref.coef, rtol=1e-7)
    _assert_certificate_rule(res, 1e-10 * np.sum((y - y.mean()) ** 2))


def test_overflowing_objective_is_reported_not_certified():
    X, y = _problem()
    ref = sn.lasso(X, y, 0.1)
    with pytest.warns(ConvergenceWarning, match="beyond float64's range"):
        res = sn.lasso(X, y * 1e300, 0.1 * 1e300)
    np.testing.assert_allclose(res.coef / 1e300, ref.coef, rtol=1e-7)
    assert res.dual_gap == np.inf and not res.converged


def test_unrepresentable_coefficients_are_an_error():
    X, y = _problem()
    with pytest.raises(ValueError, match="beyond the range of float64"):
        sn.lasso(X * 1e-300, y * 1e100, 1e-210)


# ------------------------------------------------------------------------------------- gaps
def _ridge_objective(X, y, w, alpha):
    return float(np.sum((y - X @ w) ** 2) + alpha * w @ w)


def test_ridge_gap_is_an_upper_bound_of_suboptimality():
    # before: the gap used Xᵀr − αw where the formula needs Xᵀr: below P(w) − P* at 550 of
    # 2000 random points of this problem
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((30, 5)), rng.standard_normal(30)
    alpha = 2.0
    best = np.linalg.solve(X.T @ X + alpha * np.eye(5), X.T @ y)
    for _ in range(300):
        w = best + rng.standard_normal(5) * 10 ** rng.uniform(-3, 1)
        sub = _ridge_objective(X, y, w, alpha) - _ridge_objective(X, y, best, alpha)
        assert sn.ridge_duality_gap(X, y, w, alpha) >= sub * (1 - 1e-9)
        # the elastic net with l1_ratio = 0 is the same problem, divided by 2n
        enet = sn.enet_duality_gap(X, y, w, alpha / 30, 0.0)
        assert enet >= sub / 60 * (1 - 1e-9)


def test_positive_ridge_reports_the_constrained_gap():
    # before: Ridge(positive=True).dual_gap_ was the unconstrained problem's gap
    X, y = _problem(n=40, p=8, seed=3)
    y = y - 3 * X[:, 0]  # make the unconstrained solution negative somewhere
    res = sn.ridge(X, y, 1.0, positive=True, fit_intercept=False, tol=1e-12)
    A = np.vstack([X, np.eye(8)])
    ref = scipy.optimize.nnls(A, np.concatenate([y, np.zeros(8)]))[0]
    assert ref.min() == 0 and res.coef.min() >= 0
    np.testing.assert_allclose(res.coef, ref, atol=1e-8)
    gap = sn.ridge_duality_gap(X, y, res.coef, 1.0, positive=True)
    assert res.dual_gap == pytest.approx(gap, rel=1e-6, abs=1e-12)
    assert res.converged and res.dual_gap <= 1e-12 * y @ y
    assert sn.ridge_duality_gap(X, y, res.coef, 1.0) > 1e3 * res.dual_gap  # unconstrained


def test_positive_gaps_are_infinite_at_infeasible_points():
    X, y = _problem()
    w = np.full(10, 0.1)
    w[3] = -1e-9
    assert sn.lasso_duality_gap(X, y, w, 0.1, positive=True) == np.inf
    assert sn.enet_duality_gap(X, y, w, 0.1, 0.5, positive=True) == np.inf
    assert sn.ridge_duality_gap(X, y, w, 1.0, positive=True) == np.inf
    assert np.isfinite(sn.lasso_duality_gap(X, y, np.abs(w), 0.1, positive=True))


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_alpha_zero_gaps_are_consistent_and_exact(fit_intercept):
    # before: enet_duality_gap(alpha=0) returned ‖Xᵀr‖², ridge_duality_gap(alpha=0) raised
    X, y = _problem(n=20, p=30)  # p > n: many least-squares solutions
    rng = np.random.default_rng(1)
    w = rng.standard_normal(30)
    Xc = X - X.mean(0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    best = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    exact = np.sum((yc - Xc @ w) ** 2) - np.sum((yc - Xc @ best) ** 2)
    ridge_gap = sn.ridge_duality_gap(X, y, w, 0.0, fit_intercept=fit_intercept)
    enet_gap = sn.enet_duality_gap(X, y, w, 0.0, fit_intercept=fit_intercept)
    assert ridge_gap == pytest.approx(exact, rel=1e-9)
    assert enet_gap == pytest.approx(exact / (2 * 20), rel=1e-9)
    for fn in (sn.ridge_duality_gap, sn.enet_duality_gap, sn.lasso_duality_gap):
        with pytest.raises(ValueError, match="alpha must be > 0"):
            fn(sp.csr_matrix(X), y, w, 0.0)
        with pytest.raises(ValueError, match="alpha must be > 0"):
            fn(X, y, np.abs(w), 0.0, positive=True)


def test_alpha_zero_solvers_certify_with_the_exact_gap():
    X, y = _problem(n=30, p=5)
    res = _quiet(sn.lasso, X, y, 0.0, tol=1e-10)
    ref = np.linalg.lstsq(X - X.mean(0), y - y.mean(), rcond=None)[0]
    np.testing.assert_allclose(res.coef, ref, atol=1e-8)
    assert res.converged
    assert res.dual_gap == pytest.approx(
        sn.enet_duality_gap(X, y, res.coef, 0.0, fit_intercept=True), abs=1e-15
    )
    ridge = sn.ridge(X, y, 0.0)
    np.testing.assert_allclose(ridge.coef, ref, atol=1e-10)
    assert ridge.converged
    with pytest.warns(ConvergenceWarning, match="no duality-gap certificate"):
        sparse = sn.ridge(sp.csr_matrix(X), y, 0.0, tol=1e-10)
    np.testing.assert_allclose(sparse.coef, ref, atol=1e-6)
    assert sparse.dual_gap == np.inf and not sparse.converged


# ------------------------------------------------------------------------------- warm start
def test_far_warm_start_with_more_features_than_samples():
    # before: coef_init = 3000·1 on 40 × 100 ended at coefficients ~1e8 after 15 rounds
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 100))
    y = X @ rng.standard_normal(100)
    for alpha in (0.1, 0.05 * sn.lasso_alpha_max(X, y)):
        cold = sn.lasso(X, y, alpha, tol=1e-10)
        for w0 in (3000 * np.ones(100), -50 * np.ones(100), cold.coef + rng.standard_normal(100)):
            warm = sn.lasso(X, y, alpha, tol=1e-10, coef_init=w0)
            assert warm.converged
            np.testing.assert_allclose(warm.coef, cold.coef, atol=1e-6)


def test_far_warm_start_positive_and_elastic_net():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((40, 100))
    y = X @ np.abs(rng.standard_normal(100))
    for kw in (dict(positive=True, l1_ratio=1.0), dict(l1_ratio=0.7)):
        cold = sn.elastic_net(X, y, 0.1, tol=1e-10, **kw)
        warm = sn.elastic_net(X, y, 0.1, tol=1e-10, coef_init=-3000 * np.ones(100), **kw)
        assert warm.converged
        np.testing.assert_allclose(warm.coef, cold.coef, atol=1e-6)


# ----------------------------------------------------------------------------------- dtypes
DTYPES = [
    (np.float16, np.float64),
    (np.float32, np.float32),
    (np.float64, np.float64),
    (np.longdouble, np.float64),
    (np.dtype(">f8"), np.float64),
    (np.dtype(">f4"), np.float32),
    (np.int8, np.float64),
    (np.uint16, np.float64),
    (np.int64, np.float64),
    (np.bool_, np.float64),
]


@pytest.mark.parametrize(("dtype", "expected"), DTYPES)
@pytest.mark.parametrize("sparse", [False, True])
def test_dtype_policy_is_scikit_learns(dtype, expected, sparse):
    # before: float16 X made ridge form XᵀX in float16 and return NaN; Lasso kept float16
    rng = np.random.default_rng(0)
    X = (rng.standard_normal((40, 6)) * 3).astype(dtype)
    y = rng.standard_normal(40)
    X64 = X.astype(np.float64)
    if sparse and np.dtype(dtype) not in (np.float32, np.float64, np.int8, np.uint16):
        pytest.skip("scipy.sparse has no such dtype")
    Xin = sp.csr_matrix(X) if sparse else X
    # float32 coefficients are certified where they are returned, after rounding: the
    # rescaled-residual gap is first order in that rounding, about 1e-8 · ‖y‖²/n here
    tol = 1e-6 if expected == np.float32 else 1e-10
    for fit, kw in ((sn.lasso, dict(alpha=0.01)), (sn.ridge, dict(alpha=1.0))):
        res = fit(Xin, y, tol=tol, **kw)
        ref = fit(X64, y, tol=1e-10, **kw)
        assert res.converged
        assert res.coef.dtype == expected
        assert np.asarray(res.intercept).dtype == expected
        rtol = 1e-5 if expected == np.float32 else 1e-9
        np.testing.assert_allclose(res.coef, ref.coef, rtol=rtol, atol=rtol)


# ------------------------------------------------------------------------------------ paths
def test_integer_alphas_is_the_number_of_alphas():
    # before: lasso_path(X, y, alphas=5) solved one problem at alpha = 5
    X, y = _problem()
    alphas, coefs, gaps = sn.lasso_path(X, y, alphas=5)
    sk_alphas, sk_coefs, _ = sk_lasso_path(X, y, alphas=5)
    np.testing.assert_allclose(alphas, sk_alphas, rtol=1e-12)
    assert coefs.shape == (10, 5) and gaps.shape == (5,)
    np.testing.assert_allclose(coefs, sk_coefs, atol=1e-3)
    alphas, _, _ = sn.enet_path(X, y, l1_ratio=0.5, alphas=7)
    np.testing.assert_allclose(alphas, sk_enet_path(X, y, l1_ratio=0.5, alphas=7)[0], rtol=1e-12)
    np.testing.assert_allclose(sn.lasso_path(X, y, alphas=[5])[0], [5.0])


def test_path_deprecations_follow_scikit_learn():
    X, y = _problem()
    with pytest.warns(FutureWarning, match="n_alphas"):
        alphas = sn.lasso_path(X, y, n_alphas=4)[0]
    assert alphas.size == 4
    with pytest.warns(FutureWarning, match="alphas=None"):
        assert sn.lasso_path(X, y, alphas=None)[0].size == 100
    with pytest.warns(FutureWarning, match="n_alphas"):
        assert sn.enet_path(X, y, n_alphas=4, alphas=[0.5, 0.1])[0].size == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sn.lasso_path(X, y)[0].size == 100
        assert sn.lasso_path(X, y, alphas=100)[0].size == 100
    with pytest.raises(TypeError, match="pass \\[5.0\\]"):
        sn.lasso_path(X, y, alphas=5.0)
    with pytest.raises(ValueError, match="alphas must be >= 1"):
        sn.lasso_path(X, y, alphas=0)


@pytest.mark.parametrize("name", ["lasso_path", "enet_path"])
def test_path_signatures_cover_scikit_learns(name):
    ours = inspect.signature(getattr(sn, name)).parameters
    theirs = inspect.signature({"lasso_path": sk_lasso_path, "enet_path": sk_enet_path}[name])
    shared = ["eps", "n_alphas", "alphas", "coef_init", "return_n_iter", "positive"]
    if name == "enet_path":
        shared.append("l1_ratio")
    for param in shared:
        assert ours[param].kind is inspect.Parameter.KEYWORD_ONLY
        expected = theirs.parameters[param].default
        if param == "alphas":
            expected = 100  # scikit-learn 1.9 spells it "warn" until 1.11 makes it 100
        assert ours[param].default == expected


# ----------------------------------------------------------------------------- sparse ridge
@pytest.mark.parametrize(
    "kw",
    [
        dict(alpha=0.0),
        dict(solver="svd"),
        dict(positive=True),
        dict(),
        dict(solver="lsqr"),
        dict(positive=True, solver="lbfgs"),
    ],
)
def test_ridge_never_densifies_sparse_X(kw):
    # before: alpha=0, solver="svd" and positive=True densified X (200 MB here)
    rng = np.random.default_rng(0)
    X = sp.random(4000, 2000, density=1600 / 8e6, format="csr", random_state=rng)
    y = rng.standard_normal(4000)
    tracemalloc.start()
    try:
        res = _quiet(sn.ridge, X, y, **kw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4000 * 2000 * 8 / 8  # an eighth of the dense X
    assert np.isfinite(res.coef).all()


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("kw", [dict(alpha=0.0), dict(solver="svd"), dict(positive=True)])
def test_sparse_ridge_equals_dense(fit_intercept, kw):
    rng = np.random.default_rng(1)
    Xs = sp.random(80, 30, density=0.2, format="csc", random_state=rng)
    y = rng.standard_normal(80)
    sparse = _quiet(sn.ridge, Xs, y, fit_intercept=fit_intercept, tol=1e-12, **kw)
    dense = _quiet(sn.ridge, Xs.toarray(), y, fit_intercept=fit_intercept, tol=1e-12, **kw)
    np.testing.assert_allclose(sparse.coef, dense.coef, atol=1e-6)
    assert sparse.intercept == pytest.approx(dense.intercept, abs=1e-6)


# ------------------------------------------------------------------------------- validation
@pytest.mark.parametrize("max_iter", [0, -5])
def test_ridge_validates_max_iter(max_iter):
    X, y = _problem()
    with pytest.raises(ValueError, match="max_iter must be >= 1"):
        sn.ridge(X, y, max_iter=max_iter, solver="lsqr")
    with pytest.raises(TypeError, match="max_iter must be an int"):
        sn.ridge(X, y, max_iter=2.5)


def _bool_calls():
    X, y = _problem()
    w = np.zeros(10)
    return [
        (sn.lasso, (X, y, 0.1), ["fit_intercept", "positive", "record_history"]),
        (sn.elastic_net, (X, y, 0.1), ["fit_intercept", "positive", "record_history"]),
        (sn.ridge, (X, y), ["fit_intercept", "positive"]),
        (sn.lasso_path, (X, y), ["fit_intercept", "positive", "return_n_iter"]),
        (sn.enet_path, (X, y), ["fit_intercept", "positive", "return_n_iter"]),
        (sn.alpha_grid, (X, y), ["fit_intercept", "positive"]),
        (sn.lasso_alpha_max, (X, y), ["fit_intercept", "positive"]),
        (sn.lasso_duality_gap, (X, y, w, 0.1), ["fit_intercept", "positive"]),
        (sn.enet_duality_gap, (X, y, w, 0.1), ["fit_intercept", "positive"]),
        (sn.ridge_duality_gap, (X, y, w, 0.1), ["fit_intercept", "positive"]),
    ]


@pytest.mark.parametrize("value", ["yes", "no", 1, 0, None, np.array([True])])
def test_boolean_parameters_are_checked(value):
    # before: positive="yes" and fit_intercept="no" were taken as True
    for fn, args, names in _bool_calls():
        for name in names:
            with pytest.raises(TypeError, match=f"{name} must be a bool"):
                fn(*args, **{name: value})
    X, y = _problem()
    assert sn.lasso(X, y, 0.1, fit_intercept=np.True_).converged


@pytest.mark.parametrize("eps", [2.0, 1.0 + 1e-12, 0.0, -1e-3, np.nan])
def test_alpha_grid_eps_must_lie_in_zero_one(eps):
    # before: alpha_grid(eps=2) returned an increasing grid
    X, y = _problem()
    with pytest.raises(ValueError, match="eps must"):
        sn.alpha_grid(X, y, eps=eps)
    with pytest.raises(ValueError, match="eps must"):
        sn.lasso_path(X, y, eps=eps)


def test_alpha_grid_is_decreasing_and_eps_one_is_flat():
    X, y = _problem()
    grid = sn.alpha_grid(X, y, eps=0.01, n_alphas=6)
    assert np.all(np.diff(grid) < 0)
    np.testing.assert_allclose(sn.alpha_grid(X, y, eps=1.0, n_alphas=3), grid[0], rtol=1e-15)


def test_reductions_return_numpy_scalars():
    X, y = _problem()
    w = np.zeros(10)
    values = [
        sn.lasso_alpha_max(X, y),
        sn.lasso_duality_gap(X, y, w, 0.1),
        sn.enet_duality_gap(X, y, w, 0.1),
        sn.ridge_duality_gap(X, y, w, 0.1),
        sn.lasso(X, y, 0.1).dual_gap,
        sn.ridge(X, y).dual_gap,
    ]
    for v in values:
        assert type(v) is np.float64
    assert type(sn.lasso(X, y, 0.1).intercept) is np.float64
    assert type(sn.lasso(X.astype(np.float32), y, 0.1).intercept) is np.float32
    assert type(sn.ridge(X, y).intercept) is np.float64


# --------------------------------------------------------------------------- sample weights
def _weighted_problems():
    rng = np.random.default_rng(7)
    out = []
    for n, p in ((60, 8), (40, 100)):
        X = rng.standard_normal((n, p)) + 1.0
        y = X @ rng.standard_normal(p) + rng.standard_normal(n) + 3.0
        sw = rng.uniform(0, 3, n)
        sw[:5] = 0.0
        out.append((X, y, sw))
        mask = rng.random((n, p)) < 0.3
        out.append((sp.csr_matrix(X * mask), y, sw))
    return out


@pytest.mark.parametrize("case", range(4))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_weighted_elastic_net_agrees_with_sklearn(case, fit_intercept, l1_ratio):
    X, y, sw = _weighted_problems()[case]
    kw = dict(fit_intercept=fit_intercept, sample_weight=sw)
    alpha = 0.1 * sn.lasso_alpha_max(X, y, l1_ratio=l1_ratio, **kw)
    ref = _sk_enet(X, y, alpha, l1_ratio, **kw)
    res = sn.elastic_net(X, y, alpha, l1_ratio, tol=1e-11, **kw)
    scale = max(1.0, np.abs(ref.coef_).max())
    np.testing.assert_allclose(res.coef, ref.coef_, atol=1e-7 * scale)
    assert res.intercept == pytest.approx(ref.intercept_, abs=1e-7 * scale)
    gap = sn.enet_duality_gap(X, y, res.coef, alpha, l1_ratio, **kw)
    assert gap == pytest.approx(res.dual_gap, rel=1e-5, abs=1e-13)
    # the gap formula is scikit-learn's: same value at scikit-learn's unconverged point
    rough = ElasticNet(
        alpha=alpha, l1_ratio=l1_ratio, max_iter=2, tol=1e-16, fit_intercept=fit_intercept
    )
    _quiet(rough.fit, X, y, sample_weight=sw)
    ours = sn.enet_duality_gap(X, y, rough.coef_, alpha, l1_ratio, **kw)
    assert ours == pytest.approx(rough.dual_gap_, rel=1e-6)


@pytest.mark.parametrize("case", range(4))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.1, 10.0])
def test_weighted_ridge_agrees_with_sklearn(case, fit_intercept, alpha):
    X, y, sw = _weighted_problems()[case]
    solver = "sparse_cg" if sp.issparse(X) else "cholesky"
    ref = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver=solver, tol=1e-12)
    ref.fit(X, y, sample_weight=sw)
    res = sn.ridge(X, y, alpha, fit_intercept=fit_intercept, sample_weight=sw, tol=1e-12)
    np.testing.assert_allclose(res.coef, ref.coef_, atol=1e-8 * max(1, np.abs(ref.coef_).max()))
    assert res.intercept == pytest.approx(ref.intercept_, abs=1e-8)
    assert res.converged
    gap = sn.ridge_duality_gap(
        X, y, res.coef, alpha, fit_intercept=fit_intercept, sample_weight=sw
    )
    assert gap == pytest.approx(res.dual_gap, rel=1e-5, abs=1e-20)


def test_zero_weights_drop_rows_and_integer_weights_repeat_them():
    X, y, _ = _weighted_problems()[0]
    rng = np.random.default_rng(3)
    sw = rng.integers(0, 4, X.shape[0]).astype(float)
    rows = np.repeat(np.arange(X.shape[0]), sw.astype(int))
    a = 0.05
    for fit, kw in (
        (sn.lasso, dict(alpha=a)),
        (sn.elastic_net, dict(alpha=a, l1_ratio=0.3)),
        (sn.ridge, dict(alpha=1.0)),
    ):
        for Xin in (X, sp.csc_matrix(X)):
            weighted = fit(Xin, y, sample_weight=sw, tol=1e-12, **kw)
            repeated = fit(X[rows], y[rows], tol=1e-12, **kw)
            np.testing.assert_allclose(weighted.coef, repeated.coef, atol=1e-8)
            assert weighted.intercept == pytest.approx(repeated.intercept, abs=1e-8)


def test_weighted_path_equals_weighted_fits():
    X, y, sw = _weighted_problems()[1]
    alphas, coefs, _ = sn.lasso_path(
        X, y, alphas=4, sample_weight=sw, fit_intercept=True, tol=1e-11
    )
    np.testing.assert_allclose(alphas[0], sn.lasso_alpha_max(X, y, sample_weight=sw), rtol=1e-12)
    assert np.all(coefs[:, 0] == 0)
    for k, a in enumerate(alphas):
        one = sn.lasso(X, y, a, sample_weight=sw, tol=1e-11)
        np.testing.assert_allclose(coefs[:, k], one.coef, atol=1e-7)


BAD_WEIGHTS = [
    (np.ones(3), ValueError, "inconsistent numbers of samples"),
    (np.ones((50, 1)), ValueError, "1-D"),
    (np.r_[np.nan, np.ones(49)], ValueError, "sample_weight contains NaN"),
    (np.r_[np.inf, np.ones(49)], ValueError, "sample_weight contains infinity"),
    (np.r_[-1.0, np.ones(49)], ValueError, "sample_weight must be >= 0"),
    (np.zeros(50), ValueError, "at least one positive weight"),
    (np.ones(50, dtype=complex), TypeError, "sample_weight must be real-valued"),
    (True, TypeError, "sample_weight must be an array of numbers"),
    ("heavy", TypeError, "sample_weight must be a numeric array-like"),
]


@pytest.mark.parametrize(("sw", "error", "match"), BAD_WEIGHTS)
def test_sample_weight_is_validated(sw, error, match):
    X, y = _problem()
    for fn, args in (
        (sn.lasso, (X, y, 0.1)),
        (sn.elastic_net, (X, y, 0.1)),
        (sn.ridge, (X, y)),
        (sn.lasso_path, (X, y)),
        (sn.lasso_alpha_max, (X, y)),
        (sn.lasso_duality_gap, (X, y, np.zeros(10), 0.1)),
        (sn.ridge_duality_gap, (X, y, np.zeros(10), 0.1)),
    ):
        with pytest.raises(error, match=match):
            fn(*args, sample_weight=sw)


def test_scalar_and_uniform_weights_change_nothing():
    X, y = _problem()
    base = sn.lasso(X, y, 0.1, tol=1e-12)
    for sw in (3.0, np.full(50, 0.5)):
        np.testing.assert_allclose(
            sn.lasso(X, y, 0.1, sample_weight=sw, tol=1e-12).coef, base.coef, atol=1e-10
        )
    ridge = sn.ridge(X, y, 2.0)
    np.testing.assert_allclose(sn.ridge(X, y, 4.0, sample_weight=2.0).coef, ridge.coef, rtol=1e-10)


def test_weights_do_not_mutate_inputs():
    X, y, sw = _weighted_problems()[1]
    copies = X.copy(), y.copy(), sw.copy()
    sn.lasso(X, y, 0.1, sample_weight=sw)
    sn.ridge(X, y, sample_weight=sw)
    assert (X != copies[0]).nnz == 0
    np.testing.assert_array_equal(y, copies[1])
    np.testing.assert_array_equal(sw, copies[2])


# ------------------------------------------------------ found by the fuzz suite (issue 12 §3)
@pytest.mark.parametrize("solver", ["cd", "auto", "working_set"])
def test_warm_start_on_an_empty_column_goes_to_zero(solver):
    # before: coordinate descent skipped zero columns, so a warm start kept its value there
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 5))
    X[:, 2] = 0.0
    y = rng.standard_normal(20)
    res = sn.lasso(X, y, 0.05, solver=solver, coef_init=np.ones(5), tol=1e-10)
    assert res.coef[2] == 0 and res.converged
    np.testing.assert_allclose(res.coef, sn.lasso(X, y, 0.05, tol=1e-10).coef, atol=1e-6)


def test_float32_ridge_gram_does_not_overflow():
    # before: XᵀX was formed in float32 and overflowed for entries of order 1e19
    rng = np.random.default_rng(1)
    X = (rng.standard_normal((10, 4)) * 1e19).astype(np.float32)
    y = rng.standard_normal(10)
    res = sn.ridge(X, y, 1e39)
    ref = Ridge(alpha=1e39 / 1e38).fit(X.astype(np.float64) / 1e19, y)  # same problem
    np.testing.assert_allclose(res.coef * 1e19, ref.coef_, rtol=1e-5)
    assert res.converged


def test_float32_sparse_lasso_reaches_float64_gaps():
    # before: the Gram matrix and the column means of a float32 sparse X were float32, so the
    # gap stalled near 1e-8 · ‖y‖²/n
    rng = np.random.default_rng(0)
    X = (rng.standard_normal((40, 6)) * 3).astype(np.float32)
    y = rng.standard_normal(40)
    res = sn.lasso(sp.csr_matrix(X), y, 0.01, tol=1e-6)
    assert res.converged


def test_constant_y_has_zero_alpha_max_at_every_scale():
    # before: the mean of a constant y was off by one rounding, and alpha_max was that
    # rounding times the scale of X, up to inf
    X = np.random.default_rng(2).standard_normal((11, 4)) * 1e39
    for y0 in (0.7, 7.5e300, 3e-300):
        y = np.full(11, y0)
        assert sn.lasso_alpha_max(X, y) == 0.0
        res = sn.lasso(X, y, 1.0)
        assert np.all(res.coef == 0) and res.intercept == y0 and res.converged


def test_ridge_gap_does_not_overflow_where_it_is_representable():
    # before: ‖Xᵀr − αw‖² overflowed although ‖·‖²/α is of order 1e155
    X, y = np.array([[2e-78]]), np.array([0.5])
    w = np.array([2.0**258])
    gap = sn.enet_duality_gap(X, y, w, 1.0, 0.0, fit_intercept=True)
    assert gap == pytest.approx(0.5 * w[0] ** 2, rel=1e-12)


def test_gaps_rounded_to_subnormals_are_rounded_up():
    # a gap is an upper bound: where it falls below float64's normal range it must not round
    # down (to 0 in the worst case)
    X = np.array([[0.125]])
    y = np.array([1e-160])
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        res = sn.ridge(X.astype(np.float32), y, 10.0, fit_intercept=False)
    assert res.dual_gap > 0 or res.converged  # never a 0 next to converged=False


def test_l2_strength_beyond_range_relative_to_X_is_an_error():
    with pytest.raises(ValueError, match="alpha is too large relative to the scale of X"):
        sn.ridge(np.array([[1e-160], [2e-160]]), np.array([1.0, 2.0]), 1e300)
    # an L1 strength that large only means zeros
    res = sn.lasso(np.array([[1e-160], [2e-160]]), np.array([1.0, 2.0]), 1e300)
    assert np.all(res.coef == 0) and res.converged


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_constant_columns_get_exactly_zero_coefficients(sparse, weighted):
    # before: a constant column, centred implicitly, kept rounding noise of order
    # 1e-16 · |x|, which a large y turned into a large coefficient, certified as converged
    rng = np.random.default_rng(0)
    X = np.column_stack([np.full(6, 1.5), rng.standard_normal(6)])
    y = rng.standard_normal(6) * 1e23
    sw = np.array([2.0, 1.0, 3.0, 1.0, 0.0, 1.0]) if weighted else None
    Xin = sp.csc_matrix(X) if sparse else X
    for fit in (
        lambda: sn.lasso(Xin, y, 1e10, positive=True, sample_weight=sw),
        lambda: sn.elastic_net(Xin, y, 1e10, sample_weight=sw),
        lambda: sn.ridge(Xin, y, 1.0, sample_weight=sw),
    ):
        res = fit()
        assert res.coef[0] == 0.0 and res.converged
    _, coefs, _ = sn.lasso_path(Xin, y, alphas=3, fit_intercept=True, sample_weight=sw)
    assert np.all(coefs[0] == 0)


# ------------------------------------- fuzz-found fixes of the last session: regression tests
def _longdouble_lasso_gap(X, y, w, alpha):
    """The Lasso gap (with intercept) at ``w`` in ``numpy.longdouble``, and ``P(0)``.

    Dual point: the residual rescaled into the feasible set, ``θ = min(1, α/‖Xcᵀr/n‖∞) r``,
    the point the solvers use; computed here from a fresh residual in extended precision.
    """
    LD = np.longdouble
    n = X.shape[0]
    Xl, yl, wl = X.astype(LD), y.astype(LD), w.astype(LD)
    Xc, yc = Xl - Xl.mean(axis=0), yl - yl.mean()
    r = yc - Xc @ wl
    primal = (r @ r) / (2 * n) + LD(alpha) * np.abs(wl).sum()
    scale = min(LD(1), LD(alpha) / (np.abs(Xc.T @ r).max() / n))
    dual = scale * (r @ yc) / n - scale * scale * (r @ r) / (2 * n)
    return float(primal - dual), float((yc @ yc) / (2 * n))


@pytest.mark.parametrize("start", [1e3, 1e6, 1e9])
def test_cd_certifies_from_a_fresh_residual_after_a_far_warm_start(start):
    # before: coordinate descent updated its residual incrementally; from coef_init = 1e9 the
    # drift reached 1e-7 of P(0), and the gap of the drifted residual said 0.0, converged
    X, y = _problem(40, 10, seed=0)
    alpha = 0.1 * sn.lasso_alpha_max(X, y)
    res = sn.lasso(X, y, alpha, solver="cd", tol=1e-10, coef_init=np.full(10, start))
    true_gap, p0 = _longdouble_lasso_gap(X, y, res.coef, alpha)
    assert res.converged
    assert true_gap <= res.dual_gap + 1e-12 * p0
    assert true_gap <= 1e-10 * np.var(y) + 1e-12 * p0


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("positive", [False, True])
def test_alpha_max_gives_exact_zeros_on_the_homotopy_path(fit_intercept, positive):
    # before: the homotopy path (p <= 64, solver="auto") used the Gram cache's Xᵀy, which
    # differs from lasso_alpha_max's in the last bits: at alpha = alpha_max 25 of 160 fits
    # had a coefficient of order 1e-16 instead of 0
    kw = dict(fit_intercept=fit_intercept, positive=positive)
    for seed in range(40):
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((30, 8)) * rng.uniform(0.1, 10, 8)
        y = rng.standard_normal(30) * 3 + 1
        a_max = sn.lasso_alpha_max(X, y, **kw)
        # independent: the largest |correlation| of the (centred) data, over n
        Xc = X - X.mean(axis=0) if fit_intercept else X
        yc = y - y.mean() if fit_intercept else y
        corr = Xc.T @ yc / len(y)
        assert a_max == pytest.approx(max(corr.max(), 0) if positive else np.abs(corr).max())
        if a_max == 0:
            continue
        res = sn.lasso(X, y, a_max, **kw)
        assert np.all(res.coef == 0) and res.converged
        _, coefs, _ = sn.lasso_path(X, y, alphas=[a_max, a_max / 2], **kw)
        assert np.all(coefs[:, 0] == 0)


def test_a_zero_gap_at_an_overflowing_objective_scale_is_not_nan():
    # before: the gap was reported as obj_scale · gap, and an objective scale beyond float64
    # (inf) times a gap of exactly 0 gave NaN
    rng = np.random.default_rng(0)
    X = rng.standard_normal((10, 3))
    for scale in (1e200, 1e300):
        y = np.random.default_rng(1).standard_normal(10) * scale
        alpha = 2 * sn.lasso_alpha_max(X, y)
        gap = sn.lasso_duality_gap(X, y, np.zeros(3), alpha, fit_intercept=True)
        assert gap == 0.0  # w = 0 is optimal above alpha_max: primal = dual = ‖y_c‖²/(2n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            res = sn.lasso(X, y, alpha)
        assert not np.isnan(res.dual_gap) and np.all(res.coef == 0)
        with np.errstate(over="ignore"):  # tol · var(y) is inf at 1e300
            tol_abs = 1e-4 * np.var(y / scale) * np.float64(scale) ** 2
        _assert_certificate_rule(res, tol_abs)


@pytest.mark.parametrize("y0", [0.7, 0.1, 1 / 3, 7.5e300, 3e-300])
def test_constant_y_with_sample_weight_has_zero_alpha_max(y0):
    # before: the weighted mean of a constant y, Σ sᵢyᵢ / Σ sᵢ, was off by a rounding (for
    # y0 = 0.7: alpha_max 6.1e6 instead of 0, non-zero coefficients, no certificate)
    X = np.random.default_rng(2).standard_normal((11, 4)) * 1e39
    sw = np.random.default_rng(3).uniform(0, 3, 11)
    sw[2] = 0.0
    y = np.full(11, y0)
    assert sn.lasso_alpha_max(X, y, sample_weight=sw) == 0.0
    for res in (sn.lasso(X, y, 1.0, sample_weight=sw), sn.ridge(X, y, 1.0, sample_weight=sw)):
        assert np.all(res.coef == 0) and res.intercept == y0 and res.converged


# ------------------------------------------- issue 12 §1: the constrained ridge gap, checked
def _positive_ridge_gap_longdouble(X, y, w, alpha, fit_intercept):
    """``P(w) − D(θ)`` of ``min_{w ≥ 0} ‖y − Xw‖² + α‖w‖²`` in ``numpy.longdouble``.

    Fenchel dual with ``f(z) = ‖y − z‖²`` and ``g(w) = α‖w‖² + ι(w ≥ 0)``, whose conjugate is
    ``g*(v) = ‖max(v, 0)‖²/(4α)``: at the dual point ``θ = −2r`` (``r = y − Xw``) that gives
    ``D = 2rᵀy − ‖r‖² − ‖max(Xᵀr, 0)‖²/α``. Written from the definitions, not from the
    library's per-coordinate formula.
    """
    LD = np.longdouble
    Xl, yl, wl = X.astype(LD), y.astype(LD), w.astype(LD)
    if fit_intercept:
        Xl, yl = Xl - Xl.mean(axis=0), yl - yl.mean()
    r = yl - Xl @ wl
    primal = r @ r + LD(alpha) * (wl @ wl)
    g_plus = np.maximum(Xl.T @ r, 0)
    dual = 2 * (r @ yl) - r @ r - (g_plus @ g_plus) / LD(alpha)
    return float(primal - dual), float(primal)


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_positive_ridge_gap_is_the_constrained_problems_gap(fit_intercept):
    # before: ridge(positive=True).dual_gap was the unconstrained problem's gap (0.0 at the
    # estimator's positive fit of diabetes, whose unconstrained gap there is 1.4e5)
    X, y = _problem(n=40, p=8, seed=3)
    y = y - 3 * X[:, 0]
    alpha = 1.0
    Xc = X - X.mean(axis=0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    A = np.vstack([Xc, np.sqrt(alpha) * np.eye(8)])
    best = scipy.optimize.nnls(A, np.concatenate([yc, np.zeros(8)]))[0]
    p_star = float(np.sum((yc - Xc @ best) ** 2) + alpha * best @ best)
    # a point two L-BFGS-B iterations from the start: a gap far from 0, so a wrong formula shows
    res = _quiet(
        sn.ridge,
        X,
        y,
        alpha,
        positive=True,
        fit_intercept=fit_intercept,
        max_iter=2,
        solver="lbfgs",
    )
    exact, primal = _positive_ridge_gap_longdouble(X, y, res.coef, alpha, fit_intercept)
    assert res.dual_gap == pytest.approx(exact, rel=1e-6, abs=1e-12 * primal)
    rng = np.random.default_rng(5)
    for _ in range(200):
        w = np.maximum(best + rng.standard_normal(8) * 10 ** rng.uniform(-4, 0.5), 0)
        gap = sn.ridge_duality_gap(X, y, w, alpha, positive=True, fit_intercept=fit_intercept)
        exact, primal = _positive_ridge_gap_longdouble(X, y, w, alpha, fit_intercept)
        assert gap == pytest.approx(exact, rel=1e-9, abs=1e-12 * primal)
        assert gap >= (primal - p_star) * (1 - 1e-9) - 1e-12 * primal  # an upper bound
