"""The public entry point: one input (path, ``-``, URL, bytes or text) → an analysed Article."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from newsgraph.config import Limits
from newsgraph.ingest.langid import ANALYSED_LANGUAGES
from newsgraph.ingest.prepare import prepare
from newsgraph.ingest.read import read_source
from newsgraph.schema import Article


#: one lock for the pipelines: the API analyses requests in a thread pool, and the pipelines'
#: per-process caches (embeddings, lemmas, token tables) and the components' module-level per-Doc
#: memos (events' is shared by both languages) serve one Doc stream at a time; the work is
#: CPU-bound Python, so serialising it costs no throughput
_PIPELINE_LOCK = threading.Lock()


def _reference_time(article: Article) -> date | datetime | None:
    return article.published


def analyze_articles(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Article]:
    """Run the language's pipeline over prepared articles (order kept; others pass through).

    Uses ``nlp.pipe`` per language run so batches share the model's work.
    """
    from newsgraph.nlp.pipeline import load_pipeline
    from newsgraph.nlp.to_article import fill_article

    pending: list[Article] = []
    pending_lang: str | None = None

    def flush() -> Iterator[Article]:
        if not pending:
            return
        nlp = load_pipeline(pending_lang)
        docs = (nlp.make_doc(a.text) for a in pending)

        def with_context():
            for art, doc in zip(pending, docs):
                doc._.published = _reference_time(art)
                yield doc

        with _PIPELINE_LOCK:
            analysed = list(nlp.pipe(with_context(), batch_size=batch_size))
        for art, doc in zip(pending, analysed):
            yield fill_article(art, doc)
        pending.clear()

    for article in articles:
        lang = article.language if article.language in ANALYSED_LANGUAGES else None
        if lang is None:
            yield from flush()
            yield article
            continue
        if lang != pending_lang or len(pending) >= batch_size:
            yield from flush()
            pending_lang = lang
        pending.append(article)
    yield from flush()


def analyze(
    source: str | Path | bytes,
    *,
    published: str | date | datetime | None = None,
    url: str | None = None,
    title: str | None = None,
    source_name: str | None = None,
    language: str | None = None,
    is_html: bool | None = None,
    text: bool = False,
    limits: Limits | None = None,
) -> Article:
    """Analyse one news article.

    ``source`` is a path, ``"-"`` (stdin), an http(s) URL, raw bytes, or — with ``text=True`` — the
    article text itself. Metadata arguments override what an HTML page declares. Raises
    :class:`newsgraph.errors.InputError` subclasses (with a ``code``) for unusable input.
    """
    limits = limits or Limits.from_env()
    if text:
        data: bytes | str = str(source)
        origin, fetched_url, ctype, charset = "<text>", None, None, None
    elif isinstance(source, bytes):
        data, origin, fetched_url, ctype, charset = source, "<bytes>", None, None, None
    else:
        raw = read_source(str(source), limits=limits)
        data, origin, fetched_url, ctype, charset = raw.data, raw.origin, raw.url, raw.content_type, raw.charset
    if is_html is None and ctype:
        is_html = True if "html" in ctype else None
    article = prepare(
        data, origin=origin, is_html=is_html, url=url or fetched_url, title=title,
        published=published, source=source_name, language=language, charset=charset, limits=limits,
    )
    return next(analyze_articles([article]))
