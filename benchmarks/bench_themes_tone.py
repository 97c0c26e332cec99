"""Benchmark themes + tone: tone accuracy on labelled sentences, and speed against bare spaCy.

Tone gold sets:
- German: ``tests/data/tone-gold.de.tsv`` — 212 news sentences (pos/neg/neu) written for newsgraph,
  since no open labelled German news sentiment set was found in ../shared/data or shipped as data
  in a PyPI package.
- English: ``benchmarks/data/nytEditorialSnippets_GroundTruth.txt`` — 5,190 NYT editorial snippets
  with mean human ratings in [-4, 4] (Hutto & Gilbert 2014, shipped in the vaderSentiment sdist).
  The VADER lexicon was built independently of these snippets, which were its evaluation set.

Speed: the themes and tone components' time over docs already processed by the bare pipeline
(``load_pipeline(lang, bare=True)``), as a ratio of the bare pipeline's time, same process.

    .venv/bin/python benchmarks/bench_themes_tone.py            # print table, append to RESULTS.md
    .venv/bin/python benchmarks/bench_themes_tone.py --no-append
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import platform
import statistics
import sys
import time
from pathlib import Path

from newsgraph.nlp.pipeline import load_pipeline, model_path
from newsgraph.nlp.themes import find_themes
from newsgraph.nlp.tone import score_doc

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def pearson(x: list[float], y: list[float]) -> float:
    return statistics.correlation(x, y)


def _ranks(x: list[float]) -> list[float]:
    """Average ranks (ties share their mean rank); statistics' method="ranked" needs 3.12."""
    order = sorted(range(len(x)), key=x.__getitem__)
    ranks = [0.0] * len(x)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and x[order[j + 1]] == x[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: list[float], y: list[float]) -> float:
    return statistics.correlation(_ranks(x), _ranks(y))


def label_of(tone: float, threshold: float) -> str:
    return "pos" if tone > threshold else "neg" if tone < -threshold else "neu"


def bench_german_gold(threshold: float) -> dict:
    nlp = load_pipeline("de", bare=True)
    rows = [line.split("\t") for line in
            (REPO / "tests" / "data" / "tone-gold.de.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    gold = [label for label, _ in rows]
    tones = [score_doc(d).tone for d in nlp.pipe(text for _, text in rows)]
    pred = [label_of(t, threshold) for t in tones]
    polar = [(g, p) for g, p in zip(gold, pred) if g != "neu"]
    num = {"neg": -1.0, "neu": 0.0, "pos": 1.0}
    return {
        "set": "de gold (212 news sentences, pos/neg/neu)", "n": len(rows),
        "acc3": sum(g == p for g, p in zip(gold, pred)) / len(rows),
        "acc2": sum(g == p for g, p in polar) / len(polar),
        "r": pearson(tones, [num[g] for g in gold]),
        "rho": spearman(tones, [num[g] for g in gold]),
    }


def bench_nyt(threshold: float) -> dict:
    nlp = load_pipeline("en", bare=True)
    path = REPO / "benchmarks" / "data" / "nytEditorialSnippets_GroundTruth.txt"
    ratings, texts = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3:
                ratings.append(float(row[1]))
                texts.append(row[2])
    tones = [score_doc(d).tone for d in nlp.pipe(texts, batch_size=256)]
    gold = [label_of(r, 0.5) for r in ratings]  # |mean human rating| <= 0.5 → neutral
    pred = [label_of(t, threshold) for t in tones]
    polar = [(g, p) for g, p in zip(gold, pred) if g != "neu"]
    return {
        "set": "en NYT editorial snippets (Hutto & Gilbert 2014)", "n": len(texts),
        "acc3": sum(g == p for g, p in zip(gold, pred)) / len(texts),
        "acc2": sum(g == p for g, p in polar) / len(polar),
        "r": pearson(tones, ratings), "rho": spearman(tones, ratings),
    }


def speed_texts(lang: str) -> list[str]:
    if lang == "de":
        path = SHARED / "data" / "10kgnad" / "test_part_a.csv"
        csv.field_size_limit(sys.maxsize)
        with open(path, encoding="utf-8", newline="") as f:
            texts = [text for _, text in csv.reader(f, delimiter=";", quotechar="'")][:150]
        texts.append((SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8"))
        return texts
    with open(SHARED / "data" / "wikinews-en-sample" / "wikinews_2020.csv", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f)][:100]


def bench_speed(lang: str, repeats: int = 3) -> dict:
    nlp = load_pipeline(lang, bare=True)
    texts = speed_texts(lang)
    docs = list(nlp.pipe(texts))  # warm-up, and the docs the components run on
    for d in docs[:5]:
        find_themes(d)
        score_doc(d)
    best_bare = best_themes = best_tone = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        t1 = time.perf_counter()
        for d in docs:
            find_themes(d)
        t2 = time.perf_counter()
        for d in docs:
            score_doc(d)
        t3 = time.perf_counter()
        best_bare = min(best_bare, t1 - t0)
        best_themes = min(best_themes, t2 - t1)
        best_tone = min(best_tone, t3 - t2)
    words = sum(len(d) for d in docs)
    return {
        "lang": lang, "docs": len(docs), "tokens": words,
        "pipeline": "trained" if (model_path(lang) / "config.cfg").exists() else "blank",
        "bare_s": best_bare, "themes_s": best_themes, "tone_s": best_tone,
        "ratio": (best_themes + best_tone) / best_bare,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="themes + tone benchmark")
    ap.add_argument("--threshold", type=float, default=0.0, help="|tone| above which pos/neg")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args(argv)

    acc = [bench_german_gold(args.threshold), bench_nyt(args.threshold)]
    speed = [bench_speed("de"), bench_speed("en")]
    lines = [
        f"### themes + tone — {dt.date.today().isoformat()}, {platform.node()} "
        f"({platform.processor() or platform.machine()}, shared CPU)",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_themes_tone.py"
        f"{' --threshold ' + str(args.threshold) if args.threshold else ''}`",
        "",
        "| tone gold set | n | 3-class acc | pos/neg acc | Pearson r | Spearman ρ |",
        "|---|---|---|---|---|---|",
    ]
    for r in acc:
        lines.append(f"| {r['set']} | {r['n']} | {r['acc3']:.3f} | {r['acc2']:.3f} | "
                     f"{r['r']:.3f} | {r['rho']:.3f} |")
    lines += [
        "",
        "| lang | base pipeline | docs | tokens | bare spaCy s | themes s | tone s | (themes+tone)/bare |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in speed:
        lines.append(f"| {s['lang']} | {s['pipeline']} | {s['docs']} | {s['tokens']} | "
                     f"{s['bare_s']:.3f} | {s['themes_s']:.3f} | {s['tone_s']:.3f} | "
                     f"{s['ratio']:.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_append:
        with open(REPO / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
