"""Property tests of sparsenorm.sparse, cross-checked against scipy.sparse and dense numpy.

Values are small integers (in every dtype), so sums and products are exact and results can be
compared for equality, float32 included; one test per kernel also runs on random floats.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sparsenorm.sparse import (
    COO,
    CSC,
    CSR,
    from_scipy,
    to_sparse_coo,
    to_sparse_csc,
    to_sparse_csr,
)
from sparsenorm.sparse._kernels import lexsort_order

DTYPES = [np.float64, np.float32, np.int64, np.int32]
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def coo_parts(draw, max_dim=7, max_nse=25, dense_dims=False, dtypes=DTYPES):
    """(indices, values, shape) of a random, usually uncoalesced COO matrix."""
    m = draw(st.integers(0, max_dim))
    n = draw(st.integers(0, max_dim))
    nse = draw(st.integers(0, max_nse)) if m and n else 0
    rows = draw(arrays(np.int64, nse, elements=st.integers(0, max(m - 1, 0))))
    cols = draw(arrays(np.int64, nse, elements=st.integers(0, max(n - 1, 0))))
    dense = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=2))) if dense_dims else ()
    dtype = draw(st.sampled_from(dtypes))
    values = draw(arrays(dtype, (nse, *dense), elements=st.integers(-9, 9)))
    return np.stack([rows, cols]), values, (m, n, *dense)


def scipy_coo(indices, values, shape):
    return sp.coo_array((values, (indices[0], indices[1])), shape=shape)


def dense_of(indices, values, shape):
    """Reference dense array: duplicates added with np.add.at."""
    out = np.zeros(shape, dtype=values.dtype)
    np.add.at(out, tuple(indices), values)
    return out


def all_layouts(indices, values, shape):
    coo = COO(indices, values, shape=shape)
    return [coo, coo.to_sparse_csr(), coo.to_sparse_csc()]


# -- construction, coalescing and conversions -------------------------------------------------


@SETTINGS
@given(coo_parts())
def test_coalesce_matches_scipy_sum_duplicates(parts):
    indices, values, shape = parts
    reference = scipy_coo(indices, values, shape)
    reference.sum_duplicates()
    coalesced = COO(indices, values, shape=shape).coalesce()
    assert coalesced.is_coalesced()
    np.testing.assert_array_equal(coalesced.indices()[0], reference.row)
    np.testing.assert_array_equal(coalesced.indices()[1], reference.col)
    np.testing.assert_array_equal(coalesced.values(), reference.data)
    assert coalesced.dtype == values.dtype


@SETTINGS
@given(coo_parts())
def test_is_coalesced_is_true_exactly_for_sorted_distinct_indices(parts):
    indices, values, shape = parts
    keys = indices[0] * shape[1] + indices[1]
    expected = bool(np.all(np.diff(keys) > 0))
    assert COO(indices, values, shape=shape).is_coalesced() == expected


@SETTINGS
@given(coo_parts())
def test_compressed_arrays_match_scipy(parts):
    indices, values, shape = parts
    reference = scipy_coo(indices, values, shape)
    coo = COO(indices, values, shape=shape)
    csr, csc = coo.to_sparse_csr(), coo.to_sparse_csc()
    ref_csr, ref_csc = reference.tocsr(), reference.tocsc()
    ref_csr.sort_indices()
    ref_csc.sort_indices()
    np.testing.assert_array_equal(csr.crow_indices(), ref_csr.indptr)
    np.testing.assert_array_equal(csr.col_indices(), ref_csr.indices)
    np.testing.assert_array_equal(csr.values(), ref_csr.data)
    np.testing.assert_array_equal(csc.ccol_indices(), ref_csc.indptr)
    np.testing.assert_array_equal(csc.row_indices(), ref_csc.indices)
    np.testing.assert_array_equal(csc.values(), ref_csc.data)
    assert csr.dtype == csc.dtype == values.dtype


@SETTINGS
@given(coo_parts())
def test_to_dense_matches_scipy_in_every_layout(parts):
    indices, values, shape = parts
    expected = scipy_coo(indices, values, shape).toarray()
    for tensor in all_layouts(indices, values, shape):
        dense = tensor.to_dense()
        np.testing.assert_array_equal(dense, expected)
        assert dense.dtype == values.dtype


@SETTINGS
@given(coo_parts())
def test_every_conversion_round_trip(parts):
    indices, values, shape = parts
    expected = dense_of(indices, values, shape)
    coo = COO(indices, values, shape=shape)
    paths = {
        "coo>csr>coo": coo.to_sparse_csr().to_sparse_coo(),
        "coo>csc>coo": coo.to_sparse_csc().to_sparse_coo(),
        "coo>csr>csc": coo.to_sparse_csr().to_sparse_csc(),
        "coo>csc>csr": coo.to_sparse_csc().to_sparse_csr(),
        "coo>csr>csc>csr": coo.to_sparse_csr().to_sparse_csc().to_sparse_csr(),
        "dense>coo": to_sparse_coo(expected),
        "dense>csr": to_sparse_csr(expected),
        "dense>csc": to_sparse_csc(expected),
        "scipy>coo": from_scipy(coo.to_scipy()),
        "scipy>csr": from_scipy(coo.to_sparse_csr().to_scipy()),
        "scipy>csc": from_scipy(coo.to_sparse_csc().to_scipy()),
    }
    for name, tensor in paths.items():
        np.testing.assert_array_equal(tensor.to_dense(), expected, err_msg=name)
        assert tensor.dtype == values.dtype, name
    # CSR -> CSC -> CSR gives back the very same arrays.
    csr = coo.to_sparse_csr()
    again = paths["coo>csr>csc>csr"]
    np.testing.assert_array_equal(again.crow_indices(), csr.crow_indices())
    np.testing.assert_array_equal(again.col_indices(), csr.col_indices())
    # From a dense array only non-zeros are stored, in row-major order.
    from_dense = paths["dense>coo"]
    assert from_dense.is_coalesced()
    assert from_dense.nnz == np.count_nonzero(expected)


@SETTINGS
@given(coo_parts())
def test_to_scipy_matches_and_csc_shares_memory(parts):
    indices, values, shape = parts
    expected = dense_of(indices, values, shape)
    coo = COO(indices, values, shape=shape)
    for tensor, fmt in ((coo, "coo"), (coo.to_sparse_csr(), "csr"), (coo.to_sparse_csc(), "csc")):
        matrix = tensor.to_scipy()
        assert matrix.format == fmt
        np.testing.assert_array_equal(matrix.toarray(), expected)
    csc = coo.to_sparse_csc()
    matrix = csc.to_scipy()
    # scipy's own rule: int32 indices when they fit; the values are shared, read-only.
    assert matrix.indices.dtype == matrix.indptr.dtype == np.int32
    assert np.shares_memory(matrix.data, csc.values()) or csc.nnz == 0
    assert not matrix.data.flags.writeable
    shared = csc.to_scipy(index_dtype=np.int64)  # no copy at all
    assert np.shares_memory(shared.indices, csc.row_indices()) or csc.nnz == 0
    assert np.shares_memory(shared.indptr, csc.ccol_indices())
    np.testing.assert_array_equal(shared.toarray(), expected)
    copied = csc.to_scipy(copy=True)
    assert copied.data.flags.writeable
    assert not np.shares_memory(copied.data, csc.values())


@SETTINGS
@given(coo_parts(), st.booleans())
def test_transpose_in_every_layout(parts, use_property):
    indices, values, shape = parts
    expected = dense_of(indices, values, shape).T
    for tensor in all_layouts(indices, values, shape):
        transposed = tensor.T if use_property else tensor.transpose(0, 1)
        np.testing.assert_array_equal(transposed.to_dense(), expected)
        assert transposed.shape == expected.shape
    csr = COO(indices, values, shape=shape).to_sparse_csr()
    assert csr.T.layout == "sparse_csc"
    assert np.shares_memory(csr.T.row_indices(), csr.col_indices()) or csr.nnz == 0


@SETTINGS
@given(coo_parts())
def test_nnz_density_and_memory_formula(parts):
    indices, values, shape = parts
    reference = scipy_coo(indices, values, shape)
    coo = COO(indices, values, shape=shape)
    assert coo.nnz == reference.nnz == indices.shape[1]
    positions = shape[0] * shape[1]
    assert coo.density == (coo.nnz / positions if positions else 0.0)
    # PyTorch's formula is the bytes of the index and value arrays (CSR: one pointer less).
    assert coo.memory_bytes() == coo.indices().nbytes + coo.values().nbytes
    for tensor, ptr, idx in (
        (coo.to_sparse_csr(), "crow_indices", "col_indices"),
        (coo.to_sparse_csc(), "ccol_indices", "row_indices"),
    ):
        arrays = getattr(tensor, ptr)(), getattr(tensor, idx)(), tensor.values()
        assert tensor.memory_bytes() == sum(a.nbytes for a in arrays) - 8


# -- linear algebra -----------------------------------------------------------------------------


@st.composite
def matmul_case(draw):
    indices, values, shape = draw(coo_parts())
    k = draw(st.integers(1, 3))
    dtype = draw(st.sampled_from(DTYPES))
    ints = st.integers(-5, 5)
    m, n = shape
    return (
        (indices, values, shape),
        draw(arrays(dtype, n, elements=ints)),
        draw(arrays(dtype, (n, k), elements=ints)),
        draw(arrays(dtype, m, elements=ints)),
        draw(arrays(dtype, (k, m), elements=ints)),
    )


@SETTINGS
@given(matmul_case())
def test_matmul_with_dense_vectors_and_matrices(case):
    (indices, values, shape), x, X, y, Y = case
    dense = dense_of(indices, values, shape)
    for tensor in all_layouts(indices, values, shape):
        for result, expected in (
            (tensor @ x, dense @ x),
            (tensor @ X, dense @ X),
            (y @ tensor, y @ dense),
            (Y @ tensor, Y @ dense),
        ):
            np.testing.assert_array_equal(result, expected, err_msg=tensor.layout)
            assert result.shape == expected.shape
            assert result.dtype == np.result_type(values.dtype, x.dtype), tensor.layout


def test_matmul_on_random_floats_matches_scipy():
    rng = np.random.default_rng(0)
    reference = sp.random_array((300, 500), density=0.05, format="coo", rng=rng)
    x, X = rng.standard_normal(500), rng.standard_normal((500, 4))
    y = rng.standard_normal(300)
    for tensor in all_layouts(np.stack(reference.coords), reference.data, reference.shape):
        np.testing.assert_allclose(tensor @ x, reference @ x, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(tensor @ X, reference @ X, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(y @ tensor, y @ reference, rtol=1e-12, atol=1e-12)
    low = COO(np.stack(reference.coords), reference.data.astype(np.float32), reference.shape)
    for tensor in (low, low.to_sparse_csr(), low.to_sparse_csc()):
        result = tensor @ x.astype(np.float32)
        assert result.dtype == np.float32
        np.testing.assert_allclose(result, reference @ x, rtol=1e-4, atol=1e-4)


@SETTINGS
@given(coo_parts(), coo_parts(), st.data())
def test_sparse_plus_sparse_and_dense(parts_a, parts_b, data):
    indices, values, shape = parts_a
    # Second operand of the same shape: reuse the first's shape with its own entries.
    _, values_b, _ = parts_b
    m, n = shape
    nse_b = values_b.shape[0] if m and n else 0
    indices_b = np.stack(
        [
            data.draw(arrays(np.int64, nse_b, elements=st.integers(0, max(m - 1, 0)))),
            data.draw(arrays(np.int64, nse_b, elements=st.integers(0, max(n - 1, 0)))),
        ]
    )
    values_b = values_b[:nse_b]
    dense_a = dense_of(indices, values, shape)
    dense_b = dense_of(indices_b, values_b, shape)
    for a in all_layouts(indices, values, shape):
        for b in all_layouts(indices_b, values_b, shape):
            total = a + b
            assert total.layout == a.layout
            np.testing.assert_array_equal(total.to_dense(), dense_a + dense_b)
            np.testing.assert_array_equal((a - b).to_dense(), dense_a - dense_b)
        np.testing.assert_array_equal(a + dense_b, dense_a + dense_b)
        np.testing.assert_array_equal(dense_b - a, dense_b - dense_a)
        for scalar in (3, -2, 0.5, np.float64(0.5), np.int8(3)):
            # dtypes follow numpy's rules, Python scalars included (weak, NEP 50)
            for result, expected in (
                (a * scalar, dense_a * scalar),
                (scalar * a, scalar * dense_a),
            ):
                np.testing.assert_array_equal(result.to_dense(), expected)
                assert result.dtype == expected.dtype
        np.testing.assert_array_equal((-a).to_dense(), -dense_a)


@SETTINGS
@given(coo_parts(dtypes=[np.float64, np.float32]))
def test_zero_preserving_ufuncs_match_dense(parts):
    indices, values, shape = parts
    dense = dense_of(indices, values, shape)
    for tensor in all_layouts(indices, values, shape):
        for ufunc in (np.abs, np.sign, np.sin, np.tanh, np.negative, np.square, np.arctan):
            result = ufunc(tensor)
            assert result.layout == tensor.layout
            np.testing.assert_array_equal(result.to_dense(), ufunc(dense))
            assert result.dtype == ufunc(dense).dtype
        np.testing.assert_array_equal(np.sqrt(abs(tensor)).to_dense(), np.sqrt(abs(dense)))
        np.testing.assert_array_equal((tensor / 4).to_dense(), dense / 4)
        np.testing.assert_array_equal((tensor**2).to_dense(), dense**2)


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(np.cos, id="cos"),
        pytest.param(np.exp, id="exp"),
        pytest.param(np.cosh, id="cosh"),
        pytest.param(lambda a: a + 1, id="plus-one"),
        pytest.param(lambda a: 1 - a, id="one-minus"),
        pytest.param(lambda a: a / 0, id="divide-by-zero"),
        pytest.param(lambda a: 1 / a, id="reciprocal"),
        pytest.param(lambda a: a * np.inf, id="times-inf"),
        pytest.param(lambda a: np.log(abs(a)), id="log"),
        pytest.param(lambda a: a**0, id="power-zero"),
    ],
)
def test_functions_that_move_zero_raise(operation):
    for tensor in all_layouts(np.array([[0, 1], [1, 0]]), np.array([2.0, -3.0]), (2, 2)):
        with pytest.raises(ValueError, match=r"maps (an unstored )?0 to"):
            operation(tensor)


def test_unsupported_operations_raise_clear_errors():
    a = COO([[0, 1], [1, 0]], [2.0, -3.0], shape=(2, 2))
    with pytest.raises(ValueError, match=r"np\.cos maps 0 to 1\.0"):
        np.cos(a)
    with pytest.raises(TypeError, match="keyword arguments"):
        np.sin(a, out=np.zeros(2))
    with pytest.raises(TypeError, match="reduce"):
        np.add.reduce(a)
    with pytest.raises(TypeError, match="to_dense"):
        np.asarray(a)
    with pytest.raises(TypeError, match="sparse @ sparse"):
        a @ a
    with pytest.raises(TypeError, match="only \\+ and -"):
        a * a
    with pytest.raises(ValueError, match="shape"):
        a @ np.ones(3)
    with pytest.raises(ValueError, match="shapes"):
        a + COO([[0]], [1.0], shape=(3,))
    with pytest.raises(ValueError, match="shape"):
        a + np.ones((3, 3))


# -- sparse vectors, hybrid tensors, dtypes, edge shapes ----------------------------------------


@SETTINGS
@given(
    st.integers(0, 12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            arrays(
                np.int64, st.integers(0, 10 if n else 0), elements=st.integers(0, max(n - 1, 0))
            ),
        )
    ),
    st.integers(1, 4),
)
def test_sparse_vector_products(case, k):
    n, index = case
    rng = np.random.default_rng(len(index))
    values = rng.integers(-5, 6, index.shape[0]).astype(np.float64)
    vector = COO(index[None, :], values, shape=(n,))
    dense = dense_of(index[None, :], values, (n,))
    X = rng.integers(-5, 6, (k, n)).astype(np.float64)
    np.testing.assert_array_equal(X @ vector, X @ dense)
    np.testing.assert_array_equal(vector @ X.T, dense @ X.T)
    assert vector @ X[0] == dense @ X[0]
    assert vector.T is vector


@SETTINGS
@given(coo_parts(dense_dims=True))
def test_hybrid_tensors(parts):
    indices, values, shape = parts
    expected = dense_of(indices, values, shape)
    coo = COO(indices, values, shape=shape)
    assert coo.sparse_dim() == 2 and coo.dense_dim() == len(shape) - 2
    for tensor in (coo, coo.coalesce(), coo.to_sparse_csr(), coo.to_sparse_csc()):
        np.testing.assert_array_equal(tensor.to_dense(), expected)
        np.testing.assert_array_equal(tensor.T.to_dense(), np.swapaxes(expected, 0, 1))
    # A dense array made hybrid: a position is stored when any entry of its block is non-zero.
    hybrid = to_sparse_coo(expected, sparse_dim=2)
    np.testing.assert_array_equal(hybrid.to_dense(), expected)
    block_nonzero = (expected != 0).any(axis=tuple(range(2, expected.ndim)))
    assert hybrid.nnz == np.count_nonzero(block_nonzero)
    dense_size = int(np.prod(shape[2:])) * values.dtype.itemsize
    assert coo.memory_bytes() == (2 * 8 + dense_size) * coo.nnz
    with pytest.raises(ValueError, match="dense dimensions"):
        coo @ np.ones(shape[1])


@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (0, 0), (3, 4)])
@pytest.mark.parametrize("layout", ["coo", "csr", "csc"])
def test_empty_and_all_zero_matrices(shape, layout):
    dense = np.zeros(shape, dtype=np.float32)
    tensor = {"coo": to_sparse_coo, "csr": to_sparse_csr, "csc": to_sparse_csc}[layout](dense)
    assert tensor.nnz == 0 and tensor.density == 0.0
    np.testing.assert_array_equal(tensor.to_dense(), dense)
    x = np.ones(shape[1], dtype=np.float32)
    result = tensor @ x
    assert result.shape == (shape[0],) and result.dtype == np.float32 and not result.any()
    assert (np.ones((2, shape[0])) @ tensor).shape == (2, shape[1])
    assert tensor.memory_bytes() == (0 if layout == "coo" else 8 * shape[layout == "csc"])


def test_empty_rows_and_columns_in_matvec():
    # Row 1 and column 2 are empty; reduceat alone would return a wrong value for row 1.
    dense = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 0.0], [0.0, 3.0, 0.0], [4.0, 0.0, 0.0]])
    x = np.array([1.0, 10.0, 100.0])
    for tensor in (to_sparse_coo(dense), to_sparse_csr(dense), to_sparse_csc(dense)):
        np.testing.assert_array_equal(tensor @ x, dense @ x)
        np.testing.assert_array_equal(np.ones(4) @ tensor, np.ones(4) @ dense)


def test_bool_and_unsigned_values_keep_their_dtype():
    dense = np.array([[0, 3], [7, 0]], dtype=np.uint8)
    for tensor in (to_sparse_coo(dense), to_sparse_csr(dense), to_sparse_csc(dense)):
        assert tensor.dtype == np.uint8 and tensor.to_dense().dtype == np.uint8
    mask = to_sparse_csr(dense != 0)
    assert mask.dtype == bool
    np.testing.assert_array_equal(mask.to_dense(), dense != 0)


def test_inputs_are_never_modified_and_outputs_are_read_only():
    rng = np.random.default_rng(1)
    indices = np.stack([rng.integers(0, 6, 40), rng.integers(0, 5, 40)])
    values = rng.standard_normal(40)
    saved = indices.copy(), values.copy()
    coo = COO(indices, values, shape=(6, 5))
    dense = coo.to_dense()
    dense_saved = dense.copy()
    csr, csc = coo.to_sparse_csr(), coo.to_sparse_csc()
    _ = (coo.coalesce(), csr @ np.ones(5), np.ones(6) @ csc, csr + csc, np.sin(csr), csc * 2)
    _ = (to_sparse_coo(dense), csr.to_scipy(), csc.to_scipy(), coo.to_scipy())
    np.testing.assert_array_equal(indices, saved[0])
    np.testing.assert_array_equal(values, saved[1])
    np.testing.assert_array_equal(dense, dense_saved)
    for array in (coo.indices(), coo.values(), csr.crow_indices(), csr.col_indices()):
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[...] = 0


def test_from_scipy_sums_duplicates_without_touching_its_input():
    matrix = sp.csr_array(
        (np.array([1.0, 2.0, 3.0]), np.array([2, 0, 2]), np.array([0, 3, 3])), shape=(2, 3)
    )
    saved = matrix.indices.copy(), matrix.data.copy()
    tensor = from_scipy(matrix)
    np.testing.assert_array_equal(tensor.col_indices(), [0, 2])
    np.testing.assert_array_equal(tensor.values(), [2.0, 4.0])
    np.testing.assert_array_equal(matrix.indices, saved[0])
    np.testing.assert_array_equal(matrix.data, saved[1])
    assert from_scipy(sp.lil_array(matrix.toarray())).layout == "sparse_coo"
    with pytest.raises(TypeError, match="scipy.sparse"):
        from_scipy(np.eye(2))


@pytest.mark.parametrize("sizes", [(70_000, 3), (5, 1 << 20), (1 << 33, 2), (1, 1)])
def test_lexsort_order_on_wide_dimensions(sizes):
    # Dimensions above 2**16 need several 16-bit digits per index.
    rng = np.random.default_rng(2)
    rows = [rng.integers(0, s, 500) for s in sizes]
    order = lexsort_order(rows, sizes)
    np.testing.assert_array_equal(order, np.lexsort(rows[::-1]))


def test_float_values_on_a_wide_matrix_round_trip_through_scipy():
    rng = np.random.default_rng(3)
    rows, cols = rng.integers(0, 3, 2000), rng.integers(0, 100_000, 2000)
    values = rng.standard_normal(2000)
    reference = sp.coo_array((values, (rows, cols)), shape=(3, 100_000)).tocsc()
    csc = COO(np.stack([rows, cols]), values, shape=(3, 100_000)).to_sparse_csc()
    np.testing.assert_array_equal(csc.ccol_indices(), reference.indptr)
    np.testing.assert_array_equal(csc.row_indices(), reference.indices)
    np.testing.assert_allclose(csc.values(), reference.data, rtol=1e-14, atol=1e-15)


def test_repr_names_the_arrays():
    text = repr(CSR([0, 1], [2], [5.0], shape=(1, 3)))
    assert "crow_indices=[0, 1]" in text and "col_indices=[2]" in text and "nnz=1" in text
    assert "ccol_indices" in repr(CSC([0, 0, 1], [0], [1], shape=(1, 2)))


def test_csc_to_scipy_feeds_scikit_learn_without_copies():
    # The solvers hand CSC.to_scipy() (read-only, int64, shared arrays) to compiled code.
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(4)
    reference = sp.random_array((60, 30), density=0.2, format="csc", rng=rng)
    y = rng.standard_normal(60)
    csc = from_scipy(reference)
    shared = csc.to_scipy()
    assert not shared.data.flags.writeable
    ours = sklearn_linear.Lasso(alpha=0.01, tol=1e-10).fit(shared, y).coef_
    theirs = sklearn_linear.Lasso(alpha=0.01, tol=1e-10).fit(reference, y).coef_
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(csc.values(), reference.data)  # nothing was written


@pytest.mark.parametrize("k", [None, 1, 3])
@pytest.mark.parametrize("support", [0, 1, 7, 40])
def test_csc_product_with_a_sparse_operand(support, k):
    # CSC @ x with a sparse x (most columns meet a zero) equals scipy's product.
    rng = np.random.default_rng(support)
    reference = sp.random_array((30, 80), density=0.15, format="csc", rng=rng)
    csc = from_scipy(reference)
    shape = (80,) if k is None else (80, k)
    x = np.zeros(shape)
    x[rng.choice(80, support, replace=False)] = rng.standard_normal((support, *shape[1:]))
    np.testing.assert_allclose(csc @ x, reference @ x, rtol=1e-13, atol=1e-13)
    assert (csc @ x.astype(np.float32)).dtype == np.float64
    ints = (x != 0).astype(np.int64)
    np.testing.assert_array_equal(
        from_scipy((reference * 10).astype(np.int64).tocsc()) @ ints,
        (reference * 10).astype(np.int64).toarray() @ ints,
    )


def _general_product(tensor, x):
    """``tensor @ x`` by the layouts' general path (validation, then the overflow guard)."""
    from sparsenorm.sparse._base import SparseTensor

    return SparseTensor._matmul_dense(tensor, x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(3, 200), (200, 3), (40, 40)])
def test_compiled_products_are_those_of_the_general_path(dtype, shape):
    # The layouts' fast path returns the compiled product once known finite; the general path
    # computes the same product: equal bit for bit, for vectors and matrices, dense or sparse.
    rng = np.random.default_rng(shape[0])
    n = shape[1]
    reference = sp.random_array(shape, density=0.2, format="coo", rng=rng, dtype=dtype)
    coo = COO(np.stack(reference.coords), reference.data, shape=shape)
    sparse_x = np.where(rng.random(n) < 0.05, rng.standard_normal(n), 0.0).astype(dtype)
    operands = (rng.standard_normal(n).astype(dtype), rng.standard_normal((n, 3)).astype(dtype))
    for tensor in (coo.to_sparse_csr(), coo.to_sparse_csc()):
        for x in (*operands, sparse_x):
            result = tensor @ x
            assert result.dtype == dtype
            np.testing.assert_array_equal(result, _general_product(tensor, x))
            tol = 1e-5 if dtype == np.float32 else 1e-12
            np.testing.assert_allclose(result, reference @ x, rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_products_that_overflow_midway_on_tall_and_wide_matrices(dtype):
    # 4 big - 4 big overflows midway (4 big is beyond the range) but is 0: on a tall matrix the
    # fast path judges the product by its operands, on a wide one by its result; either way
    # the overflowing product goes to the guarded general path, which returns 0.
    big = float(np.finfo(dtype).max) / 2
    for m, n in ((50, 2), (1, 60)):
        dense = np.zeros((m, n), dtype=dtype)
        dense[0, :2] = big
        x = np.zeros(n, dtype=dtype)
        x[:2] = [4.0, -4.0]
        x[2:] = 1.0  # no zero: the CSC product reads every column
        expected = np.zeros(m, dtype=dtype)
        for tensor in (to_sparse_csr(dense), to_sparse_csc(dense)):
            np.testing.assert_array_equal(tensor @ x, expected, err_msg=tensor.layout)


def test_which_finiteness_check_a_product_runs(monkeypatch):
    # 'from bounds on the operands ... where the operands are fewer to read than the result
    # (x and the stored values together have fewer entries than the result), else by checking
    # every entry of the result': np.isfinite runs on the result only in the second case, and
    # the bound on the stored values is computed for every product (nothing is kept).
    calls = []
    isfinite = np.isfinite

    def counted(array, *args, **kwargs):
        calls.append(np.shape(array))
        return isfinite(array, *args, **kwargs)

    rng = np.random.default_rng(4)
    tall = to_sparse_csr(np.where(rng.random((300, 4)) < 0.1, 1.0, 0.0))  # nse < 296
    many = to_sparse_csr(np.where(rng.random((300, 4)) < 0.9, 1.0, 0.0))  # nse > 296
    wide = to_sparse_csc(np.where(rng.random((4, 300)) < 0.5, 1.0, 0.0))
    import sparsenorm.sparse._formats as formats

    bounds = []
    abs_max = formats.abs_max
    monkeypatch.setattr(formats, "abs_max", lambda a: bounds.append(a.shape) or abs_max(a))
    monkeypatch.setattr(np, "isfinite", counted)
    for tensor, x, checks, bound in (
        (tall, np.ones(4), [], [(tall.nnz,)]),  # 4 + nse < 300 entries of the result
        (many, np.ones(4), [(300,)], []),  # 4 + nse >= 300: the result is read
        (wide, np.ones(300), [(4,)], []),  # x is longer than the result
    ):
        for _ in range(2):
            calls.clear()
            bounds.clear()
            tensor @ x
            assert calls == checks and bounds == bound, (tensor.shape, tensor.nnz, calls)
    assert not hasattr(tall, "_abs_max")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", [to_sparse_csr, to_sparse_csc])
def test_products_see_values_the_caller_changed(dtype, layout):
    # Regression (issue 13, F1): a bound on the stored values kept from an earlier product
    # went stale once the caller wrote to its values array (which the tensor holds itself),
    # and 4 big - 4 big came out [nan, 0] instead of [0, 0] unchecked. On a tall matrix (the
    # bound is used) the second product must be that of a tensor built afresh.
    big = float(np.finfo(dtype).max) / 2
    dense = np.zeros((50, 2), dtype=dtype)
    dense[0] = 1.0
    tensor = layout(dense)
    values = tensor._values  # the array the caller handed over
    x = np.array([4.0, -4.0], dtype=dtype)
    np.testing.assert_array_equal(tensor @ x, np.zeros(50, dtype=dtype))
    values[:] = big  # the caller writes to its own array
    fresh = layout(np.where(dense != 0, dtype(big), dtype(0)))
    expected = np.zeros(50, dtype=dtype)
    np.testing.assert_array_equal(fresh @ x, expected)
    np.testing.assert_array_equal(tensor @ x, expected)
    # and the caller's own array, handed to the constructor, is the one the tensor holds
    v = np.array([1.0, 1.0], dtype=dtype)
    held = CSR([0, 2] + [2] * 49, [0, 1], v, shape=(50, 2))
    np.testing.assert_array_equal(held @ x, expected)
    v[:] = big
    np.testing.assert_array_equal(held @ x, expected)
    v[:] = [big, big / 2]  # 4 big - 2 big overflows midway; the exact 2 big is the largest
    expected[0] = np.finfo(dtype).max
    np.testing.assert_array_equal(held @ x, expected)


@pytest.mark.parametrize("scipy_kernels", [True, False])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("k", [None, 2])
def test_stored_infinities_meet_zeros_of_x_as_in_the_dense_product(
    monkeypatch, scipy_kernels, dtype, k
):
    # Issue 13, F2: every column is multiplied, those where x is 0 included: inf * 0 and
    # NaN * 0 are NaN (IEEE 754), so CSC, CSR and the dense product agree, with scipy's
    # kernels and with the numpy reference alone.
    import sparsenorm.sparse._kernels as kernels

    if not scipy_kernels:
        monkeypatch.setattr(kernels, "_SPARSETOOLS", [None])
    assert bool(kernels._sparsetools()) == scipy_kernels
    rng = np.random.default_rng(11)
    dense = np.where(rng.random((6, 40)) < 0.3, rng.standard_normal((6, 40)), 0.0).astype(dtype)
    dense[1, 3], dense[4, 3], dense[2, 17], dense[5, 30] = np.inf, -np.inf, np.nan, np.inf
    shape = (40,) if k is None else (40, k)
    x = np.where(rng.random(shape) < 0.1, rng.standard_normal(shape), 0.0).astype(dtype)
    x[[3, 17, 30]] = 0.0  # the non-finite values meet zeros of x only
    x[0] = 1.0
    # IEEE arithmetic entry by entry, independent of every product below
    with np.errstate(invalid="ignore"):
        terms = dense[:, :, None] * x.reshape(40, -1)[None]
    expected = terms.astype(np.float64).sum(axis=1).reshape((6, *shape[1:]))
    nan_rows = np.isnan(expected)
    assert nan_rows.reshape(6, -1)[[1, 2, 4, 5]].all()  # every row with a stored non-finite
    assert not nan_rows.reshape(6, -1)[[0, 3]].any()
    with np.errstate(invalid="ignore"):
        dense_product = dense @ x
    for tensor in (to_sparse_csc(dense), to_sparse_csr(dense)):
        with np.errstate(invalid="ignore"):
            result = tensor @ x
        assert result.dtype == dtype
        tol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(result, expected, rtol=tol, atol=tol, err_msg=tensor.layout)
        np.testing.assert_allclose(result, dense_product, rtol=tol, atol=tol)
        np.testing.assert_array_equal(np.isnan(result), nan_rows)
