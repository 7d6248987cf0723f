"""Proximal gradient for least squares plus any penalty that has a proximal operator."""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from .._validation import as_float_array
from ..exceptions import ConvergenceWarning
from ..penalties import L1, ElasticNetPenalty, SquaredL2
from ._checks import (
    check_bool,
    check_design,
    check_max_iter,
    check_target,
    check_tol,
    result_dtype,
)
from .duality import _enet_gap

__all__ = ["ProxGradResult", "proximal_gradient"]

# the step of plain proximal gradient as a fraction of 1/L: strictly below 1/L, every step
# decreases the objective by at least (1/step - L)/2 ||w+ - w||², convex or not
_ISTA_FRACTION = 0.9
_CHECK_EVERY = 10
_SCALE_MESSAGE = (
    "X and y are too large for float64: {what} overflowed after {n_iter} steps; rescale X and y"
)


def _lipschitz(X):
    """``sigma_max(X)**2 / n`` (times ``1 + 1e-12``), computed on ``X`` scaled by a power of two.

    The scaling (exact short of underflow) keeps the singular-value computation and the
    square from overflowing; a constant outside float64's range is a ``ValueError``.
    """
    n = X.shape[0]
    x_max = float(np.max(np.abs(X)))
    if x_max == 0.0:
        return 0.0
    e = int(np.frexp(x_max)[1])
    with np.errstate(under="ignore"):
        sigma = float(np.linalg.norm(np.ldexp(X, -e), 2))  # in [0.5, sqrt(n p)]
    with np.errstate(over="ignore", under="ignore"):
        value = float(np.ldexp(sigma * sigma / n * (1.0 + 1e-12), 2 * e))
    if not (math.isfinite(value) and value > 0.0 and math.isfinite(1.0 / value)):
        raise ValueError(
            f"X is out of float64's range for this solver: the Lipschitz constant "
            f"sigma_max(X)^2 / n of the least-squares gradient is about 2**"
            f"{math.log2(sigma * sigma / n) + 2 * e:.0f}, and it and its inverse (the step) "
            "must both be finite; rescale X"
        )
    return value


def _centre(X, y):
    """``(x_mean, y_mean, X - x_mean, y - y_mean)``; a ``ValueError`` if any overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        x_mean, y_mean = X.mean(axis=0), float(y.mean())
        Xc, yc = X - x_mean, y - y_mean
    for name, mean, centred in (("X", x_mean, Xc), ("y", y_mean, yc)):
        what = "column means" if name == "X" else "mean"
        if not np.isfinite(mean).all():
            raise ValueError(
                f"{name} is too large for float64 with fit_intercept=True: the float64 sum "
                f"behind its {what} overflows; rescale {name}"
            )
        if not np.isfinite(centred).all():
            raise ValueError(
                f"{name} is too large for float64 with fit_intercept=True: centring it "
                f"overflows; rescale {name}"
            )
    return x_mean, y_mean, Xc, yc


@dataclass(frozen=True)
class ProxGradResult:
    r"""Solution of :func:`proximal_gradient` and what it certifies.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        Coefficients ``w``: float32 for float32 ``X``, float64 for every other dtype.
    intercept : numpy.float32 or numpy.float64
        Intercept ``b`` (0 without ``fit_intercept``), of the dtype of ``coef``.
    certificate : {"duality_gap", "stationarity"}
        What ``converged`` is about. ``"duality_gap"`` (the L1 penalty, with or without
        positive weights, the elastic net and ridge, with a strength ``> 0``): ``dual_gap``
        bounds the distance of the objective to its minimum. ``"stationarity"`` (every other
        penalty): ``coef`` is an approximate fixed point of the proximal-gradient map, which
        for a non-convex penalty says nothing about global optimality.
    dual_gap : numpy.float64 or None
        Duality gap at ``coef`` (``P(w) - D(θ) >= P(w) - P*``, up to the rounding of its
        float64 evaluation); ``None`` for the ``"stationarity"`` certificate: no gap is
        claimed there.
    residual : numpy.float64
        :math:`\|G(w)\|_2`, the norm of the proximal-gradient map at ``coef`` (see
        :func:`proximal_gradient`, Notes), for both kinds of certificate.
    tol_abs : float
        The absolute tolerance the certificate was compared with.
    converged : bool
        True exactly when the certificate (``dual_gap`` or ``residual``) is at most
        ``tol_abs``; otherwise :func:`proximal_gradient` also warned with
        :class:`~sparsenorm.ConvergenceWarning`.
    n_iter : int
        Proximal-gradient steps taken.
    step : float
        Step size :math:`\eta` used.
    method : {"fista", "ista"}
        FISTA with adaptive restart for the penalties with a duality gap, plain proximal
        gradient (ISTA) otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> import sparsenorm as sn
    >>> res = sn.proximal_gradient(np.eye(2), [3.0, 0.1], sn.MCP(alpha=0.2), fit_intercept=False)
    >>> print(res.coef, res.certificate, res.dual_gap, res.converged)
    [3. 0.] stationarity None True
    """

    coef: np.ndarray
    intercept: np.floating
    certificate: str
    dual_gap: np.float64 | None
    residual: np.float64
    tol_abs: float
    converged: bool
    n_iter: int
    step: float
    method: str


def _check_penalty(penalty):
    if isinstance(penalty, type):
        raise TypeError(
            f"penalty must be a penalty object such as {penalty.__name__}(alpha=1.0), got the "
            f"class {penalty.__name__} itself; call it to make one"
        )
    if not callable(getattr(penalty, "prox", None)):
        raise TypeError(
            "penalty must have a prox(w, step) method (its proximal operator), got "
            f"{type(penalty).__name__}"
        )
    return penalty


def _gap_strengths(penalty):
    """``(l1, l2, weights)`` of a penalty with a duality gap, or None.

    Only the library's own convex penalties (exact types, so a subclass with another ``prox``
    gets no gap it might not deserve) with a strength ``> 0``: with strength 0 the problem is
    least squares, whose gap needs the range of ``X``.
    """
    kind = type(penalty)
    if kind is L1 and penalty.alpha > 0:
        if penalty.weights is None:
            return penalty.alpha, 0.0, None
        weights = np.asarray(penalty.weights)
        # an unpenalised coordinate makes a rescaled residual dual feasible only where its
        # correlation is exactly 0: no useful gap
        return (penalty.alpha, 0.0, weights) if (weights > 0).all() else None
    if kind is ElasticNetPenalty and penalty.alpha > 0:
        return penalty.alpha * penalty.l1_ratio, penalty.alpha * (1.0 - penalty.l1_ratio), None
    if kind is SquaredL2 and penalty.alpha > 0:
        return 0.0, penalty.alpha, None
    return None


def _weighted_l1_gap(r, y, w, g, alpha, weights, n):
    r"""Gap of :math:`\frac1{2n}\|r\|^2 + \alpha\sum_j c_j|w_j|` at the dual point ``scale * r``.

    ``g = Xᵀr / n``. The dual point is feasible when :math:`|g_j|\,\text{scale} \le \alpha c_j`
    for every ``j``; the largest such scale in [0, 1] is used.
    """
    slope = alpha * weights
    with np.errstate(divide="ignore", invalid="ignore"):
        limits = np.where(np.abs(g) > slope, slope / np.abs(g), 1.0)
    scale = float(limits.min(initial=1.0))
    r_norm2 = float(r @ r)
    primal = 0.5 * r_norm2 / n + float(np.abs(w) @ slope)
    dual = -0.5 * scale**2 * r_norm2 / n + scale * float(r @ y) / n
    gap = primal - dual
    return max(gap, 0.0) if gap == gap else gap


def _prox(penalty, z, step, p):
    """``penalty.prox(z, step)`` as a float64 vector, after checking what came back."""
    out = penalty.prox(z, step)
    try:
        kind = np.asarray(out).dtype.kind
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise TypeError(
            f"penalty.prox must return a real array, got {type(out).__name__}"
        ) from exc
    if kind not in "biuf":  # complex, strings (even numeric ones), objects, dates
        raise TypeError(
            "penalty.prox must return a real array (bool, integer or float), got "
            f"{type(out).__name__} of dtype {np.asarray(out).dtype}"
        )
    out = np.asarray(out, dtype=np.float64)
    if out.shape != (p,):
        raise ValueError(f"penalty.prox returned shape {out.shape}, expected ({p},)")
    if not np.isfinite(out).all():
        raise ValueError(
            "penalty.prox returned NaN or infinity; the penalty or the data overflowed"
        )
    return out


def proximal_gradient(
    X,
    y,
    penalty,
    *,
    fit_intercept=True,
    tol=1e-4,
    max_iter=10000,
    coef_init=None,
):
    r"""Minimise least squares plus any penalty with a ``prox``, by proximal gradient.

    The solver needs from the penalty only its proximal operator ``penalty.prox(w, step)``,
    so every penalty of the library works with it (:class:`~sparsenorm.L1`, with weights for
    the adaptive Lasso, :class:`~sparsenorm.ElasticNetPenalty`,
    :class:`~sparsenorm.SquaredL2`, :class:`~sparsenorm.L0`, :class:`~sparsenorm.MCP`,
    :class:`~sparsenorm.SCAD`, :class:`~sparsenorm.Lq`), as do penalties of one's own. What the
    result certifies depends on the penalty, and says so in its ``certificate``: a duality gap
    for the convex penalties with a known dual, a stationary point otherwise.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Design matrix (dense). float32 is kept for the result; every other real dtype becomes
        float64 (scikit-learn's rule). The solver computes in float64.
    y : array-like of shape (n_samples,)
        Target.
    penalty : penalty object
        Anything with a method ``prox(w, step)`` returning the minimiser of
        :math:`\frac{1}{2\,\mathrm{step}}\|u - w\|_2^2 + h(u)` (a global one, for a
        non-convex :math:`h`), for a 1-D float64 ``w``.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept, by centring ``X`` and ``y`` first.
    tol : float, default=1e-4
        Tolerance, ``>= 0``. With a duality gap: converged once the gap is at most
        ``tol · ‖y − ȳ‖² / n`` with ``fit_intercept``, ``tol · ‖y‖² / n`` without (the rule
        of :func:`~sparsenorm.lasso`). With the stationarity
        certificate: once :math:`\|G(w)\|_2 \le` ``tol ·`` :math:`\|\nabla f(0)\|_2`, in the
        units of the gradient.
    max_iter : int, default=10000
        Maximum number of proximal-gradient steps, ``>= 1``.
    coef_init : array-like of shape (n_features,), default=None
        Starting point (zeros by default). For a non-convex penalty the stationary point found
        depends on it.

    Returns
    -------
    result : ProxGradResult
        ``coef``, ``intercept``, ``certificate``, ``dual_gap``, ``residual``, ``tol_abs``,
        ``converged``, ``n_iter``, ``step`` and ``method``.

    Raises
    ------
    TypeError
        For a penalty without a ``prox`` method (or a penalty class instead of an object),
        complex, non-numeric or sparse data, and a ``prox`` that returns no real array
        (anything whose numpy dtype is not bool, integer or float: complex, strings, even
        numeric ones such as ``"1.5"``, and object arrays).
    ValueError
        For NaN or infinite entries, inconsistent shapes, an empty ``X``, a negative ``tol``,
        ``max_iter < 1``, and a ``prox`` that returns the wrong shape or non-finite values;
        and when the problem's scale is beyond float64's range: with ``fit_intercept``, a
        mean of ``y`` or of a column of ``X`` (or the centred data) overflowing
        (``X = [[1.7e308, 0], [1.7e308, 1], [0, 2]]``), the Lipschitz constant
        :math:`L` or the step :math:`1/L` not finite (``X = diag(1e155, 1e155)``), the
        tolerance's :math:`\|y\|_2^2/n` (or :math:`\|X^\top y\|_2/n`) overflowing
        (``y`` of size ``1e200``), or a gradient step or certificate overflowing during the
        iterations.

    Notes
    -----
    The objective, with :math:`X, y` centred when ``fit_intercept`` is set, is

    .. math:: F(w) = f(w) + h(w), \qquad f(w) = \frac{1}{2n}\|y - Xw\|_2^2 ,

    with :math:`h` the penalty. :math:`\nabla f(w) = -X^\top(y - Xw)/n` is Lipschitz with
    constant :math:`L = \sigma_{\max}(X)^2/n`, computed from the singular values of :math:`X`
    scaled by a power of two (so that it does not overflow on the way).
    One step is :math:`w^+ = T(w) = \operatorname{prox}_{\eta h}(w - \eta\nabla f(w))`, and the
    proximal-gradient map is :math:`G(w) = (w - T(w))/\eta`.

    *Method.* For the penalties with a duality gap (convex), FISTA (Beck and Teboulle, 2009)
    with step :math:`\eta = 1/L` and the gradient restart of O'Donoghue and Candès (2015); for
    every other penalty, plain proximal gradient (ISTA) with the fixed step
    :math:`\eta = 0.9/L`, which decreases :math:`F` at every step by at least
    :math:`\frac12(1/\eta - L)\|w^+ - w\|_2^2` whenever ``prox`` returns a global minimiser.
    No line search.

    *Certificates*, both evaluated in float64 at the returned ``coef`` (after its rounding to
    float32, for float32 ``X``):

    * ``"duality_gap"``: :class:`~sparsenorm.L1` (with weights, if they are all ``> 0``),
      :class:`~sparsenorm.ElasticNetPenalty` and :class:`~sparsenorm.SquaredL2` with
      ``alpha > 0``. The gap :math:`P(w) - D(\theta)` at the rescaled residual
      :math:`\theta`, dual feasible by construction, bounds :math:`F(w) - \min F` by weak
      duality (up to the rounding of its evaluation).
    * ``"stationarity"``: every other penalty (an L1 penalty with a zero weight included: no
      rescaling of the residual is dual feasible where a coordinate is unpenalised). If
      ``prox`` is exact, the optimality condition of the proximal step gives
      :math:`G(w) - \nabla f(w) + \nabla f(w^+) \in \hat\partial F(w^+)` (Fréchet
      subdifferential, which is the convex one for convex :math:`h`), so with
      :math:`\eta L \le 1`

      .. math::

         \operatorname{dist}(0, \hat\partial F(w^+)) &\le (1 + \eta L)\|G(w)\|_2 \\
         &\le 2\|G(w)\|_2,

      .. math:: \|w - w^+\|_2 = \eta\|G(w)\|_2 :

      ``coef`` is within :math:`\eta\|G\|_2` of an approximately stationary point. A
      stationary point of a non-convex objective can be a local minimiser, or neither; no
      gap to the global minimum is claimed, and ``dual_gap`` is ``None``. For a convex
      :math:`h` (least squares, ``Lq`` with ``q >= 1``), a subgradient :math:`g` of norm
      :math:`\varepsilon` at :math:`w^+` gives
      :math:`F(w^+) - F(z) \le \varepsilon\|w^+ - z\|_2` for every :math:`z`.

    References
    ----------
    A. Beck, M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear
    inverse problems", *SIAM Journal on Imaging Sciences* 2(1), 183-202, 2009.
    B. O'Donoghue, E. Candès, "Adaptive restart for accelerated gradient schemes",
    *Foundations of Computational Mathematics* 15, 715-732, 2015.
    H. Attouch, J. Bolte, B. F. Svaiter, "Convergence of descent methods for semi-algebraic
    and tame problems", *Mathematical Programming* 137, 91-129, 2013.

    Examples
    --------
    With the L1 penalty the solution is the Lasso's, certified by a duality gap:

    >>> import numpy as np
    >>> import sparsenorm as sn
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = [1.0, 0.1, 1.1]
    >>> res = sn.proximal_gradient(X, y, sn.L1(alpha=0.2), fit_intercept=False, tol=1e-10)
    >>> print(np.round(res.coef, 4), res.certificate, res.converged)
    [0.75 0.  ] duality_gap True

    With MCP, a non-convex penalty, the result is a stationary point and nothing more; the
    large weight is not shrunk (1.05 is the least-squares fit on the first column alone):

    >>> res = sn.proximal_gradient(X, y, sn.MCP(alpha=0.2, gamma=3.0), fit_intercept=False)
    >>> print(np.round(res.coef, 4), res.certificate, res.dual_gap, res.converged)
    [1.05 0.  ] stationarity None True
    """
    penalty = _check_penalty(penalty)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    tol = check_tol(tol)
    max_iter = check_max_iter(max_iter)
    X = check_design(X, "X", accept_sparse=False)
    n, p = X.shape
    if n == 0 or p == 0:
        raise ValueError(f"X must have at least one sample and one feature, got shape {X.shape}")
    y = check_target(y, n)
    dtype = result_dtype(X.dtype)
    X64 = X.astype(np.float64, copy=False)  # never written to
    if fit_intercept:
        x_mean, y_mean, Xc, yc = _centre(X64, y)
    else:
        x_mean, y_mean = np.zeros(p), 0.0
        Xc, yc = X64, y
    if coef_init is None:
        w = np.zeros(p)
    else:
        w = np.array(as_float_array(coef_init, "coef_init"), dtype=np.float64)
        if w.shape != (p,):
            raise ValueError(f"coef_init must have shape ({p},), got {w.shape}")

    def grad(v):
        return Xc.T @ (Xc @ v - yc) / n

    lipschitz = _lipschitz(Xc)
    strengths = _gap_strengths(penalty)
    accelerated = strengths is not None
    if lipschitz == 0.0:
        step = 1.0  # f is constant (a zero design): any step is exact
    else:
        step = (1.0 if accelerated else _ISTA_FRACTION) / lipschitz
    with np.errstate(over="ignore", invalid="ignore"):
        if strengths is not None:
            tol_abs = tol * float(yc @ yc) / n
        else:
            tol_abs = tol * float(np.linalg.norm(Xc.T @ yc)) / n
    if not math.isfinite(tol_abs):
        raise ValueError(
            "y is too large for the scale of X: the float64 evaluation of "
            + ("||y||^2 / n" if strengths is not None else "||X^T y||_2 / n")
            + " that sets the tolerance overflows; rescale X and y"
        )

    def certify(c):
        """``(gap or None, residual)`` at the coefficients ``c`` (float64)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return _certify(c)

    def _certify(c):
        c_next = _prox(penalty, c - step * grad(c), step, p)
        residual = float(np.linalg.norm(c - c_next)) / step
        if strengths is None:
            return None, residual
        r = yc - Xc @ c
        l1, l2, weights = strengths
        if weights is not None:
            return _weighted_l1_gap(r, yc, c, Xc.T @ r / n, l1, weights, n), residual
        xta = Xc.T @ r / n - l2 * c
        return _enet_gap(r, yc, c, xta, l1, l2, n, False)[0], residual

    v, t = w.copy(), 1.0
    n_iter, coef = 0, w.astype(dtype)
    gap, residual = certify(coef.astype(np.float64))
    converged = (gap if gap is not None else residual) <= tol_abs
    while not converged and n_iter < max_iter:
        with np.errstate(over="ignore", invalid="ignore"):
            z = v - step * grad(v)
        if not np.isfinite(z).all():
            raise ValueError(_SCALE_MESSAGE.format(what="the gradient step", n_iter=n_iter))
        w_new = _prox(penalty, z, step, p)
        if accelerated:
            if (v - w_new) @ (w_new - w) > 0:  # restart (O'Donoghue & Candès, 2015)
                t = 1.0
            t_new = 0.5 * (1.0 + math.sqrt(1.0 + 4.0 * t * t))
            v = w_new + ((t - 1.0) / t_new) * (w_new - w)
            t = t_new
        else:
            v = w_new
        w = w_new
        n_iter += 1
        if n_iter % _CHECK_EVERY == 0 or n_iter == max_iter:
            coef = w.astype(dtype)
            gap, residual = certify(coef.astype(np.float64))
            if not math.isfinite(gap if gap is not None else residual):
                raise ValueError(_SCALE_MESSAGE.format(what="the certificate", n_iter=n_iter))
            converged = (gap if gap is not None else residual) <= tol_abs
    if not converged:
        what = "duality gap" if gap is not None else "proximal-gradient residual ||G(w)||_2"
        value = gap if gap is not None else residual
        warnings.warn(
            f"proximal gradient did not converge: {what} {value:.3e} above the tolerance "
            f"{tol_abs:.3e} after {n_iter} steps (max_iter={max_iter}). Increase max_iter "
            "or loosen tol.",
            ConvergenceWarning,
            stacklevel=2,
        )
    coef64 = coef.astype(np.float64)
    intercept = dtype.type(y_mean - float(x_mean @ coef64)) if fit_intercept else dtype.type(0)
    return ProxGradResult(
        coef=coef,
        intercept=intercept,
        certificate="duality_gap" if strengths is not None else "stationarity",
        dual_gap=None if gap is None else np.float64(gap),
        residual=np.float64(residual),
        tol_abs=float(tol_abs),
        converged=bool(converged),
        n_iter=int(n_iter),
        step=float(step),
        method="fista" if accelerated else "ista",
    )
