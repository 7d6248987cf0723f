"""Every HTML page of the built site, opened in Chromium with no access to any other host.

For each page: no request leaves 127.0.0.1, no console error, page error, failed request or HTTP
error; every image loads; MathJax typesets every math element without error and no raw TeX is
left; axe-core finds no serious or critical WCAG 2.1 A/AA violation. Key pages are also saved as
full-page screenshots in tests/browser/screenshots/ to be looked at.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

SITE = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"

pytestmark = pytest.mark.browser

# Pages worth looking at as a person would: saved as full-page screenshots.
KEY_PAGES = {
    "index.html",
    "quick_tour.html",
    "about.html",
    "api/core.html",
    "auto_examples/index.html",
}
KEY_PREFIXES = ("auto_examples/why_l1/", "generated/sparsenorm.penalty_descent")

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


@pytest.mark.parametrize("path", PAGES)
def test_page(path, site, server, browser, axe_source, screenshots):
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
    try:
        response = page.goto(server + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        seen = page.evaluate(INSPECT)
        page.wait_for_load_state("networkidle")

        if seen["math"]:
            assert seen["mathjax"], f"{path} has math but MathJax did not start"
        assert not seen["untypeset"], f"{path}: math left untypeset: {seen['untypeset']}"
        assert seen["containers"] >= seen["math"]
        assert not seen["merrors"], f"{path}: MathJax errors: {seen['merrors']}"
        assert not seen["rawtex"], f"{path}: raw TeX in the prose: {seen['rawtex']}"
        broken = [img["src"] for img in seen["images"] if img["width"] == 0]
        assert not broken, f"{path}: images that did not load: {broken}"

        page.add_script_tag(path=str(axe_source))
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        serious = [
            v
            for v in violations
            if v["impact"] in ("serious", "critical") and not _allowed(v, page)
        ]
        assert not serious, f"{path}: axe-core WCAG 2.1 A/AA violations: {serious}"

        if path in KEY_PAGES or path.startswith(KEY_PREFIXES):
            name = path.removesuffix(".html").replace("/", "__") + ".png"
            page.screenshot(path=str(screenshots / name), full_page=True)
    finally:
        context.close()

    assert not external, f"{path}: requests to other hosts: {external}"
    assert not console_errors, f"{path}: console errors: {console_errors}"
    assert not page_errors, f"{path}: page errors: {page_errors}"
    assert not failed, f"{path}: failed requests: {failed}"
    assert not http_errors, f"{path}: HTTP errors: {http_errors}"


def test_every_page_is_tested():
    """The page list is not empty and covers the landing, about and gallery pages."""
    for required in ("index.html", "about.html", "quick_tour.html", "auto_examples/index.html"):
        assert required in PAGES
    assert any(p.startswith("auto_examples/why_l1/plot_") for p in PAGES)
