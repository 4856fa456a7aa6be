"""Build or update the index from folders of articles: incremental, parallel, crash-safe.

One build, under the write lock:

1. walk the paths; a file whose size and mtime match the manifest is not opened; one whose
   content digest matches is not parsed;
2. parse the other files in worker processes (:func:`corpus.pipeline.read_path`);
3. resolve people across the whole corpus in this process (:func:`corpus.pipeline.finish`);
4. work out, per location (``path`` or ``path#position``), which articles were added,
   updated, removed or unchanged, and per document (one per content id, holding every path
   it was read at) what to write and delete;
5. write a new generation directory (see :mod:`index.store`) and publish it atomically.

A file that cannot be read is reported and skipped; if an earlier version of it was indexed,
its articles stay until a readable version replaces them. Files gone from disk lose their
articles only within a safe share of their folder (:func:`removal_is_safe`) or when allowed,
and a changed gazetteer re-finds people from the index's stored text
(:func:`_refind_people`): see :func:`build`.
"""
from __future__ import annotations

import errno
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable, Iterator, Sequence

from index import manifest as mf
from index import store
from index.errors import IndexDamaged, IndexOutdated, IndexProblem, IndexWriteError, write_error
from index.lock import Holder, write_lock

#: Below this many documents to write, one process writes faster than starting sub-writers.
PARALLEL_WRITE_MIN = 2000
#: Memory budget (estimated) of each writer process's posting pool
#: (:class:`index.postings.TermPool`), in MB: past it, sorted runs go to disk.
WRITER_MB = 256
#: Memory budget of the parsed articles a build holds between reading and writing, counted in
#: bytes of the files they came from (MB): past it, each file's parsed articles wait in a spool
#: file on disk (:class:`_Spool`), so that a build's memory follows this setting, not the corpus.
READ_MB = 256
#: Deflate level of posting blocks (Whoosh's default): since postings are compact
#: (:mod:`index.postings`), level 9 saves 0.8% of the postings for 30% more deflate time.
POSTINGS_COMPRESSION = 3


@dataclass(frozen=True)
class Progress:
    """A snapshot passed to the ``progress`` callback while a build runs."""

    stage: str  # "scanning", "reading", "writing", "committing"
    files_done: int
    files_total: int
    articles: int


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class BuildReport:
    """What a build did. Article counts are per location (an article read at two paths counts
    twice); ``documents`` is the number of distinct articles (content ids) in the index."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    articles: int = 0
    documents: int = 0
    seconds: float = 0.0
    committed: bool = False
    stale_lock: Holder | None = None
    #: Gazetteer changed: documents whose people were found again from their stored text,
    #: and how many of them got other people or leaders.
    reresolved: int = 0
    people_changed: int = 0
    #: Removals held back (:class:`Removal`): the articles stay in the index.
    kept: list["Removal"] = field(default_factory=list)
    dry_run: bool = False
    #: A rebuild over a damaged index: what was damaged (the rebuild does without it).
    damage: str | None = None
    #: Files of types no reader handles, found in the folders walked (not read).
    unsupported: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return (self.added + self.updated) / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Removal:
    """Files indexed under ``root`` that are gone from disk, and their articles.

    A build removes them when few, or when ``allow_removal`` says yes (``--prune``, or the
    user's answer); an empty or unmounted folder would otherwise wipe its articles.
    """

    root: str
    files: int
    articles: int
    of_articles: int  # every article indexed under root before this run

    @property
    def everything(self) -> bool:
        return self.articles >= self.of_articles


#: A build removes without asking at most this share of a folder's articles...
SAFE_REMOVAL_SHARE = 0.1
#: ...or at most this many, whichever is more (but never all of them).
SAFE_REMOVAL_ARTICLES = 10


def removal_is_safe(removal: Removal) -> bool:
    """Few enough articles to remove without ``--prune`` or a confirmation."""
    if removal.articles == 0:
        return True
    if removal.everything:
        return False
    return removal.articles <= max(SAFE_REMOVAL_ARTICLES, SAFE_REMOVAL_SHARE * removal.of_articles)


@dataclass
class _FileRead:
    """A worker's answer for one file."""

    path: str
    size: int
    mtime_ns: int
    digest: str
    same: bool = False  # content identical to the manifest's: not parsed
    result: Any = None  # corpus.pipeline.FileResult
    error: str | None = None
    #: The manifest rows of its articles ([id, position, people, loose] as found, before the
    #: corpus-wide resolution), and where its drafts wait when spooled (result.drafts is then None).
    rows: list[mf.Row] | None = None
    spooled: Path | None = None


def _rows(read: _FileRead) -> list[mf.Row]:
    if read.rows is None:
        read.rows = [[draft.id, draft.raw.position, list(draft.found.people), list(draft.found.loose)]
                     for draft in read.result.drafts]
    return read.rows


class _Spool:
    """Parsed files waiting for the writing stage: in memory up to ``budget`` bytes (of the
    files read), then in a private temporary folder of the index directory, one pickle per
    file, written and read back by this build only."""

    PREFIX = ".spool-"

    def __init__(self, directory: Path, budget: int) -> None:
        self.directory, self.budget, self.held = directory, budget, 0
        self.folder: Path | None = None

    def keep(self, read: _FileRead) -> None:
        if read.result is None or not read.result.drafts:
            return
        _rows(read)
        if self.held + read.size <= self.budget:
            self.held += read.size
            return
        import pickle
        import tempfile

        try:
            if self.folder is None:
                self.folder = Path(tempfile.mkdtemp(prefix=self.PREFIX, dir=self.directory))
            spooled = self.folder / f"{len(os.listdir(self.folder))}.pickle"
            with open(spooled, "wb") as handle:
                pickle.dump(read.result.drafts, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # a full disk: held in memory; writing the index will say what is wrong
            return
        read.spooled, read.result.drafts = spooled, None

    @staticmethod
    def drafts(read: _FileRead) -> list[Any]:
        if read.spooled is None:
            return read.result.drafts
        import pickle

        with open(read.spooled, "rb") as handle:
            return pickle.load(handle)

    def close(self) -> None:
        if self.folder is not None:
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)


# -- worker side -------------------------------------------------------------------------


def _start_worker(parent: int) -> None:
    """Set up a worker process of the build.

    Ctrl-C is the build process's to handle (it cancels the work and exits), so workers
    ignore SIGINT; and they exit by themselves when the build process dies (e.g. SIGKILL)
    instead of lingering.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held while forking us

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


#: A file to read: its path, its digest in the manifest, the user's gazetteer files.
Task = tuple[str, "str | None", tuple[Path, ...]]


def _read_file(task: Task) -> _FileRead:
    from corpus.files import read_bytes
    from corpus.pipeline import read_path
    from corpus.readers.base import Handoff, ReadError

    path, known_digest, gazetteers = task
    try:  # regular files only (a FIFO would block), up to the size cap
        data, stat = read_bytes(path)
    except ReadError as error:
        return _FileRead(path, 0, 0, "", error=str(error))
    read = _FileRead(path, stat.st_size, stat.st_mtime_ns, mf.digest(data))
    if read.digest == known_digest:
        read.same = True
        return read
    handed = Handoff(data)  # the bytes are read once, and not held here while they are parsed
    del data
    try:
        read.result = read_path(Path(path), gazetteers, handed)
    except Exception as error:  # a reader bug must not stop the run: report the file
        read.error = f"{type(error).__name__}: {error}"
    return read


def _in_workers(function: Callable[[Any], Any], items: list[Any], jobs: int, chunksize: int) -> Iterator[Any]:
    """``map(function, items)`` in forked worker processes (in this process for one job or item)."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    import multiprocessing

    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(items)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        with _ctrl_c_held():  # map submits every task now, forking the workers
            results = pool.map(function, items, chunksize=chunksize)
        yield from results
    except BaseException:  # Ctrl-C, or a failure while handling results: drop the rest
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def read_all(tasks: list[Task], jobs: int) -> Iterator[_FileRead]:
    # Big files first so that the last worker does not finish long after the others.
    ordered = sorted(tasks, key=lambda task: -_size(task[0]))
    yield from _in_workers(_read_file, ordered, jobs, chunksize=1 if len(ordered) < 200 else 8)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while processes are forked, and deliver it after.

    CPython raises KeyboardInterrupt at the next bytecode after the signal; when that falls in
    an at-fork callback (``logging`` registers one), the exception is printed as "ignored" and
    dropped, and the build goes on as if Ctrl-C had not been pressed. The children start with
    it held too, until they ignore it (:func:`_start_worker`).
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# -- planning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    rebuild: bool
    jobs: int
    gazetteers: tuple[Path, ...]
    allow_removal: Callable[[Removal], bool]
    dry_run: bool
    read_mb: int = READ_MB


def build(
    paths: Sequence[Path | str],
    directory: Path | str,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    gazetteers: Sequence[Path] = (),
    allow_removal: Callable[[Removal], bool] | None = None,
    dry_run: bool = False,
    read_mb: int = READ_MB,
) -> BuildReport:
    """Index the articles under ``paths`` into the index at ``directory``; see the module doc.

    No run drops articles silently:

    - files deleted under ``paths`` lose their articles only when that is a small share of the
      folder's articles (:func:`removal_is_safe`) or ``allow_removal`` says yes; otherwise the
      articles stay and ``report.kept`` says so (an empty or unmounted folder);
    - ``rebuild`` re-reads every file the index holds, not only ``paths``;
    - when ``gazetteers`` (or the built-in gazetteer) differ from the last build's, the people
      of every indexed article are found again from its stored text (``report.reresolved``),
      whatever ``paths`` are: no file outside them is read.

    ``dry_run`` does everything but write: the report says what a run would do. ``read_mb``
    bounds the parsed articles held in memory (:data:`READ_MB`).

    Raises :class:`index.errors.IndexLocked` when another build runs,
    :class:`index.errors.IndexOutdated` when the index needs ``rebuild=True``, and
    :class:`index.errors.IndexWriteError` when the directory cannot be written (the previous
    index is then unchanged).
    """
    started = time.perf_counter()
    directory = Path(directory)
    options = _Options(
        rebuild=rebuild,
        jobs=jobs or os.cpu_count() or 1,
        gazetteers=tuple(map(Path, gazetteers)),
        allow_removal=allow_removal or (lambda removal: False),
        dry_run=dry_run,
        read_mb=read_mb,
    )
    notify = progress or (lambda state: None)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(directory, error) from error
    with write_lock(directory) as lock:
        report = BuildReport(stale_lock=lock.stale, dry_run=dry_run)
        try:
            store.prune(directory)
        except OSError:
            pass  # leftovers are removed by a later build
        spool = _Spool(directory, options.read_mb << 20)
        try:
            _build_locked(paths, directory, options, notify, report, spool)
        finally:
            spool.close()
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(
    paths: Sequence[Path | str],
    directory: Path,
    options: _Options,
    notify: Callable[[Progress], None],
    report: BuildReport,
    spool: _Spool,
) -> None:
    previous, old_meta, old, readable = _previous_state(directory, options, report)
    old_files = old.files
    signature = people_signature(options.gazetteers)
    refind = readable and not options.rebuild and old_meta.get("people_signature", signature) != signature

    notify(Progress("scanning", 0, 0, 0))
    roots = [Path(os.path.abspath(p)) for p in paths]
    new_files, tasks, gone = _scan(roots, old_files, report, options, directory)
    pruned = _hold_back_removals(gone, old_files, roots, new_files, options, report)
    if options.rebuild and report.kept and not readable:
        removal = report.kept[0]
        raise IndexProblem(
            f"--rebuild cannot keep the {removal.articles:,} articles of {removal.files:,} files gone from "
            f"{removal.root} (the index was built by another version of Gazette): restore the files, "
            "or add --prune to drop their articles"
        )
    reads = _read(tasks, options.jobs, notify, spool)
    fresh = _sort_reads(reads, old_files if readable else {}, new_files, report)
    refound = _refind_people(previous, old, new_files, fresh, options) if refind else {}
    learned = _learned(old, new_files, fresh, whole=options.rebuild or refind)
    articles, restyled = resolve(fresh, new_files, refound, options.gazetteers, learned, spool.drafts)
    report.reresolved, report.people_changed = len(refound), len(restyled)
    report.files_read = len(fresh)
    for path, entry in new_files.items():
        if path not in fresh and path in old_files:
            report.files_unchanged += 1
            report.skipped.extend(Skipped(path, reason) for reason in entry.get("problems", ()))

    unchanged = not options.rebuild and not refind and _same_entries(old_files, new_files)
    if previous is not None and unchanged and old_meta.get("articles") is not None:
        # Nothing changed: no new generation (and no need to map every article).
        report.unchanged = report.articles = old_meta["articles"]
        report.documents = old_meta["documents"]
        return

    # A rebuild adds every article again; the others count against the last index.
    _count_articles(old, {} if options.rebuild else old_files, new_files, report)
    if options.rebuild:
        report.removed += pruned
    before, after = _documents(old, new_files, options.rebuild)
    old_docs, new_docs = _spelled(before), _spelled(after)
    delete = [doc for doc in old_docs if doc not in new_docs]
    redescribed = {
        row[0] for path, entry in new_files.items()
        if path in old_files and entry is not old_files[path] and entry.get("defaults") != old_files[path].get("defaults")
        for row in old.rows(path, entry)
    }
    write = [doc for doc, where in new_docs.items() if old_docs.get(doc) != where or doc in restyled or doc in redescribed]
    # The articles of one file after another (see _Articles), then those made from stored fields.
    wanted = set(write)
    write = [doc for doc in articles if doc in wanted] + [doc for doc in write if doc not in articles]
    report.articles = sum(mf.count(entry) for entry in new_files.values())
    if options.rebuild or not old_files:
        report.documents = len(new_docs)
    elif old_meta.get("documents") is None:  # an index from before meta.json counted them
        report.documents = len(_documents(old, new_files, whole=True)[1])
    else:
        report.documents = old_meta["documents"] - len(delete) + sum(1 for doc in new_docs if doc not in old_docs)
    if options.dry_run:
        return

    total = len(tasks)
    notify(Progress("writing", total, total, len(articles)))
    generation = directory / store.generation_name(
        max([store.generation_number(g) for g in store.generations(directory)] + [0]) + 1
    )
    try:
        _write_generation(
            generation,
            previous if readable else None,
            options.rebuild,
            delete,
            {doc: new_docs[doc] for doc in write},
            articles,
            restyled,
            options.jobs,
            _defaults(new_files, write, after),
        )
        notify(Progress("committing", total, total, len(articles)))
        _finish_generation(generation, old, new_files, learned, options.rebuild, report, options.gazetteers, signature)
        store.publish(directory, generation)
    except OSError as error:
        _discard(generation)
        raise write_error(directory, error) from error
    except BaseException:
        _discard(generation)
        raise
    report.committed = True
    try:
        store.prune(directory)
    except OSError:
        pass


def _previous_state(
    directory: Path, options: _Options, report: BuildReport
) -> tuple[Path | None, dict[str, Any], mf.Manifest, bool]:
    """The committed generation, its meta and manifest, and whether its documents can be
    read with this schema (not outdated, every file as sealed).

    An incremental run refuses an outdated or damaged index (:class:`IndexProblem`); a rebuild
    takes whatever is still readable (``report.damage`` names the rest): the manifest lets it
    read every indexed file again, the documents let it keep those of files that are gone.
    """
    previous, meta, manifest, readable = None, {}, mf.Manifest({}), False
    try:
        previous = store.current_generation(directory)
        if previous is None:
            return previous, meta, manifest, readable
        meta = store.read_meta(previous)
        store.check_version(directory, meta)
        store.check_generation(previous)
        readable = True
    except IndexDamaged as error:
        if not options.rebuild:
            raise
        report.damage = str(error)
    except IndexOutdated:
        if not options.rebuild:
            raise
    if previous is not None:
        try:
            manifest = mf.Manifest.open(previous)
        except IndexDamaged as error:
            if not options.rebuild:
                raise
            report.damage = str(error)
    return previous, meta, manifest, readable


def _scan(
    roots: list[Path],
    old_files: dict[str, mf.Entry],
    report: BuildReport,
    options: _Options,
    directory: Path,
) -> tuple[dict[str, mf.Entry], list[Task], list[str]]:
    """Carry over the entries of files unchanged by size and mtime; list the others to read.

    The index's own files are never read, even when the index lies inside a corpus folder.

    Returns the carried entries, the files to read, and the files indexed before that are
    gone from disk, under ``roots`` (or anywhere, for a rebuild, which reads every indexed
    file again). Files under other paths (another corpus in the same index) are left alone.
    """
    from corpus.collection import SidecarError, clear_cache, folder_defaults
    from corpus.pipeline import iter_files

    clear_cache()
    seen: set[str] = set()
    tasks: list[Task] = []
    new_files: dict[str, mf.Entry] = {}
    own = [Path(os.path.abspath(directory))]

    def visit(path: str) -> None:
        seen.add(path)
        entry = old_files.get(path)
        try:
            stat = os.stat(path)
        except OSError as error:
            report.skipped.append(Skipped(path, error.strerror or str(error)))
            if entry:
                new_files[path] = entry
            return
        try:
            defaults = folder_defaults(path)
        except SidecarError as error:
            raise IndexProblem(str(error)) from None
        if entry and entry.get("defaults", {}) != defaults:  # its folder's gazette.toml changed
            entry = None
        if entry and not options.rebuild and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
            new_files[path] = entry
        else:
            tasks.append((path, None if options.rebuild or not entry else entry["digest"], options.gazetteers))

    unsupported: list[Path] = []
    for found_path in iter_files(roots, unsupported):
        path = os.path.abspath(found_path)
        if not mf.is_under(path, own):
            visit(path)
    report.unsupported = sorted(os.path.abspath(p) for p in unsupported if not mf.is_under(os.path.abspath(p), own))
    # A folder that could not be listed (permissions, I/O) is yielded as such and reported
    # when read: the files indexed under it are not gone, only unseen.
    unlisted = [Path(task[0]) for task in tasks if os.path.isdir(task[0])]
    gone: list[str] = []
    for path, entry in old_files.items():
        if path in seen:
            continue
        if unlisted and mf.is_under(path, unlisted):
            new_files[path] = entry
            continue
        if not options.rebuild and not mf.is_under(path, roots):
            new_files[path] = entry
        elif options.rebuild and os.path.lexists(path) and not mf.is_under(path, roots):
            visit(path)
        else:
            gone.append(path)
    return new_files, tasks, gone


def _hold_back_removals(
    gone: list[str],
    old_files: dict[str, mf.Entry],
    roots: list[Path],
    new_files: dict[str, mf.Entry],
    options: _Options,
    report: BuildReport,
) -> int:
    """Remove the articles of the files in ``gone``, folder by folder, unless that would remove
    many of a folder's articles without the user's say: then they stay (``report.kept``).
    Returns how many articles go."""
    removed = 0
    by_root: dict[Path, list[str]] = {}
    for path in gone:
        root = next((root for root in roots if mf.is_under(path, [root])), Path(path).parent)
        by_root.setdefault(root, []).append(path)
    for root, files in sorted(by_root.items()):
        removal = Removal(
            root=str(root),
            files=len(files),
            articles=sum(mf.count(old_files[path]) for path in files),
            of_articles=sum(mf.count(entry) for path, entry in old_files.items() if mf.is_under(path, [root])),
        )
        if removal_is_safe(removal) or options.allow_removal(removal):
            report.files_removed += removal.files
            removed += removal.articles
        else:
            report.kept.append(removal)
            new_files.update((path, old_files[path]) for path in files)
    return removed


def _read(
    tasks: list[Task], jobs: int, notify: Callable[[Progress], None], spool: _Spool
) -> list[_FileRead]:
    reads: list[_FileRead] = []
    articles = 0
    notify(Progress("reading", 0, len(tasks), 0))
    for done, read in enumerate(read_all(tasks, jobs), 1):
        reads.append(read)
        spool.keep(read)
        if read.rows is not None:
            articles += len(read.rows)
        notify(Progress("reading", done, len(tasks), articles))
    return sorted(reads, key=lambda read: read.path)


def _sort_reads(
    reads: list[_FileRead],
    old_files: dict[str, mf.Entry],
    new_files: dict[str, mf.Entry],
    report: BuildReport,
) -> dict[str, tuple[_FileRead, list[str]]]:
    """The files whose articles replace their entry; the others keep (or lack) one."""
    fresh: dict[str, tuple[_FileRead, list[str]]] = {}
    for read in reads:
        entry = old_files.get(read.path)
        if read.same:
            new_files[read.path] = dict(entry, size=read.size, mtime_ns=read.mtime_ns)
            continue
        problems = [] if read.result is None else [p.reason for p in read.result.problems]
        if read.error:
            problems.insert(0, read.error)
        if read.result is None or not (read.rows or read.result.drafts):
            reason = "; ".join(problems) or "no article found"
            if entry:
                kept = mf.count(entry)
                reason += f" (kept its {kept} article{'s' * (kept != 1)} from the last readable version)"
                new_files[read.path] = entry
            report.skipped.append(Skipped(read.path, reason))
            continue
        report.skipped.extend(Skipped(read.path, reason) for reason in problems)
        fresh[read.path] = (read, problems)
    return fresh


#: Documents per task when people are found again in worker processes.
_REFIND_CHUNK = 256


def _find_people(chunk: list[tuple[str, str, str, str]], gazetteers: tuple[Path, ...]) -> list[tuple[str, Any]]:
    """(id, headline, body, ISO date or "") -> (id, corpus.people.Found), in a worker process.
    The date picks who a dated name means, as when the article was read."""
    import datetime as _dt

    from corpus.pipeline import _finder

    finder = _finder(gazetteers)
    return [
        (doc, finder.find(headline, body, _dt.date.fromisoformat(date) if date else None))
        for doc, headline, body, date in chunk
    ]


def find_people_again(
    texts: list[tuple[str, str, str, str]], gazetteers: tuple[Path, ...], jobs: int
) -> dict[str, Any]:
    """id -> corpus.people.Found for stored (id, headline, body, ISO date or "") texts, found
    in worker processes: the people of indexed articles after the gazetteer or the finder
    changed, without reading their files again (the local index and the cluster alike)."""
    import functools

    chunks = [texts[start : start + _REFIND_CHUNK] for start in range(0, len(texts), _REFIND_CHUNK)]
    found: dict[str, Any] = {}
    for part in _in_workers(functools.partial(_find_people, gazetteers=gazetteers), chunks, jobs, 1):
        found.update(part)
    return found


def record_found(
    files: dict[str, mf.Entry],
    fresh: Mapping[str, Any],
    found: Mapping[str, Any],
    rows_of: Callable[[str, mf.Entry], list[mf.Row]],
) -> None:
    """Put the people ``found`` again into the manifest rows of the files not read this run."""
    for path, entry in files.items():
        rows = [] if path in fresh else rows_of(path, entry)
        if not any(row[0] in found for row in rows):
            continue
        rows = [
            [doc, position, list(found[doc].people), list(found[doc].loose)] if doc in found else [doc, position, people, loose]
            for doc, position, people, loose in rows
        ]
        files[path] = {**{k: v for k, v in entry.items() if k != "count"}, "articles": rows}


def _refind_people(
    previous: Path | None,
    old: mf.Manifest,
    new_files: dict[str, mf.Entry],
    fresh: dict[str, Any],
    options: _Options,
) -> dict[str, tuple[Any, dict[str, Any]]]:
    """The gazetteer changed: find the people of every indexed document that no file re-read
    this run holds, from the headline and body stored in the index, and record them in the
    manifest entries. Returns id -> (Found, stored fields)."""
    from index import whoosh_fixes

    wanted = {row[0] for path, entry in new_files.items() if path not in fresh for row in old.rows(path, entry)}
    if previous is None or not wanted:
        return {}
    whoosh_fixes.apply()
    stored: dict[str, dict[str, Any]] = {}
    with _storage(previous).open_index().reader() as reader:
        for _docnum, fields in reader.iter_docs():
            if fields.get("id") in wanted:
                stored[fields["id"]] = fields
    texts = [
        (doc, fields.get("headline") or "", fields.get("body") or "", fields.get("date") or "")
        for doc, fields in stored.items()
    ]
    found = find_people_again(texts, options.gazetteers, options.jobs)
    record_found(new_files, fresh, found, old.rows)
    return {doc: (found[doc], stored[doc]) for doc in found}


def _learned(old: mf.Manifest, new_files: dict[str, mf.Entry], fresh: dict[str, Any], whole: bool) -> Counter:
    """What the name resolver learns from the articles not read this run: the people found in
    each row of the files in ``new_files`` but not in ``fresh``.

    Taken from the statistics stored with the manifest, less the rows of files gone or read
    again: the cost follows the change. ``whole`` (a rebuild; a changed gazetteer, whose
    rows are new) counts every row instead, as does an index whose manifest has no statistics.
    """
    stored = None if whole else old.people()
    if stored is None:
        counts: Counter = Counter()
        for path, entry in new_files.items():
            if path not in fresh:
                mf.people_counts(old.rows(path, entry), counts)
        return counts
    for path, entry in old.files.items():
        now = new_files.get(path)
        if now is None or (now is not entry and "articles" in now):  # gone, or read again
            stored.subtract(mf.people_counts(old.rows(path, entry)))
    return Counter({name: number for name, number in stored.items() if number > 0})


def _corpus_names(gazetteer: Any, counts: Counter) -> Any:
    """A :class:`corpus.people.CorpusNames` that learned ``counts`` (name -> articles naming it).

    The same state as ``learn`` called once per article, in the order names were first seen,
    without a call per article: an incremental run learns the stored statistics of the whole
    index. tests/test_index_manifest.py checks the two agree.
    """
    from corpus.people import CorpusNames, surname_keys

    names = CorpusNames(gazetteer)
    for person, number in counts.items():
        names._forms[person] += number
        if " " in person:
            for key in surname_keys(person, gazetteer):
                names._by_key[key][person] += number
    names._preferred = None
    return names


def resolve(
    fresh: dict[str, tuple[_FileRead, list[str]]],
    new_files: dict[str, mf.Entry],
    refound: dict[str, tuple[Any, dict[str, Any]]],
    gazetteers: tuple[Path, ...],
    learned: Counter | None = None,
    drafts_of: Callable[[_FileRead], list[Any]] = _Spool.drafts,
) -> tuple["_Articles", dict[str, tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]]]:
    """Resolve people across the corpus, make the articles of the files read, record them.

    The resolver learns from every article in the index, re-read or not: ``learned`` counts
    the people of the articles not read (:func:`_learned`; by default, from the rows of the
    entries in ``new_files``), and gets those of the files read added. Returns id -> Article
    for the files read (made when asked: :class:`_Articles`), and id -> (stored fields,
    people, leaders) for the ``refound`` documents whose people or leaders changed.
    """
    if learned is None:
        learned = Counter()
        for path, entry in new_files.items():
            if path not in fresh:
                mf.people_counts(entry["articles"], learned)
    for read, _problems in fresh.values():
        mf.people_counts(_rows(read), learned)
    if not fresh and not refound:
        return _Articles({}, None, None, drafts_of), {}
    from corpus.collection import folder_defaults
    from corpus.people import leaders_of
    from corpus.pipeline import load_gazetteer
    from index.schema import people_fields

    gazetteer = load_gazetteer(gazetteers)
    names = _corpus_names(gazetteer, learned)
    for path, (read, problems) in fresh.items():
        new_files[path] = {
            "size": read.size,
            "mtime_ns": read.mtime_ns,
            "digest": read.digest,
            "articles": _rows(read),
            "problems": problems,
        }
        defaults = folder_defaults(path)
        if defaults:
            new_files[path]["defaults"] = defaults
    restyled = {}
    for doc, (found, stored) in refound.items():
        people = names.resolve(found)
        leaders = leaders_of(people, gazetteer)
        fields = people_fields(people, leaders)
        if any(fields[name] != stored.get(name, "") for name in ("people", "leaders")):
            restyled[doc] = (stored, people, leaders)
    return _Articles(fresh, names, gazetteer, drafts_of), restyled


class _Articles(Mapping):
    """id -> :class:`corpus.article.Article` for the files read, made one file at a time when
    asked (pass 2, :func:`corpus.pipeline.finish`): only one file's articles are in memory.

    An id read in several files is the article of the last of them (in path order). Iterating
    gives the ids file by file, the order in which looking them up costs one pass per file.
    """

    def __init__(self, fresh: dict[str, tuple[_FileRead, list[str]]], names: Any, gazetteer: Any,
                 drafts_of: Callable[[_FileRead], list[Any]]) -> None:
        self._fresh, self._names, self._gazetteer, self._drafts_of = fresh, names, gazetteer, drafts_of
        self._where: dict[str, str] = {}
        for path in sorted(fresh):
            for row in _rows(fresh[path][0]):
                self._where[row[0]] = path
        rank = {path: number for number, path in enumerate(sorted(fresh))}
        self._order = sorted(self._where, key=lambda doc: rank[self._where[doc]])
        self._path: str | None = None
        self._made: dict[str, Any] = {}

    def __getitem__(self, doc: str) -> Any:
        path = self._where[doc]
        if path != self._path:
            from corpus.pipeline import finish

            self._made = {}  # the previous file's articles go first
            drafts = self._drafts_of(self._fresh[path][0])
            self._made = {article.id: article for article in finish(drafts, self._names, self._gazetteer)}
            self._path = path
        return self._made[doc]

    def __contains__(self, doc: object) -> bool:
        return doc in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._where)


def _same_entries(old: dict[str, mf.Entry], new: dict[str, mf.Entry]) -> bool:
    """Whether a run changed no file's entry (carried entries are the manifest's own objects)."""
    return old.keys() == new.keys() and all(new[path] is entry or new[path] == entry for path, entry in old.items())


def _count_articles(manifest: mf.Manifest, old: dict[str, mf.Entry], new: dict[str, mf.Entry],
                    report: BuildReport) -> None:
    """Per-location counts: an edited article is 'updated', not removed and added. Only the
    rows of the files whose entry changed are read."""
    for path in old.keys() | new.keys():
        if old.get(path) is new.get(path):
            report.unchanged += mf.count(new[path])
            continue
        before = mf.locations(path, {"articles": manifest.rows(path, old[path])}) if path in old else {}
        after = mf.locations(path, {"articles": manifest.rows(path, new[path])}) if path in new else {}
        for where, article in after.items():
            if where not in before:
                report.added += 1
            elif before[where] != article:
                report.updated += 1
            else:
                report.unchanged += 1
        report.removed += sum(1 for where in before if where not in after)


Places = dict[str, list[tuple[str, "int | None"]]]  # id -> (path, position) of each row holding it


def _documents(old: mf.Manifest, new_files: dict[str, mf.Entry], whole: bool) -> tuple[Places, Places]:
    """Where the documents this run touches were read, before and after it: those of the
    files gone or read again (found through the manifest's id index, not by mapping every
    article). ``whole``: every document after, none before (a rebuild)."""
    after: Places = {}
    if whole:
        for path, entry in new_files.items():
            for row in old.rows(path, entry):
                after.setdefault(row[0], []).append((path, row[1]))
        return {}, after
    replaced = {path for path in old.files if path not in new_files}
    replaced |= {path for path, entry in new_files.items() if entry is not old.files.get(path) and "articles" in entry}
    touched = {row[0] for path in replaced if path in old.files for row in old.rows(path)}
    touched |= {row[0] for path in replaced if path in new_files for row in new_files[path]["articles"]}
    before = old.where(touched)
    for doc, places in before.items():
        kept = [place for place in places if place[0] not in replaced]
        if kept:
            after[doc] = kept
    for path in replaced:
        for row in new_files.get(path, {}).get("articles", ()):
            after.setdefault(row[0], []).append((path, row[1]))
    return before, after


def _spelled(places: Places) -> dict[str, list[str]]:
    """id -> its sorted locations (``path#position``), as documents store them."""
    return {doc: sorted(mf.location(*place) for place in found) for doc, found in places.items()}


def _defaults(new_files: dict[str, mf.Entry], write: list[str], places: Places) -> dict[str, dict[str, Any]]:
    """id -> the folder defaults of the first file (in path order) holding it with some, for
    the documents written."""
    found: dict[str, dict[str, Any]] = {}
    for doc in write:
        for path in sorted({path for path, _position in places[doc]}):
            defaults = new_files.get(path, {}).get("defaults")
            if defaults:
                found[doc] = defaults
                break
    return found


def _discard(generation: Path) -> None:
    import shutil

    shutil.rmtree(generation, ignore_errors=True)


def _link_generation(source: Path, target: Path) -> None:
    """Share the previous generation's Whoosh files (immutable once written) with ``target``;
    the build writes the others (manifest, meta, search tables) anew."""
    for child in source.iterdir():
        if (not child.is_file() or child.suffix == ".json" or child.name.endswith("WRITELOCK")
                or child.name in (mf.FILENAME, store.TABLES)):
            continue
        try:
            os.link(child, target / child.name)
        except OSError:
            import shutil

            shutil.copy2(child, target / child.name)


class _WatchedQueue:
    """The parent's end of the sub-writers' bounded job queue: a put that waits for a place
    checks between tries that every sub-writer is alive (a dead one would block it for ever)."""

    def __init__(self, queue: Any, check: Callable[[], None]) -> None:
        self.queue, self.check = queue, check

    def put(self, item: Any) -> None:
        import queue

        while True:
            try:
                return self.queue.put(item, timeout=0.5)
            except queue.Full:
                self.check()


def _watched_mp_writer():
    """Whoosh's multi-process writer, with sub-writers that exit when the build dies, and a
    build that stops with the sub-writer's error (disk full...) when one fails."""
    import multiprocessing

    from whoosh.multiproc import MpWriter, SubWriterTask

    class WatchedTask(SubWriterTask):
        def run(self) -> None:
            import whoosh.multiproc

            from index.postings import PoolSegmentWriter

            _start_worker(self._parent_pid)
            # This process only: the sub-writer Whoosh's task creates is Gazette's faster one.
            whoosh.multiproc.SegmentWriter = PoolSegmentWriter
            try:
                super().run()
            except OSError as error:  # the build process reports it, once
                self._failures.put((error.errno, error.strerror or str(error), error.filename))
                raise SystemExit(1) from None  # exits flushing the queue, printing nothing

    class WatchedMpWriter(MpWriter):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.failures = multiprocessing.Queue()
            self.jobqueue = _WatchedQueue(self.jobqueue, self.check)

        def _new_task(self):
            task = WatchedTask(
                self.storage, self.indexname, self.jobqueue.queue, self.resultqueue, self.subargs, self.multisegment
            )
            task._parent_pid = os.getpid()
            task._failures = self.failures
            self.tasks.append(task)
            with _ctrl_c_held():
                task.start()
            return task

        def check(self) -> None:
            """Raise the error of a sub-writer that failed."""
            import queue

            for task in self.tasks:
                if task.exitcode:
                    try:
                        number, reason, filename = self.failures.get(timeout=2)
                    except queue.Empty:
                        raise IndexProblem(
                            f"a writer process died (exit code {task.exitcode}); the previous index is unchanged"
                        ) from None
                    raise OSError(number, reason, filename)

        def commit(self, *args: Any, **kwargs: Any) -> None:
            self.check()
            super().commit(*args, **kwargs)
            self.check()

        def cancel(self) -> None:
            # Whoosh's cancel only flags its copies of the tasks and then deletes the job
            # files, under sub-writers still reading them (a traceback each on Ctrl-C):
            # stop the sub-writers first.
            for task in self.tasks:
                task.terminate()
            for task in self.tasks:
                task.join(timeout=10)
            if not self.is_closed:  # a sub-writer's failure can surface after the commit
                super().cancel()

    return WatchedMpWriter


def _write_generation(
    generation: Path,
    previous: Path | None,
    rebuild: bool,
    delete: list[str],
    write: dict[str, list[str]],
    articles: Mapping[str, Any],
    restyled: dict[str, tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]],
    jobs: int,
    defaults: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Write the documents of ``write`` (id -> paths) into ``generation``: a copy of
    ``previous`` less ``delete`` and the rewritten documents, or a new index for a rebuild.

    A document is made from its article when its file was read, else from the stored fields
    of ``previous`` (its paths changed, or its people: ``restyled``).
    """
    from whoosh.codec.whoosh3 import W3Codec
    from index import whoosh_fixes
    from index.postings import PoolSegmentWriter
    from index.schema import build_schema, document, document_from_stored, people_fields

    whoosh_fixes.apply()  # before the sub-writers fork, so that they have the fixes too
    generation.mkdir()
    storage = _storage(generation)
    stored: dict[str, dict[str, Any]] = {doc: fields for doc, (fields, _people, _leaders) in restyled.items()}
    missing = [doc for doc in write if doc not in articles and doc not in stored]
    if missing and previous is not None:
        # Documents that were not re-read: rebuild them from their stored fields.
        with _storage(previous).open_index().searcher() as searcher:
            for doc in missing:
                fields = searcher.document(id=doc)
                if fields is not None:
                    stored[doc] = fields
    if previous is None or rebuild:
        ix = storage.create_index(build_schema())
    else:
        _link_generation(previous, generation)
        ix = storage.open_index()
    codec = W3Codec(compression=POSTINGS_COMPRESSION)
    if len(write) >= PARALLEL_WRITE_MIN and jobs > 1:
        writer = _watched_mp_writer()(ix, procs=jobs, multisegment=True, limitmb=WRITER_MB, codec=codec)
    else:
        writer = PoolSegmentWriter(ix, limitmb=WRITER_MB, codec=codec)
    try:
        if previous is not None and not rebuild:
            for doc in delete:
                writer.delete_by_term("id", doc)
            for doc in write:
                writer.delete_by_term("id", doc)
        for doc, paths in write.items():
            if doc in articles:
                writer.add_document(**document(articles[doc], paths, (defaults or {}).get(doc)))
            elif doc in stored:
                fields = document_from_stored(stored[doc], paths)
                if doc in restyled:
                    fields.update(people_fields(*restyled[doc][1:]))
                writer.add_document(**fields)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def people_signature(gazetteers: tuple[Path, ...]) -> str:
    """Digest of the gazetteer data (built-in and the user's) and the finder's version, which
    people depend on.

    Also loads the gazetteer once, so that a bad user file fails here with a clear message
    rather than in every worker.
    """
    from importlib.resources import files

    from corpus.people import FINDER_VERSION
    from corpus.pipeline import load_gazetteer

    try:
        load_gazetteer(gazetteers)
    except (OSError, ValueError) as error:
        raise IndexProblem(f"cannot use the gazetteer: {error}") from error
    data = files("corpus").joinpath("data")
    names = sorted(entry.name for entry in data.iterdir() if entry.name.startswith("gazetteer"))
    parts = [data.joinpath(name).read_bytes() for name in names]
    parts += [path.read_bytes() for path in gazetteers]
    parts.append(f"finder {FINDER_VERSION}".encode())  # the finder's rules, which people depend on too
    return mf.digest(b"\x00".join(parts))


def _finish_generation(
    generation: Path,
    old: mf.Manifest,
    files: dict[str, mf.Entry],
    learned: Counter,
    rebuild: bool,
    report: BuildReport,
    gazetteers: tuple[Path, ...],
    people_signature: str,
) -> None:
    import datetime as _dt
    import shutil

    from corpus.pipeline import load_gazetteer
    from index.aliases import merge_aliases
    from index.schema import SCHEMA_VERSION

    for child in generation.iterdir():
        if child.is_dir():  # Whoosh's temporary sub-writer folders
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.endswith("WRITELOCK"):
            child.unlink()
    with _storage(generation).open_index().reader() as reader:
        if reader.doc_count() != report.documents:
            # Whoosh's multi-process writer commits whatever its sub-writers returned: a
            # sub-writer that failed (disk full...) must not cost articles silently.
            raise IndexProblem(
                f"the new index holds {reader.doc_count():,} documents instead of "
                f"{report.documents:,} (a writer process failed; see the messages above); "
                "the previous index is unchanged"
            )
        people = [term.decode("utf-8") for term in reader.lexicon("people")]
    try:
        mf.write(generation / mf.FILENAME, old, files, learned, whole=rebuild)
    except sqlite3.Error as error:  # SQLite says "database or disk is full", not ENOSPC
        raise OSError(errno.ENOSPC if "full" in str(error) else errno.EIO, str(error), str(generation)) from None
    store.write_json(generation / store.ALIASES, merge_aliases(load_gazetteer(gazetteers).aliases(), people))
    store.write_json(
        generation / store.META,
        {
            "schema_version": SCHEMA_VERSION,
            "people_signature": people_signature,
            "generation": generation.name,
            "built": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "articles": report.articles,
            "documents": report.documents,
            "files": len(files),
        },
    )
    store.seal(generation)
    _write_search_tables(generation)


def _write_search_tables(generation: Path) -> None:
    """Write search's per-document tables into the sealed generation (:mod:`search.tables`),
    so that the first search after a build does not build them."""
    from search import tables

    tables.write_all(_storage(generation).open_index())


def _storage(generation: Path) -> Any:
    """Whoosh's storage of a generation, read at offsets rather than through mmap: Whoosh
    copies each part of a segment it maps into memory, so that an incremental add would hold
    the whole index (at 100,000 articles 338 MB at its peak against 93 MB; writing the search
    tables about 1.5 times slower)."""
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(generation))
    storage.supports_mmap = False
    return storage


__all__ = ["BuildReport", "IndexWriteError", "Progress", "Skipped", "build"]
