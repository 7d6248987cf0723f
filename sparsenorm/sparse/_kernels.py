"""Vectorised numpy kernels behind the sparse layouts (no Python loop over stored entries).

Everything here works on plain arrays that the layouts have already validated, so nothing is
checked twice on the hot paths.
"""

import math

import numpy as np

__all__ = [
    "abs_max",
    "column_product",
    "column_product_numpy",
    "column_product_scipy",
    "compiled_applies",
    "compress",
    "expand",
    "finite_by_bound",
    "is_lexsorted_strict",
    "lexsort_order",
    "nonempty_segments",
    "read_only",
    "scatter_rows",
    "segment_sum",
    "segment_sum_numpy",
    "segment_sum_scipy",
    "select_columns",
    "tagged_sort",
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


def tagged_sort(keys, bound):
    """The stable sorting permutation of int64 ``keys`` in ``[0, bound)``, and the sorted keys.

    Each key is shifted left and its position written into the low bits, so the tagged keys are
    distinct and any sort of them is stable; numpy's default sort (an introsort, vectorised where
    the CPU allows, e.g. with AVX2 or AVX-512 on x86) sorts them in place. Returns None where a
    key and a position do not fit together in the 63 bits of a non-negative int64.
    """
    n = keys.shape[0]
    shift = max(n - 1, 0).bit_length()
    if max(bound - 1, 0).bit_length() + shift > 63:
        return None
    tagged = keys << shift
    tagged |= np.arange(n, dtype=np.int64)
    tagged.sort()
    order = tagged & ((1 << shift) - 1)
    tagged >>= shift
    return order, tagged


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


_SPARSETOOLS = []
_COMPILED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
# unit roundoff and largest finite number of each dtype the compiled kernels compute in
_FLOAT_LIMITS = {
    dtype: (float(np.finfo(dtype).eps) / 2, float(np.finfo(dtype).max))
    for dtype in _COMPILED_DTYPES
}

# The gathering path of a CSC product reads the active columns' pointers and entries in about
# six numpy passes (pointers: two gathers, a difference, a cumulative sum, a shift, the gather
# of x; entries: a repeat, an offset, the gathers of rows and values, the product's own pass),
# where the full product makes one pass over every column and stored entry.
_GATHER_PASSES = 6


def _sparsetools():
    """Return scipy's compiled sparse kernels (``scipy.sparse._sparsetools``), or None.

    None without scipy. Imported on first use. The module is private to scipy: it is the one
    scipy's own ``csr_array @ x`` and ``csc_array @ x`` call, and ``tests/test_speed_paths.py``
    checks that it is there wherever scipy is installed.
    """
    if not _SPARSETOOLS:
        try:
            from scipy.sparse import _sparsetools as tools
        except ImportError:  # scipy is optional
            tools = None
        _SPARSETOOLS.append(tools)
    return _SPARSETOOLS[0]


def compiled_applies(values, x):
    """Whether scipy's compiled kernels compute ``A @ x`` in the values' dtype.

    They do for float32 or float64 values and an ``x`` of the same dtype, where scipy is
    installed; a matrix without stored entries is the exception (its product, zeros, is made by
    numpy code).
    """
    return values.dtype in _COMPILED_DTYPES and x.dtype == values.dtype and bool(_sparsetools())


def abs_max(array):
    """The largest magnitude in ``array`` (0.0 if empty; NaN if it holds a NaN)."""
    if not array.size:
        return 0.0
    # two reductions without a temporary; np.max and np.min propagate NaN
    return max(float(array.max()), -float(array.min()))


def finite_by_bound(values_bound, x, n_terms):
    """Whether every entry of ``A @ x`` is finite, decided from bounds on the operands alone.

    ``x`` is float32 or float64, the dtype of the product; ``values_bound`` bounds the
    magnitudes of the stored values (:func:`abs_max`) and ``n_terms`` the number of products
    summed into one entry of the result. In IEEE binary32
    or binary64 arithmetic with rounding to nearest (unit roundoff ``u``: 2**-24 or 2**-53),
    with ``a = values_bound``, ``b`` the largest ``|x|`` and ``L = n_terms``, every rounded
    product is at most ``(1 + u) a b`` and every partial sum, in any order and with or without
    fused multiply-adds, at most ``L a b (1 + u)**(L + 1)``, which is below ``2 L a b`` when
    ``(L + 1) u <= 1/4`` (``e**(1/4) < 2``). So when both bounds are finite and
    ``4 L a b <= max`` (the largest finite number of the dtype; the factor 4 also covers the
    rounding of this check, done in float64), no sum overflows, and with finite operands no
    entry is infinite or NaN. True is therefore always right; False means "not shown".
    """
    if not x.size:
        return True
    roundoff, largest = _FLOAT_LIMITS[x.dtype]
    b = abs_max(x)
    if not (math.isfinite(values_bound) and math.isfinite(b)):
        return False
    return (n_terms + 1) * roundoff <= 0.25 and 4.0 * n_terms * values_bound * b <= largest


def _compiled_product(kind, n_rows, n_cols, ptr, minor, values, x, dtype):
    """``A @ x`` by scipy's compiled ``{kind}_matvec`` / ``{kind}_matvecs``, or None.

    ``kind`` is ``"csr"`` or ``"csc"``. The three arrays are handed over as they are (no copy);
    a 2-D ``x`` is passed in C order, as scipy's ``A @ x`` passes it. None where the kernel does
    not apply: no scipy, values other than float32 / float64, an ``x`` of another dtype than
    the values or not of one or two dimensions, or no stored entry.
    """
    tools = _sparsetools()
    dtype = np.dtype(dtype)
    if (
        tools is None
        or dtype not in _COMPILED_DTYPES
        or values.dtype != dtype
        or x.dtype != dtype
        or x.ndim not in (1, 2)
        or minor.shape[0] == 0
    ):
        return None
    # looked up on every call, as scipy's own product does
    if x.ndim == 1:
        out = np.zeros(n_rows, dtype=dtype)
        getattr(tools, kind + "_matvec")(n_rows, n_cols, ptr, minor, values, x, out)
        return out
    k = x.shape[1]
    out = np.zeros((n_rows, k), dtype=dtype)
    getattr(tools, kind + "_matvecs")(
        n_rows, n_cols, k, ptr, minor, values, x.ravel(), out.reshape(-1)
    )
    return out


def segment_sum_scipy(ptr, minor, values, x, dtype):
    """``A @ x`` for a CSR matrix ``A`` by scipy's compiled kernel (copy-free), or None.

    Used for float32 / float64 values and operands of the result's dtype, with 1-D or 2-D
    ``x``: scipy's ``csr_matvec`` / ``csr_matvecs`` add each row's products one after the other
    in storage order, in that dtype. :func:`segment_sum_numpy` sums the same products with
    ``np.add.reduceat``, in numpy's order within a row, so the two may differ by rounding.
    """
    return _compiled_product("csr", ptr.shape[0] - 1, x.shape[0], ptr, minor, values, x, dtype)


def column_product_scipy(ptr, minor, values, x, dtype, n_rows):
    """``A @ x`` for a CSC matrix ``A`` by scipy's compiled kernel (copy-free), or None.

    The same conditions as :func:`segment_sum_scipy`. scipy's ``csc_matvec`` /
    ``csc_matvecs`` add the products into the rows column after column, in storage order, in
    the values' dtype; :func:`column_product_numpy` adds them in the same order, in float64
    for a floating result (``np.bincount``), so the two may differ by rounding.
    """
    return _compiled_product("csc", n_rows, ptr.shape[0] - 1, ptr, minor, values, x, dtype)


def segment_sum(ptr, minor, values, x, dtype, nonempty=None):
    """``A @ x`` for a compressed matrix ``A`` (CSR rows): gather, scale, sum each segment.

    ``x`` has shape ``(n_minor, *rest)``; returns ``(n_major, *rest)``. ``nonempty`` (the major
    indices that hold entries, or a function returning them) is used by the numpy code only.
    scipy's compiled kernel runs where it applies (:func:`segment_sum_scipy`); the numpy
    implementation :func:`segment_sum_numpy` is the reference and runs otherwise.
    """
    out = segment_sum_scipy(ptr, minor, values, x, dtype)
    if out is not None:
        return out
    if callable(nonempty):
        nonempty = nonempty()
    return segment_sum_numpy(ptr, minor, values, x, dtype, nonempty)


def nonempty_segments(ptr):
    """The indices of the segments of ``ptr`` that hold entries (``ptr[i + 1] > ptr[i]``)."""
    # a boolean mask first: np.nonzero is several times faster on booleans than on int64
    return np.flatnonzero(ptr[1:] != ptr[:-1])


def segment_sum_numpy(ptr, minor, values, x, dtype, nonempty=None):
    """The numpy reference of :func:`segment_sum`."""
    n_major = ptr.shape[0] - 1
    if minor.shape[0] == 0:
        return np.zeros((n_major, *x.shape[1:]), dtype=dtype)
    # Indices were bounds-checked on construction, so the cheapest take mode is safe.
    products = _result_buffer(np.take(x, minor, axis=0, mode="wrap"), values, dtype)
    if nonempty is None:
        nonempty = nonempty_segments(ptr)
    if nonempty.shape[0] == n_major:
        return np.add.reduceat(products, ptr[:-1], axis=0, dtype=dtype)
    out = np.zeros((n_major, *x.shape[1:]), dtype=dtype)
    out[nonempty] = np.add.reduceat(products, ptr[:-1][nonempty], axis=0, dtype=dtype)
    return out


def _active_columns(ptr, x):
    """The columns a vector ``x`` selects, where reading only them is less work; else None.

    Column ``j`` of ``A`` contributes to ``A @ x`` only if ``x[j]`` is non-zero (NaN counts as
    non-zero). Gathering the ``K`` active columns and their ``E`` stored entries costs about
    ``_GATHER_PASSES`` passes over them, the full product one pass over all ``n`` columns and
    ``nse`` entries, so the active columns are returned only when
    ``_GATHER_PASSES * (K + E) < n + nse``. A 2-D ``x`` is always multiplied in full: finding
    its zero rows reads all of it, a cost a dense ``x`` (the usual operand) pays for nothing and
    one above what the full product reads of ``x`` (a row per stored entry, at most) where the
    matrix stores fewer entries than it has columns.
    """
    if x.ndim != 1:
        return None
    limit = x.shape[0] + int(ptr[-1])  # _GATHER_PASSES * (K + E) must stay below it
    # a boolean mask first: np.nonzero is several times faster on booleans than on floats
    selected = x != 0
    n_active = np.count_nonzero(selected)
    # every column active: E = nse, the full product (checked first, it is the usual case)
    if n_active == x.shape[0] or _GATHER_PASSES * n_active >= limit:
        return None
    active = np.flatnonzero(selected)
    starts = ptr[active]
    lengths = ptr[active + 1] - starts
    if _GATHER_PASSES * (n_active + int(lengths.sum())) >= limit:
        return None
    return active, starts, lengths


def select_columns(ptr, minor, values, x, selection):
    """The CSC matrix of the selected columns and the matching rows of ``x``.

    ``selection`` is what :func:`_active_columns` returns: the columns, and where their
    entries start and how many there are.
    """
    active, starts, lengths = selection
    sub_ptr = np.zeros(active.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=sub_ptr[1:])
    # position of every selected entry: its column's start, plus its rank within the column
    positions = np.repeat(starts - sub_ptr[:-1], lengths)
    positions += np.arange(positions.shape[0])
    return sub_ptr, minor[positions], values[positions], x[active]


def column_product(ptr, minor, values, x, dtype, n_rows):
    """``A @ x`` for a CSC matrix ``A``, reading only the columns ``x`` selects where that pays.

    First, where the active columns (those where ``x`` is non-zero) and their entries are few
    enough (:func:`_active_columns`), the product is computed on those columns alone; then
    scipy's compiled kernel runs where it applies (:func:`column_product_scipy`), and the numpy
    reference :func:`column_product_numpy` otherwise.
    """
    selection = _active_columns(ptr, x)
    if selection is not None:
        ptr, minor, values, x = select_columns(ptr, minor, values, x, selection)
    out = column_product_scipy(ptr, minor, values, x, dtype, n_rows)
    if out is not None:
        return out
    return column_product_numpy(ptr, minor, values, x, dtype, n_rows)


def column_product_numpy(ptr, minor, values, x, dtype, n_rows):
    """The numpy reference of :func:`column_product_scipy`: repeat, scale, scatter into rows.

    Each column's ``x`` is repeated over its entries (``np.repeat``), multiplied by the stored
    values and summed into the rows by :func:`scatter_rows`.
    """
    contributions = np.repeat(x, np.diff(ptr), axis=0)
    contributions = _result_buffer(contributions, values, dtype)
    return scatter_rows(minor, contributions, n_rows, dtype)


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
