"""``Corpus``: the public handle on a newsgraph store (DuckDB file + tantivy index beside it).

One process holds the file for writing (DuckDB's rule); inside that process many threads may
read — every query runs on its own cursor — while :class:`StoreWriter` writes batches under a
lock. Opening a store another process holds raises :class:`StoreLockedError` (E051) naming the
holder; ``newsgraph ingest`` then hands its batches to a running ``newsgraph serve`` instead.

Query methods share keyword filters (see :data:`FILTER_KEYS`): ``since``/``until`` (dates,
inclusive, on the publication day), ``lang``, ``source``, ``entity`` (entity id), ``theme``
(code), ``cameo_root`` ("04"), ``quad_class`` (1–4), ``country`` (ISO alpha-2 of a mentioned
place). All answers are plain JSON-ready dicts/lists (dates as ISO strings) except
:meth:`get_article` (a schema.Article) and :meth:`search` (SearchResults).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from newsgraph.errors import InvalidOptionError, StoreError, StoreLockedError, require
from newsgraph.schema import Article
from newsgraph.store.ddl import DDL, STORE_VERSION
from newsgraph.store.search import SearchHit, SearchIndex
from newsgraph.store.writer import BatchResult, StoreWriter

DEFAULT_DB = "newsgraph.duckdb"
FILTER_KEYS = (
    "since", "until", "lang", "source", "entity", "theme", "cameo_root", "quad_class", "country",
)
MAX_LIMIT = 10_000


def index_path(db: str | Path) -> Path:
    """The tantivy index directory of a store: ``<db>.index/``."""
    return Path(str(Path(db)) + ".index")


@dataclass
class SearchResults:
    """Ranked hits (best first) and the total number of matching articles."""

    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _rows(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [{c: _jsonable(v) for c, v in zip(cols, row)} for row in cur.fetchall()]


def _lock_holder(message: str) -> str:
    m = re.search(r"PID (\d+)", message)
    return f" (process {m.group(1)})" if m else ""


class Corpus:
    """A newsgraph store. ``Corpus(path)`` opens (and creates) it for writing.

    >>> with Corpus("news.duckdb") as corpus:          # doctest: +SKIP
    ...     corpus.add([article])
    ...     corpus.search("Sanktion", lang="de")
    """

    def __init__(
        self, path: str | Path = DEFAULT_DB, *, read_only: bool = False, search_index: bool = True
    ) -> None:
        duckdb = require("duckdb", "corpus")
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}", source=str(self.path))
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreLockedError(
                    f"the store is in use by another process{_lock_holder(msg)}; DuckDB lets one "
                    "process hold it. Stop that process, or run `newsgraph serve` and ingest "
                    "through it (newsgraph ingest does so automatically when the server runs)",
                    source=str(self.path),
                ) from exc
            raise StoreError(f"cannot open store: {msg}", source=str(self.path)) from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store: {exc}", source=str(self.path)) from exc
        if not read_only:
            self._con.execute(DDL).fetchall()
            if not self._con.execute("SELECT 1 FROM meta WHERE key='store_version'").fetchall():
                self._con.execute(
                    "INSERT INTO meta VALUES ('store_version', ?)", [STORE_VERSION]).fetchall()
        self.index: SearchIndex | None = (
            SearchIndex(index_path(self.path), writable=not read_only) if search_index else None
        )
        self._writer: StoreWriter | None = None
        if not read_only and self.index is not None:
            self.writer  # noqa: B018 — opening the writer catches the search index up

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Flush the search index and release the database file."""
        if self._writer is not None:
            self._writer.commit_index()
        if self.index is not None:
            self.index.close()
        if self._writer is not None:
            self._writer.con.close()
            self._writer = None
        if self._con is not None:
            self._con.close()
            self._con = None  # type: ignore[assignment]

    def cursor(self) -> Any:
        """A fresh DuckDB cursor for raw SQL reads (thread-safe use: one cursor per thread)."""
        if self._con is None:
            raise StoreError("the store is closed", source=str(self.path))
        return self._con.cursor()

    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.cursor()
        try:
            return _rows(cur.execute(sql, list(params)))
        except Exception as exc:
            name = type(exc).__module__
            if name.startswith("duckdb"):
                raise StoreError(f"query failed: {exc}", source=str(self.path)) from exc
            raise
        finally:
            cur.close()

    # -- writing ---------------------------------------------------------------------------
    @property
    def writer(self) -> StoreWriter:
        if self.read_only:
            raise StoreError("the store is open read-only", source=str(self.path))
        if self._writer is None:
            # its own cursor: request threads create read cursors from self._con meanwhile
            self._writer = StoreWriter(self._con.cursor(), self.index)
        return self._writer

    def add(
        self,
        articles: Iterable[Article | tuple[Article, str | None]],
        errors: Iterable[tuple[str | None, str, str]] = (),
    ) -> BatchResult:
        """Store analysed articles (and failures) in one transaction; idempotent."""
        pairs = [a if isinstance(a, tuple) else (a, None) for a in articles]
        return self.writer.write(pairs, errors)

    def ingest_records(self, records: list[dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
        """Prepare, analyse and store JSON records (``{text|html, url?, title?, published?,
        source?, language?}`` or analysed Article dicts) in this process — what the server's
        ``POST /api/ingest`` calls. Returns the summary as a dict."""
        from newsgraph.corpus.ingest import ingest_records

        return ingest_records(self, records, **kwargs).to_dict()

    # -- filters ---------------------------------------------------------------------------
    def _where(self, filters: dict[str, Any], alias: str = "a") -> tuple[str, list[Any]]:
        if "language" in filters and "lang" not in filters:
            filters = {**filters, "lang": filters.pop("language")}
        unknown = set(filters) - set(FILTER_KEYS)
        if unknown:
            raise InvalidOptionError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        conds, params = [], []
        f = {k: v for k, v in filters.items() if v not in (None, "")}
        if "since" in f:
            conds.append(f"{alias}.day >= ?::DATE")
            params.append(str(f["since"])[:10])
        if "until" in f:
            conds.append(f"{alias}.day <= ?::DATE")
            params.append(str(f["until"])[:10])
        for key, col in (("lang", "language"), ("source", "source")):
            if key in f:
                conds.append(f"{alias}.{col} = ?")
                params.append(f[key])
        subqueries = {
            "entity": "SELECT article_id FROM entities WHERE entity_id = ?",
            "theme": "SELECT article_id FROM themes WHERE code = ?",
            "cameo_root": "SELECT article_id FROM events WHERE cameo_root = ?",
            "quad_class": "SELECT article_id FROM events WHERE quad_class = ?",
            "country": "SELECT article_id FROM locations WHERE country = ?",
        }
        for key, sub in subqueries.items():
            if key in f:
                conds.append(f"{alias}.id IN ({sub})")
                value = f[key]
                if key == "quad_class":
                    value = int(value)
                elif key == "country":
                    value = str(value).upper()
                elif key == "cameo_root":
                    value = str(value).zfill(2)
                params.append(value)
        return (" AND ".join(conds) or "TRUE"), params

    @staticmethod
    def _page(limit: int, offset: int) -> tuple[int, int]:
        if limit < 1 or limit > MAX_LIMIT or offset < 0:
            raise InvalidOptionError(f"limit must be 1..{MAX_LIMIT} and offset ≥ 0")
        return int(limit), int(offset)

    # -- articles --------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts: articles, languages, sources, entities, events, quotes, groups, clusters…"""
        one = self._q("""
            SELECT (SELECT count(*) FROM articles) AS articles,
                   (SELECT count(*) FROM copies) AS sightings,
                   (SELECT count(DISTINCT source) FROM articles) AS sources,
                   (SELECT count(DISTINCT entity_id) FROM entities) AS entities,
                   (SELECT count(*) FROM mentions) AS mentions,
                   (SELECT count(*) FROM events) AS events,
                   (SELECT count(*) FROM quotes) AS quotes,
                   (SELECT count(DISTINCT location_id) FROM locations) AS places,
                   (SELECT count(*) FROM dup_groups) AS duplicate_groups,
                   (SELECT count(*) FROM duplicates) AS articles_in_duplicate_groups,
                   (SELECT count(*) FROM clusters) AS clusters,
                   (SELECT count(*) FROM errors) AS errors,
                   (SELECT min(day) FROM articles) AS first_day,
                   (SELECT max(day) FROM articles) AS last_day
        """)[0]
        one["languages"] = {
            r["language"] or "und": r["n"] for r in self._q(
                "SELECT language, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC")
        }
        return one

    def list_articles(
        self, *, limit: int = 50, offset: int = 0, order: str = "published", **filters: Any
    ) -> dict[str, Any]:
        """A page of article summaries (newest first by default) and the total count."""
        limit, offset = self._page(limit, offset)
        where, params = self._where(filters)
        order_sql = {"published": "a.published DESC NULLS LAST, a.seq DESC",
                     "ingested": "a.seq DESC"}.get(order)
        if order_sql is None:
            raise InvalidOptionError("order must be 'published' or 'ingested'")
        total = self._q(f"SELECT count(*) AS n FROM articles a WHERE {where}", params)[0]["n"]
        items = self._q(f"""
            SELECT a.id, a.title, a.url, a.source, a.published, a.day, a.language, a.word_count,
                   a.tone, a.cluster_id, d.group_id AS duplicate_group
            FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id
            WHERE {where} ORDER BY {order_sql} LIMIT ? OFFSET ?""", [*params, limit, offset])
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def get_article(self, article_id: str) -> Article | None:
        """The full analysed article, or None."""
        rows = self._q("SELECT doc FROM articles WHERE id = ?", [article_id])
        return Article.model_validate_json(rows[0]["doc"]) if rows else None

    def article_info(self, article_id: str) -> dict[str, Any] | None:
        """Store-side facts about an article: sightings, duplicate group, cluster."""
        rows = self._q("SELECT id, seq, cluster_id, origin, ingested_at FROM articles WHERE id=?",
                       [article_id])
        if not rows:
            return None
        info = rows[0]
        info["copies"] = self._q(
            "SELECT url, source, published, origin FROM copies WHERE article_id=? ORDER BY seen_at",
            [article_id])
        grp = self._q("SELECT group_id FROM duplicates WHERE article_id=?", [article_id])
        info["duplicate_group"] = grp[0]["group_id"] if grp else None
        return info

    def search(
        self, query: str, *, since: Any = None, until: Any = None, lang: str | None = None,
        entity: str | None = None, theme: str | None = None, limit: int = 20, offset: int = 0,
    ) -> SearchResults:
        """Full-text search (German/English stemming) with highlighted snippets, best first."""
        limit, offset = self._page(limit, offset)
        if self.index is None:
            raise StoreError("this store was opened without its search index")
        total, hits = self.index.search(
            query, since=since, until=until, lang=lang, entity=entity, theme=theme,
            limit=limit, offset=offset)
        return SearchResults(query=query, total=total, hits=hits)

    def errors(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Items that failed during ingest, newest first."""
        limit, offset = self._page(limit, offset)
        return self._q("SELECT * FROM errors ORDER BY seq DESC LIMIT ? OFFSET ?", [limit, offset])

    def timeline(self, *, interval: str = "day", **filters: Any) -> list[dict[str, Any]]:
        """Articles per day/week/month."""
        trunc = self._interval(interval)
        where, params = self._where(filters)
        return self._q(f"""SELECT date_trunc('{trunc}', a.day)::DATE AS day, count(*) AS articles
            FROM articles a WHERE {where} AND a.day IS NOT NULL GROUP BY 1 ORDER BY 1""", params)

    @staticmethod
    def _interval(interval: str) -> str:
        if interval not in ("day", "week", "month"):
            raise InvalidOptionError("interval must be day, week or month")
        return interval

    # -- entities --------------------------------------------------------------------------
    def entities(
        self, *, q: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Entities ranked by the number of articles mentioning them."""
        limit, offset = self._page(limit, offset)
        where, params = self._where(filters)
        extra, extra_params = [], []
        if q:
            extra.append("(e.name ILIKE ? OR e.entity_id ILIKE ?)")
            extra_params += [f"%{q}%", f"%{q}%"]
        if type:
            extra.append("e.type = ?")
            extra_params.append(type)
        cond = " AND ".join(["TRUE", *extra])
        return self._q(f"""
            SELECT e.entity_id AS id, mode(e.name) AS name, mode(e.type) AS type,
                   mode(e.actor_code) AS actor_code, mode(e.country) AS country,
                   count(DISTINCT e.article_id) AS articles, sum(e.n_mentions) AS mentions
            FROM entities e JOIN articles a ON a.id = e.article_id
            WHERE {where} AND {cond}
            GROUP BY e.entity_id ORDER BY articles DESC, mentions DESC, id
            LIMIT ? OFFSET ?""", [*params, *extra_params, limit, offset])

    def entity(self, entity_id: str, **filters: Any) -> dict[str, Any] | None:
        """One entity: names, codes, counts, first/last day, top co-mentioned entities."""
        where, params = self._where(filters)
        rows = self._q(f"""
            SELECT e.entity_id AS id, mode(e.name) AS name, mode(e.type) AS type,
                   mode(e.actor_code) AS actor_code, mode(e.country) AS country,
                   mode(e.role) AS role, list(DISTINCT e.name) AS names,
                   count(DISTINCT e.article_id) AS articles, sum(e.n_mentions) AS mentions,
                   min(a.day) AS first_day, max(a.day) AS last_day
            FROM entities e JOIN articles a ON a.id = e.article_id
            WHERE e.entity_id = ? AND {where} GROUP BY e.entity_id""", [entity_id, *params])
        if not rows:
            return None
        out = rows[0]
        out["first_day"], out["last_day"] = _jsonable(out["first_day"]), _jsonable(out["last_day"])
        out["co_mentioned"] = self._q(f"""
            SELECT o.entity_id AS id, mode(o.name) AS name, count(DISTINCT o.article_id) AS weight
            FROM entities e JOIN entities o ON o.article_id = e.article_id
                 AND o.entity_id <> e.entity_id
            JOIN articles a ON a.id = e.article_id
            WHERE e.entity_id = ? AND {where} GROUP BY o.entity_id ORDER BY weight DESC, id
            LIMIT 20""", [entity_id, *params])
        return out

    def entity_timeline(
        self, entity_id: str, *, interval: str = "day", **filters: Any
    ) -> list[dict[str, Any]]:
        """Mentions and articles per day (week/month) for one entity."""
        trunc = self._interval(interval)
        where, params = self._where(filters)
        return self._q(f"""
            SELECT date_trunc('{trunc}', a.day)::DATE AS day, sum(e.n_mentions) AS mentions,
                   count(DISTINCT e.article_id) AS articles
            FROM entities e JOIN articles a ON a.id = e.article_id
            WHERE e.entity_id = ? AND a.day IS NOT NULL AND {where}
            GROUP BY 1 ORDER BY 1""", [entity_id, *params])

    # -- quotes ----------------------------------------------------------------------------
    def quotes(
        self, *, speaker: str | None = None, q: str | None = None, limit: int = 50,
        offset: int = 0, **filters: Any,
    ) -> list[dict[str, Any]]:
        """Quotations (optionally by one speaker entity id / containing text), newest first."""
        limit, offset = self._page(limit, offset)
        where, params = self._where(filters)
        cond, extra = "TRUE", []
        if speaker:
            cond += " AND qu.speaker = ?"
            extra.append(speaker)
        if q:
            cond += " AND qu.text ILIKE ?"
            extra.append(f"%{q}%")
        return self._q(f"""
            SELECT qu.article_id, qu.kind, qu.speaker, qu.speaker_text, qu.cue, qu.text,
                   qu."start", qu."end", a.title, a.source, a.url, a.day
            FROM quotes qu JOIN articles a ON a.id = qu.article_id
            WHERE {where} AND {cond}
            ORDER BY a.published DESC NULLS LAST, qu.article_id, qu.idx
            LIMIT ? OFFSET ?""", [*params, *extra, limit, offset])

    def quote_network(self, *, min_weight: int = 1, limit: int = 200, **filters: Any) -> dict:
        """Who quoted whom: outlet → speaker edges ("quoted") and speaker → entity mentioned
        inside the quotation ("about"), weighted by the number of quotations."""
        where, params = self._where(filters)
        quoted = self._q(f"""
            SELECT 'src:' || coalesce(a.source, 'unknown') AS source, qu.speaker AS target,
                   'quoted' AS kind, count(*) AS weight
            FROM quotes qu JOIN articles a ON a.id = qu.article_id
            WHERE qu.speaker IS NOT NULL AND {where}
            GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY weight DESC LIMIT ?""",
            [*params, min_weight, limit])
        about = self._q(f"""
            SELECT qu.speaker AS source, m.entity_id AS target, 'about' AS kind,
                   count(DISTINCT (qu.article_id, qu.idx)) AS weight
            FROM quotes qu JOIN mentions m ON m.article_id = qu.article_id
                 AND m."start" >= qu."start" AND m."end" <= qu."end"
                 AND m.entity_id <> qu.speaker
            JOIN articles a ON a.id = qu.article_id
            WHERE qu.speaker IS NOT NULL AND {where}
            GROUP BY 1, 2 HAVING weight >= ? ORDER BY weight DESC LIMIT ?""",
            [*params, min_weight, limit])
        return self._network(quoted + about)

    # -- networks --------------------------------------------------------------------------
    def _network(self, edges: list[dict[str, Any]]) -> dict[str, Any]:
        ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
        names = {r["id"]: r for r in self._q("""
            SELECT entity_id AS id, mode(name) AS name, mode(type) AS type
            FROM entities WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1""", [ids])}
        nodes = []
        for i in ids:
            n = names.get(i)
            if n is None and i.startswith("src:"):
                n = {"id": i, "name": i[4:], "type": "SOURCE"}
            nodes.append(n or {"id": i, "name": i, "type": None})
        return {"nodes": nodes, "edges": edges}

    def cooccurrence_network(
        self, *, type: str | None = None, min_weight: int = 1, limit: int = 200, **filters: Any
    ) -> dict[str, Any]:
        """Entities mentioned in the same article; edge weight = number of shared articles."""
        where, params = self._where(filters)
        tcond = "AND e1.type = ? AND e2.type = ?" if type else ""
        tparams = [type, type] if type else []
        edges = self._q(f"""
            SELECT e1.entity_id AS source, e2.entity_id AS target,
                   count(DISTINCT e1.article_id) AS weight
            FROM entities e1 JOIN entities e2 ON e1.article_id = e2.article_id
                 AND e1.entity_id < e2.entity_id
            JOIN articles a ON a.id = e1.article_id
            WHERE {where} {tcond}
            GROUP BY 1, 2 HAVING weight >= ? ORDER BY weight DESC, source, target LIMIT ?""",
            [*params, *tparams, min_weight, limit])
        return self._network(edges)

    def event_network(
        self, *, min_weight: int = 1, limit: int = 200, include_negated: bool = False,
        **filters: Any,
    ) -> dict[str, Any]:
        """Actor → actor event edges: count, per-QuadClass counts, dominant QuadClass, mean
        Goldstein. Actors are entity ids, else CAMEO codes."""
        where, params = self._where(filters)
        neg = "" if include_negated else "AND NOT coalesce(ev.negated, FALSE)"
        edges = self._q(f"""
            SELECT coalesce(ev.source_entity, ev.source_code) AS source,
                   coalesce(ev.target_entity, ev.target_code) AS target,
                   count(*) AS weight, mode(ev.quad_class) AS quad_class,
                   round(avg(ev.goldstein), 2) AS goldstein,
                   count(*) FILTER (WHERE ev.quad_class = 1) AS q1,
                   count(*) FILTER (WHERE ev.quad_class = 2) AS q2,
                   count(*) FILTER (WHERE ev.quad_class = 3) AS q3,
                   count(*) FILTER (WHERE ev.quad_class = 4) AS q4,
                   list(DISTINCT ev.cameo_root ORDER BY ev.cameo_root) AS cameo_roots
            FROM events ev JOIN articles a ON a.id = ev.article_id
            WHERE coalesce(ev.source_entity, ev.source_code) IS NOT NULL
              AND coalesce(ev.target_entity, ev.target_code) IS NOT NULL {neg} AND {where}
            GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY weight DESC, source, target LIMIT ?""",
            [*params, min_weight, limit])
        return self._network(edges)

    # -- events ----------------------------------------------------------------------------
    def _event_where(self, cameo, plover, place, filters) -> tuple[str, list[Any]]:
        where, params = self._where(filters)
        conds = [where]
        if cameo:
            conds.append("ev.cameo LIKE ?")
            params.append(f"{cameo}%")
        if plover:
            conds.append("ev.plover = ?")
            params.append(plover.upper())
        if place:
            conds.append("(ev.location_id = ? OR ev.location_name ILIKE ?)")
            params += [place, place]
        for key, col in (("cameo_root", "cameo_root"), ("quad_class", "quad_class"),
                         ("country", "country")):
            if filters.get(key) not in (None, ""):
                conds.append(f"ev.{col} = ?")
                v = filters[key]
                params.append(int(v) if key == "quad_class" else
                              str(v).upper() if key == "country" else str(v).zfill(2))
        return " AND ".join(conds), params

    def events(
        self, *, cameo: str | None = None, plover: str | None = None, place: str | None = None,
        limit: int = 50, offset: int = 0, **filters: Any,
    ) -> list[dict[str, Any]]:
        """Events (filters: CAMEO code prefix, PLOVER type, place id/name, shared filters)."""
        limit, offset = self._page(limit, offset)
        where, params = self._event_where(cameo, plover, place, filters)
        return self._q(f"""
            SELECT ev.*, a.title, a.source, a.url
            FROM events ev JOIN articles a ON a.id = ev.article_id WHERE {where}
            ORDER BY coalesce(ev.event_date, ev.day) DESC NULLS LAST, ev.event_seq DESC
            LIMIT ? OFFSET ?""", [*params, limit, offset])

    def event_timeline(
        self, *, cameo: str | None = None, plover: str | None = None, place: str | None = None,
        interval: str = "day", **filters: Any,
    ) -> list[dict[str, Any]]:
        """Event counts per day (week/month) and QuadClass (event date, else article day)."""
        trunc = self._interval(interval)
        where, params = self._event_where(cameo, plover, place, filters)
        return self._q(f"""
            SELECT date_trunc('{trunc}', coalesce(ev.event_date, ev.day))::DATE AS day,
                   ev.quad_class, count(*) AS events, round(avg(ev.goldstein), 2) AS goldstein
            FROM events ev JOIN articles a ON a.id = ev.article_id
            WHERE {where} AND coalesce(ev.event_date, ev.day) IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2""", params)

    def places(self, *, limit: int = 1000, **filters: Any) -> dict[str, Any]:
        """Geocoded places with article/mention/event counts, as a GeoJSON FeatureCollection."""
        where, params = self._where(filters)
        rows = self._q(f"""
            WITH p AS (
              SELECT l.location_id, mode(l.name) AS name, mode(l.feature) AS feature,
                     mode(l.country) AS country, avg(l.lat) AS lat, avg(l.lon) AS lon,
                     count(DISTINCT l.article_id) AS articles, sum(l.n_mentions) AS mentions
              FROM locations l JOIN articles a ON a.id = l.article_id
              WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL AND {where}
              GROUP BY l.location_id)
            SELECT p.*, (SELECT count(*) FROM events ev WHERE ev.location_id = p.location_id)
                   AS events
            FROM p ORDER BY articles DESC, mentions DESC LIMIT ?""", [*params, limit])
        return {"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": r["location_id"],
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: r[k] for k in (
                "location_id", "name", "feature", "country", "articles", "mentions", "events")},
        } for r in rows]}

    # -- duplicates and clusters -----------------------------------------------------------
    def duplicate_groups(
        self, *, limit: int = 50, offset: int = 0, min_size: int = 2, **filters: Any
    ) -> list[dict[str, Any]]:
        """Groups of syndicated copies: canonical (earliest) article, size, outlets, members."""
        limit, offset = self._page(limit, offset)
        where, params = self._where(filters)
        groups = self._q(f"""
            SELECT g.group_id, g.canonical_id, g.size, g.first_published,
                   count(DISTINCT c.source) AS sources
            FROM dup_groups g JOIN duplicates d ON d.group_id = g.group_id
            JOIN articles a ON a.id = d.article_id
            LEFT JOIN copies c ON c.article_id = d.article_id
            WHERE g.size >= ? AND {where}
            GROUP BY ALL ORDER BY g.size DESC, g.group_id LIMIT ? OFFSET ?""",
            [min_size, *params, limit, offset])
        for g in groups:
            g["members"] = self._q("""
                SELECT a.id, a.title, a.source, a.url, a.published, d.similarity
                FROM duplicates d JOIN articles a ON a.id = d.article_id
                WHERE d.group_id = ? ORDER BY a.published NULLS LAST, a.seq""", [g["group_id"]])
        return groups

    def clusters(
        self, *, limit: int = 50, offset: int = 0, min_size: int = 1, **filters: Any
    ) -> list[dict[str, Any]]:
        """Story clusters (label = top entities + terms), largest/most recent first."""
        limit, offset = self._page(limit, offset)
        where, params = self._where(filters)
        return self._q(f"""
            SELECT c.cluster_id, c.label, c.first_day, c.last_day, c.size,
                   count(a.id) AS matching
            FROM clusters c JOIN articles a ON a.cluster_id = c.cluster_id
            WHERE c.size >= ? AND {where}
            GROUP BY ALL ORDER BY c.size DESC, c.last_day DESC NULLS LAST, c.cluster_id
            LIMIT ? OFFSET ?""", [min_size, *params, limit, offset])

    def cluster(self, cluster_id: int) -> dict[str, Any] | None:
        """One story cluster with its articles (oldest first) and top terms."""
        rows = self._q("SELECT * FROM clusters WHERE cluster_id = ?", [int(cluster_id)])
        if not rows:
            return None
        c = rows[0]
        c["centroid"] = json.loads(c["centroid"] or "{}").get("terms", {})
        c["articles"] = self._q("""
            SELECT id, title, source, url, published, language FROM articles
            WHERE cluster_id = ? ORDER BY published NULLS LAST, seq""", [int(cluster_id)])
        return c

    def iter_articles(self, *, batch_size: int = 500, **filters: Any) -> Iterator[Article]:
        """Every matching article (full schema.Article), in ingest order — for exports."""
        where, params = self._where(filters)
        cur = self.cursor()
        try:
            cur.execute(f"SELECT a.doc FROM articles a WHERE {where} ORDER BY a.seq", params)
            while batch := cur.fetchmany(batch_size):
                for (doc,) in batch:
                    yield Article.model_validate_json(doc)
        finally:
            cur.close()
