"""Every number and every general claim of gallery/beyond pages 3, 4 and 8.

Page 3: plot_3_one_weight_one_data_point.py, page 4: plot_4_subdifferential.py, page 8:
plot_8_the_general_rule.py. Each page is executed once (Agg backend) and its numbers are checked
against computations that do not use the code that produced them: closed forms in plain Python
floats, fractions.Fraction, mpmath at 50 digits, scipy, scikit-learn, or a brute-force global
minimisation written here. Sentences that say "every", "never", "only" are tested over their
whole domain with hypothesis.
"""

import contextlib
import io
import math
import runpy
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize_scalar

import sparsenorm as sn

GALLERY = Path(__file__).parents[1] / "gallery" / "beyond"
SETTINGS = settings(max_examples=100, deadline=None, derandomize=True)
mpmath.mp.dps = 50
HALF_SMALLEST = Fraction(1, 2**1075)  # half the smallest positive double, 2^-1074 / 2


def mp_bisect(f, lo, hi, n=400):
    """Root of an increasing function on [lo, hi] by bisection in mpmath (50 digits)."""
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    assert f(lo) < 0 < f(hi)
    for _ in range(n):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return lo


def run_page(name):
    """Execute a gallery page (Agg backend, figures closed) and return its namespace."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with contextlib.redirect_stdout(io.StringIO()) as out:
        namespace = runpy.run_path(str(GALLERY / name), run_name="__main__")
    plt.close("all")
    namespace["__stdout__"] = out.getvalue()
    return namespace


@pytest.fixture(scope="module")
def page3():
    return run_page("plot_3_one_weight_one_data_point.py")


@pytest.fixture(scope="module")
def page4():
    return run_page("plot_4_subdifferential.py")


@pytest.fixture(scope="module")
def page8():
    return run_page("plot_8_the_general_rule.py")


@pytest.mark.parametrize(
    "name",
    [
        "plot_3_one_weight_one_data_point.py",
        "plot_4_subdifferential.py",
        "plot_8_the_general_rule.py",
    ],
)
def test_printed_lines_fit_in_80_characters(name, page3, page4, page8):
    out = {"plot_3": page3, "plot_4": page4, "plot_8": page8}[name[:6]]["__stdout__"]
    assert max(len(line) for line in out.splitlines()) <= 80


# -- penalties written out independently of sparsenorm ------------------------------------------


def penalty_family(kind, alpha, shape):
    """(vectorised p, closed-form dead-zone edge tau, library prox at step 1) for one penalty."""
    if kind == "L1":
        return (lambda w: alpha * np.abs(w)), alpha, sn.L1(alpha).prox
    if kind == "elastic net":
        rho = shape
        p = lambda w: alpha * (rho * np.abs(w) + (1 - rho) / 2 * w**2)  # noqa: E731
        return p, alpha * rho, sn.ElasticNetPenalty(alpha, rho).prox
    if kind == "L0":
        return (lambda w: alpha * (w != 0)), math.sqrt(2 * alpha), sn.L0(alpha).prox
    if kind == "MCP":
        gamma = shape

        def p(w):
            m = np.abs(w)
            return np.where(
                m <= gamma * alpha, alpha * m - m * m / (2 * gamma), gamma * alpha**2 / 2
            )

        return p, alpha, sn.MCP(alpha, gamma).prox
    if kind == "SCAD":
        a = shape

        def p(w):
            m = np.abs(w)
            middle = (2 * a * alpha * m - m * m - alpha**2) / (2 * (a - 1))
            return np.where(
                m <= alpha, alpha * m, np.where(m <= a * alpha, middle, (a + 1) * alpha**2 / 2)
            )

        return p, alpha, sn.SCAD(alpha, a).prox
    if kind == "lq":
        q = shape
        if q < 1:
            beta = (2 * alpha * (1 - q)) ** (1 / (2 - q))
            tau = (2 - q) / (2 * (1 - q)) * beta
        else:
            tau = 0.0
        return (lambda w: alpha * np.abs(w) ** q), tau, sn.Lq(alpha, q).prox
    if kind == "squared L2":
        return (lambda w: alpha / 2 * w**2), 0.0, sn.SquaredL2(alpha).prox
    raise ValueError(kind)


def brute_force_minimum(p, z):
    """min over w of 1/2 (w - z)^2 + p(w): fine grid on [-|z|, |z|], then local refinement.

    The interval holds every minimiser: each penalty is even and non-decreasing in |w|, so w = z
    beats every |w| > |z|.
    """

    def objective(u):
        return 0.5 * (u - z) ** 2 + p(np.asarray(u))

    bound = abs(z)
    grid = np.unique(np.concatenate([np.linspace(-bound, bound, 6001), [0.0]]))
    values = objective(grid)
    best = float(values.min())
    for i in np.argsort(values)[:4]:
        lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
        if hi > lo:
            result = minimize_scalar(
                lambda u: float(objective(u)),
                bounds=(lo, hi),
                method="bounded",
                options={"xatol": 1e-14},
            )
            best = min(best, float(result.fun))
    return best


family = st.one_of(
    st.tuples(st.just("L1"), st.floats(0.05, 5), st.just(0.0)),
    st.tuples(st.just("elastic net"), st.floats(0.05, 5), st.floats(0.05, 1)),
    st.tuples(st.just("L0"), st.floats(0.05, 5), st.just(0.0)),
    st.tuples(st.just("MCP"), st.floats(0.05, 5), st.floats(1.05, 8)),
    st.tuples(st.just("SCAD"), st.floats(0.05, 5), st.floats(2.05, 8)),
    st.tuples(st.just("lq"), st.floats(0.05, 5), st.floats(0.1, 0.95)),
    st.tuples(st.just("lq"), st.floats(0.05, 5), st.floats(1.05, 3)),
    st.tuples(st.just("squared L2"), st.floats(0.05, 5), st.just(0.0)),
)


# -- page 8: the rule over its whole domain ------------------------------------------------------


@SETTINGS
@given(params=family, u=st.floats(0, 3))
def test_p8_zero_is_a_global_minimiser_exactly_on_the_dead_zone(params, u):
    # "0 in argmin F  <=>  |z| <= tau", for every penalty on the page and all its parameters
    p, tau, prox = penalty_family(*params)
    z = u * max(tau, 0.5)
    assume(abs(z - tau) > 1e-3 * max(tau, 1.0))
    f_zero = 0.5 * z * z
    if z < tau:
        assert brute_force_minimum(p, z) >= f_zero - 1e-12
        assert prox(z, 1.0) == 0 and prox(-z, 1.0) == 0
    else:
        if tau > 0:  # for tau = 0 and q near 1 the dip below F(0) is below float64's resolution
            assert brute_force_minimum(p, z) < f_zero - 1e-10  # (mpmath test: flat penalties)
        assert prox(z, 1.0) != 0 and prox(-z, 1.0) != 0


@SETTINGS
@given(params=family)
def test_p8_tau_is_the_infimum_of_p_over_w_plus_half_w(params):
    # tau = inf_{w > 0} p(w)/w + w/2, minimised numerically on a log scale (scipy)
    p, tau, _ = penalty_family(*params)
    if tau == 0:
        # p(w)/w = alpha' w^(q'-1) -> 0: at w = (1e-10 / alpha')^(1/(q'-1)) it is 1e-10 (mpmath)
        kind, alpha, q = params
        strength, power = (alpha, q) if kind == "lq" else (alpha / 2, 2.0)
        w = min((mpmath.mpf(1e-10) / strength) ** (1 / (mpmath.mpf(power) - 1)), 1e-10)
        assert strength * w ** (power - 1) + w / 2 < 2e-10
        return

    def g(log_w):
        w = math.exp(log_w)
        return float(p(np.asarray(w))) / w + w / 2

    grid = np.linspace(-30, 5, 701)
    values = [g(x) for x in grid]
    i = int(np.argmin(values))
    result = minimize_scalar(g, bounds=(grid[max(i - 1, 0)], grid[min(i + 1, 700)]),
                             method="bounded", options={"xatol": 1e-12})  # fmt: skip
    inf_g = min(result.fun, min(values))
    assert inf_g == pytest.approx(tau, rel=1e-6, abs=1e-6)


@SETTINGS
@given(alpha=st.floats(0.05, 5), q=st.floats(0.1, 0.95))
def test_p8_lq_below_one_jumps_from_zero_to_beta(alpha, q):
    beta = (2 * alpha * (1 - q)) ** (1 / (2 - q))
    tau = (2 - q) / (2 * (1 - q)) * beta
    # beta minimises alpha w^(q-1) + w / 2, and tau is its value there
    assert alpha * beta ** (q - 1) + beta / 2 == pytest.approx(tau, rel=1e-12)
    assert sn.Lq(alpha, q).prox(tau * (1 - 1e-9), 1.0) == 0
    assert float(sn.Lq(alpha, q).prox(tau * (1 + 1e-9), 1.0)) == pytest.approx(beta, rel=1e-3)


@SETTINGS
@given(alpha=st.floats(0.05, 5))
def test_p8_l0_jumps_from_zero_to_sqrt_two_alpha(alpha):
    edge = math.sqrt(2 * alpha)
    assert sn.L0(alpha).prox(edge * (1 - 1e-12), 1.0) == 0
    assert float(sn.L0(alpha).prox(edge * (1 + 1e-12), 1.0)) == pytest.approx(edge)


@SETTINGS
@given(params=family, u=st.floats(0.1, 10), sign=st.sampled_from([-1, 1]))
def test_p8_jump_and_infinite_slope_make_zero_a_local_minimiser_for_every_z(params, u, sign):
    kind, alpha, shape = params
    assume(kind == "L0" or (kind == "lq" and shape < 1))
    p, _, _ = penalty_family(*params)
    z = sign * u
    # F(w) - F(0) = p(w) - z w + w^2 / 2 > 0 for 0 < |w| < delta: L0 delta = alpha / |z|,
    # lq: alpha |w|^q > |z| |w| for |w| < (alpha / |z|)^(1 / (1 - q))
    delta = alpha / u if kind == "L0" else (alpha / u) ** (1 / (1 - shape))
    for w in (delta / 2, -delta / 2, delta / 1e3, -delta / 1e3):
        diff = mpmath.mpf(float(p(np.asarray(w)))) - mpmath.mpf(z) * w + mpmath.mpf(w) ** 2 / 2
        assert diff > 0


@SETTINGS
@given(kind=st.sampled_from(["lq", "squared L2"]), alpha=st.floats(0.05, 5),
       q=st.floats(1.05, 3), z=st.floats(1e-8, 10))  # fmt: skip
def test_p8_flat_penalties_never_have_zero_as_minimiser_for_nonzero_z(kind, alpha, q, z):
    # exact arithmetic (mpmath, 50 digits): with eps = min(z/2, (z / (2 alpha q'))^(1/(q'-1))),
    # F(eps) - F(0) = eps^2/2 - z eps + alpha eps^q' < 0, so 0 is not a minimiser
    power, strength = (q, alpha) if kind == "lq" else (2, alpha / 2)
    z = mpmath.mpf(z)
    eps = min(z / 2, (z / (2 * strength * power)) ** (1 / (mpmath.mpf(power) - 1)))
    assert eps**2 / 2 - z * eps + strength * eps**power < 0


strengths = st.floats(-6, 6).map(lambda e: 10.0**e)  # alpha from 1e-6 to 1e6


def minimum_on_log_scale(f, centre):
    """min of f(e^s) over s in centre +- 20, by scipy on a grid then bounded refinement."""
    grid = np.linspace(centre - 20, centre + 20, 4001)
    values = np.array([f(math.exp(v)) for v in grid])
    i = int(np.clip(np.argmin(values), 1, len(grid) - 2))
    result = minimize_scalar(lambda s: f(math.exp(s)), bounds=(grid[i - 1], grid[i + 1]),
                             method="bounded", options={"xatol": 1e-12})  # fmt: skip
    return min(float(result.fun), float(values.min()))


@SETTINGS
@given(alpha=strengths)
def test_p8_fan_li_minimum_for_lq_half_is_three_quarter_power_and_below_tau(alpha):
    # min_{w > 0} w + p'(w) = w + alpha / (2 sqrt w), by brute force on log w, against the
    # closed form 3 (alpha/4)^(2/3); and below tau, itself minimised from its definition
    # inf_{w > 0} p(w)/w + w/2 (no closed form used)
    centre = 2 / 3 * math.log(alpha)  # the scale of the problem, not the minimiser's location
    fan_li = minimum_on_log_scale(lambda w: w + alpha / (2 * math.sqrt(w)), centre)
    assert fan_li == pytest.approx(3 * (alpha / 4) ** (2 / 3), rel=1e-9)
    tau = minimum_on_log_scale(lambda w: alpha * math.sqrt(w) / w + w / 2, centre)
    assert tau == pytest.approx(1.5 * alpha ** (2 / 3), rel=1e-9)
    assert fan_li < 0.8 * tau  # the ratio is (1/2)^(1/3) = 0.794 for every alpha


@SETTINGS
@given(alpha=strengths, u=st.floats(0, 1 - 1e-6))
def test_p8_fan_li_condition_rules_out_nonzero_stationary_points(alpha, u):
    # Brute force, no derivative: for 0 <= z < 3 (alpha/4)^(2/3) the objective
    # F(w) = (w - z)^2 / 2 + alpha sqrt(w) increases along a fine grid of w > 0 (and
    # F(-w) >= F(w)), so it has no minimum, local or global, away from 0.
    z = u * 3 * (alpha / 4) ** (2 / 3)
    w = np.geomspace(1e-12, 1e3, 20001) * alpha ** (2 / 3)
    objective = 0.5 * (w - z) ** 2 + alpha * np.sqrt(w)
    assert objective[0] > 0.5 * z * z and np.all(np.diff(objective) > 0)
    assert sn.Lq(alpha, 0.5).prox(z, 1.0) == 0


@SETTINGS
@given(alpha=strengths, u=st.floats(1e-3, 1 - 1e-3))
def test_p8_between_fan_li_and_tau_a_grid_finds_a_higher_local_minimum(alpha, u):
    # the converse, by brute force on a grid of w > 0: a local minimum of F away from 0, higher
    # than F(0), and the library's global answer 0
    m, tau = 3 * (alpha / 4) ** (2 / 3), 1.5 * alpha ** (2 / 3)
    z = m + u * (tau - m)
    w = np.geomspace(1e-6, 2, 200001) * alpha ** (2 / 3)
    objective = 0.5 * (w - z) ** 2 + alpha * np.sqrt(w)
    inner = np.flatnonzero((objective[1:-1] < objective[:-2]) & (objective[1:-1] < objective[2:]))
    assert len(inner) >= 1 and np.all(objective[inner + 1] > 0.5 * z * z)
    assert sn.Lq(alpha, 0.5).prox(z, 1.0) == 0


@SETTINGS
@given(x=st.lists(st.floats(-3, 3), min_size=2, max_size=4), alpha=st.floats(0.05, 3))
def test_p8_group_block_is_exactly_zero_iff_its_norm_is_at_most_alpha(x, alpha):
    norm = math.sqrt(math.fsum(v * v for v in x))
    assume(abs(norm - alpha) > 1e-9)
    block = sn.prox_group_l21(np.array(x), alpha, len(x))
    assert np.all(block == 0) == (norm <= alpha)
    if norm > alpha:  # shrunk as a block: (1 - alpha / ||x||) x
        np.testing.assert_allclose(block, (1 - alpha / norm) * np.array(x), atol=1e-12)


@SETTINGS
@given(params=family, u=st.floats(0, 1 - 1e-6), sign=st.sampled_from([-1, 1]))
def test_p8_library_returns_plus_zero_on_the_dead_zone(params, u, sign):
    _, tau, prox = penalty_family(*params)
    assume(tau > 0)
    out = prox(sign * u * tau, 1.0)
    assert out == 0 and not np.signbit(out)


def check_ridge_zero_claims(z, alpha):
    """The page's three sentences on when prox_squared_l2 returns 0.0, checked exactly."""
    computed_zero = sn.prox_squared_l2(z, alpha) == 0
    exact = Fraction(z) / (Fraction(1) + Fraction(alpha))  # z / (1 + alpha), exactly
    # one correctly rounded division by fl(1 + alpha): 0.0 exactly when the quotient <= 2^-1075
    assert computed_zero == (Fraction(z) / Fraction(1 + alpha) <= HALF_SMALLEST)
    # in general only when the exact minimiser is at most 2^-1075 (1 + 2^-53)
    if computed_zero:
        assert exact <= HALF_SMALLEST * (1 + Fraction(1, 2**53))
    # where 1 + alpha is exact (alpha = 1 on the page): exactly when exact <= 2^-1075
    if Fraction(1 + alpha) == 1 + Fraction(alpha):
        assert computed_zero == (exact <= HALF_SMALLEST)
    return computed_zero, exact


magnitudes = st.tuples(st.floats(1, 10), st.integers(-323, 300)).map(
    lambda me: me[0] * 10.0 ** me[1]
)


@SETTINGS
@given(
    z=st.one_of(st.floats(0, 1e-320, allow_subnormal=True), magnitudes),
    alpha=st.one_of(st.floats(0, 10), magnitudes),
)
def test_p8_ridge_minimiser_is_zero_only_when_the_exact_one_is_that_small(z, alpha):
    assume(math.isfinite(z) and math.isfinite(alpha))
    check_ridge_zero_claims(z, alpha)


@SETTINGS
@given(k=st.integers(1, 8), j=st.integers(-8, 8), d=st.integers(-2, 2))
def test_p8_ridge_zero_claims_at_the_rounding_boundary(k, j, d):
    # z = k 2^-1074 and 1 + alpha within a few ulps of 2k + d: quotients right at 2^-1075
    alpha = float(Fraction(2 * k + d - 1) + Fraction(j * (2 * k + d), 2**53))
    assume(alpha >= 0)
    check_ridge_zero_claims(k * 5e-324, alpha)


def nearest_double_below_2_to_the_minus_1021(value):
    """A Fraction of magnitude < 2^-1021 rounded to float64, to nearest, ties to even, by hand:
    there the doubles are the integer multiples of 2^-1074 (subnormal or the lowest binades)."""
    return math.copysign(round(abs(value) * 2**1074) * 5e-324, value) if value else 0.0


def test_p8_ridge_result_near_underflow_is_the_rounded_quotient_with_its_sign_sweep():
    # "one correctly rounded division, z / fl(1 + alpha)": exhaustively over the first 200
    # multiples of 2^-1074, both signs, and strengths where 1 + alpha is exact, rounds down,
    # ties or rounds up; 0 comes back exactly when |z| / fl(1 + alpha) <= 2^-1075, and it is
    # -0.0 for negative z
    ulp = Fraction(1, 2**53)
    alphas = [0.0, 5e-324, 1e-300, 2**-53, 0.5, 1 - 2**-53, 1.0, float(1 + 2 * ulp), 2.0,
              float(3 - 4 * ulp), 3.0, 7.0, 1e10, 1e300]  # fmt: skip
    for alpha in alphas:
        denominator = Fraction(1 + alpha)  # fl(1 + alpha), by Python's own float addition
        assert abs(denominator - (1 + Fraction(alpha))) <= ulp * (1 + Fraction(alpha))
        for k in range(-200, 201):
            z = k * 5e-324
            got = sn.prox_squared_l2(z, alpha)
            want = nearest_double_below_2_to_the_minus_1021(Fraction(z) / denominator)
            assert got == want, (z, alpha, got, want)
            if got == 0:
                assert abs(Fraction(z)) / denominator <= HALF_SMALLEST
                assert bool(np.signbit(got)) == (k < 0), (z, alpha)  # -0.0 for z < 0


def test_p8_ridge_tie_example():
    # alpha = 1 - 2^-53: 1 + alpha rounds to 2, z / 2 = 2^-1075 rounds to 0, although the exact
    # minimiser is above 2^-1075 (and below 2^-1075 (1 + 2^-53))
    alpha = 1 - 2**-53
    assert 1 + alpha == 2.0
    computed_zero, exact = check_ridge_zero_claims(5e-324, alpha)
    assert computed_zero and HALF_SMALLEST < exact <= HALF_SMALLEST * (1 + Fraction(1, 2**53))


@SETTINGS
@given(c=st.floats(0.05, 20), t=magnitudes)
def test_p8_lq_three_halves_is_zero_only_when_the_minimiser_is_below_the_smallest_double(c, t):
    # data whose exact minimiser is near 2^-1074: x = g(c 2^-1074), g(u) = u + 1.5 t u^(1/2)
    assume(1e-300 < t < 1e300)
    with mpmath.workdps(80):
        u0 = c * mpmath.mpf(2) ** -1074
        x = float(u0 + mpmath.mpf(t) * mpmath.mpf(1.5) * mpmath.sqrt(u0))
        assume(0 < x < 1e300)
        # sqrt(u) solves s^2 + 1.5 t s - x = 0: s = 2x / (1.5 t + sqrt(2.25 t^2 + 4 x))
        s = (
            2
            * mpmath.mpf(x)
            / (1.5 * mpmath.mpf(t) + mpmath.sqrt(2.25 * mpmath.mpf(t) ** 2 + 4 * mpmath.mpf(x)))
        )
        exact = s**2
        if sn.prox_lq(x, t, 1.5) == 0:
            assert exact < mpmath.mpf(2) ** -1074


@SETTINGS
@given(alpha=strengths, u=st.floats(0.001, 0.999))
def test_p8_lq_half_has_a_second_higher_local_minimum_between_fan_li_and_tau(alpha, u):
    m, tau = 3 * (alpha / 4) ** (2 / 3), 1.5 * alpha ** (2 / 3)
    z = m + u * (tau - m)
    w0 = (alpha / 4) ** (2 / 3)  # where w + alpha / (2 sqrt w) is smallest (value m < z)
    other = brentq(lambda w: w + alpha / (2 * math.sqrt(w)) - z, w0, z, xtol=1e-15 * z)
    assert 1 - alpha / (4 * other**1.5) > 0  # F'' > 0: a local minimum
    assert 0.5 * (other - z) ** 2 + alpha * math.sqrt(other) > 0.5 * z * z  # higher than F(0)
    assert sn.Lq(alpha, 0.5).prox(z, 1.0) == 0


@SETTINGS
@given(params=family, u=st.floats(0, 1 - 1e-6))
def test_p8_zero_is_the_only_minimiser_strictly_inside_the_dead_zone(params, u):
    # "for |z| < tau the zero is the only minimiser": F(w) - F(0) = w (p(w)/w + w/2 - z) > 0 for
    # every w > 0 (and for w < 0, where -z w >= 0 and w^2 / 2 > 0)
    p, tau, prox = penalty_family(*params)
    assume(tau > 0)
    z = u * tau
    w = np.geomspace(1e-12, 1e3, 40001) * max(tau, 1e-3)
    with np.errstate(divide="ignore"):
        assert np.all(p(w) / w + w / 2 - z > 0)
        assert np.all(p(-w) + w * w / 2 + z * w > 0)
    assert prox(z, 1.0) == 0 and prox(-z, 1.0) == 0


def test_p8_printed_table(page8):
    # tau for each of the page's penalties, from the definition inf_{w > 0} p(w)/w + w/2 with the
    # penalty written out in this file (penalty_family) at the parameters the page's objects
    # hold, minimised by scipy on log w: independent of the page's closed forms and its grid
    objects = page8["penalties"]
    params = {
        "L1": ("L1", objects["L1"].alpha, 0.0),
        "elastic net": ("elastic net", objects["elastic net"].alpha,
                        objects["elastic net"].l1_ratio),
        "L0": ("L0", objects["L0"].alpha, 0.0),
        "MCP": ("MCP", objects["MCP"].alpha, objects["MCP"].gamma),
        "SCAD": ("SCAD", objects["SCAD"].alpha, objects["SCAD"].a),
        "lq, q = 1/2": ("lq", objects["lq, q = 1/2"].alpha, objects["lq, q = 1/2"].q),
        "squared L2": ("squared L2", objects["squared L2"].alpha, 0.0),
        "lq, q = 3/2": ("lq", objects["lq, q = 3/2"].alpha, objects["lq, q = 3/2"].q),
    }  # fmt: skip
    assert [objects[n].alpha for n in ("L1", "L0", "MCP", "SCAD", "squared L2")] == [
        1.0, 0.5, 1.0, 1.0, 1.0]  # fmt: skip
    out = page8["__stdout__"].splitlines()
    for name, (kind, alpha, shape) in params.items():
        p = penalty_family(kind, alpha, shape)[0]

        def g(log_w, p=p):
            w = math.exp(log_w)
            return float(p(np.asarray(w))) / w + w / 2

        grid = np.linspace(-40, 5, 4501)
        values = np.array([g(v) for v in grid])
        i = int(np.argmin(values))
        if i == 0:  # smallest at w = e^-40: the infimum is the limit at 0+, within ~1e-8 of it
            tau = float(values[0])
        else:
            result = minimize_scalar(g, bounds=(grid[i - 1], grid[min(i + 1, 4500)]),
                                     method="bounded", options={"xatol": 1e-12})  # fmt: skip
            tau = min(float(result.fun), float(values.min()))
        assert tau == pytest.approx(1.0 if name not in ("squared L2", "lq, q = 3/2") else 0.0,
                                    abs=1e-8)  # fmt: skip
        assert page8["closed_form"][name] == pytest.approx(tau, abs=1e-8)
        assert page8["edges"][name] == pytest.approx(tau, abs=1e-8)
        # the definition column: the smallest value on the page's grid, recomputed here
        w_grid = np.geomspace(1e-8, 10, 4001)
        on_grid = float(np.min(p(w_grid) / w_grid + w_grid / 2))
        assert page8["definition"][name] == pytest.approx(on_grid, rel=1e-12)
        # the minimiser 1e-9 past the edge: 0 for continuous rules, the jump beta for the others
        beta = {}
        if name == "L0":
            beta[name] = math.sqrt(2 * alpha)
        if name == "lq, q = 1/2":
            beta[name] = float((2 * mpmath.mpf(alpha) * (1 - shape)) ** (1 / (2 - shape)))
        assert page8["past"][name] == pytest.approx(beta.get(name, 0.0), abs=5e-5)  # fmt: skip
        # the printed row, from the independent numbers
        row = next(line for line in out if line.startswith(f"{name:12} "))
        assert row.split()[-4:] == [f"{tau:.4f}", f"{on_grid:.4f}", f"{tau:.4f}",
                                    f"{beta.get(name, 0.0):.4f}"]  # fmt: skip
    # "agree to the digits printed, except in the q = 3/2 row, where the definition shows 0.0001"
    assert f"{page8['definition']['lq, q = 3/2']:.4f}" == "0.0001"
    assert f"{page8['definition']['squared L2']:.4f}" == "0.0000"
    assert page8["definition"]["squared L2"] == pytest.approx(1e-8, rel=1e-12)
    for name in params:
        if name != "lq, q = 3/2":
            assert f"{page8['definition'][name]:.4f}" == f"{page8['closed_form'][name]:.4f}"


def test_p8_local_minimum_of_lq_half_at_z_09(page8):
    alpha = (2 / 3) ** 1.5
    z = 0.9
    m = 3 * (alpha / 4) ** (2 / 3)
    assert page8["fan_li"] == pytest.approx(m, rel=1e-14)
    assert f"{m:.4f}" == "0.7937" and m < z < 1.0
    # the larger root of w + alpha / (2 sqrt w) = z, independently by brentq
    other = brentq(lambda w: w + alpha / (2 * math.sqrt(w)) - z, (alpha / 4) ** (2 / 3), z,
                   xtol=1e-15)  # fmt: skip
    assert page8["w_other"] == pytest.approx(other, rel=1e-12)
    f_other = 0.5 * (other - z) ** 2 + alpha * math.sqrt(other)
    assert page8["f_other"] == pytest.approx(f_other, rel=1e-12)
    assert f"{other:.4f}" == "0.5240" and f"{f_other:.4f}" == "0.4647"
    # a local minimum: F'' = 1 - alpha / (4 w^1.5) > 0, and higher than F(0) = 0.405
    assert 1 - alpha / (4 * other**1.5) > 0
    assert f_other > 0.405 == page8["f_zero"]
    assert page8["w_global"] == 0


def test_p8_group_counts(page8):
    rng = np.random.default_rng(0)
    points = rng.uniform(-1, 1, size=(1000, 2))
    inside = sum(Fraction(a) ** 2 + Fraction(b) ** 2 <= 1 for a, b in points)  # exact
    assert inside == 773
    assert int(page8["inside"].sum()) == inside == sum(page8["group_zero"])
    assert sum(page8["ridge_zero"]) == np.count_nonzero(points == 0) == 0


def test_p8_floating_point_lines(page8):
    out = page8["__stdout__"]
    assert Fraction(5e-324) / 2 == HALF_SMALLEST  # the exact ridge minimiser at z = 5e-324
    assert f"{float(mpmath.mpf(2) ** -1075 * 10**324):.3g}" == "2.47"
    assert sn.prox_squared_l2(5e-324, 1.0) == 0
    # the tie example: exact 2^-1074 / (2 - 2^-53), to 17 digits, against 2^-1075
    with mpmath.workdps(60):
        tie = mpmath.mpf(2) ** -1074 / (2 - mpmath.mpf(2) ** -53)
        assert mpmath.nstr(tie, 17, min_fixed=1, max_fixed=0) == "2.4703282292062329e-324"
        half = mpmath.nstr(mpmath.mpf(2) ** -1075, 17, min_fixed=1, max_fixed=0)
        assert half == "2.4703282292062327e-324"
    assert sn.prox_squared_l2(5e-324, 1 - 2**-53) == 0
    assert "0.0 (exact 2.4703282292062329e-324)" in out
    assert "2^-1075 = 2.4703282292062327e-324" in out
    # q = 3/2, z = 1e-170: sqrt(w) solves s^2 + 1.5 s - z = 0
    with mpmath.workdps(400):  # enough digits for the cancellation in -1.5 + sqrt(2.25 + 4z)
        z = mpmath.mpf(1e-170)
        s = (-1.5 + mpmath.sqrt(2.25 + 4 * z)) / 2
        assert mpmath.nstr(s**2, 3) == "4.44e-341"
    assert sn.prox_lq(1e-170, 1.0, 1.5) == 0
    assert sn.prox_l1(np.nextafter(1.0, 2.0), 1.0) == 2.0**-52
    assert "(exact 2.47e-324)" in out and "(exact 4.44e-341)" in out
    assert "L1, first float past 1: 2.22e-16" in out


def test_p8_mcp_scad_return_z_beyond_their_outer_knot():
    z = np.linspace(0, 6, 6001)
    mcp, scad = sn.MCP(1.0, 3.0).prox(z, 1.0), sn.SCAD(1.0, 3.7).prox(z, 1.0)
    assert np.all(mcp[z > 3] == z[z > 3])
    assert np.all(mcp[(z > 1) & (z < 3 - 1e-9)] < z[(z > 1) & (z < 3 - 1e-9)])
    assert np.all(scad[z > 3.7] == z[z > 3.7])
    assert np.all(scad[(z > 1) & (z < 3.7 - 1e-9)] < z[(z > 1) & (z < 3.7 - 1e-9)])
    # elastic net beyond its dead zone: (z - 1) / 2 at alpha = 2, rho = 1/2; L1: z - 1
    np.testing.assert_allclose(
        sn.ElasticNetPenalty(2.0, 0.5).prox(z[z > 1], 1.0), (z[z > 1] - 1) / 2
    )
    np.testing.assert_allclose(sn.L1(1.0).prox(z[z > 1], 1.0), z[z > 1] - 1)
    # q = 1/2 approaches z: the gap z - w* = alpha q w*^(q-1) shrinks as z grows
    lq = sn.Lq((2 / 3) ** 1.5, 0.5).prox(z[z > 1], 1.0)
    assert np.all(np.diff(z[z > 1] - lq) < 0)


# -- page 3 ------------------------------------------------------------------------------------


def test_p3_library_equals_formulas_in_plain_python_floats(page3):
    z = page3["z"]
    assert z.size == 240 and not np.any(np.abs(z) == 1.0)  # no L0 tie on the grid
    # the reason the page gives: -3 + 6k/239 is never -1, 0, 1 or +-0.5 (239 k / 6 whole)
    exact = [Fraction(-3) + Fraction(6 * k, 239) for k in range(240)]
    assert not {Fraction(-1), Fraction(0), Fraction(1), Fraction(-1, 2), Fraction(1, 2)} & set(
        exact
    )
    assert Fraction(2, 1) / Fraction(6, 239) == Fraction(239, 3)
    assert not np.any(np.isin(np.abs(z), [0.0, 0.5]))
    formulas = {
        "L1": lambda v: math.copysign(max(abs(v) - 1.0, 0.0), v) if abs(v) > 1 else 0.0,
        "L2": lambda v: v / 2.0,
        "L0": lambda v: v if abs(v) > 1 else 0.0,
        "elastic net": lambda v: (
            math.copysign(max(abs(v) - 0.5, 0.0), v) / 1.5 if abs(v) > 0.5 else 0.0
        ),
    }
    for name, formula in formulas.items():
        library = page3["penalties"][name][1](z)
        assert np.array_equal(library, [formula(v) for v in z]), name
        assert np.array_equal(page3["derived"][name], library)
    assert page3["__stdout__"].count("library equals derived formula: True") == 4


def test_p3_brute_force_is_the_nearest_grid_point_and_never_beats_the_closed_form(page3):
    z, spacing = page3["z"], 1e-3
    for name, (_, closed_form) in page3["penalties"].items():
        exact = closed_form(z)
        # F is convex with curvature >= 1 on each side of the kink (L1, L2, EN), or the best
        # non-zero point is w = z (L0): the grid minimiser is the grid point nearest to w*
        nearest = np.round(exact / spacing) * spacing
        np.testing.assert_allclose(page3["brute"][name], nearest, atol=1e-12)
        distance = np.max(np.abs(nearest - exact))
        assert distance <= spacing / 2 + 1e-12 and f"{distance:.2g}" == "0.0005"
    assert page3["__stdout__"].count("never beaten: True") == 4


def test_p3_dead_zone_counts(page3):
    z = page3["z"]
    in_zone = sum(abs(Fraction(v)) <= 1 for v in z)
    in_en_zone = sum(abs(Fraction(v)) <= Fraction(1, 2) for v in z)
    assert (in_zone, in_en_zone) == (80, 40)
    dead = page3["dead"]
    for name, expected in [("L1", 80), ("L2", 0), ("L0", 80), ("elastic net", 40)]:
        assert np.count_nonzero(page3["brute"][name][dead] == 0) == expected
        assert np.count_nonzero(page3["penalties"][name][1](z)[dead] == 0) == expected
    tiny = np.array([1e-3, 1e-9, 1e-300])
    assert [Fraction(v) for v in sn.prox_squared_l2(tiny, 1.0)] == [Fraction(v) / 2 for v in tiny]
    assert np.all(sn.prox_l1(tiny, 1.0) == 0)
    assert sn.prox_squared_l2(0.6, 1.0) == 0.3 and sn.prox_l1(0.6, 1.0) == 0


@SETTINGS
@given(x=st.lists(st.floats(-5, 5), min_size=6, max_size=6), y=st.lists(st.floats(-5, 5),
       min_size=6, max_size=6), alpha=st.floats(0, 20))  # fmt: skip
def test_p3_cv_74542_one_predictor_lasso_is_zero_iff_alpha_at_least_abs_xty(x, y, alpha):
    # 1/2 ||y - x b||^2 + alpha |b|, one predictor: b* = soft(x'y, alpha) / x'x
    x, y = np.array(x), np.array(y)
    xty, xtx = float(x @ y), float(x @ x)
    assume(xtx > 1e-3 and abs(abs(xty) - alpha) > 1e-9)
    objective = lambda b: 0.5 * np.sum((y - x * b) ** 2) + alpha * abs(b)  # noqa: E731
    bound = abs(xty) / xtx + 1
    best = minimize_scalar(objective, bounds=(-bound, bound), method="bounded",
                           options={"xatol": 1e-12}).x  # fmt: skip
    soft = float(sn.prox_l1(xty, alpha)) / xtx
    assert objective(soft) <= objective(best) + 1e-9
    assert (soft == 0) == (alpha >= abs(xty))


# -- page 4 ------------------------------------------------------------------------------------


def test_p4_supporting_slopes_of_abs_at_zero_are_exactly_minus_one_to_one(page4):
    slopes, supporting = page4["slopes"], page4["supporting"]
    assert np.array_equal(supporting, np.abs(slopes) <= 1)
    assert slopes[supporting].min() == -1 and slopes[supporting].max() == 1


@SETTINGS
@given(g=st.floats(-3, 3), v=st.floats(-100, 100))
def test_p4_subdifferential_of_abs_at_zero_is_minus_one_to_one(g, v):
    # |v| >= g v for all v exactly when |g| <= 1: a search over v that does not know the proof
    v_grid = np.concatenate([np.linspace(-5, 5, 2001), [v]])
    violated = bool(np.any(np.abs(v_grid) < g * v_grid))
    assert violated == (abs(g) > 1)


def test_p4_lq_minimisers_above_one(page4):
    z = page4["z"]  # overwritten later on the page by the 601-point grid; rebuild the first one
    magnitudes = np.logspace(-12, 0.5, 60)
    z = np.concatenate([-magnitudes[::-1], magnitudes])
    assert page4["magnitudes"].tolist() == magnitudes.tolist()
    assert magnitudes.size == 60 and z.size == 120  # "60 magnitudes ... 120 values of z"
    # q = 2: z / 3 exactly as computed; q = 1.5: sqrt(w) solves s^2 + 1.5 s - |z| = 0
    np.testing.assert_allclose(sn.prox_lq(z, 1.0, 2.0), z / 3, rtol=1e-15)
    s = 2 * np.abs(z) / (1.5 + np.sqrt(2.25 + 4 * np.abs(z)))
    np.testing.assert_allclose(sn.prox_lq(z, 1.0, 1.5), np.sign(z) * s**2, rtol=1e-13)
    # q = 1.1 at |z| = 1e-12, by mpmath at 50 digits
    zz = mpmath.mpf(float(magnitudes[0]))
    guess = (zz / 1.1) ** 10  # the root lies in [guess / 4, 2 guess]
    root = mp_bisect(lambda w: mpmath.log(1.1 * w**0.1) - mpmath.log(zz - w), guess / 4, 2 * guess)
    smallest = {1.1: float(root), 1.5: float(s.min() ** 2), 2.0: 1e-12 / 3}
    out = page4["__stdout__"]
    for q, value in smallest.items():
        w_q = sn.prox_lq(z, 1.0, q)
        assert np.all(w_q != 0)
        assert np.abs(w_q).min() == pytest.approx(value, rel=1e-12)
        assert f"q = {q}: non-zero for all 120 z: True; smallest |w*| {value:.2g}" in out
        # "about (|z| / (alpha q))^(1/(q-1)) when |z| is well below alpha q"
        if q < 2:
            assert value == pytest.approx((1e-12 / q) ** (1 / (q - 1)), rel=1e-6)
    assert np.count_nonzero(np.abs(z) <= 1) == 114
    assert "exactly zero for 114 of them" in out


def test_p4_subdiff_distance_at_soft_threshold_and_on_the_dead_zone(page4):
    z = np.linspace(-3, 3, 601)
    w_star = np.sign(z) * np.maximum(np.abs(z) - 1, 0)
    assert np.max(np.abs((w_star - z) + np.sign(w_star))[w_star != 0]) <= 1e-15
    assert np.all(np.abs(z[w_star == 0]) <= 1)
    assert page4["at_solution"].max() <= 1e-15
    at_zero = page4["at_zero"]
    assert np.array_equal(at_zero == 0, np.abs(z) <= 1)
    np.testing.assert_allclose(at_zero[np.abs(z) > 1], np.abs(z[np.abs(z) > 1]) - 1, rtol=1e-14)


def test_p4_small_lasso(page4):
    from sklearn.linear_model import Lasso

    X, y = page4["X"], page4["y"]
    n = X.shape[0]
    alpha_max = max(abs(math.fsum(X[i, j] * y[i] for i in range(n))) for j in range(12)) / n
    assert page4["alpha_max"] == pytest.approx(alpha_max, rel=1e-14)
    assert f"{alpha_max:.4f}" == "1.7938" and f"{0.2 * alpha_max:.4f}" == "0.3588"
    alpha = page4["penalty"].alpha
    sk = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y)
    zero = page4["zero"]
    assert np.array_equal(sk.coef_ == 0, zero) and zero.sum() == 9
    np.testing.assert_allclose(page4["w_hat"], sk.coef_, atol=1e-7)
    assert page4["residual"].max() < 1e-12
    grad = X.T @ (X @ sk.coef_ - y) / n
    np.testing.assert_allclose(page4["ratio"], np.abs(grad) / alpha, atol=1e-6)
    assert np.all(page4["ratio"][zero] < 1)  # strictly inside
    np.testing.assert_allclose(page4["ratio"][~zero], 1, atol=1e-9)
    # w = 0: residual 0 at alpha_max, (1 - 0.999) alpha_max just below
    grad0 = -X.T @ y / n
    assert sn.L1(alpha_max).subdiff_distance(np.zeros(12), grad0).max() == 0
    below = sn.L1(0.999 * alpha_max).subdiff_distance(np.zeros(12), grad0).max()
    assert below == pytest.approx(0.001 * alpha_max, rel=1e-9)
    assert f"{below:.2g}" == "0.0018"


def test_p4_lasso_zeros_survive_a_small_change_of_the_data(page4):
    # "a small enough change of the data ... leaves the coordinate at exactly zero": the zero
    # coordinates' margin 1 - |gradient| / alpha, against perturbations of y well inside it
    from sklearn.linear_model import Lasso

    X, y, alpha, zero = page4["X"], page4["y"], page4["penalty"].alpha, page4["zero"]
    margin = 1 - page4["ratio"][zero].max()
    assert margin > 0.4
    n = X.shape[0]
    rng = np.random.default_rng(1)
    for scale in (1e-6, 1e-4, 1e-2):
        for _ in range(3):
            dy = scale * rng.standard_normal(n)
            # |x_j' dy| / n <= ||x_j|| ||dy|| / n: the shift of each gradient entry is small
            shift = np.linalg.norm(X, axis=0).max() * np.linalg.norm(dy) / n
            assert shift < 0.1 * margin * alpha
            fit = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000)
            coef = fit.fit(X, y + dy).coef_
            assert np.array_equal(coef == 0, zero)


@SETTINGS
@given(alpha=st.floats(0.05, 5), shape=st.floats(1.05, 8), u=st.floats(0, 3),
       kind=st.sampled_from(["MCP", "SCAD"]))  # fmt: skip
def test_p4_mcp_scad_first_order_condition_is_sufficient_with_curvature_one(alpha, shape, u, kind):
    # 1/2 (w - z)^2 + p(w) is convex for MCP (gamma > 1) and SCAD (a > 2): the condition at 0,
    # |z| <= alpha, decides whether 0 is the global minimiser (brute force)
    if kind == "SCAD":
        shape += 1  # a > 2
    p, _, prox = penalty_family(kind, alpha, shape)
    z = u * alpha
    assume(abs(z - alpha) > 1e-3 * alpha)
    w = np.linspace(-3 * z - 1, 3 * z + 1, 20001)
    objective = 0.5 * (w - z) ** 2 + p(w)
    assert np.all(np.diff(objective, 2) >= -1e-12)  # convex on the grid (second differences)
    zero_is_global = objective.min() >= 0.5 * z * z - 1e-12
    assert zero_is_global == (z <= alpha) == (prox(z, 1.0) == 0)


@SETTINGS
@given(alpha=st.floats(0.05, 5), gamma=st.floats(1.05, 8), excess=st.floats(0.05, 4),
       u=st.floats(0.05, 0.95))  # fmt: skip
def test_p4_mcp_first_order_condition_is_not_sufficient_with_a_flatter_data_term(
    alpha, gamma, excess, u
):
    # data term (c / 2)(w - z)^2 with curvature c = 1 / t < 1 / gamma: the same minimiser as
    # 1/2 (w - z)^2 + t p(w), prox_mcp at step t. The condition at 0, |c z| <= alpha, holds for
    # |z| <= t alpha, but 0 is beaten by w = z once |z| > alpha sqrt(gamma t) (< t alpha)
    t = gamma * (1 + excess)
    low, high = alpha * math.sqrt(gamma * t), t * alpha
    z = low + u * (high - low)
    assert abs(z / t) <= alpha  # the first-order condition holds at 0
    f_zero = 0.5 * z * z / t
    f_z = mcp_scalar_for_test(z, alpha, gamma)  # (c / 2)(z - z)^2 + p(z)
    assert f_z < f_zero  # ... yet 0 is not the global minimiser
    assert sn.prox_mcp(z, t, alpha, gamma) == z


def mcp_scalar_for_test(w, alpha, gamma):
    w = abs(w)
    return alpha * w - w * w / (2 * gamma) if w <= gamma * alpha else gamma * alpha**2 / 2


# -- page 8: the explorable "move the data and the strength" ------------------------------------
# The explorable's penalties, keyed as on its control, as (kind, shape) of penalty_family above.
EXPLORED = {
    "l1": ("L1", 0.0),
    "l2": ("squared L2", 0.0),
    "l0": ("L0", 0.0),
    "enet": ("elastic net", 0.5),
    "mcp": ("MCP", 3.0),
    "scad": ("SCAD", 3.7),
    "lq": ("lq", 0.5),
}
# The edges the prose names: alpha, alpha / 2, sqrt(2 alpha), (3/2) alpha^(2/3), none.
EXPLORED_EDGE = {
    "l1": lambda a: a,
    "l2": lambda a: 0.0,
    "l0": lambda a: math.sqrt(2 * a),
    "enet": lambda a: a / 2,
    "mcp": lambda a: a,
    "scad": lambda a: a,
    "lq": lambda a: 1.5 * a ** (2 / 3),
}


def tau_by_scipy(p):
    """inf_{w > 0} p(w)/w + w/2: a grid on log w from e^-40 to e^5, then scipy's bounded search."""

    def g(log_w):
        w = math.exp(log_w)
        return float(p(np.asarray(w))) / w + w / 2

    grid = np.linspace(-40, 5, 2251)
    values = np.array([g(v) for v in grid])
    i = int(np.argmin(values))
    if i == 0:  # decreasing towards w = 0+: the infimum is the limit there (about e^-40 off)
        return float(values[0])
    result = minimize_scalar(g, bounds=(grid[i - 1], grid[min(i + 1, grid.size - 1)]),
                             method="bounded", options={"xatol": 1e-12})  # fmt: skip
    return min(float(result.fun), float(values.min()))


def thresholding_closed_form(key, alpha, z):
    """w*(z) written out here: soft, soft-then-shrink, hard, firm, SCAD, ridge, half (brentq)."""
    m, s = abs(z), math.copysign(1.0, z)
    if key == "l1":
        return s * max(m - alpha, 0.0)
    if key == "enet":
        return s * max(m - alpha / 2, 0.0) / (1 + alpha / 2)
    if key == "l2":
        return z / (1 + alpha)
    if key == "l0":
        return z if m > math.sqrt(2 * alpha) else 0.0
    if key == "mcp":  # gamma = 3
        if m <= alpha:
            return 0.0
        return s * 3 * (m - alpha) / 2 if m <= 3 * alpha else z
    if key == "scad":  # a = 3.7
        a = 3.7
        if m <= 2 * alpha:
            return s * max(m - alpha, 0.0)
        return s * ((a - 1) * m - a * alpha) / (a - 2) if m <= a * alpha else z
    tau = 1.5 * alpha ** (2 / 3)
    if m <= tau:
        return 0.0
    beta = alpha ** (2 / 3)  # (2 alpha (1 - q))^(1 / (2 - q)) at q = 1/2
    return s * brentq(lambda w: w + alpha / (2 * math.sqrt(w)) - m, beta, m, xtol=1e-15)


def test_p8_explorable_edges_table_is_the_closed_forms_and_the_definition(page8):
    # The printed dead-zone edges (bisection on sparsenorm's prox) against the closed forms in
    # plain floats and against tau = inf p(w)/w + w/2 by scipy, with the penalty written out here.
    out = page8["__stdout__"].splitlines()
    header = next(i for i, line in enumerate(out) if line.startswith("dead-zone edge"))
    assert out[header].split()[2:] == ["α", "=", "0.5", "α", "=", "1", "α", "=", "1.5", "α",
                                       "=", "2"]  # fmt: skip
    alphas = [0.5, 1.0, 1.5, 2.0]
    assert page8["alpha_values"].tolist() == alphas
    rows = out[header + 1 : header + 1 + len(EXPLORED)]
    for key, row in zip(EXPLORED, rows, strict=True):
        label = page8["explored"][key][0]
        assert row.startswith(label)
        kind, shape = EXPLORED[key]
        printed = [float(v) for v in row[len(label) :].split()]
        for alpha, shown in zip(alphas, printed, strict=True):
            closed = EXPLORED_EDGE[key](alpha)
            by_scipy = tau_by_scipy(penalty_family(kind, alpha, shape)[0])
            assert by_scipy == pytest.approx(closed, abs=1e-8), (key, alpha)
            assert page8["explored_edges"][key, alpha] == pytest.approx(closed, abs=1e-12)
            assert f"{shown:.4f}" == f"{closed:.4f}", (key, alpha, row)
            # the penalty object the page built is the one named on the control
            penalty = page8["explored"][key][1](alpha)
            assert penalty.prox(closed * (1 - 1e-9), 1.0) == 0
            if closed > 0:
                assert penalty.prox(closed * (1 + 1e-9), 1.0) != 0


def test_p8_explorable_every_label_is_the_global_minimiser(page8):
    # Each of the 700 (penalty, alpha, z) labels: the value printed is the global minimiser by a
    # brute-force minimisation of the penalty written out here, "(exactly 0)" is there exactly
    # when it is 0, and that is exactly when |z| <= tau (closed form).
    curves = page8["curves"]
    assert len(curves) == len(EXPLORED) * 4 * 25
    assert sorted({row["z"] for row in curves}) == [k / 4 for k in range(-12, 13)]
    for row in curves:
        key, alpha, z = row["p"], row["a"], row["z"]
        kind, shape = EXPLORED[key]
        p, _, _ = penalty_family(kind, alpha, shape)
        w_star = float(page8["explored"][key][1](alpha).prox(z, 1.0))  # the scalar call
        assert row["label"] == f"minimiser w* = {w_star:.4g}" + (
            " (exactly 0)" if w_star == 0 else ""
        )
        # the printed digits, against the thresholding rule written out here (0 at the ties)
        expected = thresholding_closed_form(key, alpha, z)
        assert f"{w_star:.4g}" == f"{expected + 0.0:.4g}", (key, alpha, z, row["label"])
        f_star = 0.5 * (w_star - z) ** 2 + float(p(np.asarray(w_star)))
        assert f_star <= brute_force_minimum(p, z) + 1e-9, row["label"]
        assert (w_star == 0) == (abs(z) <= EXPLORED_EDGE[key](alpha)), (key, alpha, z)
        assert row["ws"] == pytest.approx(w_star, abs=5.01e-5)  # rounded to 4 decimals
        assert row["fs"] == pytest.approx(f_star, abs=5.01e-5)
        w = page8["w_drawn"]
        np.testing.assert_allclose(row["f"], 0.5 * (w - z) ** 2 + p(w), atol=0.00501)


def test_p8_explorable_thresholding_functions_and_dead_zones(page8):
    z_drawn = page8["z_drawn"]
    assert len(page8["thresholding"]) == len(page8["dead_zones"]) == len(EXPLORED) * 4
    for row, zone in zip(page8["thresholding"], page8["dead_zones"], strict=True):
        key, alpha = row["p"], row["a"]
        assert (zone["p"], zone["a"]) == (key, alpha)
        expected = [thresholding_closed_form(key, alpha, float(z)) for z in z_drawn]
        np.testing.assert_allclose(row["w"], expected, atol=5.01e-5)  # 4 decimals
        # the drawn pieces break exactly at the jumps, at +-tau, for L0 and q = 1/2 only
        assert max(row["seg"]) == (2 if key in ("l0", "lq") else 0), key
        edge = EXPLORED_EDGE[key](alpha)
        assert zone["hi"] == pytest.approx(edge, abs=1e-12) and zone["lo"] == -zone["hi"]
        if edge == 0:
            assert zone["text"] == "no dead zone: w* = 0 only at z = 0"
        else:
            assert zone["text"] == f"dead zone: |z| ≤ {edge:.4g}"


@SETTINGS
@given(params=family, z=st.lists(st.floats(-6, 6), min_size=2, max_size=2))
def test_p8_minimiser_is_odd_and_non_decreasing_and_its_zeros_an_interval(params, z):
    # "the minimiser is an odd and non-decreasing function of z, so the data values it sends
    # to 0 form an interval": sparsenorm's prox (which the bisection uses), exactly, and the
    # exact argmin by brute force (it never decreases as z grows)
    p, _, prox = penalty_family(*params)
    z1, z2 = sorted(z)
    w1, w2 = float(prox(z1, 1.0)), float(prox(z2, 1.0))
    assert float(prox(-z1, 1.0)) == -w1 and float(prox(-z2, 1.0)) == -w2
    assert w1 <= w2
    if 0 <= z1 and w2 == 0:
        assert w1 == 0
    # brute force on a grid: the set of grid minimisers moves right as z grows
    grid = np.linspace(-7, 7, 14001)
    values = lambda v: 0.5 * (grid - v) ** 2 + p(grid)  # noqa: E731
    assume(z2 - z1 > 1e-3)
    first = grid[np.flatnonzero(values(z1) <= values(z1).min() + 1e-12)]
    second = grid[np.flatnonzero(values(z2) <= values(z2).min() + 1e-12)]
    assert first.min() <= second.min() and first.max() <= second.max()


@SETTINGS
@given(alpha=st.floats(0.05, 5), key=st.sampled_from(["l1", "enet", "mcp", "scad"]),
       delta=st.floats(1e-9, 1e-2))  # fmt: skip
def test_p8_kinked_penalties_at_the_explorables_shapes_are_convex_and_leave_zero_continuously(
    alpha, key, delta
):
    # "whose p(w) + w^2/2 is convex at these shapes, tau is the slope p'(0+) and the minimiser
    # leaves 0 continuously": second differences, a one-sided difference quotient, and the
    # minimiser just past the edge (at most twice the distance past it: slope 3/2 for MCP)
    kind, shape = EXPLORED[key]
    p, tau, prox = penalty_family(kind, alpha, shape)
    w = np.linspace(-3 * (1 + alpha) * 3.7, 3 * (1 + alpha) * 3.7, 40001)
    assert np.all(np.diff(p(w) + w**2 / 2, 2) >= -1e-9)
    h = 1e-9 * alpha
    assert float(p(np.asarray(h))) / h == pytest.approx(EXPLORED_EDGE[key](alpha), rel=1e-6)
    assert tau == pytest.approx(EXPLORED_EDGE[key](alpha), rel=1e-15)
    for sign in (1, -1):
        past = float(prox(sign * (tau + delta), 1.0))
        assert 0 < sign * past <= 2 * delta


@SETTINGS
@given(alpha=st.floats(0.05, 5), key=st.sampled_from(["l0", "lq"]))
def test_p8_l0_and_lq_half_jump_to_beta_at_the_edge(alpha, key):
    tau = EXPLORED_EDGE[key](alpha)
    beta = math.sqrt(2 * alpha) if key == "l0" else alpha ** (2 / 3)
    penalty = {"l0": sn.L0(alpha), "lq": sn.Lq(alpha, q=0.5)}[key]
    for sign in (1, -1):
        assert penalty.prox(sign * tau * (1 - 1e-9), 1.0) == 0
        jump = float(penalty.prox(sign * tau * (1 + 1e-9), 1.0))
        assert jump == pytest.approx(sign * beta, rel=1e-4)


@SETTINGS
@given(k=st.integers(1, 2**20), e=st.integers(-20, 20))
def test_p8_l0_returns_zero_at_the_tie(k, e):
    # at |z| = sqrt(2 alpha) exactly (z a double, alpha = z^2 / 2 exact), 0 and z tie: prox is 0
    z = math.ldexp(k, e)
    alpha = Fraction(z) ** 2 / 2
    assume(float(alpha) == alpha)
    assert sn.L0(float(alpha)).prox(z, 1.0) == 0 and sn.L0(float(alpha)).prox(-z, 1.0) == 0
    assert 0.5 * z * z == float(alpha)  # the objective at 0 equals the one at z


def test_p8_lq_half_at_the_tie_returns_zero_and_the_jump_one_ulp_past_it():
    # "both return 0" at a tie, and "within one unit in the last place of tau either answer":
    # alpha = 8 gives tau = (3/2) 8^(2/3) = 6 exactly, a tie of 0 and beta = 4 (checked in
    # fractions); alpha = 1 gives tau = 1.5, also exact. Two ulps either side, the exact answer.
    for alpha, tau, beta, root_beta in [(8, 6, 4, 2), (1, Fraction(3, 2), 1, 1)]:
        assert (
            root_beta**2 == beta
            and Fraction(tau) ** 2 == (tau - beta) ** 2 + 2 * alpha * root_beta
        )
        alpha, tau, beta = float(alpha), float(tau), float(beta)
        penalty = sn.Lq(alpha, q=0.5)
        assert penalty.prox(tau, 1.0) == 0 and penalty.prox(-tau, 1.0) == 0
        below, above = tau - 2 * math.ulp(tau), tau + 2 * math.ulp(tau)
        assert penalty.prox(below, 1.0) == 0
        assert float(penalty.prox(above, 1.0)) == pytest.approx(beta, rel=1e-7)
        assert float(penalty.prox(-above, 1.0)) == pytest.approx(-beta, rel=1e-7)


@SETTINGS
@given(alpha=st.floats(0.05, 5), excess=st.floats(1e-6, 10))
def test_p8_lq_half_minimiser_is_within_a_few_ulps(alpha, excess):
    # "for q = 1/2 found by bisection, to a few units in the last place": against the largest
    # root of s^3 - |z| s + alpha / 2 = 0 (s = sqrt w), in mpmath at 50 digits
    z = 1.5 * alpha ** (2 / 3) * (1 + excess)
    w = float(sn.Lq(alpha, q=0.5).prox(z, 1.0))
    beta = mpmath.mpf(alpha) ** (mpmath.mpf(2) / 3)
    root = mp_bisect(lambda u: u + mpmath.mpf(alpha) / (2 * mpmath.sqrt(u)) - mpmath.mpf(z),
                     beta, mpmath.mpf(z))  # fmt: skip
    assert abs(mpmath.mpf(w) - root) <= 8 * 2.0**-52 * root


def test_p8_explorable_static_figure_alt_text(page8):
    # "the L1 curve has its lowest point at exactly zero, the L2 curve at 0.4 ... L1 is flat at
    # zero for data between -1.5 and 1.5, L2 a straight line through the origin"
    assert sn.L1(1.5).prox(1.0, 1.0) == 0
    assert Fraction(1) / (1 + Fraction(3, 2)) == Fraction(2, 5)
    assert float(sn.SquaredL2(1.5).prox(1.0, 1.0)) == pytest.approx(0.4, rel=1e-15)
    z = page8["z_drawn"]
    w = sn.L1(1.5).prox(z, 1.0)
    assert np.all((w == 0) == (np.abs(z) <= 1.5))
    np.testing.assert_allclose(sn.SquaredL2(1.5).prox(z, 1.0), z / 2.5, rtol=1e-15)


def test_p8_explorable_spec_matches_the_browser_test_and_is_json(page8):
    # the controls that tests/browser/test_explorables.py drives, and a specification that the
    # site's scraper can embed (json.dumps with allow_nan=False, as docs/_ext/sngallery.py does)
    import json

    spec = page8["explorable"].to_dict()
    json.dumps(spec, allow_nan=False)
    params = {p["name"]: p for p in spec["params"]}
    assert params["z"]["value"] == 1.0 and params["alpha"]["value"] == 1.5
    assert (params["z"]["bind"]["min"], params["z"]["bind"]["max"]) == (-3, 3)
    assert params["z"]["bind"]["step"] == 0.25 and params["alpha"]["bind"]["step"] == 0.5
    assert params["penalty"]["bind"]["options"] == list(EXPLORED)
    assert params["penalty"]["value"] == "l1"
    assert {"curves", "thresholding", "dead_zones"} <= set(spec["datasets"])
    # every slider position has its data: 25 values of z, 4 of alpha, 7 penalties
    positions = {(row["p"], row["a"], row["z"]) for row in spec["datasets"]["curves"]}
    assert positions == {(key, a / 2, z / 4) for key in EXPLORED for a in range(1, 5)
                         for z in range(-12, 13)}  # fmt: skip


def test_p8_underflow_edges_of_the_flat_penalties(page8):
    # squared L2 at alpha = 1: z / 2 rounds to 0 exactly when z / 2 <= 2^-1075, i.e. z <= 2^-1074
    # (the next double, 2^-1073, halves to 2^-1074 exactly); q = 3/2 at alpha = 1: the exact
    # minimiser w solves w + 1.5 sqrt(w) = z, and rounds to 0 for w < 2^-1075, i.e. below
    # z(w) = w + 1.5 sqrt(w) at w = 2^-1074 (mpmath); at the page's edge the exact minimiser,
    # from solving s^2 + 1.5 s = z for s = sqrt(w), is about 1.2e-324, below 2^-1074
    edges = page8["underflow_edges"]
    assert edges["squared L2"] == 2.0**-1074
    assert Fraction(2.0**-1073) / 2 == Fraction(2) ** -1074 > HALF_SMALLEST
    with mpmath.workdps(60):
        w_smallest = mpmath.mpf(2) ** -1074
        z_smallest = w_smallest + mpmath.mpf(1.5) * mpmath.sqrt(w_smallest)
        z = mpmath.mpf(edges["lq, q = 3/2"])
        s = 2 * z / (mpmath.mpf(1.5) + mpmath.sqrt(mpmath.mpf(2.25) + 4 * z))
        w_edge = s**2
    assert 0 < edges["lq, q = 3/2"] < float(z_smallest)
    assert w_edge < w_smallest and mpmath.nstr(w_edge, 2) == "1.2e-324"
    assert mpmath.nstr(z, 3) == "1.67e-162"
    next_z = np.nextafter(edges["lq, q = 3/2"], 1.0)
    assert sn.prox_lq(next_z, 1.0, 1.5) != 0 == sn.prox_lq(edges["lq, q = 3/2"], 1.0, 1.5)
    out = page8["__stdout__"]
    assert "squared L2: largest z with minimiser 0.0 is 4.94e-324" in out
    assert "lq, q = 3/2: largest z with minimiser 0.0 is 1.67e-162" in out
    # the three-ways prox column prints 0.0000 for both: 60 halvings of [0, 10] never test
    # a z below 10 * 2^-60
    assert page8["edges"]["squared L2"] == page8["edges"]["lq, q = 3/2"] == 0.0
    assert 10 * 2.0**-60 > edges["lq, q = 3/2"]


def test_p8_ridge_zero_carries_the_sign_bit_of_z_including_minus_zero():
    for z in (0.0, -0.0, 5e-324, -5e-324):
        got = sn.prox_squared_l2(z, 1.0)
        assert got == 0 and bool(np.signbit(got)) == bool(np.signbit(z))
    # z = 0 gives 0 without underflow: "for z != 0, 0.0 comes only from underflow"
    assert sn.prox_squared_l2(1e-300, 1.0) != 0


def test_p8_oscillating_penalty_grows_linearly_without_kink_jump_or_infinite_slope():
    # p(w) = |w| (2 + sin(1/|w|)): p(w)/w lies in [1, 3] (so tau > 0) but oscillates, so p has no
    # one-sided slope at 0 (no kink), p(0+) = 0 (no jump) and p(w)/w stays bounded (no infinite
    # slope); tau = inf (2 + sin(1/w) + w/2) is positive
    w = np.geomspace(1e-9, 1e-3, 200001)
    ratio = 2 + np.sin(1 / w)
    assert ratio.min() < 1.001 and ratio.max() > 2.999 and ratio.min() >= 1
    tau = float(np.min(ratio + w / 2))
    assert 1 <= tau < 1.01
