"""Language identification with a confidence (py3langid, normalised probabilities)."""

from __future__ import annotations

from functools import lru_cache

ANALYSED_LANGUAGES = ("de", "en")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str, *, sample_chars: int = 1200) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, probability); (None, 0.0) when there is nothing to judge."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < 3:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, round(float(prob), 4)
