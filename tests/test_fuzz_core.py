"""Fuzz suite of the numpy core: every public function against an independent reference.

Inputs: every dtype a user may pass (float16, float32, float64, big-endian, signed and unsigned
integers, bool), magnitudes from the smallest subnormal to the largest float, 0-d, empty and
one-element arrays, and C, Fortran, strided and read-only layouts. Each result is checked
against exact arithmetic (``fractions.Fraction``; ``decimal.Decimal`` at 80 digits where a
square root or a power is needed), so the outcome is either the right answer within the
tolerance stated next to each check, or a clear error naming the argument. Never a wrong answer,
a NaN, a warning where the true result is representable, or a mutated input.

Arithmetic assumed: IEEE 754 binary16/32/64, round to nearest even, each numpy operation rounded
separately, no FMA, no flush-to-zero (numpy's defaults).

The CI profile is derandomised and small. For a long run:
``SPARSENORM_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_core.py -p no:cacheprovider``.
"""

import itertools
import math
import warnings
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from _helpers import fuzz_settings, to_float, ulp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import sparsenorm as sn

FUZZ = fuzz_settings(25)

FLOATS = [np.dtype(t) for t in ("float16", "float32", "float64", ">f8", ">f4")]
INTEGERS = [np.dtype(t) for t in ("int8", "uint8", "int16", "uint32", "int64", "uint64", ">i4")]
DTYPES = FLOATS + INTEGERS + [np.dtype(bool)]
F64 = np.finfo(np.float64)


# ------------------------------------------------------------------------------ inputs


def float_elements(dtype):
    info = np.finfo(dtype)
    tiny, big = float(info.smallest_subnormal), float(info.max)
    special = [0.0, -0.0, tiny, -tiny, float(info.smallest_normal), big, -big, big / 3, 1.0, -2.5]
    return st.one_of(
        st.floats(width=info.bits, allow_nan=False, allow_infinity=False),
        st.sampled_from(special),
        st.floats(-100, 100, width=info.bits),
    )


def elements(dtype):
    if dtype.kind == "f":
        return float_elements(dtype)
    if dtype.kind == "b":
        return st.booleans()
    info = np.iinfo(dtype)
    return st.one_of(
        st.integers(int(info.min), int(info.max)), st.sampled_from([int(info.min), int(info.max)])
    )


@st.composite
def arrays(draw, dtypes=DTYPES, min_dims=0, max_dims=3, max_side=4, shape=None):
    """An ndarray (or nested list) in one of the layouts a user may pass."""
    dtype = draw(st.sampled_from(dtypes))
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0,
                                      max_side=max_side))  # fmt: skip
    base = draw(hnp.arrays(dtype, shape, elements=elements(dtype)))
    layout = draw(st.sampled_from(["C", "F", "strided", "read-only", "list"]))
    if layout == "F" and base.ndim:  # np.asfortranarray makes a 0-d array 1-d
        return np.asfortranarray(base)
    if layout == "strided" and base.ndim:
        wide = np.zeros((*base.shape[:-1], 2 * base.shape[-1] + 1), dtype=dtype)
        wide[..., 1::2] = base
        return wide[..., 1::2]
    if layout == "read-only":
        base.flags.writeable = False
        return base
    if layout == "list" and dtype.kind == "f" and dtype.itemsize == 8 and base.size:
        return base.tolist()  # Python floats are float64: the list means the same numbers
    return base


def seen(x):
    """The float array the library computes from: ints and bools become float64."""
    array = np.asarray(x)
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    return array.astype(array.dtype.newbyteorder("="))


def exact(array):
    """Object array of Fractions equal to the entries."""
    flat = [Fraction(float(v)) for v in np.asarray(array, dtype=np.float64).reshape(-1)]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(np.shape(array))


def decimal(value):
    value = Fraction(value)
    return Decimal(value.numerator) / Decimal(value.denominator)


def snapshot(x):
    array = np.asarray(x)
    return array.dtype, array.shape, array.tobytes(), bool(getattr(x, "flags", None) is None
                                                          or x.flags.writeable)  # fmt: skip


def called(function, *args, **kwargs):
    """Call with every warning recorded; returns (result, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    return result, [w for w in caught if issubclass(w.category, RuntimeWarning)]


def as_fraction(value):
    return Fraction(float(value))


def out_dtype(*inputs):
    return np.result_type(*[seen(x).dtype for x in inputs])


def eps(dtype):
    return Fraction(float(np.finfo(dtype).eps))


def rounded(value, dtype):
    """``value`` rounded to float64, then to ``dtype`` (inf beyond the range)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.array(to_float(value)).astype(dtype)[()]


def assert_within(result, reference, dtype, tol, what):
    """``result`` (one float) is within ``tol`` of the exact ``reference``, or the reference is
    beyond ``dtype``'s range (then infinity of the right sign is the right answer)."""
    big = Fraction(float(np.finfo(dtype).max))
    reference = Fraction(reference) if not isinstance(reference, Decimal) else reference
    ref = Fraction(reference) if isinstance(reference, Decimal) else reference
    assert not np.isnan(result), f"{what}: NaN, expected {to_float(ref)!r}"
    if abs(ref) - tol > big:
        assert np.isinf(result) and (result > 0) == (ref > 0), f"{what}: {result!r} for {ref}"
        return
    if np.isinf(result):
        assert abs(ref) + tol >= big, f"{what}: inf for the representable {to_float(ref)!r}"
        return
    error = abs(Fraction(float(result)) - ref)
    assert error <= tol, (
        f"{what}: {result!r} vs exact {to_float(ref)!r}: error {to_float(error):.3g} > "
        f"{to_float(tol):.3g}"
    )


def beyond_range(reference, dtype, tol=0):
    return abs(Fraction(reference)) + tol >= Fraction(float(np.finfo(dtype).max))


def check_warnings(caught, allowed, what):
    assert allowed or not caught, f"{what}: warning {caught[0].message} on a representable result"


def check_not_mutated(x, before):
    assert snapshot(x) == before, "the input was modified"


def check_scalar_rule(result, x):
    """A 0-d result is a numpy scalar (numpy's rule), anything else an ndarray."""
    if np.ndim(x) == 0:
        assert isinstance(result, np.generic), type(result)
    else:
        assert isinstance(result, np.ndarray), type(result)


axes_for = st.integers(0, 3)


@st.composite
def axis_and_keepdims(draw, ndim):
    keepdims = draw(st.booleans())
    if ndim == 0 or draw(st.booleans()):
        return None, keepdims
    axes = draw(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=ndim,
                         unique_by=lambda a: a % ndim))  # fmt: skip
    return (axes[0] if len(axes) == 1 and draw(st.booleans()) else tuple(axes)), keepdims


def reduce_exact(values, axis, keepdims, function):
    """Apply ``function`` (on a 1-D object array of Fractions) over ``axis`` like numpy."""
    values = np.asarray(values, dtype=object)
    if values.ndim == 0:
        out = np.empty((), dtype=object)
        out[()] = function(values.reshape(1))
        return out, 1
    axes = tuple(range(values.ndim)) if axis is None else (axis if isinstance(axis, tuple)
                                                             else (axis,))  # fmt: skip
    axes = tuple(sorted(a % values.ndim for a in axes))
    kept = [a for a in range(values.ndim) if a not in axes]
    moved = np.transpose(values, kept + list(axes))
    lead = moved.shape[: len(kept)]
    size = math.prod(values.shape[a] for a in axes)
    flat = moved.reshape((*lead, size))
    out = np.empty(lead, dtype=object)
    for index in np.ndindex(lead):
        out[index] = function(flat[index])
    if keepdims:
        out = out.reshape([1 if a in axes else values.shape[a] for a in range(values.ndim)])
    return out, max(size, 1)


# ------------------------------------------------------------------------------- norms


def _sum(values):
    return sum(values, Fraction(0))


def _sqrt(value):
    with localcontext() as context:
        context.prec = 80
        return decimal(value).sqrt()


def _power_sum(values, p):
    with localcontext() as context:
        context.prec = 80
        p = Decimal(p)
        total = sum((decimal(abs(v)) ** p for v in values if v != 0), Decimal(0))
        return total ** (1 / p) if total else Decimal(0)


NORMS = {
    "l1_norm": (sn.l1_norm, lambda v: _sum(abs(e) for e in v), 1),
    "squared_l2_norm": (sn.squared_l2_norm, lambda v: _sum(e * e for e in v), 1),
    "l2_norm": (sn.l2_norm, lambda v: Fraction(_sqrt(_sum(e * e for e in v))), 2),
    "linf_norm": (sn.linf_norm, lambda v: max((abs(e) for e in v), default=Fraction(0)), 0),
}


def accumulator(dtype):
    return np.dtype(np.float64) if dtype.itemsize < 4 else dtype


@pytest.mark.parametrize("name", NORMS)
@FUZZ
@given(data=st.data())
def test_norms_match_exact_arithmetic(name, data):
    x = data.draw(arrays())
    function, reference, extra = NORMS[name]
    axis, keepdims = data.draw(axis_and_keepdims(np.ndim(x)))
    before = snapshot(x)
    values = seen(x)
    dtype = values.dtype
    result, caught = called(function, x, axis=axis, keepdims=keepdims)
    check_not_mutated(x, before)
    expected, n = reduce_exact(exact(values), axis, keepdims, reference)
    result = np.asarray(result) if keepdims or axis is not None else result
    if axis is None and not keepdims:
        assert isinstance(result, np.generic) and result.dtype == dtype
    assert np.shape(result) == expected.shape and np.asarray(result).dtype == dtype
    # Tolerance: a sum of n terms in the accumulating precision (float64 for float16) carries
    # at most about n rounding errors relative to the sum of magnitudes; one more rounding to
    # the output dtype; squares of tiny entries may underflow (n smallest subnormals).
    acc = accumulator(dtype)
    overflowed = False
    for index in np.ndindex(expected.shape):
        ref = expected[index]
        tol = (
            (n + 4) * eps(acc) * abs(ref) * (1 if extra else 0)
            + ulp(ref, dtype)
            + n * Fraction(float(np.finfo(acc).smallest_subnormal))
        )
        if extra == 0:
            tol = Fraction(0)  # the largest magnitude is exact
        overflowed |= beyond_range(ref, dtype, tol)
        assert_within(np.asarray(result)[index], ref, dtype, tol, name)
    check_warnings(caught, overflowed, name)


@FUZZ
@given(data=st.data())
def test_l0_norm_counts_exactly(data):
    x = data.draw(arrays())
    tol = data.draw(
        st.sampled_from([0.0, 1e-300, 1e-8, 0.1, 1.0, 1e5, 1e300]) | st.floats(0, 1e10)
    )
    axis, keepdims = data.draw(axis_and_keepdims(np.ndim(x)))
    result, caught = called(sn.l0_norm, x, axis=axis, keepdims=keepdims, tol=tol)
    expected, _ = reduce_exact(exact(seen(x)), axis, keepdims,
                               lambda v: sum(1 for e in v if abs(e) > Fraction(tol)))  # fmt: skip
    np.testing.assert_array_equal(result, expected.astype(np.intp))
    assert np.asarray(result).dtype == np.intp
    assert not caught


@FUZZ
@given(data=st.data())
def test_lp_norm_matches_decimal_arithmetic(data):
    x = data.draw(arrays(max_dims=2))
    p = data.draw(st.sampled_from([0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 7.5, 100.0, np.inf]))
    values = seen(x)
    dtype = values.dtype
    result, caught = called(sn.lp_norm, x, p)
    flat = exact(values).reshape(-1)
    if p == np.inf:
        ref = max((abs(e) for e in flat), default=Fraction(0))
    else:
        ref = Fraction(_power_sum(flat, p))
    n = max(flat.size, 1)
    # m * (sum (|x|/m)^p)^(1/p): each ratio and power one rounding, the sum n, the root one,
    # and the power 1/p multiplies the relative error of the sum by 1/p.
    acc = accumulator(dtype)
    factor = 6 + 2 * (n + 2) * max(1.0, 1 / p) if p != np.inf else 0
    tol = Fraction(factor) * eps(acc) * abs(ref) + ulp(ref, dtype)
    assert isinstance(result, np.generic) and result.dtype == dtype
    assert_within(result, ref, dtype, tol, f"lp_norm(p={p})")
    check_warnings(caught, beyond_range(ref, dtype, tol), "lp_norm")


@st.composite
def groups_for(draw, n):
    if n and draw(st.booleans()):
        size = draw(st.sampled_from([d for d in range(1, n + 1) if n % d == 0]))
        return size
    order = draw(st.permutations(list(range(n))))
    cuts = sorted(draw(st.sets(st.integers(1, max(n - 1, 1)), max_size=max(n - 1, 0))))
    cuts = [c for c in cuts if 0 < c < n]
    bounds = [0, *cuts, n]
    return [list(order[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def group_members(groups, n):
    if isinstance(groups, int):
        return [list(range(start, start + groups)) for start in range(0, n, groups)]
    return groups


@FUZZ
@given(data=st.data())
def test_group_l21_norm_and_prox(data):
    x = data.draw(arrays(min_dims=1, max_dims=1, max_side=6))
    n = len(x)
    groups = data.draw(groups_for(n))
    step = data.draw(st.sampled_from([0.0, 1e-300, 0.5, 3.0, 1e5, 1e300]) | st.floats(0, 1e3))
    values = seen(x)
    dtype = values.dtype
    before = snapshot(x)
    norm, caught = called(sn.group_l21_norm, x, groups)
    prox, caught_prox = called(sn.prox_group_l21, x, step, groups)
    check_not_mutated(x, before)
    entries = exact(values)
    members = group_members(groups, n)
    norms = {i: _sqrt(_sum(entries[j] ** 2 for j in g)) for i, g in enumerate(members)}
    ref = Fraction(sum(norms.values(), Decimal(0)))
    tol = (n + 6) * eps(accumulator(dtype)) * ref + ulp(ref, dtype)
    assert_within(norm, ref, dtype, tol, "group_l21_norm")
    check_warnings(caught, beyond_range(ref, dtype, tol), "group_l21_norm")
    assert prox.dtype == dtype and prox.shape == (n,)
    # u_g = x_g * max(1 - t / ||x_g||, 0): the scale's absolute error is a few eps (in float64),
    # so each entry is within (size + 6) eps64 |x_i| plus one rounding to the dtype.
    for i, g in enumerate(members):
        scale = max(1 - Fraction(step) / Fraction(norms[i]), 0) if norms[i] else Fraction(0)
        for j in g:
            want = entries[j] * scale
            tol = (len(g) + 6) * eps(np.float64) * abs(entries[j]) + ulp(want, dtype)
            assert_within(prox[j], want, dtype, tol, "prox_group_l21")
    assert not caught_prox


# ----------------------------------------------------------------- (sub)gradients


@FUZZ
@given(data=st.data())
def test_subgradient_and_gradient_are_exact(data):
    x = data.draw(arrays())
    before = snapshot(x)
    values = seen(x)
    sign, caught = called(sn.subgradient_l1, x)
    copy, caught_copy = called(sn.grad_squared_l2, x)
    check_not_mutated(x, before)
    np.testing.assert_array_equal(sign, np.sign(values.astype(np.float64)))
    np.testing.assert_array_equal(copy, values)
    for result in (sign, copy):
        assert np.asarray(result).dtype == values.dtype
        check_scalar_rule(result, x)
        assert not np.shares_memory(result, np.asarray(x))
    assert not caught and not caught_copy


strengths = st.sampled_from(
    [0.0, 5e-324, 1e-300, 1e-8, 0.3, 1.0, 2.5, 1e5, 1e39, 1e300]
) | st.floats(0, 1e6)
steps = st.sampled_from(
    [0.0, 5e-324, 1e-300, 1e-8, 0.25, 0.5, 1.0, 3.0, 1e5, 65504.0, 1e39, 1e300]
)
steps = steps | st.floats(0, 1e6)
ratios = st.sampled_from([0.0, 1e-6, 0.1, 0.3, 0.5, 0.9, 1.0]) | st.floats(0, 1)


@st.composite
def same_shape_pair(draw, dtypes=DTYPES):
    w = draw(arrays(dtypes=dtypes))
    g = draw(arrays(dtypes=dtypes, shape=np.shape(w)))
    return w, g


def check_rounded(result, exact_values, dtype, what, float64_ulps=0):
    """Each entry equals the exact value rounded to float64 then to ``dtype``; for float64
    results within ``float64_ulps`` units in the last place (0: exactly rounded)."""
    result = np.asarray(result)
    assert result.dtype == dtype, (result.dtype, dtype)
    for index in np.ndindex(np.shape(exact_values)):
        want = np.asarray(exact_values)[index]
        got = result[index]
        if dtype.itemsize < 8 or float64_ulps == 0:
            expected = rounded(want, dtype)
            assert got == expected, (
                f"{what}{index}: {got!r}, not {expected!r} ({to_float(want)!r})"
            )
        else:
            tol = float64_ulps * ulp(want, dtype)
            assert_within(got, want, dtype, tol, f"{what}{index}")


@FUZZ
@given(pair=same_shape_pair(), alpha=strengths)
def test_subdiff_distance_l1_is_the_rounded_exact_distance(pair, alpha):
    w, g = pair
    before = snapshot(w), snapshot(g)
    dtype = out_dtype(w, g)
    result, caught = called(sn.subdiff_distance_l1, w, g, alpha)
    assert (snapshot(w), snapshot(g)) == before
    fw, fg, fa = exact(seen(w)), exact(seen(g)), Fraction(alpha)
    want = np.empty(np.shape(w), dtype=object)
    for i in np.ndindex(np.shape(w)):
        s = (fw[i] > 0) - (fw[i] < 0)
        want[i] = max(abs(fg[i]) - fa, 0) if s == 0 else abs(fg[i] + fa * s)
    check_rounded(result, want, dtype, "subdiff_distance_l1")
    check_scalar_rule(result, w)
    check_warnings(caught, any(beyond_range(v, dtype) for v in want.reshape(-1)), "subdiff")


# -------------------------------------------------------------- proximal operators


def soft(x, t):
    return max(abs(x) - t, Fraction(0)) * (1 if x > 0 else -1)


@FUZZ
@given(x=arrays(), step=steps, l1_ratio=ratios)
def test_separable_proxes_are_exactly_rounded(x, step, l1_ratio):
    before = snapshot(x)
    values = seen(x)
    dtype = values.dtype
    fx, t, rho = exact(values), Fraction(step), Fraction(l1_ratio)
    results = {}
    for name, function, reference, f64_ulps in [
        ("prox_l1", lambda: sn.prox_l1(x, step), lambda v: soft(v, t), 0),
        ("prox_squared_l2", lambda: sn.prox_squared_l2(x, step), lambda v: v / (1 + t), 2),
        ("prox_elastic_net", lambda: sn.prox_elastic_net(x, step, l1_ratio),
         lambda v: soft(v, t * rho) / (1 + t * (1 - rho)), 3),
        ("prox_l0", lambda: sn.prox_l0(x, step), lambda v: v if v * v > 2 * t else Fraction(0), 0),
        ("project_linf_ball", lambda: sn.project_linf_ball(x, step),
         lambda v: min(max(v, -t), t), 0),
    ]:  # fmt: skip
        result, caught = called(function)
        check_not_mutated(x, before)
        want = np.vectorize(reference, otypes=[object])(fx) if fx.size else fx
        check_rounded(result, want, dtype, name, f64_ulps)
        check_scalar_rule(result, x)
        assert not np.shares_memory(result, np.asarray(x))
        assert not caught, f"{name}: {caught[0].message}"
        results[name] = result
    if l1_ratio == 1:
        np.testing.assert_array_equal(sn.prox_elastic_net(x, step, 1.0), results["prox_l1"])
    if l1_ratio == 0:
        np.testing.assert_array_equal(
            sn.prox_elastic_net(x, step, 0.0), results["prox_squared_l2"]
        )


@FUZZ
@given(data=st.data())
def test_large_vector_soft_threshold_path(data):
    dtype = data.draw(st.sampled_from([np.float32, np.float64]))
    exponent = data.draw(st.integers(-40 if dtype == np.float32 else -320, 37))
    step = data.draw(steps)
    seed = data.draw(st.integers(0, 2**32 - 1))
    x = (np.random.default_rng(seed).standard_normal((1 << 16) + 3) * 10.0**exponent).astype(dtype)
    x.flags.writeable = False
    u, caught = called(sn.prox_l1, x, step)
    wide = x.astype(np.float64)
    np.testing.assert_array_equal(u, (wide - np.clip(wide, -step, step)).astype(dtype))
    assert u.dtype == dtype and not caught
    total, caught = called(sn.l1_norm, x)
    ref = math.fsum(np.abs(wide))  # exact sum of the float32/float64 entries, rounded once
    if ref > float(np.finfo(dtype).max):
        assert total == np.inf
    else:  # BLAS asum accumulates in the dtype: at most n roundings relative to the sum
        tol = x.size * float(np.finfo(dtype).eps) * ref
        assert abs(float(total) - ref) <= tol + float(np.finfo(dtype).smallest_subnormal) * x.size


# -------------------------------------------------------------------- projections


def l1_projection_exact(values, radius):
    """Exact Euclidean projection onto the l1 ball (Duchi et al.), in Fractions."""
    magnitude = [abs(v) for v in values]
    r = Fraction(radius)
    if sum(magnitude) <= r:
        return list(values)
    if r == 0:
        return [Fraction(0)] * len(values)
    ordered = sorted(magnitude, reverse=True)
    total, theta = Fraction(0), Fraction(0)
    for j, v in enumerate(ordered, start=1):
        total += v
        if v - (total - r) / j > 0:
            theta = (total - r) / j
    return [soft(v, theta) for v in values]


radii = st.sampled_from([0.0, 5e-324, 1e-300, 1e-5, 0.5, 1.0, 3.0, 6e4, 1e38, 1e300, 1.7e308])
radii = radii | st.floats(0, 1e4)


@FUZZ
@given(x=arrays(), radius=radii)
def test_projections_onto_balls(x, radius):
    before = snapshot(x)
    values = seen(x)
    dtype = values.dtype
    flat = list(exact(values).reshape(-1))
    n = len(flat)
    l1, caught_l1 = called(sn.project_l1_ball, x, radius)
    l2, caught_l2 = called(sn.project_l2_ball, x, radius)
    check_not_mutated(x, before)
    for name, result, caught in (("project_l1_ball", l1, caught_l1),
                                 ("project_l2_ball", l2, caught_l2)):  # fmt: skip
        assert np.shape(result) == np.shape(values) and np.asarray(result).dtype == dtype
        check_scalar_rule(result, x)
        assert not np.shares_memory(result, np.asarray(x))
        assert not caught, f"{name}: {caught[0].message}"
    r = Fraction(radius)
    work = Fraction(float(F64.eps))
    # l1: every entry within 8 (n + 2) eps64 * min(r, ||x||_1) of the exact projection (the
    # offsets from the largest magnitude are exact for the entries that stay non-zero), plus
    # one rounding to the dtype.
    want = l1_projection_exact(flat, radius)
    scale = min(r, sum(abs(v) for v in flat))
    for i, (got, ref) in enumerate(zip(np.asarray(l1).reshape(-1), want, strict=True)):
        tol = (
            8 * (n + 2) * work * scale
            + ulp(ref, dtype)
            + 64 * Fraction(float(F64.smallest_subnormal))
        )
        assert_within(got, ref, dtype, tol, f"project_l1_ball[{i}]")
    # l2: x * min(1, r / ||x||), the factor within (n + 6) eps64 relative, one more rounding.
    norm = _sqrt(_sum(v * v for v in flat))
    factor = Fraction(1) if norm <= decimal(r) else Fraction(decimal(r) / norm)
    for i, (got, v) in enumerate(zip(np.asarray(l2).reshape(-1), flat, strict=True)):
        ref = v * factor
        tol = (
            (n + 6) * work * abs(ref) + ulp(ref, dtype) + 8 * Fraction(float(F64.smallest_normal))
        )
        assert_within(got, ref, dtype, tol, f"project_l2_ball[{i}]")
    if norm <= decimal(r) * (1 - Decimal(2) ** -40):
        np.testing.assert_array_equal(l2, values)  # well inside the ball: unchanged


# ---------------------------------------------------------------------- penalties


PENALTY_TYPES = st.sampled_from(["L1", "SquaredL2", "ElasticNetPenalty", "L0"])


@st.composite
def penalties(draw):
    kind = draw(PENALTY_TYPES)
    alpha = draw(strengths)
    if kind == "ElasticNetPenalty":
        return sn.ElasticNetPenalty(alpha, draw(ratios))
    return getattr(sn, kind)(alpha)


def coefficients(penalty):
    """(l1 strength, l2 strength) as the penalty computes them (float64 products)."""
    if isinstance(penalty, sn.L1):
        return penalty.alpha, 0.0
    if isinstance(penalty, sn.SquaredL2):
        return 0.0, penalty.alpha
    if isinstance(penalty, sn.ElasticNetPenalty):
        return penalty.alpha * penalty.l1_ratio, penalty.alpha * (1 - penalty.l1_ratio)
    return None


@FUZZ
@given(penalty=penalties(), pair=same_shape_pair(), step=steps)
def test_penalty_methods(penalty, pair, step):
    w, g = pair
    before = snapshot(w), snapshot(g)
    values = seen(w)
    dtype = values.dtype
    fw, fg = exact(values), exact(seen(g))
    n = max(fw.size, 1)
    strengths_ = coefficients(penalty)

    # value: exact penalty value, within a reduction's error in float64 plus one rounding.
    value, caught = called(penalty.value, w)
    assert isinstance(value, np.generic) and value.dtype == dtype
    alpha = Fraction(penalty.alpha)
    rho = Fraction(
        {sn.L1: 1.0, sn.SquaredL2: 0.0}.get(type(penalty), getattr(penalty, "l1_ratio", 0))
    )
    if strengths_ is None:
        ref = alpha * sum(1 for v in fw.reshape(-1) if v != 0)
    else:
        flat = fw.reshape(-1)
        ref = alpha * (
            rho * _sum(abs(v) for v in flat) + (1 - rho) / 2 * _sum(v * v for v in flat)
        )
    # n roundings in float64 relative to the value, one to the dtype, and in the subnormal
    # range up to two smallest subnormals per term (products that underflow).
    tol = (n + 6) * eps(np.float64) * ref + ulp(ref, dtype) + 4 * Fraction(5e-324)
    assert_within(value, ref, dtype, tol, f"{penalty}.value")
    check_warnings(caught, beyond_range(ref, dtype, tol), f"{penalty}.value")

    # prox: the pure function at the float64 threshold alpha * step, bit for bit.
    scaled = penalty.alpha * step
    if math.isinf(scaled):
        with pytest.raises(ValueError, match="alpha \\* step"):
            penalty.prox(w, step)
    else:
        function = {
            sn.L1: lambda: sn.prox_l1(w, scaled),
            sn.SquaredL2: lambda: sn.prox_squared_l2(w, scaled),
            sn.L0: lambda: sn.prox_l0(w, scaled),
            sn.ElasticNetPenalty: lambda: sn.prox_elastic_net(w, scaled, penalty.l1_ratio),
        }[type(penalty)]
        prox, caught = called(penalty.prox, w, step)
        np.testing.assert_array_equal(prox, function())
        assert np.asarray(prox).dtype == dtype and not caught
        check_scalar_rule(prox, w)

    # subgradient: alpha * sign(w) + l2 * w rounded (one or two float64 roundings).
    sub, caught = called(penalty.subgradient, w)
    check_scalar_rule(sub, w)
    if strengths_ is None:
        np.testing.assert_array_equal(sub, np.zeros(np.shape(w), dtype=dtype))
    else:
        l1, l2 = (Fraction(c) for c in strengths_)
        want = (
            np.vectorize(lambda v: l1 * ((v > 0) - (v < 0)) + l2 * v, otypes=[object])(fw)
            if (fw.size)
            else fw
        )
        exact_once = l1 == 0 or l2 == 0
        for index in np.ndindex(np.shape(w)):
            ref = want[index]
            got = np.asarray(sub)[index]
            if exact_once:
                assert got == rounded(ref, dtype), (penalty, got, ref)
            else:
                tol = 4 * ulp(ref, np.float64) + ulp(ref, dtype)
                assert_within(got, ref, dtype, tol, f"{penalty}.subgradient")
        allowed = any(beyond_range(v, dtype) for v in want.reshape(-1))
        check_warnings(caught, allowed, f"{penalty}.subgradient")
    if isinstance(penalty, sn.SquaredL2):
        np.testing.assert_array_equal(called(penalty.grad, w)[0], sub)

    # subdiff_distance: distance of -grad to the subdifferential, to a few roundings.
    pair_dtype = out_dtype(w, g)
    dist, caught = called(penalty.subdiff_distance, w, g)
    assert np.asarray(dist).dtype == pair_dtype
    check_scalar_rule(dist, w)
    allowed = False
    for index in np.ndindex(np.shape(w)):
        v, gv = fw[index], fg[index]
        s = (v > 0) - (v < 0)
        if strengths_ is None:
            ref = abs(gv) if v != 0 else Fraction(0)
        else:
            l1, l2 = (Fraction(c) for c in strengths_)
            smooth = gv + l2 * v
            ref = abs(smooth + l1 * s) if s else max(abs(smooth) - l1, 0)
        # inputs up to max: intermediates near max; tolerance relative to the inputs' size
        size = (
            abs(gv)
            + (Fraction(strengths_[1]) * abs(v) if strengths_ else 0)
            + (Fraction(strengths_[0]) if strengths_ else 0)
        )
        tol = 4 * eps(np.float64) * size + ulp(ref, pair_dtype)
        allowed |= beyond_range(ref, pair_dtype, tol)
        assert_within(np.asarray(dist)[index], ref, pair_dtype, tol, f"{penalty}.subdiff_distance")
    check_warnings(caught, allowed, f"{penalty}.subdiff_distance")
    assert (snapshot(w), snapshot(g)) == before

    # alpha_max: the largest |grad0| (over l1_ratio), or 0 / inf where no strength works.
    if not isinstance(penalty, sn.L0):
        amax = penalty.alpha_max(g)
        top = float(np.max(np.abs(seen(g).astype(np.float64)), initial=0))
        want = {
            sn.L1: top,
            sn.SquaredL2: 0.0 if top == 0 else math.inf,
            sn.ElasticNetPenalty: 0.0
            if top == 0
            else (top / penalty.l1_ratio if getattr(penalty, "l1_ratio", 0) else math.inf),
        }[type(penalty)]
        assert isinstance(amax, float) and amax == want


# ---------------------------------------------------------------- penalty_descent


@FUZZ
@given(
    penalty=penalties(),
    w0=arrays(dtypes=[*FLOATS, np.dtype("int16"), np.dtype(bool)], max_dims=2, max_side=3),
    step=steps,
    n_steps=st.integers(0, 6),
    method=st.sampled_from(["gradient", "proximal"]),
)
def test_penalty_descent(penalty, w0, step, n_steps, method):
    before = snapshot(w0)
    values = seen(w0)
    dtype = values.dtype
    if method == "gradient" and step > float(np.finfo(dtype).max):
        with pytest.raises(ValueError, match="^step must be representable in w0's dtype"):
            sn.penalty_descent(penalty, w0, step, n_steps, method=method)
        return
    if method == "proximal" and math.isinf(penalty.alpha * step) and n_steps:
        with pytest.raises(ValueError, match="alpha \\* step"):
            sn.penalty_descent(penalty, w0, step, n_steps, method=method)
        return
    try:
        run, caught = called(sn.penalty_descent, penalty, w0, step, n_steps, method=method)
    except ValueError as error:
        assert "diverged" in str(error) or "overflowed" in str(error)
        return
    check_not_mutated(w0, before)
    assert run.shape == (n_steps + 1, *np.shape(values)) and run.dtype == dtype
    np.testing.assert_array_equal(run[0], values)
    eta = dtype.type(step) if method == "gradient" else None
    for k in range(n_steps):
        w = run[k]
        assert np.all(np.isfinite(w)), "a step was taken from a non-finite iterate"
        if method == "proximal":
            np.testing.assert_array_equal(run[k + 1], penalty.prox(w, step))
        else:
            g = np.asarray(penalty.subgradient(w)).reshape(-1)
            flat = np.asarray(w).reshape(-1)
            with np.errstate(all="ignore"):
                stepped = [
                    dtype.type(a) - eta * dtype.type(b) for a, b in zip(flat, g, strict=True)
                ]
            np.testing.assert_array_equal(run[k + 1].reshape(-1), np.array(stepped, dtype=dtype))
    assert not np.isnan(run).any()
    del caught  # overflow warnings are legitimate here: an iterate may overflow on the last step


# ----------------------------------------------------------------- invalid input


ALL_FUNCTIONS = {
    "l0_norm": lambda x: sn.l0_norm(x), "l1_norm": sn.l1_norm, "l2_norm": sn.l2_norm,
    "squared_l2_norm": sn.squared_l2_norm, "linf_norm": sn.linf_norm,
    "lp_norm": lambda x: sn.lp_norm(x, 1.5), "subgradient_l1": sn.subgradient_l1,
    "grad_squared_l2": sn.grad_squared_l2, "prox_l1": lambda x: sn.prox_l1(x, 0.5),
    "prox_squared_l2": lambda x: sn.prox_squared_l2(x, 0.5),
    "prox_elastic_net": lambda x: sn.prox_elastic_net(x, 0.5, 0.5),
    "prox_l0": lambda x: sn.prox_l0(x, 0.5), "project_l1_ball": lambda x: sn.project_l1_ball(x, 1),
    "project_l2_ball": lambda x: sn.project_l2_ball(x, 1),
    "project_linf_ball": lambda x: sn.project_linf_ball(x, 1),
    "L1.value": sn.L1().value, "SquaredL2.grad": sn.SquaredL2().grad,
    "ElasticNetPenalty.subgradient": sn.ElasticNetPenalty().subgradient,
    "penalty_descent": lambda x: sn.penalty_descent(sn.L1(), x, 0.1, 2),
}  # fmt: skip
ARGUMENT = {"subgradient_l1": "w", "grad_squared_l2": "w", "L1.value": "w",
            "SquaredL2.grad": "w", "ElasticNetPenalty.subgradient": "w",
            "penalty_descent": "w0"}  # fmt: skip


@pytest.mark.parametrize("name", ALL_FUNCTIONS)
@FUZZ
@given(x=arrays(dtypes=FLOATS, min_dims=1), bad=st.sampled_from([np.nan, np.inf, -np.inf]),
       data=st.data())  # fmt: skip
def test_non_finite_entries_are_rejected_by_name(name, x, bad, data):
    x = np.array(seen(x))
    if x.size == 0:
        return
    x.flat[data.draw(st.integers(0, x.size - 1))] = bad
    argument = ARGUMENT.get(name, "x")
    kind = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(ValueError, match=f"^{argument} contains {kind}"):
        ALL_FUNCTIONS[name](x)


@pytest.mark.parametrize("name", ALL_FUNCTIONS)
@pytest.mark.parametrize(
    "bad", [np.array([1 + 2j]), np.array(["a"]), np.array([None]), [[1.0], [2.0, 3.0]], "abc"]
)
def test_non_numeric_input_is_a_type_error_by_name(name, bad):
    with pytest.raises(TypeError, match=f"^{ARGUMENT.get(name, 'x')} must be"):
        ALL_FUNCTIONS[name](bad)


SCALAR_CALLS = {
    "step": [lambda v: sn.prox_l1([1.0], v), lambda v: sn.prox_squared_l2([1.0], v),
             lambda v: sn.prox_elastic_net([1.0], v, 0.5), lambda v: sn.prox_l0([1.0], v),
             lambda v: sn.prox_group_l21([1.0], v, 1), lambda v: sn.L1().prox([1.0], v),
             lambda v: sn.penalty_descent(sn.L1(), 1.0, v, 2)],
    "radius": [lambda v: sn.project_l1_ball([1.0], v), lambda v: sn.project_l2_ball([1.0], v),
               lambda v: sn.project_linf_ball([1.0], v)],
    "alpha": [lambda v: sn.L1(v), lambda v: sn.SquaredL2(v), lambda v: sn.L0(v),
              lambda v: sn.ElasticNetPenalty(v),
              lambda v: sn.subdiff_distance_l1([1.0], [1.0], v)],
    "tol": [lambda v: sn.l0_norm([1.0], tol=v)],
    "l1_ratio": [lambda v: sn.prox_elastic_net([1.0], 1.0, v),
                 lambda v: sn.ElasticNetPenalty(1, v)],
}  # fmt: skip


@pytest.mark.parametrize("argument", SCALAR_CALLS)
@FUZZ
@given(
    value=st.one_of(
        st.floats(max_value=-1e-300),
        st.sampled_from([np.nan, np.inf, -np.inf]),
        st.sampled_from(["1", None, [1.0], True, 1j, np.array([1.0])]),
    )
)
def test_bad_scalar_arguments_are_rejected_by_name(argument, value):
    for call in SCALAR_CALLS[argument]:
        with pytest.raises((TypeError, ValueError), match=f"^{argument} must"):
            call(value)


@FUZZ
@given(x=arrays(dtypes=[np.dtype(np.float64)], min_dims=1), alpha=strengths, step=steps)
def test_penalty_prox_with_an_overflowing_threshold_is_a_clear_error(x, alpha, step):
    if math.isinf(alpha * step):
        with pytest.raises(ValueError, match="^alpha \\* step"):
            sn.SquaredL2(alpha).prox(x, step)
    else:
        sn.SquaredL2(alpha).prox(x, step)
