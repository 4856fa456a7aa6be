"""The benchmarks' own logic: ranking measures on hand-made judgments, the synthetic
corpus generator, the raw-file truths, the query mix and the reference engines."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest

from benchmarks import common, metrics, ranking, speed, truth
from benchmarks.adapters import FTS5Engine, Query
from corpus.article import Article, article_id


def article(number: int, headline: str, body: str, people=(), year: int = 2018) -> Article:
    return Article(
        id=article_id(headline, body), path=f"base/{number}.txt", position=None, headline=headline,
        date=dt.date(year, 5, 7), date_from="metadata", source="Reuters", people=tuple(people),
        leaders=tuple(p for p in people if p == "Kim Jong Un"), body=body,
    )


BASE = [
    article(1, "Leaders meet in Dalian", "Kim Jong Un met Xi Jinping in Dalian for talks on trade.\n\n"
            "The summit followed a meeting with Moon Jae-in at the border.", ["Kim Jong Un", "Xi Jinping"]),
    article(2, "Oil prices rise", "Crude oil prices rose sharply on Monday after supply fell.\n\n"
            "Analysts expected further gains in the coming weeks of trading.", ["Herrington"]),
    article(3, "Summit talks resume", "Negotiators resumed summit talks on denuclearization in Hanoi.\n\n"
            "Both delegations described the meeting as frank and useful.", ["Kim Jong Un", "Donald Trump"]),
]


# --- metrics -------------------------------------------------------------------------------


def test_average_precision_by_hand():
    # relevant at ranks 1 and 3, a third relevant document never retrieved: (1/1 + 2/3) / 3
    assert metrics.average_precision(["a", "x", "b", "y"], {"a", "b", "c"}) == pytest.approx((1 + 2 / 3) / 3)
    assert metrics.average_precision(["x", "y"], {"a"}) == 0.0
    assert metrics.average_precision([], set()) == 0.0


def test_precision_at_counts_missing_places_as_misses():
    assert metrics.precision_at(["a", "b", "x"], {"a", "b"}, k=10) == pytest.approx(0.2)
    assert metrics.precision_at(["a", "b"], {"a", "b"}, k=2) == 1.0


def test_ndcg_by_hand():
    # relevant at ranks 2 and 3 of 2 relevant: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3))
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
    assert metrics.ndcg_at(["x", "a", "b"], {"a", "b"}, k=10) == pytest.approx(expected)
    assert metrics.ndcg_at(["a", "b"], {"a", "b"}, k=10) == 1.0
    assert metrics.ndcg_at(["x", "y", "a"], {"a"}, k=2) == 0.0


def test_evaluate_averages_over_judged_queries_and_scores_missing_runs_zero():
    judgments = {1: {"a"}, 2: {"b", "c"}, 3: set()}
    scores = metrics.evaluate({1: ["a"]}, judgments)
    assert scores["MAP"] == pytest.approx(0.5)  # query 1: 1.0, query 2 (no run): 0.0; query 3 unjudged
    assert scores["P@10"] == pytest.approx(0.05)
    assert scores["nDCG@10"] == pytest.approx(0.5)


# --- synthetic corpus ----------------------------------------------------------------------


def test_synthetic_corpus_is_deterministic_and_recombines_the_base():
    first = list(common.synthetic_articles(BASE, 300, seed=3))
    again = list(common.synthetic_articles(BASE, 300, seed=3))
    other = list(common.synthetic_articles(BASE, 300, seed=4))
    assert first == again
    assert first != other
    assert len({a.id for a in first}) == 300
    paragraphs = {p for a in BASE for p in a.body.split("\n\n")}
    headlines = {a.headline for a in BASE}
    for a in first:
        assert a.headline in headlines
        assert set(a.body.split("\n\n")) <= paragraphs
        assert common.SYNTHETIC_FIRST_DAY <= a.date <= common.SYNTHETIC_LAST_DAY
        assert a.source in common.SYNTHETIC_SOURCES
    assert len({a.date.year for a in first}) > 15
    assert len({a.source for a in first}) > 5
    assert any(len(a.body.split("\n\n")) > 1 for a in first)


def test_synthetic_prefix_does_not_depend_on_the_count():
    assert list(common.synthetic_articles(BASE, 20)) == list(common.synthetic_articles(BASE, 50))[:20]


def test_write_jsonl_round_trips(tmp_path):
    paths = common.write_jsonl(BASE, tmp_path, per_file=2)
    assert [p.name for p in paths] == ["0000.jsonl", "0001.jsonl"]
    assert list(speed.read_jsonl(paths)) == BASE


def test_markdown_table():
    table = common.markdown_table(["a", "b"], [["x", 1.23456], [1234, None]])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x | 1.235 |", "| 1,234 | – |"]


# --- query mix and reference engine --------------------------------------------------------


def test_query_mix_is_fixed_and_varied():
    people = [(), ("Kim Jong Un",), ("Xi Jinping", "Kim Jong Un"), ("Donald Trump",)]
    corpus = [
        dataclasses.replace(a, people=people[n % 4], date=dt.date(2000 + n % 20, 1, 1))
        for n, a in enumerate(common.synthetic_articles(BASE, 400))
    ]
    mix = speed.query_mix(corpus)
    assert [q.label() for q in mix] == [q.label() for q in speed.query_mix(corpus)]
    assert len(mix) >= 50
    assert {q.mode for q in mix} == {"all", "phrase"}
    assert any(len(q.words) == 2 for q in mix) and any(len(q.words) == 3 for q in mix)
    assert any(q.person for q in mix) and any(q.year for q in mix) and any(q.person and q.year for q in mix)


def test_query_mix_without_people_has_no_person_filters():
    mix = speed.query_mix(list(common.synthetic_articles(BASE, 200)))
    assert mix and not any(q.person for q in mix) and any(q.year for q in mix)


def test_fts5_reference_counts_facets_over_all_matches(tmp_path):
    engine = FTS5Engine()
    engine.build(BASE, tmp_path)
    engine.open(tmp_path)
    answer = engine.search(Query(("summit",)))
    assert answer.total == 2
    assert answer.facets["people"] == {"Kim Jong Un": 2, "Donald Trump": 1, "Xi Jinping": 1}
    assert answer.facets["year"] == {2018: 2}
    assert engine.search(Query(("summit",), person="Donald Trump")).ids == [BASE[2].id]
    assert engine.search(Query(("summit", "talks"), mode="phrase")).ids == [BASE[2].id]
    assert engine.search(Query(("oil", "hanoi"), mode="any")).total == 2
    assert engine.search(Query(("summit",), year=2019)).total == 0


# --- truths from raw files and CISI parsing ------------------------------------------------


def test_reuters_truth_reads_tags(tmp_path):
    (tmp_path / "reut2-000.sgm").write_text(
        '<REUTERS NEWID="1">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<PEOPLE><D>james-baker</D></PEOPLE>\n'
        "<TEXT><TITLE>OIL &lt;PRICES&gt;  RISE</TITLE><BODY>Body text.</BODY></TEXT>\n</REUTERS>\n"
        '<REUTERS NEWID="2">\n<DATE> 1-MAR-1987 09:00:00.00</DATE>\n<PEOPLE></PEOPLE>\n'
        '<TEXT TYPE="UNPROC">No title here</TEXT>\n</REUTERS>\n',
        encoding="latin-1",
    )
    first, second = truth.reuters_stories(tmp_path)
    assert (first.position, first.title, first.date, first.people) == (1, "OIL <PRICES> RISE", dt.date(1987, 2, 26),
                                                                        ("james-baker",))
    assert (second.position, second.title, second.date, second.people) == (2, None, dt.date(1987, 3, 1), ())


def test_cisi_smart_format_with_crlf(tmp_path):
    path = tmp_path / "CISI.ALL"
    path.write_bytes(b".I 1\r\n.T\r\nA title\r\nover lines\r\n.A\r\nDoe, J.\r\n.W\r\n  The abstract.\r\n.X\r\n1\t5\t1\r\n"
                     b".I 2\r\n.T \r\nSecond\r\n.W\r\nMore text\r\n")
    records = ranking.read_smart(path)
    assert records == {
        1: {"T": "A title over lines", "A": "Doe, J.", "W": "The abstract.", "X": "1 5 1"},
        2: {"T": "Second", "W": "More text"},
    }
    rel = tmp_path / "CISI.REL"
    rel.write_bytes(b"     1     28\t0\t0.000000\r\n     1     35\t0\t0.000000\r\n     2      3\t0\t0.000000\r\n")
    assert ranking.read_judgments(rel) == {1: {28, 35}, 2: {3}}
    assert ranking.query_words("What is information science?  What, again?") == ("what", "is", "information",
                                                                                "science", "again")


def test_extraction_fold():
    from benchmarks.extraction import fold

    assert fold("  KIM  Jong-un ") == fold("kim jong un") == "kim jong un"
    assert fold("Moon Jaé-in") == "moon jae in"


@pytest.mark.parametrize("name", ["speed", "ranking", "extraction"])
def test_benchmark_scripts_have_help(name):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(Path(common.REPO, "benchmarks", f"{name}.py")), "--help"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
