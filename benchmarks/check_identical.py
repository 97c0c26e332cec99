"""Guard for speed work: the full analysis must give byte-identical Articles before and after.

Runs ``analyze_articles`` over German and English news (benchmarks/common.py) plus the reference
article, dumps every Article as one JSON line, and either saves that dump or compares it with a
saved one (first differing article and field are printed).

    python benchmarks/check_identical.py --save /tmp/articles.jsonl [--docs 150]
    python benchmarks/check_identical.py --compare /tmp/articles.jsonl [--docs 150]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from common import SHARED, english_news, german_news

from newsgraph.analyze import analyze_articles
from newsgraph.ingest.prepare import prepare

#: Reference times cycled over the documents so that relative expressions resolve differently.
PUBLISHED = (date(2025, 8, 16), datetime(2020, 3, 4, 9, 30, tzinfo=timezone.utc), None, date(2019, 12, 30))


def corpus(n: int) -> list[tuple[str, str]]:
    ref = (SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")
    return [("de", ref)] + [("de", t) for t in german_news(n)] + [("en", t) for t in english_news(n)]


def dump(n: int) -> list[str]:
    articles = []
    for i, (lang, text) in enumerate(corpus(n)):
        art = prepare(text, origin=f"doc{i}", is_html=False, language=lang, published=PUBLISHED[i % len(PUBLISHED)])
        articles.append(art)
    return [a.model_dump_json() for a in analyze_articles(articles)]


def first_difference(a: dict, b: dict) -> str:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            va, vb = a.get(key), b.get(key)
            if isinstance(va, list) and isinstance(vb, list):
                for j, (x, y) in enumerate(zip(va, vb)):
                    if x != y:
                        return f"{key}[{j}]:\n  saved: {x}\n  now:   {y}"
                return f"{key}: {len(va)} saved vs {len(vb)} now"
            return f"{key}:\n  saved: {va}\n  now:   {vb}"
    return "(order of keys only)"


def main() -> int:
    ap = argparse.ArgumentParser()
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--compare", type=Path)
    ap.add_argument("--docs", type=int, default=150, help="documents per language (plus the reference article)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    lines = dump(args.docs)
    took = time.perf_counter() - t0
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"saved {len(lines)} articles to {args.save} ({took:.1f} s)")
        return 0
    saved = args.compare.read_text(encoding="utf-8").splitlines()
    if len(saved) != len(lines):
        print(f"DIFFERENT: {len(saved)} saved articles vs {len(lines)} now")
        return 1
    bad = [i for i, (x, y) in enumerate(zip(saved, lines)) if x != y]
    if not bad:
        print(f"identical: {len(lines)} articles ({took:.1f} s)")
        return 0
    print(f"DIFFERENT: {len(bad)} of {len(lines)} articles differ (first: #{bad[0]})")
    i = bad[0]
    print(first_difference(json.loads(saved[i]), json.loads(lines[i])))
    return 1


if __name__ == "__main__":
    sys.exit(main())
