"""The shipped actor knowledge base: persons and organisations with dated CAMEO codes and offices,
countries with German/English names and adjectives, role nouns, titles and agent nouns.

Built by ``training/build_kb.py`` (PETRARCH2/Phoenix dictionaries + curated tables, see
``resources/LICENSES.md``); loaded lazily once per process.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

#: pseudo-countries used by office holders of international organisations
IGO_CODES = {"NATO": "IGOWSTNAT", "UN": "IGOUNO", "EU": "IGOEUREEC"}


@dataclass(slots=True)
class Actor:
    id: str
    name_en: str
    name_de: str
    type: str
    country: str
    aliases: list[str]
    codes: list[tuple[str, str, str]]
    offices: list[tuple[str, str, str, int]]
    src: str
    case: list[str] = field(default_factory=list)

    def name(self, lang: str) -> str:
        return self.name_de if lang == "de" else self.name_en

    def code_on(self, day: date) -> str | None:
        """CAMEO code in force on ``day`` (PETRARCH semantics: dated restriction, else default)."""
        iso = day.isoformat()
        default = None
        for code, start, end in self.codes:
            if not start and not end:
                default = default or code
                continue
            if (not start or start <= iso) and (not end or iso <= end):
                return code
        return default

    def office_on(self, day: date) -> str | None:
        iso = day.isoformat()
        for office, start, end, _ in self.offices:
            if (not start or start <= iso) and (not end or iso < end):
                return office
        return None


@dataclass(slots=True)
class Country:
    iso2: str
    iso3: str
    cameo: str
    name_en: str
    name_de: str
    names: list[str]
    adj_de: list[str]
    adj_en: list[str]
    dem_de: list[str]
    dem_en: list[str]
    prefixes: list[str]

    def name(self, lang: str) -> str:
        return self.name_de if lang == "de" else self.name_en


@dataclass(slots=True)
class RoleNoun:
    lang: str
    form: str
    office: str
    country: str
    label: str
    agent: str


RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "kb"


def _res(name: str) -> Path:
    return RESOURCES / name


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in _res(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


GERMAN_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")


class _LazyActors(dict):
    """id → Actor, parsed from its JSON line on first access (24k actors, few used per doc)."""

    def __init__(self) -> None:
        super().__init__()
        self._raw: dict[str, str] = {}
        with gzip.open(_res("actors.jsonl.gz"), "rt", encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                if line:
                    self._raw[line[7 : line.index('"', 7)]] = line  # line starts {"id":"…"

    def __missing__(self, key: str) -> Actor:
        line = self._raw[key]
        d = json.loads(line)
        a = Actor(d["id"], d["name_en"], d["name_de"], d["type"], d["country"], d["aliases"],
                  [tuple(c) for c in d["codes"]], [tuple(o) for o in d["offices"]], d["src"],
                  d.get("case", []))
        self[key] = a
        return a

    def get(self, key, default=None):  # type: ignore[override]
        if key in self._raw:
            return self[key]
        return default

    def __contains__(self, key) -> bool:  # type: ignore[override]
        return key in self._raw

    def ids(self) -> list[str]:
        return list(self._raw)


class KnowledgeBase:
    def __init__(self) -> None:
        self.actors = _LazyActors()
        self.alias_index: dict[str, list[str]] = {}
        with gzip.open(_res("actor_aliases.tsv.gz"), "rt", encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                alias, _, ids = line.partition("\t")
                if ids:
                    self.alias_index[alias] = ids.split(",")
        self.countries: dict[str, Country] = {}
        for line in _res("countries.jsonl").read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            d = json.loads(line)
            self.countries[d["iso2"]] = Country(
                d["iso2"], d["iso3"], d["cameo"], d["name_en"], d["name_de"], d["names"],
                d["adj_de"], d["adj_en"], d["dem_de"], d["dem_en"], d["prefixes"])
        self.adjectives: dict[str, str] = {}  # lowercase inflected adjective → iso2
        self.demonyms: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        self.prefixes: dict[str, str] = {}
        for c in self.countries.values():
            for stem in c.adj_de:
                for end in GERMAN_ADJ_ENDINGS:
                    self.adjectives.setdefault((stem + end).lower(), c.iso2)
            for adj in c.adj_en:
                self.adjectives.setdefault(adj.lower(), c.iso2)
            for dem in c.dem_de + c.dem_en:
                for end in ("", "n", "en", "s"):
                    self.demonyms.setdefault((dem + end).lower(), c.iso2)
            for n in c.names + [c.name_de, c.name_en]:
                self.country_names.setdefault(n.lower(), c.iso2)
            for p in c.prefixes:
                self.prefixes[p] = c.iso2
        for adj in ("us", "u.s."):
            self.adjectives.pop(adj, None)  # "us" is a pronoun; US/U.S. handled case-sensitively
        self.roles: list[RoleNoun] = []
        for row in _tsv("roles.tsv"):
            row += [""] * (6 - len(row))
            for form in row[1].split("|"):
                self.roles.append(RoleNoun(row[0], form, row[2], row[3], row[4], row[5]))
        self.titles: dict[tuple[str, str], tuple[str, str]] = {}
        for row in _tsv("titles.tsv"):
            row += [""] * (4 - len(row))
            for form in row[1].split("|"):
                self.titles[(row[0], form.lower())] = (row[2], row[3])
        self.agents_de = [(r[0], r[1]) for r in _tsv("agents_de.tsv")]
        self.agents_en = {r[0]: r[1] for r in _tsv("agents_en.tsv")}

    # ------------------------------------------------------------------ look-ups

    def actors_for_alias(self, alias: str) -> list[Actor]:
        return [self.actors[i] for i in self.alias_index.get(alias.lower(), ())]

    def cameo(self, iso2: str) -> str | None:
        if iso2 in IGO_CODES:
            return IGO_CODES[iso2]
        c = self.countries.get(iso2)
        return (c.cameo or None) if c else None

    def holder(self, country: str, office: str, day: date) -> Actor | None:
        """The person who held ``office`` in ``country`` on ``day`` ('leader' = the country's
        leading office)."""
        iso = day.isoformat()
        best = None
        for a in self._office_holders():
            if a.country != country:
                continue
            for off, start, end, leader in a.offices:
                if not ((not start or start <= iso) and (not end or iso < end)):
                    continue
                if off == office or (office == "leader" and leader):
                    if best is None or start > best[0]:
                        best = (start, a)
        return best[1] if best else None

    def _office_holders(self) -> list[Actor]:
        if not hasattr(self, "_holders"):
            self._holders = [self.actors[i] for i in self.actors.ids()
                             if '"offices":[[' in self.actors._raw[i]]
        return self._holders

    def country_for_word(self, word: str) -> str | None:
        """ISO2 for a country adjective (any German inflection), demonym or name, else None."""
        w = word.strip().lower()
        if not w:
            return None
        if word in self.prefixes:
            return self.prefixes[word]
        return self.adjectives.get(w) or self.demonyms.get(w) or self.country_names.get(w)

    def agent_for_noun(self, noun: str, lang: str) -> str | None:
        n = noun.lower()
        if lang == "en":
            for cand in (n, n[:-1] if n.endswith("s") else n, n[:-2] if n.endswith("es") else n):
                if cand in self.agents_en:
                    return self.agents_en[cand]
            return None
        base = re.sub(r"(?:en|es|er|e|n|s)$", "", n)
        for head, code in self.agents_de:
            if n.endswith(head) or base.endswith(head):
                return code
        return None


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    return KnowledgeBase()


def as_date(value: date | datetime | str | None) -> date:
    """The article date to resolve offices against; today when unknown."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    return date.today()
