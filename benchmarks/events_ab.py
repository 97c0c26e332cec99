"""Speed A/B of the events component: a commit's events code against the working tree's, on the
same Docs in the same process, timed Doc by Doc in alternating order.

Timing two versions in two processes (``stage_cpu.py`` twice) mixes the change with the
machine's load, which on a shared machine moves the events stage by ±5 %; alternating the two
coders on every Doc exposes both to the same load. The base version's ``newsgraph/events``
package and ``nlp/events.py`` are extracted with ``git archive`` into a temporary directory
under another package name (their dictionaries are read from the working tree). Both outputs are
compared. Prints one line per language; appends nothing.

    python benchmarks/events_ab.py --base <commit> [--lang en de] [--docs 100] [--rounds 7]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from common import english_news, german_news

from newsgraph.nlp.fast_ops import limit_blas_threads
from newsgraph.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "newsgraph_events_base"


def load_base(commit: str, into: Path):
    """The base commit's ``EventCoder`` class, importable beside the working tree's."""
    tar = subprocess.run(["git", "archive", commit, "src/newsgraph/events", "src/newsgraph/nlp/events.py"],
                         cwd=ROOT, check=True, capture_output=True).stdout
    pkg = into / PACKAGE
    (pkg / "events").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        for member in tf.getmembers():
            if not member.isfile():
                continue
            text = tf.extractfile(member).read().decode("utf-8")
            # (this also renames the base's spaCy factory, so that both can be registered)
            text = text.replace("newsgraph.events.", f"{PACKAGE}.events.")
            name = Path(member.name)
            if name.name == "events.py" and name.parent.name == "nlp":
                text = text.replace('RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "events"',
                                    f'RESOURCES = Path({str(ROOT / "src/newsgraph/resources/events")!r})')
                (pkg / "coder.py").write_text(text)
            else:
                (pkg / "events" / name.name).write_text(text)
    sys.path.insert(0, str(into))
    return importlib.import_module(f"{PACKAGE}.coder").EventCoder


def compare(lang: str, base_cls, docs_n: int, rounds: int) -> str:
    texts = (german_news if lang == "de" else english_news)(docs_n)
    nlp = load_pipeline(lang)
    for _ in nlp.pipe(texts[:5]):
        pass
    new = dict(nlp.pipeline)["newsgraph_events"]
    old = base_cls(lang)
    docs, bare = [], 0.0
    for text in texts:  # every component but events, the statistical ones timed as the base
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name == "newsgraph_events":
                break
            t0 = time.process_time()
            doc = proc(doc)
            if not name.startswith("newsgraph_"):
                bare += time.process_time() - t0
        docs.append(doc)

    def dump(coder) -> list[list[str]]:
        out = []
        for d in docs:
            coder(d)
            out.append([e.model_dump_json() for e in d._.events])
        return out

    same = dump(old) == dump(new)
    gc.collect()
    gc.freeze()
    spent: dict[str, list[float]] = {"old": [], "new": []}
    clock = time.process_time
    for r in range(rounds):
        t_old = t_new = 0.0
        for j, d in enumerate(docs):
            first, second = (old, new) if (j + r) % 2 else (new, old)
            t0 = clock()
            first(d)
            t1 = clock()
            second(d)
            t2 = clock()
            if first is old:
                t_old, t_new = t_old + t1 - t0, t_new + t2 - t1
            else:
                t_new, t_old = t_new + t1 - t0, t_old + t2 - t1
        spent["old"].append(t_old)
        spent["new"].append(t_new)
    gc.unfreeze()
    ratio = statistics.median(n / o for n, o in zip(spent["new"], spent["old"]))
    return (f"- {lang}: events base {min(spent['old']) / bare:.3f} -> working tree "
            f"{min(spent['new']) / bare:.3f} of bare (bare {bare:.2f} s CPU); median per-round "
            f"time ratio {ratio:.3f}; output {'identical' if same else 'DIFFERENT'}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="git commit whose events code is the baseline")
    ap.add_argument("--lang", nargs="+", default=["en", "de"])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    limit_blas_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        base_cls = load_base(args.base, Path(tmp))
        for lang in args.lang:
            print(compare(lang, base_cls, args.docs, args.rounds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
