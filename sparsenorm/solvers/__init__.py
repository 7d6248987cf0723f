"""Solvers: Lasso, elastic net and ridge with scikit-learn's objectives, certified by duality gaps.

The fast solver (``solver="auto"``) combines working sets, gap-safe screening and exact
active-set solves on the working set's Gram matrix; ``"fista"``, ``"ista"`` and ``"cd"`` are
the textbook methods, kept for teaching and comparison, with an iterate history.
scipy is imported only when a function needs it.
"""

from ._basis_pursuit import basis_pursuit
from ._lasso import alpha_grid, elastic_net, enet_path, lasso, lasso_path
from ._prox_grad import ProxGradResult, proximal_gradient
from ._result import SolverResult
from ._ridge import ridge
from .duality import enet_duality_gap, lasso_alpha_max, lasso_duality_gap, ridge_duality_gap

__all__ = [
    "ProxGradResult",
    "SolverResult",
    "alpha_grid",
    "basis_pursuit",
    "elastic_net",
    "enet_duality_gap",
    "enet_path",
    "lasso",
    "lasso_alpha_max",
    "lasso_duality_gap",
    "lasso_path",
    "proximal_gradient",
    "ridge",
    "ridge_duality_gap",
]
