"""proximal_gradient: agreement with independent solvers, certificates, bad input, dtypes.

Also the per-coordinate weights of the L1 penalty (the adaptive Lasso), checked against the
unweighted penalty, closed forms and a Lasso on rescaled columns.
"""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso

import sparsenorm as sn


def problem(seed=0, n=40, p=12, k=4, noise=0.3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1] = 0.7 * X[:, 0] + 0.3 * X[:, 1]  # some correlation
    beta = np.zeros(p)
    beta[:k] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(0.5, 2.0, size=k)
    return X, X @ beta + noise * rng.standard_normal(n) + 1.5


def objective(X, y, w, penalty_value, fit_intercept):
    Xc, yc = (X - X.mean(0), y - y.mean()) if fit_intercept else (X, y)
    r = yc - Xc @ w
    return 0.5 * r @ r / len(y) + penalty_value


# --- agreement with independent solvers ------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_l1_agrees_with_sklearn_and_sparsenorm_lasso(seed, fit_intercept):
    X, y = problem(seed)
    alpha = 0.05 * (seed + 1)
    res = sn.proximal_gradient(X, y, sn.L1(alpha), fit_intercept=fit_intercept, tol=1e-12)
    sk = Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-12, max_iter=100000).fit(X, y)
    ours = sn.lasso(X, y, alpha=alpha, fit_intercept=fit_intercept, tol=1e-12)
    assert res.certificate == "duality_gap" and res.method == "fista" and res.converged
    np.testing.assert_allclose(res.coef, sk.coef_, atol=1e-6)
    np.testing.assert_allclose(res.coef, ours.coef, atol=1e-6)
    np.testing.assert_allclose(res.intercept, sk.intercept_, atol=1e-6)
    assert set(np.flatnonzero(res.coef)) == set(np.flatnonzero(ours.coef))


@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 0.9, 1.0])
def test_elastic_net_agrees_with_sklearn(l1_ratio):
    X, y = problem(1)
    res = sn.proximal_gradient(X, y, sn.ElasticNetPenalty(0.2, l1_ratio), tol=1e-12)
    sk = ElasticNet(alpha=0.2, l1_ratio=l1_ratio, tol=1e-12, max_iter=100000).fit(X, y)
    assert res.certificate == "duality_gap" and res.converged
    np.testing.assert_allclose(res.coef, sk.coef_, atol=1e-6)
    np.testing.assert_allclose(res.intercept, sk.intercept_, atol=1e-6)


def test_squared_l2_is_the_ridge_closed_form():
    X, y = problem(2)
    n, p = X.shape
    res = sn.proximal_gradient(X, y, sn.SquaredL2(0.3), fit_intercept=False, tol=1e-14)
    exact = np.linalg.solve(X.T @ X / n + 0.3 * np.eye(p), X.T @ y / n)
    assert res.certificate == "duality_gap" and res.converged
    # F is mu-strongly convex, so F(w) - F* >= mu/2 ||w - w*||^2 and the gap bounds the error
    mu = np.linalg.eigvalsh(X.T @ X / n).min() + 0.3
    error = np.linalg.norm(res.coef - exact)
    assert 0 < error <= np.sqrt(2 * res.dual_gap / mu) + 1e-12


def test_weighted_l1_is_a_lasso_on_rescaled_columns():
    # alpha sum_j c_j |w_j| with c_j > 0 is the Lasso in v = c * w on the columns X_j / c_j
    X, y = problem(3)
    c = np.random.default_rng(3).uniform(0.2, 3.0, X.shape[1])
    res = sn.proximal_gradient(X, y, sn.L1(0.1, weights=c), tol=1e-12)
    sk = Lasso(alpha=0.1, tol=1e-12, max_iter=100000).fit(X / c, y)
    assert res.certificate == "duality_gap" and res.converged
    np.testing.assert_allclose(res.coef, sk.coef_ / c, atol=1e-6)
    np.testing.assert_allclose(res.intercept, sk.intercept_, atol=1e-6)


def test_weighted_gap_bounds_the_suboptimality():
    X, y = problem(4)
    c = np.random.default_rng(4).uniform(0.2, 3.0, X.shape[1])
    penalty = sn.L1(0.1, weights=c)
    sk = Lasso(alpha=0.1, tol=1e-14, max_iter=100000).fit(X / c, y)
    best = objective(X, y, sk.coef_ / c, penalty.value(sk.coef_ / c), True)
    with pytest.warns(sn.ConvergenceWarning):
        res = sn.proximal_gradient(X, y, penalty, tol=1e-14, max_iter=5)
    value = objective(X, y, res.coef, penalty.value(res.coef), True)
    assert not res.converged and res.dual_gap > res.tol_abs
    assert value - best <= res.dual_gap * (1 + 1e-9) + 1e-12
    assert value - best > 0  # five steps are not enough: the bound is not vacuous here


def mcp_distance(w, g, alpha, gamma):
    """Distance of -g to the MCP subdifferential, from the penalty's derivative."""
    slope = np.sign(w) * np.maximum(alpha - np.abs(w) / gamma, 0.0)
    return np.where(w == 0, np.maximum(np.abs(g) - alpha, 0), np.abs(g + slope))


def scad_distance(w, g, alpha, a):
    u = np.abs(w)
    slope = np.where(u <= alpha, alpha, np.maximum(a * alpha - u, 0) / (a - 1))
    return np.where(w == 0, np.maximum(np.abs(g) - alpha, 0), np.abs(g + np.sign(w) * slope))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", ["MCP", "SCAD"])
def test_mcp_and_scad_results_are_stationary_points(seed, name):
    X, y = problem(seed)
    n = len(y)
    alpha = 0.1 + 0.05 * seed
    penalty = sn.MCP(alpha, gamma=3.0) if name == "MCP" else sn.SCAD(alpha, a=3.7)
    res = sn.proximal_gradient(X, y, penalty, fit_intercept=False, tol=1e-11)
    assert res.certificate == "stationarity" and res.dual_gap is None
    assert res.method == "ista" and res.converged and res.residual <= res.tol_abs
    g = -X.T @ (y - X @ res.coef) / n
    distance = (
        mcp_distance(res.coef, g, alpha, 3.0)
        if name == "MCP"
        else scad_distance(res.coef, g, alpha, 3.7)
    )
    assert distance.max() <= 1e-8 * np.abs(X.T @ y / n).max()
    assert np.count_nonzero(res.coef) < X.shape[1]  # a sparse stationary point


def test_l0_result_is_least_squares_on_its_support():
    X, y = problem(5)
    res = sn.proximal_gradient(X, y, sn.L0(0.05), fit_intercept=False, tol=1e-12)
    support = np.flatnonzero(res.coef)
    assert res.certificate == "stationarity" and res.converged and 0 < support.size < 12
    ls = np.linalg.lstsq(X[:, support], y, rcond=None)[0]
    np.testing.assert_allclose(res.coef[support], ls, atol=1e-8)


def test_mcp_with_large_coefficients_is_unbiased():
    # far beyond gamma * alpha the penalty is flat: the fit is least squares on the support
    X, y = problem(6, noise=0.05)
    res = sn.proximal_gradient(X, y, sn.MCP(0.15, gamma=2.0), tol=1e-12)
    support = np.flatnonzero(res.coef)
    assert support.size == 4 and np.all(np.abs(res.coef[support]) > 0.3)
    Xc, yc = X - X.mean(0), y - y.mean()
    ls = np.linalg.lstsq(Xc[:, support], yc, rcond=None)[0]
    np.testing.assert_allclose(res.coef[support], ls, atol=1e-8)


# --- certificates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("penalty", "kind"),
    [
        (sn.L1(0.1), "duality_gap"),
        (sn.L1(0.1, weights=np.ones(12)), "duality_gap"),
        (sn.L1(0.1, weights=np.r_[0.0, np.ones(11)]), "stationarity"),
        (sn.ElasticNetPenalty(0.1, 0.5), "duality_gap"),
        (sn.SquaredL2(0.1), "duality_gap"),
        (sn.L1(0.0), "stationarity"),  # least squares: no gap from the residual
        (sn.ElasticNetPenalty(0.0), "stationarity"),
        (sn.L0(0.1), "stationarity"),
        (sn.MCP(0.1), "stationarity"),
        (sn.SCAD(0.1), "stationarity"),
        (sn.Lq(0.1, q=0.5), "stationarity"),
    ],
)
def test_certificate_kind_follows_the_penalty(penalty, kind):
    X, y = problem(0)
    res = sn.proximal_gradient(X, y, penalty, tol=1e-8)
    assert res.certificate == kind
    assert (res.dual_gap is None) == (kind == "stationarity")
    assert res.method == ("fista" if kind == "duality_gap" else "ista")
    value = res.dual_gap if kind == "duality_gap" else res.residual
    assert res.converged == (value <= res.tol_abs)


def test_a_penalty_of_ones_own_gets_only_stationarity():
    class SoftThreshold:  # L1 in all but name: no gap is claimed for an unknown type
        def prox(self, w, step):
            return np.sign(w) * np.maximum(np.abs(w) - 0.1 * step, 0)

    class MyL1(sn.L1):
        pass

    X, y = problem(0)
    reference = sn.lasso(X, y, alpha=0.1, tol=1e-12).coef
    for penalty in (SoftThreshold(), MyL1(0.1)):
        res = sn.proximal_gradient(X, y, penalty, tol=1e-12)
        assert res.certificate == "stationarity" and res.dual_gap is None and res.converged
        np.testing.assert_allclose(res.coef, reference, atol=1e-7)


def test_converged_gap_bounds_the_distance_to_the_minimum():
    X, y = problem(7)
    sk = Lasso(alpha=0.1, tol=1e-14, max_iter=100000).fit(X, y)
    best = objective(X, y, sk.coef_, 0.1 * np.abs(sk.coef_).sum(), True)
    for tol in (1e-2, 1e-4, 1e-6):
        res = sn.proximal_gradient(X, y, sn.L1(0.1), tol=tol)
        gap_to_best = objective(X, y, res.coef, 0.1 * np.abs(res.coef).sum(), True) - best
        assert res.converged and gap_to_best <= res.dual_gap + 1e-12 <= res.tol_abs + 1e-12


def test_iteration_limit_warns_and_does_not_claim_convergence():
    X, y = problem(0)
    for penalty in (sn.L1(0.05), sn.MCP(0.05)):
        with pytest.warns(sn.ConvergenceWarning, match="did not converge"):
            res = sn.proximal_gradient(X, y, penalty, tol=1e-14, max_iter=3)
        assert not res.converged and res.n_iter == 3


def test_stationarity_residual_is_the_prox_gradient_map():
    X, y = problem(1)
    n = len(y)
    res = sn.proximal_gradient(X, y, sn.MCP(0.1), fit_intercept=False, tol=1e-6)
    w = res.coef
    lipschitz = np.linalg.svd(X, compute_uv=False)[0] ** 2 / n
    assert res.step == pytest.approx(0.9 / lipschitz, rel=1e-9)
    w_next = sn.MCP(0.1).prox(w - res.step * X.T @ (X @ w - y) / n, res.step)
    assert res.residual == pytest.approx(np.linalg.norm(w - w_next) / res.step, rel=1e-9)
    assert res.tol_abs == pytest.approx(1e-6 * np.linalg.norm(X.T @ y) / n)


def test_zero_target_and_zero_design_are_solved_at_once():
    X, _ = problem(0)
    for penalty in (sn.L1(0.1), sn.MCP(0.1)):
        res = sn.proximal_gradient(X, np.zeros(len(X)), penalty, fit_intercept=False, tol=0.0)
        assert res.converged and res.n_iter == 0 and not res.coef.any()
    res = sn.proximal_gradient(np.zeros((5, 3)), np.arange(5.0), sn.L1(0.1), tol=1e-10)
    assert res.converged and not res.coef.any() and res.intercept == 2.0


def test_coef_init_is_the_starting_point_for_mcp():
    X, y = problem(2)
    start = np.linalg.lstsq(X, y, rcond=None)[0]
    res = sn.proximal_gradient(X, y, sn.MCP(0.1), fit_intercept=False, coef_init=start)
    assert res.converged
    zero_start = sn.proximal_gradient(X, y, sn.MCP(0.1), fit_intercept=False)
    assert zero_start.converged  # both stationary; they need not be the same point


# --- bad input -------------------------------------------------------------------------------


def bad_prox_shape(w, step):
    return np.zeros(3)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"X": [[np.nan, 1.0], [0.0, 1.0]]}, ValueError, "X contains NaN"),
        ({"X": [[np.inf, 1.0], [0.0, 1.0]]}, ValueError, "X contains infinity"),
        ({"y": [np.nan, 1.0]}, ValueError, "y contains NaN"),
        ({"y": [1.0, 2.0, 3.0]}, ValueError, "inconsistent numbers of samples"),
        ({"y": [[1.0], [2.0]]}, ValueError, "y must be a 1-D"),
        ({"X": [1.0, 2.0]}, ValueError, "X must be a 2-D"),
        ({"X": np.zeros((2, 0))}, ValueError, "at least one sample and one feature"),
        ({"X": [[1 + 1j, 0], [0, 1]]}, TypeError, "real-valued"),
        ({"penalty": object()}, TypeError, "must have a prox"),
        ({"penalty": sn.L1}, TypeError, "the class L1 itself"),
        ({"tol": -1e-3}, ValueError, "tol must be >= 0"),
        ({"tol": np.nan}, ValueError, "tol must be finite"),
        ({"max_iter": 0}, ValueError, "max_iter must be >= 1"),
        ({"max_iter": 10.0}, TypeError, "max_iter must be an int"),
        ({"max_iter": True}, TypeError, "max_iter must be an int"),
        ({"fit_intercept": "yes"}, TypeError, "fit_intercept must be a bool"),
        ({"coef_init": [1.0]}, ValueError, r"coef_init must have shape \(2,\)"),
        ({"coef_init": [np.nan, 0.0]}, ValueError, "coef_init contains NaN"),
        ({"penalty": sn.L1(0.1, weights=[1.0, 2.0, 3.0])}, ValueError, "w must have shape"),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs, error, match):
    args = {"X": [[1.0, 0.0], [0.0, 1.0]], "y": [1.0, 2.0], "penalty": sn.L1(0.1)}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        sn.proximal_gradient(args.pop("X"), args.pop("y"), args.pop("penalty"), **args)


@pytest.mark.parametrize(
    ("alpha", "weights"), [(1e10, [1e300] * 10), (2.0, [1.0, np.finfo(np.float64).max])]
)
def test_weighted_l1_whose_slopes_overflow_is_refused(alpha, weights):
    # before: L1(1e10, weights=[1e300] * 10) was accepted, and proximal_gradient ran for
    # hundreds of steps under overflow warnings to a NaN duality gap
    with pytest.raises(ValueError, match="alpha \\* weights must be finite"):
        sn.L1(alpha, weights=weights)


def test_weighted_l1_with_the_largest_finite_slopes_runs_cleanly():
    # the boundary of that check: alpha * c_j = 1e300 is finite, and the solver neither
    # overflows nor warns; every coordinate is pinned at 0 (alpha_max is far below)
    X, y = problem(0)
    p = X.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = sn.proximal_gradient(X, y, sn.L1(1.0, weights=[1e300] * p), max_iter=50)
    assert res.converged and not np.any(res.coef)
    assert np.isfinite(res.dual_gap)


@pytest.mark.parametrize(
    ("prox", "error", "match"),
    [
        (bad_prox_shape, ValueError, "returned shape"),
        (lambda w, step: w * np.nan, ValueError, "NaN or infinity"),
        (lambda w, step: "w", TypeError, "must return a real array"),
        # complex: numpy's conversion to float64 dropped the imaginary part with a
        # ComplexWarning, and the result said converged
        (lambda w, step: w + 1e-3j, TypeError, "real array .* of dtype complex128"),
        (lambda w, step: (w + 0j).astype(np.complex64), TypeError, "dtype complex64"),
        # numeric strings: numpy's conversion read "1.5" as 1.5
        (lambda w, step: np.array(["1.5"] * w.size), TypeError, "dtype <U3"),
        (lambda w, step: np.array([b"1.5"] * w.size), TypeError, r"dtype \|S3"),
        (lambda w, step: [str(v) for v in w], TypeError, "must return a real array"),
        (lambda w, step: w.astype(object), TypeError, "dtype object"),
        (lambda w, step: [[1.0], [1.0, 2.0]], TypeError, "must return a real array"),
    ],
    ids=["shape", "nan", "str", "complex128", "complex64", "unicode", "bytes", "str-list",
         "object", "ragged"],
)  # fmt: skip
def test_a_faulty_prox_is_reported(prox, error, match):
    penalty = type("Faulty", (), {"prox": staticmethod(prox)})()
    with pytest.raises(error, match=match):
        sn.proximal_gradient(np.eye(2), [1.0, 2.0], penalty)


@pytest.mark.parametrize(
    "convert",
    [lambda w: w, lambda w: list(w), lambda w: w.astype(np.float32), lambda w: w.tolist()],
    ids=["float64", "list-of-numpy-floats", "float32", "list-of-floats"],
)
def test_a_prox_returning_real_numbers_of_any_float_type_is_accepted(convert):
    def prox(w, step):
        return convert(sn.prox_l1(w, step * 0.1))

    penalty = type("MyL1", (), {"prox": staticmethod(prox)})()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = sn.proximal_gradient(np.eye(2), [1.0, 2.0], penalty, fit_intercept=False)
    assert res.converged
    # minimiser of ‖y - w‖²/4 + 0.1‖w‖₁ (n = 2): y - 0.2, soft thresholding by 2 · 0.1
    np.testing.assert_allclose(res.coef, [0.8, 1.8], rtol=1e-3)


@pytest.mark.parametrize("kind", [np.int64, np.uint8, bool])
def test_a_prox_returning_integers_or_bools_is_read_as_their_values(kind):
    # the prox of the indicator of {0, 1}^p (a non-convex penalty): round to the nearer
    def prox(w, step):
        return (w > 0.5).astype(kind)

    penalty = type("Binary", (), {"prox": staticmethod(prox)})()
    res = sn.proximal_gradient(np.eye(2), [0.9, 0.2], penalty, fit_intercept=False)
    assert res.converged and res.coef.dtype == np.float64
    assert np.array_equal(res.coef, [1.0, 0.0])


def test_inputs_are_not_modified():
    X, y = problem(0)
    X32 = X.astype(np.float32)
    start = np.ones(X.shape[1])
    weights = np.linspace(0.5, 2.0, X.shape[1])
    copies = [a.copy() for a in (X, y, X32, start, weights)]
    penalty = sn.L1(0.1, weights=weights)
    weights[0] = 100.0  # the penalty holds its own copy
    assert penalty.weights[0] == 0.5
    weights[0] = copies[4][0]
    for design in (X, X32):
        for fit_intercept in (False, True):
            sn.proximal_gradient(design, y, penalty, fit_intercept=fit_intercept, coef_init=start)
            sn.proximal_gradient(design, y, sn.MCP(0.1), fit_intercept=fit_intercept)
    for array, copy in zip((X, y, X32, start, weights), copies, strict=True):
        np.testing.assert_array_equal(array, copy)


# --- dtypes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "expected"),
    [
        (np.float32, np.float32),
        (np.float64, np.float64),
        (np.float16, np.float64),
        (np.longdouble, np.float64),
        (np.int64, np.float64),
        (">f8", np.float64),
    ],
)
@pytest.mark.parametrize("penalty", [sn.L1(0.1), sn.MCP(0.1)])
def test_dtype_policy_is_scikit_learns(dtype, expected, penalty):
    X, y = problem(0)
    X = (X * 4).round() if np.dtype(dtype).kind == "i" else X
    res = sn.proximal_gradient(X.astype(dtype), y, penalty, tol=1e-6)
    assert res.coef.dtype == expected and res.intercept.dtype == expected
    assert isinstance(res.residual, np.float64) and res.converged
    if res.dual_gap is not None:
        assert isinstance(res.dual_gap, np.float64)
    reference = sn.proximal_gradient(X.astype(np.float64), y, penalty, tol=1e-6)
    np.testing.assert_allclose(res.coef, reference.coef, atol=1e-3)


def test_float32_certificate_is_computed_at_the_rounded_coefficients():
    X, y = problem(0)
    res = sn.proximal_gradient(X.astype(np.float32), y, sn.L1(0.1), tol=1e-6)
    X32 = X.astype(np.float32).astype(np.float64)
    gap = sn.lasso_duality_gap(X32, y, res.coef.astype(np.float64), 0.1, fit_intercept=True)
    assert res.dual_gap == pytest.approx(float(gap), rel=1e-6, abs=1e-15)


# --- per-coordinate weights of the L1 penalty ------------------------------------------------


def test_l1_without_weights_is_unchanged_and_ones_are_the_same_penalty():
    rng = np.random.default_rng(0)
    w, g = rng.standard_normal(20), rng.standard_normal(20)
    w[::4] = 0.0
    plain, ones = sn.L1(0.3), sn.L1(0.3, weights=np.ones(20))
    assert repr(plain) == "L1(alpha=0.3)" and plain == sn.L1(alpha=0.3)
    assert plain.weights is None and hash(plain) == hash(sn.L1(0.3))
    np.testing.assert_array_equal(plain.prox(w, 0.7), sn.prox_l1(w, 0.3 * 0.7))
    np.testing.assert_array_equal(ones.prox(w, 0.7), plain.prox(w, 0.7))
    np.testing.assert_array_equal(ones.subgradient(w), plain.subgradient(w))
    np.testing.assert_array_equal(ones.subdiff_distance(w, g), plain.subdiff_distance(w, g))
    assert float(ones.value(w)) == pytest.approx(float(plain.value(w)), rel=1e-15)
    assert ones.alpha_max(g) == plain.alpha_max(g)
    w32 = w.astype(np.float32)
    assert ones.prox(w32, 0.7).dtype == np.float32 and ones.value(w32).dtype == np.float32
    np.testing.assert_allclose(ones.prox(w32, 0.7), plain.prox(w32, 0.7), rtol=1e-7)


def test_weighted_l1_formulas():
    c = np.array([0.0, 1.0, 2.0, 4.0])
    penalty = sn.L1(0.5, weights=c)
    w = np.array([3.0, -3.0, 3.0, 0.5])
    assert float(penalty.value(w)) == 0.5 * (0 + 3 + 6 + 2)
    np.testing.assert_array_equal(penalty.prox(w, 2.0), [3.0, -2.0, 1.0, 0.0])
    np.testing.assert_array_equal(penalty.subgradient(w), [0.0, -0.5, 1.0, 2.0])
    g = np.array([0.1, 0.5, -1.0, -3.0])
    np.testing.assert_array_equal(penalty.subdiff_distance(w, g), [0.1, 0.0, 0.0, 1.0])
    np.testing.assert_array_equal(penalty.subdiff_distance(np.zeros(4), g), [0.1, 0.0, 0.0, 1.0])
    assert penalty.alpha_max([0.0, 0.5, -1.0, -3.0]) == 0.75  # max(0.5/1, 1/2, 3/4)
    assert penalty.alpha_max([0.1, 0.0, 0.0, 0.0]) == np.inf  # unpenalised, pulled
    assert penalty == sn.L1(0.5, weights=(0, 1, 2, 4)) and hash(penalty) == hash(
        sn.L1(0.5, weights=[0.0, 1.0, 2.0, 4.0])
    )
    assert repr(penalty) == "L1(alpha=0.5, weights=(0.0, 1.0, 2.0, 4.0))"


def test_weighted_alpha_max_is_where_zero_becomes_the_solution():
    X, y = problem(8)
    c = np.random.default_rng(8).uniform(0.5, 2.0, X.shape[1])
    Xc, yc = X - X.mean(0), y - y.mean()
    a_max = sn.L1(1.0, weights=c).alpha_max(-Xc.T @ yc / len(y))
    above = sn.proximal_gradient(X, y, sn.L1(a_max * 1.001, weights=c), tol=1e-12)
    below = sn.proximal_gradient(X, y, sn.L1(a_max * 0.99, weights=c), tol=1e-12)
    assert not above.coef.any() and np.count_nonzero(below.coef) == 1


@pytest.mark.parametrize(
    ("weights", "error", "match"),
    [
        ([1.0, -0.5], ValueError, "weights must be >= 0"),
        ([1.0, np.nan], ValueError, "weights contains NaN"),
        ([1.0, np.inf], ValueError, "weights contains infinity"),
        ([[1.0, 2.0]], ValueError, "weights must be a 1-D"),
        (["a", "b"], TypeError, "weights must be a numeric"),
        ([1 + 0j, 1.0], TypeError, "real-valued"),
    ],
)
def test_bad_weights_raise(weights, error, match):
    with pytest.raises(error, match=match):
        sn.L1(0.1, weights=weights)


def test_weights_shape_is_checked_by_every_method():
    penalty = sn.L1(0.1, weights=[1.0, 2.0])
    w = np.ones(3)
    for call in (
        lambda: penalty.value(w),
        lambda: penalty.prox(w, 1.0),
        lambda: penalty.subgradient(w),
        lambda: penalty.subdiff_distance(w, w),
        lambda: penalty.alpha_max(w),
    ):
        with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
            call()


def test_no_warning_on_ordinary_use():
    X, y = problem(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sn.proximal_gradient(X, y, sn.L1(0.1, weights=np.r_[0.0, np.ones(11)]), tol=1e-8)
        sn.L1(1.0, weights=[0.0, 1.0]).alpha_max([0.0, 1.0])


@pytest.mark.parametrize(
    "X, y, match",
    [
        (np.diag([1e155, 1e155]), [1.0, 2.0], "Lipschitz constant"),
        (np.diag([1e155, 1e155]), [1e200, 2e200], "Lipschitz constant"),
        (np.diag([1e-170, 1e-170]), [1.0, 2.0], "Lipschitz constant"),
        (np.eye(2), [1e200, 2e200], "y is too large"),
    ],
)
def test_a_scale_beyond_float64_is_a_clear_value_error(X, y, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning or ConvergenceWarning first
        with pytest.raises(ValueError, match=match):
            sn.proximal_gradient(X, y, sn.L1(0.1), fit_intercept=False)


def test_lipschitz_constant_whose_square_root_squared_overflows_is_computed():
    # sigma_max(X) ~ 1e155, so sigma**2 overflows in float64, but sigma**2 / n ~ 1e308 is
    # finite; w = 1e-154 w' maps the problem onto a Lasso on X / 1e154 with alpha 0.1
    rng = np.random.default_rng(0)
    Xs = rng.standard_normal((100, 3))
    y = Xs @ np.array([1.0, 0.0, -2.0]) + 0.1 * rng.standard_normal(100)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = sn.proximal_gradient(Xs * 1e154, y, sn.L1(1e153), fit_intercept=False, tol=1e-12)
    assert res.converged
    ref = Lasso(alpha=0.1, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(Xs, y)
    np.testing.assert_allclose(res.coef * 1e154, ref.coef_, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    "penalty", [sn.L1(0.1), sn.ElasticNetPenalty(0.1, 0.5), sn.SquaredL2(0.1)]
)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_duality_gap_tolerance_is_the_lasso_rule(penalty, fit_intercept):
    """tol_abs = tol·‖y − ȳ‖²/n with an intercept, tol·‖y‖²/n without (y has mean ~6.5)."""
    X, y = problem(2)
    y = y + 5.0
    n, tol = len(y), 1e-6
    res = sn.proximal_gradient(X, y, penalty, fit_intercept=fit_intercept, tol=tol)
    assert res.certificate == "duality_gap"
    y_sum = sum(float(v) for v in y)  # plain Python floats, not numpy's reductions
    centred = [float(v) - y_sum / n for v in y] if fit_intercept else [float(v) for v in y]
    expected = tol * sum(v * v for v in centred) / n
    assert res.tol_abs == pytest.approx(expected, rel=1e-12)
    # the two rules differ here by far more than the comparison's tolerance
    other = tol * sum((float(v) - (0 if fit_intercept else y_sum / n)) ** 2 for v in y) / n
    assert abs(other - expected) > 0.5 * expected


@pytest.mark.parametrize(
    "X, y, match",
    [
        ([[1.7e308, 0.0], [1.7e308, 1.0], [0.0, 2.0]], [1.0, 2.0, 3.0], "X .*column means"),
        ([[1.79e308], [-1.79e308], [-1.79e308]], [1.0, 2.0, 3.0], "X .*centring it"),
        ([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.7e308, 1.7e308, 0.0], "y .*its mean"),
        ([[1.0], [2.0], [3.0]], [1.79e308, -1.79e308, -1.79e308], "y .*centring it"),
    ],
)
def test_centring_that_overflows_is_a_clear_value_error(X, y, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning first
        with pytest.raises(ValueError, match=f"{match}.*rescale"):
            sn.proximal_gradient(X, y, sn.L1(0.1), fit_intercept=True)
    # every entry is finite: without an intercept there is no mean to overflow
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            sn.proximal_gradient(X, y, sn.L1(0.1), fit_intercept=False)
        except ValueError as exc:
            assert "fit_intercept" not in str(exc)
