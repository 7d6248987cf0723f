"""Local Sphinx extension: small fixes to the HTML that Sphinx and sphinx-gallery write.

* Citations (numpydoc "References") get ``role="listitem"``: Sphinx wraps them in a
  ``role="list"`` element but gives each the deprecated DPUB-ARIA role ``doc-biblioentry``,
  which axe-core no longer accepts as a list item (critical "aria-required-children").
* sphinx-gallery shows the first paragraph of each example as a hover tooltip, as plain text,
  so a ``:math:`\\eta``` there reaches the reader as "\\eta". Common TeX becomes Unicode; the
  browser tests fail on any backslash left in a tooltip.
"""

import re

_TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "varphi": "φ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ",
    "ell": "ℓ", "infty": "∞", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
    "cdot": "·", "times": "×", "pm": "±", "to": "→", "rightarrow": "→", "approx": "≈",
    "in": "∈", "sum": "Σ", "partial": "∂", "nabla": "∇", "lVert": "‖", "rVert": "‖",
    "|": "‖", "ldots": "…", "dots": "…", "star": "⋆", "sqrt": "√",
}  # fmt: skip
_SUBSCRIPTS = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


def tex_to_text(tex):
    """Readable plain text for the TeX that turns up in a gallery page's first paragraph."""

    def group(part):
        return part if re.fullmatch(r"[\w.]+", part) else f"({part})"

    def script(match, table, mark):
        body = match[1] if match[1] is not None else match[2]
        if re.fullmatch(r"[0-9+-]+", body):
            return body.translate(table)
        return f"{mark}{group(body)}"

    text = re.sub(r"\\[dt]?frac\s*(?:12|\{1\}\s*\{2\})", "½", tex)
    text = re.sub(
        r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}",
        lambda m: f"{group(m[1])}/{group(m[2])}",
        text,
    )
    text = re.sub(
        r"\\(?:operatorname|mathrm|text|mathbf|mathit|mathcal)\s*\{([^{}]*)\}", r"\1", text
    )
    text = re.sub(r"_(?:\{([^{}]*)\}|([0-9]))", lambda m: script(m, _SUBSCRIPTS, "_"), text)
    text = re.sub(r"\^(?:\{([^{}]*)\}|([0-9]))", lambda m: script(m, _SUPERSCRIPTS, "^"), text)
    text = text.replace("\\{", "\x00").replace("\\}", "\x01")
    text = re.sub(r"[{}]", "", text).replace("\x00", "{").replace("\x01", "}")
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = re.sub(r"\\(\|)", "‖", text)
    return re.sub(r"\\([A-Za-z]+)", lambda m: _TEX_SYMBOLS.get(m[1], m[1]), text)


def _plain_text_tooltips(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and "tooltip=" in body:
        context["body"] = re.sub(
            r'tooltip="([^"]*)"', lambda m: f'tooltip="{tex_to_text(m[1])}"', body
        )


def _fix_citation_roles(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _fix_citation_roles)
    app.connect("html-page-context", _plain_text_tooltips)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
