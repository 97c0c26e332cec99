"""The BLAS-backed ops must change speed only: the same annotations as thinc's own ops."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from newsgraph.nlp.fast_ops import BlasOps, use_blas_ops
from newsgraph.nlp.pipeline import model_path

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()


def _annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_blas_ops_give_identical_annotations(lang):
    if lang == "de":
        texts = [(SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")]
    else:
        texts = ["Russian President Vladimir Putin met Donald Trump in Anchorage, Alaska, on Friday. "
                 "\"We had a very productive meeting,\" Trump told reporters. Ukraine's president "
                 "Volodymyr Zelensky will fly to Washington on Monday, the White House said."]
    plain = spacy.load(model_path(lang))
    fast = use_blas_ops(spacy.load(model_path(lang)))
    assert isinstance(fast.get_pipe("tok2vec").model.ops, BlasOps)
    assert not isinstance(plain.get_pipe("tok2vec").model.ops, BlasOps)
    for a, b in zip(plain.pipe(texts), fast.pipe(texts)):
        assert _annotations(a) == _annotations(b)
        assert [(s.start, s.end, s.label_) for s in a.spans.get("ner_deriv", [])] == \
               [(s.start, s.end, s.label_) for s in b.spans.get("ner_deriv", [])]


def test_blas_gemm_matches_numpy_with_transposes_and_out():
    import numpy

    rng = numpy.random.default_rng(0)
    ops = BlasOps()
    a = rng.random((7, 5), dtype="float32")
    b = rng.random((6, 5), dtype="float32")
    assert numpy.allclose(ops.gemm(a, b, trans2=True), a @ b.T, atol=1e-5)
    assert numpy.allclose(ops.gemm(a.T.copy(), b, trans1=True, trans2=True), a @ b.T, atol=1e-5)
    out = numpy.zeros((7, 6), dtype="float32")
    assert ops.gemm(a, b, out=out, trans2=True) is out
    assert numpy.allclose(out, a @ b.T, atol=1e-5)
