"""Hits as rows of chosen fields, and every hit of a search streamed one at a time
(``gazette search --all --fields ...``).

Streaming keeps memory flat whatever the number of hits: the matching set is a bitset, the
order one array of document numbers, and each row is made from the document's stored
fields as it is written, never kept. Ranking by relevance needs one score per hit (about
100 bytes each); by date, one sort key per hit.
"""
from __future__ import annotations

from typing import Any, Iterator, Sequence

from search import bitsets
from search.errors import QueryError
from search.results import Hit

#: Every field a row can hold, in their default order.
FIELDS = (
    "id", "headline", "date", "year", "source", "collection", "people", "leaders", "score", "snippet",
    "path", "paths", "date_from", "url", "authors", "body",
)
#: The columns of ``--format csv`` and the keys of a JSON hit without ``--fields``.
DEFAULT_FIELDS = ("id", "headline", "date", "year", "source", "people", "leaders", "score", "snippet", "path")
#: Fields read from the stored document rather than from the hit.
_STORED_ONLY = ("collection", "date_from", "url", "authors", "body")


def check_fields(text: str) -> tuple[str, ...]:
    """``"id,headline,body"`` -> ``("id", "headline", "body")``."""
    names = tuple(dict.fromkeys(name.strip().lower() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in FIELDS]
    if unknown or not names:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field given"
        raise QueryError(what, "choose among " + ", ".join(FIELDS) + " (comma-separated)", "--fields")
    return names


def needs_stored(fields: Sequence[str] | None) -> bool:
    """Whether ``fields`` name anything a :class:`Hit` does not hold."""
    return any(name in _STORED_ONLY for name in fields or ())


def row(hit: Hit, fields: Sequence[str] | None, stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``fields`` of one hit, JSON-ready (None: the hit's own JSON form); ``stored`` (its
    stored fields) supplies the fields a hit does not hold (url, authors, body...)."""
    base = hit.to_dict()
    if fields is None:
        return base
    stored = stored or {}
    extra = {
        "collection": stored.get("collection"),
        "date_from": stored.get("date_from"),
        "url": stored.get("url"),
        "authors": list(stored.get("authors") or ()),
        "body": stored.get("body") or "",
    }
    return {name: base[name] if name in base else extra[name] for name in fields}


def stream(
    searcher: Any,
    query: str = "",
    *,
    fields: Sequence[str] | None = None,
    sort: str = "relevance",
    match: str = "all",
    **filters: Any,
) -> tuple[int, Iterator[dict[str, Any]]]:
    """The number of matching articles, and a generator of every one's row (``fields``; None:
    each hit's JSON form), in the order ``searcher.search`` ranks them. Raises :class:`QueryError` at once (not when iterated).

    Another engine than the local index (one without its document sets) is read a page of
    :data:`PAGE` hits at a time.
    """
    if not hasattr(searcher, "_evaluator"):
        first = searcher.search(query, limit=PAGE, sort=sort, match=match, **filters)
        return first.total, _paged(searcher, first, query, fields, dict(sort=sort, match=match, **filters))
    node = searcher._parser.parse(query, match)
    hits = searcher._evaluator.docs(node)
    filtered = searcher._filters(**filters)
    if filtered is not None:
        hits &= filtered
    clauses = searcher._evaluator.clauses(node)
    return hits.bit_count(), _rows(searcher, hits, clauses, fields, sort)


#: Hits asked for at a time from an engine that is read page by page.
PAGE = 500


def _paged(searcher: Any, first: Any, query: str, fields: Sequence[str] | None, options: dict) -> Iterator[dict[str, Any]]:
    results, page = first, 1
    while results.hits:
        stored = needs_stored(fields)
        for hit in results.hits:
            yield row(hit, fields, searcher.show(hit.id).__dict__ if stored else None)
        page += 1
        if page > results.pages:
            return
        results = searcher.search(query, limit=PAGE, page=page, **options)


def _rows(searcher: Any, hits: int, clauses: list, fields: Sequence[str] | None, sort: str) -> Iterator[dict[str, Any]]:
    terms = [clause.text for clause in clauses]
    snippets = fields is None or "snippet" in fields
    stored = needs_stored(fields)
    view = searcher.view
    for docnum, score in _ordered(searcher, hits, clauses, sort):
        hit = searcher._hit(docnum, score, terms, snippets)
        yield row(hit, fields, view.stored(docnum) if stored else None)


def _ordered(searcher: Any, hits: int, clauses: list, sort: str) -> Iterator[tuple[int, float]]:
    """Every document of ``hits`` with its score, in the searcher's order for ``sort``."""
    if not hits:
        return
    ranker = searcher._ranker
    if sort == "relevance" and clauses:
        # Ranking needs every score at once: memory grows with the hits (about 100 bytes each).
        scores = ranker.scores(clauses, bitsets.members(hits))
        yield from ranker.top_by_score(scores, len(scores))
        return
    tables = [(ranker.contributions(clause), clause.boost) for clause in clauses]
    for docnum in _by_date(searcher.view, hits, newest_first=sort != "date"):
        yield docnum, sum(table.get(docnum, 0.0) * boost for table, boost in tables)


def _by_date(view: Any, hits: int, newest_first: bool) -> Iterator[int]:
    """The documents of ``hits`` by date (undated last), then index order, without a list of
    them: one date's posting list at a time, tested against the set's bytes."""
    size = (view.size >> 3) + 1
    marks = hits.to_bytes(size, "little")
    seen = bytearray(size)
    values = view.values("date")
    to_bytes = view.schema["date"].to_bytes
    for value in reversed(values.values) if newest_first else values.values:
        for docnum in view._read_postings("date", to_bytes(value))[0]:
            if marks[docnum >> 3] >> (docnum & 7) & 1 and not seen[docnum >> 3] >> (docnum & 7) & 1:
                seen[docnum >> 3] |= 1 << (docnum & 7)
                yield docnum
    del marks
    yield from _members(hits & ~int.from_bytes(seen, "little"))


def _members(bits: int) -> Iterator[int]:
    """The members of a set in ascending order, one at a time."""
    for index, byte in enumerate(bits.to_bytes((bits.bit_length() >> 3) + 1, "little")):
        while byte:
            low = byte & -byte
            yield index * 8 + low.bit_length() - 1
            byte ^= low
