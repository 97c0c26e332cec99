"""Ingest end to end on 2 cores: 1 process vs --workers 2 vs Dask LocalCluster with 2 workers (issue 11).

The corpus (≥ 5,000 articles by default) is built from ../shared by cycling Wikinews and 10kGNAD
texts with a variant tag (so each is a distinct article). Reports articles/s, speed-up over one
process (target ≥ 1.7× for both parallel engines) and peak resident memory per worker.

    python benchmarks/bench_scale.py [--articles 5000] [--no-append]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import append_results, machine, stamp, write_metrics
from crash_test import build_corpus

from newsgraph.corpus.ingest import ingest_items
from newsgraph.corpus.sources import expand
from newsgraph.nlp.fast_ops import limit_blas_threads
from newsgraph.store import Corpus


def _children_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _worker_cpu() -> float:
    return _cpu()


def _warm() -> None:
    """Load what every engine's processes load once (pipelines, language identifier, MinHash
    permutations), so each engine is timed warm: the pool's forked workers inherit this
    process's, the Dask workers get them before the clock starts."""
    from newsgraph.corpus.dedup import signature
    from newsgraph.ingest.langid import identify
    from newsgraph.nlp.pipeline import load_pipeline

    from newsgraph.analyze import analyze_articles
    from newsgraph.ingest.prepare import prepare

    for lang, text in (("de", "Die Kanzlerin sagte am Montag in Berlin: „Wir helfen.“ Dann "
                               "reiste sie nach Paris, wo sie Präsident Macron traf."),
                       ("en", "The chancellor said in Berlin on Monday: 'We will help.' Then "
                              "she travelled to Paris, where she met President Macron.")):
        load_pipeline(lang)  # and the resources components load on their first document:
        list(analyze_articles([prepare(text, origin="warm-up", language=lang)]))
    identify("warm-up text for the language identifier")
    signature("warm-up text for the MinHash permutations")


def _worker_rss_mb() -> float:
    """Peak RSS of this process's own memory (VmHWM). Not ru_maxrss: a process started by
    fork + exec keeps the parent's high-water mark in it (the Dask workers reported the
    benchmark process's ~1 GB as theirs)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    limit_blas_threads(1)  # per-core figures: one BLAS thread, as in the ingest workers
    work = Path(tempfile.mkdtemp(prefix="newsgraph-scale-"))
    corpus = build_corpus(work / "corpus.jsonl", args.articles)
    items = list(expand(str(corpus)))
    rows = []

    def timed(label, worker_cpu=None, **kw):
        """(summary, wall seconds, CPU seconds of this process, CPU seconds of the workers)."""
        db = work / f"{label}.duckdb"
        c0, ch0 = _cpu(), _cpu(resource.RUSAGE_CHILDREN)
        w0 = worker_cpu() if worker_cpu else 0.0
        t0 = time.perf_counter()
        with Corpus(db) as c:
            summary = ingest_items(c, items, **kw)
        secs = time.perf_counter() - t0
        workers = (worker_cpu() - w0) if worker_cpu else _cpu(resource.RUSAGE_CHILDREN) - ch0
        return summary, secs, _cpu() - c0, workers

    _warm()
    summary, single, main_cpu, _ = timed("single", workers=1)
    single_cpu = main_cpu
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("1 process", summary.ingested, single, 1.0, main_cpu, 0.0,
                 f"{self_rss:.0f} (this process)"))
    summary, pool, main_cpu, workers_cpu = timed("pool", workers=2)
    rows.append(("--workers 2 (processes)", summary.ingested, pool, single / pool, main_cpu,
                 workers_cpu, f"{_children_rss_mb():.0f} (max worker)"))

    import newsgraph.scale.dask_engine as eng

    client = eng.make_client(workers=2)
    client.run(_warm)
    try:
        def dask_workers_cpu() -> float:
            return sum(client.run(_worker_cpu).values())

        summary, dask_s, main_cpu, workers_cpu = timed(
            "dask", worker_cpu=dask_workers_cpu, workers=2, engine="dask", dask_client=client)
        rss = client.run(_worker_rss_mb)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    rows.append(("Dask LocalCluster, 2 workers", summary.ingested, dask_s, single / dask_s,
                 main_cpu, workers_cpu, f"{max(rss.values()):.0f} (max worker)"))
    n = args.articles
    metrics = {"articles": n, "speedup_pool": round(single / pool, 2),
               "speedup_dask": round(single / dask_s, 2),
               "articles_per_s_single": round(n / single, 2),
               "cpu_ms_per_article": {r[0]: round(1000 * (r[4] + r[5]) / n, 1) for r in rows}}
    lines = [f"### Ingest scale-out on this machine — {stamp()}", "",
             f"Command: `python benchmarks/bench_scale.py --articles {n}` · {machine()} · "
             f"1-min load average before the run: {os.getloadavg()[0]:.1f} · full analysis, "
             "one store writer · every engine timed warm (pipelines loaded before the clock "
             "starts)", "",
             "| engine | articles stored | seconds | articles/s | speed-up vs 1 process | "
             "CPU ms/article (main + workers) | CPU vs 1 process | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {name} | {a:,} | {s:.0f} | {n / s:.1f} | **{x:.2f}×** | "
              f"{1000 * m / n:.0f} + {1000 * w / n:.0f} | {(m + w) / single_cpu:.2f}× | {r} |"
              for name, a, s, x, m, w, r in rows]
    lines += ["", "Target: ≥ 1.7× on 2 cores for both parallel engines. CPU vs 1 process: the "
              "engine's total CPU time over the single process's (the parallel engines' overhead; "
              "speed-up on an idle machine ≤ 2 / this).", ""]
    report = "\n".join(lines)
    print(report)
    write_metrics("scale", metrics)
    if not args.no_append:
        append_results(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
