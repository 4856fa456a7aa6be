"""A faster way for Whoosh to write a segment's postings: grouped by term, written in blocks.

Whoosh's :class:`~whoosh.writing.SegmentWriter` puts every posting into a sorting pool as a
``(field, term, docnum, weight, value)`` tuple, estimates its size, spills runs of pickled
tuples to disk past ``limitmb``, merges them back one posting at a time, and hands each
posting to the codec with a call that type-checks it. On Reuters that machinery is about
three quarters of indexing time, far more than analysing the text.

:class:`TermPool` keeps a flat list per field and term instead (the docnums arrive in
increasing order, so nothing needs sorting but the terms), spills whole sorted term lists
when it holds more than its memory budget, and merges runs term by term.
:class:`PoolSegmentWriter` writes each term's postings a block of up to 128 at a time, in
Whoosh's W3 format but encoded more compactly (see :func:`_write_block` and
:func:`_inline_term`): Whoosh's own reader reads the segments unchanged, and a test
compares everything a reader sees with what Whoosh's writer gives.
"""
from __future__ import annotations

import heapq
import os
import pickle
import shutil
import zlib
from array import array
from typing import Any, Callable, Iterable, Iterator

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo, length_to_byte
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from index.analysis import NewsAnalyzer, NewsPositions
from index.whoosh_fixes import LENGTH_OF_BYTE, length_column

#: Rough bytes of memory per pooled posting (list slots, a float, a value string).
POSTING_BYTES = 120

#: Blocks shorter than this are never worth deflating.
MIN_DEFLATE = 40

#: From this many postings a block's weights are stored as an array of floats.
ARRAY_WEIGHTS = 16

Key = tuple[str, bytes]


class TermPool:
    """Postings grouped by field and term, in the order they were added.

    Has the interface of Whoosh's ``PostingPool`` that writers use (``add``, ``fieldnames``,
    ``iter_postings``, ``cleanup``) plus :meth:`add_terms`, :meth:`add_positions` and
    :meth:`iter_terms`.
    """

    def __init__(self, tempdir: str, limitmb: float = 128) -> None:
        self.tempdir = tempdir
        self.limit = max(1, limitmb * 1024 * 1024 // POSTING_BYTES)
        self._fields: dict[str, dict[bytes, list[Any]]] = {}
        self._count = 0
        self._runs: list[str] = []

    @property
    def fieldnames(self) -> set[str]:
        return set(self._fields)

    def add_terms(
        self, fieldname: str, docnum: int, items: Iterable[tuple[bytes, int, float, bytes | None]], boost: float
    ) -> int:
        """Add one document's ``(term, frequency, weight, value)`` postings in a field, weights
        times ``boost``; returns the sum of the frequencies (the document's length there)."""
        terms = self._fields.setdefault(fieldname, {})
        length = count = 0
        for tbytes, freq, weight, vbytes in items:
            flat = terms.get(tbytes)
            if flat is None:
                terms[tbytes] = [docnum, weight * boost, vbytes]
            else:
                flat += (docnum, weight * boost, vbytes)
            length += freq
            count += 1
        self._added(count)
        return length

    def add_positions(
        self, fieldname: str, docnum: int, table: dict[str, list[int]], boost: float, encode: Callable[[list[int]], bytes]
    ) -> int:
        """:meth:`add_terms` for a word -> positions table: weight = frequency * ``boost``,
        value = ``encode(positions)``."""
        terms = self._fields.setdefault(fieldname, {})
        length = 0
        for word, positions in table.items():
            tbytes = word.encode("utf-8")
            freq = len(positions)
            flat = terms.get(tbytes)
            if flat is None:
                terms[tbytes] = [docnum, freq * boost, encode(positions)]
            else:
                flat += (docnum, freq * boost, encode(positions))
            length += freq
        self._added(len(table))
        return length

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add one ``(field, term, docnum, weight, value)`` posting; docnums must not decrease
        within a term."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_terms(fieldname, docnum, ((tbytes, 0, weight, vbytes),), 1.0)

    def _added(self, count: int) -> None:
        self._count += count
        if self._count >= self.limit:
            self._spill()

    def _sorted(self) -> Iterator[tuple[Key, list[Any]]]:
        """The pooled terms in order, emptying the pool."""
        fields, self._fields, self._count = self._fields, {}, 0
        for fieldname in sorted(fields):
            terms = fields.pop(fieldname)
            for tbytes in sorted(terms):
                yield (fieldname, tbytes), terms.pop(tbytes)

    def _spill(self) -> None:
        os.makedirs(self.tempdir, exist_ok=True)
        path = os.path.join(self.tempdir, f"terms-{os.getpid()}-{len(self._runs)}.run")
        with open(path, "wb") as handle:
            for pair in self._sorted():
                pickle.dump(pair, handle, pickle.HIGHEST_PROTOCOL)
        self._runs.append(path)

    def iter_terms(self) -> Iterator[tuple[Key, list[Any]]]:
        """Each (field, term) in sorted order with its postings as a flat
        ``[docnum, weight, value, docnum, weight, value, ...]`` list."""
        if not self._runs:
            yield from self._sorted()
            return
        if self._fields:
            self._spill()
        merged = heapq.merge(*(_read_run(path) for path in self._runs), key=lambda pair: pair[0])
        key, flat = next(merged, (None, None))
        for next_key, next_flat in merged:
            if next_key == key:
                flat += next_flat  # runs are in the order postings arrived: docnums still increase
            else:
                yield key, flat
                key, flat = next_key, next_flat
        if key is not None:
            yield key, flat

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for (fieldname, tbytes), flat in self.iter_terms():
            for index in range(0, len(flat), 3):
                yield fieldname, tbytes, flat[index], flat[index + 1], flat[index + 2]

    def cleanup(self) -> None:
        for path in self._runs:
            try:
                os.remove(path)
            except OSError:
                pass
        self._runs = []
        self._fields = {}


def _read_run(path: str) -> Iterator[tuple[Key, list[Any]]]:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


class PoolSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with a :class:`TermPool` and block-at-a-time posting writes."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(os.path.join(self.storage.folder, f"{self.newsegment.segment_id()}.pool"), limitmb)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document`` (same postings, stored values, lengths and
        columns) without a tuple and a call per posting; the text fields of
        :class:`index.analysis.NewsPositions` are analysed in one pass."""
        if any(field.separate_spelling() or field.vector for field in self.schema):
            return super().add_document(**fields)  # what Gazette's schema never needs
        self._check_state()
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        docboost = self._doc_boost(fields)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = self._index(name, field, value, docnum, self._field_boost(fields, name, docboost))
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, name: str, field: Any, value: Any, docnum: int, boost: float) -> int:
        fmt, analyzer = field.format, getattr(field, "analyzer", None)
        if isinstance(fmt, NewsPositions) and isinstance(analyzer, NewsAnalyzer) and isinstance(value, str):
            return self.pool.add_positions(name, docnum, analyzer.positions(value), fmt.field_boost * boost, fmt.encode)
        return self.pool.add_terms(name, docnum, field.index(value), boost)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            write_terms(self.fieldwriter, self.schema, lengths, self.pool.iter_terms())
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _close_segment(self) -> None:
        super()._close_segment()
        shutil.rmtree(self.pool.tempdir, ignore_errors=True)


def write_terms(fieldwriter: Any, schema: Any, lengths: Any, terms: Iterator[tuple[Key, list[Any]]]) -> None:
    """Write sorted ``(field, term) -> flat postings`` with a W3 field writer.

    Fills the codec's posting block buffers directly, with what its ``add_posting`` would put
    there, and encodes each block as :func:`_write_block` says. A term with one posting (63%
    of Reuters' terms: every article id, most rare words) is stored inside its term record,
    as Whoosh's ``inlinelimit`` means to do (its own writer cannot: it calls a method the
    term info does not have), which saves a block and a seek per such term.
    """
    fieldname = None
    column: bytes | None = None
    for (name, tbytes), flat in terms:
        if name != fieldname:
            if fieldname is not None:
                fieldwriter.finish_field()
            fieldname = name
            fieldwriter.start_field(name, schema[name])
            column = length_column(lengths, name)
        fieldwriter.start_term(tbytes)
        postings = fieldwriter._postwriter
        if len(flat) == 3:
            _fill_block(postings, flat, column)
            _inline_term(fieldwriter, postings)
            continue
        size = postings._blocklimit * 3
        for start in range(0, len(flat), size):
            _fill_block(postings, flat[start:start + size], column)
            _write_block(postings, last=start + size >= len(flat))
        fieldwriter.finish_term()
    if fieldname is not None:
        fieldwriter.finish_field()


def _inline_term(fieldwriter: Any, postings: Any) -> None:
    """Finish the current term with its buffered postings inside the term record (what
    ``W3TermInfo.to_bytes`` writes for inlined postings, pickled with protocol 5)."""
    terminfo = postings._terminfo
    terminfo.add_block(postings)
    postings._terminfo = None
    header = W3TermInfo._struct.pack(
        True,
        terminfo._weight,
        terminfo._df,
        length_to_byte(terminfo._minlength),
        length_to_byte(terminfo._maxlength),
        terminfo._maxweight,
        terminfo._minid,
        terminfo._maxid,
    )
    inlined = (tuple(postings._ids), tuple(postings._weights), tuple(postings._values))
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + fieldwriter._btext, header + pickle.dumps(inlined, 5))
    postings._new_block()


def _write_block(postings: Any, last: bool) -> None:
    """Whoosh's ``W3PostingsWriter._write_block``, with three changes its reader needs no
    help for: the block is pickled with protocol 5 (protocol 2 pickles each bytes value as a
    ``codecs.encode`` call, ~20 bytes and a call to read per posting); it is deflated only
    when that makes it shorter (the reader follows each block's own flag); and weights of
    many postings are a float array."""
    postfile = postings._postfile
    if not postings._blockcount:
        postfile.write(WHOOSH3_HEADER_MAGIC)
    postings._terminfo.add_block(postings)
    data = pickle.dumps((postings._mini_ids(), _mini_weights(postings._weights), postings._mini_values()), 5)
    compression = 0
    if len(data) >= MIN_DEFLATE:
        deflated = _deflate(data, postings._compression)
        if len(deflated) < len(data):
            data, compression = deflated, postings._compression
    ids = postings._ids
    info = pickle.dumps(
        (
            len(ids),
            ids[-1],
            postings._maxweight,
            compression,
            length_to_byte(postings._minlength),
            length_to_byte(postings._maxlength),
        ),
        2,
    )
    size = len(info) + len(data)
    postfile.write_int(-size if last else size)
    postfile.write(info)
    postfile.write(data)
    postings._blockcount += 1
    postings._new_block()


def _mini_weights(weights: array) -> Any:
    """Whoosh's block weights (None when all are 1, one float when all are equal), kept as a
    float array past a few postings: 4 bytes per weight instead of a pickled float's 9."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return weights if len(weights) >= ARRAY_WEIGHTS else tuple(weights)


def _deflate(data: bytes, level: int) -> bytes:
    """``zlib.compress(data, level)`` with a window sized for ``data``: the same stream format
    (``zlib.decompress`` reads it), set up several times faster for a short block (clearing
    zlib's default 32 KiB window is most of the cost of deflating a few hundred bytes)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, min(15, max(9, len(data).bit_length())))
    return compressor.compress(data) + compressor.flush()


def _fill_block(postings: Any, flat: list[Any], column: bytes | None) -> None:
    ids = flat[0::3]
    weights = flat[1::3]
    postings._ids = array("I", ids)
    postings._weights = array("f", weights)
    postings._values = [value for value in flat[2::3] if value]
    postings._maxweight = max(0, max(weights))
    if column is not None:
        found = [LENGTH_OF_BYTE[column[docnum]] for docnum in ids]
        found = [length for length in found if length]
        postings._minlength = min(found) if found else None
        postings._maxlength = max(found) if found else 0


__all__ = ["PoolSegmentWriter", "TermPool", "write_terms"]
