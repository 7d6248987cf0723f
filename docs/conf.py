"""Sphinx configuration (minimal; the site issue grows it)."""

project = "sparsenorm"
author = "the sparsenorm developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "numpydoc"]
autosummary_generate = True
numpydoc_show_class_members = False
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
