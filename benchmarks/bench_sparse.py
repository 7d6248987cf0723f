"""sparsenorm.sparse against scipy.sparse, side by side in one run (medians, ratios).

A 20 000 x 50 000 matrix with 1e6 random (row, col) draws, so a few coordinates repeat:

- CSR @ vector and CSC @ vector (target: within 1.5x of scipy.sparse);
- COO -> CSR conversion from the raw, unsorted, uncoalesced draws, the general case, and from a
  coalesced COO (target: within 2x of scipy.sparse's ``tocsr``);
- for the record: CSC @ a vector with 1 % non-zeros (Lasso-like weights: sparsenorm reads only
  the columns they select), CSR -> CSC, and COO coalescing.

The two contenders of each line run back to back in every repeat (one BLAS thread each, via
threadpoolctl); the ratio is the median of the per-pair ratios, which a burst of load from
another program disturbs less than a ratio of medians. The results are checked equal before
timing. Run it with ``nox -s bench`` or ``python benchmarks/bench_sparse.py``; it re-runs
itself without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE where the machine sets them.
"""

import argparse
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--cols", type=int, default=50_000)
    parser.add_argument("--nnz", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=None, help="repeats of each matvec")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args, _ = parser.parse_known_args()
    if args.repeat is None:
        args.repeat = 21 if args.quick else 101

    rng = np.random.default_rng(0)
    m, n = args.rows, args.cols
    rows = rng.integers(0, m, args.nnz)
    cols = rng.integers(0, n, args.nnz)
    vals = rng.standard_normal(args.nnz)
    x = rng.standard_normal(n)
    # Lasso-like weights: 1 % of the entries non-zero.
    w = np.where(rng.random(n) < 0.01, rng.standard_normal(n), 0.0)

    raw = COO(np.stack([rows, cols]), vals, shape=(m, n))
    raw_scipy = sp.coo_array((vals, (rows, cols)), shape=(m, n))
    ours_csr = raw.to_sparse_csr()
    ours_csc = raw.to_sparse_csc()
    ours_coo = raw.coalesce()
    scipy_csr = raw_scipy.tocsr()
    scipy_csc = raw_scipy.tocsc()
    scipy_coo = scipy_csr.tocoo()

    # Same answers before any timing.
    assert np.array_equal(ours_csr.crow_indices(), scipy_csr.indptr)
    assert np.array_equal(ours_csr.col_indices(), scipy_csr.indices)
    np.testing.assert_allclose(ours_csr.values(), scipy_csr.data, rtol=1e-12, atol=1e-12)
    assert np.array_equal(ours_csc.ccol_indices(), scipy_csc.indptr)
    np.testing.assert_allclose(ours_csr @ x, scipy_csr @ x, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours_csc @ x, scipy_csc @ x, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours_csc @ w, scipy_csc @ w, rtol=1e-10, atol=1e-10)

    print(
        f"{m} x {n} matrix, {args.nnz} draws -> nse = {ours_csr.nnz} after coalescing; "
        f"numpy {np.__version__}, scipy {__import__('scipy').__version__}"
    )
    print("medians of paired runs; ratio = median over pairs of sparsenorm / scipy")
    print(f"{'operation':<34}{'sparsenorm':>12}{'scipy':>12}{'ratio':>8}{'target':>8}  verdict")
    cases = [
        ("CSR @ vector", lambda: ours_csr @ x, lambda: scipy_csr @ x, 1.5, args.repeat),
        ("CSC @ vector", lambda: ours_csc @ x, lambda: scipy_csc @ x, 1.5, args.repeat),
        (
            "CSC @ 1 %-sparse vector",
            lambda: ours_csc @ w,
            lambda: scipy_csc @ w,
            None,
            args.repeat,
        ),
        (
            "COO -> CSR (raw, uncoalesced)",
            raw.to_sparse_csr,
            raw_scipy.tocsr,
            2.0,
            max(args.repeat // 7, 5),
        ),
        (
            "COO -> CSR (coalesced)",
            ours_coo.to_sparse_csr,
            scipy_coo.tocsr,
            2.0,
            max(args.repeat // 3, 5),
        ),
        ("CSR -> CSC", ours_csr.to_sparse_csc, scipy_csr.tocsc, None, max(args.repeat // 7, 5)),
        ("COO coalesce", raw.coalesce, lambda: raw_scipy.copy().sum_duplicates(), None, 7),
    ]
    with threadpool_limits(limits=1):
        for name, ours, theirs, target, repeat in cases:
            if name == "COO coalesce":
                # raw.coalesce() would return a cached result; time a fresh tensor each call.
                def ours():
                    COO(np.stack([rows, cols]), vals, shape=(m, n)).coalesce()

            t_ours, t_scipy, ratio = paired_times(ours, theirs, repeat)
            verdict = "" if target is None else ("met" if ratio <= target else "MISSED")
            target_text = "" if target is None else f"{target:.1f}x"
            print(
                f"{name:<34}{t_ours * 1e3:>10.2f}ms{t_scipy * 1e3:>10.2f}ms"
                f"{ratio:>7.2f}x{target_text:>8}  {verdict}"
            )


if __name__ == "__main__":
    main()
