"""Pure functions that turn schema objects into GDELT GKG 2.1 / Events 2.0 field strings.

Several components contribute here; append functions, keep each one pure (schema in, str out).
"""

from __future__ import annotations

from newsgraph.schema import Entity, Location, Theme, Tone


# --- themes and tone (GKG 2.1: V1Themes, V2EnhancedThemes, V2Tone) --------------------------------


def v1_themes(themes: list[Theme]) -> str:
    """GKG ``V1Themes``: ``THEME;THEME;…`` (each code once, best first)."""
    return "".join(f"{t.code};" for t in themes)


def v2_themes(themes: list[Theme]) -> str:
    """GKG ``V2EnhancedThemes``: ``THEME,offset;…`` — one entry per match, by character offset."""
    pairs = sorted((m.start, t.code) for t in themes for m in t.matches)
    return ";".join(f"{code},{offset}" for offset, code in pairs)


def _num(x: float) -> str:
    return f"{x:.10g}"


def v2_tone(tone: Tone) -> str:
    """GKG ``V2Tone``: tone, positive, negative, polarity, activity reference density,
    self/group reference density, word count — comma-separated, in that order."""
    return ",".join([
        _num(tone.tone), _num(tone.positive), _num(tone.negative), _num(tone.polarity),
        _num(tone.activity_density), _num(tone.self_group_density), str(tone.word_count),
    ])


# --- persons, organisations, locations (GKG 2.1: V1/V2Persons, V1/V2Organizations, V1/V2Locations)

def _mentions_by_offset(entities: list[Entity], etype: str) -> list[tuple[int, str]]:
    return sorted((m.start, e.name) for e in entities if e.type == etype for m in e.mentions)


def v1_persons(entities: list[Entity]) -> str:
    """GKG ``V1Persons``: ``name;name`` — each person once, in order of first mention."""
    return ";".join(dict.fromkeys(name for _, name in _mentions_by_offset(entities, "PER")))


def v2_persons(entities: list[Entity]) -> str:
    """GKG ``V2EnhancedPersons``: ``Name,offset;…`` — one entry per mention."""
    return ";".join(f"{name},{off}" for off, name in _mentions_by_offset(entities, "PER"))


def v1_organizations(entities: list[Entity]) -> str:
    """GKG ``V1Organizations``: ``name;name``."""
    return ";".join(dict.fromkeys(name for _, name in _mentions_by_offset(entities, "ORG")))


def v2_organizations(entities: list[Entity]) -> str:
    """GKG ``V2EnhancedOrganizations``: ``Name,offset;…``."""
    return ";".join(f"{name},{off}" for off, name in _mentions_by_offset(entities, "ORG"))


def gdelt_location_type(loc: Location) -> int:
    """GDELT location type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if loc.feature == "country":
        return 1
    if loc.feature in ("adm1", "adm2", "region"):
        return 2 if loc.country == "US" else 5
    return 3 if loc.country == "US" else 4


def _location_parts(loc: Location) -> tuple[int, str, str, str, str, str, str]:
    from newsgraph.nlp.gazetteer import fips_codes, load_gazetteer

    fips = fips_codes().get(loc.country or "", loc.country or "")
    ltype = gdelt_location_type(loc)
    names = [loc.name]
    adm1 = ""
    if loc.country and loc.adm1 and ltype != 1:
        adm1 = fips + loc.adm1
        region = load_gazetteer().admin1(loc.country, loc.adm1)
        if region is not None and region.name != loc.name:
            names.append(region.name)
    country_feature = load_gazetteer().country_feature(loc.country) if loc.country else None
    if ltype != 1 and country_feature is not None:
        names.append(country_feature.name)
    lat = "" if loc.lat is None else f"{loc.lat:.4f}"
    lon = "" if loc.lon is None else f"{loc.lon:.4f}"
    feature_id = fips if ltype == 1 else (str(loc.geonameid) if loc.geonameid else "")
    return ltype, ", ".join(names), fips, adm1, lat, lon, feature_id


def v1_locations(locations: list[Location]) -> str:
    """GKG ``V1Locations``: ``Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID;…`` — one
    entry per place. Country/ADM1 codes are FIPS 10-4 as in GDELT; FeatureID is the GeoNames id
    (GDELT uses GNS/GNIS ids) and the FIPS country code for countries."""
    return ";".join("#".join(str(x) for x in _location_parts(loc)) for loc in locations)


def v2_locations(locations: list[Location]) -> str:
    """GKG ``V2EnhancedLocations``:
    ``Type#FullName#CountryCode#ADM1Code#ADM2Code#Lat#Long#FeatureID#CharOffset;…`` — one entry
    per mention."""
    out = []
    for loc in locations:
        ltype, name, fips, adm1, lat, lon, fid = _location_parts(loc)
        for m in loc.mentions:
            out.append((m.start, f"{ltype}#{name}#{fips}#{adm1}##{lat}#{lon}#{fid}#{m.start}"))
    return ";".join(s for _, s in sorted(out))


# --- quotations, amounts, counts (GKG 2.1: V2Quotations, V2Amounts, V1Counts, V2Counts) ---------
# Each takes the Article (the GKG exporter calls them with one) and has a list-level twin.


def _field(value: str | None, forbidden: str) -> str:
    out = " ".join((value or "").split())
    for ch in forbidden:
        out = out.replace(ch, " ")
    return out.strip()


def quotation_entries(quotes: list) -> str:
    """``offset|length|verb|quote`` entries joined by ``#`` (GDELT's Quotations field), in text
    order. Offsets and lengths are characters of ``Article.text``; the verb is the cue or empty."""
    return "#".join(
        f"{q.start}|{q.end - q.start}|{_field(q.cue, '|#')}|{_field(q.text, '|#')}"
        for q in sorted(quotes, key=lambda q: q.start)
    )


def v2_quotations(article) -> str:
    """GKG ``V2Quotations`` of an :class:`~newsgraph.schema.Article`."""
    return quotation_entries(article.quotes)


def _amount_num(x: float) -> str:
    return f"{x:.10g}"


def amount_entries(amounts: list) -> str:
    """``amount,object,offset;`` entries (GDELT's Amounts field). The object falls back to the
    unit (currency, %, duration unit) so money and percentages are not exported object-less."""
    out = []
    for a in sorted(amounts, key=lambda a: a.start):
        obj = a.object or a.unit or a.text
        out.append(f"{_amount_num(a.value)},{_field(obj, ',;')},{a.start};")
    return "".join(out)


def v2_amounts(article) -> str:
    """GKG ``V2Amounts`` of an :class:`~newsgraph.schema.Article`."""
    return amount_entries(article.amounts)


def count_entries(amounts: list, locations: list[Location], *, with_offset: bool) -> str:
    """``COUNTTYPE#NUMBER#OBJECTTYPE#LOCATION…[#OFFSET];`` entries for typed counts (GDELT's
    Counts). The location block is ``Type#FullName#Country#ADM1#Lat#Long#FeatureID`` of the count's
    place, or ``0#<place text>#####`` when only the place text is known, or empty fields."""
    by_id = {loc.id: loc for loc in locations}
    out = []
    for a in sorted(amounts, key=lambda a: a.start):
        if not a.count_type:
            continue
        loc = by_id.get(a.location) if a.location else None
        if loc is not None:
            where = "#".join(str(x) for x in _location_parts(loc))
        else:
            where = f"0#{_field(getattr(a, 'location_text', None), '#;')}#####"
        entry = f"{a.count_type}#{_amount_num(a.value)}#{_field(a.object, '#;')}#{where}"
        out.append(entry + (f"#{a.start}" if with_offset else "") + ";")
    return "".join(out)


def v1_counts(article) -> str:
    """GKG ``V1Counts`` of an :class:`~newsgraph.schema.Article`."""
    return count_entries(article.amounts, article.locations, with_offset=False)


def v2_counts(article) -> str:
    """GKG ``V2Counts`` (V1Counts plus the character offset) of an Article."""
    return count_entries(article.amounts, article.locations, with_offset=True)
