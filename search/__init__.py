"""Queries, filters, facets and ranking over a Gazette index (never imports ``corpus``).

    >>> import search
    >>> with search.open("~/.local/share/gazette/index") as searcher:
    ...     results = searcher.search("summit", leader=["Xi Jinping"], facets=["year"])
    ...     for hit in results.hits:
    ...         print(hit.date, hit.headline)

The names below load on first use, so that ``import search.constants`` stays cheap.
"""
from __future__ import annotations

import importlib
from typing import Any

import index  # noqa: F401  (a lean Whoosh import: index.whoosh_imports)

_EXPORTS = {
    "Searcher": "search.searcher",
    "open": "search.searcher",
    "QueryError": "search.errors",
    "NameNotFound": "search.errors",
    "ArticleNotFound": "search.errors",
    "Article": "search.results",
    "FacetValue": "search.results",
    "Hit": "search.results",
    "Record": "search.results",
    "Results": "search.results",
    "Snippet": "search.results",
    "Timeline": "search.results",
    "FACETS": "search.constants",
    "SORTS": "search.constants",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
