"""Generate the hostile-input corpus (issue 12) into a directory.

Large files (the 60 MB page, the 100,000 nested <div>s) are generated, not committed:

    python tests/data/hostile/generate.py OUTDIR

Each case maps a file name to what newsgraph must do with it: an error code, or "ok" (processed
within the configured bounds).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

GOOD_DE = ("Die Bundesregierung hat am Dienstag in Berlin neue Hilfen für Landwirte beschlossen. "
           "Agrarminister Cem Özdemir sagte, die Betriebe bräuchten Planungssicherheit. ") * 3
GOOD_EN = ("The government in London approved new support for farmers on Tuesday. "
           "Officials said the package would cost 1.5 billion pounds over three years. ") * 3

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><link>https://example.org/a</link><description>&lol9;</description></item>
</channel></rss>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Leak</title><link>https://example.org/xxe</link>
<description>Die Regierung hat am Montag neue Regeln beschlossen. &xxe; Das Parlament stimmt am Freitag ab.</description></item>
</channel></rss>
"""


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _warc_truncated() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i, body in enumerate((GOOD_EN, GOOD_DE)):
        html = (f"<html><head><title>Story {i}</title></head><body><article><p>Archived report number {i}: "
                f"{body}</p></article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/story-{i}", "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    data = buf.getvalue()
    return data[: len(data) - 60]  # the second record is cut off mid-stream


def cases(large: bool = True) -> dict[str, tuple[bytes, str]]:
    """name → (content, expectation) where expectation is an error code or 'ok'."""
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("a.txt", GOOD_DE)
    out = {
        "empty.txt": (b"", "E002"),
        "whitespace.txt": (b" \n\t\r\n   \n", "E002"),
        "image.png": (_png(), "E003"),
        "document.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n", "E003"),
        "archive.zip": (zbuf.getvalue(), "E003"),
        "invalid-utf8.txt": (GOOD_DE.encode("utf-8")[:200] + b"\xff\xfe\xc3\x28\xa0\xa1" + GOOD_DE.encode("utf-8")[200:], "ok"),
        "latin1.txt": (GOOD_DE.encode("latin-1"), "ok"),
        "utf16-nobom.txt": (GOOD_DE.encode("utf-16-le"), "ok"),
        "nul-bytes.txt": (GOOD_EN[:100].encode() + b"\x00\x00" + GOOD_EN[100:].encode(), "ok"),
        "bidi.txt": (("\u202e" + GOOD_EN + "\u202c\u2066" + GOOD_EN + "\u2069").encode(), "ok"),
        "long-line.txt": (("x" * 1_000_000).encode(), "ok"),
        "script.html": (b"<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title><script>alert(1)</script></head>"
                        b"<body><article><p>" + GOOD_EN.encode() + b"<img src=x onerror=alert(1)>"
                        b"<a href='javascript:alert(1)'>link</a></p></article></body></html>", "ok"),
        "billion-laughs.xml": (BILLION_LAUGHS.encode(), "bounded"),
        "xxe.xml": (XXE.encode(), "bounded"),
        "broken.jsonl": ("\n".join([json.dumps({"text": GOOD_DE, "url": "https://example.org/de"}),
                                    '{"text": "kaputt', json.dumps({"text": GOOD_EN, "url": "https://example.org/en"})]).encode(),
                         "batch"),
        "truncated.warc.gz": (_warc_truncated(), "batch"),
    }
    if large:
        nested = "<html><body>" + "<div>" * 100_000 + f"<p>{GOOD_EN}</p>" + "</div>" * 100_000 + "</body></html>"
        out["nested-divs.html"] = (nested.encode(), "bounded")
        para = f"<p>{GOOD_DE}</p>\n".encode()
        out["huge-60mb.html"] = (b"<html><body>" + para * (60 * 1024 * 1024 // len(para) + 1) + b"</body></html>", "E005")
    return out


def gzip_bomb(decompressed_mb: int = 200) -> bytes:
    """A response body that is tiny on the wire and huge once decompressed."""
    return gzip.compress(b"<p>" + b"A" * (decompressed_mb * 1024 * 1024) + b"</p>", compresslevel=9)


def generate(outdir: Path, large: bool = True) -> dict[str, str]:
    outdir.mkdir(parents=True, exist_ok=True)
    expectations = {}
    for name, (content, expect) in cases(large).items():
        (outdir / name).write_bytes(content)
        expectations[name] = expect
    (outdir / "expectations.json").write_text(json.dumps(expectations, indent=2))
    return expectations


if __name__ == "__main__":
    generate(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-out"))
