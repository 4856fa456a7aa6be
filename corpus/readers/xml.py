"""XML article collections: many ``<article>`` (or RSS ``<item>``, Atom ``<entry>``) elements.

Fields come from attributes or child elements under their usual names (``title``,
``published-at``/``pubDate``/``published``..., ``url``/``link``, ``author``/``creator``);
the body is the element's ``<p>`` paragraphs (links and quotes inside keep their text),
or a ``content``/``description`` child holding (possibly escaped) HTML. A record without
an author field takes its authors from the body's byline and closing bio or contact line
(:mod:`corpus.authorlines`); a byline paragraph leaves the body. Text loose between
the paragraphs is kept only when it reads as prose: in the collections seen it is image
captions, ad teasers and tag lists. Parsing uses lxml's recovering parser, so a truncated
or malformed file yields every article that can be read plus a problem naming the damage.
"""
from __future__ import annotations

import html.entities
import io
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from corpus.authorlines import author_lines
from corpus.normalize import (
    clean_line,
    html_paragraphs,
    looks_like_html,
    text_paragraphs,
)
from corpus.readers.base import RawArticle, ReadError, guarded
from corpus.readers.fields import NAMES, build, pick
from corpus.readers.html import blocks

RECORDS = frozenset({"article", "item", "entry"})
_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
#: Loose text between paragraphs is kept when it has this many words and ends a sentence.
_PROSE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?\"'\u201d\u2019)]\s*$")


def read(path: str, text: str) -> Iterator[RawArticle | ReadError]:
    """Every record element of the collection, in document order.

    Malformed input is parsed twice, by lxml's recovering XML parser and by its HTML
    parser (which knows that ``</p>`` closes a stray ``<b>``, and reads ``&nbsp;``); the
    reading that recovers more articles wins, and the damage is reported either way.
    """
    text = _ENTITY.sub(_html_entity, _DECLARATION.sub("", text, count=1))
    data = text.encode("utf-8", errors="replace")
    items, errors = _parse(path, data, html=False)
    if errors:
        second, _ = _parse(path, data, html=True)
        if _count(second) > _count(items):
            items = second
        first = errors[0]
        items.append(ReadError(f"malformed XML ({len(errors)} errors, first at line {first.line}: {first.message})"))
    elif not items:
        raise ReadError("no <article>, <item> or <entry> elements found")
    yield from items


def _html_entity(match: re.Match[str]) -> str:
    """HTML's named entities (``&nbsp;``, ``&mdash;``), undeclared in XML, as characters;
    XML's own five stay escaped."""
    name = match.group(1)
    if name in ("amp", "lt", "gt", "quot", "apos"):
        return match.group(0)
    return html.entities.html5.get(name + ";", match.group(0))


def _count(items: list[RawArticle | ReadError]) -> int:
    return sum(1 for item in items if isinstance(item, RawArticle))


def _parse(path: str, data: bytes, html: bool) -> tuple[list[RawArticle | ReadError], list[Any]]:
    events = etree.iterparse(
        io.BytesIO(data), events=("end",), recover=True, huge_tree=True, html=html,
        **({} if html else {"resolve_entities": False}),
    )
    items: list[RawArticle | ReadError] = []
    position = 0
    feed = ""
    try:
        for _, element in events:
            if not isinstance(element.tag, str) or _local(element.tag) not in RECORDS:
                continue
            if any(_local(a.tag) in RECORDS for a in element.iterancestors() if isinstance(a.tag, str)):
                continue  # a record nested in a record belongs to its parent
            position += 1
            feed = _feed_title(element) or feed  # read before _release drops the records' siblings
            try:
                items.append(_record(path, position, element, feed))
            except ReadError as error:
                items.append(ReadError(f"article {position}: {error}"))
            _release(element)
    except etree.LxmlError as error:
        items.append(ReadError(f"malformed XML, reading stopped: {error}"))
    errors = [e for e in events.error_log if e.level >= etree.ErrorLevels.ERROR]
    return items, errors


def _feed_title(record: Any) -> str:
    """The ``<title>`` of the channel or feed holding the record (an RSS/Atom site name)."""
    parent = record.getparent()
    if parent is None or _local(parent.tag) not in ("channel", "feed"):
        return ""
    for child in parent:
        if isinstance(child.tag, str) and _local(child.tag) == "title":
            return _text(child)
    return ""


@guarded
def _record(path: str, position: int, element: Any, feed: str = "") -> RawArticle:
    fields = _fields(element)
    authors = [_text(c) for c in element if isinstance(c.tag, str) and _local(c.tag) in NAMES["authors"]]
    lines = author_lines([clean_line(text) for text in _paragraphs(element, fields)])
    if not authors and not pick(fields, "authors"):
        authors = list(lines.authors)  # no author field: the byline, bio or contact line
    return build(
        path,
        position,
        headline=pick(fields, "headline") or "",
        paragraphs=[text for text in lines.paragraphs if text],
        date=pick(fields, "date"),
        source=pick(fields, "source") or "",
        url=pick(fields, "url") or "",
        authors=authors or pick(fields, "authors"),
        feed=feed,
    )


def _fields(element: Any) -> dict[str, str]:
    """Attributes and simple child elements, by lower-case local name (attributes win)."""
    fields: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) not in ("p", "a", "q"):
            value = child.get("href") if _local(child.tag) == "link" and not child.text else None
            fields.setdefault(_local(child.tag), value or "".join(child.itertext()))
    for name, value in element.attrib.items():
        fields[_local(name)] = value
    return fields


def _paragraphs(element: Any, fields: dict[str, str]) -> list[str]:
    """``<p>`` paragraphs with prose-like loose text, else an HTML/text content field."""
    paragraphs: list[str] = []
    if element.text and _is_prose(element.text):
        paragraphs.append(element.text)
    found = _collect(element, paragraphs)
    if found:
        return paragraphs
    content = pick(fields, "text")
    if content:
        return html_paragraphs(content) if looks_like_html(content) else text_paragraphs(content)
    return paragraphs


def _collect(record: Any, out: list[str]) -> bool:
    """Append ``<p>`` texts and prose-like tails below ``record`` in document order;
    True when any ``<p>`` was found. Iterative: nesting depth is the input's choice."""
    found = False
    stack: list[tuple[Iterator[Any], str | None]] = [(iter(record), None)]
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if tail and _is_prose(tail):
                out.append(tail)
            continue
        name = _local(child.tag) if isinstance(child.tag, str) else ""
        if name == "p":
            out.extend(clean_line(text) for text in blocks(child))  # a mostly-link <p> gives none
            found = True
        elif name and (name not in NAMES["text"] or any(True for _ in child.iter("{*}p", "p"))):
            stack.append((iter(child), child.tail))
            continue
        if child.tail and _is_prose(child.tail):
            out.append(child.tail)
    return found


def _is_prose(text: str) -> bool:
    text = clean_line(text)
    return len(text.split()) >= _PROSE_WORDS and bool(_SENTENCE_END.search(text))


def _text(element: Any) -> str:
    return clean_line("".join(element.itertext()))


def _local(tag: str) -> str:
    """``{namespace}name`` or ``prefix:name`` -> ``name``, lower-cased."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _release(element: Any) -> None:
    """Free parsed records as we go (constant memory on large collections)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
