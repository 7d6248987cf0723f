"""scikit-learn-compatible estimators: ``Lasso``, ``ElasticNet`` and ``Ridge``.

They follow scikit-learn's estimator API (constructor parameters, ``fit``/``predict``/
``score``, ``get_params``/``set_params``, fitted attributes ending in ``_``) without
importing scikit-learn: it is imported only when scikit-learn itself asks for the estimator
tags. The solving is done by the functions of ``sparsenorm.solvers``.
"""

import inspect
import sys
import warnings

import numpy as np

from .exceptions import NotFittedError
from .solvers import elastic_net, ridge
from .solvers._checks import is_scipy_sparse

__all__ = ["ElasticNet", "Lasso", "Ridge"]


def _not_fitted(estimator):
    msg = (
        f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with "
        "appropriate arguments before using this estimator."
    )
    sk = sys.modules.get("sklearn.exceptions")
    if sk is None:
        return NotFittedError(msg)
    # also an instance of scikit-learn's NotFittedError when scikit-learn is loaded
    return type("NotFittedError", (NotFittedError, sk.NotFittedError), {})(msg)


def _as_array(value, name, *, allow_sparse, ensure_2d):
    if value is None:
        raise ValueError(
            f"requires {name} to be passed, but the target {name} is None"
            if name == "y"
            else f"Expected 2D array for {name}, got None"
        )
    if allow_sparse and hasattr(value, "to_scipy") and not isinstance(value, np.ndarray):
        value = value.to_scipy()
    if is_scipy_sparse(value):
        if not allow_sparse:
            raise TypeError(f"{name} must be dense")
        value = value.tocsc()
        data = value.data
        if data.dtype.kind == "c":
            raise ValueError("Complex data not supported")
        if data.dtype.kind != "f":
            value = value.astype(np.float64)
        if not np.isfinite(value.data).all():
            kind = "NaN" if np.isnan(value.data).any() else "infinity"
            raise ValueError(f"Input {name} contains {kind}.")
    else:
        arr = np.asarray(value)
        if arr.dtype.kind == "c":
            raise ValueError("Complex data not supported")
        if arr.dtype.kind == "O":
            arr = arr.astype(np.float64)  # strings or dicts raise numpy's TypeError here
        elif arr.dtype.kind in "US":
            raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
        elif arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
        if ensure_2d and arr.ndim != 2:
            raise ValueError(
                f"Expected a 2D array for {name}, got a {arr.ndim}D array instead. Reshape "
                "your data with X.reshape(-1, 1) if it has a single feature or "
                "X.reshape(1, -1) if it contains a single sample."
            )
        if arr.size and not np.isfinite(arr).all():
            kind = "NaN" if np.isnan(arr).any() else "infinity"
            raise ValueError(f"Input {name} contains {kind}.")
        value = arr
    if ensure_2d:
        n, p = value.shape
        if n < 1:
            raise ValueError(
                f"Found array with 0 sample(s) (shape={value.shape}) while a minimum of 1 is "
                "required."
            )
        if p < 1:
            raise ValueError(
                f"Found array with 0 feature(s) (shape={value.shape}) while a minimum of 1 is "
                "required."
            )
    return value


def _feature_names(X):
    """Column names of a dataframe-like ``X`` when they are all strings, else None."""
    columns = getattr(X, "columns", None)
    if columns is None or isinstance(X, np.ndarray):
        return None
    names = np.asarray(list(columns), dtype=object)
    if names.size == 0:
        return None
    kinds = {type(v).__qualname__ for v in names}
    if len(kinds) > 1 and "str" in kinds:
        raise TypeError(
            "Feature names are only supported if all input features have string names, but "
            f"your input has {sorted(kinds)} as feature name / column name types. Convert "
            "them all to strings, for example with X.columns = X.columns.astype(str)."
        )
    return names if kinds == {"str"} else None


def _name_list(names):
    out = ""
    for i, name in enumerate(names):
        if i >= 5:
            return out + "- ...\n"
        out += f"- {name}\n"
    return out


class _Linear:
    """Shared machinery: parameters, validation, prediction and R² score."""

    _estimator_type = "regressor"

    @classmethod
    def _get_param_names(cls):
        sig = inspect.signature(cls.__init__)
        return sorted(p.name for p in sig.parameters.values() if p.name != "self")

    def get_params(self, deep=True):
        r"""Return the constructor parameters as a dict.

        Parameters
        ----------
        deep : bool, default=True
            Accepted for scikit-learn compatibility (there are no nested estimators).

        Returns
        -------
        params : dict
            Parameter names mapped to their values.

        Examples
        --------
        >>> from sparsenorm import Lasso
        >>> Lasso(alpha=0.5).get_params()["alpha"]
        0.5
        """
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params):
        r"""Set constructor parameters; validation happens in ``fit``.

        Parameters
        ----------
        **params : dict
            Parameter names and values.

        Returns
        -------
        self : estimator
            The estimator itself.

        Examples
        --------
        >>> from sparsenorm import Lasso
        >>> Lasso().set_params(alpha=0.1).alpha
        0.1
        """
        valid = self._get_param_names()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(
                    f"Invalid parameter {key!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {valid!r}."
                )
            setattr(self, key, value)
        return self

    def __repr__(self):
        defaults = {
            p.name: p.default
            for p in inspect.signature(type(self).__init__).parameters.values()
            if p.name != "self"
        }
        changed = []
        for name in self._get_param_names():
            value = getattr(self, name)
            default = defaults[name]
            same = value is default or (
                type(value) is type(default)
                and not isinstance(value, np.ndarray)
                and value == default
            )
            if not same:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self):
        from sklearn.utils import InputTags, RegressorTags, Tags, TargetTags

        return Tags(
            estimator_type="regressor",
            target_tags=TargetTags(required=True, multi_output=True, single_output=True),
            transformer_tags=None,
            classifier_tags=None,
            regressor_tags=RegressorTags(),
            input_tags=InputTags(sparse=True),
        )

    def __sklearn_is_fitted__(self):
        return hasattr(self, "coef_")

    def _check_feature_names(self, X, *, reset):
        """Record (``reset=True``) or check column names, as scikit-learn estimators do."""
        names = _feature_names(X)
        if reset:
            if names is not None:
                self.feature_names_in_ = names
            elif hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
            return
        fitted = getattr(self, "feature_names_in_", None)
        cls = type(self).__name__
        if names is None and fitted is None:
            return
        if fitted is None:
            warnings.warn(
                f"X has feature names, but {cls} was fitted without feature names",
                UserWarning,
                stacklevel=3,
            )
            return
        if names is None:
            warnings.warn(
                f"X does not have valid feature names, but {cls} was fitted with feature names",
                UserWarning,
                stacklevel=3,
            )
            return
        if len(names) == len(fitted) and np.all(names == fitted):
            return
        message = "The feature names should match those that were passed during fit.\n"
        unexpected = sorted(set(names) - set(fitted))
        missing = sorted(set(fitted) - set(names))
        if unexpected:
            message += "Feature names unseen at fit time:\n" + _name_list(unexpected)
        if missing:
            message += "Feature names seen at fit time, yet now missing:\n" + _name_list(missing)
        if not unexpected and not missing:
            message += "Feature names must be in the same order as they were in fit.\n"
        raise ValueError(message)

    def _validate_fit(self, X, y):
        self._check_feature_names(X, reset=True)
        X = _as_array(X, "X", allow_sparse=True, ensure_2d=True)
        y = _as_array(y, "y", allow_sparse=False, ensure_2d=False)
        if y.ndim not in (1, 2) or (y.ndim == 2 and y.shape[1] == 0):
            raise ValueError(
                f"y must be of shape (n_samples,) or (n_samples, n_targets), got {y.shape}"
            )
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                "Found input variables with inconsistent numbers of samples: "
                f"[{X.shape[0]}, {y.shape[0]}]"
            )
        self.n_features_in_ = X.shape[1]
        return X, y

    def _fit_targets(self, X, y, solve):
        """Fit each column of ``y``; set coef_, intercept_, n_iter_, dual_gap_."""
        Y = y if y.ndim == 2 else y[:, None]
        results = [solve(X, Y[:, k]) for k in range(Y.shape[1])]
        coef = np.array([r.coef for r in results])
        intercept = np.array([r.intercept for r in results], dtype=coef.dtype)
        return results, coef, intercept

    def _set_fitted(self, X, y, results, coef, intercept):
        """Attributes shaped as scikit-learn 1.9 shapes them (1-D y, column y, 2-D y)."""
        dtype = X.dtype if X.dtype.kind == "f" else np.float64
        if y.ndim == 1 or y.shape[1] == 1:
            self.coef_ = coef[0].astype(dtype, copy=False)
            if not self.fit_intercept:
                self.intercept_ = 0.0
            elif y.ndim == 1:
                self.intercept_ = float(intercept[0])
            else:
                self.intercept_ = intercept.astype(np.float64)
            self.n_iter_ = results[0].n_iter
            self.dual_gap_ = results[0].dual_gap
        else:
            self.coef_ = coef.astype(dtype, copy=False)
            self.intercept_ = (
                intercept.astype(np.float64) if self.fit_intercept else np.zeros(y.shape[1])
            )
            self.n_iter_ = [r.n_iter for r in results]
            self.dual_gap_ = np.array([r.dual_gap for r in results])

    def predict(self, X):
        r"""Predict with the fitted linear model, ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predictions.

        Examples
        --------
        >>> import numpy as np
        >>> from sparsenorm import Ridge
        >>> model = Ridge(alpha=1e-12).fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
        >>> print(np.round(model.predict([[3.0]]), 6))
        [7.]
        """
        if not self.__sklearn_is_fitted__():
            raise _not_fitted(self)
        self._check_feature_names(X, reset=False)
        X = _as_array(X, "X", allow_sparse=True, ensure_2d=True)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but {type(self).__name__} is expecting "
                f"{self.n_features_in_} features as input."
            )
        out = np.asarray(X @ np.asarray(self.coef_).T, dtype=np.float64)
        return out + self.intercept_

    def score(self, X, y, sample_weight=None):
        r"""Coefficient of determination :math:`R^2` of the prediction.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            True values.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            :math:`1 - \sum_i w_i(y_i - \hat y_i)^2 / \sum_i w_i(y_i - \bar y)^2`, averaged
            uniformly over targets as scikit-learn's ``r2_score``.

        Examples
        --------
        >>> from sparsenorm import Ridge
        >>> X, y = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]
        >>> print(round(Ridge(alpha=1e-12).fit(X, y).score(X, y), 6))
        1.0
        """
        y_pred = self.predict(X)
        y = np.asarray(y, dtype=np.float64).reshape(y_pred.shape)
        w = np.ones(y.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
        w = w.reshape((-1,) + (1,) * (y.ndim - 1))
        mean = (w * y).sum(axis=0) / w.sum()
        num = (w * (y - y_pred) ** 2).sum(axis=0)
        den = (w * (y - mean) ** 2).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            r2 = np.where(
                den > 0, 1.0 - num / np.where(den > 0, den, 1.0), np.where(num > 0, 0.0, 1.0)
            )
        return float(np.mean(r2))


class ElasticNet(_Linear):
    r"""Linear regression with combined L1 and L2 priors, scikit-learn's ``ElasticNet``.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation strength.
    l1_ratio : float, default=0.5
        Share of the L1 term, in [0, 1].
    fit_intercept : bool, default=True
        Fit an unpenalised intercept.
    precompute : bool or array-like, default=False
        Accepted for compatibility; the solver always precomputes the Gram matrix of its
        working set only.
    max_iter : int, default=1000
        Maximum number of iterations of :func:`~sparsenorm.elastic_net`.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    tol : float, default=1e-4
        Duality-gap tolerance relative to ``‖y − ȳ‖²/n`` (scikit-learn's rule).
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility (the solver is deterministic).
    selection : {"cyclic", "random"}, default="cyclic"
        Accepted for compatibility (the solver's order is deterministic).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept.
    n_iter_ : int or list of int
        Iterations (full passes over ``X``) per target.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap certified at the solution, per target.
    sparse_coef_ : sparsenorm.sparse.CSR of shape (n_targets, n_features)
        Read-only view of ``coef_`` as a sparse matrix (computed on access).
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen by ``fit``, when ``X`` was a dataframe with string column names.

    Notes
    -----
    .. math:: \min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\rho\|w\|_1
              + \frac{\alpha(1-\rho)}{2}\|w\|_2^2

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import ElasticNet
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = ElasticNet(alpha=0.1, l1_ratio=0.5).fit(X, [0.0, 1.0, 2.0, 3.0])
    >>> print(np.round(model.coef_, 4), round(float(model.intercept_), 4))
    [0.9231 0.    ] 0.1154
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        l1_ratio=0.5,
        fit_intercept=True,
        precompute=False,
        max_iter=1000,
        copy_X=True,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratio(self):
        return self.l1_ratio

    @property
    def sparse_coef_(self):
        r"""``coef_`` as a :class:`sparsenorm.sparse.CSR` matrix of its non-zero entries.

        The sparsenorm counterpart of scikit-learn's ``sparse_coef_`` (a scipy CSR matrix
        there), of shape ``(1, n_features)`` or ``(n_targets, n_features)``.

        Examples
        --------
        >>> from sparsenorm import Lasso
        >>> model = Lasso(alpha=0.5).fit([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]], [0.0, 1.0, 2.0])
        >>> print(model.sparse_coef_.nnz, model.sparse_coef_.shape)
        1 (1, 2)
        """
        from .sparse import to_sparse_csr

        return to_sparse_csr(np.atleast_2d(self.coef_))

    def fit(self, X, y):
        r"""Fit the model by the certified working-set solver.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is used as CSC, never densified).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target; each column of a 2-D ``y`` is fitted separately.

        Returns
        -------
        self : object
            The fitted estimator.

        Examples
        --------
        >>> from sparsenorm import Lasso
        >>> Lasso(alpha=0.1).fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0]).n_iter_ >= 1
        True
        """
        if self.selection not in ("cyclic", "random"):
            raise ValueError(f"selection must be 'cyclic' or 'random', got {self.selection!r}")
        X, y = self._validate_fit(X, y)
        Y2 = y if y.ndim == 2 else y[:, None]
        warm = None
        if self.warm_start and hasattr(self, "coef_"):
            prev = np.atleast_2d(self.coef_)
            if prev.shape == (Y2.shape[1], X.shape[1]):
                warm = prev
        targets = iter(range(Y2.shape[1]))

        def solve(X, yk):
            k = next(targets)
            return elastic_net(
                X,
                yk,
                self.alpha,
                self._l1_ratio(),
                fit_intercept=self.fit_intercept,
                positive=self.positive,
                tol=self.tol,
                max_iter=self.max_iter,
                coef_init=None if warm is None else warm[k],
            )

        results, coef, intercept = self._fit_targets(X, y, solve)
        self._set_fitted(X, y, results, coef, intercept)
        return self


class Lasso(ElasticNet):
    r"""Linear regression with an L1 penalty, scikit-learn's ``Lasso``.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation strength.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept.
    precompute : bool or array-like, default=False
        Accepted for compatibility (the Gram matrix of the working set is always used).
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    max_iter : int, default=1000
        Maximum number of iterations.
    tol : float, default=1e-4
        Duality-gap tolerance relative to ``‖y − ȳ‖²/n``.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility.
    selection : {"cyclic", "random"}, default="cyclic"
        Accepted for compatibility.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, many exactly zero.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept.
    n_iter_ : int or list of int
        Iterations (full passes over ``X``).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap certified at the solution.
    sparse_coef_ : sparsenorm.sparse.CSR of shape (n_targets, n_features)
        Read-only view of ``coef_`` as a sparse matrix (computed on access).
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen by ``fit``, when ``X`` was a dataframe with string column names.

    Notes
    -----
    .. math:: \min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\|w\|_1

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import Lasso
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = Lasso(alpha=0.1).fit(X, [0.0, 1.0, 2.0, 3.0])
    >>> print(np.round(model.coef_, 4), model.coef_[1] == 0.0)
    [0.92 0.  ] True
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        precompute=False,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        super().__init__(
            alpha=alpha,
            l1_ratio=1.0,
            fit_intercept=fit_intercept,
            precompute=precompute,
            max_iter=max_iter,
            copy_X=copy_X,
            tol=tol,
            warm_start=warm_start,
            positive=positive,
            random_state=random_state,
            selection=selection,
        )
        del self.l1_ratio

    def _l1_ratio(self):
        return 1.0


class Ridge(_Linear):
    r"""Linear least squares with an L2 penalty, scikit-learn's ``Ridge``.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation strength.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept (implicitly for sparse ``X``).
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    max_iter : int, default=None
        Conjugate-gradient iterations for the iterative solvers.
    tol : float, default=1e-4
        Relative residual of conjugate gradient.
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"},
        default="auto"
        See :func:`~sparsenorm.ridge`.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, none of them zero in general.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept.
    n_iter_ : int or list of int
        1 for a direct solve, conjugate-gradient iterations otherwise (scikit-learn reports
        ``None`` for direct solves; sparsenorm always reports a count).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap of :math:`\|y - Xw - b\|^2 + \alpha\|w\|^2` at the solution.
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen by ``fit``, when ``X`` was a dataframe with string column names.

    Notes
    -----
    .. math:: \min_{w, b}\ \|y - Xw - b\|_2^2 + \alpha\|w\|_2^2

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import Ridge
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = Ridge(alpha=1.0).fit(X, [0.0, 1.0, 2.0, 3.0])
    >>> print(np.round(model.coef_, 4), model.n_iter_)
    [ 0.8182 -0.0909] 1
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y):
        r"""Fit ridge regression.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target.

        Returns
        -------
        self : object
            The fitted estimator.

        Examples
        --------
        >>> from sparsenorm import Ridge
        >>> Ridge().fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0]).n_iter_
        1
        """
        X, y = self._validate_fit(X, y)

        def solve(X, yk):
            return ridge(
                X,
                yk,
                self.alpha,
                fit_intercept=self.fit_intercept,
                solver=self.solver,
                tol=self.tol,
                max_iter=self.max_iter,
                positive=self.positive,
            )

        results, coef, intercept = self._fit_targets(X, y, solve)
        self._set_fitted(X, y, results, coef, intercept)
        return self
