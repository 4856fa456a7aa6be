"""The filters of ``gazette search`` (--person, --leader, --year, --from/--to, --source) as
one document set."""
from __future__ import annotations

from typing import Callable, Sequence

from search.errors import QueryError
from search.matching import date_span, year_span
from search.names import NameTable
from search.periods import period, years
from search.view import IndexView


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
) -> int | None:
    """Documents passing every filter; None when no filter is given.

    People and leaders must all match (an article with Kim and Xi for ``--person Kim
    --person Xi``); several years or sources are alternatives.
    """
    sets: list[int] = []
    for field, option, names in (("people", "--person", person), ("leaders", "--leader", leader)):
        for name in names:
            sets.append(view.term_set(field, tables(field).resolve(name, option=option)))
    if year:
        union = 0
        for value in year:
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
    if source:
        union = 0
        for name in source:
            union |= view.term_set("source", tables("source").resolve(name, option="--source"))
        sets.append(union)
    if not sets:
        return None
    result = sets[0]
    for docs in sets[1:]:
        result &= docs
    return result
