"""All 2,225 BBC articles: headline is line 1, the body is every other line, nothing invented.

The BBC files have no chrome, no date and no source line, so they check the other side of
the chrome rules: no prose may be lost, and no date or source may be made up from mentions.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.encoding import decode
from corpus.readers import read_file
from corpus.readers.text import read


@pytest.fixture(scope="module")
def bbc_files(shared_corpora: Path) -> list[Path]:
    files = sorted((shared_corpora / "bbc").glob("*/*.txt"))
    assert len(files) == 2225
    return files


def test_every_bbc_article_parses_with_line_one_as_headline(bbc_files: list[Path]) -> None:
    wrong: list[str] = []
    for path in bbc_files:
        text = decode(path.read_bytes(), path.suffix)
        (article,) = list(read(str(path), text))
        first_line, rest = text.split("\n", 1)
        if article.headline != " ".join(first_line.split()):
            wrong.append(f"{path}: headline {article.headline!r}")
        elif " ".join(article.body.split()) != " ".join(rest.split()):
            wrong.append(f"{path}: body differs from lines 2..")
        elif article.date is not None or article.source is not None:
            wrong.append(f"{path}: invented date {article.date} / source {article.source}")
    assert wrong == []


def test_latin1_file_parses_through_the_registry(shared_corpora: Path) -> None:
    path = shared_corpora / "bbc" / "sport" / "199.txt"
    (article,) = list(read_file(path))
    assert article.headline == "Chelsea sack Mutu"
    assert "a £15.8m signing from Parma" in article.body
