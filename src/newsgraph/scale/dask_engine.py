"""Dask engine: partitions of items → ``process_items`` on workers → Parquet shards → the store.

Each task handles one partition (not one article), runs exactly the local engine's
:func:`newsgraph.corpus.ingest.process_items` (pipelines are cached per worker process by
:func:`newsgraph.nlp.pipeline.load_pipeline`), and writes its results as one Parquet shard with an
atomic rename, so a shard is either complete or absent. The main process reads shards as they
finish and hands them to the store's single writer, which deduplicates and indexes. A task whose
worker dies is retried by the scheduler; a re-run skips articles already stored.

Shard paths may be any fsspec URL (``s3://…``, ``gs://…``) the user has a filesystem for; on a
multi-machine cluster they must be storage that workers and the client both reach.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import require

_SHARD_COLUMNS = ("kind", "origin", "article", "code", "message")


def _result_rows(results: list[tuple]) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {c: [] for c in _SHARD_COLUMNS}
    for r in results:
        if r[0] == "ok":
            row = ("ok", r[2], r[1].model_dump_json(), None, None)
        elif r[0] == "known":
            row = ("known", r[2], r[3].model_dump_json(), r[1], None)
        else:
            row = ("error", r[1], None, r[2], r[3])
        for c, v in zip(_SHARD_COLUMNS, row):
            cols[c].append(v)
    return cols


def _rows_to_results(table) -> list[tuple]:
    from newsgraph.schema import Article

    out: list[tuple] = []
    for row in table.to_pylist():
        if row["kind"] == "ok":
            out.append(("ok", Article.model_validate_json(row["article"]), row["origin"]))
        elif row["kind"] == "known":
            out.append(("known", row["code"], row["origin"], Article.model_validate_json(row["article"])))
        else:
            out.append(("error", row["origin"], row["code"], row["message"]))
    return out


def process_partition(items: Sequence[Any], shard_url: str, known_ids: frozenset[str], analyse: bool) -> str:
    """Worker side: analyse one partition and write it as a Parquet shard (atomic rename)."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsgraph.corpus import ingest as local

    local._init_worker(known_ids)
    table = pa.table(_result_rows(local.process_items(list(items), analyse)))
    fs, path = fsspec.core.url_to_fs(shard_url)
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "wb") as fh:
        pq.write_table(table, fh)
    fs.mv(tmp, path)
    return shard_url


def read_shard(shard_url: str) -> list[tuple]:
    import fsspec
    import pyarrow.parquet as pq

    fs, path = fsspec.core.url_to_fs(shard_url)
    with fs.open(path, "rb") as fh:
        return _rows_to_results(pq.read_table(fh))


def make_client(scheduler: str | None = None, workers: int = 2, dashboard: bool = False):
    """A client for ``scheduler``, or for a LocalCluster of ``workers`` single-threaded processes."""
    distributed = require("distributed", "scale")
    if scheduler:
        return distributed.Client(scheduler)
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True,
        dashboard_address=":8787" if dashboard else None, silence_logs=40,
    )
    return distributed.Client(cluster)


def run_partitions(
    partitions: Iterator[list[Any]], *, known_ids: frozenset[str], analyse: bool = True,
    scheduler: str | None = None, workers: int = 2, shard_dir: str | None = None,
    retries: int = 3, client=None,
) -> Iterator[list[tuple]]:
    """Yield each partition's results (as the local engine's tuples) as its shard completes.

    Shards are removed once read; the caller stores the results through the single writer.
    """
    distributed = require("distributed", "scale")
    import fsspec

    own_client = client is None
    client = client or make_client(scheduler, workers)
    run_id = uuid.uuid4().hex[:12]
    base = (shard_dir or os.path.join(os.getcwd(), ".newsgraph-shards")).rstrip("/") + f"/{run_id}"
    fs, base_path = fsspec.core.url_to_fs(base)
    fs.makedirs(base_path, exist_ok=True)
    try:
        known = client.scatter(known_ids, broadcast=True) if known_ids else frozenset()
        futures = []
        for i, part in enumerate(partitions):
            shard = f"{base}/part-{i:06d}.parquet"
            futures.append(client.submit(process_partition, part, shard, known, analyse,
                                         retries=retries, pure=False, key=f"newsgraph-part-{run_id}-{i}"))
        for fut in distributed.as_completed(futures):
            shard = fut.result()
            results = read_shard(shard)
            yield results
            fs.rm(fsspec.core.url_to_fs(shard)[1])
    finally:
        try:
            fs.rm(base_path, recursive=True)
        except (FileNotFoundError, OSError):
            pass
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()


def shard_summary(results: list[tuple]) -> str:
    return json.dumps({k: sum(1 for r in results if r[0] == k) for k in ("ok", "known", "error")})
