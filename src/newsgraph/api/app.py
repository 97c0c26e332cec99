"""The FastAPI application: JSON read endpoints over the corpus store, analyze, ingest, dashboard.

The server process owns the DuckDB file (one writer); reads run on per-thread cursors of that same
process (see :mod:`newsgraph.api.queries`). Everything the API answers is JSON, errors included
(:mod:`newsgraph.api.errors`).
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from pathlib import Path
from threading import Lock
from typing import Any

from fastapi import Body, Depends, FastAPI, Header, Path as PathParam, Query
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

import newsgraph
from newsgraph.api.analysis import AnalyzeRequest, analyze_request
from newsgraph.api.errors import NotFoundError, install_error_handlers
from newsgraph.api.filters import Filters, filters
from newsgraph.api.queries import NeedsStore
from newsgraph.api.security import (
    BodyLimitMiddleware, HostCheckMiddleware, SecurityHeadersMiddleware, check_token,
    docs_site_csp, is_loopback,
)
from newsgraph.errors import InputError

log = logging.getLogger("newsgraph.api")

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"

#: Body limits in bytes: analyze takes one article, ingest a batch.
ANALYZE_MAX_BYTES = 2_000_000
INGEST_MAX_BYTES = 20_000_000
DEFAULT_MAX_BYTES = 1_000_000


class _JSONCache:
    """A small LRU of serialised JSON answers, emptied on every write to the store."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._data: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple, value: bytes) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def create_app(
    db_path: str | Path | None = None,
    *,
    token: str | None = None,
    host: str = "127.0.0.1",
    cors_origins: list[str] | None = None,
    queries: Any = None,
    analyze_max_bytes: int = ANALYZE_MAX_BYTES,
    ingest_max_bytes: int = INGEST_MAX_BYTES,
    cache_size: int = 2048,
    docs_site: str | Path | None = None,
    allowed_hosts: list[str] | tuple[str, ...] | None = None,
) -> FastAPI:
    """Build the app for the store at ``db_path`` (or an already open ``queries`` object).

    ``token`` guards ``POST /api/ingest``; when ``host`` is not a loopback address a token is
    mandatory. CORS stays off unless ``cors_origins`` lists allowed origins. ``allowed_hosts``
    (``serve`` sets it on loopback) refuses other Host headers (DNS rebinding).
    """
    if queries is None:
        if db_path is None:
            raise InputError("create_app needs db_path or queries")
        from newsgraph.api.queries import open_queries

        queries = open_queries(db_path)
    if token is None and not is_loopback(host):
        raise InputError(f"serving on non-loopback host {host!r} needs a token for ingest")

    app = FastAPI(
        title="newsgraph",
        version=newsgraph.__version__,
        description="Read endpoints over a newsgraph corpus, article analysis and ingest. "
        "Every error is JSON: {ok: false, error, code, status}.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.queries = queries
    app.state.token = token
    app.state.db_path = str(db_path) if db_path else None
    cache = _JSONCache(cache_size)
    app.state.cache = cache
    install_error_handlers(app)

    def limit_for(path: str) -> int:
        if path.startswith("/api/ingest"):
            return ingest_max_bytes
        if path.startswith("/api/analyze"):
            return analyze_max_bytes
        return DEFAULT_MAX_BYTES

    if cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Newsgraph-Token"],
        )
    site = Path(docs_site) if docs_site else WEB_DIR / "docs-site"
    site_csp: dict[str, str] = {}
    if (site / "index.html").is_file():
        hashes: list[str] = []
        try:
            hashes = list(json.loads((site / "csp.json").read_text()).get("script-src", []))
        except (OSError, ValueError):
            log.warning("docs site without a readable csp.json: its inline scripts will not run")
        site_csp["/docs-site"] = docs_site_csp(hashes)
    if allowed_hosts:
        app.add_middleware(HostCheckMiddleware, allowed=allowed_hosts)
    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for)
    app.add_middleware(SecurityHeadersMiddleware, csp_by_prefix=site_csp)

    async def cached(key: tuple, compute, media_type: str = "application/json") -> Response:
        # The cache is checked on the event loop; only a miss goes to a worker thread (DuckDB
        # and tantivy calls block).
        body = cache.get(key)
        if body is None:
            body = await run_in_threadpool(lambda: _json(compute()))
            cache.put(key, body)
        return Response(body, media_type=media_type)

    async def in_memory_first(key: tuple, compute) -> Response:
        # Answered on the event loop when ``compute(memory_only=True)`` finds its data in memory
        # (dict look-ups, tantivy, string splices); only DuckDB work goes to a worker thread.
        # A worker thread cost more than these answers: its GIL hand-offs with the event loop
        # roughly halved article throughput on 2 cores (measured), and tantivy holds the GIL.
        body = cache.get(key)
        if body is None:
            try:
                body = compute(True)
            except NeedsStore:
                body = await run_in_threadpool(compute, False)
            cache.put(key, body)
        return Response(body, media_type="application/json")

    # ---- read endpoints ---------------------------------------------------------------------
    @app.get("/api/health", tags=["meta"])
    async def health() -> dict[str, Any]:
        return {"ok": True, "version": newsgraph.__version__}

    @app.get("/api/stats", tags=["corpus"])
    async def stats() -> Response:
        return await cached(("stats",), queries.stats)

    @app.get("/api/articles", tags=["articles"])
    async def articles(f: Filters = Depends(filters)) -> Response:
        return await cached(("articles", f), lambda: queries.articles(f))

    @app.get("/api/articles/{article_id}", tags=["articles"])
    async def article(article_id: str = PathParam(max_length=200)) -> Response:
        def compute(memory_only: bool) -> bytes:
            text = queries.article_json(article_id, memory_only=memory_only)
            if text is None:
                raise NotFoundError(f"no article {article_id!r}")
            return text.encode()

        return await in_memory_first(("article", article_id), compute)

    @app.get("/api/search", tags=["articles"])
    async def search(
        q: str = Query(..., min_length=1, max_length=500, description="Query (tantivy syntax)."),
        f: Filters = Depends(filters),
    ) -> Response:
        def compute(memory_only: bool) -> bytes:
            return _json(queries.search(q, f, memory_only=memory_only))

        return await in_memory_first(("search", q, f), compute)

    @app.get("/api/entities", tags=["entities"])
    async def entities(
        q: str | None = Query(None, max_length=200, description="Name prefix or substring."),
        type: str | None = Query(None, pattern=r"^(PER|ORG|LOC|MISC|GPE|NORP)$"),
        f: Filters = Depends(filters),
    ) -> Response:
        return await cached(("entities", q, type, f), lambda: queries.entities(q, type, f))

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    async def entity(entity_id: str = PathParam(max_length=200), f: Filters = Depends(filters)) -> Response:
        def compute() -> Any:
            found = queries.entity(entity_id, f)
            if found is None:
                raise NotFoundError(f"no entity {entity_id!r}")
            return found

        return await cached(("entity", entity_id, f), compute)

    @app.get("/api/events", tags=["events"])
    async def events(
        f: Filters = Depends(filters),
        plover: str | None = Query(None, max_length=40, description="PLOVER event type."),
        place: str | None = Query(None, max_length=200, description="Location id or name."),
        cameo: str | None = Query(None, pattern=r"^\d{2,4}$", description="CAMEO code prefix."),
        actor: str | None = Query(None, max_length=200, description="Entity id as source or target."),
    ) -> Response:
        return await cached(("events", f, plover, place, cameo, actor),
                            lambda: queries.events(f, plover, place, cameo, actor))

    @app.get("/api/timeline", tags=["corpus"])
    async def timeline(
        f: Filters = Depends(filters),
        interval: str = Query("day", pattern=r"^(day|week|month)$"),
    ) -> Response:
        return await cached(("timeline", f, interval), lambda: queries.timeline(f, interval))

    @app.get("/api/network", tags=["corpus"])
    async def network(
        f: Filters = Depends(filters),
        kind: str = Query("events", pattern=r"^(events|cooccurrence)$"),
    ) -> Response:
        return await cached(("network", f, kind), lambda: queries.network(f, kind))

    @app.get("/api/places", tags=["corpus"], summary="Places with counts (GeoJSON)")
    async def places(f: Filters = Depends(filters)) -> Response:
        return await cached(("places", f), lambda: queries.places(f), "application/geo+json")

    @app.get("/api/duplicates", tags=["corpus"])
    async def duplicates(f: Filters = Depends(filters)) -> Response:
        return await cached(("duplicates", f), lambda: queries.duplicates(f))

    @app.get("/api/clusters", tags=["corpus"])
    async def clusters(f: Filters = Depends(filters)) -> Response:
        return await cached(("clusters", f), lambda: queries.clusters(f))

    # ---- write endpoints --------------------------------------------------------------------
    @app.post("/api/analyze", tags=["analysis"], summary="Analyse one article (not stored)")
    def analyze(req: AnalyzeRequest) -> Response:
        return Response(_json(analyze_request(req)), media_type="application/json")

    @app.post("/api/ingest", tags=["analysis"], summary="Analyse and store articles")
    def ingest(
        payload: Any = Body(
            ...,
            description="One record, a list of records, or {\"articles\": [...]}. A record is "
            "{text|html, url?, title?, source?, published?, language?} or an analysed Article.",
        ),
        authorization: str | None = Header(None),
        x_newsgraph_token: str | None = Header(None),
    ) -> dict[str, Any]:
        check_token(token, authorization, x_newsgraph_token)
        if isinstance(payload, dict) and "articles" in payload:
            payload = payload["articles"]
        records = payload if isinstance(payload, list) else [payload]
        if not records or not all(isinstance(r, dict) for r in records):
            raise InputError("ingest expects a JSON object, a list of objects or {articles: [...]}")
        try:
            summary = queries.ingest(records)
        finally:
            cache.clear()
        return {"ok": True, **summary}

    # ---- docs and dashboard -----------------------------------------------------------------
    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html", headers={"Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    if site_csp:
        app.mount("/docs-site", StaticFiles(directory=site, html=True), name="docs-site")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
