"""Entity spans and types where the statistical NER's output contradicts the name's form."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

import newsgraph
from newsgraph.nlp.kb_ruler import _before_predicate, _label_by_form


def _doc(lang: str, words: list[str], pos: list[str]) -> Doc:
    return Doc(spacy.blank(lang).vocab, words=words, pos=pos)


def test_english_span_ends_before_a_lower_case_content_word():
    doc = _doc("en", ["The", "Florida", "Department", "of", "Transportation", "closed", "Interstate", "75"],
               ["DET", "PROPN", "PROPN", "ADP", "PROPN", "ADJ", "PROPN", "NUM"])
    assert doc[0:_before_predicate(doc, 0, 8)].text == "The Florida Department of Transportation"
    doc = _doc("en", ["Ludwig", "van", "Beethoven"], ["PROPN", "PROPN", "PROPN"])
    assert _before_predicate(doc, 0, 3) == 3  # a name particle is part of the name
    doc = _doc("en", ["Bank", "of", "England", "said"], ["PROPN", "ADP", "PROPN", "VERB"])
    assert _before_predicate(doc, 0, 4) == 3
    doc = _doc("en", ["devil"], ["NOUN"])
    assert _before_predicate(doc, 0, 1) == 0  # nothing name-like left: no entity
    doc = _doc("en", ["al-Qa'ida", "member"], ["PROPN", "NOUN"])
    assert _before_predicate(doc, 0, 2) == 1


def test_german_names_keep_lower_case_adjectives_but_not_verbs():
    doc = _doc("de", ["Institut", "für", "angewandte", "Ökologie"], ["PROPN", "ADP", "ADJ", "PROPN"])
    assert _before_predicate(doc, 0, 4) == 4
    doc = _doc("de", ["Bach", "runtergeht"], ["PROPN", "VERB"])
    assert _before_predicate(doc, 0, 2) == 1


def test_the_article_entity_does_not_swallow_the_verb():
    text = ("The Florida Department of Transportation closed Interstate 75 on Monday after a crash "
            "near Tampa. The U.S. Department of Transportation said it would review the case.")
    article = newsgraph.analyze(text, text=True, language="en", published="2020-01-06")
    names = {e.name for e in article.entities}
    assert not any("closed" in n for n in names), names
    assert any(n.endswith("Florida Department of Transportation") for n in names), names


def test_types_follow_the_form_of_the_name():
    doc = _doc("en", ["Monica", "Schoch-Spana", "of", "the", "Johns", "Hopkins", "Center"],
               ["PROPN", "PROPN", "ADP", "DET", "PROPN", "PROPN", "PROPN"])
    assert _label_by_form(doc, 0, 2, "ORG") == "PER"
    assert _label_by_form(doc, 4, 7, "PER") == "ORG"
    assert _label_by_form(doc, 4, 7, "LOC") == "LOC"  # only PER and ORG are corrected
    for words in (["National", "Guard"], ["Islamic", "State"], ["Georgia", "Tech"], ["Monica", "NASA"]):
        doc = _doc("en", words, ["PROPN", "PROPN"])
        assert _label_by_form(doc, 0, 2, "ORG") == "ORG", words
    doc = _doc("de", ["Hubert", "Burda", "Media"], ["PROPN", "PROPN", "PROPN"])
    assert _label_by_form(doc, 0, 3, "PER") == "ORG"


def test_a_hyphenated_surname_in_several_tokens_is_one_word():
    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=["said", "Monica", "Schoch", "-", "Spana", ",", "a", "medical"],
              spaces=[True, True, False, False, False, True, True, False],
              pos=["VERB", "PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT", "DET", "ADJ"])
    assert _label_by_form(doc, 1, 5, "ORG") == "PER"
    doc = Doc(vocab, words=["Monica", "Research", "Group"], pos=["PROPN", "PROPN", "PROPN"])
    assert _label_by_form(doc, 0, 3, "ORG") == "ORG"  # two words after the given name
    doc = Doc(vocab, words=["Nicola", "McDonald"], pos=["PROPN", "PROPN"])
    assert _label_by_form(doc, 0, 2, "ORG") == "PER"
