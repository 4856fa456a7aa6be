"""The README's examples of exports, undated articles, collections, timelines, show and open
(issue 16) run as written, over the built-in sample corpus."""
from __future__ import annotations

import json
import re
import shlex

from click.testing import CliRunner

import cli
from corpus.collection import read_sidecar
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def block(language: str, after: str) -> str:
    """The first ```language block after the text ``after``."""
    start = README.index(after)
    found = re.compile(rf"```{language}\n(.*?)```", re.S).search(README, start)
    assert found, f"no {language} block after {after!r}"
    return found.group(1)


def commands() -> list[list[str]]:
    lines = block("shell", "These examples run as they are").splitlines()
    return [shlex.split(line, comments=True)[1:] for line in lines if line.strip()]


def test_the_examples_are_gazette_commands():
    assert len(commands()) >= 10
    assert all(line[0] in cli.main.commands for line in commands())


def test_the_readme_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    env = {"GAZETTE_INDEX": str(tmp_path / "index"), "PAGER": "true", "COLUMNS": "100", "NO_COLOR": "1"}
    runner = CliRunner()
    article_id = None
    for args in commands():
        if "ID" in args:
            if article_id is None:
                found = runner.invoke(cli.main, ["search", "summit", "--format", "json", "--limit", "1"], env=env)
                article_id = json.loads(found.stdout)["hits"][0]["id"]
            args = [article_id if arg == "ID" else arg for arg in args]
        result = runner.invoke(cli.main, args, env=env)
        assert result.exit_code == 0, (args, result.output, result.exception)
        if args[0] != "open":
            assert result.stdout.strip(), args
        if args[0] == "search" and "json" in args and "--all" in args:
            data = json.loads(result.stdout)
            assert data["total"] == len(data["hits"]) > 0


def test_the_readme_sidecar_is_valid(tmp_path):
    sidecar = tmp_path / "gazette.toml"
    sidecar.write_text(block("toml", "A folder can describe its corpus"), encoding="utf-8")
    assert read_sidecar(sidecar) == {"collection": "BBC News", "source": "BBC News", "year": 2005}
