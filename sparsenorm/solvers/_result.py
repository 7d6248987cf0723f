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
        Coefficients ``w`` (dtype of ``X`` when it is floating).
    intercept : float
        Intercept ``b`` (0.0 without ``fit_intercept``).
    dual_gap : float
        Duality gap at ``coef``: a proven upper bound on the objective's distance to its
        minimum, in the units of the objective.
    n_iter : int
        Iterations run (full passes over the data for the working-set solver, epochs for
        coordinate descent, gradient steps for proximal gradient).
    converged : bool
        Whether ``dual_gap`` reached the tolerance before ``max_iter``.
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
    intercept: float
    dual_gap: float
    n_iter: int
    converged: bool
    history: dict | None = field(default=None, repr=False)
