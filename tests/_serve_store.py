"""A store for the API and browser tests, built once per test session from real analysed articles.

Source: the bundled sample corpus (``newsgraph.corpus.sample``: Wikinews + the reference article
and an aggregator's re-wrapped copy of it), a few German 10kGNAD articles, and one hostile
article whose title and text carry ``<script>``, ``<img onerror>`` and ``javascript:`` payloads.
Without the sample corpus the reference article, a copy of it and some Wikinews articles stand in.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
EXAMPLE_URL = "https://weltblick.example/2025/08/16/anchorage-putin-zeit"
EXAMPLE_TITLE = "Putin hat in Alaska Zeit gewonnen"
COPY_URL = "https://aggregator.example/politik/anchorage-gipfel-analyse"
XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> Kiew-Bericht'
XSS_TEXT = (
    'Die Regierung in Kiew teilte am Montag mit, dass <script>window.__xss=3</script> keine '
    'Gespräche geplant seien. <img src=x onerror="window.__xss=4"> Der Sprecher sagte: "Wir '
    'verhandeln nicht." Mehr unter <a href="javascript:window.__xss=5">diesem Link</a> und '
    'javascript:window.__xss=6 im Text. Der Minister reiste nach Berlin.'
)
XSS_URL = "https://evil.example/xss"


def _records(with_sample: bool) -> list[dict]:
    csv.field_size_limit(1 << 30)
    recs = [{"text": XSS_TEXT, "title": XSS_TITLE, "url": XSS_URL, "published": "2025-08-18",
             "source": "<b>Evil</b> Source", "language": "de"}]
    if not with_sample:
        text = (SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")
        recs += [
            {"text": text, "title": EXAMPLE_TITLE, "url": EXAMPLE_URL, "published": "2025-08-16",
             "source": "Weltblick Nachrichten", "language": "de"},
            {"text": text + "\n\nHaftungsausschluss: Dieser Beitrag wurde automatisch übernommen.",
             "title": EXAMPLE_TITLE, "url": COPY_URL, "published": "2025-08-16T18:05:00+02:00",
             "source": "Nachrichten-Aggregator", "language": "de"},
        ]
        with open(SHARED / "data" / "wikinews-en-sample" / "wikinews_2020.csv",
                  encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if i >= 8:
                    break
                recs.append({"text": row["text"], "title": row["title"], "url": row["url"],
                             "published": row["date"], "source": "Wikinews", "language": "en"})
    with open(SHARED / "data" / "10kgnad" / "test_part_a.csv", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
            if i >= 4:
                break
            recs.append({"text": row[1], "published": f"2025-08-{10 + i:02d}",
                         "source": "derStandard.at", "language": "de",
                         "url": f"https://derstandard.example/{i}"})
    return recs


def _sample_sources() -> list[str]:
    try:
        from newsgraph.corpus.sample import sample_sources
    except ImportError:
        return []
    return sample_sources()


def build_store(base: Path) -> Path:
    """Build (once per session directory) and return the path of the test store's database."""
    db = base / "serve-store" / "news.duckdb"
    done = db.parent / "DONE"
    if done.exists():
        return db
    db.parent.mkdir(parents=True, exist_ok=True)
    records = db.parent / "records.jsonl"
    sample = _sample_sources()
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                               for r in _records(bool(sample))))
    from newsgraph.corpus.ingest import ingest

    summary = ingest([*sample, str(records)], db=db, workers=2, progress=False)
    if summary.failed:
        raise RuntimeError(f"building the test store failed: {summary.to_dict()}")
    done.write_text(json.dumps(summary.to_dict()))
    return db


def copy_store(db: Path, dest_dir: Path) -> Path:
    """A private copy (database + search index): DuckDB lets one process hold a file."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / db.name
    shutil.copy2(db, dest)
    index = Path(str(db) + ".index")
    if index.exists():
        shutil.copytree(index, Path(str(dest) + ".index"), dirs_exist_ok=True)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``newsgraph.api.serve`` in a child process on 127.0.0.1 and a free port (via port=0 and
    the sidecar it writes)."""

    def __init__(self, db: Path, token: str | None = None, host: str = "127.0.0.1") -> None:
        self.db = db
        self.sidecar = Path(str(db.resolve()) + ".server.json")
        code = (f"from newsgraph.api import serve; serve({str(db)!r}, host={host!r}, port=0, "
                f"token={token!r}, log_level='warning')")
        self.proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not self.sidecar.exists():
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not start within 60 s")
            time.sleep(0.05)
        self.info = json.loads(self.sidecar.read_text())
        self.url = self.info["url"]
        import httpx

        while True:
            try:
                httpx.get(self.url + "/api/health", timeout=2, trust_env=False)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.05)

    def stop(self) -> str:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.stderr.read() if self.proc.stderr else ""
