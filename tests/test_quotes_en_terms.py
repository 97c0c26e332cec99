"""English quotation marks that name a term are no quotes, and speech after "went on to say" or
"told the press in an interview" keeps its speaker (cases from a Wikinews article, 2020-02-12)."""

from __future__ import annotations

import pytest

import newsgraph
from _nlp_helpers import check_offsets, modes, one, run

NAMING = ('On Tuesday, the World Health Organization (WHO) announced the official name of the disease '
          'first recognized two months ago in Wuhan, China: "COVID-19" is to replace the WHO\'s temporary '
          'designation "2019-nCoV." The International Committee on Taxonomy of Viruses named the virus that '
          'causes it "severe acute respiratory syndrome coronavirus 2" (SARS-CoV-2).')


@pytest.mark.parametrize("mode", modes("en"))
def test_quoted_names_and_terms_are_no_quotes(mode):
    doc = run("en", NAMING, mode=mode)
    assert [q.text for q in doc._.quotes] == []


@pytest.mark.parametrize("mode", modes("en"))
def test_headline_style_speaker_with_colon_is_still_a_quote(mode):
    doc = run("en", 'Merkel: "We will not give up on Europe."', mode=mode)
    q = one(doc._.quotes, "We will not give up on Europe")
    assert q.kind == "direct" and q.speaker_text == "Merkel"


def test_went_on_to_say_keeps_the_speaker():
    doc = run("en", 'In an interview, Wendy Parmet said the name would place stigma on people. She went on to '
                    'say, "People tend to think of the disease as belonging to some group of people."')
    check_offsets(doc)
    q = one(doc._.quotes, "People tend to think")
    assert q.kind == "direct" and q.speaker_text == "She" and q.cue == "say"


@pytest.mark.parametrize("mode", modes("en"))
def test_speech_verb_before_a_speech_noun(mode):
    doc = run("en", 'Monica Smith told the press in a separate interview, "People with a different background '
                    'have been accused of spreading germs."', mode=mode)
    q = one(doc._.quotes, "People with a different background")
    assert q.kind == "direct" and q.cue == "told" and q.speaker_text == "Monica Smith"


@pytest.mark.parametrize("mode", modes("en"))
def test_according_to_a_long_source_phrase(mode):
    doc = run("en", "According to the United Nations' Food and Agriculture Organization's chief veterinary "
                    "officer, it was completely unnecessary.", mode=mode)
    check_offsets(doc)
    q = one(doc._.quotes, "unnecessary")
    assert q.kind == "indirect" and q.text == "it was completely unnecessary"


@pytest.mark.parametrize("mode", modes("en"))
def test_according_to_a_titled_witness_with_a_direct_quote(mode):
    doc = run("en", 'According to eyewitness Vinnie DeVita, "within probably 15 to 20 seconds of it all, it '
                    'exploded. I mean, just a ball of flames."', mode=mode)
    check_offsets(doc)
    q = one(doc._.quotes, "it exploded")
    assert q.kind == "direct" and q.speaker_text.endswith("Vinnie DeVita")
    assert q.text.startswith("within") and q.text.endswith("flames.")


@pytest.mark.parametrize("mode", modes("en"))
def test_according_to_a_common_noun_source(mode):
    doc = run("en", "According to officials in Kyiv, the attack killed 12 people. According to the report, "
                    "prices rose sharply in March.", mode=mode)
    check_offsets(doc)
    a = one(doc._.quotes, "the attack killed 12 people")
    b = one(doc._.quotes, "prices rose sharply")
    assert (a.kind, a.text, a.speaker_text, a.speaker) == ("indirect", "the attack killed 12 people", "officials", None)
    assert (b.kind, b.speaker_text) == ("indirect", "the report")


def test_a_to_infinitive_inside_a_quotation_reports_nothing():
    """"an incentive not to report a disease if …": no reported speech nested in the quote."""
    article = newsgraph.analyze(
        "\"There is a strong incentive not to report a disease if your city is labeled as an "
        "outbreak area,\" said Monica Schoch-Spana, a medical anthropologist.",
        text=True, language="en", published="2020-02-01")
    assert [q.kind for q in article.quotes] == ["direct"]
    assert article.quotes[0].speaker == "per:monica-schoch-spana"
