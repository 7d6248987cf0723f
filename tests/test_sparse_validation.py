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
