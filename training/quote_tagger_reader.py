"""``spacy train --code`` helper for the quote tagger: a corpus reader that keeps the token hints.

spaCy's own ``spacy.Corpus.v1`` re-tokenizes each reference Doc into a fresh predicted Doc, which
drops the LEMMA slot where ``training/train_quote_model.py --tagger-data`` stores the rules' hints
(:func:`newsgraph.nlp.quote_model.token_hints`); this reader copies words, spaces and hints over.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example


@spacy.registry.readers("newsgraph.quote_hints_corpus.v1")
def quote_hints_corpus(path: Path):
    def read(nlp):
        for ref in DocBin().from_disk(path).get_docs(nlp.vocab):
            pred = Doc(nlp.vocab, words=[t.text for t in ref], spaces=[bool(t.whitespace_) for t in ref],
                       lemmas=[t.lemma_ for t in ref])
            yield Example(pred, ref)

    return read
