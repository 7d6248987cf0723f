"""The prose of the interactive cells (explorables), claim by claim.

Each explorable's cell says what its figure shows for every setting of its controls. The tests
here check every such sentence against a computation that does not use the page's code: a
closed form derived from the optimality (KKT) conditions and checked in exact fractions, an
independent constrained solver (scipy's SLSQP), and a fine search of the ball's boundary. They
also check that the numbers the page embeds in its Vega-Lite figure are those numbers.

Covered so far: "Explore it: move the budget" on ``gallery/beyond/plot_5_geometric_picture.py``.
"""

import contextlib
import io
import math
import runpy
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sparsenorm as sn

GALLERY = Path(__file__).parents[1] / "gallery"
CONSTRAINED = GALLERY / "beyond" / "plot_5_geometric_picture.py"

# The problem of the page, in exact fractions: f(w) = 1/2 (w - w_hat)^T A (w - w_hat).
A = ((Fraction(1), Fraction(1, 2)), (Fraction(1, 2), Fraction(1)))
W_HAT = (Fraction(2), Fraction(3, 5))
# The slider: t = 0.1, 0.2, ..., 2.6.
SLIDER = [Fraction(k, 10) for k in range(1, 27)]


@pytest.fixture(scope="module")
def page():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with contextlib.redirect_stdout(io.StringIO()) as out:
        namespace = runpy.run_path(str(CONSTRAINED), run_name="__main__")
    plt.close("all")
    namespace["__stdout__"] = out.getvalue()
    return namespace


def _prose(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    text = [line.strip()[1:] for line in lines if line.strip().startswith("#")]
    return " ".join(" ".join(text).split())


def _cell(path, title):
    """The prose of the cell with this section title."""
    prose = _prose(path)
    start = prose.index(f" {title} {'-' * len(title)} ")
    return prose[start:].split(" %% ")[0]


def _gradient(w):
    """grad f(w) = A (w - w_hat), exactly."""
    d = (w[0] - W_HAT[0], w[1] - W_HAT[1])
    return (A[0][0] * d[0] + A[0][1] * d[1], A[1][0] * d[0] + A[1][1] * d[1])


def _f(w):
    d = (w[0] - W_HAT[0], w[1] - W_HAT[1])
    g = _gradient(w)
    return (d[0] * g[0] + d[1] * g[1]) / 2


def _l1_closed_form(t):
    """The L1-constrained solution of this problem: corner, edge, or w_hat (the page's claims)."""
    if t <= Fraction(7, 5):
        return (t, Fraction(0))
    if t < Fraction(13, 5):
        return ((t + Fraction(7, 5)) / 2, (t - Fraction(7, 5)) / 2)
    return W_HAT


def _is_l1_kkt_point(w, t):
    """KKT for min f s.t. |w1| + |w2| <= t: feasible, and -grad f = mu * s, s in the
    subdifferential of |.|_1 at w, mu >= 0, mu = 0 unless the constraint is active."""
    g = _gradient(w)
    norm = abs(w[0]) + abs(w[1])
    if norm > t:
        return False
    if g == (0, 0):
        return True
    if norm < t:
        return False
    mu = max(abs(g[0]), abs(g[1]))  # |-g|_inf: the multiplier, since |s|_inf = 1 on the ball
    for gi, wi in zip(g, w, strict=True):
        if wi != 0 and -gi != mu * (1 if wi > 0 else -1):
            return False
    return mu > 0


def _l2_solution(t):
    """The disk's solution: (A + lam I)^-1 A w_hat with lam >= 0 by bisection (floats).

    ``t`` may be an array of budgets (the result then has shape (n, 2)).
    """
    a = np.array([[1.0, 0.5], [0.5, 1.0]])
    w_hat = np.array([2.0, 0.6])
    t = np.asarray(t, dtype=float)
    low, high = np.zeros(t.shape), np.full(t.shape, 1e6)

    def solve(lam):
        matrices = a + lam[..., None, None] * np.eye(2)
        return np.linalg.solve(matrices, np.broadcast_to(a @ w_hat, (*lam.shape, 2))[..., None])[
            ..., 0
        ]

    for _ in range(200):
        lam = (low + high) / 2
        too_long = np.linalg.norm(solve(lam), axis=-1) > t
        low, high = np.where(too_long, lam, low), np.where(too_long, high, lam)
    return np.where((np.linalg.norm(w_hat) <= t)[..., None], w_hat, solve(high))


def _slsqp(t, ball):
    """An independent constrained solve with scipy (SLSQP), from the origin."""
    from scipy.optimize import minimize

    a = np.array([[1.0, 0.5], [0.5, 1.0]])
    w_hat = np.array([2.0, 0.6])
    if ball == "L1":  # |w1| + |w2| <= t as four linear inequalities
        constraints = [
            {"type": "ineq", "fun": lambda w, s=s: t - s @ w}
            for s in np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
        ]
    else:
        constraints = [{"type": "ineq", "fun": lambda w: t**2 - w @ w}]
    result = minimize(
        lambda w: 0.5 * (w - w_hat) @ a @ (w - w_hat),
        np.zeros(2),
        jac=lambda w: a @ (w - w_hat),
        constraints=constraints,
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    assert result.success, result.message
    return result.x


# -- The problem and the corner condition ----------------------------------------------------


def test_the_page_solves_the_problem_it_states(page):
    assert np.array_equal(page["A"], np.array([[1.0, 0.5], [0.5, 1.0]]))
    assert np.array_equal(page["w_hat"], np.array([2.0, 0.6]))
    assert page["t"] == 1.0  # "The figure above shows t = 1"
    assert np.array_equal(page["solutions"]["L1"], [1.0, 0.0])
    assert float(W_HAT[1]) == 0.6 and math.isclose(float(sum(W_HAT)), 2.6)


def test_minus_the_gradient_at_the_corner():
    # "-grad f(t, 0) = (2.3 - t, 1.6 - t/2)"
    for t in [Fraction(k, 37) for k in range(1, 200)]:
        g = _gradient((t, Fraction(0)))
        assert (-g[0], -g[1]) == (Fraction(23, 10) - t, Fraction(8, 5) - t / 2)


def test_the_corner_condition_holds_exactly_up_to_one_point_four():
    # "|1.6 - t/2| <= 2.3 - t, which holds exactly for t <= 1.4"; the cone condition is the
    # KKT condition of the corner, so it decides whether (t, 0) is the solution
    grid = [Fraction(k, 1000) for k in range(1, 4001)] + [Fraction(7, 5) + Fraction(1, 10**9)]
    for t in grid:
        cone = abs(Fraction(8, 5) - t / 2) <= Fraction(23, 10) - t
        assert cone == (t <= Fraction(7, 5)), t
        assert _is_l1_kkt_point((t, Fraction(0)), t) == cone, t
    # the algebra, on both sides of 1.4: 1.6 - t/2 <= 2.3 - t  <=>  t <= 1.4
    assert Fraction(23, 10) - Fraction(8, 5) == Fraction(7, 5) / 2


def test_the_normal_cone_at_the_corner_is_the_cone_of_the_next_section():
    # {mu (1, s): mu >= 0, |s| <= 1} is the set of outward normals of the diamond at (t, 0):
    # each one makes (t, 0) the farthest point of the diamond in its direction
    t = 1.3
    rng = np.random.default_rng(0)
    ring = np.linspace(0, 2 * np.pi, 4001)
    diamond = t * np.stack([np.cos(ring), np.sin(ring)], 1)
    diamond /= np.abs(np.cos(ring))[:, None] + np.abs(np.sin(ring))[:, None]
    for s in rng.uniform(-1, 1, 50):
        normal = np.array([1.0, s])
        assert np.max(diamond @ normal) <= np.array([t, 0.0]) @ normal + 1e-12
    for s in (1.01, -1.2, 3.0):  # outside the cone: some point of the diamond is farther
        assert np.max(diamond @ np.array([1.0, s])) > t + 1e-6


# -- The L1 solution for every budget ---------------------------------------------------------


def test_the_l1_closed_form_is_the_kkt_point_for_every_budget():
    # a convex problem: a KKT point is the solution, and it is unique here (A is positive
    # definite, so f is strictly convex)
    for t in [Fraction(k, 500) for k in range(1, 2001)] + SLIDER:
        w = _l1_closed_form(t)
        assert _is_l1_kkt_point(w, t), t
        if t <= Fraction(7, 5):  # "sits on the corner (t, 0), with w2 exactly 0"
            assert w == (t, 0)
        elif t < Fraction(13, 5):  # "leaves the axis along the diamond's edge"
            assert w[0] > 0 and w[1] > 0 and w[0] + w[1] == t
        else:  # "from t = |w_hat|_1 = 2.6 on it is w_hat itself"
            assert w == W_HAT and abs(W_HAT[0]) + abs(W_HAT[1]) == Fraction(13, 5) <= t
    assert not _is_l1_kkt_point(W_HAT, Fraction(13, 5) - Fraction(1, 10**6))


@pytest.mark.parametrize("t", [0.05, 0.5, 1.0, 1.39, 1.41, 1.7, 2.2, 2.59, 2.6, 3.0])
def test_the_l1_solution_agrees_with_scipy_and_a_boundary_search(t):
    expected = np.array([float(v) for v in _l1_closed_form(Fraction(t))])
    assert np.allclose(_slsqp(t, "L1"), expected, atol=1e-5)
    if t < 2.6:  # w_hat is outside: the solution is on the boundary; search it finely
        s = np.linspace(0, 1, 400_001)
        edges = [np.stack([(1 - s) * t * a, s * t * b], 1) for a in (1, -1) for b in (1, -1)] + [
            np.stack([s * t * a, (1 - s) * t * b], 1) for a in (1, -1) for b in (1, -1)
        ]
        points = np.concatenate(edges)
        d = points - np.array([2.0, 0.6])
        values = 0.5 * np.einsum("ni,ij,nj->n", d, np.array([[1, 0.5], [0.5, 1]]), d)
        assert np.allclose(points[np.argmin(values)], expected, atol=1e-5)


# -- The disk's solution for every budget ------------------------------------------------------


def test_the_disk_solution_has_both_coordinates_positive_for_every_multiplier():
    # (A + lam I)^-1 A w_hat = ((1 + lam) 2.3 - 0.8, (1 + lam) 1.6 - 1.15) / ((1 + lam)^2 - 1/4),
    # positive in both coordinates for every lam >= 0 (2.3 > 0.8 and 1.6 > 1.15)
    a_w_hat = (A[0][0] * W_HAT[0] + A[0][1] * W_HAT[1], A[1][0] * W_HAT[0] + A[1][1] * W_HAT[1])
    assert a_w_hat == (Fraction(23, 10), Fraction(8, 5))
    for lam in [Fraction(k, 7) for k in range(0, 500)] + [Fraction(10**9)]:
        m = 1 + lam
        det = m * m - Fraction(1, 4)
        w = ((m * a_w_hat[0] - a_w_hat[1] / 2) / det, (m * a_w_hat[1] - a_w_hat[0] / 2) / det)
        # it solves (A + lam I) w = A w_hat
        assert (A[0][0] + lam) * w[0] + A[0][1] * w[1] == a_w_hat[0]
        assert A[1][0] * w[0] + (A[1][1] + lam) * w[1] == a_w_hat[1]
        assert det > 0 and w[0] > 0 and w[1] > 0


def test_the_disk_solution_has_both_coordinates_non_zero_for_every_budget():
    norm = float(np.hypot(2.0, 0.6))
    assert f"{norm:.2f}" == "2.09"  # "from t = |w_hat|_2 ~ 2.09 on it is w_hat"
    budgets = np.linspace(1e-4, 2.6, 5001)
    w = _l2_solution(budgets)
    assert np.all(w > 0)
    outside = budgets < norm
    assert np.allclose(np.linalg.norm(w[outside], axis=1), budgets[outside], rtol=1e-9)
    assert np.all(w[~outside] == [2.0, 0.6])
    for t in (0.1, 0.7, 1.3, 2.0, 2.5):
        assert np.allclose(_slsqp(t, "L2"), _l2_solution(t), atol=1e-5)


# -- What the page computed and embeds in its figure -------------------------------------------


def test_the_slider_and_the_budgets(page):
    spec = page["explorable"].to_dict()
    slider = next(p for p in spec["params"] if p["name"] == "t")
    assert slider["value"] == 1.0
    assert (slider["bind"]["min"], slider["bind"]["max"], slider["bind"]["step"]) == (
        0.1,
        2.6,
        0.1,
    )
    assert page["budgets"].tolist() == [float(t) for t in SLIDER]  # "from 0.1 to 2.6"
    rows = spec["datasets"]["solutions"]
    assert sorted({row["t"] for row in rows}) == [float(t) for t in SLIDER]
    assert sorted({row["t"] for row in spec["datasets"]["shapes"]}) == [float(t) for t in SLIDER]


def test_the_embedded_solutions_are_the_exact_ones(page):
    rows = page["explorable"].to_dict()["datasets"]["solutions"]
    assert len(rows) == 2 * len(SLIDER)
    for row in rows:
        t = Fraction(row["t"]).limit_denominator(10)
        w = np.array([row["w1"], row["w2"]])
        if row["ball"] == "L1":
            exact = _l1_closed_form(t)
            assert np.allclose(w, [float(v) for v in exact], rtol=0, atol=1e-12), row
            # "with w2 exactly 0": the computed corner is exactly (t, 0), and only there
            assert (row["w2"] == 0) == (t <= Fraction(7, 5)), row
            if t <= Fraction(7, 5):
                assert (row["w1"], row["w2"]) == (row["t"], 0.0)
        else:
            assert np.allclose(w, _l2_solution(row["t"]), rtol=0, atol=1e-12), row
            assert np.all(w != 0), row  # "both coordinates non-zero for every budget"
        on_axis = "on an axis (exact 0)" in row["label"]
        assert on_axis == bool(np.any(w == 0)), row
        assert row["label"].startswith(f"{row['ball']}: w* = ({w[0]:.4g}, {w[1]:.4g})")


def test_the_outlines_are_the_balls_and_the_touching_contours(page):
    a = np.array([[1.0, 0.5], [0.5, 1.0]])
    w_hat = np.array([2.0, 0.6])
    rows = page["explorable"].to_dict()["datasets"]
    solution = {(r["t"], r["ball"]): np.array([r["w1"], r["w2"]]) for r in rows["solutions"]}
    for shape in rows["shapes"]:
        t, points = shape["t"], np.column_stack([shape["x"], shape["y"]])
        ball, kind = shape["shape"].split()
        if kind == "ball":
            norm = sn.l1_norm(points, axis=1) if ball == "L1" else sn.l2_norm(points, axis=1)
            assert np.allclose(norm, t, atol=2e-4)
            continue
        w_star = solution[(t, ball)]
        level = 0.5 * (w_star - w_hat) @ a @ (w_star - w_hat)
        d = points - w_hat
        values = 0.5 * np.einsum("ni,ij,nj->n", d, a, d)
        assert np.allclose(values, level, atol=1e-3)  # "the ellipse f(w) = f(w*)"
        inside = np.linalg.norm(w_hat, ord=1 if ball == "L1" else 2) < t
        if not inside and level > 0:
            # "which touches the ball there": the ellipse meets the ball, and only at w*
            on_ball = sn.l1_norm(points, axis=1) if ball == "L1" else sn.l2_norm(points, axis=1)
            assert on_ball.min() >= t - 2e-3, (t, ball)
            nearest = points[np.argmin(on_ball)]
            assert np.linalg.norm(nearest - w_star) < 0.3, (t, ball)


def test_the_printed_lines(page):
    out = page["__stdout__"]
    corner = [t for t in SLIDER if _l1_closed_form(t) == (t, 0)]
    assert len(corner) == 14 and corner[-1] == Fraction(7, 5)
    line = f"L1 solution exactly (t, 0) for t = 0.1, ..., 1.4: {len(corner)} of 26 budgets"
    assert line in out
    assert "t = 1, L1: w* = (1, 0)  on an axis (exact 0)" in out
    assert "t = 2, L1: w* = (1.7, 0.3)\n" in out  # ((2 + 1.4) / 2, (2 - 1.4) / 2)
    l2 = _l2_solution(2.0)
    assert f"t = 2, L2: w* = ({l2[0]:.4g}, {l2[1]:.4g})\n" in out


@settings(max_examples=300, deadline=None)
@given(st.floats(1e-3, 1e3), st.floats(0, 1), st.floats(-1, 1))
def test_the_projection_onto_the_diamond_returns_exact_zeros(t, excess, share):
    # "whose projection onto the diamond returns exact zeros": a point of the corner's
    # normal cone beyond the corner projects onto the corner with an exact 0
    x1 = t + 1 + 10 * excess
    x2 = share * (x1 - t) * (1 - 1e-9)
    projected = sn.project_l1_ball(np.array([x1, x2]), t)
    assert projected[1] == 0.0 and math.isclose(projected[0], t, rel_tol=1e-12)


# -- The sentences themselves ------------------------------------------------------------------


def test_the_cell_says_what_is_tested_here():
    cell = _cell(CONSTRAINED, "Explore it: move the budget")
    for sentence in (
        "For budgets up to :math:`t = 1.4` the L1 solution sits on the corner :math:`(t, 0)`, "
        "with :math:`w_2` exactly 0; above it, the solution leaves the axis along the diamond's "
        "edge, and from :math:`t = \\|\\hat w\\|_1 = 2.6` on it is :math:`\\hat w` itself.",
        "The disk's solution has both coordinates non-zero for every budget (from "
        ":math:`t = \\|\\hat w\\|_2 \\approx 2.09` on it is :math:`\\hat w`).",
        ":math:`-\\nabla f(t, 0) = (2.3 - t,\\ 1.6 - t/2)`",
        "that is when :math:`|1.6 - t/2| \\le 2.3 - t`, which holds exactly for "
        ":math:`t \\le 1.4`.",
        "The figure above shows :math:`t = 1`",
        "as :math:`t` goes from 0.1 to 2.6",
    ):
        assert sentence in cell, sentence
