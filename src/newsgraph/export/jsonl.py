"""JSONL export: one analysed Article (schema.Article JSON) per line, in ingest order."""

from __future__ import annotations

from typing import Any, TextIO


def write_jsonl(corpus: Any, out: TextIO, **filters: Any) -> int:
    """Write the stored Article JSON of every matching article; returns the number of lines."""
    where, params = corpus._where(filters)
    cur = corpus.cursor()
    n = 0
    try:
        cur.execute(f"SELECT a.doc FROM articles a WHERE {where} ORDER BY a.seq", params)
        while batch := cur.fetchmany(500):
            for (doc,) in batch:
                out.write(doc if isinstance(doc, str) else str(doc))
                out.write("\n")
                n += 1
    finally:
        cur.close()
    return n
