"""Paths as Gazette prints them: one line, and nothing a terminal would obey.

A file name may hold a newline or an escape sequence (``\\x1b]0;title\\x07`` rewrites a
terminal's title); echoed raw, it would break the one-line-per-problem output or take
over the user's terminal. Such names are shown quoted, with those characters escaped.
"""
from __future__ import annotations

import os
import unicodedata

#: Unicode categories never printed as is: controls, format characters (bidirectional
#: overrides, zero-width marks), line and paragraph separators, and surrogates (the
#: undecodable bytes of a file name, as Python's file system encoding keeps them).
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_QUOTED = {"\\": "\\\\", "'": "\\'"}


def printable(path: str | os.PathLike[str]) -> str:
    """``path`` as it may be printed: unchanged when every character is safe to show,
    else in single quotes with the unsafe characters (and quotes and backslashes) escaped
    as in Python (``'a\\nb'``, ``'\\x1b[31m'``); an undecodable byte shows as ``\\xNN``.

    A name that starts with a quote is quoted too, so that two different paths never print
    the same.
    """
    text = os.fspath(path)
    if not text.startswith("'") and not any(map(_unsafe, text)):
        return text
    return "'" + "".join(_QUOTED.get(char) or _escaped(char) for char in text) + "'"


def one_line(text: str) -> str:
    """``text`` (a message) with its unsafe characters escaped, and nothing else changed."""
    return "".join(map(_escaped, text)) if any(map(_unsafe, text)) else text


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE


def _escaped(char: str) -> str:
    """An unsafe character as an escape sequence; any other as is."""
    if not _unsafe(char):
        return char
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid in the file system encoding
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
