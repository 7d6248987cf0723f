"""Every number and claim of gallery/right_zeros, recomputed independently.

The pages run under pytest's ``filterwarnings = error``, so a page that warns fails here.

Each page runs once (in-process, figures collected and then closed); its printed output and
variables are checked against independent computations: closed forms, other linear programs
(a strict dual certificate instead of the basis-pursuit solution, an interior-point method
instead of the simplex method), scikit-learn's Lasso and its exact LARS path, and the
statistical dimension of the l1 descent cone in closed form (normal pdf and tail function,
root of the stationarity equation) instead of the pages' quadrature and minimisation.
"""

import contextlib
import functools
import io
import math
import re
import runpy
from fractions import Fraction
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from scipy.optimize import brentq, linprog
from scipy.special import ndtr
from scipy.stats import binom
from sklearn.linear_model import Lasso, lars_path

matplotlib.use("Agg")
import matplotlib.pyplot as plt

GALLERY = Path(__file__).resolve().parents[1] / "gallery" / "right_zeros"


@functools.cache
def run_page(stem):
    """Run a page: (printed text, its global variables, [(label, width, smallest font)])."""
    (path,) = GALLERY.glob(f"{stem}_*.py")
    out, figures = io.StringIO(), []

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            fig = plt.figure(number)
            sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
            figures.append((fig.get_label(), fig.get_size_inches()[0], min(sizes)))
            plt.close(fig)

    real_show = plt.show
    plt.show = show
    try:
        with contextlib.redirect_stdout(out), np.printoptions(), matplotlib.rc_context():
            namespace = runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.show = real_show
        plt.close("all")
    return out.getvalue(), namespace, figures


def line_after(text, prefix):
    (line,) = [ln for ln in text.splitlines() if ln.startswith(prefix)]
    return line[len(prefix) :]


def floats(line):
    return [float(v) for v in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", line)]


def test_every_page_is_checked_here():
    # pages 1-2 here; page 3 (right and wrong zeros) is checked by its own claims tests
    assert sorted(p.name[:6] for p in GALLERY.glob("plot_*.py")) == ["plot_1", "plot_2", "plot_3"]


@pytest.mark.parametrize("stem", ["plot_1", "plot_2"])
def test_printed_lines_fit_80_columns_and_figures_follow_the_conventions(stem):
    text, _, figures = run_page(stem)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert figures
    for label, width, smallest in figures:
        assert len(label) > 40 and "$" not in label and "\\" not in label
        assert width <= 5 and smallest >= 12


# -- the statistical dimension in closed form -------------------------------------------------
#
# With φ the standard normal density and Q = 1 − Φ its tail,
#   √(2/π) ∫_τ^∞ (u − τ)² e^{−u²/2} du = 2 ∫_τ^∞ (u − τ)² φ(u) du = 2[(1 + τ²) Q(τ) − τ φ(τ)],
# from ∫_τ^∞ φ = Q, ∫_τ^∞ u φ = φ(τ), ∫_τ^∞ u² φ = τ φ(τ) + Q(τ). The objective
# J(τ) = ε(1 + τ²) + 2(1 − ε)[(1 + τ²)Q − τφ] has J' = 2ετ − 4(1 − ε)(φ − τQ) and
# J'' = 2ε + 4(1 − ε)Q > 0: convex, minimised at the root of ετ = 2(1 − ε)(φ(τ) − τQ(τ)).


def phi(t):
    return math.exp(-t * t / 2) / math.sqrt(2 * math.pi)


def tail(t):
    return float(ndtr(-t))


def objective(eps, t):
    return eps * (1 + t * t) + 2 * (1 - eps) * ((1 + t * t) * tail(t) - t * phi(t))


def tau_star(eps):
    def stationarity(t):
        return eps * t - 2 * (1 - eps) * (phi(t) - t * tail(t))

    return brentq(stationarity, 1e-12, 40, xtol=1e-15)


def psi_closed(eps):
    return objective(eps, tau_star(eps))


def rho_closed(delta):
    """Solve ψ(ε) = δ by parametrising with τ: ε(τ) from the stationarity equation."""

    def eps_of(t):
        r = 2 * (phi(t) / t - tail(t))
        return r / (1 + r)

    t = brentq(lambda t: objective(eps_of(t), t) - delta, 1e-9, 12, xtol=1e-15)
    return eps_of(t) / delta


def test_closed_form_of_the_integral_and_convexity():
    from scipy.integrate import quad

    for t in (0.0, 0.3, 1.0, 2.5):
        integrand = functools.partial(lambda u, t: (u - t) ** 2 * math.exp(-u * u / 2), t=t)
        integral = math.sqrt(2 / math.pi) * quad(integrand, t, np.inf, epsabs=1e-13)[0]
        assert integral == pytest.approx(2 * ((1 + t * t) * tail(t) - t * phi(t)), abs=1e-11)
    for eps in (0.01, 0.3, 0.9):
        ts = np.linspace(0, 6, 601)
        assert np.all(np.diff([objective(eps, t) for t in ts], 2) > 0)


def test_p2_predicted_rho_agrees_with_the_closed_form():
    text, ns, _ = run_page("plot_2")
    block = text.split("delta  predicted rho = k/n\n")[1].splitlines()[:5]
    printed = {float(a): float(b) for a, b in (line.split() for line in block)}
    assert sorted(printed) == [0.1, 0.25, 0.5, 0.75, 0.9]
    for delta, rho in printed.items():
        assert rho == pytest.approx(rho_closed(delta), abs=0.51e-4)
        assert ns["rho_pred"][delta] == pytest.approx(rho_closed(delta), abs=1e-7)


def test_p2_the_curve_is_the_closed_form():
    _, ns, _ = run_page("plot_2")
    for eps, delta in zip(ns["eps_curve"], ns["delta_curve"], strict=True):
        assert delta == pytest.approx(psi_closed(eps), abs=1e-7)


def test_p2_the_curve_matches_the_statistical_dimension_bounds_by_monte_carlo():
    """Amelunxen et al.'s l1 bound as quoted: Nψ(k/N) − 2√(N/k) ≤ δ(D) ≤ Nψ(k/N).

    The statistical dimension is δ(D) = E dist²(g, cone ∂‖x‖₁) for a standard normal g.

    With s = +1 on S (g is symmetric), dist²(g, τ∂‖x‖₁) = Σ_S (g_i − τ)² + Σ_{S^c} (|g_i| − τ)₊²
    is convex and piecewise quadratic in τ; its minimiser over τ ≥ 0 is 0 or one of
    τ_m = (Σ_S g_i + sum of the m largest |g_i| off S) / (k + m), so the minimum over those
    candidates is exact.
    """
    rng = np.random.default_rng(7)
    N, M = 100, 2000
    for k in (2, 10, 40):
        g = rng.standard_normal((M, N))
        on, off = g[:, :k], -np.sort(-np.abs(g[:, k:]), axis=1)
        top = np.concatenate([np.zeros((M, 1)), np.cumsum(off, axis=1)], axis=1)
        taus = np.maximum((on.sum(1)[:, None] + top) / (k + np.arange(N - k + 1)), 0)
        taus = np.concatenate([np.zeros((M, 1)), taus], axis=1)[:, :, None]
        d2 = (((on[:, None, :] - taus) ** 2).sum(2)
              + (np.maximum(off[:, None, :] - taus, 0) ** 2).sum(2)).min(axis=1)  # fmt: skip
        mean, sem = d2.mean(), d2.std() / math.sqrt(M)
        upper = N * psi_closed(k / N)
        assert upper - 2 * math.sqrt(N / k) - 4 * sem <= mean <= upper + 4 * sem


# -- page 1 -----------------------------------------------------------------------------------


def strict_margin(A, support, signs, method="highs-ipm"):
    """min over ν with A_Sᵀν = s of max_{j∉S}|a_jᵀν| (< 1 with A_S injective ⇔ unique)."""
    n, N = A.shape
    off = np.setdiff1d(np.arange(N), support)
    ones = np.ones((off.size, 1))
    res = linprog(
        np.r_[np.zeros(n), 1.0],
        A_ub=np.block([[A[:, off].T, -ones], [-A[:, off].T, -ones]]),
        b_ub=np.zeros(2 * off.size),
        A_eq=np.c_[A[:, support].T, np.zeros(len(support))],
        b_eq=signs,
        bounds=[(None, None)] * n + [(0, None)],
        method=method,
    )
    assert res.status == 0
    return res.fun


def uniquely_recovered(A, x):
    support = np.flatnonzero(x)
    if support.size == 0:
        return True
    if np.linalg.matrix_rank(A[:, support]) < support.size:
        return False
    return strict_margin(A, support, np.sign(x[support])) < 1


def test_p1_setup_and_the_threshold_quoted_from_page_2():
    text, ns, _ = run_page("plot_1")
    assert (ns["N"], ns["n"], ns["k"]) == (100, 40, 6)
    assert np.count_nonzero(ns["x_true"]) == 6
    sizes = np.abs(ns["x_true"][ns["support"]])
    assert np.all((sizes >= 1) & (sizes <= 2))  # "sizes between 1 and 2"
    assert f"at {ns['support'].tolist()}" in text
    # "puts the threshold for k = 6 and N = 100 near 23 measurements: 40 is well above it"
    assert round(100 * psi_closed(0.06)) == 23
    assert 40 - 100 * psi_closed(0.06) > math.sqrt(100)


def test_p1_table_of_the_three_solutions():
    text, ns, _ = run_page("plot_1")
    A, y, x_true = ns["A"], ns["y"], ns["x_true"]
    # least squares: the minimum-norm solution A^T (A A^T)^{-1} y
    x_l2 = A.T @ np.linalg.solve(A @ A.T, y)
    np.testing.assert_allclose(ns["x_l2"], x_l2, atol=1e-12)
    # basis pursuit: the optimal value by an interior-point LP in the form min 1ᵀt, |x| ≤ t
    N = A.shape[1]
    eye = np.eye(N)
    lp = linprog(np.r_[np.zeros(N), np.ones(N)],
                 A_ub=np.block([[eye, -eye], [-eye, -eye]]), b_ub=np.zeros(2 * N),
                 A_eq=np.c_[A, np.zeros_like(A)], b_eq=y,
                 bounds=[(None, None)] * N + [(0, None)] * N, method="highs-ipm")  # fmt: skip
    assert lp.fun == pytest.approx(np.abs(x_true).sum(), rel=1e-9)
    # the Lasso: scikit-learn's coordinate descent on the same objective
    ref = Lasso(alpha=1e-3, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(A, y).coef_
    np.testing.assert_allclose(ns["lasso"].coef, ref, atol=1e-8)
    expected = {
        "true x": (6, np.abs(x_true).sum()),
        "least squares": (np.sum(x_l2 != 0), np.abs(x_l2).sum(), np.abs(x_l2 - x_true).max()),
        "basis pursuit": (6, lp.fun, 0.0),
        "Lasso": (np.sum(ref != 0), np.abs(ref).sum(), np.abs(ref - x_true).max()),
    }
    for name, values in expected.items():
        printed = floats(line_after(text, name))
        assert printed[0] == values[0]
        assert printed[1] == pytest.approx(values[1], abs=0.6e-4)
        if len(values) > 2:
            assert printed[2] == pytest.approx(values[2], rel=0.06, abs=1e-13)
        if name != "true x":
            assert printed[3] <= 0.05 if name == "Lasso" else printed[3] < 1e-13
    assert expected["least squares"][0] == 100  # "spreads the signal over all 100 entries"
    assert expected["Lasso"][0] == 7  # "keeps the six ... and adds a small wrong one"
    assert np.all(ref[ns["support"]] != 0)
    assert np.all(np.abs(ref[ns["support"]]) < np.abs(x_true[ns["support"]]))  # shrunk


def test_p1_what_exactly_means():
    text, ns, _ = run_page("plot_1")
    bp, x_true, support, A, y = ns["bp"], ns["x_true"], ns["support"], ns["A"], ns["y"]
    assert line_after(text, "support found: ") == str(support.tolist())
    off = np.setdiff1d(np.arange(100), support)
    assert np.all(bp.coef[off] == 0.0)  # "came out as exactly 0.0"
    assert line_after(text, "largest |entry| off the support: ") == "0.0"
    rel = max(abs(Fraction(float(a)) - Fraction(float(b))) / abs(Fraction(float(b)))
              for a, b in zip(bp.coef[support], x_true[support], strict=True))  # fmt: skip
    assert 0 < rel < Fraction(1, 10**14) and rel < 50 * Fraction(2) ** -52
    assert floats(line_after(text, "largest relative error on the support: "))[0] == (
        pytest.approx(float(rel), rel=0.06)
    )
    # the certificate, in exact arithmetic: ‖Aᵀν‖∞ ≤ 1 and ‖x‖₁ − yᵀν tiny
    nu = [Fraction(float(v)) for v in bp.dual]
    At_nu = [sum(Fraction(float(a)) * v for a, v in zip(col, nu, strict=True)) for col in A.T]
    assert max(abs(v) for v in At_nu) <= 1 + Fraction(1, 10**15)
    gap = sum(abs(Fraction(float(v))) for v in bp.coef) - sum(
        Fraction(float(b)) * v for b, v in zip(y, nu, strict=True)
    )
    l1 = sum(abs(Fraction(float(v))) for v in bp.coef)
    assert abs(gap) < 100 * Fraction(2) ** -52 * l1 and bp.converged  # "level of rounding"
    assert "converged: True" in text


def test_p1_the_strict_certificate_proves_uniqueness():
    text, ns, _ = run_page("plot_1")
    A, support, x_true, bp = ns["A"], ns["support"], ns["x_true"], ns["bp"]
    off = np.setdiff1d(np.arange(100), support)
    s = np.sign(x_true[support])
    # the simplex dual reaches ±1 at many coordinates off the support (exact arithmetic)
    touching = int(line_after(text, "simplex dual at +-1 off the support: "))
    nu = [Fraction(float(v)) for v in bp.dual]
    exact = [abs(sum(Fraction(float(a)) * v for a, v in zip(A[:, j], nu, strict=True)))
             for j in off]  # fmt: skip
    assert touching == sum(v > 1 - Fraction(1, 10**9) for v in exact) and touching > 1
    smallest = math.sqrt(np.linalg.eigvalsh(A[:, support].T @ A[:, support]).min())
    assert floats(line_after(text, "smallest singular value of A_S: "))[0] == (
        pytest.approx(smallest, abs=0.6e-4)
    )
    assert smallest > 0.1  # linearly independent columns
    margin = strict_margin(A, support, s, method="highs-ipm")
    printed = floats(line_after(text, "strict certificate: max |a_j^T nu| off the support = "))
    assert printed[0] == pytest.approx(margin, abs=0.6e-4) and margin < 1
    nu_strict = ns["nu_strict"]
    np.testing.assert_allclose(A[:, support].T @ nu_strict, s, atol=1e-9)
    assert np.abs(A[:, off].T @ nu_strict).max() == pytest.approx(margin, abs=1e-7)


def test_p1_the_lasso_as_alpha_goes_to_zero():
    text, ns, _ = run_page("plot_1")
    A, y, x_true, support = ns["A"], ns["y"], ns["x_true"], ns["support"]
    off = np.setdiff1d(np.arange(100), support)
    s = np.sign(x_true[support])
    nu_ls = np.linalg.lstsq(A[:, support].T, s, rcond=None)[0]  # minimum-norm solution
    values = np.abs(A[:, off].T @ nu_ls)
    violators = off[values > 1]
    assert line_after(text, "|a_j^T nu_LS| > 1 off the support at j = ") == str(violators.tolist())
    assert violators.size == 1  # "here it fails, at one coordinate"
    assert floats(line_after(text, "  largest value "))[0] == pytest.approx(values.max(), abs=6e-5)
    # the exact Lasso path (LARS; its alphas are on scikit-learn's Lasso scale)
    knots, _, coefs = lars_path(A, y, method="lasso", alpha_min=0.0)
    np.testing.assert_allclose(coefs[:, -1], x_true, atol=1e-10)  # ends in the BP solution
    assert knots[-1] < 1e-14 and knots[-2] > 1e-2  # the three fits lie on the last piece
    last = np.flatnonzero((coefs[:, -2] + coefs[:, -1]) / 2)  # inside the last piece
    assert set(last) == set(support) | set(violators)  # the extra sits where ν_LS fails
    # at no α > 0 the true support with the true signs: check every piece of the exact path
    for a in range(coefs.shape[1] - 1):
        mid = (coefs[:, a] + coefs[:, a + 1]) / 2
        assert not (set(np.flatnonzero(mid)) == set(support)
                    and np.all(np.sign(mid[support]) == s))  # fmt: skip
    # the printed table: the same ratios at the three α, as on the exact linear piece
    rows = text.split("max error / alpha\n")[1].splitlines()[:3]
    for row, a in zip(rows, (1e-2, 1e-3, 1e-4), strict=True):
        on_path = np.array([np.interp(a, knots[::-1], c[::-1]) for c in coefs])
        parsed = floats(row)
        assert parsed[0] == a and parsed[1] == violators[0]
        assert parsed[2] == pytest.approx(on_path[violators[0]] / a, abs=0.6e-4)
        assert parsed[3] == pytest.approx(np.abs(on_path - x_true).max() / a, abs=0.6e-4)


def test_p1_draws_at_three_sizes_checked_by_the_strict_certificate():
    """The counts, by a dual criterion (not basis pursuit), and the sentences about them."""
    text, ns, _ = run_page("plot_1")
    N, k = ns["N"], ns["k"]
    trials = np.random.default_rng(1)
    unique, draws = {}, []
    for n in (23, 30, 40):
        unique[n] = 0
        for _ in range(100):
            A_t = trials.standard_normal((n, N)) / np.sqrt(n)
            x_t = np.zeros(N)
            x_t[trials.choice(N, size=k, replace=False)] = trials.choice([-1.0, 1.0], size=k)
            draws.append((A_t, x_t))
            unique[n] += uniquely_recovered(A_t, x_t)
        line = line_after(text, f"n = {n}: recovered in ")
        assert line.startswith(f"{unique[n]} of 100 draws (")
        # the fraction and two binomial standard errors, from scipy's binomial distribution
        p = unique[n] / 100
        fraction, two_se = floats(line.split("(")[1])
        assert fraction == pytest.approx(p, abs=0.006)
        assert two_se == pytest.approx(2 * binom.std(100, p) / 100, abs=0.006)
    assert floats(line_after(text, "largest error among the recovered: "))[0] < 1e-12
    assert round(N * psi_closed(k / N)) == 23  # "n = 23, the threshold ... for k = 6"
    # "about half of the draws succeed on it": within two binomial standard errors of 1/2
    assert abs(unique[23] - 50) <= 2 * math.sqrt(100 * 0.25)
    assert unique[30] >= 90  # "nearly all a few measurements above it"
    assert unique[40] == 100  # "every one of these 100 at 40"
    # "uncertain by up to about ±0.1": the largest two standard errors over every p = c/100
    assert max(2 * binom.std(100, c / 100) / 100 for c in range(101)) == pytest.approx(0.1)
    # the margin of Theorem II for η = 0.1, "about 54 measurements": a_η from its
    # definition η = 4 exp(-a²/8) solved numerically
    a_01 = brentq(lambda a: 4 * math.exp(-a * a / 8) - 0.1, 0, 20, xtol=1e-14)
    margin = floats(line_after(text, "a_0.1 sqrt(N) = "))[0]
    assert margin == pytest.approx(a_01 * math.sqrt(N), abs=0.06) and round(margin) == 54
    source = next(GALLERY.glob("plot_1_*.py")).read_text()
    assert f"about {round(margin)} measurements" in " ".join(source.replace("#", " ").split())


def test_p1_some_recovered_draws_have_rounding_level_entries_off_the_support():
    """ "in other instances some entries come out at rounding level instead": counted."""
    text, ns, _ = run_page("plot_1")
    N, k = ns["N"], ns["k"]
    trials = np.random.default_rng(1)
    total, inexact, largest = 0, 0, 0.0
    for n in (23, 30, 40):
        for _ in range(100):
            A_t = trials.standard_normal((n, N)) / np.sqrt(n)
            x_t = np.zeros(N)
            x_t[trials.choice(N, size=k, replace=False)] = trials.choice([-1.0, 1.0], size=k)
            if not uniquely_recovered(A_t, x_t):  # the dual criterion, not the page's
                continue
            from sparsenorm import basis_pursuit

            coef = basis_pursuit(A_t, A_t @ x_t).coef
            total += 1
            off = coef[x_t == 0]
            inexact += bool(np.any(off != 0))
            largest = max(largest, float(np.abs(off).max()))
    printed = floats(line_after(text, "recovered draws with entries off the support not "))
    assert printed[-1] == inexact
    of_total, printed_largest = floats(line_after(text, "  of "))
    assert of_total == total
    assert 0 < inexact < total  # "some", and "other instances" than exact zeros
    assert printed_largest == pytest.approx(largest, rel=0.06)
    assert largest < 1e-12  # "at rounding level"


# -- page 2 -----------------------------------------------------------------------------------


def replay_trials():
    """The page's trials, redrawn from its seed: {delta: [(A, order, signs), ...]}."""
    rng = np.random.default_rng(0)
    draws = {}
    for delta in [0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9]:
        n = round(delta * 100)
        draws[delta] = [
            (rng.standard_normal((n, 100)) / np.sqrt(n), rng.permutation(100),
             rng.choice([-1.0, 1.0], size=100))
            for _ in range(12)
        ]  # fmt: skip
    return draws


def test_p2_each_k_star_is_checked_by_the_strict_certificate():
    """k* recovered and k* + 1 not, by a dual criterion; with monotonicity, k* is right."""
    _, ns, _ = run_page("plot_2")
    for delta, trials in replay_trials().items():
        for (A, order, signs), k_star in zip(trials, ns["k_star"][delta], strict=True):
            x = np.zeros(100)
            x[order[:k_star]] = signs[:k_star]
            assert uniquely_recovered(A, x)
            if k_star + 1 <= A.shape[0]:
                x[order[k_star]] = signs[k_star]
                assert not uniquely_recovered(A, x)


@pytest.mark.parametrize("seed", range(4))
def test_recovery_is_monotone_and_depends_only_on_support_and_signs(seed):
    """The page's two facts, on full scans over k (every k, not a bisection)."""
    from sparsenorm import basis_pursuit

    rng = np.random.default_rng(100 + seed)
    n, N = 20, 50
    A = rng.standard_normal((n, N))
    order, signs = rng.permutation(N), rng.choice([-1.0, 1.0], size=N)
    outcome = []
    for k in range(n + 1):
        x = np.zeros(N)
        x[order[:k]] = signs[:k]
        outcome.append(np.abs(basis_pursuit(A, A @ x).coef - x).max() <= 1e-6)
        x[order[:k]] *= rng.uniform(0.1, 10.0, size=k)  # other sizes, same support and signs
        assert outcome[-1] == (np.abs(basis_pursuit(A, A @ x).coef - x).max() <= 1e-6)
    k_star = outcome.index(False) - 1
    assert all(outcome[: k_star + 1]) and not any(outcome[k_star + 1 :])


def test_p2_errors_and_number_of_linear_programs():
    text, ns, _ = run_page("plot_2")
    (line,) = [ln for ln in text.splitlines() if ln.endswith(" linear programs")]
    programs = int(line.split()[0])
    steps = [math.log2(round(d * 100) + 1) for d in ns["deltas"]]  # bisection of [0, n + 1]
    low, high = (12 * sum(f(s) for s in steps) for f in (math.floor, math.ceil))
    assert low <= programs <= high
    largest = floats(line_after(text, "largest error of a recovery: "))[0]
    smallest = floats(line_after(text, "smallest error of a failure: "))[0]
    assert largest < 1e-8 and smallest > 1e-2  # "far on either side" of 1e-6


def test_p2_table_of_50_percent_points():
    text, ns, _ = run_page("plot_2")
    coverage = 1 - 2 * binom.cdf(2, 12, 0.5)
    assert floats(line_after(text, "coverage of the order-statistic interval: "))[0] == (
        pytest.approx(coverage, abs=0.6e-3)
    )
    rows = text.split("rho    delta\n")[1].splitlines()[:5]
    for row in rows:
        delta, n, predicted, empirical, low, high, d_rho, d_delta = floats(row)
        assert n == round(100 * delta)
        ks = np.sort(ns["k_star"][delta])
        assert empirical == pytest.approx(np.median(ks) / n, abs=0.6e-4)
        assert low == pytest.approx(ks[2] / n, abs=6e-4)
        assert high == pytest.approx(ks[9] / n, abs=6e-4)
        assert predicted == pytest.approx(rho_closed(delta), abs=0.6e-4)
        assert d_rho == pytest.approx(np.median(ks) / n - rho_closed(delta), abs=1.1e-4)
        assert d_delta == pytest.approx(delta - psi_closed(np.median(ks) / n * delta), abs=1.1e-4)
        assert low <= rho_closed(delta) <= high  # "every predicted value lies inside"
        assert abs(d_delta) < 0.408 / 4  # "far more than the differences in delta"
    # "at delta = 0.1 ... steps of 0.1, about half the predicted value"
    assert 0.45 < 0.1 / rho_closed(0.1) < 0.55
    # "the median of 12 integers k* ... (the mean of the 6th and 7th, possibly a
    # half-integer), in steps of 0.05": the printed 50 % points are those means of the
    # k* that the strict-certificate test checks, and in this data one is a half-integer
    halves = []
    for row in rows:
        delta, n, _, empirical = floats(row)[:4]
        ks = np.sort(ns["k_star"][delta])
        assert empirical == pytest.approx((int(ks[5]) + int(ks[6])) / 2 / n, abs=0.6e-4)
        halves.append((int(ks[5]) + int(ks[6])) % 2 == 1)
    assert any(halves)


def test_p2_bound_of_theorem_ii():
    text, _, _ = run_page("plot_2")
    assert floats(line_after(text, "a_(1/2) / sqrt(N) = "))[0] == pytest.approx(
        math.sqrt(8 * math.log(4 / 0.5)) / 10, abs=6e-4
    )
    # "2 a_(1/2) sqrt(N) is about 82 measurements, most of the range of n" (n <= 100)
    assert round(2 * math.sqrt(8 * math.log(4 / 0.5)) * math.sqrt(100)) == 82
