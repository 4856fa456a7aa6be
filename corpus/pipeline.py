"""From paths to normalized articles, in two passes.

Pass 1, per file (:func:`read_path`, picklable in and out so worker processes can run
it): decode, pick a reader, normalize the text, find the people each article names.
Pass 2, over the whole corpus (:func:`finish`): resolve loose surnames against full
names learned from every article, mark leaders, compute the content id.
Bad input never stops a run: whatever cannot be read becomes a :class:`Problem`.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.article import Article, article_id
from corpus.normalize import clean_line, join_paragraphs, split_paragraphs
from corpus.paths import one_line, printable
from corpus.readers import read_file, supported
from corpus.readers.base import Handoff, RawArticle, ReadError, crash_reason

if TYPE_CHECKING:  # corpus.people is imported only when people are looked for
    from corpus.people import CorpusNames, Found, Gazetteer, PeopleFinder


@dataclass(frozen=True)
class Problem:
    """Something that could not be read: a file, or one record in it."""

    path: str
    reason: str

    def __str__(self) -> str:
        """One line: ``path: reason``, the path quoted when it holds characters a terminal
        would obey (:func:`corpus.paths.printable`)."""
        return f"{printable(self.path)}: {one_line(self.reason)}"


@dataclass
class Draft:
    """An article after pass 1: the reader's record (normalized) and the people in it."""

    raw: RawArticle
    found: Found
    #: The content id, computed with the draft (in pass 1's worker processes, in parallel).
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.raw.headline, self.raw.body)


@dataclass
class FileResult:
    """Everything pass 1 got from one file."""

    path: str
    drafts: list[Draft]
    problems: list[Problem]


def read_path(path: Path, gazetteer_files: tuple[Path, ...] = (), data: Handoff[bytes] | None = None) -> FileResult:
    """Pass 1 for one file. Never raises for bad input: problems are returned.

    ``data``: the file's bytes, when the caller has read them already (the index build
    reads them to compute a digest).
    A user gazetteer file that cannot be loaded does raise (it is the caller's error,
    not the corpus's).
    """
    finder = _finder(tuple(gazetteer_files))
    name = str(path)
    drafts: list[Draft] = []
    problems: list[Problem] = []
    try:
        for item in read_file(Path(path), data):
            if isinstance(item, ReadError):
                problems.append(Problem(name, str(item)))
                continue
            raw = normalized(item)
            del item  # the reader's copy: a long body is not held twice while people are found
            drafts.append(Draft(raw, _find(finder, raw, problems)))
    except ReadError as error:
        problems.append(Problem(name, str(error)))
    except Exception as error:  # a reader bug must cost one file, not the run
        problems.append(Problem(name, crash_reason(error)))
    return FileResult(name, drafts, problems)


def _find(finder: PeopleFinder, raw: RawArticle, problems: list[Problem]) -> Found:
    """People in one article; a failure there loses the people, not the article."""
    try:
        return finder.find(raw.headline, raw.body, raw.date)
    except Exception as error:
        from corpus.people import Found

        where = f"record {raw.position}: " if raw.position is not None else ""
        problems.append(Problem(raw.path, f"{where}people not extracted ({type(error).__name__}: {error})"))
        return Found(people=(), loose=())


def normalized(raw: RawArticle) -> RawArticle:
    """The shared normalization every reader's output goes through: single-spaced
    headline and paragraphs, paragraphs separated by one blank line, empty fields None."""
    return dataclasses.replace(
        raw,
        headline=clean_line(raw.headline),
        body=join_paragraphs(split_paragraphs(raw.body)),
        source=clean_line(raw.source or "") or None,
        url=clean_line(raw.url or "") or None,
        authors=tuple(a for a in map(clean_line, raw.authors) if a),
        date_from=raw.date_from if raw.date else None,
    )


def finish(
    drafts: Iterable[Draft], names: CorpusNames, gazetteer: Gazetteer | None = None
) -> Iterator[Article]:
    """Pass 2: final people, leaders and id. Call ``names.learn`` on every draft first."""
    from corpus.people import leaders_of

    gazetteer = gazetteer or load_gazetteer()
    for draft in drafts:
        raw = draft.raw
        people = names.resolve(draft.found)
        yield Article(
            id=draft.id,
            path=raw.path,
            position=raw.position,
            headline=raw.headline,
            date=raw.date,
            date_from=raw.date_from,
            source=raw.source,
            people=people,
            leaders=leaders_of(people, gazetteer),
            body=raw.body,
            url=raw.url,
            authors=raw.authors,
        )


def iter_files(paths: Iterable[Path | str], unsupported: list[Path] | None = None) -> Iterator[Path]:
    """Files to read: each named path as is, each folder walked recursively for the
    supported extensions (sorted; hidden files and folders, documentation such as README
    or LICENSE files, and a folder's gazette.toml skipped), no file twice. The files of
    other types found in folders are added to ``unsupported`` when given.

    Never raises and never opens a file. What cannot be read as a file is yielded all
    the same (a FIFO, a device, a broken or looping link, a folder that cannot be
    listed), so that reading it reports why (:func:`corpus.files.read_bytes`).
    """
    seen: set[str] = set()
    for path in map(Path, paths):
        found = _walk(path, unsupported) if _is_folder(path) else [path]
        for file in found:
            key = os.path.realpath(file)  # a looping link resolves to itself, no error
            if key not in seen:
                seen.add(key)
                yield file


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:  # missing, looping, or not ours to see: reading it will say
        return False


#: A collection's own documentation, skipped when a folder is walked (still read when named).
_DOCUMENTATION = re.compile(
    r"^(?:readme|license|licence|copying|provenance|changelog|changes|notice|authors|install)"
    r"(?:\.[a-z0-9]+)*$",
    re.IGNORECASE,
)


def _listed(name: str) -> bool:
    """Whether a file in a folder is the corpus's (an article file, or one Gazette cannot read)."""
    from corpus.collection import SIDECAR

    return not name.startswith(".") and not _DOCUMENTATION.match(name) and name != SIDECAR


def _walk(folder: Path, unsupported: list[Path] | None = None) -> list[Path]:
    """Wanted files under ``folder``, plus each folder that could not be listed.

    Like ``os.walk`` (links to folders are not followed), but iterative: nesting depth is
    the folder's choice, and Python 3.11's ``os.walk`` recurses.
    """
    files: list[Path] = []
    pending = [os.fspath(folder)]
    while pending:
        top = pending.pop()
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    if _is_listed_folder(entry):
                        if not entry.name.startswith("."):
                            pending.append(entry.path)
                    elif not _is_folder_link(entry) and _listed(entry.name):
                        if supported(Path(entry.name)):
                            files.append(Path(entry.path))
                        elif unsupported is not None:
                            unsupported.append(Path(entry.path))
        except OSError:  # listing it failed: reading it says why
            files.append(Path(top))
    return sorted(files)


def _is_listed_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_folder_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def read_paths(
    paths: Iterable[Path | str], gazetteer_files: tuple[Path, ...] = (), jobs: int = 1
) -> Iterator[FileResult]:
    """Pass 1 over every file, in order; ``jobs`` > 1 reads files in worker processes."""
    files = list(iter_files(paths))
    read = functools.partial(read_path, gazetteer_files=tuple(gazetteer_files))
    if jobs <= 1 or len(files) <= 1:
        yield from map(read, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    _finder(tuple(gazetteer_files))  # a bad gazetteer fails here, once, not in every worker
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(read, files, chunksize=max(1, len(files) // (jobs * 8)))


def parse_paths(
    paths: Iterable[Path | str],
    on_problem: Callable[[Problem], None],
    gazetteer_files: tuple[Path, ...] = (),
    jobs: int = 1,
    on_file: Callable[[FileResult], None] | None = None,
) -> Iterator[Article]:
    """Normalized articles of every file under ``paths``; problems go to ``on_problem``.

    Articles come after all files are read: people are resolved across the corpus.
    """
    from corpus.people import CorpusNames

    names = CorpusNames(load_gazetteer(tuple(gazetteer_files)))
    drafts: list[Draft] = []
    for result in read_paths(paths, gazetteer_files, jobs):
        for problem in result.problems:
            on_problem(problem)
        for draft in result.drafts:
            names.learn(draft.found)
        drafts.extend(result.drafts)
        if on_file:
            on_file(result)
    yield from finish(drafts, names, load_gazetteer(tuple(gazetteer_files)))


@functools.lru_cache(maxsize=4)
def load_gazetteer(extra: tuple[Path, ...] = ()) -> Gazetteer:
    """The built-in gazetteer plus the user's files, loaded once per process.

    Raises ``corpus.gazetteer.GazetteerError`` (a ValueError) or OSError for a bad file.
    """
    from corpus.people import Gazetteer

    return Gazetteer.load(extra)


@functools.lru_cache(maxsize=4)
def _finder(extra: tuple[Path, ...]) -> PeopleFinder:
    from corpus.people import PeopleFinder

    return PeopleFinder(load_gazetteer(extra))
