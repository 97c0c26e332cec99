"""Ingestion benchmark: newsgraph's ingest step vs bare ``trafilatura.extract`` (issue 3).

Same pages, same process, interleaved repeats. Reports pages/s, the time ratio (target ≤ 1.25×) and
token-level precision/recall/F1 of the article body against the ground truth of the
article-extraction-benchmark (the upstream metric: bag-of-tokens overlap, averaged per page).

    python benchmarks/bench_ingest.py [--repeats 3] [--no-append]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import trafilatura

from newsgraph.errors import InputError
from newsgraph.ingest.prepare import prepare
from common import publish  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data" / "article-extraction-benchmark").resolve()
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(t.lower() for t in _TOKEN.findall(text or ""))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(pred), tokens(gold)
    overlap = sum((p & g).values())
    if not p and not g:
        return 1.0, 1.0, 1.0
    prec = overlap / sum(p.values()) if p else 0.0
    rec = overlap / sum(g.values()) if g else 0.0
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f


def ours(raw: bytes, url: str) -> str:
    try:
        return prepare(raw, origin=url, is_html=True, url=url).text
    except InputError:
        return ""


def bare(raw: bytes, url: str) -> str:
    return trafilatura.extract(raw.decode("utf-8", "replace"), url=url) or ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    truth = json.loads((DATA / "ground-truth.json").read_text())
    pages = []
    for pid, gold in sorted(truth.items()):
        path = DATA / "html" / f"{pid}.html.gz"
        pages.append((gzip.decompress(path.read_bytes()), gold.get("url") or pid, gold["articleBody"]))
    times = {"newsgraph": 0.0, "trafilatura": 0.0}
    outputs: dict[str, list[str]] = {}
    for _ in range(args.repeats):
        for name, fn in (("trafilatura", bare), ("newsgraph", ours)):
            t0 = time.perf_counter()
            outputs[name] = [fn(raw, url) for raw, url, _ in pages]
            times[name] += time.perf_counter() - t0
    rows = []
    for name in ("trafilatura", "newsgraph"):
        scores = [prf(pred, gold) for pred, (_, _, gold) in zip(outputs[name], pages)]
        n = len(scores)
        rows.append((name, sum(s[0] for s in scores) / n, sum(s[1] for s in scores) / n,
                     sum(s[2] for s in scores) / n, len(pages) * args.repeats / times[name]))
    ratio = times["newsgraph"] / times["trafilatura"]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### Ingestion (HTML → cleaned text) — {stamp}",
        "",
        f"Command: `python benchmarks/bench_ingest.py --repeats {args.repeats}` · {len(pages)} pages of "
        f"`shared/data/article-extraction-benchmark` · {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, trafilatura {trafilatura.__version__}",
        "",
        "| extractor | precision | recall | F1 | pages/s |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {n} | {p:.3f} | {r:.3f} | {f:.3f} | {s:.1f} |" for n, p, r, f, s in rows]
    lines += ["", f"Time ratio newsgraph / trafilatura.extract: **{ratio:.2f}×** (target ≤ 1.25×)", ""]
    publish(lines, append=not args.no_append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
