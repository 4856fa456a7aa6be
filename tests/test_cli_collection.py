"""A folder describes its corpus in a gazette.toml sidecar (issue 16, point 3): a collection
to facet and filter by, and a source and year its articles lack."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

import cli
from corpus.collection import SidecarError, clear_cache, folder_defaults, read_sidecar


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args), env={"COLUMNS": "100", "NO_COLOR": None})


def article(title: str, text: str, **fields) -> str:
    return json.dumps({"title": title, "text": text, **fields}) + "\n"


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    """Two corpora: bbc (undated, unsourced, described by a sidecar) and wire (dated, sourced)."""
    bbc = tmp_path / "corpora" / "bbc"
    (bbc / "politics").mkdir(parents=True)
    (bbc / "gazette.toml").write_text('collection = "BBC News"\nsource = "BBC"\nyear = 2005\n')
    (bbc / "politics" / "a.jsonl").write_text(
        article("Blair sets out election plans", "The prime minister set out his plans for the election.")
        + article("Budget row deepens", "The chancellor answered critics of the budget on Tuesday.", source="BBC Radio")
    )
    wire = tmp_path / "corpora" / "wire"
    wire.mkdir()
    (wire / "b.jsonl").write_text(
        article("Markets close higher", "Shares rose on election hopes.", date="2004-03-02", source="Wire Service")
    )
    return tmp_path / "corpora"


def test_the_collection_facet_and_filter(corpora, tmp_path):
    index_dir = str(tmp_path / "ix")
    assert run("index", str(corpora), "--index", index_dir, "--jobs", "1").exit_code == 0
    data = json.loads(run("search", "--facet", "collection", "--facet", "source", "--facet", "year",
                          "--format", "json", "--index", index_dir).stdout)
    assert data["facets"] == {
        "collection": [{"value": "BBC News", "count": 2}, {"value": "(unknown)", "count": 1}],
        "source": [{"value": "BBC", "count": 1}, {"value": "BBC Radio", "count": 1}, {"value": "Wire Service", "count": 1}],
        "year": [{"value": 2004, "count": 1}, {"value": 2005, "count": 2}],
    }
    bbc = run("search", "election", "--collection", "bbc news", "--format", "csv", "--fields",
              "headline,source,year,collection", "--index", index_dir)
    assert bbc.exit_code == 0
    assert bbc.stdout == "headline,source,year,collection\nBlair sets out election plans,BBC,2005,BBC News\n"
    text = run("search", "budget", "--index", index_dir)
    assert text.output.splitlines()[3] == "     undated · BBC Radio"


def test_a_changed_sidecar_reads_its_folder_again(corpora, tmp_path):
    index_dir = str(tmp_path / "ix")
    run("index", str(corpora), "--index", index_dir, "--jobs", "1")
    (corpora / "bbc" / "gazette.toml").write_text('collection = "BBC News 2005"\n')
    again = run("index", str(corpora), "--index", index_dir, "--jobs", "1")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[1] == "Files: 1 read, 1 unchanged, 0 removed, 0 with problems."
    data = json.loads(run("search", "--facet", "collection", "--facet", "year", "--format", "json",
                          "--index", index_dir).stdout)
    assert data["facets"]["collection"] == [{"value": "BBC News 2005", "count": 2}, {"value": "(unknown)", "count": 1}]
    assert data["facets"]["year"] == [{"value": 2004, "count": 1}, {"value": "undated", "count": 2}]


def test_a_bad_sidecar_stops_the_build_with_its_name(corpora, tmp_path):
    sidecar = corpora / "bbc" / "gazette.toml"
    sidecar.write_text('collection = "BBC"\nyears = "2004-2005"\n')
    result = run("index", str(corpora), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 1
    assert result.output == f"Error: {sidecar}: unknown key 'years'; the keys are collection, source, year\n"


def test_nearer_sidecars_override_farther_ones(tmp_path):
    clear_cache()
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "gazette.toml").write_text('collection = "Outer"\nsource = "Outer Times"\n')
    (tmp_path / "a" / "b" / "gazette.toml").write_text('collection = "  Inner   one "\n')
    assert folder_defaults(tmp_path / "a" / "b" / "x.txt") == {"collection": "Inner one", "source": "Outer Times"}
    assert folder_defaults(tmp_path / "a" / "x.txt") == {"collection": "Outer", "source": "Outer Times"}
    assert folder_defaults(tmp_path / "x.txt") == {}


@pytest.mark.parametrize("text, problem", [
    ("year = 'soon'", "year must be a year such as 2005, not 'soon'"),
    ("year = true", "year must be a year such as 2005, not True"),
    ("source = ''", "source must be a text, not ''"),
    ("collection = [", "not a TOML file"),
])
def test_sidecar_values_are_checked(tmp_path, text, problem):
    path = tmp_path / "gazette.toml"
    path.write_text(text)
    with pytest.raises(SidecarError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        read_sidecar(path)


@given(st.dictionaries(st.sampled_from(["collection", "source"]), st.text(min_size=1).filter(str.strip)))
def test_any_text_value_round_trips_single_spaced(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("sidecar") / "gazette.toml"
    path.write_text("".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()), encoding="utf-8")
    try:
        found = read_sidecar(path)
    except SidecarError:  # a value TOML cannot hold as JSON writes it (control characters)
        return
    assert found == {key: " ".join(value.split()) for key, value in values.items()}
