"""Raw input → cleaned, language-identified :class:`~newsgraph.schema.Article` (not yet analysed)."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from newsgraph.config import Limits
from newsgraph.errors import EmptyInputError, InputTooLargeError, InvalidOptionError
from newsgraph.ingest.clean import clean_blocks
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.html import Page, extract_html, looks_like_html
from newsgraph.ingest.langid import ANALYSED_LANGUAGES, identify
from newsgraph.schema import Article, Section

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ATTRIBUTION_DASHES = ("—", "–", "-")
_HEADING_END = (".", "!", "?", ":", ";", ",", '"', "“", "”", "»", "«", ")", "…")


def parse_published(value: str | date | datetime | None, *, source: str = "--published") -> date | datetime | None:
    """Accept a date or an ISO 8601 date-time (with or without zone)."""
    if value is None or isinstance(value, (date, datetime)):
        return value
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidOptionError(
            f"not an ISO 8601 date or date-time: {value!r} (e.g. 2025-08-16 or 2025-08-16T11:42+02:00)",
            source=source,
        ) from exc


def text_blocks(text: str) -> list[tuple[str, str]]:
    """Split plain text into paragraphs; short unpunctuated lines between paragraphs are headings."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    blocks: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        is_heading = (
            len(line) <= 100 and len(line.split()) <= 14 and not line.endswith(_HEADING_END)
            and i + 1 < len(lines) and len(lines[i + 1]) > len(line)
            and not (blocks and blocks[-1][0] == "head")
            and line[:1] not in _ATTRIBUTION_DASHES  # "—Troy Roberts": who said the quotation above
        )
        blocks.append(("head" if is_heading else "p", line))
    return blocks


def content_id(text: str) -> str:
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:20]


def _assemble(blocks: list[tuple[str, str]]) -> tuple[str, list[Section]]:
    parts: list[str] = []
    sections: list[Section] = []
    pos = 0
    for kind, text in blocks:
        if parts:
            pos += 1  # the joining newline
        if kind == "head":
            sections.append(Section(title=text, start=pos, end=pos + len(text)))
        parts.append(text)
        pos += len(text)
    return "\n".join(parts), sections


def prepare(
    data: bytes | str,
    *,
    origin: str,
    is_html: bool | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | date | datetime | None = None,
    source: str | None = None,
    language: str | None = None,
    charset: str | None = None,
    limits: Limits | None = None,
) -> Article:
    """Decode, extract (HTML), clean and identify the language of one input.

    Explicit metadata arguments win over what the page declares. Raises an
    :class:`~newsgraph.errors.InputError` subclass naming ``origin`` for unusable input.
    """
    limits = limits or Limits.from_env()
    published = parse_published(published)
    if len(data) > limits.max_input_bytes:
        raise InputTooLargeError(
            f"input is {len(data):,} bytes, over the limit of {limits.max_input_bytes:,}", source=origin
        )
    text = data if isinstance(data, str) else decode_bytes(data, source=origin, declared=charset)
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise EmptyInputError("input is empty or whitespace only", source=origin)
    if is_html is None:
        is_html = looks_like_html(text)
    notes: list[str] = []
    if is_html and len(text) > limits.max_html_chars:
        text = text[: limits.max_html_chars]
        notes.append(f"HTML cut to {limits.max_html_chars:,} characters before extraction (limit max_html_chars)")
    page = extract_html(text, url=url, source=origin) if is_html else Page(blocks=text_blocks(text))
    blocks = page.blocks
    if not is_html and title is None and blocks and blocks[0][0] == "head":
        title = blocks.pop(0)[1]
    cleaned = clean_blocks(blocks)
    body, sections = _assemble(cleaned.blocks)
    if len(body) > limits.max_text_chars:
        cut = body.rfind("\n", 0, limits.max_text_chars)
        body = body[: cut if cut > 0 else limits.max_text_chars]
        sections = [s for s in sections if s.end <= len(body)]
        notes.append(f"text truncated to {len(body):,} characters (limit max_text_chars)")
    if not body.strip() or (is_html and len(body.split()) < 5):
        raise EmptyInputError(
            "no article text found" + (" in the HTML page" if is_html else ""), source=origin
        )
    # a declared language wins: its confidence is 1.0 and the identifier's guess would go unused
    detected, confidence = identify(body) if not language else (None, 1.0)
    lang = language or detected
    if lang not in ANALYSED_LANGUAGES:
        notes.append(f"language {lang!r} is identified but not analysed (newsgraph analyses de, en)")
    return Article(
        id=content_id(body),
        url=url or page.url,
        canonical_url=page.url,
        source=source or page.sitename,
        title=title or page.title,
        author=page.author,
        description=page.description,
        published=published or page.published,
        language=lang,
        language_confidence=confidence if not language else 1.0,
        agency=cleaned.agency,
        dateline=cleaned.dateline,
        text=body,
        sections=sections,
        removed=cleaned.removed,
        notes=notes,
    )
