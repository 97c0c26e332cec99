"""Limits and defaults, overridable through ``NEWSGRAPH_*`` environment variables.

Limits exist so hostile input is bounded by configuration, not by luck.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env(name: str, default, cast):
    raw = os.environ.get(f"NEWSGRAPH_{name.upper()}")
    return default if raw is None else cast(raw)


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 20 * 1024 * 1024  #: largest file/response accepted (E005 above)
    max_text_chars: int = 300_000  #: cleaned text beyond this is cut (with a note); bounds analysis time
    #: HTML beyond this is cut before extraction (with a note): extraction time and memory grow
    #: with page size (~1.5 s and ~150 MB per MB of markup), and news pages are far smaller.
    max_html_chars: int = 3_000_000
    fetch_timeout_s: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False  #: fetch from loopback/private addresses
    user_agent: str = field(default="newsgraph/0.1 (+offline news analysis)")

    @classmethod
    def from_env(cls, **overrides) -> "Limits":
        values = {}
        for f in fields(cls):
            cast = (lambda s: s.lower() in ("1", "true", "yes")) if f.type in (bool, "bool") else (
                type(f.default)
            )
            values[f.name] = _env(f.name, f.default, cast)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
