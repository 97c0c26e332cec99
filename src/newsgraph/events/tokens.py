"""Per-Doc token tables for event coding, read from the Doc's arrays once instead of through
spaCy Token objects (each ``doc[i]`` builds one; the coder asked for ~1,700 per article)."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS
from spacy.strings import StringStore
from spacy.tokens import Doc

from newsgraph.nlp.lemma_keys import token_table

_LABELS: dict[int, str] = {}  # label hash or POS symbol → string, across documents (a small set)
#: the token attributes the coder reads, as columns of one ``Doc.to_array`` call per Doc
ARRAYS = [LEMMA, HEAD, DEP, POS, MORPH]


def doc_arrays(doc: Doc) -> np.ndarray:
    """The Doc's ``ARRAYS`` columns (one row per token; HEAD is relative, as uint64)."""
    if not len(doc):
        return np.zeros((0, len(ARRAYS)), dtype=np.uint64)
    return doc.to_array(ARRAYS)


_CASE_DEPS = ("case", "prep")
#: label ids are fixed: spaCy's built-in symbols ("prep" is 443) or else the string's hash
_CASE_IDS = [np.uint64(StringStore()[d]) for d in _CASE_DEPS]


class DepTable:
    """Dependency labels, children and case-marker children (upper case) of the Doc's tokens,
    from the HEAD/DEP arrays: built per Doc in a few vector operations, labels looked up when
    asked (the coder asks about ~25 tokens of an article's ~500)."""

    __slots__ = ("_doc", "_dep_ids", "case", "_kids")

    def __init__(self, doc: Doc, arrays: np.ndarray | None = None) -> None:
        n = len(doc)
        arr = (doc_arrays(doc) if arrays is None else arrays)[:, 1:3]
        self._doc = doc
        heads = np.arange(n, dtype=np.int64) + arr[:, 0].astype(np.int64)
        self._dep_ids = arr[:, 1].tolist()
        self._kids: dict[int, list[int]] = {}
        case: dict[int, list[str]] = {}
        marks = (arr[:, 1] == _CASE_IDS[0]) | (arr[:, 1] == _CASE_IDS[1])
        marks &= heads != np.arange(n)
        if marks.any():
            text = token_table(doc).text
            found = np.flatnonzero(marks)
            for j, h in zip(found.tolist(), heads[found].tolist()):
                case.setdefault(h, []).append(text[j].upper())
        self.case = case

    def dep(self, i: int) -> str:
        """``doc[i].dep_``."""
        h = self._dep_ids[i]
        got = _LABELS.get(h)
        if got is None:
            got = _LABELS[h] = self._doc.vocab.strings[h] if h else ""
        return got

    def children(self, i: int) -> list[int]:
        """``[c.i for c in doc[i].children]``, once per token (modality and arguments both ask
        about a predicate's children)."""
        got = self._kids.get(i)
        if got is None:
            got = self._kids[i] = [c.i for c in self._doc[i].children]  # spaCy's own walk
        return got


def dep_table(doc: Doc, cache: dict) -> DepTable:
    """The Doc's :class:`DepTable`, kept in ``cache`` (a per-Doc dict)."""
    got = cache.get("dep_table")
    if got is None:
        got = cache["dep_table"] = DepTable(doc, cache.get("arrays"))
    return got


def pos_tags(doc: Doc, cache: dict) -> list[str]:
    """``token.pos_`` of every token ("" when untagged), once per Doc (kept in ``cache``, which
    may hold the Doc's ``doc_arrays`` under "arrays")."""
    got = cache.get("pos_tags")
    if got is None:
        arrays = cache.get("arrays")
        ids = (doc_arrays(doc) if arrays is None else arrays)[:, 3].tolist()
        labels = _LABELS
        strings = doc.vocab.strings
        for h in set(ids).difference(labels):
            labels[h] = strings[h] if h else ""
        got = cache["pos_tags"] = list(map(labels.__getitem__, ids))
    return got
