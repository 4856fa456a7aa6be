"""TREC-style SGML news archives: many ``<DOC>`` records per file (AP, WSJ, LA Times, FT...).

Each collection names its fields a little differently, so each field is the first of its
usual tags: headline ``HEADLINE``/``HEAD``/``HL``/``TITLE``, date ``DATE``/``DD``/``PUBDATE``
(a metadata date; ambiguous numeric forms give no date), source ``SO``/``SOURCE``/``PUB``
(else a wire credit in the text, ``(AP)``), authors ``BYLINE``/``AUTHOR``, body every
``TEXT`` element: its ``<P>`` paragraphs, or its hard-wrapped lines reflowed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from corpus.normalize import (
    article_source,
    clean_line,
    clean_prose,
    metadata_date,
    reflow,
    split_authors,
)
from corpus.readers.base import RawArticle, ReadError, guarded
from corpus.readers.tags import element, first, plain, read_records

HEADLINE = ("HEADLINE", "HEAD", "HL", "TITLE", "H3")
DATE = ("DATE", "DD", "PUBDATE", "DATE_TIME")
SOURCE = ("SO", "SOURCE", "PUB")
AUTHORS = ("BYLINE", "AUTHOR")
_TEXT = re.compile(r"<TEXT\b[^>]*>(.*?)(?:</TEXT\s*>|\Z)", re.I | re.S)
_PARAGRAPH = re.compile(r"<P\b[^>]*>(.*?)(?:</P\s*>|(?=<P\b)|\Z)", re.I | re.S)


def read(path: str, text: str) -> Iterator[RawArticle | ReadError]:
    """Every ``<DOC>`` of the file, in order; bad records as ReadError items."""
    return read_records(path, text, "DOC", ("document", "documents"), _document)


@guarded
def _document(path: str, position: int, doc: str) -> RawArticle:
    headline = clean_line(plain(first(doc, HEADLINE) or ""))
    raw = [p for block in _TEXT.findall(doc) for p in _paragraphs(block)]
    if not headline and not raw:
        raise ReadError("no headline and no <TEXT>")
    date = metadata_date(plain(first(doc, DATE) or "")) or None
    return RawArticle(
        path=path,
        position=position,
        headline=headline,
        body="\n\n".join(clean_prose(raw, headline)),
        date=date,
        date_from="metadata" if date else None,
        source=article_source(plain(first(doc, SOURCE) or ""), None, _credits(doc) + raw),
        authors=split_authors(plain(first(doc, AUTHORS) or "")),
    )


def _paragraphs(block: str) -> list[str]:
    """``<P>``-marked paragraphs, or the block's hard-wrapped lines reflowed."""
    marked = _PARAGRAPH.findall(block)
    if marked:
        return [plain(p) for p in marked]
    return reflow(plain(block))


def _credits(doc: str) -> list[str]:
    """Dateline text, where wire credits sit (``BANGKOK, Thailand (AP)``)."""
    dateline = element(doc, "DATELINE")
    return [plain(dateline)] if dateline else []
