"""Precision and recall of ``people`` on the hand-checked development sample (issue 10).

The sample (``benchmarks/people_sample.tsv``) names about 80 articles from BBC tech, sport and
entertainment, Reuters and SemEval (after its first 100 articles), each with every real person it
names. The articles are parsed with the folders they belong to, so that names are resolved
across a corpus as in a real run. A found name matches a label when both fold to the same key,
initials aside (``Mary J. Blige`` is ``Mary Blige``).

    .venv/bin/python benchmarks/people_sample.py          # figures, then every miss and extra
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import CORPORA  # noqa: E402
from corpus.names import fold  # noqa: E402
from corpus.pipeline import parse_paths  # noqa: E402

SAMPLE = Path(__file__).with_name("people_sample.tsv")
_INITIAL = re.compile(r"^[a-z]{1,2}$")


def read_sample(path: Path = SAMPLE) -> dict[str, tuple[str, ...]]:
    """Article location (``bbc/tech/017.txt``, ``reuters21578/reut2-007.sgm#384``) -> its people."""
    sample = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            location, _, names = line.partition("\t")
            sample[location] = tuple(name for name in names.split("|") if name.strip())
    return sample


def key(name: str) -> str:
    """A name's matching key: folded, apostrophes and initials dropped."""
    words = fold(name).replace("'", "").split()
    kept = [word for word in words if not _INITIAL.fullmatch(word)] if len(words) > 2 else words
    return " ".join(kept or words)


@dataclass
class Result:
    found: int = 0
    labelled: int = 0
    correct: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


def folders(sample: dict[str, tuple[str, ...]]) -> list[Path]:
    """The corpus parts holding the sampled articles: a BBC folder, a Reuters or SemEval file."""
    parts = set()
    for location in sample:
        path = Path(location.partition("#")[0])
        parts.add(path.parent if path.parts[0] == "bbc" else path)
    return [CORPORA / part for part in sorted(parts)]


def measure(sample: dict[str, tuple[str, ...]] | None = None) -> Result:
    sample = read_sample() if sample is None else sample
    result = Result()
    seen = set()
    for article in parse_paths(folders(sample), on_problem=lambda problem: None):
        location = str(Path(article.path).relative_to(CORPORA))
        if article.position is not None:
            location += f"#{article.position}"
        if location not in sample:
            continue
        seen.add(location)
        expected = {key(name): name for name in sample[location]}
        found = {key(name): name for name in article.people}
        result.found += len(found)
        result.labelled += len(expected)
        result.correct += len(found.keys() & expected.keys())
        result.misses += [(location, expected[k]) for k in sorted(expected.keys() - found.keys())]
        result.extras += [(location, found[k]) for k in sorted(found.keys() - expected.keys())]
    missing = set(sample) - seen
    if missing:
        raise LookupError(f"sampled articles not found: {sorted(missing)[:5]}")
    return result


def main() -> None:
    result = measure()
    print(f"articles: {len(read_sample())}; labelled people: {result.labelled}; found: {result.found}")
    print(f"precision {result.precision:.3f}  recall {result.recall:.3f}")
    print("misses:")
    for location, name in result.misses:
        print(f"  {location}\t{name}")
    print("extras:")
    for location, name in result.extras:
        print(f"  {location}\t{name}")


if __name__ == "__main__":
    main()
