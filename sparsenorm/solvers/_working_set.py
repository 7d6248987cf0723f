"""The fast Lasso / elastic-net solver: working sets, gap-safe screening, inner solves.

Outer loop (one full pass over ``X`` each): compute the residual's correlations, the duality
gap and stop if it certifies the tolerance; discard the features outside the support that the
gap-safe sphere test proves to be zero; rank the others by their distance to the dual
constraint and keep the current support plus the closest ones (the working set: the whole
support, screened or not, plus the ``min_ws`` closest other features that survive screening,
and in all at least twice the largest inner support so far, four times a saturated one, see
``SATURATED_GROWTH``, as far as the support and the surviving features go: all of them when
fewer; every feature, without screening, where ``l1`` is 0); solve the problem restricted to
the working set approximately: with numba, by compiled coordinate descent on the working set's
columns and the residual (for dense ``X`` with Anderson extrapolation, switching to coordinate
descent on the working set's Gram matrix once the residual epochs have cost what building that
matrix costs, see ``_gram_rent``), otherwise by the active-set method on its Gram matrix
(``_active_set``). Only the outer gap, computed on the whole problem, certifies the result.
"""

import math
import time

import numpy as np

from .._kernels import compiled
from ._active_set import _cd_gram_loop, solve_l1_qp
from .duality import _enet_gap, _enet_gap_parts

__all__ = ["enet_working_set"]
# features added to the active set per step of the inner solver (more: fewer steps, each
# more likely to need a sign correction)
MAX_ADD = 10
# with numba, the inner problems are solved by compiled coordinate descent (see the module
# docstring) to a KKT violation of this fraction of the outer one (then at least
# kkt_scale), for at most INNER_EPOCHS epochs per round
INNER_FRACTION = 0.1
INNER_EPOCHS = 2000
INNER_CD = True
# a working set that ends an inner solve with every feature non-zero (saturated) grows to this
# multiple of its size, one that does not to twice its support (both within the caps at p and
# at the support plus the features that survive screening). A heuristic: a saturated working
# set may be what bounded the support, and where the solution needs many more features,
# doubling spends a full pass over X per round on the way up (the benchmark's 4000 × 200
# ρ=0 s=100 α=0.01 float32 cell: working sets of 50, 100 and 200 features, the first two
# saturated, the solution's support 190; with 4, of 50 and 200)
SATURATED_GROWTH = 4
# the compiled residual loop's epochs run in blocks of 5 (its checks come at every 5th
# epoch); its driver extrapolates each block's start and its 5 epochs' iterates
BLOCK = 5
# a heuristic: the working-set solver runs its residual epochs in float32 on a float32 X only
# where the tolerance is at least this multiple of ‖y‖²/n (2**7 times float32's epsilon,
# 2**-23). How small a gap float32 residuals can resolve is no fixed multiple of ‖y‖²/n: it
# grows with n, with 1/strength and, with an intercept, with the columns' means next to their
# spread (the stored residual then carries a multiple of the weights, see
# _cd_residual_loop); measured here from about 1e-5 of ‖y‖²/n to divergence. So a float32
# inner solve fails where its gap reaches no new low in F32_PATIENCE blocks of 5 epochs and
# the gap from its residual recomputed in float64 is more than twice that low (which was then
# float32 drift), or reaches none in F32_PATIENCE blocks again after that recomputation;
# where a value is not finite; or where its end point's objective, from its residual
# recomputed in float64, is no lower than the start's. Such a failure, and an outer gap that
# is not finite or does not halve on the same support, hand the rest of the fit over to
# float64 epochs
F32_RESOLUTION = 2.0**-16
F32_PATIENCE = 10
# BLAS's Gram product XᵀX runs at about this multiple of the compiled coordinate-descent
# loop's flop rate: measured on one thread here with the machine's OPENBLAS_CORETYPE /
# OPENBLAS_L2_SIZE overrides unset (as the benchmarks run; about 3-4 times with them set),
# 78-87 against 11.5-11.8 GFlop/s, and 89-91 against 12.5-14.4 in a later check at
# n = 2000, p = 500; the multiple grows (15 at 5000 × 1000) once the columns do not fit in
# cache. A cost model's constant, not a property of every machine or size
GRAM_SPEEDUP = 7.0


def anderson_numpy(iterates):
    """Anderson extrapolation of the rows of ``iterates`` (the reference), or None.

    With ``U`` the ``m × k`` differences of the ``m + 1`` rows, the extrapolated point is
    ``Σ cᵢ iterates[i + 1]`` with ``c = z / Σz`` and ``UUᵀ z = 1`` (as in skglm and celer):
    the affine combination of the last ``m`` iterates whose differences combine to the
    smallest norm. None where ``UUᵀ`` is exactly singular (numpy's ``LinAlgError``), where
    ``z`` is not finite or sums to 0, or where the result is not finite.
    """
    U = np.diff(iterates, axis=0)
    with np.errstate(all="ignore"):
        try:
            z = np.linalg.solve(U @ U.T, np.ones(U.shape[0]))
        except np.linalg.LinAlgError:
            return None
        if not (np.isfinite(z).all() and z.sum() != 0):
            return None
        w_acc = (z / z.sum()) @ iterates[1:]
    return w_acc if np.isfinite(w_acc).all() else None


def _anderson_loop(iterates, out):  # pragma: no cover (numba)
    """:func:`anderson_numpy` as scalar loops, for numba: True and the point in ``out``, or False.

    ``UUᵀ z = 1`` is solved by Gaussian elimination with partial pivoting (the method of
    LAPACK's ``dgesv``, behind ``np.linalg.solve``, not its exact operations). It fails
    (False) on an exactly zero pivot (where ``dgesv`` reports a singular matrix) or a NaN
    one (numpy's ``z`` is then NaN), on a ``z`` whose sum is not finite or is 0 (numpy tests
    ``z`` itself; they differ only where a finite ``z`` sums past the largest float64), and on
    a point that is not finite (``out`` may then be partly written). Where ``UUᵀ`` is well
    conditioned the two agree to rounding; where it is rank-deficient (fewer changing
    coordinates than differences, collinear iterates), whether a pivot comes out exactly
    zero depends on the order of the sums, so either can fail where the other gives a
    point. The products of the combination are not fused with its sums, so they can
    overflow where BLAS's fused multiply-adds do not.
    """
    m, k = iterates.shape[0] - 1, iterates.shape[1]
    U = np.empty((m, k))
    for a in range(m):
        for c in range(k):
            U[a, c] = iterates[a + 1, c] - iterates[a, c]
    G = np.empty((m, m))
    for a in range(m):
        for b in range(a + 1):
            acc = 0.0
            for c in range(k):
                acc += U[a, c] * U[b, c]
            G[a, b] = acc
            G[b, a] = acc
    z = np.ones(m)
    for col in range(m):
        pivot, best = col, abs(G[col, col])
        for row in range(col + 1, m):
            if abs(G[row, col]) > best:
                pivot, best = row, abs(G[row, col])
        if not best > 0.0:  # exactly singular, or NaN
            return False
        if pivot != col:
            for c in range(m):
                G[col, c], G[pivot, c] = G[pivot, c], G[col, c]
            z[col], z[pivot] = z[pivot], z[col]
        for row in range(col + 1, m):
            factor = G[row, col] / G[col, col]
            for c in range(col, m):
                G[row, c] -= factor * G[col, c]
            z[row] -= factor * z[col]
    total = 0.0
    for col in range(m - 1, -1, -1):
        acc = z[col]
        for c in range(col + 1, m):
            acc -= G[col, c] * z[c]
        z[col] = acc / G[col, col]
        total += z[col]
    if not (abs(total) < math.inf and total != 0.0):  # (NaN or inf somewhere in z)
        return False
    for c in range(k):
        acc = 0.0
        for a in range(m):
            acc += z[a] / total * iterates[a + 1, c]
        if not abs(acc) < math.inf:
            return False
        out[c] = acc
    return True


def _anderson(iterates):
    """:func:`anderson_numpy`'s extrapolated point by the compiled loop (numpy without numba)."""
    kernel = compiled(_anderson_loop)
    if kernel is None:
        return anderson_numpy(iterates)
    out = np.empty(iterates.shape[1])
    return out if kernel(iterates, out) else None


def _inner_cd(
    kernel,
    H,
    b,
    lam,
    w,
    positive,
    kkt_tol,
    max_epochs=INNER_EPOCHS,
    depth=5,
    gap_target=None,
    y_sq=None,
    l2=0.0,
):
    """Compiled coordinate descent on ``½wᵀHw − bᵀw + λ‖w‖₁`` with Anderson extrapolation.

    Runs blocks of 5 epochs (at most ``max_epochs // 5`` blocks, at least one) until the KKT
    violation is at most ``kkt_tol`` or, with ``gap_target``, until the duality gap of the
    restricted problem, checked before the last epoch of each block (:func:`_gram_gap_parts`
    from the loop's ``check``, one epoch before the block's end), is at most ``gap_target``
    (``y_sq = ‖y‖²/n``, ``l2``: the ridge part already on the diagonal of ``H``); after every
    ``depth`` blocks the last iterates are extrapolated (Anderson acceleration, as in skglm
    and celer) and the extrapolated point kept only if it lowers the objective. One point per
    block, unlike :func:`_inner_cd_residual`'s consecutive epochs: a Gram epoch costs
    ``O(k²)``, and on the benchmark's paths (k up to 300) a step after every block, with its
    two objective products, cost more than the epochs it saved (the square 300 × 300 path
    1.6 times slower for 5 % fewer epochs).
    """
    H = np.asfortranarray(H, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)
    w = np.array(w, dtype=np.float64)
    iterates = np.empty((depth + 1, w.size))  # the window's iterates, from its start
    iterates[0], count = w, 1
    check = np.zeros(6)
    for _ in range(max(1, max_epochs // 5)):
        if kernel(H, b, lam, w, positive, 5, kkt_tol, check) < 5:
            break
        if (
            gap_target is not None
            and _gram_gap_parts(*check[1:].tolist(), y_sq, lam, l2) <= gap_target
        ):
            break
        iterates[count] = w
        count += 1
        if count <= depth:
            continue
        w_acc, count = _anderson(iterates), 1
        if w_acc is not None:
            if positive:
                np.maximum(w_acc, 0.0, out=w_acc)
            if _quad_objective(H, b, lam, w_acc) < _quad_objective(H, b, lam, w):
                w = w_acc
        iterates[0] = w
    return w


def _gram_gap(H, b, y_sq, w, l1, l2, positive):
    """Gap of ``1/(2n)‖y − Xw‖² + l1‖w‖₁ + l2/2‖w‖²`` from ``H = XᵀX/n + l2·I``, ``b = Xᵀy/n``.

    The residual's quantities without the residual: ``‖r‖²/n = ‖y‖²/n − 2bᵀw + wᵀ(H − l2 I)w``,
    ``rᵀy/n = ‖y‖²/n − bᵀw`` and ``Xᵀr/n − l2 w = b − Hw``. The first's rounding error is of
    order ``ε(‖y‖²/n + 2|b|ᵀ|w| + |w|ᵀ|H||w|)`` (ε: float64's, times a dimension factor),
    which can be far more than ``‖r‖²/n`` itself, for example where ``w`` has large cancelling
    coefficients on nearly collinear columns; so this gap only decides when an inner solve
    stops, and only the outer gap, from the residual itself, certifies.
    """
    if positive and w.size and w.min() < 0:
        return math.inf
    grad = H @ w - b
    dual_norm = (
        float((-grad).max(initial=0.0)) if positive else float(np.abs(grad).max(initial=0.0))
    )
    parts = (float(b @ w), float(w @ grad), float(np.abs(w).sum()), float(w @ w))
    return _gram_gap_parts(dual_norm, *parts, y_sq, l1, l2)


def _gram_gap_parts(dual_norm, b_w, w_grad, w_l1, w_l2, y_sq, l1, l2):
    """:func:`_gram_gap` from the scalars that the compiled Gram loop reports in ``check``.

    With ``grad = Hw − b``: ``wᵀHw = wᵀgrad + bᵀw`` and ``Xᵀr/n − l2 w = −grad``.
    """
    w_l2 = w_l2 if l2 else 0.0
    r_norm2 = max(y_sq - 2.0 * b_w + (w_grad + b_w) - l2 * w_l2, 0.0)  # ‖r‖²/n
    primal = 0.5 * r_norm2 + 0.5 * l2 * w_l2 + l1 * w_l1
    scale = l1 / dual_norm if dual_norm > l1 else 1.0
    dual = -0.5 * scale**2 * (r_norm2 + l2 * w_l2) + scale * (y_sq - b_w)
    return primal - dual


def cd_residual_numpy(
    Xt,
    pos,
    mean,
    u,
    u_sq,
    norms,
    r,
    l1,
    l2,
    w,
    positive,
    n_epochs,
    kkt_tol,
    gap_target,
    y,
    check,
    gap_hint=True,
    trace=None,
):
    """Cyclic coordinate descent on ``1/(2n)‖r₀ − Xw‖² + l1‖w‖₁ + l2/2‖w‖²`` (the reference).

    Column ``j`` of ``X`` is ``Xt[pos[j]] − mean[j]·u`` (centred here explicitly, in float64;
    ``mean`` all zeros for rows stored centred, and then ``u`` and ``u_sq`` play no part),
    ``norms[j] = ‖X[:, j]‖²/n`` and ``r`` is the residual of the start ``w``; ``w`` and ``r``
    are updated in place. Returns the number of epochs run: fewer than ``n_epochs`` only where
    a check met ``kkt_tol`` or ``gap_target``.

    The point reached is checked after every 5th epoch and after the last, and also after an
    epoch whose sweep suggests that the stop is met, as long as no suggestion has failed:
    ``check[6]`` is 0 until a suggested check does not stop the loop, and then set to 1 (pass
    the same ``check`` to the calls of one solve, and suggestions stay off for all of it). A
    check writes into ``check`` the KKT violation and the parts of the duality gap of the
    restricted problem with target ``y`` (:func:`_checked_gap`): the dual norm (``max|g|`` of
    the correlations ``g = X[:, j]ᵀr/n − l2·w_j``; ``max(g)``, at least 0, when
    ``positive``), ``‖r‖²``, ``rᵀy``, ``‖w‖₁`` and ``‖w‖²``; it stops the loop where the
    violation is at most ``kkt_tol`` or that gap at most ``gap_target``. The suggestion costs
    no product: it is the same test on the violation and gap made from the correlations the
    sweep met, each just before its coordinate's update, with the end point's ``r`` and
    ``w`` (with ``gap_hint`` False, as in the sparse loop, on the violation only: the gap's
    sums cost ``O(n)``). It can be wrong either way, because the later steps of the sweep
    move the earlier correlations (its gap can even be negative where the end point's
    correlations leave the dual constraint): ``check[6]`` bounds the checks in vain to one
    per solve, and a stop the suggestion misses costs at most the 4 epochs to the next 5th.
    A NaN violation or dual norm makes the check's test fail (the loop goes on).

    With ``trace`` (an ``n_epochs × len(w)`` float64 array), row ``e`` receives ``w`` at the
    end of epoch ``e``'s sweep (the iterates that the driver extrapolates); rows of epochs
    not run are left as they were.
    """
    n = r.shape[0]
    cols = np.asarray(Xt[pos], dtype=np.float64) - np.outer(mean, u)

    def violation_and_dual(g, w):
        viol = np.where(w != 0, np.abs(g - l1 * np.sign(w)), 0.0)
        free = w == 0
        viol[free] = np.maximum(g[free] - l1 if positive else np.abs(g[free]) - l1, 0)
        dual = g.max(initial=0.0) if positive else np.abs(g).max(initial=0.0)
        return float(viol.max(initial=0.0)), float(dual)

    def stops(viol, dual):
        r64 = r.astype(np.float64)
        parts = np.array([viol, dual, r64 @ r64, r64 @ y, np.abs(w).sum(), w @ w])
        return viol <= kkt_tol or _checked_gap(parts, l1, l2, n) <= gap_target, parts

    for epoch in range(n_epochs):
        met, w_met = np.zeros(w.shape[0]), w.copy()  # the correlations the sweep meets
        for j in range(w.shape[0]):
            corr = float(cols[j] @ r) / n
            met[j] = corr - l2 * w[j]
            if norms[j] == 0.0:
                if w[j] != 0.0:
                    r += w[j] * cols[j]  # an empty column: only the penalty, minimal at 0
                    w[j] = 0.0
                continue
            old = w[j]
            z = norms[j] * old + corr
            new = z - l1 if z > l1 else (z + l1 if (z < -l1 and not positive) else 0.0)
            new /= norms[j] + l2
            if new != old:
                r -= (new - old) * cols[j]
                w[j] = new
        if trace is not None:
            trace[epoch] = w
        check_now = epoch % 5 == 4 or epoch == n_epochs - 1
        suggested = False
        if not check_now and check[6] == 0.0:
            viol_met = violation_and_dual(met, w_met)[0]
            if gap_hint:
                check_now = suggested = stops(viol_met, violation_and_dual(met, w)[1])[0]
            else:
                check_now = suggested = viol_met <= kkt_tol
        if check_now:
            stopped, check[:6] = stops(*violation_and_dual(cols @ r / n - l2 * w, w))
            if stopped:
                return epoch + 1
            if suggested:
                check[6] = 1.0
    return n_epochs


def _cd_residual_loop(
    Xt,
    pos,
    mean,
    u,
    u_sq,
    norms,
    r,
    l1,
    l2,
    w,
    positive,
    n_epochs,
    kkt_tol,
    gap_target,
    y,
    check,
    trace=None,
):  # pragma: no cover
    """:func:`cd_residual_numpy` as scalar loops, for numba (the same steps, in the same order).

    The sums that fill ``check`` may be added in another order.

    The centring is implicit, as in :func:`_cd_sparse_loop`: the residual is kept as
    ``r + s·u`` (``u``ᵀ of the true residual is 0), a step ``δ`` on ``j`` subtracts
    ``δ·Xt[pos[j]]`` from ``r`` and adds ``δ·mean[j]`` to ``s``, and the correlation of column
    ``j`` is ``Xt[pos[j]]ᵀr + s·u_sq·mean[j]``; with ``mean`` all zeros, ``s`` stays 0 and
    these are the steps on the rows as stored. The products of columns and residual and the
    residual's updates are made in ``r``'s dtype: with float32 ``Xt`` and ``r``, in float32
    (twice the vector width; the step is rounded to float32 for ``r`` and ``s``, ``w`` takes
    it in float64), so the kept residual drifts from ``w``'s by the float32 rounding of its
    updates, by far the most where the means are large next to the spread (the working-set
    solver re-computes the residual in float64 after each inner solve, and within a float32
    one whose gap stops falling); with float64 ``r``, in float64. The rest (``z``, ``s``, the
    sums of ``check``) is float64.
    """
    k, n = pos.shape[0], Xt.shape[1]
    s = 0.0
    epochs = n_epochs
    if check.shape[0] != 7:
        raise ValueError("check must hold 7 values")
    for epoch in range(n_epochs):
        viol = dual = 0.0  # of the correlations the sweep meets
        for j in range(k):
            c = pos[j]
            old = w[j]
            if norms[j] == 0.0:
                g = -l2 * old
                new = 0.0  # an empty column: only the penalty, minimal at 0
            else:
                dot = r.dtype.type(0.0)
                for i in range(n):
                    dot += Xt[c, i] * r[i]
                corr = (dot + s * u_sq * mean[j]) / n
                g = corr - l2 * old
                z = norms[j] * old + corr
                if z > l1:
                    new = z - l1
                elif z < -l1 and not positive:
                    new = z + l1
                else:
                    new = 0.0
                new /= norms[j] + l2
            if old != 0.0:
                v = abs(g - l1) if old > 0 else abs(g + l1)
            elif positive:
                v = max(g - l1, 0.0)
            else:
                v = max(abs(g) - l1, 0.0)
            if v > viol or v != v:  # NaN sticks (max would drop it): no false stop
                viol = v
            d = g if positive else abs(g)
            if d > dual or d != d:  # NaN sticks, as for viol
                dual = d
            if new != old:
                delta = new - old
                step = r.dtype.type(delta)
                for i in range(n):
                    r[i] -= step * Xt[c, i]
                s += step * mean[j]
                w[j] = new
        if trace is not None:
            for j in range(k):
                trace[epoch, j] = w[j]
        check_now = epoch % 5 == 4 or epoch == n_epochs - 1
        suggested = False
        for rep in range(2):  # 0: the suggestion, from the sweep's correlations; 1: the check
            if rep == 0 and (check_now or check[6] != 0.0):
                continue  # the window's end (checked anyway), or suggestions off
            if rep == 1:
                if not check_now:
                    break
                viol = dual = 0.0
                for j in range(k):
                    dot = r.dtype.type(0.0)
                    for i in range(n):
                        dot += Xt[pos[j], i] * r[i]
                    g = (dot + s * u_sq * mean[j]) / n - l2 * w[j]
                    if w[j] != 0.0:
                        v = abs(g - l1) if w[j] > 0 else abs(g + l1)
                    elif positive:
                        v = max(g - l1, 0.0)
                    else:
                        v = max(abs(g) - l1, 0.0)
                    if v > viol or v != v:
                        viol = v
                    d = g if positive else abs(g)
                    if d > dual or d != d:
                        dual = d
            w_l1 = w_l2 = r_sq = r_y = 0.0
            for j in range(k):
                w_l1 += abs(w[j])
                w_l2 += w[j] * w[j]
            for i in range(n):
                value = r[i] + s * u[i]
                r_sq += value * value
                r_y += value * y[i]
            # _enet_gap_parts's gap (a NaN stays NaN and stops nothing)
            primal = 0.5 * r_sq / n + 0.5 * l2 * w_l2 + l1 * w_l1
            scale = l1 / dual if dual > l1 else (1.0 if dual == dual else dual)
            gap = primal + 0.5 * scale**2 * (r_sq / n + l2 * w_l2) - scale * r_y / n
            stops = viol <= kkt_tol or gap <= gap_target
            if rep == 0:
                check_now = suggested = stops
                continue
            check[0], check[1], check[2] = viol, dual, r_sq
            check[3], check[4], check[5] = r_y, w_l1, w_l2
            if stops:
                epochs = epoch + 1
            elif suggested:
                check[6] = 1.0  # a suggestion that failed: no more
        if epochs < n_epochs:
            break
    if s != 0.0:
        for i in range(n):
            r[i] += s * u[i]
    return epochs


def _cd_sparse_loop(
    indptr,
    indices,
    data,
    pos,
    mean,
    u,
    u_sq,
    norms,
    r,
    l1,
    l2,
    w,
    positive,
    n_epochs,
    kkt_tol,
    gap_target,
    y,
    check,
):  # pragma: no cover (numba)
    """Residual coordinate descent on centred CSC columns without densifying them.

    Column ``j`` of the problem is ``x − mean[j]·u`` with ``x`` the stored CSC column
    ``pos[j]`` (``u``: the square-root weights, all ones when unweighted). The residual is kept
    as ``r + s·u``: a step ``δ`` on ``j`` subtracts ``δ·x`` from ``r`` (its stored rows only) and
    adds ``δ·mean[j]`` to ``s``. With ``uᵀr = 0`` (centred target, centred columns),
    ``(x − mean·u)ᵀ(r + s·u) = xᵀr + s·u_sq·mean``. Updates ``w`` and ``r`` (returned as
    ``r + s·u``) in place; returns the number of epochs run and fills ``check``, as
    :func:`cd_residual_numpy` with ``gap_hint`` False.
    """
    k, n = pos.shape[0], r.shape[0]
    s = 0.0
    epochs = n_epochs
    if check.shape[0] != 7:
        raise ValueError("check must hold 7 values")
    for epoch in range(n_epochs):
        viol = dual = 0.0  # of the correlations the sweep meets
        for j in range(k):
            c = pos[j]
            old = w[j]
            if norms[j] == 0.0:
                g = -l2 * old
                new = 0.0  # an empty column: only the penalty, minimal at 0
            else:
                dot = 0.0
                for t in range(indptr[c], indptr[c + 1]):
                    dot += data[t] * r[indices[t]]
                corr = (dot + s * u_sq * mean[j]) / n
                g = corr - l2 * old
                z = norms[j] * old + corr
                if z > l1:
                    new = z - l1
                elif z < -l1 and not positive:
                    new = z + l1
                else:
                    new = 0.0
                new /= norms[j] + l2
            if old != 0.0:
                v = abs(g - l1) if old > 0 else abs(g + l1)
            elif positive:
                v = max(g - l1, 0.0)
            else:
                v = max(abs(g) - l1, 0.0)
            if v > viol or v != v:  # NaN sticks (max would drop it): no false stop
                viol = v
            d = g if positive else abs(g)
            if d > dual or d != d:  # NaN sticks, as for viol
                dual = d
            if new != old:
                delta = new - old
                for t in range(indptr[c], indptr[c + 1]):
                    r[indices[t]] -= delta * data[t]
                s += delta * mean[j]
                w[j] = new
        check_now = epoch % 5 == 4 or epoch == n_epochs - 1
        suggested = False
        for rep in range(2):  # 0: the suggestion, from the sweep's correlations; 1: the check
            if rep == 0 and (check_now or check[6] != 0.0):
                continue  # the window's end (checked anyway), or suggestions off
            if rep == 1:
                if not check_now:
                    break
                viol = dual = 0.0
                for j in range(k):
                    dot = 0.0
                    for t in range(indptr[pos[j]], indptr[pos[j] + 1]):
                        dot += data[t] * r[indices[t]]
                    g = (dot + s * u_sq * mean[j]) / n - l2 * w[j]
                    if w[j] != 0.0:
                        v = abs(g - l1) if w[j] > 0 else abs(g + l1)
                    elif positive:
                        v = max(g - l1, 0.0)
                    else:
                        v = max(abs(g) - l1, 0.0)
                    if v > viol or v != v:
                        viol = v
                    d = g if positive else abs(g)
                    if d > dual or d != d:
                        dual = d
            if rep == 0:
                # the violation only: the gap's sums cost O(n), which can be more than a
                # sparse epoch
                check_now = suggested = viol <= kkt_tol
                continue
            w_l1 = w_l2 = r_sq = r_y = 0.0
            for j in range(k):
                w_l1 += abs(w[j])
                w_l2 += w[j] * w[j]
            for i in range(n):
                value = r[i] + s * u[i]
                r_sq += value * value
                r_y += value * y[i]
            # _enet_gap_parts's gap (a NaN stays NaN and stops nothing)
            primal = 0.5 * r_sq / n + 0.5 * l2 * w_l2 + l1 * w_l1
            scale = l1 / dual if dual > l1 else (1.0 if dual == dual else dual)
            gap = primal + 0.5 * scale**2 * (r_sq / n + l2 * w_l2) - scale * r_y / n
            stops = viol <= kkt_tol or gap <= gap_target
            check[0], check[1], check[2] = viol, dual, r_sq
            check[3], check[4], check[5] = r_y, w_l1, w_l2
            if stops:
                epochs = epoch + 1
            elif suggested:
                check[6] = 1.0  # a suggestion that failed: no more
        if epochs < n_epochs:
            break
    for i in range(n):
        r[i] += s * u[i]
    return epochs


def cd_sparse_numpy(
    X, pos, mean, u, norms, r, l1, l2, w, positive, n_epochs, kkt_tol, gap_target, y, check
):
    """The numpy reference of :func:`_cd_sparse_loop`: explicitly centred dense columns.

    The rule is :func:`cd_residual_numpy`'s with ``gap_hint`` False: a check is suggested by
    the sweep's violation only.
    """
    rows = np.asarray(X[:, pos].toarray(), dtype=np.float64).T
    args = (np.arange(pos.size), mean, u, float(u @ u), norms, r, l1, l2, w, positive)
    stop = (n_epochs, kkt_tol, gap_target, y, check)
    return cd_residual_numpy(rows, *args, *stop, gap_hint=False)


def _checked_gap(check, l1, l2, n):
    """The restricted problem's duality gap from a loop's last ``check``.

    The parts are those :func:`cd_residual_numpy` describes, all of the point the loop
    returned (a call of at least one epoch checks its last exactly). It is the gap of the
    restricted problem only, so a stopping rule, as every inner gap is; only the outer gap
    certifies.
    """
    dual_norm, r_sq, r_y, w_l1, w_l2 = check[1:6].tolist()  # Python floats: inf, NaN silent
    return _enet_gap_parts(r_sq, r_y, w_l1, w_l2, dual_norm, l1, l2, n)[0]


def _checked_objective(check, l1, l2, n):
    """The restricted problem's objective at the point a loop's last ``check`` checked.

    ``½‖r‖²/n + l1‖w‖₁ + l2/2‖w‖²`` from the parts the check holds (the point the loop
    returned: a call of at least one epoch checks its last exactly). With a float32
    residual, ``‖r‖²`` is that of the float64 ``r + s·u`` before the loop rounds it back
    into ``r`` (see :func:`_cd_residual_loop`), so within float32 rounding of ``r``'s.
    """
    return 0.5 * check[2] / n + l1 * check[4] + 0.5 * l2 * check[5]


def _inner_cd_residual(
    kernel,
    cache,
    pos,
    norms,
    r,
    l1,
    l2,
    w,
    positive,
    kkt_tol,
    y=None,
    gap_target=None,
    max_epochs=INNER_EPOCHS,
    work=np.float64,
):
    """Compiled residual coordinate descent with Anderson extrapolation.

    The epochs run in blocks of 5, checked where :func:`cd_residual_numpy` says (with one
    ``check`` for the whole solve). The solve stops where the loop stops before a block's
    end (at a check that finds a KKT violation at most ``kkt_tol`` or, with ``gap_target``,
    the duality gap of the restricted problem, target ``y``, at most ``gap_target``), and
    at a block's end where its check meets the same test as :func:`_checked_gap` rounds
    the gap (the compiled loop rounds it in another order: the two differ by a few ulps of
    the objective's terms, so a stop there can be missed and the solve go on). After each block
    that does not stop, the block's start and its epochs' iterates are extrapolated (the
    point kept where its objective is lower).

    Returns ``(w, done, r)`` with ``done`` False where ``max_epochs`` (rounded up to blocks
    of 5) ran out first, and ``r`` the float64 residual of a float32 solve's returned ``w``
    (None when it hands over, and in float64, whose caller computes it). ``cache`` holds the
    columns (:class:`~._design.GramCache`, dense ``X``); the epochs keep the residual in the
    dtype ``work`` (float32 only for the raw float32 columns of a float32 ``X``:
    :func:`_cd_residual_loop` then computes in float32). In float32, ``done`` is None where the
    solve stopped making progress (no new lowest gap in ``F32_PATIENCE`` blocks, where the
    gap from the residual recomputed in float64 is more than twice that lowest one or, after
    that recomputation, no new lowest gap in as many blocks again), produced a value that is
    not finite, or stopped (for any reason) at a point whose objective, from its residual
    recomputed in float64, is no lower than the start's; ``w`` is then the start, and the
    caller solves again in float64 (float32 iterates that stall far from the solution, or
    diverge, are worse starts than the start itself).
    """
    Xt = cache.cols_t()
    n = r.shape[0]
    design = cache.design
    ws = cache.idx[pos]
    centring = cache.raw and design.mean is not None
    mean = design.mean[ws] if centring else np.zeros(ws.size)
    u = design.u_or_ones()
    w = np.array(w, dtype=np.float64)
    start = w.copy()
    single = work is np.float32
    start_objective = None
    iterates = np.empty((BLOCK + 1, w.size))  # a block's start, then w after each epoch
    # float32: the lowest gap checked, the blocks since it, whether r was recomputed since it
    lowest, stale, resynced = math.inf, 0, False

    def exact_gap(w, r64):
        """The restricted gap at ``w`` from its float64 residual ``r64`` (exact correlations)."""
        g = cache.centred_rdot(pos, r64) / n - l2 * w
        return _enet_gap(r64, y, w, g, l1, l2, n, positive)[0]

    def objective(w, r):
        r = r.astype(np.float64, copy=False)  # (a float32 ‖r‖² can overflow)
        with np.errstate(over="ignore", invalid="ignore"):
            value = 0.5 * float(r @ r) / n + l1 * float(np.abs(w).sum())
            return value + 0.5 * l2 * float(w @ w)

    if single:  # from the float64 residual, as the end point's is
        start_objective = objective(start, r)
    r = np.array(r, dtype=work)

    def better(w, done):
        """Return ``(w, done, r)``, or in float32 ``(start, None, None)`` unless ``w`` is lower.

        In float32, ``r`` is ``w``'s float64 residual, and ``w`` is kept only where its
        objective from ``r`` is below the start's; in float64, ``r`` is None.
        """
        if not single:
            return w, done, None
        r64 = cache.residual(pos, w)
        if objective(w, r64) < start_objective:
            return w, done, r64
        return start, None, None

    args = (Xt, pos, mean, u, design.u_sq, norms)
    check = np.zeros(7)  # one for the whole solve: a failed suggestion turns them off
    target = -math.inf if gap_target is None else gap_target
    for _ in range(max(1, -(-max_epochs // BLOCK))):
        iterates[0] = w
        # (trace by keyword: the numpy reference takes gap_hint before it)
        stop = (kkt_tol, target, y, check)
        epochs = kernel(*args, r, l1, l2, w, positive, BLOCK, *stop, trace=iterates[1:])
        # (the gap only where a target or the float32 patience needs it)
        gap = _checked_gap(check, l1, l2, n) if single or gap_target is not None else math.inf
        if single and not (math.isfinite(gap) and np.isfinite(w).all()):
            return start, None, None  # the float32 iterates diverged
        # the loop's own stop before the block's end (the rows after it are stale), or the
        # same test on its check at the block's end; the compiled loop rounds its gap in
        # another order (a few ulps of the objective's terms apart), so at the block's end
        # this test can miss a stop (the loop's count, 5, does not tell) and go on
        if epochs < BLOCK or check[0] <= kkt_tol or gap <= target:
            return better(w, True)
        current = None  # w's objective; from r where r was replaced, else from the check
        if single:
            if gap < lowest:
                lowest, stale, resynced = gap, 0, False
            else:
                stale += 1
            if stale >= F32_PATIENCE and resynced:
                return start, None, None
            if stale >= F32_PATIENCE:
                # the duality gap also stalls for a while in exact arithmetic (it need not
                # fall every block), so the gap at w from its float64 residual decides: more
                # than twice the lowest the kept residual gave (that low was float32 drift)
                # gives up; else the residual is replaced by it and the solve waits as long
                # again
                r64 = cache.residual(pos, w)
                if not exact_gap(w, r64) <= 2.0 * lowest:
                    return start, None, None
                with np.errstate(over="ignore"):
                    r = r64.astype(work)
                stale, resynced = 0, True
                current = objective(w, r)
        w_acc = _anderson(iterates)
        if w_acc is None:
            continue
        if positive:
            np.maximum(w_acc, 0.0, out=w_acc)
        step = w - w_acc
        moved = step != 0  # (a feature at 0 in every iterate is at 0 in w_acc)
        if not moved.any():
            continue
        if current is None:
            current = _checked_objective(check, l1, l2, n)
        # (a float32 overflow makes the objective inf)
        r_acc, r_sq = cache.moved_residual(pos[moved], step[moved], r)
        value = 0.5 * r_sq / n + l1 * float(np.abs(w_acc).sum())
        if l2:
            value += 0.5 * l2 * float(w_acc @ w_acc)
        if value < current:
            w, r = w_acc, r_acc
    return better(w, False)


def _inner_cd_sparse(
    kernel, cache, pos, ws, norms, r, l1, l2, w, positive, kkt_tol, gap_target=None
):
    """Compiled sparse residual coordinate descent (:func:`_cd_sparse_loop`) on ``ws``.

    Stops at the first check (made where :func:`cd_sparse_numpy` says: suggested by the
    violation only) that finds a KKT violation at most ``kkt_tol`` or, with ``gap_target``,
    the duality gap of the restricted problem at most ``gap_target``, or after
    ``INNER_EPOCHS`` epochs. Returns the new ``w[ws]``.
    """
    design = cache.design
    mean = design.mean[ws] if design.mean is not None else np.zeros(ws.size)
    u = design.u_or_ones()
    args = (*cache.csc_arrays(), pos.astype(np.int64), mean, u, design.u_sq)
    w = np.array(w, dtype=np.float64)
    r = np.array(r, dtype=np.float64)
    target = -math.inf if gap_target is None else gap_target
    stop = (INNER_EPOCHS, kkt_tol, target, cache.y, np.zeros(7))
    kernel(*args, norms, r, l1, l2, w, positive, *stop)
    return w


def _gram_rent(cache, k, n):
    """Residual epochs to run on ``k`` features before their Gram matrix is built instead.

    A residual epoch costs about ``4nk`` flops (a product and an update per column), a Gram
    epoch about ``2k²``, and the Gram block of the ``m_new`` cached columns not yet in it
    ``2n·m_new·m`` (``m`` cached in all) at ``GRAM_SPEEDUP`` times the rate. The rent is that
    block's cost in residual epochs, rounded up: 0 where the block is already built (the solve
    goes straight to the Gram matrix), else at least one, which the residual solve runs as a
    block of 5 epochs. This follows the ski-rental rule (rent until renting has cost what
    buying costs), but the rounding up can make the rented epochs cost up to
    ``5·4nk / (2nk/GRAM_SPEEDUP) = 70`` times a small block (one new column against a built
    block of ``m = k``). With ``k > n/2`` (a Gram epoch then saves at most 75 % of a residual
    one in this model, less with the gap and extrapolation work around it) the residual solve
    gets the whole ``INNER_EPOCHS``, and only a solve that runs out of them goes on to the Gram
    matrix.
    """
    if 2 * k > n:
        return INNER_EPOCHS
    m = cache.idx.size
    m_new = m - cache.gram_size()
    return math.ceil(2.0 * n * m_new * m / (GRAM_SPEEDUP * 4.0 * n * k))


def _inner_tol(xta, w, ws, l1, positive, kkt_scale):
    """INNER_FRACTION of the outer KKT violation on the working set (at least kkt_scale)."""
    g, w_cur = xta[ws], w[ws]  # xta: the exact correlations Xcᵀr/n − l2 w
    viol = np.where(w_cur != 0, np.abs(g - l1 * np.sign(w_cur)), 0.0)
    free = w_cur == 0
    viol[free] = np.maximum((g[free] if positive else np.abs(g[free])) - l1, 0.0)
    return max(INNER_FRACTION * float(viol.max(initial=0.0)), kkt_scale)


def _gap_target(xta, ws, l1, positive, tol_abs):
    """Half the tolerance once no feature outside the working set violates its KKT condition.

    Then the working set holds every feature the current point wants to move, and the outer
    gap is mostly the inner one: solving the inner problem to the tolerance saves full passes
    over ``X``. Otherwise None (the inner solve stops on ``_inner_tol``).
    """
    corr = xta if positive else np.abs(xta)
    outside = np.ones(corr.size, dtype=bool)
    outside[ws] = False
    if corr[outside].max(initial=-np.inf) > l1:
        return None
    return 0.5 * tol_abs


def _inner_stop(xta, w, ws, l1, positive, kkt_scale, tol_abs):
    """Return ``(gap_target, kkt_tol)``, the stopping rule of an inner solve.

    The gap target where :func:`_gap_target` gives one (the KKT tolerance is then only
    ``kkt_scale``), else no target and :func:`_inner_tol`.
    """
    target = _gap_target(xta, ws, l1, positive, tol_abs)
    if target is not None:
        return target, kkt_scale
    return None, _inner_tol(xta, w, ws, l1, positive, kkt_scale)


def _next_ws_size(ws_size, w_ws, p):
    """The next round's working-set size after an inner solve returned ``w_ws``.

    Twice the inner support (skglm and celer double it too), never smaller than ``ws_size`` nor
    larger than ``p``; ``SATURATED_GROWTH`` times it where every feature of the working set
    (every entry of ``w_ws``) ended non-zero.
    """
    nnz = int(np.count_nonzero(w_ws))
    growth = SATURATED_GROWTH if nnz == w_ws.size else 2
    return min(p, max(ws_size, growth * nnz))


def _quad_objective(H, b, lam, w):
    return 0.5 * float(w @ (H @ w)) - float(b @ w) + lam * float(np.abs(w).sum())


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
    y_sq = float(y @ y) / n
    # float32 residual epochs on the raw float32 columns of a float32 X where the tolerance
    # is well above what float32 residuals resolve (F32_RESOLUTION); float64 from the first
    # round without progress on
    work = np.float32 if cache.raw and tol_abs >= F32_RESOLUTION * y_sq else np.float64
    finite_point = None  # the last (w, r) with a finite gap
    gap = prev_gap = np.inf
    stalled, prev_nnz = 0, -1
    state = {}
    kernel = compiled(_cd_gram_loop) if INNER_CD and l1 > 0 else None
    resid_kernel = None
    sparse_kernel = None
    if kernel is not None:
        norms_all = design.col_sq_norms() / n
        if design.sparse:
            sparse_kernel = compiled(_cd_sparse_loop)
        else:
            resid_kernel = compiled(_cd_residual_loop, reassociate=True)
    for it in range(1, max_iter + 1):
        xta = design.rmatvec(r) / n
        if l2:
            xta -= l2 * w
        gap, scale = _enet_gap(r, y, w, xta, l1, l2, n, positive)
        if history is not None:
            history.append((gap, time.perf_counter()))
        if gap <= tol_abs:
            return w, gap, it, True
        if work is np.float32 and not math.isfinite(gap) and finite_point is not None:
            # (the inner solves hand failed float32 iterates back; this is a last resort)
            work = np.float64
            w, r = finite_point
            prev_gap = np.inf  # (the restored point is not a stall)
            continue
        if math.isfinite(gap):
            finite_point = (w, r)
        nnz = int(np.count_nonzero(w))
        if gap > 0.5 * prev_gap and nnz == prev_nnz and work is np.float32:
            work = np.float64  # float32 rounding may be what stops the progress
        elif gap > 0.5 * prev_gap and nnz == prev_nnz:
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
        if l1 == 0.0:
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
        if sparse_kernel is not None:
            target, inner_tol = _inner_stop(xta, w, ws, l1, positive, kkt_scale, tol_abs)
            w_ws = _inner_cd_sparse(
                sparse_kernel,
                cache,
                pos,
                ws,
                norms_all[ws],
                r,
                l1,
                l2,
                w[ws],
                positive,
                inner_tol,
                target,
            )
            w = np.zeros(p)
            w[ws] = w_ws
            r = cache.residual(pos, w_ws)
            ws_size = _next_ws_size(ws_size, w_ws, p)
            continue
        if resid_kernel is not None:
            target, inner_tol = _inner_stop(xta, w, ws, l1, positive, kkt_scale, tol_abs)
            rent = _gram_rent(cache, ws.size, n)
            w_ws, done, r_ws = w[ws], False, None
            while rent:
                inner = (norms_all[ws], r, l1, l2, w_ws, positive, inner_tol, y, target)
                w_ws, done, r_ws = _inner_cd_residual(
                    resid_kernel, cache, pos, *inner, max_epochs=rent, work=work
                )
                if done is not None:
                    break
                work = np.float64  # float32 stopped making progress: again in float64
            if not done:
                H = cache.gram[np.ix_(pos, pos)]
                if l2:
                    H[np.diag_indices_from(H)] += l2
                w_ws = _inner_cd(
                    kernel,
                    H,
                    cache.xty[pos],
                    l1,
                    w_ws,
                    positive,
                    inner_tol,
                    gap_target=target,
                    y_sq=y_sq,
                    l2=l2,
                )
                r_ws = None
            w = np.zeros(p)
            w[ws] = w_ws
            # (a float32 solve's end point comes with its float64 residual)
            r = cache.residual(pos, w_ws) if r_ws is None else r_ws
            ws_size = _next_ws_size(ws_size, w_ws, p)
            continue
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
        ws_size = _next_ws_size(ws_size, w_ws, p)
    return w, gap, max_iter, False
