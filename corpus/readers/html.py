"""HTML pages (``.html``, ``.htm``): page metadata first, then the main text.

Metadata, when the page has it, is the strongest evidence (:mod:`corpus.readers.htmlmeta`:
``og:title``, JSON-LD ``NewsArticle``, ``article:published_time``, ``og:site_name``,
``<time datetime>``...). The body is the text
of the element that holds the article (``itemprop=articleBody``, ``<article>``, ``<main>``,
else the element whose paragraphs carry the most prose), without navigation, share bars,
related lists, captions, forms and link lists, then cleaned like any text page.
"""
from __future__ import annotations

import datetime as _dt
import html
import re
from typing import Any, Iterator

import lxml.etree

from corpus.dates import UPDATED_LABEL
from corpus.chrome import Cleaned, byline_names, chrome_table, clean, collapse, is_prose, normalize_text, split_lead
from corpus.readers.base import RawArticle, ReadError
from corpus.readers.htmlmeta import (
    Metadata,
    byline_authors,
    element_text,
    first_date,
    headline_of,
    marked_date,
    metadata,
    people_authors,
    person_names,
    site_from_title,
    url_date,
    url_month,
    without_other_dates,
)
from corpus.readers.html_library import Extraction, extract, htmldate_date
from corpus.sources import canonical_source, detect_source, fold, source_of_domain

#: Elements never holding article prose.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "nav", "aside", "footer", "form", "button", "input", "select", "textarea", "label",
    "figure", "figcaption", "picture", "video", "audio", "dialog", "menu", "header",
)
#: Elements that end a paragraph.
_BLOCK_TAGS = frozenset(
    "p div section article main header li ul ol dl dt dd blockquote pre h1 h2 h3 h4 h5 h6 "
    "table thead tbody tr td th hr br address center".split()
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: A block whose text is mostly link text is a list of links (related stories, tags...).
MAX_LINK_DENSITY = 0.5
#: An element that holds this share of the article's text is never dropped as chrome.
KEEP_SHARE = 0.5


# ---------------------------------------------------------------- main text


#: A start tag longer than this is cut to its first ``MAX_ATTRIBUTES`` attributes before
#: parsing: libxml2 checks each attribute against all earlier ones, so 100,000 attributes on
#: one element cost it minutes.
MAX_TAG_CHARS = 20_000
MAX_ATTRIBUTES = 100
_LONG_TAG = re.compile(r"<([A-Za-z][\w:.-]*)([^<>]{%d,})>" % MAX_TAG_CHARS)
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")


def tame(text: str) -> str:
    """The page with every overlong start tag cut to its first attributes."""
    def cut(match: re.Match[str]) -> str:
        attributes = _ATTRIBUTE.finditer(match.group(2))
        kept = [attribute.group(0) for attribute, _ in zip(attributes, range(MAX_ATTRIBUTES))]
        return f"<{match.group(1)} {' '.join(kept)}>"

    return _LONG_TAG.sub(cut, text)


def _parse(text: str) -> tuple[Any, bool]:
    """The page's element tree (plain lxml elements: much faster to walk than lxml.html's),
    and whether libxml2 cut it short (it stops at 2,048 nested elements)."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise ReadError("empty file")
    parser = lxml.etree.HTMLParser(recover=True, huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise ReadError(f"unreadable HTML: {error}") from error
    if root is None:
        raise ReadError("unreadable HTML: no document")
    truncated = any("depth" in entry.message for entry in parser.error_log)
    return root, truncated


def _drop(element: Any) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_chrome_container(element: Any) -> bool:
    html = chrome_table().html
    names = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}".split()
    if element.get("aria-hidden") == "true" or "hidden" in element.attrib:
        return True
    role = (element.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    return any(html.search(name) for name in names)


def _prose_score(root: Any) -> Any:
    """The element whose paragraphs hold the most prose (readability-style scoring)."""
    scores: dict[Any, float] = {}
    for paragraph in root.iter("p"):
        size = len(element_text(paragraph))
        if size < 25:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + size
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + size / 2
    if not scores:
        return root.find("body") if root.find("body") is not None else root
    return max(scores, key=scores.__getitem__)


def _with_headline(root: Any, main: Any) -> Any:
    """Widen ``main`` to the nearest ancestor holding the ``<h1>`` too (byline and date
    usually sit beside it), unless that ancestor brings in much more text than the headline."""
    h1 = next(root.iter("h1"), None)
    if h1 is None or main in h1.iterancestors() or h1 in main.iter():
        return main
    # Elements, not id()s: lxml makes a new proxy object per access and frees it when
    # unreferenced, so an id() taken from a proxy that died can belong to another element
    # later, which made the chosen container (and the article id) vary from run to run.
    mains = set(main.iterancestors())
    size = len(element_text(main))
    for ancestor in h1.iterancestors():
        if ancestor in mains:
            grown = len(element_text(ancestor))
            return ancestor if grown <= size * 1.2 + 400 else main
    return main


def main_element(root: Any) -> Any:
    """The element holding the article: marked body, ``<article>``, ``<main>``, else by score."""
    for element in root.iter():
        if isinstance(element.tag, str) and (element.get("itemprop") or "").lower() == "articlebody":
            return element
    for tag in ("article", "main"):
        found = [element for element in root.iter(tag)]
        if found:
            return max(found, key=lambda element: len(element_text(element)))
    return _with_headline(root, _prose_score(root))


def _strip_chrome(container: Any) -> None:
    """Remove chrome elements inside the article container (never most of its text)."""
    total = len(element_text(container)) or 1
    doomed = []
    walker = lxml.etree.iterwalk(container, events=("start",))
    for _, element in walker:
        if element is container:
            continue
        if not isinstance(element.tag, str):
            doomed.append(element)
            continue
        if element.tag.lower() in _DROP_TAGS or _is_chrome_container(element):
            if len(element_text(element)) < KEEP_SHARE * total:
                doomed.append(element)
                walker.skip_subtree()
    for element in doomed:
        _drop(element)


def _is_link_list(text: str, linked: int) -> bool:
    """Mostly link text: a related-stories item or a tag list. A long sentence with many
    links in it is still prose unless it is nearly all links."""
    density = linked / len(text)
    return density > MAX_LINK_DENSITY and (len(text.split()) < 25 or density > 0.8)


def blocks(container: Any, keep_links: bool = False) -> list[str]:
    """Paragraph texts of a container in document order; every block element ends one.

    A paragraph that is mostly link text (related stories, tag lists) is left out, unless
    ``keep_links``.
    Iterative, so deeply nested markup cannot exhaust the stack.
    """
    paragraphs: list[str] = []
    parts: list[str] = []
    linked = 0
    link_depth = 0

    def flush() -> None:
        nonlocal linked
        text = collapse("".join(parts))
        if text and (keep_links or not _is_link_list(text, linked)):
            paragraphs.append(text)
        parts.clear()
        linked = 0

    for event, element in lxml.etree.iterwalk(container, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
            if tag == "a":
                link_depth += 1
            if tag and element.text:
                parts.append(element.text)
                if link_depth:
                    linked += len(collapse(element.text))
            continue
        if tag == "a":
            link_depth -= 1
        if tag in _BLOCK_TAGS:
            flush()
        if element.tail and element is not container:
            parts.append(element.tail)
            if link_depth:
                linked += len(collapse(element.tail))
    flush()
    return paragraphs


# ---------------------------------------------------------------- the reader


#: How far below the headline a ``By ...`` line is looked for, in paragraphs.
BYLINE_REACH = 8


def byline_below_headline(root: Any, headline: str) -> tuple[str, ...]:
    """Names of a ``By ...`` paragraph just below the headline, whatever the markup around
    it is called."""
    title, paragraphs = fold(headline), blocks(root, keep_links=True)
    for index, paragraph in enumerate(paragraphs):
        if title and fold(paragraph) == title:
            for below in paragraphs[index + 1 : index + 1 + BYLINE_REACH]:
                names = byline_names(below)
                if names:
                    return names
            return ()
    return ()


def _source(meta: Metadata, root: Any, titled: str | None) -> str | None:
    """Metadata site name, the URL's site, the ``<title>``'s site name, else credits in the page."""
    for site in meta.sites:
        name = canonical_source(site.lstrip("@"))
        if name:
            return name
    for url in meta.urls:
        name = source_of_domain(url)
        if name:
            return name
    return titled or detect_source("\n".join(blocks(root)))


_SOUP_SKIP = re.compile(r"<(script|style|noscript|template|nav|footer|aside)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_SOUP_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|td|article|section|blockquote|pre|dd|dt|ul|ol|table)\b[^>]*>", re.I)
_SOUP_TAG = re.compile(r"<[^>]*>")


def tag_soup_paragraphs(text: str) -> list[str]:
    """Paragraphs of a page the parser could not hold (libxml2 stops at 256 nested
    elements): scripts and navigation cut, block tags as breaks, other tags removed."""
    text = _SOUP_BLOCK.sub("\n\n", _SOUP_SKIP.sub(" ", text))
    text = html.unescape(_SOUP_TAG.sub("", text))
    return [collapse(part) for part in text.split("\n\n") if part.strip()]


def _below_headline(paragraphs: list[str], headline: str) -> list[str]:
    """Drop the short lines above the headline inside the article (kicker, section label)."""
    title = fold(headline)
    for index, paragraph in enumerate(paragraphs):
        if title and fold(paragraph) == title:
            return [p for p in paragraphs[:index] if is_prose(p)] + paragraphs[index:]
    return paragraphs


def _own_body(root: Any, text: str, headline: str, meta: Metadata, truncated: bool,
              captions: list[tuple[str, str]]) -> Cleaned:
    """The cleaned body: from the main element, else JSON-LD ``articleBody``, else (no text,
    or a tree the parser cut short that holds less than the raw page) the tag soup."""
    container = main_element(root)
    _strip_chrome(container)
    paragraphs = _below_headline(blocks(container), headline)
    cleaned = _with_lead(clean(paragraphs, headline), paragraphs, captions)
    size = sum(map(len, cleaned.paragraphs))
    if meta.body and size < len(meta.body) / 2:
        from_json = clean([line for line in normalize_text(meta.body).split("\n") if line], headline)
        if from_json.paragraphs:
            return from_json
    if not cleaned.paragraphs or truncated:
        soup = clean(tag_soup_paragraphs(text), headline)
        if sum(map(len, soup.paragraphs)) > size:
            return soup
    return cleaned


def chrome_paragraphs(root: Any) -> set[str]:
    """Folded texts inside chrome: navigation, share bars, bylines, date lines, related
    lists, footers (each chrome element holding less than half the page), as whole
    paragraphs and as the separate pieces an extractor may cut them into."""
    total = len(element_text(root)) or 1
    found: set[str] = set()
    sections: set[str] = set()  # the story's own subheadings, which a table of contents repeats
    walker = lxml.etree.iterwalk(root, events=("start",))
    for _, element in walker:
        if not isinstance(element.tag, str) or element is root:
            continue
        if element.tag.lower() in _DROP_TAGS or _is_chrome_container(element):
            if len(element_text(element)) < KEEP_SHARE * total:
                found.update(fold(text) for text in blocks(element, keep_links=True))
                found.update(fold(piece) for piece in element.itertext() if piece.strip())
                walker.skip_subtree()
        elif element.tag.lower() in _SUBHEADINGS:
            sections.add(fold(element_text(element)))
    return found - sections


_SUBHEADINGS = frozenset("h2 h3 h4 h5 h6".split())


#: A standfirst is a sentence or two: a longer paragraph in the header is the story's intro.
STANDFIRST_MAX = 200
#: A story's header holds its title, standfirst and byline; a longer one holds more than that.
HEADER_MAX = 800


def standfirsts(root: Any, headline: str) -> set[str]:
    """Folded texts of the short paragraphs in the header that holds the headline or an
    ``<h1>`` (an element named ``header`` or marked so, short): the standfirst summing the story up under its title is
    no part of the body (the references give it apart, as a "dek")."""
    title = fold(headline)
    found: set[str] = set()
    if not title:
        return found
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.lower() in _HEADING_TAGS:
            continue
        named = element.tag.lower() == "header" or any(
            "header" in word for word in (element.get("class") or "").lower().split())
        text = element_text(element)
        if named and len(text) <= HEADER_MAX and (title in fold(text) or next(element.iter("h1"), None) is not None):
            found.update(fold(text) for text in blocks(element, keep_links=True)
                         if len(text) <= STANDFIRST_MAX and fold(text) != title)
    return found


_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Marks of a box over the page (a dialog, a pop-up, a modal): its sentences are messages.
_DIALOG_MARK = re.compile(r"dialog|modal|popup|pop-up", re.I)


def dialog_paragraphs(root: Any) -> set[str]:
    """Folded texts of the page's dialogs, pop-ups and modals: an error message or a
    sign-up pitch there reads like prose but is never the story's."""
    found: set[str] = set()
    walker = lxml.etree.iterwalk(root, events=("start",))
    for _, element in walker:
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.tag} {element.get('role') or ''} {element.get('class') or ''} {element.get('id') or ''}"
        if _DIALOG_MARK.search(marks):
            found.update(fold(text) for text in blocks(element, keep_links=True))
            walker.skip_subtree()
    return found


def _kept_in_chrome(paragraph: str) -> bool:
    """Prose kept even inside a chrome-marked element (a standfirst in a ``<header>``, the
    story in a container some site names ``meta``): a long paragraph, or a sentence
    longer than a promo line."""
    return len(paragraph) >= 150 or (len(paragraph) >= 60 and is_prose(paragraph))


def _body(root: Any, text: str, headline: str, meta: Metadata, truncated: bool, found: Extraction | None,
          captions: list[tuple[str, str]]) -> Cleaned:
    """trafilatura's main text without the short lines Gazette knows for chrome (and a bare
    ``Updated`` label whose date trafilatura dropped), cleaned
    like any text page (the JSON-LD ``articleBody`` when it holds the same text: it keeps
    the publisher's paragraphs); Gazette's own reading when trafilatura found no text, the
    parser cut the tree short, or trafilatura's text is off the headline's topic where
    Gazette's is on it (:func:`_more_on_topic`)."""
    if found is not None and not truncated:
        chrome, never = chrome_paragraphs(root), standfirsts(root, headline) | dialog_paragraphs(root)
        kept = [
            normalize_text(p) for p in found.paragraphs
            if (fold(p) not in chrome or (_kept_in_chrome(p) and fold(p) not in never))
            and not UPDATED_LABEL.fullmatch(p.strip(" :"))
        ]
        if meta.body and fold(" ".join(kept)) in fold(meta.body):
            kept = [line for line in normalize_text(meta.body).split("\n") if line.strip()]
        kept = _below_headline(kept, headline)
        cleaned = _with_lead(clean(kept, headline), kept, captions)
        if cleaned.paragraphs:
            support = headline_support(headline, cleaned.paragraphs)
            if support >= ON_TOPIC:
                return cleaned
            own = _own_body(root, text, headline, meta, truncated, captions)
            return own if _more_on_topic(own, cleaned, headline, support) else cleaned
    return _own_body(root, text, headline, meta, truncated, captions)


#: A body whose start holds less than this share of the headline's words may be another
#: story (a gallery, a list of related stories) the library took for the article.
ON_TOPIC = 0.5
#: How much of a body's start the headline is looked for in.
SUPPORT_CHARS = 3000
_WORD = re.compile(r"\w+")


def _more_on_topic(own: Cleaned, found: Cleaned, headline: str, support: float) -> bool:
    """Gazette's own reading replaces the library's off-topic one when it is on topic itself,
    clearly more so, and not a scrap of the text (a quarter of it at least)."""
    own_support = headline_support(headline, own.paragraphs)
    size, found_size = sum(map(len, own.paragraphs)), sum(map(len, found.paragraphs))
    return own_support >= ON_TOPIC and own_support >= support + ON_TOPIC / 2 and size >= found_size / 4


def headline_support(headline: str, paragraphs: list[str]) -> float:
    """The share of the headline's words found in the body's start: a story repeats its
    headline's words early on (in its sentences: a line that holds the whole headline, such
    as a page title above a menu, does not count)."""
    wanted = _terms(headline)
    if not wanted:
        return 1.0
    title = fold(headline)
    text = "\n".join(p for p in paragraphs if title not in fold(p))
    return len(wanted & _terms(text[:SUPPORT_CHARS])) / len(wanted)


def _terms(text: str) -> set[str]:
    """Words of four letters or more; in scripts written without spaces (a run of letters
    beyond U+2E80: CJK), pairs of characters."""
    terms: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        if any(ord(ch) >= 0x2E80 for ch in word):
            terms.update(word[i : i + 2] for i in range(len(word) - 1))
        elif len(word) >= 4:
            terms.add(word)
    return terms


#: Class words of an element holding a picture's caption or credit.
_CAPTION_MARK = re.compile(r"caption", re.I)
#: Elements whose text is a paragraph of the page (a ``<div>`` counts by its own text).
_PARAGRAPH_TAGS = frozenset("p li blockquote h2 h3 h4 h5 h6 dd pre".split())


def _is_caption(element: Any) -> bool:
    tag = element.tag.lower()
    return tag in ("figure", "figcaption") or bool(_CAPTION_MARK.search(element.get("class") or ""))


def lead_captions(root: Any) -> list[tuple[str, str]]:
    """The page's captions and paragraphs in document order, as ("caption", text) and
    ("text", text) pairs: what :func:`lead_caption` looks for the body's first paragraph in."""
    found: list[tuple[str, str]] = []
    walker = lxml.etree.iterwalk(root, events=("start",))
    for _, element in walker:
        if not isinstance(element.tag, str):
            continue
        if _is_caption(element):
            text = element_text(element)
            links = [element_text(link) for link in element.iter("a")]
            if text and not (len(links) > 1 and _is_link_list(text, sum(map(len, links)))):  # links to other stories
                found.append(("caption", text))
            walker.skip_subtree()
            continue
        if element.tag.lower() in _PARAGRAPH_TAGS:
            text = element_text(element)
        else:
            text = collapse((element.text or "") + "".join(child.tail or "" for child in element))
        if text:
            found.append(("text", text))
    return found


def lead_caption(sequence: list[tuple[str, str]], first: str) -> str | None:
    """The caption of the story's lead picture: the last caption above the body's first
    paragraph with no prose between them (a standfirst or another story in between means
    the picture is not the story's)."""
    start = fold(first)[:60]
    caption = None
    for kind, text in sequence:
        if kind == "caption":
            caption = text
        elif fold(text).startswith(start):
            return caption
        elif is_prose(text):
            caption = None
    return None


def _with_lead(cleaned: Cleaned, paragraphs: list[str], captions: list[tuple[str, str]]) -> Cleaned:
    """The body as the page prints its start: the wire dateline the cleaning took off the
    first paragraph put back (``WASHINGTON (Reuters) - ...``; the date it gave is kept), and
    the lead picture's caption above it."""
    if not cleaned.paragraphs:
        return cleaned
    body = list(cleaned.paragraphs)
    for paragraph in map(collapse, paragraphs[:LEAD_REACH]):
        if paragraph != body[0] and paragraph.endswith(body[0]) and split_lead(paragraph).dateline:
            body[0] = paragraph
            break
    caption = lead_caption(captions, cleaned.paragraphs[0])
    if caption and fold(caption) not in map(fold, body[:2]):
        body.insert(0, caption)
    return Cleaned(body, cleaned.authors, cleaned.date, cleaned.date_from)


#: How many paragraphs from the top the lead is looked for in.
LEAD_REACH = 8


def _date(meta: Metadata, root: Any, page: str, url: str | None) -> tuple[_dt.date | None, str | None]:
    """The publication date and where it came from, strongest evidence first: the page's
    metadata (JSON-LD, ``<meta>``), its URL and the story's ``<time>`` elements; then a
    date line the page marks (``<span class="date">``), else the one htmldate finds in the
    markup; last htmldate's search of the page's text, unless the URL is filed under another
    year and month. ``page`` is the page without the
    places a date must never come from (:func:`without_other_dates`)."""
    date = first_date(meta.published) or url_date(meta.urls) or first_date(meta.times)
    if date:
        return date, "metadata"
    marked = marked_date(root) or htmldate_date(page, url)
    if marked:
        return marked, "dateline"
    searched = htmldate_date(page, url, search=True)
    filed = url_month(meta.urls)
    if searched and filed and (searched.year, searched.month) != filed:
        searched = None  # a date in the text that the URL's year and month contradict
    return (searched, "text") if searched else (None, None)


def read(path: str, text: str) -> Iterator[RawArticle]:
    """One article from an HTML page."""
    text = tame(normalize_text(text))
    root, truncated = _parse(text)
    meta = metadata(root)
    url = next((collapse(url) for url in meta.urls if url.strip().startswith("http")), None)
    found = extract(text, url)
    headline = headline_of(root, meta)
    dated = without_other_dates(root)
    for element in list(root.iter("script", "style", "noscript", "template")):
        _drop(element)
    source = _source(meta, root, site_from_title(root, headline))
    people, byline = people_authors(meta, source), byline_authors(root)  # before chrome leaves the tree
    date, date_from = _date(meta, root, dated, url)
    cleaned = _body(root, text, headline, meta, truncated, found, lead_captions(root))
    if not cleaned.paragraphs:
        raise ReadError("no article text found in the page")
    yield RawArticle(
        path=path,
        position=None,
        headline=headline,
        body="\n\n".join(cleaned.paragraphs),
        date=date or cleaned.date,
        date_from=date_from if date else cleaned.date_from,
        source=source,
        url=url,
        authors=people or byline or person_names(found.authors if found else ()) or cleaned.authors
        or byline_below_headline(root, headline),
    )
