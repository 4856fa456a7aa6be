"""The passage of an article's body that best shows why it matched, with the query terms
marked.

Query terms are analyzed (stemmed) words; the body is not. Rather than analyze every word
of every body, a regular expression finds the words that start like a query term, and only
those are analyzed and compared.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from search.results import Snippet
from search.cache import LRU

#: Characters of body a snippet shows (about 35 words).
WIDTH = 220
#: How far before the first marked term a snippet starts, to give it some context.
LEAD = 50
_SPACE = re.compile(r"\s+")


class Snippets:
    def __init__(self, analyze: Callable[[str], str | None]) -> None:
        self._analyze = analyze
        self._words = LRU(50_000)
        self._patterns = LRU(256)

    def _stem(self, word: str) -> str | None:
        return self._words.get_or(word.lower(), lambda: self._analyze(word))

    def _pattern(self, terms: frozenset[str]) -> re.Pattern[str] | None:
        def build() -> re.Pattern[str] | None:
            prefixes = sorted({t[:3] for t in terms if t}, key=len, reverse=True)
            if not prefixes:
                return None
            return re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + r")[\w.'’]*", re.IGNORECASE)

        return self._patterns.get_or(terms, build)

    def matches(self, text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
        """(start, end, term) of each word of ``text`` that analyzes to one of ``terms``."""
        pattern = self._pattern(terms)
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            word = match.group().rstrip(".'’")
            term = self._stem(word)
            if term in terms:
                found.append((match.start(), match.start() + len(word), term))
        return found

    def make(self, body: str, terms: Iterable[str]) -> Snippet:
        """About :data:`WIDTH` characters of ``body`` around the densest cluster of terms."""
        if not body:
            return Snippet("")
        term_set = frozenset(terms)
        found = self.matches(body, term_set) if term_set else []
        start = 0
        if found:
            best, best_count = 0, 0
            for i, (first, _, _) in enumerate(found):
                distinct = {t for s, e, t in found[i:] if e <= first + WIDTH - LEAD}
                if len(distinct) > best_count:
                    best, best_count = i, len(distinct)
            start = max(0, found[best][0] - LEAD)
            if start:
                space = body.find(" ", start, found[best][0])
                start = space + 1 if space >= 0 else found[best][0]
        end = min(len(body), start + WIDTH)
        if end < len(body):
            space = body.rfind(" ", start, end)
            end = space if space > start else end
        return _compose(body, start, end, [(s, e) for s, e, _ in found if s >= start and e <= end])


def _compose(body: str, start: int, end: int, spans: list[tuple[int, int]]) -> Snippet:
    """The slice with whitespace collapsed and ellipses at cut ends; spans moved to match."""
    pieces: list[str] = []
    out_spans: list[tuple[int, int]] = []
    length = 0
    if start > 0:
        pieces.append("…")
        length = 1
    cursor = start
    for s, e in spans:
        gap = _SPACE.sub(" ", body[cursor:s])
        pieces.append(gap)
        length += len(gap)
        pieces.append(body[s:e])
        out_spans.append((length, length + e - s))
        length += e - s
        cursor = e
    pieces.append(_SPACE.sub(" ", body[cursor:end]))
    text = "".join(pieces)
    stripped = text.rstrip()
    if end < len(body):
        stripped += " …"
    lead = len(text) - len(text.lstrip())
    if lead:
        stripped = stripped[lead:]
        out_spans = [(s - lead, e - lead) for s, e in out_spans]
    return Snippet(stripped, tuple(out_spans))
