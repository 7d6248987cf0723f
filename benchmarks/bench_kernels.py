"""Kernels on a 1e7-element float64 vector, and the cost of ``import sparsenorm``.

Every contender runs in the same process, interleaved, and is reported as a median and as a
ratio. Goals (issue 2): ``l1_norm`` >= 3x faster than ``np.linalg.norm(x, 1)``; ``prox_l1`` >= 3x
faster than the textbook soft threshold and allocating only its output; both within 2x of one
memory pass (``np.copyto`` into a fresh array); ``import sparsenorm`` well under the ~1 s of
``import sklearn.linear_model``.
"""

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import median_seconds, print_table, use_native_blas

use_native_blas()  # before numpy loads

import numpy as np  # noqa: E402

import sparsenorm as sn  # noqa: E402

N = 10_000_000
THRESHOLD = 0.5


def textbook_soft_threshold(x, t):
    return np.sign(x) * np.maximum(np.abs(x) - t, 0)


def peak_allocation(function):
    """Peak bytes numpy allocates while ``function`` runs (numpy reports to tracemalloc)."""
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def import_seconds(statement, repeat=5):
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(result.stdout))
    return float(np.median(times))


def main():
    x = np.random.default_rng(0).standard_normal(N)
    sn.l1_norm(x)  # first call imports scipy's BLAS lazily: not part of the steady state

    copy = median_seconds(lambda: np.copyto(np.empty_like(x), x))
    timings = {
        "one memory pass (np.copyto into a new array)": copy,
        "np.linalg.norm(x, 1)": median_seconds(lambda: np.linalg.norm(x, 1)),
        "sn.l1_norm(x)": median_seconds(lambda: sn.l1_norm(x)),
        "textbook np.sign(x) * np.maximum(np.abs(x) - t, 0)": median_seconds(
            lambda: textbook_soft_threshold(x, THRESHOLD)
        ),
        "sn.prox_l1(x, t)": median_seconds(lambda: sn.prox_l1(x, THRESHOLD)),
    }
    rows = [(name, f"{1e3 * s:.2f}", f"{s / copy:.2f}") for name, s in timings.items()]
    print_table(
        f"Kernels on {N:.0e} float64 ({os.cpu_count()} cores; medians of 15 runs)",
        rows,
        ["contender", "ms", "x one memory pass"],
    )

    l1_speedup = timings["np.linalg.norm(x, 1)"] / timings["sn.l1_norm(x)"]
    prox_speedup = (
        timings["textbook np.sign(x) * np.maximum(np.abs(x) - t, 0)"] / timings["sn.prox_l1(x, t)"]
    )
    prox_peak = peak_allocation(lambda: sn.prox_l1(x, THRESHOLD))
    textbook_peak = peak_allocation(lambda: textbook_soft_threshold(x, THRESHOLD))
    print(f"\nl1_norm speed-up over np.linalg.norm(x, 1): {l1_speedup:.1f}x (goal >= 3)")
    print(f"prox_l1 speed-up over the textbook soft threshold: {prox_speedup:.1f}x (goal >= 3)")
    print(
        f"l1_norm / one memory pass: {timings['sn.l1_norm(x)'] / copy:.2f}; "
        f"prox_l1 / one memory pass: {timings['sn.prox_l1(x, t)'] / copy:.2f} (goal <= 2)"
    )
    print(
        f"peak allocation: prox_l1 {prox_peak / x.nbytes:.3f} x output size, "
        f"textbook {textbook_peak / x.nbytes:.2f} x (goal: prox_l1 allocates only its output)"
    )

    sparsenorm_import = import_seconds("import sparsenorm")
    sklearn_import = import_seconds("import sklearn.linear_model")
    print_table(
        "Import time in a fresh interpreter (median of 5)",
        [
            ("import sparsenorm", f"{1e3 * sparsenorm_import:.0f}"),
            ("import sklearn.linear_model", f"{1e3 * sklearn_import:.0f}"),
        ],
        ["statement", "ms"],
    )


if __name__ == "__main__":
    main()
