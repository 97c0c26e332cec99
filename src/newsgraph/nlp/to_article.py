"""``Doc → Article``: the one place where pipeline results become the output schema."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.schema import Article


def fill_article(article: Article, doc: Doc) -> Article:
    """Copy the components' results from ``doc`` into ``article`` (whose text is ``doc.text``)."""
    if doc.text != article.text:
        raise ValueError("doc.text must be the article text; offsets would not match")
    x = doc._
    return article.model_copy(
        update={
            "entities": list(x.entities or []),
            "locations": list(x.locations or []),
            "quotes": list(x.quotes or []),
            "amounts": list(x.amounts or []),
            "times": list(x.times or []),
            "themes": list(x.themes or []),
            "topic": x.topic,
            "tone": x.tone,
            "events": list(x.events or []),
            "analysed": True,
        }
    )
