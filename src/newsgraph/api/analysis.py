"""``POST /api/analyze``: one article (text or HTML plus optional metadata) in, an Article out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsgraph.errors import EmptyInputError

MAX_CHARS = 1_000_000


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text`` and ``html``; metadata overrides what an HTML page declares."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=MAX_CHARS, description="Plain article text.")
    html: str | None = Field(None, max_length=MAX_CHARS, description="A news web page.")
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200, description="Outlet name.")
    published: datetime | date | None = None
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")

    @model_validator(mode="after")
    def _one_body(self) -> "AnalyzeRequest":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


def analyze_request(req: AnalyzeRequest) -> dict[str, Any]:
    from newsgraph.analyze import analyze

    body = req.text if req.text is not None else req.html
    if not body or not body.strip():
        # the code the CLI reports for the same input (newsgraph.ingest.prepare)
        raise EmptyInputError("input is empty or whitespace only")
    article = analyze(
        body.encode("utf-8") if req.html is not None else body,
        text=req.text is not None,
        is_html=req.html is not None,
        published=req.published,
        url=req.url,
        title=req.title,
        source_name=req.source,
        language=req.language,
    )
    return article.model_dump(mode="json")
