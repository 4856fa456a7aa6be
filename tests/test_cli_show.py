"""gazette show and open (issue 16, point 6): the query highlighted, the original location
with the record number in an archive, the original file opened, ambiguous short ids."""
from __future__ import annotations

import dataclasses
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

import cli
from tests import search_fixtures

ARTICLES = search_fixtures.articles()
ID = {article.headline: article.id for article in ARTICLES}
DALIAN = ID["Kim and Xi meet in Dalian"]
HANOI = ID["Hanoi summit ends without agreement"]
BOLD_YELLOW = "\x1b[33m\x1b[1m{}\x1b[0m"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The fixture articles, Hanoi as record 368 of an archive file that exists on disk."""
    folder = tmp_path_factory.mktemp("show-corpus")
    archive = folder / "reut2-003.sgm"
    archive.write_text("<REUTERS>...</REUTERS>\n")
    records = [
        dataclasses.replace(a, path=str(archive), position=368) if a.id == HANOI else a for a in ARTICLES
    ]
    return folder, search_fixtures.build(folder / "index", records)


def run(index_dir, *args: str, color: bool = False, env: dict | None = None):
    return CliRunner().invoke(cli.main, [*args, "--index", str(index_dir)], color=color,
                              env={"COLUMNS": "100", "NO_COLOR": None, **(env or {})})


def test_show_highlights_the_query(corpus):
    _, index_dir = corpus
    result = run(index_dir, "show", DALIAN, "dalian", "beaches", color=True)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "\x1b[1mKim and Xi meet in \x1b[0m" + BOLD_YELLOW.format("Dalian")
    assert lines[-2] == ("North Korean leader Kim Jong Un met Chinese President Xi Jinping in the port city of "
                         + BOLD_YELLOW.format("Dalian") + ". The two")
    assert lines[-1] == ("leaders walked along the " + BOLD_YELLOW.format("beach")
                         + " and discussed denuclearization of the Korean peninsula.")
    plain = run(index_dir, "show", DALIAN, "dalian")
    assert plain.output == run(index_dir, "show", DALIAN).output  # no colour off a terminal


def test_show_names_the_record_of_an_archive(corpus):
    folder, index_dir = corpus
    result = run(index_dir, "show", HANOI)
    assert f"Path:    {folder / 'reut2-003.sgm'}#368 (record 368 of the file)\n" in result.output


def test_open_runs_the_pager_on_the_original_file(corpus, tmp_path):
    folder, index_dir = corpus
    seen = tmp_path / "seen.txt"
    pager = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.argv[2])\" {seen}"
    result = run(index_dir, "open", HANOI[:6], env={"PAGER": pager, "EDITOR": "false"})
    assert result.exit_code == 0, result.output
    assert seen.read_text() == str(folder / "reut2-003.sgm")
    assert result.stderr == f"Article {HANOI} is record 368 of {folder / 'reut2-003.sgm'}.\n"
    editor = run(index_dir, "open", HANOI, env={"PAGER": "", "EDITOR": pager.replace("seen.txt", "edited.txt")})
    assert editor.exit_code == 0 and (tmp_path / "edited.txt").read_text() == str(folder / "reut2-003.sgm")


def test_open_says_when_the_file_is_gone(corpus):
    _, index_dir = corpus
    result = run(index_dir, "open", DALIAN, env={"PAGER": "cat"})
    assert result.exit_code == 1
    assert result.output == (f"Error: the file of article {DALIAN} is gone: fixtures/news-01.txt; "
                             "`gazette show` prints the indexed text\n")


def test_an_ambiguous_short_id_asks_for_more_characters(corpus):
    _, index_dir = corpus
    first, _ = Counter(a.id[0] for a in ARTICLES).most_common(1)[0]
    fitting = sorted(a.id for a in ARTICLES if a.id.startswith(first))
    assert len(fitting) > 1
    result = run(index_dir, "show", first)
    assert result.exit_code == 1
    listed = ", ".join(fitting[:5]) + (", ..." if len(fitting) > 5 else "")
    assert result.output == (f"Error: the id prefix '{first}' fits {len(fitting)} articles ({listed}); "
                             "give more characters (at least 4)\n")
    unique = next(a.id[:3] for a in ARTICLES if sum(b.id.startswith(a.id[:3]) for b in ARTICLES) == 1)
    assert run(index_dir, "show", unique).output.endswith(f"fits 1 article ({_full(unique)}); give more characters (at least 4)\n")
    assert run(index_dir, "show", DALIAN[:4]).exit_code == 0
    assert run(index_dir, "show", "zz").output.startswith("Error: no article with id 'zz'")


def _full(prefix: str) -> str:
    return next(a.id for a in ARTICLES if a.id.startswith(prefix))
