"""Speed of Gazette against SQLite FTS5 and tantivy, measured side by side in one run.

    python benchmarks/speed.py            # Reuters + 200,000 synthetic articles (many minutes)
    python benchmarks/speed.py --quick    # Reuters + 20,000 synthetic articles, fewer cold runs
    python benchmarks/speed.py --sizes 100000,500000,1000000   # the scaling table of issue 15

For Reuters and the synthetic corpus: build (articles/s with and without normalization,
index size, peak memory; each engine builds in its own subprocess), a fixed mix of queries
with top 10 + total + people/year/source facets (p50/p95 in one warm process, each query
asked once, the engines taking turns), and the wall time of a cold `gazette search ... --format json` process next
to a cold python+sqlite3 script. Prints markdown tables with ratios Gazette/FTS5 and
Gazette/tantivy and writes benchmarks/results/speed.json.

``--sizes`` measures synthetic corpora of those sizes only, one row each: build time and rate,
peak memory of the largest build process and of all of them together (sampled), index size,
query p50/p95 of the three engines; then, for Gazette, the first cold search after the build,
adding one file of 1,000 new articles (time, peak memory) and the first search after that.
It writes benchmarks/results/speed-sizes.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator, Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402
from benchmarks.adapters import FACETS, FTS5Engine, GazetteEngine, Query, TantivyEngine  # noqa: E402

REFERENCES = {"FTS5": FTS5Engine, "tantivy": TantivyEngine}
ENGINES = ("Gazette", "FTS5", "tantivy")
QUERIES = 100  # in the timed mix, each asked once
#: The targets of issue 5: (figure, corpus, limit, "<=" or ">=").
TARGETS = (
    ("p50 ratio Gazette/FTS5 (ms)", "reuters", 1.0, "<="),
    ("p95 Gazette (ms)", "reuters", 25.0, "<="),
    ("p50 Gazette (ms)", "synthetic", 50.0, "<="),
    ("cold `gazette search` (s)", "reuters", 0.25, "<="),
    ("build Gazette, normalization included (articles/s)", "reuters", 2000.0, ">="),
    ("index size ratio Gazette/FTS5", "reuters", 1.5, "<="),
)
_STOP = frozenset(
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have having "
    "he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on "
    "once only or other our out over own same she should so some such than that the their them then there these "
    "they this those through to too under until up very was we were what when where which while who whom why "
    "will with would you your said says mln pct dlrs reuter reuters year".split()
)


# --- building, one subprocess per engine ---------------------------------------------------


def read_jsonl(paths: Sequence[Path]) -> Iterator[Any]:
    from corpus.article import Article

    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                yield Article.from_dict(json.loads(line))


def build_worker(engine: str, index_dir: Path, paths: list[Path]) -> dict[str, Any]:
    """Runs in a child process: build one index, report seconds and peak memory."""
    start = time.perf_counter()
    writing = None
    if engine == "Gazette":
        writing = GazetteEngine().build_paths(paths, index_dir)
    elif engine == "Gazette-add":
        from index.build import build

        build(paths, index_dir)
    else:
        REFERENCES[engine]().build(read_jsonl(paths), index_dir)
    seconds = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "seconds_writing": writing, "peak_mib": max(own_peak_mib(), workers)}


def own_peak_mib() -> float:
    """This process's peak resident memory since exec (VmHWM; ru_maxrss would include the
    parent's memory at fork time)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_in_subprocess(engine: str, index_dir: Path, paths: list[Path], fresh: bool = True) -> dict[str, Any]:
    """Build in a child process (``fresh``: from nothing; else an incremental `gazette index`
    run over ``paths``); adds the index size and the peak memory of all its processes."""
    if fresh and index_dir.exists():
        shutil.rmtree(index_dir)
    mode = engine if fresh else "Gazette-add"
    command = [sys.executable, __file__, "--build-worker", mode, str(index_dir), *map(str, paths)]
    for attempt in range(2):  # tantivy's merge threads once lost a file under heavy load: retry once
        if attempt and fresh and index_dir.exists():
            shutil.rmtree(index_dir)
        with TreeMemory() as memory:
            done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode == 0:
            break
        print(f"  {engine} build failed (attempt {attempt + 1}): {done.stderr.strip().splitlines()[-1:]}", flush=True)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} build failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["size_bytes"] = common.directory_size(index_dir)
    figures["peak_all_mib"] = max(memory.peak_mib, figures["peak_mib"])
    return figures


class TreeMemory:
    """Samples the summed resident memory of this process's children and their descendants
    (every 0.1 s) while in the ``with`` block: the peak of all build processes together."""

    def __init__(self, every: float = 0.1) -> None:
        import threading

        self.every, self.peak_mib = every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.every):
            parents: dict[int, int] = {}
            rss: dict[int, int] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        fields = handle.read().rsplit(b")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * resource.getpagesize()
            mine = {me}
            grown = True
            while grown:
                more = {pid for pid, parent in parents.items() if parent in mine and pid not in mine}
                mine |= more
                grown = bool(more)
            mine.discard(me)
            self.peak_mib = max(self.peak_mib, sum(rss[pid] for pid in mine) / 2**20)


# --- the query mix --------------------------------------------------------------------------


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in _STOP]


def query_mix(articles: Sequence[Any], seed: int = 7, size: int = 60) -> list[Query]:
    """A fixed mix drawn from the corpus vocabulary: the same queries for the same corpus.

    Words come from real articles (so that multi-word queries and phrases have hits) and
    single words span rare, middling and common document frequencies.
    """
    rng = random.Random(seed)
    pool = list(articles)
    df: Counter[str] = Counter()
    for article in rng.sample(pool, min(len(pool), 5000)):
        df.update(set(_content_words(article.headline + " " + article.body)))
    by_df = sorted(w for w in df if df[w] >= 2)
    bands = [
        [w for w in by_df if lo <= df[w] < hi] for lo, hi in ((2, 10), (10, 100), (100, 5000))
    ]
    with_people = [a for a in pool if a.people]

    def words_of(article: Any, k: int) -> tuple[str, ...]:
        words = sorted(set(_content_words(article.headline + " " + article.body)))
        return tuple(rng.sample(words, k)) if len(words) >= k else ()

    def phrase_of(article: Any) -> tuple[str, ...]:
        tokens = re.findall(r"[a-z]+", article.body.lower())
        pairs = [
            (a, b) for a, b in zip(tokens, tokens[1:]) if a not in _STOP and b not in _STOP and min(len(a), len(b)) >= 4
        ]
        return rng.choice(pairs) if pairs else ()

    queries: list[Query] = []
    per_kind = size // 10
    for band in bands:
        queries += [Query((w,)) for w in rng.sample(band, min(len(band), per_kind))]
    while len(queries) < 5 * per_kind:
        k = 2 if len(queries) < 4 * per_kind else 3
        words = words_of(rng.choice(pool), k)
        if words:
            queries.append(Query(words))
    while len(queries) < 6 * per_kind:
        phrase = phrase_of(rng.choice(pool))
        if phrase:
            queries.append(Query(phrase, mode="phrase"))
    for kind in range(4):  # person, year, person+year, phrase+year
        added = 0
        while added < per_kind and (with_people or kind in (1, 3)):
            article = rng.choice(with_people if kind in (0, 2) else pool)
            person = rng.choice(article.people) if kind in (0, 2) and article.people else None
            year = article.date.year if kind >= 1 and article.date else None
            words = phrase_of(article) if kind == 3 else words_of(article, 1)
            if words and (person or year):
                queries.append(Query(words, mode="phrase" if kind == 3 else "all", person=person, year=year))
                added += 1
    return queries


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(engines: dict[str, Any], warmup: list[Query], queries: list[Query]) -> dict[str, dict[str, Any]]:
    """Warm each engine up on one mix, then time each query of another mix ONCE per engine.

    Timing a query the first time it is asked keeps result and term caches from turning a
    repeated mix into a measure of cache hits; the engines take turns query by query so
    that load from elsewhere on the machine falls on all of them alike.
    """
    for engine in engines.values():
        for query in warmup:
            engine.search(query, 10, FACETS)
    timings: dict[str, list[float]] = {name: [] for name in engines}
    totals: dict[str, list[int]] = {name: [] for name in engines}
    for query in queries:
        for name, engine in engines.items():
            start = time.perf_counter()
            answer = engine.search(query, 10, FACETS)
            timings[name].append((time.perf_counter() - start) * 1000)
            totals[name].append(answer.total)
    return {
        name: {
            "p50_ms": statistics.median(timings[name]),
            "p95_ms": percentile(timings[name], 0.95),
            "ms": timings[name],
            "totals": totals[name],
        }
        for name in engines
    }


# --- cold processes ------------------------------------------------------------------------

COLD_SQLITE = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
match = " ".join('"%s"' % w for w in sys.argv[2].split())
hits = "FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?"
top = db.execute("SELECT d.id, d.year, d.source " + hits + " ORDER BY bm25(fts, 2.5, 1, 2) LIMIT 10", (match,)).fetchall()
db.execute("CREATE TEMP TABLE h AS SELECT fts.rowid AS rowid " + hits, (match,))
total = db.execute("SELECT count(*) FROM h").fetchone()[0]
facets = {
    "people": db.execute("SELECT person, count(*) n FROM h JOIN people ON doc = h.rowid GROUP BY person ORDER BY n DESC LIMIT 10").fetchall(),
    "year": db.execute("SELECT year, count(*) FROM h JOIN docs d ON d.rowid = h.rowid GROUP BY year").fetchall(),
    "source": db.execute("SELECT source, count(*) n FROM h JOIN docs d ON d.rowid = h.rowid GROUP BY source ORDER BY n DESC LIMIT 10").fetchall(),
}
print(json.dumps({"total": total, "hits": top, "facets": facets}))
"""


def cold_runs(command: list[str], runs: int) -> float:
    """Median wall time of ``runs`` fresh processes (after one untimed run to warm the page cache)."""
    times = []
    for number in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{command[:3]} failed: {done.stderr[-2000:]}")
        if number:
            times.append(elapsed)
    return statistics.median(times)


def cold_search(work: Path, corpus: str, words: tuple[str, ...], runs: int) -> dict[str, float]:
    gazette = Path(sys.executable).with_name("gazette")
    query = " ".join(words)
    facet_options = [opt for name in FACETS for opt in ("--facet", name)]
    script = work / "cold_sqlite.py"
    script.write_text(COLD_SQLITE, encoding="utf-8")
    return {
        "Gazette": cold_runs(
            [str(gazette), "search", query, "--index", str(work / corpus / "Gazette"), "--format", "json", *facet_options],
            runs,
        ),
        "FTS5": cold_runs([sys.executable, str(script), str(FTS5Engine.database(work / corpus / "FTS5")), query], runs),
    }


# --- the run -------------------------------------------------------------------------------


def unique(articles: Sequence[Any]) -> list[Any]:
    """One record per article id, as Gazette's index keeps them."""
    seen: dict[str, Any] = {}
    for article in articles:
        seen.setdefault(article.id, article)
    return list(seen.values())


def measure_corpus(
    name: str, raw_paths: list[Path], articles: list[Any], normalize_seconds: float, work: Path, cold: int,
    first: bool = False,
) -> dict[str, Any]:
    """Build with each engine, time the query mix and cold searches. ``first``: also time the
    first cold search after Gazette's build (``first_search_after_build``)."""
    print(f"\n## {name}: {len(articles):,} articles", flush=True)
    jsonl = common.write_jsonl(articles, work / name / "normalized")
    builds: dict[str, dict[str, Any]] = {}
    for engine in ENGINES:
        print(f"  building {engine}...", flush=True)
        sources = raw_paths if engine == "Gazette" else jsonl
        figures = build_in_subprocess(engine, work / name / engine, sources)
        if engine == "Gazette":
            figures["rate_included"] = len(articles) / figures["seconds"]
            figures["rate_excluded"] = common.ratio(len(articles), figures["seconds_writing"])
        else:
            figures["rate_excluded"] = len(articles) / figures["seconds"]
            figures["rate_included"] = len(articles) / (figures["seconds"] + normalize_seconds)
        builds[engine] = figures
    queries = query_mix(articles, seed=7, size=QUERIES)
    two_words = next(q.words for q in queries if len(q.words) == 2 and q.mode == "all" and not q.person)
    after_build = first_search(work, name, two_words) if first else None
    print("  querying...", flush=True)
    engines: dict[str, Any] = {"Gazette": GazetteEngine(), "FTS5": FTS5Engine(), "tantivy": TantivyEngine()}
    for engine_name, engine in engines.items():
        engine.open(work / name / engine_name)
    latency = time_queries(engines, query_mix(articles, seed=8, size=60), queries)
    agree = sum(g == f for g, f in zip(latency["Gazette"]["totals"], latency["FTS5"]["totals"]))
    print("  cold processes...", flush=True)
    cold_seconds = cold_search(work, name, two_words, cold)
    return {
        "articles": len(articles),
        "normalize_seconds": normalize_seconds,
        "build": builds,
        "queries": [q.label() for q in queries],
        "latency": latency,
        "totals_equal_to_fts5": agree,
        "cold_query": " ".join(two_words),
        "cold_seconds": cold_seconds,
        **({"first_search_after_build": after_build} if first else {}),
    }


#: Articles in the file an incremental add writes (issue 15: one file of 1,000 new articles).
ADDED = 1000


def first_search(work: Path, corpus: str, words: tuple[str, ...]) -> float:
    """Wall time of one cold `gazette search` with the three facets (the first after a build,
    when nothing searched the index yet)."""
    gazette = Path(sys.executable).with_name("gazette")
    facet_options = [opt for name in FACETS for opt in ("--facet", name)]
    start = time.perf_counter()
    command = [str(gazette), "search", " ".join(words), "--index", str(work / corpus / "Gazette"), "--format", "json",
               *facet_options]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"gazette search failed: {done.stderr[-2000:]}")
    return time.perf_counter() - start


#: Requests a long-running `gazette batch` answers while its memory is sampled.
BATCH_QUERIES = 3000


def batch_memory(work: Path, corpus: str, articles: Sequence[Any]) -> dict[str, float]:
    """Peak memory and wall time of one `gazette batch` process answering
    :data:`BATCH_QUERIES` different requests (with the three facets): its caches must stay
    bounded however long it runs."""
    requests = work / f"{corpus}-batch.jsonl"
    with open(requests, "w", encoding="utf-8") as out:
        for query in query_mix(articles, seed=11, size=BATCH_QUERIES):
            line: dict[str, Any] = {"query": query.gazette_text(), "facet": list(FACETS)}
            if query.person:
                line["person"] = [query.person]
            if query.year:
                line["year"] = [str(query.year)]
            out.write(json.dumps(line) + "\n")
    gazette = Path(sys.executable).with_name("gazette")
    start = time.perf_counter()
    with TreeMemory() as memory:
        done = subprocess.run([str(gazette), "batch", str(requests), "--index", str(work / corpus / "Gazette")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 2):  # 2: some line could not be answered (a name not in the index)
        raise RuntimeError(f"gazette batch failed: {done.stderr[-2000:]}")
    return {"peak_mib": memory.peak_mib, "seconds": time.perf_counter() - start, "requests": BATCH_QUERIES}


def measure_size(base: list[Any], size: int, work: Path, cold: int) -> dict[str, Any]:
    """One row of the scaling table: :func:`measure_corpus` on ``size`` synthetic articles,
    with the first search after the build, then an incremental add of :data:`ADDED` articles
    in a new file and the first search after it."""
    name = f"synthetic-{size}"
    source = work / f"{name}-source"
    files = common.write_jsonl(common.synthetic_articles(base, size), source)
    articles = unique(common.load_articles(files))
    figures = measure_corpus(name, files, articles, 0.0, work, cold, first=True)
    words = tuple(figures["cold_query"].split())
    print(f"  a batch of {BATCH_QUERIES:,} requests...", flush=True)
    figures["batch"] = batch_memory(work, name, articles)
    extra = list(common.synthetic_articles(base, size + ADDED))[size:]
    added = common.write_jsonl(extra, work / f"{name}-added")[0].rename(source / "added.jsonl")
    print(f"  adding {ADDED:,} articles...", flush=True)
    figures["add"] = build_in_subprocess("Gazette", work / name / "Gazette", [source], fresh=False)
    figures["add"]["file"] = added.name
    figures["first_search_after_add"] = first_search(work, name, words)
    return figures


def sizes_rows(results: dict[str, Any]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The issue's table (build, memory, size, latencies) and the incremental one."""
    table, updates = [], []
    for figures in results.values():
        b, lat = figures["build"]["Gazette"], figures["latency"]
        pair = {e: f"{lat[e]['p50_ms']:.1f} / {lat[e]['p95_ms']:.1f}" for e in ENGINES}
        table.append([
            figures["articles"], f"{b['seconds']:.0f} s", f"{figures['articles'] / b['seconds']:,.0f}/s",
            f"{b['peak_mib'] / 1024:.2f} / {b['peak_all_mib'] / 1024:.2f} GiB", f"{b['size_bytes'] / 2**20:,.0f} MiB",
            pair["Gazette"], pair["FTS5"], pair["tantivy"], f"{max(lat['Gazette']['ms']):.0f} ms",
        ])
        add = figures["add"]
        updates.append([
            figures["articles"], f"{add['seconds']:.1f} s", f"{add['peak_mib'] / 1024:.2f} / {add['peak_all_mib'] / 1024:.2f} GiB",
            f"{figures['first_search_after_build']:.2f} s", f"{figures['first_search_after_add']:.2f} s",
            f"{figures['cold_seconds']['Gazette']:.2f} s",
            f"{figures['batch']['peak_mib']:,.0f} MiB",
        ])
    return table, updates


SIZES_HEADERS = ["articles", "build", "rate", "peak memory (largest / all processes)", "index size",
                 "query p50 / p95 (ms)", "FTS5 p50 / p95", "tantivy p50 / p95", "slowest query"]
UPDATE_HEADERS = ["articles", f"add {ADDED:,} articles", "peak memory (largest / all)", "first search after build",
                  "first search after add", "cold search (median)", f"batch of {BATCH_QUERIES:,}: peak memory"]


def summary_rows(corpus: str, figures: dict[str, Any]) -> list[list[Any]]:
    b, lat, cold = figures["build"], figures["latency"], figures["cold_seconds"]

    def row(label: str, values: dict[str, float | None]) -> list[Any]:
        g = values.get("Gazette")
        return [
            corpus, label, g, values.get("FTS5"), values.get("tantivy"),
            common.ratio(g, values.get("FTS5")), common.ratio(g, values.get("tantivy")),
        ]

    return [
        row("build, normalization included (articles/s)", {e: b[e]["rate_included"] for e in ENGINES}),
        row("build, normalization excluded (articles/s)", {e: b[e].get("rate_excluded") for e in ENGINES}),
        row("index size (MiB)", {e: b[e]["size_bytes"] / 2**20 for e in ENGINES}),
        row("peak memory of the largest build process (MiB)", {e: b[e]["peak_mib"] for e in ENGINES}),
        row("query p50 (ms)", {e: lat[e]["p50_ms"] for e in ENGINES}),
        row("query p95 (ms)", {e: lat[e]["p95_ms"] for e in ENGINES}),
        row("cold search process (s)", {e: cold.get(e) for e in ENGINES}),
    ]


def check_targets(results: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for label, corpus, limit, sense in TARGETS:
        figures = results[corpus]
        b, lat = figures["build"], figures["latency"]
        value = {
            "p50 ratio Gazette/FTS5 (ms)": common.ratio(lat["Gazette"]["p50_ms"], lat["FTS5"]["p50_ms"]),
            "p95 Gazette (ms)": lat["Gazette"]["p95_ms"],
            "p50 Gazette (ms)": lat["Gazette"]["p50_ms"],
            "cold `gazette search` (s)": figures["cold_seconds"]["Gazette"],
            "build Gazette, normalization included (articles/s)": b["Gazette"]["rate_included"],
            "index size ratio Gazette/FTS5": common.ratio(b["Gazette"]["size_bytes"], b["FTS5"]["size_bytes"]),
        }[label]
        passed = value is not None and (value <= limit if sense == "<=" else value >= limit)
        rows.append([f"{label}, {corpus}", f"{sense} {limit:g}", value, "pass" if passed else "FAIL"])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 synthetic articles, fewer cold runs")
    parser.add_argument("--synthetic", type=int, default=None, help="synthetic corpus size [200,000]")
    parser.add_argument("--cold-runs", type=int, default=None, help="cold processes per engine [7]")
    parser.add_argument("--work", type=Path, default=None, help="keep indexes here (default: a temp dir)")
    parser.add_argument("--sizes", default=None, help="comma-separated synthetic sizes: the scaling table only")
    args = parser.parse_args(argv)
    if args.sizes:
        return main_sizes([int(size) for size in args.sizes.split(",")], args)
    size = args.synthetic or (20_000 if args.quick else 200_000)
    cold = args.cold_runs or (3 if args.quick else 7)
    work = args.work or Path(tempfile.mkdtemp(prefix="gazette-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        # The 22 story files: the folder also holds a README and category lists.
        reuters = sorted(common.corpus_path("reuters21578").glob("reut2-*.sgm"))
        start = time.perf_counter()
        normalized = common.load_articles(reuters)
        normalize_seconds = time.perf_counter() - start
        articles = unique(normalized)
        print(f"normalized {len(normalized):,} Reuters stories in {normalize_seconds:.1f} s")
        results: dict[str, Any] = {
            "reuters": measure_corpus("reuters", reuters, articles, normalize_seconds, work, cold)
        }
        synthetic = list(common.synthetic_articles(articles, size))
        synthetic_files = common.write_jsonl(synthetic, work / "synthetic-source")
        start = time.perf_counter()
        synthetic_normalized = unique(common.load_articles(synthetic_files))
        synthetic_seconds = time.perf_counter() - start
        results["synthetic"] = measure_corpus(
            "synthetic", synthetic_files, synthetic_normalized, synthetic_seconds, work, cold
        )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    headers = ["corpus", "figure", "Gazette", "FTS5", "tantivy", "Gazette/FTS5", "Gazette/tantivy"]
    rows = summary_rows("Reuters", results["reuters"]) + summary_rows(f"synthetic {size:,}", results["synthetic"])
    print("\n" + common.markdown_table(headers, rows))
    targets = check_targets(results)
    print("\n" + common.markdown_table(["target", "limit", "measured", "result"], targets))
    for corpus, figures in results.items():
        print(
            f"\n{corpus}: {len(figures['queries'])} queries, Gazette total equal to FTS5's on "
            f"{figures['totals_equal_to_fts5']} (analyzers differ: stop words, stemmers)"
        )
    path = common.save_results(
        "speed", {"synthetic_size": size, "results": results, "targets": targets, "table": rows}
    )
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


def main_sizes(sizes: list[int], args: argparse.Namespace) -> int:
    cold = args.cold_runs or 5
    work = args.work or Path(tempfile.mkdtemp(prefix="gazette-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    try:
        base = unique(common.load_articles(sorted(common.corpus_path("reuters21578").glob("reut2-*.sgm"))))
        for size in sizes:
            results[str(size)] = measure_size(base, size, work, cold)
            table, updates = sizes_rows(results)
            print("\n" + common.markdown_table(SIZES_HEADERS, table[-1:]), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table, updates = sizes_rows(results)
    print("\n" + common.markdown_table(SIZES_HEADERS, table))
    print("\n" + common.markdown_table(UPDATE_HEADERS, updates))
    print(f"\nload average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    path = common.save_results("speed-sizes", {"sizes": sizes, "results": results, "table": table, "updates": updates})
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--build-worker":
        figures = build_worker(sys.argv[2], Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]])
        print(json.dumps(figures))
    else:
        sys.exit(main())
