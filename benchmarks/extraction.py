"""Extraction accuracy: the share of articles whose field Gazette gets right.

    python benchmarks/extraction.py

Known answers come from the raw files (benchmarks/truth.py: <TITLE>/<DATE>/<PEOPLE> on
Reuters, line 1 on BBC, title/published-at on semeval, expected.json on the seeds), never
from Gazette's readers. Headlines compare case-insensitively with whitespace collapsed
(Reuters titles are upper case); an article Gazette did not produce counts as wrong.
Prints markdown tables and writes benchmarks/results/extraction.json.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any, Iterable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common, truth  # noqa: E402

TARGETS = {
    ("Reuters", "headline"): 0.99,
    ("Reuters", "date"): 0.99,
    ("BBC", "headline"): 0.99,
    ("semeval", "headline"): 0.99,
    ("semeval", "date"): 0.95,
}


def fold(text: str | None) -> str:
    """Lowercase, accents stripped, hyphens as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("-", " ")
    return " ".join(text.casefold().split())


def share(checks: Iterable[bool]) -> tuple[int, int]:
    checks = list(checks)
    return sum(checks), len(checks)


def by_location(articles: Iterable[Any]) -> dict[tuple[str, int | None], Any]:
    return {(str(Path(a.path).resolve()), a.position): a for a in articles}


def reuters(directory: Path) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    stories = truth.reuters_stories(directory)
    found = by_location(common.load_articles([directory]))
    got = [found.get((str(Path(s.path).resolve()), s.position)) for s in stories]
    fields = {
        "headline": share(
            a is not None and fold(a.headline) == fold(s.title) for s, a in zip(stories, got) if s.title
        ),
        "date": share(a is not None and a.date == s.date for s, a in zip(stories, got) if s.date),
    }
    return fields, people_recall(stories, got)


def people_recall(stories: list[truth.ReutersStory], got: list[Any]) -> dict[str, tuple[int, int]]:
    """Recall of Reuters <PEOPLE> codes: a code counts as found when its surname (last part)
    is a word of a person Gazette lists for the story. Split by whether Gazette's gazetteer
    knows someone of that surname."""
    from corpus.people import Gazetteer

    known = {word for name in set(Gazetteer.load().aliases().values()) for word in fold(name).split()}
    outcomes: dict[str, list[bool]] = {"in gazetteer": [], "others": []}
    for story, article in zip(stories, got):
        words = {w for person in (article.people if article else ()) for w in fold(person).split()}
        for code in story.people:
            surname = fold(code).split()[-1]
            outcomes["in gazetteer" if surname in known else "others"].append(surname in words)
    recall = {kind: share(checks) for kind, checks in outcomes.items()}
    recall["all"] = share(c for checks in outcomes.values() for c in checks)
    return recall


def bbc(directory: Path) -> dict[str, tuple[int, int]]:
    headlines = truth.bbc_headlines(directory)
    found = by_location(common.load_articles([directory]))
    return {
        "headline": share(
            (a := found.get((str(Path(p).resolve()), None))) is not None and fold(a.headline) == fold(h)
            for p, h in headlines.items()
        )
    }


def semeval(directory: Path) -> dict[str, tuple[int, int]]:
    expected = truth.semeval_articles(directory)
    found = by_location(common.load_articles([Path(e.path) for e in {e.path: e for e in expected}.values()]))
    got = [found.get((str(Path(e.path).resolve()), e.position)) for e in expected]
    return {
        "headline": share(a is not None and fold(a.headline) == fold(e.title) for e, a in zip(expected, got)),
        "date": share(a is not None and a.date == e.date for e, a in zip(expected, got) if e.date),
    }


def seeds(directory: Path) -> dict[str, tuple[int, int]]:
    expected = truth.seeds_expected(directory)
    found = by_location(common.load_articles([Path(p) for p in expected]))
    checks: dict[str, list[bool]] = {f: [] for f in ("headline", "date", "year", "source", "people", "body")}
    for path, want in expected.items():
        a = found.get((str(Path(path).resolve()), None))
        body = " ".join(a.body.split()) if a else ""
        checks["headline"].append(a is not None and " ".join(a.headline.split()) == want["headline"])
        checks["date"].append(a is not None and a.date is not None and a.date.isoformat() in want["date_any"])
        checks["year"].append(a is not None and a.year == want["year"])
        checks["source"].append(a is not None and a.source == want["source"])
        checks["people"].append(a is not None and sorted(a.people) == sorted(want["people"]))
        checks["body"].append(
            a is not None
            and all(s in body for s in want["body_must_contain"])
            and not any(s in body for s in want["body_must_not_contain"])
        )
    return {field: share(values) for field, values in checks.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    reuters_fields, recall = reuters(common.corpus_path("reuters21578"))
    results = {
        "Reuters": reuters_fields,
        "BBC": bbc(common.corpus_path("bbc")),
        "semeval": semeval(common.corpus_path("semeval2019_hyperpartisan_byarticle")),
        "seeds": seeds(common.corpus_path("seeds")),
    }
    rows = []
    for corpus, fields in results.items():
        for name, (right, total) in fields.items():
            target = TARGETS.get((corpus, name))
            verdict = "" if target is None else "pass" if total and right / total >= target else "FAIL"
            rows.append([corpus, name, right, total, right / total if total else None,
                         f">= {target:.0%}" if target else "", verdict])
    print(common.markdown_table(["corpus", "field", "right", "articles", "share", "target", "result"], rows))
    recall_rows = [[kind, right, total, right / total if total else None] for kind, (right, total) in recall.items()]
    print("\nPeople recall on Reuters <PEOPLE> (surname match)\n")
    print(common.markdown_table(["people", "found", "mentions", "recall"], recall_rows))
    path = common.save_results("extraction", {"fields": results, "people_recall_reuters": recall, "table": rows})
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
