"""Exact Lasso path by homotopy (LARS with the Lasso modification) on a small Gram matrix.

For ``1/2 wᵀQw − bᵀw + λ‖w‖₁`` the solution is piecewise linear in λ: between two knots the
active set and its signs are fixed and ``w_A(λ) = Q_AA⁻¹(b_A − λ s_A)``. Walking from
``λ_max = ‖b‖∞`` down to the smallest requested λ visits each knot once, and every requested
λ is then a linear interpolation between two knots. With few features this beats any
iterative solver: the path costs a few small linear solves, and the answers are exact up to
rounding (the caller still certifies each point with its duality gap).
"""

import math

import numpy as np

__all__ = ["HomotopyFailed", "lasso_homotopy"]


class HomotopyFailed(Exception):
    """The walk cannot go on; the caller then tries its other solvers.

    Raised for a singular or nearly singular active block, an emptied active set, or more
    steps than allowed.
    """


def lasso_homotopy(Q, b, lams, *, positive=False, max_steps=None):
    """Return ``W`` of shape ``(p, len(lams))``: the exact solutions at ``lams`` (decreasing)."""
    p = b.shape[0]
    lams = np.asarray(lams, dtype=np.float64)
    out = np.zeros((p, lams.size))
    if max_steps is None:
        max_steps = 8 * p + 20
    c = b.copy()
    score = c if positive else np.abs(c)
    lam = float(score.max(initial=0.0))
    lam_min = float(lams.min())
    w = np.zeros(p)
    knots_lam, knots_w = [lam], [w.copy()]
    if lam <= lam_min or lam <= 0.0:
        return out
    j = int(np.argmax(score))
    active = [j]
    signs = [1.0 if positive else float(np.sign(c[j]))]
    tiny = 1e-12 * lam
    no_event = np.full(p, np.inf)
    for _ in range(max_steps):
        A = np.array(active)
        s_A = np.array(signs)
        Q_A = Q[:, A]
        Q_AA = Q_A[A]
        try:
            d_A = np.linalg.solve(Q_AA, s_A)
        except np.linalg.LinAlgError:
            raise HomotopyFailed from None
        # a (nearly) singular active block shows up as a huge (or non-finite) direction
        size = float(np.abs(d_A).max())
        if not math.isfinite(size) or size * float(Q_AA.max()) > 1e13:
            raise HomotopyFailed
        a = Q_A @ d_A
        gamma = lam - lam_min
        event, kind = -1, "stop"
        # entering: |c_j − γ a_j| reaches λ − γ; with |c_j| ≤ λ only positive denominators
        # count (1 − a_j > 0 exactly when a_j < 1 in floating point, and 1 + a_j > 0 when a_j > −1)
        cand = no_event.copy()
        np.divide(lam - c, 1.0 - a, out=cand, where=a < 1.0)
        if not positive:
            other = no_event.copy()
            np.divide(lam + c, 1.0 + a, out=other, where=a > -1.0)
            np.minimum(cand, other, out=cand)
        cand[A] = np.inf
        cand[cand <= tiny] = np.inf
        k = int(cand.argmin())
        if cand[k] < gamma:
            gamma, event, kind = float(cand[k]), k, "enter"
        # leaving: an active coefficient reaches zero
        g_drop = np.divide(-w[A], d_A, out=no_event[: A.size].copy(), where=d_A != 0)
        g_drop[g_drop <= tiny] = np.inf
        m = int(g_drop.argmin())
        if g_drop[m] < gamma:
            gamma, event, kind = float(g_drop[m]), m, "drop"
        w[A] += gamma * d_A
        lam -= gamma
        if kind == "drop":
            w[A[event]] = 0.0
            del active[event], signs[event]
        c = b - Q @ w
        knots_lam.append(lam)
        knots_w.append(w.copy())
        if kind == "stop":
            break
        if kind == "enter":
            active.append(event)
            signs.append(1.0 if positive else float(np.sign(c[event])))
        if not active:
            raise HomotopyFailed
    else:
        raise HomotopyFailed
    # interpolate: w is linear in λ between consecutive knots (knots_lam decreasing)
    kl = np.array(knots_lam)
    kw = np.array(knots_w).T
    for i, target in enumerate(lams):
        if target >= kl[0]:
            continue
        hi = int(np.searchsorted(-kl, -target))  # first knot with λ <= target
        hi = min(hi, kl.size - 1)
        lo = hi - 1
        span = kl[lo] - kl[hi]
        t = 0.0 if span <= 0 else (kl[lo] - target) / span
        out[:, i] = (1.0 - t) * kw[:, lo] + t * kw[:, hi]
    return out
