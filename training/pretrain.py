"""``spacy pretrain`` of the German NER tok2vec on raw text, with numpy-BLAS ops (see spacy_train.py).

Writes training/corpus/de/raw_pretrain.jsonl (Bundestag WP20 speeches + German-LER text: the corpus of
the static vectors; 10kGNAD is non-commercial and stays out), then pretrains into
training/output/de_pretrain/model{N}.bin. Use a result with
``--paths.init_tok2vec training/output/de_pretrain/modelN.bin`` in ``spacy_train.py``.

    python training/pretrain.py [--resume-path P --epoch-resume N]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from thinc.api import set_current_ops

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
RAW = ROOT / "training" / "corpus" / "de" / "raw_pretrain.jsonl"
CONFIG = ROOT / "training" / "configs" / "de_pretrain.cfg"
OUT = ROOT / "training" / "output" / "de_pretrain"


def write_raw() -> None:
    from vectors import texts

    tmp = RAW.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for t in texts():
            if len(t.split()) >= 5:
                f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    tmp.replace(RAW)


def main(argv: list[str]) -> None:
    import spacy.training.pretrain as sp_pretrain
    from spacy.training.initialize import load_vectors_into_model
    from spacy.util import load_config

    from newsgraph.nlp.fast_ops import BlasOps

    if not RAW.exists():
        write_raw()
    config = load_config(CONFIG, interpolate=False).interpolate()
    build = sp_pretrain.load_model_from_config

    # spaCy's pretrain builds the pipeline without its [initialize] step, so the static vectors the
    # tok2vec reads are missing (E875/E896); load them the way ``spacy train`` would.
    def build_with_vectors(cfg, *args, **kwargs):
        nlp = build(cfg, *args, **kwargs)
        load_vectors_into_model(nlp, config["paths"]["vectors"])
        return nlp

    sp_pretrain.load_model_from_config = build_with_vectors
    set_current_ops(BlasOps())
    OUT.mkdir(parents=True, exist_ok=True)
    resume = Path(argv[argv.index("--resume-path") + 1]) if "--resume-path" in argv else None
    epoch = int(argv[argv.index("--epoch-resume") + 1]) if "--epoch-resume" in argv else None
    sp_pretrain.pretrain(config, OUT, resume_path=resume, epoch_resume=epoch, use_gpu=-1, silent=False)


if __name__ == "__main__":
    main(sys.argv[1:])
