"""Duality gaps: the certificates that tell how far a coefficient vector is from optimal.

Every gap here is ``P(w) − D(θ)`` for a dual-feasible ``θ`` built from the residual, so weak
duality makes it an upper bound of ``P(w) − P*`` (up to the rounding of the floating-point
evaluation, IEEE 754 binary64). It is ``inf`` where ``w`` is infeasible (a negative entry with
``positive=True``): ``P(w)`` itself is infinite there.
"""

import math

import numpy as np

from .._validation import as_float_array, check_l1_ratio, check_nonnegative_scalar
from ._checks import check_bool
from ._design import Data

__all__ = ["enet_duality_gap", "lasso_alpha_max", "lasso_duality_gap", "ridge_duality_gap"]


def _enet_gap(r, y, w, xta, l1, l2, n_samples, positive):
    """Gap of ``1/(2n)‖r‖² + l1‖w‖₁ + l2/2‖w‖²`` (``+ ι(w ≥ 0)`` when ``positive``).

    ``xta`` is ``Xcᵀr / n - l2 w``. Returns ``(gap, scale)`` with the dual point
    ``θ = scale · r``. With ``l1 = l2 = 0`` (least squares) no rescaling of the residual is
    dual feasible: the returned value is then ``‖Xcᵀr/n‖²``, a stopping rule only (the
    solvers certify least squares with :func:`_lsq_gap`).
    """
    if positive and w.size and w.min() < 0:
        return math.inf, 1.0
    r_norm2 = float(r @ r)
    if l1 == 0.0:
        if l2 == 0.0:
            return float(xta @ xta), 1.0
        # ridge: the dual point is the residual itself; with g = Xcᵀr/n the gap is
        # Σ_j h(w_j) + h*(g_j) − w_j g_j for h(w) = l2/2 w² (+ ι(w ≥ 0)), which is
        # (g_j − l2 w_j)²/(2 l2) where the constraint is inactive: a sum of terms >= 0
        t = xta / math.sqrt(2.0 * l2)  # (g − l2 w)²/(2 l2) without overflowing the square
        if positive:
            g = xta + l2 * w
            terms = np.where(g >= 0, t * t, w * (0.5 * l2 * w - g))
            return float(terms.sum()), 1.0
        return float(t @ t), 1.0
    w_l2 = float(w @ w) if l2 else 0.0
    dual_norm = float(xta.max(initial=0.0)) if positive else float(np.abs(xta).max(initial=0.0))
    w_l1 = float(np.abs(w).sum())
    return _enet_gap_parts(r_norm2, float(r @ y), w_l1, w_l2, dual_norm, l1, l2, n_samples)


def _enet_gap_parts(r_norm2, r_dot_y, w_l1, w_l2, dual_norm, l1, l2, n_samples):
    """:func:`_enet_gap` (``l1 > 0``) from its scalars; returns ``(gap, scale)``.

    The scalars are ``‖r‖²``, ``rᵀy``, ``‖w‖₁``, ``‖w‖²`` and the dual norm
    ``max|Xcᵀr/n − l2 w|`` (the ``max`` without the absolute value, at least 0, when
    ``positive``); the compiled inner loops report them.
    """
    primal = 0.5 * r_norm2 / n_samples + 0.5 * l2 * w_l2 + l1 * w_l1
    # a NaN dual norm gives a NaN scale, so a NaN gap (which proves and stops nothing)
    scale = l1 / dual_norm if dual_norm > l1 else (1.0 if dual_norm == dual_norm else math.nan)
    dual = -0.5 * scale**2 * (r_norm2 / n_samples + l2 * w_l2) + scale * r_dot_y / n_samples
    gap = primal - dual
    return (max(gap, 0.0) if gap == gap else gap), scale


def _lsq_gap(design, r):
    """``‖P r‖²`` for the orthogonal projection ``P`` onto the range of the dense ``Xc``.

    It is ``‖r‖² − ‖r*‖²``, the least-squares objective's distance to its minimum, that is the
    duality gap at the dual point ``θ = (I − P) r``, which satisfies ``Xcᵀθ = 0`` (up to the
    rank cut-off of :func:`numpy.linalg.lstsq`'s default ``rcond``).
    """
    n, p = design.shape
    Xc = design.centred_columns(np.arange(p))
    U, s, _ = np.linalg.svd(Xc, full_matrices=False)
    keep = s > s.max(initial=0.0) * max(n, p) * np.finfo(np.float64).eps
    proj = U[:, keep].T @ r
    return float(proj @ proj)


def _check_w(w, n_features):
    w = np.asarray(as_float_array(w, "w"), dtype=np.float64)
    if w.shape != (n_features,):
        raise ValueError(f"w must have shape ({n_features},), got {w.shape}")
    return w


def _data(X, y, fit_intercept, sample_weight, normalize_weights):
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    data = Data(
        X,
        y,
        fit_intercept=fit_intercept,
        sample_weight=sample_weight,
        normalize_weights=normalize_weights,
    )
    if data.n_samples == 0:
        raise ValueError("X must have at least one sample, got 0 rows")
    if data.n_features == 0:
        raise ValueError("X must have at least one feature, got 0 columns")
    return data


def _residual(data, w):
    return data.y - data.design.matvec(w)


def enet_duality_gap(
    X, y, w, alpha, l1_ratio=0.5, *, fit_intercept=False, positive=False, sample_weight=None
):
    r"""Duality gap of the elastic net at ``w`` (scikit-learn's objective).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Design matrix.
    y : array-like of shape (n_samples,)
        Target.
    w : array-like of shape (n_features,)
        Coefficients at which the gap is evaluated.
    alpha : float
        Regularisation strength, ``>= 0``. ``alpha = 0`` (least squares) is accepted for dense
        ``X`` without ``positive``; see Notes.
    l1_ratio : float, default=0.5
        Share of the L1 term, in [0, 1].
    fit_intercept : bool, default=False
        Centre ``X`` and ``y`` first (the intercept is then optimal for any ``w``).
    positive : bool, default=False
        Gap of the problem constrained to ``w >= 0``: infinite at a ``w`` with a negative
        entry.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples, rescaled to sum to ``n_samples`` as scikit-learn's
        :class:`~sklearn.linear_model.ElasticNet` does.

    Returns
    -------
    gap : numpy.float64
        ``P(w) - D(θ) >= P(w) - P*``, a computable bound on the sub-optimality of ``w``.

    Notes
    -----
    The primal is (with weights :math:`s_i` summing to :math:`n`, all ones by default)

    .. math:: P(w) = \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w)^2 + \alpha\rho\|w\|_1
              + \frac{\alpha(1-\rho)}{2}\|w\|_2^2 .

    With :math:`r = y - Xw` (rows scaled by :math:`\sqrt{s_i}`) and
    :math:`g = X^\top r / n - \alpha(1-\rho) w`, the dual point is the residual rescaled into
    the dual feasible set, :math:`s = \min(1, \alpha\rho / \|g\|_\infty)`, and

    .. math:: D = \frac{s}{n} r^\top y - \frac{s^2}{2}\Big(\frac{\|r\|^2}{n}
              + \alpha(1-\rho)\|w\|^2\Big),

    which is scikit-learn's ``dual_gap_`` (its coordinate descent reports ``n`` times less
    after dividing). With ``l1_ratio = 0`` (ridge) the dual point is the residual itself and
    the gap is :math:`\|g\|^2 / (2\alpha)`. With ``alpha = 0`` (least squares) no rescaled
    residual is dual feasible; the gap is then taken at the dual point
    :math:`\theta = (I - P)r`, with :math:`P` the projection onto the range of :math:`X`
    (from its SVD), which makes it exactly :math:`P(w) - P^*`; that needs a dense ``X`` and
    ``positive=False`` (otherwise a ``ValueError``).

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
    positive = check_bool(positive, "positive")
    data = _data(X, y, fit_intercept, sample_weight, True)
    w = _check_w(w, data.n_features)
    if positive and w.min() < 0:
        return np.float64(np.inf)
    l1, l2 = data.alpha_in(alpha * l1_ratio, alpha * (1.0 - l1_ratio))
    if data.l1_capped and np.any(w != 0):
        raise ValueError(
            "alpha is too large relative to the scale of X and y to evaluate the gap at a "
            "non-zero w (alpha · ‖w‖₁ is beyond float64's range once rescaled)"
        )
    if data.inexact:
        return np.float64(np.inf)
    w_s = data.scale_coef_in(w)
    r = _residual(data, w_s)
    n = data.n_samples
    if l1 == 0.0 and l2 == 0.0:
        _check_lsq(data, positive)
        return np.float64(data.objective_out(_lsq_gap(data.design, r) / (2.0 * n)))
    xta = data.design.rmatvec(r) / n
    if l2:
        xta -= l2 * w_s
    gap = _enet_gap(r, data.y, w_s, xta, l1, l2, n, positive)[0]
    return np.float64(data.objective_out(gap))


def _check_lsq(data, positive):
    if data.design.sparse or positive:
        what = "a sparse X" if data.design.sparse else "positive=True"
        raise ValueError(
            f"alpha must be > 0 for the duality gap with {what}: at alpha = 0 (least squares) "
            "the gap needs the projection onto the range of a dense X, without constraints"
        )


def lasso_duality_gap(X, y, w, alpha, *, fit_intercept=False, positive=False, sample_weight=None):
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
        Gap of the problem constrained to ``w >= 0`` (infinite where ``w`` has a negative
        entry).
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples, rescaled to sum to ``n_samples`` as in scikit-learn.

    Returns
    -------
    gap : numpy.float64
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
    return enet_duality_gap(
        X,
        y,
        w,
        alpha,
        1.0,
        fit_intercept=fit_intercept,
        positive=positive,
        sample_weight=sample_weight,
    )


def ridge_duality_gap(X, y, w, alpha, *, fit_intercept=False, positive=False, sample_weight=None):
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
        Regularisation strength, ``>= 0``. ``alpha = 0`` (least squares) is accepted for dense
        ``X`` without ``positive``; see :func:`enet_duality_gap`.
    fit_intercept : bool, default=False
        Centre ``X`` and ``y`` first.
    positive : bool, default=False
        Gap of the problem constrained to ``w >= 0`` (infinite where ``w`` has a negative
        entry).
    sample_weight : array-like of shape (n_samples,), default=None
        Weights ``s_i`` of the squared residuals, as in scikit-learn's
        :class:`~sklearn.linear_model.Ridge` (not rescaled).

    Returns
    -------
    gap : numpy.float64
        Upper bound on :math:`P(w) - P^*`.

    Notes
    -----
    With :math:`P(w) = \sum_i s_i (y_i - x_i^\top w)^2 + \alpha\|w\|^2`, the residual
    :math:`r` (rows scaled by :math:`\sqrt{s_i}`) as dual point and :math:`g = X^\top r`,

    .. math:: P(w) - D(r) = 2\Big(\|r\|^2 - r^\top y + \frac{\alpha}{2}\|w\|^2
              + \frac{1}{2\alpha}\|g\|^2\Big) = \frac{1}{\alpha}\|g - \alpha w\|^2,

    which vanishes exactly at :math:`w^* = (X^\top X + \alpha I)^{-1}X^\top y`. With
    ``positive=True`` the term of a coordinate with :math:`g_j < 0` is
    :math:`2 w_j(\alpha w_j / 2 - g_j)` instead.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.solvers import ridge_duality_gap
    >>> X, y = np.eye(2), np.array([2.0, 0.0])
    >>> print(round(ridge_duality_gap(X, y, np.array([1.0, 0.0]), alpha=1.0), 6))
    0.0
    """
    alpha = check_nonnegative_scalar(alpha, "alpha")
    positive = check_bool(positive, "positive")
    data = _data(X, y, fit_intercept, sample_weight, False)
    w = _check_w(w, data.n_features)
    if positive and w.min() < 0:
        return np.float64(np.inf)
    alpha_s = data.ridge_alpha_in(alpha)
    if data.inexact:
        return np.float64(np.inf)
    if alpha_s == 0.0:
        _check_lsq(data, positive)
    w_s = data.scale_coef_in(w)
    gap = _ridge_gap(data.design, data.y, w_s, alpha_s, positive)
    return np.float64(data.objective_out(gap))


def _ridge_gap(design, y, w, alpha, positive):
    """Gap of ``‖r‖² + α‖w‖²`` (``+ ι(w ≥ 0)``) on rescaled data: ``2n`` times the enet gap."""
    n = y.shape[0]
    r = y - design.matvec(w)
    if alpha == 0.0:
        if design.sparse or positive:
            return math.inf
        return _lsq_gap(design, r)
    l2 = alpha / n
    xta = design.rmatvec(r) / n - l2 * w
    return 2.0 * n * _enet_gap(r, y, w, xta, 0.0, l2, n, positive)[0]


def lasso_alpha_max(X, y, *, l1_ratio=1.0, fit_intercept=True, positive=False, sample_weight=None):
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
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples (as in scikit-learn's ``_alpha_grid``).

    Returns
    -------
    alpha_max : numpy.float64
        :math:`\|X^\top y\|_\infty / (n\rho)` (:math:`\max(\max_j x_j^\top y, 0)/(n\rho)` with
        ``positive``), on centred data with ``fit_intercept``.

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
    positive = check_bool(positive, "positive")
    data = _data(X, y, fit_intercept, sample_weight, True)
    xty = data.design.rmatvec(data.y) / data.n_samples  # as the solvers compute it
    top = max(float(xty.max()), 0.0) if positive else float(np.abs(xty).max())
    return np.float64(data.alpha_max_out(top / l1_ratio))
