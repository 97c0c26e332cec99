"""Derive the shipped codebook table ``resources/events/cameo_codebook.tsv`` from ../shared/data.

Run once when the source tables change::

    .venv/bin/python -m newsgraph.events.build_codebook ../shared/data

One row per CAMEO code: label, Goldstein, QuadClass (GDELT lookups / CAMEO manual table) and the
PLOVER event type, mode and context (OEDA CAMEO→PLOVER table). CAMEO roots 01 (statements) have no
PLOVER type; roots 02 (appeals) are mapped to REQUEST as the PLOVER manual folds appeals into it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "events" / "cameo_codebook.tsv"


def build(data: Path) -> int:
    codes = list(csv.DictReader((data / "cameo" / "event_codes.tsv").open(encoding="utf-8"),
                                delimiter="\t"))
    plover: dict[str, dict[str, str]] = {}
    for row in csv.DictReader((data / "plover" / "cameo2plover.tsv").open(encoding="utf-8"),
                              delimiter="\t"):
        plover.setdefault(row["cameo_code"], row)  # first mapping wins (the table repeats 175)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "root", "base", "label", "goldstein", "quad_class", "plover",
                    "plover_mode", "plover_context"])
        for c in codes:
            code = c["code"]
            p = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or {}
            event = p.get("plover_event", "")
            if not event and code.startswith("02"):
                event = "REQUEST"
            base = code[:3] if len(code) > 3 else code
            w.writerow([code, c["root_code"] or code[:2], base, c["label"] or c["short_name"],
                        c["goldstein"], c["quad_class"], event, p.get("plover_mode", "").strip(),
                        p.get("plover_context", "").strip()])
    return len(codes)


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")))
