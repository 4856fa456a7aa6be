"""Latency of `gazette serve`'s /api/search against the same search through the Python API.

On the Reuters index, with three facets: the p50 over a fixed mix of queries, each asked
ROUNDS times through ``search.Searcher.search`` in this process and through HTTP to a
`gazette serve` subprocess (one kept-alive connection), the two alternating so that other
work on the machine weighs on both alike. Also: how long `gazette serve` takes from launch to
its first answer. Target (issue 12): HTTP p50 within 1.5x the Python API's.

    python benchmarks/web_latency.py [--index DIR] [--rounds N]

Without --index the Reuters corpus is indexed into a temporary folder first.
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import common

FACETS = ("people", "leaders", "month")
QUERIES = (
    "oil", "interest rates", "trade deficit", "wheat exports", "dollar yen", "merger", "quarterly earnings",
    "coffee prices", "opec output", "bank loans", "gold", "money supply", '"crude oil"', "tax reform",
    "japan trade surplus", "stake OR acquisition", "cocoa NOT coffee", "shipping", "inflation", "",
)
ROUNDS = 15
TARGET = 1.5


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, from Linux's /proc (None elsewhere):
    unlike wall time, it does not grow with the other work on a busy machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(index_dir: Path) -> tuple[subprocess.Popen, str, float]:
    """`gazette serve` on a free port; its process, address, and seconds to its first answer."""
    gazette = Path(sys.executable).with_name("gazette")
    started = time.perf_counter()
    process = subprocess.Popen([str(gazette), "serve", "--index", str(index_dir), "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if line.startswith("Serving"):
            url = line.split(" at ")[1].split()[0]
            break
    else:
        raise SystemExit(f"gazette serve did not start (exit {process.wait()})")
    host = urlsplit(url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    connection.request("GET", "/api/search?q=oil")
    connection.getresponse().read()
    connection.close()
    return process, url, time.perf_counter() - started


def measure(index_dir: Path, rounds: int) -> dict:
    import search

    process, url, start_seconds = start_server(index_dir)
    start_cpu = cpu_seconds(process.pid)
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    python_times: list[float] = []
    http_times: list[float] = []
    try:
        with search.open(index_dir) as searcher:
            for query in QUERIES:
                path = "/api/search?" + urlencode([("q", query), *(("facet", f) for f in FACETS)])
                for number in range(rounds + 2):  # two warm-up rounds
                    began = time.perf_counter()
                    searcher.search(query, facets=FACETS)
                    api_seconds = time.perf_counter() - began
                    began = time.perf_counter()
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    http_seconds = time.perf_counter() - began
                    if response.status != 200:
                        raise SystemExit(f"{path}: HTTP {response.status}")
                    if number >= 2:
                        python_times.append(api_seconds)
                        http_times.append(http_seconds)
    finally:
        connection.close()
        process.terminate()
        process.wait(timeout=10)

    def quantile(times: list[float], q: float) -> float:
        return statistics.quantiles(times, n=100)[q - 1] * 1000

    return {
        "queries": len(QUERIES), "rounds": rounds, "facets": list(FACETS),
        "python_p50_ms": statistics.median(python_times) * 1000, "http_p50_ms": statistics.median(http_times) * 1000,
        "python_p95_ms": quantile(python_times, 95), "http_p95_ms": quantile(http_times, 95),
        "serve_start_to_first_answer_s": start_seconds, "serve_start_to_first_answer_cpu_s": start_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index of the Reuters corpus (default: build one)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        index_dir = args.index
        if index_dir is None:
            from index.build import build

            index_dir = Path(work) / "reuters"
            print("indexing Reuters ...", file=sys.stderr)
            build([common.corpus_path("reuters21578")], index_dir)
        figures = measure(index_dir, args.rounds)
    ratio = common.ratio(figures["http_p50_ms"], figures["python_p50_ms"])
    figures["p50_ratio_http_to_python"] = ratio
    print(common.markdown_table(
        ["Reuters, three facets", "Python API", "HTTP /api/search", "ratio", "target"],
        [
            ["p50 (ms)", figures["python_p50_ms"], figures["http_p50_ms"], ratio, f"<= {TARGET}"],
            ["p95 (ms)", figures["python_p95_ms"], figures["http_p95_ms"],
             common.ratio(figures["http_p95_ms"], figures["python_p95_ms"]), ""],
            ["gazette serve: launch to first answer (s)", None, figures["serve_start_to_first_answer_s"], None, "< 1"],
            ["  the same, CPU time of the server (s)", None, figures["serve_start_to_first_answer_cpu_s"], None, "< 1"],
        ],
    ))
    print(f"\n{figures['queries']} queries x {figures['rounds']} rounds; results in {common.save_results('web_latency', figures)}")
    if ratio is not None and ratio > TARGET:
        sys.exit(f"HTTP p50 is {ratio:.2f}x the Python API's (target {TARGET}x)")


if __name__ == "__main__":
    main()
