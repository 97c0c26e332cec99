"""Main text and metadata from a web page.

A cascade in trafilatura's spirit: trafilatura's extractor, then its baseline when the main
extractor finds (almost) nothing. Metadata comes from :mod:`newsgraph.ingest.metadata`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.errors import MalformedInputError
from newsgraph.ingest.metadata import Metadata, read_metadata

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_TAG = re.compile(r"<(?:p|div|br|a|span|article|section|h[1-6]|li|ul|table|script|meta|title)\b[^>]*>", re.I)

#: Byline words trafilatura sometimes returns as the author.
_NOT_AUTHORS = {"veröffentlicht", "published", "von", "by", "aktualisiert", "updated", "redaktion", "stand"}


@dataclass
class Page(Metadata):
    blocks: list[tuple[str, str]] = field(default_factory=list)  #: (kind: 'p'|'head', text)


def looks_like_html(text: str) -> bool:
    """Decide from content, not file name: a document start tag, or markup dense enough."""
    head = text[:5000]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 3


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _body_blocks(body) -> list[tuple[str, str]]:
    """Paragraph blocks from trafilatura's XML body; text in element tails counts too."""
    blocks: list[tuple[str, str]] = []

    def add(kind: str, text: str | None) -> None:
        text = _norm(text)
        if text:
            blocks.append((kind, text))

    add("p", body.text)
    for el in body:
        if el.tag == "list":
            add("p", el.text)
            for item in el:
                add("p", " ".join(item.itertext()))
                add("p", item.tail)
        else:
            add("head" if el.tag == "head" else "p", " ".join(el.itertext()))
        add("p", el.tail)
    return blocks


def extract_html(html: str, *, url: str | None = None, source: str = "<html>") -> Page:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=False, include_comments=False, include_tables=True,
            include_formatting=False, deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted lxml/ValueErrors on broken markup
        raise MalformedInputError(f"cannot parse HTML: {exc}", source=source) from exc
    page = Page(**vars(read_metadata(html)))
    page.url = page.url or url
    if page.author and page.author.lower() in _NOT_AUTHORS:
        page.author = None
    if doc is not None and doc.body is not None:
        page.blocks = _body_blocks(doc.body)
    if sum(len(t) for _, t in page.blocks) < 100:
        _, text, _ = trafilatura.baseline(html)
        if text and len(text) > sum(len(t) for _, t in page.blocks):
            page.blocks = [("p", " ".join(line.split())) for line in text.splitlines() if line.strip()]
    if page.blocks and page.title and page.blocks[0][0] == "head":
        if " ".join(page.blocks[0][1].split()) == " ".join(page.title.split()):
            page.blocks.pop(0)
    return page
