"""A page that is a list, table or data file is not an article; documentation is not walked."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from corpus.pipeline import iter_files, parse_paths
from corpus.prose import MIN_JUDGED_CHARS, OPENING_CHARS, is_sentence_like, looks_like_prose, opening, prose_share
from corpus.readers.base import ReadError
from corpus.readers.text import read

SENTENCE = "The two leaders met in the border village on Sunday and agreed to resume talks."
FACTS = '\n'.join(f'fact("Country{i}","Exports",["grain","steel","coal{i}"]).' for i in range(120))
CATEGORIES = "\n".join(f"Commodity Code Number {i} (CODE{i})" for i in range(150))


def test_sentences_are_prose_and_data_lines_are_not() -> None:
    assert is_sentence_like(SENTENCE)
    assert not is_sentence_like('fact("Chad","Exports",["cotton","cattle","gum arabic"]).')
    assert not is_sentence_like("Money/Foreign Exchange (MONEY-FX)")
    assert prose_share([SENTENCE, "Trade (TRADE)"]) == pytest.approx(len(SENTENCE) / (len(SENTENCE) + 13))


def test_short_pages_get_the_benefit_of_the_doubt() -> None:
    assert looks_like_prose(["Scores: 3-1 (Lee 12, Park 40)"])
    assert not looks_like_prose(FACTS.split("\n"))
    assert len(FACTS) > MIN_JUDGED_CHARS


@pytest.mark.parametrize("body", [FACTS, CATEGORIES])
def test_text_reader_reports_a_data_file(body: str) -> None:
    with pytest.raises(ReadError, match="not an article: the text is a list, table or data"):
        list(read("facts.txt", "Some notes on the data\n\n" + body))


def test_text_reader_keeps_a_long_article_with_a_results_table() -> None:
    table = "\n".join(f"Team {i}  {i} - {i + 1}" for i in range(30))
    page = "Leaders meet again\n\n" + "\n\n".join([SENTENCE] * 20) + "\n\n" + table
    [article] = read("page.txt", page)
    assert article.headline == "Leaders meet again"


def test_a_framed_body_that_opens_with_prose_is_an_article() -> None:
    """A web page's article, then its footer of link lists: judged from its opening. The same
    shape in a plain document (notes above a list of codes) is judged whole."""
    footer = [f"Related story number {i}" for i in range(150)]
    body = [SENTENCE] * 6 + footer
    assert prose_share(body) < 0.2 and sum(map(len, body)) > MIN_JUDGED_CHARS
    assert looks_like_prose(body, framed=True)
    assert not looks_like_prose(body)
    assert not looks_like_prose(footer + [SENTENCE] * 6, framed=True)  # prose only at the end


def test_text_reader_keeps_a_web_page_whose_footer_outweighs_its_story() -> None:
    chrome = "Home | World | Business | Sport\n\nSign in\n\nMenu\n\n"
    story = "Leaders meet again after talks\n\n" + "\n\n".join([SENTENCE] * 6) + "\n\n"
    footer = "\n\n".join(f"Related story number {i}" for i in range(150))
    [article] = read("page.txt", chrome + story + footer)
    assert article.headline == "Leaders meet again after talks" and article.body.startswith(SENTENCE)
    with pytest.raises(ReadError, match="not an article"):  # the same without the page's chrome: a list
        list(read("notes.txt", story + footer))


@given(st.lists(st.text(max_size=300), max_size=30), st.integers(min_value=0, max_value=3000))
def test_opening_is_the_shortest_prefix_reaching_the_size(paragraphs: list[str], size: int) -> None:
    head = opening(paragraphs, size)
    assert head == paragraphs[: len(head)]
    assert sum(map(len, head)) >= size or head == paragraphs
    assert not head or sum(map(len, head[:-1])) < size
    assert opening(paragraphs) == opening(paragraphs, OPENING_CHARS)


@given(st.lists(st.text(max_size=200), max_size=30))
def test_prose_share_is_a_share(paragraphs: list[str]) -> None:
    assert 0.0 <= prose_share(paragraphs) <= 1.0


def test_walk_skips_documentation_but_reads_it_when_named(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("About this collection\n\n" + SENTENCE)
    (tmp_path / "LICENSE.md.txt").write_text("Terms\n\n" + SENTENCE)
    (tmp_path / "summit.txt").write_text("Leaders meet\n\n" + SENTENCE)
    (tmp_path / "readmission-talks.txt").write_text("Readmission talks resume\n\n" + SENTENCE)
    # An article whose name merely starts with such a word is still an article.
    (tmp_path / "changes-in-cabinet.txt").write_text("Cabinet reshuffle\n\n" + SENTENCE)
    assert [p.name for p in iter_files([tmp_path])] == [
        "changes-in-cabinet.txt", "readmission-talks.txt", "summit.txt",
    ]
    named = tmp_path / "README.txt"
    assert [a.headline for a in parse_paths([named], lambda problem: None)] == ["About this collection"]
