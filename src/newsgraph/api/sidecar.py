"""``<db>.server.json``: tells other processes that a server owns the database, and where it is.

DuckDB lets one process hold a database file; while ``newsgraph serve`` runs, ``newsgraph ingest``
in another process reads this file and POSTs its batches to ``{url}/api/ingest`` instead of opening
the database. Format (version 1)::

    {"version": 1, "url": "http://127.0.0.1:8000", "host": "127.0.0.1", "port": 8000,
     "pid": 1234, "db": "/abs/path/newsgraph.duckdb", "started": "2026-…Z",
     "ingest": "/api/ingest", "token_required": true,
     "token_sha256": "…", "token_file": "/abs/path/newsgraph.duckdb.server.token"}

``token_file`` (mode 0600, same user only) holds the token when one is in use; the client sends it
as ``Authorization: Bearer <token>``. Both files are removed when the server shuts down.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newsgraph.api.security import token_sha256

SIDECAR_VERSION = 1


def sidecar_path(db: str | Path) -> Path:
    return Path(str(Path(db).resolve()) + ".server.json")


def token_path(db: str | Path) -> Path:
    return Path(str(Path(db).resolve()) + ".server.token")


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def write_sidecar(db: str | Path, host: str, port: int, token: str | None) -> Path:
    """Write the sidecar (and the token file when a token is in use); return the sidecar path."""
    tok_file: Path | None = None
    if token:
        tok_file = token_path(db)
        fd = os.open(tok_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(token)
    info: dict[str, Any] = {
        "version": SIDECAR_VERSION,
        "url": f"http://{_url_host(host)}:{port}",
        "host": host,
        "port": port,
        "pid": os.getpid(),
        "db": str(Path(db).resolve()),
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "ingest": "/api/ingest",
        "token_required": token is not None,
        "token_sha256": token_sha256(token) if token else None,
        "token_file": str(tok_file) if tok_file else None,
    }
    path = sidecar_path(db)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(info, indent=2))
    os.replace(tmp, path)
    return path


def read_sidecar(db: str | Path) -> dict[str, Any] | None:
    """The sidecar of a running server for ``db``, or None (also when its process is gone)."""
    path = sidecar_path(db)
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if isinstance(pid, int):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
    return info


def remove_sidecar(db: str | Path) -> None:
    for path in (sidecar_path(db), token_path(db)):
        try:
            path.unlink()
        except FileNotFoundError:
            pass
