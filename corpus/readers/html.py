"""HTML pages (``.html``, ``.htm``): page metadata first, then the main text.

Metadata, when the page has it, is the strongest evidence: ``og:title``, JSON-LD
``NewsArticle`` (also inside ``@graph`` or lists), ``article:published_time``,
``og:site_name``, a ``<time datetime>`` marked as the publication time. The body is the text
of the element that holds the article (``itemprop=articleBody``, ``<article>``, ``<main>``,
else the element whose paragraphs carry the most prose), without navigation, share bars,
related lists, captions, forms and link lists, then cleaned like any text page.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import lxml.etree

from corpus.chrome import (
    TITLE_SEPARATORS,
    Cleaned,
    byline_names,
    chrome_table,
    is_prose,
    clean,
    collapse,
    normalize_text,
    strip_site_name,
)
from corpus.dates import UPDATED_LABEL, dateline, find_dates, parse_date
from corpus.readers.base import RawArticle, ReadError
from corpus.sources import canonical_source, detect_source, fold, known_source, source_of_domain

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
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: JSON-LD types that describe an article, best first.
_ARTICLE_TYPES = (
    "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
    "Article", "BlogPosting", "Report", "WebPage",
)
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "datepublished", "date.published", "article.published", "publish-date", "publish_date", "publishdate",
    "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.date",
    "dcterms.issued", "citation_publication_date", "date", "dc.date.created", "article:published",
)
_SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
_TITLE_META = ("og:title", "twitter:title", "dc.title", "title", "headline")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: A block whose text is mostly link text is a list of links (related stories, tags...).
MAX_LINK_DENSITY = 0.5
#: An element that holds this share of the article's text is never dropped as chrome.
KEEP_SHARE = 0.5


@dataclass
class Metadata:
    """What a page says about itself."""

    titles: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    body: str = ""


# ---------------------------------------------------------------- parsing


def _parse(text: str) -> Any:
    """The page's element tree (plain lxml elements: much faster to walk than lxml.html's)."""
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
    return root


def _text(element: Any) -> str:
    return collapse("".join(element.itertext()))


# ---------------------------------------------------------------- metadata


def _meta_values(root: Any, names: Iterable[str]) -> list[str]:
    wanted = {name.lower(): rank for rank, name in enumerate(names)}
    found: list[tuple[int, str]] = []
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key in wanted and content and content.strip():
            found.append((wanted[key], content.strip()))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def _json_ld_items(root: Any) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, flattening lists and ``@graph``."""
    items: list[dict[str, Any]] = []

    def walk(value: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(value, list):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            items.append(value)
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in value:
                    walk(value[key], depth + 1)

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            walk(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue
    return items


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]


def _names(value: Any, people_only: bool = False) -> list[str]:
    """Names in a JSON-LD person/organisation value: a string, an object, or a list.
    With ``people_only``, organisations (a newsroom credited as author) are left out."""
    if isinstance(value, str):
        return [value] if value.strip() and "://" not in value else []
    if isinstance(value, dict):
        if people_only and any(kind.endswith("Organization") for kind in _types(value)):
            return []
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item, people_only)]
    return []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return _strings(value.get("@id") or value.get("url") or value.get("@value"))
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _json_ld_article(root: Any) -> dict[str, Any] | None:
    best: tuple[int, dict[str, Any]] | None = None
    for item in _json_ld_items(root):
        ranks = [_ARTICLE_TYPES.index(kind) for kind in _types(item) if kind in _ARTICLE_TYPES]
        if ranks and (best is None or min(ranks) < best[0]):
            best = (min(ranks), item)
    return best[1] if best else None


def _time_elements(root: Any) -> list[str]:
    """``<time datetime>`` values marked as the publication time, then any others."""
    marked: list[str] = []
    others: list[str] = []
    for element in root.iter("time"):
        value = element.get("datetime") or element.get("content") or ""
        if not value.strip():
            continue
        marks = " ".join(filter(None, (element.get("itemprop"), element.get("class"), element.get("pubdate"))))
        if "pubdate" in element.attrib or re.search(r"publish|pubdate|created", marks, re.I):
            marked.append(value)
        elif not re.search(r"modif|updat", marks, re.I) and any(
            ancestor.tag == "article" for ancestor in element.iterancestors()
        ):
            others.append(value)
    return marked + others[:1]


def metadata(root: Any) -> Metadata:
    """Titles, dates, site names, URLs, authors and JSON-LD body, best evidence first."""
    meta = Metadata()
    article = _json_ld_article(root)
    if article:
        meta.titles += _strings(article.get("headline")) + _strings(article.get("name"))
        meta.published += _strings(article.get("datePublished")) + _strings(article.get("dateCreated"))
        meta.sites += _names(article.get("publisher")) + _names(article.get("sourceOrganization"))
        meta.urls += _strings(article.get("url")) + _strings(article.get("mainEntityOfPage"))
        meta.authors += _names(article.get("author"), True) + _names(article.get("creator"), True)
        body = article.get("articleBody")
        meta.body = body if isinstance(body, str) else ""
    meta.titles = _meta_values(root, ("og:title", "twitter:title")) + meta.titles
    meta.titles += _meta_values(root, _TITLE_META[2:])
    meta.published = _meta_values(root, _PUBLISHED_META[:4]) + meta.published
    meta.published += _meta_values(root, _PUBLISHED_META[4:]) + _time_elements(root)
    meta.sites = _meta_values(root, _SITE_META[:1]) + meta.sites + _meta_values(root, _SITE_META[1:])
    canonical = [link.get("href") for link in root.iter("link") if (link.get("rel") or "").lower() == "canonical"]
    meta.urls = _meta_values(root, ("og:url",)) + [url for url in canonical if url] + meta.urls
    meta.authors += [a for a in _meta_values(root, ("author", "article:author", "byl", "dc.creator")) if "://" not in a]
    return meta


# ---------------------------------------------------------------- headline


def site_from_title(root: Any, headline: str) -> str | None:
    """``Flood barrier opens - The Riverside Post`` with headline ``Flood barrier opens``:
    what the ``<title>`` adds at either end of the headline is the site's name."""
    if not headline:
        return None
    for element in root.iter("title"):
        pieces = TITLE_SEPARATORS.split(collapse(normalize_text(_text(element))))
        if len(pieces) == 3 and headline in (pieces[0], pieces[2]):
            rest = pieces[2] if pieces[0] == headline else pieces[0]
            return canonical_source(rest) if len(rest.split()) <= 6 else None
        return None
    return None


_MINOR_WORDS = frozenset("of the and a an for in on at de la le".split())


def _cut_masthead(title: str) -> str:
    """``Flood barrier opens a year late - The Riverside Post`` -> the part before the dash,
    when the part after it reads like a name (a few capitalised words) and not a headline."""
    pieces = TITLE_SEPARATORS.split(title)
    if len(pieces) != 3 or pieces[1].strip() == ":":
        return title
    head, tail = pieces[0], pieces[2].split()
    named = 1 <= len(tail) <= 4 and all(word[0].isupper() or word in _MINOR_WORDS for word in tail)
    return head if named and len(head.split()) >= 4 else title


def headline_of(root: Any, meta: Metadata) -> str:
    """The article's title: metadata, else the first ``<h1>``, else ``<title>``; site names cut."""
    candidates = [*meta.titles]
    candidates += [_text(h1) for h1 in root.iter("h1")][:1]
    candidates += [_cut_masthead(collapse(_text(title))) for title in root.iter("title")][:1]
    for candidate in candidates:
        title = strip_site_name(collapse(normalize_text(candidate)), meta.sites)
        if any(ch.isalpha() for ch in title) and not known_source(title):
            return title[:500]
    return ""


# ---------------------------------------------------------------- main text


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
        size = len(_text(paragraph))
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
    mains = {id(element) for element in main.iterancestors()}
    size = len(_text(main))
    for ancestor in h1.iterancestors():
        if id(ancestor) in mains:
            grown = len(_text(ancestor))
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
            return max(found, key=lambda element: len(_text(element)))
    return _with_headline(root, _prose_score(root))


def _strip_chrome(container: Any) -> None:
    """Remove chrome elements inside the article container (never most of its text)."""
    total = len(_text(container)) or 1
    doomed = []
    walker = lxml.etree.iterwalk(container, events=("start",))
    for _, element in walker:
        if element is container:
            continue
        if not isinstance(element.tag, str):
            doomed.append(element)
            continue
        if element.tag.lower() in _DROP_TAGS or _is_chrome_container(element):
            if len(_text(element)) < KEEP_SHARE * total:
                doomed.append(element)
                walker.skip_subtree()
    for element in doomed:
        _drop(element)


def _is_link_list(text: str, linked: int) -> bool:
    """Mostly link text: a related-stories item or a tag list. A long sentence with many
    links in it is still prose unless it is nearly all links."""
    density = linked / len(text)
    return density > MAX_LINK_DENSITY and (len(text.split()) < 25 or density > 0.8)


def blocks(container: Any) -> list[str]:
    """Paragraph texts of a container in document order; every block element ends one.

    A paragraph that is mostly link text (related stories, tag lists) is left out.
    Iterative, so deeply nested markup cannot exhaust the stack.
    """
    paragraphs: list[str] = []
    parts: list[str] = []
    linked = 0
    link_depth = 0

    def flush() -> None:
        nonlocal linked
        text = collapse("".join(parts))
        if text and not _is_link_list(text, linked):
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


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?:/|[-_][a-z]|$)")


def _first_date(values: Iterable[str], urls: Iterable[str]) -> _dt.date | None:
    """The first published date in the metadata, else a ``/2019/06/30/`` path in the page's URL."""
    for value in values:
        date = parse_date(value)
        if date:
            return date
    for url in urls:
        match = _URL_DATE.search(url)
        if match:
            date = parse_date("-".join(match.groups()))
            if date:
                return date
    return None


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


def _body(root: Any, text: str, headline: str, meta: Metadata) -> Cleaned:
    """The cleaned body: from the main element, else JSON-LD ``articleBody``, else tag soup."""
    container = main_element(root)
    _strip_chrome(container)
    cleaned = clean(_below_headline(blocks(container), headline), headline)
    size = sum(map(len, cleaned.paragraphs))
    if meta.body and size < len(meta.body) / 2:
        from_json = clean([line for line in normalize_text(meta.body).split("\n") if line], headline)
        if from_json.paragraphs:
            return from_json
    if not cleaned.paragraphs:
        return clean(tag_soup_paragraphs(text), headline)
    return cleaned


_BYLINE_MARK = re.compile(r"byline|author|meta", re.I)
_META_MARK = re.compile(r"meta", re.I)
_DATE_MARK = re.compile(r"date|time|meta|byline|publish|posted|dateline", re.I)


def marked_date(root: Any) -> _dt.date | None:
    """The date in an element the page marks as a date or byline (``<span class="date">``,
    ``<div class="story-meta">By ... | Posted 7 March 2024``), read before chrome is removed.
    The element's text must hold exactly one date; a publication label wins over an update."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "time", "script", "style"):
            continue
        marks = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"))))
        if not marks or not _DATE_MARK.search(marks):
            continue
        text = _text(element)
        if len(text) > 200:
            continue
        line = dateline(text)
        if line and not line.updated:
            return line.date
        found = find_dates(text, numeric=True)
        if len(found) == 1 and not UPDATED_LABEL.search(text):
            return found[0].date
    return None


def byline_authors(root: Any) -> tuple[str, ...]:
    """Names in the page's byline element (``<div class="byline">By Ana Costa, ...``, or a
    ``By ...`` line in a ``meta`` element)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "meta":
            continue
        marks = " ".join(filter(None, (element.get("class"), element.get("rel"), element.get("itemprop"))))
        if not marks or not _BYLINE_MARK.search(marks):
            continue
        text = _text(element)
        names = byline_names(text)
        if names is None and not _META_MARK.search(marks):
            names = byline_names(f"By {text}")  # a bare name in an author element
        if names:
            return names
    return ()


def _authors(meta: Metadata, source: str | None) -> tuple[str, ...]:
    """Metadata authors that are people: not the publication or another known source."""
    names = (collapse(name) for name in meta.authors)
    return tuple(dict.fromkeys(n for n in names if n and n != source and not known_source(n)))


def read(path: str, text: str) -> Iterator[RawArticle]:
    """One article from an HTML page."""
    text = normalize_text(text)
    root = _parse(text)
    meta = metadata(root)
    headline = headline_of(root, meta)
    for element in list(root.iter("script", "style", "noscript", "template")):
        _drop(element)
    source = _source(meta, root, site_from_title(root, headline))
    authors = _authors(meta, source) or byline_authors(root)  # before chrome leaves the tree
    date = _first_date(meta.published, meta.urls)
    marked = None if date else marked_date(root)
    cleaned = _body(root, text, headline, meta)
    if not cleaned.paragraphs:
        raise ReadError("no article text found in the page")
    if marked:
        cleaned = dataclasses.replace(cleaned, date=marked, date_from="dateline")
    yield RawArticle(
        path=path,
        position=None,
        headline=headline,
        body="\n\n".join(cleaned.paragraphs),
        date=date or cleaned.date,
        date_from="metadata" if date else cleaned.date_from,
        source=source,
        url=next((collapse(url) for url in meta.urls if url.strip().startswith("http")), None),
        authors=authors or cleaned.authors,
    )
