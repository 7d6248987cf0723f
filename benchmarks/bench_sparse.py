"""sparsenorm.sparse against scipy.sparse across shapes and densities, side by side (ratios).

The grid (issue 13): three shapes, wide (2000 x 50 000), square (20 000 x 20 000) and tall
(100 000 x 2000), at densities 1e-4, 1e-3, 1e-2 and 1e-1. A shape is scaled down, keeping its
aspect ratio, where its density would store more than 1e6 entries, so the size shrinks as the
density grows (1e4 to 1e6 stored entries). Each matrix is drawn as random (row, column) pairs,
so a few coordinates repeat. On each matrix:

- CSR @ vector, CSC @ vector, CSR @ matrix and CSC @ matrix, with a dense (ncols, 8) matrix
  (target: within 1.5x of scipy.sparse);
- COO -> CSR from the raw draws (unsorted, with duplicates), the general case, and from a
  coalesced COO (target: within 2x of scipy.sparse's ``tocsr``);
- for the record: CSC @ a vector with 1 % non-zeros (Lasso-like weights; sparsenorm computes
  the full product, every column multiplied, as scipy does), CSR -> CSC, and COO coalescing.

The two contenders of each line run back to back in every repeat (one BLAS thread each, via
threadpoolctl); the ratio is the median of the per-pair ratios, which a burst of load from
another program disturbs less than a ratio of medians. Every result is checked against scipy's
before it is timed. After the rows, each operation's median and worst ratio over the grid and
the verdict against its target. ``--quick`` times the densities 1e-4 and 1e-2 only, with a
smaller time budget per row. Run it with ``nox -s bench`` or ``python
benchmarks/bench_sparse.py``; it re-runs itself without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
where the machine sets them.
"""

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import use_native_blas

use_native_blas()  # before numpy loads

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from sparsenorm.sparse import COO  # noqa: E402

SHAPES = {"wide": (2000, 50_000), "square": (20_000, 20_000), "tall": (100_000, 2000)}
DENSITIES = (1e-4, 1e-3, 1e-2, 1e-1)
QUICK_DENSITIES = (1e-4, 1e-2)
MAX_NSE = 1_000_000
K = 8  # columns of the dense matrix operand
PRODUCT_TARGET, CONVERSION_TARGET = 1.5, 2.0


def cell_shape(shape, density, max_nse=MAX_NSE):
    """``shape`` scaled down (aspect ratio kept) so that ``density`` stores at most ``max_nse``."""
    m, n = shape
    scale = min(1.0, math.sqrt(max_nse / (density * m * n)))
    return round(m * scale), round(n * scale)


def paired_times(ours, theirs, repeat):
    """Median seconds of each callable and the median of the paired ratios.

    The two run back to back in every repeat (in alternating order), so a burst of load from
    another program tends to hit both members of a pair; the median of the per-pair ratios is
    then steadier on a shared machine than the ratio of the two medians.
    """
    t_ours, t_theirs = [], []
    for k in range(repeat):
        pair = [(ours, t_ours), (theirs, t_theirs)]
        for fn, record in pair if k % 2 == 0 else pair[::-1]:
            start = time.perf_counter()
            fn()
            record.append(time.perf_counter() - start)
    ratios = np.array(t_ours) / np.array(t_theirs)
    return float(np.median(t_ours)), float(np.median(t_theirs)), float(np.median(ratios))


def repeats_for(ours, theirs, budget, low=5, high=101):
    """An odd number of pairs that fits ``budget`` seconds, from one untimed call of each."""
    start = time.perf_counter()
    ours()
    theirs()
    pair = time.perf_counter() - start
    count = int(np.clip(budget / max(pair, 1e-9), low, high))
    return count if count % 2 else count + 1


def assert_same_compressed(ours, theirs, pointers, indices):
    """Our compressed arrays equal scipy's (pointers, indices exactly; values to rounding)."""
    assert np.array_equal(getattr(ours, pointers)(), theirs.indptr)
    assert np.array_equal(getattr(ours, indices)(), theirs.indices)
    np.testing.assert_allclose(ours.values(), theirs.data, rtol=1e-12, atol=1e-12)


def cases(shape, density, rng):
    """The timed lines of one matrix: (operation, ours, scipy's, target), results checked."""
    m, n = shape
    draws = round(density * m * n)
    rows, cols = rng.integers(0, m, draws), rng.integers(0, n, draws)
    vals = rng.standard_normal(draws)
    x, X = rng.standard_normal(n), rng.standard_normal((n, K))
    w = np.where(rng.random(n) < 0.01, rng.standard_normal(n), 0.0)  # Lasso-like weights

    raw = COO(np.stack([rows, cols]), vals, shape=shape)
    raw_scipy = sp.coo_array((vals, (rows, cols)), shape=shape)
    ours_csr, ours_csc, ours_coo = raw.to_sparse_csr(), raw.to_sparse_csc(), raw.coalesce()
    scipy_csr = raw_scipy.tocsr()
    scipy_csc, scipy_coo = scipy_csr.tocsc(), scipy_csr.tocoo()

    # Same answers before any timing.
    assert_same_compressed(ours_csr, scipy_csr, "crow_indices", "col_indices")
    assert_same_compressed(ours_csc, scipy_csc, "ccol_indices", "row_indices")
    assert_same_compressed(
        ours_coo.to_sparse_csr(), scipy_coo.tocsr(), "crow_indices", "col_indices"
    )
    assert_same_compressed(
        ours_csr.to_sparse_csc(), scipy_csr.tocsc(), "ccol_indices", "row_indices"
    )
    assert np.array_equal(ours_coo.indices(), np.stack(scipy_coo.coords))
    for a, b, operand in (
        (ours_csr, scipy_csr, x),
        (ours_csc, scipy_csc, x),
        (ours_csr, scipy_csr, X),
        (ours_csc, scipy_csc, X),
        (ours_csc, scipy_csc, w),
    ):
        np.testing.assert_allclose(a @ operand, b @ operand, rtol=1e-10, atol=1e-10)

    def coalesce():
        # raw.coalesce() would return a cached result: build a fresh tensor each call
        COO(np.stack([rows, cols]), vals, shape=shape).coalesce()

    return ours_csr.nnz, [
        ("CSR @ vector", lambda: ours_csr @ x, lambda: scipy_csr @ x, PRODUCT_TARGET),
        ("CSC @ vector", lambda: ours_csc @ x, lambda: scipy_csc @ x, PRODUCT_TARGET),
        (f"CSR @ matrix (k={K})", lambda: ours_csr @ X, lambda: scipy_csr @ X, PRODUCT_TARGET),
        (f"CSC @ matrix (k={K})", lambda: ours_csc @ X, lambda: scipy_csc @ X, PRODUCT_TARGET),
        ("COO -> CSR (raw)", raw.to_sparse_csr, raw_scipy.tocsr, CONVERSION_TARGET),
        ("COO -> CSR (coalesced)", ours_coo.to_sparse_csr, scipy_coo.tocsr, CONVERSION_TARGET),
        ("CSC @ 1 %-sparse vector", lambda: ours_csc @ w, lambda: scipy_csc @ w, None),
        ("CSR -> CSC", ours_csr.to_sparse_csc, scipy_csr.tocsc, None),
        ("COO coalesce", coalesce, lambda: raw_scipy.copy().sum_duplicates(), None),
    ]


def summary(results):
    """Per operation: median and worst ratio over the grid, and the verdict against the target."""
    print("\nper operation over the grid (ratio = sparsenorm / scipy)")
    print(f"{'operation':<26}{'cells':>6}{'median':>8}{'worst':>8}{'target':>8}  verdict")
    verdicts = []
    for name in dict.fromkeys(r[0] for r in results):
        ratios = np.array([r[3] for r in results if r[0] == name])
        target = next(r[4] for r in results if r[0] == name)
        worst = float(ratios.max())
        verdict = "" if target is None else ("met" if worst <= target else "MISSED")
        target_text = "" if target is None else f"{target:.1f}x"
        print(
            f"{name:<26}{ratios.size:>6}{np.median(ratios):>7.2f}x{worst:>7.2f}x"
            f"{target_text:>8}  {verdict}"
        )
        if target is not None:
            verdicts.append(verdict == "met")
    print(f"\nevery target met in every cell: {all(verdicts)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two densities, a smaller budget")
    parser.add_argument(
        "--budget", type=float, default=None, help="seconds of pairs per row (5 to 101 pairs)"
    )
    args, _ = parser.parse_known_args()  # nox passes one argument list to every bench script
    densities = QUICK_DENSITIES if args.quick else DENSITIES
    budget = args.budget if args.budget is not None else (0.1 if args.quick else 0.4)

    print(
        f"numpy {np.__version__}, scipy {__import__('scipy').__version__}; medians of paired "
        "runs; ratio = median over pairs of sparsenorm / scipy"
    )
    header = f"{'cell':<40}{'operation':<26}{'sparsenorm':>12}{'scipy':>12}{'ratio':>8}"
    print(f"{header}{'target':>8}  verdict")
    rng = np.random.default_rng(0)
    results = []
    with threadpool_limits(limits=1):
        for density in densities:
            for family, base in SHAPES.items():
                shape = cell_shape(base, density)
                nse, lines = cases(shape, density, rng)
                cell = f"{family} {shape[0]}x{shape[1]} d={density:g} nse={nse:.0e}"
                for name, ours, theirs, target in lines:
                    repeat = repeats_for(ours, theirs, budget)
                    t_ours, t_scipy, ratio = paired_times(ours, theirs, repeat)
                    verdict = "" if target is None else ("met" if ratio <= target else "MISSED")
                    target_text = "" if target is None else f"{target:.1f}x"
                    print(
                        f"{cell:<40}{name:<26}{t_ours * 1e3:>10.3f}ms{t_scipy * 1e3:>10.3f}ms"
                        f"{ratio:>7.2f}x{target_text:>8}  {verdict}",
                        flush=True,
                    )
                    results.append((name, cell, nse, ratio, target))
    summary(results)


if __name__ == "__main__":
    main()
