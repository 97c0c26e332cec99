"""Speed and memory of the shipped statistical pipelines (issue 4): words/s with ``nlp.pipe`` on news
text (one thread), load time and resident memory. Each language runs in a fresh subprocess so load
time and RSS are not polluted by the other.

Text: German — 10kGNAD news articles (read only for timing; not trained on); English — Wikinews 2019.
Targets from the issue: ≥ 12,000 words/s on one core, load < 2 s, RSS < 600 MB.

    python benchmarks/bench_models.py [--words 60000] [--no-append]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from common import publish  # noqa: E402
from newsgraph.nlp.fast_ops import spacy_build  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data").resolve()


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def news_texts(lang: str, max_words: int) -> list[str]:
    csv.field_size_limit(10**8)
    texts: list[str] = []
    if lang == "de":
        with open(DATA / "10kgnad" / "test_part_a.csv", encoding="utf-8") as f:
            rows = (r[1] for r in csv.reader(f, delimiter=";", quotechar="'") if len(r) > 1)
            texts = list(rows)
    else:
        with open(DATA / "wikinews-en-sample" / "wikinews_2019.csv", encoding="utf-8") as f:
            texts = [r["text"] for r in csv.DictReader(f)]
    out, n = [], 0
    for t in texts:
        out.append(t)
        n += len(t.split())
        if n >= max_words:
            break
    return out


def measure(lang: str, max_words: int) -> dict:
    """Runs inside the child process."""
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    from newsgraph.nlp.pipeline import load_base

    nlp = load_base(lang)
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    texts = news_texts(lang, max_words)
    list(nlp.pipe(texts[:3]))  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "lang": lang, "pipes": nlp.pipe_names, "words": words, "wps": words / dt, "wps_cpu": words / cpu, "load_s": load_s,
        "rss_start_mb": rss0, "rss_loaded_mb": rss_loaded, "rss_after_mb": _rss_mb(),
        "model": nlp.meta.get("name"),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=60000)
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--child", default=None)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.words)))
        return 0
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = []
    for lang in ("de", "en"):
        out = subprocess.run([sys.executable, __file__, "--child", lang, "--words", str(args.words)],
                             capture_output=True, text=True, env=env, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### Statistical pipelines (models/de, models/en) — {stamp}",
        "",
        f"Command: `OMP_NUM_THREADS=1 python benchmarks/bench_models.py --words {args.words}` · "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores shared with other jobs, "
        f"Python {platform.python_version()}, {spacy_build()} · text: 10kGNAD (de), Wikinews 2019 (en), `nlp.pipe(batch_size=64)`",
        "",
        "| lang | model | tokens | words/s (wall) | words per CPU-second | load s | RSS loaded MB | RSS after MB | pipes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {r['lang']} | {r['model']} | {r['words']} | {r['wps']:,.0f} | {r['wps_cpu']:,.0f} | {r['load_s']:.2f} | "
              f"{r['rss_loaded_mb']:.0f} | {r['rss_after_mb']:.0f} | {', '.join(r['pipes'])} |" for r in rows]
    lines += ["", "Targets: ≥ 12,000 words/s on one core, load < 2 s, RSS < 600 MB. Wall-clock numbers depend on machine "
              "load; words per CPU-second (single thread) approximates one free core.", ""]
    publish(lines, append=not args.no_append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
