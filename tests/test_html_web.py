"""Issue 9's thresholds on the real web pages of ../shared/corpora/web (HTML form), scored
exactly as benchmarks/extraction.py and ../shared/tools/web_score.py score them.

Thresholds Gazette does not reach yet are strict xfails: they fail the day they pass, so
that the mark is removed then.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from benchmarks.extraction import Extracted, score_web
from benchmarks.truth import web_pages
from tests.conftest import shared_path


def _read(path: str) -> Extracted:
    """What the HTML reader and the shared normalization give for one page."""
    from corpus.pipeline import normalized
    from corpus.readers import read_file

    try:
        raw = normalized(next(read_file(Path(path))))
    except Exception:  # a page Gazette cannot read scores as a miss on every field
        return Extracted("", None, (), "")
    return Extracted(raw.headline, raw.date, raw.authors, raw.body)


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[float, int] | None]:
    pages = web_pages(shared_path("web"))
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        got = list(pool.map(_read, [page.path for page in pages], chunksize=4))
    return score_web(pages, got)


def test_dates_of_pages_with_one(scores) -> None:
    share, pages = scores["date"]
    assert pages >= 150 and share >= 0.92


def test_dates_given_are_right(scores) -> None:
    assert scores["date precision"][0] >= 0.979  # 145 of 148 today


def test_headlines_postlight(scores) -> None:
    assert scores["headline"][0] >= 0.93


def test_authors(scores) -> None:
    """0.869 today (173 of 199; spiceworks's reference byline is a date line, no longer taken for a name): no
    slipping back towards the 0.85 threshold."""
    assert scores["authors"][0] >= 0.869


def test_body_start(scores) -> None:
    assert scores["body start"][0] >= 0.85


def test_headlines_and_body_start_floor(scores) -> None:
    """Where Gazette stands (0.949 and 0.875, 119 of 136): no slipping back."""
    assert scores["headline"][0] >= 0.949
    assert scores["body start"][0] >= 0.875


def test_body_f1_floor(scores) -> None:
    """The body's word-shingle F1 against readability's expected content: 0.931 today
    (trafilatura alone 0.930 on the same pages)."""
    assert scores["body F1"][0] >= 0.93
