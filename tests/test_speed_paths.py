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
    # both sum each row's products in storage order, numpy's reduceat pairwise within a row
    tol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(fast, ref, rtol=tol, atol=tol * np.abs(ref).max())
    # the dispatcher gives the scipy result, and the matrix product the same
    np.testing.assert_array_equal(a @ x, fast)
    # no fast path for mixed dtypes or integers: the caller falls back to the reference
    assert segment_sum_scipy(ptr, minor, values.astype(np.int64), x, np.float64) is None


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("rest", [(), (3,)])
def test_scipy_column_product_matches_numpy_csc(dtype, rest):
    pytest.importorskip("scipy")
    from sparsenorm.sparse import COO
    from sparsenorm.sparse._kernels import column_product_scipy

    rng = np.random.default_rng(7)
    m, n, nnz = 30, 45, 200
    a = COO(
        np.stack([rng.integers(0, m, nnz), rng.integers(0, n, nnz)]),
        rng.standard_normal(nnz).astype(dtype),
        shape=(m, n),
    ).to_sparse_csc()
    x = rng.standard_normal((n, *rest)).astype(dtype)
    fast = column_product_scipy(a.ccol_indices(), a.row_indices(), a.values(), x, dtype, m)
    dense = a.to_dense().astype(np.float64) @ x.astype(np.float64)  # independent reference
    assert fast.dtype == dtype and fast.shape == (m, *rest)
    tol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(fast, dense, rtol=tol, atol=tol * np.abs(dense).max())
    np.testing.assert_allclose(fast, a @ x, rtol=tol, atol=tol * np.abs(dense).max())


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
