"""Regression tests: the defects of issue 12 that an estimator user could meet.

(Bad boolean and integer parameters are in test_estimators.py, the score() cases in
test_estimators_compat.py::test_score_validates_like_r2_score and
test_difference_negative_sample_weight.)
"""

import warnings

import numpy as np
import pytest
from _helpers import diabetes as _diabetes
from sklearn import linear_model

from sparsenorm.estimators import ElasticNet, EstimatorConvergenceWarning, Lasso, Ridge


@pytest.mark.parametrize("dtype", [np.float16, np.dtype(">f8"), np.dtype(">f4"), np.longdouble])
@pytest.mark.parametrize("cls", [Lasso, ElasticNet, Ridge])
def test_low_and_odd_precision_x_is_fitted_in_float64(cls, dtype):
    # issue 12: Lasso/ElasticNet kept float16 (and big-endian, longdouble) as the dtype of
    # coef_ and rounded the intercept. Now: the fit of X converted to float64, exactly.
    X, y = _diabetes()
    X = X.astype(dtype)
    ours = cls(alpha=0.1).fit(X, y)
    ref = cls(alpha=0.1).fit(X.astype(np.float64), y)
    assert ours.coef_.dtype == np.float64 and type(ours.intercept_) is np.float64
    np.testing.assert_array_equal(ours.coef_, ref.coef_)
    assert ours.intercept_ == ref.intercept_


def test_score_no_longer_returns_one_for_invalid_input():
    # issue 12: R² = 1.0 for NaN in y and for all-zero or all-negative weights, 0.0 for inf
    X, y = _diabetes()
    model = Lasso(alpha=0.1).fit(X, y)
    bad_y = y.copy()
    bad_y[0] = np.nan
    for kwargs in (
        {"y": bad_y},
        {"y": np.where(np.arange(len(y)) == 0, np.inf, y)},
        {"y": y, "sample_weight": np.zeros(len(y))},
        {"y": y, "sample_weight": -np.ones(len(y))},
    ):
        with pytest.raises(ValueError):
            model.score(X, **kwargs)


def test_ridge_positive_dual_gap_is_the_gap_of_the_constrained_problem():
    # issue 12: Ridge(positive=True).dual_gap_ was the unconstrained problem's gap
    X, y = _diabetes()
    ours = Ridge(alpha=0.5, positive=True).fit(X, y)
    theirs = linear_model.Ridge(alpha=0.5, positive=True, tol=1e-12).fit(X, y)
    unconstrained = Ridge(alpha=0.5).fit(X, y)
    assert (ours.coef_ >= 0).all() and (unconstrained.coef_ < 0).any()  # the constraint binds

    def objective(m):
        r = y - X @ m.coef_ - m.intercept_
        return float(r @ r + 0.5 * m.coef_ @ m.coef_)

    # a certificate: never below the suboptimality it bounds, and small at the solution
    assert objective(ours) - objective(theirs) <= ours.dual_gap_ + 1e-12 * objective(theirs)
    gap_to_unconstrained_optimum = objective(ours) - objective(unconstrained)
    assert gap_to_unconstrained_optimum > 1e3  # what the old, wrong gap had to exceed
    assert ours.dual_gap_ <= 1e-8 * objective(theirs)


@pytest.mark.parametrize("scale", [1e-150, 1e-20, 1e20, 1e150])
def test_extreme_scales_solve_or_warn(scale):
    # issue 12: lasso(X * 1e160, y, 0.1e160) gave all zeros and converged=True; ridge(X * 1e300)
    # gave NaN. Scaling X by s and the strength accordingly scales the solution by 1/s.
    X, y = _diabetes()
    for model, ref, strength in (
        (Lasso, Lasso(alpha=0.1, tol=1e-10).fit(X, y), 0.1 * scale),
        (Ridge, Ridge(alpha=0.5).fit(X, y), 0.5 * scale**2),
    ):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fitted = model(alpha=strength, tol=1e-10).fit(X * scale, y)
        assert np.isfinite(fitted.coef_).all() and np.isfinite(fitted.intercept_)
        warned = any(issubclass(w.category, EstimatorConvergenceWarning) for w in caught)
        error = np.abs(fitted.coef_ * scale - ref.coef_).max() / np.abs(ref.coef_).max()
        assert warned or error <= 1e-6, (model.__name__, error)


def test_ridge_on_huge_x_never_returns_nan():
    X, y = _diabetes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = Ridge().fit(X * 1e300, y)
        except ValueError as err:  # a clear refusal is allowed, a NaN is not
            assert "X" in str(err) or "alpha" in str(err)
            return
    assert np.isfinite(model.coef_).all() and np.isfinite(model.predict(X * 1e300)).all()


def test_warm_start_far_from_the_optimum_converges():
    # issue 12: coef_init = 3000 * ones with p > n (40 × 100) ended around 1e8 after 15 rounds
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 100))
    y = X[:, :5] @ np.ones(5) + 0.1 * rng.standard_normal(40)
    cold = Lasso(alpha=0.05, tol=1e-10).fit(X, y)
    warm = Lasso(alpha=0.05, tol=1e-10, warm_start=True).fit(X, y)
    warm.coef_ = np.full(100, 3000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", EstimatorConvergenceWarning)
        warm.fit(X, y)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-6 * np.abs(cold.coef_).max())
    assert warm.dual_gap_ <= 1e-10 * np.var(y)
