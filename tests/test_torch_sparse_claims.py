"""Every number and claim of the torch.sparse gallery pages, checked independently.

Each page runs once (in-process, figures discarded); its variables and printed output are then
checked against scipy.sparse, numpy on the dense matrix, closed forms in exact arithmetic,
PyTorch's documentation (the worked memory example) and, for every sentence that says what
PyTorch does, the installed torch itself. The pages run torch side by side with sparsenorm, so
every test that runs a page needs torch: without it (``nox -s tests``, whose ``test`` group has
no torch) those tests skip and the rest still run; with SPARSENORM_REQUIRE_TORCH=1 (``nox -s
tests_torch``, which installs torch 2.13.0) a missing torch fails instead.
"""

import contextlib
import functools
import io
import itertools
import math
import os
import re
import runpy
import warnings
from fractions import Fraction
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import Lasso

import sparsenorm as sn
from sparsenorm.sparse import COO, CSR, to_sparse_coo

matplotlib.use("Agg")
import matplotlib.pyplot as plt

GALLERY = Path(__file__).resolve().parents[1] / "gallery" / "torch_sparse"

# torch's own notices, not faults here: CSR/CSC support "in beta", and the note that its
# invariant checks are off unless asked for (the tests ask for them where that is the point)
pytestmark = [
    pytest.mark.filterwarnings("ignore:Sparse (CSR|CSC) tensor support is in beta:UserWarning"),
    pytest.mark.filterwarnings("ignore:Sparse invariant checks are implicitly:UserWarning"),
]


def _torch_or_skip():
    if os.environ.get("SPARSENORM_REQUIRE_TORCH"):
        import torch

        return torch
    return pytest.importorskip("torch")


def run_page(stem):
    """Run a page (it imports torch), returning (printed text, its global variables)."""
    _torch_or_skip()
    return _run_page(stem)


@functools.cache
def _run_page(stem):
    (path,) = GALLERY.glob(f"{stem}_*.py")
    out = io.StringIO()
    show = plt.show
    labels = []  # each figure's alt text, in the order the page shows them

    def record(*args, **kwargs):
        labels.extend(plt.figure(number).get_label() for number in plt.get_fignums())
        plt.close("all")

    plt.show = record
    try:
        with contextlib.redirect_stdout(out), np.printoptions(), matplotlib.rc_context():
            namespace = runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.show = show
        plt.close("all")
    namespace["figure_labels"] = labels
    return out.getvalue(), namespace


@pytest.fixture(scope="module")
def torch():
    return _torch_or_skip()


def printed(text, line):
    """Whether ``line`` is one of the printed lines (whole line, trailing spaces ignored)."""
    return line in [printed_line.rstrip() for printed_line in text.splitlines()]


def test_every_page_is_checked_here():
    pages = sorted(p.name.split("_")[1] for p in GALLERY.glob("plot_*.py"))
    assert pages == [str(k) for k in range(1, 9)]


@pytest.mark.parametrize("page", [f"plot_{k}" for k in range(1, 9)])
def test_printed_lines_fit_80_columns(page):
    text, _ = run_page(page)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_pages_leave_no_global_numpy_state():
    """sphinx-gallery runs every page in one process: a page's print options would leak."""
    for path in sorted(GALLERY.glob("plot_*.py")):
        assert "set_printoptions" not in path.read_text(), path.name


@pytest.mark.parametrize("page", [f"plot_{k}" for k in range(1, 9)])
def test_every_page_computes_with_torch_side_by_side(page, torch):
    """Issue 11: each page holds torch tensors next to sparsenorm's, and prints a check."""
    text, ns = run_page(page)
    assert any(isinstance(v, torch.Tensor) for v in ns.values()), page
    assert any(isinstance(v, sn.sparse.SparseTensor) for v in ns.values()), page
    assert "torch" in text, page


# -- page 1: the three layouts of one matrix ---------------------------------------------------


def test_p1_arrays_match_scipy_and_the_prose():
    _, ns = run_page("plot_1")
    dense, coo, csr, csc = ns["dense"], ns["coo"], ns["csr"], ns["csc"]
    ref_csr, ref_csc = sp.csr_array(dense), sp.csc_array(dense)
    np.testing.assert_array_equal(csr.crow_indices(), ref_csr.indptr)
    np.testing.assert_array_equal(csr.col_indices(), ref_csr.indices)
    np.testing.assert_array_equal(csc.ccol_indices(), ref_csc.indptr)
    np.testing.assert_array_equal(csc.row_indices(), ref_csc.indices)
    np.testing.assert_array_equal(csc.values(), ref_csc.data)
    np.testing.assert_array_equal(coo.indices(), np.nonzero(dense))  # row-major order
    # "7 non-zero entries", "4 × 6", "row 2 is empty and so are columns 1 and 4"
    assert np.count_nonzero(dense) == 7 and dense.shape == (4, 6)
    assert np.flatnonzero(~dense.any(axis=1)).tolist() == [2]
    assert np.flatnonzero(~dense.any(axis=0)).tolist() == [1, 4]
    # "COO repeats the row index of every element (0, 0, 1, 1, 3, 3, 3)"
    assert coo.indices()[0].tolist() == [0, 0, 1, 1, 3, 3, 3]
    # "the repeated pointer 4, 4 marks the empty row 2"; "2, 2 and 5, 5" the empty columns
    crow, ccol = csr.crow_indices(), csc.ccol_indices()
    assert crow[2] == crow[3] == 4
    assert ccol[1] == ccol[2] == 2 and ccol[4] == ccol[5] == 5
    # values: row-major for COO and CSR, column-major for CSC
    np.testing.assert_array_equal(coo.values(), dense[dense != 0])
    np.testing.assert_array_equal(csr.values(), dense[dense != 0])
    np.testing.assert_array_equal(csc.values(), dense.T[dense.T != 0])
    for tensor in (coo, csr, csc):
        np.testing.assert_array_equal(tensor.to_dense(), dense)


def _same_arrays(a, b):
    """Whether two sparsenorm compressed matrices are views of the same three arrays."""
    return all(
        np.shares_memory(x, y)
        for x, y in zip(
            (a.crow_indices() if a.layout == "sparse_csr" else a.ccol_indices(),
             a.col_indices() if a.layout == "sparse_csr" else a.row_indices(), a.values()),
            (b.ccol_indices() if b.layout == "sparse_csc" else b.crow_indices(),
             b.row_indices() if b.layout == "sparse_csc" else b.col_indices(), b.values()),
            strict=True,
        )
    )  # fmt: skip


def test_p1_csc_transpose_is_csr_over_the_same_arrays(torch):
    text, ns = run_page("plot_1")
    csc, dense = ns["csc"], ns["dense"]
    # sparsenorm: transpose(0, 1), as the page writes it, and .T, over all three arrays
    for transposed in (csc.transpose(0, 1), csc.T, ns["transposed"]):
        assert transposed.layout == "sparse_csr"
        assert _same_arrays(csc, transposed)
        np.testing.assert_array_equal(transposed.to_dense(), dense.T)
    assert "csc.transpose(0, 1) is sparse_csr sharing its arrays: True" in text
    # "as PyTorch does ... spelt transpose(0, 1), t() or mT; its .T raises NotImplementedError"
    for layout, other in (("csc", torch.sparse_csr), ("csr", torch.sparse_csc)):
        t = getattr(torch.tensor(dense), f"to_sparse_{layout}")()
        ptr, minor = (
            (t.ccol_indices(), t.row_indices()) if layout == "csc" else
            (t.crow_indices(), t.col_indices())
        )  # fmt: skip
        for tt in (t.transpose(0, 1), t.t(), t.mT):
            assert tt.layout == other
            tptr, tminor = (
                (tt.crow_indices(), tt.col_indices()) if layout == "csc" else
                (tt.ccol_indices(), tt.row_indices())
            )  # fmt: skip
            assert tptr.data_ptr() == ptr.data_ptr() and tminor.data_ptr() == minor.data_ptr()
            assert tt.values().data_ptr() == t.values().data_ptr()
            np.testing.assert_array_equal(tt.to_dense().numpy(), dense.T)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch may also warn about .T itself
            with pytest.raises(NotImplementedError):
                t.T  # noqa: B018
    assert torch.__version__.startswith("2.13")  # the version the pages name


def test_p3_prose_names_torchs_spellings_of_the_transpose(torch):
    """Page 3: 'PyTorch 2.13 spells it a.t(), a.mT or a.transpose(0, 1), its .T raising
    NotImplementedError on CSR and CSC tensors'; sparsenorm's a.T is the CSC view."""
    _, ns = run_page("plot_3")
    a = ns["a"]
    assert a.T.layout == "sparse_csc" and _same_arrays(a, a.T)
    t = torch.tensor(a.to_dense()).to_sparse_csr()
    for tt in (t.t(), t.mT, t.transpose(0, 1)):
        assert tt.layout == torch.sparse_csc and tt.values().data_ptr() == t.values().data_ptr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(NotImplementedError):
            t.T  # noqa: B018


def test_p1_coo_indices_are_int64_ndim_by_nse_as_in_torch(torch):
    _, ns = run_page("plot_1")
    coo, dense = ns["coo"], ns["dense"]
    assert coo.indices().dtype == np.int64 and coo.indices().shape == (2, 7)
    t = torch.tensor(dense).to_sparse()
    assert t.indices().dtype == torch.int64 and tuple(t.indices().shape) == (2, 7)
    np.testing.assert_array_equal(t.indices().numpy(), coo.indices())
    np.testing.assert_array_equal(t.values().numpy(), coo.values())


def test_p1_titles_give_the_bytes_of_the_arrays():
    _, ns = run_page("plot_1")
    m, n = ns["dense"].shape
    nse, s = 7, 4
    layouts = ns["layouts"]
    assert sum(a.nbytes for _, a in layouts["COO"]) == (2 * 8 + s) * nse == 140
    assert sum(a.nbytes for _, a in layouts["CSR"]) == (m + 1) * 8 + (8 + s) * nse == 124
    assert sum(a.nbytes for _, a in layouts["CSC"]) == (n + 1) * 8 + (8 + s) * nse == 140


# -- page 2: COO construction ------------------------------------------------------------------


def test_p2_pairs_refused_only_when_their_count_differs_from_ndim(torch):
    """Exhaustive over 1 to 5 pairs in 2-D and 3-D tensors (indices well inside the shape):
    an untransposed list of pairs is refused exactly when the count differs from ndim, by
    sparsenorm and by torch (with its invariant checks on), and otherwise silently misread."""
    rng = np.random.default_rng(0)
    for ndim, k in itertools.product((2, 3), range(1, 6)):
        pairs = rng.choice(5, size=(k, ndim), replace=True)
        pairs = np.unique(pairs, axis=0)
        if len(pairs) != k:
            continue
        shape = (10,) * ndim
        values = np.arange(1.0, k + 1)
        try:
            misread = COO(pairs, values, shape=shape)
            accepted = True
        except (ValueError, IndexError):
            accepted = False
        assert accepted == (k == ndim), (ndim, k)
        try:
            t = torch.sparse_coo_tensor(
                torch.tensor(pairs), torch.tensor(values), shape, check_invariants=True
            )
            torch_accepted = True
        except RuntimeError:
            torch_accepted = False
        assert torch_accepted == accepted, (ndim, k)
        if accepted:  # read the wrong way round, by both
            np.testing.assert_array_equal(misread.indices(), pairs)
            np.testing.assert_array_equal(t.to_dense().numpy(), misread.to_dense())
            right = COO(pairs.T, values, shape=shape)
            assert not np.array_equal(right.to_dense(), misread.to_dense())


def test_p2_misread_index_out_of_bounds(torch):
    """'unless a misread index falls outside the shape': then sparsenorm refuses, and torch
    refuses only with its invariant checks on."""
    pairs = np.array([(0, 2), (1, 0)])  # misread as (0, 1) and (2, 0): row 2 of a 2 x 3
    with pytest.raises(IndexError):
        COO(pairs, [3.0, 4.0], shape=(2, 3))
    args = (torch.tensor(pairs), torch.tensor([3.0, 4.0]), (2, 3))
    with pytest.raises(RuntimeError):
        torch.sparse_coo_tensor(*args, check_invariants=True)
    torch.sparse_coo_tensor(*args, check_invariants=False)  # accepted, unchecked
    assert not torch.sparse.check_sparse_tensor_invariants.is_enabled()  # "off by default"


def test_p2_the_pages_examples(torch):
    _, ns = run_page("plot_2")
    pairs, values = ns["pairs"], ns["values"]
    with pytest.raises(ValueError):
        COO(pairs, values, shape=(2, 3))
    with pytest.raises(RuntimeError):
        torch.sparse_coo_tensor(torch.tensor(pairs), torch.tensor(values), (2, 3))
    expected = np.zeros((2, 3))
    for (i, j), v in zip(pairs, values, strict=True):
        expected[i, j] = v
    np.testing.assert_array_equal(ns["a"].to_dense(), expected)
    # two pairs: (0, 2), (1, 0) read as the coordinates (0, 1) and (2, 0)
    wrong = np.zeros((3, 3))
    wrong[0, 1], wrong[2, 0] = 3.0, 4.0
    np.testing.assert_array_equal(ns["wrong"].to_dense(), wrong)
    t = torch.sparse_coo_tensor(torch.tensor(ns["two_pairs"]), torch.tensor([3.0, 4.0]), (3, 3))
    np.testing.assert_array_equal(t.to_dense().numpy(), wrong)
    right = np.zeros((3, 3))
    right[0, 2], right[1, 0] = 3.0, 4.0
    np.testing.assert_array_equal(ns["right"].to_dense(), right)


def test_p2_inferred_shape_and_index_types(torch):
    _, ns = run_page("plot_2")
    pairs = np.transpose(ns["pairs"])
    assert COO(pairs, ns["values"]).shape == (2, 3)
    assert tuple(torch.sparse_coo_tensor(torch.tensor(pairs), ns["values"]).shape) == (2, 3)
    coo32 = COO(pairs.astype(np.int32), ns["values"])
    assert coo32.indices().dtype == np.int64
    t32 = torch.sparse_coo_tensor(torch.tensor(pairs, dtype=torch.int32), ns["values"])
    assert t32.coalesce().indices().dtype == torch.int64
    with pytest.raises(TypeError):
        COO([[0.0, 1.0], [2.0, 0.0]], [1.0, 2.0])
    # "torch.sparse_coo_tensor casts them to int64, which truncates 2.9 to 2"
    t = torch.sparse_coo_tensor(torch.tensor([[0.0, 1.0], [2.9, 0.0]]), [1.0, 2.0], (2, 3))
    assert t._indices().dtype == torch.int64
    assert t._indices().tolist() == [[0, 1], [2, 0]]


def test_p2_hybrid_tensors_match_torch(torch):
    _, ns = run_page("plot_2")
    h, back = ns["h"], ns["back"]
    assert h.shape == (2, 3, 2) and h.sparse_dim() == 2 and h.dense_dim() == 1
    assert back.nnz == 3 and [4.0, 0.0] in back.values().tolist()  # stored whole, zero included
    t = torch.tensor(h.to_dense()).to_sparse(sparse_dim=2)
    np.testing.assert_array_equal(t.indices().numpy(), back.indices())
    np.testing.assert_array_equal(t.values().numpy(), back.values())
    np.testing.assert_array_equal(h.to_dense()[1, 2], [5.0, 50.0])
    np.testing.assert_array_equal(h.to_dense()[0, 0], [0.0, 0.0])


def test_p2_duplicates_add_up_and_coalesce_like_scipy_and_torch(torch):
    _, ns = run_page("plot_2")
    d, c = ns["d"], ns["c"]
    reference = sp.coo_array((d.values(), tuple(d.indices())), shape=d.shape)
    np.testing.assert_array_equal(d.to_dense(), reference.toarray())
    reference.sum_duplicates()
    np.testing.assert_array_equal(c.indices(), np.stack([reference.row, reference.col]))
    np.testing.assert_array_equal(c.values(), reference.data)
    assert d.nnz == 4 and not d.is_coalesced() and c.nnz == 3 and c.is_coalesced()
    t = torch.sparse_coo_tensor(torch.tensor(d.indices()), torch.tensor(d.values()), d.shape)
    np.testing.assert_array_equal(t.coalesce().indices().numpy(), c.indices())
    np.testing.assert_array_equal(t.coalesce().values().numpy(), c.values())
    # "the two at (1, 2) merged into 1 + 3 = 4"
    at = (c.indices()[0] == 1) & (c.indices()[1] == 2)
    assert c.values()[at].tolist() == [1.0 + 3.0]
    # "sign(1) + sign(3) = 2 while sign(1 + 3) = 1": np.sign(d) is right, and so is torch's
    np.testing.assert_array_equal(np.sign(d).to_dense(), np.sign(d.to_dense()))
    np.testing.assert_array_equal(torch.sign(t).to_dense().numpy(), np.sign(d.to_dense()))
    assert np.sign(1.0) + np.sign(3.0) == 2 and np.sign(1.0 + 3.0) == 1


# -- page 3: CSR and CSC construction -----------------------------------------------------------


def test_p3_construction_and_transpose_claims():
    _, ns = run_page("plot_3")
    crow, col, val = ns["crow"], ns["col"], ns["val"]
    reference = sp.csr_array((val, col, crow), shape=(4, 4)).toarray()
    np.testing.assert_array_equal(ns["a"].to_dense(), reference)
    assert np.diff(crow).tolist() == np.count_nonzero(reference, axis=1).tolist()
    # the CSC reading of the same arrays is the transpose, and scipy agrees
    np.testing.assert_array_equal(
        ns["b"].to_dense(), sp.csc_array((val, col, crow), shape=(4, 4)).toarray()
    )
    np.testing.assert_array_equal(ns["b"].to_dense(), reference.T)
    assert ns["a"].T.layout == "sparse_csc"
    assert np.shares_memory(ns["a"].T.values(), ns["a"].values())
    ref_csc = sp.csc_array(reference)
    np.testing.assert_array_equal(ns["c"].ccol_indices(), ref_csc.indptr)
    np.testing.assert_array_equal(ns["c"].row_indices(), ref_csc.indices)
    np.testing.assert_array_equal(ns["c"].to_dense(), reference)
    assert sum(np.diff(ns["c"].ccol_indices())) == 6  # "each set of bars adds up to nse = 6"


def _csr_rules_hold(crow, col, val, ncols=4):
    crow, col = np.asarray(crow), np.asarray(col)
    return bool(
        crow[0] == 0
        and crow[-1] == len(col)
        and np.all(np.diff(crow) >= 0)
        and len(val) == len(col)
        and col.max() < ncols
        and all(np.all(np.diff(col[s:e]) > 0) for s, e in itertools.pairwise(crow))
    )


def test_p3_every_broken_rule_is_refused_here_and_by_torch_when_checked(torch):
    _, ns = run_page("plot_3")
    for what, (crow, col, val) in ns["broken"].items():
        assert not _csr_rules_hold(crow, col, val), what
        with pytest.raises((ValueError, IndexError)):
            CSR(crow, col, val, shape=(4, 4))
        args = (torch.tensor(crow), torch.tensor(col), torch.tensor(val), (4, 4))
        with pytest.raises(RuntimeError):
            torch.sparse_csr_tensor(*args, check_invariants=True)
        assert not torch.sparse.check_sparse_tensor_invariants.is_enabled()
        torch.sparse_csr_tensor(*args)  # "by default it accepts all six": no keyword given
    # the unbroken arrays pass both
    assert _csr_rules_hold(ns["crow"], ns["col"], ns["val"])
    torch.sparse_csr_tensor(
        torch.tensor(ns["crow"]),
        torch.tensor(ns["col"]),
        torch.tensor(ns["val"]),
        (4, 4),
        check_invariants=True,
    )
    # and a duplicate column within a row ("sorted and distinct") is refused by both
    dup = [1, 1, 0, 0, 2, 3]
    with pytest.raises(ValueError):
        CSR(ns["crow"], dup, ns["val"], shape=(4, 4))
    with pytest.raises(RuntimeError):
        torch.sparse_csr_tensor(
            torch.tensor(ns["crow"]),
            torch.tensor(dup),
            torch.tensor(ns["val"]),
            (4, 4),
            check_invariants=True,
        )


# -- page 4: mixed linear algebra ---------------------------------------------------------------


def test_p4_every_result_equals_the_dense_computation():
    text, ns = run_page("plot_4")
    A = ns["A_dense"]
    for layout in ns["layouts"].values():
        np.testing.assert_array_equal(layout @ ns["x"], A @ ns["x"])
        np.testing.assert_array_equal(layout @ ns["X"], A @ ns["X"])
        np.testing.assert_array_equal(ns["y"] @ layout, ns["y"] @ A)
        np.testing.assert_array_equal(ns["Y"] @ layout, ns["Y"] @ A)
        np.testing.assert_array_equal((layout.T @ ns["Y"].T).T, ns["Y"] @ A)
    assert (A @ ns["x"])[0] == 1 * 1 + 2 * 4 == 9  # "row 0 is 1·1 + 2·4 = 9"
    assert f"A @ x = {A @ ns['x']}" in text
    np.testing.assert_array_equal(ns["S"].to_dense(), A + ns["B"].to_dense())
    assert ns["S"].layout == "sparse_csr"  # the left operand's layout
    assert isinstance(ns["D"], np.ndarray)
    np.testing.assert_array_equal(ns["D"], A + 1)
    np.testing.assert_array_equal((2.5 * ns["layouts"]["COO"]).values(), 2.5 * A[A != 0])


def test_p4_explicit_zero_stays_stored_as_in_torch(torch):
    _, ns = run_page("plot_4")
    A, B = ns["A_dense"], ns["B"].to_dense()
    S = ns["S"].to_sparse_coo()
    stored = set(zip(*S.indices().tolist(), strict=True))
    assert (0, 3) in stored and ns["S"].to_dense()[0, 3] == 0
    union = set(zip(*np.nonzero(A), strict=True)) | set(zip(*np.nonzero(B), strict=True))
    assert ns["S"].nnz == len(union) == 6
    tA, tB = torch.tensor(A), torch.tensor(B)
    for total in (
        (tA.to_sparse() + tB.to_sparse()).coalesce(),
        tA.to_sparse_csr() + tB.to_sparse_csr(),
    ):
        coo = total.to_sparse_coo().coalesce() if total.layout != torch.sparse_coo else total
        idx = coo.indices().numpy()
        k = np.flatnonzero((idx[0] == 0) & (idx[1] == 3))
        assert k.size == 1 and coo.values()[k].item() == 0.0  # stored, value 0
    # "a sum PyTorch 2.13 does not do": CSR + COO
    with pytest.raises(RuntimeError):
        tA.to_sparse_csr() + tB.to_sparse()


def test_p4_refusals_and_what_torch_does(torch):
    _, ns = run_page("plot_4")
    with pytest.raises(TypeError):
        ns["layouts"]["CSR"] @ ns["layouts"]["CSC"]
    with pytest.raises(ValueError):
        ns["layouts"]["CSR"] + 1.0
    A = torch.tensor(ns["A_dense"])
    product = A.to_sparse_csr() @ A.T.to_sparse_csc()  # "CSR @ CSC gives CSR"
    assert product.layout == torch.sparse_csr
    np.testing.assert_allclose(product.to_dense().numpy(), ns["A_dense"] @ ns["A_dense"].T)
    with pytest.raises(RuntimeError):
        A.to_sparse() + 1.0  # "PyTorch refuses sparse + scalar too"


# -- page 5: methods and element-wise functions -------------------------------------------------


def test_p5_allowed_functions_are_exactly_those_with_f0_zero():
    _, ns = run_page("plot_5")
    positive = ns["positive"]
    for f in ns["functions"]:
        with np.errstate(all="ignore"):
            maps_zero_to_zero = float(f(0.0)) == 0.0
        assert ns["allowed"][f.__name__] == maps_zero_to_zero, f.__name__
        if maps_zero_to_zero:
            np.testing.assert_array_equal(f(positive).to_dense(), f(positive.to_dense()))
        else:
            with pytest.raises(ValueError):
                f(positive)
    assert sum(ns["allowed"].values()) == 11  # the alt text's "eleven"
    dense = ns["dense"]
    # "three of the six entries would be wrong": the unstored ones, where cos gives 1
    assert dense.size == 6 and np.sum(dense == 0) == 3
    assert np.sum(ns["stored_only"] != np.cos(dense)) == 3


def test_p5_pytorch_draws_the_same_line(torch):
    _, ns = run_page("plot_5")
    d = torch.tensor(ns["dense"])
    names = {"absolute": "abs"}
    for layout, t in (
        ("coo", d.to_sparse()),
        ("csr", d.to_sparse_csr()),
        ("csc", d.to_sparse_csc()),
    ):
        for f in ns["functions"]:
            tf = getattr(torch, names.get(f.__name__, f.__name__))
            try:
                tf(t)
                accepted = True
            except (RuntimeError, NotImplementedError):
                accepted = False
            expected = ns["allowed"][f.__name__]
            if layout != "coo" and f.__name__ == "square":
                expected = False  # "on CSR and CSC it lacks square as well"
            assert accepted == expected, (layout, f.__name__)


def test_p5_method_table_matches_torch(torch):
    _, ns = run_page("plot_5")
    d = torch.tensor(ns["dense"])
    torch_tensors = {"COO": d.to_sparse(), "CSR": d.to_sparse_csr(), "CSC": d.to_sparse_csc()}
    torch_named = [m for m in ns["methods"] if m not in ("memory_bytes", "to_scipy", "to_torch")]
    for layout, ours in ns["tensors"].items():
        for method in torch_named:
            try:
                call = getattr(torch_tensors[layout], method)
                call(0, 1) if method == "transpose" else call()
                works = True
            except RuntimeError:
                works = False
            assert hasattr(ours, method) == works, (layout, method)


# -- page 6: memory -----------------------------------------------------------------------------


def test_p6_reproduces_pytorchs_worked_example():
    text, ns = run_page("plot_6")
    # PyTorch's documentation: 10 000 x 10 000, 100 000 float32 non-zeros
    assert (ns["m"], ns["n"], ns["nse"], ns["itemsize"]) == (10_000, 10_000, 100_000, 4)
    assert ns["coo"].nnz == ns["coo"].coalesce().nnz == 100_000  # distinct positions
    assert ns["dense_bytes"] == 10_000 * 10_000 * 4
    assert ns["coo"].memory_bytes() == (2 * 8 + 4) * 100_000
    assert ns["csr"].memory_bytes() == 10_000 * 8 + (8 + 4) * 100_000
    csr_arrays = (ns["csr"].crow_indices(), ns["csr"].col_indices(), ns["csr"].values())
    assert sum(a.nbytes for a in csr_arrays) == ns["csr"].memory_bytes() + 8 == ns["actual_csr"]
    coo_saving = Fraction(ns["dense_bytes"], ns["coo"].memory_bytes())
    csr_over_dense = Fraction(ns["dense_bytes"], ns["csr"].memory_bytes())
    csr_over_coo = Fraction(ns["coo"].memory_bytes(), ns["csr"].memory_bytes())
    assert coo_saving == 200
    assert csr_over_dense == Fraction(625, 2) and csr_over_coo == Fraction(25, 16)
    # "the documentation rounds these to ... 1.6-fold and 310-fold"
    assert round(float(csr_over_coo), 1) == 1.6
    assert float(f"{float(csr_over_dense):.2g}") == 310
    for figure in ("400,000,000", "2,000,000", "1,280,000", "1,280,008"):
        assert figure in text


def test_p6_break_even_densities_exactly():
    text, _ = run_page("plot_6")
    n = 10_000
    for name, s in (("float32", 4), ("float64", 8)):
        coo = Fraction(s, 16 + s)
        csr = Fraction(n * s - 8, n * (8 + s))
        line = f"{name}: COO < dense below d = {float(coo):.3f}, CSR < dense below d = "
        assert f"{line}{float(csr):.3f}" in text
    # the takeaway: "For float32, COO needs five times the bytes of a dense entry per stored
    # element, so it only pays below 20 % density; CSR pays below about a third", recomputed
    # from the page's itemsize and the plotted side (the takeaway is about the figure)
    _, ns = run_page("plot_6")
    source = next(GALLERY.glob("plot_6_*.py")).read_text()
    prose = re.sub(r"\s+", " ", " ".join(
        line.lstrip("# ") for line in source.splitlines() if line.lstrip().startswith("#")
    ))  # fmt: skip
    match = re.search(
        r"For (float\d+), COO needs (\w+) times the bytes of a dense entry per stored element, "
        r"so it only pays below (\d+) % density; CSR pays below about a third",
        prose,
    )
    assert match, "takeaway not found"
    dtype, times, percent = match.groups()
    s_ = np.dtype(dtype).itemsize
    assert s_ == ns["itemsize"]
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    assert Fraction(2 * 8 + s_, s_) == words[times]
    assert Fraction(s_, 16 + s_) * 100 == int(percent)
    side = ns["side"]
    assert abs(Fraction(side * s_ - 8, side * (8 + s_)) - Fraction(1, 3)) < Fraction(1, 200)


def test_p6_csr_beats_coo_exactly_when_nse_exceeds_the_rows():
    """Exhaustive over nse = 0 .. 3m for m = 50: by the documented count CSR < COO iff
    nse > m; by the bytes of the arrays (m + 1 pointers) iff nse > m + 1."""
    m, ncols = 50, 3
    for nse in range(3 * m + 1):
        rows, cols = np.arange(nse) % m, np.arange(nse) // m
        coo = COO(np.stack([rows, cols]), np.ones(nse, np.float32), (m, ncols)).coalesce()
        csr = coo.to_sparse_csr()
        assert (csr.memory_bytes() < coo.memory_bytes()) == (nse > m)
        coo_bytes = coo.indices().nbytes + coo.values().nbytes
        csr_bytes = sum(a.nbytes for a in (csr.crow_indices(), csr.col_indices(), csr.values()))
        assert (csr_bytes < coo_bytes) == (nse > m + 1)


def test_p6_measured_points_are_array_bytes_and_match_scipy_and_torch(torch):
    """The page's markers are array bytes (not memory_bytes()); they equal the formula for
    COO and the formula + 8 for CSR, and scipy's and torch's arrays of random matrices have
    the same bytes."""
    _, ns = run_page("plot_6")
    side, nse = ns["side"], ns["nse_points"]
    np.testing.assert_array_equal(ns["measured"]["COO"], (2 * 8 + 4) * nse)
    np.testing.assert_array_equal(ns["measured"]["CSR"], 8 * (side + 1) + (8 + 4) * nse)
    rng = np.random.default_rng(5)
    for d in (0.0, 0.05, 0.3, 0.6):
        matrix = np.where(rng.random((side, side)) < d, 1.0, 0.0).astype(np.float32)
        ours = to_sparse_coo(matrix)
        ours_csr = ours.to_sparse_csr()
        ref = sp.csr_array(matrix)
        ref_bytes = (
            ref.indptr.astype(np.int64).nbytes
            + ref.indices.astype(np.int64).nbytes
            + ref.data.nbytes
        )
        ours_bytes = sum(
            a.nbytes for a in (ours_csr.crow_indices(), ours_csr.col_indices(), ours_csr.values())
        )
        assert ours_bytes == ref_bytes
        t = torch.tensor(matrix)
        t_coo, t_csr = t.to_sparse(), t.to_sparse_csr()
        assert t_coo.indices().nbytes + t_coo.values().nbytes == (
            ours.indices().nbytes + ours.values().nbytes
        )
        t_csr_bytes = sum(
            a.nbytes for a in (t_csr.crow_indices(), t_csr.col_indices(), t_csr.values())
        )
        assert t_csr_bytes == ours_bytes


def test_p6_measured_curves_cross_dense_where_the_formulas_say():
    _, ns = run_page("plot_6")
    side, dense_size = ns["side"], ns["dense_size"]
    d = ns["real_density"]
    coo_rel = np.array(ns["measured"]["COO"]) / dense_size
    csr_rel = np.array(ns["measured"]["CSR"]) / dense_size
    assert np.all((coo_rel < 1) == (d < Fraction(4, 20)))
    # arrays: 8 (side + 1) + 12 nse < 4 side² <=> nse < (4 side² - 8 side - 8) / 12
    limit = Fraction(4 * side**2 - 8 * side - 8, 12)
    assert np.all((csr_rel < 1) == (ns["nse_points"] < limit))
    assert np.any(csr_rel < 1) and np.any(csr_rel > 1) and np.any(coo_rel > 1)


# -- page 7: matvec time ------------------------------------------------------------------------


def test_p7_verdicts_are_printed_from_the_measurements():
    """Timings vary with the machine's load, so no timing is asserted: the page's printed
    verdicts must be exactly what its ``verdicts`` function computes from the timings that
    run measured, and its alt text must follow the same measurements."""
    text, ns = run_page("plot_7")
    t, densities = ns["timings"], ns["densities"]
    assert all(len(t[name]) == len(densities) and np.all(t[name] > 0) for name in t)
    lines = ns["verdicts"](densities, t, ns["nse_last"], ns["side"], ns["csr_memory_break_even"])
    assert text.endswith("\n".join(lines) + "\n")
    assert ns["nse_last"] == np.count_nonzero(ns["A"])
    assert ns["crossover"] == ns["first_dense_win"](densities, t)
    label = ns["figure_labels"][0]
    if ns["crossover"] is None:
        assert "faster than CSR at no density" in label
    else:
        assert f"first faster than CSR at density {ns['crossover']:.2g}" in label


def _fake(dense, csr, csc=None):
    as_array = {"dense": np.array(dense, float), "CSR": np.array(csr, float)}
    as_array["CSC"] = np.array(csc if csc is not None else csr, float)
    as_array["scipy"] = as_array["CSR"] / 2  # compiled loops: twice as fast ...
    as_array["torch"] = as_array["CSR"] * 3  # ... and three times slower
    return as_array


@pytest.mark.parametrize(
    "ratio",
    [1.0, 1 - 2.0**-53, 1 - 2.0**-52, 1 + 2.0**-52, 0.99999999999999, 0.99996, 1.0004, 0.9996,
     0.995, 1.25, 3.0, 0.0602],
)  # fmt: skip
def test_p7_ratios_never_print_as_one_unless_they_are(ratio):
    """The page's ``times``: at least 3 significant digits, and as many more as keep a ratio
    other than 1 from reading 1; the printed number lies on the ratio's side of 1."""
    _, ns = run_page("plot_7")
    text = ns["times"](ratio)
    printed = float(text)
    assert (printed == 1.0) == (ratio == 1.0), text
    assert (printed < 1.0) == (ratio < 1.0) and (printed > 1.0) == (ratio > 1.0), text
    assert printed == float(f"{ratio:.3g}") or len(text.replace(".", "").lstrip("0")) > 3


def test_p7_peer_ratios_near_one_keep_their_digits():
    """scipy's and torch's lines print a near-1 ratio with the digits that show its side."""
    _, ns = run_page("plot_7")
    densities = np.array([1e-4, 1e-2, 0.1, 0.5])
    timings = _fake([5, 5, 5, 5], [1, 2, 3, 4])
    timings["scipy"] = timings["CSR"] * 0.9996
    timings["torch"] = timings["CSR"] * 1.0004
    lines = ns["verdicts"](densities, timings, 500_000, 1000, 0.4995)
    for d in ("0.0001", "0.5"):
        tail = "the time of sparsenorm's"
        assert f"at density {d}, scipy's CSR takes 0.9996x {tail} (faster)" in lines
        assert f"at density {d}, torch's CSR takes 1.0004x {tail} (slower)" in lines


@pytest.mark.parametrize(
    ("dense", "csr", "csc", "expected", "absent"),
    [
        # CSR faster everywhere: no crossover, and nothing about a first win
        ([5, 5, 5, 5], [1, 2, 3, 4], [2, 3, 4, 5],
         ["at density 0.0001, CSR is faster than dense (it takes 0.2x the time)",
          "at density 0.5, CSR is faster than dense (it takes 0.8x the time)",
          "dense was faster than CSR at no density of the grid",
          "at density 0.5, CSC takes 1.25x the time of CSR (slower)"],
         ["first faster", "break-even"]),
        # one crossing that holds
        ([2, 2, 2, 2], [1, 1.5, 3, 8], [1, 1, 2, 4],
         ["dense first faster than CSR at d = 0.1",
          "dense faster at every higher density of the grid too: True",
          "that is below CSR's float64 memory break-even 0.4995",
          "at density 0.5, CSR is slower than dense (it takes 4x the time)",
          "at density 0.5, CSC takes 0.5x the time of CSR (faster)"],
         ["at no density"]),
        # dense wins at one density, then CSR again: the page must not claim it stays ahead
        ([2, 2, 2, 2], [1, 3, 1, 3], None,
         ["dense first faster than CSR at d = 0.01",
          "dense faster at every higher density of the grid too: False",
          "at density 0.5, CSC takes 1x the time of CSR (as fast)"],
         []),
        # a tie, and ratios just below 1: each worded as measured, to three digits or as
        # many more as keep a ratio other than 1 from printing as 1
        ([2, 2, 2, 1], [2, 1, 1, 0.995], None,
         ["at density 0.0001, CSR is as fast as dense (it takes 1x the time)",
          "at density 0.5, CSR is faster than dense (it takes 0.995x the time)",
          "dense was faster than CSR at no density of the grid"],
         ["as fast than"]),
        ([1, 2, 2, 1], [0.9996, 1, 1, 1], None,
         ["at density 0.0001, CSR is faster than dense (it takes 0.9996x the time)",
          "at density 0.5, CSR is as fast as dense (it takes 1x the time)"],
         []),
        # dense first wins only at the last density, at or above the break-even
        ([2, 2, 2, 2], [1, 1, 1, 3], None,
         ["dense first faster than CSR at d = 0.5",
          "that is not below CSR's float64 memory break-even 0.4995"],
         []),
    ],
)  # fmt: skip
def test_p7_verdicts_follow_injected_timings(dense, csr, csc, expected, absent):
    """The verdict function run on fake timings: every sentence follows the numbers given."""
    _, ns = run_page("plot_7")
    densities = np.array([1e-4, 1e-2, 0.1, 0.5])
    timings = _fake(dense, csr, csc)
    nse_last, side = 500_000, 1000
    lines = ns["verdicts"](densities, timings, nse_last, side, 0.4995)
    for line in expected:
        assert line in lines, (line, lines)
    for fragment in absent:
        assert not any(fragment in line for line in lines), (fragment, lines)
    per_element = timings["CSR"][-1] / nse_last * 1e9
    per_entry = timings["dense"][-1] / side**2 * 1e9
    assert (
        f"at density 0.5: {per_element:.2g} ns per stored element (CSR), "
        f"{per_entry:.2g} ns per entry (dense)"
    ) in lines
    assert f"so a stored element costs {ns['times'](per_element / per_entry)}x an entry" in lines
    for d in ("0.0001", "0.5"):
        assert f"at density {d}, scipy's CSR takes 0.5x the time of sparsenorm's (faster)" in lines
        assert f"at density {d}, torch's CSR takes 3x the time of sparsenorm's (slower)" in lines
    first = ns["first_dense_win"](densities, timings)
    wins = np.flatnonzero(timings["dense"] < timings["CSR"])
    assert first == (densities[wins[0]] if wins.size else None)


def _count_scipy_kernels(monkeypatch):
    """Wrap scipy's compiled matvec kernels (looked up by name on each product) to count calls."""
    from scipy.sparse import _sparsetools

    calls = {}
    for name in ("csr_matvec", "csr_matvecs", "csc_matvec", "csc_matvecs"):
        kernel = getattr(_sparsetools, name)

        def counted(*args, _kernel=kernel, _name=name):
            calls[_name] = calls.get(_name, 0) + 1
            return _kernel(*args)

        monkeypatch.setattr(_sparsetools, name, counted)
    return calls


def _spy_on_kernel(monkeypatch, name):
    """Replace scipy's compiled kernel ``name`` by a wrapper recording its arguments."""
    from scipy.sparse import _sparsetools

    seen = []
    wrapped = getattr(_sparsetools, name)

    def spy(*args):
        seen.append(args)
        return wrapped(*args)

    monkeypatch.setattr(_sparsetools, name, spy)
    return seen


def _count_calls(monkeypatch, module, name):
    """Wrap ``module.name`` to count its calls; returns the list of calls."""
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_p7_which_kernel_runs_behind_each_product(monkeypatch, torch):
    """Page 7: 'sparsenorm's CSR product of these float64 operands hands its three arrays,
    uncopied, to scipy's compiled csr_matvec, the loop scipy's own csr_array @ x runs';
    'sparsenorm's CSC product of these operands hands its three arrays, uncopied, to scipy's
    compiled csc_matvec, the loop scipy's own csc_array @ x runs'; in the other cases numpy
    code runs, for CSC 'np.repeat of x per column and a scatter into the rows, np.bincount for
    floating results'. Counted on the page's own operands: scipy's kernels are wrapped,
    np.repeat and np.bincount too."""
    _, ns = run_page("plot_7")
    csr, csc, sp_csr, x, A = ns["csr"], ns["csc"], ns["sp_csr"], ns["x"], ns["A"]
    assert csr.dtype == csc.dtype == x.dtype == np.float64 and csr.nnz > 0
    calls = _count_scipy_kernels(monkeypatch)
    repeats = _count_calls(monkeypatch, np, "repeat")
    bincounts = _count_calls(monkeypatch, np, "bincount")
    result = csr @ x
    assert calls == {"csr_matvec": 1} and not bincounts and not repeats
    np.testing.assert_allclose(result, A @ x, rtol=1e-12, atol=1e-12)
    calls.clear()
    sp_csr @ x
    assert calls == {"csr_matvec": 1}  # scipy's own product: the same loop
    calls.clear()
    result = csc @ x
    assert calls == {"csc_matvec": 1} and not bincounts and not repeats
    np.testing.assert_allclose(result, A @ x, rtol=1e-12, atol=1e-12)
    calls.clear()
    sp.csc_array(A) @ x
    assert calls == {"csc_matvec": 1}  # scipy's own CSC product: the same loop
    # "uncopied": scipy is handed sparsenorm's arrays themselves, for either layout, and
    # copies none of them inside the call (see test_p7_products_allocate_no_copy)
    for tensor, name, arrays in (
        (csr, "csr_matvec", (csr.crow_indices(), csr.col_indices(), csr.values())),
        (csc, "csc_matvec", (csc.ccol_indices(), csc.row_indices(), csc.values())),
    ):
        seen = _spy_on_kernel(monkeypatch, name)
        tensor @ x
        ((n_row, n_col, indptr, indices, data, _, _),) = seen
        assert (n_row, n_col) == A.shape
        for handed, own in zip((indptr, indices, data), arrays, strict=True):
            assert np.shares_memory(handed, own), name
    # "for values other than float32 and float64, for an x of another dtype than the values or
    # for an empty matrix, it runs numpy code"; float32 and float64 with an x of their dtype:
    # scipy's. CSC's numpy code repeats x per column and scatters, with np.bincount for a
    # floating result (np.add.at for an integer one).
    m = np.array([[1, 0, 2], [0, 3, 0]])
    for values, vector, compiled in (
        (np.int64, np.int64, False), (np.float16, np.float16, False),
        (np.float32, np.float64, False), (np.float64, np.float32, False),
        (np.float32, np.float32, True), (np.float64, np.float64, True),
    ):  # fmt: skip
        small = to_sparse_coo(m.astype(values))
        for layout, kernel in (("csr", "csr_matvec"), ("csc", "csc_matvec")):
            tensor = small.to_sparse_csr() if layout == "csr" else small.to_sparse_csc()
            calls.clear()
            repeats.clear()
            bincounts.clear()
            product = tensor @ np.array([1, 2, 3], vector)
            np.testing.assert_array_equal(product, [7, 6])
            assert calls == ({kernel: 1} if compiled else {}), (values, vector, layout)
            if layout == "csc":
                floating = product.dtype.kind == "f"
                assert len(repeats) == (0 if compiled else 1), (values, vector)
                assert len(bincounts) == (1 if floating and not compiled else 0), (values, vector)
    nothing = to_sparse_coo(np.zeros((2, 3)))
    for empty in (nothing.to_sparse_csr(), nothing.to_sparse_csc()):
        calls.clear()
        np.testing.assert_array_equal(empty @ np.ones(3), [0.0, 0.0])
        assert calls == {}, empty.layout


def test_gallery_readme_names_both_compiled_loops(monkeypatch):
    """The section's README: sparsenorm's helpers run 'with scipy's compiled CSR and CSC loops
    where it is installed'; each layout's float64 product calls its own loop once."""
    readme = (GALLERY / "README.txt").read_text()
    assert "with scipy's compiled CSR and CSC loops where it is installed" in " ".join(
        readme.split()
    )
    dense = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    calls = _count_scipy_kernels(monkeypatch)
    coo = to_sparse_coo(dense)
    for tensor, kernel in (
        (coo.to_sparse_csr(), "csr_matvec"),
        (coo.to_sparse_csc(), "csc_matvec"),
    ):
        calls.clear()
        np.testing.assert_array_equal(tensor @ np.ones(3), [3.0, 3.0])
        assert calls == {kernel: 1}, tensor.layout


def test_p7_products_allocate_no_copy(torch):
    """Page 7: 'hands its three arrays, uncopied, to scipy's compiled csr_matvec' (and
    csc_matvec): during the page's own products numpy allocates, scipy's argument conversions
    included, far less than a copy of the values (or of an index array). tracemalloc sees
    those conversions: the same kernel handed a strided view of the values, which it must
    copy, allocates a whole copy."""
    import tracemalloc

    from scipy.sparse import _sparsetools

    _, ns = run_page("plot_7")
    csr, csc, x = ns["csr"], ns["csc"], ns["x"]
    copy_bytes = csr.values().nbytes
    assert copy_bytes == csr.col_indices().nbytes > 1_000_000  # the page's densest matrix

    def peak(call):
        call()  # once untimed and untraced (first-call allocations)
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            call()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    for tensor in (csr, csc):
        used = peak(lambda t=tensor: t @ x)
        assert used < copy_bytes / 20, (tensor.layout, used, copy_bytes)
    strided = np.repeat(csr.values(), 2)[::2]  # equal values, not contiguous
    out = np.zeros(csr.shape[0])
    args = (*csr.shape, csr.crow_indices(), csr.col_indices(), strided, x, out)
    assert peak(lambda: _sparsetools.csr_matvec(*args)) >= copy_bytes


def test_p7_every_column_is_multiplied(torch):
    """Page 7: 'Every column is multiplied, also where x is zero, as in the dense product (a
    stored infinity times 0 is NaN)': the page's densest matrix with an infinity stored in
    columns where x is set to zero gives NaN in those rows, in CSR, CSC and the dense
    product, and the other rows unchanged."""
    _, ns = run_page("plot_7")
    A, x = ns["A"].copy(), ns["x"].copy()
    columns = [3, 500]
    rows = [int(np.flatnonzero(A[:, j])[0]) for j in columns]
    A[rows, columns] = np.inf
    x[columns] = 0.0
    with np.errstate(invalid="ignore"):
        dense = A @ x
        coo = to_sparse_coo(A)
        results = [coo.to_sparse_csr() @ x, coo.to_sparse_csc() @ x]
    expected_nan = np.zeros(A.shape[0], dtype=bool)
    expected_nan[rows] = True
    for result in (dense, *results):
        np.testing.assert_array_equal(np.isnan(result), expected_nan)
    for result in results:
        np.testing.assert_allclose(result, dense, rtol=1e-12, atol=1e-12)


def test_p7_float32_overflow_runs_numpy_code_in_float64(monkeypatch):
    """Page 7: numpy code runs 'in float64 for a float32 product whose compiled result is not
    finite, which is then rounded once to float32' (CSR: a gather and np.add.reduceat; CSC:
    np.repeat and np.bincount): 4 big - 4 big overflows midway in float32 but is 0. The
    compiled kernel runs once (its result is handed on, not computed again), then the numpy
    code, and the result is the float64 product rounded to float32."""
    pytest.importorskip("scipy")
    big = np.float32(np.finfo(np.float32).max / 2)
    dense = np.zeros((3, 2), dtype=np.float32)
    dense[0] = big
    dense[1] = [1.5, 2.5]
    x = np.array([4.0, -4.0], dtype=np.float32)
    expected = (dense.astype(np.float64) @ x.astype(np.float64)).astype(np.float32)
    calls = _count_scipy_kernels(monkeypatch)
    import sparsenorm.sparse._kernels as kernels

    numpy_runs = []
    for name in ("segment_sum_numpy", "column_product_numpy"):
        original = getattr(kernels, name)

        def counted(*args, _name=name, _original=original):
            numpy_runs.append((_name, args[4]))  # (kernel, dtype of the result)
            return _original(*args)

        monkeypatch.setattr(kernels, name, counted)
    for tensor, kernel, reference in (
        (to_sparse_coo(dense).to_sparse_csr(), "csr_matvec", "segment_sum_numpy"),
        (to_sparse_coo(dense).to_sparse_csc(), "csc_matvec", "column_product_numpy"),
    ):
        calls.clear()
        numpy_runs.clear()
        result = tensor @ x
        assert result.dtype == np.float32
        np.testing.assert_array_equal(result, expected)
        assert calls == {kernel: 1}, calls
        assert numpy_runs == [(reference, np.float64)], numpy_runs


def test_p7_csr_product_runs_numpy_code_without_scipy():
    """'without scipy's compiled kernels ... it runs numpy code' (CSR), and 'in the same other
    cases' (CSC): in a fresh interpreter where scipy cannot be imported, sparsenorm's CSR and
    CSC products still run, with a dense x and with a sparse one, and equal the dense
    products."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['scipy'] = None\n"
        "import numpy as np\n"
        "from sparsenorm.sparse import to_sparse_csc, to_sparse_csr\n"
        "rng = np.random.default_rng(0)\n"
        "A = np.where(rng.random((50, 40)) < 0.2, rng.standard_normal((50, 40)), 0.0)\n"
        "x = rng.standard_normal(40)\n"
        "w = np.where(np.arange(40) == 3, 2.0, 0.0)\n"
        "for layout in (to_sparse_csr, to_sparse_csc):\n"
        "    for v in (x, w):\n"
        "        assert np.allclose(layout(A) @ v, A @ v, rtol=1e-12, atol=1e-12)\n"
        "assert 'scipy.sparse' not in sys.modules\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_p7_prose_says_what_runs():
    source = next(GALLERY.glob("plot_7_*.py")).read_text()
    prose = re.sub(r"\s+", " ", " ".join(
        line.lstrip("# ") for line in source.splitlines() if line.lstrip().startswith("#")
    ))  # fmt: skip
    assert "sparsenorm's products are numpy code" not in prose
    assert "numpy one" not in prose
    for phrase in (
        "sparsenorm's CSR product of these float64 operands hands its three arrays, uncopied, "
        "to scipy's compiled ``csr_matvec``",
        "(in other cases it runs numpy code, a gather from ``x`` and ``np.add.reduceat`` per "
        "row: without scipy's compiled kernels, for values other than float32 and float64, for "
        "an ``x`` of another dtype than the values, for an empty matrix, and in float64 for a "
        "float32 product whose compiled result is not finite, which is then rounded once to "
        "float32)",
        "sparsenorm's CSC product of these operands hands its three arrays, uncopied, to "
        "scipy's compiled ``csc_matvec``, the loop scipy's own ``csc_array @ x`` runs (in the "
        "same other cases it runs numpy code: ``np.repeat`` of ``x`` per column and a scatter "
        "into the rows, ``np.bincount`` for floating results)",
        "Every column is multiplied, also where ``x`` is zero, as in the dense product (a "
        "stored infinity times 0 is NaN).",
        "two compiled loops of scipy's, ``csr_matvec`` and ``csc_matvec``",
        "sparsenorm's CSC product runs scipy's ``csc_matvec``, the other loop (a scatter into "
        "the rows)",
        "sparsenorm's CSR product and scipy's run the same compiled loop",
        "torch's calls Intel MKL's sparse matrix-vector routine (this CPU wheel is built with "
        "MKL)",
        "it runs with int64 indices on sparsenorm's arrays and with int32 ones on the "
        "``csr_array`` built here",
        "with int64 indices for sparsenorm's arrays and int32 ones for scipy's on this page",
    ):
        assert phrase in prose, phrase
    for gone in (
        "its own compiled CSR kernel", "a different compiled kernel", "not by the loop",
        "sparsenorm's CSC product is numpy code", "numpy code, where the CSR product runs",
        "sixth", "gathers those columns", "for example without scipy",
    ):  # fmt: skip
        assert gone not in prose, gone


def test_p7_index_widths_of_the_two_csr_matvec_calls(monkeypatch):
    """'csr_matvec ... runs with int64 indices on sparsenorm's arrays and with int32 ones on
    the csr_array built here': the index arrays scipy's kernel receives in each product."""
    from scipy.sparse import _sparsetools

    _, ns = run_page("plot_7")
    seen = []
    wrapped = _sparsetools.csr_matvec

    def spy(n_row, n_col, indptr, indices, data, xx, yy):
        seen.append((indptr.dtype, indices.dtype))
        return wrapped(n_row, n_col, indptr, indices, data, xx, yy)

    monkeypatch.setattr(_sparsetools, "csr_matvec", spy)
    ns["csr"] @ ns["x"]
    ns["sp_csr"] @ ns["x"]
    assert seen == [(np.int64, np.int64), (np.int32, np.int32)]


def test_p7_torch_csr_product_goes_to_mkl(torch):
    """'torch's calls Intel MKL's sparse matrix-vector routine (this CPU wheel is built with
    MKL)': the premise is the build (MKL available, USE_MKL=ON, BLAS_INFO=mkl), and the product
    dispatches to addmv, whose CPU sparse-CSR kernel in torch 2.13 is MKL's (without MKL it
    raises 'Calling addmv on a sparse CPU tensor requires compiling PyTorch with MKL')."""
    assert torch.__version__.split("+")[0] == "2.13.0"
    assert torch.backends.mkl.is_available()
    config = torch.__config__.show()
    assert "USE_MKL=ON" in config and "BLAS_INFO=mkl" in config
    _, ns = run_page("plot_7")
    from torch.profiler import profile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with profile() as prof:
            y = ns["t_csr"] @ ns["x_t"]
    names = [event.name for event in prof.events()]
    assert "aten::addmv" in names or "aten::addmv_" in names, names
    np.testing.assert_allclose(y.numpy(), ns["A"] @ ns["x"], rtol=1e-12, atol=1e-12)


def test_p7_break_evens_quoted_for_the_timed_dtype():
    """The takeaway quotes the memory break-evens 'of the matrix actually timed, float64' and
    what they 'would be' for float32: each number is recomputed from the formulas of page 6
    (COO s / (16 + s); CSR (n s - 8) / (n (8 + s)) for an n-column matrix) with the itemsize of
    the matrix the page timed, and compared with the number the prose prints, to its digits."""
    text, ns = run_page("plot_7")
    source = next(GALLERY.glob("plot_7_*.py")).read_text()
    prose = re.sub(r"\s+", " ", " ".join(
        line.lstrip("# ") for line in source.splitlines() if line.lstrip().startswith("#")
    ))  # fmt: skip
    match = re.search(
        r"actually timed, (float\d+): about ([\d.]+) for COO and ([\d.]+) for CSR \(for "
        r"(float\d+) they would be ([\d.]+) and ([\d.]+)\)",
        prose,
    )
    assert match, "takeaway not found"
    timed, coo_q, csr_q, other, coo_o, csr_o = match.groups()
    assert np.dtype(timed) == ns["A"].dtype  # the dtype named is the one timed
    n = ns["side"]
    for dtype, quoted in ((timed, (coo_q, csr_q)), (other, (coo_o, csr_o))):
        s_ = np.dtype(dtype).itemsize
        exact = (Fraction(s_, 16 + s_), Fraction(n * s_ - 8, n * (8 + s_)))
        for value, q in zip(exact, quoted, strict=True):
            digits = len(q.split(".")[1])
            assert abs(float(value) - float(q)) <= 0.5 * 10**-digits, (dtype, q, value)
    # the printed break-even is the float64 CSR one of that matrix, to 4 digits
    be = Fraction(n * 8 - 8, n * 16)
    assert ns["csr_memory_break_even"] == float(be)
    assert f"float64 memory break-even {float(be):.4f}" in text or "at no density" in text


# -- page 8: Lasso weights stored sparse --------------------------------------------------------


def test_p8_lasso_weights_claims():
    text, ns = run_page("plot_8")
    z, w, alpha, w_sparse = ns["z"], ns["w"], ns["alpha"], ns["w_sparse"]
    np.testing.assert_array_equal(w, np.sign(z) * np.maximum(np.abs(z) - alpha, 0))
    assert w_sparse.nnz == np.count_nonzero(np.abs(z) > alpha)
    # the expected fraction P(|Z| > 2.5) (scipy's normal tail) and the draw's own, as printed
    from scipy.stats import norm

    p = 2 * norm.sf(alpha)
    assert f"expected fraction P(|Z| > 2.5) = {p:.2%}" in text and f"{p:.2%}" == "1.24%"
    kept = np.mean(np.abs(z) > alpha)
    assert f"({kept:.2%})" in text and f"{kept:.2%}" == "1.30%"
    assert abs(w_sparse.density - p) < 3 * math.sqrt(p * (1 - p) / w.size)
    assert ns["sparse_bytes"] == (8 + 8) * w_sparse.nnz
    assert ns["dense_bytes"] == 8 * w.size
    assert f"sparse is {ns['dense_bytes'] / ns['sparse_bytes']:.0f}x smaller" in text
    np.testing.assert_allclose(ns["pred_sparse"], ns["X"] @ w, rtol=1e-12, atol=1e-12)
    # the timing verdicts are printed from the page's own measurements (no timed assert):
    # direction and factor recomputed here from the measured times
    for label, t, ref, against in (
        ("sparsenorm sparse:  ", ns["t_sparse"], ns["t_dense"], "dense"),
        ("torch sparse:       ", ns["t_torch_sparse"], ns["t_torch_dense"], "torch dense"),
    ):
        speed = "faster" if t < ref else "slower"
        factor = max(t, ref) / min(t, ref)
        assert printed(text, f"{label}{t * 1e3:7.3f} ms ({factor:.1f}x {speed} than {against})")
    ratio = ns["t_sparse"] / ns["t_dense"]
    assert printed(text, f"prediction time of the sparse vector: {ratio:.2g} of the dense one's")
    # the bar chart's alt text is built from the same measurement, not written in advance
    label = ns["figure_labels"][-1]
    assert f"{ns['sparse_bytes'] / ns['dense_bytes']:.2g} times its memory" in label
    assert f"{ns['t_sparse'] / ns['t_dense']:.2g} times its prediction time" in label
    # the figure's titles
    shown = ns["shown"]
    assert ns["outside"].sum() == ns["keep"].sum() == np.sum(np.abs(z[:shown]) > alpha)
    kept = w_sparse.values()[ns["keep"]]
    np.testing.assert_allclose(np.abs(kept), np.abs(z[:shown][ns["outside"]]) - alpha)


def test_p8_sparse_product_reads_only_the_stored_columns():
    _, ns = run_page("plot_8")
    X, w, w_sparse = ns["X"], ns["w"], ns["w_sparse"]
    X_nan = X.copy()
    X_nan[:, w == 0] = np.nan
    stored = np.flatnonzero(w)
    np.testing.assert_allclose(X_nan @ w_sparse, X[:, stored] @ w[stored], rtol=1e-12)
    assert np.all(np.isnan(X_nan @ w))  # the dense product does read them


def test_p8_orthonormal_lasso_is_soft_thresholding():
    """½‖y − Xw‖² + α‖w‖₁ with XᵀX = I is solved by soft thresholding z = Xᵀy at α; in
    scikit-learn's scaling (1/(2n)) the threshold is nα."""
    rng = np.random.default_rng(2)
    n, p, alpha = 50, 10, 0.3
    Q, _ = np.linalg.qr(rng.standard_normal((n, p)))
    y = Q @ rng.standard_normal(p) * 2 + 0.1 * rng.standard_normal(n)
    z = Q.T @ y
    sk = Lasso(alpha=alpha / n, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(Q, y)
    np.testing.assert_allclose(sk.coef_, sn.prox_l1(z, alpha), atol=1e-10)
    sk_raw = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(Q, y)
    np.testing.assert_allclose(sk_raw.coef_, sn.prox_l1(z, n * alpha), atol=1e-10)


def test_p8_l2_keeps_every_weight():
    _, ns = run_page("plot_8")
    z, alpha = ns["z"], ns["alpha"]
    ridge = sn.prox_squared_l2(z, alpha)
    np.testing.assert_allclose(ridge, z / (1 + alpha), rtol=1e-15)
    assert np.count_nonzero(z == 0) == 0 and np.count_nonzero(ridge) == ridge.size
    assert to_sparse_coo(ridge).memory_bytes() == 2 * ridge.nbytes
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sn.prox_squared_l2(np.array([0.0]), alpha)[0] == 0.0  # zero only where z = 0


# -- the differences table of docs/api/sparse.rst -------------------------------------------------

API_PAGE = Path(__file__).resolve().parents[1] / "docs" / "api" / "sparse.rst"


def _difference_rows():
    """The rows of the list-table under 'Where PyTorch behaves differently', as cell lists."""
    text = API_PAGE.read_text()
    section = text.split("Where PyTorch behaves differently", 1)[1].split(
        "\nNotes on the rows", 1
    )[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("   * - "):
            rows.append([line[len("   * - ") :].strip()])
        elif line.startswith("     - "):
            rows[-1].append(line[len("     - ") :].strip())
        elif rows and line.startswith("       ") and line.strip():
            rows[-1][-1] += " " + line.strip()
    assert rows[0] == ["Operation", "torch 2.13.0", "sparsenorm"]
    return rows[1:]


def _describe(outcome):
    """The table's wording of what an operation returned or raised."""
    if isinstance(outcome, BaseException):
        return f"raises ``{type(outcome).__name__}``"
    if isinstance(outcome, (bool, np.bool_)):
        return f"``{bool(outcome)}``"
    if isinstance(outcome, np.ndarray):
        return f"dense, {outcome.dtype}, shape {outcome.shape}"
    if isinstance(outcome, sn.sparse.SparseTensor):
        return f"``{outcome.layout}``, {outcome.dtype}, shape {outcome.shape}"
    import torch

    assert isinstance(outcome, torch.Tensor), type(outcome)
    dtype = str(outcome.dtype).removeprefix("torch.")
    shape = tuple(outcome.shape)
    if outcome.layout == torch.strided:
        return f"dense, {dtype}, shape {shape}"
    return f"``{str(outcome.layout).removeprefix('torch.')}``, {dtype}, shape {shape}"


def _outcome(thunk):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return thunk()
    except Exception as error:
        return error


def _difference_cases(torch):
    """For each row of the table: (torch's thunk, sparsenorm's thunk), on the operands the
    table's preamble describes."""
    from sparsenorm.sparse import to_sparse_csc, to_sparse_csr

    dense = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]], np.float32)
    t = torch.from_numpy(dense)
    # every operand is built afresh: torch adds a CSC tensor to itself (x + x), not two
    t_builders = {"coo": t.to_sparse, "csr": t.to_sparse_csr, "csc": t.to_sparse_csc}
    s_builders = {"coo": to_sparse_coo, "csr": to_sparse_csr, "csc": to_sparse_csc}

    class Fresh:
        def __init__(self, build):
            self.build = build

        def __getitem__(self, layout):
            return self.build(layout)

    T = Fresh(lambda layout: t_builders[layout]())
    S = Fresh(lambda layout: s_builders[layout](dense.copy()))
    t64, d64 = t.double(), dense.astype(np.float64)
    # 4 stored elements (position (1, 2) twice), so the shape of indices() is not (2, 3)
    u_idx = np.array([[1, 0, 1, 0], [2, 0, 2, 1]])
    u_val = np.array([1.0, 2.0, 3.0, 4.0], np.float32)

    def tu():
        return torch.sparse_coo_tensor(torch.from_numpy(u_idx), torch.from_numpy(u_val), (2, 3))

    def su():
        return COO(u_idx, u_val, shape=(2, 3))

    sorted_idx, two = np.array([[0, 1], [0, 2]]), np.array([1.0, 2.0], np.float32)
    float_idx = [[0.0, 1.0], [2.9, 0.0]]
    outside = np.array([[0, 5], [0, 1]])
    crow, col = np.array([1, 2, 2]), np.array([0, 1])
    return {
        "``coo + csr``": (lambda: T["coo"] + T["csr"], lambda: S["coo"] + S["csr"]),
        "``csr + coo``": (lambda: T["csr"] + T["coo"], lambda: S["csr"] + S["coo"]),
        "``csr + csc``": (lambda: T["csr"] + T["csc"], lambda: S["csr"] + S["csc"]),
        "``csc + csc``": (lambda: T["csc"] + T["csc"], lambda: S["csc"] + S["csc"]),
        "``csr - csr``": (lambda: T["csr"] - T["csr"], lambda: S["csr"] - S["csr"]),
        "``coo + dense``": (lambda: T["coo"] + t, lambda: S["coo"] + dense),
        "``coo + 0.0``": (lambda: T["coo"] + 0.0, lambda: S["coo"] + 0.0),
        "``csr + float64 csr``": (
            lambda: T["csr"] + t64.to_sparse_csr(),
            lambda: S["csr"] + to_sparse_csr(d64),
        ),
        "``int64 csr + int64 csr``": (
            lambda: t.long().to_sparse_csr() + t.long().to_sparse_csr(),
            lambda: to_sparse_csr(dense.astype(np.int64)) + to_sparse_csr(dense.astype(np.int64)),
        ),
        "``float16 coo + float16 coo``": (
            lambda: t.half().to_sparse() + t.half().to_sparse(),
            lambda: (
                to_sparse_coo(dense.astype(np.float16)) + to_sparse_coo(dense.astype(np.float16))
            ),
        ),
        "``bool coo + bool coo``": (
            lambda: t.bool().to_sparse() + t.bool().to_sparse(),
            lambda: to_sparse_coo(dense != 0) + to_sparse_coo(dense != 0),
        ),
        "``csr @ float64 vector``": (
            lambda: T["csr"] @ torch.ones(3, dtype=torch.float64),
            lambda: S["csr"] @ np.ones(3),
        ),
        "``int64 csr @ int64 vector``": (
            lambda: t.long().to_sparse_csr() @ torch.ones(3, dtype=torch.int64),
            lambda: to_sparse_csr(dense.astype(np.int64)) @ np.ones(3, np.int64),
        ),
        "``csr @ csc.transpose(0, 1)``": (
            lambda: T["csr"] @ T["csc"].transpose(0, 1),
            lambda: S["csr"] @ S["csc"].transpose(0, 1),
        ),
        "``coo @ coo.transpose(0, 1)``": (
            lambda: T["coo"] @ T["coo"].transpose(0, 1),
            lambda: S["coo"] @ S["coo"].transpose(0, 1),
        ),
        "``coo * coo``": (lambda: T["coo"] * T["coo"], lambda: S["coo"] * S["coo"]),
        "``csr * dense``": (lambda: T["csr"] * t, lambda: S["csr"] * dense),
        "``square(csr)``": (lambda: torch.square(T["csr"]), lambda: np.square(S["csr"])),
        "``csr.T``": (lambda: T["csr"].T, lambda: S["csr"].T),
        "``u.indices()``": (lambda: tu().indices(), lambda: su().indices()),
        "``(2.5 * u).is_coalesced()``": (
            lambda: (2.5 * tu()).is_coalesced(),
            lambda: (2.5 * su()).is_coalesced(),
        ),
        "``is_coalesced()`` of a COO tensor built from sorted, distinct indices (nse ≥ 2)": (
            lambda: torch.sparse_coo_tensor(
                torch.from_numpy(sorted_idx), torch.from_numpy(two), (2, 3)
            ).is_coalesced(),
            lambda: COO(sorted_idx, two, shape=(2, 3)).is_coalesced(),
        ),
        "COO from float indices ``[[0.0, 1.0], [2.9, 0.0]]``": (
            lambda: torch.sparse_coo_tensor(
                torch.tensor(float_idx), torch.from_numpy(two), (2, 3)
            ),
            lambda: COO(float_idx, two, shape=(2, 3)),
        ),
        "COO with an index outside the given shape": (
            lambda: torch.sparse_coo_tensor(
                torch.from_numpy(outside), torch.from_numpy(two), (2, 3)
            ),
            lambda: COO(outside, two, shape=(2, 3)),
        ),
        "CSR whose ``crow_indices`` do not start at 0": (
            lambda: torch.sparse_csr_tensor(
                torch.from_numpy(crow), torch.from_numpy(col), torch.from_numpy(two), (2, 3)
            ),
            lambda: CSR(crow, col, two, shape=(2, 3)),
        ),
    }


def test_differences_table_is_what_torch_and_sparsenorm_do(torch):
    """Every row of the table run with torch 2.13.0 and with sparsenorm: each cell must be the
    outcome's description, the two must differ (a row that does not is no difference), and
    every row must have a case here (and every case a row)."""
    assert torch.__version__.split("+")[0] == "2.13.0"
    rows = _difference_rows()
    cases = _difference_cases(torch)
    assert [row[0] for row in rows] == list(cases)
    for operation, torch_cell, ours_cell in rows:
        torch_thunk, ours_thunk = cases[operation]
        assert _describe(_outcome(torch_thunk)) == torch_cell, operation
        assert _describe(_outcome(ours_thunk)) == ours_cell, operation
        assert torch_cell != ours_cell, operation
    # the preamble's "by default torch checks no invariants"
    assert not torch.sparse.check_sparse_tensor_invariants.is_enabled()
    # and its "torch adds a CSC tensor to itself, not two distinct ones"
    dense = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]], np.float32)
    x = torch.from_numpy(dense).to_sparse_csc()
    np.testing.assert_array_equal((x + x).to_dense().numpy(), 2 * dense)
    with pytest.raises(RuntimeError):
        x + torch.from_numpy(dense).to_sparse_csc()


def test_differences_table_notes_hold(torch):
    """The notes under the table: what torch does instead (dense + coo, t(), mT, transpose,
    COO + COO of two dtypes, float indices truncated)."""
    dense = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]], np.float32)
    t = torch.from_numpy(dense)
    assert (t + t.to_sparse()).layout == torch.strided  # "asks for dense + coo"
    np.testing.assert_array_equal((t + t.to_sparse()).numpy(), 2 * dense)
    np.testing.assert_array_equal(dense + to_sparse_coo(dense), 2 * dense)
    assert (t.to_sparse() + t.double().to_sparse()).dtype == torch.float64  # COO: any dtypes
    for layout in ("csr", "csc"):
        c = getattr(t, f"to_sparse_{layout}")()
        for tt in (c.t(), c.mT, c.transpose(0, 1)):
            np.testing.assert_array_equal(tt.to_dense().numpy(), dense.T)
    idx = torch.sparse_coo_tensor(torch.tensor([[0.0, 1.0], [2.9, 0.0]]), [1.0, 2.0], (2, 3))
    assert idx._indices().tolist() == [[0, 1], [2, 0]]
    made = torch.sparse_coo_tensor(torch.tensor([[0, 1], [0, 2]]), [1.0, 2.0], (2, 3))
    assert made.coalesce().is_coalesced()
    flagged = torch.sparse_coo_tensor(
        torch.tensor([[0, 1], [0, 2]]), [1.0, 2.0], (2, 3), is_coalesced=True
    )
    assert flagged.is_coalesced()
    with pytest.raises(RuntimeError):
        torch.sparse_csr_tensor(
            torch.tensor([1, 2, 2]), torch.tensor([0, 1]), torch.tensor([1.0, 2.0]), (2, 3),
            check_invariants=True,
        )  # fmt: skip
    with torch.sparse.check_sparse_tensor_invariants(), pytest.raises(RuntimeError):
        torch.sparse_csr_tensor(
            torch.tensor([1, 2, 2]), torch.tensor([0, 1]), torch.tensor([1.0, 2.0]), (2, 3)
        )


# -- torch side by side: each page's torch code and its printed checks ---------------------------
#
# The torch tensors a page builds are checked against scipy.sparse and dense numpy (not against
# sparsenorm's arrays, which would only re-run the page's own comparison); each printed check
# must then say what that independent comparison found.


def test_p1_torch_side_by_side(torch):
    text, ns = run_page("plot_1")
    dense = ns["dense"]
    ref_csr, ref_csc = sp.csr_array(dense), sp.csc_array(dense)
    t_coo, t_csr, t_csc = ns["t_coo"], ns["t_csr"], ns["t_csc"]
    np.testing.assert_array_equal(t_coo.indices().numpy(), np.array(np.nonzero(dense)))
    np.testing.assert_array_equal(t_coo.values().numpy(), dense[dense != 0])
    np.testing.assert_array_equal(t_csr.crow_indices().numpy(), ref_csr.indptr)
    np.testing.assert_array_equal(t_csr.col_indices().numpy(), ref_csr.indices)
    np.testing.assert_array_equal(t_csc.ccol_indices().numpy(), ref_csc.indptr)
    np.testing.assert_array_equal(t_csc.row_indices().numpy(), ref_csc.indices)
    np.testing.assert_array_equal(t_csc.values().numpy(), ref_csc.data)
    assert t_coo.indices().dtype == torch.int64 and t_coo.values().dtype == torch.float32
    assert text.count("same as torch's: True\n") == 3 and "same as torch's: False" not in text
    nse = np.count_nonzero(dense)
    assert printed(text, f"torch's nse: {nse} {nse} {nse}")
    tt = t_csc.transpose(0, 1)
    assert tt.layout == torch.sparse_csr and tt.values().data_ptr() == t_csc.values().data_ptr()
    assert printed(
        text, "torch:      t_csc.transpose(0, 1) is torch.sparse_csr sharing them: True"
    )
    assert printed(text, "all six give back the matrix: True")


def test_p2_torch_side_by_side(torch):
    text, ns = run_page("plot_2")
    expected = np.zeros((2, 3))
    for (i, j), v in zip(ns["pairs"], ns["values"], strict=True):
        expected[i, j] = v
    np.testing.assert_array_equal(ns["ta"].to_dense().numpy(), expected)
    wrong = np.zeros((3, 3))
    wrong[0, 1], wrong[2, 0] = 3.0, 4.0
    np.testing.assert_array_equal(ns["t_wrong"].to_dense().numpy(), wrong)
    assert printed(text, "torch misreads it the same way: True")
    assert "torch: RuntimeError" in text and "sparsenorm: ValueError" in text
    assert tuple(ns["t_inferred"].shape) == (2, 3)
    assert printed(text, "inferred shape: (2, 3) | torch: (2, 3)")
    # the float indices 2.9 -> 2, printed from torch's own tensor
    assert printed(text, "torch's indices from [[0.0, 1.0], [2.9, 0.0]]: [[0, 1], [2, 0]]")
    assert ns["t_float"]._indices().tolist() == [[0, 1], [2, 0]]
    th = ns["th"]
    assert (th.sparse_dim(), th.dense_dim(), tuple(th.shape)) == (2, 1, (2, 3, 2))
    np.testing.assert_array_equal(th.to_dense().numpy()[1, 2], [5.0, 50.0])
    np.testing.assert_array_equal(
        ns["t_back"].indices().numpy(), np.transpose(ns["pairs"])
    )  # all three blocks have a non-zero entry, [4, 0] included
    assert printed(text, "torch: (2, 3, 2) sparse_dim 2 dense_dim 1")
    ref = sp.coo_array((ns["d"].values(), tuple(ns["d"].indices())), shape=(2, 3))
    np.testing.assert_array_equal(ns["td"].to_dense().numpy(), ref.toarray())
    assert printed(text, "torch: 4 | False")
    ref.sum_duplicates()
    np.testing.assert_array_equal(ns["tc"].indices().numpy(), np.stack([ref.row, ref.col]))
    np.testing.assert_array_equal(ns["tc"].values().numpy(), ref.data)
    assert text.count("same as torch's: True\n") == 3  # pairs, hybrid back, sign
    assert printed(text, "same as torch's to_dense(): True")
    assert printed(text, "same arrays as torch's: True")
    assert "False" not in text.replace("| False", "").replace("coalesced: False", "")


def test_p3_torch_side_by_side(torch):
    text, ns = run_page("plot_3")
    crow, col, val = ns["crow"], ns["col"], ns["val"]
    reference = sp.csr_array((val, col, crow), shape=(4, 4))
    np.testing.assert_array_equal(ns["ta"].to_dense().numpy(), reference.toarray())
    np.testing.assert_array_equal(ns["tb"].to_dense().numpy(), reference.toarray().T)
    ref_csc = sp.csc_array(reference)
    np.testing.assert_array_equal(ns["tc"].ccol_indices().numpy(), ref_csc.indptr)
    np.testing.assert_array_equal(ns["tc"].row_indices().numpy(), ref_csc.indices)
    np.testing.assert_array_equal(ns["tc"].values().numpy(), ref_csc.data)
    assert printed(text, "same as torch's to_dense(): True")
    assert printed(text, "same as torch's: True")
    assert printed(text, "same arrays as torch's: True")
    assert printed(text, "torch: ta.t() is torch.sparse_csc over the same arrays: True")
    assert f"torch's nse: {reference.nnz}" in text
    for what, parts in ns["broken"].items():
        tensors = [torch.tensor(part) for part in parts]
        with pytest.raises(RuntimeError):
            torch.sparse_csr_tensor(*tensors, (4, 4), check_invariants=True)
        torch.sparse_csr_tensor(*tensors, (4, 4), check_invariants=False)
        assert printed(text, f"{what} (torch, checked: RuntimeError; unchecked: accepted):")


def test_p4_torch_side_by_side(torch):
    text, ns = run_page("plot_4")
    A, B = ns["A_dense"], ns["B_dense"]
    tA = torch.from_numpy(A)
    x, X, Y = (torch.from_numpy(ns[k]) for k in ("x", "X", "Y"))
    for name, t in ns["t_layouts"].items():
        np.testing.assert_array_equal((t @ x).numpy(), A @ ns["x"])
        np.testing.assert_array_equal((t @ X).numpy(), A @ ns["X"])
        np.testing.assert_array_equal((Y @ t).numpy(), ns["Y"] @ A)  # dense @ sparse, directly
        assert printed(text, f"{name}: A @ x equal: True, A @ X equal: True, torch's: True")
        assert printed(
            text, f"{name}: y @ A: True, Y @ A: True, (A.T @ Y.T).T: True, torch's Y @ A: True"
        )
    # the nine sums, each tried afresh on torch; "only COO + COO and CSR + CSR"
    build = {"COO": "to_sparse", "CSR": "to_sparse_csr", "CSC": "to_sparse_csc"}
    tB = torch.from_numpy(B)
    for left, right in itertools.product(build, build):
        try:
            total = getattr(tA, build[left])() + getattr(tB, build[right])()
            np.testing.assert_array_equal(total.to_dense().numpy(), A + B)
            layout = str(total.layout).removeprefix("torch.")
            torch_says = f"{layout}, equal: True"
        except RuntimeError:
            torch_says = "RuntimeError"
        assert (torch_says != "RuntimeError") == (left == right != "CSC"), (left, right)
        ours = f"sparse_{left.lower()}, equal: True"
        assert printed(text, f"{left} + {right}: torch {torch_says} | ours {ours}"), (left, right)
    np.testing.assert_array_equal(ns["t_D"].numpy(), A + 1)
    assert printed(text, "torch's dense + COO is dense: True | equal: True")
    np.testing.assert_array_equal(ns["t_scaled"].values().numpy(), 2.5 * A[A != 0])
    assert printed(text, "torch's equal: True")
    # a real CSC right operand (A transposed, stored CSC), for both libraries
    assert ns["t_right"].layout == torch.sparse_csc
    np.testing.assert_array_equal(ns["t_right"].to_dense().numpy(), A.T)
    assert ns["right"].layout == "sparse_csc"
    np.testing.assert_array_equal(ns["right"].to_dense(), A.T)
    assert ns["t_prod"].layout == torch.sparse_csr
    np.testing.assert_array_equal(ns["t_prod"].to_dense().numpy(), A @ A.T)
    assert printed(text, "torch CSR @ CSC: torch.sparse_csr | equal: True")
    with pytest.raises(RuntimeError):
        tA.to_sparse_csr() + 1.0
    assert printed(text, "torch CSR + 1.0: RuntimeError")


def test_p5_printed_tables_are_what_both_libraries_do(torch):
    text, ns = run_page("plot_5")
    d = torch.from_numpy(ns["dense"])
    theirs = {"COO": d.to_sparse(), "CSR": d.to_sparse_csr(), "CSC": d.to_sparse_csc()}
    ours = {
        "COO": to_sparse_coo(ns["dense"]),
        "CSR": to_sparse_coo(ns["dense"]).to_sparse_csr(),
        "CSC": to_sparse_coo(ns["dense"]).to_sparse_csc(),
    }
    for method in ns["methods"]:
        cells = []
        for layout in ("COO", "CSR", "CSC"):
            try:
                call = getattr(theirs[layout], method)
                call(0, 1) if method == "transpose" else call()
                runs = True
            except (AttributeError, RuntimeError, NotImplementedError):
                runs = False
            has = hasattr(ours[layout], method)
            cells.append(f"{'yes' if has else '-'} / {'yes' if runs else '-'}")
        assert printed(text, f"{method:<15}" + "".join(f"{c:>12}" for c in cells)), method
    positive = {"COO": d.abs().to_sparse(), "CSR": d.abs().to_sparse_csr()}
    names = {"absolute": "abs"}
    for f in ns["functions"]:
        marks = []
        for layout in ("COO", "CSR"):
            try:
                out = getattr(torch, names.get(f.__name__, f.__name__))(positive[layout])
            except (RuntimeError, NotImplementedError):
                marks.append("-")
                continue
            with np.errstate(all="ignore"):
                expected = f(np.abs(ns["dense"]))
            close = np.allclose(out.to_dense().numpy(), expected, rtol=1e-15, atol=0)
            marks.append("=" if close else "!=")
        assert ns["torch_allowed"][f.__name__] == marks, f.__name__
        line = next(x for x in text.splitlines() if x.startswith(f"{f.__name__} "))
        assert line.split()[-2:] == marks, f.__name__
        with np.errstate(all="ignore"):
            at_zero = float(f(np.float64(0.0)))
        assert line.split()[1] == f"{at_zero + 0.0:.3g}", f.__name__
    # "reciprocal ... maps 0 to inf (IEEE float64 division by zero, as the table prints)"
    with np.errstate(divide="ignore"):
        assert np.reciprocal(np.float64(0.0)) == np.inf
    assert next(x for x in text.splitlines() if x.startswith("reciprocal")).split()[1] == "inf"


def test_p6_torch_arrays_have_the_formula_bytes(torch):
    text, ns = run_page("plot_6")
    m, nse = ns["m"], ns["nse"]
    t_coo, t_csr = ns["t_coo"], ns["t_csr"]
    assert t_coo._nnz() == nse and t_coo.is_coalesced()
    assert t_coo.indices().nbytes + t_coo.values().nbytes == (2 * 8 + 4) * nse
    csr_bytes = sum(a.nbytes for a in (t_csr.crow_indices(), t_csr.col_indices(), t_csr.values()))
    assert csr_bytes == 8 * (m + 1) + (8 + 4) * nse
    assert printed(text, f"torch's arrays: COO {(2 * 8 + 4) * nse:,}, CSR {csr_bytes:,} bytes, "
                   "as ours: True")  # fmt: skip


def test_p7_scipy_and_torch_products_are_right(torch):
    text, ns = run_page("plot_7")
    A, x = ns["A"], ns["x"]
    np.testing.assert_allclose(ns["sp_csr"] @ x, A @ x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose((ns["t_csr"] @ torch.from_numpy(x)).numpy(), A @ x, rtol=1e-12,
                               atol=1e-12)  # fmt: skip
    assert ns["t_csr"].layout == torch.sparse_csr and ns["t_csr"]._nnz() == np.count_nonzero(A)
    assert printed(text, "the five products agree at every density (to 1e-12): True")
    assert printed(text, "torch threads while timing: 1")
    assert torch.get_num_threads() == ns["threads"]  # restored after the timing
    assert set(ns["timings"]) == {"dense", "CSR", "CSC", "scipy", "torch"}
    for k, d in enumerate(ns["densities"]):
        row = f"{d:7.2g}" + "".join(f"{ns['timings'][n][k] * 1e3:9.3f}" for n in ns["timings"])
        assert printed(text, row)


def test_p8_timing_caveat_names_both_thread_pools(torch):
    """Page 8's timing caveat: torch on one thread (restored afterwards), and numpy's products
    may go to a BLAS library with its own threads; the premise: numpy's BLAS is one that
    threadpoolctl reports, and sparsenorm's X @ w_sparse is numpy's @ on the gathered
    columns."""
    source = next(GALLERY.glob("plot_8_*.py")).read_text()
    prose = re.sub(r"\s+", " ", " ".join(
        line.lstrip("# ") for line in source.splitlines() if line.lstrip().startswith("#")
    ))  # fmt: skip
    assert (
        "torch on one thread (``torch.set_num_threads(1)``, its setting restored afterwards)"
        in prose
    )
    assert (
        "may still hand their dot products to numpy's BLAS library, which may use several "
        "threads, one more thing these timings depend on" in prose
    )
    threadpoolctl = pytest.importorskip("threadpoolctl")
    blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] >= 1 for i in blas)
    _, ns = run_page("plot_8")
    X, w = ns["X"], ns["w"]
    idx = np.flatnonzero(w)
    np.testing.assert_array_equal(X @ ns["w_sparse"], X[:, idx] @ w[idx])
    assert torch.get_num_threads() == ns["threads"]


def test_p8_torch_side_by_side(torch):
    text, ns = run_page("plot_8")
    z, alpha, X = ns["z"], ns["alpha"], ns["X"]
    soft = np.sign(z) * np.maximum(np.abs(z) - alpha, 0)
    assert isinstance(ns["w_t"], torch.Tensor) and ns["w_t"].dtype == torch.float64
    np.testing.assert_array_equal(ns["w_t"].numpy(), soft)
    ws = ns["w_t_sparse"].coalesce()
    np.testing.assert_array_equal(ws.indices().numpy()[0], np.flatnonzero(soft))
    np.testing.assert_array_equal(ws.values().numpy(), soft[soft != 0])
    assert printed(text, "torch: same weights: True | same stored arrays: True")
    nnz = np.count_nonzero(soft)
    assert printed(text, f"torch's sparse arrays: {16 * nnz:,} bytes, dense tensor: "
                   f"{8 * z.size:,} bytes")  # fmt: skip
    stored = np.flatnonzero(soft)
    np.testing.assert_allclose(ns["pred_torch"], X[:, stored] @ soft[stored], rtol=1e-12)
    assert printed(text, "same predictions: True | torch's: True")
    assert torch.get_num_threads() == ns["threads"]


def test_coo_vector_products_gather_without_np_take(monkeypatch):
    """Finding: ``X @ w_sparse`` gathered the columns with np.take along the last axis, several
    times slower than ``X[:, idx]``. The product must equal the gathered product exactly and
    must not call np.take (checked by making np.take fail)."""
    rng = np.random.default_rng(3)
    w = np.where(rng.random(500) < 0.05, rng.standard_normal(500), 0.0)
    ws = to_sparse_coo(w)
    X = rng.standard_normal((7, 500))
    idx = np.flatnonzero(w)

    def refuse(*args, **kwargs):
        raise AssertionError("np.take called")

    with monkeypatch.context() as patch:
        patch.setattr(np, "take", refuse)
        left, right, left_1d = X @ ws, ws @ X.T, X[0] @ ws
    np.testing.assert_array_equal(left, X[:, idx] @ w[idx])
    np.testing.assert_array_equal(right, w[idx] @ X.T[idx])
    np.testing.assert_array_equal(left_1d, X[0, idx] @ w[idx])


def test_p5_every_numpy_unary_ufunc_follows_the_rule():
    """Page 5's takeaway 'in sparsenorm any other raises', over its whole domain: every numpy
    ufunc of one float64 input and one output, on a float64 tensor, runs on the stored values
    (and equals f of the dense matrix) exactly when f(0) == 0, and raises ValueError otherwise."""
    dense = np.array([[0.0, 0.25, 0.0], [0.5, 0.0, 0.75]])
    ufuncs = [
        u for u in vars(np).values()
        if isinstance(u, np.ufunc) and u.nin == 1 and u.nout == 1
        and any(t.startswith("d->") for t in u.types)
    ]  # fmt: skip
    assert len(ufuncs) > 40
    for u in ufuncs:
        with np.errstate(all="ignore"):
            at_zero = u(np.float64(0.0))
            expected = u(dense)
        for tensor in (to_sparse_coo(dense), to_sparse_coo(dense).to_sparse_csr()):
            if at_zero == 0:
                with np.errstate(all="ignore"):
                    np.testing.assert_array_equal(u(tensor).to_dense(), expected, u.__name__)
            else:
                with pytest.raises(ValueError, match="maps 0 to"):
                    u(tensor)


def test_p5_torch_refusals_named_in_the_takeaway(torch):
    _, ns = run_page("plot_5")
    refused_here = [name for name, ok in ns["allowed"].items() if not ok]
    assert len(refused_here) == 4  # "the four such functions tried here"
    for name in refused_here:
        assert ns["torch_allowed"][name] == ["-", "-"], name
    assert ns["torch_allowed"]["square"] == ["=", "-"]  # "also refuses square on CSR"
    assert float(np.square(np.float64(0.0))) == 0.0


def test_p2_indices_become_int64_from_every_integer_type(torch):
    """'Both store the indices as int64 whatever numpy integer type they came in (int8 to
    uint64)': every numpy integer type, both libraries."""
    _, ns = run_page("plot_2")
    pairs = np.transpose(ns["pairs"])
    kinds = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
    for dtype in kinds:
        idx = pairs.astype(dtype)
        assert COO(idx, ns["values"]).indices().dtype == np.int64, dtype
        t = torch.sparse_coo_tensor(torch.from_numpy(idx), torch.tensor(ns["values"]), (2, 3))
        assert t._indices().dtype == torch.int64, dtype
        np.testing.assert_array_equal(t._indices().numpy(), pairs)


_DTYPES = [
    np.bool_, np.uint8, np.uint16, np.uint32, np.uint64, np.int8, np.int16, np.int32,
    np.int64, np.float16, np.float32, np.float64,
]  # fmt: skip
_COO_ADDS = {np.uint8, np.int8, np.int16, np.int32, np.int64, np.float32, np.float64}


def _torch_sparse(torch, layout, dtype, k, empty=False):
    """A 2 x 3 torch tensor in ``layout`` built from its arrays (k = 0 or 1: two different
    matrices), with no stored element when ``empty``; every dtype, uint16 to uint64 included
    (torch's to_sparse_csr() has no kernel for those)."""
    values = torch.from_numpy(np.array([1, 2, 3] if k == 0 else [1, 2, 5]).astype(dtype))
    if empty:
        values = values[:0]
    if layout == "COO":
        idx = [[], []] if empty else ([[0, 0, 1], [0, 2, 1]] if k == 0 else [[0, 0, 1], [1, 2, 2]])
        return torch.sparse_coo_tensor(torch.tensor(idx, dtype=torch.int64), values, (2, 3))
    if layout == "CSR":
        crow = [0, 0, 0] if empty else [0, 2, 3]
        col = [] if empty else ([0, 2, 1] if k == 0 else [1, 2, 2])
        return torch.sparse_csr_tensor(
            torch.tensor(crow), torch.tensor(col, dtype=torch.int64), values, (2, 3)
        )
    ccol = [0, 0, 0, 0] if empty else [0, 1, 2, 3]
    row = [] if empty else ([0, 1, 0] if k == 0 else [1, 1, 0])
    return torch.sparse_csc_tensor(
        torch.tensor(ccol), torch.tensor(row, dtype=torch.int64), values, (2, 3)
    )


def _dense_of_torch(torch, t):
    """The float64 dense matrix of a 2-D sparse torch tensor, summed from its own arrays in
    numpy (torch's to_dense() has no kernel for uint16 to uint64)."""
    out = np.zeros(tuple(t.shape))
    if t.layout == torch.sparse_coo:
        rows, cols = t._indices().numpy()
    else:
        ptr, minor = (
            (t.crow_indices(), t.col_indices()) if t.layout == torch.sparse_csr else
            (t.ccol_indices(), t.row_indices())
        )  # fmt: skip
        major = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr.numpy()))
        rows, cols = (major, minor.numpy()) if t.layout == torch.sparse_csr else (
            minor.numpy(), major)  # fmt: skip
    values = t._values() if t.layout == torch.sparse_coo else t.values()
    np.add.at(out, (rows, cols), values.to(torch.float64).numpy())
    return out


def _promoted(torch, d1, d2):
    """numpy dtype of torch.promote_types, or None where torch defines no promotion."""
    t1, t2 = (torch.from_numpy(np.zeros(1, d)).dtype for d in (d1, d2))
    try:
        p = torch.promote_types(t1, t2)
    except RuntimeError:
        return None
    return torch.zeros(1, dtype=p).numpy().dtype.type


def _claimed_sum(torch, left, right, d1, d2, empty1, empty2):
    """Whether the notes under the table say torch adds these two distinct tensors."""
    promoted = _promoted(torch, d1, d2)
    if promoted is None:
        return False
    if empty1 or empty2:
        if (left, right) in (("COO", "COO"), ("CSR", "CSR")) or (
            (left, right) == ("CSR", "CSC") and empty2
        ):
            return not (empty1 and not empty2 and d1 == d2 == np.bool_)
        return False
    if left == right == "COO":
        return promoted in _COO_ADDS
    return left == right == "CSR" and d1 == d2 and d1 in (np.float32, np.float64)


def test_which_sparse_sums_torch_does(torch):
    """The notes under the table and page 4's takeaway, exhaustively: every pair of layouts,
    every pair of the twelve dtypes (144, mixed ones included), each operand empty or not,
    two distinct tensors; torch adds exactly the claimed ones, in torch's promoted dtype."""
    a = np.array([[1, 0, 2], [0, 3, 0]])
    b = np.array([[0, 1, 2], [0, 0, 5]])
    adds_mixed_coo = 0
    for left, right, d1, d2, e1, e2 in itertools.product(
        ("COO", "CSR", "CSC"),
        ("COO", "CSR", "CSC"),
        _DTYPES,
        _DTYPES,
        (False, True),
        (False, True),
    ):
        x = _torch_sparse(torch, left, d1, 0, e1)
        y = _torch_sparse(torch, right, d2, 1, e2)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                total = x + y
            adds = True
        except (RuntimeError, NotImplementedError):
            adds = False
        case = (left, right, d1.__name__, d2.__name__, e1, e2)
        assert adds == _claimed_sum(torch, left, right, d1, d2, e1, e2), case
        if adds:
            expected = (np.zeros_like(a) if e1 else a.astype(d1)) + (
                np.zeros_like(b) if e2 else b.astype(d2)
            )
            assert total.dtype == torch.from_numpy(np.zeros(1, _promoted(torch, d1, d2))).dtype
            np.testing.assert_array_equal(
                _dense_of_torch(torch, total), expected.astype(np.float64), err_msg=str(case)
            )
            adds_mixed_coo += left == right == "COO" and d1 != d2 and not (e1 or e2)
    assert adds_mixed_coo == 72  # of the 132 mixed-dtype pairs of non-empty COO tensors
    # the notes' examples
    assert _claimed_sum(torch, "COO", "COO", np.bool_, np.int8, False, False)
    assert _promoted(torch, np.bool_, np.int8) == np.int8
    assert _promoted(torch, np.float16, np.float32) == np.float32
    assert _claimed_sum(torch, "COO", "COO", np.float16, np.float32, False, False)
    assert not _claimed_sum(torch, "COO", "COO", np.float16, np.float16, False, False)
    assert _promoted(torch, np.uint16, np.int32) is None


def test_torch_adds_a_compressed_tensor_to_itself(torch):
    """'a CSR or CSC tensor added to itself, x + x, adds for every dtype but uint16, uint32
    and uint64 (x + x.clone() follows the rules for distinct tensors)', empty or not."""
    for layout, dtype, empty in itertools.product(("CSR", "CSC"), _DTYPES, (False, True)):
        x = _torch_sparse(torch, layout, dtype, 0, empty)
        try:
            total = x + x
            adds = True
        except (RuntimeError, NotImplementedError):
            adds = False
        assert adds == (dtype not in (np.uint16, np.uint32, np.uint64)), (layout, dtype, empty)
        if adds:
            own = _dense_of_torch(torch, x).astype(dtype)
            np.testing.assert_array_equal(_dense_of_torch(torch, total), own + own)
        try:
            x + x.clone()
            adds_clone = True
        except (RuntimeError, NotImplementedError):
            adds_clone = False
        claimed = _claimed_sum(torch, layout, layout, dtype, dtype, empty, empty)
        assert adds_clone == claimed, (layout, dtype, empty)


def _torch_sparse_of(torch, layout, dtype, k):
    """``_torch_sparse`` for any torch dtype (bfloat16 and the complex ones have no numpy
    counterpart, so the values are cast by torch)."""
    base = _torch_sparse(torch, layout, np.int64, k)
    if layout == "COO":
        return torch.sparse_coo_tensor(base._indices(), base._values().to(dtype), (2, 3))
    ptr, minor = (
        (base.crow_indices(), base.col_indices()) if layout == "CSR" else
        (base.ccol_indices(), base.row_indices())
    )  # fmt: skip
    build = torch.sparse_csr_tensor if layout == "CSR" else torch.sparse_csc_tensor
    return build(ptr, minor, base.values().to(dtype), (2, 3))


def test_which_sparse_sums_torch_does_with_its_own_dtypes(torch):
    """Page 4's takeaway and the notes for the dtypes numpy lacks: every pair of layouts and
    every pair of torch's 16 dtypes with bfloat16, complex32, complex64 or complex128 among
    them, two distinct non-empty tensors; torch adds exactly when both are COO with promoted
    dtype uint8, a signed integer, bfloat16, float32, float64, complex64 or complex128, or
    both CSR of complex64 or of complex128, and
    the sum is right (compared in complex128, numpy's arithmetic on the two dense operands)."""
    names = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
             "float16", "bfloat16", "float32", "float64", "complex32", "complex64",
             "complex128"]  # fmt: skip
    dtypes = [getattr(torch, n) for n in names]
    extra = {torch.bfloat16, torch.complex32, torch.complex64, torch.complex128}
    a = np.array([[1, 0, 2], [0, 3, 0]])
    b = np.array([[0, 1, 2], [0, 0, 5]])
    added = set()
    for left, right, d1, d2 in itertools.product(
        ("COO", "CSR", "CSC"), ("COO", "CSR", "CSC"), dtypes, dtypes
    ):
        if not {d1, d2} & extra:
            continue  # numpy's dtypes: test_which_sparse_sums_torch_does
        try:
            promoted = torch.promote_types(d1, d2)
        except RuntimeError:
            promoted = None
        with warnings.catch_warnings():  # "ComplexHalf support is experimental"
            warnings.simplefilter("ignore")
            x, y = _torch_sparse_of(torch, left, d1, 0), _torch_sparse_of(torch, right, d2, 1)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                total = x + y
            adds = True
        except (RuntimeError, NotImplementedError):
            adds = False
        coo_adds = {torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64}
        coo_adds |= {torch.bfloat16, torch.float32, torch.float64, torch.complex64}
        coo_adds |= {torch.complex128}
        complex_csr = left == right == "CSR" and d1 == d2
        complex_csr = complex_csr and d1 in (torch.complex64, torch.complex128)
        claimed = (left == right == "COO" and promoted in coo_adds) or complex_csr
        case = (left, right, str(d1), str(d2))
        assert adds == claimed, case
        if adds:
            assert total.dtype == promoted, case
            coalesced = total.coalesce() if left == "COO" else total
            got = np.zeros((2, 3), complex)
            if left == "COO":
                rows, cols = coalesced.indices().numpy()
                vals = coalesced.values()
            else:
                ptr = coalesced.crow_indices().numpy()
                rows = np.repeat(np.arange(2), np.diff(ptr))
                cols, vals = coalesced.col_indices().numpy(), coalesced.values()
            np.add.at(got, (rows, cols), vals.to(torch.complex128).numpy())
            # the stored 1, 2, 3, 5 are exact in every dtype but bool, where they are True
            expected = (a != 0 if d1 == torch.bool else a) + (b != 0 if d2 == torch.bool else b)
            np.testing.assert_array_equal(got, expected.astype(complex), err_msg=str(case))
            if d1 == d2:
                added.add((left, names[dtypes.index(d1)]))
    # the one-dtype sums the takeaway lists for these dtypes, and no others
    assert added == {("COO", "bfloat16"), ("COO", "complex64"), ("COO", "complex128"),
                     ("CSR", "complex64"), ("CSR", "complex128")}  # fmt: skip


def test_sparsenorm_adds_every_pair_and_torch_subtracts_no_compressed(torch):
    """sparsenorm adds every pair of layouts, in the left operand's layout, with numpy's
    values; torch's - and torch.sub subtract no CSR or CSC tensors, while csr.add(csr2,
    alpha=-1) and csr + (-1) * csr2 compute csr - csr2 exactly where csr + csr2 adds."""
    a = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    b = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 5.0]])
    build = {"COO": "to_sparse_coo", "CSR": "to_sparse_csr", "CSC": "to_sparse_csc"}
    for dtype, left, right in itertools.product(_DTYPES, build, build):
        ours = getattr(to_sparse_coo(a.astype(dtype)), build[left])()
        other = getattr(to_sparse_coo(b.astype(dtype)), build[right])()
        total = ours + other
        assert total.layout == ours.layout and total.dtype == dtype
        np.testing.assert_array_equal(total.to_dense(), a.astype(dtype) + b.astype(dtype))
    for dtype, layout in itertools.product(_DTYPES, ("CSR", "CSC")):
        x, y = (_torch_sparse(torch, layout, dtype, k) for k in (0, 1))
        for subtract in (
            lambda x=x, y=y: x - y,
            lambda x=x, y=y: torch.sub(x, y),
            lambda x=x: x - x,
        ):
            with pytest.raises((RuntimeError, NotImplementedError)):
                subtract()
        adds = _claimed_sum(torch, layout, layout, dtype, dtype, False, False)
        for spelling in (
            lambda x=x, y=y: x.add(y, alpha=-1),
            lambda x=x, y=y: x + (-1) * y,
        ):
            try:
                diff = spelling()
                works = True
            except (RuntimeError, NotImplementedError):
                works = False
            assert works == adds, (dtype, layout)
            if works:
                np.testing.assert_array_equal(
                    diff.to_dense().numpy(), x.to_dense().numpy() - y.to_dense().numpy()
                )
    assert _claimed_sum(torch, "CSR", "CSR", np.float64, np.float64, False, False)
    source = next(GALLERY.glob("plot_4_*.py")).read_text()
    prose = re.sub(r"\s+", " ", " ".join(
        line.lstrip("# ") for line in source.splitlines() if line.lstrip().startswith("#")
    ))  # fmt: skip
    assert (
        "of two distinct, non-empty tensors of one dtype, torch 2.13.0 adds only COO + COO of "
        "uint8, signed integer, bfloat16, float32, float64, complex64 or complex128 values and "
        "CSR + CSR of float32, float64, complex64 or complex128 values; mixed dtypes, empty "
        "operands and ``x + x`` are in the notes" in prose
    )


def _notes_text():
    text = API_PAGE.read_text()
    notes = text.split("\nNotes on the rows", 1)[1].split("\nLayouts\n", 1)[0]
    return re.sub(r"\s+", " ", notes)


def test_notes_name_the_claims_the_tests_check():
    """The sentences of the notes that the sweeps above and below check, verbatim, so a
    rewording that the tests no longer cover fails here."""
    notes = _notes_text()
    for phrase in (
        "adds two distinct sparse tensors ``A + B`` that both store elements only when both "
        "are COO and their promoted dtype (``torch.promote_types``) is uint8, a signed "
        "integer, float32 or float64",
        "or both are CSR with float32 values, or both with float64 values",
        "where an operand stores no element (nse 0), COO + COO, CSR + CSR and CSR + CSC with "
        "an empty CSC operand add for every pair of dtypes that torch promotes (an empty bool "
        "tensor plus a non-empty bool one excepted)",
        "a CSR or CSC tensor added to itself, ``x + x``, adds for every dtype but uint16, "
        "uint32 and uint64",
        "``csr.add(csr2, alpha=-1)`` and ``csr + (-1) * csr2`` compute ``csr - csr2`` where "
        "``csr + csr2`` adds (CSC: neither)",
        "construction from indices leaves it False when nse ≥ 2",
        "Index bounds, pointer order and sortedness it checks only when asked",
        "For a COO tensor it always checks that indices and values have the same nse",
        "for a CSR or CSC tensor by default it checks neither the lengths of its arrays nor "
        "``len(size)`` (``size=(2, 3, 4)`` or ``size=(2,)`` is accepted, and ``to_dense()`` "
        "then fails)",
        "and then the lengths and ``len(size)`` of a CSR or CSC tensor too",
        "With torch's other dtypes (bfloat16, complex32, complex64, complex128) among the "
        "operands, two distinct non-empty tensors add exactly when both are COO and their "
        "promoted dtype is uint8, a signed integer, bfloat16, float32, float64, complex64 or "
        "complex128 (``float16 + bfloat16`` gives float32), or both are CSR with complex64 "
        "values, or both with complex128 values",
        "``*`` of COO by COO or dense, of CSR by any layout or dense, and of a dense tensor by "
        "COO or CSR",
    ):
        assert phrase in notes, phrase


def test_torch_is_coalesced_is_a_flag_set_by_some_operations(torch):
    """Each case the notes list: construction from indices (nse >= 2) leaves the flag False,
    sorted and distinct indices included; the listed operations set it; the others keep it
    False; nse 0 or 1 sets it."""
    dense = torch.tensor([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    u = torch.sparse_coo_tensor(torch.tensor([[1, 0, 1], [2, 0, 2]]), torch.tensor([1.0, 2, 3]),
                                (2, 3))  # fmt: skip
    coo = dense.to_sparse()
    rng = np.random.default_rng(1)
    for nse in range(2, 7):  # sorted, distinct indices of every length tried: False
        flat = np.sort(rng.choice(12, nse, replace=False))
        idx = torch.from_numpy(np.stack(np.unravel_index(flat, (3, 4))))
        made = torch.sparse_coo_tensor(idx, torch.ones(nse), (3, 4))
        assert not made.is_coalesced(), nse
        assert torch.equal(made.coalesce().indices(), idx)  # they were coalesced already
    sets = {
        "coalesce()": u.coalesce(),
        "dense.to_sparse()": dense.to_sparse(),
        "csr.to_sparse()": dense.to_sparse_csr().to_sparse(),
        "torch.abs(u)": torch.abs(u),
        "torch.sign(u)": torch.sign(u),
        "torch.sin(u)": torch.sin(u),
        "coo + coo": coo + dense.to_sparse(),
        "torch.sparse.sum(u, 0)": torch.sparse.sum(u, 0),
        "nse 0": torch.sparse_coo_tensor(
            torch.zeros((2, 0), dtype=torch.int64), torch.zeros(0), (2, 3)
        ),
        "nse 1": torch.sparse_coo_tensor(torch.tensor([[1], [2]]), torch.tensor([1.0]), (2, 3)),
        "is_coalesced=True": torch.sparse_coo_tensor(
            torch.tensor([[0, 1], [0, 2]]), torch.tensor([1.0, 2.0]), (2, 3), is_coalesced=True
        ),
    }
    for name, t in sets.items():
        assert t.is_coalesced(), name
    keeps = {
        "2.5 * u": 2.5 * u,
        "-u": -u,
        "u.clone()": u.clone(),
        "csc.to_sparse()": dense.to_sparse_csc().to_sparse(),
    }
    for name, t in keeps.items():
        assert not t.is_coalesced(), name
    assert coo.is_coalesced()  # the operands of "coo + coo" were coalesced
    notes = _notes_text()
    for name in ("``2.5 * u``", "``-u``", "``u.clone()``", "``to_sparse()`` of a CSC tensor",
                 "``torch.sparse.sum`` over one dimension", "nse 0 or 1"):  # fmt: skip
        assert name in notes, name


def test_torch_always_checks_some_invariants_and_the_rest_when_asked(torch):
    """'For a COO tensor it always checks that indices and values have the same nse, that
    len(size) is sparse_dim + dense_dim and that the indices are 2-D, and refuses a negative
    index when it infers the size; for a CSR or CSC tensor by default it checks neither the
    lengths of its arrays nor len(size) (size=(2, 3, 4) or size=(2,) is accepted, and
    to_dense() then fails). Index bounds, pointer order and sortedness it checks only when
    asked, and then the lengths and len(size) of a CSR or CSC tensor too'."""
    v2 = torch.tensor([1.0, 2.0])
    always = [
        lambda: torch.sparse_coo_tensor(torch.tensor([[0, 1], [0, 2]]), torch.ones(3), (2, 3)),
        lambda: torch.sparse_coo_tensor(torch.tensor([[0, 1], [0, 2]]), v2, (2, 3, 4)),
        lambda: torch.sparse_coo_tensor(torch.tensor([0, 1]), v2, (2, 3)),
        lambda: torch.sparse_coo_tensor(torch.tensor([[0, -1], [0, 2]]), v2),
    ]
    for check in (False, True):
        for build in always:
            with pytest.raises(RuntimeError):
                with torch.sparse.check_sparse_tensor_invariants(enable=check):
                    build()
    when_asked = [
        lambda: torch.sparse_coo_tensor(torch.tensor([[0, -1], [0, 2]]), v2, (2, 3)),
        lambda: torch.sparse_coo_tensor(torch.tensor([[0, 5], [0, 2]]), v2, (2, 3)),
        lambda: torch.sparse_csr_tensor(torch.tensor([1, 2, 2]), torch.tensor([0, 1]), v2, (2, 3)),
        lambda: torch.sparse_csr_tensor(torch.tensor([0, 2, 1]), torch.tensor([0, 1]), v2, (2, 3)),
        lambda: torch.sparse_csr_tensor(torch.tensor([0, 2, 2]), torch.tensor([1, 0]), v2, (2, 3)),
        lambda: torch.sparse_csr_tensor(torch.tensor([0, 1, 2]), torch.tensor([0, 7]), v2, (2, 3)),
        # lengths: values longer than the column indices, pointers one too many
        lambda: torch.sparse_csr_tensor(
            torch.tensor([0, 1, 2]), torch.tensor([0, 1]), torch.ones(3), (2, 3)
        ),
        lambda: torch.sparse_csr_tensor(
            torch.tensor([0, 1, 2, 2]), torch.tensor([0, 1]), v2, (2, 3)
        ),
        lambda: torch.sparse_csc_tensor(
            torch.tensor([0, 1, 2, 2]), torch.tensor([0, 1]), torch.ones(3), (2, 3)
        ),
    ]
    # len(size) not 2 for a CSR or CSC tensor with no dense dimension: accepted by default,
    # and to_dense() then fails; refused when asked
    wrong_size = [
        lambda f=f, size=size, ptr=ptr: f(torch.tensor(ptr), torch.tensor([0, 1]), v2, size)
        for f, ptr in (
            (torch.sparse_csr_tensor, [0, 1, 2]),
            (torch.sparse_csc_tensor, [0, 1, 2, 2]),
        )
        for size in ((2, 3, 4), (2,))
    ]
    for build in wrong_size:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            made = build()
        assert made.dim() != made.sparse_dim() + made.dense_dim(), tuple(made.shape)
        with pytest.raises((RuntimeError, IndexError)):
            made.to_dense()
    ok = torch.sparse_csr_tensor(torch.tensor([0, 1, 2]), torch.tensor([0, 1]), v2, (2, 3))
    np.testing.assert_array_equal(ok.to_dense().numpy(), [[1, 0, 0], [0, 2, 0]])
    when_asked += wrong_size
    for k, build in enumerate(when_asked):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            build()  # accepted by default
        with pytest.raises(RuntimeError):
            with torch.sparse.check_sparse_tensor_invariants():
                build()
        assert not torch.sparse.check_sparse_tensor_invariants.is_enabled(), k


def test_torch_multiplies_some_pairs_of_sparse_operands(torch):
    """'@ of COO by COO and of CSR or CSC by CSR or CSC (a COO operand with a compressed one
    raises), and * of COO by COO or dense, of CSR by any layout or dense, and of a dense tensor
    by COO or CSR': every pair of layouts, each product checked against the dense one."""
    a = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    t, tt = torch.from_numpy(a), torch.from_numpy(np.ascontiguousarray(a.T))
    build = {"COO": "to_sparse", "CSR": "to_sparse_csr", "CSC": "to_sparse_csc", "dense": None}

    def make(base, layout):
        return base if layout == "dense" else getattr(base, build[layout])()

    def outcome(f):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = f()
            return r.to_dense().numpy() if r.layout != torch.strided else r.numpy()
        except (RuntimeError, NotImplementedError):
            return None

    compressed = {"CSR", "CSC"}
    for left, right in itertools.product(build, build):
        if left == right == "dense":
            continue
        mat = outcome(lambda p=left, q=right: make(t, p) @ make(tt, q))
        mat_t = outcome(lambda p=left, q=right: make(t, p) @ make(t, q).t())
        if "dense" not in (left, right):
            claimed = left == right == "COO" or {left, right} <= compressed
            for result in (mat, mat_t):
                assert (result is not None) == claimed, ("@", left, right)
                if claimed:
                    np.testing.assert_array_equal(result, a @ a.T)
        prod = outcome(lambda p=left, q=right: make(t, p) * make(t, q))
        claimed = (
            (left == "COO" and right in ("COO", "dense"))
            or left == "CSR"
            or (left == "dense" and right in ("COO", "CSR"))
        )
        assert (prod is not None) == claimed, ("*", left, right)
        if claimed:
            np.testing.assert_array_equal(prod, a * a)
    # the examples the notes name as raising
    for left, right in (("COO", "CSR"), ("CSC", "CSC"), ("CSC", "dense")):
        assert outcome(lambda p=left, q=right: make(t, p) * make(t, q)) is None, (left, right)
    assert outcome(lambda: make(t, "CSR") @ make(t, "COO").t()) is None


def test_p4_adding_a_non_zero_scalar_is_an_error_in_both(torch):
    """'adding a non-zero scalar ... is an error in both': every layout, scalars of both signs,
    int and float, on either side."""
    _, ns = run_page("plot_4")
    A = ns["A_dense"]
    t = torch.from_numpy(A)
    theirs = {"COO": t.to_sparse, "CSR": t.to_sparse_csr, "CSC": t.to_sparse_csc}
    for layout, scalar in itertools.product(ns["layouts"], (1.0, -2.5, 3, 1e-300)):
        for add in (lambda a, c: a + c, lambda a, c: c + a, lambda a, c: a - c):
            with pytest.raises(ValueError):
                add(ns["layouts"][layout], scalar)
            with pytest.raises(RuntimeError):
                add(theirs[layout](), scalar)
