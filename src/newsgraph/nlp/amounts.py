"""Amounts: numbers with what they count, rates, qualifiers, money, percentages, durations and
GDELT-style typed counts (KILL, WOUND, ARREST, …).

Rules over a light character-level token stream (so they work on a blank pipeline); the word lists
live in ``resources/amounts/<lang>.json``. ``bis zu 800 Drohnen pro Nacht`` → value 800, object
*Drohnen*, per *Nacht*, qualifier *up to*; ``seit dreieinhalb Jahren`` → duration ``P3.5Y``;
``Bei dem Angriff auf Charkiw wurden mindestens zwölf Zivilisten getötet`` → KILL, 12, *at least*,
*Zivilisten*, plus the place when ``doc._.locations`` (or a LOC entity) has a mention in the sentence.
Numbers that belong to dates, clock times, years and ordinals are left to the time tagger.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, compress

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp import extensions  # noqa: F401
from newsgraph.nlp.numbers import NumberWords, number_words, parse_digits, parse_word
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.nlp.textspans import sentence_at, sentence_ranges
from newsgraph.schema import Amount
from newsgraph.nlp.lemma_keys import doc_text as cached_text
from newsgraph.nlp.unchecked import build

#: words, digit groups, symbols. The alternatives start with disjoint classes, so their order
#: (words, the most frequent, first) and the possessive quantifiers (nothing follows a token to
#: backtrack for) change no match, only the matcher's work
_TOKEN = re.compile(r"[^\W\d_]++(?:[-'’][^\W\d_]++)*+|\d++(?:[.,]\d++)*+|[^\s\w]")
_EN_NOUN_CUES = {"deaths", "death toll", "fatalities", "bodies", "injuries", "arrests", "detentions", "hostages",
                 "hostage", "refugees", "captives", "protesters", "protestors", "demonstrators"}
_ORDINAL_BEFORE = {"der", "die", "das", "dem", "den", "des", "am", "im", "zum", "zur", "beim", "vom", "ihr", "ihre",
                   "ihrem", "ihren", "sein", "seine", "seinem", "seinen", "the", "jeder", "jedem"}
_SMALL_ISO = {"Y": "Y", "M": "M", "W": "W", "D": "D", "N": "D"}


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")  # the text between two tokens is [\\s_]*
_CLOCK_AFTER = re.compile(r"\s*(?:Uhr|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|MEZ|MESZ|h\b|o'clock)")
_YEAR = re.compile(r"(18|19|20)\d\d")
_DECADE = re.compile(r"\d{1,2}s|(18|19|20)\d0er")


#: a token of the amount reader's own token stream, read by index: ``[0]`` start, ``[1]`` end,
#: ``[2]`` text, ``[3]`` lowercase text. Plain tuples from ``zip`` (built in C) cost about a third
#: of a tuple subclass with named fields.
Tok = tuple[int, int, str, str]
_ABBREV: dict[int, tuple[set[str], re.Pattern | None]] = {}


def _abbreviations(nw: NumberWords) -> tuple[set[str], re.Pattern | None]:
    """The language's abbreviations that keep their period (``Mrd.``), and a pattern that finds
    any of them in a text (None where there are none: English)."""
    got = _ABBREV.get(id(nw))
    if got is None:
        abbrev = {k for d in ("scales", "qualifiers", "currencies") for k in nw.data.get(d, {}) if k.endswith(".")}
        abbrev |= {m for m in nw.data.get("months", []) if m.endswith(".")}
        got = _ABBREV[id(nw)] = (abbrev, re.compile("|".join(map(re.escape, sorted(abbrev)))) if abbrev else None)
    return got


def _split(text: str, nw: NumberWords) -> tuple[list[int], list[int], list[str]]:
    """(starts, ends, texts) of the reader's tokens (words, digit groups and symbols; known
    abbreviations keep their period: ``Mrd.``), from one ``re.split`` (tokens and the gaps
    between them, in C) and running sums of their lengths."""
    parts = _TOKEN_SPLIT.split(text)
    texts = parts[1::2]
    if not texts:
        return [], [], []
    bounds = list(accumulate(map(len, parts)))
    starts, ends = bounds[0:-1:2], bounds[1::2]
    abbrev, anywhere = _abbreviations(nw)
    # (a token is merged with its period only where the text holds the abbreviation)
    if anywhere is not None and "." in texts and anywhere.search(text):
        merged: list[int] = []
        k = 0
        while True:
            try:
                k = texts.index(".", k + 1)
            except ValueError:
                break
            prev = k - 2 if merged and merged[-1] == k - 1 else k - 1  # the token before, as merged
            if ends[prev] == starts[k] and texts[prev] + "." in abbrev:
                texts[prev] += "."
                ends[prev] = ends[k]
                merged.append(k)
        for k in reversed(merged):
            del starts[k], ends[k], texts[k]
    return starts, ends, texts


_INDEX: dict[tuple[int, bool, bool], dict[str, list[tuple[list[str], object]]]] = {}


def _index(phrases: dict[str, object], case: bool, last: bool) -> dict[str, list[tuple[list[str], object]]]:
    """Phrases keyed by their first (or last) word, so lookups do not scan every phrase."""
    key = (id(phrases), case, last)
    idx = _INDEX.get(key)
    if idx is None:
        idx = {}
        for p, v in phrases.items():
            parts = p.split() if case else p.lower().split()
            idx.setdefault(parts[-1] if last else parts[0], []).append((parts, v))
        _INDEX[key] = idx
    return idx


def _phrase_at(toks: list[Tok], i: int, phrases: dict[str, object], *, case: bool = False) -> tuple[int, object]:
    """Longest phrase from ``phrases`` starting at token ``i``: (token count, value)."""
    best = (0, None)
    if i >= len(toks):
        return best
    first = toks[i][2] if case else toks[i][3]
    for parts, v in _index(phrases, case, False).get(first, ()):
        if i + len(parts) > len(toks):
            continue
        if all((toks[i + k][2] if case else toks[i + k][3]) == w for k, w in enumerate(parts)) and (
            len(parts) > best[0]
        ):
            best = (len(parts), v)
    return best


def _phrase_before(toks: list[Tok], i: int, phrases: dict[str, object]) -> tuple[int, object]:
    best = (0, None)
    if i < 1:
        return best
    for parts, v in _index(phrases, False, True).get(toks[i - 1][3], ()):
        k0 = i - len(parts)
        if k0 < 0:
            continue
        if all(toks[k0 + k][3] == w for k, w in enumerate(parts)) and len(parts) > best[0]:
            best = (len(parts), v)
    return best


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def iso_duration(value: float, unit: str) -> str:
    """ISO 8601 duration for a value in a unit code (Y, M, W, D, H, MIN, S, DE, N)."""
    if unit in _SMALL_ISO:
        return f"P{_fmt(value)}{_SMALL_ISO[unit]}"
    if unit == "DE":
        return f"P{_fmt(value * 10)}Y"
    return f"PT{_fmt(value)}{ {'H': 'H', 'MIN': 'M', 'S': 'S'}[unit] }"


class AmountReader:
    """Finds amounts in a text for one language (resources loaded once)."""

    def __init__(self, lang: str, max_count_distance: int = 80):
        self.lang = lang
        self.nw = number_words(lang)
        d = self.nw.data
        self.qualifiers: dict[str, str] = d["qualifiers"]
        self.currencies: dict[str, str] = d["currencies"]
        self.percent: dict[str, str] = d["percent"]
        self.time_units: dict[str, str] = d["time_units"]
        self.blockers_before = set(d["duration_blockers_before"])
        self.blockers_after = set(d["duration_blockers_after"])
        self.per_words = set(d["per_words"])
        self.per_phrases: dict[str, str] = d["per_phrases"]
        self.months = set(d["months"])
        self.non_objects = set(d["non_objects"])
        self.people = set(d["people"])
        self.cue_type: dict[str, str] = {}
        for typ, cues in d["count_cues"].items():
            for c in cues:
                self.cue_type.setdefault(c, typ)
        alts = "|".join(re.escape(c) for c in sorted(self.cue_type, key=len, reverse=True))
        self.cue_re = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")
        self.cue_words = {c for cues in d["count_cues"].values() for c in cues}
        self.max_count_distance = max_count_distance
        self._starts: dict[str, bool] = {}
        self._cands: dict[str, bool] = {}

    # ---------------------------------------------------------------- numbers

    def _number(self, toks: list[Tok], i: int, text: str) -> tuple[int, float, str, str] | None:
        """(next index, value, qualifier, kind) for a number starting at token ``i``."""
        nw, t = self.nw, toks[i]
        n = len(toks)
        nxt = toks[i + 1] if i + 1 < n else None
        value: float | None = None
        qual, kind = "exact", "number"
        j = i + 1
        if self.lang == "en" and "-" in t[2]:
            a, _, b = t[3].partition("-")
            if parse_word(a, "en") is not None and b in nw.fractions:
                return i + 1, parse_word(a, "en") * nw.fractions[b], "exact", "fraction"
        if t[2][0].isdigit():
            if t[0] > 0 and (text[t[0] - 1].isalpha() or (text[t[0] - 1] == "-" and t[0] > 1
                                                               and text[t[0] - 2].isalpha())):
                return None  # G7, F-16, Covid-19
            if t[1] < len(text) and text[t[1] : t[1] + 1].isalpha() and not (
                nxt is not None and (nxt[2] in nw.scales or nxt[3] in nw.scales or nxt[2] in self.percent)
            ):
                return None
            value = parse_digits(t[2], self.lang)
        elif self.lang == "en":
            k, total, cur = i, 0.0, None
            while k < n:
                w = toks[k][3]
                small = parse_word(w, "en")
                if small is not None and (cur is None or cur % 100 == 0 or cur < 10 <= small < 100) and small < 100:
                    cur = (cur or 0) + small
                elif w == "hundred" and cur is not None:
                    cur *= 100
                elif w == "and" and cur is not None and k + 1 < n and parse_word(toks[k + 1][3], "en") is not None:
                    pass
                else:
                    break
                k += 1
            if cur is not None:
                value, j = total + cur, k
                if [x[3] for x in toks[k : k + 3]] == ["and", "a", "half"]:
                    value, j = value + 0.5, k + 3
        else:
            value = parse_word(t[2], "de") if t[2][:1].islower() or t[2].lower() in ("anderthalb",) else None
            if value is None and t[2][:1].isupper() and (i == 0 or toks[i - 1][2] in ".!?„\"»:(–-"):
                value = parse_word(t[2], "de")
        if value is None and t[3] in nw.articles and nxt is not None and (
            nxt[2] in nw.scales or nxt[3] in ("dutzend", "dozen", "hundred", "thousand") or nxt[2] in nw.fractions
            or nxt[2] in self.time_units
        ):
            value, j = 1.0, i + 1
        if value is None:
            vk, vv = _phrase_at(toks, i, nw.vague, case=self.lang == "de")
            if vk:
                if toks[i][2] in nw.scales and self.lang == "de" and toks[i][2] != "Millionen":
                    return None
                v, q = vv
                return i + vk, v, "exact" if q == "exact" else q, "number"
            return None
        # scale words: 1,5 Mrd. / zwei Millionen / 3.5 billion
        while j < n and (toks[j][2] in nw.scales or (self.lang == "en" and toks[j][3] in nw.scales)) and (
            self.lang != "en" or toks[j][3] not in ("m",) or t[2][0].isdigit()
        ):
            value *= nw.scales.get(toks[j][2], nw.scales.get(toks[j][3], 1))
            j += 1
        if j < n and toks[j][2] in ("Dutzend",) or (j < n and toks[j][3] == "dozen"):
            value *= 12
            j += 1
        # fractions: zwei Drittel / two-thirds / a third
        if self.lang == "en" and "-" in t[2]:
            a, _, b = t[3].partition("-")
            if parse_word(a, "en") is not None and b in nw.fractions:
                return i + 1, parse_word(a, "en") * nw.fractions[b], "exact", "fraction"
        if j < n and (toks[j][2] in nw.fractions or (self.lang == "en" and toks[j][3] in nw.fractions)):
            frac = nw.fractions.get(toks[j][2], nw.fractions.get(toks[j][3]))
            return j + 1, value * frac, qual, "fraction"
        return j, value, qual, kind

    # ---------------------------------------------------------------- main

    def _may_start_number(self, tok: Tok) -> bool:
        """False only where :meth:`_number` returns None whatever the context: no digit, number
        word, article or vague-quantity word starts here (cached per token text)."""
        hit = self._starts.get(tok[2])
        if hit is None:
            t, low, nw = tok[2], tok[3], self.nw
            hit = (t[0].isdigit() or (self.lang == "en" and "-" in t)
                   or parse_word(t if self.lang == "de" else low, self.lang) is not None
                   or low in nw.articles
                   or (t if self.lang == "de" else low) in _index(nw.vague, self.lang == "de", False))
            if len(self._starts) > 200_000:
                self._starts.clear()
            self._starts[tok[2]] = hit
        return hit

    def _may_matter(self, tok: Tok) -> bool:
        """Whether :meth:`read` does anything at this token: it may start a number, or it is
        "Hälfte" / English "half" (cached per token text)."""
        hit = self._cands.get(tok[2])
        if hit is None:
            hit = (self._may_start_number(tok) or tok[2] == "Hälfte"
                   or (self.lang == "en" and tok[3] == "half"))
            self._cands[tok[2]] = hit
        return hit

    def read(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[Amount]:
        """The amounts in ``text``; with ``sentences`` (sorted, non-overlapping (start, end) pairs)
        counts of people are typed by the cue words of their sentence."""
        starts, ends, texts = _split(text, self.nw)
        toks = list(zip(starts, ends, texts, map(str.lower, texts)))
        out: list[Amount] = []
        i, n = 0, len(toks)
        # the loop below only acts at these tokens (elsewhere it steps on): jump between them
        if len(self._cands) > 200_000:
            self._cands.clear()
        for t in set(texts).difference(self._cands):
            self._may_matter((0, 0, t, t.lower()))  # only its text matters
        cands = list(compress(range(n), map(self._cands.__getitem__, texts)))
        p, m = 0, len(cands)
        while True:
            p = bisect_left(cands, i, p)
            if p == m:
                break
            i = cands[p]
            got = self._number(toks, i, text) if self._may_start_number(toks[i]) else None
            if got is None:
                # en: two-thirds etc. handled in _number; "die Hälfte"
                if toks[i][2] in ("Hälfte",) and i > 0 and toks[i - 1][3] in ("die", "der"):
                    a = self._finish(toks, i - 1, i + 1, 0.5, "exact", "fraction", text)
                    if a:
                        out.append(a)
                elif self.lang == "en" and toks[i][3] == "half" and i + 1 < n and toks[i + 1][3] == "of":
                    a = self._finish(toks, i, i + 1, 0.5, "exact", "fraction", text)
                    if a:
                        out.append(a)
                i += 1
                continue
            j, value, qual, kind = got
            if self._is_date_or_time(toks, i, j, value, text):
                i = j
                continue
            a = self._finish(toks, i, j, value, qual, kind, text)
            if a is not None and not _labels_something(toks, i, j, a):
                out.append(a)
                i = max(j, self._consumed)
            else:
                i = j
        if sentences is not None:
            cues: dict[int, list[tuple[int, int, str]]] = {}
            for a in out:
                self._type_count(a, text, sentences, cues)
        return out

    def _is_date_or_time(self, toks: list[Tok], i: int, j: int, value: float, text: str) -> bool:
        t = toks[i]
        if not t[2][0].isdigit():
            return False
        nxt = toks[j] if j < len(toks) else None
        after = toks[j + 1] if j + 1 < len(toks) else None
        if _CLOCK_AFTER.match(text, toks[j - 1][1]):
            return True
        if nxt is not None and nxt[2] == "." and nxt[0] == t[1] and i > 0 and toks[i - 1][3] in _ORDINAL_BEFORE:
            return True  # "auf dem 3. Platz"
        if nxt is not None and nxt[2] == "." and nxt[0] == t[1] and after is not None and (
            after[2] in self.months or after[2][:1].islower() or after[2][:1].isdigit()
            or (after[2][:1].isupper() and after[0] == nxt[1] + 1 and value <= 31 and self.lang == "de"
                and after[2] in self.months)
        ):
            return True
        if nxt is not None and nxt[2] in self.months:
            return True
        if i > 0 and toks[i - 1][2] in self.months:
            return True
        if i > 0 and toks[i - 1][2] == ":" or (nxt is not None and nxt[2] == ":" and after is not None
                                                 and after[2][:1].isdigit()):
            return True
        if _YEAR.fullmatch(t[2]) and j == i + 1:
            if nxt is None or nxt[2] not in self.currencies and nxt[2] not in self.percent and not (
                nxt[2] in self.people or (self.lang == "de" and nxt[2][:1].isupper()
                                            and nxt[2] not in self.months and nxt[2] not in self.time_units
                                            and not (i > 0 and toks[i - 1][3] in ("im", "seit", "bis", "ab", "von",
                                                                                    "in", "jahr", "jahre", "since",
                                                                                    "year", "of", "until")))
            ):
                return True
        if _DECADE.fullmatch(t[2]):
            return True
        return False

    def _finish(self, toks: list[Tok], i: int, j: int, value: float, qual: str, kind: str,
                text: str) -> Amount | None:
        n = len(toks)
        start_tok = i
        self._consumed = j
        # qualifier and currency before the number
        qk, qv = _phrase_before(toks, i, self.qualifiers)
        if qk:
            qual = str(qv)
            start_tok = i - qk
        unit = None
        if i > 0 and (toks[i - 1][2] in self.currencies and not toks[i - 1][2].isalpha()):
            unit, kind = self.currencies[toks[i - 1][2]], "money"
            start_tok = min(start_tok, i - 1)
            if i - 1 > 0 and not qk:
                qk2, qv2 = _phrase_before(toks, i - 1, self.qualifiers)
                if qk2:
                    qual, start_tok = str(qv2), i - 1 - qk2
        end_tok = j
        obj = per = duration = None
        if unit is None and j < n:
            ck, cv = _phrase_at(toks, j, self.currencies, case=True)
            if not ck and self.lang == "en":
                ck, cv = _phrase_at(toks, j, self.currencies)
            pk, pv = _phrase_at(toks, j, self.percent, case=self.lang == "de")
            if ck:
                unit, kind, end_tok = str(cv), "money", j + ck
            elif pk:
                unit, kind, end_tok = str(pv), "percent", j + pk
            elif toks[j][2] in self.time_units or (self.lang == "en" and toks[j][3] in self.time_units):
                code = self.time_units.get(toks[j][2], self.time_units.get(toks[j][3]))
                before = toks[start_tok - 1][3] if start_tok > 0 else ""
                after = toks[j + 1][3] if j + 1 < n else ""
                if before in self.blockers_before or after in self.blockers_after:
                    self._consumed = j + 1
                    return None
                if after in ("lang", "long") and j + 1 < n:
                    end_tok = j + 2
                else:
                    end_tok = j + 1
                unit, kind, duration = toks[j][2], "duration", iso_duration(value, code)
        if kind in ("number", "fraction") and unit is None:
            k = j
            if k < n and toks[k][3] in ("von", "of", "der", "aller", "the") and kind == "fraction" or (
                k < n and toks[k][3] in ("von", "of") and value >= 12
            ):
                k += 1
                if k < n and toks[k][3] in ("der", "die", "den", "the"):
                    k += 1
            obj_tok = self._object(toks, k)
            if obj_tok is not None:
                a, b = obj_tok
                obj = text[toks[a][0] : toks[b - 1][1]]
                end_tok = b
            pk, pv = _phrase_at(toks, end_tok, self.per_phrases)
            if pk:
                per, end_tok = str(pv), end_tok + pk
            elif end_tok + 1 < n and toks[end_tok][3] in self.per_words and toks[end_tok][3] in ("pro", "je", "per"):
                per, end_tok = toks[end_tok + 1][2], end_tok + 2
        if kind in ("number",) and obj is None and value is not None and not toks[i][2][0].isdigit() and (
            value < 10 and per is None
        ):
            return None  # a bare small number word ("zwei", "three") says little on its own
        if kind == "money" and end_tok < n and unit is not None:
            pk, pv = _phrase_at(toks, end_tok, self.per_phrases)
            if pk:
                per, end_tok = str(pv), end_tok + pk
        s, e = toks[start_tok][0], toks[end_tok - 1][1]
        self._consumed = end_tok
        return build(Amount, start=s, end=e, text=text[s:e], value=float(value), kind=kind, unit=unit, object=obj, per=per,
                      qualifier=qual, duration=duration)

    def _object(self, toks: list[Tok], k: int) -> tuple[int, int] | None:
        n = len(toks)
        if self.lang == "de":
            start = k
            skipped = 0
            while k < n and toks[k][2].isalpha() and toks[k][2][:1].islower() and skipped < 2 and re.search(
                r"(e|en|er|es|em)$", toks[k][2]
            ) and toks[k][3] not in ("pro", "je", "die", "der", "den", "dem", "und", "oder"):
                k += 1
                skipped += 1
            if k < n and toks[k][2][:1].isupper() and toks[k][2][:1].isalpha() and (
                toks[k][2] not in self.non_objects and toks[k][2] not in self.months
                and toks[k][2] not in self.nw.scales
            ):
                return start, k + 1
            return None
        start = k
        while k < n and k - start < 2 and toks[k][2].isalpha() and toks[k][3] not in self.non_objects and (
            toks[k][3] not in self.time_units
        ) and not (toks[k][3].endswith(("ed", "ing")) and toks[k][3] not in self.people):
            k += 1
            if toks[k - 1][3] in self.people or toks[k - 1][3].endswith("s"):
                break
        return (start, k) if k > start else None

    def _type_count(self, a: Amount, text: str, sentences: list[tuple[int, int]],
                    cues: dict[int, list[tuple[int, int, str]]]) -> None:
        """Types a count of people by the nearest cue word of its sentence; ``cues`` keeps each
        sentence's cue matches (by its start) for the other numbers in it."""
        if a.kind not in ("number",):
            return
        sent = sentence_at(sentences, a.start)
        if sent is None:
            return
        s, e = sent
        found = cues.get(s)
        if found is None:
            found = cues[s] = [(s + m.start(), s + m.end(), m.group()) for m in self.cue_re.finditer(text[s:e])]
        best = None
        for cs, ce, word in found:
            typ = self.cue_type[word]
            if True:
                if a.start <= cs and ce <= a.end and not (a.object and word in a.object):
                    continue
                noun = (self.lang == "de" and word[:1].isupper()) or (
                    self.lang != "de" and word in _EN_NOUN_CUES
                )
                if noun and not (a.object and word in a.object) and not (0 <= cs - a.end <= 2):
                    continue
                d = 0 if cs < a.end and ce > a.start else (cs - a.end if cs >= a.end else 2 * (a.start - ce))
                if noun:
                    d += 40  # a verb cue ("festgenommen") outranks the counted noun ("Demonstranten")
                if d <= self.max_count_distance and (best is None or d < best[0]):
                    best = (d, typ)
        if best is None:
            return
        people_like = a.object is None or any(w in self.people for w in a.object.split()) or (
            a.object in self.cue_words
        )
        if people_like:
            a.count_type = best[1]
            a.kind = "count"


_AFTER_A_SECOND = {"ago", "later", "earlier", "before", "after", "of", "or", "and", "to", "in", "for", "too"}


def _labels_something(toks: list[Tok], i: int, j: int, a: Amount) -> bool:
    """A bare number (nothing counted, no rate) that names or describes rather than counts:
    a name's number ("Windows 10", "Flight 8501", "Interstate 75", "Absatz 35"), an age after a
    name ("Adamowicz, 53," / "Tim Hunt (72)") or a list marker ("1) estimating …")."""
    after = toks[j] if j < len(toks) else None
    if a.kind == "duration" and a.text.lower() in ("a second", "one second") and after is not None and (
        after[2].isalpha() and after[3] not in _AFTER_A_SECOND
    ):
        return True  # "a second semi truck": an ordinal
    if a.kind != "number" or a.per is not None or not toks[i][2][:1].isdigit():
        return False
    named = a.text.startswith(toks[i][2]) and a.object is not None and a.object[:1].islower()
    if a.object is not None and not named:
        return False
    before = toks[i - 1] if i > 0 else None
    before2 = toks[i - 2] if i > 1 else None
    if named:  # "Interstate 75 close to Alachua": what follows is not counted
        return before is not None and before[2][:1].isupper() and before[2].isalpha() and (
            before2 is not None and before2[2] not in (".", "!", "?", ":"))
    if after is not None and after[2] == ")" and (before is None or before[2] != "("):
        return True
    if before is None:
        return False
    if before[2][:1].isalpha() and any(c.isupper() for c in before[2]) and before[1] < toks[i][0] and (
        before2 is not None and before2[2] not in (".", "!", "?", ":", '"', "„", "“", "»", "«")
    ):
        return True
    return (before[2], after[2] if after is not None else "") in ((",", ","), ("(", ")")) and (
        before2 is not None and before2[2][:1].isupper())


def _place(doc: Doc, a: Amount, sentences: list[tuple[int, int]]) -> None:
    sent = sentence_at(sentences, a.start)
    if sent is None:
        return
    s, e = sent
    cands: list[tuple[int, str | None, str]] = []
    for loc in doc._.locations or []:
        for m in loc.mentions:
            if s <= m.start < e:
                cands.append((abs(m.start - a.start), loc.id, m.text))
    if not cands:
        for ent in doc.ents:
            if ent.label_ in ("LOC", "GPE") and s <= ent.start_char < e:
                cands.append((abs(ent.start_char - a.start), None, ent.text))
    if cands:
        _, lid, txt = min(cands, key=lambda c: c[0])
        a.location = lid
        a.location_text = txt


@lru_cache(maxsize=4)
def reader(lang: str) -> AmountReader:
    """One :class:`AmountReader` per language and process."""
    return AmountReader(lang)


def _trim_objects(doc: Doc, amounts: list[Amount], text: str) -> None:
    """With a tagger, an object ends before the first word that is not an adjective or noun
    (``5.2 earthquake hit`` → ``earthquake``)."""
    for a in amounts:
        if not a.object:
            continue
        off = a.text.rfind(a.object)
        span = doc.char_span(a.start + off, a.start + off + len(a.object), alignment_mode="expand")
        if span is None:
            continue
        keep = []
        for t in span:
            if t.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "X"):
                break
            keep.append(t)
        if not keep or keep[-1].pos_ == "ADJ" and len(keep) == len(span):
            continue
        obj = text[keep[0].idx : keep[-1].idx + len(keep[-1].text)]
        if obj != a.object and keep[0].idx == a.start + off:
            cut = a.start + off + len(obj)
            if cut <= a.end and a.per is None:
                a.object, a.end, a.text = obj, cut, text[a.start : cut]


def extract_amounts(doc: Doc, lang: str) -> list[Amount]:
    text = cached_text(doc)
    sentences = sentence_ranges(doc)  # sorted (start, end) pairs, a fresh list
    amounts = reader(lang).read(text, sentences)
    # (POS first: has_annotation scans every token for an attribute no token has, and the
    # English model sets no TAG)
    if amounts and (doc.has_annotation("POS") or doc.has_annotation("TAG")):
        _trim_objects(doc, amounts, text)
    for a in amounts:
        if a.count_type:
            _place(doc, a, sentences)
    return amounts


@Language.factory(
    spacy_factory("newsgraph.amounts.v1"),
    default_config={"max_count_distance": 80},
    assigns=["doc._.amounts"],
)
def make_amounts(nlp: Language, name: str, max_count_distance: int) -> "AmountTagger":
    return AmountTagger(nlp.lang, max_count_distance)


class AmountTagger(BatchedPipe):
    """spaCy component: fills ``doc._.amounts`` with :class:`~newsgraph.schema.Amount` objects."""

    def __init__(self, lang: str, max_count_distance: int = 80) -> None:
        self.lang = lang
        reader(lang).max_count_distance = max_count_distance

    def __call__(self, doc: Doc) -> Doc:
        doc._.amounts = extract_amounts(doc, self.lang)
        return doc
