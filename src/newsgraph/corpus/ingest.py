"""Batch ingest: sources → items → (worker processes) prepare + analyse → one writer → store.

Analysis runs in ``workers`` processes (ProcessPoolExecutor; each keeps its spaCy pipelines in
its module cache); all writes go through the main process's :class:`StoreWriter`, one
transaction per batch. Items whose canonical URL or content hash is already stored are not
analysed again, so a re-run is cheap and adds nothing. When another process holds the store and
it is a ``newsgraph serve`` (``<db>.server.json``), the items are posted to that server instead.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from newsgraph.corpus.sources import Item, expand, fetch_item
from newsgraph.errors import NewsgraphError, StoreLockedError
from newsgraph.schema import Article

DEFAULT_WORKERS = 2
#: items per worker task: a task runs one ``nlp.pipe`` per language, and 64-item tasks cost 8 %
#: less CPU per article than 8-item ones (median of 6 interleaved rounds); :func:`_task_size`
#: shrinks them when a known total would leave a worker idle
TASK_SIZE = 64
WRITE_BATCH = 256  #: articles per transaction (a commit costs ~25 ms; 64 spent 0.4 ms per article on it)
REMOTE_BATCH = 32  #: records per POST to a server
INDEX_EVERY = 2000  #: search-index commit interval (documents) during an ingest


@dataclass
class IngestSummary:
    """What an ingest did. ``failed`` maps 'E0xx: reason' to a count; ``failures`` lists items."""

    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    duplicate_reasons: Counter = field(default_factory=Counter)
    failure_reasons: Counter = field(default_factory=Counter)
    skip_reasons: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    via: str = "store"  #: "store" or the server URL the batches went to

    @property
    def processed(self) -> int:
        return self.ingested + self.duplicates + self.skipped + self.failed

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def add_outcomes(self, outcomes: Iterable[Any]) -> None:
        for o in outcomes:
            if o.status == "added":
                self.ingested += 1
                self.near_duplicates += bool(o.near_duplicate_of)
            elif o.status == "duplicate":
                self.duplicates += 1
                self.duplicate_reasons[o.reason or "duplicate"] += 1
            else:
                self.failed += 1
                self.failure_reasons[_reason_key(o.reason or "")] += 1
                if len(self.failures) < 1000:
                    self.failures.append((o.origin or "?", o.reason or ""))

    def merge(self, other: dict[str, Any]) -> None:
        """Add a summary dict returned by a server."""
        for key in ("ingested", "duplicates", "near_duplicates", "skipped", "failed"):
            setattr(self, key, getattr(self, key) + int(other.get(key, 0)))
        self.duplicate_reasons.update(other.get("duplicate_reasons", {}))
        self.failure_reasons.update(other.get("failure_reasons", {}))
        self.skip_reasons.update(other.get("skip_reasons", {}))
        self.failures.extend(tuple(f) for f in other.get("failures", [])[:1000])

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "skipped": self.skipped,
            "failed": self.failed, "duplicate_reasons": dict(self.duplicate_reasons),
            "failure_reasons": dict(self.failure_reasons), "skip_reasons": dict(self.skip_reasons),
            "failures": [list(f) for f in self.failures[:100]],
            "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate, 2),
            "via": self.via,
        }

    def render(self) -> str:
        lines = [
            f"ingested {self.ingested} articles ({self.near_duplicates} near-duplicate copies), "
            f"{self.duplicates} duplicates, {self.skipped} skipped, {self.failed} failed "
            f"in {self.seconds:.1f} s ({self.rate:.1f} articles/s)"
            + ("" if self.via == "store" else f" via {self.via}"),
        ]
        for reason, n in self.duplicate_reasons.most_common():
            lines.append(f"  duplicate ({reason}): {n}")
        for reason, n in self.skip_reasons.most_common():
            lines.append(f"  skipped ({reason}): {n}")
        for reason, n in self.failure_reasons.most_common(10):
            lines.append(f"  failed {n}× {reason}")
        return "\n".join(lines)


def _reason_key(reason: str) -> str:
    code, _, msg = reason.partition(": ")
    return f"{code}: {msg[:80]}" if msg else reason[:80]


# -- worker side ---------------------------------------------------------------------------
_KNOWN_IDS: frozenset[str] = frozenset()


def _init_worker(known_ids: frozenset[str]) -> None:
    global _KNOWN_IDS
    _KNOWN_IDS = known_ids
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from newsgraph.nlp.fast_ops import limit_blas_threads

    limit_blas_threads(1)


def _prepare(item: Item) -> Article:
    from newsgraph.ingest.prepare import prepare

    return prepare(
        item.data if item.data is not None else "", origin=item.origin, is_html=item.is_html,
        url=item.url, title=item.title, published=item.published, source=item.source,
        language=item.language, charset=item.charset,
    )


def _error(item: Item, exc: Exception) -> tuple:
    if isinstance(exc, NewsgraphError):
        return ("error", item.origin, exc.code, exc.message)
    return ("error", item.origin, "E001", f"{type(exc).__name__}: {exc}"[:500])


def process_items(items: Sequence[Item], analyse: bool = True) -> list[tuple]:
    """Prepare and analyse items; one result per item: ('ok', Article, origin),
    ('known', article_id, origin, Article-without-analysis) or ('error', origin, code, msg)."""
    from newsgraph.analyze import analyze_articles

    results: list[tuple | None] = [None] * len(items)
    todo: list[tuple[int, Article]] = []
    for i, item in enumerate(items):
        try:
            if item.extra.get("fetch"):
                item = fetch_item(item)
            if item.error:
                results[i] = ("error", item.origin, *item.error)
                continue
            if item.skipped:
                results[i] = ("error", item.origin, "E001", f"skipped: {item.skipped}")
                continue
            article = item.article if item.article is not None else _prepare(item)
        except Exception as exc:  # one bad item never kills the batch
            results[i] = _error(item, exc)
            continue
        if article.id in _KNOWN_IDS:
            results[i] = ("known", article.id, item.origin, article)
        elif item.article is not None or not analyse:
            results[i] = ("ok", article, item.origin)
        else:
            todo.append((i, article))
    if todo:
        todo.sort(key=lambda t: t[1].language or "")  # one nlp.pipe run per language, not per switch
        try:
            done = list(analyze_articles([a for _, a in todo]))
            for (i, _), art in zip(todo, done):
                results[i] = ("ok", art, items[i].origin)
        except Exception:
            for i, art in todo:  # isolate the article that breaks the batch
                try:
                    results[i] = ("ok", next(analyze_articles([art])), items[i].origin)
                except Exception as exc:
                    results[i] = _error(items[i], exc)
    return [r for r in results if r is not None]


def pack_results(results: list[tuple]) -> list[tuple]:
    """Worker side of the trip to the writer's process: each Article as its JSON (which the
    writer stores as ``articles.doc``, so it is serialised once) plus its MinHash, computed
    here instead of in the single writer. JSON, not pickle: the JSON is made anyway, and
    pickling the pydantic models both ways measured slower than parsing it (1.0 vs 0.6 ms per
    article)."""
    from newsgraph.store.writer import prepare_for_store

    out: list[tuple] = []
    for r in results:
        if r[0] == "ok":
            p = prepare_for_store(r[1])
            out.append(("ok", r[2], p.doc, p.sig.to_bytes(), p.sig.n_shingles))
        elif r[0] == "known":
            out.append(("known", r[2], r[3].model_dump_json(), r[1]))
        else:
            out.append(r)
    return out


def unpack_results(packed: Iterable[tuple]) -> list[tuple]:
    """Main side: packed results → :func:`process_items`' tuples; 'ok' ones carry the
    :class:`~newsgraph.store.writer.Prepared` as a 4th element."""
    from newsgraph.corpus.dedup import Signature
    from newsgraph.store.writer import Prepared, gc_paused

    out: list[tuple] = []
    with gc_paused():  # many new objects, no cycles: collections here cost more than parsing
        for r in packed:
            if r[0] == "ok":
                out.append(("ok", Article.model_validate_json(r[2]), r[1],
                            Prepared(r[2], Signature.from_bytes(r[3], r[4]))))
            elif r[0] == "known":
                out.append(("known", r[3], r[1], Article.model_validate_json(r[2])))
            else:
                out.append(tuple(r))
    return out


def process_items_packed(items: Sequence[Item], analyse: bool = True) -> list[tuple]:
    """:func:`process_items` + :func:`pack_results`: what a worker process returns."""
    return pack_results(process_items(items, analyse))


# -- main side -----------------------------------------------------------------------------
def _task_size(total: int | None, workers: int, largest: int = TASK_SIZE, smallest: int = 8) -> int:
    """Items per task (or Dask partition): ``largest``, or fewer — down to ``smallest`` — so that
    a known total gives every worker about four tasks (and the progress bar moves)."""
    if not total:
        return largest
    return max(smallest, min(largest, -(-total // (max(workers, 1) * 4))))


def _chunks(it: Iterable[Item], n: int) -> Iterator[list[Item]]:
    it = iter(it)
    while chunk := list(islice(it, n)):
        yield chunk


class _Progress:
    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                TimeElapsedColumn, TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                TaskProgressColumn(), TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("eta"), TimeRemainingColumn(), TextColumn("elapsed"),
                TimeElapsedColumn(), console=Console(stderr=True), transient=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=total, rate=0.0)
        self.t0 = time.perf_counter()
        self.done = 0

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            rate = self.done / max(time.perf_counter() - self.t0, 1e-6)
            self.bar.update(self.task, advance=n, rate=rate)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def ingest_items(
    corpus: Any, items: Iterable[Item], *, workers: int = DEFAULT_WORKERS, progress: bool = False,
    total: int | None = None, analyse: bool = True, write_batch: int = WRITE_BATCH,
    engine: str = "local", scheduler: str | None = None, shard_dir: str | None = None,
    partition_size: int = 64, dask_client: Any = None,
) -> IngestSummary:
    """Analyse and store items into an open :class:`~newsgraph.store.Corpus`.

    ``engine="dask"`` runs the same :func:`process_items` as Dask tasks over partitions of
    ``partition_size`` items (see :mod:`newsgraph.scale.dask_engine`); writes still go through
    this process's single writer.
    """
    from newsgraph.store.rows import canonical_url

    t0 = time.perf_counter()
    summary = IngestSummary()
    known_ids = frozenset(r[0] for r in corpus.cursor().execute("SELECT id FROM articles").fetchall())
    known_urls = {r[0] for r in corpus.cursor().execute(
        "SELECT DISTINCT canonical_url FROM copies WHERE canonical_url IS NOT NULL").fetchall()}
    bar = _Progress(progress, total)
    writer = corpus.writer
    index_every, writer.index_every = writer.index_every, max(writer.index_every, INDEX_EVERY)
    pending_articles: list[tuple[Article, str | None, Any]] = []
    pending_errors: list[tuple[str | None, str, str]] = []

    def flush() -> None:
        if pending_articles or pending_errors:
            res = corpus.add(list(pending_articles), list(pending_errors))
            summary.add_outcomes(res.outcomes)
            pending_articles.clear()
            pending_errors.clear()

    def consume(results: list[tuple]) -> None:
        for r in results:
            if r[0] == "ok":
                pending_articles.append((r[1], r[2], r[3] if len(r) > 3 else None))
            elif r[0] == "known":
                art = r[3]
                url = canonical_url(art.canonical_url or art.url)
                if url and url not in known_urls:  # same text, new outlet/URL: a sighting
                    known_urls.add(url)
                    pending_articles.append((art, r[2]))
                else:
                    summary.duplicates += 1
                    summary.duplicate_reasons["same content"] += 1
            else:
                pending_errors.append((r[1], r[2], r[3]))
        bar.advance(len(results))
        if len(pending_articles) + len(pending_errors) >= write_batch:
            flush()

    def screened() -> Iterator[Item]:
        for item in items:
            if item.skipped:
                summary.skipped += 1
                summary.skip_reasons[item.skipped.split(" (")[0]] += 1
                bar.advance(1)
                continue
            url = canonical_url(item.url) if item.url and not item.extra.get("fetch") else None
            if url and url in known_urls:
                summary.duplicates += 1
                summary.duplicate_reasons["same url"] += 1
                bar.advance(1)
                continue
            yield item

    try:
        if engine == "dask":
            from newsgraph.scale.dask_engine import run_partitions

            partition_size = _task_size(total, workers, largest=partition_size, smallest=4)
            for results in run_partitions(
                _chunks(screened(), partition_size), known_ids=known_ids, analyse=analyse,
                scheduler=scheduler, workers=workers, shard_dir=shard_dir, client=dask_client,
            ):
                consume(results)
        elif workers <= 1:
            _init_worker(known_ids)
            for chunk in _chunks(screened(), _task_size(total, 1)):
                consume(process_items(chunk, analyse))
        else:
            with ProcessPoolExecutor(
                max_workers=workers, initializer=_init_worker, initargs=(known_ids,)
            ) as pool:
                inflight: deque[Future] = deque()
                for chunk in _chunks(screened(), _task_size(total, workers)):
                    inflight.append(pool.submit(process_items_packed, chunk, analyse))
                    while len(inflight) >= workers * 3:
                        consume(unpack_results(inflight.popleft().result()))
                while inflight:
                    consume(unpack_results(inflight.popleft().result()))
        flush()
    finally:
        writer.index_every = index_every
        writer.commit_index()
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def ingest_records(corpus: Any, records: list[dict[str, Any]], **kwargs: Any) -> IngestSummary:
    """Server side of ``POST /api/ingest``: JSON records → analysed articles in ``corpus``."""
    from newsgraph.corpus.sources import record_item

    items = [record_item(r, str(r.get("origin") or r.get("url") or f"record#{i}"))
             for i, r in enumerate(records)]
    kwargs.setdefault("workers", 1)
    return ingest_items(corpus, items, **kwargs)


def _post_to_server(info: dict[str, Any], items: Iterable[Item], progress: bool,
                    total: int | None) -> IngestSummary:
    import httpx

    summary = IngestSummary(via=info.get("url", "server"))
    headers = {}
    token_file = info.get("token_file")
    if token_file:
        try:
            headers["Authorization"] = "Bearer " + Path(token_file).read_text().strip()
        except OSError as exc:
            raise StoreLockedError(
                f"a server holds the store but its token file is unreadable: {exc}") from exc
    url = info["url"].rstrip("/") + info.get("ingest", "/api/ingest")
    t0 = time.perf_counter()
    bar = _Progress(progress, total)
    try:
        with httpx.Client(timeout=600.0, trust_env=False) as client:
            for chunk in _chunks(items, REMOTE_BATCH):
                records = []
                for it in chunk:
                    if it.skipped:
                        summary.skipped += 1
                        summary.skip_reasons[it.skipped.split(" (")[0]] += 1
                        continue
                    if it.error:
                        summary.add_outcomes([_Failed(it.origin, f"{it.error[0]}: {it.error[1]}")])
                        continue
                    try:
                        records.append(it.to_record())
                    except NewsgraphError as exc:
                        summary.add_outcomes([_Failed(it.origin, f"{exc.code}: {exc.message}")])
                if records:
                    try:
                        resp = client.post(url, json={"articles": records}, headers=headers)
                    except httpx.HTTPError as exc:
                        raise StoreLockedError(
                            f"the store is held by a server at {info['url']} that did not "
                            f"answer: {exc}") from exc
                    if resp.status_code >= 400:
                        raise StoreLockedError(
                            f"the server at {info['url']} refused the batch "
                            f"({resp.status_code}): {resp.text[:300]}")
                    summary.merge(resp.json())
                bar.advance(len(chunk))
    finally:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary


@dataclass
class _Failed:
    origin: str
    reason: str
    status: str = "failed"
    near_duplicate_of: str | None = None


def ingest(
    sources: Sequence[str], *, db: str | Path = "newsgraph.duckdb", workers: int = DEFAULT_WORKERS,
    fetch: bool = False, progress: bool = True, engine: str = "local",
    scheduler: str | None = None, shard_dir: str | None = None,
) -> IngestSummary:
    """Ingest SOURCEs (files, directories, globs, JSON/JSONL/CSV, RSS/Atom, WARC, '-', URLs)
    into the store at ``db``; hands the batches to a running server that holds the store."""
    from newsgraph.store import Corpus

    items = [it for src in sources for it in expand(src, fetch=fetch)]
    try:
        corpus = Corpus(db)
    except StoreLockedError:
        info = _server_info(db)
        if info is None:
            raise
        return _post_to_server(info, items, progress, len(items))
    with corpus:
        return ingest_items(corpus, items, workers=workers, progress=progress, total=len(items),
                            engine=engine, scheduler=scheduler, shard_dir=shard_dir)


def _server_info(db: str | Path) -> dict[str, Any] | None:
    try:
        from newsgraph.api.sidecar import read_sidecar
    except ImportError:  # the web extra is not installed: read the file ourselves
        import json

        try:
            return json.loads(Path(str(Path(db).resolve()) + ".server.json").read_text())
        except (OSError, ValueError):
            return None
    return read_sidecar(db)
