"""Regression tests of issue 12 for the core: low-precision casts, overflowing norms, 0-d results.

Arithmetic assumed throughout: IEEE 754 binary16/32/64, round to nearest even, each numpy
operation rounded separately, no FMA, no flush-to-zero (numpy's defaults on x86-64 and arm64).
Exact references come from ``fractions.Fraction``.
"""

import math
import warnings
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sparsenorm as sn

LOW = [np.float16, np.float32]
# Explicit settings (not the global profile): derandomised, no example database.
QUICK = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def rounded(exact, dtype):
    """The exact rational ``exact`` rounded to float64, then to ``dtype`` (the reference)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow to inf is the right rounding
        return np.array(float(exact)).astype(dtype)[()]


def low_floats(dtype):
    info = np.finfo(dtype)
    return st.floats(
        -float(info.max), float(info.max), width=info.bits, allow_nan=False, allow_infinity=False
    )


steps = st.one_of(
    st.floats(0, 1e300, allow_nan=False),
    st.sampled_from([0.0, 1e-300, 1e-8, 0.1, 1.0, 3.0, 1e4, 1e5, 65504.0, 1e38, 3.5e38, 1e300]),
)


# ------------------------------------------------------------- casts in low precision


def test_prox_squared_l2_float16_large_step_is_not_zero():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        u = sn.prox_squared_l2(np.float16(1.0), step=1e5)
    assert u == np.float16(1 / (1 + 1e5))
    assert u != 0 and abs(float(u) - 1e-5) < 1e-7


def test_prox_elastic_net_float16_large_step_is_not_zero():
    u = sn.prox_elastic_net(np.array([1.0, -2.0], dtype=np.float16), 1e5, 1e-6)
    # soft threshold at 1e5 * 1e-6 (about 0.1), then divide by 1 + 1e5 * (1 - 1e-6)
    step, ratio = Fraction(1e5), Fraction(1e-6)
    exact = [(v - step * ratio) / (1 + step * (1 - ratio)) for v in (Fraction(1), Fraction(2))]
    np.testing.assert_array_equal(
        u, [rounded(exact[0], np.float16), -rounded(exact[1], np.float16)]
    )
    assert np.all(u != 0)


@pytest.mark.parametrize("dtype", LOW)
def test_penalty_gradients_at_zero_are_zero_not_nan(dtype):
    zero = np.zeros(3, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for g in (
            sn.SquaredL2(1e5).grad(zero),
            sn.L1(1e5).subgradient(zero),
            sn.ElasticNetPenalty(1e39, 0.5).subgradient(zero),
            sn.subdiff_distance_l1(zero, zero, 1e39),
            sn.SquaredL2(1e39).subdiff_distance(zero, zero),
        ):
            assert g.dtype == dtype
            np.testing.assert_array_equal(g, 0)


def test_penalty_gradients_round_once():
    w = np.array([3.0, -1.0, 0.0], dtype=np.float16)
    np.testing.assert_array_equal(
        sn.SquaredL2(1e-3).grad(w), (w.astype(float) * 1e-3).astype(w.dtype)
    )
    # the true value 1e5 is beyond float16: infinity with numpy's overflow warning, never NaN
    with pytest.warns(RuntimeWarning, match="overflow"):
        g = sn.L1(1e5).subgradient(w)
    np.testing.assert_array_equal(g, [np.inf, -np.inf, 0])


@pytest.mark.parametrize("dtype", LOW)
@QUICK
@given(data=st.data(), step=steps)
def test_prox_results_are_the_float64_result_rounded(dtype, data, step):
    x = data.draw(low_floats(dtype))
    l1_ratio = data.draw(st.sampled_from([0.0, 0.1, 0.3, 0.5, 1.0]) | st.floats(0, 1))
    xv = np.array([x], dtype=dtype)
    fx, fs = Fraction(float(xv[0])), Fraction(step)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ridge = sn.prox_squared_l2(xv, step)
        lasso = sn.prox_l1(xv, step)
        enet = sn.prox_elastic_net(xv, step, l1_ratio)
    assert ridge[0] == rounded(fx / (1 + fs), dtype)
    assert lasso[0] == rounded(_soft(fx, fs), dtype)
    fr = Fraction(l1_ratio)
    assert enet[0] == rounded(_soft(fx, fs * fr) / (1 + fs * (1 - fr)), dtype)
    assert ridge.dtype == lasso.dtype == enet.dtype == dtype


def _soft(x, t):
    return max(abs(x) - t, Fraction(0)) * (1 if x >= 0 else -1)


@pytest.mark.parametrize("dtype", LOW)
def test_large_float32_soft_threshold_matches_the_small_path(dtype):
    x = np.random.default_rng(0).standard_normal(1 << 17).astype(dtype)
    for step in (0.5, 0.3, 1e5):  # a float32 threshold, one that is not, one beyond float16
        expected = (x.astype(float) - np.clip(x.astype(float), -step, step)).astype(dtype)
        np.testing.assert_array_equal(sn.prox_l1(x, step), expected)
        np.testing.assert_array_equal(sn.prox_l1(x[:100], step), expected[:100])


def test_prox_l0_threshold_is_decided_exactly():
    # 2 * step overflows float64, sqrt(2 * step) does not: a huge entry is kept
    assert sn.prox_l0([1e300], 1e308)[0] == 1e300
    # |x| = sqrt(2t) exactly: a tie, set to 0; just above: kept
    assert sn.prox_l0([1.0], 0.5)[0] == 0
    assert sn.prox_l0([np.nextafter(1.0, 2)], 0.5)[0] == np.nextafter(1.0, 2)
    # t whose correctly rounded sqrt(2t) is below the true root: the float equal to it stays 0
    for t in (0.1, 0.3, 7.0, 1e-300, 1e300):
        s = math.sqrt(2 * t)
        keep = Fraction(s) ** 2 > 2 * Fraction(t)
        assert (sn.prox_l0([s], t)[0] != 0) == keep


def test_l0_norm_tolerance_is_compared_exactly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sn.l0_norm(np.array([1.0, 60000.0], dtype=np.float16), tol=1e5) == 0
    x = np.array([0.1], dtype=np.float32)  # 0.100000001490116..., above the float64 0.1
    assert sn.l0_norm(x, tol=0.1) == 1


def test_prox_group_l21_float16_group_norm_beyond_float16():
    x = np.array([60000.0, 60000.0, 1.0], dtype=np.float16)  # group norm 84853 > 65504
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        u = sn.prox_group_l21(x, 1.0, [[0, 1], [2]])
    norm = math.hypot(60000.0, 60000.0)
    expected = (x.astype(float) * np.array([1 - 1 / norm, 1 - 1 / norm, 0.0])).astype(np.float16)
    np.testing.assert_array_equal(u, expected)
    big = sn.prox_group_l21([1.7e308, 1.7e308], 1e300, 2)  # norm beyond float64
    np.testing.assert_allclose(big, 1.7e308 - 1e300 / math.sqrt(2), rtol=1e-15)


def test_penalty_values_do_not_overflow_where_the_value_fits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sn.L1(0.1).value([1e308, 1e308]) == pytest.approx(2e307, rel=1e-15)
        assert sn.SquaredL2(1e-200).value([1e200]) == pytest.approx(5e199, rel=1e-15)
        half = sn.ElasticNetPenalty(1e-4, 0.5).value(np.array([1000.0], dtype=np.float16))
        assert half == np.float16(0.5e-4 * 1000 + 0.25e-4 * 1e6)
        assert sn.L0(0.5).value(np.array([1.0, 0.0], dtype=np.float32)).dtype == np.float32


def test_lp_norm_small_p_of_small_entries():
    # the inner power 10**500 overflows; the norm 1e200 does not
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = sn.lp_norm([1e-300] * 10, 0.002)
    assert value == pytest.approx(1e200, rel=500 * 2 * np.finfo(float).eps)


def test_norms_of_float16_are_reduced_in_float64():
    x = np.full(10_000, 0.1, dtype=np.float16)
    exact = 10_000 * float(x[0])
    assert sn.l1_norm(x) == np.float16(exact)
    assert sn.l2_norm(np.array([300.0, 400.0], dtype=np.float16)) == 500  # squares > 65504
    assert sn.group_l21_norm(np.array([300.0, 400.0], dtype=np.float16), 2) == 500


def _decimal_lp(values, p):
    """(sum |x|^p)^(1/p) in 60-digit decimal arithmetic, from the exact input floats."""
    with localcontext() as ctx:
        ctx.prec = 60
        q = Decimal(p)  # the float p exactly
        total = sum((abs(Decimal(float(v))) ** q for v in values if v), Decimal(0))
        return total ** (1 / q)


@pytest.mark.parametrize(
    ("values", "dtype", "p"),
    [
        ([2.0, 1e-45], np.float32, 0.1),  # the subnormal's term (1e-45 / 2)^0.1 is 3e-5
        ([1.0, 1e-40, -3e-42], np.float32, 0.1),  # ratios that are subnormal, with few digits
        ([1e10, 5e-324], np.float64, 0.01),  # the ratio 5e-334 underflows float64
        ([3.0, 2.0**-1060, 0.0], np.float64, 0.02),
    ],
)
def test_lp_norm_keeps_terms_whose_ratio_to_the_largest_is_subnormal(values, dtype, p):
    # fuzz finding: lp_norm(p=0.1) of float32 [2, 1e-45] was 2.0, exact 2.000610...
    x = np.array(values, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sn.lp_norm(x, p)
    exact = _decimal_lp(x, p)
    n = x.size
    # the tolerance of test_fuzz_core.py: a few roundings, the sum's n amplified by 1 / p
    tol = (6 + 2 * (n + 2) / p) * float(np.finfo(dtype).eps) * float(exact)
    assert result.dtype == dtype
    assert abs(Decimal(float(result)) - exact) <= Decimal(tol)
    # the small terms matter: dropping them (the result max |x|) would fail the check above
    largest = Decimal(float(np.max(np.abs(x))))
    assert abs(largest - exact) > Decimal(tol)


def test_group_l21_norm_rounds_once_not_each_group_norm():
    # fuzz finding: six float32 1e-45 (= 2^-149) in pairs gave 3 * 2^-149 (each group norm
    # sqrt(2) 2^-149 rounded to the subnormal 2^-149); the exact sum is 3 sqrt(2) 2^-149
    x = np.full(6, 1e-45, dtype=np.float32)
    with localcontext() as ctx:
        ctx.prec = 40
        exact = 3 * Decimal(2).sqrt() * Decimal(2) ** -149  # 4.24 units of 2^-149
    result = sn.group_l21_norm(x, 2)
    assert result.dtype == np.float32
    assert float(result) == 4 * 2.0**-149  # the nearest float32 to the exact value
    assert abs(Decimal(float(result)) - exact) <= Decimal(2.0**-150)  # half a unit


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_mcp_and_scad_values_near_the_largest_float_do_not_warn(dtype):
    # regression: the branch not taken squared |w| near the largest float and numpy warned
    big = np.finfo(dtype).max
    w = np.array([big, -big, np.nextafter(big, dtype(0)), 0.5], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mcp = sn.mcp_values(w, 1.0, 3.0)
        scad = sn.scad_values(w, 1.0, 3.7)
    # beyond the outer knots: the flat values gamma alpha^2 / 2 and (a + 1) alpha^2 / 2
    np.testing.assert_array_equal(mcp[:3], dtype(1.5))
    np.testing.assert_array_equal(scad[:3], dtype(4.7 / 2))
    # inside the first knot: alpha |w| - w^2 / (2 gamma) = 11/24, and alpha |w| = 1/2
    eps = Fraction(*np.finfo(dtype).eps.as_integer_ratio())
    assert abs(Fraction(*mcp[3].as_integer_ratio()) - Fraction(11, 24)) <= eps
    assert scad[3] == 0.5


# ------------------------------------------------------------- projections that overflow


@pytest.mark.parametrize(
    "x, dtype",
    [([1e308, 1e308], np.float64), ([1.7e308, -1.7e308], np.float64),
     ([6e4, 6e4], np.float16), ([3e38, -3e38], np.float32)],
)  # fmt: skip
def test_projections_of_vectors_whose_norm_overflows(x, dtype):
    x = np.array(x, dtype=dtype)
    signs = np.sign(x.astype(float))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        l1 = sn.project_l1_ball(x, 1.0)
        l2 = sn.project_l2_ball(x, 1.0)
        linf = sn.project_linf_ball(x, 1.0)
    np.testing.assert_array_equal(l1, (0.5 * signs).astype(dtype))
    np.testing.assert_allclose(l2, (signs / math.sqrt(2)).astype(dtype), rtol=np.finfo(dtype).eps)
    np.testing.assert_array_equal(linf, signs.astype(dtype))
    assert l1.dtype == l2.dtype == linf.dtype == dtype


def test_projections_with_extreme_radii():
    x = np.array([1.7e308, 1.7e308, 1e300])
    np.testing.assert_array_equal(sn.project_l1_ball(x[:2], 1e-300), [5e-301, 5e-301])
    np.testing.assert_allclose(
        sn.project_l2_ball(x[:2], 1e-300), 1e-300 / math.sqrt(2), rtol=4e-16
    )
    # a radius near the largest float: cumulative sums would overflow without scaling
    u = sn.project_l1_ball(np.array([0.99, 0.39, 0.39]) * 1.79e308, 0.9 * 1.79e308)
    theta = (0.99 + 0.39 + 0.39 - 0.9) / 3 * 1.79e308
    np.testing.assert_allclose(u, np.array([0.99, 0.39, 0.39]) * 1.79e308 - theta, rtol=1e-13)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a radius beyond float16 clips nothing, without a warning
        h = np.array([6e4, -1.0], dtype=np.float16)
        np.testing.assert_array_equal(sn.project_linf_ball(h, 1e5), h)


def test_project_l1_ball_radius_far_below_the_norm_keeps_its_mass():
    x = np.array([1e20, 1e20 - 2**14, 3.0, -1e20])
    u = sn.project_l1_ball(x, 1.0)
    assert math.fsum(np.abs(u)) == pytest.approx(1.0, rel=1e-15)
    # exact: theta = 1e20 - (1 + 2**14) / 3 on the three largest... the second is 2**14 below,
    # more than the radius, so only the two of magnitude 1e20 share it: 0.5 each.
    np.testing.assert_array_equal(u, [0.5, 0.0, 0.0, -0.5])


# ------------------------------------------------------------- penalty_descent arguments


def test_penalty_descent_rejects_a_penalty_class_clearly():
    with pytest.raises(TypeError, match=r"^penalty must be a penalty object such as L1\(alpha"):
        sn.penalty_descent(sn.L1, 1.0, 0.1, 3)


def test_penalty_descent_step_beyond_the_dtype_is_an_error_not_nan():
    with pytest.raises(ValueError, match="^step must be representable in w0's dtype float16"):
        sn.penalty_descent(sn.L1(), np.float16(0.0), 1e5, 3)
    # proximal steps compute in float64 and round: no limit there
    run = sn.penalty_descent(sn.L1(), np.float16(3.0), 1e5, 2, method="proximal")
    np.testing.assert_array_equal(run, [3.0, 0.0, 0.0])


# ------------------------------------------------------------- 0-d results follow numpy


REDUCTIONS = {
    "l0_norm": sn.l0_norm, "l1_norm": sn.l1_norm, "l2_norm": sn.l2_norm,
    "squared_l2_norm": sn.squared_l2_norm, "linf_norm": sn.linf_norm,
    "lp_norm": lambda x: sn.lp_norm(x, 3), "L1.value": sn.L1(0.5).value,
    "SquaredL2.value": sn.SquaredL2(0.5).value, "L0.value": sn.L0(0.5).value,
    "ElasticNetPenalty.value": sn.ElasticNetPenalty(0.5).value,
}  # fmt: skip
ELEMENTWISE = {
    "prox_l1": lambda x: sn.prox_l1(x, 0.5), "prox_squared_l2": lambda x: sn.prox_squared_l2(x, 1),
    "prox_elastic_net": lambda x: sn.prox_elastic_net(x, 0.5, 0.5),
    "prox_l0": lambda x: sn.prox_l0(x, 0.1), "project_l1_ball": lambda x: sn.project_l1_ball(x, 1),
    "project_l2_ball": lambda x: sn.project_l2_ball(x, 1),
    "project_linf_ball": lambda x: sn.project_linf_ball(x, 1),
    "subgradient_l1": sn.subgradient_l1, "grad_squared_l2": sn.grad_squared_l2,
    "subdiff_distance_l1": lambda x: sn.subdiff_distance_l1(x, x, 0.5),
    "L1.prox": lambda x: sn.L1(0.5).prox(x, 1.0), "L1.subgradient": sn.L1(0.5).subgradient,
    "SquaredL2.grad": sn.SquaredL2(0.5).grad,
    "SquaredL2.subdiff_distance": lambda x: sn.SquaredL2(0.5).subdiff_distance(x, x),
    "ElasticNetPenalty.subgradient": sn.ElasticNetPenalty(0.5).subgradient,
    "ElasticNetPenalty.subdiff_distance": lambda x: sn.ElasticNetPenalty().subdiff_distance(x, x),
    "L0.prox": lambda x: sn.L0(0.5).prox(x, 1.0), "L0.subgradient": sn.L0(0.5).subgradient,
    "L0.subdiff_distance": lambda x: sn.L0(0.5).subdiff_distance(x, x),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REDUCTIONS) + list(ELEMENTWISE))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_zero_d_results_are_numpy_scalars_like_numpy_ufuncs(name, dtype):
    function = {**REDUCTIONS, **ELEMENTWISE}[name]
    # numpy's rule: np.abs(np.array(2.0)) and np.sum(...) are numpy scalars, not 0-d arrays
    assert type(np.abs(np.array(2.0, dtype=dtype))) is dtype
    expected = np.intp if name == "l0_norm" else dtype
    for x in (np.array(2.0, dtype=dtype), dtype(2.0)):
        assert type(function(x)) is expected
    if name in ELEMENTWISE:
        assert isinstance(function(np.array([2.0], dtype=dtype)), np.ndarray)


@pytest.mark.parametrize(
    "norm", [sn.l0_norm, sn.l1_norm, sn.l2_norm, sn.squared_l2_norm, sn.linf_norm]
)
def test_reductions_keep_numpys_keepdims_and_axis_rules(norm):
    kept = norm(np.ones((2, 3)), keepdims=True)
    assert isinstance(kept, np.ndarray) and kept.shape == (1, 1)
    assert isinstance(norm(np.ones((2, 3)), axis=(0, 1)), np.generic)
    assert isinstance(norm(np.ones((2, 3)), axis=1), np.ndarray)


def test_big_endian_input_gives_native_results():
    x = np.array([3.0, -0.5, 0.0], dtype=">f8")
    for result in (sn.prox_l1(x, 1.0), sn.grad_squared_l2(x), sn.project_l2_ball(x, 1.0),
                   sn.prox_l0(x, 0.1), sn.project_l1_ball(x, 10.0)):  # fmt: skip
        assert result.dtype == np.float64 and result.dtype.isnative
    assert sn.l1_norm(x) == 3.5


def test_sparse_input_to_a_dense_function_names_the_argument():
    import scipy.sparse

    from sparsenorm.sparse import to_sparse_csr

    for bad in (scipy.sparse.csr_array([[1.0, 0.0]]), to_sparse_csr([[1.0, 0.0]])):
        with pytest.raises(
            TypeError, match=r"^x must be a dense numeric array-like, got the sparse"
        ):
            sn.l1_norm(bad)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_testing_helpers_accept_every_float_dtype(dtype):
    from sparsenorm.testing import assert_moreau_decomposition, assert_prox_optimal

    x = np.array([2.0, -0.1, 0.0, 3.7, -1.3], dtype=dtype)
    for penalty in (sn.L1(0.3), sn.SquaredL2(1.3), sn.ElasticNetPenalty(0.9, 0.3), sn.L0(0.4)):
        assert_prox_optimal(penalty, x, 0.5)
    assert_moreau_decomposition(sn.prox_l1, lambda v, t: sn.project_linf_ball(v, 1.0), x, 0.5)
    with pytest.raises(AssertionError, match="prox optimality violated"):
        assert_prox_optimal(_WrongProx(), x, 0.5)


class _WrongProx:
    """A 'prox' that forgets to threshold: the helper must catch it."""

    def prox(self, w, step):
        return np.asarray(w).copy()

    def subdiff_distance(self, w, grad):
        return sn.L1(0.3).subdiff_distance(w, grad)
