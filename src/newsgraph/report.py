"""A readable summary of an Article for a person at a terminal."""

from __future__ import annotations

import textwrap
from collections import Counter

from newsgraph.schema import Article


def _short(text: str, width: int = 100) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def render_text(article: Article) -> str:
    lines = [article.title or "(untitled)", "=" * min(len(article.title or "(untitled)"), 100)]
    meta = [
        ("published", article.published.isoformat() if article.published else "unknown"),
        ("source", article.source), ("url", article.url), ("author", article.author),
        ("agency", article.agency), ("dateline", article.dateline),
        ("language", f"{article.language} ({article.language_confidence:.2f})" if article.language else "unknown"),
        ("analysed", "yes" if article.analysed else "no"),
        ("length", f"{len(article.text):,} characters, {len(article.text.split()):,} words"),
    ]
    lines += [f"{k:>10}: {v}" for k, v in meta if v]
    for note in article.notes:
        lines.append(f"      note: {note}")
    lines.append("")
    lines.append(f"Lead: {_short(article.text, 300)}")
    if article.sections:
        lines.append("\nSections:")
        lines += [f"  - {s.title}" for s in article.sections]
    if article.entities:
        lines.append("\nEntities:")
        for e in sorted(article.entities, key=lambda e: -len(e.mentions))[:20]:
            code = f" [{e.actor_code}]" if e.actor_code else ""
            lines.append(f"  - {e.name} ({e.type}){code}: {len(e.mentions)} mentions")
    if article.locations:
        lines.append("\nPlaces:")
        lines += [f"  - {loc.name} ({loc.feature}, {loc.country or '?'})" for loc in article.locations[:20]]
    if article.quotes:
        lines.append("\nQuotes:")
        names = {e.id: e.name for e in article.entities}
        for q in article.quotes[:20]:
            who = names.get(q.speaker or "", q.speaker_text or "unknown")
            lines.append(f"  - [{q.kind}] {who}: {_short(q.text, 90)}")
    if article.times:
        lines.append("\nTimes:")
        lines += [f"  - {t.text} → {t.value or t.value_start}" for t in article.times[:20]]
    if article.amounts:
        lines.append("\nAmounts:")
        lines += [f"  - {a.text} → {a.value:g} {a.object or ''}".rstrip() for a in article.amounts[:20]]
    if article.themes:
        lines.append("\nThemes: " + ", ".join(t.code for t in article.themes[:15]))
    if article.topic:
        lines.append(f"Topic: {article.topic.label} ({article.topic.confidence:.2f})")
    if article.tone:
        lines.append(f"Tone: {article.tone.tone:+.2f} (positive {article.tone.positive:.2f}, negative {article.tone.negative:.2f})")
    if article.events:
        lines.append("\nEvents:")
        for ev in article.events[:20]:
            flags = [f for f in ("negated", "hypothetical", "future", "reported") if getattr(ev, f)]
            src = ev.source.code if ev.source and ev.source.code else "?"
            tgt = ev.target.code if ev.target and ev.target.code else "?"
            lines.append(f"  - {ev.cameo} {ev.plover or ''} {src} → {tgt} {' '.join(flags)}: {_short(ev.predicate.text, 60)}")
    if article.removed:
        counts = Counter(r.kind for r in article.removed)
        lines.append("\nRemoved: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        lines += [f"  - {r.kind}: {_short(r.text, 90)}" for r in article.removed]
    return "\n".join(lines)
