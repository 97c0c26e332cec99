"""The filters every list endpoint shares, parsed once from the query string.

``filters`` is async only so that FastAPI runs it inline instead of in a worker thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from fastapi import Query

from newsgraph.errors import InvalidOptionError

MAX_LIMIT = 500


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    language: str | None = None
    source: str | None = None
    entity: str | None = None
    theme: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    country: str | None = None
    limit: int = 50
    offset: int = 0

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


async def filters(
    since: date | None = Query(None, description="Published on or after (YYYY-MM-DD)."),
    until: date | None = Query(None, description="Published on or before (YYYY-MM-DD)."),
    lang: str | None = Query(None, min_length=2, max_length=3, description="ISO 639-1 code."),
    source: str | None = Query(None, max_length=200, description="Outlet name."),
    entity: str | None = Query(None, max_length=200, description="Entity id, e.g. per:wladimir-putin."),
    theme: str | None = Query(None, max_length=100, description="Theme code, e.g. ARMEDCONFLICT."),
    cameo_root: str | None = Query(
        None, pattern=r"^\d{2}$", description="Two-digit CAMEO root code, e.g. 04."
    ),
    quad_class: int | None = Query(None, ge=1, le=4, description="CAMEO QuadClass 1–4."),
    country: str | None = Query(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 of a mentioned place."
    ),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Filters:
    if since and until and since > until:
        raise InvalidOptionError(f"since ({since}) is after until ({until})")
    return Filters(
        since=since, until=until, language=lang.lower() if lang else None, source=source,
        entity=entity, theme=theme, cameo_root=cameo_root, quad_class=quad_class,
        country=country.upper() if country else None, limit=limit, offset=offset,
    )
