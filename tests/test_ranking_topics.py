"""The Reuters topic benchmark's helpers: story parsing, query selection, hit locations."""
from __future__ import annotations

import html
from collections import Counter

import pytest

from benchmarks.ranking_topics import (
    Story,
    document_key,
    location,
    named_queries,
    read_collection,
    read_stories,
    select_queries,
)
from tests.conftest import shared_path

SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" OLDID="5544" NEWID="7">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>money-fx</D><D>dlr</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<TEXT>&#2;
<TITLE>HARBOUR BOARD SELLS DOLLARS</TITLE>
<BODY>The harbour board sold dollars on Tuesday.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TEST" OLDID="5545" NEWID="8">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS>
<TEXT TYPE="BRIEF">&#2;
<TITLE>TOWN FAIR OPENS</TITLE>
</TEXT>
</REUTERS>
"""


def test_read_stories_takes_newid_topics_and_text_in_file_order() -> None:
    first, second = read_stories(SGML)
    assert (first.newid, first.topics) == (7, frozenset({"money-fx", "dlr"}))
    assert "harbour board sold dollars" in first.text and "<BODY>" not in first.text
    assert "usa" not in first.text  # PLACES is outside TEXT
    assert (second.newid, second.topics) == (8, frozenset())
    assert "TOWN FAIR OPENS" in second.text


def _stories(tags: list[set[str]], text: str) -> list[Story]:
    return [Story(newid=n, topics=frozenset(codes), text=text) for n, codes in enumerate(tags, 1)]


def test_select_queries_keeps_codes_made_of_frequent_lowercase_words() -> None:
    text = "coffee money supply and 5 mln dlr, GNP rose, the ACQ deal; nat"
    stories = _stories([{"coffee", "money-supply", "dlr", "gnp", "acq", "nat-gas"}] * 3 + [{"sugar"}], text)
    queries = select_queries(stories, min_stories=2, min_count=2)
    # dlr has no vowel, gnp and acq appear only in capitals, gas never; sugar tags one story.
    assert queries == {"coffee": "coffee", "money-supply": "money supply"}


def test_named_queries_reads_topic_lists_only_and_drops_rare_codes() -> None:
    descriptions = (
        "Some notes\n****Subject Codes (135)\n\nMoney/Foreign Exchange (MONEY-FX)\nShipping (SHIP)\n"
        "**Commodity Codes (78)\n\nCOFFEE\n\n@heading[Organization Codes (56)]\n\nUnited Nations (UN)@*\n"
    )
    tagged = Counter({"money-fx": 30, "ship": 3, "un": 40, "coffee": 50})
    assert named_queries(descriptions, tagged, min_stories=20) == {"money-fx": "money foreign exchange"}


def test_location_and_document_key_merge_duplicates_to_the_smallest_newid() -> None:
    assert location("/data/reut2-003.sgm#559") == ("reut2-003.sgm", 559)
    stories = {("a.sgm", 1): Story(40, frozenset(), ""), ("b.sgm", 2): Story(12, frozenset(), "")}
    assert document_key([("a.sgm", 1), ("b.sgm", 2)], stories) == 12
    with pytest.raises(KeyError):
        document_key([("a.sgm", 2)], stories)


@pytest.mark.shared
def test_positions_match_gazettes_sgml_reader_on_reuters() -> None:
    """Story n of read_stories is the story Gazette stores as ``file#n`` (same headline)."""
    from corpus.readers import sgml

    folder = shared_path("reuters21578")
    stories = read_collection(folder)
    assert len(stories) == 21578 and len({s.newid for s in stories.values()}) == 21578
    checked = 0
    for path in sorted(folder.glob("*.sgm")):
        for raw in sgml.read(str(path), path.read_text(encoding="latin-1")):
            words = " ".join(html.unescape(stories[(path.name, raw.position)].text).split())
            assert " ".join(raw.headline.split()) in words, (path.name, raw.position)
            checked += 1
    assert checked == len(stories)
