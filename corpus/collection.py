"""What a folder says about its articles: a ``gazette.toml`` sidecar file.

A corpus rarely says in every article what it is. A folder can, once::

    # bbc/gazette.toml
    collection = "BBC News"     # the collection facet and --collection filter
    source = "BBC News"         # for articles that name no source
    year = 2005                 # for articles without a date (they stay undated by day)

Every key is optional. The file applies to every file under its folder; a sidecar deeper
down overrides the keys it sets. An article's own source and date always win over the
folder's. ``gazette index`` reads the sidecars, and reads a folder's files again when its
sidecar changes.
"""
from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path
from typing import Any

#: The sidecar's file name (never read as an article: ``.toml`` is no article format).
SIDECAR = "gazette.toml"
#: Keys a sidecar may set, and what each must be.
KEYS = {"collection": "a text", "source": "a text", "year": "a year such as 2005"}


class SidecarError(ValueError):
    """A sidecar file that cannot be used; the message names the file and the fix."""


def folder_defaults(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The defaults for the articles of the file at ``path``: every sidecar from the
    filesystem root down to the file's folder, the nearer overriding the farther."""
    return dict(_defaults(os.path.dirname(os.path.abspath(path))))


@functools.lru_cache(maxsize=4096)
def _defaults(folder: str) -> tuple[tuple[str, Any], ...]:
    parent = os.path.dirname(folder)
    merged = dict(_defaults(parent)) if parent != folder else {}
    merged.update(read_sidecar(Path(folder) / SIDECAR))
    return tuple(sorted(merged.items()))


def read_sidecar(path: Path) -> dict[str, Any]:
    """The keys of one sidecar file ({} when there is none). Raises :class:`SidecarError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SidecarError(f"{path}: cannot read it ({error.strerror or error})") from error
    try:
        found = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SidecarError(f"{path}: not a TOML file ({error}); write lines such as collection = \"BBC News\"") from error
    unknown = sorted(set(found) - set(KEYS))
    if unknown:
        raise SidecarError(f"{path}: unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
    for key, value in found.items():
        if key == "year":
            good = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999
        else:
            good = isinstance(value, str) and bool(" ".join(value.split()))
        if not good:
            raise SidecarError(f"{path}: {key} must be {KEYS[key]}, not {value!r}")
    return {key: value if key == "year" else " ".join(value.split()) for key, value in found.items()}


def clear_cache() -> None:
    """Forget the sidecars read (a build reads them afresh each run)."""
    _defaults.cache_clear()
