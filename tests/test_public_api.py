"""The public Python API is small and pinned (HTTPX habit): changing it is a deliberate act."""

import newsgraph


def test_public_names():
    assert sorted(newsgraph.__all__) == ["Article", "Corpus", "__version__", "analyze", "load_pipeline"]
    for name in newsgraph.__all__:
        assert getattr(newsgraph, name) is not None
    assert callable(newsgraph.analyze) and callable(newsgraph.load_pipeline)


def test_analyze_plain_text_argument():
    art = newsgraph.analyze("Die Regierung in Berlin hat am Dienstag neue Hilfen beschlossen.", text=True,
                            published="2025-03-04")
    assert art.language == "de" and art.analysed and art.published.isoformat() == "2025-03-04"
