"""Every number and every "exactly zero" / "never zero" claim printed by gallery/beyond.

Each test recomputes its claim with the library (and, where it helps, a second way), so a change
in sparsenorm or in numpy's arithmetic that would make a page wrong fails here. The page that
makes each claim is named in the test's section comment.
"""

from decimal import Decimal

import numpy as np
import pytest

import sparsenorm as sn

F64 = np.finfo(np.float64)
F32 = np.finfo(np.float32)

# -- page 1: plot_1_toy_example_breaks.py ----------------------------------------------------


def test_p1_article_start_reaches_zero_in_ten_steps():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=12)
    assert run[10] == 0.0
    assert np.all(run[:10] > 0)


def test_p1_start_5_2_oscillates_for_ever_and_never_hits_zero():
    run = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=1000)
    high, low = run[10], run[11]
    assert high == pytest.approx(0.2, abs=1e-12) and high != 0.2
    assert low == pytest.approx(-0.3, abs=1e-12)
    # Deterministic map and w12 == w10: periodic from step 10 on, checked over 1000 steps.
    assert run[12] == high and run[13] == low
    assert np.all(run[10::2] == high) and np.all(run[11::2] == low)
    assert np.count_nonzero(run == 0) == 0


def test_p1_proximal_from_5_2_stops_at_exact_zero_at_step_11():
    plain = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=16)
    prox = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=16, method="proximal")
    assert np.all(prox[:11] == plain[:11])
    assert np.all(prox[:11] != 0)
    assert np.all(prox[11:] == 0)


def test_p1_stored_one_tenth_is_slightly_larger_than_one_tenth():
    assert Decimal.from_float(0.1) > Decimal("0.1")


def test_p1_step_one_tenth_leaves_about_1e_15_after_fifty_steps():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.1, n_steps=1000)
    w = 5.0
    for _ in range(50):  # the same arithmetic in plain Python floats
        w -= 0.1
    assert run[50] == w
    assert 1e-16 < run[50] < 1e-14
    assert run[50] / F64.eps == 4.625  # printed as "4.625 machine epsilons"
    assert run[51] == pytest.approx(-0.1, abs=1e-14)
    assert np.all(run[50::2] == run[50]) and np.all(run[51::2] == run[51])
    assert np.count_nonzero(run == 0) == 0


def test_p1_step_one_tenth_proximal_first_zero_at_step_51():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.1, n_steps=60, method="proximal")
    assert np.all(run[:51] != 0)
    assert np.all(run[51:] == 0)


def test_p1_float32_leaves_a_few_millionths():
    run = sn.penalty_descent(sn.L1(1.0), np.float32(5.0), step=0.1, n_steps=60)
    assert run.dtype == np.float32
    assert 1e-6 < float(run[50]) < 1e-5


def _p1_data_term_runs(n_steps=300, z=0.3, lam=1.0):
    def subgradient_run(step_rule):
        w = np.empty(n_steps + 1)
        w[0] = 2.0
        for k in range(n_steps):
            w[k + 1] = w[k] - step_rule(k) * (w[k] - z + lam * np.sign(w[k]))
        return w

    ista = np.empty(n_steps + 1)
    ista[0] = 2.0
    for k in range(n_steps):
        ista[k + 1] = sn.prox_l1(ista[k] - 0.1 * (ista[k] - z), 0.1 * lam)
    return subgradient_run(lambda k: 0.1), subgradient_run(lambda k: 1.0 / (k + 1)), ista


def test_p1_with_a_data_term_only_the_proximal_iterates_stay_at_zero():
    fixed, decreasing, ista = _p1_data_term_runs()
    assert np.count_nonzero(fixed == 0) == 0
    for run in (fixed, decreasing):
        zeros = np.flatnonzero(run[:-1] == 0)
        assert np.all(run[zeros + 1] != 0)  # landed on zero by accident, left again
        assert run[-1] != 0
    assert np.count_nonzero(decreasing[:-1] == 0) >= 1
    hit = int(np.argmax(ista == 0))
    # While positive, w_k = 2.7 * 0.9**k - 0.7; the prox zeroes w_{k+1} once 0.9 w_k + 0.03 <= 0.1.
    k = next(k for k in range(100) if 0.9 * (2.7 * 0.9**k - 0.7) + 0.03 <= 0.1)
    assert hit == k + 1
    assert np.all(ista[hit:] == 0)


# -- page 2: plot_2_never_reaches_zero.py ----------------------------------------------------


def test_p2_float_limits():
    assert F64.smallest_normal == 2.0**-1022 and F64.smallest_subnormal == 2.0**-1074
    assert F32.smallest_normal == np.float32(2.0**-126)
    assert F32.smallest_subnormal == np.float32(2.0**-149)


def _halving_in_units_of_d(n_mantissa_bits, min_exponent, rule, n_steps):
    """Exact integer model of the iterates 5, 5/2, ... in units d of the smallest subnormal.

    Halving a normal number is exact, and 5 * 2**-k stays a whole number of units d until it
    reaches 5 d, so rounding only ever happens to integers: round() on a Fraction breaks ties
    to even, like IEEE 754.
    """
    from fractions import Fraction

    m = 5 * 2 ** (n_mantissa_bits - 1 - min_exponent)  # 5 in units of d = 2**(min_exp - bits + 1)
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
def test_p2_halving_becomes_subnormal_then_exactly_zero(dtype, bits, min_exp):
    info = np.finfo(dtype)
    model, values = _halving_in_units_of_d(bits, min_exp, "halve", 1200)
    run = sn.penalty_descent(
        sn.SquaredL2(1.0), dtype(5.0), step=1.0, n_steps=1200, method="proximal"
    )
    d = info.smallest_subnormal
    assert np.array_equal(run, np.array(values, dtype=dtype))
    first_subnormal = int(np.argmax(run < info.smallest_normal))
    first_zero = int(np.argmax(run == 0))
    normal_units = 2 ** (bits - 1)  # smallest normal in units of d
    assert first_subnormal == next(k for k, m in enumerate(model) if m < normal_units)
    assert first_zero == next(k for k, m in enumerate(model) if m == 0)
    expected = {np.float64: (1025, 1077), np.float32: (129, 152)}[dtype]
    assert (first_subnormal, first_zero) == expected  # the numbers the page's prose quotes
    assert (run[first_zero - 4 : first_zero + 1] / d).astype(int).tolist() == [10, 5, 2, 1, 0]
    assert run[first_zero - 3] == 5 * d and first_zero - 3 == -min_exp + bits - 1  # 5d at 1074
    assert np.all(run[first_zero:] == 0)


@pytest.mark.parametrize(
    ("dtype", "bits", "min_exp"), [(np.float64, 53, -1022), (np.float32, 24, -126)]
)
def test_p2_article_rule_sticks_at_smallest_subnormal(dtype, bits, min_exp):
    info = np.finfo(dtype)
    n_steps = 1100
    run = sn.penalty_descent(sn.SquaredL2(1.0), dtype(5.0), step=0.5, n_steps=n_steps)
    _, values = _halving_in_units_of_d(bits, min_exp, "subtract", n_steps)
    d = info.smallest_subnormal
    assert np.array_equal(run, np.array(values, dtype=dtype))
    stuck = int(np.argmax(run == d))
    assert stuck == {np.float64: 1076, np.float32: 151}[dtype]
    start = int(np.argmax(run == 5 * d))
    assert (run[start : start + 6] / d).astype(int).tolist() == [5, 3, 1, 1, 1, 1]
    assert np.all(run[stuck:] == d)
    assert np.count_nonzero(run == 0) == 0
    # A fixed point: d - round(d / 2) = d - 0 = d, so it stays for ever.
    assert d - dtype(0.5) * d == d


def test_p2_large_l2_steps():
    ridge = sn.SquaredL2(1.0)
    runs = {eta: sn.penalty_descent(ridge, 5.0, step=eta, n_steps=8) for eta in (0.5, 1.5, 2.5)}
    k = np.arange(9)
    for eta, run in runs.items():
        assert np.array_equal(run, 5.0 * (1 - eta) ** k)
    assert np.all(sn.penalty_descent(ridge, 5.0, step=1.0, n_steps=8)[1:] == 0.0)
    flip = sn.penalty_descent(ridge, 5.0, step=2.0, n_steps=1000)
    assert np.all(np.abs(flip) == 5.0) and np.all(flip[1::2] == -5.0)


def test_p2_step_three_overflows_at_step_1022_and_then_refuses():
    # 5 * 2**k is exact while finite; it overflows at the first k with 5 * 2**k > max.
    k_inf = next(k for k in range(2000) if 5 * 2**k > int(F64.max))
    with np.errstate(over="ignore"):
        run = sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=3.0, n_steps=k_inf)
    assert np.all(np.isfinite(run[:k_inf])) and np.isinf(run[k_inf])
    assert k_inf == 1022
    assert abs(run[k_inf - 1]) == pytest.approx(1.124e308, rel=1e-3)
    with pytest.raises(ValueError, match="infinity"):
        sn.penalty_descent(sn.SquaredL2(1.0), run[k_inf], step=3.0, n_steps=1)


# -- page 3: plot_3_one_weight_one_data_point.py ---------------------------------------------

P3_Z = np.linspace(-3, 3, 240)
P3_LAM, P3_A2, P3_A0, P3_AEN, P3_RHO = 1.0, 1.0, 0.5, 1.0, 0.5
P3 = {
    "L1": (lambda w: P3_LAM * np.abs(w), lambda z: sn.prox_l1(z, P3_LAM)),
    "L2": (lambda w: P3_A2 / 2 * w**2, lambda z: sn.prox_squared_l2(z, P3_A2)),
    "L0": (lambda w: P3_A0 * (w != 0), lambda z: sn.prox_l0(z, P3_A0)),
    "EN": (
        lambda w: P3_AEN * (P3_RHO * np.abs(w) + (1 - P3_RHO) / 2 * w**2),
        lambda z: sn.prox_elastic_net(z, P3_AEN, P3_RHO),
    ),
}


def test_p3_library_equals_the_derived_closed_forms():
    z = P3_Z
    derived = {
        "L1": np.sign(z) * np.maximum(np.abs(z) - P3_LAM, 0),
        "L2": z / (1 + P3_A2),
        "L0": np.where(z**2 / 2 > P3_A0, z, 0.0),
        "EN": np.sign(z)
        * np.maximum(np.abs(z) - P3_AEN * P3_RHO, 0)
        / (1 + P3_AEN * (1 - P3_RHO)),
    }
    for name, (_, closed) in P3.items():
        assert np.array_equal(closed(z), derived[name]), name
    assert not np.any(np.isclose(np.abs(z), np.sqrt(2 * P3_A0)))  # no L0 tie on the grid


@pytest.mark.parametrize("name", list(P3))
def test_p3_brute_force_agrees_and_never_beats_the_closed_form(name):
    h, closed = P3[name]
    spacing = 1e-3
    w_grid = spacing * np.arange(-4000, 4001)
    assert np.count_nonzero(w_grid == 0) == 1
    objective = 0.5 * (w_grid[None, :] - P3_Z[:, None]) ** 2 + h(w_grid[None, :])
    brute = w_grid[np.argmin(objective, axis=1)]
    exact = closed(P3_Z)
    assert np.all(0.5 * (exact - P3_Z) ** 2 + h(exact) <= objective.min(axis=1) + 1e-12)
    assert np.max(np.abs(brute - exact)) <= spacing / 2 + 1e-12  # printed as 0.0005
    threshold = {"L1": P3_LAM, "L2": 0.0, "L0": np.sqrt(2 * P3_A0), "EN": P3_AEN * P3_RHO}[name]
    dead = np.abs(P3_Z) <= P3_LAM
    assert dead.sum() == 80
    expected_zeros = np.count_nonzero(np.abs(P3_Z[dead]) <= threshold)
    assert np.count_nonzero(brute[dead] == 0) == expected_zeros
    assert np.count_nonzero(exact[dead] == 0) == expected_zeros
    assert expected_zeros == {"L1": 80, "L2": 0, "L0": 80, "EN": 40}[name]


def test_p3_ridge_never_zero_at_tiny_data_lasso_exactly_zero():
    tiny = np.array([1e-3, 1e-9, 1e-300])
    assert np.all(sn.prox_squared_l2(tiny, 1.0) != 0)
    assert np.all(sn.prox_squared_l2(tiny, 1.0) == tiny / 2)
    assert np.all(sn.prox_l1(tiny, 1.0) == 0)


# -- page 4: plot_4_subdifferential.py -------------------------------------------------------


def test_p4_supporting_slopes_of_abs_at_zero_are_exactly_minus_one_to_one():
    v = np.linspace(-5, 5, 2001)
    slopes = np.linspace(-2, 2, 81)
    supporting = np.all(np.abs(v)[None, :] >= slopes[:, None] * v[None, :], axis=1)
    assert np.array_equal(supporting, np.abs(slopes) <= 1)
    assert slopes[supporting].min() == -1 and slopes[supporting].max() == 1


def _p4_page_namespace():
    """Load the page's helper without running its plots."""
    import ast
    from pathlib import Path

    source = Path(__file__).parents[1] / "gallery/beyond/plot_4_subdifferential.py"
    tree = ast.parse(source.read_text())
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    namespace = {"np": np}
    exec(compile(ast.Module([func], []), str(source), "exec"), namespace)
    return namespace["lp_minimiser"]


def test_p4_lp_penalties_with_p_above_one_never_give_zero():
    lp_minimiser = _p4_page_namespace()
    z = np.concatenate([-np.logspace(-12, 0.5, 60)[::-1], np.logspace(-12, 0.5, 60)])
    # p = 1.5: sqrt(w) solves s^2 + 1.5 s - |z| = 0; p = 2: w = z / 3 (lam = 1).
    s = 2 * np.abs(z) / (1.5 + np.sqrt(2.25 + 4 * np.abs(z)))  # without cancellation
    assert np.allclose(lp_minimiser(z, 1.0, 1.5), np.sign(z) * s**2, rtol=1e-9, atol=0)
    assert np.allclose(lp_minimiser(z, 1.0, 2.0), z / 3, rtol=1e-9, atol=0)
    w11 = lp_minimiser(z, 1.0, 1.1)
    assert np.allclose(np.abs(w11) + 1.1 * np.abs(w11) ** 0.1, np.abs(z), rtol=1e-9)
    for p in (1.1, 1.5, 2.0):
        assert np.all(lp_minimiser(z, 1.0, p) != 0)
    # smallest |w*| at |z| = 1e-12 as printed: about 3.9e-121, 4.4e-25, 3.3e-13
    assert abs(w11).min() == pytest.approx((1e-12 / 1.1) ** 10, rel=1e-6)
    assert np.count_nonzero(sn.prox_l1(z, 1.0) == 0) == np.count_nonzero(np.abs(z) <= 1)


def test_p4_subdiff_distance_zero_at_soft_threshold_and_on_the_dead_zone():
    z = np.linspace(-3, 3, 601)
    w_star = sn.prox_l1(z, 1.0)
    assert sn.subdiff_distance_l1(w_star, w_star - z, 1.0).max() <= 1e-15
    at_zero = sn.subdiff_distance_l1(np.zeros_like(z), -z, 1.0)
    assert np.array_equal(at_zero == 0, np.abs(z) <= 1.0)
    assert np.allclose(at_zero[np.abs(z) > 1], np.abs(z[np.abs(z) > 1]) - 1)


def test_p4_small_lasso_kkt():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 12))
    w_true = np.zeros(12)
    w_true[:3] = [2.0, -1.5, 1.0]
    y = X @ w_true + rng.standard_normal(60)
    grad0 = -X.T @ y / 60
    alpha_max = sn.L1().alpha_max(grad0)
    assert alpha_max == pytest.approx(np.max(np.abs(X.T @ y)) / 60)
    penalty = sn.L1(alpha=0.2 * alpha_max)
    step = 60 / np.linalg.norm(X, 2) ** 2
    w = np.zeros(12)
    for _ in range(3000):
        w = penalty.prox(w - step * X.T @ (X @ w - y) / 60, step)
    grad = X.T @ (X @ w - y) / 60
    assert penalty.subdiff_distance(w, grad).max() < 1e-12
    zero = w == 0
    assert 1 <= zero.sum() < 12
    # independent: scikit-learn's coordinate descent finds the same zero pattern
    from sklearn.linear_model import Lasso

    sk = Lasso(alpha=penalty.alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y)
    assert np.array_equal(sk.coef_ == 0, zero)
    assert np.all(np.abs(grad[zero]) < penalty.alpha)  # strictly inside
    assert np.allclose(np.abs(grad[~zero]), penalty.alpha)
    zero_w = np.zeros(12)
    assert sn.L1(alpha=alpha_max).subdiff_distance(zero_w, grad0).max() == 0
    assert sn.L1(alpha=0.999 * alpha_max).subdiff_distance(zero_w, grad0).max() > 0


# -- page 5: plot_5_geometric_picture.py -----------------------------------------------------

GALLERY = __import__("pathlib").Path(__file__).parents[1] / "gallery" / "beyond"


def _run_page(name):
    """Execute a gallery page (Agg backend, figures closed) and return its namespace."""
    import contextlib
    import io
    import runpy

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with contextlib.redirect_stdout(io.StringIO()) as out:
        namespace = runpy.run_path(str(GALLERY / name), run_name="__main__")
    plt.close("all")
    namespace["__stdout__"] = out.getvalue()
    return namespace


@pytest.fixture(scope="module")
def page5():
    return _run_page("plot_5_geometric_picture.py")


def _l1_ball_solution_on_axis(A, beta_hat, radius):
    """Exact constrained L1 solution in 2-D, edge by edge (independent of the page's test)."""
    best_value = np.full(radius.size, np.inf)
    on_axis = np.zeros(radius.size, dtype=bool)
    for s1 in (1, -1):
        for s2 in (1, -1):
            p0 = np.stack([s1 * radius, np.zeros_like(radius)], axis=1)
            d = np.array([-s1, s2], dtype=float)
            Ad = A @ d
            step = -np.einsum("ni,ni->n", Ad, p0 - beta_hat) / (Ad @ d)
            clipped = np.clip(step, 0, radius)
            point = p0 + clipped[:, None] * d
            diff = point - beta_hat
            value = 0.5 * np.einsum("ni,nij,nj->n", diff, A, diff)
            better = value < best_value
            best_value = np.where(better, value, best_value)
            on_axis = np.where(better, (clipped == 0) | (clipped == radius), on_axis)
    return on_axis


def test_p5_illustration_l1_at_a_corner_l2_not(page5):
    assert np.array_equal(page5["solutions"]["L1"], [1.0, 0.0])
    assert np.count_nonzero(page5["solutions"]["L2"] == 0) == 0
    # independent: the corner (1, 0) satisfies the cone condition |g_2| <= -g_1
    g = page5["A"] @ (np.array([1.0, 0.0]) - page5["beta_hat"])
    assert -g[0] > 0 and abs(g[1]) <= -g[0]


def test_p5_two_dimensional_counts(page5):
    A, beta_hat, n = page5["A_all"], page5["beta_hat_all"], page5["n_problems"]
    inner = page5["inner"]
    results = page5["results_2d"]
    radii = {
        "same tips": sn.l1_norm(inner, axis=1),
        "through s*beta_hat": sn.l1_norm(inner, axis=1),
    }
    for matching, counts in results.items():
        assert counts["L1"][0] == _l1_ball_solution_on_axis(A, beta_hat, radii[matching]).sum()
        for shape in ("L1", "elastic net", "q=1.5", "L2"):
            assert counts[shape][1] is True  # search agrees with the exact test
        assert counts["q=1.5"][0] == 0 and counts["L2"][0] == 0
        assert 0 < counts["elastic net"][0] < counts["L1"][0] < n
    # the prose: q = 0.5 most often with shared tips, less often than L1 through s * beta_hat
    assert results["same tips"]["q=0.5"][0] > results["same tips"]["L1"][0]
    assert results["through s*beta_hat"]["q=0.5"][0] < results["through s*beta_hat"]["L1"][0]
    assert f"on an axis in {results['same tips']['L1'][0]:3d} of {n}" in page5["__stdout__"]


def test_p5_every_budget_binds(page5):
    beta_hat = page5["beta_hat_all"]
    for levels in page5["matchings"].values():
        for shape, level in levels.items():
            assert np.all(page5["level_through"](beta_hat, shape) > level), shape


def test_p5_elastic_net_exact_test_matches_the_cone_formula(page5):
    A, beta_hat = page5["A_all"], page5["beta_hat_all"]
    rho = page5["rho"]
    for matching, levels in page5["matchings"].items():
        level = levels["elastic net"]
        r = (-rho + np.sqrt(rho**2 + 2 * (1 - rho) * level)) / (1 - rho)
        found = np.zeros(r.size, dtype=bool)
        for i in (0, 1):
            for sigma in (1, -1):
                b = np.zeros((r.size, 2))
                b[:, i] = sigma * r
                g = np.einsum("nij,nj->ni", A, b - beta_hat)
                outward = sigma * g[:, i] < 0
                cone = np.abs(g[:, 1 - i]) <= rho / (rho + (1 - rho) * r) * np.abs(g[:, i])
                found |= outward & cone
        assert found.sum() == page5["results_2d"][matching]["elastic net"][0]


@pytest.mark.parametrize("matching", ["same tips", "through s*beta_hat"])
def test_p5_q_half_axis_solutions_beat_a_dense_boundary(page5, matching):
    """The page's q = 0.5 count, recomputed with a denser boundary, refined towards the tips."""
    A, beta_hat = page5["A_all"], page5["beta_hat_all"]
    level = page5["matchings"][matching]["q=0.5"]
    tips = np.stack([level, np.zeros_like(level)], axis=1)  # tip radius = level for l_q balls
    near_axis = np.logspace(-10, np.log10(np.pi / 4), 3000)
    angles = np.concatenate(
        [k * np.pi / 2 + sign * near_axis for k in range(4) for sign in (1, -1)]
    )
    u = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    points = level[:, None, None] * u / sn.lp_norm(u, 0.5, axis=-1, keepdims=True)
    diff = points - beta_hat[:, None, :]
    boundary = 0.5 * np.einsum("nai,nij,naj->na", diff, A, diff).min(axis=1)
    tip_value = np.inf
    for b in (tips, -tips, tips[:, ::-1], -tips[:, ::-1]):
        d = b - beta_hat
        tip_value = np.minimum(tip_value, 0.5 * np.einsum("ni,nij,nj->n", d, A, d))
    dense_on_axis = tip_value <= boundary + 1e-12 * (1 + np.abs(boundary))
    assert dense_on_axis.sum() == page5["results_2d"][matching]["q=0.5"][0]


def test_p5_prox_power_matches_brute_force(page5):
    prox_power = page5["prox_power"]
    x = np.linspace(-3, 3, 241)
    u = 5e-4 * np.arange(-8000, 8001)
    for q in (0.5, 1.5):
        for lam in (0.1, 0.4, 1.0):
            objective = 0.5 * (u - x[:, None]) ** 2 + lam * np.abs(u) ** q
            brute = u[np.argmin(objective, axis=1)]
            exact = prox_power(x, lam, q)
            exact_objective = 0.5 * (exact - x) ** 2 + lam * np.abs(exact) ** q
            assert np.all(exact_objective <= objective.min(axis=1) + 1e-12)
            # away from the q = 0.5 threshold 1.5 lam^(2/3), where 0 and u tie:
            clear = np.abs(np.abs(x) - 1.5 * lam ** (2 / 3)) > 1e-6
            assert np.abs(brute - exact)[clear].max() <= 5e-4  # one grid step
    for q in (0.5, 1.5):  # the page's own check, printed as at most half its grid step
        x_check, u_grid = np.linspace(-3, 3, 121), 1e-3 * np.arange(-4000, 4001)
        objective = 0.5 * (u_grid - x_check[:, None]) ** 2 + 0.4 * np.abs(u_grid) ** q
        brute = u_grid[np.argmin(objective, axis=1)]
        assert np.abs(brute - prox_power(x_check, 0.4, q)).max() <= 5e-4 + 1e-12
    assert np.all(prox_power(x[x != 0], 0.4, 1.5) != 0)
    assert np.count_nonzero(prox_power(x, 0.4, 0.5) == 0) > 0


def test_p5_ten_dimensional_counts(page5):
    any_zero, mean_zeros = page5["any_zero"], page5["mean_zeros"]
    for name in ("q=1.5", "L2"):
        assert np.all(np.asarray(any_zero[name]) == 0)
    for name in ("L1", "elastic net", "q=0.5"):
        assert np.all(np.asarray(any_zero[name]) > 0)
        assert np.all(np.diff(mean_zeros[name]) > 0)
    assert page5["residual"] < 1e-9
    # independent: plain ISTA with the library's prox, many steps, same zero counts for L1
    gram, Xty = page5["gram"], page5["Xty"]
    for lam, expected in zip(page5["lambdas"], mean_zeros["L1"], strict=True):
        w = np.zeros_like(Xty)
        for _ in range(3000):
            w = sn.prox_l1(w - ((gram @ w[:, :, None])[:, :, 0] - Xty), lam)
        assert np.count_nonzero(w == 0, axis=1).mean() == expected


def test_p5_elastic_net_has_a_corner_lq_does_not(page5):
    assert page5["slope_en"][0] == pytest.approx(page5["rho_esl"], rel=1e-6)
    assert page5["slope_q"][0] < 0.01
    assert np.all(np.diff(page5["slope_q"]) > 0)


# -- page 6: plot_6_bayesian_picture.py ------------------------------------------------------


def _laplace_posterior_closed_form(z, lam):
    """Mean and P(w < 0) of p(w | z) ~ exp(-(w - z)^2 / 2 - lam |w|): two truncated normals."""
    from scipy.special import ndtr

    def pdf(x):
        return np.exp(-(x**2) / 2) / np.sqrt(2 * np.pi)

    mu_pos, mu_neg = z - lam, z + lam
    a_pos = np.exp(mu_pos**2 / 2) * ndtr(mu_pos)
    a_neg = np.exp(mu_neg**2 / 2) * ndtr(-mu_neg)
    mean_pos = mu_pos + pdf(mu_pos) / ndtr(mu_pos)
    mean_neg = mu_neg - pdf(mu_neg) / ndtr(-mu_neg)
    mean = (a_pos * mean_pos + a_neg * mean_neg) / (a_pos + a_neg)
    return mean, a_neg / (a_pos + a_neg)


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


def test_p6_laplace_posterior_mean_never_zero_and_matches_closed_form(page6):
    z, laplace = page6["z"], page6["summaries"]["Laplace"]
    mean, p_neg = _laplace_posterior_closed_form(z, 1.0)
    assert np.allclose(laplace["mean"], mean, atol=1e-6)
    assert np.allclose(laplace["P(w<0)"], p_neg, atol=5e-4)  # Riemann sum cut at 0
    assert np.count_nonzero(laplace["mean"] == 0) == 0
    assert np.all(np.sign(laplace["mean"]) == np.sign(z))
    assert np.abs(laplace["mean"]).min() == pytest.approx(np.abs(mean).min(), abs=1e-6)
    assert np.abs(laplace["mean"]).min() > 0.01
    k = page6["k"]
    assert z[k] == pytest.approx(0.78, abs=0.01) and laplace["mode"][k] == 0
    assert 0.2 < p_neg[k] < 0.5  # "well below one half"


def test_p6_gaussian_mode_equals_mean(page6):
    z, gauss = page6["z"], page6["summaries"]["Gaussian"]
    alpha = page6["alpha"]
    assert alpha == 0.5  # equal variance 2 with the Laplace prior of lam = 1
    assert np.allclose(gauss["mean"], z / (1 + alpha), atol=1e-9)
    assert np.allclose(gauss["mode"], z / (1 + alpha), atol=5e-4)
    assert np.all(gauss["mode"] != 0)


# -- page 7: plot_7_one_weight_to_a_model.py -------------------------------------------------


@pytest.fixture(scope="module")
def page7():
    return _run_page("plot_7_one_weight_to_a_model.py")


def test_p7_lasso_starts_all_zero_at_alpha_max(page7):
    X, y, n = page7["X"], page7["y"], page7["n_samples"]
    alpha_max = sn.L1().alpha_max(-X.T @ y / n)
    assert page7["alphas"][0] == pytest.approx(alpha_max, rel=1e-12)
    assert np.all(page7["lasso_coefs"][:, 0] == 0)
    assert page7["gaps"].max() < 1e-8


def test_p7_lasso_zero_pattern_matches_scikit_learn(page7):
    from sklearn.linear_model import lasso_path as sk_lasso_path

    X, y, alphas = page7["X"], page7["y"], page7["alphas"]
    _, sk_coefs, _ = sk_lasso_path(X, y, alphas=alphas, tol=1e-10, max_iter=100_000)
    assert np.array_equal(sk_coefs == 0, page7["lasso_coefs"] == 0)
    zeros = np.count_nonzero(sk_coefs == 0, axis=0)
    assert zeros[0] == 10 and zeros[-1] == 0
    assert np.all(zeros[[10, 30, 50, 70]] > 0)
    # not monotone: some coefficient is non-zero at one alpha and exactly zero at the next
    back = (sk_coefs[:, :-1] != 0) & (sk_coefs[:, 1:] == 0)
    assert back.any()
    assert len(page7["returns"]) == back.sum()


def test_p7_lasso_zeros_satisfy_the_optimality_condition(page7):
    X, y, n = page7["X"], page7["y"], page7["n_samples"]
    alpha_max = np.abs(X.T @ y).max() / n
    for alpha, w in zip(page7["alphas"], page7["lasso_coefs"].T, strict=True):
        grad = X.T @ (X @ w - y) / n
        assert sn.subdiff_distance_l1(w, grad, alpha).max() < 1e-6 * alpha_max
        assert np.all(np.abs(grad[w == 0]) <= alpha * (1 + 1e-9))


def test_p7_ridge_never_zero_and_matches_the_normal_equations(page7):
    X, y = page7["X"], page7["y"]
    coefs, ridge_alphas = page7["ridge_coefs"], page7["ridge_alphas"]
    assert ridge_alphas.size == 60 and ridge_alphas[0] == 1e7 and ridge_alphas[-1] == 1e-2
    for alpha, w in zip(ridge_alphas, coefs.T, strict=True):
        exact = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
        assert np.allclose(w, exact, rtol=1e-8, atol=1e-12)
    assert np.count_nonzero(coefs == 0) == 0
    smallest = np.abs(coefs[:, 0]).min()
    assert smallest == pytest.approx(np.abs(X.T @ y).min() / 1e7, rel=0.01)
