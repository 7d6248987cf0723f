"""Build the site cold: remove every generated file, then run Sphinx with -W --keep-going."""

import shutil
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent

for generated in ("_build", "generated", "auto_examples", "jupyter_execute"):
    shutil.rmtree(DOCS / generated, ignore_errors=True)

command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
sys.exit(subprocess.call([*command, str(DOCS), str(DOCS / "_build" / "html"), *sys.argv[1:]]))
