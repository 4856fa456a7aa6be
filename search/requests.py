"""What every engine does around its own matching, written once: checking a request's
options, and the notes an answer gets when nothing holds every word of the query."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Sequence

from search import facets as facet_checks
from search.constants import SORTS
from search.errors import QueryError
from search.results import Results

#: The filters every search, count, timeline and similar takes.
FILTERS = ("person", "leader", "year", "date_from", "date_to", "source", "collection")


def check_options(limit: int, page: int, facet_limit: int, facets: Sequence[str], sort: str | None = None) -> tuple[str, ...]:
    """The facets asked for, checked with the paging and the sort; raise QueryError for a
    value no engine can answer."""
    if limit < 0:
        raise QueryError(f"--limit must be 0 or more, not {limit}", option="--limit")
    if page < 1:
        raise QueryError(f"--page counts from 1, not {page}", option="--page")
    if facet_limit < 1:
        raise QueryError(f"--facet-limit must be 1 or more, not {facet_limit}", option="--facet-limit")
    if sort is not None and sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}", "sort by " + ", ".join(SORTS), "--sort")
    return facet_checks.check_facets(tuple(facets))


def filter_args(filters: dict[str, Any]) -> dict[str, Any]:
    """``filters`` when each is one of :data:`FILTERS` (a TypeError names the others)."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    return filters


def words(query: str) -> int:
    """Words of a query, operators aside."""
    return sum(1 for word in query.split() if word not in ("AND", "OR", "NOT"))


def with_notes(
    results: Results,
    query: str,
    match: str,
    every_word: int,
    suggest: Callable[[str], str | None],
    count_any: Callable[[], int],
    stop_words: Callable[[str], list[str]],
) -> Results:
    """``results`` with what helps when no article holds every word (``every_word`` is
    their number): a spelling to try (``suggest`` is given the match mode), for a long
    query under ``match="all"`` how many articles hold some of the words, and when nothing
    at all matches, the words too common to be indexed."""
    if every_word or not query.strip():
        return results
    notes: dict[str, Any] = {"suggestion": suggest("all" if match == "auto" else match)}
    if match == "all" and words(query) >= 3:
        notes["any_total"] = count_any() or None
    if not results.total:
        notes["stop_words"] = tuple(stop_words(query))
    return replace(results, **notes)
