"""Themes and topic: GDELT-coded themes with evidence spans, on blank or trained pipelines."""

from __future__ import annotations

import pytest

from newsgraph.export.gdelt_fields import v1_themes, v2_themes
from newsgraph.nlp import themes as themes_mod
from newsgraph.nlp.lemma_keys import stem
from newsgraph.nlp.pipeline import load_pipeline


def codes(themes) -> set[str]:
    return {t.code for t in themes}


def test_anchorage_required_themes_and_topic(anchorage_article):
    art = anchorage_article
    found = codes(art.themes)
    assert {"ARMEDCONFLICT", "MILITARY"} <= found
    assert {"DRONES", "NG_AIRSTRIKE"} <= found
    assert {"NG_SUMMIT", "NEGOTIATIONS", "WB_2473_DIPLOMACY_AND_NEGOTIATIONS"} <= found
    assert {"SANCTIONS", "CEASEFIRE", "NG_ARMS_TRANSFER", "NG_TERRITORY"} <= found
    territory = next(t for t in art.themes if t.code == "NG_TERRITORY")
    assert any("Donezk" in m.text for m in territory.matches)
    assert art.topic is not None and art.topic.label == "politics"


def test_every_match_is_evidence_in_the_text(anchorage_article):
    art = anchorage_article
    assert art.themes
    for theme in art.themes:
        assert 0 < theme.score < 1
        for m in theme.matches:
            assert art.text[m.start:m.end] == m.text


def test_inflected_and_compound_forms_match():
    nlp = load_pipeline("de")
    doc = nlp("Die Sanktionspakete wurden nach den Drohnenangriffen und Raketen verschärft. "
              "Über einen Waffenstillstand wird in den Verhandlungen gesprochen.")
    found = {t.code: [m.text for m in t.matches] for t in doc._.themes}
    assert "Sanktionspakete" in found["SANCTIONS"]
    assert "Drohnenangriffen" in found["DRONES"]
    assert "Drohnenangriffen" in found["ARMEDCONFLICT"]
    assert "Raketen" in found["NG_AIRSTRIKE"]
    assert "Verhandlungen" in found["NEGOTIATIONS"]
    assert "Waffenstillstand" in found["CEASEFIRE"]


def test_english_themes():
    nlp = load_pipeline("en")
    doc = nlp("The ceasefire collapsed after drone strikes. Talks on new sanctions and arms sales "
              "to Kyiv were held at the summit in Anchorage.")
    found = codes(doc._.themes)
    assert {"CEASEFIRE", "DRONES", "NEGOTIATIONS", "SANCTIONS", "NG_ARMS_TRANSFER", "NG_SUMMIT"} <= found


def test_unrelated_text_has_no_conflict_themes():
    nlp = load_pipeline("de")
    doc = nlp("Der Kuchen schmeckt nach Zimt und Vanille. Wir backen ihn jeden Sonntag.")
    assert not codes(doc._.themes) & {"ARMEDCONFLICT", "SANCTIONS", "CEASEFIRE", "DRONES"}


def test_same_sentence_pairs_do_not_cross_sentences():
    nlp = load_pipeline("de")
    doc = nlp("Die Waffen schweigen. Die Händler verkaufen Obst.")
    assert "NG_ARMS_TRANSFER" not in codes(doc._.themes)


def test_gdelt_theme_strings(anchorage_article):
    themes = anchorage_article.themes
    v2 = v2_themes(themes)
    entries = [e.split(",") for e in v2.split(";")]
    offsets = [int(o) for _, o in entries]
    assert offsets == sorted(offsets)
    assert len(entries) == sum(len(t.matches) for t in themes)
    assert ("SANCTIONS", str(next(t for t in themes if t.code == "SANCTIONS").matches[0].start)) in {
        tuple(e) for e in entries
    }
    assert v1_themes(themes).split(";")[:-1] == [t.code for t in themes]


def test_every_lexicon_code_is_in_the_taxonomy():
    tax = themes_mod.taxonomy()
    for lang in ("de", "en"):
        for code, _ in themes_mod.read_lexicon(lang):
            assert code in tax
    assert all(info.source in {"gdelt", "newsgraph"} for info in tax.values())
    assert all(code.startswith("NG_") == (info.source == "newsgraph") for code, info in tax.items())


@pytest.mark.parametrize(("a", "b", "lang"), [
    ("Angriffen", "Angriff", "de"), ("brutalen", "brutal", "de"), ("Sanktionen", "Sanktion", "de"),
    ("Gebiete", "Gebiet", "de"), ("sanctions", "sanction", "en"), ("bombing", "bomb", "en"),
])
def test_lemma_keys_meet(a, b, lang):
    assert stem(a, lang) == stem(b, lang)


def test_topic_falls_back_to_theme_votes():
    nlp = load_pipeline("de")
    doc = nlp("Der Trainer jubelte: Die Mannschaft gewann das Spiel in der Bundesliga mit zwei Toren.")
    topic = themes_mod.topic_from_themes(doc._.themes)
    assert topic is not None and topic.label == "sports"


def test_component_config_topic_source_and_bad_option():
    import spacy

    from newsgraph.errors import InvalidOptionError
    from newsgraph.nlp.pipeline import spacy_factory

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(spacy_factory("newsgraph.themes.v1"), config={"topic_model": "themes"})
    doc = nlp("Die Mannschaft gewann das Spiel in der Bundesliga, der Trainer jubelte.")
    assert doc._.topic.label == "sports"
    nlp.remove_pipe(nlp.pipe_names[-1])
    nlp.add_pipe(spacy_factory("newsgraph.themes.v1"), config={"topic_model": "none"})
    assert nlp("Krieg und Frieden.")._.topic is None
    with pytest.raises(InvalidOptionError):
        spacy.blank("de").add_pipe(spacy_factory("newsgraph.themes.v1"), config={"topic_model": "x"})


def test_shipped_topic_models_load_and_predict():
    from newsgraph.nlp import topic_model

    for lang in ("de", "en"):
        model = topic_model.load(lang)
        if model is None:
            pytest.skip(f"no topic model shipped for {lang}")
        assert "politics" in model.labels
        words = ("krieg armee regierung präsident wahl parlament" if lang == "de"
                 else "war army government president election parliament").split()
        assert model.predict_words(words).label == "politics"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_spans_hold_on_arbitrary_text(lang):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsgraph.nlp.tone import score_doc

    nlp = load_pipeline(lang, bare=True)
    words = st.sampled_from(["Krieg", "Sanktionen", "nicht", "gut", "Drohnen-Angriffe", "war",
                             "ceasefire", "Region Donezk", "\n", "  ", "—", "ß", "é", "!", ","])

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.one_of(words, st.text(max_size=8)), max_size=30))
    def check(parts):
        doc = nlp(" ".join(parts))
        for theme in themes_mod.find_themes(doc):
            for m in theme.matches:
                assert doc.text[m.start:m.end] == m.text
        tone = score_doc(doc)
        for s in tone.sentences:
            assert doc.text[s.start:s.end] == s.text
        assert tone.polarity == pytest.approx(tone.positive + tone.negative, abs=1e-3)

    check()
