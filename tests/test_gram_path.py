"""The Lasso path on the full Gram matrix (``_Problem.gram_path``): when it runs, and that every
point it returns is certified by the duality gap at the residual, as the other paths' are."""

import os

import numpy as np
import pytest

import sparsenorm.solvers as sn
from sparsenorm._kernels import NUMBA_ENV
from sparsenorm.solvers import _lasso

pytest.importorskip("numba")
if os.environ.get(NUMBA_ENV, "1") == "0":
    pytest.skip(f"{NUMBA_ENV}=0 switches the compiled loops off", allow_module_level=True)


def _tall(n=400, p=80, rho=0.7, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, p))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * Z[:, j]
    y = X[:, ::5] @ rng.uniform(0.5, 1.5, len(range(0, p, 5))) + rng.standard_normal(n) + 2.0
    return X, y


def _count(monkeypatch):
    """Wrap gram_path and the point-by-point working-set solve; count what ran."""
    calls = {"gram": 0, "taken": 0, "solve": 0}
    gram_path, solve = _lasso._Problem.gram_path, _lasso._Problem.solve

    def counted_gram(self, *args, **kwargs):
        calls["gram"] += 1
        out = gram_path(self, *args, **kwargs)
        calls["taken"] += out is not None
        return out

    def counted_solve(self, *args, **kwargs):
        calls["solve"] += 1
        return solve(self, *args, **kwargs)

    monkeypatch.setattr(_lasso._Problem, "gram_path", counted_gram)
    monkeypatch.setattr(_lasso._Problem, "solve", counted_solve)
    return calls


def _unit(y, intercept):
    yc = y - y.mean() if intercept else y
    return float(yc @ yc) / len(y)


@pytest.mark.parametrize(("intercept", "positive"), [(False, False), (True, False), (True, True)])
def test_tall_lasso_path_runs_on_the_gram_and_is_certified(monkeypatch, intercept, positive):
    X, y = _tall()
    calls = _count(monkeypatch)
    alphas, coefs, gaps = sn.lasso_path(
        X, y, alphas=30, eps=1e-3, fit_intercept=intercept, positive=positive, tol=1e-9
    )
    assert calls["taken"] == 1
    assert np.all(gaps <= 1e-9 * _unit(y, intercept))
    # an independent check of each gap: sparsenorm's public gap at the returned coefficients
    for a, w, g in zip(alphas, coefs.T, gaps, strict=True):
        public = sn.lasso_duality_gap(X, y, w, a, fit_intercept=intercept, positive=positive)
        assert public <= 1e-9 * _unit(y, intercept) * (1 + 1e-6)
        assert g == pytest.approx(public, rel=1e-6, abs=1e-14 * _unit(y, intercept))
    if positive:
        assert (coefs >= 0).all()
    # the same path point by point (the Gram path declined): the same solutions
    monkeypatch.setattr(_lasso._Problem, "gram_path", lambda *args, **kwargs: None)
    _, coefs_ws, _ = sn.lasso_path(
        X, y, alphas=alphas, fit_intercept=intercept, positive=positive, tol=1e-12
    )
    np.testing.assert_allclose(coefs, coefs_ws, atol=1e-4 * np.abs(coefs_ws).max())


def test_gram_path_declines_wide_sparse_and_elastic_net(monkeypatch):
    import scipy.sparse

    calls = _count(monkeypatch)
    X, y = _tall(n=60, p=80)  # p > n
    sn.lasso_path(X, y, alphas=10)
    X, y = _tall()
    sn.lasso_path(scipy.sparse.csc_array(X), y, alphas=10)
    assert calls["gram"] == 2 and calls["taken"] == 0
    sn.enet_path(X, y, l1_ratio=0.5, alphas=10)  # an L2 share: never asked
    assert calls["gram"] == 2
    # p larger than 2·GRAM_SPEEDUP·n_alphas: the Gram would cost more than the passes it saves
    X, y = _tall(n=400, p=100)
    sn.lasso_path(X, y, alphas=int(100 / (2 * _lasso.GRAM_SPEEDUP)) - 1)
    assert calls["gram"] == 3 and calls["taken"] == 0


def test_gram_path_points_that_miss_tol_are_polished(monkeypatch):
    """An inner solve that does nothing leaves every point uncertified: each is then solved
    by the working-set solver and the path is still certified."""

    monkeypatch.setattr(_lasso, "_inner_cd", lambda kernel, H, b, lam, w, *a, **k: w.copy())
    calls = _count(monkeypatch)
    X, y = _tall()
    _, _, gaps = sn.lasso_path(X, y, alphas=20, tol=1e-9)
    assert calls["taken"] == 1 and calls["solve"] == 20 - 1  # alpha_max: w = 0 is exact
    assert np.all(gaps <= 1e-9 * _unit(y, False))


def test_gram_path_feature_bound_is_fourteen_times_the_points(monkeypatch):
    """The Notes' ``2 · GRAM_SPEEDUP = 14``: taken at p = 14 · points, declined one above."""
    assert 2 * _lasso.GRAM_SPEEDUP == 14
    calls = _count(monkeypatch)
    X, y = _tall(n=400, p=99)
    sn.lasso_path(X[:, :98], y, alphas=7)  # 98 = 14 · 7
    assert calls["taken"] == 1
    sn.lasso_path(X, y, alphas=7)  # 99 > 14 · 7
    assert calls["gram"] == 2 and calls["taken"] == 1


def test_gram_path_declines_a_zero_alpha_and_no_numba(monkeypatch):
    import warnings

    import sparsenorm._kernels as kernels

    calls = _count(monkeypatch)
    X, y = _tall()
    a_max = sn.lasso_alpha_max(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # alpha = 0: least squares, uncertified is fine here
        sn.lasso_path(X, y, alphas=a_max * np.array([1.0, 0.1, 0.0]))
    assert calls["gram"] == 1 and calls["taken"] == 0
    monkeypatch.setitem(kernels._COMPILED, _lasso._cd_gram_loop, None)
    sn.lasso_path(X, y, alphas=10)
    assert calls["gram"] == 2 and calls["taken"] == 0
