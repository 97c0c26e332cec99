"""Bytes → text, refusing binary files and saying so when the encoding cannot be found."""

from __future__ import annotations

import codecs

from newsgraph.errors import BinaryInputError, EmptyInputError, EncodingError

#: Signatures of binary formats people feed us by mistake.
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"\x7fELF": "an executable",
    b"BZh": "bzip2-compressed data",
    b"\xfd7zXZ\x00": "xz-compressed data",
    b"RIFF": "a RIFF media file",
    b"\x00\x00\x01\x00": "an icon file",
    b"OggS": "an Ogg media file",
    b"ID3": "an MP3 file",
}

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _utf16_without_bom(data: bytes) -> str | None:
    # charset-normalizer does not try UTF-16 without a BOM; ASCII-heavy UTF-16 shows as NULs at
    # every other position, which is cheap to recognise.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    for ratio_nul, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if ratio_nul > 0.3:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode ``data`` to text; raise an :class:`InputError` subclass naming ``source``."""
    if not data or not data.strip():
        raise EmptyInputError("input is empty", source=source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"input is {what}, not text or HTML", source=source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"invalid {enc} after byte-order mark: {exc}", source=source) from exc
    text = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if text is not None:
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if data[:8192].count(b"\x00") > 16:
        raise BinaryInputError("input looks binary (many NUL bytes)", source=source)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise EncodingError("cannot determine the text encoding", source=source)
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise EncodingError(
            f"text is not valid {best.encoding} (best guess): {exc}", source=source
        ) from exc
