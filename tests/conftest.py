"""Shared fixtures: paths to ../shared (beside the repo in CI) and the reference article."""

from __future__ import annotations

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
