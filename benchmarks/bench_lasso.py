"""Certified Lasso benchmark over a grid of problems: sparsenorm, scikit-learn, celer, skglm.

Protocol (shared/guides/performance.md). Every contender solves
P(w) = 1/(2n)‖y − Xw − b‖² + α‖w‖₁ (b = 0 without an intercept) until P(w) − P* ≤ ε·P(0) is
*proved* by the duality gap at the rescaled-residual dual point, ε = 1e-6, computed after the
fit by sparsenorm's ``lasso_duality_gap`` in float64 (on the centred data where there is an
intercept). scikit-learn and sparsenorm stop on gap ≤ tol·‖y − ȳ‖²/n, so tol = ε/2 certifies;
every contender starts from tol = ε/2 and tol is divided by 10 until the gap certifies ε (skglm
stops on a KKT residual, celer on the gap of a reduced problem). That calibration is not timed
and doubles as the warm-up (JIT compilation, caches). Each returned w is also compared with a
high-accuracy reference (sparsenorm at tol = 1e-10): (P(w) − P_ref)/(ε·P(0)) must be ≤ 1.

The grid (issue 13): dense designs wide, square and tall (n/p from 0.05 to 20), Toeplitz
feature correlation ρ ∈ {0, 0.5, 0.9}, true supports of 1 % of p and about n, signal-to-noise 1
and 10, α/α_max ∈ {0.5, 0.1, 0.01}, float64 and float32, with and without intercept; scipy-sparse
CSC designs of density 1e-4 to 1e-1; 100-α paths. The factors that are not crossed are assigned
by a fixed rotation over the cells, never chosen per cell.

Timing. The machine is shared: absolute times are noisy and only the ratios, measured side by
side, are compared. In every repeat each contender runs once on the same cell, in a rotated
order; a contender's time is the minimum over the repeats, and the ratio of a cell is
sparsenorm's time over the peer's. One BLAS thread for everyone (threadpoolctl).

Run: ``python benchmarks/bench_lasso.py`` (``--quick``: a subset of the cells, fewer repeats;
``--family dense|sparse|path`` to run one family). The script re-runs itself without
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE when they are set, so only the benchmark process sees them
unset.
"""

import argparse
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import use_native_blas

use_native_blas()  # before numpy loads

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import sparsenorm.solvers as sn  # noqa: E402

EPS = 1e-6
# float32 cells: float32 solvers stall near 1e-5 of P(0) on the hard cells (their float32
# residuals), so float32 cells are certified to this looser ε, for every contender alike
EPS_F32 = 1e-4
# targets of issue 13, sparsenorm / scikit-learn
TARGET_SINGLE_WORST, TARGET_SINGLE_MEDIAN, TARGET_PATH_MEDIAN = 1.0, 0.7, 0.5


# ----------------------------------------------------------------------------- problems
def correlated_gaussian(n_samples, n_features, rho=0.6, support=0.05, snr=3.0, seed=0):
    """Gaussian design with Toeplitz correlation ρ^|i−j| (an AR(1) across features).

    ``support`` is a fraction of p (below 1) or a number of features; ``snr`` is
    std(Xw) / std(noise).
    """
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n_samples, n_features))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    c = np.sqrt(1.0 - rho**2)
    for j in range(1, n_features):
        X[:, j] = rho * X[:, j - 1] + c * Z[:, j]
    k = int(support * n_features) if support < 1 else int(support)
    k = min(max(1, k), n_features)
    w = np.zeros(n_features)
    idx = rng.choice(n_features, k, replace=False)
    w[idx] = rng.choice([-1.0, 1.0], idx.size) * rng.uniform(0.5, 2.0, idx.size)
    y = X @ w
    y += rng.standard_normal(n_samples) * np.std(y) / snr
    return X, y


def sparse_problem(n_samples, n_features, density, support=0.01, snr=3.0, seed=0):
    """scipy.sparse random CSC design; column counts binomial (uniform positions)."""
    rng = np.random.default_rng(seed)
    X = sp.random(n_samples, n_features, density=density, format="csc", random_state=rng)
    w = np.zeros(n_features)
    idx = rng.choice(n_features, max(1, int(support * n_features)), replace=False)
    w[idx] = rng.standard_normal(idx.size)
    y = X @ w
    y += rng.standard_normal(n_samples) * max(np.std(y), 1e-3) / snr
    return X, y


def diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y - y.mean()


def centred(X, y):
    """Explicitly centred copies (for the path cells: scikit-learn's lasso_path never centres)."""
    return X - X.mean(axis=0), y - y.mean()


def alpha_max(X, y, intercept):
    if intercept:
        y = y - y.mean()
        corr = np.asarray(X.T @ y).ravel() - np.asarray(X.sum(axis=0)).ravel() * y.sum() / len(y)
    else:
        corr = np.asarray(X.T @ y).ravel()
    return float(np.abs(corr).max()) / X.shape[0]


@dataclass
class Cell:
    family: str
    name: str
    make: object  # () -> (X, y)
    alpha_fracs: tuple  # one value: a single fit; more: a path (decreasing)
    intercept: bool = False
    dtype: type = np.float64
    quick: bool = False

    @property
    def path(self):
        return len(self.alpha_fracs) > 1


def grid():
    cells = []
    # dense: 4 shapes × ρ × α crossed; support, SNR, dtype and intercept by rotation
    shapes = [
        ("wide", 200, 4000),
        ("wide", 500, 1000),
        ("square", 1000, 1000),
        ("tall", 4000, 200),
    ]
    k = 0
    for family, n, p in shapes:
        for rho in (0.0, 0.5, 0.9):
            for frac in (0.5, 0.1, 0.01):
                big = k % 2 == 1
                support = min(n, p // 2) if big else max(1, p // 100)
                snr = 10.0 if (k // 2) % 2 else 1.0
                dtype = np.float32 if k % 3 == 2 else np.float64
                intercept = (k // 3) % 2 == 1
                name = (
                    f"{n}×{p} ρ={rho} s={support} snr={snr:g} α={frac}"
                    f"{' f32' if dtype is np.float32 else ''}{' +b' if intercept else ''}"
                )
                cells.append(
                    Cell(
                        f"dense {family}",
                        name,
                        lambda n=n, p=p, rho=rho, s=support, snr=snr, k=k: correlated_gaussian(
                            n, p, rho, s, snr, seed=k
                        ),
                        (frac,),
                        intercept,
                        dtype,
                        quick=k % 4 == 0,
                    )
                )
                k += 1
    # the and the guide's named problems
    cells.append(
        Cell(
            "dense wide",
            "issue 13: 300×3000 ρ=0.5 s=5% noise 0.5 α=0.05",
            lambda: _noise_sd(300, 3000, 0.5, 0.05, 0.5),
            (0.05,),
            quick=True,
        )
    )
    cells.append(
        Cell(
            "dense wide",
            "guide: 500×5000 ρ=0.6 s=5% α=0.05",
            lambda: correlated_gaussian(500, 5000),
            (0.05,),
        )
    )
    cells.append(
        Cell(
            "dense tall",
            "guide: 10000×1000 ρ=0.6 s=5% α=0.1",
            lambda: correlated_gaussian(10_000, 1000, seed=1),
            (0.1,),
        )
    )
    cells.append(Cell("dense tall", "diabetes 442×10 α=0.1", diabetes, (0.1,), quick=True))
    # scipy-sparse CSC: the size shrinks as the density grows (2e5 .. 1e6 stored entries)
    sparse_shapes = [
        (20_000, 50_000, 1e-4),
        (10_000, 20_000, 1e-3),
        (5000, 10_000, 1e-2),
        (2000, 5000, 1e-1),
    ]
    k = 0
    for n, p, density in sparse_shapes:
        for frac in (0.1, 0.01):
            intercept = k % 2 == 1
            dtype = np.float32 if k % 4 == 3 else np.float64
            cells.append(
                Cell(
                    "sparse",
                    f"{n}×{p} d={density:g} α={frac}"
                    f"{' f32' if dtype is np.float32 else ''}{' +b' if intercept else ''}",
                    lambda n=n, p=p, d=density, k=k: sparse_problem(n, p, d, seed=k),
                    (frac,),
                    intercept,
                    dtype,
                    quick=k in (2, 5),
                )
            )
            k += 1
    # 100-α paths (pre-centred data for the intercept: lasso_path never centres)
    paths = [
        ("diabetes 442×10", diabetes, 1e-3, True),
        (
            "wide 100×1000 ρ=0.5",
            lambda: correlated_gaussian(100, 1000, 0.5, 0.02, 3.0),
            1e-2,
            True,
        ),
        (
            "square 300×300 ρ=0.9",
            lambda: correlated_gaussian(300, 300, 0.9, 0.1, 1.0),
            1e-2,
            False,
        ),
        (
            "tall 2000×100 ρ=0.5 centred",
            lambda: centred(*correlated_gaussian(2000, 100, 0.5, 0.2, 10.0)),
            1e-3,
            False,
        ),
        (
            "sparse 2000×5000 d=1e-2",
            lambda: sparse_problem(2000, 5000, 1e-2, seed=7),
            1e-2,
            False,
        ),
    ]
    for name, make, low, quick in paths:
        fracs = tuple(np.geomspace(1.0, low, 100))
        cells.append(Cell("path", f"{name}, 100 α down to {low:g}", make, fracs, quick=quick))
    return cells


def _noise_sd(n, p, rho, support, sd, seed=0):
    X, y = correlated_gaussian(n, p, rho, support, snr=np.inf, seed=seed)
    return X, y + np.random.default_rng(seed + 1).standard_normal(n) * sd


# ----------------------------------------------------------------------------- contenders
def fit_sparsenorm(X, y, alpha, tol, intercept):
    return sn.lasso(X, y, alpha, fit_intercept=intercept, tol=tol, max_iter=10_000).coef


def fit_sklearn(X, y, alpha, tol, intercept):
    from sklearn.linear_model import Lasso

    return Lasso(alpha=alpha, fit_intercept=intercept, tol=tol, max_iter=20_000).fit(X, y).coef_


def fit_celer(X, y, alpha, tol, intercept):
    from celer import Lasso

    return Lasso(alpha=alpha, fit_intercept=intercept, tol=tol, max_iter=1000).fit(X, y).coef_


def fit_skglm(X, y, alpha, tol, intercept):
    from skglm import Lasso

    return Lasso(alpha=alpha, fit_intercept=intercept, tol=tol, max_iter=1000).fit(X, y).coef_


def path_sparsenorm(X, y, alphas, tol, _):
    return sn.lasso_path(X, y, alphas=alphas, tol=tol, max_iter=10_000)[1]


def path_sklearn(X, y, alphas, tol, _):
    from sklearn.linear_model import lasso_path

    return lasso_path(X, y, alphas=alphas, tol=tol, max_iter=20_000)[1]


def path_celer(X, y, alphas, tol, _):
    from celer import celer_path

    return celer_path(X, y, "lasso", alphas=alphas, tol=tol)[1]


def path_skglm(X, y, alphas, tol, _):
    from skglm import Lasso

    est = Lasso(alpha=alphas[0], fit_intercept=False, tol=tol, warm_start=True, max_iter=1000)
    coefs = np.empty((X.shape[1], alphas.size))
    for i, a in enumerate(alphas):
        est.set_params(alpha=a)
        coefs[:, i] = est.fit(X, y).coef_
    return coefs


def available():
    names = {
        "sparsenorm": (fit_sparsenorm, path_sparsenorm),
        "scikit-learn": (fit_sklearn, path_sklearn),
    }
    for name, fits in (("celer", (fit_celer, path_celer)), ("skglm", (fit_skglm, path_skglm))):
        try:
            __import__(name)
        except ImportError:
            print(f"[{name} is not installed: skipped]")
            continue
        names[name] = fits
    return names


# ----------------------------------------------------------------------------- protocol
class Problem:
    def __init__(self, cell):
        X, y = cell.make()
        self.X = X.astype(cell.dtype) if sp.issparse(X) else np.ascontiguousarray(X, cell.dtype)
        self.y = np.asarray(y, dtype=cell.dtype)
        self.X64 = self.X.astype(np.float64)
        self.y64 = self.y.astype(np.float64)
        self.intercept = cell.intercept
        a_max = alpha_max(self.X64, self.y64, cell.intercept)
        self.alphas = a_max * np.asarray(cell.alpha_fracs)
        yc = self.y64 - self.y64.mean() if cell.intercept else self.y64
        self.p0 = 0.5 * float(yc @ yc) / self.X.shape[0]
        self.path = cell.path
        self.eps = EPS_F32 if cell.dtype == np.float32 else EPS

    def run(self, fits, tol):
        fit = fits[1] if self.path else fits[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self.path:
                W = fit(self.X, self.y, self.alphas, tol, self.intercept)
            else:
                W = fit(self.X, self.y, self.alphas[0], tol, self.intercept)
        return np.asarray(W, dtype=np.float64).reshape(self.X.shape[1], -1)

    def gaps(self, W):
        """gap / (ε P(0)) of each column (≤ 1: certified)."""
        return np.array(
            [
                sn.lasso_duality_gap(self.X64, self.y64, w, a, fit_intercept=self.intercept)
                / (self.eps * self.p0)
                for w, a in zip(W.T, self.alphas, strict=True)
            ]
        )

    def primal(self, w, a):
        X, y = self.X64, self.y64
        r = y - X @ w
        if self.intercept:
            r -= r.mean()
        return 0.5 * float(r @ r) / X.shape[0] + a * float(np.abs(w).sum())


def calibrate(prob, fits):
    """Largest tol = ε/2 · 10^-k that certifies; returns (tol, W, seconds of the last run).

    Gives up (None: uncertified) after 8 tries, or as soon as a 10 times smaller tol did not
    halve the gap (the contender has stalled at its rounding level); on paths, once that
    happened twice in a row: celer's paths, which stop on the gap of each reduced problem, are
    not monotone in tol at the rescaled-residual point measured here (diabetes: worst gap 6.3,
    20, 0.64 times ε·P(0) at tol = 5e-9, 5e-10, 5e-11).
    """
    strikes = 2 if prob.path else 1
    tol, last, flat = prob.eps / 2, np.inf, 0
    for _ in range(8):
        t0 = time.perf_counter()
        W = prob.run(fits, tol)
        seconds = time.perf_counter() - t0
        gap = prob.gaps(W).max()
        if gap <= 1.0:
            return tol, W, seconds
        flat = 0 if gap <= 0.5 * last else flat + 1
        if flat == strikes:
            break
        tol, last = tol / 10, min(last, gap)
    return None, W, seconds


def bench_cell(cell, contenders, repeats, budget):
    prob = Problem(cell)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 1e-10·‖y‖²/n may sit at rounding level
        if prob.path:
            ref = sn.lasso_path(prob.X64, prob.y64, alphas=prob.alphas, tol=1e-10)[1]
        else:
            ref = sn.lasso(
                prob.X64, prob.y64, prob.alphas[0], fit_intercept=prob.intercept, tol=1e-10
            ).coef[:, None]
    out = {}
    tols = {}
    with threadpool_limits(limits=1):
        slowest = 0.0
        for name, fits in contenders.items():
            tol, W, seconds = calibrate(prob, fits)
            slowest = max(slowest, seconds)
            subopt = max(
                (prob.primal(w, a) - prob.primal(r, a)) / (prob.eps * prob.p0)
                for w, r, a in zip(W.T, ref.T, prob.alphas, strict=True)
            )
            tols[name] = tol
            out[name] = {"tol": tol, "times": [], "subopt": subopt, "cert": tol is not None}
        # interleaved repeats, rotated order; fewer for slow cells
        reps = max(2, min(repeats, int(budget / max(slowest * len(contenders), 1e-9))))
        names = [nm for nm in contenders if tols[nm] is not None]
        for k in range(reps):
            order = names[k % len(names) :] + names[: k % len(names)] if names else []
            for name in order:
                t0 = time.perf_counter()
                prob.run(contenders[name], tols[name])
                out[name]["times"].append(time.perf_counter() - t0)
    for rec in out.values():
        rec["ms"] = 1e3 * min(rec["times"]) if rec["times"] else None
        rec["ok"] = rec["cert"] and rec["subopt"] <= 1.0 + 1e-9
    return out


# ----------------------------------------------------------------------------- report
def ratio(a, b):
    if a["ms"] is None or not a["ok"]:
        return np.inf  # sparsenorm uncertified: the worst possible cell
    if b["ms"] is None or not b["ok"]:
        return np.nan  # the peer has no time: no ratio
    return a["ms"] / b["ms"]


def fmt(value, digits=2):
    if value is None:
        return "—"
    if isinstance(value, float) and np.isnan(value):
        return "n/a"
    if isinstance(value, float) and np.isinf(value):
        return "FAIL"
    return f"{value:.{digits}f}"


def _med_worst(rs):
    if not rs.size:
        return f"{'—':>17} / {'—':<6}"
    return f"{fmt(float(np.median(rs))):>17} / {fmt(float(rs.max())):<6}"


def report(results, peers):
    print("\n" + "=" * 100)
    print(
        "Summary: sparsenorm time / peer time per cell (below 1: sparsenorm faster). Ratios are "
        "what is compared:\nabsolute times on this shared machine are noisy. FAIL: sparsenorm "
        "did not certify; n/a: the peer did not."
    )
    families = sorted({cell.family for cell, _ in results}, key=lambda f: (f == "path", f))
    header = f"{'family':<14}{'cells':>6}" + "".join(f"{p + ' med/worst':>26}" for p in peers)
    print(header)
    allsingle = {p: [] for p in peers}
    for fam in families:
        rows = [r for c, r in results if c.family == fam]
        line = f"{fam:<14}{len(rows):>6}"
        for peer in peers:
            rs = np.array([ratio(r["sparsenorm"], r[peer]) for r in rows if peer in r])
            rs = rs[~np.isnan(rs)]
            if fam != "path":
                allsingle[peer].extend(rs.tolist())
            line += _med_worst(rs)
        print(line)
    line = f"{'single fits':<14}{len(allsingle[peers[0]]):>6}"
    for peer in peers:
        rs = np.array(allsingle[peer])
        line += _med_worst(rs)
    print(line)
    sk = np.array(allsingle.get("scikit-learn", []))
    paths = [ratio(r["sparsenorm"], r["scikit-learn"]) for c, r in results if c.path]
    paths = np.array([v for v in paths if not np.isnan(v)])
    print("\nTargets against scikit-learn (issue 13):")
    if sk.size:
        print(
            f"  single fits: worst {fmt(sk.max())} (target ≤ {TARGET_SINGLE_WORST}), "
            f"median {fmt(np.median(sk))} (target ≤ {TARGET_SINGLE_MEDIAN})"
        )
    if paths.size:
        print(f"  paths: median {fmt(np.median(paths))} (target ≤ {TARGET_PATH_MEDIAN})")
    missed = [
        (c, ratio(r["sparsenorm"], r["scikit-learn"]))
        for c, r in results
        if ratio(r["sparsenorm"], r["scikit-learn"]) > TARGET_SINGLE_WORST
    ]
    if missed:
        print("  cells above 1.0 against scikit-learn:")
        for c, v in missed:
            print(f"    {fmt(v):>6}  [{c.family}] {c.name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a subset of cells, fewer repeats")
    parser.add_argument("--family", choices=("dense", "sparse", "path"), default=None)
    parser.add_argument("--match", default=None, help="only the cells whose name contains this")
    args, _ = parser.parse_known_args()
    contenders = available()
    peers = [p for p in contenders if p != "sparsenorm"]
    repeats, budget = (3, 1.5) if args.quick else (7, 6.0)
    cells = [c for c in grid() if c.quick or not args.quick]
    if args.family:
        cells = [c for c in cells if c.family.startswith(args.family)]
    if args.match:
        cells = [c for c in cells if args.match in c.name]
    print(
        f"Certified Lasso grid: {len(cells)} cells, ε = {EPS:g} (float32 cells: {EPS_F32:g}), "
        f"one BLAS thread, min of "
        f"≤ {repeats} interleaved repeats per contender.\nRatios are what is compared (the "
        "machine is shared; absolute times are noisy). Columns: ms (min), then sparsenorm / peer."
    )
    head = (
        f"{'family':<13}{'cell':<46}" + f"{'sn ms':>9}" + "".join(f"{'/' + p:>14}" for p in peers)
    )
    print(head)
    results = []
    for cell in cells:
        r = bench_cell(cell, contenders, repeats, budget)
        results.append((cell, r))
        line = f"{cell.family:<13}{cell.name[:45]:<46}{fmt(r['sparsenorm']['ms'], 1):>9}"
        for peer in peers:
            line += f"{fmt(ratio(r['sparsenorm'], r[peer])):>14}"
        flags = [n for n, rec in r.items() if not rec["ok"]]
        if flags:
            line += "   uncertified: " + ", ".join(flags)
        print(line, flush=True)
    report(results, peers)


if __name__ == "__main__":
    main()
