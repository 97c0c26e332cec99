"""Tone: GDELT V2Tone numbers, lemma-level lexicon matching, negation and intensifiers."""

from __future__ import annotations

import pytest

from newsgraph.export.gdelt_fields import v2_tone
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.nlp.tone import entity_tones, score_doc
from newsgraph.schema import Entity, Mention


def tone_of(text: str, lang: str = "de") -> float:
    return score_doc(load_pipeline(lang)(text)).tone


def test_anchorage_is_clearly_negative(anchorage_article):
    tone = anchorage_article.tone
    assert tone is not None
    assert tone.tone <= -1.5
    assert tone.negative > 1.8 * tone.positive
    assert tone.polarity == pytest.approx(tone.positive + tone.negative, abs=1e-3)
    assert 800 < tone.word_count < 1000
    assert 0 < tone.activity_density < 40


@pytest.mark.parametrize("lang", ["de", "en"])
def test_cheerful_press_release_is_clearly_positive(lang):
    from pathlib import Path

    path = Path(__file__).parent / "data" / f"press-release-cheerful.{lang}.txt"
    tone = score_doc(load_pipeline(lang)(path.read_text(encoding="utf-8")))
    assert tone.tone >= 5
    assert tone.positive > 5 * tone.negative
    assert tone.self_group_density > 0  # "wir", "unser" / "we", "our"


def test_inflected_forms_count():
    assert tone_of("Das sind die schlechten Nachrichten.") < 0
    assert tone_of("Nach den brutalen Angriffen.") < 0
    assert tone_of("Eine gute Nachricht.") > 0


def test_negation_flips_and_intensifiers_scale():
    assert tone_of("Das ist gut.") > 0
    assert tone_of("Das ist nicht gut.") < 0
    assert tone_of("Es gibt kaum Hoffnung.") < 0
    assert tone_of("Das ist sehr gut.") > tone_of("Das ist gut.")
    assert tone_of("Das ist etwas besser.") < tone_of("Das ist besser.")
    assert tone_of("This is not good.", "en") < 0 < tone_of("This is very good.", "en")
    assert tone_of("This is very good.", "en") > tone_of("This is good.", "en")


def test_per_sentence_tone_spans():
    doc = load_pipeline("de")("Ein wunderbarer Erfolg. Ein brutaler Krieg.")
    tone = score_doc(doc)
    assert [s.text for s in tone.sentences] == ["Ein wunderbarer Erfolg.", "Ein brutaler Krieg."]
    assert tone.sentences[0].tone > 0 > tone.sentences[1].tone
    for s in tone.sentences:
        assert doc.text[s.start:s.end] == s.text


def test_per_entity_tone_from_mentions():
    text = "Anna lobte das großartige Projekt. Boris führt einen brutalen Krieg."
    tone = score_doc(load_pipeline("de")(text))
    ents = [
        Entity(id="per:anna", name="Anna", type="PER", mentions=[Mention(start=0, end=4, text="Anna")]),
        Entity(id="per:boris", name="Boris", type="PER",
               mentions=[Mention(start=35, end=40, text="Boris")]),
    ]
    by_id = entity_tones(tone, ents)
    assert by_id["per:anna"] > 0 > by_id["per:boris"]


def test_component_fills_entity_tone_when_entities_present():
    nlp = load_pipeline("de")
    doc = nlp.make_doc("Anna lobte das großartige Projekt. Boris führt einen brutalen Krieg.")
    for _, proc in nlp.pipeline:
        if _ == "newsgraph_tone":
            doc._.entities = [Entity(id="per:boris", name="Boris", type="PER",
                                     mentions=[Mention(start=35, end=40, text="Boris")])]
        doc = proc(doc)
    assert doc._.tone.entities["per:boris"] < 0


def test_v2tone_string(anchorage_article):
    tone = anchorage_article.tone
    fields = v2_tone(tone).split(",")
    assert len(fields) == 7
    assert float(fields[0]) == pytest.approx(tone.tone)
    assert int(fields[6]) == tone.word_count


def test_empty_doc():
    tone = score_doc(load_pipeline("en")(""))
    assert tone.word_count == 0 and tone.tone == 0 and tone.sentences == []
