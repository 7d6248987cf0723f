"""The compiled (numba) inner loops agree with their numpy references; numba stays optional.

No timed assertions here: speed is measured by ``nox -s bench``.
"""

import itertools
import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from sparsenorm._kernels import NUMBA_ENV, compiled
from sparsenorm.solvers._active_set import _cd_gram_loop, cd_gram, cd_gram_numpy
from sparsenorm.solvers._working_set import _gram_gap, _gram_gap_parts


def _needs_compiled():
    """Skip where the compiled loops do not run: numba missing, or switched off by the env."""
    pytest.importorskip("numba")
    if os.environ.get(NUMBA_ENV, "1") == "0":
        pytest.skip(f"{NUMBA_ENV}=0 switches the compiled loops off")


def _kkt_violation_here(H, b, lam, w, positive):
    g = H @ w - b
    on = np.abs(g + lam * np.sign(w))[w != 0]
    off = (np.maximum(-g - lam, 0.0) if positive else np.abs(g) - lam)[w == 0]
    return max(on.max(initial=0.0), off.max(initial=0.0))


def _numba_on_or_off(monkeypatch, numba_on):
    """The compiled loops where ``numba_on`` (skip without them), else numpy's, for this test."""
    if numba_on:
        _needs_compiled()
    else:
        monkeypatch.setenv(NUMBA_ENV, "0")
        monkeypatch.setattr("sparsenorm._kernels._COMPILED", {})


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
    _needs_compiled()
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
        kernel(np.asfortranarray(H), b, lam, w_fast, positive, n_epochs, kkt_tol, np.zeros(6))
        # same steps in the same order; the starting gradient H @ w − b is summed in another
        # order than BLAS's, so the iterates agree to rounding, not bit for bit
        np.testing.assert_allclose(w_fast, w_ref, rtol=1e-9, atol=1e-12 * np.abs(w_ref).max())
        assert np.array_equal(w_fast == 0, w_ref == 0) or n_epochs > 1
        if positive:
            assert (w_fast >= 0).all()
        # descent from the start: coordinate descent never increases the objective
        assert _objective(H, b, lam, w_fast) <= _objective(H, b, lam, w0) + 1e-12
    # the check before the 5th epoch reports the gap parts of the point 4 epochs reach
    check = np.full(6, np.nan)
    kernel(np.asfortranarray(H), b, lam, w0.copy(), positive, 5, 0.0, check)
    w4 = cd_gram_numpy(H, b, lam, w0.copy(), positive, 4, 0.0)
    grad = H @ w4 - b
    dual = (-grad).max(initial=0.0) if positive else np.abs(grad).max()
    want = [dual, b @ w4, w4 @ grad, np.abs(w4).sum(), w4 @ w4]
    np.testing.assert_allclose(check[1:], want, rtol=1e-9, atol=1e-12 * (1 + np.abs(want).max()))
    y_sq = 2.0 * float(np.abs(b).max()) + 1.0  # any ‖y‖²/n: the parts give _gram_gap's value
    got = _gram_gap_parts(*check[1:], y_sq, lam, 0.0)
    assert got == pytest.approx(_gram_gap(H, b, y_sq, w4, lam, 0.0, positive), rel=1e-9, abs=1e-12)


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


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("scale", [1e-6, 0.01, 1e3])
def test_active_set_solve_that_says_converged_meets_its_kkt_tol(positive, scale):
    """solve_l1_qp converges, and what it returns meets its kkt_tol (the KKT violation recomputed
    here), for coefficients of the order of ``scale``, from a cold start and from 1e-9 and
    1e-6 (relative) off the solution. Near the solution the step that removes the violation
    lowers the objective by less than rounding, and on a small scale a real descent is
    smaller than an absolute rounding floor. Of these 360 solves, 133 came back converged
    above kkt_tol before the full step near the solution (b5950c9; violations up to 0.043
    of the strength, at scale 1e-6), and 15 (all at scale 1e3) before the relative rounding
    floor (8ba539f)."""
    from sparsenorm.solvers._active_set import solve_l1_qp

    for seed in range(20):
        rng = np.random.default_rng(seed)
        n, k = 150, 8
        Z = rng.standard_normal((n, k))
        X = Z + 0.9 * Z[:, [0]]
        y = scale * (X @ rng.standard_normal(k) + rng.standard_normal(n))
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        H, b = Xc.T @ Xc / n, Xc.T @ yc / n
        lam = 0.05 * np.abs(b).max()
        solution = solve_l1_qp(H, b, lam, np.zeros(k), positive=positive, kkt_tol=1e-14 * lam)[0]
        for start in (
            np.zeros(k),
            *(solution * (1 + d * rng.standard_normal(k)) for d in (1e-9, 1e-6)),
        ):
            w, _, converged = solve_l1_qp(H, b, lam, start, positive=positive, kkt_tol=1e-11 * lam)
            assert converged and _kkt_violation_here(H, b, lam, w, positive) <= 1e-11 * lam


def test_active_set_solve_decides_convergence_on_a_recomputed_gradient():
    """Nearly duplicated columns (x₁ = x₀, x₂ = 2x₀ + 1e-9 z), scales 1e-8 to 1e6, cold and
    warm starts, kkt_tol 1e-8 to 1e-14 of λ (review 15's sweep of such problems): what
    solve_l1_qp returns as converged meets kkt_tol by the gradient recomputed from its w. The
    running gradient drifts along the steps; deciding on it, 17 of review 15's 3,600 solves
    (all at 1e-14) came back converged above kkt_tol, up to 3.2 times."""
    from sparsenorm.solvers._active_set import solve_l1_qp

    for seed in (3, 8, 13, 18, 23):
        rng = np.random.default_rng(seed)
        n, k = 150, 8
        Z = rng.standard_normal((n, k))
        X = Z.copy()
        X[:, 1], X[:, 2] = X[:, 0], 2 * X[:, 0] + 1e-9 * Z[:, 2]
        for scale in (1e-8, 1e-6, 1e-3, 1.0, 1e3, 1e6):
            y = scale * (
                X @ (rng.standard_normal(k) * (rng.random(k) < 0.5)) + rng.standard_normal(n)
            )
            Xc, yc = X - X.mean(axis=0), y - y.mean()
            H, b = Xc.T @ Xc / n, Xc.T @ yc / n
            for positive in (False, True):
                lam = rng.choice([0.01, 0.05, 0.3]) * np.abs(b).max()
                fit = dict(positive=positive)
                sol = solve_l1_qp(H, b, lam, np.zeros(k), kkt_tol=1e-14 * lam, **fit)[0]
                for rel in (0.0, 1e-9, 1e-6, 1e-3):
                    start = sol * (1 + rel * rng.standard_normal(k)) if rel else np.zeros(k)
                    for kkt_tol in (1e-8 * lam, 1e-11 * lam, 1e-14 * lam):
                        w, _, converged = solve_l1_qp(H, b, lam, start, kkt_tol=kkt_tol, **fit)
                        if converged:
                            assert _kkt_violation_here(H, b, lam, w, positive) <= kkt_tol


def test_active_set_solve_that_stops_short_of_kkt_tol_says_so():
    """A cold start on an ill-conditioned problem (cond(H) about 9e4, y scaled by 1e6)
    where the active-set steps stop above kkt_tol (its premise, asserted): the solve reports
    not converged (before ba1e1d1 it reported converged at a violation of 1.2e-8·λ)."""
    from sparsenorm.solvers._active_set import solve_l1_qp

    rng = np.random.default_rng(11)
    n, k = 150, 30
    Z = rng.standard_normal((n, k))
    X = Z + 0.999 * Z[:, [0]] * 10
    for scale in (1e-8, 1e-6, 1e-3, 1.0, 1e3, 1e6):  # (review 15's sequence of draws)
        y = scale * (X @ (rng.standard_normal(k) * (rng.random(k) < 0.5)) + rng.standard_normal(n))
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        H, b = Xc.T @ Xc / n, Xc.T @ yc / n
        for positive in (False, True):
            lam = rng.choice([0.01, 0.05, 0.3]) * np.abs(b).max()
            if scale == 1e6 and not positive:
                break
            rng.standard_normal((3, k))  # (the draws of the warm starts review 15 made)
    for kkt_tol in (1e-8 * lam, 1e-11 * lam):
        w, _, converged = solve_l1_qp(H, b, lam, np.zeros(k), kkt_tol=kkt_tol)
        violation = _kkt_violation_here(H, b, lam, w, False)
        assert violation > 1e-8 * lam  # the premise: the steps stop above kkt_tol
        assert not converged


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


def _sweep_by_hand(Xt, y, w, l1, l2, positive):
    """One epoch of cyclic coordinate descent from ``w`` in plain Python: the end point, the
    correlations it meets (each just before its coordinate's update) and their largest KKT
    violation."""
    k, n = Xt.shape
    w, r = w.astype(float), y - w @ Xt
    viol, met = 0.0, []
    for j in range(k):
        corr = sum(Xt[j, i] * r[i] for i in range(n)) / n
        g = corr - l2 * w[j]
        met.append(g)
        if w[j] > 0:
            viol = max(viol, abs(g - l1))
        elif w[j] < 0:
            viol = max(viol, abs(g + l1))
        else:
            viol = max(viol, (g if positive else abs(g)) - l1)
        sq = sum(Xt[j, i] ** 2 for i in range(n)) / n
        if sq == 0:
            new = 0.0
        else:
            z = sq * w[j] + corr
            shrunk = max(z - l1, 0.0) if positive else np.sign(z) * max(abs(z) - l1, 0.0)
            new = shrunk / (sq + l2)
        r = r - (new - w[j]) * Xt[j]
        w[j] = new
    return w, np.array(met), viol


def _kkt_and_dual(g, w, l1, positive):
    """The largest KKT violation and the dual norm of correlations ``g`` at ``w``, by hand."""
    viol = 0.0
    for g_j, w_j in zip(g, w, strict=True):
        if w_j > 0:
            viol = max(viol, abs(g_j - l1))
        elif w_j < 0:
            viol = max(viol, abs(g_j + l1))
        else:
            viol = max(viol, (g_j if positive else abs(g_j)) - l1)
    return viol, (max(0.0, max(g)) if positive else max(abs(g)))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("positive", [False, True])
def test_residual_cd_checks_every_5th_epoch_and_where_the_sweep_suggests(seed, positive):
    """The residual loops check the point they reach after every 5th epoch and after an epoch
    whose sweep suggests the stop (its violation, or the gap from its dual norm and the end
    point's parts, meets ``kkt_tol`` or the target) until a suggested check fails; a check that
    meets them stops the loop. Against the rule replayed by hand on the epochs of a
    plain sweep, with thresholds that a later epoch is the first to meet. The sparse loops
    (on the same columns, stored CSC) suggest from the violation only."""
    from functools import partial

    import scipy.sparse as sp

    from sparsenorm.solvers._working_set import (
        _cd_residual_loop,
        _cd_sparse_loop,
        cd_residual_numpy,
        cd_sparse_numpy,
    )
    from sparsenorm.solvers.duality import _enet_gap_parts

    rng = np.random.default_rng(700 + seed)
    n, k = (25, 40) if seed % 2 else (60, 12)
    Xt = rng.standard_normal((k, n))
    Xt[1:] += 0.9 * Xt[:-1]  # correlated: many epochs
    y = rng.standard_normal(n)
    l1 = 0.05 * float(np.abs(Xt @ y).max()) / n
    l2 = 0.0 if seed < 3 else 0.2
    norms = np.einsum("ij,ij->i", Xt, Xt) / n
    points, exact, hint = [np.zeros(k)], [], []  # per epoch: (violation, gap) checked, hinted
    for _ in range(20):
        w, met, sweep_viol = _sweep_by_hand(Xt, y, points[-1], l1, l2, positive)
        r = y - w @ Xt
        parts = (r @ r, r @ y, np.abs(w).sum(), w @ w)
        viol, dual = _kkt_and_dual(Xt @ r / n - l2 * w, w, l1, positive)
        exact.append((viol, _enet_gap_parts(*parts, dual, l1, l2, n)[0]))
        sweep_dual = max(0.0, met.max()) if positive else np.abs(met).max()
        hint.append((sweep_viol, _enet_gap_parts(*parts, sweep_dual, l1, l2, n)[0]))
        points.append(w)

    def replay(kkt_tol, target, gap_hint, n_epochs=20):
        trusted = True
        for epoch in range(n_epochs):
            check_now = epoch % 5 == 4 or epoch == n_epochs - 1
            suggested = False
            if trusted and not check_now:
                h_viol, h_gap = hint[epoch]
                h_gap = h_gap if gap_hint else np.inf  # the sparse loop's: violation only
                check_now = suggested = h_viol <= kkt_tol or h_gap <= target
            e_viol, e_gap = exact[epoch]
            if check_now and (e_viol <= kkt_tol or e_gap <= target):
                return epoch + 1, trusted
            trusted = trusted and not (check_now and suggested)
        return n_epochs, trusted

    gaps, viols = [g for _, g in exact], [v for v, _ in exact]
    cases = [(0.0, -np.inf)]  # no stop
    for e in range(1, 20):  # the thresholds halfway below the earlier epochs' lowest
        if gaps[e] < min(gaps[:e]):
            cases.append((0.0, (gaps[e] + min(gaps[:e])) / 2))
        if viols[e] < min(viols[:e]):
            cases.append(((viols[e] + min(viols[:e])) / 2, -np.inf))
    # a target that an optimistic suggestion meets before the check does (a check in vain)
    cases += [(0.0, (h + g) / 2) for (_, h), (_, g) in zip(hint, exact, strict=True) if h < g][:3]
    # and a KKT tolerance that an optimistic violation meets first
    pairs = zip(hint, exact, strict=True)
    cases += [((h + v) / 2, -np.inf) for (h, _), (v, _) in pairs if h < v][:3]
    csc = sp.csc_matrix(Xt.T)
    pos, zeros, ones = np.arange(k), np.zeros(k), np.ones(n)
    loops = [(partial(cd_residual_numpy, Xt, pos, zeros, ones, float(n)), True)]
    loops.append((partial(cd_sparse_numpy, csc, pos, zeros, ones), False))
    if compiled(_cd_residual_loop) is not None:
        loops.append((partial(compiled(_cd_residual_loop), Xt, pos, zeros, ones, float(n)), True))
        arrays = (csc.indptr.astype(np.int64), csc.indices.astype(np.int64), csc.data)
        sparse_loop = compiled(_cd_sparse_loop)
        loops.append((partial(sparse_loop, *arrays, pos, zeros, ones, float(n)), False))
    for loop, gap_hint in loops:
        stops = [replay(*case, gap_hint) for case in cases]
        assert any(e % 5 for e, _ in stops)  # some stop between the windows' ends
        for (kkt_tol, target), (want, trusted) in zip(cases, stops, strict=True):
            w, r, check = np.zeros(k), y.copy(), np.zeros(7)
            assert loop(norms, r, l1, l2, w, positive, 20, kkt_tol, target, y, check) == want
            assert check[6] == (0.0 if trusted else 1.0)
            np.testing.assert_allclose(w, points[want], rtol=1e-8, atol=1e-10)
            if want < 20:  # the check is the end point's
                r = y - w @ Xt
                viol, dual = _kkt_and_dual(Xt @ r / n - l2 * w, w, l1, positive)
                want_check = [viol, dual, r @ r, r @ y, np.abs(w).sum(), w @ w]
                np.testing.assert_allclose(check[:6], want_check, rtol=1e-8, atol=1e-12 * (y @ y))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("positive", [False, True])
def test_compiled_residual_cd_matches_numpy_reference(seed, positive):
    _needs_compiled()
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
    no_mean, ones = np.zeros(k), np.ones(n)
    for reassociate in (False, True):
        kernel = compiled(_cd_residual_loop, reassociate=reassociate)
        y_sq = float(y @ y) / n
        for n_epochs, kkt_tol, target in [
            (1, 0.0, -np.inf),
            (6, 0.0, -np.inf),
            (300, 1e-9 * l1, -np.inf),
            (300, 0.0, 1e-4 * y_sq),
        ]:
            args = (no_mean, ones, float(n), norms)
            w_ref, r_ref, check_ref = w0.copy(), r0.copy(), np.zeros(7)
            stop = (n_epochs, kkt_tol, target, y, check_ref)
            e_ref = cd_residual_numpy(cache, pos, *args, r_ref, l1, l2, w_ref, positive, *stop)
            w_fast, r_fast, check = w0.copy(), r0.copy(), np.zeros(7)
            stop = (n_epochs, kkt_tol, target, y, check)
            e_fast = kernel(cache, pos, *args, r_fast, l1, l2, w_fast, positive, *stop)
            np.testing.assert_allclose(check, check_ref, rtol=1e-9, atol=1e-12 * abs(y @ y))
            scale = max(np.abs(w_ref).max(), 1.0)
            np.testing.assert_allclose(w_fast, w_ref, rtol=1e-8, atol=1e-10 * scale)
            np.testing.assert_allclose(r_fast, r_ref, rtol=1e-8, atol=1e-10 * np.abs(y).max())
            if n_epochs < 300 or target > 0:
                assert e_fast == e_ref
            # the residual stays the residual of the iterate (updated in place)
            np.testing.assert_allclose(r_fast, y - w_fast @ Xt, atol=1e-10 * np.abs(y).max())
            if positive:
                assert (w_fast >= 0).all()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("work", [np.float64, np.float32])
def test_compiled_residual_cd_centres_raw_float32_rows(seed, work):
    """The implicit centring (``mean``, ``u``) of the compiled residual loop on raw float32
    rows against explicitly centred float64 columns; with a float32 residual the products are
    float32, so only to float32's precision."""
    _needs_compiled()
    from sparsenorm.solvers._working_set import _cd_residual_loop, cd_residual_numpy

    rng = np.random.default_rng(300 + seed)
    n, k = (30, 50) if seed % 2 else (90, 12)
    raw = (rng.standard_normal((k, n)) + rng.uniform(-3, 3, (k, 1))).astype(np.float32)
    u = rng.uniform(0.5, 1.5, n) if seed >= 2 else np.ones(n)
    raw = (raw * u).astype(np.float32)  # rows already weighted, as the solver's are
    u_sq = float(u @ u)
    mean = (raw.astype(np.float64) @ u) / u_sq
    cols = raw.astype(np.float64) - np.outer(mean, u)
    norms = np.einsum("ij,ij->i", cols, cols) / n
    y = rng.standard_normal(n)
    y -= u * (u @ y) / u_sq  # the solver's target is centred: uᵀy = 0
    l1 = 0.1 * float(np.abs(cols @ y).max()) / n
    kernel = compiled(_cd_residual_loop, reassociate=True)
    pos = np.arange(k)
    tol = 1e-8 if work is np.float64 else 1e-4
    # the last: stopped early by its KKT check, after which r + s·u is folded back in
    for n_epochs, kkt_tol in [(1, 0.0), (6, 0.0), (40, 0.0), (400, 1e-3 * l1)]:
        w_ref, r_ref = np.zeros(k), y.copy()
        args = (raw, pos, mean, u, u_sq, norms)
        check_ref, check = np.zeros(7), np.zeros(7)
        stop = (n_epochs, kkt_tol, -np.inf, y)
        e_ref = cd_residual_numpy(*args, r_ref, l1, 0.0, w_ref, False, *stop, check_ref)
        w_fast, r_fast = np.zeros(k), y.astype(work)
        e_fast = kernel(*args, r_fast, l1, 0.0, w_fast, False, *stop, check)
        if n_epochs == 400:
            assert e_fast < 400 and (work is np.float32 or e_fast == e_ref)
        np.testing.assert_allclose(check, check_ref, rtol=10 * tol, atol=tol * float(y @ y))
        assert r_fast.dtype == work
        scale = np.abs(w_ref).max()
        np.testing.assert_allclose(w_fast, w_ref, atol=tol * scale)
        np.testing.assert_allclose(r_fast, r_ref, atol=tol * np.abs(y).max())
        # the returned residual is the explicitly centred one (r + s·u folded back in)
        np.testing.assert_allclose(r_fast, y - w_fast @ cols, atol=tol * np.abs(y).max())


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
    # scipy adds each row's products one after the other, np.add.reduceat adds to the first
    # the sum of the others: the same products, rounded sums that may differ
    tol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(fast, ref, rtol=tol, atol=tol * np.abs(ref).max())
    # the dispatcher gives the scipy result, and the matrix product the same
    np.testing.assert_array_equal(a @ x, fast)
    # no fast path for mixed dtypes or integers: the caller falls back to the reference
    assert segment_sum_scipy(ptr, minor, values.astype(np.int64), x, np.float64) is None


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scipy_and_numpy_csr_sums_differ_as_documented(dtype):
    """segment_sum_scipy: scipy adds a row's products 'one after the other', np.add.reduceat
    'adds to a row's first product the sum of the others', 'so the two may differ by rounding
    in either dtype': the row [1, big, -big] (big = 2**p, p the precision, so 1 + big rounds to
    big) gives (1 + big) - big = 0 by scipy, 1 + (big - big) = 1 by the numpy reference."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import segment_sum_numpy, segment_sum_scipy

    big = 2.0 ** (np.finfo(dtype).nmant + 1)
    values = np.array([1.0, big, -big], dtype=dtype)
    args = (np.array([0, 3]), np.arange(3), values, np.ones(3, dtype=dtype), dtype)
    assert segment_sum_scipy(*args)[0] == 0.0
    assert segment_sum_numpy(*args)[0] == 1.0


def _random_csc(rng, m, n, nnz, dtype):
    from sparsenorm.sparse import COO

    return COO(
        np.stack([rng.integers(0, m, nnz), rng.integers(0, n, nnz)]),
        rng.standard_normal(nnz).astype(dtype),
        shape=(m, n),
    ).to_sparse_csc()


def test_scipy_kernels_module_is_there_with_scipy():
    """_kernels._sparsetools: 'checks that it is there, with the four kernels, wherever scipy is
    installed'."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import _sparsetools

    tools = _sparsetools()
    assert tools is not None
    for name in ("csr_matvec", "csr_matvecs", "csc_matvec", "csc_matvecs"):
        assert callable(getattr(tools, name)), name


def _products_by_numpy_reference(rng):
    """A CSR and a CSC matrix, 1-D and 2-D operands, and their products by the numpy code."""
    from sparsenorm.sparse import to_sparse_csc, to_sparse_csr
    from sparsenorm.sparse._kernels import column_product_numpy, segment_sum_numpy

    dense = np.where(rng.random((20, 15)) < 0.3, rng.standard_normal((20, 15)), 0.0)
    csr, csc = to_sparse_csr(dense), to_sparse_csc(dense)
    cases = []
    for x in (rng.standard_normal(15), rng.standard_normal((15, 3))):
        csr_args = (csr.crow_indices(), csr.col_indices(), csr.values(), x, np.float64)
        csc_args = (csc.ccol_indices(), csc.row_indices(), csc.values(), x, np.float64, 20)
        cases.append((csr, x, segment_sum_numpy(*csr_args), dense @ x))
        cases.append((csc, x, column_product_numpy(*csc_args), dense @ x))
    return cases


@pytest.mark.parametrize("broken", ["missing", "not callable"])
def test_sparsetools_without_the_four_kernels_counts_as_absent(monkeypatch, broken):
    """_sparsetools: 'None where the module lacks one of the four kernels used here ... or one
    of them is not callable'; the products then run the numpy reference."""
    sparse = pytest.importorskip("scipy.sparse")
    import types

    import sparsenorm.sparse._kernels as kernels

    real = sparse._sparsetools
    fake = types.SimpleNamespace(
        **{name: getattr(real, name) for name in ("csr_matvec", "csr_matvecs", "csc_matvec")}
    )
    if broken == "not callable":
        fake.csc_matvecs = "csc_matvecs"
    monkeypatch.setattr(sparse, "_sparsetools", fake)
    monkeypatch.setattr(kernels, "_SPARSETOOLS", [])
    assert kernels._sparsetools() is None
    for tensor, x, reference, dense in _products_by_numpy_reference(np.random.default_rng(2)):
        assert not kernels.compiled_applies(tensor.values(), x)
        np.testing.assert_array_equal(tensor @ x, reference)
        np.testing.assert_allclose(tensor @ x, dense, rtol=1e-12, atol=1e-12)
    monkeypatch.setattr(kernels, "_SPARSETOOLS", [])
    monkeypatch.setattr(sparse, "_sparsetools", real)
    assert kernels._sparsetools() is real  # the module as it is passes the same check


@pytest.mark.parametrize("refusal", ["TypeError", "one more argument", "one argument fewer"])
def test_a_kernel_call_that_raises_runs_the_numpy_reference(monkeypatch, refusal):
    """_compiled_product: None 'where the call raises TypeError, ValueError or IndexError,
    what scipy 1.17's kernels raise for a call they do not accept (a wrong argument type, too
    many arguments, too few)': each kernel is replaced by one that refuses the call (a
    TypeError, or scipy's own kernel called with one argument more or fewer, whose errors are
    scipy's), and every product is the numpy reference's, bit for bit."""
    sparse = pytest.importorskip("scipy.sparse")
    import types

    import sparsenorm.sparse._kernels as kernels

    calls = []

    def refusing(kernel):
        def call(*args):
            calls.append(1)
            if refusal == "TypeError":
                raise TypeError("a changed signature")
            return kernel(*args, 0) if refusal == "one more argument" else kernel(*args[:-1])

        return call

    names = ("csr_matvec", "csr_matvecs", "csc_matvec", "csc_matvecs")
    fake = types.SimpleNamespace(
        **{name: refusing(getattr(sparse._sparsetools, name)) for name in names}
    )
    monkeypatch.setattr(kernels, "_SPARSETOOLS", [fake])
    for tensor, x, reference, dense in _products_by_numpy_reference(np.random.default_rng(3)):
        calls.clear()
        result = tensor @ x
        assert calls == [1]  # the kernel was tried once, and refused
        np.testing.assert_array_equal(result, reference)
        np.testing.assert_allclose(result, dense, rtol=1e-12, atol=1e-12)


def test_scipy_and_numpy_csc_products_are_bit_identical_in_float64():
    """column_product_scipy: 'For float64 the two therefore perform the same roundings in the
    same order and agree bit for bit, unless the compiler fused scipy's multiply and add into
    one operation (an FMA ...)'. A probe tells whether this scipy fuses: y = -1 + a * a with
    a = 1 + 2**-30 is 2**-29 unfused, 2**-29 + 2**-60 fused. Where it does not fuse, the two
    products are equal bit for bit, for 1-D and 2-D x, on long columns and with cancellation."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import column_product_numpy, column_product_scipy

    a = 1.0 + 2.0**-30
    probe = column_product_scipy(
        np.array([0, 1, 2]), np.array([0, 0]), np.array([-1.0, a]), np.array([1.0, a]),
        np.float64, 1,
    )[0]  # fmt: skip
    assert probe in (2.0**-29, 2.0**-29 + 2.0**-60)
    if probe != 2.0**-29:
        pytest.skip("this scipy fuses multiply and add (FMA): the documented exception")
    rng = np.random.default_rng(8)
    for m, n, nnz, rest in ((30, 45, 200, ()), (5, 400, 1800, (3,)), (2, 3000, 5000, ())):
        csc = _random_csc(rng, m, n, nnz, np.float64)
        x = rng.standard_normal((n, *rest)) * 10.0 ** rng.integers(-8, 9, (n, *rest))
        args = (csc.ccol_indices(), csc.row_indices(), csc.values(), x, np.float64, m)
        fast, ref = column_product_scipy(*args), column_product_numpy(*args)
        np.testing.assert_array_equal(fast, ref)
    # float32: the numpy reference sums in float64 and rounds once, so the two can differ
    csc = _random_csc(rng, 5, 400, 1800, np.float32)
    x = rng.standard_normal(400).astype(np.float32)
    args = (csc.ccol_indices(), csc.row_indices(), csc.values(), x, np.float32, 5)
    assert not np.array_equal(column_product_scipy(*args), column_product_numpy(*args))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("rest", [(), (3,)])
def test_scipy_column_product_matches_numpy_csc(dtype, rest):
    """The compiled CSC product against the dense product and the numpy reference; a CSC
    matrix's own ``@`` is the compiled product, bit for bit, and the numpy reference runs for
    other dtypes."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import column_product_numpy, column_product_scipy

    rng = np.random.default_rng(7)
    m, n = 30, 45
    a = _random_csc(rng, m, n, 200, dtype)
    x = rng.standard_normal((n, *rest)).astype(dtype)
    args = (a.ccol_indices(), a.row_indices(), a.values(), x, dtype, m)
    fast = column_product_scipy(*args)
    ref = column_product_numpy(*args)
    dense = a.to_dense().astype(np.float64) @ x.astype(np.float64)  # independent reference
    assert fast.dtype == ref.dtype == dtype and fast.shape == ref.shape == (m, *rest)
    tol = 1e-5 if dtype == np.float32 else 1e-13
    for result in (fast, ref):
        np.testing.assert_allclose(result, dense, rtol=tol, atol=tol * np.abs(dense).max())
    np.testing.assert_array_equal(a @ x, fast)
    x[::3] = 0.0  # zeros in x change nothing: every column is still multiplied
    np.testing.assert_array_equal(a @ x, column_product_scipy(*args))
    # no compiled kernel for mixed dtypes or integers: the caller falls back to the reference
    assert column_product_scipy(*args[:2], a.values().astype(np.int64), *args[3:]) is None
    assert column_product_scipy(*args[:3], x.astype(np.float16), *args[4:]) is None


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
    runs) depends on their order (in numpy 2.4 np.add.reduceat sums [1, 1e16, -1e16] to 1 and
    [1e16, -1e16, 1] to 0; np.sum gives 0 and 1), on the flat-key path and on the per-digit
    path (a shape too large for one 63-bit key)."""
    from sparsenorm.sparse import COO

    coords = np.array([[3, 0, 3, 3], [2, 1, 2, 2]])
    sums = set()
    for duplicates in ([1.0, 1e16, -1e16], [1e16, -1e16, 1.0]):
        values = np.array([duplicates[0], 5.0, *duplicates[1:]])
        expected = float(np.add.reduceat(np.array(duplicates), [0])[0])
        sums.add(expected)
        assert float(np.sum(np.array(duplicates))) == 1.0 - expected  # np.sum: the other one
        # (4, 3): scipy's counting passes (no more buckets than entries); 10 × 10 positions
        # fit one key; 2**80 do not
        for shape in ((4, 3), (10, 10), (1 << 40, 1 << 40)):
            c = COO(coords, values, shape=shape).coalesce()
            np.testing.assert_array_equal(c.indices(), [[0, 3], [1, 2]])
            np.testing.assert_array_equal(c.values(), [5.0, expected])
            if shape[0] < 100:  # (CSR stores a pointer per row)
                csr = COO(coords, values, shape=shape).to_sparse_csr()
                np.testing.assert_array_equal(csr.values(), [5.0, expected])
    assert sums == {0.0, 1.0}  # the two orders give two sums: the test sees the order


@pytest.mark.parametrize(
    "shape",
    [
        (50, 40),
        (7, 300),
        (300, 7),
        (1, 1),
        (7, 2000),
        (3, 5000),
        (5, 60000),
        (2000, 7),
        (7, 70_000),
    ],
)
def test_bucket_order_is_the_stable_lexicographic_order(monkeypatch, shape):
    """bucket_order's two stable passes (scipy's counting sort, or numpy's 16-bit radix sort for a
    minor dimension with more positions than entries) give numpy's stable lexsort order, and COO ->
    CSR / CSC and coalesce give bit-identical results with and without them (hybrid values too)."""
    pytest.importorskip("scipy")
    import sparsenorm.sparse._kernels as kernels
    from sparsenorm.sparse import COO

    rng = np.random.default_rng(shape[0])
    nnz = 600
    rows, cols = rng.integers(0, shape[0], nnz), rng.integers(0, min(shape[1], 40), nnz)
    # many exact duplicates, with values whose sum depends on their order, and some indices
    # at the top of the minor range (a 16-bit key must hold them)
    cols[:30] = shape[1] - 1 - rng.integers(0, min(shape[1], 3), 30)
    result = kernels.bucket_order(rows, cols, *shape)
    if shape[0] > nnz or shape[1] > max(nnz, 1 << 16):
        assert result is None
        return
    order, ptr, minor = result
    expected = np.lexsort((cols, rows))  # stable
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(minor, cols[expected])
    np.testing.assert_array_equal(ptr, np.searchsorted(rows[expected], np.arange(shape[0] + 1)))
    values = rng.standard_normal((nnz, 2)) * 10.0 ** rng.integers(-8, 17, (nnz, 1))
    tensor = COO(np.stack([rows, cols]), values, shape=(*shape, 2))
    fast = [tensor.to_sparse_csr(), tensor.to_sparse_csc(), tensor.coalesce()]
    monkeypatch.setattr(kernels, "_SPARSETOOLS", [None])  # no scipy kernels: numpy sorts
    assert kernels.bucket_order(rows, cols, *shape) is None
    tensor = COO(np.stack([rows, cols]), values, shape=(*shape, 2))
    slow = [tensor.to_sparse_csr(), tensor.to_sparse_csc(), tensor.coalesce()]
    for a, b in zip(fast, slow, strict=True):
        assert a.values().tobytes() == b.values().tobytes()  # summed in the same order
    # and in storage order: each position's duplicates summed as np.add.reduceat sums them
    csr_values = fast[0].values()
    keys = rows[expected] * shape[1] + cols[expected]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    want = np.add.reduceat(values[expected], starts, axis=0)
    assert csr_values.tobytes() == want.tobytes()
    np.testing.assert_array_equal(fast[0].crow_indices(), slow[0].crow_indices())
    np.testing.assert_array_equal(fast[0].col_indices(), slow[0].col_indices())
    np.testing.assert_array_equal(fast[2].indices(), slow[2].indices())


def _one_row_products(values, x, dtype):
    """``A @ x`` for the 1-row matrix ``A`` storing ``values`` in its first ``L`` columns, by
    every kernel: scipy's CSR and CSC kernels and the two numpy references."""
    from sparsenorm.sparse._kernels import (
        column_product_numpy,
        column_product_scipy,
        segment_sum_numpy,
        segment_sum_scipy,
    )

    L = values.shape[0]
    csr = (np.array([0, L]), np.arange(L), values, x, dtype)
    csc = (np.arange(L + 1), np.zeros(L, dtype=np.int64), values, x, dtype, 1)
    with np.errstate(all="ignore"):  # the numpy references warn where they overflow
        return [
            segment_sum_scipy(*csr),
            column_product_scipy(*csc),
            segment_sum_numpy(*csr),
            column_product_numpy(*csc),
        ]


def _adversarial_rows(dtype):
    """(values, x) of one row each: L products of one sign summing to a fraction f of the
    largest float (the largest sums there are), around the bound 4 L a b <= max and beyond
    it, with products rounded up, with values and x spread below their maxima, and with
    subnormal operands."""
    info = np.finfo(dtype)
    rng = np.random.default_rng(13)
    rows = []
    for L in (1, 2, 3, 7, 100, 4096, 1 << 17):
        for f in (0.2, 0.24, 0.25, 0.26, 0.3, 0.5, 0.9, 0.99, 1.01, 1.2, 1.5, 2.0, 3.0, 8.0):
            # a b = f max / L, with no intermediate beyond the range of float64
            a = dtype(np.sqrt(float(info.max) / L) * np.sqrt(f))
            b = dtype(float(info.max) / L / float(a) * f)
            up = np.nextafter(b, dtype(np.inf))  # a b rounds up for one of b and up
            for bx in (b, up):
                rows.append((np.full(L, a, dtype=dtype), np.full(L, bx, dtype=dtype)))
            spread = (a * rng.uniform(0.5, 1.0, L)).astype(dtype)
            spread[0] = a
            x = (bx * rng.uniform(0.9, 1.0, L)).astype(dtype)
            x[-1] = up
            rows.append((spread, x))
            rows.append((spread, -x))
        eta = dtype(info.smallest_subnormal)
        rows.append((np.full(L, 0.75, dtype=dtype), np.full(L, eta, dtype=dtype)))
        tiny = (rng.uniform(0, 4, L) * float(info.smallest_normal)).astype(dtype)
        rows.append((tiny, rng.uniform(-1, 1, L).astype(dtype)))
    return rows


def _wrong_answers(predicate, dtype):
    """The adversarial rows where ``predicate`` says True but some kernel's product is not
    finite; and how many rows it said True on, how many overflowed."""
    from sparsenorm.sparse._kernels import abs_max

    wrong, shown, overflowed = [], 0, 0
    for values, x in _adversarial_rows(dtype):
        L = values.shape[0]
        finite = [bool(np.isfinite(p).all()) for p in _one_row_products(values, x, dtype)]
        overflowed += not all(finite)
        if predicate(abs_max(values), x, L):
            shown += 1
            if not all(finite):
                wrong.append((L, float(values[0]), float(x[0]), finite))
    return wrong, shown, overflowed


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_finite_by_bound_is_never_wrong(dtype):
    """finite_by_bound: 'True is therefore always right'. On adversarial rows (long ones, sums
    near and beyond the threshold, products rounded up, subnormals) every kernel's product is
    finite wherever it says True; both answers and overflowing rows occur. The rows are sharp
    enough to catch a bound too weak by a factor 8 (0.5 L a b <= max in place of 4 L a b)."""
    pytest.importorskip("scipy")
    from sparsenorm.sparse._kernels import abs_max, finite_by_bound

    wrong, shown, overflowed = _wrong_answers(finite_by_bound, dtype)
    assert not wrong, wrong
    assert shown and overflowed
    info = np.finfo(dtype)
    u, largest = float(info.eps) / 2, float(info.max)

    def too_weak(bound, x, L):
        return (L + 1) * u <= 0.25 and 0.5 * L * bound * abs_max(x) <= largest

    assert _wrong_answers(too_weak, dtype)[0]  # the same rows see a factor that is too small
    edge = int(0.25 / u) - 1  # (edge + 1) u <= 1/4 exactly
    one = np.ones(1, dtype=dtype)
    assert finite_by_bound(1.0, one, edge)
    assert not finite_by_bound(1.0, one, edge + 1)
    assert not finite_by_bound(np.inf, one, 1) and not finite_by_bound(1.0, one * np.nan, 1)
    assert finite_by_bound(np.nan, one[:0], 1)  # an empty x: the product is zeros


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_finite_by_bound_proof_bounds_hold_in_exact_arithmetic(dtype):
    """finite_by_bound's proof: a rounded product is at most (1 + u) (a b + eta / 2) and every
    sum of L of them at most L (a b + eta) (1 + u)**(L + 1), checked in exact rational
    arithmetic on every kernel's finite results of the adversarial rows (with
    1 + (L + 1) u <= (1 + u)**(L + 1) in place of the power). Gradual underflow needs the eta
    terms: a = 0.75 times b = eta rounds to eta, more than (1 + u) a b, the bound without
    them."""
    pytest.importorskip("scipy")
    from fractions import Fraction

    info = np.finfo(dtype)
    u, eta = Fraction(float(info.eps)) / 2, Fraction(float(info.smallest_subnormal))
    for values, x in _adversarial_rows(dtype):
        L = values.shape[0]
        ab = Fraction(float(np.abs(values).max())) * Fraction(float(np.abs(x).max()))
        with np.errstate(all="ignore"):
            products = values * x
        for p in products[np.isfinite(products)][:50]:
            assert abs(Fraction(float(p))) <= (1 + u) * (ab + eta / 2)
        bound = L * (ab + eta) * (1 + (L + 1) * u)
        for result in _one_row_products(values, x, dtype):
            if np.isfinite(result[0]):
                assert abs(Fraction(float(result[0]))) <= bound, (L, float(result[0]))
    three_quarters, smallest = dtype(0.75), dtype(info.smallest_subnormal)
    rounded = Fraction(float(three_quarters * smallest))
    assert rounded == eta > (1 + u) * Fraction(0.75) * eta
    assert rounded <= (1 + u) * (Fraction(0.75) * eta + eta / 2)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("positive", [False, True])
def test_compiled_sparse_cd_matches_dense_centred_reference(seed, positive):
    """The CSC loop's implicit centring against explicitly centred dense columns."""
    _needs_compiled()
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
        w_ref, r_ref, check_ref, check = w0.copy(), y.copy(), np.zeros(7), np.zeros(7)
        args = (norms, r_ref, l1, 0.0, w_ref, positive, n_epochs, kkt_tol, -np.inf, y, check_ref)
        e_ref = cd_sparse_numpy(X, pos, mean_all[pos], u, *args)
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
            -np.inf,
            y,
            check,
        )
        np.testing.assert_allclose(check, check_ref, rtol=1e-9, atol=1e-12 * float(y @ y))
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


@pytest.mark.parametrize("numba_on", [True, False])
@pytest.mark.parametrize("zeros", ["kept", "perturbed"])
def test_a_working_set_as_large_as_p_is_the_support_and_the_features_screening_keeps(
    monkeypatch, numba_on, zeros
):
    """A warm start near the solution, with its 110 non-zeros, asks for a working set of
    220 > p = 200 features. Where the start's zeros are kept, the solver still solves on the
    support and the features that survive gap-safe screening only (112 here), all of them zero
    at the solution; where they are set to 1e-6, the support is all 200 features, and the
    working set keeps them, screened or not."""
    from sparsenorm.solvers import lasso
    from sparsenorm.solvers._design import GramCache

    _numba_on_or_off(monkeypatch, numba_on)
    rng = np.random.default_rng(0)
    n, p = 2000, 200
    X = rng.standard_normal((n, p))
    beta = np.r_[rng.choice([-1.0, 1.0], 110) * (2 + rng.random(110)), np.zeros(p - 110)]
    y = X @ beta + rng.standard_normal(n)
    alpha = 0.02 * np.abs(X.T @ y).max() / n
    solution = lasso(X, y, alpha, fit_intercept=False, tol=1e-12).coef
    start = solution * (1 + 1e-7 * rng.standard_normal(p))
    assert np.count_nonzero(start) == 110  # the premise: 2·110 > p
    if zeros == "perturbed":
        start[start == 0] = 1e-6
    sets, ensure = [], GramCache.ensure

    def spy(self, ws):
        sets.append(ws.copy())
        return ensure(self, ws)

    monkeypatch.setattr(GramCache, "ensure", spy)
    result = lasso(X, y, alpha, fit_intercept=False, tol=1e-12, coef_init=start)
    first = sets[1]  # (sets[0]: the start's support, for its residual)
    assert result.converged
    assert np.isin(np.flatnonzero(start), first).all()  # the support, whole
    if zeros == "kept":
        assert first.size == 112
        left_out = np.setdiff1d(np.arange(p), first)
        assert not solution[left_out].any() and not result.coef[left_out].any()


def test_gram_rent_counts_the_epochs_a_gram_block_costs():
    from sparsenorm.solvers._design import Data, GramCache
    from sparsenorm.solvers._working_set import GRAM_SPEEDUP, INNER_EPOCHS, _gram_rent

    rng = np.random.default_rng(0)
    data = Data(rng.standard_normal((100, 30)), rng.standard_normal(100), fit_intercept=False)
    cache = GramCache(data.design, data.y)
    cache.ensure(np.arange(20))
    # 2·n·m_new·m / (GRAM_SPEEDUP·4·n·k) residual epochs, rounded up
    assert _gram_rent(cache, 20, 100) == int(np.ceil(2 * 20 * 20 / (GRAM_SPEEDUP * 4 * 20)))
    assert _gram_rent(cache, 51, 100) == INNER_EPOCHS  # k > n/2: the whole budget first
    cache.gram  # noqa: B018 (computes the Gram block of the cached columns)
    assert _gram_rent(cache, 20, 100) == 0  # already built: no epochs to rent


def test_next_ws_size_doubles_the_support_and_quadruples_a_saturated_working_set():
    from sparsenorm.solvers._working_set import _next_ws_size

    saturated, partial = np.ones(50), np.r_[np.ones(30), np.zeros(20)]
    assert _next_ws_size(50, saturated, 1000) == 200
    assert _next_ws_size(50, partial, 1000) == 60  # twice the support of 30
    assert _next_ws_size(50, saturated[1:], 1000) == 196  # a smaller set than asked for
    assert _next_ws_size(50, np.r_[np.ones(49), 0.0], 1000) == 98  # one zero: not saturated
    assert _next_ws_size(80, partial, 1000) == 80  # never below the size so far
    assert _next_ws_size(50, saturated, 120) == 120  # never above p
    assert _next_ws_size(50, -saturated, 1000) == 200  # non-zero, whatever the sign


@pytest.mark.parametrize("numba_on", [True, False])
def test_a_saturated_working_set_goes_straight_to_the_support_it_needs(monkeypatch, numba_on):
    """Nearly every feature is active (195 of the 200 are non-zero at the solution): a first
    working set of 50 ends saturated, the next has 200.

    With doubling, a round of 100 (saturated again) would come between them, each round a
    full pass over X; the fit is certified either way.
    """
    import sparsenorm.solvers._working_set as ws_module
    from sparsenorm.solvers import lasso

    _numba_on_or_off(monkeypatch, numba_on)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((1000, 200))
    y = X @ rng.standard_normal(200) + 0.5 * rng.standard_normal(1000)
    alpha = 0.01 * np.abs(X.T @ y).max() / 1000
    rounds, next_size = [], ws_module._next_ws_size

    def spy(ws_size, w_ws, p):
        rounds.append((w_ws.size, int(np.count_nonzero(w_ws))))
        return next_size(ws_size, w_ws, p)

    monkeypatch.setattr(ws_module, "_next_ws_size", spy)
    result = lasso(X, y, alpha, fit_intercept=False, tol=1e-8)
    assert rounds[0] == (50, 50)  # the premise: the first working set saturates
    assert rounds[1][0] == 200
    assert np.count_nonzero(result.coef) == 195
    # the duality gap, recomputed here: the residual rescaled into the dual feasible set
    w = result.coef
    r = y - X @ w
    scale = min(1.0, alpha * 1000 / np.abs(X.T @ r).max())
    primal = 0.5 * (r @ r) / 1000 + alpha * np.abs(w).sum()
    dual = scale * (r @ y) / 1000 - 0.5 * scale**2 * (r @ r) / 1000
    assert result.converged and primal - dual <= 1e-8 * (y @ y) / 1000


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
    _needs_compiled()
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


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sparse_gram_cache_grows_to_the_columns_scipy_takes(dtype, index_dtype):
    """The cached CSC columns and Xᵀy/n, grown over several rounds (the buffers reallocated
    several times), equal scipy's column selection of X (empty columns included), and the CSR
    rows share their arrays."""
    sp = pytest.importorskip("scipy.sparse")
    from sparsenorm.solvers._design import Data, GramCache

    rng = np.random.default_rng(11)
    n, p = 600, 400
    X = sp.random(n, p, density=0.03, format="csc", random_state=3, dtype=dtype)
    X = sp.csc_matrix(X.multiply(np.arange(p) != 7))  # column 7 empty
    X.eliminate_zeros()
    assert X[:, 7].nnz == 0 and X.dtype == dtype
    X.indices = X.indices.astype(index_dtype)
    X.indptr = X.indptr.astype(index_dtype)
    data = Data(X, rng.standard_normal(n), fit_intercept=True)
    cache = GramCache(data.design, data.y)
    order = np.concatenate([[7], rng.permutation(np.delete(np.arange(p), 7))])
    capacities = []
    for stop in (3, 40, 41, 120, 300, p):
        pos = cache.ensure(order[:stop])
        capacities.append(cache._data.size)
        want = data.design.X[:, cache.idx].toarray().astype(np.float64)
        np.testing.assert_array_equal(cache.cols.toarray(), want)
        np.testing.assert_array_equal(cache.cols_t().toarray(), want.T)
        assert np.shares_memory(cache.cols_t().data, cache.cols.data)
        assert cache.cols.data.dtype == np.float64 and cache.cols.indices.dtype == np.int64
        np.testing.assert_allclose(cache.xty, want.T @ data.y / n, rtol=1e-13, atol=1e-15)
        np.testing.assert_array_equal(cache.idx[pos], order[:stop])
        gram = cache.gram
        centred = want - np.outer(np.ones(n), data.design.mean[cache.idx])
        np.testing.assert_allclose(gram, centred.T @ centred / n, rtol=1e-10, atol=1e-13)
    assert len(set(capacities)) >= 3  # reallocated at least twice, keeping what was cached
    assert capacities[-1] <= max(X.nnz, 1024)
    assert X.indices.dtype == index_dtype  # the caller's matrix is untouched


@pytest.mark.parametrize(
    ("positive", "l2", "weighted", "constant"),
    [(False, 0.0, False, False), (True, 0.0, False, False), (False, 0.3, True, True)],
)
def test_sparse_inner_solve_stops_at_the_gap_target(positive, l2, weighted, constant):
    """With a gap target, the sparse inner solve stops once the duality gap of the restricted
    problem (recomputed densely on explicitly centred columns) is at most the target, and not
    much later; without one, it runs to the KKT tolerance. Covers l2, sample weights and a
    constant (dead) column."""
    _needs_compiled()
    sp = pytest.importorskip("scipy.sparse")
    from sparsenorm.solvers._design import Data, GramCache
    from sparsenorm.solvers._working_set import _cd_sparse_loop, _inner_cd_sparse, cd_sparse_numpy

    rng = np.random.default_rng(4)
    n, p = 200, 120
    X = sp.random(n, p, density=0.1, format="csc", random_state=5).tolil()
    if constant:
        X[:, 3] = 2.5  # constant over the rows: its centred column is exactly 0
    X = X.tocsc()
    y = X @ rng.standard_normal(p) + 0.1 * rng.standard_normal(n)
    sw = rng.uniform(0.2, 2.0, n) if weighted else None
    data = Data(X, y, fit_intercept=True, sample_weight=sw)
    assert (data.design.dead is not None) == constant
    cache = GramCache(data.design, data.y)
    ws = np.concatenate([[3], rng.permutation(np.delete(np.arange(p), 3))[:59]])
    pos = cache.ensure(ws)
    u = data.design.u if data.design.u is not None else np.ones(n)
    cols = data.design.X[:, ws].toarray() - np.outer(u, data.design.mean[ws])
    if constant:
        cols[:, 0] = 0.0
    norms = data.design.col_sq_norms()[ws] / n
    l1 = 0.05 * float(np.abs(cols.T @ data.y).max()) / n
    compiled_loop = compiled(_cd_sparse_loop)
    calls = []  # the epochs each call ran

    def kernel(*a):
        calls.append(compiled_loop(*a))
        return calls[-1]

    def gap(w):
        r = data.y - cols @ w
        corr = cols.T @ r / n - l2 * w
        dual_norm = corr.max(initial=0) if positive else np.abs(corr).max()
        scale = min(1.0, l1 / dual_norm)
        ww = float(w @ w)
        primal = 0.5 * r @ r / n + l1 * np.abs(w).sum() + 0.5 * l2 * ww
        dual = -0.5 * scale**2 * (r @ r / n + l2 * ww) + scale * (r @ data.y) / n
        return primal - dual

    y_sq = float(data.y @ data.y) / n
    w0 = np.zeros(ws.size)
    args = (kernel, cache, pos, ws, norms, data.y, l1, l2, w0, positive)
    loose = _inner_cd_sparse(*args, 0.0, 1e-3 * y_sq)
    assert len(calls) == 1  # one call for the whole solve
    loose_epochs = sum(calls)
    assert gap(loose) <= 1e-3 * y_sq * (1 + 1e-9)
    # and not later than the first check (every 5th epoch) after the target is met
    w, r, met_at = w0.copy(), data.y.copy(), None
    mean = data.design.mean[ws]
    for epoch in range(1, 200):
        ref_args = (pos, mean, u, norms, r, l1, l2, w, positive, 1, -1.0, -np.inf)
        cd_sparse_numpy(cache.cols, *ref_args, data.y, np.zeros(7))
        if gap(w) <= 1e-3 * y_sq:
            met_at = epoch
            break
    assert met_at is not None and loose_epochs == -(-met_at // 5) * 5
    calls.clear()
    tight = _inner_cd_sparse(*args, 0.0, 1e-10 * y_sq)
    assert gap(tight) <= 1e-10 * y_sq * (1 + 1e-6)
    assert loose_epochs < sum(calls)  # the loose target stopped earlier
    assert gap(loose) > gap(tight)
    w = _inner_cd_sparse(*args, 1e-10 * l1)
    assert gap(w) <= 1e-9 * y_sq
    assert (w0 == 0).all()  # the start is not written to


@pytest.mark.parametrize("sparse", [False, True])
def test_cached_column_products_gather_or_multiply_alike(sparse):
    """cols_dot / cols_rdot / residual agree with dense references whether the cached columns
    are gathered (a few of many) or multiplied with zeros elsewhere (most of them)."""
    sp = pytest.importorskip("scipy.sparse")
    from sparsenorm.solvers._design import Data, GramCache

    rng = np.random.default_rng(8)
    n, p = 50, 80
    X = sp.random(n, p, density=0.2, format="csc", random_state=1)
    y = rng.standard_normal(n)
    data = Data(X if sparse else X.toarray(), y, fit_intercept=True)
    cache = GramCache(data.design, data.y)
    cache.ensure(rng.permutation(p))
    stored = cache.cols.toarray() if sparse else np.asarray(cache.cols)
    centred = X.toarray()[:, cache.idx] - data.design.mean[cache.idx]
    np.testing.assert_allclose(stored, X.toarray()[:, cache.idx] if sparse else centred)
    r = rng.standard_normal(n)
    for k in (3, 70):  # 2k < m: gathered; else multiplied
        assert cache._gathers(k) == (k == 3)
        pos = rng.permutation(p)[:k]
        w = rng.standard_normal(k)
        np.testing.assert_allclose(cache.cols_dot(pos, w), stored[:, pos] @ w, atol=1e-12)
        np.testing.assert_allclose(cache.cols_rdot(pos, r), stored[:, pos].T @ r, atol=1e-12)
        np.testing.assert_allclose(
            cache.residual(pos, w), data.y - centred[:, pos] @ w, atol=1e-12
        )


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("centring", ["none", "mean", "weighted"])
def test_compiled_centred_rows_match_numpy_bit_for_bit(monkeypatch, order, dtype, centring):
    """The compiled gather-centre-transpose writes exactly numpy's entries (signed zeros too)."""
    _needs_compiled()
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(3)
    n, p = 150, 90  # more rows than one block, and a partial last block
    X = np.array(rng.standard_normal((n, p)), dtype=dtype, order=order)
    X[0, :5] = -0.0
    X[1, :5] = 0.0
    mean = rng.standard_normal(p) if centring != "none" else None
    u = rng.uniform(0.5, 2.0, n) if centring == "weighted" else None
    design = design_module.Design(X, mean=mean, u=u)
    idx = np.sort(rng.permutation(p)[:70])
    import sparsenorm._kernels as kernels

    fast = design.centred_rows(idx, np.empty((idx.size, n)))
    assert kernels._COMPILED[design_module._centred_rows_loop] is not None  # numba ran
    monkeypatch.setitem(kernels._COMPILED, design_module._centred_rows_loop, None)
    slow = design.centred_rows(idx, np.empty((idx.size, n)))
    assert fast.tobytes() == slow.tobytes()  # bit for bit, the sign of zeros included
    want = X[:, idx].astype(np.float64).T
    if mean is not None:
        want = want - (mean[idx][:, None] if u is None else np.outer(mean[idx], u))
    np.testing.assert_array_equal(fast, want)


@pytest.mark.parametrize("centring", ["none", "mean", "weighted"])
def test_float32_products_are_compiled_from_float32_and_match_float64(monkeypatch, centring):
    """For a C-ordered float32 X with numba, Xcᵀr and Xc w are computed in float64 from the
    float32 entries, without a float64 copy of X, and agree with the float64 BLAS products
    to float64 rounding; an X in neither order takes the BLAS path."""
    _needs_compiled()
    import sparsenorm._kernels as kernels
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(9)
    n, p = 300, 120
    X = rng.standard_normal((n, p)).astype(np.float32)
    mean = rng.standard_normal(p) if centring != "none" else None
    u = rng.uniform(0.5, 2.0, n) if centring == "weighted" else None
    r = rng.standard_normal(n)
    w = rng.standard_normal(p)
    w[::3] = 0.0  # a support of two thirds: the full product, not the gather
    X64 = X.astype(np.float64)
    centred = X64 - (0 if mean is None else (mean if u is None else np.outer(u, mean)))
    design = design_module.Design(X, mean=mean, u=u)
    g, v = design.rmatvec(r), design.matvec(w)
    assert design._X64 is None  # no float64 copy was made
    scale = np.abs(centred).sum(axis=0) * np.abs(r).max()
    assert np.all(np.abs(g - centred.T @ r) <= 1e-13 * scale + 1e-300)
    np.testing.assert_allclose(v, centred @ w, rtol=0, atol=1e-12 * np.abs(centred).sum(1).max())
    # the numpy path on the same design computes the same products (numba off), uncounted
    monkeypatch.setitem(kernels._COMPILED, design_module._rmatvec_loop, None)
    monkeypatch.setitem(kernels._COMPILED, design_module._matvec_loop, None)
    compiled_products = design._f32_products
    np.testing.assert_allclose(design.rmatvec(r), g, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(design.matvec(w), v, rtol=1e-12, atol=1e-12)
    assert design._f32_products == compiled_products
    strided = design_module.Design(X[:, ::2])  # in neither order: BLAS on a float64 copy
    assert strided._f32_product(design_module._rmatvec_loop, r) is None


@pytest.mark.parametrize("centring", ["none", "mean", "weighted"])
@pytest.mark.parametrize("shape", [(300, 120), (120, 300), (1, 7), (7, 1)])
def test_float32_products_of_an_f_ordered_x_are_compiled_from_its_transpose(centring, shape):
    """An F-ordered float32 X gets the compiled products too (read as its C-ordered transpose),
    without a float64 copy, and they agree with the float64 products of the same centred X."""
    _needs_compiled()
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(10)
    n, p = shape
    X = np.asfortranarray(rng.standard_normal((n, p)).astype(np.float32))
    mean = rng.standard_normal(p) if centring != "none" else None
    u = rng.uniform(0.5, 2.0, n) if centring == "weighted" else None
    r = rng.standard_normal(n)
    w = rng.standard_normal(p)
    X64 = X.astype(np.float64)
    centred = X64 - (0 if mean is None else (mean if u is None else np.outer(u, mean)))
    design = design_module.Design(X, mean=mean, u=u)
    g, v = design.rmatvec(r[:, None]), design.matvec(w)
    assert design._X64 is None and design._f32_products == 2  # both compiled, no copy
    scale = np.abs(centred).sum(axis=0) * np.abs(r).max()
    assert np.all(np.abs(g - centred.T @ r) <= 1e-13 * scale + 1e-300)
    bound = 1e-12 * np.abs(centred).sum(1).max() * np.abs(w).max()
    np.testing.assert_allclose(v, centred @ w, rtol=0, atol=bound)
    # and the same products as the C-ordered copy's, up to the order of the float64 sums
    c_ordered = design_module.Design(np.ascontiguousarray(X), mean=mean, u=u)
    np.testing.assert_allclose(c_ordered.rmatvec(r), g, rtol=1e-12, atol=1e-13 * scale.max())
    np.testing.assert_allclose(c_ordered.matvec(w), v, rtol=0, atol=bound)


def test_float32_products_switch_to_the_float64_copy_after_a_few(monkeypatch):
    """A wide C-ordered float32 X gets F32_PRODUCTS compiled products, then its float64 copy is
    built once and BLAS makes the rest (a tall one is never switched) (same values to
    rounding); a sparse w is gathered, and the gather converts only the gathered columns."""
    _needs_compiled()
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(2)
    n, p = 60, 80  # wide: only a wide X is ever copied
    X = rng.standard_normal((n, p)).astype(np.float32)
    design = design_module.Design(X)
    X64 = X.astype(np.float64)
    r = rng.standard_normal(n)
    sparse_w = np.zeros(p)
    sparse_w[[3, 17]] = [1.5, -2.0]
    np.testing.assert_allclose(design.matvec(sparse_w), X64 @ sparse_w, rtol=1e-13)
    np.testing.assert_array_equal(design.take(np.array([3, 17])), X64[:, [3, 17]])
    assert design._X64 is None and design._f32_products == 0  # gathered, not compiled
    np.testing.assert_allclose(design.rmatvec(r[:, None]), X64.T @ r, rtol=1e-12, atol=1e-12)
    assert design._f32_products == 1  # that product was compiled (a column r is raveled)
    dense_w = rng.standard_normal(p)
    np.testing.assert_allclose(design.matvec(dense_w), X64 @ dense_w, rtol=1e-12, atol=1e-12)
    assert design._f32_products == 2 and design._X64 is None  # matvec's count too
    design._f32_products = 0
    for k in range(design_module.F32_PRODUCTS + 3):
        np.testing.assert_allclose(design.rmatvec(r), X64.T @ r, rtol=1e-12, atol=1e-12)
        built = design._X64 is not None
        assert built == (k >= design_module.F32_PRODUCTS), k
    assert design._f32_products == design_module.F32_PRODUCTS
    np.testing.assert_allclose(design.rmatvec(r[:, None]), X64.T @ r, rtol=1e-12, atol=1e-12)
    tall = design_module.Design(np.ascontiguousarray(X.T))  # tall: never copied
    for _ in range(design_module.F32_PRODUCTS + 3):
        tall.rmatvec(rng.standard_normal(p))
    assert tall._X64 is None


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("shape", [(60, 80), (80, 60), (60, 60), (1, 80), (80, 1)])
def test_float32_switch_follows_the_array_the_loops_read(order, shape):
    """The compiled loops read a C-ordered X and the transpose of an F-ordered one; the switch to
    the float64 copy after F32_PRODUCTS products applies exactly where that array is wide (a
    wide C-ordered X, a tall F-ordered one), and every product keeps its value either way."""
    _needs_compiled()
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(12)
    X = np.asarray(rng.standard_normal(shape).astype(np.float32), order=order)
    X64 = X.astype(np.float64)
    read = X if X.flags.c_contiguous else X.T  # one row or column: both flags, read as X
    switches = read.shape[1] > read.shape[0]
    design = design_module.Design(X)
    for k in range(design_module.F32_PRODUCTS + 3):
        r, w = rng.standard_normal(shape[0]), rng.standard_normal(shape[1])
        product = design.rmatvec(r) if k % 2 else design.matvec(w)
        expected = X64.T @ r if k % 2 else X64 @ w
        np.testing.assert_allclose(product, expected, rtol=1e-12, atol=1e-12)
        assert (design._X64 is not None) == (switches and k >= design_module.F32_PRODUCTS), k
    expected_count = design_module.F32_PRODUCTS if switches else design_module.F32_PRODUCTS + 3
    assert design._f32_products == expected_count
    # once the float64 copy exists (matmat builds it for any shape), every product uses it
    fresh = design_module.Design(X)
    np.testing.assert_allclose(fresh.matmat(np.eye(shape[1])), X64, rtol=0, atol=0)
    fresh.rmatvec(rng.standard_normal(shape[0]))
    assert fresh._X64 is not None and fresh._f32_products == 0


@pytest.mark.parametrize("loops", ["compiled", "numpy"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("centring", ["none", "mean", "weighted"])
def test_moved_residual_is_the_rounded_sum_and_its_norm(monkeypatch, loops, dtype, centring):
    """``GramCache.moved_residual`` returns ``r + Xc[:, S] v`` in ``r``'s dtype (against the
    explicitly centred float64 columns) and the squared norm of exactly the entries it
    returns; a float32 entry whose float64 sum is far beyond float32's range is infinite,
    and so is the norm. The tolerances assume column means of the order of the spread, as
    here: where they are much larger, the loop's grouping ``r + (Σ − shift·u)`` cancels."""
    import sparsenorm._kernels as kernels
    import sparsenorm.solvers._design as design_module
    from sparsenorm.solvers._design import Design, GramCache

    if loops == "numpy":
        for loop in ("_moved_residual_loop", "_rows_combination_loop"):
            monkeypatch.setitem(kernels._COMPILED, getattr(design_module, loop), None)
    else:
        _needs_compiled()
    rng = np.random.default_rng(5)
    n, p = 60, 30
    X = (rng.standard_normal((n, p)) + rng.uniform(-3, 3, p)).astype(dtype)
    u = rng.uniform(0.5, 2.0, n) if centring == "weighted" else None
    weights = np.ones(n) if u is None else u
    mean = None if centring == "none" else (X.astype(np.float64).T @ weights) / (weights @ weights)
    cache = GramCache(Design(X, mean=mean, u=u), rng.standard_normal(n))
    ws = np.array([4, 17, 2, 29, 11])
    pos = cache.ensure(ws)
    centred = X.astype(np.float64)[:, ws]
    if mean is not None:
        centred -= np.outer(weights, mean[ws])
    v = rng.standard_normal(ws.size)
    for r_dtype in {np.float64, dtype}:
        r = rng.standard_normal(n).astype(r_dtype)
        r_before = r.copy()
        got, sq = cache.moved_residual(pos, v, r)
        assert got.dtype == r_dtype and isinstance(sq, float)
        exact = r.astype(np.float64) + centred @ v  # (to float64 rounding)
        # rounded once: within half a float32 ulp of the float64 sum (whose own rounding,
        # in another order, is the slack); float64 to rounding (with these means)
        tol = 2.0**-24 * (1 + 1e-6) if r_dtype == np.float32 else 1e-14
        np.testing.assert_allclose(got, exact, rtol=tol, atol=1e-13 * np.abs(exact).max())
        assert sq == pytest.approx(
            float(got.astype(np.float64) @ got.astype(np.float64)), rel=1e-13
        )
        assert np.array_equal(r, r_before)  # r is not written to
    if dtype == np.float32:
        r = np.zeros(n, dtype=np.float32)
        r[7] = np.finfo(np.float32).max
        big = np.sign(centred[7]) * 1e38  # each term pushes r[7] up
        got, sq = cache.moved_residual(pos, big, r)
        assert np.isinf(got[7]) and sq == np.inf


@pytest.mark.parametrize("loops", ["compiled", "numpy"])
@pytest.mark.parametrize("centring", ["none", "mean", "weighted", "dead"])
def test_raw_float32_cache_products_match_explicit_centring(monkeypatch, centring, loops):
    """A float32 X's cache keeps raw float32 columns (exact copies) and centres them through
    the mean: its products, residual and Gram matrix equal those of the explicitly centred
    float64 columns (the Gram matrix bit for bit, as the float64 cache built it), with the
    compiled loops and with numpy's."""
    import sparsenorm._kernels as kernels
    import sparsenorm.solvers._design as design_module
    from sparsenorm.solvers._design import Design, GramCache

    if loops == "numpy":
        for loop in (
            "_rmatvec_loop",
            "_matvec_loop",
            "_centred_rows_loop",
            "_sq_norms_loop",
            "_rows_combination_loop",
        ):
            monkeypatch.setitem(kernels._COMPILED, getattr(design_module, loop), None)
    else:
        _needs_compiled()

    rng = np.random.default_rng(11)
    n, p = 70, 40
    X = (rng.standard_normal((n, p)) + rng.uniform(-2, 2, p)).astype(np.float32)
    u = rng.uniform(0.5, 2.0, n) if centring == "weighted" else None
    if u is not None:
        X = (X * u[:, None]).astype(np.float32)
    dead = None
    if centring == "dead":
        X[:, 3] = 1.5  # a constant column: its centred values are exactly zero
        dead = np.zeros(p, dtype=bool)
        dead[3] = True
    u_sq = float(n) if u is None else float(u @ u)
    mean = None
    if centring != "none":
        mean = (X.astype(np.float64).T @ (np.ones(n) if u is None else u)) / u_sq
    y = rng.standard_normal(n)
    if mean is not None:
        y -= (np.ones(n) if u is None else u) * ((np.ones(n) if u is None else u) @ y) / u_sq
    design = Design(X, mean=mean, u=u, dead=dead)
    raw = GramCache(design, y)
    ref = GramCache(Design(X.astype(np.float64), mean=mean, u=u, dead=dead), y)
    assert raw.raw and raw.implicit and not ref.raw
    for ws in (np.array([5, 3, 17]), np.arange(p)):  # a gather, then every column
        pos, pos_ref = raw.ensure(ws), ref.ensure(ws)
        assert raw.cols_t().dtype == np.float32
        np.testing.assert_array_equal(raw.cols_t()[pos], X[:, ws].T)  # raw, exact copies
        np.testing.assert_allclose(raw.xty[pos], ref.xty[pos_ref], rtol=1e-12, atol=1e-13)
        v = rng.standard_normal(ws.size)
        r = rng.standard_normal(n)
        for got, want in (
            (raw.centred_dot(pos, v), ref.centred_dot(pos_ref, v)),
            (raw.centred_rdot(pos, r), ref.centred_rdot(pos_ref, r)),
            (raw.residual(pos, v), ref.residual(pos_ref, v)),
        ):
            assert got.dtype == np.float64
            np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-11 * np.abs(want).max())
        if dead is not None and 3 in ws:
            assert raw.centred_rdot(pos, r)[list(ws).index(3)] == 0.0
        # float32 residual: the product is float32's (to its precision), returned as float64
        low = raw.centred_rdot(pos, r.astype(np.float32))
        assert low.dtype == np.float64
        want = ref.centred_rdot(pos_ref, r)
        np.testing.assert_allclose(low, want, atol=1e-5 * np.abs(want).max())
    assert raw.gram.tobytes() == ref.gram.tobytes()


def test_sq_norms_loop_matches_einsum():
    _needs_compiled()
    from sparsenorm.solvers._design import column_sq_norms

    rng = np.random.default_rng(5)
    X = (rng.standard_normal((300, 70)) * 10.0 ** rng.uniform(-20, 20, 70)).astype(np.float32)
    want = np.einsum("ij,ij->j", X.astype(np.float64), X.astype(np.float64))
    np.testing.assert_allclose(column_sq_norms(X), want, rtol=1e-13)
    np.testing.assert_allclose(column_sq_norms(np.asfortranarray(X)), want, rtol=1e-13)


@pytest.mark.parametrize("intercept", [False, True])
@pytest.mark.parametrize("tol", [1e-3, 1e-6])
def test_float32_residual_epochs_by_tolerance(monkeypatch, intercept, tol):
    """A float32 X at a loose tolerance runs float32 residual epochs; at a tighter one (below
    F32_RESOLUTION; not below about 1e-8, which float32 coefficients cannot be certified to)
    float64 ones. Either way the fit is certified by the float64 gap, and its objective is
    within that gap of the float64 fit's."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers import lasso

    rng = np.random.default_rng(8)
    n, p = 120, 300
    X = rng.standard_normal((n, p)).astype(np.float32)
    y = X[:, :10].astype(np.float64) @ rng.standard_normal(10) + 0.5 * rng.standard_normal(n)
    alpha = 0.05 * float(np.abs(X.astype(np.float64).T @ (y - y.mean())).max()) / n
    works = []
    inner = ws._inner_cd_residual

    def spy(*args, **kwargs):
        works.append(kwargs.get("work", np.float64))
        return inner(*args, **kwargs)

    monkeypatch.setattr(ws, "_inner_cd_residual", spy)
    fit = lasso(X, y, alpha, fit_intercept=intercept, tol=tol)
    assert fit.converged
    assert works and (np.float32 in works) == (tol >= ws.F32_RESOLUTION)
    ref = lasso(X.astype(np.float64), y, alpha, fit_intercept=intercept, tol=1e-12)
    unit = float(((y - y.mean()) ** 2).mean() if intercept else (y**2).mean())
    # certified: the float64 gap of the float32 fit, re-computed here from scratch
    from sparsenorm.solvers import lasso_duality_gap

    gap = lasso_duality_gap(X.astype(np.float64), y, fit.coef, alpha, fit_intercept=intercept)
    assert gap <= tol * unit * 1.0001
    X64 = X.astype(np.float64)

    def objective(coef, intercept_):
        r = y - X64 @ coef - intercept_
        return 0.5 * float(r @ r) / n + alpha * float(np.abs(coef).sum())

    # within the certified gap of the (tightly solved) float64 fit's objective
    excess = objective(fit.coef, fit.intercept) - objective(ref.coef, ref.intercept)
    assert excess <= tol * unit * 1.0001 + 1e-12 * unit


def test_reassociated_kernels_have_their_own_disk_cache(tmp_path):
    """numba's on-disk cache ignores fastmath flags (numba issue #6845): without a copy under
    another name, a kernel compiled in order would be loaded for the reassociated one (seen
    here as a residual loop twice as slow) or the other way round. Checked by the cache hits
    and flags of fresh processes sharing one cache directory."""
    _needs_compiled()
    code = """
        import sys
        import numpy as np
        from sparsenorm._kernels import NUMBA_ENV, compiled
        from sparsenorm.solvers._design import _rmatvec_loop

        kernel = compiled(_rmatvec_loop, reassociate=sys.argv[1] == "1")
        kernel(np.ones((3, 2), dtype=np.float32), np.ones(3), np.empty(2))
        print(sum(kernel.stats.cache_hits.values()), kernel.targetoptions["fastmath"])
    """
    env = {"NUMBA_CACHE_DIR": str(tmp_path)}

    def run(flag):
        full = {**os.environ, **env}
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), flag],
            capture_output=True,
            text=True,
            env=full,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert run("0") == ["0", "False"]  # compiled in order, and cached
    assert run("1") == ["0", "{'reassoc'}"]  # not the in-order machine code from the cache
    assert run("1") == ["1", "{'reassoc'}"]  # its own cache entry
    assert run("0") == ["1", "False"]


def test_compiled_column_means_and_raw_rows_match_numpy_bit_for_bit(monkeypatch):
    """The compiled float32 column sums are numpy's in-order float64 sums, bit for bit; the
    raw rows (``centre=False``) are exact copies, from both paths."""
    _needs_compiled()
    import sparsenorm._kernels as kernels
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(21)
    # magnitudes drawn entry by entry: the sums round, so another order would differ
    for shape in [(333, 45), (1, 9), (4000, 1), (20000, 3)]:
        X = (rng.standard_normal(shape) * 10.0 ** rng.uniform(-8, 8, shape)).astype(np.float32)
        want = X.sum(axis=0, dtype=np.float64) / X.shape[0]
        assert design_module.column_means(X).tobytes() == want.tobytes(), shape
    reordered = np.array([np.sum(X[::-1, j], dtype=np.float64) for j in range(3)]) / X.shape[0]
    assert reordered.tobytes() != want.tobytes()  # the order matters for these sums
    X = (rng.standard_normal((333, 45)) * 10.0 ** rng.uniform(-8, 8, 45)).astype(np.float32)
    design = design_module.Design(X, mean=rng.standard_normal(45), u=rng.uniform(1, 2, 333))
    idx = np.array([44, 0, 7, 7, 30])
    fast = design.centred_rows(idx, np.empty((idx.size, 333), np.float32), centre=False)
    monkeypatch.setitem(kernels._COMPILED, design_module._centred_rows_loop, None)
    slow = design.centred_rows(idx, np.empty((idx.size, 333), np.float32), centre=False)
    assert fast.tobytes() == slow.tobytes() == np.ascontiguousarray(X[:, idx].T).tobytes()


def test_float32_residual_epochs_hand_over_to_float64_when_they_stall(monkeypatch):
    """Columns whose means dwarf their spread: the float32 residual carries the means'
    multiple and stalls (or diverges); the inner solve starts again in float64 and the fit is
    certified, without warnings, in about the float64 fit's number of passes."""
    _needs_compiled()
    import warnings

    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers import lasso, lasso_duality_gap

    rng = np.random.default_rng(7)
    n, p, k = 300, 1000, 100
    X = (rng.standard_normal((n, p)) + 1000.0 * np.sign(rng.uniform(-1, 1, p))).astype(np.float32)
    X64 = X.astype(np.float64)
    Xc = X64 - X64.mean(axis=0)
    y = Xc[:, :k] @ rng.standard_normal(k) + 0.3 * rng.standard_normal(n)
    alpha = 0.01 * float(np.abs(Xc.T @ (y - y.mean())).max()) / n
    outcomes = []
    inner = ws._inner_cd_residual

    def spy(*args, **kwargs):
        result = inner(*args, **kwargs)
        outcomes.append((kwargs["work"], result[1]))
        return result

    monkeypatch.setattr(ws, "_inner_cd_residual", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or convergence warning
        fit = lasso(X, y, alpha, tol=1e-4)
        ref = lasso(X64, y, alpha, tol=1e-4)
    assert fit.converged
    handed = [i for i, (work, done) in enumerate(outcomes) if work is np.float32 and done is None]
    assert handed, "the float32 epochs did not stall here"
    assert outcomes[handed[0] + 1][0] is np.float64
    assert all(work is np.float64 for work, _ in outcomes[handed[0] + 1 :])
    unit = float(((y - y.mean()) ** 2).mean())
    gap = lasso_duality_gap(X64, y, fit.coef, alpha, fit_intercept=True)
    assert gap <= 1e-4 * unit * 1.0001
    assert fit.n_iter <= ref.n_iter + 3


@pytest.mark.parametrize("seed", [17, 3, 8])
def test_diverging_float32_epochs_are_caught(seed):
    """Means 5000 times the spread on a wide float32 X: the float32 residual overflows within
    an inner solve. Its KKT check must not read the NaN as a zero violation, the inner solve
    hands back its start, and the fit is solved in float64: certified, no warning."""
    _needs_compiled()
    import warnings

    from sparsenorm.solvers import lasso, lasso_duality_gap

    rng = np.random.default_rng(seed)
    X = (rng.standard_normal((60, 300)) + 5000.0).astype(np.float32)
    y = X[:, :10].astype(np.float64) @ rng.standard_normal(10) + rng.standard_normal(60)
    X64 = X.astype(np.float64)
    Xc, yc = X64 - X64.mean(axis=0), y - y.mean()
    alpha = 0.01 * float(np.abs(Xc.T @ yc).max()) / 60
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = lasso(X, y, alpha, tol=1e-3)
    assert fit.converged and np.isfinite(fit.coef).all()
    gap = lasso_duality_gap(X64, y, fit.coef, alpha, fit_intercept=True)
    assert gap <= 1e-3 * float(yc @ yc) / 60 * 1.0001


@pytest.mark.parametrize("loop", ["residual32", "residual64", "sparse", "gram"])
def test_compiled_loops_do_not_stop_on_nan(loop):
    """A residual (or gradient) gone non-finite makes the KKT violation NaN, which must not
    pass for a violation of 0 (numba's max(0.0, nan) is 0.0): the loop runs all its epochs and
    reports the NaN."""
    _needs_compiled()
    sp = pytest.importorskip("scipy.sparse")
    from sparsenorm.solvers._working_set import _cd_residual_loop, _cd_sparse_loop

    rng = np.random.default_rng(6)
    n, k = 30, 8
    rows = rng.standard_normal((k, n))
    norms = np.einsum("ij,ij->i", rows, rows) / n
    y, check = rng.standard_normal(n), np.zeros(6 if loop == "gram" else 7)
    w = np.zeros(k)
    if loop == "gram":
        H = np.asfortranarray(rows @ rows.T / n)
        b = np.full(k, np.nan)
        epochs = compiled(_cd_gram_loop)(H, b, 0.1, w, False, 5, 1e300, check)
    elif loop == "sparse":
        X = sp.csc_matrix(rows.T)
        arrays = (X.indptr.astype(np.int64), X.indices.astype(np.int64), X.data)
        args = (np.arange(k), np.zeros(k), np.ones(n), float(n), norms, np.full(n, np.nan))
        stop = (5, 1e300, 1e300, y, check)
        epochs = compiled(_cd_sparse_loop)(*arrays, *args, 0.1, 0.0, w, False, *stop)
    else:
        dtype = np.float32 if loop == "residual32" else np.float64
        r = np.full(n, np.inf, dtype=dtype)
        args = (rows.astype(dtype), np.arange(k), np.zeros(k), np.ones(n), float(n), norms, r)
        kernel = compiled(_cd_residual_loop, reassociate=True)
        epochs = kernel(*args, 0.1, 0.0, w, False, 5, 1e300, 1e300, y, check)
    assert epochs == 5 and np.isnan(check[0])


def test_float32_positive_fit_does_not_cycle():
    """Columns with means about 1000 times their spread, positive=True: the float32 epochs'
    end point (there the collapsed w = 0, which the drifted float32 residual reported as
    optimal) was accepted without comparing it with the start, and the outer passes cycled
    0 → 65 → 68 → 0 non-zeros until max_iter. The end point is now checked against the start
    with its residual recomputed in float64."""
    _needs_compiled()
    from sparsenorm.solvers import elastic_net

    rng = np.random.default_rng(142)
    n, p = int(rng.integers(30, 300)), int(rng.integers(100, 400))
    m = float(rng.choice([100, 1000, 10000]))
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 2, p) + m * rng.uniform(0.5, 1.5, p)
    X = X.astype(np.float32)
    y = X.astype(np.float64)[:, :5] @ rng.standard_normal(5) + rng.standard_normal(n)
    Xc, yc = X.astype(np.float64) - X.astype(np.float64).mean(0), y - y.mean()
    alpha = 0.02 * float(np.abs(Xc.T @ yc).max()) / n
    fit = elastic_net(X, y, alpha, 1.0, positive=True, tol=1e-3)
    ref = elastic_net(X.astype(np.float64), y, alpha, 1.0, positive=True, tol=1e-3)
    assert fit.converged and ref.converged
    assert fit.n_iter <= 3 * ref.n_iter


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", ["C", "F", "strided", "row", "column"])
def test_take_columns_is_numpys_take_in_every_layout(dtype, layout):
    """The F-ordered shortcut takes the same columns as np.take (same values, same shape)."""
    from sparsenorm.solvers._design import Design, _take_columns

    rng = np.random.default_rng(11)
    base = rng.standard_normal((40, 30)).astype(dtype)
    X = {
        "C": base,
        "F": np.asfortranarray(base),
        "strided": base[::2, ::3],
        "row": base[:1],
        "column": np.asfortranarray(base[:, :1]),
    }[layout]
    idx = rng.integers(0, X.shape[1], 2 * X.shape[1])  # repeats and any order
    want = np.take(X, idx, axis=1)
    got = _take_columns(X, idx)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(Design(X).take(idx), want.astype(np.float64))


_LOWS = [5.0, 4.0, 3.0]  # scripted gaps: three new lows (the last low is 3.0)


@pytest.mark.parametrize(
    ("script", "drift", "done", "recomputed"),
    [
        # a plateau of 10 blocks above the last low: recompute, go on, reach the target 1.0
        (_LOWS + [3.5] * 10 + [2.0, 1.0], False, True, [13]),
        (_LOWS + [3.5] * 19 + [2.0, 1.0], False, True, [13]),
        # no new low in 10 blocks after the recomputation either: the start is handed back
        (_LOWS + [3.5] * 20, False, None, [13]),
        # a new low in between: the next plateau gets its own recomputation
        (_LOWS + [3.5] * 10 + [2.5] + [3.0] * 19 + [2.0, 1.0], False, True, [13, 24]),
        # the recomputed residual's gap more than twice the kept one's: handed back at once
        (_LOWS + [3.5] * 10, True, None, []),
    ],
)
def test_float32_solve_recomputes_its_residual_before_it_gives_up(
    monkeypatch, script, drift, done, recomputed
):
    """A float32 inner solve whose gap has not reached a new low for F32_PATIENCE blocks
    compares the gap from its residual recomputed in float64 with the lowest the kept
    residual gave: more than twice that, it hands back its start (done None); else it goes
    on from the
    recomputed residual, and hands back its start only where another F32_PATIENCE blocks
    bring no new low. The kept residual's gaps are scripted (``_checked_gap`` replaced), and
    with ``drift`` the recomputed one's too (``_enet_gap``); the epochs are real ones on a
    float32 design, without extrapolation (a kept Anderson point would replace the residual
    that the test recognises as recomputed)."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers._design import Data, GramCache

    assert ws.F32_PATIENCE == 10  # the plateaus above straddle it
    rng = np.random.default_rng(3)
    n, p = 80, 40
    X = rng.standard_normal((n, p)).astype(np.float32)
    data = Data(X, X[:, :5].astype(np.float64) @ np.ones(5), fit_intercept=True)
    cache = GramCache(data.design, data.y)
    pos = cache.ensure(np.arange(p))
    norms = data.design.col_sq_norms() / n
    l1 = 0.05 * float(np.abs(cache.xty).max())
    gaps = iter(script + [9.0] * 100)
    monkeypatch.setattr(ws, "_checked_gap", lambda *args: next(gaps))
    monkeypatch.setattr(ws, "_anderson", lambda iterates: None)
    if drift:
        monkeypatch.setattr(ws, "_enet_gap", lambda *args: (1e9, 1.0))
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    fresh = []  # per call: whether r is the float64 residual of w, rounded

    def epochs(*args, trace):
        *head, r, l1_, l2_, w, positive, n_epochs, _, _, y, check = args
        fresh.append(np.array_equal(r, cache.residual(pos, w).astype(np.float32)))
        # never stopped by the real gap or violation: only by the scripted gap
        stop = (-1.0, -np.inf, y, check)
        return kernel(*head, r, l1_, l2_, w, positive, n_epochs, *stop, trace=trace)

    w, got, r = ws._inner_cd_residual(
        epochs, cache, pos, norms, data.y.copy(), l1, 0.0, np.zeros(p), False, -1.0,
        y=data.y, gap_target=1.0, work=np.float32,
    )  # fmt: skip
    assert got is done
    if done is None:
        assert r is None and not w.any()  # the start
    else:
        assert w.any() and r is not None
    assert len(fresh) == len(script)  # a call per scripted gap, no more
    assert [i for i, is_fresh in enumerate(fresh) if is_fresh and i > 0] == recomputed


def _driver_problem(dtype=np.float64):
    """A correlated dense problem (many blocks) in a GramCache holding all its columns.

    Returns ``(data, cache, pos, norms)``; :func:`_driver_strength` is the ``l1`` the driver
    tests solve it at. A float32 ``X`` is cached as its raw float32 columns."""
    from sparsenorm.solvers._design import Data, GramCache

    rng = np.random.default_rng(11)
    n, p = 100, 60
    X = rng.standard_normal((n, p))
    X[:, 1:] += 0.9 * X[:, :-1]
    y = X[:, :8] @ rng.standard_normal(8) + 0.1 * rng.standard_normal(n)
    data = Data(X.astype(dtype), y, fit_intercept=True)
    cache = GramCache(data.design, data.y)
    return data, cache, cache.ensure(np.arange(p)), data.design.col_sq_norms() / n


def _recording_block_starts(kernel, blocks):
    """``kernel`` as the residual driver calls it, appending each block's start ``w`` to
    ``blocks``."""

    def spy(*args, trace):
        blocks.append(args[-7].copy())  # w, before the loop updates it in place
        return kernel(*args, trace=trace)

    return spy


def _driver_strength(cache):
    """1 % of the largest correlation (13 of the 60 features are non-zero at the solution)."""
    return 0.01 * float(np.abs(cache.xty).max())


def test_residual_driver_keeps_one_check_and_stops_at_the_first_check_that_meets():
    """_inner_cd_residual passes one ``check`` to every block of a solve (so a failed
    suggestion turns suggestions off for the rest of it) and stops after the first block
    whose check meets the gap target, wherever in the block the loop stopped."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1 = _driver_strength(cache)
    target = 1e-9 * float(data.y @ data.y) / n
    kernel = compiled(ws._cd_residual_loop, reassociate=True)

    def solve(suggest):
        calls = []  # per block: the check, check[6] before and after, its gap

        def spy(*args, trace):
            check = args[-1]
            if not suggest:
                check[6] = 1.0  # suggestions off: the loop stops only at a block's end
            before = check[6]
            epochs = kernel(*args, trace=trace)
            if len(calls) == 1:
                check[6] = 1.0  # as a failed suggestion sets it: the next block must see it
            calls.append((check, before, check[6], ws._checked_gap(check, l1, 0.0, n), epochs))
            return epochs

        start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, 0.0)
        _, done, _ = ws._inner_cd_residual(spy, cache, pos, *start, data.y, target)
        assert done is True
        assert all(c[0] is calls[0][0] for c in calls)  # one check for the whole solve
        assert all(b[1] == a[2] for a, b in itertools.pairwise(calls))  # check[6] kept
        first = next(i for i, c in enumerate(calls) if c[3] <= target)
        assert len(calls) == first + 1  # stopped by the first check that meets the target
        return calls

    assert len(solve(True)) > 2
    assert len(solve(False)) > 2


@pytest.mark.parametrize("stop", ["kkt, suggestions off", "gap, by a suggestion"])
def test_residual_driver_stops_on_a_violation_and_mid_block(stop):
    """The residual driver also stops on a KKT violation met at a block's end (suggestions
    off), and within a block where a suggested check meets the target."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1 = _driver_strength(cache)
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    off = stop.startswith("kkt")
    kkt_tol, target = (1e-6 * l1, None) if off else (0.0, 1e-9 * float(data.y @ data.y) / n)
    calls = []  # per block: violation, gap and epochs run

    def spy(*args, trace):
        check = args[-1]
        if off:
            check[6] = 1.0
        epochs = kernel(*args, trace=trace)
        calls.append((check[0], ws._checked_gap(check, l1, 0.0, n), epochs))
        return epochs

    start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, kkt_tol)
    _, done, _ = ws._inner_cd_residual(spy, cache, pos, *start, data.y, target)
    assert done is True
    if off:
        first = next(i for i, c in enumerate(calls) if c[0] <= kkt_tol)
        assert len(calls) == first + 1 and all(c[2] == 5 for c in calls)
    else:
        assert calls[-1][2] < 5 and calls[-1][1] <= target  # mid-block
        assert all(c[1] > target for c in calls[:-1])


def test_compiled_anderson_step_matches_numpy():
    """The compiled Anderson step gives numpy's point (to the rounding its ``UUᵀ`` solve
    amplifies: the condition number times a few ulps) on full-rank differences, and fails
    where numpy's does on these inputs: zero differences (an exactly zero pivot in both), a
    NaN, an overflowing ``UUᵀ``. Where a weight above 1.1 multiplies a coordinate near the
    largest float64 it returns no point that is not finite (its products, not fused with the
    sums, overflow, and it fails; numpy's BLAS may fuse them and return the point). On
    rank-deficient ``UUᵀ`` in general (more differences than coordinates) whether a pivot
    comes out exactly zero is a matter of rounding, so the two need not agree there: the
    compiled step then gives a point or fails, without raising."""
    _needs_compiled()
    from sparsenorm.solvers._working_set import _anderson_loop, anderson_numpy

    kernel = compiled(_anderson_loop)
    rng = np.random.default_rng(5)
    for _ in range(400):
        m = int(rng.integers(1, 7))
        iterates = rng.standard_normal((m + 1, int(rng.integers(m, 60)))).cumsum(axis=0)
        iterates *= 10.0 ** rng.integers(-8, 8)
        U = np.diff(iterates, axis=0)
        cond = np.linalg.cond(U @ U.T)
        ref, out = anderson_numpy(iterates), np.full(iterates.shape[1], np.nan)
        assert kernel(iterates, out) and ref is not None
        scale = np.abs(ref).max()
        assert np.abs(out - ref).max() <= 1e-14 * cond * scale  # (measured: slack >= 50x)
    for bad in ("repeated", "one moving", "nan", "huge"):
        iterates = np.tile(rng.standard_normal(8), (6, 1))
        if bad == "one moving":
            iterates[3:] += 1.0  # one non-zero difference, four zero ones
        elif bad == "nan":
            iterates[1:] += rng.standard_normal((5, 8)).cumsum(axis=0)
            iterates[2, 3] = np.nan
        elif bad == "huge":
            iterates[1:] += 1e300 * rng.standard_normal((5, 8)).cumsum(axis=0)
        assert anderson_numpy(iterates) is None
        assert not kernel(iterates, np.empty(8)), bad
    overflows = 0
    for _ in range(40):  # a constant coordinate near the largest float64, a weight above 1.1
        # (noisy geometric convergence: the step extrapolates past the last iterate)
        v = rng.standard_normal(8)
        iterates = 0.8 ** np.arange(6.0)[:, None] * v + 1e-3 * rng.standard_normal((6, 8))
        iterates[:, 0] = 1.7e308  # its differences are 0: the others' decide the weights
        U = np.diff(iterates, axis=0)
        z = np.linalg.solve(U @ U.T, np.ones(5))
        if (z / z.sum()).max() <= 1.1:  # (1.1 · 1.7e308 overflows)
            continue
        overflows += 1
        out = np.full(8, np.nan)
        assert not kernel(iterates, out) or np.isfinite(out).all()
    assert overflows >= 10
    for k in (1, 2, 3):  # 5 differences of k < 5 coordinates
        for _ in range(50):
            out = np.full(k, np.nan)
            if kernel(rng.standard_normal((6, k)).cumsum(axis=0), out):
                assert np.isfinite(out).all()


def test_checked_objective_of_a_float32_loop_with_implicit_centring():
    """With raw float32 columns, their means and a float32 residual (the loop's ``s·u``
    centring), ``_checked_objective`` is the returned point's objective to within float32
    rounding of the residual, recomputed here in float64 from the weights."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers._design import Data, GramCache

    rng = np.random.default_rng(8)
    n, p = 300, 40
    X = (rng.standard_normal((n, p)) + 3.0).astype(np.float32)  # means 3x the spread
    data = Data(X, X[:, :6].astype(np.float64) @ np.ones(6), fit_intercept=True)
    cache = GramCache(data.design, data.y)
    pos = cache.ensure(np.arange(p))
    assert cache.raw and cache.implicit
    norms = data.design.col_sq_norms() / n
    l1, l2 = 0.02 * float(np.abs(cache.xty).max()), 0.1
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    mean = data.design.mean[cache.idx[pos]]
    r, w, check = data.y.astype(np.float32), np.zeros(p), np.zeros(7)
    for n_epochs in (1, 3, 5):
        kernel(cache.cols_t(), pos, mean, np.ones(n), float(n), norms, r, l1, l2, w, False,
               n_epochs, -1.0, -np.inf, data.y, check)  # fmt: skip
        r_true = data.y - cache.centred_dot(pos, w)
        value = 0.5 * r_true @ r_true / n + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w
        assert ws._checked_objective(check, l1, l2, n) == pytest.approx(value, rel=1e-6)


@pytest.mark.parametrize("loop", ["compiled", "numpy"])
def test_checked_objective_is_the_returned_points_objective(loop):
    """``_checked_objective`` of a loop's ``check`` is the objective of the point the loop
    returned, recomputed here from its residual and weights (float64 rows stored centred;
    the float32 case with implicit centring is the test above)."""
    import sparsenorm.solvers._working_set as ws

    if loop == "compiled":
        _needs_compiled()
    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1, l2 = 0.02 * float(np.abs(cache.xty).max()), 0.3
    kernel = (
        compiled(ws._cd_residual_loop, reassociate=True)
        if loop == "compiled"
        else ws.cd_residual_numpy
    )
    Xt, mean, u = cache.cols_t(), np.zeros(p), np.ones(n)
    r, w, check = data.y.copy(), np.zeros(p), np.zeros(7)
    for n_epochs in (1, 3, 5):
        kernel(Xt, pos, mean, u, float(n), norms, r, l1, l2, w, False, n_epochs, -1.0,
               -np.inf, data.y, check)  # fmt: skip
        r_true = data.y - cache.centred_dot(pos, w)
        value = 0.5 * r_true @ r_true / n + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w
        assert ws._checked_objective(check, l1, l2, n) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("offer", ["worse", "better"])
def test_residual_driver_keeps_an_extrapolated_point_only_where_it_is_lower(monkeypatch, offer):
    """The residual driver keeps the Anderson step's point only where its objective is
    below the current point's: a far worse point offered at every step changes nothing (the
    iterates are those of no extrapolation at all), the exact solution offered is taken and
    ends the solve at the next check."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1 = _driver_strength(cache)
    target = 1e-10 * float(data.y @ data.y) / n
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, 0.0)

    def solve(anderson):
        monkeypatch.setattr(ws, "_anderson", anderson)
        blocks = []
        spy = _recording_block_starts(kernel, blocks)

        w, done, _ = ws._inner_cd_residual(spy, cache, pos, *start, data.y, target)
        return w, done, blocks

    w_plain, _, plain = solve(lambda iterates: None)
    assert len(plain) > 2  # at least two extrapolation steps
    if offer == "worse":
        w, done, blocks = solve(lambda iterates: iterates[-1] + 10.0)
        assert done is True and len(blocks) == len(plain)
        assert all(np.array_equal(a, b) for a, b in zip(blocks, plain, strict=True))
        assert np.array_equal(w, w_plain)
    else:
        solution = w_plain.copy()
        w, done, blocks = solve(lambda iterates: solution.copy())
        assert done is True and len(blocks) == 2  # a block, the step, a block that stops
        assert np.array_equal(blocks[1], solution)


def test_residual_driver_compares_extrapolated_points_with_the_ridge_term(monkeypatch):
    """With ``l2 > 0`` the residual driver's comparison includes ``l2/2‖w‖²`` at its weight.
    Offered near the end of an elastic-net solve, two points are never kept (the iterates
    are those of no extrapolation): the lasso solution (``l2 = 0``: lower data and L1
    terms, higher objective), and a point a thousandth of the way to it, whose objective is
    above the highest late block start by less than a tenth of its own ``l2/2‖w‖²``, so a
    ridge term weighted ``c ≤ 0.9`` times its weight, which lowers its value by
    ``(1 − c)·l2/2‖w‖²``, keeps it (and the solve then runs out of epochs). The elastic-net
    solution offered at the first step, below that step's point by more than rounding and
    by less than a twentieth of ``l2/2‖w‖²``, is kept: a weight ``c`` above 1.05 rejects
    it. (The premises are asserted; on this problem they hold for ``l2`` from about 0.1
    to 2.)"""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1, l2 = _driver_strength(cache), 0.5
    target = 1e-12 * float(data.y @ data.y) / n
    kernel = compiled(ws._cd_residual_loop, reassociate=True)

    def solve(l2_, offer_at):
        """Solve; ``offer_at(k)`` is the point offered at the k-th step (None: nothing)."""
        steps = []

        def anderson(iterates):
            steps.append(None)
            return offer_at(len(steps))

        monkeypatch.setattr(ws, "_anderson", anderson)
        blocks = []
        spy = _recording_block_starts(kernel, blocks)

        start = (norms, data.y.copy(), l1, l2_, np.zeros(p), False, 0.0)
        w, done, _ = ws._inner_cd_residual(spy, cache, pos, *start, data.y, target)
        assert done is True
        return w, blocks

    def nothing(k):
        return None

    lasso, _ = solve(0.0, nothing)
    w_plain, plain = solve(l2, nothing)

    def parts(v):
        r = data.y - cache.centred_dot(pos, v)
        return 0.5 * r @ r / n + l1 * np.abs(v).sum(), 0.5 * l2 * v @ v

    data_l1_lasso, ridge_lasso = parts(lasso)
    data_l1_enet, ridge_enet = parts(w_plain)
    assert data_l1_lasso < data_l1_enet  # kept by a comparison without the ridge term
    assert data_l1_lasso + ridge_lasso > data_l1_enet + ridge_enet + 1e-3 * ridge_enet
    near = w_plain + 1e-3 * (lasso - w_plain)
    late = len(plain) - 3
    assert late >= 2
    above = sum(parts(near)) - max(sum(parts(b)) for b in plain[late:])
    assert 1e-9 * sum(parts(w_plain)) < above < 0.1 * parts(near)[1]
    for point in (lasso, near):
        w, blocks = solve(l2, lambda k, point=point: point.copy() if k >= late else None)
        assert len(blocks) == len(plain)
        assert all(np.array_equal(a, b) for a, b in zip(blocks, plain, strict=True))
        assert np.array_equal(w, w_plain)
    after_one = plain[1]  # where the first step finds the solve
    drop = sum(parts(after_one)) - sum(parts(w_plain))
    assert 1e-9 * sum(parts(w_plain)) < drop < 0.05 * ridge_enet
    _, blocks = solve(l2, lambda k: w_plain.copy() if k == 1 else None)
    assert np.array_equal(blocks[1], w_plain)  # kept: the second block starts there


def test_residual_driver_runs_on_the_numpy_reference():
    """The residual driver takes the numpy reference as its kernel (the trace is passed by
    keyword, after the reference's own gap_hint) and stops after the first block whose
    check meets the target; that check's gap is the restricted problem's, recomputed
    independently (from the design's centred columns), and with numba the point is the
    compiled loop's."""
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1 = _driver_strength(cache)
    target = 1e-12 * float(data.y @ data.y) / n
    start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, 0.0)
    gaps = []  # the gap of each block's check

    def reference(*args, trace):
        # the target hidden from the loop, so that only the driver's test on the block's
        # check can stop the solve
        args = (*args[:-3], -math.inf, *args[-2:])
        epochs = ws.cd_residual_numpy(*args, trace=trace)
        gaps.append(ws._checked_gap(args[-1], l1, 0.0, n))
        return epochs

    w_ref, done_ref, _ = ws._inner_cd_residual(reference, cache, pos, *start, data.y, target)
    assert done_ref is True
    assert len(gaps) > 2 and gaps[-1] <= target < min(gaps[:-1])  # the first that meets it
    Xc = data.design.centred_columns(cache.idx[pos])  # (not the cache's products)
    r = data.y - Xc @ w_ref
    g = Xc.T @ r / n
    scale = min(1.0, l1 / np.abs(g).max())
    primal = 0.5 * r @ r / n + l1 * np.abs(w_ref).sum()
    dual = scale * (r @ data.y) / n - 0.5 * scale**2 * (r @ r) / n
    # (r = y − Xc·w cancels terms of the size of y: roundings of order ulp(P(0)), about 1e-4
    # of the target here)
    assert primal - dual == pytest.approx(gaps[-1], abs=1e-3 * target)
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    if kernel is not None:
        w, done, _ = ws._inner_cd_residual(kernel, cache, pos, *start, data.y, target)
        assert done is True
        assert np.array_equal(w_ref != 0, w != 0)
        np.testing.assert_allclose(w_ref, w, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("work", [np.float64, np.float32])
@pytest.mark.parametrize("run", [1, 2, 3, 4])
def test_residual_driver_stops_where_its_loop_stops(monkeypatch, run, work):
    """A block whose loop stops before its 5th epoch ends the solve (done True), even where
    the driver's own rounding of the check's gap is above the target: the window of that
    block (rows after the stop left from the block before) is never extrapolated. Scripted:
    the second block's loop runs 1 to 4 epochs and reports them, and every gap the driver
    computes is far above the target (finite: an infinite one is a float32 divergence).
    In float64 and in float32 (a float32 X, float32 epochs)."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem(work)
    p = data.design.shape[1]
    l1 = _driver_strength(cache)
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    monkeypatch.setattr(ws, "_checked_gap", lambda *args: 1e300)
    windows, calls = [], []
    monkeypatch.setattr(ws, "_anderson", lambda iterates: windows.append(iterates.copy()))

    def spy(*args, trace):
        calls.append(None)
        if len(calls) == 2:  # stops early, as the loop does on a met check
            args, trace = (*args[:11], run, *args[12:]), trace[:run]
        return kernel(*args, trace=trace)

    start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, -1.0)
    _, done, _ = ws._inner_cd_residual(spy, cache, pos, *start, data.y, 1e-300, work=work)
    assert done is True and len(calls) == 2
    assert len(windows) == 1  # the first block's only


@pytest.mark.parametrize("driver", ["residual", "gram"])
@pytest.mark.parametrize("offer", ["nothing", "worse", "solution", "near", "far"])
def test_extrapolation_windows_restart_from_the_point_kept(monkeypatch, driver, offer):
    """Both drivers start each window of iterates from the point kept after the previous
    Anderson step (the offered point where it is lower, else the last iterate), keep an
    offered point only where its objective is lower, and clip it to w ≥ 0 with
    ``positive`` before comparing. The offers "near" and "far" (with ``positive``) are the
    feasible optimum with −0.01 and −1 off its support: clipped, both are that optimum;
    unclipped, "near" is lower than it (a driver without the clip keeps it and leaves the
    feasible set) and "far" far higher (a driver that compares before clipping rejects it,
    and its next window starts elsewhere). No stop can end the solves early here (KKT
    tolerance −1, no gap target): 60 epochs, 12 blocks; the residual driver extrapolates
    after each block (12 windows), the Gram driver after every fifth (2)."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers import lasso

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    positive = offer in ("near", "far")
    l1 = _driver_strength(cache)
    # the drivers' problem: the cached (centred) columns and the centred target
    fit = lasso(cache.cols, data.y, alpha=l1, fit_intercept=False, tol=1e-12,
                positive=positive)  # fmt: skip
    solution = np.asarray(fit.coef, dtype=np.float64)
    windows, kept = [], []

    def spy(iterates):
        windows.append(iterates.copy())
        point = {
            "nothing": None,
            "worse": iterates[-1] + 10.0,
            "solution": solution.copy(),
            "near": np.where(solution > 0, solution, -0.01),  # clipped: the solution
            "far": np.where(solution > 0, solution, -1.0),
        }[offer]
        kept.append(None if point is None else point.copy())  # (the drivers update theirs)
        return point

    monkeypatch.setattr(ws, "_anderson", spy)
    if driver == "residual":
        kernel = compiled(ws._cd_residual_loop, reassociate=True)
        start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), positive, -1.0)
        w, done, _ = ws._inner_cd_residual(kernel, cache, pos, *start, data.y, max_epochs=60)
        assert done is False

        def objective(v):
            r = data.y - cache.centred_dot(pos, v)
            return 0.5 * r @ r / n + l1 * np.abs(v).sum()
    else:
        kernel = compiled(ws._cd_gram_loop)
        H, b = cache.gram[np.ix_(pos, pos)], cache.xty[pos]
        w = ws._inner_cd(kernel, H, b, l1, np.zeros(p), positive, -1.0, max_epochs=60)

        def objective(v):
            return ws._quad_objective(H, b, l1, v)

    assert len(windows) == (12 if driver == "residual" else 2)
    assert not windows[0][0].any()  # the first window starts at the start, 0
    first = kept[0]
    if first is not None and positive:
        first = np.maximum(first, 0.0)
    lower = first is not None and objective(first) < objective(windows[0][-1])
    assert lower == (offer in ("solution", "near", "far"))
    if positive:
        unclipped_is_lower = objective(kept[0]) < objective(first)
        assert unclipped_is_lower == (offer == "near")
        assert (windows[1][0] >= 0).all()
    np.testing.assert_array_equal(windows[1][0], first if lower else windows[0][-1])
    if offer == "worse":  # never kept: the iterates are those of no extrapolation
        monkeypatch.setattr(ws, "_anderson", lambda iterates: None)
        if driver == "residual":
            start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), positive, -1.0)
            plain = ws._inner_cd_residual(kernel, cache, pos, *start, data.y, max_epochs=60)[0]
        else:
            plain = ws._inner_cd(kernel, H, b, l1, np.zeros(p), positive, -1.0, max_epochs=60)
        np.testing.assert_array_equal(w, plain)


@pytest.mark.parametrize("loop", ["compiled", "numpy"])
def test_residual_loops_trace_the_iterate_of_each_epoch(loop):
    """With ``trace``, the residual loops write ``w`` at the end of each epoch into its row
    (here bit for bit the points of one epoch per call: with ``mean`` all zeros the compiled
    loop's centring term ``s`` stays 0, so its sums do not depend on where a call starts;
    with implicit centring, which folds ``s·u`` into ``r`` at the end of each call, they
    agree to rounding only), and leave the rows of epochs not run as they were."""
    import sparsenorm.solvers._working_set as ws

    if loop == "compiled":
        _needs_compiled()
        kernel = compiled(ws._cd_residual_loop, reassociate=True)
    else:
        kernel = ws.cd_residual_numpy
    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1 = _driver_strength(cache)
    zeros, ones, Xt = np.zeros(p), np.ones(n), cache.cols_t()

    def run(w, r, n_epochs, kkt_tol, trace=None):
        args = (Xt, pos, zeros, ones, float(n), norms, r, l1, 0.0, w, False, n_epochs)
        return kernel(*args, kkt_tol, -np.inf, data.y, np.zeros(7), trace=trace)

    w, r = np.zeros(p), data.y.copy()
    trace = np.full((5, p), np.nan)
    assert run(w, r, 5, -1.0, trace) == 5
    w1, r1, rows = np.zeros(p), data.y.copy(), []
    for _ in range(5):
        run(w1, r1, 1, -1.0)
        rows.append(w1.copy())
    assert np.array_equal(trace[-1], w)
    assert len({row.tobytes() for row in trace}) == 5  # five different points
    assert np.array_equal(trace, rows)
    # a stop leaves the later rows alone: here after the first epoch (a suggested check
    # meets the tolerance)
    trace = np.full((5, p), np.nan)
    assert run(np.zeros(p), data.y.copy(), 5, np.inf, trace) == 1
    assert np.isfinite(trace[0]).all() and np.isnan(trace[1:]).all()


def test_residual_driver_windows_are_a_block_start_and_its_epochs(monkeypatch):
    """Each window that the residual driver extrapolates is a block's start followed by the
    iterates of its 5 epochs (consecutive epochs, as in skglm and celer, not one point per
    block); with no point kept, the next window starts from the last of them."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws

    data, cache, pos, norms = _driver_problem()
    n, p = data.design.shape
    l1 = _driver_strength(cache)
    windows = []
    monkeypatch.setattr(ws, "_anderson", lambda iterates: windows.append(iterates.copy()))
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, -1.0)
    ws._inner_cd_residual(kernel, cache, pos, *start, data.y, max_epochs=20)
    assert len(windows) == 4 and all(win.shape == (6, p) for win in windows)
    zeros, ones, Xt = np.zeros(p), np.ones(n), cache.cols_t()
    w, r, rows = np.zeros(p), data.y.copy(), [np.zeros(p)]
    for _ in range(5):  # the driver's first block, one epoch per call
        args = (Xt, pos, zeros, ones, float(n), norms, r, l1, 0.0, w, False, 1, -1.0)
        kernel(*args, -np.inf, data.y, np.zeros(7))
        rows.append(w.copy())
    assert np.array_equal(windows[0], rows)
    for a, b in itertools.pairwise(windows):
        assert np.array_equal(b[0], a[-1])


def test_float32_solve_without_a_gap_target_is_not_handed_over():
    """A float32 inner solve with no gap target (features outside the working set still
    violate) that meets its KKT tolerance returns its own point (done True), not the start
    for a float64 solve: its gap, which the float32 divergence check and patience read, is
    computed."""
    _needs_compiled()
    import sparsenorm.solvers._working_set as ws
    from sparsenorm.solvers._design import Data, GramCache

    rng = np.random.default_rng(4)
    n, p = 200, 30
    X = rng.standard_normal((n, p)).astype(np.float32)
    data = Data(X, X[:, :4].astype(np.float64) @ np.ones(4), fit_intercept=False)
    cache = GramCache(data.design, data.y)
    pos = cache.ensure(np.arange(p))
    norms = data.design.col_sq_norms() / n
    l1 = 0.1 * float(np.abs(cache.xty).max())
    kernel = compiled(ws._cd_residual_loop, reassociate=True)
    start = (norms, data.y.copy(), l1, 0.0, np.zeros(p), False, 1e-3 * l1)
    w, done, r = ws._inner_cd_residual(kernel, cache, pos, *start, data.y, work=np.float32)
    assert done is True and r is not None and w.any()


@pytest.mark.parametrize("loop", ["dense", "dense_reassoc", "sparse", "numpy"])
@pytest.mark.parametrize("positive", [False, True])
def test_a_nan_correlation_with_a_finite_residual_stops_nothing(loop, positive):
    """One NaN in a column: its correlation is NaN, its coordinate never moves and the
    residual stays finite. The dual norm is NaN, so is the gap, and no check stops the loop
    even at a target any finite gap meets; the outer gap of a NaN correlation certifies
    nothing either."""
    import scipy.sparse as sp

    from sparsenorm.solvers._working_set import (
        _cd_residual_loop,
        _cd_sparse_loop,
        _checked_gap,
        cd_residual_numpy,
    )
    from sparsenorm.solvers.duality import _enet_gap, _enet_gap_parts

    if loop != "numpy":
        _needs_compiled()
    rng = np.random.default_rng(3)
    n, k = 30, 8
    rows = rng.standard_normal((k, n))
    norms = np.einsum("ij,ij->i", rows, rows) / n
    rows[2, 5] = np.nan
    y = rng.standard_normal(n)
    r, w, check = y.copy(), np.zeros(k), np.zeros(7)
    stop = (10, -1.0, 1e300, y, check)
    base = (np.arange(k), np.zeros(k), np.ones(n), float(n), norms, r, 0.01, 0.0, w, positive)
    with np.errstate(invalid="ignore"):
        if loop == "sparse":
            X = sp.csc_matrix(rows.T)
            arrays = (X.indptr.astype(np.int64), X.indices.astype(np.int64), X.data)
            epochs = compiled(_cd_sparse_loop)(*arrays, *base, *stop)
        elif loop == "numpy":
            epochs = cd_residual_numpy(rows, *base, *stop)
        else:
            kernel = compiled(_cd_residual_loop, reassociate=loop == "dense_reassoc")
            epochs = kernel(rows, *base, *stop)
    assert np.isfinite(r).all()
    assert epochs == 10 and np.isnan(check[1]) and math.isnan(_checked_gap(check, 0.01, 0.0, n))
    assert math.isnan(_enet_gap_parts(1.0, 0.5, 0.1, 0.0, math.nan, 0.1, 0.0, 10)[0])
    r = np.full(4, 1e-3)
    gap = _enet_gap(r, r, np.zeros(2), np.array([np.nan, 0.0]), 0.5, 0.0, 4, positive)[0]
    assert not gap <= 1.0  # never certifies


def test_column_sums_are_numpys_in_one_pass():
    """The one-pass column sums are numpy's float64 sums bit for bit, and the squared norms
    einsum's within rounding, for float32 and float64; inputs the loop does not take get
    None (each statistic then makes its own pass)."""
    _needs_compiled()
    from sparsenorm.solvers._design import column_sums

    rng = np.random.default_rng(31)
    for dtype in (np.float32, np.float64):
        for shape in [(333, 45), (1, 9), (4000, 2), (7, 500)]:
            # magnitudes drawn entry by entry: the sums round, so another order would differ
            X = (rng.standard_normal(shape) * 10.0 ** rng.uniform(-8, 8, shape)).astype(dtype)
            sums, sq = column_sums(X)
            assert sums.tobytes() == X.sum(axis=0, dtype=np.float64).tobytes(), (dtype, shape)
            X64 = X.astype(np.float64)
            np.testing.assert_allclose(sq, np.einsum("ij,ij->j", X64, X64), rtol=1e-13)
    X = rng.standard_normal((50, 4))
    assert column_sums(X[:, :1].copy()) is None  # numpy sums one column pairwise
    assert column_sums(np.asfortranarray(X)) is None
    assert column_sums(X[:, ::2]) is None  # not contiguous
    assert column_sums(X.astype(np.float16)) is None
    assert column_sums(X.astype(">f8")) is None  # not native
    assert column_sums(X.tolist()) is None


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, "both"])
def test_one_pass_finiteness_names_the_bad_entry(dtype, bad):
    """A C-ordered X whose one-pass squared norms are not finite goes to check_design, which
    names what is wrong: a single bad entry anywhere, or +inf and -inf in one column (its sum
    is NaN, its squared norm infinite)."""
    from sparsenorm.solvers import lasso

    rng = np.random.default_rng(32)
    X = rng.standard_normal((40, 6)).astype(dtype)
    if bad == "both":
        X[3, 4], X[30, 4] = np.inf, -np.inf
        what = "infinity"
    else:
        X[37, 5] = bad
        what = "NaN" if np.isnan(bad) else "infinity"
    for intercept in (False, True):
        with pytest.raises(ValueError, match=f"^X contains {what}"):
            lasso(X, rng.standard_normal(40), 0.1, fit_intercept=intercept)


@pytest.mark.parametrize(
    ("dtype", "scale"),
    [
        (np.float32, 1.0),
        (np.float32, 1e33),
        (np.float32, 1e-33),
        (np.float64, 1.0),
        (np.float64, 1e40),
        (np.float64, 1e-170),
        (np.float64, 1e170),
    ],
)
@pytest.mark.parametrize("intercept", [False, True])
def test_one_pass_statistics_match_the_separate_passes(monkeypatch, dtype, scale, intercept):
    """Data's squared norms, means and scaling from the one pass equal those of the separate
    passes (column_sums switched off): the means bit for bit, the norms within rounding; an X
    rescaled from above (float32 1e33, float64 1e40) or below (1e-33, 1e-170) takes the one
    pass's norms, and a float64 X whose squares overflow (1e170) falls back to the separate
    passes; each is rescaled as before."""
    import sparsenorm.solvers._design as design_module

    rng = np.random.default_rng(33)
    X = ((rng.standard_normal((60, 7)) + 3.0) * scale).astype(dtype)
    y = rng.standard_normal(60)
    fused = design_module.Data(X, y, fit_intercept=intercept)
    monkeypatch.setattr(design_module, "column_sums", lambda X: None)
    separate = design_module.Data(X, y, fit_intercept=intercept)
    assert fused.ex == separate.ex
    if scale != 1.0:
        assert fused.ex != 0  # the rescaled path ran
    np.testing.assert_allclose(fused.raw_sq, separate.raw_sq, rtol=1e-14)
    if intercept:
        assert fused.design.mean.tobytes() == separate.design.mean.tobytes()
    else:
        assert fused.design.mean is None and separate.design.mean is None
    assert fused.design.X.tobytes() == separate.design.X.tobytes()


def test_cache_computes_xty_on_demand():
    """The dense cache copies columns without computing their Xᵀy (the residual solves never
    read it); ``xty`` then fills in the columns cached since, equal to the product computed at
    once, with constant (dead) columns exactly 0."""
    from sparsenorm.solvers._design import Data, GramCache

    rng = np.random.default_rng(34)
    for dtype in (np.float32, np.float64):
        X = rng.standard_normal((80, 30)).astype(dtype)
        X[:, 7] = 2.5  # constant: centred, exactly zero
        data = Data(X, rng.standard_normal(80), fit_intercept=True)
        Xc = X.astype(np.float64) - X.astype(np.float64).mean(axis=0)
        want = Xc.T @ data.y / 80
        want[7] = 0.0
        cache = GramCache(data.design, data.y)
        first = np.array([7, 3, 20])
        cache.ensure(first)
        assert cache._xty.size == 0  # nothing computed yet
        np.testing.assert_allclose(cache.xty, want[np.sort(first)], rtol=1e-12, atol=1e-15)
        pos = cache.ensure(np.arange(30))
        assert cache._xty.size == 3
        np.testing.assert_allclose(cache.xty[pos], want, rtol=1e-12, atol=1e-15)
        assert cache.xty[cache.position[7]] == 0.0
    # a sparse X computes it as the columns are copied, its constant column exactly 0 too
    import scipy.sparse as sparse

    X = rng.standard_normal((80, 30))
    X[:, 7] = 2.5
    data = Data(sparse.csc_matrix(X), rng.standard_normal(80), fit_intercept=True)
    cache = GramCache(data.design, data.y)
    pos = cache.ensure(np.arange(30))
    assert cache._xty.size == 30
    want = (X - X.mean(axis=0)).T @ data.y / 80
    np.testing.assert_allclose(cache.xty[pos], np.where(np.arange(30) == 7, 0.0, want), atol=1e-12)
    assert cache.xty[cache.position[7]] == 0.0
