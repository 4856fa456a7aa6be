"""Files in a corpus folder (issue 16, point 7): .gz and .bz2 copies of supported files are
read, within the size cap on their decompressed size; other types are counted and listed."""
from __future__ import annotations

import bz2
import gzip
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

import cli
from corpus.files import decompressed
from corpus.readers.base import ReadError


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli.main, list(args), env={"COLUMNS": "100", "NO_COLOR": None, **(env or {})})


def line(title: str) -> bytes:
    return (json.dumps({"title": title, "text": f"The story of the {title.lower()} in full, told once."}) + "\n").encode()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "plain.jsonl").write_bytes(line("Plain harbour"))
    (folder / "feed.jsonl.gz").write_bytes(gzip.compress(line("Gzipped harbour")) + gzip.compress(line("Second member")))
    (folder / "feed.jsonl.bz2").write_bytes(bz2.compress(line("Bzipped harbour")))
    for name in ("report.pdf", "notes.md", "photos.gz", "README.md", "gazette.toml", ".hidden.pdf"):
        (folder / name).write_bytes(b"")
    return folder


def test_compressed_copies_are_read_and_other_types_counted(folder, tmp_path):
    result = run("index", str(folder), "--index", str(tmp_path / "ix"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Articles: 4 added, 0 updated, 0 removed, 0 unchanged.",
        "Files: 3 read, 0 unchanged, 0 removed, 0 with problems.",
    ]
    assert result.stderr == "Not read: 3 files of unsupported types (.gz 1, .md 1, .pdf 1); --verbose lists them.\n"
    found = json.loads(run("search", "harbour", "--index", str(tmp_path / "ix"), "--format", "json").stdout)
    assert sorted(hit["headline"] for hit in found["hits"]) == ["Bzipped harbour", "Gzipped harbour", "Plain harbour"]
    assert {hit["path"] for hit in found["hits"] if hit["headline"] == "Gzipped harbour"} == {
        f"{folder / 'feed.jsonl.gz'}#1"}


def test_verbose_lists_the_files_not_read(folder, tmp_path):
    result = run("index", str(folder), "--index", str(tmp_path / "ix"), "--verbose")
    assert result.exit_code == 0
    assert result.stderr == (
        f"unsupported: {folder / 'notes.md'}\n"
        f"unsupported: {folder / 'photos.gz'}\n"
        f"unsupported: {folder / 'report.pdf'}\n"
        "Not read: 3 files of unsupported types (.gz 1, .md 1, .pdf 1).\n"
    )


def test_a_decompression_bomb_is_refused_within_the_cap(tmp_path):
    bomb = gzip.compress(bytes(64 * 2**20), compresslevel=9)  # 64 MB of zeros in about 64 KB
    assert len(bomb) < 2**20
    tracemalloc.start()
    with pytest.raises(ReadError, match=r"too large decompressed \(over the 2 MB limit\); set GAZETTE_MAX_FILE_MB"):
        decompressed("bomb.jsonl.gz", bomb, limit=2 * 2**20)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * 2**20  # the cap and a step, never the 64 MB
    with pytest.raises(ReadError, match="too large decompressed"):
        decompressed("bomb.xml.bz2", bz2.compress(bytes(8 * 2**20)), limit=2**20)


def test_the_cap_applies_when_indexing(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "big.jsonl.gz").write_bytes(gzip.compress(line("Big") * 40_000))  # 3 MB decompressed
    result = run("index", str(folder), "--index", str(tmp_path / "ix"), env={"GAZETTE_MAX_FILE_MB": "1"})
    assert result.exit_code == 0
    assert (f"skipped {folder / 'big.jsonl.gz'}: too large decompressed (over the 1 MB limit); "
            "set GAZETTE_MAX_FILE_MB to read larger files\n") in result.stderr


@pytest.mark.parametrize("name, data, problem", [
    ("cut.jsonl.gz", gzip.compress(line("Cut"))[:-12], "not a readable gzip file"),
    ("cut.jsonl.bz2", bz2.compress(line("Cut"))[:-8], "not a readable bzip2 file"),
    ("text.jsonl.gz", line("Not compressed"), "not a readable gzip file"),
])
def test_damaged_compressed_files_are_reported(name, data, problem):
    with pytest.raises(ReadError, match=problem):
        decompressed(name, data, limit=2**20)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=3000), min_size=1, max_size=3), st.sampled_from([".gz", ".bz2"]))
def test_members_decompress_to_their_concatenation(parts, suffix):
    compress = gzip.compress if suffix == ".gz" else bz2.compress
    data = b"".join(compress(part) for part in parts)
    assert decompressed(f"x.jsonl{suffix}", data, limit=2**20) == b"".join(parts)
    assert decompressed("x.jsonl", data, limit=2**20) == data  # not compressed: as is
