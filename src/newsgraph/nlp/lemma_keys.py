"""Lemma keys: one normalised string per token, so inflected forms meet their dictionary entry.

Themes, tone and the topic model all look words up in lexicons written in base forms
("Angriff", "brutal", "sanction"). A token's key is its lemma when the pipeline has a lemmatizer,
else its lowercase form, in both cases passed through a light suffix stripper; lexicon entries get
the same treatment, so "Angriffen", "brutalen", "Sanktionen", "sanctions" meet "Angriff", "brutal",
"Sanktion", "sanction" with a blank pipeline and with a trained one alike.

Why not a real stemmer: snowballstemmer/PyStemmer are not dependencies of the project, and a
symmetric light stripper is all a lexicon lookup needs (it only has to map text and entry to the
same key); the lru caches make it a dict lookup per token after the first article.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Callable

from spacy.attrs import IDX, LEMMA, ORTH, SPACY
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Token

_DE_SUFFIXES = ("ern", "em", "en", "er", "es", "e")
_EN_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "person"}


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Light, symmetric suffix stripping of a lowercase word (``lang`` in {"de", "en"})."""
    w = word.lower()
    if lang == "de":
        for suf in _DE_SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                w = w[: -len(suf)]
                break
        else:
            if w.endswith(("ln", "rn")) and len(w) >= 5:  # Kugeln, Federn
                w = w[:-1]
        if w.endswith("s") and len(w) >= 5:  # Gipfels, Angriffs; Hauses and Haus meet at "hau"
            w = w[:-1]
        if w.endswith("t") and len(w) >= 5:
            w = w[:-1]
        return w
    if w in _EN_IRREGULAR:
        return _EN_IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxz":
        w = w[:-2]
    elif w.endswith("s") and len(w) > 3 and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def has_lemmas(doc: Doc) -> bool:
    """True when a lemmatizer filled ``token.lemma_`` (a blank pipeline leaves it empty)."""
    return bool(len(doc)) and bool(doc.to_array([LEMMA])[:50].any())


def base_form(token: Token, use_lemma: bool) -> str:
    """Lowercase lemma when available, else lowercase text."""
    if use_lemma:
        lemma = token.lemma_
        if lemma and lemma != "--":
            return lemma.lower()
    return token.lower_


def base_forms(doc: Doc) -> list[str]:
    """:func:`base_form` of every token, read through the Doc's arrays (same length as the doc)."""
    lowers = token_table(doc).lower
    if not has_lemmas(doc):
        return list(lowers)
    strings = doc.vocab.strings
    cache = lemma_lower_cache()
    out = []
    for lemma, low in zip(doc.to_array([LEMMA]).tolist(), lowers):
        base = cache.get(lemma)
        if base is None:
            base = cache[lemma] = strings[lemma].lower() if lemma else ""
        out.append(base if base and base != "--" else low)
    return out


#: lemma id → lowercase lemma (ids are string hashes: one table serves every language)
_LEMMA_LOWER: dict[int, str] = {}


def lemma_lower_cache() -> dict[int, str]:
    """The process-wide lemma id → lowercase lemma table that hot loops read directly
    (bounded: cleared past a million entries)."""
    if len(_LEMMA_LOWER) > 1_000_000:
        _LEMMA_LOWER.clear()
    return _LEMMA_LOWER


def phrase_keys(words: list[str], lang: str) -> list[str]:
    """Keys for the words of a lexicon entry (entries are written in base forms)."""
    return [stem(w, lang) for w in words]


_SPACE = ("", " ")  # a token's trailing whitespace by its SPACY flag


#: ``doc.user_data`` key of the Doc's text (see :func:`doc_text`)
TEXT_KEY = "newsgraph.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and shared by the components (spaCy re-joins all tokens
    on every access, which cost more than the theme matching itself); the input text itself
    where :class:`TextKeepingTokenizer` made the Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        # the same join as ``Doc.text``, from the token table instead of Token objects
        tt = token_table(doc)
        text = "".join(chain.from_iterable(zip(tt.text, map(_SPACE.__getitem__, tt.spacy))))
        doc.user_data[TEXT_KEY] = text
    return text


class TextKeepingTokenizer:
    """A pipeline's tokenizer that keeps each Doc's input text for :func:`doc_text`.

    spaCy's tokenizer is non-destructive (``doc.text == text``), so the input is the string
    :func:`doc_text` would otherwise join again from every token of the Doc, whose strings are
    no longer in the CPU caches when the rule components run. Everything else (``pipe``,
    ``explain``, serialisation) goes to the wrapped tokenizer."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str):
        if name == "tokenizer":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


_LEX_ATTRS = ("text", "lower", "is_punct", "is_space", "is_alpha", "is_lower")


class _Strings:
    """Per vocabulary and process: a dense number for every token string seen (orth id →
    number, in order of first sight) and, per attribute name, the attribute's value for every
    number. Values are filled for all strings seen so far, so the store belongs to one Vocab
    (which knows them all) and holds it, so that its ``id`` is not reused while the store lives."""

    __slots__ = ("vocab", "number", "orths", "values")
    LIMIT = 300_000  # strings; past it a fresh store starts (tables made before keep the old one)

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.number: dict[int, int] = {}
        self.orths: list[int] = []
        self.values: dict[str, list] = {}


_STRINGS: dict[int, _Strings] = {}
_MAX_VOCABS = 8


def _strings_of(vocab) -> _Strings:
    strings = _STRINGS.get(id(vocab))
    if strings is None or strings.vocab is not vocab or len(strings.orths) > _Strings.LIMIT:
        if len(_STRINGS) >= _MAX_VOCABS:
            _STRINGS.pop(next(iter(_STRINGS)))
        strings = _STRINGS[id(vocab)] = _Strings(vocab)
    return strings


class TokenTable:
    """Lexical attributes of a Doc's tokens as plain lists, built on first use per attribute.

    Reading ``token.lower_``/``is_punct``/... from Python builds a Token object and looks the
    string up on every access (~0.5–1 µs each); components that walk the Doc several times read
    these lists instead. Values are computed once per distinct token string (per Vocab and
    process) into one list per attribute, indexed by a dense string number; a Doc's tokens are
    looked up once (their numbers), and each attribute is then spread over the tokens by a
    C-level ``itemgetter`` over those numbers (list indexing, no hashing per token)."""

    __slots__ = ("_strings", "_spread", "idx", "spacy", *_LEX_ATTRS)

    def __init__(self, doc: Doc) -> None:
        # holds no Doc: the table lives in doc.user_data (no cycle)
        self._strings = strings = _strings_of(doc.vocab)
        n = len(doc)
        if not n:
            self.idx, self.spacy = [], []
            self._spread = lambda vals: []
            return
        orths, self.idx, self.spacy = doc.to_array([ORTH, IDX, SPACY]).T.tolist()
        number = strings.number
        by_orth = itemgetter(*orths)
        try:
            numbers = by_orth(number)
        except KeyError:
            known = strings.orths
            for o in set(orths).difference(number):
                number[o] = len(known)
                known.append(o)
            numbers = by_orth(number)
        if n == 1:
            getter = itemgetter(numbers)
            self._spread = lambda vals: [getter(vals)]
        else:
            getter = itemgetter(*numbers)
            self._spread = lambda vals: list(getter(vals))

    def __getattr__(self, name: str) -> list:
        if name not in _LEX_ATTRS:
            raise AttributeError(name)
        attr = {"text": "orth_", "lower": "lower_"}.get(name, name)
        values = self.lexical(name, lambda lex: getattr(lex, attr))
        object.__setattr__(self, name, values)
        return values

    def lexical(self, name: str, fn: Callable[[Lexeme], object]) -> list:
        """``fn(lexeme)`` for every token; ``fn`` must depend on the token's string only (its
        value is cached per string under ``name``, per Vocab and process)."""
        strings = self._strings
        values = strings.values.get(name)
        if values is None:
            values = strings.values[name] = []
        if len(values) < len(strings.orths):
            vocab = strings.vocab
            values.extend([fn(vocab[o]) for o in strings.orths[len(values):]])
        return self._spread(values)


def token_table(doc: Doc) -> TokenTable:
    """The Doc's :class:`TokenTable`, shared by the components (kept in ``doc.user_data``)."""
    key = ("newsgraph", "token_table", len(doc))
    table = doc.user_data.get(key)
    if table is None:
        table = doc.user_data[key] = TokenTable(doc)
    return table


def token_bounds(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """(first token, end token) of ``doc.char_span(start, end, alignment_mode="expand")``, None
    where that is None. A range on token boundaries (nearly every entity mention and sentence)
    is found by bisection of the token table's offsets, without building a Span."""
    if end > start:
        table = token_table(doc)
        idx = table.idx
        a = bisect_left(idx, start)
        if a < len(idx) and idx[a] == start:
            b = bisect_left(idx, end, a)
            if b > a and idx[b - 1] + len(table.text[b - 1]) == end:
                return a, b
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None else (span.start, span.end)
