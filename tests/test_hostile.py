"""Hostile input (issue 12): each file gives its documented error or is processed within bounds,
and in a batch the good items are still stored."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
spec = importlib.util.spec_from_file_location("hostile_gen", HERE / "data" / "hostile" / "generate.py")
hostile_gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hostile_gen)

CASES = hostile_gen.cases(large=False)
LARGE = ["nested-divs.html", "huge-60mb.html"]
TIME_BOUND_S = 10.0
RSS_BOUND_MB = 1024
#: Runs its arguments as one child and reports that child's peak RSS as the last stderr line
#: (RUSAGE_CHILDREN of the test process would include every earlier test's children).
_MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "print(f'maxrss_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr); "
            "sys.exit(r.returncode)")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    return out, hostile_gen.generate(out, large=True)


@pytest.fixture(scope="module")
def startup_s(tmp_path_factory):
    """Wall time of analysing a small good article: interpreter + model load, the fixed cost."""
    f = tmp_path_factory.mktemp("base") / "good.txt"
    f.write_text(hostile_gen.GOOD_EN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "analyze", str(f), "-f", "jsonl"],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return time.perf_counter() - t0


@pytest.mark.parametrize("name", sorted([n for n, (_, e) in CASES.items() if e != "batch"]) + LARGE)
def test_cli_analyze_hostile(name, corpus, startup_s):
    outdir, expectations = corpus
    expect = expectations[name]
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "newsgraph", "analyze",
                           str(outdir / name), "-f", "jsonl"], capture_output=True, timeout=300)
    elapsed = time.perf_counter() - t0
    *lines, rss_line = proc.stderr.decode().rstrip("\n").split("\n")
    err = "\n".join(lines)
    assert "Traceback" not in err, err
    assert elapsed - startup_s <= TIME_BOUND_S, f"{name}: {elapsed:.1f} s (startup {startup_s:.1f} s)"
    rss_mb = int(rss_line.removeprefix("maxrss_kb=")) / 1024
    assert rss_mb <= RSS_BOUND_MB, f"{name}: {rss_mb:.0f} MB resident"
    if expect.startswith("E"):
        assert proc.returncode == 2 and expect in err and name in err and len(err.strip().splitlines()) == 1
        return
    if expect == "ok":
        assert proc.returncode == 0, err
        art = json.loads(proc.stdout)
        assert art["text"].strip()
        assert not any(ch in art["text"] for ch in "\x00\u202e\u2066")
        if name == "script.html":
            assert "alert(1)" not in art["text"] and "onerror" not in art["text"]
        return
    assert proc.returncode in (0, 2), err  # bounded: an answer either way, quickly
    if proc.returncode == 2:
        assert len(err.strip().splitlines()) == 1 and "E0" in err
    assert "root:" not in proc.stdout.decode()  # no external entity was resolved


def test_batch_keeps_good_items(corpus, tmp_path):
    from newsgraph.corpus.ingest import ingest
    from newsgraph.store import Corpus

    outdir, expectations = corpus
    small = tmp_path / "batch"
    small.mkdir()
    for name, exp in expectations.items():
        if name not in LARGE or name == "huge-60mb.html":
            (small / name).write_bytes((outdir / name).read_bytes())
    (small / "good-de.txt").write_text(hostile_gen.GOOD_DE)
    db = tmp_path / "hostile.duckdb"
    summary = ingest([str(small)], db=db, workers=1, progress=False)
    errors_expected = sum(1 for n, e in expectations.items() if e.startswith("E") and (small / n).exists())
    assert summary.failed >= errors_expected + 2  # + the broken JSONL line and the cut WARC record
    with Corpus(db, read_only=True, search_index=False) as c:
        urls = {r[0] for r in c.cursor().execute("SELECT url FROM articles").fetchall()}
        n_errors = c.cursor().execute("SELECT count(*) FROM errors").fetchone()[0]
        texts = [r[0] for r in c.cursor().execute("SELECT text FROM articles").fetchall()]
    assert {"https://example.org/de", "https://example.org/en", "https://example.org/story-0"} <= urls
    assert n_errors == summary.failed
    assert any("Cem Özdemir" in t for t in texts)
    assert not any("root:" in t for t in texts)
