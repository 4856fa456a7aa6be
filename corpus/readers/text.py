"""Scraped text pages (``.txt``): one article, maybe wrapped in the site's chrome.

The headline is the first line that is not chrome: breadcrumbs, menus, clocks, site names
and share prompts above it are skipped (a plain article such as the BBC dataset's has its
title on line 1). Everything after the headline goes through :func:`corpus.chrome.clean`.
"""
from __future__ import annotations

import re
from typing import Iterator

from corpus.chrome import (
    chrome_table,
    clean,
    is_menu,
    is_chrome,
    is_photo_caption,
    is_prose,
    is_site_name,
    byline_names,
    normalize_text,
    strip_site_name,
    words,
)
from corpus.dates import dateline
from corpus.readers.base import RawArticle, ReadError
from corpus.sources import detect_source

#: A title is a single line of at most this many words.
TITLE_WORDS = 30
_TERMINAL = re.compile(r"[.!?…:;,\"”’')\]]$")


def _is_title(line: str) -> bool:
    return (
        words(line) <= TITLE_WORDS
        and any(ch.isalpha() for ch in line)
        and not is_chrome(line)
        and not dateline(line)
        and not is_site_name(line)
        and not byline_names(line)
        and not is_photo_caption(line)
    )


def _is_navigation(line: str) -> bool:
    """Breadcrumbs or a section menu (``World / Europe``), as opposed to a share bar."""
    return is_menu(line) and not chrome_table().drop.fullmatch(line) and not dateline(line)


def _find_headline(lines: list[str]) -> tuple[int | None, int]:
    """(index of the headline line or None, index where the body starts).

    The headline is the first title-like line that is not followed by navigation: a
    masthead (``The Morning Ledger``) sits above the breadcrumbs, a headline below them.
    """
    filled = [index for index, line in enumerate(lines) if line]
    for position, index in enumerate(filled):
        line = lines[index]
        if _is_title(line):
            following = filled[position + 1] if position + 1 < len(filled) else None
            if following is None or not _is_navigation(lines[following]):
                return index, index + 1
        elif is_prose(line) and not is_chrome(line):
            return None, index
    return None, len(lines)


def _dateline_above(lines: list[str], headline: int) -> str | None:
    """A date line directly above the headline (some sites print the date first)."""
    for line in reversed(lines[:headline]):
        if line:
            return line if dateline(line) else None
    return None


def paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines separate them; hard-wrapped lines are joined.

    A line is joined to the one before when that one looks cut (long, no closing
    punctuation) or when it starts in lower case; otherwise a line is its own paragraph, so
    a menu line under a share prompt is judged on its own.
    """
    result: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                result.append(" ".join(current))
                current = []
            continue
        if current:
            previous = current[-1]
            wrapped = len(previous) >= 40 and not _TERMINAL.search(previous)
            if not (wrapped or line[0].islower()):
                result.append(" ".join(current))
                current = []
        current.append(line)
    if current:
        result.append(" ".join(current))
    return result


def read(path: str, text: str) -> Iterator[RawArticle]:
    """One article from a scraped text page."""
    text = normalize_text(text)
    if not text.strip():
        raise ReadError("empty file")
    lines = text.split("\n")
    headline_at, body_at = _find_headline(lines)
    headline = strip_site_name(lines[headline_at]) if headline_at is not None else ""
    body_lines = lines[body_at:]
    above = _dateline_above(lines, headline_at) if headline_at is not None else None
    if above:
        body_lines = [above, "", *body_lines]
    cleaned = clean(paragraphs(body_lines), headline)
    if not cleaned.paragraphs:
        raise ReadError("no article text after removing page chrome")
    yield RawArticle(
        path=path,
        position=None,
        headline=headline,
        body="\n\n".join(cleaned.paragraphs),
        date=cleaned.date,
        date_from=cleaned.date_from,
        source=detect_source(text),
        authors=cleaned.authors,
    )
