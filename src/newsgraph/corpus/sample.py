"""The bundled sample corpus (``resources/sample/``): openly licensed articles for a first run."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_sources() -> list[str]:
    """Paths of the sample corpus files, for :func:`newsgraph.corpus.ingest.ingest`."""
    root = Path(str(resources.files("newsgraph.resources").joinpath("sample")))
    return sorted(str(p) for p in root.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))
