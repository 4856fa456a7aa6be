"""Every hit of a search, streamed page by page as CSV, JSON or JSON lines, in the CLI's
forms (``search.render``): the CSV has ``gazette search --format csv``'s columns, a JSON
lines row is a hit of ``--format jsonl``, the JSON is an array of those hits."""
from __future__ import annotations

from typing import Iterator

from search import render
from web.params import SearchRequest
from web.state import Generation

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
           "json": "application/json; charset=utf-8"}
#: Hits searched per page of an export: the searcher is held one page at a time.
PAGE = 500


def hit_pages(generation: Generation, request: SearchRequest) -> Iterator[tuple]:
    """The hits of every page, in the request's order, from one generation."""
    options = {**request.search_options(), "limit": PAGE, "facets": ()}
    page = 1
    while True:
        with generation.use() as searcher:
            results = searcher.search(request.query, **{**options, "page": page})
        if results.hits:
            yield results.hits
        if page >= results.pages:
            return
        page += 1


def first_page(generation: Generation, request: SearchRequest) -> Iterator[tuple]:
    """Search the first page now (so that a bad query is a 400, not a broken download), and
    the rest as the download proceeds."""
    pages = hit_pages(generation, request)
    first = next(pages, ())
    return _chain(first, pages)


def _chain(first: tuple, rest: Iterator[tuple]) -> Iterator[tuple]:
    if first:
        yield first
    yield from rest


def stream(fmt: str, pages: Iterator[tuple]) -> Iterator[str]:
    if fmt == "csv":
        yield ",".join(render.CSV_COLUMNS) + "\n"
        for hits in pages:
            yield render.csv_text(hits).split("\n", 1)[1] + "\n"
    elif fmt == "jsonl":
        for hits in pages:
            yield render.jsonl(hits) + "\n"
    else:
        opened = False
        for hits in pages:
            yield (",\n" if opened else "[\n") + ",\n".join(render.to_json(h.to_dict(), indent=None) for h in hits)
            opened = True
        yield "\n]\n" if opened else "[]\n"
