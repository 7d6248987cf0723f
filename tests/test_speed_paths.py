"""The compiled (numba) inner loops agree with their numpy references; numba stays optional.

No timed assertions here: speed is measured by ``nox -s bench``.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from sparsenorm._kernels import compiled
from sparsenorm.solvers._active_set import _cd_gram_loop, cd_gram, cd_gram_numpy


def _run(code, **env):
    full = {**os.environ, **env}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _qp(seed, k, n, zero_cols=0):
    """A Gram matrix H = AᵀA/n (singular when n < k), b = Aᵀy/n and a strength below max|b|."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, k)) @ np.triu(rng.uniform(0, 1, (k, k)))
    if zero_cols:
        A[:, rng.choice(k, zero_cols, replace=False)] = 0.0
    y = rng.standard_normal(n)
    H = A.T @ A / n
    b = A.T @ y / n
    lam = float(rng.uniform(0.01, 0.5)) * float(np.abs(b).max())
    return H, b, lam, rng


def _objective(H, b, lam, w):
    return 0.5 * w @ H @ w - b @ w + lam * np.abs(w).sum()


def test_import_sparsenorm_does_not_import_numba():
    out = _run(
        """
        import sys
        import sparsenorm, sparsenorm.solvers, sparsenorm.sparse
        print("numba" in sys.modules)
        """
    )
    assert out.strip() == "False"


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("positive", [False, True])
def test_compiled_cd_gram_matches_numpy_reference(seed, positive):
    pytest.importorskip("numba")
    kernel = compiled(_cd_gram_loop)
    assert kernel is not None
    k = 5 + 7 * seed
    H, b, lam, rng = _qp(seed, k, n=max(3, k // 2) if seed % 2 else 2 * k, zero_cols=seed % 3)
    w0 = np.where(rng.random(k) < 0.3, rng.standard_normal(k), 0.0)
    if positive:
        w0 = np.abs(w0)
    for n_epochs, kkt_tol in [(1, 0.0), (7, 0.0), (200, 1e-10 * lam)]:
        w_ref = cd_gram_numpy(H, b, lam, w0.copy(), positive, n_epochs, kkt_tol)
        w_fast = w0.copy()
        kernel(np.asfortranarray(H), b, lam, w_fast, positive, n_epochs, kkt_tol)
        # same steps in the same order; the starting gradient H @ w − b is summed in another
        # order than BLAS's, so the iterates agree to rounding, not bit for bit
        np.testing.assert_allclose(w_fast, w_ref, rtol=1e-9, atol=1e-12 * np.abs(w_ref).max())
        assert np.array_equal(w_fast == 0, w_ref == 0) or n_epochs > 1
        if positive:
            assert (w_fast >= 0).all()
        # descent from the start: coordinate descent never increases the objective
        assert _objective(H, b, lam, w_fast) <= _objective(H, b, lam, w0) + 1e-12


def test_cd_gram_dispatch_modifies_in_place_and_keeps_inputs():
    H, b, lam, _ = _qp(3, 30, 60)
    H0, b0 = H.copy(), b.copy()
    w = np.zeros(30)
    out = cd_gram(H, b, lam, w, False, 50)
    assert out is w
    assert np.array_equal(H, H0) and np.array_equal(b, b0)
    np.testing.assert_allclose(w, cd_gram_numpy(H, b, lam, np.zeros(30), False, 50), rtol=1e-9)


_FIT = """
import json, sys, warnings
import numpy as np
from sparsenorm.solvers import lasso
rng = np.random.default_rng(0)
X = rng.standard_normal((60, 200))
X[:, 1:] += 0.9 * X[:, :-1]
y = X[:, :40] @ rng.standard_normal(40) + 0.1 * rng.standard_normal(60)
alpha = 0.01 * np.abs(X.T @ (y - y.mean())).max() / 60
res = lasso(X, y, alpha, tol=1e-10, max_iter=10_000)
unit = float(((y - y.mean()) ** 2).mean())
loaded = sys.modules.get("numba") is not None
print(json.dumps({"coef": res.coef.tolist(), "gap": float(res.dual_gap), "unit": unit,
                  "converged": bool(res.converged), "numba": loaded}))
"""


def test_fit_without_numba_agrees_with_compiled_fit():
    """numba absent (import blocked), disabled by SPARSENORM_NUMBA=0, and present."""
    blocked = json.loads(_run("import sys; sys.modules['numba'] = None\n" + _FIT))
    disabled = json.loads(_run(_FIT, SPARSENORM_NUMBA="0"))
    assert not blocked["numba"] and not disabled["numba"]
    for res in (blocked, disabled):
        assert res["converged"] and res["gap"] <= 1e-10 * res["unit"]  # tol · ‖y − ȳ‖²/n
    np.testing.assert_array_equal(blocked["coef"], disabled["coef"])
    try:
        import numba  # noqa: F401
    except ImportError:
        return
    fast = json.loads(_run(_FIT))
    assert fast["converged"]
    # two certified solutions of the same strictly convex-in-Xw problem: close coefficients
    np.testing.assert_allclose(fast["coef"], blocked["coef"], atol=1e-4)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("positive", [False, True])
def test_compiled_residual_cd_matches_numpy_reference(seed, positive):
    pytest.importorskip("numba")
    from sparsenorm.solvers._working_set import _cd_residual_loop, cd_residual_numpy

    rng = np.random.default_rng(100 + seed)
    n, k = (20, 60) if seed % 2 else (80, 15)
    Xt = rng.standard_normal((k, n))
    Xt[1:] += 0.8 * Xt[:-1]  # correlated columns
    if seed % 3 == 0:
        Xt[rng.integers(k)] = 0.0  # an empty column
    y = rng.standard_normal(n)
    norms = np.einsum("ij,ij->i", Xt, Xt) / n
    l1 = float(rng.uniform(0.05, 0.5)) * float(np.abs(Xt @ y).max()) / n
    l2 = 0.0 if seed % 2 else 0.1
    w0 = np.where(rng.random(k) < 0.3, rng.standard_normal(k), 0.0)
    if positive:
        w0 = np.abs(w0)
    r0 = y - w0 @ Xt
    # the columns are rows of a larger cache, in another order
    cache = np.vstack([rng.standard_normal((3, n)), Xt[::-1]])
    pos = np.arange(3 + k - 1, 2, -1)
    assert np.array_equal(cache[pos], Xt)
    for reassociate in (False, True):
        kernel = compiled(_cd_residual_loop, reassociate=reassociate)
        for n_epochs, kkt_tol in [(1, 0.0), (6, 0.0), (300, 1e-9 * l1)]:
            w_ref, r_ref = w0.copy(), r0.copy()
            e_ref = cd_residual_numpy(
                cache, pos, norms, r_ref, l1, l2, w_ref, positive, n_epochs, kkt_tol
            )
            w_fast, r_fast = w0.copy(), r0.copy()
            e_fast = kernel(cache, pos, norms, r_fast, l1, l2, w_fast, positive, n_epochs, kkt_tol)
            scale = max(np.abs(w_ref).max(), 1.0)
            np.testing.assert_allclose(w_fast, w_ref, rtol=1e-8, atol=1e-10 * scale)
            np.testing.assert_allclose(r_fast, r_ref, rtol=1e-8, atol=1e-10 * np.abs(y).max())
            if n_epochs < 300:
                assert e_fast == e_ref
            # the residual stays the residual of the iterate (updated in place)
            np.testing.assert_allclose(r_fast, y - w_fast @ Xt, atol=1e-10 * np.abs(y).max())
            if positive:
                assert (w_fast >= 0).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(7, 13), (50, 3), (1, 40)])
@pytest.mark.parametrize("rest", [(), (4,)])
def test_scipy_segment_sum_matches_numpy_reference(dtype, shape, rest):
    pytest.importorskip("scipy")
    from sparsenorm.sparse import COO
    from sparsenorm.sparse._kernels import segment_sum_numpy, segment_sum_scipy

    rng = np.random.default_rng(len(rest) + shape[0])
    m, n = shape
    nnz = 3 * (m + n)
    a = COO(
        np.stack([rng.integers(0, m, nnz), rng.integers(0, n, nnz)]),
        rng.standard_normal(nnz).astype(dtype),
        shape=shape,
    ).to_sparse_csr()
    ptr, minor, values = a.crow_indices(), a.col_indices(), a.values()
    x = rng.standard_normal((n, *rest)).astype(dtype)
    fast = segment_sum_scipy(ptr, minor, values, x, dtype)
    ref = segment_sum_numpy(ptr, minor, values, x, dtype)
    assert fast is not None and fast.dtype == ref.dtype == dtype and fast.shape == ref.shape
    # scipy adds each row's products one after the other, numpy's reduceat in its own order
    tol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(fast, ref, rtol=tol, atol=tol * np.abs(ref).max())
    # the dispatcher gives the scipy result, and the matrix product the same
    np.testing.assert_array_equal(a @ x, fast)
    # no fast path for mixed dtypes or integers: the caller falls back to the reference
    assert segment_sum_scipy(ptr, minor, values.astype(np.int64), x, np.float64) is None


def _random_csc(rng, m, n, nnz, dtype):
    from sparsenorm.sparse import COO

    return COO(
        np.stack([rng.integers(0, m, nnz), rng.integers(0, n, nnz)]),
        rng.standard_normal(nnz).astype(dtype),
        shape=(m, n),
    ).to_sparse_csc()


def test_scipy_kernels_module_is_there_with_scipy():
    """_kernels._sparsetools: 'checks that it is there wherever scipy is installed'."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import _sparsetools

    tools = _sparsetools()
    assert tools is not None
    for name in ("csr_matvec", "csr_matvecs", "csc_matvec", "csc_matvecs"):
        assert callable(getattr(tools, name)), name


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("rest", [(), (3,)])
def test_scipy_column_product_matches_numpy_csc(dtype, rest):
    """The compiled CSC product against the dense product and the numpy reference; a CSC
    matrix's own ``@`` (a dense x: every column active) is the compiled product, bit for bit,
    and the numpy reference runs for other dtypes."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import column_product_numpy, column_product_scipy

    rng = np.random.default_rng(7)
    m, n = 30, 45
    a = _random_csc(rng, m, n, 200, dtype)
    x = rng.standard_normal((n, *rest)).astype(dtype)
    assert np.all(x != 0)
    args = (a.ccol_indices(), a.row_indices(), a.values(), x, dtype, m)
    fast = column_product_scipy(*args)
    ref = column_product_numpy(*args)
    dense = a.to_dense().astype(np.float64) @ x.astype(np.float64)  # independent reference
    assert fast.dtype == ref.dtype == dtype and fast.shape == ref.shape == (m, *rest)
    tol = 1e-5 if dtype == np.float32 else 1e-13
    for result in (fast, ref):
        np.testing.assert_allclose(result, dense, rtol=tol, atol=tol * np.abs(dense).max())
    np.testing.assert_array_equal(a @ x, fast)
    # no compiled kernel for mixed dtypes or integers: the caller falls back to the reference
    assert column_product_scipy(*args[:2], a.values().astype(np.int64), *args[3:]) is None
    assert column_product_scipy(*args[:3], x.astype(np.float16), *args[4:]) is None


def test_select_columns_is_the_matrix_of_the_selected_columns():
    """select_columns: the CSC matrix of the active columns (empty ones included) and the
    rows of x they meet; _active_columns returns exactly the columns where x is non-zero,
    NaN included, and never selects for a 2-D x or an x without zeros."""
    from sparsenorm.sparse import CSC, to_sparse_csc
    from sparsenorm.sparse._kernels import _active_columns, select_columns

    rng = np.random.default_rng(3)
    dense = np.where(rng.random((40, 300)) < 0.02, rng.standard_normal((40, 300)), 0.0)
    dense[:, 5] = 0.0  # an empty column among the selected ones
    dense[[1, 7], 17] = [1.5, 2.0]
    a = to_sparse_csc(dense)
    x = np.zeros(300)
    x[[5, 17, 250]] = [1.0, np.nan, -2.0]
    selection = _active_columns(a.ccol_indices(), x)
    assert selection is not None
    np.testing.assert_array_equal(selection[0], [5, 17, 250])
    ptr, rows, values, sub_x = select_columns(
        a.ccol_indices(), a.row_indices(), a.values(), x, selection
    )
    sub = CSC(ptr, rows, values, shape=(40, 3))
    np.testing.assert_array_equal(sub.to_dense(), dense[:, [5, 17, 250]])
    np.testing.assert_array_equal(sub_x, x[[5, 17, 250]])
    assert _active_columns(a.ccol_indices(), np.ones(300)) is None
    assert _active_columns(a.ccol_indices(), np.zeros((300, 2))) is None
    expected = dense[:, [5, 250]] @ x[[5, 250]]
    expected[dense[:, 17] != 0] = np.nan  # the NaN reaches the rows its column stores
    np.testing.assert_array_equal(a @ x, expected)


def test_tagged_sort_is_the_stable_argsort():
    """tagged_sort against numpy's stable argsort, duplicates included, and None where a key
    and a position need more than 63 bits."""
    from sparsenorm.sparse._kernels import tagged_sort

    rng = np.random.default_rng(5)
    for n, bound in [(0, 1), (1, 1), (2, 1), (1000, 7), (5000, 1 << 40), (300, 1 << 53)]:
        keys = rng.integers(0, bound, n)
        order, sorted_keys = tagged_sort(keys, bound)
        np.testing.assert_array_equal(order, np.argsort(keys, kind="stable"))
        np.testing.assert_array_equal(sorted_keys, np.sort(keys))
    assert tagged_sort(np.zeros(3, dtype=np.int64), 1 << 61) is not None  # 61 + 2 bits
    assert tagged_sort(np.zeros(5, dtype=np.int64), 1 << 61) is None  # 61 + 3 bits


def test_coalesce_sums_duplicates_in_storage_order_on_every_path():
    """'The sort is stable: the duplicates of a position reach _segment_sums in the order they
    are stored': three float64 duplicates whose sum by np.add.reduceat (which _segment_sums
    runs) depends on their order (numpy 2.4 sums [1, 1e16, -1e16] to 1, [1e16, -1e16, 1] to
    0), on the flat-key path and on the per-digit path (a shape too large for one 63-bit
    key)."""
    from sparsenorm.sparse import COO

    coords = np.array([[3, 0, 3, 3], [2, 1, 2, 2]])
    sums = set()
    for duplicates in ([1.0, 1e16, -1e16], [1e16, -1e16, 1.0]):
        values = np.array([duplicates[0], 5.0, *duplicates[1:]])
        expected = float(np.add.reduceat(np.array(duplicates), [0])[0])
        sums.add(expected)
        for size in (10, 1 << 40):  # 10 * 10 positions fit one key; 2**80 do not
            c = COO(coords, values, shape=(size, size)).coalesce()
            np.testing.assert_array_equal(c.indices(), [[0, 3], [1, 2]])
            np.testing.assert_array_equal(c.values(), [5.0, expected])
    assert sums == {0.0, 1.0}  # the two orders give two sums: the test sees the order


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_finite_by_bound_is_never_wrong(dtype):
    """finite_by_bound: True only where the product is finite. Rows of L equal products a b,
    all of one sign (the largest sums there are), computed by scipy's CSR kernel alone, on
    both sides of the bound 4 L a b <= max; and the (L + 1) u <= 1/4 condition, at its edge."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import finite_by_bound, segment_sum_scipy

    info = np.finfo(dtype)
    shown, overflowed = 0, 0
    for L in (1, 2, 3, 17, 1000):
        for fraction in (0.2, 0.25, 0.3, 0.5, 1.0, 2.0):
            a = dtype(np.sqrt(float(info.max) * fraction / L))
            b = dtype(float(info.max) * fraction / L / float(a))
            x = np.full(L, b, dtype=dtype)
            ptr, cols = np.array([0, L]), np.arange(L)
            product = segment_sum_scipy(ptr, cols, np.full(L, a, dtype=dtype), x, dtype)
            overflowed += not np.isfinite(product).all()
            if finite_by_bound(float(a), x, L):
                shown += 1
                assert np.isfinite(product).all(), (L, fraction)
                assert 4.0 * L * float(a) * float(b) <= float(info.max)
    assert shown and overflowed  # both sides of the edge are reached
    u = float(info.eps) / 2
    edge = int(0.25 / u) - 1  # (edge + 1) u <= 1/4 exactly
    one = np.ones(1, dtype=dtype)
    assert finite_by_bound(1.0, one, edge)
    assert not finite_by_bound(1.0, one, edge + 1)
    assert not finite_by_bound(np.inf, one, 1) and not finite_by_bound(1.0, one * np.nan, 1)
    assert finite_by_bound(np.nan, one[:0], 1)  # an empty x: the product is zeros


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("positive", [False, True])
def test_compiled_sparse_cd_matches_dense_centred_reference(seed, positive):
    """The CSC loop's implicit centring against explicitly centred dense columns."""
    pytest.importorskip("numba")
    sp = pytest.importorskip("scipy.sparse")
    from sparsenorm.solvers._working_set import _cd_sparse_loop, cd_sparse_numpy

    rng = np.random.default_rng(200 + seed)
    n, m = 40, 25
    X = sp.random(n, m, density=0.2, format="csc", random_state=seed)
    u = rng.uniform(0.5, 1.5, n) if seed % 2 else np.ones(n)
    X = sp.csc_array(sp.diags(u) @ X)
    u_sq = float(u @ u)
    mean_all = np.asarray(X.T @ u).ravel() / u_sq if seed < 2 else np.zeros(m)
    pos = rng.permutation(m)[:15]
    cols = X[:, pos].toarray() - np.outer(u, mean_all[pos])
    norms = np.einsum("ij,ij->j", cols, cols) / n
    y = rng.standard_normal(n)
    if seed < 2:
        y -= u * (u @ y) / u_sq  # centred: uᵀy = 0, as the solver's target is
    l1 = 0.2 * float(np.abs(cols.T @ y).max()) / n
    w0 = np.zeros(pos.size)
    kernel = compiled(_cd_sparse_loop)
    for n_epochs, kkt_tol in [(1, 0.0), (6, 0.0), (300, 1e-10 * l1)]:
        w_ref, r_ref = w0.copy(), y.copy()
        e_ref = cd_sparse_numpy(
            X, pos, mean_all[pos], u, norms, r_ref, l1, 0.0, w_ref, positive, n_epochs, kkt_tol
        )
        w_fast, r_fast = w0.copy(), y.copy()
        e_fast = kernel(
            X.indptr.astype(np.int64),
            X.indices.astype(np.int64),
            X.data,
            pos.astype(np.int64),
            mean_all[pos].copy(),
            u,
            u_sq,
            norms,
            r_fast,
            l1,
            0.0,
            w_fast,
            positive,
            n_epochs,
            kkt_tol,
        )
        np.testing.assert_allclose(w_fast, w_ref, rtol=1e-8, atol=1e-11)
        np.testing.assert_allclose(r_fast, r_ref, rtol=1e-8, atol=1e-11)
        np.testing.assert_allclose(r_fast, y - cols @ w_fast, atol=1e-11)
        if n_epochs < 300:
            assert e_fast == e_ref


@pytest.mark.parametrize("l2", [0.0, 0.3])
@pytest.mark.parametrize("positive", [False, True])
def test_gram_gap_equals_the_residual_gap(l2, positive):
    """_gram_gap (the inner Gram solves' stopping rule) is _enet_gap without the residual."""
    from sparsenorm.solvers._working_set import _gram_gap
    from sparsenorm.solvers.duality import _enet_gap

    rng = np.random.default_rng(3)
    n, k = 40, 12
    X = rng.standard_normal((n, k))
    y = X[:, :3] @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(n)
    l1 = 0.2 * float(np.abs(X.T @ y).max()) / n
    H = X.T @ X / n + l2 * np.eye(k)
    b = X.T @ y / n
    y_sq = float(y @ y) / n
    for trial in range(20):
        w = rng.standard_normal(k) * (rng.random(k) < 0.5)
        if positive and trial % 2:
            w = np.abs(w)
        r = y - X @ w
        expected = _enet_gap(r, y, w, X.T @ r / n - l2 * w, l1, l2, n, positive)[0]
        got = _gram_gap(H, b, y_sq, w, l1, l2, positive)
        if np.isinf(expected):
            assert np.isinf(got)
        else:
            # the same quantity: equal up to the cancellation in ‖y‖² − 2bᵀw + wᵀHw
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12 * y_sq)


def test_gram_rent_counts_the_epochs_a_gram_block_costs():
    from sparsenorm.solvers._design import Data, GramCache
    from sparsenorm.solvers._working_set import GRAM_SPEEDUP, INNER_EPOCHS, _gram_rent

    rng = np.random.default_rng(0)
    data = Data(rng.standard_normal((100, 30)), rng.standard_normal(100), fit_intercept=False)
    cache = GramCache(data.design, data.y)
    cache.ensure(np.arange(20))
    # 2·n·m_new·m / (GRAM_SPEEDUP·4·n·k) residual epochs, rounded up
    assert _gram_rent(cache, 20, 100) == int(np.ceil(2 * 20 * 20 / (GRAM_SPEEDUP * 4 * 20)))
    assert _gram_rent(cache, 51, 100) == INNER_EPOCHS  # k > n/2: the Gram never pays
    cache.gram  # noqa: B018 (computes the Gram block of the cached columns)
    assert _gram_rent(cache, 20, 100) == 0  # already built: no epochs to rent


@pytest.mark.parametrize(
    ("l1_ratio", "positive", "intercept"),
    [(1.0, False, False), (1.0, True, True), (0.7, False, True)],
)
def test_tall_fit_switches_to_the_gram_and_agrees_with_numpy(
    monkeypatch, l1_ratio, positive, intercept
):
    """A tall, correlated problem rents residual epochs, then solves on the Gram matrix.

    The switch is observed (the Gram solver runs), the fit is certified, and it agrees with
    the numpy path (numba disabled).
    """
    pytest.importorskip("numba")
    import sparsenorm._kernels as kernels
    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers import elastic_net

    rng = np.random.default_rng(5)
    n, p = 1500, 80
    Z = rng.standard_normal((n, p))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    for j in range(1, p):
        X[:, j] = 0.9 * X[:, j - 1] + np.sqrt(1 - 0.81) * Z[:, j]
    y = X[:, ::4] @ rng.uniform(0.5, 1.5, p // 4) + rng.standard_normal(n) + 3.0
    a_max = float(np.abs(X.T @ (y - y.mean())).max()) / n
    alpha = 0.005 * a_max
    gram_calls = []
    inner = ws._inner_cd

    def counted(*args, **kwargs):
        gram_calls.append(1)
        return inner(*args, **kwargs)

    monkeypatch.setattr(ws, "_inner_cd", counted)
    fit = dict(l1_ratio=l1_ratio, positive=positive, fit_intercept=intercept, tol=1e-10)
    fast = elastic_net(X, y, alpha, **fit)
    assert gram_calls, "the ski-rental rule never switched to the Gram matrix"
    unit = float(((y - y.mean()) ** 2).mean()) if intercept else float((y**2).mean())
    assert fast.converged and fast.dual_gap <= 1e-10 * unit
    monkeypatch.setitem(kernels._COMPILED, ws._cd_gram_loop, None)
    monkeypatch.setitem(kernels._COMPILED, ws._cd_residual_loop, None)
    gram_calls.clear()
    slow = elastic_net(X, y, alpha, **fit)
    assert not gram_calls and slow.converged
    np.testing.assert_allclose(fast.coef, slow.coef, atol=1e-5)
