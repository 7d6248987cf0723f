"""Shared timing helpers for the benchmarks: medians of repeated runs, side by side."""

import os
import statistics
import sys
import time

__all__ = ["median_seconds", "print_table", "use_native_blas"]

_OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def use_native_blas():
    """Re-run this script without the machine's OpenBLAS overrides (for benchmarks only).

    Some machines here set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE to work around old OpenBLAS
    builds; they slow a current numpy. They must be unset before numpy loads, so the script
    re-executes itself once without them. Tests and CI keep them.
    """
    if any(name in os.environ for name in _OPENBLAS_OVERRIDES):
        env = {k: v for k, v in os.environ.items() if k not in _OPENBLAS_OVERRIDES}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)


def median_seconds(function, *, repeat=15, warmup=2):
    """Median wall time of ``function()`` over ``repeat`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_table(title, rows, columns):
    """Print rows of equal-length tuples under ``columns`` as an aligned text table."""
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(columns)]
    print(f"\n{title}")
    print("  ".join(str(c).ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
