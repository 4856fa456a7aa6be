"""What can go wrong with an index, each with a message that tells the user what to do."""
from __future__ import annotations

import errno
import os
from pathlib import Path


class IndexProblem(Exception):
    """Base class: the message is meant for the user, as is."""


class IndexMissing(IndexProblem):
    """No committed index in the directory."""


class IndexOutdated(IndexProblem):
    """The index was built with another schema version and must be rebuilt."""


class IndexDamaged(IndexProblem):
    """A file of the index is missing, unreadable or not what was written; rebuild it."""


def damaged(directory: Path, name: str, what: str) -> IndexDamaged:
    """An :class:`IndexDamaged` naming the file (``name``, relative to ``directory``) and the fix."""
    return IndexDamaged(
        f"the index at {directory} is damaged: {name} {what}; "
        "run `gazette index --rebuild PATH...` to build it again"
    )


class IndexLocked(IndexProblem):
    """Another writer holds the index's write lock."""


class IndexWriteError(IndexProblem):
    """The index directory cannot be written (read-only, disk full...); the old index is intact."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def write_error(directory: Path, error: OSError) -> IndexWriteError:
    """An :class:`IndexWriteError` for an OS error met while writing the index at ``directory``."""
    reason = _REASONS.get(error.errno) or error.strerror or os.strerror(error.errno or 0)
    return IndexWriteError(
        f"cannot write the index at {directory}: {reason}"
        + (f" ({error.filename})" if error.filename else "")
        + "; the previous index is unchanged. Free some space or fix the permissions, "
        "or choose another directory with --index DIR"
    )
