r"""Penalties as small immutable objects holding only their hyperparameters.

Each penalty delegates to the pure functions of :mod:`sparsenorm.norms`,
:mod:`sparsenorm.grad` and :mod:`sparsenorm.prox`. The methods that explain sparsity are part of
the interface: ``prox`` (what one step does to a weight), ``subdiff_distance`` (how far a point is
from optimal) and ``alpha_max`` (the strength from which zero is the solution).
"""

from dataclasses import dataclass

import numpy as np

from ._validation import (
    as_float_array,
    check_l1_ratio,
    check_nonnegative_scalar,
    check_same_shape,
)
from .grad import subdiff_distance_l1, subgradient_l1
from .norms import l0_norm, l1_norm, linf_norm, squared_l2_norm
from .prox import prox_elastic_net, prox_l0, prox_l1, prox_squared_l2

__all__ = ["L0", "L1", "ElasticNetPenalty", "SquaredL2"]


def _w_and_grad(w, grad):
    w = as_float_array(w, "w")
    grad = as_float_array(grad, "grad")
    check_same_shape(w, grad, "w", "grad")
    return w, grad


@dataclass(frozen=True)
class L1:
    r"""The Lasso penalty :math:`\alpha\|w\|_1`.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength, ``>= 0``.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> penalty = sn.L1(alpha=0.5)
    >>> float(penalty.value([2.0, -1.0]))
    1.5
    >>> penalty.prox([2.0, -0.3], step=1.0)
    array([1.5, 0. ])
    """

    alpha: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "alpha", check_nonnegative_scalar(self.alpha, "alpha"))

    def value(self, w):
        r""":math:`\alpha\|w\|_1`."""
        return self.alpha * l1_norm(w)

    def prox(self, w, step):
        """Soft thresholding of ``w`` at ``alpha * step``."""
        return prox_l1(w, self.alpha * check_nonnegative_scalar(step, "step"))

    def subgradient(self, w):
        r"""Minimum-norm subgradient :math:`\alpha\,\operatorname{sign}(w)` (0 at 0)."""
        g = subgradient_l1(w)
        return g * g.dtype.type(self.alpha)

    def subdiff_distance(self, w, grad):
        r"""Per coordinate, distance of ``-grad`` to :math:`\alpha\,\partial|w|`."""
        return subdiff_distance_l1(w, grad, self.alpha)

    def alpha_max(self, grad0):
        r"""Smallest :math:`\alpha` for which 0 is a solution: :math:`\|\nabla f(0)\|_\infty`."""
        return float(linf_norm(grad0))


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

    def value(self, w):
        r""":math:`\frac\alpha2\|w\|_2^2`."""
        return self.alpha / 2 * squared_l2_norm(w)

    def grad(self, w):
        r"""Gradient :math:`\alpha w`."""
        w = as_float_array(w, "w")
        return w * w.dtype.type(self.alpha)

    def subgradient(self, w):
        """The gradient (the penalty is smooth)."""
        return self.grad(w)

    def prox(self, w, step):
        r"""Shrinkage :math:`w / (1 + \alpha\,\mathrm{step})`."""
        return prox_squared_l2(w, self.alpha * check_nonnegative_scalar(step, "step"))

    def subdiff_distance(self, w, grad):
        r"""Per coordinate, :math:`|g_j + \alpha w_j|`."""
        w, grad = _w_and_grad(w, grad)
        return np.abs(grad + self.alpha * w)

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

    def value(self, w):
        r""":math:`\alpha\rho\|w\|_1 + \frac{\alpha(1-\rho)}2\|w\|_2^2`."""
        l1, l2 = self.alpha * self.l1_ratio, self.alpha * (1 - self.l1_ratio)
        return l1 * l1_norm(w) + l2 / 2 * squared_l2_norm(w)

    def prox(self, w, step):
        """Soft thresholding followed by shrinkage."""
        return prox_elastic_net(
            w, self.alpha * check_nonnegative_scalar(step, "step"), self.l1_ratio
        )

    def subgradient(self, w):
        r"""Minimum-norm subgradient.

        :math:`\alpha\rho\,\operatorname{sign}(w) + \alpha(1-\rho)w`, with sign 0 at 0.
        """
        g = subgradient_l1(w)
        w = as_float_array(w, "w")
        dtype = g.dtype.type
        return dtype(self.alpha * self.l1_ratio) * g + dtype(self.alpha * (1 - self.l1_ratio)) * w

    def subdiff_distance(self, w, grad):
        """Distance of ``-grad`` to the subdifferential, per coordinate."""
        w, grad = _w_and_grad(w, grad)
        smooth = grad + self.alpha * (1 - self.l1_ratio) * w
        return subdiff_distance_l1(w, smooth, self.alpha * self.l1_ratio)

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

    def value(self, w):
        r""":math:`\alpha\,\#\{j : w_j \ne 0\}`."""
        return self.alpha * float(l0_norm(w))

    def prox(self, w, step):
        r"""Hard thresholding at :math:`\sqrt{2\alpha\,\mathrm{step}}`."""
        return prox_l0(w, self.alpha * check_nonnegative_scalar(step, "step"))

    def subgradient(self, w):
        """Zero: the count is flat off zero, and 0 is in its subdifferential at zero."""
        return np.zeros_like(as_float_array(w, "w"))

    def subdiff_distance(self, w, grad):
        r"""Per coordinate, :math:`|g_j|` where :math:`w_j \ne 0` and 0 where :math:`w_j = 0`.

        Uses the limiting subdifferential: :math:`\{0\}` off zero, the whole real line at zero.
        """
        w, grad = _w_and_grad(w, grad)
        return np.where(w == 0, grad.dtype.type(0), np.abs(grad))
