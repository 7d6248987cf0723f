"""Every HTML page of the built site, opened in Chromium with no access to any other host.

For each page: no request leaves 127.0.0.1, no console error, page error, failed request or HTTP
error; every image loads; MathJax typesets every math element without error and no raw TeX is
left; axe-core finds no serious or critical WCAG 2.1 A/AA violation. Layout, at 1280 px and on a
390 px phone: the page never scrolls sideways; nothing in the article is cut off; at 1280 px
prose, printed output and equations fit their column (only code blocks, tables and explorables
may scroll inside their own box), on the phone code, output, display math and tables may scroll
inside their own box; gallery figures are shown at least as wide as the legibility rule of
docs/_ext/sngallery.py assumes. Page weight: the bytes the local server sends for the page and
everything it loads (uncompressed), at most 4 MB for a gallery example; the table is printed at
the end of the run. Every page is saved as full-page screenshots at both widths in
tests/browser/screenshots/ (NAME.png at 1280 px, NAME@390.png on the phone): look at them.
"""

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import serve

SITE = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Largest page weight of a gallery example page, in bytes (4 MB).
MAX_EXAMPLE_BYTES = 4_000_000

# A figure at least this wide is shown at least this wide on the phone: the legibility rule of
# docs/_ext/sngallery.py (PHONE_COLUMN_PX) assumes it.
PHONE_COLUMN_PX = 360

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
        "L1 from 5.2, steps 10 to 14: [ 0.2 -0.3  0.2 -0.3  0.2]",
    ],
    "auto_examples/why_l1/plot_04_large_step_caveat.html": [
        "0.75        step 539",
        "L1, η = 0.5    5/η = 10   first exact zero: step 10",
    ],
    "auto_examples/why_l1/plot_05_data_term_caveat.html": [
        "z = 0.6: L1 minimiser 0, L2 minimiser 0.3",
        "exact arithmetic: first exact 0 at step 345",
        "z = 2**-1074, η = 0.5, from 0: 0",
        "float64: from step 563 on, w = 2.776e-17 = 2**-55: True",
    ],
    "auto_examples/why_l1/plot_01_explanation1_big_vs_small.html": [
        "ℓ2² drop, big entry / small entry: 13.0",
    ],
    "auto_examples/why_l1/plot_06_the_kink_makes_the_zeros.html": [
        "largest |ℓ1 rate - 1| = 1.1e-13: equal to 1 to 12 decimals",
    ],
    # The torch.sparse pages run torch in the build (issue 11): its side-by-side checks show.
    "auto_examples/torch_sparse/plot_1_sparse_formats.html": [
        "all six give back the matrix: True",
    ],
    "auto_examples/torch_sparse/plot_4_mixed_linear_algebra.html": [
        "CSC + CSC: torch RuntimeError | ours sparse_csc, equal: True",
    ],
    "auto_examples/torch_sparse/plot_6_memory_vs_density.html": [
        "torch's arrays: COO 2,000,000, CSR 1,280,008 bytes, as ours: True",
    ],
    "quick_tour.html": [
        "L1 minimiser : [-2.  0.  0.  0.  2.]",
        "L1: 5 4.5 4 3.5 3 2.5 2 1.5 1 0.5 0",
    ],
}


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

# A gallery example starts with its title and its first sentence: no "Go to the end to download"
# note, no breadcrumbs.
PAGE_START = """
() => {
  const article = document.querySelector('.bd-article');
  const title = article && article.querySelector('h1');
  const next = title && title.nextElementSibling;
  return {
    note: Boolean(document.querySelector('.sphx-glr-download-link-note')),
    breadcrumbs: Boolean(document.querySelector('.bd-breadcrumbs, nav[aria-label="Breadcrumb"]')),
    first: article ? article.innerText.trim().split('\\n')[0] : '',
    title: title ? title.innerText.replace('#', '').trim() : '',
    next: next ? next.tagName : '',
  };
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


# In the page, at the current window width: what does not fit. ``wide`` is true at 1280 px,
# where only code blocks, tables and explorables may scroll inside their own box.
LAYOUT = r"""
(args) => {
  const [wide, phoneColumn] = args;
  const problems = [];
  const scrolling = [];
  const vw = window.innerWidth;
  const root = document.documentElement;
  if (root.scrollWidth > vw) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in a ${vw} px window`);
  }
  for (const el of [root, document.body]) {
    const ox = getComputedStyle(el).overflowX;
    if (ox === 'hidden' || ox === 'clip') {
      const tag = el.tagName.toLowerCase();
      problems.push(`<${tag}> has overflow-x: ${ox}, which hides what does not fit`);
    }
  }
  const article = document.querySelector('.bd-article') || document.querySelector('main');
  if (!article) return {problems, scrolling};
  const name = (el) => {
    const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return `<${el.tagName.toLowerCase()}${cls.length ? '.' + cls.join('.') : ''}> "${text}"`;
  };
  const hidden = 'mjx-assistive-mml, .visually-hidden, .sr-only, script, style, [hidden]';
  // Boxes that may scroll sideways inside themselves (their content, not the page).
  const ownScroll = wide
    ? 'div.highlight pre, table, .pst-scrollable-table-container, .sn-explorable'
    : 'pre, div.math, mjx-container, table, .pst-scrollable-table-container, .sn-explorable';
  const scrollsOk = (box) => box.matches(ownScroll)
    && !(wide && box.closest('.sphx-glr-script-out'));
  // 1. Boxes whose content is wider than the box.
  for (const el of article.querySelectorAll(
      'pre, div.math, mjx-container[display="true"], table, .sn-explorable, p, li, h1, h2, h3')) {
    if (el.closest(hidden) || el.clientWidth === 0) continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const ox = getComputedStyle(el).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && scrollsOk(el)) {
      scrolling.push(name(el));
    } else if (ox === 'auto' || ox === 'scroll') {
      problems.push(`scrolls sideways at ${vw} px (it must fit): ${name(el)}`);
    } else {
      problems.push(`content wider than its box, overflow-x: ${ox}: ${name(el)}`);
    }
  }
  // 2. Anything sticking out of the box that holds it: cut off, or scrolling the wrong box.
  for (const el of article.querySelectorAll(
      'p, li, dt, dd, pre, mjx-container, img, svg, table, h1, h2, h3, h4, .sn-explorable')) {
    if (el.closest(hidden)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let box = el.parentElement;
    while (box && box !== root && getComputedStyle(box).overflowX === 'visible') {
      box = box.parentElement;
    }
    const clipped = box && box !== root;
    const limit = clipped ? box.getBoundingClientRect().right : vw;
    if (r.right <= limit + 1) continue;
    if (clipped && scrollsOk(box)) continue;  // counted in step 1
    const ox = clipped ? getComputedStyle(box).overflowX : 'visible';
    problems.push(`sticks out ${Math.round(r.right - limit)} px past ${
      clipped ? name(box) + ' (overflow-x: ' + ox + ')' : 'the window'}: ${name(el)}`);
  }
  // 3. Gallery figures: shown at least as wide as the legibility rule assumes.
  const small = [];
  for (const img of article.querySelectorAll('img.sphx-glr-single-img, img.sphx-glr-multi-img')) {
    if (!img.naturalWidth) continue;
    const needed = Math.min(img.naturalWidth, phoneColumn, vw);
    if (img.getBoundingClientRect().width + 0.5 < needed) {
      const shown = Math.round(img.getBoundingClientRect().width);
      small.push(`${img.getAttribute('src')} shown ${shown} px wide, ${needed} px needed`);
    }
  }
  if (small.length) problems.push(`figures shown too small: ${small.join('; ')}`);
  return {problems, scrolling};
}
"""


def _layout_problems(page, wide):
    found = page.evaluate(LAYOUT, [wide, PHONE_COLUMN_PX])
    where = f"at {'1280' if wide else '390'} px: "
    return [where + problem for problem in found["problems"]]


def _kind(url, content_type):
    path = urlsplit(url).path.lower()
    content_type = (content_type or "").lower()
    if "html" in content_type or path.endswith((".html", "/")):
        return "html"
    if "javascript" in content_type or path.endswith((".js", ".mjs")):
        return "scripts"
    if "css" in content_type or path.endswith(".css"):
        return "css"
    if content_type.startswith("image/") or path.endswith((".png", ".svg", ".jpg", ".ico")):
        return "images"
    if "font" in content_type or path.endswith((".woff", ".woff2", ".ttf", ".otf")):
        return "fonts"
    return "other"


def _page_weight(responses):
    """Bytes of every response the page received from the local server, by kind."""
    kinds = {}
    for response in responses:
        if response.status >= 300 or response.request.url.startswith("data:"):
            continue
        try:
            size = len(response.body())
        except Exception:  # a response without a body (redirect, aborted)
            continue
        kind = _kind(response.url, response.headers.get("content-type"))
        kinds[kind] = kinds.get(kind, 0) + size
    return sum(kinds.values()), kinds


def _allowed(violation, page):
    for rule, selector, _why in AXE_ALLOWED:
        if violation["id"] != rule:
            continue
        matched = page.eval_on_selector_all(selector, "els => els.map(e => e.outerHTML)")
        if all(any(node["html"][:60] in m for m in matched) for node in violation["nodes"]):
            return True
    return False


def check_page(browser, server, path, axe_source, screenshot=None, weights=None):
    """Open ``server + path`` with every other host cut off; return the problems a reader meets.

    ``screenshot`` is the path of the 1280 px screenshot; the phone's goes next to it, with
    ``@390`` before the suffix. ``weights``, a dict, receives the page weight under ``path``.
    """
    origin = urlsplit(server).netloc
    external, console_errors, page_errors, failed, http_errors = [], [], [], [], []
    responses = []

    context = browser.new_context(viewport=WIDE, service_workers="block")

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
    page.on("response", lambda r: responses.append(r))
    problems = []
    try:
        response = page.goto(server + path, wait_until="load")
        if response is None or not response.ok:
            return [f"HTTP {response and response.status} for the page itself"]
        seen = page.evaluate(INSPECT)
        page.wait_for_load_state("networkidle")
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        total, kinds = _page_weight(responses)
        if weights is not None:
            weights[path] = (total, kinds)
        if EXAMPLE.match(path) and total > MAX_EXAMPLE_BYTES:
            problems.append(
                f"page weight {total / 1e6:.2f} MB > {MAX_EXAMPLE_BYTES / 1e6:g} MB: "
                + ", ".join(f"{kind} {size / 1e6:.2f} MB" for kind, size in kinds.items())
            )
        problems += _layout_problems(page, wide=True)

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

        if EXAMPLE.match(path):
            start = page.evaluate(PAGE_START)
            if start["note"] or start["breadcrumbs"]:
                problems.append(f"the page does not start with its title: {start}")
            elif not start["first"].startswith(start["title"]) or start["next"] != "P":
                problems.append(f"the title is not followed by the first sentence: {start}")

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

        # The same page on a phone.
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(100)  # let the layout settle
        problems += _layout_problems(page, wide=False)
        if screenshot is not None:
            phone = Path(screenshot).with_name(Path(screenshot).stem + "@390.png")
            page.screenshot(path=str(phone), full_page=True)
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
def test_page(path, site, server, browser, axe_source, screenshots, page_weights):
    screenshot = screenshots / (path.removesuffix(".html").replace("/", "__") + ".png")
    problems = check_page(browser, server, path, axe_source, screenshot, weights=page_weights)
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
<p style="white-space: nowrap">A line of prose that does not wrap: {WIDE}</p>
<script>console.error("boom"); throw new Error("page error on purpose");</script>
</article></main></body></html>
"""


def test_the_checks_catch_a_broken_page(tmp_path, browser, axe_source):
    """The checks are not vacuous: a page with each fault makes each of them fire."""
    page = BROKEN_PAGE.replace("{WIDE}", "wide " * 400)
    (tmp_path / "broken.html").write_text(page, encoding="utf-8")
    weights = {}
    with serve(tmp_path) as url:
        problems = check_page(browser, url, "broken.html", axe_source, weights=weights)
    report = "\n".join(problems)
    total, kinds = weights["broken.html"]
    assert kinds["html"] == len(page.encode()), "the page weight counts the HTML as sent"
    assert total >= kinds["html"]
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
        "at 1280 px: the page scrolls sideways",
        "at 390 px: the page scrolls sideways",
        "at 1280 px: content wider than its box, overflow-x: visible: <p>",
    ]:
        assert expected in report, f"{expected!r} not reported; got:\n{report}"


def test_every_page_is_tested():
    """The page list is not empty and covers the landing, about and gallery pages."""
    for required in ("index.html", "about.html", "quick_tour.html", "auto_examples/index.html"):
        assert required in PAGES
    assert any(p.startswith("auto_examples/why_l1/plot_") for p in PAGES)
