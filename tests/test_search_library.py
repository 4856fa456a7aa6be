"""search.Searcher from Python, on an index of articles written for the tests."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import search
from search import bitsets
from search.errors import ArticleNotFound, NameNotFound, QueryError
from tests import search_fixtures


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    # Two segments, so that document numbers carry segment offsets.
    return search_fixtures.build(tmp_path_factory.mktemp("search") / "index", segments=2)


@pytest.fixture(scope="module")
def searcher(index_dir):
    with search.open(index_dir) as opened:
        yield opened


def headlines(results):
    return [hit.headline for hit in results.hits]


def facet(results, name):
    return [(v.value, v.count) for v in results.facets[name]]


def test_bitsets_round_trip():
    ids = [0, 1, 7, 8, 63, 64, 1000]
    bits = bitsets.from_ids(ids, 1001)
    assert bitsets.members(bits) == ids
    assert bits.bit_count() == len(ids)
    assert bitsets.members(0) == []
    assert bitsets.full(3) == 0b111


def test_words_must_all_match_and_rank_by_bm25f(searcher):
    results = searcher.search("denuclearization")
    assert results.total == 3
    # The shortest article that says it (Hanoi) scores highest; every hit says it.
    assert headlines(results) == [
        "Hanoi summit ends without agreement",
        "Trump and Kim sign statement in Singapore",
        "Kim and Xi meet in Dalian",
    ]
    assert [h.score for h in results.hits] == sorted((h.score for h in results.hits), reverse=True)
    assert searcher.search("denuclearization dalian", match="all").total == 1


def test_headline_outweighs_body(searcher):
    # "summit" is in two headlines and no body-only article outranks them.
    results = searcher.search("summit")
    assert headlines(results)[:2] == ["Hanoi summit ends without agreement", "Moon and Kim hold summit at Panmunjom"]


def test_person_query_ranks_articles_about_that_person_first(searcher):
    results = searcher.search("abe")
    assert headlines(results) == ["Abe and Moon discuss export curbs"]
    results = searcher.search("moon")
    assert {h.headline for h in results.hits[:3]} >= {"Moon urges dialogue after missile launch"}
    assert all("Moon Jae-in" in h.people for h in results.hits)


def test_operators_phrases_groups_fields(searcher):
    assert searcher.search("trade OR marathon").total == 3
    assert headlines(searcher.search("trade NOT rallied")) == ["Trump and Xi agree trade truce in Osaka"]
    assert searcher.search('"peace treaty"').total == 2
    assert searcher.search('"treaty peace"').total == 0
    assert searcher.search("(marathon OR dalian) pyongyang").total == 1
    assert headlines(searcher.search("headline:pyongyang")) == [
        "Xi visits Pyongyang for first time",
        "Pyongyang marathon draws foreign runners",
    ]
    assert searcher.search("body:pyongyang").total == 2
    assert searcher.search('people:"kim jong-un"').total == 6
    assert searcher.search('leaders:"Moon Jae-in" people:"Shinzo Abe"').total == 1
    assert searcher.search("source:reuters").total == 4
    assert searcher.search("year:2019").total == 5
    assert searcher.search("year:[2017 TO 2018]").total == 4
    assert searcher.search("date:[2018-05-01 TO 2018-06-30]").total == 2
    assert searcher.search("date:2019-06").total == 2
    assert searcher.search("denucl*").total == 3
    assert searcher.search("pyongyng~").total == 2
    assert searcher.search("NOT kim").total == 5


def test_empty_query_lists_everything_newest_first(searcher):
    results = searcher.search("", limit=20)
    assert results.total == 11
    dates = [h.date for h in results.hits]
    assert dates[-1] is None  # undated last
    assert dates[:-1] == sorted(dates[:-1], reverse=True)
    oldest = searcher.search("", sort="date", limit=2)
    assert [h.date for h in oldest.hits] == ["2017-04-09", "2018-04-27"]


def test_filters(searcher):
    assert searcher.search("", person=["kim jong-un"]).total == 6
    assert searcher.search("", person=["KIM JONG UN", "xi jinping"]).total == 2
    assert searcher.search("", leader=["Donald Trump"], year=["2019"]).total == 2
    assert searcher.search("", year=["2017", "2020"]).total == 2
    assert searcher.search("", year=["2018-2019"]).total == 8
    assert searcher.search("", date_from="2019-06", date_to="2019-06-25").total == 1
    assert searcher.search("", date_from="2019-07").total == 3
    assert searcher.search("", date_to="2017").total == 1
    assert searcher.search("", source=["reuters", "yonhap"]).total == 6
    assert searcher.search("", person=["Shinzo Abe"]).total == 1  # accents folded


def test_name_that_matches_nothing_suggests_nearest(searcher):
    with pytest.raises(NameNotFound) as caught:
        searcher.search("", person=["Xi Jinpin"])
    assert caught.value.suggestions[0] == "Xi Jinping"
    assert caught.value.option == "--person"
    with pytest.raises(NameNotFound) as caught:
        searcher.search("", source=["Reuter"])
    assert caught.value.suggestions == ["Reuters"]
    with pytest.raises(NameNotFound):
        searcher.search('people:"Nobody Here"')


def test_bad_options(searcher):
    for kwargs, option in (
        ({"year": ["20x8"]}, "--year"),
        ({"date_from": "2019-13"}, "--from"),
        ({"date_from": "2020", "date_to": "2019"}, "--from"),
        ({"sort": "best"}, "--sort"),
        ({"facets": ["colour"]}, "--facet"),
        ({"limit": -1}, "--limit"),
        ({"page": 0}, "--page"),
        ({"facet_limit": 0}, "--facet-limit"),
    ):
        with pytest.raises(QueryError) as caught:
            searcher.search("kim", **kwargs)
        assert caught.value.option == option


def test_facets_count_all_hits_not_just_the_page(searcher):
    results = searcher.search("", limit=1, facets=["leaders", "year", "source", "people", "month"], facet_limit=3)
    assert len(results.hits) == 1
    assert facet(results, "leaders") == [("Kim Jong Un", 6), ("Donald Trump", 3), ("Moon Jae-in", 3)]
    # years: the most frequent three, in time order, then the undated articles
    assert facet(results, "year") == [(2017, 1), (2018, 3), (2019, 5), ("undated", 1)]  # 2017 and 2020 tie: earlier wins
    assert facet(results, "source") == [("Reuters", 4), ("Yonhap", 2), ("Koryo News", 1), ("(unknown)", 1)]
    assert facet(results, "month") == [("2017-04", 1), ("2018-04", 1), ("2019-06", 2), ("undated", 1)]
    assert all(isinstance(v.value, int) for v in results.facets["year"][:-1])


def test_both_facet_counting_strategies_agree(searcher, monkeypatch):
    from search import facets

    expected = searcher.search("", facets=["people", "year"], limit=0).facets
    monkeypatch.setattr(facets, "_READ", 0)
    monkeypatch.setattr(facets, "_TALLY", 10**9)  # force counting by value sets
    by_value = searcher.search("", facets=["people", "year"], limit=0).facets
    monkeypatch.setattr(facets, "_TALLY", 0)  # force counting by document
    by_document = searcher.search("", facets=["people", "year"], limit=0).facets
    assert expected == by_value == by_document
    assert dict((v.value, v.count) for v in expected["people"])["Kim Jong Un"] == 6


def test_paging(searcher):
    first = searcher.search("", limit=4, page=1)
    third = searcher.search("", limit=4, page=3)
    assert (first.total, len(first.hits), len(third.hits), first.pages) == (11, 4, 3, 3)
    everything = searcher.search("", limit=11)
    assert [h.id for h in everything.hits[8:]] == [h.id for h in third.hits]
    assert searcher.search("", limit=4, page=9).hits == ()
    assert searcher.search("", limit=0).hits == ()


def test_ties_break_by_newer_date(searcher):
    results = searcher.search("source:reuters")  # no scored words: every score ties
    assert [h.date for h in results.hits] == ["2020-01-15", "2019-06-29", "2019-02-28", "2018-06-12"]


def test_snippet_marks_query_terms(searcher):
    hit = searcher.search("denuclearization").hits[0]
    assert hit.snippet.text == "…without an agreement on sanctions relief or denuclearization steps."
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.spans] == ["denuclearization"]
    hit = searcher.search("marathon runners").hits[0]
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.spans] == ["runners", "marathon"]


def test_hit_record(searcher):
    hit = searcher.search("dalian").hits[0]
    assert dataclasses.asdict(hit)["paths"] == ("fixtures/news-01.txt",)
    data = hit.to_dict()
    assert list(data) == [
        "id", "headline", "date", "year", "source", "collection", "people", "leaders", "paths", "score", "snippet", "path"
    ]
    assert data["people"] == ["Kim Jong Un", "Xi Jinping"] and data["year"] == 2018 and data["path"] == "fixtures/news-01.txt"


def test_show_whole_article_by_id_or_prefix(searcher):
    hit = searcher.search("dalian").hits[0]
    article = searcher.show(hit.id)
    assert article.body.startswith("North Korean leader Kim Jong Un met Chinese President Xi Jinping")
    assert article.url == "https://example.org/news/1" and article.authors == ("Staff Writer",)
    assert searcher.show(hit.id[:6]).id == hit.id
    with pytest.raises(ArticleNotFound, match="no article with id 'ffffffffffffffff'"):
        searcher.show("ffffffffffffffff")


def test_similar_finds_articles_sharing_key_terms(searcher):
    hanoi = searcher.search("hanoi").hits[0]
    results = searcher.similar(hanoi.id, limit=3)
    assert hanoi.id not in [h.id for h in results.hits]
    assert results.hits[0].headline in ("Trump and Kim sign statement in Singapore", "Moon and Kim hold summit at Panmunjom")
    assert searcher.similar(hanoi.id, year=["2017"]).total == 0


def test_timeline_fills_gaps(searcher):
    timeline = searcher.timeline("kim", by="year")
    assert [(b.value, b.count) for b in timeline.buckets] == [(2018, 3), (2019, 2)]
    assert timeline.undated == 1 and timeline.total == 6
    months = searcher.timeline("trade", by="month")
    assert [(b.value, b.count) for b in months.buckets] == [("2019-06", 1), ("2019-07", 0), ("2019-08", 0),
                                                            ("2019-09", 0), ("2019-10", 0), ("2019-11", 0),
                                                            ("2019-12", 0), ("2020-01", 1)]
    with pytest.raises(QueryError):
        searcher.timeline("kim", by="fortnight")


def test_did_you_mean(searcher):
    results = searcher.search("pyongyong marathon", match="all")
    assert results.total == 0 and results.suggestion == "pyongyang marathon"
    assert searcher.search("zzzzqqq").suggestion is None
    assert searcher.search("dalian").suggestion is None


def test_stop_words_only_match_nothing(searcher):
    assert searcher.search("the of").total == 0


def test_searcher_over_an_open_index_with_deletions(tmp_path):
    from whoosh.filedb.filestore import FileStorage

    from index.schema import build_schema, document

    records = search_fixtures.articles()
    index = FileStorage(str(tmp_path)).create_index(build_schema())
    writer = index.writer()
    for article in records:
        writer.add_document(**document(article, [article.location]))
    writer.commit()
    writer = index.writer()
    writer.delete_by_term("id", records[0].id)  # the Dalian article
    writer.commit()
    with search.Searcher(index) as searcher:
        assert searcher.search("dalian").total == 0
        assert searcher.search("", limit=0, facets=["source"]).total == 10
        assert ("Press TV", 1) not in facet(searcher.search("", facets=["source"]), "source")
        with pytest.raises(ArticleNotFound):
            searcher.show(records[0].id)


def test_missing_index(tmp_path):
    from index.errors import IndexMissing

    with pytest.raises(IndexMissing):
        search.open(tmp_path / "none")


def test_search_imports_no_corpus_or_parsers():
    import subprocess
    import sys

    code = (
        "import sys, search; s = search.Searcher; import search.query, search.render, search.batch; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('corpus', 'nltk', 'bs4', 'lxml')]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_python_example_runs(index_dir, tmp_path, monkeypatch, capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## From Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 5
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".demo-index").symlink_to(index_dir)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 [(2018, 1), (2019, 1)]"
    # "Kim" in the headline ranks Dalian first
    assert out[1] == "[('2018-05-08', 'Kim and Xi meet in Dalian'), ('2019-06-21', 'Xi visits Pyongyang for first time')]"


QUERY_PIECES = st.sampled_from([
    "kim", "summit", "xi", "the", "OR", "AND", "NOT", "(", ")", '"', "people:", "year:", "date:", "source:",
    "headline:", "foo:", "[", "]", "{", "}", " TO ", "2018", "2019-06", "*", "~", "^2", "-", ":", "pyong", "\u00e9",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(QUERY_PIECES, max_size=8).map("".join) | st.text(max_size=20))
def test_any_query_answers_or_raises_query_error(searcher, text):
    try:
        results = searcher.search(text, facets=["year"])
    except QueryError as error:
        assert error.message  # says what was wrong
    else:
        assert results.total >= len(results.hits)
        assert sum(v.count for v in results.facets["year"]) <= results.total


def test_cache_keeps_within_its_budget_dropping_least_recently_used():
    from search.cache import LRU

    cache = LRU(10, weigh=len)
    made = []

    def make(value):
        made.append(value)
        return value

    assert cache.get_or("a", lambda: make("aaaa")) == "aaaa"
    cache.get_or("b", lambda: make("bbbb"))
    cache.get_or("a", lambda: make("never"))  # a hit: "a" becomes the most recent
    cache.get_or("c", lambda: make("cccc"))  # 12 > 10: "b" goes
    assert (len(cache), cache.used) == (2, 8)
    cache.get_or("b", lambda: make("bbbb"))
    assert made == ["aaaa", "bbbb", "cccc", "bbbb"]
    cache.get_or("huge", lambda: "x" * 50)  # alone over budget: kept, everything else dropped
    assert len(cache) == 1


def test_per_document_tables_are_saved_beside_the_index_and_reused(tmp_path, monkeypatch):
    from index.store import current_generation
    from search import facets, tables

    monkeypatch.setattr(facets, "_TALLY", 0)  # count by document, which builds the tables
    directory = search_fixtures.build(tmp_path / "index")
    with search.open(directory) as first:
        expected = first.search("", facets=["people", "month"], limit=0).facets
    saved = current_generation(directory) / tables.FILENAME
    assert saved.is_file()
    with search.open(directory) as second:
        second.view._read_postings = None  # a second process must not read the postings again
        assert second.search("", facets=["people", "month"], limit=0).facets == expected
        assert set(second.view._saved) >= {"people", "month"}


def test_unwritable_or_damaged_tables_are_ignored(tmp_path, monkeypatch):
    import os

    from index.store import current_generation
    from search import facets, tables

    monkeypatch.setattr(facets, "_TALLY", 0)
    directory = search_fixtures.build(tmp_path / "index")
    generation = current_generation(directory)
    (generation / tables.FILENAME).write_bytes(b"not a pickle")
    # The temporary file cannot be created: a directory stands in its way.
    (generation.parent / f".{generation.name}-{tables.FILENAME}.{os.getpid()}.tmp").mkdir()
    with search.open(directory) as searcher:
        counts = {v.value: v.count for v in searcher.search("", facets=["source"]).facets["source"]}
        assert counts["Reuters"] == 4
    assert (generation / tables.FILENAME).read_bytes() == b"not a pickle"


def test_doc_table_tallies_alike_by_rows_and_by_first_values():
    from array import array

    from search.view import DocTable

    first = array("i", [0, -1, 1, 0, 2] + [-1] * 60)
    more = {0: (2,), 3: (1, 2)}
    docs = [0, 1, 2, 3, 4]
    sparse = DocTable(first, more)  # few documents with several values: first + extras
    assert len(sparse.more) * 8 <= len(sparse.first)
    assert sparse.tally(docs) == {0: 2, 1: 2, 2: 3}
    dense = DocTable(array("i", [0, -1, 1, 0, 2]), more)  # many: whole rows
    assert dense.tally(docs) == {0: 2, 1: 2, 2: 3}
    assert dense.rows == [(0, 2), (), (1,), (0, 1, 2), (2,)]
    many = DocTable(array("i", [0, -1, 1, 0, 2] + [1] * 95), {n: (2,) for n in range(0, 100, 7)})
    assert len(many.more) * 8 > len(many.first)
    assert many.tally([0, 1, 3]) == {0: 2, 2: 1}
    assert "rows" not in many.__dict__  # a few hits: no row built for every document
    assert many.tally(list(range(100))) == {0: 2, 1: 96, 2: 16}
    assert "rows" in many.__dict__
    from search import tables

    saved = tables.decode(tables.encode([0], {"f": (["a", "b", "c"], dense)}), [0], 5)["f"][1]
    assert "rows" not in saved.__dict__  # rows are rebuilt, never saved
    assert saved.tally(docs) == dense.tally(docs)


def test_headline_marks(searcher):
    hit = searcher.search("summit hanoi").hits[0]
    assert [hit.headline[s:e] for s, e in hit.headline_spans] == ["Hanoi", "summit"]
    assert searcher.search("", limit=1).hits[0].headline_spans == ()
