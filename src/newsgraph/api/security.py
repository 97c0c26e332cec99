"""Request-size limits, security headers and the ingest token.

Pure ASGI middlewares (not Starlette's BaseHTTPMiddleware) so that streaming bodies are counted as
they arrive and a too-large request is refused before it is read into memory.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from typing import Any, Callable

from newsgraph.api.errors import UnauthorizedError, error_payload

#: The dashboard loads scripts and styles from its own origin only; no inline script runs.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost' — the hosts where ingest needs no token."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_token(expected: str | None, authorization: str | None, x_token: str | None) -> None:
    """Raise :class:`UnauthorizedError` unless the request carries ``expected``.

    Accepts ``Authorization: Bearer <token>`` or ``X-Newsgraph-Token: <token>``; compares in
    constant time.
    """
    if expected is None:
        return
    given = x_token or ""
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise UnauthorizedError("this endpoint needs the server's token (Authorization: Bearer …)")


class BodyLimitMiddleware:
    """Answer 413 in the common JSON error shape when a body exceeds ``limit_for(path)`` bytes."""

    def __init__(self, app: Callable, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = True
            if too_big:
                await _send_413(send, limit)
                return
        seen = 0
        exceeded = False
        replied = False

        class _TooLarge(Exception):
            pass

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            # Frameworks turn errors raised while reading the body into their own 400; once the
            # limit was crossed, whatever the app answers is replaced by the 413.
            nonlocal replied
            if exceeded:
                if not replied:
                    replied = True
                    await _send_413(send, limit)
                return
            replied = replied or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not replied:
                await _send_413(send, limit)


async def _send_413(send: Callable, limit: int) -> None:
    body = json.dumps(error_payload(413, f"request body larger than {limit} bytes")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


#: Host header names a loopback server answers to (``serve`` on a loopback address).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class HostCheckMiddleware:
    """Answer 400 (JSON) unless the Host header names one of ``allowed``: a web page that
    re-points its own domain at 127.0.0.1 (DNS rebinding) reaches a loopback server as
    same-origin, but its requests still carry the page's host name."""

    def __init__(self, app: Callable, allowed: list[str] | tuple[str, ...]) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed}

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            name = host[: host.find("]") + 1] if host.startswith("[") else host.split(":")[0]
            if name not in self.allowed:
                body = json.dumps(error_payload(400, f"unexpected Host header {host[:100]!r}")).encode()
                await send({"type": "http.response.start", "status": 400, "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def docs_site_csp(script_hashes: list[str]) -> str:
    """CSP for the built documentation site: its theme's inline scripts are allowed by hash only
    (``csp.json`` written by the docs build), inline styles are allowed (the site's own markup,
    never user data)."""
    scripts = " ".join(["'self'", *script_hashes])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SecurityHeadersMiddleware:
    """Add CSP and friends to every response; ``csp_by_prefix`` overrides the CSP for paths
    under a prefix (the built documentation site)."""

    def __init__(self, app: Callable, csp_by_prefix: dict[str, str] | None = None) -> None:
        self.app = app
        self.csp_by_prefix = csp_by_prefix or {}

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        extra = SECURITY_HEADERS
        for prefix, csp in self.csp_by_prefix.items():
            if scope["path"].startswith(prefix):
                extra = [(b"content-security-policy", csp.encode()),
                         *(h for h in SECURITY_HEADERS if h[0] != b"content-security-policy")]
                break

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
