"""Property tests (hypothesis): norm axioms, prox optimality, Moreau, non-expansiveness."""

import itertools
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sparsenorm as sn
from sparsenorm.testing import (
    assert_gradient_matches,
    assert_moreau_decomposition,
    assert_prox_optimal,
)

settings.register_profile("sparsenorm", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("thorough", max_examples=1500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sparsenorm"))

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
vectors = st.integers(1, 12).flatmap(lambda n: arrays(np.float64, n, elements=finite))
pairs = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, n, elements=finite), arrays(np.float64, n, elements=finite)
    )
)
steps = st.floats(1e-3, 10.0)
scalars = st.floats(-100, 100, allow_nan=False)

NORMS = {
    "l1": sn.l1_norm,
    "l2": sn.l2_norm,
    "linf": sn.linf_norm,
    "l1.5": lambda x: sn.lp_norm(x, 1.5),
    "l3": lambda x: sn.lp_norm(x, 3),
    "group": lambda x: sn.group_l21_norm(x, 1),
}

PENALTIES = [
    sn.L1(0.7),
    sn.SquaredL2(1.3),
    sn.ElasticNetPenalty(0.9, 0.3),
    sn.ElasticNetPenalty(0.5, 1.0),
    sn.ElasticNetPenalty(0.5, 0.0),
    sn.L0(0.4),
]


@pytest.mark.parametrize("name", NORMS)
@given(x=vectors, c=scalars)
def test_absolute_homogeneity(name, x, c):
    norm = NORMS[name]
    assert norm(c * x) == pytest.approx(abs(c) * norm(x), rel=1e-10, abs=1e-300)


@pytest.mark.parametrize("name", NORMS)
@given(xy=pairs)
def test_triangle_inequality(name, xy):
    x, y = xy
    norm = NORMS[name]
    assert norm(x + y) <= (norm(x) + norm(y)) * (1 + 1e-12) + 1e-12


@given(x=vectors)
def test_lp_norm_decreases_with_p(x):
    ps = [0.25, 0.5, 1, 1.5, 2, 3, 10, np.inf]
    values = [sn.lp_norm(x, p) for p in ps]
    assert all(a >= b * (1 - 1e-12) for a, b in itertools.pairwise(values))


@given(x=vectors)
def test_norm_is_zero_only_at_zero(x):
    for name, norm in NORMS.items():
        assert (norm(x) == 0) == (not np.any(x)), name


@given(x=vectors)
def test_quasi_norm_breaks_the_triangle_inequality_only_below_one(x):
    e1, e2 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert sn.lp_norm(e1 + e2, 0.5) > sn.lp_norm(e1, 0.5) + sn.lp_norm(e2, 0.5)
    assert sn.lp_norm(x, 0.5) >= sn.l1_norm(x) * (1 - 1e-12)


@pytest.mark.parametrize("penalty", PENALTIES, ids=repr)
@given(x=vectors, step=steps)
def test_prox_satisfies_its_optimality_condition(penalty, x, step):
    assert_prox_optimal(penalty, x, step)


@pytest.mark.parametrize("penalty", PENALTIES[:5], ids=repr)
@given(xy=pairs, step=steps)
def test_convex_prox_is_non_expansive(penalty, xy, step):
    x, y = xy
    distance = sn.l2_norm(penalty.prox(x, step) - penalty.prox(y, step))
    assert distance <= sn.l2_norm(x - y) * (1 + 1e-12) + 1e-12


@given(x=vectors, step=steps)
def test_moreau_decomposition_l1_and_linf_ball(x, step):
    assert_moreau_decomposition(sn.prox_l1, lambda v, t: sn.project_linf_ball(v, 1.0), x, step)


@given(x=vectors, step=steps)
def test_moreau_decomposition_l2_and_l2_ball(x, step):
    """h = ||.||_2 has h* = indicator of the l2 unit ball; prox_h is group soft-thresholding."""
    n = x.size
    assert_moreau_decomposition(
        lambda v, t: sn.prox_group_l21(v, t, n), lambda v, t: sn.project_l2_ball(v, 1.0), x, step
    )


@given(x=vectors, step=steps)
def test_moreau_decomposition_squared_l2_is_self_dual(x, step):
    """(½‖·‖²)* = ½‖·‖², so prox_{t h}(x) + t prox_{h/t}(x/t) = x."""
    assert_moreau_decomposition(
        sn.prox_squared_l2, lambda v, t: sn.prox_squared_l2(v, 1 / t), x, step
    )


@given(x=vectors, radius=st.floats(0, 100))
def test_projections_land_in_the_ball_and_are_idempotent(x, radius):
    for project, norm in [
        (sn.project_l1_ball, sn.l1_norm),
        (sn.project_l2_ball, sn.l2_norm),
        (sn.project_linf_ball, sn.linf_norm),
    ]:
        p = project(x, radius)
        assert norm(p) <= radius * (1 + 1e-12) + 1e-12
        np.testing.assert_allclose(project(p, radius), p, rtol=1e-12, atol=1e-12)


@given(x=vectors, radius=st.floats(1e-3, 100))
def test_l1_projection_is_the_closest_point_of_the_ball(x, radius):
    """Variational inequality: <x − p, q − p> <= 0 for every q in the ball (vertices suffice)."""
    p = sn.project_l1_ball(x, radius)
    n = x.size
    vertices = np.vstack([radius * np.eye(n), -radius * np.eye(n)])
    inner = (vertices - p) @ (x - p)
    assert np.all(inner <= 1e-9 * (1 + sn.l2_norm(x)) ** 2)


@given(x=vectors, step=steps)
def test_l1_prox_is_a_projection_residual(x, step):
    np.testing.assert_array_equal(sn.prox_l1(x, step), x - sn.project_linf_ball(x, step))


@given(x=vectors)
def test_gradients_match_finite_differences(x):
    w = x / 100 + 0.01
    assert_gradient_matches(lambda v: 0.5 * sn.squared_l2_norm(v), sn.grad_squared_l2, w)
    penalty = sn.SquaredL2(1.7)
    assert_gradient_matches(penalty.value, penalty.grad, w)
    # Away from zero, |w| is differentiable and its gradient is the sign.
    off_zero = np.where(np.abs(w) < 1e-3, 0.5, w)
    assert_gradient_matches(sn.l1_norm, sn.subgradient_l1, off_zero)


@given(x=vectors, step=steps)
def test_l1_prox_zeroes_exactly_the_dead_zone(x, step):
    u = sn.prox_l1(x, step)
    np.testing.assert_array_equal(u == 0, np.abs(x) <= step)
