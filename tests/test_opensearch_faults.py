"""Faults of a real cluster: a node killed (SIGKILL) during a bulk load and during searches,
and a cluster that cannot be reached at all."""
from __future__ import annotations

import datetime as dt
import random
import socket

import pytest
from click.testing import CliRunner

import cli
from corpus.article import Article, article_id
from index.opensearch_load import load_articles
from search.opensearch import connection
from search.opensearch.connection import parse_url
from search.opensearch.engine import OpenSearchEngine

WORDS = ("economy budget election court river harvest strike treaty market railway school hospital "
         "drought festival bridge tariff summit talks minister border").split()
PEOPLE = [f"Person Number{i:02d}" for i in range(30)]
SOURCES = ("Gazette", "Herald", "Courier", "Tribune", "Wire")


def synthetic(count: int, seed: int = 7) -> list[Article]:
    """Deterministic articles made for these tests."""
    rnd = random.Random(seed)
    found = []
    for number in range(count):
        headline = " ".join(rnd.choices(WORDS, k=6)) + f" {number}"
        body = " ".join(rnd.choices(WORDS, k=60))
        people = tuple(sorted(rnd.sample(PEOPLE, rnd.randint(0, 3))))
        found.append(Article(
            id=article_id(headline, body), path=f"synthetic/{number // 100:03d}.jsonl", position=number % 100,
            headline=headline, date=dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3 * 365)),
            date_from="metadata", source=rnd.choice(SOURCES), people=people, leaders=people[:1], body=body,
            url=None, authors=(),
        ))
    return found


@pytest.fixture
def cluster(opensearch_cluster):
    """The session's cluster, with n2 started again (and the cluster green) after the test."""
    yield opensearch_cluster
    if not opensearch_cluster.node("n2").alive():
        opensearch_cluster.restart("n2")


class KillingClient:
    """The real client, with n2 killed just before the ``at``-th bulk request is sent."""

    def __init__(self, client, cluster, at: int) -> None:
        self.client, self.cluster, self.at, self.bulks = client, cluster, at, 0

    def __getattr__(self, name: str):
        return getattr(self.client, name)

    def bulk(self, **options):
        self.bulks += 1
        if self.bulks == self.at:
            self.cluster.node("n2").kill()
        return self.client.bulk(**options)


@pytest.mark.cluster
def test_a_node_killed_during_a_bulk_load_loses_nothing(cluster):
    url = parse_url(cluster.url("fault-load"))
    articles = synthetic(3000)
    client = KillingClient(connection.client(url), cluster, at=4)
    report = load_articles(articles, url, client=client, batch_docs=250)
    assert not cluster.node("n2").alive()
    assert client.bulks >= 12
    assert (report.added, report.documents) == (3000, 3000)
    with OpenSearchEngine(url) as engine:
        assert engine.count() == 3000
        for article in articles[::500]:
            assert engine.show(article.id).headline == article.headline
        assert sum(v.count for v in engine.search("", facets=["source"], limit=0).facets["source"]) == 3000


@pytest.mark.cluster
def test_a_node_killed_during_searches_answers_from_the_replica(cluster):
    url = parse_url(cluster.url("fault-search"))
    load_articles(synthetic(2000, seed=11), url)
    queries = ["summit", "budget OR tariff", '"border talks"', "river NOT drought", ""]
    with OpenSearchEngine(url) as engine:
        expected = {q: engine.search(q, facets=["people", "year"], limit=5).to_dict() for q in queries}
        assert all(answer["total"] for answer in expected.values())
        for round_number in range(12):
            if round_number == 3:
                cluster.node("n2").kill()
            for query in queries:
                answer = engine.search(query, facets=["people", "year"], limit=5).to_dict()
                assert (answer["total"], answer["facets"]) == (expected[query]["total"], expected[query]["facets"])
    assert not cluster.node("n2").alive()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("args", [
    ("search", "kim"), ("search", "kim", "--facet", "year"), ("show", "abcd1234"), ("similar", "abcd1234"),
    ("timeline", "kim"), ("stats",), ("batch", "-"), ("index", "{corpus}"),
])
def test_an_unreachable_cluster_is_one_message_and_exit_1(args, tmp_path):
    pytest.importorskip("opensearchpy")
    corpus = tmp_path / "one.txt"
    corpus.write_text("A headline\n\nA body of text about a summit.\n")
    url = f"opensearch://127.0.0.1:{_free_port()}/news"
    args = [arg.format(corpus=corpus) for arg in args]
    for how in (["--engine", url], []):
        result = CliRunner().invoke(cli.main, [*args, *how], input="kim\n", env={"GAZETTE_ENGINE": url})
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"Error: cannot reach the OpenSearch cluster at {url.replace('opensearch', 'http')} ")
        assert "check that it is running" in result.output
        assert "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(("url", "message"), [
    ("news", "cannot read the engine URL 'news'"),
    ("ftp://127.0.0.1:9200/news", "cannot read the engine URL"),
    ("opensearch://user:secret@127.0.0.1:9200/news", "the engine URL must not hold credentials"),
    ("opensearch://127.0.0.1/news", "cannot read the host '127.0.0.1'"),
    ("opensearch://127.0.0.1:9200/News", "'News' is not an index name"),
])
def test_an_engine_url_that_cannot_be_read_is_a_usage_error(url, message):
    result = CliRunner().invoke(cli.main, ["search", "kim", "--engine", url])
    assert result.exit_code == 2
    assert "Invalid value for '--engine': " + message in result.output
