"""The documentation site builds with warnings as errors, and its generated reference is complete.

The reference pages are generated from the code (scripts/gen_docs.py, an MkDocs hook); these
tests walk the same sources independently and check that every CLI command, API route, error
code and schema model shows up in the built HTML, and that the site needs no network.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def load_gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def heading_ids(html: str) -> set[str]:
    return set(re.findall(r'<h[1-6][^>]* id="([^"]+)"', html))


def test_every_cli_command_is_documented(site):
    gen = load_gen_docs()
    import typer.main

    from newsgraph.cli import app

    # Walk the command tree here too, independently of the generator's walk.
    names: list[str] = []

    def walk(prefix: str, cmd) -> None:
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            if not getattr(sub, "hidden", False):
                names.append(f"{prefix} {name}")
                walk(f"{prefix} {name}", sub)

    walk("newsgraph", typer.main.get_command(app))
    assert "newsgraph analyze" in names
    ids = heading_ids(page(site, "reference/cli.html"))
    missing = [n for n in names if gen.slug(n) not in ids]
    assert not missing, f"commands missing from the CLI reference: {missing}"


def test_every_cli_option_is_documented(site):
    import typer.main

    from newsgraph.cli import app

    html = page(site, "reference/cli.html")
    analyze = typer.main.get_command(app).commands["analyze"]
    for param in analyze.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert opt in html, f"option {opt} of 'analyze' missing from the CLI reference"


def test_every_api_route_is_documented(site, tmp_path):
    pytest.importorskip("fastapi")
    gen = load_gen_docs()
    from newsgraph.api.app import create_app

    app = create_app(tmp_path / "routes.duckdb")
    routes = [
        (method, route.path)
        for route in app.routes
        if getattr(route, "include_in_schema", False) and getattr(route, "methods", None)
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
    ]
    assert routes, "the app has no routes"
    ids = heading_ids(page(site, "reference/api.html"))
    missing = [f"{m} {p}" for m, p in routes if gen.slug(f"{m} {p}") not in ids]
    assert not missing, f"routes missing from the REST API reference: {missing}"


def test_every_error_code_is_documented(site):
    from newsgraph.errors import ERROR_CODES

    html = page(site, "reference/errors.html")
    missing = [code for code, cls in ERROR_CODES.items() if code not in html or cls.__name__ not in html]
    assert not missing


def test_every_schema_model_and_field_is_documented(site):
    from newsgraph.schema import json_schema

    schema = json_schema()
    ids = heading_ids(page(site, "reference/schema.html"))
    html = page(site, "reference/schema.html")
    for name, model in [("Article", schema), *schema.get("$defs", {}).items()]:
        assert name.lower() in ids, f"schema model {name} missing"
        for field in model.get("properties", {}):
            assert f"<code>{field}</code>" in html, f"{name}.{field} missing"


def test_every_config_limit_is_documented(site):
    import dataclasses

    from newsgraph.config import Limits

    html = page(site, "reference/configuration.html")
    for f in dataclasses.fields(Limits):
        assert f"NEWSGRAPH_{f.name.upper()}" in html


def test_site_needs_no_network(site):
    """No page loads scripts, styles or fonts from another host (the site must work offline)."""
    offenders = []
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(https?:)?//[^"]+"', html):
            offenders.append(f"{html_file.relative_to(site)}: {m.group(0)[:120]}")
    assert not offenders, "\n".join(offenders[:20])


def test_markers_take_the_latest_matching_section(tmp_path, monkeypatch):
    gen = load_gen_docs()
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Results\n\n### Ingestion — 2026-01-01\n\nold numbers\n\n### Tone — 2026-01-02\n\ntone\n\n"
        "### Ingestion — 2026-02-01\n\nnew numbers, see [the script](bench.py)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(gen, "RESULTS", results)
    monkeypatch.setattr(gen, "REPO", tmp_path)
    filled = gen.fill_markers("before\n<!-- results: ingestion -->\nafter", "concepts/x.md")
    assert "new numbers" in filled and "old numbers" not in filled
    assert "(bench.py)" not in filled, "links outside the docs must be unlinked"
    missing = gen.fill_markers("<!-- results: geocoding -->", "concepts/x.md")
    assert "No measured numbers yet" in missing


def test_every_shipped_data_folder_has_a_licence_entry():
    """A new folder of shipped data, a vendored library or a non-commercial file must be listed
    in THIRD_PARTY_LICENSES.md (which ships in the wheel and is shown on the Licences page)."""
    text = (REPO / "THIRD_PARTY_LICENSES.md").read_text(encoding="utf-8")
    package = REPO / "src" / "newsgraph"
    folders = [f"resources/{p.name}/" for p in (package / "resources").iterdir()
               if p.is_dir() and p.name != "__pycache__" and any(p.iterdir())]
    vendor = package / "web" / "static" / "vendor"
    folders += [f"web/static/vendor/{p.name}/" for p in vendor.iterdir() if p.is_dir()] if vendor.exists() else []
    missing = [f for f in folders if f not in text]
    assert not missing, f"shipped folders without an entry in THIRD_PARTY_LICENSES.md: {missing}"
    restricted = [p for p in (package / "resources").rglob("*")
                  if p.is_file() and re.search(r"[-_.]nc[-_.]|[-_.]nc$", p.stem, re.I)]
    unnamed = [p.name for p in restricted if p.name not in text]
    assert not unnamed, f"non-commercial files not named in THIRD_PARTY_LICENSES.md: {unnamed}"


def test_command_marker_warns_about_missing_commands_and_options():
    gen = load_gen_docs()
    present = gen.fill_markers("<!-- command: analyze --format -->", "tutorials/x.md")
    assert "../reference/cli.md#newsgraph-analyze" in present and "Not in this build" not in present
    assert "Not in this build" in gen.fill_markers("<!-- command: no-such-command -->", "t/x.md")
    missing_option = gen.fill_markers("<!-- command: analyze --no-such-option -->", "t/x.md")
    assert "Not in this build" in missing_option and "--no-such-option" in missing_option


def test_site_lists_its_inline_script_hashes_for_csp(site):
    """A server with ``script-src 'self'`` allows exactly these hashes to serve the site."""
    import json

    gen = load_gen_docs()
    listed = json.loads((site / "csp.json").read_text(encoding="utf-8"))["script-src"]
    assert listed and listed == gen.inline_script_hashes(site)
    assert all(h.startswith("'sha256-") for h in listed)


def test_getting_started_python_example_runs(capsys):
    """The Python example on the Getting started page runs as written."""
    text = (REPO / "docs" / "getting-started.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "no Python example on the Getting started page"
    for block in blocks:
        exec(compile(block, "getting-started.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("de ") and "Wladimir Putin" in out
