"""Per-stage CPU of newsgraph's components inside ``nlp.pipe``, run Doc by Doc vs in batches.

``stage_cpu.py`` and ``component_ab.py`` call each component on one Doc at a time, which is how
spaCy's ``Language.pipe`` chains components that have no ``pipe`` method: every Doc passes
through all of them before the next one enters. Components with :class:`BatchedPipe`
(``nlp/batching.py``) instead handle a whole batch before handing it on. This script times each
component's calls inside ``nlp.pipe(texts, batch_size=32)`` both ways, alternating the two modes
round by round in one process (CPU time, minimum over rounds), and prints a markdown table
(appended to RESULTS.md unless ``--no-append``).

    python benchmarks/pipe_stages.py [--lang en de] [--docs 100] [--rounds 6] [--no-append]
"""

from __future__ import annotations

import argparse
import sys
import time
from types import FunctionType

from common import english_news, german_news, machine, publish, stamp

from spacy.util import minibatch

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp.fast_ops import limit_blas_threads
from newsgraph.nlp.pipeline import load_pipeline


class StageTimer:
    """CPU seconds each newsgraph component spends on its Docs inside ``nlp.pipe``, with the
    components run Doc by Doc or batched (``mode``). Installs instance-level ``pipe`` wrappers
    that shadow the components' own until :meth:`close`; the wrapped ``pipe`` calls the same
    ``__call__`` per Doc that the component's own ``pipe`` would, in the same order. Plain
    function components (``sentence_starts``) have no instance to hold a wrapper and are left out."""

    def __init__(self, nlp) -> None:
        self.procs = {name: proc for name, proc in nlp.pipeline
                      if name.startswith("newsgraph_") and not isinstance(proc, FunctionType)}
        self.spent: dict[str, float] = {}
        clock = time.process_time
        spent = self.spent

        def timed(name, proc):
            def call(doc):
                t0 = clock()
                doc = proc(doc)
                spent[name] = spent.get(name, 0.0) + clock() - t0
                return doc
            return call

        self.calls = {name: timed(name, proc) for name, proc in self.procs.items()}

    def mode(self, batch: bool) -> None:
        def one_by_one(call):
            def pipe(docs, batch_size=32):
                for doc in docs:
                    yield call(doc)
            return pipe

        def batched(call):
            def pipe(docs, batch_size=32):
                for b in minibatch(docs, size=batch_size):
                    yield from [call(doc) for doc in b]
            return pipe

        for name, proc in self.procs.items():
            wrap = batched if batch and isinstance(proc, BatchedPipe) else one_by_one
            proc.pipe = wrap(self.calls[name])  # instance attribute: shadows the class's pipe

    def close(self) -> None:
        for proc in self.procs.values():
            proc.__dict__.pop("pipe", None)


def stage_seconds(nlp, texts: list[str], rounds: int, batch: bool = True) -> dict[str, float]:
    """Each newsgraph component's CPU seconds over ``texts`` inside ``nlp.pipe(batch_size=32)``,
    the minimum over ``rounds`` runs (after one warm-up run)."""
    timer = StageTimer(nlp)
    best: dict[str, float] = {}
    try:
        timer.mode(batch)
        for r in range(rounds + 1):
            timer.spent.clear()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            if r:
                for k, v in timer.spent.items():
                    best[k] = min(best.get(k, float("inf")), v)
    finally:
        timer.close()
    return best


def measure(lang: str, docs: int, rounds: int) -> list[str]:
    texts = (german_news if lang == "de" else english_news)(docs)
    nlp = load_pipeline(lang)
    timer = StageTimer(nlp)
    procs = timer.procs
    best: dict[bool, dict[str, float]] = {False: {}, True: {}}
    try:
        timer.mode(True)
        for _ in nlp.pipe(texts, batch_size=32):  # warm-up
            pass
        for r in range(rounds):
            for batch in ((False, True) if r % 2 == 0 else (True, False)):
                timer.mode(batch)
                timer.spent.clear()
                for _ in nlp.pipe(texts, batch_size=32):
                    pass
                for k, v in timer.spent.items():
                    best[batch][k] = min(best[batch].get(k, float("inf")), v)
    finally:
        timer.close()
    lines = []
    tot_a = tot_b = 0.0
    for name, proc in procs.items():
        a, b = best[False][name], best[True][name]
        ours = isinstance(proc, BatchedPipe)
        if ours:
            tot_a, tot_b = tot_a + a, tot_b + b
        lines.append(f"| {lang} | {name.removeprefix('newsgraph_')}{'' if ours else ' (not batched)'} "
                     f"| {a:.4f} | {b:.4f} | {b / a:.3f} |")
    lines.append(f"| {lang} | **batched stages together** | {tot_a:.4f} | {tot_b:.4f} | {tot_b / tot_a:.3f} |")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", nargs="+", default=["en", "de"])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    limit_blas_threads(1)
    report = [
        f"### Component CPU inside nlp.pipe: Doc by Doc vs batched — {stamp()}",
        "",
        f"Machine: {machine()}. Command: `python benchmarks/pipe_stages.py --lang {' '.join(args.lang)} "
        f"--docs {args.docs} --rounds {args.rounds}`. CPU seconds per stage over the docs, minimum of "
        "the rounds; the two modes alternate round by round in one process.",
        "",
        "| lang | stage | Doc by Doc s | batched s | ratio |",
        "|---|---|---|---|---|",
    ]
    for lang in args.lang:
        report += measure(lang, args.docs, args.rounds)
    publish(report, append=not args.no_append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
