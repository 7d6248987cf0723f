"""Argument checks specific to the solvers (inputs are never written to)."""

import numbers
import sys

import numpy as np

from .._validation import as_float_array, check_nonnegative_scalar

__all__ = [
    "check_design",
    "check_max_iter",
    "check_target",
    "check_tol",
    "is_scipy_sparse",
]


def is_scipy_sparse(X):
    """Return True for a scipy.sparse matrix or array, without importing scipy."""
    sp = sys.modules.get("scipy.sparse")
    return sp is not None and sp.issparse(X)


def check_design(X, name="X", *, accept_sparse=True):
    """Return ``X`` as a 2-D float ndarray or a float64/float32 scipy CSC matrix.

    Objects exposing ``to_scipy()`` (sparsenorm's own sparse formats) are converted through it.
    Dense input keeps a floating dtype; integers and booleans become float64.
    """
    if hasattr(X, "to_scipy") and not isinstance(X, np.ndarray):
        X = X.to_scipy()
    if is_scipy_sparse(X):
        if not accept_sparse:
            raise TypeError(f"{name} must be a dense array for this solver, got a sparse matrix")
        if X.ndim != 2:
            raise ValueError(f"{name} must be 2-D, got a {X.ndim}-D sparse array")
        X = X.tocsc()
        if X.dtype.kind == "c":
            raise TypeError(f"{name} must be real-valued, got complex dtype {X.dtype}")
        if X.dtype.kind != "f":
            X = X.astype(np.float64)
        if X.data.size and not np.isfinite(X.data).all():
            what = "NaN" if np.isnan(X.data).any() else "infinity"
            raise ValueError(f"{name} contains {what}; every entry must be a finite number")
        if not X.has_sorted_indices:
            X = X.sorted_indices()
        return X
    X = as_float_array(X, name)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, n_features), got a {X.ndim}-D "
            f"array of shape {X.shape}"
        )
    return X


def check_target(y, n_samples, name="y"):
    """Return ``y`` as a 1-D float ndarray with ``n_samples`` entries."""
    y = as_float_array(y, name)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n_samples,), got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X and {name} have inconsistent numbers of samples: X has {n_samples} rows, "
            f"{name} has {y.shape[0]} entries"
        )
    return y


def check_max_iter(max_iter, name="max_iter"):
    """Return ``max_iter`` as a positive int."""
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(max_iter).__name__}")
    if max_iter < 1:
        raise ValueError(f"{name} must be >= 1, got {max_iter}")
    return int(max_iter)


def check_tol(tol, name="tol"):
    """Return ``tol`` as a non-negative float."""
    return check_nonnegative_scalar(tol, name)
