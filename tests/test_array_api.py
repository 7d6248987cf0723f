"""The core on arrays other than numpy's: torch tensors and array_api_strict arrays (issue 11).

Every norm, (sub)gradient and proximal operator runs on numpy, on torch (CPU, and CUDA where
there is one) and on array_api_strict (its default device, its second device ``device1`` and its
``no_float64`` device). Each result is an array of the input's kind, on the input's device, with
the input's float dtype; the input is not modified; bad input gets numpy's error message.

Comparison with the numpy result:

- element-wise functions (the proximal operators, projections onto the l-infinity ball, the
  (sub)gradients, the MCP and SCAD values) and the functions computed on a host copy: equal bit
  for bit, sign of zero included, where the device has float64;
- ``l0_norm`` and ``linf_norm``: equal;
- the sums (``l1_norm``, ``squared_l2_norm``, ``l2_norm``, ``lp_norm``) and ``project_l2_ball``
  (a sum inside): the foreign sums accumulate float32 in float64 and add in another order, so
  they agree with numpy's to ``(n + 4) eps / min(p, 1)`` relative to the norm of the magnitudes
  (``eps`` the input dtype's machine epsilon, ``n`` the number of terms), which bounds the error
  of either recursive or pairwise summation plus the final roundings;
- on a device without float64 the element-wise functions compute in float32 with the
  parameters rounded to float32: within ``8 eps`` (float32's) times ``max(1, |x_i|)``, for the
  MCP and SCAD values times ``min(max(1, |x_i|), knot)**2`` (a few roundings of terms of that
  size).

``nox -s tests_torch`` sets SPARSENORM_REQUIRE_TORCH=1: there a missing torch fails.
"""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import sparsenorm as sn

if os.environ.get("SPARSENORM_REQUIRE_TORCH"):  # both are in what tests_torch installs
    import array_api_strict as xs
    import torch
else:  # the tests session has no torch: the array_api_strict checks run without it
    xs = pytest.importorskip("array_api_strict")
    try:
        import torch
    except ImportError:
        torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")
STRICT_ARRAY = type(xs.asarray(0.0))

# few examples per test, many tests: each function x array kind x dtype draws its own inputs
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)

# name -> (call on x, how the result compares with numpy's: "exact", "equal" or "sum")
FUNCTIONS = {
    "l0_norm": (lambda x: sn.l0_norm(x, tol=0.25), "equal"),
    "l1_norm": (lambda x: sn.l1_norm(x), "sum"),
    "squared_l2_norm": (lambda x: sn.squared_l2_norm(x), "sum"),
    "l2_norm": (lambda x: sn.l2_norm(x), "sum"),
    "linf_norm": (lambda x: sn.linf_norm(x), "equal"),
    "lp_norm": (lambda x: sn.lp_norm(x, 1.5), "sum"),
    "lp_norm_half": (lambda x: sn.lp_norm(x, 0.5), "sum"),
    "group_l21_norm": (lambda x: sn.group_l21_norm(flat(x), 1), "exact"),
    "subgradient_l1": (lambda x: sn.subgradient_l1(x), "exact"),
    "grad_squared_l2": (lambda x: sn.grad_squared_l2(x), "exact"),
    "subdiff_distance_l1": (lambda x: sn.subdiff_distance_l1(x, x * 0.5 - 1, 0.75), "exact"),
    "prox_l1": (lambda x: sn.prox_l1(x, 0.3), "exact"),
    "prox_squared_l2": (lambda x: sn.prox_squared_l2(x, 0.3), "exact"),
    "prox_elastic_net": (lambda x: sn.prox_elastic_net(x, 0.3, 0.7), "exact"),
    "prox_l0": (lambda x: sn.prox_l0(x, 0.3), "exact"),
    "prox_group_l21": (lambda x: sn.prox_group_l21(flat(x), 0.3, 1), "exact"),
    "prox_mcp": (lambda x: sn.prox_mcp(x, 0.5, 1.0, 3.0), "exact"),
    "prox_scad": (lambda x: sn.prox_scad(x, 0.5, 1.0, 3.7), "exact"),
    "prox_lq": (lambda x: sn.prox_lq(x, 0.3, 0.5), "exact"),
    "mcp_values": (lambda x: sn.mcp_values(x, 1.0, 3.0), "exact"),
    "scad_values": (lambda x: sn.scad_values(x, 1.0, 3.7), "exact"),
    "project_l1_ball": (lambda x: sn.project_l1_ball(x, 1.0), "exact"),
    "project_l2_ball": (lambda x: sn.project_l2_ball(x, 1.0), "sum"),
    "project_linf_ball": (lambda x: sn.project_linf_ball(x, 1.0), "exact"),
}
SUM_ORDER = {"lp_norm_half": 0.5}  # p < 1 amplifies the sum's relative error by 1 / p
QUADRATIC = ("mcp_values", "scad_values")  # values of the order of x**2


def flat(x):
    import array_api_compat

    if x.ndim == 1:
        return x
    return array_api_compat.array_namespace(x).reshape(x, (-1,))


# -- the array kinds ---------------------------------------------------------------------------


class Backend:
    """Converts numpy arrays to one array kind on one device, and back."""

    def __init__(self, name, to, back, device, dtypes, has_float64=True):
        self.name, self.to, self.back, self.device = name, to, back, device
        self.dtypes, self.has_float64 = dtypes, has_float64

    def __repr__(self):
        return self.name


def _torch_backend(device):
    return Backend(
        f"torch-{device}",
        lambda a: torch.asarray(a.copy(), device=device),
        lambda t: t.cpu().numpy(),
        torch.device(device),
        [np.float16, np.float32, np.float64],
    )


def _strict_backend(device_name):
    device = xs.Device(device_name)
    f64 = device_name != "no_float64"
    return Backend(
        f"strict-{device_name}",
        lambda a: xs.asarray(a.copy(), device=device),
        lambda x: np.from_dlpack(x).copy(),
        device,
        [np.float32, np.float64] if f64 else [np.float32],
        has_float64=f64,
    )


BACKENDS = [
    Backend("numpy", np.copy, np.asarray, "cpu", [np.float16, np.float32, np.float64]),
    *([_torch_backend("cpu")] if torch is not None else []),
    *([_torch_backend("cuda")] if torch is not None and torch.cuda.is_available() else []),
    _strict_backend("CPU_DEVICE"),
    _strict_backend("device1"),
]
# array_api_strict's device without float64 (as Apple's MPS is), where this version has it
NO_FLOAT64 = [
    _strict_backend(device.__repr__().split("'")[1])
    for device in xs.__array_namespace_info__().devices()
    if "no_float64" in repr(device)
]
FOREIGN = BACKENDS[1:]


def device_of(x):
    return x.device if hasattr(x, "device") else "cpu"


def same_values(a, b):
    """Equal arrays, NaN nowhere, and the same sign of every zero."""
    a, b = np.asarray(a), np.asarray(b)
    return (
        a.shape == b.shape
        and np.array_equal(a, b)
        and np.array_equal(np.signbit(a), np.signbit(b))
    )


def unchanged(backend, x, before):
    return same_values(backend.back(x), before)


# -- results: kind, device, dtype, values, input untouched -------------------------------------


def finite_arrays(dtype, *, allow_subnormal=True, max_magnitude=None):
    info = np.finfo(dtype)
    bound = float(info.max) if max_magnitude is None else min(max_magnitude, float(info.max))
    elements = st.floats(
        -bound, bound, width=info.bits, allow_subnormal=allow_subnormal, allow_nan=False
    )
    # small values, often at the thresholds and knots of the functions above, and any float
    special = st.sampled_from([0.0, -0.0, 0.3, -0.3, 0.25, 1.0, -1.0, 3.0, 3.7, 0.5, 2.0])
    return arrays(
        dtype, array_shapes(min_dims=1, max_dims=2, max_side=6), elements=special | elements
    )


@pytest.mark.parametrize("backend", BACKENDS, ids=repr)
@pytest.mark.parametrize("name", [n for n, (_, kind) in FUNCTIONS.items() if kind != "sum"])
@SETTINGS
@given(data=st.data())
def test_exact_functions_match_numpy_bit_for_bit(backend, name, data):
    dtype = data.draw(st.sampled_from(backend.dtypes))
    call, _ = FUNCTIONS[name]
    a = data.draw(finite_arrays(dtype, max_magnitude=2.0**100 if name == "prox_lq" else None))
    x = backend.to(a)
    with np.errstate(all="ignore"):  # numpy warns of an overflow where torch does not
        expected = call(a)
        result = call(x)
    assert type(result) is type(x) or (backend.name == "numpy" and np.isscalar(result))
    assert device_of(result) == backend.device
    assert result.dtype == x.dtype or (name == "l0_norm")
    assert unchanged(backend, x, a)
    assert same_values(backend.back(result), expected)


def _sum_tolerance(name, a):
    eps = float(np.finfo(a.dtype).eps)
    p = SUM_ORDER.get(name, 1.0)
    return (a.size + 4) * eps / min(p, 1.0)


@pytest.mark.parametrize("backend", BACKENDS, ids=repr)
@pytest.mark.parametrize("name", [n for n, (_, kind) in FUNCTIONS.items() if kind == "sum"])
@pytest.mark.parametrize("axis", [None, 0, -1])
@SETTINGS
@given(data=st.data())
def test_sums_match_numpy_to_the_stated_tolerance(backend, name, axis, data):
    dtype = data.draw(st.sampled_from([d for d in backend.dtypes if d != np.float16]))
    call, _ = FUNCTIONS[name]
    if axis is not None:
        if name == "project_l2_ball":
            return
        call = {
            "l1_norm": lambda x: sn.l1_norm(x, axis=axis, keepdims=True),
            "squared_l2_norm": lambda x: sn.squared_l2_norm(x, axis=axis),
            "l2_norm": lambda x: sn.l2_norm(x, axis=axis, keepdims=True),
            "lp_norm": lambda x: sn.lp_norm(x, 1.5, axis=axis),
            "lp_norm_half": lambda x: sn.lp_norm(x, 0.5, axis=axis, keepdims=True),
        }[name]
    # magnitudes whose squares stay normal, and (float64) huge or tiny ones the norms rescale
    a = data.draw(finite_arrays(dtype, allow_subnormal=False, max_magnitude=2.0**50))
    a = a * data.draw(st.sampled_from([1.0, 1e-300, 1e290] if dtype == np.float64 else [1.0]))
    x = backend.to(a)
    with np.errstate(all="ignore"):  # numpy warns of an overflow where torch does not
        expected = np.asarray(call(a), dtype=np.float64)
        result = call(x)
        # the scale: the same reduction of the magnitudes, in float64 (for squares: their sum)
        scale = np.abs(np.asarray(call(np.abs(a).astype(np.float64)), dtype=np.float64))
    assert type(result) is type(x) or backend.name == "numpy"
    assert device_of(result) == backend.device
    assert result.dtype == x.dtype
    assert unchanged(backend, x, a)
    got = np.asarray(backend.back(result), dtype=np.float64)
    assert got.shape == expected.shape
    with np.errstate(invalid="ignore"):  # inf - inf where both overflowed
        close = np.abs(got - expected) <= _sum_tolerance(name, a) * scale + 1e-300
    assert np.all((got == expected) | close), (got, expected)


@pytest.mark.parametrize("backend", NO_FLOAT64, ids=repr)
@pytest.mark.parametrize("name", [n for n, (_, kind) in FUNCTIONS.items() if kind == "exact"])
@SETTINGS
@given(a=finite_arrays(np.float32, allow_subnormal=False, max_magnitude=2.0**100))
def test_a_device_without_float64_computes_in_float32_close_to_numpy(backend, name, a):
    call, _ = FUNCTIONS[name]
    x = backend.to(a)
    with np.errstate(all="ignore"):
        expected = np.asarray(call(a), dtype=np.float64)
    result = call(x)
    assert device_of(result) == backend.device and result.dtype == xs.float32
    assert unchanged(backend, x, a)
    got = np.asarray(backend.back(result), dtype=np.float64)
    if got.shape != np.shape(a):  # group_l21_norm: its scale is the sum of the magnitudes
        scale = np.sum(np.abs(a), dtype=np.float64)
    else:
        scale = np.maximum(np.abs(a).astype(np.float64), 1.0)
        if name in QUADRATIC:  # flat beyond the outer knot, at most 3.7 here
            scale = np.minimum(scale, 3.7) ** 2
    eps = float(np.finfo(np.float32).eps)
    assert np.all(np.abs(got - expected) <= 8 * eps * scale), (got, expected)


@pytest.mark.parametrize("backend", FOREIGN, ids=repr)
def test_integers_and_booleans_become_float64_as_for_numpy(backend):
    ints = np.array([[3, -1], [0, 2]])
    for name, (call, _) in FUNCTIONS.items():
        if name == "subdiff_distance_l1":  # its gradient x * 0.5 - 1 mixes kinds on integers
            continue
        x = backend.to(ints)
        result = call(x)
        expected = call(ints)
        assert result.dtype == (x.dtype if name == "l0_norm" else _float64_of(x)), name
        assert device_of(result) == backend.device
        np.testing.assert_allclose(backend.back(result), expected, rtol=1e-15, err_msg=name)
    flags = backend.to(np.array([True, False]))
    assert sn.prox_l1(flags, 0.5).dtype == _float64_of(flags)
    index = xs.int64 if isinstance(flags, STRICT_ARRAY) else torch.int64
    assert sn.l0_norm(flags).dtype == index


def _float64_of(x):
    return xs.float64 if isinstance(x, STRICT_ARRAY) else torch.float64


@needs_torch
def test_results_never_share_memory_with_the_input():
    t = torch.tensor([0.1, -5.0, 2.0], dtype=torch.float64)
    for name, (call, _) in FUNCTIONS.items():
        result = call(t)
        if result.ndim:
            assert result.data_ptr() != t.data_ptr(), name
    inside = torch.tensor([0.1, 0.2])
    assert sn.project_l2_ball(inside, 10.0).data_ptr() != inside.data_ptr()
    assert sn.grad_squared_l2(inside).data_ptr() != inside.data_ptr()


NATIVE_ELEMENTWISE = [
    *("subgradient_l1", "grad_squared_l2", "subdiff_distance_l1", "prox_l1", "prox_squared_l2"),
    *("prox_elastic_net", "prox_l0", "project_linf_ball", "mcp_values", "scad_values"),
    *("linf_norm", "l0_norm"),
]
ON_HOST = ["group_l21_norm", "prox_group_l21", "project_l1_ball", "prox_mcp", "prox_scad"]
ON_HOST.append("prox_lq")


@needs_torch
@pytest.mark.parametrize("name", NATIVE_ELEMENTWISE)
def test_bfloat16_is_computed_in_float64_and_rounded_once(name):
    call, _ = FUNCTIONS[name]
    if name == "subdiff_distance_l1":  # a gradient that is exact in bfloat16 too
        call = lambda x: sn.subdiff_distance_l1(x, -x, 0.75)  # noqa: E731
    values = [1.0 + 2**-7, -0.3, 3.0, 0.7, -0.0, 0.25, 3.7, -1.5, 2.0**-130, 2.0**100]
    t = torch.tensor(values, dtype=torch.bfloat16)
    result = call(t)
    # independent: numpy's float64 result on the same values, rounded by torch to bfloat16
    expected = torch.from_numpy(np.asarray(call(t.double().numpy()))).to(result.dtype)
    assert result.dtype == (torch.int64 if name == "l0_norm" else torch.bfloat16)
    assert torch.equal(result, expected)
    assert torch.equal(torch.signbit(result.double()), torch.signbit(expected.double()))


@needs_torch
@pytest.mark.parametrize("name", ON_HOST)
def test_functions_computed_on_a_host_copy_need_a_numpy_dtype(name):
    call, _ = FUNCTIONS[name]
    with pytest.raises(TypeError, match="bfloat16, which numpy lacks"):
        call(torch.tensor([0.5, 2.0], dtype=torch.bfloat16))


@needs_torch
def test_autograd_follows_the_computation_in_the_namespace_not_the_host_copy():
    w = torch.tensor([2.0, -0.1], requires_grad=True)
    assert sn.prox_l1(w, 0.5).requires_grad
    for name in ON_HOST:
        assert not FUNCTIONS[name][0](w).requires_grad, name


@needs_torch
def test_lp_norm_whose_power_overflows_is_computed_on_the_host():
    # (sum (|x| / m)^p)^(1/p) = 2048^100 = 2^1100 overflows; the norm, 2^-200 2^1100, does not
    x = torch.full((2048,), 2.0**-200, dtype=torch.float64)
    result = sn.lp_norm(x, 0.01)
    assert isinstance(result, torch.Tensor) and result.dtype == torch.float64
    assert float(result) == sn.lp_norm(x.numpy(), 0.01)
    assert abs(float(result) / 2.0**900 - 1) < 1e-12


# -- exact comparisons with a parameter ----------------------------------------------------------


@pytest.mark.parametrize("backend", [*FOREIGN, *NO_FLOAT64], ids=repr)
def test_tol_and_the_hard_threshold_are_compared_exactly(backend):
    # 0.1 is not a float32: float32(0.1) > 0.1, so |x| = float32(0.1) exceeds tol = 0.1
    a = np.array([np.float32(0.1), np.nextafter(np.float32(0.1), np.float32(0))], np.float32)
    x = backend.to(a)
    assert int(sn.l0_norm(x, tol=0.1)) == 1 == int(sn.l0_norm(a, tol=0.1))
    # prox_l0 keeps |x| > sqrt(2 t); with t = s^2 / 2 for the float32 s, x = s is not kept
    s = np.float32(0.7)
    t = float(s) ** 2 / 2  # exact in float64: sqrt(2 t) is s itself
    above = np.nextafter(s, np.float32(1))
    b = backend.to(np.array([s, -above], np.float32))
    expected = np.array([0.0, -above], np.float32)
    assert same_values(backend.back(sn.prox_l0(b, t)), expected)
    assert same_values(sn.prox_l0(backend.back(b), t), expected)


# -- errors --------------------------------------------------------------------------------------


def _message(call, a):
    with pytest.raises(Exception) as info:
        call(a)
    return info.type, str(info.value)


@pytest.mark.parametrize("backend", [*FOREIGN, *NO_FLOAT64], ids=repr)
@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_gets_numpy_s_error(backend, name, bad):
    call, _ = FUNCTIONS[name]
    a = np.array([1.0, bad, 2.0], dtype=np.float32)
    error, message = _message(call, a)
    assert error is ValueError and "contains" in message
    with pytest.raises(ValueError) as info:
        call(backend.to(a))
    assert str(info.value) == message


@pytest.mark.parametrize("backend", FOREIGN, ids=repr)
def test_bad_parameters_and_shapes_get_numpy_s_errors(backend):
    a = np.array([1.0, -2.0, 0.5])
    x = backend.to(a)
    calls = [
        lambda v: sn.prox_l1(v, -1.0),
        lambda v: sn.prox_squared_l2(v, float("nan")),
        lambda v: sn.prox_elastic_net(v, 0.5, 1.5),
        lambda v: sn.prox_l0(v, -0.1),
        lambda v: sn.prox_group_l21(v, 0.1, 2),
        lambda v: sn.prox_mcp(v, 0.5, 1.0, 0.5),
        lambda v: sn.prox_scad(v, 0.5, 1.0, 1.5),
        lambda v: sn.prox_lq(v, 0.5, -1.0),
        lambda v: sn.project_l1_ball(v, -1.0),
        lambda v: sn.project_l2_ball(v, float("inf")),
        lambda v: sn.project_linf_ball(v, -2.0),
        lambda v: sn.mcp_values(v, 1.0, 1.0),
        lambda v: sn.scad_values(v, -1.0, 3.7),
        lambda v: sn.l0_norm(v, tol=-1.0),
        lambda v: sn.lp_norm(v, 0.0),
        lambda v: sn.l1_norm(v, axis=3),
        lambda v: sn.group_l21_norm(v, 2),
        lambda v: sn.subdiff_distance_l1(v, v, -1.0),
        lambda v: sn.subdiff_distance_l1(v, v[:2], 1.0),
    ]
    for call in calls:
        error, message = _message(call, a)
        with pytest.raises(error) as info:
            call(x)
        assert str(info.value) == message


@pytest.mark.parametrize("backend", FOREIGN, ids=repr)
def test_mixed_array_kinds_are_a_type_error(backend):
    x = backend.to(np.array([1.0, 2.0]))
    for w, g in [(x, np.array([1.0, 2.0])), (np.array([1.0, 2.0]), x)]:
        with pytest.raises(TypeError, match="w and grad must be arrays of the same kind"):
            sn.subdiff_distance_l1(w, g, 1.0)


@needs_torch
def test_complex_sparse_and_meta_tensors_are_type_errors():
    with pytest.raises(TypeError, match="^x must be real-valued, got complex dtype"):
        sn.prox_l1(torch.tensor([1 + 2j]), 0.5)
    with pytest.raises(TypeError, match="^w must be real-valued"):
        sn.subgradient_l1(torch.tensor([1 + 2j]))
    sparse = torch.tensor([1.0, 0.0, -2.0]).to_sparse()
    calls = [call for name, (call, _) in FUNCTIONS.items() if name != "subdiff_distance_l1"]
    calls.append(lambda x: sn.subdiff_distance_l1(x, x, 0.75))  # torch has no sparse - 1
    for call in calls:
        with pytest.raises(TypeError, match="^[xw] must be a dense numeric array-like, got a"):
            call(sparse)
    meta = torch.empty(3, device="meta")
    for call, _ in FUNCTIONS.values():
        with pytest.raises(TypeError, match="'meta' device, which holds no values"):
            call(meta)


# -- penalties ---------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", FOREIGN, ids=repr)
@pytest.mark.parametrize(
    "penalty",
    [
        *(sn.L1(0.5), sn.SquaredL2(0.5), sn.ElasticNetPenalty(0.5, 0.3), sn.L0(0.5)),
        *(sn.MCP(0.5, 3.0), sn.SCAD(0.5, 3.7), sn.Lq(0.5, 0.5)),
    ],
    ids=repr,
)
def test_penalty_prox_takes_foreign_arrays(backend, penalty):
    a = np.array([[2.0, -0.3], [0.0, -1.2]], dtype=np.float32)
    x = backend.to(a)
    result = penalty.prox(x, step=0.7)
    assert type(result) is type(x) and device_of(result) == backend.device
    assert result.dtype == x.dtype
    assert same_values(backend.back(result), penalty.prox(a, step=0.7))


PENALTIES = [
    *(sn.L1(0.5), sn.L1(0.5, weights=[1.0, 0.0, 2.5, 1e-3]), sn.SquaredL2(0.5)),
    *(sn.ElasticNetPenalty(0.5, 0.3), sn.L0(0.5), sn.MCP(0.5, 3.0), sn.SCAD(0.5, 3.7)),
    *(sn.Lq(0.5, 0.5), sn.Lq(0.5, 1.0), sn.Lq(0.5, 2.0)),
]
# method -> its call on (penalty, w, grad)
METHODS = {
    "value": lambda pen, w, g: pen.value(w),
    "grad": lambda pen, w, g: pen.grad(w),
    "subgradient": lambda pen, w, g: pen.subgradient(w),
    "subdiff_distance": lambda pen, w, g: pen.subdiff_distance(w, g),
    "prox": lambda pen, w, g: pen.prox(w, step=0.7),
    "alpha_max": lambda pen, w, g: pen.alpha_max(g),
}


def _methods(penalty):
    return [name for name in METHODS if hasattr(penalty, name)]


@pytest.mark.parametrize("backend", [*FOREIGN, *NO_FLOAT64], ids=repr)
@pytest.mark.parametrize("penalty", PENALTIES, ids=repr)
@SETTINGS
@given(data=st.data())
def test_penalty_methods_return_the_input_s_kind_equal_to_numpy(backend, penalty, data):
    # every method of every penalty: an array of the input's kind, device and dtype (alpha_max
    # a Python float), equal bit for bit to the numpy result (computed by the numpy code on a
    # host copy, or in the namespace by an element-wise function that equals numpy's)
    dtype = data.draw(st.sampled_from(backend.dtypes))
    info = np.finfo(dtype)
    elements = st.floats(-float(info.max), float(info.max), width=info.bits) | st.sampled_from(
        [0.0, -0.0, 0.3, 1.0, -2.0, 3.7]
    )
    a = data.draw(arrays(dtype, 4, elements=elements))
    g = data.draw(arrays(dtype, 4, elements=elements))
    x, gx = backend.to(a), backend.to(g)
    for name in _methods(penalty):
        call = METHODS[name]
        with np.errstate(all="ignore"):  # numpy warns of an overflow where torch does not
            expected = call(penalty, a, g)
            result = call(penalty, x, gx)
        if name == "alpha_max":
            assert type(result) is float and result == expected
            continue
        assert type(result) is type(x), name
        assert device_of(result) == backend.device, name
        assert result.dtype == x.dtype, name
        got = backend.back(result)
        if name == "prox" and not backend.has_float64:  # computed in float32 there (see above)
            eps = float(np.finfo(np.float32).eps)
            scale = np.maximum(np.abs(a).astype(np.float64), 1.0)
            assert np.all(np.abs(got.astype(np.float64) - expected) <= 8 * eps * scale)
            continue
        assert same_values(got, expected), (name, result, expected)
    assert unchanged(backend, x, a) and unchanged(backend, gx, g)


@pytest.mark.parametrize("backend", FOREIGN, ids=repr)
@pytest.mark.parametrize("penalty", PENALTIES, ids=repr)
def test_penalty_methods_turn_integers_into_float64_and_keep_numpy_s_errors(backend, penalty):
    ints, grad = np.array([3, 0, -1, 2]), np.array([1, -4, 0, 2])
    for name in _methods(penalty):
        call = METHODS[name]
        result = call(penalty, backend.to(ints), backend.to(grad))
        expected = call(penalty, ints, grad)
        if name != "alpha_max":
            assert result.dtype == _float64_of(backend.to(ints)), name
        assert same_values(backend.back(result) if name != "alpha_max" else result, expected)
        for bad in [np.nan, np.inf]:
            a = np.array([1.0, bad, 0.0, 2.0])
            error, message = _message(lambda v, call=call: call(penalty, v, v), a)
            with pytest.raises(error) as info:
                call(penalty, backend.to(a), backend.to(a))
            assert str(info.value) == message, name


@pytest.mark.parametrize("backend", FOREIGN, ids=repr)
@pytest.mark.parametrize("penalty", PENALTIES, ids=repr)
def test_penalty_subdiff_distance_of_mixed_kinds_is_a_type_error(backend, penalty):
    x = backend.to(np.array([1.0, 0.0, -2.0, 0.5]))
    numpy_array = np.array([1.0, 2.0, 0.0, 0.5])
    for w, g in [(x, numpy_array), (numpy_array, x)]:
        with pytest.raises(TypeError, match="w and grad must be arrays of the same kind"):
            penalty.subdiff_distance(w, g)


@needs_torch
@pytest.mark.parametrize("penalty", PENALTIES, ids=repr)
def test_penalty_methods_on_the_host_name_themselves_for_bfloat16(penalty):
    t = torch.tensor([0.5, 0.0, -2.0, 1.0], dtype=torch.bfloat16)
    cls = type(penalty).__name__
    # (the unweighted L1's subdiff_distance is subdiff_distance_l1, computed in the namespace)
    native = repr(penalty) == "L1(alpha=0.5)"
    for name in (
        ("value", "subgradient") if native else ("value", "subgradient", "subdiff_distance")
    ):
        with pytest.raises(TypeError, match=f"^{cls}.{name}: w has dtype torch.bfloat16, which"):
            METHODS[name](penalty, t, t)


@pytest.mark.parametrize("backend", [*FOREIGN, *NO_FLOAT64], ids=repr)
def test_lp_norm_whose_ratios_are_subnormal_matches_numpy(backend):
    # (5e-324 / 1e10)^0.01 underflows as a ratio but is 5e-4 as a power: numpy's frexp path
    if backend.has_float64:
        a = np.array([1e10, 5e-324, 0.0])
    else:
        a = np.array([2.0, 1e-45, 0.0], dtype=np.float32)
    x = backend.to(a)
    result = sn.lp_norm(x, 0.01)
    assert type(result) is type(x) and result.dtype == x.dtype
    assert same_values(backend.back(result), sn.lp_norm(a, 0.01))
    assert float(result) > 1.04 * float(a[0])  # the small entry's share, not lost


# -- imports -----------------------------------------------------------------------------------


def test_import_sparsenorm_and_numpy_calls_import_no_array_library():
    code = (
        "import sys, numpy as np, sparsenorm as sn\n"
        "sn.prox_l1(np.ones(3), 0.5); sn.l2_norm([1.0, 2.0]); sn.prox_lq(np.ones(2), 0.1, 0.5)\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in "
        "('torch', 'array_api_strict', 'array_api_compat')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
