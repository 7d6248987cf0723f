"""Duality gaps: the certificates that tell how far a coefficient vector is from optimal."""

import numpy as np

from .._validation import check_l1_ratio, check_nonnegative_scalar
from ._checks import check_design, check_target
from ._design import Design

__all__ = ["enet_duality_gap", "lasso_alpha_max", "lasso_duality_gap", "ridge_duality_gap"]


def _enet_gap(r, y, w, xta, l1, l2, n_samples, positive):
    """Gap of ``1/(2n)‖r‖² + l1‖w‖₁ + l2/2‖w‖²`` at the rescaled-residual dual point.

    ``xta`` is ``Xcᵀr / n - l2 w``. Returns ``(gap, scale)`` with the dual point
    ``θ = scale · r / (n l1)``.
    """
    r_norm2 = float(r @ r)
    w_l2 = float(w @ w) if l2 else 0.0
    primal = 0.5 * r_norm2 / n_samples + 0.5 * l2 * w_l2 + l1 * float(np.abs(w).sum())
    if l1 == 0.0:
        if l2 == 0.0:
            # least squares: no dual; report the squared norm of the gradient, as scikit-learn
            return float(xta @ xta), 1.0
        # ridge: the dual point is the residual itself (formulation B of scikit-learn)
        gap = (r_norm2 - float(r @ y)) / n_samples + 0.5 * l2 * w_l2 + 0.5 / l2 * float(xta @ xta)
        return max(gap, 0.0), 1.0
    dual_norm = float(xta.max(initial=0.0)) if positive else float(np.abs(xta).max(initial=0.0))
    scale = l1 / dual_norm if dual_norm > l1 else 1.0
    dual = -0.5 * scale**2 * (r_norm2 / n_samples + l2 * w_l2) + scale * float(r @ y) / n_samples
    return max(primal - dual, 0.0), scale


def _prepare(X, y, w, fit_intercept):
    X = check_design(X)
    y = check_target(y, X.shape[0])
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (X.shape[1],):
        raise ValueError(f"w must have shape ({X.shape[1]},), got {w.shape}")
    design = Design(X, fit_intercept)
    y = np.asarray(y, dtype=np.float64)
    if fit_intercept:
        y = y - y.mean()
    r = y - design.matvec(w)
    return design, y, w, r


def enet_duality_gap(X, y, w, alpha, l1_ratio=0.5, *, fit_intercept=False, positive=False):
    r"""Duality gap of the elastic net at ``w`` (scikit-learn's objective, divided by nothing).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    w : array-like of shape (n_features,)
        Coefficients at which the gap is evaluated.
    alpha : float
        Regularisation strength.
    l1_ratio : float, default=0.5
        Share of the L1 term, in [0, 1].
    fit_intercept : bool, default=False
        Centre ``X`` and ``y`` first (the intercept is then optimal for any ``w``).
    positive : bool, default=False
        Gap of the problem constrained to ``w >= 0``.

    Returns
    -------
    gap : float
        ``P(w) - D(θ) >= P(w) - P*``, a computable bound on the sub-optimality of ``w``.

    Notes
    -----
    The primal is

    .. math:: P(w) = \frac{1}{2n}\|y - Xw\|_2^2 + \alpha\rho\|w\|_1
              + \frac{\alpha(1-\rho)}{2}\|w\|_2^2 .

    With :math:`r = y - Xw` and :math:`g = X^\top r / n - \alpha(1-\rho) w`, the dual point is
    the residual rescaled into the dual feasible set,
    :math:`s = \min(1, \alpha\rho / \|g\|_\infty)`, and

    .. math:: D = \frac{s}{n} r^\top y - \frac{s^2}{2}\Big(\frac{\|r\|^2}{n}
              + \alpha(1-\rho)\|w\|^2\Big),

    which is scikit-learn's ``dual_gap_`` (its coordinate descent reports ``n`` times less
    after dividing). Weak duality makes :math:`P(w) - D` an upper bound of :math:`P(w) - P^*`.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import enet_duality_gap
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> y = np.array([1.0, 0.0])
    >>> print(round(enet_duality_gap(X, y, np.zeros(2), alpha=0.1, l1_ratio=1.0), 6))
    0.16
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    l1_ratio = check_l1_ratio(l1_ratio)
    design, y, w, r = _prepare(X, y, w, fit_intercept)
    n = y.shape[0]
    l1, l2 = alpha * l1_ratio, alpha * (1.0 - l1_ratio)
    xta = design.rmatvec(r) / n - l2 * w
    return _enet_gap(r, y, w, xta, l1, l2, n, positive)[0]


def lasso_duality_gap(X, y, w, alpha, *, fit_intercept=False, positive=False):
    r"""Duality gap of the Lasso at ``w``; see :func:`enet_duality_gap`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    w : array-like of shape (n_features,)
        Coefficients.
    alpha : float
        Regularisation strength.
    fit_intercept : bool, default=False
        Centre ``X`` and ``y`` first.
    positive : bool, default=False
        Gap of the problem constrained to ``w >= 0``.

    Returns
    -------
    gap : float
        Upper bound on :math:`P(w) - P^*` for
        :math:`P(w) = \frac{1}{2n}\|y - Xw\|^2 + \alpha\|w\|_1`.

    Notes
    -----
    With :math:`r = y - Xw`, the dual point is :math:`\theta = s\,r` with
    :math:`s = \min(1, n\alpha / \|X^\top r\|_\infty)` and

    .. math:: D(\theta) = \frac{1}{n}\theta^\top y - \frac{1}{2n}\|\theta\|^2 .

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import lasso_duality_gap
    >>> X = np.eye(2)
    >>> y = np.array([1.0, 0.0])
    >>> print(round(lasso_duality_gap(X, y, np.array([0.8, 0.0]), alpha=0.1), 6))
    0.0
    """
    return enet_duality_gap(X, y, w, alpha, 1.0, fit_intercept=fit_intercept, positive=positive)


def ridge_duality_gap(X, y, w, alpha, *, fit_intercept=False):
    r"""Duality gap of scikit-learn's Ridge objective :math:`\|y - Xw\|^2 + \alpha\|w\|^2`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    w : array-like of shape (n_features,)
        Coefficients.
    alpha : float
        Regularisation strength, ``> 0``.
    fit_intercept : bool, default=False
        Centre ``X`` and ``y`` first.

    Returns
    -------
    gap : float
        Upper bound on :math:`P(w) - P^*`.

    Notes
    -----
    With the residual :math:`r` as dual point,

    .. math:: P(w) - D(r) = 2\Big(\|r\|^2 - r^\top y + \frac{\alpha}{2}\|w\|^2
              + \frac{1}{2\alpha}\|X^\top r\|^2\Big),

    which vanishes exactly at :math:`w^* = (X^\top X + \alpha I)^{-1}X^\top y`.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import ridge_duality_gap
    >>> X, y = np.eye(2), np.array([2.0, 0.0])
    >>> print(round(ridge_duality_gap(X, y, np.array([1.0, 0.0]), alpha=1.0), 6))
    0.0
    """
    alpha = check_nonnegative_scalar(alpha, "alpha", strictly_positive=True)
    design, y, w, r = _prepare(X, y, w, fit_intercept)
    n = y.shape[0]
    # ‖r‖² + α‖w‖² = 2n · (1/(2n)‖r‖² + (α/n)/2 ‖w‖²)
    l2 = alpha / n
    xta = design.rmatvec(r) / n - l2 * w
    return 2.0 * n * _enet_gap(r, y, w, xta, 0.0, l2, n, False)[0]


def lasso_alpha_max(X, y, *, l1_ratio=1.0, fit_intercept=True, positive=False):
    r"""Smallest ``alpha`` whose Lasso (or elastic net) solution is exactly zero.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    l1_ratio : float, default=1.0
        Share of the L1 term, in (0, 1].
    fit_intercept : bool, default=True
        Centre ``X`` and ``y`` first.
    positive : bool, default=False
        For the problem constrained to ``w >= 0``.

    Returns
    -------
    alpha_max : float
        :math:`\|X^\top y\|_\infty / (n\rho)`.

    Notes
    -----
    :math:`w = 0` is optimal exactly when :math:`0 \in \partial P(0)`, that is when
    :math:`|x_j^\top y| / n \le \alpha\rho` for every feature: the subdifferential of
    :math:`|w_j|` at zero is the whole interval :math:`[-1, 1]`, which is why a finite
    ``alpha`` already sets every coefficient to exactly zero.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import lasso_alpha_max
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> print(lasso_alpha_max(X, [3.0, -1.0], fit_intercept=False))
    1.5
    """
    l1_ratio = check_l1_ratio(l1_ratio)
    if l1_ratio == 0:
        raise ValueError("l1_ratio must be > 0 for alpha_max to exist, got 0.0")
    X = check_design(X)
    y = np.asarray(check_target(y, X.shape[0]), dtype=np.float64)
    design = Design(X, fit_intercept)
    if fit_intercept:
        y = y - y.mean()
    xty = design.rmatvec(y)
    top = max(float(xty.max(initial=0.0)), 0.0) if positive else float(np.abs(xty).max(initial=0))
    return top / (X.shape[0] * l1_ratio)
