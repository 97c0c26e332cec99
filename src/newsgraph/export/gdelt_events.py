"""GDELT Events 2.0 (61 columns) and Mentions (16 columns) rows from analysed articles.

Pure functions over ``schema.Article`` lists. Within an article, event mentions with the same
(source code, target code, CAMEO code, place, date) are one event — GDELT's unit — and every
sentence that reports it is one Mentions row with its own confidence. Mentions that the text says
did not happen (negated) or that are only wished for or conditional (hypothetical) are left out by
default, as GDELT codes reported happenings; ``factual_only=False`` keeps them. Events without any
coded actor are never exported (GDELT needs Actor1 or Actor2).

Field formatting (dates, actor code splits, geo fields) is shared with :mod:`newsgraph.export.events`
(the store-backed exporter, which calls :func:`event_row`/:func:`mention_row` from here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable

from newsgraph.export import events as _fmt
from newsgraph.schema import Article, Event

EVENT_COLUMNS: tuple[str, ...] = _fmt.EVENT_COLUMNS
MENTION_COLUMNS: tuple[str, ...] = _fmt.MENTION_COLUMNS


@dataclass
class EventGroup:
    """One GDELT event of one article: a representative mention and all its mentions."""

    article: Article
    key: tuple
    mentions: list[Event] = field(default_factory=list)

    @property
    def event(self) -> Event:
        return max(self.mentions, key=lambda e: (e.confidence, -e.evidence.start))

    @property
    def first(self) -> Event:
        return min(self.mentions, key=lambda e: e.evidence.start)


def event_key(e: Event) -> tuple:
    """The identity of an event within an article: actors, code, place, date."""
    return ((e.source.code if e.source else None), (e.target.code if e.target else None),
            e.cameo, e.location or e.location_name, e.date)


def group_events(article: Article, *, factual_only: bool = True) -> list[EventGroup]:
    groups: dict[tuple, EventGroup] = {}
    for e in article.events:
        if factual_only and (e.negated or e.hypothetical):
            continue
        if not any(a is not None and a.code for a in (e.source, e.target)):
            continue  # GDELT has no event without at least one coded actor
        k = event_key(e)
        groups.setdefault(k, EventGroup(article, k)).mentions.append(e)
    return sorted(groups.values(), key=lambda g: g.first.evidence.start)


def event_row(article: Article, event: Event, global_id: int, *, date_added: datetime | None = None,
              num_mentions: int = 1, num_sources: int = 1, num_articles: int = 1) -> list[str]:
    """The 61 Events 2.0 fields for one event of one article."""
    row = _fmt.event_row(article, event, global_id, date_added=date_added,
                         num_mentions=num_mentions, num_sources=num_sources,
                         num_articles=num_articles)
    if len(row) != len(EVENT_COLUMNS):
        raise ValueError(f"event row has {len(row)} fields, expected {len(EVENT_COLUMNS)}")
    return row


def mention_row(article: Article, event: Event, global_id: int, *,
                event_time: datetime | None = None, url: str | None = None,
                source: str | None = None, published: date | datetime | None = None) -> list[str]:
    """The 16 Mentions fields for one sentence that reports an event."""
    row = _fmt.mention_row(article, event, global_id, event_time=event_time, url=url,
                           source=source, published=published)
    if len(row) != len(MENTION_COLUMNS):
        raise ValueError(f"mention row has {len(row)} fields, expected {len(MENTION_COLUMNS)}")
    return row


def _added(article: Article, date_added: datetime | None) -> datetime | None:
    if date_added is not None:
        return date_added
    p = article.published
    if isinstance(p, datetime):
        return p
    if isinstance(p, date):
        return datetime(p.year, p.month, p.day)
    return None


def events_rows(articles: Iterable[Article], *, start_id: int = 1, factual_only: bool = True,
                date_added: datetime | None = None) -> list[list[str]]:
    """Events 2.0 rows: one per unique (actors, code, place, date) within each article."""
    rows: list[list[str]] = []
    gid = start_id
    for art in articles:
        for g in group_events(art, factual_only=factual_only):
            rows.append(event_row(art, g.event, gid, date_added=_added(art, date_added),
                                  num_mentions=len(g.mentions)))
            gid += 1
    return rows


def mentions_rows(articles: Iterable[Article], *, start_id: int = 1, factual_only: bool = True,
                  date_added: datetime | None = None) -> list[list[str]]:
    """Mentions rows: every sentence that reports each event (ids match :func:`events_rows`)."""
    rows: list[list[str]] = []
    gid = start_id
    for art in articles:
        for g in group_events(art, factual_only=factual_only):
            seen: set[int] = set()
            for m in sorted(g.mentions, key=lambda e: e.evidence.start):
                if m.evidence.start in seen:
                    continue
                seen.add(m.evidence.start)
                rows.append(mention_row(art, m, gid, event_time=_added(art, date_added)))
            gid += 1
    return rows


def to_tsv(rows: Iterable[list[str]]) -> str:
    """GDELT's file format: tab-separated, no header, one row per line."""
    return "".join("\t".join(r) + "\n" for r in rows)
