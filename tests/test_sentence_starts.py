"""The sentence-start guard between senter and parser (nlp/sentence_starts.py)."""

from __future__ import annotations

from pathlib import Path

from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.nlp.sentence_starts import fix_sentence_starts

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()


def _starts(doc):
    return [t.i for t in doc if t.is_sent_start]


def test_lowercase_start_after_a_word_is_vetoed_but_real_boundaries_stay():
    nlp = load_pipeline("de", bare=True)
    doc = nlp.make_doc("Der russische Machthaber hat gewonnen. er kam spät – und dann ging er. "
                       "Am Montag fliegt er.\nsonst nichts")
    for t in doc:
        t.is_sent_start = t.i in (0, 1, 6, 10, 11, 16) or t.text in ("Am",) or t.text == "sonst"
    fix_sentence_starts(doc)
    words = {doc[i].text for i in _starts(doc)}
    assert "russische" not in words          # after the article "Der": a senter error
    assert "er" in words                     # after a full stop: kept, even lower-case
    assert "und" in words                    # after a dash: kept
    assert "Am" in words                     # capitalised: kept
    sonst = next(t for t in doc if t.text == "sonst")
    assert doc[sonst.i - 1].is_sent_start and not sonst.is_sent_start  # the line break opens it


def test_reference_article_opens_with_one_sentence_and_the_guard_is_in_the_pipeline():
    nlp = load_pipeline("de", bare=True)
    assert nlp.pipe_names.index("senter") < nlp.pipe_names.index("newsgraph_sentence_starts") \
        < nlp.pipe_names.index("parser")
    text = (SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")
    first = next(iter(nlp(text).sents)).text
    assert first == "Der russische Machthaber hat in Alaska nicht nur die Bilder bekommen, die er wollte."


def test_a_line_break_ends_the_sentence_so_headings_stand_alone():
    nlp = load_pipeline("de", bare=True)
    text = (SHARED / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")
    sents = [s.text.strip() for s in nlp(text).sents]
    assert "Trump setzt Selenskyj unter Druck" in sents
    assert "Russland bereitet die nächsten Angriffe bereits vor" in sents
    assert any(s.startswith("Denn Putin, dessen Armee") for s in sents)
    assert "" not in sents  # the line break closes the sentence before it, not one of its own
    doc = nlp("Er sagte: „Wir kommen.“\nAus dem Kreml kam nichts.")
    assert [s.text.strip() for s in doc.sents] == ["Er sagte: „Wir kommen.“", "Aus dem Kreml kam nichts."]


def test_english_paragraphs_keep_their_closing_quotation_marks():
    nlp = load_pipeline("en", bare=True)
    assert nlp.pipe_names.index("newsgraph_sentence_starts") < nlp.pipe_names.index("parser")
    doc = nlp('Pelosi said: "We will work with the president."\nThe Senate leader spoke on Friday.\n'
              "Russia prepares new attacks\nThe next strikes are planned.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0].endswith('president."')
    assert "The Senate leader spoke on Friday." in sents
    assert "Russia prepares new attacks" in sents
