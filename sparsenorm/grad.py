r"""Gradients, subgradients and the subdifferential distance (the optimality residual).

Each function also takes a torch tensor or other array-API array and returns one of its kind,
device and dtype (see ``sparsenorm._array_api``).
"""

import numpy as np

from . import _array_api
from ._validation import (
    as_float_array,
    as_result,
    check_nonnegative_scalar,
    check_same_shape,
    working_dtype,
)

__all__ = ["grad_squared_l2", "subdiff_distance_l1", "subgradient_l1"]


def subgradient_l1(w):
    r"""Minimum-norm subgradient of :math:`\|w\|_1`: ``sign(w)``, with 0 where ``w == 0``.

    :math:`|w|` has no derivative at 0; its subdifferential there is the whole interval
    :math:`[-1, 1]`, and 0 is its element of smallest magnitude. This is the "gradient" that
    plain (sub)gradient descent on an L1 penalty uses.

    Parameters
    ----------
    w : array-like
        Coefficients.

    Returns
    -------
    g : ndarray
        Same shape and float dtype as ``w``, entries in {-1, 0, 1}.

    Notes
    -----
    .. math::

        \partial |w| = \begin{cases} \{\operatorname{sign}(w)\} & w \ne 0 \\
        [-1, 1] & w = 0 \end{cases}

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.subgradient_l1([2.5, 0.0, -0.1])
    array([ 1.,  0., -1.])
    """
    if not isinstance(w, np.ndarray) and _array_api.is_foreign(w):
        return _array_api.subgradient_l1(w)
    w = as_float_array(w, "w")
    return as_result(np.sign(w), w.dtype)


def grad_squared_l2(w):
    r"""Gradient of :math:`\tfrac12 \|w\|_2^2`, which is ``w`` itself.

    It shrinks with ``w``: near zero the ridge penalty barely pulls any more.

    Parameters
    ----------
    w : array-like
        Coefficients.

    Returns
    -------
    g : ndarray
        A new array equal to ``w``, in ``w``'s float dtype.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.grad_squared_l2([5.0, -0.5])
    array([ 5. , -0.5])
    """
    if not isinstance(w, np.ndarray) and _array_api.is_foreign(w):
        return _array_api.grad_squared_l2(w)
    w = as_float_array(w, "w")
    return as_result(w.copy(), w.dtype)


def subdiff_distance_l1(w, grad, alpha):
    r"""Per coordinate, the distance of ``-grad`` to :math:`\alpha\,\partial|w|`.

    For a smooth data term :math:`f` with gradient ``grad`` at ``w``, ``w`` minimises
    :math:`f(w) + \alpha\|w\|_1` exactly when every entry is 0 (Fermat's rule); the entries
    measure how far each coordinate is from optimal.

    Parameters
    ----------
    w : array-like
        Coefficients.
    grad : array-like
        Gradient of the data term at ``w``, same shape as ``w``.
    alpha : float
        Penalty strength, ``>= 0``.

    Returns
    -------
    distance : ndarray
        Same shape as ``w``, entries ``>= 0``, in the common float dtype of ``w`` and
        ``grad``, computed in float64 (or longdouble) and rounded once.

    Notes
    -----
    .. math::

        d_j = \begin{cases} |g_j + \alpha\,\operatorname{sign}(w_j)| & w_j \ne 0 \\
        \max(|g_j| - \alpha, 0) & w_j = 0 \end{cases}

    At a zero coordinate the residual vanishes for the whole range :math:`|g_j| \le \alpha`: that
    interval is why L1 solutions have exact zeros.

    Examples
    --------
    >>> import sparsenorm as sn
    >>> sn.subdiff_distance_l1([0.0, 0.0, 2.0], [0.5, -3.0, -1.0], alpha=1.0)
    array([0., 2., 0.])
    """
    if _array_api.is_foreign(w) or _array_api.is_foreign(grad):  # both, or a TypeError
        alpha = check_nonnegative_scalar(alpha, "alpha")
        return _array_api.subdiff_distance_l1(w, grad, alpha)
    w = as_float_array(w, "w")
    grad = as_float_array(grad, "grad")
    check_same_shape(w, grad, "w", "grad")
    alpha = check_nonnegative_scalar(alpha, "alpha")
    dtype = np.result_type(w, grad)
    g = grad.astype(working_dtype(dtype), copy=False)  # alpha never rounded to a small dtype
    alpha = g.dtype.type(alpha)
    at_zero = np.maximum(np.abs(g) - alpha, 0)
    off_zero = np.abs(g + alpha * np.sign(w))
    return as_result(np.where(w == 0, at_zero, off_zero), dtype)
