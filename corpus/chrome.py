"""Telling an article's prose from the page around it.

The rules are general shapes, not site lists: breadcrumbs (``News / China / Koreas``), menus
(``Tiếng Việt | ລາວ | ...``), share prompts, notices, photo captions with their credits,
bylines, repeated headlines and lines that are only a date. Phrases live in
``data/chrome.txt`` (whole-paragraph patterns), so users and maintainers extend a table,
not code.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, Iterable
from importlib import resources

from corpus.dates import UPDATED_LABEL, Dateline, date_in_text, dateline, find_dates
from corpus.sources import fold, has_photo_credit, known_source

# ---------------------------------------------------------------- text normalization

#: One translation for every character normalization: line separators become ``\\n``,
#: exotic spaces a space, invisible and control characters nothing.
_TRANSLATION = {
    **{code: None for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xAD, *range(0x200B, 0x200E), 0x2060, 0xFEFF]},
    **{code: " " for code in [0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]},
    **{code: "\n" for code in [0x85, 0x2028, 0x2029]},
}


_CONTROLS = {code: None for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}


#: UTF-8 read as Windows-1252 or Latin-1: ``â€™`` for ``’``, ``Ã©`` for ``é``.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_CP1252_BYTES = {ch: byte for byte in range(0x80, 0xA0) for ch in [bytes([byte]).decode("cp1252", "ignore")] if ch}


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Windows-1252 (``Kimâ€™s`` -> ``Kim’s``).

    Only when the text is full of the tell-tale pairs and re-encoding gives valid UTF-8;
    anything else is returned unchanged, so real Latin-1 text is never touched.
    """
    if len(_MOJIBAKE.findall(text[:100_000])) < 2:
        return text
    raw = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x100:
            raw.append(code)
        elif ch in _CP1252_BYTES:
            raw.append(_CP1252_BYTES[ch])
        else:
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def normalize_text(text: str) -> str:
    """Unicode NFC, ``\\n`` line ends, no invisible characters, single spaces, trimmed lines;
    UTF-8 mis-decoded as Windows-1252 is repaired.

    Quotes, dashes and accents are kept as written (``Kim’s`` stays curly).
    """
    # control characters go first: removing them later could join a mojibake pair that the
    # repair did not see, and a second normalization would then change the text again
    text = repair_mojibake(text.translate(_CONTROLS)).replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATION)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "\n".join(" ".join(line.split()) if "  " in line else line.strip() for line in text.split("\n"))


#: Whitespace that collapsing would change: a run of two, or one that is not a plain space.
_UNCOLLAPSED = re.compile(r"\s\s|[^\S ]")


def collapse(text: str) -> str:
    """All whitespace runs as one space, trimmed.

    Text that is collapsed already comes back as the same object: a long body is not
    copied once more to find that nothing changes.
    """
    if _UNCOLLAPSED.search(text) or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


# ---------------------------------------------------------------- the chrome table


@dataclass(frozen=True)
class ChromeTable:
    drop: re.Pattern[str]
    end: re.Pattern[str]
    html: re.Pattern[str]


def parse_chrome(text: str) -> ChromeTable:
    """Parse ``data/chrome.txt``: sections ``[drop]``, ``[end]``, ``[html]`` of regexes."""
    sections: dict[str, list[str]] = {"drop": [], "end": [], "html": []}
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            if line[1:-1] not in sections:
                raise ValueError(f"chrome table line {number}: unknown section {line}")
            current = sections[line[1:-1]]
        elif current is None:
            raise ValueError(f"chrome table line {number}: pattern before any [section]")
        else:
            re.compile(line)
            current.append(line)
    def either(patterns: list[str]) -> str:
        return "|".join(f"(?:{pattern})" for pattern in patterns)
    return ChromeTable(
        drop=re.compile(either(sections["drop"]), re.I),
        end=re.compile(either(sections["end"]), re.I),
        html=re.compile(r"(?:^|[-_])(?:" + either(sections["html"]) + r")(?:$|[-_])", re.I),
    )


@functools.cache
def chrome_table() -> ChromeTable:
    text = resources.files("corpus").joinpath("data/chrome.txt").read_text(encoding="utf-8")
    return parse_chrome(text)


# ---------------------------------------------------------------- paragraph shapes

_MENU_SEPARATORS = re.compile(r"\s+(?:[|•·»›>/\\]|::)\s+|\s*\|\s*")
_TERMINAL = re.compile(r"[.!?…:;][\"”’')\]]*$")
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+/\S*", re.I)
_PHOTO_CREDIT = re.compile(
    r"(?i:\((?:photo|photograph|image|picture|file photo|file|courtesy)(?:\s+by|\s+courtesy of|\s*:)[^()]{1,60}\))\s*$"
    r"|(?i:\b(?:photo|photograph|image|picture)(?: credit)?\s*:\s*[^.]{1,60})$"
    r"|\([^()]{0,60}\bPool(?: Photo)?\)\s*$"
    r"|\b[A-Z]{2,}(?: PHOTO)?/[A-Z][a-z][\w'-]*(?: [A-Z][\w'-]*){1,3}(?:/[A-Z][\w ]{1,30})?\.?\s*$"
    r"|\b(?:Getty Images|Shutterstock|AP Photo\b[^.]{0,60}|EPA-EFE[^.]{0,40}|Pool Photo[^.]{0,60})\s*$",
)
#: Captions are short; a longer paragraph that ends with a credit is prose.
CAPTION_WORDS = 80
#: Paragraphs that announce themselves as captions: ``FILE - In this April 27, 2018, file
#: photo, ...`` (AP), ``Photo: The two presidents meet...``.
_CAPTION_HEAD = re.compile(r"^(?:FILE(?: PHOTO)?\s*[-–—:]|(?:Photo|PHOTO|Picture|Image|Caption|Pictured)\s*:)\s")
#: Every credit ``_PHOTO_CREDIT`` finds contains one of these.
_PHOTO_HINTS = ("/", "(", "hoto", "HOTO", "mage", "icture", "Getty", "Shutterstock", "EPA", "Pool")
_BYLINE = re.compile(r"^(?:by|written by|words by|par|von|por)(?:\s*:\s*|\s+)(?P<names>.{3,200})$", re.I)
#: What may follow the names in a byline: a label and the date (``By Kathy Wise Published
#: in FrontBurner December 14, 2016``), a reading time (``5 minute read``).
_BYLINE_TAIL = re.compile(r"\s+(?:(?:first |last )?(?:published|updated|posted|on)\b|\d+ min(?:ute)?s? read\b).*$", re.I)
_REPORTING = re.compile(r"^[(\[]?\s*(?:additional )?(?:reporting|writing) by\s+(?P<names>[^;)\]]+)", re.I)
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|de|van|von|der|da|bin|al|el|le|la)){1,3}$")
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||–|—|•|·|\s-\s|\s/\s)\s*")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|;)\s*")
_ROLE = re.compile(
    r"^(?:(?:the )?(?:\w+ )?(?:staff|correspondent|reporter|editor|writer|contributor|columnist|"
    r"bureau|desk|team|agencies|agency|news|wires?)(?: \w+)?|(?:updated|published|posted|last updated)\b.*|\d.*)$",
    re.I,
)
_CONTACT = re.compile(r"\([^()]*\)|\S+@\S+|@\w+")
_PLACE_TAIL = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")


def words(text: str) -> int:
    return len(text.split())


def is_menu(text: str) -> bool:
    """Breadcrumbs and menus: two or more short items joined by ``/``, ``|``, ``>``, ``•``..."""
    if len(text) > 400:
        return False
    parts = [part for part in _MENU_SEPARATORS.split(text) if part]
    if len(parts) < 2:
        return False
    return all(words(part) <= 5 and not _TERMINAL.search(part) for part in parts)


def is_url(text: str) -> bool:
    return bool(_URL_ONLY.fullmatch(text))


def is_site_name(text: str) -> bool:
    """A publication's name as a line of page chrome: ``Press TV``, ``Press TV News Roku``.

    The name may be followed by at most two capitalised menu words; ``BBC poll indicates
    economic gloom`` is a headline about the BBC, not the BBC's masthead.
    """
    tokens = text.split()
    if not 1 <= len(tokens) <= 6 or _TERMINAL.search(text):
        return False
    for size in range(min(len(tokens), 4), 0, -1):
        if known_source(" ".join(tokens[:size])):
            rest = tokens[size:]
            return len(rest) <= 2 and all(token[0].isupper() for token in rest)
    return False


@functools.lru_cache(maxsize=4096)  # a text page asks twice: finding the headline, cleaning the body
def is_photo_caption(text: str) -> bool:
    """A caption: ends with a photo credit (``REUTERS/Jason Lee``, ``(Photo by Xinhua)``)."""
    if words(text) > CAPTION_WORDS:
        return False
    if _CAPTION_HEAD.match(text):
        return True
    tail = text[-160:]
    if any(hint in tail for hint in _PHOTO_HINTS) and _PHOTO_CREDIT.search(tail):
        return True
    return has_photo_credit(text)


def is_prose(text: str) -> bool:
    """Reads like a sentence of an article rather than a heading, menu item or link."""
    return words(text) >= 25 or (words(text) >= 6 and bool(_TERMINAL.search(text)))


#: No chrome pattern matches a paragraph longer than this: longer ones skip the table.
CHROME_MAX = 600


@functools.lru_cache(maxsize=4096)
def is_chrome(text: str) -> bool:
    """A paragraph that is page chrome wherever it appears."""
    if len(text) > CHROME_MAX:
        return False
    table = chrome_table()
    return bool(
        table.drop.fullmatch(text)
        or table.end.fullmatch(text)
        or is_url(text)
        or (not is_prose(text) and is_menu(text))
    )


def _short_chrome(text: str, title: str | None, title_size: int) -> bool:
    """Chrome tests that only a short paragraph can pass (the repeated headline, a site name)."""
    if len(text) > CHROME_MAX:
        return False
    if title and len(text) < title_size and title in (fold(text), fold(strip_site_name(text))):
        return True
    return bool(is_chrome(text) or known_source(text))


def _without_source(part: str) -> str:
    """``Hyung-jin Kim Associated Press`` -> ``Hyung-jin Kim``: a trailing source name goes."""
    tokens = part.split()
    for size in range(min(3, len(tokens) - 1), 0, -1):
        if known_source(" ".join(tokens[-size:])):
            return " ".join(tokens[:-size])
    return part


_PARTICLES = frozenset("de van von der da bin al el le la du del di dos".split())
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
#: ``McCain``, ``DiChristopher``, ``O’Neil``: a short prefix before a second capital.
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|Di|De|La|Le|O['’])(?=[A-Z])")


def _name_word(token: str) -> bool:
    if token in _PARTICLES or _INITIALS.fullmatch(token):
        return True
    core = _NAME_PREFIX.sub("", token)
    pieces = re.split(r"[-'’]", core)
    return all(piece[:1].isupper() and piece[1:].isalpha() and piece[1:].islower() for piece in pieces if piece) and bool(pieces[0])


def is_person_name(text: str) -> bool:
    """``Jane Doe``, ``T.C. Sottek``, ``Cécile Ducourtieux``, ``Tom DiChristopher``: two to
    four capitalised words, not a publication's name; not ``Example TV`` nor
    ``Video PlayerClose`` (menu words glued by a renderer)."""
    tokens = text.split()
    return (
        2 <= len(tokens) <= 4
        and all(map(_name_word, tokens))
        and tokens[0] not in _PARTICLES
        and not known_source(text)
        and not _ROLE.match(text)
        and not is_chrome(text)
    )


def byline_names(text: str) -> tuple[str, ...] | None:
    """Author names when ``text`` is a byline (``By Jane Doe and Li Wei, Reuters``), else None;
    ``()`` for a byline naming no person (``By Reuters Staff``).

    Every part must be a person's name, a role (``Staff Writer``) or a known source: ``By
    Tuesday, prices had doubled`` is a sentence, not a byline.
    """
    match = _BYLINE.match(text) or _REPORTING.match(text)
    if not match or words(text) > 30:
        return None
    names: list[str] = []
    for segment in _SEGMENT_SPLIT.split(_CONTACT.sub(" ", match["names"])):
        dated = find_dates(segment, numeric=True)
        segment = _BYLINE_TAIL.sub("", segment[: dated[0].start] if dated else segment)
        for part in _NAME_SPLIT.split(segment):
            part = _without_source(_PLACE_TAIL.sub("", part.strip(" .:")))
            if not part or _ROLE.match(part) or known_source(part):
                continue
            if not _NAME.match(part):
                return None
            names.append(part.title() if part.isupper() else part)
    return tuple(names)


# ---------------------------------------------------------------- headlines

#: Separators between a headline and a site name in a title (captured, to rebuild it).
TITLE_SEPARATORS = re.compile(r"(\s+(?:[|–—:·•»]|-{1,2}|::)\s+)")
_GLUED_PREFIX = re.compile(r"^(?P<site>[A-Z][\w.]{1,30})-(?=[A-Z])")


def split_site_name(title: str, sites: Iterable[str] = ()) -> tuple[str, str | None]:
    """``Kim meets Xi | Reuters`` -> (``Kim meets Xi``, ``Reuters``); ``PressTV-Kim meets Xi``
    -> (``Kim meets Xi``, ``Press TV``).

    A part at either end is cut when it is one of ``sites`` (the page's own name) or a
    known source; a headline is never cut to nothing. The name cut is returned canonical:
    a title naming its site is the page naming itself.
    """
    cut: str | None = None
    glued = _GLUED_PREFIX.match(title)
    if glued and known_source(glued["site"]):
        title, cut = title[glued.end() :], known_source(glued["site"])
    pieces = TITLE_SEPARATORS.split(title)
    names = {collapse(site).casefold(): collapse(site) for site in sites}

    def site_of(part: str) -> str | None:
        return names.get(part.casefold()) or known_source(part)

    while len(pieces) > 2 and site_of(pieces[-1]):
        cut = site_of(pieces[-1])
        del pieces[-2:]
    while len(pieces) > 2 and site_of(pieces[0]):
        cut = site_of(pieces[0])
        del pieces[:2]
    return "".join(pieces), cut


def strip_site_name(title: str, sites: Iterable[str] = ()) -> str:
    """The title without the site's name at either end (see :func:`split_site_name`)."""
    return split_site_name(title, sites)[0]


# ---------------------------------------------------------------- cleaning a body


@dataclass(frozen=True)
class Cleaned:
    """An article body after cleaning, with what the removed lines told us."""

    paragraphs: list[str]
    authors: tuple[str, ...]
    date: _dt.date | None = None
    date_from: str | None = None


#: An end marker (share bar, "Related stories") in this last part of a page closes the
#: article: what follows is footer. Higher up, only the link lists after it are dropped.
END_ZONE = 0.6
#: How many paragraphs from the top may hold a dated photo caption.
LEAD_WINDOW = 6
_FILE_PHOTO = re.compile(r"\b(?:file|archive)(?: photo| picture| image)?\b|\bpictured (?:in|on) \d{4}", re.I)


def clean(paragraphs: list[str], headline: str, lead: Collection[str] = (), wire_dateline: bool = False) -> Cleaned:
    """Drop chrome, repeated headlines, captions, datelines and bylines (kept as authors),
    and what follows an end marker (see ``END_ZONE``).

    ``lead`` holds paragraphs the caller knows open the story as the page prints it (the
    lead picture's caption and credit above the first paragraph): they are kept, and a
    caption among them still dates the story. With ``wire_dateline`` the first paragraph
    keeps its wire dateline (``WASHINGTON (Reuters) - ...``) as printed; its date is read
    either way.

    The date comes from a dateline above the prose (``June 21, 2019 | 08:02``) or a wire
    dateline with a year (``BEIJING, May 8, 2018 (Xinhua) --``), else from the dated photo
    captions at the top (:func:`corpus.dates.date_in_text`). Dates in the prose itself are
    never used: on the BBC corpus most full dates in leads are anniversaries, births and
    deadlines, not the day of publication.
    """
    table = chrome_table()
    title = fold(headline) if headline else None
    title_size = 2 * len(headline) + 10
    kept: list[str] = []
    authors: list[str] = []
    datelines: list[Dateline] = []
    captions: list[str] = []
    after_end: str | None = None
    story = False  # whether the story's first paragraph (not its lead caption) is kept
    # the lead's paragraphs do not count in the places of the others (END_ZONE, LEAD_WINDOW)
    skipped = 0
    total = len(paragraphs) - (sum(collapse(raw) in lead for raw in paragraphs) if lead else 0)
    joinable = False  # whether the last paragraph kept is the story's (a lead caption is not continued)
    for index, raw in enumerate(paragraphs):
        text = collapse(raw)
        if not text:
            continue
        if text in lead:
            if is_photo_caption(text) and index - skipped < LEAD_WINDOW and not _FILE_PHOTO.search(text):
                captions.append(text)
            kept.append(text)
            skipped += 1
            joinable = False
            continue
        index -= skipped
        if len(text) <= CHROME_MAX and table.end.fullmatch(text):
            if story:
                after_end = "all" if index >= END_ZONE * total else "lists"
            continue
        if after_end == "all" or (after_end and not is_prose(text)):
            continue
        after_end = None
        names = byline_names(text)
        if names is not None:
            authors.extend(name for name in names if name not in authors)
            dated = find_dates(text, numeric=True)
            if not story and len(dated) == 1:
                datelines.append(Dateline(dated[0].date, updated=bool(UPDATED_LABEL.search(text))))
            continue
        line_date = dateline(text)
        if line_date:
            if not story:
                datelines.append(line_date)
            continue
        if is_photo_caption(text):
            if index < LEAD_WINDOW and not _FILE_PHOTO.search(text):
                captions.append(text)
            continue
        if _short_chrome(text, title, title_size):
            continue
        if not story:
            opening = split_lead(text)
            if opening.dateline:
                dated = find_dates(opening.dateline)
                if dated:
                    datelines.append(Dateline(dated[0].date, updated=False))
                text = text if wire_dateline else opening.text
            story = True
        if joinable and text[0].islower() and not _TERMINAL.search(kept[-1]):
            kept[-1] = f"{kept[-1]} {text}"  # a sentence broken by markup or wrapping
        else:
            kept.append(text)
        joinable = True
    date, date_from = _best_date(datelines, captions)
    return Cleaned(kept, tuple(authors), date, date_from)


def _best_date(datelines: list[Dateline], captions: list[str]) -> tuple[_dt.date | None, str | None]:
    if datelines:
        published = [line for line in datelines if not line.updated] or datelines
        return published[0].date, "dateline"
    inferred = date_in_text(captions)
    return (inferred, "text") if inferred else (None, None)


def clean_paragraphs(paragraphs: list[str], headline: str) -> list[str]:
    """The prose paragraphs of an article body: see :func:`clean`."""
    return clean(paragraphs, headline).paragraphs


# ---------------------------------------------------------------- wire datelines in a lead

_LEAD_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Z'’.-]+(?:[ /][A-Z][A-Z'’.-]+){0,3})|(?P<town>[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2}))"
    r"(?:,\s+(?P<region>[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,3}))?"
    r"(?:,?\s+(?P<date>(?:[A-Z][a-z]{2,8}\.? [0-3]?\d|[0-3]?\d [A-Z][a-z]{2,8}\.?)(?:,? (?:1[89]|20)\d\d)?))?"
    r"\s*(?:\((?P<credit>[A-Z][\w.&/-]+(?: [A-Z][\w.&/-]*){0,4})\)\s*)?(?:-{1,2}|–|—)\s*(?=\S)"
)


@dataclass(frozen=True)
class Lead:
    """A lead paragraph split into its dateline (``SEOUL, June 21 (Reuters) -``) and prose."""

    text: str
    dateline: str | None


#: ``SEOUL: North Korea...`` (a place in capitals and a colon), but not ``UPDATE: ...``.
_COLON_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z'’.-]{3,}(?: [A-Z][A-Z'’.-]+){0,2}):\s+(?=[A-Z“\"])")
_NOT_PLACES = frozenset(
    "NOTE UPDATE UPDATED WATCH BREAKING EXCLUSIVE ANALYSIS OPINION EDITORIAL COMMENT READ VIDEO PHOTOS PHOTO "
    "LIVE CORRECTION CLARIFICATION WARNING ALERT FLASH URGENT SOURCE SOURCES EDITOR EDITORS RELATED TAGS".split()
)
#: ``MOSCOW, June 21. /TASS/. Russia said...``
_SLASH_DATELINE = re.compile(
    r"^[A-Z][A-Za-z'’. -]{1,40}?,?(?:\s+[A-Z][a-z]{2,8}\.? [0-3]?\d)?\.?\s*/(?P<credit>[A-Z][A-Za-z-]{1,20})/\.?\s+(?=\S)"
)
_GLUED_CREDIT = re.compile(r"^\((?P<credit>[A-Z][\w.&/-]+(?: [A-Z][\w.&/-]*){0,3})\)\s*(?=[A-Z“\"])")


def split_lead(paragraph: str) -> Lead:
    """Take a wire dateline off the start of a lead paragraph.

    A place in capitals must be followed by a region, a date or a credit, so that a sentence
    such as ``NATO — the alliance...`` keeps its first word; a place in title case
    (``Pyongyang, June 21 (KCNA) --``) needs the credit.
    """
    glued = _GLUED_CREDIT.match(paragraph) or _SLASH_DATELINE.match(paragraph)
    if glued and known_source(glued["credit"]):
        return Lead(paragraph[glued.end() :], glued.group(0).strip())
    colon = _COLON_DATELINE.match(paragraph)
    if colon and colon["place"] not in _NOT_PLACES:
        return Lead(paragraph[colon.end() :], colon.group(0).strip())
    match = _LEAD_DATELINE.match(paragraph)
    if not match or not (match["credit"] if match["town"] else match["region"] or match["date"] or match["credit"]):
        return Lead(paragraph, None)
    return Lead(paragraph[match.end() :], match.group(0).strip())
