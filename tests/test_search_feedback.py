"""Pseudo-relevance feedback: the words the best articles share join the query, at a lower
weight, and only the ranking changes."""
from __future__ import annotations

import datetime as dt

import pytest

import search
from corpus.article import Article, article_id
from search import feedback
from search.matching import Clause
from search.query import TEXT_FIELDS
from tests import search_fixtures

# Twelve stories on an oil embargo that share "opec", "barrels" and "tanker", one that shares
# the query word only, and a filler of unrelated ones.
OIL = [(f"Oil embargo day {n}", f"The oil embargo hit tanker traffic; OPEC cut barrels again, day {n}.")
       for n in range(1, 13)]
OTHER = [("Farmers cheer", "The grain embargo ended and farmers cheered."),
         ("Tanker rates report", "A report on tanker rates, OPEC quotas and barrels after the embargo.")]
FILLER = [(f"Local news {n}", f"Council meets about parks and schools, item {n}.") for n in range(20)]


def article(n: int, headline: str, body: str) -> Article:
    return Article(id=article_id(headline, body), path=f"fixtures/f{n}.txt", position=None, headline=headline,
                   date=dt.date(1987, 1, 1) + dt.timedelta(days=n), date_from="metadata", source="Wire",
                   people=(), leaders=(), body=body, url=None, authors=())


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    records = [article(n, h, b) for n, (h, b) in enumerate(OIL + OTHER + FILLER)]
    with search.open(search_fixtures.build(tmp_path_factory.mktemp("feedback") / "index", records)) as opened:
        yield opened


def test_expansion_takes_the_words_the_top_articles_share(searcher):
    clauses = [Clause("oil", TEXT_FIELDS), Clause("embargo", TEXT_FIELDS)]
    top = [searcher.view.docnum_of(article(n, h, b).id) for n, (h, b) in enumerate(OIL[:10])]
    extra = feedback.expansion(searcher.view, searcher.view.schema["body"].analyzer, top, clauses)
    words = [clause.text for clause in extra]
    assert {"opec", "barrel", "tanker"} <= set(words)
    assert not {"oil", "embargo"} & set(words)  # the query's own words are not added again
    assert max(clause.boost for clause in extra) == pytest.approx(feedback.WEIGHT)
    assert all(clause.fields == TEXT_FIELDS for clause in extra)


def test_feedback_reranks_but_matches_the_same_articles(searcher, monkeypatch):
    with_feedback = searcher.search("oil embargo", match="any", limit=100)
    monkeypatch.setattr(search.searcher, "FEEDBACK_MIN_WORDS", 10**6)
    without = searcher.search("oil embargo", match="any", limit=100)
    assert {h.id for h in with_feedback.hits} == {h.id for h in without.hits}
    assert with_feedback.total == without.total
    grain, report = article(12, *OTHER[0]).id, article(13, *OTHER[1]).id
    # Both hold one query word; the report also holds the words the top stories share.
    order = [h.id for h in without.hits]
    assert order.index(grain) < order.index(report)
    order = [h.id for h in with_feedback.hits]
    assert order.index(report) < order.index(grain)


def test_one_word_queries_have_no_feedback(searcher, monkeypatch):
    calls = []
    monkeypatch.setattr(feedback, "expansion", lambda *args: calls.append(args) or [])
    searcher.search("embargo", limit=5)
    assert calls == []
    searcher.search("oil embargo", limit=5)
    assert len(calls) == 1
