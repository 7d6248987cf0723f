"""Teaching solvers with an iterate history: proximal gradient (ISTA, FISTA) and plain CD."""

import time

import numpy as np

from .duality import _enet_gap

__all__ = ["enet_coordinate_descent", "enet_proximal_gradient", "lipschitz_constant"]


def lipschitz_constant(design, n_iter=100, rtol=1e-6, seed=0):
    """Upper estimate of ``‖Xc‖₂² / n`` by power iteration on ``XcᵀXc``."""
    n, p = design.shape
    if n == 0 or p == 0:
        return 0.0
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(p)
    v /= np.linalg.norm(v)
    est = 0.0
    for _ in range(n_iter):
        u = design.rmatvec(design.matvec(v)) / n
        new = float(np.linalg.norm(u))
        if new == 0.0:
            return 0.0
        v = u / new
        if abs(new - est) <= rtol * new:
            est = new
            break
        est = new
    return est * (1.0 + 1e-3)  # a hair above: the step must not exceed 1/L


def _soft_threshold(z, t, positive):
    if positive:
        return np.maximum(z - t, 0.0)
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _record(history, it, start, gap, w):
    if history is not None:
        history["n_iter"].append(it)
        history["time"].append(time.perf_counter() - start)
        history["dual_gap"].append(gap)
        history["coef"].append(w.copy())


def enet_proximal_gradient(
    design,
    y,
    l1,
    l2,
    w,
    *,
    tol_abs,
    max_iter,
    positive,
    accelerated,
    history,
    check_every=1,
):
    """ISTA (``accelerated=False``) or FISTA with gradient-based adaptive restart."""
    start = time.perf_counter()
    n = design.shape[0]
    L = lipschitz_constant(design) + l2
    w = np.array(w, dtype=np.float64)
    if L == 0.0:
        L = 1.0
    step = 1.0 / L
    v, t = w.copy(), 1.0
    gap = np.inf
    r = y - design.matvec(w)
    for it in range(max_iter + 1):
        if it % check_every == 0 or it == max_iter:
            xta = design.rmatvec(r) / n - l2 * w
            gap = _enet_gap(r, y, w, xta, l1, l2, n, positive)[0]
            _record(history, it, start, gap, w)
            if gap <= tol_abs:
                return w, gap, it, True
        if it == max_iter:
            break
        # gradient step at the extrapolated point v, then the prox of the L1 term
        r_v = r if not accelerated else y - design.matvec(v)
        grad = -design.rmatvec(r_v) / n + l2 * v
        w_new = _soft_threshold(v - step * grad, step * l1, positive)
        if accelerated:
            if (v - w_new) @ (w_new - w) > 0:  # restart (O'Donoghue & Candès, 2015)
                t = 1.0
            t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            v = w_new + ((t - 1.0) / t_new) * (w_new - w)
            t = t_new
        else:
            v = w_new
        w = w_new
        r = y - design.matvec(w)
    return w, gap, max_iter, False


def enet_coordinate_descent(design, y, l1, l2, w, *, tol_abs, max_iter, positive, history):
    """Plain cyclic coordinate descent on the residual, one epoch per iteration (dense X)."""
    start = time.perf_counter()
    n, p = design.shape
    Xc = np.asfortranarray(design.centred_columns(np.arange(p)))
    norms = np.einsum("ij,ij->j", Xc, Xc) / n
    w = np.array(w, dtype=np.float64)
    gap = np.inf
    for it in range(max_iter + 1):
        # the residual afresh at every certificate: the running one drifts by rounding, and
        # a gap from a drifted residual can understate the true one
        r = y - Xc @ w
        xta = Xc.T @ r / n - l2 * w
        gap = _enet_gap(r, y, w, xta, l1, l2, n, positive)[0]
        _record(history, it, start, gap, w)
        if gap <= tol_abs:
            return w, gap, max(it, 1), True
        if it == max_iter:
            break
        for j in range(p):
            if norms[j] == 0.0:
                # a zero column leaves only the penalty, minimal at 0 (any value if there is
                # none); skipping it would keep a warm start's value forever
                if w[j] != 0.0 and (l1 > 0 or l2 > 0):
                    w[j] = 0.0
                continue
            col = Xc[:, j]
            old = w[j]
            z = old + (col @ r) / (n * norms[j])
            t = l1 / norms[j]
            new = z - t if z > t else (z + t if (z < -t and not positive) else 0.0)
            new *= norms[j] / (norms[j] + l2)
            if new != old:
                r -= (new - old) * col
                w[j] = new
    return w, gap, max_iter, False
