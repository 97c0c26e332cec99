"""newsgraph: read news like an analyst and turn it into a knowledge graph."""

from newsgraph.schema import Article

__version__ = "0.1.0"

__all__ = ["Article", "__version__", "analyze", "load_pipeline"]


def __getattr__(name: str):
    # Lazy: importing newsgraph must stay cheap (CLI start-up, Dask workers).
    if name == "analyze":
        from newsgraph.analyze import analyze

        return analyze
    if name == "load_pipeline":
        from newsgraph.nlp.pipeline import load_pipeline

        return load_pipeline
    if name == "Corpus":
        from newsgraph.store import Corpus

        return Corpus
    raise AttributeError(name)
