"""One writer at a time: an exclusive lock on ``DIR/LOCK`` that names its holder.

The lock is a POSIX record lock (``fcntl.lockf``) on the file: the kernel drops it the
moment the holding process dies, however it dies, and it is not inherited by the worker
processes a build forks. The file's content (pid, host, start time) is only there to tell a
second writer who holds the lock; content found in a file nobody holds a lock on was left by
a writer that died, and is reported and cleared.
"""
from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import json
import os
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from index.errors import IndexLocked, write_error

LOCK_NAME = "LOCK"

# POSIX locks belong to the process, so two writers in one process would not exclude each
# other through the kernel; this set does it.
_held: set[str] = set()
_held_guard = threading.Lock()


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock."""

    pid: int
    host: str
    since: str  # ISO 8601, UTC

    def describe(self) -> str:
        started = _dt.datetime.fromisoformat(self.since)
        age = (_dt.datetime.now(_dt.timezone.utc) - started).total_seconds()
        return (
            f"pid {self.pid} on {self.host}, since {started:%Y-%m-%d %H:%M:%S} UTC "
            f"({_duration(age)} ago)"
        )

    @classmethod
    def parse(cls, text: str) -> "Holder | None":
        try:
            data = json.loads(text)
            return cls(pid=int(data["pid"]), host=str(data["host"]), since=str(data["since"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class Lock:
    """A held write lock; ``stale`` is the dead writer whose lock was cleared, if any."""

    path: Path
    stale: Holder | None


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def _read_holder(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    return Holder.parse(os.read(fd, 4096).decode("utf-8", "replace"))


def _locked_message(directory: Path, holder: Holder | None) -> str:
    who = holder.describe() if holder else "another process"
    return (
        f"the index at {directory} is being written by another `gazette index` ({who}); "
        "wait for it to finish, or stop that process and run the command again"
    )


@contextmanager
def write_lock(directory: Path) -> Iterator[Lock]:
    """Hold the index's write lock for the ``with`` block, or raise :class:`IndexLocked` at once."""
    path = directory / LOCK_NAME
    key = str(path.resolve())
    with _held_guard:
        if key in _held:
            raise IndexLocked(_locked_message(directory, Holder(os.getpid(), socket.gethostname(), _now())))
        _held.add(key)
    try:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise write_error(directory, error) from error
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    raise write_error(directory, error) from error
                raise IndexLocked(_locked_message(directory, _read_holder(fd))) from None
            stale = _read_holder(fd)
            try:
                me = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": _now()})
                os.ftruncate(fd, 0)
                os.pwrite(fd, me.encode("utf-8"), 0)
                os.fsync(fd)
            except OSError as error:
                raise write_error(directory, error) from error
            try:
                yield Lock(path, stale)
            finally:
                try:
                    os.ftruncate(fd, 0)
                except OSError:
                    pass  # the kernel lock goes with the close below; stale text is harmless
        finally:
            os.close(fd)  # releases the lockf lock
    finally:
        with _held_guard:
            _held.discard(key)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


__all__ = ["Holder", "IndexLocked", "Lock", "write_lock"]
