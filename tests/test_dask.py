"""Dask engine (issue 11): same stored results as the local engine; a killed worker loses nothing."""

from __future__ import annotations

import csv
import os
import signal
import threading
import time

import pytest

distributed = pytest.importorskip("distributed")

from newsgraph.corpus.ingest import ingest  # noqa: E402
from newsgraph.store import Corpus  # noqa: E402

TABLES = {
    "articles": "SELECT id FROM articles",
    "entities": "SELECT article_id, entity_id, start, \"end\" FROM mentions",
    "quotes": "SELECT article_id, start, \"end\" FROM quotes",
    "events": "SELECT article_id, event_id, cameo, source_code, target_code, evidence_start FROM events",
}


def _snapshot(db) -> dict[str, list]:
    with Corpus(db, read_only=True, search_index=False) as c:
        out = {}
        for name, sql in TABLES.items():
            try:
                out[name] = sorted(map(tuple, c.cursor().execute(sql).fetchall()))
            except Exception as exc:  # a column name differing is a test bug, show it
                raise AssertionError(f"{name}: {exc}") from exc
        return out


@pytest.fixture(scope="module")
def corpus_csv(tmp_path_factory, shared):
    src = shared / "data" / "wikinews-en-sample" / "wikinews_2019.csv"
    out = tmp_path_factory.mktemp("dask") / "sample.csv"
    with src.open(encoding="utf-8", newline="") as fh, out.open("w", encoding="utf-8", newline="") as oh:
        rows = list(csv.DictReader(fh))[:40]
        w = csv.DictWriter(oh, fieldnames=["url", "date", "title", "text"])
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in ("url", "date", "title", "text")})
    return out


@pytest.fixture(scope="module")
def local_snapshot(corpus_csv, tmp_path_factory):
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    summary = ingest([str(corpus_csv)], db=db, workers=1, progress=False)
    assert summary.failed == 0 and summary.ingested > 0
    return _snapshot(db)


def test_dask_matches_local_engine(corpus_csv, local_snapshot, tmp_path):
    db = tmp_path / "dask.duckdb"
    summary = ingest([str(corpus_csv)], db=db, workers=2, engine="dask", progress=False,
                     shard_dir=str(tmp_path / "shards"))
    assert summary.failed == 0
    assert _snapshot(db) == local_snapshot
    assert not any((tmp_path / "shards").rglob("*.parquet")), "shards are removed once merged"
    again = ingest([str(corpus_csv)], db=db, workers=2, engine="dask", progress=False,
                   shard_dir=str(tmp_path / "shards"))
    assert again.ingested == 0 and _snapshot(db) == local_snapshot


def test_killed_worker_still_completes(corpus_csv, local_snapshot, tmp_path):
    from newsgraph.corpus.ingest import ingest_items
    from newsgraph.corpus.sources import expand
    from newsgraph.scale.dask_engine import make_client

    client = make_client(workers=2)
    killed = []

    def killer():
        deadline = time.time() + 60
        while time.time() < deadline and not killed:
            processing = client.processing()
            busy = [addr for addr, tasks in processing.items() if tasks]
            if busy:
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    db = tmp_path / "killed.duckdb"
    items = list(expand(str(corpus_csv)))
    try:
        t = threading.Thread(target=killer, daemon=True)
        t.start()
        with Corpus(db) as corpus:
            summary = ingest_items(corpus, items, engine="dask", workers=2, partition_size=4,
                                   dask_client=client)
        t.join(timeout=5)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    assert killed, "the test never managed to kill a busy worker"
    assert summary.failed == 0
    assert _snapshot(db) == local_snapshot
