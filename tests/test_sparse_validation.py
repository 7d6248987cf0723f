"""Invalid construction of COO, CSR and CSC raises an error that names the fault."""

import numpy as np
import pytest

from sparsenorm.sparse import COO, CSC, CSR, to_sparse_coo, to_sparse_csr


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        pytest.param(
            ([[0, 1], [1, 2.5]], [1, 2]),
            {},
            TypeError,
            "indices must hold integers, got dtype float64",
            id="float-indices",
        ),
        pytest.param(
            ([[True, False]], [1, 2]),
            {},
            TypeError,
            "indices must hold integers",
            id="bool-indices",
        ),
        pytest.param(
            ([0, 1], [1, 2]),
            {},
            ValueError,
            r"indices must have 2 dimension\(s\)",
            id="1d-indices",
        ),
        pytest.param(
            ([[0, 1], [0, 1], [1, 1]], [1, 2, 3]),
            {},
            ValueError,
            "must be transposed",
            id="pairs-not-transposed",
        ),
        pytest.param(
            ([[0, 1], [0, 1]], [1, 2, 3]),
            {},
            ValueError,
            "indices has 2 columns .* values has 3 entries",
            id="length-mismatch",
        ),
        pytest.param(
            ([[0, 5]], [1, 2]),
            {"shape": (3,)},
            IndexError,
            r"indices\[0\] holds 5 at position 1, out of bounds .* size 3",
            id="index-too-large",
        ),
        pytest.param(
            ([[0, -1]], [1, 2]),
            {"shape": (3,)},
            IndexError,
            r"indices\[0\] holds -1",
            id="negative-index",
        ),
        pytest.param(
            ([[0, 1]], [1, 2]),
            {"shape": (-3,)},
            ValueError,
            "shape must hold non-negative integers",
            id="negative-shape",
        ),
        pytest.param(
            ([[0, 1]], [1, 2]),
            {"shape": (3, 3)},
            ValueError,
            "does not match 1 sparse dimension",
            id="shape-too-long",
        ),
        pytest.param(
            ([[0, 1]], [[1, 2], [3, 4]]),
            {"shape": (3, 3)},
            ValueError,
            r"dense dimensions \(2,\)",
            id="hybrid-shape-mismatch",
        ),
        pytest.param(
            ([[0, 1]], ["a", "b"]), {}, TypeError, "values must be a numeric", id="string-values"
        ),
        pytest.param(
            ([[0, 1]], [1j, 2]), {}, TypeError, "values must be real-valued", id="complex-values"
        ),
        pytest.param(
            ([[0]], 1.0),
            {},
            ValueError,
            "values must have one entry per stored element",
            id="scalar-values",
        ),
        pytest.param(
            (np.zeros((0, 2), dtype=int), [1, 2]),
            {},
            ValueError,
            "at least one row",
            id="no-sparse-dims",
        ),
        pytest.param(
            ([[0.5]], [1]),
            {"shape": (2,)},
            TypeError,
            "indices must hold integers",
            id="fractional-index",
        ),
        pytest.param(
            ([[0]], [1]),
            {"shape": (2.0,)},
            TypeError,
            "shape must be a sequence of integers",
            id="float-shape",
        ),
    ],
)
def test_invalid_coo(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        COO(*args, **kwargs)


@pytest.mark.parametrize("cls", [CSR, CSC])
@pytest.mark.parametrize(
    ("ptr", "idx", "values", "shape", "error", "match"),
    [
        pytest.param(
            [1, 2, 2, 3],
            [1, 0, 2],
            [1, 2, 3],
            None,
            ValueError,
            "{p} must start at 0, got 1",
            id="ptr-not-from-0",
        ),
        pytest.param(
            [0, 2, 2, 4],
            [1, 0, 2],
            [1, 2, 3],
            None,
            ValueError,
            r"{p} must end at nse = len\({i}\) = 3, got 4",
            id="ptr-not-to-nse",
        ),
        pytest.param(
            [0, 2, 1, 3],
            [0, 1, 2],
            [1, 2, 3],
            None,
            ValueError,
            r"{p} must be non-decreasing, but {p}\[2\] = 1 is smaller than {p}\[1\] = 2",
            id="ptr-decreasing",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [1, 0, 2],
            [1, 2, 3],
            None,
            ValueError,
            "{i} must be strictly increasing within each {major} .* "
            "holds {minor} 0 after {minor} 1",
            id="unsorted-in-segment",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [1, 1, 2],
            [1, 2, 3],
            None,
            ValueError,
            "{i} must be strictly increasing within each {major}",
            id="duplicate-in-segment",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [0, 1, 2],
            [1, 2],
            None,
            ValueError,
            "{i} has 3 entries but values has 2",
            id="values-length",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [0, 1, 7],
            [1, 2, 3],
            "square",
            IndexError,
            "{i} holds 7 at position 2, out of bounds",
            id="index-out-of-bounds",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [0, -1, 2],
            [1, 2, 3],
            None,
            IndexError,
            "{i} holds -1",
            id="negative-index",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [0, 1, 2],
            [1, 2, 3],
            "wrong-major",
            ValueError,
            "{p} has 4 entries, so the matrix has 3 {major}s",
            id="shape-vs-ptr",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [0, 1, 2],
            [1, 2, 3],
            "negative",
            ValueError,
            "shape must hold non-negative",
            id="negative-shape",
        ),
        pytest.param(
            [0.0, 2, 2, 3],
            [0, 1, 2],
            [1, 2, 3],
            None,
            TypeError,
            "{p} must hold integers, got dtype float64",
            id="float-ptr",
        ),
        pytest.param(
            [0, 2, 2, 3],
            [0.0, 1, 2],
            [1, 2, 3],
            None,
            TypeError,
            "{i} must hold integers",
            id="float-idx",
        ),
        pytest.param(
            [],
            [],
            [],
            None,
            ValueError,
            "{p} must have n{major}s \\+ 1 >= 1 entries",
            id="empty-ptr",
        ),
    ],
)
def test_invalid_compressed(cls, ptr, idx, values, shape, error, match):
    p, i = ("crow_indices", "col_indices") if cls is CSR else ("ccol_indices", "row_indices")
    major, minor = ("row", "column") if cls is CSR else ("column", "row")
    shape = {None: None, "square": (3, 3), "wrong-major": (4, 4), "negative": (3, -3)}[shape]
    if shape == (3, -3) and cls is CSC:
        shape = (-3, 3)
    with pytest.raises(error, match=match.format(p=p, i=i, major=major, minor=minor)):
        cls(ptr, idx, values, shape=shape)


def test_valid_construction_infers_the_shape():
    assert COO([[0, 2], [1, 3]], [1.0, 2.0]).shape == (3, 4)
    assert COO([[0, 2]], [[1.0, 2.0], [3.0, 4.0]]).shape == (3, 2)
    assert CSR([0, 1, 1], [4], [1.0]).shape == (2, 5)
    assert CSC([0, 1, 1], [4], [1.0]).shape == (5, 2)
    assert COO(np.zeros((2, 0), dtype=np.int32), []).shape == (0, 0)
    assert CSR([0], [], []).shape == (0, 0)


def test_dense_conversion_arguments():
    with pytest.raises(ValueError, match="dense must have at least one dimension"):
        to_sparse_coo(3.0)
    with pytest.raises(ValueError, match=r"sparse_dim must lie in \[1, 2\], got 3"):
        to_sparse_coo(np.eye(2), sparse_dim=3)
    with pytest.raises(TypeError, match="sparse_dim must be an int"):
        to_sparse_coo(np.eye(2), sparse_dim=1.5)
    with pytest.raises(ValueError, match="dense must be 2-D for CSR"):
        to_sparse_csr(np.ones(3))
    with pytest.raises(TypeError, match="dense must be a numeric"):
        to_sparse_coo(np.array(["a"]))


def test_transpose_arguments():
    coo = COO([[0], [1], [2]], [1.0], shape=(2, 3, 4))
    assert coo.transpose(0, 2).shape == (4, 3, 2)
    with pytest.raises(ValueError, match="dim1=3 is not a sparse dimension"):
        coo.transpose(0, 3)
    csr = CSR([0, 1], [0], [1.0], shape=(1, 1))
    with pytest.raises(ValueError, match="can only swap its two sparse dimensions"):
        csr.transpose(0, 0)
    with pytest.raises(ValueError, match="needs 2 sparse dimensions"):
        coo.to_sparse_csr()


def test_to_scipy_arguments():
    csc = CSC([0, 1], [0], [1.0], shape=(1, 1))
    with pytest.raises(ValueError, match="index_dtype must be int32, int64 or None"):
        csc.to_scipy(index_dtype=np.int16)
    with pytest.raises(ValueError, match="scipy.sparse has no hybrid tensors"):
        COO([[0], [0]], [[1.0, 2.0]], shape=(1, 1, 2)).to_sparse_csr().to_scipy()


# ----------------------------------------------------- issue 12: dtypes, byte order, inputs


@pytest.mark.parametrize(
    "a_dtype, b_dtype, a_values, b_values",
    [
        (np.int8, np.uint8, [1, -2, 0], [253, 0, 4]),  # int16 result; negating uint8 wraps
        (np.int64, np.uint64, [1, -2, 0], [3, 0, 2**63]),  # float64 result
        (np.uint8, np.int8, [200, 0, 1], [-100, 5, 0]),
        (np.float64, np.bool_, [1.0, -2.0, 0.0], [True, False, True]),  # numpy: float64
        (np.bool_, np.float32, [True, False, True], [0.5, 0.0, -2.0]),
        (np.float16, np.int8, [1.5, 0.0, -2.0], [-128, 3, 0]),
    ],
)
@pytest.mark.parametrize("layout", [to_sparse_coo, to_sparse_csr])
def test_sparse_subtraction_promotes_like_numpy(a_dtype, b_dtype, a_values, b_values, layout):
    a_dense = np.array([a_values, a_values[::-1]], dtype=a_dtype)
    b_dense = np.array([b_values, b_values[::-1]], dtype=b_dtype)
    a, b = layout(a_dense), layout(b_dense)
    for got, want in ((a - b, a_dense - b_dense), (b - a, b_dense - a_dense),
                      (a + b, a_dense + b_dense)):  # fmt: skip
        assert got.dtype == want.dtype == np.result_type(a_dtype, b_dtype)
        np.testing.assert_array_equal(got.to_dense(), want)


def test_subtracting_boolean_tensors_is_a_clear_error_as_in_numpy():
    a = to_sparse_coo(np.array([True, False]))
    with pytest.raises(TypeError):
        np.array([True]) - np.array([False])  # numpy refuses too
    with pytest.raises(TypeError, match="subtracting two boolean sparse tensors"):
        a - a
    np.testing.assert_array_equal((a + a).to_dense(), [True, False])


def test_sums_of_uncoalesced_tensors_match_their_dense_arrays():
    # int8 duplicates wrap when summed in int8 (to_dense's rule), before promotion to int16
    a = COO([[0, 0]], np.array([100, 100], dtype=np.int8), shape=(2,))
    b = to_sparse_coo(np.array([1, 2], dtype=np.int16))
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal((a + b).to_dense(), a.to_dense() + b.to_dense())
        np.testing.assert_array_equal((a - b).to_dense(), a.to_dense() - b.to_dense())
        np.testing.assert_array_equal(a @ np.array([1, 1], dtype=np.int16), -56)


def test_float_products_of_duplicates_are_those_of_the_coalesced_tensor():
    # float16: 60000 + (-60000) is 0, while 2 * 60000 overflows; multiply after summing
    a = COO([[0, 0, 1]], np.array([60000.0, -60000.0, 1.0], dtype=np.float16), shape=(2,))
    np.testing.assert_array_equal((a * 2).to_dense(), [0.0, 2.0])
    np.testing.assert_array_equal((a / 0.5).to_dense(), [0.0, 2.0])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_matmul_does_not_overflow_where_the_product_fits(dtype):
    big = float(np.finfo(dtype).max) / 2
    a = to_sparse_csr(np.array([[big, big], [1.0, 0.0]], dtype=dtype))
    x = np.array([4.0, -4.0], dtype=dtype)  # 4 * big overflows; 4 big - 4 big = 0 does not
    for product in (a @ x, a.to_sparse_coo() @ x, a.to_sparse_csc() @ x):
        assert product.dtype == dtype
        np.testing.assert_array_equal(product, [0.0, 4.0])
    np.testing.assert_array_equal(x @ a.T, [0.0, 4.0])
    with pytest.warns(RuntimeWarning, match="overflow"):  # a product beyond the range
        assert (a @ np.array([4.0, 4.0], dtype=dtype))[0] == np.inf


@pytest.mark.parametrize("byteorder", [">", "<"])
def test_big_endian_values_are_converted_to_native(byteorder):
    values = np.array([1.0, 2.0, 3.0], dtype=f"{byteorder}f8")
    a = COO([[0, 1, 1]], values, shape=(3,))
    assert a.dtype == np.float64 and a.dtype.isnative
    np.testing.assert_array_equal(a.coalesce().values(), [1.0, 5.0])
    np.testing.assert_array_equal(np.abs(-a).to_dense(), [1.0, 5.0, 0.0])
    m = COO([[0, 1, 1], [0, 0, 0]], values, shape=(3, 2))
    np.testing.assert_array_equal(m.to_sparse_csr().to_dense(), [[1, 0], [5, 0], [0, 0]])
    np.testing.assert_array_equal(CSR([0, 2], [0, 1], values[:2]).values(), [1.0, 2.0])


def test_to_sparse_accepts_scipy_and_sparsenorm_input():
    import scipy.sparse

    m = scipy.sparse.csr_array(np.array([[0.0, 2.0], [3.0, 0.0]]))
    for convert, layout in ((to_sparse_coo, "sparse_coo"), (to_sparse_csr, "sparse_csr")):
        tensor = convert(m)
        assert tensor.layout == layout
        np.testing.assert_array_equal(tensor.to_dense(), m.toarray())
        assert convert(tensor).layout == layout
    with pytest.raises(ValueError, match="sparse_dim=1 cannot change"):
        to_sparse_coo(m, sparse_dim=1)
