"""Reported-speech rules for news phrasing found missing in the Redewiedergabe DEV newspapers
(one sentence written for each pattern)."""

from __future__ import annotations

import pytest
from _nlp_helpers import check_offsets, modes, one, run


@pytest.mark.parametrize("mode", modes("de"))
def test_speaker_after_cue_and_adverbials(mode):
    """``sagte am Freitag vor Journalisten in Berlin Außenminister Müller``: the subject after
    prepositional phrases is the speaker."""
    doc = run("de", "Am Freitag sagte vor Journalisten in Berlin Außenminister Müller, die Regierung habe "
                    "keine Wahl.", mode=mode)
    check_offsets(doc)
    q = one(doc._.quotes, "die Regierung habe keine Wahl")
    assert q.kind == "indirect" and q.speaker_text.endswith("Müller")


@pytest.mark.parametrize("mode", modes("de"))
def test_konjunktiv_of_a_less_common_verb(mode):
    doc = run("de", "In einem Interview äußerte Generalmajor Keim, im Parlament stecke ein gutes Teil "
                    "Heuchelei.", mode=mode)
    q = one(doc._.quotes, "im Parlament stecke ein gutes Teil Heuchelei")
    assert q.kind == "indirect" and q.speaker_text.endswith("Keim")


@pytest.mark.parametrize("mode", modes("de"))
def test_zu_infinitive_with_particle_zusammen(mode):
    """``zusammenzuschließen``: the particle ``zusammen`` starts with *zu* itself."""
    doc = run("de", "Die Partei forderte die Regierung auf, sich gegen die Opposition zusammenzuschließen.",
              mode=mode)
    q = one(doc._.quotes, "sich gegen die Opposition zusammenzuschließen")
    assert q.kind == "indirect" and q.cue == "forderte"


def test_postposed_cue_with_an_object_reports_nothing():
    """``…, so schilderte er ihnen seine Erlebnisse``: a cue with an object of its own is no
    attribution of the clause before it (here: narration after a quotation)."""
    text = ("Er wandte sich um und rief: „Jetzt grüßt sie mich nicht, und gestern hat sie mich geküßt!“ "
            "Die Augen des Abbate wurden groß; und da er sich wieder heben wollte, so schilderte er ihnen "
            "seine nächtlichen Erlebnisse.")
    doc = run("de", text, mode="blank")
    check_offsets(doc)
    assert [q.kind for q in doc._.quotes] == ["direct"]
    assert doc._.quotes[0].text.startswith("Jetzt grüßt sie mich nicht")


def test_postposed_cue_after_a_quotation_reports_what_follows_it():
    text = ("„Das ist ein guter Tag“, rief er. Man werde weiter verhandeln, sagte der Minister am Abend.")
    doc = run("de", text, mode="blank")
    check_offsets(doc)
    q = one(doc._.quotes, "Man werde weiter verhandeln")
    assert q.kind == "indirect" and q.speaker_text == "der Minister" and "guter Tag" not in q.text


@pytest.mark.parametrize("mode", modes("de"))
def test_reported_speech_inside_a_direct_quotation(mode):
    """„Putin hat mir gesagt, er wolle Frieden“: the report inside the quotation is Putin's; a
    first-person report is the quotation's speaker's; a hedge ("Ich würde sagen, dass") is none."""
    doc = run("de", "„Putin hat mir gesagt, er wolle Frieden“, sagte Trump am Freitag. „Ich habe ihm erklärt, "
                    "dass wir keine Truppen schicken werden“, sagte der Kanzler. „Ich würde auch sagen, dass "
                    "die Europäer sich engagieren müssen“, sagte Trump.", mode=mode)
    check_offsets(doc)
    qs = doc._.quotes
    peace = [q for q in qs if q.text == "er wolle Frieden"]
    assert len(peace) == 1 and peace[0].kind == "indirect" and peace[0].speaker_text == "Putin"
    assert one(qs, "Putin hat mir gesagt").kind == "direct"
    troops = [q for q in qs if q.text == "wir keine Truppen schicken werden"]
    assert len(troops) == 1 and troops[0].speaker_text == "der Kanzler"
    assert not any(q.text.startswith("die Europäer") for q in qs)


def test_report_ends_before_a_coordinated_indicative_verb():
    """``…, dass … habe, und verweigert …``: the subject's own act in the indicative is no longer
    the report; a Konjunktiv after "und" still is."""
    doc = run("de", "Der Präsident erklärte, dass das Parlament nichts dreinzureden habe, und verweigert die "
                    "Erfüllung des Verlangens. Er sagte, er sei einverstanden, und nicht jeder müsse kommen.",
              mode="blank")
    check_offsets(doc)
    assert one(doc._.quotes, "dreinzureden").text == "das Parlament nichts dreinzureden habe"
    assert one(doc._.quotes, "einverstanden").text == "er sei einverstanden, und nicht jeder müsse kommen"


@pytest.mark.parametrize("mode", modes("en"))
def test_reported_speech_inside_an_english_quotation(mode):
    doc = run("en", '"Putin told me that he wants peace," Trump said on Friday. "I would say that Europe must do '
                    'more," Trump said. "We told them that we will not send troops," the chancellor said.', mode=mode)
    check_offsets(doc)
    qs = doc._.quotes
    peace = [q for q in qs if q.text == "he wants peace"]
    assert len(peace) == 1 and peace[0].kind == "indirect" and peace[0].speaker_text == "Putin"
    assert not any(q.text.startswith("Europe must") for q in qs)
    troops = [q for q in qs if q.text == "we will not send troops"]
    assert len(troops) == 1 and troops[0].speaker_text == "the chancellor"


@pytest.mark.parametrize("mode", modes("de"))
def test_quoted_paper_name_after_the_cue_is_the_source_not_a_quote(mode):
    doc = run("de", "Aus Berlin meldet der „Tagesspiegel“, dass die Löhne gestiegen sind. Der Minister sagte der "
                    "„Bild am Sonntag“, die Lage sei ernst.", mode=mode)
    check_offsets(doc)
    qs = doc._.quotes
    assert not any(q.text in ("Tagesspiegel", "Bild am Sonntag") for q in qs)
    wages = one(qs, "die Löhne gestiegen sind")
    assert wages.kind == "indirect" and "Tagesspiegel" in wages.speaker_text
    assert one(qs, "die Lage sei ernst").speaker_text == "Der Minister"


@pytest.mark.parametrize("mode", modes("de"))
def test_aufmerksam_machen_is_a_speech_cue(mode):
    doc = run("de", "Der Minister machte darauf aufmerksam, dass die Kassen leer seien.", mode=mode)
    q = one(doc._.quotes, "die Kassen leer seien")
    assert q.kind == "indirect" and q.speaker_text == "Der Minister" and q.cue == "machte"


@pytest.mark.parametrize("mode", modes("de"))
def test_nach_with_article_before_the_speech_noun(mode):
    doc = run("de", "Nach den Worten des Ministers ist die Lage ernst. Nach der Darstellung der Polizei wurde "
                    "niemand verletzt. Nach Meinung vieler ist das falsch.", mode=mode)
    check_offsets(doc)
    qs = doc._.quotes
    serious = one(qs, "die Lage ernst")
    assert serious.kind == "indirect" and serious.cue == "Worten" and "Ministers" in serious.speaker_text
    hurt = one(qs, "niemand verletzt")
    assert hurt.cue == "Darstellung" and hurt.speaker_text.endswith("Polizei")
    assert one(qs, "ist das falsch").text == "ist das falsch"


def test_zu_of_an_infinitive_is_not_the_particle_of_zugeben():
    """``gab sich Mühe, ihn weich zu stimmen``: no *zugeben*; the later cue still reports."""
    doc = run("de", "Der Vorgesetzte gab sich die größte Mühe, ihn weich zu stimmen, indem er ihm sagte, der junge "
                    "Mann sei ein braver Mensch. Der Minister gab zu, dass Fehler gemacht worden seien.", mode="blank")
    qs = doc._.quotes
    assert not any("weich zu stimmen" in q.text for q in qs)
    assert one(qs, "braver Mensch").cue == "sagte"
    assert one(qs, "Fehler gemacht worden seien").cue == "gab"


def test_attribution_source_with_lowercase_modifiers_is_not_the_report():
    doc = run("de", "Nach Angaben der örtlichen Behörden wurden zwölf Menschen getötet.", mode="blank")
    check_offsets(doc)
    q = one(doc._.quotes, "zwölf Menschen")
    assert q.text == "wurden zwölf Menschen getötet" and q.speaker_text.endswith("Behörden")
