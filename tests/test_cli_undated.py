"""Undated and unsourced articles never vanish without a word (issue 16, point 2): facets
count them in their own bucket, a filter finds them, and a date filter says how many it left
out."""
from __future__ import annotations

import json

import pytest

from tests import search_fixtures

ID = {article.headline: article.id for article in search_fixtures.articles()}
UNDATED = ID["Undated note on the Korean peninsula"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("cli-undated") / "index")


@pytest.fixture
def run(index_dir):
    return search_fixtures.cli_runner(index_dir)


def test_a_date_filter_says_how_many_undated_articles_it_left_out(run):
    result = run("search", "treaty", "--year", "2017-2019")
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        '1 article matches "treaty" (showing 1-1)',
        "1 undated article matches too, left out by the date filter: add --year undated to see it.",
    ]


def test_nothing_dated_matches_but_undated_articles_do(run):
    result = run("search", "commentary", "--from", "2018-01")
    assert result.exit_code == 0
    assert result.output == (
        'No articles match "commentary".\n'
        "1 undated article matches too, left out by the date filter: add --year undated to see it.\n"
    )
    data = json.loads(run("search", "commentary", "--from", "2018-01", "--format", "json").stdout)
    assert (data["total"], data["undated_dropped"]) == (0, 1)


def test_no_note_without_a_date_filter_or_with_undated_asked_for(run):
    assert "undated article" not in run("search", "treaty").output
    assert "undated article" not in run("search", "treaty", "--year", "2018", "--year", "undated").output


@pytest.mark.parametrize(
    "args",
    [("--year", "undated"), ("--year", "UNDATED"), ("--source", "(unknown)"), ("--source", "(Unknown)", "kim")],
)
def test_filters_find_the_articles_without_a_value(run, args):
    result = run("search", *args, "--format", "jsonl")
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [UNDATED]


def test_years_and_undated_together(run):
    data = json.loads(run("search", "--year", "2017", "--year", "undated", "--format", "json").stdout)
    assert [hit["headline"] for hit in data["hits"]] == [
        "Pyongyang marathon draws foreign runners", "Undated note on the Korean peninsula",
    ]


def test_collection_unknown_is_every_article_without_a_sidecar(run):
    data = json.loads(run("search", "--collection", "(unknown)", "--format", "json", "--limit", "0").stdout)
    assert data["total"] == len(search_fixtures.ARTICLES)


def test_facets_end_with_the_bucket_of_articles_without_a_value(run):
    data = json.loads(run("search", "kim", "--facet", "year", "--facet", "month", "--facet", "source",
                          "--facet-limit", "1", "--format", "json").stdout)
    assert data["total"] == 6
    assert data["facets"] == {
        "year": [{"value": 2018, "count": 3}, {"value": "undated", "count": 1}],
        "month": [{"value": "2018-04", "count": 1}, {"value": "undated", "count": 1}],
        "source": [{"value": "Reuters", "count": 2}, {"value": "(unknown)", "count": 1}],
    }
    every = json.loads(run("search", "kim", "--facet", "year", "--facet", "source", "--format", "json").stdout)
    for values in every["facets"].values():
        assert sum(v["count"] for v in values) == every["total"]


def test_the_text_facets_show_the_bucket(run):
    result = run("search", "peninsula", "--facet", "year", "--limit", "0")
    assert result.output.endswith(
        "Year\n"
        "  2018     ██████████████████████████████████████████████████ 1\n"
        "  undated  ██████████████████████████████████████████████████ 1\n"
    )


def test_unknown_source_is_not_refused_but_a_misspelt_one_is(run):
    assert run("search", "--source", "(unknown)").exit_code == 0
    refused = run("search", "--source", "Reutres")
    assert refused.exit_code == 2
    assert "no article in the index has the source 'Reutres'" in refused.output
