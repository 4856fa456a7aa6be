"""What is in the index: counts, date range, size, years, sources, leaders.

Read from the committed generation's columns and postings (deleted documents excluded),
never from stored bodies, so it stays fast on large indexes.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from index import store


def _top(counter: Counter, limit: int) -> list[dict[str, Any]]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"name": name, "documents": count} for name, count in ranked]


def index_stats(directory: Path, top: int = 10) -> dict[str, Any]:
    """A JSON-ready summary of the index at ``directory``.

    ``articles`` counts every location an article was read at; ``documents`` counts distinct
    articles (the same story at two paths, or republished word for word, is one document).
    Per-year, source and leader counts are in documents.
    """
    generation = store.current_generation(directory)
    meta = store.index_meta(directory)
    ix = store.open_index(directory)
    years: Counter = Counter()
    sources: Counter = Counter()
    leaders: Counter = Counter()
    people: Counter = Counter()
    first = last = None
    undated = 0
    with ix.reader() as reader:
        live = list(reader.all_doc_ids())
        dates = reader.column_reader("date")
        source_column = reader.column_reader("source")
        for docnum in live:
            date = dates[docnum]
            if isinstance(date, bytes):
                date = date.decode("utf-8")
            if date:
                years[int(date[:4])] += 1
                first = date if first is None or date < first else first
                last = date if last is None or date > last else last
            else:
                undated += 1
            source = source_column[docnum]
            if isinstance(source, bytes):
                source = source.decode("utf-8")
            sources[source or "(unknown)"] += 1
        for field, counter in (("leaders", leaders), ("people", people)):
            for term in reader.lexicon(field):
                count = sum(1 for _ in reader.postings(field, term).all_ids())
                if count:
                    counter[term.decode("utf-8")] = count
        documents = len(live)
    return {
        "index": str(directory),
        "generation": meta.get("generation"),
        "built": meta.get("built"),
        "schema_version": meta.get("schema_version"),
        "articles": meta.get("articles", documents),
        "documents": documents,
        "files": meta.get("files"),
        "size_bytes": store.disk_size(generation) if generation else 0,
        "date_range": {"first": first, "last": last},
        "undated": undated,
        "years": {str(year): count for year, count in sorted(years.items())},
        "sources": _top(sources, top),
        "leaders": _top(leaders, top),
        "people": _top(people, top),
    }
