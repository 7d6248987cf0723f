"""sparsenorm: why an L1 penalty produces sparse models, with the tools to show it.

Everything needs only numpy at import time: the core (norms, gradients, proximal operators,
penalties), the solvers and scikit-learn-compatible estimators, and the sparse-tensor helpers
(:mod:`sparsenorm.sparse`). scipy is imported lazily where it makes a kernel faster, and
scikit-learn only by the estimators' optional checks.
"""

from . import descent, estimators, exceptions, grad, norms, penalties, prox, solvers, sparse
from .descent import *  # noqa: F403
from .estimators import *  # noqa: F403
from .exceptions import *  # noqa: F403
from .grad import *  # noqa: F403
from .norms import *  # noqa: F403
from .penalties import *  # noqa: F403
from .prox import *  # noqa: F403
from .solvers import *  # noqa: F403

__version__ = "0.1.0"

__all__ = [
    *norms.__all__,
    *grad.__all__,
    *prox.__all__,
    *penalties.__all__,
    *descent.__all__,
    *solvers.__all__,
    *estimators.__all__,
    *exceptions.__all__,
    "sparse",
]
