"""Fixtures for the browser tests: the built site, Debian's Chromium, axe-core.

Run ``nox -s docs`` first (it builds docs/_build/html and installs axe-core with ``npm ci``).
A missing site, browser or axe-core is a failure, never a skip.
"""

import contextlib
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` on 127.0.0.1 at a free port, in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def server(site):
    """The built site, served on 127.0.0.1."""
    with serve(site) as url:
        yield url


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


#: Page weights measured in this run: path -> (total bytes, {kind: bytes}).
PAGE_WEIGHTS = {}


@pytest.fixture(scope="session")
def page_weights():
    """Where test_site.py records each page's weight; printed at the end of the run."""
    return PAGE_WEIGHTS


def page_weight_table():
    """The page weights of this run, as a plain-text table (bytes; 1 MB = 10⁶ bytes)."""
    columns = ["html", "scripts", "css", "images", "fonts", "other"]
    lines = [f"{'page':<64} {'total MB':>9} " + " ".join(f"{c:>8}" for c in columns)]
    for path, (total, kinds) in sorted(PAGE_WEIGHTS.items(), key=lambda item: -item[1][0]):
        lines.append(
            f"{path[:64]:<64} {total / 1e6:>9.2f} "
            + " ".join(f"{kinds.get(c, 0) / 1e6:>8.2f}" for c in columns)
        )
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter):
    if not PAGE_WEIGHTS:
        return
    table = page_weight_table()
    terminalreporter.section("page weights (bytes sent by the local server, uncompressed)")
    terminalreporter.write_line(table)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "page-weights.txt").write_text(table + "\n", encoding="utf-8")
