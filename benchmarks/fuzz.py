"""Long property-based run (issue 12): ≥ 10,000 generated inputs through analyze().

Uses the strategies and checks of tests/test_properties.py (CI runs 40 examples each there):
no unexpected exception, every span matches the text, JSON validates against the schema.

    python benchmarks/fuzz.py [--examples 10000] [--no-append]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("props", ROOT / "tests" / "test_properties.py")
props = importlib.util.module_from_spec(spec)
spec.loader.exec_module(props)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=10_000, help="total, split over three strategies")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    per = max(1, args.examples // 3)
    profile = settings(max_examples=per, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck))
    dates = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2035, 12, 31)))
    runs = {
        "german-like": given(text=props._texts(props.WORDS_DE), published=dates)(lambda text, published: props._check(text, published, "de")),
        "english-like": given(text=props._texts(props.WORDS_EN), published=dates)(lambda text, published: props._check(text, published, "en")),
        "unicode": given(text=st.text(max_size=2000))(lambda text: props._check(text, None, None)),
    }
    rows, failed = [], 0
    for name, test in runs.items():
        t0 = time.perf_counter()
        try:
            profile(test)()
            status = "passed"
        except Exception as exc:  # report and keep going with the other strategies
            failed += 1
            status = f"FAILED: {type(exc).__name__}: {str(exc)[:300]}"
        rows.append((name, per, time.perf_counter() - t0, status))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import machine, publish, stamp

    lines = [f"### Fuzz: analyze() property run — {stamp()}", "",
             f"Command: `python benchmarks/fuzz.py --examples {args.examples}` · {machine()}", "",
             "| strategy | examples | seconds | result |", "|---|---|---|---|"]
    lines += [f"| {n} | {e:,} | {s:.0f} | {r} |" for n, e, s, r in rows]
    publish(lines, append=not args.no_append)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
