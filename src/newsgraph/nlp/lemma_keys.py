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

from functools import lru_cache

from spacy.attrs import IDX, LEMMA, ORTH
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
    return any(t.lemma != 0 for t in doc[:50])


def base_form(token: Token, use_lemma: bool) -> str:
    """Lowercase lemma when available, else lowercase text."""
    if use_lemma:
        lemma = token.lemma_
        if lemma and lemma != "--":
            return lemma.lower()
    return token.lower_


def token_keys(doc: Doc, lang: str | None = None) -> list[str]:
    """The lemma key of every token of ``doc`` (same length as the doc)."""
    lang = lang or doc.lang_
    return [stem(b, lang) for b in base_forms(doc)]


def base_forms(doc: Doc) -> list[str]:
    """:func:`base_form` of every token, read through the Doc's arrays (same length as the doc)."""
    lowers = token_table(doc).lower
    if not has_lemmas(doc):
        return list(lowers)
    strings = doc.vocab.strings
    cache = _LEMMA_BASE.setdefault(doc.lang_, {})
    if len(cache) > 1_000_000:
        cache.clear()
    out = []
    for lemma, low in zip(doc.to_array([LEMMA]).tolist(), lowers):
        base = cache.get(lemma)
        if base is None:
            text = strings[lemma] if lemma else ""
            base = cache[lemma] = text.lower() if text and text != "--" else ""
        out.append(base or low)
    return out


#: per language: lemma id → lowercase lemma, or "" where the lowercase form stands in
_LEMMA_BASE: dict[str, dict[int, str]] = {}


def phrase_keys(words: list[str], lang: str) -> list[str]:
    """Keys for the words of a lexicon entry (entries are written in base forms)."""
    return [stem(w, lang) for w in words]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and shared by the components (spaCy re-joins all tokens
    on every access, which cost more than the theme matching itself)."""
    text = doc.user_data.get("newsgraph.text")
    if text is None:
        text = doc.text
        doc.user_data["newsgraph.text"] = text
    return text



#: per language and attribute: token string (orth id) → value, filled once per process
_LEX: dict[tuple[str, str], dict[int, object]] = {}
_LEX_ATTRS = ("text", "lower", "is_punct", "is_space", "is_alpha", "is_lower")


class TokenTable:
    """Lexical attributes of a Doc's tokens as plain lists, built on first use per attribute.

    Reading ``token.lower_``/``is_punct``/... from Python builds a Token object and looks the
    string up on every access (~0.5–1 µs each); components that walk the Doc several times read
    these lists instead, filled from ``Doc.to_array`` and per-string caches."""

    __slots__ = ("_doc", "_orths", "idx", *_LEX_ATTRS)

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        if len(doc):
            arr = doc.to_array([ORTH, IDX])
            self._orths = arr[:, 0].tolist()
            self.idx = arr[:, 1].tolist()
        else:
            self._orths, self.idx = [], []

    def __getattr__(self, name: str) -> list:
        if name not in _LEX_ATTRS:
            raise AttributeError(name)
        doc = self._doc
        cache = _LEX.setdefault((doc.lang_, name), {})
        get = cache.get
        orths = self._orths
        values = [get(o) for o in orths]
        if None in values:
            if len(cache) > 1_000_000:
                cache.clear()
            vocab = doc.vocab
            attr = {"text": "orth_", "lower": "lower_"}.get(name, name)
            for k, o in enumerate(orths):
                if values[k] is None:
                    values[k] = cache[o] = getattr(vocab[o], attr)
        object.__setattr__(self, name, values)
        return values


def token_table(doc: Doc) -> TokenTable:
    """The Doc's :class:`TokenTable`, shared by the components (kept in ``doc.user_data``)."""
    key = ("newsgraph", "token_table", len(doc))
    table = doc.user_data.get(key)
    if table is None:
        table = doc.user_data[key] = TokenTable(doc)
    return table
