"""Exact values of the core functions on small hand-checked cases, and the article's numbers."""

import numpy as np
import pytest

import sparsenorm as sn

# ---------------------------------------------------------------------------- norms


def test_norms_of_a_hand_checked_vector():
    x = np.array([3.0, -4.0, 0.0, 1.0])
    assert sn.l0_norm(x) == 3
    assert sn.l1_norm(x) == 8.0
    assert sn.squared_l2_norm(x) == 26.0
    assert sn.l2_norm(x) == np.sqrt(26.0)
    assert sn.linf_norm(x) == 4.0
    assert sn.lp_norm(x, 3) == pytest.approx((27 + 64 + 1) ** (1 / 3), rel=1e-15)
    assert sn.lp_norm(x, 0.5) == pytest.approx((np.sqrt(3) + 2 + 1) ** 2, rel=1e-15)
    assert sn.lp_norm(x, np.inf) == 4.0


def test_l0_tolerance_and_axis():
    x = np.array([[0.0, 1e-12, 2.0], [-3.0, 0.0, 0.0]])
    assert sn.l0_norm(x) == 3
    assert sn.l0_norm(x, tol=1e-9) == 2
    np.testing.assert_array_equal(sn.l0_norm(x, axis=0), [1, 1, 1])
    np.testing.assert_array_equal(sn.l0_norm(x, axis=1, keepdims=True), [[2], [1]])


@pytest.mark.parametrize(
    "norm, reference",
    [
        (sn.l1_norm, lambda a, **k: np.linalg.vector_norm(a, ord=1, **k)),
        (sn.l2_norm, lambda a, **k: np.linalg.vector_norm(a, ord=2, **k)),
        (sn.linf_norm, lambda a, **k: np.linalg.vector_norm(a, ord=np.inf, **k)),
        (
            lambda a, **k: sn.lp_norm(a, 3, **k),
            lambda a, **k: np.linalg.vector_norm(a, ord=3, **k),
        ),
    ],
)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), (0, 1, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_axis_semantics_match_numpy_vector_norm(norm, reference, axis, keepdims):
    x = np.random.default_rng(1).standard_normal((3, 4, 5))
    got = norm(x, axis=axis, keepdims=keepdims)
    expected = reference(x, axis=axis, keepdims=keepdims)
    assert np.shape(got) == np.shape(expected)
    np.testing.assert_allclose(got, expected, rtol=1e-13)


@pytest.mark.parametrize(
    "norm",
    [sn.l0_norm, sn.l1_norm, sn.l2_norm, sn.squared_l2_norm, sn.linf_norm],
)
def test_empty_input_has_norm_zero(norm):
    assert norm(np.array([])) == 0
    np.testing.assert_array_equal(norm(np.zeros((0, 3)), axis=0), np.zeros(3))


def test_lp_norm_of_empty_and_zero_vectors():
    assert sn.lp_norm([], 0.5) == 0
    assert sn.lp_norm(np.zeros(4), 1.5) == 0


def test_l2_norm_neither_overflows_nor_underflows():
    assert sn.l2_norm([3e200, 4e200]) == pytest.approx(5e200, rel=1e-15)
    assert sn.l2_norm([3e-200, 4e-200]) == pytest.approx(5e-200, rel=1e-15)
    assert sn.lp_norm([3e200, 4e200], 1.5) == pytest.approx(
        1e200 * (3**1.5 + 4**1.5) ** (1 / 1.5), rel=1e-14
    )
    assert sn.l2_norm(np.zeros(3)) == 0


def test_l1_norm_overflow_of_finite_input_is_infinity_not_an_error():
    x = np.full(1 << 17, 1e308)
    assert sn.l1_norm(x) == np.inf


def test_large_vector_fast_path_matches_plain_numpy():
    x = np.random.default_rng(2).standard_normal(300_001)
    assert sn.l1_norm(x) == pytest.approx(np.abs(x).sum(), rel=1e-12)
    x32 = x.astype(np.float32)
    assert sn.l1_norm(x32).dtype == np.float32
    assert sn.l1_norm(x32) == pytest.approx(np.abs(x32.astype(np.float64)).sum(), rel=1e-5)
    np.testing.assert_array_equal(sn.prox_l1(x, 0.7), np.sign(x) * np.maximum(np.abs(x) - 0.7, 0))


def test_group_l21_norm():
    x = np.array([3.0, 4.0, 0.0, 1.0, 2.0, 2.0])
    assert sn.group_l21_norm(x, 2) == 5.0 + 1.0 + np.sqrt(8.0)
    assert sn.group_l21_norm(x, [[0, 1], [2, 3, 4, 5]]) == 5.0 + 3.0
    assert sn.group_l21_norm(x, 1) == sn.l1_norm(x)
    assert sn.group_l21_norm(x, 6) == sn.l2_norm(x)


# ------------------------------------------------------------------ (sub)gradients


def test_subgradient_l1_is_sign_with_zero_at_zero():
    np.testing.assert_array_equal(sn.subgradient_l1([-2.0, -0.0, 0.0, 1e-300]), [-1, 0, 0, 1])


def test_grad_squared_l2_is_a_copy():
    w = np.array([1.0, -2.0])
    g = sn.grad_squared_l2(w)
    np.testing.assert_array_equal(g, w)
    assert not np.shares_memory(g, w)


def test_subdiff_distance_l1_hand_values():
    w = np.array([0.0, 0.0, 0.0, 2.0, -1.0])
    grad = np.array([0.5, -1.0, -3.0, -1.0, 0.25])
    np.testing.assert_allclose(sn.subdiff_distance_l1(w, grad, 1.0), [0, 0, 2, 0, 0.75])


# ---------------------------------------------------------------- proximal operators


def test_prox_hand_values():
    x = np.array([3.0, -0.2, 0.5, -1.5, 0.0])
    np.testing.assert_array_equal(sn.prox_l1(x, 0.5), [2.5, 0, 0, -1.0, 0])
    np.testing.assert_allclose(sn.prox_squared_l2(x, 1.0), x / 2)
    np.testing.assert_allclose(sn.prox_elastic_net(x, 1.0, 0.5), [2.5 / 1.5, 0, 0, -1 / 1.5, 0])
    np.testing.assert_array_equal(sn.prox_elastic_net(x, 0.5, 1.0), sn.prox_l1(x, 0.5))
    np.testing.assert_allclose(sn.prox_elastic_net(x, 0.5, 0.0), sn.prox_squared_l2(x, 0.5))
    # Hard thresholding at sqrt(2 * 0.5) = 1: the tie |x| = 1 goes to 0.
    np.testing.assert_array_equal(sn.prox_l0([3.0, -1.0, 1.5, 0.99], 0.5), [3.0, 0, 1.5, 0])


def test_prox_group_l21_zeroes_whole_groups():
    x = np.array([3.0, 4.0, 0.3, 0.4])
    np.testing.assert_allclose(sn.prox_group_l21(x, 1.0, 2), [2.4, 3.2, 0, 0])
    np.testing.assert_allclose(sn.prox_group_l21(x, 1.0, 1), sn.prox_l1(x, 1.0))


def test_projections_hand_values():
    np.testing.assert_allclose(sn.project_l2_ball([3.0, 4.0], 1.0), [0.6, 0.8])
    np.testing.assert_allclose(sn.project_l1_ball([3.0, 1.0, -0.5], 2.0), [2.0, 0, 0])
    np.testing.assert_allclose(sn.project_l1_ball([1.0, 1.0], 1.0), [0.5, 0.5])
    np.testing.assert_allclose(sn.project_l1_ball([0.2, -0.3], 1.0), [0.2, -0.3])
    np.testing.assert_array_equal(sn.project_l1_ball([0.2, -0.3], 0.0), [0, 0])
    np.testing.assert_array_equal(sn.project_linf_ball([3.0, -0.2, -5.0], 1.0), [1, -0.2, -1])


# ------------------------------------------------------ the article's numbers (source 1)


@pytest.mark.parametrize("eps, delta", [(0.1, 0.05), (0.01, 0.01), (0.3, 0.1)])
def test_explanation_1_reductions(eps, delta):
    x = np.array([1.0, eps])
    big = np.array([1.0 - delta, eps])
    small = np.array([1.0, eps - delta])
    # l1 drops by delta either way
    assert sn.l1_norm(x) - sn.l1_norm(big) == pytest.approx(delta, rel=1e-12)
    assert sn.l1_norm(x) - sn.l1_norm(small) == pytest.approx(delta, rel=1e-12)
    # squared l2 drops by 2δ − δ² for the big entry, 2εδ − δ² for the small one
    drop_big = sn.squared_l2_norm(x) - sn.squared_l2_norm(big)
    drop_small = sn.squared_l2_norm(x) - sn.squared_l2_norm(small)
    assert drop_big == pytest.approx(2 * delta - delta**2, rel=1e-12)
    assert drop_small == pytest.approx(2 * eps * delta - delta**2, rel=1e-12)
    assert drop_big > drop_small


def test_ten_l1_steps_from_five_reach_exactly_zero_and_stay():
    path = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=12)
    np.testing.assert_array_equal(path[:11], 5.0 - 0.5 * np.arange(11))
    assert path[10] == 0.0 and path[9] == 0.5
    assert np.all(path[10:] == 0.0)


def test_l2_steps_halve_the_weight():
    path = sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=0.5, n_steps=20)
    np.testing.assert_array_equal(path, 5.0 * 0.5 ** np.arange(21))
    assert np.all(path > 0)


def test_penalty_descent_shapes_and_dtype():
    path = sn.penalty_descent(sn.L1(0.5), np.array([1.0, -2.0], dtype=np.float32), 0.1, 4)
    assert path.shape == (5, 2) and path.dtype == np.float32
    prox_path = sn.penalty_descent(sn.L1(1.0), 5.2, 0.5, 12, method="proximal")
    assert prox_path[-1] == 0.0 and np.all(np.diff(prox_path) <= 0)
    assert sn.penalty_descent(sn.L1(), 1.0, 0.5, 0).shape == (1,)


# ------------------------------------------------------------------------ penalties


def test_penalty_values_and_alpha_max():
    w = np.array([2.0, 0.0, -1.0])
    assert sn.L1(0.5).value(w) == 1.5
    assert sn.SquaredL2(2.0).value(w) == 5.0
    assert sn.ElasticNetPenalty(1.0, 0.5).value(w) == pytest.approx(1.5 + 1.25)
    assert sn.L0(0.5).value(w) == 1.0
    grad0 = np.array([0.5, -3.0])
    assert sn.L1(1.0).alpha_max(grad0) == 3.0
    assert sn.ElasticNetPenalty(1.0, 0.25).alpha_max(grad0) == 12.0
    assert sn.ElasticNetPenalty(1.0, 0.0).alpha_max(grad0) == np.inf
    assert sn.SquaredL2(1.0).alpha_max(grad0) == np.inf
    assert sn.SquaredL2(1.0).alpha_max(np.zeros(2)) == 0.0
    assert not hasattr(sn.L0(1.0), "alpha_max")
    assert not hasattr(sn.L1(1.0), "grad")


def test_zero_is_optimal_exactly_from_alpha_max():
    """At α = alpha_max, 0 satisfies the optimality condition; just below it does not."""
    grad0 = np.array([0.5, -3.0, 1.0])
    alpha = sn.L1().alpha_max(grad0)
    assert np.all(sn.L1(alpha).subdiff_distance(np.zeros(3), grad0) == 0)
    assert np.any(sn.L1(alpha * 0.99).subdiff_distance(np.zeros(3), grad0) > 0)


def test_penalties_are_immutable_and_hold_only_hyperparameters():
    penalty = sn.ElasticNetPenalty(alpha=2, l1_ratio=1)
    assert penalty.alpha == 2.0 and isinstance(penalty.alpha, float)
    with pytest.raises(AttributeError):
        penalty.alpha = 3.0
    assert penalty == sn.ElasticNetPenalty(2.0, 1.0)


def test_prox_of_a_penalty_scales_the_step_by_alpha():
    x = np.array([3.0, -0.4])
    np.testing.assert_array_equal(sn.L1(2.0).prox(x, 0.25), sn.prox_l1(x, 0.5))
    np.testing.assert_allclose(sn.SquaredL2(2.0).prox(x, 0.25), x / 1.5)
    np.testing.assert_array_equal(sn.L0(2.0).prox(x, 0.25), sn.prox_l0(x, 0.5))


def test_import_is_numpy_only_and_fast():
    import subprocess
    import sys

    code = (
        "import sys, time; t = time.perf_counter(); import sparsenorm; "
        "print(time.perf_counter() - t); "
        "assert 'scipy' not in sys.modules, 'scipy imported'; "
        "assert 'sklearn' not in sys.modules, 'sklearn imported'; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_penalty_descent_reports_divergence_with_the_step_number():
    with np.errstate(over="ignore"):
        path = sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=3.0, n_steps=1022)
        assert np.isinf(path[-1]) and np.all(np.isfinite(path[:-1]))
        with pytest.raises(ValueError, match="after step 1022 is not finite"):
            sn.penalty_descent(sn.SquaredL2(1.0), 5.0, step=3.0, n_steps=1023)
