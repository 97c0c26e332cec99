"""Quality gate: accuracy floors that fail loudly (issue 11; trafilatura's CI habit).

Computes a handful of accuracy figures from the evaluation code of the other benchmarks and
compares them with `benchmarks/floors.json`. Exit status 1 when any figure is below its floor or
cannot be computed. `--quick` uses small slices (what CI runs, tests/test_quality_gate.py).

    python benchmarks/quality_gate.py [--quick] [--no-append]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from common import DATA, ROOT, append_results, machine, stamp, write_metrics

FLOORS = ROOT / "benchmarks" / "floors.json"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def extraction_f1(quick: bool) -> float:
    bi = _load(ROOT / "benchmarks" / "bench_ingest.py", "bench_ingest")
    folder = DATA / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text())
    ids = sorted(truth)[: 30 if quick else None]
    scores = [bi.prf(bi.ours(gzip.decompress((folder / "html" / f"{i}.html.gz").read_bytes()), truth[i]["url"]),
                     truth[i]["articleBody"])[2] for i in ids]
    return sum(scores) / len(scores)


def ner_f1_de(quick: bool) -> float:
    from spacy.tokens import Doc

    from newsgraph.nlp.pipeline import load_base

    be = _load(ROOT / "benchmarks" / "bench_entities.py", "bench_entities")
    sents = be.germeval_heldout()[: 150 if quick else None]
    nlp = load_base("de")
    pred = []
    for doc in nlp.pipe(Doc(nlp.vocab, words=w) for w, _ in sents):
        pred.append({(e.start, e.end, e.label_) for e in doc.ents})
    return be.prf(pred, [g for _, g in sents])[2]


def timex_accuracy(quick: bool) -> float:
    sys.path.insert(0, str(ROOT / "tests"))
    tt = _load(ROOT / "tests" / "test_timex.py", "test_timex_gate")
    n, _, correct, _ = tt.evaluate_gold()
    return correct / n


def quotes_f1(quick: bool) -> dict[str, float]:
    bq = _load(ROOT / "benchmarks" / "bench_quotes.py", "bench_quotes")
    mode = "model" if (ROOT / "src" / "newsgraph" / "models" / "de" / "config.cfg").exists() else "blank"
    counts, _, _ = bq.evaluate(mode, 12 if quick else None)
    return {k: bq.prf(*counts[k])[2] for k in ("direct", "indirect")}


def events_petrarch_root(quick: bool) -> float:
    bev = _load(ROOT / "benchmarks" / "bench_events.py", "bench_events")
    return bev.bench_petrarch()["root"]


def anchorage_checks(quick: bool) -> float:
    """Share of the reference article's must-haves found (1.0 = all)."""
    import newsgraph

    art = newsgraph.analyze(str(ROOT / ".." / "shared" / "examples" / "anchorage-summit.de.txt"),
                            published="2025-08-16")
    names = {e.name for e in art.entities}
    speakers = {e.id: e.name for e in art.entities}
    checks = [
        "Wladimir Putin" in names, "Donald Trump" in names, any("Selenskyj" in n for n in names),
        any(loc.name == "Kyiv" and loc.country == "UA" for loc in art.locations),
        any(q.text.startswith("Es komme nun auf Selenskyj an") and speakers.get(q.speaker) == "Donald Trump"
            for q in art.quotes),
        any(t.text == "Montag" and t.value_start == date(2025, 8, 18) for t in art.times),
        any(a.value == 800 and a.object == "Drohnen" for a in art.amounts),
        any(t.code == "SANCTIONS" for t in art.themes),
        art.tone is not None and art.tone.tone < 0,
        any(ev.cameo.startswith("163") and (ev.negated or ev.hypothetical) for ev in art.events)
        or not any(ev.cameo.startswith("163") for ev in art.events),
        "Haftungsausschluss" not in art.text,
    ]
    return sum(checks) / len(checks)


METRICS = {
    "extraction_f1": extraction_f1,
    "ner_f1_de_model": ner_f1_de,
    "timex_accuracy": timex_accuracy,
    "quotes_f1": quotes_f1,
    "events_petrarch_root": events_petrarch_root,
    "anchorage_checks": anchorage_checks,
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    floors = json.loads(FLOORS.read_text())
    measured: dict[str, float] = {}
    problems: list[str] = []
    for name, fn in METRICS.items():
        t0 = time.perf_counter()
        try:
            value = fn(args.quick)
        except Exception as exc:  # a metric that cannot be computed fails the gate
            problems.append(f"{name}: could not be computed: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            continue
        flat = {f"{name}.{k}": v for k, v in value.items()} if isinstance(value, dict) else {name: value}
        measured.update(flat)
        print(f"[gate] {name}: {json.dumps({k: round(v, 4) for k, v in flat.items()})} ({time.perf_counter() - t0:.0f} s)",
              file=sys.stderr)
    mode = "quick" if args.quick else "full"
    rows = []
    for key, floor_by_mode in floors.items():
        floor = floor_by_mode.get(mode) if isinstance(floor_by_mode, dict) else floor_by_mode
        value = measured.get(key)
        if value is None:
            problems.append(f"{key}: no value measured")
            rows.append((key, "—", floor, "MISSING"))
        else:
            ok = value >= floor
            rows.append((key, f"{value:.3f}", floor, "ok" if ok else "BELOW FLOOR"))
            if not ok:
                problems.append(f"{key}: {value:.3f} < floor {floor}")
    lines = [f"### Quality gate ({mode}) — {stamp()}", "",
             f"Command: `python benchmarks/quality_gate.py{' --quick' if args.quick else ''}` · {machine()} · floors in `benchmarks/floors.json`",
             "", "| metric | value | floor | status |", "|---|---|---|---|"]
    lines += [f"| {k} | {v} | {f} | {s} |" for k, v, f, s in rows]
    report = "\n".join(lines)
    print(report)
    write_metrics(f"gate-{mode}", measured)
    if not args.no_append:
        append_results(report)
    for p in problems:
        print(f"[gate] FAIL {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
