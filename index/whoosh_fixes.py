"""Fixes for bugs in Whoosh (whoosh-reloaded 2.7.5) that Gazette's indexes run into.

``MultiReader.column_reader`` leaves out the segments that have no column file for the
field (a segment where no document has a ``date``, e.g. a batch of undated pages), but keeps
the remaining readers' offsets: documents of the missing segment are then looked up in the
wrong segment, giving an IndexError or, worse, another document's value (a wrong date in a
facet or sort). Every segment reader can answer for a missing column (with the default
value), so the fix is to keep them all.
"""
from __future__ import annotations


def apply() -> None:
    """Install the fixes (idempotent; cheap after the first call)."""
    from whoosh import columns, reading

    if getattr(reading.MultiReader.column_reader, "gazette_fixed", False):
        return

    def column_reader(self, fieldname, column=None, reverse=False, translate=True):
        readers = [
            reader.column_reader(fieldname, column=column, reverse=reverse, translate=translate)
            for reader in self.readers
        ]
        return columns.MultiColumnReader(readers, list(self.doc_offsets))

    column_reader.gazette_fixed = True
    reading.MultiReader.column_reader = column_reader
