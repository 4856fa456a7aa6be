"""The reader registry: which reader reads a file, chosen by extension and by content.

Each reader module exposes ``read(path: str, text: str) -> Iterator[RawArticle | ReadError]``
and is imported only when a file needs it (lxml and bs4 cost start-up time).
Content wins over the extension when it is unmistakable: a ``.txt`` that is an HTML page
goes to the HTML reader, a ``.xml`` holding Reuters stories to the SGML reader.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from corpus.readers.base import Handoff, RawArticle, ReadError

#: File extension -> reader module name (under ``corpus.readers``).
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".sgm": "sgml",
    ".sgml": "sgml",
    ".xml": "xml",
}

_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE\s+(?P<doctype>[\w:.-]+)[^>]*>)", re.S | re.I)
_ROOT = re.compile(r"\s*<(?P<root>[A-Za-z][\w:.-]*)")
_JSON = re.compile(r"\s*(?:\{\s*(?:\"|\})|\[\s*(?:\{|\]))")
#: Root element (or doctype) -> reader.
_ROOTS = {"lewis": "sgml", "reuters": "sgml", "doc": "trec", "html": "html"}
#: Roots that make a document without an XML declaration an HTML page or fragment.
_HTML_ROOTS = frozenset("head body meta title link base div p main article section header h1 h2 table".split())
_HEAD = 4096


def sniff(text: str) -> str | None:
    """The format a file's opening reveals, or None when it looks like plain text.

    Looks at the root element after any XML declaration, comments and doctype:
    ``<html>`` -> html, ``<REUTERS>`` or the Reuters doctype -> sgml, ``<DOC>`` -> trec
    (TREC-style archives, whatever their extension), any other root of a
    document with an XML declaration or a collection root -> xml, an HTML element such as
    ``<div>`` or ``<head>`` -> html; ``{"`` or ``[{`` -> jsonl.
    """
    head = text[:_HEAD].lstrip("\ufeff")
    if _JSON.match(head):
        return "jsonl"
    position, doctype, declared = 0, None, False
    while match := _PROLOG.match(head, position):
        declared = declared or match.group(0).lstrip().startswith("<?xml")
        doctype = match.group("doctype") or doctype
        position = match.end()
    root = _ROOT.match(head, position)
    for name in (doctype, root.group("root") if root else None):
        if name and name.lower() in _ROOTS:
            return _ROOTS[name.lower()]
    if not root:
        return None
    name = root.group("root").lower()
    if declared or name in ("articles", "rss", "feed"):
        return "xml"
    return "html" if name in _HTML_ROOTS else None


def format_for(path: Path, text: str) -> str:
    """The reader name for a file: a clear content signature, else its extension (that of
    the decompressed file for a .gz or .bz2 copy)."""
    from corpus.files import inner_path

    by_content = sniff(text)
    by_extension = EXTENSIONS.get(inner_path(path).suffix.lower())
    if by_content and (by_extension in (None, "text") or by_content != "jsonl"):
        return by_content
    if by_extension is None:
        raise ReadError(f"unsupported file type {path.suffix or '(no extension)'!r}")
    return by_extension


def reader(name: str) -> ModuleType:
    """The reader module ``corpus.readers.<name>``, imported on first use."""
    return importlib.import_module(f"{__name__}.{name}")


def read_file(path: Path, data: Handoff[bytes] | None = None) -> Iterator[RawArticle | ReadError]:
    """Decode one file and read its articles (a ReadError item for each bad record).

    ``data`` is the file's content when the caller has read it already
    (:func:`corpus.files.read_bytes`, which refuses FIFOs, devices and oversized files),
    handed off so that the caller does not keep it alive.
    A whole-file failure (not a regular file, too large, empty, binary, unknown encoding,
    unsupported) is raised.
    """
    from corpus.encoding import decode
    from corpus.files import decompressed, inner_path, read_bytes

    data = read_bytes(path)[0] if data is None else data.take()
    data = decompressed(path, data)  # a .gz or .bz2 copy: bounded by the same size cap
    text = decode(data, inner_path(path).suffix)
    del data  # the bytes are not needed while the readers run
    read = reader(format_for(path, text)).read
    handed = Handoff(text)  # the reader can let the text go once it has cut it up
    del text
    yield from read(str(path), handed.take())


def supported(path: Path) -> bool:
    """True for the file extensions some reader handles, compressed (.gz, .bz2) or not."""
    from corpus.files import inner_path

    return inner_path(path).suffix.lower() in EXTENSIONS
