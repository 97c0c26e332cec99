"""Full-text search: German/English stemming, filters, snippets, index catch-up."""

from __future__ import annotations

import shutil

import pytest

from newsgraph.analyze import analyze_articles
from newsgraph.ingest.prepare import prepare
from newsgraph.store import Corpus, index_path

pytest.importorskip("tantivy")

EN = ("The European Union imposed new sanctions on Russian banks on Monday. Officials in "
      "Brussels said the measures target companies that finance the war.")
DE2 = ("Die Bundesregierung hat am Dienstag ein neues Heizungsgesetz beschlossen. Der Bundestag "
       "soll im Herbst darüber abstimmen, sagte ein Sprecher in Berlin.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, anchorage_txt):
    arts = [
        prepare(anchorage_txt.read_text(encoding="utf-8"), origin="anchorage",
                published="2025-08-16", url="https://weltblick.example/a"),
        prepare(EN, origin="en", published="2025-08-18", url="https://news.example/en"),
        prepare(DE2, origin="de2", published="2025-09-02", url="https://news.example/de2"),
    ]
    db = tmp_path_factory.mktemp("search") / "s.duckdb"
    with Corpus(db) as c:
        c.add(list(analyze_articles(arts)))
    c = Corpus(db)
    yield c
    c.close()


def test_german_stemming_sanktion_finds_sanktionen(corpus, anchorage_txt):
    assert "Sanktionen" in anchorage_txt.read_text(encoding="utf-8")
    assert "Sanktion " not in anchorage_txt.read_text(encoding="utf-8")
    res = corpus.search("Sanktion")
    assert res.total == 1
    hit = res.hits[0]
    assert hit.url == "https://weltblick.example/a" and hit.language == "de"
    assert "<b>Sanktionen</b>" in hit.snippet


def test_english_stemming(corpus):
    res = corpus.search("sanction", lang="en")
    assert [h.url for h in res] == ["https://news.example/en"]
    assert "<b>sanctions</b>" in res.hits[0].snippet


def test_filters(corpus):
    assert corpus.search("Berlin OR Brussels OR Kiew").total == 3
    assert corpus.search("Berlin OR Brussels OR Kiew", lang="de").total == 2
    assert corpus.search("Berlin OR Brussels OR Kiew", since="2025-08-17").total == 2
    assert corpus.search("Berlin OR Brussels OR Kiew", until="2025-08-16").total == 1
    assert corpus.search("Berlin OR Brussels OR Kiew", since="2025-08-17",
                         until="2025-08-31").total == 1
    assert corpus.search("Heizungsgesetze").total == 1  # stemmed plural
    assert corpus.search("zzzunknownword").total == 0
    assert len(corpus.search("Berlin OR Brussels OR Kiew", limit=1)) == 1


def test_entity_and_theme_filters(tmp_path):
    from newsgraph.schema import Article, Entity, Theme

    a = Article(id="x1", text="Scholz sprach über Sanktionen.", language="de",
                entities=[Entity(id="per:olaf-scholz", name="Olaf Scholz", type="PER")],
                themes=[Theme(code="SANCTIONS")])
    b = Article(id="x2", text="Merz sprach über Sanktionen.", language="de")
    with Corpus(tmp_path / "e.duckdb") as c:
        c.add([a, b])
        assert [h.id for h in c.search("Sanktion", entity="per:olaf-scholz")] == ["x1"]
        assert [h.id for h in c.search("Sanktion", theme="SANCTIONS")] == ["x1"]
        assert c.search("Sanktion").total == 2


def test_lost_index_is_rebuilt_on_open(tmp_path):
    from newsgraph.schema import Article

    db = tmp_path / "r.duckdb"
    with Corpus(db) as c:
        c.add([Article(id="r1", text="Die Sanktionen wirken.", language="de")])
    shutil.rmtree(index_path(db))
    with Corpus(db) as c:
        assert c.search("Sanktion").total == 1
