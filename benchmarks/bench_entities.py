"""Entities + geo: recognition quality on GermEval, speed ratio, KB/gazetteer load time and memory.

1. Recognition (PER/LOC/ORG/MISC, exact span + label, micro F1) on the GermEval 2014 held-out
   subset the German model is validated on (every 7th sentence of dev + test-part-a, as in
   training/convert.py): statistical NER alone, the KB ruler alone, and both together.
2. Speed: time of the newsgraph_kb_ruler + newsgraph_entities + newsgraph_geo components as a
   ratio to the bare spaCy pipeline (``load_pipeline(lang, bare=True)``) on the same documents.
3. Load time and resident memory of the KB and the gazetteer, each in a fresh process.

Prints markdown and appends it to benchmarks/RESULTS.md.
Run: ``.venv/bin/python benchmarks/bench_entities.py [--docs 150] [--no-append]``
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from common import publish  # noqa: E402
SHARED = (ROOT / ".." / "shared").resolve()
sys.path.insert(0, str(ROOT / "src"))

MINE = ("newsgraph_kb_ruler", "newsgraph_entities", "newsgraph_geo")
LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}


def germeval_heldout() -> list[tuple[list[str], set[tuple[int, int, str]]]]:
    sents = []
    for name in ("NER-de-dev.tsv", "NER-de-test-part-a.tsv"):
        words: list[str] = []
        tags: list[str] = []
        for line in (SHARED / "data" / "GermEval2014-NER" / name).read_text("utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            p = line.split("\t")
            words.append(p[1])
            tags.append(p[2])
        if words:
            sents.append((words, tags))
    out = []
    for i, (words, tags) in enumerate(sents):
        if i % 7:
            continue
        gold = set()
        start = label = None
        for k, tag in enumerate(tags + ["O"]):
            if tag.startswith("I-") and label == tag[2:]:
                continue
            if label is not None and label in LABELS:
                gold.add((start, k, LABELS[label]))
            start, label = (k, tag[2:]) if tag != "O" and tag[2:] in LABELS else (None, None)
        out.append((words, gold))
    return out


def prf(pred: list[set], gold: list[set]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold))
    np_, ng = sum(map(len, pred)), sum(map(len, gold))
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def recognition(rows: list[str]) -> None:
    from spacy.tokens import Doc

    from newsgraph.nlp.pipeline import load_base, model_path, spacy_factory

    data = germeval_heldout()
    gold = [g for _, g in data]
    model = load_base("de")
    has_ner = "ner" in model.pipe_names
    import newsgraph.nlp.entities  # noqa: F401

    ruler_only = load_base("de") if not has_ner else None
    systems = {}

    def run(nlp, extra: bool) -> list[set]:
        preds = []
        ruler = None
        if extra:
            import spacy

            ruler = spacy.blank("de").add_pipe(spacy_factory("newsgraph.kb_ruler.v1"))
        for words, _ in data:
            doc = Doc(nlp.vocab, words=words)
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            if ruler is not None:
                doc = ruler(doc)
            preds.append({(e.start, e.end, e.label_) for e in doc.ents})
        return preds

    import spacy

    blank = spacy.blank("de")
    if has_ner:
        systems["trained model alone"] = run(model, False)
        systems["trained model + KB ruler"] = run(model, True)
    systems["KB ruler alone (blank pipeline)"] = run(ruler_only or blank, True)
    rows += [f"Recognition on GermEval 2014 held-out ({len(data)} sentences, every 7th of dev + "
             f"test-part-a; PER/LOC/ORG/MISC exact match; model: "
             f"{'src/newsgraph/models/de' if has_ner else 'none installed'}"
             f"{' ' + json.loads((model_path('de') / 'meta.json').read_text())['version'] if has_ner else ''})",
             "", "| system | P | R | F1 | F1 PER | F1 LOC | F1 ORG |", "|---|---|---|---|---|---|---|"]
    for name, pred in systems.items():
        p, r, f = prf(pred, gold)
        per_label = []
        for lab in ("PER", "LOC", "ORG"):
            per_label.append(prf([{x for x in s if x[2] == lab} for s in pred],
                                 [{x for x in s if x[2] == lab} for s in gold])[2])
        rows.append(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | "
                    + " | ".join(f"{x:.3f}" for x in per_label) + " |")
    rows.append("")


def documents(lang: str, n: int) -> list[str]:
    if lang == "de":
        with (SHARED / "data" / "10kgnad" / "test_part_a.csv").open(encoding="utf-8") as fh:
            texts = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) > 1]
        texts = texts[: n - 1]
        texts.append((SHARED / "examples" / "anchorage-summit.de.txt").read_text("utf-8"))
        return texts
    with (SHARED / "data" / "wikinews-en-sample" / "wikinews_2020.csv").open(encoding="utf-8") as fh:
        return [row["text"] for row in csv.DictReader(fh)][:n]


def speed(rows: list[str], n_docs: int) -> None:
    from newsgraph.nlp.gazetteer import load_gazetteer
    from newsgraph.nlp.knowledge import load_kb
    from newsgraph.nlp.pipeline import load_base, spacy_factory

    import newsgraph.nlp.entities  # noqa: F401
    import newsgraph.nlp.geo  # noqa: F401

    load_kb(), load_gazetteer()
    rows += ["Speed: newsgraph_kb_ruler + newsgraph_entities + newsgraph_geo vs the bare spaCy "
             "pipeline on the same documents (KB/gazetteer already loaded)", "",
             "| lang | bare pipeline | docs | words | bare s | entities+geo s | ratio (target ≤ 0.25) |",
             "|---|---|---|---|---|---|---|"]
    for lang in ("de", "en"):
        texts = documents(lang, n_docs)
        bare = load_base(lang)
        t0 = time.perf_counter()
        docs = list(bare.pipe(texts))
        t_bare = time.perf_counter() - t0
        comps = [spacy_factory(f) for f in
                 ("newsgraph.kb_ruler.v1", "newsgraph.entities.v1", "newsgraph.geo.v1")]
        import spacy

        holder = spacy.blank(lang)
        procs = [holder.add_pipe(c) for c in comps]
        for d in docs:
            d._.published = date(2025, 8, 16)
        t0 = time.perf_counter()
        for d in docs:
            for p in procs:
                d = p(d)
        t_mine = time.perf_counter() - t0
        words = sum(len(d) for d in docs)
        kind = "trained model" if "ner" in bare.pipe_names else "blank + sentencizer"
        rows.append(f"| {lang} | {kind} | {len(docs)} | {words} | {t_bare:.2f} | {t_mine:.2f} | "
                    f"{t_mine / t_bare:.2f} |")
    rows.append("")


LOAD_SNIPPET = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
import newsgraph.nlp.{module} as m
r0 = rss(); t = time.perf_counter(); obj = m.{func}(); dt = time.perf_counter() - t; r1 = rss()
extra = {extra}
print(json.dumps({{"seconds": dt, "rss_mb": r1 - r0, "extra": extra}}))
"""


def load_costs(rows: list[str]) -> None:
    rows += ["Load time and memory (fresh process each; RSS growth while loading)", "",
             "| resource | load s (target < 1) | RSS MB (target < 300) |", "|---|---|---|"]
    cases = [("gazetteer (main index)", "gazetteer", "load_gazetteer", "None"),
             ("gazetteer + small places (first miss)", "gazetteer", "load_gazetteer",
              "(lambda: (obj.candidates('Pirbright'), 0)[1])()"),
             ("actor KB", "knowledge", "load_kb", "None")]
    for label, module, func, extra in cases:
        code = LOAD_SNIPPET.format(src=str(ROOT / "src"), module=module, func=func, extra=extra)
        if "Pirbright" in extra:
            code = code.replace("obj = m.load_gazetteer(); dt",
                                "obj = m.load_gazetteer(); obj.candidates('Pirbright'); dt")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.strip().splitlines()[-1]
        d = json.loads(out)
        rows.append(f"| {label} | {d['seconds']:.2f} | {d['rss_mb']:.0f} |")
    rows.append("")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--skip-recognition", action="store_true")
    args = ap.parse_args()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python benchmarks/bench_entities.py" + (f" --docs {args.docs}" if args.docs != 150
                                                   else "")
    rows = [f"### Entities + geo — {stamp}", "",
            f"Command: `{cmd}` · {platform.machine()}, Python {platform.python_version()}, "
            "2 shared CPU cores (numbers are noisy)", ""]
    load_costs(rows)
    speed(rows, args.docs)
    if not args.skip_recognition:
        recognition(rows)
    publish(rows, append=not args.no_append)


if __name__ == "__main__":
    main()
