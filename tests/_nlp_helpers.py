"""Pipelines for the quote/amount/time tests: the base model (trained when present, else blank)
plus only the three components under test, so these tests do not depend on other stages."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import spacy

from newsgraph.nlp.pipeline import MODELS_DIR, load_base, spacy_factory

STAGES = ("quotes", "amounts", "timex")


def has_model(lang: str) -> bool:
    return (MODELS_DIR / lang / "config.cfg").exists()


@lru_cache(maxsize=8)
def stage_pipeline(lang: str, mode: str = "model"):
    """``mode='model'``: trained base (or blank when absent); ``mode='blank'``: sentencizer only."""
    import newsgraph.nlp.amounts  # noqa: F401
    import newsgraph.nlp.quotes  # noqa: F401
    import newsgraph.nlp.timex  # noqa: F401

    if mode == "blank":
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
    else:
        nlp = load_base(lang)
    for stage in STAGES:
        nlp.add_pipe(spacy_factory(f"newsgraph.{stage}.v1"))
    return nlp


def run(lang: str, text: str, published: date | None = date(2025, 8, 16), mode: str = "model"):
    nlp = stage_pipeline(lang, mode)
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def modes(lang: str) -> list[str]:
    return ["blank", "model"] if has_model(lang) else ["blank"]


def one(items, needle: str):
    """The single item (quote, amount, time expression) whose text contains ``needle``."""
    found = [x for x in items if needle in x.text]
    assert len(found) == 1, (needle, [x.text for x in found or items])
    return found[0]


def check_offsets(doc) -> None:
    """``doc.text[start:end] == text`` for every quote (speaker, cue), amount and time expression."""
    for x in [*(doc._.quotes or []), *(doc._.amounts or []), *(doc._.times or [])]:
        assert doc.text[x.start : x.end] == x.text
    for q in doc._.quotes or []:
        if q.speaker_text is not None:
            assert doc.text[q.speaker_start : q.speaker_end] == q.speaker_text
        if q.cue is not None:
            assert doc.text[q.cue_start : q.cue_end] == q.cue


def dictionary_coder(verbs, actors, agents):
    """A blank English pipeline that codes events from the given PETRARCH-format dictionaries
    alone (no tagger, parser or knowledge base): the user-dictionary path of the events stage."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(spacy_factory("newsgraph.events.v1"), config={
        "verb_dictionaries": [str(verbs)], "actor_dictionaries": [str(actors)],
        "agent_dictionaries": [str(agents)]})
    return nlp
