"""The filters of ``gazette search`` (--person, --leader, --year, --from/--to, --source,
--collection) as one document set.

An article without a year, a source or a collection is findable too: ``--year undated``,
``--source "(unknown)"``, ``--collection "(unknown)"`` (the buckets facets and stats show).
"""
from __future__ import annotations

from typing import Callable, Sequence

from search.constants import MISSING
from search.errors import QueryError
from search.matching import date_span, year_span
from search.names import NameTable
from search.periods import period, years
from search.view import IndexView


def missing(view: IndexView, field: str) -> int:
    """Live documents without a value in ``field`` (year: undated; source: unknown)."""
    return view.live & ~view.values(field).union(view.values(field).values)


def _asks_missing(field: str, value: str | int) -> bool:
    """Whether a filter value names the bucket of the articles without one ("undated")."""
    return str(value).strip().lower() == MISSING[field]


def filter_docs(
    view: IndexView,
    tables: Callable[[str], NameTable],
    *,
    person: Sequence[str] = (),
    leader: Sequence[str] = (),
    year: Sequence[str | int] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    source: Sequence[str] = (),
    collection: Sequence[str] = (),
) -> int | None:
    """Documents passing every filter; None when no filter is given.

    People and leaders must all match (an article with Kim and Xi for ``--person Kim
    --person Xi``); several years, sources or collections are alternatives.
    """
    sets: list[int] = []
    for field, option, names in (("people", "--person", person), ("leaders", "--leader", leader)):
        for name in names:
            sets.append(view.term_set(field, tables(field).resolve(name, option=option)))
    if year:
        union = 0
        for value in year:
            if _asks_missing("year", value):
                union |= missing(view, "year")
                continue
            first, last = years(str(value))
            union |= year_span(view, first, last)
        sets.append(union)
    if date_from or date_to:
        low = period(str(date_from), "--from")[0] if date_from else None
        high = period(str(date_to), "--to")[1] if date_to else None
        if low and high and low > high:
            raise QueryError(
                f"--from {date_from} comes after --to {date_to}", "give the earlier date to --from", "--from"
            )
        sets.append(date_span(view, low, high))
    for field, names in (("source", source), ("collection", collection)):
        if names:
            union = 0
            for name in names:
                if _asks_missing(field, name):
                    union |= missing(view, field)
                else:
                    union |= view.term_set(field, tables(field).resolve(name, option=f"--{field}"))
            sets.append(union)
    if not sets:
        return None
    result = sets[0]
    for docs in sets[1:]:
        result &= docs
    return result


def undated_dropped(
    view: IndexView,
    tables: Callable[[str], NameTable],
    hits: int,
    *,
    year: Sequence[str | int] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    **others: Sequence[str],
) -> int:
    """How many of ``hits`` (the query's articles) pass the other filters but are undated, so
    that a date filter (--year, --from, --to) left them out; 0 when none was given or
    ``--year undated`` keeps them."""
    if not (year or date_from or date_to) or any(_asks_missing("year", value) for value in year):
        return 0
    undated = hits & missing(view, "year")
    if undated:
        rest = filter_docs(view, tables, **others)
        if rest is not None:
            undated &= rest
    return undated.bit_count()
