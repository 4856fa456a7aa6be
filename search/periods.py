"""Dates as users write them in options and queries: ``2018``, ``2018-05``, ``2018-05-07``,
and year spans ``2018-2020``."""
from __future__ import annotations

import calendar
import re

from search.errors import QueryError

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YEARS = re.compile(r"^(\d{4})(?:\s*(?:-|\.\.|–)\s*(\d{4}))?$")


def period(text: str, option: str | None = None) -> tuple[str, str]:
    """The first and last day (ISO) of the year, month or day ``text`` names."""
    match = _PERIOD.match(text.strip())
    problem = None
    if match:
        year, month, day = int(match.group(1)), match.group(2), match.group(3)
        if month is None:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month_number = int(month)
        if not 1 <= month_number <= 12:
            problem = f"month {month_number} does not exist"
        else:
            last = calendar.monthrange(year, month_number)[1]
            if day is None:
                return f"{year:04d}-{month_number:02d}-01", f"{year:04d}-{month_number:02d}-{last:02d}"
            if 1 <= int(day) <= last:
                iso = f"{year:04d}-{month_number:02d}-{int(day):02d}"
                return iso, iso
            problem = f"{year:04d}-{month_number:02d} has no day {int(day)}"
    raise QueryError(
        f"{text!r} is not a date" + (f" ({problem})" if problem else ""),
        "write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018, 2018-05 or 2018-05-07",
        option,
    )


def years(text: str, option: str | None = "--year") -> tuple[int, int]:
    """``2018`` -> (2018, 2018); ``2018-2020`` -> (2018, 2020)."""
    match = _YEARS.match(text.strip())
    if match:
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first <= last:
            return first, last
        problem = f"{first} comes after {last}"
    else:
        problem = None
    raise QueryError(
        f"{text!r} is not a year or a span of years" + (f" ({problem})" if problem else ""),
        "write a year as 2018 or a span as 2018-2020",
        option,
    )
