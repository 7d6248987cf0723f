"""sparsenorm's estimators: scikit-learn's whole estimator test suite, and agreement with it."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from _helpers import diabetes as _diabetes
from sklearn import linear_model
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.datasets import load_diabetes
from sklearn.utils.estimator_checks import parametrize_with_checks

import sparsenorm
from sparsenorm.estimators import ElasticNet, Lasso, Ridge
from sparsenorm.exceptions import NotFittedError

ESTIMATORS = [
    Lasso(),
    ElasticNet(),
    Ridge(),
    Lasso(positive=True),
    ElasticNet(fit_intercept=False),
    Ridge(solver="lsqr"),
    Ridge(solver="svd"),
    Ridge(positive=True),
]


# every check, no exemption: no expected_failed_checks, no warning filter
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_estimators_stand_on_sklearn_base_classes():
    for cls in (Lasso, ElasticNet, Ridge):
        assert issubclass(cls, BaseEstimator) and issubclass(cls, RegressorMixin)
        # the hand-written machinery is gone: these come from scikit-learn
        ours = [k for k in cls.__mro__ if k.__module__ == "sparsenorm.estimators"]
        for method in ("get_params", "set_params", "__repr__", "_get_param_names"):
            assert not any(method in vars(k) for k in ours), method


def _quiet_fit(est, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(*args, **kwargs)


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
    _quiet_fit(theirs, X, y)
    scale = np.abs(theirs.coef_).max()
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-6 * scale)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-8)
    np.testing.assert_allclose(ours.predict(X[:5]), theirs.predict(X[:5]), rtol=1e-6)
    assert np.all(np.asarray(ours.n_iter_) >= 1) and ours.dual_gap_ >= 0
    assert ours.n_features_in_ == X.shape[1]


def test_multi_target_values_and_shapes_match_sklearn():
    X, y = _diabetes()
    Y = np.column_stack([y, -y, 2 * y + X[:, 0] * 100])
    for ours, theirs in [
        (Lasso(alpha=0.1, tol=1e-10), linear_model.Lasso(alpha=0.1, tol=1e-13, max_iter=10**6)),
        (Ridge(), linear_model.Ridge()),
    ]:
        ours.fit(X, Y)
        _quiet_fit(theirs, X, Y)
        assert ours.coef_.shape == theirs.coef_.shape == (3, X.shape[1])
        np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-6 * np.abs(Y).max())
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-6)
        assert np.shape(ours.intercept_) == np.shape(theirs.intercept_) == (3,)
        assert ours.predict(X).shape == (X.shape[0], 3)
        assert np.shape(ours.n_iter_) == (3,)


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
    dense = Lasso(alpha=0.05, tol=1e-10).fit(X, y)
    for fmt in (sp.csc_matrix, sp.csr_matrix, sp.csr_array, sp.coo_matrix):
        sparse = Lasso(alpha=0.05, tol=1e-10).fit(fmt(X), y)
        np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-8)
        assert sparse.intercept_ == pytest.approx(dense.intercept_)
        np.testing.assert_allclose(sparse.predict(fmt(X)), dense.predict(X), rtol=1e-10)


def test_sparsenorm_sparse_input_is_accepted():
    from sparsenorm.sparse import from_scipy

    X, y = _diabetes()
    Xs = from_scipy(sp.csr_matrix(X))
    for est in (Lasso(alpha=0.05, tol=1e-10), Ridge()):
        ours = clone(est).fit(Xs, y)
        dense = clone(est).fit(X, y)
        np.testing.assert_allclose(ours.coef_, dense.coef_, atol=1e-8)
        np.testing.assert_allclose(ours.predict(Xs), dense.predict(X), rtol=1e-10)


def test_unfitted_and_bad_input():
    X, y = _diabetes()
    from sklearn.exceptions import NotFittedError as SklearnNotFittedError

    for err in (NotFittedError, SklearnNotFittedError):  # one class that is both
        with pytest.raises(err, match="not fitted"):
            Lasso().predict(X)
    with pytest.raises(NotFittedError):
        _ = Lasso().sparse_coef_
    with pytest.raises(ValueError, match="Input X contains NaN"):
        Lasso().fit(np.where(X > 0.1, np.nan, X), y)
    with pytest.raises(ValueError, match="Input y contains NaN"):
        Lasso().fit(X, np.where(y > 100, np.nan, y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Ridge().fit(X, y[:-1])
    with pytest.raises(ValueError, match="'alpha' parameter of ElasticNet must be a float"):
        ElasticNet(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="Found array with dim 3"):
        Lasso().fit(X[:, :, None], y)
    with pytest.raises(ValueError, match="X has 3 features, but Lasso is expecting 10"):
        Lasso().fit(X, y).predict(X[:, :3])


@pytest.mark.parametrize(
    ("est", "param", "value"),
    [
        (Lasso(), "positive", "yes"),
        (Lasso(), "fit_intercept", "no"),
        (ElasticNet(), "warm_start", 1),
        (ElasticNet(), "copy_X", "False"),
        (Ridge(), "positive", "yes"),
        (Ridge(), "fit_intercept", "no"),
        (Lasso(), "selection", "shuffled"),
        (Ridge(), "solver", "qr"),
        (Lasso(), "max_iter", 0),
        (Lasso(), "max_iter", None),
        (Ridge(), "max_iter", -5),
        (ElasticNet(), "l1_ratio", 1.5),
        (Lasso(), "tol", -1.0),
    ],
)
def test_bad_parameters_are_rejected_naming_the_parameter(est, param, value):
    X, y = _diabetes()
    est = clone(est).set_params(**{param: value})
    with pytest.raises(ValueError, match=f"The '{param}' parameter of {type(est).__name__}"):
        est.fit(X, y)


def test_params_clone_and_repr():
    est = ElasticNet(alpha=0.3, l1_ratio=0.2)
    assert est.get_params()["l1_ratio"] == 0.2
    assert repr(est) == "ElasticNet(alpha=0.3, l1_ratio=0.2)"
    twin = clone(est)
    assert twin is not est and twin.get_params() == est.get_params()
    assert "l1_ratio" not in Lasso().get_params()
    assert sorted(Lasso().get_params()) == sorted(linear_model.Lasso().get_params())
    assert sorted(ElasticNet().get_params()) == sorted(linear_model.ElasticNet().get_params())
    assert sorted(Ridge().get_params()) == sorted(linear_model.Ridge().get_params())
    with pytest.raises(ValueError, match="Invalid parameter 'beta'"):
        est.set_params(beta=1)


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


@pytest.mark.parametrize("est", [Lasso(alpha=2.0), ElasticNet(alpha=2.0)])
def test_sparse_coef_is_what_sklearn_returns(est):
    import sklearn

    from sparsenorm.sparse import CSR, from_scipy, to_sparse_csr

    X, y = _diabetes()
    ours = clone(est).fit(X, y)
    theirs = getattr(linear_model, type(est).__name__)(alpha=2.0).fit(X, y)
    sc = ours.sparse_coef_
    assert type(sc) is type(theirs.sparse_coef_) is sp.csr_matrix
    assert sc.shape == theirs.sparse_coef_.shape == (1, X.shape[1])
    assert sc.nnz == np.count_nonzero(ours.coef_) < X.shape[1]
    np.testing.assert_array_equal(sc.toarray(), ours.coef_[None, :])
    with sklearn.config_context(sparse_interface="sparray"):
        assert type(ours.sparse_coef_) is type(theirs.sparse_coef_) is sp.csr_array
    # the docstring's promise: a sparsenorm CSR is one call away
    for csr in (from_scipy(sc), to_sparse_csr(ours.coef_[None, :])):
        assert isinstance(csr, CSR)
        np.testing.assert_array_equal(csr.to_dense(), sc.toarray())
    two = clone(est).fit(X, np.column_stack([y, y]))
    assert two.sparse_coef_.shape == (2, X.shape[1])


IMPORT_CHECK = """
import sys
import sparsenorm
heavy = [m for m in ("sklearn", "scipy", "torch", "matplotlib") if m in sys.modules]
assert not heavy, heavy
names = dir(sparsenorm)
assert {"Lasso", "ElasticNet", "Ridge", "estimators", "lasso", "sparse"} <= set(names), names
assert {"Lasso", "ElasticNet", "Ridge"} <= set(sparsenorm.__all__)
assert "sklearn" not in sys.modules  # dir() and __all__ did not import it either
est = sparsenorm.Lasso
assert "sklearn" in sys.modules and est is sparsenorm.estimators.Lasso
print("ok")
"""


def test_import_sparsenorm_does_not_import_sklearn_scipy_torch_matplotlib():
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "ok"


MISSING_SKLEARN = """
import sys
sys.modules["sklearn"] = None  # as if scikit-learn were not installed
import sparsenorm
from sparsenorm import *  # works: the estimators are not in __all__ without scikit-learn
assert not {"Lasso", "ElasticNet", "Ridge"} & set(sparsenorm.__all__)
assert "Lasso" in dir(sparsenorm)  # still listed, and explains itself on access
sparsenorm.lasso([[1.0], [2.0]], [1.0, 2.0], alpha=0.1)  # the solvers need only numpy
try:
    sparsenorm.Ridge
except ImportError as err:
    print(err)
"""


def test_missing_sklearn_gives_a_clear_import_error():
    out = subprocess.run(
        [sys.executable, "-c", MISSING_SKLEARN], capture_output=True, text=True, check=True
    )
    assert "need scikit-learn >= 1.6" in out.stdout
    assert "pip install 'sparsenorm[sklearn]'" in out.stdout


def test_lazy_attributes_and_unknown_names():
    assert sparsenorm.Ridge is Ridge and sparsenorm.estimators.ElasticNet is ElasticNet
    with pytest.raises(AttributeError, match="has no attribute 'Lassoo'"):
        _ = sparsenorm.Lassoo
