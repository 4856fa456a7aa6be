"""Lines of an article body that name its writer, not someone in the story.

A byline paragraph (``By Jane Doe, LifeZette:``) and the closing lines about the writer (a
bio, ``Jane Doe is a senior fellow at ...``; a contact line, ``Follow Jane Doe on Twitter
@janedoe``; a sign-off, ``Jane Doe`` alone or before ``Questions?``; a contributor note).
The people finder leaves these lines out, and a reader whose records carry no author field
takes the writers from them (the XML collections).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.chrome import byline_names, is_person_name
from corpus.names import UPPERCASE, fold, word_lists

_APOS = "'\u2019"
_WORD = rf"[{UPPERCASE}][\w{_APOS}.-]*"
#: A name of two to four capitalized words (initials allowed inside).
_NAME = rf"(?P<name>(?:{_WORD}[ \t]+){{1,3}}[{UPPERCASE}][\w{_APOS}-]+)"
#: What may stand before the writer's name in a bio: a dash, a role (``Guest author``).
_BIO_LEAD = r"(?:[\u2014\u2013-][ \t]*)?(?:(?:[Gg]uest|[Ss]taff|[Cc]ontributing|[Ss]enior)[ \t]+(?:author|writer|columnist|contributor|editor)[ \t]+)?"
_BIO = re.compile(
    rf"^{_BIO_LEAD}{_NAME},?[ \t]+"
    r"(?:(?:is|was|are)[ \t]+(?:a|an|the|also[ \t]+a|also[ \t]+the|(?:[a-z-]+[ \t]+){1,3}(?:of|at|for|with))|writes|wrote|teaches|represents|serves|covers|hosts)\b"
)
#: ``Contact Jane Doe at jane@example.com``, ``Follow Jane Doe on Twitter @janedoe``.
_CONTACT = re.compile(rf"^(?:Contact|Follow|E-?mail|Reach|Write to)[ \t]+{_NAME}[ \t]+(?:at|on|via)\b")
_SIGN_OFF = re.compile(rf"^(?P<name>(?:{_WORD}[ \t]+){{1,2}}[{UPPERCASE}][\w{_APOS}-]+)(?:[ \t]*$|[ \t]+[{UPPERCASE}]\w*\?)")
_CONTRIBUTED = re.compile(r"\bcontributed (?:to )?(?:this (?:report|article|story)|reporting)\b", re.I)
#: A closing paragraph longer than this is part of the story.
_BIO_WORDS = 60
#: A line after the bio (``Up Next: ...``, a submissions note) is at most this long.
_AFTER_BIO_WORDS = 30
#: ``By Jane Doe, LifeZette:``, ``By T.A. Frank; VanityFair:``: a name, then a publication.
_BY_SOURCE = re.compile(rf"^[Bb]y[ \t]+{_NAME}[ \t]*[,;][ \t]*[{UPPERCASE}][\w.]*(?:[ \t]+[{UPPERCASE}][\w.]*)?[ \t]*:?$")
_ROLE_FIRST = re.compile(r"^[A-Z][a-z]+(?:ist|er|or|ian|ent)$")  # "By Meteorologist Paul Gross"


@dataclass(frozen=True)
class AuthorLines:
    """The writers named by a body's author lines; its paragraphs less the bylines, of
    which the story is the first ``story_end`` (the closing author lines come after)."""

    authors: tuple[str, ...]
    paragraphs: list[str]
    story_end: int

    @property
    def story(self) -> list[str]:
        return self.paragraphs[: self.story_end]


def byline(paragraph: str) -> tuple[str, ...] | None:
    """The writers a byline paragraph names (``()`` for ``By Reuters Staff``), or None when
    the paragraph is no byline."""
    if paragraph[:3] not in ("By ", "by ", "BY "):
        return None
    names = byline_names(paragraph.rstrip(":"))
    if names is None:
        match = _BY_SOURCE.match(paragraph)
        names = (match["name"],) if match and is_person_name(match["name"]) else None
    if names is None:
        return None
    return tuple(_drop_role(name) for name in names)


def _drop_role(name: str) -> str:
    words = name.split()
    if len(words) > 2 and _ROLE_FIRST.match(words[0]) and fold(words[0]) not in word_lists().given_names:
        return " ".join(words[1:])
    return name


def author_lines(paragraphs: list[str], headline: str = "") -> AuthorLines:
    """Byline paragraphs anywhere, and the closing lines about the writer: a bio or contact
    line among the last three paragraphs, with the short lines after it (a teaser, a
    submissions note), or contributor notes and a sign-off at the very end. A writer the
    story or the ``headline`` names (an op-ed by a congressman) is in the story too: the
    lines stay in it, and the name still counts as an author."""
    authors: list[str] = []
    kept: list[str] = []
    for paragraph in paragraphs:
        names = byline(paragraph)
        if names is None:
            kept.append(paragraph)
        else:
            authors += names
    end = len(kept)
    for index in range(len(kept) - 1, max(-1, len(kept) - 4), -1):
        paragraph = kept[index].strip()
        size = len(paragraph.split())
        if size > _BIO_WORDS:
            break
        if _CONTRIBUTED.search(paragraph):
            end = index
            continue
        match = _BIO.match(paragraph) or _CONTACT.match(paragraph)
        if match is None and index == end - 1:
            match = _SIGN_OFF.match(paragraph)
        if match is None:
            if size <= _AFTER_BIO_WORDS:
                continue  # perhaps a line after the bio
            break
        name = _given_first(match["name"])
        if match.re is not _SIGN_OFF and name:
            authors.append(name)
        if not _named_before(match["name"], "\n\n".join([headline, *kept[:index]])):
            end = index
        break
    return AuthorLines(tuple(dict.fromkeys(authors)), kept, end)


def _given_first(name: str) -> str | None:
    """The name from its first given name on (``Guest Author Tony Nugent``: Tony Nugent), or
    None when no word but the last is a given name."""
    words = name.split()
    given = word_lists().given_names
    for index, word in enumerate(words[:-1]):
        if fold(word) in given:
            return " ".join(words[index:])
    return None


def _named_before(name: str, story: str) -> bool:
    """Whether the story names this person: the full name, or the surname not preceded by
    another capitalized word (``Mitch McConnell`` does not name a bio's ``Terry McConnell``)."""
    if name in story:
        return True
    surname = name.split()[-1]
    for match in re.finditer(rf"(?<![\w{_APOS}-]){re.escape(surname)}(?![\w-])", story):
        before = story[max(0, match.start() - 30):match.start()].split()
        word = fold(before[-1]) if before else ""
        if not word or not before[-1][:1].isupper() or word in word_lists().titles or word.removesuffix("s") in word_lists().titles:
            return True
    return False
