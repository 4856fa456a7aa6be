"""JSON lines: one article record per line, under any of the usual field names.

Also reads a whole-file JSON document holding a list of records (or an object with an
``articles``/``items``/``data`` list), which is what ``.json`` exports usually are.
A malformed line is reported with its line number; the rest of the file goes on.
``position`` is the record's line number (its index in a JSON array, for a document).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from corpus.normalize import html_paragraphs, looks_like_html, text_paragraphs
from corpus.readers.base import RawArticle, ReadError, guarded
from corpus.readers.fields import build, pick

_LISTS = ("articles", "items", "data", "records", "results", "docs")


def read(path: str, text: str) -> Iterator[RawArticle | ReadError]:
    """Every record of a JSON lines file (or JSON document), in order."""
    document = _whole_document(text)
    if document is not None:
        yield from _records(path, enumerate(document, 1), "record")
        return
    yield from _records(path, _lines(text), "line")


def _whole_document(text: str) -> list[Any] | None:
    """The records of a file that is one JSON document: an array, a wrapper object with
    a list of records, or a single (pretty-printed) record. None for JSON lines."""
    if not text.lstrip().startswith(("[", "{")):
        return None
    try:
        value = _loads(text)
    except (ValueError, RecursionError):
        return None  # JSON lines, or broken JSON reported line by line
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in _LISTS:
            if isinstance(value.get(key), list):
                return value[key]
    return [value]


def _lines(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, _loads(line)
        except json.JSONDecodeError as error:
            yield number, ReadError(f"line {number}: invalid JSON ({error.msg} at column {error.colno})")
        except RecursionError:
            yield number, ReadError(f"line {number}: invalid JSON (nested too deeply)")


@dataclass(frozen=True)
class _Overlong:
    """A JSON integer with more digits than Python converts (``sys.get_int_max_str_digits``):
    ``int()`` would raise, so the record holding it is refused instead."""

    digits: int

    def reason(self) -> str:
        return f"a number has {self.digits:,} digits, more than the {sys.get_int_max_str_digits():,} allowed"


def _loads(text: str) -> Any:
    """``json.loads``, with integers too long to convert kept as :class:`_Overlong`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer too long to convert: parse again, marking it
        return json.loads(text, parse_int=_integer)


def _integer(digits: str) -> int | _Overlong:
    try:
        return int(digits)
    except ValueError:
        return _Overlong(len(digits.lstrip("-")))


def _overlong(value: Any) -> _Overlong | None:
    """The first too-long integer anywhere in a parsed value, else None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Overlong):
            return item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _records(path: str, records: Iterable[tuple[int, Any]], unit: str) -> Iterator[RawArticle | ReadError]:
    for position, record in records:
        if isinstance(record, ReadError):
            yield record
        elif not isinstance(record, dict):
            yield ReadError(f"{unit} {position}: expected a JSON object, got {type(record).__name__}")
        elif overlong := _overlong(record):
            yield ReadError(f"{unit} {position}: {overlong.reason()}")
        else:
            try:
                yield article(path, position, record)
            except ReadError as error:
                yield ReadError(f"{unit} {position}: {error}")


@guarded
def article(path: str, position: int, record: dict[str, Any]) -> RawArticle:
    """One record -> RawArticle; field names are matched case-insensitively."""
    fields = {str(key).casefold(): value for key, value in record.items()}
    return build(
        path,
        position,
        headline=_string(pick(fields, "headline")),
        paragraphs=_paragraphs(pick(fields, "text")),
        date=_scalar(pick(fields, "date")),
        source=_string(pick(fields, "source")),
        url=_string(pick(fields, "url")),
        authors=pick(fields, "authors"),
    )


def _string(value: Any) -> str:
    """A field as text: dicts give their ``name``/``title``/``href``, lists their first item."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("href") or value.get("url")
    if isinstance(value, list):
        value = next((v for v in map(_string, value) if v), "")
    if value is None or isinstance(value, (dict, bool)):
        return ""
    return str(value)


def _scalar(value: Any) -> Any:
    """A date field may be a number (epoch), a string, or a dict/list around one."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _string(value) or None


def _paragraphs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [p for item in value for p in _paragraphs(item)]
    text = _string(value)
    return html_paragraphs(text) if looks_like_html(text) else text_paragraphs(text)
