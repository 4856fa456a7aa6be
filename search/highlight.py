"""Where a query's words fall in an article's text (``gazette show ID QUERY``)."""
from __future__ import annotations

from typing import Any, Callable

from search.results import Article, Snippet


def query_marker(searcher: Any, query: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
    """A function giving the (start, end) spans of ``query``'s words in a text, each word
    as search matches it (stemmed, accents folded), for ``show`` and the web's article page.
    Raises QueryError for a bad query; an empty one marks nothing, and so does an engine
    other than the local index (OpenSearch), which has no analyzer here."""
    if not (hasattr(searcher, "_evaluator") and hasattr(searcher, "_snippets")):
        return lambda text: ()
    terms = frozenset(clause.text for clause in searcher._evaluator.clauses(searcher._parser.parse(query))) if query.strip() else frozenset()
    if not terms:
        return lambda text: ()
    return lambda text: tuple((start, end) for start, end, _ in searcher._snippets.matches(text, terms))


def marked(searcher: Any, article: Article, query: str) -> tuple[Snippet, Snippet]:
    """The headline and body of ``article`` with the query's words marked
    (:func:`query_marker`). Raises QueryError for a bad query."""
    spans = query_marker(searcher, query)
    return Snippet(article.headline, spans(article.headline)), Snippet(article.body, spans(article.body))


def original(location: str) -> tuple[str, int | None]:
    """``/data/reut2-003.sgm#368`` -> (``/data/reut2-003.sgm``, 368): the file, and the
    record's position inside it (None for a file holding one article)."""
    path, mark, position = location.rpartition("#")
    if mark and position.isdigit() and path:
        return path, int(position)
    return location, None
