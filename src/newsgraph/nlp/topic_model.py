"""A small linear topic classifier: hashed bag of word keys → linear scores (numpy only).

Features are the lemma keys of the *surface* forms (:func:`lemma_keys.stem` of ``token.lower_``),
hashed with CRC32 into ``2**bits`` buckets, log-scaled and L2-normalised — the same with a blank
or a trained pipeline, so training (``training/train_topic.py``) needs only a tokenizer.

The weights (multinomial naive Bayes log-likelihoods, see the training script) ship as ``resources/topic/topic-<lang>.<name>.npz``. The German model is trained on
10kGNAD, which is CC BY-NC-SA 4.0: it is shipped as the separately named resource
``topic-de.10kgnad-nc.npz`` and is only loaded when present (see resources/LICENSES.md); without
it :mod:`newsgraph.nlp.themes` falls back to topic votes from the themes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from newsgraph.nlp.lemma_keys import stem, token_table
from newsgraph.schema import Topic

RESOURCE_DIR = Path(str(resources.files("newsgraph") / "resources" / "topic"))
#: per language, the resource names tried in order (first found wins)
MODEL_NAMES = {"de": ("10kgnad-nc",), "en": ("wikinews",)}

_hash_cache: dict[str, int] = {}
#: (language, bits) → word → its feature bucket, or -1 for words that are not features
_word_buckets: dict[tuple[str, int], dict[str, int]] = {}


def _bucket(key: str) -> int:
    h = _hash_cache.get(key)
    if h is None:
        h = zlib.crc32(key.encode("utf-8"))
        if len(_hash_cache) < 1_000_000:
            _hash_cache[key] = h
    return h


def _word_bucket(w: str, lang: str, mask: int) -> int:
    """A lowercase word's feature bucket, or -1: single characters and numbers are no features."""
    return _bucket(stem(w, lang)) & mask if len(w) > 1 and not w.isdigit() else -1


def featurize(words: list[str], lang: str, bits: int) -> np.ndarray:
    """Feature vector of a list of lowercase words (tokens that are not punctuation)."""
    dim = 1 << bits
    mask = dim - 1
    cache = _word_buckets.setdefault((lang, bits), {})
    if len(cache) > 1_000_000:
        cache.clear()
    rows = []
    for w in words:
        b = cache.get(w)
        if b is None:
            b = cache[w] = _word_bucket(w, lang, mask)
        if b >= 0:
            rows.append(b)
    return _vector(rows, dim)


def doc_features(doc: Doc, lang: str, bits: int) -> np.ndarray:
    """``featurize(doc_words(doc), lang, bits)``, with each token string's bucket cached in the
    Doc's token table (one record per string and process) instead of a list of words."""
    mask = (1 << bits) - 1

    def bucket(lex) -> int:
        return -1 if lex.is_punct or lex.is_space else _word_bucket(lex.lower_, lang, mask)

    buckets = token_table(doc).lexical(f"topic.bucket.{lang}.{bits}", bucket)
    return _vector([b for b in buckets if b >= 0], 1 << bits)


def _vector(rows: list[int], dim: int) -> np.ndarray:
    # whole-number counts: the same float32 values as adding 1.0 per word
    x = np.bincount(np.asarray(rows, dtype=np.intp), minlength=dim).astype(np.float32)
    np.log1p(x, out=x)
    norm = float(np.linalg.norm(x))
    if norm > 0:
        x /= norm
    return x


def doc_words(doc: Doc) -> list[str]:
    tt = token_table(doc)
    return [low for low, punct, space in zip(tt.lower, tt.is_punct, tt.is_space)
            if not (punct or space)]


@dataclass
class TopicModel:
    lang: str
    name: str
    labels: list[str]
    weights: np.ndarray  # (dim, n_labels)
    bias: np.ndarray  # (n_labels,)
    bits: int

    def probabilities(self, words: list[str]) -> np.ndarray:
        return self._softmax(featurize(words, self.lang, self.bits))

    def _softmax(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.weights + self.bias
        z = np.exp(z - z.max())
        return z / z.sum()

    def _topic(self, p: np.ndarray) -> Topic:
        i = int(p.argmax())
        return Topic(label=self.labels[i], confidence=round(float(p[i]), 3))

    def predict_words(self, words: list[str]) -> Topic:
        return self._topic(self.probabilities(words))

    def predict_doc(self, doc: Doc) -> Topic:
        if doc.lang_ != self.lang:  # the token table's records are per Doc language
            return self.predict_words(doc_words(doc))
        return self._topic(self._softmax(doc_features(doc, self.lang, self.bits)))

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path, labels=np.array(self.labels), weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32), bits=np.array(self.bits), lang=np.array(self.lang),
        )


def read_model(path: Path, name: str) -> TopicModel:
    with np.load(path) as z:
        return TopicModel(
            lang=str(z["lang"]), name=name, labels=[str(x) for x in z["labels"]],
            weights=z["weights"].astype(np.float32), bias=z["bias"], bits=int(z["bits"]),
        )


@lru_cache(maxsize=4)
def load(lang: str) -> TopicModel | None:
    """The shipped topic model of ``lang``, or None when none is installed."""
    for name in MODEL_NAMES.get(lang, ()):
        path = RESOURCE_DIR / f"topic-{lang}.{name}.npz"
        if path.exists():
            return read_model(path, name)
    return None
