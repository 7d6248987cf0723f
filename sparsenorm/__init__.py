"""sparsenorm: why an L1 penalty produces sparse models, with the tools to show it.

``import sparsenorm`` needs only numpy: the core (norms, gradients, proximal operators,
penalties), the solvers and the sparse-tensor helpers (:mod:`sparsenorm.sparse`). scipy is
imported lazily where it makes a kernel faster. The scikit-learn estimators ``Lasso``,
``ElasticNet`` and ``Ridge`` (module :mod:`sparsenorm.estimators`) need scikit-learn, an
optional dependency (``pip install "sparsenorm[sklearn]"``): they are loaded on first access
(PEP 562), so scikit-learn is imported only then. They are listed in ``__all__`` when
scikit-learn is installed (found without importing it), so ``from sparsenorm import *`` works
with or without it.
"""

from importlib import import_module
from importlib.util import find_spec

from . import descent, exceptions, grad, norms, penalties, prox, solvers, sparse
from .descent import *  # noqa: F403
from .exceptions import *  # noqa: F403
from .grad import *  # noqa: F403
from .norms import *  # noqa: F403
from .penalties import *  # noqa: F403
from .prox import *  # noqa: F403
from .solvers import *  # noqa: F403

__version__ = "0.1.0"

# loaded on first access by __getattr__: they import scikit-learn
_ESTIMATORS = ("ElasticNet", "Lasso", "Ridge")

__all__ = [
    *norms.__all__,
    *grad.__all__,
    *prox.__all__,
    *penalties.__all__,
    *descent.__all__,
    *solvers.__all__,
    *exceptions.__all__,
    *(_ESTIMATORS if find_spec("sklearn") is not None else ()),
    "sparse",
]


def __getattr__(name):
    """Load the estimators (and scikit-learn) on first access (PEP 562)."""
    if name in _ESTIMATORS or name == "estimators":
        module = import_module(".estimators", __name__)
        value = module if name == "estimators" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_ESTIMATORS, "estimators"})
