"""The one shape every reader's output ends up in."""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: How an article's date was found; users facet by year and must be able to trust it.
DATE_SOURCES = ("metadata", "dateline", "text")


@dataclass(frozen=True)
class Article:
    """A normalized news article.

    ``id`` depends on the content only (headline and body), so the same article reached
    by two paths, or republished word for word, gets the same id in every run.
    ``position`` is the 1-based ordinal of the article inside a multi-article file
    (SGML, XML, JSON lines) and ``None`` for a file holding one article.
    """

    id: str
    path: str
    position: int | None
    headline: str
    date: _dt.date | None
    date_from: str | None
    source: str | None
    people: tuple[str, ...]
    leaders: tuple[str, ...]
    body: str
    url: str | None = None
    authors: tuple[str, ...] = field(default=())

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def location(self) -> str:
        """``path`` for a single-article file, ``path#position`` inside a collection."""
        return self.path if self.position is None else f"{self.path}#{self.position}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the fields in a stable order."""
        return {
            "id": self.id,
            "path": self.path,
            "position": self.position,
            "headline": self.headline,
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "date_from": self.date_from,
            "source": self.source,
            "people": list(self.people),
            "leaders": list(self.leaders),
            "body": self.body,
            "url": self.url,
            "authors": list(self.authors),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        date = data.get("date")
        return cls(
            id=data["id"],
            path=data["path"],
            position=data.get("position"),
            headline=data.get("headline") or "",
            date=_dt.date.fromisoformat(date) if date else None,
            date_from=data.get("date_from"),
            source=data.get("source"),
            people=tuple(data.get("people") or ()),
            leaders=tuple(data.get("leaders") or ()),
            body=data.get("body") or "",
            url=data.get("url"),
            authors=tuple(data.get("authors") or ()),
        )


def article_id(headline: str, body: str) -> str:
    """Stable content id: the same headline and body always give the same id.

    The text hashed is each field's words joined by single spaces (``" ".join(text.split())``),
    produced piece by piece: a list of every word of a large body costs ~12 times its size.
    """
    digest = hashlib.blake2b(digest_size=8)
    digest.update(" ".join(headline.split()).encode("utf-8"))
    digest.update(b"\x00")
    for piece in _single_spaced(body):
        digest.update(piece.encode("utf-8"))
    return digest.hexdigest()


_SPACE = re.compile(r"\s")  # what str.split() splits at


def _single_spaced(text: str, step: int = 1 << 16) -> Iterator[str]:
    """The pieces of ``" ".join(text.split())``, from slices of about ``step`` characters
    cut at whitespace."""
    start, first = 0, True
    while start < len(text):
        space = _SPACE.search(text, min(start + step, len(text)))
        end = space.start() if space else len(text)
        piece = " ".join(text[start:end].split())
        if piece:
            yield piece if first else " " + piece
            first = False
        start = end
