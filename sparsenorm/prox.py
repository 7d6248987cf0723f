r"""Proximal operators and Euclidean projections, vectorised.

The proximal operator of a function :math:`h` with step :math:`t` is

.. math:: \operatorname{prox}_{t h}(x) = \arg\min_u \tfrac12 \|u - x\|_2^2 + t\,h(u).

For a separable penalty it is the exact minimiser of the one-weight problem "stay close to the
data value, pay the penalty", which is why it shows directly which penalties produce zeros.
"""

import numpy as np

from . import _kernels
from ._validation import (
    as_float_array,
    check_groups,
    check_l1_ratio,
    check_nonnegative_scalar,
    check_vector,
)
from .norms import _group_norms

__all__ = [
    "project_l1_ball",
    "project_l2_ball",
    "project_linf_ball",
    "prox_elastic_net",
    "prox_group_l21",
    "prox_l0",
    "prox_l1",
    "prox_squared_l2",
]


def prox_l1(x, step):
    r"""Soft thresholding: the proximal operator of ``step * ||.||_1``.

    Every entry moves towards zero by ``step``, and entries within ``step`` of zero land on
    exactly zero.

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Threshold (step size times penalty strength), ``>= 0``.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``; ``x`` is not modified.

    Notes
    -----
    .. math:: \operatorname{prox}_{t\|\cdot\|_1}(x)_i = \operatorname{sign}(x_i)\max(|x_i| - t, 0)

    It is computed as :math:`x - \operatorname{clip}(x, -t, t)`, which is equal bit for bit and,
    on large vectors, runs in cache-sized blocks that allocate only the output.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_l1([3.0, -0.2, 0.5, -1.5], 0.5)
    array([ 2.5,  0. ,  0. , -1. ])
    """
    step = check_nonnegative_scalar(step, "step")
    if isinstance(x, np.ndarray) and x.dtype.kind == "f" and x.flags.c_contiguous:
        if x.size >= _kernels.LARGE:
            out, finite = _kernels.soft_threshold(x.reshape(-1), step)
            if not finite:
                as_float_array(x, "x")  # raises for NaN or infinity; otherwise an overflow
            return out.reshape(x.shape)
    x = as_float_array(x, "x")
    threshold = x.dtype.type(step)
    return x - np.clip(x, -threshold, threshold)


def prox_squared_l2(x, step):
    r"""Proportional shrinkage: the proximal operator of ``step * ||.||_2^2 / 2``.

    Every entry is divided by the same factor ``1 + step``, so nothing non-zero becomes zero.

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Step size times penalty strength, ``>= 0``.

    Returns
    -------
    u : ndarray
        ``x / (1 + step)``, same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \operatorname{prox}_{\frac t2\|\cdot\|_2^2}(x) = \frac{x}{1 + t}

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_squared_l2([3.0, -0.2], 1.0)
    array([ 1.5, -0.1])
    """
    step = check_nonnegative_scalar(step, "step")
    x = as_float_array(x, "x")
    return x / x.dtype.type(1 + step)


def prox_elastic_net(x, step, l1_ratio):
    r"""Proximal operator of the elastic-net penalty: soft thresholding, then shrinkage.

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Step size times penalty strength, ``>= 0``.
    l1_ratio : float
        Share :math:`\rho \in [0, 1]` of the l1 term; 1 is :func:`prox_l1`, 0 is
        :func:`prox_squared_l2`.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``.

    Notes
    -----
    For :math:`h(u) = \rho\|u\|_1 + \frac{1 - \rho}2 \|u\|_2^2`,

    .. math::

        \operatorname{prox}_{t h}(x) = \frac{\operatorname{prox}_{t\rho\|\cdot\|_1}(x)}
        {1 + t(1 - \rho)}

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_elastic_net([3.0, -0.2], 1.0, l1_ratio=0.5)
    array([1.66666667, 0.        ])
    """
    step = check_nonnegative_scalar(step, "step")
    l1_ratio = check_l1_ratio(l1_ratio)
    x = as_float_array(x, "x")
    shrunk = prox_l1(x, step * l1_ratio)
    shrunk /= x.dtype.type(1 + step * (1 - l1_ratio))
    return shrunk


def prox_l0(x, step):
    r"""Hard thresholding: the proximal operator of ``step * ||.||_0``.

    Entries with :math:`|x_i| \le \sqrt{2\,\mathrm{step}}` become zero; the others are kept
    unchanged (no shrinkage at all).

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Step size times penalty strength, ``>= 0``.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``.

    Notes
    -----
    Keeping :math:`x_i` costs :math:`t`; zeroing it costs :math:`x_i^2/2`. So

    .. math::

        \operatorname{prox}_{t\|\cdot\|_0}(x)_i = \begin{cases} x_i & |x_i| > \sqrt{2t} \\
        0 & |x_i| \le \sqrt{2t} \end{cases}

    At :math:`|x_i| = \sqrt{2t}` both are minimisers; this function returns 0.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_l0([3.0, -0.9, 1.5], 0.5)
    array([3. , 0. , 1.5])
    """
    step = check_nonnegative_scalar(step, "step")
    x = as_float_array(x, "x")
    keep = np.abs(x) > np.sqrt(2 * step)
    return np.where(keep, x, x.dtype.type(0))


def prox_group_l21(x, step, groups):
    r"""Block soft thresholding: the proximal operator of ``step * sum_g ||x_g||_2``.

    Each group shrinks towards zero as a block, and a group whose norm is at most ``step``
    becomes exactly zero as a whole.

    Parameters
    ----------
    x : array-like of shape (n_features,)
        Input vector.
    step : float
        Step size times penalty strength, ``>= 0``.
    groups : int or sequence of sequences of int
        As in :func:`group_l21_norm`: a group size, or index sequences partitioning the
        coordinates.

    Returns
    -------
    u : ndarray of shape (n_features,)
        Same float dtype as ``x``.

    Notes
    -----
    .. math:: u_g = \max\Big(1 - \frac{t}{\|x_g\|_2}, 0\Big)\, x_g

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_group_l21([3.0, 4.0, 0.3, 0.4], 1.0, 2)
    array([2.4, 3.2, 0. , 0. ])
    """
    step = check_nonnegative_scalar(step, "step")
    x = check_vector(x, "x")
    labels, n_groups = check_groups(groups, x.size)
    norms = _group_norms(x, labels, n_groups)
    safe_norms = np.where(norms > 0, norms, 1)
    # (norm - step)_+ / norm rather than (1 - step / norm)_+: no overflow for subnormal norms.
    scale = np.maximum(norms - x.dtype.type(step), 0) / safe_norms
    return x * scale[labels]


def project_l2_ball(x, radius):
    r"""Euclidean projection onto the l2 ball :math:`\{u : \|u\|_2 \le r\}`.

    Parameters
    ----------
    x : array-like
        Input array, treated as one vector.
    radius : float
        Ball radius, ``>= 0``.

    Returns
    -------
    u : ndarray
        ``x`` scaled by :math:`\min(1, r / \|x\|_2)`; same shape and float dtype.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.project_l2_ball([3.0, 4.0], 1.0)
    array([0.6, 0.8])
    """
    from .norms import l2_norm

    radius = check_nonnegative_scalar(radius, "radius")
    x = as_float_array(x, "x")
    norm = l2_norm(x)
    if norm <= radius:
        return x.copy()
    return x * x.dtype.type(radius / norm)


def project_linf_ball(x, radius):
    r"""Euclidean projection onto the l-infinity ball: clip every entry to ``[-r, r]``.

    It is the proximal operator of the indicator of the dual ball of l1, so
    :math:`x = \operatorname{prox}_{t\|\cdot\|_1}(x) + \operatorname{proj}_{t B_\infty}(x)`
    (Moreau's decomposition).

    Parameters
    ----------
    x : array-like
        Input array.
    radius : float
        Ball radius, ``>= 0``.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.project_linf_ball([3.0, -0.2, -5.0], 1.0)
    array([ 1. , -0.2, -1. ])
    """
    radius = check_nonnegative_scalar(radius, "radius")
    x = as_float_array(x, "x")
    bound = x.dtype.type(radius)
    return np.clip(x, -bound, bound)


def project_l1_ball(x, radius):
    r"""Euclidean projection onto the l1 ball :math:`\{u : \|u\|_1 \le r\}`.

    The projection is a soft thresholding whose threshold :math:`\theta` is chosen so that the
    result has l1 norm exactly :math:`r`: projecting onto the diamond produces exact zeros, the
    constrained form of the Lasso's sparsity.

    Parameters
    ----------
    x : array-like
        Input array, treated as one vector.
    radius : float
        Ball radius, ``>= 0``.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``.

    Notes
    -----
    .. math::

        \operatorname{proj}(x)_i = \operatorname{sign}(x_i)\max(|x_i| - \theta, 0),\quad
        \sum_i \max(|x_i| - \theta, 0) = r

    :math:`\theta` is found from the sorted magnitudes in :math:`O(n \log n)`.

    References
    ----------
    J. Duchi, S. Shalev-Shwartz, Y. Singer, T. Chandra, "Efficient projections onto the
    l1-ball for learning in high dimensions", ICML 2008.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.project_l1_ball([3.0, 1.0, -0.5], 2.0)
    array([2., 0., 0.])
    """
    radius = check_nonnegative_scalar(radius, "radius")
    x = as_float_array(x, "x")
    magnitude = np.abs(x).reshape(-1)
    if magnitude.sum() <= radius:
        return x.copy()
    if radius == 0:
        return np.zeros_like(x)
    descending = np.sort(magnitude)[::-1]
    excess = np.cumsum(descending, dtype=np.float64) - radius
    ranks = np.arange(1, descending.size + 1)
    # The largest entry is always active; rounding can hide it when radius << max |x|.
    n_active = max(int(np.count_nonzero(descending - excess / ranks > 0)), 1)
    theta = excess[n_active - 1] / n_active
    # The cumulative sum cancels catastrophically when radius << ||x||_1; one correction on
    # the (small) residual of the active entries restores ||result||_1 = radius to rounding.
    active = descending[:n_active]
    theta += (np.sum(active - theta) - radius) / n_active
    return prox_l1(x, max(theta, 0.0))
