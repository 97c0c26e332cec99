"""Amounts: numbers in digits and words, money, percentages, durations, typed counts, GDELT fields."""

from __future__ import annotations

import pytest
from _nlp_helpers import check_offsets, one, run

from newsgraph.export.gdelt_fields import amount_entries, count_entries
from newsgraph.nlp.numbers import parse_digits, parse_word


def test_anchorage_amounts(anchorage_txt):
    doc = run("de", anchorage_txt.read_text(encoding="utf-8"))
    check_offsets(doc)
    drones = one(doc._.amounts, "800")
    assert drones.text == "bis zu 800 Drohnen pro Nacht"
    assert (drones.value, drones.object, drones.per, drones.qualifier) == (800, "Drohnen", "Nacht", "up to")
    war = one(doc._.amounts, "dreieinhalb")
    assert (war.kind, war.value, war.duration) == ("duration", 3.5, "P3.5Y")
    # years, "vor einem Jahr" and dates belong to the time tagger, not here
    assert not any("2024" in a.text or "einem Jahr" in a.text for a in doc._.amounts)


def test_english_article_amounts():
    text = ("Putin has waged war for three and a half years. Russia launched up to 800 drones per night on "
            "Kyiv. Last night at least 12 civilians were killed in Kharkiv, officials said. The EU pledged "
            "1.5 billion euros, two-thirds of it in loans.")
    doc = run("en", text)
    check_offsets(doc)
    war = one(doc._.amounts, "three and a half years")
    assert (war.kind, war.value, war.duration) == ("duration", 3.5, "P3.5Y")
    drones = one(doc._.amounts, "800")
    assert (drones.value, drones.object, drones.per, drones.qualifier) == (800, "drones", "night", "up to")
    killed = one(doc._.amounts, "12 civilians")
    assert (killed.count_type, killed.qualifier) == ("KILL", "at least")
    money = one(doc._.amounts, "1.5 billion euros")
    assert (money.value, money.unit) == (1.5e9, "EUR")
    third = one(doc._.amounts, "two-thirds")
    assert third.kind == "fraction" and third.object is None


@pytest.mark.parametrize(
    ("lang", "text", "needle", "value", "kind", "unit", "obj", "qualifier"),
    [
        ("de", "Die EU stellt 1,5 Mrd. Euro bereit.", "1,5 Mrd. Euro", 1.5e9, "money", "EUR", None, "exact"),
        ("de", "Rund 2.500 Menschen mussten fliehen.", "2.500", 2500, "number", None, "Menschen", "about"),
        ("de", "Zwei Millionen Menschen sind ohne Wasser.", "Millionen", 2e6, "number", None, "Menschen", "exact"),
        ("de", "Hunderte Soldaten wurden verlegt.", "Hunderte", 200, "number", None, "Soldaten", "at least"),
        ("de", "Er kaufte ein Dutzend Drohnen.", "Dutzend", 12, "number", None, "Drohnen", "exact"),
        ("de", "Die Inflation stieg auf 3,5 Prozent.", "3,5 Prozent", 3.5, "percent", "%", None, "exact"),
        ("de", "Zwei Drittel der Bevölkerung lehnen das ab.", "Drittel", 2 / 3, "fraction", None, "Bevölkerung",
         "exact"),
        ("de", "Russland verlegte dreiundzwanzig Panzer.", "dreiundzwanzig", 23, "number", None, "Panzer", "exact"),
        ("de", "Nachts flogen zweihundertfünfzig Drohnen.", "zweihundertfünfzig", 250, "number", None, "Drohnen",
         "exact"),
        ("de", "Die Verhandlungen liefen anderthalb Jahre lang.", "anderthalb", 1.5, "duration", "Jahre", None,
         "exact"),
        ("de", "Die Kosten liegen bei mehr als 40 Mio. Dollar.", "40 Mio. Dollar", 4e7, "money", "USD", None,
         "more than"),
        ("en", "The EU pledged 3.5 billion dollars.", "3.5 billion dollars", 3.5e9, "money", "USD", None, "exact"),
        ("en", "The fund holds $2.1bn in assets.", "$2.1bn", 2.1e9, "money", "USD", None, "exact"),
        ("en", "Two-thirds of Ukrainians reject the plan.", "Two-thirds", 2 / 3, "fraction", None, "Ukrainians",
         "exact"),
        ("en", "Up to 800 drones per night hit Kyiv.", "800", 800, "number", None, "drones", "up to"),
        ("en", "The army bought a dozen drones.", "dozen", 12, "number", None, "drones", "exact"),
        ("en", "Growth slowed to about 4.5% last year.", "4.5%", 4.5, "percent", "%", None, "about"),
        ("en", "Twenty-five tanks were delivered.", "Twenty-five", 25, "number", None, "tanks", "exact"),
        ("en", "Almost 1,500 houses were damaged.", "1,500", 1500, "number", None, "houses", "about"),
    ],
)
def test_amount_cases(lang, text, needle, value, kind, unit, obj, qualifier):
    doc = run(lang, text)
    check_offsets(doc)
    a = one(doc._.amounts, needle)
    assert a.value == pytest.approx(value)
    assert (a.kind, a.unit, a.object, a.qualifier) == (kind, unit, obj, qualifier)


@pytest.mark.parametrize(
    ("lang", "text", "count_type", "value", "obj", "qualifier"),
    [
        ("de", "Bei dem Angriff auf Charkiw wurden mindestens zwölf Zivilisten getötet.", "KILL", 12, "Zivilisten",
         "at least"),
        ("de", "Nach Polizeiangaben wurden 45 Demonstranten festgenommen.", "ARREST", 45, "Demonstranten", "exact"),
        ("de", "Mehr als 2000 Menschen wurden aus der Region evakuiert.", "EVACUATE", 2000, "Menschen", "more than"),
        ("de", "Bewaffnete haben 20 Schüler entführt.", "KIDNAP", 20, "Schüler", "exact"),
        ("en", "At least 12 civilians were killed in the strike on Kharkiv.", "KILL", 12, "civilians", "at least"),
        ("en", "Police arrested 30 protesters in Tbilisi.", "ARREST", 30, "protesters", "exact"),
        ("en", "Some 3,000 people were displaced by the fighting.", "DISPLACE", 3000, "people", "about"),
        ("en", "Twenty soldiers were wounded.", "WOUND", 20, "soldiers", "exact"),
    ],
)
def test_typed_counts(lang, text, count_type, value, obj, qualifier):
    doc = run(lang, text)
    counts = [a for a in doc._.amounts if a.count_type]
    assert len(counts) == 1, [a.text for a in doc._.amounts]
    a = counts[0]
    assert (a.count_type, a.value, a.object, a.qualifier, a.kind) == (count_type, value, obj, qualifier, "count")


def test_count_types_in_one_sentence():
    doc = run("de", "Mindestens zwölf Zivilisten wurden getötet und 30 weitere verletzt.")
    types = {a.value: a.count_type for a in doc._.amounts}
    assert types == {12: "KILL", 30: "WOUND"}


def test_noun_counts():
    doc = run("de", "Es gab zwölf Tote und 40 Verletzte.")
    assert [(a.count_type, a.value, a.object) for a in doc._.amounts] == [
        ("KILL", 12, "Tote"), ("WOUND", 40, "Verletzte")]


def test_counts_need_people_or_a_cue():
    doc = run("de", "Bei dem Angriff wurden 15 Häuser zerstört und drei Autos beschädigt.")
    assert not any(a.count_type for a in doc._.amounts)


def test_count_place_from_locations():
    from _nlp_helpers import stage_pipeline

    from newsgraph.schema import Location, Mention

    text = "Bei dem Angriff auf Charkiw wurden mindestens zwölf Zivilisten getötet. Kiew meldete nichts."
    nlp = stage_pipeline("de", "blank")
    doc = nlp.make_doc(text)
    doc._.locations = [  # as newsgraph.nlp.geo leaves them
        Location(id="geo:706483", name="Kharkiv", feature="city", country="UA", geonameid=706483,
                 mentions=[Mention(start=20, end=27, text="Charkiw")]),
        Location(id="geo:703448", name="Kyiv", feature="city", country="UA", geonameid=703448,
                 mentions=[Mention(start=72, end=76, text="Kiew")]),
    ]
    doc = nlp(doc)
    a = next(a for a in doc._.amounts if a.count_type)
    assert (a.location, a.location_text) == ("geo:706483", "Charkiw")
    field = count_entries(doc._.amounts, doc._.locations, with_offset=False)
    assert field.startswith("KILL#12#Zivilisten#4#Kharkiv")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Am 16. August 2025 um 14 Uhr begann das Treffen."),
        ("de", "Seit 2014 ist die Krim besetzt, im Jahr 2022 folgte der Großangriff."),
        ("de", "Die G7 liefern F-16 und bekämpfen Covid-19."),
        ("de", "Noch vor einem Jahr war das unvorstellbar."),
        ("de", "Er landete auf dem 3. Platz."),
        ("en", "On August 16, 2025 at 3 p.m. the talks began."),
        ("en", "Two years ago the offensive stalled."),
    ],
)
def test_dates_years_and_codes_are_not_amounts(lang, text):
    doc = run(lang, text)
    assert doc._.amounts == [], [a.text for a in doc._.amounts]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("1.500", "de", 1500), ("1.500,25", "de", 1500.25), ("1,5", "de", 1.5), ("1,500", "en", 1500),
     ("3.5", "en", 3.5), ("12", "de", 12)],
)
def test_digit_conventions(text, lang, value):
    assert parse_digits(text, lang) == value


@pytest.mark.parametrize(
    ("word", "lang", "value"),
    [("dreieinhalb", "de", 3.5), ("anderthalb", "de", 1.5), ("zweihundertfünfzig", "de", 250),
     ("dreitausendvierhundert", "de", 3400), ("einundzwanzig", "de", 21), ("twenty-one", "en", 21),
     ("eleven", "en", 11), ("haus", "de", None), ("ein", "de", None)],
)
def test_number_words(word, lang, value):
    assert parse_word(word, lang) == value


def test_gdelt_amount_and_count_fields():
    doc = run("de", "Bei dem Angriff auf Charkiw wurden mindestens zwölf Zivilisten getötet. "
                    "Die EU gibt 1,5 Mrd. Euro.")
    amounts = doc._.amounts
    field = amount_entries(amounts)
    assert field == f"12,Zivilisten,{amounts[0].start};1500000000,EUR,{amounts[1].start};"
    counts = count_entries(amounts, [], with_offset=True)
    assert counts.startswith("KILL#12#Zivilisten#0#")
    assert counts.endswith(f"#{amounts[0].start};")


@pytest.mark.parametrize("lang,text,kept", [
    ("en", "Traffic stopped on Interstate 75 close to Alachua after the bus hit a second semi truck.", []),
    ("en", "Mayor Adamowicz, 53, died; the vote was 66 to 27 and at least 45 were aboard.", ["66", "27", "at least 45"]),
    ("en", "The study set two goals: 1) estimating rates and 2) testing them on 40 farms.", ["two goals", "40 farms"]),
    ("de", "Laut Absatz 35 der Carta und Kapitel 4 darf Tim Hunt (72) bleiben; es gab 58 Stimmen.", ["58 Stimmen"]),
])
def test_numbers_that_name_or_describe_are_no_amounts(lang, text, kept):
    """A road's or a paragraph's number, an age after a name, a list marker and an ordinal
    "a second" count nothing; the counts beside them stay."""
    doc = run(lang, text)
    check_offsets(doc)
    assert [a.text for a in doc._.amounts] == kept
