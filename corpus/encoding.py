"""Turning a file's bytes into text: refuse empty and binary files, then decode.

Order of trust: a byte-order mark, then strict UTF-8 (most scraped text is UTF-8 and
UTF-8 almost never validates by accident), then a per-format legacy default (Reuters SGML
is Latin-1 by provenance), then charset-normalizer, a real statistical detector.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from corpus.readers.base import ReadError

#: Byte-order marks, longest first so UTF-32 LE is not taken for UTF-16 LE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Formats whose files, when not UTF-8, are in a known single-byte encoding.
LEGACY_ENCODINGS = {".sgm": "latin-1", ".sgml": "latin-1"}

#: How much of a file is inspected for binary content.
_SAMPLE = 64 * 1024
#: Share of C0 control bytes (other than tab, newlines, form feed, escape) above which a
#: file is taken for binary data rather than text.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")


def decode(data: bytes, suffix: str = "") -> str:
    """Decode a file's bytes; ``suffix`` (``".sgm"``) selects the legacy fallback.

    Raises :class:`ReadError` for an empty file, a binary file, or bytes no detector
    can read as text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    _refuse_binary(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, suffix.lower())
    return _checked(text)


def read_text(path: Path) -> str:
    """Read and decode one file (see :func:`decode`)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read file: {error.strerror or error}") from error
    return decode(data, path.suffix)


def _refuse_binary(data: bytes) -> None:
    if not data.strip():
        raise ReadError("empty file")
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise ReadError("binary file (contains NUL bytes)")
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise ReadError(f"binary file ({controls} control bytes in the first {len(sample)})")


def _decode_legacy(data: bytes, suffix: str) -> str:
    legacy = LEGACY_ENCODINGS.get(suffix)
    if legacy:
        return data.decode(legacy)
    encoding = _detect(data[: 4 * _SAMPLE])
    return data.decode("cp1252" if encoding == "iso8859-1" else encoding, errors="replace")


def _detect(sample: bytes) -> str:
    """The detector's choice, except among candidates it cannot tell apart (same chaos,
    near-same coherence: common for short texts), where Windows code pages win, cp1252
    first: they are what legacy web and news text is written in, far more than Mac or DOS
    code pages."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        raise ReadError("unknown text encoding (not UTF-8, and no detector match)")
    best = matches[0]
    tied = [
        codecs.lookup(match.encoding).name
        for match in matches
        if match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.1
    ]
    return min(tied, key=_preference)


def _preference(encoding: str) -> int:
    if encoding in ("cp1252", "iso8859-1", "iso8859-15"):
        return 0
    return 1 if encoding.startswith("cp125") else 2


def _checked(text: str) -> str:
    if not text.strip():
        raise ReadError("empty file (whitespace only)")
    return text
