"""Exports of a store: JSONL (Articles), Parquet (tables), GDELT GKG 2.1 / Events 2.0 / Mentions.

``export(corpus, format, path, since=, until=)`` is the one entry point (the CLI's ``newsgraph
export`` wraps it). With ``base_dir`` set (the server does), the target must resolve inside it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from newsgraph.errors import InvalidOptionError

FORMATS = ("jsonl", "parquet", "gkg", "events", "mentions")
EXTENSIONS = {"jsonl": ".jsonl", "parquet": ".parquet", "gkg": ".gkg.csv",
              "events": ".export.CSV", "mentions": ".mentions.CSV"}


@dataclass
class ExportResult:
    format: str
    path: str | None  #: None when written to a stream
    rows: int


def resolve_target(path: str | Path, fmt: str, base_dir: str | Path | None = None) -> Path:
    """The file to write: ``path`` itself, or ``newsgraph<ext>`` inside it when it is a
    directory; refuses targets outside ``base_dir`` (after resolving ``..`` and links)."""
    target = Path(path)
    if base_dir is not None and not target.is_absolute():
        target = Path(base_dir) / target
    if target.is_dir() or str(path).endswith(("/", "\\")):
        target = target / f"newsgraph{EXTENSIONS[fmt]}"
    resolved = target.resolve()
    if base_dir is not None:
        base = Path(base_dir).resolve()
        if resolved != base and base not in resolved.parents:
            raise InvalidOptionError(f"export path escapes its directory {base}", source=str(path))
    return resolved


def export(
    corpus: Any, format: str = "jsonl", path: str | Path | None = None, *,
    since: Any = None, until: Any = None, base_dir: str | Path | None = None,
    stream: TextIO | None = None, **filters: Any,
) -> ExportResult:
    """Export matching articles of ``corpus`` (a :class:`newsgraph.store.Corpus`).

    ``path`` None writes text formats to ``stream`` (default stdout); Parquet needs a path.
    Extra keyword filters are the Corpus filters (lang, source, entity, theme, …).
    """
    if format not in FORMATS:
        raise InvalidOptionError(f"unknown export format {format!r}; one of {', '.join(FORMATS)}")
    filters = {"since": since, "until": until, **filters}
    if path is None and format == "parquet":
        raise InvalidOptionError("parquet export needs an output path (-o)")
    target = resolve_target(path, format, base_dir) if path is not None else None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
    if format == "parquet":
        from newsgraph.export.parquet import write_parquet

        return ExportResult(format, str(target), write_parquet(corpus, target, **filters))
    fh = open(target, "w", encoding="utf-8", newline="\n") if target else (stream or sys.stdout)
    try:
        rows = _write_text(corpus, format, fh, filters)
    finally:
        if target is not None:
            fh.close()
    return ExportResult(format, str(target) if target else None, rows)


def _write_text(corpus: Any, fmt: str, fh: TextIO, filters: dict[str, Any]) -> int:
    if fmt == "jsonl":
        from newsgraph.export.jsonl import write_jsonl

        return write_jsonl(corpus, fh, **filters)
    if fmt == "gkg":
        from newsgraph.export.gkg import write_gkg

        now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
        return write_gkg(corpus.iter_articles(**filters), fh, record_time=now)
    from newsgraph.export.events import iter_event_rows

    n = 0
    for row in iter_event_rows(corpus, mentions=(fmt == "mentions"), **filters):
        fh.write("\t".join(row) + "\n")
        n += 1
    return n


__all__ = ["FORMATS", "ExportResult", "export", "resolve_target"]
