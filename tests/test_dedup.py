"""Syndicated copies: MinHash LSH near-duplicate groups with the earliest article canonical."""

from __future__ import annotations

import random
import re

import pytest

from newsgraph.analyze import analyze_articles
from newsgraph.corpus.dedup import NearDuplicateIndex, signature, similarity
from newsgraph.ingest.prepare import prepare
from newsgraph.store import Corpus

pytest.importorskip("datasketch")


def rewrap(text: str, *, seed: int, edit_rate: float, keep: float) -> str:
    """An aggregator's copy: new header/footer boilerplate, a disclaimer, word edits, truncation."""
    rng = random.Random(seed)
    words = text.split(" ")
    for i in rng.sample(range(len(words)), int(len(words) * edit_rate)):
        words[i] = rng.choice(["laut", "zudem", "jedoch", "etwa", "bereits"])
    body = " ".join(words)
    body = body[: int(len(body) * keep)]
    body = body[: body.rfind(".") + 1]
    return ("Startseite > Politik > Welt\nTeilen auf Facebook | Twitter | E-Mail\n\n" + body +
            "\n\nHaftungsausschluss: Dieser Inhalt wurde automatisch von einem Partnerportal "
            "übernommen; die Redaktion übernimmt keine Gewähr.\nMehr zum Thema: Newsletter "
            "abonnieren")


def test_rewrapped_copy_of_the_example_joins_its_group(tmp_path, anchorage_txt, shared):
    text = anchorage_txt.read_text(encoding="utf-8")
    copy = rewrap(text, seed=1, edit_rate=0.05, keep=0.8)
    other = re.sub(r"\s+", " ", (shared / "data" / "wikinews-en-sample" /
                                 "wikinews_2019.csv").read_text(encoding="utf-8")[200:4000])
    arts = list(analyze_articles([
        prepare(copy, origin="copy", url="https://aggregator.example/1", source="Aggregator",
                published="2025-08-17T08:00:00+02:00"),
        prepare(text, origin="original", url="https://weltblick.example/a", source="Weltblick",
                published="2025-08-16T11:42:00+02:00"),
        prepare(other, origin="other", url="https://en.wikinews.org/x", published="2019-01-04"),
    ]))
    copy_art, orig_art, other_art = arts
    assert copy_art.id != orig_art.id
    with Corpus(tmp_path / "d.duckdb") as corpus:
        corpus.add([copy_art])  # the later copy arrives first …
        res = corpus.add([orig_art, other_art])
        assert res.outcomes[0].near_duplicate_of == copy_art.id
        assert res.outcomes[1].near_duplicate_of is None
        groups = corpus.duplicate_groups()
        assert len(groups) == 1
        g = groups[0]
        assert g["size"] == 2 and g["sources"] == 2
        assert g["canonical_id"] == orig_art.id  # … but the earliest becomes canonical
        assert {m["source"] for m in g["members"]} == {"Aggregator", "Weltblick"}
        assert corpus.stats()["articles"] == 3  # copies keep their own rows and metadata
        # copies share the story cluster
        info = {a["id"]: a["cluster_id"] for a in corpus.list_articles()["items"]}
        assert info[copy_art.id] == info[orig_art.id] != info[other_art.id]


def test_later_copies_join_the_group_from_memory_and_after_reopening(tmp_path, anchorage_txt):
    """The writer remembers the groups and clusters it wrote; a reopened store reads them back."""
    text = anchorage_txt.read_text(encoding="utf-8")
    arts = list(analyze_articles([
        prepare(text if seed == 0 else rewrap(text, seed=seed, edit_rate=0.03, keep=0.9),
                origin=f"o{seed}", url=f"https://outlet{seed}.example/a", source=f"Outlet {seed}",
                published=f"2025-08-{16 + seed}T10:00:00+02:00")
        for seed in range(4)
    ]))
    db = tmp_path / "d.duckdb"
    with Corpus(db) as corpus:
        for art in arts[:3]:  # one batch each: the copies find their original in earlier batches
            corpus.add([art])
    with Corpus(db) as corpus:
        corpus.add([arts[3]])
        groups = corpus.duplicate_groups()
        assert len(groups) == 1
        assert groups[0]["size"] == 4 and groups[0]["canonical_id"] == arts[0].id
        clusters = {a["cluster_id"] for a in corpus.list_articles()["items"]}
        assert len(clusters) == 1


def test_similarity_separates_copies_from_other_stories(anchorage_txt, shared):
    text = anchorage_txt.read_text(encoding="utf-8")
    base = signature(text)
    for seed, rate, keep in [(1, 0.01, 1.0), (2, 0.10, 1.0), (3, 0.05, 0.5), (4, 0.10, 0.6)]:
        assert similarity(base, signature(rewrap(text, seed=seed, edit_rate=rate,
                                                 keep=keep))) >= 0.5
    rows = (shared / "data" / "10kgnad" / "test_part_a.csv").read_text(encoding="utf-8")
    other = rows.splitlines()[3][:6000]
    assert similarity(base, signature(other)) < 0.1


def test_index_queries_only_verified_matches():
    idx = NearDuplicateIndex()
    a = " ".join(f"wort{i} text{i % 7} satz{i % 11}" for i in range(300))
    b = " ".join(f"anders{i} inhalt{i % 5}" for i in range(300))
    idx.add("a", signature(a))
    idx.add("b", signature(b))
    assert [k for k, _ in idx.query(signature(a[: len(a) // 2]))] == ["a"]
    assert idx.query(signature("ganz kurzer text")) == []  # too short to call a copy
