"""Request parameters -> the options of :meth:`search.Searcher.search`, checked, and links
that change one part of the state a URL holds.

The parameters are the CLI's long options: ``q`` (the query), ``person``, ``leader``,
``year``, ``from``, ``to``, ``source`` (filters, repeatable as on the command line),
``sort``, ``match``, ``page``, ``limit``, and for the API ``facet`` and ``facet_limit``.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlencode

from search.constants import FACETS, MATCHES, SORTS

#: Filters as URL parameters -> keyword arguments of ``Searcher.search``.
FILTERS = {"person": "person", "leader": "leader", "year": "year", "from": "date_from", "to": "date_to", "source": "source"}
#: Filters given once (the others repeat).
SINGLE = ("from", "to")
#: The facet of each field, and the filter its values add.
FACET_FILTER = {"people": "person", "leaders": "leader", "year": "year", "source": "source"}
#: Bounds on what a request may ask, far beyond a person's use: longer values, more values
#: or larger numbers are refused with a 400 before any search work.
MAX_VALUE_CHARS = 10_000
MAX_VALUES = 20
MAX_LIMIT = 1000
MAX_PAGE = 1_000_000
MAX_FACET_LIMIT = 1000


class BadRequest(ValueError):
    """A request parameter that cannot be used (answered with a 400)."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        self.message = message
        self.parameter = parameter
        super().__init__(message)


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = "relevance"
    match: str = "all"
    page: int = 1
    limit: int = 10
    facets: tuple[str, ...] = ()
    facet_limit: int = 10

    def search_options(self) -> dict[str, Any]:
        """Keyword arguments of ``Searcher.search`` (as the CLI passes them)."""
        return {
            **self.filters, "sort": self.sort, "match": self.match, "page": self.page,
            "limit": self.limit, "facets": self.facets, "facet_limit": self.facet_limit,
        }

    @property
    def filtered(self) -> bool:
        return any(self.filters.values())


def parse(args: Any, *, limit: int = 10, facets: Sequence[str] = ()) -> SearchRequest:
    """Read a request's parameters (a werkzeug ``MultiDict``); ``limit`` and ``facets`` are
    the defaults when the request names none. Raises :class:`BadRequest`."""
    values = {key: [_checked(key, v) for v in args.getlist(key)] for key in args}
    for key, found in values.items():
        if len(found) > MAX_VALUES:
            raise BadRequest(f"{len(found)} values of {key!r} (at most {MAX_VALUES})", key)
    filters: dict[str, Any] = {}
    for key, option in FILTERS.items():
        given = [v for v in values.get(key, []) if v.strip()]
        if key in SINGLE:
            if len(given) > 1:
                raise BadRequest(f"give {key!r} once, not {len(given)} times", key)
            filters[option] = given[0] if given else None
        else:
            filters[option] = tuple(given)
    chosen_facets = tuple(values["facet"]) if "facet" in values else tuple(facets)
    for name in chosen_facets:
        if name not in FACETS:
            raise BadRequest(f"unknown facet {name!r}; facets are {', '.join(FACETS)}", "facet")
    return SearchRequest(
        query=_one(values, "q", ""),
        filters=filters,
        sort=_choice(values, "sort", SORTS),
        match=_choice(values, "match", MATCHES),
        page=_number(values, "page", 1, 1, MAX_PAGE),
        limit=_number(values, "limit", limit, 0, MAX_LIMIT),
        facets=chosen_facets,
        facet_limit=_number(values, "facet_limit", 10, 1, MAX_FACET_LIMIT),
    )


def _checked(key: str, value: str) -> str:
    if len(value) > MAX_VALUE_CHARS:
        raise BadRequest(f"the value of {key!r} is {len(value):,} characters long (at most {MAX_VALUE_CHARS:,})", key)
    for position, char in enumerate(value):
        if unicodedata.category(char) == "Cc" and char not in "\t\n\r":
            raise BadRequest(
                f"the value of {key!r} holds the control character U+{ord(char):04X} at position {position + 1}", key
            )
    return value


def _one(values: Mapping[str, list[str]], key: str, default: str) -> str:
    found = values.get(key) or [default]
    if len(found) > 1:
        raise BadRequest(f"give {key!r} once, not {len(found)} times", key)
    return found[0]


def _choice(values: Mapping[str, list[str]], key: str, choices: Sequence[str]) -> str:
    value = _one(values, key, choices[0]) or choices[0]
    if value not in choices:
        raise BadRequest(f"{key} must be one of {', '.join(choices)}, not {value!r}", key)
    return value


def _number(values: Mapping[str, list[str]], key: str, default: int, low: int, high: int) -> int:
    text = _one(values, key, str(default)).strip() or str(default)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        raise BadRequest(f"{key} must be a whole number from {low} to {high:,}, not {text[:40]!r}", key)
    number = int(text)
    if not low <= number <= high:
        raise BadRequest(f"{key} must be a whole number from {low} to {high:,}, not {number:,}", key)
    return number


# Links ---------------------------------------------------------------------------------


def pairs(args: Any) -> list[tuple[str, str]]:
    """The request's parameters in order, empty ones left out."""
    return [(key, value) for key, value in args.items(multi=True) if value.strip()]


def link(path: str, state: Iterable[tuple[str, str]], *, toggle: tuple[str, str] | None = None,
         replace: Mapping[str, Any] | None = None) -> str:
    """``path`` with the state's parameters, changed: ``toggle`` adds a (key, value) or
    removes it when present; ``replace`` sets keys (None removes them). Any change but a
    new page goes back to page 1."""
    items = list(state)
    replace = dict(replace or {})
    if toggle is not None:
        if toggle in items:
            items.remove(toggle)
        else:
            items.append(toggle)
    if set(replace) - {"page"} or toggle is not None:
        replace.setdefault("page", None)
    items = [(k, v) for k, v in items if k not in replace]
    items += [(k, str(v)) for k, v in replace.items() if v is not None and not (k == "page" and v == 1)]
    return path + ("?" + urlencode(items) if items else "")
