"""Peak memory of `gazette search --all --format csv` over a million synthetic hits.

    python benchmarks/export_memory.py                      # 1,000,000 hits: 250,000 articles, 4 copies
    python benchmarks/export_memory.py --count 50000 --copies 1   # a quick look
    python benchmarks/export_memory.py --index DIR --keep   # build once into DIR, measure again later

The index holds ``--count`` synthetic articles recombined from the built-in sample corpus
(:func:`benchmarks.common.synthetic_articles`; a body of at most 80 characters, so that
building stays minutes, not hours) and is written straight through the index's own schema and writer;
``--copies`` then makes the index hold that segment several times (each copy's articles
are other documents to a search), so that a million hits need not be built one by one on
a shared machine. Then
`gazette search --all --format csv --index DIR` (every article, newest first) runs in a
subprocess with its output read and counted here; its peak resident memory (the child's
own ru_maxrss, from wait4) is the figure, with the target of issue 16: under 200 MB. Writes
benchmarks/results/export_memory.json.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common  # noqa: E402

TARGET_MB = 200


def build_index(directory: Path, count: int) -> None:
    """Write ``count`` synthetic articles into a new index at ``directory``."""
    from importlib.resources import files

    from whoosh.filedb.filestore import FileStorage

    from index import store, whoosh_fixes
    from index.postings import PoolSegmentWriter
    from index.schema import SCHEMA_VERSION, build_schema, document

    base = common.load_articles([Path(str(files("corpus") / "sample"))])
    whoosh_fixes.apply()
    directory.mkdir(parents=True, exist_ok=True)
    generation = directory / store.generation_name(1)
    generation.mkdir()
    index = FileStorage(str(generation)).create_index(build_schema())
    writer = PoolSegmentWriter(index, limitmb=256)
    for number, article in enumerate(common.synthetic_articles(base, count)):
        article = dataclasses.replace(article, body=article.body.split("\n\n")[0][:80])
        writer.add_document(**document(article, [article.location]))
        if number and number % 100_000 == 0:
            print(f"  {number:,} articles written", file=sys.stderr)
    writer.commit()
    store.write_json(generation / store.META, {"schema_version": SCHEMA_VERSION, "articles": count, "documents": count})
    store.write_json(generation / store.ALIASES, {})
    store.seal(generation)
    store.publish(directory, generation)


def replicate(directory: Path, copies: int) -> None:
    """Make the index's one segment appear ``copies`` times in its table of contents, and
    seal the generation again."""
    import copy

    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    from index import store, whoosh_fixes

    whoosh_fixes.apply()
    generation = store.current_generation(directory)
    storage = FileStorage(str(generation))
    toc = storage.open_index()._read_toc()
    (segment,) = toc.segments
    # The same segment file listed several times: each listing is read as a segment of its
    # own, its documents numbered after the previous ones.
    segments = [segment] + [copy.copy(segment) for _ in range(copies - 1)]
    storage.delete_file(TOC._filename("MAIN", toc.generation))  # rewritten just below
    TOC(toc.schema, segments, toc.generation).write(storage, "MAIN")
    count = segment.doc_count_all() * copies
    store.write_json(generation / store.META, {**store.read_meta(generation), "articles": count, "documents": count})
    store.seal(generation)


def measure(directory: Path) -> dict[str, float | int]:
    """Run the export in a subprocess; count its rows; its peak memory in MB."""
    command = [sys.executable, "-m", "cli", "search", "--all", "--format", "csv", "--index", str(directory)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=common.REPO)
    rows = sum(1 for _ in csv.reader(io.TextIOWrapper(child.stdout, encoding="utf-8", newline=""))) - 1
    _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the builder's workers'
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {os.waitstatus_to_exitcode(status)}")
    seconds = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024
    return {"rows": rows, "seconds": round(seconds, 1), "peak_mb": round(peak_mb, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=250_000, help="synthetic articles to build")
    parser.add_argument("--copies", type=int, default=4, help="times the index holds them (hits: count x copies)")
    parser.add_argument("--index", type=Path, help="index directory (built when it holds no index)")
    parser.add_argument("--keep", action="store_true", help="keep the index for another run")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        build_index(args.index, args.count)
        if args.copies > 1:
            replicate(args.index, args.copies)
        return 0
    directory = args.index or Path(tempfile.mkdtemp(prefix="gazette-export-")) / "index"
    build_seconds = None
    try:
        if not (directory / "CURRENT").exists():
            print(f"building {args.count:,} synthetic articles ({args.copies} copies) into {directory}", file=sys.stderr)
            # In a subprocess: this process stays small, and the export's peak memory, which
            # counts what it shared with this process when forked, is the export's own.
            started = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--build-only", "--count", str(args.count),
                            "--copies", str(args.copies), "--index", str(directory)], check=True)
            build_seconds = round(time.perf_counter() - started, 1)
        figures = measure(directory)
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
    figures.update(articles_built=args.count, copies=args.copies, build_seconds=build_seconds,
                   target_mb=TARGET_MB, met=figures["peak_mb"] < TARGET_MB)
    path = common.save_results("export_memory", figures)
    print(common.markdown_table(["hits (CSV rows)", "seconds", "peak MB", "target MB"],
                                [[figures["rows"], figures["seconds"], figures["peak_mb"], TARGET_MB]]))
    print(f"written to {path}")
    return 0 if figures["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
