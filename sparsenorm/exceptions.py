"""Warnings and errors raised by sparsenorm (imports nothing beyond the standard library)."""

__all__ = ["ConvergenceWarning", "NotFittedError"]


class ConvergenceWarning(UserWarning):
    r"""Warning raised when a solver stops at ``max_iter`` before certifying its tolerance.

    It plays the role of :class:`sklearn.exceptions.ConvergenceWarning` without importing
    scikit-learn: filter it with ``warnings.filterwarnings("ignore", category=...)``.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from sparsenorm import ConvergenceWarning, lasso
    >>> X = np.random.default_rng(0).standard_normal((20, 5))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     res = lasso(X, X[:, 0], alpha=1e-3, tol=1e-15, max_iter=1, solver="ista")
    >>> print(caught[0].category is ConvergenceWarning, res.converged)
    True False
    """


class NotFittedError(ValueError, AttributeError):
    r"""Raised when an estimator is used before ``fit``.

    It subclasses :class:`ValueError` and :class:`AttributeError`, as scikit-learn's
    ``NotFittedError`` does.

    Examples
    --------
    >>> from sparsenorm import Lasso
    >>> from sparsenorm.exceptions import NotFittedError
    >>> try:
    ...     Lasso().predict([[1.0]])
    ... except NotFittedError as err:
    ...     print(type(err).__name__)
    NotFittedError
    """
