"""The store: idempotent batches, sightings, atomic rollback, lock message, query API."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.analyze import analyze_articles
from newsgraph.errors import StoreError, StoreLockedError
from newsgraph.ingest.prepare import prepare
from newsgraph.schema import (
    Actor, Article, Entity, Event, Location, Mention, Quote, Span, Theme, Tone,
)
from newsgraph.store import Corpus

pytest.importorskip("duckdb")
pytest.importorskip("tantivy")


def analysed(text: str, **meta) -> Article:
    art = prepare(text, origin=meta.pop("origin", "<test>"), **meta)
    return next(analyze_articles([art]))


@pytest.fixture()
def example(anchorage_txt) -> Article:
    return analysed(anchorage_txt.read_text(encoding="utf-8"), published="2025-08-16",
                    url="https://weltblick.example/anchorage?utm_source=rss",
                    source="Weltblick", title="Putin hat in Alaska Zeit gewonnen")


def test_add_is_idempotent_and_roundtrips(tmp_path, example):
    db = tmp_path / "s.duckdb"
    with Corpus(db) as corpus:
        first = corpus.add([example])
        assert first.added == 1
        again = corpus.add([example])
        assert again.added == 0 and again.duplicates == 1
        assert corpus.stats()["articles"] == 1
        stored = corpus.get_article(example.id)
        assert stored == example  # the full Article JSON survives unchanged
    with Corpus(db) as corpus:  # reopened: still one article, still a duplicate
        assert corpus.add([example]).duplicates == 1
        assert corpus.stats()["articles"] == 1


def test_same_url_with_tracking_parameters_is_a_duplicate(tmp_path, example):
    other_text = example.model_copy(update={
        "id": "different-content", "url": "https://WELTBLICK.example/anchorage",
        "text": example.text + " Nachtrag."})
    with Corpus(tmp_path / "s.duckdb") as corpus:
        corpus.add([example])
        result = corpus.add([other_text])
        assert [o.reason for o in result.outcomes] == ["same url"]
        assert corpus.stats()["articles"] == 1


def test_same_content_under_a_new_url_is_a_sighting(tmp_path, example):
    copy = example.model_copy(update={"url": "https://aggregator.example/123",
                                      "source": "Aggregator"})
    with Corpus(tmp_path / "s.duckdb") as corpus:
        corpus.add([example])
        res = corpus.add([copy])
        assert res.outcomes[0].reason == "same content"
        info = corpus.article_info(example.id)
        assert {c["source"] for c in info["copies"]} == {"Weltblick", "Aggregator"}
        assert corpus.stats()["articles"] == 1
        # a re-run adds no further sighting
        corpus.add([copy])
        assert len(corpus.article_info(example.id)["copies"]) == 2


def test_failed_batch_rolls_back_completely(tmp_path, example):
    with Corpus(tmp_path / "s.duckdb") as corpus:
        good = analysed("Die Regierung in Berlin beschloss am Montag neue Regeln für den Handel. "
                        "Kritiker sprachen von einem Fehler.", published="2025-08-17")
        with pytest.raises(StoreError):
            corpus.add([example, "not an article"])  # type: ignore[list-item]
        assert corpus.stats()["articles"] == 0
        assert corpus.search("Putin").total == 0
        assert corpus.add([example, good]).added == 2  # the writer recovers after a rollback
        assert corpus.stats()["articles"] == 2


def test_second_process_gets_a_clear_lock_error(tmp_path, store_held_elsewhere):
    db = tmp_path / "locked.duckdb"
    Corpus(db).close()
    with store_held_elsewhere(db):
        with pytest.raises(StoreLockedError) as err:
            Corpus(db)
        assert err.value.code == "E051"
        assert "another process" in str(err.value)
        with pytest.raises(StoreLockedError):
            Corpus(db, read_only=True)


def test_public_names():
    import newsgraph
    import newsgraph.store

    assert newsgraph.store.__all__ == [
        "DEFAULT_DB", "FILTER_KEYS", "BatchResult", "Corpus", "ItemOutcome", "SearchHit",
        "SearchResults", "index_path",
    ]
    assert newsgraph.Corpus is Corpus


def test_read_only_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError):
        Corpus(tmp_path / "missing.duckdb", read_only=True)


def _annotated(text: str, aid: str, day: date, source: str) -> Article:
    """An article with hand-made annotations, so the queries are tested independently of
    what the analysis components find."""
    putin, trump = text.index("Putin"), text.index("Trump")
    ank = text.index("Anchorage")
    return Article(
        id=aid, text=text, language="de", published=day, source=source,
        url=f"https://{source.lower()}.example/{aid}", title=f"Gipfel {aid}",
        entities=[
            Entity(id="per:wladimir-putin", name="Wladimir Putin", type="PER",
                   actor_code="RUSGOV", mentions=[Mention(start=putin, end=putin + 5,
                                                          text="Putin")]),
            Entity(id="per:donald-trump", name="Donald Trump", type="PER", actor_code="USAGOV",
                   mentions=[Mention(start=trump, end=trump + 5, text="Trump")]),
        ],
        locations=[Location(id="geo:5879400", name="Anchorage", feature="city", country="US",
                            lat=61.22, lon=-149.9, geonameid=5879400,
                            mentions=[Mention(start=ank, end=ank + 9, text="Anchorage")])],
        quotes=[Quote(start=0, end=len(text), text=text, kind="direct",
                      speaker="per:donald-trump", cue="sagte")],
        themes=[Theme(code="NEGOTIATIONS", score=0.8)],
        tone=Tone(tone=-1.5, positive=2.0, negative=3.5, polarity=5.5, word_count=12),
        events=[Event(id=f"{aid}-e1", cameo="040", cameo_base="040", cameo_root="04",
                      quad_class=1, goldstein=1.0,
                      source=Actor(entity="per:donald-trump", code="USAGOV"),
                      target=Actor(entity="per:wladimir-putin", code="RUSGOV"),
                      predicate=Span(start=0, end=3, text=text[:3]), location="geo:5879400",
                      date=day, evidence=Span(start=0, end=len(text), text=text))],
    )


@pytest.fixture()
def annotated_corpus(tmp_path):
    texts = [
        "Trump traf Putin in Anchorage zu Gesprächen über die Ukraine.",
        "In Anchorage sprachen Trump und Putin erneut über einen möglichen Waffenstillstand.",
    ]
    with Corpus(tmp_path / "q.duckdb") as corpus:
        corpus.add([_annotated(texts[0], "a1", date(2025, 8, 15), "Alpha"),
                    _annotated(texts[1], "a2", date(2025, 8, 16), "Beta")])
        yield corpus


def test_entity_queries(annotated_corpus):
    c = annotated_corpus
    top = c.entities()
    assert {e["id"] for e in top} == {"per:wladimir-putin", "per:donald-trump"}
    assert c.entity_timeline("per:wladimir-putin") == [
        {"day": "2025-08-15", "mentions": 1, "articles": 1},
        {"day": "2025-08-16", "mentions": 1, "articles": 1},
    ]
    assert c.entity_timeline("per:wladimir-putin", since="2025-08-16") == [
        {"day": "2025-08-16", "mentions": 1, "articles": 1}]
    ent = c.entity("per:donald-trump")
    assert ent["articles"] == 2 and ent["co_mentioned"][0]["id"] == "per:wladimir-putin"


def test_networks_quotes_events_places(annotated_corpus):
    c = annotated_corpus
    co = c.cooccurrence_network()
    assert co["edges"] == [{"source": "per:donald-trump", "target": "per:wladimir-putin",
                            "weight": 2}]
    assert {n["name"] for n in co["nodes"]} == {"Donald Trump", "Wladimir Putin"}
    ev = c.event_network()
    assert ev["edges"][0]["weight"] == 2 and ev["edges"][0]["quad_class"] == 1
    assert ev["edges"][0]["q1"] == 2
    qn = c.quote_network()
    kinds = {(e["source"], e["target"], e["kind"]) for e in qn["edges"]}
    assert ("src:Alpha", "per:donald-trump", "quoted") in kinds
    assert ("per:donald-trump", "per:wladimir-putin", "about") in kinds
    assert len(c.quotes(speaker="per:donald-trump")) == 2
    assert len(c.events(cameo="04", country="US")) == 2
    assert c.event_timeline(quad_class=1)[0]["events"] == 1
    geo = c.places()
    assert geo["type"] == "FeatureCollection"
    feat = geo["features"][0]
    assert feat["geometry"]["coordinates"] == [-149.9, 61.22]
    assert feat["properties"]["articles"] == 2 and feat["properties"]["events"] == 2


def test_list_articles_filters_and_paging(annotated_corpus):
    c = annotated_corpus
    page = c.list_articles(limit=1)
    assert page["total"] == 2 and [a["id"] for a in page["items"]] == ["a2"]
    assert c.list_articles(limit=1, offset=1)["items"][0]["id"] == "a1"
    assert c.list_articles(source="Alpha")["total"] == 1
    assert c.list_articles(theme="NEGOTIATIONS", cameo_root="04", quad_class=1,
                           country="us", lang="de")["total"] == 2
    assert c.list_articles(until="2025-08-15")["total"] == 1
    assert c.list_articles(entity="per:nobody")["total"] == 0
    with pytest.raises(Exception) as err:
        c.list_articles(colour="red")
    assert "E020" in str(err.value)
