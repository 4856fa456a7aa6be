"""Name-level text helpers: folding, the word lists, and the words of a capitalized run.

Everything here is compiled or loaded once per process; the finder calls it per article.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

_DASHES = "\u2010\u2011\u2012\u2013\u2014-"  # plain hyphen last: literal in a class
_APOSTROPHES = "'\u2019\u02bc"
_DASH_SPLIT = re.compile(rf"[{_DASHES}]")
_FOLD_DROP = re.compile(r"[.\u02bb]")
_FOLD_SPACE = re.compile(rf"[_\s{_DASHES}]+")
# Letters with no decomposition that users type plainly.
_FOLD_TRANSLATE = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=1 << 16)
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
    keys.add(fold(_DASH_SPLIT.sub("", text)))
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
    #: every single-word non-name: function words and proper-noun pieces
    stop_words: frozenset[str]
    #: the common words among them ("But", "When"), which do not glue to a following name
    function_words: frozenset[str]
    stop_phrases: frozenset[str]
    given_names: frozenset[str]
    #: words after which the word before names a firm ("Ford Motor Co", "Chrysler Corp")
    company_words: frozenset[str]
    #: words the corpora write in lowercase far more often than capitalized (``will``,
    #: ``conductor``, ``questions``): no name part when they open a sentence or end a run
    common_words: frozenset[str] = frozenset()
    #: the curated given names alone (``gazetteer-given-names.txt``): names that are rarely
    #: surnames, so a lone one ("John") is never resolved to a full name (Elton John)
    common_given_names: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    stop = [fold(line) for line in _data_lines("gazetteer-stoplist.txt")]
    function_words = frozenset(fold(line) for line in _data_lines("gazetteer-function-words.txt"))
    curated = frozenset(fold(word) for line in _data_lines("gazetteer-given-names.txt") for word in line.split())
    given = set(curated)
    stop_words = frozenset(word for word in stop if " " not in word) | function_words
    common_words = frozenset(_data_lines("people-common-words.txt"))
    titles = frozenset(fold(line) for line in _data_lines("gazetteer-titles.txt"))
    # the package lists "The", "My" and "Done" too: its names that are ordinary words are not
    # evidence (the curated list above decides for those, e.g. "Will")
    ordinary = stop_words | common_words | titles
    given |= {name for name in _package_given_names() if name not in ordinary}
    return WordLists(
        titles=titles,
        stop_words=stop_words,
        function_words=function_words,
        stop_phrases=frozenset(phrase for phrase in stop if " " in phrase),
        given_names=frozenset(given),
        company_words=frozenset(fold(line) for line in _data_lines("gazetteer-company-words.txt")),
        common_words=common_words,
        common_given_names=curated,
    )


def _package_given_names() -> list[str]:
    """The ~37,000 given names of many countries listed by the ``gender-guesser`` package
    (its ``nam_dict.txt``: the name in columns 4-29 of each line), folded; none if absent."""
    try:
        text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError, UnicodeDecodeError):
        return []
    names = (line[3:29].strip() for line in text.splitlines() if len(line) > 30 and line[0] != "#")
    # a plain ASCII name folds to its lower case: fold() (NFKD, a cache entry) only for the rest
    return [
        name.lower() if name.isascii() and name.isalpha() else fold(name)
        for name in names
        if name and "+" not in name and " " not in name
    ]



#: Titles of office: after one, a gazetteer short form that is also a common word or surname
#: ("Prime Minister Major", "Chancellor Schmidt") names the office holder; after "Mr" it need not.
OFFICE_TITLES = frozenset(
    """president vice-president premier minister chancellor king queen emperor empress prince
    sultan emir sheikh ayatollah secretary secretary-general leader governor senator treasurer
    commissioner chairman general""".split()
)


def _char_class(predicate: Callable[[str], bool]) -> str:
    """A regex character class body listing the characters (below U+3000) that satisfy predicate."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x3000):
        if predicate(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


#: Capital letters of every alphabet, for regexes (``re`` has no ``\p{Lu}``).
UPPERCASE = _char_class(lambda ch: ch.isupper() or ch.istitle())
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

_POSSESSIVE = re.compile(rf"(?<=[\w.])[{_APOSTROPHES}][sS]?$")
#: Lowercase second halves that make a hyphenated word an adjective: "Icahn-led", "Reagan-era".
_ADJECTIVE_SUFFIXES = frozenset(
    """led based backed owned controlled era style type like made born run linked sponsored
    appointed proposed designed dominated friendly related bound held level class wide speaking
    oriented affiliated allied supported inspired brokered imposed ordered""".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a capitalized run; ``possessive`` marks a word the run ends after
    (``Reagan's``, ``Icahn-led``), whose ``text`` has lost that ending."""

    text: str
    possessive: bool = False


def run_tokens(run: str) -> list[Token]:
    """The words of a capitalized run (space-separated), cleaned for lookup.

    ``Mr.`` and ``A.`` lose their dot, ``U.S.`` keeps it; ``Reagan's`` becomes ``Reagan``
    marked possessive; ``Icahn-led`` becomes ``Icahn`` marked likewise.
    """
    tokens = []
    for word in run.split():
        if word[-1] == "." and word.count(".") == 1:
            word = word[:-1]  # "Mr." / "A." (a sentence-final dot is never inside a run)
        if word[-1] in _APOSTROPHES or word[-2:-1] in _APOSTROPHES:
            stripped = _POSSESSIVE.sub("", word)
            if stripped != word:
                tokens.append(Token(stripped, True))
                continue
        if "-" in word or "\u2010" in word:
            parts = _DASH_SPLIT.split(word)
            if parts[-1] in _ADJECTIVE_SUFFIXES:
                tokens.append(Token(parts[0], True))
                continue
        tokens.append(Token(word))
    return tokens


def is_shouting(text: str) -> bool:
    """True when the text is written in capitals (Reuters headlines): case carries no signal.

    Counts ASCII letters only (bytes.translate runs in C): enough for English wire copy."""
    data = text.encode("ascii", "ignore")
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    return upper + lower >= 4 and upper > 4 * lower


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))
