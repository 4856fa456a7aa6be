"""Text with marked spans as safe HTML, and the spans of a query's words in an article.

Everything the index or the user supplies is escaped here; only the ``<mark>`` elements
are markup.
"""
from __future__ import annotations

from typing import Callable, Sequence

from markupsafe import Markup, escape

import search
from search.errors import QueryError
from search.snippets import Snippets


def marked(text: str, spans: Sequence[tuple[int, int]] = ()) -> Markup:
    """``text`` escaped, with each (start, end) span in ``<mark>``."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(Markup("<mark>%s</mark>") % text[start:end])
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)


def query_marker(searcher: search.Searcher, query: str) -> Callable[[str], list[tuple[int, int]]]:
    """A function giving where the words of ``query`` are in a text, found as the searcher
    finds them for snippets (the same analysis and stemming).

    ``search`` has no public call for this yet, so this reaches into the searcher's parser,
    evaluator and analyzer; a query it cannot read marks nothing.
    """
    terms: frozenset[str] = frozenset()
    if query.strip():
        try:
            terms = frozenset(c.text for c in searcher._evaluator.clauses(searcher._parser.parse(query)))
        except QueryError:
            pass
    if not terms:
        return lambda text: []
    snippets = Snippets(searcher._analyze)
    return lambda text: [(start, end) for start, end, _ in snippets.matches(text, terms)]
