"""Source readers for batch ingest: each SOURCE expands into items (one per article).

A SOURCE is a file, a directory (recursive), a glob, ``-`` (stdin) or an http(s) URL. Files are
read by kind: JSON (one record or a list), JSONL, CSV (a header with a ``text`` column, or
header-less ``label;text`` rows like 10kGNAD), RSS/Atom (feedparser; entry content, or the linked
page with ``fetch=True``), WARC (warcio; HTML responses), anything else as one text/HTML
article. A source that cannot be read becomes a failed item, never an exception, so one bad input
does not stop a batch.
"""

from __future__ import annotations

import csv
import glob as globmod
import io
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from newsgraph.errors import MalformedInputError, NewsgraphError
from newsgraph.schema import Article

TEXT_KEYS = ("text", "body", "content", "article", "maintext")
HTML_KEYS = ("html", "raw_html", "content_html")
URL_KEYS = ("url", "link", "href", "canonical_url")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "datetime", "pubdate", "date_publish", "published_at")
SOURCE_KEYS = ("source", "outlet", "site", "sitename", "source_name", "publisher")
LANG_KEYS = ("language", "lang")

FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz")
SKIP_NAMES = {".DS_Store", "Thumbs.db"}
#: in a directory walk, dataset documentation is not an article (a file named explicitly is)
SKIP_PREFIXES = ("readme", "license", "licence", "copying", "notice", "changelog")


@dataclass
class Item:
    """One article to ingest: raw data with metadata, an analysed Article, or a failure."""

    origin: str
    data: bytes | str | None = None
    is_html: bool | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    charset: str | None = None
    article: Article | None = None  #: already analysed (a record that is a schema.Article)
    error: tuple[str, str] | None = None  #: (code, message) when the item could not be read
    skipped: str | None = None  #: why this record is not an article (e.g. a WARC image record)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The JSON record the server's ``POST /api/ingest`` accepts."""
        if self.article is not None:
            return self.article.model_dump(mode="json")
        data = self.data
        if isinstance(data, bytes):
            from newsgraph.ingest.decode import decode_bytes

            data = decode_bytes(data, source=self.origin, declared=self.charset)
        rec = {"html" if self.is_html else "text": data, "origin": self.origin}
        for key in ("url", "title", "published", "source", "language"):
            if getattr(self, key):
                rec[key] = getattr(self, key)
        return rec


def failed(origin: str, exc: Exception) -> Item:
    if isinstance(exc, NewsgraphError):
        return Item(origin=origin, error=(exc.code, exc.message))
    return Item(origin=origin, error=("E001", f"{type(exc).__name__}: {exc}"))


def _first(rec: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lower = {k.lower(): v for k, v in rec.items()}
    for k in keys:
        v = lower.get(k)
        if v not in (None, ""):
            return v
    return None


def record_item(rec: Any, origin: str) -> Item:
    """A JSON/CSV record → Item. Records that are analysed Articles are taken as they are."""
    if not isinstance(rec, dict):
        return Item(origin=origin, error=("E013", "record is not a JSON object"))
    if "schema_version" in rec and "id" in rec and "text" in rec:
        try:
            return Item(origin=origin, article=Article.model_validate(rec))
        except ValueError as exc:
            return Item(origin=origin, error=("E013", f"invalid Article record: {exc}"[:500]))
    html = _first(rec, HTML_KEYS)
    text = _first(rec, TEXT_KEYS)
    if html is None and text is None:
        return Item(origin=origin, error=("E002", "record has no text or html field"))
    if not isinstance(html if html is not None else text, str):
        return Item(origin=origin, error=("E013", "text/html field is not a string"))
    published = _first(rec, DATE_KEYS)
    return Item(
        origin=rec.get("origin") or origin,
        data=html if html is not None else text,
        is_html=True if html is not None else None,
        url=_first(rec, URL_KEYS), title=_first(rec, TITLE_KEYS),
        published=str(published) if published is not None else None,
        source=_first(rec, SOURCE_KEYS), language=_first(rec, LANG_KEYS),
    )


def _read_bytes(path: Path) -> bytes:
    from newsgraph.config import Limits
    from newsgraph.ingest.read import read_file

    return read_file(path, Limits.from_env())


def _maybe_gunzip(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        import gzip

        return gzip.decompress(data)
    return data


def json_items(data: bytes, origin: str) -> Iterator[Item]:
    try:
        doc = json.loads(_maybe_gunzip(data))
    except ValueError as exc:
        yield Item(origin=origin, error=("E013", f"invalid JSON: {exc}"))
        return
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        doc = doc["articles"]
    if isinstance(doc, list):
        for i, rec in enumerate(doc):
            yield record_item(rec, f"{origin}#{i}")
    else:
        yield record_item(doc, origin)


def jsonl_items(data: bytes, origin: str) -> Iterator[Item]:
    for i, line in enumerate(_maybe_gunzip(data).decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield Item(origin=f"{origin}:{i}", error=("E013", f"invalid JSON line: {exc}"))
            continue
        yield record_item(rec, f"{origin}:{i}")


_DIALECTS = ((",", '"'), (";", '"'), ("\t", '"'), (";", "'"), (",", "'"), ("\t", "'"))


def _csv_rows(text: str, delimiter: str, quotechar: str) -> list[list[str]]:
    return [r for r in csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quotechar)
            if r and any(c.strip() for c in r)]


def csv_items(data: bytes, origin: str) -> Iterator[Item]:
    """CSV with a header naming a text column (RFC 4180); else header-less rows whose last
    column is the text — delimiter and quote character are the pair under which every row has
    the same number of columns (10kGNAD: ``label;'text'``). csv.Sniffer guessed wrong on it."""
    text = data.decode("utf-8-sig", "replace")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    best: list[list[str]] | None = None
    for delimiter, quotechar in _DIALECTS:
        rows = _csv_rows(text, delimiter, quotechar)
        if not rows:
            continue
        header = [h.strip().lower() for h in rows[0]]
        if any(k in header for k in (*TEXT_KEYS, *HTML_KEYS)):
            for i, row in enumerate(rows[1:], 1):
                rec = {h: v for h, v in zip(rows[0], row) if h}
                yield record_item(rec, f"{origin}#{i}")
            return
        widths = {len(r) for r in rows}
        if best is None and len(widths) == 1 and widths.pop() > 1:
            best = rows
    if best is None:
        yield Item(origin=origin, error=("E013", "CSV without a text column or consistent rows"))
        return
    for i, row in enumerate(best, 1):
        yield record_item({"text": row[-1]}, f"{origin}#{i}")


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) \
        or head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def feed_items(data: bytes, origin: str, *, fetch: bool = False) -> Iterator[Item]:
    from newsgraph.errors import require

    feedparser = require("feedparser", "corpus")
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        yield Item(origin=origin, error=("E013", f"unreadable feed: {parsed.get('bozo_exception')}"))
        return
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        link = entry.get("link")
        where = f"{origin}#{link or i}"
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                published = datetime(*entry[key][:6], tzinfo=timezone.utc).isoformat()
                break
        meta = {"url": link, "title": entry.get("title"), "published": published,
                "source": outlet}
        if fetch and link:
            yield Item(origin=link, extra={"fetch": True}, **meta)
            continue
        content = entry.get("content") or []
        body = content[0].get("value") if content else entry.get("summary")
        if not body:
            yield Item(origin=where, error=("E002", "feed entry has no content (use --fetch)"))
            continue
        yield Item(origin=where, data=body, is_html=None, **meta)


def warc_items(path_or_data: Path | bytes, origin: str) -> Iterator[Item]:
    from newsgraph.errors import require

    warcio = require("warcio.archiveiterator", "corpus")
    stream = (io.BytesIO(path_or_data) if isinstance(path_or_data, bytes)
              else open(path_or_data, "rb"))
    try:
        for record in warcio.ArchiveIterator(stream, arc2warc=True):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            ctype = ""
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    yield Item(origin=f"{origin}#{uri}", skipped=f"HTTP status {status}")
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if ctype and "html" not in ctype.lower():
                yield Item(origin=f"{origin}#{uri}", skipped=f"not HTML ({ctype.split(';')[0]})")
                continue
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip() or None
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                # warcio hands out a cut-off record's partial body without complaint: the
                # bytes its Content-Length promised are not all there.
                yield Item(origin=f"{origin}#{uri}", error=("E013", "truncated WARC record"))
                continue
            yield Item(origin=f"{origin}#{uri}", data=body, is_html=True, url=uri,
                       charset=charset)
    except Exception as exc:  # warcio raises plain exceptions on corrupt archives
        yield Item(origin=origin, error=("E013", f"unreadable WARC: {exc}"))
    finally:
        stream.close()


def file_items(path: Path, origin: str | None = None, *, fetch: bool = False) -> Iterator[Item]:
    """The items of one file, chosen by its name and, failing that, its content."""
    origin = origin or str(path)
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from warc_items(path, origin)
        return
    try:
        data = _read_bytes(path)
    except NewsgraphError as exc:
        yield failed(origin, exc)
        return
    yield from data_items(data, origin, name=name, fetch=fetch)


def data_items(data: bytes, origin: str, *, name: str = "", fetch: bool = False) -> Iterator[Item]:
    if name.endswith(JSONL_SUFFIXES):
        yield from jsonl_items(data, origin)
    elif name.endswith((".json", ".json.gz")):
        yield from json_items(data, origin)
    elif name.endswith((".csv", ".tsv")):
        yield from csv_items(data, origin)
    elif name.endswith(FEED_SUFFIXES) or _looks_like_feed(data):
        yield from feed_items(data, origin, fetch=fetch)
    elif data[:4] == b"WARC" or data[:2] == b"\x1f\x8b" and name.endswith(".gz"):
        yield from warc_items(data, origin)
    elif not name and data.lstrip()[:1] in (b"{", b"["):
        stripped = data.strip()
        if stripped[:1] == b"[" or stripped.count(b"\n") == 0:
            yield from json_items(data, origin)
        else:
            yield from jsonl_items(data, origin)
    else:
        yield Item(origin=origin, data=data)


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith(".") and f not in SKIP_NAMES and not f.lower().startswith(
                    SKIP_PREFIXES):
                yield Path(root) / f


def expand(source: str, *, fetch: bool = False) -> Iterator[Item]:
    """All items of one SOURCE (see module docstring)."""
    from newsgraph.config import Limits
    from newsgraph.ingest.read import read_source

    if source == "-":
        try:
            raw = read_source("-")
        except NewsgraphError as exc:
            yield failed("<stdin>", exc)
            return
        yield from data_items(raw.data, "<stdin>", fetch=fetch)
        return
    if source.lower().startswith(("http://", "https://")):
        try:
            raw = read_source(source, limits=Limits.from_env())
        except NewsgraphError as exc:
            yield failed(source, exc)
            return
        ctype = (raw.content_type or "").lower()
        if any(k in ctype for k in ("rss", "atom", "xml")) or _looks_like_feed(raw.data):
            yield from feed_items(raw.data, source, fetch=fetch)
        else:
            yield Item(origin=source, data=raw.data, url=raw.url or source,
                       is_html=True if "html" in ctype else None, charset=raw.charset)
        return
    path = Path(source)
    if path.is_dir():
        for p in _walk(path):
            yield from file_items(p, fetch=fetch)
        return
    if not path.exists() and any(ch in source for ch in "*?["):
        matches = sorted(globmod.glob(source, recursive=True))
        if not matches:
            yield Item(origin=source, error=("E006", "no files match this pattern"))
        for m in matches:
            if Path(m).is_file():
                yield from file_items(Path(m), fetch=fetch)
        return
    yield from file_items(path, source, fetch=fetch)


def fetch_item(item: Item) -> Item:
    """Download a feed entry's linked page (``--fetch``); failures become failed items."""
    from newsgraph.config import Limits
    from newsgraph.ingest.read import read_source

    try:
        raw = read_source(item.origin, limits=Limits.from_env())
    except NewsgraphError as exc:
        return failed(item.origin, exc)
    item.data, item.is_html, item.charset = raw.data, True, raw.charset
    item.url = raw.url or item.url
    return item


def malformed(origin: str, message: str) -> Item:
    return failed(origin, MalformedInputError(message, source=origin))
