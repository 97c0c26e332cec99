"""Generate the reference pages of the documentation from the code, so they cannot drift.

Used two ways:

* as an MkDocs hook (``hooks: [scripts/gen_docs.py]`` in ``mkdocs.yml``): the generated pages are
  added to the build in memory (nothing generated is committed), and markers in hand-written
  pages are filled in (measured numbers from ``benchmarks/RESULTS.md`` / ``training/SCORES.md``,
  screenshots from ``docs/screenshots/``);
* as a script: ``python scripts/gen_docs.py OUTDIR`` writes the generated pages to OUTDIR for
  inspection.

Sources: output schema ← ``newsgraph.schema.json_schema()``; CLI ← the Typer app's click command
tree; REST API ← ``newsgraph.api.app.create_app().openapi()``; error codes ←
``newsgraph.errors.ERROR_CODES``; configuration ← ``newsgraph.config.Limits`` and the pipeline
components' factory ``default_config``.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SCREENSHOTS = DOCS / "screenshots"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
SCORES = REPO / "training" / "SCORES.md"

GENERATED_NOTE = (
    "!!! note \"Generated page\"\n"
    "    This page is generated from the code at documentation build time ({source}); "
    "do not edit it by hand.\n\n"
)


# ---- helpers --------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """Text safe inside a markdown table cell."""
    if value is None:
        return ""
    text = str(value).strip()
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def code(value: Any) -> str:
    text = str(value).replace("|", "\\|").replace("`", "'")
    return f"`{text}`" if text else ""


def slug(text: str) -> str:
    """The anchor id MkDocs' toc extension gives a heading."""
    text = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return re.sub(r"[-\s]+", "-", text)


def table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "_none_\n"
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)(\s+\"[^\"]*\")?\)")


def unlink_outside(markdown: str, keep: Callable[[str], bool] = lambda target: False) -> str:
    """Turn relative links that point outside the docs into plain text (``text (`path`)``).

    Included files (RESULTS.md, SCORES.md, ARCHITECTURE.md, licence files) were written for the
    repository, where their relative links resolve; in the site they would be broken links.
    """

    def sub(m: re.Match) -> str:
        bang, text, target = m.group(1), m.group(2), m.group(3)
        if re.match(r"^(https?:|mailto:|#)", target) or keep(target):
            return m.group(0)
        if bang:
            return f"_(image: {text or target})_"
        return f"{text} ({code(target)})" if text != target else code(target)

    return _LINK.sub(sub, markdown)


# ---- output schema --------------------------------------------------------------------------


def _schema_type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{slug(name)})"
    if "anyOf" in prop:
        parts = [_schema_type(p) for p in prop["anyOf"]]
        return " or ".join(dict.fromkeys(parts))
    if "enum" in prop:
        return "one of " + ", ".join(code(json.dumps(v, ensure_ascii=False)) for v in prop["enum"])
    if "const" in prop:
        return code(json.dumps(prop["const"], ensure_ascii=False))
    kind = prop.get("type", "any")
    if kind == "array":
        return "list of " + _schema_type(prop.get("items", {}))
    if kind == "object" and "additionalProperties" in prop:
        extra = prop["additionalProperties"]
        return "map of " + (_schema_type(extra) if isinstance(extra, dict) else "any")
    fmt = prop.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def _constraints(prop: dict[str, Any]) -> str:
    names = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<",
             "minLength": "min length", "maxLength": "max length", "pattern": "pattern"}
    return ", ".join(f"{label} {prop[key]}" for key, label in names.items() if key in prop)


def schema_page() -> str:
    from newsgraph.schema import SCHEMA_VERSION, json_schema

    schema = json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    models = [("Article", schema)] + sorted(defs.items())
    out = [
        "# Output schema\n\n",
        GENERATED_NOTE.format(source="`newsgraph.schema.json_schema()`"),
        f"Schema version **{SCHEMA_VERSION}**. `newsgraph schema` prints the full JSON Schema "
        "(draft 2020-12); every analysis result validates against it. Every item that carries "
        "`start`/`end` satisfies `article.text[start:end] == item.text`.\n\n",
        "Models: " + ", ".join(f"[{name}](#{slug(name)})" for name, _ in models) + ".\n\n",
    ]
    for name, model in models:
        out.append(f"## {name}\n\n")
        if model.get("description"):
            out.append(inspect.cleandoc(model["description"]) + "\n\n")
        if "enum" in model:  # a Literal/Enum defined at top level
            out.append("One of " + ", ".join(code(v) for v in model["enum"]) + ".\n\n")
            continue
        required = set(model.get("required", []))
        rows = []
        for field, prop in model.get("properties", {}).items():
            default = "" if field in required else code(json.dumps(prop.get("default"), ensure_ascii=False)) if "default" in prop else ""
            notes = " ".join(x for x in [cell(prop.get("description")), cell(_constraints(prop))] if x)
            rows.append([code(field), _schema_type(prop), "yes" if field in required else "",
                         default, notes])
        out.append(table(["field", "type", "required", "default", "description"], rows) + "\n")
    return "".join(out)


# ---- CLI --------------------------------------------------------------------------------------
# Typer >= 0.25 builds on its own fork of click (``typer._click``), so the tree is walked by duck
# typing (``commands``, ``get_params``, ``get_help_record``) rather than isinstance checks.


def cli_commands() -> list[tuple[str, Any, Any]]:
    """Every visible command of the ``newsgraph`` CLI as ``(full name, command, context)``."""
    import typer.main

    from newsgraph.cli import app

    root = typer.main.get_command(app)
    found: list[tuple[str, Any, Any]] = []

    def walk(name: str, cmd: Any, parent: Any) -> None:
        ctx = cmd.context_class(cmd, info_name=name.rsplit(" ", 1)[-1], parent=parent)
        found.append((name, cmd, ctx))
        for sub_name in sorted(getattr(cmd, "commands", {}) or {}):
            sub = cmd.commands[sub_name]
            if not getattr(sub, "hidden", False):
                walk(f"{name} {sub_name}", sub, ctx)

    walk("newsgraph", root, None)
    return found


def cli_page() -> str:
    commands = cli_commands()
    out = [
        "# Command line\n\n",
        GENERATED_NOTE.format(source="the command tree of the Typer app `newsgraph.cli.app`"),
        "Every command prints the same information with `--help`. Expected problems print one "
        "line `newsgraph: E0xx: <input>: <problem>` and exit with status 2 "
        "(see [error codes](errors.md)).\n\n",
        "| command | what it does |\n|---|---|\n",
    ]
    for name, cmd, _ctx in commands[1:]:
        out.append(f"| [`{name}`](#{slug(name)}) | {cell(cmd.get_short_help_str(limit=100))} |\n")
    out.append("\n")
    for name, cmd, ctx in commands:
        out.append(f"## {name}\n\n")
        if cmd.help:
            out.append(inspect.cleandoc(cmd.help).replace("\b\n", "") + "\n\n")
        out.append("```text\n" + cmd.get_usage(ctx).strip() + "\n```\n\n")
        rows = []
        for param in cmd.get_params(ctx):
            record = None if getattr(param, "hidden", False) else param.get_help_record(ctx)
            if record:
                kind = getattr(param, "param_type_name", "option")
                rows.append([code(record[0]), kind, cell(record[1])])
        out.append(table(["parameter", "kind", "help"], rows) + "\n")
    return "".join(out)


# ---- REST API -------------------------------------------------------------------------------


def openapi_spec() -> dict[str, Any] | None:
    """The OpenAPI document of the REST API, or None while ``newsgraph.api`` is not available."""
    try:
        from newsgraph.api.app import create_app
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp) / "docs.duckdb")
        spec = app.openapi()
        closer = getattr(app.state.queries, "close", None)
        if callable(closer):
            closer()
    return spec


def _openapi_type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return code(schema["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in schema:
        return " or ".join(_openapi_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(code(v) for v in schema["enum"])
    if schema.get("type") == "array":
        return "list of " + _openapi_type(schema.get("items", {}))
    return schema.get("type", "any")


def api_page() -> str:
    out = ["# REST API\n\n"]
    spec = openapi_spec()
    if spec is None:
        return "".join(out) + (
            "!!! warning \"Not available in this build\"\n"
            "    `newsgraph.api.create_app` could not be imported when these docs were built "
            "(the `web` extra is missing, or the API has not landed yet), so there is no "
            "generated reference here.\n"
        )
    out.append(GENERATED_NOTE.format(source="the OpenAPI document of `newsgraph.api.app.create_app`"))
    out.append(
        f"{spec['info'].get('title', 'newsgraph')} {spec['info'].get('version', '')}. "
        f"{spec['info'].get('description', '')}\n\n"
        "Start the server with `newsgraph serve` (needs `pip install 'newsgraph[web]'`). A running "
        "server also serves this document at `/openapi.json` and an interactive, offline Swagger UI "
        "at `/docs`.\n\n"
    )
    ops = [(path, method, op) for path, item in spec["paths"].items()
           for method, op in item.items() if method in {"get", "post", "put", "patch", "delete"}]
    out.append("| method | path | summary |\n|---|---|---|\n")
    for path, method, op in ops:
        title = f"{method.upper()} {path}"
        out.append(f"| {method.upper()} | [`{path}`](#{slug(title)}) | {cell(op.get('summary'))} |\n")
    out.append("\n")
    for path, method, op in ops:
        out.append(f"## {method.upper()} {path}\n\n")
        if op.get("summary"):
            out.append(f"**{op['summary']}**\n\n")
        if op.get("description"):
            out.append(inspect.cleandoc(op["description"]) + "\n\n")
        params = op.get("parameters", [])
        if params:
            rows = []
            for p in params:
                schema = p.get("schema", {})
                default = code(json.dumps(schema["default"])) if "default" in schema else ""
                rows.append([code(p["name"]), p.get("in", ""), _openapi_type(schema),
                             "yes" if p.get("required") else "", default,
                             cell(p.get("description") or schema.get("description"))])
            out.append(table(["parameter", "in", "type", "required", "default", "description"], rows))
            out.append("\n")
        body = op.get("requestBody")
        if body:
            kinds = ", ".join(
                f"{code(ct)} ({_openapi_type(c.get('schema', {}))})"
                for ct, c in body.get("content", {}).items()
            )
            out.append(f"Request body{' (required)' if body.get('required') else ''}: {kinds}\n\n")
        responses = op.get("responses", {})
        if responses:
            rows = [[code(status), cell(r.get("description"))] for status, r in responses.items()]
            out.append(table(["status", "meaning"], rows) + "\n")
    return "".join(out)


# ---- Python API ------------------------------------------------------------------------------

#: The public Python API, in reading order: (section, dotted names). Names that do not exist in
#: this build are listed as missing rather than silently dropped.
PYTHON_API: list[tuple[str, list[str]]] = [
    ("Analyse articles", ["newsgraph.analyze", "newsgraph.load_pipeline",
                          "newsgraph.resources.example_path", "newsgraph.resources.example_names"]),
    ("Corpus: ingest, store, query", ["newsgraph.corpus.ingest.ingest", "newsgraph.store.Corpus"]),
    ("Export", ["newsgraph.export.export", "newsgraph.export.parquet.write_parquet"]),
    ("Serve", ["newsgraph.api.create_app", "newsgraph.api.serve"]),
    ("Errors and extras", ["newsgraph.errors.NewsgraphError", "newsgraph.errors.require"]),
    ("Schema", ["newsgraph.schema.json_schema"]),
]


def _resolve(dotted: str) -> Any:
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts) - 1, 0, -1):  # last part an attribute first: newsgraph.analyze
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def _signature(obj: Any, name: str) -> str:
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        sig = "(...)"
    return f"{name}{sig}"


def _doc_block(obj: Any) -> str:
    """A docstring as markdown: RST literals become code, doctest lines a code block."""
    doc = (inspect.getdoc(obj) or "_No docstring._").replace("``", "`")
    doc = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", doc)  # Sphinx roles
    out, in_code = [], False
    for line in doc.splitlines():
        is_code = line.startswith((">>>", "..."))
        if is_code and not in_code:
            out.append("```python")
        elif in_code and not is_code:
            out.append("```")
        in_code = is_code
        out.append(line)
    if in_code:
        out.append("```")
    return "\n".join(out) + "\n\n"


def python_page() -> str:
    out = ["# Python API\n\n",
           GENERATED_NOTE.format(source="signatures and docstrings of the public functions"),
           "The CLI is a thin layer over these functions; anything the CLI does, Python can do. "
           "Results are the pydantic models of the [output schema](schema.md); expected problems "
           "raise the [errors](errors.md) listed there.\n\n"]
    for section, names in PYTHON_API:
        out.append(f"## {section}\n\n")
        for dotted in names:
            try:
                obj = _resolve(dotted)
            except (ImportError, AttributeError):
                out.append(f"### `{dotted}`\n\n_Not available in this build (module missing or its "
                           "optional extra not installed)._\n\n")
                continue
            out.append(f"### `{dotted}`\n\n")
            short = dotted.rsplit(".", 1)[-1]
            out.append("```python\n" + _signature(obj, short) + "\n```\n\n" + _doc_block(obj))
            if inspect.isclass(obj):
                for meth_name, meth in inspect.getmembers(obj, inspect.isfunction):
                    if meth_name.startswith("_") or meth.__qualname__.split(".")[0] != obj.__name__:
                        continue
                    out.append(f"#### `{short}.{meth_name}`\n\n```python\n"
                               + _signature(meth, meth_name) + "\n```\n\n" + _doc_block(meth))
    return "".join(out)


# ---- errors -----------------------------------------------------------------------------------


def errors_page() -> str:
    from newsgraph.errors import ERROR_CODES

    rows = []
    for code_, cls in sorted(ERROR_CODES.items()):
        parent = next((b.__name__ for b in cls.__mro__[1:] if b in ERROR_CODES.values()), "")
        doc = inspect.getdoc(cls) if cls.__doc__ else ""
        if doc and parent and doc == inspect.getdoc(cls.__mro__[1]):
            doc = ""
        rows.append([f"**{code_}**", code(cls.__name__), code(parent) if parent else "",
                     str(cls.http_status), cell((doc or "").split("\n\n")[0])])
    return (
        "# Error codes\n\n"
        + GENERATED_NOTE.format(source="`newsgraph.errors.ERROR_CODES`")
        + "Expected problems are raised as `newsgraph.errors.NewsgraphError` subclasses, each with "
        "a stable code. The CLI prints one line `newsgraph: E0xx: <input>: <problem>` and exits "
        "with status 2; the REST API answers with the class's HTTP status and one JSON shape "
        '`{"ok": false, "error": "E0xx: …", "code": "E0xx", "status": 400}`. In Python, catch '
        "`NewsgraphError` (or a subclass) — errors of dependencies are translated at the boundary.\n\n"
        + table(["code", "class", "subclass of", "HTTP", "meaning"], rows)
    )


# ---- configuration ----------------------------------------------------------------------------


def _field_comments(cls: type) -> dict[str, str]:
    """``#:`` comments after dataclass fields (Sphinx style), read from the source."""
    try:
        lines = inspect.getsource(cls).splitlines()
    except (OSError, TypeError):
        return {}
    comments = {}
    for line in lines:
        m = re.match(r"\s+(\w+)\s*:[^#]*#:\s*(.+)$", line)
        if m:
            comments[m.group(1)] = m.group(2).strip()
    return comments


def _components() -> list[tuple[str, str, str, dict[str, Any] | None]]:
    from spacy.language import Language

    from newsgraph.nlp.pipeline import COMPONENTS, _factory_available, spacy_factory

    found = []
    for name, factory, module in COMPONENTS:
        try:
            available = _factory_available(factory, module)
        except Exception:  # a component that fails to import is documented as unavailable
            available = False
        meta = Language.get_factory_meta(spacy_factory(factory)) if available else None
        found.append((name, factory, module, dict(meta.default_config) if meta else None))
    return found


def config_page() -> str:
    from newsgraph.config import Limits

    comments = _field_comments(Limits)
    rows = []
    for f in dataclasses.fields(Limits):
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        ftype = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        rows.append([code(f.name), code(f"NEWSGRAPH_{f.name.upper()}"), code(ftype),
                     code(default), cell(comments.get(f.name, ""))])
    out = [
        "# Configuration\n\n",
        GENERATED_NOTE.format(source="`newsgraph.config.Limits` and the pipeline factories"),
        "## Limits\n\n",
        "Limits bound what hostile or unexpected input can cost. Each can be set with an "
        "environment variable; CLI options such as `--max-bytes` and `--allow-private` override "
        "them for one run. In Python: `newsgraph.config.Limits.from_env(max_input_bytes=…)`. "
        "Booleans accept `1`, `true` or `yes`.\n\n",
        table(["option", "environment variable", "type", "default", "meaning"], rows),
        "\n## Models\n\n",
        "| environment variable | meaning |\n|---|---|\n"
        "| `NEWSGRAPH_MODEL_DE`, `NEWSGRAPH_MODEL_EN` | name or path of a spaCy pipeline to use "
        "instead of the bundled model for that language (e.g. an installed `de_core_news_lg`); "
        "never required |\n"
        "| `NEWSGRAPH_PURE_PYTHON` | `1`: run the rule modules from their `.py` files even where "
        "`scripts/compile_rules.py` (`make install`) compiled them with Cython; a comma-separated "
        "list (`nlp.entities,nlp.geo`) does so for those modules. A build older than its `.py` is "
        "never used either way |\n\n",
        "## Pipeline components\n\n",
        "Each analysis step is a spaCy component; its thresholds live in the factory's config and "
        "can be overridden when building a pipeline, e.g. "
        "`nlp.add_pipe(\"newsgraph_themes_v1\", config={...})`, or in a saved pipeline's "
        "`config.cfg`. Components run in this order:\n\n",
    ]
    for name, factory, module, cfg in _components():
        out.append(f"### {name}\n\n")
        out.append(f"Factory `{factory}` (registered as `{factory.replace('.', '_')}`), "
                   f"module `{module}`.\n\n")
        if cfg is None:
            out.append("_Not available in this build (module not present)._\n\n")
        elif not cfg:
            out.append("No options.\n\n")
        else:
            rows = [[code(k), code(json.dumps(v, ensure_ascii=False, default=str))]
                    for k, v in cfg.items() if k not in ("nlp", "name")]
            out.append(table(["option", "default"], rows) + "\n")
    return "".join(out)


# ---- included files and markers --------------------------------------------------------------


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def include_page(title: str, path: Path, missing: str) -> str:
    text = _read(path)
    rel = path.relative_to(REPO)
    head = (f"# {title}\n\n!!! note \"Included file\"\n    This page shows `{rel}` from the "
            "repository as it was when the docs were built.\n\n")
    if text is None:
        return head + missing + "\n"
    text = re.sub(r"\A# [^\n]*\n", "", text)  # the page has its own title
    return head + unlink_outside(text)


def sections(path: Path) -> list[tuple[str, str]]:
    """``(heading, body)`` for each ``##``/``###`` section of a results file, in file order."""
    text = _read(path) or ""
    parts = re.split(r"(?m)^(#{2,3} .+)$", text)
    return [(parts[i].lstrip("# ").strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


_MARKER = re.compile(r"<!--\s*(results|scores|screenshots|command|route):\s*(.*?)\s*-->")


def api_route_paths() -> set[str]:
    """Paths the REST app can serve (routes and mounts), empty when the API is not available.

    Some mounts exist only when their files do (``/docs-site`` needs a built site), so the app is
    built with a stand-in site: this asks what the server *can* serve, not what is built now."""
    try:
        from newsgraph.api.app import create_app
    except ImportError:
        return set()
    with tempfile.TemporaryDirectory() as tmp:
        kwargs: dict[str, Any] = {}
        if "docs_site" in inspect.signature(create_app).parameters:
            site = Path(tmp) / "site"
            site.mkdir()
            (site / "index.html").write_text("<!doctype html><title>docs</title>", encoding="utf-8")
            (site / "csp.json").write_text('{"script-src": []}', encoding="utf-8")
            kwargs["docs_site"] = site
        app = create_app(Path(tmp) / "docs.duckdb", **kwargs)
        paths = {getattr(r, "path", "") for r in app.routes}
        closer = getattr(app.state.queries, "close", None)
        if callable(closer):
            closer()
    return paths


def cli_command_names() -> set[str]:
    return {name for name, _cmd, _ctx in cli_commands()}


def fill_markers(markdown: str, page_path: str) -> str:
    """Replace ``<!-- results: KEYWORD -->`` / ``<!-- scores: KEYWORD -->`` with the latest
    matching section of benchmarks/RESULTS.md / training/SCORES.md,
    ``<!-- screenshots: KEYWORD -->`` with the matching images in docs/screenshots/, and
    ``<!-- command: NAME [--option …] -->`` with a link to that command's reference, or a warning
    when the command (or one of the options) does not exist (so a tutorial never silently documents a command that is missing)."""
    depth = page_path.count("/")
    up = "../" * depth

    def sub(m: re.Match) -> str:
        kind, key = m.group(1), m.group(2)
        if kind == "route":
            if key in api_route_paths():
                return (f"!!! tip \"Served offline\"\n    Once built, `newsgraph serve` serves it "
                        f"at `http://127.0.0.1:8000{key}/` (also from an installed wheel that "
                        "was built after `make docs`).\n")
            return (f"!!! info \"Not served in this build\"\n    `newsgraph serve` does not serve "
                    f"`{key}` in the version these docs were built from; open the built files "
                    "from disk instead.\n")
        if kind == "command":
            words = key.split()
            name = "newsgraph " + " ".join(w for w in words if not w.startswith("-"))
            wanted = [w for w in words if w.startswith("-")]
            commands = {n: (c, x) for n, c, x in cli_commands()}
            if name in commands and wanted:
                cmd, ctx = commands[name]
                have = {o for p in cmd.get_params(ctx) for o in getattr(p, "opts", [])}
                absent = [w for w in wanted if w not in have]
                if absent:
                    return (f"!!! warning \"Not in this build\"\n    `{name}` has no "
                            f"{', '.join(f'`{a}`' for a in absent)} option{'s' if len(absent) > 1 else ''} in "
                            "the version these docs were built from; use the alternative shown on "
                            "this page.\n")
            if name in commands:
                return (f"!!! tip \"Command reference\"\n    All options of `{name}`: "
                        f"[command line reference]({up}reference/cli.md#{slug(name)}).\n")
            return (f"!!! warning \"Not in this build\"\n    The `{name}` command does not exist in "
                    "the version these docs were built from; use the alternative shown on this "
                    "page.\n")
        if kind == "screenshots":
            images = sorted(p for p in SCREENSHOTS.glob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".webp", ".svg"}
                            and key.lower() in p.stem.lower()) if SCREENSHOTS.exists() else []
            if not images:
                return f"_(No screenshot matching “{key}” in this build yet.)_"
            return "\n\n".join(f"![{p.stem.replace('-', ' ')}]({up}screenshots/{p.name})" for p in images)
        source = RESULTS if kind == "results" else SCORES
        found = [(h, b) for h, b in sections(source) if key.lower() in h.lower()]
        rel = source.relative_to(REPO)
        if not found:
            return (f"!!! info \"No measured numbers yet\"\n    `{rel}` has no section matching "
                    f"“{key}” in this build.\n")
        heading, body = found[-1]
        return (f"Latest measurement from `{rel}` — **{heading}**:\n\n"
                + unlink_outside(re.sub(r"(?m)^#{1,3} ", "#### ", body)) + "\n")

    return _MARKER.sub(sub, markdown)


MODELS = REPO / "src" / "newsgraph" / "models"
PACKAGE = REPO / "src" / "newsgraph"


def model_metas() -> list[tuple[str, dict[str, Any]]]:
    """``(name, meta.json)`` of every trained pipeline shipped in ``src/newsgraph/models``."""
    metas = []
    for meta in sorted(MODELS.glob("*/meta.json")):
        try:
            metas.append((meta.parent.name, json.loads(meta.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return metas


def _restricted(licence: str) -> bool:
    return bool(re.search(r"\bNC\b|non-?commercial|unclear", licence, re.I))


def models_licences_md() -> str:
    metas = model_metas()
    if not metas:
        return "_No trained pipeline is shipped in this build (`src/newsgraph/models/` is empty)._\n"
    out = []
    for name, meta in metas:
        nc = (meta.get("newsgraph") or {}).get("non_commercial_data")
        out.append(f"### models/{name}\n\n{meta.get('name', name)} {meta.get('version', '')} — "
                   f"licence: **{meta.get('license', 'not stated')}**"
                   + (" — ⚠ **trained with non-commercial data**" if nc else "") + "\n\n")
        rows = [[code(s.get("file", s.get("name", ""))), cell(s.get("license", "?"))
                 + (" ⚠" if _restricted(str(s.get("license", ""))) else "")]
                for s in meta.get("sources", [])]
        out.append(table(["training data", "licence"], rows) + "\n")
    return "".join(out)


def licences_page() -> str:
    parts = [include_page("Licences", REPO / "THIRD_PARTY_LICENSES.md", "_No licence summary._")]
    parts.append("\n## Code\n\nApache License 2.0 — the full text is in `LICENSE` "
                 "(also inside the wheel's `.dist-info`).\n")
    parts.append("\n## Trained pipelines (from their meta.json)\n\n" + models_licences_md())
    for title, path in [("Shipped resources (resources/LICENSES.md)", PACKAGE / "resources" / "LICENSES.md"),
                        ("Vendored JavaScript (web/static/vendor/README.md)",
                         PACKAGE / "web" / "static" / "vendor" / "README.md")]:
        text = _read(path)
        if text:
            body = re.sub(r"\A# [^\n]*\n", "", text)
            body = re.sub(r"(?m)^(#{1,4}) ", lambda m: "#" * min(len(m.group(1)) + 2, 6) + " ", body)
            parts.append(f"\n## {title}\n\n" + unlink_outside(body) + "\n")
    return "".join(parts)


def model_scores_page() -> str:
    page = include_page(
        "Model scores", SCORES, "_`training/SCORES.md` does not exist in this build: no training "
        "run has recorded its evaluation there yet._")
    metas = [(n, m) for n, m in model_metas() if (m.get("newsgraph") or {}).get("heldout_scores")]
    page += "\n## Scores recorded in the shipped pipelines' meta.json\n\n"
    if not metas:
        return page + "_No shipped pipeline carries held-out scores in this build._\n"
    for name, meta in metas:
        scores = meta["newsgraph"]["heldout_scores"]
        page += f"### models/{name}\n\n"
        rows = []
        for subset, values in scores.items():
            if isinstance(values, dict):
                for key, value in values.items():
                    if isinstance(value, (int, float)):
                        rows.append([code(subset), code(key), f"{value:.3f}" if isinstance(value, float) else str(value)])
                    elif key == "ents_per_type" and isinstance(value, dict):
                        for label, prf in value.items():
                            rows.append([code(subset), code(f"{label} p / r / f"),
                                         " / ".join(f"{prf.get(k, 0):.3f}" for k in "prf")])
        page += table(["held-out subset", "metric", "value"], rows) + "\n"
    return page


# ---- what gets generated ----------------------------------------------------------------------


ARCHITECTURE_MISSING = (
    "# Architecture\n\n_The architecture notes (`docs/ARCHITECTURE.md`) have not been written "
    "yet._\n"
)


def generated_pages() -> dict[str, Callable[[], str]]:
    """Page path (relative to docs/) → function producing its markdown."""
    return {
        "reference/schema.md": schema_page,
        "reference/cli.md": cli_page,
        "reference/api.md": api_page,
        "reference/python.md": python_page,
        "reference/errors.md": errors_page,
        "reference/configuration.md": config_page,
        "concepts/benchmarks.md": lambda: include_page(
            "Benchmark results", RESULTS, "_No benchmark has been recorded yet._"),
        "concepts/model-scores.md": model_scores_page,
        "about/changelog.md": lambda: include_page(
            "Changelog", REPO / "CHANGELOG.md", "_No changelog._"),
        "about/licenses.md": licences_page,
    }


# ---- MkDocs hook ------------------------------------------------------------------------------


def _nav_paths(items: Any) -> set[str]:
    found: set[str] = set()
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _nav_paths(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def on_config(config):  # noqa: ANN001 - MkDocs hook signature
    """Pages other engineers add to docs/ without a nav entry go under "More" (titled by their
    first heading) instead of failing the strict build or staying unreachable."""
    listed = _nav_paths(config.nav)
    docs_dir = Path(config.docs_dir)
    extra = []
    for md in sorted(docs_dir.rglob("*.md")):
        rel = md.relative_to(docs_dir).as_posix()
        if rel in listed or rel.startswith("screenshots/"):
            continue
        m = re.search(r"(?m)^# (.+)$", md.read_text(encoding="utf-8"))
        extra.append({(m.group(1).strip() if m else md.stem): rel})
    if extra and config.nav is not None:
        config.nav.append({"More": extra})
    return config


def on_files(files, config):  # noqa: ANN001 - MkDocs hook signature
    from mkdocs.structure.files import File

    for path, make in generated_pages().items():
        files.append(File.generated(config, path, content=make()))
    if files.get_file_from_path("ARCHITECTURE.md") is None:
        files.append(File.generated(config, "ARCHITECTURE.md", content=ARCHITECTURE_MISSING))
    return files


def on_page_markdown(markdown, page, config, files):  # noqa: ANN001 - MkDocs hook signature
    if page.file.src_uri == "ARCHITECTURE.md":
        markdown = unlink_outside(markdown)
    return fill_markers(markdown, page.file.src_uri)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP source expressions (``'sha256-…'``) of every executable inline script in the site."""
    import base64
    import hashlib

    hashes = set()
    for html in site_dir.rglob("*.html"):
        for attrs, body in _INLINE_SCRIPT.findall(html.read_text(encoding="utf-8")):
            if "application/json" in attrs:  # data, never executed
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def on_post_build(config):  # noqa: ANN001 - MkDocs hook signature
    """Write ``csp.json`` beside the site: the theme needs a few inline scripts, and a server with
    ``script-src 'self'`` must allow exactly these (by hash) to serve the site at /docs-site."""
    site_dir = Path(config.site_dir)
    hashes = inline_script_hashes(site_dir)
    (site_dir / "csp.json").write_text(json.dumps({"script-src": hashes}, indent=2) + "\n",
                                       encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/gen_docs.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    for path, make in generated_pages().items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(make(), encoding="utf-8")
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
