"""The ``gazette`` command line: a thin layer of Click commands over corpus, index and search.

Library imports happen inside each command so that ``gazette search`` loads only what a
search needs.
"""
from __future__ import annotations

import functools
import shlex
from pathlib import Path
from typing import Any, Callable

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class

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
    @click.option(
        "--engine",
        metavar="URL",
        default=None,
        help="Use an OpenSearch index instead of the local one: opensearch://HOST:PORT[,HOST:PORT]/INDEX or "
        "https://HOST:PORT/INDEX [default: $GAZETTE_ENGINE]. Credentials: GAZETTE_ENGINE_USER and "
        "GAZETTE_ENGINE_PASSWORD, or a netrc file (GAZETTE_NETRC, else ~/.netrc).",
    )
    @functools.wraps(command)
    def wrapper(*args, index_dir: Path | None, engine: str | None, **kwargs):
        from search.engine import engine_url

        click.get_current_context().meta[ENGINE] = engine_url(engine)
        return command(*args, index_dir=index_dir or default_index_dir(), **kwargs)

    return wrapper


#: ``ctx.meta`` key of the engine URL of --engine or GAZETTE_ENGINE (None: the local index).
ENGINE = "gazette.engine"


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


#: ``--gazetteer FILE`` (repeatable), shared by the commands that find people in articles.
gazetteer_option = click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra gazetteer file of people and aliases (repeatable).",
)


#: ``ctx.meta`` key of the index a command reads (see :class:`_Gazette`).
READING_INDEX = "gazette.index_dir"


class _Gazette(click.Group):
    """Every command: a problem with the index, met anywhere, is one message and exit 1.

    An unexpected error while a command reads an index (Whoosh failing to decode a damaged
    segment, Click's "Aborted!" for an EOFError) is explained by checking every file of the
    index against its seal: damage is named; on an intact index the error is a bug and keeps
    its traceback.
    """

    def invoke(self, ctx: click.Context):
        from index.errors import IndexProblem

        try:
            return super().invoke(ctx)
        except IndexProblem as problem:
            raise click.ClickException(str(problem)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception:
            index_dir = ctx.meta.get(READING_INDEX)
            if index_dir is None:
                raise
            from index.errors import IndexMissing
            from index.store import check_index

            try:
                check_index(index_dir)
            except IndexMissing:
                pass  # nothing committed yet: the error is not the index's
            except IndexProblem as problem:
                raise click.ClickException(str(problem)) from None
            raise


@click.group(cls=_Gazette, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gazette")
def main() -> None:
    """Gazette: normalize, index and search a corpus of news articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@format_option("jsonl", "json")
@gazetteer_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: CPU count].")
def parse(paths: tuple[Path, ...], fmt: str, gazetteers: tuple[Path, ...], jobs: int | None) -> None:
    """Normalize the articles in PATHS (files or folders, read recursively).

    Prints one JSON article per line (or a JSON array with --format json): id, path,
    position, headline, date, year, date_from, source, people, leaders, body, url,
    authors. Files or records that cannot be read are reported on stderr as
    "path: reason" and skipped; a summary line ends the run.

    Formats, by extension and content: text pages (.txt), HTML (.html, .htm), JSON lines
    (.jsonl, .json), XML collections and feeds (.xml), Reuters and TREC SGML (.sgm, .sgml).
    Only regular files are read (FIFOs, devices and broken links are reported), each up to
    256 MB: set GAZETTE_MAX_FILE_MB to change the cap.
    """
    import json
    import os
    import time

    from corpus.files import max_file_bytes
    from corpus.pipeline import load_gazetteer, parse_paths

    started = time.perf_counter()
    try:
        max_file_bytes()
    except ValueError as error:
        raise click.UsageError(str(error)) from error
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
    seconds = time.perf_counter() - started
    click.echo(
        f"{_plural(counts['articles'], 'article')} from {_plural(counts['files'], 'file')}, "
        f"{_plural(counts['problems'], 'problem')} in {seconds:.1f} s ({counts['articles'] / max(seconds, 1e-9):,.0f} articles/s)",
        err=True,
    )


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Read every indexed file and PATH again into a new index.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for reading articles [default: number of cores].",
)
@click.option("--sample", is_flag=True, help="Also index the built-in sample corpus.")
@click.option("--prune", is_flag=True, help="Remove the articles of deleted files, however many.")
@click.option("--dry-run", is_flag=True, help="Say what the run would add, update and remove; write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="List the files of unsupported types found in the folders.")
@gazetteer_option
def index_command(
    paths: tuple[Path, ...],
    index_dir: Path,
    rebuild: bool,
    jobs: int | None,
    sample: bool,
    prune: bool,
    dry_run: bool,
    verbose: bool,
    gazetteers: tuple[Path, ...],
) -> None:
    """Index the articles under PATH... (files or folders), updating the index incrementally.

    Unchanged files are not read again, edited files replace their articles, and articles
    of other folders in the index are left alone. Readers keep seeing the previous index
    until the new one is committed.

    Files deleted under PATH have their articles removed, unless that would remove all of
    a folder's articles or more than a tenth of them (an empty or unmounted folder): then
    Gazette asks on a terminal, and otherwise keeps them and says so; --prune removes them.
    A changed gazetteer (--gazetteer, or none after one) re-resolves the people of every
    indexed article from the index itself, whatever PATHs are given.

    Files of other types in the folders (.pdf, .md...) are counted on stderr and listed
    with --verbose; .gz and .bz2 copies of supported files are read. A folder's
    gazette.toml names its collection, and a source and year for articles without one.
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
    engine = click.get_current_context().meta.get(ENGINE)
    if engine:
        return _index_engine(engine, paths, rebuild, jobs, prune, dry_run, gazetteers)
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    click.get_current_context().meta[READING_INDEX] = index_dir
    try:
        report = build(
            list(paths),
            index_dir,
            rebuild=rebuild,
            jobs=jobs,
            progress=progress,
            gazetteers=gazetteers,
            allow_removal=_removal_answer(prune, dry_run, progress),
            dry_run=dry_run,
        )
    except IndexProblem as problem:
        raise click.ClickException(str(problem)) from None
    finally:
        if progress:
            progress.close()
    _print_build_report(report, index_dir, verbose)


def _index_engine(url: str, paths, rebuild: bool, jobs, prune: bool, dry_run: bool, gazetteers) -> None:
    """``gazette index --engine URL``: bulk-load the articles into the cluster."""
    from corpus.paths import one_line, printable
    from index.opensearch_load import load

    if dry_run:
        raise click.UsageError("--dry-run works on a local index only; leave out --engine")
    report = load(list(paths), _engine_url(url), rebuild=rebuild, prune=prune, jobs=jobs, gazetteers=gazetteers)
    for path, reason in report.skipped:
        click.echo(f"skipped {printable(path)}: {one_line(reason)}", err=True)
    _echo_reresolved(report, "cluster")
    if report.kept:
        click.echo(f"kept: the articles of {len(report.kept):,} files gone from disk; run again with --prune "
                   "to remove them.", err=True)
    click.echo(f"Articles: {report.added:,} sent, {report.removed:,} removed.")
    click.echo(f"Files: {report.files_read:,} read, {report.files_unchanged:,} unchanged, "
               f"{report.files_removed:,} removed, {len({p for p, _ in report.skipped}):,} with problems.")
    click.echo(f"Cluster index {url}: {report.documents:,} unique documents; {report.seconds:.1f} s"
               + (f", {report.rate:,.0f} articles/s" if report.added else "")
               + (f"; {report.retries:,} bulk requests sent again" if report.retries else "") + ".")


def _echo_reresolved(report: Any, store: str, would: bool = False) -> None:
    """Say that a changed gazetteer (or finder) had the people of the stored articles found again."""
    if report.reresolved:
        click.echo(
            f"The gazetteer changed: people found again in {report.reresolved:,} indexed documents from the "
            f"{store}'s own text ({report.people_changed:,} {'would change' if would else 'changed'}); "
            "no file was read again for it.",
            err=True,
        )


def _engine_url(url: str):
    from search.opensearch.connection import EngineURLError, parse_url

    try:
        return parse_url(url)
    except EngineURLError as error:
        raise click.BadParameter(str(error), param_hint="'--engine'") from None


def _removal_answer(prune: bool, dry_run: bool, progress) -> Callable:
    """Whether a build may remove the articles of a folder's deleted files (:class:`index.build.Removal`):
    yes with --prune, the user's answer on a terminal, else no."""

    def answer(removal) -> bool:
        if prune:
            return True
        if dry_run or not _interactive():
            return False
        if progress:
            progress.close()
        return click.confirm(f"{_removal_text(removal)}. Remove them?", default=False, err=True)

    return answer


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


def _removal_text(removal) -> str:
    from corpus.paths import printable

    share = "all of its articles" if removal.everything else f"of its {removal.of_articles:,}"
    return (
        f"{removal.files:,} file{'s' * (removal.files != 1)} indexed under {printable(removal.root)} "
        f"{'is' if removal.files == 1 else 'are'} gone: {removal.articles:,} articles ({share})"
    )


def _print_build_report(report, index_dir: Path, verbose: bool = False) -> None:
    from collections import Counter

    from corpus.paths import one_line, printable

    would = report.dry_run
    if report.damage:
        click.echo(f"Rebuilt over a damaged index ({report.damage.split('; run ')[0]}).", err=True)
    _echo_reresolved(report, "index", would)
    if report.stale_lock:
        click.echo(f"Cleared a stale lock left by a build that died ({report.stale_lock.describe()}).", err=True)
    for skipped in report.skipped:
        click.echo(f"skipped {printable(skipped.path)}: {one_line(skipped.reason)}", err=True)
    if report.unsupported:
        if verbose:
            for path in report.unsupported:
                click.echo(f"unsupported: {printable(path)}", err=True)
        kinds = Counter(Path(path).suffix.lower() or "(no extension)" for path in report.unsupported)
        listed = ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        click.echo(f"Not read: {_plural(len(report.unsupported), 'file')} of unsupported types ({listed})"
                   + ("." if verbose else "; --verbose lists them."), err=True)
    for removal in report.kept:
        click.echo(
            f"kept: {_removal_text(removal)}. The folder may be empty or unmounted; "
            f"run again with --prune to remove them.",
            err=True,
        )
    click.echo(
        f"Articles: {report.added:,} {'to add' if would else 'added'}, {report.updated:,} "
        f"{'to update' if would else 'updated'}, {report.removed:,} {'to remove' if would else 'removed'}, "
        f"{report.unchanged:,} unchanged."
    )
    click.echo(
        f"Files: {report.files_read:,} {'to read' if would else 'read'}, {report.files_unchanged:,} unchanged, "
        f"{report.files_removed:,} {'to remove' if would else 'removed'}, "
        f"{len({s.path for s in report.skipped}):,} with problems."
    )
    if would:
        click.echo(f"Dry run: the index {index_dir} is unchanged ({report.articles:,} articles after a real run).")
        return
    rate = f", {report.rate:,.0f} articles/s" if report.added + report.updated else ""
    click.echo(
        f"Index {index_dir}: {report.articles:,} articles ({report.documents:,} unique documents); "
        f"{report.seconds:.1f} s{rate}."
    )


def _plural(count: int, noun: str) -> str:
    """``1 problem``, ``2 problems``, ``1,000 files``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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
@click.option("--check", is_flag=True, help="Also read every file of the index and compare it with its checksum.")
def stats_command(index_dir: Path, fmt: str, check: bool) -> None:
    """What the index holds: articles, date range, size on disk, years, top sources and leaders."""
    import json

    from index.stats import index_stats
    from index.store import check_index

    if click.get_current_context().meta.get(ENGINE):
        if check:
            raise click.UsageError("--check reads the files of a local index; leave out --engine")
        engine = _open_searcher(index_dir)
        try:
            stats = engine.stats()
        finally:
            engine.close()
    else:
        click.get_current_context().meta[READING_INDEX] = index_dir
        if check:
            check_index(index_dir)
        stats = index_stats(index_dir)
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    dates = stats["date_range"]
    lines = [
        f"Index:     {stats['index']} ({stats['generation']}, built {stats['built']})",
        f"Articles:  {stats['articles']:,} ({stats['documents']:,} unique documents) from {stats['files']:,} files",
        f"Dates:     {dates['first'] or '-'} to {dates['last'] or '-'} ({stats['undated']:,} undated)",
        f"Size:      {_size(stats['size_bytes'])} on disk",
        "Per year:  " + (", ".join([*(f"{y} {n:,}" for y, n in stats["years"].items()),
                                    *([f"undated {stats['undated']:,}"] if stats["undated"] else [])]) or "-")
        + " (documents)",
    ]
    for title, key in (("Top sources (documents)", "sources"), ("Top leaders (documents)", "leaders")):
        lines.append(f"{title}:")
        lines.extend(f"  {row['documents']:>8,}  {row['name']}" for row in stats[key])
        if not stats[key]:
            lines.append("  -")
    if check:
        lines.append("Checked:   every file matches its checksum")
    click.echo("\n".join(lines))


# -- searching (H-SEARCH): thin commands over the search package --------------------------


def _complete_names(field: str) -> Callable:
    """Shell completion of --person/--leader/--source from the names in the index."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        try:
            import search

            with search.open(ctx.params.get("index_dir") or default_index_dir()) as searcher:
                return searcher.table(field).completions(incomplete)
        except Exception:  # completion must never print a traceback into the shell
            return []

    return complete


class _QuotingBashComplete(BashComplete):
    """Bash inserts a completion as it is: a name with a space must come back quoted
    (``'Gordon Brown'``), or it runs as two words. Zsh and fish quote by themselves."""

    def format_completion(self, item: CompletionItem) -> str:
        if item.type == "plain":
            return f"plain,{shlex.quote(item.value)}"
        return super().format_completion(item)


add_completion_class(_QuotingBashComplete, "bash")


def _search_options(*, sort: bool = True, facets: bool = True) -> Callable:
    """Filters, facets and paging shared by search, batch, similar (and filters by timeline)."""
    from search.constants import FACETS, SORTS

    options = [
        click.option("--person", multiple=True, metavar="NAME", shell_complete=_complete_names("people"),
                     help="Only articles naming this person, in any spelling or alias (repeat: all must match)."),
        click.option("--leader", multiple=True, metavar="NAME", shell_complete=_complete_names("leaders"),
                     help="Only articles naming this leader (repeat: all must match)."),
        click.option("--year", multiple=True, metavar="YYYY[-YYYY]",
                     help="Only articles from this year or span of years, or 'undated' (repeat: any of them)."),
        click.option("--from", "date_from", metavar="DATE",
                     help="Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--to", "date_to", metavar="DATE",
                     help="Only articles dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--source", multiple=True, metavar="NAME", shell_complete=_complete_names("source"),
                     help="Only articles from this source, or '(unknown)' (repeat: any of them)."),
        click.option("--collection", multiple=True, metavar="NAME", shell_complete=_complete_names("collection"),
                     help="Only articles of this collection (a folder's gazette.toml), or '(unknown)' (repeat: any)."),
    ]
    if facets:
        options += [
            click.option("--facet", "facets", multiple=True, type=click.Choice(FACETS),
                         help="Count the matching articles per value of this field (repeatable)."),
            click.option("--facet-limit", type=click.IntRange(min=1), default=10, show_default=True,
                         help="Values shown per facet."),
            click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
                         help="Articles per page."),
            click.option("--page", type=click.IntRange(min=1), default=1, show_default=True,
                         help="Page of results to show."),
        ]
    if sort:
        options.append(click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
                                    help="relevance (ties: newer first), date (oldest first) or -date (newest first)."))

    def decorate(command: Callable) -> Callable:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def match_option(command: Callable) -> Callable:
    """--match all|any for search and batch."""
    from search.constants import MATCHES

    return click.option(
        "--match", type=click.Choice(MATCHES), default="auto", show_default=True,
        help="auto: articles with every bare word first, and when they are fewer than a page, those with some "
        "of the words after them, ranked; all: every word must match; any: at least one.",
    )(command)


def _open_searcher(index_dir: Path):
    """The engine of --engine (or GAZETTE_ENGINE), else the local index (:mod:`search.engine`);
    a problem with either is one message (see :class:`_Gazette`)."""
    from search.engine import open_engine

    url = click.get_current_context().meta.get(ENGINE)
    if url:
        return open_engine(str(_engine_url(url)), index_dir)
    click.get_current_context().meta[READING_INDEX] = index_dir
    return open_engine(None, index_dir)


def _user_error(error: Exception) -> click.ClickException:
    """QueryError -> exit 2 (naming the option at fault); ArticleNotFound -> exit 1."""
    from search.errors import QueryError

    if isinstance(error, QueryError):
        if error.option:
            return click.BadParameter(error.text(), param_hint=f"'{error.option}'")
        return click.UsageError(error.text())
    return click.ClickException(str(error))


def _width() -> int:
    import shutil

    return min(shutil.get_terminal_size((100, 24)).columns, 110)


def _echo(text: str) -> None:
    """Print with colour on a terminal only, and never when NO_COLOR is set."""
    import os

    click.echo(text, color=False if os.environ.get("NO_COLOR") else None)


def export_options(command: Callable) -> Callable:
    """--all and --fields, for the commands that write records (csv, json, jsonl)."""
    from search.export import DEFAULT_FIELDS, FIELDS

    command = click.option(
        "--fields", metavar="NAME,...",
        help=f"Fields of each csv/json/jsonl record, comma-separated, among {', '.join(FIELDS)} "
             f"[default: {','.join(DEFAULT_FIELDS)}].",
    )(command)
    return click.option(
        "--all", "all_hits", is_flag=True,
        help="Write every matching article (csv, json, jsonl), streamed as it is read: --limit and --page do not apply.",
    )(command)


def _export_fields(fmt: str, all_hits: bool, fields: str | None) -> tuple[str, ...] | None:
    """The record fields asked for with --fields (None: the format's own; text takes neither option)."""
    from search.export import check_fields
    from search.errors import QueryError

    if fmt == "text":
        if all_hits or fields is not None:
            raise click.UsageError(
                f"{'--all' if all_hits else '--fields'} writes records: add --format csv, json or jsonl"
            )
    if fields is None:
        return None
    try:
        return check_fields(fields)
    except QueryError as error:
        raise _user_error(error) from None


def _print_results(results, fmt: str, heading: str | None = None, fields=None, searcher=None) -> None:
    from search import render
    from search.export import DEFAULT_FIELDS, needs_stored, row

    if fmt == "text":
        _echo(render.results_text(results, _width(), heading))
        return
    stored = searcher is not None and needs_stored(fields)
    rows = [row(hit, fields, searcher.show(hit.id).__dict__ if stored else None) for hit in results.hits]
    if fmt == "json":
        _echo(render.to_json({**results.to_dict(), "hits": rows}))
    elif fmt == "jsonl":
        if rows:
            _echo("\n".join(render.jsonl_lines(rows)))
    else:
        _echo("\n".join(render.csv_lines(rows, fields or DEFAULT_FIELDS)))
    if fmt != "json":
        for line in render.record_notes(results):
            click.echo(line, err=True)
    _note_truncated(results)


def _note_truncated(results) -> None:
    """On stderr, when a file or a pipe gets fewer records than there are matching articles."""
    import sys

    shown = len(results.hits)
    if shown >= results.total or sys.stdout.isatty():
        return
    first = (results.page - 1) * results.limit + 1
    which = f"{first:,}-{first + shown - 1:,}" if shown else "none"
    click.echo(
        f"Wrote {shown:,} of {results.total:,} matching articles ({which}, --limit {results.limit} "
        f"--page {results.page}); add --all for every one.",
        err=True,
    )


def _stream_results(searcher, query: str, fmt: str, fields: tuple[str, ...] | None, options: dict) -> None:
    """Every matching article, written as it is read (search --all)."""
    from search import render
    from search.export import DEFAULT_FIELDS, stream

    filters = {k: v for k, v in options.items() if k not in ("limit", "page", "facets", "facet_limit", "sort", "match")}
    facets = searcher.search(query, **{**options, "limit": 0, "page": 1}).facets if options.get("facets") else {}
    total, rows = stream(searcher, query, fields=fields, sort=options["sort"], match=options["match"], **filters)
    if fmt == "csv":
        lines = render.csv_lines(rows, fields or DEFAULT_FIELDS)
    elif fmt == "jsonl":
        lines = render.jsonl_lines(rows)
    else:
        tail = {"facets": {name: [v.to_dict() for v in values] for name, values in facets.items()}}
        lines = render.json_lines({"query": query, "total": total}, rows, tail)
    for line in lines:
        click.echo(line)


@main.command("search")
@click.argument("query", nargs=-1)
@index_option
@_search_options()
@match_option
@format_option("text", "json", "jsonl", "csv")
@export_options
def search_command(
    query: tuple[str, ...], index_dir: Path, fmt: str, all_hits: bool, fields: str | None, **options
) -> None:
    """Search the index: articles with every QUERY word first, then (when they are fewer
    than a page) those with some of the words; --match all: only the first.

    \b
    Query language:
      kim summit                 both words (in headline, body or people's names)
      kim OR xi                  either word;  summit NOT trump  excludes a word
      "kim jong un"              exact phrase;  (kim OR xi) summit  groups
      headline:summit            one field: headline, body, people, leaders, source, year, date
      people:"Moon Jae-in"       exact person (any alias);  source:reuters
      year:[2018 TO 2019]        range;  date:[2018-05-01 TO 2018-06-30]
      denucl*  pyongyang~        prefix; fuzzy (one typo; pyongyang~2: two)

    Every query is answered or refused at once: at most 10,000 characters, 256 words,
    16 words in phrases, fuzzy~2, and a prefix or wildcard (also *kistan) that stands
    for at most 256 words of the index.

    An empty QUERY with filters lists the matching articles, newest first. Facets count
    all matching articles, not only the page shown. --format csv, json and jsonl write a
    page of records (a note on stderr says when more match) or, with --all, every one;
    --fields chooses their fields (body, url, authors... too). Exit status: 0 (also with
    no hits), 2 for a query or option that cannot be understood, 1 for other errors.
    """
    from search.errors import QueryError

    chosen = _export_fields(fmt, all_hits, fields)
    searcher = _open_searcher(index_dir)
    try:
        if all_hits:
            _stream_results(searcher, " ".join(query), fmt, chosen, options)
            return
        results = searcher.search(" ".join(query), **options)
        _print_results(results, fmt, fields=chosen, searcher=searcher)
    except QueryError as error:
        raise _user_error(error) from None
    finally:
        searcher.close()


@main.command("show")
@click.argument("article_id", metavar="ID")
@click.argument("query", nargs=-1)
@index_option
@format_option("text", "json")
def show_command(article_id: str, query: tuple[str, ...], index_dir: Path, fmt: str) -> None:
    """Show the whole article ID (an id from `gazette search`, or its first characters),
    with the words of QUERY highlighted when one is given.

    Path is where the article was read: a file, or FILE#N for the Nth record of an
    archive (reut2-003.sgm#368); `gazette open ID` opens it.
    """
    from search import render
    from search.errors import ArticleNotFound, QueryError
    from search.highlight import marked

    searcher = _open_searcher(index_dir)
    try:
        article = searcher.show(article_id)
        marks = marked(searcher, article, " ".join(query)) if query and fmt == "text" else None
    except (ArticleNotFound, QueryError) as error:
        raise _user_error(error) from None
    finally:
        searcher.close()
    _echo(render.to_json(article.to_dict()) if fmt == "json" else render.article_text(article, _width(), marks))


@main.command("open")
@click.argument("article_id", metavar="ID")
@index_option
def open_command(article_id: str, index_dir: Path) -> None:
    """Open the file article ID was read from in $PAGER (else $EDITOR, else less).

    For a record of an archive (FILE#N), the whole file opens; the record's number is
    printed first.
    """
    import os
    import subprocess

    from corpus.paths import printable
    from search.errors import ArticleNotFound
    from search.highlight import original

    searcher = _open_searcher(index_dir)
    try:
        article = searcher.show(article_id)
    except ArticleNotFound as error:
        raise _user_error(error) from None
    finally:
        searcher.close()
    path, position = original(article.path or "")
    if not path or not os.path.isfile(path):
        raise click.ClickException(f"the file of article {article.id} is gone: {printable(path or '-')}; "
                                   "`gazette show` prints the indexed text")
    viewer = os.environ.get("PAGER") or os.environ.get("EDITOR") or "less"
    if position is not None:
        click.echo(f"Article {article.id} is record {position} of {printable(path)}.", err=True)
    try:
        status = subprocess.call([*shlex.split(viewer), path])
    except OSError as error:
        raise click.ClickException(f"cannot run {viewer!r}: {error.strerror or error}; set PAGER or EDITOR") from None
    if status:
        raise click.ClickException(f"{viewer} exited with status {status}")


@main.command("batch")
@click.argument("requests", metavar="FILE|-", type=click.File("rb"))
@index_option
@_search_options()
@match_option
@click.pass_context
def batch_command(ctx: click.Context, requests, index_dir: Path, **options) -> None:
    """Run many searches in one process: one query per line of FILE (or stdin for -).

    A line is a plain query, or a JSON object keyed by the long options of `search`:
    {"query": "summit", "person": ["Xi Jinping"], "year": ["2019"], "facet": ["year"], "limit": 5,
    "match": "any"}. Options given here apply to every line (a line's own value wins;
    repeatable options add up). Prints one JSON object per line, in order, as
    `search --format json` does; a line that cannot be run (not UTF-8, not valid JSON, a
    query or option Gazette cannot read) prints {"line": N, "query": ..., "error": ...},
    the other lines are still answered, and the exit status is 2.
    Blank lines are skipped.
    """
    import sys

    from search import render
    from search.batch import run

    searcher = _open_searcher(index_dir)
    failed: list[int] = []
    try:
        for answer in run(searcher, requests, options):
            if "error" in answer:
                failed.append(answer["line"])
            click.echo(render.to_json(answer, indent=None))
    finally:
        searcher.close()
    if failed:
        lines = render.number_ranges(failed)
        click.echo(f"{len(failed)} request(s) could not be run ({lines}); see their \"error\" fields", err=True)
        sys.stdout.flush()
        ctx.exit(2)


@main.command("similar")
@click.argument("article_id", metavar="ID")
@index_option
@_search_options(sort=False)
@format_option("text", "json", "jsonl", "csv")
def similar_command(article_id: str, index_dir: Path, fmt: str, **options) -> None:
    """Articles most like the article ID (by its key terms), best first."""
    from search.errors import ArticleNotFound, QueryError

    searcher = _open_searcher(index_dir)
    try:
        results = searcher.similar(article_id, **options)
        headline = searcher.show(article_id).headline
    except (QueryError, ArticleNotFound) as error:
        raise _user_error(error) from None
    finally:
        searcher.close()
    _print_results(results, fmt, heading=f'like "{headline}"')


@main.command("timeline")
@click.argument("query", nargs=-1)
@index_option
@_search_options(sort=False, facets=False)
@click.option("--by", type=click.Choice(["auto", "day", "week", "month", "year"]), default="year", show_default=True,
              help="Count per day, week, month or year; auto picks one from the span of the dates.")
@click.option("--share", is_flag=True, help="Show each period's matches as a share of all its articles.")
@format_option("text", "json")
def timeline_command(query: tuple[str, ...], index_dir: Path, by: str, share: bool, fmt: str, **filters) -> None:
    """Matching articles per period, drawn as bars (QUERY as for `search`).

    Runs of empty periods are drawn as one line. Peaks (periods far above the typical one)
    are listed and do not stretch the other bars; outliers (articles dated far from the
    rest, such as one article of 1902 among the 1980s) are listed and do not decide --by
    auto. With --share a spike that is only a busier period of the corpus stays flat.
    """
    from search import render
    from search.errors import QueryError

    searcher = _open_searcher(index_dir)
    try:
        timeline = searcher.timeline(" ".join(query), by=by, share=share, **filters)
    except QueryError as error:
        raise _user_error(error) from None
    finally:
        searcher.close()
    _echo(render.to_json(timeline.to_dict()) if fmt == "json" else render.timeline_text(timeline, _width()))


@main.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every network of this machine; Gazette then warns).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in the web browser.")
def serve_command(index_dir: Path, host: str, port: int, open_browser: bool) -> None:
    """Browse the index in a web browser: search with facets, a timeline, articles and people.

    Serves http://127.0.0.1:8000/ until Ctrl-C; the JSON API at /api/search (and /api/show,
    /api/similar, /api/timeline) answers as `gazette search --format json` does.
    """
    from web.serve import serve

    engine = click.get_current_context().meta.get(ENGINE)
    click.get_current_context().meta[READING_INDEX] = index_dir
    try:
        serve(index_dir, host, port, open_browser, lambda line: click.echo(line, err=True), engine)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host} port {port}: {error.strerror or error}; "
                                   f"choose another with --port (or --host)") from None


if __name__ == "__main__":  # pragma: no cover
    main()
