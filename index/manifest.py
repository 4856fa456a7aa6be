"""What the index was built from: per file its size, mtime, content digest and articles.

Stored as ``manifest.sqlite`` inside each generation, so it commits together with the index
it describes (:data:`FILENAME`). Why SQLite and not one JSON document (the format before,
``manifest.json``, still read: :data:`LEGACY`)? At 500,000 articles that document was 24 MB,
decoded and encoded again in full by every run, however small the change: an incremental run
paid for the whole index. SQLite is in the standard library, looks rows up by path or by
article id through its indexes, and is updated in place: a build copies the previous
generation's file (a plain file copy) and changes the rows of the files it read, nothing
else. An append-only log would spare the copy but need compacting and a reader that replays
it; the copy costs well under a second even at a million articles.

Tables::

    files(path, size, mtime_ns, digest, problems, defaults, articles)
    articles(path, position, id, people, loose)     -- one row per article read at a path
    people(name, articles)                           -- corpus statistics, in first-seen order

``problems`` is a JSON list (``["record 17: no body"]``), ``defaults`` a JSON object or null:
what the file's folder says of its articles (:mod:`corpus.collection`; a change there makes
the file read again). ``people``/``loose`` are JSON lists: the people found in an article and
its loose surnames. The ``people`` table counts, for each name, the article rows that found
it: what the corpus-level name resolver learns, kept so that an incremental run resolves the
people of the new articles without reading every other row (:func:`index.build.resolve`).
Paths and names are stored as UTF-8 with lone surrogates passed through (a file name that is
not UTF-8).

In memory, a file's entry is a dict: ``size``, ``mtime_ns``, ``digest``, ``problems``,
``defaults`` (absent when none) and either ``articles``, its rows ``[id, position or null,
[people], [loose]]`` (a file read this run, or the legacy format), or ``count``, their number
(rows left in the store: :meth:`Manifest.rows`).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping

from index.errors import IndexDamaged, damaged

FORMAT = 1
FILENAME = "manifest.sqlite"  # index.store.MANIFEST
LEGACY = "manifest.json"

Entry = dict[str, Any]
Row = list[Any]  # [id, position or None, [people], [loose]]

_SCHEMA = """
CREATE TABLE files(path BLOB PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT, problems TEXT,
                   defaults TEXT, articles INTEGER);
CREATE TABLE articles(path BLOB, position INTEGER, id TEXT, people TEXT, loose TEXT);
CREATE INDEX articles_path ON articles(path);
CREATE INDEX articles_id ON articles(id);
CREATE TABLE people(name BLOB PRIMARY KEY, articles INTEGER);
"""
#: SQLite's variable limit, with room to spare: ids are looked up this many at a time.
_BATCH = 500


def empty() -> dict[str, Any]:
    return {"format": FORMAT, "files": {}}


def files_of(manifest: Mapping[str, Any]) -> dict[str, Entry]:
    """The file entries of a legacy manifest, or none for a manifest of another format."""
    if manifest.get("format") != FORMAT:
        return {}
    return dict(manifest.get("files") or {})


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def location(path: str, position: int | None) -> str:
    """Same spelling as :attr:`corpus.article.Article.location`."""
    return path if position is None else f"{path}#{position}"


def locations(path: str, entry: Entry) -> dict[str, str]:
    """location -> article id for one file (an entry with its ``articles``)."""
    return {location(path, position): article for article, position, *_ in entry["articles"]}


def id_locations(files: Mapping[str, Entry]) -> dict[str, list[str]]:
    """article id -> every location it was read at, sorted (entries with their ``articles``)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path, entry in files.items():
        for where, article in locations(path, entry).items():
            found[article].append(where)
    return {article: sorted(where) for article, where in found.items()}


def is_under(path: str, roots: Iterable[Path]) -> bool:
    candidate = Path(path)
    return any(candidate == root or root in candidate.parents for root in roots)


def count(entry: Entry) -> int:
    """How many articles a file's entry holds."""
    return len(entry["articles"]) if "articles" in entry else entry["count"]


def people_counts(rows: Iterable[Row], into: Counter | None = None) -> Counter:
    """Per name, the rows that found it (what the corpus name resolver learns), in first-seen order."""
    counts = Counter() if into is None else into
    for row in rows:
        for person in row[2]:
            counts[person] += 1
    return counts


def _key(text: str) -> bytes:
    """Paths and names as UTF-8, lone surrogates passed through (SQLite's text would refuse them)."""
    return text.encode("utf-8", "surrogatepass")


def _text(key: bytes) -> str:
    return bytes(key).decode("utf-8", "surrogatepass")


class Manifest:
    """The manifest of one generation, read lazily: file entries at once (one row per file),
    article rows and people statistics when asked."""

    def __init__(self, files: dict[str, Entry], connection: sqlite3.Connection | None = None,
                 source: Path | None = None) -> None:
        self.files = files
        self._connection = connection
        #: The SQLite file a new generation's manifest starts from (None: written whole).
        self.source = source

    @classmethod
    def open(cls, generation: Path | None) -> "Manifest":
        """The manifest of ``generation`` (empty when it has none, or for None).

        Raises :class:`IndexDamaged` naming the file when it cannot be read."""
        if generation is None:
            return cls({})
        path = generation / FILENAME
        if not path.exists():
            from index.store import read_json

            return cls(files_of(read_json(generation / LEGACY, {}) or {}))
        try:
            # A committed generation never changes: read-only, and no locking.
            connection = sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro&immutable=1", uri=True)
            files = {}
            for key, size, mtime_ns, file_digest, problems, defaults, articles in connection.execute(
                "SELECT path, size, mtime_ns, digest, problems, defaults, articles FROM files"
            ):
                entry = {"size": size, "mtime_ns": mtime_ns, "digest": file_digest,
                         "problems": json.loads(problems), "count": articles}
                if defaults is not None:
                    entry["defaults"] = json.loads(defaults)
                files[_text(key)] = entry
        except (sqlite3.Error, ValueError, TypeError) as error:
            raise _damaged(path, error) from None
        return cls(files, connection, path)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    def _query(self, sql: str, arguments: Iterable[Any] = ()) -> list[tuple]:
        try:
            return self._connection.execute(sql, tuple(arguments)).fetchall()
        except sqlite3.Error as error:
            raise _damaged(self.source, error) from None

    def rows(self, path: str, entry: Entry | None = None) -> list[Row]:
        """The article rows of a file: those of ``entry`` when it holds them, else the stored ones."""
        entry = self.files.get(path) if entry is None else entry
        if entry is None:
            return []
        if "articles" in entry:
            return entry["articles"]
        found = self._query("SELECT id, position, people, loose FROM articles WHERE path = ? ORDER BY rowid",
                            [_key(path)])
        try:
            return [[doc, position, json.loads(people), json.loads(loose)] for doc, position, people, loose in found]
        except ValueError as error:
            raise _damaged(self.source, error) from None

    def where(self, ids: Iterable[str]) -> dict[str, list[tuple[str, int | None]]]:
        """id -> the (path, position) of every row holding it, for ``ids`` (those indexed)."""
        found: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        if self._connection is None:
            wanted = set(ids)
            for path, entry in self.files.items():
                for row in self.rows(path, entry):
                    if row[0] in wanted:
                        found[row[0]].append((path, row[1]))
            return dict(found)
        ids = list(ids)
        for start in range(0, len(ids), _BATCH):
            part = ids[start : start + _BATCH]
            marks = ",".join("?" * len(part))
            for doc, key, position in self._query(f"SELECT id, path, position FROM articles WHERE id IN ({marks})", part):
                found[doc].append((_text(key), position))
        return dict(found)

    def entries(self) -> dict[str, Entry]:
        """Every file's entry with its ``articles`` (reads every row: for checks and tests)."""
        return {path: {**entry, "articles": self.rows(path, entry)} for path, entry in self.files.items()}

    def people(self) -> Counter | None:
        """Stored corpus statistics (name -> rows finding it, first seen first), or None when
        this manifest has none (the legacy format)."""
        if self._connection is None:
            return None
        found = self._query("SELECT name, articles FROM people ORDER BY rowid")
        try:
            return Counter({_text(name): number for name, number in found})
        except (TypeError, ValueError) as error:
            raise _damaged(self.source, error) from None


def _damaged(path: Path | None, error: Exception) -> IndexDamaged:
    path = path or Path("?") / "?" / FILENAME
    return damaged(path.parent.parent, f"{path.parent.name}/{path.name}", f"cannot be read ({error})")


def write(target: Path, old: Manifest, new_files: Mapping[str, Entry], people: Counter, whole: bool = False) -> None:
    """Write the manifest of a new generation at ``target``.

    A copy of ``old``'s file with the rows of every file whose entry changed replaced (an
    entry carried over unchanged is the very object ``old`` holds), or, for ``whole`` or when
    ``old`` has no file (the legacy format, or no index yet), a new file holding everything
    (rows not in an entry are read from ``old``). ``people`` are the statistics of the new
    manifest: only the names whose count changed are written.
    """
    base = None if whole else old.source
    if base is not None:
        shutil.copyfile(base, target)
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        # Nobody reads the file before the generation is complete, fsynced and published
        # (index.store.seal): it needs no journal.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        if base is None:
            connection.executescript(_SCHEMA)
        connection.execute("BEGIN")
        if base is None:  # every row written: the entries carry them
            new_files = {path: {**entry, "articles": old.rows(path, entry)} for path, entry in new_files.items()}
        _apply(connection, old if base is not None else Manifest({}), new_files)
        _apply_people(connection, (old.people() or Counter()) if base is not None else Counter(), people)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _apply(connection: sqlite3.Connection, old: Manifest, new_files: Mapping[str, Entry]) -> None:
    for path, entry in old.files.items():
        if path not in new_files:
            key = _key(path)
            connection.execute("DELETE FROM files WHERE path = ?", (key,))
            connection.execute("DELETE FROM articles WHERE path = ?", (key,))
    for path, entry in new_files.items():
        known = old.files.get(path)
        if entry is known:
            continue
        key = _key(path)
        defaults = entry.get("defaults")
        connection.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, entry["size"], entry["mtime_ns"], entry["digest"], json.dumps(entry.get("problems") or []),
             json.dumps(defaults) if defaults else None, count(entry)),
        )
        if "articles" not in entry:
            continue  # same rows as stored (same content, another mtime)
        if known is not None:
            connection.execute("DELETE FROM articles WHERE path = ?", (key,))
        connection.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?)",
            ((key, position, doc, json.dumps(found), json.dumps(loose)) for doc, position, found, loose in entry["articles"]),
        )


def _apply_people(connection: sqlite3.Connection, before: Counter, after: Counter) -> None:
    gone = [(_key(name),) for name in before if after.get(name, 0) <= 0]
    connection.executemany("DELETE FROM people WHERE name = ?", gone)
    changed = [(_key(name), number) for name, number in after.items() if number > 0 and before.get(name) != number]
    connection.executemany(
        "INSERT INTO people VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET articles = excluded.articles", changed
    )
