"""The README's example runs and prints what its comments say."""

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_runs_and_prints_what_it_claims():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no python example"
    result = subprocess.run(
        [sys.executable, "-c", blocks[0]], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[1] == "[2.5 0.  0. ]"
    assert lines[2] == "0.0"
    n_nonzero, gap = lines[3].split()
    assert 2 <= int(n_nonzero) < 20 and float(gap) >= 0


def test_readme_names_the_two_setup_commands():
    text = README.read_text()
    assert "python -m pip install nox && nox -s docs" in text
    assert "python -m pip install nox && nox -s tests" in text
