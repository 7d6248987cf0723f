"""What every sparse layout shares: shape bookkeeping, operators and the ufunc protocol.

Arithmetic goes through numpy's ``__array_ufunc__`` protocol, so ``np.sin(A)``, ``A * 2``,
``A + B``, ``A @ x`` and ``x @ A`` all land in one dispatcher. That dispatcher applies an
element-wise function to the stored values only when the function maps 0 to 0; any other
function would silently leave every unstored entry wrong, so it raises instead.
"""

import math

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

from ._kernels import read_only

__all__ = ["SparseTensor"]


def _name(ufunc):
    return f"np.{ufunc.__name__}"


def _is_zero(value):
    """Whether ``value`` (a probe result) is exactly zero; NaN and non-numbers are not."""
    try:
        return bool(np.all(np.asarray(value) == 0))
    except (TypeError, ValueError):
        return False


def _as_operand(x, name):
    """A dense numeric operand for matmul or an element-wise operation, or ``TypeError``."""
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be a real numeric array (or a sparsenorm sparse tensor), "
            f"got {type(x).__name__} with dtype {array.dtype}"
        )
    return array


class SparseTensor(NDArrayOperatorsMixin):
    """Base class of :class:`COO`, :class:`CSR` and :class:`CSC` (not instantiated itself).

    Subclasses set ``_shape`` and ``_values`` and implement ``_with_values``, ``_matvec``,
    ``transpose``, ``to_dense`` and the conversions. Use it to ask whether an object is one of
    sparsenorm's sparse tensors.

    Examples
    --------
    >>> from sparsenorm.sparse import SparseTensor, to_sparse_csc
    >>> isinstance(to_sparse_csc([[1.0, 0.0]]), SparseTensor)
    True
    """

    layout = None
    __array_priority__ = 1000  # numpy defers binary operators to __array_ufunc__ below

    # -- shape bookkeeping ---------------------------------------------------------------------

    @property
    def shape(self):
        """Tuple of ints: the shape of the dense tensor this one stands for."""
        return self._shape

    @property
    def ndim(self):
        """Int: number of dimensions, sparse and dense."""
        return len(self._shape)

    @property
    def dtype(self):
        """The numpy dtype of the stored values."""
        return self._values.dtype

    def values(self):
        """Return the stored values, shape ``(nse,)`` or ``(nse, *dense_dims)`` (read-only)."""
        return read_only(self._values)

    def dense_dim(self):
        """Return the number of dense dimensions (trailing dimensions of ``values``)."""
        return self._values.ndim - 1

    def sparse_dim(self):
        """Return the number of sparse dimensions (``ndim - dense_dim()``)."""
        return self.ndim - self.dense_dim()

    @property
    def nnz(self):
        """Int: number of stored elements (``nse``), explicit zeros and duplicates included."""
        return self._values.shape[0]

    @property
    def density(self):
        """Float: stored elements divided by the number of sparse positions (0 if there are none).

        An uncoalesced COO tensor counts its duplicates, as ``nnz`` does.
        """
        positions = math.prod(self._shape[: self.sparse_dim()])
        return self.nnz / positions if positions else 0.0

    @property
    def T(self):
        """The transpose; see :meth:`transpose`."""
        return self.transpose()

    def _canonical(self):
        """Return the tensor with every position stored at most once (COO coalesces)."""
        return self

    def _require_matrix(self, what):
        if self.sparse_dim() != 2 or self.dense_dim():
            raise ValueError(
                f"{what} needs a 2-D sparse matrix without dense dimensions, got shape "
                f"{self._shape} with {self.dense_dim()} dense dimension(s)"
            )

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            f"a sparse {type(self).__name__} tensor is not converted to a dense array implicitly; "
            "call .to_dense()"
        )

    def __repr__(self):
        arrays = ", ".join(
            f"{name}={np.array2string(array, separator=', ', threshold=12)}"
            for name, array in self._arrays()
        )
        return (
            f"{type(self).__name__}({arrays}, shape={self._shape}, nnz={self.nnz}, "
            f"dtype={self.dtype})"
        )

    # -- the ufunc protocol ---------------------------------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """Apply a numpy ufunc; see the module docstring for what is allowed."""
        if method != "__call__":
            raise TypeError(
                f"{_name(ufunc)}.{method} is not supported on sparse tensors; "
                "call .to_dense() first"
            )
        if kwargs:
            raise TypeError(
                f"{_name(ufunc)} on a sparse tensor takes no keyword arguments, "
                f"got {sorted(kwargs)}"
            )
        for x in inputs:
            if not isinstance(x, SparseTensor) and hasattr(type(x), "__array_ufunc__"):
                if type(x).__array_ufunc__ is not np.ndarray.__array_ufunc__:
                    return NotImplemented
        if ufunc is np.matmul:
            return _matmul(*inputs)
        if ufunc.nout != 1:
            raise TypeError(f"{_name(ufunc)} returns several arrays; call .to_dense() first")
        if ufunc.nin == 1:
            return _unary(ufunc, inputs[0])
        if ufunc.nin == 2:
            return _binary(ufunc, *inputs)
        raise TypeError(f"{_name(ufunc)} is not supported on sparse tensors")

    # -- linear algebra -------------------------------------------------------------------------

    def _matmul_dense(self, x):
        """``self @ x`` for a dense ``x`` of shape ``(ncols,)`` or ``(ncols, k)``."""
        self._require_matrix("matrix multiplication")
        x = _as_operand(x, "the dense operand")
        if x.ndim not in (1, 2) or x.shape[0] != self._shape[1]:
            raise ValueError(
                f"matmul: a sparse matrix of shape {self._shape} needs a dense operand of shape "
                f"({self._shape[1]},) or ({self._shape[1]}, k), got {x.shape}"
            )
        return _guarded(
            lambda v, y, dtype: self._with_values(v)._matvec(y, dtype),
            self._values,
            x,
            np.result_type(self.dtype, x.dtype),
        )

    def _rmatmul_dense(self, x):
        """``x @ self`` for a dense ``x`` of shape ``(nrows,)`` or ``(k, nrows)``."""
        self._require_matrix("matrix multiplication")
        x = _as_operand(x, "the dense operand")
        if x.ndim not in (1, 2) or x.shape[-1] != self._shape[0]:
            raise ValueError(
                f"matmul: a sparse matrix of shape {self._shape} needs a dense left operand of "
                f"shape ({self._shape[0]},) or (k, {self._shape[0]}), got {x.shape}"
            )
        # x @ A = (A^T @ x^T)^T, and the transpose of CSR is CSC over the same arrays.
        transposed = self.transpose()
        return _guarded(
            lambda v, y, dtype: transposed._with_values(v)._matvec(y.T, dtype),
            self._values,
            x,
            np.result_type(self.dtype, x.dtype),
        ).T

    # -- addition -------------------------------------------------------------------------------

    def _add_sparse(self, other, subtract=False):
        """``self ± other`` for two sparse tensors of one shape, in ``self``'s layout."""
        from ._formats import COO  # the layouts import this module

        if self._shape != other._shape:
            raise ValueError(
                f"cannot add sparse tensors of shapes {self._shape} and {other._shape}"
            )
        if self.sparse_dim() != other.sparse_dim():
            raise ValueError(
                "cannot add sparse tensors with different numbers of sparse dimensions "
                f"({self.sparse_dim()} and {other.sparse_dim()})"
            )
        dtype = np.result_type(self.dtype, other.dtype)
        if subtract and dtype == np.bool_:
            raise TypeError(
                "subtracting two boolean sparse tensors is not supported (numpy has no boolean "
                "subtract); use ^ (logical xor) on dense arrays, or convert the values to int"
            )
        # Each operand stands for its own to_dense(): sum its duplicates in its own dtype (as
        # to_dense does), then promote, and only then negate (negating uint8 first would wrap).
        a = self._canonical().to_sparse_coo()
        b = other._canonical().to_sparse_coo()
        b_values = b._values.astype(dtype, copy=subtract)
        if subtract:
            np.negative(b_values, out=b_values)
        total = COO._trusted(
            np.concatenate([a._indices, b._indices], axis=1),
            np.concatenate([a._values.astype(dtype, copy=False), b_values]),
            self._shape,
        ).coalesce()
        return total._to_layout(self.layout)

    def _to_layout(self, layout):
        return {
            "sparse_coo": self.to_sparse_coo,
            "sparse_csr": self.to_sparse_csr,
            "sparse_csc": self.to_sparse_csc,
        }[layout]()


def _guarded(product, values, x, dtype, first=None):
    """``product(values, x, dtype)`` (a matrix product in ``dtype``) without spurious overflow.

    float16 products are computed in float64 and rounded once. A float32 product that comes out
    non-finite (an intermediate ``a * b`` overflowed, or ``inf - inf``) is recomputed in float64
    and rounded once; the non-finite entries of a float64 one are recomputed with both operands
    scaled into [0.5, 1) by powers of two (exact) and scaled back. So a result is infinite only
    where the true product is beyond the dtype's range (numpy then warns), or where a stored
    value is not finite. Integer and boolean products wrap as numpy's do. ``first``, for a
    float32 or float64 ``dtype``, is ``product(values, x, dtype)`` where the caller has
    computed it already (it is then not computed again).
    """
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        return product(values, x, dtype)
    if dtype.itemsize < 4:
        return _rounded(product(values, x, np.float64), dtype)
    if first is not None:
        result = first
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            result = product(values, x, dtype)
    if np.all(np.isfinite(result)):
        return result
    if dtype.itemsize < 8:
        return _rounded(product(values, x, np.float64), dtype)
    if not (np.all(np.isfinite(values)) and np.all(np.isfinite(x))) or not values.size:
        return product(values, x, dtype)  # a stored NaN or infinity: numpy's arithmetic
    shift_v = int(np.frexp(np.max(np.abs(values)).astype(dtype))[1])
    shift_x = int(np.frexp(np.max(np.abs(x)).astype(dtype))[1])
    with np.errstate(under="ignore"):  # only terms far below the overflowing ones underflow
        scaled = product(
            np.ldexp(values.astype(dtype), -shift_v), np.ldexp(x.astype(dtype), -shift_x), dtype
        )
    redo = ~np.isfinite(result)  # the finite entries keep their unscaled (exact-range) value
    result = np.array(result, dtype=dtype)
    result[redo] = np.ldexp(np.asarray(scaled)[redo], shift_v + shift_x)  # warns on overflow
    return result[()] if result.ndim == 0 else result


def _rounded(result, dtype):
    result = np.asarray(result).astype(dtype)
    return result[()] if result.ndim == 0 else result


def _matmul(a, b):
    a_sparse, b_sparse = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if a_sparse and b_sparse:
        raise TypeError(
            "sparse @ sparse is not supported; make one operand dense with .to_dense()"
        )
    if a_sparse:
        return a._matmul_dense(b)
    return b._rmatmul_dense(a)


def _commutes_with_sums(ufunc, values, other=None):
    """Whether applying ``ufunc`` to each duplicate and summing equals applying it to the sum.

    True only where it holds bit for bit: negation, and multiplication in integer or boolean
    arithmetic (exact, or wrapping modulo 2**k like the sum itself). A float product is rounded
    per duplicate, so ``2 * a1 + 2 * a2`` may differ from ``2 * (a1 + a2)`` (or overflow where it
    does not): every other function sees each position once (the tensor is coalesced first).
    """
    if ufunc in (np.negative, np.positive):
        return True
    if ufunc is np.multiply:
        # exact or wrapping like the sum only while the product keeps the values' dtype
        dtype = np.result_type(values, other)
        return dtype.kind in "biu" and dtype == values.dtype
    return False


def _unary(ufunc, sparse):
    with np.errstate(all="ignore"):
        at_zero = ufunc(np.zeros((), dtype=sparse.dtype))
    if not _is_zero(at_zero) and math.prod(sparse.shape):  # a tensor of no entries maps to one
        raise ValueError(
            f"{_name(ufunc)} maps 0 to {at_zero}, so applying it to the stored values would "
            "leave every unstored entry wrong; only element-wise functions with f(0) = 0 "
            "(abs, sqrt, sign, sin, tanh, ...) are allowed on sparse tensors. "
            "Call .to_dense() first."
        )
    if not _commutes_with_sums(ufunc, sparse._values):
        sparse = sparse._canonical()  # sign(1) + sign(1) is not sign(1 + 1)
    return sparse._with_values(ufunc(sparse._values))


def _binary(ufunc, a, b):
    a_sparse, b_sparse = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if a_sparse and b_sparse:
        if ufunc in (np.add, np.subtract):
            return a._add_sparse(b, subtract=ufunc is np.subtract)
        raise TypeError(
            f"{_name(ufunc)} of two sparse tensors is not supported (only + and -); "
            "call .to_dense() on one of them"
        )
    sparse, other = (a, b) if a_sparse else (b, a)
    dense = _as_operand(other, f"the other operand of {_name(ufunc)}")
    if dense.ndim == 0:
        if not isinstance(other, (int, float)):  # keep Python scalars weak (NEP 50): A * 2 on
            other = dense  # float32 values stays float32, as it would for an ndarray
        zero = np.zeros((), dtype=sparse.dtype)
        with np.errstate(all="ignore"):
            at_zero = ufunc(zero, other) if a_sparse else ufunc(other, zero)
        if not _is_zero(at_zero) and math.prod(sparse.shape):
            raise ValueError(
                f"{_name(ufunc)} with the scalar {dense} maps an unstored 0 to {at_zero}, so "
                "the result would not be sparse; call .to_dense() first"
            )
        if not (a_sparse and _commutes_with_sums(ufunc, sparse._values, other)):
            sparse = sparse._canonical()
        values = ufunc(sparse._values, other) if a_sparse else ufunc(other, sparse._values)
        return sparse._with_values(values)
    if ufunc in (np.add, np.subtract):
        if dense.shape != sparse.shape:
            raise ValueError(
                f"cannot add a sparse tensor of shape {sparse.shape} and a dense array of "
                f"shape {dense.shape}"
            )
        # sparse + dense is dense, as in torch: scatter the stored values into a copy.
        return ufunc(sparse.to_dense(), dense) if a_sparse else ufunc(dense, sparse.to_dense())
    raise TypeError(
        f"{_name(ufunc)} between a sparse tensor and a dense array is not supported "
        "(only +, - and matmul); call .to_dense() first"
    )
