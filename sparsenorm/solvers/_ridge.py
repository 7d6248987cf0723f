"""Ridge regression with scikit-learn's objective, solved directly or iteratively, certified."""

import math
import warnings

import numpy as np

from .._validation import check_nonnegative_scalar
from ..exceptions import ConvergenceWarning
from ._checks import check_bool, check_max_iter, check_tol
from ._design import Data, GramCache
from ._result import SolverResult
from ._working_set import enet_working_set
from .duality import _ridge_gap

__all__ = ["ridge"]

_RIDGE_SOLVERS = ("auto", "cholesky", "svd", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")
# sparse X: normal equations (a dense p-by-p Gram matrix) while that matrix is small (at most
# this many features, or no more than 10 times the stored entries of X), conjugate gradient
# beyond, so that the memory stays proportional to the data; dense X with positive=True: exact
# active set on the Gram matrix up to POSITIVE_GRAM_MAX_FEATURES features, L-BFGS-B beyond
SPARSE_GRAM_MAX_FEATURES = 1000
POSITIVE_GRAM_MAX_FEATURES = 2000


def _small_gram(design):
    p = design.shape[1]
    if not design.sparse:
        return True
    return p <= SPARSE_GRAM_MAX_FEATURES or p * p <= 10 * design.X.nnz


def _gram(design):
    X = design.X
    if X.dtype != np.float64:
        X = X.astype(np.float64)  # a float32 XᵀX overflows at |x| ~ 1e19 and rounds at 1e-7
    G = X.T @ X
    G = np.asarray(G.toarray() if design.sparse else G, dtype=np.float64)
    if design.mean is not None:
        G -= design.u_sq * np.outer(design.mean, design.mean)
    if design.dead is not None:  # exactly constant columns: exactly zero once centred
        G[design.dead, :] = 0.0
        G[:, design.dead] = 0.0
    return G


def _solve_sym(A, b):
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(A, b, rcond=None)[0]


def _svd_solve(design, y, alpha):
    n, p = design.shape
    Xc = design.centred_columns(np.arange(p))
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    cutoff = s.max(initial=0.0) * max(n, p) * np.finfo(float).eps
    safe = np.where(s > cutoff, s, 1.0)
    d = np.where(s > cutoff, safe / (safe**2 + alpha), 0.0)
    return Vt.T @ (d * (U.T @ y))


def _direct(design, y, alpha):
    n, p = design.shape
    if design.sparse or n >= p:
        G = _gram(design)
        G[np.diag_indices_from(G)] += alpha
        return _solve_sym(G, design.rmatvec(y))
    # more features than samples: the n-by-n kernel form w = Xcᵀ(XcXcᵀ + αI)⁻¹y
    Xc = design.centred_columns(np.arange(p))
    K = Xc @ Xc.T
    K[np.diag_indices_from(K)] += alpha
    return Xc.T @ _solve_sym(K, y)


def _conjugate_gradient(design, y, alpha, tol, max_iter, w=None):
    """CG on ``(XcᵀXc + αI) w = Xcᵀy`` from ``w``.

    Stops once the relative residual is at most ``tol`` (scipy's and scikit-learn's rule) and
    the duality gap ``‖Xcᵀr − αw‖² / α`` is at most ``tol · ‖y‖²``; the running residuals
    are recomputed from scratch every 50 steps against drift.
    """
    p = design.shape[1]
    b = design.rmatvec(y)
    w = np.zeros(p) if w is None else w.copy()
    target_res = (tol * np.linalg.norm(b)) ** 2
    target_gap = alpha * tol * float(y @ y)
    n_iter = 0

    def restart(w):
        r_data = y - design.matvec(w)
        res = design.rmatvec(r_data) - alpha * w
        return r_data, res

    r_data, res = restart(w)
    d = res.copy()
    rs = float(res @ res)
    while n_iter < max_iter and not (rs <= target_res and rs <= target_gap):
        q = design.matvec(d)
        Ad = design.rmatvec(q) + alpha * d
        dAd = float(d @ Ad)
        if not dAd > 0:
            break
        step = rs / dAd
        w += step * d
        r_data -= step * q
        res -= step * Ad
        n_iter += 1
        if n_iter % 50 == 0:
            r_data, res = restart(w)
        rs_new = float(res @ res)
        d = res + (rs_new / rs) * d
        rs = rs_new
    return w, n_iter


def _lsmr_min_norm(design, y, tol, max_iter):
    """Minimum-norm least squares with scipy's LSMR on the implicitly centred operator."""
    from scipy.sparse.linalg import LinearOperator, lsmr

    n, p = design.shape
    op = LinearOperator(
        (n, p), matvec=lambda v: design.matvec(np.ravel(v)), rmatvec=design.rmatvec, dtype=float
    )
    out = lsmr(op, y, atol=min(tol, 1e-10), btol=min(tol, 1e-10), maxiter=max_iter)
    return out[0], int(out[2])


def _positive_lbfgs(design, y, alpha, tol, max_iter):
    """Non-negative ridge by L-BFGS-B (scipy), as scikit-learn's ``solver="lbfgs"``."""
    from scipy.optimize import minimize

    p = design.shape[1]
    scale = max(float(y @ y), np.finfo(float).tiny)

    def fun(w):
        r = y - design.matvec(w)
        g = -2.0 * design.rmatvec(r) + 2.0 * alpha * w
        return (float(r @ r) + alpha * float(w @ w)) / scale, g / scale

    w = np.zeros(p)
    n_iter = 0
    for gtol in (1e-10, 1e-13, 1e-16):
        out = minimize(
            fun,
            w,
            jac=True,
            method="L-BFGS-B",
            bounds=[(0.0, None)] * p,
            options={"maxiter": max(max_iter - n_iter, 1), "gtol": gtol, "ftol": 0.0},
        )
        w = np.maximum(out.x, 0.0)
        n_iter += int(out.nit)
        if _ridge_gap(design, y, w, alpha, True) <= tol * float(y @ y) or n_iter >= max_iter:
            break
    return w, max(n_iter, 1)


def _positive_active_set(design, y, alpha, tol, max_iter):
    """Non-negative ridge exactly, by the active-set solver on the Gram matrix."""
    n = design.shape[0]
    w, _, n_iter, _ = enet_working_set(
        GramCache(design, y),
        0.0,
        alpha / n,
        np.zeros(design.shape[1]),
        tol_abs=tol * float(y @ y) / (2.0 * n),  # the enet objective is the ridge one / 2n
        max_iter=max_iter,
        positive=True,
    )
    return w, n_iter


def _check_max_iter(max_iter):
    return None if max_iter is None else check_max_iter(max_iter)


def ridge(
    X,
    y,
    alpha=1.0,
    *,
    fit_intercept=True,
    solver="auto",
    tol=1e-4,
    max_iter=None,
    positive=False,
    sample_weight=None,
):
    r"""Fit ridge regression with scikit-learn's objective and certify it by its duality gap.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix (dense, scipy.sparse of any format, or any object with ``to_scipy()``).
        A sparse ``X`` is never densified. float32 is kept; every other dtype becomes
        float64.
    y : array-like of shape (n_samples,)
        Target.
    alpha : float, default=1.0
        Regularisation strength, ``>= 0``.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept (sparse ``X`` is centred implicitly).
    solver : {"auto", "cholesky", "svd", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"},
        default="auto"
        ``"auto"`` and ``"cholesky"`` solve the normal equations (the ``n × n`` kernel form
        when dense ``X`` has more features than samples; conjugate gradient for a sparse
        ``X`` whose dense ``p × p`` Gram matrix would be large: more than 1000 features and
        more than 10 times the stored entries of ``X``). ``"svd"`` uses the SVD of a dense
        ``X`` and, since an SVD would densify a sparse ``X``, means ``"cholesky"`` there
        (scikit-learn raises a ``TypeError`` instead). ``"lsqr"``, ``"sparse_cg"``,
        ``"sag"`` and ``"saga"`` run conjugate gradient on the normal equations without
        forming them. With ``positive=True``: ``"auto"`` is an exact active-set method on the
        Gram matrix (dense ``X`` with up to 2000 features) and otherwise, as ``"lbfgs"``,
        scipy's L-BFGS-B with bounds, as in scikit-learn.
    tol : float, default=1e-4
        The certificate's tolerance: ``converged`` means a duality gap at most
        ``tol · Σ s_i (y_i − ȳ)²``. Conjugate gradient also runs until its relative
        residual is at most ``tol`` (scikit-learn's meaning for ``"sparse_cg"``); a direct
        solve that misses the tolerance by rounding is refined by conjugate gradient.
    max_iter : int, default=None
        Iterations of the iterative solvers (default ``10 · n_features + 10``; 15000 for
        L-BFGS-B), ``>= 1``.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0`` (solvers ``"auto"`` and ``"lbfgs"``).
    sample_weight : array-like of shape (n_samples,) or float, default=None
        Weights ``s_i >= 0`` of the squared residuals (not all zero), as in scikit-learn's
        :class:`~sklearn.linear_model.Ridge` (not rescaled).

    Returns
    -------
    result : SolverResult
        ``n_iter`` is 1 for a direct solve; ``dual_gap`` is the gap of the problem solved
        (with the constraint when ``positive=True``); ``converged`` is True exactly when it
        is finite and at most the tolerance.

    Notes
    -----
    .. math:: \min_{w, b}\ \sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\|w\|_2^2,
              \qquad w^* = (X_c^\top S X_c + \alpha I)^{-1} X_c^\top S y_c .

    Every coefficient shrinks by the factor :math:`\sigma_i^2/(\sigma_i^2 + \alpha)` along
    the singular directions of :math:`S^{1/2} X_c`, but none is set to zero: the squared
    norm is smooth at zero, so there is no interval of correlations for which zero stays
    optimal.

    With ``alpha = 0`` (least squares) the minimum-norm solution is returned (SVD for dense
    ``X``, scipy's LSMR for sparse ``X``); its gap is the exact distance to the minimum
    for dense ``X``, and a sparse ``X`` (or ``positive=True``) then has no certificate
    (``dual_gap`` is inf, ``converged`` is False, with a warning). Data of extreme
    magnitude are rescaled by powers of two first, exactly, as in :func:`elastic_net`.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import ridge
    >>> res = ridge(np.eye(2), [2.0, 0.0], alpha=1.0, fit_intercept=False)
    >>> print(res.coef, round(res.dual_gap, 12), res.converged)
    [1. 0.] 0.0 True
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    tol = check_tol(tol)
    max_iter = _check_max_iter(max_iter)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    positive = check_bool(positive, "positive")
    if not isinstance(solver, str) or solver not in _RIDGE_SOLVERS:
        raise ValueError(f"solver must be one of {_RIDGE_SOLVERS}, got {solver!r}")
    if positive and solver not in ("auto", "lbfgs"):
        raise ValueError(
            f"solver={solver!r} does not support positive=True; use 'auto' or 'lbfgs'"
        )
    data = Data(
        X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, normalize_weights=False
    )
    n, p = data.n_samples, data.n_features
    if n == 0 or p == 0:
        raise ValueError(f"X must have at least one sample and one feature, got {(n, p)}")
    design, yc = data.design, data.y
    if solver == "svd" and design.sparse:
        solver = "cholesky"  # an SVD would densify X: the same problem, by normal equations
    a = data.ridge_alpha_in(alpha)
    n_iter = 1
    iters = 10 * p + 10 if max_iter is None else max_iter
    if positive:
        if solver == "auto" and not design.sparse and p <= POSITIVE_GRAM_MAX_FEATURES:
            w, n_iter = _positive_active_set(design, yc, a, tol, iters)
        else:
            w, n_iter = _positive_lbfgs(
                design, yc, a, tol, 15000 if max_iter is None else max_iter
            )
    elif a == 0.0:
        if design.sparse:
            w, n_iter = _lsmr_min_norm(design, yc, tol, iters)
        else:
            w = _svd_solve(design, yc, 0.0)
    elif solver == "svd":
        w = _svd_solve(design, yc, a)
    elif solver in ("auto", "cholesky") and _small_gram(design):
        w = _direct(design, yc, a)
    else:
        w, n_iter = _conjugate_gradient(design, yc, a, tol, iters)
    tol_abs = tol * float(yc @ yc)
    gap = _ridge_gap(design, yc, w, a, positive)
    if not positive and a > 0 and not gap <= tol_abs and np.isfinite(w).all():
        # a direct solve that rounding left above the tolerance: refine it
        w, extra = _conjugate_gradient(design, yc, a, tol, iters, w)
        n_iter += extra
        gap = _ridge_gap(design, yc, w, a, positive)
    back = data.returned(w) if np.isfinite(w).all() else None
    if back is not None:
        # certify the coefficients returned (float32, or rounded to subnormals), and the cost
        # Σ s_i (b − b*)² of the rounded intercept b against the optimal b* for them
        w, db = back
        gap = _ridge_gap(design, yc, w, a, positive) + db * db * design.u_sq
    reason = None
    if data.exactly_solved(w):
        data.inexact = []  # y − ȳ = 0: w = 0 is exact whatever alpha became
    if a == 0.0 and (design.sparse or positive):
        what = "a sparse X" if design.sparse else "positive=True"
        reason = (
            f"alpha = 0 (least squares) with {what} has no duality-gap certificate "
            "(dual_gap is inf); use alpha > 0 for a certified solution"
        )
    elif data.inexact:
        reason = "; ".join(data.inexact) + ": the result is not certified"
    gap = float(gap)
    gap_out = np.float64(data.objective_out(gap))
    tol_out = data.objective_out(tol_abs)
    if reason is None:
        reason = data.overflow_reason(gap, tol_abs)
    if data.inexact:
        gap_out = np.float64(np.inf)  # the gap of a rounded problem proves nothing
    converged = reason is None and bool(gap <= tol_abs) and math.isfinite(gap_out)
    if not converged:
        warnings.warn(
            reason
            or (
                f"Ridge did not converge: duality gap {gap_out:.3e} above the tolerance "
                f"{tol_out:.3e} (tol={tol} times Σ s_i (y_i − ȳ)²) after {n_iter} "
                "iterations. Increase max_iter, loosen tol or check the scaling of the data."
            ),
            ConvergenceWarning,
            stacklevel=2,
        )
    return SolverResult(
        coef=data.coef_result(w),
        intercept=data.intercept_result(w),
        dual_gap=gap_out,
        n_iter=int(n_iter),
        converged=converged,
    )
