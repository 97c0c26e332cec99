"""The CLI end to end: analyze from file, stdin and URL; errors; the JSON Schema (issue 3)."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import subprocess
import sys
import threading

import jsonschema
import pytest

from newsgraph.schema import json_schema


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsgraph", *args], input=stdin, capture_output=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def html_json(anchorage_html):
    proc = run_cli("analyze", str(anchorage_html), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_analyze_html_json(html_json):
    assert html_json["title"] == "Nach dem Gipfel in Alaska: Putin gewinnt Zeit, Selenskyj gerät unter Druck"
    assert html_json["published"] == "2025-08-16T11:42:00+02:00"
    assert html_json["source"] == "Weltblick Nachrichten"
    assert html_json["language"] == "de"
    assert html_json["text"].startswith("Der russische Machthaber")
    assert html_json["text"].endswith("ist wohl vorbei.")
    assert "Haftungsausschluss" not in html_json["text"]
    assert html_json["removed"][0]["kind"] == "disclaimer"


def test_output_validates_against_published_schema(html_json):
    proc = run_cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema == json.loads(json.dumps(json_schema()))
    jsonschema.validate(html_json, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**html_json, "text": 42}, schema)


def test_analyze_text_with_published_and_text_format(anchorage_txt):
    proc = run_cli("analyze", str(anchorage_txt), "--published", "2025-08-16", "-f", "text")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "published: 2025-08-16" in out and "language: de" in out
    assert "Trump setzt Selenskyj unter Druck" in out  # sections
    assert "disclaimer: Haftungsausschluss" in out  # what was removed


def test_analyze_stdin_jsonl(anchorage_txt):
    proc = run_cli("analyze", "-", "--format", "jsonl", "--published", "2025-08-16T10:00:00+02:00",
                   stdin=anchorage_txt.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().strip().splitlines()
    assert len(lines) == 1
    art = json.loads(lines[0])
    assert art["published"] == "2025-08-16T10:00:00+02:00" and art["text"].startswith("Der russische")


@pytest.mark.parametrize(
    "args, stdin, code, needle",
    [
        (["analyze", "/no/such/file.txt"], None, "E006", "/no/such/file.txt"),
        (["analyze", "."], None, "E007", "directory"),
        (["analyze", "-"], b"", "E002", "<stdin>"),
        (["analyze", "-"], b"\x89PNG\r\n\x1a\n" + bytes(64), "E003", "PNG"),
        (["analyze", "ftp://example.org/x"], None, "E008", "ftp"),
        (["analyze", "javascript:alert(1)"], None, "E008", "javascript"),
        (["analyze", "-", "--published", "gestern"], b"Ein Text.", "E020", "gestern"),
    ],
)
def test_cli_errors_are_one_line_exit_2(args, stdin, code, needle):
    proc = run_cli(*args, stdin=stdin)
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2
    assert len(err.splitlines()) == 1, err
    assert code in err and needle in err
    assert "Traceback" not in err


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("newsgraph ")


# ---- URLs against a local server --------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body, delay = route
        if delay:
            import time

            time.sleep(delay)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server(anchorage_html):
    bomb = gzip.compress(b"<p>" + b"A" * (30 * 1024 * 1024) + b"</p>")
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, anchorage_html.read_bytes(), 0),
        "/moved": (302, {"Location": "/article"}, b"", 0),
        "/loop": (302, {"Location": "/loop"}, b"", 0),
        "/to-ftp": (302, {"Location": "ftp://example.org/"}, b"", 0),
        "/error": (500, {}, b"boom", 0),
        "/slow": (200, {"Content-Type": "text/html"}, b"<p>late</p>", 3),
        "/bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb, 0),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_fetch_and_redirect(server):
    import newsgraph
    from newsgraph.config import Limits

    art = newsgraph.analyze(server + "/moved", limits=Limits(allow_private=True))
    assert art.title.startswith("Nach dem Gipfel in Alaska")
    assert art.url == "https://weltblick.example/politik/2025/08/16/gipfel-alaska-putin-selenskyj" or art.url.endswith("/article")
    assert art.text.endswith("ist wohl vorbei.")


def test_url_via_cli(server):
    proc = run_cli("analyze", server + "/article", "--allow-private", "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["source"] == "Weltblick Nachrichten"


@pytest.mark.parametrize(
    "path, extra, code, needle",
    [
        ("/article", [], "E012", "non-public"),  # loopback refused without --allow-private
        ("/missing", ["--allow-private"], "E011", "404"),
        ("/error", ["--allow-private"], "E011", "500"),
        ("/loop", ["--allow-private"], "E011", "redirects"),
        ("/to-ftp", ["--allow-private"], "E008", "ftp"),
        ("/bomb", ["--allow-private"], "E005", "limit"),
    ],
)
def test_url_errors(server, path, extra, code, needle):
    proc = run_cli("analyze", server + path, *extra)
    err = proc.stderr.decode().strip()
    assert proc.returncode == 2, err
    assert code in err and needle in err and len(err.splitlines()) == 1


def test_url_timeout(server):
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph", "analyze", server + "/slow", "--allow-private"],
        capture_output=True, timeout=60, env={**__import__("os").environ, "NEWSGRAPH_FETCH_TIMEOUT_S": "0.5"},
    )
    assert proc.returncode == 2 and "E010" in proc.stderr.decode()


def test_unreachable_host():
    proc = run_cli("analyze", "http://127.0.0.1:9/", "--allow-private")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "E009" in err and "127.0.0.1:9" in err
