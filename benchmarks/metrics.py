"""Ranking-quality measures over binary relevance judgments (as in CISI.REL).

Small enough to write out and test by hand rather than add a dependency: each function
takes one query's ranked list of document ids and the set of relevant ids.
"""
from __future__ import annotations

import math
from statistics import mean
from typing import Hashable, Mapping, Sequence


def average_precision(ranking: Sequence[Hashable], relevant: set) -> float:
    """Mean of the precision at each relevant document's rank, over ALL relevant documents."""
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking, 1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def precision_at(ranking: Sequence[Hashable], relevant: set, k: int = 10) -> float:
    """Share of the first ``k`` places holding a relevant document (missing places count as misses)."""
    return sum(1 for doc in ranking[:k] if doc in relevant) / k


def ndcg_at(ranking: Sequence[Hashable], relevant: set, k: int = 10) -> float:
    """Normalized discounted cumulative gain at ``k`` with binary gains and log2 discounts."""
    dcg = sum(1 / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], 1) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def evaluate(runs: Mapping[Hashable, Sequence[Hashable]], judgments: Mapping[Hashable, set]) -> dict[str, float]:
    """MAP, nDCG@10 and P@10 averaged over every judged query (a query with no run scores 0)."""
    queries = [q for q, relevant in judgments.items() if relevant]
    return {
        "MAP": mean(average_precision(runs.get(q, ()), judgments[q]) for q in queries),
        "nDCG@10": mean(ndcg_at(runs.get(q, ()), judgments[q], 10) for q in queries),
        "P@10": mean(precision_at(runs.get(q, ()), judgments[q], 10) for q in queries),
    }
