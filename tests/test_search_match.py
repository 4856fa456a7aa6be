"""--match all|any: bare words required, or any of them (a pasted question), in the library,
`gazette search` and `gazette batch` (the default, auto, is tested in test_search_relaxed.py)."""
from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import search
from search.errors import QueryError
from tests import search_fixtures

QUESTION = "Where did Kim meet Xi for denuclearization talks?"
ID = {article.headline: article.id for article in search_fixtures.articles()}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("match") / "index")


@pytest.fixture(scope="module")
def searcher(index_dir):
    with search.open(index_dir) as opened:
        yield opened


@pytest.fixture
def run(index_dir):
    return search_fixtures.cli_runner(index_dir)


def ids(results) -> set[str]:
    return {hit.id for hit in results.hits}


def union(searcher, words) -> set[str]:
    """Articles holding at least one of ``words``, one single-word search each."""
    found: set[str] = set()
    for word in words:
        found |= ids(searcher.search(word, limit=100))
    return found


# library ------------------------------------------------------------------------------


def test_any_matches_the_union_of_the_words(searcher):
    words = QUESTION.rstrip("?").split()
    assert searcher.search(QUESTION, match="all", limit=100).total == 0
    results = searcher.search(QUESTION, match="any", limit=100)
    expected = union(searcher, words)
    assert expected and results.total == len(expected)
    assert ids(results) == expected


def test_any_ranks_articles_with_more_of_the_words_first(searcher):
    words = ["dalian", "osaka", "trade", "tariffs"]
    holding = {word: ids(searcher.search(word, limit=100)) for word in words}
    results = searcher.search(" ".join(words), match="any", limit=100)
    counts = [sum(hit.id in found for found in holding.values()) for hit in results.hits]
    assert len(results.hits) > 2 and counts[0] == max(counts) > min(counts)
    assert all(hit.score < results.hits[0].score for hit in results.hits[1:])
    assert [hit.score for hit in results.hits] == sorted((hit.score for hit in results.hits), reverse=True)


def test_any_keeps_operators_phrases_and_fields(searcher):
    trump = ids(searcher.search("trump", limit=100))
    without = searcher.search("summit trade NOT trump", match="any", limit=100)
    assert ids(without) == union(searcher, ["summit", "trade"]) - trump
    assert without.total > 0
    anded = searcher.search("kim AND xi dalian", match="any", limit=100)
    assert ids(anded) == ids(searcher.search("kim xi", match="all", limit=100)) | ids(searcher.search("dalian", limit=100))
    phrase = searcher.search('"peace treaty" osaka', match="any", limit=100)
    assert ids(phrase) == ids(searcher.search('"peace treaty"', limit=100)) | ids(searcher.search("osaka", limit=100))
    field = searcher.search("headline:dalian tariffs", match="any", limit=100)
    assert ids(field) == ids(searcher.search("headline:dalian", limit=100)) | ids(searcher.search("tariffs", limit=100))


def test_one_word_and_default_are_unchanged(searcher):
    assert ids(searcher.search("kim", match="any", limit=100)) == ids(searcher.search("kim", limit=100))
    assert searcher.search("dalian osaka", match="all").total == 0
    assert searcher.search("dalian osaka", match="any").total == 2


def test_question_mark_ending_a_word_is_punctuation(searcher):
    assert ids(searcher.search("dalian?")) == {ID["Kim and Xi meet in Dalian"]}


def test_unknown_match_is_refused(searcher):
    with pytest.raises(QueryError) as raised:
        searcher.search("kim", match="some")
    assert raised.value.option == "--match"
    assert raised.value.message == "match must be auto, all or any, not 'some'"


def test_zero_hits_counts_the_any_matches_for_three_words_or_more(searcher):
    assert searcher.search(QUESTION, match="all").any_total == len(union(searcher, QUESTION.rstrip("?").split()))
    assert searcher.search("dalian osaka", match="all").any_total is None  # two words: no hint
    assert searcher.search(QUESTION, match="any").any_total is None
    assert searcher.search(QUESTION).any_total is None  # auto: they are shown
    assert "any_total" not in searcher.search(QUESTION, match="all").to_dict()


# command line -------------------------------------------------------------------------


def test_search_hints_match_any_when_nothing_has_every_word(run, searcher):
    count = len(union(searcher, QUESTION.rstrip("?").split()))
    result = run("search", QUESTION, "--match", "all")
    assert result.exit_code == 0
    assert result.output == (
        f'No articles match "{QUESTION}".\n'
        f"{count} articles have some of the words: add --match any to rank them by how many they hold.\n"
    )
    data = json.loads(run("search", QUESTION, "--match", "all", "--format", "json").output)
    assert data == {"query": QUESTION, "total": 0, "page": 1, "limit": 10, "hits": [], "facets": {}}


def test_no_hint_for_two_words_or_when_no_word_matches(run):
    result = run("search", "dalian", "osaka", "--match", "all")
    assert (result.exit_code, result.output) == (0, 'No articles match "dalian osaka".\n')
    result = run("search", "zzzz", "yyyy", "xxxx", "--match", "all")
    assert (result.exit_code, result.output) == (0, 'No articles match "zzzz yyyy xxxx".\n')


def test_search_match_any(run, searcher):
    result = run("search", QUESTION, "--match", "any", "--format", "json", "--limit", "100")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["total"] == len(union(searcher, QUESTION.rstrip("?").split()))
    assert data["hits"][0]["id"] == ID["Kim and Xi meet in Dalian"]
    assert [h["id"] for h in data["hits"]] == [h.id for h in searcher.search(QUESTION, match="any", limit=100).hits]


def test_search_bad_match_exits_2(run):
    result = run("search", "kim", "--match", "some")
    assert result.exit_code == 2
    assert result.output.endswith("Error: Invalid value for '--match': 'some' is not one of 'auto', 'all', 'any'.\n")


def test_batch_match_per_line_and_for_all_lines(run):
    lines = '{"query": "dalian osaka", "match": "any"}\n{"query": "dalian osaka", "match": "all"}\n'
    result = run("batch", "-", input=lines)
    assert result.exit_code == 0
    assert [json.loads(line)["total"] for line in result.output.splitlines()] == [2, 0]
    result = run("batch", "-", "--match", "any", input=lines + "dalian osaka\n")
    assert result.exit_code == 0
    assert [json.loads(line)["total"] for line in result.output.splitlines()] == [2, 0, 2]


def test_batch_bad_match_is_an_error_line(run):
    result = run("batch", "-", input='{"query": "kim", "match": "some"}\n{"query": "kim", "match": 1}\n')
    assert result.exit_code == 2
    answers = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert answers == [
        {"line": 1, "query": "kim", "error": "match must be auto, all or any, not 'some'\n"
                                  "auto: every word first, then most of them; all: every word must match; "
                                  "any: at least one (more and rarer words rank first)"},
        {"line": 2, "query": '{"query": "kim", "match": 1}', "error": "'match' takes a string, not 1"},
    ]


# Phrases ----------------------------------------------------------------------------------

PHRASE_WORDS = ["kim", "jong", "un", "summit", "trump", "xi", "jinp", "presid", "the", "in", "and", "trade", "talk"]


def whoosh_phrase(searcher, node) -> int:
    from search import bitsets

    ids = []
    for leaf_searcher, offset in searcher.view.searcher.leaf_searchers():
        ids.extend(offset + docnum for docnum in node.matcher(leaf_searcher).all_ids())
    return bitsets.from_ids(ids, searcher.view.size) & searcher.view.live


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(PHRASE_WORDS), min_size=1, max_size=6),
       field=st.sampled_from(["headline", "body", "names"]))
def test_phrases_match_what_whoosh_matches(searcher, words, field):
    from whoosh import query as wq

    analyzed = [token.text for token in searcher.view.schema[field].analyzer(" ".join(words))]
    assume(analyzed)  # stopwords only: the parser makes no phrase of them
    node = wq.Phrase(field, analyzed)
    assert searcher._evaluator.docs(node) == whoosh_phrase(searcher, node)


def test_phrases_of_real_text_match_what_whoosh_matches(searcher):
    from whoosh import query as wq

    for article in search_fixtures.articles():
        tokens = [token.text for token in searcher.view.schema["body"].analyzer(article.body)]
        for start in range(0, len(tokens) - 3, 3):
            node = wq.Phrase("body", tokens[start:start + 3])
            found = searcher._evaluator.docs(node)
            assert found == whoosh_phrase(searcher, node) and found
