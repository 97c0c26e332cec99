"""``lemma_keys.token_bounds``: the tokens of a character range exactly as
``Doc.char_span(..., alignment_mode="expand")`` gives them, on and off token boundaries."""

from __future__ import annotations

from newsgraph.nlp.lemma_keys import token_bounds
from newsgraph.nlp.pipeline import load_pipeline


def test_token_bounds_equal_char_span_expand(anchorage_txt):
    nlp = load_pipeline("de")
    doc = nlp.make_doc(anchorage_txt.read_text(encoding="utf-8")[:1500])
    n = len(doc.text)
    checked = 0
    for start in range(0, n, 7):
        for length in (0, 1, 5, 12, 40):
            end = min(n, start + length)
            span = doc.char_span(start, end, alignment_mode="expand")
            want = None if span is None else (span.start, span.end)
            assert token_bounds(doc, start, end) == want, (start, end)
            checked += 1
    aligned = [(t.idx, t.idx + len(t.text)) for t in doc]
    for s, e in aligned:
        assert token_bounds(doc, s, e) == (doc.char_span(s, e).start, doc.char_span(s, e).end)
    assert checked > 500
