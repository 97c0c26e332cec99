"""Events: who did what to whom — CAMEO and PLOVER coding with actors, place, time and modality.

For every sentence: actors (entity mentions with CAMEO codes, else PETRARCH-format actor/agent
dictionaries), clauses, event predicates (verbs and event nouns from PETRARCH-format verb
dictionaries: PETRARCH2's English CAMEO verb patterns, newsgraph's German verb/noun dictionary)
coded by the most specific matching pattern; then source/target (dependency parse when present,
word order and prepositions otherwise), modality (negated, hypothetical, future, reported),
place, date and evidence. Results: ``doc._.events`` (list[schema.Event]).
"""

from __future__ import annotations

import csv
import hashlib
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Sequence
from pathlib import Path

from mypy_extensions import mypyc_attr
from spacy.language import Language
from spacy.tokens import Doc, Span

import newsgraph as _package
from newsgraph.events.actors import (CONJ, ActorLexicon, ActorSpan, EntityIndex,
                                     entity_actors, merge_actor_layers)
from newsgraph.events.dictionaries import (ActorDictionary, AgentDictionary, VerbDictionary,
                                           read_discards)
from newsgraph.events.matcher import Clause, PatternMatcher, Predicate, clauses
from newsgraph.events.modality import OBLIGATION, Modality, analyse
from newsgraph.events.tokens import dep_table, pos_tags
from newsgraph.nlp import extensions  # noqa: F401
from newsgraph.nlp.lemma_keys import doc_text, token_table
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.unchecked import build as _build
from newsgraph.schema import Actor, Event
from newsgraph.schema import Span as EvSpan

# (from the package's plain ``__init__``: mypyc's modules have no ``__file__`` while their body
# runs, and afterwards one that does not point at their source)
RESOURCES = Path(_package.__file__).resolve().parent / "resources" / "events"
DEFAULTS = {
    "de": {"verbs": ["de.verbs.txt"], "nouns": ["de.nouns.txt"], "actors": ["de.actors.txt"],
           "agents": ["de.agents.txt"], "places": ["de.places.txt"]},
    "en": {"verbs": ["en.verbs.txt", "en.verbs.newsgraph.txt"], "nouns": ["en.nouns.txt"],
           "actors": ["en.actors.countries.txt", "en.actors.international.txt", "en.actors.extra.txt"],
           "agents": ["en.agents.txt", "en.agents.extra.txt"], "places": ["en.places.txt"]},
}
PREPS = {
    "de": {"AN", "AUF", "AUS", "BEI", "MIT", "NACH", "SEIT", "VON", "VOM", "ZU", "ZUM", "ZUR",
           "GEGEN", "FÜR", "ÜBER", "UNTER", "VOR", "HINTER", "NEBEN", "ZWISCHEN", "DURCH", "OHNE",
           "UM", "IN", "IM", "INS", "AM", "BEIM", "TROTZ", "WÄHREND", "WEGEN", "LAUT",
           "GEGENÜBER", "AUSSERHALB", "AUßERHALB", "INNERHALB", "ALS"},
    "en": {"TO", "WITH", "AGAINST", "ON", "IN", "AT", "BY", "FROM", "OF", "FOR", "INTO", "ABOUT",
           "OVER", "UNDER", "AFTER", "BEFORE", "BETWEEN", "AMONG", "NEAR", "TOWARD", "TOWARDS",
           "DURING", "VIA", "AS", "UPON", "ACROSS", "THROUGH"},
}
TARGET_PREPS = {
    "de": {"AN", "AUF", "GEGEN", "MIT", "NACH", "ZU", "ZUM", "ZUR", "GEGENÜBER", "ZWISCHEN"},
    "en": {"TO", "WITH", "AGAINST", "ON", "AT", "INTO", "TOWARD", "TOWARDS", "FOR", "BETWEEN",
           "UPON"},
}
AGENT_PREPS = {"VON", "VOM", "DURCH", "BY", "OF", "FROM"}
PLACE_PREPS = {"IN", "IM", "BEI", "NACH", "VON", "AT", "IN", "NEAR", "AUS"}
DETLIKE = {"DER", "DIE", "DAS", "DEN", "DEM", "DES", "EIN", "EINE", "EINEN", "EINER", "EINEM",
           "THE", "A", "AN", "ITS", "THEIR", "HIS", "HER", "SEINE", "SEINEN", "IHRE", "IHREN"}
DEFINITE = {"DER", "DIE", "DAS", "DEN", "DEM", "DES", "IM", "VOM", "ZUM", "BEIM", "AM", "THE"}
POSSESSIVE = {"DESSEN", "DEREN", "SEINE", "SEINER", "SEINEN", "SEINEM", "SEIN", "IHRE", "IHREN",
              "IHRER", "IHR", "HIS", "ITS", "THEIR", "HER"}
RELATIVE = {"DER", "DIE", "DAS", "DESSEN", "DEREN", "WHO", "WHICH"}
SUBJ_DEPS = {"nsubj", "sb", "csubj"}
#: languages whose parser is trusted before word-order heuristics (German word order is free
#: enough, and the German model weak enough, that the heuristics win there)
DEP_FIRST = {"en": True, "de": False}
PASS_SUBJ_DEPS = {"nsubj:pass", "nsubjpass", "sbp"}
OBJ_DEPS = {"obj", "dobj", "iobj", "oa", "da", "obl", "op", "pobj", "nmod", "obl:arg", "dative"}
WEEKDAYS = {
    "MONTAG": 0, "DIENSTAG": 1, "MITTWOCH": 2, "DONNERSTAG": 3, "FREITAG": 4, "SAMSTAG": 5,
    "SONNTAG": 6, "MONDAY": 0, "TUESDAY": 1, "WEDNESDAY": 2, "THURSDAY": 3, "FRIDAY": 4,
    "SATURDAY": 5, "SUNDAY": 6,
}
RELDAYS = {"GESTERN": -1, "HEUTE": 0, "MORGEN": 1, "ÜBERMORGEN": 2, "YESTERDAY": -1, "TODAY": 0,
           "TOMORROW": 1, "VORGESTERN": -2}


# ------------------------------------------------------------------------------ codebook

@dataclass(frozen=True)
class CodeInfo:
    code: str
    root: str
    base: str
    label: str
    goldstein: float
    quad: int
    plover: str | None
    mode: str | None
    context: list[str]


@lru_cache(maxsize=1)
def codebook() -> dict[str, CodeInfo]:
    out: dict[str, CodeInfo] = {}
    with (RESOURCES / "cameo_codebook.tsv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            out[r["code"]] = CodeInfo(
                r["code"], r["root"], r["base"], r["label"], float(r["goldstein"] or 0),
                int(r["quad_class"] or 1), r["plover"] or None, r["plover_mode"] or None,
                [c.strip() for c in r["plover_context"].split(";") if c.strip()])
    return out


def code_info(code: str) -> CodeInfo:
    """Codebook entry of a CAMEO code; non-CAMEO codes (user dictionaries) fall back to parents."""
    cb = codebook()
    for c in (code, code[:3], code[:2]):
        if c in cb:
            info = cb[c]
            if c != code:
                return CodeInfo(code, code[:2], code[:3], info.label, info.goldstein, info.quad,
                                info.plover, info.mode, info.context)
            return info
    root = code[:2] if code[:2].isdigit() else "01"
    quad = 1 if root <= "05" else 2 if root <= "08" else 3 if root <= "13" else 4
    return CodeInfo(code, root, code[:3], "", 0.0, quad, None, None, [])


# ------------------------------------------------------------------------------ resources

@dataclass
class EventResources:
    lang: str
    matcher: PatternMatcher
    lexicon: ActorLexicon
    discards: list[str]


def _paths(given: list[str], lang: str, kind: str) -> tuple[str, ...]:
    if given:
        return tuple(str(Path(p)) for p in given)
    return tuple(str(RESOURCES / f) for f in DEFAULTS.get(lang, DEFAULTS["en"])[kind]
                 if (RESOURCES / f).exists())


@lru_cache(maxsize=8)
def load_resources(lang: str, verbs: tuple[str, ...], nouns: tuple[str, ...],
                   actors: tuple[str, ...], agents: tuple[str, ...],
                   discards: tuple[str, ...], places: tuple[str, ...] = ()) -> EventResources:
    """Dictionaries load once per process and configuration."""
    vd = VerbDictionary.load(list(verbs), lang) if verbs else None
    nd = VerbDictionary.load(list(nouns), lang, kind="noun") if nouns else None
    ad = ActorDictionary.load(list(actors)) if actors else ActorDictionary()
    gd = AgentDictionary.load(list(agents), lang) if agents else AgentDictionary(lang)
    disc: list[str] = []
    for p in discards:
        disc += read_discards(p)[0]
    pd = ActorDictionary.load(list(places)) if places else None
    return EventResources(lang, PatternMatcher(vd, nd, lang), ActorLexicon(ad, gd, lang, pd), disc)


# ------------------------------------------------------------------------------ component

@Language.factory(
    spacy_factory("newsgraph.events.v1"),
    default_config={
        "verb_dictionaries": [],
        "noun_dictionaries": [],
        "actor_dictionaries": [],
        "agent_dictionaries": [],
        "discard_dictionaries": [],
        "place_dictionaries": [],
        "past_offset_days": 1,
        "min_confidence": 0.0,
        "min_actors": 0,
        "min_participants": 1,
        "statements": True,
        "coreference": True,
    },
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str, verb_dictionaries: list[str],
                noun_dictionaries: list[str], actor_dictionaries: list[str],
                agent_dictionaries: list[str], discard_dictionaries: list[str],
                place_dictionaries: list[str], past_offset_days: int, min_confidence: float,
                min_actors: int, min_participants: int, statements: bool,
                coreference: bool) -> EventCoder:
    return EventCoder(str(nlp.lang), verb_dictionaries, noun_dictionaries, actor_dictionaries,
                      agent_dictionaries, discard_dictionaries, past_offset_days, min_confidence,
                      statements, coreference, place_dictionaries, min_actors, min_participants)


@mypyc_attr(native_class=False)  # a plain class under mypyc: tools may wrap its methods
class EventCoder:
    """The spaCy component: codes every sentence of a Doc into schema.Event objects."""

    def __init__(self, lang: str, verb_dictionaries: Sequence[str] = (), noun_dictionaries=(),
                 actor_dictionaries=(), agent_dictionaries=(), discard_dictionaries=(),
                 past_offset_days: int = 1, min_confidence: float = 0.0, statements: bool = True,
                 coreference: bool = True, place_dictionaries=(), min_actors: int = 0,
                 min_participants: int = 1) -> None:
        """``min_participants``: events need this many participants (source/target, coded or
        not) to be kept, unless they are reported inside a quote whose speaker is known. The
        default 1 is "who did what to whom" with at least a who or a whom: a predicate with
        neither ("die Angriffe", "The bus overturned", "It was founded in 1992") is no edge of
        the graph, and in the development corpora most such events were pattern misfires
        (PETRARCH2 drops events that lack either actor; GDELT's event table has none with
        neither). 0 keeps them. ``min_actors``: events need this many *coded* actors (0: no
        such test)."""
        self.min_actors = min_actors
        self.min_participants = min_participants
        self.lang = lang if lang in DEFAULTS else "en"
        user_verbs = bool(verb_dictionaries)
        self._args = (
            self.lang, _paths(list(verb_dictionaries), self.lang, "verbs"),
            () if user_verbs and not noun_dictionaries else
            _paths(list(noun_dictionaries), self.lang, "nouns"),
            _paths(list(actor_dictionaries), self.lang, "actors"),
            _paths(list(agent_dictionaries), self.lang, "agents"),
            tuple(discard_dictionaries),
            _paths(list(place_dictionaries), self.lang, "places"))
        self.past_offset_days = past_offset_days
        self.min_confidence = min_confidence
        self.statements = statements
        self.coreference = coreference

    @property
    def resources(self) -> EventResources:
        return load_resources(*self._args)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = code_doc(doc, self)
        return doc


def _published(doc: Doc) -> date | None:
    p = doc._.published
    if isinstance(p, datetime):
        return p.date()
    if isinstance(p, date):
        return p
    if isinstance(p, str):
        try:
            return date.fromisoformat(p[:10])
        except ValueError:
            return None
    return None


def _sentences(doc: Doc) -> list[Span]:
    try:
        from newsgraph.nlp.textspans import sentence_ranges
    except ImportError:
        return list(doc.sents)
    out = []
    for r in sentence_ranges(doc):
        s = doc.char_span(r.start, r.end, alignment_mode="expand")
        if s is not None and len(s):
            out.append(s)
    return out


@lru_cache(maxsize=1)
def _entity_helpers():
    try:
        from newsgraph.nlp import entities as ents
    except Exception:  # noqa: BLE001 - the entity component is optional
        return None
    return ents


def code_doc(doc: Doc, coder: EventCoder) -> list[Event]:
    """Events of every sentence. The schema objects are built without validation (``_build``): their
    values come from this module's own typed code, and validating ~10 models per event cost a
    tenth of the component's time."""
    text = doc_text(doc)
    _MEMO.clear()
    ctx = _MEMO  # results shared by the events of one clause or sentence
    res = ctx["resources"] = coder.resources
    ctx["entities"] = doc._.entities
    ctx["locations"] = doc._.locations
    ctx["times"] = doc._.times
    ctx["quotes"] = doc._.quotes or []
    lang = coder.lang
    matcher = res.matcher
    matcher.bind(doc)
    ctx["arrays"] = matcher.arrays
    # one POS list and one DepTable per Doc, shared by the matcher and this module
    ctx["pos_tags"] = matcher._joined["pos_tags"] = pos_tags(doc, ctx)
    ctx["dep_table"] = matcher._joined["dep_table"] = dep_table(doc, ctx)
    published = _published(doc)
    events: list[Event] = []

    up = matcher.upper_words(doc)[0]
    doc_key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    kinds: dict[str, str] = {}
    explicit: dict[str, bool] = {}  # event id → the place came from the sentence itself
    ent_index = EntityIndex(doc) if ctx["entities"] else None
    # actors of earlier sentences, for pronouns/possessives (a partial, not a closure: compiled,
    # a nested function and the frame it closes over would hold each other and the Doc)
    history = _History(partial(_sentence_actors, doc, res, published, ent_index, lang))
    for sent_no, sent in enumerate(_sentences(doc), 1):
        if res.discards and any(d in sent.text.upper() for d in res.discards):
            continue
        found = matcher._cands  # the Doc's tokens that may be dictionary forms (``bind``)
        if bisect_left(found, sent.start) == bisect_left(found, sent.end):
            # no token of the sentence can be a predicate: no clauses, patterns or events to
            # look for; its actors only matter to later pronouns and possessives, if one asks
            history.defer(sent)
            continue
        actors = _drop_nested(_actors(doc, sent, res, published, ent_index))
        if any(_looks_back(a) and (a.kind == "pronoun" or up[a.start - 1] in POSSESSIVE)
               for a in actors):  # (an agent not after a possessive keeps its code)
            _resolve_references(doc, actors, history.actors(), lang)
        # with no actor in the sentence and no quote speaker to report it, an event can only
        # gain a participant as a definite or possessed noun: by coreference with an earlier
        # event ("der Gipfel") or from an earlier sentence's person ("seine Forderungen")
        nouns_only = coder.min_participants > 0 and not actors and \
            not _spoken(ctx["quotes"], sent)
        actor_tokens = {i for a in actors for i in range(a.start, a.end)}
        cls = clauses(sent, lang, actor_tokens, matcher.upper_words(doc)[1])
        matcher.bind(doc, {a.start for a in actors})
        preds = [p for p in matcher.predicates(sent, cls, _noun_test(doc) if nouns_only else None)
                 if p.head not in actor_tokens]
        if lang == "en" and not nouns_only and matcher.uncoded and \
                not any(p.code and not p.code.startswith("01") for p in preds):
            # nothing but statements coded: the dictionary verbs left uncoded get the code of
            # their block's closest pattern (PatternMatcher.relaxed; PETRARCH2's English blocks
            # without a default code are the reason, newsgraph's German blocks all have one)
            preds += [p for p in matcher.relaxed() if p.head not in actor_tokens]
            preds.sort(key=lambda p: p.head)
        nouns = {p.head: p for p in preds if p.kind == "noun"}
        preds = _prune(preds, up, doc)
        if nouns_only:
            preds = [p for p in preds if _may_refer(doc, p)]
        for p in preds:
            if p.kind == "verb":
                p.absorbed = [nouns[i] for i in sorted(p.tokens) if i in nouns]
        speech = any((p.code or "").startswith(("01", "02")) for p in preds)
        for pred in preds:
            pred.speech = (speech or pred.framed) and \
                not (pred.code or "").startswith(("01", "02"))
            if not coder.statements and (pred.code or "").startswith("01"):
                continue
            new = _events_for(doc, sent, sent_no, pred, actors, cls, lang, published, coder,
                              doc_key, history, explicit, ctx)
            kind = "noun-def" if _definite_noun(doc, pred) else pred.kind
            kinds.update((e.id, kind) for e in new)
            events += new
        history.add([a for a in actors if a.code])
    if coder.coreference:
        _corefer_nouns(events, kinds, explicit)
    need, coded = coder.min_participants, coder.min_actors
    return [e for e in events if e.confidence >= coder.min_confidence and
            (coded <= 0 or
             sum(1 for a in (e.source, e.target) if a is not None and a.code) >= coded) and
            (need <= 0 or e.reporter is not None or
             sum(1 for a in (e.source, e.target) if a is not None) >= need)
            and not _unattributed_statement(e)]


def _sentence_actors(doc: Doc, res: EventResources, published: date | None,
                     ent_index: EntityIndex | None, lang: str, sent: Span,
                     earlier: list[ActorSpan]) -> list[ActorSpan]:
    """A sentence's actors, references resolved against ``earlier`` ones (``_History``)."""
    actors = _drop_nested(_actors(doc, sent, res, published, ent_index))
    _resolve_references(doc, actors, earlier, lang)
    return actors


def _spoken(quotes: list, sent: Span) -> bool:
    """Part of the sentence is quoted and the quote's speaker is known (its events are
    reported by that speaker)."""
    lo, hi = sent.start_char, sent.end_char
    return any(q.speaker is not None and q.start < hi and lo < q.end for q in quotes)


def _noun_test(doc: Doc):
    """``_may_refer``'s cheap necessary condition at a token, before the dictionaries are read:
    a definite article or possessive shortly before it in its clause."""
    up = _views(doc)[0]

    def may_refer_at(i: int, cl: Clause) -> bool:
        return any(w in DEFINITE or w in POSSESSIVE for w in up[max(cl.start, i - 4):i])
    return may_refer_at


def _may_refer(doc: Doc, p: Predicate) -> bool:
    """An event noun that can take participants from outside its sentence: a definite one
    (``_corefer_nouns``) or one after a possessive (``_arguments``)."""
    return p.kind == "noun" and (_definite_noun(doc, p) or _after_possessive(doc, p))


def _definite_noun(doc: Doc, p: Predicate) -> bool:
    """An event noun with a definite determiner ("der Gipfel"): it may refer back to an earlier
    mention of its event (``_corefer_nouns``)."""
    return p.kind == "noun" and _determiner(doc, p, p.clause) in DEFINITE


def _after_possessive(doc: Doc, p: Predicate) -> bool:
    """A possessive shortly before the predicate in its clause ("seine Forderungen")."""
    return any(w in POSSESSIVE for w in _views(doc)[0][max(p.clause.start, p.head - 3):p.head])


#: dependency labels of a clause's subject (English models: ClearNLP and UD labels)
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj", "csubjpass", "csubj:pass", "expl",
                 "agent"}
#: a verb without a subject of its own shares the one of the verb it hangs from by these
_SHARES_SUBJECT = {"conj", "xcomp"}


def _has_subject(doc: Doc, head: int) -> bool:
    """The verb at ``head``, or the verb it is coordinated with or complements (up to three steps
    up), has a subject in the parse ("… and deployed drones", "agreed to meet")."""
    table = dep_table(doc, _MEMO)
    i = head
    for _ in range(4):
        if any(table.dep(k) in _SUBJECT_DEPS for k in table.children(i)):
            return True
        if table.dep(i) not in _SHARES_SUBJECT:
            return False
        j = doc[i].head.i
        if j == i:
            return False
        i = j
    return False


def _unattributed_statement(e: Event) -> bool:
    """A statement (CAMEO 01) with neither speaker nor addressee: "…, the report said" where no
    actor was found says nothing about who said what to whom (GDELT codes no such event); the
    quotation stage keeps what was said."""
    return e.source is None and e.target is None and e.cameo.startswith("01")


_COMMISSIVE = {"SWEAR", "VOW", "PLEDGE", "PROMISE"}
#: commitments whose dictionary default codes the bare verb ("X and Y agreed": 050); with an
#: infinitive and no more specific pattern they frame the agreed action ("agreed to set up …")
_COMMISSIVE_DEFAULT = {"AGREE"}
_NEGATORS = {"NOT", "N'T", "NEVER", "NO", "NICHT", "NIE", "KEINE", "KEIN", "KEINEN"}


#: light verbs: coded only by their block default, their event-noun object is the event
#: ("imposed an arms embargo" 163, not IMPOSE's 170; "launched an offensive", "staged a rally")
_LIGHT_VERBS = {"IMPOSE", "LAUNCH", "STAGE", "HOLD", "CONDUCT", "MOUNT", "CARRY", "BEGIN",
                "START", "CONTINUE", "RESUME", "MAKE", "PAY", "ORGANIZE", "ORGANISE"}


def _light_verb_objects(cands: list[Predicate], doc: Doc) -> list[Predicate]:
    """Drops a default-coded light verb whose object (within four words, over determiners,
    adjectives, numbers and compound nouns) is an event noun."""
    nouns = {p.head: p for p in cands if p.kind == "noun"}
    if not nouns:
        return cands
    out = []
    for q in cands:
        if q.kind == "verb" and q.pattern is None and q.entry.head in _LIGHT_VERBS:
            k = q.head + 1
            while k < min(len(doc), q.head + 5) and k not in nouns and \
                    doc[k].pos_ in ("DET", "ADJ", "NUM", "NOUN", "PROPN", "PUNCT") and \
                    doc[k].text not in (",", ";", ":"):
                k += 1
            if k in nouns and doc[k].pos_ != "VERB":
                continue
        out.append(q)
    return out


def _prune(preds: list[Predicate], up: list[str] | None = None,
           doc: Doc | None = None) -> list[Predicate]:
    """A word that is part of another predicate's pattern ("humanitarian aid" in "send … aid",
    "air" in "air strikes", "sign" in "rejected … sign … treaty") is not a predicate of its own;
    per head the widest match wins, and of two patterns holding each other's heads the wider."""
    best: dict[int, Predicate] = {}
    for p in preds:
        if p.head not in best or len(p.tokens) > len(best[p.head].tokens):
            best[p.head] = p
    cands = list(best.values())
    if doc is not None and doc.lang_ == "en":
        cands = _light_verb_objects(cands, doc)
    for q in list(cands):
        own = q.entry.code or q.entry.block.code or ""
        if q.pattern is None or not own.startswith(("01", "02")):
            continue
        # the embedded verb inside the statement pattern, or one sharing its words ("said it will
        # not accept the proposal": SAY * &PROPOSAL and ACCEPT NOT * &PROPOSAL share "proposal")
        inner = [p for p in cands if p is not q and q.head < p.head <= max(q.tokens) and
                 (p.head in q.tokens or p.tokens & q.tokens)]
        negated = up is not None and any(
            up[k] in _NEGATORS for p in inner for k in range(q.head + 1, p.head))
        inner = [p for p in inner if negated or
                 (p.pattern is not None and p.pattern.weight > q.pattern.weight)]
        if inner:
            # "announced that it will withdraw its peacekeeping force from Chad": the embedded
            # verb's own, more specific pattern codes the announced action, not "ANNOUNCE * WITHDRAW";
            # so does a negated one ("said it will not accept the proposal": SAY * ACCEPT
            # &PROPOSAL codes the acceptance)
            cands.remove(q)
            for p in inner:
                p.framed = True

    if up is not None:
        for q in list(cands):
            if q.kind != "verb" or not (q.entry.head in _COMMISSIVE or (
                    q.entry.head in _COMMISSIVE_DEFAULT and q.pattern is None)):
                continue
            inner = [p for p in cands if p is not q and q.head + 2 <= p.head <= q.head + 3 and
                     up[p.head - 1] == "TO"]
            if inner:
                # "have sworn to fight", "vowed to retaliate": the promised action is the event,
                # coded with the commitment as its frame (THREATEN / AGREE by type)
                cands.remove(q)
                for p in inner:
                    p.framed = True

    def rank(p: Predicate) -> tuple[int, int]:
        return len(p.tokens), -p.head

    kept = [p for p in cands if not any(
        q is not p and p.head in q.tokens and (q.head not in p.tokens or rank(q) > rank(p))
        for q in cands)]
    return sorted(kept, key=lambda p: p.head)


def _drop_nested(actors: list[ActorSpan]) -> list[ActorSpan]:
    return [a for a in actors if not any(
        b is not a and b.start <= a.start and a.end <= b.end and (b.end - b.start) > (a.end - a.start)
        for b in actors)]


def _actors(doc: Doc, sent: Span, res: EventResources, when: date | None,
            index: EntityIndex | None = None) -> list[ActorSpan]:
    helpers = _entity_helpers()
    # country adjectives the dictionaries lack ("estnische", "Peruvian") come from the entity
    # component's actor_code_for_span when it is installed
    res.lexicon.adjective_code = getattr(helpers, "actor_code_for_span", None) if helpers else None
    dict_actors = res.lexicon.find(sent, when, res.matcher.upper_words(doc))
    if index is not None:
        return merge_actor_layers(entity_actors(doc, sent, index), dict_actors)
    return dict_actors


class _History:
    """The coded actors of a Doc's earlier sentences, in sentence order (pronouns and possessives
    look back to them). A sentence without a possible predicate is kept as a sentence
    (``defer``): its actors are found only when a later sentence looks back, and most never do."""

    __slots__ = ("_parts", "_flat", "_find")

    def __init__(self, find) -> None:
        self._parts: list = []  # per sentence: its coded actors, or the deferred Span
        self._flat: list[ActorSpan] | None = []
        self._find = find  # (sentence, the actors before it) → the sentence's actors

    def add(self, coded: list[ActorSpan]) -> None:
        self._parts.append(coded)
        if self._flat is not None:
            self._flat += coded

    def defer(self, sent: Span) -> None:
        self._parts.append(sent)
        self._flat = None

    def actors(self) -> list[ActorSpan]:
        flat = self._flat
        if flat is None:
            flat = []
            for k, part in enumerate(self._parts):
                if not isinstance(part, list):
                    part = self._parts[k] = [a for a in self._find(part, flat) if a.code]
                flat += part
            self._flat = flat
        return flat


def _looks_back(a: ActorSpan) -> bool:
    """The actor is resolved against earlier ones (``_resolve_references``)."""
    return (a.kind == "pronoun" and a.code is None) or \
        (a.kind == "agent" and a.code is not None and len(a.code) == 3 and a.start > 0)


def _resolve_references(doc: Doc, actors: list[ActorSpan], history: list[ActorSpan],
                        lang: str) -> None:
    """Pronouns take the last person actor; "dessen Armee" takes the antecedent's country."""
    for k, a in enumerate(actors):
        if not _looks_back(a):
            continue  # only these two look back (the pool of earlier actors is built for them)
        earlier = [x for x in actors[:k] if x.code and x.kind != "pronoun"]
        pool = [x for x in history if x.code] + earlier
        if a.kind == "pronoun" and a.code is None:
            persons = [x for x in pool if x.person]
            if persons:
                ant = persons[-1]
                actors[k] = ActorSpan(a.start, a.end, ant.code, a.text, ant.entity, "pronoun", True)
        elif a.kind == "agent" and a.code and len(a.code) == 3 and a.start > 0:
            prev = _views(doc)[0][a.start - 1]
            if prev in POSSESSIVE and pool:
                ant = pool[-1]
                if ant.country and ant.country.isalpha():
                    actors[k] = ActorSpan(a.start, a.end, ant.country + a.code, a.text, None,
                                          "actor")


#: per-Doc results of the pure look-ups below (``_prep_before``, ``_is_place``), which the
#: events of one sentence ask for again and again; emptied by ``code_doc`` for every Doc
_MEMO: dict = {}


def _views(doc: Doc) -> tuple[list[str], list[str], list[str], list[int]]:
    """(upper-case words, words, POS tags, character offsets) of the Doc's tokens, once per Doc:
    the look-ups below read them instead of building a Token per question."""
    got = _MEMO.get("views")
    if got is None:
        res = _MEMO.get("resources")
        if res is not None:
            up, orig = res.matcher.upper_words(doc)
        else:
            orig = [t.text for t in doc]
            up = [w.upper() for w in orig]
        got = _MEMO["views"] = (up, orig, pos_tags(doc, _MEMO), token_table(doc).idx)
    return got


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``(span.start_char, span.end_char)`` of the tokens ``start:end`` (end > start)."""
    _, orig, _, idx = _views(doc)
    return idx[start], idx[end - 1] + len(orig[end - 1])


def _prep_before(doc: Doc, a: ActorSpan, lang: str, floor: int) -> str | None:
    """The preposition governing an actor span, looking back over determiners/adjectives."""
    key = ("prep", a.start, floor, lang)
    got = _MEMO.get(key, _MEMO)
    if got is _MEMO:
        got = _MEMO[key] = _prep_before_uncached(doc, a.start, lang, floor)
    return got


def _prep_before_uncached(doc: Doc, start: int, lang: str, floor: int) -> str | None:
    preps = PREPS.get(lang, set())
    up, orig, pos, _ = _views(doc)
    i = start - 1
    steps = 0
    while i >= floor and steps < 4:
        w = up[i]
        if w in preps:
            return w
        if w in ("WIE", "LIKE") and i - 1 >= floor and orig[i - 1][:1].isupper():
            i -= 2  # "auf Städte wie Kiew": the example shares the preposition of its noun
            steps += 1
            continue
        if w in CONJ and steps < 3 and i - 1 >= floor and orig[i - 1][:1].isupper():
            i -= 1  # "von Trump und Putin": the second conjunct shares the preposition
            while i - 1 >= floor and orig[i][:1].isupper() and orig[i - 1][:1].isupper():
                i -= 1
            i -= 1
            steps += 1
            continue
        if w in DETLIKE or pos[i] in ("DET", "ADJ", "NUM", "ADV") or \
                (orig[i][:1].islower() and orig[i].isalpha() and w not in CONJ and
                 lang == "de" and pos[i] not in ("VERB", "AUX")):
            i -= 1
            steps += 1
            continue
        if lang == "en" and orig[i][:1].islower() and orig[i].isalpha() and steps < 2 and \
                w not in CONJ and not pos[i] in ("VERB", "AUX"):
            i -= 1
            steps += 1
            continue
        return None
    return None


def _split_codes(group: list[ActorSpan]) -> list[ActorSpan]:
    """An actor record may stand for several actors: "THE_SHIRE [FRO/BIL/SAM]"."""
    out = []
    for a in group:
        if a.code and "/" in a.code:
            out += [ActorSpan(a.start, a.end, c, a.text, a.entity, a.kind, a.person)
                    for c in a.code.split("/") if c]
        else:
            out.append(a)
    return out


def _linking(doc: Doc, lo: int, hi: int) -> bool:
    """Tokens between two conjoined actors: a conjunction, maybe articles and adjectives."""
    key = ("link", lo, hi)
    got = _MEMO.get(key)
    if got is None:
        got = _MEMO[key] = _linking_uncached(doc, lo, hi)
    return got


def _linking_uncached(doc: Doc, lo: int, hi: int) -> bool:
    up, orig, pos, _ = _views(doc)
    words = up[lo:hi]
    if any(w in ("DESSEN", "DEREN", "WHOSE") or (w in RELATIVE and k and words[k - 1] == ",")
           for k, w in enumerate(words)):
        return False  # "Putin, dessen Armee …" is not a list of actors
    if not words or len(words) > 5 or not any(w in CONJ for w in words):
        return False
    english = doc.lang_ == "en"
    for k, w in enumerate(words):
        if not (w in CONJ or w in DETLIKE or _adjective(orig[lo + k], pos[lo + k], english)):
            return False
    return True


def _adjective(t: str, pos: str, english: bool) -> bool:
    """A lower-case word between listed actors that reads as an adjective ("russische und
    ukrainische Soldaten")."""
    if not (t[:1].islower() and t.isalpha()):
        return False
    if pos:
        return pos == "ADJ"
    if english:  # no tagger: "the evil Arnor", "good Gondor"
        return True
    return t.lower().endswith(("e", "en", "er", "es", "em"))


def _group(a: ActorSpan, actors: list[ActorSpan], doc: Doc) -> list[ActorSpan]:
    """Compound actors joined by and/und/commas: "Gondor and Osgiliath", "Evil Mordor, the awful
    Fornost, and good Gondor"."""
    idx = next((k for k, x in enumerate(actors) if x is a), None)
    if idx is None:
        return [a]
    out = [a]
    k = idx
    while k + 1 < len(actors) and actors[k + 1].kind != "pronoun":
        if _linking(doc, actors[k].end, actors[k + 1].start):
            out.append(actors[k + 1])
            k += 1
        else:
            break
    k = idx
    while k - 1 >= 0 and actors[k - 1].kind != "pronoun":
        if _linking(doc, actors[k - 1].end, actors[k].start):
            out.insert(0, actors[k - 1])
            k -= 1
        else:
            break
    return out


def _in_slot(actors: list[ActorSpan], slot: tuple[int, int] | None) -> ActorSpan | None:
    if slot is None:
        return None
    for a in actors:
        if slot[0] <= a.start < slot[1]:
            return a
    return None


def _dep_arguments(doc: Doc, pred: Predicate, cand: list[ActorSpan], parsed: bool | None = None):
    """Subject/object actors from the dependency parse (UD or TIGER labels)."""
    if not (doc.has_annotation("DEP") if parsed is None else parsed):
        return None, None

    def actor_in(lo, hi):
        for a in cand:
            if lo <= a.start < hi:
                return a
        return None

    src: ActorSpan | None = None
    tgt: ActorSpan | None = None
    tp = TARGET_PREPS.get(doc.lang_, set())
    for dep, lo, hi, case in _children(doc, pred.head):
        if dep in SUBJ_DEPS and src is None:
            src = actor_in(lo, hi)
        elif dep in PASS_SUBJ_DEPS and tgt is None:
            tgt = actor_in(lo, hi)
        elif dep in ("obl:agent", "agent", "sbp") and src is None:
            src = actor_in(lo, hi)
        elif dep in OBJ_DEPS and tgt is None:
            a = actor_in(lo, hi)
            if a is not None and (dep in ("obj", "dobj", "iobj", "oa", "da") or
                                  (case and case[0] in tp)):
                tgt = a
    return src, tgt


def _children(doc: Doc, i: int) -> list[tuple[str, int, int, list[str]]]:
    """(dependency, subtree start, subtree end, upper-case case markers) of a token's children
    that can hold an argument (``_ARG_DEPS``, the only ones ``_dep_arguments`` reads), once per
    Doc and token."""
    key = ("kids", i)
    got = _MEMO.get(key)
    if got is None:
        table = dep_table(doc, _MEMO)
        case = table.case
        got = []
        for k in table.children(i):
            dep = table.dep(k)
            if dep in _ARG_DEPS:
                c = doc[k]
                got.append((dep, c.left_edge.i, c.right_edge.i + 1, case.get(k, _NO_CASE)))
        _MEMO[key] = got
    return got


_NO_CASE: list[str] = []
_ARG_DEPS = SUBJ_DEPS | PASS_SUBJ_DEPS | OBJ_DEPS | {"obl:agent", "agent", "sbp"}


def _in_pp(doc: Doc, pred: Predicate, lang: str) -> bool:
    return _prep_before(doc, ActorSpan(pred.head, pred.head + 1, None, ""), lang,
                        pred.clause.start) is not None


def _determiner(doc: Doc, pred: Predicate, cl: Clause) -> str | None:
    up = _views(doc)[0]
    for i in range(pred.head - 1, max(cl.start, pred.head - 4) - 1, -1):
        w = up[i]
        if w in DETLIKE or w in DEFINITE or w in ("EINES", "EINEM", "KEINE", "KEINEN", "KEINER"):
            return w
    return None


def _arguments(doc: Doc, sent: Span, pred: Predicate, actors: list[ActorSpan],
               cls: list[Clause], mod: Modality, lang: str, history: _History,
               parsed: bool | None = None):
    cl = pred.clause
    in_clause = [a for a in actors if cl.start <= a.start < cl.end and a.start not in pred.tokens]
    preps = {id(a): _prep_before(doc, a, lang, cl.start) for a in in_clause}
    src = _in_slot(in_clause, pred.src_slot)
    tgt = _in_slot(in_clause, pred.tgt_slot)
    if pred.kind == "noun":
        s2, t2 = _noun_arguments(doc, pred, in_clause, preps, lang)
        src = src or s2
        tgt = tgt or t2
        if src is None and _after_possessive(doc, pred):
            earlier = [a for a in actors if a.end <= pred.head and a.person] or \
                [a for a in history.actors() if a.person]
            src = earlier[-1] if earlier else None
        if src is None and not _in_pp(doc, pred, lang) and \
                _determiner(doc, pred, cl) not in ("DES", "DEM", "EINES", "EINEM"):
            subj = [a for a in in_clause if preps[id(a)] is None and a is not tgt and
                    a.start < pred.head]
            src = subj[0] if subj else None
        return src, tgt
    d_src, d_tgt = _dep_arguments(doc, pred, in_clause, parsed)
    if DEP_FIRST.get(lang):
        src = src or d_src
        tgt = tgt or (d_tgt if d_tgt is not src else None)
    for noun in pred.absorbed:  # "die von Trump angekündigten Sanktionen gegen Russland"
        s2, t2 = _noun_arguments(doc, noun, in_clause, preps, lang)
        if src is None and s2 is not None and preps.get(id(s2)) in AGENT_PREPS:
            src = s2
        tgt = tgt or t2
    free = [a for a in in_clause if preps[id(a)] is None and not _is_place(doc, a)]
    if mod.passive:
        if src is None:  # the agent phrase, not a "von" inside a noun phrase ("Fragen von Journalisten")
            src = next((a for a in in_clause if preps[id(a)] in AGENT_PREPS and not
                        (parsed and _noun_attached(doc, a))), None)
        if tgt is None:
            tgt = next((a for a in free if a is not src), None)
        if tgt is None:
            tgt = _main_subject(doc, sent, cl, cls, actors, lang)
        return src, tgt
    if lang == "de" and parsed and pred.kind == "verb" and \
            (src is None or not cl.start <= src.start < cl.end):
        ctrl = _object_controller(doc, pred, actors)
        if ctrl is not None:  # "setzt den Präsidenten unter Druck, auf Putins Bedingungen einzugehen"
            src = ctrl
            tgt = tgt if tgt is not ctrl else None
    if src is None:
        if lang == "de":
            cands = [a for a in free if a is not tgt]
            src = cands[0] if cands else None
        else:
            before = [a for a in free if a.start < pred.head and a is not tgt]
            src = before[-1] if before else None
    if src is None:
        idx = cls.index(cl) if cl in cls else 0
        if cl.opener == "UM" and lang == "de":  # "…, um seinen Krieg auszuweiten"
            src = _main_subject(doc, sent, cl, cls, actors, lang)
        elif cl.opener in RELATIVE and idx > 0:  # "Putin, der … führt"
            prev = cls[idx - 1]
            pa = [a for a in actors if prev.start <= a.start < prev.end]
            src = pa[-1] if pa else None
        elif lang == "en":
            earlier = [a for a in actors if sent.start <= a.start < cl.start and
                       _prep_before(doc, a, lang, sent.start) is None]
            src = earlier[0] if earlier else None
        else:
            src = _main_subject(doc, sent, cl, cls, actors, lang)
    if src is None and d_src is not None and d_src is not tgt:
        src = d_src
    if tgt is None and d_tgt is not None and d_tgt is not src:
        tgt = d_tgt
    if tgt is None:
        tp = TARGET_PREPS.get(lang, set())
        after = [a for a in in_clause if a is not src and (a.start > pred.head or lang == "de")]
        after.sort(key=lambda a: (0 if preps[id(a)] is None else 1, abs(a.start - pred.head)))
        for a in after:
            if src is not None and a.start < src.start and lang == "de" and preps[id(a)] is None:
                continue
            if preps[id(a)] is None or preps[id(a)] in tp:
                tgt = a
                break
        if tgt is None and lang == "en":
            # PETRARCH reads the first actor of the verb phrase as the target ("criticized the
            # closure of guest houses in Bree", "condemned an attack by Osgiliath soldiers")
            rest = [a for a in in_clause if a.start > pred.head and a is not src and
                    not _is_place(doc, a)]  # a town (geo) is where it happens: "met in Geneva"
            tgt = rest[0] if rest else None
    return src, tgt


def _main_subject(doc: Doc, sent: Span, cl: Clause, cls: list[Clause], actors: list[ActorSpan],
                  lang: str) -> ActorSpan | None:
    """A main clause interrupted by a relative clause ("Putin, der …, wurde … empfangen") keeps
    the subject of its first part."""
    if (cl.opener and cl.opener != "UM") or cl not in cls:
        return None
    idx = cls.index(cl)
    for prev in reversed(cls[:idx]):
        if prev.opener:
            continue
        cands = [a for a in actors if prev.start <= a.start < prev.end and
                 _prep_before(doc, a, lang, prev.start) is None and not _is_place(doc, a)]
        if cands:
            return cands[0]
    return None


def _noun_arguments(doc: Doc, pred: Predicate, in_clause: list[ActorSpan], preps: dict,
                    lang: str):
    """Noun-phrase arguments: "russische Luftangriffe auf Kiew", "Treffen von X mit Y"."""
    h = pred.head
    src: ActorSpan | None = None
    tgt: ActorSpan | None = None
    up, orig, pos, _ = _views(doc)
    for a in in_clause:
        if a.end <= h and h - a.end <= 3 and all(
                up[k] in DETLIKE or orig[k][:1].islower() or pos[k] == "ADJ"
                for k in range(a.end, h)) and a.end >= h - 3:
            if preps[id(a)] in ("VON", "VOM", "DURCH", "BY") or preps[id(a)] is None:
                src = a
    for a in in_clause:
        if a.start <= h:
            continue
        p = preps[id(a)]
        between = a.start - pred.head
        if p in AGENT_PREPS and src is None and between <= 4 and not _is_place(doc, a):
            src = a
        elif p in TARGET_PREPS.get(lang, set()) and tgt is None and between <= 8:
            tgt = a
        elif p is None and src is None and lang == "de" and _genitive_after(doc, h, a):
            src = a  # genitive: "die Angriffe Russlands", "der Angriff der Armee"
    if src is None and tgt is not None and preps.get(id(tgt)) in ("ZWISCHEN", "BETWEEN"):
        others = [a for a in in_clause if a.start > tgt.start and a is not tgt]
        src, tgt = tgt, (others[0] if others else None)  # "Treffen zwischen Putin und Trump"
    if src is not None and src is tgt:
        tgt = None
    return src, tgt


def _genitive_after(doc: Doc, head: int, a: ActorSpan) -> bool:
    up, orig, _, _ = _views(doc)
    between = up[head + 1:a.start]
    if not between:
        return orig[a.end - 1].endswith("s")
    return len(between) <= 3 and between[0] in ("DES", "DER") and \
        not any(token_table(doc).is_punct[head + 1:a.start])


_PLACE_FEATURES = {"city", "place", "adm1", "adm2", "region"}


def _is_place(doc: Doc, a: ActorSpan) -> bool:
    """A town or region (per newsgraph.nlp.geo) is where something happens, not who does it;
    capitals stay actors ("Moskau", "Washington" stand for their governments)."""
    if a.kind == "place":
        return True
    key = ("place", a.start, a.end)
    got = _MEMO.get(key)
    if got is None:
        got = _MEMO[key] = _located(doc, a.start, a.end)
    return got


def _located(doc: Doc, start: int, end: int) -> bool:
    places = _MEMO.get("places")
    if places is None:  # the character ranges of the Doc's town and region mentions
        places = _MEMO["places"] = [
            (m.start, m.end) for loc in doc._.locations or []
            if loc.feature in _PLACE_FEATURES and loc.feature_code != "PPLC"
            for m in loc.mentions]
    if not places:
        return False
    s0, s1 = _chars(doc, start, end)
    return any(m0 < s1 and s0 < m1 for m0, m1 in places)


def _object_controller(doc: Doc, pred: Predicate, actors: list[ActorSpan]) -> ActorSpan | None:
    """The object of the verb that governs a German zu-infinitive is the infinitive's doer
    ("drängte Erdogan, die Grenze zu öffnen"; "forderte Russland auf, … abzuziehen")."""
    head = doc[pred.head]
    if head.dep_ not in ("advcl", "ccomp", "xcomp"):
        return None
    if "Inf" not in head.morph.get("VerbForm"):  # type: ignore[call-arg]  # (stub: no default)
        return None
    if "zu" not in head.lower_[1:-2] and not any(c.dep_ == "mark" and c.lower_ == "zu"
                                                 for c in head.children):
        return None
    obj = next((c for c in head.head.children if c.dep_ in ("obj", "iobj") and c.i < head.i), None)
    if obj is None:
        return None
    return next((a for a in actors if a.start <= obj.i < a.end), None)


def _noun_attached(doc: Doc, a: ActorSpan) -> bool:
    """The actor phrase modifies a noun (dependency ``nmod``), not the verb."""
    head = doc[a.start:a.end].root
    return head.dep_ == "nmod" and head.head.pos_ in ("NOUN", "PROPN")


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    from newsgraph.nlp.knowledge import load_kb

    return frozenset(c.cameo for c in load_kb().countries.values() if c.cameo)


def _location(doc: Doc, sent: Span, cl: Clause, actors: list[ActorSpan], lang: str):
    locs = _MEMO["locations"] if "locations" in _MEMO else doc._.locations
    if locs is not None:
        starts, rows = _mentions_by_start(locs)
        lo = bisect_left(starts, sent.start_char)
        hi = bisect_left(starts, sent.end_char)
        if lo < hi:
            # the sentence's first mention in the clause, else its first mention at all (the
            # first location listed among mentions at one offset)
            c0, c1 = _char_range(doc, cl)
            inside = [r for r in rows[lo:hi] if c0 <= r[0] < c1]
            loc = (inside or rows[lo:hi])[0][2]
            return loc.id, loc.name, True
    for scope in ((cl.start, cl.end), (sent.start, sent.end)):
        for a in actors:
            if not (scope[0] <= a.start < scope[1]) or a.code not in _country_codes():
                continue  # "Fragen von den anwesenden Journalisten" (MED) names no place
            p = _prep_before(doc, a, lang, scope[0])
            if p in PLACE_PREPS:
                s0, s1 = _chars(doc, a.start, a.end)
                return None, doc_text(doc)[s0:s1], True
    if locs:
        main = _MEMO.get("main_location")
        if main is None:
            main = _MEMO["main_location"] = max(locs, key=lambda x: len(x.mentions))
        return main.id, main.name, False
    return None, None, False


def _timex_date(doc: Doc, sent: Span, cl: Clause, published: date | None,
                past: bool = False) -> date | None:
    times = _MEMO["times"] if "times" in _MEMO else doc._.times
    if times is not None:
        times = _dated(times)
        if not times:
            return None
        c0, c1 = _char_range(doc, cl)
        best: tuple | None = None
        s0, s1 = sent.start_char, sent.end_char
        for t in times:
            if not (s0 <= t.start < s1):
                continue
            rank = 0 if c0 <= t.start < c1 else 1
            if rank and cl.opener:
                continue  # a subordinate clause has its own time
            val = t.value_start
            if published and t.value_end and t.value_end != t.value_start and \
                    t.granularity not in ("time", "part_of_day") and \
                    t.value_start < published <= t.value_end:
                val = published  # "in den letzten Monaten": a period running up to the report
            if best is None or rank < best[0]:
                best = (rank, val)
        return best[1] if best else None
    if published is None:
        return None
    for i in range(cl.start, cl.end):
        w = doc[i].text.upper()
        if w in RELDAYS:
            return published + timedelta(days=RELDAYS[w])
        if w in WEEKDAYS:
            return _weekday(published, WEEKDAYS[w], cl, doc, past)
    return None


def _mentions_by_start(locs: list) -> tuple[list[int], list[tuple]]:
    """The Doc's location mentions as (start, order, location) rows sorted by start, once per
    Doc: a clause's place is then found by bisection, not by a scan of every mention."""
    got = _MEMO.get("loc_rows")
    if got is None:
        rows = sorted((m.start, n, loc) for n, (loc, m) in enumerate(
            (loc, m) for loc in locs for m in loc.mentions))
        got = _MEMO["loc_rows"] = ([r[0] for r in rows], rows)
    return got


def _dated(times: list) -> list:
    """The time expressions that can date an event (no durations, sets or open values)."""
    got = _MEMO.get("dated")
    if got is None:
        got = _MEMO["dated"] = [t for t in times if t.kind not in ("duration", "set") and
                                t.value_start is not None]
    return got


def _char_range(doc: Doc, cl: Clause) -> tuple[int, int]:
    """Character offsets from a clause's first token to the end of its last one."""
    key = ("chars", cl.start, cl.end)
    got = _MEMO.get(key)
    if got is None:
        table = token_table(doc)
        last = cl.end - 1
        got = _MEMO[key] = (table.idx[cl.start], table.idx[last] + len(table.text[last]))
    return got


def _weekday(published: date, wd: int, cl: Clause, doc: Doc, past: bool = False) -> date:
    """Fallback without the timex component: a weekday is the next one after publication, or the
    last one (publication day included) when the clause is in the past tense — ``past`` is the
    modality's reading, which knows strong past forms ("griff … an") that no suffix shows."""
    delta_fwd = (wd - published.weekday()) % 7 or 7
    fwd = published + timedelta(days=delta_fwd)
    back = published - timedelta(days=(published.weekday() - wd) % 7)
    if past:
        return back
    words = {doc[i].text.upper() for i in range(cl.start, cl.end)}
    if words & {"HATTE", "HAT", "WAR", "WURDE", "WURDEN", "HATTEN", "DID", "WAS", "WERE", "HAD",
                "LETZTEN", "VERGANGENEN", "LAST"}:
        return back
    if any(doc[i].text.upper().endswith(("TE", "ED")) for i in range(cl.start, cl.end)):
        return back
    return fwd


def _events_for(doc: Doc, sent: Span, sent_no: int, pred: Predicate, actors: list[ActorSpan],
                cls: list[Clause], lang: str, published: date | None, coder: EventCoder,
                doc_key: str, history: _History, explicit: dict[str, bool],
                ctx: dict | None = None) -> list[Event]:
    _CTX = {} if ctx is None else ctx
    in_pp = pred.kind == "noun" and _in_pp(doc, pred, lang)
    matcher = (_CTX.get("resources") or coder.resources).matcher
    up = matcher.upper_words(doc)[0]
    parsed = matcher.parsed
    code = pred.code or ""
    reported, reporter = False, None
    pchar = _views(doc)[3][pred.head]
    if "quotes" not in _CTX:
        _CTX["quotes"] = doc._.quotes or []
    for q in _CTX["quotes"]:
        if q.start <= pchar < q.end:
            reported, reporter = True, q.speaker
            break
    # a verb's arguments (``_arguments``) are actors that start in its clause or before it in
    # the sentence (or, German, the object before it of the verb governing it): with none there,
    # it has neither source nor target, and whether its event is dropped (below) is known
    # before its modality is read (one English verb predicate in ten)
    unreachable = pred.kind == "verb" and not any(a.start < pred.clause.end for a in actors)
    if unreachable and _actorless_dropped(doc, pred, code, lang, parsed, coder, reporter):
        return []
    mod = analyse(doc, pred, cls, lang, in_pp=in_pp, up=up, parsed=parsed, cache=_CTX)
    emb = _embedded_action(doc, pred, up)
    if emb is not None:
        # "Syria says it is willing to withdraw": a statement pattern codes the announced action,
        # whose modality is that of the embedded verb
        pred.speech = True
        inner = analyse(doc, Predicate(emb, pred.entry, "verb", pred.clause, {emb}), cls, lang,
                        up=up, parsed=parsed, cache=_CTX)
        inner.hypothetical |= lang == "en" and up[emb - 1] == "TO"
        mod = Modality(inner.negated or mod.negated, inner.hypothetical, inner.future, mod.past,
                       inner.passive, inner.obligation, inner.conditional, inner.in_condition)
    if unreachable:
        src = tgt = None
    else:
        src, tgt = _arguments(doc, sent, pred, actors, cls, mod, lang, history, parsed)
    if src is not None and tgt is not None and (tgt.start <= src.end and src.start <= tgt.end):
        tgt = None  # "Putins Berater" is not the target of the adviser's statement
    if src is None and tgt is None and not unreachable and \
            _actorless_dropped(doc, pred, code, lang, parsed, coder, reporter):
        return []
    info = code_info(code)
    if src is not None and src.code and len(src.code) == 3 and info.root in ("18", "19", "20") \
            and (src.text[:1].islower() or (pred.kind == "noun" and 0 <= pred.head - src.end <= 2)
                 or (src.end in pred.tokens and src.end != pred.head)):
        # "russische Luftangriffe": an attack by a country is an attack by its military
        src = ActorSpan(src.start, src.end, src.code + "MIL", src.text, src.entity, src.kind)
    srcs: list[ActorSpan | None] = list(_split_codes(_group(src, actors, doc))) if src else [None]
    tgts: list[ActorSpan | None] = list(_split_codes(_group(tgt, actors, doc))) if tgt else [None]
    tgts = [t for t in tgts if t is None or all(
        t is not s and not (s is not None and t.code == s.code and t.entity == s.entity)
        for s in srcs)] or [None]
    cl = pred.clause
    key = ("loc", cl.start, cl.end)
    if key not in _CTX:
        _CTX[key] = _location(doc, sent, cl, actors, lang)
    loc_id, loc_name, loc_explicit = _CTX[key]
    dkey = ("date", cl.start, cl.end, mod.past)
    if dkey not in _CTX:
        _CTX[dkey] = _timex_date(doc, sent, cl, published, mod.past)
    when = _CTX[dkey]
    explicit_date = when is not None
    if when is None and published is not None:
        when = published - timedelta(days=coder.past_offset_days) if mod.past else published
    future = mod.future or (explicit_date and published is not None and when > published)
    lo = min(pred.tokens)
    hi = max(pred.tokens) + 1
    p0, p1 = _chars(doc, lo, hi)
    text = doc_text(doc)
    skey = ("sent", sent.start)
    if skey not in _CTX:
        _CTX[skey] = _strip(doc, sent)
    sspan = _CTX[skey]  # one evidence span shared by the sentence's events (never changed)
    conf = 0.9 if pred.pattern is not None else 0.7
    conf -= 0.2 if src is None else 0.0
    conf -= 0.1 if tgt is None else 0.0
    # the sentence's main predicate is the most reliable reading of what the sentence reports
    conf += 0.05 if dep_table(doc, _MEMO).dep(pred.head) == "ROOT" else 0.0
    conf -= 0.05 if pred.clause.opener or pred.kind == "noun" else 0.0
    conf = max(min(conf, 1.0), 0.1)
    rounded = _ROUNDED.get(conf)
    if rounded is None:  # (a handful of sums of the terms above; ``round`` is slow)
        rounded = _ROUNDED[conf] = round(conf, 2)
    conf = rounded
    out: list[Event] = []
    pairs = [(s, t, code) for s in srcs for t in tgts][:16]
    # a statement pattern over "said Y must/should …" states a demand (PLOVER REQUEST: "All
    # requests, demands, and orders"), as the embedded verb's own obligation cue would
    obl = OBLIGATION.get(lang, ())
    demand = info.root == "01" and pred.pattern is not None and (mod.obligation or any(
        up[k] in obl for k in range(min(pred.tokens), max(pred.tokens))))
    if tgts == [None] and len(srcs) > 1 and info.root in ("03", "04", "05", "06", "08"):
        # "Israel and Jordan signed a treaty": a compound actor cooperating with itself
        pairs = [(s, t, code) for s in srcs for t in srcs if s is not t][:16]
    if pred.code2 and pred.code2 != "---":
        pairs += [(t, s, pred.code2) for s in srcs for t in tgts if t is not None][:16]
    done = lang == "en" and _carried_out(pred)  # a reading of PETRARCH2's English patterns
    speech = pred.speech
    typed: dict[str, tuple] = {}  # code → (codebook entry, PLOVER type), once per predicate
    for n, (s, t, c) in enumerate(pairs):
        got = typed.get(c)
        if got is None:
            ci = info if c == code else code_info(c)
            plover = _plover_type(ci, mod, speech, done)
            if plover is None and demand:
                plover = "REQUEST"
            got = typed[c] = (ci, plover)
        ci, plover = got
        out.append(_build(
            Event,
            id=f"ev-{doc_key}-{p0}-{c}-{n}",
            cameo=c, cameo_base=ci.base, cameo_root=ci.root,
            plover=plover, plover_mode=ci.mode if plover == ci.plover else None,
            plover_context=list(ci.context),
            quad_class=ci.quad, goldstein=ci.goldstein,
            source=_actor(doc, s, _CTX), target=_actor(doc, t, _CTX), predicate=_build(
                EvSpan, start=p0, end=p1, text=text[p0:p1]),
            location=loc_id, location_name=loc_name, date=when,
            negated=mod.negated, hypothetical=mod.hypothetical, future=bool(future),
            reported=reported, reporter=reporter, confidence=conf,
            evidence=sspan))
        explicit[out[-1].id] = loc_explicit
    return out


def _actorless_dropped(doc: Doc, pred: Predicate, code: str, lang: str, parsed: bool,
                       coder: EventCoder, reporter: str | None) -> bool:
    """A predicate with neither source nor target whose event ``code_doc`` would drop is not
    built at all: one without participants (``EventCoder.min_participants``) and no quote
    speaker to report it, unless it is an event noun that may still gain participants
    (``_may_refer``); a verb whose one event would be an unattributed statement (a verb's event
    takes no part in noun coreference, ``_corefer_nouns``); an English verb with no subject of
    its own or of the verb it is coordinated with or complements, even when reported: a pattern
    misfiring on a participle, gerund or infinitive ("came after a long period", "providing
    footage", "to take effect"; PETRARCH2 codes a verb only with its actors)."""
    if coder.min_participants > 0 and reporter is None and \
            (pred.kind == "verb" or not _may_refer(doc, pred)):
        return True
    return pred.kind == "verb" and (
        code.startswith("01") or (lang == "en" and bool(parsed) and not _has_subject(doc, pred.head)))


_ROUNDED: dict[float, float] = {}  # confidence → rounded to two places


def _embedded_action(doc: Doc, pred: Predicate, up: list[str]) -> int | None:
    """The embedded verb of a statement pattern ("SAY … * WITHDRAW [0874]"): a pattern word after
    the head of a verb whose own code is a statement or appeal (CAMEO 01/02)."""
    own = pred.entry.code or pred.entry.block.code or ""
    if pred.kind != "verb" or pred.pattern is None or not own.startswith(("01", "02")) or \
            (pred.code or "").startswith(("01", "02")):
        return None
    later = [i for i in sorted(pred.tokens) if i > pred.head]
    pos = _views(doc)[2]
    verbs = [i for i in later if pos[i] in ("VERB", "AUX") or not pos[i]]
    first: list[int | None] = list(verbs or later) or [None]
    return first[0]


_PLOVER_COOP = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
_PLOVER_FORCE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}


#: CAMEO 03 ("express intent to …") codes and the code of the action itself (CAMEO 04–08): a
#: PETRARCH2 pattern may code an action verb's clause as an intent ("supplied drones … to": 0332,
#: "met … to discuss": 036, "backed": 032) where the clause reports the action as done
_INTENT_ACTION = {
    "031": "060", "0311": "061", "0312": "062", "0313": "063", "0314": "064", "032": "050",
    "033": "070", "0331": "071", "0332": "072", "0333": "073", "0334": "074", "035": "080",
    "0351": "081", "0352": "082", "0353": "084", "0354": "085", "0355": "086", "0356": "087",
    "036": "040", "039": "045",
}
#: verbs that state an intention themselves ("decided to withdraw", "prepared to send aid")
_INTENT_VERBS = _COMMISSIVE | _COMMISSIVE_DEFAULT | {
    "OFFER", "DECIDE", "INTEND", "PLAN", "PREPARE", "PROPOSE", "VOLUNTEER", "SEEK", "WANT",
    "EXPRESS", "COMMIT", "HOPE", "CONSIDER", "PROMISE", "THREATEN", "AIM", "VOW", "PLEDGE",
    "READY", "WILLING"}


def _carried_out(pred: Predicate) -> bool:
    """The predicate is an action verb (its own dictionary code is no statement, appeal or
    intent, and it is no verb of intending) and no pattern word before it says the intent
    ("READY TO * [036]", "WILL * …"), so that an intent code on it reports the action."""
    own = pred.entry.code or pred.entry.block.code or ""
    pre = pred.pattern.pre if pred.pattern is not None else ()
    return pred.kind == "verb" and not own.startswith(("01", "02", "03")) and \
        pred.entry.head not in _INTENT_VERBS and not pred.framed and \
        not any(e.kind in ("word", "syn") for e in pre)


def _plover_type(ci: CodeInfo, mod: Modality, speech: bool, done: bool = False) -> str | None:
    """PLOVER codes intentions and stances by type, where CAMEO codes the action itself:

    - cooperative actions in the future, or offered/willing ("is prepared to lift the ban"), are
      AGREE (PLOVER manual, AGREE; CAMEO 03 "express intent to …"), but not one that is only a
      topic of talk ("das Thema eines Treffens");
    - refusing them ("will not accept refugees") is REJECT (CAMEO 12);
    - "X said Y must withdraw" is a demand on Y: REQUEST (CAMEO 10);
    - announced or conditional future force or sanctions ("said it would boycott", "will withdraw
      its troops unless …") are THREATEN (CAMEO 13);
    - ``done``: an intent code (CAMEO 03) on an action verb that the clause reports as done
      ("supplied drones to", PETRARCH2's 0332) is the action's own type (``_INTENT_ACTION``)."""
    p: str | None = ci.plover
    if p is None:
        return p
    intended = (mod.future or mod.hypothetical) and not mod.topic
    if done and not intended and not mod.negated and ci.code in _INTENT_ACTION:
        # an action verb in a realised clause: "Iran supplied drones" is AID, not an intent
        p = codebook()[_INTENT_ACTION[ci.code]].plover or p
    if mod.negated:
        if intended and (p in _PLOVER_COOP or p == "AGREE") and not mod.in_condition:
            return "REJECT"
        return p
    if mod.obligation and p not in ("REQUEST", "THREATEN"):
        return "REQUEST"
    if intended and p in _PLOVER_COOP:
        return "AGREE"
    if intended and p in _PLOVER_FORCE and (speech or mod.conditional) and not mod.in_condition:
        return "THREATEN"
    return p




def _strip(doc: Doc, sent: Span) -> EvSpan:
    text = doc_text(doc)
    a, b = sent.start_char, sent.end_char
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return _build(EvSpan, start=a, end=b, text=text[a:b])


def _actor(doc: Doc, a: ActorSpan | None, ctx: dict | None = None) -> Actor | None:
    """The schema actor of a span; ``ctx``: the Doc's cache of token offsets per span."""
    if a is None:
        return None
    if ctx is not None:
        # one schema actor per span, code and entity, shared by the Doc's events (never changed)
        key = ("actor", a.start, a.end, a.code, a.entity)
        got = ctx.get(key)
        if got is None:
            s0, s1 = _chars(doc, a.start, a.end)
            code = a.code.replace("---", "") if a.code else None
            got = ctx[key] = _build(Actor, entity=a.entity, text=doc_text(doc)[s0:s1],
                                    code=code or None, start=s0, end=s1)
        return got
    span = doc[a.start:a.end]
    code = a.code.replace("---", "") if a.code else None
    return _build(Actor, entity=a.entity, text=span.text, code=code or None, start=span.start_char,
                 end=span.end_char)


def _corefer_nouns(events: list[Event], kinds: dict[str, str], explicit: dict[str, bool]) -> None:
    """Definite event nouns ("der Gipfel", "des Treffens") that refer back to the same event share
    its place, participants and date — only among realised (not negated/hypothetical/future)
    mentions with the same CAMEO base code."""
    groups: dict[str, list[Event]] = {}
    for e in events:
        if kinds.get(e.id) != "noun-def":
            continue
        if e.negated or e.hypothetical or e.future:
            continue
        groups.setdefault(e.cameo_base, []).append(e)
    for group in groups.values():
        if len(group) < 2:
            continue
        loc = next(((e.location, e.location_name) for e in group if explicit.get(e.id)), None)
        src = next((e.source for e in group if e.source and e.source.code), None)
        tgt = next((e.target for e in group if e.target and e.target.code), None)
        dates = sorted(e.date for e in group if e.date)
        for e in group:
            if loc and not explicit.get(e.id):
                e.location, e.location_name = loc
            if src and e.source is None and (tgt is None or e.target is None):
                e.source = src
                if tgt and e.target is None:
                    e.target = tgt
            if dates:
                e.date = dates[0]
