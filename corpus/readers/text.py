"""Scraped text pages (``.txt``): one article, maybe wrapped in the site's chrome.

The headline is a title-like line above the prose that is not chrome: breadcrumbs, menus,
clocks, mastheads, section labels and share prompts above it are skipped (a plain article
such as the BBC dataset's has its title on line 1); see :func:`_find_headline`. Everything
after the headline goes through :func:`corpus.chrome.clean`.
"""
from __future__ import annotations

import re
from typing import Iterator

from corpus.chrome import (
    byline_names,
    chrome_table,
    clean,
    is_chrome,
    is_menu,
    is_photo_caption,
    is_prose,
    is_site_name,
    normalize_text,
    split_site_name,
    words,
)
from corpus.dates import date_in_url, dateline
from corpus.prose import looks_like_prose
from corpus.readers.base import RawArticle, ReadError
from corpus.sources import detect_source, fold, source_of_domain

#: A title is a single line of at most this many words and characters.
TITLE_WORDS = 30
TITLE_CHARS = 300
#: Section labels above a headline (``World``, ``Breaking news``) are this short.
SECTION_LABEL_WORDS = 2
_TERMINAL = re.compile(r"[.!?…:;,\"”’')\]]$")
#: A numbered or bulleted list item (``1. Headline``, ``• Headline``): a "most read" list.
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[•·*▪►-])\s")
#: A line that is only the page's address (``https://...``), as scrapers often record it.
_URL_LINE = re.compile(r"https?://[^\s/]+\.[^\s]+")
#: A line that is only a person's name (an author line above a date), not a headline.
_PERSON = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}$")


def _is_title(line: str, site: str | None) -> bool:
    """A line that can be the headline: short, not chrome, not the site's own name."""
    return (
        len(line) <= TITLE_CHARS
        and words(line) <= TITLE_WORDS
        and not _LIST_ITEM.match(line)
        and not (site and fold(line) == site)
        and any(ch.isalpha() for ch in line)
        and not is_chrome(line)
        and not dateline(line)
        and not is_site_name(line)
        and byline_names(line) is None
        and not is_photo_caption(line)
    )


def _is_navigation(line: str) -> bool:
    """Breadcrumbs or a section menu (``World / Europe``), as opposed to a share bar."""
    return is_menu(line) and not chrome_table().drop.fullmatch(line) and not dateline(line)


def _heading_follows(lines: list[str], after: list[int], site: str | None) -> bool:
    """Whether the next line that is not chrome is a heading (title-like, no final full stop)."""
    for index in after:
        line = lines[index]
        if is_chrome(line):
            continue
        return _is_title(line, site) and not line.endswith(".")
    return False


def _find_headline(lines: list[str], site: str | None = None) -> tuple[int | None, int]:
    """(index of the headline line or None, index where the body starts).

    The candidates are the title-like lines above the first line of prose. A candidate
    followed by navigation is a masthead (``The Morning Ledger`` above the breadcrumbs),
    one naming the page itself (``site``, folded) too, and a line of one or two words
    above a heading is a section label (``Politics``). The first remaining candidate is the
    headline, except when it sits right under a menu (a tagline under the masthead) and a
    later one is directly followed by a dateline or a byline: that one is the headline.
    """
    filled = [index for index, line in enumerate(lines) if line]
    candidates: list[int] = []
    dated: int | None = None
    body_at = len(lines)
    for position, index in enumerate(filled):
        line = lines[index]
        following = lines[filled[position + 1]] if position + 1 < len(filled) else None
        if _is_title(line, site):
            if following is None:
                candidates.append(index)
                continue
            label = words(line) <= SECTION_LABEL_WORDS and _heading_follows(lines, filled[position + 1 :], site)
            if not (label or _is_navigation(following)):
                if not candidates and not _under_menu(lines, index):
                    return index, index + 1  # a plain first title: nothing can displace it
                candidates.append(index)
                if dated is None and (dateline(following) or byline_names(following) is not None):
                    dated = index
        elif is_prose(line) and not is_chrome(line):
            body_at = index
            break
    if not candidates:
        return None, body_at
    first = candidates[0]
    if dated is not None and dated != first and not _PERSON.match(lines[dated]):
        first = dated
    return first, first + 1


def _under_menu(lines: list[str], index: int) -> bool:
    """Whether the line above ``index`` (skipping blank lines) is a menu or breadcrumbs."""
    for line in reversed(lines[:index]):
        if line:
            return is_menu(line)
    return False


def _dateline_above(lines: list[str], headline: int) -> str | None:
    """A date line directly above the headline (some sites print the date first)."""
    for line in reversed(lines[:headline]):
        if line:
            return line if dateline(line) else None
    return None


#: Hard-wrapped text has every line of a block at most this long (wire copy wraps at ~70).
WRAP_WIDTH = 100


def _unwrap(block: list[str]) -> list[str]:
    """The paragraphs of one block of consecutive lines.

    A block of three or more lines that all fit a wrap width, most of them long, is
    hard-wrapped prose: a line is joined to the one before unless that one ends a sentence
    (a paragraph may then be split in two, but a credit line is never glued to the prose
    above it). In other blocks each line is its own paragraph (scraped pages put one per
    line), except a line starting in lower case, which continues the one before.
    """
    wrapped = (
        len(block) >= 3
        and max(map(len, block)) <= WRAP_WIDTH
        and sum(len(line) >= WRAP_WIDTH // 2 for line in block) * 3 >= len(block) * 2
    )
    result: list[str] = []
    for line in block:
        if result:
            previous = result[-1]
            cut = wrapped and not _TERMINAL.search(previous)
            if cut or line[0].islower():
                result[-1] = f"{previous}\n{line}"
                continue
        result.append(line)
    return [" ".join(paragraph.split("\n")) for paragraph in result]


def paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines separate blocks, see :func:`_unwrap`."""
    result: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            result.extend(_unwrap(block))
            block = []
    return result


def _page_url(lines: list[str], headline_at: int | None) -> str | None:
    """The page's own address: a URL line above the headline, or the file's last line
    (a link inside the story, such as an embedded post, is not the page)."""
    filled = [line for line in lines if line]
    above = lines[:headline_at] if headline_at is not None else filled[:1]
    for line in [*above, *filled[-1:]]:
        if _URL_LINE.fullmatch(line):
            return line
    return None


def read(path: str, text: str) -> Iterator[RawArticle]:
    """One article from a scraped text page."""
    text = normalize_text(text)
    if not text.strip():
        raise ReadError("empty file")
    lines = text.split("\n")
    source = detect_source(text)
    headline_at, body_at = _find_headline(lines, fold(source) if source else None)
    headline, titled = split_site_name(lines[headline_at]) if headline_at is not None else ("", None)
    body_lines = lines[body_at:]
    above = _dateline_above(lines, headline_at) if headline_at is not None else None
    if above:
        body_lines = [above, "", *body_lines]
    cleaned = clean(paragraphs(body_lines), headline)
    if not cleaned.paragraphs:
        raise ReadError("no article text after removing page chrome")
    if not looks_like_prose(cleaned.paragraphs):
        raise ReadError("not an article: the text is a list, table or data, not prose")
    url = _page_url(lines, headline_at)
    date, date_from = cleaned.date, cleaned.date_from
    if url and date_in_url(url):  # the page's own address is metadata: it outranks the text
        date, date_from = date_in_url(url), "metadata"
    yield RawArticle(
        path=path,
        position=None,
        headline=headline,
        body="\n\n".join(cleaned.paragraphs),
        date=date,
        date_from=date_from,
        source=titled or source or (source_of_domain(url) if url else None),
        url=url,
        authors=cleaned.authors,
    )
