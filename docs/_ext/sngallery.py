"""Local Sphinx extension: the gallery's figures and explorables.

Image scrapers (named in ``conf.py`` by their dotted path, ``"sngallery.matplotlib_scraper"``
and ``"sngallery.altair_scraper"``, so that the configuration stays picklable):

* :func:`matplotlib_scraper` wraps sphinx-gallery's own matplotlib scraper (which also saves the
  2x images of ``image_srcset``) and uses each figure's ``fig.get_label()`` as the ``<img>`` alt
  text. It checks every figure and turns each problem into a Sphinx warning, which fails the
  ``-W`` build, naming the page and the figure:

  - the figure has no label, or its label contains TeX (``$`` or a backslash);
  - a text of the figure would be shown smaller than :data:`MIN_DISPLAYED_PT` on a 390 px phone
    (see :func:`displayed_points` for the exact rule).

* :func:`altair_scraper` renders a code block whose last expression is an Altair chart (as
  Jupyter would) as an *explorable*: the chart's Vega-Lite specification, computed at build time,
  embedded in the page and drawn in the browser by Vega, Vega-Lite and vega-embed served from the
  site's own ``_static/vega`` (copied from ``docs/node_modules``, installed by ``npm ci``). Only
  pages with an explorable load these scripts.

The extension also removes sphinx-gallery's "Go to the end to download the full example code"
note, so that each example page starts with its title and first sentence (the download links stay
at the end of the page).
"""

import ast
import html
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
NODE_MODULES = DOCS / "node_modules"

# -- Legibility rule -----------------------------------------------------------------------------

#: Width in CSS px of the article column on a 390 px wide phone, where a gallery image is shown
#: (the browser tests check that an image at least this wide is shown at least this wide there).
PHONE_COLUMN_PX = 360
#: CSS px per inch: a CSS pt is 1/72 in = 96/72 CSS px.
CSS_PX_PER_INCH = 96
#: Smallest text size, in CSS pt as displayed, that a figure may use.
MIN_DISPLAYED_PT = 9.0


def displayed_points(size_pt, fig_width_in, dpi):
    r"""Size in CSS pt at which a text of ``size_pt`` points is shown on a 390 px phone.

    The image is ``fig_width_in * dpi`` pixels wide, where ``dpi`` is the resolution it is saved
    at (its 2x copy is shown at the same CSS size). It is shown at its natural width, one image
    pixel per CSS px, or scaled down to the phone's article column of :data:`PHONE_COLUMN_PX`
    px. A text of :math:`s` pt is :math:`s \cdot \mathrm{dpi}/72` image pixels tall, so it is
    shown at

    .. math::

        s \cdot \frac{\mathrm{dpi}}{96} \cdot
        \min\left(1, \frac{360}{\mathrm{width_{in}} \cdot \mathrm{dpi}}\right)

    CSS pt. The site style (``sparsenorm/site.mplstyle``) designs figures at 5 in and 100 dpi
    with 12 pt text: :math:`12 \cdot \frac{100}{96} \cdot \frac{360}{500} = 9` pt, the minimum.

    >>> displayed_points(12, 5, 100)
    9.0
    >>> displayed_points(12, 6.4, 100) < 9  # a wider figure shrinks its text
    True
    """
    width_px = fig_width_in * dpi
    return size_pt * dpi / CSS_PX_PER_INCH * min(1.0, PHONE_COLUMN_PX / width_px)


def _drawn_texts(fig):
    """(text, size in points) of every text the figure's renderer draws, in drawing order."""
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:
        return None
    renderer = get_renderer()
    drawn = []
    draw_text = renderer.draw_text

    def recording_draw_text(gc, x, y, s, prop, angle, *args, **kwargs):
        if s and s.strip():
            drawn.append((s, float(prop.get_size_in_points())))
        return draw_text(gc, x, y, s, prop, angle, *args, **kwargs)

    renderer.draw_text = recording_draw_text
    try:
        fig.draw(renderer)
    finally:
        del renderer.draw_text
    return drawn


def figure_problems(fig, dpi):
    """The reasons a figure is not fit for the site, as sentences (empty when it is)."""
    problems = []
    label = fig.get_label() or ""
    if not label.strip():
        problems.append(
            'has no alt text: describe what it shows with fig.set_label("...") '
            "(one or two plain-English sentences)"
        )
    elif "$" in label or "\\" in label:
        problems.append(
            f"has TeX in its alt text {label!r}: write it in plain words (a screen reader reads "
            "it aloud)"
        )
    drawn = _drawn_texts(fig)
    width_in = float(fig.get_figwidth())
    if drawn:
        smallest_text, smallest = min(drawn, key=lambda item: item[1])
        shown = displayed_points(smallest, width_in, dpi)
        if shown < MIN_DISPLAYED_PT - 1e-9:
            problems.append(
                f"is illegible on a phone: its {width_in:g} in x {dpi:g} dpi image shows the "
                f"{smallest:g} pt text {smallest_text[:40]!r} at {shown:.1f} pt in a "
                f"{PHONE_COLUMN_PX} px column (at least {MIN_DISPLAYED_PT:g} pt needed: "
                "at most 5 in wide with 12 pt text, or larger text)"
            )
    return problems


def _check_rst(page, number, label, problem):
    text = f"{page}: figure {number}" + (f" ({label[:60]!r})" if label else "") + f" {problem}"
    body = "\n".join("   " + line for line in text.splitlines())
    return f"\n\n.. sn-figure-check::\n\n{body}\n"


_ALT_LINE = re.compile(r"^(?P<indent>[ \t]*):alt:[^\n]*$", re.MULTILINE)


def matplotlib_scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's matplotlib scraper, with each figure's label as alt text, and checks."""
    import matplotlib
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper as sg_matplotlib_scraper

    page = "/".join(Path(block_vars["src_file"]).parts[-2:])
    dpi = matplotlib.rcParams["savefig.dpi"]
    # Figures are numbered per page, as a reader counts them.
    before = block_vars.get("sn_figure_count", 0)
    labels, checks = [], []
    for fig_num in plt.get_fignums():
        fig = plt.figure(fig_num)
        fig_dpi = kwargs.get("dpi", fig.dpi if dpi == "figure" else dpi)
        label = " ".join((fig.get_label() or "").split())
        labels.append(label)
        for problem in figure_problems(fig, float(fig_dpi)):
            checks.append(_check_rst(page, before + len(labels), label, problem))
    block_vars["sn_figure_count"] = before + len(labels)
    rst = sg_matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    alts = iter(labels)
    rst = _ALT_LINE.sub(lambda m: f"{m['indent']}:alt: {next(alts, '')}", rst)
    return rst + "".join(checks)


class FigureCheck(SphinxDirective):
    """``.. sn-figure-check::`` with a message: a warning at this place of the page.

    The scrapers may run in other processes (sphinx-gallery's ``parallel``), where a Sphinx
    warning would be lost; they write this directive instead, and the warning is raised when the
    page is read.
    """

    has_content = True

    def run(self):
        logger.warning(
            " ".join(self.content),
            location=self.get_location(),
            type="sparsenorm",
            subtype="figure",
        )
        return []


# -- Explorables ---------------------------------------------------------------------------------

#: What an explorable page loads, from ``docs/node_modules`` (``npm ci --prefix docs``).
VEGA_FILES = {
    "vega.min.js": NODE_MODULES / "vega" / "build" / "vega.min.js",
    "vega-lite.min.js": NODE_MODULES / "vega-lite" / "build" / "vega-lite.min.js",
    "vega-embed.min.js": NODE_MODULES / "vega-embed" / "build" / "vega-embed.min.js",
}
EXPLORABLE_CLASS = "sn-explorable"


def _last_expression_value(block, block_vars):
    try:
        tree = ast.parse(block.content)
    except SyntaxError:
        return None
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    return block_vars["example_globals"].get("___")


def explorable_html(chart):
    """The HTML of an explorable: a container and the chart's Vega-Lite specification."""
    spec = chart.to_dict()
    description = spec.get("description", "An interactive figure.")
    data = json.dumps(spec, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    # Inside <script> only "</" could end the element early.
    data = data.replace("</", "<\\/")
    return (
        f'<div class="{EXPLORABLE_CLASS}" role="group" '
        f'aria-label="{html.escape(description, quote=True)}">'
        '<div class="sn-explorable-view"></div>'
        '<p class="sn-explorable-nojs">The interactive version of this figure needs '
        "JavaScript; the static figure above shows the same computation.</p>"
        f'<script type="application/json" class="sn-explorable-spec">{data}</script></div>'
    )


def altair_scraper(block, block_vars, gallery_conf, **kwargs):
    """Render a block whose last expression is an Altair chart as an explorable."""
    import sys

    if "altair" not in sys.modules:
        return ""
    import altair

    chart = _last_expression_value(block, block_vars)
    if not isinstance(chart, altair.TopLevelMixin):
        return ""
    return "\n\n.. raw:: html\n\n    " + explorable_html(chart) + "\n\n"


def _check_vega(app):
    missing = [str(path) for path in VEGA_FILES.values() if not path.is_file()]
    if missing:
        raise RuntimeError(
            f"Vega is missing from {NODE_MODULES} ({', '.join(missing)}). The explorables serve "
            "it locally (no CDN): run `npm ci --prefix docs` (nox -s docs does it for you)."
        )


def _add_explorable_scripts(app, pagename, templatename, context, doctree):
    body = context.get("body") or ""
    if f'class="{EXPLORABLE_CLASS}"' not in body:
        return
    for name in VEGA_FILES:
        app.add_js_file(f"vega/{name}", priority=600)
    app.add_js_file("explorable.js", priority=601)


def _copy_vega(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    dest = Path(app.outdir) / "_static" / "vega"
    dest.mkdir(parents=True, exist_ok=True)
    for name, source in VEGA_FILES.items():
        shutil.copy2(source, dest / name)


# -- Page start ----------------------------------------------------------------------------------


def _remove_download_note(app, doctree):
    """Drop sphinx-gallery's "Go to the end to download" note; the links stay at the end."""
    for note in list(doctree.findall(nodes.note)):
        if "sphx-glr-download-link-note" in note["classes"]:
            note.parent.remove(note)


def setup(app):
    app.add_directive("sn-figure-check", FigureCheck)
    app.connect("builder-inited", _check_vega)
    app.connect("doctree-read", _remove_download_note)
    app.connect("html-page-context", _add_explorable_scripts)
    app.connect("build-finished", _copy_vega)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
