"""Event predicates and PETRARCH/TABARI pattern matching over token windows (clauses).

PETRARCH2 (the reference coder for these dictionaries) needs Stanford CoreNLP constituency trees
as input, which newsgraph cannot produce offline; we have at best a dependency parse and at worst
bare tokens, so patterns are matched the TABARI way — as word sequences around
the verb inside its clause, where words joined by "_" must be adjacent and words separated by a
blank may have other words between them. German is verb-second/verb-final, so the post-verb part
of a German pattern may also be found before the verb.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from bisect import bisect_left
from collections.abc import Callable
from typing import Any
from heapq import merge
from itertools import compress, count
from operator import itemgetter, or_

from spacy.tokens import Span, Token

from newsgraph.events.dictionaries import Elem, FormHit, VerbDictionary, VerbEntry, VerbPattern
from newsgraph.events.tokens import DepTable, dep_table, doc_arrays, pos_tags
from newsgraph.nlp.lemma_keys import token_table

CLAUSE_PUNCT = {",", ";", ":", "(", ")", "–", "—", "-", "?", "!"}
SUBORDINATORS = {
    "de": {"DASS", "DAß", "WEIL", "OB", "WENN", "FALLS", "OBWOHL", "DAMIT", "WÄHREND", "UM",
           "NACHDEM", "BEVOR", "SODASS", "WOBEI", "WO", "DER", "DIE", "DAS", "DEREN", "DESSEN"},
    "en": {"THAT", "BECAUSE", "IF", "WHETHER", "ALTHOUGH", "WHILE", "WHO", "WHICH", "AFTER",
           "BEFORE", "WHEN", "SINCE", "UNLESS"},
}
MAX_GAP = {"de": 12, "en": 8}
STOP_FORMS = {"BITTE", "DANKE"}
SLOT_REACH = 4
#: PETRARCH2's auxiliary synsets: in a pattern right before the verb they are its own auxiliary
AUX_SYNSETS = {"&AUXVERB1", "&AUXVERB2", "&AUXVERB3", "&TOBEVERB"}
#: synsets of prepositions: right after the verb in a pattern they must follow it directly
PREP_SYNSETS = {"&PREPOSIT1"}
#: pattern words that say nothing about the event on their own (``PatternMatcher.relaxed``)
RELAXED_STOP = {"TO", "ON", "IN", "OF", "WITH", "FOR", "BY", "FROM", "AT", "THE", "A", "AN", "AND",
                "OR", "AS", "THAT", "IT", "IS", "WAS", "BE", "BEEN", "HAS", "HAVE", "HAD", "WILL",
                "WOULD", "SAID", "SAY", "NOT", "NO", "THIS", "ITS", "THEIR", "INTO", "OVER", "AFTER",
                "OUT", "UP", "OFF", "BACK", "DOWN", "ABOUT", "AGAINST", "BETWEEN"}
EN_DETERMINERS = {"THE", "A", "AN", "THIS", "THAT", "THESE", "THOSE", "ITS", "THEIR", "HIS", "HER",
                  "OUR", "'S", "NO", "ANY", "EACH", "EVERY"}
ARTICLES = {"DER", "DIE", "DAS", "DEN", "DEM", "DES", "EIN", "EINE", "EINEN", "EINER", "EINEM",
            "DIESE", "DIESEN", "DIESER", "JENE", "ALLE", "ALLEN", "KEINE", "KEINEN"}


_NONE: list = []
_MATCHER_IDS = count()
_ROW_LEMMA, _ROW_FORM, _ROW_PRE = itemgetter(0), itemgetter(1), itemgetter(2)  # (``bind``)


def _upper(lex) -> str:
    return lex.orth_.upper()
_BE = {"IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "GET", "GETS", "GOT", "GOTTEN", "'S",
       "'RE"}


#: words that make "on" a date ("on Sunday", "on 3 March")
_TIME_WORDS = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
               "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
               "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"} | \
    {str(n) for n in range(1, 32)}


@dataclass
class Clause:
    start: int  # doc token index
    end: int
    opener: str = ""  # first word (upper) when it is a subordinator
    # what the matcher has learnt about the clause (it lives for the sentence ``bind`` was given)
    _words: set[str] | None = field(init=False, compare=False, repr=False)
    _pre: set[str] | None = field(init=False, compare=False, repr=False)
    _cands: dict[int, list] | None = field(init=False, compare=False, repr=False)
    _synsets: set[str] | None = field(init=False, compare=False, repr=False)
    _has_actor: bool | None = field(init=False, compare=False, repr=False)
    _syn: dict[str, bool] | None = field(init=False, compare=False, repr=False)
    _de_present: dict[tuple[str, bool], bool] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # (the caches start here, not as field defaults: mypyc's compiled dataclasses do not
        # set the defaults of ``init=False`` fields)
        self._words = self._pre = self._synsets = None
        self._cands = None
        self._has_actor = None
        self._syn = None
        self._de_present = None


@dataclass(slots=True)
class Predicate:
    head: int  # doc token index of the verb / noun
    entry: VerbEntry
    kind: str  # verb | noun
    clause: Clause
    tokens: set[int] = field(default_factory=set)  # head, particle, matched pattern words
    pattern: VerbPattern | None = None
    code: str | None = None
    code2: str | None = None
    src_slot: tuple[int, int] | None = None
    tgt_slot: tuple[int, int] | None = None
    # set by the event coder (``nlp.events``) once the sentence's predicates are known: its
    # event is reported by a statement; it is the action an announcing or committing verb
    # framed ("vowed to retaliate"); the event nouns its pattern took in
    speech: bool = field(default=False, compare=False, repr=False)
    framed: bool = field(default=False, compare=False, repr=False)
    absorbed: list = field(default_factory=list, compare=False, repr=False)


def clauses(sent: Span, lang: str, actor_tokens: set[int],
            words: list[str] | None = None) -> list[Clause]:
    """Split a sentence at clause punctuation and subordinators after a comma.

    A comma between two actors ("Gondor, Osgiliath and Arnor") is a list, not a clause break.
    ``words``: the Doc's token strings when the caller has them (no Token objects then).
    """
    subs = SUBORDINATORS.get(lang, set())
    out: list[Clause] = []
    start = sent.start
    opener = ""
    doc = sent.doc
    if words is None:
        words = [t.text for t in doc]
    for i in range(sent.start, sent.end):
        w = words[i]
        if w in CLAUSE_PUNCT:
            if w == "," and i - 1 in actor_tokens and i + 1 in actor_tokens:
                continue
            if w == "-" and i > sent.start and not doc[i].whitespace_ and \
                    not doc[i - 1].whitespace_:
                continue
            if i > start:
                out.append(Clause(start, i, opener))
            start = i + 1
            opener = ""
            if start < sent.end:
                nxt = words[start].upper()
                opener = nxt if nxt in subs else ""
            continue
    if start < sent.end:
        out.append(Clause(start, sent.end, opener))
    return [c for c in out if c.end > c.start]


def _lits(pat: VerbPattern) -> frozenset[str]:
    """A pattern's literal words (cached on it with its synset names and whether it has slots)."""
    lits = pat._lits
    if lits is None:
        lits = pat._lits = frozenset(e.value for e in pat.pre + pat.post if e.kind == "word")
        pat._syns = tuple({e.value for e in pat.pre + pat.post if e.kind == "syn"})
        pat._slots = any(e.kind in ("src", "tgt", "both") for e in pat.pre + pat.post)
    return lits


def _spread(cache: dict, keys: list, make, limit: int | None = None) -> list:
    """``[cache[k] for k in keys]``, each missing value made (``make(k)``) and kept first; the
    look-up is one C-level ``itemgetter`` call (a set difference to find the missing keys first
    cost as much again). ``limit``: the cache is emptied first when it has grown past it."""
    if len(keys) < 2:
        for k in keys:
            if k not in cache:
                cache[k] = make(k)
        return [cache[k] for k in keys]
    get = itemgetter(*keys)
    try:
        return list(get(cache))
    except KeyError:
        if limit is not None and len(cache) > limit:
            cache.clear()
        for k in set(keys).difference(cache):
            cache[k] = make(k)
        return list(get(cache))


def _first(x: tuple) -> int:
    return x[0]


def _same_word(tok: str, w: str) -> bool:
    return tok == w or (len(w) >= 4 and tok.startswith(w) and len(tok) - len(w) <= 2)


class PatternMatcher:
    def __init__(self, verbs: VerbDictionary | None, nouns: VerbDictionary | None, lang: str):
        self.verbs = verbs
        self.nouns = nouns
        self.lang = lang
        self.max_gap = MAX_GAP.get(lang, 8)
        self._syn_cands: dict[tuple, list] = {}  # (synset, backwards, word, lemma) → phrases
        # the token table's per-string cache of "may be a dictionary form" (``bind``), one
        # per matcher (matchers with other dictionaries may share a Vocab)
        self._form_view = f"events.form.{next(_MATCHER_IDS)}"
        self._prefix_view = f"events.prefixes.{next(_MATCHER_IDS)}"  # (``_prefixes``)
        self._word_prefixes: dict[str, tuple[str, ...]] = {}  # word → its prefixes in patterns
        self._lemma_rows: dict[int, tuple] = {}  # lemma hash → ``_lemma_row``, across documents
        self._doc: Any = None  # the Doc ``bind`` was last given, and its actor starts
        self._actor_starts: set[int] = set()
        self._known_words: frozenset[str] | None = None  # (``_pattern_words``)
        self._syn_index: tuple[dict[str, set[str]], frozenset[str]] | None = None
        self._syn_words_cache: dict[str, frozenset[str] | None] = {}
        self._syn_cache: dict[tuple[str, bool], tuple[dict[str, list], list]] = {}

    # ------------------------------------------------------------------ predicates
    def predicates(self, sent: Span, clause_list: list[Clause],
                   nouns_at: Callable[[int, Clause], bool] | None = None) -> list[Predicate]:
        """The sentence's dictionary predicates, clause by clause; with ``nouns_at``, event nouns
        alone, at the tokens it accepts (a sentence without actors, ``events.code_doc``)."""
        nouns_only = nouns_at is not None
        doc = sent.doc
        out: list[Predicate] = []
        up, orig = self._up, self._orig
        self.uncoded = []  # dictionary verbs no pattern or default coded (see ``relaxed``)
        found = self._cands  # the Doc's tokens that pass the cheap string test (``bind``)
        for cl in clause_list:
            for i in found[bisect_left(found, cl.start):bisect_left(found, cl.end)]:
                if not orig[i].isalpha() and "-" not in orig[i]:
                    continue  # (``Token.is_alpha`` is ``str.isalpha``)
                if self.lang == "de" and self._attributive(i, cl):
                    continue
                if up[i] in STOP_FORMS or (nouns_at is not None and not nouns_at(i, cl)):
                    continue
                if self.lang == "en" and self._modifier(i, cl):
                    continue
                # "Vietnamese-led forces", "US-backed": a participle in a hyphenated modifier
                hyphen = self.lang == "en" and i - 2 >= cl.start and orig[i - 1] == "-" and \
                    not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_
                cands = []
                for kind, hit in self._lookup(i, i == sent.start):
                    if (hyphen or nouns_only) and kind == "verb":
                        continue
                    ok, extra = self._particle_ok(hit, i, cl, kind)
                    if ok:
                        cands.append(Predicate(i, hit.entry, kind, cl, tokens={i} | extra))
                self._explicit_none = False
                p = self._choose(cands)
                if p is not None:
                    out.append(p)
                elif cands and not self._explicit_none:
                    self.uncoded.append(cands)
        return out

    def relaxed(self) -> list[Predicate]:
        """Fallback for a sentence that no pattern or default coded (``predicates`` keeps its
        dictionary verbs in ``uncoded``): half of PETRARCH2's verb blocks have no default code
        ("--- SEND ###": "deployed troops", "sent aid" are coded by patterns only), and its
        patterns, written for CoreNLP phrases, often miss by an adjacency or an actor slot.
        Here a verb in a clause with an actor takes the code of its block's pattern whose content
        words (literal words and synsets; function words and auxiliaries aside) all occur in the
        clause, most of them first — word order, adjacency and actor slots relaxed."""
        out = []
        for cands in self.uncoded:
            best = None
            for n, p in enumerate(cands):
                if p.kind != "verb" or self._pos()[p.head] not in ("VERB", "") or \
                        not self._has_actor(p.clause):
                    continue
                pre = self._prefixes(p.clause)
                for m, pat, lits, syns in self._relaxed_rows(p.entry.block, pre):
                    if not lits <= pre or not all(
                            self._syn_present(n, p.clause, pre) for n in syns):
                        continue  # a content word missing: the exact test below would say so
                    score = self._relaxed_score(pat, p.head, p.clause)
                    if score[0] and not score[1] and (best is None or (score, -n, -m) > best[0]):
                        best = ((score, -n, -m), p, pat)
            if best is not None:
                _, p, pat = best
                p.code, p.code2 = pat.code, None
                out.append(p)
        return out

    def _relaxed_rows(self, block, pre: set[str]) -> list[tuple]:
        """(position, pattern, content words, synsets) of the block's coded patterns with content
        words, as far as one of their words is in ``pre`` (or they have only synsets): the
        rows are indexed once per block by a content word (the best pattern of ``relaxed`` does
        not depend on the order in which they are tried)."""
        got = block._relaxed
        if got is None:
            by_word: dict[str, list] = {}
            for m, pat in enumerate(block.patterns):
                if not pat.code or pat.code == "---":
                    continue
                lits, syns = self._content(pat)
                if lits or syns:
                    by_word.setdefault(min(lits) if lits else "", []).append((m, pat, lits, syns))
            got = block._relaxed = (by_word.get("", []),
                                    frozenset(k for k in by_word if k), by_word)
        rows, keys, by_word = got
        hit = keys & pre
        if hit:
            rows = rows + [r for k in hit for r in by_word[k]]
        return rows

    @staticmethod
    def _content(pat: VerbPattern) -> tuple[frozenset[str], tuple[str, ...]]:
        """A pattern's content words and synsets (``relaxed``), cached on it."""
        got = pat._content
        if got is None:
            elems = pat.pre + pat.post
            got = pat._content = (
                frozenset(e.value for e in elems if e.kind == "word" and
                          e.value not in RELAXED_STOP),
                tuple({e.value for e in elems if e.kind == "syn" and
                       e.value not in AUX_SYNSETS and e.value not in PREP_SYNSETS}))
        return got

    def _relaxed_score(self, pat: VerbPattern, head: int, cl: Clause) -> tuple[int, int]:
        """(content elements found anywhere in the clause, content elements missing); a single
        content word counts only when the pattern's function words are there too ("WILL * ARMS"
        is not "suspended arms exports")."""
        found = missing = 0
        function_missing = False
        others = [k for k in range(cl.start, cl.end) if k != head]
        for e in pat.pre + pat.post:
            if e.kind == "word":
                hit = any(self._wmatch(k, e.value, e.exact) for k in others)
                if e.value in RELAXED_STOP:
                    function_missing |= not hit
                    continue
            elif e.kind == "syn" and e.value not in AUX_SYNSETS and e.value not in PREP_SYNSETS:
                hit = any(self._elem_len(e, others, n, False) for n in range(len(others)))
            else:
                continue
            found += hit
            missing += not hit
        if found == 1 and function_missing:
            found = 0
        return found, -missing

    def _choose(self, cands: list[Predicate]) -> Predicate | None:
        """A form may sit in several blocks (PETRARCH2's "DISMISS" in DESPATCH and DISPEL; a
        supplement's block): a found particle verb first ("beat up"), then any block's matching
        pattern before any block's default code — the most specific reading wins."""
        if not cands:
            return None
        with_particle = [p for p in cands if p.entry.particle and len(p.tokens) > 1]
        rest = [p for p in cands if not any(p is q for q in with_particle)] if with_particle \
            else cands  # by identity: dataclass equality would compare whole verb blocks
        for group in (with_particle, rest):
            matched = []
            for n, p in enumerate(group):
                got = self._code(p, default=False)
                if got is not None:
                    pat = p.pattern  # (set by ``_code`` when it returns True or False)
                    assert pat is not None
                    matched.append((pat.weight, pat.chars, -n, got, p))
            if matched:
                best = max(matched, key=lambda m: m[:3])
                self._explicit_none = not best[3]
                return best[4] if best[3] else None  # an explicit "[---]" pattern: not an event
            for p in group:
                if self._code(p, patterns=False):
                    return p
        return None

    def _modifier(self, i: int, cl: Clause) -> bool:
        """English noun modifiers are not events: "the ceasefire proposal", "peace talks" stay
        with their head noun (which may itself be an event noun)."""
        if self._dep_table().dep(i) == "compound":
            return True
        pos = self._pos()
        if pos[i] in ("VERB", "AUX") or i + 1 >= cl.end or self.nouns is None:
            return False
        hits = self.nouns.forms.get(self._up[i])
        if not hits or self._up[i] in (self.verbs.forms if self.verbs else {}):
            return False
        if any(h.entry.particle for h in hits):  # "air strikes": the first word of the event noun
            return False
        nxt = self._orig[i + 1]
        return nxt.isalpha() and nxt.islower() and pos[i + 1] in ("NOUN", "")

    def _attributive(self, i: int, cl: Clause) -> bool:
        """German participles used as adjectives: "der okkupierten Regionen"."""
        orig = self._orig
        text = orig[i]
        if text[:1].isupper() or i + 1 >= cl.end:
            return False
        nxt = orig[i + 1]
        if not (nxt[:1].isupper() and nxt.isalpha()):
            return False
        low = text.lower()
        if not low.endswith(("e", "en", "er", "es", "em")):
            return False
        if self._doc[i].morph.get("VerbForm") == ["Fin"]:  # (the costly test last)
            return False
        if "ge" in low[:7]:  # participle: "die von Trump angekündigten Sanktionen"
            return True
        return i - 1 >= cl.start and (self._up[i - 1] in ARTICLES or orig[i - 1][:1].islower())

    def _lookup(self, i: int, sent_initial: bool) -> list[tuple[str, FormHit]]:
        text = self._orig[i]
        pos = self._pos()[i]
        hits: list[tuple[str, FormHit]] = []
        if self.lang == "de":
            # German capitalises nouns: the shape decides, POS only breaks sentence-initial ties
            cap = text[:1].isupper()
            noun_ok = cap and (not sent_initial or pos not in ("VERB", "AUX"))
            verb_ok = not cap or (sent_initial and pos not in ("NOUN", "PROPN"))
            if noun_ok and self.nouns is not None:
                hits += [("noun", h) for h in self.nouns.lookup_compound(text)]
            if verb_ok and self.verbs is not None:
                hits += [("verb", h) for h in self.verbs.lookup(text)]
                lemma = self._doc[i].lemma_
                if lemma and lemma.lower() != text.lower():
                    hits += [("verb", h) for h in self.verbs.lookup(lemma)]
        else:
            prev = self._up[i - 1] if i > 0 else ""
            nominal = prev in EN_DETERMINERS and pos not in ("VERB", "AUX")  # "the attack"
            # ADJ is not trusted: small models tag "beat (up)" or "attacked" as adjectives; nor
            # is NOUN for a lower-case sentence root ("Israeli troops shot/NOUN dead three …",
            # "Hungary vetoed/NOUN a statement"); a word the parser attaches as a preposition
            # ("according to", "following the deal") is not a verb
            dep = self._dep_table().dep(i)
            root_verb = pos in ("NOUN", "PROPN") and dep == "ROOT" and text.islower()
            if self.verbs is not None and not nominal and dep not in ("case", "mark", "prep") and \
                    (root_verb or pos not in ("NOUN", "PROPN", "DET", "ADP")):
                hits += [("verb", h) for h in self.verbs.lookup(text)]
                if root_verb and pos != "VERB":
                    # only an inflected verb form ("shot", "vetoed") overrules the tagger: a base
                    # form or an -s form ("match", "faults") may well be the noun it says
                    u = text.upper()
                    hits = [kh for kh in hits if kh[1].entry.head != u and not u.endswith("S")]
                elif not hits and self._lem[i]:
                    lemma = self._doc[i].lemma_
                    if lemma.lower() != text.lower():
                        hits += [("verb", h) for h in self.verbs.lookup(lemma)]
            if self.nouns is not None and pos not in ("VERB", "AUX"):
                hits += [("noun", h) for h in self.nouns.lookup(text)]
        # joined separable forms ("angreifen") first, then split forms whose particle must be
        # found in the clause ("wies … zurück"), then plain verbs
        hits.sort(key=lambda kh: 0 if (kh[1].entry.particle and not kh[1].split)
                  else (1 if kh[1].split else 2))
        return hits

    def _particle_ok(self, hit: FormHit, i: int, cl: Clause,
                     kind: str = "verb") -> tuple[bool, set[int]]:
        e = hit.entry
        if not hit.split or not e.particle:
            return True, set()
        doc_words = e.particle.split()
        if self.lang == "de":
            return self._find_seq_after(doc_words, i, cl)
        if e.particle_before:
            found = self._find_seq_before(doc_words, i, cl)
            if found[0] or kind != "noun":
                return found
            # an event noun's modifier may have other modifiers between it and the noun:
            # "joint naval exercises", "joint anti-submarine drills" (JOINT_+EXERCISE)
            for gap in range(1, 4):
                lo = i - gap
                if lo <= cl.start or not all(
                        self._orig[j] == "-" or (self._orig[j].isalpha() and self._orig[j].islower())
                        for j in range(lo, i)):
                    break
                found = self._find_seq_before(doc_words, lo, cl)
                if found[0]:
                    return True, found[1] | set(range(lo, i))
            return False, set()
        return self._find_seq_after(doc_words, i, cl, adjacent=True)

    def _find_seq_after(self, words: list[str], i: int, cl: Clause,
                        adjacent: bool = False) -> tuple[bool, set[int]]:
        up = self._up
        if words and len(words[0]) < 4:  # (matched as a whole word only: absent from most clauses)
            present = cl._words
            if present is None:
                present = cl._words = set(up[cl.start:cl.end])
            if words[0] not in present:
                return False, set()
        hi = min(cl.end, i + 2) if adjacent else cl.end
        for k in range(i + 1, hi):
            if all(k + n < cl.end and _same_word(up[k + n], w)
                   for n, w in enumerate(words)):
                return True, set(range(k, k + len(words)))
        return False, set()

    def _find_seq_before(self, words: list[str], i: int, cl: Clause) -> tuple[bool, set[int]]:
        up = self._up
        k = i - len(words)
        if k >= cl.start and all(up[k + n] == w for n, w in enumerate(words)):
            return True, set(range(k, i))
        return False, set()

    # ------------------------------------------------------------------ patterns
    def upper_words(self, doc) -> tuple[list[str], list[str]]:
        """(upper-case, original) word strings of ``doc``."""
        if self._doc is not doc:
            self.bind(doc, self._actor_starts)
        return self._up, self._orig

    def bind(self, doc, actor_starts: set[int] | None = None) -> None:
        if self._doc is not doc:
            # plain-string views of the tokens (spaCy Token objects are costly in the inner
            # loop): words and their upper case from the Doc's shared token table, lemmas from
            # the LEMMA array, each distinct string decoded once per process
            table = token_table(doc)
            self._orig = table.text
            self._up = table.lexical("events.upper", _upper)
            # one pass over the Doc's tokens for every array the coder reads (``tokens.ARRAYS``)
            self.arrays = arrays = doc_arrays(doc)
            # per token its lemma's row (upper case, a verb form?, prefixes in patterns): one
            # look-up per token in one table, not one in each of three
            rows = _spread(self._lemma_rows, arrays[:, 0].tolist(),
                           lambda h: self._lemma_row(doc, h), 500_000)
            self._lem = list(map(_ROW_LEMMA, rows))
            # the tokens that pass ``predicates``' cheap test of being a dictionary form (each
            # distinct string tested once per process)
            form = self._form
            word_ok = table.lexical(self._form_view, lambda lex: form(lex.orth_))
            self._cands = list(compress(count(), map(or_, word_ok, map(_ROW_FORM, rows))))
            self._joined: dict = {"arrays": arrays, "lemma_rows": rows}
            self.parsed = bool(arrays[:, 2].any())  # ``doc.has_annotation("DEP")``
        self._doc = doc
        self._actor_starts = actor_starts if actor_starts is not None else set()

    def _lemma_row(self, doc, h: int) -> tuple[str, bool, tuple[str, ...]]:
        """(upper case, is a verb form, ``_word_pre``) of the lemma with this hash."""
        lem = doc.vocab.strings[h].upper() if h else ""
        return lem, self.verbs is not None and lem in self.verbs.forms, self._word_pre(lem)

    def _word_pre(self, w: str) -> tuple[str, ...]:
        """The word and its prefixes of 3+ letters that are words of some pattern or synset."""
        cache = self._word_prefixes
        got = cache.get(w)
        if got is None:
            if len(cache) > 200_000:
                cache.clear()
            known = self._pattern_words()
            got = cache[w] = tuple(p for p in (w,) + tuple(w[:n] for n in range(3, len(w)))
                                   if p in known)
        return got

    def _pos(self) -> list[str]:
        """The bound Doc's POS tags (``tokens.pos_tags``, shared with the coder's per-Doc cache)."""
        return pos_tags(self._doc, self._joined)

    def _dep_table(self) -> DepTable:
        return dep_table(self._doc, self._joined)

    def _form(self, text: str) -> bool:
        """A token with this word can be a dictionary form (``predicates``' cheap test, before it
        builds a Token): a verb or noun form, or (German) a capitalised compound ending in one."""
        u = text.upper()
        nouns = self.nouns
        return (self.verbs is not None and u in self.verbs.forms) or \
            (nouns is not None and u in nouns.forms) or \
            (self.lang == "de" and text[:1].isupper() and len(u) > 4 and nouns is not None and
             bool(nouns.lookup_compound(u)))

    def _clause_text(self, cl: Clause) -> str:
        key = (cl.start, cl.end)
        j = self._joined.get(key)
        if j is None:
            words = self._up[cl.start:cl.end] + [w for w in self._lem[cl.start:cl.end] if w]
            j = self._joined[key] = " " + " ".join(words) + " "
        return j

    def _prefixes(self, cl: Clause) -> set[str]:
        """Every word and lemma of the clause with all their prefixes of 3+ letters (pattern
        words match as stems: "ATTACK" matches "attacks") — as far as they are words of some
        pattern or synset, the only strings this set is tested against."""
        got = cl._pre  # kept on the clause: asked for by every candidate pattern
        if got is None:
            tp = self._joined.get("tokpre")
            if tp is None:  # per token of the Doc: its word's and lemma's prefixes, once
                # words from the token table's per-string cache, lemmas from their rows (``bind``)
                pre = self._word_pre
                tp = self._joined["tokpre"] = (
                    token_table(self._doc).lexical(self._prefix_view,
                                                   lambda lex: pre(lex.orth_.upper())),
                    list(map(_ROW_PRE, self._joined["lemma_rows"])))
            a, b = cl.start, cl.end
            got = cl._pre = set().union(*tp[0][a:b], *tp[1][a:b])
        return got

    def _pattern_words(self) -> frozenset[str]:
        """The literal words of all patterns and the words of all synsets (computed once)."""
        got = self._known_words
        if got is None:
            words: set[str] = set()
            for d in (self.verbs, self.nouns):
                if d is None:
                    continue
                for block in d.blocks:
                    for pat in block.patterns:
                        words.update(e.value for e in pat.pre + pat.post if e.kind == "word")
                for phrases in d.synsets.values():
                    for phrase in phrases:
                        words.update(w for w, _ in phrase)
            got = self._known_words = frozenset(words)
        return got

    def _candidates(self, block, cl: Clause) -> list[VerbPattern]:
        """Patterns of a block whose literal words all occur in the clause and whose actor slots
        and synsets it can fill, in block order.

        The block's patterns are indexed by their first literal word once; the selection by
        literal words depends only on which of the block's words the clause has, so it is kept
        on the block per such word set (most clauses share a few), and only the feasibility
        tests are asked per clause."""
        if self.lang == "de":
            return self._german_candidates(block, cl)
        idx = block._by_word
        if idx is None:
            idx = {}
            for n, pat in enumerate(block.patterns):
                lits = [e.value for e in pat.pre + pat.post if e.kind == "word"]
                _lits(pat)  # caches "_slots" and "_syns"
                # what the pattern asks of the clause past its words (None: nothing): (actor slots, synsets)
                need = (pat._slots, frozenset(pat._syns)) \
                    if pat._slots or pat._syns else None
                idx.setdefault(lits[0] if lits else "", []).append((n, pat, _lits(pat), need))
            block._by_word = idx
            block._keys = frozenset(k for k in idx if k)
            block._free_rows = idx.get("", [])
            block._words = frozenset().union(*(_lits(pat) for pat in block.patterns))
            block._selected = {}
        per_block = cl._cands  # kept on the clause, per block
        if per_block is None:
            per_block = cl._cands = {}
        got = per_block.get(id(block))
        if got is None:
            pre = self._prefixes(cl)
            present = block._words & pre
            selected = block._selected
            sel = selected.get(present)
            if sel is None:
                # the patterns whose literal words are all present, merged in block order into
                # the (already ordered) word-less ones
                rows = block._free_rows
                hit = block._keys & present
                if hit:
                    found = []
                    for w in hit:
                        found += [x for x in idx[w] if x[2] <= present]
                    if found:
                        found.sort(key=_first)
                        rows = merge(rows, found, key=_first)
                rows = list(rows)
                needs = [x[3] for x in rows]
                asked = [n for n in needs if n is not None]
                if len(selected) > 10_000:
                    selected.clear()
                # (patterns, needs, the synsets they ask for, whether one has slots, the
                # selections by which of those synsets are present and whether an actor is)
                sel = selected[present] = (
                    [x[1] for x in rows], needs, frozenset().union(*(n[1] for n in asked)),
                    any(n[0] for n in asked), {}) if asked else ([x[1] for x in rows],)
            if len(sel) == 1:
                got = sel[0]
            else:
                # every pattern's feasibility at once: a pattern's synsets must be among the
                # clause's present ones, its slots need an actor in the clause
                pats, pneeds, syns, slots, by_present = sel
                psyn = syns & self._clause_synsets(cl, pre) if syns else syns
                actor = slots and self._has_actor(cl)
                got = by_present.get((psyn, actor))
                if got is None:
                    if len(by_present) > 1_000:
                        by_present.clear()
                    got = by_present[(psyn, actor)] = [
                        p for p, nd in zip(pats, pneeds)
                        if nd is None or ((actor or not nd[0]) and nd[1] <= psyn)]
            per_block[id(block)] = got
        return got

    def _german_candidates(self, block, cl: Clause) -> list[VerbPattern]:
        """The block's patterns whose literal words all occur in the clause (German: a word
        shorter than three letters or marked exact as a whole word, others anywhere in a word or
        lemma, compounds included), in block order. Each pattern's words are kept on the block as
        (word, whole-word test) keys, each key looked up in the clause's text once per clause."""
        rows = block._de_words
        if rows is None:
            rows = block._de_words = [
                (pat, tuple((e.value, e.exact or len(e.value) < 3)
                            for e in pat.pre + pat.post if e.kind == "word"))
                for pat in block.patterns]
        present = cl._de_present
        if present is None:
            present = cl._de_present = {}
        j = None
        out = []
        for pat, keys in rows:
            for key in keys:
                ok = present.get(key)
                if ok is None:
                    if j is None:
                        j = self._clause_text(cl)
                    w, whole = key
                    ok = present[key] = f" {w} " in j if whole else w in j
                if not ok:
                    break
            else:
                out.append(pat)
        return out

    def _clause_synsets(self, cl: Clause, pre: set[str]) -> set[str]:
        """The synsets of which some word occurs in the clause (``_syn_present`` of every synset
        at once, from an index of synset words; kept on the clause)."""
        got = cl._synsets
        if got is None:
            index = self._syn_index
            if index is None:
                all_names: set[str] = set()
                for d in (self.verbs, self.nouns):
                    if d is not None:
                        all_names.update(d.synsets)
                words_to: dict[str, set[str]] = {}
                loose_names: set[str] = set()
                for name in all_names:
                    words = self._syn_words(name)
                    if words is None:
                        loose_names.add(name)
                    else:
                        for w in words:
                            words_to.setdefault(w, set()).add(name)
                index = self._syn_index = (words_to, frozenset(loose_names))
            by_word, loose = index
            got = set(loose)
            get = by_word.get
            for w in pre:
                names = get(w)
                if names is not None:
                    got |= names
            cl._synsets = got
        return got

    def _has_actor(self, cl: Clause) -> bool:
        """An actor starts in the clause (kept on the clause: a clause lives for the sentence
        whose actors ``bind`` was given)."""
        got = cl._has_actor
        if got is None:
            got = cl._has_actor = any(cl.start <= a < cl.end for a in self._actor_starts)
        return got

    def _syn_present(self, name: str, cl: Clause, pre: set[str]) -> bool:
        """Some word of one of the synset's phrases occurs in the clause (a necessary condition
        for "* &REFUGEE", cached per clause)."""
        present = cl._syn
        if present is None:
            present = cl._syn = {}
        got = present.get(name)
        if got is None:
            words = self._syn_words(name)
            got = present[name] = words is None or not words.isdisjoint(pre)
        return got

    def _syn_words(self, name: str) -> frozenset[str] | None:
        """All words of a synset's phrases; None when a phrase word matches as a stem (German)."""
        cache = self._syn_words_cache
        if name not in cache:
            words: set[str] = set()
            loose = False
            for d in (self.verbs, self.nouns):
                if d is None:
                    continue
                for phrase in d.synsets.get(name, ()):
                    for w, exact in phrase:
                        words.add(w)
                        loose |= not exact
            cache[name] = None if loose else frozenset(words)
        return cache[name]

    def _code(self, p: Predicate, default: bool = True, patterns: bool = True) -> bool | None:
        """Try the block's patterns (most specific first); fall back to the verb's own code.
        With ``default=False``: True/False when a pattern matched (False for "[---]"), None when
        none did."""
        cl = p.clause
        block = p.entry.block
        passive = None
        for pat in (self._candidates(block, cl) if patterns else ()):
            if self.lang == "en" and pat.pre and pat.pre[-1].kind == "tgt":
                # "+ * IN $", "+ * FROM $": the target is the verb's subject, which English only
                # allows in the passive ("X was accused by Y"); an active "X accused Y" is not it
                if passive is None:
                    passive = self._passive(p.head, cl)
                if not passive:
                    continue
            if pat.pre and pat.pre[-1].kind == "syn" and pat.pre[-1].value in AUX_SYNSETS and \
                    not self._aux_before(pat.pre[-1].value, p.head, cl):
                continue
            m = self._match(pat, p.head, cl)
            if m is None:
                continue
            used, src, tgt = m
            if not self._slots_filled(pat, src, tgt):
                continue
            if pat.code == "---":
                p.pattern = pat
                return False
            p.pattern, p.code, p.code2 = pat, pat.code, pat.code2
            p.tokens |= used
            p.src_slot, p.tgt_slot = src, tgt
            return True
        if not default:
            return None
        code = p.entry.code or block.code
        if not code or code == "---":
            return False
        p.code, _, code2 = code.partition(":")  # "LEFT [032:033]": a visit and its hosting
        p.code2 = code2 or None
        return True

    def _aux_before(self, name: str, head: int, cl: Clause) -> bool:
        """An auxiliary of the verb itself: "&AUXVERB3 * [172]" is "has banned", not the "has"
        of "has threatened to ban" (at most two words between, none of them a verb)."""
        words = self._syn_words(name) or frozenset()
        for k in range(head - 1, max(cl.start, head - 3) - 1, -1):
            w = self._up[k]
            if w == "TO":  # "is to send" (IS_TO), not "threatened to ban"
                return k - 1 >= cl.start and self._up[k - 1] in words and "TO" in words
            if w in words:
                return True
            if self._doc[k].pos_ in ("VERB", "AUX"):
                return False
        return False

    def _passive(self, head: int, cl: Clause) -> bool:
        """English passive: a form of "be"/"get" shortly before a participle head."""
        t = self._doc[head]
        if t.tag_ and t.tag_ != "VBN":
            return False
        if not t.tag_ and not self._up[head].endswith(("ED", "EN", "WN", "NE")):
            return False
        return any(self._up[k] in _BE for k in range(max(cl.start, head - 3), head))

    def _slots_filled(self, pat: VerbPattern, src, tgt) -> bool:
        """TABARI semantics: an actor slot ("+", "$") must hold an actor."""
        for key, slot in (("tgt", tgt), ("src", src)):
            if key in pat.needs:
                # the actor must stand next to the pattern words around the slot ("IN $" = "in X")
                if slot is None or not any(
                        slot[0] <= a < slot[1] and (a - slot[0] <= SLOT_REACH or slot[1] - a <= SLOT_REACH)
                        for a in self._actor_starts):
                    return False
        return True

    def _match(self, pat: VerbPattern, head: int, cl: Clause):
        used: set[int] = set()
        slots: dict[str, tuple[int, int]] = {}
        if pat.pre:
            rev = list(reversed(pat.pre))
            adj = [pat.pre_adjacent] + [pat.pre[len(pat.pre) - k].adjacent
                                        for k in range(1, len(pat.pre))]
            words = list(range(head - 1, cl.start - 1, -1))
            r = self._seq(rev, adj, words, 0, used, slots, backwards=True)
            if r is None:
                return None
        if pat.post:
            adj = [e.adjacent for e in pat.post]
            if pat.post[0].kind == "syn" and pat.post[0].value in PREP_SYNSETS:
                # "* &PREPOSIT1 [---]" (BACK): PETRARCH2 reads the verb's own prepositional
                # phrase; with gaps any later "in" of the clause would do
                adj[0] = True
            words = list(range(head + 1, cl.end))
            snapshot = set(used)
            r = self._seq(pat.post, adj, words, 0, used, slots, backwards=False)
            if r is None and self.lang == "de":
                used.clear()
                used |= snapshot
                words = [k for k in range(cl.start, cl.end) if k != head]
                adj2 = [False] + adj[1:]
                r = self._seq(pat.post, adj2, words, 0, used, slots, backwards=False, free=True)
            if r is None:
                return None
        return used, slots.get("src"), slots.get("tgt")

    def _seq(self, elems: list[Elem], adj: list[bool], words: list[int], wpos: int,
             used: set[int], slots: dict, backwards: bool, free: bool = False):
        """Match ``elems`` in order over token indices ``words``; returns the next word position."""
        if not elems:
            return wpos
        e, a = elems[0], adj[0]
        if e.kind in ("src", "tgt", "both", "skip"):
            if e.kind != "skip":
                key = "tgt" if e.kind == "tgt" else "src"
                lo = words[wpos] if wpos < len(words) else (words[-1] if words else 0)
                r = self._seq(elems[1:], [False] + adj[2:] if len(adj) > 1 else [], words, wpos,
                              used, slots, backwards, free)
                if r is None:
                    return None
                nxt_used = [k for k in used if (k < lo if backwards else k > lo)]
                hi = (max(nxt_used) if backwards else min(nxt_used)) if nxt_used else \
                    (words[-1] if words else lo)
                slots[key] = (min(lo, hi), max(lo, hi) + 1)
                return r
            return self._seq(elems[1:], adj[1:], words, wpos, used, slots, backwards, free)
        # a pattern "TO" before an actor slot (or ending the pattern) is the preposition ("* TO +"):
        # not the infinitive of "ordered X to suspend"; before a word ("* TO RESUME COOPERATION")
        # or before the verb it is the infinitive
        to_prep = not backwards and not (len(elems) > 1 and elems[1].kind in ("word", "syn"))
        limit = len(words) if free else min(len(words), wpos + (1 if a else self.max_gap + 1))
        if a:
            limit = min(len(words), wpos + 1)
        for k in range(wpos, limit):
            n = self._elem_len(e, words, k, backwards, to_prep)
            if n:
                taken = words[k:k + n]
                before = set(used)
                used.update(taken)
                r = self._seq(elems[1:], adj[1:], words, k + n, used, slots, backwards, free)
                if r is not None:
                    return r
                used.clear()
                used.update(before)
        return None

    def _infinitival(self, tok: Token) -> bool:
        if tok.i + 1 >= len(tok.doc):
            return False
        nxt = tok.doc[tok.i + 1]
        if nxt.pos_:
            return nxt.pos_ in ("VERB", "AUX")
        return nxt.text[:1].islower() and nxt.text.upper() not in EN_DETERMINERS and \
            self.verbs is not None and bool(self.verbs.lookup(nxt.text))

    def _elem_len(self, e: Elem, words: list[int], k: int, backwards: bool,
                  to_prep: bool = True) -> int:
        if e.kind == "word":
            return 1 if self._wmatch(words[k], e.value, e.exact, to_prep) else 0
        if e.kind == "syn":
            i = words[k]
            up, lem = self._up[i], self._lem[i]
            ckey = (e.value, backwards, up, lem)
            syn_cands = self._syn_cands
            cands = syn_cands.get(ckey)
            if cands is None:
                # the phrases that can start at this word, per (synset, direction, word, lemma)
                # across documents: a stem phrase only when its first word passes the
                # context-free part of ``_wmatch``
                keyed, loose = self._synset(e.value, backwards)
                cands = keyed.get(up, _NONE)
                if lem != up and lem in keyed:
                    cands = cands + keyed[lem]
                if loose:
                    cands = cands + [seq for seq in loose if self._loose_first(up, lem, seq[0][0])]
                if len(syn_cands) > 200_000:
                    syn_cands.clear()
                syn_cands[ckey] = cands
            for seq in cands:
                if k + len(seq) <= len(words) and all(
                        self._wmatch(words[k + n], w, ex) for n, (w, ex) in enumerate(seq)):
                    return len(seq)
            return 0
        return 0

    def _synset(self, name: str, backwards: bool):
        """Synset phrases indexed by the word they start with (exact words) + the stem phrases."""
        cache = self._syn_cache
        key = (name, backwards)
        if key not in cache:
            keyed: dict[str, list] = {}
            loose: list = []
            for d in (self.verbs, self.nouns):
                if d is None:
                    continue
                for phrase in d.synsets.get(name, ()):
                    seq = list(reversed(phrase)) if backwards else phrase
                    w, ex = seq[0]
                    if ex:
                        keyed.setdefault(w, []).append(seq)
                    else:
                        loose.append(seq)
            cache[key] = (keyed, loose)
        return cache[key]

    def _loose_first(self, t: str, lem: str, w: str) -> bool:
        """``_wmatch`` of a stem word without its context rule (which only rejects more)."""
        if t == w or lem == w:
            return True
        if len(w) < 3:
            return False
        if t.startswith(w) and (len(w) >= 4 or len(t) - len(w) <= 2):
            return True
        return self.lang == "de" and len(w) >= 5 and w in t

    def _wmatch(self, i: int, w: str, exact: bool, to_prep: bool = True) -> bool:
        t = self._up[i]
        if w == "ON" and t == "ON" and self.lang == "en" and i + 1 < len(self._up) and \
                self._up[i + 1] in _TIME_WORDS:
            return False  # "telephoned X on Sunday": a date, not the "on" of "* + ON [020]"
        if w == "TO" and t == "TO" and self.lang == "en" and to_prep:
            key = ("inf", i)
            inf = self._joined.get(key)
            if inf is None:
                inf = self._joined[key] = self._infinitival(self._doc[i])
            if inf:
                return False  # "ordered X to suspend": an infinitive, not the preposition of "* TO"
        if t == w or self._lem[i] == w:
            return True
        if exact or len(w) < 3:
            return False
        if t.startswith(w) and (len(w) >= 4 or len(t) - len(w) <= 2):
            return True
        return self.lang == "de" and len(w) >= 5 and w in t
