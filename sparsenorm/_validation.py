"""Argument checks shared by the whole package (the ground floor: imports only numpy)."""

import numbers
import operator

import numpy as np

__all__ = [
    "as_float_array",
    "check_axis",
    "check_l1_ratio",
    "check_nonnegative_scalar",
    "check_same_shape",
]


def _raise_not_finite(array, name):
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN; every entry must be a finite number")
    raise ValueError(f"{name} contains infinity; every entry must be a finite number")


def as_float_array(x, name, *, check_finite=True):
    """Return ``x`` as a floating-point ndarray without copying when it already is one.

    Floating dtypes are kept (float32 stays float32); booleans and integers become float64.
    Complex, object and string input raise ``TypeError``; NaN or infinity raise ``ValueError``.
    The input is never written to: callers allocate their own outputs.
    """
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be a numeric array-like, got {type(x).__name__}") from exc
    kind = array.dtype.kind
    if kind == "f":
        pass
    elif kind in "biu":
        array = array.astype(np.float64)
    elif kind == "c":
        raise TypeError(f"{name} must be real-valued, got complex dtype {array.dtype}")
    else:
        raise TypeError(f"{name} must be a numeric array-like, got dtype {array.dtype}")
    if check_finite and array.size and not np.isfinite(array).all():
        _raise_not_finite(array, name)
    return array


def check_nonnegative_scalar(value, name, *, strictly_positive=False):
    """Return ``value`` as a Python float after checking it is a finite real ``>= 0``."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if value < 0 or (strictly_positive and value == 0):
        bound = "> 0" if strictly_positive else ">= 0"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return value


def check_l1_ratio(l1_ratio):
    """Return ``l1_ratio`` as a float after checking it lies in [0, 1]."""
    l1_ratio = check_nonnegative_scalar(l1_ratio, "l1_ratio")
    if l1_ratio > 1:
        raise ValueError(f"l1_ratio must lie in [0, 1], got {l1_ratio}")
    return l1_ratio


def check_axis(axis, ndim):
    """Return ``axis`` as a sorted tuple of non-negative ints, or None for all axes."""
    if axis is None:
        return None
    axes = (axis,) if not isinstance(axis, tuple) else axis
    normalised = []
    for ax in axes:
        try:
            ax = operator.index(ax)
        except TypeError:
            raise TypeError(f"axis must be an int, a tuple of ints or None, got {axis!r}") from None
        if not -ndim <= ax < ndim:
            raise ValueError(f"axis {ax} is out of bounds for an array of dimension {ndim}")
        normalised.append(ax % ndim)
    if len(set(normalised)) != len(normalised):
        raise ValueError(f"axis contains a repeated axis: {axis!r}")
    return tuple(sorted(normalised))


def check_same_shape(a, b, name_a, name_b):
    """Raise ``ValueError`` unless the two arrays have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )
