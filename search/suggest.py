""""Did you mean": when no article holds every word, a corrected query built from the index's
own people and terms.

First whole names: a run of two to four words of the query, one of them unknown to the index,
that is within two edits (a swap of two letters counting one) of a person named in the index
becomes that person's name (``tony blare`` -> ``tony blair``, ``Micheal Howard`` -> ``michael
howard``): the nearest name, then the most often named. Then each other word of the query that
the index does not hold is replaced by the most frequent index term within two edits of it (one
edit preferred), written the way articles write it (the index keeps stems: ``pyongyang`` but
``agre`` for "agreed"). The correction is offered only if it matches something with the same
filters.

Whoosh's ``terms_within`` walks the whole lexicon through an automaton (seconds on Reuters);
here only the terms sharing the word's first two letters are read (once, then cached), and
only those of a near length are compared.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from search.cache import LRU
from search.errors import QueryError
from search.expand import edit_distance
from search.names import fold
from search.query import TEXT_FIELDS

if TYPE_CHECKING:
    from search.searcher import Searcher

_WORD = re.compile(r"(?<![\w:.'’])([^\W\d_][\w'’]+)(?![\w:*~])")
_OPERATORS = {"AND", "OR", "NOT", "TO"}
MAX_EDITS = 2
#: Longest query (in words) corrected: a correction costs milliseconds a word, and a pasted
#: paragraph that matches nothing is not a typo.
MAX_WORDS = 32
#: Letters a correction must share with the word's start (one for words of 3 letters).
PREFIX = 2
#: Words in a name corrected whole (a person's full name: Kim Jong Un, Moon Jae-in).
NAME_WORDS = (2, 3, 4)


class Suggester:
    def __init__(self, searcher: "Searcher") -> None:
        self.searcher = searcher
        self._by_prefix: dict[str, dict[int, list[str]]] = {}
        self._corrections = LRU(4096)
        self._names: dict[tuple[int, str], list[tuple[tuple[str, ...], str]]] | None = None

    def _people(self) -> dict[tuple[int, str], list[tuple[tuple[str, ...], str]]]:
        """The index's people as folded words, by (number of words, first letter)."""
        if self._names is None:
            self._names = {}
            for name in self.searcher.table("people").values:
                words = tuple(fold(word) for word in name.replace("-", " ").split())
                if len(words) in NAME_WORDS and all(words):
                    self._names.setdefault((len(words), words[0][0]), []).append((words, name))
        return self._names

    def name(self, words: list[str]) -> str | None:
        """The person of the index whose name ``words`` (two to four) misspell, if any:
        at most two edits in all, each word starting with the same letter."""
        folded = [fold(word) for word in words]
        if not all(folded):
            return None
        found: list[tuple[int, int, str]] = []
        for candidate, name in self._people().get((len(folded), folded[0][0]), ()):
            total = 0
            for typed, known in zip(folded, candidate):
                if typed[0] != known[0]:
                    total = MAX_EDITS + 1
                    break
                total += edit_distance(typed, known, MAX_EDITS - total, transpositions=True)
                if total > MAX_EDITS:
                    break
            if 0 < total <= MAX_EDITS:
                found.append((total, -self.searcher.view.reader.doc_frequency("people", name), name))
        return min(found)[2] if found else None

    def _frequency(self, term: str) -> int:
        reader = self.searcher.view.reader
        return reader.doc_frequency("headline", term) + reader.doc_frequency("body", term)

    def _terms(self, prefix: str) -> dict[int, list[str]]:
        """Headline and body terms starting with ``prefix``, by length (cached)."""
        found = self._by_prefix.get(prefix)
        if found is None:
            terms: set[bytes] = set()
            # Segment by segment, terms only: a multi-segment reader merges every term's
            # statistics across segments, twenty times slower.
            for leaf, _ in self.searcher.view.leaves:
                for field in ("headline", "body"):
                    terms.update(leaf.expand_prefix(field, prefix))
            found = {}
            for btext in terms:
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                found.setdefault(len(text), []).append(text)
            self._by_prefix[prefix] = found
        return found

    def _known(self, term: str) -> bool:
        reader = self.searcher.view.reader
        return any(reader.doc_frequency(field, term) for field in TEXT_FIELDS)

    def correction(self, word: str, term: str) -> str | None:
        """The most frequent index term nearest to ``word`` (or its stem ``term``), as
        articles write it (remembered: users retype the same misspellings)."""
        return self._corrections.get_or((word.lower(), term), lambda: self._correct(word, term))

    def _correct(self, word: str, term: str) -> str | None:
        probes = {term, word.lower()}
        for limit in range(1, MAX_EDITS + 1):
            found: list[tuple[int, str]] = []
            for probe in probes:
                letters = set(probe)
                # Typos rarely touch the first letters: only terms sharing them are compared.
                by_length = self._terms(probe[: PREFIX if len(probe) > 3 else 1])
                for length in range(len(probe) - limit, len(probe) + limit + 1):
                    for text in by_length.get(length, ()):
                        # Cheap test first: k edits change at most 2k distinct letters.
                        if len(letters.symmetric_difference(text)) <= 2 * limit and text != term:
                            if edit_distance(probe, text, limit, transpositions=True) <= limit:
                                found.append((self._frequency(text), text))
            if found:
                best = max(found)[1]
                return self._surface(best) or best
        return None

    def _surface(self, term: str) -> str | None:
        """How an article holding ``term`` writes it (lowercase)."""
        view = self.searcher.view
        for field in ("headline", "body"):
            ids, _ = view.postings(field, term)
            if ids:
                text = view.stored(ids[0]).get(field) or ""
                found = self.searcher._snippets.matches(text, frozenset([term]))
                if found:
                    start, end, _ = found[0]
                    return text[start:end].lower()
        return None

    def suggest(self, query: str, filters: dict[str, Any], match: str = "all") -> str | None:
        """A corrected ``query`` that matches at least one article with ``filters`` (words
        combined as ``match`` says), or None."""
        words = [found for found in _WORD.finditer(query) if found.group(1) not in _OPERATORS]
        if len(words) > MAX_WORDS:
            return None
        terms = [self.searcher._analyze(found.group(1)) for found in words]
        unknown = [bool(term) and not self._known(term) for term in terms]
        pieces: list[str] = []
        cursor = 0
        index = 0
        while index < len(words):
            replacement, end = None, index + 1
            for size in sorted(NAME_WORDS, reverse=True):
                window = words[index : index + size]
                if len(window) == size and any(unknown[index : index + size]) and _adjacent(query, window):
                    person = self.name([found.group(1) for found in window])
                    if person:
                        replacement, end = person.lower(), index + size
                        break
            if replacement is None and unknown[index]:
                word = words[index].group(1)
                corrected = self.correction(word, terms[index])  # type: ignore[arg-type]
                replacement = corrected if corrected and corrected != word.lower() else None
            if replacement is not None:
                pieces.append(query[cursor : words[index].start(1)])
                pieces.append(replacement)
                cursor = words[end - 1].end(1)
            index = end
        if not pieces:
            return None
        corrected = "".join(pieces) + query[cursor:]
        try:
            return corrected if self.searcher.count(corrected, match=match, **filters) else None
        except QueryError:  # a correction that no longer parses is simply not offered
            return None


def _adjacent(query: str, words: list[re.Match]) -> bool:
    """Whether ``words`` follow one another in ``query`` with only blanks between them."""
    return all(not query[a.end(1) : b.start(1)].strip() for a, b in zip(words, words[1:]))
