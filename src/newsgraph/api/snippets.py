"""Search snippets from per-article token tables: the fragment tantivy's ``SnippetGenerator``
would pick, without tokenising and stemming the whole article again for every query.

tantivy's generator re-analyses an article's full body on each call (about 25 ns per character,
measured), which was about 60 % of an uncached search request on the sample store. An article's
tokens never change (ids are content hashes), and tantivy's fragment windows depend only on
token offsets, so this module keeps per article where each stem occurs and in which window,
and per query only scores the windows. It mirrors tantivy's ``search_fragments`` and
``select_best_fragment_combination`` (fixed windows of ``max_num_chars`` *bytes* started by the
token that overflows the previous one; window score = f32 sum of 1/(1+doc_freq) of its matched
terms in token order; best score wins, the earliest window on ties). Queries it cannot mirror
exactly (operators, phrases, field prefixes, wildcards) get ``None`` and the caller falls back
to tantivy; tests compare both on the sample store.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from newsgraph.store.search import LANG_FIELDS, OTHER, SNIPPET_CHARS, _analyzers

#: Plain word queries only: letters and digits separated by spaces, no query-syntax operators.
_PLAIN = re.compile(r"[^\W_]+(?:\s+[^\W_]+)*")
_OPERATORS = {"AND", "OR", "NOT", "IN", "TO"}


class ArticleTokens:
    """One article body's analysed tokens, grouped for snippet scoring."""

    __slots__ = ("text", "windows", "where", "size")

    def __init__(self, text: str, tokens: list[Any], max_bytes: int) -> None:
        self.text = text
        ascii_only = text.isascii()
        if not ascii_only:
            byte_at = [0]
            total = 0
            for ch in text:
                total += len(ch.encode("utf-8"))
                byte_at.append(total)
        # windows: [start_byte, stop_byte, start_char, stop_char]
        self.windows: list[list[int]] = []
        self.where: dict[str, list[tuple[int, int, int, int]]] = {}
        start_b = start_c = 0
        stop_b = stop_c = 0
        win = 0
        for i, tok in enumerate(tokens):
            cf, ct = tok.char_offset_from, tok.char_offset_to
            bf, bt = (cf, ct) if ascii_only else (byte_at[cf], byte_at[ct])
            if bt - start_b > max_bytes:
                self.windows.append([start_b, stop_b, start_c, stop_c])
                win += 1
                start_b, start_c = bf, cf
            stop_b, stop_c = bt, ct
            self.where.setdefault(tok.text, []).append((i, win, cf, ct))
        self.windows.append([start_b, stop_b, start_c, stop_c])
        self.size = 200 + 100 * len(tokens) + len(text)


class Snippets:
    """Token tables of the articles shown so far, the oldest dropped first once an estimate of
    their size passes ``max_bytes``. Filled by the caller (it has the article texts)."""

    def __init__(self, index: Any, max_bytes: int = 64 << 20,
                 max_chars: int = SNIPPET_CHARS) -> None:
        import tantivy

        self.index = index  # newsgraph.store.search.SearchIndex
        self.max_bytes = max_bytes
        self.max_chars = max_chars
        analyzers = _analyzers(tantivy)
        self.analyzers = {f"body_{lang}": analyzers[f"{lang}_stem"] for lang in LANG_FIELDS}
        # tantivy's "default" tokenizer: simple, remove_long(40), lowercase
        self.analyzers[f"body_{OTHER}"] = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase()).build())
        self._tables: OrderedDict[str, ArticleTokens] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    # -- per article ---------------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        return article_id in self._tables

    def add(self, article_id: str, language: str | None, text: str) -> None:
        field = body_field(language)
        tokens = self.analyzers[field].pre_tokenize(text).tokens
        table = ArticleTokens(text, tokens, self.max_chars)
        if table.size > self.max_bytes:
            return
        with self._lock:
            old = self._tables.pop(article_id, None)
            self._size += table.size - (old.size if old else 0)
            self._tables[article_id] = table
            while self._size > self.max_bytes:
                _, dropped = self._tables.popitem(last=False)
                self._size -= dropped.size

    # -- per query -----------------------------------------------------------------------------
    def terms(self, query: str, lang: str | None) -> dict[str, dict[str, Any]] | None:
        """The scored terms per body field, as ``SnippetGenerator.create`` derives them from a
        query parsed over the search's default fields; None for queries this cannot mirror."""
        query = query.strip()
        if not query or not _PLAIN.fullmatch(query) or set(query.split()) & _OPERATORS:
            return None
        fields = [f"body_{lang}"] if lang in LANG_FIELDS else list(self.analyzers)
        searcher = self.index.index.searcher()
        out: dict[str, dict[str, Any]] = {}
        for field in fields:
            scored: dict[str, Any] = {}
            for word in query.split():
                for term in self.analyzers[field].analyze(word):
                    df = searcher.doc_freq(field, term)
                    if df > 0:
                        scored[term] = np.float32(1) / (np.float32(1) + np.float32(df))
            out[field] = scored
        return out

    def snippet(self, article_id: str, language: str | None,
                terms: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
        """``{"text", "highlights"}`` as the API shows it, or None when the article's table is
        not loaded."""
        table = self._tables.get(article_id)
        if table is None:
            return None
        scored = terms.get(body_field(language), {})
        matches = sorted(m + (scored[t],) for t in scored for m in table.where.get(t, ()))
        if not matches:
            return {"text": table.text[:self.max_chars], "highlights": []}
        sums: dict[int, Any] = {}
        for _, win, _, _, score in matches:  # f32 sums in token order, as tantivy adds them
            sums[win] = np.float32(sums.get(win, np.float32(0)) + score)
        best = max(sums, key=lambda w: (sums[w], -w))
        start_c, stop_c = table.windows[best][2], table.windows[best][3]
        return {"text": table.text[start_c:stop_c],
                "highlights": [[cf - start_c, ct - start_c]
                               for _, win, cf, ct, _ in matches if win == best]}


def body_field(language: str | None) -> str:
    return f"body_{language if language in LANG_FIELDS else OTHER}"
