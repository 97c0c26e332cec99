"""newsgraph: read news like an analyst and turn it into a knowledge graph."""

__version__ = "0.1.0"

# Before any rule module loads: a compiled (Cython) build older than its .py is never imported,
# and NEWSGRAPH_PURE_PYTHON=1 imports the .py files (newsgraph/_compiled.py).
from newsgraph import _compiled  # noqa: E402

_compiled.install()

from newsgraph.analyze import analyze  # noqa: E402  (the function shadows the module name on purpose)
from newsgraph.schema import Article  # noqa: E402

__all__ = ["Article", "Corpus", "__version__", "analyze", "load_pipeline"]


def __getattr__(name: str):
    # Lazy: spaCy and DuckDB load only when used (CLI start-up, Dask workers).
    if name == "load_pipeline":
        from newsgraph.nlp.pipeline import load_pipeline

        return load_pipeline
    if name == "Corpus":
        from newsgraph.store import Corpus

        return Corpus
    raise AttributeError(name)
