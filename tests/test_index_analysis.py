"""The fused analyzer gives exactly the tokens of the Whoosh filter chain it replaces, plus
the tokens news needs (abbreviations with dots, AT&T, 9/11, acronyms in capitals), checked
against a plain reference."""
from __future__ import annotations

import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import STOP_WORDS, CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from index.analysis import QUERY_WORD, WORD, NewsAnalyzer


def chain():
    return RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()


def reference(text, mode="index", removestops=True, start_pos=0, start_char=0, stemming=True, **_):
    """What the analyzer yields, written plainly: one rule after another, word by word."""
    found, position, previous = [], None, ""
    for index, match in enumerate(re.finditer(QUERY_WORD if mode == "query" else WORD, text)):
        original = match.group()
        word = original.lower().translate(accent_map)
        stemmed = False
        if "&" in word or "/" in word:
            kept = True
        elif re.fullmatch(r"[^\W\d_](?:[. ][^\W\d_])+\.?", word) and (mode == "query" or " " not in word):
            word = word.replace(".", "").replace(" ", "")
            kept = True
        elif len(word) < 2:
            kept = False
        elif word in STOP_WORDS:
            kept = original.isupper() and not (len(previous) >= 2 and previous.isupper())
        else:
            kept, stemmed = True, True
        previous = original
        if not kept and removestops:
            continue
        if kept:
            position = start_pos + index if position is None else position + 1
        found.append((stem(word) if stemmed and stemming else word, position if kept else start_pos + index,
                      start_char + match.start(), start_char + match.end(), not kept))
    return found


def tokens(analyzer, text, **kwargs):
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None), t.stopped)
        for t in analyzer(text, **kwargs)
    ]


WORDS = st.sampled_from(
    ["Kim", "Jong-un", "the", "U.S.", "summit's", "Moon", "Jae-in", "Müller", "ÉLYSÉE", "a", "I", "talks",
     "running", "don't", "3.5", "Xi", "and", "Straße", "Œuvre", "meetings", ",", ".", "—", "\n\n", "北京",
     "US", "IT", "WITH", "AT&T", "S&P", "9/11", "9-11/16", "u", "s", "U.K", "e.g.", "google.com"]
)
PLAIN_WORDS = st.sampled_from(
    ["Kim", "Jong-un", "the", "summit's", "Moon", "Jae-in", "Müller", "ÉLYSÉE", "a", "I", "talks",
     "running", "don't", "3.5", "Xi", "and", "Straße", "Œuvre", "meetings", ",", ".", "—", "\n\n", "北京"]
)
TEXTS = st.one_of(st.lists(WORDS, max_size=30).map(" ".join), st.text(max_size=200))


@settings(max_examples=300, deadline=None)
@given(st.lists(PLAIN_WORDS, max_size=30).map(" ".join), st.booleans(), st.booleans(), st.integers(0, 5),
       st.integers(0, 50))
def test_same_tokens_as_the_filter_chain(text, removestops, tokenize, start_pos, start_char):
    kwargs = dict(positions=True, chars=True, removestops=removestops, tokenize=tokenize,
                  start_pos=start_pos, start_char=start_char, mode="index")
    assert tokens(NewsAnalyzer(), text, **kwargs) == tokens(chain(), text, **kwargs)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.booleans(), st.integers(0, 5), st.integers(0, 50), st.sampled_from(["index", "query"]))
def test_same_tokens_as_the_reference(text, removestops, start_pos, start_char, mode):
    kwargs = dict(positions=True, chars=True, removestops=removestops, start_pos=start_pos,
                  start_char=start_char, mode=mode)
    assert tokens(NewsAnalyzer(), text, **kwargs) == reference(text, **kwargs)


def test_tokens_news_needs():
    def terms(text, mode="index"):
        return [token.text for token in NewsAnalyzer()(text, mode=mode)]

    assert terms("U.S. and U.K. talks") == ["us", "uk", "talk"]
    assert terms("the US economy") == terms("the U.S. economy") == terms("u s economy", "query") == ["us", "economi"]
    assert terms("us and them") == ["them"]  # the pronoun stays a stop word
    assert terms("TALKS WITH US") == ["talk"]  # a headline in capitals
    assert terms("AT&T bid for S&P") == ["at&t", "bid", "s&p"]
    assert terms("after 9/11, open 24/7") == ["after", "9/11", "open", "24/7"]
    assert terms("rose 9-11/16 to 9-3/4") == ["rose", "11/16", "3/4"]
    assert terms("visit google.com") == ["visit", "google.com"]


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_no_morph_skips_stemming_only(text):
    unstemmed = [word for word, _, _, _, _ in reference(text, stemming=False)]
    assert [t.text for t in NewsAnalyzer()(text, no_morph=True)] == unstemmed


def test_survives_pickling_into_the_index_without_its_cache():
    analyzer = NewsAnalyzer()
    list(analyzer("Meetings were held"))
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer and copy._stems == {}
    assert [t.text for t in copy("Meetings of the leaders")] == ["meet", "leader"]


def test_query_parser_and_highlighter_work_with_it(tmp_path):
    from whoosh import highlight
    from whoosh.filedb.filestore import FileStorage
    from whoosh.qparser import QueryParser

    from index.schema import build_schema

    ix = FileStorage(str(tmp_path)).create_index(build_schema())
    with ix.writer() as writer:
        writer.add_document(id="1", headline="Kim Jong-un meets Moon Jae-in", body="The leaders held talks in Panmunjom.")
    with ix.searcher() as searcher:
        parser = QueryParser("body", ix.schema)
        hits = searcher.search(parser.parse('"leaders held talks"'))
        assert [hit["id"] for hit in hits] == ["1"]
        hits.fragmenter = highlight.WholeFragmenter()
        assert "<b" in hits[0].highlights("body").lower()
        assert [h["id"] for h in searcher.search(QueryParser("headline", ix.schema).parse("meeting"))] == ["1"]


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from([1.0, 2.5]))
def test_one_pass_postings_equal_whoosh_positions_postings(text, boost):
    from whoosh.formats import Positions

    from index.analysis import NewsPositions

    news, whoosh = NewsPositions(field_boost=boost), Positions(field_boost=boost)
    fast = sorted(
        (word, freq, weight, news.decode_positions(value), news.decode_frequency(value))
        for word, freq, weight, value in news.word_values(text, NewsAnalyzer(), mode="index")
    )
    slow = sorted(
        (word, freq, weight, whoosh.decode_positions(value), freq)
        for word, freq, weight, value in whoosh.word_values(text, NewsAnalyzer(), mode="index")
    )
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**31), min_size=1, max_size=40, unique=True))
def test_compact_positions_round_trip(positions):
    from index.analysis import NewsPositions

    positions.sort()
    news = NewsPositions()
    value = news.encode(positions)
    assert news.decode_positions(value) == positions
    assert news.decode_frequency(value) == len(positions)
    assert news.decode_position_boosts(value) == [(p, 1) for p in positions]
    if positions[-1] < 0x10000:
        assert len(value) == 1 + 2 * len(positions)  # 2 bytes a position when gaps fit


def test_one_position_takes_three_bytes_not_thirteen():
    from whoosh.formats import Positions

    from index.analysis import NewsPositions

    assert len(NewsPositions().encode([7])) == 3
    assert len(Positions().encode([7])) == 13


@given(TEXTS, st.integers(1, 40))
def test_a_long_text_analysed_by_slices_gives_the_same_positions(text, slice_size):
    import index.analysis

    whole = NewsAnalyzer().positions(text)
    saved = index.analysis.SLICE
    index.analysis.SLICE = slice_size
    try:
        sliced = NewsAnalyzer().positions(text)
    finally:
        index.analysis.SLICE = saved
    assert {term: list(found) for term, found in sliced.items()} == {term: list(found) for term, found in whole.items()}


@given(st.integers(0, 2**20), st.lists(st.integers(1, 2**17), min_size=1, max_size=20), st.integers(4097, 6000))
@settings(max_examples=30)
def test_many_positions_encode_alike_from_a_list_or_an_array(start, steps, count):
    from array import array
    from itertools import accumulate, cycle, islice

    from index.analysis import NewsPositions

    positions = list(accumulate(islice(cycle(steps), count), initial=start))
    encoded = NewsPositions().encode(positions)
    assert encoded == NewsPositions().encode(array("I", positions))
    assert NewsPositions().decode_positions(encoded) == positions


def test_a_50_mb_text_is_analysed_in_a_small_multiple_of_its_size():
    import subprocess
    import sys

    script = (
        "import resource; from index.analysis import NewsAnalyzer\n"
        "text = ' '.join(['minister said talks would resume after the summit'] * 1_000_000)\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "NewsAnalyzer().positions(text)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base, len(text) // 1024)\n"
    )
    grown, size = map(int, subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split())
    assert grown < 3 * size  # kilobytes; a list of every word took about 20 times the text
