"""Geocoding accuracy on GeoVirus (English Wikinews, gold toponyms with coordinates).

Two settings:
- *given mentions*: the gold character spans are geocoded (``newsgraph.nlp.geo.geocode_spans``,
  with the article's other gold mentions as context) — toponym resolution alone;
- *end to end*: the English pipeline (statistical NER when a model is installed, plus the KB ruler)
  finds the places itself; a gold mention counts as found when a predicted place mention overlaps
  it, and unfound mentions count as errors.

Articles are split by a hash of their source URL (paragraphs of one story stay together) into a
*dev* half, used for error analysis and for choosing policies and weights (representative points
of countries and regions, the region-context bonus), and a *test* half that is only reported.
``--errors dev`` lists the dev half's misses (never use it on test).

Prints a markdown table and appends it to benchmarks/RESULTS.md.
Run: ``.venv/bin/python benchmarks/bench_geo.py [--no-append] [--errors dev]``
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
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
from common import publish, write_metrics  # noqa: E402
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
        source = (art.findtext("source") or "").strip()
        gold = []
        for loc in art.iter("location"):
            s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1  # shifted by one
            gold.append({"start": s, "end": e, "name": loc.findtext("name"),
                         "lat": float(loc.findtext("lat")), "lon": float(loc.findtext("lon")),
                         "page": (loc.findtext("page") or "").rsplit("/", 1)[-1]})
        out.append({"text": text, "gold": gold, "source": source, "split": split_of(source)})
    return out


def split_of(source: str) -> str:
    """'dev' or 'test': a stable half of the articles by the SHA-1 of the source URL."""
    return "dev" if int(hashlib.sha1(source.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


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
    ap.add_argument("--errors", choices=["dev"], help="list the dev half's misses")
    ap.add_argument("--given-only", action="store_true",
                    help="skip the end-to-end run (quick; implies --no-append)")
    ap.add_argument("--note", default="", help="a paragraph appended below the table")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.nlp.geo import geocode_spans
    from newsgraph.nlp.pipeline import load_pipeline

    nlp = load_pipeline("en")
    articles = load_articles()
    places = iter(gold_places(articles))
    rows: list[dict] = []  # one per gold mention
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
            g["place"] = next(places)
            rows.append({"split": art["split"], "gold": g, "pred": lo, "given": err,
                         "given_area": err <= 161 or area_ok(lo, g["place"])})
    t_given = time.perf_counter() - t0
    if args.errors:
        print_errors([r for r in rows if r["split"] == args.errors])
    t0 = time.perf_counter()
    predicted = {"dev": 0, "test": 0}
    overlapping = {"dev": 0, "test": 0}
    it = iter(rows)
    for art in [] if args.given_only else articles:
        doc = nlp(art["text"])
        pred = [(m.start, m.end, lo) for lo in doc._.locations or [] for m in lo.mentions]
        predicted[art["split"]] += len(pred)
        for s, e, _ in pred:
            overlapping[art["split"]] += any(s < g["end"] and g["start"] < e for g in art["gold"])
        for g in art["gold"]:
            row = next(it)
            hit = [lo for s, e, lo in pred if s < g["end"] and g["start"] < e]
            row["e2e_pred"] = hit[0] if hit else None
            row["e2e_spans"] = [art["text"][s:e] for s, e, lo in pred
                                if s < g["end"] and g["start"] < e]
            if not hit or hit[0].lat is None:
                row["e2e"], row["e2e_area"] = MISS_KM, False
                continue
            err = haversine(g["lat"], g["lon"], hit[0].lat, hit[0].lon)
            row["e2e"], row["e2e_found"] = err, err
            row["e2e_area"] = err <= 161 or area_ok(hit[0], g["place"])
    t_e2e = time.perf_counter() - t0
    if args.errors and not args.given_only:
        print_e2e_errors([r for r in rows if r["split"] == args.errors])
    if args.given_only:
        args.no_append = True
        for r in rows:
            r["e2e"], r["e2e_area"] = MISS_KM, False
    model = "trained en model" if "ner" in nlp.pipe_names else "blank en + KB ruler (no NER model)"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python benchmarks/bench_geo.py" + (" --no-context" if args.no_context else "")
    n_art = {k: sum(a["split"] == k for a in articles) for k in ("dev", "test")}
    lines = [
        f"### Geocoding (GeoVirus dev file, split dev/test by URL hash) — {stamp}",
        "",
        f"Command: `{cmd}` · {len(articles)} articles ({n_art['dev']} dev, {n_art['test']} test), "
        f"{len(rows)} gold mentions · {platform.machine()}, Python {platform.python_version()} · "
        f"pipeline: {model} · given mentions {t_given:.1f} s, end to end {t_e2e:.1f} s",
        "",
        "| half | setting | mentions | acc@161 km | acc@161 km or right country/ADM1 | "
        "median error km | mean error km | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for half in ("dev", "test", "all"):
        sel = [r for r in rows if half == "all" or r["split"] == half]
        n = len(sel)
        ga, gm, gmean = summarise([r["given"] for r in sel])
        ea, em, _ = summarise([r["e2e"] for r in sel])
        found = [r["e2e_found"] for r in sel if "e2e_found" in r]
        fa, fm, _ = summarise(found)
        pr = sum(predicted.values()) if half == "all" else predicted[half]
        ov = sum(overlapping.values()) if half == "all" else overlapping[half]
        label = {"dev": "dev (tuned on)", "test": "**test (held out)**", "all": "all"}[half]
        lines += [
            f"| {label} | given gold mentions | {n} | {ga:.3f} | "
            f"{sum(r['given_area'] for r in sel) / n:.3f} | {gm:.0f} | {gmean:.0f} | "
            f"unresolved = {MISS_KM:.0f} km |",
            f"| {label} | end to end (all gold) | {n} | {ea:.3f} | "
            f"{sum(r['e2e_area'] for r in sel) / n:.3f} | {em:.0f} | – | mention recall "
            f"{len(found) / n:.3f}, precision {ov / pr if pr else 0:.3f} |",
            f"| {label} | end to end (found only) | {len(found)} | {fa:.3f} | – | {fm:.0f} | – | |",
        ]
    lines += [
        "",
        "Gold coordinates are Wikipedia's; for countries and first-order regions they rarely "
        "coincide with a gazetteer's point (United States: Wikipedia 40N 100W, Factbook 38N 97W), "
        "so the fifth column also counts a country/ADM1 as right when the gold point lies in it "
        "(reverse-geocoded to GeoNames' nearest populated place).",
        "",
    ]
    if args.note:
        lines += [args.note, ""]
    publish(lines, append=not args.no_append)
    if not args.given_only:
        half = {h: [r for r in rows if h == "all" or r["split"] == h] for h in ("dev", "test", "all")}
        write_metrics("geo", {
            f"{key}.{h}": round(sum(r[key] <= 161 for r in sel) / len(sel), 4)
            for key in ("given", "e2e") for h, sel in half.items()})


def print_errors(rows: list[dict]) -> None:
    """The misses (> 161 km), grouped by gold name, for error analysis on the dev half."""
    by_name: dict[tuple, int] = {}
    for r in rows:
        if r["given"] <= 161:
            continue
        g, lo = r["gold"], r["pred"]
        got = ("unresolved" if lo is None else
               f"{lo.name} [{lo.feature} {lo.country}/{lo.adm1 or '-'}] {lo.lat:.2f},{lo.lon:.2f}")
        key = (g["name"], g["page"], f"{g['lat']:.2f},{g['lon']:.2f}", got, round(r["given"]))
        by_name[key] = by_name.get(key, 0) + 1
    print(f"{sum(by_name.values())} misses of {len(rows)} mentions")
    for (name, page, gold, got, km), k in sorted(by_name.items(), key=lambda kv: -kv[1]):
        print(f"{k:3d}× {km:6d} km  {name!r} ({page}, {gold}) → {got}")
    print()


def print_e2e_errors(rows: list[dict]) -> None:
    """End-to-end misses: gold mentions no predicted place overlaps, and found ones > 161 km."""
    lost: dict[str, int] = {}
    wrong: dict[tuple, int] = {}
    for r in rows:
        if r.get("e2e", MISS_KM) <= 161:
            continue
        g, lo = r["gold"], r.get("e2e_pred")
        if lo is None:
            lost[g["name"]] = lost.get(g["name"], 0) + 1
            continue
        key = (g["name"], "|".join(r["e2e_spans"]), f"{lo.name} [{lo.feature} {lo.country}]",
               round(r["e2e"]))
        wrong[key] = wrong.get(key, 0) + 1
    print(f"end to end: {sum(lost.values())} gold mentions not found, "
          f"{sum(wrong.values())} found but > 161 km")
    print("not found:", ", ".join(f"{n} ×{k}" if k > 1 else n
                                  for n, k in sorted(lost.items(), key=lambda kv: -kv[1])))
    for (name, spans, got, km), k in sorted(wrong.items(), key=lambda kv: -kv[1]):
        print(f"{k:3d}× {km:6d} km  {name!r} as {spans!r} → {got}")
    print()


if __name__ == "__main__":
    main()
