"""Exact solver of a small L1-penalised quadratic: the inner problem of the working-set loop.

    minimise  F(w) = ½ wᵀHw − bᵀw + λ‖w‖₁      (optionally subject to w ≥ 0)

by the feature-sign (active-set) method of Lee, Battle, Raina & Ng (2007): guess the signs of
the non-zero coefficients, solve the linear system that the optimality conditions become once
the signs are fixed, and walk towards its solution while no sign flips. The inverse of the
active block of ``H`` is updated by block (Schur-complement) formulas when features enter or
leave, so a step costs a few vectorised O(|A|²) operations instead of a factorisation. A few
epochs of coordinate descent on ``H`` serve as a fallback when a system is singular.
"""

import numpy as np

from .._kernels import compiled

__all__ = ["cd_gram", "cd_gram_numpy", "solve_l1_qp"]


def _kkt_violation(grad, w, lam, positive):
    viol = np.where(w != 0, np.abs(grad + lam * np.sign(w)), 0.0)
    free = w == 0
    viol[free] = np.maximum(-grad[free] - lam if positive else np.abs(grad[free]) - lam, 0.0)
    return float(viol.max(initial=0.0))


def cd_gram(H, b, lam, w, positive, n_epochs, kkt_tol=0.0):
    """Cyclic coordinate descent on the quadratic (robust fallback, modifies ``w`` in place).

    Runs the compiled loop :func:`_cd_gram_loop` where numba is installed, else the numpy
    reference :func:`cd_gram_numpy`; both take the same steps in the same order.
    """
    kernel = compiled(_cd_gram_loop)
    if kernel is None:
        return cd_gram_numpy(H, b, lam, w, positive, n_epochs, kkt_tol)
    H = np.asfortranarray(H, dtype=np.float64)  # column j contiguous
    b = np.ascontiguousarray(b, dtype=np.float64)
    kernel(H, b, float(lam), w, bool(positive), int(n_epochs), float(kkt_tol), np.zeros(6))
    return w


def cd_gram_numpy(H, b, lam, w, positive, n_epochs, kkt_tol=0.0):
    """The numpy reference of :func:`cd_gram` (a Python loop over coordinates)."""
    grad = H @ w - b
    diag = np.diag(H)
    floor = 1e-12 * max(float(diag.max(initial=0.0)), np.finfo(float).tiny)
    for epoch in range(n_epochs):
        if epoch % 5 == 4 and _kkt_violation(grad, w, lam, positive) <= kkt_tol:
            break
        for j in range(b.shape[0]):
            h = diag[j]
            if h <= floor:
                if w[j] != 0.0 and lam > 0 and h <= 0.0:
                    grad -= H[:, j] * w[j]  # an empty feature: only the L1 term, minimal at 0
                    w[j] = 0.0
                continue
            old = w[j]
            z = old - grad[j] / h
            t = lam / h
            new = z - t if z > t else (z + t if (z < -t and not positive) else 0.0)
            if new != old:
                w[j] = new
                grad += H[:, j] * (new - old)
    return w


def _cd_gram_loop(H, b, lam, w, positive, n_epochs, kkt_tol, check):  # pragma: no cover
    """:func:`cd_gram_numpy` as scalar loops, for numba (``H`` Fortran-ordered).

    Same operations in the same order: ``grad`` starts as ``H @ w - b`` summed in the order
    BLAS may not use, so the two agree to rounding, not bit for bit. Updates ``w`` in place and
    returns the number of epochs run (below ``n_epochs``: stopped by ``kkt_tol``). Each KKT
    check (before every 5th epoch) also writes into ``check`` the violation and the scalars of
    the quadratic's duality gap (``_working_set._gram_gap_parts``): the dual norm
    ``max|grad|`` (``max(−grad)``, at least 0, when ``positive``), ``bᵀw``, ``wᵀgrad``,
    ``‖w‖₁`` and ``‖w‖²``, from the running gradient ``grad = Hw − b``.
    """
    k = b.shape[0]
    grad = np.empty(k)
    for i in range(k):
        grad[i] = -b[i]
    for j in range(k):
        if w[j] != 0.0:
            for i in range(k):
                grad[i] += H[i, j] * w[j]
    hmax = 0.0
    for j in range(k):
        if H[j, j] > hmax:
            hmax = H[j, j]
    floor = 1e-12 * max(hmax, 2.2250738585072014e-308)
    for epoch in range(n_epochs):
        if epoch % 5 == 4:
            viol = dual = b_w = w_g = w_l1 = w_l2 = 0.0
            for j in range(k):
                g = grad[j]
                if w[j] != 0.0:
                    v = abs(g + lam) if w[j] > 0 else abs(g - lam)
                elif positive:
                    v = max(-g - lam, 0.0)
                else:
                    v = max(abs(g) - lam, 0.0)
                if v > viol or v != v:  # NaN sticks (max would drop it): no false stop
                    viol = v
                dual = max(dual, -g if positive else abs(g))
                b_w += b[j] * w[j]
                w_g += w[j] * g
                w_l1 += abs(w[j])
                w_l2 += w[j] * w[j]
            check[0], check[1], check[2] = viol, dual, b_w
            check[3], check[4], check[5] = w_g, w_l1, w_l2
            if viol <= kkt_tol:
                return epoch
        for j in range(k):
            h = H[j, j]
            if h <= floor:
                if w[j] != 0.0 and lam > 0 and h <= 0.0:
                    old = w[j]
                    for i in range(k):
                        grad[i] -= H[i, j] * old
                    w[j] = 0.0
                continue
            old = w[j]
            z = old - grad[j] / h
            t = lam / h
            if z > t:
                new = z - t
            elif z < -t and not positive:
                new = z + t
            else:
                new = 0.0
            if new != old:
                w[j] = new
                delta = new - old
                for i in range(k):
                    grad[i] += H[i, j] * delta
    return n_epochs


class _ActiveInverse:
    """``M = H[A, A]⁻¹`` kept up to date as features enter and leave ``A``.

    Leaving features become dead slots: their row and column of ``M`` are zeroed in place by
    a rank-one (Schur) update, so no copy is made; dead slots are compacted before features
    enter. The inverse is recomputed from scratch every 64 updates against drift.
    """

    def __init__(self, H):
        self.H = H
        self.delta = 0.0
        self.scale = max(float(np.diag(H).max(initial=0.0)), np.finfo(float).tiny)
        self.reset(np.empty(0, dtype=np.intp))

    def reset(self, A):
        self.A = np.asarray(A, dtype=np.intp)
        self.alive = np.ones(self.A.size, dtype=bool)
        self.n_updates = 0
        if self.A.size == 0:
            self.M = np.empty((0, 0))
            return True
        H_AA = self.H[np.ix_(self.A, self.A)]
        for _ in range(2):
            if self.delta:
                H_AA[np.diag_indices_from(H_AA)] += self.delta
            try:
                L = np.linalg.cholesky(H_AA)
            except np.linalg.LinAlgError:
                L = None
            if L is not None:
                pivots = np.diag(L) ** 2
                if pivots.min() > 1e-9 * self.scale:
                    L_inv = np.linalg.inv(L)
                    self.M = L_inv.T @ L_inv
                    return True
            if self.delta:
                break
            # numerically singular (collinear features, or more features than samples):
            # regularise by a ridge far below every tolerance; the outer duality gap, computed
            # on the exact problem, still certifies the result
            self.delta = 1e-9 * self.scale
            H_AA = self.H[np.ix_(self.A, self.A)]
        self.M = None
        return False

    def compact(self):
        if self.n_updates > 64 or self.M is None:
            return self.reset(self.A[self.alive])
        if not self.alive.all():
            keep = self.alive
            self.M = self.M[np.ix_(keep, keep)]
            self.A = self.A[keep]
            self.alive = np.ones(self.A.size, dtype=bool)
        return True

    def add(self, V):
        if not self.compact():
            return self.reset(np.concatenate([self.A, V]))
        H = self.H
        B = H[np.ix_(self.A, V)]
        MB = self.M @ B
        S = H[np.ix_(V, V)] - B.T @ MB
        if self.delta:
            S[np.diag_indices_from(S)] += self.delta
        if np.diag(S).min() <= 1e-9 * self.scale:
            return self.reset(np.concatenate([self.A, V]))
        try:
            S_inv = np.linalg.inv(S)
        except np.linalg.LinAlgError:
            return self.reset(np.concatenate([self.A, V]))
        top_right = -MB @ S_inv
        m, v = self.A.size, V.size
        M = np.empty((m + v, m + v))
        M[:m, :m] = self.M
        M[:m, :m] -= top_right @ MB.T
        M[:m, m:] = top_right
        M[m:, :m] = top_right.T
        M[m:, m:] = S_inv
        self.M = M
        self.A = np.concatenate([self.A, V])
        self.alive = np.concatenate([self.alive, np.ones(V.size, dtype=bool)])
        self.n_updates += 1
        return True

    def remove(self, positions):
        """Turn the slots at ``positions`` into dead slots."""
        if self.M is None:
            alive = self.alive.copy()
            alive[positions] = False
            return self.reset(self.A[alive])
        M = self.M
        for i in positions:
            pivot = M[i, i]
            if not pivot > 0:
                alive = self.alive.copy()
                alive[positions] = False
                return self.reset(self.A[alive])
            col = M[:, i].copy()
            M -= np.outer(col, col / pivot)
            M[i, :] = 0.0
            M[:, i] = 0.0
            self.alive[i] = False
        self.n_updates += 1
        return True


def _objective(H, b, lam, w):
    return 0.5 * float(w @ (H @ w)) - float(b @ w) + lam * float(np.abs(w).sum())


def _guard(H, b, lam, w, w_start, f_start, positive, step, converged, kkt_tol=0.0):
    """Never return a point worse than the start: fall back to coordinate descent."""
    if converged and np.isfinite(w).all():
        f = _objective(H, b, lam, w)
        if f <= f_start + 1e-12 * (abs(f_start) + 1.0):
            return w, step, True
    w = w_start.copy() if not np.isfinite(w).all() or _objective(H, b, lam, w) > f_start else w
    if _kkt_violation(H @ w - b, w, lam, positive) <= 1e-7 * lam:
        return w, step, False  # stalled at rounding level: leave it to the outer duality gap
    cd_gram(H, b, lam, w, positive, 200, kkt_tol)
    return w, step, False


def _objective_along(w_A, d, g_A, dHd, lam, ts):
    """F(w + t d) − F(w) for each t in ``ts`` (coordinates outside A stay zero)."""
    pts = w_A[None, :] + ts[:, None] * d[None, :]
    return ts * (g_A @ d) + 0.5 * ts**2 * dHd + lam * (np.abs(pts).sum(axis=1) - np.abs(w_A).sum())


def solve_l1_qp(
    H, b, lam, w, *, positive=False, kkt_tol=0.0, max_steps=None, max_add=None, state=None
):
    """Return ``(w, n_steps, converged)`` minimising ``½wᵀHw − bᵀw + λ‖w‖₁`` from ``w``.

    ``state``, if given, is a dict: on entry it may hold ``"A"`` (positions of the non-zeros
    of ``w``) and ``"M"`` (the inverse of ``H[A, A]``) from a previous call on a matrix with
    the same entries there, which saves refactorising; on a clean exit it receives them.
    """
    k = b.shape[0]
    w = np.array(w, dtype=np.float64)
    if max_steps is None:
        max_steps = 10 * k + 50
    if max_add is None:
        max_add = k
    if positive:
        np.maximum(w, 0.0, out=w)
    grad = H @ w - b
    w_start = w.copy()
    f_start = _objective(H, b, lam, w_start)
    if not f_start <= 0.0:  # F(0) = 0: never start from a worse point than zero
        w[:] = 0.0
        grad = -b.copy()
        w_start = w.copy()
        f_start = 0.0
    inv = _ActiveInverse(H)
    support = np.flatnonzero(w)
    carried = state.pop("A", None) if state is not None else None
    M0 = state.pop("M", None) if state is not None else None
    if (
        carried is not None
        and M0 is not None
        and carried.size == support.size
        and np.array_equal(np.sort(carried), support)
    ):
        inv.A = carried
        inv.alive = np.ones(carried.size, dtype=bool)
        inv.M = M0
    else:
        inv.reset(support)
    single = refreshed = settled = settled_once = polished = False
    fresh = True  # grad was computed from w, not updated along the steps since
    for step in range(1, max_steps + 1):
        A_old, alive = inv.A, inv.alive
        s_old = np.sign(w[A_old]) * alive
        res = (grad[A_old] + lam * s_old)[alive]
        added = 0
        if res.size == 0 or settled or np.abs(res).max() <= kkt_tol:
            # (after the gradient's recomputation in the settled branch the active residual
            # may still be above kkt_tol: then the end is not converged)
            active_met = res.size == 0 or np.abs(res).max() <= kkt_tol
            settled = False
            excess = -grad - lam if positive else np.abs(grad) - lam
            excess[A_old[alive]] = -np.inf
            viol = np.flatnonzero(excess > kkt_tol)
            if viol.size == 0 and not fresh:
                # the end is decided on a recomputed gradient (the running one drifts by
                # rounding along the steps)
                grad, fresh = H @ w - b, True
                continue
            if viol.size == 0:
                out = _guard(H, b, lam, w, w_start, f_start, positive, step, active_met, kkt_tol)
                if state is not None and out[2] and inv.delta == 0.0 and inv.compact():
                    if inv.M is not None and np.array_equal(np.sort(inv.A), np.flatnonzero(w)):
                        state["A"], state["M"] = inv.A, inv.M
                return out
            limit = 1 if single else max_add
            if viol.size > limit:
                viol = viol[np.argpartition(excess[viol], viol.size - limit)[-limit:]]
            ok = inv.add(viol)
            added = viol.size
            s_new = np.ones(viol.size) if positive else -np.sign(grad[viol])
            s_A = np.concatenate([np.sign(w[inv.A[: inv.A.size - added]]), s_new])
        else:
            ok = inv.M is not None
            s_A = s_old
        A, alive = inv.A, inv.alive
        w_A = w[A] * alive
        rhs = (b[A] - lam * s_A) * alive
        if not ok:
            # (nearly) collinear active features: leave it to coordinate descent
            return _guard(H, b, lam, w, w_start, f_start, positive, step, False, kkt_tol)
        z = inv.M @ rhs
        d = z - w_A
        d_full = np.zeros(k)
        d_full[A[alive]] = d[alive]
        Hd = H @ d_full
        g_A = grad[A] * alive
        dHd = float(d_full @ Hd)
        if not dHd > 1e-15 * inv.scale * float(d @ d):
            # flat or (by rounding) negative curvature: the direction cannot be trusted
            if added:
                inv.remove(np.arange(A.size - added, A.size))
            if not refreshed:  # the updated inverse may have drifted: refactorise once
                refreshed = True
                inv.reset(inv.A[inv.alive])
                continue
            return _guard(H, b, lam, w, w_start, f_start, positive, step, False, kkt_tol)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_cross = -w_A / d
        crossing = (s_A * d < 0) & (t_cross > 0) & (t_cross < 1) & alive
        if positive:
            blocked = (d < 0) & (w_A == 0) & alive
            t_max = 0.0 if blocked.any() else float(np.min(t_cross[crossing], initial=1.0))
            ts = np.array([t_max])
        else:
            ts = np.append(np.sort(t_cross[crossing]), 1.0)
        delta = _objective_along(w_A, d, g_A, dHd, lam, ts)
        best = int(np.argmin(delta))
        # the rounding of delta's terms, the l1 norms' sums included (relative: an absolute
        # floor would call real descents on a small-scale problem rounding)
        l1_terms = lam * float(np.abs(w_A).sum() + np.abs(d).sum())
        scale_f = 1e-15 * (abs(float(g_A @ d)) + abs(dHd) + l1_terms)
        full = ts[-1] == 1.0 and not crossing.any()  # the full step keeps every sign
        rounding = not delta[best] < -scale_f
        if rounding and added == 0 and full and not polished:
            # near the solution the objective falls by the square of the step, which can be
            # below rounding, while the duality gap can still be of the order of the KKT
            # violation (the dual point is rescaled by it): the step to the signed system's
            # solution removes that violation, so it is taken, once per solve (after it, a
            # step that still changes the objective by rounding only goes to the branches
            # below, which report a residual above kkt_tol as not converged)
            best, polished = ts.size - 1, True
        elif rounding:
            if added:
                inv.remove(np.arange(A.size - added, A.size))
            if not single and added > 1:
                single = True  # retry with the single largest violator: guaranteed descent
                continue
            if added == 0 and not settled_once:
                # the signed system is solved to rounding: the active residual above kkt_tol
                # is drift in the running gradient; recompute it and move on to violators
                grad = H @ w - b
                settled = settled_once = fresh = True
                continue
            if not refreshed:
                refreshed = True
                inv.reset(inv.A[inv.alive])
                continue
            return _guard(H, b, lam, w, w_start, f_start, positive, step, False, kkt_tol)
        t = ts[best]
        new_A = w_A + t * d
        if t < 1.0:
            new_A[crossing & (t_cross == t)] = 0.0
        if positive:
            np.maximum(new_A, 0.0, out=new_A)
        w[A[alive]] = new_A[alive]
        grad += t * Hd
        if step % 32 == 0:
            grad = H @ w - b
        zero = np.flatnonzero((new_A == 0) & alive)
        if zero.size:
            inv.remove(zero)
        single = refreshed = settled_once = fresh = False
    return _guard(H, b, lam, w, w_start, f_start, positive, max_steps, False, kkt_tol)
