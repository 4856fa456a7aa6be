"""Name-level text helpers: folding, word lists, and the tokenizer people-finding runs on.

Everything here is compiled or loaded once per process; the finder calls it per article.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DASHES = "\u2010\u2011\u2012\u2013\u2014-"  # plain hyphen last: literal in a class
_APOSTROPHES = "'\u2019\u02bc"
_FOLD_DROP = re.compile(r"[.\u02bb]")
_FOLD_SPACE = re.compile(rf"[_\s{_DASHES}]+")
# Letters with no decomposition that users type plainly.
_FOLD_TRANSLATE = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Matching key for a name: lowercase, accents stripped, dots dropped, hyphens as spaces.

    ``fold("Kim Jong-un") == fold("kim jong un") == "kim jong un"``; ``fold("Ōhira") == "ohira"``.
    """
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    text = _FOLD_DROP.sub("", text)
    return _FOLD_SPACE.sub(" ", text).strip()


def fold_variants(text: str) -> set[str]:
    """The folded key plus the form with hyphens deleted (``kim jongun``) and German umlaut spelling.

    Lets a caller whose own folding deletes hyphens, or a text that writes ``Weizsaecker``
    for ``Weizsäcker``, still hit the same entry.
    """
    keys = {fold(text)}
    dehyphenated = re.sub(rf"[{_DASHES}]", "", text)
    keys.add(fold(dehyphenated))
    if any(ch in text for ch in "äöüÄÖÜ"):
        umlauts = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
        keys.add(fold(text.translate(umlauts)))
    return keys


def _data_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a data file shipped in corpus/data."""
    text = resources.files("corpus").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class WordLists:
    """The word lists that tell names from other capitalized words (all folded)."""

    titles: frozenset[str]
    stop_words: frozenset[str]
    stop_phrases: frozenset[str]
    given_names: frozenset[str]


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    stop = [fold(line) for line in _data_lines("gazetteer-stoplist.txt")]
    given = [fold(word) for line in _data_lines("gazetteer-given-names.txt") for word in line.split()]
    return WordLists(
        titles=frozenset(fold(line) for line in _data_lines("gazetteer-titles.txt")),
        stop_words=frozenset(word for word in stop if " " not in word),
        stop_phrases=frozenset(phrase for phrase in stop if " " in phrase),
        given_names=frozenset(given),
    )


#: Titles of office: after one, a gazetteer short form that is also a common word or surname
#: ("Prime Minister Major", "Chancellor Schmidt") names the office holder; after "Mr" it need not.
OFFICE_TITLES = frozenset(
    """president vice-president premier minister chancellor king queen emperor empress prince
    sultan emir sheikh secretary secretary-general leader governor senator treasurer
    commissioner chairman general""".split()
)
#: Name particles that stay lowercase inside a name ("Miguel de la Madrid", "Ursula von der Leyen").
PARTICLES = frozenset(
    "de la le du des da das do dos del della di van von der den ter bin ibn al el y zu".split()
)
#: Abbreviations whose dot does not end a sentence or a name ("Mr. Volcker", "Sen. Dole").
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gen gov lt col capt adm sgt st jr sr messrs rev ft mt".split()
)
#: Suffixes dropped from the end of a name.
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())

_TOKEN = re.compile(
    rf"""
    (?P<initials>(?:[^\W\d_]\.){{2,}}(?:[{_APOSTROPHES}][sS])?)  # U.S.  H.W.  U.K.'S
    |(?P<word>[^\W\d_][\w{_APOSTROPHES}]*(?:[{_DASHES}][^\W\d_][\w{_APOSTROPHES}]*)*)
    |(?P<num>\d[\d.,:/]*)
    |(?P<brk>\n[ \t]*\n|\n[ \t]+)                      # paragraph break (blank or indented line)
    |(?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)
_POSSESSIVE = re.compile(rf"(?<=[\w.])[{_APOSTROPHES}][sS]?$")
#: Lowercase second halves that make a hyphenated word an adjective: "Icahn-led", "Reagan-era".
_ADJECTIVE_SUFFIXES = frozenset(
    """led based backed owned controlled era style type like made born run linked sponsored
    appointed proposed designed dominated friendly related bound held level class wide speaking
    oriented affiliated allied supported inspired brokered imposed ordered""".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` without a possessive ending; ``kind`` is word/initials/num/brk/punct."""

    text: str
    kind: str
    possessive: bool = False

    @property
    def capitalized(self) -> bool:
        return self.kind in ("word", "initials") and self.text[0].isupper()


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; ``Reagan's`` becomes ``Reagan`` marked possessive."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        value = match.group()
        if kind in ("word", "initials") and _POSSESSIVE.search(value):
            tokens.append(Token(_POSSESSIVE.sub("", value), kind, True))
        elif kind == "word" and _adjective_compound(value):
            # "Icahn-led": the name ends the run like a possessive does
            tokens.append(Token(re.split(rf"[{_DASHES}]", value, maxsplit=1)[0], kind, True))
        else:
            tokens.append(Token(value, kind))
    return tokens


def _adjective_compound(word: str) -> bool:
    parts = re.split(rf"[{_DASHES}]", word)
    return len(parts) > 1 and parts[-1] in _ADJECTIVE_SUFFIXES


def is_shouting(text: str) -> bool:
    """True when the text is written in capitals (Reuters headlines): case carries no signal."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) > 0.8
