r"""Arrays other than numpy's: torch tensors, array_api_strict arrays, any array-API array.

The public functions of :mod:`sparsenorm.norms`, :mod:`sparsenorm.grad` and
:mod:`sparsenorm.prox` check :func:`is_foreign` first and, for such an array, call the function
of the same name here, which computes in the array's own namespace (``xp``, from
array-api-compat) on the array's own device and returns an array of the same kind, device and
float dtype. numpy input never comes here. array-api-compat is imported only when a foreign
array arrives, so ``import sparsenorm`` imports neither it nor torch.

Precision, as for numpy input (see :mod:`sparsenorm.prox`): element-wise results are computed
in float64 and rounded once to the input's dtype, where the array's device has float64 (a device
without it computes in the input's dtype, with the parameters rounded to it): the float64
result rounded, which for :func:`sparsenorm.prox_l1` is not always the correctly rounded soft
thresholding when the threshold is not a number of the input's dtype (float32 ``x = 1`` and
``step = 2**-25 + 2**-77`` give 1, while the nearest float32 to ``1 - step`` is
``1 - 2**-24``). Reductions (the norms) accumulate float16 and float32 in float64 too, so they
can differ from numpy's float32 reductions by numpy's own rounding error; float64 sums differ
from numpy's by the rounding of a different summation order. Comparisons against a parameter
(``tol``, the hard threshold) are decided exactly in every dtype.

The functions whose numpy implementation relies on numpy-only tools (scatter-adds, ``ldexp``,
``frexp``, sorting with cumulative sums) or on a long precision argument that a second
implementation would have to repeat: ``group_l21_norm``, ``prox_group_l21``,
``project_l1_ball``, ``prox_lq``, ``prox_mcp`` and ``prox_scad`` run the numpy implementation
on a host copy (:func:`on_host`) and copy the result back to the array's device, so they equal
the numpy result bit for bit; that needs a dtype numpy has (not bfloat16) and a device whose
data can be copied (not torch's ``meta``).
"""

import functools
import inspect
import math
from fractions import Fraction

import numpy as np

from ._validation import check_axis, check_same_shape

__all__ = ["dispatch_on_host", "host_method", "is_foreign", "on_host"]

# Types that are numpy's own or that numpy converts: never foreign (checked first, cheaply).
_NUMPY_LIKE = (np.ndarray, np.generic, list, tuple, int, float, complex, bool)


def is_foreign(x):
    """True for an array-API array that is not numpy's (a torch tensor, an array_api_strict array).

    array-api-compat is imported only then, so ``import sparsenorm`` stays numpy-only.
    """
    if isinstance(x, _NUMPY_LIKE):
        return False
    module = type(x).__module__.partition(".")[0]
    if module == "numpy":
        return False
    if not (hasattr(x, "__array_namespace__") or module == "torch"):
        return False
    import array_api_compat

    return array_api_compat.is_array_api_obj(x) and not array_api_compat.is_numpy_array(x)


def _compat():
    import array_api_compat

    return array_api_compat


def _kind(x):
    """``x``'s type as users know it: ``torch.Tensor``, ``array_api_strict.Array``."""
    return f"{type(x).__module__.partition('.')[0]}.{type(x).__name__}"


def _check_has_values(x, name):
    if not _compat().is_torch_array(x):
        return
    if x.device.type == "meta":
        raise TypeError(
            f"{name} is a torch tensor on the 'meta' device, which holds no values: sparsenorm "
            "cannot check it for NaN or compute with it; use a tensor on a real device"
        )
    if str(x.layout) != "torch.strided":  # sparse COO, CSR, CSC... as for scipy.sparse input
        raise TypeError(
            f"{name} must be a dense numeric array-like, got a torch tensor of layout "
            f"{x.layout}; convert it with .to_dense() first"
        )


def _has_float64(xp, device):
    try:
        return "float64" in xp.__array_namespace_info__().dtypes(
            device=device, kind="real floating"
        )
    except (AttributeError, TypeError, ValueError):  # an older namespace: ask the device
        try:
            xp.zeros(1, dtype=xp.float64, device=device)
        except (TypeError, ValueError, RuntimeError):
            return False
        return True


def float_array(x, name, *, check_finite=True):
    """Return ``(xp, x)``: ``x`` with a real floating dtype, checked as numpy input is.

    Floating dtypes are kept; booleans and integers become float64 (the device's default real
    floating dtype where it has no float64); complex and other dtypes raise ``TypeError``, NaN
    or infinity ``ValueError`` with the messages numpy input gets. ``x`` is never written to.
    """
    _check_has_values(x, name)
    xp = _compat().array_namespace(x)
    dtype = x.dtype
    if xp.isdtype(dtype, ("bool", "integral")):
        device = _compat().device(x)
        if _has_float64(xp, device):
            target = xp.float64
        else:
            target = xp.__array_namespace_info__().default_dtypes(device=device)["real floating"]
        x = xp.astype(x, target)
    elif xp.isdtype(dtype, "complex floating"):
        raise TypeError(f"{name} must be real-valued, got complex dtype {dtype}")
    elif not xp.isdtype(dtype, "real floating"):
        raise TypeError(f"{name} must be a numeric array, got dtype {dtype}")
    if check_finite and not bool(xp.all(xp.isfinite(x))):
        if bool(xp.any(xp.isnan(x))):
            raise ValueError(f"{name} contains NaN; every entry must be a finite number")
        raise ValueError(f"{name} contains infinity; every entry must be a finite number")
    return xp, x


def _working(xp, x):
    """``x`` in the precision it is computed in: float64 where its device has it, else as is."""
    if x.dtype == xp.float64 or not _has_float64(xp, _compat().device(x)):
        return x
    try:
        return xp.astype(x, xp.float64)
    except (TypeError, ValueError, RuntimeError):  # the namespace claims float64, the device not
        return x


def _result(xp, values, dtype):
    """``values`` rounded once to ``dtype`` (a new array; a 0-d result stays a 0-d array)."""
    return values if values.dtype == dtype else xp.astype(values, dtype)


def _round_down(value, dtype, xp):
    """The largest number of ``dtype`` that is ``<= value`` (a float ``>= 0``), as a Python float.

    Exact for every binary floating format, from its precision and range alone.
    """
    info = xp.finfo(dtype)
    largest = float(info.max)
    if value >= largest:
        return largest
    if value == 0:
        return 0.0
    digits = round(-math.log2(float(info.eps))) + 1  # significand bits, the implicit one included
    exponent = math.frexp(value)[1]  # value = m 2**exponent, m in [1/2, 1)
    ulp = max(math.ldexp(1.0, exponent - digits), float(info.smallest_normal) * float(info.eps))
    return math.floor(value / ulp) * ulp  # value / ulp and the product are exact in float64


def _exceeds(xp, magnitude, value, *, or_equal=False):
    """``magnitude > value`` (``>=`` with ``or_equal``), decided exactly in any float dtype.

    ``value`` is a Python float ``>= 0``. Where it is not a number of ``magnitude``'s dtype, no
    entry equals it, and ``magnitude > value`` is ``magnitude > round_down(value)``.
    """
    below = value if magnitude.dtype == xp.float64 else _round_down(value, magnitude.dtype, xp)
    if below == value:
        return magnitude >= value if or_equal else magnitude > value
    return magnitude > below


def _reduced_shape(shape, axis, keepdims):
    axes = range(len(shape)) if axis is None else axis
    if keepdims:
        return tuple(1 if i in axes else n for i, n in enumerate(shape))
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _abs_max(xp, x, axis, keepdims):
    """``max |x|`` over ``axis``, 0 for an empty reduction (numpy's ``initial=0``)."""
    axes = range(x.ndim) if axis is None else axis
    if any(x.shape[i] == 0 for i in axes):
        shape = _reduced_shape(x.shape, axis, keepdims)
        return xp.zeros(shape, dtype=x.dtype, device=_compat().device(x))
    return xp.max(xp.abs(x), axis=axis, keepdims=keepdims)


# -- norms -----------------------------------------------------------------------------------


def l0_norm(x, axis, keepdims, tol):
    """:func:`sparsenorm.l0_norm`; the count in the namespace's default integer dtype."""
    xp, x = float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    nonzero = _exceeds(xp, xp.abs(x), tol)
    index = xp.__array_namespace_info__().default_dtypes(device=_compat().device(x))["integral"]
    return xp.sum(xp.astype(nonzero, index), axis=axis, keepdims=keepdims)


def l1_norm(x, axis, keepdims):
    """:func:`sparsenorm.l1_norm`."""
    xp, x = float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    return _result(xp, xp.sum(xp.abs(_working(xp, x)), axis=axis, keepdims=keepdims), x.dtype)


def squared_l2_norm(x, axis, keepdims):
    """:func:`sparsenorm.squared_l2_norm`."""
    xp, x = float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    w = _working(xp, x)
    return _result(xp, xp.sum(w * w, axis=axis, keepdims=keepdims), x.dtype)


def linf_norm(x, axis, keepdims):
    """:func:`sparsenorm.linf_norm`."""
    xp, x = float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    return _abs_max(xp, x, axis, keepdims)


def _scaled_power_sum(xp, w, p, axis, keepdims):
    """``(scale, power, lost)``: the norm is ``scale * power``, ``m (sum (|w|/m)^p)^(1/p)``.

    ``lost`` (a bool) says that a non-zero ratio ``|w|/m`` fell below the normal range, where it
    lost digits that its power can need for ``p < 1``.
    """
    scale = _abs_max(xp, w, axis, True)
    safe = xp.where(scale > 0, scale, xp.ones_like(scale))
    magnitude = xp.abs(w)
    ratio = magnitude / safe
    lost = bool(xp.any((ratio < float(xp.finfo(w.dtype).smallest_normal)) & (magnitude > 0)))
    inner = xp.sum(ratio**p, axis=axis, keepdims=True)
    power = inner ** (1 / p)
    if not keepdims:
        scale = xp.reshape(scale, _reduced_shape(w.shape, axis, False))
        power = xp.reshape(power, scale.shape)
    return scale, power, lost


def l2_norm(x, axis, keepdims):
    """:func:`sparsenorm.l2_norm`, rescaled by the largest magnitude where squares do not fit."""
    xp, x = float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    w = _working(xp, x)
    squared = xp.sum(w * w, axis=axis, keepdims=keepdims)
    info = xp.finfo(w.dtype)
    if bool(xp.all(xp.isfinite(squared))) and bool(
        xp.all(squared >= float(info.smallest_normal) / float(info.eps))
    ):
        return _result(xp, xp.sqrt(squared), x.dtype)
    scale, power, _ = _scaled_power_sum(xp, w, 2, axis, keepdims)  # a lost (|w|/m)^2 is < eps
    return _result(xp, scale * power, x.dtype)


def lp_norm(x, p, axis, keepdims):
    """:func:`sparsenorm.lp_norm` for ``p`` not in {1, 2, inf} (those are dispatched before)."""
    xp, x = float_array(x, "x")
    axis = check_axis(axis, x.ndim)
    scale, power, lost = _scaled_power_sum(xp, _working(xp, x), p, axis, keepdims)
    if (lost and p < 1) or bool(xp.any(xp.isinf(power) & (scale > 0))):
        # (sum (|x|/m)^p)^(1/p) overflowed (p below log2(n) / 1024), or a ratio |x|/m lost
        # digits below the normal range (float64 input, or a device without float64): the
        # numpy implementation splits binary exponents off with frexp and ldexp, which the
        # array API lacks.
        from .norms import lp_norm as numpy_lp_norm

        return on_host(numpy_lp_norm, x, p, axis=axis, keepdims=keepdims)
    return _result(xp, scale * power, x.dtype)


# -- gradients -------------------------------------------------------------------------------


def subgradient_l1(w):
    """:func:`sparsenorm.subgradient_l1`."""
    xp, w = float_array(w, "w")
    return xp.sign(w) + 0.0  # + 0.0: sign(-0.0) is +0.0, as numpy gives


def grad_squared_l2(w):
    """:func:`sparsenorm.grad_squared_l2`: a copy."""
    xp, w = float_array(w, "w")
    return xp.asarray(w, copy=True)


def _pair(w, grad, name_w, name_grad):
    if not (is_foreign(w) and is_foreign(grad)):
        raise TypeError(
            f"{name_w} and {name_grad} must be arrays of the same kind, got {_kind(w)} and "
            f"{_kind(grad)}; convert one to the other's kind"
        )
    xp, w = float_array(w, name_w)
    xp_grad, grad = float_array(grad, name_grad)
    if xp_grad is not xp:
        raise TypeError(
            f"{name_w} and {name_grad} must be arrays of the same kind, got {_kind(w)} and "
            f"{_kind(grad)}"
        )
    check_same_shape(w, grad, name_w, name_grad)
    return xp, w, grad


def subdiff_distance_l1(w, grad, alpha):
    """:func:`sparsenorm.subdiff_distance_l1`, in float64 and rounded once."""
    xp, w, grad = _pair(w, grad, "w", "grad")
    dtype = xp.result_type(w.dtype, grad.dtype)
    g = _working(xp, grad)
    at_zero = xp.maximum(xp.abs(g) - alpha, xp.zeros_like(g))
    off_zero = xp.abs(g + alpha * xp.astype(xp.sign(w), g.dtype))
    return _result(xp, xp.where(w == 0, at_zero, off_zero), dtype)


# -- proximal operators ----------------------------------------------------------------------


def prox_l1(x, step):
    """:func:`sparsenorm.prox_l1`: ``x - clip(x, -step, step)`` in float64, rounded once.

    Not always the correctly rounded soft thresholding when ``step`` is not a number of the
    input's dtype: the float64 difference is rounded first (see the module docstring).
    """
    xp, x = float_array(x, "x")
    w = _working(xp, x)
    return _result(xp, w - xp.clip(w, -step, step), x.dtype)


def prox_squared_l2(x, step):
    """:func:`sparsenorm.prox_squared_l2`."""
    xp, x = float_array(x, "x")
    return _result(xp, _working(xp, x) / (1.0 + step), x.dtype)


def prox_elastic_net(x, constants):
    """:func:`sparsenorm.prox_elastic_net`; ``constants`` = (hi, lo, divisor) from prox.py."""
    xp, x = float_array(x, "x")
    hi, lo, divisor = constants
    w = _working(xp, x)
    magnitude = xp.abs(w) - hi - lo
    magnitude = xp.maximum(magnitude, xp.zeros_like(magnitude)) / divisor
    return _result(xp, xp.copysign(magnitude, w) + 0.0, x.dtype)


def prox_l0(x, threshold, keep_tie):
    """:func:`sparsenorm.prox_l0`: keep ``|x| > threshold`` (``>=`` with ``keep_tie``)."""
    xp, x = float_array(x, "x")
    keep = _exceeds(xp, xp.abs(x), threshold, or_equal=keep_tie)
    return xp.where(keep, x, xp.zeros_like(x))


def project_linf_ball(x, radius):
    """:func:`sparsenorm.project_linf_ball`: clipping in float64, rounded once (exact)."""
    xp, x = float_array(x, "x")
    w = _working(xp, x)
    if w.dtype == x.dtype:  # no float64: a radius beyond the dtype's range clips nothing
        radius = min(radius, float(xp.finfo(x.dtype).max))
    return _result(xp, xp.clip(w, -radius, radius), x.dtype)


def _times_power_of_two(x, k):
    """``x * 2**k`` for an array ``x``, exact where the product is normal (two factors)."""
    half = k // 2
    return (x * math.ldexp(1.0, half)) * math.ldexp(1.0, k - half)


def project_l2_ball(x, radius):
    """:func:`sparsenorm.project_l2_ball`, scaled by a power of two as the numpy code is."""
    xp, x = float_array(x, "x")
    w = _working(xp, x)
    largest = float(_abs_max(xp, w, None, False))
    if largest == 0:
        return xp.asarray(x, copy=True)
    e = math.frexp(largest)[1]
    scaled = _times_power_of_two(w, -e)
    root = float(xp.sqrt(xp.sum(scaled * scaled)))
    try:
        scaled_radius = math.ldexp(radius, -e)
    except OverflowError:  # radius / 2**e beyond the range: inside the ball
        scaled_radius = math.inf
    if root <= scaled_radius:
        return xp.asarray(x, copy=True)
    factor = scaled_radius / root
    if factor >= float(xp.finfo(w.dtype).smallest_normal):
        return _result(xp, w * factor, x.dtype)
    return _result(xp, scaled * (radius / root), x.dtype)


def mcp_values(w, alpha, gamma):
    """:func:`sparsenorm.mcp_values`, in float64 and rounded once."""
    xp, w = float_array(w, "w")
    magnitude = xp.abs(_working(xp, w))
    # clipped at the knot, so that the branch not taken cannot overflow (the same where taken)
    clipped = xp.minimum(magnitude, xp.full_like(magnitude, gamma * alpha))
    inner = clipped * (alpha - clipped / (2 * gamma))
    flat = xp.full_like(magnitude, gamma * alpha * alpha / 2)
    return _result(xp, xp.where(magnitude <= gamma * alpha, inner, flat), w.dtype)


def scad_values(w, alpha, a):
    """:func:`sparsenorm.scad_values`, in float64 and rounded once."""
    xp, w = float_array(w, "w")
    magnitude = xp.abs(_working(xp, w))
    clipped = xp.minimum(magnitude, xp.full_like(magnitude, a * alpha))  # as in mcp_values
    middle = (clipped - alpha) * (2 * a * alpha - clipped - alpha)
    middle = middle / (2 * (a - 1)) + alpha * alpha
    flat = xp.full_like(magnitude, (a + 1) * alpha * alpha / 2)
    values = xp.where(
        magnitude <= alpha,
        alpha * magnitude,
        xp.where(magnitude <= a * alpha, middle, flat),
    )
    return _result(xp, values, w.dtype)


# -- the numpy implementation on a host copy -------------------------------------------------


def _to_numpy(x, name):
    """A host numpy array with ``x``'s values (a copy where ``x`` is not in host memory)."""
    _check_has_values(x, name)
    compat = _compat()
    if compat.is_torch_array(x):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        try:
            return x.numpy()
        except TypeError as exc:  # bfloat16 and other dtypes numpy lacks
            raise TypeError(
                f"{name} has dtype {x.dtype}, which numpy lacks; this function computes on a "
                "numpy copy: convert to float32 or float64 first"
            ) from exc
    try:
        return np.from_dlpack(x)
    except (BufferError, TypeError, RuntimeError, ValueError):
        return np.asarray(compat.to_device(x, "cpu"))


def _from_numpy(values, like):
    """``values`` as a new array of ``like``'s kind on ``like``'s device."""
    compat = _compat()
    xp = compat.array_namespace(like)
    return xp.asarray(np.array(values, copy=True), device=compat.device(like))


def on_host(func, x, *args, **kwargs):
    """``func`` (a numpy implementation) on a host copy of ``x``, copied back to its device.

    The result equals numpy's bit for bit. Errors name ``x`` as ``func`` does, since ``func``
    validates the copy.
    """
    name = next(iter(inspect.signature(func).parameters))
    _, x = float_array(x, name, check_finite=False)  # integers become float64 here, as there
    result = func(_to_numpy(x, name), *args, **kwargs)
    return _from_numpy(result, x)


def dispatch_on_host(func):
    """Decorator: a foreign first argument runs ``func`` on a host copy (see :func:`on_host`).

    numpy input and array-likes go straight to ``func``, after one ``isinstance`` check.
    """
    name = next(iter(inspect.signature(func).parameters))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        x = args[0] if args else kwargs.get(name)
        if isinstance(x, np.ndarray) or not is_foreign(x):
            return func(*args, **kwargs)
        if not args:
            kwargs = dict(kwargs)
            del kwargs[name]
        else:
            args = args[1:]
        return on_host(func, x, *args, **kwargs)

    return wrapper


def elastic_net_constants(step, l1_ratio):
    """``(hi, lo, divisor)``: ``t rho = hi + lo`` exactly, and ``1 + t (1 - rho)`` rounded once."""
    threshold = Fraction(step) * Fraction(l1_ratio)
    hi = float(threshold)
    lo = float(threshold - Fraction(hi))
    divisor = float(1 + Fraction(step) * (1 - Fraction(l1_ratio)))
    return hi, lo, divisor


_PENALTY_ARRAYS = ("w", "grad", "grad0")  # the array arguments of the penalties' methods


def host_method(method=None, *, when=None):
    """Decorator for a penalty's method: foreign arrays run it on host copies (:func:`on_host`).

    The method's array arguments (``w``, ``grad``, ``grad0``) are copied to numpy, the method
    runs there and an array result is copied back to the device of the first of them (a
    Python float, as ``alpha_max`` returns, stays one); so it equals the numpy result bit for
    bit. ``when(self)`` false leaves the method as it is (it dispatches by itself then). Two
    arrays of different kinds raise ``TypeError``; a dtype numpy lacks raises ``TypeError``
    naming the method.
    """
    if method is None:
        return functools.partial(host_method, when=when)
    signature = inspect.signature(method)
    names = [n for n in signature.parameters if n in _PENALTY_ARRAYS]

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if not any(map(is_foreign, args)) and not any(map(is_foreign, kwargs.values())):
            return method(self, *args, **kwargs)  # numpy input: one isinstance check per argument
        bound = signature.bind(self, *args, **kwargs)
        arrays = {n: bound.arguments[n] for n in names if n in bound.arguments}
        foreign = [n for n, a in arrays.items() if not isinstance(a, np.ndarray) and is_foreign(a)]
        if not foreign or (when is not None and not when(self)):
            return method(self, *args, **kwargs)
        if len(foreign) < len(arrays):
            kinds = " and ".join(_kind(a) for a in arrays.values())
            raise TypeError(
                f"{' and '.join(arrays)} must be arrays of the same kind, got {kinds}; "
                "convert one to the other's kind"
            )
        first = None
        for n, a in arrays.items():
            xp, a = float_array(a, n, check_finite=False)  # integers become float64 here too
            if first is None:
                first, namespace = a, xp
            elif xp is not namespace:
                kinds = " and ".join(_kind(a) for a in arrays.values())
                raise TypeError(
                    f"{' and '.join(arrays)} must be arrays of the same kind, got {kinds}"
                )
            try:
                bound.arguments[n] = _to_numpy(a, n)
            except TypeError as exc:
                raise TypeError(f"{type(self).__name__}.{method.__name__}: {exc}") from exc
        result = method(*bound.args, **bound.kwargs)
        if isinstance(result, (np.ndarray, np.generic)):
            return _from_numpy(result, first)
        return result

    return wrapper
