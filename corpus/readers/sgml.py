"""Reuters-21578 SGML: many ``<REUTERS>`` stories per file.

Per story: headline = ``<TITLE>``, date = the day of ``<DATE>`` (read from its leading
``D-MON-YYYY``, so the malformed dates of the collection, with a broken time, stray
control codes or a trailing comment, still give their day), body = ``<BODY>`` reflowed
from its hard-wrapped lines, without the wire sign-off (``Reuter``, ``REUTER...``, a
trailing ``MORE``). Stories without TITLE or BODY (TEXT TYPE="BRIEF" / "UNPROC") take
their headline from the first line of the text. ``<DATELINE>`` is metadata, not prose,
and stays out of the body. The ``<PEOPLE>`` tags are deliberately not used.
The parser is regex-based and tolerant: it is not a validating SGML parser, and a story
with a missing end tag is reported while the rest of the file goes on.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator

from corpus.normalize import (
    clean_line,
    join_paragraphs,
    metadata_date,
    reflow,
    split_authors,
)
from corpus.readers.base import RawArticle, ReadError, guarded
from corpus.readers.tags import element, plain, read_records

SOURCE = "Reuters"

_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_DAY = re.compile(r"\b(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
#: The wire sign-off / continuation marker closing a story: on its own last line, or
#: after the closing punctuation of the last sentence (``... an ounce. REUTER``).
_SIGNOFF = re.compile(
    r"(?:^|(?<=[.!?\"')]))[ \t]*(?i:reuters?|reute|more)(?:\^M|\.{2,}|[\d:/]+[A-Z]*)?\s*\Z"
    r"|(?<=\d)[ \t]+REUTERS?\s*\Z",  # after the last figure of a table: "... 17 REUTER"
    re.M,
)
#: The filler line after the title of a headline-only (BRIEF) wire story.
_FILLER = re.compile(r"^\s*blah blah blah\.?\s*$", re.I | re.M)
#: A wire dateline left at the start of the text (stories whose DATELINE is not tagged):
#: upper-case place, month, day, dash - ``NEW YORK, March 31 - ``.
_LEADING_DATELINE = re.compile(r"\A\s*[A-Z][A-Z .,'/&-]{1,40}, [A-Z][a-z]{2,8}\.? \d{1,2} - ")


def read(path: str, text: str) -> Iterator[RawArticle | ReadError]:
    """Every story of a Reuters SGML file, in order; bad stories as ReadError items."""
    return read_records(path, text, "REUTERS", ("story", "stories"), _story)


@guarded
def _story(path: str, position: int, story: str) -> RawArticle:
    text = element(story, "TEXT", container=True)
    if text is None:
        raise ReadError("no <TEXT> element")
    title = element(text, "TITLE")
    body = element(text, "BODY")
    if body is None:
        body = _text_without_body(text, title is not None)
    headline = clean_line(plain(title)) if title is not None else ""
    if not headline:  # an empty story (there is one in Reuters-21578) stays, dated and empty
        headline, body = _first_line(body)
    date = story_date(element(story, "DATE") or "")
    return RawArticle(
        path=path,
        position=position,
        headline=headline,
        body=join_paragraphs(reflow(_strip_signoff(_LEADING_DATELINE.sub("", plain(body))))),
        date=date,
        date_from="metadata" if date else None,
        source=SOURCE,
        authors=split_authors(plain(element(text, "AUTHOR") or "")),
    )


def story_date(value: str) -> _dt.date | None:
    """The day of a Reuters ``<DATE>`` value, tolerant of what follows the day."""
    value = plain(value)
    match = _DAY.search(value)
    if match and match.group(2).upper() in _MONTHS:
        try:
            return _dt.date(int(match.group(3)), _MONTHS[match.group(2).upper()], int(match.group(1)))
        except ValueError:
            pass
    return metadata_date(value)


def _text_without_body(text: str, titled: bool) -> str:
    """The story text of a BRIEF/UNPROC story: what follows the title, tags removed.

    A BRIEF story is "a short one or two line note" held in its TITLE (the collection's
    README); the wire put a filler line after it, which is no text of the story.
    """
    if titled:
        text = re.split(r"</TITLE\s*>", text, maxsplit=1, flags=re.I)[-1]
    text = re.sub(r"<(DATELINE|AUTHOR)\b[^>]*>.*?</\1\s*>", "", text, flags=re.I | re.S)
    return _FILLER.sub("", text)


def _first_line(body: str) -> tuple[str, str]:
    lines = plain(body).splitlines()
    for index, line in enumerate(lines):
        if clean_line(line):
            return clean_line(line), "\n".join(lines[index + 1 :])
    return "", ""


def _strip_signoff(text: str) -> str:
    """``text`` without its closing sign-offs ("REUTER", "more"...).

    A sign-off never spans a line break, so only the last line is searched: the pattern is
    anchored at the end, but the regex engine would try it at every position of a story.
    """
    text = text.rstrip()
    while True:
        cut = text.rfind("\n") + 1
        tail = text[cut:]
        stripped = _SIGNOFF.sub("", tail).rstrip()
        if stripped == tail:
            return text
        text = (text[:cut] + stripped).rstrip()
