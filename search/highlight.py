"""Where a query's words fall in an article's text (``gazette show ID QUERY``)."""
from __future__ import annotations

from typing import Any

from search.results import Article, Snippet


def marked(searcher: Any, article: Article, query: str) -> tuple[Snippet, Snippet]:
    """The headline and body of ``article`` with the query's words marked (each word as
    search matches it: stemmed, accents folded). Raises QueryError for a bad query."""
    terms = frozenset(clause.text for clause in searcher._evaluator.clauses(searcher._parser.parse(query)))

    def spans(text: str) -> tuple[tuple[int, int], ...]:
        if not terms:
            return ()
        return tuple((start, end) for start, end, _ in searcher._snippets.matches(text, terms))

    return Snippet(article.headline, spans(article.headline)), Snippet(article.body, spans(article.body))


def original(location: str) -> tuple[str, int | None]:
    """``/data/reut2-003.sgm#368`` -> (``/data/reut2-003.sgm``, 368): the file, and the
    record's position inside it (None for a file holding one article)."""
    path, mark, position = location.rpartition("#")
    if mark and position.isdigit() and path:
        return path, int(position)
    return location, None
