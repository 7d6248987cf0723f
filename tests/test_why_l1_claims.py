"""Every number and every "exactly zero" / "never zero" claim of the main article's pages.

The pages are gallery/why_l1/plot_0*.py, the one-page tour docs/quick_tour.md and the landing
page's key figure. Each test recomputes its claim with sparsenorm and checks it against the
closed form or a second, independent computation (plain Python floats, a brute-force grid).
The parameters the pages use (ε, δ, w₀, η, …) are read from the page sources, so changing a
page without updating its claims fails here.
"""

import ast
import math
from pathlib import Path

import numpy as np
import pytest

import sparsenorm as sn

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery" / "why_l1"


def page_constants(name):
    """Literal values assigned at the top level of a gallery page (``a, b = 1.0, 2.0`` too)."""
    tree = ast.parse((GALLERY / name).read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue
        if isinstance(target, ast.Name):
            found[target.id] = value
        elif isinstance(target, ast.Tuple) and isinstance(value, tuple):
            for element, item in zip(target.elts, value, strict=True):
                if isinstance(element, ast.Name):
                    found[element.id] = item
    return found


def first_zero(path):
    zeros = np.flatnonzero(np.asarray(path) == 0)
    return int(zeros[0]) if zeros.size else None


# -- plot_01_explanation1_big_vs_small.py -----------------------------------------------------

P1 = page_constants("plot_01_explanation1_big_vs_small.py")


def test_p1_parameters_are_the_ones_the_prose_describes():
    # The prose quotes ε = 0.1, δ = 0.05 and the values 1.05, 0.0975, 0.0075 and "thirteen".
    assert (P1["eps"], P1["delta"]) == (0.1, 0.05)
    assert 0 < P1["delta"] <= P1["eps"] < 1


@pytest.mark.parametrize("eps", [0.5, 0.2, 0.1, 0.01, 1e-3])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 1.0])
def test_p1_derivation_holds_for_many_eps_and_delta(eps, fraction):
    delta = fraction * eps
    x = np.array([1.0, eps])
    big, small = x - [delta, 0.0], x - [0.0, delta]
    assert sn.l1_norm(x) == pytest.approx(1 + eps, rel=1e-15)
    assert sn.squared_l2_norm(x) == pytest.approx(1 + eps**2, rel=1e-15)
    assert sn.l1_norm(big) == pytest.approx(1 - delta + eps, rel=1e-14)
    assert sn.l1_norm(small) == pytest.approx(1 - delta + eps, rel=1e-14)
    assert sn.squared_l2_norm(big) == pytest.approx(1 - 2 * delta + delta**2 + eps**2, rel=1e-14)
    assert sn.squared_l2_norm(small) == pytest.approx(
        1 - 2 * eps * delta + delta**2 + eps**2, rel=1e-14
    )
    # The l1 drop is delta either way; the l2 drops are 2δ − δ² (big) and 2εδ − δ² (small).
    assert sn.l1_norm(x) - sn.l1_norm(big) == pytest.approx(delta, abs=1e-14)
    assert sn.l1_norm(x) - sn.l1_norm(small) == pytest.approx(delta, abs=1e-14)
    drop_big = sn.squared_l2_norm(x) - sn.squared_l2_norm(big)
    drop_small = sn.squared_l2_norm(x) - sn.squared_l2_norm(small)
    assert drop_big == pytest.approx(2 * delta - delta**2, abs=1e-14)
    assert drop_small == pytest.approx(2 * eps * delta - delta**2, abs=1e-14)
    assert drop_big >= drop_small


def test_p1_printed_table_and_prose_numbers():
    eps, delta = P1["eps"], P1["delta"]
    x = np.array([1.0, eps])
    big, small = x - [delta, 0.0], x - [0.0, delta]
    # "Both shrunk vectors have the same l1 norm, 1.05 ... up to rounding in the last digit."
    assert f"{sn.l1_norm(big):.4f}" == f"{sn.l1_norm(small):.4f}" == f"{1 - delta + eps:.4f}"
    assert f"{1 - delta + eps:.2f}" == "1.05"
    assert abs(sn.l1_norm(big) - sn.l1_norm(small)) <= 2 * np.spacing(1.05)
    # "taking 0.05 off the big entry is worth 0.0975, off the small entry only 0.0075"
    drop_big = sn.squared_l2_norm(x) - sn.squared_l2_norm(big)
    drop_small = sn.squared_l2_norm(x) - sn.squared_l2_norm(small)
    assert f"{drop_big:.4f}" == f"{2 * delta - delta**2:.4f}" == "0.0975"
    assert f"{drop_small:.4f}" == f"{2 * eps * delta - delta**2:.4f}" == "0.0075"
    # "thirteen times less", printed as 13.0
    assert f"{drop_big / drop_small:.1f}" == "13.0"
    assert (2 * delta - delta**2) / (2 * eps * delta - delta**2) == pytest.approx(13)


@pytest.mark.parametrize("eps", [0.5, 0.1, 0.01, 0.001, 0.3, 0.75, 1.0])
def test_p1_zeroing_the_small_entry_is_worth_eps_in_l1_and_eps_squared_in_l2(eps):
    x = np.array([1.0, eps])
    zeroed = np.array([1.0, 0.0])
    l1_reward = sn.l1_norm(x) - sn.l1_norm(zeroed)
    l2_reward = sn.squared_l2_norm(x) - sn.squared_l2_norm(zeroed)
    assert l1_reward == pytest.approx(eps, rel=1e-12)
    assert l2_reward == pytest.approx(eps**2, rel=1e-9)
    # The ratio column: "relative to l1 it is worth a fraction ε of it".
    assert l2_reward / l1_reward == pytest.approx(eps, rel=1e-9)


def test_p1_a_thousand_times_less_at_eps_1e_3():
    eps = 1e-3
    x, zeroed = np.array([1.0, eps]), np.array([1.0, 0.0])
    ratio = (sn.l1_norm(x) - sn.l1_norm(zeroed)) / (
        sn.squared_l2_norm(x) - sn.squared_l2_norm(zeroed)
    )
    assert ratio == pytest.approx(1000, rel=1e-9)


# -- plot_02_explanation2_penalties_and_gradients.py ------------------------------------------


def test_p2_slopes_l1_is_plus_minus_one_l2_is_the_weight():
    w = np.array([-5.0, -1.0, -0.1, -0.001, 0.001, 0.1, 1.0, 5.0])
    l1, l2 = sn.L1(1.0), sn.SquaredL2(1.0)
    np.testing.assert_array_equal(l1.subgradient(w), np.where(w > 0, 1.0, -1.0))
    np.testing.assert_array_equal(l2.grad(w), w)
    np.testing.assert_array_equal(sn.subgradient_l1(np.array([0.0, -0.0])), [0.0, 0.0])
    for wi in w:
        assert l1.value([wi]) == abs(wi)
        assert l2.value([wi]) == pytest.approx(wi**2 / 2, rel=1e-15)
    # "a thousand times smaller at 0.001 than at 1"
    assert l2.grad(1.0) / l2.grad(0.001) == pytest.approx(1000)
    # Figure 2's y tick: 12.5 = ½·5²
    assert l2.value([5.0]) == 12.5 and l2.value([-5.0]) == 12.5


# -- plot_03_explanation2_descent_paths.py (and the landing page's key picture) ---------------

P3 = page_constants("plot_03_explanation2_descent_paths.py")


def test_p3_parameters():
    assert (P3["w0"], P3["eta"], P3["n_steps"]) == (5.0, 0.5, 10)


def test_p3_l1_walks_down_in_equal_steps_and_is_exactly_zero_after_ten():
    path = sn.penalty_descent(sn.L1(1.0), P3["w0"], step=P3["eta"], n_steps=15)
    expected = [max(5.0 - 0.5 * k, 0.0) for k in range(16)]  # exact in binary floating point
    np.testing.assert_array_equal(path, expected)
    assert first_zero(path) == 10
    assert np.all(path[:10] > 0) and np.all(path[10:] == 0.0)  # ... and stays at 0
    steps = -np.diff(path[:11])
    np.testing.assert_array_equal(steps, np.full(10, 0.5))  # "every step has length 0.5"


def test_p3_l2_halves_exactly_and_is_never_zero():
    path = sn.penalty_descent(sn.SquaredL2(1.0), P3["w0"], step=P3["eta"], n_steps=P3["n_steps"])
    np.testing.assert_array_equal(path, [5.0 / 2**k for k in range(11)])
    assert np.all(path > 0)
    assert path[-1] == 5 / 2**10 == 0.0048828125  # printed with 10 significant digits
    # Figure 4's labels: gradients 5, 2.5, 1.25 and step lengths 2.5, 1.25, 0.625.
    grads = sn.SquaredL2(1.0).grad(path[:3])
    np.testing.assert_array_equal(grads, [5.0, 2.5, 1.25])
    np.testing.assert_array_equal(P3["eta"] * grads, [2.5, 1.25, 0.625])
    np.testing.assert_array_equal(path[:4], [5.0, 2.5, 1.25, 0.625])


def _halve_until_stuck(w):
    """Plain-Python (or numpy scalar) w ← w − ½·w until the weight stops changing."""
    k = 0
    while True:
        new = w - w * type(w)(0.5)
        if new == w:
            return k, w
        w, k = new, k + 1


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_p3_floating_point_halving_sticks_at_the_smallest_subnormal_never_zero(dtype):
    path = sn.penalty_descent(sn.SquaredL2(1.0), dtype(5.0), step=0.5, n_steps=1200)
    assert path.dtype == dtype
    assert np.count_nonzero(path == 0) == 0
    tiniest = np.finfo(dtype).smallest_subnormal
    assert path[-1] == tiniest
    stuck_at = int(np.flatnonzero(path == path[-1])[0])
    k, w = _halve_until_stuck(dtype(5.0))
    assert (stuck_at, path[-1]) == (k, w)
    # In exact arithmetic 5·2^-k falls below the smallest subnormal 2^-(bits) after about
    # log2(5) + bits steps: the count the page prints is that, give or take rounding.
    bits = -math.log2(float(tiniest))
    assert abs(stuck_at - (math.log2(5) + bits)) < 2


# -- plot_04_large_step_caveat.py --------------------------------------------------------------

P4 = page_constants("plot_04_large_step_caveat.py")


def test_p4_parameters():
    assert P4["w0"] == 5.0 and P4["n_steps"] == 8
    assert P4["etas"] == [0.5, 1.0, 1.5, 2.0, 2.5]


@pytest.mark.parametrize("eta", [0.5, 1.0, 1.5, 2.0, 2.5])
def test_p4_l2_step_multiplies_by_one_minus_eta(eta):
    path = sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=eta, n_steps=P4["n_steps"])
    expected = [5.0 * (1 - eta) ** k for k in range(P4["n_steps"] + 1)]
    np.testing.assert_allclose(path, expected, rtol=1e-14, atol=0)
    if eta == 1.0:
        assert first_zero(path) == 1 and np.all(path[1:] == 0)  # "zero in one step"
    else:
        assert first_zero(path) is None  # "first exact zero at step none"
    if eta == 2.0:
        np.testing.assert_array_equal(np.abs(path), 5.0)  # "jumps between +5 and −5 for ever"
        np.testing.assert_array_equal(np.sign(path), [(-1) ** k for k in range(len(path))])
    if eta == 1.5:
        assert np.all(np.sign(path[1:]) != np.sign(path[:-1]))  # flips
        assert np.all(np.abs(path[1:]) < np.abs(path[:-1]))  # ... and shrinks
    if eta == 2.5:
        assert np.all(np.abs(path[1:]) > np.abs(path[:-1]))  # diverges
        assert path[-1] == pytest.approx(128.14453125)  # 5 · 1.5⁸, the last printed value


@pytest.mark.parametrize(("eta", "zero_at"), [(0.5, 10), (1.0, 5), (1.25, 4), (2.5, 2)])
def test_p4_l1_reaches_zero_when_eta_divides_five_exactly(eta, zero_at):
    path = sn.penalty_descent(sn.L1(1.0), 5.0, step=eta, n_steps=12)
    assert 5.0 / eta == zero_at
    assert first_zero(path) == zero_at and np.all(path[zero_at:] == 0)


def test_p4_l1_eta_five_thirds_misses_zero_by_about_4e_16():
    eta = 5 / 3
    path = sn.penalty_descent(sn.L1(1.0), 5.0, step=eta, n_steps=12)
    assert first_zero(path) is None
    assert path[3] != 0 and 3e-16 < abs(path[3]) < 5e-16  # "about 4 × 10⁻¹⁶"
    w = 5.0  # the same three steps in plain Python floats
    for _ in range(3):
        w = w - eta
    assert path[3] == w
    # ... and then it see-saws around zero.
    assert np.all(np.sign(path[3::2]) == np.sign(path[3])) and np.all(path[4::2] > 1)


def test_p4_l1_eta_two_goes_5_3_1_then_see_saws():
    path = sn.penalty_descent(sn.L1(1.0), 5.0, step=2.0, n_steps=12)
    np.testing.assert_array_equal(path[:6], [5.0, 3.0, 1.0, -1.0, 1.0, -1.0])
    np.testing.assert_array_equal(np.abs(path[2:]), 1.0)
    assert first_zero(path) is None


# -- plot_05_data_term_caveat.py ---------------------------------------------------------------

P5 = page_constants("plot_05_data_term_caveat.py")


def test_p5_parameters():
    assert P5["alpha"] == 1.0
    assert (P5["eta"], P5["n_steps"], P5["w0"]) == (0.3, 40, 5.0)
    # The prose: with the article's η = ½, η(1 + α) = 1 would make L2 land in one step.
    assert 0.5 * (1 + P5["alpha"]) == 1


def _brute_force_minimiser(objective, z, alpha):
    grid = np.linspace(-4, 4, 800_001)  # spacing 1e-5, includes 0 exactly
    return grid[np.argmin(objective(grid, z, alpha))]


@pytest.mark.parametrize("z", [-2.5, -1.0, -0.6, 0.0, 0.3, 0.6, 0.999, 1.0, 2.0, 3.0])
def test_p5_minimisers_are_soft_thresholding_and_proportional_shrinkage(z):
    alpha = P5["alpha"]
    l1_min = sn.prox_l1(z, alpha)
    l2_min = sn.prox_squared_l2(z, alpha)
    assert l1_min == pytest.approx(np.sign(z) * max(abs(z) - alpha, 0.0), abs=1e-15)
    assert l2_min == pytest.approx(z / (1 + alpha), abs=1e-15)
    # Exactly zero for |z| ≤ α (L1) and only for z = 0 (L2).
    assert (l1_min == 0) == (abs(z) <= alpha)
    assert (l2_min == 0) == (z == 0)

    def f1(w, z, a):
        return 0.5 * (w - z) ** 2 + a * np.abs(w)

    def f2(w, z, a):
        return 0.5 * (w - z) ** 2 + 0.5 * a * w**2

    assert _brute_force_minimiser(f1, z, alpha) == pytest.approx(l1_min, abs=2e-5)
    assert _brute_force_minimiser(f2, z, alpha) == pytest.approx(l2_min, abs=2e-5)


def _run_python(z, kind, alpha=1.0, eta=0.3, n_steps=40, w=5.0):
    """The page's three kinds of step, in plain Python floats (a second implementation)."""
    path = [w]
    for _ in range(n_steps):
        if kind == "l2":
            w = w - eta * ((w - z) + alpha * w)
        elif kind == "l1_sub":
            w = w - eta * ((w - z) + alpha * ((w > 0) - (w < 0)))
        else:
            v = w - eta * (w - z)
            w = math.copysign(max(abs(v) - eta * alpha, 0.0), v)
        path.append(w)
    return np.array(path)


def _run_sparsenorm(z, kind):
    alpha, eta, n_steps, w = P5["alpha"], P5["eta"], P5["n_steps"], P5["w0"]
    l1, l2 = sn.L1(alpha), sn.SquaredL2(alpha)
    path = [w]
    for _ in range(n_steps):
        if kind == "l2":
            w = w - eta * ((w - z) + l2.grad(w))
        elif kind == "l1_sub":
            w = w - eta * ((w - z) + l1.subgradient(w))
        else:
            w = l1.prox(w - eta * (w - z), eta)
        path.append(float(w))
    return np.array(path)


@pytest.mark.parametrize("kind", ["l2", "l1_sub", "l1_prox"])
@pytest.mark.parametrize("z", [0.6, 2.0])
def test_p5_sparsenorm_steps_match_plain_python(z, kind):
    np.testing.assert_allclose(_run_sparsenorm(z, kind), _run_python(z, kind), rtol=0, atol=1e-15)


def test_p5_weak_pull_l1_proximal_lands_on_exact_zero_and_stays():
    path = _run_sparsenorm(0.6, "l1_prox")
    k = first_zero(path)
    assert k is not None and np.all(path[k:] == 0) and np.all(path[:k] != 0)
    assert k == first_zero(_run_python(0.6, "l1_prox"))


def test_p5_weak_pull_l1_subgradient_see_saws_never_zero():
    path = _run_sparsenorm(0.6, "l1_sub")
    assert first_zero(path) is None
    tail = path[-10:]
    assert tail.min() < 0 < tail.max()  # "from one side of zero to the other"


def test_p5_weak_pull_l2_settles_on_z_over_two_never_zero():
    path = _run_sparsenorm(0.6, "l2")
    assert first_zero(path) is None
    assert path[-1] == pytest.approx(0.3, abs=1e-12)


@pytest.mark.parametrize("kind", ["l2", "l1_sub", "l1_prox"])
def test_p5_strong_pull_everything_heads_for_one_no_zero(kind):
    path = _run_sparsenorm(2.0, kind)
    assert first_zero(path) is None
    assert path[-1] == pytest.approx(1.0, abs=1e-2)  # printed "within [1, 1.002]"
    assert np.all(path[-10:] > 0.99)


# -- docs/quick_tour.md -------------------------------------------------------------------------


def test_tour_data_term_table():
    # The tour prints soft thresholding and rescaling for these z with α = 1.
    z = np.array([-2.0, -0.6, 0.3, 0.9, 2.0])
    np.testing.assert_array_equal(sn.prox_l1(z, 1.0), [-1.0, 0.0, 0.0, 0.0, 1.0])
    np.testing.assert_allclose(sn.prox_squared_l2(z, 1.0), z / 2, rtol=1e-15)
    assert np.all(sn.prox_squared_l2(z, 1.0) != 0)


def test_tour_float64_halving_never_zero_in_1100_steps():
    path = sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=0.5, n_steps=1100)
    assert not np.any(path == 0)
    assert path.min() == np.finfo(np.float64).smallest_subnormal


def test_tour_uses_the_pages_parameters():
    text = (ROOT / "docs" / "quick_tour.md").read_text(encoding="utf-8")
    assert "eps, delta = 0.1, 0.05" in text
    assert "sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=10)" in text
