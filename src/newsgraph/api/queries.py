"""What the API reads, shaped for JSON answers: :class:`newsgraph.store.Corpus` methods first,
plus a few read-only SQL queries over the store's tables (:mod:`newsgraph.store.ddl`) for what the
Corpus does not offer: totals for paging, search facets, quotes *about* an entity, tone towards
an entity over time, an entity's ego network and its events as source/target.

The server process owns the store (DuckDB's single writer); every read here runs on a fresh
cursor of that one connection, so request threads read while ingest writes. The article and
search reads can also be answered from memory alone (``memory_only``), which the server does on
its event loop.
"""

from __future__ import annotations

import heapq
import html
import json
import re
import threading
from collections import Counter, OrderedDict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsgraph.api.filters import Filters
from newsgraph.errors import StoreError

#: Search facets are counted over this many top-ranked hits.
FACET_HITS = 200
FACETS = ("language", "source", "entity", "theme", "month")
#: How many values of each facet an answer lists.
FACET_LIMITS = {"language": 10, "source": 10, "entity": 12, "theme": 12, "month": 60}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def store_filters(f: Filters, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """The Corpus's keyword filters (``lang`` not ``language``; no paging keys)."""
    out = {
        "since": f.since, "until": f.until, "lang": f.language, "source": f.source,
        "entity": f.entity, "theme": f.theme, "cameo_root": f.cameo_root,
        "quad_class": f.quad_class, "country": f.country,
    }
    return {k: v for k, v in out.items() if v is not None and k not in drop}


def snippet_from_html(snippet: str) -> dict[str, Any]:
    """tantivy's snippet HTML (escaped text with ``<b>`` around matches) → plain text + offsets.

    The dashboard renders text nodes and ``<mark>`` elements from the offsets, so no HTML from
    the index ever reaches ``innerHTML``.
    """
    text, marks, pos = [], [], 0
    for i, part in enumerate(re.split(r"</?b>", snippet)):
        piece = html.unescape(part)
        if i % 2 == 1 and piece:
            marks.append([pos, pos + len(piece)])
        text.append(piece)
        pos += len(piece)
    return {"text": "".join(text), "highlights": marks}


class DocCache:
    """Article JSON strings by id, bounded by total size, least recently used out first.

    DuckDB stores ``articles.doc`` in compressed column segments, so one point lookup
    decompresses a whole segment (about 20 ms at 120 articles, 260 ms at 2,400 — measured).
    The server therefore keeps recently read documents, and :meth:`preload` reads the newest
    ones in one scan at start-up. Stored articles never change (ids are content hashes).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._docs: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, article_id: str) -> str | None:
        with self._lock:
            doc = self._docs.get(article_id)
            if doc is not None:
                self._docs.move_to_end(article_id)
            return doc

    def put(self, article_id: str, doc: str) -> None:
        if len(doc) > self.max_bytes:
            return
        with self._lock:
            old = self._docs.pop(article_id, None)
            self.size += len(doc) - (len(old) if old else 0)
            self._docs[article_id] = doc
            while self.size > self.max_bytes:
                _, dropped = self._docs.popitem(last=False)
                self.size -= len(dropped)


class NeedsStore(Exception):
    """Raised by :meth:`Queries.article_json` and :meth:`Queries.search` with
    ``memory_only=True`` when the answer needs DuckDB (a document, relations snapshot, facet rows
    or token table not in memory yet, or a filter only SQL can apply)."""


class ArticleRelations:
    """Every article's story cluster, duplicate group and copies, read in four scans.

    The article endpoint otherwise ran four small DuckDB queries per request (about 0.3–0.6 ms
    each, mostly DuckDB's per-statement planning, measured); from this snapshot an article
    answer is a few dict look-ups. Unlike documents these rows change when articles are added
    (a new copy, a new duplicate group, re-clustering), so :class:`Queries` drops the snapshot
    on every write and builds a new one on the next read. It holds about 1 KB per article, so
    stores above ``Queries.relations_max_articles`` keep answering from SQL.
    """

    def __init__(self, cluster_of: dict[str, Any], group_of: dict[str, str],
                 group_members: dict[str, list[dict[str, Any]]],
                 clusters: dict[Any, dict[str, Any]], copies: dict[str, list[dict[str, Any]]]):
        self.cluster_of = cluster_of
        self.group_of = group_of
        self.group_members = group_members
        self.clusters = clusters
        self.copies = copies

    @classmethod
    def load(cls, sql: Any) -> "ArticleRelations":
        cluster_of = {r["id"]: r["cluster_id"] for r in sql("SELECT id, cluster_id FROM articles")}
        group_of: dict[str, str] = {}
        group_members: dict[str, list[dict[str, Any]]] = {}
        for r in sql("SELECT d.group_id, d.article_id, a.title, a.source, a.url, a.published, "
                     "d.similarity FROM duplicates d JOIN articles a ON a.id = d.article_id "
                     "ORDER BY a.published NULLS LAST"):
            group_of.setdefault(r["article_id"], r["group_id"])
            group_members.setdefault(r["group_id"], []).append(
                {"id": r["article_id"], "title": r["title"], "source": r["source"],
                 "url": r["url"], "published": r["published"], "similarity": r["similarity"]})
        clusters: dict[Any, dict[str, Any]] = {}
        for r in sql("SELECT cluster_id, label, size, first_day, last_day FROM clusters"):
            clusters.setdefault(r["cluster_id"], r)
        copies: dict[str, list[dict[str, Any]]] = {}
        for r in sql("SELECT article_id, url, source, published, origin FROM copies "
                     "ORDER BY seen_at"):
            aid = r.pop("article_id")
            copies.setdefault(aid, []).append(r)
        return cls(cluster_of, group_of, group_members, clusters, copies)

    def answer_json(self, article_id: str, doc: str) -> str:
        """The article endpoint's JSON: the stored document spliced in verbatim (it is already
        compact JSON; parsing and re-serialising it cost about 1 ms per request, measured)."""
        group = self.group_of.get(article_id)
        duplicates = [m for m in self.group_members.get(group, ()) if m["id"] != article_id] \
            if group else []
        cluster_id = self.cluster_of.get(article_id)
        cluster = self.clusters.get(cluster_id) if cluster_id is not None else None
        rest = _compact({"duplicate_group": group, "duplicates": duplicates,
                         "copies": self.copies.get(article_id, []), "cluster": cluster})
        return '{"article":' + doc + "," + rest[1:]


def _compact(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)


class Queries:
    """The API's view of one open :class:`~newsgraph.store.Corpus`."""

    def __init__(self, corpus: Any, *, doc_cache_bytes: int = 64 << 20,
                 relations_max_articles: int = 100_000) -> None:
        self.corpus = corpus
        self.docs = DocCache(doc_cache_bytes)
        # id → (values per facet in FACETS order, {(entity|theme, value): label})
        self._facet_rows: dict[str, tuple[tuple, dict[tuple, Any]]] = {}
        self._meta: dict[str, tuple[float | None, int | None]] = {}  # id → (tone, word_count)
        self._facet_lock = threading.Lock()
        self.relations_max_articles = relations_max_articles
        self.snippets = None
        if getattr(corpus, "index", None) is not None and corpus.index.index is not None:
            from newsgraph.api.snippets import Snippets

            self.snippets = Snippets(corpus.index)
        self._relations: ArticleRelations | None = None
        self._relations_lock = threading.Lock()
        self._writes = 0  # bumped before and after every write
        self._writing = 0
        self._write_lock = threading.Lock()

    def preload_docs(self) -> int:
        """Fill the document cache with the newest articles (one scan); returns how many."""
        if self.docs.max_bytes <= 0:
            return 0
        cur = self.corpus.cursor()
        n = 0
        # the newest ~budget/40 KB articles; a range on seq lets DuckDB skip older row groups
        # instead of decompressing every document to sort them
        newest = max(1, self.docs.max_bytes // 40_000)
        try:
            cur.execute("SELECT id, doc FROM articles WHERE seq > "
                        "(SELECT coalesce(max(seq), 0) FROM articles) - ? ORDER BY seq DESC",
                        [newest])
            while batch := cur.fetchmany(256):
                for aid, doc in batch:
                    if self.docs.size + len(doc) > self.docs.max_bytes:
                        return n
                    self.docs.put(aid, doc)
                    n += 1
        finally:
            cur.close()
        return n

    def close(self) -> None:
        self.corpus.close()

    def _sql(self, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
        cur = self.corpus.cursor()
        try:
            cur.execute(sql, list(params))
            cols = [d[0] for d in cur.description]
            return [{c: _jsonable(v) for c, v in zip(cols, row)} for row in cur.fetchall()]
        except Exception as exc:
            if type(exc).__module__.startswith("duckdb"):
                raise StoreError(f"query failed: {exc}") from exc
            raise
        finally:
            cur.close()

    def _where(self, f: Filters, alias: str = "a", drop: tuple[str, ...] = ()) -> tuple[str, list]:
        return self.corpus._where(store_filters(f, drop=drop), alias)

    # ---- articles ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        out = self.corpus.stats()
        out["sources_top"] = {r["source"] or "?": r["n"] for r in self._sql(
            "SELECT source, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15")}
        return {k: _jsonable(v) for k, v in out.items()}

    def articles(self, f: Filters) -> dict[str, Any]:
        return self.corpus.list_articles(limit=f.limit, offset=f.offset, **store_filters(f))

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The stored Article JSON plus where else it appeared (copies, duplicate group, story)."""
        body = self.article_json(article_id)
        return None if body is None else json.loads(body)

    def article_json(self, article_id: str, *, memory_only: bool = False) -> str | None:
        """:meth:`article` as JSON text, None for an unknown id. With ``memory_only`` it raises
        :class:`NeedsStore` instead of querying DuckDB, so the server can answer on its event
        loop when the document and the relations snapshot are in memory."""
        rel = self._relations if memory_only else self.relations()
        if rel is None:
            if memory_only:
                raise NeedsStore
            return self._article_json_sql(article_id)
        if article_id not in rel.cluster_of:
            return None
        doc = self.docs.get(article_id)
        if doc is None:
            if memory_only:
                raise NeedsStore
            found = self._sql("SELECT doc FROM articles WHERE id = ?", [article_id])
            if not found:
                return None
            doc = found[0]["doc"]
            self.docs.put(article_id, doc)
        return rel.answer_json(article_id, doc)

    def relations(self) -> ArticleRelations | None:
        """The relations snapshot, built when missing; None while a write is running, when
        another thread is building it, or for stores above ``relations_max_articles``."""
        rel = self._relations
        if rel is not None or self._writing:
            return rel
        if not self._relations_lock.acquire(blocking=False):
            return None
        try:
            if self._relations is not None:
                return self._relations
            before = self._writes
            n = self._sql("SELECT count(*) AS n FROM articles")[0]["n"]
            if n > self.relations_max_articles:
                return None
            rel = ArticleRelations.load(self._sql)
            if before == self._writes and not self._writing:
                self._relations = rel
            return rel
        finally:
            self._relations_lock.release()

    def _article_json_sql(self, article_id: str) -> str | None:
        """The same answer from per-article queries (used while the snapshot is unavailable)."""
        # Small separate queries: a correlated list() subquery here cost 20 ms, these ~2 ms.
        rows = self._sql(
            "SELECT a.cluster_id, d.group_id FROM articles a LEFT JOIN duplicates d "
            "ON d.article_id = a.id WHERE a.id = ? LIMIT 1", [article_id])
        if not rows:
            return None
        doc = self.docs.get(article_id)
        if doc is None:
            doc = self._sql("SELECT doc FROM articles WHERE id = ?", [article_id])[0]["doc"]
            self.docs.put(article_id, doc)
        row = rows[0]
        group = row["group_id"]
        duplicates = self._sql(
            "SELECT a.id, a.title, a.source, a.url, a.published, d.similarity "
            "FROM duplicates d JOIN articles a ON a.id = d.article_id "
            "WHERE d.group_id = ? AND a.id <> ? ORDER BY a.published NULLS LAST",
            [group, article_id]) if group else []
        cluster = None
        if row["cluster_id"] is not None:
            found = self._sql("SELECT cluster_id, label, size, first_day, last_day FROM clusters "
                              "WHERE cluster_id = ?", [row["cluster_id"]])
            cluster = found[0] if found else None
        copies = self._sql("SELECT url, source, published, origin FROM copies "
                           "WHERE article_id = ? ORDER BY seen_at", [article_id])
        rest = _compact({"duplicate_group": group, "duplicates": duplicates, "copies": copies,
                         "cluster": cluster})
        return '{"article":' + doc + "," + rest[1:]

    def search(self, q: str, f: Filters, *, memory_only: bool = False) -> dict[str, Any]:
        """Ranked hits with snippets; filters the index lacks (source, CAMEO root, QuadClass,
        country) are applied to the top hits in SQL. Facets count the top FACET_HITS hits.

        With ``memory_only`` it raises :class:`NeedsStore` instead of querying DuckDB (a filter
        the index lacks, or hits whose facet rows were never loaded), so the server can answer
        on its event loop: tantivy holds the GIL while it searches, so a worker thread would
        not run it in parallel anyway, only add GIL hand-offs."""
        idx_filters = store_filters(f, drop=("source", "cameo_root", "quad_class", "country"))
        post = store_filters(f, drop=("since", "until", "lang", "entity", "theme"))
        if post and memory_only:
            raise NeedsStore
        need = f.offset + f.limit
        res = self.corpus.search(q, limit=min(max(FACET_HITS, need), 10_000), offset=0,
                                 **idx_filters)
        hits = list(res.hits)
        total = res.total
        if post and hits:
            where, params = self.corpus._where(post, "a")
            keep = {r["id"] for r in self._sql(
                f"SELECT a.id FROM articles a WHERE a.id IN (SELECT unnest(?::VARCHAR[])) "
                f"AND {where}", [[h.id for h in hits], *params])}
            hits = [h for h in hits if h.id in keep]
            total = len(hits) if res.total <= len(res.hits) else max(len(hits), total)
        page = hits[f.offset:need]
        top = [h.id for h in hits[:FACET_HITS]]
        unseen = [i for i in dict.fromkeys(top + [h.id for h in page]) if i not in self._facet_rows]
        if unseen:  # one query loads facet rows and tone/word count for top hits and the page
            if memory_only:
                raise NeedsStore
            self._load_facet_rows(unseen)
        facets = self._facets(top)
        snippets = self._snippets(q, f.language, page, memory_only)
        items = []
        for rank, (h, snippet) in enumerate(zip(page, snippets), start=f.offset + 1):
            tone, words = self._meta.get(h.id, (None, None))
            items.append({
                "id": h.id, "rank": rank, "score": h.score, "title": h.title, "url": h.url,
                "source": h.source, "published": _jsonable(h.published), "language": h.language,
                "tone": tone, "word_count": words, "snippet": snippet,
            })
        return {"query": q, "total": total, "limit": f.limit, "offset": f.offset,
                "items": items, "facets": facets}

    def _snippets(self, q: str, lang: str | None, page: list[Any],
                  memory_only: bool) -> list[dict[str, Any]]:
        """The page's snippets from the token tables (:mod:`newsgraph.api.snippets`), loading the
        tables of articles not shown before; tantivy's own snippets for queries they cannot
        mirror."""
        terms = self.snippets.terms(q, lang) if self.snippets is not None else None
        if terms is None:
            return [snippet_from_html(h.snippet) for h in page]
        missing = {h.id: h.language for h in page if not self.snippets.has(h.id)}
        if missing:
            if memory_only:
                raise NeedsStore
            for r in self._sql("SELECT id, text FROM articles WHERE id IN "
                               "(SELECT unnest(?::VARCHAR[]))", [list(missing)]):
                self.snippets.add(r["id"], missing[r["id"]], r["text"] or "")
        out = []
        for h in page:
            snippet = self.snippets.snippet(h.id, h.language, terms)
            out.append(snippet if snippet is not None else snippet_from_html(h.snippet))
        return out

    def _facets(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Counts per language, source, entity, theme and month over ``ids``.

        What each article contributes is cached per article id (ids are content hashes, stored
        articles never change), so only articles not seen before are queried. Counting runs in
        ``Counter.update`` (C) per facet; an entity's or theme's label is the one of the
        best-ranked article that has it.
        """
        missing = [i for i in dict.fromkeys(ids) if i not in self._facet_rows]
        if missing:
            self._load_facet_rows(missing)
        rows = [row for aid in dict.fromkeys(ids) if (row := self._facet_rows.get(aid))]
        out: dict[str, list[dict[str, Any]]] = {}
        for i, facet in enumerate(FACETS):
            counts: Counter = Counter()
            for values, _ in rows:
                counts.update(values[i])
            if facet == "month":
                out[facet] = [{"value": v, "count": counts[v]}
                              for v in sorted(counts, key=lambda v: v or "")[:60]]
                continue
            limit = FACET_LIMITS[facet]
            # only values at or above the limit-th highest count can make the cut; the full
            # (-count, value) sort runs on those few
            floor = min(heapq.nlargest(limit, counts.values()), default=0)
            top = sorted(((v, n) for v, n in counts.items() if n >= floor),
                         key=lambda vn: (-vn[1], str(vn[0])))[:limit]
            if facet in ("entity", "theme"):
                out[facet] = [{"value": v, "label": next(
                    labels[(facet, v)] for _, labels in rows if (facet, v) in labels),
                    "count": n} for v, n in top]
            else:
                out[facet] = [{"value": v, "count": n} for v, n in top]
        return out

    def _load_facet_rows(self, ids: list[str]) -> None:
        rows = self._sql(
            """WITH hit AS (SELECT unnest(?::VARCHAR[]) AS id)
            SELECT id AS article_id, 'language' AS facet, language AS value, NULL AS label
              FROM articles WHERE id IN (SELECT id FROM hit)
            UNION ALL SELECT id, 'source', source, NULL FROM articles
              WHERE id IN (SELECT id FROM hit)
            UNION ALL SELECT id, '_meta', CAST(tone AS VARCHAR), CAST(word_count AS VARCHAR)
              FROM articles WHERE id IN (SELECT id FROM hit)
            UNION ALL SELECT id, 'month', strftime(day, '%Y-%m'), NULL FROM articles
              WHERE id IN (SELECT id FROM hit) AND day IS NOT NULL
            UNION ALL SELECT DISTINCT article_id, 'entity', entity_id, name FROM entities
              WHERE article_id IN (SELECT id FROM hit)
            UNION ALL SELECT DISTINCT article_id, 'theme', code, label FROM themes
              WHERE article_id IN (SELECT id FROM hit)""", [ids])
        grouped: dict[str, dict[tuple, Any]] = {i: {} for i in ids}
        for r in rows:
            if r["facet"] == "_meta":
                self._meta[r["article_id"]] = (
                    float(r["value"]) if r["value"] is not None else None,
                    int(r["label"]) if r["label"] is not None else None)
                continue
            # one entry per (facet, value) and article; the first name seen labels it
            grouped.setdefault(r["article_id"], {}).setdefault(
                (r["facet"], r["value"]), r["label"])
        with self._facet_lock:
            for aid, entries in grouped.items():
                self._facet_rows[aid] = (
                    tuple(tuple(v for f, v in entries if f == facet) for facet in FACETS),
                    {key: lab for key, lab in entries.items() if key[0] in ("entity", "theme")})
                if len(self._facet_rows) > 200_000:
                    old = next(iter(self._facet_rows))
                    self._facet_rows.pop(old)
                    self._meta.pop(old, None)

    def _named(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add ``source_name``/``target_name`` (the entities' canonical names) to event rows."""
        ids = sorted({e[k] for e in events for k in ("source_entity", "target_entity") if e.get(k)})
        names = {}
        if ids:
            names = {r["id"]: r["name"] for r in self._sql(
                "SELECT entity_id AS id, mode(name) AS name FROM entities "
                "WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1", [ids])}
        for e in events:
            e["source_name"] = names.get(e.get("source_entity"))
            e["target_name"] = names.get(e.get("target_entity"))
        return events

    # ---- entities ------------------------------------------------------------------------
    def entities(self, q: str | None, etype: str | None, f: Filters) -> dict[str, Any]:
        items = self.corpus.entities(q=q, type=etype, limit=f.limit, offset=f.offset,
                                     **store_filters(f))
        where, params = self._where(f)
        cond, extra = "TRUE", []
        if q:
            cond += " AND (e.name ILIKE ? OR e.entity_id ILIKE ?)"
            extra += [f"%{q}%", f"%{q}%"]
        if etype:
            cond += " AND e.type = ?"
            extra.append(etype)
        total = self._sql(
            f"SELECT count(DISTINCT e.entity_id) AS n FROM entities e JOIN articles a "
            f"ON a.id = e.article_id WHERE {where} AND {cond}", [*params, *extra])[0]["n"]
        return {"total": total, "limit": f.limit, "offset": f.offset, "items": items}

    def entity(self, entity_id: str, f: Filters) -> dict[str, Any] | None:
        filters = store_filters(f, drop=("entity",))
        ent = self.corpus.entity(entity_id, **filters)
        if ent is None:
            return None
        co = ent.pop("co_mentioned", [])
        timeline = self.corpus.entity_timeline(entity_id, **filters)
        where, params = self._where(f, drop=("entity",))
        # Mean article tone, and the tone step's per-entity tone where it computed one.
        tone = {r["day"]: r for r in self._sql(
            f"SELECT a.day, avg(a.tone) AS tone, "
            f"avg(TRY_CAST(json_extract(a.doc, ?) AS DOUBLE)) AS entity_tone "
            f"FROM articles a WHERE a.id IN (SELECT article_id FROM entities WHERE entity_id = ?) "
            f"AND a.day IS NOT NULL AND {where} GROUP BY a.day",
            [f'$.tone.entities."{entity_id}"', entity_id, *params])}
        for row in timeline:
            t = tone.get(row["day"], {})
            row["tone"], row["entity_tone"] = t.get("tone"), t.get("entity_tone")
        quotes_by = self.corpus.quotes(speaker=entity_id, limit=100, **filters)
        quotes_about = self._sql(
            f"""SELECT DISTINCT qu.article_id, qu.idx, qu.kind, qu.speaker, qu.speaker_text,
                   qu.cue, qu.text, qu."start", qu."end", a.title, a.source, a.url, a.day,
                   a.published
            FROM quotes qu JOIN mentions m ON m.article_id = qu.article_id
                 AND m.entity_id = ? AND m."start" >= qu."start" AND m."end" <= qu."end"
            JOIN articles a ON a.id = qu.article_id
            WHERE coalesce(qu.speaker, '') <> ? AND {where}
            ORDER BY a.published DESC NULLS LAST, qu.article_id, qu.idx LIMIT 100""",
            [entity_id, entity_id, *params])
        events = self._sql(
            f"""SELECT ev.*, a.title, a.source, a.url FROM events ev
            JOIN articles a ON a.id = ev.article_id
            WHERE (ev.source_entity = ? OR ev.target_entity = ?) AND {where}
            ORDER BY coalesce(ev.event_date, ev.day) DESC NULLS LAST, ev.event_seq DESC
            LIMIT 300""", [entity_id, entity_id, *params])
        self._named(events)
        return {
            "entity": {k: _jsonable(v) for k, v in ent.items()},
            "timeline": timeline,
            "quotes_by": quotes_by,
            "quotes_about": quotes_about,
            "cooccurring": co,
            "events_as_source": [e for e in events if e["source_entity"] == entity_id],
            "events_as_target": [e for e in events if e["target_entity"] == entity_id],
            "network": self.ego_network(entity_id, co, f),
        }

    def ego_network(self, entity_id: str, co: list[dict[str, Any]], f: Filters) -> dict[str, Any]:
        """Actors this entity acts on or is acted on by (event edges with QuadClass), plus the
        edges among them; entities mentioned alongside it when there are no events."""
        net = self.corpus.event_network(limit=300, include_negated=True,
                                        **store_filters(f, drop=("entity",)), entity=entity_id)
        edges = [e for e in net["edges"] if entity_id in (e["source"], e["target"])]
        partners = {e["source"] for e in edges} | {e["target"] for e in edges}
        edges += [e for e in net["edges"] if e not in edges
                  and e["source"] in partners and e["target"] in partners][:50]
        kind = "events"
        if not edges:
            kind = "cooccurrence"
            edges = [{"source": entity_id, "target": c["id"], "weight": c["weight"],
                      "quad_class": None} for c in co[:20]]
        ids = {entity_id} | {e["source"] for e in edges} | {e["target"] for e in edges}
        nodes = [n for n in net["nodes"] if n["id"] in ids]
        known = {n["id"] for n in nodes}
        if ids - known:
            names = {r["id"]: r for r in self._sql(
                "SELECT entity_id AS id, mode(name) AS name, mode(type) AS type FROM entities "
                "WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1",
                [sorted(ids - known)])}
            nodes += [names.get(i, {"id": i, "name": i, "type": None}) for i in sorted(ids - known)]
        return {"kind": kind, "nodes": nodes, "edges": edges}

    # ---- events, timeline, network, places ------------------------------------------------
    def events(self, f: Filters, plover: str | None = None, place: str | None = None,
               cameo: str | None = None, actor: str | None = None) -> dict[str, Any]:
        """Events with the store's filters plus ``actor`` (source or target entity id), the
        QuadClass timeline and facets for the filter menus."""
        where, params = self.corpus._event_where(cameo, plover, place, store_filters(f))
        if actor:
            where += " AND (ev.source_entity = ? OR ev.target_entity = ?)"
            params = [*params, actor, actor]
        base = f"FROM events ev JOIN articles a ON a.id = ev.article_id WHERE {where}"
        total = self._sql(f"SELECT count(*) AS n {base}", params)[0]["n"]
        items = self._named(self._sql(
            f"SELECT ev.*, a.title, a.source, a.url {base} "
            "ORDER BY coalesce(ev.event_date, ev.day) DESC NULLS LAST, ev.event_seq DESC "
            f"LIMIT {int(f.limit)} OFFSET {int(f.offset)}", params))
        timeline = self._sql(
            f"SELECT coalesce(ev.event_date, ev.day) AS day, ev.quad_class, count(*) AS count "
            f"{base} AND coalesce(ev.event_date, ev.day) IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
            params)

        def facet(col: str) -> list[dict[str, Any]]:
            return self._sql(f"SELECT {col} AS value, count(*) AS count {base} AND {col} IS NOT "
                             f"NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 40", params)

        return {
            "total": total, "limit": f.limit, "offset": f.offset, "items": items,
            "timeline": timeline,
            "facets": {"cameo_root": facet("ev.cameo_root"), "plover": facet("ev.plover"),
                       "quad_class": facet("ev.quad_class"), "place": facet("ev.location_name")},
        }

    def timeline(self, f: Filters, interval: str = "day") -> dict[str, Any]:
        return {"interval": interval,
                "items": self.corpus.timeline(interval=interval, **store_filters(f))}

    def network(self, f: Filters, kind: str = "events") -> dict[str, Any]:
        limit = max(10, min(f.limit, 500))
        if kind == "events":
            net = self.corpus.event_network(limit=limit, include_negated=True, **store_filters(f))
        else:
            net = self.corpus.cooccurrence_network(limit=limit, **store_filters(f))
        return {"kind": kind, **net}

    def places(self, f: Filters) -> dict[str, Any]:
        return self.corpus.places(limit=max(f.limit, 500), **store_filters(f))

    def duplicates(self, f: Filters) -> dict[str, Any]:
        return {"limit": f.limit, "offset": f.offset,
                "items": self.corpus.duplicate_groups(limit=f.limit, offset=f.offset,
                                                      **store_filters(f))}

    def clusters(self, f: Filters) -> dict[str, Any]:
        items = self.corpus.clusters(limit=f.limit, offset=f.offset, **store_filters(f))
        for c in items:
            c["articles"] = self._sql(
                "SELECT id, title, source, published FROM articles WHERE cluster_id = ? "
                "ORDER BY published NULLS LAST, seq LIMIT 20", [c["cluster_id"]])
        return {"limit": f.limit, "offset": f.offset, "items": items}

    # ---- writes ----------------------------------------------------------------------------
    def ingest(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        with self._write_lock:
            self._writing += 1
            self._writes += 1
            self._relations = None
        try:
            return self.corpus.ingest_records(records)
        finally:
            with self._write_lock:
                self._writes += 1
                self._relations = None
                self._writing -= 1


def open_queries(db_path: str | Path, *, threads: int | None = 1,
                 doc_cache_bytes: int = 64 << 20) -> Queries:
    """Open the store at ``db_path`` for serving: this process becomes its one writer.

    ``threads`` sets DuckDB's threads per query. A server runs many small queries at once, so
    requests give the concurrency; intra-query parallelism only added scheduling overhead
    (point and facet queries ran 4–5× slower with 2 threads on 2 busy cores). None keeps
    DuckDB's default.
    """
    from newsgraph.store import Corpus

    queries = Queries(Corpus(db_path), doc_cache_bytes=doc_cache_bytes)
    if threads:
        queries._sql(f"SET threads TO {int(threads)}")
    queries.preload_docs()
    queries.relations()
    return queries
