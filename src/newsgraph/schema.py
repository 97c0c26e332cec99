"""The one vocabulary of newsgraph: what an analysed article looks like.

Every extracted item carries ``start``/``end`` character offsets into ``Article.text`` (the cleaned
body), so a user can always see the evidence for a claim: ``article.text[item.start:item.end]``.
Pipeline components produce these models directly (on ``Doc`` extensions); ``Doc → Article``
happens in one place (:mod:`newsgraph.nlp.to_article`).
"""

from __future__ import annotations

import json
from datetime import date, datetime

_Date = date  # alias: Event has a field named ``date`` that shadows the type in its class body
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Span(_Model):
    """A piece of evidence: ``text == Article.text[start:end]``."""

    start: int = Field(ge=0, description="Character offset into Article.text (inclusive).")
    end: int = Field(ge=0, description="Character offset into Article.text (exclusive).")
    text: str


class Removed(_Model):
    """Text that cleaning took out of the article, kept so nothing disappears silently."""

    kind: Literal[
        "disclaimer", "syndication", "newsletter", "cookie", "related", "dateline", "credit",
        "boilerplate",
    ]
    text: str
    rule: str | None = Field(None, description="Id of the cleaning rule that matched.")


class Section(_Model):
    """A sub-heading inside the body text."""

    title: str
    start: int
    end: int


MentionVia = Literal["name", "alias", "role", "apposition", "pronoun"]


class Mention(Span):
    via: MentionVia = "name"
    label: str | None = Field(None, description="NER label of the span (e.g. PER, LOCderiv).")


EntityType = Literal["PER", "ORG", "LOC", "MISC", "GPE", "NORP"]


class Entity(_Model):
    """One real-world entity and every place the article refers to it."""

    id: str = Field(description="Stable id, e.g. 'per:wladimir-putin' (KB id when known).")
    name: str = Field(description="Canonical name.")
    type: EntityType
    actor_code: str | None = Field(None, description="CAMEO actor code, e.g. RUSGOV; never invented.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 of the entity's affiliation.")
    role: str | None = Field(None, description="Office or role, e.g. 'foreign-policy adviser'.")
    affiliation: str | None = Field(None, description="Entity id or country the role belongs to.")
    kb_id: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Location(_Model):
    """A geocoded place (GeoNames feature) with its mentions."""

    id: str
    name: str
    feature: Literal["country", "adm1", "adm2", "city", "place", "continent", "region"] = "place"
    feature_code: str | None = Field(None, description="GeoNames feature code, e.g. PPLC, ADM1.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2.")
    adm1: str | None = Field(None, description="GeoNames admin1 code.")
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    mentions: list[Mention] = Field(default_factory=list)


class Quote(Span):
    """Something someone said: direct, reported (indirect) or mixed."""

    kind: Literal["direct", "indirect", "mixed"]
    speaker: str | None = Field(None, description="Entity id of the speaker; None when unknown.")
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = Field(None, description="Speech verb or noun, e.g. 'sagte', 'zufolge'.")
    cue_start: int | None = None
    cue_end: int | None = None


class Amount(Span):
    """A number with what it counts: '800 Drohnen pro Nacht', '1,5 Mrd. Euro', 'seit 3,5 Jahren'."""

    value: float
    kind: Literal["number", "money", "percent", "duration", "count", "fraction"] = "number"
    unit: str | None = Field(None, description="Currency (ISO 4217), '%', or a duration unit.")
    object: str | None = Field(None, description="The counted thing, e.g. 'Drohnen'.")
    per: str | None = Field(None, description="Rate denominator, e.g. 'Nacht'.")
    qualifier: Literal["exact", "up to", "at least", "at most", "about", "more than", "less than"] = (
        "exact"
    )
    duration: str | None = Field(None, description="ISO 8601 duration for kind=duration, e.g. P3.5Y.")
    count_type: str | None = Field(
        None, description="GDELT count type for typed counts: KILL, WOUND, ARREST, KIDNAP, ..."
    )
    location: str | None = Field(None, description="Location id when the sentence gives a place.")
    location_text: str | None = Field(None, description="The place as written, e.g. 'Charkiw'.")


class TimeExpr(Span):
    """A time expression resolved against ``Article.published``."""

    kind: Literal["point", "duration", "relative", "set"] = "point"
    granularity: Literal[
        "time", "part_of_day", "day", "week", "month", "season", "quarter", "year", "decade",
        "unknown",
    ] = "day"
    value_start: date | None = Field(None, description="First day of the normalised interval.")
    value_end: date | None = Field(None, description="Last day of the normalised interval.")
    value: str | None = Field(None, description="TIMEX3-style value, e.g. 2025-08-18, P3.5Y.")


class Theme(_Model):
    """A theme (GDELT GKG code where one fits) with the matches that support it."""

    code: str
    label: str | None = None
    score: float = 0.0
    matches: list[Span] = Field(default_factory=list)


class Topic(_Model):
    label: str
    confidence: float


class SentenceTone(Span):
    tone: float


class Tone(_Model):
    """GDELT V2Tone's seven numbers, plus per-sentence and per-entity tone."""

    tone: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    polarity: float = 0.0
    activity_density: float = 0.0
    self_group_density: float = 0.0
    word_count: int = 0
    sentences: list[SentenceTone] = Field(default_factory=list)
    entities: dict[str, float] = Field(default_factory=dict, description="Entity id → mean tone.")


class Actor(_Model):
    """An event participant: an entity (when known), its text and CAMEO code."""

    entity: str | None = None
    text: str | None = None
    code: str | None = None
    start: int | None = None
    end: int | None = None


class Event(_Model):
    """Who did what to whom, coded in CAMEO and PLOVER, with modality and evidence."""

    id: str
    cameo: str = Field(description="Full CAMEO event code, e.g. '0431'.")
    cameo_base: str
    cameo_root: str
    plover: str | None = None
    plover_mode: str | None = None
    plover_context: list[str] = Field(default_factory=list)
    quad_class: int = Field(ge=1, le=4)
    goldstein: float
    source: Actor | None = None
    target: Actor | None = None
    predicate: Span
    location: str | None = Field(None, description="Location id (see Article.locations).")
    location_name: str | None = None
    date: _Date | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    reporter: str | None = Field(None, description="Entity id of the quote's speaker when reported.")
    confidence: float = 1.0
    evidence: Span


class Article(_Model):
    """An analysed news article: the cleaned text and everything newsgraph found in it."""

    schema_version: str = SCHEMA_VERSION
    id: str = Field(description="Content hash of the cleaned text (stable across runs).")
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = Field(None, description="Outlet / site name.")
    title: str | None = None
    author: str | None = None
    description: str | None = None
    published: datetime | date | None = None
    language: str | None = Field(None, description="ISO 639-1 code.")
    language_confidence: float | None = None
    analysed: bool = Field(False, description="False for languages newsgraph identifies only.")
    agency: str | None = Field(None, description="News agency credited, e.g. 'dpa'.")
    dateline: str | None = None
    text: str
    sections: list[Section] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    topic: Topic | None = None
    tone: Tone | None = None
    events: list[Event] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Why something was not analysed.")


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of :class:`Article`."""
    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://newsgraph.invalid/schema/article-{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False)
