"""Ingest end to end on 2 cores: 1 process vs --workers 2 vs Dask LocalCluster with 2 workers (issue 11).

The corpus (≥ 5,000 articles by default) is built from ../shared by cycling Wikinews and 10kGNAD
texts with a variant tag (so each is a distinct article). Reports articles/s, speed-up over one
process (target ≥ 1.7× for both parallel engines) and peak resident memory per worker.

    python benchmarks/bench_scale.py [--articles 5000] [--no-append]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import append_results, machine, stamp, write_metrics
from crash_test import build_corpus

from newsgraph.corpus.ingest import ingest_items
from newsgraph.corpus.sources import expand
from newsgraph.store import Corpus


def _children_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsgraph-scale-"))
    corpus = build_corpus(work / "corpus.jsonl", args.articles)
    items = list(expand(str(corpus)))
    rows, metrics = [], {}

    def timed(label, **kw):
        db = work / f"{label}.duckdb"
        t0 = time.perf_counter()
        with Corpus(db) as c:
            summary = ingest_items(c, items, **kw)
        secs = time.perf_counter() - t0
        return summary, secs

    summary, single = timed("single", workers=1)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("1 process", summary.ingested, single, 1.0, f"{self_rss:.0f} (this process)"))
    summary, pool = timed("pool", workers=2)
    rows.append(("--workers 2 (processes)", summary.ingested, pool, single / pool, f"{_children_rss_mb():.0f} (max worker)"))

    import newsgraph.scale.dask_engine as eng

    client = eng.make_client(workers=2)
    try:
        summary, dask_s = timed("dask", workers=2, engine="dask", dask_client=client)
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    rows.append(("Dask LocalCluster, 2 workers", summary.ingested, dask_s, single / dask_s, f"{max(rss.values()):.0f} (max worker)"))
    metrics = {"articles": args.articles, "speedup_pool": round(single / pool, 2),
               "speedup_dask": round(single / dask_s, 2),
               "articles_per_s_single": round(args.articles / single, 2)}
    lines = [f"### Ingest scale-out on this machine — {stamp()}", "",
             f"Command: `python benchmarks/bench_scale.py --articles {args.articles}` · {machine()} · full analysis, "
             "one store writer", "",
             "| engine | articles stored | seconds | articles/s | speed-up vs 1 process | peak RSS MB |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {n} | {a:,} | {s:.0f} | {args.articles / s:.1f} | **{x:.2f}×** | {r} |" for n, a, s, x, r in rows]
    lines += ["", "Target: ≥ 1.7× on 2 cores for both parallel engines.", ""]
    report = "\n".join(lines)
    print(report)
    write_metrics("scale", metrics)
    if not args.no_append:
        append_results(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
