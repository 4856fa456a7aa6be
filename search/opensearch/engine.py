"""Search, facets, timeline, similar, show and stats over an OpenSearch cluster, with the
results of the local searcher (:mod:`search.results`), so every output is the local shape.

Query parsing and checking (:class:`search.query.Parser`), name resolution
(:class:`search.names.NameTable`), date periods and snippets are the local code; what the
cluster does is match, rank (BM25 with the local field boosts), count facets (terms
aggregations over every hit) and timelines (date histograms), and find similar articles
(``more_like_this``).
"""
from __future__ import annotations

import heapq
from dataclasses import replace
from typing import Any, Callable, Sequence

from search.constants import MISSING, TIME_FACETS
from search.errors import ArticleNotFound, QueryError
from search.names import NameTable
from search.opensearch import connection
from search.opensearch.mapping import ALIASES_ID, HIT_FIELDS
from search.opensearch.translate import MATCH_ALL, has_text_terms, text_terms, to_dsl
from search.periods import period, years
from search.results import Article, FacetValue, Hit, Results, Timeline
# the checks and notes every engine shares (search.requests)
from search.requests import check_options, filter_args, with_notes
from search.snippets import Snippets

#: Facet name -> field of the cluster.
FACET_FIELDS = {"people": "people", "leaders": "leaders", "year": "year", "month": "month", "source": "source",
                "collection": "collection"}
#: Terms each shard sends per facet: counts are exact while a shard holds fewer values.
SHARD_SIZE = 10_000
#: Values read per request when listing every value of a field (name resolution).
PAGE = 5_000


class OpenSearchEngine:
    """One index on a cluster, opened from an engine URL (see :mod:`.connection`)."""

    def __init__(self, url: str | connection.EngineURL, client: Any = None) -> None:
        from index.schema import build_schema
        from search.query import Parser

        self.url = connection.parse_url(url) if isinstance(url, str) else url
        self.client = client or connection.client(self.url)
        self._schema = build_schema()
        self._tables: dict[str, NameTable] = {}
        self._parser = Parser(self._schema, self.table)
        analyzer = self._schema["body"].analyzer
        self._snippets = Snippets(lambda word: next((t.text for t in analyzer(word)), None))
        self._call(self.client.indices.get_mapping, index=self.url.index)  # fails early, worded

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "OpenSearchEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return connection.call(self.url, request, *args, **kwargs)

    def _search(self, body: dict[str, Any], index: str | None = None) -> dict[str, Any]:
        answer = self._call(self.client.search, index=index or self.url.index, body=body)
        failed = answer.get("_shards", {}).get("failed", 0)
        if failed:
            reasons = {str(f.get("reason", {}).get("reason") or f.get("reason")) for f in answer["_shards"].get("failures", [])}
            raise connection.EngineError(
                f"{failed} shard(s) of {self.url.index!r} failed to answer ({'; '.join(sorted(reasons))[:300]}); "
                "the cluster may be missing a node: check its health"
            )
        return answer

    @property
    def doc_count(self) -> int:
        return self._call(self.client.count, index=self.url.index)["count"]

    # Names -----------------------------------------------------------------------------

    def table(self, field: str) -> NameTable:
        """Every value of ``people``, ``leaders`` or ``source`` in the index, findable
        under any spelling (the people's aliases are kept in the manifest index)."""
        found = self._tables.get(field)
        if found is None:
            aliases = self._aliases if field in ("people", "leaders") else {}
            found = self._tables[field] = NameTable(field, self._values(field), aliases)
        return found

    def _values(self, field: str) -> list[str]:
        values: list[str] = []
        after = None
        while True:
            composite: dict[str, Any] = {"size": PAGE, "sources": [{"v": {"terms": {"field": field}}}]}
            if after:
                composite["after"] = after
            answer = self._search({"size": 0, "aggs": {"values": {"composite": composite}}})
            buckets = answer["aggregations"]["values"]["buckets"]
            values.extend(bucket["key"]["v"] for bucket in buckets)
            after = answer["aggregations"]["values"].get("after_key")
            if len(buckets) < PAGE or not after:
                return values

    def _aliases(self) -> dict[str, str]:
        from opensearchpy import exceptions

        try:
            found = self.client.get(index=self.url.manifest, id=ALIASES_ID)
        except exceptions.NotFoundError:
            return {}
        except exceptions.TransportError:
            return {}
        return found["_source"].get("aliases") or {}

    # Searching -------------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        person: Sequence[str] = (),
        leader: Sequence[str] = (),
        year: Sequence[str | int] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        source: Sequence[str] = (),
        collection: Sequence[str] = (),
        facets: Sequence[str] = (),
        facet_limit: int = 10,
        limit: int = 10,
        page: int = 1,
        sort: str = "relevance",
        snippets: bool = True,
        match: str = "auto",
    ) -> Results:
        """As :meth:`search.searcher.Searcher.search`, answered by the cluster: with
        ``match="auto"``, when the articles holding every word are fewer than a page, those
        holding some of them follow."""
        facet_names = check_options(limit, page, facet_limit, facets, sort)
        node = self._parser.parse(query, match)
        filters = self._filters(person, leader, year, date_from, date_to, source, collection)
        order = "relevance" if sort == "relevance" and has_text_terms(node) else ("date" if sort == "date" else "-date")
        strict = _with_filters(self._dsl(node), filters)
        offset = (page - 1) * limit
        answer = self._page(strict, offset, limit, order, snippets, facet_names, facet_limit)
        total = answer["hits"]["total"]["value"]
        terms = text_terms(node)
        hits = [self._hit(found, terms, snippets) for found in answer["hits"]["hits"]]
        aggregations = answer.get("aggregations", {})
        relaxed = None
        looser = self._parser.relaxed(query) if match == "auto" and total < limit else None
        if looser is not None:
            more = {"bool": {"must": [self._dsl(looser)], "must_not": [self._dsl(node)], "filter": filters}}
            extra = self._page(more, max(0, offset - total), limit - len(hits), order, snippets, (), facet_limit)
            more_total = extra["hits"]["total"]["value"]
            if more_total:
                relaxed = (total, more_total)
                hits += [self._hit(found, terms, snippets, relaxed=True) for found in extra["hits"]["hits"]]
                every = {"bool": {"should": [self._dsl(node), self._dsl(looser)], "minimum_should_match": 1,
                                  "filter": filters}}
                aggregations = self._page(every, 0, 0, order, False, facet_names, facet_limit).get("aggregations", {})
                total += more_total
        counted = {name: _facet_values(name, aggregations, facet_limit) for name in facet_names}
        results = Results(query, total, page, limit, tuple(hits), counted, relaxed=relaxed)
        dropped = self._undated_dropped(node, year, date_from, date_to, person, leader, source, collection)
        if dropped:
            results = replace(results, undated_dropped=dropped)
        return with_notes(
            results, query, match, relaxed[0] if relaxed else total,
            suggest=lambda mode: self._suggest(query, filters, mode),
            count_any=lambda: self._count(self._parser.parse(query, "any"), filters),
            stop_words=self._parser.stop_words_only,
        )

    def _dsl(self, node: Any) -> dict[str, Any]:
        return to_dsl(node, self._schema["year"])

    def _page(self, query: dict[str, Any], offset: int, size: int, order: str, snippets: bool,
              facet_names: Sequence[str], facet_limit: int) -> dict[str, Any]:
        """One request: ``size`` hits from ``offset`` in ``order``, the total, and facets."""
        return self._search({
            "query": query,
            "track_total_hits": True,
            "track_scores": True,
            "from": offset,
            "size": max(size, 0),
            "_source": HIT_FIELDS if snippets else [f for f in HIT_FIELDS if f != "body"],
            "sort": _sort(order),
            "aggs": _facets(facet_names, facet_limit),
        })

    def count(self, query: str = "", *, match: str = "all", **filters: Any) -> int:
        """How many articles match (no ranking, no snippets)."""
        return self._count(self._parser.parse(query, match), self._filters(**filter_args(filters)))

    def _count(self, node: Any, filters: list[dict[str, Any]]) -> int:
        body = {"query": _with_filters(self._dsl(node), filters)}
        return self._call(self.client.count, index=self.url.index, body=body)["count"]

    def _undated_dropped(self, node: Any, year, date_from, date_to, *others: Sequence[str]) -> int:
        """Undated articles of the query that pass the other filters, left out by a date
        filter (as :func:`search.filters.undated_dropped`)."""
        if not (year or date_from or date_to) or any(_asks_missing("year", value) for value in year):
            return 0
        rest = self._filters(*others[:2], (), None, None, *others[2:])
        return self._count(node, [*rest, _missing("year")])

    def _filters(self, person=(), leader=(), year=(), date_from=None, date_to=None, source=(),
                 collection=()) -> list[dict[str, Any]]:
        """The filters of ``gazette search`` as DSL clauses, all required (as
        :func:`search.filters.filter_docs`: several years, sources or collections are
        alternatives; ``undated`` and ``(unknown)`` find the articles without a value)."""
        clauses: list[dict[str, Any]] = []
        for field, option, names in (("people", "--person", person), ("leaders", "--leader", leader)):
            for name in names:
                clauses.append({"term": {field: self.table(field).resolve(name, option=option)}})
        if year:
            spans = [_missing("year") if _asks_missing("year", value) else
                     {"range": {"year": dict(zip(("gte", "lte"), years(str(value))))}} for value in year]
            clauses.append({"bool": {"should": spans, "minimum_should_match": 1}})
        if date_from or date_to:
            low = period(str(date_from), "--from")[0] if date_from else None
            high = period(str(date_to), "--to")[1] if date_to else None
            if low and high and low > high:
                raise QueryError(
                    f"--from {date_from} comes after --to {date_to}", "give the earlier date to --from", "--from"
                )
            clauses.append({"range": {"date": {**({"gte": low} if low else {}), **({"lte": high} if high else {})}}})
        for field, names in (("source", source), ("collection", collection)):
            if names:
                either = [_missing(field) if _asks_missing(field, name) else
                          {"term": {field: self.table(field).resolve(name, option=f"--{field}")}} for name in names]
                clauses.append({"bool": {"should": either, "minimum_should_match": 1}})
        return clauses

    def _hit(self, found: dict[str, Any], terms: list[str], snippets: bool, relaxed: bool = False) -> Hit:
        stored = found["_source"]
        score = found.get("_score") or 0.0
        if not snippets:
            return Hit(**_record(stored), score=score, relaxed=relaxed)
        marks = self._snippets.matches(stored.get("headline") or "", frozenset(terms)) if terms else []
        return Hit(
            **_record(stored),
            score=score,
            relaxed=relaxed,
            snippet=self._snippets.make(stored.get("body") or "", terms),
            headline_spans=tuple((start, end) for start, end, _ in marks),
        )

    def _suggest(self, query: str, filters: list[dict[str, Any]], match: str) -> str | None:
        """"Did you mean": each word of a plain query that the index lacks, replaced by the
        cluster's term suggestion, when the corrected query finds articles."""
        words = query.split()
        if not words or any(not word.isalpha() for word in words):
            return None
        body = {"suggest": {f"w{i}": {"text": word.lower(), "term": {"field": "words", "suggest_mode": "missing",
                                                                    "size": 1}}
                            for i, word in enumerate(words)}, "size": 0}
        answer = self._search(body)
        corrected = []
        for i, word in enumerate(words):
            options = [o for entry in answer.get("suggest", {}).get(f"w{i}", []) for o in entry["options"]]
            corrected.append(options[0]["text"] if options else word)
        suggestion = " ".join(corrected)
        if suggestion.lower() == query.lower() or not self._count(self._parser.parse(suggestion, match), filters):
            return None
        return suggestion

    # Other views -----------------------------------------------------------------------

    def _stored(self, article_id: str) -> dict[str, Any]:
        """The article with that id, or with that unique id prefix (4+ characters)."""
        article_id = article_id.strip()
        if article_id and article_id.isascii():
            found = self._search({"query": {"term": {"id": article_id}}, "size": 1})["hits"]["hits"]
            if found:
                return found[0]["_source"]
            if len(article_id) >= 4:
                found = self._search({"query": {"prefix": {"id": article_id}}, "size": 6,
                                      "sort": [{"id": "asc"}]})["hits"]["hits"]
                if len(found) == 1:
                    return found[0]["_source"]
                if len(found) > 1:
                    candidates = [hit["_source"]["id"] for hit in found]
                    raise ArticleNotFound(
                        f"the id prefix {article_id!r} fits {len(candidates)}{'+' * (len(found) > 5)} articles "
                        f"({', '.join(candidates[:5])}); give more characters"
                    )
        raise ArticleNotFound(f"no article with id {article_id!r} in the index; ids are shown by `gazette search`")

    def marker(self, query: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
        """Where the words of ``query`` fall in a text, cut as the index cuts them."""
        terms = frozenset(text_terms(self._parser.parse(query))) if query.strip() else frozenset()
        if not terms:
            return lambda text: ()
        return lambda text: tuple((start, end) for start, end, _ in self._snippets.matches(text, terms))

    def show(self, article_id: str) -> Article:
        """The whole article with that id (or unique id prefix)."""
        stored = self._stored(article_id)
        return Article(
            **_record(stored),
            date_from=stored.get("date_from"),
            url=stored.get("url"),
            authors=tuple(stored.get("authors") or ()),
            body=stored.get("body") or "",
        )

    def similar(
        self, article_id: str, *, limit: int = 10, page: int = 1, facets: Sequence[str] = (),
        facet_limit: int = 10, **filters: Any,
    ) -> Results:
        """Articles most like this one: the cluster's ``more_like_this`` over headline and body."""
        facet_names = check_options(limit, page, facet_limit, facets)
        stored = self._stored(article_id)
        like = {
            "more_like_this": {
                "fields": ["headline", "body"],
                "like": [{"_index": self.url.index, "_id": stored["id"]}],
                "min_term_freq": 1, "min_doc_freq": 1, "max_query_terms": 25,
            }
        }
        body = {
            "query": _with_filters(like, self._filters(**filter_args(filters))),
            "track_total_hits": True, "from": (page - 1) * limit, "size": limit,
            "_source": HIT_FIELDS, "sort": _sort("relevance"),
            "aggs": _facets(facet_names, facet_limit),
        }
        answer = self._search(body)
        hits = tuple(self._hit(found, [], True) for found in answer["hits"]["hits"])
        counted = {name: _facet_values(name, answer.get("aggregations", {}), facet_limit) for name in facet_names}
        return Results(f"similar:{stored['id']}", answer["hits"]["total"]["value"], page, limit, hits, counted)

    def timeline(self, query: str = "", *, by: str = "year", share: bool = False, **filters: Any) -> Timeline:
        """Matching articles per day, week, month or year (``auto``: chosen from the span of
        the dates), from date histograms; the choice of period, the filling of empty periods,
        outliers and peaks are the local timeline's (:mod:`search.timeline`)."""
        from search import timeline

        if by not in timeline.PERIODS:
            raise QueryError(f"cannot draw a timeline by {by!r}", "use --by " + ", ".join(timeline.PERIODS), "--by")
        query_dsl = _with_filters(self._dsl(self._parser.parse(query)), self._filters(**filter_args(filters)))
        total, days, years = self._periods(query_dsl)
        if by == "auto":
            by = timeline.choose(days)
        counted = _by_period(by, days, years, timeline.week_of)
        buckets = tuple(FacetValue(key, count) for key, count in timeline.fill(by, counted))
        shares = None
        if share:
            _, all_days, all_years = self._periods(MATCH_ALL)
            every = _by_period(by, all_days, all_years, timeline.week_of)
            shares = tuple(b.count / every[b.value] if every.get(b.value) else 0.0 for b in buckets)
        return Timeline(query, total, by, buckets, total - sum(counted.values()), shares=shares,
                        outliers=timeline.outliers(days), peaks=timeline.peaks(buckets))

    def _periods(self, query: dict[str, Any]) -> tuple[int, dict[str, int], dict[int, int]]:
        """Total, articles per day (dated ones), and per year (``period``: the date's year,
        or the collection's year of an undated article, as the local ``year`` field)."""
        body = {
            "query": query, "track_total_hits": True, "size": 0,
            "aggs": {
                "days": {"date_histogram": {"field": "date", "calendar_interval": "day", "format": "yyyy-MM-dd",
                                            "min_doc_count": 1}},
                "years": {"date_histogram": {"field": "period", "calendar_interval": "year", "format": "yyyy",
                                             "min_doc_count": 1}},
            },
        }
        answer = self._search(body)
        aggs = answer["aggregations"]
        days = {b["key_as_string"]: b["doc_count"] for b in aggs["days"]["buckets"]}
        years = {int(b["key_as_string"]): b["doc_count"] for b in aggs["years"]["buckets"]}
        return answer["hits"]["total"]["value"], days, years

    def stats(self, top: int = 10) -> dict[str, Any]:
        """What the index holds, in the shape of :func:`index.stats.index_stats`."""
        def terms(field: str, **extra: Any) -> dict[str, Any]:
            return {"terms": {"field": field, "size": top, "order": [{"_count": "desc"}, {"_key": "asc"}], **extra}}

        answer = self._search({
            "size": 0, "track_total_hits": True,
            "aggs": {
                "first": {"min": {"field": "date", "format": "yyyy-MM-dd"}},
                "last": {"max": {"field": "date", "format": "yyyy-MM-dd"}},
                "undated": {"missing": {"field": "date"}},
                "years": {"date_histogram": {"field": "date", "calendar_interval": "year", "format": "yyyy",
                                             "min_doc_count": 1}},
                "sources": terms("source", missing="(unknown)"),
                "leaders": terms("leaders"),
                "people": terms("people"),
            },
        })
        aggs = answer["aggregations"]
        files = self._search({"size": 0, "track_total_hits": True, "query": {"term": {"kind": "file"}},
                              "aggs": {"articles": {"sum": {"field": "locations"}},
                                       "built": {"max": {"field": "built"}}}}, index=self.url.manifest)
        sizes = self._call(self.client.indices.stats, index=self.url.index, metric="store")
        mapping = self._call(self.client.indices.get_mapping, index=self.url.index)
        meta = next(iter(mapping.values()))["mappings"].get("_meta", {})
        documents = answer["hits"]["total"]["value"]

        def top_values(name: str) -> list[dict[str, Any]]:
            return [{"name": b["key"], "documents": b["doc_count"]} for b in aggs[name]["buckets"]]

        return {
            "index": str(self.url),
            "generation": "cluster",
            "built": files["aggregations"]["built"].get("value_as_string"),
            "schema_version": meta.get("gazette_mapping"),
            "articles": int(files["aggregations"]["articles"]["value"] or 0),
            "documents": documents,
            "files": files["hits"]["total"]["value"],
            "size_bytes": sizes["_all"]["primaries"]["store"]["size_in_bytes"],
            "date_range": {"first": aggs["first"].get("value_as_string"), "last": aggs["last"].get("value_as_string")},
            "undated": aggs["undated"]["doc_count"],
            "years": {b["key_as_string"]: b["doc_count"] for b in aggs["years"]["buckets"]},
            "sources": top_values("sources"),
            "leaders": top_values("leaders"),
            "people": top_values("people"),
        }


def _record(stored: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": stored.get("id", ""),
        "headline": stored.get("headline") or "",
        "date": stored.get("date"),
        "year": stored.get("year"),
        "source": stored.get("source"),
        "collection": stored.get("collection"),
        "people": tuple(stored.get("people") or ()),
        "leaders": tuple(stored.get("leaders") or ()),
        "paths": tuple(stored.get("paths") or ()),
    }


def _with_filters(query: dict[str, Any], filters: list[dict[str, Any]]) -> dict[str, Any]:
    if not filters:
        return query
    return {"bool": {"must": [query] if query is not MATCH_ALL else [], "filter": filters}}


def _sort(order: str) -> list[Any]:
    """relevance: score, then newer first; date: oldest first; -date: newest first. Undated
    articles last; ties by id, so pages never overlap."""
    newest = {"date": {"order": "desc", "missing": "_last"}}
    if order == "relevance":
        return ["_score", newest, {"id": "asc"}]
    if order == "date":
        return [{"date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
    return [newest, {"id": "asc"}]


def _facets(names: Sequence[str], limit: int) -> dict[str, Any]:
    """A terms aggregation per facet, and the count of the articles without a value for the
    facets of one value per article."""
    aggs: dict[str, Any] = {}
    for name in names:
        field = FACET_FIELDS[name]
        aggs[name] = {"terms": {"field": field, "size": limit, "shard_size": max(SHARD_SIZE, limit),
                                "order": [{"_count": "desc"}, {"_key": "asc"}]}}
        if name in MISSING:
            aggs[f"{name}-missing"] = {"missing": {"field": field}}
    return aggs


def _facet_values(name: str, aggregations: dict[str, Any], limit: int) -> tuple[FacetValue, ...]:
    """The ``limit`` most frequent values (ties: in value order; periods in time order),
    then the articles without a value (as :func:`search.facets.top`)."""
    best = [(bucket["key"], bucket["doc_count"]) for bucket in aggregations[name]["buckets"]]
    best = heapq.nsmallest(limit, best, key=lambda item: (-item[1], item[0]))
    if name in TIME_FACETS:
        best.sort()
    found = tuple(FacetValue(value, count) for value, count in best)
    without = aggregations.get(f"{name}-missing", {}).get("doc_count", 0)
    return found + (FacetValue(MISSING[name], without),) if without > 0 else found


def _missing(field: str) -> dict[str, Any]:
    return {"bool": {"must_not": [{"exists": {"field": field}}]}}


def _asks_missing(field: str, value: Any) -> bool:
    """Whether a filter value names the articles without one (``undated``, ``(unknown)``)."""
    return str(value).strip().lower() == MISSING[field]


def _by_period(by: str, days: dict[str, int], years: dict[int, int], week_of: Any) -> dict[Any, int]:
    """Counts per year, month, week or day, from the counts per day (and per year)."""
    if by == "year":
        return dict(years)
    if by == "day":
        return dict(days)
    counted: dict[str, int] = {}
    for day, count in days.items():
        key = day[:7] if by == "month" else week_of(day)
        counted[key] = counted.get(key, 0) + count
    return counted


