"""Reading numbers written in digits or words, German and English.

Used by the amount and the time tagger. Existing libraries fell short: ``number-parser`` and
``text2num`` cover English/French words but not German compounds like *dreieinhalb* or
*zweihundertfünfzig*, and none reads German decimal commas and thousands dots (``1.500,5``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "amounts"

_DIGITS = {
    "de": re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
}


@dataclass
class NumberWords:
    lang: str
    units: dict[str, float]
    tens: dict[str, float]
    articles: set[str]
    halves: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, tuple[float, str]]
    fractions: dict[str, float]
    data: dict = field(default_factory=dict)


@lru_cache(maxsize=4)
def number_words(lang: str) -> NumberWords:
    """The amount resources of ``lang`` (number words and everything else in the JSON)."""
    path = RESOURCES / f"{lang}.json"
    if not path.exists():
        path = RESOURCES / "en.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    return NumberWords(
        lang=lang, units=d["units"], tens=d["tens"], articles=set(d["articles"]), halves=d["halves"],
        scales=d["scales"], vague={k: (float(v[0]), v[1]) for k, v in d["vague"].items()},
        fractions=d["fractions"], data=d,
    )


def parse_digits(text: str, lang: str) -> float | None:
    """``1.500`` → 1500 and ``1,5`` → 1.5 in German; ``1,500`` → 1500 and ``1.5`` in English."""
    m = _DIGITS.get(lang, _DIGITS["en"]).fullmatch(text)
    if not m:
        return None
    if lang == "de":
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))


def _de_compound(w: str, nw: NumberWords) -> float | None:
    if not w:
        return None
    if w in nw.units:
        return float(nw.units[w])
    if w in nw.tens:
        return float(nw.tens[w])
    if w.endswith("einhalb") and len(w) > 7:
        base = _de_compound(w[:-7], nw) if w[:-7] not in ("ein",) else 1.0
        return base + 0.5 if base is not None else None
    for scale, mult in (("tausend", 1000), ("hundert", 100)):
        if scale in w:
            left, _, right = w.partition(scale)
            lv = 1.0 if left in ("", "ein") else _de_compound(left, nw)
            rv = 0.0 if right == "" else _de_compound(right, nw)
            if lv is None or rv is None:
                return None
            return lv * mult + rv
    if "und" in w:
        left, _, right = w.partition("und")
        lv, rv = _de_compound(left, nw), nw.tens.get(right)
        if lv is not None and rv is not None and lv < 10:
            return lv + rv
    return None


def parse_word(word: str, lang: str) -> float | None:
    """A single number word: *zwölf*, *dreieinhalb*, *zweihundertfünfzig*, *twenty-five*, *eleven*."""
    nw = number_words(lang)
    w = word.lower()
    if w in nw.halves and w not in ("halb", "halbe", "halben", "half"):
        return nw.halves[w]
    if lang == "de":
        if w in ("ein", "eine", "einen", "einem", "einer", "eines"):
            return None
        return _de_compound(w, nw)
    if w in nw.units:
        return float(nw.units[w])
    if w in nw.tens:
        return float(nw.tens[w])
    if "-" in w:
        a, _, b = w.partition("-")
        if a in nw.tens and b in nw.units and nw.units[b] < 10:
            return float(nw.tens[a] + nw.units[b])
    return None
