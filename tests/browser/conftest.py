"""Fixtures for the browser tests: the built site, Debian's Chromium, axe-core.

Run ``nox -s docs`` first (it builds docs/_build/html and installs axe-core with ``npm ci``).
A missing site, browser or axe-core is a failure, never a skip.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "_build" / "html"
AXE = ROOT / "docs" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("SPARSENORM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"No built site in {SITE}: run `nox -s docs` first.")
    return SITE


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `npm ci --prefix docs`.")
    return AXE


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which(CHROMIUM) or CHROMIUM
    if not Path(executable).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium` "
            "(never `playwright install`), or set SPARSENORM_CHROMIUM."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
