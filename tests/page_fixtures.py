"""Helpers for the page tests: the fixture pages in tests/fixtures/pages/ and what they expect."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterator

from corpus.readers.base import RawArticle

PAGES = Path(__file__).parent / "fixtures" / "pages"
Reader = Callable[[str, str], Iterator[RawArticle]]


def read_page(read: Reader, name: str) -> RawArticle:
    """The one article a fixture page holds."""
    path = PAGES / name
    (article,) = list(read(str(path), path.read_text(encoding="utf-8")))
    return article


def paragraphs(article: RawArticle) -> list[str]:
    return article.body.split("\n\n")


def page_expectations(suffix: str) -> dict[str, dict]:
    """What tests/fixtures/pages/expected.json expects of each fixture page with ``suffix``."""
    data = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    return {name: fields for name, fields in data.items() if name.endswith(suffix)}


def check_expectations(article: RawArticle, want: dict) -> None:
    assert article.headline == want["headline"]
    assert (article.date.isoformat() if article.date else None, article.date_from) == (want["date"], want["date_from"])
    assert article.source == want["source"]
    assert list(article.authors) == want["authors"]
    body = " ".join(article.body.split())
    assert [text for text in want["contains"] if text not in body] == []
    assert [text for text in want["absent"] if text in body] == []


def assert_reads_or_refuses(read: Reader, path: str, text: str) -> None:
    """Any input gives one article with a body, or a ReadError: never another exception."""
    from corpus.readers.base import ReadError

    try:
        articles = list(read(path, text))
    except ReadError:
        return
    assert len(articles) == 1 and articles[0].body.strip()
