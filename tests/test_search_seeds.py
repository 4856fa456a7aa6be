"""End to end on real articles: ../shared/corpora/seeds and Reuters-21578, indexed through
the real pipeline, searched through the command line."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

import cli
from index.schema import split_names
from tests.conftest import shared_path
from tests.index_fixtures import built_index, reuters_index  # noqa: F401 - a fixture


pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory):
    return built_index(tmp_path_factory, "seeds", [shared_path("seeds")])


def search_json(index, *args):
    result = CliRunner().invoke(cli.main, ["search", *args, "--format", "json", "--index", str(index)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def seed(hit):
    return hit["path"].rsplit("/", 1)[-1][:4]


def test_denuclearization_by_kim_in_2019(seeds_index):
    data = search_json(seeds_index, "denuclearization", "--person", "Kim Jong-un", "--year", "2019")
    assert data["total"] == 1
    assert [seed(h) for h in data["hits"]] == ["003_"]


def test_dalian_with_leaders_facet(seeds_index):
    data = search_json(seeds_index, "Dalian", "--facet", "leaders")
    assert [seed(h) for h in data["hits"]] == ["000_"]
    assert data["facets"]["leaders"] == [
        {"value": "Donald Trump", "count": 1},
        {"value": "Kim Jong Un", "count": 1},
        {"value": "Moon Jae-in", "count": 1},
        {"value": "Xi Jinping", "count": 1},
    ]


def test_kim_jong_un_with_year_facet(seeds_index):
    data = search_json(seeds_index, "Kim Jong Un", "--facet", "year")
    assert sorted(seed(h) for h in data["hits"]) == ["000_", "003_"]
    assert data["total"] == 2
    assert data["facets"]["year"] == [{"value": 2018, "count": 1}, {"value": 2019, "count": 1}]


def test_show_a_seed(seeds_index):
    hit = search_json(seeds_index, "Dalian")["hits"][0]
    result = CliRunner().invoke(cli.main, ["show", hit["id"], "--format", "json", "--index", str(seeds_index)])
    assert result.exit_code == 0
    article = json.loads(result.output)
    assert article["headline"] == "North Korean, Chinese leaders meet for second time in two months"
    assert "Kim Jong-un has met with Chinese President Xi Jinping" in article["body"]


@pytest.mark.slow
def test_reuters_facets_and_filters_agree_with_stored_fields(reuters_index):  # noqa: F811
    """The fast facet counts equal a plain count over the stored fields of every hit."""
    import search
    from search.bitsets import members

    with search.open(reuters_index) as searcher:
        for query, filters in (("oil", {}), ("bank rate", {"year": ["1987"]}), ("", {"date_from": "1987-03"})):
            results = searcher.search(query, facets=["people", "source", "month"], facet_limit=100_000, limit=0, **filters)
            assert results.total > 100
            stored = [searcher.view.stored(d) for d in members(
                searcher._evaluator.docs(searcher._parser.parse(query))
                & (searcher._filters(**filters) or searcher.view.live)
            )]
            assert len(stored) == results.total
            people = Counter(p for s in stored for p in split_names(s.get("people")))
            months = Counter(s["date"][:7] for s in stored if s.get("date"))
            sources = Counter(s["source"] for s in stored if s.get("source"))
            assert {v.value: v.count for v in results.facets["people"]} == dict(people)
            assert {v.value: v.count for v in results.facets["month"]} == dict(months)
            assert {v.value: v.count for v in results.facets["source"]} == dict(sources)
        assert searcher.search("", date_from="1987-03").total == sum(
            1 for d in members(searcher.view.live) if (searcher.view.stored(d).get("date") or "") >= "1987-03-01"
        )
