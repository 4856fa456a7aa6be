"""Queries, filters, facets and ranking over a Gazette index (never imports ``corpus``).

    >>> import search
    >>> with search.open("~/.local/share/gazette/index") as searcher:
    ...     results = searcher.search("summit", leader=["Xi Jinping"], facets=["year"])
    ...     for hit in results.hits:
    ...         print(hit.date, hit.headline)
"""
from search.errors import ArticleNotFound, NameNotFound, QueryError
from search.results import Article, FacetValue, Hit, Results, Snippet, Timeline
from search.searcher import SORTS, Searcher, open

__all__ = [
    "Article",
    "ArticleNotFound",
    "FacetValue",
    "Hit",
    "NameNotFound",
    "QueryError",
    "Results",
    "SORTS",
    "Searcher",
    "Snippet",
    "Timeline",
    "open",
]
