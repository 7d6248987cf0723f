"""Fuzz suite of the solvers: every public solver function against independent references.

Inputs: dense ``X`` in every dtype a user may pass (float16, float32, float64, longdouble,
big-endian floats, signed and unsigned integers, bool) and layout (C, Fortran, strided views,
read-only), scipy sparse matrices and arrays of every format, magnitudes of ``X`` and ``y``
from 2^-1000 to 2^1000 (powers of two times standard-normal data), one-sample, one-feature
and degenerate problems (constant or zero columns, constant ``y``), sample weights with
zeros, every ``positive`` / ``fit_intercept`` / ``l1_ratio`` combination.

References, independent of the code under test:

* the objective ``P`` and a dual objective ``D``, evaluated in ``numpy.longdouble`` (x87
  80-bit extended precision on x86-64 Linux: 64-bit significand, 15-bit exponent, so
  ``P`` is representable at every magnitude drawn) from the Fenchel conjugate of each
  penalty, so ``D(θ) <= P*`` for every dual point ``θ`` (weak duality);
* scikit-learn's ``ElasticNet`` / ``Ridge`` fitted at ``tol=1e-12`` (and scipy's NNLS for
  non-negative ridge) on the same data rescaled by the test's own powers of two.

Checks (``slack = 1e-9 · P(0)`` covers the float64 rounding of the solver's own evaluation):

* never a NaN; dtypes by scikit-learn's rule; inputs never mutated;
* ``converged`` ⇔ the reported gap is finite and at most ``tol · Σ s_i (y_i − ȳ)² / n``, and
  ``converged=False`` always comes with a ``ConvergenceWarning``;
* the reported gap is never below a proven lower bound of the true sub-optimality:
  ``dual_gap >= P(w) − P(w_sklearn) − slack``;
* a converged answer is right: ``P(w) − max D(θ) <= tol_abs + slack`` over the dual points
  of both solutions (and, for the strongly convex elastic net and ridge, coefficients within
  ``sqrt(2 (gap + gap_ref) / μ)`` of scikit-learn's);
* an error is a ``ValueError`` / ``TypeError`` naming the argument, raised only where the
  references agree the answer is not representable (coefficients beyond float64's range).

The CI profile is derandomised and small. For a long run:
``SPARSENORM_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_solvers.py -p no:cacheprovider``.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse as sp
from _helpers import fuzz_settings
from hypothesis import HealthCheck, assume, given, note
from hypothesis import strategies as st
from sklearn.linear_model import ElasticNet, Ridge

import sparsenorm.solvers as sn
from sparsenorm.exceptions import ConvergenceWarning

FUZZ = fuzz_settings(40, suppress=[HealthCheck.too_slow, HealthCheck.filter_too_much])

LD = np.longdouble
pytestmark = pytest.mark.skipif(
    np.finfo(LD).maxexp < 16384, reason="the references need x87 extended precision"
)

FLOAT_DTYPES = [np.dtype(t) for t in ("float16", "float32", "float64", ">f8", ">f4")] + [
    np.dtype(np.longdouble)
]
INT_DTYPES = [np.dtype(t) for t in ("int8", "uint8", "int16", "uint32", "int64", ">i4")]
DTYPES = FLOAT_DTYPES + INT_DTYPES + [np.dtype(bool)]
SPARSE_FORMATS = ["csr", "csc", "coo", "bsr", "lil", "dok", "dia"]
SCIPY_DTYPES = {np.dtype(t) for t in ("float32", "float64", "int8", "uint8", "int16", "int64")}
SCIPY_DTYPES |= {np.dtype("uint32"), np.dtype(bool)}


# ----------------------------------------------------------------------------- inputs
def _kept(dtype):
    """scikit-learn's rule: float32 (either byte order) kept, everything else float64."""
    single = dtype.kind == "f" and dtype.itemsize == 4
    return np.dtype(np.float32) if single else np.dtype(np.float64)


@st.composite
def problems(draw, min_n=1, min_p=1):
    """A problem as the user passes it, with the float64 data the library must see."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = draw(st.integers(min_n, 12))
    p = draw(st.integers(min_p, 7))
    base = rng.standard_normal((n, p))
    shape = draw(st.sampled_from(["gaussian", "sparse", "collinear", "zero column", "constant"]))
    if shape == "sparse":
        base *= rng.random((n, p)) < 0.4
    elif shape == "collinear" and p > 1:
        base[:, -1] = base[:, 0]
    elif shape == "zero column":
        base[:, rng.integers(p)] = 0.0
    elif shape == "constant":
        base[:, rng.integers(p)] = 1.5
    target = draw(st.sampled_from(["model", "noise", "constant", "zero"]))
    if target == "model":
        y = base @ rng.standard_normal(p) + 0.1 * rng.standard_normal(n) + 0.5
    elif target == "noise":
        y = rng.standard_normal(n)
    else:
        y = np.full(n, 0.7 if target == "constant" else 0.0)
    dtype = draw(st.sampled_from(DTYPES))
    if dtype.kind == "f":
        info = np.finfo(dtype if dtype.itemsize <= 8 else np.float64)
        lo, hi = max(-1000, int(info.minexp) - 10), min(1000, int(info.maxexp) - 4)
        ex = draw(st.one_of(st.sampled_from([0, max(lo, -20), min(hi, 20)]), st.integers(lo, hi)))
        X = np.ldexp(base, ex).astype(dtype)
    elif dtype.kind == "b":
        X = (base > 0).astype(dtype)
    else:
        info = np.iinfo(dtype)
        k = draw(st.sampled_from([3, 100, float(info.max) / 8]))
        X = np.clip(np.round(base * k), info.min, info.max).astype(dtype)
    ey = draw(st.one_of(st.sampled_from([0, -30, 30]), st.integers(-1000, 1000)))
    y = np.ldexp(y, ey)
    assume(np.isfinite(X.astype(np.float64)).all() and np.isfinite(y).all())
    seen = X.astype(np.float64)  # exactly the values the library computes with
    layout = draw(st.sampled_from(["C", "F", "strided", "read-only", "sparse"]))
    if layout == "sparse" and dtype in SCIPY_DTYPES:
        fmt = draw(st.sampled_from(SPARSE_FORMATS))
        matrix = sp.coo_array(X) if draw(st.booleans()) else sp.coo_matrix(X)
        X = matrix.asformat(fmt)
    elif layout == "F":
        X = np.asfortranarray(X)
    elif layout == "strided":
        wide = np.zeros((n, 2 * p + 1), dtype=X.dtype)
        wide[:, 1::2] = X
        X = wide[:, 1::2]
    elif layout == "read-only":
        X.flags.writeable = False
    weights = draw(st.sampled_from(["none", "random", "integers", "zeros"]))
    sw = None
    if weights != "none":
        sw = rng.uniform(0.0, 3.0, n) if weights != "integers" else rng.integers(0, 4, n) * 1.0
        if weights == "zeros":
            sw[rng.random(n) < 0.3] = 0.0
        if not (sw > 0).any():
            sw[0] = 1.0
    return {
        "X": X,
        "y": y,
        "seen": seen,
        "dtype": dtype,
        "sample_weight": sw,
        "fit_intercept": draw(st.booleans()),
        "positive": draw(st.booleans()),
    }


def _note(case):
    """Full-precision data in the failure report (the repr of arrays rounds them)."""
    sw = None if case["sample_weight"] is None else case["sample_weight"].tolist()
    note(f"seen={case['seen'].tolist()!r}\ny={case['y'].tolist()!r}\nsample_weight={sw!r}")


def _copy(x):
    if sp.issparse(x):
        return x.copy()
    return None if x is None else np.array(x, copy=True)


def _same(a, b):
    if a is None:
        return b is None
    if sp.issparse(a):
        same = a.format == b.format and a.dtype == b.dtype and a.shape == b.shape
        return same and np.array_equal(a.toarray(), b.toarray())
    return np.array_equal(np.asarray(a), np.asarray(b)) and np.asarray(a).dtype == b.dtype


def _call(fn, *args, **kwargs):
    """Call with warnings recorded; inputs are checked unchanged."""
    copies = [_copy(a) for a in args] + [_copy(kwargs.get("sample_weight"))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", FutureWarning)
        try:
            result = fn(*args, **kwargs)
        except (ValueError, TypeError) as err:
            result = err
    for before, after in zip(copies, [*args, kwargs.get("sample_weight")], strict=True):
        if isinstance(after, np.ndarray) or sp.issparse(after):
            assert _same(before, after), "an input was mutated"
    return result, caught


# ------------------------------------------------------------------------- references
class Reference:
    """The problem in longdouble: weighted, centred, with its objective and duals."""

    def __init__(self, case, normalize):
        X = case["seen"].astype(LD)
        y = case["y"].astype(LD)
        n = X.shape[0]
        sw = np.ones(n, dtype=LD) if case["sample_weight"] is None else case["sample_weight"]
        sw = np.asarray(sw, dtype=LD)
        if normalize:
            sw = sw * n / sw.sum()
        if case["fit_intercept"]:
            self.m = sw @ X / sw.sum()
            self.ym = sw @ y / sw.sum()
            # exact means of what is exactly constant on the weighted rows (the longdouble
            # average of equal values can be off by a rounding, like any float average)
            support = sw > 0
            constant = (X[support] == X[support][:1]).all(axis=0)
            self.m[constant] = X[support][0, constant]
            if (y[support] == y[support][0]).all():
                self.ym = y[support][0]
        else:
            self.m, self.ym = np.zeros(X.shape[1], dtype=LD), LD(0)
        u = np.sqrt(sw)
        self.X, self.y, self.sw, self.n = X, y, sw, n
        self.Xc = u[:, None] * (X - self.m)
        self.yc = u * (y - self.ym)
        self.fit_intercept = case["fit_intercept"]

    def enet_primal(self, w, b, l1, l2):
        l1, l2 = LD(l1), LD(l2)  # Python-float arithmetic would round subnormal strengths
        w = np.asarray(w, dtype=LD)
        r = self.y - self.X @ w - LD(b)
        return (self.sw * r * r).sum() / (2 * self.n) + l1 * np.abs(w).sum() + l2 / 2 * (w @ w)

    def enet_dual(self, w, l1, l2, positive):
        """max of D(θ) over θ = r and θ = s·r, r the centred residual at ``w``."""
        l1, l2 = LD(l1), LD(l2)
        r = self.yc - self.Xc @ np.asarray(w, dtype=LD)
        best = -np.inf
        v0 = self.Xc.T @ r / self.n
        top = np.max(v0) if positive else np.max(np.abs(v0))
        for s in (LD(1), min(LD(1), LD(l1) / top) if top > 0 else LD(1)):
            theta = s * r
            v = s * v0  # Xcᵀθ/n, scaled rather than recomputed: feasible to one rounding
            excess = v - l1 if positive else np.abs(v) - l1
            if l2 > 0:
                conj = (np.maximum(excess, 0) ** 2).sum() / (2 * l2)
            elif (excess > 1e-15 * l1).any():
                continue  # infeasible
            else:
                conj = LD(0)
            best = max(best, (theta @ self.yc - theta @ theta / 2) / self.n - conj)
        if l1 > 0 and l2 > 0:
            # the same primal as a Lasso on [X; √(n l2) I], [y; 0] (scikit-learn's formulation
            # A): its rescaled residual is a dual point too, and robust when l2 is tiny
            w = np.asarray(w, dtype=LD)
            g = v0 - LD(l2) * w
            top = np.max(g) if positive else np.max(np.abs(g))
            s = min(LD(1), LD(l1) / top) if top > 0 else LD(1)
            r2 = r @ r + self.n * LD(l2) * (w @ w)
            best = max(best, s * (r @ self.yc) / self.n - s * s * r2 / (2 * self.n))
        return best

    def enet_dual_at(self, w, l1, l2, positive):
        """D at the library's dual point: θ = s·r, s = min(1, l1/‖Xcᵀr/n‖∞) (1 for ridge)."""
        l1, l2 = LD(l1), LD(l2)
        r = self.yc - self.Xc @ np.asarray(w, dtype=LD)
        v = self.Xc.T @ r / self.n
        top = np.max(v) if positive else np.max(np.abs(v))
        s = min(LD(1), l1 / top) if l1 > 0 and top > 0 else LD(1)
        theta, v = s * r, s * v
        if l2 > 0:
            excess = np.maximum((v if positive else np.abs(v)) - l1, 0)
            conj = (excess**2).sum() / (2 * l2)
        else:
            conj = LD(0)
        return (theta @ self.yc - theta @ theta / 2) / self.n - conj

    def tol_abs(self, tol):
        return tol * (self.yc @ self.yc) / self.n

    def rounding(self, w):
        """Bound on how much the float64 centring of X and y (one rounding per operation,
        sums of n terms) moves the objective at ``w``, in the units of ``enet_primal``."""
        eps = LD(8 * self.n) * LD(np.finfo(np.float64).eps)
        w = np.asarray(w, dtype=LD)
        u = np.sqrt(self.sw)
        size_y = np.sqrt(((u * self.y) ** 2).sum())
        size_X = np.sqrt(((u[:, None] * self.X) ** 2).sum()) * np.sqrt(w @ w)
        e = eps * (size_y + size_X)
        r = np.sqrt(self.yc @ self.yc) + np.sqrt((self.Xc**2).sum()) * np.sqrt(w @ w)
        return (2 * e * r + e * e) / self.n

    def gap_sensitivity(self, w, l1, l2):
        """How much the float64 rounding of Xcᵀr (8n·eps·‖X‖‖r‖ per entry) moves the gap of
        the rescaled residual: through 1/l2 for ridge, through the scale s for the Lasso."""
        l1, l2 = LD(l1), LD(l2)
        w = np.asarray(w, dtype=LD)
        r = self.yc - self.Xc @ w
        u = np.sqrt(self.sw)
        size_X = np.sqrt(((u[:, None] * self.X) ** 2).sum())
        e_v = LD(8 * self.n) * LD(np.finfo(np.float64).eps) * size_X * np.sqrt(r @ r) / self.n
        e_v += np.sqrt(self.rounding(w) * self.n) * size_X / self.n
        v = self.Xc.T @ r / self.n
        if l1 == 0:
            return (np.sqrt(v @ v) + e_v) * e_v * v.size / l2 if l2 > 0 else LD(0)
        top = np.max(np.abs(v))
        if top + e_v <= l1:
            return LD(0)  # s = 1 for both evaluations
        # s = min(1, l1/‖v‖∞) moves by at most min(1, e_v / l1)
        return min(LD(1), e_v / l1) * (abs(r @ self.yc) + r @ r) / self.n

    def tol_range(self, tol):
        """The tolerance ``tol · ‖y − ȳ‖²/n`` as the library computes it, within rounding."""
        u = np.sqrt(self.sw)
        e = LD(8 * self.n) * LD(np.finfo(np.float64).eps) * np.sqrt(((u * self.y) ** 2).sum())
        norm = np.sqrt(self.yc @ self.yc)
        lo = tol * max(norm - e, LD(0)) ** 2 / self.n
        return lo, tol * (norm + e) ** 2 / self.n

    def alpha_max(self, l1_ratio, positive):
        g = self.Xc.T @ self.yc
        top = max(np.max(g), 0) if positive else np.max(np.abs(g))
        return top / (self.n * l1_ratio)


def _ldexp(value, exponent):
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        return math.inf


def _unit(case):
    """The test's own powers of two: X = 2^ex X1, y = 2^ey y1 with X1, y1 of order 1."""
    xmax = float(np.max(np.abs(case["seen"])))
    ymax = float(np.max(np.abs(case["y"])))
    ex = math.frexp(xmax)[1] if xmax > 0 else 0
    ey = math.frexp(ymax)[1] if ymax > 0 else 0
    return ex, ey


def _sk_enet(case, alpha, l1_ratio):
    ex, ey = _unit(case)
    # X = 2^ex X1, y = 2^ey y1: the L1 strength scales by 2^-(ex+ey), the L2 one by 2^-2ex
    l1 = _ldexp(alpha * l1_ratio, -ex - ey)
    l2 = _ldexp(alpha * (1 - l1_ratio), -2 * ex)
    est = ElasticNet(
        alpha=l1 + l2,
        l1_ratio=l1 / (l1 + l2),
        fit_intercept=case["fit_intercept"],
        positive=case["positive"],
        tol=1e-12,
        max_iter=100_000,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(np.ldexp(case["seen"], -ex), np.ldexp(case["y"], -ey), case["sample_weight"])
    w = np.ldexp(est.coef_.astype(LD), ey - ex)
    b = np.ldexp(LD(est.intercept_), ey)
    return w, b


def _sk_ridge(case, alpha):
    ex, ey = _unit(case)
    a = _ldexp(alpha, -2 * ex)
    X1, y1 = np.ldexp(case["seen"], -ex), np.ldexp(case["y"], -ey)
    if case["positive"]:
        ref = Reference({**case, "seen": X1, "y": y1}, normalize=False)
        A = np.vstack([ref.Xc.astype(float), math.sqrt(a) * np.eye(X1.shape[1])])
        rhs = np.concatenate([ref.yc.astype(float), np.zeros(X1.shape[1])])
        w1 = scipy.optimize.nnls(A, rhs, maxiter=1000)[0]
        b1 = ref.ym - ref.m @ w1.astype(LD)
    else:
        est = Ridge(alpha=a, fit_intercept=case["fit_intercept"], solver="svd")
        est.fit(X1, y1, sample_weight=case["sample_weight"])
        w1, b1 = est.coef_, est.intercept_
    return np.ldexp(np.asarray(w1, dtype=LD), ey - ex), np.ldexp(LD(b1), ey)


# ----------------------------------------------------------------------------- checks
def _check_result(res, caught, case, ref, primal, dual, ref_w, tol, unit, tol_unit, mu=0.0):
    """The checks of the module docstring on one SolverResult.

    ``unit`` converts the elastic net's objective to the solver's (1, or 2n for ridge) and
    ``tol_unit`` its tolerance ``tol · ‖y − ȳ‖²/n`` (1, or n for ridge's ``tol · ‖y − ȳ‖²``).
    """
    dtype = _kept(case["dtype"])
    assert res.coef.dtype == dtype and res.coef.shape == (case["seen"].shape[1],)
    assert type(res.intercept) is dtype.type
    assert not np.isnan(res.coef).any() and not np.isnan(res.intercept)
    assert type(res.dual_gap) is np.float64 and not np.isnan(res.dual_gap)
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    lo, hi = (tol_unit * t for t in ref.tol_range(tol))
    subnormal = float(np.finfo(np.float64).smallest_subnormal)  # the gap is rounded up
    if res.converged:
        assert np.isfinite(res.dual_gap) and res.dual_gap <= hi * (1 + 1e-9) + subnormal
    else:
        assert warned, "converged=False without a ConvergenceWarning"
        assert not res.dual_gap <= lo * (1 - 1e-9), "a gap within tol, but not converged"
    # P at the returned w with its optimal intercept b*(w); the returned b is b*(w) rounded
    w = res.coef.astype(LD)
    b_opt = ref.ym - ref.m @ w
    # the rounding of the weighted means ȳ and x̄ (sums of n terms) in b = ȳ − x̄ᵀw
    mean_abs = ref.sw @ np.abs(ref.X) / ref.sw.sum()
    size_b = ref.sw @ np.abs(ref.y) / ref.sw.sum() + mean_abs @ np.abs(w)
    eps_out = LD(np.finfo(dtype).eps)
    floor = LD(float(np.finfo(dtype).smallest_subnormal))
    # b is computed from the unrounded coefficients: add x̄ᵀ(their rounding)
    spacing = np.spacing(np.abs(res.coef)).astype(LD)
    floor += mean_abs @ spacing
    assert abs(LD(res.intercept) - b_opt) <= 4 * ref.n * eps_out * size_b + floor
    ours = primal(res.coef, b_opt)
    reference = primal(ref_w, ref.ym - ref.m @ ref_w)
    p0 = primal(np.zeros_like(ref_w), ref.ym)
    slack = 1e-9 * max(p0, reference, ours) + unit * (ref.rounding(w) + ref.rounding(ref_w))
    # the certificate never says more than it proved (compared once rounded to float64)
    assert res.dual_gap >= np.float64(ours - reference - slack), (
        f"gap {res.dual_gap:.3e} below the proven sub-optimality {float(ours - reference):.3e}"
    )
    if res.converged:
        lower = max(dual(res.coef), dual(ref_w))
        assert np.float64(ours - lower) <= np.float64(hi + slack), (
            f"converged, but P − D = {float(ours - lower):.3e} > tol {float(hi):.3e}"
        )
        if mu > 0:  # strong convexity: (μ/2)‖w − w*‖² <= P(w) − P*
            bound = np.sqrt(2 * max(ours - lower + slack, LD(0)) / LD(mu))
            bound += np.sqrt(2 * max(reference - lower + slack, LD(0)) / LD(mu))
            dist = np.sqrt(((w - ref_w) ** 2).sum())
            tiny = LD(float(np.finfo(dtype).smallest_subnormal)) * np.sqrt(LD(w.size))
            assert dist <= LD(1.01) * bound + 1e-12 * np.abs(ref_w).max(initial=0) + 4 * tiny


def _check_error(err, case, ref_w, far_start=False):
    """Errors name an argument; 'too large' only where the reference coefficients are."""
    message = str(err)
    assert any(name in message for name in ("X", "y", "alpha", "sample_weight", "coef_init"))
    if "beyond the range of float64" in message and not far_start:
        assert np.abs(ref_w).max() > np.finfo(np.float64).max / 4  # only where it is


# ------------------------------------------------------------------------------ tests
@FUZZ
@given(
    case=problems(),
    frac=st.floats(1e-3, 2.0),
    l1_ratio=st.sampled_from([1.0, 0.5, 0.9, 0.1]),
    tol=st.sampled_from([1e-4, 1e-8, 1e-11]),
    solver=st.sampled_from(["auto", "auto", "working_set", "cd", "fista"]),
    start=st.sampled_from([None, None, 0.0, 1.0, 1e3, -1e3]),
)
def test_elastic_net_against_references(case, frac, l1_ratio, tol, solver, start):
    _note(case)
    ref = Reference(case, normalize=True)
    a_max = float(ref.alpha_max(l1_ratio, case["positive"]))
    alpha = frac * a_max if a_max > 0 else frac
    ex, ey = _unit(case)
    assume(np.isfinite(alpha) and alpha > 0 and 1e-300 < _ldexp(alpha, -ex - ey) < 1e300)
    assume(_ldexp(alpha, -2 * ex) < 1e300)  # scikit-learn's reference needs a finite l2
    if solver == "cd" and sp.issparse(case["X"]):
        solver = "auto"
    if solver == "fista":
        tol = max(tol, 1e-6)
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    coef_init = None  # a warm start of the solution's scale times `start`, near or far
    if start is not None:
        rng = np.random.default_rng(abs(int(start)) + 1)
        with np.errstate(over="ignore"):
            coef_init = np.ldexp(start * rng.standard_normal(case["seen"].shape[1]), ey - ex)
        if not np.isfinite(coef_init).all():
            coef_init = None  # a start beyond float64's range is not an input one can pass
    res, caught = _call(
        sn.elastic_net,
        case["X"],
        case["y"],
        alpha,
        l1_ratio,
        fit_intercept=case["fit_intercept"],
        positive=case["positive"],
        tol=tol,
        solver=solver,
        max_iter=20_000,
        coef_init=coef_init,
        sample_weight=case["sample_weight"],
    )
    ref_w, _ = _sk_enet(case, alpha, l1_ratio)
    if isinstance(res, Exception):
        # an iterate from a far warm start may still be far when max_iter stops it
        _check_error(res, case, ref_w, far_start=start is not None and abs(start) > 1)
        return
    _check_result(
        res,
        caught,
        case,
        ref,
        lambda w, b: ref.enet_primal(w, b, l1, l2),
        lambda w: ref.enet_dual(w, l1, l2, case["positive"]),
        ref_w,
        tol,
        1,
        1,
        mu=l2,
    )


@FUZZ
@given(
    case=problems(),
    log_alpha=st.floats(-3, 3),
    tol=st.sampled_from([1e-4, 1e-8, 1e-11]),
    solver=st.sampled_from(["auto", "cholesky", "svd", "lsqr", "sparse_cg", "lbfgs"]),
)
def test_ridge_against_references(case, log_alpha, tol, solver):
    _note(case)
    ref = Reference(case, normalize=False)
    scale = float(np.max(np.sum(ref.Xc**2, axis=0))) or 1.0
    alpha = 10.0**log_alpha * scale
    scaled = _ldexp(alpha, -2 * _unit(case)[0])
    assume(np.isfinite(alpha) and alpha > 0 and 1e-300 < scaled < 1e300)
    if case["positive"] and solver not in ("auto", "lbfgs"):
        solver = "auto"
    res, caught = _call(
        sn.ridge,
        case["X"],
        case["y"],
        alpha,
        fit_intercept=case["fit_intercept"],
        positive=case["positive"],
        tol=tol,
        solver=solver,
        sample_weight=case["sample_weight"],
    )
    ref_w, _ = _sk_ridge(case, alpha)
    if isinstance(res, Exception):
        _check_error(res, case, ref_w)
        return
    n = ref.n
    # ridge = 2n × the elastic net with l1 = 0, l2 = α/n, on the unnormalised weights
    _check_result(
        res,
        caught,
        case,
        ref,
        lambda w, b: 2 * n * ref.enet_primal(w, b, 0.0, LD(alpha) / n),
        lambda w: 2 * n * ref.enet_dual(w, 0.0, LD(alpha) / n, case["positive"]),
        ref_w,
        tol,
        2 * n,
        n,
        mu=2 * alpha,
    )


@FUZZ
@given(
    case=problems(),
    l1_ratio=st.sampled_from([1.0, 0.5, 0.0]),
    log_alpha=st.floats(-3, 1),
    spread=st.floats(-3, 1),
)
def test_duality_gaps_against_references(case, l1_ratio, log_alpha, spread):
    """The gap functions at arbitrary points: equal to the longdouble duals, valid bounds."""
    _note(case)
    ref = Reference(case, normalize=True)
    a_max = float(ref.alpha_max(1.0, case["positive"])) or 1.0
    alpha = 10.0**log_alpha * a_max
    ex, ey = _unit(case)
    assume(np.isfinite(alpha) and 1e-300 < _ldexp(alpha, -ex - ey) < 1e300)
    assume(_ldexp(alpha, -2 * ex) < 1e300)  # scikit-learn's reference needs a finite l2
    rng = np.random.default_rng(int(abs(spread) * 1e6))
    with np.errstate(over="ignore"):
        w = np.ldexp(rng.standard_normal(ref.X.shape[1]) * 10.0**spread, ey - ex)
    assume(np.isfinite(w).all())
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    kw = dict(fit_intercept=case["fit_intercept"], positive=case["positive"])
    kw["sample_weight"] = case["sample_weight"]
    gap, _ = _call(sn.enet_duality_gap, case["X"], case["y"], w, alpha, l1_ratio, **kw)
    if isinstance(gap, Exception):
        assert "alpha is too large" in str(gap), f"enet_duality_gap raised {gap!r}"
        return
    colsq = float(np.max((ref.Xc**2).sum(axis=0)))
    assert type(gap) is np.float64 and not np.isnan(gap)
    if case["positive"] and (w < 0).any():
        assert gap == np.inf
        return
    primal = ref.enet_primal(w, ref.ym - ref.m @ w.astype(LD), l1, l2)
    # a proven lower bound of the true sub-optimality: P(w) − P(any point)
    assume(l1_ratio > 0 or _ldexp(ref.n * l2, -2 * ex) < 1e290)
    sk_w, _ = _sk_enet(case, alpha, l1_ratio) if l1_ratio > 0 else _sk_ridge_enet(case, l2)
    best = ref.enet_primal(sk_w, ref.ym - ref.m @ sk_w, l1, l2)
    p0 = ref.enet_primal(np.zeros_like(w), ref.ym, l1, l2)
    slack = 1e-9 * max(p0, primal) + ref.rounding(w) + ref.rounding(sk_w)
    assert gap >= np.float64(primal - best - slack)
    # the same dual point as the reference where the formulas coincide (Lasso: the rescaled
    # residual; ridge: the residual); the elastic net uses scikit-learn's formulation A
    if l2 == 0 or l1 == 0:
        same = ref.enet_dual_at(w, l1, l2, case["positive"])
        sens = ref.gap_sensitivity(w, l1, l2)
        expected = primal - same
        if gap == np.inf:  # the right float64 answer only beyond float64's range ...
            beyond = expected + slack + sens >= LD(np.finfo(np.float64).max) * (1 - 1e-9)
            # ... or where the ridge strength relative to ‖X‖² underflows (not certifiable)
            assert beyond or colsq == 0 or (l2 > 0 and _ldexp(l2 / colsq, 1000) < 1)
        else:
            subnormal = LD(float(np.finfo(np.float64).smallest_subnormal))  # rounded up
            assert abs(gap - expected) <= slack + sens + 1e-9 * abs(expected) + 2 * subnormal
    if l1_ratio == 0:
        ridge_gap, _ = _call(
            sn.ridge_duality_gap,
            case["X"],
            case["y"],
            w,
            ref.n * alpha,  # ridge's ‖r‖² + α‖w‖² is 2n times the enet's with l2 = α/n
            fit_intercept=case["fit_intercept"],
            positive=case["positive"],
        )
        if case["sample_weight"] is None and np.isfinite(gap) and np.isfinite(ridge_gap):
            n = ref.n
            floor = (2 * n + 2) * float(np.finfo(np.float64).smallest_subnormal)
            assert ridge_gap == pytest.approx(
                2 * n * gap, rel=1e-6, abs=float(2 * n * slack) + floor
            )


def _sk_ridge_enet(case, l2):
    """The elastic net with l1 = 0 is ridge with alpha = n l2 on the normalised weights."""
    n = case["seen"].shape[0]
    sw = case["sample_weight"]
    if sw is not None:
        sw = sw * n / sw.sum()
    return _sk_ridge({**case, "sample_weight": sw}, n * l2)


@FUZZ
@given(case=problems(), l1_ratio=st.sampled_from([1.0, 0.5]), n_alphas=st.integers(1, 4))
def test_alpha_max_grid_and_path(case, l1_ratio, n_alphas):
    _note(case)
    ref = Reference(case, normalize=True)
    kw = dict(fit_intercept=case["fit_intercept"], positive=case["positive"])
    kw["sample_weight"] = case["sample_weight"]
    a_max, _ = _call(sn.lasso_alpha_max, case["X"], case["y"], l1_ratio=l1_ratio, **kw)
    expected = ref.alpha_max(l1_ratio, case["positive"])
    assert type(a_max) is np.float64
    if expected > np.finfo(np.float64).max:
        assert a_max == np.inf
        return
    # the rounding of the implicitly centred Xᵀy: 8n·eps·‖X‖‖y‖ / (n ρ)
    u = np.sqrt(ref.sw)
    size = np.sqrt(((u[:, None] * ref.X) ** 2).sum() * ((u * ref.y) ** 2).sum())
    rounding = 8 * LD(np.finfo(np.float64).eps) * size / l1_ratio
    assert abs(LD(a_max) - expected) <= 1e-12 * expected + rounding + LD(2.0) ** -1074
    grid, _ = _call(
        sn.alpha_grid, case["X"], case["y"], l1_ratio=l1_ratio, eps=0.01, n_alphas=n_alphas, **kw
    )
    assert grid.shape == (n_alphas,) and (np.diff(grid) <= 0).all()
    if a_max > np.finfo(np.float64).resolution:
        assert grid[0] == pytest.approx(a_max, rel=1e-14)
        assert grid[-1] == pytest.approx(a_max * (0.01 if n_alphas > 1 else 1), rel=1e-12)
    out, caught = _call(
        sn.enet_path,
        case["X"],
        case["y"],
        l1_ratio=l1_ratio,
        eps=0.01,
        alphas=n_alphas,
        tol=1e-8,
        **kw,
    )
    if isinstance(out, Exception):
        _check_error(out, case, np.array([np.inf]))
        return
    alphas, coefs, gaps = out
    np.testing.assert_array_equal(alphas, grid)
    assert coefs.shape == (ref.X.shape[1], n_alphas) and coefs.dtype == _kept(case["dtype"])
    assert not np.isnan(coefs).any() and not np.isnan(gaps).any()
    tol_abs = ref.tol_range(1e-8)[1] * (1 + 1e-9) + float(np.finfo(np.float64).smallest_subnormal)
    if not (gaps <= tol_abs).all():
        assert any(issubclass(w.category, ConvergenceWarning) for w in caught)
    if a_max > np.finfo(np.float64).resolution and np.isfinite(gaps[0]):
        assert np.all(coefs[:, 0] == 0)  # alpha_max: exactly zero
    for k, alpha in enumerate(alphas):
        l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
        b = ref.ym - ref.m @ coefs[:, k].astype(LD)
        primal = ref.enet_primal(coefs[:, k], b, l1, l2)
        lower = ref.enet_dual(coefs[:, k], l1, l2, case["positive"])
        slack = 1e-9 * ref.enet_primal(np.zeros(ref.X.shape[1]), ref.ym, l1, l2)
        slack += ref.rounding(coefs[:, k])
        if gaps[k] <= tol_abs:
            assert np.float64(primal - lower) <= np.float64(tol_abs + slack)


@FUZZ
@given(
    n=st.integers(0, 3),
    p=st.integers(0, 3),
    fn=st.sampled_from(["lasso", "elastic_net", "ridge", "lasso_path", "lasso_alpha_max"]),
)
def test_empty_and_tiny_problems(n, p, fn):
    rng = np.random.default_rng(n * 7 + p)
    X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
    call = {
        "lasso": lambda: sn.lasso(X, y, 0.1),
        "elastic_net": lambda: sn.elastic_net(X, y, 0.1),
        "ridge": lambda: sn.ridge(X, y),
        "lasso_path": lambda: sn.lasso_path(X, y, alphas=2),
        "lasso_alpha_max": lambda: sn.lasso_alpha_max(X, y),
    }[fn]
    if n == 0 or p == 0:
        with pytest.raises(ValueError, match="X must have at least one"):
            call()
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning on a well-posed tiny problem
        out = call()
    if fn == "lasso" and n == 1:  # one sample, centred: nothing left to fit
        assert np.all(out.coef == 0) and out.intercept == y[0] and out.converged


@FUZZ
@given(
    name=st.sampled_from(["X", "y", "sample_weight", "alpha", "coef_init", "tol", "max_iter"]),
    bad=st.sampled_from(["nan", "inf", "shape", "complex", "string", "negative"]),
    fn=st.sampled_from(["lasso", "ridge", "gap", "path"]),
)
def test_bad_arguments_are_named(name, bad, fn):
    rng = np.random.default_rng(0)
    args = {"X": rng.standard_normal((6, 3)), "y": rng.standard_normal(6), "alpha": 0.1}
    args["sample_weight"], args["coef_init"] = np.ones(6), np.zeros(3)
    args["tol"], args["max_iter"] = 1e-4, 100
    value = args[name]
    if bad in ("nan", "inf"):
        value = np.array(value, dtype=float)
        if value.ndim == 0:
            value = float(bad)
        else:
            value.flat[0] = float(bad)
    elif bad == "shape":
        value = np.ones((2, 2, 2)) if name in ("X",) else np.ones(9)
    elif bad == "complex":
        value = np.asarray(value) * 1j
    elif bad == "string":
        value = "abc"
    elif bad == "negative":
        value = -np.abs(np.asarray(value, dtype=float)) - 1
        if name in ("X", "y", "coef_init"):
            return  # negative data are fine
    if name in ("coef_init", "max_iter", "tol") and fn == "gap":
        return
    if name == "alpha" and bad == "shape" and fn == "path":
        value = np.ones((2, 2))
    if name == "coef_init" and fn == "ridge":
        return
    args[name] = value
    X, y, alpha = args.pop("X"), args.pop("y"), args.pop("alpha")
    if fn == "lasso":
        call = lambda: sn.lasso(X, y, alpha, **args)  # noqa: E731
    elif fn == "ridge":
        args.pop("coef_init")
        call = lambda: sn.ridge(X, y, alpha, **args)  # noqa: E731
    elif fn == "gap":
        args.pop("coef_init"), args.pop("tol"), args.pop("max_iter")
        call = lambda: sn.lasso_duality_gap(X, y, np.zeros(3), alpha, **args)  # noqa: E731
    else:
        args["alphas"] = [alpha] if np.ndim(alpha) == 0 and not isinstance(alpha, str) else alpha
        call = lambda: sn.lasso_path(X, y, **args)  # noqa: E731
        name = "alphas" if name == "alpha" else name
    with pytest.raises((ValueError, TypeError)) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            call()
    assert name in str(info.value), f"{info.value!r} does not name {name}"


def test_longdouble_beyond_float64_is_an_error():
    X = np.ones((3, 2), dtype=np.longdouble)
    X[0, 0] = np.longdouble(2) ** 2000
    with pytest.raises(ValueError, match="X has entries beyond the range of float64"):
        sn.lasso(X, np.ones(3), 0.1)
    with pytest.raises(ValueError, match="y has entries beyond the range of float64"):
        sn.ridge(np.eye(3), np.array([1, 2, np.longdouble(2) ** 2000]))
