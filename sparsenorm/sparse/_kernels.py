"""Vectorised numpy kernels behind the sparse layouts (no Python loop over stored entries).

Everything here works on plain arrays that the layouts have already validated, so nothing is
checked twice on the hot paths.
"""

import math

import numpy as np

__all__ = [
    "abs_max",
    "bucket_order",
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
    "tagged_sort",
]

# A prefix this long decides most "is it sorted?" questions without touching the whole array.
_DIGIT_SIZE = 1 << 16  # positions numpy's radix sort of uint16 keys covers
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


def _bucket_pass(keys, n_buckets, other, carried, tools):
    """A stable counting sort of int64 ``keys`` in ``[0, n_buckets)`` by scipy's ``coo_tocsr``.

    It places the entries bucket by bucket in the order they come (linear in the entries plus
    the buckets), moving ``other`` and ``carried`` along. Returns ``(ptr, other, carried)``
    reordered, ``ptr`` the start of each bucket.
    """
    nnz = keys.shape[0]
    ptr = np.zeros(n_buckets + 1, dtype=np.int64)
    other_out, carried_out = np.empty(nnz, dtype=np.int64), np.empty(nnz, dtype=np.int64)
    tools.coo_tocsr(n_buckets, 1, nnz, keys, other, carried, ptr, other_out, carried_out)
    return ptr, other_out, carried_out


def bucket_order(major, minor, n_major, n_minor):
    """Stable order of 2-D coordinates by (major, minor), by two counting passes; or None.

    A least-significant-digit sort: a stable pass by ``minor``, then one by ``major``, so equal
    coordinates keep the order they are stored in. Each pass is scipy's compiled counting sort
    (``coo_tocsr``), linear in the entries plus the buckets, and carries the other index along
    (no gathers); a minor pass with more positions than entries, at most 65 536 of them, is
    numpy's stable radix sort of 16-bit keys instead (then both indices are gathered). None
    without scipy's kernel, or where the major pass has more positions than entries or the
    minor one more than entries and 65 536 (the caller then sorts with numpy). Returns
    ``(order, ptr, minor_sorted)``: ``ptr`` the start of each major index's run,
    ``minor_sorted`` the minor indices in order.
    """
    tools = _sparsetools()
    nnz = major.shape[0]
    if tools is None or not callable(getattr(tools, "coo_tocsr", None)):
        return None
    if n_major > nnz or (n_minor > nnz and n_minor > _DIGIT_SIZE):
        return None
    major = np.ascontiguousarray(major, dtype=np.int64)
    minor = np.ascontiguousarray(minor, dtype=np.int64)
    if n_minor > nnz:  # fewer entries than buckets: numpy's radix sort of 16-bit keys
        order = np.argsort(minor.astype(np.uint16), kind="stable")
        major_by_minor, minor_by_minor = major[order], minor[order]
    else:
        ptr, major_by_minor, order = _bucket_pass(
            minor, n_minor, major, np.arange(nnz, dtype=np.int64), tools
        )
        minor_by_minor = expand(ptr)
    ptr, minor_sorted, order = _bucket_pass(major_by_minor, n_major, minor_by_minor, order, tools)
    return order, ptr, minor_sorted


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
_KERNEL_NAMES = ("csr_matvec", "csr_matvecs", "csc_matvec", "csc_matvecs")
# unit roundoff, smallest positive (subnormal) number and largest finite number of each dtype
# the compiled kernels compute in
_FLOAT_LIMITS = {
    dtype: (
        float(np.finfo(dtype).eps) / 2,
        float(np.finfo(dtype).smallest_subnormal),
        float(np.finfo(dtype).max),
    )
    for dtype in _COMPILED_DTYPES
}


def _sparsetools():
    """Return scipy's compiled sparse kernels (``scipy.sparse._sparsetools``), or None.

    None without scipy, and None where the module lacks one of the four product kernels
    (``csr_matvec``, ``csr_matvecs``, ``csc_matvec``, ``csc_matvecs``) or one of them is not
    callable (:func:`bucket_order` also uses ``coo_tocsr``, and checks for it itself).
    Imported on first use. The module is private to scipy: it is the one scipy's own
    ``csr_array @ x`` and ``csc_array @ x`` call, and ``tests/test_speed_paths.py`` checks that
    it is there, with the four kernels, wherever scipy is installed.
    """
    if not _SPARSETOOLS:
        try:
            from scipy.sparse import _sparsetools as tools
        except ImportError:  # scipy is optional
            tools = None
        if tools is not None and not all(
            callable(getattr(tools, name, None)) for name in _KERNEL_NAMES
        ):
            tools = None  # a scipy whose private module changed: the numpy reference runs
        _SPARSETOOLS.append(tools)
    return _SPARSETOOLS[0]


def compiled_applies(values, x):
    """Whether scipy's compiled kernels are called for ``A @ x`` in the values' dtype.

    They are for float32 or float64 values and an ``x`` of the same dtype, where scipy is
    installed with the four kernels (:func:`_sparsetools`); a matrix without stored entries is
    the exception (its product, zeros, is made by numpy code), and a kernel call that raises
    ``TypeError``, ``ValueError`` or ``IndexError`` hands the product to the numpy reference
    (:func:`_compiled_product`).
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
    summed into one entry of the result. Returns True for an empty ``x`` (the product has no
    entry to be infinite), and otherwise only where ``values_bound`` and the largest ``|x|``
    are finite, ``(n_terms + 1) u <= 1/4`` and ``4 n_terms a b <= max`` (with the notation
    below; this last test is evaluated in float64).

    Why True is always right. The arithmetic is IEEE binary32 or binary64 with rounding to
    nearest: unit roundoff ``u`` (2**-24 or 2**-53), smallest positive subnormal ``eta``
    (2**-149 or 2**-1074), largest finite number ``max``. Let ``a = values_bound``, ``b`` the
    largest ``|x|`` and ``L = n_terms``. An operation whose exact result ``z`` has
    ``|z| <= max`` rounds to a finite ``fl(z)`` with ``|fl(z) - z| <= u |z| + eta / 2`` (the
    first term in the normal range, the second in gradual underflow). So a rounded product
    has ``|fl(v x_j)| <= (1 + u) (a b + eta / 2)``. A sum of the ``L`` products of one entry,
    in any order (any tree of additions, the first of which may add a product to the zero the
    result starts from, exactly), with or without fused multiply-adds (an operation
    ``fl(s + v x_j)``), is bounded node by node: by induction over the tree, a partial sum of
    ``k`` products at height ``h`` is at most ``(1 + u)**(h + 1) (k (a b + eta / 2) + (k - 1)
    eta / 2)`` in magnitude, the ``k - 1`` operations that joined them each adding at most
    ``eta / 2`` before the factor ``1 + u``. The height is at most ``L``, so every partial
    sum, and every exact sum before its rounding, is at most
    ``L (a b + eta) (1 + u)**(L + 1)``, which is below ``2 L (a b + eta)`` when
    ``(L + 1) u <= 1/4`` (``(1 + u)**(L + 1) <= e**(1/4) < 2``). The float64 evaluation of
    ``4 L a b`` (``4 L`` is exact; each of the two products is rounded, relative error at most
    2**-53 each, or an underflow of a value below 2**-1022) is at most ``max`` only where the
    exact ``4 L a b`` is at most ``max (1 + 2**-51)``. Then
    ``2 L (a b + eta) <= max (1 + 2**-51) / 2 + 2 L eta``, and ``2 L eta <= eta / (2 u)``
    (2**-126 or 2**-1022) is negligible: every exact intermediate is below ``max``, so nothing
    rounds to infinity, and with finite operands no infinity means no NaN either. False means
    "not shown", never "infinite".
    """
    if not x.size:
        return True
    roundoff, _, largest = _FLOAT_LIMITS[x.dtype]
    b = abs_max(x)
    if not (math.isfinite(values_bound) and math.isfinite(b)):
        return False
    return (n_terms + 1) * roundoff <= 0.25 and 4.0 * n_terms * values_bound * b <= largest


def _compiled_product(kind, n_rows, n_cols, ptr, minor, values, x, dtype):
    """``A @ x`` by scipy's compiled ``{kind}_matvec`` / ``{kind}_matvecs``, or None.

    ``kind`` is ``"csr"`` or ``"csc"``. The three arrays are handed over as they are (no copy);
    a 2-D ``x`` is passed in C order, as scipy's ``A @ x`` passes it. None where the kernel does
    not apply: no scipy (or one without the four kernels, :func:`_sparsetools`), values other
    than float32 / float64, an ``x`` of another dtype than the values or not of one or two
    dimensions, or no stored entry; and None where the call raises ``TypeError``,
    ``ValueError`` or ``IndexError``, what scipy 1.17's kernels raise for a call they do not
    accept (a wrong argument type, too many arguments, too few), as a later scipy whose
    private kernels changed their signature would.
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
    try:
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
    except (TypeError, ValueError, IndexError):  # the kernel refused the call: numpy runs
        return None
    return out


def segment_sum_scipy(ptr, minor, values, x, dtype):
    """``A @ x`` for a CSR matrix ``A`` by scipy's compiled kernel (copy-free), or None.

    Used for float32 / float64 values and operands of the result's dtype, with 1-D or 2-D
    ``x``: scipy's ``csr_matvec`` / ``csr_matvecs`` add each row's products one after the other
    in storage order, in that dtype. :func:`segment_sum_numpy` sums the same products, in the
    same dtype, with ``np.add.reduceat``, which adds to a row's first product the sum of the
    others (summed in numpy's own order), so the two may differ by rounding in either dtype.
    """
    return _compiled_product("csr", ptr.shape[0] - 1, x.shape[0], ptr, minor, values, x, dtype)


def column_product_scipy(ptr, minor, values, x, dtype, n_rows):
    """``A @ x`` for a CSC matrix ``A`` by scipy's compiled kernel (copy-free), or None.

    The same conditions as :func:`segment_sum_scipy`. scipy's ``csc_matvec`` /
    ``csc_matvecs`` add the products into the rows column after column, in storage order, in
    the values' dtype; :func:`column_product_numpy` rounds the same products in that dtype and
    adds them in the same order, in float64 (``np.bincount``). For float64 the two therefore
    perform the same roundings in the same order and agree bit for bit, unless the compiler
    fused scipy's multiply and add into one operation (an FMA, one rounding fewer; scipy's
    x86-64 wheels target CPUs without FMA, so they do not); for float32 the numpy sums are
    rounded once, from float64, and may differ from scipy's float32 sums.
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


def column_product(ptr, minor, values, x, dtype, n_rows):
    """``A @ x`` for a CSC matrix ``A``: every column's products scattered into the rows.

    scipy's compiled kernel runs where it applies (:func:`column_product_scipy`), the numpy
    reference :func:`column_product_numpy` otherwise. Every column is multiplied, those where
    ``x`` is zero included: a stored infinity or NaN times 0 is NaN, as in the dense product.
    """
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
