"""Drive the three explorables of the built site as a reader would, by keyboard and by pointer.

Each explorable is a Vega-Lite figure whose numbers sparsenorm computed when the page was built
(``docs/_ext/sngallery.py``). For every control: move it with the keyboard and with the mouse,
then check that the figure changed and that the value it displays is the one sparsenorm computes
for the new setting, and, independently of the page's own code, the one the mathematics gives
(a grid search, a closed form, plain Python floats). Throughout: nothing is requested from
another host, no console or page error, and axe-core finds no serious or critical violation.
"""

import math
import re

import numpy as np
import pytest
from test_site import AXE_ALLOWED, RUN_AXE, WCAG_TAGS, _allowed

import sparsenorm as sn

pytestmark = pytest.mark.browser

OBJECTIVE = "auto_examples/beyond/plot_8_the_general_rule.html"
DESCENT = "auto_examples/why_l1/plot_03_explanation2_descent_paths.html"
CONSTRAINED = "auto_examples/beyond/plot_5_geometric_picture.html"

assert AXE_ALLOWED  # the allow-list of test_site.py applies here too


class Reader:
    """One page in a fresh browser context, every other host cut off."""

    def __init__(self, browser, server, path, axe_source):
        self.external, self.errors = [], []
        self.axe_source = axe_source
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        origin = server.split("/")[2]

        def route(route):
            url = route.request.url
            if url.split("/")[2:3] == [origin] or url.startswith("data:"):
                route.continue_()
            else:
                self.external.append(url)
                route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        response = self.page.goto(server + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP error"
        explorables = self.page.locator(".sn-explorable")
        assert explorables.count() == 1, f"{path}: {explorables.count()} explorables, not 1"
        self.box = explorables.first
        self.page.wait_for_selector(".sn-explorable[data-ready]", timeout=30_000)
        assert self.box.get_attribute("data-ready") == "true", f"{path}: Vega failed"

    def texts(self):
        """Every text the figure draws, in order (Vega's SVG text marks and axis labels)."""
        return self.box.locator("svg text").all_text_contents()

    def figure(self):
        return self.box.locator("svg").first.inner_html()

    def slider(self, name):
        return self.box.locator(f'input[type="range"][name="{name}"]')

    def value(self, name):
        return float(self.slider(name).input_value())

    def press(self, name, key):
        self.slider(name).focus()
        self.page.keyboard.press(key)
        self.page.wait_for_timeout(150)

    def click_at(self, name, fraction):
        """Click the slider's track at ``fraction`` of its width."""
        box = self.slider(name).bounding_box()
        self.page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
        self.page.wait_for_timeout(150)

    def finish(self):
        """The checks that hold whatever was moved: other hosts, errors, axe-core."""
        self.page.add_script_tag(path=str(self.axe_source))
        violations = self.page.evaluate(RUN_AXE, WCAG_TAGS)
        serious = [
            v
            for v in violations
            if v["impact"] in ("serious", "critical") and not _allowed(v, self.page)
        ]
        self.context.close()
        assert not self.external, f"requests to other hosts: {self.external}"
        assert not self.errors, f"console or page errors: {self.errors}"
        assert not serious, f"axe-core violations: {serious}"


@pytest.fixture
def reader(browser, server, axe_source):
    readers = []

    def open_page(path):
        readers.append(Reader(browser, server, path, axe_source))
        return readers[-1]

    yield open_page
    for opened in readers:
        opened.finish()


def _number(text):
    return float(text.replace("−", "-"))


def _controls_have_labels(reader, names):
    for name in names:
        label = reader.box.locator(f'label:has(input[name="{name}"])').inner_text().strip()
        assert label, f"the {name} control has no visible label"


# -- (a) The 1-D objective -----------------------------------------------------------------------

PENALTIES = {
    "l1": lambda a: sn.L1(a),
    "l2": lambda a: sn.SquaredL2(a),
    "l0": lambda a: sn.L0(a),
    "enet": lambda a: sn.ElasticNetPenalty(a, l1_ratio=0.5),
    "mcp": lambda a: sn.MCP(a, gamma=3.0),
    "scad": lambda a: sn.SCAD(a, a=3.7),
    "lq": lambda a: sn.Lq(a, q=0.5),
}
# The dead zone's edge, in closed form: slope at 0+ for the kinked penalties, sqrt(2 alpha) for
# L0 (hard thresholding), 1.5 alpha^(2/3) for q = 1/2 (half thresholding), none for squared L2.
DEAD_ZONE = {
    "l1": lambda a: a,
    "l2": lambda a: 0.0,
    "l0": lambda a: math.sqrt(2 * a),
    "enet": lambda a: a / 2,
    "mcp": lambda a: a,
    "scad": lambda a: a,
    "lq": lambda a: 1.5 * a ** (2 / 3),
}
W_FINE = np.linspace(-6, 6, 240_001)


def _objective_state(reader):
    z, alpha = reader.value("z"), reader.value("alpha")
    penalty = reader.box.locator('input[name="penalty"]:checked').get_attribute("value")
    return penalty, z, alpha


def _check_objective(reader):
    key, z, alpha = _objective_state(reader)
    texts = reader.texts()
    shown = [t for t in texts if t.startswith("minimiser w* = ")]
    assert len(shown) == 1, texts
    penalty = PENALTIES[key](alpha)
    w_star = float(penalty.prox(z, 1.0))
    expected = f"minimiser w* = {w_star:.4g}" + (" (exactly 0)" if w_star == 0 else "")
    assert shown[0].replace("−", "-") == expected, (key, z, alpha, shown[0], expected)
    # Independently: the displayed minimiser is the global one, by a grid search on the
    # penalty's formula.
    grid = 0.5 * (W_FINE - z) ** 2 + _penalty_on(key, alpha, W_FINE)
    at_star = 0.5 * (w_star - z) ** 2 + float(_penalty_on(key, alpha, np.array([w_star]))[0])
    assert at_star <= float(grid.min()) + 1e-9, (key, z, alpha, w_star, at_star)
    edge = DEAD_ZONE[key](alpha)
    zone = [t for t in texts if "dead zone" in t]
    assert len(zone) == 1, texts
    if edge == 0:
        assert zone[0] == "no dead zone: w* = 0 only at z = 0"
    else:
        assert zone[0].startswith("dead zone: |z| ≤ ")
        assert math.isclose(_number(zone[0].rsplit(" ", 1)[1]), edge, rel_tol=1e-3), zone
        assert (w_star == 0) == (abs(z) < edge or (abs(z) == edge and w_star == 0))


def _penalty_on(key, alpha, w):
    """The penalty at each point of ``w``, from the formulas (not sparsenorm)."""
    m = np.abs(w)
    if key == "l1":
        return alpha * m
    if key == "l2":
        return alpha / 2 * w**2
    if key == "l0":
        return alpha * (w != 0)
    if key == "enet":
        return alpha * (0.5 * m + 0.25 * w**2)
    if key == "mcp":
        g = 3.0
        return np.where(m <= g * alpha, alpha * m - w**2 / (2 * g), g * alpha**2 / 2)
    if key == "scad":
        a = 3.7
        return np.where(
            m <= alpha,
            alpha * m,
            np.where(
                m <= a * alpha,
                (2 * a * alpha * m - w**2 - alpha**2) / (2 * (a - 1)),
                (a + 1) * alpha**2 / 2,
            ),
        )
    return alpha * np.sqrt(m)


def test_objective_explorable(reader):
    page = reader(OBJECTIVE)
    _controls_have_labels(page, ["z", "alpha"])
    assert page.box.locator('[role="radiogroup"][aria-labelledby]').count() == 1
    _check_objective(page)
    for name in ("z", "alpha"):
        before, figure = page.value(name), page.figure()
        at_max = before >= float(page.slider(name).get_attribute("max"))
        key = "ArrowLeft" if at_max else "ArrowRight"
        page.press(name, key)
        assert page.value(name) != before, f"{name}: {key} did not move the slider"
        assert page.figure() != figure, f"{name}: the figure did not change"
        _check_objective(page)
        before, figure = page.value(name), page.figure()
        page.click_at(name, 0.1 if before > 0 else 0.9)
        assert page.value(name) != before, f"{name}: a click did not move the slider"
        assert page.figure() != figure
        _check_objective(page)
    # The penalty: every choice by pointer, then the keyboard's arrows.
    radios = page.box.locator('input[name="penalty"]')
    for i in range(radios.count()):
        figure = page.figure()
        page.box.locator(f'label:has(input[name="penalty"]) >> nth={i}').click()
        assert radios.nth(i).is_checked()
        if i:
            assert page.figure() != figure
        _check_objective(page)
    radios.nth(0).focus()
    page.page.keyboard.press("ArrowDown")
    page.page.wait_for_timeout(150)
    assert radios.nth(1).is_checked(), "the arrow key did not move to the next penalty"
    _check_objective(page)
    # Into the dead zone and out of it, for L1: the minimiser is 0 exactly when |z| <= alpha.
    page.box.locator('label:has(input[value="l1"])').click()
    for z_key in ["Home", "End"]:
        page.press("z", z_key)
        _check_objective(page)


# -- (b) Descent -------------------------------------------------------------------------------


def _plain_python_walk(series, w0, eta, k):
    """The same walk in plain Python floats (IEEE 754 binary64, each operation rounded)."""
    w = w0
    for _ in range(k):
        if series == "L1, subgradient":
            w = w - eta * ((w > 0) - (w < 0))
        elif series == "L1, proximal":
            w = math.copysign(max(abs(w) - eta, 0.0), w)
        elif series == "L2, gradient":
            w = w - eta * w
        else:
            w = w / (1 + eta)
    return w


WALKS = {
    "L1, subgradient": (sn.L1(1.0), "gradient"),
    "L1, proximal": (sn.L1(1.0), "proximal"),
    "L2, gradient": (sn.SquaredL2(1.0), "gradient"),
    "L2, proximal": (sn.SquaredL2(1.0), "proximal"),
}
VALUE_LINE = re.compile(r"^(?P<series>L[12], \w+):\s+w = (?P<w>\S+)(?P<zero>\s+\(exactly 0\))?$")


def _check_descent(reader):
    w0, eta, k = reader.value("w0"), reader.value("eta"), int(reader.value("k"))
    eta = round(eta, 12)  # the slider's 0.1 steps, as the page's grid holds them
    lines = [m for t in reader.texts() if (m := VALUE_LINE.match(t.replace("−", "-")))]
    assert sorted(m["series"] for m in lines) == sorted(WALKS), reader.texts()
    assert f"after k = {k} steps" in reader.texts()
    for match in lines:
        penalty, method = WALKS[match["series"]]
        expected = float(sn.penalty_descent(penalty, w0, eta, k, method=method)[-1])
        plain = _plain_python_walk(match["series"], w0, eta, k)
        assert math.isclose(expected, plain, rel_tol=1e-12, abs_tol=1e-300), (match[0], plain)
        shown = float(match["w"])
        assert math.isclose(shown, expected, rel_tol=1e-5, abs_tol=0), (w0, eta, k, match[0])
        assert bool(match["zero"]) == (expected == 0), (w0, eta, k, match[0], expected)


def test_descent_explorable(reader):
    page = reader(DESCENT)
    _controls_have_labels(page, ["w0", "eta", "k"])
    _check_descent(page)
    for name in ("w0", "eta", "k"):
        for key in ("ArrowLeft", "ArrowRight", "Home", "End"):
            before, figure = page.value(name), page.figure()
            page.press(name, key)
            if page.value(name) != before:
                assert page.figure() != figure, f"{name} {key}: the figure did not change"
            _check_descent(page)
        before = page.value(name)
        page.click_at(name, 0.3)
        assert page.value(name) != before, f"{name}: a click did not move the slider"
        _check_descent(page)
    # The article's setting, then a step whose plain L1 walk misses zero.
    for name, key in (("w0", "End"), ("eta", "Home"), ("k", "End")):
        page.press(name, key)
    assert (page.value("w0"), page.value("eta"), page.value("k")) == (5, 0.1, 20)
    _check_descent(page)


# -- (c) The constrained picture -----------------------------------------------------------------

A = np.array([[1.0, 0.5], [0.5, 1.0]])
W_HAT = np.array([2.0, 0.6])


def _l1_solution(t):
    """Closed form for this A and ŵ: the corner (t, 0) up to t = 1.4, then the edge, then ŵ."""
    if t >= 2.6:
        return W_HAT
    if t <= 1.4:
        return np.array([t, 0.0])
    return np.array([(t + 1.4) / 2, (t - 1.4) / 2])


def _l2_solution(t):
    """Ridge along its path, (A + λI)⁻¹ A ŵ, with λ found by bisection so that ‖w‖₂ = t."""
    if np.linalg.norm(W_HAT) <= t:
        return W_HAT
    low, high = 0.0, 1e6
    for _ in range(200):
        lam = (low + high) / 2
        w = np.linalg.solve(A + lam * np.eye(2), A @ W_HAT)
        low, high = (lam, high) if np.linalg.norm(w) > t else (low, lam)
    return w


def _check_constrained(reader):
    t = round(reader.value("t"), 12)
    texts = [x.replace("−", "-") for x in reader.texts()]
    for name, solve, project in (
        ("L1", _l1_solution, sn.project_l1_ball),
        ("L2", _l2_solution, sn.project_l2_ball),
    ):
        line = [x for x in texts if x.startswith(f"{name}: w* = (")]
        assert len(line) == 1, texts
        first, second = re.match(r".*\(([^,]+), ([^)]+)\)", line[0]).groups()
        expected = solve(t)
        assert math.isclose(float(first), expected[0], rel_tol=1e-3, abs_tol=1e-4), (t, line)
        assert math.isclose(float(second), expected[1], rel_tol=1e-3, abs_tol=1e-4), (t, line)
        on_axis = "on an axis (exact 0)" in line[0]
        if name == "L1":
            assert on_axis == (t <= 1.4 + 1e-9), (t, line)
            # sparsenorm's projection returns the exact zero at the corner.
            corner = project(np.array([t + 1.0, 0.3]), t)
            assert (corner[1] == 0) == (0.3 <= 1.0), corner
        else:
            assert not on_axis, (t, line)


def test_constrained_explorable(reader):
    page = reader(CONSTRAINED)
    _controls_have_labels(page, ["t"])
    _check_constrained(page)
    for key in ("ArrowRight", "ArrowLeft", "Home", "End", "PageDown"):
        before, figure = page.value("t"), page.figure()
        page.press("t", key)
        if page.value("t") != before:
            assert page.figure() != figure, f"{key}: the figure did not change"
        _check_constrained(page)
    for fraction in (0.1, 0.5, 0.9):
        before = page.value("t")
        page.click_at("t", fraction)
        assert page.value("t") != before
        _check_constrained(page)
