"""Matching articles per day, week, month or year, as `gazette timeline` draws them.

Three things keep a timeline readable:

* ``by="auto"`` picks the period from the span of the bulk of the dates (those within
  Tukey's fences: three interquartile ranges beyond the quartiles), so that a stray date
  does not decide it;
* articles dated far outside that bulk (one article of 1902 in a corpus of the 1980s) are
  *outliers*: reported, and the empty stretch they open is collapsed when drawn;
* *peaks*, periods far above the typical one, are reported, and bars are scaled without
  them so that one spike does not flatten the rest.

``share=True`` also counts every article of the index per period, so that a spike that is
only corpus volume shows as such.
"""
from __future__ import annotations

import datetime as dt
from statistics import median
from typing import Any, Callable, Iterator

from search import bitsets, facets
from search.errors import QueryError
from search.results import FacetValue, Timeline
from search.view import IndexView

#: --by of the Gazette searcher.
PERIODS = ("auto", "day", "week", "month", "year")
#: by="auto": the finest period that draws the bulk of the dates in at most this many rows.
AUTO_ROWS = 60
#: A date more than this many interquartile ranges (each at least a month) beyond the
#: quartiles of the dates is an outlier.
OUTLIER_SPANS = 3
#: A period with more than this many times the median count of the non-empty periods (and
#: at least PEAK_MIN articles) is a peak.
PEAK_FACTOR = 4
PEAK_MIN = 5

_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}


def build(view: IndexView, query: str, hits: int, by: str, share: bool = False) -> Timeline:
    """The timeline of ``hits``; raises :class:`QueryError` for an unknown ``by``."""
    if by not in PERIODS:
        raise QueryError(f"cannot draw a timeline by {by!r}", "use --by " + ", ".join(PERIODS), "--by")
    total = hits.bit_count()
    days = _count(view, "date", hits)
    if by == "auto":
        by = choose(days)
    counted = _periods(view, by, hits, days)
    undated = total - sum(counted.values())
    buckets = tuple(FacetValue(key, count) for key, count in fill(by, counted))
    shares = None
    if share:
        every = _periods(view, by, view.live, _count(view, "date", view.live))
        shares = tuple(b.count / every[b.value] if every.get(b.value) else 0.0 for b in buckets)
    return Timeline(
        query, total, by, buckets, undated, shares=shares, outliers=outliers(days), peaks=peaks(buckets),
    )


def _count(view: IndexView, field: str, hits: int) -> dict[Any, int]:
    total = hits.bit_count()
    return facets.counts(view, field, hits, total, lambda: bitsets.members(hits))


def _periods(view: IndexView, by: str, hits: int, days: dict[str, int]) -> dict[Any, int]:
    """Counts per period: the index's own year and month fields, else from the days."""
    if by in ("year", "month"):
        return _count(view, by, hits)
    if by == "day":
        return dict(days)
    weeks: dict[str, int] = {}
    for day, count in days.items():
        key = week_of(day)
        weeks[key] = weeks.get(key, 0) + count
    return weeks


def week_of(day: str) -> str:
    """``2019-02-28`` -> ``2019-W09`` (ISO weeks, Monday first)."""
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quantile(ordered: list[tuple[str, int]], share: float) -> dt.date:
    """The date below which ``share`` of the articles lie (``ordered``: sorted (date, count))."""
    wanted = sum(count for _, count in ordered) * share
    seen = 0
    for day, count in ordered:
        seen += count
        if seen >= wanted:
            return dt.date.fromisoformat(day)
    return dt.date.fromisoformat(ordered[-1][0])


def _fences(days: dict[str, int]) -> tuple[dt.date, dt.date] | None:
    """Tukey's fences on dates: OUTLIER_SPANS interquartile ranges (at least a month each)
    beyond the first and third quartiles. Dates outside are outliers."""
    if not days:
        return None
    ordered = sorted(days.items())
    low, high = _quantile(ordered, 0.25), _quantile(ordered, 0.75)
    reach = dt.timedelta(days=OUTLIER_SPANS * max((high - low).days, 30))
    return low - reach, high + reach


def _bulk(days: dict[str, int]) -> tuple[dt.date, dt.date] | None:
    """The first and last date that is no outlier."""
    fences = _fences(days)
    if fences is None:
        return None
    inside = [dt.date.fromisoformat(day) for day in days if fences[0] <= dt.date.fromisoformat(day) <= fences[1]]
    return min(inside), max(inside)


def choose(days: dict[str, int]) -> str:
    """The finest of day, week, month, year that draws the bulk in at most AUTO_ROWS rows."""
    bulk = _bulk(days)
    if bulk is None:
        return "year"
    span = (bulk[1] - bulk[0]).days + 1
    for by in ("day", "week", "month"):
        if span / _DAYS[by] <= AUTO_ROWS:
            return by
    return "year"


def outliers(days: dict[str, int]) -> tuple[FacetValue, ...]:
    """Dates (with their articles) far outside the bulk of the dates (:func:`_fences`)."""
    fences = _fences(days)
    if fences is None:
        return ()
    return tuple(
        FacetValue(day, count) for day, count in sorted(days.items())
        if not fences[0] <= dt.date.fromisoformat(day) <= fences[1]
    )


def peaks(buckets: tuple[FacetValue, ...]) -> tuple[FacetValue, ...]:
    """Periods far above the median of the non-empty ones, largest first."""
    counts = [b.count for b in buckets if b.count]
    if len(counts) < 3:
        return ()
    typical = median(counts)
    found = [b for b in buckets if b.count >= max(PEAK_MIN, PEAK_FACTOR * typical)]
    return tuple(sorted(found, key=lambda b: -b.count))


def fill(by: str, counted: dict[Any, int]) -> list[tuple[Any, int]]:
    """Every period from the first to the last counted one, zeros included."""
    if not counted:
        return []
    first, last = min(counted), max(counted)
    return [(key, counted.get(key, 0)) for key in _keys(by, first, last)]


def _keys(by: str, first: Any, last: Any) -> Iterator[Any]:
    if by == "year":
        yield from range(first, last + 1)
        return
    step: Callable[[dt.date], dt.date]
    if by == "month":
        year, month = int(first[:4]), int(first[5:7])
        while True:
            key = f"{year:04d}-{month:02d}"
            yield key
            if key >= last:
                return
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if by == "week":
        year, week = int(first[:4]), int(first[6:])
        day = dt.date.fromisocalendar(year, week, 1)
        key_of, step = (lambda d: week_of(d.isoformat())), (lambda d: d + dt.timedelta(days=7))
    else:
        day = dt.date.fromisoformat(first)
        key_of, step = dt.date.isoformat, (lambda d: d + dt.timedelta(days=1))
    while True:
        key = key_of(day)
        yield key
        if key >= last:
            return
        day = step(day)
