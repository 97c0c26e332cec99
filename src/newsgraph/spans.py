"""Walking every evidence span of an Article — used by the property tests and the fuzz benchmark."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from newsgraph.schema import Article


def iter_spans(model: BaseModel, path: str = "") -> Iterator[tuple[str, int, int, str | None]]:
    """Yield (path, start, end, text) for every object with character offsets, depth first."""
    fields = type(model).model_fields
    if "start" in fields and "end" in fields and isinstance(getattr(model, "start"), int):
        yield path, model.start, model.end, getattr(model, "text", None) or getattr(model, "title", None)
    for name in fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from iter_spans(value, f"{path}.{name}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_spans(item, f"{path}.{name}[{i}]")


def span_errors(article: Article) -> list[str]:
    """Every offset that is out of range or whose text does not match ``article.text``."""
    problems = []
    n = len(article.text)
    for path, start, end, text in iter_spans(article):
        if not (0 <= start <= end <= n):
            problems.append(f"{path}: offsets {start}..{end} outside 0..{n}")
        elif text is not None and article.text[start:end] != text:
            problems.append(f"{path}: text {text!r} != article.text[{start}:{end}] {article.text[start:end]!r}")
    for q in article.quotes:
        for a, b in ((q.speaker_start, q.speaker_end), (q.cue_start, q.cue_end)):
            if a is not None and b is not None and not (0 <= a <= b <= n):
                problems.append(f"quote speaker/cue offsets {a}..{b} outside 0..{n}")
        if q.speaker_text and q.speaker_start is not None and article.text[q.speaker_start:q.speaker_end] != q.speaker_text:
            problems.append(f"quote speaker_text {q.speaker_text!r} does not match its offsets")
        if q.cue and q.cue_start is not None and article.text[q.cue_start:q.cue_end] != q.cue:
            problems.append(f"quote cue {q.cue!r} does not match its offsets")
    return problems
