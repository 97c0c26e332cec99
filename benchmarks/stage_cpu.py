"""Per-stage CPU time of the full pipeline as a fraction of the bare statistical pipeline's.

Like the per-stage line of ``bench_analysis.py``, but in CPU time (``time.process_time``) and the
minimum over several rounds, so that it stays comparable on a machine shared with other jobs.
To compare two versions, run it twice with ``PYTHONPATH`` pointing at each checkout's ``src``
(e.g. ``git archive <commit> src | tar -x -C /tmp/old``). Prints one line per language; appends
nothing.

    python benchmarks/stage_cpu.py [--docs 100] [--rounds 3] [--lang de en]
"""

from __future__ import annotations

import argparse
import sys
import time

from common import english_news, german_news

from newsgraph.nlp.fast_ops import limit_blas_threads
from newsgraph.nlp.pipeline import load_pipeline


def stage_fractions(lang: str, docs: int, rounds: int) -> tuple[dict[str, float], float]:
    texts = (german_news if lang == "de" else english_news)(docs)
    nlp = load_pipeline(lang)
    for _ in nlp.pipe(texts):  # warm-up: lazy resources and caches load here
        pass
    best: dict[str, float] = {}
    for _ in range(rounds):
        spent = {"": 0.0}
        for text in texts:
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                t0 = time.process_time()
                doc = proc(doc)
                dt = time.process_time() - t0
                key = name if name.startswith("newsgraph_") else ""
                spent[key] = spent.get(key, 0.0) + dt
        for k, v in spent.items():
            best[k] = min(best.get(k, float("inf")), v)
    base = best.pop("")
    return {k.removeprefix("newsgraph_"): v / base for k, v in best.items()}, base


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lang", nargs="+", default=["de", "en"])
    args = ap.parse_args()
    limit_blas_threads(1)
    for lang in args.lang:
        fr, base = stage_fractions(lang, args.docs, args.rounds)
        parts = ", ".join(f"{k} {v:.3f}" for k, v in fr.items())
        print(f"- {lang} (bare {base:.2f} s CPU): {parts}; all {sum(fr.values()):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
