"""Country names for GDELT location full names (from the bundled ISO→FIPS table)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    text = resources.files("newsgraph.resources").joinpath("gdelt/iso_fips.tsv").read_text("utf-8")
    return {p[0]: p[2] for line in text.splitlines() if len(p := line.split("\t")) >= 3}


def country_name(iso2: str | None) -> str:
    return _names().get((iso2 or "").upper(), "") if iso2 else ""
