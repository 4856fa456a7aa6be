"""The seam between Gazette and the engine that holds its index.

Two implementations answer the same operations with the same result types
(:mod:`search.results`): the local Whoosh index (:class:`WhooshEngine`, the default) and an
OpenSearch cluster (:class:`search.opensearch.engine.OpenSearchEngine`, for ``--engine URL``
or GAZETTE_ENGINE). The command line talks to an :class:`Engine` only; query parsing and
checking, name resolution and rendering are shared by both.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Protocol

from search.names import NameTable
from search.results import Article, Results, Timeline

#: The environment variable that chooses an engine when --engine is not given.
ENGINE_ENV = "GAZETTE_ENGINE"


class Engine(Protocol):
    """What Gazette asks of an index, whatever holds it."""

    def search(self, query: str = "", **options: Any) -> Results:
        """Ranked hits, total and facets (the keywords of :meth:`search.searcher.Searcher.search`)."""

    def count(self, query: str = "", *, match: str = "all", **filters: Any) -> int:
        """How many articles match."""

    def timeline(self, query: str = "", *, by: str = "year", **filters: Any) -> Timeline:
        """Matching articles per year or month."""

    def similar(self, article_id: str, **options: Any) -> Results:
        """Articles most like one article."""

    def show(self, article_id: str) -> Article:
        """One whole article, by id or unique id prefix."""

    def marker(self, query: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
        """Where the words of ``query`` fall in a text (for highlighting a whole article)."""

    def stats(self, top: int = 10) -> dict[str, Any]:
        """What the index holds (the shape of :func:`index.stats.index_stats`)."""

    def table(self, field: str) -> NameTable:
        """The people, leaders or sources of the index, findable under any spelling."""

    def close(self) -> None:
        """Release what the engine holds (files, connections)."""


class WhooshEngine:
    """The local index: :class:`search.searcher.Searcher` with the index's statistics."""

    def __init__(self, directory: Path) -> None:
        from search.searcher import Searcher

        self.directory = Path(directory).expanduser()
        self.searcher = Searcher(self.directory)

    def search(self, query: str = "", **options: Any) -> Results:
        return self.searcher.search(query, **options)

    def count(self, query: str = "", *, match: str = "all", **filters: Any) -> int:
        return self.searcher.count(query, match=match, **filters)

    def timeline(self, query: str = "", *, by: str = "year", **filters: Any) -> Timeline:
        return self.searcher.timeline(query, by=by, **filters)

    def similar(self, article_id: str, **options: Any) -> Results:
        return self.searcher.similar(article_id, **options)

    def show(self, article_id: str) -> Article:
        return self.searcher.show(article_id)

    def marker(self, query: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
        return self.searcher.marker(query)

    def stats(self, top: int = 10) -> dict[str, Any]:
        from index.stats import index_stats

        return index_stats(self.directory, top)

    def table(self, field: str) -> NameTable:
        return self.searcher.table(field)

    def close(self) -> None:
        self.searcher.close()

    def __getattr__(self, name: str) -> Any:
        """What only a local index has (its view, parser...), for the code that needs it."""
        if name == "searcher":  # not set: the index could not be opened
            raise AttributeError(name)
        return getattr(self.searcher, name)

    def __enter__(self) -> "WhooshEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def engine_url(given: str | None) -> str | None:
    """The engine URL to use: the one given, else GAZETTE_ENGINE, else None (the local index)."""
    return given or os.environ.get(ENGINE_ENV) or None


def open_engine(url: str | None, directory: Path) -> Engine:
    """The cluster engine of ``url`` when one is given, else the local index at ``directory``.
    The OpenSearch client is imported only here, only for a URL."""
    if url:
        from search.opensearch.engine import OpenSearchEngine

        return OpenSearchEngine(url)
    return WhooshEngine(directory)

