"""The ``newsgraph`` command: thin wrappers around library functions of the same name.

Expected problems print one line ``newsgraph: E0xx: <input>: <problem>`` and exit with status 2.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from newsgraph import __version__
from newsgraph.errors import MissingExtraError, NewsgraphError

app = typer.Typer(
    name="newsgraph",
    help="Read news like an analyst: entities, places, quotes, amounts, times, themes, tone and "
    "events from German and English articles, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def fail(exc: NewsgraphError) -> None:
    typer.echo(f"newsgraph: {exc}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """newsgraph command line."""


@app.command()
def analyze(
    source: str = typer.Argument(..., help="File path, '-' for stdin, or an http(s) URL."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="Output format."),
    published: Optional[str] = typer.Option(None, help="Publication date/time (ISO 8601) for text input."),
    url: Optional[str] = typer.Option(None, help="The article's URL (metadata)."),
    title: Optional[str] = typer.Option(None, help="The article's title."),
    source_name: Optional[str] = typer.Option(None, "--source", help="Outlet name."),
    language: Optional[str] = typer.Option(None, help="Skip language ID and use this ISO 639-1 code."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching from private/loopback addresses."),
    max_bytes: Optional[int] = typer.Option(None, help="Largest input accepted, in bytes (default 20 MB)."),
) -> None:
    """Analyse one article and print the result.

    Example: newsgraph analyze article.html --format text
    """
    from newsgraph.analyze import analyze as run
    from newsgraph.config import Limits

    try:
        limits = Limits.from_env(allow_private=allow_private or None, max_input_bytes=max_bytes)
        article = run(source, published=published, url=url, title=title, source_name=source_name,
                      language=language, limits=limits)
    except NewsgraphError as exc:
        fail(exc)
    if format is OutputFormat.text:
        from newsgraph.report import render_text

        typer.echo(render_text(article))
    elif format is OutputFormat.jsonl:
        typer.echo(article.model_dump_json())
    else:
        typer.echo(json.dumps(article.model_dump(mode="json"), indent=2, ensure_ascii=False))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Article output."""
    from newsgraph.schema import json_schema_text

    typer.echo(json_schema_text())


@app.command()
def example(
    name: str = typer.Argument("anchorage-summit.de.txt", help="Name of a bundled example article."),
    list_: bool = typer.Option(False, "--list", help="List the bundled examples instead."),
) -> None:
    """Print the path of a bundled example article (it ships inside the package).

    Example: newsgraph analyze "$(newsgraph example)" --published 2025-08-16 --format text
    """
    from newsgraph.resources import example_names, example_path

    if list_:
        typer.echo("\n".join(example_names()))
        return
    try:
        typer.echo(str(example_path(name)))
    except NewsgraphError as exc:
        fail(exc)


@app.command()
def serve(
    db: Path = typer.Option(Path("newsgraph.duckdb"), "--db", help="The store to serve (created if missing)."),
    host: str = typer.Option("127.0.0.1", help="Address to bind; anything but loopback needs a token for ingest."),
    port: int = typer.Option(8000, help="Port (0 picks a free one; see <db>.server.json)."),
    token: Optional[str] = typer.Option(None, envvar="NEWSGRAPH_TOKEN", help="Token for POST /api/ingest (generated on non-loopback hosts)."),
    cors_origin: list[str] = typer.Option([], "--cors-origin", help="Allow this browser origin (CORS is off by default)."),
) -> None:
    """Serve the REST API and the dashboard for a store.

    Example: newsgraph serve --db newsgraph.duckdb --port 8000   (then open http://127.0.0.1:8000/)
    """
    try:
        from newsgraph.api import serve as run
    except ImportError as exc:
        fail(MissingExtraError("web", exc.name or "fastapi"))
    try:
        run(db, host=host, port=port, token=token, cors_origins=cors_origin or None)
    except NewsgraphError as exc:
        fail(exc)
    except OSError as exc:
        fail(NewsgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}"))


def main() -> None:
    try:
        app()
    except NewsgraphError as exc:  # raised outside a command's own handling
        typer.echo(f"newsgraph: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("newsgraph: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
