"""The data of one least-squares problem, prepared once: weighted, centred and rescaled.

``Data`` validates ``X``, ``y`` and ``sample_weight``, folds the weights into the rows
(``X̃ = diag(u) X`` with ``u = √sw``), rescales ``X`` and ``y`` by powers of two when their
magnitudes are extreme, and exposes the centred design ``Xc = X̃ − u x̄ᵀ`` through ``Design``,
which applies the centring by rank-one corrections: a sparse ``X`` stays sparse and an
unweighted, well-scaled dense ``X`` is not copied.

Rescaling by a power of two is exact in binary floating point (IEEE 754, round to nearest) as
long as no entry leaves the normal range, so the rescaled problem has exactly the original's
solution, up to the same power-of-two factors; where an entry would become subnormal or zero the
problem is flagged ``inexact`` and the solvers do not certify it.
"""

import math

import numpy as np

from .._kernels import compiled
from ._checks import check_design, check_sample_weight, check_target, result_dtype

__all__ = ["Data", "Design", "GramCache", "pow2_near"]

# squared column norms (and ‖y‖²) inside [2^-LOG2_SAFE, 2^LOG2_SAFE] are used as given; outside,
# the data are rescaled by a power of two so that their largest entry lies in [1, 2)
LOG2_SAFE = 200
_TINY = np.finfo(np.float64).tiny
# columns per block of Design.centred_rows' transposing copy (numpy), rows per block (numba)
_ROW_BLOCK = 64
# products a float32 X gets from the compiled float32 loops before its float64 copy is built, when
# the array those loops read has more columns than rows (X itself if C-ordered, Xᵀ if F-ordered: a
# wide C-ordered X or a tall F-ordered one). Ski rental, rounded up: the copy was measured to cost
# about 3 to 17 products at the sizes tried (2000 × 5000 to 4000 × 200, one thread, fewest on the
# wide arrays), see Design.rmatvec; 16, near the top of that range, favours the fits that need few
# products. A working-set fit usually makes few (4 to 9 measured, 16 on a hard wide problem); a
# path shares the count over its alphas. This switch is the only one that depends on the shape
# read. Per product (ms), BLAS on the copy was measured faster than the loops on a wide read array
# for Xᵀr with two threads (C-ordered 500 × 20000: 2.7-2.9 against 3.8-4.0; Xw about 3.8 both),
# about as fast with one (C-ordered 2000 × 5000: 3.5 both; F-ordered 20000 × 500: 3.3-4.0 against
# 3.6-4.3), and 2.5 to 4 times slower than the loops on a tall read array (C-ordered 20000 × 500:
# 4.5-5.2 against 1.3-1.8; F-ordered 500 × 20000: 4.5-5.0 against 1.4-1.9; one thread). Other
# operations build the copy for any shape (matmat / rmatmat, which certify path points; the numpy
# code without numba; an X in neither order), and once it exists every product uses it. A rule of
# thumb, not an optimum.
F32_PRODUCTS = 16


def pow2_near(value):
    """Return ``e`` with ``2^e <= value < 2^(e+1)`` (``value > 0``, finite)."""
    return math.frexp(value)[1] - 1


def ldexp(value, exponent):
    """``value · 2^exponent`` rounded once, inf on overflow (never an exception)."""
    if exponent == 0:
        return value
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        return math.copysign(math.inf, value)


_SAFE_LO, _SAFE_HI = 2.0**-LOG2_SAFE, 2.0**LOG2_SAFE


def _in_safe_range(sq_max):
    return _SAFE_LO <= sq_max <= _SAFE_HI  # False for inf and NaN


class Design:
    """Operations with the centred design ``Xc = X − u x̄ᵀ`` (or ``X`` itself).

    ``u`` is the vector of square-root weights (None: all ones); ``X`` already has its rows
    multiplied by ``u``. Centring is applied through rank-one corrections, so a sparse ``X``
    stays sparse and a dense ``X`` is not copied.
    """

    def __init__(self, X, mean=None, u=None, raw_sq=None, dead=None):
        self.X = X
        self.sparse = not isinstance(X, np.ndarray)
        self.shape = X.shape
        self.mean = mean
        self.u = u
        self.u_sq = float(X.shape[0]) if u is None else float(u @ u)
        self._raw_sq = raw_sq
        self._col_sq_norms = None
        self._X64 = None
        self._X64_t = None
        self._f32_products = 0  # made by the compiled float32 loops (see _f32_product)
        # columns that are exactly constant (over the weighted rows): their centred values are
        # exactly 0, which the rank-one corrections only reproduce up to rounding
        self.dead = dead if dead is not None and dead.any() else None
        self._u_or_ones = None

    def u_or_ones(self):
        """``u``, or all ones where it is None (for the compiled loops; made once)."""
        if self._u_or_ones is None:
            self._u_or_ones = self.u if self.u is not None else np.ones(self.shape[0])
        return self._u_or_ones

    def _alive(self, w):
        if self.dead is None:
            return w
        return np.where(self.dead if w.ndim == 1 else self.dead[:, None], 0.0, w)

    def _u_dot(self, r):
        return r.sum(axis=0) if self.u is None else self.u @ r

    def _x64(self):
        """``X`` as float64 (a float32 dense ``X`` is converted once and kept)."""
        if self.sparse or self.X.dtype == np.float64:
            return self.X
        if self._X64 is None:
            self._X64 = self.X.astype(np.float64)
        return self._X64

    def _x64_t(self):
        """``X``'s transpose, kept (a sparse ``X`` would build a new CSR object each time)."""
        if self._X64_t is None:
            self._X64_t = self._x64().T
        return self._X64_t

    def _f32_product(self, loop, v):
        """``Xᵀv`` or ``Xv`` of a float32 ``X`` by the compiled loops, in float64 (else None).

        ``loop`` is ``_rmatvec_loop`` (``Xᵀv``) or ``_matvec_loop`` (``Xv``). The loops read a
        C-ordered array row by row. An F-ordered ``X`` is read as its transpose, which is
        C-ordered: ``Xᵀv`` is then ``_matvec_loop`` on ``Xᵀ`` and ``Xv`` is ``_rmatvec_loop``
        on it. Only the order of the float64 sums differs.

        None (the caller then uses BLAS on the float64 copy) for a sparse, non-float32 or
        neither C- nor F-ordered ``X``, without numba, once the float64 copy exists (whatever
        built it), and, where the array read has more columns than rows, also once
        ``F32_PRODUCTS`` products have been made this way: the float64 copy of ``X`` is then
        built (ski rental) and BLAS, which may use several threads where the compiled loops use
        one, makes the later products (see ``F32_PRODUCTS`` for when that pays).
        """
        X = self.X
        if self.sparse or X.dtype != np.float32 or self._X64 is not None:
            return None
        if X.flags.c_contiguous:
            rows = X
        elif X.flags.f_contiguous:
            rows = X.T
            loop = _matvec_loop if loop is _rmatvec_loop else _rmatvec_loop
        else:
            return None
        if rows.shape[1] > rows.shape[0] and self._f32_products >= F32_PRODUCTS:
            return None
        kernel = compiled(loop, reassociate=loop is _matvec_loop)
        if kernel is None:
            return None
        self._f32_products += 1
        size = rows.shape[1] if loop is _rmatvec_loop else rows.shape[0]
        out = np.empty(size)
        kernel(rows, np.ascontiguousarray(v, dtype=np.float64).ravel(), out)
        return out

    def rmatvec(self, r):
        """Return ``Xcᵀ r``.

        ``r`` is 1-D or a single column. A float32 ``X`` gets its products (with
        :meth:`matvec`'s) from the compiled float64-accumulating loops where
        :meth:`_f32_product` allows: a solver that needs only a few products (the working-set
        solver makes about one per outer round) then never pays for the float64 copy of ``X``,
        whose first-touch allocation costs several products (see ``F32_PRODUCTS``).
        """
        g = self._f32_product(_rmatvec_loop, r)
        if g is None:
            g = np.asarray(self._x64_t() @ r, dtype=np.float64).ravel()
        if self.mean is not None:
            g -= self.mean * self._u_dot(r)
        if self.dead is not None:
            g[self.dead] = 0.0
        return g

    def matvec(self, w):
        """Return ``Xc w`` for a full coefficient vector ``w``."""
        w = self._alive(w)
        support = np.flatnonzero(w)
        if support.size == 0:
            return np.zeros(self.shape[0])
        if self.sparse or support.size < 0.5 * w.size:
            out = np.asarray(self.take(support) @ w[support], dtype=np.float64).ravel()
        elif (out := self._f32_product(_matvec_loop, w)) is None:
            out = np.asarray(self._x64() @ w, dtype=np.float64).ravel()
        if self.mean is not None:
            shift = self.mean[support] @ w[support]
            if self.u is None:
                out -= shift
            else:
                out -= shift * self.u
        return out

    def matmat(self, W):
        """Return ``Xc W`` for coefficient columns ``W`` of shape (n_features, k)."""
        W = self._alive(W)
        out = np.asarray(self._x64() @ W, dtype=np.float64)
        if self.mean is not None:
            shift = self.mean @ W
            out -= shift if self.u is None else np.outer(self.u, shift)
        return out

    def rmatmat(self, R):
        """Return ``Xcᵀ R`` for residual columns ``R`` of shape (n_samples, k)."""
        out = np.asarray(self._x64_t() @ R, dtype=np.float64)
        if self.mean is not None:
            out -= np.outer(self.mean, self._u_dot(R))
        if self.dead is not None:
            out[self.dead] = 0.0
        return out

    def take(self, idx):
        """Return the uncentred columns ``X[:, idx]``."""
        if self.sparse:
            return self.X[:, idx]
        if self._X64 is None and self.X.dtype != np.float64:
            return _take_columns(self.X, idx).astype(np.float64)  # no full float64 copy
        return _take_columns(self._x64(), idx)

    def centred_columns(self, idx):
        """Return the dense float64 centred columns ``Xc[:, idx]`` (dense ``X`` only)."""
        cols = np.asarray(self.take(idx), dtype=np.float64)  # np.take made a fresh copy
        if self.mean is not None:
            cols -= self.mean[idx] if self.u is None else np.outer(self.u, self.mean[idx])
        return cols

    def centred_rows(self, idx, out, centre=True):
        """Write the dense centred columns ``Xc[:, idx]ᵀ`` into the float64 rows ``out``.

        With ``centre=False``, the raw columns ``X[:, idx]ᵀ`` instead, into rows ``out`` of
        ``X``'s dtype or wider (exact copies).

        With numba, by :func:`_centred_rows_loop` (the same IEEE operations, entry by entry,
        so the same result bit for bit: numba compiles it without fastmath, so LLVM neither
        fuses the product and the difference into an FMA nor reorders them); else by numpy,
        as below. ``idx`` must hold valid column indices (the compiled loop does not check).
        """
        kernel = compiled(_centred_rows_loop)
        if kernel is not None:
            n = self.shape[0]
            centred = centre and self.mean is not None
            mean = self.mean[idx] if centred else np.zeros(idx.size)
            u = self.u_or_ones()
            # an F-ordered X is read down its columns, so blocks of rows only get in the way
            block = n if (self.X.flags.f_contiguous and n) else _ROW_BLOCK
            kernel(self.X, idx, mean, u, out, block, centre)
            return out
        # gather along the rows of X, then one transposing pass that centres and converts, a
        # block of columns at a time (so the block being transposed stays in cache)
        X = self._x64() if centre else self.X
        for start in range(0, idx.size, _ROW_BLOCK):
            block = idx[start : start + _ROW_BLOCK]
            cols, dest = _take_columns(X, block).T, out[start : start + _ROW_BLOCK]
            if self.mean is None or not centre:
                np.copyto(dest, cols, casting="safe")
            elif self.u is None:
                np.subtract(cols, self.mean[block][:, None], out=dest, dtype=np.float64)
            else:
                np.subtract(cols, np.outer(self.mean[block], self.u), out=dest, dtype=np.float64)
        return out

    def raw_sq_norms(self):
        """Return ``‖X[:, j]‖²`` (uncentred) for every column, in float64 (cached)."""
        if self._raw_sq is None:
            self._raw_sq = column_sq_norms(self.X)
        return self._raw_sq

    def col_sq_norms(self):
        """Return ``‖Xc[:, j]‖²`` for every column (cached)."""
        if self._col_sq_norms is None:
            sq = self.raw_sq_norms()
            if self.mean is not None:
                sq = sq - self.u_sq * self.mean**2
                np.maximum(sq, 0.0, out=sq)
            if self.dead is not None:
                sq = np.where(self.dead, 0.0, sq)
            self._col_sq_norms = sq
        return self._col_sq_norms


def _take_columns(X, idx):
    """``np.take(X, idx, axis=1)`` of a dense ``X``; an F-ordered one as rows of its transpose.

    numpy's take along the second axis of an F-ordered array copies entry by entry (measured
    here 10 to 25 times slower than taking the same columns as rows of ``Xᵀ``, e.g. 0.79
    against 0.075 ms for 60 columns of a 4000 × 200 float32 X). The values are the same; the
    result is F-ordered where ``np.take``'s is C-ordered.
    """
    if X.flags.f_contiguous and not X.flags.c_contiguous:
        return np.take(X.T, idx, axis=0).T
    return np.take(X, idx, axis=1)


def _rmatvec_loop(X, r, out):  # pragma: no cover (numba)
    """``out = Xᵀr`` for a C-ordered ``X``, each product and sum in float64, row by row."""
    n, p = X.shape
    for c in range(p):
        out[c] = 0.0
    for i in range(n):
        ri = r[i]
        for c in range(p):
            out[c] += np.float64(X[i, c]) * ri


def _matvec_loop(X, w, out):  # pragma: no cover (numba)
    """``out = X w`` for a C-ordered ``X``, each product and sum in float64 (sums reordered)."""
    n, p = X.shape
    for i in range(n):
        acc = 0.0
        for c in range(p):
            acc += np.float64(X[i, c]) * w[c]
        out[i] = acc


def _rows_combination_loop(rows, pos, w, out):  # pragma: no cover (numba)
    """``out += Σ_j w[j]·rows[pos[j]]``, each product and sum in float64, ``j`` in order.

    The rows are read where they are (no gathered copy of ``rows[pos]``).
    """
    n = rows.shape[1]
    for j in range(pos.shape[0]):
        c, weight = pos[j], w[j]
        for i in range(n):
            out[i] += weight * np.float64(rows[c, i])


def _moved_residual_loop(rows, pos, v, shift, u, r, out):  # pragma: no cover (numba)
    """``out = r + (Σ_j v[j]·rows[pos[j]] − shift·u)`` in ``out``'s dtype; return ``Σ out²``.

    The combination is :func:`_rows_combination_loop`'s (the same loop, repeated here: the
    kernels are compiled one function at a time). Each entry is rounded once to ``out``'s
    dtype (IEEE round to nearest: a float64 value of magnitude at least 2**128 − 2**103,
    float32's largest finite number plus half its last ulp, becomes an infinite float32
    entry), and the squared norm is the float64 sum of the rounded entries' squares
    (infinite where an entry is, and also where the sum itself passes float64's range).
    """
    n = rows.shape[1]
    combination = np.zeros(n)
    for j in range(pos.shape[0]):
        c, weight = pos[j], v[j]
        for i in range(n):
            combination[i] += weight * np.float64(rows[c, i])
    sq = 0.0
    for i in range(n):
        out[i] = r[i] + (combination[i] - shift * u[i])
        value = np.float64(out[i])
        sq += value * value
    return sq


def _csc_combination_loop(indptr, indices, data, pos, w, out):  # pragma: no cover (numba)
    """``out += Σ_j w[j]·X[:, pos[j]]`` for the CSC arrays of ``X``, in float64."""
    for j in range(pos.shape[0]):
        c, weight = pos[j], w[j]
        for t in range(indptr[c], indptr[c + 1]):
            out[indices[t]] += weight * data[t]


def _sq_norms_loop(X, out):  # pragma: no cover (numba)
    """``out[c] = ‖X[:, c]‖²`` for a C-ordered ``X``, each square and sum in float64."""
    n, p = X.shape
    for c in range(p):
        out[c] = 0.0
    for i in range(n):
        for c in range(p):
            value = np.float64(X[i, c])
            out[c] += value * value


def _column_sums_loop(X, sums, sq):  # pragma: no cover (numba)
    """``sums[c] = Σᵢ X[i, c]``, ``sq[c] = Σᵢ X[i, c]²`` for a C-ordered ``X``, in float64.

    Row by row, in order (numba compiles it without fastmath: no reordered sums, no fused
    multiply-adds), so ``sums`` is numpy's ``X.sum(axis=0, dtype=np.float64)`` bit for bit.
    """
    n, p = X.shape
    for c in range(p):
        sums[c] = 0.0
        sq[c] = 0.0
    for i in range(n):
        for c in range(p):
            value = np.float64(X[i, c])
            sums[c] += value
            sq[c] += value * value


def column_sums(X):
    """``(sums, sq)``: each column's sum and squared norm in float64, in one pass, or None.

    For a C-ordered float32 or float64 ndarray with more than one column, where numba is
    available (:func:`_column_sums_loop`); else None, and :func:`column_means` and
    :func:`column_sq_norms` each make their own pass. ``X`` need not be finite: a NaN or an
    infinity makes its column's ``sq`` NaN or infinite (so finite ``sq`` proves ``X``
    finite), and so does a finite float64 column whose squared norm overflows.
    """
    if not (
        type(X) is np.ndarray
        and X.ndim == 2
        and X.shape[1] > 1  # numpy sums a single (contiguous) column pairwise
        and X.dtype in (np.dtype(np.float32), np.dtype(np.float64))
        and X.flags.c_contiguous
    ):
        return None
    kernel = compiled(_column_sums_loop)
    if kernel is None:
        return None
    sums, sq = np.empty(X.shape[1]), np.empty(X.shape[1])
    kernel(X, sums, sq)
    return sums, sq


def _centred_rows_loop(X, idx, mean, u, out, block, centre):  # pragma: no cover (numba)
    """``out[j, i] = X[i, idx[j]] − mean[j]·u[i]`` in float64, ``block`` rows at a time.

    ``Design.centred_rows``' numpy code computes the same entries (``X`` converted exactly to
    float64, the product ``mean[j]·u[i]`` rounded, then the difference; where there is no
    ``mean`` or no ``u``, the substitutes 0 and 1 add no rounding). For a C-ordered ``X``,
    going through a block of rows for every column keeps those rows in cache while they are
    transposed, where the block's rows fit in it. ``centre=False`` copies ``X[i, idx[j]]``
    as it is (no arithmetic; measured here, 0.7 to 0.85 of the centring loop's time on
    float32 ``X`` of 5000 × 2000, 20000 × 500 and 2000 × 5000, about the same on 500 × 20000).
    """
    n, k = X.shape[0], idx.shape[0]
    for start in range(0, n, block):
        stop = min(n, start + block)
        for j in range(k):
            c, m = idx[j], mean[j]
            if centre:
                for i in range(start, stop):
                    out[j, i] = np.float64(X[i, c]) - m * u[i]
            else:
                for i in range(start, stop):
                    out[j, i] = X[i, c]


def column_sq_norms(X):
    """``‖X[:, j]‖²`` in float64 for a dense array or a CSC matrix (overflow gives inf)."""
    if isinstance(X, np.ndarray):
        if X.dtype == np.float32 and X.flags.c_contiguous:
            kernel = compiled(_sq_norms_loop, reassociate=True)
            if kernel is not None:  # einsum, converting entry by entry, took about 4x as long
                out = np.empty(X.shape[1])
                kernel(X, out)
                return out
        return np.einsum("ij,ij->j", X, X, dtype=np.float64)  # (einsum does not warn)
    with np.errstate(over="ignore", under="ignore"):
        # CSC: sum the squared stored values of each column, without copying X
        indptr, data = X.indptr, X.data
        sq = np.zeros(X.shape[1])
        filled = np.flatnonzero(np.diff(indptr))
        if filled.size:
            sq[filled] = np.add.reduceat(np.square(data, dtype=np.float64), indptr[filled])
        return sq


def column_means(X):
    """Column means accumulated in float64.

    A float32 mean would break the identity ``Xᵀ1 = n x̄`` that the implicit centring needs.
    """
    if isinstance(X, np.ndarray):
        # numpy adds the rows of a C-ordered X in order (pairwise only along a contiguous
        # axis, as for a single column): the compiled loop makes the same sums, 2-3x faster
        if X.dtype == np.float32 and X.flags.c_contiguous and X.shape[1] > 1:
            kernel = compiled(_rmatvec_loop)
            if kernel is not None:
                out = np.empty(X.shape[1])
                kernel(X, np.ones(X.shape[0]), out)
                return out / X.shape[0]
        return X.sum(axis=0, dtype=np.float64) / X.shape[0]
    # scipy's sum(dtype=...) accumulates float32 data in float32; a product with a float64
    # vector is computed in float64
    return np.asarray(X.T @ np.ones(X.shape[0]), dtype=np.float64).ravel() / X.shape[0]


def _constant_sparse_columns(X, cand, u):
    """Which CSC columns ``cand`` are constant over the rows with ``u > 0``, and their value.

    Without densifying: a column is constant when its stored values on those rows are all
    zero, or when it stores every one of those rows with one value.
    """
    support = None if u is None else u > 0
    n_rows = X.shape[0] if u is None else int(np.count_nonzero(support))
    constant = np.zeros(cand.size, dtype=bool)
    values = np.zeros(cand.size)
    for k, j in enumerate(cand):
        lo, hi = X.indptr[j], X.indptr[j + 1]
        data = np.asarray(X.data[lo:hi], dtype=np.float64)
        if support is not None:
            data = data[support[X.indices[lo:hi]]]
        if not data.any():
            constant[k] = True  # zero on every weighted row
        elif data.size == n_rows and (data == data[0]).all():
            constant[k], values[k] = True, data[0]
    return constant, values


def _max_abs(X):
    values = X if isinstance(X, np.ndarray) else X.data
    if values.size == 0:
        return 0.0
    return float(max(values.max(), -values.min()))


def _min_abs_nonzero(X):
    values = X if isinstance(X, np.ndarray) else X.data
    nonzero = values[values != 0]
    return float(np.abs(nonzero).min()) if nonzero.size else math.inf


def _row_scale(X, u):
    """``diag(u) X`` in float64 (a copy; sparse stays sparse, CSC)."""
    if isinstance(X, np.ndarray):
        return np.multiply(X, u[:, None], dtype=np.float64)
    X = X.astype(np.float64, copy=True)
    X.data *= u[X.indices]
    return X


class Data:
    r"""Validated, weighted, centred and rescaled data of one problem.

    With ``X = 2^ex X'``, ``y = 2^ey y'`` (``ex = ey = 0`` unless the magnitudes are extreme)
    the original problem's quantities are recovered from the rescaled ones by
    ``w = 2^(ey−ex) w'``, ``b = 2^ey b'`` and ``objective = 2^eo · objective'``. With
    ``normalize_weights`` (Lasso, elastic net), the weights are rescaled to sum to
    ``n_samples`` as scikit-learn does; otherwise (Ridge) they are divided by a power of two
    ``2^ec`` that moves into ``eo = ec + 2 ey``.
    """

    def __init__(
        self,
        X,
        y,
        *,
        fit_intercept,
        sample_weight=None,
        normalize_weights=True,
        accept_sparse=True,
        X_name="X",
    ):
        # one pass over an unweighted C-ordered X for its column sums and squared norms, whose
        # finiteness also proves X's (a NaN or an infinity makes them not)
        sums = column_sums(X) if sample_weight is None else None
        if sums is not None and not np.isfinite(sums[1]).all():
            sums = None  # check_design says what is wrong (or a square overflowed)
        X = check_design(X, X_name, accept_sparse=accept_sparse, known_finite=sums is not None)
        n, p = X.shape
        y = check_target(y, n)
        self.dtype = result_dtype(X.dtype)
        self.n_samples, self.n_features = n, p
        self.fit_intercept = fit_intercept
        self.inexact = []  # reasons the rescaled problem is not exactly the original
        sw = check_sample_weight(sample_weight, n)
        self.weighted = sw is not None
        self.ec = self.ex = self.ey = 0  # log2 of the weights', X's and y's scales
        u = None
        if sw is not None:
            ec = pow2_near(float(sw.max()))
            sw = np.ldexp(sw, -ec)  # exact (weights far below the largest may round)
            if normalize_weights:
                sw = sw * (n / float(sw.sum()))
            else:
                self.ec = ec
            u = np.sqrt(sw)
        self.sample_weight = sw
        self.raw_sq = None
        X0 = X  # unweighted and unscaled, to find the constant columns exactly
        if n and p:
            raw_sq = None if sums is None else sums[1]
            X, raw_sq = self._scale_design(X if u is None else _row_scale(X, u), raw_sq)
            self.raw_sq = raw_sq
        y = self._scale_target(y)
        self.eo = self.ec + 2 * self.ey
        self.X = X
        self.u = u
        u_sq = float(n) if u is None else float(u @ u)
        if fit_intercept and n:
            # the mean as y₀ + mean(y − y₀): exact for a constant y (whose centred values
            # must be exactly 0, not rounding noise), and less cancellation otherwise
            if u is None:
                if sums is not None and self.ex == 0:
                    mean = sums[0] / n  # column_means(X), from the same pass
                else:
                    mean = column_means(X) if p else None
                y0 = float(y[0])
                self.y_mean = y0 + float((y - y0).mean())
                self.y = y - self.y_mean
            else:
                mean = np.asarray(X.T @ u, dtype=np.float64).ravel() / u_sq if p else None
                # the weights are u² (sw to one rounding) throughout, so that uᵀy_c = 0
                y0 = float(y[int(np.argmax(u > 0))])
                self.y_mean = y0 + float((u * u) @ (y - y0)) / u_sq
                self.y = u * (y - self.y_mean)
        else:
            mean = None
            self.y_mean = 0.0
            self.y = y.copy() if u is None else u * y
        dead = None
        if mean is not None and n > 1:
            dead = self._constant_columns(X0, X, mean, u)
        self.design = Design(X, mean, u, self.raw_sq, dead) if p else None

    def _constant_columns(self, X0, X, mean, u):
        """Mark the columns of ``X0`` constant over the weighted rows; set their mean exactly.

        Candidates are the columns whose centred squared norm, computed with rounding, is
        below 1e-10 of the uncentred one; each is then checked exactly.
        """
        raw = self.raw_sq
        centred = raw - (float(X.shape[0]) if u is None else float(u @ u)) * mean**2
        cand = np.flatnonzero(centred <= 1e-10 * raw)
        if cand.size == 0:
            return None
        if isinstance(X0, np.ndarray):
            rows = slice(None) if u is None else np.flatnonzero(u > 0)
            cols = np.asarray(X0[rows][:, cand], dtype=np.float64)
            constant = (cols == cols[:1]).all(axis=0)
            values = cols[0, constant]
        else:
            constant, values = _constant_sparse_columns(X0, cand, u)
        if not constant.any():
            return None
        dead = np.zeros(X.shape[1], dtype=bool)
        dead[cand[constant]] = True
        # in the units of the rescaled X (which holds u·x: u·x − u·c is then exactly 0 too)
        mean[cand[constant]] = np.ldexp(values, -self.ex)
        return dead

    def _scale_design(self, X, raw_sq=None):
        """``(X, raw_sq)``, rescaled by a power of two if need be (``raw_sq``: X's, if known)."""
        if raw_sq is None:
            raw_sq = column_sq_norms(X)
        sq_max = float(raw_sq.max(initial=0.0))
        if sq_max == 0.0 and not (_max_abs(X) > 0):
            return X, raw_sq  # all zeros
        if _in_safe_range(sq_max):
            return X, raw_sq
        amax = _max_abs(X)
        self.ex = pow2_near(amax)
        if isinstance(X, np.ndarray):
            X = np.ldexp(X, -self.ex, dtype=np.float64)
        else:
            X = X.astype(np.float64, copy=True)
            X.data = np.ldexp(X.data, -self.ex)
        if _min_abs_nonzero(X) < _TINY:
            self.inexact.append(
                "the entries of X span more than float64's range: some became subnormal "
                "or zero when X was rescaled"
            )
        return X, column_sq_norms(X)

    def _scale_target(self, y):
        with np.errstate(over="ignore", under="ignore"):
            sq = float(y @ y)  # in [n·2^-200, 2^200]: max y² is in [2^-200, 2^200]
        if _SAFE_LO * len(y) <= sq <= _SAFE_HI:
            return y
        amax = _max_abs(y)
        if amax == 0.0 or _in_safe_range(amax * amax):
            return y
        self.ey = pow2_near(amax)
        y = np.ldexp(y, -self.ey)
        if _min_abs_nonzero(y) < _TINY:
            self.inexact.append(
                "the entries of y span more than float64's range: some became subnormal "
                "or zero when y was rescaled"
            )
        return y

    def scale_coef_in(self, w):
        """Original coefficients → rescaled ones."""
        if self.ex == self.ey:
            return w
        with np.errstate(over="ignore"):
            return np.ldexp(w, self.ex - self.ey)

    def coef_out(self, w):
        """Rescaled coefficients → original ones (float64; inf where they overflow)."""
        if self.ex == self.ey:
            return w
        with np.errstate(over="ignore"):
            return np.ldexp(w, self.ey - self.ex)

    def intercept_out(self, w):
        """Intercept ``b = ȳ − x̄ᵀw`` in the original units (0 without an intercept)."""
        if not self.fit_intercept or self.design is None or self.design.mean is None:
            return ldexp(self.y_mean, self.ey) if self.fit_intercept else 0.0
        return ldexp(self.y_mean - float(self.design.mean @ w), self.ey)

    def objective_out(self, value):
        """A value of the rescaled objective (a gap) in the original units.

        Exact (a power of two) unless it leaves float64's normal range: inf beyond it, and
        below it rounded *up* to a subnormal (a gap is an upper bound: never round it to 0).
        """
        value = float(value)
        out = ldexp(value, self.eo)
        if 0.0 < value and abs(out) < _TINY and ldexp(out, -self.eo) != value:
            out = math.nextafter(out, math.inf)
        return out

    def overflow_reason(self, gap, tol_abs):
        """Why a gap certified on the rescaled data cannot be reported (None if it can)."""
        if math.isfinite(self.objective_out(gap)) or not math.isfinite(gap):
            return None
        relative = "met" if gap <= tol_abs else "did not meet"
        return (
            f"the objective is beyond float64's range at this scale of y, so dual_gap is "
            f"reported as inf (on y rescaled by 2^{-self.ey} the duality gap {gap:.3e} "
            f"{relative} the tolerance {tol_abs:.3e}); rescale y to get a certificate"
        )

    def returned(self, w):
        """What the caller gets back from the rescaled ``w``, seen in rescaled units.

        Returns ``(w_back, db)`` where ``w_back`` are the coefficients actually returned
        (rounded to the result dtype, or to a subnormal), rescaled again, and ``db`` the
        rounding of the returned intercept in rescaled units; ``None`` when both are exact,
        which is the common case (float64 results at ordinary magnitudes).
        """
        if self.dtype == np.float64 and self.ex == self.ey == 0:
            return None  # nothing is rescaled: what the solver certified is returned
        with np.errstate(over="ignore"):
            out = self.coef_out(w).astype(self.dtype)
        if not np.isfinite(out).all():
            return None  # coef_result raises, with the message
        back = self.scale_coef_in(out.astype(np.float64))
        exact_w = bool(np.array_equal(back, w))
        db = 0.0
        if self.fit_intercept and self.design is not None and self.design.mean is not None:
            b_scaled = self.y_mean - float(self.design.mean @ (w if exact_w else back))
            with np.errstate(over="ignore"):
                b_ret = float(self.dtype.type(ldexp(b_scaled, self.ey)))
            if math.isfinite(b_ret):
                db = ldexp(b_ret, -self.ey) - b_scaled
        if exact_w and db == 0.0:
            return None
        return (w if exact_w else back), db

    def coef_result(self, w):
        """Rescaled coefficients → original ones in the result dtype; overflow is an error."""
        coef = self.coef_out(w)
        if self.dtype == np.float64:
            out = coef
        else:
            with np.errstate(over="ignore"):
                out = coef.astype(self.dtype)
        if not np.isfinite(out).all():
            raise ValueError(
                f"the coefficients found are beyond the range of {self.dtype} at this scale "
                "of X and y (the exact solution may be smaller: a solution within tol can be "
                "far from it along near-constant or near-collinear features); rescale X or y"
                + (", or pass float64 X" if self.dtype != np.float64 else "")
            )
        return out

    def intercept_result(self, w):
        """The intercept as a numpy scalar of the result dtype; overflow is an error."""
        b = self.intercept_out(w)
        if self.dtype == np.float64:
            out = np.float64(b)
        else:
            with np.errstate(over="ignore"):
                out = self.dtype.type(b)
        if not math.isfinite(out):
            raise ValueError(
                f"the intercept is too large for {self.dtype} at the scale of y; rescale y"
            )
        return out

    def alpha_in(self, l1, l2):
        """Lasso-scaled penalties ``l1 / (sx sy)`` and ``l2 / sx²`` of the rescaled problem.

        An ``l1`` too large for float64 once rescaled is capped far above ``alpha_max`` (the
        solution is exactly zero either way, and ``l1_capped`` records it); an ``l2`` that
        large is an error, since the solution depends on its exact value.
        """
        if self.ex == self.ey == 0:
            self.l1_capped = False
            return l1, l2
        l1_s = self._scaled(l1, self.ex + self.ey, cap=True)
        self.l1_capped = not math.isfinite(l1_s)
        if self.l1_capped:
            l1_s = 2.0**900
        return l1_s, self._scaled(l2, 2 * self.ex)

    def ridge_alpha_in(self, alpha):
        """Ridge's ``alpha / (c sx²)`` of the rescaled problem (``c``: the weights' scale)."""
        return self._scaled(alpha, self.ec + 2 * self.ex)

    def _scaled(self, value, exponent, cap=False):
        """``value / 2^exponent``; flags the problem inexact where that underflows."""
        if value == 0.0 or exponent == 0:
            return value
        out = ldexp(value, -exponent)
        if not math.isfinite(out):
            if cap:
                return out
            raise ValueError(
                "alpha is too large relative to the scale of X (and sample_weight): "
                "alpha / ‖X‖² is beyond float64's range (the solution is then Xᵀy / alpha to "
                "within 1e-308); rescale X or alpha"
            )
        if out < _TINY:
            reason = "alpha is too small relative to the scale of X and y"
            if reason not in self.inexact:
                self.inexact.append(reason)
        return out

    def exactly_solved(self, w):
        """True when ``w = 0`` solves the problem exactly despite an underflowed alpha.

        That is when the only inexactness is that alpha and ``y − ȳ = 0``.
        """
        only_alpha = set(self.inexact) == {"alpha is too small relative to the scale of X and y"}
        return only_alpha and not self.y.any() and not np.any(w)

    def alpha_max_out(self, alpha_max):
        """An ``alpha_max`` of the rescaled problem in the original units (inf on overflow)."""
        return ldexp(alpha_max, self.ex + self.ey)


def _compressed_view(fmt, data, indices, indptr, shape):
    """A scipy CSC or CSR matrix on these arrays themselves (canonical; no copy).

    scipy's constructor would check the arrays and could copy them to int32 indices. The
    arrays must be canonical (sorted, no duplicates): the cached columns come from ``X``,
    which ``check_design`` made canonical. A CSC matrix's arrays are its transpose's as CSR.
    """
    import scipy.sparse as sp

    matrix = (sp.csc_matrix if fmt == "csc" else sp.csr_matrix)(shape)
    matrix.data, matrix.indices, matrix.indptr = data, indices, indptr
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return matrix


class GramCache:
    """Columns and Gram matrix ``Xc[:, S]ᵀ Xc[:, S] / n`` of a growing set ``S`` of features.

    A working set that grows by a few features only pays for the new rows of the Gram matrix;
    the cache is shared by every point of a regularisation path.
    """

    def __init__(self, design, y):
        self.design = design
        self.y = y
        n_features = design.shape[1]
        self.position = np.full(n_features, -1, dtype=np.intp)
        self.idx = np.empty(0, dtype=np.intp)
        self._gram = np.empty((0, 0))
        self._xty = np.empty(0)
        # the cached columns: CSC for a sparse X; for a dense X the transpose (n_samples × m,
        # Fortran-ordered) of ``_cols_t``, which holds one column per row: centred float64
        # columns, or for a float32 X the raw float32 columns (exact copies, half the memory
        # traffic of float64 for the compiled residual solves; centred float64 copies are made
        # where the Gram matrix needs them)
        self.raw = not design.sparse and design.X.dtype == np.float32
        # sparse and raw columns are centred through the mean (rank-one corrections)
        self.implicit = design.sparse or self.raw
        self._cols_t = None
        self._views = None  # sparse X: scipy CSC and CSR views of the arrays, made on demand
        self._buffer = None
        # sparse X: the cached columns' CSC arrays, with room to grow (see _append_sparse)
        self._data = self._indices = self._indptr = None
        self._nnz = 0

    def _centred_cross(self, cols_a, idx_a, cols_b, idx_b):
        n = self.design.shape[0]
        cross = cols_a.T @ cols_b
        if self.design.sparse:
            cross = np.asarray(cross.toarray(), dtype=np.float64)
            mean = self.design.mean
            if mean is not None:
                # (X − u x̄ᵀ)ᵀ(X − u x̄ᵀ) = XᵀX − ‖u‖² x̄x̄ᵀ, since Xᵀu = ‖u‖² x̄
                cross -= self.design.u_sq * np.outer(mean[idx_a], mean[idx_b])
            dead = self.design.dead
            if dead is not None:
                cross[dead[idx_a], :] = 0.0
                cross[:, dead[idx_b]] = 0.0
        return cross / n

    @property
    def gram(self):
        """``Xc[:, S]ᵀ Xc[:, S] / n`` in cache order, extended (lazily) to every cached feature."""
        done = self._gram.shape[0]
        if done < self.idx.size:
            new = self.idx[done:]
            cols, new_cols = self.cols[:, :done], self.cols[:, done:]
            if self.raw:
                cols = self._centred64(self._cols_t[:done], self.idx[:done])
                new_cols = self._centred64(self._cols_t[done:], new)
            g_nn = self._centred_cross(new_cols, new, new_cols, new)
            if done == 0:
                self._gram = g_nn
            else:
                g_on = self._centred_cross(cols, self.idx[:done], new_cols, new)
                self._gram = np.block([[self._gram, g_on], [g_on.T, g_nn]])
        return self._gram

    def _centred64(self, rows, idx):
        """The raw float32 ``rows`` of features ``idx`` as centred float64 columns.

        The same operations as :meth:`Design.centred_rows` (float32 converted exactly, the
        product ``mean·u`` rounded, then the difference), so the same values bit for bit.
        """
        cols = rows.T.astype(np.float64)
        mean = self.design.mean
        if mean is not None:
            cols -= mean[idx] if self.design.u is None else np.outer(self.design.u, mean[idx])
        return cols

    def gram_size(self):
        """How many of the cached features the Gram matrix computed so far covers."""
        return self._gram.shape[0]

    @property
    def cols(self):
        """The cached columns: dense X, Fortran-ordered (see ``raw``); sparse X, CSC."""
        if self.design.sparse:
            return self._sparse_views()[0]
        return None if self._cols_t is None else self._cols_t.T

    def cols_t(self):
        """The cached columns as rows: dense X, C-ordered rows (see ``raw``); sparse X, CSR."""
        if self.design.sparse:
            return self._sparse_views()[1]
        return self._cols_t

    def csc_arrays(self):
        """Sparse X: the cached columns' CSC arrays ``(indptr, indices, data)`` (int64)."""
        end, m = self._nnz, self.idx.size
        return self._indptr[: m + 1], self._indices[:end], self._data[:end]

    def _sparse_views(self):
        # scipy matrices cost tens of microseconds each to build: only where a product
        # needs them, not at every growth of the working set
        if self._views is None:
            indptr, indices, data = self.csc_arrays()
            shape = (self.design.shape[0], self.idx.size)
            self._views = (
                _compressed_view("csc", data, indices, indptr, shape),
                _compressed_view("csr", data, indices, indptr, shape[::-1]),  # the same arrays
            )
        return self._views

    def ensure(self, ws):
        """Add the features of ``ws`` that are not cached yet; return their cache positions."""
        new = np.sort(ws[self.position[ws] < 0])  # in order: X is read front to back
        if new.size:
            n = self.design.shape[0]
            if self.design.sparse:
                self._extend_xty(new, self._append_sparse(new) / n)
            else:
                m = self.idx.size
                if self._buffer is None or self._buffer.shape[0] < m + new.size:
                    # room for twice as many (memory is only touched when written): a
                    # growing working set is copied O(log p) times
                    cap = min(self.position.size, max(2 * (m + new.size), 64))
                    grown = np.empty((cap, n), dtype=np.float32 if self.raw else np.float64)
                    grown[:m] = self._cols_t
                    self._buffer = grown
                self.design.centred_rows(new, self._buffer[m : m + new.size], centre=not self.raw)
                self._cols_t = self._buffer[: m + new.size]
            self.position[new] = np.arange(self.idx.size, self.idx.size + new.size)
            self.idx = np.concatenate([self.idx, new])
        return self.position[ws]

    @property
    def xty(self):
        """``Xc[:, S]ᵀ y / n`` in cache order.

        Dense ``X``: the entries of the columns cached since the last call are computed here,
        on demand (only the Gram solves read them; the residual solves never do). Sparse
        ``X``: computed as the columns are copied (:meth:`_append_sparse`).
        """
        done = self._xty.size
        if done < self.idx.size:
            # y is centred (uᵀy = 0) when there is an intercept, so Xcᵀy = Xᵀy
            rows = self._cols_t[done:]
            xty_new = self._raw_product(rows, self.y)
            if xty_new is None:
                xty_new = rows @ self.y
            self._extend_xty(self.idx[done:], xty_new / self.design.shape[0])
        return self._xty

    def _extend_xty(self, new, xty_new):
        if self.implicit and self.design.dead is not None:
            xty_new[self.design.dead[new]] = 0.0  # Xᵀy is 0 there only up to rounding
        self._xty = np.concatenate([self._xty, xty_new])

    def _append_sparse(self, new):
        """Append the CSC columns ``new`` (sorted) to ``cols``; return ``X[:, new]ᵀ y``.

        The entries go straight from ``X``'s arrays into buffers that double when full (up to
        the larger of ``X``'s stored entries and 1024), so a growing working set is copied about
        ``log2(stored entries cached / 1024)`` times (scipy's column indexing and ``hstack``
        would build a new matrix every round). The cached columns are float64 (a float32
        product would cap the Gram matrix, and with it the duality gap the inner solves can
        reach, at float32's rounding) with int64 indices (the compiled kernel's).
        """
        X = self.design.X
        starts = X.indptr[new].astype(np.int64)
        counts = X.indptr[new + 1].astype(np.int64) - starts
        ends = np.cumsum(counts)
        total = int(ends[-1])
        entries = np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - counts), counts)
        m, nnz = self.idx.size, self._nnz
        if self._data is None or self._data.size < nnz + total:
            cap = max(min(2 * (nnz + total), X.nnz), nnz + total, 1024)
            data, indices = np.empty(cap), np.empty(cap, dtype=np.int64)
            if self._data is not None:
                data[:nnz], indices[:nnz] = self._data[:nnz], self._indices[:nnz]
            self._data, self._indices = data, indices
        if self._indptr is None:
            self._indptr = np.zeros(self.position.size + 1, dtype=np.int64)
        self._data[nnz : nnz + total] = X.data[entries]
        self._indices[nnz : nnz + total] = X.indices[entries]
        self._indptr[m + 1 : m + 1 + new.size] = nnz + ends
        self._nnz = end = nnz + total
        self._views = None
        # Xcᵀy = Xᵀy (y is centred where there is an intercept), column by column
        column = np.repeat(np.arange(new.size), counts)
        products = self._data[nnz:end] * self.y[self._indices[nnz:end]]
        return np.bincount(column, weights=products, minlength=new.size)

    def _gathers(self, k):
        """Whether ``k`` of the cached columns are better gathered than multiplied by zeros.

        A gather copies the ``k`` columns, then multiplies them (about twice ``k`` columns'
        work); a product with every cached column and zeros elsewhere reads all ``m``.
        """
        return 2 * k < self.idx.size

    def _raw_product(self, rows, v):
        """``rows @ v`` in float64 by :func:`_matvec_loop`, for float32 ``rows``; else None.

        numpy's product of float32 rows with a float64 vector converts the rows to a float64
        temporary first; the compiled loop reads them once. None without numba, and for
        float64 rows (BLAS then).
        """
        kernel = compiled(_matvec_loop, reassociate=True) if self.raw else None
        if kernel is None:
            return None
        out = np.empty(rows.shape[0])
        kernel(rows, np.ascontiguousarray(v, dtype=np.float64), out)
        return out

    def cols_dot(self, pos, w_ws):
        """Return ``cols[:, pos] @ w_ws`` in float64 (``implicit``: the uncentred columns)."""
        if self.design.sparse and (kernel := compiled(_csc_combination_loop)) is not None:
            out = np.zeros(self.design.shape[0])
            kernel(*self.csc_arrays(), pos.astype(np.int64), np.asarray(w_ws, float), out)
            return out
        if not self.design.sparse and (kernel := compiled(_rows_combination_loop)) is not None:
            out = np.zeros(self.design.shape[0])
            kernel(self._cols_t, pos.astype(np.int64), np.asarray(w_ws, float), out)
            return out
        if self._gathers(pos.size):
            if self.design.sparse:
                return np.asarray(self.cols[:, pos] @ w_ws, dtype=np.float64).ravel()
            return w_ws @ self._cols_t[pos]
        full = np.zeros(self.idx.size)
        full[pos] = w_ws
        return np.asarray(self.cols @ full, dtype=np.float64).ravel()

    def cols_rdot(self, pos, r):
        """Return ``cols[:, pos]ᵀ r`` as float64 (``implicit``: the uncentred columns).

        Computed in float64, except for raw float32 columns and a float32 ``r``: then in
        float32 (BLAS's ``sgemv``), rounded to float32's precision.
        """
        gather = self._gathers(pos.size)
        rows = self.cols_t()[pos] if gather else self.cols_t()
        out = self._raw_product(rows, r) if r.dtype == np.float64 else None
        if out is None:
            out = np.asarray(rows @ r, dtype=np.float64).ravel()
        return out if gather else out[pos]

    def centred_dot(self, pos, v):
        """Return ``Xc[:, S] v`` for the cached positions ``pos`` of the features ``S``."""
        out = self.cols_dot(pos, v)
        mean = self.design.mean
        if self.implicit and mean is not None:
            shift = mean[self.idx[pos]] @ v
            out -= shift if self.design.u is None else shift * self.design.u
        return out

    def centred_rdot(self, pos, r):
        """Return ``Xc[:, S]ᵀ r`` for the cached positions ``pos`` of the features ``S``."""
        g = self.cols_rdot(pos, r)
        if self.implicit:
            design = self.design
            if design.mean is not None:
                g -= design.mean[self.idx[pos]] * float(design._u_dot(r))
            if design.dead is not None:
                g[design.dead[self.idx[pos]]] = 0.0  # exactly 0, not a rounding residue
        return g

    def moved_residual(self, pos, v, r):
        """``(r + Xc[:, S] v, its ‖·‖²)`` for the cached positions ``pos`` (dense ``X``).

        The sum is made in float64 and rounded to ``r``'s dtype (IEEE round to nearest: a
        sum of magnitude at least 2**128 − 2**103 becomes an infinite float32 entry); the
        squared norm, a float64, is that of the returned entries, so infinite where one is
        (or where the float64 sum of the squares overflows).
        """
        design = self.design
        shift = 0.0
        if self.implicit and design.mean is not None:
            shift = float(design.mean[self.idx[pos]] @ v)
        kernel = compiled(_moved_residual_loop)
        if kernel is None:
            with np.errstate(over="ignore"):
                out = (r + self.centred_dot(pos, v)).astype(r.dtype)
                sq = out.astype(np.float64)
                return out, float(sq @ sq)
        u = design.u_or_ones()
        out = np.empty_like(r)
        v = np.asarray(v, dtype=np.float64)
        return out, kernel(self._cols_t, pos.astype(np.int64), v, shift, u, r, out)

    def residual(self, pos, w_ws):
        """Return ``y - Xc[:, S] w_S`` for cached positions ``pos``."""
        keep = w_ws != 0
        r = self.y.copy()
        if keep.any():
            r -= self.centred_dot(pos[keep], w_ws[keep])
        return r
