"""Gazette's segment writer (index/postings.py) writes what Whoosh's own writer writes."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser
from whoosh.writing import SegmentWriter

from index import whoosh_fixes
from index.postings import PoolSegmentWriter, TermPool
from index.schema import build_schema, join_names
from tests.conftest import shared_path

WORDS = (
    "Kim Jong Un Moon Jae-in Xi Jinping Donald Trump summit talks Pyongyang Seoul Beijing nuclear "
    "sanctions the of and a meeting leaders said on Tuesday U.S. 3.5 billion Müller Élysée don't "
    "trade tariffs border Panmunjom ceasefire agreement"
).split()


def random_documents(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    people = ["Kim Jong Un", "Moon Jae-in", "Xi Jinping", "Donald Trump"]
    docs = []
    for number in range(count):
        named = rng.sample(people, rng.randint(0, 3))
        doc = {
            "id": f"doc{number:05d}",
            "paths": [f"/corpus/{number}.txt"],
            "headline": " ".join(rng.choices(WORDS, k=rng.randint(0, 9))),
            "body": " ".join(rng.choices(WORDS, k=rng.randint(0, 400))),
            "names": " ".join(named),
            "people": join_names(named),
            "leaders": join_names(named[:1]),
            "url": None,
            "authors": [],
            "date_from": "metadata",
        }
        if rng.random() < 0.8:
            year = rng.randint(2000, 2025)
            doc.update(date=f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", year=year)
            doc["month"] = doc["date"][:7]
        if rng.random() < 0.7:
            doc["source"] = rng.choice(["Reuters", "Associated Press", "Yonhap"])
        docs.append(doc)
    return docs


def write(directory: Path, docs: list[dict], writer_class: type, **kwargs) -> FileStorage:
    whoosh_fixes.apply()
    directory.mkdir(parents=True, exist_ok=True)
    ix = FileStorage(str(directory)).create_index(build_schema())
    writer = writer_class(ix, **kwargs)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def contents(ix) -> dict:
    """Everything a reader can see: every term's postings and statistics, stored fields,
    field lengths and sortable columns."""
    found: dict = {"terms": {}, "stored": [], "lengths": [], "columns": {}}
    with ix.reader() as reader:
        for field, tbytes in reader.all_terms():
            info = reader.term_info(field, tbytes)
            matcher = reader.postings(field, tbytes)
            postings = []
            while matcher.is_active():
                # A term without values (id, date...) reads b"" inlined and None from a block.
                postings.append((matcher.id(), matcher.weight(), matcher.value() or None))
                matcher.next()
            found["terms"][field, tbytes] = (
                postings,
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
            )
        for docnum in range(reader.doc_count_all()):
            found["stored"].append(reader.stored_fields(docnum))
            found["lengths"].append(
                tuple(reader.doc_field_length(docnum, name) for name in ("headline", "body", "names", "people"))
            )
        for name in ("date", "year", "source", "month"):
            found["columns"][name] = list(reader.column_reader(name))
    return found


def test_same_index_as_whoosh_writer(tmp_path: Path) -> None:
    docs = random_documents(400, seed=1)
    ours = contents(write(tmp_path / "ours", docs, PoolSegmentWriter, limitmb=64))
    theirs = contents(write(tmp_path / "whoosh", docs, SegmentWriter, limitmb=64))
    assert len(ours["terms"]) > 100
    # A common word fills several 128-posting blocks.
    assert max(len(postings) for postings, *_ in ours["terms"].values()) > 300
    assert ours == theirs


def test_spilled_runs_merge_to_the_same_index(tmp_path: Path) -> None:
    docs = random_documents(300, seed=2)
    whole = write(tmp_path / "whole", docs, PoolSegmentWriter, limitmb=64)
    spilled = write(tmp_path / "spilled", docs, PoolSegmentWriter, limitmb=0.02)  # ~170 postings a run
    assert contents(spilled) == contents(whole)
    assert not list(tmp_path.glob("spilled/*.pool")), "the runs are removed"


def test_spill_writes_runs_and_cleanup_removes_them(tmp_path: Path) -> None:
    pool = TermPool(str(tmp_path / "pool"), limitmb=0.0001)  # a run every posting
    pool.add(("body", b"summit", 0, 1.0, b"\x00\x01\x00"))
    pool.add(("body", b"summit", 3, 2.0, b"\x00\x01\x00\x02\x00"))
    pool.add(("body", b"kim", 3, 1.0, b"\x00\x05\x00"))
    assert len(list((tmp_path / "pool").iterdir())) == 3
    assert list(pool.iter_terms()) == [
        (("body", b"kim"), [3, 1.0, b"\x00\x05\x00"]),
        (("body", b"summit"), [0, 1.0, b"\x00\x01\x00", 3, 2.0, b"\x00\x01\x00\x02\x00"]),
    ]
    pool.cleanup()
    assert list((tmp_path / "pool").iterdir()) == []


def test_merging_segments_with_deletions_goes_through_the_pool(tmp_path: Path) -> None:
    """An incremental build: the new writer merges a small old segment (minus deleted
    documents) into its own, through TermPool.add."""
    docs = random_documents(120, seed=3)

    def build(directory: Path, writer_class: type) -> dict:
        ix = write(directory, docs[:60], writer_class)
        writer = writer_class(ix)
        for doc in docs[:10]:
            writer.delete_by_term("id", doc["id"])
        for doc in docs[60:]:
            writer.add_document(**doc)
        writer.commit(optimize=True)
        return contents(ix)

    ours, theirs = build(tmp_path / "ours", PoolSegmentWriter), build(tmp_path / "whoosh", SegmentWriter)
    assert len(ours["stored"]) == 110
    assert ours == theirs


def test_phrases_and_searches_work_on_compact_postings(tmp_path: Path) -> None:
    docs = random_documents(50, seed=4)
    docs[7]["body"] = "The leaders held talks in Panmunjom on Tuesday."
    ix = write(tmp_path / "ix", docs, PoolSegmentWriter)
    with ix.searcher() as searcher:
        hits = searcher.search(QueryParser("body", ix.schema).parse('"leaders held talks"'), limit=None)
        assert "doc00007" in [hit["id"] for hit in hits]
        assert all("leader" in hit["body"].lower() for hit in hits)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=12))
def test_any_text_gives_the_same_postings(tmp_path_factory, bodies: list[str]) -> None:
    docs = [{"id": str(n), "body": body, "headline": body[:10]} for n, body in enumerate(bodies)]
    base = tmp_path_factory.mktemp("any")
    assert contents(write(base / "ours", docs, PoolSegmentWriter)) == contents(write(base / "whoosh", docs, SegmentWriter))


@pytest.mark.shared
def test_reuters_file_indexes_the_same(tmp_path: Path) -> None:
    from corpus.pipeline import finish, load_gazetteer, read_path
    from corpus.people import CorpusNames
    from index.schema import document

    result = read_path(shared_path("reuters21578") / "reut2-003.sgm")
    names = CorpusNames()
    for draft in result.drafts:
        names.learn(draft.found)
    articles = {article.id: article for article in finish(result.drafts, names, load_gazetteer(()))}
    docs = [document(article, [article.location]) for article in articles.values()]
    assert len(docs) > 900
    ours = contents(write(tmp_path / "ours", docs, PoolSegmentWriter))
    assert ours == contents(write(tmp_path / "whoosh", docs, SegmentWriter))


def test_one_posting_terms_are_inlined_in_the_term_record(tmp_path: Path) -> None:
    ix = write(tmp_path / "ix", random_documents(200, seed=5), PoolSegmentWriter)
    with ix.reader() as reader:
        assert reader.term_info("id", b"doc00017").is_inlined()
        assert not reader.term_info("body", b"summit").is_inlined()
        matcher = reader.postings("id", b"doc00017")
        assert matcher.id() == 17 and reader.stored_fields(17)["id"] == "doc00017"
