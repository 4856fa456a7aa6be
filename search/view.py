"""A read-only view of one committed index generation, with the caches search needs.

Whoosh answers "which documents hold this term" one posting at a time in Python. Gazette
reads each posting list once, in whole blocks, keeps it (ids and weights), and turns it
into a document set (:mod:`search.bitsets`) on demand. Everything here is cached for the
life of the view: one view per opened index, many queries per view.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cached_property
from itertools import chain
from typing import Any, Iterable

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from search import bitsets, tables
from search.cache import LRU

#: Memory (bytes, estimated) for cached posting lists and for cached term document sets;
#: the least recently used go first.
POSTINGS_BUDGET = 96 << 20
SETS_BUDGET = 64 << 20


class DocTable:
    """Which values (indexes into the sorted values) each document has.

    ``first[doc]`` is the document's first value in sort order (-1: none) and ``more`` holds
    the other values of the few documents with several: compact (an array), quick to save
    and load (:mod:`search.tables`), and counted at C speed.
    """

    def __init__(self, first: array, more: dict[int, tuple[int, ...]]) -> None:
        self.first = first
        self.more = more

    def tally(self, docs: list[int]) -> Counter:
        """``Counter(value index -> documents)`` over ``docs``."""
        if len(self.more) * 8 > len(self.first):  # many documents with several values
            if "rows" in self.__dict__ or len(docs) * 32 > len(self.first):
                return Counter(chain.from_iterable(map(self.rows.__getitem__, docs)))
            # A few hits: cheaper than building every document's row (57 ms on 200,000
            # articles, most of a cold `gazette search`).
            first, get = self.first, self.more.get
            return Counter(chain.from_iterable((first[d],) + get(d, ()) for d in docs if first[d] >= 0))
        counted = Counter(map(self.first.__getitem__, docs))
        counted.pop(-1, None)
        if self.more:
            more = self.more
            counted.update(chain.from_iterable(map(more.__getitem__, more.keys() & set(docs))))
        return counted

    @cached_property
    def rows(self) -> list[tuple[int, ...]]:
        """Every document's values as one tuple (built on first need, kept in memory)."""
        more = self.more
        return [(first,) + more.get(doc, ()) if first >= 0 else () for doc, first in enumerate(self.first)]


class FieldValues:
    """The distinct values of an exact-value field (people, leaders, source, year, month,
    date), sorted, with the document set of each one built when first asked for."""

    def __init__(
        self,
        view: "IndexView",
        field: str,
        saved: tuple[list[Any], DocTable] | None = None,
    ) -> None:
        self.view = view
        self.field = field
        self._fieldobj = view.schema[field]
        if saved is not None:  # from the tables saved beside the index
            self.values, self.__dict__["table"] = saved
        else:
            fieldobj = self._fieldobj
            self.values = sorted(fieldobj.from_bytes(b) for b in fieldobj.sortable_terms(view.reader, field))
        self._known = set(self.values)
        self._built: set[Any] = set()
        #: How many times facets were counted over this field (see search.facets).
        self.uses = 0

    def __contains__(self, value: Any) -> bool:
        return value in self._known

    def all_built(self) -> bool:
        """Whether every value's document set was built (and is likely still cached)."""
        return len(self._built) == len(self.values)

    def docs(self, value: Any) -> int:
        """The document set of ``value`` (empty when the index has no such value).

        Kept in the view's cache of term sets, bounded in memory: a long-running process asked
        for thousands of people or dates does not keep every set (each up to size/8 bytes)."""
        if value not in self._known:
            return 0
        self._built.add(value)
        return self.view.term_set_bytes(self.field, self._fieldobj.to_bytes(value))

    def union(self, values: Iterable[Any]) -> int:
        result = 0
        for value in values:
            result |= self.docs(value)
        return result

    def between(self, low: Any, high: Any) -> list[Any]:
        """Values ``v`` with ``low <= v <= high`` (``None`` leaves that end open)."""
        start = 0 if low is None else bisect_left(self.values, low)
        stop = len(self.values) if high is None else bisect_right(self.values, high)
        return self.values[start:stop]

    @cached_property
    def table(self) -> DocTable:
        """For each document number, the indexes (into :attr:`values`) of its values."""
        first = array("i", [-1]) * self.view.size
        more: dict[int, tuple[int, ...]] = {}
        to_bytes = self._fieldobj.to_bytes
        for index, value in enumerate(self.values):  # in sort order: first is the smallest
            # Straight from disk: these lists are read once, not worth a place in the cache.
            for docnum in self.view._read_postings(self.field, to_bytes(value))[0]:
                if first[docnum] < 0:
                    first[docnum] = index
                else:
                    more[docnum] = more.get(docnum, ()) + (index,)
        table = DocTable(first, more)
        self.view.remember(self.field, self.values, table)
        return table

    @property
    def rank(self) -> array:
        """For each document number, the position of its first value in sort order (-1: none)."""
        return self.table.first


#: Document frequencies remembered (entries: about 100 bytes each).
FREQUENCIES = 100_000


class IndexView:
    """One searcher over a Whoosh index plus Gazette's caches (term sets, field values)."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self.reader = self.searcher.reader()
        self.size = self.reader.doc_count_all()
        self.doc_count = self.reader.doc_count()
        self.leaves = list(self.reader.leaf_readers())
        self._postings = LRU(POSTINGS_BUDGET, lambda pair: 64 + 8 * len(pair[0]))
        self._sets = LRU(SETS_BUDGET, lambda bits: 64 + bits.bit_length() // 8)
        self._values: dict[str, FieldValues] = {}
        self._saved: dict[str, Any] | None = None
        self._lengths: dict[str, tuple[bytes, list[float]]] = {}
        self._stored = LRU(512)
        self._frequencies = LRU(FREQUENCIES)

    def close(self) -> None:
        self.searcher.close()

    @cached_property
    def live(self) -> int:
        """Every document that is not deleted."""
        docs = bitsets.full(self.size)
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                deleted = getattr(leaf, "deleted_docs_set", None)
                if deleted is None:
                    deleted = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
                docs &= ~bitsets.from_ids((offset + d for d in deleted), self.size)
        return docs

    # Terms -----------------------------------------------------------------------------

    def to_bytes(self, field: str, text: Any) -> bytes:
        return self.schema[field].to_bytes(text)

    def postings(self, field: str, text: Any) -> tuple[array, array]:
        return self.postings_bytes(field, self.to_bytes(field, text))

    def postings_bytes(self, field: str, btext: bytes) -> tuple[array, array]:
        """Document numbers and weights (term frequency times field boost) of one term."""
        return self._postings.get_or((field, btext), lambda: self._read_postings(field, btext))

    def _read_postings(self, field: str, btext: bytes) -> tuple[array, array]:
        ids = array("i")
        weights = array("f")
        fmt = self.schema[field].format
        for leaf, offset in self.leaves:
            if (field, btext) not in leaf:
                continue
            terms = getattr(leaf, "_terms", None)
            matcher = terms.matcher(field, btext, fmt) if terms is not None else leaf.postings(field, btext)
            if hasattr(matcher, "_read_ids"):  # Whoosh 3 codec: read whole blocks
                while matcher.is_active():
                    matcher._read_ids()
                    matcher._read_weights()
                    block = matcher._ids
                    ids.extend(block if not offset else [offset + d for d in block])
                    weights.extend(matcher._weights)
                    matcher._next_block()
            else:  # any other codec: one posting at a time
                while matcher.is_active():
                    ids.append(offset + matcher.id())
                    weights.append(matcher.weight())
                    matcher.next()
        return ids, weights

    def term_set(self, field: str, text: Any) -> int:
        return self.term_set_bytes(field, self.to_bytes(field, text))

    def term_set_bytes(self, field: str, btext: bytes) -> int:
        return self._sets.get_or(
            (field, btext), lambda: bitsets.from_ids(self.postings_bytes(field, btext)[0], self.size)
        )

    def doc_frequency(self, field: str, text: Any) -> int:
        """Documents holding the term, remembered: feedback weighs hundreds of words per
        query, and the same common words come back query after query."""
        return self._frequencies.get_or((field, text), lambda: self.reader.doc_frequency(field, self.to_bytes(field, text)))

    # Fields ----------------------------------------------------------------------------

    def values(self, field: str) -> FieldValues:
        found = self._values.get(field)
        if found is None:
            if self._saved is None:
                self._saved = tables.load(self)
            found = self._values[field] = FieldValues(self, field, self._saved.get(field))
        return found

    def has_table(self, field: str) -> bool:
        """Whether the per-document table of ``field`` is at hand (built or saved)."""
        if self._saved is None:
            self._saved = tables.load(self)
        return field in self._saved or "table" in self.values(field).__dict__

    def has_values(self, field: str) -> bool:
        """Whether the values of ``field`` are already at hand (no reading needed)."""
        return field in self._values

    def remember(self, field: str, values: list[Any], table: DocTable) -> None:
        """Save a freshly built per-document table beside the index for later processes."""
        if self._saved is None:
            self._saved = tables.load(self)
        self._saved[field] = (values, table)
        tables.save(self, {field: (values, table)})

    def lengths(self, field: str) -> tuple[bytes, list[float]]:
        """One length byte per document for ``field`` and the table decoding a byte into
        ``length / average length``."""
        found = self._lengths.get(field)
        if found is None:
            parts = []
            name = _lenfield(field)
            for leaf, _ in self.leaves:
                count = leaf.doc_count_all()
                column = leaf._perdoc._cached_reader(name, LENGTHS_COLUMN) if hasattr(leaf, "_perdoc") else None
                if column is None:
                    data = bytes(count)
                else:
                    stored = min(column._count, count)
                    data = column._dbfile.get(column._basepos, stored) + bytes(count - stored)
                parts.append(data)
            average = (self.reader.field_length(field) / self.doc_count) if self.doc_count else 1.0
            average = average or 1.0
            table = [byte_to_length(i) / average for i in range(256)]
            found = self._lengths[field] = (b"".join(parts), table)
        return found

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a document (the last few hundred are kept)."""
        return self._stored.get_or(docnum, lambda: self.searcher.stored_fields(docnum))

    def docnum_of(self, article_id: str) -> int | None:
        ids, _ = self.postings("id", article_id)
        for docnum in ids:
            if self.live >> docnum & 1:
                return docnum
        return None

    def ids_with_prefix(self, prefix: str, limit: int = 10) -> list[str]:
        found = []
        for btext in self.reader.expand_prefix("id", prefix):
            found.append(btext.decode() if isinstance(btext, bytes) else btext)
            if len(found) >= limit:
                break
        return found

