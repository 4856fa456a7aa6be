"""The default --match auto: articles with every word first, then, when they are fewer than a
page, those with some of the words, ranked; what the output says about it; --match all stays
strict and operators mean what they say."""
from __future__ import annotations

import json

import pytest

import search
from tests import search_fixtures

ID = {article.headline: article.id for article in search_fixtures.articles()}
DALIAN = ID["Kim and Xi meet in Dalian"]
HANOI = ID["Hanoi summit ends without agreement"]
SINGAPORE = ID["Trump and Kim sign statement in Singapore"]
MARATHON = ID["Pyongyang marathon draws foreign runners"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("relaxed") / "index")


@pytest.fixture(scope="module")
def searcher(index_dir):
    with search.open(index_dir) as opened:
        yield opened


@pytest.fixture
def run(index_dir):
    return search_fixtures.cli_runner(index_dir)


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


# library ------------------------------------------------------------------------------


def test_every_word_first_then_some_of_them_ranked(searcher):
    results = searcher.search("denuclearization dalian")
    assert ids(results) == [DALIAN, HANOI, SINGAPORE]
    assert [hit.relaxed for hit in results.hits] == [False, True, True]
    assert results.relaxed == (1, 2) and results.total == 3
    strict = searcher.search("denuclearization dalian", match="all")
    assert ids(strict) == [DALIAN] and strict.relaxed is None
    assert results.hits[1].score > results.hits[2].score  # the rest ranked by BM25F


def test_no_relaxation_when_a_page_has_every_word(searcher):
    results = searcher.search("kim summit", limit=2)
    assert results.relaxed is None and results.total == searcher.search("kim summit", match="all").total
    assert searcher.search("kim summit", limit=3).relaxed == (2, 4)


def test_pages_go_on_from_every_word_to_some(searcher):
    first = searcher.search("denuclearization dalian", limit=2)
    second = searcher.search("denuclearization dalian", limit=2, page=2)
    assert ids(first) + ids(second) == [DALIAN, HANOI, SINGAPORE]


def test_articles_with_all_words_rank_above_any_with_some(searcher):
    # Hanoi holds one rare word many times; it still comes after the one article with both.
    results = searcher.search("summit denuclearization", limit=10)
    full = [hit for hit in results.hits if not hit.relaxed]
    assert full and all(not hit.relaxed for hit in results.hits[: len(full)])
    assert results.relaxed[0] == searcher.search("summit denuclearization", match="all").total


def test_filters_apply_to_the_relaxed_articles_too(searcher):
    results = searcher.search("denuclearization dalian", year=["2019"])
    assert ids(results) == [HANOI] and results.relaxed == (0, 1)


def test_operators_phrases_and_fields_mean_what_they_say(searcher):
    for query in ("denuclearization AND dalian", '"dalian denuclearization"', "headline:dalian denuclearization",
                  "denuclearization dalian NOT trump", "(denuclearization dalian)"):
        results = searcher.search(query)
        assert results.relaxed is None and not any(hit.relaxed for hit in results.hits), query
        assert ids(results) == ids(searcher.search(query, match="all")), query


def test_one_word_is_never_relaxed(searcher):
    assert searcher.search("dalian dalian").relaxed is None


def test_json_adds_keys_only_when_relaxed(searcher):
    data = searcher.search("denuclearization dalian").to_dict()
    assert data["relaxed"] == {"all_words": 1, "some_words": 2}
    assert [hit.get("relaxed", False) for hit in data["hits"]] == [False, True, True]
    assert list(searcher.search("dalian").to_dict()) == ["query", "total", "page", "limit", "hits", "facets"]


def test_suggestion_when_no_article_has_every_word(searcher):
    results = searcher.search("pyongyong marathon")
    assert results.suggestion == "pyongyang marathon" and ids(results) == [MARATHON]
    assert results.to_dict()["suggestion"] == "pyongyang marathon"


def test_stop_words_only_explain_themselves(searcher):
    results = searcher.search("The of")
    assert results.total == 0 and results.stop_words == ("the", "of")
    assert results.to_dict()["stop_words"] == ["the", "of"]
    assert searcher.search("the dalian").stop_words == ()


# command line -------------------------------------------------------------------------


def test_text_says_so(run):
    result = run("search", "denuclearization", "dalian", "--limit", "2")
    assert result.exit_code == 0
    assert result.output == f"""\
1 article matches "denuclearization dalian"; 2 more have some of the words (showing 1-2)

  1. Kim and Xi meet in Dalian
     2018-05-08 · Press TV · Kim Jong Un, Xi Jinping
     …Chinese President Xi Jinping in the port city of Dalian. The two leaders walked along the
     beach and discussed denuclearization of the Korean peninsula.
     id {DALIAN} · fixtures/news-01.txt

With some of the words (--match all leaves these out):

  2. Hanoi summit ends without agreement
     2019-02-28 · Reuters · Donald Trump, Kim Jong Un
     …without an agreement on sanctions relief or denuclearization steps.
     id {HANOI} · fixtures/news-04.txt
"""


def test_text_with_a_suggestion_and_none_with_every_word(run):
    result = run("search", "pyongyong", "marathon")
    assert result.exit_code == 0
    assert result.output == f"""\
No article has every word of "pyongyong marathon"; 1 has some of them (showing 1-1)
Did you mean: pyongyang marathon

With some of the words (--match all leaves these out):

  1. Pyongyang marathon draws foreign runners
     2017-04-09 · Koryo News
     …amateur runners took part in the Pyongyang marathon, one of the few events open to tourists in
     the capital.
     id {MARATHON} · fixtures/news-09.txt
"""
    strict = run("search", "pyongyong", "marathon", "--match", "all")
    assert strict.output == 'No articles match "pyongyong marathon".\nDid you mean: pyongyang marathon\n'


def test_text_of_stop_words_only(run):
    result = run("search", "the", "of")
    assert (result.exit_code, result.output) == (0, (
        'No articles match "the of".\n'
        "Every word of it (the, of) is too common to be indexed: add a word that says what you are looking for.\n"
    ))


def test_json_and_jsonl(run):
    result = run("search", "pyongyong", "marathon", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["total"], data["suggestion"], data["relaxed"]) == (1, "pyongyang marathon",
                                                                    {"all_words": 0, "some_words": 1})
    assert data["hits"][0]["relaxed"] is True
    result = run("search", "denuclearization", "dalian", "--format", "jsonl")
    assert [json.loads(line).get("relaxed", False) for line in result.stdout.splitlines()] == [False, True, True]
    assert result.stderr == '1 article matches "denuclearization dalian"; 2 more have some of the words.\n'


def test_records_on_stdout_notes_on_stderr(run):
    result = run("search", "pyongyong", "--format", "jsonl")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == 'No articles match "pyongyong".\nDid you mean: pyongyang\n'
    result = run("search", "pyongyong", "marathon", "--format", "csv")
    assert result.stdout.splitlines()[0].startswith("id,headline,")
    assert result.stderr == ('No article has every word of "pyongyong marathon"; 1 has some of them.\n'
                             "Did you mean: pyongyang marathon\n")


def test_batch_answers_carry_the_notes(run):
    result = run("batch", "-", input='pyongyong marathon\n{"query": "pyongyong marathon", "match": "all"}\nthe of\n')
    assert result.exit_code == 0
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [(a["total"], a.get("suggestion"), a.get("relaxed"), a.get("stop_words")) for a in answers] == [
        (1, "pyongyang marathon", {"all_words": 0, "some_words": 1}, None),
        (0, "pyongyang marathon", None, None),
        (0, None, None, ["the", "of"]),
    ]
