"""gazette search, show, batch, similar and timeline through CliRunner on the fixture index."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import cli
from tests import search_fixtures

ID = {article.headline: article.id for article in search_fixtures.articles()}
DALIAN = ID["Kim and Xi meet in Dalian"]
HANOI = ID["Hanoi summit ends without agreement"]
XI_VISIT = ID["Xi visits Pyongyang for first time"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("cli-search") / "index")


@pytest.fixture
def run(index_dir):
    return search_fixtures.cli_runner(index_dir)


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# search -------------------------------------------------------------------------------


def test_search_text_output(run):
    result = run("search", "kim", "--year", "2019", "--facet", "leaders", "--facet", "year", "--limit", "2")
    assert result.exit_code == 0
    assert result.output == f"""\
2 articles match "kim" (showing 1-2)
1 undated article matches too, left out by the date filter: add --year undated to see it.

  1. Hanoi summit ends without agreement
     2019-02-28 · Reuters · Donald Trump, Kim Jong Un
     The second summit between Trump and Kim in Hanoi ended abruptly without an agreement on
     sanctions relief or denuclearization steps.
     id {HANOI} · fixtures/news-04.txt

  2. Xi visits Pyongyang for first time
     2019-06-21 · Xinhua · Kim Jong Un, Xi Jinping
     …the first by a Chinese leader in fourteen years. Kim Jong Un greeted him at the airport.
     id {XI_VISIT} · fixtures/news-05.txt

Leaders
  Kim Jong Un   ██████████████████████████████████████████████████ 2
  Donald Trump  █████████████████████████                          1
  Xi Jinping    █████████████████████████                          1

Year
  2019  ██████████████████████████████████████████████████ 2
"""


def test_search_json_shape(run):
    data = as_json(run("search", "denuclearization", "--facet", "year", "--format", "json", "--limit", "1"))
    assert list(data) == ["query", "total", "page", "limit", "hits", "facets"]
    assert (data["query"], data["total"], data["page"], data["limit"]) == ("denuclearization", 3, 1, 1)
    hit = data["hits"][0]
    assert list(hit) == [
        "id", "headline", "date", "year", "source", "collection", "people", "leaders", "paths", "score", "snippet", "path"
    ]
    assert hit["id"] == HANOI and hit["year"] == 2019 and isinstance(hit["score"], float)
    assert hit["snippet"] == "…without an agreement on sanctions relief or denuclearization steps."
    assert data["facets"] == {"year": [{"value": 2018, "count": 2}, {"value": 2019, "count": 1}]}


def test_search_words_joined_and_phrase(run):
    assert as_json(run("search", "kim", "dalian", "--match", "all", "--format", "json"))["total"] == 1
    assert as_json(run("search", '"peace treaty"', "--format", "json"))["total"] == 2


def test_search_filters(run):
    def total(*args):
        return as_json(run("search", *args, "--format", "json"))["total"]

    assert total("--person", "kim jong-un") == 6
    assert total("--person", "KIM JONG UN", "--person", "Xi Jinping") == 2
    assert total("--leader", "donald trump", "--year", "2019") == 2
    assert total("--year", "2017", "--year", "2020") == 2
    assert total("--year", "2018-2019") == 8
    assert total("--from", "2019-06", "--to", "2019-06-25") == 1
    assert total("--from", "2019-07") == 3
    assert total("--to", "2017") == 1
    assert total("--source", "reuters", "--source", "Yonhap") == 6
    assert total("--person", "shinzo abe") == 1
    assert total("summit", "--person", "Moon Jae-in") == 1


def test_empty_query_lists_by_date_and_sorts(run):
    dates = [h["date"] for h in as_json(run("search", "--format", "json", "--limit", "3"))["hits"]]
    assert dates == ["2020-01-15", "2019-12-24", "2019-08-02"]
    dates = [h["date"] for h in as_json(run("search", "--sort", "date", "--format", "json", "--limit", "2"))["hits"]]
    assert dates == ["2017-04-09", "2018-04-27"]
    hits = as_json(run("search", "trade", "--sort", "-date", "--format", "json"))["hits"]
    assert [h["date"] for h in hits] == ["2020-01-15", "2019-06-29"]


def test_paging(run):
    page = as_json(run("search", "--limit", "4", "--page", "3", "--format", "json"))
    assert (page["total"], page["page"], len(page["hits"])) == (11, 3, 3)
    result = run("search", "--limit", "4", "--page", "9")
    assert result.exit_code == 0
    assert result.output == "11 articles (page 9 is past the last page, 3)\n"
    assert run("search", "--year", "1990").output == (
        "No articles match.\n1 undated article matches too, left out by the date filter: add --year undated to see it.\n"
    )


def test_facets_people_month_source_and_limit(run):
    data = as_json(run("search", "--facet", "people", "--facet", "source", "--facet", "month",
                       "--facet-limit", "2", "--limit", "0", "--format", "json"))
    assert data["hits"] == []
    assert data["facets"] == {
        "people": [{"value": "Kim Jong Un", "count": 6}, {"value": "Donald Trump", "count": 3}],
        "source": [{"value": "Reuters", "count": 4}, {"value": "Yonhap", "count": 2}, {"value": "(unknown)", "count": 1}],
        "month": [{"value": "2017-04", "count": 1}, {"value": "2019-06", "count": 2}, {"value": "undated", "count": 1}],
    }


def test_jsonl_and_csv(run):
    result = run("search", "dalian", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["id"] == DALIAN
    result = run("search", "--source", "yonhap", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["headline"] for r in rows] == ["Moon urges dialogue after missile launch", "Moon and Kim hold summit at Panmunjom"]
    assert rows[1]["people"] == "Kim Jong Un; Moon Jae-in"
    assert result.output.splitlines()[0] == "id,headline,date,year,source,people,leaders,score,snippet,path"
    result = run("search", "zzzz", "--format", "jsonl")
    assert (result.stdout, result.stderr) == ("", 'No articles match "zzzz".\n')


def test_zero_hits_exit_zero_and_did_you_mean(run):
    result = run("search", "pyongyong")
    assert result.exit_code == 0
    assert result.output == 'No articles match "pyongyong".\nDid you mean: pyongyang\n'
    assert as_json(run("search", "pyongyong", "--format", "json"))["total"] == 0


def test_colour_only_when_asked_and_never_with_no_color(run):
    coloured = run("search", "dalian", color=True)
    assert "\x1b[" in coloured.output
    assert "\x1b[" not in run("search", "dalian").output
    assert "\x1b[" not in run("search", "dalian", color=True, env={"NO_COLOR": "1"}).output


@pytest.mark.parametrize(
    "args, message",
    [
        (["foo:bar"], "Error: unknown field 'foo'\n  foo:bar\n  ^\nfields are headline, body"),
        (['"kim jong'], "Error: unbalanced quote: the \" at position 1 is never closed"),
        (["(kim OR xi"], "Error: unbalanced parenthesis: a ( is never closed"),
        (["year:[2019 TO 2018]"], "Error: the range year:[2019 TO 2018] is empty"),
        (["kim", "--year", "20x8"], "Error: Invalid value for '--year': '20x8' is not a year or a span of years"),
        (["kim", "--from", "2019-13"], "Error: Invalid value for '--from': '2019-13' is not a date (month 13 does not exist)"),
        (["--person", "Xi Jinpin"], "Error: Invalid value for '--person': no article in the index has the person 'Xi Jinpin'\nnearest names in the index: Xi Jinping"),
        (["--source", "Reuter"], "nearest names in the index: Reuters"),
        (["--facet", "colour"], "Error: Invalid value for '--facet': 'colour' is not one of"),
        (["--sort", "best"], "Error: Invalid value for '--sort'"),
        (["--limit", "-1"], "Error: Invalid value for '--limit'"),
        (["--page", "0"], "Error: Invalid value for '--page'"),
    ],
)
def test_query_and_option_errors_exit_2(run, args, message):
    result = run("search", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_index_exit_1(tmp_path):
    result = CliRunner().invoke(cli.main, ["search", "kim", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no index at {tmp_path / 'none'}; run `gazette index PATH...` to build one "
        "(or pass --index DIR / set GAZETTE_INDEX to use another)\n"
    )


def test_index_from_environment(index_dir):
    result = CliRunner().invoke(cli.main, ["search", "dalian", "--format", "jsonl"], env={"GAZETTE_INDEX": str(index_dir)})
    assert result.exit_code == 0 and json.loads(result.output)["id"] == DALIAN


# show ---------------------------------------------------------------------------------


def test_show_text(run):
    result = run("show", DALIAN)
    assert result.exit_code == 0
    assert result.output == f"""\
Kim and Xi meet in Dalian

Date:    2018-05-08 (from metadata)
Source:  Press TV
People:  Kim Jong Un, Xi Jinping
Leaders: Kim Jong Un, Xi Jinping
Authors: Staff Writer
URL:     https://example.org/news/1
Path:    fixtures/news-01.txt
Id:      {DALIAN}

North Korean leader Kim Jong Un met Chinese President Xi Jinping in the port city of Dalian. The two
leaders walked along the beach and discussed denuclearization of the Korean peninsula.
"""


def test_show_json_and_prefix(run):
    data = as_json(run("show", DALIAN[:8], "--format", "json"))
    assert data["id"] == DALIAN and data["paths"] == ["fixtures/news-01.txt"] and data["year"] == 2018
    assert data["body"].endswith("denuclearization of the Korean peninsula.")


def test_show_unknown_id_exit_1(run):
    result = run("show", "ffffffffffffffff")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no article with id 'ffffffffffffffff' in the index; ids are shown by `gazette search`\n"
    )


# batch --------------------------------------------------------------------------------


def test_batch_plain_and_json_lines_in_order(run):
    requests = "\n".join([
        '{"query": "summit", "facet": ["year"], "limit": 1}',
        "denuclearization",
        "",
        '{"person": ["kim jong-un"], "year": "2019", "facet-limit": 1, "facet": ["leaders"]}',
    ])
    result = run("batch", "-", "--limit", "2", input=requests)
    assert result.exit_code == 0
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["query"] for a in answers] == ["summit", "denuclearization", ""]
    assert [a["limit"] for a in answers] == [1, 2, 2]
    assert answers[0]["facets"] == {"year": [{"value": 2018, "count": 1}, {"value": 2019, "count": 1}]}
    assert answers[1]["total"] == 3 and len(answers[1]["hits"]) == 2
    assert answers[2]["total"] == 2 and answers[2]["facets"] == {"leaders": [{"value": "Kim Jong Un", "count": 2}]}


def test_batch_command_line_options_apply_to_every_line(run, tmp_path):
    path = tmp_path / "queries.txt"
    path.write_text('kim\n{"query": "trade", "person": ["Xi Jinping"]}\n', encoding="utf-8")
    result = run("batch", str(path), "--year", "2019", "--facet", "source")
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0
    assert [a["total"] for a in answers] == [2, 1]
    assert all(list(a["facets"]) == ["source"] for a in answers)


def test_batch_bad_lines_answer_errors_and_exit_2(run):
    result = run("batch", "-", input='"unbalanced\n{"query": "x", "colour": 1}\n{not json\nkim\n')
    assert result.exit_code == 2
    lines = result.output.splitlines()
    answers = [json.loads(line) for line in lines[:4]]
    assert answers[0]["error"].startswith("unbalanced quote")
    assert answers[1]["error"].startswith("unknown key 'colour'")
    assert answers[2]["error"].startswith("not valid JSON")
    assert answers[3]["total"] == 6
    assert [answer["line"] for answer in answers[:3]] == [1, 2, 3]
    assert lines[4] == '3 request(s) could not be run (lines 1-3); see their "error" fields'


# similar and timeline -----------------------------------------------------------------


def test_similar(run):
    data = as_json(run("similar", HANOI, "--format", "json", "--limit", "2"))
    assert data["query"] == f"similar:{HANOI}"
    assert HANOI not in [h["id"] for h in data["hits"]]
    assert [h["headline"] for h in data["hits"]] == ["Moon and Kim hold summit at Panmunjom", "Trump and Kim sign statement in Singapore"]
    result = run("similar", HANOI, "--limit", "1")
    assert result.exit_code == 0
    assert result.output.startswith('6 articles like "Hanoi summit ends without agreement" (showing 1-1)\n')
    assert run("similar", "ffffffffffffffff").exit_code == 1


def test_timeline_text_and_json(run):
    result = run("timeline", "kim")
    assert result.exit_code == 0
    assert result.output == """\
6 articles match "kim", per year (1 undated, not drawn)
  2018  ██████████████████████████████████████████████████ 3
  2019  █████████████████████████████████                  2
"""
    data = as_json(run("timeline", "trade", "--by", "month", "--format", "json"))
    assert data["total"] == 2 and data["by"] == "month" and data["undated"] == 0
    assert [b["count"] for b in data["buckets"]] == [1, 0, 0, 0, 0, 0, 0, 1]
    assert data["buckets"][0] == {"value": "2019-06", "count": 1}
    assert run("timeline", "kim", "--by", "fortnight").exit_code == 2
    assert run("timeline", "zzzz").output == '0 articles match "zzzz", per year\n  (no dated articles)\n'


def test_help_texts(run):
    for command in ("search", "show", "batch", "similar", "timeline"):
        result = CliRunner().invoke(cli.main, [command, "--help"])
        assert result.exit_code == 0 and "--index" in result.output
    assert 'year:[2018 TO 2019]' in CliRunner().invoke(cli.main, ["search", "--help"]).output


def test_shell_completion_of_commands_and_names(index_dir):
    def complete(words: str, cword: int) -> str:
        result = CliRunner().invoke(cli.main, [], prog_name="gazette", env={
            "_GAZETTE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword),
        })
        assert result.exit_code == 0
        return result.output

    assert complete("gazette sea", 1) == "plain,search\n"
    assert complete("gazette search --facet ", 3) == "plain,people\nplain,leaders\nplain,year\nplain,month\nplain,source\nplain,collection\n"
    assert complete(f"gazette search --index {index_dir} --leader mo", 5) == "plain,'Moon Jae-in'\n"
    assert complete(f"gazette search --index {index_dir} --source re", 5) == "plain,Reuters\n"


def test_similar_and_timeline_take_filters_and_facets(run):
    data = as_json(run("similar", HANOI, "--year", "2018", "--facet", "leaders", "--format", "json"))
    assert {h["year"] for h in data["hits"]} == {2018}
    assert data["facets"]["leaders"][0] == {"value": "Kim Jong Un", "count": data["total"]}
    assert as_json(run("similar", HANOI, "--person", "Shinzo Abe", "--format", "json"))["total"] <= 1
    timeline = as_json(run("timeline", "--leader", "Moon Jae-in", "--format", "json"))
    assert [(b["value"], b["count"]) for b in timeline["buckets"]] == [(2018, 1), (2019, 2)]
    result = run("timeline", "--person", "Nobody")
    assert result.exit_code == 2 and "no article in the index has the person 'Nobody'" in result.output


def test_batch_sort_and_paging_keys(run):
    requests = '{"query": "", "sort": "date", "limit": 2, "page": 2}\n{"query": "kim", "limit": "x"}\n'
    result = run("batch", "-", input=requests)
    answers = [json.loads(line) for line in result.output.splitlines()[:2]]
    assert [h["date"] for h in answers[0]["hits"]] == ["2018-05-08", "2018-06-12"]
    assert answers[1]["error"] == "'limit' takes a whole number, not 'x'"
    assert result.exit_code == 2


def test_index_of_another_schema_version_says_rebuild(tmp_path):
    from index import store

    directory = search_fixtures.build(tmp_path / "index")
    store.write_json(store.current_generation(directory) / store.META, {"schema_version": 0})
    store.seal(store.current_generation(directory))
    result = CliRunner().invoke(cli.main, ["search", "kim", "--index", str(directory)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the index at {directory} was built by another version of Gazette")
    assert "gazette index --rebuild" in result.output


def test_an_empty_index_answers_without_errors(tmp_path):
    directory = search_fixtures.build(tmp_path / "index", records=[])

    def run_empty(*args):
        return CliRunner().invoke(cli.main, [*args, "--index", str(directory)], env={"COLUMNS": "100"})

    assert run_empty("search", "kim").output == 'No articles match "kim".\n'
    assert json.loads(run_empty("search", "--facet", "year", "--format", "json").output)["facets"] == {"year": []}
    assert run_empty("timeline").output == "0 articles per year\n  (no dated articles)\n"
    assert run_empty("search", "--person", "kim").exit_code == 2
