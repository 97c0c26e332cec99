"""Tone: GDELT V2Tone's seven numbers per document, per-sentence tone and per-entity tone.

Lexicons (``resources/tone/``): German — the polarity lexicon of Klenner et al. as shipped by
textblob-de (``de-sentiment.xml``, Apache-2.0); English — VADER's lexicon (MIT). Words are looked
up by lemma (when the pipeline has a lemmatizer) and lowercase form against the base forms plus
their regular inflections (generated per part of speech), then — German nouns only — by compound
head ("Drohnenangriffe" → "Angriffe"), so inflected forms count ("schlechten", "brutalen").
``supplement.tsv`` adds news vocabulary the base lexicons lack ("Konflikt", "Durchbruch");
``exclude.tsv`` drops entries that are mostly neutral in news ("klar", "bleiben"). A negator shortly before a polarity word flips and damps it ("nicht
gut", "kaum Hoffnung"; German sentence-final "nicht" negates the clause's polarity words),
intensifiers and diminishers scale it ("sehr gut", "etwas besser").

The numbers follow the GDELT GKG 2.1 codebook: positive / negative = weighted share of words (in
percent) with positive / negative polarity, tone = positive − negative, polarity = positive +
negative, activity density = percent of verbs (``token.pos_`` when tagged, else a suffix
heuristic), self/group density = percent of first-person pronouns, word count.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import compress
from operator import itemgetter
from pathlib import Path

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, LEMMA, POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import NOUN, PROPN, VERB
from spacy.tokens import Doc

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.errors import InvalidOptionError
from newsgraph.nlp import lemma_keys
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.textspans import sent_token_bounds
from newsgraph.schema import SentenceTone, Tone
from newsgraph.nlp.unchecked import build

RESOURCE_DIR = Path(str(resources.files("newsgraph") / "resources" / "tone"))
_CLAUSE_END = {".", "!", "?", ";", ":", ",", "–", "-", "—"}
_EN_VERB_HINTS = {"said", "says", "say", "told", "announced", "added", "is", "was", "were", "are"}


@dataclass
class ToneLexicon:
    """Polarity by word form: base forms plus the regular inflections generated from them."""

    lang: str
    forms: dict[str, float]  # lowercase lemma / inflected form → polarity in [-1, 1]
    noun_forms: dict[str, float]  # German noun forms (capitalised tokens and compound heads only)
    modifiers: dict[str, tuple[str, float]]
    self_group: frozenset[str]
    _cache: dict[tuple[str, str, bool], float] = field(default_factory=dict)
    _by_lemma_id: dict[tuple[int, str, bool], float] = field(default_factory=dict)
    #: lemma id → whether the lowercase lemma is a key of ``forms`` or ``noun_forms``
    _lemma_hits: dict[int, bool] = field(default_factory=dict)

    def form_may_score(self, lower: str) -> bool:
        """Whether a lowercase form can have a polarity as a form (any part of speech, any
        lemma): in either table, or (as a noun) by compound head. :meth:`polarity` of a word
        whose form and lemma are both in neither table and that has no such head is 0."""
        if lower in self.forms or lower in self.noun_forms:
            return True
        return any(lower[i:] in self.noun_forms for i in range(1, len(lower) - 5))

    def polarity(self, lemma: str, lower: str, is_noun: bool) -> float:
        """Polarity of a word given its lowercase lemma (or form) and lowercase form; 0 if none."""
        ck = (lemma, lower, is_noun)
        v = self._cache.get(ck)
        if v is not None:
            return v
        v = self.forms.get(lemma)
        if v is None:
            v = self.forms.get(lower)
        if v is None and is_noun:
            v = self.noun_forms.get(lemma) or self.noun_forms.get(lower)
            if v is None:  # compound head: "drohnenangriffe" → "angriffe"
                for i in range(1, len(lower) - 5):
                    v = self.noun_forms.get(lower[i:])
                    if v is not None:
                        break
        v = v or 0.0
        if len(self._cache) < 500_000:
            self._cache[ck] = v
        return v


# Why generated inflections and not the lemma-key stemmer used for themes: on the 8,000-word
# polarity lexicon stem collisions are common ("sicher" → "sich", "Biss" → "bis", "Gabe" → "gab");
# regular inflection tables keyed by part of speech do not collide that way.
_DE_SUFFIXES = {
    "JJ": ("e", "en", "em", "er", "es", "ere", "eren", "erem", "erer", "eres", "ste", "sten", "ster"),
    "NN": ("e", "en", "n", "s", "es", "er", "ern", "nen"),
    "RB": (),
}


def _de_verb_forms(word: str) -> list[str]:
    if not word.endswith("n") or len(word) < 5:
        return []
    stem = word[:-2] if word.endswith("en") else word[:-1]
    forms = [stem + x for x in ("e", "st", "t", "et", "te", "ten", "test", "tet", "end", "ende")]
    part = "et" if stem.endswith(("t", "d")) else "t"
    return forms + ["ge" + stem + part + x for x in ("", "e", "en", "er", "es")]


def _read_de() -> tuple[dict[str, float], dict[str, float]]:
    text = (RESOURCE_DIR / "de-sentiment.xml").read_text(encoding="utf-8")
    forms: dict[str, float] = {}
    nouns: dict[str, float] = {}
    pattern = r'<word [^>]*form="([^"]+)"[^>]*polarity="([^"]+)" pos="([A-Z]+)"'
    for form, pol, pos in re.findall(pattern, text):
        value = float(pol)
        if not value or "_" in form:
            continue
        low = form.lower()
        if pos == "NN":
            nouns.setdefault(low, value)
            for suf in _DE_SUFFIXES["NN"]:
                nouns.setdefault(low + suf, value)
            continue
        forms.setdefault(low, value)
        extra = _de_verb_forms(low) if pos == "VB" else [low + s for s in _DE_SUFFIXES.get(pos, ())]
        for f in extra:
            forms.setdefault(f, value)
    return forms, nouns


def _read_en() -> dict[str, float]:
    base: dict[str, float] = {}
    for line in (RESOURCE_DIR / "en-vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            base[parts[0].lower()] = max(-1.0, min(1.0, float(parts[1]) / 2.5))
    forms = dict(base)
    for word, value in base.items():
        if len(word) < 4:  # "ha" + s/d would make "has"/"had" positive
            continue
        stem = word[:-1] if word.endswith("e") else word
        extra = [word + "s", word + "ly", stem + "ing", word + "d" if word.endswith("e") else word + "ed"]
        if word.endswith(("s", "x", "z", "ch", "sh")):
            extra.append(word + "es")
        if word.endswith("y"):
            extra += [word[:-1] + "ies", word[:-1] + "ied", word[:-1] + "ily"]
        for f in extra:
            forms.setdefault(f, value)
    return forms


def _read_list(name: str, lang: str) -> list[list[str]]:
    rows = []
    for line in (RESOURCE_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            if parts[0] == lang:
                rows.append(parts[1:])
    return rows


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> ToneLexicon:
    """The tone lexicon of ``lang``, loaded once per process."""
    if lang not in ("de", "en"):
        raise InvalidOptionError(f"no tone lexicon for language {lang!r}")
    if lang == "de":
        forms, nouns = _read_de()
    else:
        forms, nouns = _read_en(), {}
    modifiers: dict[str, tuple[str, float]] = {}
    self_group = set()
    for kind, word, factor in _read_list("modifiers.tsv", lang):
        if kind == "self_group":
            self_group.add(word)
        else:
            modifiers[word] = (kind, float(factor))
    for word, value, pos in _read_list("supplement.tsv", lang):
        low, v = word.lower(), float(value)
        if pos == "NN":
            for f in [low] + [low + suf for suf in _DE_SUFFIXES["NN"]]:
                nouns[f] = v
        else:
            extra = _de_verb_forms(low) if pos == "VB" else [low + suf for suf in _DE_SUFFIXES.get(pos, ())]
            for f in [low] + (extra if lang == "de" else []):
                forms[f] = v
    for (word,) in _read_list("exclude.tsv", lang):
        low = word.lower()
        gen = _de_verb_forms(low) + [low + suf for suf in _DE_SUFFIXES["JJ"]] if lang == "de" else []
        for f in [low] + gen:
            forms.pop(f, None)
        for f in [low] + [low + suf for suf in _DE_SUFFIXES["NN"]]:
            nouns.pop(f, None)
    for word in modifiers:  # modifiers are never polarity words themselves
        forms.pop(word, None)
    return ToneLexicon(lang, forms, nouns, modifiers, frozenset(self_group))


_LEX_INFO: dict[int, tuple[bool, str, bool, bool]] = {}


def _lex_info(doc: Doc, orth: int) -> tuple[bool, str, bool, bool]:
    """(is word, lowercase, capitalised, all caps) of a token string, cached per process."""
    info = _LEX_INFO.get(orth)
    if info is None:
        text = doc.vocab.strings[orth]
        lexeme = doc.vocab[orth]
        is_word = not (lexeme.is_punct or lexeme.is_space) and any(c.isalpha() for c in text)
        info = (is_word, text.lower(), text[:1].isupper(), text.isupper())
        if len(_LEX_INFO) < 1_000_000:
            _LEX_INFO[orth] = info
    return info


def _lex_info_in(info: tuple[bool, str, bool, bool], modifiers, self_group) -> tuple[bool, str, bool, bool, bool]:
    """(is word, lowercase, capitalised, self-group word and not all caps, modifier)."""
    word, low, cap, upper = info
    return word, low, cap, low in self_group and not upper, low in modifiers


def _looks_like_verb(low: str, cap: bool, lang: str, sent_start: bool) -> bool:
    """Fallback when the pipeline has no tagger: crude verb cues (documented as approximate)."""
    if lang == "en":
        return low in _EN_VERB_HINTS or (low.endswith(("ed", "ing")) and len(low) > 4)
    return (
        (not cap or sent_start)
        and low.endswith(("en", "te", "ten", "t", "st", "ern", "eln"))
        and len(low) > 3
        and not low.endswith(("chen", "keit", "heit"))
    )


@dataclass
class TokenScores:
    """Per-token evidence behind a :class:`Tone`: polarity after modifiers, and counts."""

    scores: list[float]
    is_word: list[bool]
    words: int
    verbs: int
    self_group: int
    #: the tokens that may have a non-zero score, in order (all others score 0)
    scored: list[int] = field(default_factory=list)


def token_scores(doc: Doc, *, negation_window: int = 3, modifier_window: int = 2) -> TokenScores:
    """Polarity of every token after negation/intensifiers, plus word/verb/pronoun counts."""
    lang = doc.lang_ if doc.lang_ in ("de", "en") else "en"
    lex = load_lexicon(lang)
    tagged = doc.has_annotation("POS")
    has_sents = doc.has_annotation("SENT_START")
    n = len(doc)
    lemmas, poses, sents = doc.to_array([LEMMA, POS, SENT_START]).T.tolist() if n else ([], [], [])
    use_lemma = any(lemmas[:50])  # lemma_keys.has_lemmas(doc), from the array already read
    in_ent = _entity_tokens(doc) if doc.has_annotation("ENT_IOB") else set()
    modifiers = lex.modifiers
    self_group = lex.self_group
    tt = lemma_keys.token_table(doc)
    # per token string: _lex_info plus whether it is a modifier / a self-group word (``not upper`` folded in)
    infos = tt.lexical(f"tone.lex_info.{lang}", lambda lx: _lex_info_in(
        _lex_info(doc, lx.orth), modifiers, self_group))
    # per token string: whether its form can give a polarity (else only its lemma can)
    form_hits = tt.lexical(f"tone.form_hit.{lang}",
                           lambda lx: lex.form_may_score(_lex_info(doc, lx.orth)[1]))
    strings = doc.vocab.strings
    lemma_lower = lemma_keys.lemma_lower_cache()
    # polarity by (lemma hash or 0 for "the form itself", form, noun): the lemma's lower-case
    # string is looked up only on a miss
    pcache = lex._by_lemma_id

    lows = list(map(itemgetter(1), infos))
    is_word = list(map(itemgetter(0), infos))
    starts = [s == 1 for s in sents] if has_sents else [False] * n
    if n:
        starts[0] = True
    words = is_word.count(True)
    if tagged:
        verbs = list(compress(poses, is_word)).count(VERB)
    else:
        verbs = sum(1 for i in compress(range(n), is_word)
                    if _looks_like_verb(lows[i], infos[i][2], lang, starts[i]))
    selfg = list(compress(map(itemgetter(3), infos), is_word)).count(True)
    # a token whose form and lemma are in no table and whose form has no compound head there
    # scores 0 whatever its part of speech: only the others (and lemmas not seen yet) take the
    # (lemma, form, noun) look-up
    lemma_hits = lex._lemma_hits
    if len(lemma_hits) > 500_000 or not lemma_hits:
        lemma_hits.clear()
        lemma_hits[0] = False  # no lemma: the form decides
    if use_lemma:
        hit_of = lemma_hits.get
        todo = [i for i, (w, m, hit, lemma) in enumerate(zip(is_word, map(itemgetter(4), infos),
                                                              form_hits, lemmas))
                if w and not m and (hit or hit_of(lemma) is not False)]
    else:
        todo = [i for i, (w, m, hit) in enumerate(zip(is_word, map(itemgetter(4), infos), form_hits))
                if w and not m and hit]
    scores = [0.0] * n
    candidates = []
    for i in todo:
        if i in in_ent:
            continue
        lemma, low = lemmas[i], lows[i]
        if use_lemma and lemma not in lemma_hits:
            base = _lemma_base(lemma, lemma_lower, strings)
            lemma_hits[lemma] = base in lex.forms or base in lex.noun_forms
        is_noun = poses[i] in (NOUN, PROPN) if tagged else infos[i][2]
        key = (lemma if use_lemma else 0, low, is_noun)
        v = pcache.get(key)
        if v is None:
            base = _lemma_base(lemma, lemma_lower, strings) if key[0] else low
            v = lex.polarity(base, low, is_noun)
            if len(pcache) < 500_000:
                pcache[key] = v
        if v:
            scores[i] = v
            candidates.append(i)
    for i in candidates:
        scores[i] *= _modifier_factor(lows, starts, i, modifiers, negation_window, modifier_window)
    if lang == "de":
        _sentence_final_negation(lows, scores, modifiers)
    return TokenScores(scores, is_word, words, verbs, selfg, candidates)


def _entity_tokens(doc: Doc) -> set[int]:
    """The tokens of ``doc.ents``, read off the IOB array as ``Doc.ents`` does (a B token with
    an entity type starts an entity, I tokens continue it) without building its Spans."""
    iob, types = doc.to_array([ENT_IOB, ENT_TYPE]).T
    return set(numpy.flatnonzero((iob == 1) | ((iob == 3) & (types != 0))).tolist())


def _lemma_base(lemma: int, lemma_lower: dict[int, str], strings) -> str:
    base = lemma_lower.get(lemma)
    if base is None:
        base = lemma_lower[lemma] = strings[lemma].lower()
    return base


def score_doc(doc: Doc, *, negation_window: int = 3, modifier_window: int = 2) -> Tone:
    """Compute the :class:`~newsgraph.schema.Tone` of ``doc`` (sentences, no entities)."""
    ts = token_scores(doc, negation_window=negation_window, modifier_window=modifier_window)
    words = ts.words
    scored = [ts.scores[i] for i in ts.scored]  # every non-zero score, in token order
    pos = sum(min(2.0, s) for s in scored if s > 0)
    neg = -sum(max(-2.0, s) for s in scored if s < 0)
    positive = 100.0 * pos / words if words else 0.0
    negative = 100.0 * neg / words if words else 0.0
    return build(
        Tone, tone=round(positive - negative, 4), positive=round(positive, 4),
        negative=round(negative, 4), polarity=round(positive + negative, 4),
        activity_density=round(100.0 * ts.verbs / words, 4) if words else 0.0,
        self_group_density=round(100.0 * ts.self_group / words, 4) if words else 0.0,
        word_count=words, sentences=_sentence_tones(doc, ts),
    )


def _modifier_factor(lows, starts, i: int, modifiers, neg_window: int, mod_window: int) -> float:
    factor = 1.0
    for j in range(i - 1, max(-1, i - 1 - max(neg_window, mod_window)), -1):
        if lows[j] in _CLAUSE_END:
            break
        m = modifiers.get(lows[j])
        if m is not None:
            kind, f = m
            if i - j <= (neg_window if kind == "negator" else mod_window):
                factor *= f
        if starts[j]:
            break
    return factor


def _sentence_final_negation(lows: list[str], scores: list[float], modifiers) -> None:
    """German V2 order: "Das gefällt mir nicht." — a clause-final negator flips the clause."""
    n = len(lows)
    for j, low in enumerate(lows):
        if low not in ("nicht", "nie", "niemals"):
            continue
        nxt = lows[j + 1] if j + 1 < n else "."
        if nxt not in _CLAUSE_END:
            continue
        for k in range(j - 1, max(-1, j - 6), -1):
            if lows[k] in _CLAUSE_END:
                break
            if scores[k]:
                scores[k] *= modifiers[low][1]
                break


def _sentence_tones(doc: Doc, ts: TokenScores) -> list[SentenceTone]:
    text = lemma_keys.doc_text(doc)
    out = []
    scores, scored = ts.scores, ts.scored
    for a, b, start, end in _sentence_bounds(doc):
        n_words = ts.is_word[a:b].count(True)
        if not n_words:
            continue
        # the sentence's non-zero scores in token order (as a sum over all its tokens adds them)
        inside = scored[bisect.bisect_left(scored, a):bisect.bisect_left(scored, b)]
        total = sum(max(-2.0, min(2.0, v)) for v in [scores[i] for i in inside] if v)
        while end > start and text[end - 1].isspace():
            end -= 1
        # model_construct: ints, the text slice and a float, already the schema's types
        out.append(build(SentenceTone, start=start, end=end, text=text[start:end],
                                                tone=round(100.0 * total / n_words, 4)))
    return out


def _sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of each of ``doc.sents`` (the whole Doc
    when no sentences are set), read off the SENT_START array as ``Doc.sents`` does, without
    building its Span objects."""
    if not len(doc):
        return [(0, 0, 0, 0)]
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc), 0, doc[-1].idx + len(doc[-1]))]
    tt = lemma_keys.token_table(doc)
    idx, texts = tt.idx, tt.text
    return [(a, b, idx[a], idx[b - 1] + len(texts[b - 1])) for a, b in sent_token_bounds(doc)]


def entity_tones(tone: Tone, entities) -> dict[str, float]:
    """Entity id → mean tone of the sentences that mention the entity."""
    starts = [s.start for s in tone.sentences]
    out: dict[str, float] = {}
    for ent in entities or ():
        picked: dict[int, float] = {}
        for m in ent.mentions:
            k = bisect.bisect_right(starts, m.start) - 1
            if k >= 0 and m.start < tone.sentences[k].end:
                picked[k] = tone.sentences[k].tone
        if picked:
            out[ent.id] = round(sum(picked.values()) / len(picked), 4)
    return out


class ToneScorer(BatchedPipe):
    """The ``newsgraph.tone.v1`` component."""

    def __init__(self, nlp: Language, name: str, negation_window: int, modifier_window: int):
        self.name = name
        self.negation_window = negation_window
        self.modifier_window = modifier_window

    def __call__(self, doc: Doc) -> Doc:
        tone = score_doc(doc, negation_window=self.negation_window,
                         modifier_window=self.modifier_window)
        if doc._.entities:
            tone.entities = entity_tones(tone, doc._.entities)
        doc._.tone = tone
        return doc


@Language.factory(
    spacy_factory("newsgraph.tone.v1"),
    default_config={"negation_window": 3, "modifier_window": 2},
    assigns=["doc._.tone"],
)
def make_tone(nlp: Language, name: str, negation_window: int, modifier_window: int) -> ToneScorer:
    return ToneScorer(nlp, name, negation_window, modifier_window)
