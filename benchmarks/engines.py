"""Engine against engine on this machine: the local Whoosh index and a two-node OpenSearch
cluster on 127.0.0.1 (the test cluster of tests/cluster_fixtures.py, 512 MB heap per node),
fed the same files through the same normalizing pipeline.

    python benchmarks/engines.py                    # Reuters + 200,000 synthetic articles
    python benchmarks/engines.py --synthetic 20000  # a smaller synthetic corpus
    python benchmarks/engines.py --hosts 127.0.0.1:9200,127.0.0.1:9201   # a running cluster

Per corpus: build throughput with normalization (unique articles per second of
`gazette index` and of `gazette index --engine`), and query p50/p95 with three facets
(people, year, source) over a mix of queries of benchmarks/speed.py, each asked once per
engine after a warm-up mix, the engines taking turns; and on how many queries the totals agree.
Both engines share the two cores with each other (and with whatever else runs): the JVMs'
background work falls on the local engine's timings too.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402
from benchmarks.adapters import GazetteEngine, OpenSearchClusterEngine  # noqa: E402
from benchmarks.speed import query_mix, time_queries, unique  # noqa: E402

QUERIES = 120


def measure(name: str, paths: list[Path], articles: list[Any], work: Path, url: Any, jobs: int) -> dict[str, Any]:
    print(f"\n## {name}: {len(articles):,} unique articles", flush=True)
    local, cluster = GazetteEngine(), OpenSearchClusterEngine()
    start = time.perf_counter()
    local.build_paths(paths, work / name, jobs=jobs)
    local_seconds = time.perf_counter() - start
    print(f"  local index: {local_seconds:.1f} s", flush=True)
    cluster_seconds = cluster.build_paths(paths, url, jobs=jobs)
    print(f"  cluster load: {cluster_seconds:.1f} s", flush=True)
    local.open(work / name)
    cluster.open(url)
    queries = query_mix(articles, seed=7, size=QUERIES)
    latency = time_queries({"Gazette": local, "OpenSearch": cluster}, query_mix(articles, seed=8, size=40), queries)
    agree = sum(a == b for a, b in zip(latency["Gazette"]["totals"], latency["OpenSearch"]["totals"]))
    for engine in latency.values():
        del engine["ms"]
    return {
        "articles": len(articles),
        "build_seconds": {"Gazette": local_seconds, "OpenSearch": cluster_seconds},
        "articles_per_second": {"Gazette": len(articles) / local_seconds, "OpenSearch": len(articles) / cluster_seconds},
        "queries": len(queries),
        "latency": latency,
        "totals_equal": agree,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=200_000, help="synthetic corpus size [200,000]")
    parser.add_argument("--hosts", default=None, help="HOST:PORT,... of a running cluster (default: start one)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    from search.opensearch.connection import parse_url
    from tests.cluster_fixtures import build_cluster, start_cluster

    work = Path(tempfile.mkdtemp(prefix="gazette-cluster-speed-"))
    cluster = None
    try:
        if args.hosts is None:
            build_cluster()
            cluster = start_cluster(work / "cluster")
            print(f"cluster green in {cluster.started_seconds:.1f} s", flush=True)
        hosts = args.hosts or cluster.hosts
        reuters = sorted(common.corpus_path("reuters21578").glob("reut2-*.sgm"))
        articles = unique(common.load_articles(reuters))
        results = {"reuters": measure("reuters", reuters, articles, work, parse_url(f"opensearch://{hosts}/bench-reuters"),
                                      args.jobs)}
        synthetic = list(common.synthetic_articles(articles, args.synthetic))
        files = common.write_jsonl(synthetic, work / "synthetic-source")
        normalized = unique(common.load_articles(files))
        results["synthetic"] = measure("synthetic", files, normalized, work,
                                       parse_url(f"opensearch://{hosts}/bench-synthetic"), args.jobs)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for corpus, figures in results.items():
        rate, lat = figures["articles_per_second"], figures["latency"]
        rows.append([corpus, f"{figures['articles']:,}", f"{rate['Gazette']:,.0f}", f"{rate['OpenSearch']:,.0f}",
                     f"{lat['Gazette']['p50_ms']:.1f} / {lat['Gazette']['p95_ms']:.1f}",
                     f"{lat['OpenSearch']['p50_ms']:.1f} / {lat['OpenSearch']['p95_ms']:.1f}",
                     f"{figures['totals_equal']}/{figures['queries']}"])
    headers = ["corpus", "articles", "Gazette articles/s", "OpenSearch articles/s", "Gazette p50/p95 ms",
               "OpenSearch p50/p95 ms", "equal totals"]
    print("\n" + common.markdown_table(headers, rows))
    path = common.save_results("engines", {"synthetic_size": args.synthetic, "results": results, "table": rows,
                                                 "load_average": os.getloadavg()})
    print(f"\nwrote {path.relative_to(common.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
