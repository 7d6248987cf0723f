"""Basis pursuit: the solution of ``Ax = y`` of smallest L1 norm, by linear programming.

scipy (its HiGHS linear-programming solver) is imported only when :func:`basis_pursuit` runs.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from .._validation import as_float_array, check_nonnegative_scalar
from ..exceptions import ConvergenceWarning
from ._checks import check_design, result_dtype

__all__ = ["BasisPursuitResult", "basis_pursuit"]

_EPS = float(np.finfo(np.float64).eps)  # 2**-52
_HIGHS_SMALL = 1e-9  # HiGHS's small_matrix_value: it drops matrix entries this small
_COL_SPREAD = 100  # column exponents lie within this of the largest: cost weights >= 2**-100
# the re-solve for columns of very different scales: cost weights >= 2**-20 ~ 1e-6, far above
# the tightest dual feasibility tolerance HiGHS accepts (1e-10), which it then uses
_RETRY_COL_SPREAD = 20
_RETRY_OPTIONS = {"dual_feasibility_tolerance": 1e-10, "primal_feasibility_tolerance": 1e-10}
_DEFAULT_TOL = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-9}


@dataclass(frozen=True)
class BasisPursuitResult:
    r"""Solution of a basis-pursuit problem and the certificate that checks it.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The solution ``x``: float32 for float32 ``A``, float64 for every other dtype.
    dual : ndarray of shape (n_samples,)
        A dual vector :math:`\nu` (float64) scaled so that
        :math:`\|A^\top \nu\|_\infty \le 1` up to the rounding of that product; then
        :math:`y^\top \nu \le \|z\|_1` for every exact solution ``z`` of ``Az = y``.
    primal_residual : numpy.float64
        :math:`\|Ax - y\|_\infty`, evaluated in float64 at the returned ``coef``.
    backward_error : numpy.float64
        :math:`\eta = \|Ax - y\|_\infty / (\|A\|_\infty \|x\|_\infty + \|y\|_\infty)`
        (``0`` when both sides are ``0``; :math:`\|A\|_\infty` is the largest row sum of
        :math:`|A|`), evaluated in IEEE float64 (numpy's matrix product, after exact
        power-of-two scalings that rule out overflow). With the exact value :math:`\eta^*`,
        ``coef`` solves exactly a system :math:`(A + E)x = y + f` with
        :math:`\|E\|_\infty \le \eta^* \|A\|_\infty` and
        :math:`\|f\|_\infty \le \eta^* \|y\|_\infty` (Rigal and Gaches, 1967). The stored
        value is :math:`\eta^*` only up to the rounding of its float64 evaluation: the
        computed residual errs by at most :math:`\gamma_{k+1}(|A||x| + |y|)`, with
        :math:`k` = ``n_features`` and :math:`\gamma_m = m u/(1 - m u)`, :math:`u = 2^{-53}`
        (Higham, *Accuracy and Stability of Numerical Algorithms*, section 3.1), so
        :math:`\eta^*` may exceed it by about :math:`(k+1) 2^{-53}`. For example
        ``basis_pursuit([[3.0]], [1.0])`` stores ``0.0``, while the exact residual of
        :math:`x = \mathrm{fl}(1/3)` is :math:`3\,\mathrm{fl}(1/3) - 1 = -2^{-54}`.
    dual_gap : numpy.float64
        :math:`\|x\|_1 - y^\top \nu`: an upper bound on how far :math:`\|x\|_1` exceeds the
        minimum. It can be slightly negative, because ``coef`` satisfies the constraints only
        up to ``backward_error``.
    converged : bool
        True exactly when ``backward_error <= tol`` and
        :math:`|\text{dual\_gap}| \le \text{tol}\cdot\|x\|_1`; otherwise
        :func:`basis_pursuit` also warned with :class:`~sparsenorm.ConvergenceWarning`.
    n_iter : int
        Iterations of the HiGHS solver, in the solve whose answer is returned (see the
        Notes of :func:`basis_pursuit` on the second solve).
    message : str
        HiGHS's own status message.

    Examples
    --------
    >>> from sparsenorm import basis_pursuit
    >>> res = basis_pursuit([[1.0, 2.0]], [2.0])
    >>> print(res.coef, res.converged, bool(res.dual_gap == 0))
    [0. 1.] True True
    """

    coef: np.ndarray
    dual: np.ndarray
    primal_residual: np.float64
    backward_error: np.float64
    dual_gap: np.float64
    converged: bool
    n_iter: int
    message: str


def _check_y(y, n_samples):
    y = as_float_array(y, "y")
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of shape (n_samples,), got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"A and y have inconsistent numbers of rows: A has {n_samples} rows, "
            f"y has {y.shape[0]} entries"
        )
    with np.errstate(over="ignore"):
        y64 = y.astype(np.float64)
    if not np.isfinite(y64).all():  # longdouble beyond float64's range
        raise ValueError(f"y has entries beyond the range of float64 (dtype {y.dtype})")
    return y64


def _exponents(magnitudes):
    """Integer ``e`` with ``magnitudes * 2**-e`` in [0.5, 1), and 0 where the magnitude is 0."""
    return np.frexp(magnitudes)[1].astype(np.int64)


def _scaling_exponents(A, col_spread=_COL_SPREAD):
    """Column exponents ``c`` and row exponents ``r`` of the scaling ``2**-(c_j + r_i) a_ij``.

    ``c_j`` brings column ``j``'s largest ``|a_ij|`` into [0.5, 1), except that no ``c_j``
    is more than ``col_spread`` below the largest (the LP's cost weights
    ``2**(cmin - c_j)`` stay at least ``2**-col_spread``); an all-zero column gets the
    largest exponent of the others, so that it moves neither the largest nor the smallest.
    ``r_i`` then brings row ``i``'s largest entry into [0.5, 1). Both are read off the
    float64 exponents, so nothing is rounded or overflows on the way.
    """
    E = np.frexp(np.abs(A))[1].astype(np.int64)  # exponent of every entry (0 for a 0)
    nonzero = A != 0
    low = np.iinfo(np.int64).min
    col = np.where(nonzero, E, low).max(axis=0)
    zero_col = col == low
    top = int(col[~zero_col].max()) if not zero_col.all() else 0
    col = np.where(zero_col, top, np.maximum(col, top - col_spread))
    row = np.where(nonzero, E - col[None, :], low).max(axis=1)
    row = np.where(row == low, 0, row)
    return col, row


def _backward_error(A, x, y):
    r"""Float64 value of :math:`\|Ax - y\|_\infty / (\|A\|_\infty\|x\|_\infty + \|y\|_\infty)`.

    ``A``, ``x`` and ``y`` are first scaled by powers of two, which leave the ratio unchanged
    and, short of underflow, every rounding too: then no product or row sum overflows, and
    the value is that of the unscaled float64 evaluation wherever that one does not overflow.
    """
    a_max, x_max, y_max = (float(np.max(np.abs(v))) for v in (A, x, y))
    if (a_max == 0 or x_max == 0) and y_max == 0:
        return 0.0
    ea = int(np.frexp(a_max)[1])
    ex = int(np.frexp(x_max)[1])
    As, xs = np.ldexp(A, -ea), np.ldexp(x, -ex)  # largest |entry| in [0.5, 1), or all 0
    a_norm = float(np.max(np.abs(As).sum(axis=1)))  # ‖A‖∞ · 2**-ea, at most n_features
    # a common scale 2**-top for ‖A‖‖x‖ and ‖y‖, so that the larger of the two is below
    # n_features; the smaller may underflow, where it is negligible next to the larger
    # (with x = 0 only y counts: ea + ex would then be a meaningless scale)
    ey = int(np.frexp(y_max)[1]) if y_max else ea + ex
    top = ey if x_max == 0 else max(ea + ex, ey)
    with np.errstate(under="ignore"):
        r = np.ldexp(As @ xs, ea + ex - top) - np.ldexp(y, -top)
        denominator = float(np.ldexp(a_norm * float(np.max(np.abs(xs))), ea + ex - top))
        denominator += float(np.ldexp(y_max, -top))
    return float(np.max(np.abs(r)) / denominator)


def _solve_scaled(linprog, A64, y, col_spread, options):
    """Solve the scaled LP with HiGHS; ``(x, nu, message, n_iter)`` mapped back, unchecked.

    Column ``j`` of ``A`` is scaled by ``2**-c_j`` and then row ``i`` by ``2**-r_i`` (see
    :func:`_scaling_exponents`), in one ldexp, then ``y`` (after the row scaling) by
    ``2**-s``: exact in float64 short of underflow. The substitution
    ``x_j = 2**(s - c_j) u_j`` turns ``min sum |x_j|`` into ``min sum 2**(cmin - c_j) |u_j|``
    up to the factor ``2**(s - cmin)``, and the LP's solution ``u`` and dual ``nu''`` map
    back exactly to ``x_j = 2**(s - c_j) u_j`` and ``nu = 2**-cmin diag(2**-r) nu''``.
    """
    col_exp, row_exp = _scaling_exponents(A64, col_spread)
    total_exp = col_exp[None, :] + row_exp[:, None]
    with np.errstate(under="ignore"):
        A_lp = np.ldexp(A64, -total_exp)
    c_min = int(col_exp.min())
    weights = np.ldexp(1.0, c_min - col_exp)  # in [2**-col_spread, 1]
    # the exponent of y after the row scaling, found without forming that (it may overflow)
    y_row_exp = _exponents(np.abs(y)) - row_exp
    y_exp = int(y_row_exp[y != 0].max()) if np.any(y) else 0
    with np.errstate(under="ignore"):
        y_lp = np.ldexp(y, -row_exp - y_exp)  # one scaling, one rounding at most
    res = linprog(
        np.concatenate([weights, weights]),
        A_eq=np.hstack([A_lp, -A_lp]),
        b_eq=y_lp,
        bounds=(0, None),
        method="highs",
        # a dense system: presolve finds nothing to remove
        options={"presolve": False, **options},
    )
    message = res.message.strip()
    if res.status == 2 and "infeasible" in message.lower():
        n_small = int(np.count_nonzero((A_lp != 0) & (np.abs(A_lp) <= _HIGHS_SMALL)))
        if n_small:
            raise ValueError(
                "HiGHS finds the linear program infeasible, but it drops matrix entries of "
                f"size 1e-9 and below, and {n_small} entries of the scaled A are that small "
                "(entries far below the largest of both their row and their column), so "
                f"Ax = y may still have a solution ({message})"
            )
        raise ValueError(
            "Ax = y has no solution: HiGHS finds the linear program infeasible, so y is not "
            f"in the range of A to within its feasibility tolerance ({message})"
        )
    if res.status == 2:  # HiGHS's "model error"; the scaling above should prevent it
        raise RuntimeError(f"HiGHS refused the scaled linear program: {message}")
    if res.x is None or res.eqlin is None:
        raise RuntimeError(f"HiGHS returned no solution: {message}")
    n_features = A64.shape[1]
    with np.errstate(over="ignore"):
        x = np.ldexp(res.x[:n_features] - res.x[n_features:], y_exp - col_exp)
        nu = np.ldexp(np.asarray(res.eqlin.marginals, dtype=np.float64), -row_exp - c_min)
    if not (np.isfinite(x).all() and np.isfinite(nu).all()):
        raise ValueError(
            "the solution or its dual certificate has entries beyond the range of float64 "
            "(y is too large for the scale of A, or rows of A are too small)"
        )
    return x, nu, message, res.nit


def _certify(A64, x, nu, y, dtype, tol):
    """``(coef, nu, residual, backward_error, gap, converged)``, checked in float64."""
    coef = x.astype(dtype)
    x = coef.astype(np.float64)
    residual = np.max(np.abs(A64 @ x - y))
    backward_error = _backward_error(A64, x, y)
    with np.errstate(over="ignore"):
        nu = nu / max(1.0, float(np.max(np.abs(A64.T @ nu))))
    l1 = np.abs(x).sum()
    gap = l1 - y @ nu
    converged = bool(backward_error <= tol and abs(gap) <= tol * l1)
    return coef, nu, residual, backward_error, gap, converged


def _badness(certified, tol):
    """How far a ``_certify`` answer is from certification (``<= 1``: certified)."""
    _, _, _, backward_error, gap, _ = certified
    l1 = float(np.abs(certified[0].astype(np.float64)).sum())
    relative_gap = abs(gap) / l1 if l1 else abs(gap)
    value = max(backward_error, relative_gap) / tol
    return value if value == value else math.inf


def basis_pursuit(A, y, *, tol=None):
    r"""Find the solution of ``Ax = y`` with the smallest L1 norm (basis pursuit).

    With fewer independent equations than unknowns, ``Ax = y`` has infinitely many solutions.
    The one that least squares picks (the minimum-ℓ2-norm solution) is generically dense; a
    solution of smallest :math:`\|x\|_1` can always be found at a vertex of the linear
    program's feasible set (when ``Ax = y`` is solvable), with at most ``n_samples``
    non-zeros, and this function returns one. When ``y = A x_0``
    for a sparse :math:`x_0` and ``A`` is Gaussian with enough rows, that solution is
    :math:`x_0` itself with high probability (see the gallery's "When are the zeros the right
    zeros?" pages). Here ``A`` plays the role of ``X`` and ``x``
    of the weights ``w`` in the site's notation.

    Parameters
    ----------
    A : array-like of shape (n_samples, n_features)
        Measurement matrix (dense). float32 and float64 are kept for the solution; other real
        dtypes become float64. The linear program is solved in float64.
    y : array-like of shape (n_samples,)
        Right-hand side (measurements).
    tol : float, default=None
        Tolerance of the certificate, at least ``2**-52`` (the spacing of float64 numbers
        at 1): ``converged`` requires a relative backward error and a relative duality gap,
        both as evaluated in float64, at most ``tol``. Smaller values are refused, and a
        ``tol`` near the bound certifies less than it says: those evaluations carry rounding
        errors of up to about :math:`(k+1) 2^{-53}` in relative terms (:math:`k` =
        ``n_features``, the length of the dot products; see ``backward_error``). ``None``
        means ``1e-9`` for float64 ``A`` and ``1e-5`` for float32 ``A`` (whose solution is
        rounded to float32).

    Returns
    -------
    result : BasisPursuitResult
        ``coef`` (the solution ``x``), ``dual`` (:math:`\nu`), ``primal_residual``,
        ``backward_error``, ``dual_gap``, ``converged``, ``n_iter`` and ``message``.

    Raises
    ------
    ValueError
        For NaN or infinite entries, mismatched shapes, an empty ``A``, a ``tol`` below
        ``2**-52`` (or not a number); when HiGHS finds the linear program infeasible, which
        it does for a ``y`` far enough outside the range of ``A`` (HiGHS's own verdict, with
        its absolute tolerances, on the scaled problem described in the Notes: no cutoff on
        the distance of ``y`` from the range is promised), and may do for a solvable system
        when the scaled ``A`` has non-zero entries of size ``1e-9`` and below, which HiGHS
        drops (the message then says so); and when the solution or its dual is beyond
        float64's range. A ``y`` only slightly
        outside the range is not refused: the result is then a solution of a nearby system,
        as its ``backward_error`` says, and ``converged`` is true when that error is at most
        ``tol`` (``A = [[1, 1], [1, 1]]``, ``y = [1, 1 + d]``: certified for ``d = 1e-9``,
        a :class:`~sparsenorm.ConvergenceWarning` for ``d = 1e-8``, refused for
        ``d = 1e-6``).
    TypeError
        For complex, non-numeric or sparse input.
    RuntimeError
        When HiGHS stops without returning a point, or reports a model error.

    Notes
    -----
    The problem and its linear program, with :math:`x = u - v`:

    .. math::

        \min_x \|x\|_1 \ \text{ subject to } Ax = y
        \quad = \quad
        \min_{u, v \ge 0} \mathbf{1}^\top (u + v) \ \text{ subject to } A(u - v) = y .

    Its dual is :math:`\max_\nu y^\top \nu` subject to :math:`\|A^\top\nu\|_\infty \le 1`.
    For every exact solution ``z`` and every dual-feasible :math:`\nu`,
    :math:`y^\top\nu = z^\top A^\top\nu \le \|z\|_1` (weak duality), so ``x`` is a minimiser
    exactly when :math:`Ax = y` and :math:`\|x\|_1 = y^\top\nu` for some such :math:`\nu`;
    equivalently :math:`A^\top\nu` is a subgradient of :math:`\|\cdot\|_1` at ``x``
    (:math:`\pm 1` on the non-zeros of ``x``, in :math:`[-1, 1]` elsewhere).

    HiGHS uses absolute thresholds (it rejects matrix entries of size ``1e15`` and above,
    drops those of size ``1e-9`` and below, reads right-hand sides of ``1e20`` and above as
    infinite, and its feasibility tolerance is ``1e-7``), so it is given a scaled copy. Column
    :math:`j` of ``A`` is multiplied by :math:`2^{-c_j}`, the power of two that brings its
    largest :math:`|a_{ij}|` into :math:`[1/2, 1)` (but :math:`c_j` at most 100 below the
    largest :math:`c`, and an all-zero column gets the largest :math:`c` of the others);
    then each row of ``A`` and ``y`` by the power of two that brings the row's largest entry
    into :math:`[1/2, 1)`, and ``y`` by the power of two :math:`2^{-s}`
    that brings its largest entry there. With :math:`x_j = 2^{s - c_j} u_j` the objective
    becomes :math:`2^{s - c_{\min}} \sum_j 2^{c_{\min} - c_j} |u_j|`, so the linear program
    weighs :math:`|u_j|` by :math:`2^{c_{\min} - c_j} \in [2^{-100}, 1]`. Multiplying by a
    power of two is exact in float64 unless the result falls below :math:`2^{-1022}`, and the
    solution and dual of the scaled problem map back to ``coef`` and ``dual`` by powers of
    two again; a solution entry below float64's smallest subnormal :math:`2^{-1074}` is
    returned as ``0`` (``basis_pursuit([[1e200, 3e200]], [1e-160])``, whose solution is
    about ``3.3e-361``, returns ``coef = [0, 0]`` with ``backward_error`` 1 and a
    :class:`~sparsenorm.ConvergenceWarning`). An entry far below the largest entries of
    both its row and its column, or in a column scaled less than it needs (the limit of 100
    on the spread of :math:`c`), can stay below ``1e-9`` after the scaling and is then
    dropped: ``[[1, 1e-10], [1, 0]] x = [1, 0]`` is solved (``x = [0, 1e10]``), but
    ``[[1, 1e-300], [1, 0]] x = [1, 0]`` is refused, with a message that says so.

    *Columns of very different scales.* The weights :math:`2^{c_{\min} - c_j}` of columns
    far smaller than the largest fall below HiGHS's absolute dual feasibility tolerance
    (``1e-7``), where HiGHS may stop at a point that is not optimal; with columns whose
    scales differ by more than about ``1e7`` that can happen. When the first answer is not
    certified, the problem is therefore solved a second time, with :math:`c_j` at most 20
    below the largest :math:`c` (weights at least :math:`2^{-20} \approx 10^{-6}`, the rest
    of the spread left in the scaled matrix) and HiGHS's primal and dual feasibility
    tolerances at their smallest allowed value, ``1e-10``; the second answer replaces the
    first only if it is closer to certification (and a second solve that fails or finds the
    problem infeasible changes nothing). That recovers many such problems, not all: columns
    whose scales differ by more than about ``1e7`` may still come back uncertified, with a
    :class:`~sparsenorm.ConvergenceWarning`. Either way ``converged`` is decided by the
    float64 check below, never by HiGHS's status.

    The result checks both conditions at the returned ``coef`` in float64 instead of trusting
    the solver's status: the constraint through the backward error :math:`\eta`, optimality
    through the dual vector HiGHS returns (the marginals of the equality constraints),
    divided by :math:`\max(1, \|A^\top\nu\|_\infty)` so that it is dual feasible. With
    ``converged`` true, :math:`(1 - \text{tol})\|x\|_1 \le y^\top\nu \le \min\|z\|_1`: no
    exact solution has an L1 norm more than a factor :math:`1 - \text{tol}` below ``x``'s
    (up to the rounding of these float64 evaluations). Nothing is claimed about how close
    ``x`` is to the minimiser: that depends on the conditioning of the problem.

    HiGHS's optimum is a vertex (a basic solution, from the simplex method or after the
    crossover of its interior-point method): at most ``n_samples`` entries are not exactly
    ``0.0``, and some of those may be at rounding level.

    References
    ----------
    S. S. Chen, D. L. Donoho, M. A. Saunders, "Atomic decomposition by basis pursuit", SIAM
    Journal on Scientific Computing 20(1), 1998.
    Q. Huangfu, J. A. J. Hall, "Parallelizing the dual revised simplex method", Mathematical
    Programming Computation 10, 2018 (HiGHS).
    J. L. Rigal, J. Gaches, "On the compatibility of a given solution with the data of a
    linear system", Journal of the ACM 14(3), 1967.

    Examples
    --------
    Two equations, three unknowns: :math:`x_1 + x_2 = 1`, :math:`x_2 + x_3 = 1`. The
    minimum-ℓ2-norm solution is dense; basis pursuit puts everything on the shared unknown.

    >>> import numpy as np
    >>> from sparsenorm import basis_pursuit
    >>> A = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    >>> res = basis_pursuit(A, [1.0, 1.0])
    >>> print(res.coef, res.converged)
    [0. 1. 0.] True
    >>> print(np.round(np.linalg.pinv(A) @ [1.0, 1.0], 4))
    [0.3333 0.6667 0.3333]
    """
    A = check_design(A, "A", accept_sparse=False)
    n_samples, n_features = A.shape
    if n_samples == 0 or n_features == 0:
        raise ValueError(
            f"A must have at least one row and one column, got an array of shape {A.shape}"
        )
    y = _check_y(y, n_samples)
    dtype = result_dtype(A.dtype)
    if tol is None:
        tol = _DEFAULT_TOL[dtype]
    tol = check_nonnegative_scalar(tol, "tol", strictly_positive=True)
    if tol < _EPS:
        raise ValueError(
            f"tol must be at least 2**-52 = {_EPS:.3e} (float64's relative precision, below "
            f"which the certificate's own rounding dominates), got {tol!r}"
        )

    from scipy.optimize import linprog

    A64 = A.astype(np.float64)
    # HiGHS works with absolute thresholds (it rejects matrix entries >= 1e15 and treats
    # |b| >= 1e20 as infinite, drops entries <= 1e-9, and its feasibility tolerances are
    # 1e-7), so the LP it sees is scaled by powers of two (see _solve_scaled). A first solve
    # with HiGHS's defaults; only if its answer is not certified, a second one with a spread
    # of cost weights kept well above HiGHS's tightest dual tolerance and both tolerances
    # at that tightest value (columns of very different scales). Each answer is checked in
    # float64 below, so the second solve can only replace an uncertified answer.
    x, nu, message, n_iter = _solve_scaled(linprog, A64, y, _COL_SPREAD, {})
    best = _certify(A64, x, nu, y, dtype, tol)
    if not best[-1]:
        try:
            retry = _solve_scaled(linprog, A64, y, _RETRY_COL_SPREAD, _RETRY_OPTIONS)
        except (ValueError, RuntimeError):  # the first answer stands, with its warning
            retry = None
        if retry is not None:
            candidate = _certify(A64, retry[0], retry[1], y, dtype, tol)
            if _badness(candidate, tol) < _badness(best, tol):
                best = candidate
                x, nu, message, n_iter = retry
    coef, nu, residual, backward_error, gap, converged = best
    if not converged:
        l1 = np.abs(coef.astype(np.float64)).sum()
        warnings.warn(
            f"basis pursuit not certified: backward error {backward_error:.3e} and relative "
            f"duality gap {abs(gap) / l1 if l1 else abs(gap):.3e}, tolerance {tol:.3e} "
            f"(HiGHS: {message})",
            ConvergenceWarning,
            stacklevel=2,
        )
    return BasisPursuitResult(
        coef=coef,
        dual=nu,
        primal_residual=np.float64(residual),
        backward_error=np.float64(backward_error),
        dual_gap=np.float64(gap),
        converged=converged,
        n_iter=int(n_iter),
        message=message,
    )
