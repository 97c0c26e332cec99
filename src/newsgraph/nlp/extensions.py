"""The ``Doc`` extensions the newsgraph components read and write.

Components store schema objects (:mod:`newsgraph.schema`) with offsets relative to ``doc.text``;
:mod:`newsgraph.nlp.to_article` turns a Doc into an Article in one place.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: name → default factory (lists are created per doc by the getter-less default None + ensure()).
DOC_EXTENSIONS: dict[str, object] = {
    "published": None,  # datetime | date | None: the reference time for resolving expressions
    "entities": None,  # list[schema.Entity]
    "locations": None,  # list[schema.Location]
    "quotes": None,  # list[schema.Quote]
    "amounts": None,  # list[schema.Amount]
    "times": None,  # list[schema.TimeExpr]
    "themes": None,  # list[schema.Theme]
    "topic": None,  # schema.Topic | None
    "tone": None,  # schema.Tone | None
    "events": None,  # list[schema.Event]
    "ent_links": None,  # dict[(start_char, end_char)] -> entity id: mention → entity lookup
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
