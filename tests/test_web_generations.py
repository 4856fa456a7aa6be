"""Requests answered while `gazette index` commits new generations: each from the old state
or the new one, never a mix."""
from __future__ import annotations

import json
import threading

from index.build import build
from tests import web_fixtures
from web import create_app, export

#: Two states of one corpus file: its source and how many articles it holds.
STATES = {"Alpha Wire": 3, "Beta Wire": 5}


def write_state(corpus, source: str) -> None:
    web_fixtures.write_jsonl(corpus / "news.jsonl", web_fixtures.wire_records(source, STATES[source]))


def reindex(corpus, index_dir, source: str) -> None:
    write_state(corpus, source)
    build([corpus], index_dir, jobs=1, allow_removal=lambda removal: True)


def state_of(answer: dict) -> str:
    """The one state a search answer was computed from; fails on a mix."""
    sources = {hit["source"] for hit in answer["hits"]}
    assert len(sources) == 1, sources
    source = sources.pop()
    assert answer["total"] == STATES[source] == len(answer["hits"])
    assert answer["facets"]["source"] == [{"value": source, "count": STATES[source]}]
    return source


def test_concurrent_requests_while_generations_switch(tmp_path):
    corpus = tmp_path / "corpus"
    write_state(corpus, "Alpha Wire")
    index_dir = web_fixtures.index([corpus], tmp_path / "index")
    app = create_app(index_dir)
    answers: list[tuple[int, str, str]] = []
    stop = threading.Event()

    def ask() -> None:
        client = app.test_client()
        while not stop.is_set():
            response = client.get("/api/search?q=summit&facet=source&limit=10")
            answers.append((response.status_code, response.headers["X-Gazette-Generation"], response.get_data(as_text=True)))

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for thread in askers:
        thread.start()
    try:
        for source in ["Beta Wire", "Alpha Wire"] * 3:
            reindex(corpus, index_dir, source)
    finally:
        stop.set()
        for thread in askers:
            thread.join()
    assert answers and {status for status, _, _ in answers} == {200}
    state_by_generation: dict[str, set[str]] = {}
    for _, generation, text in answers:
        state_by_generation.setdefault(generation, set()).add(state_of(json.loads(text)))
    assert all(len(states) == 1 for states in state_by_generation.values()), state_by_generation
    assert len(state_by_generation) >= 2  # new generations were served while being committed
    final = app.test_client().get("/api/search?q=summit&facet=source&limit=10")
    assert state_of(final.get_json()) == "Alpha Wire"


def test_an_export_streams_from_the_generation_it_started_on(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "PAGE", 1)
    corpus = tmp_path / "corpus"
    write_state(corpus, "Beta Wire")
    index_dir = web_fixtures.index([corpus], tmp_path / "index")
    client = create_app(index_dir).test_client()
    response = client.get("/export.jsonl?q=summit", buffered=False)
    chunks = iter(response.response)
    lines = [next(chunks)]
    reindex(corpus, index_dir, "Alpha Wire")
    lines.extend(chunks)
    rows = [json.loads(line) for chunk in lines for line in (chunk.decode() if isinstance(chunk, bytes) else chunk).splitlines()]
    assert [row["source"] for row in rows] == ["Beta Wire"] * STATES["Beta Wire"]
    assert {row["source"] for row in json.loads(client.get("/export.json?q=summit").data)} == {"Alpha Wire"}
