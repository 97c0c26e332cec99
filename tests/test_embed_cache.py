"""The tok2vec embedding cache must change speed only: bit-identical vectors and annotations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy
import pytest
import spacy

from newsgraph.nlp.embed_cache import _CachedForward, cache_embeddings
from newsgraph.nlp.fast_ops import use_blas_ops
from newsgraph.nlp.pipeline import load_pipeline, model_path

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()


def _texts(lang: str, n: int = 40) -> list[str]:
    if lang == "de":
        with (SHARED / "data" / "10kgnad" / "test_part_a.csv").open(encoding="utf-8") as fh:
            texts = [t[:1500] for _, t in csv.reader(fh, delimiter=";", quotechar="'")][:n]
        return [(SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")] + texts
    with (SHARED / "data" / "wikinews-en-sample" / "wikinews_2019.csv").open(encoding="utf-8") as fh:
        return [r["text"][:1500] for r in csv.DictReader(fh)][:n]


def _annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_cached_pipeline_gives_identical_annotations(lang):
    texts = _texts(lang)
    plain = use_blas_ops(spacy.load(model_path(lang)))
    cached = cache_embeddings(use_blas_ops(spacy.load(model_path(lang))), rows=5_000)
    # the second pass reads every word from the cache, the first fills it batch by batch
    for _ in range(2):
        for a, b in zip(plain.pipe(texts, batch_size=8), cached.pipe(texts, batch_size=8)):
            assert _annotations(a) == _annotations(b)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_cached_vectors_are_bit_identical_and_the_cache_is_bounded(lang):
    nlp = load_pipeline(lang, bare=True)
    name = "ner_tok2vec" if lang == "de" else "tok2vec"
    model = nlp.get_pipe(name).model
    embed = model.layers[0]
    assert isinstance(embed._func, _CachedForward)
    docs = [nlp.make_doc(t) for t in _texts(lang, 20)]
    expected = [embed._func.cache.forward(embed, [d], is_train=False)[0][0] for d in docs]
    small = _CachedForward(type(embed._func.cache)(embed, rows=600))
    for start in (0, 5, 10, 15, 0):  # batches overflow the 600 rows, so it restarts
        got = small(embed, docs[start:start + 5], is_train=False)[0]
        for a, b in zip(got, expected[start:start + 5]):
            assert numpy.array_equal(a, b)
        assert len(small.cache.index) <= 600
    # a Doc with a token-level norm (tokenizer exceptions set them) is keyed by that norm too
    doc = nlp.make_doc("Das ist z.B. gut, sagte er." if lang == "de" else "It's good, he said.")
    odd = nlp.make_doc(doc.text)
    odd[0].norm_ = "somethingelse"
    first, second = small(embed, [doc, odd], is_train=False)[0]
    assert not numpy.array_equal(first[0], second[0])
    # spaCy computes fewer than 16 rows differently in the last bit: compare inside a document
    inside = embed._func.cache.forward(embed, [odd, docs[0]], is_train=False)[0][0]
    assert numpy.array_equal(second, inside)


def test_training_bypasses_the_cache():
    nlp = load_pipeline("en", bare=True)
    embed = nlp.get_pipe("tok2vec").model.layers[0]
    doc = nlp.make_doc("Training must see spaCy's own layer, zxqvw-unseen-word.")
    before = dict(embed._func.cache.index)
    out, backprop = embed([doc], is_train=True)
    backprop([numpy.zeros_like(out[0])])  # the cache's forward has no backprop: this would raise
    assert embed._func.cache.index == before
    with pytest.raises(RuntimeError, match="inference"):
        embed([doc], is_train=False)[1]([numpy.zeros_like(out[0])])


def test_threads_analysing_at_once_get_what_one_thread_gets():
    """The API analyses requests in a thread pool: concurrent calls must give sequential results."""
    from concurrent.futures import ThreadPoolExecutor

    import newsgraph

    texts = _texts("de", 6)[1:] + _texts("en", 6)

    def one(text: str) -> str:
        lang = "en" if text in english else "de"
        return newsgraph.analyze(text, text=True, language=lang, published="2020-01-06") \
            .model_dump_json()

    english = set(_texts("en", 6))
    sequential = [one(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(2):
            assert list(pool.map(one, texts)) == sequential
