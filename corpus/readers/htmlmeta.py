"""What an HTML page says about itself: title, dates, site, URL, authors.

Evidence, best first: JSON-LD ``NewsArticle`` (also inside ``@graph`` or lists), Open Graph
and other ``<meta>`` tags, ``<time>`` elements marked as the publication time, the page's
URL, then elements the page marks as a byline or date. Used by :mod:`corpus.readers.html`.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import lxml.etree

from corpus.chrome import TITLE_SEPARATORS, byline_names, collapse, normalize_text, strip_site_name
from corpus.dates import MONTHS, UPDATED_LABEL, dateline, find_dates, parse_date
from corpus.sources import canonical_source, known_source

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


@dataclass
class Metadata:
    """What a page says about itself."""

    titles: list[str] = field(default_factory=list)
    #: Publication stamps: JSON-LD ``datePublished`` first, then ``<meta>`` tags.
    published: list[str] = field(default_factory=list)
    #: ``<time>`` elements the story marks as its publication time (weaker than ``published``).
    times: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    body: str = ""


def element_text(element: Any) -> str:
    """An element's text, whitespace collapsed."""
    return collapse("".join(element.itertext()))


# ---------------------------------------------------------------- metadata


def _meta_values(root: Any, names: Iterable[str]) -> list[str]:
    wanted = {name.lower(): rank for rank, name in enumerate(names)}
    found: list[tuple[int, str]] = []
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content") or meta.get("value")
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
            walk(json.loads(_JSON_WRAPPER.sub("", script.text or ""), strict=False))
        except (ValueError, RecursionError):
            continue
    return items


#: What pages wrap JSON-LD in for old browsers: ``<![CDATA[ ... ]]>`` (maybe behind ``//``),
#: ``<!-- ... -->``, and a trailing semicolon.
_JSON_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)?\s*;?\s*$")


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


_STORY_MARK = re.compile(r"date|time|meta|byline|publish|posted|info|article|story|post|entry", re.I)
_OUTSIDE_STORY = frozenset(("nav", "aside", "footer"))


def _in_story(element: Any) -> bool:
    """Inside the story's own markup (an ``<article>``, a date line, an info bar), not in
    navigation, a sidebar, a footer, or a bare page clock."""
    inside = False
    for ancestor in element.iterancestors():
        if ancestor.tag in _OUTSIDE_STORY:
            return False
        marks = " ".join(filter(None, (ancestor.get("class"), ancestor.get("id"))))
        inside = inside or ancestor.tag == "article" or bool(marks and _STORY_MARK.search(marks))
    return inside


_UPDATE_MARK = re.compile(r"modif|updat", re.I)


#: Containers of other stories' dates, comments' dates, cookie banners and footers.
_ELSEWHERE_MARK = re.compile(
    r"related|recommend|popular|most-?read|ranking|trending|comment|cookie|consent|footer|sidebar|widget|promo|newsletter",
    re.I,
)
_ELSEWHERE_ROLES = frozenset(("navigation", "complementary", "contentinfo", "banner", "search"))


def without_other_dates(root: Any) -> str:
    """The page as HTML without the places a date must never come from: navigation,
    sidebars, footers, related and most-read lists, comments, cookie banners, and
    ``<time>`` elements outside the story's own markup (a page clock); an element holding
    half the page's text is never one of those."""
    import copy

    page = copy.deepcopy(root)
    half = len(element_text(page)) / 2
    doomed = []
    walker = lxml.etree.iterwalk(page, events=("start",))
    for _, element in walker:
        if not isinstance(element.tag, str) or element.tag in ("html", "head", "body"):
            continue
        marks = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if (
            element.tag in _OUTSIDE_STORY
            or (element.get("role") or "").lower() in _ELSEWHERE_ROLES
            or (marks and _ELSEWHERE_MARK.search(marks))
            or (element.tag == "time" and not _in_story(element))
        ):
            if len(element_text(element)) < half:  # a page-wide wrapper with a stray class stays
                doomed.append(element)
                walker.skip_subtree()
    for element in doomed:
        element.getparent().remove(element)
    return lxml.etree.tostring(page, encoding="unicode", method="html")


def _labelled_updated(element: Any) -> bool:
    """``Updated <time ...>``: the text just before the element says it is an update, or
    the element or one of its near ancestors is marked as the update time."""
    previous = element.getprevious()
    before = previous.tail if previous is not None else (element.getparent().text if element.getparent() is not None else "")
    if before and UPDATED_LABEL.search(before):
        return True
    for ancestor in [element, *element.iterancestors()][:4]:
        marks = " ".join(filter(None, (ancestor.get("itemprop"), ancestor.get("class"), ancestor.get("id"))))
        if _UPDATE_MARK.search(marks):
            return True
    return False


def _time_elements(root: Any) -> list[str]:
    """``<time datetime>`` values marked as the publication time, then the first other one
    in the story's markup that is not an update."""
    marked: list[str] = []
    others: list[str] = []
    for element in root.iter("time"):
        value = element.get("datetime") or element.get("content") or ""
        if not value.strip():
            continue
        marks = " ".join(filter(None, (element.get("itemprop"), element.get("class"), element.get("pubdate"))))
        if "pubdate" in element.attrib or re.search(r"publish|pubdate|created", marks, re.I):
            marked.append(value)
        elif not _labelled_updated(element) and _in_story(element):
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
    meta.published += _meta_values(root, _PUBLISHED_META)
    meta.times = _time_elements(root)
    meta.sites = _meta_values(root, _SITE_META[:1]) + meta.sites + _meta_values(root, _SITE_META[1:])
    canonical = [link.get("href") for link in root.iter("link") if (link.get("rel") or "").lower() == "canonical"]
    meta.urls = _meta_values(root, ("og:url",)) + [url for url in canonical if url] + meta.urls
    meta.authors += [a for a in _meta_values(root, ("author", "article:author", "byl", "dc.creator")) if "://" not in a]
    return meta


# ---------------------------------------------------------------- headline


def document_title(root: Any) -> str:
    """The page's own ``<title>``: the first one outside an ``<svg>`` (an icon's ``<title>``
    names the icon, often the site's logo)."""
    for element in root.iter("title"):
        if not any(ancestor.tag == "svg" for ancestor in element.iterancestors()):
            return collapse(normalize_text(element_text(element)))
    return ""


def site_from_title(root: Any, headline: str) -> str | None:
    """``Flood barrier opens - The Riverside Post`` with headline ``Flood barrier opens``:
    what the ``<title>`` adds at either end of the headline is the site's name."""
    if not headline:
        return None
    pieces = TITLE_SEPARATORS.split(document_title(root))
    if len(pieces) == 3 and headline in (pieces[0], pieces[2]):
        rest = pieces[2] if pieces[0] == headline else pieces[0]
        return canonical_source(rest) if len(rest.split()) <= 6 else None
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


def _bigrams(text: str) -> Counter[str]:
    letters = "".join(ch for ch in text.casefold() if ch.isalnum())
    return Counter(letters[i : i + 2] for i in range(len(letters) - 1))


def _similar(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two titles (any script), counted with
    repeats, so that a short heading inside a long title is not the same title."""
    x, y = _bigrams(a), _bigrams(b)
    size = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / size if x and y else 0.0


#: A heading this close to the page's metadata title or ``<title>`` is the same headline.
SAME_TITLE = 0.5
#: Where the printed headline is looked for, best first.
_HEADINGS = ("h1", "h2", "h3")
_OUTSIDE_ARTICLE = frozenset(("footer", "nav", "aside"))


def heading_text(element: Any) -> str:
    """A heading's printed text: without the ``<title>`` of an icon (``<svg>``) inside it."""
    parts: list[str] = []
    walker = lxml.etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if node.tag == "svg":
                walker.skip_subtree()
            elif isinstance(node.tag, str):
                parts.append(node.text or "")
        elif node is not element:
            parts.append(node.tail or "")
    return collapse(normalize_text("".join(parts)))


def _printed(element: Any) -> bool:
    """A heading shown as part of the page: not in a footer, navigation or sidebar, and not
    hidden."""
    for node in (element, *element.iterancestors()):
        if node.tag in _OUTSIDE_ARTICLE or "hidden" in node.attrib or node.get("aria-hidden") == "true":
            return False
        if re.search(r"display:\s*none", node.get("style") or ""):
            return False
    return True


def headings(root: Any) -> list[str]:
    """Texts of the page's printed ``<h1>``s, then ``<h2>``s, then ``<h3>``s."""
    found = []
    for tag in _HEADINGS:
        found += [text for element in root.iter(tag) if _printed(element) and 3 <= len(text := heading_text(element)) <= 300]
    return found


def _page_headline(root: Any, titles: list[str], exact: list[str]) -> str | None:
    """The headline as printed, without the site name or the social-media variant the
    metadata may carry: the first heading that is one of the ``exact`` metadata titles,
    else the first one that says what a title says (a masthead ``<h1>`` is far shorter
    than the title and does not match)."""
    printed = headings(root)
    wanted = {fold_title(title) for title in exact}
    same = next((text for text in printed if fold_title(text) in wanted), None)
    return same or next((text for text in printed if any(_similar(text, t) >= SAME_TITLE for t in titles)), None)


def fold_title(text: str) -> str:
    """A title compared with another: case and spacing folded."""
    return " ".join(text.casefold().split())


def _cut_sites(title: str, sites: list[str]) -> str:
    """``Treeviz:Dev Diary`` with site ``Dev Diary``: a site name glued to either end of a
    title by a punctuation mark is cut too."""
    for site in sites:
        site = collapse(site)
        if len(site) < 3 or len(site) >= len(title):
            continue
        rest = title
        if title.endswith(site) and not title[-len(site) - 1].isalnum():
            rest = title[: -len(site)].rstrip(_SEPARATOR_MARKS)
        elif title.startswith(site) and not title[len(site)].isalnum():
            rest = title[len(site) :].lstrip(_SEPARATOR_MARKS)
        if any(ch.isalnum() for ch in rest):
            return rest
    return title


_SEPARATOR_MARKS = " |:-–—_·•»/"


def headline_of(root: Any, meta: Metadata) -> str:
    """The article's title: the printed heading that matches the metadata title or
    ``<title>``, else the metadata title, else the first ``<h1>`` above the text, else
    ``<title>``; site names cut."""
    own = document_title(root)
    titles = [*meta.titles, *([own] if own else [])]
    printed = _page_headline(root, titles, meta.titles)
    candidates = [printed, *meta.titles, _leading_h1(root), _cut_masthead(own)]
    for candidate in filter(None, candidates):
        title = _cut_sites(strip_site_name(collapse(normalize_text(candidate)), meta.sites), meta.sites)
        if any(ch.isalpha() for ch in title) and not known_source(title):
            return title[:500]
    return ""


def _leading_h1(root: Any) -> str | None:
    """The first printed ``<h1>`` with a paragraph of text below it (one after all the text
    is a widget's, such as a translation pop-up's)."""
    pending = None
    for element in root.iter("h1", "p"):
        if element.tag == "h1":
            if pending is None and _printed(element) and heading_text(element):
                pending = element
        elif pending is not None and element_text(element):
            return heading_text(pending)
    return None


# ---------------------------------------------------------------- dates and authors


def first_date(values: Iterable[str]) -> _dt.date | None:
    """The first of ``values`` that reads as a date."""
    return next((date for value in values if (date := parse_date(value))), None)


#: ``/2019/06/30/`` or ``/2019-06-30-`` or ``/20190630/``: one separator used throughout, so
#: that an article number (``/194709-13-ways...``) is not read as a date.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)([/_-]?)([01]\d)\2([0-3]\d)(?:/|[-_.][a-z0-9]|$)", re.I)


def url_date(urls: Iterable[str]) -> _dt.date | None:
    """The date in the path of the page's URL."""
    for url in urls:
        match = _URL_DATE.search(url)
        if match:
            try:
                return _dt.date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
            except ValueError:
                continue
    return None


#: ``/2016/12/`` followed by more path: the year and month a story was filed under.
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]\d)/")


def url_month(urls: Iterable[str]) -> tuple[int, int] | None:
    """The year and month in the path of the page's URL (``/2016/12/132377/slug``)."""
    for url in urls:
        match = _URL_MONTH.search(url)
        if match and 1 <= int(match.group(2)) <= 12:
            return int(match.group(1)), int(match.group(2))
    return None


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
        text = element_text(element)
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
    ``By ...`` line in a ``meta`` element), not another story's (in a related list, a
    sidebar, a footer)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "meta":
            continue
        marks = " ".join(filter(None, (element.get("class"), element.get("rel"), element.get("itemprop"))))
        if not marks or not _BYLINE_MARK.search(marks):
            continue
        text = element_text(element)
        names = byline_names(text)
        if names is None and not _META_MARK.search(marks):
            names = byline_names(f"By {text}")  # a bare name in an author element
        names = tuple(name for name in names or () if is_person_name(name))
        if names and not _elsewhere(element):
            return names
    return author_links(root)


def _elsewhere(element: Any) -> bool:
    """Inside navigation, a sidebar, a footer, or a list of other stories or comments."""
    for ancestor in element.iterancestors():
        marks = " ".join(filter(None, (ancestor.get("class"), ancestor.get("id"))))
        if (ancestor.tag in _OUTSIDE_STORY or (ancestor.get("role") or "").lower() in _ELSEWHERE_ROLES
                or (marks and _ELSEWHERE_MARK.search(marks))):
            return True
    return False


def person_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names that can be people's, each once: a name printed twice in one element
    (``Ana Costa Ana Costa``: a visible and a screen-reader copy) is one name; a month
    alone (``Dec``, what an extractor takes from a date line) is none."""
    kept: list[str] = []
    for name in map(collapse, names):
        tokens = name.split()
        half = len(tokens) // 2
        if half and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
            name = " ".join(tokens[:half])
        if is_person_name(name) and name.strip(".").casefold() not in MONTHS and name not in kept:
            kept.append(name)
    return tuple(kept)


def is_person_name(name: str) -> bool:
    """A name has a word of two letters or more and no digit: not initials alone (``J J``),
    not a user handle (``CC7567``)."""
    return not any(ch.isdigit() for ch in name) and any(len(word.strip(".")) >= 2 for word in name.split())


_AUTHOR_PAGE = re.compile(r"/(?:authors?|writers?|profiles?|editors|contributors?|staff)/[^/?#]+", re.I)


def author_links(root: Any) -> tuple[str, ...]:
    """Names linked to an author's page (``<a href="/author/jane-doe">Jane Doe</a>``, or
    ``rel="author"``), in page order, when the link text reads as a person's name."""
    names: list[str] = []
    for link in root.iter("a"):
        if "author" not in (link.get("rel") or "").lower() and not _AUTHOR_PAGE.search(link.get("href") or ""):
            continue
        found = byline_names(f"By {element_text(link)}")
        if found:
            names.extend(found)
        if len(names) >= 4:
            break
    return tuple(dict.fromkeys(names))


def people_authors(meta: Metadata, source: str | None) -> tuple[str, ...]:
    """Metadata authors that are people: not the publication or another known source."""
    names = (collapse(name) for name in meta.authors)
    return tuple(dict.fromkeys(
        n for n in names
        if n and n != source and not known_source(n) and not _COLLECTIVE.search(n) and is_person_name(n)
        and byline_names(f"By {n}") != ()
    ))


#: A newsroom credited as author (``Us Weekly Staff``, ``Metro Desk``): no person.
_COLLECTIVE = re.compile(r"\b(?:staff|team|desk|editors?|newsroom|editorial)\s*$", re.I)
