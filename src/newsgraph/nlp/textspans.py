"""Character-level helpers shared by the quote, amount and time taggers.

Sentences come from the Doc when a parser or sentencizer set them, but the blank sentencizer cuts
``machen." Russland`` between the period and the closing quote; :func:`sentence_ranges` repairs such
cuts so that a closing quotation mark stays with its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from newsgraph.nlp.lemma_keys import doc_text as cached_text

CLOSERS = "\"“”»«’'‘"
OPENERS = "\"„“»«‚‘'"
_OWN_SPLIT = re.compile(r"(?<=[.!?…])[\"“”»«’'‘)\]]*\s+(?=[\"„“»«‚‘'(\[]?[A-ZÄÖÜ0-9])|\n+")


@dataclass(frozen=True)
class Range:
    start: int
    end: int


_SENTENCIZER = Sentencizer()


def sentence_ranges(doc: Doc) -> list[Range]:
    """Sentence character ranges (trailing whitespace excluded, closing quotes kept).

    Cut by spaCy's rule-based sentencizer on the Doc's tokens (without touching the Doc), whatever
    the pipeline set: on the reported-speech corpus it served the quote rules better than the trained
    ``senter`` of our compact models. Cached in ``doc.user_data`` for the next component."""
    key = ("newsgraph", "sentence_ranges", len(doc))
    cached = doc.user_data.get(key)
    if cached is not None:
        return [Range(a, b) for a, b in cached]
    text = cached_text(doc)
    if len(doc):
        starts = _SENTENCIZER.predict([doc])[0]
        cuts = [doc[i].idx for i, is_start in enumerate(starts) if is_start and i > 0]
    else:
        cuts = [m.end() for m in _OWN_SPLIT.finditer(text)]
    fixed: list[int] = []
    for cut in cuts:
        # move closing quotation marks (and brackets) that start a sentence back to the previous one
        c = cut
        while c < len(text) and text[c] in CLOSERS + ")]" and (c + 1 == len(text) or text[c + 1].isspace()):
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
    for m in re.finditer(r"\n", text):
        c = m.end()
        while c < len(text) and text[c].isspace():
            c += 1
        if c < len(text):
            fixed.append(c)
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
    doc.user_data[key] = [(r.start, r.end) for r in out]  # plain tuples: the Doc stays serialisable
    return out


def paragraph_index(text: str) -> list[int]:
    """Start offsets of paragraphs (line breaks), for ``bisect`` lookups."""
    return [0] + [m.end() for m in re.finditer(r"\n+", text)]


def strip_span(text: str, start: int, end: int, chars: str = " \t\n,;:-–—") -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace or ``chars``."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end
