"""The wheel a user installs: built from a copy of the project, installed into a fresh virtual
environment (no editable install), run from a directory outside the repository.

Dependencies come from the package index (pip's cache is reused between runs: set
``NEWSGRAPH_TEST_PIP_CACHE`` to pin its location); newsgraph itself comes only from the wheel, and
everything it reads at run time must be inside it. Slow (≈2–3 minutes), still run in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DATA_DIRS = ("resources", "models", "web")
MAX_WHEEL_BYTES = 100 * 1024 * 1024
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "THIRD_PARTY_LICENSES.md")

#: Commands that need an optional extra, with arguments that make them reach for it, and the
#: extra the one-line error must name. Commands not (yet) in the CLI are skipped.
NEEDS_EXTRA = [
    ("serve", ["serve", "--db", "corpus.duckdb", "--port", "0"], ("web", "corpus")),
    ("ingest", ["ingest", "{example}", "--db", "corpus.duckdb"], ("corpus",)),
    ("search", ["search", "Putin", "--db", "corpus.duckdb"], ("corpus",)),
    ("export", ["export", "--db", "corpus.duckdb", "--format", "parquet", "--output", "out"], ("corpus",)),
]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONNOUSERSITE="1", **extra)
    if os.environ.get("NEWSGRAPH_TEST_PIP_CACHE"):
        env["PIP_CACHE_DIR"] = os.environ["NEWSGRAPH_TEST_PIP_CACHE"]
    env.pop("PIP_NO_CACHE_DIR", None)
    return env


def run(cmd: list[str], cwd: Path, timeout: int = 300, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=clean_env(), capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of what the wheel is built from, with the documentation site built into it."""
    dest = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "src", dest / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "docs-site"))
    run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", REPO / "mkdocs.yml",
         "--site-dir", dest / "src" / "newsgraph" / "web" / "docs-site"], cwd=REPO)
    return dest


@pytest.fixture(scope="module")
def wheel(project, tmp_path_factory) -> Path:
    """``python -m build``: an sdist, then the wheel built from that sdist (so the sdist is
    complete too)."""
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", dist, project], cwd=project, timeout=600)
    wheels = list(dist.glob("newsgraph-*.whl"))
    assert len(wheels) == 1 and len(list(dist.glob("newsgraph-*.tar.gz"))) == 1, list(dist.iterdir())
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel (and its dependencies) installed."""
    env_dir = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", env_dir], cwd=env_dir)
    run([env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=env_dir, timeout=900)
    return env_dir


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """Where the installed commands run: outside the repository, beside nothing."""
    path = tmp_path_factory.mktemp("user")
    assert REPO not in path.parents
    return path


def test_wheel_is_small_and_carries_its_data(wheel, project):
    assert wheel.stat().st_size < MAX_WHEEL_BYTES, f"wheel is {wheel.stat().st_size / 2**20:.1f} MB"
    names = set(zipfile.ZipFile(wheel).namelist())
    package = project / "src" / "newsgraph"
    expected = {
        f"newsgraph/{p.relative_to(package).as_posix()}"
        for folder in PACKAGE_DATA_DIRS if (package / folder).exists()
        for p in (package / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    missing = sorted(expected - names)
    assert not missing, f"{len(missing)} package files missing from the wheel, e.g. {missing[:10]}"
    assert "newsgraph/resources/examples/anchorage-summit.de.txt" in names
    assert "newsgraph/web/static/index.html" in names
    assert "newsgraph/web/docs-site/index.html" in names
    if (REPO / "src" / "newsgraph" / "models" / "de" / "config.cfg").exists():
        assert "newsgraph/models/de/config.cfg" in names
    dist_info = {n.rsplit("/", 1)[-1] for n in names if ".dist-info/" in n}
    assert {"LICENSE", "THIRD_PARTY_LICENSES.md"} <= dist_info


def test_installed_version(venv, workdir):
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    out = run([venv / "bin" / "newsgraph", "--version"], cwd=workdir).stdout.strip()
    assert out == f"newsgraph {version}"
    where = run([venv / "bin" / "python", "-c",
                 "import newsgraph; print(newsgraph.__version__); print(newsgraph.__file__)"],
                cwd=workdir).stdout.split()
    assert where[0] == version
    assert Path(where[1]).is_relative_to(venv), f"newsgraph imported from {where[1]}, not the venv"


def test_installed_package_analyses_the_bundled_example(venv, workdir):
    example = Path(run([venv / "bin" / "newsgraph", "example"], cwd=workdir).stdout.strip())
    assert example.is_relative_to(venv) and example.exists()
    proc = run([venv / "bin" / "newsgraph", "analyze", example, "--published", "2025-08-16"],
               cwd=workdir)
    article = json.loads(proc.stdout)
    assert article["language"] == "de"
    assert "Haftungsausschluss" not in article["text"]
    assert any(r["kind"] == "disclaimer" for r in article["removed"])
    names = {e["name"] for e in article["entities"]}
    assert {"Wladimir Putin", "Donald Trump"} <= names, names
    for entity in article["entities"]:
        for m in entity["mentions"]:
            assert article["text"][m["start"]:m["end"]] == m["text"]


def test_base_install_has_no_optional_extras(venv, workdir):
    for module in ("fastapi", "duckdb", "distributed"):
        proc = run([venv / "bin" / "python", "-c", f"import {module}"], cwd=workdir, check=False)
        assert proc.returncode != 0, f"{module} is installed by the base install: the extras are not honest"


def test_missing_extra_in_python_names_the_extra(venv, workdir):
    code = (
        "import newsgraph\n"
        "from newsgraph.errors import MissingExtraError\n"
        "try:\n"
        "    newsgraph.Corpus('corpus.duckdb')\n"
        "except MissingExtraError as exc:\n"
        "    print(exc)\n"
    )
    out = run([venv / "bin" / "python", "-c", code], cwd=workdir).stdout.strip()
    assert "pip install 'newsgraph[corpus]'" in out, out


def test_cli_command_needing_an_extra_prints_one_line(venv, workdir):
    listing = ("import typer.main; from newsgraph.cli import app; "
               "print(*getattr(typer.main.get_command(app), 'commands', {}))")
    available = set(run([venv / "bin" / "python", "-c", listing], cwd=workdir).stdout.split())
    cases = [c for c in NEEDS_EXTRA if c[0] in available]
    if not cases:
        pytest.skip("no CLI command that needs an optional extra exists yet")
    example = run([venv / "bin" / "newsgraph", "example"], cwd=workdir).stdout.strip()
    for name, args, extras in cases:
        args = [a.replace("{example}", example) for a in args]
        proc = run([venv / "bin" / "newsgraph", *args], cwd=workdir, timeout=120, check=False)
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert proc.returncode == 2, f"{name}: exit {proc.returncode}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr, f"{name} printed a traceback:\n{proc.stderr[-2000:]}"
        assert len(lines) == 1, f"{name} printed {len(lines)} lines:\n{proc.stderr}"
        assert any(f"newsgraph[{extra}]" in lines[0] for extra in extras), lines[0]
