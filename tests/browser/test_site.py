"""Every HTML page of the built site, opened in Chromium with no access to any other host.

For each page: no request leaves 127.0.0.1, no console error, page error, failed request or HTTP
error; every image loads; MathJax typesets every math element without error and no raw TeX is
left; axe-core finds no serious or critical WCAG 2.1 A/AA violation. Key pages are also saved as
full-page screenshots in tests/browser/screenshots/ to be looked at.
"""

import contextlib
import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

SITE = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"

pytestmark = pytest.mark.browser

# Pages worth looking at as a person would: saved as full-page screenshots.
KEY_PAGES = {
    "index.html",
    "quick_tour.html",
    "about.html",
    "api/core.html",
    "api/solvers.html",
    "api/sparse.html",
}
KEY_PREFIXES = (
    "auto_examples/",
    "generated/sparsenorm.penalty_descent",
    "generated/sparsenorm.Lasso",
    "generated/sparsenorm.sparse.COO",
)

# Known, understood axe findings outside our content. Each entry: (rule id, CSS selector of the
# only nodes it may flag, why it is accepted).
AXE_ALLOWED = [
    (
        "label-content-name-mismatch",
        ".search-button-field",
        "pydata-sphinx-theme's search button: its aria-label 'Search' does not contain the "
        "visible keyboard-shortcut text; theme markup, not ours.",
    ),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# A gallery example page (not a gallery index).
EXAMPLE = re.compile(r"^auto_examples/[^/]+/plot_[^/]+\.html$")

# The executed output a reader must see on the main article's pages: the claims themselves
# (their numbers are checked in tests/test_why_l1_claims.py).
EXPECTED_TEXT = {
    "auto_examples/why_l1/plot_03_explanation2_descent_paths.html": [
        "L1 weight after 10 steps: 0 (exactly zero: True)",
        "(= 5 / 2**10: True)",
        "an exact zero among the iterates? False",
    ],
    "auto_examples/why_l1/plot_04_large_step_caveat.html": [
        "η = 1: factor 1 − η = 0; first exact zero at step 1",
        "η = 2: factor 1 − η = -1; first exact zero at step none",
    ],
    "auto_examples/why_l1/plot_05_data_term_caveat.html": [
        "z = 0.6: L1 minimiser 0, L2 minimiser 0.3",
        "first exact 0: step",
    ],
    "auto_examples/why_l1/plot_01_explanation1_big_vs_small.html": [
        "gain of shrinking the small one: 13.0",
    ],
    "quick_tour.html": ["L1: 5 4.5 4 3.5 3 2.5 2 1.5 1 0.5 0", "any exact zero: False"],
}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` on 127.0.0.1 at a free port, in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def server(site):
    """The built site, served on 127.0.0.1."""
    with serve(site) as url:
        yield url


def _html_pages():
    if not (SITE / "index.html").is_file():
        # Collected as one test that fails with a clear message (see the `site` fixture).
        return ["index.html"]
    pages = (p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))
    # _static, _images, _downloads… hold assets (the theme ships a template as .html), not pages.
    return sorted(p for p in pages if not p.startswith("_"))


PAGES = _html_pages()

# In the page: wait for MathJax (if the page loads it), then report what a reader would see.
INSPECT = r"""
async () => {
  const result = {};
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    result.mathjax = true;
  } else {
    result.mathjax = false;
  }
  const maths = Array.from(document.querySelectorAll('.math'));
  result.math = maths.length;
  result.untypeset = maths
    .filter((el) => !el.querySelector('mjx-container'))
    .map((el) => el.textContent.slice(0, 80));
  result.containers = document.querySelectorAll('mjx-container').length;
  result.merrors = Array.from(document.querySelectorAll('mjx-merror'))
    .map((el) => el.getAttribute('data-mjx-error') || el.textContent.slice(0, 80));
  // Raw TeX delimiters left in the visible prose (code blocks and MathJax's own output aside).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  result.rawtex = [];
  const delimiters = /\\\(|\\\[|\$\$|\\begin\{|\\frac|\\ell/;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest('pre, code, script, style, mjx-container, mjx-assistive-mml,'
        + ' textarea, .highlight, [hidden], .sphx-glr-script-out')) continue;
    if (delimiters.test(node.textContent)) result.rawtex.push(node.textContent.slice(0, 80));
  }
  // sphinx-gallery shows each thumbnail's tooltip attribute as text on hover.
  for (const el of document.querySelectorAll('[tooltip]')) {
    const tip = el.getAttribute('tooltip');
    const tex = tip.match(/.{0,40}(\\[a-zA-Z]+|\$\$).{0,20}/);
    if (tex) result.rawtex.push('thumbnail tooltip: …' + tex[0] + '…');
  }
  for (const img of document.images) img.loading = 'eager';
  await Promise.all(Array.from(document.images).map((img) => img.decode().catch(() => null)));
  result.images = Array.from(document.images).map((img) => ({
    src: img.currentSrc || img.src, width: img.naturalWidth,
  }));
  return result;
}
"""

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 160)})),
  }));
}
"""


def _allowed(violation, page):
    for rule, selector, _why in AXE_ALLOWED:
        if violation["id"] != rule:
            continue
        matched = page.eval_on_selector_all(selector, "els => els.map(e => e.outerHTML)")
        if all(any(node["html"][:60] in m for m in matched) for node in violation["nodes"]):
            return True
    return False


def check_page(browser, server, path, axe_source, screenshot=None):
    """Open ``server + path`` with every other host cut off; return the problems a reader meets."""
    origin = urlsplit(server).netloc
    external, console_errors, page_errors, failed, http_errors = [], [], [], [], []

    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def route(route):
        if urlsplit(route.request.url).netloc == origin or route.request.url.startswith("data:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and http_errors.append(f"{r.status} {r.url}"))
    problems = []
    try:
        response = page.goto(server + path, wait_until="load")
        if response is None or not response.ok:
            return [f"HTTP {response and response.status} for the page itself"]
        seen = page.evaluate(INSPECT)
        page.wait_for_load_state("networkidle")
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)

        if seen["math"] and not seen["mathjax"]:
            problems.append("the page has math but MathJax did not start")
        if seen["untypeset"] or seen["containers"] < seen["math"]:
            problems.append(f"math left untypeset: {seen['untypeset']}")
        if seen["merrors"]:
            problems.append(f"MathJax errors: {seen['merrors']}")
        if seen["rawtex"]:
            problems.append(f"raw TeX in the prose: {seen['rawtex']}")
        broken = [img["src"] for img in seen["images"] if img["width"] == 0]
        if broken:
            problems.append(f"images that did not load: {broken}")

        # Code blocks get a copy button; example pages download as .py and .ipynb.
        blocks = page.locator("div.highlight pre").count()
        buttons = page.locator("button.copybtn").count()
        if blocks and buttons < blocks:
            problems.append(f"{blocks} code blocks but {buttons} copy buttons")
        if EXAMPLE.match(path):
            for suffix in (".py", ".ipynb"):
                links = page.locator(f'.sphx-glr-download a[href$="{suffix}"]')
                if links.count() != 1:
                    problems.append(f"{links.count()} download links to a {suffix} file")
                    continue
                download = page.request.get(urljoin(server + path, links.get_attribute("href")))
                if not download.ok or not download.body():
                    problems.append(f"download {suffix}: HTTP {download.status}, empty or failed")

        text = page.inner_text("body")
        for expected in EXPECTED_TEXT.get(path, []):
            if expected not in text:
                problems.append(f"expected text missing: {expected!r}")

        page.add_script_tag(path=str(axe_source))
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        serious = [
            v
            for v in violations
            if v["impact"] in ("serious", "critical") and not _allowed(v, page)
        ]
        if serious:
            problems.append(f"axe-core WCAG 2.1 A/AA violations: {serious}")
    finally:
        context.close()

    for label, found in [
        ("requests to other hosts", external),
        ("console errors", console_errors),
        ("page errors", page_errors),
        ("failed requests", failed),
        ("HTTP errors", http_errors),
    ]:
        if found:
            problems.append(f"{label}: {found}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_page(path, site, server, browser, axe_source, screenshots):
    screenshot = None
    if path in KEY_PAGES or path.startswith(KEY_PREFIXES):
        screenshot = screenshots / (path.removesuffix(".html").replace("/", "__") + ".png")
    problems = check_page(browser, server, path, axe_source, screenshot)
    assert not problems, f"{path}:\n" + "\n".join(f"- {p}" for p in problems)


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>broken on purpose</title>
<script src="https://cdn.example.invalid/mathjax.js"></script></head>
<body><main><article>
<h1>A page with every fault the checks look for</h1>
<p>Raw TeX a reader would see: \\(\\ell_1\\) and <span class="math">\\(x\\)</span>.</p>
<img src="missing.png" alt="a missing picture">
<div class="sphx-glr-thumbcontainer" tooltip="step \\eta = 1/2"></div>
<a href="#"></a>
<script>console.error("boom"); throw new Error("page error on purpose");</script>
</article></main></body></html>
"""


def test_the_checks_catch_a_broken_page(tmp_path, browser, axe_source):
    """The checks are not vacuous: a page with each fault makes each of them fire."""
    (tmp_path / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    with serve(tmp_path) as url:
        problems = check_page(browser, url, "broken.html", axe_source)
    report = "\n".join(problems)
    for expected in [
        "math left untypeset",
        "raw TeX in the prose",
        "thumbnail tooltip",
        "images that did not load",
        "axe-core WCAG 2.1 A/AA violations",
        "requests to other hosts: ['https://cdn.example.invalid/mathjax.js']",
        "console errors",
        "page errors",
        "HTTP errors: ['404",
    ]:
        assert expected in report, f"{expected!r} not reported; got:\n{report}"


def test_every_page_is_tested():
    """The page list is not empty and covers the landing, about and gallery pages."""
    for required in ("index.html", "about.html", "quick_tour.html", "auto_examples/index.html"):
        assert required in PAGES
    assert any(p.startswith("auto_examples/why_l1/plot_") for p in PAGES)
