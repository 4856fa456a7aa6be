"""The index a server reads: a local index, with one searcher per committed generation
(reopened when ``gazette index`` commits a new one), or an OpenSearch cluster's index."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import search
from search.engine import Engine, open_engine
from index.errors import IndexMissing, IndexProblem
from index.store import current_generation

#: Attempts at opening the committed generation while builds keep replacing it.
OPEN_ATTEMPTS = 5


@dataclass
class Generation:
    """One committed generation and its searcher.

    A request takes one :class:`Generation` and answers from it alone (an export streams
    every page from it), so it is answered from the old state or the new one, never a mix.
    Whoosh's readers seek and read shared file handles, so one request at a time uses a
    searcher: :meth:`use` holds the lock.
    """

    name: str
    searcher: Engine
    lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def use(self) -> Iterator[Engine]:
        with self.lock:
            yield self.searcher


class IndexState:
    """Which generation of the index at ``directory`` requests are answered from."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory).expanduser()
        self._opening = threading.Lock()
        self._current: Generation | None = None

    def generation(self) -> Generation:
        """The committed generation, opened when it is not the one held (one small file read
        per request finds out). The generation held before is left to the requests using it:
        Python frees it when the last one finishes."""
        committed = _committed(self.directory)
        current = self._current
        if current is not None and current.name == committed:
            return current
        with self._opening:
            if self._current is None or self._current.name != _committed(self.directory):
                self._current = _open(self.directory)
            return self._current


def _committed(directory: Path) -> str:
    found = current_generation(directory)
    if found is None:
        raise IndexMissing(f"no index at {directory}; create one with `gazette index PATH` (or `--sample`)")
    return found.name


def _open(directory: Path) -> Generation:
    """Open the committed generation; the name read before and after opening must agree, so
    the searcher is known to read the generation it is named for."""
    for _ in range(OPEN_ATTEMPTS):
        before = _committed(directory)
        try:
            searcher = search.open(directory)
        except IndexProblem:
            if _committed(directory) == before:
                raise
            continue  # a build replaced (and pruned) it while it was being opened
        if _committed(directory) == before:
            return Generation(before, searcher)
        searcher.close()
    raise IndexProblem(f"the index at {directory} keeps changing while it is opened; try again when the build is done")


class EngineState:
    """A cluster's index (``--engine URL``): one engine answers every request. The cluster
    answers each request from one state of its own, so there is no generation to switch;
    the name is the engine's URL, shown in each answer's X-Gazette-Generation header."""

    def __init__(self, url: str) -> None:
        self._generation = Generation(url, open_engine(url, Path()))

    def generation(self) -> Generation:
        return self._generation
