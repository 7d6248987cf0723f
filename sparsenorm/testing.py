r"""Checks for proximal operators and gradients, for the tests of sparsenorm and of its users.

Like pyproximal's helpers, they state the defining identities as functions that raise
``AssertionError`` with the size of the violation. Import them explicitly
(``from sparsenorm.testing import assert_prox_optimal``); ``import sparsenorm`` does not.
"""

import numpy as np

__all__ = ["assert_gradient_matches", "assert_moreau_decomposition", "assert_prox_optimal"]


def _tolerance(dtype):
    """Return the default relative tolerance for ``dtype``.

    About 800 units in the last place of float32, 4e6 of float64 and 10 of float16 (whose prox
    residuals carry a few of its coarse roundings).
    """
    dtype = np.dtype(dtype)
    if dtype.kind == "f" and dtype.itemsize == 2:
        return 1e-2
    return 1e-4 if dtype == np.float32 else 1e-9


def assert_prox_optimal(penalty, x, step, *, atol=None):
    r"""Assert that ``u = penalty.prox(x, step)`` satisfies the prox optimality condition.

    ``u`` minimises :math:`\frac12\|u - x\|^2 + t\,h(u)` exactly when
    :math:`(x - u)/t \in \partial h(u)`, i.e. when the subdifferential distance of the
    data-term gradient :math:`(u - x)/t` is zero.

    Parameters
    ----------
    penalty : penalty object
        Has ``prox(w, step)`` and ``subdiff_distance(w, grad)``.
    x : ndarray
        Point to evaluate the prox at.
    step : float
        Step size, ``> 0``.
    atol : float, optional
        Tolerance on the largest residual; by default scaled to the dtype and to ``|x|``.

    Examples
    --------
    >>> import numpy as np
    >>> import sparsenorm as sn
    >>> assert_prox_optimal(sn.L1(0.3), np.array([2.0, -0.1, 0.0]), step=1.0)
    """
    x = np.asarray(x)
    u = penalty.prox(x, step)
    residual = penalty.subdiff_distance(u, (u - x) / step)
    scale = 1 + float(np.max(np.abs(x), initial=0)) / step
    atol = _tolerance(u.dtype) * scale if atol is None else atol
    worst = float(np.max(residual, initial=0))
    if worst > atol:
        raise AssertionError(f"prox optimality violated: residual {worst:.3g} > atol {atol:.3g}")


def assert_moreau_decomposition(prox, conjugate_prox, x, step, *, atol=None):
    r"""Assert Moreau's identity between a proximal operator and its conjugate's.

    .. math:: x = \operatorname{prox}_{t h}(x) + t\,\operatorname{prox}_{h^*/t}(x/t)

    Parameters
    ----------
    prox : callable
        ``prox(x, step)``, the proximal operator of :math:`t h`.
    conjugate_prox : callable
        ``conjugate_prox(v, step)``, the proximal operator of :math:`h^*/t` evaluated at ``v``.
    x : ndarray
        Point.
    step : float
        Step :math:`t > 0`.
    atol : float, optional
        Tolerance; by default scaled to the dtype and to ``|x|``.

    Examples
    --------
    The conjugate of the l1 norm is the indicator of the l-infinity unit ball, whose prox is a
    projection:

    >>> import numpy as np
    >>> import sparsenorm as sn
    >>> assert_moreau_decomposition(
    ...     sn.prox_l1, lambda v, t: sn.project_linf_ball(v, 1.0), np.array([3.0, -0.2]), 0.5
    ... )
    """
    x = np.asarray(x)
    rebuilt = prox(x, step) + step * conjugate_prox(x / step, step)
    scale = 1 + float(np.max(np.abs(x), initial=0))
    atol = _tolerance(x.dtype) * scale if atol is None else atol
    worst = float(np.max(np.abs(rebuilt - x), initial=0))
    if worst > atol:
        raise AssertionError(f"Moreau decomposition violated by {worst:.3g} > atol {atol:.3g}")


def assert_gradient_matches(function, gradient, w, *, eps=1e-6, rtol=1e-5, atol=1e-7):
    r"""Assert that ``gradient(w)`` matches central finite differences of ``function`` at ``w``.

    Parameters
    ----------
    function : callable
        Scalar function of a float64 vector.
    gradient : callable
        Its claimed gradient.
    w : ndarray
        Point (float64).
    eps : float, default=1e-6
        Finite-difference step.
    rtol, atol : float
        Tolerances of the comparison.

    Examples
    --------
    >>> import numpy as np
    >>> import sparsenorm as sn
    >>> assert_gradient_matches(lambda w: 0.5 * sn.squared_l2_norm(w), sn.grad_squared_l2,
    ...                         np.array([1.0, -2.0]))
    """
    w = np.asarray(w, dtype=np.float64)
    numeric = np.empty_like(w)
    for index in np.ndindex(w.shape):
        bump = np.zeros_like(w)
        bump[index] = eps
        numeric[index] = (function(w + bump) - function(w - bump)) / (2 * eps)
    np.testing.assert_allclose(gradient(w), numeric, rtol=rtol, atol=atol)
