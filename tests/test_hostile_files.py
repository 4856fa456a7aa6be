"""Hostile files and folders: FIFOs, links to devices, link loops, unreadable folders,
oversized files, records that break a parser, names that would take over a terminal.

Each case runs ``gazette parse`` or ``gazette index`` (in a subprocess with a timeout and
an address-space limit where a hang or a blow-up is the risk) and checks three things: no
traceback, one line naming the file and saying what is wrong, and the rest of the run done.
"""
from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from corpus.files import MAX_FILE_MB_VARIABLE, read_bytes
from corpus.paths import printable
from corpus.pipeline import Problem, iter_files, read_path
from corpus.readers.base import ReadError

REPO = Path(__file__).resolve().parents[1]
#: Address space of one gazette process (each worker has its own): enough for Python,
#: lxml and NLTK, far from what reading a device to its end would take.
MEMORY_LIMIT = 2 * 2**30
TIMEOUT = 60  # seconds: generous on a shared 2-core machine (a run here takes 1-3 s)

GOOD = {"title": "Harbour reopens after the storm", "text": "Boats left the harbour at dawn on Monday."}


def gazette(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process with bounded time and memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=limit,
    )


def corpus_with(folder: Path) -> Path:
    """A folder holding one good article, to show the run went on."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    return folder


def assert_parse_survived(result: subprocess.CompletedProcess[str], problems: dict[Path, str], files: int) -> None:
    """Exit 0, the good article on stdout, exactly one line per bad file, the summary."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["headline"] for line in result.stdout.splitlines()] == [GOOD["title"]]
    *lines, summary = result.stderr.splitlines()
    assert sorted(lines) == sorted(f"{printable(path)}: {reason}" for path, reason in problems.items())
    plural = "" if len(problems) == 1 else "s"
    assert summary.startswith(f"1 article from {files} files, {len(problems)} problem{plural} in ")


def assert_index_survived(result: subprocess.CompletedProcess[str], problems: dict[Path, str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert sorted(lines) == sorted(f"skipped {path}: {reason}" for path, reason in problems.items())
    assert result.stdout.startswith("Articles: 1 added, 0 updated, 0 removed, 0 unchanged.\n"), result.stdout


FIFO = "a FIFO (named pipe), not a regular file"
DEVICE = "a character device, not a regular file"
LOOP = "symbolic link loop (too many levels of symbolic links)"
BROKEN = "broken symbolic link (its target does not exist)"


# -- FIFOs, devices and links -----------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[Path, str]]:
    """A corpus folder with a FIFO, links to devices, a link loop and a dangling link."""
    folder = corpus_with(tmp_path / "corpus")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "random.txt").symlink_to("/dev/urandom")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    problems = {
        folder / "pipe.jsonl": FIFO,
        folder / "zero.txt": DEVICE,
        folder / "random.txt": DEVICE,
        folder / "loop.txt": LOOP,
        folder / "gone.txt": BROKEN,
    }
    return folder, problems


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_parse_names_and_skips_what_is_not_a_regular_file(hostile, jobs: str) -> None:
    folder, problems = hostile
    assert_parse_survived(gazette("parse", "--jobs", jobs, str(folder)), problems, files=6)


def test_index_names_and_skips_what_is_not_a_regular_file(hostile, tmp_path: Path) -> None:
    folder, problems = hostile
    result = gazette("index", "--index", str(tmp_path / "ix"), "--jobs", "2", str(folder))
    # the index checks a path's existence before reading it: a dangling link "does not exist"
    expected = {**problems, folder / "gone.txt": "No such file or directory",
                folder / "loop.txt": "Too many levels of symbolic links"}
    assert_index_survived(result, expected)


def test_a_fifo_named_on_the_command_line_is_skipped(tmp_path: Path) -> None:
    folder = corpus_with(tmp_path / "corpus")
    os.mkfifo(tmp_path / "pipe.txt")
    result = gazette("parse", "--jobs", "1", str(tmp_path / "pipe.txt"), str(folder))
    assert_parse_survived(result, {tmp_path / "pipe.txt": FIFO}, files=2)


def test_a_fifo_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    unblock = threading.Timer(10, _open_writer, (fifo, real_open))  # ends the test should a reader block
    unblock.start()
    try:
        result = read_path(fifo)
    finally:
        unblock.cancel()
    assert [p.reason for p in result.problems] == [FIFO]
    assert opened == []


def _open_writer(fifo: Path, real_open) -> None:
    """Open and close the FIFO's writing end: a reader blocked in open() gets an empty file."""
    try:
        os.close(real_open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # nobody is reading
        pass


def test_iter_files_never_raises_and_yields_every_odd_entry(hostile) -> None:
    folder, problems = hostile
    assert set(iter_files([folder])) == {folder / "good.jsonl", *problems}
    assert list(iter_files([folder / "loop.txt", folder / "gone.txt"])) == [folder / "loop.txt", folder / "gone.txt"]


def test_a_deeply_nested_folder_is_walked(tmp_path: Path) -> None:
    """Deeper than Python's recursion limit (os.walk recurses in Python 3.11)."""
    folder = corpus_with(tmp_path / "corpus")
    deep = folder
    for _ in range(sys.getrecursionlimit() + 100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "deep.jsonl").write_text(json.dumps({"title": "Found at the bottom", "text": "Body."}) + "\n")
    try:
        result = CliRunner().invoke(cli.main, ["parse", "--jobs", "1", str(folder)])
    finally:  # bottom up: shutil.rmtree, which pytest cleans up with, recurses in Python 3.11
        (deep / "deep.jsonl").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent
    assert result.exception is None and result.exit_code == 0, result.output
    assert sorted(json.loads(line)["headline"] for line in result.stdout.splitlines()) == [
        "Found at the bottom", GOOD["title"]]


# -- size cap -----------------------------------------------------------------------------


def test_a_file_over_the_cap_is_too_large_and_the_cap_can_be_raised(tmp_path: Path) -> None:
    folder = corpus_with(tmp_path / "corpus")
    big = folder / "big.jsonl"
    big.write_text((json.dumps({"title": "Long", "text": "word " * 500}) + "\n") * 520)  # 1.3 MB
    result = gazette("parse", "--jobs", "1", str(folder), env={MAX_FILE_MB_VARIABLE: "1"})
    reason = f"too large (1.3 MB, over the 1 MB limit); set {MAX_FILE_MB_VARIABLE} to read larger files"
    assert_parse_survived(result, {big: reason}, files=2)
    raised = gazette("parse", "--jobs", "1", str(big), env={MAX_FILE_MB_VARIABLE: "2"})
    assert raised.returncode == 0 and len(raised.stdout.splitlines()) == 520


def test_a_bad_cap_setting_is_a_usage_error(tmp_path: Path) -> None:
    folder = corpus_with(tmp_path / "corpus")
    result = CliRunner().invoke(cli.main, ["parse", str(folder)], env={MAX_FILE_MB_VARIABLE: "lots"})
    assert result.exit_code == 2
    assert f"{MAX_FILE_MB_VARIABLE}='lots' is not a positive number of megabytes" in result.stderr


def test_read_bytes_reads_up_to_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, limit=100)[0] == b"x" * 100
    with pytest.raises(ReadError, match=r"^too large"):
        read_bytes(path, limit=99)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs procfs")
def test_a_file_larger_than_its_stat_says_is_read_to_its_end_within_the_cap() -> None:
    """procfs files say size 0 and hold text, as a file growing while it is read does."""
    status = Path("/proc/self/status")
    data, _ = read_bytes(status)
    assert data.startswith(b"Name:") and data.endswith(b"\n")
    with pytest.raises(ReadError, match=r"^too large"):
        read_bytes(status, limit=10)


def test_reading_a_small_file_allocates_a_small_buffer(tmp_path: Path) -> None:
    """The cap bounds what is read; it is not a buffer allocated for every file."""
    import tracemalloc

    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 1000)
    tracemalloc.start()
    try:
        read_bytes(path, limit=2**30)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20


# -- folders that cannot be read ----------------------------------------------------------


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A corpus whose subfolder ``locked`` cannot be listed (simulated: tests run as root)."""
    folder = corpus_with(tmp_path / "corpus")
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.jsonl").write_text(json.dumps(GOOD) + "\n")
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    return folder, folder / "locked"


def test_parse_names_a_folder_it_cannot_list(locked) -> None:
    folder, unreadable = locked
    result = CliRunner().invoke(cli.main, ["parse", "--jobs", "1", str(folder)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["headline"] for line in result.stdout.splitlines()] == [GOOD["title"]]
    problem, summary = result.stderr.splitlines()
    assert problem == f"{unreadable}: cannot read folder: Permission denied"
    assert summary.startswith("1 article from 2 files, 1 problem ")


def test_index_names_a_folder_it_cannot_list(locked, tmp_path: Path) -> None:
    folder, unreadable = locked
    result = CliRunner().invoke(cli.main, ["index", "--index", str(tmp_path / "ix"), "--jobs", "1", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"skipped {unreadable}: cannot read folder: Permission denied"]
    assert result.stdout.startswith("Articles: 1 added,")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder: the simulated test above covers it")
def test_a_folder_without_permission_is_named(tmp_path: Path) -> None:
    folder = corpus_with(tmp_path / "corpus")
    (folder / "locked").mkdir(mode=0)
    try:
        result = gazette("parse", "--jobs", "1", str(folder))
        assert_parse_survived(result, {folder / "locked": "cannot read folder: Permission denied"}, files=2)
    finally:
        (folder / "locked").chmod(0o755)


# -- records that break a parser ----------------------------------------------------------


def test_a_json_record_with_a_huge_number_costs_that_record(tmp_path: Path) -> None:
    folder = corpus_with(tmp_path / "corpus")
    path = folder / "numbers.jsonl"
    huge = '{"title": "Huge", "text": "Big.", "views": %s}' % ("9" * 5000)
    lines = [json.dumps({"title": "Before", "text": "One."}), huge, json.dumps(GOOD)]
    path.write_text("\n".join(lines) + "\n")
    result = read_path(path)
    assert [d.raw.headline for d in result.drafts] == ["Before", GOOD["title"]]
    assert [p.reason for p in result.problems] == [
        f"line 2: a number has 5,000 digits, more than the {sys.get_int_max_str_digits():,} allowed"]


def test_a_json_array_with_a_huge_number_costs_that_record(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    huge = '{"title": "Huge", "text": "Big.", "meta": {"ids": [1, -%s]}}' % ("7" * 4400)
    path.write_text(f'[{json.dumps(GOOD)}, {huge}, {{"title": "After", "text": "Two."}}]')
    result = read_path(path)
    assert [d.raw.headline for d in result.drafts] == [GOOD["title"], "After"]
    assert [p.reason for p in result.problems] == [
        f"record 2: a number has 4,400 digits, more than the {sys.get_int_max_str_digits():,} allowed"]


@pytest.mark.parametrize(
    ("name", "content", "target"),
    [
        ("a.jsonl", "\n".join(json.dumps({"title": t, "text": "Body."}) for t in ("One", "Boom", "Two")), "jsonl.build"),
        ("a.xml", "<articles>" + "".join(f"<article><title>{t}</title><p>Body.</p></article>"
                                         for t in ("One", "Boom", "Two")) + "</articles>", "xml.build"),
        ("a.sgm", "".join(f"<REUTERS><DATE>1-MAR-1987</DATE><TEXT><TITLE>{t}</TITLE><BODY>Body.</BODY></TEXT></REUTERS>"
                          for t in ("One", "Boom", "Two")), "sgml.clean_line"),
        ("a.trec", "".join(f"<DOC><HEADLINE>{t}</HEADLINE><TEXT>Body.</TEXT></DOC>"
                           for t in ("One", "Boom", "Two")), "trec.clean_line"),
    ],
)
def test_a_record_that_crashes_its_reader_costs_that_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str, target: str
) -> None:
    """A reader bug met by one record (here: a helper raising on "Boom") loses that record only."""
    import importlib

    module_name, function = target.split(".")
    module = importlib.import_module(f"corpus.readers.{module_name}")
    real = getattr(module, function)

    def crash_on_boom(*args, **kwargs):
        if "Boom" in json.dumps([a for a in (*args, *kwargs.values()) if isinstance(a, str)]):
            raise OverflowError("reader bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, function, crash_on_boom)
    path = tmp_path / name
    path.write_text(content)
    result = read_path(path)
    assert [d.raw.headline for d in result.drafts] == ["One", "Two"]
    assert len(result.problems) == 1
    assert result.problems[0].reason.endswith(" 2: could not be read (OverflowError: reader bug)")


# -- names a terminal would obey ------------------------------------------------------------


def test_a_file_name_with_escapes_and_newlines_is_printed_quoted(tmp_path: Path) -> None:
    folder = corpus_with(tmp_path / "corpus")
    bad = folder / "title\x1b]0;owned\x07\nred\x1b[31m.jsonl"
    bad.write_text("not json\n")
    result = gazette("parse", "--jobs", "1", str(folder))
    expected = {bad: "line 1: invalid JSON (Expecting value at column 1)"}
    assert_parse_survived(result, expected, files=2)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert f"{folder}/title\\x1b]0;owned\\x07\\nred\\x1b[31m.jsonl'" in result.stderr


_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8})|(.))")


def _safe(text: str) -> bool:
    return not any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in text)


def _unquoted(shown: str) -> str:
    """The path a quoted printable form stands for (the inverse of the escaping)."""
    def one(match: re.Match[str]) -> str:
        byte, short, long, other = match.groups()
        if byte:
            code = int(byte, 16)
            return chr(code if code < 0x80 else 0xDC00 + code)  # >= 0x80: an undecodable byte
        if short or long:
            return chr(int(short or long, 16))
        return {"n": "\n", "r": "\r", "t": "\t"}.get(other, other)

    assert shown[0] == shown[-1] == "'"
    return _ESCAPE.sub(one, shown[1:-1])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_printable_paths_are_one_safe_line_that_reads_back(name: str) -> None:
    shown = printable(name)
    assert _safe(shown)
    assert shown == name or _unquoted(shown) == name
    assert _safe(str(Problem(name, "bad\nreason\x1b")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=8), min_size=2, max_size=2, unique=True))
def test_different_paths_never_print_the_same(names: list[str]) -> None:
    assert printable(names[0]) != printable(names[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")))
def test_any_file_name_gives_one_line_naming_it(tmp_path: Path, raw: bytes) -> None:
    """Whatever bytes a file name holds, its problem is one line, without control characters."""
    folder = tmp_path / "names"
    folder.mkdir(exist_ok=True)
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw + b".jsonl")))
    path.write_text("[1]\n")
    try:
        result = read_path(path)
        (problem,) = result.problems
        line = str(problem)
        assert line.startswith(printable(path) + ": ")
        assert _safe(line)
    finally:
        path.unlink()


# -- memory per file ------------------------------------------------------------------------


def _prose(size: int) -> str:
    """Plain news-like text of about ``size`` characters, in paragraphs."""
    sentence = "The council met on Tuesday and agreed to rebuild the harbour wall before winter. "
    paragraph = sentence * 6 + "\n\n"
    return "Harbour wall to be rebuilt\n\n" + paragraph * (size // len(paragraph) + 1)


#: Peak memory of reading one file, as a multiple of its size: the bytes, the text, the
#: article and a copy or two while it is normalized.
MEMORY_MULTIPLE = 10


def test_reading_a_large_text_file_takes_a_small_multiple_of_its_size(tmp_path: Path) -> None:
    import tracemalloc

    (tmp_path / "small.txt").write_text(_prose(1000))
    read_path(tmp_path / "small.txt")  # loads the gazetteer: once per process, not per file
    path = tmp_path / "large.txt"
    path.write_text(_prose(2**20))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        result = read_path(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.drafts) == 1 and not result.problems
    assert peak < MEMORY_MULTIPLE * size, f"{peak / size:.1f} times the file's size"


# -- one bad record never costs the others --------------------------------------------------


def _jsonl(records: list[str]) -> str:
    return "\n".join(records)


_FORMATS = {
    # suffix: (a good record with this headline, how records are put together, the record tag)
    ".jsonl": (lambda title: json.dumps({"title": title, "text": "Body."}), _jsonl, None),
    ".sgm": (lambda title: f"<REUTERS><TEXT><TITLE>{title}</TITLE><BODY>Body.</BODY></TEXT></REUTERS>", "".join,
             "REUTERS"),
    ".trec": (lambda title: f"<DOC><HEADLINE>{title}</HEADLINE><TEXT>Body.</TEXT></DOC>", "".join, "DOC"),
    ".xml": (lambda title: f"<article><title>{title}</title><p>Body.</p></article>",
             lambda records: "<articles>" + "".join(records) + "</articles>", "article"),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from(sorted(_FORMATS)),
    junk=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300),
    at=st.integers(0, 2),
)
def test_one_bad_record_never_costs_the_others(tmp_path: Path, suffix: str, junk: str, at: int) -> None:
    """Arbitrary text in one record (its JSON line, or the inside of its SGML/XML element).
    Control characters are left out: they make the whole file binary, a decision about the
    file, not a record."""
    from xml.sax.saxutils import escape

    good, assemble, tag = _FORMATS[suffix]
    if tag:
        if re.search(rf"</?{tag}\b", junk, re.I):
            return  # that would be another record's boundary, not a bad record
        junk = f"<{tag}>{escape(junk) if suffix == '.xml' else junk}</{tag}>"
    elif "\n" in junk or "\r" in junk or any(unicodedata.category(c) == "Zl" for c in junk):
        return  # one JSON line
    titles = ["First story", "Second story", "Third story"]
    records = [good(title) for title in titles]
    records.insert(at, junk)
    path = tmp_path / f"records{suffix}"
    path.write_text(assemble(records), encoding="utf-8")
    result = read_path(path)
    assert titles == [d.raw.headline for d in result.drafts if d.raw.headline in titles]
    assert all(p.reason[0].isalpha() and " " in p.reason for p in result.problems)


def _old_article_id(headline: str, body: str) -> str:
    """The content id as first defined: ids must never change."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    digest.update(" ".join(headline.split()).encode("utf-8"))
    digest.update(b"\x00")
    digest.update(" ".join(body.split()).encode("utf-8"))
    return digest.hexdigest()


def test_the_content_id_of_a_large_body_takes_little_memory() -> None:
    import tracemalloc

    from corpus.article import article_id

    body = _prose(2**20)
    tracemalloc.start()
    try:
        found = article_id("Harbour wall", body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == _old_article_id("Harbour wall", body)
    assert peak < len(body), f"{peak / len(body):.1f} times the body's size"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab \t\n\u3000\u2028\xa0\x1c")), st.integers(1, 8))
def test_the_content_id_is_unchanged_whatever_the_whitespace(body: str, step: int) -> None:
    from corpus import article

    assert "".join(article._single_spaced(body, step)) == " ".join(body.split())
    assert article.article_id("Title", body) == _old_article_id("Title", body)
