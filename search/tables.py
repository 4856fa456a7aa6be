"""Per-document value tables kept on disk beside the index, so that a one-off
``gazette search --facet people`` does not read every person's posting list again.

A table is built the first time a process needs it and written into the index generation's
own directory (generations never change once committed, so a table can never go stale; a
new build makes a new generation, and the old tables go with the old generation). Writing
is best effort: a read-only index simply gets no tables.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

FILENAME = "search-tables.pickle"
#: Bump when the layout of the file changes.
FORMAT = 2


def _key(view: Any) -> tuple:
    """What the tables were built from: the segments and their document counts."""
    segments = []
    for leaf, offset in view.leaves:
        segment = getattr(leaf, "_segment", None)
        segments.append((segment.segment_id() if segment is not None else None, offset, leaf.doc_count_all()))
    return (FORMAT, view.size, tuple(segments))


def folder(view: Any) -> Path | None:
    found = getattr(getattr(view.index, "storage", None), "folder", None)
    return Path(found) if found else None


def load(view: Any) -> dict[str, tuple[list[Any], Any]]:
    """``{field: (sorted values, search.view.DocTable)}`` saved for this index."""
    directory = folder(view)
    if directory is None:
        return {}
    try:
        with open(directory / FILENAME, "rb") as handle:
            key, tables = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return {}
    return tables if key == _key(view) else {}


def save(view: Any, tables: dict[str, tuple[list[Any], Any]]) -> bool:
    """Write ``tables`` (merged with those already saved) atomically; False if it cannot."""
    directory = folder(view)
    if directory is None:
        return False
    merged = {**load(view), **tables}
    # Written beside the generation, then renamed into it: a build copying the generation's
    # files at that moment never meets a half-written file.
    temporary = directory.parent / f".{directory.name}-{FILENAME}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            pickle.dump((_key(view), merged), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / FILENAME)
        return True
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass
        return False
