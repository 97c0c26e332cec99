"""``spacy train`` with the pipelines' matrix products on numpy's BLAS (newsgraph.nlp.fast_ops):
the same training, ~1.5x faster on machines where thinc's blis wheel is slow.

    python training/spacy_train.py CONFIG --output DIR [--section.key value ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.cli._util import parse_config_overrides
from spacy.cli.train import train
from thinc.api import set_current_ops

from newsgraph.nlp.fast_ops import BlasOps


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "--output":
        raise SystemExit(__doc__)
    set_current_ops(BlasOps())  # every model built from the config below uses it
    train(Path(argv[0]), Path(argv[2]), use_gpu=-1, overrides=parse_config_overrides(argv[3:]))


if __name__ == "__main__":
    main(sys.argv[1:])
