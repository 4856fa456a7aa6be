""""Did you mean" from the index's own people and vocabulary: whole names first, then words,
in text, JSON, JSON lines and batch output."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.article import Article, article_id
from search.expand import edit_distance
from tests import search_fixtures

# (headline, people, body): "blame" and "Michels" are frequent words one edit from the
# misspellings, the people are two edits (or one swap) away.
STORIES = [
    ("Blair defends war record", ("Tony Blair",), "Tony Blair said he did not blame the generals."),
    ("Blair and Howard clash", ("Michael Howard", "Tony Blair"),
     "Michael Howard and Tony Blair traded blame over the hospital waiting lists."),
    ("Howard sets out tax plans", ("Michael Howard",), "Michael Howard put the blame on waste."),
    ("Michels bakery opens", (), "The Michels family opened a bakery; nobody is to blame, said Michels."),
    ("Storm damage", (), "Residents blame the council; the Michels bakery lost its roof. Blame flew."),
]


def article(n: int) -> Article:
    headline, people, body = STORIES[n]
    return Article(id=article_id(headline, body), path=f"fixtures/s{n}.txt", position=None, headline=headline,
                   date=dt.date(2005, 4, n + 1), date_from="metadata", source="Wire", people=people,
                   leaders=(), body=body, url=None, authors=())


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return search_fixtures.build(tmp_path_factory.mktemp("suggest") / "index", [article(n) for n in range(len(STORIES))])


@pytest.fixture
def run(index_dir):
    return search_fixtures.cli_runner(index_dir)


def test_whole_names_are_suggested(run):
    result = run("search", "tony", "blare", "--match", "all")
    assert (result.exit_code, result.output) == (0, 'No articles match "tony blare".\nDid you mean: tony blair\n')
    result = run("search", "Micheal", "Howard", "--match", "all")
    assert (result.exit_code, result.output) == (
        0, 'No articles match "Micheal Howard".\nDid you mean: michael howard\n')


def test_name_and_other_words_are_corrected_together(run):
    data = json.loads(run("search", "tony", "blare", "hospitl", "--match", "all", "--format", "json").output)
    assert data["suggestion"] == "tony blair hospital"


def test_a_word_alone_is_corrected_from_the_vocabulary(run):
    data = json.loads(run("search", "blaem", "--format", "json").output)
    assert (data["total"], data["suggestion"]) == (0, "blame")


def test_suggestion_in_json_jsonl_and_batch(run):
    data = json.loads(run("search", "tony", "blare", "--format", "json").output)
    assert data["suggestion"] == "tony blair" and data["relaxed"] == {"all_words": 0, "some_words": 2}
    result = run("search", "tony", "blare", "--format", "jsonl")
    assert [json.loads(line)["relaxed"] for line in result.stdout.splitlines()] == [True, True]
    assert result.stderr == 'No article has every word of "tony blare"; 2 have some of them.\nDid you mean: tony blair\n'
    result = run("batch", "-", input="tony blare\nMicheal Howard\n")
    assert result.exit_code == 0
    assert [json.loads(line)["suggestion"] for line in result.output.splitlines()] == ["tony blair", "michael howard"]


def test_no_suggestion_when_every_word_is_found(run):
    assert "suggestion" not in json.loads(run("search", "tony", "blair", "--format", "json").output)


def reference_distance(a: str, b: str, swaps: bool = True) -> int:
    """Levenshtein (or, with ``swaps``, optimal string alignment) distance, the textbook table."""
    table = [[max(i, j) if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if swaps and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[len(a)][len(b)]


@given(st.text("abcde", max_size=8), st.text("abcde", max_size=8), st.integers(0, 3), st.booleans())
def test_edit_distance_matches_the_table(a, b, limit, swaps):
    expected = reference_distance(a, b, swaps)
    assert edit_distance(a, b, limit, transpositions=swaps) == (expected if expected <= limit else limit + 1)
