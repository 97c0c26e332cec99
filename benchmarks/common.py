"""Helpers shared by the benchmark scripts: corpora from ../shared, machine info, result files."""

from __future__ import annotations

import csv
import json
import os
import platform
import resource
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
DATA = SHARED / "data"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"
RESULTS_DIR = ROOT / "benchmarks" / "results"


def german_news(limit: int | None = None) -> list[str]:
    """10kGNAD article texts (non-commercial data: used for measuring only, never shipped)."""
    with (DATA / "10kgnad" / "test_part_a.csv").open(encoding="utf-8", newline="") as fh:
        rows = [text for _, text in csv.reader(fh, delimiter=";", quotechar="'")]
    return rows[:limit] if limit else rows


def english_news(limit: int | None = None) -> list[str]:
    texts = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (DATA / "wikinews-en-sample" / name).open(encoding="utf-8", newline="") as fh:
            texts += [r["text"] for r in csv.DictReader(fh)]
    return texts[:limit] if limit else texts


def machine() -> str:
    from newsgraph._compiled import summary
    from newsgraph.nlp.fast_ops import spacy_build

    # the interpreter's own build (PGO/LTO or not) moves the rule stages' speed: name it
    python = os.path.realpath(sys.executable)
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} "
            f"({python}), {platform.system()} {platform.release()}, {spacy_build()}, {summary()}")


def stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def append_results(markdown: str) -> None:
    with RESULTS_MD.open("a", encoding="utf-8") as fh:
        fh.write("\n" + markdown.rstrip() + "\n")


def publish(report: str | list[str], append: bool = True) -> str:
    """Print a benchmark's markdown report and, unless told not to, append it to RESULTS.md."""
    text = report if isinstance(report, str) else "\n".join(report)
    print(text)
    if append:
        append_results(text)
    return text


def write_metrics(name: str, metrics: dict) -> Path:
    """Machine-readable metrics for the quality gate (benchmarks/results/<name>.json)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps({"measured": stamp(), **metrics}, indent=2, ensure_ascii=False))
    return path
