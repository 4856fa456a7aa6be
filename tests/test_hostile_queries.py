"""Hostile queries and batch files (issue 14): every request is answered or refused in bounded
time, with a message naming it and no traceback, and a batch answers every other line.

Each case runs ``gazette`` in a subprocess with a generous timeout: a query that hangs fails
the test instead of the suite. Timeouts are DoS bounds, not speed targets (the targets are
about a second on Reuters; the bound allows for a loaded machine).
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from search.query import MAX_QUERY_CHARS, MAX_TERMS
from tests import search_fixtures
from tests.conftest import REPO
from tests.index_fixtures import reuters_index  # noqa: F401 (fixture)

#: Seconds a case may take before it counts as a hang.
BOUND = 30


def gazette(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args], cwd=REPO, input=stdin, capture_output=True, timeout=BOUND,
        )
    except subprocess.TimeoutExpired:
        shown = " ".join(arg if len(arg) < 60 else arg[:60] + "..." for arg in args)
        pytest.fail(f"gazette {shown} ran for more than {BOUND} s")


def refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2, no traceback, and an error message holding ``words``; returns the message."""
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-2000:]
    assert done.returncode == 2, (done.returncode, err[-2000:])
    assert err.startswith("Usage:") or err.startswith("Error:"), err[:500]
    message = err[err.index("Error:"):]
    for word in words:
        assert word in message, message[:2000]
    return message


def answered(done: subprocess.CompletedProcess) -> dict:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0 and "Traceback" not in err, (done.returncode, err[-2000:])
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> Path:
    return search_fixtures.build(tmp_path_factory.mktemp("hostile") / "index")


# Query costs on Reuters ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["oil~9", "oil~99999", "pyongyang~3/1"])
def test_fuzzy_distance_is_capped(reuters_index, query):
    message = refused(gazette("search", "--index", str(reuters_index), query), "fuzzy", "~2")
    assert "^" in message  # the caret points at the distance


def test_fuzzy_within_the_cap_answers(reuters_index):
    data = answered(gazette("search", "--index", str(reuters_index), "--format", "json", "crued~2"))
    assert data["total"] > 0


@pytest.mark.parametrize("query", ["*a*", "?*", "*e", "headline:*s*", "s*"])
def test_wildcards_that_stand_for_too_many_words_are_refused(reuters_index, query):
    refused(gazette("search", "--index", str(reuters_index), query), "stands for more than", query.split(":")[-1])


@pytest.mark.parametrize("query", ["*kistan", "*nucl*", "?il", "pyong*", "nucl*r", "headline:*uwait"])
def test_leading_wildcards_within_the_cap_answer(reuters_index, query):
    data = answered(gazette("search", "--index", str(reuters_index), "--format", "json", "--limit", "1", query))
    assert data["total"] > 0


def test_ten_thousand_ored_terms_are_refused(reuters_index):
    query = " OR ".join(f"w{number}" for number in range(10_000))
    refused(gazette("search", "--index", str(reuters_index), query), "too long")


def test_too_many_terms_are_refused(reuters_index):
    query = " OR ".join(f"w{number}" for number in range(MAX_TERMS + 1))
    assert len(query) <= MAX_QUERY_CHARS
    refused(gazette("search", "--index", str(reuters_index), query), f"at most {MAX_TERMS:,}")


def test_a_query_of_100_kb_is_refused(reuters_index):
    refused(gazette("search", "--index", str(reuters_index), "oil " * 25_000), "too long", f"{MAX_QUERY_CHARS:,}")


def test_a_word_longer_than_any_index_term_is_refused(reuters_index):
    message = refused(gazette("search", "--index", str(reuters_index), "oil " + "a" * 5000 + "*"), "characters long")
    assert len(message) < 1000  # the caret shows a window of the query, not all of it


def test_long_phrases_are_refused(reuters_index):
    refused(gazette("search", "--index", str(reuters_index), '"' + " ".join(["said"] * 40) + '"'), "phrases hold more than")


def _words(count: int) -> str:
    return " ".join(f"{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676 % 26)}x" for n in range(count))


#: Queries as long as allowed, in the shapes that cost most: every one is answered or refused.
LONG_SHAPES = {
    "many unknown words (did you mean)": _words(MAX_TERMS),
    "a long phrase": '"' + "oil " * (MAX_TERMS - 1) + 'oil"',
    "a range with a long gap": "date:[1987 " + " " * (MAX_QUERY_CHARS - 30) + "TO 1988]",
    "a long word with a wildcard": "a" * (MAX_QUERY_CHARS - 1) + "*",
    "question marks": "oil" + "?" * (MAX_QUERY_CHARS - 5) + "x",
    "ANDs": " AND ".join(["oil"] * (MAX_QUERY_CHARS // 8)),
    "groups": "(oil OR gas) " * (MAX_QUERY_CHARS // 14),
    "fields": "headline:oil " * (MAX_QUERY_CHARS // 14),
    "common words, any": _words(0) + " ".join(["oil", "price", "said", "dlrs", "pct", "year"] * (MAX_TERMS // 6)),
}


@pytest.mark.parametrize("shape", list(LONG_SHAPES))
def test_queries_at_the_length_cap_end_in_bounded_time(reuters_index, shape):
    query = LONG_SHAPES[shape]
    assert len(query) <= MAX_QUERY_CHARS
    done = gazette("search", "--index", str(reuters_index), "--format", "json", "--match", "any", query)
    if done.returncode:
        refused(done)
    else:
        answered(done)


@pytest.mark.parametrize(
    "text",
    [
        "date:[1987 " + " " * 200_000 + "]",
        '"' + "a " * 100_000 + '"',
        "a" * 200_000 + "*",
        "a1" * 100_000 + "[",
        "x" + "?" * 200_000 + "x",
    ],
    ids=["range-spaces", "phrase", "word-star", "letters-digits", "question-marks"],
)
def test_the_query_checker_is_linear(text):
    """check() alone, far past the length cap: a backtracking pattern would take minutes."""
    code = "import sys\nfrom search.query import check\nfrom search.errors import QueryError\n" \
           "try:\n    check(sys.stdin.read())\nexcept QueryError:\n    pass\n"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, input=text.encode(), capture_output=True, timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail(f"check() ran for more than {BOUND} s on {len(text):,} characters")
    assert done.returncode == 0, done.stderr.decode()[-2000:]


# Batch -------------------------------------------------------------------------------------


def test_batch_answers_every_line_whatever_one_holds(small_index):
    lines = [
        b'{"query": "\\ud800"}',                    # a lone surrogate
        "kim \udcff".encode("utf-8", "surrogateescape"),  # bytes that are not UTF-8
        b'{"a": ' * 10_000 + b"1" + b"}" * 10_000,   # nested past any recursion limit
        b'{"query": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
        b'{"query": "kim", "limit": 1' + b"0" * 5000 + b"}",  # past int()'s digit limit
        b'{"query": "kim", "page": 1e400}',
        b"oil~9",
        b"kim",
    ]
    done = gazette("batch", "--index", str(small_index), "-", stdin=b"\n".join(lines) + b"\n")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    assert done.returncode == 2
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(answers) == len(lines)
    assert [answer.get("line") for answer in answers[:-1]] == list(range(1, len(lines)))
    assert "surrogate" in answers[0]["error"]
    assert "UTF-8" in answers[1]["error"]
    assert "nested" in answers[2]["error"] and "nested" in answers[3]["error"]
    assert "digits" in answers[4]["error"]
    assert "whole number" in answers[5]["error"]
    assert "fuzzy" in answers[6]["error"]
    assert answers[-1]["total"] == 6 and "error" not in answers[-1]
    assert err.strip() == f"{len(lines) - 1} request(s) could not be run (lines 1-{len(lines) - 1}); see their \"error\" fields"


def test_batch_file_with_invalid_utf8_answers_the_good_lines(small_index, tmp_path):
    path = tmp_path / "requests.txt"
    path.write_bytes(b"kim\n\xff\xfe\x00bad\ndalian\n")
    done = gazette("batch", "--index", str(small_index), str(path))
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [a.get("total") for a in answers] == [6, None, 1]
    assert answers[1]["line"] == 2 and "not UTF-8" in answers[1]["error"]
    assert done.returncode == 2


# Output of every size ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_big_limits_give_well_formed_output(reuters_index, fmt):
    done = gazette("search", "--index", str(reuters_index), "--limit", "100000", "--format", fmt, "oil")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    text = done.stdout.decode("utf-8")
    if fmt == "json":
        assert len(json.loads(text)["hits"]) > 500
    elif fmt == "jsonl":
        assert len([json.loads(line) for line in text.splitlines()]) > 500
    else:
        import csv
        import io

        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 500 and {len(row) for row in rows} == {10}


@pytest.mark.parametrize("query", ["oil^" + "9" * 200, "(" * 120 + "oil" + ")^1000" * 120, "oil^1000 (oil^1000)^1000"])
def test_boosts_never_make_scores_that_json_cannot_hold(reuters_index, query):
    done = gazette("search", "--index", str(reuters_index), "--format", "json", "--limit", "100000", query)
    if done.returncode:
        refused(done, "boost")
    else:
        assert all(math.isfinite(hit["score"]) for hit in json.loads(done.stdout)["hits"])


# Anything a user can type ------------------------------------------------------------------


TOKENS = [*'"()[]{}:*?~^+-/\\!&|,.\'’ ', " AND ", " OR ", " NOT ", " TO ", "year:", "date:", "month:", "people:",
          "source:", "headline:", "kim", "summit", "2019", "2018-05", "~2", "^3", "\udcff", "\x00", "\x1b[31m", "  "]
QUERY_TEXT = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), max_size=14).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERY_TEXT, match=st.sampled_from(["all", "any"]))
def test_any_query_string_is_answered_or_refused(small_index, text, match):
    result = CliRunner().invoke(cli.main, ["search", "--index", str(small_index), "--match", match, "--", text])
    assert result.exit_code in (0, 2), (text, result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (text, result.exception)
    if result.exit_code == 2:
        assert "Error:" in result.output


def test_bytes_that_are_not_utf8_in_a_query_are_refused(small_index):
    result = CliRunner().invoke(cli.main, ["search", "--index", str(small_index), "kim \udcff"])
    assert result.exit_code == 2, result.output
    assert "not a character" in result.output and "\\udcff" in result.output


@pytest.fixture(scope="module")
def searcher(small_index):
    import search

    with search.open(small_index) as opened:
        yield opened


@settings(max_examples=500, deadline=None)
@given(text=QUERY_TEXT, match=st.sampled_from(["all", "any"]))
def test_the_parser_and_matcher_answer_or_raise_query_error(searcher, text, match):
    from search.errors import QueryError

    try:
        results = searcher.search(text, match=match, facets=("year",))
    except QueryError as error:
        assert error.text().strip()
    else:
        assert results.total >= len(results.hits)


@pytest.mark.parametrize("command", ["show", "similar"])
def test_an_id_that_is_not_utf8_is_not_found(small_index, command):
    result = CliRunner().invoke(cli.main, [command, "--index", str(small_index), "ab\udcff\x1b[31mcd"])
    assert result.exit_code == 1, (result.output, result.exception)
    assert result.output.startswith("Error: no article with id 'ab\\udcff\\x1b[31mcd'")
