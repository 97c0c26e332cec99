"""Where the full pipeline's CPU time goes in the compiled build, by sampling with Linux ``perf``.

cProfile cannot see inside the compiled rule modules, and the pure-Python build it can see has
another shape (the interpreter specialises attribute look-ups that compiled code does not, and
cProfile's own per-call cost inflates small functions). This script runs the full pipeline over
the benchmark's articles (``nlp.pipe``, batches of 32, as ``bench_analysis.py``) in a child
process, attaches ``perf record`` with DWARF call graphs after the warm-up, and folds the
sampled stacks into:

- the share of samples in the bare spaCy pipeline (spaCy, thinc, numpy, BLAS), in newsgraph's
  tokenizer wrapper (part of the bare pipeline too), in each newsgraph stage, and elsewhere;
  ``all / bare`` estimates ``bench_analysis.py``'s full/bare ratio;
- the compiled newsgraph functions with the largest inclusive share, and each one's own share
  (its body and the CPython calls it makes directly, not the newsgraph functions it calls).

Newsgraph's stages are named only where their modules run compiled (``make install``);
pure-Python frames are the interpreter's and count as "other". Needs ``perf`` (Debian:
``apt-get install linux-perf``) and the right to attach to a process (root, or
``kernel.perf_event_paranoid`` ≤ 1); exits 3 when perf is missing or cannot sample. Measures one
process; appends to RESULTS.md unless ``--no-append``.

    python benchmarks/perf_attribution.py [--lang en] [--docs 100] [--rounds 4] [--top 25]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from bench_analysis import BATCH
from common import english_news, german_news, machine, publish, stamp

#: exit status when perf is missing or cannot sample here (the pipeline itself ran or was not tried)
NO_PERF = 3
#: shared objects whose frames make a sample the bare pipeline's (when no newsgraph frame is on
#: the stack): spaCy and its Cython dependencies, thinc's ops, numpy and the BLAS it calls
BARE_DSOS = ("spacy", "thinc", "cymem", "preshed", "murmurhash", "srsly", "blis", "numpy",
             "openblas", "scipy_openblas", "libgomp")


def _child(lang: str, docs: int, rounds: int, ready: Path, go: Path) -> None:
    """Load, warm up, say so, wait for the profiler, run the timed rounds, and leave without the
    interpreter's shutdown (whose deallocations would otherwise be sampled)."""
    from newsgraph.nlp.fast_ops import limit_blas_threads
    from newsgraph.nlp.pipeline import load_pipeline

    limit_blas_threads(1)
    texts = (german_news if lang == "de" else english_news)(docs)
    nlp = load_pipeline(lang)
    for _ in nlp.pipe(texts[:20], batch_size=BATCH):
        pass
    ready.touch()
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    t0 = time.process_time()
    for _ in range(rounds):
        for _ in nlp.pipe(texts, batch_size=BATCH):
            pass
    print(f"cpu_s {time.process_time() - t0:.3f}", flush=True)
    os._exit(0)


def compiled_modules() -> list[str]:
    """The listed rule modules' full names, longest first (so a module is matched before a
    package whose mangled prefix it extends)."""
    from newsgraph._compiled import MODULES

    return sorted((f"newsgraph.{m}" for m in MODULES), key=len, reverse=True)


def _mangled(module: str) -> str:
    return "".join(f"{len(p)}{p}_" for p in module.split("."))


@lru_cache(maxsize=1)
def _mypyc_prefixes() -> tuple[tuple[str, str], ...]:
    """(C name prefix, module) for the modules mypyc compiles as one group: mypyc names a
    module by the shortest suffix of its dotted name that is unique in the group
    (``mypyc.namegen.make_module_translation_map``), so ``nlp.events`` is ``events.``."""
    from newsgraph._compiled import NATIVE_GROUP

    names = [f"newsgraph.{n}" for n in NATIVE_GROUP]
    suffixes = {n: [".".join(n.split(".")[-k:]) + "." for k in range(1, n.count(".") + 2)]
                for n in names}
    seen = Counter(x for s in suffixes.values() for x in s)
    out = [(next((x for x in s if seen[x] == 1), s[-1]), n) for n, s in suffixes.items()]
    return tuple(sorted(out, key=lambda p: len(p[0]), reverse=True))


def _readable_mypyc(rest: str) -> str | None:
    """``matcher___PatternMatcher___predicates`` (mypyc's ``CPyDef_``/``CPyPy_`` names: the
    dotted name with ``___`` for each dot) → ``events.matcher.PatternMatcher.predicates``;
    a nested function's or lambda's object (``…_obj``) reads as ``<nested …>``/``<lambda>``;
    None for mypyc's helpers (closure environments, their setup and clean-up)."""
    # (``mypyc.namegen.exported_name``: a name's own "___" was written "___3_")
    dotted = re.sub(r"___(3_)?", lambda m: "___" if m.group(1) else ".", rest)
    found = next(((p, m) for p, m in _mypyc_prefixes() if dotted.startswith(p)), None)
    if found is None:
        return None
    parts = dotted[len(found[0]):].split(".")
    if parts[-1].endswith(("_env", "_env_setup", "_setup", "_clear")):
        return None
    if len(parts) > 1 and parts[-2].endswith("_obj") and parts[-1].startswith("__"):
        parts.pop()  # ``__call__``/``__get__`` of a nested function's object: the function
    last = parts[-1]
    if last.endswith("_obj"):  # a lambda, a nested function, or a plain (non-native) class's method
        lam = re.match(r"__mypyc_lambda__\d+_(\w+)_obj$", last)
        method = re.match(r"(\w+?)_([A-Z]\w*)_obj$", last)
        parts[-1:] = [lam.group(1), "<lambda>"] if lam else \
            [method.group(2), method.group(1)] if method else [f"<nested {last[:-4]}>"]
    return ".".join([found[1].removeprefix("newsgraph.")] + parts)


def readable(symbol: str, modules: list[str]) -> str | None:
    """``__pyx_pw_9newsgraph_6events_7matcher_14PatternMatcher_3predicates`` (Cython) or
    ``CPyDef_matcher___PatternMatcher___predicates`` (mypyc, the event coder's group) →
    ``events.matcher.PatternMatcher.predicates``; None for a symbol of no newsgraph function.

    Cython names a function by its module path and enclosing scopes (class, outer function) as
    length-prefixed names, then its own name behind a counter: a number followed by exactly that
    many name characters and ``_`` plus a digit (or a lambda) is a scope, any other a counter."""
    symbol = symbol.split(".", 1)[0]  # GCC's clones: ``….constprop.0``, ``….isra.0``, ``….cold``
    m = re.match(r"CPy(?:Def|Py)_(\w+)$", symbol)
    if m:
        return _readable_mypyc(m.group(1))
    m = re.match(r"__pyx_(?:pw|pf|gb)_(\w+)$", symbol)
    if not m:
        return None
    rest = m.group(1)
    module = next((mod for mod in modules if rest.startswith(_mangled(mod))), None)
    if module is None:
        return None
    rest = rest[len(_mangled(module)):]
    parts = [module.removeprefix("newsgraph.")]
    while rest:
        if rest.startswith("__pyx_lambda_funcdef_"):
            parts.append("<lambda>")
            break
        num = re.match(r"\d+", rest)
        if num is None:
            parts.append("<genexpr>" if rest.startswith("generator") else rest)
            break
        n, body = int(num.group()), rest[num.end():]
        after = body[n + 1:]
        if body[n:n + 1] == "_" and body[:n].isidentifier() and after and (
                after[0].isdigit() or after.startswith("__pyx_lambda_funcdef_")
                or (after.startswith("__") and after.endswith("__"))):  # ``RunIndex___init__``
            parts.append(body[:n])  # an enclosing class or function
            rest = after
        else:
            rest = body  # a counter: the function's own name follows
    return ".".join(parts)


def _stacks(script_out: str) -> list[list[tuple[str, str]]]:
    """``perf script -F ip,sym,dso`` text → per sample its frames (symbol, shared object), leaf first."""
    samples, cur = [], []
    for line in script_out.splitlines():
        line = line.strip()
        if not line:
            if cur:
                samples.append(cur)
                cur = []
            continue
        m = re.match(r"[0-9a-f]+\s+(.*?)\s+\((.*)\)$", line)
        if m:
            cur.append((m.group(1).replace(" (inlined)", ""), m.group(2)))
    if cur:
        samples.append(cur)
    return samples


def attribute(samples: list[list[tuple[str, str]]], modules: list[str], detail: str | None = None):
    """(parts: Counter of bare/tokenizer/stage/other samples, inclusive and own Counters of
    newsgraph functions, number of samples counted, and for ``detail`` (a function's name) the
    C functions its own samples were in)."""
    parts, incl, own, leaves = Counter(), Counter(), Counter(), Counter()
    names: dict[str, str | None] = {}
    counted = 0
    for frames in samples:
        if any(sym.startswith("Py_FinalizeEx") for sym, _ in frames):
            continue
        counted += 1
        chain = []
        for sym, _ in frames:
            name = names.get(sym, "")
            if name == "":
                name = names[sym] = readable(sym, modules)
            if name and (not chain or chain[-1] != name):
                chain.append(name)
        if chain:
            outer = chain[-1]
            if outer.startswith("nlp.lemma_keys.TextKeepingTokenizer"):
                parts["tokenizer (newsgraph's wrapper, in bare)"] += 1
            else:
                parts["stage " + outer.split(".")[1]] += 1
            for name in set(chain):
                incl[name] += 1
            own[chain[0]] += 1
            if chain[0] == detail:
                leaves[frames[0][0]] += 1
        elif any(any(d in dso for d in BARE_DSOS) for _, dso in frames):
            parts["bare spaCy pipeline"] += 1
        else:
            parts["other (interpreter, allocator, GC)"] += 1
    return parts, incl, own, counted, leaves


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", choices=["de", "en"], default="en")
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--freq", type=int, default=1000, help="samples per second")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--detail", metavar="FUNCTION",
                    help="also list the C functions of this function's own samples "
                         "(a name as the table prints it, e.g. nlp.unchecked.build)")
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("READY", "GO"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.lang, args.docs, args.rounds, Path(args.child[0]), Path(args.child[1]))
        return 0
    perf = shutil.which("perf")
    if perf is None:
        print("perf_attribution: Linux perf is not installed (Debian: apt-get install linux-perf)",
              file=sys.stderr)
        return NO_PERF
    modules = compiled_modules()

    def perf_failed(what: str, detail: str) -> int:
        print(f"perf_attribution: {what} failed: {detail.strip()[-500:]}", file=sys.stderr)
        return NO_PERF

    with tempfile.TemporaryDirectory(prefix="ng-perf-") as tmp:
        ready, go, data = Path(tmp, "ready"), Path(tmp, "go"), Path(tmp, "perf.data")
        child = subprocess.Popen([sys.executable, __file__, "--lang", args.lang, "--docs",
                                  str(args.docs), "--rounds", str(args.rounds), "--child",
                                  str(ready), str(go)], stdout=subprocess.PIPE, text=True)
        while not ready.exists():
            if child.poll() is not None:
                print("perf_attribution: the pipeline process ended before its warm-up did",
                      file=sys.stderr)
                return 1
            time.sleep(0.1)
        rec = subprocess.Popen([perf, "record", "-q", "-F", str(args.freq), "-g", "--call-graph",
                                "dwarf,16384", "-p", str(child.pid), "-o", str(data)],
                               stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)  # perf needs a moment to attach before the rounds start
        if rec.poll() not in (None, 0):
            child.kill()
            child.communicate()
            return perf_failed("perf record", rec.stderr.read())
        go.write_text("1")
        out, _ = child.communicate()
        if child.returncode != 0:
            rec.terminate()
            print(f"perf_attribution: the pipeline process failed (exit {child.returncode})",
                  file=sys.stderr)
            return 1
        try:
            rec.wait(timeout=120)
        except subprocess.TimeoutExpired:
            rec.kill()
            print("perf_attribution: perf record did not stop after its process ended",
                  file=sys.stderr)
            return NO_PERF
        if rec.returncode != 0 or not data.exists():
            return perf_failed("perf record", rec.stderr.read())
        run = subprocess.run([perf, "script", "-i", str(data), "--no-demangle", "-F", "ip,sym,dso"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            return perf_failed("perf script", run.stderr)
        script = run.stdout
    cpu = re.search(r"cpu_s ([\d.]+)", out or "")
    parts, incl, own, counted, leaves = attribute(_stacks(script), modules, args.detail)
    if not counted:
        print("perf_attribution: perf recorded no samples of the pipeline process", file=sys.stderr)
        return NO_PERF
    bare = parts["bare spaCy pipeline"] + parts["tokenizer (newsgraph's wrapper, in bare)"]
    lines = [f"### Compiled newsgraph functions by sampled CPU (perf), {args.lang} — {stamp()}", "",
             f"Command: `python benchmarks/perf_attribution.py --lang {args.lang} --docs {args.docs} "
             f"--rounds {args.rounds}` · {machine()} · {counted:,} samples at {args.freq} Hz"
             + (f" over {float(cpu.group(1)):.1f} s CPU" if cpu else "")
             + "; all / bare samples (the full/bare ratio's estimate): "
             + (f"**{counted / bare:.2f}**" if bare else "n/a"), "",
             "| part | share of samples |", "|---|---|"]
    lines += [f"| {k} | {v / counted:.3f} |" for k, v in parts.most_common()]
    lines += ["", f"Top {args.top} compiled functions (share of all samples; own = the body and "
              "the CPython calls it makes, without the newsgraph functions it calls):", "",
              "| function | inclusive | own |", "|---|---|---|"]
    lines += [f"| `{k}` | {v / counted:.3f} | {own[k] / counted:.3f} |"
              for k, v in incl.most_common(args.top)]
    if args.detail:
        lines += ["", f"Own samples of `{args.detail}` by the C function they were in:", "",
                  "| C function | share of all samples |", "|---|---|"]
        lines += [f"| `{k}` | {v / counted:.4f} |" for k, v in leaves.most_common(args.top)]
    publish(lines, append=not args.no_append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
