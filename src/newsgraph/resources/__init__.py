"""Shipped data files (lexicons, gazetteer index, dictionaries, examples) and helpers to find them.

Everything here is read from the installed package, so it works from a wheel without the repository.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.errors import InputNotFoundError

RESOURCES_DIR = Path(__file__).resolve().parent
EXAMPLES_DIR = RESOURCES_DIR / "examples"
DEFAULT_EXAMPLE = "anchorage-summit.de.txt"


def example_names() -> list[str]:
    """Names of the bundled example articles (see ``examples/README.md`` for their provenance)."""
    return sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.suffix in (".txt", ".html"))


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """Path of a bundled example article, e.g. ``example_path("anchorage-summit.de.html")``."""
    path = EXAMPLES_DIR / name
    if name not in example_names():
        raise InputNotFoundError(
            f"no bundled example of that name (available: {', '.join(example_names())})",
            source=name,
        )
    return path
