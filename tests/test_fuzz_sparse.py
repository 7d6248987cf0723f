"""Fuzz suite of sparsenorm.sparse: every constructor, conversion and operation against numpy.

Each sparse tensor is built from random stored entries (unsorted, with duplicates, explicit
zeros, read-only and strided index arrays, int32/uint64/big-endian index types) in every value
dtype (float16, float32, float64, big-endian, signed and unsigned integers, bool), from dense
arrays, from every scipy.sparse format and from torch (when installed). Its dense counterpart is
computed independently (``np.add.at`` on the stored entries; ``scipy``'s ``toarray``), and every
operation is compared with the same numpy operation on the dense array: the same values and
dtype (within a stated rounding tolerance for floating-point matrix products, checked against
exact ``Fraction`` arithmetic), or a clear error. Never a wrong answer, a NaN where a number is
representable, or a modified input.

CI runs a small derandomised profile; ``SPARSENORM_FUZZ_EXAMPLES=2000`` runs a long one.
"""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
import scipy.sparse as sp
from _helpers import fuzz_settings, to_float, ulp
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sparsenorm.sparse import (
    COO,
    CSC,
    CSR,
    SparseTensor,
    from_scipy,
    from_torch,
    to_sparse_coo,
    to_sparse_csc,
    to_sparse_csr,
)

try:
    import torch
except ImportError:  # torch is optional
    torch = None

FUZZ = fuzz_settings(25)

FLOATS = [np.dtype(t) for t in ("float16", "float32", "float64", ">f8")]
INTS = [np.dtype(t) for t in ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
                              "uint64", ">i4")]  # fmt: skip
DTYPES = FLOATS + INTS + [np.dtype(bool)]
NATIVE = [d for d in DTYPES if d.isnative]


def native(dtype):
    return np.dtype(dtype).newbyteorder("=")


def values_for(dtype):
    if dtype.kind == "f":
        info = np.finfo(dtype)
        special = [float(info.max), -float(info.max), float(info.smallest_subnormal), 1.0, -0.5]
        return st.one_of(
            st.floats(width=info.bits, allow_nan=False, allow_infinity=False),
            st.sampled_from(special),
            st.floats(-8, 8, width=info.bits),
        )
    if dtype.kind == "b":
        return st.booleans()
    info = np.iinfo(dtype)
    return st.one_of(st.integers(int(info.min), int(info.max)),
                     st.sampled_from([int(info.min), int(info.max), 0, 1]))  # fmt: skip


def snapshot(*arrays):
    return [(np.asarray(a).dtype, np.asarray(a).shape, np.asarray(a).tobytes()) for a in arrays]


def layout_variant(draw, array):
    """The same array, perhaps read-only, strided or Fortran-ordered."""
    kind = draw(st.sampled_from(["plain", "read-only", "strided", "fortran"]))
    if kind == "read-only":
        array = array.copy()
        array.flags.writeable = False
    elif kind == "strided" and array.ndim:
        wide = np.zeros((*array.shape[:-1], 2 * array.shape[-1]), dtype=array.dtype)
        wide[..., ::2] = array
        array = wide[..., ::2]
    elif kind == "fortran" and array.ndim > 1:
        array = np.asfortranarray(array)
    return array


@st.composite
def dense_arrays(draw, dtypes=DTYPES, min_dims=2, max_dims=2):
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=5))
    values = draw(hnp.arrays(dtype, shape, elements=values_for(dtype)))
    zeros = draw(hnp.arrays(bool, shape))
    values[zeros] = 0
    return layout_variant(draw, values)


def summed_duplicates(indices, values, shape):
    """The dense tensor the stored entries stand for: duplicates summed exactly (Fractions),
    rounded to the dtype; integers and booleans by ``np.add.at`` in their dtype (which wraps)."""
    dtype = native(values.dtype)
    if dtype.kind != "f":
        dense = np.zeros(shape, dtype=dtype)
        np.add.at(dense, tuple(indices), values)
        return dense
    exact = {}
    for k, position in enumerate(zip(*indices, strict=True)):
        block = np.asarray(values[k], dtype=np.float64)
        terms = np.vectorize(Fraction, otypes=[object])(block) if block.size else block
        exact[position] = exact.get(position, 0) + terms
    dense = np.zeros(shape, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # beyond the range: inf, rightly
        for position, total in exact.items():
            dense[position] = np.vectorize(to_float)(total) if np.ndim(total) else to_float(total)
    return dense


def check_dense(got, want):
    """``got`` equals ``want``; for floats within one unit in the last place plus two float64
    roundings of the duplicates' sum (``want`` is the exact sum rounded once)."""
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    if want.dtype.kind != "f" or np.array_equal(got, want):
        np.testing.assert_array_equal(got, want)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g, w = got.astype(np.float64), want.astype(np.float64)
        spacing = np.spacing(np.abs(want)).astype(np.float64)
        finite = np.isfinite(w)
        assert np.array_equal(np.isinf(g) & ~finite, ~finite), "an infinity differs"
        bound = spacing + 4 * np.finfo(np.float64).eps * np.abs(w)
        assert np.all(np.abs(g - w)[finite] <= bound[finite]), (got, want)


@st.composite
def stored_entries(draw, dtypes=DTYPES, sparse_dims=(1, 2, 3), dense_dims=(0, 0, 1)):
    """(indices, values, shape, dense): raw COO arrays, duplicates included, and np.add.at's
    dense tensor of them."""
    dtype = draw(st.sampled_from(dtypes))
    sparse_dim = draw(st.sampled_from(sparse_dims))
    trailing = tuple(draw(st.lists(st.integers(1, 3), max_size=draw(st.sampled_from(dense_dims)))))
    sizes = tuple(draw(st.lists(st.integers(1, 5), min_size=sparse_dim, max_size=sparse_dim)))
    positions = st.tuples(*[st.integers(0, s - 1) for s in sizes])
    distinct = draw(st.lists(positions, max_size=8, unique=True))
    picks = []
    for position in distinct:  # each position stored one to three times
        picks += [position] * draw(st.integers(1, 3))
    order = draw(st.permutations(list(range(len(picks)))))
    picks = [picks[k] for k in order]
    indices = np.array(picks, dtype=np.int64).reshape(-1, sparse_dim).T.copy()
    values = draw(hnp.arrays(dtype, (len(picks), *trailing), elements=values_for(dtype)))
    shape = sizes + trailing
    dense = summed_duplicates(indices, values, shape)
    index_type = draw(st.sampled_from(["int64", "int32", "uint64", ">i8", "list"]))
    if index_type == "list":
        indices = indices.tolist() if indices.size else np.zeros((sparse_dim, 0), np.int64)
    else:
        indices = layout_variant(draw, indices.astype(index_type))
    return indices, layout_variant(draw, values), shape, dense


@st.composite
def tensors(draw, dtypes=DTYPES, matrix=False):
    """(tensor, dense reference, inputs to check for mutation)."""
    how = draw(st.sampled_from(["COO", "to_sparse_coo", "to_sparse_csr", "to_sparse_csc",
                                "CSR", "CSC", "scipy", "torch"]))  # fmt: skip
    if how == "COO":
        dims = (2,) if matrix else (1, 2, 3)
        indices, values, shape, dense = draw(
            stored_entries(dtypes, sparse_dims=dims, dense_dims=(0,) if matrix else (0, 0, 1))
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return COO(indices, values, shape), dense, [indices, values]
    if how == "to_sparse_coo" and not matrix:
        dense = draw(dense_arrays(dtypes, min_dims=1, max_dims=3))
        sparse_dim = draw(st.integers(1, dense.ndim)) if dense.ndim > 1 else None
        return (
            to_sparse_coo(dense, sparse_dim),
            np.array(dense, dtype=native(dense.dtype)),
            [dense],
        )
    dense = draw(dense_arrays(dtypes))
    reference = np.array(dense, dtype=native(dense.dtype))
    if how in ("to_sparse_coo", "to_sparse_csr", "to_sparse_csc"):
        builder = {"to_sparse_coo": to_sparse_coo, "to_sparse_csr": to_sparse_csr,
                   "to_sparse_csc": to_sparse_csc}[how]  # fmt: skip
        return builder(dense), reference, [dense]
    if how in ("CSR", "CSC"):
        m = (
            sp.csr_array(reference.astype(np.float64))
            if how == "CSR"
            else sp.csc_array(reference.astype(np.float64))
        )  # only the structure is taken from scipy
        ptr, minor = m.indptr, m.indices
        major = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))
        values = reference[(major, minor) if how == "CSR" else (minor, major)]
        values = layout_variant(draw, values.astype(dense.dtype))
        cls = CSR if how == "CSR" else CSC
        return cls(ptr, minor, values, shape=reference.shape), reference, [values]
    if how == "scipy":
        assume(reference.dtype != np.float16)  # scipy.sparse has no float16
        fmt = draw(st.sampled_from(["csr", "csc", "coo", "bsr", "dia", "dok", "lil", "raw_csr"]))
        if fmt == "raw_csr":  # unsorted, duplicated columns: scipy sums them in toarray
            m = _raw_csr(draw, reference)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # scipy's efficiency warnings
                m = sp.coo_array(reference).asformat(fmt)
        before = m.copy()
        tensor = from_scipy(m)
        _same_scipy(m, before)
        return tensor, m.toarray(), []
    if torch is None or (reference.dtype.kind == "u" and reference.dtype != np.uint8):
        return to_sparse_csr(dense), reference, [dense]
    t = torch.from_numpy(reference.copy())
    kind = draw(st.sampled_from(["coo", "csr", "csc", "strided"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch: "CSC support is in beta state"
        t = {"coo": t.to_sparse_coo, "csr": t.to_sparse_csr, "csc": t.to_sparse_csc,
             "strided": lambda: t}[kind]()  # fmt: skip
        return from_torch(t), reference, []


def _raw_csr(draw, reference):
    rows, cols = np.nonzero(reference)
    data = reference[rows, cols]
    extra = draw(st.lists(st.integers(0, max(len(rows) - 1, 0)), max_size=3)) if len(rows) else []
    # split chosen entries into a duplicate pair (integers split exactly; floats as v and 0)
    rows = np.concatenate([rows, rows[extra]])
    cols = np.concatenate([cols, cols[extra]])
    data = np.concatenate([data, np.zeros(len(extra), dtype=data.dtype)])
    order = np.lexsort((-cols, rows))  # sorted rows, columns descending: unsorted in scipy
    rows, cols, data = rows[order], cols[order], data[order]
    ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=reference.shape[0]))])
    return sp.csr_array((data, cols, ptr), shape=reference.shape)


def _same_scipy(m, before):
    for name in ("data", "indices", "indptr", "coords", "row", "col", "offsets"):
        if hasattr(before, name) and isinstance(getattr(before, name), np.ndarray):
            np.testing.assert_array_equal(getattr(m, name), getattr(before, name))


def dense_of(tensor):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # float16 duplicates beyond the range
        out = tensor.to_dense()
    assert isinstance(out, np.ndarray) and out.shape == tensor.shape
    return out


def check_equal(got, want):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_array_equal(got, want)


# ------------------------------------------------------------------ construction


@FUZZ
@given(case=tensors())
def test_construction_and_conversions_agree_with_the_dense_array(case):
    tensor, reference, inputs = case
    with warnings.catch_warnings():
        if reference.dtype.kind == "f" and not np.all(np.isfinite(reference)):
            # duplicates whose sum is beyond the dtype's range: numpy's overflow warning
            warnings.simplefilter("ignore", RuntimeWarning)
        check_construction(tensor, reference, inputs)


def check_construction(tensor, reference, inputs):
    before = snapshot(*[np.asarray(a) for a in inputs])
    assert isinstance(tensor, SparseTensor)
    assert tensor.dtype == native(reference.dtype)
    check_dense(dense_of(tensor), reference)
    reference = dense_of(tensor)  # checked: from here on, the tensor's own dense array
    positions = math.prod(tensor.shape[: tensor.sparse_dim()])
    assert tensor.density == (tensor.nnz / positions if positions else 0.0)
    itemsize = tensor.dtype.itemsize * math.prod(tensor.values().shape[1:])
    if tensor.layout == "sparse_coo":
        assert tensor.memory_bytes() == (tensor.sparse_dim() * 8 + itemsize) * tensor.nnz
        merged = tensor.coalesce()
        assert merged.is_coalesced()
        keys = [tuple(col) for col in merged.indices().T]
        assert keys == sorted(set(keys))
        check_equal(dense_of(merged), reference)
    else:
        n = tensor.shape[0 if tensor.layout == "sparse_csr" else 1]
        assert tensor.memory_bytes() == n * 8 + (8 + itemsize) * tensor.nnz
    for array in (tensor.values(),):
        assert not array.flags.writeable
    if tensor.sparse_dim() == 2:
        for convert in ("to_sparse_coo", "to_sparse_csr", "to_sparse_csc"):
            check_equal(dense_of(getattr(tensor, convert)()), reference)
        check_equal(dense_of(tensor.T), np.swapaxes(reference, 0, 1))
        check_equal(dense_of(tensor.T.T), reference)
        for convert in (to_sparse_coo, to_sparse_csr, to_sparse_csc):  # sparse input accepted
            check_equal(dense_of(convert(tensor)), reference)
    elif tensor.sparse_dim() > 2:
        swapped = tensor.transpose(0, tensor.sparse_dim() - 1)
        check_equal(dense_of(swapped), np.swapaxes(reference, 0, tensor.sparse_dim() - 1))
    assert snapshot(*[np.asarray(a) for a in inputs]) == before


@FUZZ
@given(case=tensors())
def test_to_scipy_and_to_torch(case):
    tensor, reference, _ = case
    check_dense(dense_of(tensor), reference)
    reference = dense_of(tensor)
    if tensor.dense_dim() or tensor.sparse_dim() != 2:
        with pytest.raises(ValueError):
            tensor.to_scipy() if tensor.dense_dim() else tensor.to_sparse_csr()
    elif tensor.dtype == np.float16:
        with pytest.raises((TypeError, ValueError), match="dtype|float16"):
            tensor.to_scipy()
    else:
        for copy in (False, True):
            m = tensor.to_scipy(copy=copy)
            check_equal(np.asarray(m.toarray()), reference)
            m.check_format(full_check=True) if m.format in ("csr", "csc") else None
        before = snapshot(tensor.values())
        back = from_scipy(tensor.to_scipy())
        check_equal(dense_of(back), reference)
        assert snapshot(tensor.values()) == before
    if torch is not None and (tensor.dtype.kind != "u" or tensor.dtype == np.uint8):
        if tensor.layout != "sparse_coo" and tensor.dense_dim():
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # torch's beta-state notice
            t = tensor.to_torch()
            check_equal(t.to_dense().numpy(), reference)
            check_equal(dense_of(from_torch(t)), reference)


@FUZZ
@given(data=st.data())
def test_invalid_arrays_are_rejected_naming_the_argument(data):
    """A corrupted CSR or COO either still describes a valid tensor (then it is built right) or
    raises a clear error that names the faulty argument."""
    reference = data.draw(dense_arrays(NATIVE))
    m = sp.csr_array(reference.astype(np.float64))
    ptr, cols = m.indptr.astype(np.int64), m.indices.astype(np.int64)
    values = reference[np.repeat(np.arange(reference.shape[0]), np.diff(ptr)), cols]
    shape = reference.shape
    kind = data.draw(st.sampled_from(["ptr", "cols", "values", "shape", "float-index", "ragged"]))
    if kind == "ptr" and ptr.size:
        ptr = ptr.copy()
        ptr[data.draw(st.integers(0, ptr.size - 1))] += data.draw(st.sampled_from([-2, -1, 1, 7]))
    elif kind == "cols" and cols.size:
        cols = cols.copy()
        cols[data.draw(st.integers(0, cols.size - 1))] = data.draw(st.integers(-3, 8))
    elif kind == "values":
        values = data.draw(st.sampled_from([values[:-1], np.append(values, values[:1]),
                                            values.astype(complex), np.array(["x"] * len(values)),
                                            values.reshape(-1, 1)[:0]]))  # fmt: skip
    elif kind == "shape":
        wrong = [(shape[0] + 1, shape[1]), (shape[0], 0), (-1, 2), (shape[0],),
                 (shape[0], shape[1], 1), ("a", 1)]  # fmt: skip
        shape = data.draw(st.sampled_from(wrong))
    elif kind == "float-index":
        cols = cols.astype(float) + 0.5
    else:
        cols = [list(cols), [0]]
    names = ("crow_indices", "col_indices", "values", "shape")
    try:
        tensor = CSR(ptr, cols, values, shape=shape)
    except (TypeError, ValueError, IndexError) as error:
        assert any(name in str(error) for name in names), str(error)
        return
    # accepted: the arrays must describe a valid CSR matrix, the one scipy reads from them
    wide = np.asarray(values)
    wide = wide.astype(np.float32) if wide.dtype == np.float16 else wide  # scipy has no float16
    expected = sp.csr_array((wide, cols, ptr), shape=tuple(shape))
    expected.check_format(full_check=True)
    assert expected.has_canonical_format
    check_equal(dense_of(tensor), expected.toarray().astype(np.asarray(values).dtype))


@FUZZ
@given(case=stored_entries(), data=st.data())
def test_invalid_coo_indices_are_rejected_naming_the_argument(case, data):
    indices, values, shape, _ = case
    indices = np.array(indices, dtype=np.int64).reshape(len(shape) - (np.ndim(values) - 1), -1)
    kind = data.draw(st.sampled_from(["negative", "too-big", "transposed", "shape", "values"]))
    if kind in ("negative", "too-big") and indices.size:
        indices = indices.copy()
        row = data.draw(st.integers(0, indices.shape[0] - 1))
        col = data.draw(st.integers(0, indices.shape[1] - 1))
        indices[row, col] = -1 if kind == "negative" else shape[row]
        error = IndexError
    elif kind == "transposed" and indices.shape[0] != indices.shape[1]:
        indices = indices.T
        error = ValueError
    elif kind == "shape":
        shape = (*shape, 2)
        error = ValueError
    elif kind == "values":
        values = np.asarray(values)[:-1] if np.size(values) else np.ones(1)
        error = ValueError
    else:
        return
    with pytest.raises(error, match="indices|values|shape"):
        COO(indices, values, shape)


def test_big_endian_values_are_accepted_everywhere():
    values = np.array([1.5, -2.0, 3.0, 4.0], dtype=">f8")
    a = COO([[0, 2, 2, 1], [1, 0, 0, 1]], values, shape=(3, 2))
    dense = np.zeros((3, 2))
    np.add.at(dense, ([0, 2, 2, 1], [1, 0, 0, 1]), values)
    assert a.dtype == np.float64 and a.dtype.isnative
    for tensor in (a.coalesce(), np.abs(a), a.to_sparse_csr(), a.to_sparse_csc(), a * 2, -a):
        assert tensor.to_dense().dtype.isnative
    np.testing.assert_array_equal(a.coalesce().to_dense(), dense)
    np.testing.assert_array_equal(np.abs(a).to_dense(), np.abs(dense))
    np.testing.assert_array_equal(a.to_sparse_csr().to_dense(), dense)
    x = np.array([1.0, -1.0], dtype=">f4")
    np.testing.assert_array_equal(a @ x, dense @ x)


def test_scipy_input_to_to_sparse_is_converted():
    m = sp.coo_array((np.array([1.0, 0.0, 2.0]), ([0, 1, 0], [1, 0, 1])), shape=(2, 2))
    for convert, layout in ((to_sparse_coo, "sparse_coo"), (to_sparse_csr, "sparse_csr"),
                            (to_sparse_csc, "sparse_csc")):  # fmt: skip
        tensor = convert(m)
        assert tensor.layout == layout
        np.testing.assert_array_equal(tensor.to_dense(), m.toarray())
    with pytest.raises(ValueError, match="sparse_dim"):
        to_sparse_coo(m, sparse_dim=1)


# --------------------------------------------------------------------- products


def exact_product(a, b):
    """``a @ b`` in exact rational arithmetic, and ``|a| @ |b|`` (for the error bound)."""
    with np.errstate(all="ignore"):
        shape = np.shape(a @ b)
    fa = (
        np.vectorize(lambda v: Fraction(float(v)), otypes=[object])(a)
        if a.size
        else a.astype(object)
    )
    fb = (
        np.vectorize(lambda v: Fraction(float(v)), otypes=[object])(b)
        if b.size
        else b.astype(object)
    )
    product = np.asarray(fa @ fb if fa.size and fb.size else np.zeros(shape), dtype=object)
    bound = np.asarray(np.abs(fa) @ np.abs(fb), dtype=object) if fa.size and fb.size else product
    if product.shape != shape:  # empty inner dimension
        product = np.full(shape, Fraction(0), dtype=object)
        bound = product
    return product, bound


def check_product(got, a, b, what):
    """Integer and boolean products equal numpy's (which wrap); floating ones are within
    (k + 2) eps |a| @ |b| of the exact product (k the inner dimension) plus one rounding, or
    infinite where the exact product is beyond the dtype's range. Never NaN."""
    want_dtype = np.result_type(a.dtype, b.dtype)
    assert np.asarray(got).dtype == want_dtype, (np.asarray(got).dtype, want_dtype)
    if want_dtype.kind != "f":
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(got, a @ b)
        return True
    product, bound = exact_product(a, b)
    k = a.shape[-1]
    info = np.finfo(want_dtype)
    eps, big = Fraction(float(info.eps)), Fraction(float(info.max))
    overflow = False
    for index in np.ndindex(np.shape(product)):
        value, scale = product[index], bound[index]
        g = np.asarray(got)[index]
        assert not np.isnan(g), f"{what}{index}: NaN for the exact {to_float(value)!r}"
        tol = (k + 2) * eps * scale + (k + 1) * Fraction(float(info.smallest_subnormal))
        if abs(value) - tol > big:
            assert np.isinf(g) and (g > 0) == (value > 0), f"{what}{index}: {g!r}"
            overflow = True
            continue
        if np.isinf(g):
            assert abs(value) + tol >= big, f"{what}{index}: inf for {to_float(value)!r}"
            overflow = True
            continue
        error = abs(Fraction(float(g)) - value)
        assert error <= tol + ulp(value, want_dtype), (
            f"{what}{index}: {g!r} vs exact {to_float(value)!r}"
        )
    return overflow


@FUZZ
@given(case=tensors(matrix=True), data=st.data())
def test_products_with_dense_vectors_and_matrices(case, data):
    tensor, _, _ = case
    assume(tensor.sparse_dim() == 2 and not tensor.dense_dim())
    reference = dense_of(tensor)  # checked against exact sums by the construction test
    assume(reference.dtype.kind != "f" or np.all(np.isfinite(reference)))  # float16 duplicates
    # may sum to inf in to_dense; the product of an infinite entry is not a finite question
    n_rows, n_cols = tensor.shape
    x_dtype = data.draw(st.sampled_from(DTYPES))
    width = data.draw(st.sampled_from([None, 1, 3]))
    right = data.draw(hnp.arrays(x_dtype, (n_cols,) if width is None else (n_cols, width),
                                 elements=values_for(x_dtype)))  # fmt: skip
    left = data.draw(hnp.arrays(x_dtype, (n_rows,) if width is None else (width, n_rows),
                                elements=values_for(x_dtype)))  # fmt: skip
    right, left = layout_variant(data.draw, right), layout_variant(data.draw, left)
    before = snapshot(right, left, tensor.values())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got_right = tensor @ right
        got_left = left @ tensor
    assert snapshot(right, left, tensor.values()) == before
    overflow = check_product(got_right, reference, np.asarray(right), "A @ x")
    overflow |= check_product(got_left, np.asarray(left), reference, "x @ A")
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    integer = np.result_type(tensor.dtype, x_dtype).kind != "f"
    assert overflow or integer or not runtime, f"warning {runtime[0].message}"


@FUZZ
@given(case=stored_entries(sparse_dims=(1,), dense_dims=(0,)), data=st.data())
def test_sparse_vector_products(case, data):
    indices, values, shape, _ = case
    vector = COO(indices, values, shape)
    dense = dense_of(vector)
    assume(dense.dtype.kind != "f" or np.all(np.isfinite(dense)))
    x_dtype = data.draw(st.sampled_from(DTYPES))
    x = data.draw(hnp.arrays(x_dtype, shape, elements=values_for(x_dtype)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = vector @ x
        got_left = x @ vector
    assert np.ndim(got) == 0 and isinstance(got, np.generic)  # numpy's rule for 1-D @ 1-D
    check_product(np.asarray(got), dense, np.asarray(x), "v @ x")
    check_product(np.asarray(got_left), np.asarray(x), dense, "x @ v")


# ------------------------------------------------------------ element-wise operations


UNARY = [np.abs, np.negative, np.positive, np.sign, np.sqrt, np.sin, np.tanh, np.square,
         np.expm1, np.rint, np.cos, np.exp, np.isnan, np.logical_not, np.invert]  # fmt: skip
SCALARS = [2, 3.5, -1, 0.5, np.float32(3.0), np.float16(2.0), np.int8(-2), np.uint8(3), True,
           np.inf, 0, 1e300]  # fmt: skip
BINARY = [np.multiply, np.divide, np.add, np.subtract, np.floor_divide, np.maximum, np.power]


def numpy_outcome(function):
    """(result, exception type) of a numpy call, warnings silenced (numpy's own)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                return function(), None
            except Exception as error:
                return None, type(error)


def check_like_numpy(sparse_call, dense_call, probe=None, dtype=None):
    """The sparse call gives numpy's dense result, or fails where numpy fails, or raises
    ``ValueError`` because the function maps 0 to a non-zero (``probe``: its value at 0, or
    the ufunc and the values' dtype to compute it)."""
    want, dense_error = numpy_outcome(dense_call)
    got, sparse_error = numpy_outcome(sparse_call)
    if dense_error is not None:
        assert sparse_error is not None, f"numpy raised {dense_error.__name__}, sparse did not"
        return
    if dtype is not None:  # a unary ufunc
        probe = numpy_outcome(lambda: probe(np.zeros((), dtype=dtype)))[0]
    if sparse_error is not None:
        maps_zero_away = probe is not None and not np.all(np.asarray(probe) == 0)
        assert sparse_error is ValueError and maps_zero_away, sparse_error
        return
    result = dense_of(got) if isinstance(got, SparseTensor) else got
    assert np.asarray(result).dtype == np.asarray(want).dtype
    np.testing.assert_array_equal(result, want)


@FUZZ
@given(case=tensors(), ufunc=st.sampled_from(UNARY))
def test_unary_ufuncs_match_numpy(case, ufunc):
    tensor = case[0]
    reference = dense_of(tensor)
    check_like_numpy(lambda: ufunc(tensor), lambda: ufunc(reference), ufunc, tensor.dtype)


@FUZZ
@given(case=tensors(), ufunc=st.sampled_from(BINARY), scalar=st.sampled_from(SCALARS),
       side=st.booleans())  # fmt: skip
def test_binary_ufuncs_with_scalars_match_numpy(case, ufunc, scalar, side):
    tensor = case[0]
    reference = dense_of(tensor)
    zero = np.zeros((), dtype=tensor.dtype)
    if side:
        probe = numpy_outcome(lambda: ufunc(zero, scalar))[0]
        check_like_numpy(lambda: ufunc(tensor, scalar), lambda: ufunc(reference, scalar), probe)
    else:
        probe = numpy_outcome(lambda: ufunc(scalar, zero))[0]
        check_like_numpy(lambda: ufunc(scalar, tensor), lambda: ufunc(scalar, reference), probe)


# found by the long fuzz run: a widening product does not commute with the sum of duplicates
@pytest.mark.parametrize(
    "values, scalar",
    [
        (np.array([128, 128, 128], dtype=np.uint8), np.int8(-2)),  # uint8 sum wraps, int16 not
        (np.array([True, True, True]), np.int8(5)),  # bool sum is "or", int8 sum is not
    ],
)
def test_widening_products_of_duplicates_are_those_of_the_coalesced_tensor(values, scalar):
    # positions 0 once and 1 twice: to_dense() sums the duplicates in the values' dtype
    tensor = COO([[0, 1, 1]], values, shape=(2,))
    dense = tensor.to_dense()
    assert dense[1] == np.add(values[1], values[2])  # the sum in the values' own dtype
    for got, want in ((tensor * scalar, dense * scalar), (scalar * tensor, scalar * dense)):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got.to_dense(), want)


@FUZZ
@given(data=st.data())
def test_sums_and_differences_of_two_tensors_match_numpy(data):
    a = data.draw(tensors(matrix=True))[0]
    dense_a = dense_of(a)
    b_dtype = data.draw(st.sampled_from(DTYPES))
    b_dense = data.draw(hnp.arrays(b_dtype, a.shape, elements=values_for(b_dtype)))
    b_dense[data.draw(hnp.arrays(bool, a.shape))] = 0
    b = data.draw(st.sampled_from([to_sparse_coo, to_sparse_csr, to_sparse_csc]))(b_dense)
    b_dense = b_dense.astype(native(b_dense.dtype))
    for ufunc in (np.add, np.subtract):
        check_like_numpy(lambda u=ufunc: u(a, b), lambda u=ufunc: u(dense_a, b_dense))
        check_like_numpy(lambda u=ufunc: u(a, b_dense), lambda u=ufunc: u(dense_a, b_dense))
        check_like_numpy(lambda u=ufunc: u(b_dense, a), lambda u=ufunc: u(b_dense, dense_a))
    result = numpy_outcome(lambda: a - b)[0]
    if result is not None:
        assert result.layout == a.layout
