"""The public entry point: open an index once, then search, show, find similar articles and
draw timelines as many times as needed."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from index.schema import split_names
from search import bitsets, facets as facet_counts
from search import feedback as feedback_module
from search.errors import ArticleNotFound, QueryError
from search.filters import filter_docs, undated_dropped
from search.matching import Clause, Evaluator
from search.names import NameTable
from search.query import TEXT_FIELDS, Parser
from search.ranking import Ranker
from search.requests import check_options, filter_args, with_notes
from search.results import Article, Hit, Results, Timeline
from search.snippets import Snippets
from search.view import IndexView


def _record(stored: dict[str, Any]) -> dict[str, Any]:
    """The :class:`search.results.Record` fields of a document's stored fields."""
    return {
        "id": stored.get("id", ""),
        "headline": stored.get("headline") or "",
        "date": stored.get("date"),
        "year": stored.get("year"),
        "source": stored.get("source"),
        "collection": stored.get("collection"),
        "people": split_names(stored.get("people")),
        "leaders": split_names(stored.get("leaders")),
        "paths": tuple(stored.get("paths") or ()),
    }


#: Queries of fewer words are ranked without feedback: a word or two name what they seek.
FEEDBACK_MIN_WORDS = 2


def _analyzer(schema: Any):
    analyzer = schema["body"].analyzer

    def analyze(word: str) -> str | None:
        for token in analyzer(word):
            return token.text
        return None

    return analyze


class Searcher:
    """Searches one index: ``Searcher(directory)`` reads the last committed state.

    Also accepts an already opened Whoosh index. Cheap to query many times: the document
    sets, posting lists and facet tables it builds are kept for its lifetime.
    """

    def __init__(self, index: Path | str | Any) -> None:
        if isinstance(index, (str, Path)):
            from index.store import generation_aliases, open_index

            directory = Path(index).expanduser()
            whoosh_index = open_index(directory)
            # Whoosh reads a compound segment through mmap by copying each part it opens
            # (postings, stored fields...) into memory: tens of milliseconds for a one-off
            # search. Plain reads at the offsets needed cost nothing up front.
            if hasattr(whoosh_index.storage, "supports_mmap"):
                whoosh_index.storage.supports_mmap = False
            generation = Path(whoosh_index.storage.folder)  # aliases of this generation, not the next
            self._aliases_source = lambda: generation_aliases(generation)
        else:
            whoosh_index = index
            self._aliases_source = dict
        self.view = IndexView(whoosh_index)
        self._evaluator = Evaluator(self.view)
        self._ranker = Ranker(self.view)
        self._tables: dict[str, NameTable] = {}
        self._parser = Parser(self.view.schema, self.table)
        self._analyze = _analyzer(self.view.schema)
        self._snippets = Snippets(self._analyze)
        self._suggester: Any = None

    def close(self) -> None:
        self.view.close()

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        return self.view.doc_count

    def table(self, field: str) -> NameTable:
        """People, leaders or sources in the index, findable under any spelling."""
        found = self._tables.get(field)
        if found is None:
            aliases = self._aliases_source if field in ("people", "leaders") else {}
            found = self._tables[field] = NameTable(field, self.view.values(field).values, aliases)
        return found

    # Searching -----------------------------------------------------------------------

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
        """Rank the articles matching ``query`` and the filters; count ``facets`` over all of them.

        ``match="auto"`` (the default) ranks the articles holding every bare word of the
        query first; when they are fewer than a page (``limit``), the articles holding some
        of the words follow them, ranked (``Results.relaxed`` says so). ``match="all"``
        requires every word, ``match="any"`` at least one; either way BM25F ranks first the
        articles holding more, and rarer, of the words. Operators, phrases and fields mean
        what they say in every mode. An empty query matches every article (newest first
        unless sorted otherwise). Raises :class:`QueryError` for a query or option that
        cannot be understood.
        """
        facet_names = check_options(limit, page, facet_limit, facets, sort)
        node = self._parser.parse(query, match)
        hits = self._evaluator.docs(node)
        filters = dict(person=person, leader=leader, year=year, date_from=date_from, date_to=date_to, source=source,
                       collection=collection)
        dropped = undated_dropped(self.view, self.table, hits, **filters)
        filtered = self._filters(**filters)
        if filtered is not None:
            hits &= filtered
        clauses = self._evaluator.clauses(node)
        more = 0
        if match == "auto" and hits.bit_count() < limit:
            looser = self._parser.relaxed(query)
            if looser is not None:
                more = self._evaluator.docs(looser) & ~hits
                if filtered is not None:
                    more &= filtered
        results = self._page(query, hits, clauses, limit, page, sort, facet_names, facet_limit, snippets, more,
                             feedback=True)
        if dropped:
            results = replace(results, undated_dropped=dropped)
        return with_notes(
            results, query, match, hits.bit_count(),
            suggest=lambda mode: self._suggest(query, filters, mode),
            count_any=lambda: self.count(query, match="any", **filters),
            stop_words=self._parser.stop_words_only,
        )

    def _suggest(self, query: str, filters: dict[str, Any], match: str) -> str | None:
        if self._suggester is None:
            from search.suggest import Suggester

            self._suggester = Suggester(self)
        return self._suggester.suggest(query, filters, match)

    def count(self, query: str = "", *, match: str = "all", **filters: Any) -> int:
        """How many articles match (no ranking, no snippets)."""
        hits = self._evaluator.docs(self._parser.parse(query, match))
        filtered = self._filters(**filter_args(filters))
        return (hits & filtered if filtered is not None else hits).bit_count()

    def _filters(self, person=(), leader=(), year=(), date_from=None, date_to=None, source=(), collection=()) -> int | None:
        return filter_docs(
            self.view, self.table, person=person, leader=leader, year=year,
            date_from=date_from, date_to=date_to, source=source, collection=collection,
        )

    def _page(
        self,
        query: str,
        hits: int,
        clauses: list[Clause],
        limit: int,
        page: int,
        sort: str,
        facet_names: tuple[str, ...],
        facet_limit: int,
        snippets: bool = True,
        more: int = 0,
        feedback: bool = False,
    ) -> Results:
        """One page of ``hits``, then of ``more`` (articles with some of the words, ranked
        after every one of ``hits``); facets count both. ``feedback``: rank each again with
        the words their best articles share (:mod:`search.feedback`)."""
        strict = hits.bit_count()
        every = hits | more
        total = every.bit_count()
        members: dict[int, list[int]] = {}

        def docs(bits: int = every) -> list[int]:
            if bits not in members:
                members[bits] = bitsets.members(bits)
            return members[bits]

        offset = (page - 1) * limit
        wanted = offset + limit
        chosen: list[tuple[int, float]] = []
        if total and wanted > 0 and offset < total:
            for tier, size in ((hits, strict), (more, total - strict)):
                if size and len(chosen) < wanted:
                    chosen += self._ordered(docs(tier), clauses, wanted - len(chosen), sort, feedback)
            chosen = chosen[offset:]
        terms = [clause.text for clause in clauses]
        found = tuple(self._hit(docnum, score, terms, snippets, bool(more >> docnum & 1)) for docnum, score in chosen)
        facets = {
            name: facet_counts.top(self.view, name, every, total, docs, facet_limit)
            for name in facet_names
        }
        relaxed = (strict, total - strict) if more else None
        return Results(query, total, page, limit, found, facets, relaxed=relaxed)

    def _ordered(self, docs: list[int], clauses: list[Clause], count: int, sort: str,
                 feedback: bool = False) -> list[tuple[int, float]]:
        """The first ``count`` of ``docs`` with their scores, by ``sort``."""
        if sort == "relevance" and clauses:
            scores = self._ranker.scores(clauses, docs)
            if feedback and len(clauses) >= FEEDBACK_MIN_WORDS and len(docs) > feedback_module.DOCS:
                top = [docnum for docnum, _ in self._ranker.top_by_score(scores, feedback_module.DOCS)]
                extra = feedback_module.expansion(self.view, self.view.schema["body"].analyzer, top, clauses)
                if extra:
                    scores = self._ranker.scores([*clauses, *extra], docs)
            return self._ranker.top_by_score(scores, count)
        order = self._ranker.top_by_date(docs, count, newest_first=(sort != "date"))
        scores = self._ranker.scores(clauses, order) if clauses else {}
        return [(d, scores.get(d, 0.0)) for d in order]

    def _hit(self, docnum: int, score: float, terms: list[str], snippets: bool, relaxed: bool = False) -> Hit:
        stored = self.view.stored(docnum)
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

    # Other views ---------------------------------------------------------------------

    def docnum(self, article_id: str) -> int:
        """The document number of an article id, or of a unique id prefix (4+ characters)."""
        article_id = article_id.strip()
        # Ids are hexadecimal: any other is in no index, and some (bytes that were not UTF-8
        # on the command line) could not even be looked up.
        plausible = article_id.isascii()
        docnum = self.view.docnum_of(article_id) if article_id and plausible else None
        if docnum is not None:
            return docnum
        if article_id and plausible:
            candidates = self.view.ids_with_prefix(article_id)
            if len(candidates) == 1 and len(article_id) >= 4:
                found = self.view.docnum_of(candidates[0])
                if found is not None:
                    return found
            elif candidates:
                fits = f"{len(candidates)} or more" if len(candidates) >= 10 else str(len(candidates))
                raise ArticleNotFound(
                    f"the id prefix {article_id!r} fits {fits} {'articles' if fits != '1' else 'article'} "
                    f"({', '.join(candidates[:5])}{', ...' if len(candidates) > 5 else ''}); give more characters"
                    + (" (at least 4)" if len(article_id) < 4 else "")
                )
        raise ArticleNotFound(f"no article with id {article_id!r} in the index; ids are shown by `gazette search`")

    def marker(self, query: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
        """Where the words of ``query`` fall in a text, as search matches them
        (:func:`search.highlight.query_marker`). Raises QueryError for a bad query."""
        from search.highlight import query_marker

        return query_marker(self, query)

    def show(self, article_id: str) -> Article:
        """The whole article with that id (or unique id prefix)."""
        stored = self.view.stored(self.docnum(article_id))
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
        """Articles most like this one: its key terms (by tf-idf), ranked by BM25F."""
        from search.similar import key_terms

        facet_names = check_options(limit, page, facet_limit, facets)
        docnum = self.docnum(article_id)
        stored = self.view.stored(docnum)
        clauses = [Clause(text, TEXT_FIELDS, weight) for text, weight in key_terms(self, stored)]
        hits = 0
        for clause in clauses:
            for field in clause.fields:
                hits |= self.view.term_set(field, clause.text)
        hits &= self.view.live & ~(1 << docnum)
        filtered = self._filters(**filter_args(filters))
        if filtered is not None:
            hits &= filtered
        return self._page(f"similar:{stored.get('id')}", hits, clauses, limit, page, "relevance", facet_names, facet_limit)

    def timeline(self, query: str = "", *, by: str = "year", share: bool = False, **filters: Any) -> Timeline:
        """Matching articles per day, week, month or year (``auto``: chosen from the span of
        the dates), every period from the first to the last; ``share`` adds each period's
        share of all articles. Outliers and peaks are reported (:mod:`search.timeline`)."""
        from search import timeline

        if by not in timeline.PERIODS:
            raise QueryError(f"cannot draw a timeline by {by!r}", "use --by " + ", ".join(timeline.PERIODS), "--by")
        hits = self._evaluator.docs(self._parser.parse(query))
        filtered = self._filters(**filter_args(filters))
        if filtered is not None:
            hits &= filtered
        return timeline.build(self.view, query, hits, by, share)


def open(directory: Path | str) -> Searcher:  # noqa: A001 - search.open(dir) reads well
    """Open the index at ``directory`` for searching."""
    return Searcher(directory)
