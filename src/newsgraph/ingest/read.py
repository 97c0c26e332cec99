"""Reading one input — a path, ``-`` (stdin) or an http(s) URL — into bytes, within limits."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from newsgraph.config import Limits
from newsgraph.errors import (
    FetchError,
    FetchTimeoutError,
    ForbiddenAddressError,
    HTTPStatusError,
    InputNotFoundError,
    InputTooLargeError,
    NotAFileError,
    UnsupportedSchemeError,
)

_URL_SCHEMES = ("http", "https")
#: Never fetched, not even with --allow-private: link-local addresses, where cloud instances
#: answer with their credentials (169.254.169.254, AWS ECS 169.254.170.2, AWS IPv6 fd00:ec2::254).
ALWAYS_FORBIDDEN = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("fd00:ec2::254/128"),
)
_KNOWN_SCHEMES = ("file", "ftp", "ftps", "javascript", "data", "mailto", "gopher", "ws", "wss", "sftp")


@dataclass
class RawInput:
    data: bytes
    origin: str  #: how the user named the input (path, '-', URL)
    content_type: str | None = None  #: from HTTP headers, when fetched
    url: str | None = None  #: final URL after redirects, when fetched
    charset: str | None = None


def _scheme(source: str) -> str | None:
    head, sep, _ = source.partition(":")
    if sep and head.isascii() and head.isalpha() and len(head) > 1:
        return head.lower()
    return None


def read_source(source: str, *, limits: Limits | None = None) -> RawInput:
    """Read ``source`` (path, ``-`` or URL) into bytes; raise an InputError naming it."""
    limits = limits or Limits.from_env()
    if source == "-":
        return RawInput(_read_stream(sys.stdin.buffer, "<stdin>", limits), origin="<stdin>")
    scheme = _scheme(source)
    if scheme in _URL_SCHEMES:
        return fetch_url(source, limits=limits)
    if scheme in _KNOWN_SCHEMES or (scheme and "://" in source):
        raise UnsupportedSchemeError(
            f"unsupported URL scheme '{scheme}:' (only http and https are fetched)", source=source
        )
    return RawInput(read_file(Path(source), limits), origin=source)


def read_file(path: Path, limits: Limits) -> bytes:
    name = str(path)
    if not path.exists():
        raise InputNotFoundError("no such file", source=name)
    if path.is_dir():
        raise NotAFileError("is a directory, expected a file", source=name)
    if not path.is_file():
        raise NotAFileError("is not a regular file", source=name)
    size = path.stat().st_size
    if size > limits.max_input_bytes:
        raise InputTooLargeError(
            f"file is {size:,} bytes, over the limit of {limits.max_input_bytes:,}", source=name
        )
    try:
        with path.open("rb") as fh:
            return _read_stream(fh, name, limits)
    except PermissionError as exc:
        raise InputNotFoundError("permission denied", source=name) from exc


def _read_stream(fh, name: str, limits: Limits) -> bytes:
    data = fh.read(limits.max_input_bytes + 1)
    if len(data) > limits.max_input_bytes:
        raise InputTooLargeError(
            f"input is over the limit of {limits.max_input_bytes:,} bytes", source=name
        )
    return data


def check_address(url: str, *, allow_private: bool) -> list[str]:
    """Refuse URLs whose host resolves to loopback, private, link-local or reserved addresses;
    ``allow_private`` lifts that for all but :data:`ALWAYS_FORBIDDEN`. Returns the checked
    addresses, the only ones :func:`fetch_url` then connects to."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host", source=url)
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host '{host}'", source=url) from exc
    checked: list[str] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if str(ip) not in checked:
            checked.append(str(ip))
        mapped = getattr(ip, "ipv4_mapped", None) or ip
        if any(mapped in net for net in ALWAYS_FORBIDDEN):
            raise ForbiddenAddressError(
                f"host '{host}' resolves to {ip}, a link-local/cloud-metadata address "
                "(refused even with --allow-private)", source=url,
            )
        if allow_private:
            continue
        if not ip.is_global or ip.is_multicast:
            raise ForbiddenAddressError(
                f"host '{host}' resolves to non-public address {ip}; use --allow-private to fetch it",
                source=url,
            )
    return checked


def _open_pinned(client, url: str, addresses: list[str]):
    """GET ``url`` on the first of the checked ``addresses`` that accepts a connection, keeping
    the name for the Host header, SNI and the certificate check. Connecting to a checked address
    instead of letting httpx resolve the name again closes the DNS-rebinding gap between check
    and connect (httpx has no hook to pin the address it resolves)."""
    import httpx

    parts = urlsplit(url)
    error: Exception | None = None
    for address in addresses:
        netloc = (f"[{address}]" if ":" in address else address) + (
            f":{parts.port}" if parts.port else "")
        target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        request = client.build_request("GET", target,
                                       headers={"Host": parts.netloc.rpartition("@")[2]},
                                       extensions={"sni_hostname": parts.hostname})
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            error = exc
    raise error or httpx.ConnectError(f"no address for {url}")


def fetch_url(url: str, *, limits: Limits) -> RawInput:
    """GET ``url`` following at most ``limits.max_redirects`` redirects, each one re-checked."""
    import httpx

    current = url
    headers = {"User-Agent": limits.user_agent, "Accept": "text/html,application/xhtml+xml,text/*;q=0.9"}
    with httpx.Client(timeout=limits.fetch_timeout_s, follow_redirects=False, headers=headers) as client:
        for _ in range(limits.max_redirects + 1):
            if _scheme(current) not in _URL_SCHEMES:
                raise UnsupportedSchemeError(f"redirect to unsupported URL {current!r}", source=url)
            addresses = check_address(current, allow_private=limits.allow_private)
            try:
                with contextlib.closing(_open_pinned(client, current, addresses)) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise HTTPStatusError("redirect without Location header", source=url)
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise HTTPStatusError(
                            f"HTTP {resp.status_code} {resp.reason_phrase}", source=url
                        )
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limits.max_input_bytes:
                        raise InputTooLargeError(
                            f"response is {int(declared):,} bytes, over the limit of "
                            f"{limits.max_input_bytes:,}",
                            source=url,
                        )
                    chunks: list[bytes] = []
                    total = 0
                    # iter_bytes decompresses: counting here also bounds gzip bombs.
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        if total > limits.max_input_bytes:
                            raise InputTooLargeError(
                                f"response is over the limit of {limits.max_input_bytes:,} bytes",
                                source=url,
                            )
                        chunks.append(chunk)
                    ctype = resp.headers.get("content-type")
                    return RawInput(
                        b"".join(chunks), origin=url, content_type=ctype, url=current,
                        charset=resp.charset_encoding,
                    )
            except httpx.TimeoutException as exc:
                raise FetchTimeoutError(
                    f"timed out after {limits.fetch_timeout_s:g} s", source=url
                ) from exc
            except httpx.DecodingError as exc:
                raise FetchError(f"response cannot be decompressed: {exc}", source=url) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch: {exc.__class__.__name__}: {exc}", source=url) from exc
        raise HTTPStatusError(f"more than {limits.max_redirects} redirects", source=url)
