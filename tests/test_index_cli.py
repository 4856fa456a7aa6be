"""`gazette index` and `gazette stats` through Click: exit codes and output."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.index_fixtures import hold_lock, write_corpus

TIMING = re.compile(r"^Index (.+): (\d[\d,]*) articles \((\d[\d,]*) unique documents\); \d+\.\d s(, [\d,]+ articles/s)?\.$")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "corpus", files=3, per_file=4)
    return tmp_path / "corpus"


def test_index_prints_what_it_did(corpus, tmp_path):
    index_dir = tmp_path / "ix"
    result = run("index", str(corpus), "--index", str(index_dir), "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Articles: 12 added, 0 updated, 0 removed, 0 unchanged.",
        "Files: 3 read, 0 unchanged, 0 removed, 0 with problems.",
    ]
    match = TIMING.match(lines[2])
    assert match and match.group(1) == str(index_dir) and match.group(2) == match.group(3) == "12"
    assert len(lines) == 3
    assert result.stderr == ""

    again = run("index", str(corpus), "--index", str(index_dir))
    assert again.exit_code == 0
    assert again.stdout.splitlines()[:2] == [
        "Articles: 0 added, 0 updated, 0 removed, 12 unchanged.",
        "Files: 0 read, 3 unchanged, 0 removed, 0 with problems.",
    ]


def test_index_uses_gazette_index_variable(corpus, tmp_path):
    index_dir = tmp_path / "from-env"
    result = run("index", str(corpus), env={"GAZETTE_INDEX": str(index_dir)})
    assert result.exit_code == 0, result.output
    assert TIMING.match(result.stdout.splitlines()[2]).group(1) == str(index_dir)
    assert (index_dir / "CURRENT").exists()


def test_skipped_files_are_listed_with_their_reason(corpus, tmp_path):
    (corpus / "zeros.jsonl").write_bytes(b"\x00" * 64)
    result = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--jobs", "1")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "Files: 3 read, 0 unchanged, 0 removed, 1 with problems."
    [line] = result.stderr.splitlines()
    assert line.startswith(f"skipped {corpus.resolve() / 'zeros.jsonl'}: ")
    assert len(line) > len(f"skipped {corpus.resolve() / 'zeros.jsonl'}: ")


def test_index_without_paths_is_a_usage_error(tmp_path):
    result = run("index", "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2
    assert "give at least one PATH to index (or --sample for the built-in sample corpus)" in result.output


def test_index_of_a_missing_path_is_a_usage_error(tmp_path):
    result = run("index", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_index_while_another_build_runs_exits_1_with_the_holder(corpus, tmp_path):
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    holder = hold_lock(index_dir)
    try:
        result = run("index", str(corpus), "--index", str(index_dir))
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: the index at {index_dir} is being written by another `gazette index` (pid {holder.pid} on ")
    assert "Traceback" not in result.output


def test_stats_text(corpus, tmp_path):
    index_dir = tmp_path / "ix"
    assert run("index", str(corpus), "--index", str(index_dir), "--jobs", "1").exit_code == 0
    result = run("stats", "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Index:     {index_dir} (gen-000001, built ")
    assert lines[1] == "Articles:  12 (12 unique documents) from 3 files"
    assert re.fullmatch(r"Dates:     20\d\d-\d\d-\d\d to 20\d\d-\d\d-\d\d \(0 undated\)", lines[2])
    assert re.fullmatch(r"Size:      [\d.,]+ KB on disk", lines[3])
    assert lines[4].startswith("Per year:  ") and lines[4].endswith(" (documents)")
    assert lines[5] == "Top sources (documents):"
    assert lines[6:9] == ["         6  Wire Service", "         3  Daily Planet", "         3  Evening Post"]
    assert lines[9] == "Top leaders (documents):"
    assert len(lines) > 10


def test_stats_json_matches_the_index(corpus, tmp_path):
    index_dir = tmp_path / "ix"
    run("index", str(corpus), "--index", str(index_dir), "--jobs", "1")
    result = run("stats", "--index", str(index_dir), "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert (stats["articles"], stats["documents"], stats["files"], stats["undated"]) == (12, 12, 3, 0)
    assert sum(stats["years"].values()) == 12
    assert stats["date_range"]["first"] <= stats["date_range"]["last"]
    assert sum(row["documents"] for row in stats["sources"]) == 12
    assert {row["name"] for row in stats["leaders"]} <= {"Kim Jong Un", "Donald Trump", "Moon Jae-in", "Xi Jinping"}
    assert sum(row["documents"] for row in stats["leaders"]) == 12  # one leader per synthetic article
    assert stats["size_bytes"] > 0


def test_stats_without_an_index_says_how_to_build_one(tmp_path):
    result = run("stats", "--index", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no index at {tmp_path / 'none'}; run `gazette index PATH...` to build one "
        "(or pass --index DIR / set GAZETTE_INDEX to use another)\n"
    )


def test_stats_of_an_outdated_index_asks_for_a_rebuild(corpus, tmp_path):
    from index import store

    index_dir = tmp_path / "ix"
    run("index", str(corpus), "--index", str(index_dir), "--jobs", "1")
    meta_path = store.current_generation(index_dir) / store.META
    meta_path.write_text(json.dumps(dict(json.loads(meta_path.read_text()), schema_version=0)))
    store.seal(meta_path.parent)  # as another version would have written and sealed it
    result = run("stats", "--index", str(index_dir))
    assert result.exit_code == 1
    assert "run `gazette index --rebuild PATH...` to rebuild it" in result.stderr
    result = run("index", str(corpus), "--index", str(index_dir))
    assert result.exit_code == 1 and "--rebuild" in result.stderr
    result = run("index", str(corpus), "--index", str(index_dir), "--rebuild")
    assert result.exit_code == 0
    assert result.stdout.startswith("Articles: 12 added, 0 updated, 0 removed, 0 unchanged.\n")


def test_terminal_progress_line_shows_files_articles_rate_and_time_left():
    import io

    from index.build import Progress
    from index.progress import TerminalProgress

    stream = io.StringIO()
    progress = TerminalProgress(stream, width=10)
    line = progress.line(Progress("reading", 5, 20, 1_500), elapsed=3.0)
    assert line == "Reading [##--------] 5/20 files, 1,500 articles, 500/s, 0:09 left"
    assert progress.line(Progress("writing", 20, 20, 6_000), elapsed=9.0) == "Writing... 6,000 articles"
    # no guess from the first file of many (the largest are read first), nor in the first seconds
    assert progress.line(Progress("reading", 1, 1000, 80), elapsed=7.9).endswith(", 80 articles, 10/s, --:-- left")
    assert progress.line(Progress("reading", 19, 1000, 80), elapsed=60).endswith("--:-- left")
    assert progress.line(Progress("reading", 20, 1000, 80), elapsed=60).endswith(", 49:00 left")
    assert progress.line(Progress("reading", 100, 1000, 80), elapsed=1.5).endswith("--:-- left")
    assert progress.line(Progress("reading", 100, 1000, 80), elapsed=600).endswith(", 1:30:00 left")
    progress(Progress("reading", 20, 20, 6_000))
    progress.close()
    assert stream.getvalue().startswith("\r\x1b[2KReading [##########] 20/20 files, 6,000 articles")
    assert stream.getvalue().endswith("\r\x1b[2K")


def test_a_user_gazetteer_names_people_and_a_change_re_resolves_them_from_the_index(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    record = {
        "title": "Harbour board meets",
        "date": "2019-03-04",
        "text": "Chairwoman Zelda Quarrington-Voss opened the meeting.\n\nQuarrington-Voss said the port would grow.",
    }
    (folder / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    gazetteer = tmp_path / "people.tsv"
    gazetteer.write_text("Zelda Quarrington-Voss\t0\tNZ\tport chair\t\tZelda Q. Voss\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = run("index", str(folder), "--index", str(index_dir), "--gazetteer", str(gazetteer))
    assert result.exit_code == 0, result.output
    assert "zelda q voss" in __import__("index.store").store.read_aliases(index_dir)

    again = run("index", str(folder), "--index", str(index_dir), "--gazetteer", str(gazetteer))
    assert again.stdout.startswith("Articles: 0 added, 0 updated, 0 removed, 1 unchanged.\n")
    gazetteer.write_text("Zelda Quarrington-Voss\t1\tNZ\tport chair\t\tZelda Q. Voss\n", encoding="utf-8")
    # corpus.pipeline caches the loaded gazetteer per path for the life of the process; each
    # `gazette index` is a new process, this test is not.
    import corpus.pipeline

    corpus.pipeline.load_gazetteer.cache_clear()
    corpus.pipeline._finder.cache_clear()
    changed = run("index", str(folder), "--index", str(index_dir), "--gazetteer", str(gazetteer))
    assert changed.exit_code == 0
    assert changed.stderr == (
        "The gazetteer changed: people found again in 1 indexed documents from the index's own text "
        "(1 changed); no file was read again for it.\n"
    )
    assert changed.stdout.splitlines()[:2] == [
        "Articles: 0 added, 0 updated, 0 removed, 1 unchanged.",
        "Files: 0 read, 1 unchanged, 0 removed, 0 with problems.",
    ]
    stats = json.loads(run("stats", "--index", str(index_dir), "--format", "json").stdout)
    assert stats["leaders"] == [{"name": "Zelda Quarrington-Voss", "documents": 1}]


def test_a_malformed_gazetteer_is_a_clear_error(corpus, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("\t1\n", encoding="utf-8")
    result = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--gazetteer", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use the gazetteer: ")
    assert "Traceback" not in result.output
