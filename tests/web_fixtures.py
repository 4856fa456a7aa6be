"""Indexes and a live server for the tests of ``gazette serve`` (tests/test_web_*.py).

The corpora are written here (JSON lines records), or are Gazette's built-in sample.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from click.testing import CliRunner

import cli

#: Strings that would run a script if a page printed them as markup.
INJECTIONS = (
    '<script>alert("gazette")</script>',
    '"><img src=x onerror=alert(1)>',
    "</textarea></title><svg onload=alert(2)>",
    "javascript:alert(3)",
)


def index(paths: list[Path], index_dir: Path, *extra: str) -> Path:
    """``gazette index PATHS --index DIR`` through the CLI; the index directory."""
    result = CliRunner().invoke(cli.main, ["index", *map(str, paths), "--index", str(index_dir), *extra])
    assert result.exit_code == 0, result.output
    return index_dir


_SAMPLES: dict[Path, Path] = {}


def sample_index(tmp_path_factory) -> Path:
    """The built-in sample corpus indexed once per test session, shared by the web tests
    (which only read it)."""
    base = tmp_path_factory.getbasetemp()
    if base not in _SAMPLES:
        _SAMPLES[base] = index([], tmp_path_factory.mktemp("web-sample") / "index", "--sample")
    return _SAMPLES[base]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def hostile_records() -> list[dict]:
    """Articles whose headline, body, source and authors hold script injections."""
    return [
        {
            "headline": f"Kim summit {attack}",
            "date": f"2019-0{number + 1}-15",
            "source": f"Wire {attack}",
            "authors": [f"Reporter {attack}"],
            "text": f"Kim Jong Un met Donald Trump at the summit. {attack}\n\nThe talks ended. {attack}",
        }
        for number, attack in enumerate(INJECTIONS)
    ]


def wire_records(source: str, count: int) -> list[dict]:
    """``count`` articles all from ``source``, about a summit."""
    return [
        {"headline": f"{source} report {n} on the summit", "date": f"2018-06-{n + 1:02d}", "source": source,
         "text": f"Report {n} from {source}: leaders met at the summit and talked about trade."}
        for n in range(count)
    ]


@contextmanager
def live_server(index_dir: Path) -> Iterator[str]:
    """The application on a free local port, served by waitress in a thread; its base URL."""
    from waitress import create_server

    from web import create_app

    server = create_server(create_app(index_dir), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)
