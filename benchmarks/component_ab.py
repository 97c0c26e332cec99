"""Speed A/B of one newsgraph component: a commit's module against the working tree's, on the
same Docs in the same process, timed Doc by Doc in alternating order.

Timing two versions in two processes (``stage_cpu.py`` twice) mixes the change with the
machine's load, which on a shared machine moves a stage by ±5 %; alternating the two versions on
every Doc exposes both to the same load. The base commit's ``src/newsgraph/nlp/<name>.py`` (and
``src/newsgraph/<name>/`` where the component has a package, as events does) is extracted with
``git show`` into a temporary package (its factory renamed, its resources read from the working tree) and
built with the working pipeline's config for that component. The Docs run through the full
pipeline first, so per-Doc caches shared between components are warm for both versions. Both
outputs (the component's ``assigns`` extension, as JSON) are compared. Prints one line per
language and component; appends nothing.

    python benchmarks/component_ab.py --base <commit> --component quotes timex amounts \
        [--lang en de] [--docs 100] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import inspect
import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import english_news, german_news

from newsgraph.nlp.fast_ops import limit_blas_threads
from newsgraph.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "newsgraph_ab_base"


def load_base(commit: str, name: str, into: Path):
    """The base commit's ``make_<name>`` factory function, importable beside the working tree's.

    A component whose code also lives in a package of its own (``newsgraph/events`` beside
    ``nlp/events.py``) brings that package's base version along."""
    def show(path: str) -> str:
        return subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout

    def rewrite(text: str) -> str:
        text = text.replace(f'"newsgraph.{name}.v1"', f'"{PACKAGE}.{name}.v1"')
        text = text.replace(f"newsgraph.{name}.", f"{PACKAGE}.{name}.")
        return text.replace("Path(__file__).resolve().parent.parent", f"Path({str(ROOT / 'src/newsgraph')!r})")

    pkg = into / PACKAGE
    pkg.mkdir(exist_ok=True)
    (pkg / "__init__.py").write_text("")
    listed = subprocess.run(["git", "ls-tree", "--name-only", f"{commit}:src/newsgraph/{name}"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode == 0:
        (pkg / name).mkdir(exist_ok=True)
        for file in listed.stdout.split():
            if file.endswith(".py"):
                (pkg / name / file).write_text(rewrite(show(f"src/newsgraph/{name}/{file}")))
    (pkg / f"nlp_{name}.py").write_text(rewrite(show(f"src/newsgraph/nlp/{name}.py")))
    if str(into) not in sys.path:
        sys.path.insert(0, str(into))
    return getattr(importlib.import_module(f"{PACKAGE}.nlp_{name}"), f"make_{name}")


def dump(docs, attrs: list[str]) -> list[str]:
    out = []
    for d in docs:
        for a in attrs:
            v = getattr(d._, a)
            out.append(repr([x.model_dump_json() if hasattr(x, "model_dump_json") else x for x in v])
                       if isinstance(v, list) else (v.model_dump_json() if hasattr(v, "model_dump_json") else repr(v)))
    return out


def compare(lang: str, names: list[str], makers: dict, docs_n: int, rounds: int) -> list[str]:
    texts = (german_news if lang == "de" else english_news)(docs_n)
    nlp = load_pipeline(lang)
    docs, bare = [], 0.0
    for text in texts:
        doc = nlp.make_doc(text)
        for pname, proc in nlp.pipeline:
            t0 = time.process_time()
            doc = proc(doc)
            if not pname.startswith("newsgraph_"):
                bare += time.process_time() - t0
        docs.append(doc)
    lines = []
    for name in names:
        pname = f"newsgraph_{name}"
        new = dict(nlp.pipeline)[pname]
        # settings the base commit's factory does not know yet are left out
        known = inspect.signature(makers[name]).parameters
        cfg = {k: v for k, v in nlp.get_pipe_config(pname).items() if k in known}
        old = makers[name](nlp, pname, **cfg)
        attrs = [a.removeprefix("doc._.") for a in nlp.get_pipe_meta(pname).assigns if a.startswith("doc._.")]
        for d in docs:
            old(d)
        out_old = dump(docs, attrs)
        for d in docs:
            new(d)
        same = out_old == dump(docs, attrs)
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
        lines.append(f"- {lang} {name}: base {min(spent['old']) / bare:.3f} -> working tree "
                     f"{min(spent['new']) / bare:.3f} of bare (bare {bare:.2f} s CPU); median per-round "
                     f"time ratio {ratio:.3f}; output {'identical' if same else 'DIFFERENT'}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="git commit whose component code is the baseline")
    ap.add_argument("--component", nargs="+", required=True, help="module names under newsgraph/nlp")
    ap.add_argument("--lang", nargs="+", default=["en", "de"])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    limit_blas_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        makers = {n: load_base(args.base, n, Path(tmp)) for n in args.component}
        for lang in args.lang:
            for line in compare(lang, args.component, makers, args.docs, args.rounds):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
