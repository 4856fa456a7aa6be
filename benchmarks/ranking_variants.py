"""The ranking experiments of issue 11, each a context manager that changes Gazette while it
is active (benchmarks/ranking_compare.py --variants runs each on every collection).

A variant in :data:`REINDEX` changes the analyzer, so the collection is indexed again under it.
Kept as experiments, not as options of Gazette: what the measurements support becomes the
default, the rest stays here to be measured again.
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

#: Proximity: documents re-ranked, window (positions) in which two query words count as near.
PROXIMITY_DOCS, PROXIMITY_WINDOW, PROXIMITY_WEIGHT = 100, 5, 1.0


@contextlib.contextmanager
def patched(target: Any, name: str, value: Any) -> Iterator[None]:
    saved = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, saved)


def constant(module: str, name: str, value: Any) -> Callable[[], Any]:
    def manager() -> Any:
        import importlib

        return patched(importlib.import_module(module), name, value)

    return manager


def match_any() -> Any:
    """Every query's words ORed (``--match any``), no articles-with-every-word tier."""
    from search.searcher import Searcher

    original = Searcher.search

    def search(self: Any, query: str = "", **options: Any) -> Any:
        return original(self, query, **{**options, "match": "any"})

    return patched(Searcher, "search", search)


def proximity() -> Any:
    """The top documents of each tier gain, for each pair of query words following each
    other in the query, the smaller idf of the two for every time they stand within
    :data:`PROXIMITY_WINDOW` positions in the body or headline (saturated like a term)."""
    import math

    from search.searcher import Searcher

    original = Searcher._ordered

    def positions(view: Any, field: str, term: str, docnums: list[int]) -> dict[int, list[int]]:
        """``{docnum: positions of term in field}`` for ``docnums`` (one matcher a segment)."""
        found: dict[int, list[int]] = {}
        btext = view.to_bytes(field, term)
        ordered_docs = sorted(docnums)
        for leaf, offset in view.leaves:
            inside = [d - offset for d in ordered_docs if offset <= d < offset + leaf.doc_count_all()]
            if not inside or (field, btext) not in leaf:
                continue
            matcher = leaf.postings(field, btext)
            for doc in inside:
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    found[doc + offset] = list(matcher.value_as("positions"))
        return found

    def ordered(self: Any, docs: list[int], clauses: list, count: int, sort: str) -> Any:
        ranked = original(self, docs, clauses, max(count, PROXIMITY_DOCS), sort)
        if sort != "relevance" or len(clauses) < 2:
            return ranked[:count]
        view = self.view
        n = max(view.doc_count, 1)
        idf = {}
        for clause in clauses:
            df = max(1, view.term_set("body", clause.text).bit_count())
            idf[clause.text] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        pairs = list(zip([c.text for c in clauses], [c.text for c in clauses][1:]))
        top = [docnum for docnum, _ in ranked[:PROXIMITY_DOCS]]
        table = {(field, clause.text): positions(view, field, clause.text, top)
                 for field in ("headline", "body") for clause in clauses}
        rescored = []
        for docnum, score in ranked[:PROXIMITY_DOCS]:
            bonus = 0.0
            for field in ("headline", "body"):
                for a, b in pairs:
                    first, second = table[field, a].get(docnum), table[field, b].get(docnum)
                    if first and second:
                        near = sum(1 for p in first for q in second if 0 < abs(p - q) <= PROXIMITY_WINDOW)
                        bonus += min(idf[a], idf[b]) * near / (1.0 + near)
            rescored.append((docnum, score + PROXIMITY_WEIGHT * bonus))
        rescored.sort(key=lambda pair: -pair[1])
        return (rescored + ranked[PROXIMITY_DOCS:])[:count]

    return patched(Searcher, "_ordered", ordered)


def snowball() -> Any:
    """NLTK's Snowball (Porter2) English stemmer instead of Whoosh's Porter (needs a new index)."""
    from nltk.stem.snowball import EnglishStemmer

    import index.analysis

    return patched(index.analysis, "stem", EnglishStemmer().stem)


VARIANTS: dict[str, Callable[[], Any]] = {
    "any (words ORed)": match_any,
    "no feedback": constant("search.searcher", "FEEDBACK_MIN_WORDS", 10**6),
    "feedback from 3 words": constant("search.searcher", "FEEDBACK_MIN_WORDS", 3),
    "feedback weight 0.5": constant("search.feedback", "WEIGHT", 0.5),
    "k1=1.2": constant("search.ranking", "K1", 1.2),
    "b=0.5": constant("search.ranking", "B", 0.5),
    "headline 2.5": lambda: _headline(2.5),
}
#: Measured once and not kept (benchmarks/results/ranking_compare_*.json of the first run): each
#: hurt at least one collection more than it helped another.
DROPPED: dict[str, Callable[[], Any]] = {
    "b=0.9": constant("search.ranking", "B", 0.9),
    "k1=1.2 b=0.5": lambda: _both(constant("search.ranking", "K1", 1.2), constant("search.ranking", "B", 0.5)),
    "headline 1.0": lambda: _headline(1.0),
    "proximity": proximity,
}
#: Variants that change the analyzer: the collection is indexed again under each.
REINDEX: dict[str, Callable[[], Any]] = {"Snowball": snowball}


@contextlib.contextmanager
def _both(*managers: Callable[[], Any]) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for manager in managers:
            stack.enter_context(manager())
        yield


def _headline(weight: float) -> Any:
    import search.ranking

    return patched(search.ranking, "FIELD_WEIGHTS", {**search.ranking.FIELD_WEIGHTS, "headline": weight})
