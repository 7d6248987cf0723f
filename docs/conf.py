"""Sphinx configuration of the sparsenorm site.

The site works with no web access: MathJax 4 is served from the npm package installed by
``npm ci`` (see ``docs/package.json``), copied into ``_static/mathjax`` at build time, with its
font path pointed at the local copy; the explorables' Vega, Vega-Lite and vega-embed come from the
same ``node_modules`` (``_ext/sngallery.py`` copies them into the built site's
``_static/vega``). Nothing on a page loads from another host.
"""

import shutil
import sys
from pathlib import Path

import sparsenorm

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
NODE_MODULES = DOCS / "node_modules"

# -- Project -----------------------------------------------------------------------------------

project = "sparsenorm"
author = "the sparsenorm developers"
copyright = "2026, the sparsenorm developers"
version = release = getattr(sparsenorm, "__version__", "0.1.0")

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "myst_nb",
    "sitefixes",  # _ext/sitefixes.py: accessibility and plain-text tooltip fixes
    "sngallery",  # _ext/sngallery.py: figure alt text and checks, explorables, page start
]

exclude_patterns = [
    "_build",
    "node_modules",
    "jupyter_execute",
    # sphinx-gallery writes a notebook next to every generated page: not a source for myst-nb.
    "auto_examples/**/*.ipynb",
    "auto_examples/*.ipynb",
    "sg_execution_times.rst",
    "README.md",
]
templates_path = ["_templates"]

# -- MathJax 4, served locally ----------------------------------------------------------------


def _copy_mathjax():
    """Copy MathJax 4 and its font from node_modules into _static/mathjax, or fail loudly."""
    src = NODE_MODULES / "mathjax"
    font = NODE_MODULES / "@mathjax" / "mathjax-newcm-font"
    if not (src / "tex-chtml.js").is_file() or not (font / "chtml.js").is_file():
        raise RuntimeError(
            f"MathJax 4 is missing from {NODE_MODULES}. The site serves MathJax locally (no CDN): "
            "run `npm ci --prefix docs` (nox -s docs does it for you) and build again."
        )
    dest = DOCS / "_static" / "mathjax"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(
        src,
        dest,
        # Only the combined TeX → CommonHTML component and what it loads lazily.
        ignore=shutil.ignore_patterns(
            "*.md",
            "*.cjs",
            "*.mjs",
            "node-main*",
            "mml-*",
            "tex-svg*",
            "tex-mml-*",
            "*-nofont.js",
            "require.d.mts",
        ),
    )
    fonts = dest / "fonts" / "mathjax-newcm-font"
    fonts.mkdir(parents=True)
    shutil.copy2(font / "chtml.js", fonts / "chtml.js")
    shutil.copytree(font / "chtml", fonts / "chtml")


_copy_mathjax()
mathjax_path = "mathjax/tex-chtml.js"
mathjax4_config = {
    # MathJax 4 fetches its fonts from a CDN even when self-hosted unless told otherwise.
    "loader": {"paths": {"fonts": "[mathjax]/fonts"}},
    # Screen readers get each formula as MathML (MathJax's assistive MathML, as in MathJax 3),
    # not from MathJax 4's own speech and Braille generation: that loads its speech-rule engine
    # (a 0.4 MB worker and 0.8 MB of rule files) on every page with math, which would put the
    # article pages with an explorable over their 4 MB budget. A reader can still switch speech
    # on in MathJax's menu (served locally too).
    "options": {
        "menuOptions": {
            "settings": {"enrich": False, "speech": False, "braille": False, "assistiveMml": True}
        }
    },
}

# -- API reference -------------------------------------------------------------------------------

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- sphinx-gallery ------------------------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py|/_",
    # The main article first, then what goes beyond it, then the two related articles.
    "subsection_order": [
        "../gallery/why_l1",
        "../gallery/beyond",
        "../gallery/right_zeros",
        "../gallery/lasso_vs_ridge",
        "../gallery/torch_sparse",
        "../gallery/pytorch",
    ],
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("sparsenorm",),
    "backreferences_dir": "generated/backreferences",
    "reference_url": {"sparsenorm": None},
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    # _ext/sngallery.py, named by dotted path so that the configuration stays picklable:
    # matplotlib figures with fig.get_label() as alt text (a build warning for a figure without
    # one, with TeX in it, or with text too small on a phone), and Altair charts, the last
    # expression of a cell, as explorables drawn by the site's own copy of Vega.
    "image_scrapers": ("sngallery.matplotlib_scraper", "sngallery.altair_scraper"),
    # Every figure also at twice the resolution, for high-density screens.
    "image_srcset": ["2x"],
    # An Altair chart is shown by its scraper, not printed as its repr.
    "ignore_repr_types": r"altair\.",
    # The computation-times pages load jQuery and DataTables from CDNs.
    "write_computation_times": False,
    # With -W, report every failing example in one build instead of stopping at the first.
    "only_warn_on_example_error": True,
    "show_memory": False,
    # Run the examples two at a time on this 2-core machine (uses Sphinx's -j; needs joblib).
    "parallel": True,
    "plot_gallery": "True",
}

# -- myst-nb -------------------------------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 60
nb_merge_streams = True
nb_render_markdown_format = "myst"

# -- HTML ---------------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "sparsenorm"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_favicon = "_static/favicon.svg"
html_logo = "_static/favicon.svg"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_context = {"default_mode": "light"}
html_theme_options = {
    "navbar_align": "left",
    # No breadcrumbs: a page starts with its title and first sentence.
    "article_header_start": [],
    "show_prev_next": True,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "logo": {"text": "sparsenorm"},
    "icon_links": [],
}
html_sidebars = {"index": [], "about": [], "quick_tour": []}

copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
