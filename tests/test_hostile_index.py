"""A damaged or planted index folder: opening it never runs code, and damage gets one clear
message naming the file and what to do, never a traceback or a silent wrong answer."""
from __future__ import annotations

import io
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from index import store
from index.build import build
from index.errors import IndexDamaged
from index.manifest import Manifest
from tests.index_fixtures import write_corpus

REBUILD = "gazette index --rebuild PATH..."


class Payload:
    """Unpickled, this creates the file at ``path``: a stand-in for any code."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    write_corpus(base / "corpus", files=3, per_file=4)
    build([base / "corpus"], base / "ix", jobs=1)
    return base / "corpus", base / "ix"


@pytest.fixture
def index(pristine, tmp_path) -> tuple[Path, Path]:
    """A fresh copy (same sizes and mtimes) of a small committed index, and its corpus."""
    corpus, source = pristine
    shutil.copytree(source, tmp_path / "ix")
    return corpus, tmp_path / "ix"


def generation(index_dir: Path) -> Path:
    return store.current_generation(index_dir)


def segment(index_dir: Path) -> Path:
    return next(generation(index_dir).glob("*.seg"))


def toc(index_dir: Path) -> Path:
    return next(generation(index_dir).glob("_MAIN_*.toc"))


def an_id(index_dir: Path) -> str:
    files = Manifest.open(generation(index_dir)).entries()
    return next(iter(files.values()))["articles"][0][0]


def planted_toc(path: Path, payload: bytes, part: str) -> bytes:
    """The TOC at ``path`` with its pickled schema or segment list replaced by ``payload``."""
    from whoosh.filedb.structfile import StructFile
    from whoosh.util.varints import varint

    data = path.read_bytes()
    stream = StructFile(io.BytesIO(data))
    for _ in range(3):
        stream.read_varint()  # sizes of int, long, float
    stream.read_int()  # byte order check
    stream.read_int()  # version
    for _ in range(3):
        stream.read_varint()  # release
    schema_at = stream.tell()
    stream.skip_string()
    after_schema = stream.tell()
    stream.read_int()
    stream.read_int()
    segments_at = stream.tell()
    if part == "schema":
        return data[:schema_at] + varint(len(payload)) + payload + data[after_schema:]
    return data[:segments_at] + payload


# -- code execution ------------------------------------------------------------------------


def test_planted_search_tables_never_run(index, tmp_path):
    corpus, index_dir = index
    marker = tmp_path / "owned"
    payload = pickle.dumps(Payload(marker))
    gen = generation(index_dir)
    for name in ("search-tables.pickle", "search-tables.bin", "search-tables.json"):
        (gen / name).write_bytes(payload)
    result = run("search", "summit", "--facet", "people", "--facet", "year", "--index", str(index_dir))
    assert not marker.exists()
    assert result.exit_code == 0, result.output
    assert "\nPeople\n" in result.output  # the facets were counted from the index itself


def test_search_tables_are_not_pickles_and_are_used_by_the_next_process(index):
    from search import tables

    _, index_dir = index
    assert run("search", "summit", "--facet", "people", "--index", str(index_dir)).exit_code == 0
    saved = generation(index_dir) / tables.FILENAME
    data = saved.read_bytes()
    assert not data.startswith(b"\x80"), "a pickle"
    import search

    with search.open(index_dir) as searcher:
        assert "people" in tables.load(searcher.view)
        counted = searcher.search("summit", facets=["people"]).facets["people"]
    saved.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # damaged: ignored, counted again
    with search.open(index_dir) as searcher:
        assert tables.load(searcher.view) == {}
        assert searcher.search("summit", facets=["people"]).facets["people"] == counted


@pytest.mark.parametrize("part", ["schema", "segments"])
def test_planted_toc_never_runs_code(index, tmp_path, part):
    _, index_dir = index
    marker = tmp_path / "owned"
    path = toc(index_dir)
    path.write_bytes(planted_toc(path, pickle.dumps(Payload(marker), 2), part))
    store.seal(generation(index_dir))  # whoever planted it sealed it again: the unpickler must hold
    for command in (["search", "summit"], ["stats"]):
        result = run(*command, "--index", str(index_dir))
        assert not marker.exists()
        assert result.exit_code == 1
        assert result.output == (
            f"Error: the index at {index_dir} is damaged: {generation(index_dir).name}/{path.name} "
            f"cannot be read (io.open is not allowed in an index file); "
            f"run `{REBUILD}` to build it again\n"
        )
    import search

    with pytest.raises(IndexDamaged):
        search.open(index_dir)
    assert not marker.exists()


def test_a_planted_newer_toc_is_refused_unread(index, tmp_path):
    """Whoosh reads the highest-numbered TOC: one nobody sealed is refused before it is read."""
    _, index_dir = index
    marker = tmp_path / "owned"
    planted = toc(index_dir).with_name("_MAIN_99.toc")
    planted.write_bytes(planted_toc(toc(index_dir), pickle.dumps(Payload(marker), 2), "schema"))
    result = run("search", "summit", "--index", str(index_dir))
    assert not marker.exists()
    assert result.exit_code == 1
    assert f"is damaged: {generation(index_dir).name}/_MAIN_99.toc was not written with the index;" in result.output


def test_an_incremental_build_over_a_planted_toc_runs_no_code(index, tmp_path):
    corpus, index_dir = index
    marker = tmp_path / "owned"
    path = toc(index_dir)
    path.write_bytes(planted_toc(path, pickle.dumps(Payload(marker), 2), "segments"))
    store.seal(generation(index_dir))
    write_corpus(tmp_path / "more", files=1, per_file=2, start=5)
    result = run("index", str(tmp_path / "more"), "--index", str(index_dir), "--jobs", "1")
    assert not marker.exists()
    assert result.exit_code == 1


@pytest.mark.parametrize("where", ["stored fields", "posting blocks", "structfile pickles", "toc"])
def test_every_place_whoosh_unpickles_index_data_is_restricted(tmp_path, where):
    from whoosh import columns, index
    from whoosh.codec import whoosh3
    from whoosh.filedb import structfile

    from index import whoosh_fixes

    whoosh_fixes.apply()
    marker = tmp_path / "owned"
    payload = pickle.dumps(Payload(marker))
    load = {
        "stored fields": lambda: columns.loads(payload),  # PickleColumn: every document's stored dict
        "posting blocks": lambda: whoosh3.loads(payload),  # block data, inlined postings
        "structfile pickles": lambda: structfile.StructFile(io.BytesIO(payload)).read_pickle(),
        "toc": lambda: index.pickle.loads(payload),  # the schema in the TOC
    }[where]
    with pytest.raises(pickle.UnpicklingError, match="io.open is not allowed in an index file"):
        load()
    assert not marker.exists()


def test_the_restricted_unpickler_reads_every_real_index_file(pristine):
    """The allow-list is complete for what Gazette writes (Reuters is checked in the benchmarks
    and in test_index_corpora, which search real indexes through the same unpickler)."""
    from index.safe_pickle import IndexUnpickler

    _, index_dir = pristine
    data = toc(index_dir).read_bytes()
    assert IndexUnpickler(io.BytesIO(data[data.index(b"\x80\x02"):])).load()["people"] is not None


# -- damage --------------------------------------------------------------------------------


def _garbage_current(index_dir: Path) -> str:
    (index_dir / "CURRENT").write_bytes(b"\xff\xfe\x00\x13garbage")
    return "CURRENT"


def _truncated_toc(index_dir: Path) -> str:
    path = toc(index_dir)
    path.write_bytes(path.read_bytes()[:100])
    return f"{path.parent.name}/{path.name}"


def _garbage(name: str):
    def damage(index_dir: Path) -> str:
        (generation(index_dir) / name).write_text("{not json", encoding="utf-8")
        return f"{generation(index_dir).name}/{name}"

    return damage


def _flipped_segment(index_dir: Path) -> str:
    path = segment(index_dir)
    data = bytearray(path.read_bytes())
    for at in range(1000, len(data), 997):
        data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return f"{path.parent.name}/{path.name}"


def _segment_without_tail(index_dir: Path) -> str:
    path = segment(index_dir)
    os.truncate(path, path.stat().st_size - 2000)
    return f"{path.parent.name}/{path.name}"


def _fractional_seal(index_dir: Path) -> str:
    """A flipped byte that leaves seal.json valid JSON: a file's mtime becomes 1.5."""
    path = generation(index_dir) / store.SEAL
    sealed = json.loads(path.read_text(encoding="utf-8"))
    entry = sealed["files"][segment(index_dir).name]
    entry["mtime_ns"] += 0.5
    path.write_text(json.dumps(sealed), encoding="utf-8")
    return f"{path.parent.name}/{path.name}"


DAMAGE = {
    "garbage CURRENT": _garbage_current,
    "seal with a fractional mtime": _fractional_seal,
    "truncated TOC": _truncated_toc,
    "invalid meta.json": _garbage("meta.json"),
    "garbage manifest": _garbage(store.MANIFEST),
    "flipped bytes in a segment": _flipped_segment,
    "segment missing its tail": _segment_without_tail,
}


def _command(name: str, corpus: Path, index_dir: Path, tmp_path: Path) -> list[str]:
    requests = tmp_path / "requests.txt"
    requests.write_text("summit\n", encoding="utf-8")
    return {
        "search": ["search", "summit"],
        "show": ["show", "0123456789abcdef"],
        "stats": ["stats"],
        "batch": ["batch", str(requests)],
        "timeline": ["timeline", "summit"],
        "similar": ["similar", "0123456789abcdef"],
        "index": ["index", str(corpus)],
    }[name] + ["--index", str(index_dir)]


def _cases(damage: str) -> list:
    return [pytest.param(damage, name, id=f"{damage}-{name}") for name in COMMANDS]


COMMANDS = ("search", "show", "stats", "batch", "timeline", "similar", "index")


@pytest.mark.parametrize("damage, command", [case for damage in DAMAGE for case in _cases(damage)])
def test_damage_is_one_clear_message(index, tmp_path, damage, command):
    corpus, index_dir = index
    named = DAMAGE[damage](index_dir)
    result = run(*_command(command, corpus, index_dir, tmp_path))
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"Error: the index at {index_dir} is damaged: {named} "), result.output
    assert result.output.endswith(f"; run `{REBUILD}` to build it again\n")


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_rebuild_repairs_a_damaged_index(index, damage):
    corpus, index_dir = index
    DAMAGE[damage](index_dir)
    result = run("index", "--rebuild", str(corpus), "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    assert run("search", "summit", "--index", str(index_dir)).exit_code == 0


def _flip_keeping_mtime(path: Path) -> None:
    stat = path.stat()
    _flipped_segment(path.parent.parent)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_damage_that_kept_its_mtime_is_found_by_stats_check(index):
    _, index_dir = index
    assert run("stats", "--check", "--index", str(index_dir)).exit_code == 0
    path = segment(index_dir)
    _flip_keeping_mtime(path)
    result = run("stats", "--check", "--index", str(index_dir))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the index at {index_dir} is damaged: {path.parent.name}/{path.name} "
        f"does not match its checksum; run `{REBUILD}` to build it again\n"
    )


def test_a_read_error_from_damage_that_kept_its_mtime_names_the_file(index):
    _, index_dir = index
    path = segment(index_dir)
    _flip_keeping_mtime(path)
    result = run("search", "summit", "--index", str(index_dir))
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: the index at {index_dir} is damaged: {path.parent.name}/{path.name} "
        f"does not match its checksum; run `{REBUILD}` to build it again\n"
    )


def test_a_copied_index_with_new_mtimes_still_opens(index, tmp_path):
    _, index_dir = index
    copy = tmp_path / "copy"
    shutil.copytree(index_dir, copy, copy_function=shutil.copyfile)  # new mtimes, same bytes
    assert run("search", "summit", "--index", str(copy)).exit_code == 0
    sealed = json.loads((generation(copy) / store.SEAL).read_text())["files"]
    assert segment(copy).stat().st_mtime_ns == sealed[segment(copy).name]["mtime_ns"]  # checked once
    assert run("stats", "--check", "--index", str(copy)).exit_code == 0


def test_an_incremental_build_keeps_a_verifiable_seal(index, tmp_path):
    _, index_dir = index
    write_corpus(tmp_path / "more", files=1, per_file=3, start=7)
    assert run("index", str(tmp_path / "more"), "--index", str(index_dir)).exit_code == 0
    assert run("stats", "--check", "--index", str(index_dir)).exit_code == 0


# -- names with commas ---------------------------------------------------------------------


def test_a_gazetteer_name_with_a_comma_stays_one_name(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    record = {
        "title": "Harbour board meets",
        "date": "2019-03-04",
        "text": "Chairwoman Jane Doe opened the meeting of the harbour board.\n\nJane Doe said the port would grow.",
    }
    (folder / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    gazetteer = tmp_path / "people.tsv"
    gazetteer.write_text("Doe, Jane\t1\tNZ\tport chair\tDoe\tJane Doe\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = run("index", str(folder), "--index", str(index_dir), "--gazetteer", str(gazetteer))
    assert result.exit_code == 0, result.output
    found = json.loads(run("search", "harbour", "--facet", "people", "--facet", "leaders",
                           "--format", "json", "--index", str(index_dir)).output)
    assert found["hits"][0]["people"] == ["Doe, Jane"]
    assert found["hits"][0]["leaders"] == ["Doe, Jane"]
    assert found["facets"]["people"] == [{"value": "Doe, Jane", "count": 1}]
    by_person = json.loads(run("search", "--person", "Doe, Jane", "--format", "json",
                               "--index", str(index_dir)).output)
    assert by_person["total"] == 1
    stats = json.loads(run("stats", "--format", "json", "--index", str(index_dir)).output)
    assert stats["leaders"] == [{"name": "Doe, Jane", "documents": 1}]


# -- any damage, property-based ------------------------------------------------------------


def _damage_any_file(index_dir: Path, data: st.DataObject) -> None:
    """Flip, cut, extend or replace bytes of one file of the generation; the mtime changes."""
    files = sorted(p for p in generation(index_dir).iterdir() if p.is_file())
    path = data.draw(st.sampled_from(files))
    content = bytearray(path.read_bytes())
    how = data.draw(st.sampled_from(["flip", "cut", "extend", "replace"]))
    if how == "flip" and content:
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] ^= data.draw(st.integers(1, 255))
    elif how == "cut":
        del content[data.draw(st.integers(0, max(len(content) - 1, 0))):]
    elif how == "extend":
        content += data.draw(st.binary(min_size=1, max_size=64))
    else:
        content = bytearray(data.draw(st.binary(max_size=256)))
    path.write_bytes(bytes(content))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_is_named_or_harmless(pristine, tmp_path_factory, data):
    """Whatever happens to a file of the index, a search answers as before or names the
    damage in one line (exit 1): never a traceback, never a different answer."""
    corpus, source = pristine
    expected = run("search", "summit", "--format", "json", "--index", str(source))
    index_dir = tmp_path_factory.mktemp("any") / "ix"
    shutil.copytree(source, index_dir)
    _damage_any_file(index_dir, data)
    result = run("search", "summit", "--format", "json", "--index", str(index_dir))
    if result.exit_code == 0:
        assert result.output == expected.output
    else:
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"Error: the index at {index_dir} is damaged: ")
        assert result.output.endswith(f"; run `{REBUILD}` to build it again\n")
        assert result.output.count("\n") == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_stats_check_finds_any_flipped_byte_that_kept_size_and_mtime(pristine, tmp_path_factory, data):
    _, source = pristine
    index_dir = tmp_path_factory.mktemp("rot") / "ix"
    shutil.copytree(source, index_dir)
    # Search's tables are a cache with a checksum of their own: damaged, they are built again
    # (test_any_damage_is_named_or_harmless).
    files = sorted(p for p in generation(index_dir).iterdir() if p.is_file() and p.name not in (store.SEAL, store.TABLES))
    path = data.draw(st.sampled_from(files))
    stat = path.stat()
    content = bytearray(path.read_bytes())
    content[data.draw(st.integers(0, len(content) - 1))] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(content))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = run("stats", "--check", "--index", str(index_dir))
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: the index at {index_dir} is damaged: {path.parent.name}/{path.name} ")


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_search_tables_from_any_bytes_are_refused_or_in_range(data):
    """Whatever bytes a tables file holds (even with a matching checksum), loading it either
    fails with an error load() turns into "no tables", or gives tables whose every value
    index is in range: a facet count can never raise or read past its values."""
    import zlib
    from array import array

    from search import tables
    from search.view import DocTable

    size = data.draw(st.integers(0, 40))
    values = sorted(set(data.draw(st.lists(st.text(max_size=5), max_size=6))))
    pick = st.integers(-1, len(values) - 1)
    first = array("i", [data.draw(pick) for _ in range(size)])
    more = data.draw(st.dictionaries(st.integers(0, max(size - 1, 0)), st.tuples(st.integers(0, 9)), max_size=3))
    key = [tables.FORMAT, size, []]
    encoded = tables.encode(key, {"people": (values, DocTable(first, more))})
    line, _, body = encoded.partition(b"\n")
    header = json.loads(line)
    body = bytearray(body)
    for _ in range(data.draw(st.integers(0, 4))):
        if body:
            body[data.draw(st.integers(0, len(body) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        field = header["fields"]["people"]
        name = data.draw(st.sampled_from(sorted(field)))
        field[name] = data.draw(st.one_of(st.none(), st.integers(-5, 50), st.lists(st.integers(-5, 50), max_size=3)))
    header["crc32"] = zlib.crc32(bytes(body))  # as if someone fixed the checksum too
    try:
        loaded = tables.decode(json.dumps(header).encode() + b"\n" + bytes(body), key, size)
    except (ValueError, KeyError, TypeError):
        return
    names, table = loaded["people"]
    assert len(table.first) == size
    assert all(-1 <= index < len(names) for index in table.first)
    assert all(0 <= doc < size and all(0 <= i < len(names) for i in extra) for doc, extra in table.more.items())
