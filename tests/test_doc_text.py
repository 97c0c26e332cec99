"""``lemma_keys.doc_text``: the pipeline's tokenizer keeps each Doc's input text, and it is the
same string as the join of the tokens that Docs made otherwise get."""

from __future__ import annotations

import pickle

from newsgraph.nlp.lemma_keys import TEXT_KEY, TextKeepingTokenizer, doc_text
from newsgraph.nlp.pipeline import load_pipeline


def test_kept_text_is_the_join_of_the_tokens(anchorage_txt):
    nlp = load_pipeline("de")
    assert isinstance(nlp.tokenizer, TextKeepingTokenizer)
    text = anchorage_txt.read_text(encoding="utf-8")[:3000] + "  zwei  Leerzeichen\n\n\tund Tab "
    doc = nlp.make_doc(text)
    assert doc.user_data[TEXT_KEY] is text
    plain = nlp.tokenizer.tokenizer(text)  # the wrapped spaCy tokenizer: no kept text
    assert TEXT_KEY not in plain.user_data
    assert doc_text(plain) == doc_text(doc) == doc.text == text


def test_text_keeping_tokenizer_delegates_and_pickles():
    nlp = load_pipeline("en")
    tok = nlp.tokenizer
    assert tok.explain("Hi there")[0] == ("TOKEN", "Hi")
    copy = pickle.loads(pickle.dumps(tok))
    assert doc_text(copy("a  b.")) == "a  b."
    assert not isinstance(load_pipeline("en", bare=True).tokenizer, TextKeepingTokenizer)
