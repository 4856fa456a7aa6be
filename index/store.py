"""The index on disk: committed generations and the pointer to the current one.

Layout of an index directory::

    DIR/CURRENT          name of the committed generation, e.g. "gen-000007"
    DIR/LOCK             the writers' lock (see index.lock)
    DIR/gen-000007/      a complete Whoosh index + meta.json, manifest.sqlite, aliases.json,
                         and seal.json: the size, mtime and CRC-32 of each of those files

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

An index folder is data someone may have damaged or planted. Opening a generation checks each
sealed file's size and mtime against ``seal.json`` (a stat per file), and reads a file whose
mtime changed in full to compare its CRC-32: a copied folder (new mtimes, same bytes) still
opens, a truncated or rewritten file is named in an :class:`IndexDamaged` message. Damage that
kept its mtime (bit rot) is found by :func:`check_generation` with ``full=True``
(``gazette stats --check``), and whenever reading the index fails (see ``cli``). Checking every
byte on every open would cost a cold search about 40 ms per 36 MB of index (Reuters).

This module is imported by search: it must stay cheap (Whoosh is imported when opening).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import zlib
from pathlib import Path
from typing import Any

from index.errors import (
    IndexDamaged,
    IndexLocked,
    IndexMissing,
    IndexOutdated,
    IndexProblem,
    IndexWriteError,
    damaged,
    write_error,
)

CURRENT = "CURRENT"
META = "meta.json"
MANIFEST = "manifest.sqlite"  # index.manifest.FILENAME (read by index.manifest)
ALIASES = "aliases.json"
SEAL = "seal.json"
#: Search's per-document tables (:mod:`search.tables`): a cache written into a generation
#: after it is sealed, and checked on its own.
TABLES = "search-tables.bin"
_GENERATION = re.compile(r"^gen-(\d{6,})$")


def generation_name(number: int) -> str:
    return f"gen-{number:06d}"


def generation_number(path: Path) -> int:
    match = _GENERATION.match(path.name)
    return int(match.group(1)) if match else -1


def current_generation(directory: Path) -> Path | None:
    """The committed generation directory, or None when nothing was ever committed."""
    try:
        text = (directory / CURRENT).read_bytes().decode("utf-8", "replace")
    except (FileNotFoundError, NotADirectoryError):
        return None
    name = text.strip()
    if not _GENERATION.match(name):
        raise damaged(directory, CURRENT, f"does not name a generation (it holds {name[:40]!r})")
    path = directory / name
    if not path.is_dir():
        raise damaged(directory, CURRENT, f"names {name}, which is missing")
    return path


def generations(directory: Path) -> list[Path]:
    """Every ``gen-*`` directory, committed or not, oldest first."""
    if not directory.is_dir():
        return []
    found = [p for p in directory.iterdir() if _GENERATION.match(p.name) and p.is_dir()]
    return sorted(found, key=generation_number)


def read_json(path: Path, default: Any = None) -> Any:
    """A JSON object file of a generation (``default`` when it is missing).

    Raises :class:`IndexDamaged` naming the file when it holds anything but a JSON object.
    """
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
    except FileNotFoundError:
        return default
    except ValueError as error:  # not UTF-8, not JSON, or too deeply nested
        raise damaged(path.parent.parent, _name(path), f"is not valid JSON ({error})") from None
    except RecursionError:
        raise damaged(path.parent.parent, _name(path), "is not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise damaged(path.parent.parent, _name(path), "does not hold a JSON object")
    return data


def _name(path: Path) -> str:
    """A file of a generation as messages name it: ``gen-000007/meta.json``."""
    return f"{path.parent.name}/{path.name}"


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


def _open_generation(directory: Path, full: bool = False) -> tuple[Path, dict[str, Any]]:
    """The committed generation and its meta, checked: version, then the seal (sizes and
    mtimes; with ``full``, every byte)."""
    generation = _require(directory)
    meta = read_meta(generation)
    try:
        check_version(directory, meta)
    except IndexOutdated:
        if (generation / SEAL).exists():  # a damaged meta.json is damage, not another version
            check_generation(generation, full)
        raise
    check_generation(generation, full)
    return generation, meta


def check_index(directory: Path) -> None:
    """Read every file of the committed generation and compare it with its seal; raise
    :class:`IndexDamaged` (or another :class:`IndexProblem`) naming what is wrong."""
    _open_generation(directory, full=True)


def open_index(directory: Path):
    """The last committed state of the index at ``directory`` (a read-only Whoosh index).

    Raises :class:`IndexMissing`, :class:`IndexOutdated` or :class:`IndexDamaged` with a
    message for the user. The returned index keeps reading that generation even if a build
    commits a newer one.
    """
    generation, _meta = _open_generation(directory)
    from whoosh.filedb.filestore import FileStorage

    from index import whoosh_fixes

    whoosh_fixes.apply()
    storage = FileStorage(str(generation), readonly=True)
    try:
        return storage.open_index()
    except Exception as error:  # the table of contents cannot be read, or is refused
        toc = max(generation.glob("_MAIN_*.toc"), key=_toc_number, default=generation / "_MAIN_*.toc")
        raise damaged(directory, _name(toc), f"cannot be read ({str(error) or type(error).__name__})") from None


def _toc_number(path: Path) -> int:
    """Whoosh reads the table of contents with the highest number: ``_MAIN_<number>.toc``."""
    digits = path.stem.rpartition("_")[2]
    return int(digits) if digits.isdigit() else -1


def index_meta(directory: Path) -> dict[str, Any]:
    """meta.json of the committed generation (counts, schema version, build time)."""
    return _open_generation(directory)[1]


def read_aliases(directory: Path) -> dict[str, str]:
    """Folded alias -> canonical person name, for every person the index knows."""
    return generation_aliases(_require(directory))


def generation_aliases(generation: Path) -> dict[str, str]:
    """The aliases of one generation (a searcher reads those of the generation it opened,
    even after a build has committed a newer one)."""
    return read_json(generation / ALIASES, {}) or {}


# -- the seal ----------------------------------------------------------------------------


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def check_generation(generation: Path, full: bool = False) -> None:
    """Raise :class:`IndexDamaged` unless every file sealed in ``generation`` is as written.

    A file whose size differs is damaged; one whose mtime differs (or every file, with
    ``full``) is read to compare its CRC-32, and when it matches gets its sealed mtime back
    (best effort), so that a copied index is read in full once, not on every open. A table
    of contents nobody sealed is refused: Whoosh would read it instead of the sealed one.
    """
    directory = generation.parent
    seal_path = generation / SEAL
    sealed = read_json(seal_path)
    if sealed is None:
        raise damaged(directory, _name(seal_path), "is missing")
    files = sealed.get("files")
    if not isinstance(files, dict):
        raise damaged(directory, _name(seal_path), "does not list the index's files")
    for name, entry in files.items():
        path = generation / name
        try:
            size, mtime_ns, crc = entry["size"], entry["mtime_ns"], entry["crc32"]
            if not all(type(value) is int for value in (size, mtime_ns, crc)):  # a flipped byte: 1.5, true
                raise TypeError("not whole numbers")
            stat = os.stat(path)
        except FileNotFoundError:
            raise damaged(directory, _name(path), "is missing") from None
        except (TypeError, KeyError, ValueError):
            raise damaged(directory, _name(seal_path), "does not list the index's files") from None
        if stat.st_size != size:
            raise damaged(directory, _name(path), f"has {stat.st_size:,} bytes instead of {size:,}")
        if (full or stat.st_mtime_ns != mtime_ns) and _crc(path) != crc:
            raise damaged(directory, _name(path), "does not match its checksum")
        if stat.st_mtime_ns != mtime_ns:  # same bytes (a copied folder): next time, no reading
            try:
                os.utime(path, ns=(stat.st_atime_ns, mtime_ns))
            except OSError:
                pass
    for path in generation.glob("_MAIN_*.toc"):
        if path.name not in files:
            raise damaged(directory, _name(path), "was not written with the index")


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
    """Write ``data`` to ``path`` and fsync it (the caller renames or commits afterwards).

    Non-ASCII characters are escaped: a file name that is not UTF-8 holds lone surrogates,
    which only an escape carries through JSON and back."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=True, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())


def seal(generation: Path) -> None:
    """Record the size, mtime and CRC-32 of every file of a finished generation in
    ``seal.json``, and make them all durable before it is published.

    A file hard-linked from an earlier generation keeps the checksum sealed there when its
    size and mtime are unchanged: only the files a build wrote are read again.
    """
    known = _sealed_links(generation)
    files = {}
    for child in sorted(generation.iterdir()):
        if not child.is_file() or child.name in (SEAL, TABLES):
            continue
        stat = child.stat()
        entry = known.get((stat.st_dev, stat.st_ino))
        if entry is None or (entry["size"], entry["mtime_ns"]) != (stat.st_size, stat.st_mtime_ns):
            entry = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "crc32": _crc(child)}
        files[child.name] = entry
        fsync_path(child)
    write_json(generation / SEAL, {"files": files})
    fsync_path(generation, directory=True)


def _sealed_links(generation: Path) -> dict[tuple[int, int], dict[str, int]]:
    """(device, inode) -> seal entry, for the files sealed in the other generations beside it."""
    known = {}
    for other in generations(generation.parent):
        if other == generation:
            continue
        try:
            files = (read_json(other / SEAL) or {}).get("files") or {}
        except IndexDamaged:
            continue
        for name, entry in files.items():
            try:
                stat = os.stat(other / name)
            except OSError:
                continue
            if isinstance(entry, dict) and {"size", "mtime_ns", "crc32"} <= entry.keys():
                known[(stat.st_dev, stat.st_ino)] = entry
    return known


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
    When ``CURRENT`` is damaged, no generation is known to be unfinished: all are kept.
    """
    try:
        current = current_generation(directory)
    except IndexDamaged:
        current, keep = None, set(generations(directory))
    else:
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
    for leftover in directory.glob(".spool-*"):  # a build's parsed articles (index.build._Spool)
        shutil.rmtree(leftover, ignore_errors=True)


__all__ = [
    "IndexDamaged",
    "IndexLocked",
    "IndexMissing",
    "IndexOutdated",
    "IndexProblem",
    "IndexWriteError",
    "check_generation",
    "check_index",
    "current_generation",
    "disk_size",
    "index_meta",
    "open_index",
    "read_aliases",
    "write_error",
]
