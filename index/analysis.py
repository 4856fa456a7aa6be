"""Gazette's text analyzer, fused into one pass for indexing speed.

It yields exactly the tokens of ``RegexTokenizer(WORD) | LowercaseFilter() |
CharsetFilter(accent_map) | StopFilter() | StemFilter()`` (a property test checks this), but
without a Python generator per filter per token and with a plain dict as stem cache: about
twice as fast, and analysis is a large part of Whoosh's indexing time. Supports every
argument Whoosh passes (positions, chars, removestops for highlighting, tokenize=False and
no_morph for the query parser).

:class:`NewsPositions` is the posting format of the text fields: when indexing a string
with this analyzer it asks for the word -> positions table directly (:meth:`NewsAnalyzer.positions`)
instead of going through a Token object per word (the same words, frequencies and positions
as Whoosh's ``Positions``), and it stores the positions compactly.
"""
from __future__ import annotations

import re
import sys
from array import array
from collections import defaultdict
from itertools import accumulate
from operator import sub
from typing import Any, Iterator

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.formats import Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

#: Letters with dots, one at a time (``U.S.``, ``U.K``, ``a.m.``): indexed joined (``us``), never
#: as a stop word.
_DOTTED = r"[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)"
#: Words joined by ``&`` (``AT&T``, ``S&P``) and numbers joined by ``/`` (``9/11``, ``24/7``, a
#: price's ``11/16``), indexed whole so that each can be found and none is taken for another.
_JOINED = r"\w+(?:&\w+)+|\d+(?:/\d+)+(?![\w/])"
#: Words, keeping inner dots and apostrophes: ``don't``, ``3.5``.
WORD = _DOTTED + "|" + _JOINED + r"|\w+(?:[.'’]\w+)*"
#: In a query, letters spaced out (``u s dollar``) are one word, as their dotted form.
QUERY_WORD = r"(?<!\w)[^\W\d_](?: [^\W\d_])+(?!\w)|" + WORD
#: Tokens shorter than this are dropped like stop words (Whoosh's StopFilter default).
MIN_LENGTH = 2
STEM_CACHE = 200_000
#: Texts longer than this many characters are analysed a slice at a time (see
#: :meth:`NewsAnalyzer._positions_by_slice`).
SLICE = 1 << 20
_SPACE = re.compile(r"\s")
#: Past this many positions, a term's gaps are computed into an array, not a list.
_MANY = 4096


class NewsAnalyzer(Tokenizer):
    """Tokenize, lowercase, fold accents, drop stop words, Porter-stem; renumber positions.

    News needs a few tokens of its own, each kept whole and never stemmed nor stopped:
    letters with dots join (``U.S.`` is ``us``, as ``US`` and, in a query, ``u s``); ``AT&T``
    and ``S&P`` stay one word; slashed numbers (``9/11``, ``24/7``) stay one word, unlike a
    price's ``9-11/16``. A stop word written in capitals (``US``, ``IT``, ``WHO``) is an
    acronym and kept, unless the word before it is in capitals too (a headline in capitals).
    """

    is_morph = True

    def __init__(self, stops: frozenset[str] = STOP_WORDS) -> None:
        self.expression = re.compile(WORD)
        self.query_expression = re.compile(QUERY_WORD)
        self.stops = frozenset(stops)
        self._stems: dict[str, str] = {}
        self._terms: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"stops": self.stops}  # the schema is pickled into the index: no cache, no regex

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["stops"])

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stops == self.stops  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def _stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            stemmed = stem(word)
            if len(self._stems) < STEM_CACHE:
                self._stems[word] = stemmed
        return stemmed

    def positions(self, value: str) -> dict[str, list[int]]:
        """Indexed word -> its positions, as :meth:`__call__` with ``positions=True`` gives them."""
        if len(value) > SLICE:
            return self._positions_by_slice(value)
        words = self.expression.findall(value)
        get = self._terms.get
        terms = [get(word) for word in words]
        if None in terms:
            for index, term in enumerate(terms):
                if term is None:
                    terms[index] = self._term(words[index])
        if _ACRONYM in "".join(terms):
            for index, term in enumerate(terms):
                if term[:1] == _ACRONYM:
                    terms[index] = _acronym(term, words[index - 1] if index else "")
        table: defaultdict[str, list[int]] = defaultdict(list)
        first = next((index for index, term in enumerate(terms) if term), None)
        if first is not None:
            # Whoosh numbers the first kept word by its place and each next one by one more.
            for position, term in enumerate(filter(None, terms), first):
                table[term].append(position)
        return table

    def _positions_by_slice(self, value: str) -> dict[str, array]:
        """:meth:`positions` of a long text, a slice at a time and into arrays: a list of every
        word and a Python int per position cost about 20 times the text (a 50 MB text page
        took 1 GB to analyse). Slices end at whitespace, which no word spans."""
        table: defaultdict[str, array] = defaultdict(lambda: array("I"))
        first, kept, before, start, previous = None, 0, 0, 0, ""
        while start < len(value):
            cut = _SPACE.search(value, start + SLICE)
            end = cut.start() if cut else len(value)
            piece = value[start:end]
            words = self.expression.findall(piece)
            get = self._terms.get
            for index, word in enumerate(words):
                term = get(word)
                if term is None:
                    term = self._term(word)
                if term[:1] == _ACRONYM:
                    term = _acronym(term, previous)
                previous = word
                if term:
                    if first is None:
                        first = before + index  # numbered as positions() does
                    table[term].append(first + kept)
                    kept += 1
            before += len(words)
            start = end
        return table

    def _term(self, word: str) -> str:
        """What :meth:`positions` indexes for a word as found: "" for a dropped word, and
        :data:`_ACRONYM` before a stop word in capitals (kept or not by the word before it)."""
        folded = word.lower()
        if not folded.isascii():
            folded = folded.translate(accent_map)
        special = None if folded.isalnum() else _special(folded)
        if special is not None:
            term = special
        elif len(folded) < MIN_LENGTH:
            term = ""
        elif folded in self.stops:
            term = _ACRONYM + folded if word.isupper() else ""
        else:
            term = self._stem(folded)
        if len(self._terms) < STEM_CACHE:
            self._terms[word] = term
        return term

    def __call__(  # noqa: C901 - one loop on purpose (speed)
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        no_morph: bool = False,
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stops, stems = self.stops, self._stems
        if tokenize:
            expression = self.query_expression if mode == "query" else self.expression
            spans = ((m.group(0), m.start(), m.end()) for m in expression.finditer(value))
        else:
            spans = iter(((value, 0, len(value)),))
        position = None
        previous = ""
        for index, (text, start, end) in enumerate(spans):
            word = text.lower()
            if not word.isascii():
                word = word.translate(accent_map)
            if tokenize and mode == "query" and " " in word:  # spaced letters (QUERY_WORD)
                word = word.replace(" ", ".")
            special = None if word.isalnum() else _special(word)
            if special is not None:
                word = special
                stopped = not word
            elif word in stops and len(word) >= MIN_LENGTH and text.isupper():
                stopped = not _acronym(_ACRONYM + word, previous)
            else:
                stopped = len(word) < MIN_LENGTH or word in stops
            previous = text
            if special is not None or not stopped and word in stops:
                no_stem = True
            else:
                no_stem = no_morph
            if stopped:
                if removestops:
                    continue
                if positions:
                    token.pos = start_pos + index
            else:
                if not no_stem:
                    word = stems.get(word) or self._stem(word)
                if positions:
                    position = start_pos + index if position is None else position + 1
                    token.pos = position
            token.text = word
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = text
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


#: Marks a stop word written in capitals in the word cache (see :func:`_acronym`).
_ACRONYM = "\x00"
#: Single letters with dots between them.
_LETTERS = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?")


def _special(word: str) -> str | None:
    """The term of a word holding ``&`` or ``/`` (itself) or of letters with dots between
    them (the letters joined: ``u.s.`` is ``us``); None for any other word."""
    if "&" in word or "/" in word:
        return word
    if _LETTERS.fullmatch(word):
        return word.replace(".", "")
    return None


def _acronym(marked: str, previous: str) -> str:
    """A stop word written in capitals (``US``, ``IT``) is an acronym and kept, unless the word
    before it is in capitals too: a headline written in capitals (``TALKS WITH US``)."""
    return "" if len(previous) >= MIN_LENGTH and previous.isupper() else marked[1:]


class NewsPositions(Positions):
    """Positions postings, computed in one pass when the analyzer is a :class:`NewsAnalyzer`,
    and stored compactly.

    Whoosh's :class:`~whoosh.formats.Positions` stores a term's positions in a document as a
    4-byte count plus a pickled list of gaps (13 bytes for one position); this format stores
    the gaps as little-endian unsigned 16-bit numbers after a tag byte (3 bytes for one
    position), or 32-bit ones (tag 1) when a gap does not fit. Postings are a third smaller
    before deflate, and cheaper to write and to read.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(analyzer, NewsAnalyzer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost, encode = self.field_boost, self.encode
        for word, positions in analyzer.positions(value).items():
            yield word, len(positions), float(len(positions)) * boost, encode(positions)

    def encode(self, positions: list[int]) -> bytes:
        if len(positions) == 1 and positions[0] < 0x10000:
            return _SHORT + positions[0].to_bytes(2, "little")
        if len(positions) > _MANY:  # a huge text's common words: no Python int per gap
            gaps = array("I", positions[:1])
            gaps.extend(map(sub, positions[1:], positions))
        else:
            gaps = [positions[0]]
            gaps += [after - before for before, after in zip(positions, positions[1:])]
        try:
            return _SHORT + _little(array("H", gaps)).tobytes()
        except OverflowError:
            return _LONG + _little(array("I", gaps)).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        gaps = array("H" if valuestring[:1] == _SHORT else "I")
        gaps.frombytes(valuestring[1:])
        return list(accumulate(_little(gaps)))

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // (2 if valuestring[:1] == _SHORT else 4)


_SHORT, _LONG = b"\x00", b"\x01"


def _little(numbers: array) -> array:
    """``numbers`` in little-endian order (in place), so indexes read the same on any machine."""
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers
