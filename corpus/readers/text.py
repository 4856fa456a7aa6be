"""Scraped text pages (``.txt``): one article, maybe wrapped in the site's chrome.

The headline is the candidate line the evidence points to (:mod:`corpus.headline`: its
words come back in the prose below, a byline or a date follows it, menus around it repeat
and it does not...), not the first title-like line: on a copied web page that is usually a
menu item. The authors and the date come from the byline zone around the headline
(:mod:`corpus.byline`), and the body starts at the first paragraph of prose after it.
Everything from there goes through :func:`corpus.chrome.clean`.
"""
from __future__ import annotations

import re
from typing import Iterator

from corpus.byline import Zone, read_zone
from corpus.chrome import clean, is_chrome, is_photo_caption, is_prose, is_site_name, words, normalize_text, split_site_name
from corpus.dates import date_in_url, find_dates
from corpus.headline import plain_title, scored
from corpus.lines import SEARCH_LINES, Page, is_cjk, page, strip_mark
from corpus.prose import looks_like_prose
from corpus.readers.base import RawArticle, ReadError
from corpus.sources import detect_source, fold, known_source, source_of_domain

_TERMINAL = re.compile(r"[.!?…:;,\"”’')\]]$")
#: A line that is only the page's address (``https://...``), as scrapers often record it.
_URL_LINE = re.compile(r"https?://[^\s/]+\.[^\s]+")


def find_headline(found: Page, site: str | None = None) -> int | None:
    """The position (in ``found.texts``) of the headline, or None when no line can be one.

    A plain document's first line is its title (:func:`corpus.headline.plain_title`); on a
    page with chrome the best-scoring candidate is. The page's own name (``site``, folded)
    and a publication's masthead are never the headline.
    """
    if plain_title(found) and not (site and fold(found.texts[0]) == site):
        return 0
    for _, position in scored(found):
        text = found.texts[position]
        if not (site and fold(text) == site) and not is_site_name(text):
            return position
    return None


def _evidence(zone: Zone) -> int:
    return bool(zone.authors) + (zone.date is not None)


def bylined_copy(found: Page, headline_at: int) -> int:
    """The copy of the headline that its byline zone sits by.

    A page may print its headline more than once above the story's end (in a share bar:
    ``All sharing options for:`` / the headline, in a breadcrumb's last line); the scorer
    picks one of the copies, and the byline and the date are next to the title itself. The
    copy whose zone names an author or gives a date wins; on a tie, the scored one stays.
    A copy with a section label glued on (``New York|Headline`` above ``Headline``) is the
    headline printed in a bar: the bare copy wins a tie against it.
    """
    folded = found.texts[headline_at].casefold()
    label, bar, bare = folded.rpartition("|")
    labelled = bool(bar) and 0 < words(label) <= SECTION_WORDS and words(bare) > SECTION_WORDS
    titles = {folded, bare.strip()} if labelled else {folded}
    if sum(found.counts[title] for title in titles) < 2:
        return headline_at
    end = found.main[1] if found.main else len(found.texts) - 1
    copies = [position for position in range(min(end, SEARCH_LINES)) if found.texts[position].casefold() in titles]
    if len(copies) < 2:
        return headline_at

    def rank(position: int) -> tuple[int, bool, bool]:
        bare_copy = found.texts[position].casefold() != folded
        return _evidence(read_zone(found, position)), bare_copy, position == headline_at

    return max(copies, key=rank)


#: A section label glued before a headline in a bar (``New York|``) is at most this many words.
SECTION_WORDS = 3


#: Hard-wrapped text has every line of a block at most this long (wire copy wraps at ~70).
WRAP_WIDTH = 100


def _unwrap(block: list[str]) -> list[str]:
    """The paragraphs of one block of consecutive lines.

    A block of three or more lines that all fit a wrap width, most of them long, is
    hard-wrapped prose: a line is joined to the one before unless that one ends a sentence
    (a paragraph may then be split in two, but a credit line is never glued to the prose
    above it). In other blocks each line is its own paragraph (scraped pages put one per
    line), except a line starting in lower case, which continues the one before.
    """
    wrapped = (
        len(block) >= 3
        and max(map(len, block)) <= WRAP_WIDTH
        and sum(len(line) >= WRAP_WIDTH // 2 for line in block) * 3 >= len(block) * 2
    )
    result: list[str] = []
    for line in block:
        if result:
            previous = result[-1]
            cut = wrapped and not _TERMINAL.search(previous)
            if cut or line[0].islower():
                result[-1] = f"{previous}\n{line}"
                continue
        result.append(line)
    return [" ".join(paragraph.split("\n")) for paragraph in result]


def paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines separate blocks, see :func:`_unwrap`."""
    result: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            result.extend(_unwrap(block))
            block = []
    return result


#: A short first paragraph (``Jamie Costin should be paralysed.``) has at least this many words.
OPENING_WORDS = 3
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’')\]]*$")


def _opens_the_story(found: Page, position: int) -> bool:
    """Whether a unit just above the first prose is the story's short first paragraph (a
    sentence, or a long line), not chrome, a caption or a date."""
    text = found.texts[position]
    long_enough = words(text) >= OPENING_WORDS or (is_cjk(text) and len(text) >= 10)
    return (
        long_enough
        and bool(_SENTENCE_END.search(text) or words(text) >= 8)
        and not found.marked[position]
        and not is_chrome(text)
        and not is_photo_caption(text)
        and not find_dates(text, numeric=True)
    )


#: The lead picture's credit (and its dateline) sit at most this many units above the first paragraph.
LEAD_UNITS = 3
#: A picture's credit on a line of its own: ``Photo by Jane Doe/Getty Images``, ``Image source:
#: Getty Images.``, ``REUTERS/Jane Doe``, ``Courtesy of the Example Museum``.
_CREDIT = re.compile(r"\b(?:photos?|photograph|image|picture|credit|courtesy|getty|shutterstock)\b|^[A-Z]{2,}(?: PHOTO)?/", re.I)
#: A credit has at most this many words.
CREDIT_WORDS = 8
#: ``Washington/ New Delhi:`` on its own line: the story's dateline, printed above its first paragraph.
_PLACE_LINE = re.compile(r"[A-Z][\w.'’-]*(?:[ /]+[A-Z][\w.'’-]*){0,3}\s*:")


def _leads_the_story(found: Page, position: int, first: int) -> bool:
    """Whether a unit above the story's first paragraph (``first``) is printed as the story's
    opening: the lead picture's credit (``Photo by Jane Doe/Getty Images``, ``ASSOCIATED
    PRESS``), or, right above the paragraph, its dateline on a line of its own. The
    references start the body there; a caption describing the picture stays out."""
    text = found.texts[position]
    if found.marked[position] or found.prose[position]:
        return False
    if position == first - 1 and _PLACE_LINE.fullmatch(text) and not is_chrome(text):
        return True
    if words(text) > CREDIT_WORDS or is_prose(text):
        return False  # a caption that describes the picture is no part of the story
    return is_photo_caption(text) or bool(_CREDIT.search(text)) or (text.isupper() and known_source(text) is not None)


def _credits_above(found: Page, paragraph: int | None, floor: int) -> list[str]:
    """The lead picture's credit right above the story's second paragraph (the first may be
    a standfirst: ``Standfirst`` / ``Jane Doe`` / ``Image: Jane Roe`` / the story), no higher
    than ``floor``."""
    if paragraph is None:
        return []
    top = paragraph
    while paragraph - top < LEAD_UNITS and top - 1 > floor and _leads_the_story(found, top - 1, paragraph):
        top -= 1
    return found.texts[top:paragraph]


#: A paragraph alone above this many units of non-prose (a quote box, a table of figures)
#: before the story's main run may be a notice printed above the story.
NOTICE_GAP = 8


def _past_a_notice(found: Page, body_at: int, headline_at: int) -> int:
    """Where the story starts when the first prose below the byline zone (``body_at``) is a
    notice: a paragraph standing alone, cut off from the page's main run of prose by a long
    block of short lines (``You're reading a free article...`` / ``Learn More`` / a stock
    quote's table), that shares no word with the headline (a story's first paragraph above
    a video player echoes its headline). The main run's start then, else ``body_at``."""
    if found.main is None or not body_at < found.main[0]:
        return body_at
    after = found.next_prose[body_at]
    alone = after == found.main[0] and after - body_at > NOTICE_GAP
    return found.main[0] if alone and not found.token_set(body_at) & found.token_set(headline_at) else body_at


def _marked_chrome(line: str) -> bool:
    text, marked = strip_mark(line)
    return marked and is_chrome(text)


def _site_in_a_twin(found: Page, headline_at: int, headline: str) -> str | None:
    """The site named by a copy of the headline nearby (``Headline - Press TV`` above
    ``Headline``): the page naming itself."""
    for position in range(max(headline_at - 3, 0), min(headline_at + 4, len(found.texts))):
        text, site = split_site_name(found.texts[position])
        if site and text == headline:
            return site
    return None


def _page_url(lines: list[str], headline_at: int | None) -> str | None:
    """The page's own address: a URL line above the headline, or the file's last line
    (a link inside the story, such as an embedded post, is not the page)."""
    filled = [line for line in lines if line]
    above = lines[:headline_at] if headline_at is not None else filled[:1]
    for line in [*above, *filled[-1:]]:
        if _URL_LINE.fullmatch(line):
            return line
    return None


def read(path: str, text: str) -> Iterator[RawArticle]:
    """One article from a scraped text page."""
    # made by a function, not in this generator's frame: the page's lines and units would
    # otherwise stay alive while the caller works on the article (three copies of a long text)
    article = _article(path, text)
    del text
    yield article


def _article(path: str, text: str) -> RawArticle:
    text = normalize_text(text)
    if not text or text.isspace():
        raise ReadError("empty file")
    source = detect_source(text)
    lines = text.split("\n")
    del text  # from here on the page is its lines: a long text is not held twice
    found = page(lines)
    if found.main is None:  # not one sentence of running text: a word list, a table, a menu
        raise ReadError("not an article: the text is a list, table or data, not prose")
    headline_at = find_headline(found, fold(source) if source else None)
    if headline_at is not None:
        headline_at = bylined_copy(found, headline_at)
    headline, titled, authors, zone_date = "", None, (), None
    lead: list[str] = []
    body_lines = lines
    if headline_at is not None:
        headline, titled = split_site_name(found.texts[headline_at])
        titled = titled or _site_in_a_twin(found, headline_at, headline)
        zone = read_zone(found, headline_at)
        authors, zone_date = zone.authors, zone.date
        if headline_at == 0:
            body_at: int | None = 1  # nothing above the headline: no chrome below it either
        else:  # the first prose after the headline and its byline zone
            start = max([headline_at, *zone.used])
            body_at = found.next_prose[start]
            if body_at is None:
                body_at = headline_at + 1
            body_at = _past_a_notice(found, body_at, headline_at)
            first = body_at
            while first - body_at < LEAD_UNITS and body_at - 1 > start and _leads_the_story(found, body_at - 1, first):
                body_at -= 1
            lead = [*found.texts[body_at:first], *_credits_above(found, found.next_prose[first], first)]
            while body_at - 1 > start and _opens_the_story(found, body_at - 1):
                body_at -= 1
        # between the headline and the prose: the byline zone and chrome, but a photo's
        # caption there may still date the story (clean() reads and drops it)
        captions = [found.texts[position] for position in range(headline_at + 1, body_at) if is_photo_caption(found.texts[position])]
        body_lines = [*captions, *(lines[found.where[body_at] :] if body_at < len(found.texts) else [])]
    # a list item that is chrome (``* Share on Facebook``) is chrome: its bullet hides it from clean()
    body_lines = [line for line in body_lines if not (line and _marked_chrome(line))]
    cleaned = clean(paragraphs(body_lines), headline, lead, wire_dateline=True)
    if not cleaned.paragraphs:
        raise ReadError("no article text after removing page chrome")
    # below a headline found under the site's chrome, the body ends in the site's footer
    if not looks_like_prose(cleaned.paragraphs, framed=bool(headline_at)):
        raise ReadError("not an article: the text is a list, table or data, not prose")
    line_at = found.where[headline_at] if headline_at is not None else None
    url = _page_url(lines, line_at)
    date, date_from = (zone_date, "dateline") if zone_date else (cleaned.date, cleaned.date_from)
    if url and date_in_url(url):  # the page's own address is metadata: it outranks the text
        date, date_from = date_in_url(url), "metadata"
    return RawArticle(
        path=path,
        position=None,
        headline=headline,
        body="\n\n".join(cleaned.paragraphs),
        date=date,
        date_from=date_from,
        source=titled or source or (source_of_domain(url) if url else None),
        url=url,
        authors=tuple(dict.fromkeys([*authors, *cleaned.authors])),
    )
