"""Results as people read them on a terminal, and as scripts read them (JSON, JSON lines, CSV).

Styling is done with ``click.style``; whether colour reaches the screen is decided when the
text is printed (terminal or not, ``NO_COLOR``).
"""
from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from typing import Any, Iterable, Iterator, Sequence

import click

from search.results import Article, FacetValue, Hit, Results, Snippet, Timeline

FACET_TITLES = {
    "people": "People", "leaders": "Leaders", "year": "Year", "month": "Month", "source": "Source",
    "collection": "Collection",
}
CSV_COLUMNS = ("id", "headline", "date", "year", "source", "people", "leaders", "score", "snippet", "path")
#: Fields whose list values a CSV cell joins with "; ".
_LIST_SEPARATOR = "; "
BAR = "█"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


#: Floats in this range are written alike by orjson and Python's ``repr`` (plain decimals,
#: shortest round trip); outside it each has its own way with exponents.
_PLAIN_FLOATS = (1e-4, 1e16)


def _orjson_writes_alike(data: Any) -> bool:
    """Whether every float in ``data`` is 0 or in the plain range (a walk of a page of
    hits takes microseconds; encoding it in Python took a millisecond)."""
    if isinstance(data, float):
        return data == 0 or _PLAIN_FLOATS[0] <= abs(data) < _PLAIN_FLOATS[1]
    if isinstance(data, dict):
        return all(map(_orjson_writes_alike, data.values()))
    if isinstance(data, (list, tuple)):
        return all(map(_orjson_writes_alike, data))
    return True


def to_json(data: Any, indent: int | None = 2) -> str:
    """``data`` as JSON text that can always be printed as UTF-8: a lone surrogate (from a
    request's ``\\ud800`` escape) keeps its escape rather than failing the output.

    The text is ``json.dumps``'s (``indent`` 2, or compact), written by orjson when it
    gives the same bytes: encoding a page of hits in pure Python took half of the web
    API's time over the search itself. orjson refuses what it cannot write alike (a lone
    surrogate, a huge integer) and writes very small and very large floats its own way:
    ``json`` writes those.
    """
    import orjson  # only output as JSON needs it

    try:
        if indent in (2, None) and _orjson_writes_alike(data):
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode()
    except (TypeError, RecursionError):  # orjson.JSONEncodeError; nesting beyond either's depth
        pass
    separators = None if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False)
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def number_ranges(numbers: Sequence[int]) -> str:
    """``line 4`` or ``lines 1-3, 7`` for ascending line numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in runs)
    return ("lines " if len(numbers) > 1 else "line ") + text


def jsonl(hits: Sequence[Hit]) -> str:
    return "\n".join(to_json(hit.to_dict(), indent=None) for hit in hits)


def csv_text(hits: Sequence[Hit]) -> str:
    return "\n".join(csv_lines((hit.to_dict() for hit in hits), CSV_COLUMNS))


def csv_lines(rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> Iterator[str]:
    """The header, then one CSV line per row (lists joined by "; ", None empty), one at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="")

    def line(values: Iterable[Any]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(fields)
    for row in rows:
        yield line(_cell(row[name]) for name in fields)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return _LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One compact JSON object per row."""
    return (to_json(row, indent=None) for row in rows)


def json_lines(head: dict[str, Any], rows: Iterable[dict[str, Any]], tail: dict[str, Any]) -> Iterator[str]:
    """A JSON object of ``head``'s keys, ``"hits"`` (every row, one per line) and ``tail``'s
    keys, written as it goes: the rows are never held together."""
    opening = to_json(head, indent=None)[:-1]
    yield (opening + "," if head else "{") + '"hits":['
    first = True
    for row in rows:
        yield ("" if first else ",") + to_json(row, indent=None)
        first = False
    closing = to_json(tail, indent=None)[1:]
    yield "]" + ("," + closing if tail else "}")


def highlighted(snippet: Snippet, **style: Any) -> str:
    """The text with its marked spans in bold yellow (the rest styled with ``style``)."""
    pieces, cursor = [], 0
    for start, end in snippet.spans:
        pieces.append(click.style(snippet.text[cursor:start], **style) if style else snippet.text[cursor:start])
        pieces.append(click.style(snippet.text[start:end], fg="yellow", bold=True))
        cursor = end
    rest = snippet.text[cursor:]
    pieces.append(click.style(rest, **style) if style and rest else rest)
    return "".join(pieces)


def _meta(hit: Hit) -> str:
    parts = [hit.date or "undated"]
    if hit.source:
        parts.append(hit.source)
    if hit.leaders:
        parts.append(", ".join(hit.leaders))
    return " · ".join(parts)


def hit_text(number: int, hit: Hit, width: int) -> str:
    label = f"{number:>3}. "
    indent = " " * len(label)
    lines = [label + highlighted(Snippet(hit.headline or "(no headline)", hit.headline_spans), bold=True)]
    lines.append(indent + click.style(_meta(hit), fg="cyan"))
    if hit.snippet.text:
        lines.extend(wrapped_marked(hit.snippet, width, indent))
    where = f"id {hit.id}" + (f" · {shown_path(hit.path)}" if hit.path else "")
    lines.append(indent + click.style(where, dim=True))
    return "\n".join(lines)


def wrapped_marked(snippet: Snippet, width: int, indent: str = "") -> list[str]:
    """The text wrapped to ``width``, its marked words styled line by line."""
    lines, cursor = [], 0
    for line in textwrap.wrap(snippet.text, width=max(width - len(indent), 20)):
        start = snippet.text.find(line, cursor)
        if start < 0:  # whitespace the wrapping changed (a tab): the line unstyled
            lines.append(indent + line)
            continue
        end = start + len(line)
        spans = tuple((s - start, e - start) for s, e in snippet.spans if s >= start and e <= end)
        lines.append(indent + highlighted(Snippet(line, spans)))
        cursor = end
    return lines


def shown_path(path: str) -> str:
    """A path as text output shows it: as is, or as a Python literal when it holds anything a
    terminal would obey (a crafted file name must not rewrite the user's terminal)."""
    return path if path.isprintable() else repr(path)


def bars(rows: Sequence[FacetValue], width: int, indent: str = "  ") -> list[str]:
    """Aligned ``label  ████ count`` lines scaled to the largest count."""
    if not rows:
        return [indent + "(none)"]
    return bar_lines([(str(row.value), row.count, f"{row.count:,}") for row in rows], width, indent)


def bar_lines(
    rows: Sequence[tuple[str, float, str] | str], width: int, indent: str = "  ", top: float | None = None
) -> list[str]:
    """Aligned ``label  ████ number`` lines for (label, size, number) rows, bars scaled to
    ``top`` (default: the largest size; a longer bar is cut and ends with »). A plain string
    row is a line of its own (a gap in a timeline)."""
    drawn = [row for row in rows if not isinstance(row, str)]
    label_width = max((len(label) for label, _, _ in drawn), default=0)
    number_width = max((len(number) for _, _, number in drawn), default=0)
    room = min(max(width - len(indent) - label_width - number_width - 3, 10), 50)
    top = top or max((size for _, size, _ in drawn), default=0) or 1
    lines = []
    for row in rows:
        if isinstance(row, str):
            lines.append(indent + click.style(row, dim=True))
            continue
        label, size, number = row
        length = min(round(size / top * room), room) if size else 0
        bar = BAR * max(length, 1 if size else 0)
        if size > top:
            bar = bar[:-1] + "»"
        lines.append(f"{indent}{label:<{label_width}}  {click.style(bar, fg='green')}{' ' * (room - len(bar))} {number:>{number_width}}")
    return lines


def _empty_notes(results: Results) -> list[str]:
    """Why nothing matches, when the engine knows."""
    lines = []
    if results.stop_words:
        lines.append(f"Every word of it ({', '.join(results.stop_words)}) is too common to be indexed: "
                     "add a word that says what you are looking for.")
    if results.any_total:
        noun = "article has" if results.any_total == 1 else "articles have"
        lines.append(f"{results.any_total:,} {noun} some of the words: "
                     f"add {click.style('--match any', bold=True)} to rank them by how many they hold.")
    return lines


def _relaxed_summary(results: Results, matching: Any) -> str:
    """How many articles have every word, and how many more have some of them."""
    every, some = results.relaxed
    have = "has" if some == 1 else "have"
    if not every:
        return f"No article has every word of \"{results.query}\"; {some:,} {have} some of them"
    return f"{matching(every)}; {some:,} more {have} some of the words"


def _hint_notes(results: Results) -> list[str]:
    """A spelling to try, and undated articles a date filter left out."""
    lines = []
    if results.suggestion:
        lines.append(f"Did you mean: {click.style(results.suggestion, bold=True)}")
    if results.undated_dropped:
        count = results.undated_dropped
        lines.append(f"{count:,} undated {'article matches' if count == 1 else 'articles match'} too, "
                     f"left out by the date filter: add {click.style('--year undated', bold=True)} to see "
                     f"{'it' if count == 1 else 'them'}.")
    return lines


def record_notes(results: Results) -> list[str]:
    """What CSV and JSON Lines records cannot say, for stderr (JSON has keys for it): that
    nothing matched and why, that the results were relaxed to some of the words, a spelling
    to try, undated articles left out."""
    if not results.total:
        return [f'No articles match "{results.query}".', *_empty_notes(results), *_hint_notes(results)]
    if results.relaxed:

        def matching(count: int) -> str:
            return f"{count:,} {'article matches' if count == 1 else 'articles match'} \"{results.query}\""

        return [_relaxed_summary(results, matching) + ".", *_hint_notes(results)]
    return _hint_notes(results)


def results_text(results: Results, width: int, heading: str | None = None) -> str:
    """The summary line, the numbered hits, then the facets as bars. ``heading`` replaces
    'match "QUERY"' in the summary."""
    shown = len(results.hits)
    first = (results.page - 1) * results.limit + 1

    def matching(count: int) -> str:
        """``1 article matches "q"``, ``2 articles match "q"``, ``3 articles like "..."``."""
        verb = "matches" if count == 1 else "match"
        what = heading or (f'{verb} "{results.query}"' if results.query else "")
        return f"{count:,} {'article' if count == 1 else 'articles'} {what}".rstrip()

    lines: list[str] = []
    if not results.total:
        nothing = heading or (f'match "{results.query}"' if results.query else "match")
        lines.append(f"No articles {nothing}.")
        lines.extend(_empty_notes(results))
    else:
        summary = _relaxed_summary(results, matching) if results.relaxed else matching(results.total)
        if shown:
            summary += f" (showing {first:,}-{first + shown - 1:,})"
        elif results.limit:
            summary += f" (page {results.page} is past the last page, {results.pages})"
        lines.append(summary)
    lines.extend(_hint_notes(results))
    for number, hit in enumerate(results.hits, first):
        if hit.relaxed and (number == first or not results.hits[number - first - 1].relaxed):
            lines.append("")
            lines.append(click.style("With some of the words (--match all leaves these out):", dim=True))
        lines.append("")
        lines.append(hit_text(number, hit, width))
    for name, values in results.facets.items():
        lines.append("")
        lines.append(click.style(FACET_TITLES.get(name, name), bold=True))
        lines.extend(bars(values, width))
    return "\n".join(lines)


def article_text(article: Article, width: int, marked: tuple[Snippet, Snippet] | None = None) -> str:
    """The whole article; ``marked`` (headline and body with spans) highlights a query's words."""
    headline, body = marked or (Snippet(article.headline), Snippet(article.body))
    rows = [
        ("Date", (article.date or "undated") + (f" (from {article.date_from})" if article.date_from else "")),
        ("Source", article.source or "-"),
        ("People", ", ".join(article.people) or "-"),
        ("Leaders", ", ".join(article.leaders) or "-"),
        ("Authors", ", ".join(article.authors) or "-"),
        ("URL", article.url or "-"),
        ("Path", "\n         ".join(map(_location, article.paths)) or "-"),
        ("Id", article.id),
    ]
    lines = [highlighted(headline, bold=True) if headline.text else click.style("(no headline)", bold=True), ""]
    lines.extend(f"{label + ':':<8} {value}" for label, value in rows)
    lines.append("")
    start = 0
    for paragraph in body.text.split("\n"):
        end = start + len(paragraph)
        spans = tuple((s - start, e - start) for s, e in body.spans if s >= start and e <= end)
        lines.extend(wrapped_marked(Snippet(paragraph, spans), width) if paragraph.strip() else [""])
        start = end + 1
    return "\n".join(lines).rstrip()


def _location(location: str) -> str:
    """A path as show prints it, with the record's number inside an archive named."""
    from search.highlight import original

    path, position = original(location)
    shown = shown_path(location)
    return f"{shown} (record {position} of the file)" if position is not None else shown


#: A timeline draws a run of more empty periods than this as one line.
EMPTY_RUN = 3


def timeline_text(timeline: Timeline, width: int) -> str:
    """The head line, one bar per period (runs of empty periods as one line; with shares,
    the share of all articles of the period), then the peaks and outliers."""
    noun = "article" if timeline.total == 1 else "articles"
    verb = "matches" if timeline.total == 1 else "match"
    what = f' {verb} "{timeline.query}",' if timeline.query else ""
    head = f"{timeline.total:,} {noun}{what} per {timeline.by}"
    if timeline.shares is not None:
        head += " (share of all articles of each)"
    if timeline.undated:
        head += f" ({timeline.undated:,} undated, not drawn)"
    if not timeline.buckets:
        return head + "\n  (no dated articles)"
    rows: list[tuple[str, float, str] | str] = []
    buckets = timeline.buckets
    shares = timeline.shares
    index = 0
    while index < len(buckets):
        end = index
        while end < len(buckets) and not buckets[end].count:
            end += 1
        if end - index > EMPTY_RUN:
            rows.append(f"{'⋮':<3}{end - index:,} empty {timeline.by}s ({buckets[index].value} to {buckets[end - 1].value})")
            index = end
            continue
        bucket = buckets[index]
        if shares is None:
            rows.append((str(bucket.value), bucket.count, f"{bucket.count:,}"))
        else:
            rows.append((str(bucket.value), shares[index], f"{shares[index]:.1%} ({bucket.count:,})"))
        index += 1
    peaks = {p.value for p in timeline.peaks}
    top = None
    if shares is None and peaks and len(peaks) < len([b for b in buckets if b.count]):
        top = max(b.count for b in buckets if b.value not in peaks)
    lines = [head, *bar_lines(rows, width, top=top)]
    if timeline.peaks:
        listed = ", ".join(f"{p.value} ({p.count:,})" for p in timeline.peaks[:5])
        lines.append(f"Peaks: {listed}" + (" (bars cut at the largest other period)" if top else ""))
    if timeline.outliers:
        count = sum(o.count for o in timeline.outliers)
        dates = ", ".join(str(o.value) for o in timeline.outliers[:5]) + (", ..." if len(timeline.outliers) > 5 else "")
        lines.append(f"Outliers: {count:,} {'article' if count == 1 else 'articles'} dated far from the rest ({dates})")
    return "\n".join(lines)
