"""The newsgraph store: a DuckDB file with a tantivy full-text index beside it."""

from newsgraph.store.corpus import DEFAULT_DB, FILTER_KEYS, Corpus, SearchResults, index_path
from newsgraph.store.search import SearchHit
from newsgraph.store.writer import BatchResult, ItemOutcome

__all__ = [
    "DEFAULT_DB", "FILTER_KEYS", "BatchResult", "Corpus", "ItemOutcome", "SearchHit",
    "SearchResults", "index_path",
]
