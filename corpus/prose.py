"""Is a page's text an article at all? Lists, tables and data files are not prose.

A folder of scraped articles often carries a collection's own notes and data (category
lists, Prolog facts, tables). A text page whose body is long yet almost never forms a
sentence is such a file, not an article: it is reported and skipped instead of indexed.
"""
from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!?][\"'”’)]?(?:\s|$)")
#: The full stops of scripts written without spaces between words (Chinese, Japanese).
_UNSPACED_STOP = re.compile(r"[。！？]")
#: Below this many characters a page gets the benefit of the doubt (a short brief).
MIN_JUDGED_CHARS = 2_000
#: Share of the body's characters that must sit in sentence-like paragraphs, in the whole
#: body or in its opening (this many characters).
MIN_PROSE_SHARE = 0.2
OPENING_CHARS = 1_000


def is_sentence_like(paragraph: str) -> bool:
    """Six or more words (or, in a script written without spaces, 30 characters with a
    full stop ``。``), mostly letters, with a sentence end somewhere."""
    if len(paragraph.split()) < 6 and not (len(paragraph) >= 30 and _UNSPACED_STOP.search(paragraph)):
        return False
    wordy = sum(map(str.isalpha, paragraph)) + sum(map(str.isspace, paragraph))
    return wordy >= 0.8 * len(paragraph) and bool(_TERMINAL.search(paragraph) or _UNSPACED_STOP.search(paragraph))


def prose_share(paragraphs: list[str]) -> float:
    """Share of the characters that are in sentence-like paragraphs (0.0 for no text)."""
    total = sum(map(len, paragraphs))
    if not total:
        return 0.0
    return sum(len(p) for p in paragraphs if is_sentence_like(p)) / total


def opening(paragraphs: list[str], size: int = OPENING_CHARS) -> list[str]:
    """The first paragraphs, up to the one that reaches ``size`` characters."""
    result: list[str] = []
    total = 0
    for paragraph in paragraphs:
        if total >= size:
            break
        result.append(paragraph)
        total += len(paragraph)
    return result


def looks_like_prose(paragraphs: list[str], framed: bool = False) -> bool:
    """False only for a long body that is mostly lists, tables or data.

    ``framed`` says the body was cut out of a web page's chrome (menus above the headline):
    it is the article, then the site's footer (link lists, tags, menus), which can be most
    of the text, so a framed body that opens with running text is an article. A plain
    document (notes above a list of category codes) is judged whole."""
    if sum(map(len, paragraphs)) < MIN_JUDGED_CHARS:
        return True
    if prose_share(paragraphs) >= MIN_PROSE_SHARE:
        return True
    return framed and prose_share(opening(paragraphs)) >= MIN_PROSE_SHARE
