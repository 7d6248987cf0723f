"""Certified Lasso benchmark (shared/guides/performance.md): sparsenorm vs scikit-learn & co.

Every contender solves P(w) = 1/(2n)‖y − Xw‖² + α‖w‖₁ (no intercept) until it *proves*
P(w) − P* ≤ ε·P(0) with the duality gap at the rescaled-residual dual point, ε = 1e-6.
scikit-learn and sparsenorm stop on gap ≤ tol·‖y‖²/n, so tol = ε/2 certifies exactly; every
contender starts from tol = ε/2 and, where its own criterion is different (skglm stops on a KKT
residual; celer's gap is taken on a reduced problem and its path uses another scaling), tol is
divided by 10 until the gap, checked after the fit with sparsenorm's ``lasso_duality_gap``,
certifies ε. That calibration is not timed. Every returned w is then checked against a
high-accuracy reference (sparsenorm at tol=1e-12). Times are medians of several runs, one BLAS
thread for everyone; ratios are contender / scikit-learn measured side by side.

Run: ``python benchmarks/bench_lasso.py`` (``--quick`` for fewer repeats). The script re-runs
itself without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE when they are set, so only the benchmark
process sees them unset.
"""

import os
import sys

_BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if any(v in os.environ for v in _BLAS_VARS):
    env = {k: v for k, v in os.environ.items() if k not in _BLAS_VARS}
    os.execve(sys.executable, [sys.executable, *sys.argv], env)

import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import sparsenorm.solvers as sn  # noqa: E402

EPS = 1e-6


# ----------------------------------------------------------------------------- problems
def correlated_gaussian(n_samples, n_features, rho=0.6, support=0.05, snr=3.0, seed=0):
    """Gaussian design with Toeplitz correlation ρ^|i−j| (an AR(1) across features)."""
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n_samples, n_features))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    c = np.sqrt(1.0 - rho**2)
    for j in range(1, n_features):
        X[:, j] = rho * X[:, j - 1] + c * Z[:, j]
    w = np.zeros(n_features)
    idx = rng.choice(n_features, max(1, int(support * n_features)), replace=False)
    w[idx] = rng.choice([-1.0, 1.0], idx.size) * rng.uniform(0.5, 2.0, idx.size)
    y = X @ w
    y += rng.standard_normal(n_samples) * np.std(y) / snr
    return X, y


def sparse_problem(n_samples=20_000, n_features=50_000, density=1e-3, seed=0):
    rng = np.random.default_rng(seed)
    X = sp.random(n_samples, n_features, density=density, format="csc", random_state=rng)
    w = np.zeros(n_features)
    idx = rng.choice(n_features, n_features // 100, replace=False)
    w[idx] = rng.standard_normal(idx.size)
    y = X @ w
    y += rng.standard_normal(n_samples) * np.std(y) / 3.0
    return X, y


def diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y - y.mean()


def alpha_max(X, y):
    return float(np.abs(X.T @ y).max()) / X.shape[0]


def primal(X, y, w, alpha):
    r = y - X @ w
    return 0.5 * float(r @ r) / X.shape[0] + alpha * float(np.abs(w).sum())


# ----------------------------------------------------------------------------- contenders
def fit_sparsenorm(X, y, alpha, tol):
    return sn.lasso(X, y, alpha, fit_intercept=False, tol=tol, max_iter=10_000).coef


def fit_sklearn(X, y, alpha, tol):
    from sklearn.linear_model import Lasso

    return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=100_000).fit(X, y).coef_


def fit_celer(X, y, alpha, tol):
    from celer import Lasso

    return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=1000).fit(X, y).coef_


def fit_skglm(X, y, alpha, tol):
    from skglm import Lasso

    return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=1000).fit(X, y).coef_


def path_sparsenorm(X, y, alphas, tol):
    return sn.lasso_path(X, y, alphas=alphas, tol=tol, max_iter=10_000)[1]


def path_sklearn(X, y, alphas, tol):
    from sklearn.linear_model import lasso_path

    return lasso_path(X, y, alphas=alphas, tol=tol, max_iter=100_000)[1]


def path_celer(X, y, alphas, tol):
    from celer import celer_path

    return celer_path(X, y, "lasso", alphas=alphas, tol=tol)[1]


def path_skglm(X, y, alphas, tol):
    from skglm import Lasso

    est = Lasso(alpha=alphas[0], fit_intercept=False, tol=tol, warm_start=True)
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
def certified(X, y, W, alphas):
    """Largest gap / (ε P(0)) over the path (≤ 1 means certified)."""
    p0 = 0.5 * float(y @ y) / X.shape[0]
    worst = 0.0
    for w, a in zip(W.T, alphas, strict=True):
        gap = sn.lasso_duality_gap(X, y, w, a)
        worst = max(worst, gap / (EPS * p0))
    return worst


def run_one(fit, X, y, alphas, tol, path):
    if path:
        return np.asarray(fit(X, y, alphas, tol)).reshape(X.shape[1], -1)
    return np.asarray(fit(X, y, alphas[0], tol)).reshape(-1, 1)


def calibrate(name, fit, X, y, alphas, path):
    tol = EPS / 2
    for _ in range(8):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            W = run_one(fit, X, y, alphas, tol, path)
        if certified(X, y, W, alphas) <= 1.0:
            return tol
        tol /= 10
    return tol


def bench(problem, X, y, alphas, path, contenders, repeats):
    p0 = 0.5 * float(y @ y) / X.shape[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 1e-12·‖y‖²/n may sit at rounding level
        if path:
            ref = sn.lasso_path(X, y, alphas=alphas, tol=1e-12, max_iter=1000)[1]
        else:
            ref = sn.lasso(X, y, alphas[0], fit_intercept=False, tol=1e-12, max_iter=1000)
            ref = ref.coef[:, None]
    rows = {}
    for name, (fit, fit_path) in contenders.items():
        f = fit_path if path else fit
        with threadpool_limits(limits=1):
            tol = calibrate(name, f, X, y, alphas, path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                run_one(f, X, y, alphas, tol, path)  # warm-up (JIT, caches)
                times = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    W = run_one(f, X, y, alphas, tol, path)
                    times.append(time.perf_counter() - t0)
        cert = certified(X, y, W, alphas)
        subopt = max(
            (primal(X, y, w, a) - primal(X, y, r, a)) / (EPS * p0)
            for w, r, a in zip(W.T, ref.T, alphas, strict=True)
        )
        rows[name] = (1e3 * float(np.median(times)), tol, cert, subopt)
    base = rows["scikit-learn"][0]
    print(f"\n{problem}")
    print(
        f"  {'solver':<13}{'median ms':>11}{'/ sklearn':>11}{'tol':>10}"
        f"{'gap/εP(0)':>11}{'(P−P_ref)/εP(0)':>17}"
    )
    for name, (ms, tol, cert, subopt) in rows.items():
        print(f"  {name:<13}{ms:>11.2f}{ms / base:>11.2f}{tol:>10.0e}{cert:>11.2f}{subopt:>17.2e}")
    return rows


def main():
    quick = "--quick" in sys.argv
    contenders = available()
    problems = []
    X, y = diabetes()
    amax = alpha_max(X, y)
    problems.append(("diabetes 442×10, one α = 0.1 α_max", X, y, np.array([0.1 * amax]), False))
    problems.append(
        (
            "diabetes 442×10, 100-α path down to 1e-3 α_max",
            X,
            y,
            np.geomspace(amax, 1e-3 * amax, 100),
            True,
        )
    )
    X, y = correlated_gaussian(500, 5000)
    problems.append(
        (
            "wide correlated 500×5000, α = 0.05 α_max",
            X,
            y,
            np.array([0.05 * alpha_max(X, y)]),
            False,
        )
    )
    X, y = correlated_gaussian(10_000, 1000, seed=1)
    problems.append(
        ("tall 10000×1000, α = 0.1 α_max", X, y, np.array([0.1 * alpha_max(X, y)]), False)
    )
    X, y = sparse_problem()
    problems.append(
        (
            "sparse CSC 20000×50000 density 1e-3, α = 0.1 α_max",
            X,
            y,
            np.array([0.1 * float(np.abs(X.T @ y).max()) / X.shape[0]]),
            False,
        )
    )
    summary = []
    for name, X, y, alphas, path in problems:
        small = X.shape[1] <= 10
        repeats = (5 if quick else 15) if small else (3 if quick else 7)
        rows = bench(name, X, y, alphas, path, contenders, repeats)
        summary.append((name, rows["sparsenorm"][0] / rows["scikit-learn"][0]))
    print("\nsparsenorm / scikit-learn (below 1: sparsenorm is faster)")
    for name, ratio in summary:
        print(f"  {ratio:6.2f}  {name}")


if __name__ == "__main__":
    main()
