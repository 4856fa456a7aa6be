"""Dates: parse metadata strings, find written dates in text, recognise dateline lines.

Everything here prefers ``None`` to a guess. A date is only accepted when its year, month
and day are all written down and unambiguous: ``05/07/2018`` (May 7 or July 5?) gives
``None``, ``June 21`` without a year gives ``None``, and years outside 1800-2099 are
rejected as noise. Regular expressions rather than a fuzzy parser keep this strict and
fast enough for thousands of articles per second.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # French, German and Spanish names that English text never uses as words
    "mai": 5, "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"

#: Written dates, each a named-group regex: month name forms first (the common case in prose).
_WRITTEN = [
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _WEEKDAY + _DAY + r"\.?\s+(?:of\s+|de\s+)?" + _MONTH + r",?\s+(?:de\s+)?" + _YEAR + r"\b", re.I),
]
#: ``2019年4月13日`` (Chinese and Japanese), always year, month, day.
_CJK_DATE = re.compile(r"(?P<year>1[89]\d\d|20\d\d)\s*年\s*(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*日")
_ISO = re.compile(r"\b" + _YEAR + r"-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?![\d])")
_YMD = re.compile(r"\b" + _YEAR + r"[/.](?P<month>[01]?\d)[/.](?P<day>[0-3]?\d)\b")
_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.]" + _YEAR + r"\b")
#: Reuters-21578 style ``26-FEB-1987 15:01:01.79``; two-digit years are read as 19xx.
_DMY_DASH = re.compile(r"\b" + _DAY + r"-" + _MONTH + r"-(?P<year>\d{4}|\d\d)\b", re.I)
_COMPACT = re.compile(r"^\s*" + _YEAR + r"(?P<month>[01]\d)(?P<day>[0-3]\d)\s*$")
_EPOCH = re.compile(r"^\s*(?P<seconds>\d{9,10})(?P<millis>\d{3})?\s*$")

#: What may sit around a date on a dateline line: a label, a time, a time zone, separators.
_DATELINE_LABEL = re.compile(
    r"\b(?:first\s+|last\s+)?(?:published|posted|updated|modified|date|dated|created|on|at|"
    r"issued|released|time|publié|publiée|mis à jour|le|à|veröffentlicht|aktualisiert|am|um|publicado|"
    r"actualizado|el|a las|às)(?!\w)\s*:?"
    r"|\b\d+\s*min(?:ute)?s?\.?\s+read\b",  # ``Oct 19, 2016 · 10 min read``: the reading time
    re.I,
)
UPDATED_LABEL = re.compile(r"\b(?:updated|modified|edited|mis à jour|aktualisiert|actualizado)(?!\w)", re.I)
#: The label of the first publication, which wins over another date on the same line.
PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|publié|publiée|veröffentlicht|publicado)(?!\w)", re.I)
#: Fields that may share a dateline: ``Source: Xinhua``, ``Editor: Li Xia``, ``By Jane Doe``.
_FIELD = re.compile(
    r"\b(?:source|editor|editors|by|author|reporter|writer|photo|credit|web editor)(?:\s*:\s*|\s+)"
    r"[^|\[\]]*?(?=\s*(?:[|\[\]]|$|\b(?:first\s+)?(?:published|posted|updated|date)\b))",
    re.I,
)
_TIME = re.compile(
    r"\b[0-2]?\d[:.h][0-5]\d(?:[:.][0-5]\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?|uhr)?(?![\w])|\b[01]?\d\s*[ap]\.?m\.?(?![\w])"
    r"|\b[0-2]\d[0-5]\d(?=\s*\(?(?:GMT|UTC|BST|ET|EST|EDT|HKT|KST|JST|SGT)\b)",
    re.I,
)
_ZONE = re.compile(
    r"\b(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|KST|JST|HKT|SGT|IST|MSK|IRST|WIB|"
    r"local\s+time)\b(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|[+-][01]\d:?[0-5]\d\b|\bZ\b",
    re.I,
)
_FILLER = re.compile(r"[\s|,;:/()\[\]\-–—•·.]+")


@dataclass(frozen=True)
class FoundDate:
    """A date written in a text, with where it was found."""

    date: _dt.date
    start: int
    end: int


def _make(year: int, month: int, day: int) -> _dt.date | None:
    if not 1800 <= year <= 2099:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> _dt.date | None:
    groups = match.groupdict()
    month_text = groups["month"]
    month = MONTHS.get(month_text.lower()) if month_text.isalpha() else int(month_text)
    if month is None:
        return None
    year = int(groups["year"])
    if year < 100:
        year += 1900
    return _make(year, month, int(groups["day"]))


def _from_numeric(match: re.Match[str]) -> _dt.date | None:
    """``a/b/yyyy``: accepted only when one reading is impossible, else ambiguous -> None."""
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    if a == b:
        return _make(year, a, b)
    if a > 12 >= b:
        return _make(year, b, a)
    if b > 12 >= a:
        return _make(year, a, b)
    return None


_PATTERNS = [(pattern, _from_match) for pattern in (*_WRITTEN, _ISO, _YMD, _DMY_DASH, _CJK_DATE)]
_PATTERNS.append((_NUMERIC, _from_numeric))
_PROSE_PATTERNS = [(pattern, _from_match) for pattern in _WRITTEN]
_ANY_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def find_dates(text: str, *, numeric: bool = False) -> list[FoundDate]:
    """Every complete date written in ``text``, in order of position.

    Prose dates use month names (``May 7, 2018``, ``7 May 2018``, ``Monday, 7th of May 2018``);
    ``numeric=True`` also accepts ISO, ``yyyy/mm/dd``, ``26-FEB-1987`` and unambiguous
    ``dd/mm/yyyy`` forms, which in running text are too often not dates at all.
    """
    if not _ANY_YEAR.search(text) and not (numeric and _DMY_DASH.search(text)):
        return []
    patterns = _PATTERNS if numeric else _PROSE_PATTERNS
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, convert in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            date = convert(match)
            if date is not None:
                found.append(FoundDate(date, start, end))
                taken.append((start, end))
    found.sort(key=lambda item: item.start)
    return found


def _epoch(value: str) -> _dt.date | None:
    match = _EPOCH.match(value)
    if not match:
        return None
    moment = _dt.datetime.fromtimestamp(int(match["seconds"]), tz=_dt.timezone.utc)
    return _make(moment.year, moment.month, moment.day)


def parse_date(value: object) -> _dt.date | None:
    """The date in a metadata value (ISO 8601, RFC 2822, ``26-FEB-1987 15:01:01.79``,
    ``May 7, 2018``, ``20180507``, a Unix timestamp...), or ``None``.

    The date is read as written, in the publisher's own time zone: ``2018-05-08T01:30+09:00``
    is May 8. Values that are not strings (a JSON number, a ``date``) are accepted too.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(int(value)) if abs(value) < 1e14 else ""
    if not isinstance(value, str):
        return None
    value = value[:200]
    compact = _COMPACT.match(value)
    if compact:
        return _from_match(compact)
    found = find_dates(value, numeric=True)
    if found:
        return found[0].date
    return _epoch(value)


@dataclass(frozen=True)
class Dateline:
    """A line that is nothing but a date (with label, time, zone): ``June 21, 2019 | 08:02``."""

    date: _dt.date
    updated: bool


def dateline(line: str) -> Dateline | None:
    """The publication date of a line made only of dates and their trimmings, else ``None``.

    ``Published: Monday, May 7, 2018 10:02 GMT`` and ``Source: Xinhua | 2018-05-08 20:39 |
    Editor: Li`` are datelines. With two dates, the one labelled updated is skipped
    (``Tue May 8, 2018 07:29AM [Updated: Tue May 8, 2018 08:47AM]``); two unlabelled dates
    are a range, not a dateline. ``November 25, 2020 01:32 | About us`` is page chrome: a
    clock in a menu bar.
    """
    if len(line) > 160:
        return None
    found = find_dates(line, numeric=True)
    if not found or len(found) > 2:
        return None
    rest = _FIELD.sub(" ", line[: found[0].start])
    labels = [rest]
    for item, following in zip(found, [*found[1:], None]):
        between = line[item.end : following.start if following else len(line)]
        labels.append(_FIELD.sub(" ", between))
    # the label of a date is the text just before it (after the previous date)
    updated = [bool(UPDATED_LABEL.search(labels[index])) for index in range(len(found))]
    published = [bool(PUBLISHED_LABEL.search(labels[index])) and not updated[index] for index in range(len(found))]
    if len(found) == 2 and updated.count(False) != 1 and published.count(True) != 1:
        return None
    if any(_FILLER.sub("", _DATELINE_LABEL.sub(" ", _ZONE.sub(" ", _TIME.sub(" ", text)))) for text in labels):
        return None
    index = published.index(True) if True in published else updated.index(False) if False in updated else 0
    return Dateline(found[index].date, updated[index])


#: Dates read from an article's lead and captions must agree within this many days.
TEXT_DATE_SPREAD = 7


def date_in_text(texts: list[str]) -> _dt.date | None:
    """The publication date a careful reader infers from the photo captions atop an article.

    When neither metadata nor a dateline gives the date, a news photo's caption (``Xi meets
    Kim in Dalian on May 7, 2018. (Photo by Xinhua)``) dates the event being reported, which
    is published on that day or just after. The caller leaves out file photos. The dates
    are trusted only when they all fall within a week of each other, and the latest is taken;
    anything else is ``None``, since null is better than wrong.
    """
    found = [item.date for text in texts for item in find_dates(text)]
    if not found:
        return None
    latest = max(found)
    if (latest - min(found)).days > TEXT_DATE_SPREAD:
        return None
    return latest


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?([01]\d)[/-]?([0-3]\d)(?:/|[-_.][a-z0-9]|$)")


def date_in_url(url: str) -> _dt.date | None:
    """The date in an article URL's path (``/2019/06/30/talks``, ``/20190630-talks``), or None."""
    match = _URL_DATE.search(url)
    return _make(*map(int, match.groups())) if match else None
