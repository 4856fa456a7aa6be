"""Reading a corpus file's bytes safely: regular files only, and only so many bytes.

A corpus folder is whatever the user points at. Opening a FIFO blocks until a writer
comes, and a link to ``/dev/zero`` never ends; so a path is checked with ``stat`` before
it is opened, opened without blocking, checked again on the open file (it may have been
swapped in between), and read up to a size cap.

A ``.gz`` or ``.bz2`` copy of a supported file is decompressed (:func:`decompressed`) a
megabyte at a time up to the same cap on its decompressed size: a small "decompression
bomb" is refused after reading at most the cap, never inflated whole.
"""
from __future__ import annotations

import bz2
import errno
import os
import stat
import zlib
from pathlib import PurePath
from typing import BinaryIO

from corpus.readers.base import ReadError

#: Largest file read by default, in megabytes: about a hundred times the largest file of
#: the real corpora in ../shared (2.7 MB, an XML collection; a Reuters SGML file is 1.3 MB),
#: room for whole-archive exports, while a worker parsing one file needs a few times its
#: size in memory.
DEFAULT_MAX_FILE_MB = 256
#: Environment variable that raises (or lowers) the cap, in megabytes.
MAX_FILE_MB_VARIABLE = "GAZETTE_MAX_FILE_MB"

#: Bytes read at a time from a file that grows while it is read (and decompressed at a time).
_STEP = 2**20
#: Compressed copies of supported files that are read (``story.html.gz``, ``feed.jsonl.bz2``).
COMPRESSED = (".gz", ".bz2")

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def max_file_bytes() -> int:
    """The per-file cap: ``$GAZETTE_MAX_FILE_MB`` megabytes, else the default.

    Raises ValueError when the variable is not a positive number.
    """
    value = os.environ.get(MAX_FILE_MB_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_MB * 2**20
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0:  # also refuses nan
        raise ValueError(
            f"{MAX_FILE_MB_VARIABLE}={value!r} is not a positive number of megabytes"
            f" (unset it for the default, {DEFAULT_MAX_FILE_MB})"
        )
    return int(min(megabytes, 2**40) * 2**20)


def read_bytes(path: str | os.PathLike[str], limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (symbolic links followed) and its ``stat``.

    Raises :class:`ReadError` naming what is wrong: not a regular file (a FIFO, a device,
    a folder: none is opened), a broken or looping link, no permission, or more than
    ``limit`` bytes (default :func:`max_file_bytes`).
    """
    try:
        limit = max_file_bytes() if limit is None else limit
    except ValueError as error:
        raise ReadError(str(error)) from error
    try:
        _check_regular(os.stat(path), path)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise ReadError(_open_problem(error, path)) from error
    with open(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        _check_regular(status, path)  # the path may have been swapped since the first check
        _check_size(status.st_size, limit)
        try:
            data = _read_up_to(handle, status.st_size, limit)
        except OSError as error:
            raise ReadError(f"cannot read file: {_reason(error)}") from error
    _check_size(len(data), limit)  # the file grew after fstat
    return data, status


def _read_up_to(handle: BinaryIO, size: int, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: the ``size`` expected in one read (a read of ``limit``
    bytes would allocate that much whatever the file's size), then, should the file have
    grown, more in small steps."""
    chunks = [handle.read(size + 1)]
    total = len(chunks[0])
    while total > size and total <= limit:
        chunk = handle.read(min(_STEP, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(status: os.stat_result, path: str | os.PathLike[str]) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    for test, kind in _KINDS:
        if test(status.st_mode):
            if kind == "a folder":
                raise ReadError(_folder_problem(path))
            raise ReadError(f"{kind}, not a regular file")
    raise ReadError("not a regular file")


def _folder_problem(path: str | os.PathLike[str]) -> str:
    """Why a folder given as a file is not read: listing it fails (a folder the walk could
    not enter), or it is just a folder."""
    try:
        with os.scandir(path):
            pass
    except OSError as error:
        return f"cannot read folder: {_reason(error)}"
    return "is a folder, not a file"


def _open_problem(error: OSError, path: str | os.PathLike[str]) -> str:
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link (its target does not exist)"
    if error.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    return f"cannot read file: {_reason(error)}"


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise ReadError(
            f"too large ({size / 2**20:,.1f} MB, over the {limit / 2**20:,.0f} MB limit);"
            f" set {MAX_FILE_MB_VARIABLE} to read larger files"
        )


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def inner_path(path: PurePath) -> PurePath:
    """The path a compressed file would have decompressed: ``a/b.jsonl.gz`` -> ``a/b.jsonl``."""
    return path.with_suffix("") if path.suffix.lower() in COMPRESSED else path


def decompressed(path: str | os.PathLike[str], data: bytes, limit: int | None = None) -> bytes:
    """The content of a ``.gz`` or ``.bz2`` file (``data`` as is for any other file), at
    most ``limit`` bytes decompressed (default :func:`max_file_bytes`); several
    concatenated members or streams are read one after the other.

    Raises :class:`ReadError` for a damaged or truncated file, or one that decompresses to
    more than ``limit``.
    """
    suffix = PurePath(path).suffix.lower()
    if suffix not in COMPRESSED:
        return data
    try:
        limit = max_file_bytes() if limit is None else limit
    except ValueError as error:
        raise ReadError(str(error)) from error
    inflate = _gunzip if suffix == ".gz" else _bunzip
    try:
        return inflate(data, limit)
    except (zlib.error, OSError, EOFError, ValueError) as error:
        kind = "gzip" if suffix == ".gz" else "bzip2"
        raise ReadError(f"not a readable {kind} file ({error})") from error


def _gunzip(data: bytes, limit: int) -> bytes:
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = rest
        while not inflater.eof:
            out += inflater.decompress(pending, min(_STEP, limit + 1 - len(out)))
            _check_decompressed(len(out), limit)
            pending = inflater.unconsumed_tail
            if not pending and not inflater.eof:
                raise EOFError("the file ends before its compressed data does")
        rest = inflater.unused_data
        if not rest.strip(b"\0"):  # padding after the last member
            break
    return bytes(out)


def _bunzip(data: bytes, limit: int) -> bytes:
    out = bytearray()
    rest = data
    while rest:
        inflater = bz2.BZ2Decompressor()
        pending = rest
        while not inflater.eof:
            if inflater.needs_input and not pending:
                raise EOFError("the file ends before its compressed data does")
            out += inflater.decompress(pending, min(_STEP, limit + 1 - len(out)))
            _check_decompressed(len(out), limit)
            pending = b""
        rest = inflater.unused_data
    return bytes(out)


def _check_decompressed(size: int, limit: int) -> None:
    if size > limit:
        raise ReadError(
            f"too large decompressed (over the {limit / 2**20:,.0f} MB limit);"
            f" set {MAX_FILE_MB_VARIABLE} to read larger files"
        )
