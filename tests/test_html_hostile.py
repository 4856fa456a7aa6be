"""Hostile HTML (issue 14): pages built to exhaust the parser parse in bounded time, and the
same page always gives the same article, in every process.

Each hostile page is generated here and read by ``gazette parse`` in a child process with a
timeout and a memory limit, beside a good article: no traceback, and the run goes on.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.test_hostile_files import REPO, corpus_with, gazette

#: Generous on a shared, loaded 2-core machine: each page reads in a few seconds.
SLOW_MACHINE_TIMEOUT = 120

_STORY = ("<h1>Council approves the harbour budget</h1><p>The council approved the harbour budget on "
          "Tuesday after a long debate about road repairs and the new school, its leader said.</p>")


def _many_attributes() -> str:
    attributes = " ".join(f'data-a{i}="v{i}"' for i in range(100_000))
    return f"<html><body><div {attributes}>{_STORY}</div></body></html>"


def _deeply_nested() -> str:
    return "<html><body>" + "<div><span>" * 50_000 + _STORY + "</span></div>" * 50_000 + "</body></html>"


def _unclosed_inline_tags() -> str:
    return "<html><body>" + _STORY + '<p><b><i><a href="#">more ' * 20_000 + "</body></html>"


def _huge_single_line() -> str:
    """A minified page: 3 MB of markup on one line, no line break anywhere."""
    cells = "".join(f'<span class="c{i % 7}" data-i="{i}">{i}</span>' for i in range(100_000))
    return f"<html><head><title>Harbour budget</title></head><body><nav>{cells}</nav><article>{_STORY}</article></body></html>"


def _unterminated_tag() -> str:
    """A ``<`` that never closes, then megabytes of text: no tag to end it."""
    return "<html><body>" + _STORY + "<div class='x' " + "word " * 400_000 + "</body></html>"


@pytest.mark.parametrize(
    "page", [_many_attributes, _deeply_nested, _unclosed_inline_tags, _huge_single_line, _unterminated_tag],
    ids=lambda page: page.__name__.strip("_"),
)
def test_pathological_page_parses_in_bounded_time(tmp_path: Path, page) -> None:
    folder = corpus_with(tmp_path / "corpus")
    (folder / "hostile.html").write_text(page(), encoding="utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-c", "import cli; cli.main()", "parse", str(folder), "--format", "jsonl"],
            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
            timeout=SLOW_MACHINE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{page.__name__} did not parse within {SLOW_MACHINE_TIMEOUT} s")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    articles = {Path(a["path"]).name: a for a in map(json.loads, result.stdout.splitlines())}
    assert articles["good.jsonl"]["headline"] == "Harbour reopens after the storm"  # the run went on
    assert "approved the harbour budget" in articles["hostile.html"]["body"]


def test_many_attributes_are_cut_before_parsing() -> None:
    from corpus.readers.html import MAX_ATTRIBUTES, tame

    tamed = tame(_many_attributes())
    assert tamed.count("data-a") == MAX_ATTRIBUTES and _STORY in tamed
    assert tame("<p class='x'>Short tags stay as they are.</p>") == "<p class='x'>Short tags stay as they are.</p>"


#: Real pages whose article id alternated between runs (issue 14, item 3).
UNSTABLE_PAGES = ("www.msn.com.html", "japan.cnet.com.html", "www.moongift.jp.html")


@pytest.mark.parametrize("name", UNSTABLE_PAGES)
def test_same_page_same_article_in_fresh_processes(name: str) -> None:
    """Each run in a new process with its own hash seed and memory layout: one output."""
    path = shared_path("web", "postlight", name)
    outputs = set()
    for seed in ("0", "1", "random", "random"):
        result = gazette("parse", str(path), "--format", "jsonl", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["body"]
