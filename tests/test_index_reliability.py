"""Crashes, concurrent writers, stale locks, readers during builds, full disks, read-only dirs."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import store
from index.build import build
from index.errors import IndexLocked, IndexProblem, IndexWriteError
from index.lock import LOCK_NAME
from tests.conftest import REPO
from tests.index_fixtures import hold_lock, write_corpus

GAZETTE = "import sys, cli; sys.exit(cli.main())"


def doc_count(directory: Path) -> int:
    with store.open_index(directory).searcher() as searcher:
        return searcher.doc_count()


def test_second_writer_is_told_who_holds_the_lock_at_once(tmp_path):
    write_corpus(tmp_path / "c", files=1, per_file=2)
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    holder = hold_lock(index_dir)
    try:
        started = time.monotonic()
        with pytest.raises(IndexLocked) as caught:
            build([tmp_path / "c"], index_dir, jobs=1)
        assert time.monotonic() - started < 1.0
        message = str(caught.value)
        assert f"pid {holder.pid} on " in message and "since " in message
        assert "wait for it to finish" in message
    finally:
        holder.kill()
        holder.wait()


def test_lock_of_a_dead_writer_is_detected_and_cleared(tmp_path):
    write_corpus(tmp_path / "c", files=1, per_file=2)
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    holder = hold_lock(index_dir)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert json.loads((index_dir / LOCK_NAME).read_text())["pid"] == holder.pid
    report = build([tmp_path / "c"], index_dir, jobs=1)
    assert report.stale_lock is not None and report.stale_lock.pid == holder.pid
    assert report.added == 2
    assert (index_dir / LOCK_NAME).read_text() == ""  # released cleanly this time
    assert build([tmp_path / "c"], index_dir, jobs=1).stale_lock is None


def test_a_second_writer_in_the_same_process_is_refused(tmp_path):
    from index.lock import write_lock

    tmp_path.joinpath("ix").mkdir()
    with write_lock(tmp_path / "ix"):
        with pytest.raises(IndexLocked, match="being written by another"):
            with write_lock(tmp_path / "ix"):
                pass


def test_readers_see_the_old_state_until_the_commit(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    write_corpus(corpus, files=2, per_file=5)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    old_searcher = store.open_index(index_dir).searcher()
    write_corpus(corpus, files=2, per_file=5, start=2)

    seen = {}
    publish = store.publish

    def checking_publish(directory, generation):
        seen["before"] = doc_count(index_dir)  # new generation written, not yet published
        publish(directory, generation)
        seen["after"] = doc_count(index_dir)

    monkeypatch.setattr(store, "publish", checking_publish)
    build([corpus], index_dir, jobs=1)
    assert seen == {"before": 10, "after": 20}
    # A searcher opened before the build keeps answering from its generation, even after
    # a further build has deleted that generation's directory.
    write_corpus(corpus, files=1, per_file=5, start=4)
    build([corpus], index_dir, jobs=1)
    assert [g.name for g in store.generations(index_dir)] == ["gen-000002", "gen-000003"]
    assert old_searcher.doc_count() == 10
    assert len({doc["id"] for doc in old_searcher.documents()}) == 10
    old_searcher.close()


def _disk_full_after(calls: int):
    count = {"n": 0}

    def write(self, *args, **kwargs):
        count["n"] += 1
        if count["n"] > calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *args, **kwargs)

    from whoosh.filedb.structfile import StructFile

    real_write = StructFile.write
    return StructFile, write


@pytest.mark.parametrize("where", ["segment", "manifest"])
def test_disk_full_is_a_clear_error_and_the_old_index_stays(tmp_path, monkeypatch, where):
    corpus = tmp_path / "c"
    write_corpus(corpus, files=2, per_file=5)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    current = store.current_generation(index_dir)
    write_corpus(corpus, files=2, per_file=5, start=2)
    if where == "segment":
        cls, write = _disk_full_after(50)
        monkeypatch.setattr(cls, "write", write)
    else:

        def full(path, data):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr(store, "write_json", full)
    with pytest.raises(IndexWriteError, match="the disk is full") as caught:
        build([corpus], index_dir, jobs=1)
    assert "the previous index is unchanged" in str(caught.value)
    monkeypatch.undo()
    assert store.current_generation(index_dir) == current
    assert doc_count(index_dir) == 10
    assert [g.name for g in store.generations(index_dir)] == [current.name]  # no half-written leftovers
    assert build([corpus], index_dir, jobs=1).added == 10  # and the next run completes


def test_read_only_index_directory_is_a_clear_error(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    write_corpus(corpus, files=1, per_file=3)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    write_corpus(corpus, files=1, per_file=3, start=1)
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(index_dir)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    with pytest.raises(IndexWriteError, match="read-only"):
        build([corpus], index_dir, jobs=1)
    monkeypatch.undo()
    assert doc_count(index_dir) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_permissions_are_a_clear_error(tmp_path):
    corpus = tmp_path / "c"
    write_corpus(corpus, files=1, per_file=3)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    index_dir.chmod(0o555)
    try:
        with pytest.raises(IndexWriteError, match="permission denied"):
            build([corpus], index_dir, rebuild=True, jobs=1)
    finally:
        index_dir.chmod(0o755)
    assert doc_count(index_dir) == 3


def _wait_for(condition, process: subprocess.Popen, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)
    return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


#: What marks each moment of a build: a new gen-* directory, holding this file if any.
MOMENTS = {"writing": None, "whoosh-committed": "_MAIN_2.toc", "sealing": "meta.json"}


def interrupted_build(tmp_path: Path, sigint: bool = False) -> tuple[Path, Path, str, subprocess.Popen]:
    """An index of 20 articles, 2,400 more on disk, and `gazette index` started on them
    (in its own process group; with Ctrl-C's default handling when ``sigint``)."""
    corpus = tmp_path / "c"
    write_corpus(corpus, files=2, per_file=10)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    old = store.current_generation(index_dir).name
    write_corpus(corpus, files=40, per_file=60, start=2)
    process = subprocess.Popen(
        [sys.executable, "-c", GAZETTE, "index", str(corpus), "--index", str(index_dir), "--jobs", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if sigint else None,
    )
    return corpus, index_dir, old, process


@pytest.mark.parametrize("moment", ["reading", "writing", "whoosh-committed", "sealing"])
def test_sigkill_at_any_moment_leaves_the_last_committed_index(tmp_path, moment):
    corpus, index_dir, old, process = interrupted_build(tmp_path)
    try:
        time.sleep(0.3)
        assert doc_count(index_dir) == 20  # readers work while the build runs: the old state
        if moment == "reading":
            reached = process.poll() is None
        else:

            def at_moment() -> bool:
                gens = store.generations(index_dir)
                mark = MOMENTS[moment]
                return bool(gens) and gens[-1].name > old and (mark is None or (gens[-1] / mark).exists())

            reached = _wait_for(at_moment, process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert reached, f"the build finished before reaching {moment}"
        # Its worker processes notice and exit by themselves.
        deadline = time.monotonic() + 5
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(process.pid), f"worker processes outlived the build killed while {moment}"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its orphaned workers, if any are left
        except ProcessLookupError:
            pass
    # The index opens on a complete state: the old one, unless the kill came after the
    # atomic switch (then the complete new one).
    current = store.current_generation(index_dir).name
    assert doc_count(index_dir) == (20 if current == old else 2420)
    report = build([corpus], index_dir, jobs=2)
    assert doc_count(index_dir) == 2420
    assert report.articles == 2420
    assert len(store.generations(index_dir)) <= 2


def _sub_writers_busy(index_dir: Path, old: str) -> bool:
    """Whoosh's sub-writers have batches of documents (job files) to read."""
    return any(g.name > old and any(g.glob("*.tmp/*.doclist")) for g in store.generations(index_dir))


@pytest.mark.parametrize("moment", ["reading", "writing", "sub-writers"])
def test_ctrl_c_stops_the_build_at_once_and_keeps_the_old_index(tmp_path, moment):
    _corpus, index_dir, old, process = interrupted_build(tmp_path, sigint=True)
    try:
        if moment == "reading":
            time.sleep(0.5)
        elif moment == "writing":
            assert _wait_for(lambda: any(g.name > old for g in store.generations(index_dir)), process)
        else:
            assert _wait_for(lambda: _sub_writers_busy(index_dir, old), process)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground group
        _out, err = process.communicate(timeout=20)
        assert process.returncode == 1
        assert err.endswith("Aborted!\n") and "Traceback" not in err
        deadline = time.monotonic() + 5
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(process.pid)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert store.current_generation(index_dir).name == old
    assert doc_count(index_dir) == 20
    assert [g.name for g in store.generations(index_dir)] == [old]  # the unfinished one is gone


def test_a_failed_sub_writer_does_not_commit_a_partial_index(tmp_path, monkeypatch):
    import index.build as build_module
    from whoosh.filedb.structfile import StructFile

    corpus = tmp_path / "c"
    write_corpus(corpus, files=1, per_file=4)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    write_corpus(corpus, files=6, per_file=20, start=1)
    monkeypatch.setattr(build_module, "PARALLEL_WRITE_MIN", 10)
    parent, real_write = os.getpid(), StructFile.write

    def full_in_sub_writers(self, *args, **kwargs):
        if os.getpid() != parent:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(StructFile, "write", full_in_sub_writers)
    with pytest.raises(IndexProblem, match="the previous index is unchanged"):
        build([corpus], index_dir, jobs=2)
    monkeypatch.undo()
    assert doc_count(index_dir) == 4
    assert len(store.generations(index_dir)) == 1
