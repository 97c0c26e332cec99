"""The shipped statistical pipelines: they load offline from the package and find the reference entities."""

from __future__ import annotations

import re

import pytest

from newsgraph.nlp.pipeline import MODELS_DIR, load_base, load_pipeline

HAS_DE = (MODELS_DIR / "de" / "config.cfg").exists()
HAS_EN = (MODELS_DIR / "en" / "config.cfg").exists()

SEEDS = {
    "PER": ["Putin", "Trump", "Selenskyj", "Wolodymyr Selenskyj", "Jurij Uschakow", "Sean Hannity"],
    "ORG": ["Fox News", "Kreml"],
    "LOC": ["Alaska", "Anchorage", "Kiew", "Washington", "Moskau", "Pokrowsk", "Donezk", "Ukraine", "Russland"],
}


def _found(ents: list[tuple[str, str]], seed: str, label: str) -> bool:
    """The seed is (a whole-word part of) an entity with that label; a genitive -s counts."""
    pat = re.compile(rf"(?<!\w){re.escape(seed)}s?(?!\w)")
    return any(lab == label and pat.search(text) for text, lab in ents)


@pytest.fixture(scope="module")
def de_base():
    return load_base("de")


@pytest.mark.skipif(not HAS_DE, reason="German model not trained yet")
def test_de_model_has_all_components(de_base):
    for name in ("tok2vec", "morphologizer", "parser", "trainable_lemmatizer", "ner", "senter"):
        assert name in de_base.pipe_names
    assert "spancat" not in de_base.pipe_names  # shipped, but nothing reads its spans
    assert set(de_base.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}
    assert de_base.meta["newsgraph"]["non_commercial_data"] is False
    assert all(s["sha256"] for s in de_base.meta["sources"])


@pytest.mark.skipif(not HAS_DE, reason="German model not trained yet")
def test_de_model_annotates_syntax(de_base):
    doc = de_base("Die Bundeskanzlerin traf am 16. August 2025 in Berlin den Präsidenten. Er sagte nichts.")
    assert [t.pos_ for t in doc][:2] == ["DET", "NOUN"]
    assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA") and doc.has_annotation("MORPH")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["Präsidenten"], lemmas["sagte"], lemmas["Die"]) == ("Präsident", "sagen", "der")
    # the ordinal "16." does not end a sentence
    assert [s.text for s in doc.sents] == [
        "Die Bundeskanzlerin traf am 16. August 2025 in Berlin den Präsidenten.",
        "Er sagte nichts.",
    ]


@pytest.mark.skipif(not HAS_DE, reason="German model not trained yet")
def test_de_deriv_adjectives_are_no_entities(de_base):
    doc = de_base("Die russischen Truppen griffen die ukrainische Stadt an.")
    assert not any(e.text in ("russischen", "ukrainische") for e in doc.ents)


def _missing(nlp, path) -> list[str]:
    doc = nlp(path.read_text(encoding="utf-8"))
    ents = [(e.text, e.label_) for e in doc.ents]
    return [f"{seed}/{label}" for label, seeds in SEEDS.items() for seed in seeds if not _found(ents, seed, label)]


@pytest.mark.skipif(not HAS_DE, reason="German model not trained yet")
def test_de_seed_entities_statistical_model(de_base, anchorage_txt):
    """The statistical model alone finds most seeds (it misses Fox News, Kreml as ORG and Pokrowsk; SCORES.md)."""
    missing = _missing(de_base, anchorage_txt)
    assert len(missing) <= 3, missing


@pytest.mark.skipif(not HAS_DE, reason="German model not trained yet")
def test_de_seed_entities(anchorage_txt):
    """Full pipeline (statistical NER + knowledge-based ruler) finds every seed entity."""
    nlp = load_pipeline("de")
    if "newsgraph_kb_ruler" not in nlp.pipe_names:
        pytest.skip("newsgraph_kb_ruler not available")
    assert _missing(nlp, anchorage_txt) == []  # "Städte wie Pokrowsk": the ruler's place context


@pytest.mark.skipif(not HAS_EN, reason="English model not trained yet")
def test_en_model():
    nlp = load_base("en")
    for name in ("tok2vec", "morphologizer", "parser", "trainable_lemmatizer", "ner"):
        assert name in nlp.pipe_names
    doc = nlp("President Joe Biden met German Chancellor Olaf Scholz in Washington on Friday. They talked.")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Joe Biden", "PER") in ents and ("Washington", "LOC") in ents
    assert len(list(doc.sents)) == 2
    assert [t.lemma_ for t in doc if t.text == "met"] == ["meet"]
