"""Themes (GDELT GKG codes where one fits) with the evidence of every match, and a document topic.

The lexicons in ``resources/themes/`` are written in base forms. Text and entries are both
reduced to lemma keys (:mod:`newsgraph.nlp.lemma_keys`), and word/phrase entries are found by
looking key sequences up in a dict (exactly what a spaCy ``PhraseMatcher`` over a shadow Doc of the
keys finds — the lexicon still builds that matcher — without building a Doc per article; token i of
the keys is token i of the Doc, so offsets map back 1:1). Compound heads (``*drohne``), prefixes (``Sanktion*``)
and same-sentence pairs (``Waffen + verkaufen``) are matched per token key, cached per process.

``doc._.themes``: list of :class:`~newsgraph.schema.Theme`, best first, each with its match spans.
``doc._.topic``: :class:`~newsgraph.schema.Topic` from the trained topic model when present
(see :mod:`newsgraph.nlp.topic_model`), else from the themes' topic votes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.errors import InvalidOptionError
from newsgraph.nlp import lemma_keys
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.schema import Span, Theme, Topic
from newsgraph.nlp.unchecked import build

RESOURCE_DIR = Path(str(resources.files("newsgraph") / "resources" / "themes"))


@dataclass(frozen=True)
class ThemeInfo:
    code: str
    source: str
    topic: str
    label: str
    description: str


@dataclass
class ThemeLexicon:
    """One language's compiled theme lexicon."""

    lang: str
    vocab: Vocab
    matcher: PhraseMatcher
    suffix: dict[str, list[str]] = field(default_factory=dict)
    prefix: dict[str, list[str]] = field(default_factory=dict)
    pairs: list[tuple[str, str, str]] = field(default_factory=list)
    #: the matcher's phrases as key tuples → codes, for the per-Doc look-up in :func:`find_themes`
    phrases: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    phrase_lengths: list[int] = field(default_factory=list)
    phrase_firsts: set[str] = field(default_factory=set)
    _affix_cache: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: base form → (its lemma key, :meth:`affix_codes` of both), for the per-token pass
    _base_cache: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: lemma id → base_entry of the lowercase lemma (False: an empty or "--" lemma)
    _lemma_entries: dict[int, object] = field(default_factory=dict)

    def base_entry(self, base: str) -> tuple[str, tuple[str, ...]]:
        """(lemma key, affix codes) of a token's base form, cached per process: one dict look-up
        per token instead of the stemmer's lru_cache and a tuple-keyed affix look-up."""
        hit = self._base_cache.get(base)
        if hit is None:
            key = lemma_keys.stem(base, self.lang)
            hit = (key, self.affix_codes(key, base))
            if len(self._base_cache) > 500_000:
                self._base_cache.clear()
            self._base_cache[base] = hit
        return hit

    def affix_codes(self, key: str, lower: str) -> tuple[str, ...]:
        """Themes whose compound-head or prefix entries match a token (cached per key)."""
        hit = self._affix_cache.get((key, lower))
        if hit is not None:
            return hit
        codes: list[str] = []
        if self.suffix:
            for i in range(len(key) - 2):
                codes.extend(self.suffix.get(key[i:], ()))
        if self.prefix:
            for i in range(3, len(lower) + 1):
                codes.extend(self.prefix.get(lower[:i], ()))
        result = tuple(dict.fromkeys(codes))
        if len(self._affix_cache) < 500_000:
            self._affix_cache[(key, lower)] = result
        return result


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, ThemeInfo]:
    """Theme code → :class:`ThemeInfo`, from ``resources/themes/taxonomy.tsv``."""
    out: dict[str, ThemeInfo] = {}
    for line in (RESOURCE_DIR / "taxonomy.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, source, topic, label, description = line.split("\t")
        out[code] = ThemeInfo(code, source, topic, label, description)
    return out


def read_lexicon(lang: str) -> list[tuple[str, str]]:
    """(code, pattern) rows of ``lexicon.<lang>.tsv``."""
    path = RESOURCE_DIR / f"lexicon.{lang}.tsv"
    if not path.exists():
        raise InvalidOptionError(f"no theme lexicon for language {lang!r}")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, pattern = line.split("\t")
            rows.append((code, pattern.strip()))
    return rows


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> ThemeLexicon:
    """Compile the lexicon of ``lang`` once per process."""
    known = taxonomy()
    vocab = Vocab()
    matcher = PhraseMatcher(vocab, attr="ORTH")
    lex = ThemeLexicon(lang=lang, vocab=vocab, matcher=matcher)
    phrases: dict[str, list[Doc]] = defaultdict(list)
    for code, pattern in read_lexicon(lang):
        if code not in known:
            raise InvalidOptionError(f"theme lexicon {lang}: unknown code {code!r}")
        if " + " in pattern:
            a, b = (p.strip() for p in pattern.split(" + "))
            lex.pairs.append((code, lemma_keys.stem(a, lang), lemma_keys.stem(b, lang)))
        elif pattern.startswith("*"):
            lex.suffix.setdefault(lemma_keys.stem(pattern[1:], lang), []).append(code)
        elif pattern.endswith("*"):
            lex.prefix.setdefault(pattern[:-1].lower(), []).append(code)
        else:
            keys = lemma_keys.phrase_keys(pattern.replace("-", " - ").split(), lang)
            phrases[code].append(Doc(vocab, words=keys))
    for code, docs in phrases.items():
        matcher.add(code, docs)
        for d in docs:
            codes = lex.phrases.setdefault(tuple(t.text for t in d), [])
            if code not in codes:
                codes.append(code)
    lex.phrase_lengths = sorted({len(p) for p in lex.phrases})
    lex.phrase_firsts = {p[0] for p in lex.phrases}
    return lex


def _phrase_matches(lex: ThemeLexicon, keys: list[str]) -> list[tuple[str, int, int]]:
    """What ``lex.matcher`` finds on a Doc of ``keys`` (every occurrence, overlaps included) —
    as dict look-ups, without building that shadow Doc."""
    lengths, firsts, phrases = lex.phrase_lengths, lex.phrase_firsts, lex.phrases
    n = len(keys)
    out = []
    for i in [k for k, key in enumerate(keys) if key in firsts]:
        for length in lengths:
            if i + length > n:
                break
            codes = phrases.get(tuple(keys[i : i + length]))
            if codes:
                out.extend((code, i, i + length) for code in codes)
    return out


def _token_entries(doc: Doc, lex: ThemeLexicon) -> list[tuple[str, tuple[str, ...]]]:
    """``lex.base_entry`` of every token's :func:`~newsgraph.nlp.lemma_keys.base_forms` base:
    with lemmas, one look-up per token by lemma id (the lemma's entry; ``False`` where the lemma
    is empty or "--" and the token's lowercase form stands in)."""
    get, entry = lex._base_cache.get, lex.base_entry
    if not lemma_keys.has_lemmas(doc):
        return [get(b) or entry(b) for b in lemma_keys.base_forms(doc)]
    lemmas = doc.to_array(LEMMA).tolist()
    by_lemma = lex._lemma_entries
    entries = list(map(by_lemma.get, lemmas))
    if not all(entries):  # None (lemma not seen yet) or False (no lemma): entries are 2-tuples
        if len(by_lemma) > 500_000:
            by_lemma.clear()
        strings, lemma_lower = doc.vocab.strings, lemma_keys.lemma_lower_cache()
        lowers = lemma_keys.token_table(doc).lower
        for i in [i for i, e in enumerate(entries) if not e]:
            lemma = lemmas[i]
            e = by_lemma.get(lemma)
            if e is None:
                base = lemma_lower.get(lemma)
                if base is None:
                    base = lemma_lower[lemma] = strings[lemma].lower() if lemma else ""
                e = by_lemma[lemma] = (get(base) or entry(base)) if base and base != "--" else False
            if e is False:
                b = lowers[i]
                e = get(b) or entry(b)
            entries[i] = e
    return entries


def _theme_score(n_matches: int, saturation: float) -> float:
    return round(n_matches / (n_matches + saturation), 3)


def find_themes(
    doc: Doc, *, min_matches: int = 1, saturation: float = 2.0, pair_window: int = 10
) -> list[Theme]:
    """All themes of ``doc`` with their match spans, highest score first."""
    lang = doc.lang_ if doc.lang_ in ("de", "en") else "en"
    lex = load_lexicon(lang)
    if not len(doc):
        return []
    entries = _token_entries(doc, lex)
    keys = [e[0] for e in entries]
    found: dict[str, dict[tuple[int, int], None]] = defaultdict(dict)
    for code, start, end in _phrase_matches(lex, keys):
        found[code][(start, end)] = None
    tt = lemma_keys.token_table(doc)
    punct, space = tt.is_punct, tt.is_space
    for i in [i for i, e in enumerate(entries) if e[1]]:
        if punct[i] or space[i] or len(keys[i]) < 3:
            continue
        for code in entries[i][1]:
            found[code][(i, i + 1)] = None
    if lex.pairs:
        _find_pairs(doc, keys, lex.pairs, pair_window, found)
    info = taxonomy()
    text = lemma_keys.doc_text(doc)
    themes = []
    idx, texts = tt.idx, tt.text
    for code, spans in found.items():
        if len(spans) < min_matches:
            continue
        matches = []
        for start, end in sorted(spans):
            s, e = idx[start], idx[end - 1] + len(texts[end - 1])
            matches.append(build(Span, start=s, end=e, text=text[s:e]))
        matches = _drop_nested(matches)
        themes.append(
            build(Theme, code=code, label=info[code].label, score=_theme_score(len(matches), saturation),
                  matches=matches)
        )
    themes.sort(key=lambda t: (-t.score, t.code))
    return themes


def _find_pairs(doc, keys, pairs, window, found) -> None:
    positions: dict[str, list[int]] = defaultdict(list)
    wanted = {k for _, a, b in pairs for k in (a, b)}
    for i, k in enumerate(keys):
        if k in wanted:
            positions[k].append(i)
    sents = doc.has_annotation("SENT_START")
    for code, a, b in pairs:
        for i in positions.get(a, ()):
            for j in positions.get(b, ()):
                lo, hi = min(i, j), max(i, j)
                if hi - lo <= window and (not sents or not any(
                    doc[k].is_sent_start for k in range(lo + 1, hi + 1)
                )):
                    found[code][(lo, hi + 1)] = None


def _drop_nested(matches: list[Span]) -> list[Span]:
    """Keep the longest of overlapping matches of one theme ("Region Donezk" over "Donezk")."""
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Span] = []
    for m in matches:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def topic_from_themes(themes: list[Theme]) -> Topic | None:
    """Licence-clean fallback topic: the topic most of the theme matches vote for."""
    info = taxonomy()
    votes: Counter[str] = Counter()
    for t in themes:
        votes[info[t.code].topic] += len(t.matches)
    if not votes:
        return None
    label, n = votes.most_common(1)[0]
    return build(Topic, label=label, confidence=round(n / sum(votes.values()), 3))


class ThemeTagger(BatchedPipe):
    """The ``newsgraph.themes.v1`` component."""

    def __init__(self, nlp: Language, name: str, min_matches: int, saturation: float,
                 pair_window: int, topic_model: str) -> None:
        if topic_model not in ("auto", "themes", "none"):
            raise InvalidOptionError(f"topic_model must be auto, themes or none, not {topic_model!r}")
        self.name = name
        self.min_matches = min_matches
        self.saturation = saturation
        self.pair_window = pair_window
        self.topic_model = topic_model

    def __call__(self, doc: Doc) -> Doc:
        themes = find_themes(doc, min_matches=self.min_matches, saturation=self.saturation,
                             pair_window=self.pair_window)
        doc._.themes = themes
        doc._.topic = self._topic(doc, themes)
        return doc

    def _topic(self, doc: Doc, themes: list[Theme]) -> Topic | None:
        if self.topic_model == "none":
            return None
        if self.topic_model == "auto":
            from newsgraph.nlp import topic_model

            model = topic_model.load(doc.lang_)
            if model is not None and len(doc):
                return model.predict_doc(doc)
        return topic_from_themes(themes)


@Language.factory(
    spacy_factory("newsgraph.themes.v1"),
    default_config={"min_matches": 1, "saturation": 2.0, "pair_window": 10, "topic_model": "auto"},
    assigns=["doc._.themes", "doc._.topic"],
)
def make_themes(nlp: Language, name: str, min_matches: int, saturation: float, pair_window: int,
                topic_model: str) -> ThemeTagger:
    return ThemeTagger(nlp, name, min_matches, saturation, pair_window, topic_model)
