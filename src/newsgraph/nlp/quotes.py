"""Quotations: direct, reported (indirect) and mixed speech with speaker, cue and offsets.

A rule cascade that works on a blank pipeline (lexicons in ``resources/quotes/<lang>.json``) and
uses the dependency parse, lemmas and ``Mood=Sub`` morphology when a trained model provides them:

1. quotation-mark pairs are found on the raw text (all German/English styles, across sentences);
2. sentences bridged by a quote are merged into *units*; speech cues (verbs, nouns, *laut*,
   *zufolge*, *according to*) are found outside full direct quotes;
3. reported speech: cue + *dass*/*ob*/Konjunktiv clause, post-posed and inserted cues (``…, sagte
   er.``, ``X sei, wie der Minister sagte, Y``, ``X, erklärte ein Sprecher, sei Y``), attributions
   (*laut X*, *X zufolge*, *dem Vernehmen nach*, *according to X*), Konjunktiv-I sentences that
   continue the previous speaker's report, and — in German, after any verb — a *dass*/*ob* clause
   or a main clause after a comma whose verb is in Konjunktiv I, the mood of reported speech;
4. direct quotes take the speaker of an adjacent cue (``sagte Trump: „…“``, ``„…“, sagte er``);
   cue-less full quotes continue the previous speaker within the paragraph; short quoted fragments
   are partial (``mixed``) quotes only when a cue governs their clause — scare quotes
   (*die sogenannte „Entmilitarisierung“*) are not quotes and are not emitted;
5. reported speech inside a direct quotation („Putin hat mir gesagt, er wolle Frieden“) is emitted
   as an ``indirect`` quote of its own that lies inside the direct one (quotes may nest); a
   first-person report takes the quotation's speaker, a hedge ("Ich würde sagen, dass …") is none.

Options (factory config): ``include_thought`` adds verbs and nouns of thinking and knowing, and
reads any non-consecutive *dass*-clause as reported — the Redewiedergabe notion of indirect speech,
too broad for news; ``unmarked_dialogue`` adds direct speech without quotation marks, the convention
of much fiction before 1900 (``Ihr bringt den Fremden? fragte der Sekretär.``). Both are off by
default; ``benchmarks/bench_quotes.py`` measures them. ``model = "redewiedergabe-nc"`` (German only)
runs the rules with ``include_thought`` and lets a clause classifier trained on the Redewiedergabe
corpus correct them (:mod:`newsgraph.nlp.quote_model`): rule quotes it reads as no speech are dropped,
speech runs the rules missed are added without speaker or cue. Its weights are CC BY-NC-SA
(non-commercial) and it follows that corpus's broad notion of speech and thought, which adds false
quotes on news, so it is off by default (``"none"``) and meant for literary/historical text.
``model = "redewiedergabe-tagger-nc"`` names an experimental CNN token tagger (same licence) that is
not shipped: it scored below the clause classifier on TUNE (see ``training/SCORES.md``); it can be
retrained with ``training/train_quote_model.py --tagger-data`` and is used only when installed.

Speakers are resolved to entity ids through ``doc._.ent_links`` / ``doc._.entities`` (filled by
``newsgraph.nlp.entities``); a pronoun takes the nearest preceding PER entity. Without a match the
speaker id stays ``None`` and only ``speaker_text`` is kept — a speaker is never invented.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable
from itertools import islice
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp import extensions  # noqa: F401
from newsgraph.errors import InvalidOptionError
from newsgraph.nlp import quote_model
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.textspans import Range, paragraph_index, sentence_ranges, strip_span
from newsgraph.schema import Quote
from newsgraph.nlp.lemma_keys import doc_text as cached_text, token_bounds, token_table
from newsgraph.nlp.unchecked import build

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "quotes"
SUBJECT_DEPS = {"sb", "nsubj", "nsubj:pass", "sbp"}
_SUBORD_EXTRA = {"weil", "wenn", "obwohl", "damit", "bevor", "nachdem", "während", "falls", "sodass", "als", "wie",
                 "seit", "bis", "indem", "ehe", "sobald", "solange", "wer", "was", "wo", "warum", "wann"}
_TITLE_BEFORE = {"den", "dem", "des", "der", "die", "das", "d", "im", "vom", "zum", "zur", "beim", "am", "ins",
                 "the", "a", "an", "of"}
_NACH_ADJ = {"eigenen", "ersten", "offiziellen", "übereinstimmenden", "ukrainischen", "russischen", "amtlichen",
             "vorläufigen", "unbestätigten", "inoffiziellen", "jüngsten", "neuen", "bisherigen", "israelischen",
             "palästinensischen", "örtlichen", "lokalen", "staatlichen", "westlichen", "offiziellen"}
_EN_NON_SPEAKERS = {"when", "as", "if", "asked", "while", "after", "before", "but", "and", "so", "then", "also"}
_NON_SPEAKERS = {"was", "wer", "das", "dies", "dieses", "es", "man", "die", "der", "welche", "welcher", "what", "who",
                 "which", "that", "it", "this", "there", "sich", "ich", "wir", "i", "we", "you", "du", "ihr"}
_PUNCT = set(",;:.!?-–—()[]\"„“”»«‚‘’'…")
_QUOTE_CHARS = set("\"„“”»«‚‘’'")


# --------------------------------------------------------------------------- lexicon


@dataclass
class Lexicon:
    lang: str
    verbs: dict[str, str] = field(default_factory=dict)  # lower form -> lemma
    verb_lemmas: set[str] = field(default_factory=set)
    separable: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # finite -> [(lemma, particle)]
    nouns: set[str] = field(default_factory=set)
    before: set[str] = field(default_factory=set)
    after: set[str] = field(default_factory=set)
    phrases: list[str] = field(default_factory=list)
    anonymous: list[str] = field(default_factory=list)
    complementizers: set[str] = field(default_factory=set)
    wh_words: set[str] = field(default_factory=set)
    wh_cues: set[str] = field(default_factory=set)
    konj1: set[str] = field(default_factory=set)
    konj2: set[str] = field(default_factory=set)
    konj1_exclusions: list[str] = field(default_factory=list)
    pronouns: dict[str, str] = field(default_factory=dict)
    determiners: set[str] = field(default_factory=set)
    non_subject_det: set[str] = field(default_factory=set)
    prepositions: set[str] = field(default_factory=set)
    adverbs: set[str] = field(default_factory=set)
    auxiliaries: set[str] = field(default_factory=set)
    subordinators: set[str] = field(default_factory=set)
    scare: set[str] = field(default_factory=set)
    clause_starters: set[str] = field(default_factory=set)
    v2_cues: set[str] = field(default_factory=set)
    thought: bool = False  # built with include_thought
    clause_conj: set[str] = field(default_factory=set)
    konj_keys: np.ndarray | None = None  # hashes of konj1 forms (for the quote model)
    cue_keys: np.ndarray | None = None  # hashes of lower-case cue forms (for the quote model)
    cand_lower: np.ndarray | None = None  # hashes of lower forms that may start a cue (prefilter)
    cand_orth: np.ndarray | None = None  # hashes of case-sensitive cue nouns
    cand_lemma: np.ndarray | None = None  # hashes of cue verb lemmas
    anonymous_any: re.Pattern | None = None
    anonymous_res: list[tuple[str, re.Pattern]] = field(default_factory=list)


def _weak_forms(lemma: str) -> list[str]:
    """Regular German weak-verb forms (sagen → sagt, sagte, sagten, gesagt, sage)."""
    if lemma.endswith(("ern", "eln")):
        stem = lemma[:-1]
    elif lemma.endswith("en"):
        stem = lemma[:-2]
    else:
        stem = lemma[:-1]
    e = "e" if stem.endswith(("t", "d")) or re.search(r"[^aeiouäöülr]n$", stem) else ""
    forms = [stem + e + "t", stem + e + "te", stem + e + "ten", stem + "e", lemma, stem + e + "st", stem + e + "test"]
    inseparable = lemma.startswith(("be", "ver", "er", "ent", "zer", "ge", "emp", "miss", "über", "unter", "wider"))
    forms.append(stem + e + "t" if inseparable or lemma.endswith("ieren") else "ge" + stem + e + "t")
    return forms


@lru_cache(maxsize=4)
def load_lexicon(lang: str, include_thought: bool = False) -> Lexicon:
    """Cue lexicon for ``lang`` (cached once per process). ``include_thought`` adds verbs and nouns
    of thinking and knowing (*wissen, glauben, Gedanke*) whose complements the Redewiedergabe corpus
    counts as reported thought; news quotation extraction leaves them out by default."""
    path = RESOURCES / f"{lang}.json"
    if not path.exists():
        path = RESOURCES / "en.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if include_thought:
        data = {**data, "weak_verbs": data.get("weak_verbs", []) + data.get("thought_weak_verbs", []),
                "strong_verbs": {**data.get("strong_verbs", {}), **data.get("thought_strong_verbs", {})},
                "speech_nouns": data.get("speech_nouns", []) + data.get("thought_nouns", [])}
    lex = Lexicon(lang=lang, thought=include_thought)
    for lemma in data.get("weak_verbs", []):
        for f in _weak_forms(lemma):
            lex.verbs.setdefault(f.lower(), lemma)
        lex.verb_lemmas.add(lemma)
    for lemma, forms in {**data.get("strong_verbs", {}), **data.get("verbs", {})}.items():
        for f in forms:
            lex.verbs.setdefault(f.lower(), lemma)
        lex.verb_lemmas.add(lemma)
    for lemma, spec in data.get("separable_verbs", {}).items():
        for f in spec["finite"]:
            lex.separable.setdefault(f.lower(), []).append((lemma, spec["particle"]))
        for f in spec["participle"]:
            lex.verbs.setdefault(f.lower(), lemma)
        for f in spec["finite"]:  # verb-final clauses join the particle: "wie die Polizei mitteilte"
            lex.verbs.setdefault(spec["particle"] + f.lower(), lemma)
        lex.verb_lemmas.add(lemma)
    for f in data.get("not_cue_forms", []):  # forms that are mostly another word: meine (my)
        lex.verbs.pop(f, None)
    lex.nouns = set(data.get("speech_nouns", []))
    lex.before = {w.lower() for w in data.get("attribution_before", [])}
    lex.after = {w.lower() for w in data.get("attribution_after", [])}
    lex.phrases = [p.lower() for p in data.get("attribution_phrases", [])]
    lex.anonymous = [p.lower() for p in data.get("anonymous_cues", [])]
    lex.complementizers = set(data.get("complementizers", []))
    lex.wh_words = set(data.get("wh_words", []))
    lex.wh_cues = set(data.get("wh_cues", []))
    lex.konj1 = set(data.get("konj1", []))
    lex.konj2 = set(data.get("konj2", []))
    lex.konj1_exclusions = [p.lower() for p in data.get("konj1_exclusions", [])]
    lex.pronouns = dict(data.get("pronouns", {}))
    lex.determiners = set(data.get("determiners", []))
    lex.non_subject_det = set(data.get("non_subject_determiners", []))
    lex.prepositions = set(data.get("prepositions", []))
    lex.adverbs = set(data.get("adverbs", []))
    lex.auxiliaries = set(data.get("auxiliaries", []))
    lex.subordinators = set(data.get("subordinators", []))
    lex.scare = set(data.get("scare_markers", []))
    lex.clause_starters = set(data.get("clause_starters", []))
    lex.v2_cues = set(data.get("v2_cues", []))
    lex.clause_conj = set(data.get("clause_conj", []))
    lower = set(lex.verbs) | set(lex.separable) | lex.before | lex.after | {"according", "so"}
    lex.cand_lower = np.array(sorted(get_string_id(w) for w in lower), dtype=np.uint64)
    lex.cand_orth = np.array(sorted(get_string_id(w) for w in lex.nouns), dtype=np.uint64)
    lex.cand_lemma = np.array(sorted(get_string_id(w) for w in lex.verb_lemmas), dtype=np.uint64)
    lex.konj_keys = quote_model.konj_keys(lex.konj1)
    lex.cue_keys = quote_model.cue_keys(lex.verbs, lex.nouns)
    if lex.anonymous:
        lex.anonymous_any = re.compile("|".join(r"\b" + re.escape(p) + r"\b" for p in lex.anonymous))
        lex.anonymous_res = [(p, re.compile(r"\b" + re.escape(p) + r"\b")) for p in lex.anonymous]
    return lex


def cue_candidates(tdoc: _Tokens) -> list[int]:
    """Indices of the tokens that may be cues (a superset of what :func:`find_cues` accepts): the
    word tests per token string (bit 8 of the token codes, :func:`_token_code`), the lemma test
    for verbs; the marked tokens found by a regex over the codes as bytes."""
    doc = tdoc.doc
    if not len(doc):
        return []
    codes = bytearray(tdoc.stops)
    arr = doc.to_array([POS, LEMMA])
    verbs = np.flatnonzero(arr[:, 0] == VERB)
    if len(verbs):
        for i in verbs[_member(arr[verbs, 1].astype(np.uint64), tdoc.lex.cand_lemma)].tolist():
            codes[i] |= 8
    return [m.start() for m in _CAND_CODE.finditer(codes)]


_CAND_CODE = re.compile(b"[\x08-\x0f\x18-\x1f]")  # a token code with the cue-word bit (8)
_TRIGGER_CODE = re.compile(b"[\x10-\x1f]")  # one with the trigger-word bit (16)
_codes: dict[int, tuple] = {}  # id(Lexicon) -> (Lexicon, its token-code function)


def _token_code(lex: Lexicon) -> Callable[[Lexeme], int]:
    """The code of a token string for ``lex``: its stop classes (:func:`_stop_code`), in bit 8
    whether its lower-case form or its text is a cue word, in bit 16 whether it is a German
    report trigger (a Konjunktiv-I form, dass/ob) (cached per lexicon)."""
    got = _codes.get(id(lex))
    if got is None or got[0] is not lex:
        lower, orth = set(lex.cand_lower.tolist()), set(lex.cand_orth.tolist())

        def code(lx: Lexeme) -> int:
            w = lx.orth_
            return _stop_code(lx) | (lx.lower in lower or lx.orth in orth) << 3 | (
                w in lex.konj1 or w.lower() in _DASS_OB) << 4

        got = _codes[id(lex)] = (lex, code)
    return got[1]


def _member(x: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``np.isin`` for a sorted key array (isin sorts both sides on every call)."""
    if not len(sorted_keys):
        return np.zeros(len(x), dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_keys, x), len(sorted_keys) - 1)
    return sorted_keys[idx] == x


def _stop_code(lex) -> int:
    """The stop classes of a token text (no token text is empty; ``in`` a string is a substring
    test): 1 where a clause scan backwards stops (``,;:–—-``), 2 where one forwards stops (also
    ``.!?``), 4 where the scan for a reported clause stops (``.!?;`` or ``,`` ``:``)."""
    w = lex.orth_
    return (w in ",;:–—-") | (w in ",;:–—-.!?") << 1 | (w in ".!?;" or w in (",", ":")) << 2


class _Tokens:
    """The Doc with its tokens made once: ``Doc.__getitem__`` builds a new Token object on every
    call, and the rules index single tokens some fifty thousand times per hundred articles."""

    __slots__ = ("doc", "lex", "toks", "tt", "words", "lows", "idx", "stops")

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc, self.lex = doc, lex
        self.toks: list[Token | None] = [None] * len(doc)  # doc[-1] and doc[n - 1] are one token
        # token-class lists for the hot scans (``text in ",;:–—-"`` is a substring test), per
        # token string from the shared token table
        self.tt = tt = token_table(doc)
        # token texts, lower-case texts (``Token.lower_``) and character offsets, for
        # ``doc.words[i]`` where ``doc[i].text`` would build a Token
        self.words, self.lows, self.idx = tt.text, tt.lower, tt.idx
        # one list for the three stop classes and the cue-word test (one spread over the Doc
        # instead of five): bits 1 clause-start stop, 2 clause-end stop, 4 report stop, 8 cue
        # word, 16 German report trigger
        self.stops = tt.lexical(f"quotes.stops+cue+trigger.{lex.lang}.{lex.thought}", _token_code(lex))

    def span_text(self, a: int, b: int) -> str:
        """``doc[a:b].text`` (``a < b``) sliced from the shared text, without a Span."""
        return cached_text(self.doc)[self.idx[a] : self.idx[b - 1] + len(self.words[b - 1])]

    def __getitem__(self, i):
        if type(i) is not int:
            return self.doc[i]
        t = self.toks[i]  # IndexError out of range, as Doc.__getitem__
        if t is None:
            t = self.toks[i] = self.doc[i]
        return t

    def __len__(self) -> int:
        return len(self.doc)

    def __iter__(self):
        return iter(self.doc)

    def __getattr__(self, name: str):
        return getattr(self.doc, name)


# --------------------------------------------------------------------------- quote pairs


@dataclass
class Pair:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    content: Range  # stripped content


_PAIRS = {"„": "“”\"", "»": "«", "«": "»", "›": "‹", "‹": "›", "‚": "‘’'", "\"": "\"", "“": "”“", "‘": "’",
          "'": "'"}
_SINGLE = set("‚‘'")
_GUILLEMETS = {"»": "«", "›": "‹"}  # German direction; French/Swiss texts write them the other way


def _guillemet_style(text: str) -> str | None:
    """``de`` when the text writes »…« (German), ``fr`` when «…» (French/Swiss), ``None`` when it
    has no guillemets or no evidence: a mark followed by a capital opens, one after .!?, closes."""
    if "»" not in text and "«" not in text and "›" not in text and "‹" not in text:
        return None  # (four substring scans are some fifty times faster than the regex's)
    score = 0
    for m in re.finditer(r"[»«›‹]", text):
        i = m.start()
        before = text[max(0, i - 3) : i].rstrip()[-1:]
        after = text[i + 1 : i + 4].lstrip()[:1]
        opens = after.isupper() and before not in ".!?,…"
        closes = before in ".!?,…" and not after.isupper() or after in (",", ".", ";")
        if opens != closes:
            score += (1 if opens else -1) * (1 if m.group() in "»›" else -1)
    return "de" if score > 0 else "fr" if score < 0 else None


def _is_opener(text: str, i: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "»«›‹\"“":
        # a mark that looks like a closer ("marsch! « schrie er") is not an opener, e.g. when an
        # excerpt starts inside a quotation
        k = i - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        m = i + 1
        while m < len(text) and text[m] in " \t":
            m += 1
        prev_ns = text[k] if k >= 0 else "\n"
        next_ns = text[m] if m < len(text) else "\n"
        if next_ns in ",.;:)" or (prev_ns in ".!?…" and next_ns.islower()):
            return False
    nxt_mark = text[i + 1 : i + 3].strip()[:1] in _QUOTE_CHARS
    if ch in "„\"" and (nxt_mark or text[max(0, i - 2) : i].strip()[-1:] == ch):
        return False  # ditto marks in a table: „ „ „
    if ch in "'’‘" and prev.isalnum() and nxt.isalnum():
        return False  # apostrophe inside a word
    if ch in "'‘":
        if ch == "'" and re.match(r"(?:s|n|ne|nen|nem|ner|m|r)\b", text[i + 1 : i + 5]):
            return False  # an elision written apart: gab 's, 'ne Ratte
        return (prev.isspace() or prev in "([„\"»«") and not nxt.isspace()
    if ch == "\"":
        return not nxt.isspace() or prev.isspace() or i == 0
    return True


_MARK_RE = re.compile("[" + re.escape("".join(_PAIRS)) + "]")


@lru_cache(maxsize=32)
def _stops_re(ch: str) -> re.Pattern:
    """The characters :func:`find_pairs` must look at after the opening mark ``ch``."""
    return re.compile("[" + re.escape("\n" + ch + _PAIRS[ch]) + "]")


def find_pairs(text: str, max_chars: int = 3000) -> list[Pair]:
    """Pairs of quotation marks (outermost level; single quotes only outside double ones).

    Guillemets follow the text's direction (»…« or «…»). Two cases of quotations cut by the edge of
    a text (excerpts, the fiction samples of Redewiedergabe) are kept: a text that starts inside a
    quotation (its first mark closes one after .!?,) and an opening mark never closed before the end
    of the text (when no paragraph break intervenes)."""
    pairs: list[Pair] = []
    i, n = 0, len(text)
    german_style = "„" in text  # then “ only ever closes
    style = _guillemet_style(text)
    closers_only = set("“" if german_style or "”" not in text else "") | set({"de": "«‹", "fr": "»›"}.get(style, ""))
    if german_style and "“" not in text:
        closers_only.add("\"")  # „…": the straight mark closes (a lone one closes a quotation cut off before)
    first = re.search(r"[„“”»«›‹\"]", text)
    if first is not None and first.group() in closers_only and first.start() > 0 and (
        text[: first.start()].rstrip()[-1:] in (".", "!", "?", ",", "…")
    ):
        s, e = strip_span(text, 0, first.start(), chars=" \t\n")
        if e > s and "\n\n" not in text[s:e]:
            pairs.append(Pair(s, first.start(), Range(s, e)))
            i = first.start() + 1
    while i < n:
        m = _MARK_RE.search(text, i)  # jump to the next quotation mark
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch in closers_only:
            i += 1
            continue
        if ch in _PAIRS and _is_opener(text, i):
            closers = _PAIRS[ch]
            if ch == "“" and (i == 0 or not text[i - 1].isspace()) and i + 1 < n and text[i + 1].isspace():
                i += 1  # a German closing mark without its opener
                continue
            j = i + 1
            limit = min(n, i + (max_chars if ch not in _SINGLE else 400))
            found = -1
            depth = 0  # „…„…“…“: old texts nest the same marks
            stops = _stops_re(ch)
            while j < limit:
                m = stops.search(text, j, limit)  # the next newline, mark or closer
                if m is None:
                    j = limit
                    break
                j = m.start()
                c = text[j]
                if c == "\n" and text[j + 1 : j + 2] in ("\n", *_PAIRS.keys()):
                    break
                if c == ch and ch in "„»›" and ch not in closers and _is_opener(text, j):
                    depth += 1
                elif c in closers and j > i + 1 and depth > 0:
                    depth -= 1
                    j += 1
                    continue
                if c in closers and j > i + 1:
                    if ch in _SINGLE or ch == "\"":
                        nxt = text[j + 1] if j + 1 < n else " "
                        if c in "'’" and nxt.isalnum():
                            j += 1
                            continue
                    found = j
                    break
                j += 1
            if found < 0 and j == n and ch not in _SINGLE and ch != "\"" and ch not in text[i + 1 :] and (
                n - i <= max_chars and "(" not in text[i:]
            ):  # (a mark lost far before the end is a transcription error, not a cut excerpt)
                end = re.search(r"[.!?]\s*--\s", text[i:])  # a news item's end in old papers
                end = i + end.start() + 1 if end else n
                s, e = strip_span(text, i + 1, end, chars=" \t\n")
                if e - s > 20 and re.match(r"[^\W\d_]", text[s:e]) and len(re.findall(r"\d+", text[s:e])) * 4 < len(
                    text[s:e].split()
                ):  # (not a table row: „ b. Stieglitz 4 % 69 1/4)
                    pairs.append(Pair(i, end - 1, Range(s, e)))  # cut off by the end of the text
                    i = end
                    continue
            if found > 0:
                s, e = strip_span(text, i + 1, found, chars=" \t\n")
                if e > s:
                    pairs.append(Pair(i, found, Range(s, e)))
                i = found + 1
                continue
        i += 1
    return pairs


# --------------------------------------------------------------------------- speakers and cues


@dataclass
class Speaker:
    start: int
    end: int
    text: str
    head_start: int
    head_end: int
    pronoun: bool = False
    entity: str | None = None


@dataclass
class Cue:
    i: int  # doc token index
    kind: str  # verb | noun | before | after | so | anonymous
    start: int
    end: int
    text: str


class _Unit:
    """Tokens of one unit (merged sentences) with masks and helpers."""

    def __init__(self, doc: Doc | _Tokens, rng: Range, lex: Lexicon, masked: set[int], parsed: bool, morph: bool,
                 text: str, cands: list[int] | None = None, anonymous: list[int] | None = None):
        self.doc, self.rng, self.lex = doc, rng, lex
        self.a, self.b = _char_tokens(doc, rng.start, rng.end) or (0, 0)  # (0, 0): no such span
        self.masked = masked
        self.parsed = parsed
        self.morph = morph
        self.text = text
        self.cands = cands if cands is not None else list(range(self.a, self.b))
        # sorted offsets of the anonymous-source phrases in the lower-cased text (a superset of
        # the word-bounded matches; None: not known, find_cues searches)
        self.anonymous = anonymous

    def tok(self, i: int) -> Token | None:
        return self.doc[i] if self.a <= i < self.b else None

    def is_punct(self, i: int) -> bool:
        t = self.tok(i)
        return t is None or t.text in _PUNCT or t.is_punct

    def cap(self, i: int) -> bool:
        if not self.a <= i < self.b:
            return False
        w = self.doc.words[i] if type(self.doc) is _Tokens else self.doc[i].text  # no Token built
        return w[:1].isupper() and w[:1].isalpha()


def _char_tokens(doc: Doc | _Tokens, start: int, end: int) -> tuple[int, int] | None:
    """(first token, end token) of ``doc.char_span(start, end, alignment_mode="expand")``, None
    where that is None, without building the Span (bisection of the token offsets)."""
    return token_bounds(doc.doc if type(doc) is _Tokens else doc, start, end)


def _is_cue_verb(u: _Unit, i: int) -> str | None:
    t = u.doc[i]
    low = t.text.lower()
    lex = u.lex
    if t.text[:1].isupper() and i > u.a and not u.is_punct(i - 1):
        return None  # a capitalised word mid-sentence is a noun or a name ("United States"), not a verb
    if low in lex.verbs:
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.pos_:
            return None
        if lex.verbs[low] == "erklären" and _explains(u, i):
            return None
        return lex.verbs[low]
    if low in lex.separable:
        rest = set(u.doc.words[i + 1 : u.b])
        for lemma, particle in lex.separable[low]:
            if particle in rest and (particle != "zu" or _particle_zu(u, i)):
                return lemma
    if t.lemma_ and t.pos_ == "VERB" and t.lemma_ in lex.verb_lemmas:
        return t.lemma_
    return None


def _particle_zu(u: _Unit, i: int) -> bool:
    """Whether a *zu* after the verb at ``i`` is its particle (*gab zu, dass*), not the marker of a
    zu-infinitive (*gab sich Mühe, ihn weich zu stimmen*)."""
    doc = u.doc
    for k in range(i + 1, u.b):
        if doc.words[k] == "zu":
            nxt = doc.words[k + 1] if k + 1 < u.b else ""
            if not (nxt.islower() and nxt.isalpha()) or nxt == "verstehen":  # gab zu verstehen, dass
                return True
    return False


def _explains(u: _Unit, i: int) -> bool:
    """*erklären* meaning "explain", not "declare": "das ist leicht zu erklären", "so erklärt sich, dass"."""
    words = u.doc.words
    after = {w.lower() for w in words[i + 1 : min(u.b, i + 3)]}
    return (i > u.a and words[i - 1].lower() == "zu") or "sich" in after or (
        i > u.a + 1 and words[i - 1].lower() == "sich" and words[i - 2].lower() in ("lässt", "läßt", "ließ"))


def find_cues(u: _Unit) -> list[Cue]:
    """Speech cues in a unit outside masked (directly quoted) tokens."""
    cues: list[Cue] = []
    lex = u.lex
    cands = u.cands
    for i in cands[bisect.bisect_left(cands, u.a) : bisect.bisect_left(cands, u.b)]:
        if i in u.masked:
            continue
        t = u.doc[i]
        low = t.text.lower()
        kind = None
        if _is_cue_verb(u, i):
            kind = "verb"
        elif t.text == "Vernehmen" and i + 1 < u.b and u.doc.words[i + 1] == "nach":
            nach = u.doc[i + 1]  # "Dem Vernehmen nach …", read like "… zufolge"
            end = nach.idx + len(nach.text)
            cues.append(Cue(i + 1, "after", t.idx, end, u.text[t.idx : end]))
        elif t.text in lex.nouns:
            kind = "noun"
            k = i - 1
            if k > u.a and u.doc.lows[k] in _NACH_ADJ:
                k -= 1
            if k > u.a and u.doc.lows[k] in ("der", "den") and u.doc.lows[k - 1] == "nach":
                k -= 1  # nach den Worten des Ministers, nach der Darstellung der Polizei
            if k >= u.a and u.doc.lows[k] in ("nach", "laut"):
                kind = "phrase"  # nach Angaben des Militärs, nach eigenen Angaben, laut Angaben
        elif low in lex.before and i + 1 < u.b and (u.cap(i + 1) or u.doc.words[i + 1] in lex.non_subject_det
                                                   or u.doc.words[i + 1] in lex.determiners):
            kind = "before"
        elif lex.lang == "en" and low == "according" and i + 1 < u.b and u.doc.lows[i + 1] == "to":
            kind = "before"
        elif low in lex.after:
            kind = "after"
        elif lex.lang == "de" and low == "so" and i > u.a and u.doc.words[i - 1] == "," and _so_cue(u, i):
            kind = "so"
        if kind:
            cues.append(Cue(i, kind, t.idx, t.idx + len(t.text), t.text))
    if lex.anonymous_any is None or (u.anonymous is not None and not _any_in(u.anonymous, u.rng.start, u.rng.end)):
        return cues
    low_text = u.text[u.rng.start : u.rng.end].lower()
    if lex.anonymous_any.search(low_text) is None:
        return cues
    for phrase, pattern in lex.anonymous_res:
        for m in pattern.finditer(low_text):
            s = u.rng.start + m.start()
            sp = _char_tokens(u.doc, s, s + len(phrase))
            if sp is not None and sp[0] not in u.masked:
                cues.append(Cue(sp[0], "anonymous", s, s + len(phrase), u.text[s : s + len(phrase)]))
    return sorted(cues, key=lambda c: c.i)


def _so_cue(u: _Unit, i: int) -> bool:
    """``…, so Trump.`` — *so* followed by a short noun phrase that ends the sentence."""
    j = i + 1
    while j < u.b and not u.is_punct(j) and j - i <= 5:
        if not (u.cap(j) or u.doc.words[j] in u.lex.determiners or u.doc.words[j] in u.lex.non_subject_det):
            return False
        j += 1
    return j > i + 1 and (j >= u.b or u.doc.words[j] in ".!?;")


def _np_forward(u: _Unit, j: int, limit: int | None = None) -> Speaker | None:
    """A subject-like noun phrase starting at token ``j`` (pronoun, [Det] [Adj]* Noun [Name]*, Name+)."""
    lex = u.lex
    limit = limit if limit is not None else u.b
    if j >= limit or j in u.masked:
        return None
    t = u.doc[j]
    if t.text in lex.pronouns:
        return _speaker(u, j, j + 1, j, pronoun=True)
    start = j
    if t.text in lex.determiners or (lex.lang == "en" and t.lower_ in lex.determiners):
        j += 1
        if j < limit and u.doc.words[j] in _QUOTE_CHARS:
            return _quoted_name(u, j, start)
        while j < limit and not u.cap(j) and not u.is_punct(j) and j - start <= 3 and u.doc.words[j].isalpha():
            if lex.lang == "de" and not re.search(r"(e|en|er|es|em)$", u.doc.words[j]):
                return None
            j += 1
        if lex.lang == "en" and (j >= limit or not u.cap(j)):
            # English common-noun subject: "the foreign minister"
            k = start + 1
            while k < limit and k - start <= 3 and u.doc.words[k].isalpha() and u.doc.lows[k] not in lex.verbs:
                k += 1
            if k > start + 1:
                return _speaker(u, start, k, k - 1)
            return None
    if j >= limit or not u.cap(j) or u.doc.words[j] in lex.pronouns:
        return None
    if lex.lang == "de" and t.text not in lex.determiners and j == u.a and u.doc.words[j] in lex.adverbs:
        return None
    head = j
    j += 1
    while j < limit and (u.cap(j) or u.doc.words[j] in ("-",)) and j not in u.masked:
        if _is_cue_verb(u, j) or u.doc.words[j] in lex.nouns:
            break
        head = j
        j += 1
    return _speaker(u, start, head + 1, head)


def _np_backward(u: _Unit, j: int, lo: int) -> Speaker | None:
    """A noun phrase ending at token ``j`` (inclusive), not governed by a preposition."""
    lex = u.lex
    if j < lo or j in u.masked:
        return None
    t = u.doc[j]
    if t.text in lex.pronouns:
        return _speaker(u, j, j + 1, j, pronoun=True)
    if lex.lang == "en" and t.text.isalpha() and not u.cap(j):
        # "the minister said": lowercase noun run back to a determiner
        k = j
        while k >= lo and k > j - 4 and u.doc.words[k].isalpha() and u.doc.lows[k] not in lex.determiners:
            k -= 1
        if k >= lo and u.doc.lows[k] in lex.determiners:
            return _speaker(u, k, j + 1, j)
        return None
    if not u.cap(j):
        return None
    head = j
    k = j - 1
    while k >= lo and k not in u.masked:
        w = u.doc.words[k]
        if u.cap(k) and w not in lex.pronouns and w not in lex.adverbs and not (k == u.a and w in lex.determiners) and (
            not (k == u.a and w.lower() in lex.prepositions)  # "In einem Interview sagte …"
        ):
            k -= 1
            continue
        if w in lex.determiners or w.lower() in lex.determiners:
            k -= 1
            break
        if w.isalpha() and w.islower() and w not in lex.prepositions and w not in lex.adverbs and (
            lex.lang == "de" and re.search(r"(e|en|er|es|em)$", w)
        ):
            k -= 1
            continue
        break
    start = k + 1
    if start > lo and u.doc.words[start - 1].lower() in lex.prepositions:
        return None
    if start == head and head == u.a and u.doc.words[head].lower() in lex.adverbs:
        return None
    if u.doc.words[start] in ("Das", "Dies", "Es", "Was", "Wer", "The", "It", "This", "That", "What") and start == head:
        return None
    return _speaker(u, start, head + 1, head)


def _speaker(u: _Unit, s: int, e: int, head: int, pronoun: bool = False) -> Speaker | None:
    doc = u.doc
    if e - s == 1 and not pronoun and (doc.lows[s] in u.lex.subordinators or doc.lows[s] in _SUBORD_EXTRA
                                       or doc.lows[s] in _NON_SPEAKERS or doc.lows[s] in _EN_NON_SPEAKERS):
        return None
    return Speaker(
        start=doc.idx[s], end=doc.idx[e - 1] + len(doc.words[e - 1]),
        text=u.text[doc.idx[s] : doc.idx[e - 1] + len(doc.words[e - 1])],
        head_start=doc.idx[head], head_end=doc.idx[head] + len(doc.words[head]), pronoun=pronoun,
    )


def _skip(u: _Unit, j: int, step: int, stop: int) -> int:
    """Skip adverbs and auxiliaries (at most three tokens)."""
    n = 0
    while (stop <= j < u.b if step > 0 else stop <= j) and n < 3 and (
        u.doc.words[j] in u.lex.adverbs or u.doc.words[j] in u.lex.auxiliaries
    ):
        j += step
        n += 1
    return j


def _clause_start(u: _Unit, i: int) -> int:
    j = i - 1
    stop = u.doc.stops
    while j >= u.a and not (stop[j] & 1 or j in u.masked):
        j -= 1
    return j + 1


def _clause_end(u: _Unit, i: int) -> int:
    j = i + 1
    stop = u.doc.stops
    while j < u.b and not (stop[j] & 2 or j in u.masked):
        j += 1
    return j


def speaker_of(u: _Unit, cue: Cue, postposed: bool = False) -> Speaker | None:
    """The speaker of a cue: word-order heuristics first (they proved more reliable on news than
    our compact parser), the parse subject when they find nothing."""
    sp = _speaker_heuristic(u, cue, postposed)
    if sp is None and u.parsed and cue.kind in ("verb", "so"):
        sp = _speaker_parsed(u, cue.i)
    return sp


def _speaker_parsed(u: _Unit, i: int) -> Speaker | None:
    verb = u.doc[i]
    sp = _subject_of(u, verb)
    if sp is None and verb.head.i != verb.i and (verb.dep_ in ("xcomp", "oc") or (
        verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "to" for c in verb.children)
    )):
        sp = _subject_of(u, verb.head)  # "She went on to say", "Er wollte nur sagen"
    return sp


def _subject_of(u: _Unit, verb: Token) -> Speaker | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.i not in u.masked and child.lower_ not in _NON_SPEAKERS:
            sub = [t for t in child.subtree if u.a <= t.i < u.b]
            if not sub:
                continue
            end = child.i + 1
            while end < u.b and u.doc[end].pos_ == "PROPN" and end not in u.masked:
                end += 1
            return _speaker(u, sub[0].i, end, end - 1 if u.doc[end - 1].pos_ == "PROPN" else child.i,
                            pronoun=child.pos_ == "PRON")
    return None


def _speaker_heuristic(u: _Unit, cue: Cue, postposed: bool = False) -> Speaker | None:
    lex = u.lex
    i = cue.i
    if cue.kind == "before":
        j = i + 2 if lex.lang == "en" else i + 1
        sp = _np_forward_any(u, j)
        return sp
    if cue.kind == "after":
        return _np_backward(u, i - 1, _clause_start(u, i)) or _np_backward_any(u, i - 1)
    if cue.kind == "so":
        return _np_forward_any(u, i + 1)
    if cue.kind == "anonymous":
        return None
    if cue.kind == "noun":
        # "nach Angaben des Kreml", "Putins Worte"
        nxt = u.tok(i + 1)
        if nxt is not None and nxt.text in ("des", "der", "von", "vom", "of"):
            return _np_forward_any(u, i + 2)
        if i > u.a and u.doc.words[i - 1].endswith("s") and u.cap(i - 1):
            return _speaker(u, i - 1, i, i - 1)  # "Putins Worte"
        return None
    cs = _clause_start(u, i)
    if lex.lang == "en":
        b = _skip(u, i - 1, -1, cs)
        sp = _np_backward(u, b, cs)
        if sp is None and (postposed or _clause_end(u, i) - i <= 1):
            sp = _np_forward(u, _skip(u, i + 1, 1, u.b), _clause_end(u, i))
        if sp is None and cs < u.b and u.doc.lows[cs] in lex.subordinators:
            sp = _np_forward(u, _skip(u, cs + 1, 1, u.b), i)
        return sp
    # German: subject-first (V2 / verb-final) or inverted ("sagte Trump", "wiederholte der Kremlchef")
    b = _skip(u, i - 1, -1, cs)
    before = _np_backward(u, b, cs) if b >= cs else None
    after_pron = u.tok(i + 1)
    if before is not None and after_pron is not None and after_pron.text in lex.pronouns and (
        before.start == before.head_start and not before.pronoun
    ):
        return _speaker(u, i + 1, i + 2, i + 1, pronoun=True)  # "Später sagte er": V2 with an adverbial
    if before is not None and cs <= before_start_tok(u, before) <= cs + 1 and not (
        cs < u.b and u.doc.words[cs].lower() in lex.subordinators and before_start_tok(u, before) > cs
    ):
        return before
    ce = _clause_end(u, i)
    after = _np_forward(u, _skip(u, i + 1, 1, u.b), ce) or _np_forward(u, _past_adjuncts(u, i + 1, ce), ce)
    if after is not None and not after.text.split()[0] in lex.non_subject_det:
        return after
    if cs < u.b and u.doc.words[cs].lower() in lex.subordinators:
        j = cs + 1
        while j < i and u.doc.words[j] in ("auch", "immer", "genau", "denn", "eigentlich"):
            j += 1
        sp = _np_forward(u, j, i)
        if sp is not None:
            return sp
    return before


def _past_adjuncts(u: _Unit, j: int, end: int) -> int:
    """The token after up to three prepositional phrases and adverbs from ``j`` ("sagte am Freitag
    vor Journalisten in Berlin Außenminister Müller"); ``end`` where there is none."""
    found = False
    for _ in range(3):
        j = _skip(u, j, 1, u.b)
        if j >= end or u.doc.words[j] not in u.lex.prepositions:
            break
        k = j + 1
        while k < end and k - j <= 3 and not u.cap(k) and not u.is_punct(k) and u.doc.words[k].isalpha():
            k += 1
        if k >= end or not u.cap(k) or k in u.masked:
            return end
        j, found = k + 1, True
    return j if found else end


def _n_tokens(doc: Doc | _Tokens, sp: Speaker) -> int:
    """``len(doc.char_span(sp.start, sp.end, alignment_mode="expand"))`` (TypeError where that
    span is None, as ``len(None)``)."""
    a, b = _char_tokens(doc, sp.start, sp.end)
    return b - a


def before_start_tok(u: _Unit, sp: Speaker) -> int:
    span = _char_tokens(u.doc, sp.start, sp.end)
    return span[0] if span is not None else -1


def _np_forward_any(u: _Unit, j: int) -> Speaker | None:
    """Noun phrase after *laut*/*zufolge*/*so*: any capitalised run, with determiners and adjectives."""
    lex = u.lex
    start = j
    head = common = None
    while j < u.b and j not in u.masked and j - start < 8:
        w = u.doc.words[j]
        if u.cap(j) and not _is_cue_verb(u, j):
            head = j
        elif w in lex.determiners or w in lex.non_subject_det or w.lower() in lex.determiners or (
            w.isalpha() and w.islower() and head is None and re.search(r"(e|en|er|es|em)$", w)
        ):
            if head is not None and w not in ("des", "der", "of", "the"):
                break
        elif w == "-" and head is not None:
            pass
        elif lex.lang == "en" and head is None and w.isalpha() and w.islower() and w not in lex.prepositions:
            common = j  # "according to eyewitness Vinnie DeVita": a title before the name
        else:
            break
        j += 1
    if head is None and common is not None:
        head = common  # "according to officials", "according to the report"
    if head is None:
        return None
    while start < head and u.doc.words[start] in ("des", "der", "of"):
        start += 1
    return _speaker(u, start, head + 1, head)


def _np_backward_any(u: _Unit, j: int) -> Speaker | None:
    k = j
    while k >= u.a and (u.cap(k) or u.doc.words[k] in u.lex.determiners or u.doc.words[k] in u.lex.non_subject_det):
        k -= 1
    if k == j:
        return None
    return _speaker(u, k + 1, j + 1, j)


# --------------------------------------------------------------------------- mood


def _konj(u: _Unit, lo: int, hi: int, allow_konj2: bool) -> bool:
    """Whether ``[lo, hi)`` has a subjunctive finite verb (Konjunktiv I; also II when ``allow_konj2``)."""
    return _konj_at(u, lo, hi, allow_konj2) >= 0


def _subordinate(u: _Unit, j: int) -> bool:
    """Whether token ``j`` sits in a clause opened by a subordinator after a comma (not a main clause)."""
    cs = _clause_start(u, j)
    return cs > u.a and u.doc.lows[cs] in u.lex.subordinators | u.lex.complementizers | _SUBORD_EXTRA


def _konj_at(u: _Unit, lo: int, hi: int, allow_konj2: bool, main_only: bool = False) -> int:
    lex = u.lex
    words = u.doc.words
    lows = u.doc.lows
    for j in range(max(lo, u.a), min(hi, u.b)):
        if j in u.masked:
            continue
        w = words[j]
        if u.morph and w.endswith("e") and not w.endswith("te") and w.islower() and w not in lex.konj2 and (
            "Sub" in (t := u.doc[j]).morph.get("Mood") and "Pres" in t.morph.get("Tense") and t.pos_ in ("VERB", "AUX")
        ):
            # the tagger's Mood=Sub alone over-fires (measured on Redewiedergabe); trust it only for
            # present-tense forms with a Konjunktiv-I ending that the lexicon does not list
            if not _excluded(u, j) and not (main_only and _subordinate(u, j)) and not any(
                lows[k] == "ich" for k in range(max(u.a, j - 3), min(u.b, j + 3))
            ):
                return j
        if w in lex.konj1 or (w[:1].isupper() and j == u.a and w.lower() in lex.konj1):
            if any(words[k] in ("ich", "Ich") for k in range(max(u.a, j - 3), min(u.b, j + 3))):
                continue
            if j > u.a and words[j - 1] in ("als", "Als"):
                continue
            if not _excluded(u, j) and not (main_only and _subordinate(u, j)):
                return j
        if allow_konj2 and w in lex.konj2 and not (main_only and _subordinate(u, j)):
            return j
    return -1


def _excluded(u: _Unit, j: int) -> bool:
    window = u.doc.span_text(max(u.a, j - 2), min(u.b, j + 3)).lower()
    return any(p in window for p in u.lex.konj1_exclusions)


# --------------------------------------------------------------------------- main


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    speaker: Speaker | None
    cue: Cue | None


_DASS_OB = {"dass", "daß", "ob"}


def _occurrences(text: str, sub: str):
    k = text.find(sub)
    while k >= 0:
        yield k
        k = text.find(sub, k + 1)


def _any_in(sorted_offsets: list[int], s: int, e: int) -> bool:
    k = bisect.bisect_left(sorted_offsets, s)
    return k < len(sorted_offsets) and sorted_offsets[k] < e


def _mentions(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, entity id, type) of every entity mention known to the Doc."""
    out: list[tuple[int, int, str, str]] = []
    types: dict[str, str] = {}
    for ent in doc._.entities or []:
        eid, typ = ent.id, ent.type
        types[eid] = typ
        out += [(m.start, m.end, eid, typ) for m in ent.mentions]
    out += [(s, e, eid, types.get(eid, "PER" if str(eid).startswith("per:") else ""))
            for (s, e), eid in (doc._.ent_links or {}).items()]
    return sorted(set(out))


def resolve_speaker(sp: Speaker, mentions: list[tuple[int, int, str, str]]) -> str | None:
    """Entity id for a speaker span: mention over the head noun first, then over the span;
    pronouns take the nearest preceding PER mention."""
    if sp.pronoun:
        best = None
        for s, e, eid, typ in mentions:
            if e <= sp.start and typ == "PER" and (best is None or e > best[0]):
                best = (e, eid)
        return best[1] if best else None
    for lo, hi in ((sp.head_start, sp.head_end), (sp.start, sp.end)):
        cands = [(min(e, hi) - max(s, lo), -(e - s), eid) for s, e, eid, _ in mentions if s < hi and e > lo]
        if cands:
            return max(cands)[2]
    return None


def extract_quotes(doc: Doc, lang: str, *, min_direct_tokens: int = 4, continuation_window: int = 2,
                   max_quote_chars: int = 3000, include_thought: bool = False,
                   unmarked_dialogue: bool = False, model: quote_model.QuoteModel | None = None,
                   model_lang: str = "de") -> list[Quote]:
    """All quotes in ``doc`` (see the module docstring for the rules); with ``model`` (a clause
    classifier for ``model_lang``) the rules' output is corrected by it."""
    lex = load_lexicon(lang, include_thought)
    text = cached_text(doc)
    pairs = find_pairs(text, max_quote_chars)
    sents = sentence_ranges(doc)
    units = _merge_units(sents, pairs)
    opens = [p.open for p in pairs]  # find_pairs returns them in text order
    paras = paragraph_index(text)
    mentions: list[tuple[int, int, str, str]] | None = None  # read at the first speaker to resolve
    tdoc = _Tokens(doc, lex)
    tok_starts = tdoc.idx  # the token table's offsets (read only here)

    def tok_range(s: int, e: int) -> range:
        return range(bisect.bisect_left(tok_starts, s), bisect.bisect_left(tok_starts, e))

    full = [p for p in pairs if _is_full(text, p, min_direct_tokens, lang) or _cue_adjacent(text, p, lex)]
    masked: set[int] = set()
    for p in full:
        masked.update(tok_range(p.open, p.close + 1))

    parsed, morph = doc.has_annotation("DEP"), doc.has_annotation("MORPH")  # each scans the whole Doc
    cands = cue_candidates(tdoc)
    cand_starts = list(map(tok_starts.__getitem__, cands))

    def cue_in(s: int, e: int) -> bool:  # a cue candidate between character offsets s and e
        k = bisect.bisect_left(cand_starts, s)
        return k < len(cand_starts) and cand_starts[k] < e

    # German reads reports without a cue too, after a comma: by "dass"/"ob" or a Konjunktiv I verb
    triggers = [tok_starts[m.start()] for m in _TRIGGER_CODE.finditer(bytes(tdoc.stops))] if lang == "de" else []
    # where an anonymous-source phrase may match: its occurrences in the lower-cased text (a
    # superset of the per-unit word-bounded matches), or everywhere when lower-casing moved offsets
    low = text.lower()
    if lex.anonymous_any is None:
        anonymous: list[int] = []
    elif len(low) == len(text):
        anonymous = sorted(k for phrase in lex.anonymous for k in _occurrences(low, phrase))
    else:
        anonymous = list(range(len(text)))
    found: list[_Found] = []
    last: tuple[int, int, _Found] | None = None  # (unit index, paragraph, quote with speaker)
    reported, reported_para = -1, -1  # the last unit with reported speech
    for ui, rng in enumerate(units):
        para = bisect.bisect_right(paras, rng.start)
        unit_pairs = pairs[bisect.bisect_left(opens, rng.start) : bisect.bisect_left(opens, rng.end)]
        prev = last[2] if last and ui - last[0] <= continuation_window and last[1] == para else None
        if not unit_pairs:
            # a unit without quotation marks, cue candidates or anonymous sources finds nothing (in
            # German, unless it continues a report or has a trigger word): most sentences are such
            # (the first token the unit can start at: the one at or before its first character)
            k = bisect.bisect_right(tok_starts, rng.start) - 1
            lo = tok_starts[k] if k >= 0 else 0
            if not cue_in(lo, rng.end) and not _any_in(anonymous, rng.start, rng.end) and (lang != "de" or (
                    prev is None and not (reported >= 0 and ui - reported <= continuation_window
                                          and reported_para == para) and not _any_in(triggers, lo, rng.end))):
                continue
        u = _Unit(tdoc, rng, lex, masked, parsed, morph, text, cands, anonymous)
        cues = find_cues(u)
        here: list[_Found] = []
        after_report = reported >= 0 and ui - reported <= continuation_window and reported_para == para
        here += _colon_speech(u, cues, unit_pairs) or _indirect(u, cues, prev, after_report)
        for p in unit_pairs:
            inside = any(f.start <= p.open and p.close < f.end + 1 for f in here if f.kind != "direct")
            if inside and p in full and _colon_before(text, p.open):
                # "…, und sagte: »Sie sind brav.«" — a full quotation introduced by a colon is direct
                # even where a reported clause was read around it: that clause ends at the colon
                colon = text.rindex(":", 0, p.open)
                for f in here:
                    if f.start <= p.open and p.close < f.end + 1:
                        f.end = colon
                here = [f for f in here if f.end - f.start > 3]
                inside = False
            if inside:
                for f in here:
                    if f.start <= p.open and p.close < f.end + 1:
                        f.kind = "mixed"
                continue
            q = _direct(u, p, cues, prev, full_pair=p in full)
            if q is not None:
                here.append(q)
        here.sort(key=lambda f: f.start)
        found += here
        if any(f.kind != "direct" for f in here):
            reported, reported_para = ui, para
        with_speaker = [f for f in here if f.speaker is not None]
        if with_speaker:
            last = (ui, para, with_speaker[-1])
        elif here and any(f.cue is not None for f in here):
            last = None
    if unmarked_dialogue and lang == "de":
        found = _unmarked_dialogue(doc, units, found, lex, masked, parsed, morph, text)
    found += _nested_reports(tdoc, found, full, sents, lex, masked, parsed, morph, text, cands, tok_range, cue_in,
                             anonymous)
    quotes = []
    for f in found:
        s, e = strip_span(text, f.start, f.end, chars=" \t\n,;:-–—" if f.kind == "direct" else " \t\n,;:-–—.")
        if e <= s:
            continue
        sp = f.speaker
        if sp and mentions is None:
            mentions = _mentions(doc)
        eid = resolve_speaker(sp, mentions) if sp else None
        quotes.append(build(
            Quote,
            start=s, end=e, text=text[s:e], kind=f.kind, speaker=eid,
            speaker_text=sp.text if sp else None, speaker_start=sp.start if sp else None,
            speaker_end=sp.end if sp else None, cue=f.cue.text if f.cue else None,
            cue_start=f.cue.start if f.cue else None, cue_end=f.cue.end if f.cue else None,
        ))
    if model is not None and lang == model_lang:
        quotes = _refine(doc, quotes, pairs, lex, model, paras)
    return quotes


def _refine(doc: Doc, quotes: list[Quote], pairs: list[Pair], lex: Lexicon, model: quote_model.QuoteModel,
            paras: list[int]) -> list[Quote]:
    """The rules' quotes corrected by the clause classifier (:mod:`newsgraph.nlp.quote_model`): a
    rule quote most of whose words the model labels as no speech is dropped; runs of speech the
    rules missed are added, without speaker or cue (the model does not attribute)."""
    text = cached_text(doc)
    items = [(q.start, q.end, q.kind) for q in quotes]
    offsets = [(p.open, p.close) for p in pairs]
    nested = None
    if isinstance(model, quote_model.TaggerModel):
        if model.partner is not None:
            seg, seg_ix, feats = quote_model.doc_features(doc, items, offsets, lex.konj_keys, lex.cue_keys)
            partner = quote_model.glue(seg, model.partner.predict(seg_ix, feats, len(seg))) if model.stacked else None
            hints = quote_model.token_hints(doc, items, offsets, lex.konj_keys, lex.cue_keys, partner)
            tok, nested = model.labels(doc, hints, seg, seg_ix, feats)
        else:
            hints = quote_model.token_hints(doc, items, offsets, lex.konj_keys, lex.cue_keys)
            seg = quote_model.segment(quote_model.doc_arrays(doc))
            tok, nested = model.labels(doc, hints)
    else:
        seg, seg_ix, feats = quote_model.doc_features(doc, items, offsets, lex.konj_keys, lex.cue_keys)
        if not len(seg):
            return quotes
        tok = quote_model.glue(seg, model.predict(seg_ix, feats, len(seg)))
    if not len(seg):
        return quotes
    starts, lengths, bound = seg.starts, seg.lengths, seg.is_bound
    n = len(starts)
    covered = np.zeros(n + 1, dtype=bool)
    kept: list[Quote] = []
    for q in quotes:
        a, b = bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)
        content = ~bound[a:b]
        votes = np.bincount(tok[a:b][content], minlength=3)
        if content.any() and 2 * int(votes[0]) > int(content.sum()):
            continue
        kept.append(q)
        covered[max(0, a - 1) : b + 1] = True
    out = list(kept)
    # runs of one label over tokens no kept quote covers
    lab = np.where(covered[:n], 0, tok)
    change = np.flatnonzero(np.diff(np.concatenate([[0], lab, [0]])) != 0)
    para = None
    for i, j in zip(change[:-1].tolist(), change[1:].tolist()):
        kind = int(lab[i])
        if kind == 0 or int((~bound[i:j]).sum()) < 2:
            continue
        if para is None:
            para = np.searchsorted(np.asarray(paras), np.asarray(starts), side="right")
        cuts = (i + 1 + np.flatnonzero(np.diff(para[i:j]))).tolist()  # a run does not cross a paragraph break
        for lo, hi in zip([i] + cuts, cuts + [j]):
            s, e = strip_span(text, starts[lo], starts[hi - 1] + lengths[hi - 1],
                              chars=" \t\n,;:-–—" + "".join(_QUOTE_CHARS) + ("" if kind == 1 else "."))
            if e > s and int((~bound[lo:hi]).sum()) >= 2:
                out.append(build(Quote, start=s, end=e, text=text[s:e], kind=quote_model.LABELS[kind]))
    if nested is not None and nested.any():  # reported speech inside direct quotes, as quotes of their own
        change = np.flatnonzero(np.diff(np.concatenate([[0], nested.astype(np.int64), [0]])) != 0)
        for i, j in zip(change[::2].tolist(), change[1::2].tolist()):
            s, e = strip_span(text, starts[i], starts[j - 1] + lengths[j - 1],
                              chars=" \t\n,;:-–—." + "".join(_QUOTE_CHARS))
            if e > s and int((~bound[i:j]).sum()) >= 2:
                out.append(build(Quote, start=s, end=e, text=text[s:e], kind="indirect"))
    return sorted(out, key=lambda q: q.start)


_FIRST_PERSON = {"ich", "wir", "i", "we"}


def _nested_reports(tdoc: _Tokens, found: list[_Found], full: list[Pair], sents: list[Range], lex: Lexicon,
                    masked: set[int], parsed: bool, morph: bool, text: str, cands: list[int], tok_range,
                    cue_in, anonymous: list[int]) -> list[_Found]:
    """Reported speech inside direct quotations („Putin hat mir gesagt, er wolle Frieden“): the
    reported-speech rules run over each sentence of a full quotation's content, with the quotation
    itself unmasked. A first-person report is the quotation's speaker's ("Ich habe ihm gesagt, …"),
    except a hedge with an infinitive cue ("Ich würde sagen, dass …"): that is the quotation itself."""
    out: list[_Found] = []
    ends = [s.end for s in sents]
    for f in found:
        if f.kind != "direct" or f.end - f.start < 20 or not cue_in(f.start, f.end):
            continue
        p = next((p for p in full if p.content.start <= f.start and f.end <= p.content.end + 1), None)
        if p is None:
            continue
        inner = masked - set(tok_range(p.open, p.close + 1))
        for s in sents[bisect.bisect_right(ends, p.content.start) :]:
            if s.start >= p.content.end:
                break
            lo, hi = max(s.start, p.content.start), min(s.end, p.content.end)
            if hi - lo < 10:
                continue
            r = tok_range(lo, hi)
            here = cands[bisect.bisect_left(cands, r.start) : bisect.bisect_left(cands, r.stop)]
            if not here and lex.lang == "en" and not _any_in(anonymous, lo, hi):
                continue  # no cue can be found here, and English reads no report without one
            u = _Unit(tdoc, Range(lo, hi), lex, inner, parsed, morph, text, here)
            for g in _indirect(u, find_cues(u), None, after_report=False):
                if g.kind != "indirect" or g.start < lo or g.end > hi:
                    continue
                c = g.cue
                if c is not None and c.kind == "verb" and c.i > u.a and tdoc.lows[c.i - 1] == "to":
                    continue  # "an incentive not to report a disease if …": an English to-infinitive
                    # reports nothing (German zu-infinitives can: "bat ihn, ihr zu sagen, dass …")
                if c is not None and c.kind == "verb" and any(
                    tdoc.lows[k] in _FIRST_PERSON for k in range(max(u.a, c.i - 4), min(u.b, c.i + 2))
                ):
                    if c.text.lower() in lex.verb_lemmas:
                        continue  # a hedge in the infinitive ("Ich würde sagen, dass …"), not a report
                    g.speaker = f.speaker  # "Ich habe ihm gesagt, …": the quotation's speaker
                out.append(g)
    return out


def _merge_units(sents: list[Range], pairs: list[Pair]) -> list[Range]:
    out: list[Range] = []
    pairs = sorted(pairs, key=lambda p: p.open)
    opens = [p.open for p in pairs]
    for s in sents:
        lo, hi = (bisect.bisect_left(opens, out[-1].start), bisect.bisect_left(opens, s.start)) if out else (0, 0)
        if out and any(s.start <= p.close for p in pairs[lo:hi]):
            out[-1] = Range(out[-1].start, s.end)
        else:
            out.append(s)
    return out


_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")


def _colon_before(text: str, i: int) -> bool:
    """``text[:i].rstrip().endswith(":")`` without copying the text before ``i``."""
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == ":"


def _count(pattern: re.Pattern, text: str, upto: int) -> int:
    """How many matches of ``pattern`` in ``text``, counted up to ``upto`` (a quotation can be
    long, and the tests only ask whether it has a few words)."""
    return sum(1 for _ in islice(pattern.finditer(text), upto))


def _is_full(text: str, p: Pair, min_tokens: int, lang: str = "de") -> bool:
    content = text[p.content.start : p.content.end]
    # English puts a sentence's period inside the closing mark of any quoted term ("2019-nCoV.")
    sentence_words = 3 if lang == "en" else 2
    # the words counted only as far as the tests below look (a quotation can be long)
    n_words = _count(_WORD, content, max(min_tokens, sentence_words, 1))
    end = content.rstrip()[-1:]
    return n_words >= min_tokens or (n_words >= sentence_words and end in ".!?…") or (
        n_words >= 1 and end in "!?")


def _colon_speech(u: _Unit, cues: list[Cue], unit_pairs: list[Pair]) -> list[_Found]:
    """``Er sagte: Das ist ein Erfolg.`` — direct speech after a cue and a colon, without marks."""
    doc = u.doc
    for c in cues:
        if c.kind != "verb":
            continue
        j = c.i + 1
        while j < u.b and j - c.i <= 4 and doc.words[j] not in ":,.;!?" and j not in u.masked:
            j += 1
        if j >= u.b - 1 or doc.words[j] != ":" or j + 1 in u.masked or doc.words[j + 1] in _QUOTE_CHARS:
            continue
        if not (u.cap(j + 1) or doc.words[j + 1] in _QUOTE_CHARS):
            continue
        start = doc.idx[j + 1]
        if any(start <= p.open < u.rng.end for p in unit_pairs):
            continue
        kind = "indirect" if _konj_at(u, j + 1, u.b, allow_konj2=False) >= 0 else "direct"
        return [_Found(start, u.rng.end, kind, speaker_of(u, c), c)]  # "Er sagte: Die Lage sei ernst."
    return []


def _cue_adjacent(text: str, p: Pair, lex: Lexicon) -> bool:
    """A quote introduced by a colon or followed by a speech verb is a direct quote at any length."""
    if _colon_before(text, p.open):
        # English introduces speech with a comma; after a colon one quoted word is a term
        return lex.lang != "en" or _count(_LETTERS, text[p.content.start : p.content.end], 2) >= 2
    words = re.findall(r"[^\W\d_]+", text[p.close + 1 : p.close + 40])[:3]
    if not re.match(r"[\s,]*[^\W\d_]", text[p.close + 1 : p.close + 40]):
        return False
    if words and words[0].lower() == "so" and lex.lang == "de":
        return True
    span = words[:1] if lex.lang == "de" else words
    if lex.lang == "de" and words and re.search(
        r"\b(?:der|die|das|des|dem|den)\s*$", text[max(0, p.open - 8) : p.open], re.IGNORECASE
    ):
        return False  # a name after its article, subject of the verb: die „Times“ schreibt, die „Linke“ fordert
    return any(w.lower() in lex.verbs or w.lower() in lex.separable for w in span)


def _inherit(prev: _Found | None) -> Speaker | None:
    return prev.speaker if prev is not None else None


def _direct(u: _Unit, p: Pair, cues: list[Cue], prev: _Found | None, full_pair: bool) -> _Found | None:
    doc, lex = u.doc, u.lex
    text = u.text
    span = _char_tokens(doc, p.open, p.close + 1)
    if span is None:
        return None
    qa, qb = span  # tokens of the quote incl. marks
    in_np = qa - 1 >= u.a and doc.lows[qa - 1] in lex.determiners | lex.non_subject_det | _TITLE_BEFORE
    if not in_np:  # a paper's name before its verb: „Times“ schreibt, …
        nxt = re.match(r"[\s,]*([^\W\d_]+)", text[p.close + 1 : p.close + 30])
        in_np = nxt is not None and lex.verbs.get(nxt.group(1).lower()) in _PUBLISHING
    if in_np and doc.lows[qa - 1] in _ARTICLES and _named_after_cue(u, qa, qb, cues):
        return None  # meldet der „Tagesspiegel“, sagte er der „Bild“: the paper is named, not quoted
    if _title_like(text[p.content.start : p.content.end]) and not (
        _colon_before(text, p.open) or text[p.close + 1 : p.close + 3].lstrip()[:1] in (",", "!", "?")
        or _own_sentence(u, p, qa, qb) or (not in_np and _cue_adjacent(text, p, lex))
    ):
        return None  # die „Saarztg.“ schreibt; des „Pester Lloyd“; „Welke Rosen“, Ölbild von …
    # post-posed cue: „…“, sagte er. / "…," he said.
    j = qb
    if j < u.b and doc.words[j] == ",":
        j += 1
    if _sentence_after_quote(u, qb):
        cues = [c for c in cues if c.i < qb]  # the next sentence's cue is not this quotation's
    # die „Nachrichten unter aller Kritik“ behaupten: a name after its article, the verb's subject
    name_subject = qa - 1 >= u.a and doc.lows[qa - 1] in _ARTICLES and any(c.i == qb for c in cues)
    for c in cues:
        if j <= c.i <= j + 3 and c.kind in ("verb", "so") and not any(u.is_punct(k) for k in range(j, c.i)) and not (
            name_subject and c.i == qb
        ):
            lo = u.a  # the sentence the quotation ends (units may hold the one before it)
            for k in range(qa - 1, u.a - 1, -1):
                if doc.words[k] in (".", "!", "?") and k not in u.masked:
                    lo = k + 1
                    break
            lead = [k for k in range(lo, qa) if k not in u.masked and not u.is_punct(k)]
            if len(lead) >= 2 and qa - 1 >= lo and doc.words[qa - 1] not in (":", ",") and not any(
                cc.i < qa for cc in cues
            ) and not any(k in u.masked for k in range(lo, qa)):
                start = u.rng.start if lo == u.a else doc.idx[lo]
                return _Found(start, p.close + 1, "mixed", speaker_of(u, c, postposed=True), c)
            return _Found(p.content.start, p.content.end, "direct", speaker_of(u, c, postposed=True), c)
    # cue before: sagte Trump: „…“ / he said, "…"
    k = qa - 1
    if k >= u.a and doc.words[k] in (":", ","):
        before = [c for c in cues if c.i < k and c.kind != "after" and _clause_start(u, k) <= c.i]
        if before:  # the speech verb over a noun: "X told the press in an interview, "…""
            c = ([c for c in before if c.kind == "verb"] or before)[-1]
            return _Found(p.content.start, p.content.end, "direct", speaker_of(u, c), c)
        if doc.words[k] == ":":
            sp = _np_backward(u, k - 1, _clause_start(u, k))
            if sp is not None and (u.cap(k - 1) or sp.pronoun) and (
                lex.lang != "en" or _EN_HEADLINE_SPEAKER.search(text[max(0, sp.start - 3) : sp.start])
            ):  # "Trump: …" opens its sentence; "… in Wuhan, China: "COVID-19" is …" names a term
                return _Found(p.content.start, p.content.end, "direct", sp, None)
    if full_pair:
        if qa - 1 >= u.a and (doc.words[qa - 1] in lex.scare or doc.lows[qa - 1] in lex.scare):
            return None  # a title or a term: der Film „Im Westen nichts Neues“
        if _title_like(text[p.content.start : p.content.end]) and not (
            (not in_np and _cue_adjacent(text, p, lex)) or _own_sentence(u, p, qa, qb)
        ):
            return None  # „Welke Rosen“, Ölbild von …; die „Saarztg.“ schreibt
        if name_subject:
            return None
        near = [c for c in cues if c.kind in ("verb", "so") and not _inside(u, c.i)]
        if lex.lang == "en" and text[p.content.start : p.content.start + 1].islower():
            # a lower-case term ("named it "severe acute …"") is speech only right beside its verb
            near = [c for c in near if qa - 4 <= c.i < qa or qb <= c.i <= qb + 3]
        if near and len(text[p.content.start : p.content.end]) < 400:
            c = min(near, key=lambda c: min(abs(c.i - qa), abs(c.i - qb)))
            return _Found(p.content.start, p.content.end, "direct", speaker_of(u, c), c)
        content = text[p.content.start : p.content.end]
        if prev is None and (
            (qa - 1 >= u.a and (doc.lows[qa - 1] in lex.determiners | lex.non_subject_det | _TITLE_BEFORE))
            or (_count(_WORD, content, 4) < 4 and content.rstrip()[-1:] not in "!?"
                and not _own_sentence(u, p, qa, qb))
        ):
            return None  # a name or title: des „Journal Amusant“, die „Badener Zeitung“, „Mähr. Tagbl.“
        if prev is None and lex.lang == "en" and content[:1].islower() and not _own_sentence(u, p, qa, qb):
            return None  # named it "severe acute respiratory syndrome coronavirus 2": a term, nobody speaks
        return _Found(p.content.start, p.content.end, "direct", _inherit(prev), None)
    # a short fragment: partial quote only when a cue governs the sentence
    if qa - 1 >= u.a and (doc.words[qa - 1] in lex.scare or doc.lows[qa - 1] in lex.scare):
        return None
    if qa - 2 >= u.a and doc[qa - 2 : qa].text.lower() in lex.scare:
        return None
    verbs = [c for c in cues if c.kind == "verb"]
    if verbs and lex.lang == "en" and _count(_LETTERS, text[p.content.start : p.content.end], 2) < 2:
        return None  # one quoted word in English is a term or a name ("COVID-19"), not a partial quote
    if verbs:
        c = min(verbs, key=lambda c: abs(c.i - qa))
        return _Found(p.content.start, p.content.end, "mixed", speaker_of(u, c), c)
    return None


_EN_HEADLINE_SPEAKER = re.compile(r"(?:^|[.!?\n]\s*|[\"“”]\s*)$")


def _named_after_cue(u: _Unit, qa: int, qb: int, cues: list[Cue]) -> bool:
    """Whether quotation tokens ``qa:qb`` (after an article) are a short capitalised name right after
    a speech verb, or after the verb and a pronoun: "meldet der „Tagesspiegel“", "sagte er der „Bild“"."""
    if qb - qa > 7 or not u.cap(qa + 1):
        return False
    k = qa - 2
    if k > u.a and u.doc.words[k] in u.lex.pronouns:
        k -= 1
    return any(c.kind == "verb" and c.i == k for c in cues)


def _quoted_name(u: _Unit, j: int, start: int) -> Speaker | None:
    """A quoted name from the opening mark at token ``j`` (``der „Tagesspiegel“``), as a speaker
    starting at token ``start``: at most five capitalised words up to the closing mark."""
    doc = u.doc
    if j >= u.b or doc.words[j] not in _QUOTE_CHARS or not u.cap(j + 1):
        return None
    for k in range(j + 2, min(u.b, j + 8)):
        if doc.words[k] in _QUOTE_CHARS:
            return _speaker(u, start, k + 1, k - 1)
        if u.is_punct(k) and doc.words[k] not in (".", "-"):
            return None
    return None


def _own_sentence(u: _Unit, p: Pair, qa: int, qb: int) -> bool:
    """A short quotation that is a sentence of its own: „Nein, keineswegs.“ between other sentences
    (not an abbreviated title such as „Mähr. Tagbl.“)."""
    content = u.text[p.content.start : p.content.end].rstrip()
    last = re.findall(r"[^\W\d_]+", content)[-1:]
    if not content.endswith(".") or not last or (len(last[0]) < 4 and last[0][:1].isupper()):
        return False
    before = u.doc.words[qa - 1] if qa - 1 >= u.a else "."
    after = u.doc.words[qb] if qb < u.b else "."
    return (before in ".!?:" or before in _QUOTE_CHARS or before in _DASHES) and (
        after in _QUOTE_CHARS or after in _DASHES or qb >= u.b)


_ARTICLES = {"der", "die", "das", "des", "dem", "den"}
_AUX_FIRST = {"hatte", "hatten", "hat", "haben", "habe", "hätte", "hätten", "wurde", "wurden", "wird", "war"}
_PUBLISHING = {"schreiben", "berichten", "melden", "veröffentlichen", "zitieren", "twittern", "posten"}

_TITLE_FUNCTION_WORDS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "und", "oder", "von", "vom", "aus",
                         "am", "im", "in", "an", "auf", "zum", "zur", "mit", "bei", "für", "über", "unter", "nach",
                         "gegen", "ohne", "wider", "bis", "als", "wie", "zu", "the", "of", "and", "a", "an", "in",
                         "on", "for", "to", "at", "from", "ec", "u"}


def _title_like(content: str) -> bool:
    """A short capitalised name or title (*Welke Rosen*, *Eingang in den Währinger Friedhof*,
    *Saarztg.*) rather than something said: at most six words, every lower-case one a function word,
    no ! or ?."""
    words = [m.group() for m in islice(_LETTERS.finditer(content), 7)]  # a seventh is enough to say no
    if not words or len(words) > 6 or content.rstrip()[-1:] in "!?," or words[0][:1].islower():
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_FUNCTION_WORDS for w in words) and not any(
        w in _DEIXIS or w in ("Ich", "Wir", "Du") for w in words)


def _inside(u: _Unit, i: int) -> bool:
    return i in u.masked


_SPLIT_COORD = {
    "de": re.compile(r"(?:\s[-–]\s*|,\s*|\s)(?:und|sowie|oder)\s+(?=(?:dass|daß)\b)"),
    "en": re.compile(r"(?:,\s*|\s)(?:and|or)\s+(?=that\b)"),
}


def _statement(u: _Unit, s_tok: int, e_char: int, speaker: Speaker | None, cue: Cue | None,
               drop_comp: bool = True) -> list[_Found]:
    """One or more reported statements from token ``s_tok`` to ``e_char`` (split at "und dass")."""
    doc, lex = u.doc, u.lex
    if s_tok >= u.b:
        return []
    s = doc.idx[s_tok]
    if drop_comp and doc.words[s_tok] in lex.complementizers and doc.words[s_tok] not in ("ob", "whether", "if"):
        s = doc.idx[s_tok + 1] if s_tok + 1 < u.b else s
    pieces = []
    more: list[_Found] = []
    stop = re.search(r"\s*;|\s[–—-]\s(?!\s*(?:und|sowie|oder|and)\s+(?:dass|daß|that)\b)", u.text[s:e_char])
    if stop:
        if lex.lang == "de" and u.text[s + stop.end() - 1] == ";":
            # "…, er sei einverstanden; für die zweite Strecke sei das nicht nötig": a Konjunktiv-I
            # main clause after the semicolon continues the report
            rest = _char_tokens(doc, s + stop.end(), e_char)
            k = rest[0] if rest is not None and rest[1] > rest[0] else u.b
            if k < u.b and not u.is_punct(k) and _konj_at(u, k, _clause_end(u, k), allow_konj2=False,
                                                          main_only=True) >= 0:
                more = _statement(u, k, e_char, speaker, cue, drop_comp=False)
        e_char = s + stop.start()
    if lex.lang == "de":
        e_char = _mood_end(u, s_tok, e_char)
    seg = u.text[s:e_char]
    pat = _SPLIT_COORD.get(lex.lang)
    cuts = [(m.start(), m.end()) for m in pat.finditer(seg)] if pat else []
    pos = 0
    for cs, ce in cuts:
        pieces.append((s + pos, s + cs))
        pos = ce
        comp = re.match(r"(dass|daß|that)\s+", seg[pos:])
        if comp:
            pos += comp.end()
    pieces.append((s + pos, e_char))
    return [_Found(a, b, "indirect", speaker, cue) for a, b in pieces if b - a > 3] + more


def _mood_end(u: _Unit, s_tok: int, e_char: int) -> int:
    """Where a report in Konjunktiv ends before a coordinated main clause in the indicative: "…, dass
    Herr Tewes zum Abendbrot bleibe, und Herr Tewes blieb gern" (the narrator's words again)."""
    doc = u.doc
    end = s_tok
    while end < u.b and doc.idx[end] < e_char:
        end += 1
    j = _konj_at(u, s_tok, end, allow_konj2=False)
    if j < 0:
        return e_char
    k = _clause_end(u, j)
    while k + 2 < u.b and doc.idx[k] < e_char:
        nxt = doc[k + 2]
        if doc.words[k] == "," and doc.lows[k + 1] in ("und", "aber", "doch", "sondern") and (
            u.cap(k + 2) or nxt.lower_ in _V2_SUBJECTS or _finite_3sg(u, k + 2)  # "…, und verweigert …"
        ) and nxt.lower_ not in u.lex.complementizers:
            ce = _clause_end(u, k + 2)
            if _konj_at(u, k + 2, ce + 1, allow_konj2=True) < 0:
                return doc.idx[k]
        k += 1
    return e_char


_NOT_VERBS_T = {"nicht", "jetzt", "erst", "sonst", "meist", "zuletzt", "selbst", "fast", "bereits", "längst",
               "zunächst", "zumindest", "recht", "nichts", "weit", "seit", "mit", "bist", "bald", "oft", "gut", "damit",
               "somit", "weiterhin", "trotzdem", "zudem", "stets", "bisweilen", "mindestens", "höchst", "ganz", "bereit"}


def _finite_3sg(u: _Unit, i: int) -> bool:
    """A lower-case word that looks like an indicative 3rd-person verb (``verweigert``)."""
    w = u.doc.words[i]
    return (w.islower() and w.isalpha() and len(w) > 3 and w.endswith("t") and w not in _NOT_VERBS_T
            and w not in u.lex.konj2)


def _unit_end(u: _Unit) -> int:
    return u.rng.end


def _indirect(u: _Unit, cues: list[Cue], prev: _Found | None, after_report: bool = True) -> list[_Found]:
    doc, lex = u.doc, u.lex
    out: list[_Found] = []
    used_until = -1
    if lex.lang == "de":
        out = _inserted_cue(u, cues)
        if out:
            return out
    for c in cues:
        if c.i < used_until:
            continue
        if _cue_of_direct(u, c):
            continue
        if c.kind == "verb":
            cs, ce = _clause_start(u, c.i), _clause_end(u, c.i)
            if doc.lows[cs] in ("wie", "as") and ce + 1 < u.b and doc.words[ce] == "," and ce + 1 not in u.masked:
                # "Wie ein Sprecher sagte, wurden drei Menschen getötet."
                sp = speaker_of(u, c)
                if cs > u.a:
                    if not _inserted_source(u, cs, ce, c):
                        continue  # "hörte, wie er sprach", "die Preise sind, wie gesagt, gestiegen"
                    # "Die Lage sei, wie der Minister sagte, ernst.": the words before the insertion too
                    out.append(_Found(u.rng.start, doc.idx[cs - 1], "indirect", sp, c))
                out += _statement(u, ce + 1, _unit_end(u), sp, c, drop_comp=False)
                used_until = u.b
                break
        if c.kind == "phrase":
            k = c.i + 1
            sp = None
            if k < u.b and doc.lows[k] in ("des", "der", "von", "vom", "eines", "einer", "of"):
                sp = _np_forward_any(u, k + 1)
            end_tok = before_start_tok(u, sp) + _n_tokens(doc, sp) \
                if sp is not None else k
            if sp is None and lex.lang == "de" and k < u.b and doc.lows[k] in ("des", "der", "eines", "einer"):
                m = k + 1  # "nach Angaben des eingangs erwähnten Kenners": the source ends at its noun
                while m < min(u.b, k + 6) and not u.cap(m) and not u.is_punct(m):
                    m += 1
                if m < u.b and u.cap(m):
                    end_tok, sp = m + 1, _speaker(u, k + 1, m + 1, m)
            elif sp is None and lex.lang == "de" and k < u.b and doc.words[k].islower() and doc.words[k].endswith("er"):
                end_tok = k + 1  # a genitive pronoun source: "nach Meinung vieler"
            lead = next((k for k in range(c.i - 1, max(u.a, c.i - 4) - 1, -1) if doc.lows[k] in ("nach", "laut")),
                        c.i - 2)
            if lead == u.a:
                end_tok += 1 if end_tok < u.b and doc.words[end_tok] == "," else 0
                out += _statement(u, end_tok, _unit_end(u), sp, c, drop_comp=False)
            elif lead > u.a and doc.words[lead - 1] == ",":
                out += [_Found(u.rng.start, doc.idx[lead - 1], "indirect", sp, c)]
            else:
                out += [_Found(u.rng.start, _unit_end(u), "indirect", sp, c)]
            used_until = u.b
            break
        if c.kind in ("verb", "noun"):
            # cue … , dass/ob/Konjunktiv clause
            j = c.i + 1
            limit = min(u.b, c.i + 11)
            stop = u.doc.stops
            while j < limit and not stop[j] & 4 and j not in u.masked:
                if doc.lows[j] in lex.complementizers and (lex.lang == "en" or doc.lows[j] != "ob"):
                    break  # (German: "verlangte er dass …", the comma left out)
                j += 1
            if j >= limit or j in u.masked or doc.words[j] in ".!?;":
                if lex.lang == "en" and c.kind == "verb":
                    found = _english_bare_clause(u, c)
                    if found:
                        out += found
                        used_until = u.b
                elif lex.lang == "de" and c.kind == "verb" and j < u.b and doc.words[j] in ".!?;":
                    found = _bare_zu_infinitive(u, c, j)
                    if found:
                        out += found
                        used_until = u.b
                continue
            nxt = j + 1 if doc.words[j] in (",", ":") else j
            if nxt >= u.b or nxt in u.masked:
                continue
            w = doc.words[nxt]
            end = _unit_end(u)
            cs2 = _next_report(u, cues, nxt) if lex.lang == "de" else -1
            if cs2 > 0:  # "…, dass X, betonte aber, dass Y": the first report ends before the second cue
                end = doc.idx[cs2 - 1]
            if w in lex.complementizers or (w in lex.wh_words and (c.text.lower() in lex.verbs and
                                            lex.verbs[c.text.lower()] in lex.wh_cues)):
                if c.kind == "noun" and w not in lex.complementizers:
                    continue
                if w in ("dass", "daß") and any(doc.lows[x] in _CONSECUTIVE for x in range(c.i + 1, j)):
                    continue  # "spricht so mächtig aus jedem Satz, dass …": a clause of result
                out += _statement(u, nxt, end, speaker_of(u, c), c)
                used_until = cs2 if cs2 > 0 else u.b
            elif lex.lang == "de" and _konj(u, nxt, _clause_end(u, nxt) + 1, allow_konj2=c.kind == "verb"):
                out += _statement(u, nxt, end, speaker_of(u, c), c)
                used_until = cs2 if cs2 > 0 else u.b
            elif lex.lang == "de" and _zu_infinitive(u, nxt):
                # "kündigte an, die Sanktionen zu verschärfen": a reported intention or demand
                ce = _clause_end(u, nxt)
                out += _statement(u, nxt, doc.idx[ce - 1] + len(doc.words[ce - 1]), speaker_of(u, c), c,
                                  drop_comp=False)
                used_until = cs2 if cs2 > 0 else u.b
            elif lex.lang == "de" and c.kind == "verb" and j - c.i <= 3 and doc.words[j] == "," and (
                _is_cue_verb(u, c.i) in lex.v2_cues and _v2_clause(u, nxt)
                and u.doc.lows[_clause_start(u, c.i)] not in lex.subordinators | lex.wh_words | _SUBORD_EXTRA
            ):
                # "Ich glaube, die Worte verderben die Musik": a main clause as the complement
                out += _statement(u, nxt, end, speaker_of(u, c), c, drop_comp=False)
                used_until = cs2 if cs2 > 0 else u.b
            elif lex.lang == "de":
                # "Karl fragte, etwas unsicher über den Erfolg seiner Bitte, ob er …": the clause
                # after an inserted phrase
                k = nxt
                words = u.doc.words
                while k < min(u.b - 1, c.i + 18) and k not in u.masked and words[k] not in ".!?;:":
                    if words[k] == "," and words[k + 1] in lex.complementizers and k + 1 not in u.masked:
                        out += _statement(u, k + 1, end, speaker_of(u, c), c)
                        used_until = cs2 if cs2 > 0 else u.b
                        break
                    k += 1
        elif c.kind in ("before",):
            sp = speaker_of(u, c)
            if sp is None:
                continue
            sp_end_tok = before_start_tok(u, sp) + _n_tokens(doc, sp)
            s_tok = sp_end_tok + (1 if sp_end_tok < u.b and doc.words[sp_end_tok] == "," else 0)
            if lex.lang == "en" and c.i == u.a and s_tok == sp_end_tok:
                # "According to the UN's Food and Agriculture Organization's chief officer, it was …":
                # the source phrase runs on to its comma
                k = sp_end_tok
                while k < min(u.b - 1, sp_end_tok + 12) and k not in u.masked and doc.words[k] not in ",.;:!?":
                    k += 1
                if doc.words[k] == "," and k not in u.masked:
                    s_tok = k + 1
            if lex.lang == "en" and c.i == u.a and s_tok < u.b and doc.words[s_tok] in _QUOTE_CHARS:
                continue  # "According to X, "…"": a direct quotation, which the direct rules read
            if c.i == u.a or (c.i > u.a and doc.words[c.i - 1] == ","):
                if c.i == u.a:
                    out += _statement(u, s_tok, _unit_end(u), sp, c, drop_comp=False)
                else:
                    out += [_Found(u.rng.start, doc.idx[c.i - 1], "indirect", sp, c)]
            else:
                out += [_Found(u.rng.start, _unit_end(u), "indirect", sp, c)]
            used_until = u.b
        elif c.kind == "after":
            hearsay = c.text.startswith("Vernehmen")  # dem Vernehmen nach: no source named
            sp = None if hearsay else speaker_of(u, c)
            if hearsay and c.i + 1 < u.b and c.i - 2 == u.a:
                out += _statement(u, c.i + 1, _unit_end(u), None, c, drop_comp=False)
            elif hearsay:
                out += [_Found(u.rng.start, _unit_end(u), "indirect", None, c)]
            elif c.i + 1 < u.b and _clause_start(u, c.i) == u.a and (
                sp is None or before_start_tok(u, sp) <= u.a + 1
            ):
                out += _statement(u, c.i + 1, _unit_end(u), sp, c, drop_comp=False)
            else:
                out += [_Found(u.rng.start, _unit_end(u), "indirect", sp, c)]
            used_until = u.b
        if out and used_until >= u.b:
            break
    if out:
        for f, g in zip(out, out[1:]):  # "Sie gestand, dass …, behauptete aber, dass …": one subject
            if g.speaker is None and g.cue is not None and f.cue is not None and f.end <= g.cue.start:
                g.speaker = f.speaker
        return out
    # post-posed: "<clause>, sagte Uschakow." / "<clause>, he said." / "…, hieß es."
    for c in reversed(cues):
        if c.kind not in ("verb", "so", "anonymous"):
            continue
        cs = _clause_start(u, c.i)
        if cs <= u.a + 2 or doc.words[cs - 1] != "," or cs - 1 in u.masked:
            continue
        if lex.lang == "de" and (c.i - cs > 1 and not (doc.lows[cs] in _AUX_FIRST and _clause_end(u, c.i) == c.i + 1)
                                 or doc.lows[cs] in lex.clause_conj):
            continue  # "…, sagte er." / "…, so Trump." — not a relative clause ending in a verb, nor "…, und bot"
        if doc.lows[cs] in lex.subordinators | _SUBORD_EXTRA and c.i != cs:
            continue
        ce = _clause_end(u, c.i)
        if ce < u.b and (doc.words[ce] not in ".!?" or any(not u.is_punct(k) for k in range(ce, u.b))) and not (
            lex.lang == "de" and _apposition_to_end(u, ce)
        ):
            continue
        if ce - cs > 8 and not (lex.lang == "de" and c.i == cs and ce - cs <= 16
                                and _konj_at(u, u.a, cs - 1, allow_konj2=False) >= 0):
            continue  # (a long source after a Konjunktiv report: "…, verlautete am Donnerstag aus Kreisen der …")
        body = range(u.a, cs - 1)
        if sum(1 for k in body if k in u.masked) > len(body) / 2 or cs - 2 in u.masked:
            continue  # (»…«, sagte er: the cue of the quotation before the comma)
        lo = next((k + 1 for k in range(cs - 2, u.a - 1, -1) if k in u.masked), u.a)
        while lo < cs - 1 and u.is_punct(lo):
            lo += 1
        if lo > u.a:  # a quotation earlier in the unit: what the cue reports starts after it
            if cs - 1 - lo < 2:
                continue
            body = range(lo, cs - 1)
        if lex.lang == "de" and _takes_object(u, c, ce):
            continue  # "…, so schilderte er ihnen seine Erlebnisse": the cue has an object of its own
        kind = "indirect"
        if lex.lang == "de" and _konj_at(u, u.a, cs - 1, allow_konj2=True) < 0 and any(
            doc.lows[k] in _DEIXIS or (doc.words[k] in _POLITE and k > u.a) for k in body
        ):
            kind = "direct"  # "Wir schaffen das, sagte Merkel.": unmarked direct speech, not a report
        return [_Found(doc.idx[body.start] if body.start > u.a else u.rng.start, doc.idx[cs - 1], kind,
                       speaker_of(u, c, postposed=True), c)]
    # Konjunktiv I that continues an earlier report (only after one: alone it is mostly an optative
    # or an instruction, "Möge das Volk …", "so lasse man ihn liegen")
    if lex.lang == "de" and (prev is not None or after_report) and not any(c.kind == "verb" for c in cues):
        j = _konj_at(u, u.a, u.b, allow_konj2=False, main_only=True)
        if j >= 0:
            cs = _clause_start(u, j)
            start = u.rng.start if cs == u.a or cs in u.masked else doc.idx[cs]
            return [_Found(start, _unit_end(u), "indirect", _inherit(prev), None)]
    if lex.lang == "de":
        # a dass-clause after any verb or noun is read as reported when its verb is in Konjunktiv I,
        # the mood of reported speech ("Die Kunde verbreitete sich, dass der Maler gesiegt habe"); with
        # thought cues (the Redewiedergabe notion) in any mood (about half are, measured on DEV); never
        # a consecutive one (so …, dass)
        words, lows = u.doc.words, u.doc.lows
        for k in range(u.a + 2, u.b - 2):
            w = lows[k]
            if w in _DASS_OB and words[k - 1] == "," and k not in u.masked:
                before = {lows[x] for x in range(_clause_start(u, k - 1), k)}
                if before & {"so", "derart", "dermaßen", "solche", "solchen", "solcher", "solches", "zu", "genug"}:
                    continue
                if (lex.thought and w != "ob") or _konj_at(u, k + 1, _clause_end(u, k + 1) + 1, allow_konj2=False) >= 0:
                    return _statement(u, k, _unit_end(u), None, None)
        for k in range(u.a + 2, u.b - 3):
            # "…, der König solle sich mit Hessen verbünden": a main clause with its finite verb in
            # Konjunktiv I right after a comma
            if words[k] != "," or k + 1 in u.masked:
                continue
            w1 = lows[k + 1]
            if w1 in ("er", "sie", "es", "man", "wir") or (u.cap(k + 1) and w1 not in lex.determiners
                                                           and w1 not in _SUBORD_EXTRA):
                v = k + 2
            elif w1 in lex.determiners and u.cap(k + 2):
                v = k + 3
            else:
                continue
            first = doc[_clause_start(u, k - 1)]
            if v < u.b and words[v] in lex.konj1 and not _excluded(u, v) and _clause_end(u, v) - k >= 4 and not (
                first.lower_ in lex.subordinators | _SUBORD_EXTRA and not (first.i == u.a and first.lower_ in
                                                                          lex.determiners)
            ):
                return _statement(u, k + 1, _unit_end(u), None, None, drop_comp=False)
    return []


_WIE_SUBJECTS = {"er", "sie", "es", "wir", "man", "ich", "uns", "mir", "ihm", "ihr", "ihnen", "der", "die", "das",
                 "ein", "eine", "einer", "dem", "den", "des"}


_OBJECT_DET = {"seine", "ihre", "unsere", "eure", "das"}


def _takes_object(u: _Unit, c: Cue, ce: int) -> bool:
    """Whether a postposed cue verb has an accusative-looking noun phrase of its own after it
    (possessive or *das* + noun): then the clause before it is not what was said."""
    doc = u.doc
    return any(doc.words[k] in _OBJECT_DET and doc.lows[k - 1] not in u.lex.prepositions
               and any(u.cap(m) for m in range(k + 1, min(k + 4, ce))) for k in range(c.i + 2, ce - 1))


def _inserted_source(u: _Unit, cs: int, ce: int, c: Cue) -> bool:
    """Whether ``, wie <source> <cue>,`` at tokens ``cs``…``ce`` is a source inserted into a main
    clause that starts the unit: a subject after *wie* (not "wie gesagt", "wie hart"), the cue at the
    end of the insertion, and no other clause or quotation before it."""
    doc = u.doc
    if cs - 1 <= u.a + 1 or doc.words[cs - 1] != "," or _clause_start(u, cs - 2) != u.a:
        return False
    if any(k in u.masked for k in range(u.a, ce)) or ce - c.i > 2 or c.i <= cs + 1:
        return False
    return u.cap(cs + 1) or doc.lows[cs + 1] in _WIE_SUBJECTS


def _inserted_cue(u: _Unit, cues: list[Cue]) -> list[_Found]:
    """"Die Lage, sagte der Minister, sei ernst.": a cue clause inserted between commas into a
    Konjunktiv clause that starts the unit; the words before and after it are the report."""
    doc = u.doc
    for c in cues:
        cs = _clause_start(u, c.i)
        aux = cs < c.i and doc.lows[cs] in _AUX_FIRST and _clause_end(u, c.i) == c.i + 1  # ", hatte er gesagt,"
        if c.kind != "verb" or cs - 2 <= u.a or doc.words[cs - 1] != "," or (cs != c.i and not aux):
            continue
        ce = _clause_end(u, c.i)
        if ce + 1 >= u.b or doc.words[ce] != "," or ce - cs > 6 or _clause_start(u, cs - 2) != u.a:
            continue
        first = doc.lows[u.a]
        if any(k in u.masked for k in range(u.a, u.b)) or (
            first in u.lex.subordinators | _SUBORD_EXTRA and first not in u.lex.determiners
        ):
            continue
        if doc.lows[ce + 1] in u.lex.complementizers | u.lex.subordinators | _SUBORD_EXTRA or _konj_at(
            u, ce + 1, _clause_end(u, ce + 1) + 1, allow_konj2=True
        ) < 0:
            continue  # the cue's own complement (", sagte er, dass …") or an apposition (", sagt X, der Y.")
        sp = speaker_of(u, c, postposed=True)
        return [_Found(u.rng.start, doc.idx[cs - 1], "indirect", sp, c)] + _statement(
            u, ce + 1, _unit_end(u), sp, c, drop_comp=False)
    return []


def _next_report(u: _Unit, cues: list[Cue], nxt: int) -> int:
    """The first token of a later clause in the unit that opens a report of its own ("…, dass sie das
    Kind geworfen habe, behauptete aber, dass es schon tot gewesen sei"), or -1."""
    doc, lex = u.doc, u.lex
    for c2 in cues:
        if c2.kind != "verb" or c2.i <= nxt + 2 or c2.i in u.masked:
            continue
        cs2 = _clause_start(u, c2.i)
        if cs2 <= nxt + 1 or doc.words[cs2 - 1] != "," or c2.i - cs2 > 4:
            continue
        if doc.lows[cs2] in lex.subordinators | _SUBORD_EXTRA | lex.wh_words | lex.complementizers:
            continue  # "…, die er sagte, …": not a report of its own
        j2 = _clause_end(u, c2.i)
        if j2 + 1 >= u.b or doc.words[j2] != "," or j2 - c2.i > 4 or j2 + 1 in u.masked:
            continue
        if doc.words[j2 + 1] in lex.complementizers or _konj_at(u, j2 + 1, _clause_end(u, j2 + 1) + 1,
                                                                allow_konj2=True) >= 0:
            return cs2
    return -1


def _v2_clause(u: _Unit, j: int) -> bool:
    """Whether a main clause of at least three words starts at token ``j`` (not a subordinate
    clause, a conjunction or a wh-question)."""
    lex = u.lex
    w = u.doc.lows[j]
    article = w in lex.determiners and u.cap(j + 1)  # "die Worte …", not the relative "die …"
    if (w in lex.subordinators and not article) or w in _SUBORD_EXTRA or w in lex.clause_conj or (
        w in lex.complementizers) or (
        w in lex.wh_words or w in lex.prepositions or w in ("so", "wie", "nur", "ohne", "um", "statt", "anstatt")
    ) or u.is_punct(j):
        return False
    subject_like = u.cap(j) or w in _V2_SUBJECTS or w in lex.determiners
    return subject_like and _clause_end(u, j) - j >= 3


_CONSECUTIVE = {"so", "derart", "dermaßen", "solche", "solchen", "solcher", "solches", "genug"}

_V2_SUBJECTS = {"ich", "du", "er", "sie", "es", "wir", "ihr", "man", "der", "die", "das", "ein", "eine", "kein",
                "keine", "dies", "dieser", "diese", "mein", "meine", "sein", "seine", "alles", "nichts", "niemand"}


_ZU_INF = re.compile(r"[a-zäöüß]+zu[a-zäöüß]+(?:en|ern|eln|n)")


_COMMISSIVES = {"versprechen", "ankündigen", "fordern", "auffordern", "bitten", "drohen", "zusichern", "anbieten",
                "vorschlagen", "empfehlen", "raten", "befehlen", "verlangen", "zusagen", "ersuchen", "mahnen",
                "verbieten", "erlauben", "gestatten", "beantragen", "abstreiten", "bestreiten", "leugnen"}


def _bare_zu_infinitive(u: _Unit, c: Cue, end: int) -> list[_Found]:
    """"Der Minister versprach die Steuern zu senken": a promise or demand whose zu-infinitive
    follows without the (optional) comma, up to the end of the clause at token ``end``."""
    doc = u.doc
    lemma = _is_cue_verb(u, c.i)
    if lemma not in _COMMISSIVES or end - c.i < 3 or doc.words[end - 2] != "zu" or not doc.words[end - 1].islower():
        return []
    s_tok = c.i + 1
    sp = speaker_of(u, c)
    if sp is not None and sp.start > c.start:  # "versprach der Bürgermeister eine Tafel anbringen zu lassen"
        span = _char_tokens(doc, sp.start, sp.end)
        s_tok = span[1] if span is not None else s_tok
    for lem, particle in u.lex.separable.get(doc.lows[c.i], []):
        k = next((k for k in range(s_tok, end - 2) if doc.lows[k] == particle), -1)
        if k >= 0 and lem in _COMMISSIVES:  # "forderte die Arbeitgeber auf die Löhne zu erhöhen"
            s_tok = k + 1
    while s_tok < end and doc.lows[s_tok] in ("ihm", "ihr", "ihnen", "uns", "mir", "dir", "euch", "sie", "ihn",
                                               "es", "sich", "auch", "zudem", "außerdem", "erneut", "dann"):
        s_tok += 1
    if end - s_tok < 2 or any(k in u.masked for k in range(s_tok, end)):
        return []
    return _statement(u, s_tok, doc.idx[end - 1] + len(doc.words[end - 1]), sp, c, drop_comp=False)


def _zu_infinitive(u: _Unit, j: int) -> bool:
    """Whether the clause from token ``j`` ends in a zu-infinitive (``… zu verschärfen``)."""
    ce = _clause_end(u, j)
    if ce - j < 2 or ce - 1 in u.masked:
        return False
    last, before = u.doc.words[ce - 1], u.doc.words[ce - 2]
    if before == "zu" and last.islower() and last.endswith("n"):
        return True
    return bool(_ZU_INF.fullmatch(last)) and any(last.startswith(p + "zu") for p in _SEP_PREFIXES)


_SEP_PREFIXES = {"ab", "an", "auf", "aus", "bei", "ein", "fest", "fort", "her", "herein", "hin", "hinzu", "los", "mit",
                 "nach", "vor", "weg", "weiter", "zurück", "zusammen", "dar", "durch", "um", "über", "vorbei",
                 "wieder", "frei", "statt", "teil", "stand", "fern", "bereit", "kennen", "offen", "inne", "hinaus",
                 "heraus", "hinauf", "herab", "herbei", "voran", "voraus", "entgegen", "nieder", "hervor",
                 "auseinander", "fest", "dar", "gegenüber", "herunter", "hinunter"}


def _apposition_to_end(u: _Unit, k: int) -> bool:
    """Whether the unit ends with ``, <article> … <Noun>.`` from the comma at token ``k``: an apposition
    to a post-posed speaker ("…, sagt der Gouverneur, der frühere Präsident Georgiens."), not a
    relative clause, which ends in its verb."""
    doc = u.doc
    end = u.b
    while end > k and u.is_punct(end - 1):
        end -= 1
    if doc.words[k] != "," or not 2 <= end - (k + 1) <= 8 or doc.lows[k + 1] not in _ARTICLES | {"ein", "eine"}:
        return False
    return u.cap(end - 1) and not any(u.is_punct(x) or x in u.masked for x in range(k + 1, end))


def _cue_of_direct(u: _Unit, c: Cue) -> bool:
    """Whether the cue belongs to a direct quote just before it (``"…," Trump told Fox News``)."""
    j = c.i - 1
    while j >= u.a and j > c.i - 5 and j not in u.masked:
        if u.doc.words[j] in ".;!?":
            return False
        j -= 1
    if j < u.a or j not in u.masked or c.i - j > 4 or _sentence_after_quote(u, j + 1):
        return False
    m = j
    while m > u.a and m - 1 in u.masked:
        m -= 1
    return not (m > u.a and u.doc.lows[m - 1] in _ARTICLES and c.i == j + 1)  # die „Linke“ fordert, …


def _sentence_after_quote(u: _Unit, k: int) -> bool:
    """Whether token ``k``, right after a closing quotation mark, starts a new German sentence:
    the quotation ends in . ! ? and ``k`` is capitalised (»Wir kommen.« Der Mann versprach …), where a
    post-posed cue would follow in lower case or after a comma (»Wir kommen«, versprach er)."""
    if u.lex.lang != "de" or k >= u.b or k - 2 < u.a or not u.cap(k):
        return False
    words = u.doc.words
    return words[k - 1] in _QUOTE_CHARS and words[k - 2] in (".", "!", "?", "…", "?!", "!?")


def _english_bare_clause(u: _Unit, c: Cue) -> list[_Found]:
    """English "X said the talks had failed" (no *that*): a clause right after the cue verb."""
    doc, lex = u.doc, u.lex
    j = c.i + 1
    if doc.lows[c.i] in ("told", "tells", "tell"):
        k = j
        while k < u.b and k - j < 3 and doc.words[k].isalpha() and doc.lows[k] not in lex.complementizers:
            k += 1
        j = k
    if j < u.b and doc.lows[j] in lex.complementizers:
        return _statement(u, j, _unit_end(u), speaker_of(u, c), c)
    if doc.lows[c.i] in ("told", "tells", "tell"):
        return []
    if j < u.b and (doc.lows[j] in lex.clause_starters or u.cap(j)) and u.b - j >= 4:
        sp = speaker_of(u, c)
        if sp is not None and sp.end <= c.start:
            return _statement(u, j, _unit_end(u), sp, c, drop_comp=False)
    return []


@Language.factory(
    spacy_factory("newsgraph.quotes.v1"),
    default_config={"min_direct_tokens": 4, "continuation_window": 2, "max_quote_chars": 3000,
                    "include_thought": False, "unmarked_dialogue": False, "model": "none"},
    assigns=["doc._.quotes"],
    requires=["doc._.entities"],
)
def make_quotes(nlp: Language, name: str, min_direct_tokens: int, continuation_window: int,
                max_quote_chars: int, include_thought: bool, unmarked_dialogue: bool, model: str) -> "QuoteTagger":
    return QuoteTagger(nlp.lang, min_direct_tokens, continuation_window, max_quote_chars, include_thought,
                       unmarked_dialogue, model)


class QuoteTagger(BatchedPipe):
    """spaCy component: fills ``doc._.quotes`` with :class:`~newsgraph.schema.Quote` objects."""

    def __init__(self, lang: str, min_direct_tokens: int = 4, continuation_window: int = 2,
                 max_quote_chars: int = 3000, include_thought: bool = False,
                 unmarked_dialogue: bool = False, model: str = "none") -> None:
        self.lang = lang
        self.cfg = {"min_direct_tokens": min_direct_tokens, "continuation_window": continuation_window,
                    "max_quote_chars": max_quote_chars, "include_thought": include_thought,
                    "unmarked_dialogue": unmarked_dialogue}
        load_lexicon(lang, include_thought)
        if model not in ("", "none"):  # the model is German: other languages keep the rules
            if model not in quote_model.MODEL_NAMES:
                raise InvalidOptionError(f"quotes: unknown model {model!r}; choose one of "
                                f"{', '.join(('none',) + quote_model.MODEL_NAMES)}")
            load = quote_model.load_tagger if model in quote_model.TAGGER_NAMES else quote_model.load_model
            loaded = load(model, "de") if lang == "de" else None
            if loaded is None and lang == "de":
                warnings.warn(f"quotes: model {model!r} is not installed "
                              f"({quote_model.resource_path(model, 'de')}); using the rules alone", stacklevel=2)
            elif loaded is not None:  # it reads the rules it was trained on (the corpus counts thought as speech)
                self.cfg |= {"model": loaded, "model_lang": "de", "include_thought": loaded.include_thought}
                load_lexicon(lang, loaded.include_thought)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, self.lang, **self.cfg)
        return doc


# --------------------------------------------------------------------------- unmarked dialogue

#: words of the speech situation (1st and 2nd person): direct speech without quotation marks shows
#: itself by them; narration in the 3rd person has none
_DEIXIS = {"ich", "mich", "mir", "mein", "meine", "meinen", "meinem", "meiner", "meines", "du", "dich", "dir", "dein",
           "deine", "deinen", "deinem", "deiner", "wir", "uns", "unser", "unsere", "unseren", "unserem", "unserer",
           "euch", "euer", "eure", "euren", "eurem", "eurer"}
_POLITE = {"Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Euch", "Eure", "Euer", "Euren"}
_DASHES = {"–", "—", "--"}  # a turn of dialogue may start with one


def _speechlike(u: _Unit) -> bool:
    doc = u.doc
    if u.b - u.a < 1:
        return False
    last = {doc.words[k] for k in range(max(u.a, u.b - 3), u.b)}
    if last & {"!", "?"} or doc.words[u.a] in _DASHES:
        return True
    for k in range(u.a, u.b):
        w = doc.words[k]
        if w.lower() in _DEIXIS and w not in ("Ihr",) or (w in _POLITE and k > u.a and not u.is_punct(k - 1)):
            return True
    return False


def _cue_unit(u: _Unit) -> Cue | None:
    """A short unit that starts with a lower-case speech verb (``fragte der Sekretär.``): the
    unit(s) before it are what was said."""
    doc = u.doc
    k = u.a + (1 if doc.words[u.a] in _DASHES | {","} else 0)
    if k >= u.b or u.b - k > 14 or not doc.words[k].islower() or not _is_cue_verb(u, k):
        return None
    t = doc[k]
    return Cue(k, "verb", t.idx, t.idx + len(t.text), t.text)


def _has_konj(u: _Unit, lo: int, hi: int) -> bool:
    return _konj_at(u, lo, hi, allow_konj2=False) >= 0


def _unmarked_dialogue(doc: Doc, units: list[Range], found: list[_Found], lex: Lexicon, masked: set[int],
                       parsed: bool, morph: bool, text: str) -> list[_Found]:
    """Direct speech without quotation marks, the convention of much fiction before 1900:
    ``Ihr bringt den Fremden? fragte der Sekretär.``, ``Da habt ihr sie, sagte Girret, er hat sie
    freigegeben.``, ``sagt: Guten Tag, Herr Magister. Bin ich Magister?`` and turns opened by a dash.
    Speech is told from narration by its deixis (ich/du/wir/Sie), ! and ?; an indicative clause
    before a post-posed cue becomes direct (a Konjunktiv one stays indirect). Off by default: news
    marks its quotations."""
    tdoc = _Tokens(doc, lex)
    cands = cue_candidates(tdoc)
    us = [_Unit(tdoc, r, lex, masked, parsed, morph, text, cands) for r in units]
    covered = [False] * len(us)
    starts = [u.rng.start for u in us]
    out: list[_Found] = []
    for f in found:
        k = bisect.bisect_right(starts, f.start) - 1
        if 0 <= k < len(us):
            covered[k] = True
        if f.kind == "indirect" and f.cue is not None and f.cue.start >= f.end:
            u = us[k]
            if not _has_konj(u, u.a, u.b):
                f.kind = "direct"  # "Da habt ihr sie, sagte Girret." — indicative, not reported
                span = doc.char_span(f.cue.start, f.cue.end, alignment_mode="expand")
                ce = _clause_end(u, span.start) if span is not None else u.b
                if span is not None and ce < u.b - 1 and doc[ce].text == ",":
                    out.append(_Found(doc[ce + 1].idx, u.rng.end, "direct", f.speaker, f.cue))
        out.append(f)

    def free(k: int) -> bool:
        u = us[k]
        return not covered[k] and not any(i in masked for i in range(u.a, u.b)) and not any(
            doc[i].text in _QUOTE_CHARS for i in range(u.a, u.b))

    for k, u in enumerate(us):
        cue = _cue_unit(u) if free(k) else None
        if cue is not None:
            sp = speaker_of(u, cue, postposed=True)
            j = k - 1
            block: list[int] = []
            while j >= 0 and free(j) and _cue_unit(us[j]) is None and (not block or _speechlike(us[j])):
                if any(_is_cue_verb(us[j], i) and doc[i + 1 : i + 2].text == ":" for i in range(us[j].a, us[j].b - 1)):
                    break
                block.append(j)
                j -= 1
            for j in block:
                if not _has_konj(us[j], us[j].a, us[j].b) or _speechlike(us[j]):
                    out.append(_Found(us[j].rng.start, us[j].rng.end, "direct", sp, cue))
                    covered[j] = True
            covered[k] = True
            ce = _clause_end(u, cue.i)
            if ce < u.b - 1 and doc[ce].text in (",", ";"):
                out.append(_Found(doc[ce + 1].idx, u.rng.end, "direct", sp, cue))
    # "rief er mit der lauten Freude eines Kindes: Fritz Flügger!", "mit der Bemerkung: Ich sage …",
    # and the labels of minutes and plays ("Präs.: Sie haben das Recht …")
    for k, u in enumerate(us):
        if not free(k):
            continue
        for i in range(u.a, u.b - 2):
            if doc[i].text != ":":
                continue
            lead = range(u.a, i)
            label = 0 < i - u.a <= 2 and all(u.cap(x) for x in lead)
            cue = next((x for x in lead if _is_cue_verb(u, x) or doc[x].text in lex.nouns), None)
            if (label or cue is not None) and (u.cap(i + 1) or _speechlike(u)):
                c = Cue(cue, "verb", doc[cue].idx, doc[cue].idx + len(doc[cue].text), doc[cue].text) \
                    if cue is not None else None
                sp = speaker_of(u, c) if c is not None else _speaker(u, u.a, i, i - 1)
                kind = "indirect" if _konj_at(u, i + 1, u.b, allow_konj2=False) >= 0 else "direct"
                out.append(_Found(doc[i + 1].idx, u.rng.end, kind, sp, c))
                covered[k] = True
            break
    # speech after "sagte er:" goes on while the sentences keep the speaker's deixis
    for f in list(out):
        if f.kind != "direct" or f.cue is None or not text[: f.start].rstrip().endswith(":"):
            continue
        k = bisect.bisect_right(starts, f.start) - 1 + 1
        while k < len(us) and free(k) and _cue_unit(us[k]) is None and _speechlike(us[k]):
            out.append(_Found(us[k].rng.start, us[k].rng.end, "direct", f.speaker, f.cue))
            covered[k] = True
            k += 1
    return sorted(out, key=lambda f: f.start)
