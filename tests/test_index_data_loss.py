"""No sequence of `gazette index` runs drops indexed articles without saying so.

A changed gazetteer re-resolves people from the index itself (it never shrinks the index to
the paths given); an empty or unmounted folder keeps its articles unless --prune (or a yes on
a terminal) says otherwise; --dry-run writes nothing; --rebuild reads every indexed file.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from index import manifest as mf
from index import store
from index.build import Removal, build, removal_is_safe
from tests.conftest import shared_path
from tests.index_fixtures import write_corpus

PERSON = "Zelda Quarrington-Voss"


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli.main, list(args), **kwargs)


def indexed(index_dir: Path) -> dict[str, dict]:
    """id -> stored fields of every document in the index."""
    with store.open_index(index_dir).searcher() as searcher:
        return {doc["id"]: doc for doc in searcher.documents()}


def locations(index_dir: Path) -> set[str]:
    generation = store.current_generation(index_dir)
    files = mf.Manifest.open(generation).entries()
    return {where for path, entry in files.items() for where in mf.locations(path, entry)}


def forget_gazetteers() -> None:
    """corpus.pipeline caches loaded gazetteers per process; each real `gazette index` is a new process."""
    import corpus.pipeline

    corpus.pipeline.load_gazetteer.cache_clear()
    corpus.pipeline._finder.cache_clear()


@pytest.fixture
def two_corpora(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    write_corpus(first, files=3, per_file=2)
    second.mkdir()
    record = {
        "title": "Harbour board meets",
        "date": "2019-03-04",
        "text": f"Chairwoman {PERSON} opened the meeting.\n\nQuarrington-Voss said the port would grow.",
    }
    (second / "harbour.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return first, second


def gazetteer_file(tmp_path: Path, leader: int) -> Path:
    path = tmp_path / "people.tsv"
    path.write_text(f"{PERSON}\t{leader}\tNZ\tport chair\t\tZelda Q. Voss\n", encoding="utf-8")
    forget_gazetteers()
    return path


# -- a gazetteer change ---------------------------------------------------------------------


def test_a_gazetteer_change_with_one_corpus_keeps_the_other_and_re_resolves_it(two_corpora, tmp_path):
    first, second = two_corpora
    index_dir = tmp_path / "ix"
    assert run("index", str(first), str(second), "--index", str(index_dir)).exit_code == 0
    assert len(indexed(index_dir)) == 7

    result = run("index", str(first), "--index", str(index_dir), "--gazetteer", str(gazetteer_file(tmp_path, 1)))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "The gazetteer changed: people found again in 7 indexed documents from the index's own text "
        "(1 changed); no file was read again for it.\n"
    )
    assert result.stdout.splitlines()[:2] == [
        "Articles: 0 added, 0 updated, 0 removed, 7 unchanged.",
        "Files: 0 read, 4 unchanged, 0 removed, 0 with problems.",
    ]
    documents = indexed(index_dir)
    assert len(documents) == 7
    [harbour] = [doc for doc in documents.values() if doc["headline"] == "Harbour board meets"]
    assert harbour["leaders"] == PERSON

    forget_gazetteers()
    dropped = run("index", str(first), "--index", str(index_dir))  # the flag dropped: a change again
    assert dropped.exit_code == 0, dropped.output
    assert "(1 changed)" in dropped.stderr
    documents = indexed(index_dir)
    assert len(documents) == 7
    [harbour] = [doc for doc in documents.values() if doc["headline"] == "Harbour board meets"]
    assert harbour["leaders"] == ""


def test_a_gazetteer_change_with_a_corpus_folder_gone_keeps_its_articles(two_corpora, tmp_path):
    first, second = two_corpora
    index_dir = tmp_path / "ix"
    build([first, second], index_dir, jobs=1)
    shutil.rmtree(second)  # unmounted: people are found again from the index, not the files
    report = build([first], index_dir, jobs=1, gazetteers=[gazetteer_file(tmp_path, 1)])
    assert (report.reresolved, report.people_changed, report.removed) == (7, 1, 0)
    assert len(indexed(index_dir)) == 7


@pytest.mark.shared
def test_the_reported_gazetteer_loss_on_real_corpora(tmp_path):
    seeds, politics = shared_path("seeds"), shared_path("bbc", "politics")
    index_dir = tmp_path / "ix"
    assert run("index", str(seeds), str(politics), "--index", str(index_dir)).exit_code == 0
    before = locations(index_dir)
    result = run("index", "--index", str(index_dir), "--gazetteer", str(gazetteer_file(tmp_path, 0)), str(seeds))
    assert result.exit_code == 0, result.output
    assert locations(index_dir) == before
    assert result.stdout.splitlines()[0].endswith(" 0 removed, " + f"{len(before):,} unchanged.")


# -- folders that empty ---------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "mixed", files=6, per_file=4)
    return tmp_path / "mixed"


def empty(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()


def test_an_emptied_folder_keeps_its_articles_and_says_so(folder, tmp_path):
    index_dir = tmp_path / "ix"
    run("index", str(folder), "--index", str(index_dir))
    empty(folder)
    result = run("index", str(folder), "--index", str(index_dir))
    assert result.exit_code == 0
    assert result.stderr == (
        f"kept: 6 files indexed under {folder} are gone: 24 articles (all of its articles). "
        "The folder may be empty or unmounted; run again with --prune to remove them.\n"
    )
    assert result.stdout.splitlines()[:2] == [
        "Articles: 0 added, 0 updated, 0 removed, 24 unchanged.",
        "Files: 0 read, 6 unchanged, 0 removed, 0 with problems.",
    ]
    assert len(indexed(index_dir)) == 24

    pruned = run("index", str(folder), "--index", str(index_dir), "--prune")
    assert pruned.exit_code == 0
    assert pruned.stderr == ""
    assert pruned.stdout.splitlines()[:2] == [
        "Articles: 0 added, 0 updated, 24 removed, 0 unchanged.",
        "Files: 0 read, 0 unchanged, 6 removed, 0 with problems.",
    ]
    assert indexed(index_dir) == {}


def test_a_large_share_of_a_folder_is_kept_and_a_small_one_removed(tmp_path):
    folder = tmp_path / "big"
    files = write_corpus(folder, files=30, per_file=2)
    index_dir = tmp_path / "ix"
    build([folder], index_dir, jobs=1)
    files[0].unlink()  # 2 of 60: an ordinary deletion
    report = build([folder], index_dir, jobs=1)
    assert (report.removed, report.kept) == (2, [])
    for path in files[1:9]:  # 16 of the 58 left: more than a tenth
        path.unlink()
    report = build([folder], index_dir, jobs=1)
    assert report.removed == 0
    assert report.kept == [Removal(str(folder), files=8, articles=16, of_articles=58)]
    assert len(indexed(index_dir)) == 58


def test_a_terminal_user_is_asked_before_a_folder_is_emptied(folder, tmp_path, monkeypatch):
    index_dir = tmp_path / "ix"
    run("index", str(folder), "--index", str(index_dir))
    empty(folder)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    question = f"6 files indexed under {folder} are gone: 24 articles (all of its articles). Remove them? [y/N]: "
    no = run("index", str(folder), "--index", str(index_dir), input="n\n")
    assert no.exit_code == 0
    assert no.stderr.startswith(question + "n\nkept: 6 files")  # CliRunner echoes the answer
    assert len(indexed(index_dir)) == 24
    yes = run("index", str(folder), "--index", str(index_dir), input="y\n")
    assert yes.exit_code == 0
    assert yes.stderr == question + "y\n"
    assert yes.stdout.startswith("Articles: 0 added, 0 updated, 24 removed, 0 unchanged.\n")
    assert indexed(index_dir) == {}


def test_a_dry_run_says_what_would_change_and_writes_nothing(folder, tmp_path):
    index_dir = tmp_path / "ix"
    run("index", str(folder), "--index", str(index_dir))
    generation = store.current_generation(index_dir)
    files = sorted(folder.iterdir())
    files[0].unlink()
    files[1].write_text(files[1].read_text().replace("meeting", "session"), encoding="utf-8")
    write_corpus(folder, files=1, per_file=3, start=50)
    result = run("index", str(folder), "--index", str(index_dir), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Articles: 3 to add, 4 to update, 4 to remove, 16 unchanged.",
        "Files: 2 to read, 4 unchanged, 1 to remove, 0 with problems.",
        f"Dry run: the index {index_dir} is unchanged (23 articles after a real run).",
    ]
    assert store.current_generation(index_dir) == generation
    assert len(indexed(index_dir)) == 24
    real = run("index", str(folder), "--index", str(index_dir))
    assert real.stdout.startswith("Articles: 3 added, 4 updated, 4 removed, 16 unchanged.\n")
    assert len(indexed(index_dir)) == 23


def test_a_dry_run_of_an_emptied_folder_names_what_it_keeps(folder, tmp_path):
    index_dir = tmp_path / "ix"
    run("index", str(folder), "--index", str(index_dir))
    empty(folder)
    result = run("index", str(folder), "--index", str(index_dir), "--dry-run")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"kept: 6 files indexed under {folder} are gone: 24 articles")
    pruned = run("index", str(folder), "--index", str(index_dir), "--dry-run", "--prune")
    assert pruned.stdout.splitlines()[0] == "Articles: 0 to add, 0 to update, 24 to remove, 0 unchanged."
    assert len(indexed(index_dir)) == 24


# -- rebuilds -------------------------------------------------------------------------------


def test_a_rebuild_of_one_corpus_keeps_the_others(two_corpora, tmp_path):
    first, second = two_corpora
    index_dir = tmp_path / "ix"
    build([first, second], index_dir, jobs=1)
    report = build([first], index_dir, rebuild=True, jobs=1)
    assert (report.added, report.removed, report.files_read) == (7, 0, 4)
    assert len(indexed(index_dir)) == 7


def test_a_rebuild_keeps_the_articles_of_files_gone_unless_pruned(two_corpora, tmp_path):
    first, second = two_corpora
    index_dir = tmp_path / "ix"
    build([first, second], index_dir, jobs=1)
    shutil.rmtree(second)
    report = build([first], index_dir, rebuild=True, jobs=1)
    assert report.kept == [Removal(str(second), files=1, articles=1, of_articles=1)]
    assert len(indexed(index_dir)) == 7
    report = build([first], index_dir, rebuild=True, jobs=1, allow_removal=lambda removal: True)
    assert (report.removed, report.files_removed) == (1, 1)
    assert len(indexed(index_dir)) == 6


def test_removal_is_safe_only_for_a_small_share_never_for_everything():
    assert removal_is_safe(Removal("/c", files=1, articles=10, of_articles=11))
    assert removal_is_safe(Removal("/c", files=1, articles=10, of_articles=100))
    assert not removal_is_safe(Removal("/c", files=2, articles=11, of_articles=100))
    assert removal_is_safe(Removal("/c", files=2, articles=50, of_articles=1000))
    assert not removal_is_safe(Removal("/c", files=1, articles=1, of_articles=1))
    assert removal_is_safe(Removal("/c", files=1, articles=0, of_articles=0))


# -- a disk that fills ----------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 1 MB file system (tmpfs; needs root, as CI has)."""
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_disk_that_fills_while_sub_writers_write_is_one_message(small_disk, tmp_path):
    """Sub-writer processes that hit ENOSPC used to print a traceback each and leave the build
    blocked for ever on their job queue."""
    import subprocess
    import sys

    index_dir = small_disk / "ix"
    first = tmp_path / "first"
    write_corpus(first, files=1, per_file=3)
    assert run("index", str(first), "--index", str(index_dir)).exit_code == 0
    big = tmp_path / "big"
    write_corpus(big, files=40, per_file=60)  # 2,400 documents: the multi-process writer
    result = subprocess.run(
        [sys.executable, "-m", "cli", "index", str(big), "--index", str(index_dir), "--jobs", "2"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: cannot write the index at {index_dir}: the disk is full; the previous index is unchanged. "
        "Free some space or fix the permissions, or choose another directory with --index DIR\n"
    )
    assert len(indexed(index_dir)) == 3


def test_paths_in_index_messages_are_escaped(tmp_path):
    folder = tmp_path / "odd\x1b]0;owned\x07\nname"
    write_corpus(folder, files=2, per_file=1)
    (folder / "bad\x1b[31m.jsonl").write_bytes(b"\x00" * 64)
    index_dir = tmp_path / "ix"
    result = run("index", str(folder), "--index", str(index_dir))
    assert result.exit_code == 0
    [skipped] = result.stderr.splitlines()
    assert skipped.startswith("skipped '") and "\\x1b[31m.jsonl': " in skipped
    assert "\x1b" not in result.stderr
    for path in folder.iterdir():
        path.unlink()
    result = run("index", str(folder), "--index", str(index_dir))
    [kept] = result.stderr.splitlines()
    assert kept.startswith("kept: 2 files indexed under '") and "\\x1b]0;owned\\x07\\nname'" in kept


def test_a_dry_run_with_a_changed_gazetteer_says_what_would_change(two_corpora, tmp_path):
    first, second = two_corpora
    index_dir = tmp_path / "ix"
    run("index", str(first), str(second), "--index", str(index_dir))
    generation = store.current_generation(index_dir)
    gazetteer = gazetteer_file(tmp_path, 1)
    result = run("index", str(first), "--index", str(index_dir), "--gazetteer", str(gazetteer), "--dry-run")
    assert result.exit_code == 0
    assert "(1 would change)" in result.stderr
    assert store.current_generation(index_dir) == generation


def test_a_rebuild_over_a_damaged_manifest_says_what_it_did_without(two_corpora, tmp_path):
    first, second = two_corpora
    index_dir = tmp_path / "ix"
    run("index", str(first), str(second), "--index", str(index_dir))
    (store.current_generation(index_dir) / store.MANIFEST).write_text("{not json", encoding="utf-8")
    result = run("index", str(first), "--rebuild", "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Rebuilt over a damaged index (the index at {index_dir} is damaged: ")
    assert f"{store.MANIFEST} cannot be read (file is not a database)" in line
    assert len(indexed(index_dir)) == 6


def test_a_file_name_that_is_not_utf8_is_indexed_and_kept(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    record = {"title": "Harbour board meets", "date": "2019-03-04", "text": "The board met and said the port would grow."}
    Path(os.fsdecode(bytes(folder) + b"/caf\xe9.jsonl")).write_text(json.dumps(record) + "\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = run("index", str(folder), "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    again = run("index", str(folder), "--index", str(index_dir))
    assert again.stdout.startswith("Articles: 0 added, 0 updated, 0 removed, 1 unchanged.\n")
    assert len(indexed(index_dir)) == 1


def test_search_and_show_print_a_crafted_path_escaped(tmp_path):
    folder = tmp_path / "odd\x1b]0;owned\x07"
    write_corpus(folder, files=1, per_file=1)
    index_dir = tmp_path / "ix"
    run("index", str(folder), "--index", str(index_dir))
    found = run("search", "meeting", "--index", str(index_dir))
    assert found.exit_code == 0 and "\\x1b]0;owned\\x07" in found.stdout and "\x1b]" not in found.stdout
    [doc] = indexed(index_dir)
    shown = run("show", doc, "--index", str(index_dir))
    assert shown.exit_code == 0 and "\\x1b]0;owned\\x07" in shown.stdout and "\x1b]" not in shown.stdout


def test_a_folder_that_cannot_be_listed_keeps_its_articles(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    write_corpus(folder, files=20, per_file=1)
    write_corpus(folder / "locked", files=1, per_file=2, start=40)  # 2 of 22: a "safe" share
    index_dir = tmp_path / "ix"
    build([folder], index_dir, jobs=1)
    real_scandir = os.scandir

    def scandir(path=".", *args):  # tests run as root: permissions are simulated
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("index", str(folder), "--index", str(index_dir), "--jobs", "1")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"skipped {folder / 'locked'}: cannot read folder: Permission denied"]
    assert result.stdout.startswith("Articles: 0 added, 0 updated, 0 removed, 22 unchanged.\n")
    assert len(indexed(index_dir)) == 22


def test_a_gazetteer_change_resolves_dated_names_by_the_article_date(tmp_path):
    folder = tmp_path / "dated"
    folder.mkdir()
    records = [
        {"title": "Summit opens", "date": "2004-05-01", "text": "President George Bush met allies on Monday."},
        {"title": "Summit opens again", "date": "1990-05-01", "text": "President George Bush met allies on Monday."},
    ]
    (folder / "a.jsonl").write_text("\n".join(map(json.dumps, records)) + "\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([folder], index_dir, jobs=1)
    before = {doc["date"]: doc["people"] for doc in indexed(index_dir).values()}
    assert before["2004-05-01"] != before["1990-05-01"]
    report = build([folder], index_dir, jobs=1, gazetteers=[gazetteer_file(tmp_path, 0)])
    assert (report.reresolved, report.people_changed) == (2, 0)
    assert {doc["date"]: doc["people"] for doc in indexed(index_dir).values()} == before
