"""The ``newsgraph`` command: thin wrappers around library functions of the same name.

Expected problems print one line ``newsgraph: E0xx: <input>: <problem>`` and exit with status 2.
"""

from __future__ import annotations

import json
import os
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


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"
    gkg = "gkg"
    events = "events"
    mentions = "mentions"


@app.command()
def ingest(
    sources: Optional[list[str]] = typer.Argument(None, help="Files, directories, globs, JSON/JSONL/CSV, RSS/Atom, WARC, '-' (stdin) or URLs."),
    sample: bool = typer.Option(False, "--sample", help="Also ingest the bundled sample corpus (Wikinews + the example article)."),
    db: Path = typer.Option(Path("newsgraph.duckdb"), "--db", help="The store (created if missing)."),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Analysis processes."),
    fetch: bool = typer.Option(False, "--fetch", help="Follow feed entries' links and analyse the linked pages."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching URLs on private/loopback addresses (never link-local/cloud metadata)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    engine: str = typer.Option("local", "--engine", help="'local' (processes) or 'dask' (a LocalCluster, or --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --engine dask)."),
    shard_dir: Optional[str] = typer.Option(None, "--shard-dir", help="Where Dask workers write result shards (local path or fsspec URL; shared storage on a multi-machine cluster)."),
) -> None:
    """Analyse and store articles; re-running adds nothing. Hands batches to a running server.

    Example: newsgraph ingest ./articles feed.xml crawl.warc.gz --db news.duckdb --workers 2
    """
    from newsgraph.errors import InvalidOptionError

    try:
        from newsgraph.corpus.ingest import ingest as run
        from newsgraph.corpus.sample import sample_sources

        sources = list(sources or []) + (sample_sources() if sample else [])
        if not sources:
            raise InvalidOptionError("name at least one SOURCE (or --sample)")
        if allow_private:  # read by Limits.from_env() here and in the worker processes
            os.environ["NEWSGRAPH_ALLOW_PRIVATE"] = "1"
        if scheduler:
            engine = "dask"
        if engine not in ("local", "dask"):
            raise InvalidOptionError(f"unknown engine {engine!r}: use 'local' or 'dask'")
        summary = run(sources, db=db, workers=workers, fetch=fetch, progress=progress,
                      engine=engine, scheduler=scheduler, shard_dir=shard_dir)
    except NewsgraphError as exc:
        fail(exc)
    typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False) if as_json else summary.render())


@app.command()
def search(
    query: str = typer.Argument(..., help="Words, \"phrases\", AND/OR, -excluded (stemmed German/English)."),
    db: Path = typer.Option(Path("newsgraph.duckdb"), "--db", help="The store."),
    since: Optional[str] = typer.Option(None, help="Published on or after (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Published on or before (YYYY-MM-DD)."),
    lang: Optional[str] = typer.Option(None, help="Only this language (de, en, ...)."),
    entity: Optional[str] = typer.Option(None, help="Only articles mentioning this entity id."),
    theme: Optional[str] = typer.Option(None, help="Only articles with this theme code."),
    limit: int = typer.Option(10, min=1, max=1000, help="Number of hits."),
    as_json: bool = typer.Option(False, "--json", help="Print hits as JSON."),
) -> None:
    """Full-text search with highlighted snippets, best first.

    Example: newsgraph search Sanktion --lang de --since 2025-08-01
    """
    try:
        from newsgraph.store import Corpus

        with Corpus(db, read_only=True) as corpus:
            res = corpus.search(query, since=since, until=until, lang=lang, entity=entity,
                                theme=theme, limit=limit)
    except NewsgraphError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(res.to_dict(), ensure_ascii=False, default=str))
        return
    typer.echo(f"{res.total} matching articles")
    for h in res.hits:
        snippet = h.snippet.replace("<b>", "\033[1m").replace("</b>", "\033[0m") if sys.stdout.isatty() \
            else h.snippet.replace("<b>", "[").replace("</b>", "]")
        typer.echo(f"\n{h.score:6.2f}  {h.title or '(untitled)'}  [{h.language}] {h.published or ''}")
        typer.echo(f"        {h.url or h.id}")
        typer.echo(f"        {snippet}")


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="Output format."),
    db: Path = typer.Option(Path("newsgraph.duckdb"), "--db", help="The store."),
    # str, not Path: pathlib drops the trailing "/" that asks for a new directory
    output: Optional[str] = typer.Option(None, "--output", "-o", help="File or directory (stdout when omitted; parquet needs one; a trailing / makes a new directory)."),
    since: Optional[str] = typer.Option(None, help="Published on or after (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Published on or before (YYYY-MM-DD)."),
) -> None:
    """Export the store: JSONL, Parquet, or GDELT GKG 2.1 / Events 2.0 / Mentions (TSV).

    Example: newsgraph export --format gkg --since 2025-08-01 -o gkg.csv
    """
    try:
        from newsgraph.export import export as run
        from newsgraph.store import Corpus

        with Corpus(db, read_only=True) as corpus:
            res = run(corpus, format.value, output, since=since, until=until)
    except NewsgraphError as exc:
        fail(exc)
    if res.path:
        typer.echo(f"wrote {res.rows} rows to {res.path}", err=True)


@app.command()
def train(
    language: str = typer.Argument(..., help="de or en."),
    skip_convert: bool = typer.Option(False, "--skip-convert", help="Reuse converted corpora in training/corpus/."),
    skip_train: bool = typer.Option(False, "--skip-train", help="Reassemble and evaluate the last training run."),
    install: bool = typer.Option(True, "--install/--no-install", help="Copy the result into src/newsgraph/models/<lang>."),
) -> None:
    """Rebuild a shipped spaCy pipeline from ../shared/data (source checkout only; see training/SCORES.md).

    Example: newsgraph train de
    """
    import subprocess

    from newsgraph.bench import benchmarks_dir
    from newsgraph.errors import InvalidOptionError

    try:
        if language not in ("de", "en"):
            raise InvalidOptionError(f"no training recipe for {language!r}: use de or en")
        script = benchmarks_dir().parent / "training" / "train.py"
    except NewsgraphError as exc:
        fail(exc)
    args = [sys.executable, str(script), language]
    args += ["--skip-convert"] * skip_convert + ["--skip-train"] * skip_train + ["--no-install"] * (not install)
    raise typer.Exit(subprocess.call(args, cwd=script.parent.parent))


@app.command()
def bench(
    names: Optional[list[str]] = typer.Argument(None, help="Benchmarks to run (default: the whole suite): gate, ingest, analysis, models, entities, geo, quotes, themes, events, corpus, scale, api, crash, fuzz."),
    quick: bool = typer.Option(False, "--quick", help="Small, fast versions (what CI runs)."),
    append: bool = typer.Option(True, "--append/--no-append", help="Append results to benchmarks/RESULTS.md."),
) -> None:
    """Run speed, memory and accuracy benchmarks from a source checkout; non-zero exit when an
    accuracy floor (benchmarks/floors.json) is missed.

    Example: newsgraph bench gate --quick
    """
    from newsgraph.bench import run as run_bench

    try:
        rc = run_bench(list(names or []), quick=quick, append=append)
    except NewsgraphError as exc:
        fail(exc)
    raise typer.Exit(rc)


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
