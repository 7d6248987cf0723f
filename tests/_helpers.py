"""Helpers shared by several test modules (the fuzz suites and the estimator tests).

Imported as ``_helpers``: pytest puts ``tests/`` on ``sys.path`` (rootdir-less test files,
``importmode=prepend``).
"""

import math
import os
import warnings
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, settings

__all__ = ["diabetes", "fuzz_settings", "quiet", "to_float", "ulp"]

#: ``SPARSENORM_FUZZ_EXAMPLES=N`` runs every fuzz test with N random examples; unset (as in CI),
#: a small derandomised profile runs.
FUZZ_EXAMPLES = int(os.environ.get("SPARSENORM_FUZZ_EXAMPLES", "0"))

_LENIENT = (
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
)


def fuzz_settings(default_examples, suppress=_LENIENT):
    """The fuzz suites' hypothesis profile: ``default_examples`` derandomised examples in CI,
    ``SPARSENORM_FUZZ_EXAMPLES`` random ones when that is set; no deadline, no database."""
    return settings(
        max_examples=FUZZ_EXAMPLES or default_examples,
        derandomize=not FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(suppress),
    )


def to_float(value):
    """``float(value)`` correctly rounded, with infinity beyond float64's range."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def ulp(value, dtype):
    """Spacing of ``dtype`` at the float nearest the exact ``value`` (a Fraction or Decimal)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        v = np.abs(np.array(to_float(value)).astype(dtype))
        if not np.isfinite(v) or v == np.finfo(dtype).max:
            v = np.nextafter(np.finfo(dtype).max, 0, dtype=dtype)
        return Fraction(float(np.spacing(v, dtype=dtype)))


def quiet(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with every warning silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def diabetes():
    """scikit-learn's diabetes data set (bundled with scikit-learn, no download)."""
    from sklearn.datasets import load_diabetes

    return load_diabetes(return_X_y=True)
