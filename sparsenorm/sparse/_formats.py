r"""The three sparse layouts, COO, CSR and CSC, in PyTorch's vocabulary."""

import math
import sys

import numpy as np

from ._base import SparseTensor, _as_operand, _guarded
from ._checks import as_index_array, as_values_array, check_bounds, check_shape
from ._kernels import (
    abs_max,
    bucket_order,
    column_product,
    compiled_applies,
    compress,
    expand,
    finite_by_bound,
    is_lexsorted_strict,
    lexsort_order,
    nonempty_segments,
    read_only,
    scatter_rows,
    segment_sum,
    tagged_sort,
)

__all__ = ["COO", "CSC", "CSR", "to_sparse_coo", "to_sparse_csc", "to_sparse_csr"]

_INDEX_BYTES = np.dtype(np.int64).itemsize  # PyTorch stores every index as int64
_DIGIT = 1 << 16  # dimensions up to this size sort in one radix pass


def _sorted_unique(index_rows, sizes, values):
    """Sort coordinate tuples lexicographically and sum the values of duplicates.

    ``index_rows`` lists 1-D index arrays, most significant first. Returns the sorted, distinct
    index rows and their values; arrays already in that order are returned as they are. The sort is
    stable: the duplicates of a position reach :func:`_segment_sums` in the order they are stored.
    Two index rows are sorted by :func:`bucket_order` (scipy's counting passes, the minor one
    numpy's 16-bit radix sort where it has more positions than entries) wherever it applies
    (scipy's kernels installed, the major dimension with no more positions than entries, the
    minor one with no more than entries or 65 536); otherwise by one sort of the flat
    positions (:func:`_flat_unique`), or 16-bit digit by digit.
    """
    if is_lexsorted_strict(index_rows):
        return index_rows, values
    bucketed = bucket_order(*index_rows, *sizes) if len(index_rows) == 2 else None
    if bucketed is not None:
        order, ptr, minor = bucketed
        return _summed_duplicates([expand(ptr), minor], np.take(values, order, axis=0))
    flat = _flat_unique(index_rows, sizes, values)
    if flat is not None:
        return flat
    if all(size <= _DIGIT for size in sizes):
        # Every index fits in 16 bits: sort, gather and compare the small copies (a quarter of
        # the memory traffic) and widen only the result.
        rows = [idx.astype(np.uint16) for idx in index_rows]
        order = np.lexsort(rows[::-1])
    else:
        rows = index_rows
        order = lexsort_order(index_rows, sizes)
    rows = [np.take(idx, order) for idx in rows]
    return _summed_duplicates(rows, np.take(values, order, axis=0))


def _summed_duplicates(rows, values):
    """Sorted index rows and their values with each run of equal coordinates summed."""
    distinct = rows[0][1:] != rows[0][:-1]
    for idx in rows[1:]:
        distinct |= idx[1:] != idx[:-1]
    if not distinct.all():
        first = np.concatenate(([True], distinct))
        starts = np.flatnonzero(first)
        rows = [idx[first] for idx in rows]
        values = _segment_sums(values, starts)
    return [idx.astype(np.int64, copy=False) for idx in rows], values


def _flat_unique(index_rows, sizes, values):
    """:func:`_sorted_unique` by one sort of the flat (row-major) positions, or None.

    The flat position orders the tuples as lexicographic order does; one sort of it, tagged with
    the element's place (:func:`tagged_sort`), costs less than a sort per 16-bit digit, and
    duplicates are found by one comparison. None where a flat position and a place do not fit
    together in 63 bits.
    """
    bound = math.prod(sizes)
    if max(bound - 1, 0).bit_length() > 63:
        return None
    key = index_rows[0].astype(np.int64, copy=True)
    for idx, size in zip(index_rows[1:], sizes[1:], strict=True):
        key *= size
        key += idx
    tagged = tagged_sort(key, bound)
    if tagged is None:
        return None
    order, key = tagged
    values = np.take(values, order, axis=0)
    distinct = key[1:] != key[:-1]
    if not distinct.all():
        first = np.concatenate(([True], distinct))
        key = key[first]
        values = _segment_sums(values, np.flatnonzero(first))
    rows = []
    for size in sizes[:0:-1]:  # the last index varies fastest
        key, index = np.divmod(key, size)
        rows.append(index)
    rows.append(key)
    return rows[::-1], values


def _segment_sums(values, starts):
    """Sum ``values`` over the segments beginning at ``starts``, in the values' dtype.

    Integers and booleans are summed in their own dtype (``dtype=`` keeps int32 int32, where
    numpy's ``add.reduce`` would widen it), wrapping as numpy does. float16 and float32 are
    summed in float64 and rounded once. A float64 sum that overflows although its terms are
    finite (``max + max - max``) is summed again with the terms halved often enough, so only a
    total beyond the range is infinite.
    """
    dtype = values.dtype
    if dtype.kind != "f":
        return np.add.reduceat(values, starts, axis=0, dtype=dtype)
    wide = np.promote_types(dtype, np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        sums = np.add.reduceat(values, starts, axis=0, dtype=wide)
    redo = ~np.isfinite(sums)
    if wide == dtype and np.any(redo) and np.all(np.isfinite(values)):
        longest = int(np.max(np.diff(np.append(starts, values.shape[0]))))
        shift = longest.bit_length()
        with np.errstate(under="ignore"):  # terms 2**-1000 below the overflowing ones
            scaled = np.add.reduceat(np.ldexp(values, -shift), starts, axis=0, dtype=wide)
        sums[redo] = np.ldexp(scaled[redo], shift)  # numpy warns if the total overflows
    return sums.astype(dtype, copy=False)


def _dense_size(values):
    """Bytes of one stored element: the element size times the product of the dense dims."""
    return values.dtype.itemsize * math.prod(values.shape[1:])


def _scipy_sparse():
    try:
        import scipy.sparse
    except ImportError as exc:  # pragma: no cover - scipy is in every dependency group
        raise ImportError("to_scipy needs scipy: pip install scipy") from exc
    return scipy.sparse


def _torch():
    try:
        import torch
    except ImportError as exc:
        raise ImportError("to_torch needs PyTorch: pip install torch") from exc
    return torch


def _torch_tensor(torch, array):
    # torch.from_numpy refuses read-only arrays with a warning; hand it a private copy.
    return torch.from_numpy(np.array(array, copy=True))


class COO(SparseTensor):
    r"""Sparse tensor in coordinate (COO) layout: one column of indices per stored element.

    The layout of ``torch.sparse_coo_tensor``. Element ``k`` sits at position
    ``indices[:, k]`` and holds ``values[k]``; every other position is 0. The same position may
    be stored twice ("uncoalesced"): such entries add up, and :meth:`coalesce` sorts the
    positions and sums the duplicates. Values may carry trailing dense dimensions (a *hybrid*
    tensor): ``values`` of shape ``(nse, *dense_dims)`` stores a whole dense block per position.

    Parameters
    ----------
    indices : array-like of int, shape (sparse_dim, nse)
        Positions of the stored elements, one column each; stored as int64. A list of
        ``(row, col)`` pairs has shape ``(nse, 2)`` and must be transposed first.
    values : array-like of shape (nse,) or (nse, \*dense_dims)
        Stored values: bool, integer or floating dtype (kept as given).
    shape : tuple of int, default=None
        Shape of the tensor, sparse dimensions first. By default, the smallest shape that holds
        every index, followed by the dense dimensions of ``values``.

    Raises
    ------
    TypeError
        If ``indices`` are not integers (float indices included) or ``values`` are not
        numeric.
    ValueError
        If the shapes of ``indices``, ``values`` and ``shape`` disagree or ``shape`` is negative.
    IndexError
        If an index lies outside its dimension.

    See Also
    --------
    to_sparse_coo : Build a COO tensor from a dense array.
    CSR, CSC : Compressed layouts.

    Notes
    -----
    Memory, as PyTorch's documentation counts it (indices as int64, plus the values):

    .. math:: (\text{sparse\_dim} \cdot 8 + \text{itemsize} \cdot \prod \text{dense\_dims})
              \cdot \text{nse} \ \text{bytes}.

    The arrays are not copied when they already have the right dtype (values in big-endian
    byte order are converted to native order, a copy): the tensor holds the caller's arrays
    themselves, never writes to them, and its accessors return read-only views of them.
    Writing to them afterwards is not supported: the index bounds are checked on
    construction only, and whether the indices are coalesced, and the coalesced tensor (the
    values summed) once computed, are remembered, so results computed after such a write can
    be wrong.

    References
    ----------
    .. [1] PyTorch documentation, "torch.sparse", sparse COO tensors,
       https://pytorch.org/docs/stable/sparse.html#sparse-coo-tensors

    Examples
    --------
    >>> import numpy as np
    >>> from sparsenorm.sparse import COO
    >>> a = COO([[0, 1, 1], [2, 0, 2]], [3.0, 4.0, 5.0], shape=(2, 3))
    >>> a.to_dense()
    array([[0., 0., 3.],
           [4., 0., 5.]])

    Duplicates add up once coalesced:

    >>> b = COO([[1, 0, 1], [2, 0, 2]], [1.0, 2.0, 3.0], shape=(2, 3))
    >>> b.is_coalesced()
    False
    >>> c = b.coalesce()
    >>> c.indices()
    array([[0, 1],
           [0, 2]])
    >>> c.values()
    array([2., 4.])
    """

    layout = "sparse_coo"

    def __init__(self, indices, values, shape=None):
        idx = as_index_array(indices, "indices", 2)
        vals = as_values_array(values)
        if idx.shape[0] == 0:
            raise ValueError("indices must have at least one row (one per sparse dimension)")
        if idx.shape[1] != vals.shape[0]:
            hint = ""
            if idx.shape[0] == vals.shape[0]:
                hint = (
                    "; a list of coordinate tuples has shape (nse, ndim) and must be "
                    "transposed to (ndim, nse)"
                )
            raise ValueError(
                f"indices has {idx.shape[1]} columns (one per stored element) but values has "
                f"{vals.shape[0]} entries{hint}"
            )
        sparse_dim = idx.shape[0]
        if shape is None:
            sizes = idx.max(axis=1) + 1 if idx.shape[1] else np.zeros(sparse_dim, np.int64)
            shape = tuple(int(s) for s in sizes) + vals.shape[1:]
        shape = check_shape(shape)
        if len(shape) != sparse_dim + vals.ndim - 1 or shape[sparse_dim:] != vals.shape[1:]:
            raise ValueError(
                f"shape {shape} does not match {sparse_dim} sparse dimension(s) (rows of "
                f"indices) followed by the dense dimensions {vals.shape[1:]} of values"
            )
        for d in range(sparse_dim):
            check_bounds(idx[d], shape[d], f"indices[{d}]")
        self._set(idx, vals, shape, None)

    def _set(self, indices, values, shape, coalesced):
        # Stored as given (never written to); accessors hand out read-only views. Kept writeable
        # internally because np.take copies a read-only index array on every call.
        self._indices = indices
        self._values = values
        self._shape = tuple(shape)
        self._coalesced = coalesced  # None: not known yet
        self._merged = None  # the coalesced tensor, once computed (from the values as they were)

    @classmethod
    def _trusted(cls, indices, values, shape, coalesced=None):
        """Build from arrays the caller has already validated (no checks, no copies)."""
        obj = cls.__new__(cls)
        obj._set(indices, values, shape, coalesced)
        return obj

    def _with_values(self, values):
        return COO._trusted(self._indices, values, self._shape, self._coalesced)

    def _arrays(self):
        return (("indices", self._indices), ("values", self._values))

    def indices(self):
        """Return the index array, shape ``(sparse_dim, nse)``, int64 (read-only).

        Unlike ``torch.Tensor.indices``, this also works on an uncoalesced tensor.
        """
        return read_only(self._indices)

    def _index_rows(self):
        return list(self._indices)

    def is_coalesced(self):
        """Return whether the indices are sorted lexicographically and free of duplicates.

        PyTorch returns a flag set by :meth:`coalesce`; here the indices themselves are checked
        (once, then remembered), so a tensor built already sorted also counts as coalesced.
        """
        if self._coalesced is None:
            self._coalesced = is_lexsorted_strict(self._index_rows())
        return self._coalesced

    def coalesce(self):
        """Return the coalesced tensor: indices sorted lexicographically, duplicates summed.

        Returns ``self`` when it is coalesced already, and the same coalesced tensor on every
        later call. Explicitly stored zeros are kept; duplicates are summed in the values' dtype,
        as :meth:`to_dense` sums them.
        """
        if self.is_coalesced():
            return self
        if self._merged is None:
            sizes = self._shape[: self.sparse_dim()]
            rows, values = _sorted_unique(self._index_rows(), sizes, self._values)
            self._merged = COO._trusted(np.stack(rows), values, self._shape, True)
        return self._merged

    def _canonical(self):
        return self.coalesce()

    def to_dense(self):
        """Return the dense ndarray (duplicates summed, as :meth:`coalesce` sums them)."""
        if not self.is_coalesced():
            return self.coalesce().to_dense()
        out = np.zeros(self._shape, dtype=self.dtype)
        out[tuple(self._indices)] = self._values
        return out

    def to_sparse_coo(self):
        """Return ``self`` (already COO)."""
        return self

    def _compressed(self, cls, major):
        if self.sparse_dim() != 2:
            raise ValueError(
                f"{cls.__name__} needs 2 sparse dimensions, this COO tensor has "
                f"{self.sparse_dim()}"
            )
        rows = self._index_rows()
        order = [rows[major], rows[1 - major]]
        sizes = (self._shape[major], self._shape[1 - major])
        if major == 0 and self._coalesced:  # known sorted by row, then column: nothing to do
            (major_idx, minor_idx), values = order, self._values
        else:
            (major_idx, minor_idx), values = _sorted_unique(order, sizes, self._values)
        ptr = compress(major_idx, sizes[0])
        return cls._trusted(ptr, minor_idx, values, self._shape)

    def to_sparse_csr(self):
        """Return the CSR tensor (sorted by row, then column; duplicates summed)."""
        return self._compressed(CSR, 0)

    def to_sparse_csc(self):
        """Return the CSC tensor (sorted by column, then row; duplicates summed)."""
        return self._compressed(CSC, 1)

    def transpose(self, dim0=0, dim1=1):
        """Return the tensor with sparse dimensions ``dim0`` and ``dim1`` swapped.

        A 1-D tensor is its own transpose. Dense dimensions cannot be swapped.
        """
        sparse_dim = self.sparse_dim()
        if sparse_dim == 1 and (dim0, dim1) == (0, 1):
            return self
        dims = []
        for name, dim in (("dim0", dim0), ("dim1", dim1)):
            if not -sparse_dim <= dim < sparse_dim:
                raise ValueError(
                    f"{name}={dim} is not a sparse dimension of a tensor with {sparse_dim}"
                )
            dims.append(dim % sparse_dim)
        perm = list(range(sparse_dim))
        perm[dims[0]], perm[dims[1]] = perm[dims[1]], perm[dims[0]]
        shape = tuple(self._shape[p] for p in perm) + self._shape[sparse_dim:]
        return COO._trusted(self._indices[perm], self._values, shape)

    def memory_bytes(self):
        """Return the bytes PyTorch's documentation counts: ``(sparse_dim*8 + itemsize) * nse``.

        For a hybrid tensor ``itemsize`` is multiplied by the product of the dense dimensions.
        """
        return (self.sparse_dim() * _INDEX_BYTES + _dense_size(self._values)) * self.nnz

    def _matvec(self, x, dtype):
        rows, cols = self._indices
        contributions = np.take(x, cols, axis=0, mode="wrap")
        scale = self._values.reshape((-1,) + (1,) * (x.ndim - 1))
        contributions = np.multiply(contributions, scale, dtype=dtype)
        return scatter_rows(rows, contributions, self._shape[0], dtype)

    def _matmul_dense(self, x):
        if not self.is_coalesced():  # the product of the tensor that to_dense() shows
            return self.coalesce()._matmul_dense(x)
        if self.sparse_dim() == 1 and not self.dense_dim():
            x = _as_operand(x, "the dense operand")
            if x.ndim not in (1, 2) or x.shape[0] != self._shape[0]:
                raise ValueError(
                    f"matmul: a sparse vector of shape {self._shape} needs a dense operand of "
                    f"shape ({self._shape[0]},) or ({self._shape[0]}, k), got {x.shape}"
                )
            # Indices were bounds-checked on construction; basic fancy indexing is numpy's
            # fastest gather (np.take along an axis is several times slower on wide arrays).
            gathered = x[self._indices[0]]
            return _guarded(
                lambda v, y, dtype: v.astype(dtype, copy=False) @ y.astype(dtype, copy=False),
                self._values,
                gathered,
                np.result_type(self.dtype, x.dtype),
            )
        return super()._matmul_dense(x)

    def _rmatmul_dense(self, x):
        if not self.is_coalesced():
            return self.coalesce()._rmatmul_dense(x)
        if self.sparse_dim() == 1 and not self.dense_dim():
            x = _as_operand(x, "the dense operand")
            if x.ndim not in (1, 2) or x.shape[-1] != self._shape[0]:
                raise ValueError(
                    f"matmul: a sparse vector of shape {self._shape} needs a dense left operand "
                    f"of shape ({self._shape[0]},) or (k, {self._shape[0]}), got {x.shape}"
                )
            # Only the columns of x that meet a stored weight are read. Fancy indexing with
            # ``:`` is numpy's fastest gather here: np.take along the last axis and x[..., idx]
            # were each measured several times slower on a wide C-ordered x.
            idx = self._indices[0]
            gathered = x[:, idx] if x.ndim == 2 else x[idx]
            return _guarded(
                lambda v, y, dtype: y.astype(dtype, copy=False) @ v.astype(dtype, copy=False),
                self._values,
                gathered,
                np.result_type(self.dtype, x.dtype),
            )
        return super()._rmatmul_dense(x)

    def to_scipy(self, copy=False):
        """Return a ``scipy.sparse.coo_array`` (scipy chooses its own index dtype)."""
        if self.dense_dim():
            raise ValueError("scipy.sparse has no hybrid tensors; values must be 1-D")
        sparse = _scipy_sparse()
        arrays = (self._values, *self._indices)
        if not copy:
            arrays = tuple(read_only(a) for a in arrays)
        out = sparse.coo_array((arrays[0], arrays[1:]), shape=self._shape, copy=copy)
        if self._coalesced and self.sparse_dim() == 2:
            out.has_canonical_format = True
        return out

    def to_torch(self, check_invariants=False):
        """Return a ``torch.sparse_coo_tensor`` holding copies of the arrays (needs PyTorch).

        Parameters
        ----------
        check_invariants : bool, default=False
            Passed to torch. The invariants were checked when this tensor was built, so torch
            need not check them again; True makes torch check them too.

        Returns
        -------
        tensor : torch.Tensor
        """
        torch = _torch()
        return torch.sparse_coo_tensor(
            _torch_tensor(torch, self._indices),
            _torch_tensor(torch, self._values),
            size=self._shape,
            is_coalesced=self.is_coalesced(),
            check_invariants=check_invariants,
        )


class _Compressed(SparseTensor):
    """CSR and CSC: a pointer array over one dimension, indices and values over the other."""

    _major = None  # 0: rows are compressed (CSR); 1: columns are compressed (CSC)
    _names = None  # (pointer name, index name, major word, minor word)

    def _check(self, ptr, minor, values, shape):
        ptr_name, idx_name, major_word, minor_word = self._names
        ptr = as_index_array(ptr, ptr_name, 1)
        minor = as_index_array(minor, idx_name, 1)
        values = as_values_array(values)
        nse = minor.shape[0]
        if ptr.shape[0] == 0:
            raise ValueError(f"{ptr_name} must have n{major_word}s + 1 >= 1 entries, got none")
        if values.shape[0] != nse:
            raise ValueError(
                f"{idx_name} has {nse} entries but values has {values.shape[0]}; both hold one "
                "entry per stored element"
            )
        if ptr[0] != 0:
            raise ValueError(f"{ptr_name} must start at 0, got {ptr[0]}")
        if ptr[-1] != nse:
            raise ValueError(
                f"{ptr_name} must end at nse = len({idx_name}) = {nse}, got {ptr[-1]}"
            )
        steps = np.diff(ptr)
        if steps.shape[0] and steps.min() < 0:
            i = int(np.argmax(steps < 0)) + 1
            raise ValueError(
                f"{ptr_name} must be non-decreasing, but {ptr_name}[{i}] = {ptr[i]} is smaller "
                f"than {ptr_name}[{i - 1}] = {ptr[i - 1]}"
            )
        n_major = ptr.shape[0] - 1
        if shape is None:
            n_minor = int(minor.max()) + 1 if nse else 0
            shape = [n_major, n_minor] if self._major == 0 else [n_minor, n_major]
            shape = tuple(shape) + values.shape[1:]
        shape = check_shape(shape)
        if len(shape) != 1 + values.ndim or shape[2:] != values.shape[1:]:
            raise ValueError(
                f"shape {shape} does not match 2 sparse dimensions followed by the dense "
                f"dimensions {values.shape[1:]} of values"
            )
        if shape[self._major] != n_major:
            raise ValueError(
                f"{ptr_name} has {n_major + 1} entries, so the matrix has {n_major} "
                f"{major_word}s, but shape {shape} says {shape[self._major]}"
            )
        check_bounds(minor, shape[1 - self._major], idx_name)
        if nse > 1:
            bad = np.diff(minor) <= 0
            inner = ptr[1:-1]
            inner = inner[(inner > 0) & (inner < nse)]
            bad[inner - 1] = False  # a new segment may start anywhere
            if bad.any():
                k = int(np.argmax(bad)) + 1
                segment = int(np.searchsorted(ptr, k, side="right")) - 1
                raise ValueError(
                    f"{idx_name} must be strictly increasing within each {major_word} (sorted, "
                    f"no duplicates): {major_word} {segment} holds {minor_word} {minor[k]} "
                    f"after {minor_word} {minor[k - 1]}"
                )
        return ptr, minor, values, shape

    def _set(self, ptr, minor, values, shape):
        self._ptr = ptr
        self._minor = minor
        self._values = values
        self._shape = tuple(shape)
        # major indices holding entries, computed when numpy code needs them (from the pointers,
        # which must not change; nothing computed from the values is kept)
        self._nonempty = None

    @classmethod
    def _trusted(cls, ptr, minor, values, shape):
        """Build from arrays the caller has already validated (no checks, no copies)."""
        obj = cls.__new__(cls)
        obj._set(ptr, minor, values, shape)
        return obj

    def _with_values(self, values):
        return type(self)._trusted(self._ptr, self._minor, values, self._shape)

    def _arrays(self):
        return (
            (self._names[0], self._ptr),
            (self._names[1], self._minor),
            ("values", self._values),
        )

    def _transposed_shape(self):
        return (self._shape[1], self._shape[0], *self._shape[2:])

    def transpose(self, dim0=0, dim1=1):
        """Return the transpose, which is the other compressed layout over the same arrays.

        The transpose of a CSR matrix is a CSC matrix with the same three arrays (and the other
        way round), so nothing is copied.
        """
        dims = {d % 2 for d in (dim0, dim1) if -2 <= d < 2}
        if dims != {0, 1} or not all(-2 <= d < 2 for d in (dim0, dim1)):
            raise ValueError(
                f"a {type(self).__name__} matrix can only swap its two sparse dimensions "
                f"(0 and 1), got dim0={dim0}, dim1={dim1}"
            )
        other = CSC if self._major == 0 else CSR
        return other._trusted(self._ptr, self._minor, self._values, self._transposed_shape())

    def _major_minor(self):
        return expand(self._ptr), self._minor

    def to_dense(self):
        """Return the dense ndarray."""
        out = np.zeros(self._shape, dtype=self.dtype)
        major, minor = self._major_minor()
        position = (major, minor) if self._major == 0 else (minor, major)
        out[position] = self._values
        return out

    def to_sparse_coo(self):
        """Return the COO tensor (coalesced when converted from CSR)."""
        major, minor = self._major_minor()
        if self._major == 0:
            return COO._trusted(np.stack([major, minor]), self._values, self._shape, True)
        return COO._trusted(np.stack([minor, major]), self._values, self._shape)

    def _swap_compression(self):
        """The same matrix compressed along the other dimension (a stable counting sort)."""
        n_minor = self._shape[1 - self._major]
        order = lexsort_order([self._minor], [n_minor])
        new_minor = np.take(expand(self._ptr), order)
        values = np.take(self._values, order, axis=0)
        ptr = compress(self._minor, n_minor)
        other = CSC if self._major == 0 else CSR
        return other._trusted(ptr, new_minor, values, self._shape)

    def memory_bytes(self):
        """Return the bytes PyTorch's documentation counts for this layout.

        ``n * 8 + (8 + itemsize) * nse`` with ``n`` the number of rows (CSR) or columns (CSC);
        for a hybrid tensor ``itemsize`` is multiplied by the product of the dense dimensions.
        The pointer array actually holds ``n + 1`` entries, 8 bytes more than the formula.
        """
        n_major = self._shape[self._major]
        return n_major * _INDEX_BYTES + (_INDEX_BYTES + _dense_size(self._values)) * self.nnz

    def _matmul_dense(self, x):
        values = self._values
        if (
            type(x) is not np.ndarray
            or values.ndim != 1
            or x.ndim not in (1, 2)
            or x.shape[0] != self._shape[1]
            or not compiled_applies(values, x)
        ):
            return super()._matmul_dense(x)
        return self._compiled_matmul(x)

    def _compiled_matmul(self, x):
        """``self @ x`` by scipy's compiled kernel, returned as it is once known to be finite.

        For an ndarray ``x`` of the values' dtype, float32 or float64, of a valid shape, with
        scipy installed (:func:`compiled_applies`). The result is known to be finite from
        bounds on the operands (:func:`finite_by_bound`, the bound on the stored values
        computed again for every product, as the caller may have changed them) where the
        operands are fewer to read than the result (``x`` and the stored values together
        have fewer entries than the result), else (or where the bounds do not show it) by
        checking every entry of the result. A result that is not finite goes to the overflow
        guard of the general path (:func:`_guarded`) as its first product, so the compiled
        kernel is not run again on the same operands (except in float64 where a stored value
        or ``x`` is itself not finite), and is recomputed there (float32: by numpy code in
        float64, rounded once; float64: the entries that are not finite, with operands scaled
        by powers of two where they are finite).
        """
        values = self._values
        out = self._matvec(x, values.dtype)
        if x.size + self.nnz < out.size:
            # one output entry sums at most one product per column, and at most nse of them
            n_terms = min(self.nnz, self._shape[1])
            if finite_by_bound(abs_max(values), x, n_terms):
                return out
        if np.isfinite(out).all():  # the method: np.all's Python wrapper costs microseconds
            return out
        return _guarded(
            lambda v, y, dtype: self._with_values(v)._matvec(y, dtype),
            values,
            x,
            values.dtype,
            first=out,
        )

    def _nonempty_majors(self):
        if self._nonempty is None:
            self._nonempty = nonempty_segments(self._ptr)
        return self._nonempty

    def to_scipy(self, copy=False, index_dtype=None):
        """Return the matching ``scipy.sparse`` array, sharing this tensor's values.

        Parameters
        ----------
        copy : bool, default=False
            If False, the scipy array uses this tensor's values array as it is (read-only, no
            copy). If True, every array is a writeable copy.
        index_dtype : {None, numpy.int32, numpy.int64}, default=None
            Integer type of the scipy index arrays. None follows scipy's own rule: int32 when
            every index fits, which is what scipy's constructors produce and what
            scikit-learn's estimators require (this converts the two index arrays, 4 bytes per
            stored element). ``np.int64`` shares this tensor's index arrays too, so the result
            costs no copy at all (scipy's kernels accept int64 indices).

        Returns
        -------
        matrix : scipy.sparse.csr_array or scipy.sparse.csc_array
        """
        if self.dense_dim():
            raise ValueError("scipy.sparse has no hybrid tensors; values must be 1-D")
        int32_max = np.iinfo(np.int32).max
        fits = max(self._shape, default=0) <= int32_max and self.nnz <= int32_max
        if index_dtype is None:
            index_dtype = np.int32 if fits else np.int64
        index_dtype = np.dtype(index_dtype)
        if index_dtype not in (np.dtype(np.int32), np.dtype(np.int64)):
            raise ValueError(f"index_dtype must be int32, int64 or None, got {index_dtype}")
        if index_dtype == np.int32 and not fits:
            raise ValueError("this matrix is too large for int32 indices; use index_dtype=int64")

        def prepare(array, dtype):
            converted = array.astype(dtype, copy=copy)
            return read_only(converted) if converted is array else converted

        sparse = _scipy_sparse()
        cls = sparse.csr_array if self._major == 0 else sparse.csc_array
        # Assigning the arrays skips the constructor, which would copy int64 indices even when
        # asked for int64; scipy's kernels take either index type as it is.
        out = cls(self._shape, dtype=self.dtype)
        out.data = prepare(self._values, self.dtype)
        out.indices = prepare(self._minor, index_dtype)
        out.indptr = prepare(self._ptr, index_dtype)
        out.check_format(full_check=False)
        out.has_sorted_indices = True
        out.has_canonical_format = True
        return out


class CSR(_Compressed):
    r"""Sparse matrix in compressed sparse row (CSR) layout.

    The layout of ``torch.sparse_csr_tensor``. Row ``i`` stores
    ``crow_indices[i + 1] - crow_indices[i]`` elements, whose columns are
    ``col_indices[crow_indices[i]:crow_indices[i + 1]]`` (increasing) and whose values are the
    same slice of ``values``.

    Parameters
    ----------
    crow_indices : array-like of int, shape (nrows + 1,)
        Compressed row pointers: start at 0, never decrease, end at ``nse``.
    col_indices : array-like of int, shape (nse,)
        Column of each stored element, strictly increasing within each row.
    values : array-like of shape (nse,) or (nse, \*dense_dims)
        Stored values: bool, integer or floating dtype (kept as given).
    shape : tuple of int, default=None
        ``(nrows, ncols, *dense_dims)``; by default ``ncols`` is one more than the largest
        column index.

    Raises
    ------
    TypeError
        If the index arrays are not integers or ``values`` is not numeric.
    ValueError
        If ``crow_indices`` does not start at 0, does not end at ``nse`` or decreases, if the
        lengths or ``shape`` disagree, or if columns are unsorted or repeated within a row.
    IndexError
        If a column index lies outside ``[0, ncols)``.

    See Also
    --------
    CSC : The same layout over columns; ``CSR.T`` is a CSC matrix over the same arrays.
    COO : Coordinate layout.

    Notes
    -----
    Memory, as PyTorch's documentation counts it:

    .. math:: \text{nrows} \cdot 8 + (8 + \text{itemsize}) \cdot \text{nse}\ \text{bytes}.

    Compared with COO, CSR replaces ``nse`` row indices by ``nrows + 1`` pointers, which pays
    off as soon as rows hold more than one element on average.

    References
    ----------
    .. [1] PyTorch documentation, "torch.sparse", sparse CSR tensors,
       https://pytorch.org/docs/stable/sparse.html#sparse-csr-tensor

    Examples
    --------
    >>> from sparsenorm.sparse import CSR
    >>> a = CSR([0, 2, 2, 3], [0, 2, 1], [1.0, 2.0, 3.0], shape=(3, 3))
    >>> a.to_dense()
    array([[1., 0., 2.],
           [0., 0., 0.],
           [0., 3., 0.]])
    >>> a @ [1.0, 1.0, 1.0]
    array([3., 0., 3.])
    """

    layout = "sparse_csr"
    _major = 0
    _names = ("crow_indices", "col_indices", "row", "column")

    def __init__(self, crow_indices, col_indices, values, shape=None):
        self._set(*self._check(crow_indices, col_indices, values, shape))

    def crow_indices(self):
        """Return the compressed row pointers, shape ``(nrows + 1,)``, int64 (read-only)."""
        return read_only(self._ptr)

    def col_indices(self):
        """Return the column index of every stored element, shape ``(nse,)`` (read-only)."""
        return read_only(self._minor)

    def to_sparse_csr(self):
        """Return ``self`` (already CSR)."""
        return self

    def to_sparse_csc(self):
        """Return the CSC matrix (a stable counting sort by column)."""
        return self._swap_compression()

    def _matvec(self, x, dtype):
        # the empty rows are looked up only if the numpy code runs (scipy's kernel needs none)
        return segment_sum(self._ptr, self._minor, self._values, x, dtype, self._nonempty_majors)

    def to_torch(self, check_invariants=False):
        """Return a ``torch.sparse_csr_tensor`` holding copies of the arrays (needs PyTorch).

        Parameters
        ----------
        check_invariants : bool, default=False
            Passed to torch; see :meth:`COO.to_torch`.

        Returns
        -------
        tensor : torch.Tensor
        """
        torch = _torch()
        return torch.sparse_csr_tensor(
            *(_torch_tensor(torch, a) for a in (self._ptr, self._minor, self._values)),
            size=self._shape,
            check_invariants=check_invariants,
        )


class CSC(_Compressed):
    r"""Sparse matrix in compressed sparse column (CSC) layout: CSR of the transpose.

    The layout of ``torch.sparse_csc_tensor``. Column ``j`` stores
    ``ccol_indices[j + 1] - ccol_indices[j]`` elements, whose rows are
    ``row_indices[ccol_indices[j]:ccol_indices[j + 1]]`` (increasing).

    Parameters
    ----------
    ccol_indices : array-like of int, shape (ncols + 1,)
        Compressed column pointers: start at 0, never decrease, end at ``nse``.
    row_indices : array-like of int, shape (nse,)
        Row of each stored element, strictly increasing within each column.
    values : array-like of shape (nse,) or (nse, \*dense_dims)
        Stored values: bool, integer or floating dtype (kept as given).
    shape : tuple of int, default=None
        ``(nrows, ncols, *dense_dims)``; by default ``nrows`` is one more than the largest row
        index.

    Raises
    ------
    TypeError
        If the index arrays are not integers or ``values`` is not numeric.
    ValueError
        If ``ccol_indices`` does not start at 0, does not end at ``nse`` or decreases, if the
        lengths or ``shape`` disagree, or if rows are unsorted or repeated within a column.
    IndexError
        If a row index lies outside ``[0, nrows)``.

    See Also
    --------
    CSR : Compressed rows; ``CSC.T`` is a CSR matrix over the same arrays.
    COO : Coordinate layout.

    Notes
    -----
    Memory, as PyTorch's documentation counts it:

    .. math:: \text{ncols} \cdot 8 + (8 + \text{itemsize}) \cdot \text{nse}\ \text{bytes}.

    CSC is the layout of choice for a design matrix in coordinate descent, which reads one
    column at a time; :meth:`to_scipy` hands it to scipy without copying the values (nor the
    indices, with ``index_dtype=np.int64``). ``A @ x`` scatters each column's contributions
    into the rows, every column included (a stored infinity or NaN times a zero of ``x`` is
    NaN, as in the dense product). It runs scipy's compiled ``csc_matvec`` (``csc_matvecs`` for
    a 2-D ``x``) on the three arrays as they are, for float32 or float64 values and an ``x`` of
    their dtype, where scipy is installed and there is a stored element to multiply; numpy code
    (``np.repeat`` of ``x`` per column and a scatter into the rows) where one of these
    conditions fails or the kernel refuses the call. A float32 result of the compiled kernel
    that is not finite is computed again by that numpy code in float64 and rounded once to
    float32. The entries of a float64 one that are not finite are computed again by the
    compiled kernel, with both operands scaled by powers of two where they are finite (as they
    are otherwise). For float64 the numpy code gives the compiled kernel's result bit for bit
    (the same products, added in the same order), unless scipy was built to fuse a multiply and
    an add into one FMA; for float32 the two may differ by rounding (the numpy code sums in
    float64). The scatter is a different loop from a CSR product's gather (the torch.sparse
    gallery's timing page times both, next to scipy's and torch's CSR products), while ``x @
    A`` (``A.T @ x``) runs the CSR gather on the same arrays; for many products ``A @ x`` with
    dense ``x``, converting once with :meth:`to_sparse_csr` gives the CSR loop.

    References
    ----------
    .. [1] PyTorch documentation, "torch.sparse", sparse CSC tensors,
       https://pytorch.org/docs/stable/sparse.html#sparse-csc-tensor

    Examples
    --------
    >>> from sparsenorm.sparse import CSC
    >>> a = CSC([0, 1, 1, 3], [0, 0, 2], [1.0, 2.0, 3.0], shape=(3, 3))
    >>> a.to_dense()
    array([[1., 0., 2.],
           [0., 0., 0.],
           [0., 0., 3.]])
    >>> a.T.layout
    'sparse_csr'
    """

    layout = "sparse_csc"
    _major = 1
    _names = ("ccol_indices", "row_indices", "column", "row")

    def __init__(self, ccol_indices, row_indices, values, shape=None):
        self._set(*self._check(ccol_indices, row_indices, values, shape))

    def ccol_indices(self):
        """Return the compressed column pointers, shape ``(ncols + 1,)``, int64 (read-only)."""
        return read_only(self._ptr)

    def row_indices(self):
        """Return the row index of every stored element, shape ``(nse,)`` (read-only)."""
        return read_only(self._minor)

    def to_sparse_csc(self):
        """Return ``self`` (already CSC)."""
        return self

    def to_sparse_csr(self):
        """Return the CSR matrix (a stable counting sort by row)."""
        return self._swap_compression()

    def _matvec(self, x, dtype):
        return column_product(self._ptr, self._minor, self._values, x, dtype, self._shape[0])

    def to_torch(self, check_invariants=False):
        """Return a ``torch.sparse_csc_tensor`` holding copies of the arrays (needs PyTorch).

        Parameters
        ----------
        check_invariants : bool, default=False
            Passed to torch; see :meth:`COO.to_torch`.

        Returns
        -------
        tensor : torch.Tensor
        """
        torch = _torch()
        return torch.sparse_csc_tensor(
            *(_torch_tensor(torch, a) for a in (self._ptr, self._minor, self._values)),
            size=self._shape,
            check_invariants=check_invariants,
        )


def _as_sparse(dense):
    """``dense`` as a sparsenorm tensor if it is already sparse (sparsenorm, scipy, torch)."""
    if isinstance(dense, SparseTensor):
        return dense
    scipy_sparse = sys.modules.get("scipy.sparse")
    if scipy_sparse is not None and scipy_sparse.issparse(dense):
        from ._interop import from_scipy  # it imports this module

        return from_scipy(dense)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(dense, torch.Tensor) and dense.layout != torch.strided:
        from ._interop import from_torch

        return from_torch(dense)
    return None


def _as_dense(dense):
    try:
        array = np.asarray(dense)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"dense must be a numeric array-like, got {type(dense).__name__}") from exc
    if array.ndim == 0:
        raise ValueError("dense must have at least one dimension, got a scalar")
    return as_values_array(array, "dense")


def to_sparse_coo(dense, sparse_dim=None):
    """Return the COO tensor of the non-zero entries of a dense array (coalesced).

    Parameters
    ----------
    dense : array-like
        Bool, integer or floating array with at least one dimension. NaN counts as non-zero.
        A sparse input (a sparsenorm tensor, a ``scipy.sparse`` matrix or array, a sparse
        ``torch`` tensor) is converted instead, as :func:`from_scipy` and :func:`from_torch`
        do: its stored entries are kept (explicit zeros included) and duplicates summed.
    sparse_dim : int, default=None
        Number of leading dimensions to make sparse (all by default). With fewer, the result is
        hybrid: a position is stored when any entry of its trailing dense block is non-zero.
        For a sparse input it must be None or its number of sparse dimensions.

    Returns
    -------
    tensor : COO
        Indices in row-major (lexicographic) order; ``dense`` is not modified.

    Examples
    --------
    >>> from sparsenorm.sparse import to_sparse_coo
    >>> a = to_sparse_coo([[0.0, 2.0], [3.0, 0.0]])
    >>> a.indices()
    array([[0, 1],
           [1, 0]])
    >>> a.values()
    array([2., 3.])
    """
    sparse = _as_sparse(dense)
    if sparse is not None:
        if sparse_dim is not None and sparse_dim != sparse.sparse_dim():
            raise ValueError(
                f"sparse_dim={sparse_dim!r} cannot change the {sparse.sparse_dim()} sparse "
                "dimension(s) of a sparse input; convert it with .to_dense() first"
            )
        return sparse.to_sparse_coo().coalesce()
    array = _as_dense(dense)
    if sparse_dim is None:
        sparse_dim = array.ndim
    if isinstance(sparse_dim, bool) or not isinstance(sparse_dim, (int, np.integer)):
        raise TypeError(f"sparse_dim must be an int, got {type(sparse_dim).__name__}")
    if not 1 <= sparse_dim <= array.ndim:
        raise ValueError(f"sparse_dim must lie in [1, {array.ndim}], got {sparse_dim}")
    mask = array != 0
    if sparse_dim < array.ndim:
        mask = mask.any(axis=tuple(range(sparse_dim, array.ndim)))
    position = np.nonzero(mask)
    indices = np.array(position, dtype=np.int64).reshape(sparse_dim, -1)
    return COO._trusted(indices, array[position], array.shape, True)


def to_sparse_csr(dense):
    """Return the CSR matrix of the non-zero entries of a dense 2-D array.

    Parameters
    ----------
    dense : array-like of shape (nrows, ncols)
        Bool, integer or floating matrix; not modified. A sparse matrix is converted, as in
        :func:`to_sparse_coo`.

    Returns
    -------
    matrix : CSR

    Examples
    --------
    >>> from sparsenorm.sparse import to_sparse_csr
    >>> to_sparse_csr([[0.0, 2.0], [3.0, 0.0]]).crow_indices()
    array([0, 1, 2])
    """
    sparse = _as_sparse(dense)
    if sparse is not None:
        return sparse.to_sparse_csr()
    array = _as_dense(dense)
    if array.ndim != 2:
        raise ValueError(f"dense must be 2-D for CSR, got shape {array.shape}")
    return to_sparse_coo(array).to_sparse_csr()


def to_sparse_csc(dense):
    """Return the CSC matrix of the non-zero entries of a dense 2-D array.

    Parameters
    ----------
    dense : array-like of shape (nrows, ncols)
        Bool, integer or floating matrix; not modified. A sparse matrix is converted, as in
        :func:`to_sparse_coo`.

    Returns
    -------
    matrix : CSC

    Examples
    --------
    >>> from sparsenorm.sparse import to_sparse_csc
    >>> to_sparse_csc([[0.0, 2.0], [3.0, 0.0]]).ccol_indices()
    array([0, 1, 2])
    """
    sparse = _as_sparse(dense)
    if sparse is not None:
        return sparse.to_sparse_csc()
    array = _as_dense(dense)
    if array.ndim != 2:
        raise ValueError(f"dense must be 2-D for CSC, got shape {array.shape}")
    return to_sparse_coo(array).to_sparse_csc()
