"""The profile run of a profile-guided build of the rule modules (``scripts/compile_rules.py``).

Runs the shipped English and German pipelines over shipped text only, so that a build anywhere
profiles the same work: the sample corpus's Wikinews articles after the first 100 (the first
100 are what ``benchmarks/bench_analysis.py`` times; a profile of the timed articles themselves
would flatter the benchmark) and the German reference article. Exits non-zero on any failure;
``compile_rules.py`` then compiles without a profile.

    python scripts/pgo_workload.py
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources
from pathlib import Path

#: the articles ``benchmarks/bench_analysis.py`` times are the sample corpus's first ones
BENCHMARKED = 100


def texts() -> dict[str, list[str]]:
    root = Path(str(resources.files("newsgraph.resources")))
    with gzip.open(root / "sample" / "wikinews-en-2019-2020.jsonl.gz", "rt", encoding="utf-8") as fh:
        english = [json.loads(line)["text"] for line in fh][BENCHMARKED:]
    german = [(root / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")]
    return {"en": english, "de": german}


def main() -> int:
    from newsgraph.nlp.pipeline import load_pipeline

    for lang, batch in texts().items():
        nlp = load_pipeline(lang)
        for _ in nlp.pipe(batch, batch_size=32):
            pass
        print(f"profiled {len(batch)} {lang} article(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
