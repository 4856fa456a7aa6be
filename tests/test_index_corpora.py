"""Real corpora end to end: Reuters-21578, and seeds + BBC + the sample corpus in one index."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

import cli
from index import store
from index.build import build
from tests.conftest import shared_path
from tests.index_fixtures import mixed_index, reuters_index  # noqa: F401 (fixtures)


def stats(directory: Path) -> dict:
    result = CliRunner().invoke(cli.main, ["stats", "--index", str(directory), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stored_locations(directory: Path) -> Counter:
    """Locations per file name, from the paths stored in the index."""
    found: Counter = Counter()
    with store.open_index(directory).searcher() as searcher:
        for fields in searcher.all_stored_fields():
            for location in fields["paths"]:
                found[Path(location.split("#")[0]).name] += 1
    return found


def test_reuters_all_stories_indexed_and_dated_1987(reuters_index):
    locations = stored_locations(reuters_index)
    stories = sum(n for name, n in locations.items() if name.endswith(".sgm"))
    assert stories == 21_578
    # The collection's README, category notes and data files are not articles.
    assert sum(locations.values()) == stories
    with store.open_index(reuters_index).searcher() as searcher:
        story_docs = list(searcher.all_stored_fields())
    assert {doc.get("date", "")[:4] for doc in story_docs} == {"1987"}
    summary = stats(reuters_index)
    assert summary["articles"] == 21_578
    assert summary["date_range"]["first"][:4] == summary["date_range"]["last"][:4] == "1987"
    assert summary["years"]["1987"] == len(story_docs)
    # Word-for-word duplicate stories are one document each, with every location kept.
    assert len(story_docs) < stories
    assert sum(len([p for p in doc["paths"] if ".sgm#" in p]) for doc in story_docs) == stories
    assert summary["sources"][0]["name"] == "Reuters"
    assert "Ronald Reagan" in {row["name"] for row in summary["leaders"]}


def test_reuters_no_change_rerun_reads_nothing(reuters_index):
    report = build([shared_path("reuters21578")], reuters_index)
    assert report.files_read == 0 and not report.committed
    assert report.unchanged == report.articles == stats(reuters_index)["articles"]


def test_one_index_holds_seeds_bbc_and_sample(mixed_index):
    locations = stored_locations(mixed_index)
    folders = Counter()
    with store.open_index(mixed_index).searcher() as searcher:
        for fields in searcher.all_stored_fields():
            for location in fields["paths"]:
                path = Path(location.split("#")[0])
                if path.parent.parent.name == "bbc":  # bbc/<category>/<n>.txt
                    folders["bbc"] += 1
                elif path.parent.name == "seeds":
                    folders["seeds"] += 1
                elif "sample" in path.parts:
                    folders["sample"] += 1
    assert folders["seeds"] == 2
    assert folders["bbc"] == 2_225
    assert folders["sample"] >= 20
    summary = stats(mixed_index)
    assert summary["articles"] == sum(locations.values())
    assert {"Kim Jong Un", "Donald Trump"} <= {row["name"] for row in summary["leaders"]}
    aliases = store.read_aliases(mixed_index)
    assert aliases["kim jong un"] == "Kim Jong Un"
