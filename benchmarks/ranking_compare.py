"""Ranking quality on four collections side by side: Gazette's default, SQLite FTS5 and tantivy.

    python benchmarks/ranking_compare.py [--variants] [--only NAME]

Collections (every one judged by people, none by Gazette):
  - CISI and CACM (../shared/corpora/ir): SMART abstracts, title -> headline, abstract -> body;
    their natural-language queries and relevance judgments.
  - Reuters topics: Reuters-21578 topic names as queries (``Consumer Price Index`` ...), a story
    relevant when Reuters' editors tagged it with the topic (benchmarks/ranking_topics.py).
  - Reuters questions (the news set): 40 natural-language questions written for this benchmark
    (benchmarks/news_questions.tsv, one per topic with 37 stories or more), judged the same way
    by the editors' topic tags.

Every engine gets the same words (the query's words, lowercased, punctuation dropped): Gazette
as a user types them (its default: every word first, then most of them), FTS5 and tantivy with
the words ORed, bm25 with the same field weights. MAP counts the top 1,000, nDCG@10 and P@10 the
top 10. ``--variants`` also runs the ranking experiments (benchmarks.ranking_variants) on
Gazette's index. Writes benchmarks/results/ranking_compare.json.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402
from benchmarks.adapters import FTS5Engine, Query, TantivyEngine  # noqa: E402
from benchmarks.metrics import evaluate  # noqa: E402
from benchmarks.ranking import query_words, read_judgments, read_smart  # noqa: E402

DEPTH = 1000
QUESTIONS = Path(__file__).with_name("news_questions.tsv")


@dataclass
class Collection:
    """What one collection needs: what Gazette indexes, the same articles for the references,
    each article id's judged document, and the query sets with their judgments."""

    name: str
    paths: list[Path]
    articles: list[Any]
    key_of_id: dict[str, Hashable]
    query_sets: dict[str, tuple[dict[Hashable, str], dict[Hashable, set]]] = field(default_factory=dict)


def smart_collection(name: str, folder: Path, documents: str, queries: str, judgments: str, work: Path) -> Collection:
    records = read_smart(folder / documents)
    questions = read_smart(folder / queries)
    judged = read_judgments(folder / judgments)
    jsonl = work / f"{name}.jsonl"
    numbers = sorted(records)
    with jsonl.open("w", encoding="utf-8") as handle:
        for n in numbers:
            handle.write(json.dumps({"headline": records[n].get("T", ""), "body": records[n].get("W", "")}) + "\n")
    articles = common.load_articles([jsonl])
    key_of_id: dict[str, Hashable] = {}
    for article in articles:
        key_of_id.setdefault(article.id, numbers[article.position - 1])
    texts = {q: " ".join(query_words(questions[q].get("W", ""))) for q in judged if q in questions}
    collection = Collection(name, [jsonl], articles, key_of_id)
    collection.query_sets[name] = (texts, {q: judged[q] for q in texts})
    return collection


def reuters_collection() -> Collection:
    from benchmarks.ranking_topics import document_key, named_queries, read_collection

    folder = common.corpus_path("reuters21578")
    stories = read_collection(folder)
    articles = common.load_articles([folder])
    places: dict[str, list[tuple[str, int]]] = {}
    for article in articles:
        places.setdefault(article.id, []).append((Path(article.path).name, article.position))
    key_of_id = {article_id: document_key(found, stories) for article_id, found in places.items()}
    topics: dict[Hashable, set[str]] = {}
    for article_id, found in places.items():
        topics.setdefault(key_of_id[article_id], set()).update(*(stories[p].topics for p in found))
    tagged = Counter(code for story in stories.values() for code in story.topics)
    judged = {code: {key for key, codes in topics.items() if code in codes} for code in tagged}
    unique = list({article.id: article for article in articles}.values())
    collection = Collection("reuters", [folder], unique, key_of_id)
    names = named_queries((folder / "cat-descriptions_120396.txt").read_text(encoding="latin-1"), tagged)
    collection.query_sets["Reuters topics"] = (names, {code: judged[code] for code in names})
    questions = read_questions()
    collection.query_sets["Reuters questions"] = (questions, {code: judged[code] for code in questions})
    return collection


def read_questions(path: Path = QUESTIONS) -> dict[str, str]:
    """``{topic code: question words}`` from the news set's TSV (``#`` lines are comments)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, question = line.split("\t")
            found[code] = " ".join(query_words(question))
    return found


def gazette_runs(index_dir: Path, texts: dict[Hashable, str], key_of_id: dict[str, Hashable],
                 **options: Any) -> dict[Hashable, list[Hashable]]:
    """Each query's ranked judged documents from a fresh Searcher (no cache survives a variant)."""
    import search

    with search.Searcher(index_dir) as searcher:
        return {q: [key_of_id[hit.id] for hit in searcher.search(text, limit=DEPTH, snippets=False, **options).hits]
                for q, text in texts.items()}


def reference_runs(engine: Any, texts: dict[Hashable, str], key_of_id: dict[str, Hashable]) -> dict[Hashable, list]:
    return {q: [key_of_id[i] for i in engine.search(Query(tuple(text.split()), mode="any"), DEPTH, facets=()).ids]
            for q, text in texts.items()}


def collections(work: Path, only: str | None) -> Iterator[Collection]:
    ir = common.corpus_path("ir")
    if only in (None, "cisi"):
        yield smart_collection("CISI", ir / "cisi", "CISI.ALL", "CISI.QRY", "CISI.REL", work)
    if only in (None, "cacm"):
        yield smart_collection("CACM", ir / "cacm", "cacm.all", "query.text", "qrels.text", work)
    if only in (None, "reuters"):
        yield reuters_collection()


def measure(variants: dict[str, Callable[[], Any]], only: str | None = None,
            reindex: dict[str, Callable[[], Any]] | None = None) -> dict[str, Any]:
    """``{query set: {engine: scores}}`` for Gazette under each variant (those of ``reindex``
    on an index built under them), FTS5 and tantivy."""
    from index.build import build

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gazette-compare-") as tmp:
        work = Path(tmp)
        for collection in collections(work, only):
            started = time.perf_counter()
            index_dir = work / f"{collection.name}-gazette"
            build(collection.paths, index_dir)
            runs: dict[str, dict[str, dict]] = {name: {} for name in collection.query_sets}
            for variant, patch in variants.items():
                begun = time.perf_counter()
                with patch():
                    for set_name, (texts, _) in collection.query_sets.items():
                        runs[set_name][variant] = gazette_runs(index_dir, texts, collection.key_of_id)
                print(f"  {collection.name} {variant}: {time.perf_counter() - begun:.1f} s", file=sys.stderr)
            for variant, patch in (reindex or {}).items():
                with patch():
                    other = work / f"{collection.name}-{variant}"
                    build(collection.paths, other)
                    for set_name, (texts, _) in collection.query_sets.items():
                        runs[set_name][variant] = gazette_runs(other, texts, collection.key_of_id)
            for engine in (FTS5Engine(), TantivyEngine()):
                engine.build(collection.articles, work / f"{collection.name}-{engine.name}")
                engine.open(work / f"{collection.name}-{engine.name}")
                for set_name, (texts, _) in collection.query_sets.items():
                    runs[set_name][engine.name] = reference_runs(engine, texts, collection.key_of_id)
            for set_name, (texts, judged) in collection.query_sets.items():
                results[set_name] = {
                    "documents": len(collection.key_of_id), "queries": len(texts),
                    "scores": {name: {**evaluate(run, judged),
                                      "no_hits": sum(1 for q in texts if not run.get(q))}
                               for name, run in runs[set_name].items()},
                }
            print(f"  {collection.name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return results


def table(results: dict[str, Any]) -> str:
    engines = list(dict.fromkeys(name for found in results.values() for name in found["scores"]))
    rows = []
    for set_name, found in results.items():
        for name in engines:
            s = found["scores"][name]
            rows.append([set_name, name, s["MAP"], s["nDCG@10"], s["P@10"], s["no_hits"]])
    return common.markdown_table(["collection", "engine", "MAP", "nDCG@10", "P@10", "queries without hits"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", action="store_true", help="also run the ranking experiments")
    parser.add_argument("--dropped", action="store_true", help="also run the experiments measured once and dropped")
    parser.add_argument("--only", choices=("cisi", "cacm", "reuters"), help="one collection")
    args = parser.parse_args(argv)
    variants: dict[str, Callable[[], Any]] = {"Gazette": contextlib.nullcontext}
    reindex: dict[str, Callable[[], Any]] = {}
    if args.variants:
        from benchmarks.ranking_variants import REINDEX, VARIANTS

        variants.update(VARIANTS)
        reindex.update(REINDEX)
    if args.dropped:
        from benchmarks.ranking_variants import DROPPED

        variants.update(DROPPED)
    results = measure(variants, args.only, reindex)
    print(table(results))
    targets = []
    for set_name, found in results.items():
        scores = found["scores"]
        for metric in ("MAP", "nDCG@10"):
            best = max(scores["FTS5"][metric], scores["tantivy"][metric])
            measured = scores["Gazette"][metric]
            targets.append([set_name, metric, f">= {best:.3f}", measured, "pass" if measured >= best else "FAIL"])
    print("\n" + common.markdown_table(["collection", "metric", "target (best reference)", "Gazette", "result"],
                                       targets))
    name = "ranking_compare" if not args.only else f"ranking_compare_{args.only}"
    path = common.save_results(name, {"depth": DEPTH, "results": results, "targets": targets})
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
