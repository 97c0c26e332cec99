"""Knowledge-backed recognition (``newsgraph.kb_ruler.v1``): known actors, places and titled names.

Finds persons/organisations of the shipped KB (with German genitives), places of the gazetteer's
recognisable aliases (countries, regions, cities ≥ 50,000 inhabitants, exonyms) and names introduced
by a title ("Moderator Sean Hannity"), and merges them with the statistical NER's ``doc.ents``
(see :meth:`KBRuler._set_ents` for who wins). spaCy's EntityRuler was not used: building its
PhraseMatcher over ~100k aliases takes seconds per process and it cannot express genitive
inflection, all-caps case rules or the determiner check.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp.gazetteer import load_gazetteer
from newsgraph.nlp.knowledge import Actor, KnowledgeBase, as_date, load_kb
from newsgraph.nlp.lemma_keys import doc_text as cached_text
from newsgraph.nlp.lemma_keys import token_table
from newsgraph.nlp.pipeline import spacy_factory

ARTICLES = {
    "de": {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer"},
    "en": {"the", "a", "an"},
}
_DE_DET_STEMS = ("ein", "kein", "mein", "dein", "sein", "ihr", "unser", "euer", "eur", "dies",
                 "jed", "welch", "manch", "jen", "solch")
DETERMINERS_ALL = {
    "de": ARTICLES["de"] | {stem + end for stem in _DE_DET_STEMS
                            for end in ("", "e", "en", "em", "er", "es")},
    "en": ARTICLES["en"] | {"my", "your", "his", "her", "its", "our", "their", "this", "that",
                            "these", "those", "every", "each", "no", "some", "any"},
}
DETERMINERS = {"de": {"der", "die", "das", "den", "dem", "des"}, "en": {"the"}}
FORMER = re.compile(r"^(früher|ehemalig|einstig|vorig|damalig|former|late|ex|onetime|then)",
                    re.IGNORECASE)
ADM1_CUES = {"de": {"region", "oblast", "gebiet", "provinz", "bundesstaat", "bundesland"},
             "en": {"region", "oblast", "province", "state"}}
# Short all-caps words that are place aliases only in capitals ("US" vs "us").
_MAX_SPAN_TOKENS = 6


@lru_cache(maxsize=100_000)
def slug(text: str) -> str:
    """ASCII id part of a name ("Selenskyj" → "selenskyj"), cached per process (entity ids of
    the same names recur in every article)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@lru_cache(maxsize=200_000)
def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def _is_cap(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _stop_words(lang: str) -> set[str]:
    try:
        from spacy.util import get_lang_class

        return set(get_lang_class(lang).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - unknown language: no stop words
        return set()



@dataclass(slots=True)
class _Match:
    start: int
    end: int
    label: str
    kb_id: str = ""
    weak: bool = False
    confident: bool = False  # a place sure enough to correct the model's label


def _breaks_name(lex) -> bool:
    """A token a multi-token name cannot contain: punctuation other than - . ' ’, spaces."""
    t = lex.orth_
    return (lex.is_punct and t not in "-.'’") or lex.is_space or t != t.strip()


def _may_start(lex, firsts: set[str]) -> bool:
    """A capitalised token whose form (or form without -s) begins some KB or gazetteer alias."""
    if not _is_cap(lex.orth_):
        return False
    low = lex.lower_.replace("’", "'")
    return low in firsts or low.rstrip("s") in firsts


class KBRuler(BatchedPipe):
    """Knowledge-backed NER: KB actors, gazetteer places, title + name."""

    def __init__(self, nlp: Language, name: str, overrule_model: bool, min_city_pop: int) -> None:
        self.name = name
        self.lang = nlp.lang
        self.overrule_model = overrule_model
        self.min_city_pop = min_city_pop
        self.stop = {w.lower() for w in _stop_words(nlp.lang)}
        self._first_words: set[str] | None = None
        self._begins = None
        # per-process look-up caches (the KB and the gazetteer are read-only once loaded)
        self._title_words: tuple[set[str], set[str]] | None = None
        self._actor_cache: dict[str, list[Actor]] = {}
        self._inert: dict[str, bool] = {}
        kb = load_kb()
        self._role_words = {w for r in kb.roles for w in _norm(r.form).split()
                            if len(w) > 3 and w not in ("state", "head", "government", "chief")}
        self._role_words |= {"president", "secretary", "minister", "spokesman", "chairman"}

    def _firsts(self) -> set[str]:
        if self._first_words is None:
            kb, gaz = load_kb(), load_gazetteer()
            firsts: set[str] = set()
            for alias in list(kb.alias_index) + [a for a in gaz._aliases]:
                w = alias.split(" ", 1)[0]
                firsts.add(w)
                firsts.add(re.split(r"[-.'’]", w, maxsplit=1)[0])
            self._first_words = firsts
        return self._first_words

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        kb, gaz = load_kb(), load_gazetteer()
        firsts = self._firsts()
        day = as_date(doc._.published)
        tt = token_table(doc)
        brk = tt.lexical("kb_ruler.break", _breaks_name)
        starts = tt.lexical("kb_ruler.start", lambda lex: _may_start(lex, firsts))
        doc_text = cached_text(doc)
        matches: list[_Match] = []
        nxt = 0
        for i in [k for k, may in enumerate(starts) if may]:
            if i < nxt:
                continue
            m = self._match_at(doc, i, kb, gaz, day, tt, brk, doc_text)
            if m:
                matches.append(m)
                nxt = m.end
        matches.extend(self._title_names(doc, matches, kb, tt))
        self._set_ents(doc, matches)
        return doc

    def _alias_begins(self):
        """A test whether a key begins some KB alias or gazetteer alias (recognised or not): a
        span whose key begins none, and all longer spans from the same token, find nothing."""
        if self._begins is None:
            aliases = sorted(set(load_kb().alias_index) | set(load_gazetteer()._aliases))
            find = bisect.bisect_left
            known: dict[str, bool] = {}  # the same few thousand keys recur in every article

            def begins(key: str) -> bool:
                hit = known.get(key)
                if hit is None:
                    k = find(aliases, key)
                    hit = k < len(aliases) and aliases[k].startswith(key)
                    if len(known) > 200_000:
                        known.clear()
                    known[key] = hit
                return hit

            self._begins = begins
        return self._begins

    def _match_at(self, doc: Doc, i: int, kb: KnowledgeBase, gaz, day, tt, brk: list[bool], doc_text: str
                  ) -> _Match | None:
        n = len(doc)
        texts, idx = tt.text, tt.idx
        stop = i + min(_MAX_SPAN_TOKENS, n - i)
        first_break = i
        while first_break < stop and not brk[first_break]:
            first_break += 1
        top = max(1, first_break - i)  # longer spans would cross a break
        spans: list[tuple[str, str]] = []
        begins = self._alias_begins()
        for length in range(1, top + 1):
            last = i + length - 1
            text = doc_text[idx[i]: idx[last] + len(texts[last])]
            key = _norm(text)
            spans.append((text, key))
            if not begins(key):
                break  # every longer key begins with this one, so no alias (nor alias + "s") is one
        inert = self._inert
        for length in range(len(spans), 0, -1):
            text, key = spans[length - 1]
            dead = inert.get(key)
            if dead is None:
                dead = self._is_inert(key, kb, gaz)
            if dead:
                continue
            actor = self._actor_for(key, text, length, kb, day)
            if actor is None and self.lang == "de" and key.endswith("s") and len(key) > 3:
                actor = self._actor_for(key[:-1], text[:-1], length, kb, day)
            if actor is not None and not actor.src.startswith("curated") and (
                    any(f.feature in ("country", "adm1") for f, _ in gaz.recognisable(key))
                    or any(w in self._role_words for w in key.split())):
                # "Puerto Rico" is a place before it is a dictionary entry; "US President" and
                # "Secretary of State" are roles, resolved by the entities component
                actor = None
            if actor is not None:
                label = "PER" if actor.type == "PER" else "ORG"
                return _Match(i, i + length, label, actor.id)
            place_key = key
            if self.lang == "de" and key.endswith("s") and len(key) > 4 \
                    and not gaz.recognisable(key) and gaz.recognisable(key[:-1]):
                place_key = key[:-1]  # genitive: "Russlands", "Kiews"
            if self._place_ok(doc, tt, i, length, place_key, text, gaz):
                key = place_key
                confident = any(f.feature in ("country", "continent", "adm1") or f.fcode == "PPLC"
                                or f.population >= 1_000_000 for f, _ in gaz.recognisable(key))
                confident = confident or self._place_context(doc, i)
                start = i
                if i > 0 and doc[i - 1].lower_ in ADM1_CUES[self.lang if self.lang in ADM1_CUES
                                                           else "en"]:
                    start = i - 1
                end = i + length
                if end < n and self.lang == "en" and doc[end].lower_ in ("region", "oblast",
                                                                          "province"):
                    end += 1
                return _Match(start, end, "LOC", confident=confident)
        return None

    def _is_inert(self, key: str, kb: KnowledgeBase, gaz) -> bool:
        """Whether a key names no KB actor and no recognisable place, German genitives included:
        :meth:`_match_at` finds nothing for it whatever the context (cached per key)."""
        genitive = self.lang == "de" and key.endswith("s")
        dead = not (self._actor_candidates(key, kb) or gaz.recognisable(key)
                    or (genitive and len(key) > 3 and self._actor_candidates(key[:-1], kb))
                    or (genitive and len(key) > 4 and gaz.recognisable(key[:-1])))
        if len(self._inert) > 200_000:
            self._inert.clear()
        self._inert[key] = dead
        return dead

    def _actor_candidates(self, key: str, kb: KnowledgeBase) -> list[Actor]:
        cands = self._actor_cache.get(key)
        if cands is None:
            if len(self._actor_cache) > 200_000:
                self._actor_cache.clear()
            cands = self._actor_cache[key] = kb.actors_for_alias(key)
        return cands

    @staticmethod
    def _place_context(doc: Doc, i: int) -> bool:
        """Words before a name that make it a place: "Städte wie Pokrowsk", "towns such as X"."""
        if i >= 2 and doc[i - 1].lower_ in ("wie", "like", "as") and \
                doc[i - 2].lower_ in _PLACE_CLASS_WORDS:
            return True
        return i >= 3 and doc[i - 1].lower_ == "as" and doc[i - 2].lower_ == "such" and \
            doc[i - 3].lower_ in _PLACE_CLASS_WORDS

    def _actor_for(self, key: str, text: str, length: int, kb: KnowledgeBase, day) -> Actor | None:
        cands = self._actor_candidates(key, kb)
        if not cands:
            return None
        if key in self.stop:
            return None
        best = None
        for a in cands:
            curated = a.src.startswith("curated")
            if a.case and text not in a.case and key in {c.lower() for c in a.case}:
                continue  # all-caps acronym (AP, UN) written otherwise
            if length == 1 and " " not in key and not curated:
                continue  # single words from the big dictionaries are too ambiguous
            if not curated and a.type == "PER" and a.code_on(day) is None:
                continue
            if best is None or (curated and not best.src.startswith("curated")):
                best = a
        return best

    def _place_ok(self, doc: Doc, tt, i: int, length: int, key: str, text: str, gaz) -> bool:
        if key in self.stop or len(key) < 2:
            return False
        cands = gaz.recognisable(key)
        if not cands:
            return False
        if len(text) <= 3 and not text.isupper():
            return False
        countries = [f for f, _ in cands if f.feature in ("country", "continent")]
        if not countries:
            lowers, texts = tt.lower, tt.text
            if i > 1 and lowers[i - 2] in DETERMINERS_ALL.get(self.lang, set()) \
                    and tt.is_lower[i - 1] and tt.is_alpha[i - 1]:
                return False  # "ein gutes Essen", "the good Reading"
            firsts = _first_names()
            after = i + length if i + length < len(doc) else None
            if i > 0 and lowers[i - 1] in firsts and _is_cap(texts[i - 1]):
                return False  # "Markus Söder", "Eugen David"
            if length == 1 and key in firsts and after is not None and _is_cap(texts[after]) \
                    and tt.is_alpha[after]:
                return False  # "Martin Stoll", "Mary Gebhard"
            cands = [(f, fl) for f, fl in cands
                     if f.feature != "city" or f.population >= self.min_city_pop
                     or f.fcode == "PPLC"]
            if not cands:
                return False
            nxt = lowers[i + length] if i + length < len(doc) else ""
            if i > 0 and lowers[i - 1] in DETERMINERS_ALL.get(self.lang, set()) \
                    and nxt not in ADM1_CUES["en"]:
                return False  # "das Essen", "the Reading": cities rarely take an article
            if doc[i].is_sent_start and length == 1 and key in _COMMON_CAPITALISED:
                return False
        return key not in _NOT_PLACES

    def _title_names(self, doc: Doc, matches: list[_Match], kb: KnowledgeBase, tt
                     ) -> list[_Match]:
        """'Moderator Sean Hannity': capitalised words after a title are a person's name."""
        taken = set()
        for m in matches:
            taken.update(range(m.start, m.end))
        out = []
        if self._title_words is None:
            self._title_words = ({form for (lang, form) in kb.titles if lang == self.lang},
                                 {r.form.lower() for r in kb.roles if r.lang == self.lang})
        titles, roles = self._title_words
        texts, lowers, alpha = tt.text, tt.lower, tt.is_alpha
        n = len(doc)
        heads = tt.lexical("kb_ruler.title", lambda lex: lex.lower_ in titles or lex.lower_ in roles
                           or lex.lower_.split("-")[-1] in roles)
        for i in [k for k, head in enumerate(heads) if head and k < n - 1]:
            j = i + 1
            while (j < n and j - i <= 3 and j not in taken and _is_cap(texts[j])
                   and alpha[j] and lowers[j] not in self.stop
                   and (texts[j].lower() not in titles)):
                j += 1
            if j == i + 1:
                continue
            if j - i == 2 and self.lang == "de" and j < n and _is_cap(doc[j].text) \
                    and not doc[j].is_punct:
                continue  # one capitalised German word followed by another: likely nouns
            out.append(_Match(i + 1, j, "PER", weak=True))
            taken.update(range(i + 1, j))
        return out

    def _title_wrapped(self, doc: Doc, e: Span, m: "_Match") -> bool:
        """A KB person inside a model span of another label that adds only titles/roles
        ("Chancellor Friedrich Merz" tagged ORG): the person wins."""
        if not m.kb_id or m.label != "PER" or e.label_ == "PER":
            return False
        extra = [t for t in doc[e.start : e.end] if not m.start <= t.i < m.end]
        return bool(extra) and all(t.lower_ in self._role_words or t.is_punct for t in extra)

    def _set_ents(self, doc: Doc, matches: list[_Match]) -> None:
        """Merge KB matches with the statistical NER's spans.

        A model span that contains a KB match is kept ("Markus Söder", "Air Berlin") and gets the
        match's kb_id when the labels agree; a KB actor (person/organisation of the KB) overrules
        a model span it overlaps otherwise; a KB place overrules only a same-span label error
        ("Somalia" tagged PER); title-introduced names fill gaps only."""
        model = list(doc.ents)
        tt = token_table(doc)
        keep: list[Span] = []
        used = [False] * len(doc)

        def take(span: Span) -> None:
            keep.append(span)
            for k in range(span.start, span.end):
                used[k] = True

        strong = [m for m in matches if not m.weak]
        claimed: set[int] = set()
        for m in strong:
            over = [e for e in model if e.start < m.end and m.start < e.end]
            if not over:
                continue
            if any(e.start <= m.start and m.end <= e.end and (e.start, e.end) != (m.start, m.end)
                   and not self._title_wrapped(doc, e, m) for e in over):
                claimed.add(id(m))  # inside a longer model span: the model's span stays
                continue
            if not self.overrule_model:
                claimed.add(id(m))  # configured to trust the model on every overlap
                continue
            if m.kb_id:
                continue  # KB actor: overrules
            if all(m.start <= e.start and e.end <= m.end for e in over) and \
                    any((e.start, e.end) != (m.start, m.end) for e in over):
                continue  # "Region Donezk" around the model's "Donezk": the longer name wins
            same = [e for e in over if (e.start, e.end) == (m.start, m.end)]
            if not same or not m.confident:
                claimed.add(id(m))  # crossing a model span: the model decides
        overruling = [(m.start, m.end) for m in strong if id(m) not in claimed]
        yielded = [m for m in strong if id(m) in claimed]
        for e in model:
            e_start, e_end, label = e.start, e.end, e.label_
            if overruling and any(a < e_end and e_start < b for a, b in overruling):
                continue  # overruled by a KB match
            known = next((m for m in yielded if e_start <= m.start and m.end <= e_end
                          and m.label == label and m.kb_id), None)
            end = e_end
            if label == "PER" and known is not None and known.start == e_start and \
                    all(t.pos_ == "NOUN" for t in doc[known.end : e_end]):
                end = known.end  # "die Selenskyj Kopfschmerzen bereiten": the model ran the name on
            end = _before_predicate(doc, e_start, end, tt)
            if end > e_start:
                if known is None:
                    label = _label_by_form(doc, e_start, end, label, tt)
                take(Span(doc, e_start, end, label=label, kb_id=known.kb_id if known else e.kb_id_))
        for m in strong:
            if id(m) in claimed or any(used[k] for k in range(m.start, m.end)):
                continue
            take(Span(doc, m.start, m.end, label=m.label, kb_id=m.kb_id))
        for m in matches:
            if m.weak and not any(used[k] for k in range(m.start, m.end)):
                take(Span(doc, m.start, m.end, label=m.label))
        # what ``doc.ents = ...`` does, without its copying every Span first
        doc.set_ents(sorted(keep, key=lambda s: s.start), default="outside")


_NAME_GLUE = {"ADP", "DET", "CCONJ", "PUNCT", "PART"}
_NAME_PARTICLES = {"de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den",
                   "al", "el", "bin", "ibn", "bint", "ben", "y", "e", "dos", "das", "ter", "zu"}


def _before_predicate(doc: Doc, start: int, end: int, tt=None) -> int:
    """Where a model span must end when it ran on into its sentence's predicate: "The Florida
    Department of Transportation closed Interstate 75" ends before "closed". A lower-case verb or
    auxiliary is never part of a name, nor in English any lower-case word but glue ("of", "the")
    and name particles ("van", "bin"); glue words left dangling go with the rest. Returns ``start``
    when nothing name-like is left. ``tt``: the Doc's token table (lexical flags without Token
    objects; only lower-case words are asked their part of speech), made when not given."""
    english = doc.lang_ == "en"
    tt = token_table(doc) if tt is None else tt
    is_lower, is_alpha, lowers = tt.is_lower, tt.is_alpha, tt.lower
    cut = next((k for k in range(start, end) if is_lower[k] and is_alpha[k] and (
        doc[k].pos_ in ("VERB", "AUX") or
        # English names hold no lower-case content words ("closed" tagged ADJ); German ones
        # can ("Institut für angewandte Ökologie")
        (english and doc[k].pos_ not in _NAME_GLUE and lowers[k] not in _NAME_PARTICLES))),
               end)
    if cut == end:
        return end
    while cut > start and doc[cut - 1].pos_ in _NAME_GLUE:
        cut -= 1
    texts = tt.text
    if all(lowers[k] == texts[k] for k in range(start, cut)):
        return start
    return cut


#: last words that make a name an organisation's ("Johns Hopkins Center", "Universität Wien"
#: is caught by its first word only when it comes last, which is the case this rule is for)
_ORG_HEADS = {
    "center", "centre", "university", "institute", "institution", "department", "ministry",
    "agency", "council", "committee", "commission", "company", "corporation", "corp", "inc",
    "ltd", "llc", "plc", "bank", "foundation", "association", "school", "college", "hospital",
    "party", "group", "office", "court", "police", "service", "services", "board", "church",
    "club", "fund", "trust", "union", "network", "media", "news", "times", "post", "press",
    "zentrum", "universität", "institut", "ministerium", "stiftung", "partei", "verband", "gmbh",
    "ag", "klinik", "klinikum", "gericht", "amt", "bundesamt", "behörde", "verein", "gruppe",
}


_SURNAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _label_by_form(doc: Doc, start: int, end: int, label: str, tt=None) -> str:
    """Fixes the statistical NER's type where the name's form leaves no doubt: a person's name
    ending in an organisation word is an organisation ("Johns Hopkins Center" tagged PER); a
    organisation made of a known given name and one capitalised (maybe hyphenated) word that is
    no organisation word is a person ("Monica Schoch-Spana" tagged ORG). ``tt``: the Doc's
    token table (made when not given)."""
    tt = token_table(doc) if tt is None else tt
    lowers = tt.lower
    last = lowers[end - 1]
    if label == "PER" and end - start >= 2 and last in _ORG_HEADS:
        return "ORG"
    if label == "ORG" and end - start >= 2 and last not in _ORG_HEADS:
        first = lowers[start]
        if first in _first_names() and first not in _org_first_words() and \
                _is_cap(tt.text[start]) and tt.is_alpha[start]:
            # one word, hyphens allowed: "Schoch-Spana" is three tokens
            surname = doc[start + 1 : end].text
            if _is_cap(surname) and not surname.isupper() and _SURNAME.fullmatch(surname):
                return "PER"
    return label


_PLACE_CLASS_WORDS = {
    "städte", "städten", "stadt", "orte", "orten", "dörfer", "dörfern", "regionen", "gebiete",
    "gebieten", "frontstädte", "cities", "towns", "villages", "places", "regions", "areas",
}

_NOT_PLACES = {
    "nice", "reading", "mobile", "split", "van", "sale", "batman", "bath", "hope", "union",
    "independence", "university", "police", "male", "mission", "deal", "best", "most", "sure",
    "of", "along", "ende", "mitte", "zukunft", "opposition", "president", "march", "may",
    "august", "june", "china town", "justice", "liberty", "victoria", "florence", "eagle",
    "pride", "trust", "bar", "orange", "phoenix", "brest", "lodi", "tours", "metro", "vale",
    # German common nouns that are also (alternate) place names
    "name", "mann", "west", "east", "north", "south", "ost", "nord", "süd", "savanne", "dramen",
    "essen", "wissen", "weil", "mark", "laufen", "kassen", "bergen", "zug", "lage", "stadt",
    "land", "bad", "berg", "hof", "brücke", "kirche", "markt", "neustadt", "gold", "namen",
    "klang", "grad", "kilo", "tour", "rapid", "mercedes", "zara", "vana", "boni", "tete",
    "southern", "northern", "eastern", "western", "central", "centre", "center", "enterprise",
    "corona", "jupiter", "rugby", "mission", "commerce", "industry", "harmony", "progress",
}
@lru_cache(maxsize=1)
def _alias_first_words() -> tuple[frozenset[str], frozenset[str]]:
    """First words of the KB's multi-word names, from one pass over its aliases: persons' given
    names (to tell "Martin Stoll" from a place called Martin) and the words that start
    organisation names ("National", "Islamic", "The": no evidence of a person even where
    persons' names start so)."""
    given, org_firsts = set(), set()
    for alias, ids in load_kb().alias_index.items():
        if " " not in alias:
            continue
        first = alias.split(" ", 1)[0]
        if any(i.startswith("per:") for i in ids) and first.isalpha() and len(first) > 2:
            given.add(first)
        if any(not i.startswith("per:") for i in ids):
            org_firsts.add(first)
    given -= {"president", "prime", "king", "queen", "general", "minister"}
    return frozenset(given), frozenset(org_firsts)


def _first_names() -> frozenset[str]:
    return _alias_first_words()[0]


def _org_first_words() -> frozenset[str]:
    return _alias_first_words()[1]


_COMMON_CAPITALISED = {"essen", "halle", "wissen", "weil", "mark", "laufen", "hamm"}


@Language.factory(
    spacy_factory("newsgraph.kb_ruler.v1"),
    default_config={"overrule_model": True, "min_city_pop": 50000},
    assigns=["doc.ents"],
)
def make_kb_ruler(nlp: Language, name: str, overrule_model: bool, min_city_pop: int) -> KBRuler:
    return KBRuler(nlp, name, overrule_model, min_city_pop)
