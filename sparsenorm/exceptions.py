"""Warnings and errors raised by sparsenorm (imports nothing beyond the standard library)."""

__all__ = ["ConvergenceWarning", "NotFittedError"]


class ConvergenceWarning(UserWarning):
    r"""Warning raised when a solver stops at ``max_iter`` before certifying its tolerance.

    It plays the role of :class:`sklearn.exceptions.ConvergenceWarning` without importing
    scikit-learn: filter it with ``warnings.filterwarnings("ignore", category=...)``.
    """


class NotFittedError(ValueError, AttributeError):
    r"""Raised when an estimator is used before ``fit``.

    It subclasses :class:`ValueError` and :class:`AttributeError`, as scikit-learn's
    ``NotFittedError`` does.
    """
