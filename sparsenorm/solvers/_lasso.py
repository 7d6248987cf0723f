"""Lasso and elastic net: single fits and warm-started regularisation paths."""

import time
import warnings

import numpy as np

from .._validation import check_l1_ratio, check_nonnegative_scalar
from ..exceptions import ConvergenceWarning
from ._checks import check_design, check_max_iter, check_target, check_tol
from ._design import Design, GramCache
from ._homotopy import HomotopyFailed, lasso_homotopy
from ._iterative import enet_coordinate_descent, enet_proximal_gradient
from ._result import SolverResult
from ._working_set import enet_working_set

__all__ = ["alpha_grid", "elastic_net", "enet_path", "lasso", "lasso_path"]

_SOLVERS = ("auto", "working_set", "cd", "fista", "ista")
# with at most this many features, "auto" walks the exact Lasso path by homotopy on the Gram
# matrix, then certifies every point with its duality gap (see _homotopy.py)
HOMOTOPY_MAX_FEATURES = 64


class _Problem:
    """Validated data, centred target and the centred design (no copy of X)."""

    def __init__(self, X, y, fit_intercept, coef_init=None):
        self.X = check_design(X)
        n, p = self.X.shape
        if n == 0:
            raise ValueError("X must have at least one sample, got 0 rows")
        if p == 0:
            raise ValueError("X must have at least one feature, got 0 columns")
        y = check_target(y, n)
        self.dtype = self.X.dtype if self.X.dtype.kind == "f" else np.float64
        y = np.asarray(y, dtype=np.float64)
        self.fit_intercept = bool(fit_intercept)
        self.y_mean = float(y.mean()) if fit_intercept else 0.0
        self.y = y - self.y_mean if fit_intercept else y.copy()
        self.design = Design(self.X, fit_intercept)
        self.n_samples, self.n_features = n, p
        self.tol_unit = float(self.y @ self.y) / n
        if coef_init is None:
            self.w0 = np.zeros(p)
        else:
            w0 = np.asarray(coef_init, dtype=np.float64)
            if w0.shape != (p,):
                raise ValueError(f"coef_init must have shape ({p},), got {w0.shape}")
            if not np.isfinite(w0).all():
                raise ValueError("coef_init contains NaN or infinity")
            self.w0 = w0.copy()
        self._cache = None

    @property
    def cache(self):
        if self._cache is None:
            self._cache = GramCache(self.design, self.y)
        return self._cache

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
        return np.maximum(primal - dual, 0.0)

    def homotopy(self, lams, tol, max_iter, positive):
        """Exact path at ``lams`` (decreasing), certified point by point; None if unsuitable."""
        if self.n_features > HOMOTOPY_MAX_FEATURES or not (lams > 0).all():
            return None
        cache = self.cache
        pos = cache.ensure(np.arange(self.n_features))
        Q = cache.gram[np.ix_(pos, pos)]
        try:
            W = lasso_homotopy(Q, cache.xty[pos], lams, positive=positive)
        except HomotopyFailed:
            return None
        gaps = self.gaps(W, lams, positive)
        n_iter = np.ones(lams.size, dtype=np.intp)
        tol_abs = tol * self.tol_unit
        for i in np.flatnonzero(gaps > tol_abs):  # rounding: polish from the exact guess
            W[:, i], gaps[i], n_iter[i], _, _ = self.solve(
                lams[i], 0.0, W[:, i], tol, max_iter, positive, "working_set", False
            )
        return W, gaps, n_iter

    def intercept(self, w):
        if not self.fit_intercept:
            return 0.0
        return self.y_mean - float(self.design.mean @ w)

    def solve(self, l1, l2, w, tol, max_iter, positive, solver, record_history):
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
        if not ok:
            warnings.warn(
                f"Objective did not converge: duality gap {gap:.3e} above the tolerance "
                f"{tol_abs:.3e} (tol={tol} times ‖y‖²/n) after {n_iter} iterations "
                f"(max_iter={max_iter}; the working-set solver also stops when the gap stalls "
                "at rounding level). Increase max_iter, loosen tol or check the scaling of "
                "the data.",
                ConvergenceWarning,
                stacklevel=4,
            )
        return w, gap, n_iter, ok, history


def _check_solver(solver):
    if solver not in _SOLVERS:
        raise ValueError(f"solver must be one of {_SOLVERS}, got {solver!r}")
    return solver


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
):
    r"""Fit an elastic net with scikit-learn's objective, certified by the duality gap.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix: a dense array, a scipy.sparse matrix (used as CSC, never densified) or
        any object with a ``to_scipy()`` method.
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
        Stop once the duality gap is at most ``tol · ‖y − ȳ‖² / n`` (scikit-learn's rule).
    max_iter : int, default=1000
        Maximum number of iterations; reaching it warns with
        :class:`~sparsenorm.ConvergenceWarning`.
    coef_init : array-like of shape (n_features,), default=None
        Warm start.
    solver : {"auto", "working_set", "cd", "fista", "ista"}, default="auto"
        ``"auto"`` is the working-set solver; ``"cd"`` is plain cyclic coordinate descent
        (dense ``X``); ``"fista"`` and ``"ista"`` are proximal gradient, for teaching.
    record_history : bool, default=False
        Record the duality gap (and iterates, for the teaching solvers) at every iteration.

    Returns
    -------
    result : SolverResult
        ``coef``, ``intercept``, ``dual_gap``, ``n_iter``, ``converged`` and ``history``.

    Notes
    -----
    The objective is scikit-learn's :class:`~sklearn.linear_model.ElasticNet`:

    .. math:: \min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\rho\|w\|_1
              + \frac{\alpha(1-\rho)}{2}\|w\|_2^2 .

    The working-set solver alternates a full pass over ``X`` (correlations, duality gap,
    gap-safe screening, choice of the working set) with an exact solve of the problem
    restricted to the working set on its Gram matrix, by the feature-sign active-set method.
    It stops only when the duality gap, computed on the full problem, certifies ``tol``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import elastic_net
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> res = elastic_net(X, [1.0, 2.0, 3.0], alpha=0.1, l1_ratio=0.5, fit_intercept=False)
    >>> print(np.round(res.coef, 4), res.converged)
    [0.9462 1.8157] True
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_tol(tol)
    max_iter = check_max_iter(max_iter)
    solver = _check_solver(solver)
    prob = _Problem(X, y, fit_intercept, coef_init)
    l1, l2 = alpha * l1_ratio, alpha * (1.0 - l1_ratio)
    exact = None
    if solver == "auto" and l2 == 0.0 and not record_history:
        exact = prob.homotopy(np.array([l1]), tol, max_iter, bool(positive))
    if exact is not None:
        w, gap, n_iter, ok, history = exact[0][:, 0], exact[1][0], int(exact[2][0]), True, None
    else:
        w, gap, n_iter, ok, history = prob.solve(
            l1, l2, prob.w0, tol, max_iter, bool(positive), solver, record_history
        )
    return SolverResult(
        coef=w.astype(prob.dtype, copy=False),
        intercept=prob.intercept(w),
        dual_gap=gap,
        n_iter=n_iter,
        converged=ok,
        history=history,
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
        Stop once the duality gap is at most ``tol · ‖y − ȳ‖² / n``.
    max_iter : int, default=1000
        Maximum number of iterations (warns when reached).
    coef_init : array-like of shape (n_features,), default=None
        Warm start.
    solver : {"auto", "working_set", "cd", "fista", "ista"}, default="auto"
        See :func:`elastic_net`.
    record_history : bool, default=False
        Record the duality gap at every iteration.

    Returns
    -------
    result : SolverResult
        ``coef``, ``intercept``, ``dual_gap``, ``n_iter``, ``converged`` and ``history``.

    Notes
    -----
    .. math:: \min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\|w\|_1 .

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
    [0.8 0. ] True
    """
    return elastic_net(
        X,
        y,
        alpha,
        1.0,
        fit_intercept=fit_intercept,
        positive=positive,
        tol=tol,
        max_iter=max_iter,
        coef_init=coef_init,
        solver=solver,
        record_history=record_history,
    )


def alpha_grid(X, y, *, l1_ratio=1.0, eps=1e-3, n_alphas=100, fit_intercept=True, positive=False):
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
        Ratio ``alpha_min / alpha_max``.
    n_alphas : int, default=100
        Number of values.
    fit_intercept : bool, default=True
        Centre the data first.
    positive : bool, default=False
        Grid for the problem constrained to ``w >= 0``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        As scikit-learn's ``_alpha_grid``: ``alpha_max`` first, decreasing.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import alpha_grid
    >>> grid = alpha_grid(np.eye(2), [3.0, -1.0], n_alphas=3, eps=0.01, fit_intercept=False)
    >>> print(np.round(grid, 4))
    [1.5   0.15  0.015]
    """
    from .duality import lasso_alpha_max

    eps = check_nonnegative_scalar(eps, "eps", strictly_positive=True)
    n_alphas = check_max_iter(n_alphas, "n_alphas")
    a_max = lasso_alpha_max(
        X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept, positive=positive
    )
    if a_max <= np.finfo(float).resolution:
        return np.full(n_alphas, np.finfo(float).resolution)
    return np.geomspace(a_max, a_max * eps, num=n_alphas)


def enet_path(
    X,
    y,
    *,
    l1_ratio=0.5,
    eps=1e-3,
    n_alphas=100,
    alphas=None,
    fit_intercept=False,
    positive=False,
    tol=1e-4,
    max_iter=1000,
    coef_init=None,
    return_n_iter=False,
):
    r"""Elastic-net solutions along a decreasing grid of ``alpha``, each warm-started.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    l1_ratio : float, default=0.5
        Share of the L1 term, in (0, 1] for an automatic grid.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default=100
        Size of the automatic grid.
    alphas : array-like, default=None
        Explicit grid (solved in decreasing order, returned in that order).
    fit_intercept : bool, default=False
        Centre the data first (scikit-learn's ``enet_path`` never centres).
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    tol : float, default=1e-4
        Duality-gap tolerance at every point, relative to ``‖y‖²/n``.
    max_iter : int, default=1000
        Maximum iterations per point.
    coef_init : array-like of shape (n_features,), default=None
        Warm start of the first point.
    return_n_iter : bool, default=False
        Also return the iterations of each point.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The grid, decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
        Solutions.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap certified at each point.
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter=True``.

    Notes
    -----
    Warm starts make a path barely dearer than one fit: the solution at one ``alpha`` is
    close to the next one, and the working set and its Gram matrix are kept from point to
    point. With ``fit_intercept=True`` the intercepts are ``ȳ − x̄ᵀw``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import enet_path
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> alphas, coefs, gaps = enet_path(X, [1.0, 0.1, 1.1], l1_ratio=1.0, n_alphas=3)
    >>> print(coefs.shape, bool(np.all(coefs[:, 0] == 0)))
    (2, 3) True
    """
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_tol(tol)
    max_iter = check_max_iter(max_iter)
    prob = _Problem(X, y, fit_intercept, coef_init)
    if alphas is None:
        if l1_ratio == 0:
            raise ValueError("an automatic alpha grid needs l1_ratio > 0; pass alphas= explicitly")
        alphas = alpha_grid(
            prob.X,
            prob.y + prob.y_mean,
            l1_ratio=l1_ratio,
            eps=eps,
            n_alphas=n_alphas,
            fit_intercept=fit_intercept,
            positive=positive,
        )
    else:
        alphas = np.sort(np.asarray(alphas, dtype=np.float64).ravel())[::-1]
        if alphas.size == 0:
            raise ValueError("alphas must not be empty")
        if not np.isfinite(alphas).all() or (alphas < 0).any():
            raise ValueError("alphas must be finite and >= 0")
    coefs = np.empty((prob.n_features, alphas.size), dtype=prob.dtype)
    gaps = np.empty(alphas.size)
    n_iters = np.empty(alphas.size, dtype=np.intp)
    exact = prob.homotopy(alphas, tol, max_iter, bool(positive)) if l1_ratio == 1.0 else None
    if exact is not None:
        coefs[:], gaps[:], n_iters[:] = exact
        alphas_iter = ()
    else:
        alphas_iter = alphas
    w = prob.w0
    for i, alpha in enumerate(alphas_iter):
        w, gap, n_iter, _, _ = prob.solve(
            alpha * l1_ratio,
            alpha * (1 - l1_ratio),
            w,
            tol,
            max_iter,
            bool(positive),
            "auto",
            False,
        )
        coefs[:, i] = w
        gaps[i] = gap
        n_iters[i] = n_iter
    if return_n_iter:
        return alphas, coefs, gaps, n_iters
    return alphas, coefs, gaps


def lasso_path(
    X,
    y,
    *,
    eps=1e-3,
    n_alphas=100,
    alphas=None,
    fit_intercept=False,
    positive=False,
    tol=1e-4,
    max_iter=1000,
    coef_init=None,
    return_n_iter=False,
):
    r"""Lasso solutions along a decreasing grid of ``alpha``; see :func:`enet_path`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default=100
        Size of the automatic grid.
    alphas : array-like, default=None
        Explicit grid.
    fit_intercept : bool, default=False
        Centre the data first.
    positive : bool, default=False
        Constrain the coefficients to be ``>= 0``.
    tol : float, default=1e-4
        Duality-gap tolerance at every point, relative to ``‖y‖²/n``.
    max_iter : int, default=1000
        Maximum iterations per point.
    coef_init : array-like of shape (n_features,), default=None
        Warm start of the first point.
    return_n_iter : bool, default=False
        Also return the iterations of each point.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The grid, decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
        Solutions.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap certified at each point.
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter=True``.

    Notes
    -----
    At ``alpha_max = ‖Xᵀy‖∞ / n`` every coefficient is zero; as ``alpha`` decreases,
    coefficients leave zero one at a time, each when its correlation with the residual
    reaches ``alpha``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import lasso_path
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> alphas, coefs, gaps = lasso_path(X, [1.0, 0.1, 1.1], n_alphas=3)
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
        fit_intercept=fit_intercept,
        positive=positive,
        tol=tol,
        max_iter=max_iter,
        coef_init=coef_init,
        return_n_iter=return_n_iter,
    )
