"""Both seed pages match what a careful reader extracts (../shared/corpora/seeds/expected.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.pipeline import parse_paths
from corpus.readers.text import read


def _expected(shared_corpora: Path) -> dict[str, dict]:
    data = json.loads((shared_corpora / "seeds" / "expected.json").read_text(encoding="utf-8"))
    return {name: fields for name, fields in data.items() if not name.startswith("_")}


@pytest.fixture(scope="module")
def seed_articles(shared_corpora: Path) -> dict:
    seeds = shared_corpora / "seeds"
    files = sorted(seeds.glob("*.txt"))
    problems: list = []
    articles = {Path(a.path).name: a for a in parse_paths(files, problems.append)}
    assert not problems
    return articles


def test_every_expected_seed_is_parsed(shared_corpora: Path, seed_articles: dict) -> None:
    assert sorted(seed_articles) == sorted(_expected(shared_corpora))


@pytest.mark.parametrize("field", ["headline", "date", "year", "source", "people", "body"])
def test_seed_fields(shared_corpora: Path, seed_articles: dict, field: str) -> None:
    for name, expected in _expected(shared_corpora).items():
        article = seed_articles[name]
        if field == "headline":
            assert article.headline == expected["headline"], name
        elif field == "date":
            assert article.date.isoformat() in expected["date_any"], name
            assert article.date_from in ("metadata", "dateline", "text"), name
        elif field == "year":
            assert article.year == expected["year"], name
        elif field == "source":
            assert article.source == expected["source"], name
        elif field == "people":
            assert list(article.people) == expected["people"], name
        else:
            body = " ".join(article.body.split())
            for text in expected["body_must_contain"]:
                assert text in body, (name, text)
            for text in expected["body_must_not_contain"]:
                assert text not in body, (name, text)


def test_seed_bodies_are_paragraphs_without_captions(shared_corpora: Path) -> None:
    """Beyond expected.json: the photo captions and the repeated headline are gone, and
    paragraphs are separated by exactly one blank line."""
    for path in sorted((shared_corpora / "seeds").glob("*.txt")):
        article = next(read(str(path), path.read_text(encoding="utf-8")))
        paragraphs = article.body.split("\n\n")
        assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
        assert article.headline not in paragraphs
        assert not any("REUTERS/" in p or "(Photo by" in p for p in paragraphs)
