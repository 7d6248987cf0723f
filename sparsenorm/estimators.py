r"""scikit-learn estimators ``Lasso``, ``ElasticNet`` and ``Ridge`` on sparsenorm's solvers.

They stand on scikit-learn's own base classes (:class:`~sklearn.base.BaseEstimator`,
:class:`~sklearn.base.RegressorMixin`, :class:`~sklearn.base.MultiOutputMixin`), so parameter
handling, validation (``validate_data``), feature names, tags, ``check_is_fitted`` and the
:math:`R^2` score are scikit-learn's. Only the solving is sparsenorm's: the functions
:func:`~sparsenorm.elastic_net` and :func:`~sparsenorm.ridge`, certified by duality gaps.

This module needs scikit-learn (``pip install "sparsenorm[sklearn]"``); ``import sparsenorm``
does not import it, and loads this module only when an estimator is first accessed.
The differences from scikit-learn's estimators are listed on the API page.
"""

import numbers
import os
import sys
import warnings
from typing import ClassVar

import numpy as np

try:
    import sklearn
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "sparsenorm's estimators (Lasso, ElasticNet, Ridge) need scikit-learn >= 1.6, which "
        "is not installed. Install it with: pip install 'sparsenorm[sklearn]' (or "
        "pip install 'scikit-learn>=1.6'). The solver functions sparsenorm.lasso, "
        "sparsenorm.elastic_net and sparsenorm.ridge do not need it."
    ) from exc
try:
    from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin, _fit_context
    from sklearn.exceptions import ConvergenceWarning as _SklearnConvergenceWarning
    from sklearn.exceptions import NotFittedError as _SklearnNotFittedError
    from sklearn.utils import metadata_routing
    from sklearn.utils._metadata_requests import RequestMethod
    from sklearn.utils._param_validation import Interval, StrOptions
    from sklearn.utils.extmath import safe_sparse_dot
    from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data
except ImportError as exc:  # pragma: no cover - only with scikit-learn < 1.6
    raise ImportError(
        "sparsenorm's estimators need scikit-learn >= 1.6 (for sklearn.utils.validation."
        f"validate_data); found scikit-learn {sklearn.__version__}. Upgrade it with: "
        "pip install -U 'scikit-learn>=1.6'."
    ) from exc

from . import exceptions as _exceptions
from .solvers import elastic_net, ridge

__all__ = ["ElasticNet", "EstimatorConvergenceWarning", "Lasso", "Ridge"]


class EstimatorConvergenceWarning(_SklearnConvergenceWarning, _exceptions.ConvergenceWarning):
    r"""The estimators' convergence warning: scikit-learn's and sparsenorm's at once.

    The solver functions (numpy only) warn with :class:`sparsenorm.ConvergenceWarning`; the
    estimators re-emit those warnings with this class, a subclass of both
    :class:`sklearn.exceptions.ConvergenceWarning` and :class:`sparsenorm.ConvergenceWarning`,
    so a warning filter on either class silences them.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from sklearn.exceptions import ConvergenceWarning
    >>> from sparsenorm import Lasso
    >>> X = np.random.default_rng(0).standard_normal((30, 80))
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error")
    ...     warnings.simplefilter("ignore", ConvergenceWarning)  # scikit-learn's class
    ...     model = Lasso(alpha=1e-4, tol=1e-12, max_iter=1).fit(X, X[:, 0] + X[:, 1])
    >>> print(model.dual_gap_ > 1e-12 * np.var(X[:, 0] + X[:, 1]))
    True
    """


class NotFittedError(_SklearnNotFittedError, _exceptions.NotFittedError):
    """scikit-learn's NotFittedError that is also sparsenorm's (one except clause for both)."""


def _check_fitted(estimator):
    try:
        check_is_fitted(estimator)
    except _SklearnNotFittedError as err:
        raise NotFittedError(str(err)) from None


def _from_sparsenorm(X):
    """Convert sparsenorm's own sparse formats to scipy matrices (scikit-learn's input types)."""
    if hasattr(X, "to_scipy") and not isinstance(X, np.ndarray):
        return X.to_scipy()
    return X


def _check_weights(sample_weight, X, dtype=None):
    """scikit-learn's ``_check_sample_weight``, rejecting negative and all-zero weights."""
    sample_weight = _check_sample_weight(sample_weight, X, dtype=dtype, ensure_non_negative=True)
    if not np.any(sample_weight):
        raise ValueError("sample_weight must contain at least one non-zero number; got all zeros.")
    return sample_weight


_INTERNAL = tuple(os.path.dirname(module.__file__) + os.sep for module in (sklearn, _exceptions))


def _stacklevel():
    """Return the ``stacklevel`` that points a warning at the first frame outside sparsenorm.

    The frames skipped are sparsenorm's and scikit-learn's, so the warning names the user's
    call of ``fit`` however deep the wrappers are.
    """
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL):
        frame, level = frame.f_back, level + 1
    return level


def _solve_each_target(solve, Y):
    """Run ``solve(k, y_k)`` on every column of ``Y``; re-emit the solvers' warnings.

    The solvers' :class:`sparsenorm.ConvergenceWarning` becomes an
    :class:`EstimatorConvergenceWarning`; a result that says ``converged=False`` without
    such a warning gets one too. Other warnings pass through unchanged.
    """
    results = []
    for k in range(Y.shape[1]):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = solve(k, Y[:, k])
        results.append(result)
        warned = False
        for w in caught:
            if issubclass(w.category, _exceptions.ConvergenceWarning):
                warned = True
                warnings.warn(
                    str(w.message), EstimatorConvergenceWarning, stacklevel=_stacklevel()
                )
            else:
                warnings.warn_explicit(
                    w.message, w.category, w.filename, w.lineno, source=w.source
                )
        if not result.converged and not warned:
            target = f" (target {k})" if Y.shape[1] > 1 else ""
            warnings.warn(
                f"Objective did not converge{target}: duality gap {result.dual_gap:.3e} after "
                f"n_iter={result.n_iter} iterations. Increase max_iter or loosen tol.",
                EstimatorConvergenceWarning,
                stacklevel=_stacklevel(),
            )
    return results


_REQUEST_DOC = r"""Say whether a meta-estimator should pass ``sample_weight`` to ``{method}``.

{intro}

Parameters
----------
sample_weight : str, True, False or None, default=metadata_routing.UNCHANGED
    {param}

Returns
-------
self : object
    The estimator, with the updated request.

Examples
--------
>>> import sklearn
>>> from sparsenorm import {cls}
>>> with sklearn.config_context(enable_metadata_routing=True):
...     model = {cls}().set_{method}_request(sample_weight={value})
...     print(model.get_metadata_routing().{method}.requests)
{{'sample_weight': {value}}}
"""


def _sample_weight_request(method, intro, param, *, example):
    """The ``set_{method}_request`` method scikit-learn would generate, with our docstring.

    A plain function (not scikit-learn's ``RequestMethod`` descriptor), so scikit-learn's
    ``__init_subclass__`` keeps it; calling it applies the descriptor scikit-learn would set.
    """

    def set_request(self, *, sample_weight=metadata_routing.UNCHANGED):
        request = RequestMethod(method, ["sample_weight"]).__get__(self, type(self))
        return request(sample_weight=sample_weight)

    cls, value = example
    set_request.__name__ = f"set_{method}_request"
    set_request.__qualname__ = f"_LinearModel.set_{method}_request"
    set_request.__doc__ = _REQUEST_DOC.format(
        method=method, intro=intro, param=param, cls=cls, value=value
    )
    return set_request


class _LinearModel(MultiOutputMixin, RegressorMixin, BaseEstimator):
    """What the three estimators share: fitted attributes, ``predict``, ``score``, tags."""

    def _set_fitted(self, X, y, results):
        """Attributes shaped as scikit-learn 1.9 shapes them for 1-D, column and 2-D ``y``."""
        # scikit-learn's policy: float32 and float64 kept, any other dtype becomes float64
        dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        coef = np.array([r.coef for r in results], dtype=dtype)
        intercept = np.array([r.intercept for r in results], dtype=dtype)
        gaps = np.array([r.dual_gap for r in results], dtype=np.float64)
        if not (np.isfinite(coef).all() and np.isfinite(intercept).all()):
            raise ValueError(
                f"{type(self).__name__}: the solver returned non-finite coefficients; the "
                "input data may contain values too large to square in floating point and "
                "need to be rescaled."
            )
        single = y.ndim == 1 or y.shape[1] == 1
        self.coef_ = coef[0] if single else coef
        if not self.fit_intercept:
            self.intercept_ = 0.0
        elif y.ndim == 1:
            self.intercept_ = intercept[0]
        else:
            self.intercept_ = intercept
        self.dual_gap_ = gaps[0] if single else gaps
        return single

    def predict(self, X):
        r"""Predict with the fitted linear model, ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predictions, in the dtype numpy gives ``X @ coef_`` (float32 for float32 ``X``
            and a model fitted on float32, as in scikit-learn).

        Examples
        --------
        >>> import numpy as np
        >>> from sparsenorm import Ridge
        >>> model = Ridge(alpha=1e-12).fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
        >>> print(np.round(model.predict([[3.0]]), 6))
        [7.]
        """
        _check_fitted(self)
        X = validate_data(
            self, _from_sparsenorm(X), accept_sparse=["csr", "csc", "coo"], reset=False
        )
        return safe_sparse_dot(X, self.coef_.T, dense_output=True) + self.intercept_

    def score(self, X, y, sample_weight=None):
        r"""Coefficient of determination :math:`R^2`, scikit-learn's ``r2_score``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            True values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights, not all zero.

        Returns
        -------
        score : float
            :math:`1 - \sum_i s_i(y_i - \hat y_i)^2 / \sum_i s_i(y_i - \bar y)^2`, averaged
            uniformly over targets, computed by :func:`sklearn.metrics.r2_score`, which
            rejects NaN or infinite ``y`` and all-zero weights; negative weights are rejected
            here, as ``fit`` rejects them.

        Examples
        --------
        >>> from sparsenorm import Ridge
        >>> X, y = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]
        >>> print(round(Ridge(alpha=1e-12).fit(X, y).score(X, y), 6))
        1.0
        """
        if sample_weight is not None:
            sample_weight = _check_weights(sample_weight, X)
        return super().score(X, y, sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    # scikit-learn would generate these two; written out, their docstrings are ours
    set_fit_request = _sample_weight_request(
        "fit",
        "Used only by scikit-learn's metadata routing, which is off unless\n"
        "``sklearn.set_config(enable_metadata_routing=True)``, when the estimator sits\n"
        "inside a meta-estimator (a pipeline, a cross-validation or a search): see\n"
        "scikit-learn's user guide on metadata routing.",
        "``True``: pass the weights to ``fit`` when they are given; ``False``: do not\n"
        "    pass them; ``None``: raise an error if they are given; a string: pass the\n"
        "    metadata of that name as ``sample_weight``. The default leaves the request as\n"
        "    it is.",
        example=("Ridge", True),
    )
    set_score_request = _sample_weight_request(
        "score",
        "Used only by scikit-learn's metadata routing (off unless\n"
        "``sklearn.set_config(enable_metadata_routing=True)``); see :meth:`set_fit_request`.",
        "As in :meth:`set_fit_request`, for ``score``.",
        example=("Lasso", False),
    )


class ElasticNet(_LinearModel):
    r"""Linear regression with combined L1 and L2 penalties, as scikit-learn's ``ElasticNet``.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation strength, ``>= 0``.
    l1_ratio : float, default=0.5
        Share :math:`\rho` of the L1 term, in [0, 1].
    fit_intercept : bool, default=True
        Fit an unpenalised intercept.
    precompute : bool or array-like of shape (n_features, n_features), default=False
        A user Gram matrix is checked as scikit-learn checks it (one entry, or a warning when
        ``X`` has to be centred) but not used: the solver forms the Gram matrix of its working
        set from ``X``. ``True``/``False`` have no effect.
    max_iter : int, default=1000
        Maximum number of iterations (full passes over ``X``) of
        :func:`~sparsenorm.elastic_net`.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    tol : float, default=1e-4
        Duality-gap tolerance, relative as in :func:`~sparsenorm.elastic_net`.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility; the solver is deterministic.
    selection : {"cyclic", "random"}, default="cyclic"
        Accepted for compatibility; the solver's order is deterministic.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, in the dtype of ``X`` (float32 or float64).
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept: a numpy scalar for 1-D ``y``, an array for 2-D ``y``, the Python float
        ``0.0`` without ``fit_intercept``.
    n_iter_ : int or list of int
        Iterations of the solver per target (full passes over ``X``).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the solution, per target (float64).
    sparse_coef_ : scipy.sparse.csr_matrix of shape (1, n_features) or (n_targets, n_features)
        ``coef_`` as a scipy CSR matrix (a ``csr_array`` when scikit-learn's
        ``sparse_interface`` configuration is ``"sparray"``), as in scikit-learn.
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen by ``fit``, when ``X`` has string column names.

    Notes
    -----
    With sample weights :math:`s_i` rescaled to sum to :math:`n`, as scikit-learn does:

    .. math:: \min_{w, b}\ \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2
              + \alpha\rho\|w\|_1 + \frac{\alpha(1-\rho)}{2}\|w\|_2^2

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import ElasticNet
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = ElasticNet(alpha=0.1, l1_ratio=0.5).fit(X, [0.0, 1.0, 2.0, 3.0])
    >>> print(np.round(model.coef_, 4), round(float(model.intercept_), 4))
    [0.9231 0.    ] 0.1154
    """

    __metadata_request__fit: ClassVar[dict] = {"check_input": metadata_routing.UNUSED}

    _parameter_constraints: ClassVar[dict] = {
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "l1_ratio": [Interval(numbers.Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", "array-like"],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "copy_X": ["boolean"],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

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
        r"""``coef_`` as a scipy CSR matrix, of shape ``(1, n_features)`` for one target.

        What scikit-learn returns: a ``scipy.sparse.csr_matrix`` (a ``csr_array`` under
        ``sklearn.set_config(sparse_interface="sparray")``). A sparsenorm
        :class:`~sparsenorm.sparse.CSR` is one call away:
        ``sparsenorm.sparse.from_scipy(model.sparse_coef_)``, or
        ``sparsenorm.sparse.to_sparse_csr(model.coef_)``.

        Examples
        --------
        >>> from sparsenorm import Lasso
        >>> model = Lasso(alpha=0.5).fit([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]], [0.0, 1.0, 2.0])
        >>> print(model.sparse_coef_.format, model.sparse_coef_.nnz, model.sparse_coef_.shape)
        csr 1 (1, 2)
        """
        from scipy import sparse  # a dependency of scikit-learn

        _check_fitted(self)
        coef = np.atleast_2d(self.coef_)
        if sklearn.get_config().get("sparse_interface", "spmatrix") == "sparray":
            return sparse.csr_array(coef)
        return sparse.csr_matrix(coef)

    def _check_precompute(self, X, sample_weight, check_input):
        """scikit-learn's treatment of a user Gram matrix, except that it is then not used."""
        G = self.precompute
        if isinstance(G, (bool, np.bool_)) or not hasattr(X, "shape") or hasattr(X, "tocsc"):
            return  # booleans have no effect; sparse X: scikit-learn ignores a Gram matrix
        G = np.asarray(G)
        p = X.shape[1]
        if G.shape != (p, p):
            raise ValueError(
                f"precompute must be a Gram matrix of shape (n_features, n_features) = "
                f"({p}, {p}), got shape {G.shape}"
            )
        sw = np.ones(X.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
        sw = sw * (X.shape[0] / sw.sum())
        offset = np.average(X, axis=0, weights=sw) if self.fit_intercept else np.zeros(p)
        if self.fit_intercept and not np.allclose(offset, 0.0):
            warnings.warn(
                "Gram matrix was provided but X was centered to fit intercept: the Gram "
                "matrix is not used (sparsenorm forms the Gram matrix of its working set "
                "from X).",
                UserWarning,
                stacklevel=_stacklevel(),
            )
        elif check_input:
            f1 = p // 2
            f2 = min(f1 + 1, p - 1)
            root = np.sqrt(sw)
            expected = float(((X[:, f1] - offset[f1]) * root) @ ((X[:, f2] - offset[f2]) * root))
            actual = G[f1, f2]
            rtol = 1e-4 if np.float32 in (G.dtype, X.dtype) else 1e-7
            if not np.isclose(expected, actual, rtol=rtol, atol=1e-5):
                raise ValueError(
                    "Gram matrix passed in via 'precompute' parameter did not pass "
                    "validation when a single element was checked - please check that it "
                    f"was computed properly. For element ({f1},{f2}) we computed {expected} "
                    f"but the user-supplied value was {actual}."
                )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, check_input=True):
        r"""Fit the model by sparsenorm's certified working-set solver.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data: float32 and float64 are kept, other dtypes become float64; sparse
            input is used as CSC, never densified.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target, cast to the dtype of ``X``; each column of a 2-D ``y`` is fitted
            separately.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Non-negative sample weights, not all zero, rescaled to sum to ``n_samples`` (a
            single number is the same as no weights).
        check_input : bool, default=True
            ``False`` skips scikit-learn's conversion of ``X`` and ``y`` (the solver still
            checks them and raises on bad input).

        Returns
        -------
        self : object
            The fitted estimator.

        Examples
        --------
        >>> from sparsenorm import Lasso
        >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 2.0, 3.0]
        >>> model = Lasso(alpha=0.1).fit(X, y, sample_weight=[1.0, 1.0, 1.0, 0.0])
        >>> print(round(float(model.coef_[0]), 4))
        0.85
        """
        if self.alpha == 0:
            warnings.warn(
                "With alpha=0 the penalty vanishes and this is ordinary least squares, "
                "whose solution is not unique when the (centred) columns of X are linearly "
                "dependent; LinearRegression is the estimator made for it.",
                UserWarning,
                stacklevel=_stacklevel(),
            )
        X = _from_sparsenorm(X)
        if check_input:
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse="csc",
                dtype=[np.float64, np.float32],
                multi_output=True,
                y_numeric=True,
            )
            y = np.asarray(y, dtype=X.dtype)
        else:
            validate_data(self, X, y, skip_check_array=True)
            X = X if hasattr(X, "dtype") else np.asarray(X)
            y = np.asarray(y)
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None  # a constant weight rescales to ones
        if sample_weight is not None:
            sample_weight = _check_weights(sample_weight, X, dtype=np.float64)
        if not isinstance(self.precompute, (bool, np.bool_)):
            self._check_precompute(X, sample_weight, check_input)
        Y = y.reshape(y.shape[0], -1)
        warm = None
        if self.warm_start and hasattr(self, "coef_"):
            prev = np.atleast_2d(self.coef_)
            if prev.shape == (Y.shape[1], X.shape[1]):
                warm = prev
        weights = {} if sample_weight is None else {"sample_weight": sample_weight}

        def solve(k, y_k):
            return elastic_net(
                X,
                y_k,
                self.alpha,
                self._l1_ratio(),
                fit_intercept=self.fit_intercept,
                positive=self.positive,
                tol=self.tol,
                max_iter=self.max_iter,
                coef_init=None if warm is None else warm[k],
                **weights,
            )

        results = _solve_each_target(solve, Y)
        single = self._set_fitted(X, y, results)
        n_iter = [int(r.n_iter) for r in results]
        self.n_iter_ = n_iter[0] if single else n_iter
        return self


class Lasso(ElasticNet):
    r"""Linear regression with an L1 penalty, as scikit-learn's ``Lasso``.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation strength, ``>= 0``.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept.
    precompute : bool or array-like of shape (n_features, n_features), default=False
        A user Gram matrix is checked as scikit-learn checks it but not used (see
        :class:`ElasticNet`); ``True``/``False`` have no effect.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    max_iter : int, default=1000
        Maximum number of iterations (full passes over ``X``).
    tol : float, default=1e-4
        Duality-gap tolerance, relative as in :func:`~sparsenorm.lasso`.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility; the solver is deterministic.
    selection : {"cyclic", "random"}, default="cyclic"
        Accepted for compatibility; the solver's order is deterministic.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, many exactly zero, in the dtype of ``X`` (float32 or float64).
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept: a numpy scalar for 1-D ``y``, an array for 2-D ``y``, the Python float
        ``0.0`` without ``fit_intercept``.
    n_iter_ : int or list of int
        Iterations of the solver per target (full passes over ``X``).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the solution, per target (float64).
    sparse_coef_ : scipy.sparse.csr_matrix of shape (1, n_features) or (n_targets, n_features)
        ``coef_`` as a scipy CSR matrix, as in scikit-learn.
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen by ``fit``, when ``X`` has string column names.

    Notes
    -----
    With sample weights :math:`s_i` rescaled to sum to :math:`n`, as scikit-learn does:

    .. math:: \min_{w, b}\ \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\|w\|_1

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import Lasso
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = Lasso(alpha=0.1).fit(X, [0.0, 1.0, 2.0, 3.0])
    >>> print(np.round(model.coef_, 4), model.coef_[1] == 0.0)
    [0.92 0.  ] True
    """

    _parameter_constraints: ClassVar[dict] = {
        k: v for k, v in ElasticNet._parameter_constraints.items() if k != "l1_ratio"
    }

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
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratio(self):
        return 1.0


class Ridge(_LinearModel):
    r"""Linear least squares with an L2 penalty, as scikit-learn's ``Ridge``.

    Parameters
    ----------
    alpha : float or array-like of shape (n_targets,), default=1.0
        Regularisation strength, ``>= 0``; an array gives one strength per target.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept (sparse ``X`` is centred implicitly).
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    max_iter : int, default=None
        Maximum number of iterations of the iterative solvers (see :func:`~sparsenorm.ridge`).
    tol : float, default=1e-4
        Tolerance of the iterative solvers, as :func:`~sparsenorm.ridge` defines it.
    solver : str, default="auto"
        One of ``"auto"``, ``"svd"``, ``"cholesky"``, ``"lsqr"``, ``"sparse_cg"``,
        ``"sag"``, ``"saga"``, ``"lbfgs"``: the solvers of :func:`~sparsenorm.ridge`.
        ``"lbfgs"`` only with ``positive=True``, and ``positive=True`` only with ``"auto"``
        or ``"lbfgs"``, as in scikit-learn.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility; the solvers are deterministic.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, none of them zero in general, in the dtype of ``X`` (float32 or
        float64).
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept: a numpy scalar for 1-D ``y``, an array for 2-D ``y``, the Python float
        ``0.0`` without ``fit_intercept``.
    n_iter_ : ndarray of shape (n_targets,)
        Iterations per target: 1 for a direct solve, the iterative solver's iterations
        otherwise (scikit-learn reports ``None`` for its direct and some iterative solvers).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap of the (weighted) ridge objective at the solution, per target; not an
        attribute of scikit-learn's ``Ridge``.
    n_features_in_ : int
        Number of features seen by ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen by ``fit``, when ``X`` has string column names.

    Notes
    -----
    With sample weights :math:`s_i` (not rescaled, as in scikit-learn):

    .. math:: \min_{w, b}\ \sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\|w\|_2^2

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import Ridge
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = Ridge(alpha=1.0).fit(X, [0.0, 1.0, 2.0, 3.0])
    >>> print(np.round(model.coef_, 4), model.n_iter_)
    [ 0.8182 -0.0909] [1]
    """

    _parameter_constraints: ClassVar[dict] = {
        "alpha": [Interval(numbers.Real, 0, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "solver": [
            StrOptions({"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"})
        ],
        "positive": ["boolean"],
        "random_state": ["random_state"],
    }

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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        r"""Fit ridge regression.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data: float32 and float64 are kept, other dtypes become float64; sparse
            input is accepted by every solver.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target, cast to the dtype of ``X``.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Non-negative sample weights, not all zero, not rescaled (a single number
            weights every sample by it).

        Returns
        -------
        self : object
            The fitted estimator.

        Examples
        --------
        >>> from sparsenorm import Ridge
        >>> model = Ridge(alpha=1.0).fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0], sample_weight=2.0)
        >>> print(round(float(model.coef_[0]), 4))
        0.8
        """
        if self.solver == "lbfgs" and not self.positive:
            raise ValueError(
                "'lbfgs' solver can be used only when positive=True. Please use another solver."
            )
        if self.positive and self.solver not in ("auto", "lbfgs"):
            raise ValueError(
                f"solver='{self.solver}' does not support positive fitting. Please set the "
                "solver to 'auto' or 'lbfgs', or set `positive=False`"
            )
        X, y = validate_data(
            self,
            _from_sparsenorm(X),
            y,
            accept_sparse="csc",
            dtype=[np.float64, np.float32],
            multi_output=True,
            y_numeric=True,
        )
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            sample_weight = _check_weights(sample_weight, X, dtype=np.float64)
        Y = y.reshape(y.shape[0], -1)
        alpha = np.asarray(self.alpha).ravel()
        if alpha.size not in (1, Y.shape[1]):
            raise ValueError(
                "Number of targets and number of penalties do not correspond: "
                f"{alpha.size} != {Y.shape[1]}"
            )
        alphas = [alpha[0 if alpha.size == 1 else k].item() for k in range(Y.shape[1])]
        weights = {} if sample_weight is None else {"sample_weight": sample_weight}

        def solve(k, y_k):
            return ridge(
                X,
                y_k,
                alphas[k],
                fit_intercept=self.fit_intercept,
                solver=self.solver,
                tol=self.tol,
                max_iter=self.max_iter,
                positive=self.positive,
                **weights,
            )

        results = _solve_each_target(solve, Y)
        self._set_fitted(X, y, results)
        self.n_iter_ = np.array([r.n_iter for r in results], dtype=np.int32)
        return self
