"""A per-word cache for the embedding layer of spaCy's tok2vec models, at inference only.

Why: a ``MultiHashEmbed`` layer maps every token to a vector from the token alone (hash
embeddings of NORM, PREFIX, SUFFIX and SHAPE, static vectors of ORTH, one maxout layer and a
layer norm); context only enters in the encoder after it. On news, most tokens are words
already seen, yet spaCy recomputes their vectors in every document: about a third of a tok2vec's
time in our German model (two tok2vecs) and a quarter in our English one. spaCy and thinc offer
no such cache, so this module swaps the layer's forward function for one that computes only the
words it has not seen yet and copies the rest. Training (``is_train=True``) and the saved model
are untouched: the layer, its parameters and its serialisation stay spaCy's.
"""

from __future__ import annotations

import os
import threading

import numpy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model

#: distinct words kept per layer (96 floats each: ~19 MB at the cap); when full, the cache
#: starts afresh, so a long-running worker keeps the words of what it reads now
DEFAULT_ROWS = 50_000
MIN_ROWS = 32
_MIX = numpy.uint64(0x9E3779B97F4A7C15)


def enabled() -> bool:
    """Off with ``NEWSGRAPH_EMBED_CACHE=0`` (e.g. to compare against spaCy's own layer)."""
    return os.environ.get("NEWSGRAPH_EMBED_CACHE", "1") != "0"


class _Cache:
    def __init__(self, layer: Model, rows: int) -> None:
        self.forward = layer._func
        self.rows = rows
        self.index: dict[int, int] = {}
        self.table: numpy.ndarray | None = None
        self.lock = threading.Lock()  # rows are reserved and filled in steps: one caller at a time

    def embed(self, layer: Model, docs: list[Doc]) -> list[numpy.ndarray]:
        with self.lock:
            return self._embed(layer, docs)

    def _embed(self, layer: Model, docs: list[Doc]) -> list[numpy.ndarray]:
        lengths = [len(d) for d in docs]
        if not sum(lengths):
            return self.forward(layer, docs, is_train=False)[0]
        ids = numpy.concatenate([d.to_array([ORTH, NORM]).reshape(-1, 2) for d in docs])
        # a token's vector depends on its ORTH (static vectors, prefix, suffix, shape) and its
        # NORM, which a tokenizer exception may set per token; both are 64-bit string hashes
        keys = ids[:, 0] ^ (ids[:, 1] * _MIX)
        uniq, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
        if len(uniq) > self.rows:
            return self.forward(layer, docs, is_train=False)[0]
        index = self.index
        missing = [j for j, k in enumerate(uniq.tolist()) if k not in index]
        if missing and len(index) + len(missing) > self.rows:
            index.clear()
            missing = list(range(len(uniq)))
        if missing:
            self._add(layer, docs, lengths, uniq, first, missing)
        rows = numpy.fromiter((index[k] for k in uniq.tolist()), dtype=numpy.int64,
                              count=len(uniq))
        out = self.table[rows[inverse.reshape(-1)]]
        return numpy.split(out, numpy.cumsum(lengths)[:-1])

    def _add(self, layer: Model, docs: list[Doc], lengths: list[int], uniq: numpy.ndarray,
             first: numpy.ndarray, missing: list[int]) -> None:
        starts = numpy.cumsum([0] + lengths)
        vocab = docs[0].vocab
        words, norms = [], []
        for j in missing:
            pos = int(first[j])
            d = int(numpy.searchsorted(starts, pos, side="right")) - 1
            tok = docs[d][pos - int(starts[d])]
            words.append(tok.orth_)
            norms.append(tok.norm)
        # OpenBLAS takes another code path for products of fewer than 16 rows, which rounds
        # differently in the last bit; padded, a word gets the vector it gets inside a document
        pad = max(0, MIN_ROWS - len(words))
        words += [words[0]] * pad
        norms += [norms[0]] * pad
        new = Doc(vocab, words=words, spaces=[False] * len(words))
        new.from_array([NORM], numpy.asarray(norms, dtype=numpy.uint64).reshape(-1, 1))
        vectors = self.forward(layer, [new], is_train=False)[0][0][:len(missing)]
        if self.table is None or self.table.shape[1] != vectors.shape[1]:
            self.table = numpy.empty((self.rows, vectors.shape[1]), dtype=vectors.dtype)
            self.index.clear()
        at = len(self.index)
        self.table[at:at + len(missing)] = vectors
        for n, j in enumerate(missing):
            self.index[int(uniq[j])] = at + n


def _is_embed(node: Model) -> bool:
    return node.name.startswith("extract_features>>") and node.name.endswith("ragged2list")


def cache_embeddings(nlp: Language, rows: int = DEFAULT_ROWS) -> Language:
    """Give every tok2vec embedding layer of ``nlp`` a word cache for inference."""
    if not enabled():
        return nlp
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if _is_embed(node) and not isinstance(getattr(node, "_func", None), _CachedForward):
                node._func = _CachedForward(_Cache(node, rows))
    return nlp


class _CachedForward:
    """The layer's new forward: the cache at inference, spaCy's own forward in training."""

    def __init__(self, cache: _Cache) -> None:
        self.cache = cache

    def __call__(self, layer: Model, docs: list[Doc], is_train: bool):
        if is_train:
            return self.cache.forward(layer, docs, is_train=True)
        return self.cache.embed(layer, docs), _no_backprop


def _no_backprop(d_output):
    raise RuntimeError("the embedding cache is for inference; train with is_train=True")
