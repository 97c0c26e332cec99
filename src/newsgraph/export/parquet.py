"""Parquet export: the ``articles`` table (flat columns + the full Article JSON in ``doc``), or
any normalised table, written by DuckDB's COPY."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsgraph.errors import InvalidOptionError

TABLES = ("articles", "entities", "mentions", "locations", "quotes", "amounts", "times", "themes",
          "tone", "events", "copies", "duplicates", "dup_groups", "clusters")


def write_parquet(corpus: Any, path: Path, *, table: str = "articles", **filters: Any) -> int:
    """Write matching rows of ``table`` to ``path``; returns the number of rows."""
    if table not in TABLES:
        raise InvalidOptionError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
    where, params = corpus._where(filters)
    select = (f"SELECT a.* FROM articles a WHERE {where} ORDER BY a.seq" if table == "articles"
              else f"SELECT t.* FROM {table} t WHERE t.{'cluster_id' if table == 'clusters' else 'article_id'} "
                   f"IN (SELECT a.{'cluster_id' if table == 'clusters' else 'id'} FROM articles a WHERE {where})")
    if table == "dup_groups":
        select = (f"SELECT g.* FROM dup_groups g WHERE g.group_id IN (SELECT d.group_id FROM "
                  f"duplicates d JOIN articles a ON a.id = d.article_id WHERE {where})")
    target = str(path).replace("'", "''")
    cur = corpus.cursor()
    try:
        n = cur.execute(f"SELECT count(*) FROM ({select})", params).fetchall()[0][0]
        cur.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)",
                    params).fetchall()
    finally:
        cur.close()
    return int(n)
