"""Per-document value tables kept on disk beside the index, so that a one-off
``gazette search --facet people`` does not read every person's posting list again.

A build writes every table into the generation it makes, before publishing it
(:func:`write_all`), so that the first search after a build pays nothing for them; a table
missing all the same (an index written before, a failed write) is built the first time a
process needs it and written into the index generation's own directory (generations never change once committed, so a table can never go stale; a
new build makes a new generation, and the old tables go with the old generation). Writing
is best effort: a read-only index simply gets no tables.

The file is data, never code: one line of JSON (what the tables were built from, each
field's sorted values, where its arrays lie, the CRC-32 of the rest), then the arrays as
little-endian 32-bit integers. A file that does not match the index, fails its checksum or
holds an impossible value is ignored, and the tables are built again from the index.
"""
from __future__ import annotations

import json
import os
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any

from index.store import TABLES as FILENAME

#: Bump when the layout of the file changes.
FORMAT = 3

Tables = dict[str, tuple[list[Any], Any]]  # field -> (sorted values, search.view.DocTable)


def _key(view: Any) -> list:
    """What the tables were built from: the segments and their document counts."""
    segments = []
    for leaf, offset in view.leaves:
        segment = getattr(leaf, "_segment", None)
        segments.append([segment.segment_id() if segment is not None else None, offset, leaf.doc_count_all()])
    return [FORMAT, view.size, segments]


def folder(view: Any) -> Path | None:
    found = getattr(getattr(view.index, "storage", None), "folder", None)
    return Path(found) if found else None


def _ints(values: Any) -> bytes:
    data = array("i", values)
    if sys.byteorder != "little":
        data.byteswap()
    return data.tobytes()


def _array(body: bytes, start: int, count: int) -> array:
    data = array("i")
    data.frombytes(body[start : start + 4 * count])
    if len(data) != count:
        raise ValueError("short array")
    if sys.byteorder != "little":
        data.byteswap()
    return data


def encode(key: list, tables: Tables) -> bytes:
    body = bytearray()
    fields = {}
    for field, (values, table) in tables.items():
        docs = sorted(table.more)
        parts = {
            "first": table.first,
            "more_docs": docs,
            "more_counts": [len(table.more[doc]) for doc in docs],
            "more_values": [value for doc in docs for value in table.more[doc]],
        }
        where = {}
        for name, numbers in parts.items():
            where[name] = [len(body), len(numbers)]
            body += _ints(numbers)
        fields[field] = {"values": values, **where}
    header = {"key": key, "crc32": zlib.crc32(body), "fields": fields}
    return json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" + bytes(body)


def decode(data: bytes, key: list, size: int) -> Tables:
    """The tables in ``data`` for an index whose key is ``key`` and which has ``size``
    documents; ValueError when the file does not fit."""
    from search.view import DocTable

    line, _, body = data.partition(b"\n")
    header = json.loads(line)
    if header["key"] != key or header["crc32"] != zlib.crc32(body):
        raise ValueError("tables of another index, or damaged")
    tables: Tables = {}
    for field, entry in header["fields"].items():
        values = entry["values"]
        if not isinstance(values, list) or len({type(v) for v in values} - {str, int}) or values != sorted(values):
            raise ValueError(f"bad values for {field}")
        first = _array(body, *entry["first"])
        docs, counts, flat = (_array(body, *entry[name]) for name in ("more_docs", "more_counts", "more_values"))
        if len(first) != size or (first and not -1 <= min(first) <= max(first) < len(values)):
            raise ValueError(f"bad first values for {field}")
        if len(docs) != len(counts) or sum(counts) != len(flat) or (counts and min(counts) < 1):
            raise ValueError(f"bad other values for {field}")
        if (docs and not 0 <= min(docs) <= max(docs) < size) or (flat and not 0 <= min(flat) <= max(flat) < len(values)):
            raise ValueError(f"bad other values for {field}")
        more = {}
        at = 0
        for doc, count in zip(docs, counts):
            more[doc] = tuple(flat[at : at + count])
            at += count
        tables[field] = (values, DocTable(first, more))
    return tables


def load(view: Any) -> Tables:
    """``{field: (sorted values, search.view.DocTable)}`` saved for this index."""
    directory = folder(view)
    if directory is None:
        return {}
    try:
        with open(directory / FILENAME, "rb") as handle:
            return decode(handle.read(), _key(view), view.size)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}


def save(view: Any, tables: Tables) -> bool:
    """Write ``tables`` (merged with those already saved) atomically; False if it cannot."""
    directory = folder(view)
    if directory is None:
        return False
    data = encode(_key(view), {**load(view), **tables})
    # Written beside the generation, then renamed into it: a build copying the generation's
    # files at that moment never meets a half-written file.
    temporary = directory.parent / f".{directory.name}-{FILENAME}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, directory / FILENAME)
        return True
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass
        return False


#: The fields a build writes tables for: every facet, and the date (sorting, date ranges).
FIELDS = ("people", "leaders", "year", "month", "source", "collection", "date")


def write_all(index: Any) -> bool:
    """Build the table of every field of :data:`FIELDS` for ``index`` (a Whoosh index in its
    generation's directory) and save them in one write; False if they could not be saved."""
    from search.view import FieldValues, IndexView

    view = IndexView(index)
    try:
        view.remember = lambda *table: None  # written once below, not merged in field by field
        built: Tables = {}
        for field in FIELDS:
            if field in view.schema:
                values = FieldValues(view, field)
                built[field] = (values.values, values.table)
        return save(view, built)
    finally:
        view.close()
