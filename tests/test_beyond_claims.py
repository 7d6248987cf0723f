"""Every number and every "exactly zero" / "never zero" claim of the gallery/beyond pages.

Each test recomputes a page's claim a second way (plain Python floats, exact fractions, an
independent correctly rounded binary64 rounding written here, scipy, scikit-learn, hardware
flush-to-zero through torch, brute force), so a change in sparsenorm, in numpy's arithmetic or in
the page that would make a sentence wrong fails here. Sentences that say "for every", "never",
"only" or "if and only if" are tested over their domain with hypothesis or an exhaustive sweep.
The page that makes each claim is named in the section comments.
"""

import contextlib
import io
import math
import runpy
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sparsenorm as sn

F64 = np.finfo(np.float64)
F32 = np.finfo(np.float32)
GALLERY = Path(__file__).parents[1] / "gallery" / "beyond"


def _run_page(name):
    """Execute a gallery page (Agg backend, figures closed) and return its namespace."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with contextlib.redirect_stdout(io.StringIO()) as out:
        namespace = runpy.run_path(str(GALLERY / name), run_name="__main__")
    namespace["__labels__"] = [plt.figure(n).get_label() for n in plt.get_fignums()]
    plt.close("all")
    namespace["__stdout__"] = out.getvalue()
    return namespace


def _figure_labels(page):
    """The alt texts (figure labels) of a page's figures, in order."""
    return page["__labels__"]


def _printed_lines(page):
    return page["__stdout__"].splitlines()


def _prose(name):
    """The comment text of a page (its prose), '#' markers removed, on one line."""
    lines = (GALLERY / name).read_text(encoding="utf-8").splitlines()
    text = [line.strip()[1:] for line in lines if line.strip().startswith("#")]
    return " ".join(" ".join(text).split())


def round_binary64(x):
    """Round a Fraction to the nearest binary64 double, ties to even, with subnormals.

    Written from the definition with integers only, independently of ``float(Fraction)``.
    """
    x = Fraction(x)
    if x == 0:
        return 0.0
    sign = -1.0 if x < 0 else 1.0
    x = abs(x)
    e = x.numerator.bit_length() - x.denominator.bit_length()  # 2**e <= x < 2**(e + 2)
    if x >= Fraction(2) ** (e + 1):
        e += 1
    elif x < Fraction(2) ** e:
        e -= 1
    quantum = max(e, -1022) - 52  # spacing of the doubles around x
    scaled = x / Fraction(2) ** quantum
    m, rest = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * rest
    if twice > scaled.denominator or (twice == scaled.denominator and m % 2 == 1):
        m += 1
    if m * Fraction(2) ** quantum > Fraction(F64.max):
        return sign * math.inf
    return sign * math.ldexp(m, quantum)


finite_doubles = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=300, deadline=None)
@given(finite_doubles, finite_doubles)
def test_round_binary64_agrees_with_the_hardware_on_products_and_sums(a, b):
    # numpy and Python round every product and sum correctly (IEEE 754): an independent check
    with np.errstate(over="ignore"):
        assert round_binary64(Fraction(a) * Fraction(b)) == a * b
        assert round_binary64(Fraction(a) + Fraction(b)) == a + b


@settings(max_examples=300, deadline=None)
@given(st.integers(-(2**55), 2**55), st.integers(-1100, 1000))
def test_round_binary64_agrees_with_float_of_fraction_near_ties(m, e):
    # odd multiples of half a unit are exact ties at every scale, subnormals included
    for x in (Fraction(2 * m + 1, 2) * Fraction(2) ** e, Fraction(m, 3) * Fraction(2) ** e):
        if abs(x) < Fraction(F64.max):
            assert round_binary64(x) == float(x)


@pytest.mark.parametrize("number", [1, 2, 5, 6, 7])
def test_printed_lines_fit_in_80_characters(number, request):
    page = request.getfixturevalue(f"page{number}")
    assert max(len(line) for line in _printed_lines(page)) <= 80


# -- page 1: plot_1_toy_example_breaks.py ----------------------------------------------------


@pytest.fixture(scope="module")
def page1():
    return _run_page("plot_1_toy_example_breaks.py")


def _sign(w):
    return (w > 0) - (w < 0)


def test_p1_article_start_reaches_zero_in_ten_steps():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=12)
    assert run[10] == 0.0
    assert np.all(run[:10] > 0)
    # every subtraction on the way is exact: 5 - k/2 has at most four significant bits
    assert all(Fraction(float(run[k])) == 5 - Fraction(k, 2) for k in range(11))


def test_p1_start_5_2_oscillates_for_ever_and_never_hits_zero():
    run = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=1000)
    high, low = run[10], run[11]
    assert high == pytest.approx(0.2, abs=1e-12) and high != 0.2
    assert low == pytest.approx(-0.3, abs=1e-12)
    # deterministic map and w12 == w10: periodic from step 10 on, checked over 1000 steps
    assert run[12] == high and run[13] == low
    assert np.all(run[10::2] == high) and np.all(run[11::2] == low)
    assert np.count_nonzero(run == 0) == 0
    w = 5.2  # the same in plain Python floats
    for _ in range(10):
        w -= 0.5
    assert w == high


def test_p1_proximal_from_5_2_stops_at_exact_zero_at_step_11():
    plain = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=16)
    prox = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=16, method="proximal")
    assert np.all(prox[:11] == plain[:11])
    assert np.all(prox[:11] != 0)
    assert np.all(prox[11:] == 0)


@settings(max_examples=300, deadline=None)
@given(st.floats(1e-300, 1e300), st.floats(1e-300, 1e300))
def test_p1_proximal_step_is_the_plain_step_while_the_weight_is_at_least_the_step(w, t):
    # "While |w_k| >= eta alpha it takes the same step as the plain update, bit for bit;
    # when the plain step would cross zero it stops on it."
    for x in (w, -w):
        prox = float(sn.prox_l1(x, t))
        if abs(x) >= t:
            assert prox == x - math.copysign(t, x)
        else:
            assert prox == 0.0


def test_p1_stored_one_tenth_is_slightly_larger_than_one_tenth():
    assert Decimal.from_float(0.1) > Decimal("0.1")
    assert Fraction(0.1) == Fraction(3602879701896397, 2**55) > Fraction(1, 10)


def test_p1_step_one_tenth_leaves_about_1e_15_after_fifty_steps(page1):
    run = page1["small"]
    w = 5.0
    for _ in range(50):  # the same arithmetic in plain Python floats
        w -= 0.1
    assert run[50] == w
    assert 1e-16 < run[50] < 1e-14
    assert run[50] / F64.eps == 4.625  # printed as "4.625 machine epsilons"
    assert run[51] == pytest.approx(-0.1, abs=1e-14)
    long_run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.1, n_steps=1000)
    assert np.all(long_run[50::2] == run[50]) and np.all(long_run[51::2] == run[51])
    assert np.count_nonzero(long_run == 0) == 0
    assert np.all(page1["small_proximal"][:51] != 0) and np.all(page1["small_proximal"][51:] == 0)


def test_p1_the_leftover_is_made_by_the_roundings_not_by_the_stored_value(page1):
    with localcontext() as context:
        context.prec = 80  # enough digits for exact arithmetic on these doubles
        stored = Decimal.from_float(0.1)
        exact = Decimal(5) - 50 * stored
        w, inexact = 5.0, 0
        for _ in range(50):
            exact_difference = Decimal.from_float(w) - stored
            w -= 0.1
            inexact += Decimal.from_float(w) != exact_difference
    assert float(exact) == pytest.approx(-2.7755575615628914e-16, rel=1e-12)
    rounded = float(page1["small"][50])
    assert rounded > 0 > exact  # "of the other sign"
    assert 3 < rounded / abs(float(exact)) < 5  # "about four times smaller"
    assert page1["inexact"] == inexact == 47  # "most of which are inexact"
    assert 5.0 - 50 * 0.1 == 0.0  # the closed form lands on zero: 50 * 0.1 rounds to 5
    assert 50 * 0.1 == 5.0


def test_p1_roundings_can_go_either_way():
    with localcontext() as context:
        context.prec = 80
        assert Decimal.from_float(0.04) == 4 * Decimal.from_float(0.01)  # a whole multiple
        ratio = Decimal.from_float(1.17) / Decimal.from_float(0.13)
        assert ratio != ratio.to_integral_value()  # not a whole multiple
    w = 0.04
    for _ in range(4):
        w -= 0.01
    assert w != 0 and w < 0  # misses zero
    w = 1.17
    for _ in range(9):
        w -= 0.13
    assert w == 0.0  # lands on zero
    for w0, step, n in [(0.04, 0.01, 4), (1.17, 0.13, 9)]:
        run = sn.penalty_descent(sn.L1(1.0), w0, step=step, n_steps=n)
        assert np.all(run[:n] > 0)
    assert sn.penalty_descent(sn.L1(1.0), 1.17, step=0.13, n_steps=9)[9] == 0.0


def test_p1_float32_leaves_a_few_millionths(page1):
    run = page1["small32"]
    assert run.dtype == np.float32
    w = np.float32(5.0)
    for _ in range(50):
        w = np.float32(w - np.float32(0.1))
    assert run[50] == w
    assert 1e-6 < float(run[50]) < 1e-5
    assert 2.0**-24 / 2.0**-53 == 2**29 and 5e8 < 2**29 < 6e8


def _plain_python_subgradient(z, step_rule, alpha=1.0, w0=2.0, n_steps=300):
    w = [w0]
    for k in range(n_steps):
        w.append(w[-1] - step_rule(k) * (w[-1] - z + alpha * _sign(w[-1])))
    return w


def test_p1_data_term_runs_match_plain_python_and_the_printed_counts(page1):
    z, alpha = page1["z"], page1["alpha"]
    assert z == 1 / math.pi and alpha == 1.0
    fixed = _plain_python_subgradient(z, lambda k: 0.1)
    decreasing = _plain_python_subgradient(z, lambda k: 1.0 / (k + 1))
    assert np.array_equal(page1["fixed"], fixed)
    assert np.array_equal(page1["decreasing"], decreasing)
    assert fixed.count(0.0) == 0 and decreasing.count(0.0) == 0
    ista = [2.0]  # prox of a number x: sign(x) max(|x| - t, 0)
    for _ in range(300):
        x = ista[-1] - 0.1 * (ista[-1] - z)
        ista.append(math.copysign(max(abs(x) - 0.1 * alpha, 0.0), x) if abs(x) > 0.1 else 0.0)
    assert np.array_equal(page1["ista"], ista)
    hit = ista.index(0.0)
    assert all(w == 0 for w in ista[hit:]) and hit == 13
    assert page1["ista"].size - hit == 288  # printed "288/300"
    # fixed step: keeps crossing zero within eta (alpha + |z|) of it
    tail = np.array(fixed[-100:])
    assert np.count_nonzero(np.diff(np.sign(tail))) > 50
    assert np.abs(tail).max() <= 0.1 * (alpha + abs(z))
    assert f"{np.abs(tail).max():.3f}" in page1["__stdout__"]


@settings(max_examples=60, deadline=None)
@given(
    st.fractions(-1, 1, max_denominator=1000),
    st.fractions(-5, 5, max_denominator=100),
    st.integers(1, 4).map(Fraction),
)
def test_p1_decreasing_steps_lattice_identity_and_bound_in_exact_arithmetic(z, w0, alpha):
    # k w_k = k z - alpha (s_0 + ... + s_{k-1}) and |w_k| <= (alpha + |z|) / k when |z| <= alpha
    z = z * alpha
    w, signs = w0, 0
    for k in range(60):
        signs += _sign(w)
        w = w - Fraction(1, k + 1) * (w - z + alpha * _sign(w))
        n = k + 1
        assert n * w == n * z - alpha * signs
        assert abs(w) <= (alpha + abs(z)) / n
        if w == 0:
            assert (n * z / alpha).denominator == 1  # a zero needs kz / alpha whole


def test_p1_bound_and_the_short_decimal_artefact(page1):
    decreasing = np.asarray(page1["decreasing"])
    k = np.arange(1, decreasing.size)
    ratio = np.abs(decreasing[1:]) * k / (1 + abs(page1["z"]))
    assert ratio.max() <= 1 + 1e-12
    assert f"{ratio.max():.4f}" in page1["__stdout__"]
    lattice = _plain_python_subgradient(0.3, lambda k: 1.0 / (k + 1))
    zeros = [k for k, w in enumerate(lattice) if w == 0]
    assert zeros == [20, 30] == np.flatnonzero(page1["lattice"] == 0).tolist()
    for k in zeros:  # left again at once: the next step is eta_k z
        assert lattice[k + 1] == 1.0 / (k + 1) * 0.3 != 0
    # 0.3 k is whole every ten steps ("that happens every ten steps")
    assert [k for k in range(1, 61) if (Fraction(3, 10) * k).denominator == 1] == [
        10,
        20,
        30,
        40,
        50,
        60,
    ]
    counts = {}
    for label, zs in [("random", page1["random_z"]), ("decimals", page1["decimals"])]:
        counts[label] = sum(
            0.0 in _plain_python_subgradient(float(zz), lambda k: 1.0 / (k + 1)) for zz in zs
        )
    assert counts["random"] == 0 and counts["decimals"] == 27
    assert list(page1["runs_with_a_zero"].values()) == [0, 27]
    assert page1["random_z"].size == 1000 and page1["decimals"].size == 199


# ISTA with a data term: w -> prox_{eta alpha |.|}(w - eta (w - z)).


def _ista_exact(w, z, alpha, eta):
    """One ISTA step in exact arithmetic (Fractions)."""
    x = w - eta * (w - z)
    return _sign(x) * max(abs(x) - eta * alpha, Fraction(0))


def _ista_float(w, z, alpha, eta):
    """One ISTA step in plain Python floats: x = w - eta (w - z), then x - clip(x, -t, t)."""
    x = w - eta * (w - z)
    t = eta * alpha
    return x - min(max(x, -t), t)


def _ista_float_until_it_stops(z, alpha, eta, w0, max_steps=100_000):
    w = w0
    for k in range(1, max_steps + 1):
        w_next = _ista_float(w, z, alpha, eta)
        if w_next == 0:
            return "zero", k
        if w_next == w:
            return "stall", k - 1, w
        w = w_next
    raise AssertionError("undecided")


@settings(max_examples=300, deadline=None)
@given(finite_doubles, finite_doubles, st.floats(2.0**-900, 2.0**900))
def test_p1_plain_python_ista_step_is_the_library_step(w, z, alpha):
    # the tests below reason about the same arithmetic as the page's sn.prox_l1 step
    for eta in (0.1, 0.5, 1.0, 1.7, 2.0):
        with np.errstate(over="ignore", invalid="ignore"):
            x = w - eta * (w - z)
        if not math.isfinite(x) or not math.isfinite(eta * alpha):
            continue
        assert float(sn.prox_l1(x, eta * alpha)) == _ista_float(w, z, alpha, eta)


exact_alphas = st.fractions(Fraction(1, 100), 100, max_denominator=1000).filter(lambda a: a > 0)
exact_steps = st.fractions(0, 2, max_denominator=10**6).filter(lambda eta: eta > 0)


@settings(max_examples=500, deadline=None)
@given(
    exact_alphas,
    st.fractions(-1, 1, max_denominator=10**4).filter(lambda r: abs(r) < 1),
    st.fractions(-(10**6), 10**6, max_denominator=10**4).filter(lambda w: w != 0),
    exact_steps,
)
def test_p1_ista_step_lands_on_zero_or_shrinks_by_the_margin_for_every_step_up_to_two(
    alpha, ratio, w, eta
):
    # exact arithmetic, |z| < alpha, 0 < eta <= 2: 0, or |w'| <= |w| - eta (alpha - |z|)
    z = ratio * alpha
    w_next = _ista_exact(w, z, alpha, eta)
    assert w_next == 0 or abs(w_next) <= abs(w) - eta * (alpha - abs(z))
    assert _ista_exact(Fraction(0), z, alpha, eta) == 0  # and 0 stays 0


@settings(max_examples=100, deadline=None)
@given(
    st.fractions(-1, 1, max_denominator=50).filter(lambda z: abs(z) < 1),
    st.fractions(-20, 20, max_denominator=50),
    st.fractions(Fraction(1, 20), 2, max_denominator=20),
)
def test_p1_ista_reaches_zero_in_finitely_many_steps_strictly_inside_the_dead_zone(z, w0, eta):
    # exact arithmetic, alpha = 1, the whole run: at most |w0| / (eta (1 - |z|)) + 1 steps
    w, n_max = w0, math.ceil(abs(w0) / (eta * (1 - abs(z)))) + 1
    for _ in range(n_max):
        w = _ista_exact(w, z, Fraction(1), eta)
    assert w == 0 and _ista_exact(w, z, Fraction(1), eta) == 0


def test_p1_ista_exact_sweep_holds_up_to_two_and_fails_above():
    # the margin lemma on a grid of steps around 2: no violation up to 2, many above
    violations = {"up to 2": 0, "above 2": 0}
    zs = [Fraction(k, 7) for k in range(-6, 7)]
    ws = [Fraction(k, 3) for k in range(-300, 301, 7) if k]
    for eta in [Fraction(k, 100) for k in range(150, 301, 5)]:
        for z in zs:
            for w in ws:
                w_next = _ista_exact(w, z, Fraction(1), eta)
                if not (w_next == 0 or abs(w_next) <= abs(w) - eta * (1 - abs(z))):
                    violations["up to 2" if eta <= 2 else "above 2"] += 1
    assert violations["up to 2"] == 0 and violations["above 2"] > 1000


@settings(max_examples=300, deadline=None)
@given(
    exact_alphas,
    st.fractions(-1, 1, max_denominator=1000),
    st.fractions(Fraction(201, 100), 10, max_denominator=1000),
    st.fractions(Fraction(1, 100), 100, max_denominator=1000),
    st.booleans(),
)
def test_p1_ista_diverges_for_a_step_above_two_from_a_large_start(alpha, ratio, eta, extra, neg):
    # "from any start with |w0| > eta (alpha + |z|) / (eta - 2) the iterates grow without bound"
    z = ratio * alpha
    w = eta * (alpha + abs(z)) / (eta - 2) + extra
    w = -w if neg else w
    gaps = []
    for _ in range(20):
        w_next = _ista_exact(w, z, alpha, eta)
        gaps.append(abs(w_next) - abs(w))
        w = w_next
    # every step grows |w|, and the growth itself grows every two steps (the sign of w, and so
    # the side z pulls from, alternates): the iterates are unbounded
    assert all(gap > 0 for gap in gaps)
    assert all(gaps[k + 2] > gaps[k] for k in range(len(gaps) - 2))


def test_p1_ista_diverges_for_the_step_2_01():
    z, eta = Fraction(1, 3), Fraction(201, 100)
    w, w_float = Fraction(1000), 1000.0
    for _ in range(200):
        w = _ista_exact(w, z, Fraction(1), eta)
        w_float = _ista_float(w_float, 1 / 3, 1.0, 2.01)
    assert abs(w) > 1000 * Fraction(101, 100) ** 150  # geometric growth
    assert abs(w_float) > 1e3 * 1.01**150


# Binary64, each operation rounded separately. The page's bound, and the proof's two lemmas.
U49 = Fraction(1, 2**49)


@st.composite
def binary64_problems(draw):
    """alpha in [2**-900, 2**900], |z| < alpha, 0 < eta <= 2, |w| <= 2**900 (doubles)."""
    alpha = draw(st.floats(2.0**-900, 2.0**900))
    z = alpha * draw(st.floats(-1, 1, exclude_min=True, exclude_max=True))
    if abs(z) >= alpha:
        z = math.copysign(math.nextafter(alpha, 0), z)
    scale = draw(st.sampled_from([1.0, alpha]))
    w = draw(st.floats(-(2.0**900), 2.0**900)) * scale
    if not abs(w) <= 2.0**900:
        w = math.copysign(2.0**900, w)
    return w, z, alpha, draw(st.floats(0, 2, exclude_min=True))


@settings(max_examples=1500, deadline=None)
@given(binary64_problems())
def test_p1_ista_binary64_step_is_within_two_to_the_minus_49_of_the_exact_step(problem):
    w, z, alpha, eta = problem
    exact = _ista_exact(Fraction(w), Fraction(z), Fraction(alpha), Fraction(eta))
    error = abs(Fraction(_ista_float(w, z, alpha, eta)) - exact)
    assert error <= U49 * (abs(Fraction(w)) + abs(Fraction(z)) + Fraction(alpha))


@settings(max_examples=1500, deadline=None)
@given(binary64_problems(), st.floats(0, 1))
def test_p1_ista_binary64_clips_a_small_enough_weight_to_exactly_zero(problem, fraction):
    # if |w| + 2**-49 (|w| + |z| + alpha) <= eta (alpha - |z|), the rounded step gives 0
    _, z, alpha, eta = problem
    margin = Fraction(eta) * (Fraction(alpha) - abs(Fraction(z)))
    largest = (margin - U49 * (abs(Fraction(z)) + Fraction(alpha))) / (1 + U49)
    if largest < 0:
        return
    for sign in (1, -1):
        w = sign * float(largest * Fraction(fraction))
        if abs(Fraction(w)) <= largest:
            assert _ista_float(w, z, alpha, eta) == 0


@settings(max_examples=1000, deadline=None)
@given(binary64_problems())
def test_p1_ista_binary64_stays_at_zero_in_the_dead_zone(problem):
    _, z, alpha, eta = problem
    for data in (z, math.copysign(alpha, z)):  # |z| <= alpha, the edge included
        assert _ista_float(0.0, data, alpha, eta) == 0.0
        assert float(sn.prox_l1(0.0 - eta * (0.0 - data), eta * alpha)) == 0.0


@settings(max_examples=200, deadline=None)
@given(
    st.floats(2.0**-900, 2.0**900),
    st.floats(-0.95, 0.95),
    st.floats(0.05, 2.0),
    st.floats(-20, 20),
)
def test_p1_ista_binary64_reaches_zero_under_the_page_condition(alpha, ratio, eta, start):
    z, w0 = alpha * ratio, alpha * start
    margin = Fraction(eta) * (Fraction(alpha) - abs(Fraction(z)))
    assert margin >= Fraction(1, 2**46) * (abs(Fraction(w0)) + Fraction(alpha))
    assert _ista_float_until_it_stops(z, alpha, eta, w0)[0] == "zero" or w0 == 0


@settings(max_examples=200, deadline=None)
@given(
    st.floats(2.0**-800, 2.0**800),
    st.integers(20, 45),
    st.floats(0.01, 2.0),
    st.floats(-1000, 1000),
    st.booleans(),
)
def test_p1_ista_binary64_reaches_zero_just_inside_the_condition(alpha, bits, eta, s, neg):
    # |z| a tiny bit below alpha, and a start a few hundred margins away
    z = alpha * (1 - 2.0**-bits)
    z = -z if neg else z
    margin = Fraction(eta) * (Fraction(alpha) - abs(Fraction(z)))
    w0 = float(margin * Fraction(s))
    if margin < Fraction(1, 2**46) * (abs(Fraction(w0)) + Fraction(alpha)):
        return  # outside the page's condition: nothing is claimed
    assert w0 == 0 or _ista_float_until_it_stops(z, alpha, eta, w0)[0] == "zero"


@settings(max_examples=300, deadline=None)
@given(
    exact_alphas,
    st.fractions(0, 1, max_denominator=1000).filter(lambda eta: 0 < eta < 1),
    st.fractions(Fraction(1, 100), 200, max_denominator=1000),
    st.booleans(),
)
def test_p1_ista_at_the_edge_of_the_dead_zone_exact_arithmetic(alpha, eta, size, negative):
    # |z| = alpha, 0 < eta < 1: the same side shrinks like (1 - eta)^k and never reaches 0;
    # the other side reaches 0 within |w0| / (2 eta alpha) + 1 steps and stays there
    z = -alpha if negative else alpha
    size = size * eta * alpha  # at most 100 steps of 2 eta alpha away from 0
    same = size if z > 0 else -size
    w = same
    for k in range(1, 60):
        w = _ista_exact(w, z, alpha, eta)
        assert w == same * (1 - eta) ** k != 0
    w = -same
    for _ in range(math.ceil(size / (2 * eta * alpha)) + 1):
        w_next = _ista_exact(w, z, alpha, eta)
        assert w_next == 0 or abs(w_next) <= abs(w) - 2 * eta * alpha
        w = w_next
    assert w == 0 and _ista_exact(w, z, alpha, eta) == 0


def test_p1_edge_runs_in_binary64(page1):
    # the page's lines, against plain Python floats; exact arithmetic for contrast
    outcomes = {
        (0.1, 2.0): ("stall", 358, 2.0**-54),
        (0.5, 2.0): ("zero", 55),
        (0.9, 2.0): ("zero", 17),
        (0.1, -3.0): ("zero", 9),
    }
    for (eta, w0), expected in outcomes.items():
        assert _ista_float_until_it_stops(1.0, 1.0, eta, w0) == expected
        shown = page1["edge_runs"][(eta, w0)]
        if expected[0] == "zero":
            assert shown == f"exactly 0 at step {expected[1]}"
        else:
            assert shown == f"stalls at 5.55e-17 = 2**-54 from step {expected[1]}"
    w = Fraction(-3)
    for k in range(1, 10):
        w = _ista_exact(w, Fraction(1), Fraction(1), Fraction(1, 10))
        assert (w == 0) == (k == 9)
    # the same side, in exact arithmetic: never 0 (the stall and the zeros are the rounding's)
    w = Fraction(2)
    for _ in range(400):
        w = _ista_exact(w, Fraction(1), Fraction(1), Fraction(1, 10))
    assert w == 2 * Fraction(9, 10) ** 400


def test_p1_near_the_edge_binary64_stalls_above_zero(page1):
    z = math.nextafter(5.0, 0.0)
    assert page1["z_near"] == z and Fraction(5) - Fraction(z) == Fraction(1, 2**50)
    assert _ista_float_until_it_stops(z, 5.0, 0.1, 5.0) == ("stall", 343, 2.0**-52)
    assert page1["near_edge"] == "stalls at 2.22e-16 = 2**-52 from step 343"
    margin = Fraction(0.1) * (5 - Fraction(z))
    assert 0.5e-16 < margin < 1e-16 * 1.5  # "about 1e-16"
    needed = Fraction(1, 2**46) * (5 + 5)
    assert f"{float(needed):.2g}" == "1.4e-13" and margin < needed / 1000  # "far below"
    # in exact arithmetic the same run reaches 0 (z is strictly inside the dead zone)
    w, steps = Fraction(5), 0
    while w != 0:
        w, steps = _ista_exact(w, Fraction(z), Fraction(5), Fraction(0.1)), steps + 1
    assert steps < 1000


# -- page 2: plot_2_never_reaches_zero.py ----------------------------------------------------


@pytest.fixture(scope="module")
def page2():
    return _run_page("plot_2_never_reaches_zero.py")


def test_p2_float_limits(page2):
    assert F64.smallest_normal == 2.0**-1022 and F64.smallest_subnormal == 2.0**-1074
    assert F32.smallest_normal == np.float32(2.0**-126)
    assert F32.smallest_subnormal == np.float32(2.0**-149)
    assert "smallest subnormal 4.94066e-324 = 2**-1074" in page2["__stdout__"]


def _halving_in_units_of_d(n_mantissa_bits, min_exponent, rule, n_steps):
    """Exact integer model of the iterates 5, 5/2, ... in units d of the smallest subnormal.

    Halving a normal number of three significant bits is exact, and 5 * 2**-k stays a whole
    number of units d until it reaches 5 d, so rounding only ever happens to integers: round()
    on a Fraction breaks ties to even, like IEEE 754.
    """
    m = 5 * 2 ** (n_mantissa_bits - 1 - min_exponent)  # 5 in units of d
    out = [m]
    for _ in range(n_steps):
        half = round(Fraction(m, 2))
        m = half if rule == "halve" else m - half
        out.append(m)
    d_exponent = n_mantissa_bits - 1 - min_exponent
    return out, [float(Fraction(m, 2**d_exponent)) for m in out]


@pytest.mark.parametrize(
    ("dtype", "bits", "min_exp"), [(np.float64, 53, -1022), (np.float32, 24, -126)]
)
def test_p2_halving_becomes_subnormal_then_exactly_zero(page2, dtype, bits, min_exp):
    info = np.finfo(dtype)
    model, values = _halving_in_units_of_d(bits, min_exp, "halve", 1100)
    run = page2["halving"][dtype]
    d = info.smallest_subnormal
    assert np.array_equal(run, np.array(values, dtype=dtype))
    first_subnormal = int(np.argmax(run < info.smallest_normal))
    first_zero = int(np.argmax(run == 0))
    normal_units = 2 ** (bits - 1)  # smallest normal in units of d
    assert first_subnormal == next(k for k, m in enumerate(model) if m < normal_units)
    assert first_zero == next(k for k, m in enumerate(model) if m == 0)
    expected = {np.float64: (1025, 1077), np.float32: (129, 152)}[dtype]
    assert (first_subnormal, first_zero) == expected  # the numbers the prose quotes
    assert (run[first_zero - 4 : first_zero + 1] / d).astype(int).tolist() == [10, 5, 2, 1, 0]
    assert run[first_zero - 3] == 5 * d and first_zero - 3 == -min_exp + bits - 1  # 5d at 1074
    assert np.all(run[first_zero:] == 0)
    # 5 * 2**-1024 = 1.25 * 2**-1022 is still normal, 5 * 2**-1025 is not
    assert 5 * 2.0**-1024 >= F64.smallest_normal > 5 * 2.0**-1025


@pytest.mark.parametrize(
    ("dtype", "bits", "min_exp"), [(np.float64, 53, -1022), (np.float32, 24, -126)]
)
def test_p2_numpy_rule_sticks_at_smallest_subnormal(page2, dtype, bits, min_exp):
    info = np.finfo(dtype)
    run = page2["article_runs"]["numpy, separate"] if dtype is np.float64 else page2["run32"]
    _, values = _halving_in_units_of_d(bits, min_exp, "subtract", 1100)
    d = info.smallest_subnormal
    assert np.array_equal(run, np.array(values, dtype=dtype))
    stuck = int(np.argmax(run == d))
    assert stuck == {np.float64: 1076, np.float32: 151}[dtype]
    start = int(np.argmax(run == 5 * d))
    assert (run[start : start + 6] / d).astype(int).tolist() == [5, 3, 1, 1, 1, 1]
    assert np.all(run[stuck:] == d) and np.count_nonzero(run == 0) == 0
    assert d - dtype(0.5) * d == d  # a fixed point: d - fl(d / 2) = d - 0 = d, for ever


@settings(max_examples=300, deadline=None)
@given(finite_doubles, finite_doubles, finite_doubles)
def test_p2_page_fma_is_one_correct_rounding(page2, a, b, c):
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    if abs(exact) >= Fraction(F64.max):
        return
    assert page2["fma"](a, b, c) == round_binary64(exact)
    if hasattr(math, "fma"):  # Python 3.13 and later
        assert page2["fma"](a, b, c) == math.fma(a, b, c)


def test_p2_fma_and_flush_to_zero_variants(page2):
    runs = page2["article_runs"]
    _, values = _halving_in_units_of_d(53, -1022, "halve", 1100)
    # fused multiply-add: w - w/2 computed exactly is w / 2, rounded once: the halving
    fused = [5.0]
    for _ in range(1100):
        fused.append(round_binary64(Fraction(fused[-1]) - Fraction(1, 2) * Fraction(fused[-1])))
    assert fused == values
    assert np.array_equal(runs["fused multiply-add"], values)
    assert int(np.argmax(runs["fused multiply-add"] == 0)) == 1077
    # flush to zero, integer model: 5 * 2**-k exact while normal, a subnormal result becomes 0
    ftz = runs["flush to zero"]
    assert np.all(ftz[:1025] == [5 * 2.0**-k for k in range(1025)])
    assert np.all(ftz[1024:] == 5 * 2.0**-1024)  # stuck at a normal number from step 1024
    assert ftz[1024] >= F64.smallest_normal and ftz[1024] == pytest.approx(2.78e-308, rel=1e-3)
    halving_ftz = runs["halving, flush to zero"]
    assert int(np.argmax(halving_ftz == 0)) == 1025 and np.all(halving_ftz[1025:] == 0)
    text = page2["__stdout__"]
    assert "numpy, separate       : stuck at 4.94e-324 from step 1076" in text
    assert "fused multiply-add    : exactly 0 from step 1077" in text
    assert "flush to zero         : stuck at 2.78e-308 from step 1024" in text
    assert "halving, flush to zero: exactly 0 from step 1025" in text


def test_p2_flush_to_zero_emulation_matches_the_hardware(page2):
    torch = pytest.importorskip("torch")
    if not torch.set_flush_denormal(True):
        pytest.skip("this processor has no flush-to-zero mode that torch can set")
    try:
        w = torch.tensor([5.0], dtype=torch.float64)
        h = torch.tensor([5.0], dtype=torch.float64)
        update, halving = [5.0], [5.0]
        for _ in range(1100):
            w = w - 0.5 * w
            h = h / 2
            update.append(w.item())
            halving.append(h.item())
    finally:
        torch.set_flush_denormal(False)
    assert np.array_equal(page2["article_runs"]["flush to zero"], update)
    assert np.array_equal(page2["article_runs"]["halving, flush to zero"], halving)


def _outcome_separate(eta, w0, max_steps=10**6):
    w = w0
    for k in range(1, max_steps + 1):
        w_next = w - eta * w
        if w_next == 0:
            return "zero", k
        if w_next == w:
            return "stuck", w
        w = w_next
    raise AssertionError("undecided")


def _outcome_fused(eta, w0, max_steps=10**6):
    w, one_minus_eta = w0, 1 - Fraction(eta)
    for k in range(1, max_steps + 1):
        w_next = round_binary64(one_minus_eta * Fraction(w))
        if w_next == 0:
            return "zero", k
        if w_next == w:
            return "stuck", w
        w = w_next
    raise AssertionError("undecided")


@settings(max_examples=80, deadline=None)
@given(
    st.floats(0.01, 1.0, exclude_max=True),
    st.floats(0.0, F64.max, exclude_min=True),  # subnormal starts included
    st.booleans(),
)
def test_p2_rule_separately_rounded_reaches_zero_iff_eta_above_half(eta, w0, negative):
    w0 = -w0 if negative else w0
    assert (_outcome_separate(eta, w0)[0] == "zero") == (eta > 0.5)


@settings(max_examples=25, deadline=None)
@given(
    st.floats(0.25, 1.0, exclude_max=True),
    st.floats(0.0, 1e30, exclude_min=True),
    st.booleans(),
)
def test_p2_rule_fused_reaches_zero_iff_eta_at_least_half(eta, w0, negative):
    w0 = -w0 if negative else w0
    assert (_outcome_fused(eta, w0)[0] == "zero") == (eta >= 0.5)


# The proof of the two "if and only if" statements, lemma by lemma, for every step size in
# (0, 1) and every finite non-zero double (subnormals and negative weights included).
steps_up_to_half = st.floats(0.0, 0.5, exclude_min=True)
steps_above_half = st.floats(0.5, 1.0, exclude_min=True, exclude_max=True)
steps_below_one = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True)
nonzero_doubles = finite_doubles.filter(lambda w: w != 0)


@settings(max_examples=1000, deadline=None)
@given(steps_up_to_half, nonzero_doubles)
def test_p2_lemma_a_rounded_step_up_to_half_is_smaller_than_the_weight(eta, w):
    # fl(eta w) <= fl(w / 2) < w for w > 0 (and the mirror image for w < 0)
    assert abs(eta * w) <= abs(w / 2) < abs(w)
    assert w - eta * w != 0


@settings(max_examples=1000, deadline=None)
@given(steps_below_one, nonzero_doubles)
def test_p2_lemma_b_no_step_changes_the_sign_or_grows_the_weight(eta, w):
    w_next = w - eta * w
    assert w_next == 0 or (math.copysign(1, w_next) == math.copysign(1, w))
    assert abs(w_next) <= abs(w)


@settings(max_examples=1000, deadline=None)
@given(finite_doubles, finite_doubles)
def test_p2_lemma_c_a_difference_of_two_different_doubles_is_never_zero(a, b):
    with np.errstate(over="ignore"):
        difference = a - b
    assert (difference == 0) == (a == b)


def test_p2_lemma_c_on_neighbouring_subnormals_and_normals():
    d = F64.smallest_subnormal
    for a in (d, 2 * d, 3 * d, F64.smallest_normal, 1.0, F64.max / 2):
        for b in (math.nextafter(a, 0), math.nextafter(a, math.inf)):
            assert a - b != 0 and b - a != 0


@settings(max_examples=1000, deadline=None)
@given(steps_above_half, nonzero_doubles)
def test_p2_lemma_d_a_step_above_half_strictly_shrinks_the_weight(eta, w):
    assert abs(w - eta * w) < abs(w)


@settings(max_examples=1000, deadline=None)
@given(steps_below_one, nonzero_doubles)
def test_p2_lemma_fma_rounds_to_zero_only_below_half_the_smallest_subnormal(eta, w):
    exact = (1 - Fraction(eta)) * Fraction(w)  # w - eta w, computed exactly
    rounded = round_binary64(exact)
    assert (rounded == 0) == (abs(exact) <= Fraction(F64.smallest_subnormal) / 2)
    if eta < 0.5:  # then |(1 - eta) w| > |w| / 2 >= d / 2: never 0
        assert rounded != 0
    else:  # every step strictly shrinks the weight
        assert abs(rounded) < abs(w)


@settings(max_examples=300, deadline=None)
@given(steps_below_one, finite_doubles)
def test_p2_page_rule_is_the_product_then_the_difference(eta, w):
    # what the lemmas are about is what penalty_descent computes
    run = sn.penalty_descent(sn.SquaredL2(1.0), w, step=eta, n_steps=1)
    assert run[1] == w - eta * w


def test_p2_rule_at_the_boundary_and_tiny_steps():
    near_half = [0.5]
    for _ in range(3):
        near_half = [np.nextafter(near_half[0], 0), *near_half, np.nextafter(near_half[-1], 1)]
    for eta in map(float, near_half):
        for w0 in (5.0, 1e-300, 3.0e300, -7.25):
            assert (_outcome_separate(eta, w0)[0] == "zero") == (eta > 0.5)
            assert (_outcome_fused(eta, w0)[0] == "zero") == (eta >= 0.5)
    for eta in (1e-300, 1e-17):  # small steps stall (w - eta w == w) long before zero
        assert _outcome_separate(eta, 5.0)[0] == "stuck"


def test_p2_step_size_table(page2):
    rows = {line[:19].strip(): line for line in _printed_lines(page2) if line[:19].strip()}

    def text(outcome):
        kind, value = outcome
        return f"0 at step {value}" if kind == "zero" else f"stuck at {value:.3g}"

    etas = [0.1, 0.4, float(np.nextafter(0.5, 0)), 0.5, float(np.nextafter(0.5, 1)), 0.6, 0.9]
    for eta in etas:
        row = rows[repr(eta)]
        assert row[21:40].strip() == text(_outcome_separate(eta, 5.0))
        assert row[41:].strip() == text(_outcome_fused(eta, 5.0))


@settings(max_examples=300, deadline=None)
@given(finite_doubles.filter(lambda w: w != 0), st.floats(0, 2.0**-55, exclude_min=True))
def test_p2_a_step_of_at_most_two_to_the_minus_55_does_not_move_the_weight(w, eta):
    assert w - eta * w == w


@settings(max_examples=300, deadline=None)
@given(finite_doubles)
def test_p2_step_one_gives_exactly_zero_for_every_finite_weight(w):
    assert w - 1.0 * w == 0.0
    assert sn.penalty_descent(sn.SquaredL2(1.0), w, step=1.0, n_steps=1)[1] == 0.0


@settings(max_examples=300, deadline=None)
@given(st.floats(-F64.max / 2, F64.max / 2))
def test_p2_step_two_flips_the_sign_exactly_while_two_w_does_not_overflow(w):
    run = sn.penalty_descent(sn.SquaredL2(1.0), w, step=2.0, n_steps=4)
    assert np.array_equal(run, [w, -w, w, -w, w])


def test_p2_large_l2_steps(page2):
    runs = page2["runs"]
    k = np.arange(7)
    for eta, run in runs.items():
        assert np.array_equal(run, 5.0 * (1 - eta) ** k)  # exact: few significant bits
    assert np.all(page2["flip"] == 5.0 * (-1.0) ** np.arange(1001))
    # with 2 w overflowing, the flip breaks: the condition in the prose is needed
    with np.errstate(over="ignore"):
        big = sn.penalty_descent(sn.SquaredL2(1.0), F64.max, step=2.0, n_steps=1)
    assert np.isinf(big[1])


def test_p2_step_three_halves_ends_flipping_between_plus_and_minus_d(page2):
    # 5 (-1/2)^k is exact down to 5d; then fl(1.5 w) rounds ties to even: 5d -> -3d -> d -> -d
    d = F64.smallest_subnormal
    w, seen = 5.0, [5.0]
    for _ in range(page2["n_steps"]):
        w = w - 1.5 * w
        seen.append(w)
    assert np.array_equal(page2["long_flip"], seen)
    tail = [Fraction(v) / Fraction(d) for v in seen[-6:]]
    assert tail in ([-1, 1, -1, 1, -1, 1], [1, -1, 1, -1, 1, -1])
    assert (page2["long_flip"][-4:] / d).tolist() in (
        [-1.0, 1.0, -1.0, 1.0],
        [1.0, -1.0, 1.0, -1.0],
    )
    assert 0.0 not in seen
    # exactly 5 (-1/2)^k while that is a whole number of units d
    k_exact = next(
        k for k in range(2000) if (5 * Fraction(1, 2) ** k / Fraction(d)).denominator > 1
    )
    assert all(Fraction(seen[k]) == 5 * Fraction(-1, 2) ** k for k in range(k_exact))


def test_p2_takeaway_step_counts(page2):
    # "more than a hundred steps in float32 (151 or 152 on this page) and more than a thousand
    # in float64 (1024 to 1077)", from the independent integer model and the FTZ emulation
    _, values32 = _halving_in_units_of_d(24, -126, "halve", 1100)
    _, numpy32 = _halving_in_units_of_d(24, -126, "subtract", 1100)
    float32_steps = {values32.index(0.0), numpy32.index(float(F32.smallest_subnormal))}
    _, values64 = _halving_in_units_of_d(53, -1022, "halve", 1100)
    _, numpy64 = _halving_in_units_of_d(53, -1022, "subtract", 1100)
    float64_steps = {values64.index(0.0), numpy64.index(F64.smallest_subnormal)}
    ftz = [5.0]  # flush to zero, from the definition: a product below 2**-1022 becomes 0
    while len(ftz) < 1100:
        product = ftz[-1] / 2 if ftz[-1] / 2 >= F64.smallest_normal else 0.0
        ftz.append(ftz[-1] - product)
    float64_steps.add(ftz.index(ftz[-1]))
    float64_steps.add(next(k for k in range(1100) if 5 * 2.0**-k < F64.smallest_normal))
    sentence = _prose("plot_2_never_reaches_zero.py").split("Either way the zero")[1]
    assert sorted(float32_steps) == [151, 152] and 100 < min(float32_steps)
    assert min(float64_steps) == 1024 and max(float64_steps) == 1077 and min(float64_steps) > 1000
    assert sentence.startswith(
        " (or the stall) comes from the number format, after more than a hundred steps in "
        "float32 (151 or 152 on this page) and more than a thousand in float64 (1024 to 1077),"
    )


def test_p2_fma_needs_python_3_13_and_the_package_supports_older_ones():
    # "math.fma does not exist before Python 3.13, while ... sparsenorm supports 3.10 and later"
    import tomllib

    pyproject = tomllib.loads((GALLERY.parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == ">=3.10"
    import sys

    assert hasattr(math, "fma") == (sys.version_info >= (3, 13))


def test_p2_step_three_overflows_at_step_1022_and_then_refuses(page2):
    # 5 * 2**k is exact while finite; it overflows at the first k with 5 * 2**k > max
    k_inf = next(k for k in range(2000) if 5 * 2**k > int(F64.max))
    run = page2["blow_up"]
    assert np.all(np.isfinite(run[:k_inf])) and np.isinf(run[k_inf])
    assert k_inf == 1022 == page2["first_inf"]
    assert abs(run[k_inf - 1]) == 5 * 2.0**1021 == pytest.approx(1.124e308, rel=1e-3)
    with pytest.raises(ValueError, match="infinity"):
        sn.penalty_descent(sn.SquaredL2(1.0), run[k_inf], step=3.0, n_steps=1)


# -- page 5: plot_5_geometric_picture.py -----------------------------------------------------


@pytest.fixture(scope="module")
def page5():
    return _run_page("plot_5_geometric_picture.py")


def _l1_ball_solution_on_axis(A, w_hat, radius):
    """Exact constrained L1 solution in 2-D, edge by edge (independent of the page's test)."""
    best_value = np.full(radius.size, np.inf)
    on_axis = np.zeros(radius.size, dtype=bool)
    for s1 in (1, -1):
        for s2 in (1, -1):
            p0 = np.stack([s1 * radius, np.zeros_like(radius)], axis=1)
            d = np.array([-s1, s2], dtype=float)
            Ad = A @ d
            step = -np.einsum("ni,ni->n", Ad, p0 - w_hat) / (Ad @ d)
            clipped = np.clip(step, 0, radius)
            point = p0 + clipped[:, None] * d
            diff = point - w_hat
            value = 0.5 * np.einsum("ni,nij,nj->n", diff, A, diff)
            better = value < best_value
            best_value = np.where(better, value, best_value)
            on_axis = np.where(better, (clipped == 0) | (clipped == radius), on_axis)
    return on_axis


def test_p5_illustration_l1_at_a_corner_l2_not(page5):
    assert np.array_equal(page5["solutions"]["L1"], [1.0, 0.0])
    assert np.count_nonzero(page5["solutions"]["L2"] == 0) == 0
    # independent: the corner (1, 0) satisfies the cone condition |g_2| <= -g_1
    g = page5["A"] @ (np.array([1.0, 0.0]) - page5["w_hat"])
    assert -g[0] > 0 and abs(g[1]) <= -g[0]
    # the disk's solution: the KKT point on the circle, found by a fine search of the circle
    theta = np.linspace(0, 2 * np.pi, 200_001)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    values = page5["f"](circle)
    assert np.allclose(page5["solutions"]["L2"], circle[np.argmin(values)], atol=1e-4)


def test_p5_two_dimensional_counts(page5):
    A, w_hat, n = page5["A_all"], page5["w_hat_all"], page5["n_problems"]
    inner = page5["inner"]
    results = page5["results_2d"]
    radius = sn.l1_norm(inner, axis=1)  # both matchings put the L1 tips at |s w_hat|_1
    for counts in results.values():
        assert counts["L1"][0] == _l1_ball_solution_on_axis(A, w_hat, radius).sum()
        for shape in ("L1", "elastic net", "q=1.5", "L2"):
            assert counts[shape][1] is True  # the search agrees with the exact test
        assert counts["q=1.5"][0] == 0 and counts["L2"][0] == 0
        assert 0 < counts["elastic net"][0] < counts["L1"][0] < n
    # the prose: q = 0.5 most often with shared tips, less often than L1 through s * w_hat
    assert results["same tips"]["q=0.5"][0] > results["same tips"]["L1"][0]
    assert results["through s*w_hat"]["q=0.5"][0] < results["through s*w_hat"]["L1"][0]
    assert f"L1         : on an axis {results['same tips']['L1'][0]:3d}/{n}" in page5["__stdout__"]


def test_p5_every_budget_binds(page5):
    w_hat = page5["w_hat_all"]
    for levels in page5["matchings"].values():
        for shape, level in levels.items():
            assert np.all(page5["level_through"](w_hat, shape) > level), shape
    assert np.all(page5["scale"] < 1 / np.sqrt(2))


def test_p5_elastic_net_exact_test_matches_the_cone_formula(page5):
    A, w_hat = page5["A_all"], page5["w_hat_all"]
    rho = page5["rho"]
    for matching, levels in page5["matchings"].items():
        level = levels["elastic net"]
        r = (-rho + np.sqrt(rho**2 + 2 * (1 - rho) * level)) / (1 - rho)
        found = np.zeros(r.size, dtype=bool)
        for i in (0, 1):
            for sigma in (1, -1):
                b = np.zeros((r.size, 2))
                b[:, i] = sigma * r
                g = np.einsum("nij,nj->ni", A, b - w_hat)
                outward = sigma * g[:, i] < 0
                cone = np.abs(g[:, 1 - i]) <= rho / (rho + (1 - rho) * r) * np.abs(g[:, i])
                found |= outward & cone
        assert found.sum() == page5["results_2d"][matching]["elastic net"][0]


@pytest.mark.parametrize("matching", ["same tips", "through s*w_hat"])
def test_p5_q_half_axis_solutions_beat_a_dense_boundary(page5, matching):
    """The page's q = 0.5 count, recomputed with a denser boundary, refined towards the tips."""
    A, w_hat = page5["A_all"], page5["w_hat_all"]
    level = page5["matchings"][matching]["q=0.5"]
    tips = np.stack([level, np.zeros_like(level)], axis=1)  # tip radius = level for l_q balls
    near_axis = np.logspace(-10, np.log10(np.pi / 4), 3000)
    angles = np.concatenate(
        [k * np.pi / 2 + sign * near_axis for k in range(4) for sign in (1, -1)]
    )
    u = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    points = level[:, None, None] * u / sn.lp_norm(u, 0.5, axis=-1, keepdims=True)
    diff = points - w_hat[:, None, :]
    boundary = 0.5 * np.einsum("nai,nij,naj->na", diff, A, diff).min(axis=1)
    tip_value = np.inf
    for b in (tips, -tips, tips[:, ::-1], -tips[:, ::-1]):
        d = b - w_hat
        tip_value = np.minimum(tip_value, 0.5 * np.einsum("ni,nij,nj->n", d, A, d))
    dense_on_axis = tip_value <= boundary + 1e-12 * (1 + np.abs(boundary))
    assert dense_on_axis.sum() == page5["results_2d"][matching]["q=0.5"][0]


def test_p5_prox_power_matches_brute_force(page5):
    prox_power = page5["prox_power"]
    x = np.linspace(-3, 3, 241)
    u = 5e-4 * np.arange(-8000, 8001)
    for q in (0.5, 1.5):
        for alpha in (0.1, 0.4, 1.0):
            objective = 0.5 * (u - x[:, None]) ** 2 + alpha * np.abs(u) ** q
            brute = u[np.argmin(objective, axis=1)]
            exact = prox_power(x, alpha, q)
            exact_objective = 0.5 * (exact - x) ** 2 + alpha * np.abs(exact) ** q
            assert np.all(exact_objective <= objective.min(axis=1) + 1e-12)
            # away from the q = 0.5 threshold 1.5 alpha^(2/3), where 0 and u tie:
            clear = np.abs(np.abs(x) - 1.5 * alpha ** (2 / 3)) > 1e-6
            assert np.abs(brute - exact)[clear].max() <= 5e-4  # one grid step
    for q in (0.5, 1.5):  # the page's own check, printed as at most half its grid step
        x_check, u_grid = np.linspace(-3, 3, 121), 1e-3 * np.arange(-4000, 4001)
        objective = 0.5 * (u_grid - x_check[:, None]) ** 2 + 0.4 * np.abs(u_grid) ** q
        brute = u_grid[np.argmin(objective, axis=1)]
        assert np.abs(brute - prox_power(x_check, 0.4, q)).max() <= 5e-4 + 1e-12
    assert np.all(prox_power(x[x != 0], 0.4, 1.5) != 0)
    assert np.count_nonzero(prox_power(x, 0.4, 0.5) == 0) > 0


def test_p5_ten_dimensional_convex_counts(page5):
    any_zero, mean_zeros = page5["any_zero"], page5["mean_zeros"]
    for name in ("q=1.5", "L2"):
        assert np.all(np.asarray(any_zero[name]) == 0)
        assert np.all(np.asarray(mean_zeros[name]) == 0)
    for name in ("L1", "elastic net"):
        assert np.all(np.asarray(any_zero[name]) > 0)
        assert np.all(np.diff(mean_zeros[name]) > 0)
    assert page5["largest_residual"] < 1e-9
    # independent: plain ISTA with the library's proxes, many steps, the same zero counts
    gram, Xty, rho = page5["gram"], page5["Xty"], page5["rho"]
    for alpha, l1_zeros, en_zeros in zip(
        page5["alphas"], mean_zeros["L1"], mean_zeros["elastic net"], strict=True
    ):
        w = np.zeros_like(Xty)
        v = np.zeros_like(Xty)
        for _ in range(4000):
            w = sn.prox_l1(w - ((gram @ w[:, :, None])[:, :, 0] - Xty), alpha)
            v = sn.prox_elastic_net(v - ((gram @ v[:, :, None])[:, :, 0] - Xty), alpha, rho)
        assert np.count_nonzero(w == 0, axis=1).mean() == l1_zeros
        assert np.count_nonzero(v == 0, axis=1).mean() == en_zeros
        # ridge in closed form: no coefficient is zero
        ridge = np.linalg.solve(gram + alpha * np.eye(gram.shape[1]), Xty[:, :, None])
        assert np.count_nonzero(ridge == 0) == 0


def _prox_half_by_roots(x, alpha):
    """prox of alpha |u|^(1/2) at x, one number at a time: 0 or the best real root."""
    a = abs(x)
    candidates = [0.0]
    for root in np.roots([1.0, 0.0, -a, alpha / 2]):  # s^3 - a s + alpha / 2 = 0, s = sqrt(u)
        if abs(root.imag) < 1e-12 and root.real > 0:
            candidates.append(root.real**2)
    values = [0.5 * (u - a) ** 2 + alpha * math.sqrt(u) for u in candidates]
    return math.copysign(candidates[int(np.argmin(values))], x)


def test_p5_q_half_points_are_fixed_points_and_the_comparison_holds(page5):
    Xd, yd, gram, Xty = page5["Xd"], page5["yd"], page5["gram"], page5["Xty"]
    alpha = page5["alphas"][-1]
    runs = page5["runs"]  # the six starts' end points at the last alpha
    assert len(page5["starts"]) == 6 and np.all(page5["starts"][0] == 0)
    rng = np.random.default_rng(5)
    for start in range(6):  # fixed points of the step, checked with an independent prox
        for n in rng.choice(Xd.shape[0], 8, replace=False):
            w = runs[start, n]
            x = w - (gram[n] @ w - Xty[n])
            step = np.array([_prox_half_by_roots(xj, alpha) for xj in x])
            assert np.allclose(step, w, atol=1e-9, rtol=0)
    # objectives recomputed from the data
    residual = np.einsum("nkj,snj->snk", Xd, runs) - yd[None]
    values = 0.5 * np.sum(residual**2, axis=2) + alpha * np.sum(np.sqrt(np.abs(runs)), axis=2)
    best = runs[np.argmin(values, axis=0), np.arange(Xd.shape[0])]
    assert np.array_equal(np.count_nonzero(best == 0, axis=1), page5["zeros_best"][-1])
    assert np.array_equal(np.count_nonzero(runs[0] == 0, axis=1), page5["zeros_from_0"][-1])
    assert np.mean(values.min(axis=0) < values[0] - 1e-12) == page5["improved"][-1]


def test_p5_ista_with_step_one_never_increases_the_q_half_objective(page5):
    # step 1 = 1 / ||X||_2^2: the descent lemma plus the prox's optimality
    Xd, gram, Xty = page5["Xd"], page5["gram"], page5["Xty"]
    assert np.allclose(np.linalg.norm(Xd, 2, axis=(1, 2)), 1.0)
    prox_power, objective = page5["prox_power"], page5["objective_half"]
    for alpha in page5["alphas"]:
        for start in page5["starts"][:3]:
            w, previous = start.copy(), objective(start, alpha)
            for _ in range(200):
                w = prox_power(w - ((gram @ w[:, :, None])[:, :, 0] - Xty), alpha, 0.5)
                value = objective(w, alpha)
                assert np.all(value <= previous + 1e-12 * (1 + np.abs(previous)))
                previous = value


def test_p5_q_half_from_zero_is_sparser_and_often_worse(page5):
    from_0 = np.mean(page5["zeros_from_0"], axis=1)
    best = np.asarray(page5["mean_zeros"]["q=0.5"])
    assert np.all(best < from_0)  # "other starts ... with fewer zeros"
    assert np.all(np.diff(best) > 0)
    improved = np.asarray(page5["improved"])
    assert np.all((improved > 0.3) & (improved < 0.7))  # "in about half of the problems"
    assert np.all(np.asarray(page5["any_zero"]["q=0.5"]) > 0.9)


def test_p5_elastic_net_has_a_corner_lq_does_not(page5):
    assert page5["slope_en"][0] == pytest.approx(page5["rho_esl"], rel=1e-6)
    assert page5["slope_q"][0] < 0.01
    assert np.all(np.diff(page5["slope_q"]) > 0)
    # the book's elastic net alpha b^2 + (1 - alpha) |b| with alpha = 0.2 is ours with rho = 2/3
    rho = page5["rho_esl"]
    assert rho / ((1 - rho) / 2) == pytest.approx(0.8 / 0.2)


def test_p5_random_starts_scale_each_coordinate_by_its_own_factor(page5):
    # "four random starts that scale each coordinate of it by its own factor drawn uniformly
    # from [0, 1.5)"
    starts, w_ols = page5["starts"], page5["w_ols"]
    assert len(starts) == 6 and np.all(starts[0] == 0) and np.array_equal(starts[1], w_ols)
    assert np.allclose(w_ols, np.linalg.solve(page5["gram"], page5["Xty"][:, :, None])[:, :, 0])
    assert np.all(w_ols != 0)
    factors = np.array(starts[2:]) / w_ols
    assert factors.shape == (4, *w_ols.shape)
    assert factors.min() >= 0 and factors.max() < 1.5
    assert factors.min() < 0.01 and factors.max() > 1.49  # the whole range is used
    assert np.all(np.ptp(factors, axis=2) > 0)  # not one factor per start and problem
    assert abs(factors.mean() - 0.75) < 0.01  # uniform: mean 0.75


def test_p5_elastic_net_slope_tends_to_two_thirds_and_is_larger_over_the_plotted_range(page5):
    from scipy.optimize import brentq

    rho = Fraction(2, 3)
    # at the tip (1, 0): slope (rho + (1 - rho) w2) / (rho + (1 - rho) w1) = rho exactly
    assert (rho + (1 - rho) * 0) / (rho + (1 - rho) * 1) == rho
    w2 = page5["w2"]
    level = 2 / 3 + (1 - 2 / 3) / 2  # the ball through (1, 0)
    independent = []
    for b in w2:  # the boundary point (w1, b), by root finding on the level equation

        def g(a, b=b):
            return 2 / 3 * (a + b) + (1 / 3) / 2 * (a * a + b * b) - level

        a = brentq(g, 0, 1, xtol=1e-15)
        independent.append((2 / 3 + b / 3) / (2 / 3 + a / 3))
    assert np.allclose(page5["slope_en"], independent, rtol=1e-9)
    assert np.all(np.diff(independent) > 0) and independent[0] > 2 / 3
    assert independent[0] - 2 / 3 < 1e-9  # the limit at the tip
    label = next(
        label for label in _figure_labels(page5) if "boundary slope of the q = 1.2" in label
    )
    assert f"falls only to two thirds, from about {independent[-1]:.2f} at the far end" in label
    assert f"{independent[-1]:.2f}" == "0.84"


# -- page 6: plot_6_bayesian_picture.py ------------------------------------------------------


def _laplace_posterior_closed_form(z, alpha):
    """Mean, variance and P(w < 0) of p(w | z) ~ exp(-(w - z)^2 / 2 - alpha |w|)."""
    from scipy.special import ndtr

    def pdf(x):
        return np.exp(-(x**2) / 2) / np.sqrt(2 * np.pi)

    mu_pos, mu_neg = z - alpha, z + alpha  # two truncated normals, on w > 0 and on w < 0
    a_pos = np.exp(mu_pos**2 / 2) * ndtr(mu_pos)
    a_neg = np.exp(mu_neg**2 / 2) * ndtr(-mu_neg)
    lam_pos = pdf(mu_pos) / ndtr(mu_pos)
    lam_neg = pdf(mu_neg) / ndtr(-mu_neg)
    mean_pos, mean_neg = mu_pos + lam_pos, mu_neg - lam_neg
    second_pos = 1 + mu_pos**2 + mu_pos * lam_pos
    second_neg = 1 + mu_neg**2 - mu_neg * lam_neg
    p_neg = a_neg / (a_pos + a_neg)
    mean = (1 - p_neg) * mean_pos + p_neg * mean_neg
    variance = (1 - p_neg) * second_pos + p_neg * second_neg - mean**2
    return mean, variance, p_neg


@pytest.fixture(scope="module")
def page6():
    return _run_page("plot_6_bayesian_picture.py")


def test_p6_laplace_mode_is_soft_thresholding_and_exactly_zero_on_the_dead_zone(page6):
    z, laplace = page6["z"], page6["summaries"]["Laplace"]
    dead = np.abs(z) <= 1.0
    assert dead.sum() == 40 and 0 not in z
    assert np.all(laplace["mode"][dead] == 0)
    assert np.all(laplace["mode"][~dead] != 0)
    assert np.allclose(laplace["mode"], sn.prox_l1(z, 1.0), atol=5e-4)


def test_p6_laplace_posterior_mean_matches_closed_form_and_is_zero_only_at_zero(page6):
    z, laplace = page6["z"], page6["summaries"]["Laplace"]
    mean, _, p_neg = _laplace_posterior_closed_form(z, 1.0)
    assert np.allclose(laplace["mean"], mean, atol=1e-6)
    assert np.allclose(laplace["P(w<0)"], p_neg, atol=1e-6)  # trapezoid rule up to 0
    assert np.count_nonzero(laplace["mean"] == 0) == 0
    assert np.all(np.sign(laplace["mean"]) == np.sign(z))
    assert np.abs(laplace["mean"]).min() == pytest.approx(np.abs(mean).min(), abs=1e-6)
    assert f"{np.abs(mean).min():.3g}" == "0.012"
    k = page6["k"]
    assert z[k] == pytest.approx(0.78, abs=0.01) and laplace["mode"][k] == 0
    assert 0.2 < p_neg[k] < 0.5  # "well below one half"
    assert f"{p_neg[k]:.3f}" == "0.302" and f"{mean[k]:.4f}" == "0.3847"
    assert f"P(w < 0 | z) = {p_neg[k]:.3f}" in page6["__stdout__"]


def test_p6_posterior_mean_is_odd_and_strictly_increasing_with_derivative_the_variance():
    z = np.linspace(-6, 6, 2401)
    mean, variance, _ = _laplace_posterior_closed_form(z, 1.0)
    assert np.allclose(mean, -mean[::-1], atol=1e-12)  # odd: zero at z = 0 only
    assert np.all(variance > 0) and np.all(np.diff(mean) > 0)
    slope = np.gradient(mean, z)
    assert np.allclose(slope[5:-5], variance[5:-5], atol=1e-4)  # Tweedie: d mean / dz = var


def _posterior_moments_on_a_grid(log_prior, z, half_width=15.0, n=30_001):
    """Posterior mean and variance for z = w + N(0, 1) noise, by quadrature on a grid."""
    w = np.linspace(-half_width, half_width, n)
    log_post = -0.5 * (w[None, :] - z[:, None]) ** 2 + log_prior(w)[None, :]
    log_post -= log_post.max(axis=1, keepdims=True)
    density = np.exp(log_post)
    density /= density.sum(axis=1, keepdims=True)
    mean = density @ w
    return mean, density @ w**2 - mean**2


def test_p6_symmetric_priors_other_than_a_point_mass_at_zero_have_a_mean_zero_only_at_zero():
    z = np.linspace(-4, 4, 321)
    means = {}
    # two points +-a: the posterior mean is a tanh(a z), its derivative a^2 - mean^2 = variance
    for a in (0.3, 1.0, 2.5):
        mean = a * np.tanh(a * z)
        slope = np.gradient(mean, z)[2:-2]  # finite differences, step 0.025
        assert np.allclose(slope, (a**2 - mean**2)[2:-2], rtol=1e-2, atol=1e-4)
        means[f"two points {a}"] = mean
    # spike and slab: a point mass at 0 plus N(0, tau^2), in closed form
    for spike, tau in ((0.5, 1.0), (0.9, 3.0)):
        slab = (1 - spike) * np.exp(-(z**2) / (2 * (1 + tau**2))) / np.sqrt(1 + tau**2)
        point = spike * np.exp(-(z**2) / 2)
        means[f"spike {spike}"] = slab / (slab + point) * z * tau**2 / (1 + tau**2)
    # densities: Laplace, uniform on [-1, 1], a symmetric bimodal mixture, by quadrature
    densities = {
        "Laplace": lambda w: -np.abs(w),
        "uniform": lambda w: np.where(np.abs(w) <= 1, 0.0, -np.inf),
        "bimodal": lambda w: np.logaddexp(-((w - 2) ** 2) / 0.5, -((w + 2) ** 2) / 0.5),
    }
    for name, log_prior in densities.items():
        mean, variance = _posterior_moments_on_a_grid(log_prior, z)
        assert np.all(variance > 0)
        # d mean / dz = posterior variance (Gaussian likelihood)
        assert np.allclose(np.gradient(mean, z)[2:-2], variance[2:-2], rtol=1e-2, atol=1e-3), name
        means[name] = mean
    centre = np.flatnonzero(z == 0)
    assert centre.size == 1
    for name, mean in means.items():
        assert np.allclose(mean, -mean[::-1], atol=1e-9), name  # odd
        assert np.all(np.diff(mean) > 0), name  # strictly increasing: zero only at z = 0
        assert abs(mean[centre[0]]) < 1e-12 and np.all(mean[z != 0] != 0), name


def test_p6_a_point_mass_at_zero_gives_the_mean_zero_for_every_data_value():
    # the exception named on the page: the posterior is the prior, whatever z is
    z = np.linspace(-4, 4, 81)
    spike = 1.0
    point = spike * np.exp(-(z**2) / 2)
    slab = (1 - spike) * np.exp(-(z**2) / 4) / np.sqrt(2)
    assert np.all(slab / (slab + point) * z / 2 == 0)


def test_p6_page_states_the_condition():
    prose = _prose("plot_6_bayesian_picture.py")
    assert (
        "For any prior distribution symmetric about zero other than a point mass at 0, the "
        "posterior mean is zero only at :math:`z = 0`" in prose
    )
    assert "for any prior symmetric about zero:" not in prose


def test_p6_gaussian_mode_equals_mean(page6):
    z, gauss = page6["z"], page6["summaries"]["Gaussian"]
    alpha = page6["alpha_l2"]
    assert 2 / page6["alpha_l1"] ** 2 == 1 / alpha  # equal variance, 2
    assert np.allclose(gauss["mean"], z / (1 + alpha), atol=1e-9)
    assert np.allclose(gauss["mode"], z / (1 + alpha), atol=5e-4)
    assert np.all(gauss["mode"] != 0)


def test_p6_the_grid_holds_the_posterior_mass(page6):
    from scipy.special import ndtr

    z = page6["z"]
    # Laplace: a mixture of N(z - 1, 1) cut to w > 0 and N(z + 1, 1) cut to w < 0
    _, _, p_neg = _laplace_posterior_closed_form(z, 1.0)
    upper = (1 - p_neg) * ndtr(z - 1 - 15) / ndtr(z - 1)
    lower = p_neg * ndtr(-15 - (z + 1)) / ndtr(-(z + 1))
    assert np.all(upper + lower < 1e-20)
    # Gaussian: N(z / 1.5, 1 / 1.5)
    sd = np.sqrt(1 / 1.5)
    assert np.all(ndtr((-15 - z / 1.5) / sd) + ndtr((z / 1.5 - 15) / sd) < 1e-20)
    assert page6["w"][0] == -15 and page6["w"][-1] == 15 and np.count_nonzero(page6["w"] == 0) == 1


# -- page 7: plot_7_one_weight_to_a_model.py -------------------------------------------------


@pytest.fixture(scope="module")
def page7():
    return _run_page("plot_7_one_weight_to_a_model.py")


def test_p7_lasso_path_starts_at_alpha_max_and_ends_at_least_squares(page7):
    X, y, n = page7["X"], page7["y"], page7["n_samples"]
    knots, coefs = page7["knots"], page7["lasso_coefs"]
    assert knots[0] == pytest.approx(sn.L1().alpha_max(-X.T @ y / n), rel=1e-12)
    assert np.all(coefs[:, 0] == 0) and knots[-1] == 0
    w_ols = np.linalg.solve(X.T @ X, X.T @ y)
    assert np.allclose(coefs[:, -1], w_ols, rtol=1e-9, atol=1e-9)
    assert page7["sn_gaps"].max() < 1e-8
    assert np.abs(page7["sn_coefs"] - coefs[:, :-1]).max() < 1e-8


def test_p7_lasso_path_is_exact_and_piecewise_linear(page7):
    from sklearn.linear_model import Lasso

    X, y = page7["X"], page7["y"]
    knots, coefs = page7["knots"], page7["lasso_coefs"]
    rng = np.random.default_rng(7)
    for k in range(knots.size - 1):
        theta = rng.uniform(0.2, 0.8)
        alpha = (1 - theta) * knots[k] + theta * knots[k + 1]
        interpolated = (1 - theta) * coefs[:, k] + theta * coefs[:, k + 1]
        model = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000)
        fitted = model.fit(X, y).coef_
        assert np.allclose(fitted, interpolated, atol=1e-6), k
        assert np.array_equal(fitted == 0, interpolated == 0), k
        # the certified solver sees the same zero pattern inside the segment
        _, w, gap = sn.solvers.lasso_path(X, y, alphas=[alpha], tol=1e-12)
        assert np.array_equal(w[:, 0] == 0, interpolated == 0) and gap.max() < 1e-8


def test_p7_events_entry_order_and_the_return_of_s3(page7):
    names, coefs, knots = page7["names"], page7["lasso_coefs"], page7["knots"]
    alpha_max = knots[0]
    lines = _printed_lines(page7)
    events = [line.split() for line in lines if line.endswith("zero") and line[:17].strip()]
    assert [e[1] for e in events[:10]] == [
        "bmi",
        "s5",
        "bp",
        "s3",
        "sex",
        "s6",
        "s1",
        "s4",
        "s2",
        "age",
    ]
    assert events[10][1:] == ["s3", "returns", "to", "zero"]
    assert events[11][1:] == ["s3", "leaves", "zero"] and len(events) == 12
    s3 = list(names).index("s3")
    zero_at = np.flatnonzero(coefs[s3] == 0)
    assert zero_at.tolist() == [0, 1, 2, 3, 10, 11]  # zero again at knots 10 and 11
    assert float(events[10][0]) == pytest.approx(knots[10] / alpha_max, abs=1e-5)
    assert float(events[11][0]) == pytest.approx(knots[11] / alpha_max, abs=1e-5)
    # every entering feature's correlation with the residual reaches alpha at its knot
    X, y, n = page7["X"], page7["y"], page7["n_samples"]
    for k in range(knots.size - 1):
        r = y - X @ coefs[:, k]
        correlation = np.abs(X.T @ r) / n
        entering = (coefs[:, k] == 0) & (coefs[:, k + 1] != 0)
        assert np.allclose(correlation[entering], knots[k], rtol=1e-9)
        assert np.all(correlation <= knots[k] * (1 + 1e-9))
    # s1: the largest least-squares coefficient in size, entering seventh
    w_ols = np.linalg.solve(X.T @ X, X.T @ y)
    assert names[int(np.argmax(np.abs(w_ols)))] == "s1"
    assert page7["entry_order"].index("s1") == 6


def _ridge_exact(X, y, alpha):
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)


def test_p7_ridge_path_matches_the_normal_equations(page7):
    X, y = page7["X"], page7["y"]
    for alpha, w in zip(page7["ridge_alphas"], page7["ridge_coefs"].T, strict=True):
        assert np.allclose(w, _ridge_exact(X, y, alpha), rtol=1e-8, atol=1e-12)
    assert np.count_nonzero(page7["ridge_coefs"] == 0) == 0


def test_p7_ridge_shrinks_the_length_and_every_singular_component_for_every_alpha(page7):
    X, y = page7["X"], page7["y"]
    U, s, _ = np.linalg.svd(X, full_matrices=False)
    c = s * (U.T @ y)
    alphas = np.concatenate([[0.0], np.logspace(-4, 9, 4000)])
    components = c[:, None] / (s[:, None] ** 2 + alphas[None, :])  # v_k^T w(alpha)
    assert np.all(np.sign(components) == np.sign(c)[:, None])  # never changes sign
    assert np.all(np.diff(np.abs(components), axis=1) < 0)  # strictly shrinks
    # d ||w||^2 / d alpha = -2 sum c_k^2 / (s_k^2 + alpha)^3 < 0 for every alpha >= 0
    derivative = -2 * np.sum(c[:, None] ** 2 / (s[:, None] ** 2 + alphas[None, :]) ** 3, axis=0)
    assert np.all(derivative < 0)
    norms = np.array([np.linalg.norm(_ridge_exact(X, y, a)) for a in alphas[::40]])
    assert np.all(np.diff(norms) < 0)


def test_p7_ridge_sign_changes_are_exact_roots_and_the_only_ones(page7):
    from scipy.optimize import brentq

    X, y, names = page7["X"], page7["y"], page7["names"]
    crossings = sorted(page7["crossings"])
    assert len(crossings) == 6 and len({j for _, j in crossings}) == 5
    for root, j in crossings:
        found = brentq(
            lambda a, j=j: _ridge_exact(X, y, a)[j], root * 0.999, root * 1.001, xtol=1e-14
        )
        assert found == pytest.approx(root, rel=1e-9)
    # no other sign change on a fine grid from 1e-6 to 1e12, and the signs at both ends agree
    alphas = np.logspace(-6, 12, 60_001)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    w = Vt.T @ ((s * (U.T @ y))[:, None] / (s[:, None] ** 2 + alphas[None, :]))
    for j in range(len(names)):
        changes = np.flatnonzero(np.diff(np.sign(w[j])) != 0)
        expected = sorted(root for root, k in crossings if k == j)
        assert len(changes) == len(expected), names[j]
        for index, root in zip(changes, expected, strict=True):
            assert alphas[index] <= root <= alphas[index + 1]
        assert np.sign(w[j, -1]) == np.sign(X[:, j] @ y)  # large alpha: w ~ X^T y / alpha
    assert np.count_nonzero(w == 0) == 0


def _ridge_paths_by_eigh(X, y, alphas):
    """w(alpha) and dw/dalpha from the eigendecomposition of X^T X (independent of the SVD)."""
    eigenvalues, V = np.linalg.eigh(X.T @ X)
    c = V.T @ (X.T @ y)
    w = V @ (c[:, None] / (eigenvalues[:, None] + alphas[None, :]))
    dw = -V @ (c[:, None] / (eigenvalues[:, None] + alphas[None, :]) ** 2)
    return w, dw


def test_p7_ridge_coefficients_that_grow_along_the_whole_path(page7):
    # the page counts on its 200 strengths; the takeaway says "along the path": alpha >= 0
    X, y, names = page7["X"], page7["y"], page7["names"]
    alphas = np.concatenate([[0.0], np.logspace(-8, 12, 200_001)])
    w, dw = _ridge_paths_by_eigh(X, y, alphas)
    grows = [names[j] for j in range(len(names)) if np.any(w[j] * dw[j] > 0)]
    assert grows == page7["grows"]
    assert len(grows) == 8 and "bp" not in grows and "s5" not in grows
    # beyond 1e12, w ~ X^T y / alpha - X^T X X^T y / alpha^2: every |w_j| shrinks there
    assert np.all(w[:, -1] * dw[:, -1] < 0)


def test_p7_takeaway_numbers(page7):
    X, y, names = page7["X"], page7["y"], page7["names"]
    alphas = np.logspace(-6, 12, 60_001)
    w, dw = _ridge_paths_by_eigh(X, y, alphas)
    n_grow = sum(bool(np.any(w[j] * dw[j] > 0)) for j in range(len(names)))
    changes = np.diff(np.sign(w), axis=1) != 0
    n_change, n_crossings = int(np.sum(changes.any(axis=1))), int(changes.sum())
    words = {5: "five", 6: "six", 8: "eight"}
    prose = _prose("plot_7_one_weight_to_a_model.py")
    takeaway = (
        f"on this data {words[n_grow]} coefficients grow somewhere along the path, and "
        f"{words[n_change]} change sign, passing through exactly zero at single strengths"
    )
    assert takeaway in prose
    assert (n_grow, n_change, n_crossings) == (8, 5, 6)
    assert len(page7["crossings"]) == n_crossings and len(page7["changing"]) == n_change
    text = page7["__stdout__"]
    assert f"{n_grow} coefficients grow in size somewhere as alpha grows:" in text
    # no exact zero at the page's 200 strengths: the page's solver and the normal equations
    exact = np.column_stack([_ridge_exact(X, y, a) for a in page7["ridge_alphas"]])
    assert np.count_nonzero(exact == 0) == 0 == np.count_nonzero(page7["ridge_coefs"] == 0)
    assert "exactly zero at any of the 200 strengths: 0" in text


def test_p7_one_event_at_each_knot_above_zero(page7):
    # "At each knot of this path above alpha = 0 exactly one coefficient leaves zero ... or
    # returns to it; the last knot, alpha = 0, is the least-squares end."
    knots, coefs = page7["knots"], page7["lasso_coefs"]
    zero = coefs == 0
    assert knots.size == 13 and knots[-1] == 0 and np.all(knots[:-1] > 0)
    for k in range(knots.size):
        leaves = zero[:, k] & ~zero[:, k + 1] if k + 1 < knots.size else np.zeros(10, bool)
        returns = zero[:, k] & ~zero[:, k - 1] if k > 0 else np.zeros(10, bool)
        events = np.count_nonzero(leaves) + np.count_nonzero(returns)
        assert events == (1 if knots[k] > 0 else 0), k
    w_ols = np.linalg.solve(page7["X"].T @ page7["X"], page7["X"].T @ page7["y"])
    assert np.allclose(coefs[:, -1], w_ols, atol=1e-9)
    assert len([line for line in _printed_lines(page7) if line.endswith("zero")]) == 12


def test_p7_no_prose_on_cell_separator_lines():
    # sphinx-gallery drops the rest of a "# %%" line: prose there would vanish from the page
    for path in sorted(GALLERY.glob("plot_[12567]_*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("# %%"):
                assert line.rstrip() == "# %%", f"{path.name}:{number}: {line!r}"


def _krylov_vanishes(X, y, j):
    vector, gram = X.T @ y, X.T @ X
    for _ in range(X.shape[1]):
        if abs(vector[j]) > 1e-10 * np.abs(vector).max(initial=1.0):
            return False
        vector = gram @ vector
    return True


def _solve_exactly(G, b, alpha):
    """(G + alpha I)^-1 b in fractions, by Gaussian elimination."""
    p = len(b)
    rows = [
        [Fraction(G[i][k]) + (alpha if i == k else 0) for k in range(p)] + [Fraction(b[i])]
        for i in range(p)
    ]
    for col in range(p):
        pivot = next(r for r in range(col, p) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(p):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * c for a, c in zip(rows[r], rows[col], strict=True)]
    return [rows[i][p] / rows[i][i] for i in range(p)]


def _krylov_exact(G, b, j):
    """e_j^T G^m b for m = 0, ..., p - 1, in integers."""
    p, vector, out = len(b), list(b), []
    for _ in range(p):
        out.append(vector[j])
        vector = [sum(G[i][k] * vector[k] for k in range(p)) for i in range(p)]
    return out


def _zero_for_every_alpha(G, b, j):
    # w_j(alpha) det(G + alpha I) is a polynomial of degree <= p - 1: it vanishes identically
    # exactly when it vanishes at p distinct points, here alpha = 1, ..., p (det > 0 there)
    return all(_solve_exactly(G, b, Fraction(a))[j] == 0 for a in range(1, len(b) + 1))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=4, max_size=6),
    st.lists(st.integers(-3, 3), min_size=3, max_size=3),
    st.integers(0, 2),
)
def test_p7_ridge_coefficient_is_zero_for_every_alpha_exactly_under_the_krylov_condition(B, b, j):
    # G = B^T B (positive semi-definite), any b: both directions of "exactly when"
    G = [[sum(row[i] * row[k] for row in B) for k in range(3)] for i in range(3)]
    b = list(b)
    b[j] = 0  # the m = 0 condition holds; the others decide
    assert _zero_for_every_alpha(G, b, j) == all(v == 0 for v in _krylov_exact(G, b, j))


def test_p7_ridge_krylov_condition_cases():
    # a feature correlated with both others whose coefficient is still zero for every alpha
    G, b = [[2, 1, 0], [1, 2, 1], [0, 1, 2]], [1, 0, -1]
    assert G[0][1] != 0 and G[1][2] != 0
    assert _krylov_exact(G, b, 1) == [0, 0, 0] and _zero_for_every_alpha(G, b, 1)
    for alpha in (Fraction(1, 1000), Fraction(7, 3), Fraction(10**6)):
        assert _solve_exactly(G, b, alpha)[1] == 0
    # e_j^T b = 0 alone is not enough: the coefficient is zero at isolated strengths only
    G, b = [[2, 1, 0], [1, 2, 1], [0, 1, 2]], [1, 0, 2]
    assert _krylov_exact(G, b, 1)[:2] == [0, 3] and not _zero_for_every_alpha(G, b, 1)
    assert all(_solve_exactly(G, b, Fraction(a))[1] != 0 for a in range(1, 50))


def test_p7_ridge_holds_a_feature_orthogonal_to_everything_at_zero_and_random_designs_nowhere():
    rng = np.random.default_rng(3)
    alphas = np.logspace(-3, 4, 50)
    # a feature orthogonal to y and to every other feature: zero for every alpha
    base = rng.standard_normal((40, 3))
    y = base @ np.array([1.0, -2.0, 0.5]) + rng.standard_normal(40)
    q, _ = np.linalg.qr(np.column_stack([base, y, rng.standard_normal(40)]))
    X = np.column_stack([base, q[:, 4]])  # q[:, 4] is orthogonal to base and y
    assert _krylov_vanishes(X, y, 3)
    for alpha in alphas:
        assert abs(_ridge_exact(X, y, alpha)[3]) < 1e-12
    # random designs: the condition fails and the coefficient is zero nowhere on the grid
    for _ in range(20):
        X = rng.standard_normal((30, 4))
        y = rng.standard_normal(30)
        assert not any(_krylov_vanishes(X, y, j) for j in range(4))
        W = np.column_stack([_ridge_exact(X, y, a) for a in alphas])
        assert np.count_nonzero(W == 0) == 0


def _ista_step(w, z, alpha, step):
    """One proximal gradient step in plain Python floats: soft threshold of w - step (w - z)."""
    v = w - step * (w - z)
    return math.copysign(max(abs(v) - step * alpha, 0.0), v) + 0.0


def test_p1_ista_flips_for_ever_when_w0_dwarfs_the_margin():
    # z = 0, alpha = 1, step = 2, w0 = 2^60: fl(w - 2 w) = -w and |v| - 2 rounds to |v|
    w = 2.0**60
    for _ in range(50):
        w_next = float(sn.prox_l1(w - 2.0 * (w - 0.0), 2.0 * 1.0))
        assert w_next == _ista_step(w, 0.0, 1.0, 2.0) == -w
        w = w_next
    assert w == 2.0**60  # an even number of flips: back where it started, never 0
    # the condition delta >= 2^-46 (|w0| + alpha) fails there by far
    assert 2 * (1 - 0) < 2.0**-46 * (2.0**60 + 1)


def test_p1_ista_three_cases_and_step_bound_inside_the_condition():
    # The page's three cases, each checked as stated (0; a shrink by at least 3/4 delta; within
    # E of 0 and then 0), on random problems with
    # delta = step (alpha - |z|) >= 2^-46 (|w0| + alpha) and random |w| <= |w0|; and runs whose
    # bound 4/3 |w0| / delta + 2 is at most 20000 steps reach 0 within it.
    rng = np.random.default_rng(11)
    checked = near_edge = runs = 0
    for _ in range(4000):
        alpha = float(2.0 ** rng.uniform(-20, 20))
        step = float(rng.uniform(0.01, 2.0)) if rng.random() < 0.8 else 2.0
        w0 = float(rng.choice([-1, 1]) * alpha * 2.0 ** rng.uniform(-10, 30))
        bound = 2.0**-46 * (abs(w0) + alpha)
        delta = bound * float(2.0 ** rng.uniform(0, 60)) if rng.random() < 0.7 else bound * 1.01
        gap = delta / step
        if not 0 < gap < alpha:
            continue
        z = float(rng.choice([-1, 1]) * (alpha - gap))
        delta = step * (alpha - abs(z))  # recomputed from the rounded z
        if delta < bound:
            continue
        near_edge += delta < 2 * bound
        ws = [w0, *(w0 * rng.uniform(-1, 1, 20)), *(rng.uniform(-3, 3, 10) * delta)]
        for w in ws:
            w_next = float(sn.prox_l1(w - step * (w - z), step * alpha))
            assert w_next == _ista_step(w, z, alpha, step)
            two = _ista_step(w_next, z, alpha, step)
            err = 2.0**-49 * (abs(w) + abs(z) + alpha)  # the page's E
            if abs(w) + err <= delta:  # case 1: this step gives exactly 0
                assert w_next == 0, (w, z, alpha, step)
            elif abs(w) >= delta:  # case 2: |w| shrinks by at least 3/4 delta
                assert abs(w_next) <= abs(w) - 3 * delta / 4, (w, z, alpha, step)
            else:  # case 3: within E of 0, and the next step gives 0
                assert abs(w_next) <= err and two == 0, (w, z, alpha, step)
        checked += 1
        limit = 4 / 3 * abs(w0) / delta + 2
        if limit <= 20_000:
            w, n = w0, 0
            while w != 0:
                w, n = _ista_step(w, z, alpha, step), n + 1
                assert n <= limit, (w0, z, alpha, step)
            runs += 1
        assert _ista_step(0.0, z, alpha, step) == 0  # and 0 stays
    assert checked > 1000 and near_edge > 100 and runs > 300
