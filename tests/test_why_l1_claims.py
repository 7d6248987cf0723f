"""The claims of the main article's pages, checked against independent computations.

The pages are gallery/why_l1/plot_0*.py, the one-page tour docs/quick_tour.md and the landing
page's key picture. Each page is executed here as a reader would run it; its printed numbers
are parsed from its output and compared with a second computation that does not use the page's
code path: exact rational arithmetic (``fractions.Fraction``), plain Python floats, closed
forms, scikit-learn. Sentences that say "never", "only", "always", "every" or "exactly when" are
tested over their whole domain: exact statements with hypothesis over rational numbers (often
through one-step lemmas whose composition is the claim), floating-point statements with
hypothesis over float64 values, including subnormal ones.

Floating-point claims assume what numpy and CPython do on this machine: IEEE 754 binary64,
round to nearest even, gradual underflow (subnormal numbers), each operation rounded
separately (no fused multiply-add). Where a page speaks of other arithmetic (one rounding per
fused multiply-add, flush-to-zero), the test emulates it exactly with ``Fraction``:
``float(Fraction)`` is correctly rounded in CPython, including subnormal results.
"""

import ast
import contextlib
import functools
import io
import itertools
import math
import re
import runpy
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from unittest import mock

import matplotlib
import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import sparsenorm as sn

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery" / "why_l1"
PAGES = sorted(p.name for p in GALLERY.glob("plot_*.py"))

TINY = 2.0**-1074  # smallest positive (subnormal) binary64 number
SMALLEST_NORMAL = 2.0**-1022
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"


# -- running a page ------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    width: float
    height: float
    smallest_font: float


@dataclass
class Run:
    stdout: str
    figures: list
    namespace: dict
    source: str

    def lines(self, pattern):
        """Every match of ``pattern`` (a regex with groups) against an output line."""
        return [m for line in self.stdout.splitlines() if (m := re.fullmatch(pattern, line))]


def _describe(fig):
    fig.canvas.draw()
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip()
    ]
    width, height = fig.get_size_inches()
    return Figure(fig.get_label(), width, height, min(sizes))


@functools.cache
def run_page(name):
    """Execute a gallery page with its figures captured; its stdout, figures and globals."""
    figures = []

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            fig = plt.figure(number)
            figures.append(_describe(fig))
            plt.close(fig)

    out = io.StringIO()
    with (
        matplotlib.rc_context(),
        contextlib.redirect_stdout(out),
        mock.patch.object(plt, "show", show),
    ):
        namespace = runpy.run_path(str(GALLERY / name), run_name="__main__")
        show()
    return Run(out.getvalue(), figures, namespace, (GALLERY / name).read_text(encoding="utf-8"))


def page(prefix):
    (name,) = [p for p in PAGES if p.startswith(prefix)]
    return run_page(name)


def prose(run):
    """The page's comment lines (its prose), joined, for checking quoted numbers."""
    text = " ".join(
        line.strip().lstrip("#").strip()
        for line in run.source.splitlines()
        if line.strip().startswith("#")
    )
    return re.sub(r"\s+", " ", text)


def g(value, spec):
    """Format an exact value (Fraction or int) as the page formats a float."""
    return format(float(value), spec)


def rnd(q):
    """Round a rational to the nearest binary64 number (ties to even, gradual underflow)."""
    return Fraction(float(q))


def sign(q):
    return (q > 0) - (q < 0)


def soft_threshold(z, t):
    """Exact soft thresholding of a rational."""
    return sign(z) * max(abs(z) - t, 0)


# -- conventions every page follows ---------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_printed_lines_fit_in_80_characters(name):
    run = run_page(name)
    assert run.stdout.strip(), "the page prints nothing"
    for line in run.stdout.splitlines():
        assert len(line) <= 80, line


@pytest.mark.parametrize("name", PAGES)
def test_figures_are_at_most_5_in_wide_with_12_pt_text_and_alt_text(name):
    run = run_page(name)
    assert run.figures, "the page draws no figure"
    for fig in run.figures:
        assert fig.width <= 5.0 + 1e-9, fig
        assert fig.smallest_font >= 12, fig
        # A sentence or two of plain English, not a matplotlib default label or LaTeX.
        assert len(fig.label) > 40 and "$" not in fig.label and "\\" not in fig.label, fig


@pytest.mark.parametrize("name", PAGES)
def test_page_sets_the_site_style_and_no_colour_constants(name):
    source = (GALLERY / name).read_text(encoding="utf-8")
    assert 'plt.style.use("sparsenorm.site")' in source
    assert "_COLOR" not in source and "#0072B2" not in source


# -- plot_01: Explanation 1 -----------------------------------------------------------------------

P1 = "plot_01_"


@settings(max_examples=300, deadline=None)
@given(
    eps=st.fractions(min_value=0, max_value=1).filter(lambda e: 0 < e < 1),
    share=st.fractions(min_value=0, max_value=1).filter(lambda s: s > 0),
)
def test_p1_derivation_holds_for_every_eps_and_delta(eps, share):
    """The six norms and the three drops, exactly, for every 0 < δ ≤ ε < 1."""
    delta = share * eps
    l1 = lambda v: sum(abs(c) for c in v)  # noqa: E731
    l2 = lambda v: sum(c * c for c in v)  # noqa: E731
    x, big, small = (1, eps), (1 - delta, eps), (1, eps - delta)
    assert (l1(x), l2(x)) == (1 + eps, 1 + eps**2)
    assert l1(big) == l1(small) == 1 - delta + eps  # "falls by δ whichever entry pays"
    assert l2(big) == 1 - 2 * delta + delta**2 + eps**2
    assert l2(small) == 1 - 2 * eps * delta + delta**2 + eps**2
    # "the two squared-norm drops part ways at once": the big-entry drop is larger for δ > 0.
    assert l2(x) - l2(big) > l2(x) - l2(small) >= 0
    # "that second gain vanishes as ε → 0": it is at most 2ε².
    assert l2(x) - l2(small) <= 2 * eps**2


def test_p1_table_of_the_six_norms():
    run = page(P1)
    ((eps_text, delta_text),) = [m.groups() for m in run.lines(rf"ε = ({NUMBER}), δ = ({NUMBER})")]
    eps, delta = Fraction(eps_text), Fraction(delta_text)  # the decimals the page states
    rows = {m[1]: m.groups()[1:] for m in run.lines(rf"\s*(\(.*?\))((?:\s+{NUMBER})+)")}
    parsed = {k: v[0].split() for k, v in rows.items()}
    exact = {
        "(1, ε)": (1, eps),
        "(1 − δ, ε)": (1 - delta, eps),
        "(1, ε − δ)": (1, eps - delta),
    }
    assert set(parsed) == set(exact)
    for name, (a, b) in exact.items():
        assert parsed[name][:2] == [g(a + b, ".4f"), g(a * a + b * b, ".4f")]
    for name, (a, b) in list(exact.items())[1:]:
        drop_l2 = 1 + eps**2 - (a * a + b * b)
        assert parsed[name][2:] == [g(delta, ".4f"), g(drop_l2, ".4f"), g(drop_l2, ".4f")]
    # The prose quotes 1.05, 0.0975, 0.0075 and "thirteen".
    text = prose(run)
    big, small = 2 * delta - delta**2, 2 * eps * delta - delta**2
    for quoted in (g(1 - delta + eps, ".2f"), g(big, ".4f"), g(small, ".4f")):
        assert f":math:`{quoted.rstrip('0')}`" in text
    assert big / small == 13 and "thirteen times less" in text
    (ratio,) = run.lines(rf"ℓ2² drop, big entry / small entry: ({NUMBER})")
    assert ratio[1] == g(big / small, ".1f")


@settings(max_examples=300, deadline=None)
@given(
    eps=st.fractions(min_value=0, max_value=1).filter(lambda e: e > 0),
    alpha=st.fractions(min_value=0, max_value=1000).filter(lambda a: a > 0),
)
def test_p1_within_one_penalty_the_ratio_is_1_for_l1_and_eps_over_2_minus_eps_for_l2(eps, alpha):
    """Zeroing the small entry against the same shrinkage on the big one, for every ε and α."""
    l1_small, l1_big = alpha * eps, alpha * eps
    l2_small = alpha * ((1 + eps**2) - 1)  # (1, ε) → (1, 0)
    l2_big = alpha * ((1 + eps**2) - ((1 - eps) ** 2 + eps**2))  # (1, ε) → (1 − ε, ε)
    assert l1_small / l1_big == 1
    assert l2_small / l2_big == eps / (2 - eps)  # whatever the strength α


def test_p1_ratio_table_and_the_2000_times_sentence():
    run = page(P1)
    rows = run.lines(rf"\s*({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})")
    assert len(rows) == 4
    for m in rows:
        eps = Fraction(m[1])
        assert m.groups()[1:] == (
            g(Fraction(1), ".4g"),
            g(eps / (2 - eps), ".4g"),
            g(eps / (2 - eps), ".4g"),
        )
    assert Fraction("0.001") / (2 - Fraction("0.001")) == Fraction(1, 1999)
    text = prose(run)
    assert "about 2000 times less" in text and ":math:`1/1999`" in text


def test_p1_credits_explanation_1():
    source = re.sub(r"\s+", " ", (GALLERY / PAGES[0]).read_text(encoding="utf-8"))
    # The sources name neither the answer's number nor its author: the page credits it as an
    # answer to the question, links the question and says that the repost names no author.
    assert (
        "<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>" in source
    )
    assert "45644" not in source
    assert "the repost we follow does not name its author" in source


def test_p1_alt_text_of_the_drop_figure_matches_the_drops():
    (label,) = [f.label for f in page(P1).figures if f.label.startswith("Top: with epsilon 0.2")]
    assert "grows almost twice as fast as delta when the big entry is shrunk" in label
    assert "much more slowly when the small one is" in label
    eps = Fraction(1, 5)
    for k in range(1, 101):  # 0 < δ ≤ ε on a grid: big-entry drop / δ = 2 − δ ∈ [1.8, 2)
        delta = eps * k / 100
        big, small = 2 * delta - delta**2, 2 * eps * delta - delta**2
        assert Fraction(9, 5) <= big / delta < 2 and small / delta <= 2 * eps


# -- plot_02: the penalties and their slopes ------------------------------------------------------

P2 = "plot_02_"


def test_p2_table_of_values_and_slopes():
    run = page(P2)
    rows = run.lines(rf"\s*({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})")
    assert len(rows) == 8
    for m in rows:
        w = Fraction(m[1])
        assert m.groups()[1:] == (
            g(abs(w), "g"),
            g(sign(w), "g"),
            g(w * w / 2, "g"),
            g(w, "g"),
        )
    # "a thousand times smaller at 0.001 than at 1"
    assert {Fraction(m[1]) for m in rows} >= {Fraction(1), Fraction("0.001")}
    assert Fraction(1) / Fraction("0.001") == 1000
    ((top,),) = [m.groups() for m in run.lines(rf"L2 penalty at w₁ = ±5: ({NUMBER})")]
    assert Fraction(top) == Fraction(5) ** 2 / 2
    # "at the non-zero float64 numbers nearest zero, ±2^-1074, the L1 slope is still ±1, the L2
    # slope is ±2^-1074"
    assert math.nextafter(0.0, 1.0) == TINY == 2.0**-1074 and f"{TINY:.2g}" == "4.9e-324"
    ((l1_close,),) = [m.groups() for m in run.lines(r"L1 slopes at ±2\*\*-1074: \[(.*)\]")]
    ((l2_close,),) = [m.groups() for m in run.lines(r"L2 slopes at ±2\*\*-1074: \[(.*)\]")]
    assert [float(v) for v in l1_close.split()] == [-1.0, 1.0]
    assert [float(v) for v in l2_close.split()] == [-TINY, TINY]  # 5e-324 parses to 2^-1074
    text = prose(run)
    assert "as close to zero as float64 goes" in text and "10^{-300}" not in text
    assert ":math:`w_1 = \\pm 2^{-1074} \\approx \\pm 4.9 \\times 10^{-324}`" in text


@settings(max_examples=500, deadline=None)
@given(w=st.floats(allow_nan=False, allow_infinity=False).filter(lambda w: w != 0))
def test_p2_l1_slope_has_size_1_at_every_nonzero_weight_and_l2_slope_is_the_weight(w):
    assert abs(float(sn.L1(1.0).subgradient(w))) == 1.0
    assert float(sn.SquaredL2(1.0).grad(w)) == w


def test_p2_subgradient_at_zero_is_zero():
    np.testing.assert_array_equal(sn.subgradient_l1(np.array([0.0, -0.0])), [0.0, 0.0])


# -- plot_03: gradient steps from w₁ = 5 ----------------------------------------------------------

P3 = "plot_03_"


def test_p3_iterate_table_lists_only_the_steps_taken():
    run = page(P3)
    full = run.lines(rf"\s*(\d+)((?:\s+{NUMBER}){{6}})")
    last = run.lines(rf"\s*(\d+)\s+({NUMBER})\s+({NUMBER})")
    assert [int(m[1]) for m in full] == list(range(10))
    assert [int(m[1]) for m in last] == [10]  # the weights after ten steps, no step from them
    for m in full:
        k = int(m[1])
        l1_w, l1_slope, l1_step, l2_w, l2_slope, l2_step = m[2].split()
        assert (l1_w, l1_slope, l1_step) == (g(5 - Fraction(k, 2), "g"), "1", "0.5")
        exact = Fraction(5, 2**k)
        assert (l2_w, l2_slope, l2_step) == (g(exact, ".7g"), g(exact, ".7g"), g(exact / 2, ".7g"))
    assert last[0].groups()[1:] == ("0", g(Fraction(5, 2**10), ".7g"))


def test_p3_summary_lines_against_plain_python_floats():
    run = page(P3)
    w1 = w2 = 5.0
    for _ in range(10):
        w1 = w1 - 0.5 * ((w1 > 0) - (w1 < 0))
        w2 = w2 - 0.5 * w2
    ((l1_text, l1_zero),) = [
        m.groups()
        for m in run.lines(rf"L1 weight after 10 steps: ({NUMBER}) \(exactly zero: (\w+)\)")
    ]
    assert (float(l1_text), l1_zero) == (w1, str(w1 == 0.0)) == (0.0, "True")
    ((l2_text, l2_exact),) = [
        m.groups()
        for m in run.lines(rf"L2 weight after 10 steps: ({NUMBER}) \(= 5 / 2\*\*10: (\w+)\)")
    ]
    assert Fraction(l2_text) == Fraction(w2) == Fraction(5, 1024) and l2_exact == "True"


def _subgradient_walk(w, step, n_steps):
    """The article's L1 steps in plain Python floats."""
    path = [w]
    for _ in range(n_steps):
        w = w - step * ((w > 0) - (w < 0))
        path.append(w)
    return path


def test_p3_from_5_2_the_steps_jump_past_zero_and_see_saw_for_ever():
    run = page(P3)
    ((printed,),) = [m.groups() for m in run.lines(r"L1 from 5\.2, steps 10 to 14: \[(.*)\]")]
    path = _subgradient_walk(5.2, 0.5, 200)
    assert [float(v) for v in printed.split()] == pytest.approx(path[10:15], abs=5e-4)
    assert np.count_nonzero(np.array(path) == 0) == 0
    # Period 2 from step 10 on: a deterministic map that repeats a state repeats for ever.
    assert path[12] == path[10] and path[13] == path[11] and path[10] > 0 > path[11]
    # The same in exact arithmetic: 5.2 − k/2 ends in the cycle 0.2, −0.3.
    w = Fraction("5.2")
    for _ in range(10):
        w -= Fraction(1, 2) * sign(w)
    assert (w, w - Fraction(1, 2), w - Fraction(1, 2) + Fraction(1, 2)) == (
        Fraction("0.2"),
        Fraction("-0.3"),
        Fraction("0.2"),
    )


def _one_l2_step(w, step):
    return float(sn.penalty_descent(sn.SquaredL2(1.0), w, step=step, n_steps=1)[1])


positive_floats = st.floats(min_value=TINY, max_value=1.7e308)
small_steps = st.floats(min_value=TINY, max_value=0.5)
large_steps = st.floats(min_value=0.5, max_value=1.0, exclude_min=True, exclude_max=True)


@settings(max_examples=500, deadline=None)
@given(w=positive_floats, step=small_steps)
def test_p3_for_steps_up_to_a_half_an_l2_step_never_gives_zero(w, step):
    """0 < η ≤ ½: one step w − η·w of a positive float64 is positive (so never 0, by induction).

    It is also at most w, so the iterates never grow: a non-increasing sequence of positive
    floats is eventually constant ("it stops moving eventually, on a positive number").
    """
    assert 0 < _one_l2_step(w, step) <= w
    assert w - step * w > 0  # plain Python floats: the same arithmetic


def test_p3_for_steps_up_to_a_half_exhaustively_on_the_subnormals():
    """All 2**16 smallest subnormals, for steps at and just below ½ and a spread below."""
    w = np.arange(1, 2**16 + 1) * TINY
    for step in [0.5, np.nextafter(0.5, 0), 0.49, 0.3, 0.25, 0.1, 1e-3, TINY]:
        after = sn.penalty_descent(sn.SquaredL2(1.0), w, step=float(step), n_steps=1)[1]
        assert np.all(after > 0), step


def _l2_first_zero_in_floats(w, step, n_steps):
    """Plain Python floats: the step k at which w − η·w first gives 0 (None if it does not)."""
    for k in range(1, n_steps + 1):
        w = w - step * w
        if w == 0:
            return k
    return None


@settings(max_examples=60, deadline=None)
@given(w0=positive_floats, step=large_steps)
def test_p3_for_steps_between_a_half_and_one_l2_steps_reach_exactly_zero(w0, step):
    """½ < η < 1: from every positive start the weight reaches 0 within 2098 steps."""
    path = sn.penalty_descent(sn.SquaredL2(1.0), w0, step=step, n_steps=2200)
    assert path[-1] == 0.0
    first = _l2_first_zero_in_floats(w0, step, 2200)  # an independent computation
    assert first is not None and first <= 2098
    assert first == np.flatnonzero(path == 0)[0]


@settings(max_examples=2000, deadline=None)
@given(w=positive_floats, step=large_steps)
def test_p3_for_steps_between_a_half_and_one_each_step_at_least_halves_the_weight(w, step):
    """The page's argument, one step at a time, checked in exact rational arithmetic.

    The rounded step fl(η·w) lies in [w/2, w]; so w − fl(η·w) is exact (Sterbenz) and lies in
    [0, w/2]. Halving from below 2^1024 leaves nothing positive (≥ 2^-1074) after 2098 steps.
    """
    rounded_step = step * w  # plain Python float: rounded once
    assert Fraction(w) / 2 <= Fraction(rounded_step) <= Fraction(w)
    after = w - rounded_step
    assert Fraction(after) == Fraction(w) - Fraction(rounded_step)  # no rounding
    assert 0 <= Fraction(after) <= Fraction(w) / 2
    assert after == _one_l2_step(w, step)  # the same number sparsenorm computes


def test_p3_the_rounded_step_can_be_exactly_half_the_weight_and_the_2098_is_attained():
    step = math.nextafter(0.5, 1.0)
    w = 2 * TINY  # a subnormal weight: η·w is just above w/2 and rounds down onto it
    assert Fraction(step) * Fraction(w) > Fraction(w) / 2 and step * w == w / 2
    assert step * TINY == TINY  # "at the smallest positive number it rounds up to that number"
    assert _l2_first_zero_in_floats(1.7976931348623157e308, step, 3000) == 2098
    text = prose(page(P3))
    assert "the rounded step is at least :math:`w/2` and at most :math:`w`" in text
    assert "it is :math:`0` within 2098 steps" in text
    assert "more than half of" not in text


@pytest.mark.parametrize("step", [np.nextafter(0.5, 1), 0.5 + 1e-9, 0.999999, np.nextafter(1, 0)])
def test_p3_for_steps_between_a_half_and_one_edge_cases(step):
    starts = np.array([TINY, 3 * TINY, SMALLEST_NORMAL, 5.0, 1.7e308])
    path = sn.penalty_descent(sn.SquaredL2(1.0), starts, step=float(step), n_steps=2200)
    assert np.all(path[-1] == 0.0)
    # ... and the step is never rounded to 0 on the way, so the weight falls at every step.
    assert np.all((path[1:] < path[:-1]) | (path[:-1] == 0))


@settings(max_examples=30, deadline=None)
@given(w0=positive_floats)
def test_p3_with_step_one_half_the_weight_stops_on_the_smallest_positive_float(w0):
    path = sn.penalty_descent(sn.SquaredL2(1.0), w0, step=0.5, n_steps=2200)
    assert path[-1] == TINY and np.all(path > 0)


def _walk_exact_rounding(w, step, update, n_steps):
    """L2 steps with an emulated arithmetic; returns (first step at 0 or None, last iterate)."""
    w, step = Fraction(w), Fraction(step)
    for k in range(1, n_steps + 1):
        w = update(w, step)
        if w == 0:
            return k, w
    return None, w


def _separate(w, step):  # w − fl(η·w), each operation rounded: numpy, CPython
    return rnd(w - rnd(step * w))


def _product(w, step):  # fl(w · fl(1 − η))
    return rnd(w * rnd(1 - step))


def _fma(w, step):  # fma(−η, w, w): rounded once
    return rnd(w - step * w)


def _ftz(q):
    return Fraction(0) if abs(q) < Fraction(SMALLEST_NORMAL) else q


def _separate_ftz(w, step):  # as numpy's, with subnormal results flushed to zero
    return _ftz(rnd(w - _ftz(rnd(step * w))))


def test_p3_floating_point_table_and_the_other_arithmetic():
    run = page(P3)
    rows = run.lines(
        rf"\s*({NUMBER})\s+(0 at step \d+|stops at {NUMBER})\s+(0 at step \d+|stops at {NUMBER})"
    )
    assert 0.5 in [float(m[1]) for m in rows]  # the prose is about η = ½

    def describe(result):
        zero_at, last = result
        return f"0 at step {zero_at}" if zero_at else f"stops at {float(last):.2g}"

    for m in rows:
        step = float(m[1])
        assert m[2] == describe(_walk_exact_rounding(5.0, step, _separate, 3000))
        assert m[3] == describe(_walk_exact_rounding(5.0, step, _product, 3000))
    # The prose: with η = ½ the separately rounded update stops on 2^-1074 ≈ 4.9e-324 ...
    assert _walk_exact_rounding(5.0, 0.5, _separate, 3000) == (None, Fraction(TINY))
    # ... w·(1 − η) and a fused multiply-add reach exactly 0 ...
    assert _walk_exact_rounding(5.0, 0.5, _product, 3000)[0] is not None
    assert _walk_exact_rounding(5.0, 0.5, _fma, 3000)[0] is not None
    # ... and with flush-to-zero the separately rounded update stops on a normal number.
    zero_at, last = _walk_exact_rounding(5.0, 0.5, _separate_ftz, 3000)
    assert zero_at is None and last >= Fraction(SMALLEST_NORMAL)
    assert ":math:`2^{-1074} \\approx 4.9 \\times 10^{-324}`" in prose(run)


def test_p3_key_sentences_name_their_arithmetic():
    text = prose(page(P3))
    assert "IEEE 754 binary64, round to nearest even, with subnormal numbers" in text
    assert "in exact arithmetic" in text


def _shown_code(source):
    """The code a reader sees on the page: sphinx-gallery's ignore blocks removed."""
    return re.sub(
        r"# sphinx_gallery_start_ignore.*?# sphinx_gallery_end_ignore\n?", "", source, flags=re.S
    )


def test_p3_the_shown_code_needs_no_altair_and_the_explorable_is_the_cells_last_expression():
    source = page(P3).source
    shown = _shown_code(source)
    assert "import altair" in source and "altair" not in shown and "alt." not in shown
    # docs/_ext/sngallery.py embeds the value of a cell's last expression: the explorable's.
    (cell,) = [c for c in source.split("\n# %%") if "explorable.datasets" in c]
    last = ast.parse(cell).body[-1]
    assert isinstance(last, ast.Expr) and ast.unparse(last.value) == "explorable"
    # the shown part of that cell still computes everything the explorable shows
    assert "sn.penalty_descent(penalty, start, step_size, k_max, method=method)" in shown


def test_p3_explorable_vertical_axis_holds_every_iterate():
    spec = page(P3).namespace["explorable"].to_dict()
    (domain,) = {
        str(layer["encoding"]["y"]["scale"]["domain"])
        for layer in spec["vconcat"][0]["layer"]
        if "scale" in layer["encoding"]["y"]
    }
    low, high = ast.literal_eval(domain)
    series = ("L1, subgradient", "L1, proximal", "L2, gradient", "L2, proximal")
    walks = [
        _walk_in_python_floats(s, k / 2, j / 10, 20)
        for s in series
        for k in range(1, 11)
        for j in range(1, 16)
    ]
    lowest, highest = min(min(w) for w in walks), max(max(w) for w in walks)
    assert (lowest, highest) == (-2.5, 5.0)  # L2 gradient, η = 1.5 from 5: 5 · (−0.5)
    assert low <= lowest and high >= highest


@settings(max_examples=500, deadline=None)
@given(
    mantissa=st.integers(1, 2**20),
    exponent=st.integers(-1000, 900),
    n=st.integers(1, 2**20),
)
def test_p3_float64_a_whole_number_of_exact_steps_lands_on_zero(mantissa, exponent, n):
    """η = m·2^e and w₁ = nη with m·n ≤ 2^40 < 2^53: every w₁ − kη = (n − k)m·2^e is a
    double, so no subtraction is rounded and the plain walk ends on exactly 0 after n steps
    (and stays)."""
    eta = math.ldexp(mantissa, exponent)
    w1 = math.ldexp(mantissa * n, exponent)
    assert Fraction(w1) == n * Fraction(eta)  # both exact: m·n ≤ 2^40
    w = w1
    for _ in range(min(n, 64)):
        w = w - eta
    assert Fraction(w) == Fraction(w1) - min(n, 64) * Fraction(eta)  # no rounding on the way
    if n <= 64:
        assert w == 0.0 and w - eta * ((w > 0) - (w < 0)) == 0.0


def test_p3_float64_rounding_can_land_a_walk_exact_arithmetic_misses():
    eta = 5 / 79  # the double nearest 5/79
    assert (Fraction(5) / Fraction(eta)).denominator != 1  # 5 is not a whole number of steps
    w = Fraction(5)
    for _ in range(79):
        w = rnd(w - Fraction(eta))  # each subtraction rounded
    assert w == 0
    text = prose(page(P3))
    assert "the double nearest :math:`5/79`" in text and "the 79 rounded steps end on" in text


# -- plot_04: large steps -------------------------------------------------------------------------

P4 = "plot_04_"


def test_p4_first_iterates_are_exact_and_match_the_exact_table():
    run = page(P4)
    header = next(m for m in run.stdout.splitlines() if m.startswith("k "))
    etas = [Fraction(v) for v in re.findall(rf"η = ({NUMBER})", header)]
    rows = run.lines(rf"(\d+)((?:\s+{NUMBER})+)")
    assert [int(m[1]) for m in rows] == list(range(9))
    for m in rows:
        k = int(m[1])
        exact = [5 * (1 - eta) ** k for eta in etas]
        assert m[2].split() == [g(v, ".6g") for v in exact]
        # "every iterate is an exact binary number": numpy's iterates are the exact values.
        for eta, v in zip(etas, exact, strict=True):
            assert Fraction(run.namespace["paths"][float(eta)][k]) == v
    for m in run.lines(rf"η = ({NUMBER}): factor 1 − η = ({NUMBER}); exact zero in 8 steps: (.*)"):
        eta = Fraction(m[1])
        assert Fraction(m[2]) == 1 - eta
        assert m[3] == ("at step 1" if eta == 1 else "none")


rational_step = st.fractions(min_value=0, max_value=5).filter(lambda e: e > 0)


@settings(max_examples=300, deadline=None)
@given(eta=rational_step, w0=st.fractions(min_value=-10, max_value=10).filter(lambda w: w != 0))
def test_p4_exact_arithmetic_regimes_for_every_step(eta, w0):
    """(1 − η)^k w₀, k ≤ 40, in exact arithmetic: the five regimes of the page."""
    path = [w0 * (1 - eta) ** k for k in range(41)]
    if eta < 1:
        assert all(sign(p) == sign(w0) for p in path)
        assert all(abs(b) < abs(a) for a, b in itertools.pairwise(path))
    elif eta == 1:
        assert all(p == 0 for p in path[1:])
    elif eta < 2:
        assert all(sign(b) == -sign(a) != 0 for a, b in itertools.pairwise(path))
        assert all(abs(b) < abs(a) for a, b in itertools.pairwise(path))
    elif eta == 2:
        assert all(p == w0 * (-1) ** k for k, p in enumerate(path))
    else:
        assert all(abs(b) > abs(a) for a, b in itertools.pairwise(path))


def test_p4_step_two_is_plus_minus_five_for_ever_and_beyond_two_overflows():
    assert sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=2.0, n_steps=1)[1] == -5.0  # period 2
    with np.errstate(over="ignore"), pytest.raises(ValueError, match="not finite"):
        sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=2.5, n_steps=3000)


def test_p4_beyond_two_numpy_gives_infinity_then_nan_and_sparsenorm_an_error():
    """η = 2.5 from 5: what plain numpy and sparsenorm.penalty_descent hand the reader."""
    w, path = 5.0, [5.0]  # plain Python floats
    while len(path) <= 1747:
        w = w - 2.5 * w
        path.append(w)
    first_inf = next(k for k, v in enumerate(path) if math.isinf(v))
    first_nan = next(k for k, v in enumerate(path) if math.isnan(v))
    assert (first_inf, first_nan) == (1746, 1747)
    assert all(math.isfinite(v) for v in path[:1746]) and all(math.isnan(v) for v in path[1747:])
    w = np.float64(5.0)  # numpy scalars agree
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(1746):
            w = w - 2.5 * w
        assert np.isinf(w) and np.isnan(w - 2.5 * w)
    with np.errstate(over="ignore"), pytest.raises(ValueError, match="after step 1746"):
        sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=2.5, n_steps=3000)
    text = prose(page(P4))
    assert "infinite at step 1746 and NaN from step 1747 on" in text
    assert "stops with a ``ValueError`` at step 1746" in text


@settings(max_examples=300, deadline=None)
@given(
    alpha=st.fractions(min_value=0, max_value=100),
    z=st.fractions(min_value=-100, max_value=100),
    w=st.fractions(min_value=-100, max_value=100),
)
def test_p4_with_a_data_term_the_one_move_step_is_one_over_one_plus_alpha(alpha, z, w):
    eta = 1 / (1 + alpha)
    landed = w - eta * ((1 + alpha) * w - z)
    assert landed == z / (1 + alpha)  # the minimiser of ½(w − z)² + (α/2)w², whatever w
    assert (landed == 0) == (z == 0)


def test_p4_long_runs_against_plain_python_floats():
    run = page(P4)
    rows = run.lines(rf"\s*({NUMBER})\s+(step \d+|none)\s+({NUMBER}), ({NUMBER})")
    assert {0.75, 1.25, 1.5, 1.75} <= {float(m[1]) for m in rows}  # the ones the prose names
    for m in rows:
        step, w, path = float(m[1]), 5.0, [5.0]
        for _ in range(3000):
            w = w - step * w
            path.append(w)
        zeros = [k for k, v in enumerate(path) if v == 0]
        assert m[2] == (f"step {zeros[0]}" if zeros else "none")
        assert (m[3], m[4]) == (f"{path[-2]:.2g}", f"{path[-1]:.2g}")
    text = prose(run)
    assert "reach exactly zero at step 539" in text
    assert [m[2] for m in rows if float(m[1]) in (0.75, 1.25)] == ["step 539", "step 539"]


@settings(max_examples=200, deadline=None)
@given(
    eta=st.fractions(min_value=Fraction(1, 100), max_value=10, max_denominator=10**6),
    w0=st.fractions(min_value=0, max_value=20, max_denominator=10**6).filter(lambda w: w > 0),
)
def test_p4_l1_steps_reach_zero_exactly_when_the_start_is_a_whole_number_of_steps(eta, w0):
    """Exact arithmetic: w ← w − η·sign(w) hits 0 iff w₀/η is an integer."""
    w, hit = w0, False
    for _ in range(math.ceil(w0 / eta) + 3):
        w -= eta * sign(w)
        hit |= w == 0
    assert hit == ((w0 / eta).denominator == 1)


def test_p4_l1_table_the_5_over_3_miss_and_the_lucky_79():
    run = page(P4)
    rows = run.lines(
        rf"L1, η = ({NUMBER})\s+5/η = ({NUMBER})\s+first exact zero: (step \d+|none)\s+"
        rf"last two: ({NUMBER}), ({NUMBER})"
    )
    assert len(rows) == 5
    for m in rows:
        step = 5.0 / float(m[2])  # the page prints 5/η exactly (0.5, 1.25, 2.5, 5/3, 2 here)
        path = _subgradient_walk(5.0, step, 12)
        zeros = [k for k, v in enumerate(path) if v == 0]
        assert m[1] == f"{step:.4g}" and m[2] == f"{5.0 / step:g}"
        assert m[3] == (f"step {zeros[0]}" if zeros else "none")
        assert (m[4], m[5]) == (f"{path[-2]:.3g}", f"{path[-1]:.3g}")
    miss = _subgradient_walk(5.0, 5 / 3, 3)[3]
    assert 3e-16 < abs(miss) < 5e-16  # "miss zero by about 4 × 10⁻¹⁶"
    assert _subgradient_walk(5.0, 2.0, 6) == [5.0, 3.0, 1.0, -1.0, 1.0, -1.0, 1.0]

    def listed(label):
        ((text,),) = [m.groups() for m in run.lines(rf"{label}\s+n = \[(.*)\]")]
        return [int(v) for v in text.split(", ")]

    hits = [n for n in range(1, 101) if _subgradient_walk(5.0, 5 / n, n)[-1] == 0]
    dyadic = [
        n
        for n in range(1, 101)
        if Fraction(5, n).denominator & (Fraction(5, n).denominator - 1) == 0
    ]
    assert listed("exact 0 after n steps:") == hits
    assert listed("5/n exact in binary:") == dyadic
    assert listed("0 though 5/n rounded:") == sorted(set(hits) - set(dyadic)) == [79]
    # "(n = 2^j or 5·2^j)"
    assert dyadic == sorted({2**j for j in range(7)} | {5 * 2**j for j in range(5)})
    assert "plus :math:`n = 79`" in prose(run)


# -- plot_05: the data term -----------------------------------------------------------------------

P5 = "plot_05_"


@settings(max_examples=500, deadline=None)
@given(
    z=st.fractions(min_value=-100, max_value=100),
    alpha=st.fractions(min_value=0, max_value=100),
)
def test_p5_the_minimisers_for_every_z_and_alpha(z, alpha):
    """Exact: soft thresholding satisfies the optimality condition of ½(w − z)² + α|w| ..."""
    w = soft_threshold(z, alpha)
    if w != 0:
        assert w - z + alpha * sign(w) == 0
    else:
        assert abs(z) <= alpha  # 0 ∈ −z + [−α, α]
    assert (w == 0) == (abs(z) <= alpha)  # "exactly 0 for every |z| ≤ α", and only there
    # ... and z/(1 + α) is the stationary point of the L2 objective, zero only for z = 0.
    w2 = z / (1 + alpha)
    assert w2 - z + alpha * w2 == 0 and (w2 == 0) == (z == 0)


@settings(max_examples=500, deadline=None)
@given(z=st.floats(allow_nan=False, allow_infinity=False), alpha=st.floats(0, 1e300))
def test_p5_prox_l1_is_exactly_zero_when_and_only_when_abs_z_is_at_most_alpha(z, alpha):
    """The float implementation: x − clip(x, −α, α) is 0 iff |x| ≤ α (subnormals included)."""
    assert (sn.prox_l1(z, alpha) == 0) == (abs(z) <= alpha)


def test_p5_printed_minimisers():
    run = page(P5)
    rows = run.lines(rf"z = ({NUMBER}): L1 minimiser ({NUMBER}), L2 minimiser ({NUMBER})")
    alpha = Fraction(run.namespace["alpha"])
    strengths = []
    for m in rows:
        z = Fraction(m[1])
        assert (m[2], m[3]) == (g(soft_threshold(z, alpha), "g"), g(z / (1 + alpha), "g"))
        strengths.append(abs(z) <= alpha)
        if abs(z) > alpha:  # the strong pull separates L1 from L2 (z = 2, α = 1 did not)
            assert soft_threshold(z, alpha) != z / (1 + alpha)
    assert strengths == [True, False]  # "a weak pull and a strong one"


def _data_run(z, kind, alpha=1.0, eta=0.3, n_steps=40, w=5.0):
    """The page's three kinds of step, in plain Python floats."""
    path = [w]
    for _ in range(n_steps):
        if kind == "l2":
            w = w - eta * ((w - z) + alpha * w)
        elif kind == "l1_sub":
            w = w - eta * ((w - z) + alpha * ((w > 0) - (w < 0)))
        else:
            v = w - eta * (w - z)
            w = math.copysign(max(abs(v) - eta * alpha, 0.0), v) if abs(v) > eta * alpha else 0.0
        path.append(w)
    return path


def test_p5_step_summaries_against_plain_python_floats():
    run = page(P5)
    ns = run.namespace
    setting = {"alpha": ns["alpha"], "eta": ns["eta"], "n_steps": ns["n_steps"], "w": ns["w0"]}
    labels = {"L2 gradient": "l2", "L1 subgradient": "l1_sub", "L1 proximal": "l1_prox"}
    z = None
    seen = 0
    for line in run.stdout.splitlines():
        if m := re.fullmatch(rf"z = ({NUMBER})", line):
            z = float(m[1])
        elif m := re.fullmatch(
            rf"\s*(.+?): last 10 in \[({NUMBER}), ({NUMBER})\]; first exact 0: (.*)", line
        ):
            path = _data_run(z, labels[m[1]], **setting)
            tail = path[-10:]
            assert (m[2], m[3]) == (f"{min(tail):.4g}", f"{max(tail):.4g}")
            zeros = [k for k, v in enumerate(path) if v == 0]
            if zeros:
                stays = all(v == 0 for v in path[zeros[0] :])
                assert m[4] == f"step {zeros[0]}, {'stays' if stays else 'leaves'}"
            else:
                assert m[4] == "none"
            np.testing.assert_allclose(ns["runs"][z][labels[m[1]]], path, rtol=0, atol=1e-15)
            seen += 1
    assert seen == 6
    runs, alpha = ns["runs"], ns["alpha"]
    weak, strong = sorted(runs)
    assert abs(weak) < alpha < abs(strong)
    text = prose(run)
    # weak pull: proximal lands on 0 and stays, subgradient see-saws, L2 settles on z/(1 + α)
    assert runs[weak]["l1_prox"][-1] == 0
    tail = runs[weak]["l1_sub"][-10:]
    assert tail.min() < 0 < tail.max() and np.all(runs[weak]["l1_sub"] != 0)
    assert runs[weak]["l2"][-1] == pytest.approx(weak / (1 + alpha), abs=1e-12)
    assert f"z/(1 + \\alpha) = {weak / (1 + alpha):g}" in text
    # strong pull: L1 heads for z − α, L2 for z/(1 + α), and the two L1 paths coincide
    assert runs[strong]["l1_prox"][-1] == pytest.approx(strong - alpha, abs=1e-5)
    assert runs[strong]["l2"][-1] == pytest.approx(strong / (1 + alpha), abs=1e-12)
    assert f"z - \\alpha = {strong - alpha:g}" in text
    assert f"z/(1 + \\alpha) = {strong / (1 + alpha):g}" in text
    np.testing.assert_allclose(runs[strong]["l1_sub"], runs[strong]["l1_prox"], atol=1e-12)


@settings(max_examples=500, deadline=None)
@given(
    eta=st.fractions(min_value=0, max_value=10).filter(lambda e: e > 0),
    alpha=st.fractions(min_value=0, max_value=10),
    z=st.fractions(min_value=-10, max_value=10).filter(lambda z: z != 0),
)
def test_p5_a_subgradient_step_from_zero_moves_to_eta_z(eta, alpha, z):
    """Exact, every η > 0: with sign(0) = 0 (the penalty's own minimum-norm subgradient at 0),
    the step from 0 is to ηz ≠ 0, so for z ≠ 0 the iterate cannot stay at 0."""
    w = 0
    assert w - eta * ((w - z) + alpha * sign(w)) == eta * z != 0


@settings(max_examples=500, deadline=None)
@given(
    eta=st.fractions(min_value=0, max_value=1).filter(lambda e: e > 0),
    alpha=st.fractions(min_value=0, max_value=10).filter(lambda a: a > 0),
    share=st.fractions(min_value=-1, max_value=1).filter(lambda s: s != 0 and abs(s) != 1),
    w=st.fractions(min_value=-100, max_value=100),
)
def test_p3_p5_for_abs_z_below_alpha_subgradient_steps_jump_around_zero_for_ever(
    eta, alpha, share, w
):
    """Exact, 0 < |z| < α, 0 < η ≤ 1: one-step lemmas whose composition is the claim.

    While positive the iterate falls by at least η(α − |z|), while negative it rises by as much,
    and from 0 it moves to ηz ≠ 0: so it never settles, but keeps returning to 0 or crossing it
    (it need not change sign: see the cycle 0, ½, 0, … below).
    """
    z = share * alpha
    new = w - eta * ((w - z) + alpha * sign(w))
    gap = eta * (alpha - abs(z))
    if w > 0:
        assert new <= w - gap
    elif w < 0:
        assert new >= w + gap
    else:
        assert new == eta * z != 0


def test_p5_subgradient_steps_need_not_change_sign_and_with_z_0_can_land():
    """Why the prose says "coming back to zero or jumping across it", and the z = 0 example."""
    step = lambda w, z, eta, alpha: w - eta * ((w - z) + alpha * sign(w))  # noqa: E731
    half = Fraction(1, 2)
    w, path = Fraction(0), [Fraction(0)]
    for _ in range(6):  # α = 3/2, z = 1, η = ½: 0 < |z| < α, a cycle that never goes negative
        w = step(w, 1, half, Fraction(3, 2))
        path.append(w)
    assert path == [0, half, 0, half, 0, half, 0]
    w, path = Fraction(3), [Fraction(3)]
    for _ in range(5):  # z = 0, η = ½, α = 1: 3, 1, 0, 0, ...
        w = step(w, 0, half, 1)
        path.append(w)
    assert path == [3, 1, 0, 0, 0, 0]
    assert _data_run(0.0, "l1_sub", alpha=1.0, eta=0.5, n_steps=5, w=3.0) == [3, 1, 0, 0, 0, 0]
    assert ":math:`3, 1, 0, 0, \\dots`" in prose(page(P5))


@settings(max_examples=500, deadline=None)
@given(
    eta=st.fractions(min_value=0, max_value=10).filter(lambda e: e > 0),
    alpha=st.fractions(min_value=0, max_value=10),
    z=st.fractions(min_value=-20, max_value=20),
)
def test_p5_the_minimum_norm_element_of_the_objectives_subdifferential_stays_at_zero(
    eta, alpha, z
):
    """The other rule at the corner: the element of ∂F(0) = −z + [−α, α] nearest 0."""
    g = min(max(Fraction(0), -z - alpha), -z + alpha)
    assert (g == 0) == (abs(z) <= alpha)
    assert ((0 - eta * g) == 0) == (abs(z) <= alpha)  # the step from 0 stays exactly when |z| ≤ α


def _prox_step(w, z, eta, alpha):
    return soft_threshold(w - eta * (w - z), eta * alpha)


def _prox_step_float(w, z, eta, alpha):
    """The page's proximal step in plain Python floats (each operation rounded, binary64)."""
    v = w - eta * (w - z)
    t = alpha * eta
    return 0.0 if abs(v) <= t else math.copysign(abs(v) - t, v)


def _subgradient_step_float(w, z, eta, alpha):
    return w - eta * ((w - z) + alpha * ((w > 0) - (w < 0)))


_mantissas = st.one_of(
    st.floats(1, 2, exclude_max=True),
    st.integers(10, 99).map(lambda i: i / 10),
    st.integers(100, 999).map(lambda i: i / 100),
)


# mantissas just below 2, where ulp(α) is only about 2^-53·α (α just below a power of two)
_near_two = st.integers(1, 2**12).map(lambda k: 2 - k * 2.0**-52)


@st.composite
def _float_cases(draw, min_ulps=0, min_relative=0):
    """(w, z, η, α) in the range the page states, α − |z| ≥ min_ulps·ulp(α) and
    ≥ min_relative·2^-52·α, often a few ulps beyond that, α's mantissa often just below 2,
    ηα often (rounded) a power of two, and w often a small multiple of the rounding units that
    decide a stall."""
    mantissa = draw(st.one_of(_mantissas, _near_two))
    alpha = math.ldexp(mantissa, draw(st.integers(-1022, 999)))
    eta = draw(
        st.one_of(
            st.floats(2.0**-50, 1.0),
            st.integers(1, 100).map(lambda i: i / 100),
            st.integers(0, 50).map(lambda e: 2.0**-e),
            st.integers(0, 49).map(lambda e: 2.0**-e / mantissa),  # ηα ≈ a power of two
        )
    )
    assume(2.0**-50 <= eta <= 1 and alpha <= 2.0**1000 and alpha * eta >= SMALLEST_NORMAL)
    ulp = math.ulp(alpha)
    lowest = max(min_ulps, math.ceil(min_relative * 2.0**-52 * alpha / ulp))
    gap = draw(
        st.one_of(
            st.integers(lowest, lowest + 64).map(lambda j: j * ulp),
            st.floats(lowest * ulp, alpha),
        )
    )
    z = draw(st.sampled_from([1.0, -1.0])) * (alpha - gap)
    margin = Fraction(alpha) - abs(Fraction(z))
    assume(
        margin >= min_ulps * Fraction(ulp) and margin >= min_relative * EPS * 2 * Fraction(alpha)
    )
    t = alpha * eta
    unit = draw(st.sampled_from([ulp, math.ulp(t), math.ulp(t) / 2, ulp * eta, alpha]))
    w = draw(
        st.one_of(st.integers(1, 300).map(lambda i: i * unit), st.floats(-(2.0**1000), 2.0**1000))
    )
    assume(w != 0 and abs(w) <= 2.0**1000)
    return draw(st.sampled_from([1.0, -1.0])) * w, z, eta, alpha


EPS = Fraction(1, 2**53)  # the unit roundoff of binary64, ε = 2^-53
COUNTEREXAMPLE = (0.999, 0.999 - 2 * math.ulp(0.999), 0.0625 / 0.999)  # α, z = α − 2 ulp, η


@settings(max_examples=3000, deadline=None)
@given(case=_float_cases(min_relative=3))
@example(case=(2.0**-55, COUNTEREXAMPLE[1] - 4 * math.ulp(0.999), COUNTEREXAMPLE[2], 0.999))
def test_p5_float64_proximal_steps_strictly_shrink_w_with_a_margin_of_3_2_52_alpha(case):
    """α − |z| ≥ 3·2^-52·α, 2^-50 ≤ η ≤ 1, exact ηα ≥ 2^-1022, |w|, α ≤ 2^1000: |step(w)| < |w|,
    and each inequality of the page's proof holds, as exact rationals of the rounded values.

    A strictly shrinking sequence of floats reaches 0 (finitely many lie below |w₀|), and 0 is
    a fixed point (a later test): so the float64 iterates land on 0, as the page says.
    """
    w, z, eta, alpha = case
    assume(Fraction(eta) * Fraction(alpha) >= Fraction(SMALLEST_NORMAL))
    new = _prox_step_float(w, z, eta, alpha)
    assert abs(new) < abs(w)
    # the proof, for w > 0 (the step is odd in (w, z))
    if w < 0:
        w, z, new = -w, -z, -new
    e = EPS
    W, Z, H, A = (Fraction(x) for x in (w, z, eta, alpha))
    u, t = Fraction(w - eta * (w - z)), Fraction(alpha * eta)
    m = A - abs(Z)
    assert t >= (1 - e) * H * A
    assert abs(u) <= (1 + e) * (
        (1 - H) * W + H * abs(Z) + (2 * e + e**2) * H * (W + abs(Z)) + e * H * A
    )
    c = (1 + e) ** 2 * (1 - H * (1 - 2 * e - e**2))
    assert c < 1 and m >= 6 * e * A
    if abs(u) > t:
        assert abs(Fraction(new)) <= (1 + e) * (abs(u) - t)
        bound = c * W - H * m + (5 * e + 9 * e**2 + 5 * e**3 + e**4) * H * A
        assert (1 + e) * (abs(u) - t) <= bound < W
    else:
        assert new == 0


def test_p5_the_case_strategy_finds_a_two_ulp_stall_on_its_own():
    """The strategy above would have refuted a two-ulp claim: a seeded search finds a case with
    α − |z| ≥ 2 ulp(α) where a rounded step does not shrink |w| (α near 2, ηα a power of 2)."""
    import random

    from hypothesis import HealthCheck, find

    def stalls(case):
        w, z, eta, alpha = case
        return abs(_prox_step_float(w, z, eta, alpha)) >= abs(w)

    w, z, eta, alpha = find(
        _float_cases(min_ulps=2),
        stalls,
        settings=settings(
            max_examples=3000, database=None, suppress_health_check=list(HealthCheck)
        ),
        random=random.Random(0),
    )
    assert Fraction(alpha) - abs(Fraction(z)) >= 2 * Fraction(math.ulp(alpha))
    assert 2.0**-50 <= eta <= 1 and alpha * eta >= SMALLEST_NORMAL and w != 0
    assert abs(_prox_step_float(w, z, eta, alpha)) >= abs(w)


def test_p5_the_two_ulp_counterexample_stalls_where_exact_arithmetic_lands():
    alpha, z, eta = COUNTEREXAMPLE
    assert Fraction(alpha) - Fraction(z) == 2 * Fraction(math.ulp(alpha)) == Fraction(2, 2**53)
    assert alpha * eta == 2.0**-4  # rounded ηα a power of two
    assert 2.0**-50 <= eta <= 1 and Fraction(alpha) * Fraction(eta) >= Fraction(SMALLEST_NORMAL)
    w, exact, k_exact, k_float = alpha, Fraction(alpha), None, None
    for k in range(1, 1000):
        exact = _prox_step(exact, Fraction(z), Fraction(eta), Fraction(alpha))
        new = _prox_step_float(w, z, eta, alpha)
        if exact == 0 and k_exact is None:
            k_exact = k
        if new == w and k_float is None:
            k_float = k - 1
        w = new
    assert (k_exact, k_float, w) == (558, 563, 2.0**-55)
    assert float(sn.L1(alpha).prox(w - eta * (w - z), eta)) == w


@given(alpha=st.floats(2.0**-1000, 2.0**1000))
def test_p5_the_relative_margin_is_three_to_six_ulps(alpha):
    """3·2^-52·α lies in [3, 6) units of the last place of α (for normal α)."""
    ratio = 3 * Fraction(2) ** -52 * Fraction(alpha) / Fraction(math.ulp(alpha))
    assert 3 <= ratio < 6
    assert 6 * EPS == 3 * Fraction(2) ** -52


def test_p5_the_two_ulp_counterexample_on_the_page():
    run = page(P5)
    assert run.lines(r"rounded η·α = 2\*\*-4: True; margin = 2 ulp\(α\): True")
    ((k_exact,),) = [
        m.groups() for m in run.lines(r"exact arithmetic: first exact 0 at step (\d+)$")
    ]
    ((k_stuck, value, is_power),) = [
        m.groups()
        for m in run.lines(rf"float64: from step (\d+) on, w = ({NUMBER}) = 2\*\*-55: (\w+)")
    ]
    ((no_zero,),) = [m.groups() for m in run.lines(r"float64: no exact 0 in 700 steps: (\w+)")]
    # independent: exact rationals and the plain-float step (previous test)
    alpha, z, eta = COUNTEREXAMPLE
    exact, k = Fraction(alpha), 0
    while exact != 0:
        exact, k = _prox_step(exact, Fraction(z), Fraction(eta), Fraction(alpha)), k + 1
    floats = [alpha]
    for _ in range(700):
        floats.append(_prox_step_float(floats[-1], z, eta, alpha))
    stuck = next(j for j in range(700) if floats[j + 1] == floats[j])
    assert int(k_exact) == k == 558
    assert (int(k_stuck), value, is_power, no_zero) == (
        stuck,
        f"{floats[stuck]:.4g}",
        str(floats[stuck] == 2.0**-55),
        str(0.0 not in floats),
    )
    text = prose(run)
    for phrase in (
        "Two units are not enough either",
        ":math:`\\alpha - |z| \\ge 3 \\cdot 2^{-52}\\,\\alpha`",
        "Between two units and the margin below, what happens in general we have not settled",
        "(5\\epsilon + 9\\epsilon^2 + 5\\epsilon^3 + \\epsilon^4)",
        "c = (1 + \\epsilon)^2\\,(1 - \\eta(1 - 2\\epsilon - \\epsilon^2)) < 1",
    ):
        assert phrase in text, phrase
    assert "2\\,\\mathrm{ulp}(\\alpha)` (with" not in text


def test_p5_float64_relative_margin_seeded_sweep():
    """The one-step fact on a million seeded cases near the tie, with α's mantissa near 2 and
    ηα a power of two in the mix (numpy, same arithmetic); two ulps there find stalls."""
    rng = np.random.default_rng(0)
    n = 1_000_000
    mantissa = np.where(
        rng.random(n) < 0.5, rng.uniform(1, 2, n), 2 - rng.integers(1, 4096, n) * 2.0**-52
    )
    alpha = np.ldexp(mantissa, rng.integers(-900, 900, n))
    eta = np.where(
        rng.random(n) < 0.5, rng.integers(1, 101, n) / 100, np.ldexp(1.0, -rng.integers(0, 51, n))
    )
    eta = np.where(rng.random(n) < 0.3, rng.uniform(2.0**-50, 1.0, n), eta)
    eta = np.where(rng.random(n) < 0.4, np.ldexp(1.0, -rng.integers(0, 50, n)) / mantissa, eta)
    ulp = np.spacing(alpha)
    sign = rng.choice([-1.0, 1.0], n)
    lowest = np.ceil(3 * 2.0**-52 * alpha / ulp)
    z = (alpha - (lowest + rng.integers(0, 8, n)) * ulp) * sign
    t = alpha * eta
    unit = np.choose(rng.integers(0, 4, n), [ulp, np.spacing(t), np.spacing(t) / 2, ulp * eta])
    w = rng.integers(1, 4096, n) * unit * rng.choice([-1.0, 1.0], n)
    keep = (alpha - np.abs(z) >= 3 * 2.0**-52 * alpha) & (t >= 2 * SMALLEST_NORMAL) & (w != 0)
    keep &= (eta >= 2.0**-50) & (eta <= 1)
    w, z, eta, alpha, t, sign, ulp = (x[keep] for x in (w, z, eta, alpha, t, sign, ulp))
    assert keep.mean() > 0.9

    def step(z):
        v = w - eta * (w - z)
        return np.where(np.abs(v) <= t, 0.0, np.where(v > 0, v - t, v + t))

    assert np.all(np.abs(step(z)) < np.abs(w))
    # ... and margins of two ulps, and of one, find stalls (|step(w)| = |w|)
    for j in (2, 1):
        assert np.any(np.abs(step((alpha - j * ulp) * sign)) >= np.abs(w))


@settings(max_examples=300, deadline=None)
@given(case=_float_cases(min_ulps=1))
def test_p5_the_plain_float_step_is_the_pages_step(case):
    w, z, eta, alpha = case
    page_step = float(sn.L1(alpha).prox(w - eta * (w - z), eta))
    assert page_step == _prox_step_float(w, z, eta, alpha)


@settings(max_examples=1000, deadline=None)
@given(
    alpha=st.floats(0, 2.0**1000),
    z=st.floats(-(2.0**1000), 2.0**1000),
    eta=st.floats(0, 2.0**20),
)
def test_p5_float64_a_proximal_step_from_zero_stays_at_zero_for_abs_z_up_to_alpha(alpha, z, eta):
    """From 0 the step computes fl(η·z) and compares it with fl(η·α): monotone rounding."""
    assume(abs(z) <= alpha)
    assert _prox_step_float(0.0, z, eta, alpha) == 0.0
    assert float(sn.L1(alpha).prox(0.0 - eta * (0.0 - z), eta)) == 0.0


@pytest.mark.parametrize(
    ("alpha", "z", "eta"),
    [
        (5.0, math.nextafter(5.0, 0.0), 0.1),
        (10.0, 9.999999999999998, 0.1),
        (0.7, 0.6999999999999998, 0.1),
        (0.7, 0.6999999999999998, 0.2),
        (6.25, 6.249999999999999, 0.1),
    ],
)
def test_p5_one_ulp_below_alpha_float64_can_stall_where_exact_arithmetic_lands(alpha, z, eta):
    assert alpha - z == math.ulp(alpha)  # a margin of one unit in the last place
    w, exact = alpha, Fraction(alpha)
    for _ in range(2000):
        w = _prox_step_float(w, z, eta, alpha)
        exact = _prox_step(exact, Fraction(z), Fraction(eta), Fraction(alpha))
    assert exact == 0
    assert w > 0 and _prox_step_float(w, z, eta, alpha) == w  # a positive fixed point


def test_p5_exact_and_float64_runs_near_the_tie():
    run = page(P5)
    ((k_exact, stays),) = [
        m.groups()
        for m in run.lines(r"exact arithmetic: first exact 0 at step (\d+); 0 to step 400: (\w+)")
    ]
    ((no_zero,),) = [m.groups() for m in run.lines(r"float64: no exact 0 in 400 steps: (\w+)")]
    ((k_stuck, value, is_power),) = [
        m.groups()
        for m in run.lines(rf"float64: from step (\d+) on, w = ({NUMBER}) = 2\*\*-52: (\w+)")
    ]
    alpha, z, eta = 5.0, math.nextafter(5.0, 0.0), 0.1
    floats, exact = [5.0], [Fraction(5)]
    for _ in range(400):
        floats.append(_prox_step_float(floats[-1], z, eta, alpha))
        exact.append(_prox_step(exact[-1], Fraction(z), Fraction(eta), Fraction(alpha)))
    first_zero = exact.index(0)
    assert (int(k_exact), stays) == (first_zero, "True") == (345, "True")
    assert all(v == 0 for v in exact[first_zero:])
    assert no_zero == str(0.0 not in floats) == "True"
    stuck = next(k for k in range(400) if floats[k + 1] == floats[k])
    assert int(k_stuck) == stuck == 343 and len(set(floats[stuck:])) == 1
    assert (value, is_power) == (f"{2.0**-52:.4g}", "True") and floats[-1] == 2.0**-52
    assert 5.0 - z == math.ulp(5.0) == 2.0**-50
    text = prose(run)
    assert ":math:`z = 5 - 2^{-50}`" in text and ":math:`\\mathrm{ulp}(5) = 2^{-50}`" in text
    assert "stops on :math:`2^{-52}`" in text
    for condition in (
        "\\alpha - |z| \\ge 3 \\cdot 2^{-52}\\,\\alpha",
        "2^{-50} \\le \\eta \\le 1",
        "|w|, \\alpha \\le 2^{1000}",
        "the exact :math:`\\eta\\alpha \\ge 2^{-1022}` (normal)",
    ):
        assert condition in text, condition


def test_p5_a_minute_step_can_stall_far_from_zero():
    eta, alpha, z, w = 1e-17, 1.0, 0.0, 5.0
    assert w - eta * w == w and w - eta * alpha == w
    assert _prox_step_float(w, z, eta, alpha) == w
    assert float(sn.L1(alpha).prox(w - eta * (w - z), eta)) == w
    assert ":math:`\\eta = 10^{-17}`" in prose(page(P5))


@settings(max_examples=800, deadline=None)
@given(case=_float_cases(min_ulps=1), zero=st.booleans())
def test_p5_float64_subgradient_steps_never_settle_for_abs_z_below_alpha(case, zero):
    """0 < |z| < α, 2^-50 ≤ η ≤ 1, η|z| normal: down while positive, up while negative, and
    from 0 to fl(η·z) ≠ 0, in binary64 too. So the iterate never settles."""
    w, z, eta, alpha = case
    assume(z != 0 and abs(eta * z) >= SMALLEST_NORMAL)
    if zero:
        w = 0.0
    new = _subgradient_step_float(w, z, eta, alpha)
    if w > 0:
        assert new < w
    elif w < 0:
        assert new > w
    else:
        assert new == eta * z != 0
    page_step = float(w - eta * ((w - z) + sn.L1(alpha).subgradient(w)))
    assert page_step == new


@st.composite
def _subgradient_float_cases(draw):
    """(w, z, η, α) over the whole float64 range the page states: 0 < |z| < α (down to the
    float just below α, also when α is a power of two), 2^-50 ≤ η ≤ 1, ηα and η|z| normal,
    α ≤ 2^1000, |w| ≤ 2^1001, w any float there, often a few rounding units of the numbers
    involved."""
    alpha = math.ldexp(draw(_mantissas), draw(st.integers(-1022, 1000)))
    eta = draw(
        st.one_of(
            st.floats(2.0**-50, 1.0),
            st.integers(1, 100).map(lambda i: i / 100),
            st.integers(0, 50).map(lambda e: 2.0**-e),
        )
    )
    below = alpha - math.nextafter(alpha, 0.0)  # the spacing just below α
    z = draw(
        st.one_of(
            st.integers(1, 64).map(lambda j: alpha - j * below),
            st.floats(0.0, alpha, exclude_min=True, exclude_max=True),
        )
    )
    z *= draw(st.sampled_from([1.0, -1.0]))
    assume(0 < abs(z) < alpha <= 2.0**1000)
    # the page's condition is on the exact products, not on their rounded values
    assume(Fraction(alpha) * Fraction(eta) >= SMALLEST_NORMAL)
    assume(Fraction(abs(z)) * Fraction(eta) >= SMALLEST_NORMAL)
    unit = draw(st.sampled_from([below, math.ulp(abs(z)), math.ulp(eta * alpha), alpha - abs(z)]))
    w = draw(
        st.one_of(
            st.just(0.0),
            st.integers(-300, 300).map(lambda i: i * unit),
            st.floats(-(2.0**1001), 2.0**1001),
        )
    )
    assume(abs(w) <= 2.0**1001)
    return w, z, eta, alpha


@settings(max_examples=3000, deadline=None)
@given(case=_subgradient_float_cases())
def test_p5_float64_subgradient_steps_never_settle_in_the_stated_range(case):
    """The page's float64 range: down while positive, up while negative, from 0 to fl(ηz) ≠ 0.
    The step is computed in exact rationals with each operation rounded (an independent
    emulation of numpy's separately rounded operations), and compared with the page's step."""
    w, z, eta, alpha = case
    q = rnd(Fraction(w) - rnd(Fraction(eta) * rnd(rnd(Fraction(w) - Fraction(z))
                                                  + Fraction(alpha) * sign(w))))  # fmt: skip
    if w > 0:
        assert q < w
    elif w < 0:
        assert q > w
    else:
        assert q == rnd(Fraction(eta) * Fraction(z)) != 0
    assert float(w - eta * ((w - z) + sn.L1(alpha).subgradient(w))) == float(q)
    assert abs(q) <= 2**1001  # "a step never leaves that range"


def test_p5_float64_subgradient_range_is_on_the_exact_products():
    # Rounded products at 2^-1022 but the exact η|z| below it: the step from 2^-1074 settles,
    # so the range must be stated (and filtered above) on the exact products.
    eta, alpha = 2.0**-50, 2.0**-972
    z, w = math.nextafter(alpha, 0.0), 2.0**-1074
    assert eta * alpha == eta * z == SMALLEST_NORMAL  # rounded: both normal
    assert Fraction(eta) * Fraction(z) < SMALLEST_NORMAL  # exact: below the range
    assert float(w - eta * ((w - z) + sn.L1(alpha).subgradient(w))) == w  # a fixed point
    assert "the exact products" in prose(page(P5))


def test_p5_float64_subgradient_steps_outside_the_range_can_settle():
    run = page(P5)
    ((from_zero,),) = [
        m.groups() for m in run.lines(rf"z = 2\*\*-1074, η = 0\.5, from 0: ({NUMBER})")
    ]
    ((from_five,),) = [m.groups() for m in run.lines(rf"z = 0\.6, η = 1e-17, from 5: ({NUMBER})")]
    # 2^-1075 is halfway between 0 and 2^-1074: round to nearest even gives 0
    assert (
        Fraction(1, 2) * Fraction(TINY) == Fraction(1, 2**1075) and rnd(Fraction(1, 2**1075)) == 0
    )
    assert (
        float(from_zero) == 0.0 == float(rnd(Fraction(0) - rnd(Fraction(1, 2) * Fraction(TINY))))
    )
    # η((5 − z) + α) is below half the spacing of the floats at 5, so 5 is a fixed point
    step = rnd(Fraction(1e-17) * rnd(rnd(Fraction(5) - Fraction(0.6)) + 1))
    assert step < Fraction(math.ulp(5.0)) / 2 and rnd(5 - step) == 5 and float(from_five) == 5.0
    text = prose(run)
    for condition in ("2^{-50} \\le \\eta \\le 1", "|w|, \\alpha \\le 2^{1000}",
                      "z = 2^{-1074}", "\\eta = 10^{-17}"):  # fmt: skip
        assert condition in text, condition


@settings(max_examples=500, deadline=None)
@given(
    eta=st.fractions(min_value=0, max_value=2).filter(lambda e: e > 0) | st.just(Fraction(2)),
    alpha=st.fractions(min_value=0, max_value=10).filter(lambda a: a > 0),
    share=st.fractions(min_value=-1, max_value=1),
    w=st.fractions(min_value=-100, max_value=100),
)
def test_p5_proximal_steps_reach_zero_in_finitely_many_steps_when_abs_z_below_alpha(
    eta, alpha, share, w
):
    """Exact, for 0 < η ≤ 2 (η = 2 included) and |z| < α, the pages' claim via one-step lemmas.

    (a) contraction: |step(w)| ≤ |1 − η||w| (0 is the fixed point, prox is non-expansive);
    (b) progress: step(w) = 0 or |step(w)| ≤ |w| − η(α − |z|);
    (c) stay: step(0) = 0 when |z| ≤ α.
    So |w| falls by a fixed amount until it is 0, within ⌈|w₀| / (η(α − |z|))⌉ steps; the
    composition is also run.
    """
    z = share * alpha
    new = _prox_step(w, z, eta, alpha)
    assert abs(new) <= abs(1 - eta) * abs(w)
    assert _prox_step(Fraction(0), z, eta, alpha) == 0
    if abs(z) < alpha:
        margin = eta * (alpha - abs(z))
        assert new == 0 or abs(new) <= abs(w) - margin
        bound = math.ceil(abs(w) / margin)
        if bound <= 200:
            v = w
            for _ in range(bound):
                v = _prox_step(v, z, eta, alpha)
            assert v == 0


def test_p5_p6_beyond_step_two_proximal_steps_can_run_away():
    """η = 2 still lands (|1 − η| = 1, the margin does the work); η = 3 from 10 runs away."""
    w, path = Fraction(10), []
    for _ in range(3):
        w = _prox_step(w, Fraction(0), Fraction(3), Fraction(1))
        path.append(w)
    assert path == [-17, 31, -59]
    assert "-17, 31, -59, \\dots" in prose(page(P5))
    w, path = Fraction(5), []
    for _ in range(3):
        w = _prox_step(w, Fraction(9, 10), Fraction(2), Fraction(1))
        path.append(w)
    assert path == [Fraction(-6, 5), 1, 0]
    for prefix in (P5, P6):
        text = prose(page(prefix))
        assert "0 < \\eta \\le 2" in text
        assert "proximal steps with :math:`0 < \\eta \\le 1`" not in text.replace("P", "p")
    for doc in ("index.rst", "quick_tour.md"):
        text = re.sub(r"\s+", " ", (ROOT / "docs" / doc).read_text(encoding="utf-8"))
        assert "0 < \\eta \\le 2" in text and "0 < \\eta \\le 1$ its iterates" not in text
        assert "proximal steps with :math:`0 < \\eta \\le 1`" not in text


# -- plot_06: what makes the zeros ----------------------------------------------------------------

P6 = "plot_06_"


def test_p6_slope_table():
    run = page(P6)
    rows = run.lines(rf"\s*({NUMBER})\s+(\d+\.\d{{4}})\s+(\d+)\s+({NUMBER})\s+({NUMBER})")
    assert len(rows) == 4
    for m in rows:
        eps = Fraction(m[1])
        delta = eps / 10
        # drop / δ: exactly 1 for ℓ1; (2εδ − δ²)/δ = 2ε − δ for the squared norm
        assert (m[2], m[3]) == (g(1, ".4f"), "1")
        assert m[4] == g(2 * eps - delta, ".4g") and m[5] == g(2 * eps, "g")


def test_p6_l1_rate_is_1_in_exact_arithmetic_and_to_12_decimals_in_float64():
    """Exact: ((1 + ε) − (1 + ε − δ)) / δ = 1. Float64 (plain Python floats, each operation
    rounded): the table's ε agree with 1 to N decimals, N printed and quoted; much smaller ε
    do not (cancellation), so the page must not say "at every size" of the float values."""
    run = page(P6)
    errors = []
    for eps_float in (0.5, 0.1, 0.01, 0.001):
        eps = Fraction(eps_float)
        delta = eps / 10
        assert ((1 + eps) - (1 + (eps - delta))) / delta == 1
        d = eps_float / 10
        errors.append(abs(((1.0 + eps_float) - (1.0 + (eps_float - d))) / d - 1))
    decimals = max(n for n in range(17) if Fraction(max(errors)) < Fraction(1, 2 * 10**n))
    ((worst, printed),) = [
        m.groups()
        for m in run.lines(rf"largest \|ℓ1 rate - 1\| = ({NUMBER}): equal to 1 to (\d+) decimals")
    ]
    assert worst == f"{max(errors):.2g}" and int(printed) == decimals == 12
    text = prose(run)
    assert "exactly :math:`1` in exact arithmetic" in text
    assert (
        f"with :math:`1` to {decimals} decimals for the :math:`\\varepsilon` in the table" in text
    )
    assert "up to rounding in the last digits" not in text
    for eps_float, far in [(1e-12, 1e-3), (1e-14, 0.1), (1e-15, 1)]:  # cancellation
        d = eps_float / 10
        assert abs(((1.0 + eps_float) - (1.0 + (eps_float - d))) / d - 1) > far


@settings(max_examples=300, deadline=None)
@given(
    eps=st.fractions(min_value=0, max_value=1).filter(lambda e: e > 0),
    share=st.fractions(min_value=0, max_value=1).filter(lambda s: s > 0),
)
def test_p6_explanation_1_drop_is_delta_times_the_slope_to_first_order(eps, share):
    delta = share * eps
    drop = (1 + eps**2) - (1 + (eps - delta) ** 2)
    assert drop == 2 * eps * delta - delta**2 == delta * (2 * eps) - delta**2
    assert abs(drop / delta - 2 * eps) == delta  # the first-order error is δ itself


def test_p6_one_sided_slopes_and_minimiser_table():
    run = page(P6)
    slopes = {
        m[1]: m[2] for m in run.lines(rf"\s*(\w+): \(p\(h\) - p\(0\)\) / h = ({NUMBER})\s.*")
    }
    alpha, h = Fraction(run.namespace["alpha"]), Fraction(run.namespace["h"])
    assert slopes == {"L1": g(alpha, ".3g"), "SquaredL2": g(alpha * h / 2, ".3g")}
    notes = {m[1]: m[2] for m in run.lines(rf"\s*(\w+): .* = {NUMBER} = (.*)  \(h = .*\)")}
    assert notes == {"L1": "α", "SquaredL2": "αh/2, going to 0 with h"}
    # the grid search: spacing 10⁻⁴ (up to rounding) and the exact 0.0 among its points
    grid = run.namespace["w_grid"]
    assert np.count_nonzero(grid == 0.0) == 1
    np.testing.assert_allclose(np.diff(grid), 1e-4, rtol=0, atol=1e-14)
    assert "a search over a grid of spacing :math:`10^{-4}` that contains :math:`0`" in prose(run)
    table = run.stdout.split("L2 grid\n")[1].split("lasso")[0]
    rows = [
        re.fullmatch(rf"\s*({NUMBER})" + rf"\s+({NUMBER})" * 4, line)
        for line in table.splitlines()
    ]
    for m in rows:
        z = Fraction(m[1])
        l1, l2 = g(soft_threshold(z, alpha), ".4g"), g(z / (1 + alpha), ".4g")
        assert m.groups()[1:] == (l1, l1, l2, l2)
    # "two inside the dead zone, one outside"
    assert [abs(Fraction(m[1])) <= alpha for m in rows] == [True, True, False]


def test_p6_coordinate_descent_zeros_match_scikit_learn():
    sklearn = pytest.importorskip("sklearn.linear_model")
    run = page(P6)
    ns = run.namespace
    X, y, lasso_alpha, n, p = ns["X"], ns["y"], ns["lasso_alpha"], ns["n"], ns["p"]
    reference = sklearn.Lasso(alpha=lasso_alpha, fit_intercept=False, tol=1e-12, max_iter=100_000)
    reference.fit(X, y)
    np.testing.assert_array_equal(ns["w"] == 0, reference.coef_ == 0)
    np.testing.assert_allclose(ns["w"], reference.coef_, atol=1e-8)
    ridge = sklearn.Ridge(alpha=n * lasso_alpha, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(ns["ridge"], ridge.coef_, rtol=1e-10)
    ((lasso_zeros, ridge_zeros),) = [
        m.groups() for m in run.lines(rf"exact zeros: lasso (\d+) of {p}, ridge (\d+) of {p}")
    ]
    assert int(lasso_zeros) == np.count_nonzero(reference.coef_ == 0)
    assert int(ridge_zeros) == np.count_nonzero(ridge.coef_ == 0) == 0
    # "three relevant features out of eight": the simulated coefficients in the page's code
    source = run.source
    literals = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.List):
            with contextlib.suppress(ValueError):
                literals.append(ast.literal_eval(node))
    (truth,) = [v for v in literals if len(v) == p]
    assert (len(truth), np.count_nonzero(truth)) == (8, 3) == (p, 3)
    assert "three relevant features out of eight" in prose(run)


def test_p6_key_picture_is_the_landing_pages_figure():
    index = (ROOT / "docs" / "index.rst").read_text(encoding="utf-8")
    tour = (ROOT / "docs" / "quick_tour.md").read_text(encoding="utf-8")
    (image,) = re.findall(
        r"figure:: auto_examples/why_l1/images/(sphx_glr_(\w+)_(\d{3})\.png)", index
    )
    name, number = image[1] + ".py", int(image[2])
    assert name.startswith(P6) and image[0] in tour
    fig = run_page(name).figures[number - 1]
    assert fig.label.startswith("Four stacked panels")  # objectives, minimiser, walks (log)
    assert ":alt: Four stacked panels" in index
    # The thumbnail the gallery shows for the page is the key picture too.
    assert f"# sphinx_gallery_thumbnail_number = {number}" in run_page(name).source


def test_p6_alt_text_calls_the_squared_norm_the_l2_penalty():
    labels = [f.label for f in page(P6).figures]
    (label,) = [lab for lab in labels if lab.startswith("The slope at zero of the L1 penalty")]
    assert "The L2 penalty's slope at zero is a flat line at 0" in label
    assert not any("squared L2 penalty" in lab for lab in labels)


def _mcp(w, lam, gamma):
    """MCP in closed form: λ|w| − w²/(2γ) for |w| ≤ γλ, γλ²/2 beyond."""
    w = abs(w)
    return lam * w - w * w / (2 * gamma) if w <= gamma * lam else gamma * lam * lam / 2


@settings(max_examples=300, deadline=None)
@given(
    lam=st.fractions(min_value=Fraction(1, 10), max_value=10),
    gamma=st.fractions(min_value=Fraction(1, 10), max_value=10),
    share=st.fractions(min_value=-3, max_value=3),
)
def test_p6_for_a_non_convex_penalty_the_slope_at_0_decides_only_locally_and_not_at_a_tie(
    lam, gamma, share
):
    """MCP (slope λ at 0⁺): for |z| ≠ λ the slope test says whether 0 is a local minimiser;
    at |z| = λ it says nothing (γ < 1: not a local minimiser; γ > 1: a local minimiser)."""
    z = share * lam
    objective = lambda w: (w - z) ** 2 / 2 + _mcp(w, lam, gamma)  # noqa: E731
    # For |w| ≤ γλ on the side of z, F(w) − F(0) = |w|(λ − |z|) + c·w², c = 1/2 − 1/(2γ), (on
    # the other side λ + |z| replaces λ − |z|): for small enough |w| the first term decides ...
    c = Fraction(1, 2) - 1 / (2 * gamma)
    margin = abs(lam - abs(z))
    h = gamma * lam / 2
    if margin and c:
        h = min(h, margin / (2 * abs(c)))
    if margin:
        local = all(objective(w) > objective(0) for w in (h, -h, h / 7, -h / 7))
        escapes = any(objective(w) < objective(0) for w in (h, -h, h / 7, -h / 7))
        assert local == (abs(z) < lam) and escapes == (abs(z) > lam)
    else:  # ... and at the tie only the curvature 1/2 − 1/(2γ) decides
        side = h if z > 0 else -h
        assert (objective(side) < objective(0)) == (gamma < 1)


@settings(max_examples=500, deadline=None)
@given(
    alpha=st.fractions(min_value=0, max_value=100),
    z=st.fractions(min_value=-100, max_value=100).filter(lambda z: z != 0),
    power=st.sampled_from(["square", "three halves"]),
)
def test_p6_a_penalty_flat_at_zero_has_no_dead_zone_squared_or_not(alpha, z, power):
    """p = (α/2)w² and p = α|w|^{3/2}: for every z ≠ 0 some small w of the sign of z beats 0,
    so 0 is not even a local minimiser. Exact: w = sign(z)·t² makes |w|^{3/2} = t³."""

    def penalty(w, t):
        return alpha / 2 * w * w if power == "square" else alpha * t**3

    objective = lambda w, t: (w - z) ** 2 / 2 + penalty(w, t)  # noqa: E731
    t = min(abs(z) / (2 * alpha + 2), Fraction(1))
    for shrink in (1, 2, 10, 1000):  # ... and every smaller w tried beats 0 too
        s = t / shrink
        w = sign(z) * s * s
        assert objective(w, s) < objective(Fraction(0), Fraction(0))
    text = prose(page(P6))
    assert "squaring that removes" not in text
    assert ":math:`\\alpha|w|^{3/2}`, which is not quadratic" in text
    assert "not a square" not in text  # every non-negative function is a square


def test_p6_non_convex_tie_example_and_the_wording():
    lam, z = Fraction(1), Fraction(1)  # |z| = p'(0⁺) = λ
    small = Fraction(1, 100)
    for gamma, local in [(Fraction(1, 2), False), (Fraction(2), True)]:
        objective = lambda w, g=gamma: (w - z) ** 2 / 2 + _mcp(w, lam, g)  # noqa: E731
        assert (objective(small) > objective(0)) == local
    text = prose(page(P6))
    assert "when :math:`|z| \\neq p'(0^+)` it decides whether :math:`0` is a *local*" in text
    assert "at :math:`|z| = p'(0^+)` it decides nothing" in text
    # the interval [−p'(0⁺), p'(0⁺)] needs a symmetric penalty with a one-sided slope at 0
    nonconvex = text.split("(For a non-convex penalty")[1].split("it decides nothing")[0]
    assert "symmetric about :math:`0` and has a one-sided slope :math:`p'(0^+)`" in nonconvex
    assert "must at least equal" in text and "must match" not in text
    # the paragraph that mentions other penalties links the general rule
    convex = text.split("for every convex penalty symmetric")[1].split("L1 penalty, :math:")[0]
    assert "sphx_glr_auto_examples_beyond_plot_8_the_general_rule.py" in convex


def _flat(text):
    """Text with comment marks, reST/MyST maths markup and line breaks removed."""
    text = re.sub(r"^\s*# ?", "", text, flags=re.M)
    text = re.sub(r":math:`([^`]*)`", r"\1", text).replace("$", "")
    return re.sub(r"\s+", " ", text)


def test_claims_about_iterated_steps_state_their_conditions():
    """Every "never settle" names 0 < |z| < α and 0 < η ≤ 1 (what the lemmas above prove), and
    every "proximal ... finitely many steps" names its arithmetic."""
    texts = {prefix: _flat(page(prefix).source) for prefix in (P3, P5, P6)}
    for doc in ("index.rst", "quick_tour.md"):
        texts[doc] = _flat((ROOT / "docs" / doc).read_text(encoding="utf-8"))
    settle = finitely = 0
    for name, text in texts.items():
        sentences = re.split(r"(?<=[.:;])\s+(?=[A-Z*(])", text)
        for i, sentence in enumerate(sentences):
            context = " ".join(sentences[max(0, i - 1) : i + 1])
            if "never settle" in sentence:
                settle += 1
                assert "0 < |z| < \\alpha" in context, (name, sentence)
                assert "0 < \\eta \\le 1" in context or ("2^{-50} \\le \\eta \\le 1" in context), (
                    name,
                    sentence,
                )
            if "proximal" in sentence and "finitely many steps" in sentence:
                finitely += 1
                following = " ".join(sentences[i : i + 2])
                assert "exact arithmetic" in following, (name, sentence)
    assert settle >= 5 and finitely >= 5
    for text in texts.values():  # the overstatements the review found
        assert "proximal steps land on it and stay:" not in text
        assert "they jump back and forth across zero instead of stopping" not in text


# -- docs/quick_tour.md ---------------------------------------------------------------------------


@functools.cache
def tour_outputs():
    text = (ROOT / "docs" / "quick_tour.md").read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\} python\n(.*?)```", text, flags=re.S)
    namespace, outputs = {}, []
    for cell in cells:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(cell, "quick_tour.md", "exec"), namespace)
        outputs.append(out.getvalue())
    return text, outputs


def test_tour_has_the_notation_label_and_no_floating_point_curiosity():
    text, _ = tour_outputs()
    assert "(notation)=\n## Notation" in text
    assert "smallest positive" not in text and "subnormal" not in text
    assert text.count(":::{figure}") >= 2 and text.count(":alt:") == text.count(":::{figure}")


def test_tour_minimisers():
    _, outputs = tour_outputs()
    lines = dict(line.split(":", 1) for line in outputs[0].splitlines())
    z = [Fraction(v) for v in lines["z            "].strip(" []").split()]
    l1 = [float(v) for v in lines["L1 minimiser "].strip(" []").split()]
    l2 = [float(v) for v in lines["L2 minimiser "].strip(" []").split()]
    assert l1 == [float(soft_threshold(v, 1)) for v in z]
    assert l2 == pytest.approx([float(v / 2) for v in z], abs=5e-9)
    assert all(v != 0 for v in l2)  # "no L2 weight is zero"
    # "(2 against 1.5 for z = 3)": the prose's numbers against exact minimisers of the two
    # one-weight objectives, found without the closed forms: ½(w − z)² + |w| by its optimality
    # condition on each side of 0, ½(w − z)² + ½w² by its vanishing derivative.
    text, _ = tour_outputs()
    m = re.search(rf"\(\$({NUMBER})\$ against \$({NUMBER})\$ for \$z = ({NUMBER})\$\)", text)
    quoted_l1, quoted_l2, zq = (Fraction(v) for v in m.groups())
    w_plus = zq - 1  # w > 0: w − z + 1 = 0
    assert w_plus > 0 and quoted_l1 == w_plus
    assert quoted_l2 == zq / 2  # w − z + w = 0
    assert abs(zq) > 1  # "outside the dead zone"
    row = z.index(zq)
    assert (Fraction(l1[row]), Fraction(l2[row])) == (quoted_l1, quoted_l2)


def test_tour_explanation_lines():
    _, outputs = tour_outputs()
    eps, delta = Fraction("0.1"), Fraction("0.05")
    expected = {
        "big": (delta, 2 * delta - delta**2),
        "small": (delta, 2 * eps * delta - delta**2),
    }
    rows = re.findall(
        rf"shrink the\s+(\w+) entry: ℓ1 drops by ({NUMBER}), ℓ2² by ({NUMBER})", outputs[1]
    )
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        k: (g(a, ".4f"), g(b, ".4f")) for k, (a, b) in expected.items()
    }
    l1_line, l2_line = outputs[2].splitlines()
    assert l1_line == "L1: " + " ".join(f"{float(5 - Fraction(k, 2)):g}" for k in range(11))
    assert l2_line == "L2: " + " ".join(f"{float(Fraction(5, 2**k)):.4g}" for k in range(11))
    printed = re.fullmatch(r"L1 from 5\.2: \[(.*)\]", outputs[3].strip())[1]
    assert [float(v) for v in printed.split()] == pytest.approx(
        _subgradient_walk(5.2, 0.5, 14)[-4:], abs=5e-4
    )


@given(
    eps=st.fractions(Fraction(1, 10**6), Fraction(1, 2)),
    share=st.fractions(Fraction(1, 10**6), Fraction(1)),
)
def test_tour_the_small_entrys_drop_against_the_big_ones(eps, share):
    """(2εδ − δ²)/(2δ − δ²) = (2ε − δ)/(2 − δ) < 1 for 0 < δ ≤ ε < 1; ε/(2 − ε) at δ = ε."""
    delta = share * eps
    big, small = 2 * delta - delta**2, 2 * eps * delta - delta**2
    assert small / big == (2 * eps - delta) / (2 - delta) < 1
    at_zero = (2 * eps * eps - eps**2) / (2 * eps - eps**2)
    assert at_zero == eps / (2 - eps)
    text, _ = tour_outputs()
    flat = _flat(text)
    assert "compared with the same shrinkage on a big entry" in flat
    assert "(2\\varepsilon - \\delta)/(2 - \\delta) times the big one's" in flat
    assert "\\varepsilon/(2 - \\varepsilon) times for \\delta = \\varepsilon" in flat


def test_tour_p6_state_the_proved_float64_margin_and_not_a_complete_list():
    tour = _flat(tour_outputs()[0])
    assert "\\alpha - |z| \\ge 3 \\cdot 2^{-52}\\alpha" in tour
    assert "two rounding units of \\alpha" not in tour  # the disproved two-ulp range
    assert "margin of one or two rounding units the iterate can stay stuck" in tour
    assert "exceptions it shows (among them" in tour and "its exceptions (" not in tour
    p6 = _flat(page(P6).source)
    assert "one or two rounding units can leave it stuck" in p6
    assert "\\alpha - |z| \\ge 3 \\cdot 2^{-52}\\alpha" in p6
    # the two stalls the pages point to: one ulp (α = 5) and two ulps (the counterexample)
    for alpha, z, eta in [(5.0, math.nextafter(5.0, 0.0), 0.1), COUNTEREXAMPLE]:
        w = alpha
        for _ in range(1000):
            w = _prox_step_float(w, z, eta, alpha)
        assert w > 0 and _prox_step_float(w, z, eta, alpha) == w
        assert Fraction(alpha) - Fraction(z) <= 2 * Fraction(math.ulp(alpha))


def test_index_many_zeros_for_a_large_enough_alpha():
    """The landing page's first claim names its condition; scikit-learn's Lasso (not this
    library) shows it: every coefficient exactly 0 at α = ‖Xᵀy‖∞/n, none at a small α."""
    from sklearn.linear_model import Lasso

    text = _flat((ROOT / "docs" / "index.rst").read_text(encoding="utf-8"))
    assert "to a loss, for a large enough \\alpha, and many coefficients" in text
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 8))
    y = X @ rng.standard_normal(8) + 0.1 * rng.standard_normal(50)
    alpha_max = np.max(np.abs(X.T @ y)) / len(y)
    assert np.all(Lasso(alpha=alpha_max).fit(X, y).coef_ == 0)
    assert np.all(Lasso(alpha=1e-4 * alpha_max).fit(X, y).coef_ != 0)


def test_about_says_how_each_number_is_backed():
    text = _flat((ROOT / "docs" / "about.rst").read_text(encoding="utf-8"))
    assert (
        "is either printed by the page's code when the site is built or written in its prose, "
        "and each is checked by a test against an independent computation" in text
    )
    assert "(and checked by a test)" not in text


DOCS = [ROOT / "docs" / name for name in ("index.rst", "quick_tour.md", "about.rst")]


def test_landing_page_and_about_credit_both_answers():
    for doc in DOCS:
        assert "45643" in doc.read_text(encoding="utf-8")
    about = re.sub(r"\s+", " ", (ROOT / "docs" / "about.rst").read_text(encoding="utf-8"))
    assert "an answer to that question; the repost we follow does not name its author" in about
    assert "https://stats.stackexchange.com/a/159379" in about and "Kent Munthe Caspersen" in about
    assert "licensed CC BY-SA" in about


def _sources_text():
    folders = [ROOT / "shared" / "sources", ROOT.parent / "shared" / "sources"]
    return "".join(p.read_text(encoding="utf-8") for f in folders for p in f.glob("*.md"))


def test_every_stack_exchange_link_is_one_the_sources_name():
    """Answer 45644 appears in no source and could not be checked offline: no page links it.
    Every Stack Exchange post a page links is one the sources name (by its number)."""
    sources = _sources_text()
    link = re.compile(r"https://(?:stats|dsp)\.stackexchange\.com/(?:questions|a)/(\d+)")
    pages = [*GALLERY.glob("*.py"), *DOCS]
    found = set()
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "45644" not in text, path
        for number in link.findall(text):
            found.add(number)
            if sources:
                assert number in sources, (path, number)
    assert {"45643", "159379"} <= found
    if sources:
        assert "45644" not in sources
        assert "stats.stackexchange.com/questions/45643" in sources and "159379" in sources


def test_explanation_1_is_credited_as_an_answer_to_the_question():
    for path in [
        GALLERY / "plot_01_explanation1_big_vs_small.py",
        GALLERY / "plot_06_the_kink_makes_the_zeros.py",
        ROOT / "docs" / "quick_tour.md",
        ROOT / "docs" / "about.rst",
    ]:
        text = re.sub(r"\s+|#", " ", path.read_text(encoding="utf-8"))
        text = re.sub(r"\s+", " ", text)
        assert "the repost we follow does not name its author" in text, path
        assert "does not name them" not in text and "credited to its author" not in text, path


def test_no_author_name_that_the_sources_do_not_give():
    """The sources name the author of answer 159379 only; answer 45644 is credited by link."""
    sources = _sources_text()
    for path in [*GALLERY.glob("*.py"), *DOCS]:
        text = path.read_text(encoding="utf-8")
        assert "bnaul" not in text.lower(), path
    if sources:  # the shared sources (../shared beside the checkout, or shared/ in it)
        assert "Kent Munthe Caspersen" in sources and "bnaul" not in sources.lower()


def test_about_credits_the_explorables_libraries_with_their_licences():
    import json

    about = re.sub(r"\s+", " ", (ROOT / "docs" / "about.rst").read_text(encoding="utf-8"))
    assert "Every figure is redrawn with matplotlib" not in about
    assert "Every static figure is redrawn with matplotlib" in about
    licences = {}
    for package in ("vega", "vega-lite", "vega-embed"):
        manifest = ROOT / "docs" / "node_modules" / package / "package.json"
        if manifest.is_file():  # installed with npm ci --prefix docs
            licences[package] = json.loads(manifest.read_text(encoding="utf-8"))["license"]
    assert set(licences.values()) <= {"BSD-3-Clause"}
    assert "`vega-embed <https://github.com/vega/vega-embed>`__ (each BSD-3-Clause" in about
    assert "`Vega-Altair <https://altair-viz.github.io/>`__ (BSD-3-Clause)" in about
    assert "`Vega <https://vega.github.io/vega/>`__" in about
    assert "`Vega-Lite <https://vega.github.io/vega-lite/>`__" in about


def test_about_gives_the_stack_exchange_licence_without_pinning_a_version():
    about = (ROOT / "docs" / "about.rst").read_text(encoding="utf-8")
    # Posts of 2011-04-08 to 2018-05-02 are CC BY-SA 3.0, later ones 4.0: no single version.
    assert "by-sa/4.0" not in about and "by-sa/3.0" not in about
    assert "in the version shown on each post" in about
    assert "https://stats.stackexchange.com/help/licensing" in about


def _solve_exact(a, b):
    """Gauss–Jordan elimination in Fractions: the solution of a·x = b (a invertible)."""
    n = len(b)
    m = [[Fraction(v) for v in row] + [Fraction(b[i])] for i, row in enumerate(a)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if m[r][col] != 0)
        m[col], m[pivot] = m[pivot], m[col]
        m[col] = [v / m[col][col] for v in m[col]]
        for r in range(n):
            if r != col and m[r][col] != 0:
                m[r] = [v - m[r][col] * u for v, u in zip(m[r], m[col], strict=True)]
    return [row[-1] for row in m]


def _matvec(a, v):
    return [sum(x * y for x, y in zip(row, v, strict=True)) for row in a]


def _gram(X):
    cols = [list(c) for c in zip(*X, strict=True)]
    return [[sum(a * b for a, b in zip(ci, cj, strict=True)) for cj in cols] for ci in cols]


def _ridge_exact(X, y, alpha):
    """argmin ½‖y − Xw‖² + (α/2)‖w‖²: solve (XᵀX + αI) w = Xᵀy exactly."""
    gram = _gram(X)
    lhs = [[v + (alpha if i == j else 0) for j, v in enumerate(row)] for i, row in enumerate(gram)]
    return _solve_exact(lhs, _matvec([list(c) for c in zip(*X, strict=True)], y))


small_rationals = st.fractions(min_value=-5, max_value=5, max_denominator=4)


@settings(max_examples=200, deadline=None)
@given(
    X=st.lists(st.lists(small_rationals, min_size=3, max_size=3), min_size=4, max_size=4),
    y=st.lists(small_rationals, min_size=4, max_size=4),
    alpha=st.fractions(min_value=Fraction(1, 8), max_value=8, max_denominator=8),
    zero=st.integers(0, 3),
)
def test_ridge_coefficient_is_zero_exactly_when_the_pull_at_the_fit_is_zero(X, y, alpha, zero):
    """The landing page and the tour: the fit balances x_jᵀ(y − Xw) against αw_j, so w_j = 0
    exactly when that pull is 0. For zero < 3, y is built so that w_zero = 0 (else w_j = 0 is
    rare): y = X(t + u) with t_zero = 0 and XᵀX u = αt makes t the ridge solution."""
    if zero < 3:
        target = [Fraction(k + 1) if k != zero else Fraction(0) for k in range(3)]
        try:
            u = _solve_exact(_gram(X), [alpha * t for t in target])
        except StopIteration:  # XᵀX singular: no such y from this construction
            assume(False)
        y = _matvec(X, [t + v for t, v in zip(target, u, strict=True)])
    w = _ridge_exact(X, y, alpha)
    if zero < 3:
        assert w == target and w[zero] == 0
    residual = [yi - fit for yi, fit in zip(y, _matvec(X, w), strict=True)]
    pull = _matvec([list(c) for c in zip(*X, strict=True)], residual)
    for j in range(3):
        assert pull[j] == alpha * w[j]
        assert (w[j] == 0) == (pull[j] == 0)


def test_a_ridge_zero_need_not_have_a_zero_pull_at_w_equal_0():
    """Correlated features: w₂ = 0 while x₂ᵀy ≠ 0, so "pull at w = 0" would be false."""
    X, y, alpha = [[1, 0], [1, 1]], [2, 1], Fraction(1)
    w = _ridge_exact(X, y, alpha)
    assert w == [1, 0]
    assert sum(row[1] * yi for row, yi in zip(X, y, strict=True)) == 1  # x₂ᵀy ≠ 0
    for doc in ("index.rst", "quick_tour.md"):
        text = re.sub(r"\s+", " ", (ROOT / "docs" / doc).read_text(encoding="utf-8"))
        assert "pull on it at the fitted model" in text, doc
        assert "x_j^\\top (y - Xw)" in text, doc


# -- plot_03: the descent explorable -------------------------------------------------------------


def _walk_in_python_floats(series, w, step, n_steps):
    """One of the explorable's four walks in plain Python floats (each operation rounded)."""
    path = [w]
    for _ in range(n_steps):
        if series == "L1, subgradient":
            w = w - step * ((w > 0) - (w < 0))
        elif series == "L1, proximal":  # soft thresholding: max(|w| - eta, 0) with w's sign
            w = math.copysign(max(abs(w) - step, 0.0), w)
        elif series == "L2, gradient":
            w = w - step * w
        else:  # L2, proximal: w / (1 + eta)
            w = w / (1 + step)
        path.append(w)
    return path


def test_p3_explorable_grid_and_every_iterate_it_stores():
    ns = page(P3).namespace
    assert ns["starts"].tolist() == [k / 2 for k in range(1, 11)]
    assert ns["step_sizes"].tolist() == [j / 10 for j in range(1, 16)]  # the doubles nearest
    assert ns["k_max"] == 20
    walks = ns["iterates"]
    assert len(walks) == 10 * 15 * 4
    for row in walks:
        path = _walk_in_python_floats(row["s"], row["w0"], row["eta"], 20)
        assert row["w"] == [float(f"{w:.6g}") for w in path]
        # six significant digits keep every exact zero, and make no other value 0
        assert [w == 0 for w in row["w"]] == [w == 0 for w in path]


def test_p3_explorable_eta_one_tenth_from_one():
    # "after ten plain L1 steps the weight is 1.4e-16, not 0 (ten rounded subtractions of the
    # double nearest 0.1), and from there it alternates for ever between that and about -0.1;
    # the proximal L1 walk takes the same ten steps, then lands on exactly 0 at step 11"
    plain = _walk_in_python_floats("L1, subgradient", 1.0, 0.1, 20)
    # the same subtractions, each rounded, in exact rational arithmetic
    w = Fraction(1)
    for _ in range(10):
        w = rnd(w - Fraction(0.1))
    assert plain[10] == w == Fraction(1.3877787807814457e-16) and f"{plain[10]:.2g}" == "1.4e-16"
    assert Fraction(1) - 10 * Fraction(0.1) < 0 < plain[10]  # it is the rounding, not 0.1
    a, b = plain[10], plain[10] - 0.1
    assert b + 0.1 == a and abs(b + 0.1) < 1e-15  # a 2-cycle: a, b, a, b, ... for ever
    assert plain[10:] == [a, b] * 5 + [a]
    proximal = _walk_in_python_floats("L1, proximal", 1.0, 0.1, 20)
    assert proximal[:11] == plain[:11]
    assert proximal[11:] == [0.0] * 10 and min(abs(w) for w in proximal[:11]) > 0
    # the page's data hold these walks
    ns = page(P3).namespace
    stored = {r["s"]: r["w"] for r in ns["iterates"] if (r["w0"], r["eta"]) == (1.0, 0.1)}
    assert stored["L1, subgradient"][10] == 1.38778e-16 and stored["L1, proximal"][11] == 0


@settings(max_examples=300, deadline=None)
@given(w=st.floats(allow_nan=False, allow_infinity=False))
def test_p3_explorable_one_l2_step_with_eta_one_gives_exactly_zero(w):
    assert w - 1.0 * w == 0
    assert sn.penalty_descent(sn.SquaredL2(1.0), w, 1.0, 1)[-1] == 0


def test_p3_explorable_count_of_exact_zeros_after_20_steps():
    # The printed counts, and the prose's "only where" / "exactly where" over the whole grid:
    # plain L1 only where w1 is a whole number of steps of an exact binary eta (1/2, 1, 3/2),
    # proximal L1 exactly where 20 eta >= w1, plain L2 only for eta = 1, proximal L2 nowhere.
    run = page(P3)
    counts = {m[1]: int(m[2]) for m in run.lines(r"(L[12], \w+)\s+(\d+)")}
    assert run.lines(r"walk\s+exactly 0 after 20 steps, in settings \(of 150\)")
    found = dict.fromkeys(counts, 0)
    for start, j in itertools.product([Fraction(k, 2) for k in range(1, 11)], range(1, 16)):
        eta = Fraction(j, 10)  # the slider's value; the walk uses the double nearest it
        binary = Fraction(float(eta)) == eta
        assert binary == (j in (5, 10, 15))
        whole = (start / eta).denominator == 1
        expected = {
            "L1, subgradient": binary and whole,
            "L1, proximal": 20 * eta >= start,
            "L2, gradient": eta == 1,
            "L2, proximal": False,
        }
        for series, zero in expected.items():
            path = _walk_in_python_floats(series, float(start), float(eta), 20)
            assert (path[-1] == 0) == zero, (series, start, eta)
            found[series] += zero
    assert counts == found == {"L1, subgradient": 18, "L1, proximal": 142,
                               "L2, gradient": 10, "L2, proximal": 0}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    w=st.fractions(min_value=-100, max_value=100, max_denominator=1000),
    eta=st.fractions(min_value=0, max_value=10, max_denominator=1000),
)
def test_p3_explorable_proximal_steps_are_the_minimisers_the_prose_names(w, eta):
    # prox of eta L at w, the minimiser of (u - w)^2 / 2 + eta L(u): for L1 max(|w| - eta, 0)
    # with the sign of w (0 is in u - w + eta d|u|), for L2 = u^2 / 2, w / (1 + eta)
    u = sign(w) * max(abs(w) - eta, 0)
    if u != 0:
        assert u - w + eta * sign(u) == 0
    else:
        assert abs(w) <= eta  # -w in eta [-1, 1]
    v = w / (1 + eta)
    assert v - w + eta * v == 0  # the derivative of the strictly convex objective vanishes
    # and sparsenorm's proximal step computes these formulas, as the plain float walk does
    wf, ef = float(w), float(eta)
    for series, penalty in (("L1, proximal", sn.L1(1.0)), ("L2, proximal", sn.SquaredL2(1.0))):
        step = sn.penalty_descent(penalty, wf, ef, 1, method="proximal")[-1]
        assert step == _walk_in_python_floats(series, wf, ef, 1)[-1]


def test_p3_explorable_static_figure_alt_text():
    # "both L1 walks reach exactly zero at step 10 and stay there; the L2 gradient walk halves
    # at every step and the L2 proximal walk divides by 1.5 at every step, both approaching zero
    # without reaching it in 20 steps" (from 5 with step 1/2)
    for series in ("L1, subgradient", "L1, proximal"):
        path = _walk_in_python_floats(series, 5.0, 0.5, 20)
        assert path[:10] == [5 - k / 2 for k in range(10)] and path[10:] == [0.0] * 11
    halving = _walk_in_python_floats("L2, gradient", 5.0, 0.5, 20)
    assert [Fraction(w) for w in halving] == [Fraction(5, 2**k) for k in range(21)]
    divided = _walk_in_python_floats("L2, proximal", 5.0, 0.5, 20)
    assert all(b == a / 1.5 for a, b in itertools.pairwise(divided)) and divided[-1] > 0
    assert divided[-1] == pytest.approx(5 / 1.5**20, rel=1e-13)
    for fig in page(P3).figures:
        if fig.label.startswith("Four walks"):
            assert fig.width <= 5 and fig.smallest_font >= 12
            break
    else:
        raise AssertionError("the explorable's static figure is missing")


def test_p3_explorable_spec_matches_the_browser_test_and_is_json():
    # the controls tests/browser/test_explorables.py drives (names, ranges, series), and a
    # specification that docs/_ext/sngallery.py can embed (json.dumps with allow_nan=False)
    import json

    spec = page(P3).namespace["explorable"].to_dict()
    json.dumps(spec, allow_nan=False)
    params = {p["name"]: p for p in spec["params"]}
    bind = {name: (p["bind"]["min"], p["bind"]["max"], p["bind"]["step"])
            for name, p in params.items() if "bind" in p}  # fmt: skip
    assert bind == {"w0": (0.5, 5, 0.5), "eta": (0.1, 1.5, 0.1), "k": (0, 20, 1)}
    assert (params["w0"]["value"], params["eta"]["value"], params["k"]["value"]) == (5, 0.5, 10)
    rows = spec["datasets"]["iterates"]
    assert {r["s"] for r in rows} == {
        "L1, subgradient", "L1, proximal", "L2, gradient", "L2, proximal"}  # fmt: skip
    text = prose(page(P3))
    assert "1.4 \\times 10^{-16}" in text and "at step 11" in text


# -- ridge: the vector shrinks, a coefficient need not -------------------------------------------


def _ridge_from_gram(gram, b, alpha):
    """argmin ½wᵀGw − bᵀw + (α/2)‖w‖² in exact arithmetic: (G + αI) w = b."""
    lhs = [[v + (alpha if i == j else 0) for j, v in enumerate(row)] for i, row in enumerate(gram)]
    return _solve_exact(lhs, b)


def test_a_ridge_coefficient_can_grow_and_change_sign_as_alpha_grows():
    """XᵀX = [[1, .95], [.95, 1]] and y fitted exactly by w = (1, −0.2): w₂ goes −0.102,
    +0.180, +0.264 at α = 0.01, 0.1, 0.5 (sign change, then growth) while ‖w‖₂ falls."""
    gram = [[Fraction(1), Fraction(95, 100)], [Fraction(95, 100), Fraction(1)]]
    b = _matvec(gram, [Fraction(1), Fraction(-1, 5)])
    path = {a: _ridge_from_gram(gram, b, Fraction(a)) for a in ("0.01", "0.1", "0.5")}
    assert [round(float(w[1]), 3) for w in path.values()] == [-0.102, 0.180, 0.264]
    norms = [sum(v * v for v in w) for w in path.values()]
    assert norms[0] > norms[1] > norms[2]
    # the same with scikit-learn's Ridge (no intercept), whose α is our α: X with this Gram
    sklearn = pytest.importorskip("sklearn.linear_model")
    X = np.linalg.cholesky(np.array([[1, 0.95], [0.95, 1]])).T
    y = X @ np.array([1, -0.2])
    for a, w in path.items():
        coef = sklearn.Ridge(alpha=float(a), fit_intercept=False).fit(X, y).coef_
        np.testing.assert_allclose(coef, [float(v) for v in w], rtol=1e-10)


@settings(max_examples=200, deadline=None)
@given(
    X=st.lists(st.lists(small_rationals, min_size=3, max_size=3), min_size=4, max_size=4),
    y=st.lists(small_rationals, min_size=4, max_size=4),
    alphas=st.lists(
        st.fractions(min_value=0, max_value=20, max_denominator=16).filter(lambda a: a > 0),
        min_size=2,
        max_size=2,
        unique=True,
    ),
)
def test_the_ridge_norm_falls_as_alpha_grows(X, y, alphas):
    """‖w(α)‖₂² = Σ_k c_k² / (λ_k + α)² in the eigenbasis of XᵀX: it falls strictly as α grows
    whenever Xᵀy ≠ 0 (w ≠ 0), in exact arithmetic."""
    small, large = sorted(alphas)
    gram, b = _gram(X), _matvec([list(c) for c in zip(*X, strict=True)], y)
    w_small, w_large = (_ridge_from_gram(gram, b, a) for a in (small, large))
    n_small, n_large = (sum(v * v for v in w) for w in (w_small, w_large))
    if any(v != 0 for v in b):
        assert n_large < n_small
    else:
        assert n_large == n_small == 0


@settings(max_examples=200, deadline=None)
@given(
    X=st.lists(st.lists(small_rationals, min_size=3, max_size=3), min_size=4, max_size=4),
    y=st.lists(small_rationals, min_size=4, max_size=4),
)
def test_a_ridge_coefficient_zero_at_three_alphas_is_zero_for_every_alpha(X, y):
    """With p = 3 features, w_j(α) = (polynomial of degree ≤ 2) / det(XᵀX + αI): zero at three
    values of α means zero for every α > 0, so no coefficient is held at zero over a range of
    α unless it is zero for every α. Checked: at six α, each coefficient is zero at ≤ 2 of
    them or at all six."""
    gram, b = _gram(X), _matvec([list(c) for c in zip(*X, strict=True)], y)
    alphas = [Fraction(k, 4) for k in (1, 2, 3, 5, 8, 13)]
    paths = [_ridge_from_gram(gram, b, a) for a in alphas]
    for j in range(3):
        zeros = sum(w[j] == 0 for w in paths)
        assert zeros <= 2 or zeros == len(alphas)


def test_a_ridge_coefficient_can_be_zero_for_every_alpha():
    """The exception the pages name: a column orthogonal to y and to the other columns."""
    X, y = [[1, 0], [0, 1], [1, 0]], [1, 0, 2]
    for alpha in (Fraction(1, 10), Fraction(1), Fraction(10)):
        assert _ridge_exact(X, y, alpha)[1] == 0


def test_pages_say_the_ridge_vector_shrinks_not_each_coefficient():
    for doc in ("index.rst", "quick_tour.md"):
        text = _flat((ROOT / "docs" / doc).read_text(encoding="utf-8"))
        assert "the vector shrinks (\\|w\\|_2 falls as \\alpha grows, whenever w \\neq 0)" in text
        assert "can grow or change sign" in text
        assert "unless it is zero for every \\alpha" in text
        assert "instead and they shrink" not in text and "(ridge) they shrink" not in text


def test_scikit_learn_objectives_name_the_intercept():
    for doc in ("index.rst", "quick_tour.md"):
        text = _flat((ROOT / "docs" / doc).read_text(encoding="utf-8"))
        assert "without intercept or with centred X and y" in text, doc
        assert re.search("an intercept by default|by default it also fits an intercept", text), doc


def test_about_skglm_methods_and_esl_sections():
    about = _flat((ROOT / "docs" / "about.rst").read_text(encoding="utf-8"))
    assert "``prox_1d``" in about and "``value``, ``prox``," not in about
    # the sources place figure 3.11 and the log-prior reading in §3.4.3, and give no section
    # for figures 3.8, 3.10, 3.12, 3.13 or table 3.4
    sources = _sources_text()
    if sources:
        assert "§3.4.3, Fig. 3.11" in sources and "ESL §3.4.3 on priors" in sources
    assert about.count("§3.4") == 1
    assert "in §3.4.3, figure 3.11 (the diamond and the disk) and the reading of" in about
    assert "figure 3.8 (ridge coefficient profiles), figure 3.10 (lasso coefficient" in about


# -- review 3: scopes, bounds and the key picture's numbers --------------------------------------


def test_the_ridge_claims_are_scoped_to_least_squares_and_fail_for_another_loss():
    """F(w) = |1 − w₁| + |1 − w₁ − w₂| + (α/2)‖w‖² has w = (1, 0) for every α ∈ (0, 1]: its
    ‖w‖₂ does not fall and w₂ is held at zero over a range of α without being zero for every α
    (at α = 2 it is not). So the pages must scope those claims to the least-squares loss."""

    def certificate(w1, w2, alpha):
        # 0 ∈ ∂F(w): −s₁ − s₂ + αw₁ = 0 and −s₂ + αw₂ = 0, s_i ∈ ∂|·| at the residuals
        r1, r2 = 1 - w1, 1 - w1 - w2
        s2 = alpha * w2
        s1 = alpha * w1 - s2

        def ok(s, r):
            return s == sign(r) if r != 0 else abs(s) <= 1

        return ok(s1, r1) and ok(s2, r2)

    for k in range(1, 65):
        assert certificate(Fraction(1), Fraction(0), Fraction(k, 64))  # F convex: a minimiser
    # ‖w‖₂ = 1 over all of (0, 1]; at α = 2 the minimiser is (3/4, 1/4), so w₂ was held at 0
    # over a range of α without being 0 for every α
    assert not certificate(Fraction(1), Fraction(0), Fraction(2))
    assert certificate(Fraction(3, 4), Fraction(1, 4), Fraction(2))
    for doc in ("index.rst", "quick_tour.md"):
        text = _flat((ROOT / "docs" / doc).read_text(encoding="utf-8"))
        shrink = text.index("the vector shrinks")
        assert "least-squares loss" in text[max(0, shrink - 200) : shrink + 400], doc
        assert "other losses need not behave so" in text, doc


def _l1_rate_float(eps):
    """Plain Python floats, as the page's rate: each sum and the division rounded."""
    d = eps / 10
    return ((1.0 + eps) - (1.0 + (eps - d))) / d, d


@settings(max_examples=2000, deadline=None)
@given(eps=st.floats(min_value=2.0**-30, max_value=1.0))
def test_p6_the_subtraction_is_exact_and_the_rate_error_is_at_most_about_2_52_over_delta(eps):
    """Sterbenz: b ≤ a ≤ 2b makes a − b exact. The error comes from rounding 1 + ε and
    1 + fl(ε − δ) (≤ 2⁻⁵³ each, both in [1, 2]), fl(ε − δ) (≤ 2⁻⁵³(ε − δ)) and the division
    (relative ≤ 2⁻⁵³): |rate − 1| ≤ (2⁻⁵²/δ + 2⁻⁵³(ε − δ)/δ)(1 + 2⁻⁵³) + 2⁻⁵³, about 2⁻⁵²/δ."""
    d = eps / 10
    a, b = 1.0 + eps, 1.0 + (eps - d)
    assert b <= a <= 2 * b and Fraction(a) - Fraction(b) == Fraction(a - b)
    rate, d = _l1_rate_float(eps)
    u = Fraction(1, 2**53)
    bound = (2 * u / Fraction(d) + u * Fraction(eps - d) / Fraction(d)) * (1 + u) + u
    assert abs(Fraction(rate) - 1) <= bound
    assert bound <= Fraction(2**-52) / Fraction(d) * Fraction(11, 10) + 11 * u  # "about"


def test_p6_the_rate_errors_of_the_table_against_the_bound_and_not_monotone():
    run = page(P6)
    table = [0.5, 0.1, 0.01, 0.001]
    errors = [abs(_l1_rate_float(e)[0] - 1) for e in table]
    np.testing.assert_array_equal(run.namespace["l1_errors"], errors)
    # the bound is of the right size: some ε of the table uses at least a third of 2⁻⁵²/δ
    assert max(err / (2.0**-52 / (e / 10)) for err, e in zip(errors, table, strict=True)) > 1 / 3
    # "smaller for ε = 0.001 than for 0.01"
    assert errors[3] < errors[2]
    text = prose(run)
    assert "smaller for :math:`\\varepsilon = 0.001` than for :math:`0.01`" in text
    assert "up to about :math:`2^{-52}/\\delta`" in text and "Sterbenz" in text
    assert "more of them the smaller" not in text


def _exact_data_run(z, kind, alpha, eta, n_steps, w):
    """The page's steps in exact arithmetic (on the float values of z, α, η, w₀)."""
    z, alpha, eta, w = (Fraction(v) for v in (z, alpha, eta, w))
    path = [w]
    for _ in range(n_steps):
        if kind == "l2":
            w = w - eta * ((w - z) + alpha * w)
        else:  # l1_prox; with w > 0 throughout, the subgradient step is the same
            w = soft_threshold(w - eta * (w - z), eta * alpha)
        path.append(w)
    return path


def test_p5_alt_text_says_head_for_and_the_iterates_do_not_settle_in_forty_steps():
    run = page(P5)
    ns = run.namespace
    (label,) = [f.label for f in run.figures if f.label.startswith("Two panels of forty steps")]
    tour = (ROOT / "docs" / "quick_tour.md").read_text(encoding="utf-8")
    (tour_alt,) = re.findall(r":alt: (Forty steps from 5 on the objective with data\..*)", tour)
    alpha, eta, n_steps, w0 = ns["alpha"], ns["eta"], ns["n_steps"], ns["w0"]
    weak, strong = sorted(ns["runs"])
    for text in (label, tour_alt):
        assert "settle" not in text
        (m,) = re.findall(
            rf"L2 iterate heads for ({NUMBER})\. For data ({NUMBER}) the L1 iterates head for "
            rf"({NUMBER}) and the L2 iterate for ({NUMBER})\.",
            text,
        )
        assert Fraction(m[0]) == Fraction(str(weak)) / (1 + Fraction(alpha))
        assert Fraction(m[1]) == Fraction(str(strong))
        assert Fraction(m[2]) == Fraction(str(strong)) - Fraction(alpha)
        assert Fraction(m[3]) == Fraction(str(strong)) / (1 + Fraction(alpha))
    # in exact arithmetic the strong-pull iterates approach their limits, never reaching them
    for kind, limit in [("l1_prox", strong - alpha), ("l2", strong / (1 + alpha))]:
        exact = _exact_data_run(strong, kind, alpha, eta, n_steps, w0)
        lim = Fraction(str(limit))
        gaps = [abs(w - lim) for w in exact]
        assert all(0 < b < a for a, b in itertools.pairwise(gaps)), kind
    # and the float64 runs have not settled at step 40: the L1 iterates are ≈ 2.0000019
    for kind in ("l1_prox", "l1_sub"):
        assert 1e-6 < ns["runs"][strong][kind][-1] - (strong - alpha) < 1e-5
    assert ns["runs"][weak]["l2"][-1] != weak / (1 + alpha)


@settings(max_examples=500, deadline=None)
@given(
    w=st.fractions(min_value=-10, max_value=10, max_denominator=64),
    eta=st.fractions(min_value=0, max_value=4, max_denominator=64),
    alpha=st.fractions(min_value=0, max_value=4, max_denominator=64),
)
def test_tour_an_l2_step_multiplies_by_1_minus_eta_alpha(w, eta, alpha):
    """The tour: a gradient step on (α/2)w² multiplies w by 1 − ηα; its regimes (zero at
    ηα = 1, sign flip for 1 < ηα < 2, same size at 2, growth beyond) are those of ηα, which the
    tour states for the article's α = 1. sparsenorm's step agrees up to float64 rounding."""
    exact = w - eta * (alpha * w)
    assert exact == w * (1 - eta * alpha)
    t = eta * alpha
    if w != 0:
        assert (exact == 0) == (t == 1)
        assert (sign(exact) == -sign(w) and abs(exact) < abs(w)) == (1 < t < 2)
        assert (abs(exact) == abs(w) and exact != w) == (t == 2)
        assert (abs(exact) > abs(w)) == (t > 2)
    got = sn.penalty_descent(sn.SquaredL2(float(alpha)), float(w), float(eta), 1)[-1]
    assert got == pytest.approx(float(exact), abs=1e-12 * (1 + abs(float(w))))


def test_tour_states_the_l2_factor_with_its_alpha():
    text = _flat((ROOT / "docs" / "quick_tour.md").read_text(encoding="utf-8"))
    assert "multiplies the weight by 1 - \\eta\\alpha" in text
    assert "(\\alpha = 1) that is 1 - \\eta, so in exact arithmetic" in text


@settings(max_examples=500, deadline=None)
@given(
    z=st.fractions(min_value=-4, max_value=4, max_denominator=32),
    c=st.fractions(min_value=0, max_value=3, max_denominator=32),
    d=st.fractions(min_value=0, max_value=3, max_denominator=32),
)
def test_p6_for_a_convex_symmetric_penalty_the_slope_at_0_decides(z, c, d):
    """p(w) = c|w| + d w² (convex, symmetric, p'(0⁺) = c): 0 minimises ½(w − z)² + p(w)
    exactly when |z| ≤ c; the minimiser in closed form is soft_threshold(z, c) / (1 + 2d)."""
    w_star = soft_threshold(z, c) / (1 + 2 * d)
    if w_star != 0:  # stationarity on the smooth side
        assert w_star - z + c * sign(w_star) + 2 * d * w_star == 0
    else:
        assert abs(z) <= c  # 0 ∈ −z + [−c, c]
    assert (w_star == 0) == (abs(z) <= c)


def test_p6_without_symmetry_the_slope_at_0_plus_is_not_enough():
    """p(w) = 2·max(w, 0): convex, p'(0⁺) = 2 ≥ |z| = 0.5, yet with z = −0.5 the minimiser of
    ½(w − z)² + p(w) is −0.5, not 0 (p = 0 for w ≤ 0, where the data term is smallest at z)."""
    z = Fraction(-1, 2)

    def objective(w):
        return (w - z) ** 2 / 2 + 2 * max(w, 0)

    grid = [Fraction(k, 64) for k in range(-128, 129)]
    best = min(grid, key=objective)
    assert best == z and objective(z) < objective(0)
    text = prose(page(P6))
    assert "for a convex symmetric penalty, that is enough" in text
    assert ":math:`p(w) = 2\\max(w, 0)` with :math:`z = -0.5`" in text


def test_p6_scikit_learns_lasso_fits_by_coordinate_descent():
    """The takeaway "scikit-learn's Lasso uses coordinate descent": its fit calls the
    coordinate-descent kernel, and the zeros it returns are the page's coordinate-descent ones."""
    sklearn = pytest.importorskip("sklearn.linear_model")
    from sklearn.linear_model import _coordinate_descent as cd

    ns = page(P6).namespace
    kernel = cd.cd_fast.enet_coordinate_descent
    with mock.patch.object(cd.cd_fast, "enet_coordinate_descent", wraps=kernel) as spy:
        fit = sklearn.Lasso(alpha=ns["lasso_alpha"], fit_intercept=False, tol=1e-12).fit(
            ns["X"], ns["y"]
        )
    assert spy.call_count >= 1
    np.testing.assert_array_equal(fit.coef_ == 0, ns["w"] == 0)
    assert "scikit-learn's ``Lasso`` uses coordinate descent" in prose(page(P6))


def test_key_picture_numbers_come_from_plot_06():
    """The numbers in the key picture's alt texts (landing page, tour, the figure's own label)
    against plot_06's namespace and exact computations."""
    run = page(P6)
    ns = run.namespace
    alpha, zs = Fraction(ns["alpha"]), [Fraction(str(z)) for z in ns["zs"]]
    index = (ROOT / "docs" / "index.rst").read_text(encoding="utf-8")
    index_alt = re.sub(
        r"\s+", " ", index.split(":alt: Four stacked panels", 1)[1].split(":target:")[0]
    )
    tour = (ROOT / "docs" / "quick_tour.md").read_text(encoding="utf-8")
    (tour_alt,) = re.findall(r":alt: Four stacked panels(.*)", tour)
    (label,) = [f.label for f in run.figures if f.label.startswith("Four stacked panels")]
    words = {-1: "minus one", 1: "one"}
    inside = [z for z in zs if abs(z) <= alpha]
    (outside,) = [z for z in zs if abs(z) > alpha]
    walk = ns["l1_walk"]
    first_zero = int(np.flatnonzero(walk == 0)[0])
    assert Fraction(5) / Fraction(1, 2) == first_zero == 10  # 5 is ten steps of ½
    assert 1 / (1 + alpha) == Fraction(1, 2)  # "half the data"
    for text in (index_alt, tour_alt, label):
        m = re.search(
            rf"L1 objectives for data ({NUMBER}) and ({NUMBER})"
            r" have their (?:lowest point|minimum)"
            rf" exactly at zero and the one for ({NUMBER}) at ({NUMBER})",
            text,
        )
        assert [Fraction(m[1]), Fraction(m[2])] == inside
        assert Fraction(m[3]) == outside
        assert Fraction(m[4]) == soft_threshold(outside, alpha)
        assert m[4] == f"{sn.prox_l1(ns['zs'][2], ns['alpha']):.4g}"  # as drawn, to 4 digits
        assert re.search(
            r"L2 objectives have their (?:lowest points|minima) at half the data", text
        )
        dz = re.search(r"dead zone from (minus one|-1) to (one|1) ", text)
        assert dz[1] in (words[-1], "-1") and dz[2] in (words[1], "1") and alpha == 1
        assert re.search(rf"L1 walk reaches exactly zero at step {first_zero}\.", text)


@settings(max_examples=100, deadline=None)
@given(
    X=st.lists(st.lists(small_rationals, min_size=3, max_size=3), min_size=4, max_size=4),
    j=st.integers(0, 2),
    picks=st.lists(st.integers(0, 5), min_size=2, max_size=2, unique=True),
)
def test_a_ridge_coefficient_constructed_zero_at_two_alphas_is_zero_at_no_third(X, j, picks):
    """A probe with zeros: choose Xᵀy = b so that w_j vanishes at two of the six α (b is
    orthogonal to row j of (XᵀX + αI)⁻¹ at both; X of full column rank makes any b some Xᵀy).
    Then w_j is zero at exactly those two, or at all six: never at a third alone."""
    gram = _gram(X)
    alphas = [Fraction(k, 4) for k in (1, 2, 3, 5, 8, 13)]
    try:
        _solve_exact(gram, [1, 0, 0])
    except StopIteration:
        assume(False)  # XᵀX singular
    rows = []
    for i in picks:
        lhs = [[v + (alphas[i] if r == c else 0) for c, v in enumerate(row)]
               for r, row in enumerate(gram)]  # fmt: skip
        rows.append(_solve_exact(lhs, [Fraction(int(k == j)) for k in range(3)]))
    (a1, a2, a3), (b1, b2, b3) = rows
    b = [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1]
    assume(any(v != 0 for v in b))
    paths = [_ridge_from_gram(gram, b, a) for a in alphas]
    zeros = {i for i, w in enumerate(paths) if w[j] == 0}
    assert set(picks) <= zeros
    assert zeros == set(picks) or zeros == set(range(6))


def test_skglm_penalties_have_the_methods_about_names():
    """About: skglm's penalties have value, prox_1d, subdiff_distance and alpha_max, and
    sparsenorm's call the proximal operator prox. Checked on the installed skglm (the bench
    group installs it; skipped where it is absent)."""
    penalties = pytest.importorskip("skglm.penalties")
    alpha = 0.7
    theirs, ours = penalties.L1(alpha), sn.L1(alpha)
    for method in ("value", "prox_1d", "subdiff_distance", "alpha_max"):
        assert callable(getattr(theirs, method)), method
    w = np.array([1.5, -0.2, 0.0])
    assert theirs.value(w) == pytest.approx(alpha * np.abs(w).sum())
    assert ours.value(w) == pytest.approx(theirs.value(w))
    for v in (-2.0, -0.1, 0.0, 0.3, 1.2):
        step = 0.5
        assert theirs.prox_1d(v, step, 0) == pytest.approx(
            float(soft_threshold(Fraction(v), Fraction(step * alpha)))
        )
        assert ours.prox(v, step) == pytest.approx(theirs.prox_1d(v, step, 0))
    assert theirs.alpha_max(np.array([0.2, -0.9])) == pytest.approx(0.9)
    assert not hasattr(ours, "prox_1d")
    about = _flat((ROOT / "docs" / "about.rst").read_text(encoding="utf-8"))
    assert "``value``, ``prox_1d``, ``subdiff_distance`` and ``alpha_max``" in about


def test_scikit_learn_defaults_and_objectives_as_the_pages_state():
    """Both estimators fit an intercept by default; without it, Ridge solves
    (XᵀX + αI)w = Xᵀy (objective ‖y − Xw‖² + α‖w‖², balance x_jᵀ(y − Xw) = αw_j) and Lasso's
    optimality is x_jᵀ(y − Xw)/n = α·sign(w_j) on its support (objective scaled by 1/(2n));
    with centred X and y the intercept changes nothing else."""
    lm = pytest.importorskip("sklearn.linear_model")
    assert lm.Ridge().get_params()["fit_intercept"] is True
    assert lm.Lasso().get_params()["fit_intercept"] is True
    rng = np.random.default_rng(3)
    n, alpha = 40, 0.2
    X = rng.standard_normal((n, 4))
    y = X @ np.array([2.0, 0.0, -1.0, 0.5]) + rng.standard_normal(n)
    ridge = lm.Ridge(alpha=alpha, fit_intercept=False).fit(X, y).coef_
    np.testing.assert_allclose(X.T @ (y - X @ ridge), alpha * ridge, atol=1e-10)
    lasso = lm.Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y).coef_
    pull = X.T @ (y - X @ lasso) / n
    support = lasso != 0
    np.testing.assert_allclose(pull[support], alpha * np.sign(lasso[support]), atol=1e-8)
    assert np.all(np.abs(pull[~support]) <= alpha + 1e-8)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    for est in (lm.Ridge(alpha=alpha), lm.Lasso(alpha=alpha, tol=1e-14, max_iter=100_000)):
        with_icpt = type(est)(**est.get_params()).fit(Xc, yc).coef_
        without = type(est)(**{**est.get_params(), "fit_intercept": False}).fit(Xc, yc).coef_
        np.testing.assert_allclose(with_icpt, without, atol=1e-8)


def test_p6_the_slope_figure_lines_are_the_penalties_one_sided_slopes():
    """The alt text: L1's slope at 0⁺ is a flat line at α, L2's (the squared norm, (α/2)w²) a
    flat line at 0; the L1 line is on or above the diagonal exactly for |z| ≤ α."""
    ns = page(P6).namespace
    alpha = ns["alpha"]
    l2 = sn.SquaredL2(alpha)
    for w in (0.5, -1.25, 3.0):
        assert l2.value([w]) == pytest.approx(alpha / 2 * w * w)
    slopes = [(l2.value([h]) - l2.value([0.0])) / h for h in (1e-2, 1e-4, 1e-6)]
    assert slopes == pytest.approx([alpha * h / 2 for h in (1e-2, 1e-4, 1e-6)])
    pull = ns["pull"]
    np.testing.assert_array_equal(alpha >= pull, pull <= alpha)
    assert np.any(pull > alpha) and np.any(pull <= alpha)
