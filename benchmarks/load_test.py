"""Reads under write load (issue 12): N concurrent clients against a real `newsgraph serve` on
127.0.0.1 while `newsgraph ingest` in another process hands batches to the same server, and a
second writer process is turned away with a clear message.

    python benchmarks/load_test.py [--clients 50] [--seconds 30] [--articles 100] [--no-append]

A short version runs in CI (tests/test_load.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/api/articles?limit=20", "/api/search?q=Putin", "/api/stats", "/api/entities?limit=20",
         "/api/events?limit=20", "/api/search?q=Sanktion", "/api/places"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsgraph", *args]


async def _client(base: str, deadline: float, latencies: list[float], errors: list[str], idx: int):
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30.0, trust_env=False) as http:
        i = idx
        while time.perf_counter() < deadline:
            path = PATHS[i % len(PATHS)]
            i += 1
            t0 = time.perf_counter()
            try:
                resp = await http.get(path)
                if resp.status_code != 200:
                    errors.append(f"{path}: HTTP {resp.status_code} {resp.text[:120]}")
                else:
                    resp.json()
            except Exception as exc:  # every failure counts, whatever it is
                errors.append(f"{path}: {type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - t0)


def run(clients: int, seconds: float, articles: int, workdir: Path | None = None,
        base_articles: int | None = None) -> dict:
    """``base_articles=None`` builds the store from the bundled sample corpus, else from that many
    generated articles (faster, for CI)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from crash_test import build_corpus

    work = Path(workdir or tempfile.mkdtemp(prefix="newsgraph-load-"))
    db = work / "store.duckdb"
    if base_articles is None:
        base_src = ["--sample"]
    else:
        base_src = [str(build_corpus(work / "base.jsonl", base_articles))]
    subprocess.run(_cli("ingest", *base_src, "--db", str(db), "--no-progress", "--workers", "1"),
                   check=True, capture_output=True)
    corpus = build_corpus(work / "more.jsonl", (base_articles or 0) + articles)
    port = _free_port()
    server = subprocess.Popen(_cli("serve", "--db", str(db), "--port", str(port)),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/api/health", timeout=1.0, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not start: " + server.stdout.read1().decode()[-2000:])
        second = subprocess.run(_cli("export", "--db", str(db), "-f", "jsonl", "-o", str(work / "x.jsonl")),
                                capture_output=True, text=True, timeout=120)
        writer = subprocess.Popen(_cli("ingest", str(corpus), "--db", str(db), "--no-progress", "--json"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        latencies: list[float] = []
        errors: list[str] = []
        deadline = time.perf_counter() + seconds

        async def main():
            await asyncio.gather(*(_client(base, deadline, latencies, errors, i) for i in range(clients)))

        asyncio.run(main())
        out, err = writer.communicate(timeout=1800)
        ingest_summary = json.loads(out) if writer.returncode == 0 else {"error": err[-500:]}
        stats = httpx.get(base + "/api/stats", timeout=30, trust_env=False).json()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    latencies.sort()
    n = len(latencies)
    pct = lambda q: latencies[min(n - 1, int(q * n))] * 1000 if n else float("nan")  # noqa: E731
    return {
        "clients": clients, "seconds": seconds, "requests": n, "errors": len(errors),
        "error_samples": errors[:5], "rps": n / seconds, "p50_ms": pct(0.50), "p95_ms": pct(0.95),
        "p99_ms": pct(0.99), "ingest": ingest_summary, "ingest_rc": writer.returncode,
        "second_writer_rc": second.returncode, "second_writer_message": second.stderr.strip(),
        "stats": stats, "sidecar_removed": not Path(str(db.resolve()) + ".server.json").exists(),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    res = run(args.clients, args.seconds, args.articles)
    print(json.dumps(res, indent=2, default=str))
    if not args.no_append:
        from common import append_results, machine, stamp

        ing = res["ingest"]
        append_results("\n".join([
            f"### API reads under concurrent ingest — {stamp()}", "",
            f"Command: `python benchmarks/load_test.py --clients {args.clients} --seconds {args.seconds:g} "
            f"--articles {args.articles}` · {machine()} · server and ingest on the same 2 cores", "",
            f"- {res['requests']:,} reads from {args.clients} concurrent clients in {args.seconds:g} s "
            f"({res['rps']:.0f} req/s): **{res['errors']} errors**; latency p50 {res['p50_ms']:.0f} ms, "
            f"p95 {res['p95_ms']:.0f} ms, p99 {res['p99_ms']:.0f} ms",
            f"- meanwhile `newsgraph ingest` handed {ing.get('ingested', '?')} articles to the server "
            f"(exit {res['ingest_rc']}, via {ing.get('via', '?')})",
            f"- a second process opening the store for itself: exit {res['second_writer_rc']}, "
            f"`{res['second_writer_message'][:200]}`",
        ]))
    ok = res["errors"] == 0 and res["ingest_rc"] == 0 and res["second_writer_rc"] == 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
