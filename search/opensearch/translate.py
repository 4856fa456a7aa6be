"""Gazette's parsed query (:meth:`search.query.Parser.parse`: Whoosh query objects, names and
dates already resolved) as OpenSearch's query DSL. Nothing is parsed again here.

Text terms go to the ``terms_*`` fields, which hold Gazette's own analysis of the text
(:mod:`.mapping`), so a term, a phrase, a prefix or a fuzzy term matches the articles it
matches locally; the field boosts are the local ones.
"""
from __future__ import annotations

from typing import Any, Iterable

from whoosh import query as wq

from search.query import TEXT_FIELDS, DateSpan
from search.opensearch.mapping import BOOSTS, TERMS

#: Terms a fuzzy term stands for, the nearest (as :data:`search.matching.FUZZY_EXPANSIONS`).
FUZZY_EXPANSIONS = 50
MATCH_ALL: dict[str, Any] = {"match_all": {}}
MATCH_NONE: dict[str, Any] = {"match_none": {}}


def to_dsl(node: wq.Query | None, year_field: Any = None) -> dict[str, Any]:
    """The DSL of a parsed query; ``None`` (an empty query) matches everything.

    ``year_field`` is the local schema's ``year`` field, which decodes the numeric terms
    Whoosh's parser writes for ``year:2019``.
    """
    if node is None:
        return MATCH_ALL
    return _Translator(year_field).dsl(node)


class _Translator:
    def __init__(self, year_field: Any) -> None:
        self.year_field = year_field

    def dsl(self, node: wq.Query) -> dict[str, Any]:  # noqa: C901 - one case per node type
        boost = getattr(node, "boost", 1.0) or 1.0
        field = getattr(node, "fieldname", None)
        if isinstance(node, wq.Not):
            return {"bool": {"must": [MATCH_ALL], "must_not": [self.dsl(node.query)]}}
        if isinstance(node, wq.And) or isinstance(node, wq.Require):
            children = node.subqueries if isinstance(node, wq.And) else (node.a, node.b)
            must = [self.dsl(c) for c in children if not isinstance(c, wq.Not)] or [MATCH_ALL]
            must_not = [self.dsl(c.query) for c in children if isinstance(c, wq.Not)]
            return _bool(boost, must=must, must_not=must_not)
        if isinstance(node, wq.Or):
            return _bool(boost, should=[self.dsl(c) for c in node.subqueries], minimum_should_match=1)
        if isinstance(node, wq.AndNot):
            return _bool(boost, must=[self.dsl(node.a)], must_not=[self.dsl(node.b)])
        if isinstance(node, (wq.AndMaybe, wq.Otherwise)):
            return self.dsl(node.a)
        if isinstance(node, DateSpan):
            return {"range": {"date": _bounds(node.low, node.high)}}
        if isinstance(node, wq.NumericRange):
            low = None if node.start is None else node.start + (1 if node.startexcl else 0)
            high = None if node.end is None else node.end - (1 if node.endexcl else 0)
            return {"range": {field: _bounds(low, high)}}
        if isinstance(node, wq.TermRange):
            return {"range": {field: {**({"gt" if node.startexcl else "gte": node.start} if node.start else {}),
                                      **({"lt" if node.endexcl else "lte": node.end} if node.end else {})}}}
        if isinstance(node, wq.Every):
            return MATCH_ALL
        if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
            return MATCH_NONE
        if field in TEXT_FIELDS:
            return self._text(node, field, boost * BOOSTS[field])
        if isinstance(node, wq.Term):
            value = node.text
            if field == "year" and isinstance(value, bytes) and self.year_field is not None:
                value = self.year_field.from_bytes(value)
            return {"term": {field: {"value": value, "boost": boost}}}
        if isinstance(node, wq.Prefix):
            return {"prefix": {field: {"value": node.text}}}
        if isinstance(node, wq.Wildcard):
            return {"wildcard": {field: {"value": node.text}}}
        raise ValueError(f"the OpenSearch engine cannot translate {node!r}")

    def _text(self, node: wq.Query, field: str, boost: float) -> dict[str, Any]:
        target = TERMS[field]
        if isinstance(node, wq.Term):
            return {"term": {target: {"value": node.text, "boost": boost}}}
        if isinstance(node, wq.Phrase):
            return {"match_phrase": {target: {"query": " ".join(node.words), "slop": max(node.slop - 1, 0),
                                              "boost": boost}}}
        if isinstance(node, wq.FuzzyTerm):
            return {"fuzzy": {target: {"value": node.text, "fuzziness": node.maxdist,
                                       "prefix_length": node.prefixlength, "transpositions": False,
                                       "max_expansions": FUZZY_EXPANSIONS, "boost": boost}}}
        if isinstance(node, wq.Prefix):
            return {"prefix": {target: {"value": node.text, "boost": boost}}}
        if isinstance(node, wq.Wildcard):
            return {"wildcard": {target: {"value": node.text, "boost": boost}}}
        raise ValueError(f"the OpenSearch engine cannot translate {node!r}")


def _bool(boost: float, **clauses: Any) -> dict[str, Any]:
    body = {key: value for key, value in clauses.items() if value}
    if boost != 1.0:
        body["boost"] = boost
    return {"bool": body}


def _bounds(low: Any, high: Any) -> dict[str, Any]:
    return {**({"gte": low} if low is not None else {}), **({"lte": high} if high is not None else {})}


def text_terms(node: wq.Query | None) -> list[str]:
    """The analyzed words of a query's text terms and phrases (not under NOT), in order:
    what a snippet marks."""
    found: dict[str, None] = {}

    def walk(item: wq.Query) -> None:
        if isinstance(item, wq.Not):
            return
        if isinstance(item, (wq.AndNot, wq.AndMaybe, wq.Otherwise)):
            walk(item.a)
            return
        if getattr(item, "fieldname", None) in TEXT_FIELDS:
            if isinstance(item, wq.Phrase):
                found.update(dict.fromkeys(item.words))
            elif isinstance(item, wq.Term):
                found[item.text] = None
            return
        if not item.is_leaf():
            for child in item.children():
                walk(child)

    if node is not None:
        walk(node)
    return list(found)


def has_text_terms(node: wq.Query | None) -> bool:
    """Whether a query scores by relevance: it holds a text term, phrase or pattern."""
    def walk(item: wq.Query) -> Iterable[bool]:
        if isinstance(item, wq.Not):
            return
        if getattr(item, "fieldname", None) in TEXT_FIELDS:
            yield True
            return
        if not item.is_leaf():
            for child in item.children():
                yield from walk(child)

    return node is not None and any(walk(node))
