"""Time expressions resolved against the publication date, and the gold-set accuracy floor."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from _nlp_helpers import modes, one, run

from newsgraph.nlp.timex import tagger

GOLD = Path(__file__).parent / "data" / "timex_gold.jsonl"
#: Accuracy floor on the gold set (resolution and kind must both match). The set was written by the
#: developer of the tagger, so it is a regression gate, not an independent evaluation.
GOLD_FLOOR = 0.90


def test_anchorage_times(anchorage_txt):
    doc = run("de", anchorage_txt.read_text(encoding="utf-8"), published=date(2025, 8, 16))
    times = doc._.times
    for t in times:
        assert doc.text[t.start : t.end] == t.text
    autumn = one(times, "Herbst 2024")
    assert (autumn.value_start, autumn.value_end, autumn.granularity) == (
        date(2024, 9, 1), date(2024, 11, 30), "season")
    monday = one(times, "Montag")
    assert (monday.value_start, monday.granularity, monday.kind) == (date(2025, 8, 18), "day", "point")
    year_ago = one(times, "vor einem Jahr")
    assert (year_ago.value, year_ago.granularity) == ("2024-08", "month")
    night = one(times, "vergangene Nacht")
    assert (night.value_start, night.value_end, night.granularity) == (
        date(2025, 8, 15), date(2025, 8, 16), "part_of_day")
    for rel in ("In den letzten Monaten", "in den nächsten Tagen und Wochen", "in den letzten Tagen"):
        t = one(times, rel)
        assert t.text == rel and t.kind == "relative"
    months = one(times, "In den letzten Monaten")
    assert (months.value_start, months.value_end) == (date(2025, 5, 16), date(2025, 8, 16))
    ahead = one(times, "in den nächsten Tagen und Wochen")
    assert ahead.value_start == date(2025, 8, 16) and ahead.value_end > date(2025, 8, 23)
    war = one(times, "dreieinhalb Jahren")
    assert (war.kind, war.value) == ("duration", "P3.5Y")
    expected = {"In den letzten Monaten", "einige Tage lang", "Herbst 2024", "vergangene Nacht",
                "dreieinhalb Jahren", "vor einem Jahr", "Montag", "in den nächsten Tagen und Wochen",
                "in den letzten Tagen"}
    assert {t.text for t in times} == expected  # nothing spurious ("die" is not Tuesday)


def _gold_rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_gold() -> tuple[int, int, int, list[str]]:
    """(n, detected, correct, misses): a gold expression counts as correct when an overlapping
    prediction has the same interval (value_start/value_end) and kind."""
    n = detected = correct = 0
    misses: list[str] = []
    for row in _gold_rows():
        n += 1
        sent, text = row["sentence"], row["text"]
        gs = sent.index(text)
        ge = gs + len(text)
        out = tagger(row["lang"]).tag(sent, date.fromisoformat(row["published"]), [(0, len(sent))])
        hit = [t for t in out if t.start < ge and gs < t.end]
        if not hit:
            misses.append(f"missed {row['lang']} {text!r}")
            continue
        detected += 1
        t = hit[0]
        got = (t.value_start and t.value_start.isoformat(), t.value_end and t.value_end.isoformat(), t.kind)
        if got == (row["value_start"], row["value_end"], row["kind"]):
            correct += 1
        else:
            misses.append(f"wrong {row['lang']} {text!r}: {got}")
    return n, detected, correct, misses


def test_gold_set_size_and_languages():
    rows = _gold_rows()
    assert len(rows) >= 150
    assert {r["lang"] for r in rows} == {"de", "en"}
    for r in rows:
        assert r["text"] in r["sentence"]


def test_gold_accuracy_floor(capsys):
    n, detected, correct, misses = evaluate_gold()
    with capsys.disabled():
        print(f"\ntimex gold: n={n} detected={detected / n:.3f} accuracy={correct / n:.3f}")
    assert correct / n >= GOLD_FLOOR, misses


def test_without_publication_date_only_explicit_dates_resolve():
    doc = run("de", "Seit Herbst 2024 wird gekämpft, am Montag reist er ab.", published=None)
    autumn = one(doc._.times, "Herbst 2024")
    assert autumn.value_start == date(2024, 9, 1)
    monday = one(doc._.times, "Montag")
    assert monday.value_start is None and monday.value_end is None


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung und die Opposition streiten über die Reform.",
        "Am Morgen trafen sich die Delegationen.",
        "Die Sommeroffensive kommt nur langsam voran.",
        "Das kostet 2000 Euro.",
    ],
)
def test_no_false_times(text):
    doc = run("de", text)
    assert not any(t.granularity == "day" and t.kind == "point" for t in doc._.times), [
        (t.text, t.value) for t in doc._.times]
    assert not any(t.text in ("die", "Die", "Morgen", "2000") for t in doc._.times)


def test_share_is_not_a_duration():
    doc = run("en", "About a quarter of the island lost power.")
    assert doc._.times == []


def test_english_article_times(shared):
    text = (Path(__file__).parent / "data" / "quotes_en_article.txt").read_text(encoding="utf-8")
    doc = run("en", text, published=date(2025, 8, 16))
    times = {t.text: t for t in doc._.times}
    assert times["Monday"].value_start == date(2025, 8, 18)
    assert times["Saturday"].value_start == date(2025, 8, 16)
    assert times["nightly"].kind == "set"


def test_published_datetime_is_accepted():
    from datetime import datetime, timezone

    doc = run("en", "The talks began yesterday.", published=datetime(2025, 8, 16, 11, 42, tzinfo=timezone.utc))
    assert one(doc._.times, "yesterday").value_start == date(2025, 8, 15)


@pytest.mark.parametrize("mode", modes("de"))
@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("Russland beschoss am Montag Kiew.", "Montag", date(2025, 8, 11)),  # strong preterite
        ("Am Montag hat Russland Kiew beschossen.", "Montag", date(2025, 8, 11)),  # perfect, no ge-
        ("Am Montag ist er nach Washington geflogen.", "Montag", date(2025, 8, 11)),
        ("Die Armee meldete am Mittwoch neue Geländegewinne.", "Mittwoch", date(2025, 8, 13)),  # weak
        ("Am Montag fliegt er nach Washington.", "Montag", date(2025, 8, 18)),  # present = ahead
        ("Am Dienstag wird der Sicherheitsrat abstimmen.", "Dienstag", date(2025, 8, 19)),
        ("Trump sagte am Freitag, er werde am Montag Selenskyj empfangen.", "Freitag", date(2025, 8, 15)),
        ("Trump sagte am Freitag, er werde am Montag Selenskyj empfangen.", "Montag", date(2025, 8, 18)),
    ],
)
def test_weekday_follows_the_governing_verbs_tense_de(text, needle, expected, mode):
    doc = run("de", text, published=date(2025, 8, 16), mode=mode)  # a Saturday
    assert one(doc._.times, needle).value_start == expected


@pytest.mark.parametrize("mode", modes("en"))
@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("Russia shelled Kyiv on Monday.", "Monday", date(2025, 8, 11)),
        ("Russia has shelled Kyiv on Monday.", "Monday", date(2025, 8, 11)),
        ("The delegation did not arrive on Tuesday.", "Tuesday", date(2025, 8, 12)),
        ("Zelensky flies to Washington on Monday.", "Monday", date(2025, 8, 18)),
        ("He will fly to Washington on Monday.", "Monday", date(2025, 8, 18)),
        ("Trump said on Friday that he will host Zelensky on Monday.", "Friday", date(2025, 8, 15)),
        ("Trump said on Friday that he will host Zelensky on Monday.", "Monday", date(2025, 8, 18)),
    ],
)
def test_weekday_follows_the_governing_verbs_tense_en(text, needle, expected, mode):
    doc = run("en", text, published=date(2025, 8, 16), mode=mode)
    assert one(doc._.times, needle).value_start == expected


def test_lexical_tense_without_a_parse():
    tag = tagger("de")
    text = "Russland beschoss am Montag Kiew, am Dienstag beginnen die Gespräche."
    guess = tag.tense_of(text, [(0, len(text))])
    assert guess(text.index("Montag")) == "past" and guess(text.index("Dienstag")) == "present"


def test_case_escapees_cover_every_character_ignorecase_equates_with_ascii():
    """The word gates lowercase the text; characters that re.IGNORECASE matches to an ASCII
    letter without lowercasing to it must all be listed, or a gate could skip a real match."""
    import re

    from newsgraph.nlp.timex import CASE_ESCAPEES

    computed = {chr(cp) for cp in range(0x80, 0x20000)
                if any(ch.isascii() for ch in chr(cp).lower() + chr(cp).upper() + chr(cp).casefold())}
    assert computed == set(CASE_ESCAPEES)
    letters = [re.compile("(?i)" + a) for a in "abcdefghijklmnopqrstuvwxyz"]
    for c in map(chr, range(0x80, 0x20000)):
        if c not in CASE_ESCAPEES:
            assert not any(p.fullmatch(c) for p in letters), repr(c)


def test_word_gates_never_skip_a_pattern_that_matches():
    """Every gold sentence: a pattern whose gate says "no" finds nothing when run anyway."""
    from newsgraph.nlp.timex import _WORD

    gold = Path(__file__).parent / "data" / "timex_gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    for lang in ("de", "en"):
        t = tagger(lang)
        for row in rows:
            text = row["sentence"]
            words = {w.lower() for w in _WORD.findall(text)}
            for name, pat, _ in t.patterns:
                gate = t.gates.get(name)
                if gate and not all(words & alts for alts in gate):
                    assert pat.search(text) is None, (lang, name, text)


def test_lead_runs_find_what_a_full_scan_finds(anchorage_txt):
    """The tagger tries a pattern only at the runs its matches can start at (``Lead``): over gold
    sentences, the reference article and tricky characters (a digit outside the BMP, an emoji,
    long s under IGNORECASE, a part of the day written onto a weekday), that finds exactly the
    matches of a scan of the whole text."""
    from newsgraph.nlp.timex import RunIndex, _lead_finditer

    gold = Path(__file__).parent / "data" / "timex_gold.jsonl"
    texts = [json.loads(line)["sentence"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [anchorage_txt.read_text(encoding="utf-8"), "", "x",
              "Am Samstagabend, 𝟑 Tage lang 😀 vor drei Jahren; seit ſieben Jahren, in den nächsten zwei Wochen",
              "For 𝟐 days and twenty-five years ago, mid-March, Q3 2024 at 5 pm on Mondays; ſince last week"]
    checked = 0
    for lang in ("de", "en"):
        t = tagger(lang)
        assert t.leads
        for text in texts:
            index = RunIndex(text, text.lower(), t.lead_words)
            assert index.ok
            for name, pat, _ in t.patterns:
                lead = t.leads.get(name)
                if lead is None or ("ſ" in text and pat.flags & re.IGNORECASE):
                    continue  # tag() scans texts with case escapees in full (see CASE_ESCAPEES)
                want = [m.span() for m in pat.finditer(text)]
                assert [m.span() for m in _lead_finditer(pat, text, index.lead_starts(lead))] == want, (lang, name, text)
                checked += len(want)
    assert checked > 300


def test_digit_run_needs_find_what_a_search_finds(anchorage_txt):
    """A ``needs`` regex tried only at the digit runs (``needs_digit_run``) says yes exactly where a
    search of the whole text finds a match: ISO dates at the start and end of a text, beside
    letters, outside the BMP, and texts without one."""
    from newsgraph.nlp.timex import RunIndex

    texts = [anchorage_txt.read_text(encoding="utf-8"), "", "1-22-3", "x1-22-3y", "am 2024-05-01", "2024-05-01.",
             "a-12-34-5 b", "Q3-12-4", "𝟐-12-3", "2-𝟏𝟐-3", "1 - 22 - 3", "12-3-45", "Tel. 030-12-45"]
    checked = 0
    for lang in ("de", "en"):
        t = tagger(lang)
        assert t.need_offsets
        for name, off in t.need_offsets.items():
            need = t.needs[name]
            for text in texts:
                index = RunIndex(text, text.lower(), t.lead_words)
                assert index.ok
                fast = any(need.match(text, q - off) for q in index.digits.tolist() if q >= off)
                assert fast == (need.search(text) is not None), (lang, name, text)
                checked += fast
    assert checked >= 10


def test_re_ascii_folds_are_the_characters_ignorecase_equates_with_ascii_letters():
    from newsgraph.nlp.timex import CASE_ESCAPEES, RE_ASCII_FOLDS

    letter = re.compile("(?i)[a-z]")
    assert {chr(cp) for cp in range(0x80, 0x20000) if letter.fullmatch(chr(cp))} == set(RE_ASCII_FOLDS)
    assert RE_ASCII_FOLDS <= CASE_ESCAPEES
