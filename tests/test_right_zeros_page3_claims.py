"""Every number and claim of gallery/right_zeros/plot_3_right_and_wrong_zeros.py, recomputed.

The page runs once, under pytest's ``filterwarnings = error``; its printed output is parsed and
checked against independent computations: the irrepresentable number from regression
coefficients and from the covariance in closed form, the breakpoints from scikit-learn's LARS
path, the support on each interval from sparsenorm's certified Lasso, the frequencies from
scikit-learn's Lasso (the adaptive Lasso as a Lasso on rescaled columns), MCP from a coordinate
descent written here, and the page's exact noise-free statement by a sweep over random designs.
The samples are redrawn here from the page's seeds, with the same calls in the same order.
"""

import functools
import re

import matplotlib
import numpy as np
import pytest
from sklearn.linear_model import Lasso, lars_path
from test_right_zeros_claims import run_page as _run_recovery_page

import sparsenorm as sn

matplotlib.use("Agg")

N, P, S, ALPHA = 100, 8, [0, 1, 2], 0.2
RHO = {"condition holds": 0.25, "condition fails": 0.5}


def run_page():
    """Page 3 run once, by the recovery pages' runner: (printed text, variables, figures)."""
    return _run_recovery_page("plot_3")


def text():
    return run_page()[0]


def floats(line):
    return [float(v) for v in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", line)]


def cholesky(rho):
    C = np.eye(P)
    C[3, :3] = C[:3, 3] = rho
    return np.linalg.cholesky(C)


def sample(rng, rho, beta):
    X = rng.standard_normal((N, P)) @ cholesky(rho).T
    return X, X @ beta + rng.standard_normal(N)


def true_beta(b=1.0):
    beta = np.zeros(P)
    beta[S] = [1.0, 1.0, b]
    return beta


@functools.cache
def first_samples():
    rng = np.random.default_rng(0)
    return {name: sample(rng, rho, true_beta()) for name, rho in RHO.items()}


def support_on_intervals(X, y):
    """scikit-learn's exact path: breakpoints and the support between consecutive ones."""
    alphas, _, coefs = lars_path(X, y, method="lasso")
    mids = coefs[:, :-1] + coefs[:, 1:]
    return alphas, [set(np.flatnonzero(mids[:, i])) for i in range(mids.shape[1])]


def test_printed_lines_fit_80_columns_and_figures_follow_the_conventions():
    printed, _, figures = run_page()
    assert max(len(line) for line in printed.splitlines()) <= 80
    assert len(figures) == 2
    for label, width, smallest in figures:
        assert len(label) > 40 and "$" not in label and "\\" not in label
        assert width <= 5 and smallest >= 12


def test_irrepresentable_numbers():
    for name, rho in RHO.items():
        (line,) = [ln for ln in text().splitlines() if ln.startswith(f"{name}: IC")]
        population, sample_value = floats(line)
        # population: C_SS = I, the decoy's row of C_{S^c S} is (rho, rho, rho), others 0
        assert population == pytest.approx(round(3 * rho, 4), abs=1e-12)
        # sample: the regression coefficients of each false column on X_S, dotted with s
        X = first_samples()[name][0]
        theta = np.linalg.lstsq(X[:, S], X[:, 3:], rcond=None)[0]
        assert sample_value == pytest.approx(np.abs(theta.sum(axis=0)).max(), abs=5e-5)
        assert (sample_value < 1) == (name == "condition holds")


def printed_intervals(name):
    lines = text().splitlines()
    start = lines.index(f"{name}: alpha interval -> support")
    rows = []
    for line in lines[start + 1 :]:
        match = re.match(r"  (\d+\.\d+) to (\d+\.\d+): \[([\d, ]*)\](  <- true support)?$", line)
        if not match:
            break
        low, high = float(match[1]), float(match[2])
        support = {int(v) for v in match[3].split(",")} if match[3] else set()
        rows.append((low, high, support, bool(match[4])))
    return rows


@pytest.mark.parametrize("name", list(RHO))
def test_breakpoints_and_supports_are_the_exact_path(name):
    X, y = first_samples()[name]
    alphas, supports = support_on_intervals(X, y)
    rows = printed_intervals(name)
    assert len(rows) == len(supports)
    for i, (low, high, support, marked) in enumerate(rows):
        assert high == pytest.approx(alphas[i], abs=5e-5)
        assert low == pytest.approx(alphas[i + 1], abs=5e-5)
        assert support == supports[i]
        # and the certified Lasso at the middle of the interval has that support
        mid = 0.5 * (alphas[i] + alphas[i + 1])
        fit = sn.lasso(X, y, alpha=mid, fit_intercept=False, tol=1e-12)
        assert set(np.flatnonzero(fit.coef)) == support
        assert marked == (support == set(S))
    marked = [row for row in rows if row[3]]
    assert len(marked) == (1 if name == "condition holds" else 0)


def test_on_the_failing_design_the_decoy_enters_first_and_never_leaves():
    X, y = first_samples()["condition fails"]
    _, active, coefs = lars_path(X, y, method="lasso")
    assert active[0] == 3 and np.all(coefs[3, 1:] != 0)
    _, supports = support_on_intervals(X, y)
    assert set(S) not in supports and all(3 in s for s in supports)


def largest_alpha_keeping_signs(X, beta):
    """By bisection on the certified Lasso of the noise-free data: the end of the interval."""
    y = X @ beta
    low, high = 1e-6, 2.0

    def right(alpha):
        coef = sn.lasso(X, y, alpha=alpha, fit_intercept=False, tol=1e-14).coef
        return np.array_equal(np.sign(coef), np.sign(beta))

    assert right(low) and not right(high)
    for _ in range(40):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if right(mid) else (low, mid)
    return low


def test_beta_min_table():
    lines = text().splitlines()
    start = lines.index("    b  noise-free alpha*  true support on the path")
    X_holds = first_samples()["condition holds"][0]
    rng = np.random.default_rng(1)
    counts = []
    for line, b in zip(lines[start + 1 : start + 4], (1.0, 0.3, 0.1), strict=True):
        printed_b, alpha_star, found, total = floats(line)
        assert printed_b == b and total == 100
        beta = true_beta(b)
        assert alpha_star == pytest.approx(largest_alpha_keeping_signs(X_holds, beta), abs=5e-5)
        recount = 0
        for _ in range(100):
            recount += set(S) in support_on_intervals(*sample(rng, 0.25, beta))[1]
        assert found == recount
        counts.append(found)
    assert counts[0] > counts[1] > counts[2] and counts[2] <= 50  # "often gone"


def table_rows(header_index):
    lines = text().splitlines()
    headers = [i for i, ln in enumerate(lines) if ln.strip().startswith("variable  0")]
    rows = {}
    for line in lines[headers[header_index] + 1 :]:
        name, sep, rest = line.partition(": ")
        values = floats(rest)
        if not sep or len(values) != P + 1:
            break
        rows[name.strip()] = (np.array(values[:P]), int(values[P]))
    return rows


def frequencies_and_exact(selected):
    selected = np.array(selected)
    truth = np.isin(np.arange(P), S)
    return selected.mean(axis=0), int(np.all(selected == truth, axis=1).sum())


def test_lasso_selection_frequencies():
    rows = table_rows(0)
    assert list(rows) == list(RHO)
    for name, rho in RHO.items():
        rng = np.random.default_rng(2)
        selected = []
        for _ in range(100):
            X, y = sample(rng, rho, true_beta())
            fit = Lasso(alpha=ALPHA, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y)
            selected.append(fit.coef_ != 0)
        freq, exact = frequencies_and_exact(selected)
        np.testing.assert_allclose(rows[name][0], freq, atol=0.005 + 1e-12)
        assert rows[name][1] == exact
    holds, fails = rows["condition holds"], rows["condition fails"]
    assert np.all(holds[0][S] == 1) and np.all(fails[0][S] == 1)  # "in every sample"
    assert fails[0][3] > 2 * holds[0][3] and fails[1] <= 10  # "far more often", "rarely"


def mcp_proximal_gradient(X, y, alpha, gamma):
    """Plain proximal gradient from zero with step 0.9 / L and firm thresholding, as here."""
    n = len(y)
    step = 0.9 / np.linalg.eigvalsh(X.T @ X / n).max()
    w = np.zeros(X.shape[1])
    for _ in range(100000):
        z = w - step * X.T @ (X @ w - y) / n
        small = np.sign(z) * np.maximum(np.abs(z) - step * alpha, 0) / (1 - step / gamma)
        new = np.where(np.abs(z) > gamma * alpha, z, small)
        if np.abs(new - w).max() < 1e-13:
            return new
        w = new
    raise AssertionError("proximal gradient did not converge")


def mcp_coordinate_descent(X, y, alpha, gamma):
    """Cyclic coordinate descent for least squares plus MCP from zero (Breheny & Huang 2011)."""
    n = len(y)
    v = (X * X).sum(axis=0) / n
    w, r = np.zeros(X.shape[1]), y.copy()
    for _ in range(10000):
        change = 0.0
        for j in range(X.shape[1]):
            z = w[j] + X[:, j] @ r / (n * v[j])
            if abs(z) <= gamma * alpha:
                new = np.sign(z) * max(v[j] * abs(z) - alpha, 0.0) / (v[j] - 1.0 / gamma)
            else:
                new = z
            if new != w[j]:
                r -= (new - w[j]) * X[:, j]
                change = max(change, abs(new - w[j]))
                w[j] = new
        if change < 1e-13:
            return w
    raise AssertionError("coordinate descent did not converge")


def test_remedies_on_the_failing_sample():
    lines = text().splitlines()
    X, y = first_samples()["condition fails"]
    c = 1 / np.abs(np.linalg.solve(X.T @ X, X.T @ y))
    lasso = Lasso(alpha=ALPHA, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y).coef_
    adaptive = Lasso(alpha=ALPHA, fit_intercept=False, tol=1e-12, max_iter=100000)
    adaptive = adaptive.fit(X / c, y).coef_ / c
    mcp = np.zeros(P)
    mcp[S] = np.linalg.lstsq(X[:, S], y, rcond=None)[0]
    # MCP's printed point is least squares on S: a stationary point, since every |w_j| there
    # exceeds gamma * alpha (flat penalty) and off S the correlations are within alpha
    assert np.all(np.abs(mcp[S]) > 3.0 * ALPHA)
    assert np.abs(np.delete(X.T @ (y - X @ mcp), S)).max() / N <= ALPHA
    expected = {"Lasso": (lasso, "duality_gap"), "adaptive Lasso": (adaptive, "duality_gap")}
    expected["MCP"] = (mcp, "stationarity")
    _, namespace, _ = run_page()
    for name, (coef, certificate) in expected.items():
        i = next(k for k, ln in enumerate(lines) if ln.strip().startswith(f"{name}: support"))
        support = [int(v) for v in re.search(r"\[([\d, ]*)\]", lines[i])[1].split(",")]
        assert support == np.flatnonzero(coef).tolist()
        assert lines[i].endswith(certificate)
        w_s = floats(lines[i + 1].partition("w_S = ")[2].partition("]")[0])
        np.testing.assert_allclose(w_s, coef[S], atol=5e-4 + 1e-12)
        assert lines[i + 1].endswith("converged True")
    np.testing.assert_allclose(namespace["fits"]["MCP"].coef, mcp, atol=1e-8)  # "exactly"
    assert support_of(lasso) == [0, 1, 2, 3] and support_of(adaptive) == support_of(mcp) == S


def support_of(coef):
    return np.flatnonzero(coef).tolist()


def test_remedy_selection_frequencies():
    rows = table_rows(1)
    assert list(rows) == ["Lasso", "adaptive Lasso", "MCP"]
    rng = np.random.default_rng(2)
    selected = {"Lasso": [], "adaptive Lasso": [], "MCP": []}
    by_coordinate_descent = []
    for _ in range(100):
        X, y = sample(rng, 0.5, true_beta())
        c = 1 / np.abs(np.linalg.solve(X.T @ X, X.T @ y))
        for name, Xs, scale in (("Lasso", X, 1.0), ("adaptive Lasso", X / c, c)):
            fit = Lasso(alpha=ALPHA, fit_intercept=False, tol=1e-12, max_iter=100000)
            selected[name].append(fit.fit(Xs, y).coef_ / scale != 0)
        selected["MCP"].append(mcp_proximal_gradient(X, y, ALPHA, 3.0) != 0)
        by_coordinate_descent.append(mcp_coordinate_descent(X, y, ALPHA, 3.0) != 0)
    for name, masks in selected.items():
        freq, exact = frequencies_and_exact(masks)
        np.testing.assert_allclose(rows[name][0], freq, atol=0.005 + 1e-12)
        assert rows[name][1] == exact
    # the prose: true variables in nearly every sample, the decoy rarely for the remedies,
    # exact recovery on most samples for them and rarely for the Lasso
    for name in ("adaptive Lasso", "MCP"):
        assert rows[name][0][S].min() >= 0.95 and rows[name][0][3] <= 0.05
        assert rows[name][1] > 50
    assert rows["Lasso"][0][3] > 0.5 and rows["Lasso"][1] <= 10
    # "on some of these samples, coordinate descent from zero reaches another one"
    assert 0 < np.any(np.array(by_coordinate_descent) != selected["MCP"], axis=1).sum() < 100


@pytest.mark.parametrize("seed", range(12))
def test_noise_free_statement_over_random_designs(seed):
    # the page: with y = X beta and X_S of full column rank, a Lasso solution with support S
    # and signs s exists exactly when IC <= 1 and beta_S - alpha (X_S^T X_S / n)^{-1} s has
    # the signs s. Checked on random correlated designs, over a grid of alpha, away from the
    # two boundaries (where the certified solver's tolerance decides).
    rng = np.random.default_rng(100 + seed)
    n, p, k = 30, 6, 2
    X = rng.standard_normal((n, p))
    X[:, k:] += rng.uniform(0, 1.2) * X[:, :k] @ rng.standard_normal((k, p - k))
    beta = np.zeros(p)
    beta[:k] = rng.choice([-1, 1], k) * rng.uniform(0.2, 2.0, k)
    s = np.sign(beta[:k])
    X_S = X[:, :k]
    ic = np.abs(X[:, k:].T @ X_S @ np.linalg.solve(X_S.T @ X_S, s)).max()
    d = np.linalg.solve(X_S.T @ X_S / n, s)
    if abs(ic - 1) < 1e-3:
        pytest.skip("on the boundary IC = 1")
    for alpha in np.geomspace(1e-3, 3, 25):
        predicted = ic <= 1 and np.array_equal(np.sign(beta[:k] - alpha * d), s)
        margin = np.abs(beta[:k] - alpha * d).min()
        if margin < 1e-4:
            continue
        coef = sn.lasso(X, X @ beta, alpha=alpha, fit_intercept=False, tol=1e-14).coef
        found = np.array_equal(np.sign(coef), np.sign(beta))
        assert found == predicted, (seed, alpha, ic)


def test_fresh_samples_of_the_failing_design():
    # before: the page said that no alpha gives the true support on the failing design, and
    # "where the Lasso cannot succeed"; that holds without noise (sample IC > 1), not with it
    lines = text().splitlines()
    (ic_line,) = [ln for ln in lines if ln.startswith("sample IC from ")]
    (count_line,) = [ln for ln in lines if ln.startswith("true support on some interval")]
    low, high = floats(ic_line)
    found, total = floats(count_line)
    rng = np.random.default_rng(3)
    ics, recount = [], 0
    for _ in range(100):
        X, y = sample(rng, RHO["condition fails"], true_beta())
        # IC from the regression coefficients of the false columns on X_S
        theta = np.linalg.lstsq(X[:, S], X[:, 3:], rcond=None)[0]
        ics.append(np.abs(theta.sum(axis=0)).max())
        # scikit-learn's path, with its rounding-level coefficient at a drop event (seen on
        # one of these samples: about 1e-16 where the page's path and the certified Lasso
        # have an exact zero) read as zero
        _, _, coefs = lars_path(X, y, method="lasso")
        mids = np.abs(coefs[:, :-1] + coefs[:, 1:])
        supports = [set(np.flatnonzero(m > 1e-10 * mids.max())) for m in mids.T]
        recount += set(S) in supports
    assert total == 100 and found == recount
    assert low == pytest.approx(min(ics), abs=5e-5) and high == pytest.approx(max(ics), abs=5e-5)
    assert low > 1  # "every one with a sample IC above 1"
    assert 0 < found <= 15  # "the exact path of a few has the true support"


@pytest.mark.parametrize("name", list(RHO))
def test_supports_at_breakpoints_and_above_alpha_max(name):
    # "for alpha >= alpha_max the solution is 0 ... at a breakpoint itself, contained in the
    # supports of both neighbouring intervals"
    X, y = first_samples()[name]
    alphas, _, coefs = lars_path(X, y, method="lasso")
    _, supports = support_on_intervals(X, y)
    for i in range(1, len(alphas) - 1):
        at_knot = set(np.flatnonzero(coefs[:, i]))
        assert at_knot <= supports[i - 1] and at_knot <= supports[i]
        fit = sn.lasso(X, y, alpha=alphas[i], fit_intercept=False, tol=1e-14)
        assert set(np.flatnonzero(np.abs(fit.coef) > 1e-8)) <= supports[i - 1] & supports[i]
    for factor in (1.0, 1.5):
        fit = sn.lasso(X, y, alpha=factor * alphas[0], fit_intercept=False, tol=1e-12)
        assert not np.any(fit.coef)


def test_readme_true_support_with_true_signs_on_the_failing_design():
    """README: its samples "rarely give the Lasso the true support with the true signs at
    any strength (without noise, never while the sample's irrepresentable number exceeds
    1)", on the page's 100 fresh samples of the failing design, by scikit-learn's path."""
    rng = np.random.default_rng(3)
    beta = true_beta()
    s_true = np.sign(beta)
    with_noise = without_noise = 0
    for _ in range(100):
        X, y = sample(rng, RHO["condition fails"], beta)
        theta = np.linalg.lstsq(X[:, S], X[:, 3:], rcond=None)[0]
        assert np.abs(theta.sum(axis=0)).max() > 1  # the sample's IC
        for target in (y, X @ beta):
            _, _, coefs = lars_path(X, target, method="lasso")
            mids = (coefs[:, :-1] + coefs[:, 1:]) / 2
            scale = np.abs(mids).max()
            hit = any(
                np.array_equal(np.where(np.abs(m) > 1e-10 * scale, np.sign(m), 0), s_true)
                for m in mids.T
            )
            if target is y:
                with_noise += hit
            else:
                without_noise += hit
    assert without_noise == 0  # "never"
    assert with_noise <= 15  # "rarely"
