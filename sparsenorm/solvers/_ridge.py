"""Ridge regression with scikit-learn's objective, solved directly or by conjugate gradient."""

import numpy as np

from .._validation import check_nonnegative_scalar
from ._checks import check_design, check_target, check_tol
from ._design import Design
from ._result import SolverResult
from .duality import _enet_gap

__all__ = ["ridge"]

_RIDGE_SOLVERS = ("auto", "cholesky", "svd", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")


def _ridge_gap(design, y, w, alpha):
    """Gap of ``‖r‖² + α‖w‖²`` (twice scikit-learn's formulation B times n)."""
    n = y.shape[0]
    r = y - design.matvec(w)
    if alpha == 0.0:
        g = design.rmatvec(r)
        return float(g @ g)
    l2 = alpha / n
    xta = design.rmatvec(r) / n - l2 * w
    return 2.0 * n * _enet_gap(r, y, w, xta, 0.0, l2, n, False)[0]


def _gram(design):
    X = design.X
    G = X.T @ X
    G = np.asarray(G.toarray() if design.sparse else G, dtype=np.float64)
    if design.mean is not None:
        G -= design.shape[0] * np.outer(design.mean, design.mean)
    return G


def _dense_centred(design):
    X = design.X.toarray() if design.sparse else np.asarray(design.X, dtype=np.float64)
    return X - design.mean if design.mean is not None else X


def _solve_sym(A, b):
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(A, b, rcond=None)[0]


def _direct(design, y, alpha, use_svd):
    n, p = design.shape
    if not use_svd and (design.sparse or n >= p):
        G = _gram(design)
        G[np.diag_indices_from(G)] += alpha
        return _solve_sym(G, design.rmatvec(y))
    Xc = _dense_centred(design)
    if not use_svd and alpha > 0:
        # more features than samples: the n-by-n kernel form w = Xcᵀ(XcXcᵀ + αI)⁻¹y
        K = Xc @ Xc.T
        K[np.diag_indices_from(K)] += alpha
        return Xc.T @ _solve_sym(K, y)
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    cutoff = s.max(initial=0.0) * max(n, p) * np.finfo(float).eps
    safe = np.where(s > cutoff, s, 1.0)
    d = np.where(s > cutoff, safe / (safe**2 + alpha), 0.0)
    return Vt.T @ (d * (U.T @ y))


def _conjugate_gradient(design, y, alpha, tol, max_iter):
    """CG on ``(XcᵀXc + αI) w = Xcᵀy``; stops on the relative residual like scipy's."""
    p = design.shape[1]
    b = design.rmatvec(y)
    w = np.zeros(p)
    r = b.copy()
    d = r.copy()
    rs = float(r @ r)
    target = (tol * np.linalg.norm(b)) ** 2
    n_iter = 0
    max_iter = max_iter if max_iter is not None else 10 * p + 10
    while rs > target and n_iter < max_iter:
        Ad = design.rmatvec(design.matvec(d)) + alpha * d
        step = rs / float(d @ Ad)
        w += step * d
        r -= step * Ad
        rs_new = float(r @ r)
        d = r + (rs_new / rs) * d
        rs = rs_new
        n_iter += 1
    return w, max(n_iter, 1), rs <= target


def _nonnegative(design, y, alpha):
    from scipy.optimize import nnls

    p = design.shape[1]
    Xc = _dense_centred(design)
    A = np.vstack([Xc, np.sqrt(alpha) * np.eye(p)])
    return nnls(A, np.concatenate([y, np.zeros(p)]), maxiter=50 * p + 50)[0]


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
):
    r"""Fit ridge regression with scikit-learn's objective and report its duality gap.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix (dense, scipy.sparse, or any object with ``to_scipy()``).
    y : array-like of shape (n_samples,)
        Target.
    alpha : float, default=1.0
        Regularisation strength, ``>= 0``.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept (sparse ``X`` is centred implicitly).
    solver : {"auto", "cholesky", "svd", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"},
        default="auto"
        ``"auto"`` and ``"cholesky"`` solve the normal equations (or use the SVD when the
        Gram matrix would be larger than the data); ``"svd"`` always uses the SVD;
        ``"lsqr"``, ``"sparse_cg"``, ``"sag"``, ``"saga"`` and ``"lbfgs"`` run conjugate
        gradient on the normal equations without forming them.
    tol : float, default=1e-4
        Relative residual of conjugate gradient.
    max_iter : int, default=None
        Conjugate-gradient iterations (default ``10 · n_features + 10``).
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0`` (non-negative least squares on the
        augmented system).

    Returns
    -------
    result : SolverResult
        ``n_iter`` is 1 for a direct solve; ``dual_gap`` certifies the solution.

    Notes
    -----
    .. math:: \min_{w, b}\ \|y - Xw - b\|_2^2 + \alpha\|w\|_2^2,
              \qquad w^* = (X_c^\top X_c + \alpha I)^{-1} X_c^\top y_c .

    Every coefficient shrinks by the factor :math:`s_i^2/(s_i^2 + \alpha)` along the
    singular directions of :math:`X_c`, but none is set to zero: the squared norm is smooth
    at zero, so there is no interval of correlations for which zero stays optimal.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import ridge
    >>> res = ridge(np.eye(2), [2.0, 0.0], alpha=1.0, fit_intercept=False)
    >>> print(res.coef, round(res.dual_gap, 12))
    [1. 0.] 0.0
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    tol = check_tol(tol)
    if solver not in _RIDGE_SOLVERS:
        raise ValueError(f"solver must be one of {_RIDGE_SOLVERS}, got {solver!r}")
    if positive and solver not in ("auto", "lbfgs"):
        raise ValueError(
            f"solver={solver!r} does not support positive=True; use 'auto' or 'lbfgs'"
        )
    X = check_design(X)
    n, p = X.shape
    if n == 0 or p == 0:
        raise ValueError(f"X must have at least one sample and one feature, got {X.shape}")
    y = np.asarray(check_target(y, n), dtype=np.float64)
    dtype = X.dtype
    design = Design(X, fit_intercept)
    y_mean = float(y.mean()) if fit_intercept else 0.0
    yc = y - y_mean
    n_iter, converged = 1, True
    if positive:
        w = _nonnegative(design, yc, alpha)
    elif solver in ("auto", "cholesky", "svd") and not (
        X.ndim == 2 and design.sparse and p > 5000
    ):
        w = _direct(design, yc, alpha, use_svd=solver == "svd" or alpha == 0)
    else:
        w, n_iter, converged = _conjugate_gradient(design, yc, alpha, tol, max_iter)
    gap = _ridge_gap(design, yc, w, alpha)
    intercept = y_mean - float(design.mean @ w) if fit_intercept else 0.0
    return SolverResult(
        coef=w.astype(dtype, copy=False),
        intercept=intercept,
        dual_gap=gap,
        n_iter=n_iter,
        converged=converged,
    )
