"""Time expressions, German and English, resolved against ``doc._.published``.

Own rules first, because dateparser fails on exactly what news is full of: *am Montag* (needs the
tense to know whether it is last or next Monday), *Herbst 2024*, *Anfang März*, *vergangene Woche*,
*in den nächsten Tagen und Wochen*; and ``search_dates`` reads the article *die* as Tuesday. The
explicit-date patterns below (``16. August 2025``, ``16.08.2025``, ``Aug. 16, 2025``, ISO) already
cover what dateparser would add, so it is not used to find or resolve anything here.

A weekday without a modifier takes its direction from the tense of the verb that governs it: with
a parse, the head chain up to the verb and its auxiliaries (``Tense=Past``, *hat … beschossen*,
*did*, *will*); without one (or when the model mis-tags the verb), the verb forms of the clause
around it, including German strong and weak preterites (*beschoss*, *meldete*) read from their shape.

Each expression gets a kind (point | duration | relative | set), a granularity, a normalised interval
(``value_start``..``value_end``, inclusive dates) and a TIMEX3-like ``value`` (``2025-08-18``,
``2024-FA``, ``2025-W33``, ``P3.5Y``, ``2025-08-15TNI``). Vocabulary: ``resources/timex/<lang>.json``.
"""

from __future__ import annotations

import bisect
import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Callable

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp import extensions  # noqa: F401
from newsgraph.nlp.numbers import number_words, parse_digits, parse_word
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.textspans import sentence_at, sentence_ranges
from newsgraph.schema import TimeExpr
from newsgraph.nlp.lemma_keys import doc_text as cached_text
from newsgraph.nlp.lemma_keys import token_table
from newsgraph.nlp.unchecked import build

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "timex"
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_POD_ORDER = {"MO": 0, "MI": 1, "AF": 2, "EV": 3, "NI": 4}


# --------------------------------------------------------------------------- date arithmetic


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (Y, M, W, D, Q, DE, N, H, MIN); fractional years/months allowed."""
    if unit in ("Y", "DE", "CE"):
        months = n * {"Y": 12, "DE": 120, "CE": 1200}[unit]
        return add_months(d, int(round(months)))
    if unit == "M":
        return add_months(d, int(round(n)))
    if unit == "Q":
        return add_months(d, int(round(n * 3)))
    if unit == "W":
        return d + timedelta(days=round(7 * n))
    if unit in ("D", "N"):
        return d + timedelta(days=round(n))
    return d


def season_interval(y: int, code: str) -> tuple[date, date]:
    a, b = _SEASON_MONTHS[code]
    if code == "WI":
        return date(y, 12, 1), month_end(y + 1, 2)
    return date(y, a, 1), month_end(y, b)


def week_interval(d: date) -> tuple[date, date]:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def iso_duration(n: float | None, unit: str) -> str:
    x = "X" if n is None else _fmt(n)
    if unit in ("H", "MIN"):
        return f"PT{x}{'H' if unit == 'H' else 'M'}"
    if unit == "DE":
        return f"P{x}DE" if n is None else f"P{_fmt(n * 10)}Y"
    if unit == "CE":
        return f"P{x}CE" if n is None else f"P{_fmt(n * 100)}Y"
    return f"P{x}{ {'N': 'D', 'WE': 'WE'}.get(unit, unit) }"


# --------------------------------------------------------------------------- vocabulary


@dataclass
class Vocab:
    lang: str
    d: dict

    def alt(self, key: str, extra: list[str] | None = None, capitalised: bool = False) -> str:
        words = list(self.d[key]) + (extra or [])
        if capitalised:
            words += [w[:1].upper() + w[1:] for w in words]
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def vocab(lang: str) -> Vocab:
    path = RESOURCES / f"{lang}.json"
    if not path.exists():
        path = RESOURCES / "en.json"
    return Vocab(lang, json.loads(path.read_text(encoding="utf-8")))


@dataclass
class Result:
    kind: str
    granularity: str
    start: date | None = None
    end: date | None = None
    value: str | None = None
    span: tuple[int, int] | None = None  # override of the match span


@dataclass
class Ctx:
    ref: date | None
    text: str
    tense: Callable[[int], str]  # char offset -> past | future | present
    vague_count: int


# --------------------------------------------------------------------------- tagger


class TimeTagger:
    """Finds and resolves time expressions for one language."""

    def __init__(self, lang: str, vague_count: int = 3):
        self.lang = lang
        self.v = vocab(lang)
        self.vague_count = vague_count
        self.patterns: list[tuple[str, re.Pattern, Callable]] = []
        self.keywords: dict[str, tuple[str, ...] | None] = {}
        self.needs: dict[str, re.Pattern] = {}
        self.need_offsets: dict[str, int] = {}
        (self._build_de if lang == "de" else self._build_en)()
        self.gates: dict[str, tuple[frozenset[str], ...]] = {}
        self._build_gates()
        self.leads: dict[str, Lead] = {}
        self._build_leads()

    # ------------------------------------------------------------ helpers

    def num(self, s: str | None) -> float | None:
        if s is None:
            return None
        s = s.strip()
        low = s.lower()
        if low in ("ein", "eine", "einem", "einer", "einen", "a", "an", "one"):
            return 1.0
        if low in [w.lower() for w in self.v.d["vague_numbers"]]:
            return None
        if low.endswith(" and a half"):
            base = self.num(s[: -len(" and a half")])
            return base + 0.5 if base is not None else None
        if s[:1].isdigit():
            return parse_digits(s, self.lang)
        return parse_word(s, self.lang)

    def is_vague(self, s: str | None) -> bool:
        return s is not None and s.strip().lower() in [w.lower() for w in self.v.d["vague_numbers"]]

    def unit(self, s: str) -> str:
        u = self.v.d["units"]
        return u.get(s, u.get(s.lower(), "D"))

    def _add(self, name: str, pattern: str, handler: Callable, flags: int = 0, needs: str | None = None,
             needs_digit_run: int | None = None) -> None:
        """``needs``: a regex that finds a piece of every match of ``pattern`` (same flags). It
        starts with a character class, so ``re`` skips ahead to the positions that can start it
        (``pattern`` begins with a look-behind: ``re`` tries it at every position); a text it
        finds nothing in is not scanned with ``pattern`` in full (where a ``Lead`` is usable, the
        scan at its runs costs less than the search, so ``needs`` is skipped). ``needs_digit_run``: every match of
        ``needs`` has a ``\\w+`` run that starts with a digit this many characters after its start
        (``\\d-\\d\\d-\\d``: 2), so it is tried only there."""
        self.patterns.append((name, re.compile(pattern, flags), handler))
        self.keywords[name] = _KEYWORDS.get(self.lang, {}).get(name)
        if needs is not None:
            self.needs[name] = re.compile(needs, flags)
            if needs_digit_run is not None:
                self.need_offsets[name] = needs_digit_run

    def _build_gates(self) -> None:
        """Word gates: for each listed pattern, sets of lowercase words such that every match of
        the pattern contains, as a whole ``\\w+`` run, one word of each set (read off the pattern:
        these literals sit between the pattern's word boundaries, spaces or hyphens). A text
        without such words cannot match, so its scan is skipped — the regexes cost more to run
        over a whole article than everything else in the tagger, and most find nothing."""
        d = self.v.d
        low = lambda ws: frozenset(w.lower() for w in ws)  # noqa: E731
        runs = lambda ws: frozenset(r.lower() for w in ws for r in _WORD.findall(w)[:1])  # noqa: E731
        mods = low(d["past_mod"] + d["future_mod"])
        if self.lang == "en":
            self.gates = {
                "phase_month": (low(["early", "mid", "late", "beginning", "start", "middle", "end"]),
                                runs(d["months"])),
                "phase_unit": (low(["early", "mid", "late", "beginning", "start", "middle", "end"]),),
                "earlier_this": (low(["earlier", "later"]), low(["year", "month", "week"])),
                "tonight": (low(["tonight", "overnight", "night", "morning", "afternoon", "evening"]),),
                "quarter_q": (low(["Q1", "Q2", "Q3", "Q4"]),),
                "weekday_set": (low(w + "s" for w in d["weekdays"]),),
                "rel_unit": (low(["week", "month", "year", "quarter", "weekend", "decade"]),
                             low(d["past_mod"] + d["future_mod"] + d["this_mod"])),
                "ago": (low(["ago"]),),
                "ahead": (low(["days", "weeks", "months", "years", "hours", "year", "decades"]),),
                "range": (low(["days", "weeks", "months", "years", "hours", "decades"]),
                          low(d["past_mod"] + d["future_mod"] + ["recent"])),
                "duration": (low(d["units"]),),
                "set_word": (low(d["sets_words"]),),
            }
        else:
            self.gates = {
                "phase_month": (low(["Anfang", "Mitte", "Ende", "Beginn"]), runs(d["months"])),
                "phase_unit": (low(["Anfang", "Mitte", "Ende", "Beginn"]),),
                "rel_unit": (low(["Woche", "Monat", "Monats", "Jahr", "Jahres", "Quartal", "Quartals",
                                  "Wochenende", "Jahrzehnt"]),
                             low(d["past_mod"] + d["future_mod"] + d["this_mod"])),
                "range": (mods, low(["Tagen", "Tage", "Wochen", "Monaten", "Monate", "Jahren", "Jahre",
                                     "Stunden", "Jahrzehnten", "Jahrzehnte"])),
                "ahead": (low(["Tagen", "Wochen", "Monaten", "Jahren", "Stunden", "Jahr", "Monat", "Woche",
                               "Jahrzehnten"]),),
                "set": (low(["jeden", "jede", "jedes", "alle"]),),
                "set_word": (low(d["sets_words"]),),
            }

    def _build_leads(self) -> None:
        """Where a match can start, for the patterns below: every match starts right after a
        non-word character (the pattern's look-behind) with a word character, so at the start of
        a ``\\w+`` run, and that run (lower-cased) is one of the words listed (read off the
        pattern's leading alternatives), or begins with a digit (``digit``), or is the German
        number ``[a-zäöüß]+`` right before a unit (``before``). ``tag`` tries the pattern only at
        those runs (:func:`_lead_finditer`): ``re`` cannot skip ahead in a pattern that begins
        with a look-behind, so scanning a whole article costs it a try at every character."""
        d = self.v.d
        runs = lambda *lists: frozenset(_WORD.match(w)[0].lower() for ws in lists for w in ws)  # noqa: E731
        mods = list(d["past_mod"]) + list(d["future_mod"]) + list(d["this_mod"])
        wd, mon = list(d["weekdays"]), list(d["months"])
        if self.lang == "en":
            words = sorted(set(number_words("en").units) | set(number_words("en").tens)
                           | {"a", "an", "several", "some", "many", "few"})
            num = runs(words, ["a"])
            phase = ["early", "mid", "late", "the"]
            leads = {
                "date_mdy": Lead(runs(wd, mon)),
                "date_dmy": Lead(runs(wd, ["the"]), digit=True),
                "iso": Lead(frozenset(), digit=True),
                "phase_month": Lead(runs(phase)),
                "phase_unit": Lead(runs(phase)),
                "earlier_this": Lead(runs(["earlier", "later"])),
                "month": Lead(runs(mods, mon)),
                "season": Lead(runs(mods, ["the", "spring", "summer", "autumn", "fall", "winter"])),
                "year": Lead(runs(["the", "year"]), digit=True),
                "quarter": Lead(runs(["the", "first", "second", "third", "fourth"]), digit=True),
                "quarter_q": Lead(runs(["Q1", "Q2", "Q3", "Q4"])),
                "dayword": Lead(runs(["the", "yesterday", "today", "tomorrow"])),
                "tonight": Lead(runs(["tonight", "overnight", "last", "this"])),
                "weekday": Lead(runs(mods, wd)),
                "weekday_set": Lead(runs(["on"])),
                "rel_unit": Lead(runs(mods)),
                "ago": Lead(num, digit=True),
                "ahead": Lead(runs(["in"])),
                "range": Lead(runs(["in", "over", "during", "for", "within", "throughout", "the", "recent"],
                                   d["past_mod"], d["future_mod"])),
                "duration": Lead(num | runs(["for", "since", "over", "within", "after", "nearly", "almost", "more",
                                             "about", "around", "some"]), digit=True),
                "set": Lead(runs(["every", "each"])),
                "set_word": Lead(runs(d["sets_words"])),
                "time": Lead(runs(["at", "around", "by", "until"]), digit=True),
            }
        else:
            num = runs(["ein"])
            leads = {
                "date": Lead(runs(wd), digit=True),
                "iso": Lead(frozenset(), digit=True),
                "phase_month": Lead(runs(["Anfang", "Mitte", "Ende", "Beginn"])),
                "phase_unit": Lead(runs(["Anfang", "Mitte", "Ende", "Beginn"])),
                "month": Lead(runs(mods, mon)),
                "season": Lead(runs(mods, ["Frühling", "Frühjahr", "Sommer", "Herbst", "Winter"])),
                "year": Lead(runs(["im", "Jahr", "Jahre"]), digit=True),
                "quarter": Lead(runs(["ersten", "zweiten", "dritten", "vierten"]), digit=True),
                "decade": Lead(frozenset(), digit=True),
                "dayword": Lead(runs(["vorgestern", "gestern", "heute", "morgen", "übermorgen"])),
                "night": Lead(runs(d["past_mod"], d["this_mod"], ["heutigen"])),
                "night_to": Lead(runs(["Nacht"])),
                "weekday": Lead(runs(mods, wd, [w + p for w in wd for p in _DE_WEEKDAY_POD])),
                "weekday_set": Lead(runs(["montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags",
                                          "sonnabends", "sonntags"])),
                "rel_unit": Lead(runs(mods)),
                "weekend": Lead(runs(["am", "übers", "über"])),
                "ago": Lead(runs(["vor"])),
                "ahead": Lead(runs(["in"])),
                "range": Lead(runs(["in", "während", "innerhalb", "binnen", "im", "seit", "über", "für", "den", "der",
                                    "die"], d["past_mod"], d["future_mod"])),
                "duration": Lead(num | runs(["seit", "für", "über", "binnen", "innerhalb", "nach", "knapp", "fast",
                                             "mehr", "rund", "etwa", "gut"]), digit=True, before=runs(d["units"])),
                "set": Lead(runs(["jeden", "jede", "jedes", "alle"])),
                "set_word": Lead(runs(d["sets_words"])),
                "time": Lead(runs(["um", "gegen", "ab", "bis"]), digit=True),
            }
        names = {name for name, _, _ in self.patterns}
        self.leads = {k: v for k, v in leads.items() if k in names}
        self.lead_words = frozenset().union(*(lead.words | lead.before for lead in self.leads.values()))

    # ------------------------------------------------------------ German

    def _build_de(self) -> None:
        v = self.v
        WD = v.alt("weekdays")
        MON = v.alt("months")
        PAST, FUT, THIS = (v.alt(k, capitalised=True) for k in ("past_mod", "future_mod", "this_mod"))
        MOD = f"{PAST}|{FUT}|{THIS}"
        NUM = r"\d+(?:,\d+)?|ein paar|[a-zäöüß]+"
        UNIT = v.alt("units")
        POD = r"früh|Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht"
        B = r"(?<![\wäöüÄÖÜß])"
        E = r"(?![\wäöüÄÖÜß])"
        self._add("date", B + rf"(?:(?P<wd>{WD}),?\s+(?:(?:den|dem)\s+)?)?(?P<d>\d{{1,2}})\.\s?(?:(?P<mon>{MON})|(?P<mn>\d{{1,2}})\.)"
                  rf"(?:\s?(?P<y>\d{{4}}|\d{{2}}(?=\W)))?" + E, self.h_date)
        self._add("iso", B + r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})" + E, self.h_date, needs=r"\d-\d\d-\d",
                  needs_digit_run=2)
        self._add("phase_month", B + rf"(?P<ph>Anfang|Mitte|Ende|Beginn)\s+(?:des\s+)?(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?" + E,
                  self.h_phase_month)
        self._add("phase_unit", B + rf"(?P<ph>Anfang|Mitte|Ende|Beginn)\s+(?:(?P<y>\d{{4}})|(?:(?:des|der|dieses|diesen|dieser)\s+)?"
                  rf"(?:(?P<mod>{PAST}|{FUT})\s+)?(?P<unit>Jahres|Monats|Woche|Jahrzehnts))" + E, self.h_phase_unit)
        self._add("month", B + rf"(?:(?P<mod>{MOD})\s+)?(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?" + E, self.h_month)
        self._add("season", B + rf"(?:(?P<mod>{MOD})\s+)?(?P<season>Frühling|Frühjahr|Sommer|Herbst|Winter)(?:\s+(?P<y>\d{{4}}))?" + E,
                  self.h_season)
        self._add("year", B + r"(?:(?:im\s+)?Jahre?\s+)?(?P<y>(?:19|20)\d{2})(?![\d.,]\d)" + E, self.h_year)
        self._add("quarter", B + r"(?P<ord>ersten|zweiten|dritten|vierten|[1-4]\.)\s+Quartal(?:s)?(?:\s+(?P<y>\d{4}))?" + E,
                  self.h_quarter)
        self._add("decade", B + r"(?P<dec>(?:19|20)?\d0)er(?:[- ]?Jahren?|[- ]?Jahre)?" + E, self.h_decade)
        self._add("dayword", B + rf"(?P<dw>vorgestern|gestern|heute|morgen|übermorgen|Vorgestern|Gestern|Heute|Morgen|Übermorgen)"
                  rf"(?:\s+(?P<pod>früh|Morgen|morgen|Vormittag|vormittag|Mittag|Nachmittag|nachmittag|Abend|abend|Nacht|nacht))?" + E,
                  self.h_dayword)
        self._add("night", B + rf"(?:(?P<mod>{PAST}|{THIS}|heutigen)\s+)(?P<pod>Nacht|Abend)" + E, self.h_night)
        self._add("night_to", B + rf"Nacht\s+(?:zum|zu|auf)\s+(?:(?:den|dem)\s+)?(?P<wd>{WD})" + E, self.h_night_to)
        self._add("weekday", B + rf"(?:(?P<mod>{MOD})\s+)?(?P<wd>{WD})(?P<wdpod>{'|'.join(_DE_WEEKDAY_POD)})?"
                  rf"(?:\s+(?P<pod>{POD}))?" + E, self.h_weekday)
        self._add("weekday_set", B + r"(?P<wds>montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonnabends|sonntags)" + E,
                  self.h_weekday_set)
        self._add("rel_unit", B + rf"(?P<mod>{MOD})\s+(?P<unit>Woche|Monat|Monats|Jahr|Jahres|Quartal|Quartals|Wochenende|Jahrzehnt)" + E,
                  self.h_rel_unit)
        self._add("weekend", B + r"(?:[Aa]m|übers|[Üü]ber das)\s+(?P<unit>Wochenende)" + E, self.h_weekend)
        self._add("ago", B + rf"[Vv]or\s+(?P<num>{NUM})\s+(?P<unit>{UNIT})" + E, self.h_ago,
                  needs=rf"[Vv]or\s+(?:{NUM})\s+(?:{UNIT})")
        self._add("ahead", B + rf"[Ii]n\s+(?P<num>\d+(?:,\d+)?|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|"
                  rf"[a-zäöüß]+einhalb|anderthalb|wenigen|einigen|ein paar)\s+(?P<unit>Tagen|Wochen|Monaten|Jahren|Stunden|Jahr|"
                  rf"Monat|Woche|Jahrzehnten)(?!\s+(?:zuvor|davor|danach))" + E, self.h_ahead)
        self._add("range", B + rf"(?:(?i:in|während|innerhalb|binnen|im\s+Laufe|seit|über|für)\s+(?:den|der|des|die)\s+|(?:den|der|die)\s+)?"
                  rf"(?P<mod>{PAST}|{FUT})\s+(?:(?P<num>{NUM})\s+)?(?P<unit>Tagen|Tage|Wochen|Monaten|Monate|Jahren|Jahre|Stunden|"
                  rf"Jahrzehnten|Jahrzehnte)(?:\s+(?:und|oder|bis)\s+(?P<unit2>Tagen|Tage|Wochen|Monaten|Monate|Jahren|Jahre))?" + E,
                  self.h_range)
        self._add("duration", B + rf"(?:(?P<prep>seit|für|über|binnen|innerhalb\s+von|nach)\s+)?(?:(?:knapp|fast|mehr\s+als|rund|etwa|gut|"
                  rf"über)\s+)?(?P<num>{NUM})\s+(?P<unit>{UNIT})(?P<long>\s+lang)?" + E, self.h_duration)
        self._add("set", B + rf"(?P<every>jeden|jede|jedes|alle)\s+(?:(?P<num>{NUM})\s+)?(?P<unit>Tag|Tage|Woche|Wochen|Monat|Monate|Jahr|"
                  rf"Jahre|Nacht|Abend|Morgen|{WD})" + E, self.h_set)
        self._add("set_word", B + rf"(?P<sw>{v.alt('sets_words')})" + E, self.h_set_word)
        self._add("time", B + r"(?:(?:um|gegen|ab|bis)\s+)?(?P<h>\d{1,2})(?:[.:](?P<mi>\d{2}))?\s*Uhr" + E, self.h_time)

    # ------------------------------------------------------------ English

    def _build_en(self) -> None:
        v = self.v
        WD = v.alt("weekdays")
        MON = v.alt("months")
        PAST, FUT, THIS = (v.alt(k, capitalised=True) for k in ("past_mod", "future_mod", "this_mod"))
        MOD = f"{PAST}|{FUT}|{THIS}|this coming|This coming"
        words = sorted(set(number_words("en").units) | set(number_words("en").tens) | {"a", "an", "several",
                                                                                       "some", "many", "few"},
                       key=len, reverse=True)
        W = "|".join(words)
        NUM = rf"\d+(?:\.\d+)?(?: and a half)?|a few|a couple of|(?:{W})(?:-(?:{W}))?(?: and a half)?"
        UNIT = v.alt("units")
        B, E = r"(?<![\w])", r"(?![\w])"
        I = re.IGNORECASE
        self._add("date_mdy", B + rf"(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?" + E,
                  self.h_date)
        self._add("date_dmy", B + rf"(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON})"
                  rf"(?:,?\s+(?P<y>\d{{4}}))?" + E, self.h_date,
                  needs=rf"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MON})")
        self._add("iso", B + r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})" + E, self.h_date, needs=r"\d-\d\d-\d",
                  needs_digit_run=2)
        self._add("phase_month", B + rf"(?P<ph>early|mid|late|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+end\s+of)[-\s]"
                  rf"(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?" + E, self.h_phase_month, I)
        self._add("phase_unit", B + rf"(?P<ph>early|mid|late|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+end\s+of)[-\s]"
                  rf"(?:(?P<y>\d{{4}})|(?:(?P<mod>{PAST}|{FUT}|this|the)\s+)(?P<unit>year|month|week|decade))" + E,
                  self.h_phase_unit, I)
        self._add("earlier_this", B + r"(?P<ph>earlier|later)\s+this\s+(?P<unit>year|month|week)" + E, self.h_earlier_this, I)
        self._add("month", B + rf"(?:(?P<mod>{MOD})\s+)?(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?" + E, self.h_month)
        self._add("season", B + rf"(?:(?P<mod>{MOD}|the)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>\d{{4}}))?" + E,
                  self.h_season, I)
        self._add("year", B + r"(?:(?:the\s+)?year\s+)?(?P<y>(?:19|20)\d{2})(?![\d.,]\d)" + E, self.h_year)
        self._add("quarter", B + r"(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+(?P<y>\d{4}))?" + E,
                  self.h_quarter, I)
        self._add("quarter_q", B + r"Q(?P<ord>[1-4])\s+(?P<y>\d{4})" + E, self.h_quarter)
        self._add("decade", B + r"(?:the\s+)?(?P<dec>(?:19|20)\d0|'\d0)s" + E, self.h_decade)
        self._add("dayword", B + r"(?P<dw>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow)"
                  r"(?:\s+(?P<pod>morning|afternoon|evening|night))?" + E, self.h_dayword, I)
        self._add("tonight", B + r"(?P<w>tonight|overnight|last\s+night|this\s+(?P<pod>morning|afternoon|evening))" + E, self.h_en_night, I)
        self._add("weekday", B + rf"(?:(?P<mod>{MOD})\s+)?(?P<wd>{WD})(?:\s+(?P<pod>morning|afternoon|evening|night))?" + E,
                  self.h_weekday)
        self._add("weekday_set", B + rf"on\s+(?P<wds>(?:{WD})s)" + E, self.h_weekday_set)
        self._add("rel_unit", B + rf"(?P<mod>{MOD})\s+(?P<unit>week|month|year|quarter|weekend|decade)" + E, self.h_rel_unit, I)
        self._add("ago", B + rf"(?P<num>{NUM})\s+(?P<unit>{UNIT})\s+ago" + E, self.h_ago, I)
        self._add("ahead", B + rf"in\s+(?P<num>{NUM})\s+(?P<unit>days|weeks|months|years|hours|a\s+year|decades)(?!\s+of)" + E,
                  self.h_ahead, I)
        self._add("range", B + rf"(?:(?:in|over|during|for|within|throughout)\s+)?(?:the\s+)?(?P<mod>{PAST}|{FUT}|recent)\s+(?:(?P<num>{NUM})\s+)?"
                  rf"(?P<unit>days|weeks|months|years|hours|decades)(?:\s+(?:and|or)\s+(?P<unit2>days|weeks|months|years))?" + E,
                  self.h_range, I)
        self._add("duration", B + rf"(?:(?P<prep>for|since|over|within|after)\s+)?(?:(?:nearly|almost|more\s+than|about|around|some|over)\s+)?"
                  rf"(?P<num>{NUM})\s+(?P<unit>{UNIT})(?P<long>\s+long)?" + E, self.h_duration, I)
        self._add("set", B + rf"(?P<every>every|each)\s+(?:(?P<num>{NUM})\s+)?(?P<unit>day|days|week|weeks|month|months|year|years|night|"
                  rf"morning|evening|{WD})" + E, self.h_set, I)
        self._add("set_word", B + rf"(?P<sw>{v.alt('sets_words')})" + E, self.h_set_word, I)
        self._add("time", B + r"(?:(?:at|around|by|until)\s+)?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm)(?!\w)",
                  self.h_time, I, needs=r"\d\s*(?:a\.m\.|p\.m\.|am|pm)")

    # ------------------------------------------------------------ handlers

    def _year_for(self, month: int, ctx: Ctx, pos: int, day: int = 1) -> int | None:
        if ctx.ref is None:
            return None
        tense = ctx.tense(pos)
        if re.search(r"(?:seit|since|Seit|Since)\s+(?:dem\s+|Anfang\s+|Ende\s+|Mitte\s+)?$", ctx.text[max(0, pos - 14) : pos]):
            tense = "past"
        y = ctx.ref.year
        cand = date(y, month, min(day, 28))
        if tense == "past" and cand > ctx.ref + timedelta(days=1):
            return y - 1
        if tense == "future" and cand < date(ctx.ref.year, ctx.ref.month, 1) - timedelta(days=1):
            return y + 1
        if tense == "present" and (ctx.ref - cand).days > 30:
            return y + 1
        if abs((cand - ctx.ref).days) > 250:
            return y - 1 if cand > ctx.ref else y + 1
        return y

    def _month_num(self, m: re.Match) -> int | None:
        if m.groupdict().get("mon"):
            months = self.v.d["months"]
            return months.get(m["mon"], months.get(m["mon"].rstrip(".") + ".", months.get(m["mon"].rstrip("."))))
        if m.groupdict().get("mn"):
            return int(m["mn"])
        return None

    def h_date(self, m: re.Match, ctx: Ctx) -> Result | None:
        mon, d = self._month_num(m), int(m["d"])
        if mon is None or not (1 <= mon <= 12):
            return None
        y = m["y"]
        if y is not None:
            y = int(y)
            if y < 100:
                y += 2000 if y < 70 else 1900
        else:
            y = self._year_for(mon, ctx, m.start(), d)
        try:
            if y is None:
                return Result("point", "day", value=f"XXXX-{mon:02d}-{d:02d}")
            day = date(y, mon, d)
        except ValueError:
            return None
        return Result("point", "day", day, day, day.isoformat())

    def _phase(self, ph: str) -> str:
        ph = re.sub(r"\s+", " ", ph.lower())
        return {"anfang": "early", "beginn": "early", "mitte": "mid", "ende": "late", "early": "early", "mid": "mid",
                "late": "late", "the beginning of": "early", "the start of": "early", "the middle of": "mid",
                "the end of": "late"}[ph]

    def h_phase_month(self, m: re.Match, ctx: Ctx) -> Result | None:
        mon = self._month_num(m)
        y = int(m["y"]) if m["y"] else self._year_for(mon, ctx, m.start())
        if mon is None:
            return None
        if y is None:
            return Result("point", "month", value=f"XXXX-{mon:02d}")
        ph = self._phase(m["ph"])
        last = month_end(y, mon).day
        a, b = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[ph]
        return Result("point", "month", date(y, mon, a), date(y, mon, b), f"{y}-{mon:02d}")

    def h_phase_unit(self, m: re.Match, ctx: Ctx) -> Result | None:
        ph = self._phase(m["ph"])
        if m["y"]:
            y = int(m["y"])
            a, b = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[ph]
            return Result("point", "year", date(y, a, 1), month_end(y, b), str(y))
        if ctx.ref is None:
            return Result("point", "unknown")
        unit = (m["unit"] or "").lower()
        off = self._mod_offset(m["mod"])
        ref = ctx.ref
        if unit.startswith(("jahr", "year")):
            y = ref.year + off
            a, b = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[ph]
            return Result("point", "year", date(y, a, 1), month_end(y, b), str(y))
        if unit.startswith(("monat", "month")):
            d0 = add_months(date(ref.year, ref.month, 1), off)
            last = month_end(d0.year, d0.month).day
            a, b = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[ph]
            return Result("point", "month", d0.replace(day=a), d0.replace(day=b), f"{d0.year}-{d0.month:02d}")
        if unit.startswith(("woche", "week")):
            ws, _ = week_interval(ref + timedelta(weeks=off))
            a, b = {"early": (0, 1), "mid": (2, 3), "late": (4, 6)}[ph]
            iso = ws.isocalendar()
            return Result("point", "week", ws + timedelta(days=a), ws + timedelta(days=b), f"{iso[0]}-W{iso[1]:02d}")
        if unit.startswith(("jahrzehnt", "decade")):
            dec = (ref.year // 10) * 10 + 10 * off
            a, b = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[ph]
            return Result("point", "decade", date(dec + a, 1, 1), date(dec + b, 12, 31), f"{dec // 10}")
        return None

    def h_earlier_this(self, m: re.Match, ctx: Ctx) -> Result | None:
        if ctx.ref is None:
            return Result("relative", "unknown")
        ref, unit = ctx.ref, m["unit"].lower()
        if unit == "year":
            s, e, val = date(ref.year, 1, 1), date(ref.year, 12, 31), str(ref.year)
        elif unit == "month":
            s, e, val = ref.replace(day=1), month_end(ref.year, ref.month), f"{ref.year}-{ref.month:02d}"
        else:
            s, e = week_interval(ref)
            val = f"{ref.isocalendar()[0]}-W{ref.isocalendar()[1]:02d}"
        if m["ph"].lower() == "earlier":
            return Result("relative", "day", s, ref, val)
        return Result("relative", "day", ref, e, val)

    def _mod_offset(self, mod: str | None) -> int:
        if not mod:
            return 0
        mod = mod.lower()
        if mod in [w.lower() for w in self.v.d["past_mod"]]:
            return -1
        if mod in [w.lower() for w in self.v.d["future_mod"]] or mod == "this coming":
            return 1
        return 0

    def h_month(self, m: re.Match, ctx: Ctx) -> Result | None:
        mon = self._month_num(m)
        if mon is None:
            return None
        if self.lang == "en" and m["mon"] == "May" and not m["y"] and not m["mod"]:
            before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
            if not re.search(r"\b(in|since|until|by|early|late|mid|of|from|through|during)\s+$", before):
                return None
        if self.lang == "en" and m["mon"] in ("Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "Apr") and not m["y"]:
            return None
        if m["y"]:
            y = int(m["y"])
        elif m["mod"] and ctx.ref is not None:
            off = self._mod_offset(m["mod"])
            y = ctx.ref.year
            if off < 0 and mon >= ctx.ref.month:
                y -= 1
            if off > 0 and mon <= ctx.ref.month:
                y += 1
        else:
            y = self._year_for(mon, ctx, m.start())
        if y is None:
            return Result("point", "month", value=f"XXXX-{mon:02d}")
        return Result("point", "month", date(y, mon, 1), month_end(y, mon), f"{y}-{mon:02d}")

    def h_season(self, m: re.Match, ctx: Ctx) -> Result | None:
        code = self.v.d["seasons"].get(m["season"], self.v.d["seasons"].get(m["season"].lower()))
        if self.lang == "en" and m["season"].lower() == "fall" and not (m["y"] or m["mod"]):
            return None
        if m["y"]:
            y = int(m["y"])
        elif ctx.ref is None:
            return Result("point", "season", value=f"XXXX-{code}")
        else:
            ref = ctx.ref
            y = ref.year if not (code == "WI" and ref.month <= 2) else ref.year - 1
            s, e = season_interval(y, code)
            off = self._mod_offset(m["mod"] if m["mod"] and m["mod"].lower() != "the" else None)
            tense = ctx.tense(m.start())
            if off < 0 or (off == 0 and not m["mod"] and tense == "past"):
                if s > ref:
                    y -= 1
                elif off < 0 and e >= ref:
                    y -= 1
            elif off > 0 or (off == 0 and tense == "future"):
                if e < ref or (off > 0 and s <= ref):
                    y += 1
        s, e = season_interval(y, code)
        return Result("point", "season", s, e, f"{y}-{code}")

    def h_year(self, m: re.Match, ctx: Ctx) -> Result | None:
        y = int(m["y"])
        after = ctx.text[m.end() : m.end() + 20]
        before = ctx.text[max(0, m.start() - 15) : m.start()]
        if m.group(0) == m["y"]:
            if self.lang == "de" and re.match(r"\s+[A-ZÄÖÜ][a-zäöüß]+", after) and not re.search(
                r"(?:im|seit|bis|ab|von|vom|in|Jahr|Jahre|zwischen|und|bis zum|Ende|Anfang|Mitte|Herbst|Sommer|Winter|Frühjahr)\s+$",
                before,
            ):
                return None
            if re.match(r"\s*(?:%|Prozent|Euro|Dollar|Uhr|Meter|km|Kilometer|people|percent|dollars|euros|troops|soldiers)",
                        after):
                return None
        return Result("point", "year", date(y, 1, 1), date(y, 12, 31), str(y))

    def h_quarter(self, m: re.Match, ctx: Ctx) -> Result | None:
        o = m["ord"]
        q = int(o) if o.isdigit() else self.v.d["ordinals"].get(o, self.v.d["ordinals"].get(o.lower()))
        if q is None:
            return None
        y = int(m["y"]) if m["y"] else (ctx.ref.year if ctx.ref else None)
        if y is None:
            return Result("point", "quarter", value=f"XXXX-Q{q}")
        return Result("point", "quarter", date(y, 3 * q - 2, 1), month_end(y, 3 * q), f"{y}-Q{q}")

    def h_decade(self, m: re.Match, ctx: Ctx) -> Result | None:
        dec = m["dec"].lstrip("'")
        if len(dec) == 2:
            dec = ("19" if int(dec) >= 30 else "20") + dec
        y = int(dec)
        return Result("point", "decade", date(y, 1, 1), date(y + 9, 12, 31), str(y // 10))

    def _day_result(self, d: date, pod: str | None) -> Result:
        if pod:
            code = self.v.d["parts_of_day"].get(pod, self.v.d["parts_of_day"].get(pod.lower(), "DT"))
            end = d + timedelta(days=1) if code == "NI" else d
            return Result("point", "part_of_day", d, end, f"{d.isoformat()}T{code}")
        return Result("point", "day", d, d, d.isoformat())

    def h_dayword(self, m: re.Match, ctx: Ctx) -> Result | None:
        dw = re.sub(r"\s+", " ", m["dw"].lower())
        before = ctx.text[max(0, m.start() - 8) : m.start()]
        if dw == "morgen" and (m["dw"] == "Morgen" and re.search(r"(?:am|den|jeden|Am|Den|Guten|guten|diesen|Jeden)\s+$", before)):
            return None
        if dw == "morgen" and m["dw"] == "Morgen" and m.start() > 0 and not re.search(r"(?:^|[.!?:\"„»]\s*|\n)$", before):
            return None
        if ctx.ref is None:
            return Result("point", "day")
        off = self.v.d["day_words"][dw]
        d = ctx.ref + timedelta(days=off)
        pod = m.groupdict().get("pod")
        if self.lang == "de" and pod and pod.lower() == "morgen" and dw == "morgen":
            pod = "Morgen"
        return self._day_result(d, pod)

    def h_night(self, m: re.Match, ctx: Ctx) -> Result | None:
        if ctx.ref is None:
            return Result("point", "part_of_day")
        mod = m["mod"].lower()
        code = "NI" if m["pod"] == "Nacht" else "EV"
        past = mod in [w.lower() for w in self.v.d["past_mod"]]
        if code == "NI":
            if past or ctx.tense(m.start()) == "past":
                d = ctx.ref - timedelta(days=1)
            else:
                d = ctx.ref
            return Result("point", "part_of_day", d, d + timedelta(days=1), f"{d.isoformat()}TNI")
        d = ctx.ref - timedelta(days=1) if past else ctx.ref
        return Result("point", "part_of_day", d, d, f"{d.isoformat()}TEV")

    def h_en_night(self, m: re.Match, ctx: Ctx) -> Result | None:
        if ctx.ref is None:
            return Result("point", "part_of_day")
        w = re.sub(r"\s+", " ", m["w"].lower())
        if w in ("last night", "overnight"):
            d = ctx.ref - timedelta(days=1)
            return Result("point", "part_of_day", d, ctx.ref, f"{d.isoformat()}TNI")
        if w == "tonight":
            return Result("point", "part_of_day", ctx.ref, ctx.ref + timedelta(days=1), f"{ctx.ref.isoformat()}TNI")
        return self._day_result(ctx.ref, m["pod"])

    def _weekday_date(self, wd: int, ctx: Ctx, mod: str | None, pos: int) -> date | None:
        if ctx.ref is None:
            return None
        ref = ctx.ref
        off = self._mod_offset(mod)
        diff = (wd - ref.weekday()) % 7
        if off < 0 or (off == 0 and not mod and ctx.tense(pos) == "past"):
            back = (ref.weekday() - wd) % 7
            if off < 0 and back == 0:
                back = 7
            return ref - timedelta(days=back)
        if off > 0 and diff == 0:
            diff = 7
        if mod and mod.lower() in [w.lower() for w in self.v.d["this_mod"]] and ctx.tense(pos) == "past":
            return ref - timedelta(days=(ref.weekday() - wd) % 7)
        return ref + timedelta(days=diff)

    def h_weekday(self, m: re.Match, ctx: Ctx) -> Result | None:
        wd = self.v.d["weekdays"][m["wd"]]
        d = self._weekday_date(wd, ctx, m["mod"], m.start())
        pod = m.groupdict().get("wdpod") or m.groupdict().get("pod")
        if d is None:
            return Result("point", "day", value=f"XXXX-WXX-{wd + 1}")
        return self._day_result(d, pod)

    def h_night_to(self, m: re.Match, ctx: Ctx) -> Result | None:
        wd = self.v.d["weekdays"][m["wd"]]
        d = self._weekday_date(wd, ctx, None, m.start())
        if d is None:
            return Result("point", "part_of_day")
        n = d - timedelta(days=1)
        return Result("point", "part_of_day", n, d, f"{n.isoformat()}TNI")

    def h_weekday_set(self, m: re.Match, ctx: Ctx) -> Result | None:
        name = m["wds"]
        for k, v in self.v.d["weekdays"].items():
            if name.lower().startswith(k.lower()):
                return Result("set", "day", value=f"XXXX-WXX-{v + 1}")
        return None

    def h_rel_unit(self, m: re.Match, ctx: Ctx) -> Result | None:
        unit = self.unit(m["unit"])
        if ctx.ref is None:
            return Result("point", "unknown")
        ref = ctx.ref
        mod = m["mod"].lower()
        off = self._mod_offset(mod)
        if self.lang == "en" and mod == "past" and unit in ("W", "M", "Y", "Q", "DE"):
            # "the past month" is the last 30 days, not the previous calendar month
            return Result("relative", "day", shift(ref, -1, unit), ref, iso_duration(1, unit))
        if unit == "W":
            s, e = week_interval(ref + timedelta(weeks=off))
            iso = s.isocalendar()
            return Result("point", "week", s, e, f"{iso[0]}-W{iso[1]:02d}")
        if unit == "M":
            d0 = add_months(ref.replace(day=1), off)
            return Result("point", "month", d0, month_end(d0.year, d0.month), f"{d0.year}-{d0.month:02d}")
        if unit == "Y":
            y = ref.year + off
            return Result("point", "year", date(y, 1, 1), date(y, 12, 31), str(y))
        if unit == "Q":
            q = (ref.month - 1) // 3 + off
            y = ref.year + q // 4
            q = q % 4 + 1
            return Result("point", "quarter", date(y, 3 * q - 2, 1), month_end(y, 3 * q), f"{y}-Q{q}")
        if unit == "WE":
            return self._weekend(ctx, off, m.start())
        if unit == "DE":
            dec = (ref.year // 10) * 10 + 10 * off
            return Result("point", "decade", date(dec, 1, 1), date(dec + 9, 12, 31), str(dec // 10))
        return None

    def _weekend(self, ctx: Ctx, off: int, pos: int) -> Result:
        """The weekend meant: this one when the reference date is in it, else the last one (past
        tense or ``vergangenes``) or the next one; ``off`` ±1 moves a week from the current weekend."""
        ref = ctx.ref
        in_weekend = ref.weekday() >= 5
        this_sat = ref - timedelta(days=ref.weekday() - 5) if in_weekend else None
        if off < 0:
            sat = this_sat - timedelta(days=7) if in_weekend else ref - timedelta(days=(ref.weekday() - 5) % 7)
        elif off > 0:
            sat = this_sat + timedelta(days=7) if in_weekend else ref + timedelta(days=5 - ref.weekday())
        elif in_weekend:
            sat = this_sat
        elif ctx.tense(pos) == "past":
            sat = ref - timedelta(days=(ref.weekday() - 5) % 7)
        else:
            sat = ref + timedelta(days=5 - ref.weekday())
        iso = sat.isocalendar()
        return Result("point", "week", sat, sat + timedelta(days=1), f"{iso[0]}-W{iso[1]:02d}-WE")

    def h_weekend(self, m: re.Match, ctx: Ctx) -> Result | None:
        if ctx.ref is None:
            return Result("point", "week")
        r = self._weekend(ctx, 0, m.start())
        r.span = (m.start("unit"), m.end("unit"))
        return r

    def _granularity(self, unit: str) -> str:
        return {"Y": "month", "M": "month", "W": "week", "D": "day", "N": "day", "Q": "month", "DE": "year",
                "CE": "decade", "H": "time", "MIN": "time", "WE": "week"}.get(unit, "day")

    def _point_at(self, d: date, unit: str) -> Result:
        g = self._granularity(unit)
        if g == "month":
            return Result("point", "month", d.replace(day=1), month_end(d.year, d.month), f"{d.year}-{d.month:02d}")
        if g == "week":
            s, e = week_interval(d)
            iso = s.isocalendar()
            return Result("point", "week", s, e, f"{iso[0]}-W{iso[1]:02d}")
        if g == "year":
            return Result("point", "year", date(d.year, 1, 1), date(d.year, 12, 31), str(d.year))
        if g == "decade":
            dec = d.year // 10 * 10
            return Result("point", "decade", date(dec, 1, 1), date(dec + 9, 12, 31), str(dec // 10))
        return Result("point", "day", d, d, d.isoformat())

    def h_ago(self, m: re.Match, ctx: Ctx) -> Result | None:
        unit = self.unit(m["unit"])
        if unit == "WE":
            return None
        n = self.num(m["num"])
        if n is None and not self.is_vague(m["num"]) and m["num"].lower() not in ("a few", "a couple of"):
            return None
        if ctx.ref is None:
            return Result("point", self._granularity(unit))
        if n is None:
            k = self.vague_count
            return Result("relative", self._granularity(unit), shift(ctx.ref, -k, unit), shift(ctx.ref, -1, unit),
                          f"P{'X'}{unit}")
        if unit in ("H", "MIN"):
            return Result("point", "day", ctx.ref, ctx.ref, ctx.ref.isoformat())
        return self._point_at(shift(ctx.ref, -n, unit), unit)

    def h_ahead(self, m: re.Match, ctx: Ctx) -> Result | None:
        raw_unit = re.sub(r"^a\s+", "", m["unit"])
        unit = self.unit(raw_unit)
        n = self.num(m["num"]) if not m["unit"].startswith("a ") else 1.0
        if n is None and not self.is_vague(m["num"]):
            return None
        if ctx.ref is None:
            return Result("point", self._granularity(unit))
        if n is None:
            k = self.vague_count
            return Result("relative", self._granularity(unit), shift(ctx.ref, 1, unit), shift(ctx.ref, k, unit))
        if unit in ("H", "MIN"):
            return Result("point", "day", ctx.ref, ctx.ref, ctx.ref.isoformat())
        return self._point_at(shift(ctx.ref, n, unit), unit)

    def h_range(self, m: re.Match, ctx: Ctx) -> Result | None:
        units = [self.unit(m["unit"])] + ([self.unit(m["unit2"])] if m["unit2"] else [])
        order = ["MIN", "H", "D", "N", "W", "M", "Q", "Y", "DE", "CE"]
        unit = max(units, key=order.index)
        n = self.num(m["num"]) if m["num"] else None
        if m["num"] and n is None and not self.is_vague(m["num"]) and m["num"].lower() not in ("a few", "a couple of"):
            return None
        mod = m["mod"].lower()
        past = mod in [w.lower() for w in self.v.d["past_mod"]] or mod == "recent"
        k = n if n is not None else self.vague_count
        val = iso_duration(n, unit)
        if ctx.ref is None:
            return Result("relative", self._granularity(unit), value=val)
        if past:
            return Result("relative", "day", shift(ctx.ref, -k, unit), ctx.ref, val)
        return Result("relative", "day", ctx.ref, shift(ctx.ref, k, unit), val)

    def h_duration(self, m: re.Match, ctx: Ctx) -> Result | None:
        unit = self.unit(m["unit"])
        if unit == "WE":
            return None
        raw = m["num"]
        n = self.num(raw)
        vague = self.is_vague(raw) or raw.lower() in ("a few", "a couple of")
        if n is None and not vague:
            return None
        after = ctx.text[m.end() : m.end() + 12].lower()
        before = ctx.text[max(0, m.start() - 6) : m.start()].lower()
        blockers = ("alt", "später", "zuvor", "danach", "davor", "her", "ago", "old", "later", "earlier", "before")
        if re.match(r"\s*(" + "|".join(blockers) + r")\b", after) or re.search(r"\b(vor|pro|je|per|alle|in)\s+$", before):
            return None
        if re.search(r"(?:jahre|years)\b", m["unit"].lower()) and re.match(r"[-\s]*(alt|old)", after):
            return None
        if self.lang == "en" and re.match(r"\s+of\b", after):
            return None  # "a quarter of the island" counts a share, not time
        if m["num"] and m["num"].lower() in ("ein", "eine", "einen", "einem", "a", "an", "one") and not (
            m["prep"] or m["long"]
        ):
            return None
        prep = (m["prep"] or "").lower()
        s = m.start("num") if m["prep"] else m.start()
        val = iso_duration(n, unit)
        gran = {"Y": "year", "M": "month", "W": "week", "D": "day", "N": "day", "Q": "quarter", "DE": "decade",
                "H": "time", "MIN": "time"}.get(unit, "unknown")
        r = Result("duration", "unknown" if n is None else gran, value=val, span=(s, m.end()))
        if prep in ("seit", "since") and ctx.ref is not None and n is not None:
            r.start, r.end = shift(ctx.ref, -n, unit), ctx.ref
        return r

    def h_set(self, m: re.Match, ctx: Ctx) -> Result | None:
        u = m["unit"]
        if u in self.v.d["weekdays"]:
            return Result("set", "day", value=f"XXXX-WXX-{self.v.d['weekdays'][u] + 1}")
        n = self.num(m["num"]) if m["num"] else 1.0
        pod = self.v.d["parts_of_day"].get(u, self.v.d["parts_of_day"].get(u.lower()))
        if pod and u not in self.v.d["units"]:
            return Result("set", "part_of_day", value=f"XXXX-XX-XXT{pod}")
        unit = self.unit(u)
        return Result("set", self._granularity(unit) if unit != "Y" else "year", value=iso_duration(n or 1, unit))

    def h_set_word(self, m: re.Match, ctx: Ctx) -> Result | None:
        sw = self.v.d["sets_words"]
        return Result("set", "day", value=sw.get(m["sw"], sw.get(m["sw"].lower())))

    def h_time(self, m: re.Match, ctx: Ctx) -> Result | None:
        h = int(m["h"])
        mi = int(m["mi"]) if m["mi"] else 0
        ap = (m.groupdict().get("ap") or "").lower().replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        if ap == "am" and h == 12:
            h = 0
        if h > 24 or mi > 59:
            return None
        s = m.start("h")
        if ctx.ref is None:
            return Result("point", "time", value=f"T{h:02d}:{mi:02d}", span=(s, m.end()))
        return Result("point", "time", ctx.ref, ctx.ref, f"{ctx.ref.isoformat()}T{h:02d}:{mi:02d}", span=(s, m.end()))

    # ------------------------------------------------------------ run

    def tag(self, text: str, ref: date | None, sentences: list[tuple[int, int]] | None = None,
            tense_fn: Callable[[int], str] | None = None) -> list[TimeExpr]:
        """Every time expression in ``text`` (longest match wins where candidates overlap)."""
        tense_fn = tense_fn or self.tense_of(text, sentences or [(0, len(text))])
        ctx = Ctx(ref, text, tense_fn, self.vague_count)
        cands: list[tuple[int, int, int, Result]] = []
        low = text.lower()
        words: set[str] | None = None
        index: RunIndex | None = None
        unsafe_case = any(c in text for c in _case_escapees()) if not text.isascii() else False
        folds = unsafe_case and any(c in text for c in RE_ASCII_FOLDS)
        aligned = len(low) == len(text)  # lower-casing kept every offset (it does unless "İ")
        for prio, (name, pat, handler) in enumerate(self.patterns):
            keys = self.keywords.get(name)
            if keys and not any(k in low for k in keys):
                continue  # cheap prefilter: the pattern needs one of these words
            lead = self.leads.get(name) if aligned and not (folds and _ignores_case(pat)) else None
            if lead is not None:
                index = index or RunIndex(text, low, self.lead_words)
                if not index.ok:
                    lead = None
            need = self.needs.get(name)
            if need is not None:
                off = self.need_offsets.get(name) if aligned else None
                if off is not None:
                    index = index or RunIndex(text, low, self.lead_words)
                if off is not None and index.ok:
                    # every match has a digit run start ``off`` characters in: try only there
                    # (``search`` tries a class-led pattern at every character)
                    match = need.match
                    if not any(match(text, q - off) for q in index.digits.tolist() if q >= off):
                        continue
                elif lead is None and need.search(text) is None:
                    continue  # (with a lead, trying the pattern at its runs costs less than this search)
            gate = self.gates.get(name)
            if gate and not (unsafe_case and pat.flags & re.IGNORECASE):
                if words is None:
                    if aligned:
                        index = index or RunIndex(text, low, self.lead_words)
                        words = index.words
                    else:
                        words = {w.lower() for w in _WORD.findall(text)}
                if not all(words & alternatives for alternatives in gate):
                    continue  # a match needs one word of each set: there is none
            for m in (pat.finditer(text) if lead is None else _lead_finditer(pat, text, index.lead_starts(lead))):
                if m.end() == m.start():
                    continue
                r = handler(m, ctx)
                if r is None:
                    continue
                s, e = r.span or (m.start(), m.end())
                cands.append((s, e, prio, r))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken = bytearray(len(text) + 1)
        out: list[TimeExpr] = []
        for s, e, _, r in cands:
            if any(taken[s:e]):
                continue
            s, e = _trim(text, s, e)
            taken[s:e] = b"\x01" * (e - s)
            out.append(build(TimeExpr, start=s, end=e, text=text[s:e], kind=r.kind, granularity=r.granularity,
                                value_start=r.start, value_end=r.end, value=r.value))
        return sorted(out, key=lambda t: t.start)

    def tense_of(self, text: str, sentences: list[tuple[int, int]]) -> Callable[[int], str]:
        """A lexical tense guess for the clause around an offset (past | future | present).

        The clause is the stretch between commas, semicolons, colons and dashes, so that
        "Trump sagte am Freitag, er werde am Montag …" gives Freitag the past and Montag the future;
        a clause too short to hold its own verb ("Am Montag, als …") takes its sentence's tense."""
        cache: dict[tuple[int, int], str | None] = {}
        words_tense = self.words_tense
        # (``guess`` calls no other function defined here: compiled with Cython, all of a
        # function's closures share one scope object, so a closure that another closure calls
        # sits in that scope and holds it — a reference cycle per call, left to the collector)

        def guess(pos: int) -> str:
            sent = sentence_at(sentences, pos) or (0, len(text))
            a, b = sent
            for m in _CLAUSE_BREAK.finditer(text, sent[0], sent[1]):
                if m.end() <= pos:
                    a = m.end()
                elif m.start() >= pos:
                    b = m.start()
                    break
            t = _clause_tense(words_tense, cache, text, a, b)
            if t is None and len(re.findall(r"\w+", text[a:b])) < 4:
                t = _clause_tense(words_tense, cache, text, *sent)
            return t or "present"

        return guess

    def words_tense(self, words: list[str]) -> str | None:
        """past | future from the verb forms among ``words``; ``None`` when none marks a tense."""
        v = self.v.d
        low = [w.lower() for w in words]
        if any(w in v["future_markers"] for w in low):
            return "future"
        if any(w in v["past_markers"] for w in low) or any(
            _past_form(w, self.lang) for k, w in enumerate(words) if w.islower() and (k == 0 or low[k - 1] not in _NOT_BEFORE_VERB)
        ):
            return "past"
        if any(w in v["past_aux"] for w in low) and any(_participle(w, self.lang) for w in words if w.islower()):
            return "past"
        if self.lang == "en" and any(w.endswith("ed") and len(w) > 4 and (k == 0 or low[k - 1] not in _NOT_BEFORE_VERB)
                                     for k, w in enumerate(words) if w.islower()):
            return "past"
        return None


#: parts of the day written onto a German weekday (Samstagabend)
_DE_WEEKDAY_POD = ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")


def _clause_tense(words_tense, cache: dict[tuple[int, int], str | None], text: str, a: int,
                  b: int) -> str | None:
    """``words_tense`` of the words in ``text[a:b]``, cached per (a, b) in ``cache``."""
    if (a, b) not in cache:
        cache[(a, b)] = words_tense(re.findall(r"[\w'äöüÄÖÜß]+", text[a:b]))
    return cache[(a, b)]


#: clause boundaries for the lexical tense guess
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[–—-]\s|\s(?:that|dass|daß)\s")
#: words after which a "-te" form is an adjective (die bekannte Stadt), not a past-tense verb
_NOT_BEFORE_VERB = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
                    "im", "am", "zum", "zur", "vom", "beim", "ins", "diese", "dieser", "diesen", "diesem", "jede",
                    "jeden", "jeder", "seine", "seiner", "seinen", "ihre", "ihrer", "ihren", "unsere", "sehr", "so",
                    "zu", "zwei", "drei", "vier", "fünf", "viele", "alle", "keine", "the", "a", "an", "be", "been",
                    "is", "are", "was", "were", "get", "got", "very", "so", "too", "more", "most"}
#: German strong and mixed preterite stems (hand-written: spaCy's German lookups have no tense, and
#: the compact trained model tags rarer forms such as "beschoss" as adverbs); a prefix may precede
#: them (be-schoss, an-griff, ver-ließ) and a plural/2nd-person ending follow (flog-en, kam-st)
_DE_STRONG_PAST = (
    "aß|band|bat|befahl|begann|biss|blieb|bot|brach|brachte|brannte|dachte|drang|empfahl|empfing|fand|fiel|fing|"
    "floh|flog|floss|fraß|fror|fuhr|gab|galt|gelang|gewann|ging|glich|goss|griff|hielt|hieß|hing|hob|kam|kannte|"
    "lag|las|ließ|lief|litt|log|lud|mied|nahm|nannte|pfiff|rang|rannte|rief|riet|riss|ritt|roch|sah|sandte|"
    "sang|sank|saß|schien|schlief|schlug|schloss|schmolz|schnitt|schob|schoss|schrie|schrieb|schritt|schuf|"
    "schwamm|schwand|schwieg|schwor|sprach|sprang|stach|stahl|stand|starb|stieg|stieß|stritt|trank|traf|"
    "trat|trieb|trug|verlor|wandte|warb|warf|wich|wies|wog|wuchs|wurde|zog|zwang|war|hatte|tat|wusste|"
    "konnte|musste|sollte|wollte|durfte|mochte")
_DE_PAST_RE = re.compile(rf"\w*?(?:{_DE_STRONG_PAST})(?:en|st|n)?")
_DE_NOT_PAST = {"bitte", "mitte", "letzte", "letzten", "achte", "achten", "echte", "echten", "rechte", "rechten",
                "leichte", "leichten", "schlechte", "dichte", "kalte", "kalten", "harte", "harten", "weite", "breite",
                "halte", "warte", "richte", "hinten", "daß", "naß", "zwar", "bloß", "maß", "tritt", "betritt",
                "vertritt"}
#: weak preterite endings that are rarely anything else (-ten alone is also an infinitive: warten)
_DE_WEAK_PAST = re.compile(r"[a-zäöüß]{2,}(?:[b-df-hj-np-rtv-zß]te(?:st|t)?|(?:ier|de|te)ten|[gkmpbß]ten)")


def _past_form(w: str, lang: str) -> bool:
    """Whether a lower-case word is a finite past-tense verb form, read from its shape alone."""
    if lang != "de" or len(w) < 3 or w.startswith("ge") or w in _DE_NOT_PAST:
        return False  # English: past_markers and "-ed" (see words_tense) are enough
    if _DE_PAST_RE.fullmatch(w):
        return True
    return bool(_DE_WEAK_PAST.fullmatch(w)) and not w.endswith(("ste", "sten", "stet", "test"))


def _participle(w: str, lang: str) -> bool:
    """A past participle (for perfect tenses with haben/sein, have)."""
    if lang == "en":
        return (w.endswith("ed") and len(w) > 4) or w in _EN_IRREGULAR_PARTICIPLES
    return bool(_DE_PARTICIPLE.fullmatch(w))


_DE_PARTICIPLE = re.compile(r"\w{0,6}ge\w{3,}(?:t|en)|(?:be|ver|er|ent|zer|emp|miss|über|unter)\w{3,}(?:t|en)|\w{3,}iert")


_EN_IRREGULAR_PARTICIPLES = {"been", "done", "gone", "seen", "taken", "given", "made", "held", "met", "said", "told",
                             "struck", "hit", "shot", "fought", "begun", "fallen", "flown", "broken", "spoken",
                             "written", "left", "won", "lost", "sent", "brought", "come", "run", "driven", "killed"}


#: words one of which a pattern needs (lower-cased substrings), to skip patterns cheaply
_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"ago": ("ago",), "tonight": ("tonight", "overnight", "night", "this "), "quarter": ("quarter",),
           "quarter_q": ("q",), "season": ("spring", "summer", "autumn", "fall", "winter"),
           "phase_month": ("early", "mid", "late", "beginning", "start", "middle", "end"),
           "phase_unit": ("early", "mid", "late", "beginning", "start", "middle", "end"),
           "earlier_this": ("this",), "decade": ("0s",), "set": ("every", "each"), "ahead": ("in ",),
           "weekday_set": ("days",), "dayword": ("yesterday", "today", "tomorrow"),
           "time": ("a.m.", "p.m.", "am", "pm")},
    "de": {"ago": ("vor",), "quarter": ("quartal",), "season": ("frühling", "frühjahr", "sommer", "herbst", "winter"),
           "phase_month": ("anfang", "mitte", "ende", "beginn"), "phase_unit": ("anfang", "mitte", "ende", "beginn"),
           "decade": ("0er",), "night": ("nacht", "abend"), "night_to": ("nacht",), "set": ("jede", "alle"),
           "weekend": ("wochenende",), "time": ("uhr",), "dayword": ("gestern", "heute", "morgen"),
           "weekday_set": ("tags",)},
}


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Lead:
    """The runs a pattern's match can start at (see ``TimeTagger._build_leads``): the ``\\w+``
    runs that are one of ``words`` (lower-cased), that begin with a digit (``digit``), or that
    come right before a run in ``before``."""

    words: frozenset[str]
    digit: bool = False
    before: frozenset[str] = frozenset()


class RunIndex:
    """The ``\\w+`` runs of a text, for :class:`Lead` look-ups: their starts (numpy, from a
    per-character word mask), the set of (lower-cased) runs, and for the ``wanted`` words, which
    runs they are."""

    __slots__ = ("starts", "digits", "at", "ok", "words")

    def __init__(self, text: str, low: str, wanted: frozenset[str]) -> None:
        cp = np.frombuffer(low.encode("utf-32-le"), dtype=np.uint32)
        table, digit_table = _char_tables()
        small = np.minimum(cp, 0xFFFF)
        word = table[small]
        if len(text) and cp.max() > 0xFFFF:
            big = np.flatnonzero(cp > 0xFFFF)
            word[big] = [_is_word(text[i]) for i in big.tolist()]
        begins = word.copy()
        begins[1:] &= ~word[:-1]
        self.starts = np.flatnonzero(begins)
        digit = digit_table[small[self.starts]]
        big = np.flatnonzero(cp[self.starts] > 0xFFFF)
        if len(big):
            digit[big] = [text[i].isdecimal() for i in self.starts[big].tolist()]
        self.digits = self.starts[digit]
        at: dict[str, list[int]] = {}
        runs = _WORD.findall(low)
        self.words = words = set(runs)
        hits = words & wanted
        if hits:  # (C-level selection: most runs are no lead word)
            for i in compress(range(len(runs)), map(hits.__contains__, runs)):
                at.setdefault(runs[i], []).append(i)
        self.at = at
        self.ok = len(runs) == len(self.starts)

    def lead_starts(self, lead: Lead) -> list[int]:
        runs: list[int] = []
        at = self.at
        for w in lead.words & at.keys():
            runs += at[w]
        for w in lead.before & at.keys():
            runs += [i - 1 for i in at[w] if i]
        found = self.starts[runs] if runs else self.starts[:0]
        if lead.digit:
            found = np.concatenate((found, self.digits))
        found.sort()  # a start may come twice: _lead_finditer tries it once
        return found.tolist()


@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """For each code point below 0x10000: whether ``re`` counts it as ``\\w`` and as ``\\d``
    (str patterns: ``str.isalnum()`` or "_", and ``str.isdecimal()``)."""
    chars = [chr(i) for i in range(0x10000)]
    word = np.array([_is_word(c) for c in chars], dtype=bool)
    digit = np.array([c.isdecimal() for c in chars], dtype=bool)
    return word, digit


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _ignores_case(pat: re.Pattern) -> bool:
    return bool(pat.flags & re.IGNORECASE) or "(?i" in pat.pattern


def _lead_finditer(pat: re.Pattern, text: str, starts: list[int]):
    """``pat.finditer(text)`` for a pattern whose matches can only start at ``starts`` (sorted):
    the leftmost match is the first start where ``pat.match`` succeeds, and the next is searched
    from its end, as ``finditer`` does."""
    pos = 0
    match = pat.match
    for s in starts:
        if s < pos:
            continue
        m = match(text, s)
        if m is not None:
            if m.end() == s:  # an empty match: let re's own rules for those decide
                yield from (m for m in pat.finditer(text, s) if m.start() >= s)
                return
            yield m
            pos = m.end()


#: Non-ASCII characters that ``re.IGNORECASE`` may equate with an ASCII letter (sharp s, dotted and
#: dotless i, long s, Kelvin sign, ligatures, …): every character whose lower/upper/casefold form
#: holds an ASCII character (tests/test_timex.py recomputes the list). Lowercasing them does not give
#: the letter, so a text that holds one is scanned by the case-insensitive patterns without the gate.
CASE_ESCAPEES = frozenset(
    "\xdf\u0130\u0131\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)


#: The characters ``re.IGNORECASE`` matches with an ASCII letter (dotted and dotless i, long s,
#: Kelvin sign; tests/test_timex.py recomputes them): a text with one is scanned in full by the
#: case-insensitive patterns, as its lower-cased runs may not show the words a match starts with.
RE_ASCII_FOLDS = frozenset("\u0130\u0131\u017f\u212a")


def _case_escapees() -> frozenset[str]:
    return CASE_ESCAPEES


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return s, e


_FUTURE_AUX = {"werden", "will", "shall", "wird", "werde", "werden", "wirst", "'ll"}
_PERFECT_AUX = {"haben", "sein", "have"}


def _governing_verb(tok: Token) -> Token | None:
    """The verb that governs a time expression's token: the nearest VERB/AUX up the head chain."""
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "aux:pass", "cop"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def verb_tense(verb: Token, tagger: "TimeTagger") -> str | None:
    """past | future | present of a verb with its auxiliaries (``hat … beschossen``, ``will meet``,
    ``did not attack``), from morphology and the word forms; ``None`` without a finite form."""
    group = [verb] + [c for c in verb.children if c.dep_ in ("aux", "aux:pass", "cop")]
    finite = False
    for t in group:
        low, lemma = t.lower_, t.lemma_.lower()
        if lemma in _FUTURE_AUX and t is not verb and low not in ("wurde", "wurden", "würde", "würden"):
            if not (lemma == "werden" and verb.morph.get("VerbForm") == ["Part"]):
                return "future"  # "wird … fliegen", "will meet" (not the passive "wird … angegriffen")
        if low in tagger.v.d["future_markers"] and t is not verb and lemma not in ("haben", "sein", "have", "be"):
            return "future"
        if "Past" in t.morph.get("Tense") and "Fin" in t.morph.get("VerbForm"):
            return "past"
        if tagger.lang == "en" and (t.tag_ in ("VBD",) or low in ("did", "was", "were", "had")):
            return "past"
        if low in tagger.v.d["past_markers"] or (t.is_lower and _past_form(low, tagger.lang)):
            return "past"
        if "Fin" in t.morph.get("VerbForm"):
            finite = True
    if any(t.lemma_.lower() in _PERFECT_AUX and t is not verb for t in group) and (
        "Part" in verb.morph.get("VerbForm") or _participle(verb.lower_, tagger.lang)
    ):
        return "past"  # "hat … beschossen", "ist … geflogen", "has shelled"
    return "present" if finite else None


def _doc_tense(doc: Doc, tagger: TimeTagger, sentences: list[tuple[int, int]], text: str) -> Callable[[int], str]:
    """Tense of the verb that governs the expression when the Doc is parsed; else (and when the parse
    finds no finite verb, e.g. a verb mis-tagged as an adverb) the lexical clause guess."""
    lexical = tagger.tense_of(text, sentences)
    if not doc.has_annotation("DEP"):
        return lexical
    starts = token_table(doc).idx

    def guess(pos: int) -> str:
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0:
            return lexical(pos)
        verb = _governing_verb(doc[k])
        t = verb_tense(verb, tagger) if verb is not None else None
        return t or lexical(pos)

    return guess


def _ref_date(published: datetime | date | str | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    try:
        return datetime.fromisoformat(str(published)).date()
    except ValueError:
        return None


@lru_cache(maxsize=8)
def tagger(lang: str, vague_count: int = 3) -> TimeTagger:
    """One compiled :class:`TimeTagger` per language and process."""
    return TimeTagger(lang if lang in ("de", "en") else "en", vague_count)


def extract_times(doc: Doc, lang: str, vague_count: int = 3) -> list[TimeExpr]:
    t = tagger(lang, vague_count)
    text = cached_text(doc)
    sentences = [(r.start, r.end) for r in sentence_ranges(doc)]
    return t.tag(text, _ref_date(doc._.published), sentences, _doc_tense(doc, t, sentences, text))


@Language.factory(
    spacy_factory("newsgraph.timex.v1"),
    default_config={"vague_count": 3},
    assigns=["doc._.times"],
    requires=["doc._.published"],
)
def make_timex(nlp: Language, name: str, vague_count: int) -> "TimexTagger":
    return TimexTagger(nlp.lang, vague_count)


class TimexTagger(BatchedPipe):
    """spaCy component: fills ``doc._.times`` with :class:`~newsgraph.schema.TimeExpr` objects.

    ``vague_count`` is how many units an unquantified plural spans: *in den letzten Monaten* is
    read as the last 3 months (its ``value`` stays ``PXM``)."""

    def __init__(self, lang: str, vague_count: int = 3) -> None:
        self.lang = lang
        self.vague_count = vague_count
        tagger(lang, vague_count)

    def __call__(self, doc: Doc) -> Doc:
        doc._.times = extract_times(doc, self.lang, self.vague_count)
        return doc
