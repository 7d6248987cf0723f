"""Build the site cold: remove every generated file, then run Sphinx with -W --keep-going.

MathJax 4 must already be in docs/node_modules (``npm ci --prefix docs``; ``nox -s docs`` runs
it); conf.py stops the build with a clear message otherwise.
"""

import shutil
import subprocess
import sys
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent

GENERATED = (
    "_build",
    "generated",
    "api/generated",
    "auto_examples",
    "jupyter_execute",
    "_static/mathjax",
    "sg_execution_times.rst",
)
for generated in GENERATED:
    path = DOCS / generated
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()

command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-j", "auto", "-b", "html"]
start = time.perf_counter()
status = subprocess.call([*command, str(DOCS), str(DOCS / "_build" / "html"), *sys.argv[1:]])
print(f"docs/build.py: cold Sphinx build finished in {time.perf_counter() - start:.1f} s")
sys.exit(status)
