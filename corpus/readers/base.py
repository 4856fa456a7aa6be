"""What a reader returns before the shared normalization steps (people, leaders, id)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field


class ReadError(Exception):
    """A file (or one record in it) cannot be read; the message is the reason shown to the user."""


@dataclass
class RawArticle:
    """One article as a reader extracted it.

    ``body`` holds the article's prose only, paragraphs joined by blank lines: the reader
    has already removed chrome, repeated headlines, datelines, bylines and photo credits.
    ``source`` is filled when the format or the page names the publication.
    """

    path: str
    position: int | None
    headline: str
    body: str
    date: _dt.date | None = None
    date_from: str | None = None
    source: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = field(default=())
