"""BM25F scoring over the cached posting lists, and picking the top of a result set.

BM25F (Robertson & Zaragoza) adds a term's frequencies over the fields, each weighted by the
field's boost and normalized by the field's length, before saturating once:
``tf = sum(boost_f * tf_f / (1 - b + b * len_f / avglen_f))``, ``score = idf * tf / (k1 + tf)``.
The index stores ``boost_f * tf_f`` as each posting's weight (headline 2.5, names 2, body 1;
see :mod:`index.schema`); :data:`FIELD_WEIGHTS` rescales them when a term's scores are
computed. A query for a person ranks articles about that person first, and a word in the
headline counts more than the same word in the body.

Each term's per-document contributions are computed once and cached for the view, so a
query costs one dictionary lookup per (matching document, term).
"""
from __future__ import annotations

import heapq
import math
from operator import itemgetter
from typing import Sequence

from index.schema import HEADLINE_BOOST, NAMES_BOOST
from search.matching import Clause
from search.cache import LRU
from search.view import IndexView

#: Saturation. Plain BM25 (Lucene, tantivy) uses 1.2 on one field; BM25F saturates a sum of
#: boosted frequencies from three fields (a headline word counts 2.5), so saturation should
#: come later: 2.0, the upper end of the range Robertson & Zaragoza give for untuned BM25
#: ([1.2, 2.0]). Checked on two collections, not fitted to either: on CISI MAP is 0.168 at
#: 1.2 and 0.177 at 2.0; on Reuters with topic names as queries (benchmarks/ranking_topics.py)
#: nDCG@10 is 0.722 at 1.2 and 0.731 at 2.0, MAP 0.260 and 0.259. 3.0 would do better on
#: CISI and worse on news MAP: no reason to go past the range.
K1 = 2.0
B = 0.75
#: Field weights used in ranking, against the boosts the index stores (headline 2.5, names 2):
#: a headline word counts 4 times a body word. Chosen across four judged collections
#: (benchmarks/ranking_compare.py): 4.0 raised MAP on CISI (0.181 -> 0.182), Reuters topics
#: (0.368 -> 0.378) and Reuters questions (0.506 -> 0.508), and nDCG@10 on CACM, Reuters topics
#: and questions; 1.0 lowered all four. Applied when a term's scores are computed (cached), so
#: it costs nothing per query and needs no new index.
FIELD_WEIGHTS = {"headline": 4.0, "names": NAMES_BOOST, "body": 1.0}
_STORED_BOOSTS = {"headline": HEADLINE_BOOST, "names": NAMES_BOOST, "body": 1.0}
#: Memory (bytes, estimated) for cached per-term score tables.
CONTRIBUTIONS_BUDGET = 160 << 20
#: Above this many documents, sorting by date builds the per-document date table once.
_DATE_LOOKUPS = 64


class Ranker:
    def __init__(self, view: IndexView) -> None:
        self.view = view
        # A dict entry costs about 100 bytes: at most about 1.5 million cached entries.
        self._contributions = LRU(CONTRIBUTIONS_BUDGET, lambda table: 64 + 100 * len(table))

    def contributions(self, clause: Clause) -> dict[int, float]:
        """``{docnum: idf * saturated tf}`` for every document holding the clause's term."""
        return self._contributions.get_or((clause.text, clause.fields), lambda: self._compute(clause))

    def _compute(self, clause: Clause) -> dict[int, float]:
        view = self.view
        accumulated: dict[int, float] = {}
        for field in clause.fields:
            ids, weights = view.postings(field, clause.text)
            if not ids:
                continue
            lengths, table = view.lengths(field)
            scale = FIELD_WEIGHTS.get(field, 1.0) / _STORED_BOOSTS.get(field, 1.0)
            norms = [((1.0 - B) + B * ratio) / scale for ratio in table]
            get = accumulated.get
            for docnum, weight in zip(ids, weights):
                accumulated[docnum] = get(docnum, 0.0) + weight / norms[lengths[docnum]]
        df = len(accumulated)
        if not df:
            return accumulated
        n = max(view.doc_count, df)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return {docnum: idf * tf / (K1 + tf) for docnum, tf in accumulated.items()}

    def scores(self, clauses: Sequence[Clause], docs: list[int]) -> dict[int, float]:
        """Scores of ``docs``; each clause walks whichever is shorter, its postings or ``docs``."""
        scores = dict.fromkeys(docs, 0.0)
        for clause in clauses:
            contributions = self.contributions(clause)
            boost = clause.boost
            if len(contributions) < len(scores):
                for docnum, value in contributions.items():
                    if docnum in scores:
                        scores[docnum] += value * boost
            else:
                get = contributions.get
                for docnum in docs:
                    value = get(docnum)
                    if value:
                        scores[docnum] += value * boost
        return scores

    # Ordering ------------------------------------------------------------------------

    def date_keys(self, docs: list[int]) -> dict[int, str]:
        """ISO date of each document ('' when undated), comparable across the set."""
        if len(docs) > _DATE_LOOKUPS or (self.view.has_values("date") and self.view.has_table("date")):
            values = self.view.values("date")
            rank, names = values.rank, values.values
            return {d: (names[rank[d]] if rank[d] >= 0 else "") for d in docs}
        # A few documents: their stored fields (read for the hits anyway, and cached) are
        # cheaper than opening the date column.
        return {d: (self.view.stored(d).get("date") or "") for d in docs}

    def top_by_score(self, scores: dict[int, float], count: int) -> list[tuple[int, float]]:
        """The ``count`` best documents, ties broken by newer date, then index order."""
        if count <= 0 or not scores:
            return []
        best = heapq.nlargest(count, scores.items(), key=itemgetter(1))
        if len(best) < len(scores):
            # Documents tied with the last one kept may be newer: take them all, then cut.
            floor = best[-1][1]
            tied = {d for d, s in scores.items() if s == floor}
            best = [pair for pair in best if pair[1] > floor] + [(d, floor) for d in tied]
        dates = self.date_keys([d for d, _ in best])
        # Stable sorts, last key first: index order, then newer date, then higher score.
        best.sort(key=itemgetter(0))
        best.sort(key=lambda pair: (dates[pair[0]] != "", dates[pair[0]]), reverse=True)
        best.sort(key=itemgetter(1), reverse=True)
        return best[:count]

    def top_by_date(self, docs: list[int], count: int, newest_first: bool) -> list[int]:
        """The first ``count`` documents by date (undated last), then index order."""
        if count <= 0:
            return []
        dates = self.date_keys(docs)
        if newest_first:
            return heapq.nlargest(count, docs, key=lambda d: (dates[d] != "", dates[d], -d))
        return heapq.nsmallest(count, docs, key=lambda d: (dates[d] == "", dates[d], d))
