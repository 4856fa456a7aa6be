"""The parts of the OpenSearch engine that need no cluster: engine URLs and credentials, the
analyzed fields, bulk batches, and the query translation's shape."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from index.opensearch_load import _batches
from index.schema import build_schema, text_analyzer
from search.opensearch.connection import EngineURL, EngineURLError, credentials, parse_url
from search.opensearch.mapping import MAX_TERM_CHARS, analyzed
from search.opensearch.translate import text_terms, to_dsl
from search.query import Parser


def test_engine_urls():
    assert parse_url("opensearch://127.0.0.1:9200/news") == EngineURL("http", (("127.0.0.1", 9200),), "news")
    url = parse_url("opensearch://a:9200,b:9201/news-2")
    assert (url.hosts, url.manifest, str(url)) == ((("a", 9200), ("b", 9201)), "news-2-files", "http://a:9200,b:9201/news-2")
    assert parse_url("https://search.example:443/archive/").scheme == "https"
    for bad in ("opensearch://h:9200", "opensearch://h:99999/x", "opensearch://u:p@h:1/x", "gopher://h:1/x"):
        with pytest.raises(EngineURLError):
            parse_url(bad)


def test_credentials_from_the_environment_then_a_netrc_file(tmp_path, monkeypatch):
    url = parse_url("https://search.example:443/news")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine search.example login reader password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.delenv("GAZETTE_ENGINE_USER", raising=False)
    monkeypatch.setenv("GAZETTE_NETRC", str(netrc))
    assert credentials(url) == ("reader", "s3cret")
    assert credentials(parse_url("https://other.example:443/news")) is None
    monkeypatch.setenv("GAZETTE_ENGINE_USER", "writer")
    monkeypatch.setenv("GAZETTE_ENGINE_PASSWORD", "pw")
    assert credentials(url) == ("writer", "pw")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_the_analyzed_fields_hold_the_local_analyzers_terms_in_order(text):
    analyzer = text_analyzer()
    terms = [token.text for token in analyzer(text) if len(token.text) <= MAX_TERM_CHARS]
    # The cluster splits the field on whitespace: the same terms, one position apart each,
    # as the local index numbers the words it keeps.
    assert analyzed(analyzer, text).split() == terms


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=2000), max_size=60), st.integers(200, 5000), st.integers(1, 10))
def test_bulk_batches_are_bounded_and_keep_every_action_in_order(bodies, max_bytes, max_docs):
    actions = [({"index": {"_id": str(i)}}, {"body": body}) for i, body in enumerate(bodies)]
    batches = list(_batches(iter(actions), max_bytes, max_docs))
    lines = [line for batch in batches for line in batch]
    assert [json.loads(line.split("\n")[0])["index"]["_id"] for line in lines] == [str(i) for i in range(len(bodies))]
    for batch in batches:
        assert len(batch) <= max_docs
        assert len(batch) == 1 or sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in batch) <= max_bytes


def test_a_batch_is_bounded_in_bytes_newlines_included():
    """Found by the property test above: a batch one newline over its bound, and a character
    length that is not the bytes sent (UTF-8)."""
    actions = [({"index": {"_id": "0"}}, {"body": "é" * 40}), ({"index": {"_id": "1"}}, {"body": ""})]
    first = len(_batches_line(actions[0]).encode("utf-8")) + 1
    second = len(_batches_line(actions[1]).encode("utf-8")) + 1
    assert [len(batch) for batch in _batches(iter(actions), first + second, 10)] == [2]
    assert [len(batch) for batch in _batches(iter(actions), first + second - 1, 10)] == [1, 1]
    assert [len(batch) for batch in _batches(iter(actions), len(_batches_line(actions[0])) + second, 10)] == [1, 1]


def _batches_line(action) -> str:
    return next(_batches(iter([action]), 1 << 20, 10))[0]


def _parse(text: str, match: str = "all"):
    tables = {}

    def table(field):
        from search.names import NameTable

        return tables.setdefault(field, NameTable(field, ["Kim Jong Un", "Reuters"]))

    return Parser(build_schema(), table).parse(text, match)


def test_the_translation_keeps_the_parsed_terms_fields_and_boosts():
    schema = build_schema()
    phrase = to_dsl(_parse('"peace treaty"'), schema["year"])
    assert phrase["bool"]["should"][1] == {"match_phrase": {"terms_body": {"query": "peac treati", "slop": 0, "boost": 1.0}}}
    assert phrase["bool"]["should"][0]["match_phrase"]["terms_headline"]["boost"] == 2.5
    assert to_dsl(_parse("year:2019"), schema["year"]) == {"term": {"year": {"value": 2019, "boost": 1.0}}}
    assert to_dsl(_parse('people:"kim jong-un"'), schema["year"]) == {"term": {"people": {"value": "Kim Jong Un", "boost": 1.0}}}
    assert to_dsl(_parse("date:2019-06"), schema["year"]) == {"range": {"date": {"gte": "2019-06-01", "lte": "2019-06-30"}}}
    negated = to_dsl(_parse("summit NOT trump"), schema["year"])["bool"]
    assert [list(clause) for clause in negated["must_not"]] == [["bool"]]
    fuzzy = to_dsl(_parse("pyongyng~"), schema["year"])["bool"]["should"][1]["fuzzy"]["terms_body"]
    assert (fuzzy["fuzziness"], fuzzy["prefix_length"], fuzzy["transpositions"]) == (1, 0, False)
    assert to_dsl(None) == {"match_all": {}}
    assert text_terms(_parse('summit "peace treaty" NOT trump')) == ["summit", "peac", "treati"]
