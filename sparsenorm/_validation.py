"""Argument checks shared by the whole package (the ground floor: imports only numpy)."""

import numbers
import operator
import sys

import numpy as np

__all__ = [
    "as_float_array",
    "as_result",
    "check_axis",
    "check_groups",
    "check_l1_ratio",
    "check_nonnegative_scalar",
    "check_same_shape",
    "check_vector",
    "working_dtype",
]


def _raise_not_finite(array, name):
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN; every entry must be a finite number")
    raise ValueError(f"{name} contains infinity; every entry must be a finite number")


def _is_sparse(x):
    """Whether ``x`` is a scipy.sparse or sparsenorm.sparse object (imports neither)."""
    scipy_sparse = sys.modules.get("scipy.sparse")
    if scipy_sparse is not None and scipy_sparse.issparse(x):
        return True
    return type(x).__module__.startswith("sparsenorm.sparse")


def as_float_array(x, name, *, check_finite=True):
    """Return ``x`` as a floating-point ndarray without copying when it already is one.

    Floating dtypes are kept (float32 stays float32) in native byte order (a big-endian array
    is converted, as numpy's ufuncs do); booleans and integers become float64. Complex, object
    and string input raise ``TypeError``; NaN or infinity raise ``ValueError``. The input is
    never written to: callers allocate their own outputs.
    """
    if _is_sparse(x):
        raise TypeError(
            f"{name} must be a dense numeric array-like, got the sparse {type(x).__name__}; "
            "convert it with .toarray() (scipy) or .to_dense() (sparsenorm) first"
        )
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be a numeric array-like, got {type(x).__name__}") from exc
    kind = array.dtype.kind
    if kind == "f":
        if not array.dtype.isnative:
            array = array.astype(array.dtype.newbyteorder("="))
    elif kind in "biu":
        array = array.astype(np.float64)
    elif kind == "c":
        raise TypeError(f"{name} must be real-valued, got complex dtype {array.dtype}")
    else:
        raise TypeError(f"{name} must be a numeric array-like, got dtype {array.dtype}")
    if check_finite and array.size and not np.isfinite(array).all():
        _raise_not_finite(array, name)
    return array


def working_dtype(dtype):
    """Return the precision element-wise results are computed in for a float ``dtype``.

    float16, float32 and float64 are computed in float64 and rounded once to their own dtype
    (so a float16 intermediate such as ``1 + step`` never overflows); longdouble in longdouble.
    """
    return np.promote_types(dtype, np.float64)


def as_result(values, dtype):
    """Round ``values`` once to ``dtype`` and follow numpy's rule for 0-d results.

    A 0-d result is returned as a numpy scalar (what numpy's ufuncs and reductions return);
    anything else as an ndarray. A value too large for ``dtype`` becomes infinity with numpy's
    "overflow encountered in cast" ``RuntimeWarning``: the true result is not representable.
    """
    result = np.asarray(values).astype(dtype, copy=False)
    return result[()] if result.ndim == 0 else result


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
            raise TypeError(
                f"axis must be an int, a tuple of ints or None, got {axis!r}"
            ) from None
        if not -ndim <= ax < ndim:
            raise ValueError(f"axis {ax} is out of bounds for an array of dimension {ndim}")
        normalised.append(ax % ndim)
    if len(set(normalised)) != len(normalised):
        raise ValueError(f"axis contains a repeated axis: {axis!r}")
    return tuple(sorted(normalised))


def check_same_shape(a, b, name_a, name_b):
    """Raise ``ValueError`` unless the two arrays have the same shape."""
    if a.shape != b.shape:
        shape_a, shape_b = tuple(a.shape), tuple(b.shape)  # torch.Size prints as a tuple too
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {shape_a} and {shape_b}"
        )


def check_groups(groups, n_features):
    """Return one group label per coordinate, checking the groups partition ``range(n_features)``.

    ``groups`` is either an int (contiguous groups of that size, which must divide
    ``n_features``) or a sequence of index sequences covering every coordinate exactly once.
    """
    if isinstance(groups, numbers.Integral) and not isinstance(groups, bool):
        size = int(groups)
        if size <= 0:
            raise ValueError(f"groups, as a group size, must be > 0, got {size}")
        if n_features % size:
            raise ValueError(
                f"groups of size {size} do not cover a vector of length {n_features}: "
                f"{n_features} is not a multiple of {size}"
            )
        return np.arange(n_features) // size, n_features // size
    if isinstance(groups, (str, bytes)):
        raise TypeError("groups must be an int (group size) or a sequence of index sequences")
    try:
        members = [np.asarray(group) for group in groups]
    except TypeError:
        raise TypeError(
            "groups must be an int (group size) or a sequence of index sequences, "
            f"got {type(groups).__name__}"
        ) from None
    labels = np.full(n_features, -1, dtype=np.intp)
    for label, group in enumerate(members):
        if group.ndim != 1 or group.size == 0:
            raise ValueError(f"groups[{label}] must be a non-empty 1-D sequence of indices")
        if group.dtype.kind not in "iu":
            raise TypeError(f"groups[{label}] must hold integer indices, got dtype {group.dtype}")
        if group.min() < 0 or group.max() >= n_features:
            raise ValueError(
                f"groups[{label}] has an index outside [0, {n_features}) for a vector "
                f"of length {n_features}"
            )
        if (labels[group] != -1).any() or np.unique(group).size != group.size:
            raise ValueError(f"groups[{label}] overlaps another group; groups must be disjoint")
        labels[group] = label
    missing = np.flatnonzero(labels == -1)
    if missing.size:
        raise ValueError(
            f"groups do not cover the vector: indices {missing[:5].tolist()} belong to no group"
        )
    return labels, len(members)


def check_vector(x, name):
    """Return ``x`` as a finite 1-D float array."""
    array = as_float_array(x, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {array.shape}")
    return array
