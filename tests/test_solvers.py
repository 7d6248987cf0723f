"""Solvers agree with scikit-learn's converged solutions and certify themselves."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import datasets
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.linear_model import enet_path as sk_enet_path
from sklearn.linear_model import lasso_path as sk_lasso_path

import sparsenorm.solvers as sn
from sparsenorm.exceptions import ConvergenceWarning

# Stated agreement: coefficients within RTOL · max|w_sklearn| of scikit-learn's converged
# solution (tol=1e-13, max_iter=10⁶), both solvers certified by a duality gap.
RTOL = 1e-6


def _standardised(X, y):
    X = np.asarray(X, dtype=float)
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return X, np.asarray(y, dtype=float)


def _generated(n, p, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + 0.5 * rng.standard_normal((n, 1))  # correlated
    w = np.zeros(p)
    w[rng.choice(p, max(1, p // 10), replace=False)] = rng.standard_normal(max(1, p // 10))
    y = X @ w + 0.3 * rng.standard_normal(n) + 2.0
    return X, y


DATASETS = {
    "diabetes": lambda: _standardised(*datasets.load_diabetes(return_X_y=True)),
    "breast_cancer": lambda: _standardised(*datasets.load_breast_cancer(return_X_y=True)),
    "wine": lambda: _standardised(*datasets.load_wine(return_X_y=True)),
    "iris": lambda: _standardised(*datasets.load_iris(return_X_y=True)),
    "digits": lambda: _standardised(*datasets.load_digits(return_X_y=True)),
    "linnerud": lambda: _standardised(
        datasets.load_linnerud().data, datasets.load_linnerud().target[:, 0]
    ),
    "wide_60x300": lambda: _generated(60, 300, 0),
    "tall_2000x30": lambda: _generated(2000, 30, 1),
}


def _sk_converged(X, y, alpha, l1_ratio=1.0, fit_intercept=True, positive=False):
    est = ElasticNet(
        alpha=alpha,
        l1_ratio=l1_ratio,
        tol=1e-13,
        max_iter=1_000_000,
        fit_intercept=fit_intercept,
        positive=positive,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a gap of 1e-13·‖y‖²/n may sit below rounding
        return est.fit(X, y)


def _assert_close(w, ref):
    scale = max(np.abs(ref).max(), 1e-12)
    np.testing.assert_allclose(w, ref, rtol=0, atol=RTOL * scale)


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("frac", [0.5, 0.1, 0.01])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_agrees_with_converged_sklearn(name, frac, l1_ratio):
    X, y = DATASETS[name]()
    alpha = frac * sn.lasso_alpha_max(X, y, l1_ratio=l1_ratio)
    res = sn.elastic_net(X, y, alpha, l1_ratio, tol=1e-10)
    ref = _sk_converged(X, y, alpha, l1_ratio)
    _assert_close(res.coef, ref.coef_)
    assert res.intercept == pytest.approx(ref.intercept_, abs=RTOL * (1 + abs(ref.intercept_)))
    # the certificate: recomputed from scratch, and within tol·‖y−ȳ‖²/n
    gap = sn.enet_duality_gap(X, y, res.coef, alpha, l1_ratio, fit_intercept=True)
    assert gap == pytest.approx(res.dual_gap, rel=1e-6, abs=1e-15 * (y @ y) / len(y))
    assert res.converged and res.dual_gap <= 1e-10 * np.var(y)


@pytest.mark.parametrize("name", ["diabetes", "wide_60x300"])
def test_gap_formula_is_sklearns(name):
    X, y = DATASETS[name]()
    alpha = 0.05 * sn.lasso_alpha_max(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk = Lasso(alpha=alpha, tol=1e-2, max_iter=3).fit(X, y)  # deliberately unconverged
    ours = sn.lasso_duality_gap(X, y, sk.coef_, alpha, fit_intercept=True)
    assert ours == pytest.approx(sk.dual_gap_, rel=1e-8)
    assert ours > 0


def test_gap_bounds_suboptimality():
    X, y = DATASETS["wide_60x300"]()
    alpha = 0.05 * sn.lasso_alpha_max(X, y)
    best = sn.lasso(X, y, alpha, tol=1e-11).coef
    rng = np.random.default_rng(3)

    def primal(w):
        r = (y - y.mean()) - (X - X.mean(0)) @ w
        return 0.5 * r @ r / len(y) + alpha * np.abs(w).sum()

    for _ in range(5):
        w = best + 0.01 * rng.standard_normal(best.shape)
        gap = sn.lasso_duality_gap(X, y, w, alpha, fit_intercept=True)
        assert primal(w) - primal(best) <= gap * (1 + 1e-9)


def test_alpha_max_gives_exact_zeros_and_just_below_does_not():
    X, y = DATASETS["diabetes"]()
    a_max = sn.lasso_alpha_max(X, y)
    assert np.all(sn.lasso(X, y, a_max).coef == 0)
    assert np.count_nonzero(sn.lasso(X, y, 0.99 * a_max, tol=1e-10).coef) == 1


@pytest.mark.parametrize("solver", ["fista", "ista", "cd", "working_set"])
def test_every_solver_reaches_the_same_point(solver):
    X, y = DATASETS["diabetes"]()
    alpha = 0.05 * sn.lasso_alpha_max(X, y)
    ref = _sk_converged(X, y, alpha)
    res = sn.lasso(X, y, alpha, tol=1e-12, solver=solver, max_iter=200_000, record_history=True)
    _assert_close(res.coef, ref.coef_)
    hist = res.history
    assert len(hist["dual_gap"]) == len(hist["n_iter"]) == len(hist["time"])
    assert hist["dual_gap"][-1] == res.dual_gap
    assert hist["dual_gap"][0] > 1e3 * hist["dual_gap"][-1]
    if solver != "working_set":
        assert len(hist["coef"]) == len(hist["dual_gap"])
        np.testing.assert_array_equal(hist["coef"][-1], res.coef)


def test_fista_beats_ista_in_iterations():
    X, y = DATASETS["wide_60x300"]()
    alpha = 0.05 * sn.lasso_alpha_max(X, y)
    fista = sn.lasso(X, y, alpha, tol=1e-8, solver="fista", max_iter=100_000)
    ista = sn.lasso(X, y, alpha, tol=1e-8, solver="ista", max_iter=100_000)
    assert fista.converged and ista.converged
    assert fista.n_iter < ista.n_iter


@pytest.mark.parametrize("l1_ratio", [1.0, 0.7])
def test_path_agrees_with_sklearn(l1_ratio):
    X, y = DATASETS["diabetes"]()
    y = y - y.mean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk_alphas, sk_coefs, _ = sk_enet_path(
            X, y, l1_ratio=l1_ratio, tol=1e-13, max_iter=1_000_000
        )
    alphas, coefs, gaps, n_iters = sn.enet_path(
        X, y, l1_ratio=l1_ratio, tol=1e-11, return_n_iter=True
    )
    np.testing.assert_allclose(alphas, sk_alphas, rtol=1e-12)
    assert coefs.shape == (X.shape[1], 100) and gaps.shape == n_iters.shape == (100,)
    for k in range(100):
        _assert_close(coefs[:, k], sk_coefs[:, k])
    assert np.all(gaps <= 1e-11 * (y @ y) / len(y))
    if l1_ratio == 1.0:
        _, lcoefs, _ = sn.lasso_path(X, y, tol=1e-11)
        np.testing.assert_allclose(lcoefs, coefs, atol=1e-9 * np.abs(coefs).max())
        _, sk_lcoefs, _ = sk_lasso_path(X, y, alphas=alphas[:3], tol=1e-13)
        np.testing.assert_allclose(lcoefs[:, :3], sk_lcoefs, atol=1e-8)


def test_path_explicit_alphas_are_sorted_and_warm_started():
    X, y = DATASETS["wide_60x300"]()
    a_max = sn.lasso_alpha_max(X, y, fit_intercept=False)
    grid = a_max * np.array([0.05, 0.5, 0.2])
    alphas, coefs, _ = sn.lasso_path(X, y, alphas=grid, tol=1e-12)
    np.testing.assert_array_equal(alphas, np.sort(grid)[::-1])
    for k, a in enumerate(alphas):
        _assert_close(coefs[:, k], sn.lasso(X, y, a, fit_intercept=False, tol=1e-12).coef)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.4])
def test_sparse_equals_dense(fit_intercept, l1_ratio):
    rng = np.random.default_rng(0)
    Xs = sp.random(300, 400, density=0.05, format="csc", random_state=rng)
    Xs.data += 1.0  # non-zero column means: the intercept correction matters
    y = Xs @ (rng.standard_normal(400) * (rng.random(400) < 0.05)) + rng.standard_normal(300)
    alpha = 0.05 * sn.lasso_alpha_max(Xs, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept)
    kw = dict(fit_intercept=fit_intercept, tol=1e-12)
    dense = sn.elastic_net(Xs.toarray(), y, alpha, l1_ratio, **kw)
    for X in (Xs, Xs.tocsr(), sp.csc_array(Xs)):
        res = sn.elastic_net(X, y, alpha, l1_ratio, **kw)
        _assert_close(res.coef, dense.coef)
        assert res.intercept == pytest.approx(dense.intercept, abs=1e-9)
    ref = _sk_converged(Xs, y, alpha, l1_ratio, fit_intercept=fit_intercept)
    _assert_close(dense.coef, ref.coef_)


def test_sparse_design_is_never_densified():
    # dense, this X would need 8 GB: the fit must run on the sparse structure only
    rng = np.random.default_rng(1)
    X = sp.random(10_000, 100_000, density=2e-5, format="csc", random_state=rng)
    y = rng.standard_normal(10_000)
    res = sn.lasso(X, y, 0.5 * sn.lasso_alpha_max(X, y))
    assert res.converged and np.count_nonzero(res.coef) >= 1


class _ToScipy:
    def __init__(self, X):
        self.X = X

    def to_scipy(self):
        return self.X


def test_accepts_any_object_with_to_scipy():
    rng = np.random.default_rng(2)
    X = sp.random(50, 30, density=0.3, format="csc", random_state=rng)
    y = rng.standard_normal(50)
    a = 0.1 * sn.lasso_alpha_max(X, y)
    np.testing.assert_array_equal(sn.lasso(_ToScipy(X), y, a).coef, sn.lasso(X, y, a).coef)


def test_accepts_sparsenorm_csc():
    sparse = pytest.importorskip("sparsenorm.sparse")
    rng = np.random.default_rng(2)
    X = sp.random(50, 30, density=0.3, format="csc", random_state=rng)
    y = rng.standard_normal(50)
    Xs = sparse.CSC(X.indptr, X.indices, X.data, shape=X.shape)
    a = 0.1 * sn.lasso_alpha_max(X, y)
    np.testing.assert_allclose(sn.lasso(Xs, y, a).coef, sn.lasso(X, y, a).coef, atol=1e-12)


def test_positive_agrees_with_sklearn():
    X, y = DATASETS["diabetes"]()
    alpha = 0.01 * sn.lasso_alpha_max(X, y)
    res = sn.lasso(X, y, alpha, positive=True, tol=1e-12)
    assert res.coef.min() >= 0
    _assert_close(res.coef, _sk_converged(X, y, alpha, positive=True).coef_)


def test_max_iter_warns_and_reports_the_gap():
    X, y = DATASETS["wide_60x300"]()
    alpha = 0.01 * sn.lasso_alpha_max(X, y)
    for solver in ("auto", "fista", "cd"):
        with pytest.warns(ConvergenceWarning, match="did not converge"):
            res = sn.lasso(X, y, alpha, tol=1e-14, max_iter=2, solver=solver)
        assert not res.converged and res.dual_gap > 1e-14 * np.var(y)


def test_inputs_are_not_mutated_and_float32_is_kept():
    X, y = DATASETS["diabetes"]()
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    X_copy, y_copy = X32.copy(), y32.copy()
    w0 = np.ones(X.shape[1])
    res = sn.lasso(X32, y32, 1.0, coef_init=w0)
    np.testing.assert_array_equal(X32, X_copy)
    np.testing.assert_array_equal(y32, y_copy)
    np.testing.assert_array_equal(w0, np.ones(X.shape[1]))
    assert res.coef.dtype == np.float32
    _assert_close(res.coef, sn.lasso(X, y, 1.0).coef.astype(np.float32))


BAD = [
    (dict(X=np.full((3, 2), np.nan)), ValueError, "X contains NaN"),
    (dict(y=np.array([1.0, np.nan, 0.0])), ValueError, "y contains NaN"),
    (dict(y=np.ones(4)), ValueError, "inconsistent numbers of samples"),
    (dict(alpha=-1.0), ValueError, "alpha must be >= 0"),
    (dict(X=np.ones((3, 2, 2))), ValueError, "X must be a 2-D array"),
    (dict(y=np.ones((3, 2))), ValueError, "y must be a 1-D array"),
    (dict(alpha="big"), TypeError, "alpha must be a real number"),
    (dict(X=np.ones((3, 2), dtype=complex)), TypeError, "X must be real-valued"),
    (dict(solver="newton"), ValueError, "solver must be one of"),
    (dict(max_iter=0), ValueError, "max_iter must be >= 1"),
    (dict(coef_init=np.ones(3)), ValueError, "coef_init must have shape"),
    (dict(X=np.ones((0, 2)), y=np.ones(0)), ValueError, "at least one sample"),
]


@pytest.mark.parametrize(("override", "error", "match"), BAD)
def test_bad_input_is_named(override, error, match):
    args = dict(X=np.arange(6.0).reshape(3, 2), y=np.ones(3), alpha=0.1)
    args.update(override)
    X, y, alpha = args.pop("X"), args.pop("y"), args.pop("alpha")
    with pytest.raises(error, match=match):
        sn.lasso(X, y, alpha, **args)


def test_bad_l1_ratio_and_sparse_nan():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match="l1_ratio must lie in"):
        sn.elastic_net(X, np.ones(3), 0.1, l1_ratio=1.5)
    Xs = sp.csc_matrix(X)
    Xs.data[0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        sn.lasso(Xs, np.ones(3), 0.1)


# ------------------------------------------------------------------------------------ ridge
@pytest.mark.parametrize("name", ["diabetes", "breast_cancer", "wide_60x300", "tall_2000x30"])
@pytest.mark.parametrize("solver", ["auto", "svd", "cholesky", "lsqr"])
@pytest.mark.parametrize("alpha", [1e-3, 1.0, 100.0])
def test_ridge_agrees_with_sklearn(name, solver, alpha):
    X, y = DATASETS[name]()
    res = sn.ridge(X, y, alpha, solver=solver, tol=1e-12)
    ref = Ridge(alpha=alpha, solver="svd").fit(X, y)
    _assert_close(res.coef, ref.coef_)
    assert res.intercept == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-8)
    gap = sn.ridge_duality_gap(X, y, res.coef, alpha, fit_intercept=True)
    assert gap == pytest.approx(res.dual_gap, rel=1e-6, abs=1e-9)
    assert res.dual_gap <= 1e-8 * (y.var() * len(y))


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_sparse_and_positive(fit_intercept):
    rng = np.random.default_rng(0)
    Xs = sp.random(200, 50, density=0.1, format="csc", random_state=rng)
    y = rng.standard_normal(200)
    dense = sn.ridge(Xs.toarray(), y, 0.5, fit_intercept=fit_intercept)
    sparse = sn.ridge(Xs, y, 0.5, fit_intercept=fit_intercept)
    _assert_close(sparse.coef, dense.coef)
    ref = Ridge(alpha=0.5, fit_intercept=fit_intercept).fit(Xs.toarray(), y)
    _assert_close(dense.coef, ref.coef_)
    pos = sn.ridge(Xs, y, 0.5, fit_intercept=fit_intercept, positive=True)
    ref = Ridge(alpha=0.5, fit_intercept=fit_intercept, positive=True, tol=1e-10)
    ref.fit(Xs.toarray(), y)
    assert pos.coef.min() >= 0
    # scikit-learn's L-BFGS-B stops on its own criterion: ours (exact NNLS) is never worse
    Xd = Xs.toarray()

    def objective(w, b):
        return np.sum((y - Xd @ w - b) ** 2) + 0.5 * w @ w

    assert objective(pos.coef, pos.intercept) <= objective(ref.coef_, ref.intercept_) + 1e-12
    np.testing.assert_allclose(pos.coef, ref.coef_, atol=1e-4)


def test_ridge_bad_input():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        sn.ridge(X, np.ones(3), -1.0)
    with pytest.raises(ValueError, match="solver must be one of"):
        sn.ridge(X, np.ones(3), solver="qr")
    with pytest.raises(ValueError, match="does not support positive"):
        sn.ridge(X, np.ones(3), solver="svd", positive=True)


def test_import_is_light():
    code = (
        "import sys, sparsenorm, sparsenorm.solvers; "
        "heavy = [m for m in ('scipy', 'sklearn') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
