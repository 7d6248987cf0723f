"""MCP, SCAD and the lq penalty: values, proximal operators, subgradients, validation.

The proximal operators are checked against a brute-force global minimisation of the one-weight
problem 1/2 (u - x)^2 + step * p(u) that knows nothing of their closed forms: a fine grid over
[-|x|, |x|] (which holds every minimiser, since each penalty is even and non-decreasing in |u|:
u = x beats any |u| > |x|), refined by scipy's bounded scalar minimiser around the best grid
points. The penalty values used there are written out here again from the papers' formulas.
"""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

import sparsenorm as sn
from sparsenorm.testing import assert_gradient_matches, assert_prox_optimal

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)

xs = st.floats(-20, 20, allow_nan=False)
steps = st.floats(0.01, 8)
alphas = st.floats(0, 4)
gammas = st.floats(1.05, 8)
shapes = st.floats(2.05, 8)


# -- the penalties written out again, scalar by scalar, from Zhang (2010) and Fan & Li (2001) ----


def mcp_scalar(w, alpha, gamma):
    w = abs(w)
    return alpha * w - w * w / (2 * gamma) if w <= gamma * alpha else gamma * alpha**2 / 2


def scad_scalar(w, alpha, a):
    w = abs(w)
    if w <= alpha:
        return alpha * w
    if w <= a * alpha:
        return (2 * a * alpha * w - w * w - alpha**2) / (2 * (a - 1))
    return (a + 1) * alpha**2 / 2


def lq_scalar(w, alpha, q):
    return alpha * abs(w) ** q


def brute_force_prox(penalty, x, step, knots=()):
    """Global minimum of 1/2 (u - x)^2 + step * penalty(u) over u, and one minimiser."""

    def objective(u):
        return 0.5 * (u - x) ** 2 + step * penalty(u)

    bound = abs(x)
    grid = np.unique(
        np.concatenate([np.linspace(-bound, bound, 4001), [0.0], [k for k in knots if k <= bound]])
    )
    values = np.array([objective(u) for u in grid])
    best_u, best_value = 0.0, objective(0.0)
    for i in np.argsort(values)[:6]:
        lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
        candidates = [grid[i]]
        if hi > lo:
            result = minimize_scalar(objective, bounds=(lo, hi), method="bounded",
                                     options={"xatol": 1e-13})  # fmt: skip
            candidates.append(float(result.x))
        for u in candidates:
            if objective(u) < best_value:
                best_u, best_value = u, objective(u)
    return best_u, best_value


def check_against_brute_force(penalty, prox_value, x, step, knots, curvature=None):
    u_brute, f_brute = brute_force_prox(penalty, x, step, knots)
    f_prox = 0.5 * (prox_value - x) ** 2 + step * penalty(prox_value)
    tol = 1e-11 * (1 + x * x)
    assert f_prox <= f_brute + tol, (x, step, prox_value, u_brute, f_prox, f_brute)
    if curvature is not None and curvature > 0:
        # strictly convex with modulus `curvature`: F(u) - F* >= curvature / 2 (u - u*)^2
        assert abs(prox_value - u_brute) <= math.sqrt(
            2 * (abs(f_brute - f_prox) + tol) / curvature
        )


# -- values ----------------------------------------------------------------------------------


@SETTINGS
@given(w=xs, alpha=alphas, gamma=gammas, a=shapes)
def test_values_match_the_piecewise_formulas(w, alpha, gamma, a):
    assert float(sn.mcp_values(w, alpha, gamma)) == pytest.approx(
        mcp_scalar(w, alpha, gamma), rel=1e-12, abs=1e-300
    )
    assert float(sn.scad_values(w, alpha, a)) == pytest.approx(
        scad_scalar(w, alpha, a), rel=1e-12, abs=1e-12 * alpha**2
    )
    assert float(sn.MCP(alpha, gamma).value([w, -w])) == pytest.approx(
        2 * mcp_scalar(w, alpha, gamma), rel=1e-12, abs=1e-300
    )
    assert float(sn.SCAD(alpha, a).value([w, 0.0])) == pytest.approx(
        scad_scalar(w, alpha, a), rel=1e-12, abs=1e-12 * alpha**2
    )
    assert float(sn.Lq(alpha, 0.5).value([w, 1.0])) == pytest.approx(
        alpha * (math.sqrt(abs(w)) + 1), rel=1e-12
    )


def test_values_exact_at_the_knots():
    # Fractions: the pieces meet (continuity) and the flat part has the stated height.
    alpha, gamma, a = Fraction(3, 2), Fraction(5, 2), Fraction(37, 10)
    assert alpha * gamma * alpha - (gamma * alpha) ** 2 / (2 * gamma) == gamma * alpha**2 / 2
    middle_at = lambda w: (2 * a * alpha * w - w * w - alpha**2) / (2 * (a - 1))  # noqa: E731
    assert middle_at(alpha) == alpha * alpha
    assert middle_at(a * alpha) == (a + 1) * alpha**2 / 2
    assert sn.mcp_values(3.75, 1.5, 2.5) == float(gamma * alpha**2 / 2)
    assert sn.scad_values([1.5, 5.55], 1.5, 3.7).tolist() == pytest.approx([2.25, 5.2875])


# -- proximal operators against brute force ----------------------------------------------------


@SETTINGS
@given(x=xs, step=steps, alpha=alphas, gamma=gammas)
def test_prox_mcp_is_the_global_minimiser(x, step, alpha, gamma):
    u = float(sn.prox_mcp(x, step, alpha, gamma))
    penalty = lambda w: mcp_scalar(w, alpha, gamma)  # noqa: E731
    knots = (gamma * alpha, -gamma * alpha)
    check_against_brute_force(penalty, u, x, step, knots, curvature=1 - step / gamma)
    assert float(sn.MCP(alpha, gamma).prox(x, step)) == u


@SETTINGS
@given(x=xs, step=steps, alpha=alphas, a=shapes)
def test_prox_scad_is_the_global_minimiser(x, step, alpha, a):
    u = float(sn.prox_scad(x, step, alpha, a))
    penalty = lambda w: scad_scalar(w, alpha, a)  # noqa: E731
    knots = (alpha, -alpha, a * alpha, -a * alpha)
    check_against_brute_force(penalty, u, x, step, knots, curvature=1 - step / (a - 1))
    assert float(sn.SCAD(alpha, a).prox(x, step)) == u


@SETTINGS
@given(x=xs, step=steps, alpha=st.floats(0.01, 4), q=st.floats(0.1, 3))
def test_prox_lq_is_the_global_minimiser(x, step, alpha, q):
    u = float(sn.Lq(alpha, q).prox(x, step))
    penalty = lambda w: lq_scalar(w, alpha, q)  # noqa: E731
    check_against_brute_force(penalty, u, x, step, (), curvature=1.0 if q >= 1 else None)
    assert float(sn.prox_lq(x, step * alpha, q)) == u


def test_prox_nonconvex_steps_on_a_dense_sweep():
    # The candidate comparison (SCAD) and hard thresholding (MCP) for step >= the convexity limit.
    for step in (2.0, 2.7, 3.0, 5.0):
        for x in np.linspace(-8, 8, 161):
            check_against_brute_force(
                lambda w: scad_scalar(w, 1.0, 3.7), float(sn.prox_scad(x, step, 1.0)), x, step,
                (1.0, -1.0, 3.7, -3.7),
            )  # fmt: skip
            check_against_brute_force(
                lambda w: mcp_scalar(w, 1.0, 3.0), float(sn.prox_mcp(x, step, 1.0)), x, step,
                (3.0, -3.0),
            )  # fmt: skip


# -- closed forms ----------------------------------------------------------------------------


def test_prox_mcp_is_firm_thresholding_then_hard_thresholding():
    x = np.linspace(-6, 6, 1201)
    step, alpha, gamma = 0.5, 1.0, 3.0
    firm = np.where(
        np.abs(x) <= step * alpha,
        0.0,
        np.where(
            np.abs(x) <= gamma * alpha,
            np.sign(x) * (np.abs(x) - step * alpha) / (1 - step / gamma),
            x,
        ),
    )
    np.testing.assert_allclose(sn.prox_mcp(x, step, alpha, gamma), firm, rtol=1e-14, atol=1e-15)
    # step >= gamma: hard thresholding at alpha sqrt(gamma step)
    for step in (3.0, 4.5):
        hard = np.where(np.abs(x) > alpha * np.sqrt(gamma * step), x, 0.0)
        assert np.array_equal(sn.prox_mcp(x, step, alpha, gamma), hard)


def test_prox_scad_at_unit_step_is_fan_and_li_formula():
    # Fan & Li (2001), equation (2.8), with lambda = alpha and step 1.
    x = np.linspace(-6, 6, 1201)
    alpha, a = 1.2, 3.7
    m = np.abs(x)
    expected = np.where(
        m <= 2 * alpha,
        np.sign(x) * np.maximum(m - alpha, 0),
        np.where(m <= a * alpha, ((a - 1) * x - np.sign(x) * a * alpha) / (a - 2), x),
    )
    np.testing.assert_allclose(sn.prox_scad(x, 1.0, alpha, a), expected, rtol=1e-14, atol=1e-15)


@SETTINGS
@given(x=xs, step=steps, alpha=alphas, gamma=gammas, a=shapes)
def test_dead_zone_is_exactly_step_times_alpha_in_the_convex_range(x, step, alpha, gamma, a):
    # 0 is returned exactly when |x| <= step * alpha (rounded, as the library compares it)
    threshold = step * alpha
    assume(abs(abs(x) - threshold) > 1e-12 * (1 + threshold))
    if step < gamma:
        assert (sn.prox_mcp(x, step, alpha, gamma) == 0) == (abs(x) <= threshold)
    if step < a - 1:
        assert (sn.prox_scad(x, step, alpha, a) == 0) == (abs(x) <= threshold)


def test_prox_lq_closed_forms():
    x = np.linspace(-5, 5, 1001)
    t = 0.7
    # q = 1.5: s = sqrt(|u|) solves s^2 + 1.5 t s - |x| = 0
    s = 2 * np.abs(x) / (1.5 * t + np.sqrt(2.25 * t * t + 4 * np.abs(x)))
    np.testing.assert_allclose(sn.prox_lq(x, t, 1.5), np.sign(x) * s**2, rtol=1e-13, atol=1e-300)
    # q = 1/2 (Xu et al. 2012): threshold 3/2 t^(2/3); beyond it, s = sqrt(|u|) is the largest
    # root of s^3 - |x| s + t / 2 = 0, in trigonometric form.
    tau = 1.5 * t ** (2 / 3)
    m = np.where(np.abs(x) > tau, np.abs(x), 1.0)
    phi = np.arccos(-(t / 4) * (3 / m) ** 1.5)
    half = (2 * np.sqrt(m / 3) * np.cos(phi / 3)) ** 2
    expected = np.where(np.abs(x) > tau, np.sign(x) * half, 0.0)
    np.testing.assert_allclose(sn.prox_lq(x, t, 0.5), expected, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(sn.prox_lq(x, t, 1.0), sn.prox_l1(x, t))
    np.testing.assert_allclose(sn.prox_lq(x, t, 2.0), x / (1 + 2 * t), rtol=1e-15)


@SETTINGS
@given(step=st.floats(0.01, 5), q=st.floats(0.05, 0.95))
def test_prox_lq_threshold_and_jump_below_one(step, q):
    beta = (2 * step * (1 - q)) ** (1 / (2 - q))
    tau = (2 - q) / (2 * (1 - q)) * beta
    below = sn.prox_lq(np.array([tau * (1 - 1e-9), -tau * (1 - 1e-9)]), step, q)
    assert np.all(below == 0)
    above = sn.prox_lq(np.array([tau * (1 + 1e-9)]), step, q)[0]
    assert above == pytest.approx(beta, rel=1e-3)  # the jump from 0 to beta
    # at tau, u = 0 and u = beta cost the same (the definition of the threshold)
    assert 0.5 * (beta - tau) ** 2 + step * beta**q == pytest.approx(0.5 * tau**2, rel=1e-12)


@SETTINGS
@given(x=st.floats(1e-30, 20), step=st.floats(0.01, 5), q=st.floats(1.01, 3))
def test_prox_lq_above_one_is_never_zero_where_representable(x, step, q):
    # the root of u + t q u^(q-1) = x is at least min(x / 2, (x / (2 t q))^(1/(q-1)))
    lower = min(x / 2, math.exp((math.log(x / 2) - math.log(step * q)) / (q - 1)))
    assume(lower > 1e-300)
    u = float(sn.prox_lq(x, step, q))
    assert u >= lower * (1 - 1e-12) and u > 0
    assert u + step * q * u ** (q - 1) == pytest.approx(x, rel=1e-12)


def test_prox_lq_underflows_to_zero_when_the_minimiser_is_below_the_subnormals():
    # q = 1.1, x = 1e-40: u ~ (x / 1.1)^10 ~ 4e-401, far below 5e-324.
    assert sn.prox_lq(1e-40, 1.0, 1.1) == 0
    assert math.log10(1e-40 / 1.1) * 10 < -400


# -- optimality conditions and subgradients ---------------------------------------------------


@SETTINGS
@given(
    x=st.lists(xs, min_size=1, max_size=8), step=steps, alpha=alphas, gamma=gammas, a=shapes,
    q=st.floats(0.2, 3),
)  # fmt: skip
def test_subdiff_distance_is_zero_at_prox_outputs(x, step, alpha, gamma, a, q):
    x = np.array(x)
    for penalty in (sn.MCP(alpha, gamma), sn.SCAD(alpha, a), sn.Lq(alpha, q)):
        assert_prox_optimal(penalty, x, step, atol=1e-7 * (1 + np.abs(x).max() / step))


def test_subdiff_distance_at_zero_and_off_zero():
    grad = np.array([0.5, -2.0, 0.1])
    w = np.zeros(3)
    np.testing.assert_allclose(sn.MCP(1.0).subdiff_distance(w, grad), [0.0, 1.0, 0.0])
    np.testing.assert_allclose(sn.SCAD(1.0).subdiff_distance(w, grad), [0.0, 1.0, 0.0])
    np.testing.assert_allclose(sn.Lq(1.0, 0.5).subdiff_distance(w, grad), [0.0, 0.0, 0.0])
    np.testing.assert_allclose(sn.Lq(1.0, 1.5).subdiff_distance(w, grad), [0.5, 2.0, 0.1])
    np.testing.assert_allclose(sn.Lq(1.0, 1.0).subdiff_distance(w, grad), [0.0, 1.0, 0.0])
    # off zero: |grad + p'(w)|, MCP p'(1) = 1 - 1/3, SCAD p'(2) = (3.7 - 2) / 2.7
    assert sn.MCP(1.0, 3.0).subdiff_distance([1.0], [0.0])[0] == pytest.approx(2 / 3)
    assert sn.SCAD(1.0, 3.7).subdiff_distance([-2.0], [0.0])[0] == pytest.approx(1.7 / 2.7)


@pytest.mark.parametrize(
    "penalty", [sn.MCP(1.3, 2.5), sn.SCAD(0.8, 3.7), sn.Lq(0.7, 0.5), sn.Lq(0.7, 1.5)]
)
def test_subgradient_is_the_derivative_off_zero(penalty):
    # points away from 0 and from the knots, where the penalties are smooth
    w = np.array([-7.3, -2.9, -1.7, -0.45, 0.3, 0.55, 1.1, 2.3, 3.1, 6.0])
    assert_gradient_matches(penalty.value, penalty.subgradient, w, rtol=1e-6, atol=1e-8)
    assert np.all(penalty.subgradient(np.zeros(3)) == 0)


# -- dtypes, inputs, validation ------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_and_input_not_modified(dtype):
    x = np.array([-5.0, -1.5, 0.2, 2.0, 4.0], dtype=dtype)
    before = x.copy()
    for penalty in (sn.MCP(1.0), sn.SCAD(1.0), sn.Lq(1.0, 0.5), sn.Lq(1.0, 1.5)):
        for step in (0.5, 4.0):
            assert penalty.prox(x, step).dtype == dtype
        assert penalty.subgradient(x).dtype == dtype
        assert penalty.subdiff_distance(x, x).dtype == dtype
        assert penalty.value(x).dtype == dtype
    for f in (sn.prox_mcp, sn.prox_scad):
        assert f(x, 1.0, 1.0).dtype == dtype
    assert sn.mcp_values(x, 1.0, 3.0).dtype == dtype
    assert sn.scad_values(x, 1.0, 3.7).dtype == dtype
    np.testing.assert_array_equal(x, before)
    assert sn.prox_mcp([1, 5], 1.0, 1.0).dtype == np.float64  # integers become float64
    np.testing.assert_allclose(
        sn.prox_scad(x, 1.0, 1.0), sn.prox_scad(x.astype(np.float64), 1.0, 1.0), rtol=1e-6
    )


def test_extreme_inputs_do_not_overflow():
    x = np.array([1e308, -1e308, 3.0, 1e-320])
    np.testing.assert_array_equal(sn.prox_mcp(x, 1.0, 1.0), [1e308, -1e308, 3.0, 0.0])
    np.testing.assert_allclose(sn.prox_scad(x, 1.0, 1.0), [1e308, -1e308, 4.4 / 1.7, 0.0])
    np.testing.assert_array_equal(sn.prox_scad(x, 5.0, 1.0), [1e308, -1e308, 0.0, 0.0])
    np.testing.assert_array_equal(sn.prox_scad(x, 5.0, 1e-300)[:2], [1e308, -1e308])
    assert np.all(np.isfinite(sn.prox_lq(x, 1.0, 0.5)))
    assert np.all(np.isfinite(sn.prox_lq(x, 1.0, 1.5)))
    # step 0 is the identity
    np.testing.assert_array_equal(sn.prox_mcp(x, 0.0, 1.0), x)
    np.testing.assert_array_equal(sn.prox_scad(x, 0.0, 1.0), x)
    np.testing.assert_array_equal(sn.prox_lq(x, 0.0, 0.5), x)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        ("sn.MCP(alpha=-1.0)", ValueError, "alpha must be >= 0"),
        ('sn.MCP(alpha=float("nan"))', ValueError, "alpha must be finite"),
        ("sn.MCP(gamma=1.0)", ValueError, "gamma must be > 1"),
        ("sn.MCP(gamma=0.5)", ValueError, "gamma must be > 1"),
        ('sn.MCP(gamma=float("inf"))', ValueError, "gamma must be finite"),
        ("sn.MCP(gamma=True)", TypeError, "gamma must be a real number"),
        ("sn.MCP(alpha=1e308, gamma=10.0)", ValueError, "alpha \\* gamma must be finite"),
        ("sn.SCAD(a=2.0)", ValueError, "a must be > 2"),
        ('sn.SCAD(a=float("nan"))', ValueError, "a must be finite"),
        ("sn.SCAD(alpha=-0.1)", ValueError, "alpha must be >= 0"),
        ('sn.SCAD(a="3.7")', TypeError, "a must be a real number"),
        ("sn.Lq(q=0.0)", ValueError, "q must be > 0"),
        ("sn.Lq(q=-1.0)", ValueError, "q must be > 0"),
        ('sn.Lq(alpha=float("inf"))', ValueError, "alpha must be finite"),
        ("sn.MCP().prox([1.0, np.nan], 1.0)", ValueError, "x contains NaN"),
        ("sn.SCAD().prox([np.inf], 1.0)", ValueError, "x contains infinity"),
        ("sn.Lq().prox([np.nan], 1.0)", ValueError, "x contains NaN"),
        ("sn.MCP().prox([1.0], -1.0)", ValueError, "step must be >= 0"),
        ('sn.SCAD().prox([1.0], float("nan"))', ValueError, "step must be finite"),
        ("sn.Lq().prox([1.0], -0.5)", ValueError, "step must be >= 0"),
        ("sn.Lq(1e300).prox([1.0], 1e10)", ValueError, "alpha \\* step must be finite"),
        ("sn.prox_mcp([1.0], 1.0, 1.0, gamma=1.0)", ValueError, "gamma must be > 1"),
        ("sn.prox_scad([1.0], 1.0, 1.0, a=1.5)", ValueError, "a must be > 2"),
        ('sn.prox_lq([1.0], 1.0, q=float("nan"))', ValueError, "q must be finite"),
        ('sn.MCP().value(["a"])', TypeError, "w must be a numeric"),
        ("sn.SCAD().subdiff_distance([0.0, 1.0], [0.0])", ValueError, "same shape"),
        ("sn.MCP().subgradient([np.inf])", ValueError, "w contains infinity"),
    ],
    ids=str,
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        eval(call, {"sn": sn, "np": np})


def test_penalties_are_frozen():
    import dataclasses

    for penalty in (sn.MCP(), sn.SCAD(), sn.Lq()):
        with pytest.raises(dataclasses.FrozenInstanceError):
            penalty.alpha = 2.0
    assert sn.MCP(1, 2).gamma == 2.0 and isinstance(sn.MCP(1, 2).gamma, float)
    assert sn.SCAD().a == 3.7 and sn.MCP().gamma == 3.0


# -- prox_lq's accuracy claim, against mpmath at 80 digits --------------------------------------

EPS = 2.0**-52  # float64 machine epsilon
SMALLEST = 2.0**-1074


def exact_lq_root(x, t, q):
    """The minimiser's magnitude for data x > 0: 0, or the root of u + t q u^(q-1) = x (mpmath).

    For q < 1 the root is the larger one, on [beta, x] where the left side increases; returns
    (root, tau), tau None for q > 1. Bisection on log u, 400 steps at 80 digits.
    """
    with mpmath.workdps(80):
        x, t, q = mpmath.mpf(x), mpmath.mpf(t), mpmath.mpf(q)
        if q > 1:  # each term of the left side is below x/2 at lo, one of them above x at hi
            lo = min(x / 4, (x / (4 * t * q)) ** (1 / (q - 1)))
            hi = min(x, (2 * x / (t * q)) ** (1 / (q - 1)))
            tau = None
        else:
            beta = (2 * t * (1 - q)) ** (1 / (2 - q))
            tau = (2 - q) / (2 * (1 - q)) * beta
            if x <= tau:
                return mpmath.mpf(0), tau
            lo, hi = beta, x

        def excess(u):
            return u + t * q * u ** (q - 1) - x

        assert excess(lo) <= 0 <= excess(hi)
        a, b = mpmath.log(lo), mpmath.log(hi)
        for _ in range(400):
            m = (a + b) / 2
            a, b = (m, b) if excess(mpmath.exp(m)) < 0 else (a, m)
        return mpmath.exp(a), tau


def lq_condition_number(x, t, q, root):
    """kappa = x / (u g'(u)), g(u) = u + t q u^(q-1): the root's condition number in x."""
    with mpmath.workdps(80):
        x, t, q = mpmath.mpf(x), mpmath.mpf(t), mpmath.mpf(q)
        return x / (root * (1 + t * q * (q - 1) * root ** (q - 2)))


def assert_lq_within_docstring_bound(u, x, t, q):
    root, _ = exact_lq_root(x, t, q)
    if root == 0:
        assert u == 0, (x, t, q, u)
        return root
    kappa = lq_condition_number(x, t, q, root)
    with mpmath.workdps(80):
        assert kappa <= max(1, 1 / abs(1 - mpmath.mpf(q))) * (1 + mpmath.mpf(10) ** -60)
        # "relative error at most (1 + 2 kappa) eps, plus one smallest subnormal"
        error = abs(mpmath.mpf(u) - root)
        bound = (1 + 2 * kappa) * mpmath.mpf(EPS) * root + mpmath.mpf(SMALLEST)
        assert error <= bound, (x, t, q, u, root, float(error / (mpmath.mpf(EPS) * root)))
    return root


lq_exponents = st.one_of(
    st.floats(0, 1, exclude_min=True, exclude_max=True),
    st.floats(1, 3, exclude_min=True),
    st.floats(3, 1000),  # the documented range of the bound
    st.integers(1, 12).map(lambda k: 1 + 10.0**-k),  # close to 1, where kappa is large
    st.integers(1, 12).map(lambda k: 1 - 10.0**-k),
)
across_magnitudes = st.tuples(st.floats(1, 10), st.integers(-300, 300)).map(
    lambda me: me[0] * 10.0 ** me[1]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(x=across_magnitudes, t=across_magnitudes, q=lq_exponents, sign=st.sampled_from([-1, 1]))
def test_prox_lq_meets_its_documented_accuracy(x, t, q, sign):
    assume(t > 0 and q != 1 and q != 2)
    u = sn.prox_lq(sign * x, t, q)
    _, tau = exact_lq_root(x, t, q)
    if tau is not None:  # near the threshold either answer is documented as possible
        assume(abs(mpmath.mpf(x) / tau - 1) > 1e-12)
    assert u == 0 or np.sign(u) == sign
    assert_lq_within_docstring_bound(abs(float(u)), x, t, q)


def test_prox_lq_reviewer_case_with_a_tiny_root():
    # the old bracket's upper end had a negative computed excess: 490 ulps off
    x, t, q = 5.6952344080138454e-148, 118.78453778524262, 1.5
    root = assert_lq_within_docstring_bound(float(sn.prox_lq(x, t, q)), x, t, q)
    assert abs(float(sn.prox_lq(x, t, q)) - root) <= 4 * mpmath.mpf(EPS) * root


def data_for_root(u, r, q):
    """(x, t) as floats for a chosen root ``u`` of u + t q u^(q-1) = x (mpmath, then rounded).

    For q < 1, ``r`` in (0, 1) sets t through beta = r u, so that u is the larger root and x is
    beyond the threshold; for q > 1, t = r (every positive t has one root).
    """
    with mpmath.workdps(80):
        u, q_ = mpmath.mpf(u), mpmath.mpf(q)
        t = (r * u) ** (2 - q_) / (2 * (1 - q_)) if q < 1 else mpmath.mpf(r)
        t = float(t)
        return float(u + mpmath.mpf(t) * q_ * u ** (q_ - 1)), t


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    u=st.tuples(st.floats(1, 10), st.integers(-300, 300)).map(lambda me: me[0] * 10.0 ** me[1]),
    r=st.floats(0.01, 0.999),
    t_q_above=across_magnitudes,
    q=st.one_of(
        st.floats(1e-3, 0.5, exclude_max=True),  # q - 1 is not a float: the reviewer's case
        st.floats(0.5, 1, exclude_max=True),
        st.floats(1, 1000, exclude_min=True),
    ),
)
def test_prox_lq_accuracy_with_the_root_drawn_first(u, r, t_q_above, q):
    # Data built from a chosen root, so tiny and huge roots (where u^(q-1) needs the exponent
    # q - 1 to all its digits) are covered for every q; the bound is checked against the exact
    # root of the rounded data.
    assume(q != 2)
    x, t = data_for_root(u, r, q) if q < 1 else data_for_root(u, t_q_above, q)
    assume(1e-300 < x < 1e300 and 1e-300 < t < 1e300)
    _, tau = exact_lq_root(x, t, q)
    if tau is not None:
        assume(abs(mpmath.mpf(x) / tau - 1) > 1e-12)
    assert_lq_within_docstring_bound(float(sn.prox_lq(x, t, q)), x, t, q)


def test_prox_lq_q_below_half_with_a_tiny_root_regression():
    # q - 1 is not a float for these q: with it rounded, the root was up to 44 ulps off, ten
    # times the documented bound
    for u, r, q in [(1.1e195, 0.5, 0.46401087163461957), (3e-184, 0.9, 0.4713693116003225),
                    (1e-140, 0.3, 0.01), (1e150, 0.3, 0.123456789)]:  # fmt: skip
        x, t = data_for_root(u, r, q)
        assert 1e-300 < t < 1e300 and 0 < x < 1e300
        assert_lq_within_docstring_bound(float(sn.prox_lq(x, t, q)), x, t, q)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(t=across_magnitudes, q=st.floats(1e-3, 0.999))
def test_prox_lq_dead_zone_edge_is_within_one_ulp_of_tau(t, q):
    # "for |x| within one ulp of tau either 0 or the jump": beyond one ulp, the exact answer
    with mpmath.workdps(80):
        tau = (2 - mpmath.mpf(q)) / (2 * (1 - mpmath.mpf(q)))
        tau *= (2 * mpmath.mpf(t) * (1 - mpmath.mpf(q))) ** (1 / (2 - mpmath.mpf(q)))
    assume(1e-300 < tau < 1e300)
    nearest = np.float64(float(tau))
    below = np.nextafter(np.nextafter(nearest, 0), 0)  # at least 1.5 ulps below tau
    above = np.nextafter(np.nextafter(nearest, np.inf), np.inf)
    assert mpmath.mpf(float(below)) < tau < mpmath.mpf(float(above))
    assert sn.prox_lq(below, t, q) == 0 and sn.prox_lq(-below, t, q) == 0
    assert sn.prox_lq(above, t, q) > 0 and sn.prox_lq(-above, t, q) < 0


@settings(max_examples=200, deadline=None, derandomize=True)
@given(c=st.floats(0.05, 20), t=across_magnitudes, q=st.one_of(st.just(1.5), st.floats(1, 3)))
def test_prox_lq_above_one_is_zero_only_when_the_minimiser_is_below_the_smallest_double(c, t, q):
    # data whose minimiser is near the smallest positive double 2^-1074: x = g(c 2^-1074)
    assume(q > 1)
    with mpmath.workdps(80):
        u0 = c * mpmath.mpf(SMALLEST)
        x = float(u0 + mpmath.mpf(t) * q * u0 ** (mpmath.mpf(q) - 1))
    assume(0 < x < 1e300)
    u = float(sn.prox_lq(x, t, q))
    root = assert_lq_within_docstring_bound(u, x, t, q)
    if u == 0:
        assert root < SMALLEST


def test_prox_lq_regressions_at_extreme_scales():
    # t u^(q-1) is 2.8e-69 >> x, but u^(q-1) alone underflows: the minimiser is 5e-425, i.e. 0
    assert sn.prox_lq(7.487949793039115e-274, 2.825631702505169e300, 2.352705201164734) == 0
    # 2 t (1 - q) overflows, beta = (2 t (1 - q))^(1/(2 - q)) ~ 2e205 does not: x is kept
    for x, t, q in [(1e250, 1e308, 0.5), (3e210, 1e308, 0.5), (1e-300, 1e-310, 0.2)]:
        assert_lq_within_docstring_bound(float(sn.prox_lq(x, t, q)), x, t, q)
    # q = 2: 1 + 2t overflows for t = 1e308; x / (1 + 2t) = 5e-9 does not
    expected = Fraction(1e300) / (1 + 2 * Fraction(1e308))
    assert float(sn.prox_lq(1e300, 1e308, 2.0)) == pytest.approx(float(expected), rel=1e-15)


@pytest.mark.skipif(np.finfo(np.longdouble).nmant <= 52, reason="longdouble is float64 here")
def test_prox_lq_computes_longdouble_in_longdouble():
    big = np.longdouble("1e400")  # beyond float64's range
    assert sn.prox_lq(big, 1.0, 0.5) == big  # big - 0.5 big^(-1/2), rounded
    eps = mpmath.mpf(float(np.finfo(np.longdouble).eps))
    for x, q in [(3, 1.5), (3, 0.5), (7, 2.5)]:
        u = sn.prox_lq(np.longdouble(x), 1.0, q)
        assert u.dtype == np.longdouble
        root, _ = exact_lq_root(x, 1.0, q)
        kappa = lq_condition_number(x, 1.0, q, root)
        with mpmath.workdps(80):  # the longdouble string keeps all of u's digits
            error = abs(mpmath.mpf(np.format_float_scientific(u, unique=True)) - root)
            assert error <= (1 + 2 * kappa) * eps * root


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_small_dtypes_are_computed_in_float64_and_rounded_once(dtype):
    x = np.linspace(-6, 6, 241).astype(dtype)
    wide = x.astype(np.float64)
    calls = [
        lambda v: sn.prox_mcp(v, 0.5, 1.0, 3.0),
        lambda v: sn.prox_mcp(v, 4.0, 1.0, 3.0),
        lambda v: sn.prox_scad(v, 1.0, 1.0, 3.7),
        lambda v: sn.prox_scad(v, 5.0, 1.0, 3.7),
        lambda v: sn.prox_lq(v, 0.7, 0.5),
        lambda v: sn.prox_lq(v, 0.7, 1.5),
        lambda v: sn.prox_lq(v, 0.7, 2.0),
        lambda v: sn.mcp_values(v, 1.3, 2.5),
        lambda v: sn.scad_values(v, 1.3, 3.7),
    ]
    for call in calls:
        small = call(x)
        assert small.dtype == dtype
        np.testing.assert_array_equal(small, call(wide).astype(dtype))
    # an intermediate 1 + 2t = 2e5 + 1 overflows float16, the result 5e-6 does not
    assert sn.prox_lq(np.float16(1.0), 1e5, 2.0) == np.float16(1 / (1 + 2e5)) != 0


def test_zero_d_input_gives_a_numpy_scalar_and_zero_alpha_is_the_identity():
    for out in (sn.prox_mcp(np.float64(2.0), 1.0, 1.0), sn.prox_scad(np.float64(2.0), 1.0, 1.0),
                sn.prox_lq(np.float64(2.0), 1.0, 0.5), sn.prox_lq(2.0, 1.0, 1.5)):  # fmt: skip
        assert isinstance(out, np.floating) and not isinstance(out, np.ndarray)
    # alpha = 0: the penalty is 0 and the prox is the identity, even for a huge step
    x = np.array([-5.0, 2.0, 1e300])
    np.testing.assert_array_equal(sn.prox_mcp(x, 1e308, 0.0, 10.0), x)
    np.testing.assert_array_equal(sn.prox_scad(x, 1e308, 0.0, 3.7), x)


# -- the edges decided exactly, at the floats next to them -------------------------------------


def _ulp_neighbours(value, dtype, k=6):
    """The floats of ``dtype`` within ``k`` units in the last place of the float ``value``."""
    centre = dtype(value)
    out = [centre]
    lo = hi = centre
    for _ in range(k):
        lo, hi = np.nextafter(lo, dtype(0)), np.nextafter(hi, dtype(np.inf))
        out += [lo, hi]
    return np.array(out, dtype=dtype)


def _exact(m):
    return Fraction(*m.as_integer_ratio())


@pytest.mark.parametrize("dtype", [np.float64, np.longdouble])
def test_prox_mcp_hard_threshold_is_decided_exactly_next_to_the_edge(dtype):
    # step >= gamma keeps x exactly when x^2 > alpha^2 gamma step (Fractions, no rounding);
    # the rounded alpha sqrt(gamma step) alone is on the wrong side for a sixth of such probes.
    rng = np.random.default_rng(7)
    cases = [(6.141216145602483, 1.670237538722366, 1.7108659262042105), (3.0, 1.0, 3.0)]
    cases += [(g * rng.uniform(1, 4), rng.uniform(0.1, 3), g) for g in rng.uniform(1.01, 6, 150)]
    wrong_side_of_rounded = 0
    for step, alpha, gamma in cases:
        edge_squared = Fraction(alpha) ** 2 * Fraction(gamma) * Fraction(step)
        rounded = alpha * math.sqrt(gamma * step)
        x = _ulp_neighbours(rounded, dtype)
        x = np.concatenate([x, -x])
        u = sn.prox_mcp(x, step, alpha, gamma)
        for xi, ui in zip(x, u, strict=True):
            keep = _exact(abs(xi)) ** 2 > edge_squared
            assert ui == (xi if keep else 0), (xi, step, alpha, gamma)
            wrong_side_of_rounded += keep != (abs(xi) > rounded)
    assert sn.prox_mcp(5.41393977378893, *cases[0]) == 5.41393977378893  # strictly better than 0
    assert sn.prox_mcp(3.0, 3.0, 1.0, 3.0) == 0  # the tie at the edge: the smaller magnitude
    if dtype is np.float64:
        assert wrong_side_of_rounded > 0  # the probes do reach the cases a rounded edge misses


@pytest.mark.parametrize("dtype", [np.float64, np.longdouble])
def test_dead_zone_contains_every_float_up_to_the_exact_edge(dtype):
    # For step < gamma (MCP) and step < a - 1 (SCAD): |x| <= step * alpha (exact product) gives
    # exactly 0; a float above the rounded edge does not.
    rng = np.random.default_rng(8)
    wide_below = 0
    for step, alpha in zip(rng.uniform(0.05, 1.0, 200), rng.uniform(0.1, 3, 200), strict=True):
        exact_edge = Fraction(step) * Fraction(alpha)
        rounded = dtype(step) * dtype(alpha)
        x = _ulp_neighbours(step * alpha, dtype)
        x = np.concatenate([x, -x])
        for u in (sn.prox_mcp(x, step, alpha, 3.0), sn.prox_scad(x, step, alpha, 3.7)):
            for xi, ui in zip(x, u, strict=True):
                if _exact(abs(xi)) <= exact_edge:
                    assert ui == 0, (xi, step, alpha)
                    wide_below += 1
                elif abs(xi) > rounded:
                    assert ui != 0 and np.sign(ui) == np.sign(xi), (xi, step, alpha)
    assert wide_below > 0
