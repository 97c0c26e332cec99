"""REST API: every endpoint through TestClient on a store built from real analysed articles, the
one JSON error shape, limits, token, CSP and offline docs — and the same against a real uvicorn
server on 127.0.0.1 (sidecar, ingest from another process)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from _serve_store import (  # noqa: E402
    COPY_URL, EXAMPLE_TITLE, EXAMPLE_URL, XSS_TITLE, Server, build_store, copy_store,
)
from newsgraph.api import create_app  # noqa: E402
from newsgraph.schema import Article  # noqa: E402

WEB = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "web"
ERROR_KEYS = {"ok", "error", "code", "status"}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = build_store(tmp_path_factory.getbasetemp())
    return copy_store(db, tmp_path_factory.mktemp("api-store"))


@pytest.fixture(scope="module")
def client(store):
    app = create_app(store)
    with TestClient(app) as c:
        yield c
    app.state.queries.close()


@pytest.fixture(scope="module")
def example_id(client) -> str:
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return next(i["id"] for i in items if i["url"] == EXAMPLE_URL)


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["ok"] is False and body["status"] == status
    assert re.fullmatch(r"E\d{3}", body["code"]) and body["error"].startswith(body["code"] + ": ")
    return body


# ---- read endpoints --------------------------------------------------------------------------
def test_health_and_stats(client):
    assert client.get("/api/health").json()["ok"] is True
    stats = client.get("/api/stats").json()
    listed = client.get("/api/articles", params={"limit": 1}).json()["total"]
    assert stats["articles"] == listed >= 12
    assert stats["languages"]["de"] >= 3 and stats["languages"]["en"] >= 8


def test_articles_filters_and_paging(client):
    page1 = client.get("/api/articles", params={"limit": 5}).json()
    page2 = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert len(page1["items"]) == 5 and page1["total"] == page2["total"]
    assert not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    en = client.get("/api/articles", params={"lang": "en", "limit": 100}).json()
    assert en["items"] and {i["language"] for i in en["items"]} == {"en"}
    aug = client.get("/api/articles", params={"since": "2025-08-16", "until": "2025-08-16"}).json()
    assert EXAMPLE_URL in {i["url"] for i in aug["items"]}
    assert all(i["day"] == "2025-08-16" for i in aug["items"])
    src = client.get("/api/articles", params={"source": "Wikinews"}).json()
    assert src["total"] >= 8 and {i["source"] for i in src["items"]} == {"Wikinews"}


def test_article_has_all_annotations(client, example_id):
    body = client.get(f"/api/articles/{example_id}").json()
    article = Article.model_validate(body["article"])
    assert article.title == EXAMPLE_TITLE and article.language == "de"
    assert "Selenskyj" in article.text
    for quote in article.quotes:
        assert article.text[quote.start:quote.end] == quote.text
    assert article.quotes, "the reference article has quotations"
    # the re-wrapped aggregator copy is recorded as a duplicate or a second sighting
    others = {d["url"] for d in body["duplicates"]} | {c["url"] for c in body["copies"]}
    assert COPY_URL in others


def test_search_snippets_and_facets(client):
    body = client.get("/api/search", params={"q": "Selenskyj"}).json()
    assert body["total"] >= 1
    hit = next(h for h in body["items"] if h["url"] == EXAMPLE_URL)
    snippet = hit["snippet"]
    assert snippet["highlights"]
    for start, end in snippet["highlights"]:
        assert snippet["text"][start:end].lower().startswith("selenskyj")
    assert "<b>" not in snippet["text"]
    assert {f["value"] for f in body["facets"]["language"]} >= {"de"}
    assert body["facets"]["month"]
    en_only = client.get("/api/search", params={"q": "Selenskyj", "lang": "en"}).json()
    assert EXAMPLE_URL not in {h["url"] for h in en_only["items"]}
    by_source = client.get("/api/search",
                           params={"q": "Selenskyj", "source": "Weltblick Nachrichten"}).json()
    assert by_source["items"] and {h["source"] for h in by_source["items"]} == {
        "Weltblick Nachrichten"}


def test_entities_and_entity_page(client):
    listed = client.get("/api/entities", params={"limit": 20}).json()
    assert listed["total"] >= len(listed["items"])
    if not listed["items"]:
        pytest.skip("the pipeline found no entities (entity component missing)")
    ent = listed["items"][0]
    body = client.get(f"/api/entities/{ent['id']}").json()
    assert body["entity"]["id"] == ent["id"]
    assert body["timeline"] and all("mentions" in r for r in body["timeline"])
    for key in ("quotes_by", "quotes_about", "cooccurring", "events_as_source", "events_as_target"):
        assert isinstance(body[key], list)
    assert {"nodes", "edges"} <= set(body["network"])
    assert_error(client.get("/api/entities/per:nobody-at-all"), 404)


def test_events_timeline_network_places(client):
    ev = client.get("/api/events", params={"limit": 10}).json()
    assert {"total", "items", "timeline", "facets"} <= set(ev)
    for e in ev["items"]:
        assert 1 <= e["quad_class"] <= 4
    if ev["items"]:
        root = ev["items"][0]["cameo_root"]
        only = client.get("/api/events", params={"cameo_root": root, "limit": 100}).json()
        assert {e["cameo_root"] for e in only["items"]} == {root}
    tl = client.get("/api/timeline", params={"interval": "month"}).json()
    assert sum(r["articles"] for r in tl["items"]) == client.get("/api/stats").json()["articles"]
    for kind in ("events", "cooccurrence"):
        net = client.get("/api/network", params={"kind": kind}).json()
        ids = {n["id"] for n in net["nodes"]}
        assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    places = client.get("/api/places")
    assert places.headers["content-type"].startswith("application/geo+json")
    geo = places.json()
    assert geo["type"] == "FeatureCollection"
    for f in geo["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and f["properties"]["articles"] >= 1


def test_duplicates_and_clusters(client):
    dups = client.get("/api/duplicates").json()["items"]
    clusters = client.get("/api/clusters").json()["items"]
    assert clusters and all(c["articles"] for c in clusters)
    for g in dups:
        assert g["size"] == len(g["members"]) >= 2


# ---- errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize("method,path,kwargs,status", [
    ("get", "/api/no-such-endpoint", {}, 404),
    ("get", "/nothing/here", {}, 404),
    ("get", "/api/articles/not-an-article", {}, 404),
    ("delete", "/api/articles", {}, 405),
    ("get", "/api/articles", {"params": {"limit": 0}}, 422),
    ("get", "/api/articles", {"params": {"since": "yesterday"}}, 422),
    ("get", "/api/articles", {"params": {"since": "2025-09-01", "until": "2025-01-01"}}, 400),
    ("get", "/api/events", {"params": {"quad_class": 7}}, 422),
    ("get", "/api/search", {}, 422),
    ("post", "/api/analyze", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("post", "/api/analyze", {"json": {}}, 422),
    ("post", "/api/analyze", {"json": {"text": "a", "html": "<p>a</p>"}}, 422),
    ("post", "/api/analyze", {"json": {"text": "   "}}, 400),
    ("post", "/api/ingest", {"json": [1, 2]}, 400),
])
def test_one_error_shape(client, method, path, kwargs, status):
    assert_error(getattr(client, method)(path, **kwargs), status)


def test_too_large_bodies_are_refused(store):
    app = create_app(store, analyze_max_bytes=1000, ingest_max_bytes=2000)
    with TestClient(app) as c:
        big = {"text": "Wort " * 400}
        assert_error(c.post("/api/analyze", json=big), 413)
        assert_error(c.post("/api/ingest", json=[big, big]), 413)

        def chunks():  # no content-length: counted while streaming
            for _ in range(10):
                yield b"x" * 500

        assert_error(c.post("/api/analyze", content=chunks(),
                            headers={"content-type": "application/json"}), 413)
    app.state.queries.close()


def test_analyze_empty_input_has_the_cli_code(client):
    """An empty article is E002 (EmptyInputError) in the API as in the CLI."""
    import subprocess
    import sys

    for payload in ({"text": ""}, {"text": " \n\t "}, {"html": "  "}):
        body = assert_error(client.post("/api/analyze", json=payload), 400)
        assert body["code"] == "E002", body
    cli = subprocess.run([sys.executable, "-m", "newsgraph", "analyze", "-"], input=b" \n ",
                         capture_output=True, timeout=120)
    assert cli.returncode == 2 and "E002: " in cli.stderr.decode(), cli.stderr


# ---- analyze and ingest ----------------------------------------------------------------------
def test_analyze_text_and_html(client, anchorage_txt):
    text = anchorage_txt.read_text(encoding="utf-8")
    body = client.post("/api/analyze", json={"text": text, "published": "2025-08-16"}).json()
    article = Article.model_validate(body)
    assert article.language == "de" and article.text.startswith("Der russische Machthaber")
    html = "<html><head><title>Hallo Welt</title></head><body><article><p>" + \
        "Bundeskanzler Olaf Scholz sagte am Montag in Berlin, die Lage sei ernst. " * 5 + \
        "</p></article></body></html>"
    res = client.post("/api/analyze", json={"html": html, "url": "https://example.org/x"})
    assert res.status_code == 200, res.text
    assert "Olaf Scholz" in res.json()["text"]


def test_ingest_on_loopback_needs_no_token_and_refreshes_reads(store, tmp_path):
    db = copy_store(store, tmp_path)
    app = create_app(db)
    with TestClient(app) as c:
        before = c.get("/api/stats").json()["articles"]
        assert c.get("/api/search", params={"q": "Quastenflosser"}).json()["total"] == 0
        res = c.post("/api/ingest", json={"articles": [{
            "text": "Forscher haben vor Südafrika einen lebenden Quastenflosser gefilmt. "
                    "Der Fisch galt lange als ausgestorben, sagte die Biologin am Dienstag.",
            "title": "Quastenflosser gefilmt", "published": "2025-08-19", "language": "de",
            "url": "https://example.org/quastenflosser"}]})
        assert res.status_code == 200, res.text
        assert res.json()["ok"] is True and res.json()["ingested"] == 1
        assert c.get("/api/stats").json()["articles"] == before + 1
        assert c.get("/api/search", params={"q": "Quastenflosser"}).json()["total"] == 1
    app.state.queries.close()


def test_ingest_token(store, tmp_path):
    db = copy_store(store, tmp_path)
    with pytest.raises(Exception, match="token"):
        create_app(db, host="0.0.0.0")
    app = create_app(db, host="0.0.0.0", token="s3cret-token")
    with TestClient(app) as c:
        rec = {"text": "Ein kurzer Testartikel über den Hafen von Hamburg und seine Schiffe.",
               "language": "de", "url": "https://example.org/hafen"}
        assert_error(c.post("/api/ingest", json=rec), 401)
        assert_error(c.post("/api/ingest", json=rec, headers={"Authorization": "Bearer nope"}), 401)
        ok = c.post("/api/ingest", json=rec, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200 and ok.json()["ingested"] == 1
        again = c.post("/api/ingest", json=rec, headers={"X-Newsgraph-Token": "s3cret-token"})
        assert again.json()["ingested"] == 0 and again.json()["duplicates"] == 1
    app.state.queries.close()


# ---- security headers, CORS, offline docs ----------------------------------------------------
def test_dashboard_csp_and_no_inline_script(client):
    res = client.get("/")
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert res.headers["x-content-type-options"] == "nosniff"
    html = res.text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag
    bodies = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    assert bodies and not any(b.strip() for b in bodies), "inline script body"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler"
    assert "http://" not in html and "https://" not in html
    for js in (WEB / "static" / "js").rglob("*.js"):
        assert "innerHTML" not in js.read_text(), js


def test_cors_off_unless_configured(store, client):
    res = client.get("/api/stats", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in res.headers
    app = create_app(store.parent / "cors.duckdb", cors_origins=["https://newsroom.example"])
    with TestClient(app) as c:
        res = c.get("/api/health", headers={"Origin": "https://newsroom.example"})
        assert res.headers["access-control-allow-origin"] == "https://newsroom.example"
    app.state.queries.close()


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/search", "/api/entities",
                 "/api/entities/{entity_id}", "/api/events", "/api/timeline", "/api/network",
                 "/api/places", "/api/duplicates", "/api/clusters", "/api/stats",
                 "/api/analyze", "/api/ingest"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert refs and all(r.startswith("/static/") for r in refs), refs
    for ref in refs:
        asset = client.get(ref)
        assert asset.status_code == 200 and len(asset.content) > 0, ref
    assert client.get("/redoc").status_code == 404


def test_vendored_libraries_carry_licences():
    vendor = WEB / "static" / "vendor"
    for lib in ("d3", "topojson-client", "world-atlas", "swagger-ui"):
        assert (vendor / lib / "LICENSE").is_file(), lib
    size = sum(p.stat().st_size for p in (WEB / "static").rglob("*") if p.is_file())
    assert size < 5_000_000  # the dashboard and its libraries (the built docs site is separate)


# ---- the real server ---------------------------------------------------------------------------
def test_real_server_reads_sidecar_and_ingest_from_another_process(store, tmp_path):
    import httpx

    from newsgraph.corpus.ingest import ingest

    db = copy_store(store, tmp_path)
    server = Server(db)
    try:
        info = server.info
        assert info["host"] == "127.0.0.1" and info["port"] > 0 and info["pid"] != 0
        assert info["token_required"] is False
        with httpx.Client(base_url=server.url, trust_env=False, timeout=30) as http:
            for path in ("/api/stats", "/api/articles", "/api/search?q=Selenskyj",
                         "/api/entities", "/api/events", "/api/timeline", "/api/network",
                         "/api/places", "/api/duplicates", "/api/clusters", "/", "/docs",
                         "/openapi.json"):
                assert http.get(path).status_code == 200, path
            assert_error(http.get("/api/articles/missing"), 404)
            before = http.get("/api/stats").json()["articles"]
            # another process (this one) ingests: the store is held, so it posts to the server
            src = tmp_path / "new.jsonl"
            src.write_text(json.dumps({
                "text": "Die Stadt Graz eröffnet eine neue Straßenbahnlinie. Der Bürgermeister "
                        "sagte, die Linie verbinde drei Bezirke.", "language": "de",
                "url": "https://example.org/graz", "published": "2025-08-20"}) + "\n")
            summary = ingest([str(src)], db=db, progress=False)
            assert summary.via == server.url and summary.ingested == 1
            assert http.get("/api/stats").json()["articles"] == before + 1
    finally:
        server.stop()
    assert not server.sidecar.exists(), "the sidecar is removed at shutdown"


def test_xss_article_is_stored_verbatim(client):
    hits = client.get("/api/search", params={"q": "Kiew-Bericht"}).json()["items"]
    hit = next(h for h in hits if h["url"] == "https://evil.example/xss")
    assert hit["title"] == XSS_TITLE  # escaping is the renderer's job, data stays as written


def test_built_docs_site_is_served_with_hashed_inline_scripts(store, tmp_path):
    import base64
    import hashlib

    site = tmp_path / "site"
    site.mkdir()
    script = "document.documentElement.dataset.ok = '1';"
    (site / "index.html").write_text(f"<html><body><script>{script}</script></body></html>")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    (site / "csp.json").write_text(json.dumps({"script-src": [f"'sha256-{digest}'"]}))
    app = create_app(store.parent / "site.duckdb", docs_site=site)
    with TestClient(app) as c:
        res = c.get("/docs-site/")
        assert res.status_code == 200 and script in res.text
        csp = res.headers["content-security-policy"]
        assert f"'sha256-{digest}'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
        assert "sha256" not in c.get("/").headers["content-security-policy"]
        assert_error(c.get("/docs-site/missing.html"), 404)
    app.state.queries.close()


def test_server_on_all_interfaces_warns_and_guards_ingest_with_a_token_file(store, tmp_path):
    import stat

    import httpx

    from newsgraph.corpus.ingest import ingest

    db = copy_store(store, tmp_path)
    server = Server(db, host="0.0.0.0")
    try:
        info = server.info
        assert info["token_required"] is True and info["url"].startswith("http://127.0.0.1:")
        token_file = Path(info["token_file"])
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        rec = {"text": "Der Stadtrat von Linz beschloss am Mittwoch ein neues Radwegenetz.",
               "language": "de", "url": "https://example.org/linz"}
        with httpx.Client(base_url=server.url, trust_env=False, timeout=60) as http:
            assert_error(http.post("/api/ingest", json=rec), 401)
        # newsgraph ingest in another process finds the token through the sidecar
        src = tmp_path / "linz.jsonl"
        src.write_text(json.dumps(rec) + "\n")
        assert ingest([str(src)], db=db, progress=False).ingested == 1
    finally:
        log = server.stop()
    assert "WARNING" in log and "0.0.0.0" in log
    assert not server.sidecar.exists() and not token_file.exists()
