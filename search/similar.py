"""Key terms of an article, for "more like this": the words that say most about it."""
from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.searcher import Searcher

#: How many key terms describe an article.
KEY_TERMS = 25


def key_terms(searcher: "Searcher", stored: dict[str, Any], count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` terms of the article weighted highest by tf-idf, with weights scaled so
    that the best is 1 (headline words count twice)."""
    analyzer = searcher.view.schema["body"].analyzer
    frequencies: Counter[str] = Counter()
    for token in analyzer(stored.get("headline") or ""):
        frequencies[token.text] += 2
    for token in analyzer(stored.get("body") or ""):
        frequencies[token.text] += 1
    reader = searcher.view.reader
    n = max(searcher.view.doc_count, 1)
    weighted = []
    for text, tf in frequencies.items():
        if len(text) < 3 or text.isdigit():
            continue
        df = reader.doc_frequency("body", text) + reader.doc_frequency("headline", text)
        if df <= 1:  # only this article has it: it cannot link to another one
            continue
        weighted.append((text, (1 + math.log(tf)) * math.log(1 + n / df)))
    weighted.sort(key=lambda item: -item[1])
    best = weighted[:count]
    top = best[0][1] if best else 1.0
    return [(text, weight / top) for text, weight in best]
