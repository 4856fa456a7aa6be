"""Text with marked spans as safe HTML, and the spans of a query's words in an article.

Everything the index or the user supplies is escaped here; only the ``<mark>`` elements
are markup.
"""
from __future__ import annotations

from typing import Callable, Sequence

from markupsafe import Markup, escape

from search.engine import Engine
from search.errors import QueryError


def marked(text: str, spans: Sequence[tuple[int, int]] = ()) -> Markup:
    """``text`` escaped, with each (start, end) span in ``<mark>``."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(Markup("<mark>%s</mark>") % text[start:end])
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)


def query_marker(engine: Engine, query: str) -> Callable[[str], Sequence[tuple[int, int]]]:
    """Where the words of ``query`` are in a text (the engine's ``marker``); a query that
    cannot be read marks nothing (the page says why elsewhere)."""
    try:
        return engine.marker(query)
    except QueryError:
        return lambda text: ()
