"""Build and install spaCy from its PyPI source with Cython profiling off (Python < 3.12 only).

Why: spaCy's ``setup.py`` compiles with ``profile = sys.version_info < (3, 12)``. With profiling
on, every ``nogil`` function of the parser and NER (``StateC.B``, ``predict_states``, the moves'
``is_valid`` …) takes and releases the GIL on entry and exit, inside a loop that runs with the GIL
released. On our reference machine that was more than half of the parser's and NER's time: the
same sdist built with ``profile = False`` runs our bare pipelines ~40 % faster with bit-identical
annotations (``benchmarks/check_identical.py``). The PyPI wheels for Python ≥ 3.12 are already
built without profiling, so there is nothing to do there.

``make install`` / ``make install-dev`` run this script with the virtual environment's Python. It
never fails the install: without a compiler, Python headers or network it prints why and leaves
the PyPI wheel in place (correct, only slower). ``NEWSGRAPH_STOCK_SPACY=1`` skips it. The built
wheel is cached (``$XDG_CACHE_HOME/newsgraph/wheels``), so a second clone installs it in seconds.

    python scripts/spacy_without_profiling.py [--check]
"""

from __future__ import annotations

import hashlib
import html.parser
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

#: the marker module the patched build carries, so an installed spaCy can say how it was built
MARKER = "_newsgraph_build"
PROFILE_LINE = '"profile": sys.version_info < (3, 12),'
#: the Cython spaCy's own wheels were built with (the compiled modules name it)
CYTHON = "cython>=3.3,<3.4"


def built_without_profiling() -> bool:
    """True when the installed spaCy's compiled modules have no profiling hooks."""
    if sys.version_info >= (3, 12):
        return True
    return importlib.util.find_spec(f"spacy.{MARKER}") is not None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph" / "wheels"


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def _sdist_url(version: str) -> tuple[str, str | None]:
    """The sdist's URL and sha256 from the package index's simple page (PEP 503)."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    page_url = f"{index}/spacy/"
    with urllib.request.urlopen(page_url, timeout=60) as resp:
        page = resp.read().decode("utf-8", "replace")
    links = _Links()
    links.feed(page)
    name = f"spacy-{version}.tar.gz"
    for href in links.hrefs:
        url, _, fragment = href.partition("#")
        if url.rsplit("/", 1)[-1] == name:
            sha = fragment.split("=", 1)[1] if fragment.startswith("sha256=") else None
            return urllib.parse.urljoin(page_url, url), sha
    raise RuntimeError(f"{name} is not listed on {page_url}")


def patch_setup(source: Path) -> None:
    """Turn profiling off in spaCy's setup.py and add the marker module."""
    setup = source / "setup.py"
    text = setup.read_text(encoding="utf-8")
    if PROFILE_LINE not in text:
        raise RuntimeError("spaCy's setup.py no longer sets profiling as expected; not patched")
    setup.write_text(text.replace(PROFILE_LINE, '"profile": False,'), encoding="utf-8")
    (source / "spacy" / f"{MARKER}.py").write_text(
        '"""Written by newsgraph\'s scripts/spacy_without_profiling.py: this spaCy was compiled '
        'with Cython profiling off."""\nPROFILE = False\n', encoding="utf-8")


def _run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def build_wheel(version: str, cache: Path) -> Path:
    """Download spaCy's sdist, patch it, build a wheel into ``cache`` and return its path."""
    cache.mkdir(parents=True, exist_ok=True)
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    for wheel in cache.glob(f"spacy-{version}-{tag}-*.whl"):
        return wheel
    url, sha = _sdist_url(version)
    with tempfile.TemporaryDirectory(prefix="newsgraph-spacy-") as tmp:
        archive = Path(tmp) / f"spacy-{version}.tar.gz"
        print(f"newsgraph: downloading {url}", flush=True)
        with urllib.request.urlopen(url, timeout=300) as resp, archive.open("wb") as out:
            shutil.copyfileobj(resp, out)
        if sha and hashlib.sha256(archive.read_bytes()).hexdigest() != sha:
            raise RuntimeError(f"{archive.name}: sha256 differs from the index's")
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        source = Path(tmp) / f"spacy-{version}"
        patch_setup(source)
        _run([sys.executable, "-m", "pip", "install", "-q", CYTHON, "setuptools", "wheel"])
        print(f"newsgraph: compiling spaCy {version} without profiling (several minutes, once)",
              flush=True)
        env = dict(os.environ, SPACY_NUM_BUILD_JOBS=str(os.cpu_count() or 1))
        _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps",
              "-w", tmp, str(source)], env=env)
        built = next(Path(tmp).glob(f"spacy-{version}-*.whl"))
        target = cache / built.name
        shutil.copy2(built, target.with_suffix(".part"))
        os.replace(target.with_suffix(".part"), target)  # never a half-written cached wheel
        return target


def main(argv: list[str]) -> int:
    if "--check" in argv:
        ok = built_without_profiling()
        print("spaCy without profiling hooks" if ok else "spaCy with Cython profiling hooks")
        return 0 if ok else 1
    if sys.version_info >= (3, 12):
        return 0
    if os.environ.get("NEWSGRAPH_STOCK_SPACY") == "1":
        print("newsgraph: NEWSGRAPH_STOCK_SPACY=1: keeping the PyPI spaCy wheel")
        return 0
    try:
        version = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        print("newsgraph: spaCy is not installed; nothing to rebuild")
        return 0
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        print(f"newsgraph: spaCy {version} is not a release; left as it is")
        return 0
    if built_without_profiling():
        return 0
    try:
        wheel = build_wheel(version, _cache_dir())
        _run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
              str(wheel)])
    except Exception as exc:  # noqa: BLE001 - any failure leaves the working PyPI wheel
        print(f"newsgraph: WARNING: could not build spaCy {version} without profiling ({exc}); "
              "keeping the PyPI wheel, whose parser and NER run about twice as slow on "
              "Python < 3.12", file=sys.stderr)
        return 0
    print(f"newsgraph: spaCy {version} installed without profiling ({wheel.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
