"""Which documents a parsed query matches (as a document set), and which terms score them.

A query is evaluated over cached per-term document sets: AND is ``&``, OR is ``|``, NOT is
``& ~``. Only phrases (which need positions) go through Whoosh's own matchers.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Iterable

from whoosh import query as wq

from search import bitsets
from search.cache import LRU
from search.errors import QueryError
from search.expand import Lexicon, pattern_text
from search.query import MAX_BOOST, MAX_PHRASE_WORDS, MAX_TERMS, TEXT_FIELDS, DateSpan
from search.view import IndexView

#: Terms of a prefix, wildcard or fuzzy query that take part in scoring (the most frequent).
SCORED_EXPANSIONS = 30
#: Terms a fuzzy term stands for in each field, the nearest (Elasticsearch's max_expansions):
#: ``oil~2`` is near 600 words of Reuters, most of them unrelated short words.
FUZZY_EXPANSIONS = 50


@dataclass(frozen=True)
class Clause:
    """One scored term: ``text`` (analyzed) looked up in ``fields``, weighted by ``boost``."""

    text: str
    fields: tuple[str, ...]
    boost: float = 1.0


def _month_end(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def date_span(view: IndexView, low: str | None, high: str | None) -> int:
    """Documents dated from ``low`` to ``high`` (ISO, inclusive), as whole years and
    months where the span covers them, so that a wide span costs a few unions."""
    years, months, dates = view.values("year"), view.values("month"), view.values("date")
    whole_years = {
        y for y in years.values
        if (low is None or f"{y:04d}-01-01" >= low) and (high is None or f"{y:04d}-12-31" <= high)
    }
    whole_months = {
        m for m in months.between(low[:7] if low else None, high[:7] if high else None)
        if int(m[:4]) not in whole_years
        and (low is None or f"{m}-01" >= low) and (high is None or _month_end(m) <= high)
    }
    days = [d for d in dates.between(low, high) if int(d[:4]) not in whole_years and d[:7] not in whole_months]
    return years.union(whole_years) | months.union(whole_months) | dates.union(days)


def year_span(view: IndexView, first: int | None, last: int | None) -> int:
    years = view.values("year")
    return years.union(years.between(first, last))


class Evaluator:
    """Turns parsed queries into document sets and scoring clauses for one view."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        self._expanded = LRU(2048)
        self._lexicon = Lexicon(view)
        # What the query being matched costs: words its patterns stand for, and its phrases.
        self._expanded_words: set[str] = set()
        self._phrases: set[tuple[str, ...]] = set()
        self._positional = LRU(16 << 20, lambda bits: 64 + bits.bit_length() // 8)

    # Matching ------------------------------------------------------------------------

    def docs(self, node: wq.Query | None) -> int:
        """The live documents ``node`` matches (every live document for ``None``)."""
        if node is None:
            return self.view.live
        self._expanded_words = set()
        self._phrases = set()
        return self._docs(node) & self.view.live

    def _docs(self, node: wq.Query) -> int:
        view = self.view
        if isinstance(node, wq.Term):
            return view.term_set(node.fieldname, node.text)
        if isinstance(node, wq.And):
            positive = [c for c in node.subqueries if not isinstance(c, wq.Not)]
            negative = [c.query for c in node.subqueries if isinstance(c, wq.Not)]
            result = view.live
            for child in sorted((self._docs(c) for c in positive), key=int.bit_length):
                result &= child
                if not result:
                    return 0
            for child in negative:
                result &= ~self._docs(child)
            return result
        if isinstance(node, wq.Or):
            result = 0
            for child in node.subqueries:
                result |= self._docs(child)
            return result
        if isinstance(node, wq.Not):
            return view.live & ~self._docs(node.query)
        if isinstance(node, wq.AndNot):
            return self._docs(node.a) & ~self._docs(node.b)
        if isinstance(node, (wq.AndMaybe, wq.Otherwise)):
            return self._docs(node.a)
        if isinstance(node, wq.Require):
            return self._docs(node.a) & self._docs(node.b)
        if isinstance(node, DateSpan):
            return date_span(view, node.low, node.high)
        if isinstance(node, wq.NumericRange) and node.fieldname == "year":
            first = None if node.start is None else node.start + (1 if node.startexcl else 0)
            last = None if node.end is None else node.end - (1 if node.endexcl else 0)
            return year_span(view, first, last)
        if isinstance(node, wq.Every):
            return view.live
        if isinstance(node, wq.MultiTerm) and not isinstance(node, wq.TermRange):
            texts = self.expansions(node)
            self._expanded_words.update(texts)
            if len(self._expanded_words) > MAX_TERMS:
                raise QueryError(
                    f"the query's wildcards and fuzzy terms stand for more than {MAX_TERMS:,} words of the index",
                    "make them more specific (more letters before the *), or use fewer of them",
                )
            result = 0
            for text in texts:
                result |= view.term_set(node.fieldname, text)
            return result
        if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
            return 0
        return self._whoosh_docs(node)

    def _whoosh_docs(self, node: wq.Query) -> int:
        """Phrases and anything else positional, segment by segment.

        A phrase can only match where all its words do: when the word sets (cached) do not
        meet, nothing is read. A plain phrase (slop 1) is matched by :meth:`_phrase_docs`;
        others go to Whoosh's matcher. Answers are cached like term sets (the query cache
        of Lucene does the same for repeated clauses).
        """
        candidates = self.view.live
        if isinstance(node, wq.Phrase):
            self._phrases.add(tuple(node.words))
            if sum(map(len, self._phrases)) > MAX_PHRASE_WORDS:
                raise QueryError(
                    f"the query's phrases hold more than {MAX_PHRASE_WORDS} words",
                    "quote the few words that must be together; leave the others unquoted",
                )
            for word in node.words:
                candidates &= self.view.term_set(node.fieldname, word)
                if not candidates:
                    return 0

        def read() -> int:
            if isinstance(node, wq.Phrase) and node.slop == 1 and node.words:
                return self._phrase_docs(node.fieldname, node.words, candidates)
            ids: list[int] = []
            for searcher, offset in self.view.searcher.leaf_searchers():
                matcher = node.matcher(searcher)
                ids.extend(offset + docnum for docnum in matcher.all_ids())
            return bitsets.from_ids(ids, self.view.size)

        return self._positional.get_or(repr(node), read)

    def _phrase_docs(self, field: str, words: list[str], candidates: int) -> int:
        """The ``candidates`` (documents holding every word) where ``words`` follow each
        other.

        Whoosh nests one matcher per word and walks every document holding them all: seconds
        for a few of Reuters' commonest words, quadratic in a phrase's length. Here each
        candidate reads the positions of each distinct word, rarest first, and is dropped
        as soon as no start position is left.
        """
        view = self.view
        at: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            at.setdefault(word, []).append(index)
        order = sorted(at, key=lambda word: view.term_set(field, word).bit_count())
        found: list[int] = []
        members = bitsets.members(candidates)
        for leaf, offset in view.leaves:
            end = offset + leaf.doc_count_all()
            docs = [doc - offset for doc in members if offset <= doc < end]
            if not docs:
                continue
            matchers = [(leaf.postings(field, view.to_bytes(field, word)), at[word]) for word in order]
            for doc in docs:
                starts: set[int] | None = None
                for matcher, indexes in matchers:
                    matcher.skip_to(doc)
                    positions = matcher.value_as("positions")
                    # Starts this word allows: one where it sits at each of its places.
                    allowed = {p - indexes[0] for p in positions}
                    for index in indexes[1:]:
                        allowed &= {p - index for p in positions}
                    starts = allowed if starts is None else starts & allowed
                    if not starts:
                        break
                if starts:
                    found.append(offset + doc)
        return bitsets.from_ids(found, view.size)

    def expansions(self, node: wq.MultiTerm) -> list[str]:
        """The index terms a prefix, wildcard or fuzzy term stands for, most frequent first.

        Raises :class:`QueryError` when they are more than :data:`MAX_TERMS`.
        """
        key = (type(node).__name__, repr(node))

        def expand() -> list[str]:
            fuzzy = isinstance(node, wq.FuzzyTerm)
            texts = self._lexicon.expand(node, FUZZY_EXPANSIONS if fuzzy else MAX_TERMS)
            if len(texts) > MAX_TERMS:
                raise QueryError(
                    f"{pattern_text(node)} stands for more than {MAX_TERMS:,} words of the index",
                    "give more letters before the * (denucl*), or fewer wildcards",
                )
            field = node.fieldname
            return sorted(texts, key=lambda t: -self.view.term_set(field, t).bit_count())

        return self._expanded.get_or(key, expand)

    # Scoring -------------------------------------------------------------------------

    def clauses(self, node: wq.Query | None) -> list[Clause]:
        """The scored terms of ``node``: each analyzed word once, with every text field it
        was asked for (so BM25F can combine headline, body and names)."""
        found: dict[str, tuple[set[str], float]] = {}
        if node is not None:
            self._collect(node, 1.0, found)
        return [Clause(text, tuple(f for f in TEXT_FIELDS if f in fields), boost) for text, (fields, boost) in found.items()]

    def _collect(self, node: wq.Query, boost: float, found: dict[str, tuple[set[str], float]]) -> None:
        # Capped: boosts multiply through nested groups, ((oil^1000)^1000)^1000..., and a
        # score must stay a finite number (JSON has no Infinity).
        boost = min(boost * (getattr(node, "boost", 1.0) or 1.0), MAX_BOOST)
        field = getattr(node, "fieldname", None)

        def add(words: Iterable[str]) -> None:
            for word in words:
                fields, best = found.get(word, (set(), 0.0))
                fields.add(field)
                found[word] = (fields, max(best, boost))

        if isinstance(node, wq.Not):
            return
        if isinstance(node, (wq.AndNot, wq.Otherwise)):
            self._collect(node.a, boost, found)
            return
        if field in TEXT_FIELDS:
            if isinstance(node, wq.Term):
                add([node.text])
            elif isinstance(node, wq.Phrase):
                add(node.words)
            elif isinstance(node, wq.MultiTerm) and not isinstance(node, wq.TermRange):
                add(self.expansions(node)[:SCORED_EXPANSIONS])
            return
        if not node.is_leaf():
            for child in node.children():
                self._collect(child, boost, found)
