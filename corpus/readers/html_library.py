"""What trafilatura and htmldate find in a page: the main text, the authors and the dates.

Maintained extractors, used for the parts they do better than hand-written rules on real
pages (benchmarks/extraction.py measures both side by side): trafilatura for the body and
the byline, htmldate for the publication date. Imported on the first HTML page only, so
that ``gazette search`` never loads them.
"""
from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass

#: Pages beyond this size are left to Gazette's own reader: the libraries' tree passes are
#: not bounded like its single walk (a 10 MB page costs them tens of seconds).
MAX_CHARS = 3_000_000


@dataclass(frozen=True)
class Extraction:
    """trafilatura's reading of a page."""

    paragraphs: list[str]
    authors: tuple[str, ...]


def _quiet() -> None:
    """The libraries log every page they find no date or text in: that is not news here."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _date(value: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def extract(text: str, url: str | None = None) -> Extraction | None:
    """trafilatura's main text and authors of a page (None: it found no text)."""
    if len(text) > MAX_CHARS:
        return None
    import trafilatura

    _quiet()
    doc = trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        deduplicate=False,
        # its date is not used: no text search (dateparser's first call costs seconds)
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    paragraphs = [line.strip() for line in (doc.text or "").split("\n") if line.strip()]
    authors = tuple(name.strip() for name in (doc.author or "").split(";") if name.strip())
    return Extraction(paragraphs, authors)


def htmldate_date(page: str, url: str | None = None, search: bool = False) -> _dt.date | None:
    """htmldate's publication date of a page: from its markup (metadata, JSON, elements
    marked as dates), or with ``search`` also from its text's date patterns, where a bare
    year (a copyright line, a footer: read as 1 January) is no publication date."""
    if len(page) > MAX_CHARS:
        return None
    import htmldate

    _quiet()
    found = _date(htmldate.find_date(page, extensive_search=search, original_date=True, url=url))
    return None if found is None or (search and (found.month, found.day) == (1, 1)) else found
