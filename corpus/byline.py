"""The byline zone of a scraped text page: the lines around the headline that say who wrote
the article and when.

Sites print the author and the date between the headline and the first paragraph (``By
J.R. Stone`` / ``Thursday, November 9, 2023 7:35AM``), sometimes just above the headline,
often split over lines (``Updated`` / ``11:22 PM EST, Tue November 29, 2016``, ``By`` /
``Jane Doe``). Only these lines are read: dates in the prose are anniversaries and
deadlines as often as the day of publication.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from corpus.chrome import byline_names, is_menu, is_person_name, is_photo_caption, is_prose, words
from corpus.dates import Dateline, dateline, find_dates
from corpus.lines import Page
from corpus.names import word_lists

#: How many units above the headline may still belong to its zone (a date printed first).
ABOVE = 3
#: How many units below the headline the zone reaches at most, when the prose starts later.
BELOW = 10
#: A zone with more dated units than this is a list of links or a table, not a byline.
ZONE_DATES = 2
#: A section label between a date and the headline below it is at most this many words long.
LABEL_WORDS = 3
#: A dated line above the headline with other words in it is at most this long.
ABOVE_WORDS = 8
#: How many units past the zone's end a date is still looked for when the zone has none.
BEYOND = 4
#: A unit of the zone that carries a date among other words (``Will Leitch/November 18,
#: 2016``, ``Lifestyle Published Oct 19, 2022``) is at most this long.
ZONE_WORDS = 16
#: ``By`` or a label (``Author:``) on a line of its own, the name on the next.
_BY_ALONE = re.compile(r"^(?:(?:by|written by|words by|von|par|por)\s*:?|(?:authors?|autor(?:in)?|auteur|written)\s*:)$", re.I)
#: Between the names of a byline's authors.
_AND = re.compile(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&|und|et|y)\s+")
#: ``By`` opening a byline line.
_BY_START = re.compile(r"^(?:by|written by|words by|von|par|por)\s*:?\s+", re.I)
#: ``ByTravis Haney``: a renderer dropped the space after ``By``.
_GLUED_BY = re.compile(r"^By(?=[A-Z][a-z])")
#: ``Byby JANE DOE``: a label ``By`` printed before a byline that says it again.
_DOUBLE_BY = re.compile(r"^by\s*(?=by\s)", re.I)
#: ``Leitch/November 18, 2016`` under ``Will``: a surname, then the byline's separator or date.
_SURNAME_FIRST = re.compile(r"^[A-Z][\w'’-]+(?=\s*[/·|,•]|\s+\d|\s*$)")
#: ``December 10, 2021 by Luke Koppa``, ``Posted on 2019年4月13日 by doumae``: names after a date.
_BY_INSIDE = re.compile(r"\bby\s*:?\s+(?=\S)", re.I)
#: ``Jon Fingas, @jonfingas``, ``Aja Romano@ajaromano``: a handle after the name.
_HANDLE = re.compile(r"\s*,?\s*@\w+")
#: Between a name and what follows it on a byline line (a source, a role, the date).
_NAME_END = re.compile(r"\s*(?:[·•|/,—–]|\s-\s|\bon\b)\s*|(?=\d)")
#: How far (in units) a bare name may be from a date line to be read as the byline.
NAME_TO_DATE = 2
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|released|issued|original|publié|veröffentlicht)\b", re.I)
#: ``Updated``, ``lastupdate``, ``Mis à jour``, ``Aktualisiert``: the date of a later change.
_UPDATED_ANYWHERE = re.compile(r"update|modified|edited|mis à jour|aktualisiert|actualizado", re.I)
#: ``1h ago``, ``24 minutes ago``: a relative time beside a byline.
_RELATIVE = re.compile(r"\b\d+\s*(?:s|m|h|d|mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago\b", re.I)
#: A paragraph this long is the article's running text, not a standfirst.
RUNNING_WORDS = 40
#: ``Tue, Dec 20 201610:32 AM``: a renderer glued the year to the time.
_GLUED_TIME = re.compile(r"((?:19|20)\d\d)(?=[0-2]?\d:[0-5]\d)")
#: ``BroadwayWorld.comOct. 13, 2016``, ``07.46 ESTFirst published``: a renderer glued two
#: elements together; a word starts again at a capital after a lower-case letter or an acronym.
#: ``谢若含2017-03-01``: a CJK name glued before a numeric date.
_GLUED_WORD = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z])|(?<=[\u3040-\u30ff\u3400-\u9fff])(?=(?:19|20)\d\d[-/.]\d)"
)
#: Between the fields of a byline line: ``Pete Evans · CBC News · Posted: Oct 14, 2022``.
_FIELDS = re.compile(r"\s+[|·•/]\s+|\s*\|\s*")
#: A byline line has at most this many fields, each a few words long.
FIELDS = 4
FIELD_WORDS = 8


@dataclass(frozen=True)
class Zone:
    """What the byline zone says: the authors and the publication date."""

    authors: tuple[str, ...]
    date: _dt.date | None
    #: the positions (in ``page.texts``) of the units read as a byline or a date
    used: frozenset[int]


def _date_of(text: str) -> tuple[_dt.date, bool, bool] | None:
    """(date, labelled updated, mixed with other words) of a zone unit, or None.

    A caption or a sentence is not a byline (``... at the border on April 26, 2020. (Photo
    by AFP)`` dates the photo, not the article)."""
    text = _GLUED_WORD.sub(" ", _GLUED_TIME.sub(r"\1 ", text))
    both = _names_then_dateline(text)
    line = dateline(text) or (both[1] if both else None)
    if line:
        return line.date, line.updated, False
    fields = _byline_fields(text)
    if fields:
        text = fields
    elif words(text) > ZONE_WORDS or is_prose(text) or is_photo_caption(text) or is_menu(text):
        return None  # a clock in a menu bar (``March 3, 2021 14:05 | About us``) is chrome
    found = find_dates(text, numeric=True)
    if len(found) != 1:
        return None
    before = text[: found[0].start]
    updated = bool(_UPDATED_ANYWHERE.search(before) or _UPDATED_ANYWHERE.search(text[found[0].end :]))
    return found[0].date, updated and not _PUBLISHED.search(before), True


#: A weekday's name just before a date (``Tue 29 Nov 2016``).
_WEEKDAY_BEFORE = re.compile(r"(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)(?:day)?\.?,?\s*$", re.I)


def _names_then_dateline(text: str) -> tuple[tuple[str, ...], Dateline] | None:
    """The authors' names and the dateline after them on one line (``Jane Doe and Li Wei Tue
    29 Nov 2016 15.26 EST First published on Tue 29 Nov 2016 07.46 EST``): another renderer
    put the names and the dates of the byline on one line."""
    found = find_dates(text, numeric=True)
    if not found:
        return None
    head = text[: found[0].start]
    weekday = _WEEKDAY_BEFORE.search(head)
    head = head[: weekday.start()] if weekday else head
    parts = tuple(part.strip() for part in _AND.split(head.strip(" ,|·-")))
    if not all(part and is_person_name(part) and plausible_name(part) for part in parts):
        return None
    line = dateline(text[len(head) :])
    return (parts, line) if line else None


def _byline_fields(text: str) -> str | None:
    """The field with the date, when ``text`` is a byline split in fields (``18/03/2019 |
    André Mindermann``, ``Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET | Last
    Updated: 24 minutes ago``): one field dated, one a person's name, all a few words long.
    A menu with a clock (``March 3, 2021 14:05 | About us``) names nobody."""
    fields = [field for field in _FIELDS.split(text) if field]
    if not 2 <= len(fields) <= FIELDS or any(words(field) > FIELD_WORDS for field in fields):
        return None
    dated = [field for field in fields if find_dates(field, numeric=True)]
    named = [field for field in fields if is_person_name(_HANDLE.sub("", field)) or byline_names(field)]
    return dated[0] if len(dated) == 1 and named else None


def _names(text: str, dated: bool) -> tuple[str, ...] | None:
    """Authors named by one unit of the zone, or None when it is no byline.

    Besides ``By ...`` lines: names after a dated prefix (``Posted May 3, 2019 by Jane
    Doe``) and, when ``dated`` (a date is near), a unit that starts with a person's name
    followed by a source, a role, a handle or the date (``Pete Evans · CBC News · Posted
    ...``, ``Mattias Geniar, April 19, 2020``), or is nothing but the name.
    """
    text = _HANDLE.sub("", _GLUED_BY.sub("By ", _DOUBLE_BY.sub("", text)))
    if text.isupper() and words(text) <= 4:  # ``JANE EXAMPLE``: a name set in capitals
        text = text.title()
    names = byline_names(text)
    if names is not None:
        return names
    names = cjk_names(text)
    if names:
        return names
    by = _BY_START.match(text)
    if by:  # ``By Jane Doe, Senior Staff Technologist, ...``: the name, then who she is
        head = _NAME_END.split(text[by.end() :], maxsplit=1)[0].strip()
        return (head,) if is_person_name(head) else None
    inside = _BY_INSIDE.search(text)
    if inside and inside.start() and (find_dates(text[: inside.start()], numeric=True) or words(text[: inside.start()]) <= 2):
        return byline_names("By " + text[inside.end() :])
    if not dated or is_prose(text) or text.endswith(":"):
        return None  # ``Port City/ Capital:`` labels what follows: a dateline, not a name
    both = _names_then_dateline(_GLUED_WORD.sub(" ", text))
    if both:
        return both[0]
    if _byline_fields(text):
        return tuple(field for field in map(str.strip, _FIELDS.split(text)) if is_person_name(field) and plausible_name(field))
    parts = [part.strip() for part in _AND.split(text)]  # ``Jane Doe and Li Wei``
    if len(parts) > 1 and all(is_person_name(part) and plausible_name(part) for part in parts):
        return tuple(parts)
    head = _head_name(text)
    return (head,) if head else None


#: A letter of a CJK name: kana, Han, Hangul.
_CJK_LETTER = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af"
#: A CJK byline's label, the name after it: ``著者：``, ``作者：``, ``文●``, ``责任编辑：``
#: (``文`` alone only where no other Han letter precedes it: ``本文：`` is no label).
_CJK_LABEL = re.compile(rf"(?:著者|作者|筆者|記者|撰文|责任编辑|責任編集|(?<![{_CJK_LETTER}])文)\s*[：:●]\s*")
#: A CJK name: two to eight letters, ending the unit or before a separator, a bracket or a digit.
_CJK_NAME = re.compile(rf"[{_CJK_LETTER}]{{2,8}}(?=$|[\s／/|·・,，、（(\[《]|\d)")
#: A CJK name glued before the date of its byline: ``松村太郎2019年04月13日``, ``谢若含2017-03-01``.
_CJK_BEFORE_DATE = re.compile(rf"^([{_CJK_LETTER}]{{2,6}})\s*(?=(?:19|20)\d\d\s*[年/.-])")
#: Katakana alone is a section's or a product's name as often as a person's.
_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
#: A date's label glued before it (``公開日2019年2月13日``, ``更新2019.03.08``, ``发布时间``) names no one.
_CJK_DATE_LABEL = re.compile(r"(?:日|日時|時間|时间|更新|公開|公开|発行|发布|發佈|投稿|掲載|配信|修改)$")


def cjk_names(text: str) -> tuple[str, ...] | None:
    """The author a CJK byline names: the name after its label (``著者：後藤大地``, ``文●
    オカモト／編集部``, the last of ``作者：责任编辑：肖春芳``), or a name glued before the
    byline's date (``松村太郎2019年04月13日 09時00分``), in Han letters or kana mixed with
    them, not katakana alone (``ニュース2019.03.08`` is a section's) nor a date's label
    (``公開日2019年2月13日``)."""
    labels = list(_CJK_LABEL.finditer(text))
    if labels:
        name = _CJK_NAME.match(text, labels[-1].end())
        return (name.group(),) if name else None
    glued = _CJK_BEFORE_DATE.match(text)
    if glued and not _KATAKANA.match(glued[1]) and not _CJK_DATE_LABEL.search(glued[1]) and find_dates(
        text[glued.end() :], numeric=True
    ):
        return (glued[1],)
    return None


#: Words of a role after a byline's name (``Sam Example Senior Politics Editor``).
_ROLE_WORD = re.compile(
    r"(?:senior|chief|deputy|managing|executive|associate|contributing|staff|editor|writer|reporter|"
    r"correspondent|contributor|columnist|producer|critic|journalist|author|ceo|founder|analyst)\b",
    re.I,
)
#: A month's or a weekday's short name: ``Mon Apr`` before a date is no one's name (full
#: month names stay: April, June and May are given names).
_CALENDAR = re.compile(
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tue|tues|wed|thu|thurs|fri|sat|sun|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I
)
#: Where a renderer glued two elements: a lower-case letter, then a capital (``Jane DoeTwitter``,
#: ``Jane DoeCEO``).
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _head_name(text: str) -> str | None:
    """The person's name a byline unit starts with: before its first field separator or
    date (``Jane Doe · Source``, ``Jane Doe, March 3``), before the first place where a
    renderer glued the next element on (``Jane DoeTwitterNews Writer``), or before a role
    (``Jane Doe Senior Politics Editor, Example Post``)."""
    heads = [_NAME_END.split(text, maxsplit=1)[0].strip()]
    glued = _GLUE.search(text)
    if glued:
        heads.append(text[: glued.start()].strip())
    tokens = text.split()
    role = next((index for index, token in enumerate(tokens) if _ROLE_WORD.match(token)), None)
    if role is not None and 2 <= role <= 4:
        heads.append(" ".join(tokens[:role]))
    return next((head for head in heads if head and is_person_name(head) and plausible_name(head) and not _CALENDAR.search(head)), None)


def _split_name(above: str, text: str) -> str | None:
    """A byline whose name a renderer broke after the given name (``Will`` / ``Leitch/November
    18, 2016``): the two units joined, when ``above`` is one given name alone and ``text``
    starts with one capitalised word before a separator, a date or its end."""
    if " " in above or not above.istitle() or above.lower() not in word_lists().given_names:
        return None
    found = find_dates(text, numeric=True)  # not ``Paul`` / ``December 23, 2016``: the date is no surname
    return f"{above} {text}" if _SURNAME_FIRST.match(text) and found and found[0].start > 0 else None


def plausible_name(name: str) -> bool:
    """Whether a bare name (no ``By``) is a person's rather than a label of the page
    (``Social Sharing``, ``Sponsored Links``, ``Video Ad Feedback``): it starts with a given
    name (``Will Leitch``, ``Alice Green``), or none of its words is an ordinary word the
    corpora write in lower case."""
    lists = word_lists()
    tokens = [token.lower() for token in name.split()]
    return tokens[0] in lists.given_names or not any(token in lists.common_words for token in tokens)


def _just_below(page: Page, position: int, headline: int) -> bool:
    """Whether a unit is one of the first few under the headline, below nothing but short
    chrome (a comment count, a section label)."""
    between = page.texts[headline + 1 : position]
    return position - headline <= JUST_BELOW and not any(page.prose[other] for other in range(headline + 1, position)) and all(
        words(text) <= 2 for text in between
    )


#: A bare name this many units under the headline at most (past a view and a comment count).
JUST_BELOW = 3


def _dated(text: str) -> bool:
    """A unit with a date, or a relative time (``1h ago``): what sits next to a byline."""
    return bool(_date_of(text) or _RELATIVE.search(text))


def zone_end(page: Page, headline: int) -> int:
    """The position where the zone below ``headline`` ends: the article's running text (a
    long paragraph, or two paragraphs in a row), or ``BELOW`` units down. A standfirst
    (one sentence under the headline) does not end it: the byline often follows it."""
    end = min(headline + 1 + BELOW, len(page.texts))

    def running(position: int) -> bool:  # a byline written as a sentence is no running text
        return page.prose[position] and not _BY_START.match(_GLUED_BY.sub("By ", page.texts[position]))

    for position in range(headline + 1, end):
        if running(position) and (
            words(page.texts[position]) >= RUNNING_WORDS or (position + 1 < len(page.texts) and running(position + 1))
        ):
            return position
    return end


def _label(page: Page, position: int) -> str:
    """A label on the unit above a date (``Updated:`` / ``Mar 6, 2018``), else ``""``."""
    if position == 0:
        return ""
    above = page.texts[position - 1]
    return above if words(above) <= 3 and not find_dates(above, numeric=True) else ""


#: ``Story published on Oct 5, 2022.``: a line saying when the story was published, in a few words.
_PUBLISHED_LINE = re.compile(r"^(?:\w+\s+){0,2}?(?:first\s+)?(?:published|posted)\s+(?:on\s+)?", re.I)


def _only_dateline(page: Page, headline: int) -> _dt.date | None:
    """The date of the one dateline from a little above the headline (past a share bar of
    short items) to the end of the article's text, when there is exactly one (more are a
    list of dated links; above the headline, a link's title below the date makes it one)."""
    end = page.main[1] if page.main and page.main[1] > headline else min(headline + BELOW, len(page.texts) - 1)
    found = []
    for position in range(max(headline - BELOW, 0), min(end + 1 + BEYOND, len(page.texts))):
        text = _GLUED_WORD.sub(" ", _GLUED_TIME.sub(r"\1 ", page.texts[position]))
        labelled = _PUBLISHED_LINE.match(text)
        line = dateline(text[labelled.end() :].rstrip(".")) if labelled else dateline(text)
        if line:
            found.append((position, line))
    if len(found) != 1 or found[0][1].updated:
        return None
    position, line = found[0]
    if position < headline and any(words(text) > LABEL_WORDS for text in page.texts[position + 1 : headline]):
        return None
    return line.date


def _heads(page: Page, position: int, headline: int, mixed: bool) -> bool:
    """Whether a dated unit above the headline dates it: a date line right above it, or a
    short dated line (``This story is from October 9, 2019``) one section label above it,
    and no other date above the headline (a list of dated links)."""
    between = page.texts[position + 1 : headline]
    if headline - position > 2 or any(words(text) > LABEL_WORDS for text in between):
        return False
    text = page.texts[position]
    if mixed and (words(text) > ABOVE_WORDS or (is_menu(text) and not _byline_fields(text))):
        return False
    others = range(max(headline - ABOVE - 2, 0), headline)
    return not any(_date_of(page.texts[other]) for other in others if other != position)


def read_zone(page: Page, headline: int) -> Zone:
    """Authors and date from the units around ``headline``: a few above it, and below it
    down to the running text (see :func:`zone_end`). When that gives no date, a date a few
    units further down is taken: a standfirst of two sentences or a photo's caption may
    stand between the headline and its byline zone."""
    first = max(headline - ABOVE, 0)
    last = zone_end(page, headline)
    authors: list[str] = []
    dates: list[tuple[bool, int, _dt.date, bool, int]] = []
    beyond: list[tuple[int, _dt.date, tuple[str, ...]]] = []
    bylines: list[tuple[set[int], tuple[str, ...]]] = []  # By lines past the zone's end
    used: set[int] = set()
    # a date just above the headline that dates it lets a name beside it be the byline
    heading = {
        position
        for position in range(first, headline)
        if (found := _date_of(page.texts[position])) and _heads(page, position, headline, found[2])
    }
    for position in range(first, min(last + BEYOND, len(page.texts))):
        if position == headline:
            continue
        text = page.texts[position]
        if position >= last:
            dated = _date_of(text)
            if dated and not dated[1]:
                beyond.append((position, dated[0], _names(text, True) or ()))
            elif _BY_ALONE.match(text) and position + 1 < len(page.texts):
                names = byline_names(f"By {page.texts[position + 1]}")
                if names:
                    bylines.append(({position, position + 1}, names))
            elif (names := byline_names(text)):
                bylines.append(({position}, names))
            continue
        if _BY_ALONE.match(text) and position + 1 < last:
            text = f"By {page.texts[position + 1]}"
            used.add(position)
        elif position > first and (joined := _split_name(page.texts[position - 1], text)):
            text = joined
        near = range(max(position - NAME_TO_DATE, first), min(position + NAME_TO_DATE + 1, last))
        # a bare name counts only below the headline (``My Account`` above it is a menu)
        # a bare name counts beside a date, or right under the headline (``Sarah Archer``)
        dated = (position > headline and (
            any(_dated(page.texts[other]) for other in near) or _just_below(page, position, headline)
        )) or (position < headline and any(other in heading for other in near))
        names = _names(text, dated)
        if names is not None:
            authors.extend(name for name in names if name not in authors)
            used.add(position)
        dated = _date_of(text)
        if dated and (position > headline or _heads(page, position, headline, dated[2])):
            day, updated, mixed = dated
            label = _label(page, position)
            if label:
                updated = (updated or bool(_UPDATED_ANYWHERE.search(label))) and not _PUBLISHED.search(label)
            dates.append((mixed, abs(position - headline) + (position < headline), day, updated, position))
    # the published date: a pure date line first, then the nearest; a date labelled as an
    # update is never taken for it (pages show the last change, months or years later)
    published = [item for item in dates if not item[3]]
    chosen = min(published) if published and len(dates) <= ZONE_DATES else None
    date = chosen[2] if chosen else None
    # the zone's dated units are byline, not story; below the story's first paragraph only
    # the date taken is (a dated link further down is inside the story)
    story = page.next_prose[headline]
    used.update(item[4] for item in dates if story is None or item[4] < story or item is chosen)
    if date is None and not dates and beyond:
        position, date, names = beyond[0]
        authors.extend(name for name in names if name not in authors)
        used.add(position)  # the story starts below its byline zone, not at the standfirst
        below = position + 1
        if below < len(page.texts) and (names := _names(page.texts[below], True)) is not None:
            authors.extend(name for name in names if name not in authors)
            used.add(below)
    if not authors and bylines:  # the byline below a long standfirst
        positions, names = bylines[0]
        authors.extend(names)
        used.update(positions)
    if date is None and not dates:
        date = _only_dateline(page, headline)
    return Zone(tuple(authors), date, frozenset(used))
