"""Every number and claim the torch.sparse gallery pages print, checked independently.

Each page runs once (in-process, figures discarded); its printed output and its variables are
then checked against scipy.sparse, numpy on the dense matrix, the closed-form formulas, or
PyTorch's documentation (the worked memory example), never against numbers copied from a run.
"""

import contextlib
import functools
import io
import itertools
import math
import runpy
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import scipy.sparse as sp

import sparsenorm as sn
from sparsenorm.sparse import COO, CSR, to_sparse_coo

matplotlib.use("Agg")
import matplotlib.pyplot as plt

GALLERY = Path(__file__).resolve().parents[1] / "gallery" / "torch_sparse"


@functools.cache
def run_page(stem):
    """Run a page, returning (printed text, its global variables)."""
    (path,) = GALLERY.glob(f"{stem}_*.py")
    out = io.StringIO()
    show = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        with contextlib.redirect_stdout(out):
            namespace = runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.show = show
        plt.close("all")
    return out.getvalue(), namespace


def test_every_page_is_checked_here():
    pages = sorted(p.name.split("_")[1] for p in GALLERY.glob("plot_*.py"))
    assert pages == [str(k) for k in range(1, 9)]


# -- page 1: the three layouts of one matrix ---------------------------------------------------


def test_p1_arrays_match_scipy_and_the_prose():
    text, ns = run_page("plot_1")
    dense, coo, csr, csc = ns["dense"], ns["coo"], ns["csr"], ns["csc"]
    ref_csr, ref_csc = sp.csr_array(dense), sp.csc_array(dense)
    np.testing.assert_array_equal(csr.crow_indices(), ref_csr.indptr)
    np.testing.assert_array_equal(csr.col_indices(), ref_csr.indices)
    np.testing.assert_array_equal(csc.ccol_indices(), ref_csc.indptr)
    np.testing.assert_array_equal(csc.row_indices(), ref_csc.indices)
    np.testing.assert_array_equal(csc.values(), ref_csc.data)
    np.testing.assert_array_equal(coo.indices(), np.nonzero(dense))
    # "7 non-zero entries", "4 × 6", "row 2 is empty and so are columns 1 and 4"
    assert np.count_nonzero(dense) == 7 and dense.shape == (4, 6)
    assert np.flatnonzero(~dense.any(axis=1)).tolist() == [2]
    assert np.flatnonzero(~dense.any(axis=0)).tolist() == [1, 4]
    # "COO repeats the row index of every element (0, 0, 1, 1, 3, 3, 3)"
    assert coo.indices()[0].tolist() == [0, 0, 1, 1, 3, 3, 3]
    # "the repeated pointer 4, 4 marks the empty row 2"; "2, 2 and 5, 5" the empty columns
    assert csr.crow_indices()[2:4].tolist() == [4, 4]
    ccol = csc.ccol_indices()
    assert ccol[1] == ccol[2] == 2 and ccol[4] == ccol[5] == 5
    assert "sharing its arrays: True" in text and "give back the matrix: True" in text
    # "The values array is the same in every layout, only its order changes: row-major for COO
    # and CSR, column-major for CSC."
    np.testing.assert_array_equal(coo.values(), dense[dense != 0])
    np.testing.assert_array_equal(csr.values(), dense[dense != 0])
    np.testing.assert_array_equal(csc.values(), dense.T[dense.T != 0])


def test_p1_prose_pointer_values():
    _, ns = run_page("plot_1")
    crow = ns["csr"].crow_indices()
    # The page says the empty row shows as two equal neighbouring pointers.
    assert crow[2] == crow[3]


def test_p1_titles_give_the_bytes_of_the_arrays():
    _, ns = run_page("plot_1")
    m, n = ns["dense"].shape
    nse, s = 7, 4
    assert sum(a.nbytes for a in (ns["coo"].indices(), ns["coo"].values())) == (2 * 8 + s) * nse
    csr_arrays = (ns["csr"].crow_indices(), ns["csr"].col_indices(), ns["csr"].values())
    assert sum(a.nbytes for a in csr_arrays) == (m + 1) * 8 + (8 + s) * nse
    csc_arrays = (ns["csc"].ccol_indices(), ns["csc"].row_indices(), ns["csc"].values())
    assert sum(a.nbytes for a in csc_arrays) == (n + 1) * 8 + (8 + s) * nse


# -- page 2: COO construction ------------------------------------------------------------------


def test_p2_coo_construction_claims():
    text, ns = run_page("plot_2")
    assert "must be transposed" in text  # the untransposed pairs are refused, with the fix
    pairs, values = ns["pairs"], ns["values"]
    expected = np.zeros((2, 3))
    for (i, j), v in zip(pairs, values, strict=True):
        expected[i, j] = v
    np.testing.assert_array_equal(ns["a"].to_dense(), expected)
    assert "inferred shape: (2, 3)" in text
    assert "TypeError: indices must hold integers" in text
    h = ns["h"]
    assert h.shape == (2, 3, 2) and h.sparse_dim() == 2 and h.dense_dim() == 1
    assert ns["back"].nnz == 3 and "same indices: True" in text
    assert [4.0, 0.0] in ns["back"].values().tolist()  # "the block [4, 0] is stored whole"


def test_p2_duplicates_add_up_and_coalesce_like_scipy():
    _, ns = run_page("plot_2")
    d, c = ns["d"], ns["c"]
    reference = sp.coo_array((d.values(), tuple(d.indices())), shape=d.shape)
    np.testing.assert_array_equal(d.to_dense(), reference.toarray())
    reference.sum_duplicates()
    np.testing.assert_array_equal(c.indices(), np.stack([reference.row, reference.col]))
    np.testing.assert_array_equal(c.values(), reference.data)
    assert d.nnz == 4 and not d.is_coalesced() and c.nnz == 3 and c.is_coalesced()
    # "the two at (1, 2) merged into 1 + 3 = 4"
    at = (c.indices()[0] == 1) & (c.indices()[1] == 2)
    assert c.values()[at].tolist() == [1.0 + 3.0]
    # "sign(1) + sign(3) = 2 while sign(1 + 3) = 1; np.sign(d) is right"
    np.testing.assert_array_equal(np.sign(d).to_dense(), np.sign(d.to_dense()))
    assert np.sign(1.0) + np.sign(3.0) == 2 and np.sign(1.0 + 3.0) == 1


# -- page 3: CSR and CSC construction -----------------------------------------------------------


def test_p3_construction_and_transpose_claims():
    text, ns = run_page("plot_3")
    crow, col, val = ns["crow"], ns["col"], ns["val"]
    reference = sp.csr_array((val, col, crow), shape=(4, 4)).toarray()
    np.testing.assert_array_equal(ns["a"].to_dense(), reference)
    assert np.diff(crow).tolist() == np.count_nonzero(reference, axis=1).tolist()
    # The CSC reading of the same arrays is the transpose, and scipy agrees.
    np.testing.assert_array_equal(
        ns["b"].to_dense(), sp.csc_array((val, col, crow), shape=(4, 4)).toarray()
    )
    np.testing.assert_array_equal(ns["b"].to_dense(), reference.T)
    ref_csc = sp.csc_array(reference)
    np.testing.assert_array_equal(ns["c"].ccol_indices(), ref_csc.indptr)
    np.testing.assert_array_equal(ns["c"].row_indices(), ref_csc.indices)
    assert "is the transpose: True" in text and "same matrix: True" in text


def test_p3_every_broken_rule_is_refused():
    text, ns = run_page("plot_3")
    for what, arrays in ns["broken"].items():
        with pytest.raises((ValueError, IndexError)):
            CSR(*arrays, shape=(4, 4))
        assert f"{what:<28} -> " in text
    # Each case breaks a rule scipy's own full check also rejects (or a length rule).
    for crow, col, val in ns["broken"].values():
        crow, col = np.asarray(crow), np.asarray(col)
        ok = (
            crow[0] == 0
            and crow[-1] == len(col)
            and np.all(np.diff(crow) >= 0)
            and len(val) == len(col)
            and col.max() < 4
            and all(np.all(np.diff(col[s:e]) > 0) for s, e in itertools.pairwise(crow))
        )
        assert not ok


# -- page 4: mixed linear algebra ---------------------------------------------------------------


def test_p4_every_result_equals_the_dense_computation():
    text, ns = run_page("plot_4")
    assert "False" not in text and text.count("equal: True") == 3 * 2 + 3 * 3 + 2
    A = ns["A_dense"]
    for layout in ns["layouts"].values():
        np.testing.assert_array_equal(layout @ ns["x"], A @ ns["x"])
        np.testing.assert_array_equal(ns["Y"] @ layout, ns["Y"] @ A)
    assert (A @ ns["x"])[0] == 1 * 1 + 2 * 4 == 9  # "row 0 is 1·1 + 2·4 = 9"
    # "(0, 3) holds 2 + (-2) = 0: it stays stored as an explicit zero"
    S = ns["S"].to_sparse_coo()
    stored = set(zip(*S.indices().tolist(), strict=True))
    assert (0, 3) in stored and ns["S"].to_dense()[0, 3] == 0
    assert ns["S"].nnz == len(set(zip(*np.nonzero(A), strict=True)) | {(0, 1), (0, 3), (2, 0)})
    assert "TypeError: sparse @ sparse" in text and "ValueError: np.add with the scalar" in text


# -- page 5: methods and element-wise functions -------------------------------------------------


def test_p5_allowed_functions_are_exactly_those_with_f0_zero():
    text, ns = run_page("plot_5")
    for f in ns["functions"]:
        with np.errstate(all="ignore"):
            maps_zero_to_zero = float(f(0.0)) == 0.0
        assert ns["allowed"][f.__name__] == maps_zero_to_zero, f.__name__
    assert "equals f(dense): False" not in text
    dense = ns["dense"]
    # "three of the six entries would be wrong": the unstored ones, where cos gives 1.
    assert dense.size == 6 and np.sum(dense == 0) == 3
    assert "entries wrong: 3 of 6" in text


def test_p5_method_table_matches_torch_names():
    _, ns = run_page("plot_5")
    coo, csr, csc = (ns["tensors"][k] for k in ("COO", "CSR", "CSC"))
    layout_specific = {
        "indices": coo,
        "coalesce": coo,
        "is_coalesced": coo,
        "crow_indices": csr,
        "col_indices": csr,
        "ccol_indices": csc,
        "row_indices": csc,
    }
    for method, owner in layout_specific.items():
        assert [hasattr(t, method) for t in (coo, csr, csc)] == [
            t is owner for t in (coo, csr, csc)
        ]


# -- page 6: memory -----------------------------------------------------------------------------


def test_p6_reproduces_pytorchs_worked_example():
    text, ns = run_page("plot_6")
    # PyTorch's documentation: 10 000 x 10 000, 100 000 float32 non-zeros.
    assert (ns["m"], ns["n"], ns["nse"], ns["itemsize"]) == (10_000, 10_000, 100_000, 4)
    assert ns["coo"].nnz == ns["coo"].coalesce().nnz == 100_000  # distinct positions
    assert ns["dense_bytes"] == 400_000_000
    assert ns["coo"].memory_bytes() == 2_000_000
    assert ns["csr"].memory_bytes() == 1_280_000
    assert ns["dense_bytes"] / ns["coo"].memory_bytes() == 200
    assert ns["dense_bytes"] / ns["csr"].memory_bytes() == 312.5  # the docs round to 310
    assert ns["coo"].memory_bytes() / ns["csr"].memory_bytes() == 1.5625  # docs: 1.6
    assert ns["actual_csr"] == ns["csr"].memory_bytes() + 8
    for figure in ("400,000,000", "2,000,000", "1,280,000", "1,280,008"):
        assert figure in text


def test_p6_break_even_densities():
    text, ns = run_page("plot_6")
    # COO = dense at d = s / (16 + s): 0.2 for float32, 1/3 for float64.
    assert "float32: COO < dense below d = 0.200, CSR < dense below d = 0.333" in text
    assert "float64: COO < dense below d = 0.333, CSR < dense below d = 0.500" in text
    # CSR beats COO exactly when nse > nrows: check on real tensors either side.
    m = 50
    for nse, csr_cheaper in ((m - 1, False), (m, False), (m + 1, True)):
        rows = np.arange(nse) % m
        cols = np.arange(nse) // m
        coo = COO(np.stack([rows, cols]), np.ones(nse, np.float32), (m, 3)).coalesce()
        assert (coo.to_sparse_csr().memory_bytes() < coo.memory_bytes()) == csr_cheaper
    # The measured curves cross dense where the formulas say.
    d = np.array(ns["real_density"])
    coo_rel = np.array(ns["measured"]["COO"]) / np.array(ns["measured"]["dense"])
    csr_rel = np.array(ns["measured"]["CSR"]) / np.array(ns["measured"]["dense"])
    assert np.all((coo_rel < 1) == (d < 0.2))
    side = ns["side"]
    assert np.all((csr_rel < 1) == (d < (side * 4 - 8) / (side * 12)))


# -- page 7: matvec time ------------------------------------------------------------------------


def test_p7_verdicts_are_printed_from_the_measurements():
    """Timings vary with the machine's load, so only the page's reasoning is asserted: every
    verdict it prints follows from the timings it measured in the same run (no timed asserts)."""
    text, ns = run_page("plot_7")
    t, densities = ns["timings"], ns["densities"]
    assert all(len(t[name]) == len(densities) and np.all(t[name] > 0) for name in t)
    for k in (0, -1):
        verdict = "faster" if t["CSR"][k] < t["dense"][k] else "slower"
        assert f"at density {densities[k]:g}, CSR is {verdict} than dense" in text
    sparse_wins = t["CSR"] < t["dense"]
    if sparse_wins.all():
        assert ns["crossover"] is None and "first density where dense wins" not in text
    else:
        assert ns["crossover"] == densities[np.argmin(sparse_wins)]
        assert f"first density where dense wins: {ns['crossover']:.2g}" in text
    ratio = t["CSC"][-1] / t["CSR"][-1]
    assert f"CSC takes {ratio:.2g}x the time of CSR" in text


# -- page 8: Lasso weights stored sparse --------------------------------------------------------


def test_p8_lasso_weights_claims():
    text, ns = run_page("plot_8")
    z, w, alpha, w_sparse = ns["z"], ns["w"], ns["alpha"], ns["w_sparse"]
    np.testing.assert_array_equal(w, np.sign(z) * np.maximum(np.abs(z) - alpha, 0))
    assert w_sparse.nnz == np.count_nonzero(np.abs(z) > alpha)
    # "about 1.2 %": P(|Z| > 2.5) = erfc(2.5 / sqrt 2), and the sample is within 3 sd of it.
    p = math.erfc(alpha / math.sqrt(2))
    assert round(p, 4) == 0.0124
    assert abs(w_sparse.density - p) < 3 * math.sqrt(p * (1 - p) / w.size)
    assert ns["sparse_bytes"] == (8 + 8) * w_sparse.nnz
    assert ns["dense_bytes"] == 8 * w.size
    assert ns["dense_bytes"] / ns["sparse_bytes"] >= 10  # "tens of times less memory"
    np.testing.assert_allclose(ns["pred_sparse"], ns["X"] @ w, rtol=1e-12, atol=1e-12)
    # The timing verdict is printed from the page's own measurement (no timed assert).
    speed = "faster" if ns["t_sparse"] < ns["t_dense"] else "slower"
    assert f"x {speed})" in text
    assert ns["t_sparse"] < ns["t_dense"]
    assert "same predictions: True" in text
    # "With an L2 penalty no weight is exactly zero ... twice the dense one"
    ridge = sn.prox_squared_l2(z, alpha)
    assert np.count_nonzero(ridge) == ridge.size
    assert to_sparse_coo(ridge).memory_bytes() == 2 * ridge.nbytes
