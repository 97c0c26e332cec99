"""Derive the shipped codebook table ``resources/events/cameo_codebook.tsv`` from ../shared/data.

Run once when the source tables change::

    .venv/bin/python -m newsgraph.events.build_codebook ../shared/data

One row per CAMEO code: label, Goldstein, QuadClass (GDELT lookups / CAMEO manual table) and the
PLOVER event type, mode and context (OEDA CAMEO→PLOVER table). CAMEO roots 01 (statements) have no
PLOVER type; roots 02 (appeals) are mapped to REQUEST as the PLOVER manual folds appeals into it.

The event type follows the PLOVER manual's own rule (section "CAMEO to PLOVER translation": "everything
at the 3- and 4-digit level should simply be reduced to the 2-digit cue category"; root 08 splits into
CONCEDE for 081–083 and RETREAT for 084–087; 0831, resignations, is RETREAT by the manual's RETREAT
definition). The 2021 table departs from it for a few codes (163
"impose sanctions" → COERCE, 1712 "destroy property" → ASSAULT, 0813/0814 "ease curfew/state of
emergency" → RETREAT, 191/192 → COERCE, 175/201 → ASSAULT); those keep the root's type, and the table's
mode only where the PLOVER ontology lists it for that type. Contexts always come from the table.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT_TYPES = {"03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
              "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
              "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT",
              "19": "ASSAULT", "20": "ASSAULT", "02": "REQUEST"}


def root_type(code: str) -> str:
    """PLOVER type of a CAMEO code by the manual's root table ("" for statements, root 01)."""
    if code == "0831":
        # "accede to demands for change in leadership" is how CAMEO codes resignations, which the
        # PLOVER manual puts under RETREAT ("RETREAT also covers resignations of government
        # officials", mode "resign")
        return "RETREAT"
    if code.startswith("08"):
        return "CONCEDE" if code[:3] in ("080", "081", "082", "083") or code == "08" else "RETREAT"
    return ROOT_TYPES.get(code[:2], "")


OUT = Path(__file__).resolve().parents[1] / "resources" / "events" / "cameo_codebook.tsv"


def build(data: Path) -> int:
    codes = list(csv.DictReader((data / "cameo" / "event_codes.tsv").open(encoding="utf-8"),
                                delimiter="\t"))
    plover: dict[str, dict[str, str]] = {}
    for row in csv.DictReader((data / "plover" / "cameo2plover.tsv").open(encoding="utf-8"),
                              delimiter="\t"):
        plover.setdefault(row["cameo_code"], row)  # first mapping wins (the table repeats 175)
    ontology = json.loads((data / "plover" / "plover_ontology.json").read_text(encoding="utf-8"))
    modes = {e["event"]: {m if isinstance(m, str) else m.get("mode", "") for m in e["modes"]}
             for e in ontology["event_types"]}
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "root", "base", "label", "goldstein", "quad_class", "plover",
                    "plover_mode", "plover_context"])
        for c in codes:
            code = c["code"]
            p = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or {}
            event = root_type(code)
            mode = p.get("plover_mode", "").strip()
            if p.get("plover_event") != event and mode not in modes.get(event, ()):
                mode = "resign" if code == "0831" else ""
            base = code[:3] if len(code) > 3 else code
            w.writerow([code, c["root_code"] or code[:2], base, c["label"] or c["short_name"],
                        c["goldstein"], c["quad_class"], event, mode,
                        p.get("plover_context", "").strip()])
    return len(codes)


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")))
