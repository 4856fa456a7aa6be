"""Builds ``corpus/data/people-common-words.txt``: words the corpora write in lowercase.

A capitalized word that opens a sentence (``Conductor Marcello Viotti``, ``Will Trump sign``) or
ends a run (``Phil Flynn Questions``) is no part of a name when the same word is written in
lowercase inside sentences far more often than capitalized there. The corpora give that label
for free: every word inside a sentence counts lowercase or capitalized. Only the word list is
written, no text.

    .venv/bin/python benchmarks/people_lexicon.py      # rewrites the data file
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import CORPORA, REPO  # noqa: E402
from corpus.names import is_shouting  # noqa: E402
from corpus.pipeline import parse_paths  # noqa: E402

OUTPUT = REPO / "corpus" / "data" / "people-common-words.txt"
#: The development corpora (issue 10): not BBC politics or business, not the first 100 SemEval articles.
PARTS = ("bbc/tech", "bbc/sport", "bbc/entertainment", "reuters21578", "semeval2019_hyperpartisan_byarticle")
_WORD = re.compile(r"(?<![\w'\u2019.-])([A-Za-z][a-z]+)(?![\w'\u2019-])")
_OPENER = re.compile(r"[.!?:;\"\u201c\u201d(\[\n]\s*$")
#: lowercase uses needed, and how many times more often than capitalized inside a sentence
MIN_LOWER, RATIO = 5, 8


def counts() -> tuple[Counter[str], Counter[str]]:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for article in parse_paths([CORPORA / part for part in PARTS], on_problem=lambda problem: None):
        if article.path.endswith(".xml") and (article.position or 0) <= 100:
            continue
        for paragraph in article.body.split("\n"):
            if is_shouting(paragraph):
                continue
            for match in _WORD.finditer(paragraph):
                start = match.start()
                if start == 0 or _OPENER.search(paragraph, max(0, start - 3), start):
                    continue  # a sentence start tells nothing
                word = match.group(1)
                (capital if word[0].isupper() else lower)[word.lower()] += 1
    return lower, capital


def main() -> None:
    lower, capital = counts()
    common = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= RATIO * capital[w])
    header = (
        "# Words the development corpora write in lowercase inside sentences at least "
        f"{MIN_LOWER} times and {RATIO} times as often as capitalized\n"
        "# (built by benchmarks/people_lexicon.py; a capitalized use opening a sentence or ending a run is no name part)\n"
    )
    OUTPUT.write_text(header + "\n".join(common) + "\n", encoding="utf-8")
    print(f"{len(common)} words -> {OUTPUT}")


if __name__ == "__main__":
    main()
