"""BM25F saturation k1 on news: Reuters-21578 topic codes as queries, the tagged stories as relevant.

    python benchmarks/ranking_topics.py

An independent check of :data:`search.ranking.K1`, whose value was only measured on CISI.
A query is a topic code read as words (``money-supply`` -> ``money supply``), asked with
``match="any"``; the relevant documents are the stories tagged with that topic. A code is
kept when at least :data:`MIN_STORIES` stories carry it and every part of it is a plain
word: it occurs at least :data:`MIN_COUNT` times in lower case in the story texts (which
drops acronyms such as GNP, CPI and codes such as acq, fx, nat, veg) and holds a vowel
(which drops the wire abbreviations dlr and stg). Most such queries are one word, and a
one-term BM25F ranking is the same for every k1 (tf / (k1 + tf) grows with tf whatever k1),
so a second set asks the topics' names from cat-descriptions_120396.txt (``Consumer Price
Index (CPI)`` -> ``consumer price index``), mostly several words. Gazette indexes the
collection through its public path and runs every query once per k1 (a fresh Searcher each
time, so no cached score survives); SQLite FTS5 bm25() on the same normalized articles is
the reference. Prints MAP, nDCG@10 and P@10 and writes benchmarks/results/ranking_topics.json.
MAP counts the top :data:`DEPTH` only: a topic with thousands of stories (earn, acq) scores
low whatever the engine, so nDCG@10 and P@10 say more here.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402
from benchmarks.adapters import FTS5Engine, Query  # noqa: E402
from benchmarks.metrics import average_precision, evaluate  # noqa: E402
from benchmarks.ranking import query_words  # noqa: E402

K1_VALUES = (1.2, 1.5, 2.0, 3.0)
DEPTH = 100  # ranks scored
MIN_STORIES = 20
MIN_COUNT = 50

_STORY = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_CODE = re.compile(r"<D>(.*?)</D>")
_TEXT = re.compile(r"<TEXT\b[^>]*>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]*>")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")
_NAMED = re.compile(r"^(\S.*?)\s*\(([A-Z][A-Z-]*)\)\s*$", re.M)

#: A document is identified by its story's (file name, position in the file), as Gazette stores it.
Location = tuple[str, int]


@dataclass(frozen=True)
class Story:
    newid: int
    topics: frozenset[str]
    text: str  # the <TEXT> element, tags removed


def read_stories(sgml: str) -> list[Story]:
    """The ``<REUTERS>`` stories of one SGML file, in file order (position n is item n - 1)."""
    stories = []
    for newid, content in _STORY.findall(sgml):
        topics = _TOPICS.search(content)
        text = _TEXT.search(content)
        stories.append(Story(
            newid=int(newid),
            topics=frozenset(_CODE.findall(topics.group(1))) if topics else frozenset(),
            text=_TAG.sub(" ", text.group(1)) if text else "",
        ))
    return stories


def read_collection(folder: Path) -> dict[Location, Story]:
    """Every story of the ``*.sgm`` files under ``folder`` by (file name, 1-based position)."""
    return {
        (path.name, position): story
        for path in sorted(folder.glob("*.sgm"))
        for position, story in enumerate(read_stories(path.read_text(encoding="latin-1")), 1)
    }


def select_queries(
    stories: Iterable[Story], min_stories: int = MIN_STORIES, min_count: int = MIN_COUNT
) -> dict[str, str]:
    """``{topic code: query}`` for the codes that read as plain words (see the module doc)."""
    stories = list(stories)
    tagged = Counter(code for story in stories for code in story.topics)
    lowercase = Counter(word for story in stories for word in _LOWER_WORD.findall(story.text))

    def is_word(part: str) -> bool:
        return lowercase[part] >= min_count and re.search("[aeiouy]", part) is not None

    return {
        code: " ".join(code.split("-"))
        for code, count in sorted(tagged.items())
        if count >= min_stories and all(is_word(part) for part in code.split("-"))
    }


def location(path: str) -> Location:
    """``/dir/reut2-003.sgm#559`` -> ``("reut2-003.sgm", 559)``."""
    file, _, position = path.rpartition("#")
    return Path(file).name, int(position)


def document_key(locations: Iterable[Location], stories: Mapping[Location, Story]) -> int:
    """One document for all the stories an article stands for (Gazette merges exact duplicates): the smallest NEWID."""
    return min(stories[place].newid for place in locations)


def named_queries(descriptions: str, tagged: Mapping[str, int], min_stories: int = MIN_STORIES) -> dict[str, str]:
    """``{topic code: query}`` from the ``Name (CODE)`` lines of the topic lists of
    cat-descriptions_120396.txt (the subject, indicator, currency, corporate and energy codes;
    commodity codes are listed bare), for codes carried by ``min_stories`` stories or more."""
    topic_part = descriptions.split("@heading[", 1)[0]
    return {
        code.lower(): " ".join(query_words(name))
        for name, code in _NAMED.findall(topic_part)
        if tagged.get(code.lower(), 0) >= min_stories
    }


def gazette_runs(index_dir: Path, texts: Iterable[str], k1: float,
                 stories: Mapping[Location, Story], key_of_id: Mapping[str, int]) -> dict[str, list[int]]:
    """Every query's top :data:`DEPTH` with ``search.ranking.K1 = k1``, as document keys."""
    import search
    import search.ranking

    default = search.ranking.K1
    search.ranking.K1 = k1
    try:
        with search.Searcher(index_dir) as searcher:
            runs = {}
            for text in texts:
                hits = searcher.search(text, match="any", limit=DEPTH).hits
                runs[text] = [document_key(map(location, hit.paths), stories) for hit in hits]
                if runs[text] != [key_of_id[hit.id] for hit in hits]:
                    raise RuntimeError(f"{text!r}: hit locations disagree with the parsed articles")
    finally:
        search.ranking.K1 = default
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    folder = common.corpus_path("reuters21578")
    stories = read_collection(folder)
    tagged = Counter(code for story in stories.values() for code in story.topics)
    query_sets = {
        "topic codes": select_queries(stories.values()),
        "topic names": named_queries((folder / "cat-descriptions_120396.txt").read_text(encoding="latin-1"), tagged),
    }
    texts = sorted({text for queries in query_sets.values() for text in queries.values()})
    articles = common.load_articles([folder])
    places: dict[str, list[Location]] = {}
    for article in articles:
        places.setdefault(article.id, []).append((Path(article.path).name, article.position))
    key_of_id = {article_id: document_key(found, stories) for article_id, found in places.items()}
    topics: dict[int, set[str]] = {}
    for article_id, found in places.items():
        topics.setdefault(key_of_id[article_id], set()).update(*(stories[p].topics for p in found))
    judgments = {code: {key for key, codes in topics.items() if code in codes} for code in tagged}
    runs: dict[str, dict[str, list[int]]] = {}
    with tempfile.TemporaryDirectory(prefix="gazette-topics-") as tmp:
        from index.build import build

        work = Path(tmp)
        build([folder], work / "gazette")
        for k1 in K1_VALUES:
            runs[f"Gazette k1={k1}"] = gazette_runs(work / "gazette", texts, k1, stories, key_of_id)
        unique = list({article.id: article for article in articles}.values())  # duplicates share one id
        fts5 = FTS5Engine()
        fts5.build(unique, work / "fts5")
        fts5.open(work / "fts5")
        runs["FTS5"] = {
            text: [key_of_id[i] for i in fts5.search(Query(tuple(text.split()), mode="any"), DEPTH, facets=()).ids]
            for text in texts
        }
    print(f"Reuters-21578: {len(stories):,} stories, {len(topics):,} documents; any of the words, top {DEPTH}")
    results: dict[str, dict] = {}
    for set_name, queries in query_sets.items():
        relevant = {code: judgments[code] for code in queries}
        multi = sum(1 for text in queries.values() if len(text.split()) > 1)
        scores = {
            engine: {**evaluate({code: run[text] for code, text in queries.items()}, relevant),
                     "queries": len(queries), "multi_word": multi}
            for engine, run in runs.items()
        }
        print(f"\n{set_name}: {'; '.join(queries.values())}\n")
        print(common.markdown_table(
            ["engine", "MAP", "nDCG@10", "P@10", "queries", "multi-word"],
            [[name, s["MAP"], s["nDCG@10"], s["P@10"], s["queries"], s["multi_word"]] for name, s in scores.items()],
        ))
        results[set_name] = {
            "queries": {code: {"query": text, "relevant": len(relevant[code])} for code, text in queries.items()},
            "scores": scores,
            "average_precision": {
                engine: {code: round(average_precision(run[text], relevant[code]), 4) for code, text in queries.items()}
                for engine, run in runs.items()
            },
        }
    path = common.save_results("ranking_topics", {
        "stories": len(stories), "documents": len(topics), "depth": DEPTH, "k1": K1_VALUES,
        "rule": {"min_stories": MIN_STORIES, "min_lowercase_count": MIN_COUNT, "needs_vowel": True},
        "query_sets": results,
    })
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
