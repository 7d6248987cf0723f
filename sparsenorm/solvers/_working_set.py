"""The fast Lasso / elastic-net solver: working sets, gap-safe screening, exact inner solves.

Outer loop (one full pass over ``X`` each): compute the residual's correlations, the duality
gap and stop if it certifies the tolerance; discard the features the gap-safe sphere test
proves to be zero; rank the others by their distance to the dual constraint and keep the
current support plus the closest ones (the working set, doubled every round); solve the
problem restricted to the working set exactly on its Gram matrix (``_active_set``).
"""

import time

import numpy as np

from ._active_set import solve_l1_qp
from .duality import _enet_gap

__all__ = ["enet_working_set"]
# features added to the active set per step of the inner solver (more: fewer steps, each
# more likely to need a sign correction)
MAX_ADD = 10


def enet_working_set(
    cache,
    l1,
    l2,
    w,
    *,
    tol_abs,
    max_iter,
    positive=False,
    min_ws=50,
    history=None,
):
    """Minimise ``1/(2n)‖y − Xc w‖² + l1‖w‖₁ + l2/2‖w‖²`` from ``w`` (a fresh copy is made).

    Returns ``(w, gap, n_iter, converged)``; ``n_iter`` counts full passes over ``X``, each
    ending with a duality-gap evaluation.
    """
    design, y = cache.design, cache.y
    n, p = design.shape
    w = np.array(w, dtype=np.float64)
    if positive:
        np.maximum(w, 0.0, out=w)  # the feasible point nearest to the start
    col_norm = np.sqrt(design.col_sq_norms() / n + l2)
    support = np.flatnonzero(w)
    r = y.copy()
    if support.size:
        r_w = cache.residual(cache.ensure(support), w[support])
        primal = 0.5 * float(r_w @ r_w) / n + l1 * float(np.abs(w).sum())
        if l2:
            primal += 0.5 * l2 * float(w @ w)
        if primal < 0.5 * float(y @ y) / n:
            r = r_w
        else:
            # a warm start worse than w = 0 is dropped: from far away (p > n, a singular
            # Gram matrix on the start's support) the active-set steps travel along the
            # null space of X to coefficients of order 1e8, where rounding stalls them
            w[:] = 0.0
            support = support[:0]
    ws_size = min(p, max(min_ws, 2 * support.size))
    kkt_scale = 1e-11 * max(l1, 1e-300)
    gap = prev_gap = np.inf
    stalled, prev_nnz = 0, -1
    state = {}
    for it in range(1, max_iter + 1):
        xta = design.rmatvec(r) / n
        if l2:
            xta -= l2 * w
        gap, scale = _enet_gap(r, y, w, xta, l1, l2, n, positive)
        if history is not None:
            history.append((gap, time.perf_counter()))
        if gap <= tol_abs:
            return w, gap, it, True
        nnz = int(np.count_nonzero(w))
        if gap > 0.5 * prev_gap and nnz == prev_nnz:
            # no progress with the same support: the inner solves are only as exact as
            # kkt_scale; tighten it, and give up (with the caller's warning) once rounding is
            # all that is left
            stalled = stalled + 1 if kkt_scale <= 1e-16 * l1 else 0
            kkt_scale = max(kkt_scale * 1e-2, 1e-16 * l1)
            if stalled >= 10:
                return w, gap, it, False
        prev_gap, prev_nnz = gap, nnz
        if it == max_iter:
            break
        if l1 == 0.0 or p <= ws_size:
            ws = np.arange(p)
        else:
            # distance of each feature to the boundary of the dual feasible set
            corr = xta * scale if positive else np.abs(xta) * scale
            with np.errstate(divide="ignore", invalid="ignore"):
                dist = (l1 - corr) / col_norm
            dist[col_norm == 0] = np.inf
            # gap-safe sphere test: these features are zero at the optimum
            screened = dist > np.sqrt(2.0 * gap)
            support = np.flatnonzero(w)
            dist[support] = -np.inf
            # only the features that survive screening compete for the working set
            candidates = np.flatnonzero(~screened | (w != 0))
            size = min(candidates.size, max(ws_size, support.size + min_ws))
            if size < candidates.size:
                part = np.argpartition(dist[candidates], size - 1)[:size]
                ws = candidates[part]
            else:
                ws = candidates
        pos = cache.ensure(ws)
        H = cache.gram[np.ix_(pos, pos)]
        if l2:
            H[np.diag_indices_from(H)] += l2
        # carry the inverse of the active block from the previous round (global indices)
        local = None
        if "ids" in state:
            lookup = np.full(p, -1, dtype=np.intp)
            lookup[ws] = np.arange(ws.size)
            local = lookup[state.pop("ids")]
        qp_state = {} if local is None or (local < 0).any() else {"A": local, "M": state["M"]}
        w_ws, _, _ = solve_l1_qp(
            H,
            cache.xty[pos],
            l1,
            w[ws],
            positive=positive,
            kkt_tol=kkt_scale,
            max_add=MAX_ADD,
            state=qp_state,
        )
        if "A" in qp_state:
            state["ids"], state["M"] = ws[qp_state["A"]], qp_state["M"]
        w = np.zeros(p)
        w[ws] = w_ws
        r = cache.residual(pos, w_ws)
        ws_size = min(p, max(ws_size, 2 * np.count_nonzero(w_ws)))
    return w, gap, max_iter, False
