"""Character-level helpers shared by the quote, amount and time taggers.

Sentences come from the Doc when a parser or sentencizer set them, but the blank sentencizer cuts
``machen." Russland`` between the period and the closing quote; :func:`sentence_ranges` repairs such
cuts so that a closing quotation mark stays with its sentence.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_right
from typing import NamedTuple

import numpy
from spacy.attrs import SENT_START
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from newsgraph.nlp.lemma_keys import doc_text as cached_text
from newsgraph.nlp.lemma_keys import token_table

CLOSERS = "\"“”»«’'‘"
OPENERS = "\"„“»«‚‘'"
_CLOSERS_BRACKETS = CLOSERS + ")]"
#: a line break and the whitespace after it (every break in it ends a sentence at its end)
_NEWLINE_RUN = re.compile(r"\n\s*")
#: ``\n+`` as a literal then a repeat: re finds a pattern that starts with a literal by a fast
#: scan for it, and one that starts with a repeat by trying every position (9x slower here)
_LINE_BREAKS = re.compile(r"\n\n*")
_OWN_SPLIT = re.compile(r"(?<=[.!?…])[\"“”»«’'‘)\]]*\s+(?=[\"„“»«‚‘'(\[]?[A-ZÄÖÜ0-9])|\n+")


class Range(NamedTuple):
    """A character range (a tuple, so that a Doc's cached sentence ranges stay serialisable)."""

    start: int
    end: int


_end = operator.methodcaller("end")
_SENTENCIZER = Sentencizer()
_PUNCT_CHARS = frozenset(_SENTENCIZER.punct_chars)


#: in the string of the tokens' kinds: a sentence-final mark, then (after any other marks) the
#: word that starts the next sentence
_CUT = re.compile(b"\\x02[\\x00\\x02]*\\x01")


def _sentencizer_kind(lexeme) -> int:
    """What a token string is to the sentencizer: 2 ends a sentence (a punct char), 1 may start
    one (not punctuation), 0 neither (other punctuation)."""
    if lexeme.orth_ in _PUNCT_CHARS:
        return 2
    return 0 if lexeme.is_punct else 1


def _sentencizer_cuts(doc: Doc) -> list[int]:
    """Character offsets of the sentence starts after the first that ``Sentencizer.predict``
    gives, from per-string kinds cached in the token table (``predict`` builds a Token and reads
    its text for every token)."""
    tt = token_table(doc)
    idx = tt.idx
    kinds = bytes(tt.lexical("textspans.sent_kind", _sentencizer_kind))
    return [idx[m.end() - 1] for m in _CUT.finditer(kinds)]


def sentence_ranges(doc: Doc) -> list[Range]:
    """Sentence character ranges (trailing whitespace excluded, closing quotes kept).

    Cut by spaCy's rule-based sentencizer on the Doc's tokens (without touching the Doc), whatever
    the pipeline set: on the reported-speech corpus it served the quote rules better than the trained
    ``senter`` of our compact models. Cached in ``doc.user_data`` for the next component."""
    key = ("newsgraph", "sentence_ranges", len(doc))
    cached = doc.user_data.get(key)
    if cached is not None:
        if cached and type(cached[0]) is not Range:  # read back from a serialised Doc: lists
            cached = doc.user_data[key] = [Range(a, b) for a, b in cached]
        return list(cached)
    text = cached_text(doc)
    if len(doc):
        cuts = _sentencizer_cuts(doc)
    else:
        cuts = [m.end() for m in _OWN_SPLIT.finditer(text)]
    fixed: list[int] = []
    for cut in cuts:
        # move closing quotation marks (and brackets) that start a sentence back to the previous one
        c = cut
        while c < len(text) and text[c] in _CLOSERS_BRACKETS and (c + 1 == len(text) or text[c + 1].isspace()):
            c += 1
        while c < len(text) and text[c].isspace():
            c += 1
        k = c - 1
        while k > 0 and text[k].isspace():
            k -= 1
        if text[k] in OPENERS and (k == 0 or text[k - 1].isspace()) and k > 0:
            c = k  # an opening quotation mark the sentencizer left at the end of the previous sentence
        if c >= len(text):
            continue
        if fixed and c <= fixed[-1]:
            continue
        fixed.append(c)
    # paragraph breaks always end a sentence
    fixed += [c for c in map(_end, _NEWLINE_RUN.finditer(text)) if c < len(text)]
    bounds = sorted(set([0, *fixed]))
    out: list[Range] = []
    for i, s in enumerate(bounds):
        e = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append(Range(s, e))
    doc.user_data[key] = out  # Ranges are tuples: the Doc stays serialisable
    return list(out)


def span_text(span) -> str:
    """``span.text`` sliced from the Doc's shared text (``Span.text`` builds a Token object for
    each of its tokens and joins their texts)."""
    return cached_text(span.doc)[span.start_char : span.end_char]


_START = operator.itemgetter(0)


def sentence_at(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The sentence (start, end) holding a character offset, of sorted non-overlapping
    sentences (:func:`sentence_ranges`), found by bisection; None between or after them."""
    k = bisect_right(sentences, offset, key=_START) - 1
    return sentences[k] if k >= 0 and offset < sentences[k][1] else None


def paragraph_index(text: str) -> list[int]:
    """Start offsets of paragraphs (line breaks), for ``bisect`` lookups."""
    return [0, *map(_end, _LINE_BREAKS.finditer(text))]


def strip_span(text: str, start: int, end: int, chars: str = " \t\n,;:-–—") -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace or ``chars``."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def sent_token_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(first token, end token) of each of ``doc.sents``, read off the SENT_START array as
    ``Doc.sents`` does, without building its Span objects (``doc.sents`` must be available).
    Cached in ``doc.user_data`` for the next component (the components set no sentence starts)."""
    if not len(doc):
        return []
    key = ("newsgraph", "sent_token_bounds", len(doc))
    got = doc.user_data.get(key)
    if got is not None:
        return got
    if "sents" in doc.user_hooks:
        got = [(s.start, s.end) for s in doc.sents]
    else:
        cuts = [0, *(numpy.flatnonzero(doc.to_array([SENT_START])[1:] == 1) + 1).tolist(), len(doc)]
        got = list(zip(cuts, cuts[1:]))
    doc.user_data[key] = got
    return got
