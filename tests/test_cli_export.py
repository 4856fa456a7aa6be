"""gazette search --format csv/json/jsonl: --all streams every hit, --fields chooses the
fields, and a file or a pipe told when it got only a page (issue 16, point 1)."""
from __future__ import annotations

import csv
import io
import itertools
import json
import types

import pytest
from hypothesis import given, settings, strategies as st
from click.testing import CliRunner

import cli
from search import render
from search.export import stream
from tests import search_fixtures

ID = {article.headline: article.id for article in search_fixtures.articles()}
TOTAL = len(search_fixtures.ARTICLES)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("cli-export") / "index")


@pytest.fixture
def run(index_dir):
    def invoke(*args: str):
        return CliRunner().invoke(cli.main, [*args, "--index", str(index_dir)], env={"NO_COLOR": None})

    return invoke


def test_a_page_written_to_a_pipe_says_it_is_a_page(run):
    result = run("search", "--source", "reuters", "--format", "csv", "--limit", "2", "--sort", "date",
                 "--fields", "headline,date")
    assert result.exit_code == 0
    assert result.stdout == (
        "headline,date\n"
        "Trump and Kim sign statement in Singapore,2018-06-12\n"
        "Hanoi summit ends without agreement,2019-02-28\n"
    )
    assert result.stderr == "Wrote 2 of 4 matching articles (1-2, --limit 2 --page 1); add --all for every one.\n"


def test_limit_zero_writes_the_header_and_says_so(run):
    result = run("search", "--format", "csv", "--limit", "0")
    assert result.exit_code == 0
    assert result.stdout == ",".join(render.CSV_COLUMNS) + "\n"
    assert result.stderr == f"Wrote 0 of {TOTAL} matching articles (none, --limit 0 --page 1); add --all for every one.\n"


def test_a_whole_result_needs_no_note(run):
    result = run("search", "dalian", "--format", "jsonl")
    assert result.exit_code == 0 and result.stderr == ""
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [ID["Kim and Xi meet in Dalian"]]


def test_all_streams_every_hit_as_csv_with_the_fields_asked_for(run):
    result = run("search", "--all", "--format", "csv", "--fields", "id,url,authors,body", "--limit", "1")
    assert result.exit_code == 0 and result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == TOTAL
    assert list(rows[0]) == ["id", "url", "authors", "body"]
    by_id = {row["id"]: row for row in rows}
    dalian = by_id[ID["Kim and Xi meet in Dalian"]]
    assert dalian["url"] == "https://example.org/news/1"
    assert dalian["authors"] == "Staff Writer"
    assert dalian["body"].startswith("North Korean leader Kim Jong Un met Chinese President Xi Jinping")
    # newest first for an empty query, the undated article last, as `search` pages them
    paged = [h["id"] for h in json.loads(run("search", "--format", "json", "--limit", "50").stdout)["hits"]]
    assert [row["id"] for row in rows] == paged


def test_all_as_json_and_jsonl_in_search_order(run):
    paged = json.loads(run("search", "kim", "--format", "json", "--limit", "50").stdout)
    everything = run("search", "kim", "--all", "--format", "json", "--facet", "year")
    assert everything.exit_code == 0 and everything.stderr == ""
    data = json.loads(everything.stdout)
    assert list(data) == ["query", "total", "hits", "facets"]
    assert data["total"] == paged["total"] == len(data["hits"])
    assert data["hits"] == paged["hits"]
    assert data["facets"] == paged_facets(run)
    lines = run("search", "kim", "--all", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == paged["hits"]


def test_json_fields(run):
    result = run("search", "hanoi", "--format", "json", "--fields", "headline,authors,paths")
    assert json.loads(result.stdout)["hits"] == [
        {"headline": "Hanoi summit ends without agreement", "authors": [], "paths": ["fixtures/news-04.txt"]}
    ]


def paged_facets(run):
    return json.loads(run("search", "kim", "--format", "json", "--facet", "year").stdout)["facets"]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--all",), "Error: --all writes records: add --format csv, json or jsonl\n"),
        (("--fields", "id"), "Error: --fields writes records: add --format csv, json or jsonl\n"),
        (("--format", "csv", "--fields", "id,bodies"),
         "Error: Invalid value for '--fields': unknown field 'bodies'\nchoose among "
         "id, headline, date, year, source, collection, people, leaders, score, snippet, path, paths, "
         "date_from, url, authors, body (comma-separated)\n"),
    ],
)
def test_export_options_refused(run, args, message):
    result = run("search", "kim", *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(message)


def test_streaming_is_lazy(index_dir):
    """Rows are made as they are written: the renderer takes an endless generator."""
    import search

    with search.open(index_dir) as searcher:
        total, rows = stream(searcher, "kim", fields=("id",))
        assert isinstance(rows, types.GeneratorType)
        assert total == 6
    endless = itertools.repeat({"id": "x", "people": ["A", "B"]})
    assert list(itertools.islice(render.csv_lines(endless, ("id", "people")), 3)) == ["id,people", "x,A; B", "x,A; B"]
    assert list(itertools.islice(render.json_lines({"total": 2}, endless, {}), 2)) == ['{"total":2,"hits":[', '{"id":"x","people":["A","B"]}']


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(0, TOTAL - 1)), st.booleans())
def test_streaming_by_date_keeps_the_order_of_a_page(index_dir, chosen, newest_first):
    """Any set of articles streams in the order a page of `search --sort` gives them."""
    import search
    from search import bitsets
    from search.export import _by_date, _members

    with search.open(index_dir) as searcher:
        hits = bitsets.from_ids(chosen, searcher.view.size) & searcher.view.live
        expected = searcher._ranker.top_by_date(bitsets.members(hits), TOTAL, newest_first)
        assert list(_by_date(searcher.view, hits, newest_first)) == expected
        assert list(_members(hits)) == bitsets.members(hits)


def test_an_engine_without_document_sets_is_read_page_by_page(index_dir, monkeypatch):
    """search --all over another engine (OpenSearch) pages through it: same rows."""
    import search
    from search import export

    monkeypatch.setattr(export, "PAGE", 3)
    with search.open(index_dir) as searcher:
        class Paged:  # the public face of an engine, no more
            def search(self, query, **options):
                return searcher.search(query, **options)

            def show(self, article_id):
                return searcher.show(article_id)

        total, rows = stream(Paged(), "", fields=("id", "url"))
        direct = list(stream(searcher, "", fields=("id", "url"))[1])
        assert total == TOTAL and list(rows) == direct
