"""``serve``: run the API and dashboard under uvicorn, owning the store while it runs."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from newsgraph.api.security import LOOPBACK_HOSTS, is_loopback, new_token
from newsgraph.api.sidecar import remove_sidecar, write_sidecar


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind before starting so that ``port=0`` yields a known free port for the sidecar."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.set_inheritable(True)
    return sock


def serve(
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    *,
    cors_origins: list[str] | None = None,
    log_level: str = "info",
    cache_size: int = 2048,
) -> None:
    """Serve the store at ``db`` on ``host:port`` until interrupted.

    On a non-loopback host a token guards ``POST /api/ingest`` (one is generated when none is
    given, written to ``<db>.server.token`` with mode 0600) and a warning is printed. While
    running, ``<db>.server.json`` tells ``newsgraph ingest`` in other processes where to send
    batches; it is removed at shutdown.
    """
    import uvicorn

    from newsgraph.api.app import create_app

    if not is_loopback(host):
        if token is None:
            token = new_token()
        print(
            f"newsgraph: WARNING: serving on {host}, reachable from other machines; "
            "ingest needs the token (see the .server.token file beside the database)",
            file=sys.stderr,
        )
    app = create_app(db, token=token, host=host, cors_origins=cors_origins, cache_size=cache_size,
                     allowed_hosts=(*LOOPBACK_HOSTS, f"[{host.strip('[]')}]" if ":" in host else host)
                     if is_loopback(host) else None)
    sock = bind_socket(host, port)
    actual_port = sock.getsockname()[1]
    write_sidecar(db, host, actual_port, token)
    print(f"newsgraph: serving {Path(db)} at http://{host}:{actual_port}/ (Ctrl+C to stop)",
          file=sys.stderr)
    try:
        config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        remove_sidecar(db)
        sock.close()
        app.state.queries.close()
