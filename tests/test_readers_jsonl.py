"""JSON lines reader: field-name variants, HTML in fields, bad lines, JSON documents."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.readers import jsonl, read_file
from corpus.readers.base import RawArticle, ReadError
from corpus.readers.fields import NAMES

FIXTURES = Path(__file__).parent / "fixtures" / "struct"


@pytest.fixture(scope="module")
def items() -> list:
    return list(read_file(FIXTURES / "records.jsonl"))


def test_bad_lines_are_reported_by_line_number(items: list) -> None:
    assert [str(i) for i in items if isinstance(i, ReadError)] == [
        "line 2: invalid JSON (Expecting value at column 36)",
        "line 5: expected a JSON object, got list",
        "line 7: no title and no text (looked for title/headline/heading/text/body/content)",
    ]
    assert [i.position for i in items if isinstance(i, RawArticle)] == [1, 3, 6]


def test_schema_org_names_and_paragraph_lists(items: list) -> None:
    first = items[0]
    assert first.headline == "Leaders gather for G20 in Osaka"
    assert (first.date, first.date_from) == (dt.date(2019, 6, 28), "metadata")
    assert first.source == "Example Daily"
    assert first.url == "https://daily.example.com/g20"
    assert first.authors == ("Ann Author",)
    assert first.body == "The Group of 20 summit opened in Osaka on Friday.\n\nHost Shinzo Abe welcomed the leaders."


def test_html_content_and_author_records(items: list) -> None:
    third = items[2]
    assert third.date == dt.date(2019, 6, 30)
    assert third.source == "Example Post"
    assert third.authors == ("Bo Reporter", "Cy Writer")
    assert third.body == "Donald Trump stepped into North Korea at Panmunjom.\n\nHe met Kim Jong Un for about an hour."


def test_epoch_date_and_source_from_wire_credit(items: list) -> None:
    wire = items[4]
    assert wire.date == dt.date(2018, 7, 1)
    assert wire.source == "Reuters"


def test_json_array_document(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"articles": [{"title": "A", "text": "One."}, {"title": "B", "text": "Two."}]}))
    assert [(a.position, a.headline, a.body) for a in read_file(path)] == [(1, "A", "One."), (2, "B", "Two.")]


def test_pretty_printed_single_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"headline": "Solo", "content": "Only record."}, indent=2))
    assert [(a.headline, a.body) for a in read_file(path)] == [("Solo", "Only record.")]


def test_single_newlines_are_paragraphs_unless_hard_wrapped() -> None:
    lines = json.dumps({"title": "T", "text": "First paragraph.\nSecond paragraph."})
    wrapped = json.dumps({"title": "T", "text": "a line that is wrapped\nin the middle of\na sentence."})
    (a,) = jsonl.read("a.jsonl", lines)
    (b,) = jsonl.read("b.jsonl", wrapped)
    assert a.body == "First paragraph.\n\nSecond paragraph."
    assert b.body == "a line that is wrapped in the middle of a sentence."


def test_case_insensitive_names_and_odd_values() -> None:
    record = {"Title": "  Spaced   out  ", "PubDate": "Fri, 27 Apr 2018 10:00:00 +0900",
              "Body": "Text.", "authors": None, "url": {"href": "https://x.example/a"}, "source": True}
    (article,) = jsonl.read("c.jsonl", json.dumps(record))
    assert article.headline == "Spaced out"
    assert article.date == dt.date(2018, 4, 27)
    assert article.url == "https://x.example/a"
    assert article.source is None and article.authors == ()


def test_escaped_entities_in_plain_text_fields() -> None:
    record = {"title": "Trump &amp; Kim: &#8220;historic&#8221;", "text": "Tea &amp; talks.\n\nAT&T said no."}
    (article,) = jsonl.read("e.jsonl", json.dumps(record))
    assert article.headline == "Trump & Kim: \u201chistoric\u201d"
    assert article.body == "Tea & talks.\n\nAT&T said no."


def test_html_body_without_comments_scripts_or_link_lists() -> None:
    content = ('<p>Leaders met in Hanoi.<!-- ad slot --></p><script>var x = 1;</script>'
               '<p><a href="/related">Related: Kim arrives by train</a></p><ul><li>Second point.</li></ul>')
    (article,) = jsonl.read("h.jsonl", json.dumps({"title": "T", "content": content}))
    assert article.body == "Leaders met in Hanoi.\n\nSecond point."


def test_deeply_nested_html_content() -> None:
    content = "<div>" * 1500 + "<p>Deep <b>text</b>.</p>" + "</div>" * 1500 + "<p>After.</p>"
    (article,) = jsonl.read("n.jsonl", json.dumps({"title": "T", "content": content}))
    assert article.body.split("\n\n")[0] == "Deep text."


def test_unparseable_date_is_null_not_a_guess() -> None:
    (article,) = jsonl.read("d.jsonl", json.dumps({"title": "T", "text": "x", "date": "last Tuesday-ish"}))
    assert (article.date, article.date_from) == (None, None)


def test_deeply_nested_line_is_a_problem_not_a_crash() -> None:
    text = "[" * 100_000 + "\n" + json.dumps({"title": "ok", "text": "fine"})
    items = list(jsonl.read("n.jsonl", text))
    assert isinstance(items[0], ReadError) and items[0].args[0].startswith("line 1: ")
    assert isinstance(items[1], RawArticle)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_input_string_crashes_the_reader(text: str) -> None:
    for item in jsonl.read("h.jsonl", text):
        assert isinstance(item, (RawArticle, ReadError))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([name for names in NAMES.values() for name in names]), _JSON, max_size=6))
def test_no_record_shape_crashes_the_reader(record: dict) -> None:
    for item in jsonl.read("r.jsonl", json.dumps(record)):
        assert isinstance(item, (RawArticle, ReadError))
