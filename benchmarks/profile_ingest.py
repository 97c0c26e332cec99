"""Where the local engine's ingest time goes, step by step (issue 9): one process, full analysis.

Wraps the functions of each step with wall-clock timers (no cProfile: its per-call overhead
inflates pure-Python steps and hides the share of the compiled model), ingests a corpus built
like ``bench_scale.py``'s, and prints each step's share of the total. The pickling row is what
``--workers N`` adds: the results of every task are pickled in a worker and unpickled in the
main process: the worker packs each Article as JSON plus its MinHash (the writer stores that
JSON and skips its own MinHash), pickles, and the writer parses the JSON — measured here by
doing all of it once per task in this process, outside the total.

    python benchmarks/profile_ingest.py [--articles 500] [--no-append]
"""

from __future__ import annotations

import argparse
import functools
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import append_results, machine, stamp
from crash_test import build_corpus

TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
_ACTIVE: list[str] = []


def _timed(label: str, fn):
    """Time ``fn`` under ``label``, excluding time spent in nested timed steps (self time)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _ACTIVE.append(label)
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            dt = time.perf_counter() - t0
            _ACTIVE.pop()
            TIMES[label] += dt
            CALLS[label] += 1
            if _ACTIVE:
                TIMES[_ACTIVE[-1]] -= dt

    return wrapper


def _timed_iter(label: str, gen_fn):
    """Time a generator function's own work (each ``next``), excluding nested timed steps."""

    @functools.wraps(gen_fn)
    def wrapper(*args, **kwargs):
        it = gen_fn(*args, **kwargs)
        while True:
            _ACTIVE.append(label)
            t0 = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                dt = time.perf_counter() - t0
                _ACTIVE.pop()
                TIMES[label] += dt
                if _ACTIVE:
                    TIMES[_ACTIVE[-1]] -= dt
            yield item

    return wrapper


def _patch(module, name: str, label: str, gen: bool = False) -> None:
    fn = getattr(module, name)
    setattr(module, name, (_timed_iter if gen else _timed)(label, fn))


STEPS = [
    # (label, description)
    ("read source", "read the JSONL and build items (`expand`)"),
    ("prepare: decode+blocks", "decode, control characters, paragraphs (`prepare` itself)"),
    ("prepare: html extraction", "trafilatura (HTML inputs only)"),
    ("prepare: cleaning", "boilerplate / agency / dateline cleaning"),
    ("prepare: langid", "language identification"),
    ("prepare: content id", "normalised SHA-256 of the text"),
    ("prepare: Article()", "building the pydantic Article"),
    ("nlp.pipe (model + newsgraph components)", "the spaCy pipeline: owned by the model work"),
    ("fill_article", "Doc extensions → Article (model_copy)"),
    ("store: MinHash signature", "shingles + MinHash of each text"),
    ("store: dedup query/add", "LSH lookup and insert"),
    ("store: story clusters", "incremental clustering"),
    ("store: rows", "Article → table rows"),
    ("store: Article JSON (doc column)", "`model_dump_json` for `articles.doc`"),
    ("store: DuckDB inserts + commit", "Arrow → INSERT, transaction"),
    ("store: tantivy index", "add + commit of the search index"),
    ("store: other", "the rest of `StoreWriter.write` (lookups, canonical URLs, …)"),
    ("ingest loop: other", "screening, batching, closing the store, everything not above"),
]


def install() -> None:
    import importlib

    import newsgraph.corpus.ingest as ingest_mod

    prep = importlib.import_module("newsgraph.ingest.prepare")
    to_article = importlib.import_module("newsgraph.nlp.to_article")
    import newsgraph.store.writer as writer
    from newsgraph.corpus.dedup import NearDuplicateIndex
    from newsgraph.corpus.cluster import StoryClusterer
    from newsgraph.store.search import SearchIndex
    from spacy.language import Language

    _patch(prep, "prepare", "prepare: decode+blocks")
    _patch(prep, "extract_html", "prepare: html extraction")
    _patch(prep, "clean_blocks", "prepare: cleaning")
    _patch(prep, "identify", "prepare: langid")
    _patch(prep, "content_id", "prepare: content id")
    _patch(prep, "Article", "prepare: Article()")
    Language.pipe = _timed_iter("nlp.pipe (model + newsgraph components)", Language.pipe)
    _patch(to_article, "fill_article", "fill_article")
    _patch(writer, "signature", "store: MinHash signature")
    NearDuplicateIndex.query = _timed("store: dedup query/add", NearDuplicateIndex.query)
    NearDuplicateIndex.add = _timed("store: dedup query/add", NearDuplicateIndex.add)
    StoryClusterer.assign = _timed("store: story clusters", StoryClusterer.assign)
    StoryClusterer.take_changes = _timed("store: story clusters", StoryClusterer.take_changes)
    _patch(writer, "annotation_rows", "store: rows")
    from newsgraph.schema import Article

    Article.model_dump_json = _timed("store: Article JSON (doc column)", Article.model_dump_json)
    writer.StoreWriter._insert = _timed("store: DuckDB inserts + commit", writer.StoreWriter._insert)
    orig_run = writer.StoreWriter._run

    def run(self, sql, params=()):
        if sql in ("COMMIT", "BEGIN TRANSACTION"):
            return _timed("store: DuckDB inserts + commit", orig_run)(self, sql, params)
        return orig_run(self, sql, params)

    writer.StoreWriter._run = run
    SearchIndex.add = _timed("store: tantivy index", SearchIndex.add)
    SearchIndex.commit = _timed("store: tantivy index", SearchIndex.commit)
    writer.StoreWriter.write = _timed("store: other", writer.StoreWriter.write)
    ingest_mod.process_items = _timed("ingest loop: other", ingest_mod.process_items)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsgraph-profile-"))
    corpus_path = build_corpus(work / "corpus.jsonl", args.articles)

    from newsgraph.corpus.ingest import ingest_items
    from newsgraph.corpus.sources import expand
    from newsgraph.nlp.pipeline import load_pipeline
    from newsgraph.store import Corpus

    from newsgraph.corpus.dedup import signature
    from newsgraph.ingest.langid import identify

    for lang in ("de", "en"):  # loading is a once-per-process cost, not per article
        load_pipeline(lang)
    identify("Loading the language identifier is a once-per-process cost, too.")
    signature("so are the MinHash permutations of the dedup signature")
    install()
    import newsgraph.corpus.ingest as ingest_mod

    pickled: list[float] = []
    orig_process = ingest_mod.process_items

    def process_and_pickle(items, analyse=True):
        results = orig_process(items, analyse)
        before = dict(TIMES)
        t0 = time.perf_counter()
        if hasattr(ingest_mod, "pack_results"):
            packed = ingest_mod.pack_results(results)
            ingest_mod.unpack_results(pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)))
        else:  # before pack_results: the Articles were pickled as they are
            pickle.loads(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        pickled.append(time.perf_counter() - t0)
        TIMES.clear()
        TIMES.update(before)
        return results

    ingest_mod.process_items = process_and_pickle
    t0 = time.perf_counter()
    items = _timed("read source", lambda: list(expand(str(corpus_path))))()
    with Corpus(work / "store.duckdb") as c:
        summary = ingest_items(c, items, workers=1)
        t_end = time.perf_counter()
    total = t_end - t0 - sum(pickled)
    accounted = sum(TIMES.values())
    TIMES["ingest loop: other"] += total - accounted
    n = summary.processed or 1
    rows = [(label, desc, TIMES.get(label, 0.0)) for label, desc in STEPS]
    model = TIMES["nlp.pipe (model + newsgraph components)"]
    lines = [
        f"### Ingest time per step, local engine, 1 process — {stamp()}", "",
        f"Command: `python benchmarks/profile_ingest.py --articles {args.articles}` · {machine()} · "
        f"{summary.ingested} articles stored from JSONL text records (de/en mix), full analysis, "
        f"{total:.1f} s", "",
        "| step | what | ms/article | share |", "|---|---|---|---|",
    ]
    for label, desc, secs in rows:
        lines.append(f"| {label} | {desc} | {1000 * secs / n:.2f} | {100 * secs / total:.1f} % |")
    lines.append(f"| *transport (`--workers N`, Dask only)* | worker: Article JSON + MinHash, pickle; "
                 f"writer: parse JSON (the writer then skips its own JSON + MinHash) | "
                 f"{1000 * sum(pickled) / n:.2f} | ({100 * sum(pickled) / total:.1f} % extra) |")
    lines += ["", f"Outside the spaCy pipeline: **{100 * (total - model) / total:.1f} %** of the time "
              f"({1000 * (total - model) / n:.1f} ms/article of {1000 * total / n:.1f}).", ""]
    report = "\n".join(lines)
    print(report)
    if not args.no_append:
        append_results(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
