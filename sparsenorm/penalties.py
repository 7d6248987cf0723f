r"""Penalties as small immutable objects holding only their hyperparameters.

Each penalty delegates to the pure functions of :mod:`sparsenorm.norms`,
:mod:`sparsenorm.grad` and :mod:`sparsenorm.prox`. The methods that explain sparsity are part of
the interface: ``prox`` (what one step does to a weight), ``subdiff_distance`` (how far a point is
from optimal) and ``alpha_max`` (the strength from which zero is the solution).
"""

from dataclasses import dataclass

import numpy as np

from . import _array_api
from ._validation import (
    as_float_array,
    as_result,
    check_l1_ratio,
    check_nonnegative_scalar,
    check_same_shape,
    working_dtype,
)
from .grad import subdiff_distance_l1, subgradient_l1
from .norms import l0_norm, l1_norm, linf_norm, squared_l2_norm
from .prox import (
    _check_above,
    mcp_values,
    prox_elastic_net,
    prox_l0,
    prox_l1,
    prox_lq,
    prox_mcp,
    prox_scad,
    prox_squared_l2,
    scad_values,
)

__all__ = ["L0", "L1", "MCP", "SCAD", "ElasticNetPenalty", "Lq", "SquaredL2"]


def _weighted(penalty):
    """True for an :class:`L1` with weights (its unweighted methods dispatch by themselves)."""
    return penalty.weights is not None


def _w_and_grad(w, grad):
    w = as_float_array(w, "w")
    grad = as_float_array(grad, "grad")
    check_same_shape(w, grad, "w", "grad")
    return w, grad


def _wide(w):
    """``w`` as a float array, and ``w`` in float64 (longdouble for longdouble).

    The methods of the penalties below compute in the wide precision and round once to ``w``'s
    dtype, so ``alpha * w`` never overflows a float16 intermediate where the result fits.
    """
    w = as_float_array(w, "w")
    return w, w.astype(working_dtype(w.dtype), copy=False)


def _threshold(alpha, step):
    """``alpha * step`` (a float64 product) after checking ``step``, or a clear overflow error."""
    step = check_nonnegative_scalar(step, "step")
    scaled = alpha * step
    if scaled == float("inf"):
        raise ValueError(
            f"alpha * step must be finite, but alpha={alpha:g} times step={step:g} overflows "
            "float64; use a smaller step"
        )
    return scaled


def _penalty_value(wide, alpha, l1_ratio):
    r""":math:`\alpha(\rho\|w\|_1 + \frac{1-\rho}2\|w\|_2^2)` for ``w`` in its wide precision.

    The strength multiplies last, so a tiny ``alpha`` is not lost to an underflowing product
    such as ``alpha * rho``. Where a norm overflows but the penalty does not (a small strength
    times it), the largest magnitude is factored out and multiplied back last, so only a true
    overflow gives infinity.
    """
    if alpha == 0:
        return 0.0
    terms = [(l1_ratio, l1_norm, 1), ((1 - l1_ratio) / 2, squared_l2_norm, 2)]
    terms = [(c, norm, power) for c, norm, power in terms if c]
    with np.errstate(over="ignore"):
        # alpha * c * norm in the order in which at most the last product underflows
        total = sum(
            (alpha * norm(wide)) * c if alpha >= 1 else alpha * (c * norm(wide))
            for c, norm, power in terms
        )
    if np.isfinite(total):
        return total
    # An intermediate overflowed: with alpha = fa 2**ea and the largest magnitude m = fm 2**em,
    # the term c alpha ||w / m||^p m^p is fa fm^p c ||w / m||^p times 2**(ea + p em).
    largest = linf_norm(wide)
    scaled = wide / largest
    fa, ea = np.frexp(wide.dtype.type(alpha))
    fm, em = np.frexp(largest)
    total = 0.0
    for c, norm, power in terms:
        total = total + np.ldexp(fa * fm**power * (c * norm(scaled)), int(ea) + power * int(em))
    return total  # numpy warns if the penalty itself overflows


def _enet_distance(w, grad, l1, l2):
    r"""Distance of ``-grad`` to :math:`\partial(l_1|w| + \frac{l_2}2 w^2)`, per coordinate.

    ``w`` and ``grad`` in their wide precision. Entries whose intermediates (``l2 * w``,
    ``grad + l2 * w``) overflow are recomputed in units of a power of two, so a large
    ``l2 * w`` cancelled by ``grad`` still gives the representable distance.
    """

    def distance(w, grad, l2w, l1):
        smooth = grad + l2w
        at_zero = np.maximum(np.abs(smooth) - l1, 0)
        return np.where(w == 0, at_zero, np.abs(smooth + l1 * np.sign(w)))

    with np.errstate(over="ignore", invalid="ignore"):
        result = distance(w, grad, l2 * w, l1)
    redo = ~np.isfinite(result)
    if np.any(redo):
        wr, gr = w[redo], grad[redo]
        k_l2 = int(np.frexp(l2)[1]) if l2 else 0
        k_w = int(np.frexp(np.max(np.abs(wr)))[1])
        k = max(k_l2 + k_w, int(np.frexp(np.max(np.abs(gr)))[1]), int(np.frexp(l1)[1])) + 2
        l2w = np.ldexp(np.ldexp(w.dtype.type(l2), -k_l2) * wr, k_l2 - k)
        scaled = distance(wr, np.ldexp(gr, -k), l2w, np.ldexp(w.dtype.type(l1), -k))
        result[redo] = np.ldexp(scaled, k)  # numpy warns if the distance itself overflows
    return result


def _wide_pair(w, grad):
    w, grad = _w_and_grad(w, grad)
    dtype = np.result_type(w, grad)
    wide = working_dtype(dtype)
    return w.astype(wide, copy=False), grad.astype(wide, copy=False), dtype


@dataclass(frozen=True)
class L1:
    r"""The Lasso penalty :math:`\alpha\|w\|_1`, or with weights :math:`\alpha\sum_j c_j|w_j|`.

    Per-coordinate weights :math:`c_j \ge 0` give the adaptive Lasso of Zou (2006), with
    :math:`c_j = 1/|\hat w_j|^\gamma` for a first estimate :math:`\hat w`: a coordinate with a
    large first estimate is penalised less. A weight of 0 leaves that coordinate unpenalised.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.
    weights : array-like of shape (n_features,), default=None
        Finite weights :math:`c_j \ge 0` with every :math:`\alpha c_j` finite in float64
        (an overflowing product is refused), stored as a tuple of floats (so the penalty stays
        immutable, hashable and comparable); ``None`` means all ones, the plain L1 penalty.
        With weights, the arrays given to the methods must have shape ``(n_features,)``.

    References
    ----------
    H. Zou, "The adaptive lasso and its oracle properties", *Journal of the American
    Statistical Association* 101(476), 1418-1429, 2006.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.L1(alpha=0.5)
    >>> float(penalty.value([2.0, -1.0]))
    1.5
    >>> penalty.prox([2.0, -0.3], step=1.0)
    array([1.5, 0. ])
    >>> sn.L1(alpha=0.5, weights=[0.0, 4.0]).prox([2.0, -3.0], step=1.0)
    array([ 2., -1.])
    """

    alpha: float = 1.0
    weights: tuple | None = None

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))
        if self.weights is not None:
            weights = as_float_array(self.weights, "weights")
            if weights.ndim != 1:
                raise ValueError(
                    f"weights must be a 1-D array of shape (n_features,), got shape "
                    f"{weights.shape}"
                )
            with np.errstate(over="ignore"):
                weights = weights.astype(np.float64)
            if not np.isfinite(weights).all():
                raise ValueError("weights has entries beyond the range of float64")
            if (weights < 0).any():
                raise ValueError(f"weights must be >= 0, got a weight {weights.min()}")
            largest = float(weights.max(initial=0.0))
            if self.alpha and not np.isfinite(self.alpha * largest):
                raise ValueError(
                    f"alpha * weights must be finite, but alpha={self.alpha:g} times the "
                    f"largest weight {largest:g} overflows float64; rescale alpha or the weights"
                )
            object.__setattr__(self, "weights", tuple(float(c) for c in weights))
            weights.flags.writeable = False
            object.__setattr__(self, "_weights", weights)

    def __repr__(self):
        if self.weights is None:
            return f"L1(alpha={self.alpha!r})"
        return f"L1(alpha={self.alpha!r}, weights={self.weights!r})"

    def _checked_weights(self, w):
        """The weights as a read-only float64 array, after checking ``w``'s shape."""
        if w.shape != self._weights.shape:
            raise ValueError(
                f"w must have shape {self._weights.shape} (one entry per weight), got {w.shape}"
            )
        return self._weights

    @_array_api.host_method
    def value(self, w):
        r""":math:`\alpha\sum_j c_j|w_j|`, a scalar in ``w``'s float dtype."""
        w, wide = _wide(w)
        if self.weights is None:
            return as_result(_penalty_value(wide, self.alpha, 1.0), w.dtype)
        weights = self._checked_weights(w)
        with np.errstate(over="ignore"):
            total = self.alpha * float(np.abs(wide) @ weights) if self.alpha else 0.0
        return as_result(total, w.dtype)

    @_array_api.host_method(when=_weighted)
    def prox(self, w, step):
        r"""Soft thresholding of ``w`` at ``alpha * step`` (times :math:`c_j`, per coordinate)."""
        threshold = _threshold(self.alpha, step)
        if self.weights is None:
            return prox_l1(w, threshold)
        w, wide = _wide(w)
        t = threshold * self._checked_weights(w)  # inf only where alpha * step * c_j overflows
        with np.errstate(invalid="ignore"):
            shrunk = np.sign(wide) * np.maximum(np.abs(wide) - t, 0)
        return as_result(shrunk, w.dtype)

    @_array_api.host_method
    def subgradient(self, w):
        r"""Minimum-norm subgradient :math:`\alpha c_j\operatorname{sign}(w_j)` (0 at 0)."""
        w, wide = _wide(w)
        if self.weights is None:
            return as_result(subgradient_l1(wide) * self.alpha, w.dtype)
        slope = self.alpha * self._checked_weights(w)
        return as_result(np.sign(wide) * slope, w.dtype)

    @_array_api.host_method(when=_weighted)
    def subdiff_distance(self, w, grad):
        r"""Per coordinate, distance of ``-grad`` to :math:`\alpha c_j\,\partial|w_j|`."""
        if self.weights is None:
            return subdiff_distance_l1(w, grad, self.alpha)
        w, grad, dtype = _wide_pair(w, grad)
        slope = self.alpha * self._checked_weights(w)
        at_zero = np.maximum(np.abs(grad) - slope, 0)
        off_zero = np.abs(grad + slope * np.sign(w))
        return as_result(np.where(w == 0, at_zero, off_zero), dtype)

    @_array_api.host_method(when=_weighted)
    def alpha_max(self, grad0):
        r"""Smallest :math:`\alpha` for which 0 is a solution.

        :math:`\|\nabla f(0)\|_\infty`, or with weights :math:`\max_j |\nabla_j f(0)| / c_j`
        (``inf`` where a weight is 0 and that gradient entry is not).
        """
        if self.weights is None:
            return float(linf_norm(grad0))
        g = np.abs(np.asarray(as_float_array(grad0, "grad0"), dtype=np.float64))
        weights = self._checked_weights(g)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            ratios = np.where(g == 0, 0.0, g / weights)
        return float(ratios.max(initial=0.0))


@dataclass(frozen=True)
class SquaredL2:
    r"""The ridge penalty :math:`\frac\alpha2\|w\|_2^2`.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.SquaredL2(alpha=1.0)
    >>> float(penalty.value([3.0, 4.0]))
    12.5
    >>> penalty.prox([2.0, -0.3], step=1.0)
    array([ 1.  , -0.15])
    """

    alpha: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))

    @_array_api.host_method
    def value(self, w):
        r""":math:`\frac\alpha2\|w\|_2^2`, a scalar in ``w``'s float dtype."""
        w, wide = _wide(w)
        return as_result(_penalty_value(wide, self.alpha, 0.0), w.dtype)

    @_array_api.host_method
    def grad(self, w):
        r"""Gradient :math:`\alpha w`."""
        w, wide = _wide(w)
        return as_result(wide * self.alpha, w.dtype)

    @_array_api.host_method
    def subgradient(self, w):
        """The gradient (the penalty is smooth)."""
        return self.grad(w)

    def prox(self, w, step):
        r"""Shrinkage :math:`w / (1 + \alpha\,\mathrm{step})`."""
        return prox_squared_l2(w, _threshold(self.alpha, step))

    @_array_api.host_method
    def subdiff_distance(self, w, grad):
        r"""Per coordinate, :math:`|g_j + \alpha w_j|`."""
        w, grad, dtype = _wide_pair(w, grad)
        return as_result(_enet_distance(w, grad, 0.0, self.alpha), dtype)

    def alpha_max(self, grad0):
        r"""0 if :math:`\nabla f(0) = 0`, else ``inf``: no finite strength makes 0 optimal.

        The ridge penalty has zero slope at 0, so it cannot cancel any non-zero pull of the
        data term there.
        """
        return 0.0 if float(linf_norm(grad0)) == 0 else float("inf")


@dataclass(frozen=True)
class ElasticNetPenalty:
    r"""The elastic-net penalty :math:`\alpha(\rho\|w\|_1 + \frac{1-\rho}2\|w\|_2^2)`.

    Parameters are named as in scikit-learn's ``ElasticNet``.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.
    l1_ratio : float, default=0.5
        Share :math:`\rho \in [0, 1]` of the l1 term.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.ElasticNetPenalty(alpha=1.0, l1_ratio=0.5)
    >>> float(penalty.value([2.0, 0.0]))
    2.0
    >>> float(penalty.alpha_max([0.0, -3.0]))
    6.0
    """

    alpha: float = 1.0
    l1_ratio: float = 0.5

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))
        object.__setattr__(self, "l1_ratio", check_l1_ratio(self.l1_ratio))

    @_array_api.host_method
    def value(self, w):
        r""":math:`\alpha\rho\|w\|_1 + \frac{\alpha(1-\rho)}2\|w\|_2^2`, in ``w``'s dtype."""
        w, wide = _wide(w)
        return as_result(_penalty_value(wide, self.alpha, self.l1_ratio), w.dtype)

    def prox(self, w, step):
        """Soft thresholding followed by shrinkage."""
        return prox_elastic_net(w, _threshold(self.alpha, step), self.l1_ratio)

    @_array_api.host_method
    def subgradient(self, w):
        r"""Minimum-norm subgradient.

        :math:`\alpha\rho\,\operatorname{sign}(w) + \alpha(1-\rho)w`, with sign 0 at 0.
        """
        w, wide = _wide(w)
        l1, l2 = self.alpha * self.l1_ratio, self.alpha * (1 - self.l1_ratio)
        return as_result(l1 * subgradient_l1(wide) + l2 * wide, w.dtype)

    @_array_api.host_method
    def subdiff_distance(self, w, grad):
        """Distance of ``-grad`` to the subdifferential, per coordinate."""
        w, grad, dtype = _wide_pair(w, grad)
        l1, l2 = self.alpha * self.l1_ratio, self.alpha * (1 - self.l1_ratio)
        return as_result(_enet_distance(w, grad, l1, l2), dtype)

    def alpha_max(self, grad0):
        r"""Smallest :math:`\alpha` for which 0 is a solution: :math:`\|\nabla f(0)\|_\infty/\rho`.

        ``inf`` when :math:`\rho = 0` and the gradient is not zero.
        """
        norm = float(linf_norm(grad0))
        if norm == 0:
            return 0.0
        return norm / self.l1_ratio if self.l1_ratio > 0 else float("inf")


@dataclass(frozen=True)
class L0:
    r"""The (non-convex) count penalty :math:`\alpha\|w\|_0`.

    Its proximal operator is hard thresholding. It has no ``alpha_max``: for any
    :math:`\alpha > 0`, 0 is a *local* minimiser of :math:`f + \alpha\|\cdot\|_0` whatever the
    data, and whether it is the global one depends on all of :math:`f`, not on its gradient at 0.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.L0(alpha=0.5)
    >>> float(penalty.value([2.0, 0.0, -1.0]))
    1.0
    >>> penalty.prox([2.0, 0.9], step=1.0)
    array([2., 0.])
    """

    alpha: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))

    @_array_api.host_method
    def value(self, w):
        r""":math:`\alpha\,\#\{j : w_j \ne 0\}`, a scalar in ``w``'s float dtype."""
        w = as_float_array(w, "w")
        return as_result(self.alpha * float(l0_norm(w)), w.dtype)

    def prox(self, w, step):
        r"""Hard thresholding at :math:`\sqrt{2\alpha\,\mathrm{step}}`."""
        return prox_l0(w, _threshold(self.alpha, step))

    @_array_api.host_method
    def subgradient(self, w):
        """Zero: the count is flat off zero, and 0 is in its subdifferential at zero."""
        w = as_float_array(w, "w")
        return as_result(np.zeros_like(w), w.dtype)

    @_array_api.host_method
    def subdiff_distance(self, w, grad):
        r"""Per coordinate, :math:`|g_j|` where :math:`w_j \ne 0` and 0 where :math:`w_j = 0`.

        Uses the limiting subdifferential: :math:`\{0\}` off zero, the whole real line at zero.
        """
        w, grad = _w_and_grad(w, grad)
        dtype = np.result_type(w, grad)
        return as_result(np.where(w == 0, 0, np.abs(grad)), dtype)


def _min_norm_distance(w, grad, slope, alpha):
    r"""Distance of ``-grad`` to the subdifferential of a penalty that is ``alpha |w|`` near 0.

    ``slope`` is the penalty's derivative where ``w != 0``; at ``w == 0`` the subdifferential is
    :math:`[-\alpha, \alpha]`.
    """
    w, grad = _w_and_grad(w, grad)
    dtype = np.result_type(w, grad)
    at_zero = np.maximum(np.abs(grad) - dtype.type(alpha), 0)
    return np.where(w == 0, at_zero, np.abs(grad + slope)).astype(dtype, copy=False)


@dataclass(frozen=True)
class MCP:
    r"""The minimax concave penalty (MCP) of Zhang (2010), non-convex.

    It starts like :math:`\alpha|w|` (same slope at 0, so the same dead zone for proximal steps
    below ``gamma``) and bends until it is flat from :math:`|w| = \gamma\alpha` on, so large
    weights are not shrunk at all. Its proximal operator is firm thresholding (:func:`prox_mcp`).

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.
    gamma : float, default=3.0
        Concavity, ``> 1``. The proximal step is a strictly convex problem, with the firm
        thresholding closed form, for ``step < gamma``; for larger steps ``prox`` returns the
        global minimiser, which is hard thresholding.

    Notes
    -----
    .. math::

        p(w) = \begin{cases} \alpha|w| - \dfrac{w^2}{2\gamma} & |w| \le \gamma\alpha \\[1ex]
        \dfrac{\gamma\alpha^2}{2} & |w| > \gamma\alpha \end{cases}

    It has no ``alpha_max``: the penalised problem is not convex, so the first-order test at
    :math:`w = 0` proves only that 0 is a stationary point, not that it is the solution.

    References
    ----------
    C.-H. Zhang, "Nearly unbiased variable selection under minimax concave penalty",
    *Annals of Statistics* 38(2), 894-942, 2010.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.MCP(alpha=1.0, gamma=3.0)
    >>> float(penalty.value([1.0, -6.0]))
    2.3333333333333335
    >>> penalty.prox([0.5, 2.0, 4.0], step=1.0)
    array([0. , 1.5, 4. ])
    """

    alpha: float = 1.0
    gamma: float = 3.0

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))
        object.__setattr__(self, "gamma", _check_above(self.gamma, "gamma", 1))
        mcp_values(0.0, self.alpha, self.gamma)  # checks that gamma * alpha is finite

    @_array_api.host_method
    def value(self, w):
        r""":math:`\sum_j p(w_j)`; :func:`mcp_values` gives the terms."""
        return mcp_values(w, self.alpha, self.gamma).sum()

    def prox(self, w, step):
        r"""Firm thresholding, :func:`prox_mcp` (hard thresholding when ``step >= gamma``)."""
        return prox_mcp(w, step, self.alpha, self.gamma)

    @_array_api.host_method
    def subgradient(self, w):
        r"""Derivative :math:`\operatorname{sign}(w)\max(\alpha - |w|/\gamma, 0)`, 0 at 0.

        At 0 this is the minimum-norm element of :math:`[-\alpha, \alpha]`.
        """
        w = as_float_array(w, "w")
        dtype = w.dtype.type
        slope = np.maximum(dtype(self.alpha) - np.abs(w) / dtype(self.gamma), dtype(0))
        return np.copysign(slope, w) * (w != 0)

    @_array_api.host_method
    def subdiff_distance(self, w, grad):
        r"""Per coordinate, distance of ``-grad`` to the subdifferential :math:`\partial p(w_j)`.

        :math:`p` is differentiable off 0 and equals :math:`\alpha|w|` plus a differentiable
        function near 0, so its Fréchet, limiting and Clarke subdifferentials coincide:
        :math:`\{p'(w)\}` off 0 and :math:`[-\alpha, \alpha]` at 0. A zero distance is the
        first-order condition, necessary for a minimiser but, the penalty being non-convex, not
        sufficient.
        """
        return _min_norm_distance(w, grad, self.subgradient(w), self.alpha)


@dataclass(frozen=True)
class SCAD:
    r"""The smoothly clipped absolute deviation (SCAD) penalty of Fan and Li (2001), non-convex.

    It equals :math:`\alpha|w|` up to :math:`|w| = \alpha`, then bends (quadratically) until it
    is flat from :math:`|w| = a\alpha` on. Its proximal operator is :func:`prox_scad`.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.
    a : float, default=3.7
        Shape, ``> 2`` (Fan and Li's recommended 3.7). The proximal step is a strictly convex
        problem with a closed form for ``step < a - 1``; for larger steps ``prox`` returns the
        global minimiser, found by comparing three candidates.

    Notes
    -----
    .. math::

        p(w) = \begin{cases} \alpha|w| & |w| \le \alpha \\[1ex]
        \dfrac{2a\alpha|w| - w^2 - \alpha^2}{2(a - 1)} & \alpha < |w| \le a\alpha \\[1ex]
        \dfrac{(a + 1)\alpha^2}{2} & |w| > a\alpha \end{cases}

    It has no ``alpha_max``, for the reason given in :class:`MCP`.

    References
    ----------
    J. Fan, R. Li, "Variable selection via nonconcave penalized likelihood and its oracle
    properties", *Journal of the American Statistical Association* 96, 1348-1360, 2001.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.SCAD(alpha=1.0, a=3.7)
    >>> float(penalty.value([0.5, -10.0]))
    2.85
    >>> penalty.prox([0.5, 1.5, 5.0], step=1.0)
    array([0. , 0.5, 5. ])
    """

    alpha: float = 1.0
    a: float = 3.7

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))
        object.__setattr__(self, "a", _check_above(self.a, "a", 2))
        scad_values(0.0, self.alpha, self.a)  # checks that a * alpha is finite

    @_array_api.host_method
    def value(self, w):
        r""":math:`\sum_j p(w_j)`; :func:`scad_values` gives the terms."""
        return scad_values(w, self.alpha, self.a).sum()

    def prox(self, w, step):
        """SCAD thresholding, :func:`prox_scad`."""
        return prox_scad(w, step, self.alpha, self.a)

    @_array_api.host_method
    def subgradient(self, w):
        r"""Derivative :math:`p'(w)` off 0, and 0 at 0.

        .. math:: p'(w) = \operatorname{sign}(w)\min\Bigl(\alpha,
            \frac{\max(a\alpha - |w|, 0)}{a - 1}\Bigr)

        At 0, 0 is the minimum-norm element of :math:`[-\alpha, \alpha]`.
        """
        w = as_float_array(w, "w")
        dtype = w.dtype.type
        bent = np.maximum(dtype(self.a * self.alpha) - np.abs(w), dtype(0)) / dtype(self.a - 1)
        return np.copysign(np.minimum(dtype(self.alpha), bent), w) * (w != 0)

    @_array_api.host_method
    def subdiff_distance(self, w, grad):
        r"""Per coordinate, distance of ``-grad`` to the subdifferential :math:`\partial p(w_j)`.

        As for :class:`MCP`: Fréchet, limiting and Clarke subdifferentials coincide,
        :math:`\{p'(w)\}` off 0 and :math:`[-\alpha, \alpha]` at 0; a zero distance is necessary,
        not sufficient, for a minimiser.
        """
        return _min_norm_distance(w, grad, self.subgradient(w), self.alpha)


@dataclass(frozen=True)
class Lq:
    r"""The penalty :math:`\alpha\sum_j |w_j|^q` for an exponent :math:`q > 0`.

    Frank and Friedman's (1993) bridge penalty. For :math:`q < 1` it is non-convex with an
    infinite slope at 0, for :math:`q = 1` it is :class:`L1`, and for :math:`q > 1` it is convex
    and differentiable at 0, which is why it gives no dead zone. Its proximal operator is
    :func:`prox_lq`.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.
    q : float, default=0.5
        Exponent, ``> 0``.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.Lq(alpha=1.0, q=0.5)
    >>> float(penalty.value([4.0, 0.0, -1.0]))
    3.0
    >>> penalty.prox([1.5, 4.0], step=1.0)  # dead zone |z| <= 1.5
    array([0.        , 3.74150827])
    """

    alpha: float = 1.0
    q: float = 0.5

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))
        object.__setattr__(self, "q", _check_above(self.q, "q", 0))

    @_array_api.host_method
    def value(self, w):
        r""":math:`\alpha\sum_j |w_j|^q`."""
        w = as_float_array(w, "w")
        return w.dtype.type(self.alpha) * np.sum(np.abs(w) ** w.dtype.type(self.q))

    def prox(self, w, step):
        """The global minimiser of each entry's problem, :func:`prox_lq`."""
        strength = self.alpha * check_nonnegative_scalar(step, "step")
        if not np.isfinite(strength):
            raise ValueError(f"alpha * step must be finite, got {self.alpha:g} * {step:g}")
        return prox_lq(w, strength, self.q)

    @_array_api.host_method
    def subgradient(self, w):
        r"""Derivative :math:`\alpha q|w|^{q-1}\operatorname{sign}(w)` off 0, and 0 at 0."""
        w = as_float_array(w, "w")
        dtype = w.dtype.type
        magnitude = np.where(w != 0, np.abs(w), dtype(1))
        with np.errstate(over="ignore"):  # inf where the slope is beyond the dtype's range
            slope = dtype(self.alpha * self.q) * magnitude ** dtype(self.q - 1)
        return np.copysign(slope, w) * (w != 0)

    @_array_api.host_method
    def subdiff_distance(self, w, grad):
        r"""Per coordinate, distance of ``-grad`` to the limiting subdifferential of the penalty.

        Off 0 it holds only the derivative. At 0 it is the whole real line for :math:`q < 1`
        (every distance is 0), :math:`[-\alpha, \alpha]` for :math:`q = 1` and :math:`\{0\}` for
        :math:`q > 1`. For :math:`q < 1` a zero distance is necessary, not sufficient, for a
        minimiser.
        """
        w, grad = _w_and_grad(w, grad)
        dtype = np.result_type(w, grad)
        at_zero = np.abs(grad) if self.q > 1 else np.zeros_like(grad)
        if self.q == 1:
            at_zero = np.maximum(np.abs(grad) - dtype.type(self.alpha), 0)
        off_zero = np.abs(grad + self.subgradient(w))
        return np.where(w == 0, at_zero, off_zero).astype(dtype, copy=False)
