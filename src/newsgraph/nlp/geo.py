"""Where: geocode place mentions to GeoNames features (``doc._.locations``).

Place mentions are the LOC/GPE spans in ``doc.ents`` (statistical NER and/or the KB ruler), plus
places the model labelled as persons or organisations ("Kenya's" as PER, the "U.S." of "U.S. Army").
Each is resolved against the shipped alias index (:mod:`newsgraph.nlp.gazetteer`) in two passes:
the first gives the countries the article is about (country mentions, actors' countries and the
first-pass places), the second re-scores every ambiguous name with that context, so "Pokrowsk"
in an article about the war in Ukraine is Pokrovsk in Donetsk oblast, not a Russian namesake.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp import extensions  # noqa: F401
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.gazetteer import (Feature, Gazetteer, RegionContext, load_gazetteer,
                                     to_location)
from newsgraph.schema import Location, Mention
from newsgraph.nlp.lemma_keys import doc_text as cached_text
from newsgraph.nlp.textspans import span_text
from newsgraph.nlp.unchecked import build

PLACE_LABELS = ("LOC", "GPE", "FAC")
#: labels of spans that may still be (or begin with) a place the model mislabelled
NAME_LABELS = ("PER", "ORG")
#: a mislabelled span that names a city as a whole is taken as the city from this size up
BIG_CITY = 500_000

_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_ADM2_WORD = re.compile(r"\b(?:County|District|Province|Parish|Shire|Prefecture|Landkreis|Kreis)$")
_COMMA_PAIR = re.compile(r"^([^,]+), ([^,]+)$")


def article_countries(doc: Doc, features: list[Feature | None]) -> Counter:
    """How strongly the article is about each country (ISO2 → weight)."""
    ctx: Counter = Counter()
    for f in features:
        if f is None:
            continue
        ctx[f.country] += 2 if f.feature == "country" else 1
    for e in doc._.entities or []:
        if e.country and e.type in ("PER", "ORG"):
            ctx[e.country] += len(e.mentions)
    ctx.pop("", None)
    return ctx


def article_regions(features: list[Feature | None]) -> Counter:
    """How often the article's places lie in each first-order region ((ISO2, admin1) → weight);
    a named region counts twice, a place in it once."""
    ctx: Counter = Counter()
    for f in features:
        if f is not None and f.adm1 and f.country:
            ctx[(f.country, f.adm1)] += 2 if f.feature == "adm1" else 1
    return ctx


_ADM1_AFTER = re.compile(r"^[ -](?:state|State|province|Province|[Gg]overnor|Gov\.|[Ll]egislature|"
                         r"Bundesstaat|Provinz|Gouverneur)\b")
_ADM1_BEFORE = re.compile(r"(?:\b(?:[Ss]tate|[Pp]rovince) of|Bundesstaat|US-Staat|Provinz)\s$")
_ADM1_BEFORE_HINTS = ("te of", "ce of", "taat", "Provinz")


def context_cue(text: str, start: int, end: int, before: Feature | None,
                gaz: "Gazetteer") -> str | None:
    """'adm1' when the words around a mention make it a state or province: "Washington state",
    "New York Governor", "the state of Washington", "Buffalo, New York" (a city, then the
    region it lies in)."""
    if _ADM1_AFTER.match(text[end:end + 16]):
        return "adm1"
    before_text = text[max(0, start - 24):start]
    # (each of _ADM1_BEFORE's words holds one of these strings: most mentions have none before them)
    if any(w in before_text for w in _ADM1_BEFORE_HINTS) and _ADM1_BEFORE.search(before_text):
        return "adm1"
    if before is not None and before.feature == "city" and before.adm1:
        region = gaz.admin1(before.country, before.adm1)
        if region is not None and region.name.lower() == text[start:end].lower():
            return "adm1"
    return None


class Geocoder(BatchedPipe):
    def __init__(self, nlp: Language, name: str, labels: list[str], context: bool,
                 name_labels: list[str] | None = None) -> None:
        self.name = name
        self.lang = nlp.lang
        self.labels = tuple(labels)
        self.name_labels = tuple(NAME_LABELS if name_labels is None else name_labels)
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        gaz = load_gazetteer()
        found: list[tuple[int, int, str]] = []
        ents = doc.ents
        persons = person_words(ents)
        for span in ents:
            if span.label_ in self.labels:
                if not gaz.lookup_variants(span_text(span), self.lang)[1]:
                    span = place_inside(span, gaz) or span
                start = wider_start(span, gaz)
                found.append((start, span.end_char, span.label_))
            elif span.label_ in self.name_labels:
                found += [(s, e, span.label_) for s, e in places_in_name(span, gaz, persons)]
        doc._.locations = geocode_spans(
            [(s, e) for s, e, _ in found], doc, lang=self.lang, use_context=self.context,
            labels=[lab for _, _, lab in found])
        return doc


@lru_cache(maxsize=1)
def country_heads() -> frozenset[str]:
    """First words of the countries' names in the KB (the gazetteer's country aliases)."""
    from newsgraph.nlp.knowledge import load_kb

    return frozenset(n.split(None, 1)[0] for n in load_kb().country_names if n.strip())


def is_country_adjective(word: str) -> bool:
    from newsgraph.nlp.knowledge import load_kb

    kb, w = load_kb(), word.lower()
    return w in kb.adjectives or w in kb.demonyms


def person_words(ents: tuple[Span, ...]) -> set[str]:
    """Lowercase words of the article's multi-word person names ("Michael Jordan")."""
    out: set[str] = set()
    for e in ents:
        if e.label_ == "PER":
            text = span_text(e)
            words = [w for w in text.lower().split() if w.isalpha()]
            if len(words) > 1 and "," not in text:
                out.update(words)
    return out


def _offsets(span: Span, start: int, end: int) -> tuple[int, int]:
    return span.start_char + start, span.start_char + end


def wider_start(span: Span, gaz: Gazetteer) -> int:
    """Where a place mention starts once the capitalised word before the model's span is taken
    in, when the two name a place together ("Eastern" + "Mediterranean", "Upper" + "Nile")."""
    if span.start == 0:
        return span.start_char
    prev = span.doc[span.start - 1]
    if not (prev.is_title and prev.is_alpha):
        return span.start_char
    text = cached_text(span.doc)
    before = text[max(0, prev.idx - 3):prev.idx].strip()
    # (Token.is_sent_start would scan the whole Doc for sentence annotation on every call)
    if before and before[-1] not in ".!?:\"'“”„" and \
            gaz.candidates(text[prev.idx:span.end_char], small=False):
        return prev.idx
    return span.start_char


def places_in_name(span: Span, gaz: Gazetteer, persons: set[str]) -> list[tuple[int, int]]:
    """Places inside a span the model labelled as a person or an organisation — the small model's
    "Kenya's" (PER), "Ural Mountains" and "Melbourne's" (ORG), "Van, Turkey" (PER), and the
    country that begins "U.S. Army" or "United States military". Character offsets."""
    text = span_text(span)
    pair = _COMMA_PAIR.match(text) if ", " in text else None
    if pair:  # "Van, Turkey": a place, then the country or region it lies in
        right = gaz.resolve(pair.group(2)) if gaz.recognisable(pair.group(2)) else None
        if right is None or right.feature not in ("country", "adm1"):
            return []
        out = [_offsets(span, pair.start(2), pair.end(2))]
        left = pair.group(1)
        if any(f.country == right.country and f.feature in ("city", "adm1", "adm2")
               for f, _ in gaz.candidates(left)):
            out.append(_offsets(span, 0, len(left)))
        return out
    core = _POSSESSIVE.sub("", text) if "'" in text or "’" in text else text
    # names the gazetteer lets the KB ruler find in text (not "White House", an alternate name of
    # Casablanca, nor "MS", Mississippi's postal code), and "… County"
    county = _ADM2_WORD.search(core) is not None
    known = {c.row for c, _ in gaz.recognisable(core)}
    f = gaz.resolve(core) if known or (county and gaz.candidates(core, small=False)) else None
    if f is not None and not (span.label_ == "ORG" and cached_text(span.doc).startswith(
            " of ", span.end_char)):  # "Southern District of New York" is a court
        kind = f.feature
        whole = ((kind == "adm2" and county) or (f.row in known and (
            kind in ("country", "adm1", "continent", "region")
            or (kind == "city" and f.population >= BIG_CITY))))
        if span.label_ == "PER":
            # "Jordan", "Sydney", "Victoria" are names of people too: a person-labelled place
            # needs a possessive or a word like "County", and no person of that name around
            whole = whole and (core != text or kind in ("adm2", "region")) and \
                core.lower() not in persons
        if whole:
            return [_offsets(span, 0, len(core))]
    # a country that begins an organisation's name, or a person's title ("United States
    # president …"): countries only, which the event coder keeps as actors, not venues
    if span.label_ == "PER" and not any(w.islower() for w in text.split()):
        return []
    if text.split(None, 1)[0].lower() not in country_heads():
        return []
    for n in range(min(len(span) - 1, gaz.max_alias_tokens), 0, -1):
        head, nxt = span[:n], span[n]
        if span.label_ == "PER" and not (nxt.is_alpha and nxt.is_lower
                                         and span_text(head).lower() not in persons):
            continue
        name = span_text(head)
        if any(c.feature == "country" for c, _ in gaz.recognisable(name)) and (
                name.isupper() or not is_country_adjective(name)):  # "Thai Raksa Chart Party"
            return [(head.start_char, head.end_char)]
    return []


def place_inside(span: Span, gaz: Gazetteer) -> Span | None:
    """The longest (then leftmost) well-known place name inside a place span that names nothing
    as a whole — the model's "US Centers", "United Kingdom Sunday", "South Sudan David Shearer"."""
    for length in range(min(len(span) - 1, gaz.max_alias_tokens), 0, -1):
        for i in range(len(span) - length + 1):
            sub = span[i:i + length]
            name = span_text(sub)
            if name[:1].isupper() and gaz.recognisable(name):
                return sub
    return None


def geocode_spans(offsets: list[tuple[int, int]], doc: Doc, *, lang: str = "en",
                  use_context: bool = True, labels: list[str] | None = None) -> list[Location]:
    """Resolve character spans of ``doc.text`` to Locations (unresolvable ones are left out)."""
    gaz = load_gazetteer()
    text = cached_text(doc)
    first = [gaz.resolve(text[s:e], lang=lang) for s, e in offsets]
    ctx = article_countries(doc, first) if use_context else Counter()
    regions = RegionContext(article_regions(first) if use_context else Counter())
    by_id: dict[str, Location] = {}
    # a name's own first guesses are no evidence for themselves (four "Scott County" mentions
    # resolved to Iowa's would otherwise outvote the Indiana the article is about)
    own: dict[str, Counter] = {}
    for (s, e), f in zip(offsets, first):
        if f is not None and f.adm1 and f.country:
            own.setdefault(text[s:e], Counter())[(f.country, f.adm1)] += (
                2 if f.feature == "adm1" else 1)
    ends = {e: f for (_, e), f in zip(offsets, first)}
    # in context, a name's choice depends on its text and cue only (its own evidence is its
    # text's): repeated mentions are resolved once
    chosen: dict[tuple[str, str | None], Feature | None] = {}
    for k, (s, e) in enumerate(offsets):
        before = ends.get(s - 2) if text[s - 2:s] == ", " else None
        cue = context_cue(text, s, e, before, gaz)
        if use_context:
            name = text[s:e]
            if (name, cue) in chosen:
                f = chosen[name, cue]
            else:
                mine = own.get(name)
                others = regions.without(mine) if mine else regions
                f = chosen[name, cue] = gaz.resolve(name, ctx, lang, others, cue)
        else:
            f = first[k]
        if f is None:
            continue
        loc = by_id.get(f.id)
        if loc is None:
            loc = by_id[f.id] = to_location(f, lang)
        loc.mentions.append(build(Mention, start=s, end=e, text=text[s:e], via="name",
                                    label=labels[k] if labels else None))
    return list(by_id.values())


@Language.factory(
    spacy_factory("newsgraph.geo.v1"),
    default_config={"labels": list(PLACE_LABELS), "context": True,
                    "name_labels": list(NAME_LABELS)},
    assigns=["doc._.locations"],
    requires=["doc.ents"],
)
def make_geo(nlp: Language, name: str, labels: list[str], context: bool,
             name_labels: list[str] | None = None) -> Geocoder:
    return Geocoder(nlp, name, labels, context, name_labels)
