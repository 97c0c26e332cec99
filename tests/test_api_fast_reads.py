"""The API's fast read paths give the same answers as the slow ones they replace: search snippets
from per-article token tables vs tantivy's SnippetGenerator, article answers from the relations
snapshot vs per-article SQL (and the snapshot follows writes)."""

from __future__ import annotations

import json
import random
import re

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from _serve_store import XSS_TEXT, XSS_TITLE, XSS_URL, build_store, copy_store  # noqa: E402
from newsgraph.api import create_app  # noqa: E402
from newsgraph.api.filters import Filters  # noqa: E402
from newsgraph.api.queries import open_queries, snippet_from_html  # noqa: E402


@pytest.fixture(scope="module")
def queries(tmp_path_factory):
    db = copy_store(build_store(tmp_path_factory.getbasetemp()),
                    tmp_path_factory.mktemp("fast-reads"))
    q = open_queries(db)
    yield q
    q.close()


def _words(queries, n: int) -> list[str]:
    rnd = random.Random(10)
    words: list[str] = []
    for row in queries._sql("SELECT text FROM articles ORDER BY id"):
        found = re.findall(r"[^\W_]+", row["text"] or "")
        words += rnd.sample(found, min(4, len(found)))
    return words[:n] + [" ".join(rnd.sample(words, 2)) for _ in range(n // 4)]


def test_snippets_match_tantivy(queries):
    plain = ["Selenskyj", "Putin", "Kiew", "script", "onerror", "javascript", "xss", "Österreich",
             "Gespräche", "Sanktionen Krieg", "the", "government police", "a"]
    checked = 0
    for q in plain + _words(queries, 160):
        for lang in (None, "de", "en", "fr"):
            terms = queries.snippets.terms(q, lang)
            assert terms is not None, q
            res = queries.corpus.search(q, limit=30, lang=lang)
            for h in res.hits:
                if not queries.snippets.has(h.id):
                    text = queries._sql("SELECT text FROM articles WHERE id = ?", [h.id])[0]["text"]
                    queries.snippets.add(h.id, h.language, text or "")
                assert queries.snippets.snippet(h.id, h.language, terms) == \
                    snippet_from_html(h.snippet), (q, lang, h.id)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("q", ['"Putin Trump"', "Putin AND Trump", "-Putin", "title_de:Putin",
                               "Sankt*", "Putin~1", "  ", "Baden-Württemberg", "foo_bar"])
def test_query_syntax_falls_back_to_tantivy(queries, q):
    assert queries.snippets.terms(q, None) is None


def test_search_answers_equal_with_and_without_token_tables(queries):
    tables = queries.snippets
    for q in ["Selenskyj", "Putin Trump", '"Wladimir Putin"', "Kiew", "government"]:
        for f in (Filters(limit=20), Filters(limit=5, offset=2), Filters(language="de"),
                  Filters(source="Wikinews")):
            fast = queries.search(q, f)
            queries.snippets = None
            try:
                slow = queries.search(q, f)
            finally:
                queries.snippets = tables
            assert fast == slow, (q, f)


def test_article_answers_equal_snapshot_and_sql(queries):
    ids = [r["id"] for r in queries._sql("SELECT id FROM articles")]
    assert queries.relations() is not None
    for aid in ids + ["no-such-article"]:
        fast = queries.article_json(aid)
        slow = queries._article_json_sql(aid)
        assert (fast is None) == (slow is None)
        if fast is not None:
            assert json.loads(fast) == json.loads(slow)


def test_relations_snapshot_follows_ingest(tmp_path_factory):
    db = copy_store(build_store(tmp_path_factory.getbasetemp()), tmp_path_factory.mktemp("rel"))
    app = create_app(db)
    with TestClient(app) as c:
        items = c.get("/api/articles", params={"limit": 500}).json()["items"]
        xss = next(i for i in items if i["url"] == XSS_URL)
        before = c.get(f"/api/articles/{xss['id']}").json()
        assert app.state.queries._relations is not None  # answered from the snapshot
        res = c.post("/api/ingest", json={"text": XSS_TEXT, "title": XSS_TITLE, "language": "de",
                                          "published": "2025-08-18",
                                          "url": "https://mirror.example/kiew-bericht"})
        assert res.status_code == 200 and res.json()["duplicates"] == 1, res.text
        after = c.get(f"/api/articles/{xss['id']}").json()
        assert "https://mirror.example/kiew-bericht" in {c_["url"] for c_ in after["copies"]}
        assert len(after["copies"]) == len(before["copies"]) + 1
    app.state.queries.close()
