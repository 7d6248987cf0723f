"""The site's own Sphinx extension (docs/_ext/sitefixes.py): plain-text thumbnail tooltips."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "sitefixes", Path(__file__).resolve().parents[2] / "docs" / "_ext" / "sitefixes.py"
)
sitefixes = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(sitefixes)


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"w_1 = 5 with step \eta = 1/2", "w₁ = 5 with step η = 1/2"),
        (r"minimise \tfrac12 (w - z)^2 plus a penalty", "minimise ½ (w - z)² plus a penalty"),
        (r"\ell_q with q = 0.5", "ℓ_q with q = 0.5"),
        (r"\|w\|_1 \leq t and 5 \cdot 2^{-k}", "‖w‖₁ ≤ t and 5 · 2^(-k)"),
        (r"\frac{z}{1 + \alpha}, \operatorname{sign}(z), x_{ij}", "z/(1 + α), sign(z), x_ij"),
        (r"the set \{0\}", "the set {0}"),
        ("no TeX at all: L1 and L2, 5.2 and 0.1", "no TeX at all: L1 and L2, 5.2 and 0.1"),
    ],
)
def test_tex_to_text(tex, text):
    assert sitefixes.tex_to_text(tex) == text
    assert "\\" not in sitefixes.tex_to_text(tex)


def test_tooltips_and_citations_are_rewritten_in_the_page_body():
    context = {
        "body": '<div tooltip="step \\eta = 1/2"></div>'
        '<div role="list" class="citation-list"><div role="doc-biblioentry">[1]</div></div>'
    }
    sitefixes._plain_text_tooltips(None, "page", "page.html", context, None)
    sitefixes._fix_citation_roles(None, "page", "page.html", context, None)
    assert 'tooltip="step η = 1/2"' in context["body"]
    assert 'role="listitem"' in context["body"] and "doc-biblioentry" not in context["body"]
