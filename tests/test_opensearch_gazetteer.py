"""A changed gazetteer finds the people of the articles already in the cluster again, from
the cluster's own text, as the local build does from its index (tests/test_index_cli.py)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli

pytestmark = pytest.mark.cluster

RECORD = {
    "title": "Harbour board meets",
    "date": "2019-03-04",
    "text": "Chairwoman Zelda Quarrington-Voss opened the meeting.\n\nQuarrington-Voss said the port would grow.",
}


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def forget_gazetteers() -> None:
    """corpus.pipeline caches a loaded gazetteer per path for the life of the process; each
    `gazette index` is a new process, this test is not."""
    import corpus.pipeline

    corpus.pipeline.load_gazetteer.cache_clear()
    corpus.pipeline._finder.cache_clear()


def leaders(*where: str) -> list:
    return json.loads(run("stats", "--format", "json", *where).stdout)["leaders"]


def test_a_gazetteer_change_re_resolves_the_clusters_people_like_the_local_index(opensearch_cluster, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    gazetteer = tmp_path / "people.tsv"
    gazetteer.write_text("Zelda Quarrington-Voss\t0\tNZ\tport chair\t\tZelda Q. Voss\n", encoding="utf-8")
    url = opensearch_cluster.url("gazetteer-change")
    local = str(tmp_path / "ix")
    forget_gazetteers()
    for where in (("--engine", url, "--rebuild"), ("--index", local)):
        first = run("index", str(folder), *where, "--gazetteer", str(gazetteer))
        assert first.exit_code == 0, first.output
    assert leaders("--engine", url) == leaders("--index", local) == []

    again = run("index", str(folder), "--engine", url, "--gazetteer", str(gazetteer))
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout.splitlines()[:2] == ["Articles: 0 sent, 0 removed.",
                                             "Files: 0 read, 1 unchanged, 0 removed, 0 with problems."]

    gazetteer.write_text("Zelda Quarrington-Voss\t1\tNZ\tport chair\t\tZelda Q. Voss\n", encoding="utf-8")
    forget_gazetteers()
    changed = run("index", str(folder), "--engine", url, "--gazetteer", str(gazetteer))
    assert changed.exit_code == 0, changed.output
    assert changed.stderr == (
        "The gazetteer changed: people found again in 1 indexed documents from the cluster's own text "
        "(1 changed); no file was read again for it.\n"
    )
    assert changed.stdout.splitlines()[:2] == ["Articles: 0 sent, 0 removed.",
                                               "Files: 0 read, 1 unchanged, 0 removed, 0 with problems."]
    local_changed = run("index", str(folder), "--index", local, "--gazetteer", str(gazetteer))
    assert local_changed.exit_code == 0, local_changed.output
    assert leaders("--engine", url) == leaders("--index", local) == [{"name": "Zelda Quarrington-Voss", "documents": 1}]
    hits = json.loads(run("search", "--engine", url, "--leader", "Zelda Quarrington-Voss", "--format", "json").stdout)
    assert [hit["headline"] for hit in hits["hits"]] == ["Harbour board meets"]

    settled = run("index", str(folder), "--engine", url, "--gazetteer", str(gazetteer))
    assert (settled.exit_code, settled.stderr) == (0, "")
