"""Turning a file's bytes into text: refuse empty and binary files, then decode.

Order of trust: a byte-order mark (or the NUL pattern of BOM-less UTF-16), then strict
UTF-8 (most scraped text is UTF-8 and UTF-8 almost never validates by accident), then the
encoding an HTML page declares (bs4's detector) when its bytes decode in it, then
UTF-8 with a few stray single-byte characters (a Latin-1 byte pasted into a UTF-8 page),
then a per-format legacy default (Reuters SGML is Latin-1 by provenance), then
charset-normalizer, a real statistical detector.
"""
from __future__ import annotations

import codecs
import re
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

#: Formats whose files, when not UTF-8, are Western single-byte text (Reuters SGML is
#: Latin-1 by provenance), read without a detector's guess.
LEGACY_SUFFIXES = frozenset({".sgm", ".sgml"})

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
    utf16 = _utf16_without_bom(data[:_SAMPLE])
    if utf16:
        text = data.decode(utf16, errors="replace")
        _refuse_controls([ord(char) for char in text[: _SAMPLE // 2]])
        return _checked(text)
    _refuse_binary(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _declared(data, suffix.lower()) or _mostly_utf8(data) or _decode_legacy(data, suffix.lower())
    return _checked(text)


#: Formats that declare their encoding in the markup (``<meta charset>``, ``<?xml encoding?>``).
DECLARING_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def _declared(data: bytes, suffix: str) -> str | None:
    """An HTML page in the encoding it declares, found by bs4's UnicodeDammit (``<meta
    charset>``, ``http-equiv`` content type, XML declaration), when the bytes decode
    cleanly in it: a Shift_JIS or windows-1251 page is read as its author wrote it rather
    than as a statistical guess. A declaration the bytes contradict is ignored."""
    if suffix not in DECLARING_SUFFIXES:
        return None
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(data[: 4 * _SAMPLE], is_html=True, search_entire_document=False)
    if not declared:
        return None
    try:
        encoding = codecs.lookup(declared).name
        return western(data) if encoding in ("cp1252", "iso8859-1") else data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


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
    _refuse_controls(sample)


def _refuse_controls(codes: bytes | list[int]) -> None:
    controls = sum(1 for code in codes if code < 32 and code not in _TEXT_CONTROLS)
    if controls / max(len(codes), 1) > _MAX_CONTROL_SHARE:
        raise ReadError(f"binary file ({controls} control bytes in the first {len(codes)})")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 of mostly-Latin text without a BOM: every other byte is NUL."""
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.01:
        return "utf-16-le"
    if even > 0.3 and odd < 0.01:
        return "utf-16-be"
    return None


def western(data: bytes) -> str:
    """Western single-byte text: cp1252, whose printable characters are Latin-1's plus
    curly quotes and dashes where Latin-1 has invisible C1 controls; the five bytes
    cp1252 leaves undefined keep their Latin-1 meaning."""
    return data.decode("cp1252", errors="gazette.latin-1")


def _latin1_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("latin-1"), error.end


def _stray_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: an invalid byte in UTF-8 text is a Western single-byte one."""
    return western(error.object[error.start : error.end]), error.end


codecs.register_error("gazette.latin-1", _latin1_byte)
codecs.register_error("gazette.stray-cp1252", _stray_byte)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few invalid bytes: more valid multi-byte characters than
    invalid bytes. A genuine single-byte file has (almost) no valid multi-byte sequences."""
    valid = data.decode("utf-8", errors="ignore")
    multibyte = sum(1 for char in valid if ord(char) > 0x7F)
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - valid.count("\ufffd")
    if multibyte and invalid <= multibyte:
        return data.decode("utf-8", errors="gazette.stray-cp1252")
    return None


def _decode_legacy(data: bytes, suffix: str) -> str:
    if suffix in LEGACY_SUFFIXES:
        return western(data)
    encoding = _detect(data[: 4 * _SAMPLE])
    return western(data) if encoding == "cp1252" else data.decode(encoding, errors="replace")


def _detect(sample: bytes) -> str:
    """The detector's choice, except among candidates it cannot tell apart (same chaos,
    near-same coherence: common for short texts), where Windows code pages win, cp1252
    first: they are what legacy web and news text is written in, far more than Mac or DOS
    code pages."""
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = list(from_bytes(sample))
    if not re.search(rb"[\x80-\xff]{2}", sample):
        # Every non-ASCII byte stands alone (a lone pound sign in English text): that is a
        # single-byte encoding, whatever a multi-byte one's chaos score says.
        matches = [m for m in matches if not is_multi_byte_encoding(m.encoding)] or matches
    if not matches:
        raise ReadError("unknown text encoding (not UTF-8, and no detector match)")
    best = matches[0]
    tied = [
        codecs.lookup(match.encoding).name
        for match in matches
        if match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.1
    ]
    choice = min(tied, key=_preference)
    return "cp1252" if _preference(choice) == 0 else choice


def _preference(encoding: str) -> int:
    if encoding in ("cp1252", "iso8859-1", "iso8859-15"):
        return 0
    return 1 if encoding.startswith("cp125") else 2


def _checked(text: str) -> str:
    if not text.strip():
        raise ReadError("empty file (whitespace only)")
    return text
