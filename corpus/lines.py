"""The lines of a scraped text page, each with the evidence a reader weighs.

A copied web page is the site's chrome (menus, account links, section labels, tickers),
then the article, then more chrome. Which line is the headline is not a matter of order:
a reader sees that the headline's words come back in the first paragraphs, that it sits
just above the byline and the date, that menus repeat (often in the footer) while the
headline does not, that a breadcrumb ends with it, and that it is shaped like a title.
:func:`features` writes that evidence down as named features, one set per candidate line;
:mod:`corpus.headline` weighs them.

The same evidence must hold however the page was turned into text, so list bullets
(``*``, ``•``, ``-``), heading marks (``#``) and indentation are taken off a line before
it is judged, and a line glued out of many menu words is told by its shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.chrome import byline_names, is_chrome, is_menu, is_photo_caption, is_prose, is_site_name, words
from corpus.dates import dateline, find_dates

#: A list bullet, a numbered item or a Markdown heading mark at the start of a line.
_MARK = re.compile(r"^(?:#{1,6}|[*•·▪►‣◦○●■□➤>–—-]+|\d{1,2}[.)])\s+")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_SENTENCE_MARK = re.compile(r"[.!?。！？]")
#: Words that carry no evidence when a headline's words are looked for in the prose.
_COMMON = frozenset(
    "the and for with from that this have has had was were are but not you your our their its into over after "
    "about more than will would been they them what when where which while who whom why how all can new says said "
    "der die das und den dem des ein eine les des une pour dans sur par est".split()
)
#: Candidates are title-shaped: at most this many words and characters.
TITLE_WORDS = 30
TITLE_CHARS = 300
#: Only lines at most this many lines above a line of prose are candidates.
PROSE_REACH = 30
#: How many tokens of prose after a candidate its words are looked for in.
PROSE_TOKENS = 300
#: Lines this far down the page (share of the filled lines) count as the footer.
FOOTER_START = 0.6
#: Only the first this many filled lines are searched for a headline (a page is chrome, then
#: the article: the headline of a very long page is near its top).
SEARCH_LINES = 3000


def strip_mark(line: str) -> tuple[str, bool]:
    """``* World`` -> (``World``, True): a line without its bullet or heading mark."""
    match = _MARK.match(line)
    if match and match.end() < len(line):
        return line[match.end() :].strip(), True
    return line, False


def tokens(text: str) -> set[str]:
    """The evidence-bearing words of a text, folded; CJK runs as character pairs."""
    result: set[str] = set()
    for token in _WORD.findall(text.casefold()):
        if _CJK.search(token):
            result.update(token[i : i + 2] for i in range(max(len(token) - 1, 1)))
        elif len(token) >= 3 and token not in _COMMON and not token.isdigit():
            result.add(token)
    return result


def is_cjk(text: str) -> bool:
    return len(_CJK.findall(text)) * 3 >= len(text)


def is_body_prose(text: str) -> bool:
    """A line of the article's running text: a sentence of some length that is not chrome."""
    if text.isascii():
        return words(text) >= 8 and is_prose(text) and not is_chrome(text) and not is_photo_caption(text)
    if is_cjk(text):
        return len(text) >= 40 and bool(_SENTENCE_MARK.search(text)) and not is_chrome(text)
    return words(text) >= 8 and is_prose(text) and not is_chrome(text) and not is_photo_caption(text)


def is_title_shaped(text: str) -> bool:
    """Short enough for a title, with letters, and not chrome, a date, a byline or a URL."""
    return (
        len(text) <= TITLE_CHARS
        and words(text) <= TITLE_WORDS
        and any(ch.isalpha() for ch in text)
        and not is_chrome(text)
        and dateline(text) is None
        and byline_names(text) is None
        and not find_dates(text, numeric=True)  # a byline line with its date, not a title
    )


class FoldedCounts:
    """A number per case-folded text, looked up by the text but keyed by its hash.

    A page's units are counted to spot repeated menus and footers; keying by the folded
    texts themselves kept a second copy of a whole page (100 MB for a 50 MB text file).
    Two texts whose 64-bit hashes collide would share a number: harmless for a heuristic.
    """

    def __init__(self) -> None:
        self.by_hash: dict[int, int] = {}

    def __getitem__(self, folded: str) -> int:
        """The number for ``folded`` (0 when the page has no such unit)."""
        return self.by_hash.get(hash(folded), 0)


@dataclass
class Page:
    """A page's units (a line, or the lines of a wrapped sentence or title), marks taken off,
    and what is known about each."""

    lines: list[str]
    #: index in ``lines`` of the first and the last line of each unit
    where: list[int]
    ends: list[int]
    texts: list[str]
    marked: list[bool]
    prose: list[bool]
    #: for each filled line, the position of the next prose line after it (or None)
    next_prose: list[int | None]
    #: how often each unit's text occurs, case-folded (``counts[text.casefold()]``)
    counts: FoldedCounts
    #: the last position of each unit's text, case-folded
    last_seen: FoldedCounts
    #: (first, last) position of the page's main run of prose: the article's text
    main: tuple[int, int] | None
    _tokens: dict[int, set[str]] = field(default_factory=dict)

    def token_set(self, position: int) -> set[str]:
        if position not in self._tokens:
            self._tokens[position] = tokens(self.texts[position])
        return self._tokens[position]


_OPEN_END = re.compile(r"[.!?:;|»›>。！？]$")


def _joins(first: str, second: str, block_size: int, wrapped: bool, dated: bool) -> bool:
    """Whether ``second`` continues ``first`` inside one block of lines: a sentence or a
    title wrapped by the page's markup. A label followed by a date is one dateline."""
    if _OPEN_END.search(first):
        return False
    if dateline(second) is not None:
        return (
            words(first) <= 3
            and byline_names(first) is None
            and dateline(f"{first} {second}") is not None
            and dateline(first) is None
        )
    if byline_names(first) is not None or byline_names(second) is not None or dateline(first) is not None:
        return False
    if is_chrome(first) or is_chrome(second):
        return False
    if second[:1].islower():
        return words(first) >= 3  # a one-word item above another is a list, not a sentence
    if dated or find_dates(first, numeric=True):
        return False  # a block with a date or a byline: title, author and date lines
    # a label above a title (``Technology``, ``Love Lives``) is its own line, a cut title
    # (``Ryan Gosling's Feelings About``) is longer
    long_enough = words(first) >= WRAPPED_TITLE_WORDS or (is_cjk(first) and len(first) >= 3 * WRAPPED_TITLE_WORDS)
    return (block_size <= WRAPPED_LINES and long_enough) or (wrapped and len(first) >= WRAPPED_WIDTH)


#: A title or a sentence wrapped by the markup spans at most this many lines of a short block.
WRAPPED_LINES = 3
#: In a longer block, lines of at least this many characters (two thirds of the block's
#: lines) are a paragraph wrapped by the markup.
WRAPPED_WIDTH = 40
#: The first line of a title wrapped in a short block has at least this many words.
WRAPPED_TITLE_WORDS = 4


def page(lines: list[str]) -> Page:
    """Read a page's lines (already normalized: trimmed, single-spaced).

    Lines of one block (no blank line between them) that continue each other become one
    unit (see :func:`_joins`); list items and marked lines never join.
    """
    where: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    marked: list[bool] = []
    index = 0
    while index < len(lines):
        if not lines[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(lines) and lines[end + 1]:
            end += 1
        block_size = end - index + 1
        wrapped = sum(len(line) >= WRAPPED_WIDTH for line in lines[index : end + 1]) * 3 >= block_size * 2
        dated = 1 < block_size <= 2 * WRAPPED_LINES and any(
            dateline(line) is not None or byline_names(line) is not None for line in lines[index : end + 1]
        )
        for line_index in range(index, end + 1):
            text, mark = strip_mark(lines[line_index])
            if texts and not mark and ends[-1] == line_index - 1 and not marked[-1] and _joins(texts[-1], text, block_size, wrapped, dated):
                texts[-1] = f"{texts[-1]} {text}"
                ends[-1] = line_index
                continue
            where.append(line_index)
            ends.append(line_index)
            texts.append(text)
            marked.append(mark)
        index = end + 1
    prose = [is_body_prose(text) if position < SEARCH_LINES + PROSE_REACH else False for position, text in enumerate(texts)]
    next_prose: list[int | None] = [None] * len(texts)
    following: int | None = None
    for position in range(len(texts) - 1, -1, -1):
        next_prose[position] = following
        if prose[position]:
            following = position
    counts, last_seen = FoldedCounts(), FoldedCounts()
    for position, text in enumerate(texts):
        key = hash(text.casefold())
        counts.by_hash[key] = counts.by_hash.get(key, 0) + 1
        last_seen.by_hash[key] = position
    return Page(lines, where, ends, texts, marked, prose, next_prose, counts, last_seen, main_run(texts, prose))


#: A run of prose goes on across at most this many other units (a caption, a subheading, an ad).
RUN_GAP = 4


def main_run(texts: list[str], prose: list[bool]) -> tuple[int, int] | None:
    """(first, last) position of the run of prose units holding the most characters."""
    best: tuple[int, int] | None = None
    best_size = 0
    start: int | None = None
    size = last = 0
    for position, is_prose_unit in enumerate(prose):
        if not is_prose_unit:
            continue
        if start is None or position - last > RUN_GAP:
            start, size = position, 0
        size += len(texts[position])
        last = position
        if size > best_size:
            best, best_size = (start, last), size
    return best


def candidates(page: Page) -> list[int]:
    """Positions (in ``page.texts``) of the lines that could be the headline."""
    result = []
    for position, text in enumerate(page.texts[:SEARCH_LINES]):
        after = page.next_prose[position]
        if after is None or after - position > PROSE_REACH:
            continue
        if page.prose[position] and ((position and page.prose[position - 1]) or text.endswith(".")):
            continue  # a sentence in the prose, or one ending with a full stop, is not a title
        if is_title_shaped(text):
            result.append(position)
    return result


def _bucket(value: float, edges: tuple[float, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _ending(text: str) -> str:
    last = text[-1]
    if last in ".!?:;,|»›>":
        return last
    if last in "\"”’'»)]":
        return "quote"
    return "alnum" if last.isalnum() else "other"


def _case(text: str) -> str:
    letters = [token for token in text.split() if token[:1].isalpha()]
    if not letters:
        return "none"
    if text.isupper():
        return "upper"
    capital = sum(token[0].isupper() for token in letters) / len(letters)
    if text[:1].islower():
        return "lower-start"
    return "title" if capital >= 0.7 and len(letters) >= 3 else "sentence"


def overlap(page: Page, position: int) -> float:
    """Share of the line's words that come back in the prose just after it."""
    own = page.token_set(position)
    if not own:
        return 0.0
    seen: set[str] = set()
    count = 0
    cursor = page.next_prose[position]
    while cursor is not None and count < PROSE_TOKENS:
        found = page.token_set(cursor)
        seen |= found
        count += len(found)
        cursor = page.next_prose[cursor]
    return len(own & seen) / len(own)


def _is_dated(text: str) -> bool:
    return dateline(text) is not None or (words(text) <= 12 and bool(find_dates(text, numeric=True)))


def _neighbour(page: Page, position: int, step: int) -> str:
    """What kind of line sits next to ``position`` (``step`` -1 above, +1 below)."""
    other = position + step
    if not 0 <= other < len(page.texts):
        return "none"
    text = page.texts[other]
    if byline_names(text) is not None:
        return "byline"
    if _is_dated(text):
        return "date"
    if page.prose[other]:
        return "prose"
    if is_menu(text):
        return "menu"
    if is_chrome(text):
        return "chrome"
    if page.counts[text.casefold()] > 1:
        return "repeated"
    return "short" if words(text) <= 3 else "title"


def _breadcrumb_end(page: Page, position: int) -> bool:
    """Whether a breadcrumb just above ends with this line (``News > World > Headline``)."""
    folded = page.texts[position].casefold()
    for other in range(max(position - 3, 0), position):
        text = page.texts[other]
        if is_menu(text) and text.casefold().rstrip(" >»›/|").endswith(folded) and len(text) > len(folded):
            return True
    return False


def features(page: Page, position: int, rank: int, longest: bool) -> list[str]:
    """The evidence about one candidate line, as feature names.

    ``rank`` is the candidate's place among those above the same prose line, counted back
    from the prose (0 = the last before it); ``longest`` says whether it is the longest of them.
    """
    text = page.texts[position]
    size = words(text) if not is_cjk(text) else max(len(text) // 3, 1)
    share = overlap(page, position)
    distance = (page.next_prose[position] or position) - position
    count = page.counts[text.casefold()]
    in_footer = page.last_seen[text.casefold()] > max(position, FOOTER_START * len(page.texts))
    below = [_neighbour(page, position, step) for step in (1, 2, 3)]
    above = _neighbour(page, position, -1)
    overlap_bucket = _bucket(share, (0.0, 0.25, 0.5, 0.75))
    if page.main is None:
        main = "none"
    elif position < page.main[0]:
        main = "above-" + _bucket(page.main[0] - position, (1, 2, 3, 5, 8, 15))
    else:
        main = "inside" if position <= page.main[1] else "below"
    zone = [_neighbour(page, position, step) for step in (1, 2, 3, 4, 5, 6)]
    zone_above = [_neighbour(page, position, step) for step in (-1, -2, -3)]
    distance_bucket = _bucket(distance, (1, 2, 3, 5, 8, 15))
    result = [
        "bias",
        f"words={_bucket(size, (1, 2, 3, 5, 8, 12, 18))}",
        f"end={_ending(text)}",
        f"case={_case(text)}",
        f"overlap={overlap_bucket}",
        f"distance={distance_bucket}",
        f"overlap+distance={overlap_bucket}+{distance_bucket}",
        f"count={min(count, 3)}",
        f"footer={in_footer}",
        f"below={below[0]}",
        f"below2={below[1]}",
        f"above={above}",
        f"rank={min(rank, 4)}",
        f"longest={longest}",
        f"words+end={_bucket(size, (2, 5, 12))}+{_ending(text)}",
        f"main={main}",
        f"main+overlap={main}+{overlap_bucket}",
        f"case+words={_case(text)}+{_bucket(size, (2, 5, 12))}",
        f"byline-near={'byline' in zone}",
        f"date-near={'date' in zone}",
        f"date-above={'date' in zone_above}",
        f"byline-above={'byline' in zone_above}",
    ]
    if page.prose[position]:
        result.append(f"self-prose+end={_ending(text)}")
    if page.marked[position]:
        result.append("marked")
    if is_menu(text):
        result.append("menu")
    if is_site_name(text):
        result.append("site-name")
    if is_photo_caption(text):
        result.append("caption")
    if any(ch.isdigit() for ch in text):
        result.append("digit")
    if _breadcrumb_end(page, position):
        result.append("breadcrumb-end")
    return result


def candidate_features(page: Page) -> list[tuple[int, list[str]]]:
    """Every candidate line of a page with its features (see :func:`features`)."""
    found = candidates(page)
    groups: dict[int | None, list[int]] = {}
    for position in found:
        groups.setdefault(page.next_prose[position], []).append(position)
    result = []
    for group in groups.values():
        longest = max(len(page.texts[position]) for position in group)
        for rank, position in enumerate(reversed(group)):
            result.append((position, features(page, position, rank, len(page.texts[position]) == longest)))
    result.sort()
    return result
