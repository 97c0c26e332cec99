"""Shared fixtures: paths to ../shared (beside the repo in CI) and the reference article."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
EXAMPLES = SHARED / "examples"
DATA = SHARED / "data"
TEST_DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.fail(f"../shared not found at {SHARED}: clone the repo beside shared/")
    return SHARED


@pytest.fixture(scope="session")
def anchorage_txt(shared) -> Path:
    return shared / "examples" / "anchorage-summit.de.txt"


@pytest.fixture(scope="session")
def anchorage_html(shared) -> Path:
    return shared / "examples" / "anchorage-summit.de.html"


@pytest.fixture(scope="session")
def anchorage_article(anchorage_txt):
    """The reference article analysed with the full pipeline (published 2025-08-16)."""
    import newsgraph

    return newsgraph.analyze(str(anchorage_txt), published="2025-08-16")


@pytest.fixture
def store_held_elsewhere():
    """A context manager: another process opens the store at a path and holds it until the block ends."""

    @contextmanager
    def hold(db: Path) -> Iterator[None]:
        holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from newsgraph.store import Corpus
            c = Corpus({str(db)!r}, search_index=False)
            print("ready", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "ready"
            yield
        finally:
            holder.communicate("\n", timeout=30)

    return hold
