"""Sentence starts that no careful reader would doubt or accept, set before the parser.

Our German senter is trained on ~10,000 sentences and occasionally opens a sentence in mid-phrase
("Der | russische Machthaber hat …"). Such a split breaks the parse, the entity roles and the
pronoun links that rely on it. A sentence that starts with a lower-case word right after a token
that cannot end a sentence is, in news text, a senter error; this component removes those starts.
It also opens a sentence at every line break: ``ingest.prepare`` puts one paragraph or heading
on each line, and the senter would otherwise run a heading ("Trump setzt Selenskyj unter Druck")
into the next paragraph's first sentence. In English, which has no senter, the parser alone would
put a paragraph's closing quotation mark at the start of the next paragraph's first sentence.
The line-break token itself starts the sentence and the word after it continues it: spaCy's parser
honours that pair of presets, while a preset start on the word alone made it cut stray one-word
sentences. The parser runs afterwards and keeps the preset boundaries.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

#: Tokens after which a new sentence may begin with a lower-case word (closing punctuation,
#: quotes, brackets, dashes, list markers).
SENTENCE_ENDERS = frozenset(".!?…:;\"'“”„»«›‹)]–—-•*")


def fix_sentence_starts(doc: Doc) -> Doc:
    """Open a sentence at each line break; clear ``is_sent_start`` on lower-case tokens that
    follow a word inside the same line. Only whitespace tokens and preset starts are visited:
    spaCy keeps any other whitespace than one trailing space in tokens of its own.

    The new starts are written with one ``Doc.from_array``: spaCy's ``Token.is_sent_start``
    setter scans the whole Doc for a parse on every call, which cost more than the rest."""
    n = len(doc)
    if n < 2:
        return doc
    arr = doc.to_array([SENT_START, IS_SPACE])
    starts = arr[:, 0].view(numpy.int64).copy()
    space = arr[:, 1]
    for i in (numpy.flatnonzero(space[1:]) + 1).tolist():
        if "\n" in doc[i].text:
            starts[i] = 1  # the line break opens the next sentence
            if i + 1 < n and not space[i + 1]:
                starts[i + 1] = -1
    for i in numpy.flatnonzero(arr[1:, 0] == 1).tolist():
        i += 1
        first = doc[i].text[:1]
        if not (first.isalpha() and first.islower()):
            continue
        if space[i - 1] or doc[i - 1].text[-1:] in SENTENCE_ENDERS:
            continue
        starts[i] = -1
    changed = numpy.flatnonzero(starts != arr[:, 0].view(numpy.int64))
    if doc.has_annotation("DEP"):
        for i in changed.tolist():  # spaCy's setter refuses a parsed Doc, with its own error
            doc[i].is_sent_start = bool(starts[i] == 1)
    elif len(changed):
        doc.from_array([SENT_START], starts.view(numpy.uint64))
    return doc


@Language.component("newsgraph_sentence_starts", assigns=["token.is_sent_start"])
def sentence_starts(doc: Doc) -> Doc:
    return fix_sentence_starts(doc)
