"""Tolerant, tag-level access to SGML news archives (Reuters, TREC): records, elements,
plain text. Not a validating SGML parser: wire archives break the rules (unclosed tags,
stray control codes) and every story that can be read should be."""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from corpus.readers.base import RawArticle, ReadError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Where a leaf element whose end tag is missing stops: the next tag, paragraph marks aside.
_NEXT_TAG = re.compile(r"</?(?!P\b)[A-Za-z][\w.-]*[\s/>]", re.I)


def records(text: str, tag: str) -> Iterator[tuple[int, str | None]]:
    """(position, content) of each ``<TAG ...>...</TAG>`` record, 1-based; content is
    None for a record whose end tag is missing before the next record or the end."""
    start_tag = re.compile(rf"<{tag}\b[^>]*>", re.I)
    end_tag = re.compile(rf"</{tag}\s*>", re.I)
    starts = list(start_tag.finditer(text))
    for position, start in enumerate(starts, 1):
        limit = starts[position].start() if position < len(starts) else len(text)
        end = end_tag.search(text, start.end(), limit)
        yield position, (text[start.end() : end.start()] if end else None)


def read_records(
    path: str,
    text: str,
    tag: str,
    unit: tuple[str, str],
    parse: Callable[[str, int, str], RawArticle],
) -> Iterator[RawArticle | ReadError]:
    """``parse(path, position, content)`` for each ``<TAG>`` record; a truncated or bad
    record becomes a ReadError naming it (``unit``: singular and plural, ``("story",
    "stories")``) and the others go on. A file without any record raises ReadError."""
    one, many = unit
    found = False
    for position, content in records(text, tag):
        found = True
        if content is None:
            yield ReadError(f"{one} {position}: truncated (no </{tag}> before the next {one} or end of file)")
            continue
        try:
            yield parse(path, position, content)
        except ReadError as error:
            yield ReadError(f"{one} {position}: {error}")
    if not found:
        raise ReadError(f"no <{tag}> {many} found")


def element(text: str, name: str, container: bool = False) -> str | None:
    """Content of the first ``<NAME ...>...</NAME>``, None when absent.

    Without its end tag, a container (TEXT) runs to the end of the record and a leaf
    (TITLE, DATE) stops at the next tag: an unclosed title must not swallow the story.
    """
    start = re.search(rf"<{name}\b[^>]*>", text, re.I)
    if start is None:
        return None
    end = re.compile(rf"</{name}\s*>", re.I).search(text, start.end())
    if end is None and not container:
        end = _NEXT_TAG.search(text, start.end())
    return text[start.end() : end.start() if end else len(text)]


def first(text: str, names: tuple[str, ...]) -> str | None:
    """Content of the first of ``names`` present with some text, else None."""
    for name in names:
        value = element(text, name)
        if value is not None and plain(value).strip():
            return value
    return None


def plain(text: str) -> str:
    """Tags dropped, SGML character references resolved, control characters removed."""
    return _CONTROL.sub("", html.unescape(re.sub(r"<[^>]*>", "", text)))
