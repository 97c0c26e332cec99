"""Main text and metadata from a web page.

A cascade in trafilatura's spirit: trafilatura's extractor, then its baseline when the main
extractor finds (almost) nothing. trafilatura's date comes from htmldate without time of day, so
the published date-time (with zone) is read from the page's own declarations (JSON-LD,
``article:published_time``, ``<time datetime>``) when they agree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from newsgraph.errors import MalformedInputError

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_TAG = re.compile(r"<(?:p|div|br|a|span|article|section|h[1-6]|li|ul|table|script|meta|title)\b[^>]*>", re.I)

_DATE_PATTERNS = [
    re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"'),
    re.compile(r'<meta[^>]+(?:property|name|itemprop)=["\'](?:article:published_time|datePublished|pubdate|publishdate|date)["\'][^>]*content=["\']([^"\']{8,40})["\']', re.I),
    re.compile(r'<meta[^>]+content=["\']([^"\']{8,40})["\'][^>]*(?:property|name|itemprop)=["\'](?:article:published_time|datePublished)["\']', re.I),
    re.compile(r'<time[^>]+datetime=["\']([^"\']{8,40})["\']', re.I),
]
#: Byline words trafilatura sometimes returns as the author.
_NOT_AUTHORS = {"veröffentlicht", "published", "von", "by", "aktualisiert", "updated", "redaktion", "stand"}


@dataclass
class Page:
    blocks: list[tuple[str, str]] = field(default_factory=list)  #: (kind: 'p'|'head', text)
    title: str | None = None
    author: str | None = None
    published: datetime | date | None = None
    sitename: str | None = None
    url: str | None = None
    description: str | None = None
    language: str | None = None


def looks_like_html(text: str) -> bool:
    """Decide from content, not file name: a document start tag, or markup dense enough."""
    head = text[:5000]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 3


def _parse_datetime(value: str) -> datetime | date | None:
    value = value.strip()
    try:
        if len(value) <= 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def published_from_markup(html: str, day: str | None) -> datetime | date | None:
    """The most precise publication time the page declares, consistent with ``day`` if given."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(html[:200_000]):
            parsed = _parse_datetime(match.group(1))
            if parsed is None:
                continue
            if day and parsed.isoformat()[:10] != day:
                continue
            return parsed
    return _parse_datetime(day) if day else None


def extract_html(html: str, *, url: str | None = None, source: str = "<html>") -> Page:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_formatting=False, deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted lxml/ValueErrors on broken markup
        raise MalformedInputError(f"cannot parse HTML: {exc}", source=source) from exc
    page = Page()
    if doc is not None and doc.body is not None:
        for el in doc.body:
            text = " ".join("".join(el.itertext()).split())
            if text:
                page.blocks.append(("head" if el.tag == "head" else "p", text))
        page.title = doc.title
        author = (doc.author or "").strip()
        page.author = author if author and author.lower() not in _NOT_AUTHORS else None
        page.sitename = doc.sitename
        page.url = doc.url or url
        page.description = doc.description
        page.published = published_from_markup(html, doc.date)
    if sum(len(t) for _, t in page.blocks) < 100:
        _, text, _ = trafilatura.baseline(html)
        if text and len(text) > sum(len(t) for _, t in page.blocks):
            page.blocks = [("p", " ".join(line.split())) for line in text.splitlines() if line.strip()]
    if page.blocks and page.title and page.blocks[0][0] == "head":
        if " ".join(page.blocks[0][1].split()) == " ".join(page.title.split()):
            page.blocks.pop(0)
    m = re.search(r'<html[^>]+lang=["\']([A-Za-z]{2})', html[:5000], re.I)
    page.language = m.group(1).lower() if m else None
    return page
