"""Argument checks for the sparse layouts: index arrays, value arrays, shapes.

The shared checks in :mod:`sparsenorm._validation` are about floating-point data; a sparse
layout also holds integer index arrays and may hold integer or boolean values, so it needs its
own checks. Every error names the argument and the fault.
"""

import operator

import numpy as np

__all__ = ["as_index_array", "as_values_array", "check_bounds", "check_shape"]


def as_index_array(x, name, ndim):
    """Return ``x`` as an int64 array with ``ndim`` dimensions, or raise naming ``name``."""
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an integer array-like, got {type(x).__name__}") from exc
    if array.size == 0 and array.dtype.kind == "f":
        array = array.astype(np.int64)  # np.asarray([]) is float64: nothing to round
    if array.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    if array.dtype == np.uint64 and array.size and array.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name} holds a value too large for int64")
    return array.astype(np.int64, copy=False)


def as_values_array(x, name="values"):
    """Return ``x`` as a numeric (bool, int or float) array with at least one dimension.

    The dtype is kept, in native byte order: a big-endian array is converted (copied).
    """
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array-like, got {type(x).__name__}") from exc
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must be real-valued, got complex dtype {array.dtype}")
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric array-like, got dtype {array.dtype}")
    if array.ndim == 0:
        raise ValueError(f"{name} must have one entry per stored element, got a scalar")
    if not array.dtype.isnative:  # numpy's reductions with dtype= refuse a big-endian dtype
        array = array.astype(array.dtype.newbyteorder("="))
    return array


def check_shape(shape, name="shape"):
    """Return ``shape`` as a tuple of non-negative Python ints."""
    try:
        dims = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"{name} must be a sequence of integers, got {shape!r}") from None
    if any(d < 0 for d in dims):
        raise ValueError(f"{name} must hold non-negative integers, got {dims}")
    return dims


def check_bounds(index, size, name):
    """Raise ``IndexError`` unless every entry of the 1-D ``index`` lies in ``[0, size)``."""
    if index.shape[0] == 0:
        return
    low, high = index.min(), index.max()
    if low >= 0 and high < size:
        return
    position = int(np.argmin(index)) if low < 0 else int(np.argmax(index))
    raise IndexError(
        f"{name} holds {index[position]} at position {position}, "
        f"out of bounds for a dimension of size {size}"
    )
