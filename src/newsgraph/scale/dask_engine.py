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

#: one row per item, the worker's packed result (:func:`newsgraph.corpus.ingest.pack_results`)
_SHARD_SCHEMA = (("kind", "string"), ("origin", "string"), ("doc", "large_string"),
                 ("sig", "binary"), ("n_shingles", "int64"), ("code", "string"),
                 ("message", "string"))

#: Dask settings for long, CPU-bound tasks on few cores (measured with py-spy on 2 cores: the
#: worker's statistical profiler alone took ~10 % of a worker's CPU walking spaCy's deep stacks,
#: and its history of stack trees grew the worker's memory; the 20 ms tick, 100 ms memory
#: monitor and 500 ms system monitor wake every process — scheduler and nannies live in the
#: client's process — for nothing a batch job needs; work stealing has nothing to balance when
#: every task is a root task queued on the scheduler).
LEAN_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
#: glibc malloc for a worker whose task runs in a thread: Dask's default (trim the heap above
#: 64 KiB) plus the thread's arena made every large numpy buffer of the model a fresh mmap —
#: 4.5× the page faults and 2.5× the system time of a ``--workers`` process (measured, 200
#: articles). Fixed thresholds keep freed buffers for reuse; peak RSS stayed ~600 MB.
WORKER_ENVIRON = {"MALLOC_ARENA_MAX": "2", "MALLOC_TRIM_THRESHOLD_": "268435456",
                  "MALLOC_MMAP_THRESHOLD_": "33554432"}


def _packed_table(packed: list[tuple]):
    import pyarrow as pa

    rows = []
    for r in packed:
        if r[0] == "ok":
            rows.append(("ok", r[1], r[2], r[3], r[4], None, None))
        elif r[0] == "known":
            rows.append(("known", r[1], r[2], None, None, r[3], None))
        else:
            rows.append(("error", r[1], None, None, None, r[2], r[3]))
    cols = list(zip(*rows)) if rows else [()] * len(_SHARD_SCHEMA)
    schema = pa.schema([(n, getattr(pa, t)()) for n, t in _SHARD_SCHEMA])
    return pa.table([pa.array(list(c), type=f.type) for c, f in zip(cols, schema)], schema=schema)


def _table_packed(table) -> list[tuple]:
    out: list[tuple] = []
    cols = [table.column(n).to_pylist() for n, _ in _SHARD_SCHEMA]
    for kind, origin, doc, sig, n, code, message in zip(*cols):
        if kind == "ok":
            out.append(("ok", origin, doc, sig, n))
        elif kind == "known":
            out.append(("known", origin, doc, code))
        else:
            out.append(("error", origin, code, message))
    return out


def process_partition(items: Sequence[Any], shard_url: str, known_ids: frozenset[str], analyse: bool) -> str:
    """Worker side: analyse one partition and write it as a Parquet shard (atomic rename)."""
    import fsspec
    import pyarrow.parquet as pq

    from newsgraph.corpus import ingest as local

    local._init_worker(known_ids)
    table = _packed_table(local.process_items_packed(list(items), analyse))
    fs, path = fsspec.core.url_to_fs(shard_url)
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "wb") as fh:
        pq.write_table(table, fh)
    fs.mv(tmp, path)
    return shard_url


def read_shard(shard_url: str) -> list[tuple]:
    """A shard's results as the local engine's tuples (with the worker's Prepared)."""
    import fsspec
    import pyarrow.parquet as pq

    from newsgraph.corpus.ingest import unpack_results

    fs, path = fsspec.core.url_to_fs(shard_url)
    with fs.open(path, "rb") as fh:
        return unpack_results(_table_packed(pq.read_table(fh)))


def _stop_profiler(worker) -> None:
    for name in ("profile", "profile-cycle"):
        pc = worker.periodic_callbacks.pop(name, None)
        if pc is not None:
            pc.stop()
    worker.profile_history.clear()


def lean_worker_plugin():
    """A WorkerPlugin that stops the statistical profiler on workers we did not start
    (``dask worker`` on other machines reads its own config, which :data:`LEAN_CONFIG` does not
    reach). Built on call: ``distributed`` is an optional dependency."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class LeanWorker(WorkerPlugin):
        name = "newsgraph-lean-worker"
        idempotent = True

        def setup(self, worker) -> None:
            from newsgraph.nlp.fast_ops import limit_blas_threads

            _stop_profiler(worker)
            limit_blas_threads(1)

    return LeanWorker()


def make_client(scheduler: str | None = None, workers: int = 2, dashboard: bool = False):
    """A client for ``scheduler``, or for a LocalCluster of ``workers`` single-threaded processes
    (tuned by :data:`LEAN_CONFIG`; the scheduler's HTTP endpoint binds a free loopback port
    unless ``dashboard``)."""
    import dask

    distributed = require("distributed", "scale")
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        environ = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **WORKER_ENVIRON}
        with dask.config.set({**LEAN_CONFIG, "distributed.nanny.pre-spawn-environ": environ}):
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=":8787" if dashboard else None, silence_logs=40,
                scheduler_kwargs=None if dashboard else {"dashboard_address": "127.0.0.1:0"},
            )
            client = distributed.Client(cluster)
    client.register_plugin(lean_worker_plugin())
    return client


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
