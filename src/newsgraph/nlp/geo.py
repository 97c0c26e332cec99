"""Where: geocode place mentions to GeoNames features (``doc._.locations``).

Place mentions are the LOC/GPE spans in ``doc.ents`` (statistical NER and/or the KB ruler).
Each is resolved against the shipped alias index (:mod:`newsgraph.nlp.gazetteer`) in two passes:
the first gives the countries the article is about (country mentions, actors' countries and the
first-pass places), the second re-scores every ambiguous name with that context, so "Pokrowsk"
in an article about the war in Ukraine is Pokrovsk in Donetsk oblast, not a Russian namesake.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp import extensions  # noqa: F401
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.gazetteer import (Feature, Gazetteer, RegionContext, load_gazetteer,
                                     to_location)
from newsgraph.schema import Location, Mention
from newsgraph.nlp.lemma_keys import doc_text as cached_text

PLACE_LABELS = ("LOC", "GPE", "FAC")


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


def context_cue(text: str, start: int, end: int, before: Feature | None,
                gaz: "Gazetteer") -> str | None:
    """'adm1' when the words around a mention make it a state or province: "Washington state",
    "New York Governor", "the state of Washington", "Buffalo, New York" (a city, then the
    region it lies in)."""
    if _ADM1_AFTER.match(text[end:end + 16]) or _ADM1_BEFORE.search(text[max(0, start - 24):start]):
        return "adm1"
    if before is not None and before.feature == "city" and before.adm1:
        region = gaz.admin1(before.country, before.adm1)
        if region is not None and region.name.lower() == text[start:end].lower():
            return "adm1"
    return None


class Geocoder:
    def __init__(self, nlp: Language, name: str, labels: list[str], context: bool) -> None:
        self.name = name
        self.lang = nlp.lang
        self.labels = tuple(labels)
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        spans = [e for e in doc.ents if e.label_ in self.labels]
        gaz = load_gazetteer()
        offsets = []
        for span in spans:
            if not gaz.lookup_variants(span.text, self.lang)[1]:
                span = place_inside(span, gaz) or span
            offsets.append((span.start_char, span.end_char))
        doc._.locations = geocode_spans(
            offsets, doc, lang=self.lang, use_context=self.context,
            labels=[s.label_ for s in spans])
        return doc


def place_inside(span: Span, gaz: Gazetteer) -> Span | None:
    """The longest (then leftmost) well-known place name inside a place span that names nothing
    as a whole — the model's "US Centers", "United Kingdom Sunday", "South Sudan David Shearer"."""
    for length in range(min(len(span) - 1, gaz.max_alias_tokens), 0, -1):
        for i in range(len(span) - length + 1):
            sub = span[i:i + length]
            if sub[0].text[:1].isupper() and gaz.recognisable(sub.text):
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
    for k, (s, e) in enumerate(offsets):
        mine = own.get(text[s:e])
        others = regions.without(mine) if mine else regions
        before = ends.get(s - 2) if text[s - 2:s] == ", " else None
        cue = context_cue(text, s, e, before, gaz)
        f = gaz.resolve(text[s:e], ctx, lang, others, cue) if use_context else first[k]
        if f is None:
            continue
        loc = by_id.get(f.id)
        if loc is None:
            loc = by_id[f.id] = to_location(f, lang)
        loc.mentions.append(Mention(start=s, end=e, text=text[s:e], via="name",
                                    label=labels[k] if labels else None))
    return list(by_id.values())


@Language.factory(
    spacy_factory("newsgraph.geo.v1"),
    default_config={"labels": list(PLACE_LABELS), "context": True},
    assigns=["doc._.locations"],
    requires=["doc.ents"],
)
def make_geo(nlp: Language, name: str, labels: list[str], context: bool) -> Geocoder:
    return Geocoder(nlp, name, labels, context)
