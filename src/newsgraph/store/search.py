"""Full-text index (tantivy) beside the DuckDB file: ``<db>.index/``.

One text field per analysis language so each gets its own stemmer (German/English Snowball via
tantivy's ``Filter.stemmer``); a query is parsed against all of them, so "Sanktion" finds
"Sanktionen" in German articles and "sanction" finds "sanctions" in English ones. Filters
(language, date range, entities, themes) are indexed as raw terms / a fast date field.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable

from newsgraph.errors import InvalidOptionError, StoreError, require

LANG_FIELDS = {"de": "german", "en": "english"}
OTHER = "xx"
SNIPPET_CHARS = 240
INDEX_VERSION = "2"


def _analyzers(tantivy: Any) -> dict[str, Any]:
    out = {}
    for lang, stemmer in LANG_FIELDS.items():
        out[f"{lang}_stem"] = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(stemmer))
            .build()
        )
    return out


def _schema(tantivy: Any) -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for lang in LANG_FIELDS:
        sb.add_text_field(f"title_{lang}", stored=True, tokenizer_name=f"{lang}_stem")
        sb.add_text_field(f"body_{lang}", stored=True, tokenizer_name=f"{lang}_stem")
    sb.add_text_field(f"title_{OTHER}", stored=True, tokenizer_name="default")
    sb.add_text_field(f"body_{OTHER}", stored=True, tokenizer_name="default")
    sb.add_text_field("lang", stored=True, tokenizer_name="raw")
    # shown with hits, so a search never needs the database
    for name in ("url", "source", "published_at"):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("entity", stored=False, tokenizer_name="raw")
    sb.add_text_field("theme", stored=False, tokenizer_name="raw")
    sb.add_date_field("published", stored=False, indexed=True, fast=True)
    return sb.build()


@dataclass
class SearchHit:
    """One ranked search result; ``snippet`` is HTML with ``<b>`` around the matched terms.

    Snippets are made on first access, so asking for many hits (e.g. for facets) costs only
    the snippets that are shown."""

    id: str
    score: float
    title: str | None
    language: str | None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    _make_snippet: Any = field(default=None, repr=False, compare=False)
    _snippet: tuple[str, list[tuple[int, int]]] | None = field(
        default=None, repr=False, compare=False)

    def _materialise(self) -> tuple[str, list[tuple[int, int]]]:
        if self._snippet is None:
            self._snippet = self._make_snippet() if self._make_snippet else ("", [])
            self._make_snippet = None
        return self._snippet

    @property
    def snippet(self) -> str:
        return self._materialise()[0]

    @property
    def highlights(self) -> list[tuple[int, int]]:
        """(start, end) of the highlighted terms within the snippet's text."""
        return self._materialise()[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "score": self.score, "title": self.title, "language": self.language,
            "snippet": self.snippet, "url": self.url, "source": self.source,
            "published": self.published,
        }


def _as_datetime(value: date | datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidOptionError(f"not an ISO date: {value!r}") from exc
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time())


class SearchIndex:
    """The tantivy index of a store. Only the store's writer adds documents."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        self.tantivy = require("tantivy", "corpus")
        self.path = Path(path)
        self.writable = writable
        self.schema = _schema(self.tantivy)
        version_file = self.path / "newsgraph-index-version"
        if self.path.exists() and (
            not version_file.exists() or version_file.read_text().strip() != INDEX_VERSION
        ):
            if not writable:
                raise StoreError("search index is outdated; open the store for writing to rebuild")
            shutil.rmtree(self.path)
        fresh = not self.path.exists()
        if fresh and not writable:
            self.path = None  # type: ignore[assignment]
            self.index = None
            return
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            self.index = self.tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError as exc:
            raise StoreError(f"cannot open search index {self.path}: {exc}") from exc
        for name, analyzer in _analyzers(self.tantivy).items():
            self.index.register_tokenizer(name, analyzer)
        if fresh:
            version_file.write_text(INDEX_VERSION)
        self._writer = None
        self.rebuilt = fresh

    # -- writing ---------------------------------------------------------------------------
    def _get_writer(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
            except ValueError as exc:
                raise StoreError(f"search index {self.path} is locked: {exc}") from exc
        return self._writer

    def add(self, docs: Iterable[dict[str, Any]]) -> int:
        """Add documents (dicts with id, title, text, language, published, entities, themes)."""
        writer = self._get_writer()
        n = 0
        for d in docs:
            lang = d.get("language") if d.get("language") in LANG_FIELDS else OTHER
            writer.delete_documents_by_term("id", d["id"])
            fields: dict[str, Any] = {
                "id": d["id"],
                f"body_{lang}": d.get("text") or "",
                "lang": d.get("language") or "",
            }
            if d.get("title"):
                fields[f"title_{lang}"] = d["title"]
            for name in ("url", "source"):
                if d.get(name):
                    fields[name] = d[name]
            if d.get("published") is not None:
                fields["published_at"] = (d["published"].isoformat()
                                          if hasattr(d["published"], "isoformat")
                                          else str(d["published"]))
            doc = self.tantivy.Document(**fields)
            for ent in d.get("entities") or ():
                doc.add_text("entity", ent)
            for theme in d.get("themes") or ():
                doc.add_text("theme", theme)
            published = _as_datetime(d.get("published"))
            if published is not None:
                doc.add_date("published", published)
            writer.add_document(doc)
            n += 1
        return n

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self.index.reload()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None

    # -- reading ---------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        since: date | datetime | str | None = None,
        until: date | datetime | str | None = None,
        lang: str | None = None,
        entity: str | None = None,
        theme: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[int, list[SearchHit]]:
        """Ranked hits for ``query`` (tantivy query syntax: words, "phrases", AND/OR, -not)."""
        if self.index is None:
            return 0, []
        t = self.tantivy
        fields = [f"{kind}_{lang_}" for lang_ in (*LANG_FIELDS, OTHER) for kind in ("title", "body")]
        if lang in LANG_FIELDS:
            fields = [f"title_{lang}", f"body_{lang}"]
        query = (query or "").strip()
        if query:
            text_query, _errors = self.index.parse_query_lenient(query, fields)
        else:
            text_query = t.Query.all_query()
        must = [(t.Occur.Must, text_query)]
        if lang:
            must.append((t.Occur.Must, t.Query.term_query(self.schema, "lang", lang)))
        if entity:
            must.append((t.Occur.Must, t.Query.term_query(self.schema, "entity", entity)))
        if theme:
            must.append((t.Occur.Must, t.Query.term_query(self.schema, "theme", theme)))
        lo, hi = _as_datetime(since), _as_datetime(until)
        if hi is not None and isinstance(until, date) and not isinstance(until, datetime):
            hi = datetime.combine(until, time.max)
        if lo is not None or hi is not None:
            must.append((t.Occur.Must, t.Query.range_query(
                self.schema, "published", t.FieldType.Date, lo, hi)))
        q = must[0][1] if len(must) == 1 else t.Query.boolean_query(must)
        searcher = self.index.searcher()  # the writer reloads after each commit
        result = searcher.search(q, limit, count=True, offset=offset)
        hits: list[SearchHit] = []
        generators: dict[str, Any] = {}

        def snippet_maker(doc: Any, body_field: str):
            def make() -> tuple[str, list[tuple[int, int]]]:
                if query:
                    gen = generators.get(body_field)
                    if gen is None:
                        gen = t.SnippetGenerator.create(
                            searcher, text_query, self.schema, body_field)
                        gen.set_max_num_chars(SNIPPET_CHARS)
                        generators[body_field] = gen
                    snippet = gen.snippet_from_doc(doc)
                    html = snippet.to_html()
                    if html:
                        return html, [(h.start, h.end) for h in snippet.highlighted()]
                return _escape((doc.get_first(body_field) or "")[:SNIPPET_CHARS]), []
            return make

        for score, address in result.hits:
            doc = searcher.doc(address)
            doc_lang = (doc.get_first("lang") or "") or None
            key = doc_lang if doc_lang in LANG_FIELDS else OTHER
            hits.append(SearchHit(
                id=doc.get_first("id"), score=float(score),
                title=doc.get_first(f"title_{key}"), language=doc_lang,
                url=doc.get_first("url"), source=doc.get_first("source"),
                published=doc.get_first("published_at"),
                _make_snippet=snippet_maker(doc, f"body_{key}"),
            ))
        return int(result.count or 0), hits

    def num_docs(self) -> int:
        if self.index is None:
            return 0
        self.index.reload()
        return int(self.index.searcher().num_docs)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
