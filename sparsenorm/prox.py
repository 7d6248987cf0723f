r"""Proximal operators and Euclidean projections, vectorised.

The proximal operator of a function :math:`h` with step :math:`t` is

.. math:: \operatorname{prox}_{t h}(x) = \arg\min_u \tfrac12 \|u - x\|_2^2 + t\,h(u).

For a separable penalty it is the exact minimiser of the one-weight problem "stay close to the
data value, pay the penalty", which is why it shows directly which penalties produce zeros.

Precision of ``prox_l1``, ``prox_squared_l2``, ``prox_elastic_net``, ``prox_l0``,
``prox_group_l21`` and the three projections: float16, float32 and
float64 input is computed in float64 and rounded once to the input's dtype, so a float16 or
float32 result is the float64 result rounded, never the victim of an intermediate such as
``1 + step`` that the small dtype cannot hold; longdouble is computed in longdouble. For
``prox_l1`` (numpy input and, as ``sparsenorm._array_api`` says, foreign arrays) that is
not always the correctly rounded soft thresholding when the threshold is not a number of the
input's dtype: float32 ``x = 1`` and ``step = 2**-25 + 2**-77`` give 1 (``1 - step`` rounds in
float64 to ``1 - 2**-25``, halfway between two float32 numbers, and the tie goes to the even
one, 1), while the nearest float32 to ``1 - step`` is ``1 - 2**-24``. A 0-d input gives a
numpy scalar, as numpy's ufuncs do.

Every function here also takes a torch tensor or other array-API array and returns one of its
kind, device and dtype (see ``sparsenorm._array_api`` for which compute in the array's own
namespace and which on a host copy).
"""

import math
from fractions import Fraction

import numpy as np

from . import _array_api, _kernels
from ._validation import (
    as_float_array,
    as_result,
    check_groups,
    check_l1_ratio,
    check_nonnegative_scalar,
    check_vector,
    working_dtype,
)
from .norms import _group_norm_factors

__all__ = [
    "mcp_values",
    "project_l1_ball",
    "project_l2_ball",
    "project_linf_ball",
    "prox_elastic_net",
    "prox_group_l21",
    "prox_l0",
    "prox_l1",
    "prox_lq",
    "prox_mcp",
    "prox_scad",
    "prox_squared_l2",
    "scad_values",
]


def _working(x):
    """``x`` in the precision it is computed in (see the module docstring)."""
    return x.astype(working_dtype(x.dtype), copy=False)


def _is_exact_in(value, dtype):
    """Whether the float ``value`` is exactly representable in ``dtype``."""
    return abs(value) <= float(np.finfo(dtype).max) and float(np.dtype(dtype).type(value)) == value


def _exceeds_sqrt_2t(magnitude, t):
    """``magnitude > sqrt(2 t)``, decided exactly for every float ``magnitude``.

    ``s = sqrt(2 t)`` is correctly rounded (computed as ``2 sqrt(t / 2)`` when ``2 t`` would
    overflow), so only an entry equal to ``s`` is ambiguous; the exact ``s**2 > 2 t`` settles it.
    """
    if magnitude.dtype.itemsize > 8:  # longdouble: its own correctly rounded square root
        s = np.sqrt(np.longdouble(2) * np.longdouble(t))
        keep_tie = Fraction(*s.as_integer_ratio()) ** 2 > 2 * Fraction(t)
    else:
        s, keep_tie = _sqrt_2t(t)  # a float64 scalar: the comparison is made in float64
    return magnitude >= s if keep_tie else magnitude > s


def _sqrt_2t(t):
    """``(s, keep_tie)``: ``s = sqrt(2 t)`` rounded correctly to float64, and ``s**2 > 2 t``.

    ``magnitude > sqrt(2 t)`` is then ``magnitude >= s`` if ``keep_tie``, else ``magnitude > s``,
    exactly for every float ``magnitude`` of at most 53 bits.
    """
    s = np.float64(math.sqrt(2 * t) if t <= 1 else 2 * math.sqrt(t / 2))
    return s, Fraction(s) ** 2 > 2 * Fraction(t)


def _l1_ball_magnitudes(magnitude, radius):
    """Magnitudes of the projection of a vector with these magnitudes onto the l1 ball.

    With ``m = max(magnitude)`` and the offsets ``delta = magnitude - m`` (sorted decreasingly),
    the ``k`` largest entries stay non-zero, where ``k`` is the length of the prefix on which
    ``D_j = sum_{i <= j} (delta_i - delta_j) < radius`` (``D`` is non-decreasing). They become
    ``delta_i - tau`` with ``tau = (sum_{i <= k} delta_i - radius) / k``. A radius so large
    that these sums could overflow is handled on a copy scaled by a power of two.
    """
    dtype = magnitude.dtype
    n = magnitude.size
    shift = 0
    if radius * (n + 1) > float(np.finfo(dtype).max) / 2:
        shift = (n + 1).bit_length() + 2
        magnitude = np.ldexp(magnitude, -shift)
        radius = float(np.ldexp(radius, -shift))
    radius = dtype.type(radius)
    largest = np.max(magnitude)
    delta = np.sort(magnitude)[::-1] - largest
    with np.errstate(over="ignore", invalid="ignore"):
        cumulative = np.cumsum(delta)
        spread = cumulative - np.arange(1, n + 1) * delta
        failing = ~(spread < radius)  # NaN (an overflowed tail) counts as failing
    k = max(int(np.argmax(failing)) if failing.any() else n, 1)
    tau = (cumulative[k - 1] - radius) / k
    # One Newton correction on the residual restores sum(result) = radius to rounding.
    tau += (np.sum(delta[:k] - tau) - radius) / k
    result = np.maximum(magnitude - largest - tau, 0)
    return np.ldexp(result, shift) if shift else result


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
    on large vectors, runs in cache-sized blocks that allocate only the output (and, for
    float32 input with a threshold float32 cannot hold exactly, two block-sized float64
    buffers: those blocks are computed in float64, about half the speed).

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_l1([3.0, -0.2, 0.5, -1.5], 0.5)
    array([ 2.5,  0. ,  0. , -1. ])
    """
    step = check_nonnegative_scalar(step, "step")
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.prox_l1(x, step)
    if (
        isinstance(x, np.ndarray)
        and x.dtype in (np.float32, np.float64)
        and x.dtype.isnative
        and x.flags.c_contiguous
        and x.size >= _kernels.LARGE
    ):
        # float32 arithmetic gives the float64 result rounded when the threshold is a float32
        # (double rounding is innocuous for one subtraction, 53 >= 2 * 24 + 2); otherwise the
        # blocks go through float64.
        work = None if _is_exact_in(step, x.dtype) else np.float64
        out, finite = _kernels.soft_threshold(x.reshape(-1), step, work=work)
        if not finite:
            as_float_array(x, "x")  # raises for NaN or infinity; otherwise an overflow
        return out.reshape(x.shape)
    x = as_float_array(x, "x")
    w = _working(x)
    threshold = w.dtype.type(step)
    return as_result(w - np.clip(w, -threshold, threshold), x.dtype)


def prox_squared_l2(x, step):
    r"""Proportional shrinkage: the proximal operator of ``step * ||.||_2^2 / 2``.

    Every entry is divided by the same factor ``1 + step``, so nothing non-zero becomes zero
    (in exact arithmetic; a float result can underflow to 0).

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
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.prox_squared_l2(x, step)
    x = as_float_array(x, "x")
    w = _working(x)
    return as_result(w / (w.dtype.type(1) + w.dtype.type(step)), x.dtype)


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
    The threshold :math:`t\rho` and the divisor :math:`1 + t(1 - \rho)` are formed exactly
    (with :class:`fractions.Fraction`) from the float arguments, so the result is the exact
    operator's value up to three roundings in float64 (then one rounding to ``x``'s dtype).

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
    # The threshold t * rho as an unevaluated sum hi + lo (exact), so that |x| - t * rho has no
    # error of its own when x is close to it; the divisor rounded once.
    hi, lo, divisor = _array_api.elastic_net_constants(step, l1_ratio)
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.prox_elastic_net(x, (hi, lo, divisor))
    x = as_float_array(x, "x")
    w = _working(x)
    magnitude = np.maximum(np.abs(w) - w.dtype.type(hi) - w.dtype.type(lo), 0)
    magnitude = magnitude / w.dtype.type(divisor)
    # -0.0 + 0.0 is +0.0: thresholded entries are +0, as x - clip(x) gives.
    return as_result(np.copysign(magnitude, w) + 0.0, x.dtype)


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

    At :math:`|x_i| = \sqrt{2t}` both are minimisers; this function returns 0. The comparison
    :math:`x_i^2 > 2t` is decided exactly (not against a rounded square root).

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_l0([3.0, -0.9, 1.5], 0.5)
    array([3. , 0. , 1.5])
    """
    step = check_nonnegative_scalar(step, "step")
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        threshold, keep_tie = _sqrt_2t(step)
        return _array_api.prox_l0(x, float(threshold), keep_tie)
    x = as_float_array(x, "x")
    keep = _exceeds_sqrt_2t(np.abs(x), step)
    return as_result(np.where(keep, x, x.dtype.type(0)), x.dtype)


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
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.on_host(prox_group_l21, x, step, groups)
    x = check_vector(x, "x")
    labels, n_groups = check_groups(groups, x.size)
    w = _working(x)
    # ||x_g|| = largest * root with root in [1, sqrt(size)]: (||x_g|| - t)_+ / ||x_g|| is
    # (root - t / largest)_+ / root, in which nothing overflows (t / largest may become inf for
    # a tiny group, whose scale is then 0, as it should be).
    largest, root = _group_norm_factors(w, labels, n_groups)
    with np.errstate(over="ignore", divide="ignore"):
        ratio = w.dtype.type(step) / np.where(largest > 0, largest, 1)
    scale = np.maximum(root - ratio, 0) / root
    return as_result(w * scale[labels], x.dtype)


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
    radius = check_nonnegative_scalar(radius, "radius")
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.project_l2_ball(x, radius)
    x = as_float_array(x, "x")
    w = _working(x)
    largest = np.max(np.abs(w), initial=0)
    if largest == 0:
        return as_result(x.copy(), x.dtype)
    # ||x|| = root * 2**e with x * 2**-e in (-1, 1): neither ||x|| nor radius / ||x|| needs to
    # be representable (the norm of [1e308, 1e308] is not).
    e = int(np.frexp(largest)[1])
    scaled = np.ldexp(w, -e)
    root = np.sqrt(np.dot(scaled.reshape(-1), scaled.reshape(-1)))
    with np.errstate(over="ignore"):  # radius / 2**e beyond the range: inside the ball
        scaled_radius = np.ldexp(w.dtype.type(radius), -e)
    if root <= scaled_radius:
        return as_result(x.copy(), x.dtype)
    factor = scaled_radius / root  # radius / ||x||, < 1
    if factor >= np.finfo(w.dtype).smallest_normal:
        return as_result(w * factor, x.dtype)
    # radius / ||x|| would lose precision as a subnormal: scale the scaled entries instead.
    return as_result(scaled * (w.dtype.type(radius) / root), x.dtype)


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
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.project_linf_ball(x, radius)
    x = as_float_array(x, "x")
    # Clipping to the radius rounded to x's dtype is exact (rounding is monotone); a radius
    # beyond the dtype's range clips nothing.
    bound = x.dtype.type(min(radius, float(np.finfo(x.dtype).max)))
    return as_result(np.clip(x, -bound, bound), x.dtype)


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

    :math:`\theta` is found from the sorted magnitudes in :math:`O(n \log n)`. The computation
    works with the offsets :math:`|x_i| - \max_j |x_j|`, which are exact for the entries that
    stay non-zero when :math:`r < \max_j |x_j|/2` (Sterbenz's lemma), so the result has
    :math:`\ell_1` norm :math:`r` to rounding relative to :math:`r` itself even when
    :math:`r \ll \|x\|_1`, and nothing overflows when :math:`\|x\|_1` does.

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
    if not isinstance(x, np.ndarray) and _array_api.is_foreign(x):
        return _array_api.on_host(project_l1_ball, x, radius)
    x = as_float_array(x, "x")
    w = _working(x)
    magnitude = np.abs(w).reshape(-1)
    with np.errstate(over="ignore"):  # a sum beyond the largest float is outside the ball
        total = np.sum(magnitude)
    if total <= radius:
        return as_result(x.copy(), x.dtype)
    if radius == 0:
        return as_result(np.zeros_like(x), x.dtype)
    projected = np.copysign(_l1_ball_magnitudes(magnitude, radius).reshape(w.shape), w)
    return as_result(projected + 0.0, x.dtype)  # -0.0 + 0.0 is +0.0: zeroed entries are +0


# -- Non-convex penalties with a kink at zero: MCP, SCAD, and the lq penalty ---------------------


def _check_above(value, name, bound):
    """Return ``value`` as a Python float after checking it is a finite real ``> bound``."""
    import numbers

    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if not value > bound:
        raise ValueError(f"{name} must be > {bound:g}, got {value}")
    return value


def _check_knot(alpha, factor, name):
    """Check that the penalty's outer knot ``factor * alpha`` is a finite number."""
    if not np.isfinite(factor * alpha):
        raise ValueError(f"alpha * {name} must be finite, got {alpha:g} * {factor:g}")


def mcp_values(w, alpha, gamma):
    r"""Elementwise value of the minimax concave penalty (MCP).

    Parameters
    ----------
    w : array-like
        Coefficients.
    alpha : float
        Strength, ``>= 0``: the slope at 0.
    gamma : float
        Concavity, ``> 1``: the penalty is flat beyond :math:`|w| = \gamma\alpha`.

    Returns
    -------
    p : ndarray
        Same shape and float dtype as ``w``.

    Notes
    -----
    .. math::

        p(w) = \begin{cases} \alpha|w| - \dfrac{w^2}{2\gamma} & |w| \le \gamma\alpha \\[1ex]
        \dfrac{\gamma\alpha^2}{2} & |w| > \gamma\alpha \end{cases}

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.mcp_values([0.0, 1.0, 5.0], alpha=1.0, gamma=2.0)
    array([0.  , 0.75, 1.  ])
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    gamma = _check_above(gamma, "gamma", 1)
    _check_knot(alpha, gamma, "gamma")
    if not isinstance(w, np.ndarray) and _array_api.is_foreign(w):
        return _array_api.mcp_values(w, alpha, gamma)
    w = as_float_array(w, "w")
    dtype = working_dtype(w.dtype).type  # float64, or longdouble for longdouble
    magnitude = np.abs(w).astype(dtype)
    # clipped at the knot, so that the branch not taken cannot overflow (the same where taken)
    clipped = np.minimum(magnitude, dtype(gamma * alpha))
    inner = clipped * (dtype(alpha) - clipped / dtype(2 * gamma))
    flat = dtype(gamma * alpha * alpha / 2)
    return as_result(np.where(magnitude <= dtype(gamma * alpha), inner, flat), w.dtype)


def scad_values(w, alpha, a):
    r"""Elementwise value of the smoothly clipped absolute deviation (SCAD) penalty.

    Parameters
    ----------
    w : array-like
        Coefficients.
    alpha : float
        Strength, ``>= 0``: the slope at 0, kept up to :math:`|w| = \alpha`.
    a : float
        Shape, ``> 2``: the penalty is flat beyond :math:`|w| = a\alpha`.

    Returns
    -------
    p : ndarray
        Same shape and float dtype as ``w``.

    Notes
    -----
    .. math::

        p(w) = \begin{cases} \alpha|w| & |w| \le \alpha \\[1ex]
        \dfrac{2a\alpha|w| - w^2 - \alpha^2}{2(a - 1)} & \alpha < |w| \le a\alpha \\[1ex]
        \dfrac{(a + 1)\alpha^2}{2} & |w| > a\alpha \end{cases}

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.scad_values([0.5, 2.0, 5.0], alpha=1.0, a=3.0)
    array([0.5 , 1.75, 2.  ])
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    a = _check_above(a, "a", 2)
    _check_knot(alpha, a, "a")
    if not isinstance(w, np.ndarray) and _array_api.is_foreign(w):
        return _array_api.scad_values(w, alpha, a)
    w = as_float_array(w, "w")
    dtype = working_dtype(w.dtype).type  # float64, or longdouble for longdouble
    magnitude = np.abs(w).astype(dtype)
    # (2 a alpha |w| - w^2 - alpha^2) / (2 (a - 1)), written to avoid squaring large |w|, and
    # clipped at the outer knot, so that the branch not taken cannot overflow
    clipped = np.minimum(magnitude, dtype(a * alpha))
    middle = (clipped - dtype(alpha)) * (dtype(2 * a * alpha) - clipped - dtype(alpha))
    middle = middle / dtype(2 * (a - 1)) + dtype(alpha * alpha)
    flat = dtype((a + 1) * alpha * alpha / 2)
    values = np.where(
        magnitude <= dtype(alpha),
        dtype(alpha) * magnitude,
        np.where(magnitude <= dtype(a * alpha), middle, flat),
    )
    return as_result(values, w.dtype)


@_array_api.dispatch_on_host
def prox_mcp(x, step, alpha, gamma=3.0):
    r"""Firm thresholding: the proximal operator of ``step`` times the MCP penalty.

    For ``step < gamma``, entries with :math:`|x_i| \le \mathrm{step}\,\alpha` become exactly
    zero (so may entries above that edge by less than its rounding: the comparison is with
    ``step * alpha`` rounded to the working precision), entries beyond :math:`\gamma\alpha` are
    kept unchanged (no bias for large weights), and those in between are shrunk and stretched
    linearly so that the map is continuous. For ``step >= gamma`` it is hard thresholding, with
    the comparison decided exactly (see Notes). Unlike :func:`prox_l1`, ``step`` and
    ``alpha`` are separate arguments: the penalty is not proportional to ``alpha``.

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Step size, ``>= 0``.
    alpha : float
        Strength, ``>= 0`` (see :func:`mcp_values`).
    gamma : float, default=3.0
        Concavity, ``> 1``.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``; ``x`` is not modified. Where the minimiser is not
        unique (only possible when ``step >= gamma``), the one of smallest magnitude.

    Notes
    -----
    With :math:`t` the step and :math:`p` the MCP penalty, each entry solves
    :math:`\min_u \tfrac12(u - x)^2 + t\,p(u)`. For :math:`t < \gamma` that problem is strictly
    convex, and its minimiser is firm thresholding (Gao & Bruce 1997; Zhang 2010):

    .. math::

        u = \begin{cases} 0 & |x| \le t\alpha \\[1ex]
        \operatorname{sign}(x)\,\dfrac{\gamma(|x| - t\alpha)}{\gamma - t}
        & t\alpha < |x| \le \gamma\alpha \\[1ex]
        x & |x| > \gamma\alpha \end{cases}

    For :math:`t \ge \gamma` the objective is concave (linear for :math:`t = \gamma`) on each
    of :math:`[0, \gamma\alpha]` and :math:`[-\gamma\alpha, 0]` (at 0 itself it has a convex
    kink), so its minimum on :math:`|u| \le \gamma\alpha` is at 0 or at
    :math:`\pm\gamma\alpha`; comparing 0 with :math:`u = x`
    gives hard thresholding at :math:`\alpha\sqrt{\gamma t}`, which this function returns:
    :math:`u = x` if :math:`|x| > \alpha\sqrt{\gamma t}`, else 0. The comparison is decided
    exactly, as :math:`x^2 > \alpha^2\gamma t` in rational arithmetic on the float values (the
    rounded :math:`\alpha\sqrt{\gamma t}` only gives the starting point of a search for the
    smallest float above the edge), so at the edge itself, where 0 and :math:`x` tie, 0 comes
    back.

    References
    ----------
    C.-H. Zhang, "Nearly unbiased variable selection under minimax concave penalty",
    *Annals of Statistics* 38(2), 894-942, 2010.
    H.-Y. Gao, A. G. Bruce, "WaveShrink with firm shrinkage", *Statistica Sinica* 7, 855-874,
    1997.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_mcp([0.5, 2.0, 4.0], step=1.0, alpha=1.0, gamma=3.0)
    array([0. , 1.5, 4. ])
    >>> sn.prox_mcp([0.5, 2.0, 4.0], step=4.0, alpha=1.0, gamma=3.0)  # hard threshold sqrt(12)
    array([0., 0., 4.])
    """
    step = check_nonnegative_scalar(step, "step")
    alpha = check_nonnegative_scalar(alpha, "alpha")
    gamma = _check_above(gamma, "gamma", 1)
    _check_knot(alpha, gamma, "gamma")
    x = as_float_array(x, "x")
    w = _working(x)  # the module's precision rule: float64, or longdouble for longdouble
    dtype = w.dtype.type
    zero = dtype(0)
    magnitude = np.abs(w)
    if step == 0:
        return as_result(x.copy(), x.dtype)
    if step >= gamma:
        # Keep x exactly when x^2 > alpha^2 gamma step (exact rationals). The rounded
        # alpha sqrt(gamma) sqrt(step) is within a few units in the last place of the edge; from
        # it, step to the smallest float `least` of the working dtype that exceeds the edge.
        edge_squared = Fraction(alpha) ** 2 * Fraction(gamma) * Fraction(step)
        top, up = np.finfo(dtype).max, dtype(np.inf)

        def exceeds(m):
            return Fraction(*m.as_integer_ratio()) ** 2 > edge_squared

        with np.errstate(over="ignore"):
            guess = dtype(alpha) * np.sqrt(dtype(gamma)) * np.sqrt(dtype(step))
        least = min(guess, top)
        if exceeds(least):
            while least > 0 and exceeds(np.nextafter(least, zero)):
                least = np.nextafter(least, zero)
        else:
            while least < top and not exceeds(least):
                least = np.nextafter(least, up)
            if not exceeds(least):  # the edge is beyond the largest float: nothing is kept
                least = up
        return as_result(np.where(magnitude >= least, w, zero), x.dtype)
    # Clipped first, so that entries beyond gamma * alpha (kept as they are) cannot overflow.
    # The edge step * alpha is rounded once, in the working dtype: every entry at most the exact
    # product is at most the rounded one (rounding is monotone), so it becomes 0.
    edge = dtype(step) * dtype(alpha)
    inner = np.minimum(magnitude, dtype(gamma * alpha))
    stretched = (inner - edge) * dtype(gamma / (gamma - step))
    firm = np.where(magnitude <= edge, zero, np.copysign(stretched, w))
    return as_result(np.where(magnitude <= dtype(gamma * alpha), firm, w), x.dtype)


@_array_api.dispatch_on_host
def prox_scad(x, step, alpha, a=3.7):
    r"""Proximal operator of ``step`` times the SCAD penalty (SCAD thresholding).

    For ``step < a - 1``, entries with :math:`|x_i| \le \mathrm{step}\,\alpha` become exactly
    zero (so may entries above that edge by less than its rounding: the comparison is with
    ``step * alpha`` rounded to the working precision), entries beyond :math:`a\alpha` are
    kept unchanged, and those in between are soft thresholded or interpolated linearly. For
    ``step >= a - 1`` the result is the global minimiser found by comparing candidates (see
    Notes). As for :func:`prox_mcp`, ``step`` and ``alpha`` are separate.

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Step size, ``>= 0``.
    alpha : float
        Strength, ``>= 0`` (see :func:`scad_values`).
    a : float, default=3.7
        Shape, ``> 2``; Fan and Li's recommended value is 3.7.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``; ``x`` is not modified. Where the minimiser is not
        unique (only possible when ``step >= a - 1``), the one of smallest magnitude.

    Notes
    -----
    Each entry solves :math:`\min_u \tfrac12(u - x)^2 + t\,p(u)`, with :math:`t` the step and
    :math:`p` the SCAD penalty. For :math:`t < a - 1` the problem is strictly convex and

    .. math::

        u = \begin{cases} 0 & |x| \le t\alpha \\[1ex]
        \operatorname{sign}(x)(|x| - t\alpha) & t\alpha < |x| \le (1 + t)\alpha \\[1ex]
        \operatorname{sign}(x)\,\dfrac{(a - 1)|x| - t a\alpha}{a - 1 - t}
        & (1 + t)\alpha < |x| \le a\alpha \\[1ex]
        x & |x| > a\alpha \end{cases}

    (for :math:`t = 1` this is Fan and Li's formula). For :math:`t \ge a - 1` the objective is
    concave (linear for :math:`t = a - 1`) on each of :math:`[\alpha, a\alpha]` and
    :math:`[-a\alpha, -\alpha]`, so the global minimiser is the best
    of three candidates: 0, the soft-thresholding candidate
    :math:`\operatorname{sign}(x)\min(\max(|x| - t\alpha, 0), \alpha)` and
    :math:`\operatorname{sign}(x)\max(|x|, a\alpha)`; this function compares their objectives.

    References
    ----------
    J. Fan, R. Li, "Variable selection via nonconcave penalized likelihood and its oracle
    properties", *Journal of the American Statistical Association* 96, 1348-1360, 2001.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_scad([0.5, 1.5, 3.0, 5.0], step=1.0, alpha=1.0, a=3.7)
    array([0.        , 0.5       , 2.58823529, 5.        ])
    """
    step = check_nonnegative_scalar(step, "step")
    alpha = check_nonnegative_scalar(alpha, "alpha")
    a = _check_above(a, "a", 2)
    _check_knot(alpha, a, "a")
    x = as_float_array(x, "x")
    w = _working(x)  # the module's precision rule: float64, or longdouble for longdouble
    dtype = w.dtype.type
    if step == 0:
        return as_result(x.copy(), x.dtype)
    magnitude = np.abs(w)
    # step * alpha rounded once in the working dtype; |x| <= the exact product gives soft = 0
    soft = np.maximum(magnitude - dtype(step) * dtype(alpha), dtype(0))
    if step < a - 1:
        # (a - 1)|x| - t a alpha) / (a - 1 - t), written as |x| minus a bounded correction
        inner = np.minimum(magnitude, dtype(a * alpha))
        middle = inner - (dtype(a * alpha) - inner) * dtype(step / (a - 1 - step))
        u = np.where(
            magnitude <= dtype((1 + step) * alpha),
            soft,
            np.where(magnitude <= dtype(a * alpha), middle, magnitude),
        )
        return as_result(np.where(u == 0, dtype(0), np.copysign(u, w)), x.dtype)
    if alpha == 0:
        return as_result(x.copy(), x.dtype)
    # Compare the three candidates in units of alpha. A cost that overflows to inf is larger than
    # the finite cost of keeping x, the right verdict; |x| / alpha = inf keeps x outright.
    with np.errstate(over="ignore"):
        scaled = magnitude / dtype(alpha)
        soft = np.minimum(soft / dtype(alpha), dtype(1))
    huge = np.isinf(scaled)
    scaled = np.where(huge, dtype(a), scaled)
    candidates = np.stack([np.zeros_like(scaled), soft, np.maximum(scaled, dtype(a))])
    with np.errstate(over="ignore"):
        cost = (candidates - scaled) ** 2 / 2 + dtype(step) * scad_values(candidates, 1.0, a)
    best = np.take_along_axis(candidates, np.argmin(cost, axis=0)[None], axis=0)[0]
    u = np.where(huge | (best == scaled), magnitude, best * dtype(alpha))
    return as_result(np.where(u == 0, dtype(0), np.copysign(u, w)), x.dtype)


def _slope_term(u, t, q):
    """``t q u^(q-1)`` for an array ``u >= 0`` and a scalar ``t > 0``, without spurious overflow.

    ``u ** (q - 1)`` alone leaves the normal range where the product need not (a large ``t``
    with a tiny ``u``). There ``u = m 2^e`` is split, with ``m`` in ``[1/sqrt(2), sqrt(2))``:
    ``u^(q-1) = m^(q-1) 2^(e (q-1))``, the product ``e (q-1)`` is formed exactly as a sum of two
    floats (a Veltkamp split of ``q - 1``), its integer part goes to :func:`numpy.ldexp` and only
    its fraction to ``exp2``. Every intermediate then stays in range for ``q <= 1000``; beyond,
    where ``m^(q-1)`` itself can leave it, the power is taken through logarithms.
    """
    dtype = u.dtype.type
    info = np.finfo(u.dtype)
    p, p_lo = _two_sum(dtype(q), dtype(-1))  # q - 1 = p + p_lo exactly (p_lo != 0 for q < 1/2)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        power = u**p
        term = t * power * dtype(q)
        in_range = (u == 0) | ((power >= info.smallest_normal) & (power <= info.max))
        if np.all(in_range):
            return _times_u_to_the(term, u, p_lo)
        m, e = np.frexp(u)
        low = m < dtype(math.sqrt(0.5))
        m, e = np.where(low, 2 * m, m), np.where(low, e - 1, e).astype(u.dtype)
        c = dtype(2 ** (info.nmant // 2 + 1) + 1) * p  # Veltkamp: p = a + b, each half the bits
        a = c - (c - p)
        b = p - a
        hi, lo = e * a, e * b  # exact: e has at most 15 significant bits
        n_hi, n_lo = np.rint(hi), np.rint(lo)
        fraction = (hi - n_hi) + (lo - n_lo)
        m_t, e_t = np.frexp(t)
        m_power = m**p
        exponent = np.clip(n_hi + n_lo + e_t, -(2**20), 2**20).astype(np.int64)
        scaled = np.ldexp(m_t * dtype(q) * m_power * np.exp2(fraction), exponent)
        fine = in_range | ((m_power >= info.smallest_normal) & (m_power <= info.max))
        if not np.all(fine):  # q > 1000 only
            log2_term = np.log2(t) + np.log2(dtype(q)) + p * np.log2(u)
            n = np.clip(np.rint(log2_term), -(2**20), 2**20)
            logs = np.ldexp(np.exp2(log2_term - n), n.astype(np.int64))
            scaled = np.where(fine, scaled, logs)
        return _times_u_to_the(np.where(in_range, term, scaled), u, p_lo)


def _two_sum(a, b):
    """``(s, e)`` with ``s = fl(a + b)`` and ``a + b = s + e`` exactly (Knuth's TwoSum)."""
    s = a + b
    b_virtual = s - a
    return s, (a - (s - b_virtual)) + (b - b_virtual)


def _times_u_to_the(term, u, p_lo):
    """``term * u^p_lo`` for the tiny rounding error ``p_lo`` of an exponent ``q - 1``.

    ``|p_lo ln u| <= 2^-54 * 745`` in float64, so ``u^p_lo = 1 + p_lo ln u`` to far below an
    ulp, added as ``term + term (p_lo ln u)``: one rounding. Without it the power's relative
    error is ``|p_lo ln u|``, hundreds of ulps for ``q < 1/2`` and ``u`` far from 1.
    """
    if p_lo == 0:
        return term
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_u = np.log(np.where(u > 0, u, 1))
        return np.where(np.isfinite(term), term + term * (p_lo * log_u), term)


def _root_by_bisection(excess, lo, hi):
    """One of two adjacent floats around a sign change of ``excess``: the one nearer 0 in it.

    ``lo >= 0`` and ``hi`` are arrays of one float dtype with ``excess(lo) < 0 <= excess(hi)``
    (where that fails the bracket is left as it is). The midpoint is geometric while
    ``hi > 2 lo`` (a root can be hundreds of orders of magnitude below ``hi``; a lower end 0
    counts as the smallest subnormal) and arithmetic after, so that every bracket of the dtype
    shrinks to two adjacent floats within the fixed number of steps below.
    """
    info = np.finfo(lo.dtype)
    tiny = lo.dtype.type(info.smallest_subnormal)
    binades = info.maxexp - info.minexp + info.nmant  # log2(largest / smallest positive float)
    for _ in range(info.nmant + 1 + math.ceil(math.log2(binades)) + 3):
        geometric = hi / 2 > lo
        mid = np.where(geometric, np.sqrt(np.maximum(lo, tiny)) * np.sqrt(hi), lo + (hi - lo) / 2)
        above = excess(mid) >= 0
        hi, lo = np.where(above, mid, hi), np.where(above, lo, mid)
    return np.where(np.abs(excess(lo)) <= np.abs(excess(hi)), lo, hi)


def _lq_beta_tau(t, q, dtype):
    r"""``beta = (2t(1-q))^(1/(2-q))`` and ``tau = (2-q)/(2(1-q)) beta``, as ``dtype`` scalars.

    Computed in 50-digit decimal arithmetic (whose ``ln`` and ``exp`` are correctly rounded) from
    the exact values of the floats ``t > 0`` and ``0 < q < 1``, then rounded to ``dtype``: within
    half an ulp plus a relative 1e-44 (in ``dtype`` itself, the rounded exponent ``1/(2-q)``
    alone would put about :math:`|\ln\beta|` ulps of error into both, hundreds at extreme ``t``).
    Beyond the range of ``dtype`` the result is inf or 0.
    """
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 50
        t, q = Decimal(t), Decimal(q)
        beta = ((2 * t * (1 - q)).ln() / (2 - q)).exp()
        tau = (2 - q) / (2 * (1 - q)) * beta
    return dtype(str(beta)), dtype(str(tau))  # a decimal string rounds once: inf beyond range


@_array_api.dispatch_on_host
def prox_lq(x, step, q):
    r"""Proximal operator of ``step * sum_i |x_i|^q``, the lq penalty, for any ``q > 0``.

    For :math:`q \le 1` entries with :math:`|x_i|` up to a threshold become exactly zero; for
    :math:`q > 1` only zero itself maps to zero (in exact arithmetic: a minimiser too small for
    the dtype rounds to 0). For :math:`q < 1` the problem is not convex and the map jumps from 0
    straight to a non-zero value at the threshold.

    Parameters
    ----------
    x : array-like
        Input array.
    step : float
        Step size times penalty strength, ``>= 0``.
    q : float
        Exponent, ``> 0``; 1 is :func:`prox_l1`.

    Returns
    -------
    u : ndarray
        Same shape and float dtype as ``x``; the global minimiser of each entry's problem, 0
        where the minimiser is not unique.

    Notes
    -----
    Each entry solves :math:`\min_u \tfrac12(u - x)^2 + t|u|^q`. A non-zero minimiser has the
    sign of :math:`x` and solves :math:`g(|u|) = |x|`, :math:`g(u) = u + t q u^{q-1}`.

    * :math:`q > 1`: :math:`g` increases from 0, so the root is unique and non-zero for every
      :math:`x \ne 0` (in exact arithmetic; it can be too small for the dtype, and then rounds to
      0). :math:`q = 2` is :math:`x / (1 + 2t)`.
    * :math:`q < 1`: zero is the global minimiser exactly when

      .. math::

          |x| \le \tau = \frac{2 - q}{2(1 - q)}\,\beta, \qquad
          \beta = \bigl(2t(1 - q)\bigr)^{1/(2-q)},

      and beyond :math:`\tau` it is the larger of the two roots, which is above :math:`\beta`
      (the map jumps from 0 to :math:`\beta` at :math:`\tau`). For :math:`q = 1/2`,
      :math:`\tau = \tfrac32 t^{2/3}` (Xu et al. 2012's half thresholding). :math:`\tau` is
      computed to within one unit in the last place (ulp) of its exact value (see Accuracy),
      so for :math:`|x|` within one ulp of :math:`\tau` either 0 or the jump may be returned.

    Accuracy. The input is computed in float64 (longdouble for longdouble) and rounded once to
    its dtype. :math:`\beta` and :math:`\tau` are evaluated in 50-digit decimal arithmetic
    (:mod:`decimal`, whose ``ln`` and ``exp`` are correctly rounded) and rounded to the working
    precision. The root is found by bisection on :math:`g(u) - |x|` evaluated in that precision,
    on :math:`[0, |x|]` (:math:`q > 1`) or :math:`[\beta, |x|]` (:math:`q < 1`), down to two
    adjacent floats; the midpoint is geometric while the bracket spans more than a factor 2,
    because the root can be hundreds of orders of magnitude below :math:`|x|`. The power
    :math:`u^{q-1}` is split into a mantissa part and a power of 2 where it would leave the
    normal range before :math:`t q u^{q-1}` does, and the exponent :math:`q - 1`, which is not a
    float for most :math:`q < \tfrac12`, is carried as the sum of two floats. The evaluated sign
    is wrong only where :math:`g(u)` is within a few ulps of :math:`|x|`, so the result is within
    one ulp of the exact root for a data value within a few ulps of :math:`|x|`. For
    :math:`q \le 1000`, and with numpy's ``power`` and ``exp2`` accurate to about one ulp (numpy
    documents no bound: it calls the platform's math library, or on x86-64 CPUs with AVX-512
    its own vectorised routines; the tests check the bound against mpmath on the machine that
    runs them), the relative error of a non-zero root is at most
    :math:`(1 + 2\kappa)\,\varepsilon` (:math:`\varepsilon` the machine epsilon of the working
    precision, :math:`2^{-52}` for float64), plus one smallest subnormal in absolute terms,
    where :math:`\kappa = |x| / (u\,g'(u)) \le \max(1, 1/|1 - q|)` is the condition number of
    the root with respect to :math:`|x|`: a few ulps, except for :math:`q` close to 1, where the
    root itself is ill-conditioned. (Beyond :math:`q = 1000` the power is taken through
    logarithms where it leaves the range, less accurately.)

    References
    ----------
    Z. Xu, X. Chang, F. Xu, H. Zhang, ":math:`L_{1/2}` regularization: a thresholding
    representation theory and a fast solver", *IEEE Trans. Neural Networks and Learning Systems*
    23(7), 1013-1027, 2012.
    G. Marjanovic, V. Solo, "On :math:`\ell_q` optimization and matrix completion",
    *IEEE Trans. Signal Processing* 60(11), 5714-5724, 2012.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.prox_lq([1.0, 1.6, 4.0], step=1.0, q=0.5)  # dead zone |x| <= 1.5
    array([0.        , 1.1295448 , 3.74150827])
    >>> sn.prox_lq([0.01, 2.0], step=1.0, q=2.0)
    array([0.00333333, 0.66666667])
    """
    step = check_nonnegative_scalar(step, "step")
    q = _check_above(q, "q", 0)
    x = as_float_array(x, "x")
    if q == 1:
        return prox_l1(x, step)
    w = _working(x)  # the module's precision rule: float64, or longdouble for longdouble
    dtype = w.dtype.type
    t = dtype(step)
    if step == 0:
        return as_result(x.copy(), x.dtype)
    if q == 2:
        with np.errstate(over="ignore"):  # 1 + 2t overflows only for t > max / 2: x / t / 2
            denominator = dtype(1) + dtype(2) * t
        u = w / denominator if np.isfinite(denominator) else w / t / dtype(2)
        return as_result(u, x.dtype)
    magnitude = np.abs(w)

    def excess(u):  # g(u) - |x|; a term that overflows to inf has the right sign
        with np.errstate(over="ignore"):
            return (u + _slope_term(u, t, q)) - magnitude

    if q > 1:  # g(0) - |x| = -|x| < 0 and g(|x|) - |x| = fl(|x| + t q |x|^(q-1)) - |x| >= 0
        u = _root_by_bisection(excess, np.zeros_like(magnitude), magnitude)
        return as_result(np.copysign(u, w), x.dtype)
    beta, tau = _lq_beta_tau(step, q, dtype)  # tau = inf: no finite |x| exceeds it, all are 0
    keep = magnitude > tau
    # g increases on [beta, inf), g(beta) = tau < |x|; beta below the smallest subnormal is
    # replaced by it (still above the minimiser of g). Where the evaluated g(lo) - |x| is not
    # negative (|x| within rounding of tau), the root is lo itself.
    lo = np.full_like(magnitude, np.maximum(beta, dtype(np.finfo(dtype).smallest_subnormal)))
    hi = np.where(keep & (excess(lo) < 0), magnitude, lo)
    u = np.where(keep, _root_by_bisection(excess, lo, hi), dtype(0))
    return as_result(np.where(u == 0, dtype(0), np.copysign(u, w)), x.dtype)
