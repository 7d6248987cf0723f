"""Bad input gets a clear error naming the argument; dtypes are kept; inputs are never mutated."""

import numpy as np
import pytest

import sparsenorm as sn

# One call per public array function, with x as its first argument.
ARRAY_FUNCTIONS = {
    "l0_norm": lambda x: sn.l0_norm(x),
    "l1_norm": lambda x: sn.l1_norm(x),
    "l2_norm": lambda x: sn.l2_norm(x),
    "squared_l2_norm": lambda x: sn.squared_l2_norm(x),
    "linf_norm": lambda x: sn.linf_norm(x),
    "lp_norm": lambda x: sn.lp_norm(x, 1.5),
    "group_l21_norm": lambda x: sn.group_l21_norm(x, 1),
    "subgradient_l1": lambda x: sn.subgradient_l1(x),
    "grad_squared_l2": lambda x: sn.grad_squared_l2(x),
    "prox_l1": lambda x: sn.prox_l1(x, 0.5),
    "prox_squared_l2": lambda x: sn.prox_squared_l2(x, 0.5),
    "prox_elastic_net": lambda x: sn.prox_elastic_net(x, 0.5, 0.5),
    "prox_l0": lambda x: sn.prox_l0(x, 0.5),
    "prox_group_l21": lambda x: sn.prox_group_l21(x, 0.5, 1),
    "project_l1_ball": lambda x: sn.project_l1_ball(x, 1.0),
    "project_l2_ball": lambda x: sn.project_l2_ball(x, 1.0),
    "project_linf_ball": lambda x: sn.project_linf_ball(x, 1.0),
}
FLOAT_OUTPUT = [name for name in ARRAY_FUNCTIONS if name != "l0_norm"]
ARGUMENT_NAME = {"subgradient_l1": "w", "grad_squared_l2": "w"}
ELEMENTWISE = [name for name in FLOAT_OUTPUT if not name.endswith("norm")]


@pytest.mark.parametrize("name", ARRAY_FUNCTIONS)
@pytest.mark.parametrize(
    "bad, message",
    [
        (np.nan, "x contains NaN"),
        (np.inf, "x contains infinity"),
        (-np.inf, "x contains infinity"),
    ],
)
def test_non_finite_input_is_rejected(name, bad, message):
    x = np.array([1.0, bad, 2.0])
    message = message.replace("x", ARGUMENT_NAME.get(name, "x"), 1)
    with pytest.raises(ValueError, match=f"^{message}"):
        ARRAY_FUNCTIONS[name](x)


@pytest.mark.parametrize("name", ["l1_norm", "prox_l1"])
@pytest.mark.parametrize("bad, message", [(np.nan, "NaN"), (np.inf, "infinity")])
def test_non_finite_input_is_rejected_on_the_large_vector_fast_path(name, bad, message):
    x = np.ones(1 << 17)
    x[-7] = bad
    with pytest.raises(ValueError, match=f"x contains {message}"):
        ARRAY_FUNCTIONS[name](x)


@pytest.mark.parametrize("name", ARRAY_FUNCTIONS)
@pytest.mark.parametrize(
    "bad", [np.array(["a", "b"]), np.array([1 + 2j]), [[1.0, 2.0], [3.0]], np.array([None, 1.0])]
)
def test_non_numeric_input_is_a_type_error_naming_x(name, bad):
    with pytest.raises(TypeError, match=f"^{ARGUMENT_NAME.get(name, 'x')} must be"):
        ARRAY_FUNCTIONS[name](bad)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda v: sn.prox_l1([1.0], v), "step"),
        (lambda v: sn.prox_squared_l2([1.0], v), "step"),
        (lambda v: sn.prox_elastic_net([1.0], v, 0.5), "step"),
        (lambda v: sn.prox_l0([1.0], v), "step"),
        (lambda v: sn.prox_group_l21([1.0], v, 1), "step"),
        (lambda v: sn.project_l1_ball([1.0], v), "radius"),
        (lambda v: sn.project_l2_ball([1.0], v), "radius"),
        (lambda v: sn.project_linf_ball([1.0], v), "radius"),
        (lambda v: sn.subdiff_distance_l1([1.0], [1.0], v), "alpha"),
        (lambda v: sn.l0_norm([1.0], tol=v), "tol"),
        (lambda v: sn.L1(v), "alpha"),
        (lambda v: sn.SquaredL2(v), "alpha"),
        (lambda v: sn.ElasticNetPenalty(v, 0.5), "alpha"),
        (lambda v: sn.L0(v), "alpha"),
        (lambda v: sn.L1(1.0).prox([1.0], v), "step"),
        (lambda v: sn.penalty_descent(sn.L1(), 1.0, v, 3), "step"),
    ],
    ids=[
        "prox_l1",
        "prox_squared_l2",
        "prox_elastic_net",
        "prox_l0",
        "prox_group_l21",
        "project_l1_ball",
        "project_l2_ball",
        "project_linf_ball",
        "subdiff_distance_l1",
        "l0_norm",
        "L1",
        "SquaredL2",
        "ElasticNetPenalty",
        "L0",
        "L1.prox",
        "penalty_descent",
    ],
)
@pytest.mark.parametrize("value", [-0.5, np.nan, np.inf, -np.inf])
def test_bad_scalar_parameters_are_rejected_by_name(call, argument, value):
    with pytest.raises(ValueError, match=f"^{argument} must be"):
        call(value)


@pytest.mark.parametrize("value", ["0.5", None, [0.5], True])
def test_non_real_scalar_parameters_are_type_errors(value):
    with pytest.raises(TypeError, match="^step must be a real number"):
        sn.prox_l1([1.0], value)


@pytest.mark.parametrize("l1_ratio", [-0.1, 1.5, np.nan])
def test_l1_ratio_outside_unit_interval(l1_ratio):
    with pytest.raises(ValueError, match="^l1_ratio must"):
        sn.prox_elastic_net([1.0], 0.5, l1_ratio)
    with pytest.raises(ValueError, match="^l1_ratio must"):
        sn.ElasticNetPenalty(1.0, l1_ratio)


@pytest.mark.parametrize("p", [0, -1, np.nan, -np.inf])
def test_lp_norm_needs_positive_p(p):
    with pytest.raises(ValueError, match="^p must be > 0"):
        sn.lp_norm([1.0, 2.0], p)


def test_lp_norm_p_must_be_a_number():
    with pytest.raises(TypeError, match="^p must be a real number"):
        sn.lp_norm([1.0], "2")


@pytest.mark.parametrize(
    "groups, error, message",
    [
        (4, ValueError, "do not cover"),
        (0, ValueError, "must be > 0"),
        ([[0, 1], [2]], ValueError, r"do not cover the vector: indices \[3, 4, 5\]"),
        ([[0, 1, 2], [2, 3, 4, 5]], ValueError, "overlaps"),
        ([[0, 1, 2], [3, 4, 9]], ValueError, "outside"),
        ([[0, 1, 2], []], ValueError, "non-empty"),
        ([[0.0, 1.0, 2.0], [3, 4, 5]], TypeError, "integer indices"),
        ("abc", TypeError, "groups must be"),
        (None, TypeError, "groups must be"),
    ],
)
def test_bad_groups(groups, error, message):
    for call in (
        lambda: sn.group_l21_norm(np.ones(6), groups),
        lambda: sn.prox_group_l21(np.ones(6), 0.1, groups),
    ):
        with pytest.raises(error, match=message):
            call()


def test_group_functions_need_a_vector():
    with pytest.raises(ValueError, match="^x must be 1-D"):
        sn.group_l21_norm(np.ones((2, 2)), 2)


@pytest.mark.parametrize(
    "axis, error", [(2, ValueError), (-3, ValueError), ((0, 0), ValueError), (1.5, TypeError)]
)
def test_bad_axis(axis, error):
    with pytest.raises(error, match="axis"):
        sn.l1_norm(np.ones((2, 2)), axis=axis)


def test_shape_mismatch_names_both_arguments():
    with pytest.raises(ValueError, match="w and grad must have the same shape"):
        sn.subdiff_distance_l1([1.0, 2.0], [1.0], 1.0)
    with pytest.raises(ValueError, match="w and grad must have the same shape"):
        sn.SquaredL2().subdiff_distance([1.0, 2.0], [1.0])


def test_penalty_descent_arguments():
    with pytest.raises(ValueError, match="^method must be one of"):
        sn.penalty_descent(sn.L1(), 1.0, 0.5, 3, method="newton")
    with pytest.raises(ValueError, match="^n_steps must be >= 0"):
        sn.penalty_descent(sn.L1(), 1.0, 0.5, -1)
    with pytest.raises(TypeError, match="^n_steps must be an int"):
        sn.penalty_descent(sn.L1(), 1.0, 0.5, 2.5)
    with pytest.raises(TypeError, match="^penalty must have a prox"):
        sn.penalty_descent(object(), 1.0, 0.5, 2, method="proximal")
    with pytest.raises(ValueError, match="^w0 contains NaN"):
        sn.penalty_descent(sn.L1(), np.nan, 0.5, 2)


# --------------------------------------------------------------- dtypes and mutation


@pytest.mark.parametrize("name", FLOAT_OUTPUT)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_is_preserved(name, dtype):
    x = np.array([0.5, -2.0, 0.0, 3.0], dtype=dtype)
    assert np.asarray(ARRAY_FUNCTIONS[name](x)).dtype == dtype


@pytest.mark.parametrize("name", FLOAT_OUTPUT)
def test_integer_and_bool_input_compute_in_float64(name):
    for x in (np.array([1, -2, 0, 3]), [1, -2, 0, 3], np.array([True, False, True, True])):
        result = np.asarray(ARRAY_FUNCTIONS[name](x))
        assert result.dtype == np.float64


@pytest.mark.parametrize("name", ARRAY_FUNCTIONS)
def test_input_is_never_mutated(name):
    for size in (4, 1 << 17):  # small path and large-vector fast path
        x = np.random.default_rng(0).standard_normal(size)
        before = x.copy()
        result = ARRAY_FUNCTIONS[name](x)
        np.testing.assert_array_equal(x, before)
        if name in ELEMENTWISE:
            assert not np.shares_memory(result, x)


def test_penalty_methods_keep_float32():
    w = np.array([0.5, -2.0, 0.0], dtype=np.float32)
    for penalty in (sn.L1(0.3), sn.SquaredL2(0.3), sn.ElasticNetPenalty(0.3, 0.4), sn.L0(0.3)):
        assert penalty.prox(w, 0.5).dtype == np.float32
        assert penalty.subgradient(w).dtype == np.float32
        assert penalty.subdiff_distance(w, w).dtype == np.float32


def test_non_contiguous_and_multidimensional_input():
    x = np.random.default_rng(3).standard_normal((300, 400))[:, ::2]
    assert sn.l1_norm(x) == pytest.approx(np.abs(x).sum(), rel=1e-12)
    np.testing.assert_array_equal(sn.prox_l1(x, 0.3), np.sign(x) * np.maximum(np.abs(x) - 0.3, 0))
    big = np.random.default_rng(4).standard_normal((400, 400))
    assert sn.prox_l1(big, 0.3).shape == (400, 400)
    assert sn.l1_norm(big, keepdims=True).shape == (1, 1)
