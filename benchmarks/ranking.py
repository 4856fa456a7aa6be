"""Ranking quality on CISI: Gazette next to SQLite FTS5 bm25() and tantivy.

    python benchmarks/ranking.py

The 1,460 CISI abstracts become JSON lines (title -> headline, abstract -> body) indexed
with `gazette index`; every judged query runs in ONE `gazette batch` process, asked as a
user with a long natural-language question would: its words with `"match": "any"`
(Gazette's default is all words). FTS5 and tantivy index the same normalized articles and get the
same any-of-these-words queries. Prints MAP, nDCG@10 and P@10 and writes
benchmarks/results/ranking.json.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402
from benchmarks.adapters import FTS5Engine, Query, TantivyEngine  # noqa: E402
from benchmarks.metrics import evaluate  # noqa: E402

DEPTH = 1000  # ranks scored for MAP
_MARKER = re.compile(r"^\.([A-Z])\s*(.*)$")


def read_smart(path: Path) -> dict[int, dict[str, str]]:
    """SMART-format records (``.I n`` then ``.T``/``.A``/``.W``/``.X``/``.B`` sections) by id."""
    records: dict[int, dict[str, str]] = {}
    current: dict[str, list[str]] | None = None
    section = ""
    for line in path.read_text(encoding="latin-1").splitlines():  # also drops the CRs
        marker = _MARKER.match(line)
        if marker and marker.group(1) == "I":
            # CACM ends with a ".I" that has no number and no text: it starts no record.
            current = {} if marker.group(2).strip() else None
            if current is not None:
                records[int(marker.group(2))] = current  # type: ignore[assignment]
            section = ""
            continue
        if marker and len(line.split()[0]) == 2:
            section = marker.group(1)
            if marker.group(2):
                current.setdefault(section, []).append(marker.group(2))  # type: ignore[union-attr]
            continue
        if current is not None and section:
            current.setdefault(section, []).append(line)
    return {n: {k: " ".join(" ".join(v).split()) for k, v in r.items()} for n, r in records.items()}  # type: ignore


def read_judgments(path: Path) -> dict[int, set[int]]:
    judgments: dict[int, set[int]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            judgments.setdefault(int(fields[0]), set()).add(int(fields[1]))
    return judgments


def query_words(text: str) -> tuple[str, ...]:
    """The distinct words of a natural-language question, in order, lowercased."""
    return tuple(dict.fromkeys(re.findall(r"[^\W_]+", text.lower())))


def _request(query: Query) -> dict[str, Any]:
    """The `gazette batch` line for ``query``: any-of-the-words queries as `--match any`."""
    if query.mode == "any":
        return {"query": " ".join(query.words), "match": "any", "limit": DEPTH}
    return {"query": query.gazette_text(), "limit": DEPTH}


def gazette_runs(work: Path, jsonl: Path, queries: dict[int, Query]) -> dict[int, list[str]]:
    """`gazette index` then one `gazette batch` process over every query; ranked article ids."""
    gazette = str(Path(sys.executable).with_name("gazette"))
    index_dir = work / "gazette-index"
    subprocess.run([gazette, "index", str(jsonl), "--index", str(index_dir), "--rebuild"], check=True,
                   capture_output=True, text=True)
    order = sorted(queries)
    lines = "".join(json.dumps(_request(queries[q])) + "\n" for q in order)
    done = subprocess.run([gazette, "batch", "-", "--index", str(index_dir)], input=lines, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"gazette batch failed ({done.returncode}): {done.stderr[-2000:]}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(answers) != len(order):
        raise RuntimeError(f"gazette batch answered {len(answers)} lines for {len(order)} queries")
    return {q: [hit["id"] for hit in answer.get("hits", [])] for q, answer in zip(order, answers)}


def reference_runs(engine: Any, articles: list[Any], directory: Path, queries: dict[int, Query]) -> dict[int, list[str]]:
    engine.build(articles, directory)
    engine.open(directory)
    return {q: engine.search(query, DEPTH, facets=()).ids for q, query in queries.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    cisi = common.corpus_path("ir", "cisi")
    documents = read_smart(cisi / "CISI.ALL")
    judgments = read_judgments(cisi / "CISI.REL")
    questions = read_smart(cisi / "CISI.QRY")
    queries = {q: Query(query_words(questions[q].get("W", "")), mode="any") for q in judgments if q in questions}
    with tempfile.TemporaryDirectory(prefix="gazette-ranking-") as tmp:
        work = Path(tmp)
        jsonl = work / "cisi.jsonl"
        numbers = sorted(documents)
        with jsonl.open("w", encoding="utf-8") as handle:
            for n in numbers:
                record = {"headline": documents[n].get("T", ""), "body": documents[n].get("W", "")}
                handle.write(json.dumps(record) + "\n")
        articles = common.load_articles([jsonl])
        # Article ids are content hashes: map each back to the CISI numbers it stands for.
        cisi_number: dict[str, int] = {}
        for article in articles:
            cisi_number.setdefault(article.id, numbers[article.position - 1])
        runs = {
            "Gazette": gazette_runs(work, jsonl, queries),
            "FTS5": reference_runs(FTS5Engine(), articles, work / "fts5", queries),
            "tantivy": reference_runs(TantivyEngine(), articles, work / "tantivy", queries),
        }
    scores = {
        name: evaluate({q: [cisi_number[i] for i in ids if i in cisi_number] for q, ids in run.items()}, judgments)
        for name, run in runs.items()
    }
    best = {m: max(scores["FTS5"][m], scores["tantivy"][m]) for m in ("MAP", "nDCG@10")}
    rows = [[name, s["MAP"], s["nDCG@10"], s["P@10"]] for name, s in scores.items()]
    print(f"CISI: {len(documents):,} documents ({len(cisi_number):,} distinct), {len(queries)} judged queries, "
          "any-of-the-words queries\n")
    print(common.markdown_table(["engine", "MAP", "nDCG@10", "P@10"], rows))
    targets = [
        [f"Gazette {m} >= best reference", f">= {best[m]:.3f}", scores["Gazette"][m],
         "pass" if scores["Gazette"][m] >= best[m] else "FAIL"]
        for m in best
    ]
    print("\n" + common.markdown_table(["target", "limit", "measured", "result"], targets))
    path = common.save_results("ranking", {"documents": len(documents), "queries": len(queries), "scores": scores,
                                           "targets": targets})
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
