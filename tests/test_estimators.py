"""sparsenorm's estimators pass scikit-learn's full estimator test suite, with no exemption."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import linear_model
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparsenorm.estimators import ElasticNet, Lasso, Ridge
from sparsenorm.exceptions import NotFittedError

ESTIMATORS = [Lasso(), ElasticNet(), Ridge(), Lasso(positive=True), Ridge(solver="lsqr")]


# sparsenorm's estimators deliberately do not inherit from sklearn.base.BaseEstimator, so that
# `import sparsenorm` never imports scikit-learn; scikit-learn warns about that when it collects
# the checks. The warning is silenced here, and only here; every check still runs.
_NOT_BASE = "ignore:Estimator .* does not inherit from `sklearn.base.BaseEstimator`:UserWarning"
with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore", message="Estimator .* does not inherit", category=UserWarning
    )
    _with_checks = parametrize_with_checks(ESTIMATORS)


@pytest.mark.filterwarnings(_NOT_BASE)
@_with_checks
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    return X, y


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (Lasso(alpha=0.1, tol=1e-10), linear_model.Lasso(alpha=0.1, tol=1e-13, max_iter=10**6)),
        (
            ElasticNet(alpha=0.01, l1_ratio=0.3, tol=1e-10),
            linear_model.ElasticNet(alpha=0.01, l1_ratio=0.3, tol=1e-13, max_iter=10**6),
        ),
        (Ridge(alpha=0.5), linear_model.Ridge(alpha=0.5)),
    ],
)
def test_fitted_attributes_match_sklearn(ours, theirs):
    X, y = _diabetes()
    ours.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, y)
    scale = np.abs(theirs.coef_).max()
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-6 * scale)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-8)
    np.testing.assert_allclose(ours.predict(X[:5]), theirs.predict(X[:5]), rtol=1e-6)
    assert ours.n_iter_ >= 1 and ours.dual_gap_ >= 0
    assert ours.n_features_in_ == X.shape[1]


def test_multi_target_shapes_match_sklearn():
    X, y = _diabetes()
    Y = np.column_stack([y, -y, 2 * y])
    for ours, theirs in [
        (Lasso(alpha=0.1), linear_model.Lasso(alpha=0.1)),
        (Ridge(), linear_model.Ridge()),
    ]:
        ours.fit(X, Y)
        theirs.fit(X, Y)
        assert ours.coef_.shape == theirs.coef_.shape == (3, X.shape[1])
        assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)
        assert ours.predict(X).shape == (X.shape[0], 3)
        assert len(ours.n_iter_) == 3


def test_column_y_shapes_match_sklearn():
    # the pizza article passes y as a column: scikit-learn 1.9 flattens coef_ for both
    X, y = _diabetes()
    for ours, theirs in [
        (Lasso(alpha=0.1), linear_model.Lasso(alpha=0.1)),
        (Ridge(), linear_model.Ridge()),
    ]:
        ours.fit(X, y[:, None])
        theirs.fit(X, y[:, None])
        assert ours.coef_.shape == theirs.coef_.shape == (X.shape[1],)
        assert np.shape(ours.intercept_) == np.shape(theirs.intercept_) == (1,)
        assert ours.predict(X).shape == theirs.predict(X).shape


def test_warm_start_and_sparse_input():
    X, y = _diabetes()
    est = Lasso(alpha=0.05, warm_start=True, tol=1e-10).fit(X, y)
    first = est.coef_.copy()
    est.fit(X, y)
    np.testing.assert_allclose(est.coef_, first, atol=1e-8)
    assert est.n_iter_ == 1  # a converged warm start is certified by the first gap
    Xs = sp.csc_matrix(X)
    dense = Lasso(alpha=0.05, tol=1e-10).fit(X, y)
    sparse = Lasso(alpha=0.05, tol=1e-10).fit(Xs, y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-8)
    assert sparse.intercept_ == pytest.approx(dense.intercept_)


def test_unfitted_and_bad_input():
    X, y = _diabetes()
    with pytest.raises(NotFittedError, match="not fitted"):
        Lasso().predict(X)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        Lasso().fit(np.where(X > 0.1, np.nan, X), y)
    with pytest.raises(ValueError, match="Input y contains NaN"):
        Lasso().fit(X, np.where(y > 100, np.nan, y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Ridge().fit(X, y[:-1])
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        ElasticNet(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="Expected a 2D array"):
        Lasso().fit(X[:, :, None], y)
    with pytest.raises(ValueError, match="X has 3 features, but Lasso is expecting 10"):
        Lasso().fit(X, y).predict(X[:, :3])


def test_params_clone_and_repr():
    est = ElasticNet(alpha=0.3, l1_ratio=0.2)
    assert est.get_params()["l1_ratio"] == 0.2
    assert repr(est) == "ElasticNet(alpha=0.3, l1_ratio=0.2)"
    twin = clone(est)
    assert twin is not est and twin.get_params() == est.get_params()
    assert "l1_ratio" not in Lasso().get_params()
    with pytest.raises(ValueError, match="Invalid parameter 'beta'"):
        est.set_params(beta=1)


def test_import_does_not_load_sklearn_or_scipy():
    code = (
        "import sys, sparsenorm, sparsenorm.estimators, sparsenorm.solvers; "
        "heavy = [m for m in ('sklearn', 'scipy') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_dataframe_feature_names():
    pd = pytest.importorskip("pandas")
    X, y = _diabetes()
    names = load_diabetes().feature_names
    est = Lasso(alpha=0.1).fit(pd.DataFrame(X, columns=names), y)
    np.testing.assert_array_equal(est.feature_names_in_, names)
    with pytest.raises(ValueError, match="Feature names must be in the same order"):
        est.predict(pd.DataFrame(X, columns=names[::-1]))
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        est.predict(X)


def test_sparse_coef_is_a_sparsenorm_csr_of_the_nonzeros():
    from sparsenorm.sparse import CSR

    X, y = _diabetes()
    est = Lasso(alpha=2.0).fit(X, y)
    sc = est.sparse_coef_
    assert isinstance(sc, CSR) and sc.shape == (1, X.shape[1])
    assert sc.nnz == np.count_nonzero(est.coef_) < X.shape[1]
    np.testing.assert_array_equal(sc.to_dense(), est.coef_[None, :])
