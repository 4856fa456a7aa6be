"""Index-building helpers and fixtures other test modules can reuse.

Import the fixtures into a test module (``from tests.index_fixtures import reuters_index``).
Each real-corpus index is built once per test session, whichever modules ask for it: the
build is keyed by a directory under pytest's session base temp.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, shared_path

LEADERS = ("Kim Jong Un", "Donald Trump", "Moon Jae-in", "Xi Jinping")
TOPICS = ("trade talks", "nuclear summit", "tariffs", "missile test", "sanctions", "border visit")


def article_record(file: int, number: int, tag: str = "") -> dict:
    """A synthetic JSON-lines article (written by us; no real text)."""
    leader = LEADERS[(file + number) % len(LEADERS)]
    topic = TOPICS[(file * 7 + number) % len(TOPICS)]
    year = 2017 + (file + number) % 6
    return {
        "title": f"{leader} discusses {topic} in meeting {file}-{number}{tag}",
        "date": f"{year}-{1 + number % 12:02d}-{1 + file % 28:02d}",
        "source": ("Wire Service", "Daily Planet", "Evening Post")[number % 3],
        "text": (
            f"{leader} held talks on {topic} on day {number} of the series {file}{tag}. "
            f"Officials said the meeting number {number} covered {topic} and regional security.\n\n"
            f"A second paragraph adds detail {file * 1000 + number} about the {topic} agenda."
        ),
    }


def write_corpus(folder: Path, files: int, per_file: int, start: int = 0) -> list[Path]:
    """``files`` JSON-lines files of ``per_file`` distinct articles each, under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file in range(start, start + files):
        path = folder / f"batch-{file:03d}.jsonl"
        lines = (json.dumps(article_record(file, number)) for number in range(per_file))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def hold_lock(directory: Path) -> subprocess.Popen:
    """A process that takes the index's write lock and sleeps; returns once it holds it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from index.lock import write_lock\n"
            "with write_lock(Path(sys.argv[1])):\n"
            "    print('locked', flush=True); time.sleep(60)",
            str(directory),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def built_index(tmp_path_factory: pytest.TempPathFactory, name: str, paths: list[Path]) -> Path:
    """The index of ``paths`` in a session-wide directory, built on first request."""
    from index.build import build
    from index.store import current_generation

    directory = tmp_path_factory.getbasetemp() / f"index-{name}"
    if current_generation(directory) is None:
        build(paths, directory)
    return directory


@pytest.fixture(scope="session")
def reuters_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of all of Reuters-21578 (built once per session)."""
    return built_index(tmp_path_factory, "reuters", [shared_path("reuters21578")])


@pytest.fixture(scope="session")
def mixed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index holding the seeds, BBC and the built-in sample corpus."""
    from importlib.resources import files

    sample = Path(str(files("corpus") / "sample"))
    if not sample.is_dir():
        pytest.skip("the built-in sample corpus (corpus/sample) is not there yet")
    return built_index(
        tmp_path_factory, "mixed", [shared_path("seeds"), shared_path("bbc"), sample]
    )
