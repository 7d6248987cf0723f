"""sparsenorm: why an L1 penalty produces sparse models, with the tools to show it.

The core (norms, gradients, proximal operators, penalties) and the sparse-tensor helpers
(:mod:`sparsenorm.sparse`) need only numpy; scipy is used lazily where it makes a kernel faster.
"""

from . import descent, grad, norms, penalties, prox, sparse
from .descent import *  # noqa: F403
from .grad import *  # noqa: F403
from .norms import *  # noqa: F403
from .penalties import *  # noqa: F403
from .prox import *  # noqa: F403

# solvers and scikit-learn-compatible estimators (issue 5); neither imports scipy or sklearn
from . import estimators, exceptions, solvers
from .estimators import ElasticNet, Lasso, Ridge
from .exceptions import ConvergenceWarning
from .solvers import *  # noqa: F403

__version__ = "0.1.0"

__all__ = [
    *norms.__all__,
    *grad.__all__,
    *prox.__all__,
    *penalties.__all__,
    *descent.__all__,
    *solvers.__all__,
    "ElasticNet",
    "Lasso",
    "Ridge",
    "ConvergenceWarning",
]
