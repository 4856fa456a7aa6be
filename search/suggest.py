""""Did you mean": when nothing matches, a corrected query built from the index's own terms.

Each word of the query that the index does not hold is replaced by the most frequent index
term within two edits of it (one edit preferred), written the way articles write it (the
index keeps stems: ``pyongyang`` but ``agre`` for "agreed"). The correction is offered only
if it matches something with the same filters.

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


class Suggester:
    def __init__(self, searcher: "Searcher") -> None:
        self.searcher = searcher
        self._by_prefix: dict[str, dict[int, list[str]]] = {}
        self._corrections = LRU(4096)

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
                            if edit_distance(probe, text, limit) <= limit:
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
        pieces: list[str] = []
        cursor = 0
        for found in words:
            word = found.group(1)
            term = self.searcher._analyze(word)
            if not term or self._known(term):
                continue
            replacement = self.correction(word, term)
            if replacement and replacement != word.lower():
                pieces.append(query[cursor : found.start(1)])
                pieces.append(replacement)
                cursor = found.end(1)
        if not pieces:
            return None
        corrected = "".join(pieces) + query[cursor:]
        try:
            return corrected if self.searcher.count(corrected, match=match, **filters) else None
        except QueryError:  # a correction that no longer parses is simply not offered
            return None
