"""spaCy pipeline assembly and the newsgraph components (one module each)."""

from newsgraph.nlp.pipeline import load_pipeline

__all__ = ["load_pipeline"]
