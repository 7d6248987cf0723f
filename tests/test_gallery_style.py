"""The gallery's figure conventions, checked statically on every page (nothing is executed).

What a reader sees of a page's code is its **visible code lines**: the physical lines of the
script that hold Python code (at least one token other than a comment or a line break, as
:mod:`tokenize` splits them; a multi-line string counts on every line it spans), less the module
docstring and less everything from a ``# sphinx_gallery_start_ignore`` line to the matching
``# sphinx_gallery_end_ignore`` line (sphinx-gallery hides those on the page and keeps them in
the downloaded script).

A visible line is a **plotting line** when it belongs to a plotting statement:

* the *plotting names* of a page are the names bound by importing matplotlib or Altair
  (``import matplotlib.pyplot as plt``, ``from matplotlib.colors import to_hex``,
  ``import altair as alt``), the names ``fig``, ``figs``, ``ax``, ``axs``, ``axes`` wherever they
  appear, and every name bound (by ``=``, augmented or annotated assignment, a ``for`` target, a
  ``with ... as`` target, a walrus) from an expression that uses a plotting name, repeated until
  nothing changes, over the whole script, hidden parts included (``line, = ax.plot(...)`` makes
  ``line`` one, ``for ax in axes.flat`` makes ``ax`` one);
* a simple statement (an expression, assignment, ``return``, ``del``...) that uses a plotting
  name is a plotting statement, on every line it spans; so is the header of a compound statement
  (``for``, ``while``, ``if``, ``with``) whose header uses one, on the header's lines only.

The rules, from issue 10 and the common brief:

* at most a third of a page's visible code lines are plotting lines;
* a page that imports matplotlib sets the site style with ``plt.style.use("sparsenorm.site")``;
* no page defines its own colour: no string constant that is a hex colour (``"#0072B2"``);
  method colours are ``"C0"``...``"C6"`` of the site style.

The site style itself must ship with the package and load by name.
"""

import ast
import io
import re
import tokenize
from importlib import resources
from pathlib import Path

import pytest

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
PAGES = sorted(GALLERY.glob("*/plot_*.py"))

START_IGNORE = re.compile(r"^[ \t]*#\s*sphinx_gallery_start_ignore")
END_IGNORE = re.compile(r"^[ \t]*#\s*sphinx_gallery_end_ignore")
PLOTTING_MODULES = ("matplotlib", "altair")
PLOTTING_NAMES = frozenset({"fig", "figs", "ax", "axs", "axes"})
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith)
SKIP_TOKENS = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}


def code_lines(source):
    """Numbers (1-based) of the lines that hold Python code."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in SKIP_TOKENS:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def hidden_lines(source):
    """Numbers of the lines of ignore blocks, flags included; an unclosed block is an error."""
    hidden, start = set(), None
    for number, line in enumerate(source.splitlines(), start=1):
        if start is None and START_IGNORE.match(line):
            start = number
        elif start is not None and END_IGNORE.match(line):
            hidden.update(range(start, number + 1))
            start = None
    if start is not None:
        raise AssertionError(f"sphinx_gallery_start_ignore on line {start} is never closed")
    return hidden


def visible_code_lines(source, tree):
    lines = code_lines(source) - hidden_lines(source)
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        lines -= set(range(body[0].lineno, body[0].end_lineno + 1))  # the module docstring
    return lines


def _used_names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _bound_names(target):
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def plotting_names(tree):
    """The page's plotting names (see the module docstring), to a fixed point."""
    names = set(PLOTTING_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PLOTTING_MODULES:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in PLOTTING_MODULES:
                names.update(alias.asname or alias.name for alias in node.names)
    bindings = []  # (names bound, expression they are bound from)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            bindings += [(_bound_names(t), node.value) for t in node.targets]
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            bindings.append((_bound_names(node.target), node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            bindings.append((_bound_names(node.target), node.iter))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            bindings += [
                (_bound_names(item.optional_vars), item.context_expr)
                for item in node.items
                if item.optional_vars is not None
            ]
        elif isinstance(node, ast.NamedExpr):
            bindings.append(({node.target.id}, node.value))
    changed = True
    while changed:
        changed = False
        for bound, value in bindings:
            if not bound <= names and _used_names(value) & names:
                names |= bound
                changed = True
    return names


def _header(node):
    """The expressions in a compound statement's header."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.target, node.iter]
    if isinstance(node, (ast.While, ast.If)):
        return [node.test]
    return [item.context_expr for item in node.items] + [
        item.optional_vars for item in node.items if item.optional_vars is not None
    ]


def plotting_lines(tree):
    """Line numbers of the page's plotting statements (see the module docstring)."""
    names = plotting_names(tree)
    lines = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, COMPOUND):
                if any(_used_names(part) & names for part in _header(node)):
                    lines.update(range(node.lineno, node.body[0].lineno))
                visit(node.body)
                visit(getattr(node, "orelse", []))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(node.body)
            elif isinstance(node, ast.Try):
                for part in (node.body, node.orelse, node.finalbody):
                    visit(part)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            elif _used_names(node) & names:
                lines.update(range(node.lineno, node.end_lineno + 1))

    visit(tree.body)
    return lines


def measure(source):
    """(visible code lines, plotting lines among them) of a page's source."""
    tree = ast.parse(source)
    visible = visible_code_lines(source, tree)
    return visible, visible & plotting_lines(tree)


def _sets_site_style(tree):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "use"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "style"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == "sparsenorm.site"
        ):
            return True
    return False


def _imports_matplotlib(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "matplotlib" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("matplotlib"):
            return True
    return False


def hex_colours(tree):
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HEX_COLOUR.fullmatch(node.value.strip())
    ]


def _name(path):
    return f"{path.parent.name}/{path.name}"


def test_the_gallery_has_pages():
    assert len(PAGES) >= 20, PAGES


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_plotting_is_at_most_a_third_of_the_visible_code(path):
    source = path.read_text(encoding="utf-8")
    visible, plotting = measure(source)
    lines = source.splitlines()
    shown = "\n".join(f"  {n:4d}: {lines[n - 1]}" for n in sorted(plotting)[:40])
    assert 3 * len(plotting) <= len(visible), (
        f"{_name(path)}: {len(plotting)} of {len(visible)} visible code lines are plotting "
        f"(at most {len(visible) // 3}); move cosmetic drawing into "
        f"# sphinx_gallery_start_ignore / # sphinx_gallery_end_ignore blocks:\n{shown}"
    )


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_page_sets_the_site_style(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if _imports_matplotlib(tree):
        assert _sets_site_style(tree), f'{_name(path)}: add plt.style.use("sparsenorm.site")'


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_page_defines_no_colour_of_its_own(path):
    found = hex_colours(ast.parse(path.read_text(encoding="utf-8")))
    assert not found, f'{_name(path)}: hex colours {found}; use the site style\'s "C0"..."C6"'


# -- The measurements themselves, on small scripts whose answer is known -------------------------

SAMPLE = '''"""Title.

Docstring lines are not code.
"""

# %%
# A text cell: comments are not code.
import matplotlib.pyplot as plt
import numpy as np

w = np.linspace(-1, 1, 5)
fig, ax = plt.subplots()
line, = ax.plot(w, w**2)
line.set_color("C0")
for a in [ax]:
    a.set_xlabel("w")
if w.size:
    total = w.sum()
# sphinx_gallery_start_ignore
ax.set_title("hidden")
fig.set_label("hidden too")
# sphinx_gallery_end_ignore
print(total)
'''


def test_measure_counts_visible_and_plotting_lines():
    visible, plotting = measure(SAMPLE)
    # Visible: imports (2), w, fig/ax, line, set_color, for, a.set_xlabel, if, total, print.
    assert sorted(visible) == [8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 23]
    assert sorted(plotting) == [12, 13, 14, 15, 16]


def test_multiline_calls_count_every_line_and_comments_none():
    source = (
        "import matplotlib.pyplot as plt\nplt.plot(\n    [1, 2],  # data\n    # a note\n"
        "    [3, 4],\n)\nx = 1\n"
    )
    visible, plotting = measure(source)
    assert sorted(visible) == [1, 2, 3, 5, 6, 7]
    assert sorted(plotting) == [2, 3, 5, 6]


def test_an_unclosed_ignore_block_is_reported():
    with pytest.raises(AssertionError, match="never closed"):
        measure("x = 1\n# sphinx_gallery_start_ignore\ny = 2\n")


def test_style_and_colour_checks_see_what_they_should():
    tree = ast.parse(
        'import matplotlib.pyplot as plt\nplt.style.use("sparsenorm.site")\nc = "#0072B2"\n'
    )
    assert _sets_site_style(tree) and _imports_matplotlib(tree)
    assert hex_colours(tree) == [(3, "#0072B2")]
    assert not _sets_site_style(ast.parse('plt.style.use("ggplot")\n'))
    assert hex_colours(ast.parse('c = "C0"\nlabel = "#1 result"\n')) == []


# -- The site style ships with the package -------------------------------------------------------


def test_site_style_is_package_data():
    style = resources.files("sparsenorm").joinpath("site.mplstyle")
    assert style.is_file()
    assert "axes.prop_cycle" in style.read_text(encoding="utf-8")


def test_site_style_loads_by_name():
    matplotlib = pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    with plt.style.context("sparsenorm.site"):
        colours = [matplotlib.colors.to_hex(c) for c in ("C0", "C1", "C2", "C6")]
        assert colours == ["#0072b2", "#d55e00", "#009e73", "#000000"]
        assert matplotlib.rcParams["font.size"] == 12
        assert list(matplotlib.rcParams["figure.figsize"]) == [5, 3.5]
