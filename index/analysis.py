"""Gazette's text analyzer, fused into one pass for indexing speed.

It yields exactly the tokens of ``RegexTokenizer(WORD) | LowercaseFilter() |
CharsetFilter(accent_map) | StopFilter() | StemFilter()`` (a property test checks this), but
without a Python generator per filter per token and with a plain dict as stem cache: about
twice as fast, and analysis is a large part of Whoosh's indexing time. Supports every
argument Whoosh passes (positions, chars, removestops for highlighting, tokenize=False and
no_morph for the query parser).

:class:`NewsPositions` is the posting format of the text fields: when indexing a string
with this analyzer it asks for the word -> positions table directly (:meth:`NewsAnalyzer.positions`)
instead of going through a Token object per word; the postings are the same.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.formats import Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

#: Words, keeping inner dots and apostrophes: ``U.S.``, ``don't``, ``3.5``.
WORD = r"\w+(?:[.'’]\w+)*"
#: Tokens shorter than this are dropped like stop words (Whoosh's StopFilter default).
MIN_LENGTH = 2
STEM_CACHE = 200_000


class NewsAnalyzer(Tokenizer):
    """Tokenize, lowercase, fold accents, drop stop words, Porter-stem; renumber positions."""

    is_morph = True

    def __init__(self, stops: frozenset[str] = STOP_WORDS) -> None:
        self.expression = re.compile(WORD)
        self.stops = frozenset(stops)
        self._stems: dict[str, str] = {}

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
        stops, stems, table = self.stops, self._stems, {}
        position = None
        for index, text in enumerate(self.expression.findall(value)):
            word = text.lower()
            if not word.isascii():
                word = word.translate(accent_map)
            if len(word) < MIN_LENGTH or word in stops:
                continue
            stemmed = stems.get(word)
            if stemmed is None:
                stemmed = self._stem(word)
            position = index if position is None else position + 1
            found = table.get(stemmed)
            if found is None:
                table[stemmed] = [position]
            else:
                found.append(position)
        return table

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
            spans = ((m.group(0), m.start(), m.end()) for m in self.expression.finditer(value))
        else:
            spans = iter(((value, 0, len(value)),))
        position = None
        for index, (text, start, end) in enumerate(spans):
            word = text.lower()
            if not word.isascii():
                word = word.translate(accent_map)
            stopped = len(word) < MIN_LENGTH or word in stops
            if stopped:
                if removestops:
                    continue
                if positions:
                    token.pos = start_pos + index
            else:
                if not no_morph:
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


class NewsPositions(Positions):
    """Positions postings, computed in one pass when the analyzer is a :class:`NewsAnalyzer`."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(analyzer, NewsAnalyzer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for word, positions in analyzer.positions(value).items():
            yield word, len(positions), float(len(positions)) * boost, self.encode(positions)
