"""The ``gazette`` command line: a thin layer of Click commands over corpus, index and search.

Library imports happen inside each command so that ``gazette search`` loads only what a
search needs.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from index.location import default_index_dir


def index_option(command: Callable) -> Callable:
    """``--index DIR`` shared by every command that reads or writes the index."""

    @click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index directory [default: $GAZETTE_INDEX, else ~/.local/share/gazette/index].",
    )
    @functools.wraps(command)
    def wrapper(*args, index_dir: Path | None, **kwargs):
        return command(*args, index_dir=index_dir or default_index_dir(), **kwargs)

    return wrapper


def format_option(*choices: str, default: str | None = None) -> Callable:
    """``--format`` with the given choices, shared by commands that print records."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gazette")
def main() -> None:
    """Gazette: normalize, index and search a corpus of news articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@format_option("jsonl", "json")
@click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra gazetteer file of people and aliases (repeatable).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: CPU count].")
def parse(paths: tuple[Path, ...], fmt: str, gazetteers: tuple[Path, ...], jobs: int | None) -> None:
    """Normalize the articles in PATHS (files or folders, read recursively).

    Prints one JSON article per line (or a JSON array with --format json): id, path,
    position, headline, date, year, date_from, source, people, leaders, body, url,
    authors. Files or records that cannot be read are reported on stderr as
    "path: reason" and skipped; a summary line ends the run.
    """
    import json
    import os

    from corpus.pipeline import load_gazetteer, parse_paths

    try:
        load_gazetteer(gazetteers)
    except (OSError, ValueError) as error:  # unreadable file, or a malformed line in it
        raise click.BadParameter(str(error), param_hint="--gazetteer") from error
    counts = {"articles": 0, "files": 0, "problems": 0}

    def on_problem(problem) -> None:
        counts["problems"] += 1
        click.echo(str(problem), err=True)

    def on_file(_result) -> None:
        counts["files"] += 1

    articles = parse_paths(paths, on_problem, gazetteers, jobs or os.cpu_count() or 1, on_file)
    separator = ",\n" if fmt == "json" else "\n"
    if fmt == "json":
        click.echo("[")
    for article in articles:
        line = json.dumps(article.to_dict(), ensure_ascii=False)
        click.echo((separator if counts["articles"] else "") + line, nl=False)
        counts["articles"] += 1
    if counts["articles"]:
        click.echo()
    if fmt == "json":
        click.echo("]")
    click.echo(
        f"{counts['articles']} articles from {counts['files']} files, {counts['problems']} problems",
        err=True,
    )


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Start afresh instead of updating the index.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for reading articles [default: number of cores].",
)
@click.option("--sample", is_flag=True, help="Also index the built-in sample corpus.")
def index_command(paths: tuple[Path, ...], index_dir: Path, rebuild: bool, jobs: int | None, sample: bool) -> None:
    """Index the articles under PATH... (files or folders), updating the index incrementally.

    Unchanged files are not read again, edited files replace their articles, and files
    deleted under PATH have their articles removed. Readers keep seeing the previous index
    until the new one is committed.
    """
    import sys

    from index.build import build
    from index.errors import IndexProblem
    from index.progress import TerminalProgress

    if sample:
        from importlib.resources import files

        paths = (*paths, Path(str(files("corpus") / "sample")))
    if not paths:
        raise click.UsageError("give at least one PATH to index (or --sample for the built-in sample corpus)")
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = build(list(paths), index_dir, rebuild=rebuild, jobs=jobs, progress=progress)
    except IndexProblem as problem:
        raise click.ClickException(str(problem)) from None
    finally:
        if progress:
            progress.close()
    if report.stale_lock:
        click.echo(f"Cleared a stale lock left by a build that died ({report.stale_lock.describe()}).", err=True)
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    click.echo(
        f"Articles: {report.added:,} added, {report.updated:,} updated, {report.removed:,} removed, "
        f"{report.unchanged:,} unchanged."
    )
    click.echo(
        f"Files: {report.files_read:,} read, {report.files_unchanged:,} unchanged, "
        f"{report.files_removed:,} removed, {len({s.path for s in report.skipped}):,} with problems."
    )
    rate = f", {report.rate:,.0f} articles/s" if report.added + report.updated else ""
    click.echo(
        f"Index {index_dir}: {report.articles:,} articles ({report.documents:,} unique documents); "
        f"{report.seconds:.1f} s{rate}."
    )


def _size(count: int) -> str:
    """Bytes in a readable unit: ``48.2 MB``."""
    value, unit = float(count), "bytes"
    for bigger in ("KB", "MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{count:,} bytes" if unit == "bytes" else f"{value:,.1f} {unit}"


@main.command("stats")
@index_option
@format_option("text", "json")
def stats_command(index_dir: Path, fmt: str) -> None:
    """What the index holds: articles, date range, size on disk, years, top sources and leaders."""
    import json

    from index.errors import IndexProblem
    from index.stats import index_stats

    try:
        stats = index_stats(index_dir)
    except IndexProblem as problem:
        raise click.ClickException(str(problem)) from None
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    dates = stats["date_range"]
    lines = [
        f"Index:     {stats['index']} ({stats['generation']}, built {stats['built']})",
        f"Articles:  {stats['articles']:,} ({stats['documents']:,} unique documents) from {stats['files']:,} files",
        f"Dates:     {dates['first'] or '-'} to {dates['last'] or '-'} ({stats['undated']:,} undated)",
        f"Size:      {_size(stats['size_bytes'])} on disk",
        "Per year:  " + (", ".join(f"{y} {n:,}" for y, n in stats["years"].items()) or "-"),
    ]
    for title, key in (("Top sources", "sources"), ("Top leaders", "leaders")):
        lines.append(f"{title}:")
        lines.extend(f"  {row['documents']:>8,}  {row['name']}" for row in stats[key])
        if not stats[key]:
            lines.append("  -")
    click.echo("\n".join(lines))


if __name__ == "__main__":  # pragma: no cover
    main()
