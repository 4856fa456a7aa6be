"""Many queries in one process (``gazette batch``): one request per line, one JSON answer
per line, in order.

A line is either a plain query or a JSON object whose keys are the long option names of
``gazette search`` (``{"query": "summit", "person": ["Xi Jinping"], "facet": ["year"],
"limit": 5}``). Options given to ``batch`` itself apply to every line; a line's own value
wins for single options and adds to the list for repeatable ones.

No line can stop the run: a line that is not UTF-8, not valid JSON (nested too deeply, a
number too long to read), or not a request Gazette understands gets an error answer that
names its line number, and the next line is read.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from search.errors import QueryError
from search.searcher import Searcher

#: option name as written on the command line -> keyword of Searcher.search
OPTIONS = {
    "query": "query",
    "person": "person",
    "leader": "leader",
    "year": "year",
    "from": "date_from",
    "to": "date_to",
    "source": "source",
    "facet": "facets",
    "facet-limit": "facet_limit",
    "limit": "limit",
    "page": "page",
    "sort": "sort",
    "match": "match",
}
REPEATABLE = ("person", "leader", "year", "source", "facets")
INTEGERS = ("facet_limit", "limit", "page")


def read_request(line: str) -> dict[str, Any]:
    """The keyword arguments of :meth:`Searcher.search` one line asks for."""
    text = line.strip()
    if not text.startswith("{"):
        return {"query": text}
    example = 'write a JSON object such as {"query": "summit", "year": ["2019"]}'
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise QueryError(f"not valid JSON: {error.msg} at column {error.colno}", example) from None
    except RecursionError:
        raise QueryError("not valid JSON here: objects or lists nested too deeply", example) from None
    except ValueError:  # an integer of more digits than int() reads (sys.get_int_max_str_digits)
        raise QueryError("not valid JSON here: a number has too many digits", example) from None
    if not isinstance(data, dict):
        raise QueryError("a JSON line must be an object", 'write {"query": "summit", "limit": 5}')
    request: dict[str, Any] = {}
    for key, value in data.items():
        name = OPTIONS.get(key.replace("_", "-"))
        if name is None:
            raise QueryError(f"unknown key {key!r}", "keys are the long options of search: " + ", ".join(OPTIONS))
        if name in REPEATABLE:
            value = [value] if isinstance(value, (str, int)) else value
            if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
                raise QueryError(f"{key!r} takes a list of values, e.g. [\"2019\"]")
            value = [str(v) for v in value]
        elif name in INTEGERS:
            if isinstance(value, bool) or not isinstance(value, int):
                raise QueryError(f"{key!r} takes a whole number, not {value!r}")
        elif value is not None and not isinstance(value, str):
            raise QueryError(f"{key!r} takes a string, not {value!r}")
        request[name] = value
    return request


def merge(defaults: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    merged = dict(defaults)
    for name, value in request.items():
        if name in REPEATABLE:
            merged[name] = [*merged.get(name, ()), *value]
        elif value is not None:
            merged[name] = value
    return merged


def _decode(line: bytes | str) -> str:
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"the line is not UTF-8 text: byte 0x{line[error.start]:02x} at column {error.start + 1}",
                         "save the file as UTF-8") from None


def run(
    searcher: Searcher, lines: Iterable[bytes | str], defaults: dict[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """One answer per non-blank line (bytes are read as UTF-8): the JSON form of the
    results, or ``{"line": number, "query": ..., "error": message}`` for a line that cannot
    be run."""
    defaults = defaults or {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        query = line.strip() if isinstance(line, str) else line.strip().decode("utf-8", "backslashreplace")
        try:
            request = merge(defaults, read_request(_decode(line)))
            query = request.get("query", "") or ""
            yield searcher.search(**request).to_dict()
        except QueryError as error:
            yield {"line": number, "query": query, "error": error.text()}
