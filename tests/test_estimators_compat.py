"""Where sparsenorm's estimators behave as scikit-learn's, and each documented difference.

Every row of the table of differences on the API page (docs/api/solvers.rst) is checked here,
against the installed scikit-learn wherever its behaviour is the other half of the row.
"""

import inspect
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from _helpers import diabetes as _diabetes
from _helpers import quiet as _quiet
from sklearn import linear_model
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning

import sparsenorm
from sparsenorm.estimators import ElasticNet, EstimatorConvergenceWarning, Lasso, Ridge

SK = {
    "Lasso": linear_model.Lasso,
    "ElasticNet": linear_model.ElasticNet,
    "Ridge": linear_model.Ridge,
}


def _sklearn_twin(est):
    return SK[type(est).__name__](**est.get_params())


# -- the same as scikit-learn -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Lasso", "ElasticNet", "Ridge"])
@pytest.mark.parametrize("method", ["__init__", "fit", "predict", "score"])
def test_signatures_are_sklearns(name, method):
    ours = getattr(getattr(sparsenorm, name), method)
    theirs = getattr(SK[name], method)
    assert inspect.signature(ours) == inspect.signature(theirs)


@pytest.mark.parametrize("name", ["Lasso", "ElasticNet", "Ridge"])
@pytest.mark.parametrize("method", ["set_fit_request", "set_score_request"])
def test_metadata_request_methods_take_sklearns_parameters(name, method):
    ours = inspect.signature(getattr(getattr(sparsenorm, name), method)).parameters
    theirs = inspect.signature(getattr(SK[name], method)).parameters
    assert list(ours) == list(theirs) == ["self", "sample_weight"]


def test_metadata_routing_passes_sample_weight_through_a_pipeline():
    from sklearn.pipeline import make_pipeline

    X, y = _diabetes()
    sw = np.random.default_rng(0).uniform(0.5, 2.0, len(y))
    for est in (Lasso(alpha=0.1), Ridge()):
        with sklearn.config_context(enable_metadata_routing=True):
            routed = clone(est).set_fit_request(sample_weight=True)
            pipe = make_pipeline(routed).fit(X, y, sample_weight=sw)
            with pytest.raises(ValueError, match="sample_weight"):
                make_pipeline(clone(est)).fit(X, y, sample_weight=sw)  # not requested
        direct = clone(est).fit(X, y, sample_weight=sw)
        np.testing.assert_array_equal(pipe[-1].coef_, direct.coef_)


IN_DTYPES = [
    np.float16,
    np.float32,
    np.float64,
    np.dtype(">f8"),
    np.dtype(">f4"),
    np.longdouble,
    np.int8,
    np.uint16,
    np.int64,
    np.bool_,
]


@pytest.mark.parametrize("dtype", IN_DTYPES, ids=str)
@pytest.mark.parametrize("est", [Lasso(alpha=0.01), ElasticNet(alpha=0.01), Ridge()], ids=repr)
def test_dtypes_follow_sklearn(dtype, est):
    # float32 and float64 kept, everything else (float16, big-endian, longdouble, ints,
    # bool) becomes float64: coef_, intercept_ and predictions as scikit-learn 1.9 gives them
    X, y = _diabetes()
    if np.dtype(dtype).kind == "b":
        X = X > 0
    elif np.dtype(dtype).kind in "iu":
        X = np.round((X - X.min(axis=0)) * 40).astype(dtype)  # 0 to 40: fits every int type
    else:
        X = X.astype(dtype)
    ours = clone(est).fit(X, y)
    theirs = _quiet(_sklearn_twin(est).fit, X, y)
    assert ours.coef_.dtype == theirs.coef_.dtype
    assert ours.coef_.dtype in (np.float32, np.float64) and ours.coef_.dtype.isnative
    assert type(ours.intercept_) is type(theirs.intercept_)
    pred, their_pred = ours.predict(X), theirs.predict(X)
    assert pred.dtype == their_pred.dtype
    assert X.dtype == np.dtype(dtype) or X.dtype == bool  # the input was not converted in place
    expected = np.float32 if np.dtype(dtype) == np.float32 else np.float64
    assert ours.coef_.dtype == expected
    # predictions: numpy's dtype of X @ coef_, as in scikit-learn (longdouble X gives
    # longdouble predictions from float64 coefficients)
    assert pred.dtype == np.result_type(X.dtype, ours.coef_.dtype)


def test_y_is_cast_to_the_dtype_of_x(monkeypatch):
    import sparsenorm.estimators as module

    seen = []
    for name in ("elastic_net", "ridge"):
        solver = getattr(module, name)

        def spy(X, y, *args, _solver=solver, **kwargs):
            seen.append((X.dtype, y.dtype))
            return _solver(X, y, *args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    X, y = _diabetes()
    for est in (Lasso(alpha=0.1), ElasticNet(alpha=0.1), Ridge()):
        for dtype in (np.float32, np.float64):
            seen.clear()
            clone(est).fit(X.astype(dtype), y.astype(np.float64))
            assert seen == [(np.dtype(dtype), np.dtype(dtype))]


def test_float32_values_agree_with_sklearn_to_float32_precision():
    X, y = _diabetes()
    X32 = X.astype(np.float32)
    for ours, theirs, ref in [
        (
            # A float32 fit certifies its gap only down to rounding (about 3e-9 of ‖y‖²/n here).
            Lasso(alpha=0.1, tol=1e-8),
            linear_model.Lasso(alpha=0.1, tol=1e-10, max_iter=10**6),
            linear_model.Lasso(alpha=0.1, tol=1e-13, max_iter=10**6),
        ),
        (Ridge(alpha=0.5), linear_model.Ridge(alpha=0.5), linear_model.Ridge(alpha=0.5)),
    ]:
        ours.fit(X32, y)
        _quiet(theirs.fit, X32, y)
        _quiet(ref.fit, X, y)  # float64: the reference for both
        scale = np.abs(ref.coef_).max()
        eps32 = np.finfo(np.float32).eps
        assert np.abs(ours.coef_ - ref.coef_).max() <= 100 * eps32 * scale
        assert np.abs(theirs.coef_ - ref.coef_).max() <= 100 * eps32 * scale
        assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=float(10 * eps32))


@pytest.mark.parametrize("est", [Lasso(alpha=0.1), ElasticNet(alpha=0.1), Ridge()], ids=repr)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_intercept_shape_and_type_follow_sklearn(est, fit_intercept):
    X, y = _diabetes()
    est = clone(est).set_params(fit_intercept=fit_intercept)
    twin = _sklearn_twin(est)
    for target in (y, y[:, None], np.column_stack([y, 2 * y])):
        ours, theirs = clone(est).fit(X, target), _quiet(clone(twin).fit, X, target)
        assert type(ours.intercept_) is type(theirs.intercept_)
        assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)
        assert np.asarray(ours.intercept_).dtype == np.asarray(theirs.intercept_).dtype
        assert ours.coef_.shape == theirs.coef_.shape
        assert ours.predict(X).shape == theirs.predict(X).shape
        if not fit_intercept:
            assert ours.intercept_ == 0.0 and type(ours.intercept_) is float


def test_lasso_n_iter_type_follows_sklearn():
    X, y = _diabetes()
    for target in (y, y[:, None]):
        assert type(Lasso(alpha=0.1).fit(X, target).n_iter_) is int
    n_iter = Lasso(alpha=0.1).fit(X, np.column_stack([y, y])).n_iter_
    assert type(n_iter) is list and len(n_iter) == 2 and all(type(k) is int for k in n_iter)
    assert type(linear_model.Lasso(alpha=0.1).fit(X, np.column_stack([y, y])).n_iter_) is list


def test_ridge_alpha_per_target_matches_sklearn():
    X, y = _diabetes()
    Y = np.column_stack([y, -y, y + 100 * X[:, 1]])
    alphas = [0.1, 1.0, 10.0]
    ours, theirs = Ridge(alpha=alphas).fit(X, Y), linear_model.Ridge(alpha=alphas).fit(X, Y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9, atol=1e-9)
    for k, a in enumerate(alphas):
        np.testing.assert_allclose(ours.coef_[k], Ridge(alpha=a).fit(X, Y[:, k]).coef_)
    message = "Number of targets and number of penalties do not correspond: 2 != 3"
    for model in (Ridge(alpha=[1.0, 2.0]), linear_model.Ridge(alpha=[1.0, 2.0])):
        with pytest.raises(ValueError, match=message):
            model.fit(X, Y)
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        Ridge(alpha=[1.0, -1.0, 1.0]).fit(X, Y)


def test_ridge_solver_errors_follow_sklearn():
    X, y = _diabetes()
    for cls in (Ridge, linear_model.Ridge):
        with pytest.raises(ValueError, match="'lbfgs' solver can be used only when positive"):
            cls(solver="lbfgs").fit(X, y)
        with pytest.raises(ValueError, match="solver='svd' does not support positive"):
            cls(solver="svd", positive=True).fit(X, y)


def test_score_validates_like_r2_score():
    # issue 12: score() gave R² = 1.0 for NaN in y and all-zero or all-negative weights
    X, y = _diabetes()
    ours, theirs = Ridge().fit(X, y), linear_model.Ridge().fit(X, y)
    for model in (ours, theirs):
        with pytest.raises(ValueError, match="Input contains NaN"):
            model.score(X, np.where(y > 200, np.nan, y))
        with pytest.raises(ValueError, match="Input contains infinity"):
            model.score(X, np.where(y > 200, np.inf, y))
        with pytest.raises(ValueError, match="at least one non-zero"):
            model.score(X, y, sample_weight=np.zeros(len(y)))
        with pytest.raises(ValueError, match="inconsistent numbers of samples"):
            model.score(X, y[:-1])
    w = np.random.default_rng(0).uniform(0.5, 2.0, len(y))
    assert ours.score(X, y, sample_weight=w) == pytest.approx(
        theirs.score(X, y, sample_weight=w), rel=1e-12
    )


# -- the documented differences -----------------------------------------------------------------


def test_difference_negative_sample_weight():
    X, y = _diabetes()
    w = np.ones(len(y))
    w[0] = -1.0
    for est in (Lasso(alpha=0.1), ElasticNet(alpha=0.1), Ridge()):
        with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
            est.fit(X, y, sample_weight=w)
        with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
            est.fit(X, y, sample_weight=-np.ones(len(y)))
        with pytest.raises(ValueError, match="at least one non-zero"):
            est.fit(X, y, sample_weight=np.zeros(len(y)))
        fitted = clone(est).fit(X, y)
        with pytest.raises(ValueError, match="Negative values"):
            fitted.score(X, y, sample_weight=-np.ones(len(y)))
    # scikit-learn: Lasso fits all-negative weights (rescaled to positive), Ridge rejects a
    # negative weight only through the NaN of its square root, and r2_score takes them
    flipped = _quiet(linear_model.Lasso(alpha=0.1).fit, X, y, sample_weight=-np.ones(len(y)))
    np.testing.assert_allclose(flipped.coef_, linear_model.Lasso(alpha=0.1).fit(X, y).coef_)
    with pytest.warns(RuntimeWarning, match="invalid value encountered in sqrt"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SklearnConvergenceWarning)
            linear_model.Lasso(alpha=0.1).fit(X, y, sample_weight=w)
    with pytest.raises(ValueError, match="NaN"):
        _quiet(linear_model.Ridge().fit, X, y, sample_weight=w)
    theirs = linear_model.Ridge().fit(X, y)
    assert np.isfinite(theirs.score(X, y, sample_weight=-np.ones(len(y))))


def test_difference_convergence_warning_class():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 80))
    y = X[:, 0] + X[:, 1] + 0.1 * rng.standard_normal(30)
    models = [
        Lasso(alpha=1e-4, tol=1e-12, max_iter=1),
        ElasticNet(alpha=1e-4, tol=1e-12, max_iter=1),
        Ridge(solver="lsqr", tol=1e-12, max_iter=1),
    ]
    assert issubclass(EstimatorConvergenceWarning, SklearnConvergenceWarning)
    assert issubclass(EstimatorConvergenceWarning, sparsenorm.ConvergenceWarning)
    for model in models:
        with pytest.warns(EstimatorConvergenceWarning, match="did not converge") as record:
            clone(model).fit(X, y)
        assert all(r.filename == __file__ for r in record)  # points at the caller of fit
        for category in (SklearnConvergenceWarning, sparsenorm.ConvergenceWarning):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                warnings.simplefilter("ignore", category)
                clone(model).fit(X, y)  # silenced by either filter
    # the solver functions (numpy only) warn with sparsenorm's class, not scikit-learn's
    with pytest.warns(sparsenorm.ConvergenceWarning) as record:
        sparsenorm.lasso(X, y, 1e-4, tol=1e-12, max_iter=1)
    assert not any(issubclass(r.category, SklearnConvergenceWarning) for r in record)


def test_difference_alpha_zero():
    X, y = _diabetes()
    for cls in (Lasso, linear_model.Lasso, ElasticNet, linear_model.ElasticNet):
        with pytest.warns(UserWarning, match="alpha=0"):
            model = _quiet_except_user(cls(alpha=0.0, tol=1e-10).fit, X, y)
    # sparsenorm's solver does converge at alpha=0: ordinary least squares
    ols = np.linalg.lstsq(X - X.mean(0), y - y.mean(), rcond=None)[0]
    with pytest.warns(UserWarning, match="ordinary least squares"):
        ours = Lasso(alpha=0.0, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ols, rtol=1e-8, atol=1e-8 * np.abs(ols).max())
    assert model.coef_.shape == ours.coef_.shape


def _quiet_except_user(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        return fn(*args)


def test_difference_user_gram_matrix():
    X, y = _diabetes()
    G = X.T @ X
    for cls in (Lasso, linear_model.Lasso):
        with pytest.warns(UserWarning, match="Gram matrix was provided but X was centered"):
            cls(alpha=0.1, precompute=G + 1.0).fit(X + 1.0, y)
        with pytest.raises(ValueError, match="did not pass validation when a single element"):
            cls(alpha=0.1, precompute=G + 1.0, fit_intercept=False).fit(X, y)
    # a correct Gram matrix (centred X: no warning) gives the same fit as none at all
    Xc = X - X.mean(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with_gram = Lasso(alpha=0.1, precompute=Xc.T @ Xc, tol=1e-10).fit(Xc, y)
    plain = Lasso(alpha=0.1, tol=1e-10).fit(Xc, y)
    np.testing.assert_array_equal(with_gram.coef_, plain.coef_)
    np.testing.assert_array_equal(Lasso(precompute=True).fit(X, y).coef_, Lasso().fit(X, y).coef_)
    with pytest.raises(ValueError, match=r"precompute must be a Gram matrix of shape"):
        Lasso(precompute=np.eye(3), fit_intercept=False).fit(X, y)


def test_difference_selection_random_state():
    X, y = _diabetes()
    base = Lasso(alpha=0.1).fit(X, y).coef_
    for seed in (0, 1, 2):
        again = Lasso(alpha=0.1, selection="random", random_state=seed).fit(X, y).coef_
        np.testing.assert_array_equal(again, base)


def test_difference_copy_x_false():
    X, y = _diabetes()
    X = np.asfortranarray(X)
    before = X.copy()
    for est in (Lasso(copy_X=False), ElasticNet(copy_X=False), Ridge(copy_X=False)):
        est.fit(X, y, sample_weight=np.arange(1.0, len(y) + 1))
        np.testing.assert_array_equal(X, before)


def test_difference_max_iter_none():
    X, y = _diabetes()
    with pytest.raises(ValueError, match="The 'max_iter' parameter of Lasso must be an int"):
        Lasso(max_iter=None).fit(X, y)
    with pytest.raises(TypeError):  # scikit-learn accepts the value, then fails inside
        linear_model.Lasso(max_iter=None).fit(X, y)


def test_difference_check_input_false():
    X, y = _diabetes()
    ours = Lasso(alpha=0.1).fit(X, y, check_input=False)
    np.testing.assert_array_equal(ours.coef_, Lasso(alpha=0.1).fit(X, y).coef_)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        Lasso(alpha=0.1).fit(bad, y, check_input=False)


def test_difference_n_iter_counts():
    X, y = _diabetes()
    # Lasso/ElasticNet: iterations of sparsenorm's solver, not coordinate-descent epochs
    ours = Lasso(alpha=0.1, tol=1e-10).fit(X, y)
    theirs = linear_model.Lasso(alpha=0.1, tol=1e-10, max_iter=10**6).fit(X, y)
    assert 1 <= ours.n_iter_ < theirs.n_iter_
    # Ridge: always an int32 array of shape (n_targets,), 1 for a direct solve;
    # scikit-learn gives None except for its lsqr, sag and saga solvers
    for solver in ("auto", "cholesky", "svd", "sparse_cg", "lsqr", "sag", "saga"):
        n_iter = Ridge(solver=solver).fit(X, y).n_iter_
        assert n_iter.dtype == np.int32 and n_iter.shape == (1,) and n_iter[0] >= 1
        if solver in ("auto", "cholesky", "svd"):
            assert n_iter[0] == 1
    assert linear_model.Ridge().fit(X, y).n_iter_ is None
    assert Ridge(positive=True).fit(X, np.column_stack([y, y])).n_iter_.shape == (2,)


def test_difference_dual_gap_dtype_and_ridge():
    X, y = _diabetes()
    X32 = X.astype(np.float32)
    ours = Lasso(alpha=0.1).fit(X32, y)
    theirs = linear_model.Lasso(alpha=0.1).fit(X32, y)
    assert np.asarray(ours.dual_gap_).dtype == np.float64
    assert np.asarray(theirs.dual_gap_).dtype == np.float32
    gap = Ridge().fit(X, y).dual_gap_
    assert gap >= 0 and not hasattr(linear_model.Ridge().fit(X, y), "dual_gap_")
    assert not hasattr(Ridge().fit(X, y), "solver_")
    assert hasattr(linear_model.Ridge().fit(X, y), "solver_")


def test_difference_tol_is_a_gap_tolerance():
    X, y = _diabetes()
    for tol in (1e-2, 1e-4, 1e-8):
        model = Lasso(alpha=0.01, tol=tol).fit(X, y)
        assert model.dual_gap_ <= tol * np.var(y)  # ‖y − ȳ‖²/n, centred: fit_intercept


def test_difference_ridge_sparse_x():
    X, y = _diabetes()
    Xs = sp.csr_matrix(X)
    dense = linear_model.Ridge(alpha=0.5).fit(X, y)
    for solver in ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga"):
        ours = Ridge(alpha=0.5, solver=solver, tol=1e-10).fit(Xs, y)
        scale = np.abs(dense.coef_).max()
        np.testing.assert_allclose(ours.coef_, dense.coef_, atol=1e-6 * scale)
        assert ours.intercept_ == pytest.approx(dense.intercept_, rel=1e-8)
    with pytest.raises((TypeError, ValueError)):
        linear_model.Ridge(solver="svd").fit(Xs, y)
    for solver in ("cholesky", "saga"):
        with pytest.raises(ValueError, match="does not support fitting the intercept on spa"):
            linear_model.Ridge(solver=solver).fit(Xs, y)


def test_difference_ridge_solvers():
    X, y = _diabetes()
    theirs = linear_model.Ridge(alpha=0.5).fit(X, y)
    scale = np.abs(theirs.coef_).max()
    for solver in ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga"):
        ours = Ridge(alpha=0.5, solver=solver, tol=1e-10).fit(X, y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-6 * scale)
    ours = Ridge(alpha=0.5, positive=True).fit(X, y)
    theirs = linear_model.Ridge(alpha=0.5, positive=True, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-4 * scale)
    assert (ours.coef_ >= 0).all()


def test_difference_large_sparse_indices():
    X, y = _diabetes()
    Xs = sp.csc_matrix(X)
    Xs.indices = Xs.indices.astype(np.int64)
    Xs.indptr = Xs.indptr.astype(np.int64)
    ours = Lasso(alpha=0.1).fit(Xs, y)
    np.testing.assert_allclose(ours.coef_, Lasso(alpha=0.1).fit(X, y).coef_, atol=1e-8)
    with pytest.raises(ValueError, match="32-bit integer indices"):
        linear_model.Lasso(alpha=0.1).fit(Xs, y)


def test_difference_array_api():
    assert Ridge().__sklearn_tags__().array_api_support is False
    assert linear_model.Ridge().__sklearn_tags__().array_api_support is True
    for est in (Lasso(), ElasticNet(), Ridge()):
        tags = est.__sklearn_tags__()
        assert tags.input_tags.sparse and tags.target_tags.multi_output
        assert tags.estimator_type == "regressor"


def test_sparse_interface_config_is_followed():
    X, y = _diabetes()
    model = Lasso(alpha=1.0).fit(X, y)
    with sklearn.config_context(sparse_interface="sparray"):
        assert isinstance(model.sparse_coef_, sp.csr_array)
    assert isinstance(model.sparse_coef_, sp.csr_matrix)


def test_every_row_of_the_differences_table_names_a_test_here():
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "api" / "solvers.rst"
    table = page.read_text().split("Differences from scikit-learn", 1)[1]
    table = table.split("Solver functions\n", 1)[0]
    rows = table.count("\n   * - ") - 1  # minus the header row
    named = re.findall(r"\(test: ``(\w+)``\)", table)
    assert rows >= 15 and len(named) == rows
    for name in named:
        assert callable(globals().get(f"test_difference_{name}")), name
