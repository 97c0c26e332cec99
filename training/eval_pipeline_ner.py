"""NER of the full pipeline up to the knowledge-base ruler (model + newsgraph_kb_ruler) on the
held-out NER dev sets that `training/convert.py` writes: UNER EWT dev (en), GermEval subset (de).

    python training/eval_pipeline_ner.py en|de
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import DocBin
from spacy.training import Example

from newsgraph.nlp.pipeline import load_pipeline

CORPUS = Path(__file__).resolve().parent / "corpus"
DEV = {"en": CORPUS / "en" / "dev.spacy", "de": CORPUS / "de" / "ner_dev.spacy"}


def main(lang: str) -> dict:
    if not DEV[lang].exists():
        raise SystemExit(f"{DEV[lang]} is missing: run `python training/convert.py {lang}` first")
    nlp = load_pipeline(lang)
    names = nlp.pipe_names
    docs = list(DocBin().from_disk(DEV[lang]).get_docs(nlp.vocab))
    with nlp.select_pipes(enable=names[:names.index("newsgraph_kb_ruler") + 1]):
        scores = nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in docs])
    out = {k: round(scores[k], 4) for k in ("ents_p", "ents_r", "ents_f")}
    out["per_type_f"] = {k: round(v["f"], 4) for k, v in scores["ents_per_type"].items()}
    print(lang, out)
    return out


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
