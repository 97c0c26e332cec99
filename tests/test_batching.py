"""The rule components' batched ``pipe`` (nlp/batching.py): ``nlp.pipe`` runs each over a batch
of Docs before the next component starts, and every Doc ends with the annotations that a Doc
passed through the components one at a time gets."""

from __future__ import annotations

import csv

import pytest

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp.pipeline import load_pipeline

ATTRS = ("entities", "locations", "quotes", "amounts", "times", "themes", "topic", "tone")


def _dump(doc) -> list[str]:
    out = [repr([(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents])]
    for name in ATTRS:
        value = getattr(doc._, name)
        items = value if isinstance(value, list) else [value]
        out.append(repr([v.model_dump_json() if hasattr(v, "model_dump_json") else v for v in items]))
    return out


@pytest.fixture(scope="module")
def english_texts(shared) -> list[str]:
    with (shared / "data" / "wikinews-en-sample" / "wikinews_2020.csv").open(encoding="utf-8", newline="") as fh:
        return [row["text"] for _, row in zip(range(7), csv.DictReader(fh))]


def test_rule_components_are_batched():
    nlp = load_pipeline("en")
    batched = [name for name, proc in nlp.pipeline if isinstance(proc, BatchedPipe)]
    assert {"newsgraph_kb_ruler", "newsgraph_entities", "newsgraph_geo", "newsgraph_quotes",
            "newsgraph_amounts", "newsgraph_timex", "newsgraph_themes", "newsgraph_tone"} <= set(batched)


def test_batched_pipe_calls_each_doc_once_in_order():
    seen = []

    class Probe(BatchedPipe):
        def __call__(self, doc):
            seen.append(doc)
            return doc

    docs = list(range(7))
    got = list(Probe().pipe(iter(docs), batch_size=3))
    assert got == docs and seen == docs


@pytest.mark.parametrize("batch_size", [1, 3])
def test_pipe_in_batches_equals_one_doc_at_a_time(english_texts, anchorage_txt, batch_size):
    for lang, texts in (("en", english_texts), ("de", [anchorage_txt.read_text(encoding="utf-8")] * 2)):
        nlp = load_pipeline(lang)
        one_by_one = [_dump(nlp(t)) for t in texts]
        assert [_dump(d) for d in nlp.pipe(texts, batch_size=batch_size)] == one_by_one
