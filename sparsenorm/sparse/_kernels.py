"""Vectorised numpy kernels behind the sparse layouts (no Python loop over stored entries).

Everything here works on plain arrays that the layouts have already validated, so nothing is
checked twice on the hot paths.
"""

import numpy as np

__all__ = [
    "column_product_scipy",
    "compress",
    "expand",
    "is_lexsorted_strict",
    "lexsort_order",
    "read_only",
    "scatter_rows",
    "segment_sum",
    "segment_sum_numpy",
    "segment_sum_scipy",
]

# A prefix this long decides most "is it sorted?" questions without touching the whole array.
_PREFIX = 1024


def read_only(array):
    """Return a read-only view of ``array`` (no copy), so no layout can write to its inputs."""
    view = array.view()
    view.flags.writeable = False
    return view


def lexsort_order(index_rows, sizes):
    """Stable order sorting the coordinate tuples lexicographically (first row most significant).

    A least-significant-digit radix sort: every index is cut into 16-bit digits and
    ``np.lexsort`` sorts those with numpy's linear-time radix sort for 16-bit keys. Only as many
    digits as the size of each dimension needs are used, so a 20 000 × 50 000 matrix costs two
    counting-sort passes.
    """
    keys = []
    for idx, size in zip(reversed(index_rows), reversed(sizes), strict=False):
        nbits = int(max(size - 1, 0)).bit_length()
        for shift in range(0, nbits, 16):
            digit = idx >> shift if shift else idx
            if nbits - shift > 16:
                digit = digit & 0xFFFF
            keys.append(digit.astype(np.uint16))
    n = index_rows[0].shape[0] if len(index_rows) else 0
    if not keys:
        return np.arange(n)
    return np.lexsort(keys)


def _strictly_increasing(index_rows):
    """Boolean mask over consecutive pairs: True where tuple k+1 comes after tuple k."""
    ok = None
    for idx in reversed(index_rows):
        step = np.diff(idx)
        ok = step > 0 if ok is None else (step > 0) | ((step == 0) & ok)
    return ok


def is_lexsorted_strict(index_rows):
    """Whether the coordinate tuples are strictly increasing (sorted and without duplicates)."""
    if not len(index_rows) or index_rows[0].shape[0] < 2:
        return True
    head = [idx[: _PREFIX + 1] for idx in index_rows]
    if not _strictly_increasing(head).all():
        return False
    return bool(_strictly_increasing(index_rows).all())


def compress(major, n_major):
    """Pointer array of length ``n_major + 1`` for sorted major indices (counting, no search)."""
    ptr = np.zeros(n_major + 1, dtype=np.int64)
    if major.shape[0]:
        np.cumsum(np.bincount(major, minlength=n_major), out=ptr[1:])
    return ptr


def expand(ptr):
    """The major index of every stored entry: ``ptr`` decompressed (``np.repeat``)."""
    return np.repeat(np.arange(ptr.shape[0] - 1, dtype=np.int64), np.diff(ptr))


def _result_buffer(gathered, values, dtype):
    """Multiply gathered operand rows by the stored values, in place when the dtype allows."""
    scale = values.reshape(values.shape + (1,) * (gathered.ndim - 1))
    if gathered.dtype == dtype:
        np.multiply(gathered, scale, out=gathered)
        return gathered
    return np.multiply(gathered, scale, dtype=dtype)


_SCIPY_CSR = []


def _scipy_csr():
    """Return scipy's ``csr_array`` (imported on first use), or None without scipy."""
    if not _SCIPY_CSR:
        try:
            from scipy.sparse import csr_array
        except ImportError:  # scipy is optional
            csr_array = None
        _SCIPY_CSR.append(csr_array)
    return _SCIPY_CSR[0]


def segment_sum_scipy(ptr, minor, values, x, dtype):
    """``A @ x`` by scipy's compiled CSR kernel on copy-free views, or None where it cannot.

    Used for float32 / float64 values and operands of the result's dtype, with 1-D or 2-D
    ``x``: scipy's ``csr_matvec`` / ``csr_matvecs`` sum each row's products in storage order,
    as :func:`segment_sum_numpy` does.
    """
    csr_array = _scipy_csr()
    dtype = np.dtype(dtype)
    if (
        csr_array is None
        or dtype not in (np.float32, np.float64)
        or values.dtype != dtype
        or x.dtype != dtype
        or x.ndim not in (1, 2)
        or minor.shape[0] == 0
    ):
        return None
    A = csr_array((ptr.shape[0] - 1, x.shape[0]), dtype=dtype)
    # the arrays were validated by the layout: set them as they are (no copy, no re-check)
    A.indptr, A.indices, A.data = ptr, minor, values
    out = A @ x
    return out if out.dtype == dtype else None


def column_product_scipy(ptr, minor, values, x, dtype, n_rows):
    """``A @ x`` for a CSC matrix ``A`` by scipy's compiled kernel (copy-free), or None.

    The same conditions as :func:`segment_sum_scipy`. Not wired in: no layout calls it (CSC's
    ``_matvec`` runs numpy code, ``np.repeat`` and a scatter into the rows); it is kept for
    benchmarking and possible future use, and ``tests/test_speed_paths.py`` checks it
    against the dense product.
    """
    csr_array = _scipy_csr()
    dtype = np.dtype(dtype)
    if (
        csr_array is None
        or dtype not in (np.float32, np.float64)
        or values.dtype != dtype
        or x.dtype != dtype
        or x.ndim not in (1, 2)
        or minor.shape[0] == 0
    ):
        return None
    from scipy.sparse import csc_array

    A = csc_array((n_rows, ptr.shape[0] - 1), dtype=dtype)
    A.indptr, A.indices, A.data = ptr, minor, values
    out = A @ x
    return out if out.dtype == dtype else None


def segment_sum(ptr, minor, values, x, dtype, nonempty=None):
    """``A @ x`` for a compressed matrix ``A`` (CSR rows): gather, scale, sum each segment.

    ``x`` has shape ``(n_minor, *rest)``; returns ``(n_major, *rest)``. ``nonempty`` (the major
    indices that hold entries) may be passed in when cached by the caller. scipy's compiled
    kernel runs where scipy is installed (:func:`segment_sum_scipy`); the numpy implementation
    :func:`segment_sum_numpy` is the reference.
    """
    out = segment_sum_scipy(ptr, minor, values, x, dtype)
    if out is not None:
        return out
    return segment_sum_numpy(ptr, minor, values, x, dtype, nonempty)


def segment_sum_numpy(ptr, minor, values, x, dtype, nonempty=None):
    """The numpy reference of :func:`segment_sum`."""
    n_major = ptr.shape[0] - 1
    if minor.shape[0] == 0:
        return np.zeros((n_major, *x.shape[1:]), dtype=dtype)
    # Indices were bounds-checked on construction, so the cheapest take mode is safe.
    products = _result_buffer(np.take(x, minor, axis=0, mode="wrap"), values, dtype)
    if nonempty is None:
        nonempty = np.flatnonzero(np.diff(ptr))
    if nonempty.shape[0] == n_major:
        return np.add.reduceat(products, ptr[:-1], axis=0, dtype=dtype)
    out = np.zeros((n_major, *x.shape[1:]), dtype=dtype)
    out[nonempty] = np.add.reduceat(products, ptr[:-1][nonempty], axis=0, dtype=dtype)
    return out


def scatter_rows(rows, contributions, n_rows, dtype):
    """Sum ``contributions`` (``(nse, *rest)``) into ``n_rows`` rows by ``rows`` (duplicates add).

    Floating results use ``np.bincount`` (one pass); integer and boolean results use
    ``np.add.at``, which is exact where float64 accumulation would not be.
    """
    rest = contributions.shape[1:]
    if np.dtype(dtype).kind == "f":
        if rest:
            width = int(np.prod(rest))
            flat = (rows[:, None] * width + np.arange(width)).ravel()
            summed = np.bincount(flat, weights=contributions.reshape(-1), minlength=n_rows * width)
            return summed.reshape((n_rows, *rest)).astype(dtype, copy=False)
        summed = np.bincount(rows, weights=contributions, minlength=n_rows)
        return summed.astype(dtype, copy=False)
    out = np.zeros((n_rows, *rest), dtype=dtype)
    np.add.at(out, rows, contributions)
    return out
