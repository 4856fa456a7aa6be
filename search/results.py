"""What a search returns: typed, immutable records with a stable JSON form."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Snippet:
    """A passage of the body; ``spans`` are the (start, end) offsets of query terms in ``text``."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Record:
    """What every article record holds: its id, headline, date, source, people and paths."""

    id: str
    headline: str
    date: str | None
    year: int | None
    source: str | None
    people: tuple[str, ...]
    leaders: tuple[str, ...]
    #: Every location the article was read at (``file`` or ``file#position``), sorted: the
    #: same story at two paths is one article. Named ``paths`` in JSON too.
    paths: tuple[str, ...]
    #: The corpus its folder describes (a ``gazette.toml`` sidecar file), if any.
    collection: str | None = None

    @property
    def path(self) -> str | None:
        """The first of :attr:`paths` (``path`` in JSON too)."""
        return self.paths[0] if self.paths else None

    def _head(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "date": self.date,
            "year": self.year,
            "source": self.source,
            "collection": self.collection,
            "people": list(self.people),
            "leaders": list(self.leaders),
            "paths": list(self.paths),
        }


@dataclass(frozen=True)
class Hit(Record):
    """One ranked article of a result page."""

    score: float = 0.0
    snippet: Snippet = Snippet("")
    #: (start, end) of the query terms in the headline.
    headline_spans: tuple[tuple[int, int], ...] = ()
    #: True for an article holding only some of the words, ranked after those holding all.
    relaxed: bool = False

    def to_dict(self) -> dict[str, Any]:
        found = {**self._head(), "score": round(self.score, 4), "snippet": self.snippet.text, "path": self.path}
        if self.relaxed:
            found["relaxed"] = True
        return found


@dataclass(frozen=True)
class FacetValue:
    value: str | int
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class Results:
    """One page of ranked hits, the total over all pages, and facet counts over all hits.

    ``suggestion`` is a corrected query ("did you mean") when no article held every word;
    ``relaxed`` is ``(articles with every word, articles with some of them)`` when the
    latter were ranked after the former because the former were fewer than a page;
    ``any_total`` how many articles hold some of the words when a query of three or more
    words matched nothing with every word required (``--match all``); ``stop_words`` the
    query's words when every one is a word the index leaves out; ``undated_dropped`` the
    undated articles a date filter left out. The JSON form adds ``suggestion``, ``relaxed``,
    ``stop_words`` and ``undated_dropped`` only when they are set, so that its
    other keys stay as they were.
    """

    query: str
    total: int
    page: int
    limit: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    suggestion: str | None = None
    any_total: int | None = None
    relaxed: tuple[int, int] | None = None
    stop_words: tuple[str, ...] = ()
    #: Undated articles that match but were left out by a date filter (--year, --from, --to).
    undated_dropped: int = 0

    @property
    def pages(self) -> int:
        return -(-self.total // self.limit) if self.limit else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {name: [v.to_dict() for v in values] for name, values in self.facets.items()},
            **self.notes(),
        }

    def notes(self) -> dict[str, Any]:
        """What the JSON forms add when the query was corrected, relaxed or only stop words."""
        notes: dict[str, Any] = {}
        if self.suggestion:
            notes["suggestion"] = self.suggestion
        if self.relaxed:
            notes["relaxed"] = {"all_words": self.relaxed[0], "some_words": self.relaxed[1]}
        if self.stop_words:
            notes["stop_words"] = list(self.stop_words)
        if self.undated_dropped:
            notes["undated_dropped"] = self.undated_dropped
        return notes


@dataclass(frozen=True)
class Article(Record):
    """A whole article as stored in the index (``gazette show``)."""

    date_from: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    body: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            **self._head(),
            "date_from": self.date_from,
            "path": self.path,
            "paths": list(self.paths),
            "url": self.url,
            "authors": list(self.authors),
            "body": self.body,
        }


@dataclass(frozen=True)
class Timeline:
    """Matching articles per period (day, week, month or year), every period from the first
    to the last.

    ``shares`` (when asked for) is each bucket's count over all articles of that period;
    ``outliers`` the dates far outside the bulk of the others, with their articles;
    ``peaks`` the periods far above the typical one (see :mod:`search.timeline`).
    """

    query: str
    total: int
    by: str
    buckets: tuple[FacetValue, ...]
    undated: int = 0
    shares: tuple[float, ...] | None = None
    outliers: tuple[FacetValue, ...] = ()
    peaks: tuple[FacetValue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        buckets = [b.to_dict() for b in self.buckets]
        if self.shares is not None:
            for bucket, share in zip(buckets, self.shares):
                bucket["share"] = round(share, 6)
        return {
            "query": self.query,
            "total": self.total,
            "by": self.by,
            "buckets": buckets,
            "undated": self.undated,
            "outliers": [o.to_dict() for o in self.outliers],
            "peaks": [p.to_dict() for p in self.peaks],
        }
