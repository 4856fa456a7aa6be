"""Incremental building: what is re-read, added, updated, removed, and how paths are kept."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from index import store
from index.build import build
from index.errors import IndexMissing, IndexOutdated
from index.schema import split_names
from tests.index_fixtures import article_record, write_corpus


def doc_count(directory: Path) -> int:
    with store.open_index(directory).searcher() as searcher:
        return searcher.doc_count()


def stored(directory: Path) -> dict[str, dict]:
    with store.open_index(directory).searcher() as searcher:
        return {doc["id"]: doc for doc in searcher.documents()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "corpus", files=4, per_file=5)
    return tmp_path / "corpus"


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


def test_first_build_indexes_every_article_with_its_location(corpus, index_dir):
    report = build([corpus], index_dir, jobs=1)
    assert (report.added, report.updated, report.removed, report.unchanged) == (20, 0, 0, 0)
    assert (report.files_read, report.articles, report.documents) == (4, 20, 20)
    docs = stored(index_dir)
    assert len(docs) == doc_count(index_dir) == 20
    first = str((corpus / "batch-000.jsonl").resolve())
    assert sorted(p for d in docs.values() for p in d["paths"] if p.startswith(first)) == [
        f"{first}#{n}" for n in range(1, 6)
    ]
    assert {d["date"][:4] for d in docs.values()} <= {str(y) for y in range(2017, 2023)}


def test_second_run_reads_nothing_and_commits_nothing(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    before = store.current_generation(index_dir)
    report = build([corpus], index_dir, jobs=1)
    assert (report.files_read, report.files_unchanged, report.unchanged) == (0, 4, 20)
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert not report.committed
    assert store.current_generation(index_dir) == before


def test_touched_file_is_hashed_but_not_parsed(corpus, index_dir, monkeypatch):
    build([corpus], index_dir, jobs=1)
    parsed = []
    import corpus.pipeline as pipeline

    real = pipeline.read_path
    monkeypatch.setattr(pipeline, "read_path", lambda path, *a: parsed.append(path) or real(path, *a))
    target = corpus / "batch-002.jsonl"
    os.utime(target, ns=(1, 1))
    report = build([corpus], index_dir, jobs=1)
    assert parsed == []
    assert (report.files_read, report.unchanged, report.added + report.updated) == (0, 20, 0)
    # the new mtime is recorded: the next run does not even hash the file
    assert build([corpus], index_dir, jobs=1).committed is False


def test_editing_one_file_reindexes_only_its_articles(corpus, index_dir, monkeypatch):
    build([corpus], index_dir, jobs=1)
    written = []
    import index.schema as schema

    real = schema.document
    monkeypatch.setattr(schema, "document", lambda article, paths, *rest: written.append(article.id) or real(article, paths, *rest))
    target = corpus / "batch-001.jsonl"
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps(article_record(1, 2, tag=" (corrected)"))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([corpus], index_dir, jobs=1)
    assert (report.files_read, report.files_unchanged) == (1, 3)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 19)
    assert len(written) == 1  # one document written: the edited article
    docs = stored(index_dir)
    assert len(docs) == 20
    assert sum("(corrected)" in d["headline"] for d in docs.values()) == 1


def test_deleted_file_has_its_articles_removed(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    (corpus / "batch-003.jsonl").unlink()
    report = build([corpus], index_dir, jobs=1)
    assert (report.removed, report.files_removed, report.unchanged) == (5, 1, 15)
    assert doc_count(index_dir) == 15


def test_other_corpora_in_the_same_index_are_left_alone(tmp_path, index_dir):
    write_corpus(tmp_path / "a", files=2, per_file=3)
    write_corpus(tmp_path / "b", files=2, per_file=3, start=10)
    build([tmp_path / "a"], index_dir, jobs=1)
    report = build([tmp_path / "b"], index_dir, jobs=1)
    assert (report.added, report.removed, report.unchanged) == (6, 0, 6)
    assert doc_count(index_dir) == 12


def test_same_article_at_two_paths_is_one_document_with_both_paths(corpus, index_dir):
    copy = corpus / "copy" / "again.jsonl"
    copy.parent.mkdir()
    copy.write_bytes((corpus / "batch-000.jsonl").read_bytes())
    report = build([corpus], index_dir, jobs=1)
    assert (report.articles, report.documents) == (25, 20)
    docs = stored(index_dir)
    assert len(docs) == 20
    both = [d for d in docs.values() if len(d["paths"]) == 2]
    assert len(both) == 5
    assert all(any("again.jsonl#" in p for p in d["paths"]) for d in both)

    # Deleting one copy keeps the documents, with the remaining path only.
    copy.unlink()
    report = build([corpus], index_dir, jobs=1)
    assert (report.removed, report.articles, report.documents) == (5, 20, 20)
    docs = stored(index_dir)
    assert all(len(d["paths"]) == 1 for d in docs.values())
    assert len(docs) == 20
    # rebuilt from stored fields: still findable by the fields that are not stored as such
    from whoosh.qparser import QueryParser

    ix = store.open_index(index_dir)
    with ix.searcher() as searcher:
        headline = next(d for d in docs.values() if d["paths"][0].endswith("batch-000.jsonl#1"))
        leader = split_names(headline["leaders"])[0]
        hits = searcher.search(QueryParser("names", ix.schema).parse(f'"{leader}"'), limit=None)
        assert headline["id"] in {hit["id"] for hit in hits}


def test_rebuild_starts_afresh(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    report = build([corpus], index_dir, rebuild=True, jobs=1)
    assert (report.added, report.unchanged, report.files_read) == (20, 0, 4)
    assert doc_count(index_dir) == 20


def test_bad_files_are_reported_and_never_remove_good_articles(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    (corpus / "broken.jsonl").write_bytes(b"\x00\x01\x02 not text")
    good = corpus / "batch-001.jsonl"
    good.write_bytes(b"\x00\xff\x00 corrupted")  # was readable: its articles must stay
    report = build([corpus], index_dir, jobs=1)
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(skipped) == {"broken.jsonl", "batch-001.jsonl"}
    assert "kept its 5 articles" in skipped["batch-001.jsonl"]
    assert (report.removed, report.added) == (0, 0)
    assert doc_count(index_dir) == 20


def test_a_bad_record_costs_that_record_only(tmp_path, index_dir):
    folder = tmp_path / "c"
    folder.mkdir()
    lines = [json.dumps(article_record(0, n)) for n in range(3)]
    lines.insert(1, "{ this is not json")
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([folder], index_dir, jobs=1)
    assert report.added == 3
    assert [Path(s.path).name for s in report.skipped] == ["mixed.jsonl"]
    # reported again on a no-change run, from the manifest
    again = build([folder], index_dir, jobs=1)
    assert [Path(s.path).name for s in again.skipped] == ["mixed.jsonl"]


def test_parallel_reading_gives_the_same_index(corpus, tmp_path):
    serial = build([corpus], tmp_path / "one", jobs=1)
    parallel = build([corpus], tmp_path / "two", jobs=2)
    assert (serial.added, serial.documents) == (parallel.added, parallel.documents)
    assert stored(tmp_path / "one").keys() == stored(tmp_path / "two").keys()


def test_parallel_writer_for_large_batches(tmp_path, monkeypatch):
    import index.build as build_module

    monkeypatch.setattr(build_module, "PARALLEL_WRITE_MIN", 10)
    write_corpus(tmp_path / "c", files=3, per_file=10)
    report = build([tmp_path / "c"], tmp_path / "ix", jobs=2)
    assert report.added == 30
    assert doc_count(tmp_path / "ix") == 30


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissing, match=r"run `gazette index PATH\.\.\.`"):
        store.open_index(tmp_path / "nothing")


def test_outdated_schema_asks_for_a_rebuild(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    meta_path = store.current_generation(index_dir) / store.META
    meta = json.loads(meta_path.read_text())
    meta["schema_version"] = 0
    meta_path.write_text(json.dumps(meta))
    store.seal(meta_path.parent)  # as another version would have written and sealed it
    with pytest.raises(IndexOutdated, match=r"gazette index --rebuild"):
        store.open_index(index_dir)
    with pytest.raises(IndexOutdated):
        build([corpus], index_dir, jobs=1)
    assert build([corpus], index_dir, rebuild=True, jobs=1).added == 20
    assert doc_count(index_dir) == 20


def test_aliases_hold_gazetteer_and_indexed_people(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    aliases = store.read_aliases(index_dir)
    assert aliases["kim jong un"] == "Kim Jong Un"
    assert aliases["moon jaein"] == aliases["moon jae in"] == "Moon Jae-in"


def test_old_generations_are_pruned(corpus, index_dir):
    build([corpus], index_dir, jobs=1)
    for n in range(3):
        (corpus / f"extra-{n}.jsonl").write_text(json.dumps(article_record(50 + n, 0)) + "\n")
        build([corpus], index_dir, jobs=1)
    names = sorted(p.name for p in store.generations(index_dir))
    assert names == ["gen-000003", "gen-000004"]  # the current one and the one before
    assert store.current_generation(index_dir).name == "gen-000004"


def test_columns_read_right_across_segments_missing_a_column(tmp_path):
    """Whoosh's MultiReader.column_reader skips segments without the column (fixed in
    index.whoosh_fixes): values must come from the right document in every segment."""
    from whoosh.filedb.filestore import FileStorage

    from index.schema import build_schema

    storage = FileStorage(str(tmp_path))
    ix = storage.create_index(build_schema())
    with ix.writer() as writer:  # segment 1: undated
        for n in range(3):
            writer.add_document(id=f"u{n}", headline="undated", body="x")
    with ix.writer(merge=False) as writer:  # segment 2: dated
        for n in range(3):
            writer.add_document(id=f"d{n}", headline="dated", body="x", date=f"2019-01-0{n + 1}")
    from index import whoosh_fixes

    whoosh_fixes.apply()
    with ix.reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
        dates = reader.column_reader("date")
        got = {reader.stored_fields(n)["id"]: dates[n] for n in reader.all_doc_ids()}
    assert got == {"u0": "", "u1": "", "u2": "", "d0": "2019-01-01", "d1": "2019-01-02", "d2": "2019-01-03"}


def test_cached_field_lengths_match_what_was_written(tmp_path):
    from whoosh.filedb.filestore import FileStorage
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from index import whoosh_fixes
    from index.schema import build_schema

    whoosh_fixes.apply()
    ix = FileStorage(str(tmp_path)).create_index(build_schema())
    sizes = [1, 2, 5, 17, 40, 130, 600]
    with ix.writer() as writer:
        for n, size in enumerate(sizes):
            writer.add_document(id=str(n), body=" ".join(f"word{i}" for i in range(size)))
    with ix.reader() as reader:
        got = [reader.doc_field_length(n, "body") for n in range(len(sizes))]
        assert got == [byte_to_length(length_to_byte(size)) for size in sizes]
        assert reader.doc_field_length(0, "id", default=7) == 7  # a field without lengths


def test_an_index_inside_the_corpus_folder_is_not_read_as_articles(corpus):
    index_dir = corpus / ".." / "corpus" / "my-index"
    build([corpus], index_dir, jobs=1)
    report = build([corpus], index_dir, jobs=1)
    assert (report.files_read, report.files_unchanged, report.articles) == (0, 4, 20)
    assert not report.skipped


def test_a_build_writes_the_search_tables_the_first_search_uses(corpus, index_dir):
    import search
    from search import tables
    from search.view import FieldValues

    build([corpus], index_dir, jobs=1)
    write_corpus(corpus, files=1, per_file=5, start=4)
    build([corpus], index_dir, jobs=1)  # an incremental build writes them too
    saved = store.current_generation(index_dir) / tables.FILENAME
    before = (saved.read_bytes(), saved.stat().st_mtime_ns)
    with search.open(index_dir) as searcher:
        found = tables.load(searcher.view)
        assert sorted(found) == sorted(tables.FIELDS)
        searcher.view.remember = lambda *built: None  # the tables built again below stay here
        for field, (values, table) in found.items():
            fresh = FieldValues(searcher.view, field)
            assert (values, list(table.first), table.more) == (fresh.values, list(fresh.table.first), fresh.table.more)
        searcher.search("talks", facets=["people", "year", "source"], sort="date")
    assert (saved.read_bytes(), saved.stat().st_mtime_ns) == before  # used, not written again
