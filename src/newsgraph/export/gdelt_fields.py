"""Pure functions that turn schema objects into GDELT GKG 2.1 / Events 2.0 field strings.

Several components contribute here; append functions, keep each one pure (schema in, str out).
"""

from __future__ import annotations

from newsgraph.schema import Theme, Tone


# --- themes and tone (GKG 2.1: V1Themes, V2EnhancedThemes, V2Tone) --------------------------------


def v1_themes(themes: list[Theme]) -> str:
    """GKG ``V1Themes``: ``THEME;THEME;…`` (each code once, best first)."""
    return "".join(f"{t.code};" for t in themes)


def v2_themes(themes: list[Theme]) -> str:
    """GKG ``V2EnhancedThemes``: ``THEME,offset;…`` — one entry per match, by character offset."""
    pairs = sorted((m.start, t.code) for t in themes for m in t.matches)
    return ";".join(f"{code},{offset}" for offset, code in pairs)


def _num(x: float) -> str:
    return f"{x:.10g}"


def v2_tone(tone: Tone) -> str:
    """GKG ``V2Tone``: tone, positive, negative, polarity, activity reference density,
    self/group reference density, word count — comma-separated, in that order."""
    return ",".join([
        _num(tone.tone), _num(tone.positive), _num(tone.negative), _num(tone.polarity),
        _num(tone.activity_density), _num(tone.self_group_density), str(tone.word_count),
    ])
