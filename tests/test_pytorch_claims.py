"""Every number and claim of the PyTorch gallery page, checked independently.

The page (``gallery/pytorch/plot_1_l1_in_network_training.py``) runs once, in-process, with its
figures discarded; its printed lines and variables are then checked against computations that
do not share its code: the data rebuilt from scikit-learn's digits, the training runs redone by
a loop of this file (the penalty's gradient added by hand instead of by autograd, PyTorch's
``softshrink`` instead of :func:`sparsenorm.prox_l1`, Adam's thresholds from PyTorch's own
denominator formula), the optimality conditions of the L1 problem in float64 numpy,
scikit-learn's solvers, and exact rational arithmetic (:class:`fractions.Fraction`) for the
algebraic claims. The page relies on :func:`sparsenorm.prox_l1` accepting a torch tensor and
returning one (the array-API contract of issue 11); the first tests state that contract.
"""

import contextlib
import functools
import io
import itertools
import math
import re
import runpy
import textwrap
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

import matplotlib  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.linear_model import LogisticRegression, SGDClassifier  # noqa: E402

import sparsenorm as sn  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

F = torch.nn.functional
PAGE = (
    Path(__file__).resolve().parents[1]
    / "gallery"
    / "pytorch"
    / "plot_1_l1_in_network_training.py"
)
ALPHA, SGD_LR, ADAM_LR, EPOCHS, BATCH = 0.04, 0.3, 0.01, 20, 32


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """One thread, as on the page: the runs reduce in one order (and a busy machine does not
    make PyTorch's thread pool spin)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def run_page():
    """Run the page once; return (printed text, its global variables). A page that fails is
    not re-run by every test: its error is raised again."""
    if "result" not in _PAGE_RUN:
        try:
            _PAGE_RUN["result"] = _execute_page()
        except Exception as error:  # re-raised by every caller
            _PAGE_RUN["result"] = error
    if isinstance(_PAGE_RUN["result"], Exception):
        raise RuntimeError(f"the page failed: {_PAGE_RUN['result']!r}") from _PAGE_RUN["result"]
    return _PAGE_RUN["result"]


_PAGE_RUN = {}


def _execute_page():
    """Torch's global settings (threads, deterministic mode) are restored afterwards."""
    out = io.StringIO()
    show = plt.show
    threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    plt.show = lambda *args, **kwargs: None
    try:
        with contextlib.redirect_stdout(out), np.printoptions(), matplotlib.rc_context():
            namespace = runpy.run_path(str(PAGE), run_name="__main__")
    finally:
        plt.show = show
        plt.close("all")
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)
    return out.getvalue(), namespace


def printed():
    return run_page()[0]


def page():
    return run_page()[1]


def number_after(label, text=None):
    """The first number printed after ``label`` (a literal string) on the page."""
    match = re.search(
        re.escape(label) + r"\s*([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)", text or printed()
    )
    assert match, f"{label!r} not printed"
    return float(match.group(1))


# -- the data, rebuilt independently ---------------------------------------------------------


@functools.cache
def data():
    digits = load_digits()
    rows = [i for i, t in enumerate(digits.target) if t in (3, 8)]
    images = digits.data[rows]
    varying = [j for j in range(64) if len(set(images[:, j])) > 1]
    x = images[:, varying]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    y = np.array([float(digits.target[i] == 8) for i in rows])
    return x, y, images, varying


def tensors():
    x, y, _, _ = data()
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


def test_data_counts():
    x, y, images, varying = data()
    assert (
        printed().splitlines()[0]
        == f"{len(y)} images, {len(varying)} pixels, {int(y.sum())} eights"
    )
    assert (len(y), len(varying), int(y.sum())) == (357, 54, 174)
    blank = [j for j in range(64) if j not in varying]
    assert len(blank) == 10 and all(images[:, j].max() == 0 for j in blank)  # "blank": all 0
    np.testing.assert_allclose(page()["X_np"], x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(x.std(axis=0), 1, atol=1e-12)
    assert page()["X"].dtype == torch.float32


def test_model_sizes():
    ns = page()
    assert ns["all_weights"](ns["logistic"]()).numel() == 54
    assert ns["all_weights"](ns["network"]()).numel() == 54 * 16 + 16 == 880
    assert ns["alpha"] == ALPHA and ns["SGD_LR"] == SGD_LR and ns["ADAM_LR"] == ADAM_LR
    assert ns["EPOCHS"] == EPOCHS
    assert math.isclose(SGD_LR * ALPHA, 0.012)  # the value of eta * alpha the prose states


def test_printed_lines_fit_80_columns():
    assert max(len(line) for line in printed().splitlines()) <= 80


def test_only_the_weights_are_penalised():
    ns = page()
    model = ns["network"]()
    penalised = {id(w) for w in ns["penalised"](model)}
    for name, parameter in model.named_parameters():
        assert (id(parameter) in penalised) == name.endswith("weight"), name


# -- the array-API contract the page relies on (issue 11, part 2) ------------------------------


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_prox_l1_returns_a_tensor_of_the_same_kind(dtype):
    x = torch.tensor([3.0, -0.2, 0.5, -1.5], dtype=dtype)
    before = x.clone()
    u = sn.prox_l1(x, 0.5)
    assert isinstance(u, torch.Tensor), f"sparsenorm.prox_l1 returned {type(u).__name__}"
    assert u.dtype == dtype and u.device == x.device
    assert torch.equal(x, before)  # input not mutated
    assert torch.equal(u, torch.tensor([2.5, 0.0, 0.0, -1.0], dtype=dtype))


def test_softshrink_rounds_the_threshold_to_the_dtype_first():
    """The page: softshrink computes the same soft thresholding 'with the threshold rounded to
    the tensor's dtype first'. The probe x = float32(0.3), threshold 0.3: prox_l1 gives the
    correctly rounded float32(0.3) - 0.3 (about 1.19e-8), softshrink subtracts float32(0.3)
    and gives 0, which is prox_l1 at the rounded threshold."""
    x = torch.tensor([0.3, -0.3], dtype=torch.float32)
    gap = Fraction(float(np.float32(0.3))) - Fraction(0.3)
    assert gap > 0 and float(np.float32(gap)) == pytest.approx(1.19e-8, abs=5e-11)
    assert sn.prox_l1(x, 0.3).tolist() == [float(np.float32(gap)), -float(np.float32(gap))]
    assert F.softshrink(x, 0.3).tolist() == [0.0, 0.0]
    assert torch.equal(F.softshrink(x, 0.3), sn.prox_l1(x, float(np.float32(0.3))))
    prose = " ".join(page_prose().split())
    assert "For float32 and float64 tensors PyTorch's own" in prose
    assert "the threshold rounded to the tensor's dtype first, up to the sign of a zero" in prose


@settings(max_examples=200, deadline=None)
@given(
    xs=st.lists(
        st.floats(width=32, min_value=-1e6, max_value=1e6, allow_subnormal=False),
        min_size=1,
        max_size=40,
    ),
    threshold=st.floats(min_value=1e-6, max_value=1e6),
)
def test_softshrink_is_prox_l1_at_the_threshold_rounded_to_float32(xs, threshold):
    """Bit for bit on float32 CPU tensors, for float64 thresholds drawn anywhere in
    [1e-6, 1e6] (most not float32 numbers), and the two differ only through that rounding."""
    x = torch.tensor(xs, dtype=torch.float32)
    rounded = float(np.float32(threshold))
    shrunk = F.softshrink(x, threshold)
    assert torch.equal(shrunk, sn.prox_l1(x, rounded))
    for value, got in zip(xs, shrunk.tolist(), strict=True):
        exact = soft(Fraction(value), Fraction(rounded))
        if Fraction(float(exact)) == exact:  # exact in float64: one rounding to float32
            assert got == float(np.float32(float(exact)))


def test_prox_l1_is_not_always_correctly_rounded_for_a_threshold_outside_the_dtype():
    """The docstrings of prox_l1 (sparsenorm/prox.py, sparsenorm/_array_api.py): float32
    x = 1, step = 2**-25 + 2**-77 (a float64, not a float32) gives 1, while the float32
    nearest to the exact 1 - step is 1 - 2**-24; a float32 threshold gives the nearest."""
    step = 2.0**-25 + 2.0**-77
    assert Fraction(step) == Fraction(1, 2**25) + Fraction(1, 2**77)  # held exactly
    assert float(np.float32(step)) != step  # not a float32 number
    exact = 1 - Fraction(step)
    below, above = Fraction(1 - 2.0**-24), Fraction(1)  # the float32 numbers around it
    assert below < exact < above and exact - below < above - exact  # nearest: 1 - 2**-24
    for x in (torch.ones(3, dtype=torch.float32), np.ones(3, dtype=np.float32)):
        assert np.asarray(sn.prox_l1(x, step)).tolist() == [1.0] * 3
    # numpy's blocked kernel for large arrays takes the same float64 route
    assert np.all(sn.prox_l1(np.ones(1 << 17, dtype=np.float32), step) == 1)
    for x in (torch.ones(2, dtype=torch.float32), np.ones(2, dtype=np.float32)):
        assert np.asarray(sn.prox_l1(x, 2.0**-24)).tolist() == [1 - 2.0**-24] * 2


def test_prox_l1_on_a_parameter_in_no_grad_and_softshrink_agree():
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(200))
    with torch.no_grad():
        u = sn.prox_l1(w, 0.3)
    assert isinstance(u, torch.Tensor) and not u.requires_grad
    # PyTorch's softshrink is the same soft thresholding (the page says so), up to the rounding
    # of the threshold: softshrink subtracts float32(0.3), sparsenorm may subtract 0.3 and round
    shrunk = F.softshrink(w.detach(), 0.3)
    assert torch.all((u - shrunk).abs() <= torch.finfo(torch.float32).eps * w.detach().abs())
    assert torch.equal(u == 0, shrunk == 0)


# -- an independent training loop ------------------------------------------------------------


def build(kind):
    torch.manual_seed(0)
    x, _ = tensors()
    p = x.shape[1]
    if kind == "logistic":
        return torch.nn.Linear(p, 1)
    return torch.nn.Sequential(torch.nn.Linear(p, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))


def weights_of(model):
    return [m.weight for m in model.modules() if isinstance(m, torch.nn.Linear)]


def flat(model):
    return torch.cat([w.detach().ravel() for w in weights_of(model)])


def train_independently(kind, optimiser, lr, mode, epochs=EPOCHS, batch_size=BATCH, seed=0):
    """Redo a training run: returns (model, zeros after each epoch, zeros summed over steps).

    ``mode``: "loss" adds alpha * sign(w) to the gradient by hand; "prox" soft-thresholds with
    ``softshrink`` at lr * alpha; "adam" with lr * alpha / denominator, the denominator as
    PyTorch's Adam computes it (sqrt(exp_avg_sq) / sqrt(1 - beta2**t) + eps).
    """
    x, y = tensors()
    n = x.shape[0]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the page: reductions in one order
    try:
        return _train(x, y, n, kind, optimiser, lr, mode, epochs, batch_size, seed)
    finally:
        torch.set_num_threads(threads)


def _train(
    x, y, n, kind, optimiser, lr, mode, epochs, batch_size, seed=0, model=None, optimizer=None,
    alpha=ALPHA, after_epoch=None,
):  # fmt: skip
    model = build(kind) if model is None else model
    optimizer = optimiser(model.parameters(), lr=lr) if optimizer is None else optimizer
    weights = weights_of(model)
    shuffle = torch.Generator().manual_seed(seed)
    zeros, zeros_at_steps = [], 0
    for _ in range(epochs):
        for batch in torch.randperm(n, generator=shuffle).split(batch_size):
            optimizer.zero_grad()
            F.binary_cross_entropy_with_logits(model(x[batch])[:, 0], y[batch]).backward()
            if mode == "loss":
                for w in weights:
                    w.grad += alpha * torch.sign(w.detach())
            optimizer.step()
            with torch.no_grad():
                for w in weights:
                    if mode == "prox":
                        w.copy_(F.softshrink(w, lr * alpha))
                    elif mode == "adam":
                        group, state = optimizer.param_groups[0], optimizer.state[w]
                        t = float(state["step"])
                        denom = (
                            state["exp_avg_sq"].sqrt() / math.sqrt(1 - group["betas"][1] ** t)
                            + group["eps"]
                        )
                        tau = lr * alpha / denom
                        w.copy_(torch.sign(w) * torch.clamp(w.abs() - tau, min=0))
            zeros_at_steps += sum(int((w == 0).sum()) for w in weights)
        zeros.append(sum(int(np.count_nonzero(w.detach().numpy() == 0)) for w in weights))
        if after_epoch is not None:
            after_epoch(model)
    return model, zeros, zeros_at_steps


RUNS = {
    "logistic, SGD": ("logistic", torch.optim.SGD, SGD_LR, "loss"),
    "logistic, Adam": ("logistic", torch.optim.Adam, ADAM_LR, "loss"),
    "network, SGD": ("network", torch.optim.SGD, SGD_LR, "loss"),
    "network, Adam": ("network", torch.optim.Adam, ADAM_LR, "loss"),
    "logistic, prox": ("logistic", torch.optim.SGD, SGD_LR, "prox"),
    "network, prox": ("network", torch.optim.SGD, SGD_LR, "prox"),
    "Adam, per-coordinate": ("logistic", torch.optim.Adam, ADAM_LR, "adam"),
    "Adam, global": ("logistic", torch.optim.Adam, ADAM_LR, "prox"),
    "network, Adam, per-coordinate": ("network", torch.optim.Adam, ADAM_LR, "adam"),
    "network, Adam, global": ("network", torch.optim.Adam, ADAM_LR, "prox"),
}


@functools.cache
def redo(label):
    return train_independently(*RUNS[label])


@pytest.mark.parametrize("label", list(RUNS))
def test_zero_counts_of_every_run_match_an_independent_run(label):
    model, zeros, _ = redo(label)
    assert page()["zero_counts"][label] == zeros
    if label in page()["models"]:
        torch.testing.assert_close(
            page()["all_weights"](page()["models"][label]), flat(model), rtol=0, atol=1e-6
        )


def table_row(label):
    match = re.search(rf"^{re.escape(label)}\s+(.*)$", printed(), re.M)
    assert match, label
    return [int(v) for v in match.group(1).split()]


@pytest.mark.parametrize(
    "label", ["logistic, SGD", "logistic, Adam", "network, SGD", "network, Adam"]
)
def test_the_loss_term_gives_no_zero_at_any_step(label):
    model, zeros, zeros_at_steps = redo(label)
    lr = SGD_LR if label.endswith("SGD") else ADAM_LR
    size = flat(model).abs().numpy()
    assert zeros_at_steps == 0  # not at the end of any epoch, nor after any step
    expected = [
        size.size,
        int(np.count_nonzero(size == 0)),
        max(zeros),
        int(np.count_nonzero(size < lr * ALPHA)),
        int(np.count_nonzero(size < lr)),
    ]
    assert table_row(label) == expected
    assert expected[1:3] == [0, 0]


def page_prose():
    """The page's text: its comment lines, joined with single spaces."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    return " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))


def test_the_loss_term_keeps_weights_hovering():
    sgd, adam = (flat(redo(f"network, {o}")[0]).abs().numpy() for o in ("SGD", "Adam"))
    # "most of the network's weights end smaller than eta * alpha" (SGD)
    assert np.count_nonzero(sgd < SGD_LR * ALPHA) > sgd.size / 2
    # Adam: "here (alpha = 0.04), most ... within eta of zero, far fewer within eta * alpha"
    assert re.search(r"here \(:math:`\\alpha = 0\.04`\), most of the network", page_prose())
    assert ALPHA == 0.04
    assert np.count_nonzero(adam < ADAM_LR) > adam.size / 2
    assert np.count_nonzero(adam < ADAM_LR * ALPHA) < np.count_nonzero(adam < ADAM_LR) / 2


def test_far_fewer_within_eta_alpha_needs_the_pages_alpha():
    """Why the sentence says 'here': at alpha = 0.4 most of Adam's network weights end within
    eta * alpha of zero (the page's 'far fewer' holds at its alpha only)."""
    x, y = tensors()
    strong = 0.4
    model, _, _ = _train(
        x, y, x.shape[0], "network", torch.optim.Adam, ADAM_LR, "loss", EPOCHS, BATCH,
        alpha=strong,
    )  # fmt: skip
    size = flat(model).abs().numpy()
    within = np.count_nonzero(size < ADAM_LR * strong)
    assert within > 0.9 * size.size and within > np.count_nonzero(size < ADAM_LR) / 2


def test_torch_derivative_of_abs_is_zero_at_zero():
    w = torch.tensor([-2.0, -0.0, 0.0, 3.0], requires_grad=True)
    w.abs().sum().backward()
    assert w.grad.tolist() == [-1.0, 0.0, 0.0, 1.0]


def _subgradient_steps(w, eta, alpha, gs):
    path = [w]
    for g in gs:
        sign = (w > 0) - (w < 0)
        w = w - eta * (g + alpha * sign)
        path.append(w)
    return path


positive = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(10))


@settings(max_examples=100, deadline=None)
@given(
    w0=st.fractions(min_value=-10, max_value=10),
    eta=positive,
    alpha=positive,
    ratio=st.fractions(min_value=0, max_value=Fraction(99, 100)),
    unit_gs=st.lists(st.fractions(min_value=-1, max_value=1), min_size=1, max_size=60),
)
def test_subgradient_steps_hover_in_the_band_exactly(w0, eta, alpha, ratio, unit_gs):
    """|g| <= G < alpha at every step: outside eta*(alpha + G) each step moves toward zero by
    at least eta*(alpha - G); inside, the weight never leaves that band (exact arithmetic)."""
    bound = ratio * alpha  # G
    gs = [u * bound for u in unit_gs]
    band = eta * (alpha + bound)
    path = _subgradient_steps(w0, eta, alpha, gs)
    for before, after in itertools.pairwise(path):
        if abs(before) > band:
            assert after * before > 0  # no overshoot from outside the band
            assert abs(after) <= abs(before) - eta * (alpha - bound)
        else:
            assert abs(after) <= band


# -- the histogram ----------------------------------------------------------------------------


def test_histogram_claims():
    loss = flat(redo("network, SGD")[0]).abs().numpy()
    prox = flat(redo("network, prox")[0]).numpy()
    crowd = loss < SGD_LR * ALPHA
    # "nearly all of that crowd is exactly zero" with the proximal step
    assert np.count_nonzero(prox[crowd] == 0) >= 0.95 * np.count_nonzero(crowd)
    # "a crowd of weights sits just below eta*alpha": the fullest bin lies in (eta*alpha/10,
    # eta*alpha]
    edges = page()["edges"]
    counts, _ = np.histogram(np.log10(loss[loss > 0]), bins=edges)
    top = np.argmax(counts)
    assert np.log10(SGD_LR * ALPHA) - 1 <= edges[top] < np.log10(SGD_LR * ALPHA)
    # the histogram's range holds every non-zero weight of both of the page's runs
    for sizes in page()["sizes"].values():
        nonzero = np.log10(sizes[sizes > 0])
        assert edges[0] <= nonzero.min() and nonzero.max() < edges[-1]


def test_proximal_zero_counts_printed():
    after = printed().split("proximal SGD", 1)[1]
    for name in ("logistic", "network"):
        model, zeros, _ = redo(f"{name}, prox")
        match = re.search(rf"^{name}, SGD\s+(\d+)\s+(\d+)$", after, re.M)
        assert match, name
        assert [int(match.group(1)), int(match.group(2))] == [flat(model).numel(), zeros[-1]]
        assert zeros[-1] == int(np.count_nonzero(flat(model).numpy() == 0)) > 0


# -- the convex case: full batch against scikit-learn -----------------------------------------


@functools.cache
def exact_solution():
    """The L1 logistic solution at ALPHA, by scikit-learn (saga, C = 1/(n alpha)), tightly."""
    x, y, _, _ = data()
    n = len(y)
    fit = LogisticRegression(
        l1_ratio=1, C=1 / (n * ALPHA), solver="saga", tol=1e-10, max_iter=100_000
    )
    fit.fit(x, y)
    return fit.coef_.ravel(), float(fit.intercept_[0])


def gradient(w, b):
    """Gradient of the mean logistic loss in float64 numpy, (dw, db)."""
    x, y, _, _ = data()
    r = 1 / (1 + np.exp(-(x @ w + b))) - y
    return x.T @ r / len(y), r.mean()


def kkt_residual(w, b, alpha):
    gw, gb = gradient(np.asarray(w, dtype=np.float64), float(b))
    per_weight = np.where(
        w != 0, np.abs(gw + alpha * np.sign(w)), np.maximum(np.abs(gw) - alpha, 0)
    )
    return max(per_weight.max(), abs(gb))


def test_c_equals_one_over_alpha_is_a_penalty_n_times_weaker():
    """'Setting C = 1/alpha ... would make the penalty n = 357 times weaker': scikit-learn
    at C = 1/alpha satisfies the optimality conditions at alpha/n (to the accuracy of a saga
    run that stops at max_iter), not at alpha, and of a grid of strengths from alpha/(100 n)
    to 10 alpha the one it satisfies best is alpha/n to within 10%."""
    x, y, _, _ = data()
    n = len(y)
    assert n == 357
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # saga stops at max_iter: a weak penalty converges slowly
        fit = LogisticRegression(
            l1_ratio=1, C=1 / ALPHA, solver="saga", tol=1e-12, max_iter=10_000
        ).fit(x, y)
    w, b = fit.coef_.ravel(), float(fit.intercept_[0])
    weak = ALPHA / n
    assert kkt_residual(w, b, weak) < 0.5 * weak
    assert kkt_residual(w, b, ALPHA) > 0.5 * ALPHA
    grid = np.geomspace(weak / 100, 10 * ALPHA, 2001)
    best = grid[np.argmin([kkt_residual(w, b, s) for s in grid])]
    assert best == pytest.approx(weak, rel=0.1)


def test_strength_mapping_c_equals_one_over_n_alpha():
    """scikit-learn at C = 1/(n alpha) solves mean loss + alpha ||w||_1: its optimality
    conditions hold at alpha, and fail at alpha * n (C = 1/alpha read as alpha)."""
    w, b = exact_solution()
    assert kkt_residual(w, b, ALPHA) < 1e-7
    assert kkt_residual(w, b, ALPHA * len(data()[1])) > 1e-2
    gw, _ = gradient(w, b)
    margin = ALPHA - np.abs(gw[w == 0]).max()
    assert margin > 1e-4  # the zeros are not borderline: a support comparison is meaningful


def test_liblinear_penalises_the_intercept_saga_does_not():
    x, y, _, _ = data()
    n = len(y)
    liblinear = LogisticRegression(
        l1_ratio=1, C=1 / (n * ALPHA), solver="liblinear", tol=1e-10, max_iter=10_000
    ).fit(x, y)
    _, b = exact_solution()
    assert abs(b) > 0.05 and abs(liblinear.intercept_[0] - b) > 0.05


def test_penalty_l1_is_deprecated_in_favour_of_l1_ratio():
    x, y, _, _ = data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        LogisticRegression(penalty="l1", solver="saga", max_iter=2).fit(x, y)
    assert any(
        issubclass(w.category, FutureWarning)
        and "'penalty' was deprecated in version 1.8" in str(w.message)
        for w in caught
    )


def test_full_batch_proximal_gradient_finds_scikit_learns_zeros():
    ns = page()
    w_exact, _ = exact_solution()
    x, _, _, _ = data()
    n = x.shape[0]
    design = np.column_stack([x, np.ones(n)])
    lipschitz = np.linalg.eigvalsh(design.T @ design / (4 * n)).max()
    assert math.isclose(ns["step"], 1 / lipschitz, rel_tol=1e-10)
    assert number_after("step 1/L =") == pytest.approx(1 / lipschitz, abs=5e-5)
    w_full = ns["full"].weight.detach().numpy().ravel().astype(np.float64)
    b_full = float(ns["full"].bias.detach())
    residual = kkt_residual(w_full, b_full, ALPHA)  # float64, independent of the page's
    assert residual < 1e-5
    assert number_after("optimality residual") == pytest.approx(ns["residual"], rel=0.05)
    assert ns["residual"] == pytest.approx(residual, rel=0.5, abs=1e-6)
    assert np.array_equal(w_full != 0, w_exact != 0)
    assert np.count_nonzero(w_exact) == 10
    assert number_after("scikit-learn, C = 1/(n alpha):") == np.count_nonzero(w_exact)
    assert number_after("proximal gradient:") == np.count_nonzero(w_full)
    assert number_after("zero pattern differs in") == 0
    difference = np.abs(w_full - w_exact).max()
    assert difference < 1e-4  # "the same weights to within 1e-4"
    assert number_after("largest weight difference") == pytest.approx(difference, rel=0.05)


def test_minibatch_proximal_sgd_claims():
    model, zeros, _ = redo("logistic, prox")
    w = flat(model).numpy().astype(np.float64)
    w_exact, _ = exact_solution()
    support = w_exact != 0
    false_nonzero = (w != 0) & ~support
    false_zero = (w == 0) & support
    text = printed()
    assert number_after("exact solution:") == np.count_nonzero(~support) == 44
    assert re.search(
        rf"^  {np.count_nonzero(w == 0)} zeros; {false_nonzero.sum()} false non-zeros, "
        rf"{false_zero.sum()} false zeros$",
        text,
        re.M,
    )
    assert (
        false_zero.sum() == 0 and false_nonzero.sum() > 0
    )  # "every difference is a false non-zero"
    assert number_after("largest false non-zero") == pytest.approx(
        np.abs(w[false_nonzero]).max(), abs=5e-4
    )
    assert number_after("largest exact weight") == pytest.approx(np.abs(w_exact).max(), abs=5e-3)
    difference = np.abs(w - w_exact).max()
    minibatch_lines = text.split("minibatch run", 1)[1]
    assert number_after("largest weight difference", minibatch_lines) == pytest.approx(
        difference, abs=5e-4
    )
    assert difference < 0.25 * np.abs(w_exact).max()  # "the large weights are roughly right"
    assert re.search(rf"each epoch: {min(zeros)} to {max(zeros)}$", text, re.M)
    assert max(zeros) < np.count_nonzero(~support)  # below the exact 44 at every epoch
    assert len(set(zeros)) > 1  # "changes from epoch to epoch"


def escape_fraction(batch_size, repeats=20):
    x, y, _, _ = data()
    n = len(y)
    w, b = exact_solution()
    residual = 1 / (1 + np.exp(-(x @ w + b))) - y
    zero = np.flatnonzero(w == 0)
    rng = np.random.default_rng(0)
    hits = total = 0
    for _ in range(repeats):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            g = np.array(
                [math.fsum(x[i, j] * residual[i] for i in rows) / len(rows) for j in zero]
            )
            hits += int(np.count_nonzero(np.abs(g) > ALPHA))
            total += len(zero)
    return hits / total


def test_escape_fraction_at_the_solution():
    fraction = escape_fraction(BATCH)
    assert np.mean(page()["escapes"]) == pytest.approx(fraction, abs=1e-3)
    assert re.search(rf"leaves zero in {fraction:.0%} of steps$", printed(), re.M)


def test_larger_batches_escape_less_and_the_full_batch_never():
    rates = [escape_fraction(b, repeats=5) for b in (32, 64, 128)]
    assert rates[0] > rates[1] > rates[2] > 0
    assert escape_fraction(len(data()[1]), repeats=1) == 0


@pytest.mark.parametrize("eta", [1e-3, 0.1, 1.0, 10.0])
def test_leaving_zero_does_not_depend_on_the_step(eta):
    """At the solution, one proximal SGD step moves a zero weight iff |g_B| > alpha."""
    x, y, _, _ = data()
    w, b = exact_solution()
    rows = np.random.default_rng(1).permutation(len(y))[:BATCH]
    r = 1 / (1 + np.exp(-(x[rows] @ w + b))) - y[rows]
    g = x[rows].T @ r / BATCH
    zero = (w == 0) & (np.abs(np.abs(g) - ALPHA) > 1e-9)
    moved = sn.prox_l1(w - eta * g, eta * ALPHA) != 0
    assert np.array_equal(moved[zero], np.abs(g[zero]) > ALPHA)


# -- momentum, Adam, the scaling rule ---------------------------------------------------------


def full_batch_float64_model():
    x, y, _, _ = data()
    torch.manual_seed(0)
    return torch.nn.Linear(x.shape[1], 1, dtype=torch.float64), torch.tensor(x), torch.tensor(y)


@pytest.mark.parametrize("correct", [False, True])
def test_momentum_changes_the_strength_unless_the_threshold_is_rescaled(correct):
    """SGD with momentum mu + soft thresholding at eta*alpha stands still at the solution for
    alpha*(1 - mu); with eta*alpha/(1 - mu) at the solution for alpha (optimality conditions
    in float64, independent of the run)."""
    mu = 0.9
    model, x, y = full_batch_float64_model()
    step = page()["step"]
    threshold = step * ALPHA / (1 - mu) if correct else step * ALPHA
    optimizer = torch.optim.SGD(model.parameters(), lr=step, momentum=mu)
    for _ in range(2500):
        optimizer.zero_grad()
        F.binary_cross_entropy_with_logits(model(x)[:, 0], y).backward()
        optimizer.step()
        with torch.no_grad():
            model.weight.copy_(F.softshrink(model.weight, threshold))
    w, b = model.weight.detach().numpy().ravel(), float(model.bias.detach())
    right, wrong = (ALPHA, ALPHA * (1 - mu)) if correct else (ALPHA * (1 - mu), ALPHA)
    assert kkt_residual(w, b, right) < 1e-6
    assert kkt_residual(w, b, wrong) > 1e-3
    if correct:
        assert np.array_equal(w != 0, exact_solution()[0] != 0)


def adam_at(w, b, exp_avg_sq):
    """A float64 logistic model at (w, b) and an Adam optimiser whose next step has running
    means m = the full-batch gradient and v from ``exp_avg_sq``, bias corrections 1."""
    model, x, y = full_batch_float64_model()
    with torch.no_grad():
        model.weight.copy_(torch.tensor(w)[None])
        model.bias.fill_(b)
    optimizer = torch.optim.Adam(model.parameters(), lr=ADAM_LR)
    optimizer.zero_grad()
    F.binary_cross_entropy_with_logits(model(x)[:, 0], y).backward()
    optimizer.step()  # creates the state
    with torch.no_grad():
        model.weight.copy_(torch.tensor(w)[None])
        model.bias.fill_(b)
    optimizer.zero_grad()
    F.binary_cross_entropy_with_logits(model(x)[:, 0], y).backward()
    for parameter in (model.weight, model.bias):
        state = optimizer.state[parameter]
        state["step"].fill_(1e6)
        grad = parameter.grad.detach()
        state["exp_avg"].copy_(grad)  # the next step keeps it: 0.9 * grad + 0.1 * grad
        state["exp_avg_sq"].copy_(exp_avg_sq(grad) if parameter is model.weight else grad**2)
    return model, optimizer


@pytest.mark.parametrize("scale", ["gradient", "arbitrary"])
def test_adam_with_per_coordinate_thresholds_stands_still_at_the_solution(scale):
    w, b = exact_solution()
    rng = np.random.default_rng(0)

    def second_moment(grad):
        if scale == "gradient":
            return grad**2
        return torch.tensor(rng.uniform(1e-4, 1.0, grad.shape))  # "whatever d"

    model, optimizer = adam_at(w, b, second_moment)
    optimizer.step()
    page()["adam_prox"](optimizer, [model.weight], ALPHA)
    moved = model.weight.detach().numpy().ravel()
    assert np.array_equal(moved != 0, w != 0)
    # bias correction (1 - 0.999**1e6 = 1 in float64) and rounding aside, nothing moves
    np.testing.assert_allclose(moved, w, rtol=0, atol=1e-6)


def test_adam_with_one_global_threshold_does_not_stand_still_at_the_solution():
    w, b = exact_solution()
    model, optimizer = adam_at(w, b, lambda grad: grad**2)
    optimizer.step()
    with torch.no_grad():
        model.weight.copy_(F.softshrink(model.weight, ADAM_LR * ALPHA))
    moved = model.weight.detach().numpy().ravel()
    gw, _ = gradient(w, b)
    eps = optimizer.param_groups[0]["eps"]
    leaves = (w == 0) & (np.abs(gw) > eps * ALPHA / (1 - ALPHA) * 10)
    assert leaves.sum() > 30 and np.all(moved[leaves] != 0)


@settings(max_examples=100, deadline=None)
@given(
    g=st.fractions(min_value=0, max_value=10),
    eps=st.fractions(min_value=Fraction(1, 10**9), max_value=1),
    alpha=st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(999, 1000)),
)
def test_global_threshold_condition_in_the_steady_state(g, eps, alpha):
    """|g| / (|g| + eps) <= alpha  iff  |g| <= eps * alpha / (1 - alpha), for alpha < 1."""
    assert (g / (g + eps) <= alpha) == (g <= eps * alpha / (1 - alpha))


def soft(x, t):
    """Soft thresholding of one number, exactly."""
    return x - t if x > t else x + t if x < -t else Fraction(0)


@settings(max_examples=100, deadline=None)
@given(
    x=st.fractions(min_value=-100, max_value=100),
    tau=st.fractions(min_value=Fraction(1, 1000), max_value=100),
)
def test_scaling_rule_of_the_prox_exactly(x, tau):
    assert soft(x, tau) == tau * soft(x / tau, Fraction(1))


def test_adam_prox_equals_direct_per_coordinate_soft_thresholding():
    torch.manual_seed(0)
    model = torch.nn.Linear(30, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=ADAM_LR)
    x, y = torch.randn(50, 30), (torch.rand(50) > 0.5).float()
    for _ in range(5):
        optimizer.zero_grad()
        F.binary_cross_entropy_with_logits(model(x)[:, 0], y).backward()
        optimizer.step()
    state = optimizer.state[model.weight]
    group = optimizer.param_groups[0]
    denom = state["exp_avg_sq"].sqrt() / math.sqrt(1 - group["betas"][1] ** float(state["step"]))
    tau = group["lr"] * ALPHA / (denom + group["eps"])
    before = model.weight.detach().clone()
    expected = torch.sign(before) * torch.clamp(before.abs() - tau, min=0)
    page()["adam_prox"](optimizer, [model.weight], ALPHA)
    # tau * prox_1(w / tau) against prox_tau(w): equal in exact arithmetic, and in float32 to a
    # few units in the last place of w (the page says so)
    error = (model.weight.detach() - expected).abs()
    assert torch.all(error <= 4 * torch.finfo(torch.float32).eps * before.abs())
    assert (model.weight == 0).sum() > 0


def test_adam_printed_lines():
    w_exact, _ = exact_solution()
    for label, kind in [("Adam, per-coordinate", "per-coordinate"), ("Adam, global", "global")]:
        model, zeros, _ = redo(label)
        w = flat(model).numpy()
        differs = int(np.count_nonzero((w != 0) != (w_exact != 0)))
        assert re.search(
            rf"^Adam, {kind} thresholds:\s+{zeros[-1]} zeros, pattern differs in {differs}$",
            printed(),
            re.M,
        )
    per_coordinate, global_ = redo("Adam, per-coordinate")[1], redo("Adam, global")[1]
    prox = redo("logistic, prox")[1]
    w = flat(redo("Adam, per-coordinate")[0]).numpy()
    exact_zeros = int(np.count_nonzero(w_exact == 0))
    # "more of the right zeros than proximal SGD (35 of 44, against 31) but not all"
    match = re.search(
        r"than proximal SGD \((\d+) of (\d+), against (\d+)\) but not all", page_prose()
    )
    assert match
    assert [int(v) for v in match.groups()] == [per_coordinate[-1], exact_zeros, prox[-1]]
    assert np.count_nonzero((w == 0) & (w_exact != 0)) == 0  # its zeros are right ones
    assert prox[-1] < per_coordinate[-1] < exact_zeros
    assert max(global_) <= 5  # "almost none"


# -- scikit-learn's SGDClassifier -------------------------------------------------------------


def test_sgdclassifier_lines():
    x, y, _, _ = data()
    fit = SGDClassifier(loss="log_loss", penalty="l1", alpha=ALPHA, random_state=0).fit(x, y)
    assert fit.learning_rate == "optimal"  # steps 1 / (alpha (t + t0))
    w = fit.coef_.ravel()
    zeros = sum(1 for v in w if v == 0.0)
    w_exact, _ = exact_solution()
    differs = sum(1 for a, e in zip(w, w_exact, strict=True) if (a != 0) != (e != 0))
    assert re.search(
        rf"^SGDClassifier: {zeros} zeros after {fit.n_iter_} epochs;$", printed(), re.M
    )
    assert re.search(rf"differs from the exact one in {differs}$", printed(), re.M)
    assert zeros > 0 and abs(zeros - 44) <= 3  # "about as many as the exact solution has"
    assert differs > 0  # "not all the same ones"


def test_sgdclassifier_uses_our_scale_of_alpha():
    """With small constant steps it approaches the solution at the same alpha."""
    x, y, _, _ = data()
    fit = SGDClassifier(
        loss="log_loss",
        penalty="l1",
        alpha=ALPHA,
        learning_rate="constant",
        eta0=0.01,
        max_iter=300,
        tol=None,
        random_state=0,
    ).fit(x, y)
    w_exact, _ = exact_solution()
    assert np.abs(fit.coef_.ravel() - w_exact).max() < 0.03


def _tsuruoka_sgd(x, y, alpha, eta, epochs, sparse, cumulative=True):
    """SGD for the L1 logistic loss with Tsuruoka et al.'s (2009) cumulative penalty, written
    from the paper: u is the total penalty a weight could have received, q_j what it has; after
    each data step a non-zero weight is pulled toward zero by u + q_j (w > 0) or u - q_j
    (w < 0) and clipped at zero.
    With ``sparse``, only the features stored in the sample are updated (the lazy variant);
    ``cumulative=False`` clips by eta * alpha at each step instead (the naive method)."""
    n, p = x.shape
    w, q, u, b = np.zeros(p), np.zeros(p), 0.0, 0.0
    signs = np.where(y == 1, 1.0, -1.0)
    for _ in range(epochs):
        for i in range(n):
            idx = np.flatnonzero(x[i]) if sparse else np.arange(p)
            margin = signs[i] * (x[i, idx] @ w[idx] + b)
            step = eta * signs[i] / (math.exp(margin) + 1.0)  # -eta * d(loss)/d(score)
            w[idx] += step * x[i, idx]
            b += step * (0.01 if sparse else 1.0)  # scikit-learn damps a sparse intercept
            u += eta * alpha
            for j in idx:
                before = w[j]
                # q_j is signed: what a weight received while negative counts for it later
                if before > 0:
                    w[j] = max(0.0, before - ((u + q[j]) if cumulative else eta * alpha))
                elif before < 0:
                    w[j] = min(0.0, before + ((u - q[j]) if cumulative else eta * alpha))
                q[j] += w[j] - before
    return w, b


@pytest.mark.parametrize("sparse", [False, True])
def test_sgdclassifier_is_the_cumulative_penalty(sparse):
    """Behaviour, not source text: SGDClassifier's weights (constant step, no shuffling)
    are reproduced to rounding by the cumulative penalty written from the paper, zeros and
    all, and not by naive clipping; for sparse input only by the lazy variant that updates the
    features stored in the sample (the page's 'only the features stored as non-zero')."""
    import scipy.sparse

    _, y, images, varying = data()
    x = images[:, varying] / 16.0  # raw pixels: many exact zeros
    X = scipy.sparse.csr_matrix(x) if sparse else x
    alpha, eta, epochs = ALPHA, 0.01, 3
    fit = SGDClassifier(
        loss="log_loss", penalty="l1", alpha=alpha, learning_rate="constant", eta0=eta,
        max_iter=epochs, tol=None, shuffle=False,
    ).fit(X, y)  # fmt: skip
    w_sk = fit.coef_.ravel()
    w, b = _tsuruoka_sgd(x, y, alpha, eta, epochs, sparse)
    np.testing.assert_allclose(w, w_sk, rtol=0, atol=1e-12)
    assert b == pytest.approx(fit.intercept_[0], abs=1e-12)
    assert np.array_equal(w == 0, w_sk == 0) and np.count_nonzero(w_sk == 0) > 10
    naive, _ = _tsuruoka_sgd(x, y, alpha, eta, epochs, sparse, cumulative=False)
    assert np.count_nonzero(naive == 0) < np.count_nonzero(w_sk == 0) / 2
    other, _ = _tsuruoka_sgd(x, y, alpha, eta, epochs, not sparse)
    assert np.abs(other - w_sk).max() > 1e-3  # dense and lazy updates differ on this data


# -- second-round review --------------------------------------------------------------------


def kick_rate(batch_size, full_only=False, repeats=20):
    """Independently of the page: fraction of (zero weight, step) pairs kicked off zero at the
    solution, math.fsum for the batch gradients, the page's reshuffles (default_rng(0))."""
    x, y, _, _ = data()
    n = len(y)
    w, b = exact_solution()
    residual = 1 / (1 + np.exp(-(x @ w + b))) - y
    zero = np.flatnonzero(w == 0)
    rng = np.random.default_rng(0)
    hits = total = 0
    for _ in range(repeats):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            if full_only and len(rows) < batch_size:
                continue
            g = np.array([math.fsum(x[rows, j] * residual[rows]) / len(rows) for j in zero])
            hits += int(np.count_nonzero(np.abs(g) > ALPHA))
            total += len(zero)
    return hits / total


def test_batch_size_table():
    ns = page()
    sizes = list(ns["kick_rates"])
    assert sizes == [8, 32, 64, 128, 179, 256, 356, 357]
    for b in sizes:
        all_steps, full = kick_rate(b), kick_rate(b, full_only=True)
        assert ns["kick_rates"][b] == pytest.approx((all_steps, full), abs=2e-3), b
        last = 357 % b or b
        assert re.search(rf"^{b:10d}{last:12d}{all_steps:11.3f}{full:14.3f}$", printed(), re.M)
    rates = {b: kick_rate(b) for b in sizes}
    full = [kick_rate(b, full_only=True) for b in sizes]
    assert rates[256] > rates[179] and rates[356] > rates[128]  # the sentence's two cases
    assert all(a > b for a, b in itertools.pairwise(full[:-1])) and full[-1] == 0


def test_kicks_over_every_batch_size():
    """Beyond the printed sizes: every batch size short of the data set kicks (so no batch
    size but n avoids it), the full batch never does, and the all-steps fraction is not
    monotone in the batch size (it rises at many sizes, e.g. at every b whose remainder is 1)."""
    rates = [kick_rate(b, repeats=2) for b in range(1, 358)]
    assert all(r > 0 for r in rates[:-1]) and rates[-1] == 0
    rises = sum(1 for a, b in itertools.pairwise(rates) if b > a)
    assert rises > 50
    for b in (178, 356):  # 357 mod b == 1: a batch of one image ends every epoch
        assert rates[b - 1] > rates[b - 2]


@settings(max_examples=50, deadline=None)
@given(n=st.integers(2, 7), data_=st.data())
def test_variance_of_a_batch_mean_without_replacement(n, data_):
    """Var(mean of b of n values drawn without replacement) = (n - b)/(b(n - 1)) σ², with σ²
    the variance of one value drawn at random: exhaustively over all subsets, exactly."""
    b = data_.draw(st.integers(1, n))
    values = data_.draw(st.lists(st.fractions(-5, 5), min_size=n, max_size=n))
    mu = sum(values) / n
    sigma2 = sum((v - mu) ** 2 for v in values) / n
    subsets = list(itertools.combinations(values, b))
    means = [sum(c) / b for c in subsets]
    var = sum((m - mu) ** 2 for m in means) / len(means)
    assert var == Fraction(n - b, b * (n - 1)) * sigma2


def test_adam_network_rows_and_other_reshuffles():
    w_exact, _ = exact_solution()
    for kind in ("per-coordinate", "global"):
        _, zeros, _ = redo(f"network, Adam, {kind}")
        assert re.search(rf"^network, {kind}:\s+{zeros[-1]} zeros of 880$", printed(), re.M)
    per, glob = redo("network, Adam, per-coordinate")[1][-1], redo("network, Adam, global")[1][-1]
    assert per > 0.9 * 880 and glob < per / 3  # "many zeros", "far fewer"
    assert re.findall(r"^seed (\d+), 20 epochs", printed(), re.M) == ["1", "2"]  # seeds 1 and 2
    w0 = flat(redo("Adam, per-coordinate")[0]).numpy()
    seen = {int(np.count_nonzero((w0 != 0) & (w_exact == 0)))}  # seed 0, the run above
    for seed in (1, 2):
        model, _, _ = train_independently("logistic", torch.optim.Adam, ADAM_LR, "adam", seed=seed)
        w = flat(model).numpy()
        fnz = int(np.count_nonzero((w != 0) & (w_exact == 0)))
        fz = int(np.count_nonzero((w == 0) & (w_exact != 0)))
        assert re.search(rf"^seed {seed}, 20 epochs\s+{fnz}\s+{fz}$", printed(), re.M)
        assert fnz > 0 and fz == 0  # "every difference is a weight that should be zero"
        seen.add(fnz)
    assert len(seen) == 3  # "other reshuffles leave other numbers of them"


def test_adam_full_batch_reaches_the_exact_zeros():
    x, y = tensors()
    n = x.shape[0]
    w_exact, _ = exact_solution()
    model = build("logistic")
    optimizer = torch.optim.Adam(model.parameters(), lr=ADAM_LR)
    counts = []
    for steps in (240, 460):
        _train(x, y, n, "logistic", None, ADAM_LR, "adam", steps, n, model=model,
               optimizer=optimizer)  # fmt: skip
        w = flat(model).numpy()
        counts.append(int(np.count_nonzero((w != 0) != (w_exact != 0))))
        total = 240 if steps == 240 else 700
        fnz = int(np.count_nonzero((w != 0) & (w_exact == 0)))
        assert re.search(rf"^full batch, {total} steps\s+{fnz}\s+0$", printed(), re.M)
    assert counts[0] > 0 and counts[1] == 0  # "240 steps leave differences too, 700 none"
    # "at least half as many as the minibatch run of seed 0"
    minibatch = flat(redo("Adam, per-coordinate")[0]).numpy()
    assert 2 * counts[0] >= np.count_nonzero((minibatch != 0) & (w_exact == 0))


def test_longer_minibatch_adam_runs_keep_differences():
    """'Longer minibatch runs do not remove them; with this constant step they keep some':
    the same minibatch run (lr 0.01, batch 32, seed 0) followed for 200 epochs still differs
    from the exact zero pattern at its last epoch, after 100 epochs, and at nine epochs in
    ten from the 100th on, while the full batch reaches the exact pattern in 700 steps."""
    x, y = tensors()
    w_exact, _ = exact_solution()
    differs = []

    def record(model):
        w = flat(model).numpy()
        differs.append(int(np.count_nonzero((w != 0) != (w_exact != 0))))

    _train(x, y, x.shape[0], "logistic", torch.optim.Adam, ADAM_LR, "adam", 200, BATCH,
           after_epoch=record)  # fmt: skip
    first = flat(redo("Adam, per-coordinate")[0]).numpy()
    assert differs[EPOCHS - 1] == np.count_nonzero((first != 0) != (w_exact != 0)) > 0
    assert differs[99] > 0 and differs[-1] > 0
    assert np.mean(np.array(differs[99:]) > 0) >= 0.9
    text = page_prose()
    assert (
        "Longer minibatch runs do not remove them; with this constant step they keep some" in text
    )
    assert "not from the thresholds" in text


F32_BIG, F32_SMALL = float(np.float32(1e30)), float(np.float32(1e-30))


def _ulp32(v):
    return float(np.spacing(np.float32(abs(v))))


@settings(max_examples=300, deadline=None)
@given(
    x=st.floats(
        width=32, allow_nan=False, allow_infinity=False, min_value=-F32_BIG, max_value=F32_BIG
    ),
    tau=st.floats(width=32, min_value=F32_SMALL, max_value=F32_BIG),
)
def test_scaling_rule_in_float32_within_3_ulps(x, tau):
    """tau * prox_1(x / tau) against the exact soft thresholding, in float32, under the page's
    conditions (x/tau finite, the result 0 or normal): within 3 units in the last place of x."""
    exact = Fraction(x)
    t = Fraction(tau)
    exact = exact - t if exact > t else exact + t if exact < -t else Fraction(0)
    xs = torch.tensor([x], dtype=torch.float32)
    ts = torch.tensor(tau, dtype=torch.float32)
    q = xs / ts
    if not torch.isfinite(q).all():
        return  # outside the stated condition
    got = float((ts * sn.prox_l1(q, 1.0))[0])
    if got != 0 and abs(got) < float(torch.finfo(torch.float32).tiny):
        return  # a subnormal result: outside the stated condition
    assert abs(Fraction(got) - exact) <= 3 * Fraction(_ulp32(x))


def test_scaling_rule_outside_its_condition():
    """tau = 0 or an overflowing x / tau: the quotient is not finite and prox_l1 refuses it."""
    x = torch.tensor([1e10, 2.0], dtype=torch.float32)
    for tau in (torch.tensor(1e-30), torch.tensor(0.0)):
        assert not torch.isfinite(x / tau).all()
        with pytest.raises(ValueError, match="finite"):
            sn.prox_l1(x / tau, 1.0)


@settings(max_examples=100, deadline=None)
@given(
    g=st.fractions(min_value=Fraction(-10), max_value=10),
    eps=st.fractions(min_value=Fraction(1, 10**9), max_value=1),
    alpha=st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(999, 1000)),
    sign=st.sampled_from([-1, 1]),
)
def test_global_threshold_fixed_points_of_non_zero_weights(g, eps, alpha, sign):
    """g/(|g| + eps) = -alpha sign(w)  iff  |g| = eps alpha/(1 - alpha) and sign(g) = -sign(w):
    with the zero-weight condition, the optimality conditions at strength eps alpha/(1-alpha)."""
    strength = eps * alpha / (1 - alpha)
    assert (g / (abs(g) + eps) == -alpha * sign) == (g == -sign * strength)


def test_the_l1_logistic_solution_is_unique():
    """The takeaway's certificate: strict margin off the support, and the support's columns
    with the constant column linearly independent (float64 SVD, far from rank deficiency)."""
    x, _, _, _ = data()
    w, b = exact_solution()
    gw, _ = gradient(w, b)
    support = w != 0
    assert ALPHA - np.abs(gw[~support]).max() > 1e-4
    assert np.allclose(np.abs(gw[support]), ALPHA, atol=1e-6)
    block = np.column_stack([x[:, support], np.ones(len(x))])
    sigma = np.linalg.svd(block, compute_uv=False)
    assert support.sum() == 10 and sigma.min() > 1e-2 * sigma.max()


# -- the three-line recipe, as a reader pastes it ---------------------------------------------


def recipe():
    source = PAGE.read_text(encoding="utf-8")
    block = re.search(r"# \.\. code-block:: python\n#\n((?:#     .*\n)+)", source)
    assert block, "the recipe's code block is missing"
    return textwrap.dedent("".join(line[1:] + "\n" for line in block.group(1).splitlines()))


def test_recipe_is_three_lines_after_the_step_and_used_by_the_page():
    lines = recipe().strip().splitlines()
    assert lines[0] == "optimizer.step()" and len(lines) == 4
    body = PAGE.read_text(encoding="utf-8")
    assert "w.copy_(sn.prox_l1(w, lr * alpha))" in body.split("# .. code-block:: python")[0]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_recipe_is_one_proximal_gradient_step(dtype):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(20, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    model = model.to(dtype)
    weights = [m.weight for m in model.modules() if isinstance(m, torch.nn.Linear)]
    lr, alpha = 0.5, 0.2
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = torch.randn(40, 20, dtype=dtype), (torch.rand(40) > 0.5).to(dtype)
    F.binary_cross_entropy_with_logits(model(x)[:, 0], y).backward()
    before = [
        (w, w.detach().numpy().astype(np.float64), w.grad.numpy().astype(np.float64))
        for w in weights
    ]
    exec(
        recipe(),
        {
            "optimizer": optimizer,
            "torch": torch,
            "sn": sn,
            "weights": weights,
            "lr": lr,
            "alpha": alpha,
        },
    )
    assert any(np.count_nonzero(w.detach().numpy() == 0) for w in weights)
    for w, w0, g in before:
        v = w0 - lr * g
        expected = np.sign(v) * np.maximum(np.abs(v) - lr * alpha, 0)
        got = w.detach().numpy()
        clear = np.abs(np.abs(v) - lr * alpha) > 1e-5
        assert np.array_equal((got == 0)[clear], (expected == 0)[clear])
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)
        assert w.dtype == dtype and w.requires_grad and w.is_leaf
    assert [id(p) for p in optimizer.param_groups[0]["params"]] == [
        id(p) for p in model.parameters()
    ]


def test_pruned_units_and_training_accuracy_printed():
    """The proximal-SGD network at alpha = 0.04: hidden units whose incoming weights are all
    zero, and the training accuracy of both proximal-SGD models, from independent reruns."""
    x, y = tensors()
    model, _, _ = redo("network, prox")
    first = weights_of(model)[0].detach()
    pruned = int(sum(bool((row == 0).all()) for row in first))
    assert f"network, prox: {pruned} of {first.shape[0]} hidden units with all-zero" in printed()
    assert pruned == 14  # most of the network is pruned
    for name in ("logistic", "network"):
        m = model if name == "network" else redo("logistic, prox")[0]
        with torch.no_grad():
            logits = m(x).ravel().numpy()
        accuracy = np.mean((logits > 0) == (y.numpy() > 0.5))
        assert number_after(f"{name}, prox: training accuracy") == pytest.approx(
            accuracy, abs=5e-4
        )
    assert len(y) == 357  # "the 357 training images": all the page's images
    assert number_after("", printed()) == 357


def test_prox_l1_claims_no_device_without_values():
    """The page says 'on the same device (the CPU, as here)': a 'meta' tensor holds no values
    and is refused with an error naming the argument, not returned as a meta tensor."""
    with pytest.raises((TypeError, ValueError), match="x"):
        sn.prox_l1(torch.empty(3, device="meta"), 0.5)


def test_adam_threshold_bounds_quoted_in_the_prose():
    """'at most ηα/ε = 4 × 10^4' and 'εα/(1−α) ≈ 4 × 10^-10', with Adam's default ε."""
    eps = torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults["eps"]
    prose = page_prose()
    assert f"{ADAM_LR * ALPHA / eps:.0e}" == "4e+04"
    assert r"\eta\alpha/\varepsilon = 4 \times 10^{4}" in prose
    assert f"{eps * ALPHA / (1 - ALPHA):.0e}" == "4e-10"
    assert r"\varepsilon\alpha/(1-\alpha) \approx 4 \times 10^{-10}" in prose
