"""GDELT GKG 2.1 export: one tab-separated row of 27 columns per article, no header.

Column order and field syntax follow the GKG 2.1 codebook (``../shared/data/gdelt/schema``).
Field helpers come from :mod:`newsgraph.export.gdelt_fields` where that module has them; the
local fallbacks below cover the rest. Country codes are FIPS 10-4 as in GDELT (mapped from
ISO 3166 with GeoNames' countryInfo, ``resources/gdelt/iso_fips.tsv``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, TextIO
from urllib.parse import urlsplit

from newsgraph.schema import Article, Entity, Location

GKG_COLUMNS = (
    "GKGRECORDID", "DATE", "SourceCollectionIdentifier", "SourceCommonName", "DocumentIdentifier",
    "Counts", "V2Counts", "Themes", "V2Themes", "Locations", "V2Locations", "Persons",
    "V2Persons", "Organizations", "V2Organizations", "V2Tone", "Dates", "GCAM", "SharingImage",
    "RelatedImages", "SocialImageEmbeds", "SocialVideoEmbeds", "Quotations", "AllNames",
    "Amounts", "TranslationInfo", "Extras",
)
_UNSAFE = re.compile(r"[\t\r\n]+")


def clean(value: str | None) -> str:
    """A field value without tabs/newlines (they delimit GDELT rows and columns)."""
    return _UNSAFE.sub(" ", value or "").strip()


def _sub(value: str | None, forbidden: str) -> str:
    out = clean(value)
    for ch in forbidden:
        out = out.replace(ch, " ")
    return out


@lru_cache(maxsize=1)
def iso_to_fips() -> dict[str, str]:
    text = resources.files("newsgraph.resources").joinpath("gdelt/iso_fips.tsv").read_text("utf-8")
    return {p[0]: p[1] for line in text.splitlines() if len(p := line.split("\t")) >= 2 and p[1]}


def fips(country: str | None) -> str:
    return iso_to_fips().get((country or "").upper(), "") if country else ""


def timestamp(value: date | datetime | None) -> str:
    """YYYYMMDDHHMMSS in UTC (GDELT's DATE fields)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + "000000"


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.10g}"


def _helper(name: str, fallback: Callable) -> Callable:
    """``gdelt_fields.<name>`` when it exists (shared helpers), else the local fallback."""
    try:
        from newsgraph.export import gdelt_fields
    except ImportError:
        return fallback
    shared = getattr(gdelt_fields, name, None)
    if shared is None:
        return fallback

    def call(arg: Any) -> str:
        try:
            return shared(arg)
        except (TypeError, AttributeError):  # a helper with another signature: use ours
            return fallback(arg)

    return call


# -- fallbacks (used when gdelt_fields lacks a function) ---------------------------------------
def _location_type(loc: Location) -> int:
    if loc.feature == "country":
        return 1
    if loc.country == "US":
        return 2 if loc.feature == "adm1" else 3
    return 5 if loc.feature in ("adm1", "adm2") else 4


def _full_name(loc: Location) -> str:
    from newsgraph.export.gkg_names import country_name

    parts = [loc.name]
    cname = country_name(loc.country)
    if loc.feature != "country" and cname and cname != loc.name:
        parts.append(cname)
    return _sub(", ".join(parts), "#;")


def _adm1(loc: Location) -> str:
    f = fips(loc.country)
    if loc.feature == "country" or not f:
        return f
    return f + (loc.adm1 or "") if loc.adm1 and loc.adm1.isalnum() and len(loc.adm1) <= 3 else f


def _feature_id(loc: Location) -> str:
    if loc.feature == "country":
        return fips(loc.country)
    return str(loc.geonameid) if loc.geonameid is not None else ""


def v1_locations(locations: list[Location]) -> str:
    """``TYPE#NAME#COUNTRY#ADM1#LAT#LON#FEATUREID`` entries, ``;``-separated."""
    return ";".join(
        f"{_location_type(l)}#{_full_name(l)}#{fips(l.country)}#{_adm1(l)}#{_num(l.lat)}#"
        f"{_num(l.lon)}#{_feature_id(l)}" for l in locations)


def v2_locations(locations: list[Location]) -> str:
    """V2EnhancedLocations: one entry per mention, ``…#ADM2#LAT#LON#FEATUREID#OFFSET``."""
    entries = []
    for l in locations:
        for m in l.mentions or []:
            entries.append((m.start, f"{_location_type(l)}#{_full_name(l)}#{fips(l.country)}#"
                            f"{_adm1(l)}##{_num(l.lat)}#{_num(l.lon)}#{_feature_id(l)}#{m.start}"))
    return ";".join(e for _, e in sorted(entries))


def _names(entities: list[Entity], types: tuple[str, ...]) -> list[Entity]:
    return [e for e in entities if e.type in types]


def v1_persons(entities: list[Entity]) -> str:
    return ";".join(_sub(e.name, ";,").lower() for e in _names(entities, ("PER",)))


def v2_persons(entities: list[Entity]) -> str:
    return ";".join(f"{_sub(e.name, ';,')},{m.start}" for e in _names(entities, ("PER",))
                    for m in sorted(e.mentions, key=lambda m: m.start)[:1]) if entities else ""


def v1_organizations(entities: list[Entity]) -> str:
    return ";".join(_sub(e.name, ";,").lower() for e in _names(entities, ("ORG",)))


def v2_organizations(entities: list[Entity]) -> str:
    return ";".join(f"{_sub(e.name, ';,')},{m.start}" for e in _names(entities, ("ORG",))
                    for m in sorted(e.mentions, key=lambda m: m.start)[:1])


def all_names(entities: list[Entity]) -> str:
    """V2AllNames: ``Name,offset`` for every named mention."""
    pairs = sorted((m.start, _sub(m.text, ";,")) for e in entities for m in e.mentions
                   if m.via in ("name", "alias"))
    return ";".join(f"{name},{off}" for off, name in pairs)


def quotations(article: Article) -> str:
    """V2Quotations: ``offset|length|verb|quote`` entries separated by ``#``."""
    return "#".join(
        f"{q.start}|{q.end - q.start}|{_sub(q.cue, '|#')}|{_sub(q.text, '|#')}"
        for q in article.quotes)


def amounts(article: Article) -> str:
    """V2Amounts: ``amount,object,offset;`` entries."""
    return "".join(
        f"{_num(a.value)},{_sub(a.object or a.text, ',;')},{a.start};" for a in article.amounts)


def _count_entry(article: Article, a: Any, with_offset: bool) -> str:
    loc = next((l for l in article.locations if l.id == a.location), None) if a.location else None
    where = (f"{_location_type(loc)}#{_full_name(loc)}#{fips(loc.country)}#{_adm1(loc)}#"
             f"{_num(loc.lat)}#{_num(loc.lon)}#{_feature_id(loc)}") if loc else "0######"
    entry = f"{a.count_type}#{_num(a.value)}#{_sub(a.object, '#;')}#{where}"
    return entry + (f"#{a.start}" if with_offset else "") + ";"


def counts(article: Article) -> str:
    return "".join(_count_entry(article, a, False) for a in article.amounts if a.count_type)


def v2_counts(article: Article) -> str:
    return "".join(_count_entry(article, a, True) for a in article.amounts if a.count_type)


def dates(article: Article) -> str:
    """V2EnhancedDates: ``resolution#month#day#year#offset`` for day/month/year expressions."""
    out = []
    for t in article.times:
        d = t.value_start
        if d is None or t.kind not in ("point", "relative"):
            continue
        if t.granularity == "day":
            res, month, day = 4, d.month, d.day
        elif t.granularity == "month":
            res, month, day = 2, d.month, 0
        elif t.granularity == "year":
            res, month, day = 1, 0, 0
        else:
            continue
        out.append(f"{res}#{month}#{day}#{d.year}#{t.start}")
    return ";".join(out)


def _v1_themes(themes) -> str:
    return "".join(f"{t.code};" for t in themes)


def _v2_themes(themes) -> str:
    return ";".join(f"{c},{o}" for o, c in sorted((m.start, t.code) for t in themes
                                                   for m in t.matches))


def _v2_tone(tone) -> str:
    return ",".join([_num(tone.tone), _num(tone.positive), _num(tone.negative),
                     _num(tone.polarity), _num(tone.activity_density),
                     _num(tone.self_group_density), str(tone.word_count)])


def source_name(article: Article) -> str:
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host[4:] if host.startswith("www.") else host
    return clean(article.source)


def gkg_row(article: Article, seq: int, *, record_time: datetime | None = None) -> list[str]:
    """The 27 GKG 2.1 fields of one article (``seq`` numbers the record within the export)."""
    h = _helper
    published = article.published
    when = timestamp(published) or timestamp(record_time)
    stamp = timestamp(record_time) or when
    tone = article.tone
    title = clean(article.title).replace("<", "&lt;")
    extras = f"<PAGE_TITLE>{title}</PAGE_TITLE>" if title else ""
    if isinstance(published, datetime):
        extras = f"<PAGE_PRECISEPUBTIMESTAMP>{timestamp(published)}</PAGE_PRECISEPUBTIMESTAMP>" + extras
    row = [
        f"{stamp}-{seq}", when, "1" if article.url else "2", source_name(article),
        clean(article.url) or f"newsgraph:{article.id}",
        h("v1_counts", counts)(article),
        h("v2_counts", v2_counts)(article),
        h("v1_themes", _v1_themes)(article.themes), h("v2_themes", _v2_themes)(article.themes),
        h("v1_locations", v1_locations)(article.locations),
        h("v2_locations", v2_locations)(article.locations),
        h("v1_persons", v1_persons)(article.entities), h("v2_persons", v2_persons)(article.entities),
        h("v1_organizations", v1_organizations)(article.entities),
        h("v2_organizations", v2_organizations)(article.entities),
        h("v2_tone", _v2_tone)(tone) if tone is not None else "",
        h("v2_dates", dates)(article),
        f"wc:{tone.word_count if tone else len(article.text.split())}",
        "", "", "", "",
        h("v2_quotations", quotations)(article), h("v2_all_names", all_names)(article.entities),
        h("v2_amounts", amounts)(article), "", extras,
    ]
    return [clean(v) for v in row]


def write_gkg(articles: Iterable[Article], out: TextIO, *, record_time: datetime | None = None) -> int:
    """Write GKG rows; returns the number of rows."""
    n = 0
    for n, article in enumerate(articles, 1):
        out.write("\t".join(gkg_row(article, n - 1, record_time=record_time)) + "\n")
    return n
