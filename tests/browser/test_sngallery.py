"""The site's gallery extension (docs/_ext/sngallery.py), without a browser or a build."""

import importlib.util
import json
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
SPEC = importlib.util.spec_from_file_location("sngallery", DOCS / "_ext" / "sngallery.py")
sngallery = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(sngallery)

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def test_displayed_size_rule():
    # The site style's design point: 5 in at 100 dpi with 12 pt text is shown at 9 pt exactly.
    assert sngallery.displayed_points(12, 5, 100) == pytest.approx(9.0)
    # A figure narrower than the phone's column is shown at its own size: 12 pt at 100 dpi.
    assert sngallery.displayed_points(12, 3, 100) == pytest.approx(12.5)
    # Wider, or smaller text, falls below 9 pt.
    assert sngallery.displayed_points(12, 6, 100) < 9
    assert sngallery.displayed_points(11, 5, 100) < 9


def test_figure_problems_name_each_fault():
    with plt.style.context("sparsenorm.site"):
        good, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("w")
        good.set_label("A straight line from the origin.")
        assert sngallery.figure_problems(good, 100.0) == []

        unlabelled, ax = plt.subplots()
        ax.plot([0, 1])
        assert any("no alt text" in p for p in sngallery.figure_problems(unlabelled, 100.0))

        tex, ax = plt.subplots()
        tex.set_label(r"The curve $\alpha |w|$.")
        assert any("TeX" in p for p in sngallery.figure_problems(tex, 100.0))

        wide, ax = plt.subplots(figsize=(10, 3))
        wide.set_label("A wide strip.")
        ax.set_title("tick labels shrink", fontsize=12)
        problems = sngallery.figure_problems(wide, 100.0)
        assert len(problems) == 1 and "illegible on a phone" in problems[0]
    plt.close("all")


def test_alt_text_replaces_sphinx_gallery_alt_lines():
    rst = "\n.. image-sg:: /a.png\n   :alt: title one\n   :srcset: /a.png\n"
    rst += "      .. image-sg:: /b.png\n          :alt: \n"
    labels = iter(["first figure", "second figure"])
    out = sngallery._ALT_LINE.sub(lambda m: f"{m['indent']}:alt: {next(labels)}", rst)
    assert "   :alt: first figure\n" in out and "          :alt: second figure\n" in out


def test_explorable_html_embeds_the_spec_safely():
    altair = pytest.importorskip("altair")
    chart = altair.Chart(altair.Data(values=[{"a": "</script><b>"}])).mark_point()
    chart = chart.encode(x="a:N").properties(description='A "quoted" chart')
    html = sngallery.explorable_html(chart)
    assert html.count("</script>") == 1  # only the element's own end tag
    assert 'aria-label="A &quot;quoted&quot; chart"' in html
    start = html.index('class="sn-explorable-spec">') + len('class="sn-explorable-spec">')
    spec = json.loads(html[start : html.rindex("</script>")].replace("<\\/", "</"))
    assert spec["description"] == 'A "quoted" chart'


def test_altair_and_the_served_vega_lite_agree():
    """Altair writes specifications for one Vega-Lite major version: the one npm installs."""
    altair = pytest.importorskip("altair")
    pinned = json.loads((DOCS / "package.json").read_text())["dependencies"]
    assert altair.SCHEMA_VERSION.lstrip("v").split(".")[0] == pinned["vega-lite"].split(".")[0]
    assert set(sngallery.VEGA_FILES) == {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}
