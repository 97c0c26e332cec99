"""The (tree, word) memo of the edit-tree lemmatizer must give spaCy's own lemmas."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.pipeline import EditTreeLemmatizer

from newsgraph.nlp.fast_ops import use_blas_ops
from newsgraph.nlp.lemma_trees import memoise_lemma_trees
from newsgraph.nlp.pipeline import load_pipeline, model_path

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()


def _texts(lang: str, n: int = 30) -> list[str]:
    if lang == "de":
        with (SHARED / "data" / "10kgnad" / "test_part_a.csv").open(encoding="utf-8") as fh:
            return [t[:1500] for _, t in csv.reader(fh, delimiter=";", quotechar="'")][:n]
    with (SHARED / "data" / "wikinews-en-sample" / "wikinews_2019.csv").open(encoding="utf-8") as fh:
        return [r["text"][:1500] for r in csv.DictReader(fh)][:n]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_memoised_lemmas_equal_spacys(lang):
    texts = _texts(lang)
    plain = use_blas_ops(spacy.load(model_path(lang)))
    memo = memoise_lemma_trees(use_blas_ops(spacy.load(model_path(lang))))
    assert memo.get_pipe("trainable_lemmatizer")._ng_memo == {}
    for _ in range(2):  # the second pass reads every pair from the memo
        for a, b in zip(plain.pipe(texts), memo.pipe(texts)):
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    assert memo.get_pipe("trainable_lemmatizer")._ng_memo


def test_trees_that_do_not_apply_and_preset_lemmas_follow_spacy():
    nlp = load_pipeline("en", bare=True)
    lem = nlp.get_pipe("trainable_lemmatizer")
    assert lem.backoff == "orth"
    text = "The ministers were meeting in Geneva yesterday."
    trees = lem.predict([nlp.make_doc(text)])[0].copy()
    trees[[2, 3]] = -1  # no applicable tree: the backoff (the word itself) is the lemma
    original = lem.overwrite
    for overwrite in (True, False):
        docs = [nlp.make_doc(text), nlp.make_doc(text)]
        for d in docs:
            d[1].lemma_ = "preset"
        lem.overwrite = overwrite
        try:
            EditTreeLemmatizer.set_annotations(lem, [docs[0]], [trees])
            lem.set_annotations([docs[1]], [trees])
        finally:
            lem.overwrite = original
        assert [t.lemma_ for t in docs[0]] == [t.lemma_ for t in docs[1]]
        assert docs[1][3].lemma_ == "meeting"
        assert (docs[1][1].lemma_ == "preset") is (not overwrite)


def test_memo_is_bounded(monkeypatch):
    import newsgraph.nlp.lemma_trees as lt

    nlp = load_pipeline("de", bare=True)
    lem = nlp.get_pipe("trainable_lemmatizer")
    monkeypatch.setattr(lt, "MAX_PAIRS", 50)
    docs = list(nlp.pipe(_texts("de", 3)))
    assert len(lem._ng_memo) <= 50
    expected = use_blas_ops(spacy.load(model_path("de")))
    assert [[t.lemma_ for t in d] for d in docs] == \
           [[t.lemma_ for t in d] for d in expected.pipe(_texts("de", 3))]
    assert isinstance(lem._ng_labels, numpy.ndarray)
