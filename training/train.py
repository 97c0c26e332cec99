"""Rebuild newsgraph's shipped spaCy pipeline for one language, from ../shared/data, reproducibly.

    python training/train.py de      # -> src/newsgraph/models/de
    python training/train.py en      # -> src/newsgraph/models/en

Steps: convert gold data (training/convert.py) -> static vectors (German) -> ``spacy train`` each config
in training/configs/ (fixed seed in the config) -> the final pipeline (model-best) -> evaluate on the held-out subsets -> write
meta.json (data, sha256 checksums, licences, scores, configs) -> copy into the package.

Options: ``--joint`` (German) one shared tok2vec instead of two (faster, less accurate; not shipped),
``--skip-convert`` reuse training/corpus/, ``--skip-train`` reuse training/output/,
``--no-install`` do not copy into src/newsgraph/models, ``--nc`` add non-commercial UD German-LIT
(the result must then not be shipped as the default model; it goes to ``<lang>_nc`` instead).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training"
CONFIGS = TRAINING / "configs"
CORPUS = TRAINING / "corpus"
OUTPUT = TRAINING / "output"
MODELS = ROOT / "src" / "newsgraph" / "models"
PY = sys.executable

# training stages per language; the runs within a stage are independent and run in parallel.
# Second stages were tried and are not used (see SCORES.md): de_ner_stage2.cfg (GermEval-only fine-tuning)
# lowered NER F1 0.59 -> 0.57; en_stage2.cfg (continued training) dropped lemma accuracy 0.94 -> 0.76.
# German ships as two pipelines with a tok2vec each (de_syntax.cfg + de_ner.cfg, assembled into one).
# ``--joint`` trains the one-tok2vec layout instead (de_joint.cfg): 1.44x faster, but 2 points less NER F1
# and a weaker reference article (SCORES.md), so it is not the default.
STAGES = {"de": [["de_syntax", "de_ner"]], "en": [["en"]]}
JOINT = {"de": [["de_joint"]]}
RUNS = {lang: [name for stage in stages for name in stage] for lang, stages in STAGES.items()}

LICENCES = {
    "UD_German-GSD": "CC BY-SA 4.0",
    "UD_German-LIT": "CC BY-NC-SA 4.0 (non-commercial)",
    "GermEval2014-NER": "CC BY 4.0 (Benikova, Biemann, Reznicek 2014)",
    "German-LER": "CC BY 4.0 per upstream README text (badge says CC BY-NC-SA 4.0: unclear, check before commercial use)",
    "EuropeanaNewspapers-NER-de": "CC0",
    "UD_English-EWT": "CC BY-SA 4.0",
    "UNER_English-EWT": "CC BY-SA 4.0",
    "Bundestag-WP20-speeches": "official works (§ 5 UrhG), raw text for static vectors only; repo states no licence",
}


def _env() -> dict:
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
    return env


def _run(cmd: list[str], log: Path | None = None) -> subprocess.Popen:
    print("$", " ".join(cmd), flush=True)
    out = open(log, "w") if log else None
    return subprocess.Popen(["nice", "-n", "5", *cmd], cwd=ROOT, env=_env(), stdout=out, stderr=subprocess.STDOUT)


def convert(lang: str, nc: bool) -> None:
    args = [PY, "training/convert.py", lang] + (["--nc"] if nc else [])
    if _run(args).wait() != 0:
        raise SystemExit("conversion failed")


def vectors(lang: str) -> None:
    """German static vectors (word2vec on Bundestag speeches + LER text), used by both tok2vecs."""
    if lang == "de" and not (OUTPUT / "de_vectors" / "config.cfg").exists():
        if _run([PY, "training/vectors.py", "40000", "100"], OUTPUT / "vectors.log").wait() != 0:
            raise SystemExit("vector training failed")


def train(lang: str) -> None:
    """Run the language's ``spacy train`` jobs, stage by stage."""
    for stage in STAGES[lang]:
        procs = []
        for name in stage:
            cmd = [PY, "training/spacy_train.py", str(CONFIGS / f"{name}.cfg"), "--output", str(OUTPUT / name)]
            procs.append((name, _run(cmd, OUTPUT / f"{name}.log")))
        for name, p in procs:
            if p.wait() != 0:
                raise SystemExit(f"training {name} failed; see {OUTPUT / (name + '.log')}")


def assemble(lang: str):
    """The final pipeline. German: the NER pipeline's components, then the syntax pipeline's."""
    import spacy

    if lang == "en" or STAGES[lang] == JOINT.get(lang):
        return spacy.load(OUTPUT / RUNS[lang][0] / "model-best")
    nlp = spacy.load(OUTPUT / "de_syntax" / "model-best")
    ner = spacy.load(OUTPUT / "de_ner" / "model-best")
    # The NER block goes first, complete: at inference a listener reads ``doc.tensor``, which the next
    # tok2vec overwrites, so each tok2vec must be followed by all of its listeners. The senter runs before
    # the parser, which keeps preset sentence starts (senter: ~10k sentences, parser: ~1.5k).
    for name in ("ner_tok2vec", "senter", "ner", "spancat"):
        nlp.add_pipe(name, source=ner, before="tok2vec")
    return nlp


def evaluate(nlp, lang: str) -> dict:
    from spacy.tokens import DocBin
    from spacy.training import Example

    def ev(path: Path, keys: tuple[str, ...]) -> dict:
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        examples = [Example(nlp.make_doc(d.text), d) for d in docs]
        scores = nlp.evaluate(examples)
        out = {k: v for k, v in scores.items() if k.startswith(keys)}
        if "senter" in nlp.pipe_names:  # the alternative: sentence boundaries from the parser alone
            off = [n for n in ("senter", "ner_tok2vec", "ner", "spancat") if n in nlp.pipe_names]
            with nlp.select_pipes(disable=off):
                examples = [Example(nlp.make_doc(d.text), d) for d in docs]
                alt = nlp.evaluate(examples)
            out.update({f"parser_only_{k}": alt.get(k) for k in ("sents_p", "sents_r", "sents_f", "dep_las")})
        return out

    syntax_keys = ("pos_acc", "morph_acc", "dep_uas", "dep_las", "lemma_acc", "sents_")
    ner_keys = ("ents_", "spans_ner_deriv")
    if lang == "en":
        return {"en_ewt_dev": ev(CORPUS / "en" / "dev.spacy", syntax_keys + ner_keys + ("speed",))}
    return {
        "gsd_validation": ev(CORPUS / "de" / "syntax_dev.spacy", syntax_keys + ("speed",)),
        "germeval_validation": ev(CORPUS / "de" / "ner_dev.spacy", ner_keys + ("sents_",)),
    }


def scores_markdown(scores: dict) -> str:
    """Held-out scores as markdown tables (pasted into training/SCORES.md)."""
    lines = []
    for split, sc in scores.items():
        lines += [f"**{split}**", "", "| metric | value |", "|---|---|"]
        lines += [f"| {k} | {v:.3f} |" for k, v in sc.items() if isinstance(v, float) and k != "speed"]
        for key in ("ents_per_type", "spans_ner_deriv_per_type"):
            if sc.get(key):
                lines += ["", f"| {key} label | P | R | F |", "|---|---|---|---|"]
                lines += [f"| {lab} | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} |" for lab, v in sorted(sc[key].items())]
        lines.append("")
    return "\n".join(lines)


def write_meta(nlp, lang: str, scores: dict, nc: bool) -> None:
    checks = json.loads((CORPUS / lang / "checksums.json").read_text())
    if lang == "de" and (OUTPUT / "de_vectors").exists():  # raw text behind the static vectors
        sys.path.insert(0, str(TRAINING))
        from convert import DATA, sha256

        bt = DATA / "Bundestag-WP20-speeches" / "bundestag_wp20_speeches.jsonl.gz"
        checks["sources"][str(bt.relative_to(DATA))] = sha256(bt)
    nlp.meta.update(
        name="newsgraph_" + lang + ("_nc" if nc else ""),
        version="0.1.0",
        description="newsgraph's own compact CNN pipeline, trained from open data (training/train.py).",
        author="newsgraph",
        license="CC BY-SA 4.0 (share-alike, inherited from the UD training data)",
        sources=[{"name": k.split("/")[0], "file": k, "sha256": v, "license": LICENCES.get(k.split("/")[0], "?")}
                 for k, v in checks["sources"].items()],
    )
    nlp.meta["newsgraph"] = {
        "built": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": f"python training/train.py {lang}" + (" --nc" if nc else ""),
        "configs": {n: (CONFIGS / f"{n}.cfg").read_text() for n in RUNS[lang]},
        "corpus_stats": checks["stats"],
        "heldout_scores": scores,
        "non_commercial_data": nc,
        "deriv_part_spans": "doc.spans['ner_deriv'] (GermEval *deriv/*part labels, OTH->MISC)" if lang == "de" else None,
    }


def main(argv: list[str]) -> None:
    lang = argv[1] if len(argv) > 1 and argv[1] in RUNS else None
    if lang is None:
        raise SystemExit("usage: python training/train.py de|en [--joint] [--skip-convert] [--skip-train] [--no-install] [--nc]")
    nc = "--nc" in argv
    if "--joint" in argv and lang in JOINT:
        STAGES[lang] = JOINT[lang]
        RUNS[lang] = [name for stage in JOINT[lang] for name in stage]
    variant = lang + ("_nc" if nc else "") + ("_joint" if STAGES[lang] == JOINT.get(lang) else "")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    if "--skip-convert" not in argv:
        convert(lang, nc)
    if "--skip-train" not in argv:
        vectors(lang)
        train(lang)
    nlp = assemble(lang)
    scores = evaluate(nlp, lang)
    write_meta(nlp, lang, scores, nc)
    final = OUTPUT / f"{variant}_final"
    if final.exists():
        shutil.rmtree(final)
    nlp.to_disk(final)
    (OUTPUT / f"{lang}_scores.json").write_text(json.dumps(scores, indent=2))
    (OUTPUT / f"{lang}_scores.md").write_text(scores_markdown(scores))
    print(scores_markdown(scores))
    if "--no-install" not in argv:
        target = MODELS / variant
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(final, target)
        print(f"installed {target}")
    print(f"done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main(sys.argv)
