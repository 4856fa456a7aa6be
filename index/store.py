"""The index on disk: committed generations and the pointer to the current one.

Layout of an index directory::

    DIR/CURRENT          name of the committed generation, e.g. "gen-000007"
    DIR/LOCK             the writers' lock (see index.lock)
    DIR/gen-000007/      a complete Whoosh index + meta.json, manifest.json, aliases.json

Why not rely on Whoosh's own generations (``_MAIN_<n>.toc``)? Whoosh never fsyncs, so after
a power cut its new TOC can name segment files that never reached the disk (whoosh issue 323);
``create_in`` (a rebuild) deletes the old index before the new one exists; and the
incremental manifest must commit together with the index, which the TOC has no room for.
So each build writes a new generation directory (hard-linking the previous generation's
immutable segment files, then letting Whoosh add and delete), fsyncs every file and the
directory, and only then replaces ``CURRENT`` with an atomic rename (written, fsynced,
renamed, directory fsynced). A reader follows ``CURRENT`` and always lands on the last
complete generation; a crash at any moment leaves at worst an unfinished ``gen-*`` directory
that the next writer deletes.

This module is imported by search: it must stay cheap (Whoosh is imported when opening).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from index.errors import (
    IndexLocked,
    IndexMissing,
    IndexOutdated,
    IndexProblem,
    IndexWriteError,
    write_error,
)

CURRENT = "CURRENT"
META = "meta.json"
MANIFEST = "manifest.json"
ALIASES = "aliases.json"
_GENERATION = re.compile(r"^gen-(\d{6,})$")


def generation_name(number: int) -> str:
    return f"gen-{number:06d}"


def generation_number(path: Path) -> int:
    match = _GENERATION.match(path.name)
    return int(match.group(1)) if match else -1


def current_generation(directory: Path) -> Path | None:
    """The committed generation directory, or None when nothing was ever committed."""
    try:
        name = (directory / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    if not _GENERATION.match(name):
        raise IndexProblem(
            f"the index at {directory} is damaged ({CURRENT} holds {name!r}); "
            "run `gazette index --rebuild PATH...` to build it again"
        )
    path = directory / name
    if not path.is_dir():
        raise IndexProblem(
            f"the index at {directory} is damaged ({CURRENT} names {name}, which is missing); "
            "run `gazette index --rebuild PATH...` to build it again"
        )
    return path


def generations(directory: Path) -> list[Path]:
    """Every ``gen-*`` directory, committed or not, oldest first."""
    if not directory.is_dir():
        return []
    found = [p for p in directory.iterdir() if _GENERATION.match(p.name) and p.is_dir()]
    return sorted(found, key=generation_number)


def read_json(path: Path, default: Any = None) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return default


def read_meta(generation: Path) -> dict[str, Any]:
    return read_json(generation / META, {}) or {}


def check_version(directory: Path, meta: dict[str, Any]) -> None:
    """Raise :class:`IndexOutdated` when the generation was written with another schema."""
    from index.schema import SCHEMA_VERSION

    found = meta.get("schema_version")
    if found != SCHEMA_VERSION:
        raise IndexOutdated(
            f"the index at {directory} was built by another version of Gazette "
            f"(schema version {found}, this version reads {SCHEMA_VERSION}); "
            "run `gazette index --rebuild PATH...` to rebuild it"
        )


def _require(directory: Path) -> Path:
    generation = current_generation(directory)
    if generation is None:
        raise IndexMissing(
            f"no index at {directory}; run `gazette index PATH...` to build one "
            "(or pass --index DIR / set GAZETTE_INDEX to use another)"
        )
    return generation


def open_index(directory: Path):
    """The last committed state of the index at ``directory`` (a read-only Whoosh index).

    Raises :class:`IndexMissing` or :class:`IndexOutdated` with a message for the user.
    The returned index keeps reading that generation even if a build commits a newer one.
    """
    generation = _require(directory)
    check_version(directory, read_meta(generation))
    from whoosh.filedb.filestore import FileStorage

    from index import whoosh_fixes

    whoosh_fixes.apply()
    return FileStorage(str(generation), readonly=True).open_index()


def index_meta(directory: Path) -> dict[str, Any]:
    """meta.json of the committed generation (counts, schema version, build time)."""
    generation = _require(directory)
    meta = read_meta(generation)
    check_version(directory, meta)
    return meta


def read_aliases(directory: Path) -> dict[str, str]:
    """Folded alias -> canonical person name, for every person the index knows."""
    generation = _require(directory)
    return read_json(generation / ALIASES, {}) or {}


def read_manifest(directory: Path) -> dict[str, Any]:
    generation = current_generation(directory)
    if generation is None:
        return {}
    return read_json(generation / MANIFEST, {}) or {}


def disk_size(path: Path) -> int:
    """Bytes used by the files under ``path`` (hard links counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                stat = os.stat(os.path.join(root, name))
            except FileNotFoundError:
                continue
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total


# -- writing (used by index.build, under the write lock) ---------------------------------


def fsync_path(path: Path, directory: bool = False) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if directory else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` and fsync it (the caller renames or commits afterwards)."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())


def seal(generation: Path) -> None:
    """Make every file of a finished generation durable before it is published."""
    for child in generation.iterdir():
        if child.is_file():
            fsync_path(child)
    fsync_path(generation, directory=True)


def publish(directory: Path, generation: Path) -> None:
    """Atomically make ``generation`` the committed state (write, fsync, rename, fsync dir)."""
    temporary = directory / f"{CURRENT}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(generation.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, directory / CURRENT)
    fsync_path(directory, directory=True)


def prune(directory: Path) -> None:
    """Delete unfinished generations and all committed ones but the current and the one before.

    The previous generation is kept so that a reader which read ``CURRENT`` just before the
    switch can still open it; it goes at the next build. Call with the write lock held.
    """
    current = current_generation(directory)
    keep = {current} if current else set()
    if current:
        older = [g for g in generations(directory) if generation_number(g) < generation_number(current)]
        if older:
            keep.add(older[-1])
    for generation in generations(directory):
        if generation not in keep:
            shutil.rmtree(generation, ignore_errors=True)
    for leftover in directory.glob(f"{CURRENT}.*.tmp"):
        leftover.unlink(missing_ok=True)


__all__ = [
    "IndexLocked",
    "IndexMissing",
    "IndexOutdated",
    "IndexProblem",
    "IndexWriteError",
    "current_generation",
    "disk_size",
    "index_meta",
    "open_index",
    "read_aliases",
    "read_manifest",
    "write_error",
]
