"""Pseudo-relevance feedback: the words that the best-ranked articles share join the query at
a lower weight, and the articles are ranked again (RM3's idea, Lavrenko & Croft; Abdul-Jaleel
et al.).

A query's words say little about what a matching article should also say; the first articles
found usually do. On the four judged collections of benchmarks/ranking_compare.py it raised
MAP on each (see the README's "How ranking works"). Only the ranking changes: the articles
matched are the same.
"""
from __future__ import annotations

import math
import weakref
from collections import Counter
from typing import TYPE_CHECKING, Sequence

from search.cache import LRU
from search.matching import Clause
from search.query import TEXT_FIELDS

if TYPE_CHECKING:
    from search.view import IndexView

#: Articles read, words added, and the weight of the best added word (a query word weighs 1).
DOCS = 10
TERMS = 10
WEIGHT = 0.3
#: A word must be in this many of the articles read: one article's own words are no evidence.
MIN_DOCS = 2


def expansion(view: "IndexView", analyzer: object, docnums: Sequence[int], clauses: Sequence[Clause]) -> list[Clause]:
    """The words the articles ``docnums`` share most, weighted, as extra clauses."""
    known = _counted.setdefault(view, LRU(COUNTED))
    per_doc = [known.get_or(docnum, lambda docnum=docnum: _term_counts(view, analyzer, docnum)) for docnum in docnums]
    spread = Counter(term for counts in per_doc for term in counts)
    asked = {clause.text for clause in clauses}
    n = max(view.doc_count, 1)
    weighted = Counter()
    for term, docs in spread.items():
        if docs < MIN_DOCS or term in asked or len(term) < 3 or term.isdigit():
            continue
        df = max(1, view.doc_frequency("body", term), view.doc_frequency("headline", term))
        idf = math.log(1 + n / df)
        weighted[term] = idf * sum(1 + math.log(counts[term]) for counts in per_doc if term in counts)
    best = weighted.most_common(TERMS)
    if not best:
        return []
    top = best[0][1]
    return [Clause(term, TEXT_FIELDS, WEIGHT * weight / top) for term, weight in best]


#: Articles whose word counts are remembered per index view: the best articles of one query
#: are often among the best of the next (a server, a batch).
COUNTED = 2048
_counted: "weakref.WeakKeyDictionary[IndexView, LRU]" = weakref.WeakKeyDictionary()


def _term_counts(view: "IndexView", analyzer: object, docnum: int) -> Counter[str]:
    """How often each word is in an article, a headline word counting twice."""
    stored = view.stored(docnum)
    counts: Counter[str] = Counter()
    for field, times in (("headline", 2), ("body", 1)):
        for term, positions in analyzer.positions(stored.get(field) or "").items():  # type: ignore[attr-defined]
            counts[term] += times * len(positions)
    return counts
