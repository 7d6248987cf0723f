"""The value returned by every solver function."""

from dataclasses import dataclass, field

import numpy as np

__all__ = ["SolverResult"]


@dataclass(frozen=True)
class SolverResult:
    r"""Solution of one regularised least-squares problem and its certificate.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        Coefficients ``w``: float32 for float32 ``X``, float64 for every other dtype
        (scikit-learn's rule).
    intercept : numpy.float32 or numpy.float64
        Intercept ``b`` (0 without ``fit_intercept``), a numpy scalar of the dtype of
        ``coef``.
    dual_gap : numpy.float64
        Duality gap at ``coef``: an upper bound on the objective's distance to its minimum,
        in the units of the objective (up to the rounding of its evaluation); ``inf`` where
        no certificate could be computed.
    n_iter : int
        Iterations run (full passes over the data for the working-set solver, epochs for
        coordinate descent, gradient steps for proximal gradient).
    converged : bool
        True exactly when ``dual_gap`` is finite and at most the tolerance; otherwise the
        solver also warned with :class:`~sparsenorm.ConvergenceWarning`.
    history : dict or None
        With ``record_history=True``: lists ``"n_iter"``, ``"time"`` (seconds since the
        start), ``"dual_gap"`` and, for proximal gradient and coordinate descent, ``"coef"``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm import lasso
    >>> res = lasso(np.eye(3), [3.0, 0.1, -2.0], alpha=0.2, fit_intercept=False)
    >>> print(res.coef, res.converged, res.dual_gap <= 1e-4 * (9.01 + 4.0) / 3)
    [ 2.4  0.  -1.4] True True
    """

    coef: np.ndarray
    intercept: np.floating
    dual_gap: np.float64
    n_iter: int
    converged: bool
    history: dict | None = field(default=None, repr=False)
