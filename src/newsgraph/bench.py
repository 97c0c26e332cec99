"""``newsgraph bench``: run the benchmark scripts of a source checkout.

The scripts live in ``benchmarks/`` beside ``src/`` (they need ``../shared`` data and are not part
of the wheel). Each appends its table to ``benchmarks/RESULTS.md``; ``gate`` checks accuracy
floors from ``benchmarks/floors.json`` and exits non-zero when one is missed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsgraph.errors import InvalidOptionError, NewsgraphError

#: name → (script, extra arguments for --quick)
SUITE: dict[str, tuple[str, list[str]]] = {
    "gate": ("quality_gate.py", ["--quick"]),
    "ingest": ("bench_ingest.py", ["--repeats", "1"]),
    "analysis": ("bench_analysis.py", ["--docs", "40", "--rounds", "1"]),
    "models": ("bench_models.py", ["--words", "10000"]),
    "entities": ("bench_entities.py", ["--docs", "40"]),
    "geo": ("bench_geo.py", []),
    "quotes": ("bench_quotes.py", ["--limit", "40", "--repeats", "1"]),
    "themes": ("bench_themes_tone.py", []),
    "events": ("bench_events.py", ["--docs", "20"]),
    "corpus": ("bench_corpus.py", ["--copied", "60", "--ingest-articles", "60", "--search-articles", "5000", "--queries", "50"]),
    "scale": ("bench_scale.py", ["--articles", "300"]),
    "api": ("bench_api.py", ["--seconds", "2"]),
    "crash": ("crash_test.py", ["--articles", "60", "--kills", "4"]),
    "fuzz": ("fuzz.py", ["--examples", "300"]),
}
DEFAULT = ["gate", "ingest", "analysis", "models", "entities", "geo", "quotes", "themes", "events",
           "corpus", "scale", "api"]


def benchmarks_dir() -> Path:
    here = Path(__file__).resolve().parents[2] / "benchmarks"
    if not (here / "common.py").exists():
        raise NewsgraphError(
            "the benchmarks ship with the source checkout, not the wheel: clone the repository "
            "beside ../shared and run `newsgraph bench` there")
    return here


def run(names: list[str], *, quick: bool = False, append: bool = True) -> int:
    """Run the named benchmarks (all default ones when empty); return the worst exit status."""
    folder = benchmarks_dir()
    names = names or DEFAULT
    unknown = [n for n in names if n not in SUITE]
    if unknown:
        raise InvalidOptionError(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(SUITE)}")
    worst = 0
    for name in names:
        script, quick_args = SUITE[name]
        if not (folder / script).exists():
            print(f"[bench] {name}: {script} is missing, skipped", file=sys.stderr)
            continue
        cmd = [sys.executable, script, *(quick_args if quick else []), *([] if append else ["--no-append"])]
        print(f"[bench] {name}: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
        rc = subprocess.call(cmd, cwd=folder)
        if rc:
            print(f"[bench] {name} exited with status {rc}", file=sys.stderr)
        worst = max(worst, rc)
    return worst
