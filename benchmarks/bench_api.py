"""API read throughput: requests/s and latency percentiles of the main read endpoints against a
real ``newsgraph serve`` (uvicorn, one process) on 127.0.0.1.

The load generator is a small asyncio HTTP/1.1 keep-alive client on raw sockets in this process
(uvloop when installed; about 0.1 ms of CPU per request, measured), so server and client share
the machine (2 cores here) — the numbers include that competition. Each endpoint is measured
twice: with the server's answer cache disabled (every request computes its answer from the
store, the search index and the server's data caches) and enabled (repeated requests are served
from the in-process JSON cache).

    python benchmarks/bench_api.py [--db STORE] [--seconds 5] [--concurrency 16]
        [--endpoints article,search] [--label TEXT]

``--label`` names the code under test in the table (e.g. to compare a server run from another
source tree with ``PYTHONPATH=OTHER/src``, same machine, same store, back to back).

Without ``--db`` it builds a store from the bundled sample corpus (or, until that exists, the
reference article plus Wikinews and 10kGNAD articles from ../shared). Appends a markdown table to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlparse

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
sys.path.insert(0, str(REPO / "benchmarks"))
from common import publish  # noqa: E402
SAMPLE_DIR = REPO / "src" / "newsgraph" / "resources" / "sample"
ENDPOINTS = {
    "article": "GET /api/articles/{id}",
    "search": "GET /api/search?q=…",
    "list": "GET /api/articles (list, 20)",
    "entity": "GET /api/entities/{id}",
    "events": "GET /api/events (50)",
}
SEARCH_TERMS = ["Putin", "Selenskyj", "Regierung", "Wien", "Trump", "Ukraine", "election",
                "government", "police", "Sanktionen", "Krieg", "president", "Österreich",
                "minister", "Kiew", "China", "Wirtschaft", "court", "Gewerkschaft", "health"]


def build_store(dest: Path, n_per_source: int = 60) -> Path:
    from newsgraph.corpus.ingest import ingest

    db = dest / "bench.duckdb"
    sources = []
    if SAMPLE_DIR.exists():
        from newsgraph.corpus.sample import sample_sources

        sources += sample_sources()
    else:
        csv.field_size_limit(1 << 30)
        recs = [{"text": (SHARED / "examples" / "anchorage-summit.de.txt").read_text(),
                 "published": "2025-08-16", "language": "de", "source": "Weltblick"}]
        with open(SHARED / "data" / "wikinews-en-sample" / "wikinews_2020.csv") as fh:
            for i, r in enumerate(csv.DictReader(fh)):
                if i >= n_per_source:
                    break
                recs.append({"text": r["text"], "title": r["title"], "url": r["url"],
                             "published": r["date"], "source": "Wikinews", "language": "en"})
        with open(SHARED / "data" / "10kgnad" / "test_part_a.csv") as fh:
            for i, r in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
                if i >= n_per_source:
                    break
                recs.append({"text": r[1], "source": "derStandard", "language": "de",
                             "published": f"2025-0{1 + i % 9}-{1 + i % 28:02d}"})
        path = dest / "records.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
        sources.append(str(path))
    ingest(sources, db=db, workers=2, progress=False)
    return db


class Server:
    def __init__(self, db: Path, cache: bool, src: Path | None = None) -> None:
        """``src``: run the server from another source tree (its ``src`` folder)."""
        self.sidecar = Path(str(db.resolve()) + ".server.json")
        code = (f"from newsgraph.api import serve; serve({str(db)!r}, port=0, "
                f"log_level='warning', cache_size={2048 if cache else 0})")
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(
                os.pathsep)
        self.proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env)
        deadline = time.monotonic() + 60
        while not self.sidecar.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        self.url = json.loads(self.sidecar.read_text())["url"]
        import httpx

        while True:
            try:
                httpx.get(self.url + "/api/health", trust_env=False)
                return
            except httpx.HTTPError:
                time.sleep(0.05)

    def stop(self) -> None:
        import signal

        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=30)


async def _worker(host: str, port: int, paths: list[str], start: int, stop_at: float,
                  lat: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.perf_counter() < stop_at:
            path = paths[i % len(paths)]
            i += 7
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def _one(host: str, port: int, path: str) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    await reader.read()
    writer.close()


def _run(coro):  # uvloop keeps the client's share of the 2 cores small
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


async def _load(url: str, paths: list[str], seconds: float, concurrency: int) -> dict:
    u = urlparse(url)
    lat: list[float] = []
    errors: list[int] = []
    # warm-up, not counted: every distinct path once (with the answer cache on, the timed run
    # then measures warm reads; off, it still measures every request's full query work)
    for k in range(len(paths)):
        await _one(u.hostname, u.port, paths[k])
    t0 = time.perf_counter()
    await asyncio.gather(*(_worker(u.hostname, u.port, paths, k, t0 + seconds, lat, errors)
                           for k in range(concurrency)))
    wall = time.perf_counter() - t0
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000  # noqa: E731
    return {"requests": len(lat), "rps": len(lat) / wall, "p50": q(0.50), "p95": q(0.95),
            "p99": q(0.99), "errors": len(errors)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="an existing store (copied; default: build one)")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--endpoints", default=",".join(ENDPOINTS),
                    help=f"comma-separated subset of {','.join(ENDPOINTS)}")
    ap.add_argument("--label", default="", help="names the code under test in the table")
    ap.add_argument("--baseline-src", type=Path,
                    help="also measure a server run from this source tree (e.g. the src folder "
                    "of `git worktree add /tmp/before <commit>`), back to back with this one")
    ap.add_argument("--no-append", action="store_true", help="do not append to RESULTS.md")
    args = ap.parse_args()
    wanted = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    if set(wanted) - set(ENDPOINTS):
        ap.error(f"unknown endpoint(s): {', '.join(sorted(set(wanted) - set(ENDPOINTS)))}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        if args.db:
            db = tmp / args.db.name
            shutil.copy2(args.db, db)
            if Path(str(args.db) + ".index").exists():
                shutil.copytree(str(args.db) + ".index", str(db) + ".index")
        else:
            db = build_store(tmp)
        rows = []
        load_before = os.getloadavg()[0]
        codes = [("before", args.baseline_src.resolve()), ("after", None)] \
            if args.baseline_src else [("", None)]
        for cache, (code, src) in [(c, k) for c in (False, True) for k in codes]:
            server = Server(db, cache, src)
            try:
                import httpx

                with httpx.Client(base_url=server.url, trust_env=False) as http:
                    stats = http.get("/api/stats").json()
                    ids = [a["id"] for a in http.get("/api/articles", params={"limit": 500})
                           .json()["items"]]
                    ents = [e["id"] for e in http.get("/api/entities", params={"limit": 50})
                            .json()["items"]]
                endpoints = {
                    "article": [f"/api/articles/{i}" for i in ids],
                    "search": [f"/api/search?q={quote(t)}&limit=20" for t in SEARCH_TERMS],
                    "list": ["/api/articles?limit=20", "/api/articles?limit=20&lang=de",
                             "/api/articles?limit=20&lang=en"],
                    "entity": [f"/api/entities/{quote(e, safe='')}" for e in ents[:20]]
                    or ["/api/entities"],
                    "events": ["/api/events?limit=50"],
                }
                for key in wanted:
                    name, paths = ENDPOINTS[key], endpoints[key]
                    r = _run(_load(server.url, paths, args.seconds, args.concurrency))
                    rows.append((name, code, "on" if cache else "off", r))
                    print(f"{name:32s} {code:6s} cache={'on ' if cache else 'off'} "
                          f"{r['rps']:8.0f} req/s  p50 {r['p50']:6.1f} ms  "
                          f"p95 {r['p95']:6.1f} ms  errors {r['errors']}", file=sys.stderr)
            finally:
                server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python benchmarks/bench_api.py " + " ".join(sys.argv[1:])
    label = f" — {args.label}" if args.label else ""
    table = [
        f"### API read throughput — {now}{label}", "",
        f"Command: `{cmd.strip()}` · store: {stats['articles']} articles, {stats['entities']} "
        f"entities, {stats['events']} events · {platform.machine()}, {os.cpu_count()} cores "
        f"(shared by server and load generator), Python {platform.python_version()} · one "
        f"uvicorn process, {args.concurrency} keep-alive connections from one raw-socket asyncio "
        f"client (uvloop) in the benchmark process, {args.seconds:g} s per row · "
        f"1-min load average before the run: {load_before:.1f} (other jobs share the machine) · "
        "cache off = every request computes its answer from DuckDB, tantivy and the server's "
        "data caches (documents, per-article facet rows, article relations; none keyed by "
        "request); on = warm answer cache",
        "",
        "| endpoint | answer cache | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    if args.baseline_src:
        table[-2:-2] = [f"before = server from `{args.baseline_src}`, after = this tree; each "
                        "pair measured back to back on the same store.", ""]
    for name, code, cache, r in sorted(rows, key=lambda row: (row[2], list(ENDPOINTS.values())
                                                              .index(row[0]), row[1] != "before")):
        label = f"{name} ({code})" if code else name
        table.append(f"| {label} | {cache} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                     f"{r['p99']:.1f} | {r['errors']} |")
    table.append("")
    publish(table, append=not args.no_append)


if __name__ == "__main__":
    main()
