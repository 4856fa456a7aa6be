"""Fixes for bugs in Whoosh (whoosh-reloaded 2.7.5) that Gazette's indexes run into.

``MultiReader.column_reader`` leaves out the segments that have no column file for the
field (a segment where no document has a ``date``, e.g. a batch of undated pages), but keeps
the remaining readers' offsets: documents of the missing segment are then looked up in the
wrong segment, giving an IndexError or, worse, another document's value (a wrong date in a
facet or sort). Every segment reader can answer for a missing column (with the default
value), so the fix is to keep them all.

``W3PerDocReader.doc_field_length`` (a document's length in a field) seeks and reads one
byte from the lengths column per call; writing a segment calls it once per posting, which
is a sixth of Whoosh's indexing time. The patched version reads the column once per field
into memory (one byte per document, :func:`length_column`, which Gazette's posting writer
reads too) and answers from there, with the same results.

``apply`` also installs Gazette's stored-fields column (:mod:`index.stored_column`), so that
every process that writes or reads an index (``store.open_index`` calls ``apply``) agrees on it,
and the unpickler that never runs code from an index file (:mod:`index.safe_pickle`).
"""
from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3


def apply() -> None:
    """Install the fixes (idempotent; cheap after the first call)."""
    from whoosh import columns, reading

    if getattr(reading.MultiReader.column_reader, "gazette_fixed", False):
        return
    from index import safe_pickle, stored_column

    stored_column.install()  # Gazette's on-disk format of stored fields, for writers and readers alike
    safe_pickle.install()

    def column_reader(self, fieldname, column=None, reverse=False, translate=True):
        readers = [
            reader.column_reader(fieldname, column=column, reverse=reverse, translate=translate)
            for reader in self.readers
        ]
        return columns.MultiColumnReader(readers, list(self.doc_offsets))

    column_reader.gazette_fixed = True
    reading.MultiReader.column_reader = column_reader
    _cache_field_lengths()


def length_column(perdoc: Any, fieldname: str) -> bytes | None:
    """A W3 segment's length bytes for ``fieldname``, one per document (decode one with
    :data:`LENGTH_OF_BYTE`), read once and kept on its per-document reader; None when no
    document of the segment has a length there."""
    cache = perdoc.__dict__.setdefault("_gazette_lengths", {})
    if fieldname not in cache:
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        cache[fieldname] = None if reader is None else bytes(reader)
    return cache[fieldname]


#: The field length each length byte stands for (None for 0: no length).
LENGTH_OF_BYTE = [whoosh3.byte_to_length(b) if b else None for b in range(256)]


def _cache_field_lengths() -> None:
    def doc_field_length(self, docnum, fieldname, default=0):
        if docnum > self._doccount:
            raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
        column = length_column(self, fieldname)
        if column is None:
            return default
        return LENGTH_OF_BYTE[column[docnum]]

    whoosh3.W3PerDocReader.doc_field_length = doc_field_length
