r"""The source article's experiment: descent steps on a penalty alone."""

import numbers

import numpy as np

from ._validation import as_float_array, check_nonnegative_scalar

__all__ = ["penalty_descent"]

_METHODS = ("gradient", "proximal")


def penalty_descent(penalty, w0, step, n_steps, *, method="gradient"):
    r"""Run ``n_steps`` descent steps on a penalty alone and return every iterate.

    ``method="gradient"`` takes plain (sub)gradient steps
    :math:`w \leftarrow w - \eta\, g(w)` with the penalty's minimum-norm subgradient (for L1,
    ``alpha * sign(w)``, 0 at 0), as in the source article. The step is computed as numpy
    computes ``w - eta * g`` in ``w0``'s float dtype: :math:`\eta` rounded to that dtype, then
    the product and the difference each rounded (IEEE 754, round to nearest even), which is what
    decides where a float32 or float64 descent ends up near the bottom of the range.
    ``method="proximal"`` takes proximal steps
    :math:`w \leftarrow \operatorname{prox}_{\eta h}(w)`, which is what solvers use: for L1 it
    stops exactly at 0 instead of jumping around it.

    Parameters
    ----------
    penalty : penalty object
        For example ``L1(alpha)`` or ``SquaredL2(alpha)``; needs ``subgradient`` (gradient
        method) or ``prox`` (proximal method).
    w0 : float or array-like
        Starting point.
    step : float
        Step size :math:`\eta`, ``>= 0``.
    n_steps : int
        Number of steps, ``>= 0``.
    method : {"gradient", "proximal"}, default="gradient"
        Kind of step.

    Returns
    -------
    trajectory : ndarray of shape (n_steps + 1, \*np.shape(w0))
        ``trajectory[0]`` is ``w0``, ``trajectory[k]`` the iterate after ``k`` steps, in
        ``w0``'s float dtype.

    Raises
    ------
    TypeError
        If ``penalty`` is a class rather than a penalty object, or lacks the method needed.
    ValueError
        If an argument is invalid (for gradient steps, a step beyond the largest number of
        ``w0``'s dtype included), if an iterate overflows and a step would have to be taken
        from it (the last row may hold the first infinite iterate), or if a subgradient
        overflows the dtype (a strength too large for float16, say).

    Examples
    --------
    The article's example: from :math:`w_1 = 5` with :math:`\eta = 1/2`, L1 steps reach 0 in
    ten steps while L2 steps halve the weight each time.

    >>> import sparsenorm as sn
    >>> sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=10)[-1]
    np.float64(0.0)
    >>> sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=0.5, n_steps=3)
    array([5.   , 2.5  , 1.25 , 0.625])
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    if isinstance(n_steps, bool) or not isinstance(n_steps, numbers.Integral):
        raise TypeError(f"n_steps must be an int, got {type(n_steps).__name__}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    step = check_nonnegative_scalar(step, "step")
    if isinstance(penalty, type):
        raise TypeError(
            f"penalty must be a penalty object such as {penalty.__name__}(alpha=1.0), got the "
            f"class {penalty.__name__} itself; call it to make one"
        )
    w = as_float_array(w0, "w0").copy()
    if method == "gradient" and step > float(np.finfo(w.dtype).max):
        raise ValueError(
            f"step must be representable in w0's dtype {w.dtype} (at most "
            f"{float(np.finfo(w.dtype).max):g}) for gradient steps, which are computed in that "
            f"dtype; got {step:g}. Use a smaller step or a wider dtype"
        )
    for needed in ("subgradient",) if method == "gradient" else ("prox",):
        if not callable(getattr(penalty, needed, None)):
            raise TypeError(
                f"penalty must have a {needed}() method for method={method!r}, "
                f"got {type(penalty).__name__}"
            )
    trajectory = np.empty((n_steps + 1, *w.shape), dtype=w.dtype)
    trajectory[0] = w
    eta = w.dtype.type(step) if method == "gradient" else None
    for k in range(1, n_steps + 1):
        if not np.all(np.isfinite(w)):
            raise ValueError(
                f"the iterate after step {k - 1} is not finite (it overflowed to infinity): "
                "the descent diverged; use a smaller step"
            )
        if method == "gradient":
            g = penalty.subgradient(w)
            if not np.all(np.isfinite(g)):
                raise ValueError(
                    f"the subgradient at the iterate after step {k - 1} is not finite in "
                    f"{w.dtype} (it overflowed): the penalty is too strong for this dtype; use a "
                    "wider dtype"
                )
            w = w - eta * g
        else:
            w = penalty.prox(w, step)
        trajectory[k] = w
    return trajectory
