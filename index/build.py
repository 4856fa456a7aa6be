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
its articles stay until a readable version replaces them.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from index import manifest as mf
from index import store
from index.errors import IndexProblem, IndexWriteError, write_error
from index.lock import Holder, write_lock

#: Below this many documents to write, one process writes faster than starting sub-writers.
PARALLEL_WRITE_MIN = 2000
#: Memory budget (estimated) of each writer process's posting pool
#: (:class:`index.postings.TermPool`), in MB: past it, sorted runs go to disk.
WRITER_MB = 256
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
    rebuilt: str | None = None  # why every file was read again without --rebuild

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return (self.added + self.updated) / self.seconds if self.seconds else 0.0


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
    from corpus.pipeline import read_path

    path, known_digest, gazetteers = task
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as error:
        return _FileRead(path, 0, 0, "", error=error.strerror or str(error))
    read = _FileRead(path, stat.st_size, stat.st_mtime_ns, mf.digest(data))
    if read.digest == known_digest:
        read.same = True
        return read
    try:
        read.result = read_path(Path(path), gazetteers)
    except Exception as error:  # a reader bug must not stop the run: report the file
        read.error = f"{type(error).__name__}: {error}"
    return read


def _read_all(tasks: list[Task], jobs: int) -> Iterator[_FileRead]:
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_read_file, tasks)
        return
    import multiprocessing

    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    # Big files first so that the last worker does not finish long after the others.
    ordered = sorted(tasks, key=lambda task: -_size(task[0]))
    try:
        with _ctrl_c_held():  # map submits every task now, forking the workers
            results = pool.map(_read_file, ordered, chunksize=1 if len(ordered) < 200 else 8)
        yield from results
    except BaseException:  # Ctrl-C, or a failure while handling results: drop the rest
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


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


def build(
    paths: Sequence[Path | str],
    directory: Path | str,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    gazetteers: Sequence[Path] = (),
) -> BuildReport:
    """Index the articles under ``paths`` into the index at ``directory``; see the module doc.

    ``gazetteers`` are the user's extra gazetteer files. When they, or the built-in
    gazetteer, differ from the last build's, every file is read again (``report.rebuilt``
    says why): the people of unchanged files would otherwise be stale.

    Raises :class:`index.errors.IndexLocked` when another build runs,
    :class:`index.errors.IndexOutdated` when the index needs ``rebuild=True``, and
    :class:`index.errors.IndexWriteError` when the directory cannot be written (the previous
    index is then unchanged).
    """
    started = time.perf_counter()
    directory = Path(directory)
    jobs = jobs or os.cpu_count() or 1
    notify = progress or (lambda state: None)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(directory, error) from error
    with write_lock(directory) as lock:
        report = BuildReport(stale_lock=lock.stale)
        try:
            store.prune(directory)
        except OSError:
            pass  # leftovers are removed by a later build
        _build_locked(paths, directory, rebuild, jobs, notify, report, tuple(map(Path, gazetteers)))
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(
    paths: Sequence[Path | str],
    directory: Path,
    rebuild: bool,
    jobs: int,
    notify: Callable[[Progress], None],
    report: BuildReport,
    gazetteers: tuple[Path, ...],
) -> None:
    previous = store.current_generation(directory)
    old_files: dict[str, mf.Entry] = {}
    old_meta: dict[str, Any] = {}
    signature = _people_signature(gazetteers)
    if previous is not None and not rebuild:
        old_meta = store.read_meta(previous)
        store.check_version(directory, old_meta)
        if old_meta.get("people_signature", signature) != signature:
            rebuild = True
            report.rebuilt = "the gazetteer changed since the last build: every file is read again"
        else:
            old_files = mf.files_of(store.read_json(previous / store.MANIFEST, {}) or {})

    notify(Progress("scanning", 0, 0, 0))
    new_files, tasks = _scan(paths, old_files, report, gazetteers, directory)
    reads = _read(tasks, jobs, notify)
    fresh = _sort_reads(reads, old_files, new_files, report)
    articles = _finish_fresh(fresh, new_files, gazetteers)
    report.files_read = len(fresh)
    for path, entry in new_files.items():
        if path not in fresh and path in old_files:
            report.files_unchanged += 1
            report.skipped.extend(Skipped(path, reason) for reason in entry.get("problems", ()))

    if previous is not None and not rebuild and new_files == old_files and old_meta.get("articles") is not None:
        # Nothing changed: no new generation (and no need to map every article).
        report.unchanged = report.articles = old_meta["articles"]
        report.documents = old_meta["documents"]
        return

    _count_articles(old_files, new_files, report)
    old_docs = mf.id_locations(old_files)
    new_docs = mf.id_locations(new_files)
    delete = [doc for doc in old_docs if doc not in new_docs]
    write = [doc for doc, where in new_docs.items() if old_docs.get(doc) != where]
    report.articles = sum(len(where) for where in new_docs.values())
    report.documents = len(new_docs)

    total = len(tasks)
    notify(Progress("writing", total, total, len(articles)))
    generation = directory / store.generation_name(
        max([store.generation_number(g) for g in store.generations(directory)] + [0]) + 1
    )
    try:
        _write_generation(
            generation,
            None if rebuild else previous,
            delete,
            {doc: new_docs[doc] for doc in write},
            articles,
            jobs,
        )
        notify(Progress("committing", total, total, len(articles)))
        _finish_generation(generation, new_files, report, gazetteers, signature)
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


def _scan(
    paths: Sequence[Path | str],
    old_files: dict[str, mf.Entry],
    report: BuildReport,
    gazetteers: tuple[Path, ...],
    directory: Path,
) -> tuple[dict[str, mf.Entry], list[Task]]:
    """Carry over the entries of files unchanged by size and mtime; list the others to read.

    The index's own files are never read, even when the index lies inside a corpus folder.

    Files indexed before, under this run's paths and gone from disk, are dropped (counted);
    files under other paths (another corpus in the same index) are left alone.
    """
    from corpus.pipeline import iter_files

    roots = [Path(os.path.abspath(p)) for p in paths]
    seen: set[str] = set()
    tasks: list[Task] = []
    new_files: dict[str, mf.Entry] = {}
    own = [Path(os.path.abspath(directory))]
    for found_path in iter_files(roots):
        path = os.path.abspath(found_path)
        if mf.is_under(path, own):
            continue
        seen.add(path)
        entry = old_files.get(path)
        try:
            stat = os.stat(path)
        except OSError as error:
            report.skipped.append(Skipped(path, error.strerror or str(error)))
            if entry:
                new_files[path] = entry
            continue
        if entry and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
            new_files[path] = entry
        else:
            tasks.append((path, entry["digest"] if entry else None, gazetteers))
    for path, entry in old_files.items():
        if path in seen:
            continue
        if mf.is_under(path, roots):
            report.files_removed += 1
        else:
            new_files[path] = entry
    return new_files, tasks


def _read(
    tasks: list[Task], jobs: int, notify: Callable[[Progress], None]
) -> list[_FileRead]:
    reads: list[_FileRead] = []
    articles = 0
    notify(Progress("reading", 0, len(tasks), 0))
    for done, read in enumerate(_read_all(tasks, jobs), 1):
        reads.append(read)
        if read.result is not None:
            articles += len(read.result.drafts)
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
        if read.result is None or not read.result.drafts:
            reason = "; ".join(problems) or "no article found"
            if entry:
                kept = len(entry["articles"])
                reason += f" (kept its {kept} article{'s' * (kept != 1)} from the last readable version)"
                new_files[read.path] = entry
            report.skipped.append(Skipped(read.path, reason))
            continue
        report.skipped.extend(Skipped(read.path, reason) for reason in problems)
        fresh[read.path] = (read, problems)
    return fresh


def _finish_fresh(
    fresh: dict[str, tuple[_FileRead, list[str]]],
    new_files: dict[str, mf.Entry],
    gazetteers: tuple[Path, ...],
) -> dict[str, Any]:
    """Resolve people across the corpus, make the articles of the files read, record them.

    The resolver learns from every article in the index, re-read or not (the found people
    of unchanged files are kept in the manifest). Returns id -> Article.
    """
    if not fresh:
        return {}
    from corpus.people import CorpusNames, Found
    from corpus.pipeline import finish, load_gazetteer

    names = CorpusNames()
    for path, entry in new_files.items():
        if path not in fresh:
            for _id, _position, people, loose in entry["articles"]:
                names.learn(Found(people=tuple(people), loose=tuple(loose)))
    for read, _problems in fresh.values():
        for draft in read.result.drafts:
            names.learn(draft.found)
    gazetteer = load_gazetteer(gazetteers)
    articles: dict[str, Any] = {}
    for path, (read, problems) in fresh.items():
        found_at = {draft.raw.position: draft.found for draft in read.result.drafts}
        rows = []
        for article in finish(read.result.drafts, names, gazetteer):
            articles[article.id] = article
            found = found_at[article.position]
            rows.append([article.id, article.position, list(found.people), list(found.loose)])
        new_files[path] = {
            "size": read.size,
            "mtime_ns": read.mtime_ns,
            "digest": read.digest,
            "articles": rows,
            "problems": problems,
        }
    return articles


def _count_articles(old: dict[str, mf.Entry], new: dict[str, mf.Entry], report: BuildReport) -> None:
    """Per-location counts: an edited article is 'updated', not removed and added."""
    for path in old.keys() | new.keys():
        before = mf.locations(path, old[path]) if path in old else {}
        after = mf.locations(path, new[path]) if path in new else {}
        if old.get(path) is new.get(path):
            report.unchanged += len(after)
            continue
        for where, article in after.items():
            if where not in before:
                report.added += 1
            elif before[where] != article:
                report.updated += 1
            else:
                report.unchanged += 1
        report.removed += sum(1 for where in before if where not in after)


def _discard(generation: Path) -> None:
    import shutil

    shutil.rmtree(generation, ignore_errors=True)


def _link_generation(source: Path, target: Path) -> None:
    """Share the previous generation's Whoosh files (immutable once written) with ``target``."""
    for child in source.iterdir():
        if not child.is_file() or child.suffix == ".json" or child.name.endswith("WRITELOCK"):
            continue
        try:
            os.link(child, target / child.name)
        except OSError:
            import shutil

            shutil.copy2(child, target / child.name)


def _watched_mp_writer():
    """Whoosh's multi-process writer, with sub-writers that exit when the build dies."""
    from whoosh.multiproc import MpWriter, SubWriterTask

    class WatchedTask(SubWriterTask):
        def run(self) -> None:
            import whoosh.multiproc

            from index.postings import PoolSegmentWriter

            _start_worker(self._parent_pid)
            # This process only: the sub-writer Whoosh's task creates is Gazette's faster one.
            whoosh.multiproc.SegmentWriter = PoolSegmentWriter
            super().run()

    class WatchedMpWriter(MpWriter):
        def _new_task(self):
            task = WatchedTask(
                self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
            )
            task._parent_pid = os.getpid()
            self.tasks.append(task)
            with _ctrl_c_held():
                task.start()
            return task

        def cancel(self) -> None:
            # Whoosh's cancel only flags its copies of the tasks and then deletes the job
            # files, under sub-writers still reading them (a traceback each on Ctrl-C):
            # stop the sub-writers first.
            for task in self.tasks:
                task.terminate()
            for task in self.tasks:
                task.join(timeout=10)
            super().cancel()

    return WatchedMpWriter


def _write_generation(
    generation: Path,
    previous: Path | None,
    delete: list[str],
    write: dict[str, list[str]],
    articles: dict[str, Any],
    jobs: int,
) -> None:
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.filedb.filestore import FileStorage

    from index import whoosh_fixes
    from index.postings import PoolSegmentWriter
    from index.schema import build_schema, document, document_from_stored

    whoosh_fixes.apply()  # before the sub-writers fork, so that they have the fixes too
    generation.mkdir()
    storage = FileStorage(str(generation))
    if previous is None:
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
        stored: dict[str, dict[str, Any]] = {}
        if previous is not None:
            # Documents whose paths changed but that were not re-read: rebuild them from
            # their stored fields before deleting the old copies.
            missing = [doc for doc in write if doc not in articles]
            if missing:
                with ix.searcher() as searcher:
                    for doc in missing:
                        fields = searcher.document(id=doc)
                        if fields is not None:
                            stored[doc] = fields
            for doc in delete:
                writer.delete_by_term("id", doc)
            for doc in write:
                writer.delete_by_term("id", doc)
        for doc, paths in write.items():
            if doc in articles:
                writer.add_document(**document(articles[doc], paths))
            elif doc in stored:
                writer.add_document(**document_from_stored(stored[doc], paths))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _people_signature(gazetteers: tuple[Path, ...]) -> str:
    """Digest of the gazetteer data (built-in and the user's), which people depend on.

    Also loads the gazetteer once, so that a bad user file fails here with a clear message
    rather than in every worker.
    """
    from importlib.resources import files

    from corpus.pipeline import load_gazetteer

    try:
        load_gazetteer(gazetteers)
    except (OSError, ValueError) as error:
        raise IndexProblem(f"cannot use the gazetteer: {error}") from error
    data = files("corpus").joinpath("data")
    names = sorted(entry.name for entry in data.iterdir() if entry.name.startswith("gazetteer"))
    parts = [data.joinpath(name).read_bytes() for name in names]
    parts += [path.read_bytes() for path in gazetteers]
    return mf.digest(b"\x00".join(parts))


def _finish_generation(
    generation: Path,
    files: dict[str, mf.Entry],
    report: BuildReport,
    gazetteers: tuple[Path, ...],
    people_signature: str,
) -> None:
    import datetime as _dt
    import shutil

    from corpus.pipeline import load_gazetteer
    from whoosh.filedb.filestore import FileStorage

    from index.aliases import merge_aliases
    from index.schema import SCHEMA_VERSION

    for child in generation.iterdir():
        if child.is_dir():  # Whoosh's temporary sub-writer folders
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.endswith("WRITELOCK"):
            child.unlink()
    with FileStorage(str(generation)).open_index().reader() as reader:
        if reader.doc_count() != report.documents:
            # Whoosh's multi-process writer commits whatever its sub-writers returned: a
            # sub-writer that failed (disk full...) must not cost articles silently.
            raise IndexProblem(
                f"the new index holds {reader.doc_count():,} documents instead of "
                f"{report.documents:,} (a writer process failed; see the messages above); "
                "the previous index is unchanged"
            )
        people = [term.decode("utf-8") for term in reader.lexicon("people")]
    store.write_json(generation / store.MANIFEST, {"format": mf.FORMAT, "files": files})
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


__all__ = ["BuildReport", "IndexWriteError", "Progress", "Skipped", "build"]
