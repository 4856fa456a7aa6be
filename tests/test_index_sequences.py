"""Any sequence of index runs, with any gazetteers, paths and flags, keeps every article whose
file is still on disk; only files actually deleted, and then only when the removal is a small
share of their folder or was allowed (--prune), ever lose articles. A dry run changes nothing."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from index import manifest as mf
from index import store
from index.build import Removal, build, removal_is_safe

FOLDERS = ("north", "south")
PEOPLE = ("Zelda Quarrington-Voss", "Omar Fenwick-Blythe")


def indexed_files(index_dir: Path) -> dict[str, int]:
    """path -> number of articles, per the index's manifest."""
    generation = store.current_generation(index_dir)
    if generation is None:
        return {}
    files = mf.Manifest.open(generation).entries()
    return {path: len(entry["articles"]) for path, entry in files.items()}


def document_count(index_dir: Path) -> int:
    if store.current_generation(index_dir) is None:
        return 0
    with store.open_index(index_dir).searcher() as searcher:
        return searcher.doc_count()


class IndexRuns(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.top = Path(tempfile.mkdtemp(prefix="gazette-seq-"))
        self.index_dir = self.top / "ix"
        self.serial = 0
        for folder in FOLDERS:
            (self.top / folder).mkdir()
        self.gazetteers = []
        for number, person in enumerate(PEOPLE):
            path = self.top / f"people-{number}.tsv"
            path.write_text(f"{person}\t1\tNZ\tport chair\t\t\n", encoding="utf-8")
            self.gazetteers.append(path)

    def teardown(self) -> None:
        shutil.rmtree(self.top, ignore_errors=True)

    @initialize()
    def start_with_both_folders_indexed(self) -> None:
        for folder in FOLDERS:
            self.add_file(folder, 2)
        build([self.top / folder for folder in FOLDERS], self.index_dir, jobs=1)

    def files(self) -> list[Path]:
        return sorted(path for folder in FOLDERS for path in (self.top / folder).iterdir())

    @rule(folder=st.sampled_from(FOLDERS), articles=st.integers(1, 3))
    def add_file(self, folder: str, articles: int) -> None:
        self.serial += 1
        records = [
            {
                "title": f"Harbour report {self.serial}-{number}",
                "date": f"20{10 + number}-03-04",
                "text": f"{PEOPLE[(self.serial + number) % 2]} opened session {self.serial} part {number}.",
            }
            for number in range(articles)
        ]
        path = self.top / folder / f"file-{self.serial:03d}.jsonl"
        path.write_text("\n".join(map(json.dumps, records)) + "\n", encoding="utf-8")

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def edit_file(self, data) -> None:
        path = data.draw(st.sampled_from(self.files()))
        self.serial += 1
        path.write_text(path.read_text(encoding="utf-8").replace("opened", f"opened ({self.serial})"), encoding="utf-8")

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def delete_file(self, data) -> None:
        data.draw(st.sampled_from(self.files())).unlink()

    @rule(folder=st.sampled_from(FOLDERS))
    def empty_folder(self, folder: str) -> None:
        for path in (self.top / folder).iterdir():
            path.unlink()

    @rule(
        folders=st.lists(st.sampled_from(FOLDERS), min_size=1, max_size=2, unique=True),
        gazetteer=st.sampled_from((None, 0, 1)),
        prune=st.sampled_from((False, False, True)),
        rebuild=st.sampled_from((False, False, True)),
        dry_run=st.sampled_from((False, False, True)),
    )
    def index(self, folders, gazetteer, prune, rebuild, dry_run) -> None:
        before = indexed_files(self.index_dir)
        generation = store.current_generation(self.index_dir)
        roots = [self.top / folder for folder in folders]
        report = build(
            roots,
            self.index_dir,
            rebuild=rebuild,
            jobs=1,
            gazetteers=[] if gazetteer is None else [self.gazetteers[gazetteer]],
            allow_removal=lambda removal: prune,
            dry_run=dry_run,
        )
        after = indexed_files(self.index_dir)
        if dry_run:
            assert after == before and store.current_generation(self.index_dir) == generation
            return
        on_disk = {str(path) for path in self.files()}
        # Nothing still on disk loses its articles; everything under the paths is indexed.
        assert {path for path in before if path in on_disk} <= set(after)
        assert {path for path in on_disk if mf.is_under(path, roots)} <= set(after) | {s.path for s in report.skipped}
        # Files removed were deleted, and their folder's loss was small or allowed.
        lost = [path for path in before if path not in after]
        for root in {str(Path(path).parent) for path in lost}:
            gone = [path for path in lost if str(Path(path).parent) == root]
            removal = Removal(
                root,
                files=len(gone),
                articles=sum(before[path] for path in gone),
                of_articles=sum(count for path, count in before.items() if str(Path(path).parent) == root),
            )
            assert prune or removal_is_safe(removal), removal
        assert report.removed == sum(before[path] for path in lost) or rebuild
        assert report.articles == sum(after.values())

    @invariant()
    def every_location_has_its_document(self) -> None:
        generation = store.current_generation(self.index_dir)
        if generation is None:
            return
        manifest = mf.Manifest.open(generation)
        files = manifest.entries()
        assert document_count(self.index_dir) == len(mf.id_locations(files))
        # the stored people statistics are what counting every row gives
        assert manifest.people() == mf.people_counts(row for entry in files.values() for row in entry["articles"])


IndexRuns.TestCase.settings = settings(max_examples=25, stateful_step_count=8, deadline=None)
test_index_runs_never_lose_articles_silently = IndexRuns.TestCase
