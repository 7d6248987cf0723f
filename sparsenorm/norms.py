r"""Vector norms, with numpy's ``axis``/``keepdims`` semantics.

Each function reduces over all entries (``axis=None``), one axis or a tuple of axes, exactly as
:func:`numpy.linalg.vector_norm` does. Integer input is computed in float64; float32 stays
float32; an empty reduction gives 0. A 0-d result is a numpy scalar, as from numpy's reductions.
A torch tensor or other array-API array is reduced in its own namespace, on its own device, and
gives a (0-d) array of its kind (see ``sparsenorm._array_api``).

Precision: float16 input is reduced in float64 and rounded once to float16 (float32 too, by
``group_l21_norm``); float32 and float64 are otherwise reduced in their own precision (BLAS on
large vectors), so a sum of ``n`` terms carries numpy's usual rounding error, at most about
``n * eps`` relative to the sum of magnitudes. A norm whose true value exceeds the dtype's
largest number is infinity, with numpy's overflow ``RuntimeWarning`` where numpy's arithmetic
produced it.
"""

import numpy as np

from . import _array_api, _kernels
from ._validation import (
    as_float_array,
    as_result,
    check_axis,
    check_groups,
    check_nonnegative_scalar,
    check_vector,
)

__all__ = [
    "group_l21_norm",
    "l0_norm",
    "l1_norm",
    "l2_norm",
    "linf_norm",
    "lp_norm",
    "squared_l2_norm",
]


def _is_large_vector(x, axis):
    return (
        axis is None
        and x.size >= _kernels.LARGE
        and x.flags.c_contiguous
        and x.dtype in (np.float32, np.float64)
        and x.dtype.isnative
    )


def _accumulator(x):
    """``x`` in the precision it is reduced in: float16 in float64, every other float as is."""
    return x.astype(np.float64) if x.dtype.itemsize < 4 else x


def _finish(result, x, keepdims, axis):
    """Give keepdims its shape and round the result once to the input's float dtype."""
    result = np.asarray(result)
    if keepdims and axis is None:
        result = result.reshape((1,) * x.ndim)
    return as_result(result, x.dtype)


def _abs_max(x, axis, keepdims):
    return np.max(np.abs(x), axis=axis, keepdims=keepdims, initial=0)


def l0_norm(x, axis=None, *, keepdims=False, tol=0.0):
    r"""Count the entries whose magnitude exceeds ``tol``.

    The "l0 norm" is not a norm (it is not homogeneous), but it is what sparsity means: the
    number of non-zero coefficients. A positive ``tol`` counts entries that are numerically
    non-zero, which is the fair count for iterates of a solver that only approaches zero.

    Parameters
    ----------
    x : array-like
        Input array.
    axis : int, tuple of int or None, default=None
        Axes to reduce over; None reduces over all entries.
    keepdims : bool, default=False
        Keep the reduced axes with length one.
    tol : float, default=0.0
        Entries with ``|x| <= tol`` count as zero. Must be finite and ``>= 0``.

    Returns
    -------
    count : numpy.intp or ndarray of numpy.intp
        Number of entries with ``|x| > tol`` (``tol`` is compared exactly, whatever the dtype
        of ``x``).

    Notes
    -----
    .. math:: \|x\|_0 = \#\{i : |x_i| > \mathrm{tol}\}

    Examples
    --------
    >>> import sparsenorm as sn
    >>> int(sn.l0_norm([0.0, -2.0, 1e-12, 3.0]))
    3
    >>> int(sn.l0_norm([0.0, -2.0, 1e-12, 3.0], tol=1e-9))
    2
    """
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        tol = check_nonnegative_scalar(tol, "tol")
        return _array_api.l0_norm(x, axis, keepdims, tol)
    x = as_float_array(x, "x")
    tol = np.float64(check_nonnegative_scalar(tol, "tol"))  # compared exactly, not rounded to x
    axis = check_axis(axis, x.ndim)
    count = np.count_nonzero(np.abs(x) > tol, axis=axis, keepdims=keepdims)
    return as_result(count, np.intp)


def l1_norm(x, axis=None, *, keepdims=False):
    r"""Sum of absolute values, the norm behind the Lasso.

    Parameters
    ----------
    x : array-like
        Input array.
    axis : int, tuple of int or None, default=None
        Axes to reduce over; None reduces over all entries.
    keepdims : bool, default=False
        Keep the reduced axes with length one.

    Returns
    -------
    norm : float or ndarray
        :math:`\|x\|_1`, in the input's float dtype.

    Notes
    -----
    .. math:: \|x\|_1 = \sum_i |x_i|

    On a large contiguous vector this runs in one pass over memory (BLAS ``asum`` when scipy
    is installed), without the full-size temporary of ``np.abs(x).sum()``.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> float(sn.l1_norm([1.0, -2.0, 0.5]))
    3.5
    >>> sn.l1_norm([[1.0, -2.0], [3.0, 0.0]], axis=1)
    array([3., 3.])
    """
    if isinstance(x, np.ndarray) and x.dtype.kind == "f" and _is_large_vector(x, axis):
        total = _kernels.abs_sum(x.reshape(-1))
        if not np.isfinite(total):
            as_float_array(x, "x")  # raises for NaN or infinity; otherwise a true overflow
        return _finish(total, x, keepdims, None)
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.l1_norm(x, axis, keepdims)
    x = as_float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    total = np.sum(np.abs(_accumulator(x)), axis=axis, keepdims=keepdims)
    return _finish(total, x, keepdims, axis)


def squared_l2_norm(x, axis=None, *, keepdims=False):
    r"""Sum of squares, :math:`\|x\|_2^2`, the ridge penalty up to a factor.

    Parameters
    ----------
    x : array-like
        Input array.
    axis : int, tuple of int or None, default=None
        Axes to reduce over; None reduces over all entries.
    keepdims : bool, default=False
        Keep the reduced axes with length one.

    Returns
    -------
    norm : float or ndarray
        :math:`\sum_i x_i^2`, in the input's float dtype.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> float(sn.squared_l2_norm([3.0, 4.0]))
    25.0
    """
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.squared_l2_norm(x, axis, keepdims)
    x = as_float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    return _finish(_sum_of_squares(_accumulator(x), axis, keepdims), x, keepdims, axis)


def _sum_of_squares(x, axis, keepdims):
    if axis is None and x.flags.c_contiguous and x.size:
        flat = x.reshape(-1)
        total = np.dot(flat, flat)  # BLAS: one pass, no temporary
        return total.reshape((1,) * x.ndim) if keepdims else total
    return np.sum(np.square(x), axis=axis, keepdims=keepdims)


def _scaled_lp(x, p, axis, keepdims):
    """(sum |x|^p)^(1/p) computed as m * (sum (|x|/m)^p)^(1/p), m = max |x|, to avoid overflow.

    The inner sum lies in [1, n], but its power 1/p can still overflow for small p while the
    product with a small m does not; those entries are recomputed with the binary exponent of
    the power split off, m * 2^f * 2^k (k integer), so only a true overflow gives infinity.
    """
    magnitude = np.abs(x)
    scale = np.max(magnitude, axis=axis, keepdims=True, initial=0)
    safe_scale = np.where(scale > 0, scale, 1)
    with np.errstate(under="ignore"):  # a ratio below the normal range: see below
        ratio = magnitude / safe_scale
        terms = ratio**p
    # A ratio below the normal range has lost digits, or underflowed to 0, although for p < 1 its
    # power can matter: ([2, 1e-45] in float32, p = 0.1, has the term (1e-45 / 2)^0.1 = 3e-5).
    # Those terms are recomputed from the binary exponents, |x| = f 2^e and m = g 2^k, as
    # (f / g)^p 2^(p (e - k)): no intermediate leaves the range unless the term itself does.
    # (For p >= 1 such a term is below the smallest normal number: negligible.)
    lost = (ratio < np.finfo(x.dtype).smallest_normal) & (magnitude > 0)
    if p < 1 and np.any(lost):
        f, e = np.frexp(magnitude[lost])
        g, k = np.frexp(np.broadcast_to(safe_scale, magnitude.shape)[lost])
        with np.errstate(under="ignore"):
            terms[lost] = (f / g) ** p * np.exp2(p * (e - k).astype(x.dtype))
    inner = np.sum(terms, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        power = inner ** (1 / p)
    result = scale * power  # numpy warns if the norm itself overflows
    split = np.isinf(power) & (scale > 0)
    if np.any(split):
        exponent = np.log2(inner[split]) / p
        whole = np.floor(exponent)
        mantissa = scale[split] * np.exp2(exponent - whole)
        result[split] = np.ldexp(mantissa, np.minimum(whole, 1 << 20).astype(np.int64))
    if not keepdims:
        result = np.squeeze(result, axis=axis)
    return result


def l2_norm(x, axis=None, *, keepdims=False):
    r"""Euclidean norm, :math:`\|x\|_2`.

    Parameters
    ----------
    x : array-like
        Input array.
    axis : int, tuple of int or None, default=None
        Axes to reduce over; None reduces over all entries.
    keepdims : bool, default=False
        Keep the reduced axes with length one.

    Returns
    -------
    norm : float or ndarray
        :math:`\sqrt{\sum_i x_i^2}`, in the input's float dtype.

    Notes
    -----
    Entries so large that their squares overflow, or so small that they underflow, are
    rescaled by the largest magnitude first, so the result is right wherever it is
    representable.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> float(sn.l2_norm([3.0, 4.0]))
    5.0
    >>> float(sn.l2_norm([3e200, 4e200]))
    5e+200
    """
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.l2_norm(x, axis, keepdims)
    x = as_float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    work = _accumulator(x)
    with np.errstate(over="ignore", under="ignore"):  # detected below, then rescaled
        squared = _sum_of_squares(work, axis, keepdims)
    finfo = np.finfo(work.dtype)
    if np.all(np.isfinite(squared)) and np.all(squared >= finfo.tiny / finfo.eps):
        return _finish(np.sqrt(squared), x, keepdims, axis)
    # Overflow, underflow or zeros: rescale by the largest magnitude (exact 0 for zeros).
    return _finish(_scaled_lp(work, 2, axis, keepdims), x, keepdims, axis)


def linf_norm(x, axis=None, *, keepdims=False):
    r"""Largest magnitude, :math:`\|x\|_\infty = \max_i |x_i|`, 0 for an empty array.

    Parameters
    ----------
    x : array-like
        Input array.
    axis : int, tuple of int or None, default=None
        Axes to reduce over; None reduces over all entries.
    keepdims : bool, default=False
        Keep the reduced axes with length one.

    Returns
    -------
    norm : float or ndarray
        The largest absolute entry, in the input's float dtype.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> float(sn.linf_norm([1.0, -7.0, 3.0]))
    7.0
    >>> float(sn.linf_norm([]))
    0.0
    """
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.linf_norm(x, axis, keepdims)
    x = as_float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    return _finish(_abs_max(x, axis, keepdims), x, keepdims, axis)


def lp_norm(x, p, axis=None, *, keepdims=False):
    r"""The :math:`\ell_p` norm, or quasi-norm for ``0 < p < 1``.

    Parameters
    ----------
    x : array-like
        Input array.
    p : float
        Order, ``p > 0``; ``numpy.inf`` gives :func:`linf_norm`.
    axis : int, tuple of int or None, default=None
        Axes to reduce over; None reduces over all entries.
    keepdims : bool, default=False
        Keep the reduced axes with length one.

    Returns
    -------
    norm : float or ndarray
        :math:`(\sum_i |x_i|^p)^{1/p}`, in the input's float dtype.

    Notes
    -----
    .. math:: \|x\|_p = \Big(\sum_i |x_i|^p\Big)^{1/p}

    For :math:`p \ge 1` this is a norm. For :math:`p < 1` the triangle inequality fails and its
    unit ball is not convex: the "star" shapes whose spikes sit on the axes. The value is computed
    with the largest magnitude factored out, so it neither overflows nor underflows needlessly.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> float(sn.lp_norm([3.0, 4.0], 2))
    5.0
    >>> float(sn.lp_norm([1.0, 1.0], 0.5))
    4.0
    """
    foreign = not isinstance(x, np.ndarray) and _array_api.is_foreign(x)
    if not foreign:
        x = as_float_array(x, "x")
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(f"p must be a real number, got {type(p).__name__}")
    p = float(p)
    if np.isnan(p) or p <= 0:
        raise ValueError(f"p must be > 0, got {p}")
    if p == np.inf:
        return linf_norm(x, axis=axis, keepdims=keepdims)
    if p == 1:
        return l1_norm(x, axis=axis, keepdims=keepdims)
    if p == 2:
        return l2_norm(x, axis=axis, keepdims=keepdims)
    if foreign:
        return _array_api.lp_norm(x, p, axis, keepdims)
    axis = check_axis(axis, x.ndim)
    return _finish(_scaled_lp(_accumulator(x), p, axis, keepdims), x, keepdims, axis)


def group_l21_norm(x, groups):
    r"""Sum over groups of the Euclidean norm of each group (the group-Lasso penalty).

    Parameters
    ----------
    x : array-like of shape (n_features,)
        Input vector.
    groups : int or sequence of sequences of int
        An int ``s``: contiguous groups of ``s`` coordinates (``s`` must divide
        ``n_features``). Otherwise one index sequence per group; together they must cover
        every coordinate exactly once.

    Returns
    -------
    norm : float
        :math:`\sum_g \|x_g\|_2`, in the input's float dtype.

    Notes
    -----
    .. math:: \|x\|_{2,1} = \sum_{g} \|x_{g}\|_2

    It is the l1 norm of the vector of group norms, so it zeroes whole groups at once.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> float(sn.group_l21_norm([3.0, 4.0, 0.0, 1.0], 2))
    6.0
    >>> float(sn.group_l21_norm([3.0, 0.0, 4.0], [[0, 2], [1]]))
    5.0
    """
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.on_host(group_l21_norm, x, groups)
    x = check_vector(x, "x")
    labels, n_groups = check_groups(groups, x.size)
    # float16 and float32 in float64, so that no group norm is rounded to a subnormal of the
    # input's dtype before the sum (six float32 1e-45 in pairs: 5.6e-45, not 4.2e-45)
    wide = x.astype(np.float64) if x.dtype.itemsize < 8 else x
    largest, root = _group_norm_factors(wide, labels, n_groups)
    return _finish(np.sum(largest * root), x, False, None)  # numpy warns on a true overflow


def _group_norm_factors(x, labels, n_groups):
    """Each group's Euclidean norm as ``largest * root``, the two factors kept apart.

    ``largest`` is the group's largest magnitude, ``root`` the norm of the group divided by it
    (in [1, sqrt(group size)], 1 for an all-zero group). Kept apart so that neither factor
    overflows or underflows; in ``x``'s dtype.
    """
    magnitude = np.abs(x)
    largest = np.zeros(n_groups, dtype=x.dtype)
    np.maximum.at(largest, labels, magnitude)
    safe = np.where(largest > 0, largest, 1)
    with np.errstate(under="ignore"):  # (tiny / largest)^2 underflowing to 0 is negligible
        squares = np.square(magnitude / safe[labels])
    if x.dtype.itemsize <= 8:
        inner = np.bincount(labels, weights=squares, minlength=n_groups)
    else:  # bincount would round longdouble weights to float64
        inner = np.zeros(n_groups, dtype=x.dtype)
        np.add.at(inner, labels, squares)
    root = np.sqrt(np.maximum(inner, 1)).astype(x.dtype, copy=False)
    return largest, root
