"""Corpus benchmarks: dedup precision/recall on planted copies, story-cluster quality, ingest
throughput with full analysis, search latency on a large store, store size.

    python benchmarks/bench_corpus.py                      # everything (100,000-article store)
    python benchmarks/bench_corpus.py --parts dedup,cluster
    python benchmarks/bench_corpus.py --search-articles 20000 --no-append

Planted copies: originals from ../shared/data/10kgnad (German) and the Wikinews sample
(English); each copy is re-wrapped with another outlet's boilerplate header/footer and a
disclaimer, 1–10 % of its words edited and often truncated (50–100 % kept). The search store
holds synthetic articles (sentences of the originals reshuffled and perturbed, random dates and
languages) written through the normal store writer without NLP analysis.
Prints markdown and appends it to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from common import publish  # noqa: E402
SHARED = (ROOT / ".." / "shared").resolve()
sys.path.insert(0, str(ROOT / "src"))

HEADERS = [
    "Startseite > Politik > Ausland\nTeilen: Facebook | X | WhatsApp | E-Mail\n",
    "Home | World | Europe\nShare this article\n",
    "ANZEIGE\nLesen Sie auch: Die wichtigsten Nachrichten des Tages\n",
    "Advertisement\nMost read: Top stories this hour\n",
    "",
]
FOOTERS = [
    "\nHaftungsausschluss: Dieser Inhalt wurde automatisch von einem Partnerportal übernommen; "
    "die Redaktion übernimmt keine Gewähr für Richtigkeit und Vollständigkeit.",
    "\n© dpa-infocom GmbH. Alle Rechte vorbehalten. Weiterverbreitung nur mit Genehmigung.",
    "\nThis article was automatically imported from a syndication partner. Copyright remains "
    "with the original publisher.",
    "\nNewsletter abonnieren | Kommentare (12) | Mehr zum Thema",
    "\nCopyright 2025 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
]
FILLERS = ["laut", "zudem", "jedoch", "etwa", "bereits", "also", "however", "reportedly",
           "the", "and", "der", "die", "und"]


def load_originals(min_words: int = 80) -> list[tuple[str, str, str]]:
    """(id, lang, text) of the 10kGNAD and Wikinews articles with at least ``min_words``."""
    csv.field_size_limit(1 << 30)
    out = []
    with open(SHARED / "data" / "10kgnad" / "test_part_a.csv", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
            if len(row[-1].split()) >= min_words:
                out.append((f"gnad{i}", "de", row[-1]))
    for year in (2019, 2020):
        path = SHARED / "data" / "wikinews-en-sample" / f"wikinews_{year}.csv"
        with open(path, encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if len(row["text"].split()) >= min_words:
                    out.append((f"wn{year}-{i}", "en", row["text"]))
    return out


def rewrap(text: str, rng: random.Random) -> str:
    words = text.split()
    rate = rng.uniform(0.01, 0.10)
    for i in rng.sample(range(len(words)), int(len(words) * rate)):
        op = rng.random()
        if op < 0.4:
            words[i] = rng.choice(FILLERS)
        elif op < 0.7:
            words[i] = ""
        else:
            words[i] = words[i] + " " + rng.choice(FILLERS)
    body = " ".join(w for w in words if w)
    if rng.random() < 0.6:
        keep = rng.uniform(0.5, 1.0)
        body = body[: int(len(body) * keep)]
    return rng.choice(HEADERS) + body + rng.choice(FOOTERS)


def planted_set(seed: int, n_copied: int, max_copies: int):
    rng = random.Random(seed)
    originals = load_originals()
    rng.shuffle(originals)
    items = []  # (item id, story id, lang, text)
    for k, (oid, lang, text) in enumerate(originals):
        items.append((oid, oid, lang, text))
        if k < n_copied:
            for c in range(rng.randint(1, max_copies)):
                items.append((f"{oid}~{c}", oid, lang, rewrap(text, rng)))
    rng.shuffle(items)
    return items, len(originals)


def pair_scores(pred: dict[str, str], truth: dict[str, str]) -> tuple[float, float, int, int]:
    """Pairwise precision/recall of a grouping against the true stories."""
    from collections import Counter
    from math import comb

    both = Counter((pred[i], truth[i]) for i in truth)
    tp = sum(comb(n, 2) for n in both.values())
    pred_pairs = sum(comb(n, 2) for n in Counter(pred.values()).values())
    true_pairs = sum(comb(n, 2) for n in Counter(truth.values()).values())
    return (tp / pred_pairs if pred_pairs else 1.0, tp / true_pairs if true_pairs else 1.0,
            pred_pairs, true_pairs)


def bench_dedup(args) -> list[str]:
    from newsgraph.corpus import dedup

    items, n_orig = planted_set(args.seed, args.copied, 3)
    idx = dedup.NearDuplicateIndex()
    group: dict[str, str] = {}
    t0 = time.perf_counter()
    for iid, _, _, text in items:
        sig = dedup.signature(text)
        matches = idx.query(sig)
        group[iid] = group[matches[0][0]] if matches else iid
        idx.add(iid, sig)
    secs = time.perf_counter() - t0
    truth = {iid: story for iid, story, _, _ in items}
    p, r, npred, ntrue = pair_scores(group, truth)
    n_copies = len(items) - n_orig
    lines = [
        f"Planted set: {n_orig} originals (10kGNAD de + Wikinews en, ≥ 80 words), "
        f"{n_copies} re-wrapped copies of {args.copied} of them (1–3 each), shuffled; seed "
        f"{args.seed}. Each item queries the LSH index, joins its best verified match's group, "
        "then is added (as the store writer does). Pairwise scores over same-story pairs.", "",
        "| shingles | num_perm | LSH threshold | match threshold | precision | recall | "
        "predicted pairs | true pairs | items/s |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {dedup.SHINGLE_WORDS} words | {dedup.NUM_PERM} | {dedup.LSH_THRESHOLD} | "
        f"{dedup.MATCH_THRESHOLD} | **{p:.4f}** | **{r:.4f}** | {npred} | {ntrue} | "
        f"{len(items) / secs:.0f} |",
        "", "Target: recall ≥ 0.95 at precision ≥ 0.99.",
    ]
    return lines


def bench_cluster(args) -> list[str]:
    from newsgraph.corpus.cluster import StoryClusterer
    from newsgraph.schema import Article

    items, n_orig = planted_set(args.seed + 1, args.copied, 3)
    rng = random.Random(args.seed)
    day0 = date(2025, 8, 1)
    story_day = {}
    clusterer = StoryClusterer({}, 0, [], 1)
    pred, truth = {}, {}
    for iid, story, lang, text in items:
        d = story_day.setdefault(story, day0 + timedelta(days=rng.randint(0, 60)))
        d = d + timedelta(days=rng.randint(0, 1))
        art = Article(id=iid, text=text, language=lang, published=d)
        pred[iid] = clusterer.assign(art, d)  # no forcing: TF-IDF terms alone
        truth[iid] = story
    p, r, npred, ntrue = pair_scores(pred, truth)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return [
        f"Same planted set (seed {args.seed + 1}), each story given a random day in a 60-day "
        "window (copies within a day of it); articles carry text only (no entities/events), so "
        "this measures the TF-IDF part; in the store, near-duplicates also join their "
        "canonical's cluster directly.", "",
        "| clusters | stories | pairwise precision | pairwise recall | F1 |",
        "|---|---|---|---|---|",
        f"| {len(set(pred.values()))} | {len(set(truth.values()))} | {p:.3f} | {r:.3f} | "
        f"{f1:.3f} |",
    ]


def bench_ingest(args) -> list[str]:
    from newsgraph.analyze import analyze_articles
    from newsgraph.corpus.ingest import ingest
    from newsgraph.ingest.prepare import prepare
    from newsgraph.nlp.pipeline import load_pipeline
    from newsgraph.store import Corpus

    originals = load_originals()
    rng = random.Random(args.seed)
    rng.shuffle(originals)
    chosen = originals[: args.ingest_articles]
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    src = tmp / "articles.jsonl"
    import json

    src.write_text("\n".join(json.dumps({"text": t, "language": lang, "url":
                                         f"https://bench.example/{oid}"})
                             for oid, lang, t in chosen), encoding="utf-8")
    words = sum(len(t.split()) for _, _, t in chosen)
    db = tmp / "ingest.duckdb"
    summary = ingest([str(src)], db=db, workers=args.workers, progress=False)
    rerun = ingest([str(src)], db=db, workers=args.workers, progress=False)
    size = sum(f.stat().st_size for f in tmp.rglob("*") if f.is_file() and f != src)
    with Corpus(db, read_only=True) as c:
        stats = c.stats()
    # baseline: bare spaCy pipelines over the same cleaned texts, one process
    prepared = [prepare(t, origin=oid, language=lang) for oid, lang, t in chosen]
    for lang in ("de", "en"):
        load_pipeline(lang, bare=True)
    t0 = time.perf_counter()
    for lang in ("de", "en"):
        nlp = load_pipeline(lang, bare=True)
        for _ in nlp.pipe([a.text for a in prepared if a.language == lang], batch_size=16):
            pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_full = sum(1 for _ in analyze_articles(prepared[: min(60, len(prepared))]))
    full_one = (time.perf_counter() - t0) / n_full * len(prepared)
    shutil.rmtree(tmp)
    return [
        f"{len(chosen)} news articles (10kGNAD + Wikinews, ≥ 80 words, {words / len(chosen):.0f} "
        f"words on average) as one JSONL file; `ingest(workers={args.workers})` with the full "
        "analysis into a fresh store; time includes process start and pipeline loading in each "
        "worker. Re-run of the same ingest afterwards.", "",
        "| run | ingested | duplicates | failed | seconds | articles/s |",
        "|---|---|---|---|---|---|",
        f"| first | {summary.ingested} | {summary.duplicates} | {summary.failed} | "
        f"{summary.seconds:.1f} | **{summary.rate:.1f}** |",
        f"| re-run | {rerun.ingested} | {rerun.duplicates} | {rerun.failed} | "
        f"{rerun.seconds:.1f} | {rerun.rate:.1f} |", "",
        f"Same process, same cleaned texts: bare spaCy pipelines (`load_pipeline(lang, "
        f"bare=True)`) {len(prepared) / bare:.1f} articles/s; full newsgraph analysis in one "
        f"process (first {n_full} articles, extrapolated) {len(prepared) / full_one:.1f} "
        f"articles/s → ratio full/bare **{full_one / bare:.1f}×** time. Target ≥ 50 articles/s.",
        "",
        f"Analysed store: {stats['articles']} articles, {stats['entities']} entities, "
        f"{stats['mentions']} mentions, {stats['events']} events, {stats['quotes']} quotes → "
        f"**{size / 1e6 / max(stats['articles'], 1) * 1000:.1f} MB per 1,000 articles** "
        "(DuckDB file + search index).",
    ]


def synthetic_articles(n: int, seed: int):
    """Articles of random words drawn with the originals' word frequencies (per language), so
    term statistics are realistic but no two articles share passages (reshuffled sentences
    would make every article a partial copy of hundreds of others)."""
    import numpy as np
    from collections import Counter

    from newsgraph.schema import Article

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    vocab = {}
    for lang in ("de", "en"):
        counts = Counter(w for _, l, t in load_originals(min_words=40) if l == lang
                         for w in re.findall(r"\w+", t))
        words = np.array(list(counts))
        p = np.array(list(counts.values()), dtype=float)
        vocab[lang] = (words, p / p.sum())
    start = datetime(2019, 1, 1, tzinfo=timezone.utc)
    for i in range(n):
        lang = "de" if rng.random() < 0.6 else "en"
        words, p = vocab[lang]
        toks = nrng.choice(words, size=rng.randint(150, 600), p=p)
        sents = [" ".join(toks[j:j + 15]).capitalize() + "." for j in range(0, len(toks), 15)]
        body = " ".join(sents)
        yield Article(
            id=hashlib.sha256(body.encode()).hexdigest()[:20], text=body, language=lang,
            title=" ".join(toks[:8]).capitalize(), source=f"outlet{rng.randint(1, 200)}",
            url=f"https://synthetic.example/{i}",
            published=start + timedelta(minutes=rng.randint(0, 6 * 365 * 24 * 60)),
        )


def bench_search(args) -> list[str]:
    from newsgraph.store import Corpus

    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    db = tmp / "big.duckdb"
    t0 = time.perf_counter()
    batch = []
    with Corpus(db) as c:
        for art in synthetic_articles(args.search_articles, args.seed):
            batch.append(art)
            if len(batch) == 1000:
                c.add(batch)
                batch = []
                done = c.stats()["articles"] if args.verbose else None
                if args.verbose:
                    print(f"  {done} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        if batch:
            c.add(batch)
    build = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in tmp.rglob("*") if f.is_file())
    rng = random.Random(args.seed)
    vocab = {"de": ["Sanktion", "Regierung", "Polizei", "Wahl", "Euro", "Spiel", "Bundesliga",
                    "Flüchtlinge", "Gericht", "Unternehmen", "Wien", "Kanzler", "Studie"],
             "en": ["election", "police", "government", "storm", "court", "president",
                    "sanction", "football", "scientists", "earthquake", "minister"]}
    queries = []
    for _ in range(args.queries):
        lang = rng.choice(["de", "en"])
        words = rng.sample(vocab[lang], rng.choice([1, 1, 2]))
        q = " ".join(words) if rng.random() < 0.7 else f'"{words[0]}"'
        kw = {}
        r = rng.random()
        if r < 0.25:
            kw["lang"] = lang
        elif r < 0.5:
            y = rng.randint(2019, 2024)
            kw["since"], kw["until"] = f"{y}-01-01", f"{y}-06-30"
        queries.append((q, kw))
    lat, totals = [], []
    with Corpus(db, read_only=True) as c:
        c.search("Regierung")  # warm-up
        for q, kw in queries:
            t = time.perf_counter()
            res = c.search(q, limit=10, **kw)
            _ = [h.snippet for h in res.hits]  # snippets are made lazily: include them
            lat.append((time.perf_counter() - t) * 1000)
            totals.append(res.total)
    shutil.rmtree(tmp)
    lat.sort()
    p50 = statistics.median(lat)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    return [
        f"{args.search_articles:,} synthetic articles (150–600 random words drawn with the "
        "originals' word frequencies, 60 % German, dates 2019–2025) written through the store writer (dedup, clusters, index; "
        f"no NLP) in batches of 1,000: {build:.0f} s ({args.search_articles / build:.0f} "
        f"articles/s). {len(queries)} queries (1–2 words or a phrase; a quarter with a language "
        "filter, a quarter with a date range), top 10 with snippets and store metadata, "
        "read-only store.", "",
        "| articles | p50 ms | p95 ms | max ms | median hits | store MB per 1,000 articles |",
        "|---|---|---|---|---|---|",
        f"| {args.search_articles:,} | **{p50:.1f}** | **{p95:.1f}** | {lat[-1]:.1f} | "
        f"{statistics.median(totals):.0f} | {size / 1e6 / args.search_articles * 1000:.1f} |",
        "", "Target: p95 < 50 ms.",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parts", default="dedup,cluster,ingest,search")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copied", type=int, default=300, help="originals that get copies")
    ap.add_argument("--ingest-articles", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--search-articles", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    parts = args.parts.split(",")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python benchmarks/bench_corpus.py " + " ".join(sys.argv[1:])
    out = [f"### Corpus (issue 9) — {now}", "",
           f"Command: `{cmd.strip()}` · {platform.machine()}, {os.cpu_count()} cores shared with "
           f"other jobs (load average {os.getloadavg()[0]:.1f} at start), Python "
           f"{platform.python_version()}", ""]
    sections = {"dedup": ("Syndicated-copy dedup (MinHash LSH)", bench_dedup),
                "cluster": ("Story clusters", bench_cluster),
                "ingest": ("Batch ingest throughput and store size", bench_ingest),
                "search": ("Search latency and store size", bench_search)}
    for part in parts:
        title, fn = sections[part]
        out += [f"**{title}**", "", *fn(args), ""]
    publish(out, append=not args.no_append)


if __name__ == "__main__":
    main()
