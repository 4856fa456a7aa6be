""""Did you mean": when nothing matches, a corrected query built from the index's own terms.

Each word of the query that the index does not hold is replaced by the most frequent index
term within two edits of it, written the way articles write it (the index keeps stems:
``pyongyang`` but ``summit`` and ``agre``). The correction is offered only if it matches.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from search.query import TEXT_FIELDS

if TYPE_CHECKING:
    from search.searcher import Searcher

_WORD = re.compile(r"(?<![\w:.'’])([^\W\d_][\w'’]+)(?![\w:*~])")
_OPERATORS = {"AND", "OR", "NOT", "TO"}


def _known(searcher: "Searcher", term: str) -> bool:
    reader = searcher.view.reader
    return any(reader.doc_frequency(field, term) for field in TEXT_FIELDS)


def _correction(searcher: "Searcher", word: str, term: str) -> str | None:
    reader = searcher.view.reader
    for distance in (1, 2):
        candidates: set[str] = set()
        for field in ("headline", "body"):
            for probe in {term, word.lower()}:
                candidates.update(
                    t.decode("utf-8") if isinstance(t, bytes) else t
                    for t in reader.terms_within(field, probe, distance)
                )
        candidates.discard(term)
        if candidates:
            best = max(candidates, key=lambda t: (reader.doc_frequency("body", t) + reader.doc_frequency("headline", t), t))
            return _surface(searcher, best) or best
    return None


def _surface(searcher: "Searcher", term: str) -> str | None:
    """How an article holding ``term`` writes it (lowercase)."""
    view = searcher.view
    for field in ("headline", "body"):
        ids, _ = view.postings(field, term)
        if ids:
            stored = view.stored(ids[0])
            found = searcher._snippets.matches(stored.get(field) or "", frozenset([term]))
            if found:
                start, end, _ = found[0]
                return (stored.get(field) or "")[start:end].lower()
    return None


def suggest(searcher: "Searcher", query: str) -> str | None:
    """A corrected ``query`` that matches at least one article, or None."""
    pieces: list[str] = []
    cursor = 0
    changed = False
    for match in _WORD.finditer(query):
        word = match.group(1)
        if word in _OPERATORS:
            continue
        term = searcher._analyze(word)
        if not term or _known(searcher, term):
            continue
        replacement = _correction(searcher, word, term)
        if replacement and replacement != word.lower():
            pieces.append(query[cursor : match.start(1)])
            pieces.append(replacement)
            cursor = match.end(1)
            changed = True
    if not changed:
        return None
    corrected = "".join(pieces) + query[cursor:]
    try:
        return corrected if searcher.count(corrected) else None
    except Exception:  # a correction that no longer parses is simply not offered
        return None
