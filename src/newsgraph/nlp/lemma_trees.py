"""Faster edit-tree lemmas: each (tree, word) pair is applied once per process.

Why: spaCy's ``EditTreeLemmatizer`` applies the predicted edit tree to every token twice in
Python (once to check that it applies, once to set the lemma), which took as long as the
lemmatizer's network in our English pipeline. The network's prediction is contextual and stays
spaCy's; what a tree makes of a word is not, so this module memoises it and writes the lemmas
with one ``Doc.from_array``. The lemmas are the same by construction (``tests/test_lemma_trees.py``).
"""

from __future__ import annotations

import os
import types

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.pipeline import EditTreeLemmatizer
from spacy.tokens import Doc

#: (tree, word) pairs kept per lemmatizer before the memo starts afresh
MAX_PAIRS = 200_000


def enabled() -> bool:
    """Off with ``NEWSGRAPH_LEMMA_MEMO=0`` (e.g. to compare against spaCy's own methods)."""
    return os.environ.get("NEWSGRAPH_LEMMA_MEMO", "1") != "0"


def _lemma(self, tree: int, orth: int) -> int:
    """The lemma's string id, or -1 where the tree does not apply to the word."""
    memo = self._ng_memo
    lemma = memo.get((tree, orth))
    if lemma is None:
        if len(memo) >= MAX_PAIRS:
            memo.clear()
        found = self.trees.apply(tree, self.vocab.strings[orth])
        lemma = memo[(tree, orth)] = -1 if found is None else self.vocab.strings.add(found)
    return lemma


def _guesses(self, docs: list[Doc], scores) -> list[numpy.ndarray]:
    labels = self._ng_labels
    guesses = []
    for doc, doc_scores in zip(docs, scores):
        tree_ids = labels[self.numpy_ops.asarray(doc_scores.argmax(axis=1))].tolist()
        orths = doc.to_array(ORTH).tolist()
        guesses.append(numpy.array([t if _lemma(self, t, o) != -1 else -1
                                    for t, o in zip(tree_ids, orths)], dtype=numpy.int64))
    return guesses


def _set_annotations(self, docs: list[Doc], batch_tree_ids) -> None:
    backoff = self.backoff
    for doc, tree_ids in zip(docs, batch_tree_ids):
        if hasattr(tree_ids, "get"):
            tree_ids = tree_ids.get()
        current = doc.to_array(LEMMA).tolist()
        orths = doc.to_array(ORTH).tolist()
        lemmas = []
        for j, tree in enumerate(tree_ids.tolist()):
            lemma = current[j]
            if self.overwrite or lemma == 0:
                if tree != -1:
                    lemma = _lemma(self, tree, orths[j])
                elif backoff is not None:
                    lemma = orths[j] if backoff == "orth" else getattr(doc[j], backoff)
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))


def memoise_lemma_trees(nlp: Language) -> Language:
    """Give every edit-tree lemmatizer of ``nlp`` the per-process (tree, word) memo."""
    if not enabled():
        return nlp
    for _name, proc in nlp.pipeline:
        if isinstance(proc, EditTreeLemmatizer) and proc.top_k == 1 and \
                not hasattr(proc, "_ng_memo"):
            proc._ng_memo = {}
            proc._ng_labels = numpy.asarray(proc.cfg["labels"], dtype=numpy.int64)
            proc._scores2guesses_top_k_equals_1 = types.MethodType(_guesses, proc)
            proc.set_annotations = types.MethodType(_set_annotations, proc)
    return nlp
