"""GDELT Events 2.0 (61 columns) and Mentions (16 columns) export from a store.

Each stored event is one Events row; each sighting of its article (the article itself and its
same-content copies under other URLs, plus near-duplicate copies in its duplicate group) is one
Mentions row — GDELT's NumMentions/NumSources/NumArticles come from those counts. Rows are built
by :mod:`newsgraph.export.gdelt_events` when it provides ``event_row``/``mention_row``; the
functions here are the fallback.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable

from newsgraph.export.gkg import _adm1, _feature_id, _full_name, _location_type, _num, clean, \
    fips, source_name, timestamp
from newsgraph.schema import Actor, Article, Event, Location

EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
)
MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
    "Extras",
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _date_fields(d: date | None) -> list[str]:
    if d is None:
        return ["", "", "", ""]
    day_of_year = d.timetuple().tm_yday
    return [d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year),
            f"{d.year + day_of_year / 365:.4f}"]


def _actor_fields(actor: Actor | None, article: Article) -> list[str]:
    """Code, Name, CountryCode, KnownGroup, Ethnic, Religion1, Religion2, Type1, Type2, Type3."""
    if actor is None or not (actor.code or actor.entity or actor.text):
        return [""] * 10
    code = (actor.code or "").upper()
    ent = next((e for e in article.entities if e.id == actor.entity), None) if actor.entity else None
    name = (ent.name if ent else actor.text or "").upper()
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() else ""
    rest = code[3:]
    types = [rest[i:i + 3] for i in range(0, min(len(rest), 9), 3)]
    types += [""] * (3 - len(types))
    return [code, clean(name), country, "", "", "", "", *types]


def _geo_fields(loc: Location | None) -> list[str]:
    if loc is None:
        return ["0", "", "", "", "", "", "", ""]
    return [str(_location_type(loc)), _full_name(loc), fips(loc.country), _adm1(loc), "",
            _num(loc.lat), _num(loc.lon), _feature_id(loc)]


def event_row(
    article: Article, event: Event, global_id: int, *, date_added: datetime | None,
    num_mentions: int = 1, num_sources: int = 1, num_articles: int = 1,
) -> list[str]:
    """The 61 Events 2.0 fields for one event of one article."""
    loc = next((l for l in article.locations if l.id == event.location), None)
    d = event.date or (article.published.date() if isinstance(article.published, datetime)
                       else article.published)
    tone = article.tone.tone if article.tone else 0.0
    first_sentence = _SENTENCE_END.search(article.text)
    is_root = "1" if first_sentence is None or event.evidence.start <= first_sentence.end() else "0"
    row = [
        str(global_id), *_date_fields(d),
        *_actor_fields(event.source, article), *_actor_fields(event.target, article),
        is_root, event.cameo, event.cameo_base, event.cameo_root, str(event.quad_class),
        _num(event.goldstein), str(num_mentions), str(num_sources), str(num_articles), _num(tone),
        *_geo_fields(loc if event.source else None), *_geo_fields(loc if event.target else None),
        *_geo_fields(loc), timestamp(date_added), clean(article.url) or f"newsgraph:{article.id}",
    ]
    return [clean(v) for v in row]


def mention_row(
    article: Article, event: Event, global_id: int, *, event_time: datetime | None,
    url: str | None = None, source: str | None = None, published: Any = None,
) -> list[str]:
    """The 16 Mentions fields for one sighting of an event's article."""
    start = event.evidence.start
    sentence_id = 1 + len(_SENTENCE_END.findall(article.text, 0, start))
    tone = article.tone.tone if article.tone else 0.0

    def offset(actor: Actor | None) -> str:
        return str(actor.start) if actor is not None and actor.start is not None else "-1"

    url = url or article.url
    row = [
        str(global_id), timestamp(event_time), timestamp(published or article.published)
        or timestamp(event_time), "1" if url else "2",
        source_name(article.model_copy(update={"url": url, "source": source or article.source})),
        clean(url) or f"newsgraph:{article.id}", str(sentence_id), offset(event.source),
        offset(event.target), str(event.predicate.start), "1",
        str(max(0, min(100, round(event.confidence * 100)))), str(len(article.text)), _num(tone),
        "", "",
    ]
    return [clean(v) for v in row]


def _builder(name: str, fallback: Any) -> Any:
    try:
        from newsgraph.export import gdelt_events
    except ImportError:
        return fallback
    return getattr(gdelt_events, name, fallback)


def iter_event_rows(corpus: Any, *, mentions: bool, **filters: Any) -> Iterable[list[str]]:
    """Events (``mentions=False``) or Mentions rows for the stored articles matching filters."""
    where, params = corpus._where(filters)
    cur = corpus.cursor()
    cur.execute(f"""
        SELECT a.id, a.doc, a.ingested_at,
               (SELECT list({{'url': c.url, 'source': c.source, 'published': c.published}})
                FROM copies c WHERE c.article_id = a.id) AS sightings,
               (SELECT g.size FROM duplicates d JOIN dup_groups g ON g.group_id = d.group_id
                WHERE d.article_id = a.id LIMIT 1) AS group_size,
               (SELECT list(ev.event_seq ORDER BY ev.event_seq) FROM events ev
                WHERE ev.article_id = a.id) AS event_ids
        FROM articles a WHERE {where} AND a.id IN (SELECT article_id FROM events)
        ORDER BY a.seq""", params)
    ev_builder = _builder("event_row", event_row)
    mn_builder = _builder("mention_row", mention_row)
    grouper = _builder("group_events", None)
    while batch := cur.fetchmany(200):
        for aid, doc, ingested_at, sightings, group_size, event_ids in batch:
            article = Article.model_validate_json(doc)
            seq_of = {id(e): s for e, s in zip(article.events, event_ids or [])}
            if grouper is not None:  # GDELT's unit: same actors/code/place/date in one article
                groups = [(g.event, sorted(g.mentions, key=lambda e: e.evidence.start))
                          for g in grouper(article)]
            else:
                groups = [(e, [e]) for e in article.events if not (e.negated or e.hypothetical)]
            sightings = sightings or [{"url": article.url, "source": article.source,
                                       "published": None}]
            n_sources = len({s["source"] or s["url"] for s in sightings}) or 1
            n_articles = len(sightings) + max((group_size or 1) - 1, 0)
            for rep, members in groups:
                gid = min(seq_of.get(id(m), 0) for m in members) or seq_of.get(id(rep), 0)
                if not mentions:
                    yield ev_builder(article, rep, gid, date_added=ingested_at,
                                     num_mentions=len(members) * n_articles,
                                     num_sources=n_sources, num_articles=n_articles)
                    continue
                for s in sightings:
                    seen: set[int] = set()
                    for m in members:
                        if m.evidence.start in seen:
                            continue
                        seen.add(m.evidence.start)
                        yield mn_builder(article, m, gid, event_time=ingested_at, url=s["url"],
                                         source=s["source"], published=s["published"])
    cur.close()
