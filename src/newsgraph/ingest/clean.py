"""Removing syndication and aggregator boilerplate that survives extraction.

Rules are data (``resources/cleaning/*.toml``, see its README); this module only applies them.
trafilatura and readability remove page chrome but keep text that sits inside the article body —
disclaimers, "first published at", agency datelines — so that is what these rules target.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsgraph.schema import Removed

_SCOPES = {"block", "tail", "lead", "trail", "inline"}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    scope: str
    regex: re.Pattern[str]
    follow: str | None = None


@dataclass
class Cleaned:
    blocks: list[tuple[str, str]]
    removed: list[Removed] = field(default_factory=list)
    agency: str | None = None
    dateline: str | None = None


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    folder = resources.files("newsgraph.resources") / "cleaning"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        for raw in tomllib.loads(entry.read_text(encoding="utf-8")).get("rule", []):
            if raw["scope"] not in _SCOPES:
                raise ValueError(f"{entry.name}: rule {raw['id']}: unknown scope {raw['scope']!r}")
            flags = 0 if raw.get("case") else re.IGNORECASE
            rules.append(
                Rule(raw["id"], raw["kind"], raw["scope"], re.compile(raw["pattern"], flags),
                     raw.get("follow"))
            )
    return tuple(rules)


def _looks_like_link_title(text: str) -> bool:
    return len(text) < 120 and not text.rstrip().endswith((".", "!", "?", '"', "“", "»"))


def clean_blocks(blocks: list[tuple[str, str]]) -> Cleaned:
    """Apply every rule to ``blocks`` ((kind, text) paragraphs) and report what went."""
    out = Cleaned(blocks=[])
    rules = load_rules()
    by_scope = {s: [r for r in rules if r.scope == s] for s in _SCOPES}
    skip_short = False
    for kind, text in blocks:
        if skip_short and _looks_like_link_title(text):
            out.removed.append(Removed(kind="related", text=text, rule="follow:short_lines"))
            continue
        skip_short = False
        rule = next((r for r in by_scope["block"] if r.regex.match(text)), None)
        if rule is not None:
            out.removed.append(Removed(kind=rule.kind, text=text, rule=rule.id))
            if rule.kind in ("credit", "dateline"):
                m = rule.regex.match(text)
                out.agency = out.agency or (m.groupdict().get("agency") if m else None)
            skip_short = rule.follow == "short_lines"
            continue
        for rule in by_scope["tail"]:
            m = rule.regex.search(text)
            if m:
                out.removed.append(Removed(kind=rule.kind, text=text[m.start():].strip(), rule=rule.id))
                text = text[: m.start()].rstrip()
        for rule in by_scope["inline"]:
            for m in list(rule.regex.finditer(text)):
                out.removed.append(Removed(kind=rule.kind, text=m.group(0).strip(), rule=rule.id))
            text = rule.regex.sub(" ", text).strip()
        if text:
            out.blocks.append((kind, text))
    _clean_lead(out, by_scope["lead"])
    _clean_trail(out, by_scope["trail"])
    return out


def _clean_lead(out: Cleaned, rules: list[Rule]) -> None:
    idx = next((i for i, (k, _) in enumerate(out.blocks) if k == "p"), None)
    if idx is None:
        return
    kind, text = out.blocks[idx]
    for rule in rules:
        m = rule.regex.match(text)
        if m:
            groups = m.groupdict()
            out.agency = groups.get("agency") or out.agency
            if groups.get("dateline"):
                out.dateline = groups["dateline"].strip()
            out.removed.append(Removed(kind=rule.kind, text=m.group(0).strip(), rule=rule.id))
            out.blocks[idx] = (kind, text[m.end():])
            return


def _clean_trail(out: Cleaned, rules: list[Rule]) -> None:
    for i in range(len(out.blocks) - 1, -1, -1):
        kind, text = out.blocks[i]
        for rule in rules:
            m = rule.regex.search(text)
            if m and m.end() == len(text):
                out.agency = out.agency or m.groupdict().get("agency")
                out.removed.append(Removed(kind=rule.kind, text=m.group(0).strip(), rule=rule.id))
                text = text[: m.start()].rstrip()
        if text:
            out.blocks[i] = (kind, text)
            return
        out.blocks.pop(i)
