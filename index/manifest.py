"""What the index was built from: per file its size, mtime, content digest and articles.

Stored as ``manifest.json`` inside each generation, so it commits together with the index
it describes. An entry::

    "/abs/path/reut2-000.sgm": {
        "size": 1324, "mtime_ns": 1700000000000000000, "digest": "9f0c...",
        "articles": [["<id>", <position or null>, [people found], [loose surnames]], ...],
        "problems": ["record 17: no body", ...],
        "defaults": {"collection": "BBC News", "year": 2005}
    }

``defaults`` (absent when none) is what the file's folder says of its articles
(:mod:`corpus.collection`); a change there makes the file read again.

The found people are kept so that a later incremental run can teach the corpus-level name
resolver about every article, not only the re-read ones.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping

FORMAT = 1

Entry = dict[str, Any]


def empty() -> dict[str, Any]:
    return {"format": FORMAT, "files": {}}


def files_of(manifest: Mapping[str, Any]) -> dict[str, Entry]:
    """The file entries of a manifest, or none for a manifest of another format."""
    if manifest.get("format") != FORMAT:
        return {}
    return dict(manifest.get("files") or {})


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def location(path: str, position: int | None) -> str:
    """Same spelling as :attr:`corpus.article.Article.location`."""
    return path if position is None else f"{path}#{position}"


def locations(path: str, entry: Entry) -> dict[str, str]:
    """location -> article id for one file."""
    return {location(path, position): article for article, position, *_ in entry["articles"]}


def id_locations(files: Mapping[str, Entry]) -> dict[str, list[str]]:
    """article id -> every location it was read at, sorted."""
    found: dict[str, list[str]] = defaultdict(list)
    for path, entry in files.items():
        for where, article in locations(path, entry).items():
            found[article].append(where)
    return {article: sorted(where) for article, where in found.items()}


def is_under(path: str, roots: Iterable[Path]) -> bool:
    candidate = Path(path)
    return any(candidate == root or root in candidate.parents for root in roots)


def id_defaults(files: Mapping[str, Entry]) -> dict[str, dict[str, Any]]:
    """article id -> the folder defaults of the first file (in path order) holding it with some."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(files):
        defaults = files[path].get("defaults")
        if defaults:
            for row in files[path]["articles"]:
                found.setdefault(row[0], defaults)
    return found
