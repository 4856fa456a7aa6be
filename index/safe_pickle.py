"""Unpickling of index files that can never run code.

Whoosh stores parts of an index as pickles: the table of contents (``_MAIN_<n>.toc``: the
schema and the segment objects), a compound segment's directory, posting block headers and
data, term infos with inlined postings, column headers and the stored fields of every
document. ``pickle.loads`` runs whatever a pickle names, so an index folder someone else
wrote (a planted ``.toc``, a crafted segment) could run code on the next search.

:func:`install` routes every one of Whoosh's unpickling calls through :class:`IndexUnpickler`,
which admits only the classes and functions a Gazette index holds (:data:`ALLOWED`, found by
building and searching real indexes: Reuters, the seeds, BBC, HTML pages, incremental
updates with deletions, one and several writer processes). Plain values (dicts, lists,
tuples, strings, numbers, bytes) need no class; anything else fails
with :class:`pickle.UnpicklingError` naming what was refused.
"""
from __future__ import annotations

import io
import pickle
from types import SimpleNamespace
from typing import Any, BinaryIO

#: ``(module, name)`` of every global a Gazette index's pickles refer to.
ALLOWED = frozenset(
    {
        # Plain Python: protocol 2 (the schema) names builtins as ``__builtin__``.
        ("__builtin__", "frozenset"),
        ("__builtin__", "long"),
        ("builtins", "int"),
        ("collections", "defaultdict"),
        ("array", "array"),
        ("array", "_array_reconstructor"),
        ("re", "_compile"),  # a tokenizer's pattern
        # The schema and the segments.
        ("index.analysis", "NewsAnalyzer"),
        ("index.analysis", "NewsPositions"),
        ("whoosh.analysis.analyzers", "CompositeAnalyzer"),
        ("whoosh.analysis.filters", "StripFilter"),
        ("whoosh.analysis.tokenizers", "IDTokenizer"),
        ("whoosh.analysis.tokenizers", "RegexTokenizer"),
        ("whoosh.codec.whoosh3", "W3Codec"),
        ("whoosh.codec.whoosh3", "W3Segment"),
        ("whoosh.columns", "NumericColumn"),
        ("whoosh.columns", "VarBytesColumn"),
        ("whoosh.fields", "ID"),
        ("whoosh.fields", "KEYWORD"),
        ("whoosh.fields", "NUMERIC"),
        ("whoosh.fields", "STORED"),
        ("whoosh.fields", "Schema"),
        ("whoosh.fields", "TEXT"),
        ("whoosh.formats", "Existence"),
        ("whoosh.formats", "Frequency"),
    }
)


def _latin1(text: str, encoding: str) -> bytes:
    """``_codecs.encode`` as protocol 2 uses it to pickle bytes (Whoosh's inlined postings)."""
    if encoding != "latin1":
        raise pickle.UnpicklingError(f"encoding {encoding!r} is not allowed in an index file")
    return text.encode("latin1")


class IndexUnpickler(pickle.Unpickler):
    """An unpickler that finds only the globals in :data:`ALLOWED`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):
            return _latin1
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in an index file")
        return super().find_class(module, name)


def load(file: BinaryIO) -> Any:
    return IndexUnpickler(file).load()


def loads(data: bytes) -> Any:
    return IndexUnpickler(io.BytesIO(data)).load()


def install() -> None:
    """Make Whoosh unpickle index data with :func:`load` and :func:`loads` (idempotent).

    Whoosh's readers of older index formats are dropped: they unpickle with their own
    unpicklers, and Gazette never reads those formats.
    """
    from whoosh import columns, formats, index, legacy
    from whoosh.codec import whoosh3
    from whoosh.filedb import structfile

    structfile.load_pickle = load  # StructFile.read_pickle: TOC segments, compound dir, block infos
    whoosh3.loads = loads  # posting blocks, inlined postings
    columns.loads = loads  # stored fields (PickleColumn)
    formats.loads = loads
    index.pickle = SimpleNamespace(loads=loads, dumps=pickle.dumps, PicklingError=pickle.PicklingError)
    index.toc_loaders.clear()
    legacy.toc_loaders.clear()
