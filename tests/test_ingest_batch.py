"""Batch ingest end to end: source kinds, bad items inside a good batch, idempotent re-runs,
worker processes, and hand-off to a running server when it holds the store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time

import pytest

from newsgraph.corpus.ingest import ingest
from newsgraph.corpus.sources import expand
from newsgraph.errors import StoreLockedError
from newsgraph.store import Corpus

pytest.importorskip("duckdb")

DE = ("Die Bundesregierung hat am Dienstag in Berlin ein neues Gesetz zur Förderung der "
      "Windenergie beschlossen. Wirtschaftsminister Robert Habeck sagte, der Ausbau müsse "
      "schneller gehen. Kritik kam von der Opposition.")
EN = ("Flooding in the south of the country forced thousands of residents to leave their "
      "homes on Sunday, officials said. Rescue teams were sent to the worst-hit villages.")

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Testfeed</title><link>https://feed.example/</link>
<item><title>Windkraft</title><link>https://feed.example/wind</link>
<pubDate>Tue, 19 Aug 2025 08:00:00 GMT</pubDate>
<description><![CDATA[<p>{de}</p>]]></description></item>
<item><title>Floods</title><link>https://feed.example/floods</link>
<pubDate>Sun, 17 Aug 2025 10:00:00 GMT</pubDate><description>{en}</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atomfeed</title>
<entry><title>Eintrag</title><link href="https://atom.example/1"/>
<updated>2025-08-20T12:00:00Z</updated>
<content type="html">&lt;p&gt;Der Stadtrat von Hamburg hat am Mittwoch den Haushalt für das kommende Jahr verabschiedet. Die Opposition stimmte dagegen.&lt;/p&gt;</content></entry>
</feed>"""


def make_batch(root, anchorage_html, shared):
    """A directory with every source kind and some bad items among good ones."""
    (root / "sub").mkdir(parents=True)
    (root / "de.txt").write_text(DE, encoding="utf-8")
    (root / "README.md").write_text("# About this folder\nNot an article.", encoding="utf-8")
    (root / "sub" / "anchorage.html").write_bytes(anchorage_html.read_bytes())
    (root / "empty.txt").write_text("   \n", encoding="utf-8")  # bad: empty
    (root / "blob.bin").write_bytes(bytes(range(256)) * 40)  # bad: binary
    (root / "feed.rss").write_text(RSS.format(de=DE.replace("Windenergie", "Solarenergie"),
                                              en=EN), encoding="utf-8")
    (root / "atom.xml").write_text(ATOM, encoding="utf-8")
    lines = [
        json.dumps({"text": EN.replace("south", "north"), "url": "https://j.example/1",
                    "published": "2025-08-18", "source": "J"}),
        "{not json",  # bad: malformed line
        json.dumps({"title": "no body"}),  # bad: no text
        json.dumps({"html": "<html><body><article><p>" + DE.replace("Berlin", "Bonn") +
                    "</p></article></body></html>", "url": "https://j.example/2"}),
    ]
    (root / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "list.json").write_text(json.dumps([{"content": EN.replace("Sunday", "Monday")}]),
                                    encoding="utf-8")
    with open(shared / "data" / "wikinews-en-sample" / "wikinews_2019.csv",
              encoding="utf-8") as fh:
        rows = [r for _, r in zip(range(3), csv.DictReader(fh))]
    with open(root / "wikinews.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["url", "date", "title", "text"])
        w.writeheader()
        w.writerows(rows)
    gnad = (shared / "data" / "10kgnad" / "test_part_a.csv").read_text(encoding="utf-8")
    (root / "gnad.csv").write_text("\n".join(gnad.splitlines()[:3]) + "\n", encoding="utf-8")
    return root


def _warc(path, html: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body in [
            ("https://warc.example/a", "text/html; charset=utf-8", html),
            ("https://warc.example/style.css", "text/css", b"body{}"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers))


def test_every_source_kind_expands(tmp_path, anchorage_html, shared):
    root = make_batch(tmp_path / "in", anchorage_html, shared)
    items = list(expand(str(root)))
    origins = [i.origin for i in items]
    assert sum(o.endswith(("wikinews.csv#1", "wikinews.csv#2", "wikinews.csv#3"))
               for o in origins) == 3
    gnad = [i for i in items if "gnad.csv" in i.origin]
    assert len(gnad) == 3 and not gnad[0].data.startswith(("Wirtschaft;", "'"))
    feed = [i for i in items if "feed.rss" in i.origin]
    assert [i.url for i in feed] == ["https://feed.example/wind", "https://feed.example/floods"]
    assert feed[0].source == "Testfeed" and feed[0].published.startswith("2025-08-19")
    errors = {i.origin.rsplit("/", 1)[-1]: i.error[0] for i in items if i.error}
    assert errors == {"records.jsonl:2": "E013", "records.jsonl:3": "E002"}
    warc = tmp_path / "crawl.warc.gz"
    _warc(warc, anchorage_html.read_bytes())
    witems = list(expand(str(warc)))
    assert [i.url for i in witems if not i.skipped] == ["https://warc.example/a"]
    assert witems[0].is_html and witems[1].skipped == "not HTML (text/css)"
    assert not any(o.endswith("README.md") for o in origins)  # dataset docs are skipped
    globbed = list(expand(str(root / "**" / "*.html")))
    assert len(globbed) == 1


def test_bad_items_inside_a_good_batch_and_idempotent_rerun(tmp_path, anchorage_html, shared):
    root = make_batch(tmp_path / "in", anchorage_html, shared)
    db = tmp_path / "b.duckdb"
    _warc(root / "crawl.warc.gz", anchorage_html.read_bytes().replace(b"Kiew", b"Kyjiw"))
    first = ingest([str(root)], db=db, workers=1, progress=False)
    assert first.failed == 4, first.render()
    assert first.skipped == 1 and first.skip_reasons == {"not HTML": 1}
    codes = {k.split(":")[0] for k in first.failure_reasons}
    assert codes == {"E002", "E003", "E013"}
    assert first.ingested >= 11
    with Corpus(db, read_only=True) as c:
        stats = c.stats()
        errors = c.errors()
    assert stats["articles"] == first.ingested
    assert len(errors) == 4 and {e["code"] for e in errors} == codes
    assert any(e["origin"].endswith("empty.txt") for e in errors)

    second = ingest([str(root)], db=db, workers=1, progress=False)
    assert second.ingested == 0
    assert second.duplicates == first.ingested + first.duplicates
    with Corpus(db) as c:
        again = c.stats()
    assert second.failed == first.failed  # reported again …
    assert again == stats  # … but nothing is added to the store, errors included


def test_worker_processes_and_stdin(tmp_path, shared, monkeypatch):
    db = tmp_path / "w.duckdb"
    src = shared / "data" / "wikinews-en-sample" / "wikinews_2019.csv"
    with open(src, encoding="utf-8") as fh:
        rows = [r for _, r in zip(range(12), csv.DictReader(fh))]
    path = tmp_path / "part.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    summary = ingest([str(path)], db=db, workers=2, progress=False)
    assert summary.ingested == 12 and summary.failed == 0
    stdin = io.TextIOWrapper(io.BytesIO(DE.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert ingest(["-"], db=db, workers=1, progress=False).ingested == 1
    with Corpus(db) as c:
        assert c.stats()["articles"] == 13
        assert c.search("Windenergie").hits[0].id


def test_locked_store_without_server_is_a_clear_error(tmp_path, store_held_elsewhere):
    db = tmp_path / "l.duckdb"
    Corpus(db).close()
    (tmp_path / "a.txt").write_text(DE, encoding="utf-8")
    with store_held_elsewhere(db):
        with pytest.raises(StoreLockedError) as err:
            ingest([str(tmp_path / "a.txt")], db=db, workers=1, progress=False)
        assert err.value.code == "E051"


def test_ingest_hands_batches_to_a_running_server(tmp_path):
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    from newsgraph.api.sidecar import read_sidecar

    db = tmp_path / "srv.duckdb"
    (tmp_path / "a.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-c", "from newsgraph.api.server import serve; import sys; "
         f"serve({str(db)!r}, '127.0.0.1', 0, token='t0ken', log_level='warning')"],
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while read_sidecar(db) is None:
            assert server.poll() is None, server.stderr.read()
            assert time.time() < deadline, "server did not start"
            time.sleep(0.2)
        summary = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                          str(tmp_path / "missing.txt")], db=db, workers=1, progress=False)
        assert summary.via.startswith("http://127.0.0.1:")
        assert summary.ingested == 2 and summary.failed == 1
        again = ingest([str(tmp_path / "a.txt")], db=db, workers=1, progress=False)
        assert again.ingested == 0 and again.duplicates == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
    with Corpus(db) as c:
        assert c.stats()["articles"] == 2


def test_feed_with_fetch_follows_links(tmp_path, anchorage_html, monkeypatch):
    """A feed URL with --fetch: the entries' linked pages are downloaded and analysed."""
    import functools
    import http.server
    import threading

    site = tmp_path / "site"
    site.mkdir()
    (site / "article.html").write_bytes(anchorage_html.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = httpd.server_address[1]
    (site / "feed.xml").write_text(
        RSS.replace("https://feed.example/wind", f"http://127.0.0.1:{port}/article.html")
           .replace("https://feed.example/floods", f"http://127.0.0.1:{port}/missing.html")
           .format(de="x", en="y"), encoding="utf-8")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("NEWSGRAPH_ALLOW_PRIVATE", "1")
    try:
        db = tmp_path / "f.duckdb"
        summary = ingest([f"http://127.0.0.1:{port}/feed.xml"], db=db, fetch=True, workers=1,
                         progress=False)
    finally:
        httpd.shutdown()
    assert summary.ingested == 1 and summary.failed == 1, summary.render()
    assert any(k.startswith("E011") for k in summary.failure_reasons)  # HTTP 404
    with Corpus(db) as c:
        page = c.list_articles()
        assert page["items"][0]["url"] == f"http://127.0.0.1:{port}/article.html"
        assert page["items"][0]["title"] == "Windkraft"  # the feed's metadata is kept
        assert c.search("Sanktion").total == 1


def test_bundled_sample_corpus(tmp_path):
    from newsgraph.corpus.sample import sample_sources

    paths = sample_sources()
    names = sorted(p.rsplit("/", 1)[-1] for p in paths)
    assert names == ["anchorage-summit.jsonl", "wikinews-en-2019-2020.jsonl.gz"]
    wiki = [i for i in expand(paths[1]) if not i.error]
    assert len(wiki) == 295 and all(i.source == "Wikinews" and i.language == "en" for i in wiki)
    db = tmp_path / "sample.duckdb"
    summary = ingest([paths[0]], db=db, workers=1, progress=False)
    assert summary.ingested == 2 and summary.near_duplicates == 1  # the aggregator's copy
    with Corpus(db) as c:
        (group,) = c.duplicate_groups()
        assert group["sources"] == 2
        assert group["canonical_id"] == next(
            m["id"] for m in group["members"] if m["source"] == "Weltblick Nachrichten")
