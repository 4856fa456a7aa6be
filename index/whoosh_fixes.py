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
into memory (one byte per document) and answers from there, with the same results.

``apply`` also installs Gazette's stored-fields column (:mod:`index.stored_column`), so that
every process that writes or reads an index (``store.open_index`` calls ``apply``) agrees on it.
"""
from __future__ import annotations


def apply() -> None:
    """Install the fixes (idempotent; cheap after the first call)."""
    from whoosh import columns, reading

    if getattr(reading.MultiReader.column_reader, "gazette_fixed", False):
        return
    from index.stored_column import install

    install()  # Gazette's on-disk format of stored fields, for writers and readers alike

    def column_reader(self, fieldname, column=None, reverse=False, translate=True):
        readers = [
            reader.column_reader(fieldname, column=column, reverse=reverse, translate=translate)
            for reader in self.readers
        ]
        return columns.MultiColumnReader(readers, list(self.doc_offsets))

    column_reader.gazette_fixed = True
    reading.MultiReader.column_reader = column_reader
    _cache_field_lengths()


def _cache_field_lengths() -> None:
    from whoosh.codec import whoosh3

    lengths = [whoosh3.byte_to_length(b) if b else None for b in range(256)]

    def doc_field_length(self, docnum, fieldname, default=0):
        if docnum > self._doccount:
            raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
        cache = self.__dict__.setdefault("_gazette_lengths", {})
        column = cache.get(fieldname)
        if column is None:
            reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
            column = cache[fieldname] = False if reader is None else bytes(reader)
        if column is False:
            return default
        return lengths[column[docnum]]

    whoosh3.W3PerDocReader.doc_field_length = doc_field_length
