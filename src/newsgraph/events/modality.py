"""Modality of an event mention: negated, hypothetical/desired, future/planned, past (for dating).

Cue lexicons per language; the scope is the predicate's clause (plus the frame clause for desire
and purpose constructions). Uses ``Polarity=Neg``/``Mood``/``Tense`` morphology and the ``neg``
dependency when a trained model supplies them; the word lists carry the blank pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import MORPH
from spacy.tokens import Doc

from newsgraph.events.matcher import Clause, Predicate
from newsgraph.events.tokens import dep_table
from newsgraph.nlp.lemma_keys import token_table

NEG = {
    "de": {"NICHT", "NIE", "NIEMALS", "KEINESWEGS", "KEINERLEI", "WEDER", "NIRGENDS"},
    "en": {"NOT", "N'T", "NEVER", "NO", "NEITHER", "NOR", "WITHOUT"},
}
NEG_DET = {"de": ("KEIN",), "en": ("NO",)}


def _neg_det(w: str, lang: str) -> bool:
    """"keine/keinen/keinerlei", but English "no" only as a word ("North", "now" are not)."""
    if lang == "de":
        return w.startswith("KEIN") and len(w) <= 6
    return w in NEG_DET.get(lang, ())
NOT_NEG_AFTER = {"NUR", "ONLY", "ZULETZT", "ZUFÄLLIG"}  # "nicht nur" = not only
HYPO = {
    "de": {"KÖNNTE", "KÖNNTEN", "WÜRDE", "WÜRDEN", "DÜRFTE", "DÜRFTEN", "SOLLTE", "SOLLTEN",
           "MÜSSTE", "MÜSSTEN", "WÄRE", "WÄREN", "HÄTTE", "HÄTTEN", "MÖCHTE", "MÖCHTEN", "WILL",
           "WOLLEN", "WOLLTE", "WOLLTEN", "SOLL", "SOLLEN", "KANN", "KÖNNEN", "MÖGLICHERWEISE",
           "VIELLEICHT", "EVENTUELL", "VERMUTLICH", "WOMÖGLICH", "WENN", "FALLS", "OB",
           "MÖGLICH", "ERWÄGT", "ERWÄGEN", "MUSS", "MUSST", "MÜSSEN", "MÜSST"},
    "en": {"COULD", "WOULD", "MIGHT", "MAY", "SHOULD", "MUST", "IF", "WHETHER", "UNLESS",
           "POSSIBLY", "PERHAPS", "MAYBE", "WANT", "WANTS", "WANTED", "HOPE", "HOPES", "CONSIDER",
           "CONSIDERS", "CONSIDERING", "THREATENED", "THREATENS", "ALLEGEDLY", "CAN"},
}
DESIRE_FRAMES = {
    "de": ("ZIEL", "MAXIMALZIEL", "HOFFNUNG", "WUNSCH", "FORDERUNG", "BEFÜRCHTUNG", "SORGE",
           "ANGST", "GEFAHR", "PLAN", "VORSCHLAG", "IDEE", "HOFF", "FORDER", "WÜNSCH", "BEFÜRCHT",
           "VERLANG", "GRÜND", "MÖGLICHKEIT", "CHANCE", "ERWARTUNG"),
    "en": ("GOAL", "HOPE", "DEMAND", "FEAR", "PLAN", "PROPOSAL", "WISH", "CALL", "URGE",
           "WANT", "EXPECT"),
}
NP_HYPO = ("ANGEKÜNDIGT", "GEPLANT", "ANGEDROHT", "MÖGLICH", "DROHEND", "GEFORDERT", "ERWOGEN",
           "BEABSICHTIGT", "ERHOFFT", "PROPOSED", "PLANNED", "THREATENED", "POSSIBLE", "POTENTIAL",
           "ANNOUNCED", "EXPECTED")
#: a noun event that is the topic or content of one of these nouns has not happened (yet):
#: "das Thema eines trilateralen Treffens", "the prospect of talks"
TOPIC_FRAMES = {
    "de": ("THEMA", "FRAGE", "MÖGLICHKEIT", "AUSSICHT", "IDEE", "PLAN", "VORSCHLAG", "FORDERUNG",
           "ANGEBOT", "OPTION", "CHANCE", "PERSPEKTIVE", "HOFFNUNG", "ANKÜNDIGUNG"),
    "en": ("ISSUE", "QUESTION", "POSSIBILITY", "PROSPECT", "IDEA", "PLAN", "PROPOSAL", "DEMAND",
           "OFFER", "OPTION", "CHANCE", "CALL", "HOPE", "TOPIC", "ANNOUNCEMENT"),
}
NP_FUTURE = ("NÄCHST", "KÜNFTIG", "BEVORSTEHEND", "GEPLANT", "WEITERE", "NEXT", "UPCOMING",
             "PLANNED", "FUTURE")
FUTURE = {
    "de": {"WIRD", "WERDEN", "WERDE", "WIRST", "PLANT", "PLANEN", "GEPLANT", "DEMNÄCHST", "MORGEN",
           "ÜBERMORGEN", "KÜNFTIG", "BALD", "NÄCHSTE", "NÄCHSTEN", "NÄCHSTER", "BEVORSTEHENDEN"},
    "en": {"WILL", "SHALL", "'LL", "PLANS", "PLANNED", "PLAN", "TOMORROW", "NEXT", "UPCOMING",
           "SOON", "GOING"},
}
PAST = {
    "de": {"HATTE", "HATTEN", "HAT", "HABEN", "WAR", "WAREN", "WURDE", "WURDEN", "WORDEN",
           "KONNTE", "KONNTEN", "WOLLTE", "WOLLTEN", "MUSSTE", "MUSSTEN", "SOLLTE", "GESTERN",
           "VERGANGENE", "VERGANGENEN", "LETZTE", "LETZTEN", "ZUVOR"},
    "en": {"HAD", "HAS", "HAVE", "WAS", "WERE", "DID", "YESTERDAY", "LAST", "AGO", "EARLIER"},
}
#: obligation ("X said Y must withdraw"): a demand on the clause's subject, PLOVER REQUEST
OBLIGATION = {"de": {"MUSS", "MÜSSE", "MÜSSEN", "MÜSSTE", "MÜSSTEN", "SOLLE", "SOLLTE", "SOLLTEN"},
              "en": {"MUST", "SHOULD", "OUGHT"}}
CONDITION = {"de": {"WENN", "FALLS", "SOFERN", "ANDERNFALLS", "SONST"},
             "en": {"IF", "UNLESS", "OTHERWISE"}}
PASSIVE_AUX = {"de": {"WURDE", "WURDEN", "WORDEN", "WIRD", "WERDEN"},
               "en": {"WAS", "WERE", "BEEN", "BEING", "IS", "ARE"}}


@dataclass(slots=True)
class Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    past: bool = False
    passive: bool = False
    obligation: bool = False  # must/should before the predicate in its clause
    conditional: bool = False  # an if/unless clause in the sentence: "will withdraw unless …"
    in_condition: bool = False  # the predicate is inside that condition: "if Iran does not agree"
    topic: bool = False  # only talked about ("das Thema eines Treffens"): no one's intent either


_FEATS: dict[int, dict[str, list[str]]] = {}  # morphology hash → its features, across documents


def _morph(doc: Doc, i: int, cache: dict | None):
    """The token's features as ``MorphAnalysis.get`` gives them (field → values), read from one
    array per Doc: a MorphAnalysis object per predicate and field parses its string each time."""
    if cache is None:
        return doc[i].morph
    arr = cache.get("morph")
    if arr is None:
        arrays = cache.get("arrays")  # the Doc's ``tokens.doc_arrays``, when the coder has them
        arr = cache["morph"] = (doc.to_array([MORPH]) if arrays is None else arrays[:, 4]).tolist()
    h = arr[i]
    feats = _FEATS.get(h)
    if feats is None:
        feats = {}
        for part in (doc.vocab.strings[h] if h else "").split("|"):
            if "=" in part:
                k, v = part.split("=", 1)
                feats[k] = v.split(",")
        if len(_FEATS) > 100_000:
            _FEATS.clear()
        _FEATS[h] = feats
    return feats


_NO_VALUES: list = []
_NO_WORDS: frozenset[str] = frozenset()


def _kid_deps(doc: Doc, i: int, cache: dict | None) -> list[tuple[str, str]]:
    """(dependency, lower-case text) of the token's children, once per Doc and token."""
    if cache is None:
        return [(c.dep_, c.lower_) for c in doc[i].children]
    key = ("kid_deps", i)
    got = cache.get(key)
    if got is None:
        table = dep_table(doc, cache)
        low = token_table(doc).lower
        got = cache[key] = [(table.dep(c), low[c]) for c in table.children(i)]
    return got


def _clause_words(doc: Doc, cl: Clause, up: list[str] | None = None) -> list[str]:
    if up is not None:
        return up[cl.start:cl.end]
    return [doc[i].text.upper() for i in range(cl.start, cl.end)]


def analyse(doc: Doc, pred: Predicate, clauses: list[Clause], lang: str,
            in_pp: bool = False, up: list[str] | None = None,
            parsed: bool | None = None, cache: dict | None = None) -> Modality:
    """``in_pp``: the (noun) predicate sits in a prepositional adjunct ("vor dem Treffen"), where
    the clause's modal verbs and future markers do not reach it. ``cache``: a per-Doc dict for
    what every predicate of a clause shares (its words and where its cue words stand)."""
    m = Modality()
    if parsed is None:  # Token.children on an unparsed Doc can crash
        parsed = doc.has_annotation("DEP")
    cl = pred.clause
    facts = _clause_facts(doc, cl, clauses, lang, up, cache)
    words, wset = facts.words, facts.wset
    head_up = up[pred.head] if up is not None else doc[pred.head].text.upper()
    morph = _morph(doc, pred.head, cache)
    # (only a verb's children are read: its negation and passive subject)
    children = _kid_deps(doc, pred.head, cache) if parsed and pred.kind == "verb" else _NO_VALUES
    neg = NEG.get(lang, _NO_WORDS)
    if pred.kind == "verb":
        for k in facts.cues:
            w = words[k]
            i = cl.start + k
            if w in neg and i not in pred.tokens:
                nxt = words[k + 1] if k + 1 < len(words) else ""
                if nxt in NOT_NEG_AFTER:
                    continue
                if lang == "en" and not (0 < pred.head - i <= 4 or w == "NO" or
                                         (w == "WITHOUT" and i < pred.head)):
                    continue  # "attacked the village without warning": the warning is missing
                m.negated = True
            if _neg_det(w, lang):
                m.negated = True
        if any(dep == "neg" or (dep == "advmod" and low in ("nicht", "not", "never"))
               for dep, low in children):
            m.negated = True
    else:
        # a noun event is negated only inside its own noun phrase: "keine Sanktionen"
        for i in range(max(cl.start, pred.head - 4), pred.head):
            w = up[i] if up is not None else doc[i].text.upper()
            if _neg_det(w, lang):
                m.negated = True
            if w.startswith(NP_HYPO):
                m.hypothetical = True
            if w.startswith(NP_FUTURE):
                m.future = True
        head = doc[pred.head]
        if parsed and head.dep_ == "nmod" and head.head.pos_ == "NOUN" and \
                head.head.text.upper().startswith(TOPIC_FRAMES.get(lang, ())):
            m.hypothetical = m.topic = True
    hypo = HYPO.get(lang, _NO_WORDS)
    if pred.kind == "verb" or not in_pp:
        # English puts its modal cues before the predicate ("could attack", "wants to meet", "if X
        # attacks"); a cue after it belongs to a later clause ("… rebels who are wanted at home")
        if lang == "en" and pred.kind == "verb":
            hit = facts.first_hypo < pred.head - cl.start
        else:
            hit = not hypo.isdisjoint(wset)
        if hit:
            m.hypothetical = True
    if pred.kind == "verb" and _zu_infinitive(doc, pred, cl, lang, up):
        m.hypothetical = True  # "…, auf Putins Bedingungen einzugehen", "urged X to attack"
        if morph.get("Mood", _NO_VALUES) in (["Sub"],) and lang == "de" and pred.kind == "verb":
            m.hypothetical = True
    if lang == "de" and cl.opener == "UM":
        m.hypothetical = True  # purpose clause: "um … zu verschärfen"
    # desire / fear frames: "das Maximalziel, dass …", "die Befürchtung, dass …"
    idx = facts.idx
    if idx > 0 and cl.opener in ("DASS", "DAß", "THAT", "UM", "OB"):
        prev = clauses[idx - 1]
        pwords = _clause_words(doc, prev, up)
        if any(w.startswith(DESIRE_FRAMES.get(lang, ())) for w in pwords[-4:]):
            m.hypothetical = True
        if any(w in hypo for w in pwords):
            m.hypothetical = True
    fut = FUTURE.get(lang, _NO_WORDS)
    if not fut.isdisjoint(wset) and (pred.kind == "verb" or not in_pp):
        passive_de = lang == "de" and ("WIRD" in wset or "WERDEN" in wset) and \
            head_up.startswith("GE") and pred.kind == "verb"
        if not passive_de:
            m.future = True
    if morph.get("Tense", _NO_VALUES) == ["Past"] or not PAST.get(lang, _NO_WORDS).isdisjoint(wset):
        m.past = True
    elif pred.kind == "verb":
        t = head_up
        if lang == "de" and (t.endswith(("TE", "TEN")) or
                             (t not in _infinitive_forms(pred) and not t.endswith(("T", "ST", "E", "EN")))):
            m.past = True
        if lang == "en" and (t.endswith("ED") or t in ("MET", "SAID", "TOLD", "SENT", "LEFT", "WENT",
                                                       "GAVE", "TOOK", "HELD", "FOUGHT", "SHOT")):
            m.past = True
    if pred.kind == "verb":
        before_pred = words[:pred.head - cl.start]
        m.obligation = any(w in OBLIGATION.get(lang, ()) for w in before_pred[-4:])
        cond = CONDITION.get(lang, ())
        m.conditional = facts.conditional
        m.in_condition = cl.opener in cond or facts.first_cond < pred.head - cl.start
        aux = PASSIVE_AUX.get(lang, _NO_WORDS)
        before = words[max(0, pred.head - 4 - cl.start):pred.head - cl.start]
        t = head_up
        participle = t.startswith("GE") or t.endswith(("ED", "EN", "IERT")) or "GE" in t[:6] or \
            morph.get("VerbForm", _NO_VALUES) == ["Part"] or t in ("EMPFANGEN",)
        if lang == "de":
            if not aux.isdisjoint(wset) and participle and t not in _infinitive_forms(pred):
                m.passive = True
            if not wset.isdisjoint(("WURDE", "WURDEN", "WORDEN")) and participle:
                m.passive = True
        elif any(w in aux for w in before) and participle:
            m.passive = True
        if any(dep in ("nsubj:pass", "nsubjpass", "sbp") for dep, _ in children):
            m.passive = True
    return m


@dataclass
class _ClauseFacts:
    words: list[str]
    wset: set[str]
    cues: list[int]  # positions of negation words and negative determiners
    first_hypo: int  # position of the first hypothetical cue (len(words) when none)
    first_cond: int  # position of the first condition word (len(words) when none)
    idx: int  # the clause's index in the sentence's clauses (-1 when not there)
    conditional: bool  # an if/unless clause or word in the sentence


def _clause_facts(doc: Doc, cl: Clause, clauses: list[Clause], lang: str, up: list[str] | None,
                  cache: dict | None) -> _ClauseFacts:
    key = ("modality", cl.start, cl.end)
    got = cache.get(key) if cache is not None else None
    if got is not None:
        return got
    words = _clause_words(doc, cl, up)
    wset = set(words)
    neg = NEG.get(lang, set())
    hypo = HYPO.get(lang, set())
    cond = CONDITION.get(lang, ())
    n = len(words)
    if lang == "de":
        cues = [k for k, w in enumerate(words) if w in neg or (w[:4] == "KEIN" and len(w) <= 6)]
    else:
        ndet = NEG_DET.get(lang, ())
        cues = [k for k, w in enumerate(words) if w in neg or w in ndet]
    first_hypo = n if hypo.isdisjoint(wset) else next(k for k, w in enumerate(words) if w in hypo)
    first_cond = n if wset.isdisjoint(cond) else next(k for k, w in enumerate(words) if w in cond)
    conditional = any(c.opener in cond or (c.end > c.start and up is not None and
                                           up[c.start] in cond)
                      for c in clauses) or not wset.isdisjoint(cond)
    got = _ClauseFacts(words, wset, cues, first_hypo, first_cond,
                       clauses.index(cl) if cl in clauses else -1, conditional)
    if cache is not None:
        cache[key] = got
    return got


def _zu_infinitive(doc: Doc, pred: Predicate, cl: Clause, lang: str,
                   up: list[str] | None = None) -> bool:
    h = pred.head
    if up is None:
        up = [t.text.upper() for t in doc]
    prev = up[h - 1] if h - 1 >= cl.start else ""
    if lang == "de":
        if prev == "ZU":
            return True
        e = pred.entry
        return bool(e.particle) and up[h] == (e.particle or "").replace(" ", "") + "ZU" + e.head
    return prev == "TO" and up[h] == pred.entry.head


def _infinitive_forms(pred: Predicate) -> set[str]:
    e = pred.entry
    inf = e.head
    out = {inf}
    if e.particle and not e.particle_before:
        return out
    if e.particle:
        out |= {e.particle.replace(" ", "") + inf, e.particle.replace(" ", "") + "ZU" + inf}
    return out
