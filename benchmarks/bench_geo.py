"""Geocoding accuracy on GeoVirus (English Wikinews, gold toponyms with coordinates).

Two settings:
- *given mentions*: the gold character spans are geocoded (``newsgraph.nlp.geo.geocode_spans``,
  with the article's other gold mentions as context) — toponym resolution alone;
- *end to end*: the English pipeline (statistical NER when a model is installed, plus the KB ruler)
  finds the places itself; a gold mention counts as found when a predicted place mention overlaps
  it, and unfound mentions count as errors.

Prints a markdown table and appends it to benchmarks/RESULTS.md.
Run: ``.venv/bin/python benchmarks/bench_geo.py [--no-append]``
"""

from __future__ import annotations

import argparse
import gzip
import math
import platform
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from common import append_results  # noqa: E402
SHARED = (ROOT / ".." / "shared").resolve()
GEOVIRUS = SHARED / "data" / "geovirus" / "GeoVirus.dev.xml.gz"
MISS_KM = 20037.5  # half the Earth's circumference: an unresolved mention


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def load_articles() -> list[dict]:
    raw = gzip.decompress(GEOVIRUS.read_bytes()).decode("utf-8")
    out = []
    # the file ends in a commented-out article with an unclosed comment: parse article by article
    for block in re.findall(r"<article>.*?</article>", raw, flags=re.S):
        if "<!--" in block:
            continue
        art = ET.fromstring(block)
        text = art.findtext("text") or ""
        gold = []
        for loc in art.iter("location"):
            s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1  # shifted by one
            gold.append({"start": s, "end": e, "name": loc.findtext("name"),
                         "lat": float(loc.findtext("lat")), "lon": float(loc.findtext("lon"))})
        out.append({"text": text, "gold": gold})
    return out


def area_ok(pred, gold_place: tuple[str, str] | None) -> bool:
    """A country/ADM1 prediction is right when the gold point lies in that country/region
    (by GeoNames' nearest populated place), whatever centroid each source uses."""
    if pred is None or gold_place is None:
        return False
    cc, admin1 = gold_place
    if pred.feature == "country":
        return pred.country == cc
    if pred.feature == "adm1":
        return pred.country == cc and pred.name == admin1
    return False


def gold_places(articles: list[dict]) -> list[tuple[str, str] | None]:
    """(country, admin1 name) of every gold point via reverse_geocoder (train extra)."""
    try:
        import reverse_geocoder
    except ImportError:
        return [None] * sum(len(a["gold"]) for a in articles)
    pts = [(g["lat"], g["lon"]) for a in articles for g in a["gold"]]
    return [(r["cc"], r["admin1"]) for r in reverse_geocoder.search(pts, mode=1, verbose=False)]


def summarise(errors: list[float]) -> tuple[float, float, float]:
    if not errors:
        return 0.0, float("nan"), float("nan")
    acc = sum(e <= 161 for e in errors) / len(errors)
    return acc, statistics.median(errors), statistics.mean(errors)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--no-context", action="store_true", help="ablation: no article countries")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.nlp.geo import geocode_spans
    from newsgraph.nlp.pipeline import load_pipeline

    nlp = load_pipeline("en")
    articles = load_articles()
    places = iter(gold_places(articles))
    given: list[float] = []
    given_area: list[bool] = []
    e2e: list[float] = []
    e2e_found: list[float] = []
    e2e_area: list[bool] = []
    predicted = overlapping = 0
    t0 = time.perf_counter()
    for art in articles:
        doc = nlp.make_doc(art["text"])
        doc._.entities = []
        offsets = [(g["start"], g["end"]) for g in art["gold"]]
        locs = geocode_spans(offsets, doc, lang="en", use_context=not args.no_context)
        by_span = {(m.start, m.end): lo for lo in locs for m in lo.mentions}
        for g in art["gold"]:
            lo = by_span.get((g["start"], g["end"]))
            err = (MISS_KM if lo is None or lo.lat is None
                   else haversine(g["lat"], g["lon"], lo.lat, lo.lon))
            given.append(err)
            g["place"] = next(places)
            given_area.append(err <= 161 or area_ok(lo, g["place"]))
    t_given = time.perf_counter() - t0
    t0 = time.perf_counter()
    for art in articles:
        doc = nlp(art["text"])
        pred = [(m.start, m.end, lo) for lo in doc._.locations or [] for m in lo.mentions]
        predicted += len(pred)
        for s, e, _ in pred:
            overlapping += any(s < g["end"] and g["start"] < e for g in art["gold"])
        for g in art["gold"]:
            hit = [lo for s, e, lo in pred if s < g["end"] and g["start"] < e]
            if not hit or hit[0].lat is None:
                e2e.append(MISS_KM)
                e2e_area.append(False)
                continue
            err = haversine(g["lat"], g["lon"], hit[0].lat, hit[0].lon)
            e2e.append(err)
            e2e_found.append(err)
            e2e_area.append(err <= 161 or area_ok(hit[0], g["place"]))
    t_e2e = time.perf_counter() - t0
    n = len(given)
    ga, gm, gmean = summarise(given)
    ea, em, _ = summarise(e2e)
    fa, fm, _ = summarise(e2e_found)
    recall = len(e2e_found) / n
    precision = overlapping / predicted if predicted else 0.0
    model = "trained en model" if "ner" in nlp.pipe_names else "blank en + KB ruler (no NER model)"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python benchmarks/bench_geo.py" + (" --no-context" if args.no_context else "")
    lines = [
        f"### Geocoding (GeoVirus dev) — {stamp}",
        "",
        f"Command: `{cmd}` · {len(articles)} articles, {n} gold mentions · "
        f"{platform.machine()}, Python {platform.python_version()} · pipeline: {model}",
        "",
        "| setting | acc@161 km | acc@161 km or right country/ADM1 | median error km | "
        "mean error km | notes |",
        "|---|---|---|---|---|---|",
        f"| given gold mentions | {ga:.3f} | {sum(given_area) / n:.3f} | {gm:.0f} | {gmean:.0f} "
        f"| unresolved = {MISS_KM:.0f} km; {t_given:.1f} s |",
        f"| end to end (all gold) | {ea:.3f} | {sum(e2e_area) / n:.3f} | {em:.0f} | – | mention "
        f"recall {recall:.3f}, precision {precision:.3f}; {t_e2e:.1f} s |",
        f"| end to end (found only) | {fa:.3f} | – | {fm:.0f} | – | {len(e2e_found)} mentions |",
        "",
        "Gold coordinates are Wikipedia's; for countries and first-order regions they rarely "
        "coincide with GeoNames/countryinfo centroids (United States 40N 100W vs 38N 97W), so "
        "the second column also counts a country/ADM1 as right when the gold point lies in it "
        "(reverse-geocoded to GeoNames' nearest populated place).",
        "",
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_append:
        append_results(table)


if __name__ == "__main__":
    main()
