"""`gazette serve --engine URL`: the web page and its JSON API over the cluster's index
answer as they do over the local index (issue 13: the web page talks to the engine
interface only)."""
from __future__ import annotations

import json

import pytest

from index.opensearch_load import load_articles
from search.opensearch.connection import parse_url
from tests import search_fixtures
from web import create_app

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def clients(opensearch_cluster, tmp_path_factory):
    """Test clients of the application over the local index and over the cluster's."""
    directory = search_fixtures.build(tmp_path_factory.mktemp("web-engine") / "index")
    url = opensearch_cluster.url("web-fixtures")
    load_articles(search_fixtures.articles(), parse_url(url), search_fixtures.ALIASES)
    return create_app(directory).test_client(), create_app(directory, engine=url).test_client()


def _without_scores(answer: dict) -> dict:
    """An /api/search answer with its scores and hit order left out (BM25 and BM25F score apart)."""
    hits = sorted((json.dumps({**hit, "score": None}, sort_keys=True) for hit in answer["hits"]))
    return {**answer, "hits": hits}


@pytest.mark.parametrize("query", ["q=summit&facet=people&facet=leaders&facet=year", "q=kim&person=Xi+Jinping",
                                   "q=&year=2019&facet=source", "q=%22peace+treaty%22"])
def test_the_json_api_answers_alike(clients, query):
    local, remote = (client.get(f"/api/search?{query}") for client in clients)
    assert (remote.status_code, local.status_code) == (200, 200)
    assert _without_scores(remote.get_json()) == _without_scores(local.get_json())


def test_pages_are_served_from_the_cluster(clients, opensearch_cluster):
    local, remote = clients
    page = remote.get("/?q=summit")
    assert page.status_code == 200
    assert page.headers["X-Gazette-Generation"] == opensearch_cluster.url("web-fixtures")
    article = search_fixtures.articles()[0]
    mine, theirs = (client.get(f"/article/{article.id}?q=dalian+leaders") for client in clients)
    assert theirs.status_code == 200
    marked = [page.data.split(b'<section class="similar">')[0].count(b"<mark>") for page in (mine, theirs)]
    assert marked[1] == marked[0] > 0  # the article's own words, as the local index marks them
    person = remote.get("/person/Kim%20Jong-un")
    assert person.status_code == 200
    assert remote.get("/api/timeline?q=summit").get_json() == local.get("/api/timeline?q=summit").get_json()


def test_a_bad_query_is_the_same_400(clients):
    local, remote = clients
    mine, theirs = (client.get('/api/search?q=%22unclosed') for client in clients)
    assert (theirs.status_code, theirs.get_json()) == (mine.status_code, mine.get_json()) == (400, mine.get_json())
