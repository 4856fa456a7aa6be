"""The byline zone of a scraped text page: the lines around the headline that say who wrote
the article and when.

Sites print the author and the date between the headline and the first paragraph (``By
J.R. Stone`` / ``Thursday, November 9, 2023 7:35AM``), sometimes just above the headline,
often split over lines (``Updated`` / ``11:22 PM EST, Tue November 29, 2016``, ``By`` /
``Jane Doe``). Only these lines are read: dates in the prose are anniversaries and
deadlines as often as the day of publication.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from corpus.chrome import byline_names, is_menu, is_person_name, is_photo_caption, is_prose, words
from corpus.dates import UPDATED_LABEL, dateline, find_dates
from corpus.lines import Page

#: How many units above the headline may still belong to its zone (a date printed first).
ABOVE = 3
#: How many units below the headline the zone reaches at most, when the prose starts later.
BELOW = 10
#: A unit of the zone that carries a date among other words (``Will Leitch/November 18,
#: 2016``, ``Lifestyle Published Oct 19, 2022``) is at most this long.
ZONE_WORDS = 16
_BY_ALONE = re.compile(r"^(?:by|written by|words by|von|par|por)$", re.I)
#: ``ByTravis Haney``: a renderer dropped the space after ``By``.
_GLUED_BY = re.compile(r"^By(?=[A-Z][a-z])")
#: ``December 10, 2021 by Luke Koppa``, ``Posted on 2019年4月13日 by doumae``: names after a date.
_BY_INSIDE = re.compile(r"\bby\s*:?\s+(?=\S)", re.I)
#: ``Jon Fingas, @jonfingas``, ``Aja Romano@ajaromano``: a handle after the name.
_HANDLE = re.compile(r"\s*,?\s*@\w+")
#: Between a name and what follows it on a byline line (a source, a role, the date).
_NAME_END = re.compile(r"\s*(?:[·•|/,]|\s-\s|\bon\b)\s*|(?=\d)")
#: How far (in units) a bare name may be from a date line to be read as the byline.
NAME_TO_DATE = 2
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|released|issued)\b", re.I)


@dataclass(frozen=True)
class Zone:
    """What the byline zone says: the authors and the publication date."""

    authors: tuple[str, ...]
    date: _dt.date | None
    #: the positions (in ``page.texts``) of the units read as a byline or a date
    used: frozenset[int]


def _date_of(text: str) -> tuple[_dt.date, bool, bool] | None:
    """(date, labelled updated, mixed with other words) of a zone unit, or None.

    A caption or a sentence is not a byline (``... at the border on April 26, 2020. (Photo
    by AFP)`` dates the photo, not the article)."""
    line = dateline(text)
    if line:
        return line.date, line.updated, False
    if words(text) > ZONE_WORDS or is_prose(text) or is_photo_caption(text) or is_menu(text):
        return None  # a clock in a menu bar (``March 3, 2021 14:05 | About us``) is chrome
    found = find_dates(text, numeric=True)
    if len(found) != 1:
        return None
    before = text[: found[0].start]
    return found[0].date, bool(UPDATED_LABEL.search(before)) and not _PUBLISHED.search(before), True


def _names(text: str, dated: bool) -> tuple[str, ...] | None:
    """Authors named by one unit of the zone, or None when it is no byline.

    Besides ``By ...`` lines: names after a dated prefix (``Posted May 3, 2019 by Jane
    Doe``) and, when ``dated`` (a date is near), a unit that starts with a person's name
    followed by a source, a role, a handle or the date (``Pete Evans · CBC News · Posted
    ...``, ``Mattias Geniar, April 19, 2020``), or is nothing but the name.
    """
    text = _HANDLE.sub("", _GLUED_BY.sub("By ", text))
    names = byline_names(text)
    if names is not None:
        return names
    inside = _BY_INSIDE.search(text)
    if inside and inside.start() and (find_dates(text[: inside.start()], numeric=True) or words(text[: inside.start()]) <= 2):
        return byline_names("By " + text[inside.end() :])
    if not dated or is_prose(text):
        return None
    head = _NAME_END.split(text, maxsplit=1)[0].strip()
    if head and is_person_name(head):
        return (head,)
    return None


def read_zone(page: Page, headline: int, body: int) -> Zone:
    """Authors and date from the units around ``headline`` (up to the body's first unit)."""
    first = max(headline - ABOVE, 0)
    last = min(body, headline + 1 + BELOW, len(page.texts))
    authors: list[str] = []
    dates: list[tuple[bool, int, _dt.date, bool]] = []
    used: set[int] = set()
    for position in range(first, last):
        if position == headline:
            continue
        text = page.texts[position]
        if _BY_ALONE.match(text) and position + 1 < last:
            text = f"By {page.texts[position + 1]}"
        near = range(max(position - NAME_TO_DATE, first), min(position + NAME_TO_DATE + 1, last))
        names = _names(text, any(_date_of(page.texts[other]) for other in near if other != position))
        if names is not None:
            authors.extend(name for name in names if name not in authors)
            used.add(position)
        dated = _date_of(text)
        if dated and (position > headline or not dated[2]):  # above the headline: a date line only
            day, updated, mixed = dated
            dates.append((mixed, abs(position - headline) + (position < headline), day, updated))
            used.add(position)
    date = None
    if dates:  # a published date before an updated one; a pure date line first, the nearest first
        published = [item for item in dates if not item[3]] or dates
        date = min(published)[2]
    return Zone(tuple(authors), date, frozenset(used))
