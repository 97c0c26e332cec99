"""Article → rows of the normalised tables (one function per table family)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from newsgraph.schema import Article


def to_utc_naive(value: datetime | date | str | None) -> datetime | None:
    """A timestamp for the store: UTC without tzinfo; dates become midnight."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value
    return datetime(value.year, value.month, value.day)


def article_day(article: Article) -> date | None:
    """The calendar day of publication as the outlet stated it (local date, not UTC)."""
    p = article.published
    if p is None:
        return None
    return p.date() if isinstance(p, datetime) else p


def canonical_url(url: str | None) -> str | None:
    """courlan's normalised URL (lower-cased host, tracking parameters removed), no fragment."""
    if not url:
        return None
    from courlan import normalize_url

    try:
        norm = normalize_url(url, strict=True)
    except Exception:  # courlan raises assorted errors on junk
        norm = url.strip()
    return norm.split("#", 1)[0] or None


def word_count(article: Article) -> int:
    if article.tone is not None and article.tone.word_count:
        return article.tone.word_count
    return len(article.text.split())


def annotation_rows(article: Article, day: date | None) -> dict[str, list[dict[str, Any]]]:
    """Rows for every per-article table except ``articles``/``copies``/dedup/clusters."""
    aid = article.id
    rows: dict[str, list[dict[str, Any]]] = {
        "entities": [], "mentions": [], "locations": [], "quotes": [], "amounts": [],
        "times": [], "themes": [], "tone": [], "events": [],
    }
    for e in article.entities:
        rows["entities"].append({
            "article_id": aid, "entity_id": e.id, "name": e.name, "type": e.type,
            "actor_code": e.actor_code, "country": e.country, "role": e.role,
            "n_mentions": len(e.mentions), "day": day,
        })
        for m in e.mentions:
            rows["mentions"].append({
                "article_id": aid, "entity_id": e.id, "start": m.start, "end": m.end,
                "text": m.text, "via": m.via, "day": day,
            })
    locs = {}
    for loc in article.locations:
        locs[loc.id] = loc
        rows["locations"].append({
            "article_id": aid, "location_id": loc.id, "name": loc.name, "feature": loc.feature,
            "feature_code": loc.feature_code, "country": loc.country, "adm1": loc.adm1,
            "lat": loc.lat, "lon": loc.lon, "geonameid": loc.geonameid,
            "n_mentions": len(loc.mentions),
            "first_offset": min((m.start for m in loc.mentions), default=None), "day": day,
        })
    for i, q in enumerate(article.quotes):
        rows["quotes"].append({
            "article_id": aid, "idx": i, "kind": q.kind, "speaker": q.speaker,
            "speaker_text": q.speaker_text, "cue": q.cue, "start": q.start, "end": q.end,
            "text": q.text, "day": day,
        })
    for i, a in enumerate(article.amounts):
        rows["amounts"].append({
            "article_id": aid, "idx": i, "value": a.value, "kind": a.kind, "unit": a.unit,
            "object": a.object, "per": a.per, "qualifier": a.qualifier,
            "count_type": a.count_type, "location": a.location, "start": a.start, "end": a.end,
            "text": a.text,
        })
    for i, t in enumerate(article.times):
        rows["times"].append({
            "article_id": aid, "idx": i, "kind": t.kind, "granularity": t.granularity,
            "value_start": t.value_start, "value_end": t.value_end, "value": t.value,
            "start": t.start, "end": t.end, "text": t.text,
        })
    for th in article.themes:
        rows["themes"].append({
            "article_id": aid, "code": th.code, "label": th.label, "score": th.score,
            "n_matches": len(th.matches), "day": day,
        })
    if article.tone is not None:
        t = article.tone
        rows["tone"].append({
            "article_id": aid, "tone": t.tone, "positive": t.positive, "negative": t.negative,
            "polarity": t.polarity, "activity_density": t.activity_density,
            "self_group_density": t.self_group_density, "word_count": t.word_count,
        })
    for ev in article.events:
        loc = locs.get(ev.location) if ev.location else None
        src, tgt = ev.source, ev.target
        rows["events"].append({
            "article_id": aid, "event_id": ev.id, "cameo": ev.cameo, "cameo_base": ev.cameo_base,
            "cameo_root": ev.cameo_root, "plover": ev.plover, "quad_class": ev.quad_class,
            "goldstein": ev.goldstein,
            "source_entity": src.entity if src else None, "source_code": src.code if src else None,
            "source_text": src.text if src else None,
            "target_entity": tgt.entity if tgt else None, "target_code": tgt.code if tgt else None,
            "target_text": tgt.text if tgt else None,
            "location_id": ev.location, "location_name": ev.location_name or (loc.name if loc else None),
            "country": loc.country if loc else None, "lat": loc.lat if loc else None,
            "lon": loc.lon if loc else None, "event_date": ev.date, "day": day,
            "negated": ev.negated, "hypothetical": ev.hypothetical, "future": ev.future,
            "reported": ev.reported, "confidence": ev.confidence,
            "evidence_start": ev.evidence.start, "evidence_end": ev.evidence.end,
            "evidence_text": ev.evidence.text,
        })
    return rows
