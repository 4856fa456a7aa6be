"""Which line of a scraped text page is the headline: candidates scored on evidence.

Each candidate line (:mod:`corpus.lines`) gets a score, the sum of the weights of its
features; the best-scoring line is the headline. The weights are an averaged perceptron
trained with NLTK (``nltk.tag.perceptron.AveragedPerceptron``, as a ranker: each page's
headline against the line it was mistaken for) on real pages rendered to text, by
``benchmarks/train_headline.py``; they ship as ``data/headline-model.json``. Scoring is
NLTK's own ``predict`` sum, written out here because importing NLTK costs half a second,
more than parsing a thousand pages (tests check both give the same decision).
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources

from corpus.byline import plausible_name
from corpus.chrome import byline_names, is_chrome, is_menu, is_person_name, is_photo_caption, is_site_name, words
from corpus.dates import dateline
from corpus.lines import Page, candidate_features, is_cjk, is_title_shaped, overlap

MODEL = "data/headline-model.json"
#: The classes of the perceptron: the headline and every other candidate line.
TITLE, OTHER = "title", "other"


@functools.cache
def model() -> dict[str, dict[str, float]]:
    """The perceptron's averaged weights: feature -> class -> weight."""
    text = resources.files("corpus").joinpath(MODEL).read_text(encoding="utf-8")
    return json.loads(text)["weights"]


@functools.cache
def _margins() -> dict[str, float]:
    return {name: by_class.get(TITLE, 0.0) - by_class.get(OTHER, 0.0) for name, by_class in model().items()}


def score(features: list[str]) -> float:
    """How much the evidence says headline rather than other line (higher is surer)."""
    margins = _margins()
    return sum(margins.get(name, 0.0) for name in features)


def scored(page: Page) -> list[tuple[float, int]]:
    """(score, position) of every candidate line, best first (ties: the higher line).

    A photo's caption and a line that is only the byline's name are never the headline,
    however well their words come back in the story."""
    ranked = sorted(
        (
            (score(found), position)
            for position, found in candidate_features(page)
            if not _never_title(page.texts[position]) and not _menu_run(page, position)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    if len(ranked) > 1 and words(page.texts[ranked[0][1]]) <= LABEL_WORDS:
        below = next((item for item in ranked if item[1] == ranked[0][1] + 1), None)
        if below and below[0] >= ranked[0][0] - LABEL_MARGIN and words(page.texts[below[1]]) > LABEL_WORDS:
            ranked.remove(below)
            ranked.insert(0, below)  # a section label sits right above the headline
    return ranked


#: A line of at most this many words right above a title that scores nearly as well is the
#: section's label, and the title below it is the headline.
LABEL_WORDS = 3
LABEL_MARGIN = 15.0


def _never_title(text: str) -> bool:
    return is_photo_caption(text) or (is_person_name(text) and plausible_name(text))


#: A plain document has at most this many short lines between its title and its prose
#: (a sports fixture: venue, day, kick-off time, referee).
PLAIN_GAP = 5
#: Words glued by a renderer that dropped the spaces between menu links (``NewsPhotosVideos``).
_GLUED = re.compile(r"[a-z][A-Z][a-z]")


def plain_title(page: Page) -> bool:
    """Whether the page is a plain document whose first line is its title (no page chrome).

    A copied web page starts with chrome; a plain document (a corpus file, a saved story)
    with its title. The first line is the title when it is title-shaped, said once, and
    only a few short lines stand between it and the prose, none of them chrome, a menu, a
    list item or a repeated line.
    """
    if page.main is None or not page.texts:
        return False
    first = page.texts[0]
    if page.prose[0] or page.marked[0] or not is_title_shaped(first) or is_site_name(first) or _GLUED.search(first):
        return False
    if page.main[0] - 1 > PLAIN_GAP or page.counts[first.casefold()] > 1 or _unlike_a_title(page):
        return False
    between = range(1, page.main[0])
    return not any(
        is_menu(page.texts[position])
        or is_chrome(page.texts[position])
        or page.marked[position]
        or page.counts[page.texts[position].casefold()] > 1
        or _titles_a_byline(page, position)
        for position in between
    )


#: A first line this long (in words, or thirds of its characters in CJK) whose words mostly do
#: not come back in the prose is a menu run, not a title.
LONG_TITLE = 9
#: The share of a long first line's words that a title repeats in the prose at least.
TITLE_OVERLAP = 0.35
_SENTENCE = re.compile(r"[^.]\.$")


def _unlike_a_title(page: Page) -> bool:
    """Whether the first line reads as something else than a document's title: a sentence
    (``You are using an outdated browser.``), or a long run of words that the prose below
    does not take up (a menu printed on one line: ``Work Insights Podcast Labs Careers About
    Search Get in touch``)."""
    first = page.texts[0]
    size = max(len(first) // 3, 1) if is_cjk(first) else words(first)
    return bool(_SENTENCE.search(first)) or (size >= LONG_TITLE and overlap(page, 0) < TITLE_OVERLAP)


def _menu_run(page: Page, position: int) -> bool:
    """A menu printed on one line by a renderer that joins links with spaces (``Home World
    Business Sport Video Culture Travel Weather Newsletters``): a long run of words that all
    start with a capital, whose words the prose below mostly does not take up. A headline
    that long has a lower-case word (``of``, ``the``, a verb in sentence case)."""
    text = page.texts[position]
    tokens = text.split()
    return (
        len(tokens) >= LONG_TITLE
        and not _TERMINAL_MARK.search(text)
        and all(not token[:1].isalpha() or token[:1].isupper() for token in tokens)
        and overlap(page, position) < TITLE_OVERLAP
    )


_TERMINAL_MARK = re.compile(r"[.!?:;,'\"”’]")


def _titles_a_byline(page: Page, position: int) -> bool:
    """A title-shaped line directly above a byline or a date: the headline is lower down,
    and the first line is chrome (``Jump to navigation``)."""
    if position + 1 >= len(page.texts) or not is_title_shaped(page.texts[position]) or page.prose[position]:
        return False
    below = page.texts[position + 1]
    return byline_names(below) is not None or dateline(below) is not None
