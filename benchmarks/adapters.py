"""Three engines behind one small interface, fed the same normalized articles.

Each engine builds an index from :class:`corpus.article.Article` records and answers a
:class:`Query` with the top hits' ids, the total number of matches and facet counts over
ALL matches for people, year and source. SQLite FTS5 and tantivy are the references;
:class:`GazetteEngine` goes through Gazette's public Python API only.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

FACETS = ("people", "year", "source")
FACET_LIMIT = 10
#: Field weights, the same for every engine (Gazette's defaults: headline 2.5, names 2).
HEADLINE_WEIGHT, BODY_WEIGHT, NAMES_WEIGHT = 2.5, 1.0, 2.0


@dataclass(frozen=True)
class Query:
    """What a user asks: words (all of them, any of them, or as a phrase) and filters."""

    words: tuple[str, ...]
    mode: str = "all"  # "all" | "any" | "phrase"
    person: str | None = None
    year: int | None = None

    def label(self) -> str:
        text = " ".join(self.words)
        text = f'"{text}"' if self.mode == "phrase" else text.replace(" ", " OR ") if self.mode == "any" else text
        if self.person:
            text += f" --person '{self.person}'"
        if self.year:
            text += f" --year {self.year}"
        return text

    def gazette_text(self) -> str:
        """The query as a user types it for `gazette search` (default: all words must match)."""
        if self.mode == "phrase":
            return '"' + " ".join(self.words) + '"'
        return " OR ".join(self.words) if self.mode == "any" else " ".join(self.words)


@dataclass
class Answer:
    ids: list[str]
    total: int
    facets: dict[str, dict[Any, int]] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


class FTS5Engine:
    """SQLite FTS5, porter tokenizer, bm25(); facets by GROUP BY over the matching rows."""

    name = "FTS5"

    def __init__(self) -> None:
        self.db: sqlite3.Connection | None = None

    @staticmethod
    def database(directory: Path) -> Path:
        return directory / "fts5.db"

    def build(self, articles: Iterable[Any], directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        path = self.database(directory)
        path.unlink(missing_ok=True)
        db = sqlite3.connect(path)
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE VIRTUAL TABLE fts USING fts5(headline, body, names, tokenize='porter');
            CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, year INTEGER, source TEXT);
            CREATE TABLE people(doc INTEGER, person TEXT);
            """
        )
        with db:
            for rowid, article in enumerate(articles, 1):
                db.execute(
                    "INSERT INTO fts(rowid, headline, body, names) VALUES (?, ?, ?, ?)",
                    (rowid, article.headline, article.body, " ".join(article.people)),
                )
                db.execute(
                    "INSERT INTO docs VALUES (?, ?, ?, ?)",
                    (rowid, article.id, article.date.year if article.date else None, article.source),
                )
                db.executemany("INSERT INTO people VALUES (?, ?)", [(rowid, p) for p in article.people])
        db.executescript(
            """
            CREATE INDEX people_person ON people(person, doc);
            CREATE INDEX people_doc ON people(doc);
            CREATE INDEX docs_year ON docs(year);
            INSERT INTO fts(fts) VALUES ('optimize');
            """
        )
        db.close()

    def open(self, directory: Path) -> None:
        self.db = sqlite3.connect(self.database(directory))
        self.db.execute("CREATE TEMP TABLE hits(rowid INTEGER PRIMARY KEY)")

    @staticmethod
    def match(query: Query) -> str:
        quoted = [f'"{w}"' for w in query.words]
        if query.mode == "phrase":
            return '"' + " ".join(query.words) + '"'
        return " OR ".join(quoted) if query.mode == "any" else " ".join(quoted)

    def search(self, query: Query, limit: int = 10, facets: Sequence[str] = FACETS) -> Answer:
        assert self.db is not None, "open() first"
        # CROSS JOIN keeps the full-text match as the outer loop: SQLite would otherwise
        # walk a broad filter (a whole year) and probe the FTS table row by row.
        where, params = "fts MATCH ?", [self.match(query)]
        if query.person:
            where += " AND EXISTS (SELECT 1 FROM people WHERE person = ? AND doc = fts.rowid)"
            params.append(query.person)
        if query.year:
            where += " AND +d.year = ?"
            params.append(query.year)
        matches = f"FROM fts CROSS JOIN docs d ON d.rowid = fts.rowid WHERE {where}"
        db = self.db
        ids = [
            row[0]
            for row in db.execute(
                f"SELECT d.id {matches} ORDER BY bm25(fts, {HEADLINE_WEIGHT}, {BODY_WEIGHT}, {NAMES_WEIGHT}) LIMIT ?",
                (*params, limit),
            )
        ]
        if not facets:
            (total,) = db.execute(f"SELECT count(*) {matches}", params).fetchone()
            return Answer(ids, total)
        db.execute("DELETE FROM temp.hits")
        db.execute(f"INSERT INTO temp.hits SELECT fts.rowid {matches}", params)
        (total,) = db.execute("SELECT count(*) FROM temp.hits").fetchone()
        sql = {
            "people": "SELECT p.person, count(*) AS n FROM temp.hits h JOIN people p ON p.doc = h.rowid "
            "GROUP BY p.person ORDER BY n DESC, p.person LIMIT ?",
            "year": "SELECT d.year, count(*) FROM temp.hits h JOIN docs d ON d.rowid = h.rowid "
            "WHERE d.year IS NOT NULL GROUP BY d.year ORDER BY d.year LIMIT ?",
            "source": "SELECT d.source, count(*) AS n FROM temp.hits h JOIN docs d ON d.rowid = h.rowid "
            "WHERE d.source IS NOT NULL GROUP BY d.source ORDER BY n DESC, d.source LIMIT ?",
        }
        counts = {
            name: dict(db.execute(sql[name], (FACET_LIMIT if name != "year" else -1,)).fetchall()) for name in facets
        }
        return Answer(ids, total, counts)


class TantivyEngine:
    """tantivy (PyPI): en_stem text fields, raw fast fields for facets, one aggregation per query."""

    name = "tantivy"

    def __init__(self) -> None:
        self.index: Any = None
        self.searcher: Any = None

    @staticmethod
    def schema() -> Any:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        # Headline and body are stored, as in FTS5 and Gazette (which show them), so index sizes compare.
        builder.add_text_field("headline", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("names", tokenizer_name="en_stem")
        builder.add_text_field("people", fast=True, tokenizer_name="raw")
        builder.add_text_field("source", fast=True, tokenizer_name="raw")
        builder.add_integer_field("year", fast=True, indexed=True)
        return builder.build()

    def build(self, articles: Iterable[Any], directory: Path) -> None:
        import tantivy

        directory.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema(), path=str(directory))
        writer = index.writer(heap_size=512_000_000, num_threads=2)
        for article in articles:
            fields: dict[str, Any] = {
                "id": article.id,
                "headline": article.headline,
                "body": article.body,
                "names": " ".join(article.people),
                "people": list(article.people),
            }
            if article.source:
                fields["source"] = article.source
            if article.date:
                fields["year"] = article.date.year
            writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()

    def open(self, directory: Path) -> None:
        import tantivy

        self.index = tantivy.Index.open(str(directory))
        self.searcher = self.index.searcher()

    def parse(self, query: Query) -> Any:
        import tantivy

        words = [w for word in query.words for w in _words(word)]
        if query.mode == "phrase":
            text = '"' + " ".join(words) + '"'
        else:
            text = " ".join(words)
        parsed = self.index.parse_query(
            text,
            ["headline", "body", "names"],
            field_boosts={"headline": HEADLINE_WEIGHT, "body": BODY_WEIGHT, "names": NAMES_WEIGHT},
            conjunction_by_default=query.mode != "any",
        )
        filters = []
        schema = self.index.schema
        if query.person:
            filters.append(tantivy.Query.term_query(schema, "people", query.person))
        if query.year:
            filters.append(
                tantivy.Query.range_query(schema, "year", tantivy.FieldType.Integer, query.year, query.year)
            )
        if not filters:
            return parsed
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, parsed)] + [(tantivy.Occur.Must, f) for f in filters]
        )

    def search(self, query: Query, limit: int = 10, facets: Sequence[str] = FACETS) -> Answer:
        parsed = self.parse(query)
        result = self.searcher.search(parsed, limit)
        ids = [self.searcher.doc(address)["id"][0] for _, address in result.hits]
        counts: dict[str, dict[Any, int]] = {}
        if facets:
            aggregations = {
                name: {"terms": {"field": name, "size": 100 if name == "year" else FACET_LIMIT}} for name in facets
            }
            answer = self.searcher.aggregate(parsed, aggregations)
            counts = {name: {b["key"]: b["doc_count"] for b in answer[name]["buckets"]} for name in facets}
        return Answer(ids, result.count, counts)


class GazetteEngine:
    """Gazette through its public API: ``index.build.build`` and ``search.Searcher``."""

    name = "Gazette"

    def __init__(self) -> None:
        self.searcher: Any = None

    def build_paths(self, paths: Sequence[Path], directory: Path, jobs: int | None = None) -> float:
        """Index files the way `gazette index PATH...` does (normalization included).

        Returns the seconds spent after reading and normalizing, in the writing and
        committing stages the build reports through its progress callback.
        """
        import time

        from index.build import build

        writing: list[float] = []

        def progress(state: Any) -> None:
            if state.stage in ("writing", "committing") and not writing:
                writing.append(time.perf_counter())

        build([Path(p) for p in paths], directory, rebuild=True, jobs=jobs, progress=progress)
        return time.perf_counter() - writing[0] if writing else 0.0

    def open(self, directory: Path) -> None:
        import search

        self.searcher = search.Searcher(directory)

    def search(self, query: Query, limit: int = 10, facets: Sequence[str] = FACETS) -> Answer:
        import search

        try:
            results = self._search(query, limit, facets)
        except search.NameNotFound:  # the CLI says so and suggests names; no hits either way
            return Answer([], 0, {})
        counts = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
        return Answer([hit.id for hit in results.hits], results.total, counts)

    def _search(self, query: Query, limit: int, facets: Sequence[str]) -> Any:
        return self.searcher.search(
            query.gazette_text(),
            person=(query.person,) if query.person else (),
            year=(str(query.year),) if query.year else (),
            facets=tuple(facets),
            facet_limit=FACET_LIMIT,
            limit=limit,
            snippets=False,  # the references return no snippets either
        )


class OpenSearchClusterEngine(GazetteEngine):
    """Gazette on an OpenSearch cluster (``--engine URL``): the same normalizing pipeline and
    query language, the cluster matching, ranking and counting (benchmarks/engines.py)."""

    name = "OpenSearch"

    def build_paths(self, paths: Sequence[Path], url: Any, jobs: int | None = None) -> float:
        """Load files the way `gazette index --engine URL PATH...` does; returns the seconds."""
        from index.opensearch_load import load

        return load([Path(p) for p in paths], url, rebuild=True, jobs=jobs).seconds

    def open(self, url: Any) -> None:
        from search.opensearch.engine import OpenSearchEngine

        self.searcher = OpenSearchEngine(url)
