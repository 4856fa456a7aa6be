"""Normalization steps shared by every reader of structured formats.

Bodies always end up the same way: paragraphs joined by one blank line, whitespace
inside a paragraph collapsed to single spaces, control characters removed, typography
(curly quotes, dashes) kept as written.
"""
from __future__ import annotations

import datetime as _dt
import functools
import html
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from corpus.chrome import clean_paragraphs, collapse
from corpus.dates import parse_date
from corpus.sources import canonical_source, detect_source, source_of_domain

#: C0/C1 control characters, except the whitespace ones that collapsing handles.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Zero-width characters that would split words invisibly.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def clean_line(text: str) -> str:
    """One paragraph or field value: NFC, no control characters, single spaces."""
    return collapse(_INVISIBLE.sub("", _CONTROLS.sub(" ", unicodedata.normalize("NFC", text))))


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The body as stored: cleaned, non-empty paragraphs separated by a blank line."""
    return "\n\n".join(p for p in map(clean_line, paragraphs) if p)


#: What separates paragraphs in a body: a blank line (maybe holding spaces).
PARAGRAPH_GAP = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> Iterator[str]:
    """``PARAGRAPH_GAP.split(text)``, one piece at a time: a 50 MB body is not held
    twice over as a list of its paragraphs."""
    start = 0
    for gap in PARAGRAPH_GAP.finditer(text):
        yield text[start : gap.start()]
        start = gap.end()
    yield text[start:]


def reflow(text: str) -> list[str]:
    """Paragraphs of hard-wrapped text: a blank line or an indented line starts one.

    Wire copy (Reuters) wraps lines at ~70 columns and indents each new paragraph;
    joining the wrapped lines back gives one paragraph per paragraph of the story.
    """
    paragraphs: list[list[str]] = []
    fresh = True
    for line in text.splitlines():
        if not line.strip():
            fresh = True
            continue
        if fresh or line[:1].isspace():
            paragraphs.append([])
        paragraphs[-1].append(line)
        fresh = False
    return [" ".join(lines) for lines in paragraphs]


_ESCAPED = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)


def unescape(text: str) -> str:
    """Resolve HTML character references left in a plain-text value (``Kim &amp; Moon``,
    ``&#8220;``): scraped feeds often carry them escaped once too often."""
    return html.unescape(text) if _ESCAPED.search(text) else text


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text field (JSON, XML): blank lines separate paragraphs;
    without any, single line breaks do, unless the lines are hard-wrapped prose
    (most end mid-sentence), which is reflowed. Escaped HTML entities are resolved."""
    text = unescape(text)
    if re.search(r"\n[ \t]*\n", text):
        return reflow(text)
    lines = [line for line in text.splitlines() if line.strip()]
    open_ended = sum(1 for line in lines if not re.search(r"[.!?:\"'\u201d)]\s*$", line))
    if len(lines) >= 3 and open_ended * 2 > len(lines):
        return reflow(text)
    return lines


def clean_prose(paragraphs: list[str], headline: str) -> list[str]:
    """Drop chrome, share prompts, photo credits and a repeated headline from a body,
    with the page-chrome rules of :mod:`corpus.chrome` (one table for every format)."""
    return clean_paragraphs([p for p in map(clean_line, paragraphs) if p], headline)


def article_source(declared: str, url: str | None, paragraphs: list[str]) -> str | None:
    """The publication of a structured record: its source field (canonical spelling),
    else the site its URL belongs to, else a wire credit or self-reference in the text
    (the table-driven rules of :mod:`corpus.sources`)."""
    declared = clean_line(declared)
    if declared:
        return canonical_source(declared)
    return (url and source_of_domain(url)) or detect_source("\n\n".join(paragraphs))


#: Elements of an HTML fragment whose content is never article text.
_SKIP = frozenset("script style noscript template iframe svg head nav figcaption".split())


def looks_like_html(text: str) -> bool:
    """True when a field value carries markup rather than plain prose."""
    return bool(re.search(r"</?(?:p|br|div|span|a|em|strong|b|i|li|ul|h[1-6])\b[^>]*>", text, re.I))


@functools.lru_cache(maxsize=1)
def _html_parser() -> Any:
    """lxml's HTML parser without its depth limit (past 256 levels it drops the text)."""
    import lxml.html

    return lxml.html.HTMLParser(huge_tree=True)


def html_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment: each block element (``p``, ``li``, ``br``...) ends one.

    Scripts, styles, comments, navigation and captions are dropped, and so are paragraphs
    that are mostly links (the HTML reader's :func:`corpus.readers.html.blocks` rule);
    inline markup keeps its text. For HTML inside JSON and XML fields, not whole pages.
    """
    import lxml.html

    from corpus.readers.html import blocks

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=_html_parser())
    except Exception:  # lxml raises several types on junk; the text is still wanted
        return reflow(re.sub(r"<[^>]+>", " ", fragment))
    for element in list(root.iterdescendants()):
        if not isinstance(element.tag, str) or element.tag.lower() in _SKIP:
            element.drop_tree()  # keeps the tail text
    return [p for p in map(clean_line, blocks(root)) if p]


def metadata_date(value: Any) -> _dt.date | None:
    """The day of a metadata date value: ISO and other strings, or a Unix timestamp
    (seconds or milliseconds, as a number or a string).

    Everything goes to :func:`corpus.dates.parse_date`, the project's one date parser,
    which returns None rather than a guess.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = int(value)
    return parse_date(clean_line(str(value)))


_BY = re.compile(r"^\s*by\s+", re.I)
_AND = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.I)
#: Trailing credit after a byline name: "By Jane Doe, Reuters".
_AFFILIATION = frozenset({"reuters", "reuter", "ap", "afp", "staff", "staff writer", "correspondent"})


def split_authors(value: Any) -> tuple[str, ...]:
    """Author names from a byline string, a list, or records with a ``name``.

    ``"By JANE DOE and John Roe, Reuters"`` -> ``("Jane Doe", "John Roe")``.
    """
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or ""
        for name in _AND.split(_BY.sub("", clean_line(str(item)))):
            name = name.strip(" .")
            if name and name.casefold() not in _AFFILIATION and any(c.isalpha() for c in name):
                names.append(name.title() if name.isupper() else name)
    return tuple(dict.fromkeys(names))
