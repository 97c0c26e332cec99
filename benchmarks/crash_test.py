"""Kill -9 an ingest at random moments, restart it, and check the store after every kill (issue 12).

After each kill: the database opens, no article is stored twice, every stored article has all its
annotation rows (the normalised tables agree with the stored Article JSON), and errors are not
duplicated. At the end the counts equal those of an uninterrupted run.

    python benchmarks/crash_test.py [--articles 500] [--kills 20] [--seed 7] [--no-append]

A short version runs in CI (tests/test_crash.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()


def build_corpus(path: Path, n: int) -> Path:
    """n articles as JSONL: Wikinews (en) and 10kGNAD (de) texts, cycled with a variant tag."""
    texts = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (SHARED / "data" / "wikinews-en-sample" / name).open(encoding="utf-8", newline="") as fh:
            texts += [(r["text"][:2500], r["url"]) for r in csv.DictReader(fh)]
    with (SHARED / "data" / "10kgnad" / "test_part_a.csv").open(encoding="utf-8", newline="") as fh:
        texts += [(t[:2500], None) for _, t in csv.reader(fh, delimiter=";", quotechar="'")]
    random.Random(0).shuffle(texts)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text, url = texts[i % len(texts)]
            round_ = i // len(texts)
            if round_:
                text = f"{text}\n(Fassung {round_})"
            out.write(json.dumps({"text": text, "url": f"{url}/v{round_}" if url else None,
                                  "origin": f"item-{i}"}) + "\n")
    # one broken line: errors must not be duplicated by restarts
    with path.open("a", encoding="utf-8") as out:
        out.write('{"text": "kaputt\n')
    return path


def ingest_cmd(corpus: Path, db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db),
            "--workers", str(workers), "--no-progress", "--json"]


def check_store(db: Path) -> dict[str, int]:
    """Open the store and verify its invariants; return its counts."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        n_articles, n_ids = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        assert n_articles == n_ids, f"{n_articles - n_ids} articles stored twice"
        rows = con.execute("""
            SELECT a.id,
                   json_array_length(a.doc->'$.entities') AS ents,
                   (SELECT count(DISTINCT e.entity_id) FROM entities e WHERE e.article_id = a.id) AS ent_rows,
                   json_array_length(a.doc->'$.quotes') AS quotes,
                   (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quote_rows,
                   json_array_length(a.doc->'$.events') AS events,
                   (SELECT count(*) FROM events v WHERE v.article_id = a.id) AS event_rows
            FROM articles a""").fetchall()
        for aid, ents, ent_rows, quotes, quote_rows, events, event_rows in rows:
            assert (ents or 0) == ent_rows, f"{aid}: {ents} entities in JSON, {ent_rows} stored"
            assert (quotes or 0) == quote_rows, f"{aid}: {quotes} quotes in JSON, {quote_rows} stored"
            assert (events or 0) <= event_rows or event_rows == 0 and not events, f"{aid}: events missing"
        n_errors, n_error_origins = con.execute(
            "SELECT count(*), count(DISTINCT origin) FROM errors").fetchone()
        assert n_errors == n_error_origins, "an error was recorded twice"
        counts = {
            "articles": n_articles,
            "mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0],
            "quotes": con.execute("SELECT count(*) FROM quotes").fetchone()[0],
            "events": con.execute("SELECT count(*) FROM events").fetchone()[0],
            "copies": con.execute("SELECT count(*) FROM copies").fetchone()[0],
            "errors": n_errors,
        }
    finally:
        con.close()
    return counts


def run(articles: int, kills: int, seed: int, workers: int = 1, workdir: Path | None = None) -> dict:
    rng = random.Random(seed)
    work = Path(workdir or tempfile.mkdtemp(prefix="newsgraph-crash-"))
    corpus = build_corpus(work / "corpus.jsonl", articles)
    ref_db, db = work / "reference.duckdb", work / "killed.duckdb"
    t0 = time.perf_counter()
    subprocess.run(ingest_cmd(corpus, ref_db, workers), check=True, capture_output=True)
    uninterrupted_s = time.perf_counter() - t0
    reference = check_store(ref_db)
    survived = 0
    # kill at random moments within the span an uninterrupted run takes
    for _ in range(kills):
        proc = subprocess.Popen(ingest_cmd(corpus, db, workers), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.5, max(1.0, uninterrupted_s / 3)))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if db.exists():
            check_store(db)
            survived += 1
    final = subprocess.run(ingest_cmd(corpus, db, workers), capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    counts = check_store(db)
    return {"articles": articles, "kills": kills, "survived_checks": survived, "reference": reference,
            "final": counts, "lost": reference["articles"] - counts["articles"],
            "equal": counts == reference, "uninterrupted_s": round(uninterrupted_s, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    res = run(args.articles, args.kills, args.seed, args.workers)
    print(json.dumps(res, indent=2))
    if not args.no_append:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from common import append_results, machine, stamp

        append_results("\n".join([
            f"### Crash test: kill -9 during ingest — {stamp()}",
            "",
            f"Command: `python benchmarks/crash_test.py --articles {args.articles} --kills {args.kills} "
            f"--seed {args.seed} --workers {args.workers}` · {machine()}",
            "",
            f"- {res['kills']} kills at random moments, store opened and checked after each: "
            f"{res['survived_checks']} checks passed",
            f"- final counts equal the uninterrupted run: **{res['equal']}** "
            f"({res['final']['articles']} articles, {res['final']['mentions']} mentions, "
            f"{res['final']['quotes']} quotes, {res['final']['events']} events, {res['final']['errors']} errors)",
            f"- articles lost: **{res['lost']}**; uninterrupted run took {res['uninterrupted_s']} s",
        ]))
    return 0 if res["equal"] and res["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
