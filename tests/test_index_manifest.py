"""The manifest store (index.manifest): an incremental run reads only the rows of the files it
changes, keeps the stored people statistics equal to a recount, and an index whose manifest
is in the former JSON format still opens and is migrated by its next build."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import manifest as mf
from index import store
from index.build import _corpus_names, build
from tests.index_fixtures import write_corpus


def documents(index_dir: Path) -> dict[str, list[str]]:
    """id -> paths stored in the index's documents."""
    with store.open_index(index_dir).searcher() as searcher:
        return {doc["id"]: sorted(doc["paths"]) for doc in searcher.documents()}


def recount(manifest: mf.Manifest):
    return mf.people_counts(row for entry in manifest.entries().values() for row in entry["articles"])


def test_an_added_file_reads_no_other_file_rows(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    write_corpus(corpus, files=6, per_file=4)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    [added] = write_corpus(corpus, files=1, per_file=4, start=6)
    read: list[str] = []
    real_rows = mf.Manifest.rows

    def rows(self, path, entry=None):
        if entry is None or "articles" not in entry:
            read.append(path)
        return real_rows(self, path, entry)

    monkeypatch.setattr(mf.Manifest, "rows", rows)
    report = build([corpus], index_dir, jobs=1)
    assert (report.added, report.unchanged, report.articles, report.documents) == (4, 24, 28, 28)
    assert read == []  # no stored row was read: nothing else changed
    monkeypatch.undo()
    assert len(documents(index_dir)) == 28
    manifest = mf.Manifest.open(store.current_generation(index_dir))
    assert manifest.people() == recount(manifest)
    assert manifest.files[str(added)]["count"] == 4


def test_an_edited_file_reads_its_own_rows_only(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    paths = write_corpus(corpus, files=3, per_file=4)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    lines = paths[1].read_text(encoding="utf-8").splitlines()
    paths[1].write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # two articles fewer
    read: list[str] = []
    real_rows = mf.Manifest.rows
    monkeypatch.setattr(mf.Manifest, "rows", lambda self, path, entry=None: read.append(path) or real_rows(self, path, entry))
    report = build([corpus], index_dir, jobs=1)
    assert (report.removed, report.unchanged, report.documents) == (2, 10, 10)
    assert set(read) == {str(paths[1])}
    monkeypatch.undo()
    assert len(documents(index_dir)) == 10


def _legacy(index_dir: Path) -> None:
    """Turn the committed generation into one written before manifest.sqlite: manifest.json."""
    generation = store.current_generation(index_dir)
    entries = mf.Manifest.open(generation).entries()
    files = {path: {key: value for key, value in entry.items() if key != "count"} for path, entry in entries.items()}
    (generation / mf.FILENAME).unlink()
    store.write_json(generation / mf.LEGACY, {"format": mf.FORMAT, "files": files})
    store.seal(generation)


def test_an_index_with_a_json_manifest_opens_and_migrates(tmp_path):
    corpus = tmp_path / "c"
    write_corpus(corpus, files=3, per_file=4)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    before = documents(index_dir)
    _legacy(index_dir)
    unchanged = build([corpus], index_dir, jobs=1)
    assert (unchanged.committed, unchanged.unchanged, unchanged.documents) == (False, 12, 12)
    write_corpus(corpus, files=1, per_file=4, start=3)
    report = build([corpus], index_dir, jobs=1)
    assert (report.added, report.unchanged, report.documents) == (4, 12, 16)
    generation = store.current_generation(index_dir)
    assert (generation / mf.FILENAME).exists() and not (generation / mf.LEGACY).exists()
    manifest = mf.Manifest.open(generation)
    assert len(manifest.files) == 4
    assert manifest.people() == recount(manifest)
    after = documents(index_dir)
    assert {doc: paths for doc, paths in after.items() if doc in before} == before and len(after) == 16


def test_the_same_article_in_two_files_keeps_both_paths_when_one_changes(tmp_path):
    corpus = tmp_path / "c"
    [first] = write_corpus(corpus, files=1, per_file=3)
    twin = corpus / "twin.jsonl"
    twin.write_bytes(first.read_bytes())
    index_dir = tmp_path / "ix"
    assert build([corpus], index_dir, jobs=1).documents == 3
    lines = first.read_text(encoding="utf-8").splitlines()
    first.write_text(lines[0] + "\n", encoding="utf-8")
    report = build([corpus], index_dir, jobs=1)
    assert report.documents == 3
    paths = documents(index_dir)
    assert sorted(len(where) for where in paths.values()) == [1, 1, 2]


NAMES = ("Anna Berg", "Karl Berg", "Anna Berg", "Lena Holm", "Jon Holm", "Mei Tan", "Mei-Ling Tan", "Tan", "Berg")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(NAMES), max_size=4), st.lists(st.sampled_from(("Berg", "Holm", "Tan")), max_size=2)),
                max_size=12))
def test_stored_counts_teach_the_resolver_what_every_article_would(articles):
    from corpus.people import CorpusNames, Found
    from corpus.pipeline import load_gazetteer

    gazetteer = load_gazetteer(())
    found = [Found(people=tuple(dict.fromkeys(people)), loose=tuple(loose)) for people, loose in articles]
    one_by_one = CorpusNames(gazetteer)
    for item in found:
        one_by_one.learn(item)
    rows = [[str(number), None, list(item.people), list(item.loose)] for number, item in enumerate(found)]
    from_counts = _corpus_names(gazetteer, mf.people_counts(rows))
    assert [from_counts.resolve(item) for item in found] == [one_by_one.resolve(item) for item in found]


def test_a_damaged_manifest_row_is_named(tmp_path):
    import sqlite3

    corpus = tmp_path / "c"
    write_corpus(corpus, files=2, per_file=2)
    index_dir = tmp_path / "ix"
    build([corpus], index_dir, jobs=1)
    generation = store.current_generation(index_dir)
    with sqlite3.connect(generation / mf.FILENAME) as connection:
        connection.execute("UPDATE articles SET people = '{not json'")
    connection.close()
    manifest = mf.Manifest.open(generation)
    with pytest.raises(store.IndexDamaged, match=f"{generation.name}/{mf.FILENAME} cannot be read"):
        manifest.rows(next(iter(manifest.files)))


def test_a_build_spooling_every_parsed_file_writes_the_same_index(tmp_path):
    """read_mb=0: every file's parsed articles wait on disk between reading and writing (the
    memory bound); the index is the one an all-in-memory build writes, spool folder gone."""
    corpus = tmp_path / "c"
    paths = write_corpus(corpus, files=4, per_file=5)
    (corpus / "twin.jsonl").write_bytes(paths[0].read_bytes())  # the same articles at two paths
    held, spooled = tmp_path / "held", tmp_path / "spooled"
    first = build([corpus], held, jobs=2)
    second = build([corpus], spooled, jobs=2, read_mb=0)
    assert (second.added, second.documents) == (first.added, first.documents) == (25, 20)
    assert documents(spooled) == documents(held)
    with store.open_index(held).searcher() as one, store.open_index(spooled).searcher() as other:
        assert sorted(map(sorted, (d.items() for d in one.documents()))) == sorted(
            map(sorted, (d.items() for d in other.documents()))
        )
    assert not list(spooled.glob(".spool-*"))
