"""Argument checks specific to the solvers (inputs are never written to).

dtype policy (scikit-learn's): float32 and float64 are kept; every other real dtype
(float16, longdouble, big-endian floats, integers of either signedness, booleans) becomes
native float64. The solvers compute in float64 and return coefficients in the kept dtype.
"""

import numbers
import sys

import numpy as np

from .._validation import as_float_array, check_nonnegative_scalar

__all__ = [
    "check_bool",
    "check_design",
    "check_max_iter",
    "check_sample_weight",
    "check_target",
    "check_tol",
    "is_scipy_sparse",
    "result_dtype",
]

_KEPT = (np.dtype(np.float32), np.dtype(np.float64))


def is_scipy_sparse(X):
    """Return True for a scipy.sparse matrix or array, without importing scipy."""
    sp = sys.modules.get("scipy.sparse")
    return sp is not None and sp.issparse(X)


def result_dtype(dtype):
    """Return the dtype of the coefficients for data of ``dtype`` (float32 kept, else float64)."""
    return np.dtype(np.float32) if np.dtype(dtype) == np.float32 else np.dtype(np.float64)


def _to_kept_dtype(values, name):
    """Cast an array to float32/float64 (native byte order) by scikit-learn's rule."""
    if values.dtype in _KEPT:
        return values
    kept = np.float32 if values.dtype.kind == "f" and values.dtype.itemsize == 4 else np.float64
    with np.errstate(over="ignore"):
        out = values.astype(kept)
    if out.size and not np.isfinite(out).all():  # longdouble beyond float64's range
        raise ValueError(
            f"{name} has entries beyond the range of float64 (dtype {values.dtype}); "
            "rescale it first"
        )
    return out


def check_bool(value, name):
    """Return ``value`` as a bool; only ``bool`` and ``numpy.bool_`` are accepted."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be a bool (True or False), got {type(value).__name__} {value!r}")


def check_design(X, name="X", *, accept_sparse=True, known_finite=False):
    """Return ``X`` as a 2-D float32/float64 ndarray or a float32/float64 scipy CSC matrix.

    Objects exposing ``to_scipy()`` (sparsenorm's own sparse formats) are converted through it.
    Sparse input of any scipy format becomes CSC with sorted, summed (canonical) indices, by a
    copy whenever the input itself would have to change. ``known_finite=True`` skips the
    finiteness pass over a float32/float64 ndarray that the caller has already proved finite.
    """
    if type(X) is np.ndarray and X.ndim == 2 and X.dtype in _KEPT:  # the common case, fast
        if known_finite or not X.size or np.isfinite(X).all():
            return X
    if hasattr(X, "to_scipy") and not isinstance(X, np.ndarray):
        X = X.to_scipy()
    if is_scipy_sparse(X):
        if not accept_sparse:
            raise TypeError(f"{name} must be a dense array for this solver, got a sparse matrix")
        if X.ndim != 2:
            raise ValueError(f"{name} must be 2-D, got a {X.ndim}-D sparse array")
        if X.dtype.kind == "c":
            raise TypeError(f"{name} must be real-valued, got complex dtype {X.dtype}")
        if X.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be numeric, got dtype {X.dtype}")
        was_csc = X.format == "csc"
        X = X.tocsc()
        if X.dtype not in _KEPT:
            if X.dtype.kind == "f" and X.dtype.itemsize == 4:  # big-endian float32
                X = X.astype(np.float32)
            else:
                finite = not X.nnz or np.isfinite(X.data).all()
                with np.errstate(over="ignore"):
                    X = X.astype(np.float64)
                if finite and X.nnz and not np.isfinite(X.data).all():
                    raise ValueError(f"{name} has entries beyond the range of float64")
            was_csc = False  # astype made a copy
        if X.nnz and not np.isfinite(X.data).all():
            what = "NaN" if np.isnan(X.data).any() else "infinity"
            raise ValueError(f"{name} contains {what}; every entry must be a finite number")
        if not X.has_canonical_format:
            if was_csc:
                X = X.copy()  # never sort or sum the caller's own arrays in place
            X.sum_duplicates()
        return X
    X = as_float_array(X, name)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, n_features), got a {X.ndim}-D "
            f"array of shape {X.shape}"
        )
    return _to_kept_dtype(X, name)


def check_target(y, n_samples, name="y"):
    """Return ``y`` as a 1-D native float64 ndarray with ``n_samples`` entries."""
    if (
        type(y) is np.ndarray
        and y.ndim == 1
        and y.shape[0] == n_samples
        and y.dtype == np.float64
        and y.dtype.isnative
        and np.isfinite(y).all()
    ):
        return y  # the common case, fast
    y = as_float_array(y, name)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n_samples,), got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X and {name} have inconsistent numbers of samples: X has {n_samples} rows, "
            f"{name} has {y.shape[0]} entries"
        )
    if y.dtype != np.float64:
        with np.errstate(over="ignore"):
            y64 = y.astype(np.float64)
        if not np.isfinite(y64).all():
            raise ValueError(f"{name} has entries beyond the range of float64")
        y = y64
    return y


def check_sample_weight(sample_weight, n_samples, name="sample_weight"):
    """Return ``sample_weight`` as a float64 vector of ``n_samples`` weights, or None.

    A scalar weight is broadcast (as scikit-learn does). Weights must be finite, ``>= 0`` and
    not all zero.
    """
    if sample_weight is None:
        return None
    if isinstance(sample_weight, (bool, np.bool_)):
        raise TypeError(f"{name} must be an array of numbers or a number, got a bool")
    if isinstance(sample_weight, numbers.Real):
        sample_weight = np.full(n_samples, float(sample_weight))
    sw = as_float_array(sample_weight, name, check_finite=False)
    if sw.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of shape (n_samples,) or a number, got shape {sw.shape}"
        )
    if sw.shape[0] != n_samples:
        raise ValueError(
            f"X and {name} have inconsistent numbers of samples: X has {n_samples} rows, "
            f"{name} has {sw.shape[0]} entries"
        )
    with np.errstate(over="ignore"):
        sw = np.asarray(sw, dtype=np.float64)
    if not np.isfinite(sw).all():
        what = "NaN" if np.isnan(sw).any() else "infinity (or a value beyond float64's range)"
        raise ValueError(f"{name} contains {what}; every weight must be a finite number")
    if (sw < 0).any():
        raise ValueError(f"{name} must be >= 0, got a negative weight {sw.min()}")
    if not (sw > 0).any():
        raise ValueError(f"{name} must contain at least one positive weight, got all zeros")
    return sw


def check_max_iter(max_iter, name="max_iter"):
    """Return ``max_iter`` as a positive int."""
    if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(max_iter).__name__}")
    if max_iter < 1:
        raise ValueError(f"{name} must be >= 1, got {max_iter}")
    return int(max_iter)


def check_tol(tol, name="tol"):
    """Return ``tol`` as a non-negative float."""
    return check_nonnegative_scalar(tol, name)
