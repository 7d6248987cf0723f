"""basis_pursuit: bad input, dtypes, and its certificate checked against independent computations.

Independent references: a brute-force search over supports for tiny problems (an optimal
vertex has linearly independent support columns, so the minimum over those supports is the
minimum), exact rational arithmetic for the certificate, and the Lasso (scikit-learn's
objective) as its strength goes to zero.
"""

import itertools
import os
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sparsenorm as sn
from sparsenorm import ConvergenceWarning, basis_pursuit

EXAMPLES = int(os.environ.get("SPARSENORM_FUZZ_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=EXAMPLES or 60,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def gaussian_problem(seed, n, N, k):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, N)) / np.sqrt(n)
    x0 = np.zeros(N)
    support = rng.choice(N, size=k, replace=False)
    x0[support] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(0.5, 2.0, size=k)
    return A, x0, A @ x0


def brute_force_min_l1(A, y):
    """Smallest ‖x‖₁ over the solutions of Ax = y supported on independent columns."""
    N = A.shape[1]
    rank = np.linalg.matrix_rank(A)
    best = np.inf if np.any(y) else 0.0
    for size in range(1, rank + 1):
        for support in itertools.combinations(range(N), size):
            cols = A[:, support]
            if np.linalg.matrix_rank(cols) < size:
                continue
            xs = np.linalg.lstsq(cols, y, rcond=None)[0]
            if np.max(np.abs(cols @ xs - y)) <= 1e-9 * (1 + np.max(np.abs(y))):
                best = min(best, np.abs(xs).sum())
    return best


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("A", "y", "error", "match"),
    [
        ([[1.0, np.nan]], [1.0], ValueError, "A contains NaN"),
        ([[1.0, np.inf]], [1.0], ValueError, "A contains infinity"),
        ([[1.0, 2.0]], [np.nan], ValueError, "y contains NaN"),
        ([[1.0, 2.0]], [-np.inf], ValueError, "y contains infinity"),
        ([1.0, 2.0], [1.0], ValueError, "A must be a 2-D"),
        ([[1.0, 2.0]], [[1.0]], ValueError, "y must be a 1-D"),
        ([[1.0, 2.0]], [1.0, 2.0], ValueError, "A has 1 rows, y has 2"),
        (np.zeros((0, 3)), np.zeros(0), ValueError, "A must have at least one row"),
        (np.zeros((2, 0)), np.zeros(2), ValueError, "A must have at least one row"),
        ([[1.0 + 1j, 2.0]], [1.0], TypeError, "A must be real-valued"),
        ([["a", "b"]], [1.0], TypeError, "A must be a numeric"),
        ([[1.0, 2.0]], ["a"], TypeError, "y must be a numeric"),
        ([[1.0, 2.0]], [1.0 + 0j], TypeError, "y must be real-valued"),
        ([[1.0, 2.0], [1.0]], [1.0, 1.0], TypeError, "A must be a numeric"),
        ([[1.0, 1.0], [1.0, 1.0]], [1.0, 2.0], ValueError, "y is not in the range of A"),
        ([[0.0, 0.0]], [1.0], ValueError, "y is not in the range of A"),
    ],
)
def test_bad_input_raises_a_clear_error(A, y, error, match):
    with pytest.raises(error, match=match):
        basis_pursuit(A, y)


@pytest.mark.parametrize("tol", [0.0, -1e-3, np.nan, np.inf])
def test_bad_tol(tol):
    with pytest.raises(ValueError, match="tol must"):
        basis_pursuit([[1.0, 2.0]], [1.0], tol=tol)


@pytest.mark.parametrize("tol", ["1e-6", True, [1e-6]])
def test_non_numeric_tol(tol):
    with pytest.raises(TypeError, match="tol must be a real number"):
        basis_pursuit([[1.0, 2.0]], [1.0], tol=tol)


def test_sparse_input_is_refused_by_name():
    scipy_sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match="A must be a dense array"):
        basis_pursuit(scipy_sparse.csr_matrix(np.eye(2)), [1.0, 1.0])


def test_inputs_are_not_mutated_and_read_only_inputs_work():
    A, _, y = gaussian_problem(0, 5, 12, 2)
    A_copy, y_copy = A.copy(), y.copy()
    A.flags.writeable = False
    y.flags.writeable = False
    res = basis_pursuit(A, y)
    assert res.converged
    np.testing.assert_array_equal(A, A_copy)
    np.testing.assert_array_equal(y, y_copy)
    res_t = basis_pursuit(np.asfortranarray(A), y[::1])
    np.testing.assert_array_equal(res_t.coef, res.coef)


# -- dtypes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "expected"),
    [
        (np.float64, np.float64),
        (np.float32, np.float32),
        (np.float16, np.float64),
        (np.int64, np.float64),
        (np.uint8, np.float64),
        (np.bool_, np.float64),
        (np.dtype(">f8"), np.float64),
        (np.longdouble, np.float64),
    ],
)
def test_dtype_policy(dtype, expected):
    A = np.array([[1, 1, 0], [0, 1, 1]], dtype=dtype)
    res = basis_pursuit(A, np.array([1, 1], dtype=dtype))
    assert res.coef.dtype == expected
    assert res.dual.dtype == np.float64
    assert res.converged
    np.testing.assert_array_equal(res.coef, [0.0, 1.0, 0.0])


def test_float32_solution_is_certified_after_rounding():
    A, x0, _ = gaussian_problem(3, 20, 50, 3)
    A32 = A.astype(np.float32)
    y = A32.astype(np.float64) @ x0
    res = basis_pursuit(A32, y)
    assert res.coef.dtype == np.float32 and res.converged
    # the certificate is that of the float32 solution, re-evaluated in float64 here
    x = res.coef.astype(np.float64)
    A64 = A32.astype(np.float64)
    assert res.primal_residual == np.max(np.abs(A64 @ x - y))
    np.testing.assert_allclose(x, x0, atol=1e-5)


def test_longdouble_beyond_float64_is_refused():
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("longdouble is float64 on this platform")
    big = np.array([np.finfo(np.longdouble).max], dtype=np.longdouble)
    with pytest.raises(ValueError, match="y has entries beyond the range of float64"):
        basis_pursuit(np.ones((1, 2)), big)


# -- the certificate -----------------------------------------------------------------------


def check_certificate(res, A, y, tol):
    """Re-derive every certified quantity independently (exact rationals where it matters)."""
    x = res.coef.astype(np.float64)
    # constraint: the backward error, recomputed from its definition
    r = max(abs(float(v)) for v in (A @ x - y)) if y.size else 0.0
    assert res.primal_residual == pytest.approx(r, rel=1e-12, abs=1e-300)
    scale = np.abs(A).sum(axis=1).max() * np.abs(x).max() + np.abs(y).max()
    eta = r / scale if scale > 0 else 0.0
    assert res.backward_error == pytest.approx(eta, rel=1e-12, abs=1e-300)
    # dual feasibility and the gap, in exact rational arithmetic on the float values
    nu = [Fraction(float(v)) for v in res.dual]
    At_nu = [sum(Fraction(float(a)) * v for a, v in zip(col, nu, strict=True)) for col in A.T]
    # ν is HiGHS's dual divided by max(1, fl(‖Aᵀν‖∞)); a float64 dot product of length n
    # errs by at most γ_n Σ|a_ij||ν_i| (γ_m = m u / (1 − m u), u = 2^-53, Higham, Accuracy
    # and Stability, §3.1), and the division and max add two roundings: so the exact
    # ‖Aᵀν‖∞ exceeds 1 by at most γ_{n+2} max_j Σ_i |a_ij||ν_i| (measured: at most 0.18
    # of it, 5e-16 in absolute terms, over 150 random problems)
    u = Fraction(1, 2**53)
    gamma = (len(y) + 2) * u / (1 - (len(y) + 2) * u)
    mag = max(sum(abs(Fraction(float(a))) * abs(v) for a, v in zip(col, nu, strict=True))
              for col in A.T)  # fmt: skip
    assert max(abs(v) for v in At_nu) <= max(1, 1 + gamma * mag)
    l1 = sum(abs(Fraction(float(v))) for v in x)
    lower = sum(Fraction(float(b)) * v for b, v in zip(y, nu, strict=True))
    # the gap is a difference of two float64 sums, ‖x‖₁ and yᵀν: their rounding is relative
    # to ‖x‖₁ and to Σ|y_i ν_i| (which exceeds ‖x‖₁ when yᵀν cancels: columns of very
    # different scales)
    magnitude = max(float(l1), float(np.abs(y) @ np.abs(res.dual)))
    slack = 1e-12 * magnitude + 1e-300
    assert float(l1 - lower) == pytest.approx(float(res.dual_gap), rel=1e-6, abs=slack)
    if res.converged:
        assert eta <= tol
        assert abs(l1 - lower) <= Fraction(tol) * l1 * (1 + Fraction(1, 10**9))


@PROPERTY
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 4),
    extra=st.integers(0, 3),
    scale=st.sampled_from([1e-3, 1.0, 1e3]),
)
def test_solution_is_optimal_against_brute_force(seed, n, extra, scale):
    rng = np.random.default_rng(seed)
    N = n + extra
    A = rng.standard_normal((n, N)) * scale
    y = A @ rng.standard_normal(N)  # a feasible right-hand side, not necessarily sparse
    res = basis_pursuit(A, y)
    assert res.converged
    check_certificate(res, A, y, 1e-9)
    best = brute_force_min_l1(A, y)
    assert np.abs(res.coef).sum() == pytest.approx(best, rel=1e-8)
    assert np.count_nonzero(res.coef) <= n  # a vertex


@PROPERTY
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.tuples(st.integers(1, 4), st.integers(1, 6)),
    zero_rows=st.booleans(),
)
def test_integer_designs_rank_deficient_or_not(seed, shape, zero_rows):
    """Small integer matrices (often rank-deficient) with consistent integer right-hand sides."""
    rng = np.random.default_rng(seed)
    A = rng.integers(-3, 4, size=shape).astype(np.float64)
    if zero_rows:
        A[0] = 0.0
    y = A @ rng.integers(-3, 4, size=shape[1])
    res = basis_pursuit(A, y)
    check_certificate(res, A, y, 1e-9)
    assert res.converged
    assert np.abs(res.coef).sum() == pytest.approx(brute_force_min_l1(A, y), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("tol", [1e-17, 2.0**-53, np.nextafter(2.0**-52, 0)])
def test_tol_below_float64_precision_is_refused(tol):
    # before: tol = 1e-17 was accepted, and converged could say more than float64
    # evaluations of the backward error and the gap can prove
    with pytest.raises(ValueError, match=r"tol must be at least 2\*\*-52"):
        basis_pursuit([[1.0, 2.0]], [1.0], tol=tol)


@pytest.mark.parametrize("tol", [2.0**-52, 1e-14, 1e-9])
def test_converged_says_exactly_what_was_checked(tol):
    A, _, y = gaussian_problem(1, 30, 80, 8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = basis_pursuit(A, y, tol=tol)
    expected = res.backward_error <= tol and abs(res.dual_gap) <= tol * np.abs(res.coef).sum()
    assert res.converged == expected
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    assert warned == (not res.converged)
    check_certificate(res, A, y, tol)


def _tampered_linprog(monkeypatch, change):
    import scipy.optimize

    real = scipy.optimize.linprog

    def fake(*args, **kwargs):
        res = real(*args, **kwargs)
        change(res)
        return res

    monkeypatch.setattr(scipy.optimize, "linprog", fake)


@pytest.mark.parametrize(
    "change",
    [
        lambda res: res.x.__setitem__(0, res.x[0] + 1e-3),  # violates Ax = y
        lambda res: res.x.__setitem__(slice(None), 2 * res.x),  # infeasible and too long
        lambda res: res.eqlin.__setitem__("marginals", 0 * res.eqlin.marginals),  # no dual
        lambda res: res.eqlin.__setitem__("marginals", 0.5 * res.eqlin.marginals),  # weak dual
    ],
    ids=["primal-shifted", "primal-doubled", "dual-zero", "dual-halved"],
)
def test_a_wrong_answer_from_the_engine_is_not_certified(monkeypatch, change):
    A, _, y = gaussian_problem(2, 10, 25, 2)
    _tampered_linprog(monkeypatch, change)
    with pytest.warns(ConvergenceWarning, match="not certified"):
        res = basis_pursuit(A, y)
    assert not res.converged
    check_certificate(res, A, y, 1e-9)


def test_zero_right_hand_side_gives_zero():
    res = basis_pursuit(np.random.default_rng(0).standard_normal((3, 7)), np.zeros(3))
    assert res.converged and not np.any(res.coef)
    assert res.dual_gap == 0 and res.backward_error == 0


# -- exact recovery and the Lasso as alpha -> 0 --------------------------------------------


def strict_certificate_margin(A, support, signs):
    """min over ν with A_Sᵀν = s of max_{j∉S} |a_jᵀν|; < 1 (with A_S injective) ⇔ unique."""
    from scipy.optimize import linprog

    n, N = A.shape
    off = np.setdiff1d(np.arange(N), support)
    # variables (ν, t): minimise t subject to ±A_offᵀν ≤ t and A_Sᵀν = s
    c = np.r_[np.zeros(n), 1.0]
    ones = np.ones((off.size, 1))
    A_ub = np.block([[A[:, off].T, -ones], [-A[:, off].T, -ones]])
    A_eq = np.c_[A[:, support].T, np.zeros(support.size)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(2 * off.size), A_eq=A_eq, b_eq=signs,
                  bounds=[(None, None)] * n + [(0, None)], method="highs-ipm")  # fmt: skip
    assert res.status == 0
    return res.fun


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1))
def test_recovers_the_sparse_vector_when_it_is_the_unique_solution(seed):
    A, x0, y = gaussian_problem(seed, 20, 40, 3)
    support = np.flatnonzero(x0)
    margin = strict_certificate_margin(A, support, np.sign(x0[support]))
    assume(margin < 1 - 1e-6)  # x0 is the unique minimiser (A_S has full rank almost surely)
    res = basis_pursuit(A, y)
    assert res.converged
    np.testing.assert_allclose(res.coef, x0, rtol=0, atol=1e-10)


def lasso_support_condition(A, support, signs):
    """max_{j∉S} |a_jᵀ A_S (A_SᵀA_S)⁻¹ s|: below 1, the Lasso keeps support S as α → 0."""
    cols = A[:, support]
    nu = cols @ np.linalg.solve(cols.T @ cols, signs)  # least-squares certificate
    off = np.setdiff1d(np.arange(A.shape[1]), support)
    return np.abs(A[:, off].T @ nu).max()


@settings(PROPERTY, max_examples=EXAMPLES or 15)
@given(seed=st.integers(0, 2**32 - 1))
def test_matches_the_lasso_as_alpha_goes_to_zero(seed):
    """scikit-learn's Lasso objective is (1/(2n))‖y − Ax‖² + α‖x‖₁.

    Its optimality condition Aᵀ(y − Ax_α) = nα·s with s ∈ ∂‖x_α‖₁ says that
    ν_α = (y − Ax_α)/(nα) is a dual-feasible vector of basis pursuit. When the least-squares
    certificate ν = A_S(A_SᵀA_S)⁻¹s is strict (checked; it makes the basis-pursuit solution
    unique), the Lasso keeps the support S and signs s of x_BP for small α, and then
    x_α = x_BP − nα (A_SᵀA_S)⁻¹ s on S (linear in α, zero off S) and yᵀν_α = ‖x_BP‖₁ exactly.
    """
    n, N = 15, 30
    A, x0, y = gaussian_problem(seed, n, N, 2)
    support = np.flatnonzero(x0)
    signs = np.sign(x0[support])
    assume(lasso_support_condition(A, support, signs) < 0.9)
    bp = basis_pursuit(A, y)
    assert bp.converged
    np.testing.assert_allclose(bp.coef, x0, rtol=0, atol=1e-10)  # unique, so recovered
    l1 = np.abs(bp.coef).sum()
    shift = n * np.linalg.solve(A[:, support].T @ A[:, support], signs)
    for alpha in (1e-3, 1e-4, 1e-5):
        fit = sn.lasso(A, y, alpha=alpha, fit_intercept=False, tol=1e-15, max_iter=100_000)
        assert fit.converged
        expected = bp.coef.astype(np.float64)
        expected[support] -= alpha * shift
        np.testing.assert_allclose(fit.coef, expected, rtol=0, atol=1e-9 * l1)
        np.testing.assert_array_equal(np.flatnonzero(fit.coef), support)
        nu = (y - A @ fit.coef) / (n * alpha)
        assert np.abs(A.T @ nu).max() <= 1 + 1e-6
        assert y @ nu == pytest.approx(l1, rel=1e-6)


# -- scaling (HiGHS's absolute thresholds) -------------------------------------------------

SCALES = [2.0**-1000, 1e-200, 1e-100, 1e-20, 1e-10, 1e-5, 1.0, 1e5, 1e10, 1e15, 1e20, 1e100, 1e200]


@pytest.mark.parametrize("s", SCALES)
def test_invertible_system_is_solved_at_every_scale(s):
    # before: at s >= 1e15 HiGHS's "model error" was read as "y not in the range of A", and
    # at s <= 1e-10 its absolute feasibility tolerance accepted x = 0 (converged=False)
    A = s * np.array([[1.0, 2.0], [3.0, 1.0]])
    y = A @ np.array([1.0, -2.0])  # exact: A's entries are s, 2s, 3s and the sums are exact
    res = basis_pursuit(A, y)
    assert res.converged
    np.testing.assert_allclose(res.coef, [1.0, -2.0], rtol=1e-14, atol=0)
    check_certificate(res, A, y, 1e-9)


@pytest.mark.parametrize("s", SCALES)
@pytest.mark.parametrize("t", [1e-150, 1.0, 1e150])
def test_sparse_recovery_is_scale_invariant(s, t):
    """Scaling A by s and y by t scales the minimiser by t/s: checked against x0 itself."""
    A, x0, y = gaussian_problem(7, 20, 50, 3)
    support = np.flatnonzero(x0)
    assert strict_certificate_margin(A, support, np.sign(x0[support])) < 1 - 1e-3  # unique
    with np.errstate(over="ignore", under="ignore"):
        expected = (x0 * t) / s
    if not np.isfinite(expected).all() or np.abs(expected[support]).min() < 1e-290:
        pytest.skip("the minimiser is outside float64's normal range")
    res = basis_pursuit(A * s, y * t)
    assert res.converged
    np.testing.assert_allclose(res.coef, expected, rtol=1e-9, atol=0)
    check_certificate(res, A * s, y * t, 1e-9)


def test_solution_beyond_float64_range_is_refused():
    with pytest.raises(ValueError, match="beyond the range of float64"):
        basis_pursuit([[1e-300, 0.0]], [1e300])


def test_backward_error_does_not_overflow_near_the_float64_limit():
    # ‖A‖∞ overflows in float64, which would give backward error 0 for any x;
    # the power-of-two scaling keeps it finite, and here the solution is exact
    big = 2.0**1023  # ‖A‖∞ = 2**1024 is just past float64's largest number
    A = np.array([[big, big], [0.0, big]])
    res = basis_pursuit(A, [big, big / 2])
    assert res.converged
    np.testing.assert_array_equal(res.coef, [0.5, 0.5])
    assert res.backward_error == 0.0
    tampered = np.array([0.5, 0.25])  # residual big / 4 in row 2: eta = (1/4)/(2 * 1/2 + 1)
    from sparsenorm.solvers._basis_pursuit import _backward_error

    assert _backward_error(A, tampered, np.array([big, big / 2])) == 0.125


def test_model_error_is_not_read_as_infeasibility(monkeypatch):
    def change(res):
        res.status, res.message, res.x = 2, "(HiGHS Status 2: Model error)", None

    _tampered_linprog(monkeypatch, change)
    with pytest.raises(RuntimeError, match="Model error"):
        basis_pursuit([[1.0, 2.0]], [1.0])


@pytest.mark.parametrize(
    ("d", "outcome"), [(1e-12, "certified"), (1e-9, "certified"), (1e-8, "warned"),
                       (1e-6, "refused")]
)  # fmt: skip
def test_y_slightly_outside_the_range_gives_a_nearby_system(d, outcome):
    """What the Raises section says: only HiGHS's infeasibility verdict raises."""
    A, y = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([1.0, 1.0 + d])
    if outcome == "refused":
        with pytest.raises(ValueError, match="infeasible"):
            basis_pursuit(A, y)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = basis_pursuit(A, y)
    assert res.converged == (outcome == "certified")
    assert any(issubclass(w.category, ConvergenceWarning) for w in caught) == (outcome == "warned")
    # no exact solution exists: the least residual is d/2 in each row, at x1 + x2 = 1 + d/2
    x = res.coef
    eta_floor = (Fraction(d) / 2) / (2 * Fraction(float(np.abs(x).max())) + Fraction(1 + d))
    assert res.backward_error >= float(eta_floor) * (1 - 1e-9)
    check_certificate(res, A, y, 1e-9)


def test_stored_backward_error_is_a_float64_evaluation():
    """The docstring's example: the stored value is 0, the exact residual is -2**-54."""
    res = basis_pursuit([[3.0]], [1.0])
    assert res.backward_error == 0.0
    assert 3 * Fraction(float(res.coef[0])) - 1 == Fraction(-1, 2**54)


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(3, 8), (10, 25), (20, 60)]))
def test_exact_backward_error_is_within_the_documented_rounding(seed, shape):
    """η* (exact rationals at the returned coef) ≤ stored η + γ_{k+1} (1 + small)."""
    n, N = shape
    A, _, y = gaussian_problem(seed, n, N, max(1, n // 4))
    res = basis_pursuit(A, y)
    x = [Fraction(float(v)) for v in res.coef]
    Af = [[Fraction(float(a)) for a in row] for row in A]
    resid = max(abs(sum(a * v for a, v in zip(row, x, strict=True)) - Fraction(float(b)))
                for row, b in zip(Af, y, strict=True))  # fmt: skip
    norm_a = max(sum(abs(a) for a in row) for row in Af)
    denom = norm_a * max(abs(v) for v in x) + max(abs(Fraction(float(b))) for b in y)
    eta_exact = resid / denom
    u = Fraction(1, 2**53)
    gamma = (N + 1) * u / (1 - (N + 1) * u)
    assert eta_exact <= Fraction(float(res.backward_error)) * (1 + 4 * u) + gamma * (1 + 4 * u)


@pytest.mark.parametrize("e", [1e-8, 1e-9, 1e-10, 1e-11, 1e-20, 1e-30])
def test_tiny_entry_essential_to_the_solution_is_kept_by_the_column_scaling(e):
    # x = [0, 1/e] is the only solution of [[1, e], [1, 0]] x = [1, 0]; with row scaling
    # alone HiGHS dropped e (<= 1e-9) and called the system infeasible
    res = basis_pursuit([[1.0, e], [1.0, 0.0]], [1.0, 0.0])
    assert res.converged
    assert res.coef[0] == 0
    assert res.coef[1] == pytest.approx(1 / e, rel=1e-12)


def test_infeasibility_with_dropped_entries_is_not_called_no_solution(monkeypatch):
    # 1e-300 is more than 2**100 below its column's other scales, so the column scaling
    # stops short and the entry stays below 1e-9, where HiGHS drops it
    with pytest.raises(ValueError, match=r"drops matrix entries .* may still have a solution"):
        basis_pursuit([[1.0, 1e-300], [1.0, 0.0]], [1.0, 0.0])
    # and without the column scaling the same happens to 1e-10
    from sparsenorm.solvers import _basis_pursuit as bp

    monkeypatch.setattr(bp, "_COL_SPREAD", 0)
    with pytest.raises(ValueError, match=r"drops matrix entries .* may still have a solution"):
        basis_pursuit([[1.0, 1e-10], [1.0, 0.0]], [1.0, 0.0])
    # a y truly outside the range is still called that
    with pytest.raises(ValueError, match="has no solution"):
        basis_pursuit([[1.0, 1.0], [1.0, 1.0]], [1.0, 2.0])


def test_backward_error_of_a_zero_x_is_one_at_any_scale():
    from sparsenorm.solvers._basis_pursuit import _backward_error

    for ea, ey in [(600, -600), (-600, 600), (0, 0), (1000, -1000)]:
        A = np.array([[2.0**ea, 3.0]])
        value = _backward_error(A, np.zeros(2), np.array([2.0**ey]))
        # |0 - y| / (‖A‖ 0 + |y|) = 1 exactly
        assert value == 1.0


def test_underflowing_solution_is_returned_as_zero_and_not_certified():
    # exact solution 1e-160 / 3e200 ~ 3.3e-361, below 2**-1074
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.warns(ConvergenceWarning):
            res = basis_pursuit([[1e200, 3e200]], [1e-160])
    assert np.array_equal(res.coef, [0.0, 0.0])
    assert res.backward_error == 1.0
    assert not res.converged


# -- columns of very different scales, all-zero columns ---------------------------------------


def scaled_columns_problem(seed, spread):
    """20 × 50 Gaussian, column j times 10**U(-s/2, s/2) (s = log10 spread), 3-sparse x0."""
    rng = np.random.default_rng(seed)
    s = np.log10(spread)
    A = rng.standard_normal((20, 50)) * 10 ** rng.uniform(-s / 2, s / 2, 50)
    x0 = np.zeros(50)
    x0[rng.choice(50, 3, replace=False)] = rng.standard_normal(3)
    return A, A @ x0


def reference_min_l1(A, y):
    """min ‖x‖₁ by scipy's HiGHS on the unscaled LP in x = u - v, with its tightest tolerances."""
    from scipy.optimize import linprog

    N = A.shape[1]
    tight = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
    res = linprog(np.ones(2 * N), A_eq=np.hstack([A, -A]), b_eq=y, bounds=(0, None),
                  method="highs", options=tight)  # fmt: skip
    assert res.status == 0
    x = res.x[:N] - res.x[N:]
    return np.abs(x).sum(), x


@pytest.mark.parametrize("spread", [1e3, 1e6, 1e9, 1e12, 1e15])
def test_columns_of_very_different_scales_certified_means_optimal(spread):
    """Certified => optimal (exact dual check, and no better than a reference LP); else warned."""
    from sparsenorm.solvers._basis_pursuit import _backward_error

    certified = 0
    for seed in range(10):
        A, y = scaled_columns_problem(seed, spread)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = basis_pursuit(A, y)
        warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
        assert warned == (not res.converged)
        if not res.converged:
            continue
        certified += 1
        check_certificate(res, A, y, 1e-9)  # ‖Aᵀν‖∞ <= 1 and the gap, in exact rationals
        l1 = np.abs(res.coef).sum()
        ref_l1, ref_x = reference_min_l1(A, y)
        if _backward_error(A, ref_x, y) <= 1e-9:  # the reference is a solution: never better
            assert l1 <= ref_l1 * (1 + 1e-6)
    # measured: before the second solve 7, 1 and 0 of these 10 were certified at spreads 1e9,
    # 1e12 and 1e15 (HiGHS stopped at suboptimal points); with it 10, 9 and 10
    assert certified >= {1e3: 10, 1e6: 10, 1e9: 10, 1e12: 8, 1e15: 8}[spread]


def test_second_solve_runs_only_when_the_first_answer_is_not_certified(monkeypatch):
    import scipy.optimize

    calls = []
    real = scipy.optimize.linprog

    def counting(*args, **kwargs):
        calls.append(kwargs["options"])
        return real(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "linprog", counting)
    A, _, y = gaussian_problem(3, 10, 25, 2)
    assert basis_pursuit(A, y).converged
    assert calls == [{"presolve": False}]  # one solve, HiGHS's default tolerances
    calls.clear()
    A, y = scaled_columns_problem(0, 1e12)
    basis_pursuit(A, y)
    assert len(calls) == 2 and calls[1]["dual_feasibility_tolerance"] == 1e-10


def _two_answers(monkeypatch, first, second):
    """linprog's first call changed by ``first``, its second by ``second``; each labelled."""
    import scipy.optimize

    real, calls = scipy.optimize.linprog, []

    def fake(*args, **kwargs):
        res = real(*args, **kwargs)
        calls.append(kwargs["options"])
        (first if len(calls) == 1 else second)(res)
        res.nit, res.message = 111 * len(calls), f"answer {len(calls)}"
        return res

    monkeypatch.setattr(scipy.optimize, "linprog", fake)
    return calls


def _shift(res):
    res.x[0] += 1e-3  # violates Ax = y: not certified, but near the solution


def _double(res):
    res.x[:] = 2 * res.x  # violates Ax = y by about ‖y‖: far worse


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [(_shift, _double, 1), (_double, _shift, 2), (_shift, lambda res: None, 2)],
    ids=["worse-second-discarded", "better-second-kept", "certified-second-kept"],
)
def test_second_answer_replaces_the_first_only_if_closer_to_certification(
    monkeypatch, first, second, kept
):
    A, x0, y = gaussian_problem(2, 10, 25, 2)
    calls = _two_answers(monkeypatch, first, second)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = basis_pursuit(A, y)
    assert len(calls) == 2  # the first answer was not certified
    # the answer returned is the one kept, with that solve's own n_iter and message
    assert res.n_iter == 111 * kept and res.message == f"answer {kept}"
    # which point it is, told apart by its distance to x0, the unique solution (a doubled
    # point is about ‖x0‖ away, a shifted one about 1e-3)
    kept_change = first if kept == 1 else second
    distance = np.abs(res.coef - x0).max()
    if kept_change is _double:
        assert distance > 0.5 * np.abs(x0).max()
    elif kept_change is _shift:
        assert 1e-5 < distance < 1e-1
    else:
        assert distance < 1e-9
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    assert res.converged == (not warned) == (kept_change not in (_shift, _double))
    check_certificate(res, A, y, 1e-9)


@pytest.mark.parametrize("where", [0, 1, 2])
def test_an_all_zero_column_changes_nothing(where):
    from sparsenorm.solvers._basis_pursuit import _scaling_exponents

    # every entry far below 2**-100: an all-zero column with exponent 0 used to pull the
    # largest exponent up to 0, so every real column was clamped and 1e-50 stayed tiny
    A = np.array([[1e-40, 1e-50], [1e-40, 0.0]])
    y = np.array([1e-40, 0.0])
    A0 = np.insert(A, where, 0.0, axis=1)
    res, res0 = basis_pursuit(A, y), basis_pursuit(A0, y)
    assert res.converged and res0.converged
    assert np.array_equal(np.delete(res0.coef, where), res.coef)
    assert res0.coef[where] == 0
    assert res.coef[1] == pytest.approx(1e10, rel=1e-12)  # the only solution is [0, 1e10]
    col, row = _scaling_exponents(A)
    col0, row0 = _scaling_exponents(A0)
    assert np.array_equal(np.delete(col0, where), col) and np.array_equal(row0, row)
    assert col0[where] == col.max()


def test_scaling_exponents_of_an_all_zero_matrix():
    from sparsenorm.solvers._basis_pursuit import _scaling_exponents

    col, row = _scaling_exponents(np.zeros((2, 3)))
    assert not col.any() and not row.any()
    res = basis_pursuit(np.zeros((2, 3)), np.zeros(2))
    assert res.converged and not res.coef.any()


# -- the "When are the zeros the right zeros?" section's README ------------------------------


def test_right_zeros_readme_band_widths():
    """README: Theorem II's band 2 a_η √N is "about 8√N for η = 1/2 and 12√N for η = 5 %"."""
    import pathlib
    import re

    readme = pathlib.Path(__file__).parents[1] / "gallery" / "right_zeros" / "README.txt"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    assert "a_η = √(8 log(4/η))" in text
    found = re.search(r"about (\d+)√N for η = 1/2 and (\d+)√N for η = 5 %", text)
    assert found
    # a_η (Amelunxen, Lotz, McCoy, Tropp 2014, Theorem II; natural logarithm) found by
    # bisection on the equation it solves, 4 exp(-a²/8) = η, not from the closed form
    for eta, printed in [(0.5, found[1]), (0.05, found[2])]:
        lo, hi = 0.0, 100.0
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if 4 * np.exp(-mid * mid / 8) > eta else (lo, mid)
        assert round(2 * lo) == int(printed)
