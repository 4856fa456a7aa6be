"""The four-collection ranking benchmark's helpers: SMART files with CACM's oddity, the news
set's questions, and the experiments' patches undoing themselves."""
from __future__ import annotations

from benchmarks import ranking, ranking_compare, ranking_variants
from tests.conftest import shared_path


def test_smart_reader_skips_an_empty_trailing_record(tmp_path):
    path = tmp_path / "cacm.all"
    path.write_text(".I 1\n.T\nA title\n.B\nCACM June, 1960\n.I 2\n.T\nSecond\n.W\nText\n.I\n")
    assert ranking.read_smart(path) == {1: {"T": "A title", "B": "CACM June, 1960"}, 2: {"T": "Second", "W": "Text"}}


def test_news_questions_are_words_keyed_by_topic(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("# comment\ncrude\tWhat is OPEC doing to crude prices?\n\nship\tAre ports on strike?\n")
    assert ranking_compare.read_questions(path) == {"crude": "what is opec doing to crude prices",
                                                    "ship": "are ports on strike"}


def test_the_shipped_news_set_has_forty_distinct_topics():
    questions = ranking_compare.read_questions()
    assert len(questions) == 40 and all(len(text.split()) >= 3 for text in questions.values())


def test_cacm_reads_as_its_provenance_says():
    folder = shared_path("ir", "cacm")
    assert len(ranking.read_smart(folder / "cacm.all")) == 3204
    assert len(ranking.read_judgments(folder / "qrels.text")) == 52


def test_variants_restore_what_they_change():
    import search.ranking

    k1 = search.ranking.K1
    with ranking_variants.VARIANTS["k1=1.2"]():
        assert search.ranking.K1 == 1.2
    assert search.ranking.K1 == k1
    from search.searcher import Searcher

    ordered = Searcher._ordered
    with ranking_variants.proximity():
        assert Searcher._ordered is not ordered
    assert Searcher._ordered is ordered
