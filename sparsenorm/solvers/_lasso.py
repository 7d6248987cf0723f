"""Lasso and elastic net: single fits and warm-started regularisation paths."""

import math
import numbers
import time
import warnings

import numpy as np

from .._kernels import compiled
from .._validation import as_float_array, check_l1_ratio, check_nonnegative_scalar
from ..exceptions import ConvergenceWarning
from ._active_set import _cd_gram_loop
from ._checks import check_bool, check_max_iter, check_tol
from ._design import Data, GramCache
from ._homotopy import HomotopyFailed, lasso_homotopy
from ._iterative import enet_coordinate_descent, enet_proximal_gradient
from ._result import SolverResult
from ._working_set import GRAM_SPEEDUP, _inner_cd, enet_working_set
from .duality import _enet_gap, _lsq_gap

__all__ = ["alpha_grid", "elastic_net", "enet_path", "lasso", "lasso_path"]

_SOLVERS = ("auto", "working_set", "cd", "fista", "ista")
# with at most this many features, "auto" walks the exact Lasso path by homotopy on the Gram
# matrix, then certifies every point with its duality gap (see _homotopy.py)
HOMOTOPY_MAX_FEATURES = 64


class _Problem:
    """Validated, weighted, centred and rescaled data of a Lasso / elastic-net problem.

    Everything inside is in the units of the rescaled problem (see ``_design.Data``); the
    results are converted back, and certified, by :meth:`result`.
    """

    def __init__(self, X, y, fit_intercept, coef_init=None, sample_weight=None):
        fit_intercept = check_bool(fit_intercept, "fit_intercept")
        self.data = data = Data(
            X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, normalize_weights=True
        )
        n, p = data.n_samples, data.n_features
        if n == 0:
            raise ValueError("X must have at least one sample, got 0 rows")
        if p == 0:
            raise ValueError("X must have at least one feature, got 0 columns")
        self.dtype = data.dtype
        self.y = data.y
        self.design = data.design
        self.n_samples, self.n_features = n, p
        self.tol_unit = float(self.y @ self.y) / n
        if coef_init is None:
            self.w0 = np.zeros(p)
        else:
            w0 = np.asarray(as_float_array(coef_init, "coef_init"), dtype=np.float64)
            if w0.shape != (p,):
                raise ValueError(f"coef_init must have shape ({p},), got {w0.shape}")
            with np.errstate(over="ignore"):
                self.w0 = data.scale_coef_in(w0)
            if self.design.dead is not None:
                self.w0[self.design.dead] = 0.0  # optimal there for any penalty
            if not np.isfinite(self.w0).all():
                raise ValueError(
                    "coef_init is too large for the scale of X and y (it overflows float64 "
                    "once X and y are rescaled)"
                )
        self._cache = None
        self._xty = None

    @property
    def cache(self):
        if self._cache is None:
            self._cache = GramCache(self.design, self.y)
        return self._cache

    def correlations(self):
        """``Xcᵀy / n`` (cached), computed as ``lasso_alpha_max`` does."""
        if self._xty is None:
            self._xty = self.design.rmatvec(self.y) / self.n_samples
        return self._xty

    def gaps(self, W, lams, positive):
        """Lasso duality gaps of the columns of ``W`` at ``lams``, vectorised."""
        n = self.n_samples
        R = self.y[:, None] - self.design.matmat(W)
        xta = self.design.rmatmat(R) / n
        r2 = np.einsum("ij,ij->j", R, R)
        ry = R.T @ self.y
        dual_norm = xta.max(axis=0) if positive else np.abs(xta).max(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(dual_norm > lams, lams / dual_norm, 1.0)
        primal = 0.5 * r2 / n + lams * np.abs(W).sum(axis=0)
        dual = -0.5 * scale**2 * r2 / n + scale * ry / n
        gaps = np.maximum(primal - dual, 0.0)  # NaN stays NaN
        if positive:
            gaps[(W < 0).any(axis=0)] = np.inf
        return gaps

    def homotopy(self, lams, tol, max_iter, positive):
        """Exact path at ``lams`` (decreasing), certified point by point; None if unsuitable."""
        if self.n_features > HOMOTOPY_MAX_FEATURES or not (lams > 0).all():
            return None
        cache = self.cache
        pos = cache.ensure(np.arange(self.n_features))
        Q = cache.gram[np.ix_(pos, pos)]
        try:
            # the correlations as lasso_alpha_max computes them, so that alpha_max itself
            # gives exact zeros (the Gram cache's Xᵀy differs in the last bits)
            W = lasso_homotopy(Q, self.correlations(), lams, positive=positive)
        except HomotopyFailed:
            return None
        return self.certified(W, lams, tol, max_iter, positive)  # rounding: polish exact guesses

    def certified(self, W, lams, tol, max_iter, positive):
        """Certify the Lasso points ``W`` at ``lams`` by their gaps; polish those that miss.

        A point whose gap misses ``tol`` is solved by the working-set solver, started from it.
        Returns ``(W, gaps, n_iter, ok)`` (``n_iter`` 1 for a point certified as it was).
        """
        gaps = self.gaps(W, lams, positive)
        n_iter = np.ones(lams.size, dtype=np.intp)
        ok = gaps <= tol * self.tol_unit  # False for NaN
        for i in np.flatnonzero(~ok):
            W[:, i], gaps[i], n_iter[i], ok[i], _ = self.solve(
                lams[i], 0.0, W[:, i], tol, max_iter, positive, "working_set", False
            )
        return W, gaps, n_iter, ok

    def gram_path(self, lams, tol, max_iter, positive):
        """Lasso path at ``lams`` (decreasing) on the full Gram matrix; None if unsuitable.

        Compiled coordinate descent on ``XcᵀXc/n`` (:func:`_working_set._inner_cd`), warm
        started from point to point and stopped by the gap computed from the Gram matrix; then
        every point is certified by its duality gap at the residual itself, and a point whose
        gap misses ``tol`` is polished by the working-set solver. Used with numba, every
        ``lams > 0``, a dense ``X`` with at most as many features as samples (the Gram matrix
        is no larger than ``X``) and ``p <= 2 · GRAM_SPEEDUP · len(lams)``. That bound is a
        cost model: the Gram product's ``n·p²`` multiply-adds, at ``GRAM_SPEEDUP`` times the
        rate of the products ``Xcᵀr`` (``n·p`` multiply-adds each), then cost no more than
        two such products per point, which the working-set solver makes at every point its
        warm start does not already certify (one where it does, as at ``alpha_max``). How
        the two rates compare depends on the size of ``X``: measured here on one thread, the
        Gram product ran about 5 times as fast as BLAS's ``Xᵀr`` at n = 2000, p = 500 (the
        Gram matrix then costs about 1.3 to 1.5 times the two products at the bound), about
        3 times at 500 × 100 (about 2 times the products), and 15 to 22 times once ``X`` no
        longer fits in cache (5000 × 1000, 20000 × 500: about 0.3 to 0.5 times the
        products).
        """
        n, p = self.n_samples, self.n_features
        kernel = compiled(_cd_gram_loop)
        if (
            kernel is None
            or self.design.sparse
            or p > n
            or p > 2.0 * GRAM_SPEEDUP * lams.size
            or not (lams > 0).all()
        ):
            return None
        cache = self.cache
        pos = cache.ensure(np.arange(p))
        H = np.asfortranarray(cache.gram[np.ix_(pos, pos)])  # once, not at every point
        b = cache.xty[pos]
        y_sq = float(self.y @ self.y) / n
        target = 0.5 * tol * self.tol_unit
        W = np.empty((p, lams.size))
        w = np.maximum(self.w0, 0.0) if positive else self.w0
        for i, lam in enumerate(lams):
            w = _inner_cd(
                kernel, H, b, lam, w, positive, 1e-11 * lam, gap_target=target, y_sq=y_sq
            )
            W[:, i] = w
        return self.certified(W, lams, tol, max_iter, positive)

    def solve(self, l1, l2, w, tol, max_iter, positive, solver, record_history):
        """Run one solver from ``w``; return ``(w, gap, n_iter, ok, history)`` (rescaled)."""
        tol_abs = tol * self.tol_unit
        history = None
        if solver in ("auto", "working_set"):
            gaps = [] if record_history else None
            start = time.perf_counter()
            w, gap, n_iter, ok = enet_working_set(
                self.cache,
                l1,
                l2,
                w,
                tol_abs=tol_abs,
                max_iter=max_iter,
                positive=positive,
                history=gaps,
            )
            if record_history:
                history = {
                    "n_iter": list(range(1, len(gaps) + 1)),
                    "time": [t - start for _, t in gaps],
                    "dual_gap": [g for g, _ in gaps],
                }
        else:
            history = {"n_iter": [], "time": [], "dual_gap": [], "coef": []}
            if solver == "cd":
                if self.design.sparse:
                    raise TypeError("solver='cd' needs a dense X; use solver='auto' for sparse X")
                w, gap, n_iter, ok = enet_coordinate_descent(
                    self.design,
                    self.y,
                    l1,
                    l2,
                    w,
                    tol_abs=tol_abs,
                    max_iter=max_iter,
                    positive=positive,
                    history=history,
                )
            else:
                w, gap, n_iter, ok = enet_proximal_gradient(
                    self.design,
                    self.y,
                    l1,
                    l2,
                    w,
                    tol_abs=tol_abs,
                    max_iter=max_iter,
                    positive=positive,
                    accelerated=solver == "fista",
                    history=history,
                )
            if not record_history:
                history = None
        return w, gap, n_iter, ok, history

    def rounded(self, w, gap, l1, l2, positive):
        """The certificate at the coefficients actually returned.

        float32 results (and float64 ones rounded to subnormals) differ from the solver's
        ``w``: the gap is recomputed at the rounded coefficients, plus the exact cost
        ``(b − b*)² Σsᵢ / (2n)`` of the rounded intercept ``b`` against the optimal ``b*``.
        """
        data = self.data
        if data.dtype == np.float64 and data.ex == data.ey == 0:
            return w, gap  # nothing rescaled or rounded: the certified w is returned
        back = data.returned(w) if np.isfinite(w).all() else None
        if back is None:
            return w, gap
        w, db = back
        r = self.y - self.design.matvec(w)
        n = self.n_samples
        xta = self.design.rmatvec(r) / n
        if l2:
            xta -= l2 * w
        gap = _enet_gap(r, self.y, w, xta, l1, l2, n, positive)[0]
        if l1 == 0.0 and l2 == 0.0 and not (self.design.sparse or positive):
            gap = _lsq_gap(self.design, r) / (2.0 * n)
        return w, gap + 0.5 * db * db * self.design.u_sq / n

    def certify(self, w, gap, tol, l1, l2, positive):
        """Final certificate of a rescaled solution: ``(gap, tol_abs, converged, reason)``.

        ``gap`` and ``tol_abs`` are in the original units. ``converged`` means a finite gap at
        or below the tolerance, for a rescaled problem that is exactly the original one;
        ``reason`` says why not when it is not the iteration limit.
        """
        reason = None
        if l1 == 0.0 and l2 == 0.0:  # least squares: the gap needs the range of X
            if self.design.sparse or positive:
                what = "a sparse X" if self.design.sparse else "positive=True"
                gap = math.inf
                reason = (
                    f"alpha = 0 (least squares) with {what} has no duality-gap certificate "
                    "(dual_gap is inf); use alpha > 0 or scipy.optimize's least-squares solvers"
                )
            else:
                r = self.y - self.design.matvec(w)
                gap = _lsq_gap(self.design, r) / (2.0 * self.n_samples)
        if self.data.exactly_solved(w):
            self.data.inexact = []  # y − ȳ = 0: w = 0 is exact whatever alpha became
        gap, tol_abs = float(gap), tol * self.tol_unit
        gap_out = np.float64(self.data.objective_out(gap))
        tol_out = self.data.objective_out(tol_abs)
        if reason is None and self.data.inexact:
            reason = "; ".join(self.data.inexact) + ": the result is not certified"
        if reason is None:
            reason = self.data.overflow_reason(gap, tol_abs)
        if self.data.inexact:
            gap_out = np.float64(np.inf)  # the gap of a rounded problem proves nothing
        converged = reason is None and bool(gap <= tol_abs) and math.isfinite(gap_out)
        return gap_out, tol_out, converged, reason

    def coef_out(self, w):
        return self.data.coef_result(w)

    def intercept_out(self, w):
        return self.data.intercept_result(w)

    def history_out(self, history):
        if history is None:
            return None
        history["dual_gap"] = [self.data.objective_out(g) for g in history["dual_gap"]]
        if "coef" in history:
            history["coef"] = [self.coef_out(c) for c in history["coef"]]
        return history


def _warn(message, stacklevel):
    warnings.warn(message, ConvergenceWarning, stacklevel=stacklevel + 1)


def _convergence_message(gap, tol_out, tol, n_iter, max_iter):
    return (
        f"Objective did not converge: duality gap {gap:.3e} above the tolerance "
        f"{tol_out:.3e} (tol={tol} times the variance of y, or ‖y‖²/n without intercept) "
        f"after {n_iter} iterations "
        f"(max_iter={max_iter}; the working-set solver also stops after ten passes, once "
        "its inner KKT floor has reached 1e-16 times the L1 strength, that neither halve "
        "the gap nor change the number of non-zeros). Increase max_iter, loosen tol or "
        "check the scaling of the data."
    )


def _check_solver(solver):
    if not isinstance(solver, str) or solver not in _SOLVERS:
        raise ValueError(f"solver must be one of {_SOLVERS}, got {solver!r}")
    return solver


def _fit(
    X,
    y,
    alpha,
    l1_ratio,
    fit_intercept,
    positive,
    tol,
    max_iter,
    coef_init,
    solver,
    record_history,
    sample_weight,
):
    alpha = check_nonnegative_scalar(alpha, "alpha")
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_tol(tol)
    max_iter = check_max_iter(max_iter)
    solver = _check_solver(solver)
    positive = check_bool(positive, "positive")
    record_history = check_bool(record_history, "record_history")
    prob = _Problem(X, y, fit_intercept, coef_init, sample_weight)
    l1, l2 = prob.data.alpha_in(alpha * l1_ratio, alpha * (1.0 - l1_ratio))
    exact = None
    if solver == "auto" and l2 == 0.0 and not record_history:
        exact = prob.homotopy(np.array([l1]), tol, max_iter, positive)
    if exact is not None:
        w, gap, n_iter, history = exact[0][:, 0], exact[1][0], int(exact[2][0]), None
    else:
        w, gap, n_iter, _, history = prob.solve(
            l1, l2, prob.w0, tol, max_iter, positive, solver, record_history
        )
    w, gap = prob.rounded(w, gap, l1, l2, positive)
    gap, tol_out, converged, reason = prob.certify(w, gap, tol, l1, l2, positive)
    if not converged:
        _warn(reason or _convergence_message(gap, tol_out, tol, n_iter, max_iter), 3)
    return SolverResult(
        coef=prob.coef_out(w),
        intercept=prob.intercept_out(w),
        dual_gap=gap,
        n_iter=int(n_iter),
        converged=converged,
        history=prob.history_out(history),
    )


def elastic_net(
    X,
    y,
    alpha=1.0,
    l1_ratio=0.5,
    *,
    fit_intercept=True,
    positive=False,
    tol=1e-4,
    max_iter=1000,
    coef_init=None,
    solver="auto",
    record_history=False,
    sample_weight=None,
):
    r"""Fit an elastic net with scikit-learn's objective, certified by the duality gap.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix: a dense array, a scipy.sparse matrix or array of any format (used as
        CSC, never densified) or any object with a ``to_scipy()`` method. float32 is kept;
        every other dtype is converted to float64 (scikit-learn's rule).
    y : array-like of shape (n_samples,)
        Target.
    alpha : float, default=1.0
        Regularisation strength, ``>= 0``.
    l1_ratio : float, default=0.5
        Share ``ρ`` of the L1 term, in [0, 1].
    fit_intercept : bool, default=True
        Fit an unpenalised intercept (by centring, implicitly for sparse ``X``).
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    tol : float, default=1e-4
        Stop once the duality gap is at most ``tol · ‖y − ȳ‖² / n`` with ``fit_intercept``,
        ``tol · ‖y‖² / n`` without (scikit-learn's rule; weighted, with the rescaled
        ``s_i``: ``tol · Σ s_i (y_i − ȳ)² / n``, ``ȳ`` the weighted mean, and
        ``tol · Σ s_i y_i² / n`` without intercept).
    max_iter : int, default=1000
        Maximum number of iterations; reaching it warns with
        :class:`~sparsenorm.ConvergenceWarning`.
    coef_init : array-like of shape (n_features,), default=None
        Warm start. A start with a larger objective than ``w = 0`` is replaced by zero.
    solver : {"auto", "working_set", "cd", "fista", "ista"}, default="auto"
        ``"auto"`` is the working-set solver (or, with at most 64 features and
        ``l1_ratio = 1``, the exact homotopy path); ``"cd"`` is plain cyclic coordinate
        descent (dense ``X``); ``"fista"`` and ``"ista"`` are proximal gradient, for teaching.
    record_history : bool, default=False
        Record the duality gap (and iterates, for the teaching solvers) at every iteration.
    sample_weight : array-like of shape (n_samples,) or float, default=None
        Weights ``s_i >= 0`` of the samples (not all zero), rescaled to sum to ``n_samples``
        as scikit-learn's :class:`~sklearn.linear_model.ElasticNet` does. A zero weight drops
        a sample; an integer weight ``k`` counts it ``k`` times.

    Returns
    -------
    result : SolverResult
        ``coef``, ``intercept``, ``dual_gap``, ``n_iter``, ``converged`` and ``history``.
        ``converged`` is True exactly when ``dual_gap`` is finite and at most the tolerance.

    Notes
    -----
    The objective is scikit-learn's :class:`~sklearn.linear_model.ElasticNet`, with weights
    :math:`s_i` summing to :math:`n` (all ones by default):

    .. math:: \min_{w, b}\ \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\rho\|w\|_1
              + \frac{\alpha(1-\rho)}{2}\|w\|_2^2 .

    The working-set solver alternates a full pass over ``X`` (correlations, duality gap,
    gap-safe screening, choice of the working set) with a solve of the problem restricted to
    the working set: with numba, approximate compiled coordinate descent (for a float32 ``X``
    at a loose ``tol``, in float32), else an exact solve on its Gram matrix by the
    feature-sign active-set method. It stops only when the duality gap, computed on the full
    problem in float64, certifies ``tol``.

    The certificate is computed at the coefficients returned: for float32 results after
    their rounding to float32, which alone costs a gap with no fixed bound (it grows with the
    columns' norms, means included where there is no intercept, times the coefficients'
    size, relative to ``alpha``; measured here from about 1e-8 to 3e-4 times ‖y‖²/n), so a
    small ``tol`` may not be certifiable in float32; the cost of the rounded intercept is
    added.

    Data of extreme magnitude are rescaled by powers of two first (exact in IEEE 754
    binary64 arithmetic while no entry becomes subnormal), so that ``X * 1e160`` solves as
    ``X`` does. Where that rescaling cannot be exact (entries of ``X`` or ``y`` spanning more
    than float64's range, a strength below it), or where the objective itself is beyond
    float64's range, the result comes with ``converged=False`` and a
    :class:`~sparsenorm.ConvergenceWarning` saying why; coefficients beyond float64's range,
    or an L2 strength beyond it relative to ``X``, raise ``ValueError``. With ``alpha = 0``
    (least squares) the gap is the exact distance to the least-squares minimum, from an SVD
    of ``X``; a sparse ``X`` or ``positive=True`` then has no certificate.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import elastic_net
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> res = elastic_net(X, [1.0, 2.0, 3.0], alpha=0.1, l1_ratio=0.5, fit_intercept=False)
    >>> print(np.round(res.coef, 4), res.converged)
    [0.9462 1.8157] True
    """
    return _fit(
        X,
        y,
        alpha,
        l1_ratio,
        fit_intercept,
        positive,
        tol,
        max_iter,
        coef_init,
        solver,
        record_history,
        sample_weight,
    )


def lasso(
    X,
    y,
    alpha=1.0,
    *,
    fit_intercept=True,
    positive=False,
    tol=1e-4,
    max_iter=1000,
    coef_init=None,
    solver="auto",
    record_history=False,
    sample_weight=None,
):
    r"""Fit a Lasso with scikit-learn's objective, certified by the duality gap.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix (dense, scipy.sparse, or any object with ``to_scipy()``).
    y : array-like of shape (n_samples,)
        Target.
    alpha : float, default=1.0
        Regularisation strength, ``>= 0``.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    tol : float, default=1e-4
        Stop once the duality gap is at most ``tol · ‖y − ȳ‖² / n`` with ``fit_intercept``,
        ``tol · ‖y‖² / n`` without (weighted: see :func:`elastic_net`).
    max_iter : int, default=1000
        Maximum number of iterations (warns when reached).
    coef_init : array-like of shape (n_features,), default=None
        Warm start.
    solver : {"auto", "working_set", "cd", "fista", "ista"}, default="auto"
        See :func:`elastic_net`.
    record_history : bool, default=False
        Record the duality gap at every iteration.
    sample_weight : array-like of shape (n_samples,) or float, default=None
        Weights of the samples, rescaled to sum to ``n_samples`` (scikit-learn's
        :class:`~sklearn.linear_model.Lasso`); see :func:`elastic_net`.

    Returns
    -------
    result : SolverResult
        ``coef``, ``intercept``, ``dual_gap``, ``n_iter``, ``converged`` and ``history``.

    Notes
    -----
    .. math:: \min_{w, b}\ \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\|w\|_1 .

    The L1 term has a kink at zero: a coefficient stays exactly zero as long as the
    correlation of its feature with the residual, :math:`|x_j^\top r| / n`, is at most
    :math:`\alpha`. That inequality, not rounding, is where the zeros come from.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import lasso
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> res = lasso(X, [1.0, 0.1, 1.1], alpha=0.2, fit_intercept=False)
    >>> print(np.round(res.coef, 4), res.converged)
    [0.75 0.  ] True
    """
    return _fit(
        X,
        y,
        alpha,
        1.0,
        fit_intercept,
        positive,
        tol,
        max_iter,
        coef_init,
        solver,
        record_history,
        sample_weight,
    )


def _check_eps(eps):
    eps = check_nonnegative_scalar(eps, "eps", strictly_positive=True)
    if eps > 1:
        raise ValueError(
            f"eps must lie in (0, 1] (it is alpha_min / alpha_max of a decreasing grid), got {eps}"
        )
    return eps


def _grid(a_max, eps, n_alphas):
    if a_max <= np.finfo(np.float64).resolution:
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(a_max, a_max * eps, num=n_alphas)


def _alpha_max(prob, l1_ratio, positive):
    xty = prob.correlations()
    top = max(float(xty.max()), 0.0) if positive else float(np.abs(xty).max())
    return prob.data.alpha_max_out(top / l1_ratio)


def alpha_grid(
    X,
    y,
    *,
    l1_ratio=1.0,
    eps=1e-3,
    n_alphas=100,
    fit_intercept=True,
    positive=False,
    sample_weight=None,
):
    r"""Decreasing log-spaced grid from ``alpha_max`` down to ``eps · alpha_max``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    l1_ratio : float, default=1.0
        Share of the L1 term, in (0, 1].
    eps : float, default=1e-3
        Ratio ``alpha_min / alpha_max``, in (0, 1] (scikit-learn's ``LassoCV`` accepts any
        ``eps > 0``; a value above 1 would make the grid increase).
    n_alphas : int, default=100
        Number of values, ``>= 1``.
    fit_intercept : bool, default=True
        Centre the data first.
    positive : bool, default=False
        Grid for the problem constrained to ``w >= 0``.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples (as in scikit-learn's ``_alpha_grid``).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        As scikit-learn's ``_alpha_grid``: ``alpha_max`` first, decreasing (all equal to
        float64's resolution, 1e-15, when ``alpha_max`` is below it).

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import alpha_grid
    >>> grid = alpha_grid(np.eye(2), [3.0, -1.0], n_alphas=3, eps=0.01, fit_intercept=False)
    >>> print(np.round(grid, 4))
    [1.5   0.15  0.015]
    """
    from .duality import lasso_alpha_max

    eps = _check_eps(eps)
    n_alphas = check_max_iter(n_alphas, "n_alphas")
    a_max = lasso_alpha_max(
        X,
        y,
        l1_ratio=l1_ratio,
        fit_intercept=fit_intercept,
        positive=positive,
        sample_weight=sample_weight,
    )
    return _grid(float(a_max), eps, n_alphas)


class _DefaultAlphas(int):
    """The default ``alphas=100``, told apart from an explicit ``alphas=100``."""

    def __repr__(self):
        return "100"


_DEFAULT_ALPHAS = _DefaultAlphas(100)


def _resolve_alphas(alphas, n_alphas):
    """scikit-learn 1.9's rules: an int is a grid size; ``n_alphas`` and None are deprecated."""
    size = 100
    if not (isinstance(n_alphas, str) and n_alphas == "deprecated"):
        warnings.warn(
            "'n_alphas' was deprecated in scikit-learn 1.9 (and is removed in 1.11): "
            "'alphas' accepts an integer, the number of alphas. Pass alphas=<int> and "
            "leave n_alphas out to silence this warning.",
            FutureWarning,
            stacklevel=4,
        )
        size = check_max_iter(n_alphas, "n_alphas")
    if alphas is None:
        warnings.warn(
            "'alphas=None' is deprecated (as in scikit-learn 1.9, where the default becomes "
            "100 in 1.11). Set alphas=100 to silence this warning.",
            FutureWarning,
            stacklevel=4,
        )
        return size, None
    if alphas is _DEFAULT_ALPHAS:
        return size, None
    if isinstance(alphas, (bool, np.bool_)):
        raise TypeError("alphas must be an int (the number of alphas) or an array of alphas")
    if isinstance(alphas, numbers.Integral):
        return check_max_iter(alphas, "alphas"), None
    if isinstance(alphas, numbers.Real):
        raise TypeError(
            f"alphas must be an int (the number of alphas) or an array-like of alphas, got "
            f"the float {alphas!r}; pass [{alphas!r}] for a single alpha"
        )
    grid = as_float_array(alphas, "alphas", check_finite=False)
    if grid.ndim != 1:
        raise ValueError(f"alphas must be 1-D, got an array of shape {grid.shape}")
    if grid.size == 0:
        raise ValueError("alphas must not be empty")
    grid = np.asarray(grid, dtype=np.float64)
    if not np.isfinite(grid).all() or (grid < 0).any():
        raise ValueError("alphas must be finite and >= 0")
    return grid.size, np.sort(grid)[::-1]


def enet_path(
    X,
    y,
    *,
    l1_ratio=0.5,
    eps=1e-3,
    n_alphas="deprecated",
    alphas=_DEFAULT_ALPHAS,
    coef_init=None,
    return_n_iter=False,
    positive=False,
    fit_intercept=False,
    tol=1e-4,
    max_iter=1000,
    sample_weight=None,
):
    r"""Elastic-net solutions along a decreasing grid of ``alpha``, each certified by its gap.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    l1_ratio : float, default=0.5
        Share of the L1 term, in (0, 1] for an automatic grid.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid, in (0, 1].
    n_alphas : int, default="deprecated"
        Deprecated as in scikit-learn 1.9 (a ``FutureWarning``): pass ``alphas=<int>``.
    alphas : int or array-like, default=100
        An int is the number of alphas of the automatic grid (as in scikit-learn 1.9); an
        array-like is an explicit grid (solved and returned in decreasing order). ``None`` is
        deprecated, as in scikit-learn (a ``FutureWarning``; it means the default grid).
    coef_init : array-like of shape (n_features,), default=None
        Warm start of the first point (unused where the exact homotopy path is taken; see
        Notes).
    return_n_iter : bool, default=False
        Also return the iterations of each point.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    fit_intercept : bool, default=False
        Centre the data first (scikit-learn's ``enet_path`` never centres).
    tol : float, default=1e-4
        Duality-gap tolerance at every point, relative to ``‖y − ȳ‖²/n`` with
        ``fit_intercept`` (weighted: ``Σ sᵢ(yᵢ − ȳ)²/n``), ``‖y‖²/n`` without.
    max_iter : int, default=1000
        Maximum iterations per point.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples, rescaled to sum to ``n_samples`` (see :func:`elastic_net`).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The grid, decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
        Solutions (float32 for float32 ``X``, float64 otherwise).
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap at each point.
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter=True``.

    Warns
    -----
    ConvergenceWarning
        Once, if some points of the path are not certified to ``tol``.

    Notes
    -----
    Three ways to the points. For a Lasso (``l1_ratio = 1``) with at most
    ``HOMOTOPY_MAX_FEATURES = 64`` features and every ``alpha > 0``, the exact path is walked
    knot by knot by homotopy on the Gram matrix (LARS with the Lasso modification), each grid
    point is read off it and certified by its duality gap, and only a point whose gap misses
    ``tol`` (rounding) is polished by the working-set solver, started from that point. Else
    (more features, or a homotopy that failed: a singular or nearly singular active block, an
    emptied active set or more than ``8p + 20`` steps), for a Lasso with every ``alpha > 0``, a
    dense ``X`` with at most as many features as samples and at most ``2 · GRAM_SPEEDUP = 14``
    times as many features as points, and numba installed, the points are solved on the full
    Gram matrix ``XcᵀXc/n`` by compiled coordinate descent, warm-started from point to point;
    each is then certified by its duality gap at the residual, and polished by the working-set
    solver where it misses ``tol``. In every other case (for example an L2 share, an
    ``alpha = 0``, or, with more than 64 features, a sparse or wide ``X`` or no numba), the
    points are solved in decreasing order by the working-set solver, each warm-started from the
    solution at the previous ``alpha``; the Gram columns already computed are kept from point
    to point. With ``fit_intercept=True`` the intercepts are ``ȳ − x̄ᵀw``.
    scikit-learn's ``precompute``, ``Xy``, ``copy_X``, ``verbose`` and ``check_input`` are
    not accepted (the input is never copied or written to).

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import enet_path
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> alphas, coefs, gaps = enet_path(X, [1.0, 0.1, 1.1], l1_ratio=1.0, alphas=3)
    >>> print(coefs.shape, bool(np.all(coefs[:, 0] == 0)))
    (2, 3) True
    """
    l1_ratio = check_l1_ratio(l1_ratio)
    eps = _check_eps(eps)
    tol = check_tol(tol)
    max_iter = check_max_iter(max_iter)
    positive = check_bool(positive, "positive")
    return_n_iter = check_bool(return_n_iter, "return_n_iter")
    n_grid, grid = _resolve_alphas(alphas, n_alphas)
    prob = _Problem(X, y, fit_intercept, coef_init, sample_weight)
    if grid is None:
        if l1_ratio == 0:
            raise ValueError("an automatic alpha grid needs l1_ratio > 0; pass an array of alphas")
        grid = _grid(_alpha_max(prob, l1_ratio, positive), eps, n_grid)
    coefs = np.empty((prob.n_features, grid.size), dtype=prob.dtype)
    gaps = np.empty(grid.size)
    n_iters = np.empty(grid.size, dtype=np.intp)
    if prob.data.ex == prob.data.ey == 0:  # nothing rescaled: the strengths as given
        l1_list, l2_list = (grid * l1_ratio).tolist(), (grid * (1.0 - l1_ratio)).tolist()
        scaled = list(zip(l1_list, l2_list, strict=True))
    else:
        scaled = [prob.data.alpha_in(a * l1_ratio, a * (1.0 - l1_ratio)) for a in grid]
    l1s = np.array([l1 for l1, _ in scaled])
    exact = None
    if l1_ratio == 1.0:
        exact = prob.homotopy(l1s, tol, max_iter, positive)
        if exact is None:
            exact = prob.gram_path(l1s, tol, max_iter, positive)
    W = np.empty((prob.n_features, grid.size))
    if exact is not None:
        W[:], gaps[:], n_iters[:] = exact[0], exact[1], exact[2]
    else:
        w = prob.w0
        for i, (l1, l2) in enumerate(scaled):
            w, gaps[i], n_iters[i], _, _ = prob.solve(
                l1, l2, w, tol, max_iter, positive, "auto", False
            )
            W[:, i] = w
    if prob.dtype != np.float64 or prob.data.ex or prob.data.ey:
        for i, (l1, l2) in enumerate(scaled):
            W[:, i], gaps[i] = prob.rounded(W[:, i], gaps[i], l1, l2, positive)
    coefs[:] = prob.coef_out(W)
    lsq = (l1s == 0.0) & (np.array([l2 for _, l2 in scaled]) == 0.0)
    tol_out = prob.data.objective_out(tol * prob.tol_unit)
    if prob.data.inexact or lsq.any() or not math.isfinite(prob.data.objective_out(gaps.max())):
        # the rare cases, point by point
        ok = np.empty(grid.size, dtype=bool)
        reasons = []
        for i, (l1, l2) in enumerate(scaled):
            gaps[i], _, ok[i], reason = prob.certify(W[:, i], gaps[i], tol, l1, l2, positive)
            reasons.append(reason)
    else:
        ok = gaps <= tol * prob.tol_unit
        with np.errstate(over="ignore"):
            if prob.data.eo:
                gaps[:] = [prob.data.objective_out(g) for g in gaps]
        ok &= np.isfinite(gaps)
        reasons = [None] * grid.size
    failed = int(np.count_nonzero(~ok))
    if failed:
        i = int(np.flatnonzero(~ok)[0])
        worst = reasons[i] or (
            f"duality gap {gaps[i]:.3e} above the tolerance {tol_out:.3e} at alpha={grid[i]:.3e}"
        )
    if failed:
        _warn(
            f"{failed} of the {grid.size} points of the path did not converge (first: "
            f"{worst}). Increase max_iter, loosen tol or check the scaling of the data.",
            2,
        )
    if return_n_iter:
        return grid, coefs, gaps, n_iters
    return grid, coefs, gaps


def lasso_path(
    X,
    y,
    *,
    eps=1e-3,
    n_alphas="deprecated",
    alphas=_DEFAULT_ALPHAS,
    coef_init=None,
    return_n_iter=False,
    positive=False,
    fit_intercept=False,
    tol=1e-4,
    max_iter=1000,
    sample_weight=None,
):
    r"""Lasso solutions along a decreasing grid of ``alpha``; see :func:`enet_path`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid, in (0, 1].
    n_alphas : int, default="deprecated"
        Deprecated as in scikit-learn 1.9: pass ``alphas=<int>``.
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or an explicit grid.
    coef_init : array-like of shape (n_features,), default=None
        Warm start of the first point (unused where the exact homotopy path is taken, as
        for at most 64 features and every alpha > 0; see :func:`enet_path`).
    return_n_iter : bool, default=False
        Also return the iterations of each point.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    fit_intercept : bool, default=False
        Centre the data first.
    tol : float, default=1e-4
        Duality-gap tolerance at every point, relative to ``‖y − ȳ‖²/n`` with
        ``fit_intercept`` (weighted: ``Σ sᵢ(yᵢ − ȳ)²/n``), ``‖y‖²/n`` without.
    max_iter : int, default=1000
        Maximum iterations per point.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples, rescaled to sum to ``n_samples``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The grid, decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
        Solutions.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap at each point.
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter=True``.

    Notes
    -----
    At ``alpha_max`` (:func:`lasso_alpha_max`: ``‖Xᵀy‖∞ / n`` on centred data with
    ``fit_intercept``, weighted with ``sample_weight``, ``max(Xᵀy) / n`` with ``positive``)
    and above it every coefficient is zero; as ``alpha`` decreases, a
    coefficient leaves zero when the correlation of its feature with the residual reaches
    ``alpha``, and it can return to zero further down the path.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import lasso_path
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> alphas, coefs, gaps = lasso_path(X, [1.0, 0.1, 1.1], alphas=3)
    >>> print(int(np.count_nonzero(coefs[:, 0])), int(np.count_nonzero(coefs[:, -1])))
    0 2
    """
    return enet_path(
        X,
        y,
        l1_ratio=1.0,
        eps=eps,
        n_alphas=n_alphas,
        alphas=alphas,
        coef_init=coef_init,
        return_n_iter=return_n_iter,
        positive=positive,
        fit_intercept=fit_intercept,
        tol=tol,
        max_iter=max_iter,
        sample_weight=sample_weight,
    )
