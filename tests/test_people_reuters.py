"""People recall on the real Reuters-21578 corpus, measured through the pipeline.

The ``<PEOPLE>`` tags are read here only to score the output; the pipeline never sees them.
A tag is matched by surname (its last token) against the people found in the same story.
Run ``python -m tests.test_people_reuters`` for the figures, misses and a precision sample.
"""
from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from corpus.gazetteer import Gazetteer
from corpus.names import fold, fold_variants
from corpus.pipeline import parse_paths
from tests.conftest import shared_path

_STORY = re.compile(r"<REUTERS\b.*?</REUTERS\s*>", re.S | re.I)
_PEOPLE = re.compile(r"<PEOPLE>(.*?)</PEOPLE>", re.S)
_D = re.compile(r"<D>(.*?)</D>")


def tagged_people(folder: Path) -> dict[tuple[str, int], list[str]]:
    """(file path, 1-based story position) -> the story's ``<PEOPLE>`` values."""
    tags = {}
    for path in sorted(folder.glob("*.sgm")):
        text = path.read_text(encoding="latin-1")
        for position, story in enumerate(_STORY.findall(text), 1):
            people = _PEOPLE.search(story)
            tags[(str(path), position)] = _D.findall(people.group(1)) if people else []
    return tags


def in_gazetteer(tag: str, gazetteer: Gazetteer) -> bool:
    """Whether a tag (``reagan``, ``zhao-ziyang``) names a gazetteer person."""
    key = fold(tag)
    return gazetteer.full(key) is not None or bool(gazetteer.shorts(key))


def surname_found(tag: str, people: tuple[str, ...]) -> bool:
    """The tag's last token is a surname token (not the first name) of someone found."""
    surname = fold(tag).split()[-1]
    for person in people:
        for variant in fold_variants(person):
            parts = variant.replace("'", " ").split()
            if surname == parts[-1] or surname in parts[1:]:
                return True
    return False


@dataclass
class Score:
    found: int = 0
    total: int = 0
    misses: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


@dataclass
class Measurement:
    known: Score
    others: Score
    stories: int
    extra_names: Counter[str]  # found people whose surname is in no tag of their story


def measure(folder: Path) -> Measurement:
    gazetteer = Gazetteer.load()
    tags = tagged_people(folder)
    known, others, extra = Score(), Score(), Counter()
    stories = 0
    for article in parse_paths(sorted(folder.glob("*.sgm")), on_problem=lambda problem: None):
        stories += 1
        story_tags = tags.get((article.path, article.position), [])
        for tag in story_tags:
            score = known if in_gazetteer(tag, gazetteer) else others
            score.total += 1
            if surname_found(tag, article.people):
                score.found += 1
            else:
                score.misses[tag] += 1
        for person in article.people:
            if not any(surname_found(tag, (person,)) for tag in story_tags):
                extra[person] += 1
    return Measurement(known, others, stories, extra)


@pytest.fixture(scope="module")
def reuters_measurement() -> Measurement:
    return measure(shared_path("reuters21578"))


@pytest.mark.slow
def test_reuters_people_recall(reuters_measurement: Measurement) -> None:
    result = reuters_measurement
    assert result.stories == 21578
    assert result.known.total > 500 and result.others.total > 500
    assert result.known.recall >= 0.99, result.known.misses.most_common(20)
    assert result.others.recall >= 0.95, result.others.misses.most_common(20)


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared/corpora/reuters21578"
    result = measure(folder)
    for label, score in (("gazetteer", result.known), ("others", result.others)):
        print(f"{label}: {score.found}/{score.total} = {score.recall:.2%}")
        print("  misses:", ", ".join(f"{tag} {n}" for tag, n in score.misses.most_common(40)))
    print(f"stories: {result.stories}; distinct names found outside tags: {len(result.extra_names)}")
    print("most frequent untagged:", ", ".join(f"{n} {c}" for n, c in result.extra_names.most_common(60)))
    sample = random.Random(1987).sample(sorted(result.extra_names), min(50, len(result.extra_names)))
    print("random sample of 50 untagged names:")
    for name in sample:
        print("  ", name)


if __name__ == "__main__":
    main(sys.argv)
