"""``gazette parse`` through Click's CliRunner: exact exit codes, stdout records, stderr problems."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from corpus.article import Article

FIXTURES = Path(__file__).parent / "fixtures" / "struct"


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES, folder)
    (folder / "empty.jsonl").write_bytes(b"")
    return folder


def _run(*args: str):
    return CliRunner().invoke(main, ["parse", *args])


def test_jsonl_output_and_problems_on_stderr(corpus_dir: Path) -> None:
    result = _run(str(corpus_dir), "--jobs", "1")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    files = [Path(r["path"]).name for r in records]
    assert files == ["archive.sgml"] * 3 + ["atom.xml"] * 2 + ["collection.xml"] * 3 + ["feed.xml"] + [
        "records.jsonl"] * 3 + ["stories.sgm"] * 4
    assert [r["headline"] for r in records[5:8]] == [
        "Trump and Kim meet in Singapore", "Moon visits Pyongyang", "Hanoi summit ends early"]
    assert all(Article.from_dict(r).to_dict() == r for r in records)
    *problems, summary = result.stderr.splitlines()
    assert problems == [
        f"{corpus_dir / 'archive.sgml'}: document 4: no headline and no <TEXT>",
        f"{corpus_dir / 'archive.sgml'}: document 5: truncated (no </DOC> before the next document or end of file)",
        f"{corpus_dir / 'empty.jsonl'}: empty file",
        f"{corpus_dir / 'records.jsonl'}: line 2: invalid JSON (Expecting value at column 36)",
        f"{corpus_dir / 'records.jsonl'}: line 5: expected a JSON object, got list",
        f"{corpus_dir / 'records.jsonl'}: line 7: no title and no text "
        "(looked for title/headline/heading/text/body/content)",
    ]
    assert re.fullmatch(r"16 articles from 7 files, 6 problems in \d+\.\d s \([\d,]+ articles/s\)", summary)


def test_json_array_has_the_same_records(corpus_dir: Path) -> None:
    lines = _run(str(corpus_dir), "--jobs", "1")
    array = _run(str(corpus_dir), "--format", "json", "--jobs", "2")
    assert array.exit_code == 0
    assert json.loads(array.stdout) == [json.loads(line) for line in lines.stdout.splitlines()]


def test_json_array_when_nothing_parses(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text("nope\n")
    result = _run(str(tmp_path / "bad.jsonl"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert result.stderr.splitlines()[-1].startswith("0 articles from 1 file, 1 problem in ")


def test_single_file_with_reuters_fields() -> None:
    result = _run(str(FIXTURES / "stories.sgm"))
    assert result.exit_code == 0
    first = json.loads(result.stdout.splitlines()[0])
    assert {k: first[k] for k in ("position", "headline", "date", "year", "date_from", "source")} == {
        "position": 1,
        "headline": "JAPAN AND U.S. OPEN TRADE TALKS <SEMICONDUCTORS>",
        "date": "1987-03-02",
        "year": 1987,
        "date_from": "metadata",
        "source": "Reuters",
    }
    assert "Yasuhiro Nakasone" in first["people"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert result.stdout == ""


def test_no_path_is_a_usage_error() -> None:
    result = _run()
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_bad_gazetteer_file_is_a_usage_error(tmp_path: Path) -> None:
    gazetteer = tmp_path / "people.tsv"
    gazetteer.write_text("Jane Example\tmaybe\n")
    result = _run(str(FIXTURES / "records.jsonl"), "--gazetteer", str(gazetteer))
    assert result.exit_code == 2
    assert "Invalid value for --gazetteer" in result.stderr
    assert "leader column must be 0 or 1" in result.stderr


def test_user_gazetteer_adds_people(tmp_path: Path) -> None:
    gazetteer = tmp_path / "people.tsv"
    gazetteer.write_text("Comissaria Example\t0\tBR\tcocoa trader\tComissaria\t\n")
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"title": "Cocoa review", "text": "Comissaria said rain helped the crop."}))
    without = json.loads(_run(str(source)).stdout)
    with_it = json.loads(_run(str(source), "--gazetteer", str(gazetteer)).stdout)
    assert "Comissaria Example" not in without["people"]
    assert "Comissaria Example" in with_it["people"]


def test_help_is_the_docstring() -> None:
    result = CliRunner().invoke(main, ["parse", "--help"])
    assert result.exit_code == 0
    assert "Normalize the articles in PATHS" in result.stdout
    assert "--format [jsonl|json]" in result.stdout
