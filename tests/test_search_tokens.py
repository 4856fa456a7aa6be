"""Tokens news needs, end to end: U.S. and U.K. match their spaced and joined forms, AT&T and
S&P can be found, 9/11 and 24/7 are not prices, and a query of stop words says so."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import cli
from corpus.article import Article, article_id
from tests import search_fixtures

TEXTS = {
    "dotted": ("U.S. dollar firms", "The U.S. dollar rose against the yen in Tokyo trading."),
    "joined": ("US economy grows", "The US economy grew faster than the UK economy, officials said."),
    "lower": ("Talk to us", "Readers can write to us about the dollar and the economy."),
    "att": ("AT&T bids for cable group", "AT&T offered cash for the cable group; S&P cut its rating."),
    "attack": ("Ten years after 9/11", "New York remembers 9/11 with a service open 24/7 at the memorial."),
    "price": ("Soybeans close mixed", "Soybeans closed 9-11/16 higher at 5.60, and 24-7/8 lower in the last hour."),
}


def article(key: str, position: int) -> Article:
    headline, body = TEXTS[key]
    return Article(id=article_id(headline, body), path=f"fixtures/{key}.txt", position=None, headline=headline,
                   date=dt.date(2011, 9, position), date_from="metadata", source="Wire", people=(), leaders=(),
                   body=body, url=None, authors=())


ID = {key: article(key, n).id for n, key in enumerate(TEXTS, 1)}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    records = [article(key, n) for n, key in enumerate(TEXTS, 1)]
    return search_fixtures.build(tmp_path_factory.mktemp("tokens") / "index", records)


@pytest.fixture
def found(index_dir):
    runner = CliRunner()

    def search(*words: str) -> list[str]:
        result = runner.invoke(cli.main, ["search", *words, "--match", "all", "--format", "json",
                                          "--index", str(index_dir)])
        assert result.exit_code == 0, result.output
        return sorted(key for key, value in ID.items() if value in {h["id"] for h in json.loads(result.output)["hits"]})

    return search


def test_abbreviations_match_dotted_spaced_and_joined(found):
    expected = ["dotted", "joined"]
    assert found("U.S.") == found("US") == found("u s") == found("U.S") == expected
    assert found("u", "s", "dollar") == found("U.S.", "dollar") == ["dotted"]
    assert found("U.K.") == found("uk") == ["joined"]


def test_the_pronoun_us_is_still_a_stop_word(found):
    assert found("us", "economy") == ["joined", "lower"]  # 'us' dropped: economy alone


def test_ampersand_names(found):
    assert found("AT&T") == found("at&t") == found('"AT&T"') == ["att"]
    assert found("S&P", "rating") == ["att"]
    assert found("AT&T", "OR", "S&P") == ["att"]


def test_slashed_numbers_are_not_prices(found):
    assert found("9/11") == found('"9/11"') == ["attack"]
    assert found("24/7") == ["attack"]
    assert found("11/16") == ["price"]


def test_stop_words_only(index_dir):
    result = CliRunner().invoke(cli.main, ["search", "to", "the", "--index", str(index_dir)])
    assert (result.exit_code, result.output) == (0, (
        'No articles match "to the".\n'
        "Every word of it (to, the) is too common to be indexed: add a word that says what you are looking for.\n"
    ))
