"""The stored-fields column deflated with a preset dictionary: same values back, smaller."""
from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from index import store
from index.build import build
from index.stored_column import PRESET, _compress, _decompress
from tests.index_fixtures import write_corpus


@given(st.binary())
def test_compressed_bytes_come_back_unchanged(data):
    assert _decompress(_compress(data)) == data


def test_plain_deflate_streams_still_read():
    """Streams written without the preset (Whoosh's own column) decompress as well."""
    assert _decompress(zlib.compress(b"a stored value", 3)) == b"a stored value"


def test_preset_makes_a_stored_document_smaller():
    fields = {
        "authors": [],
        "body": "Talks went on for two hours.",
        "date": "2018-06-12",
        "date_from": "metadata",
        "headline": "Leaders meet",
        "id": "977d666e5fb8b086",
        "leaders": "",
        "paths": ["/corpus/a.txt"],
        "people": "",
        "source": "Reuters",
        "year": 2018,
    }
    data = pickle.dumps(fields, 2)
    assert len(_compress(data)) < len(zlib.compress(data, 9))
    assert PRESET  # part of the on-disk format


def test_built_index_reads_its_stored_fields_back(tmp_path: Path):
    write_corpus(tmp_path / "corpus", files=2, per_file=3)
    build([tmp_path / "corpus"], tmp_path / "index", jobs=1)
    with store.open_index(tmp_path / "index").searcher() as searcher:
        documents = list(searcher.documents())
    assert len(documents) == 6
    assert all(doc["body"] and doc["headline"] and doc["paths"] for doc in documents)
