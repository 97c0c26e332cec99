"""Per-Doc token tables for event coding, read from the Doc's arrays once instead of through
spaCy Token objects (each ``doc[i]`` builds one; the coder asked for ~1,700 per article)."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc

from newsgraph.nlp.lemma_keys import token_table

_LABELS: dict[int, str] = {}  # label hash → string, across documents
_CASE_DEPS = ("case", "prep")


class DepTable:
    """Dependency labels and children of every token (ascending, as ``Token.children`` gives
    them), and each token's case-marker children (upper case) — from the HEAD/DEP arrays."""

    __slots__ = ("dep", "lower", "_order", "_starts", "case")

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        arr = doc.to_array([HEAD, DEP])
        heads = np.arange(n, dtype=np.int64) + arr[:, 0].astype(np.int64)
        ids = arr[:, 1].tolist()
        labels = _LABELS
        strings = doc.vocab.strings
        for h in set(ids).difference(labels):
            labels[h] = strings[h] if h else ""
        self.dep = dep = list(map(labels.__getitem__, ids))
        self.lower = token_table(doc).lower
        order = np.argsort(heads, kind="stable")
        self._order = order.tolist()
        self._starts = np.searchsorted(heads[order], np.arange(n + 1)).tolist()
        up = None
        case: dict[int, list[str]] = {}
        head_of = None
        for j, d in enumerate(dep):
            if d in _CASE_DEPS:
                if up is None:
                    up = [w.upper() for w in token_table(doc).text]
                    head_of = heads.tolist()
                if head_of[j] != j:
                    case.setdefault(head_of[j], []).append(up[j])
        self.case = case

    def children(self, i: int) -> list[int]:
        return [j for j in self._order[self._starts[i]:self._starts[i + 1]] if j != i]


def dep_table(doc: Doc, cache: dict) -> DepTable:
    """The Doc's :class:`DepTable`, kept in ``cache`` (a per-Doc dict)."""
    got = cache.get("dep_table")
    if got is None:
        got = cache["dep_table"] = DepTable(doc)
    return got
