"""The query language checks, periods and name folding (no index needed)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from search.errors import QueryError
from search.names import NameTable, fold
from search.periods import period, years
from search.query import check


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kim summit", "kim summit"),
        ('"kim jong un" OR xi', '"kim jong un" OR xi'),
        ("(kim OR xi) NOT trump", "(kim OR xi) NOT trump"),
        ("year:[2018 TO 2019]", "year:[2018 TO 2019]"),
        ("year:[2018 to 2019]", "year:[2018 TO 2019]"),
        ("date:[2018-05 TO 2018-06]", "date:[2018-05-01 TO 2018-06-30]"),
        ("date:[2018-05-01 TO]", "date:[2018-05-01 TO]"),
        ("date:{2019 TO 2019}", "date:{2019-01-01 TO 2019-12-31}"),
        ("headline:summit denucl* pyongyang~", "headline:summit denucl* pyongyang~"),
        ('people:"Kim Jong-un"', 'people:"Kim Jong-un"'),
        ('"foo:bar [x"', '"foo:bar [x"'),
        ("note: summit", "note: summit"),
        ("10:30 meeting", "10:30 meeting"),
    ],
)
def test_check_accepts_and_normalizes(query, expected):
    assert check(query) == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ('"kim jong', "unbalanced quote"),
        ("(kim OR xi", "unbalanced parenthesis: a ( is never closed"),
        ("kim OR xi)", "unbalanced parenthesis: this ) closes nothing"),
        ("foo:bar", "unknown field 'foo'"),
        ("Headline:summit", "field names are lowercase"),
        ("year:[2018 2019]", "a range needs two ends separated by TO"),
        ("year:[20x8 TO 2019]", "'20x8' is not a year"),
        ("date:[2018-13 TO 2019]", "month 13 does not exist"),
        ("year:[2019 TO 2018]", "is empty: 2019 comes after 2018"),
        ("year:[2018 TO 2019", "unbalanced bracket"),
        ("headline:[a TO c]", "ranges work on year, date and month, not headline"),
        ("[2018 TO 2019]", "a range needs a field"),
        ("kim OR", "OR needs a word on each side"),
        ("AND kim", "AND needs a word on each side"),
        ("kim OR OR xi", "OR needs a word on each side"),
        ("kim NOT", "NOT needs a word after it"),
        ("year:abc", "'abc' is not a year"),
        ("date:2018-02-30", "2018-02 has no day 30"),
    ],
)
def test_check_rejects_with_a_message(query, message):
    with pytest.raises(QueryError) as caught:
        check(query)
    assert message in caught.value.text()


def test_pointer_shows_where_the_problem_is():
    with pytest.raises(QueryError) as caught:
        check("summit foo:bar")
    assert caught.value.message == "unknown field 'foo'\n  summit foo:bar\n         ^"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2018", ("2018-01-01", "2018-12-31")),
        ("2018-02", ("2018-02-01", "2018-02-28")),
        ("2020-2", ("2020-02-01", "2020-02-29")),
        ("2018-05-07", ("2018-05-07", "2018-05-07")),
    ],
)
def test_period(text, expected):
    assert period(text) == expected


@pytest.mark.parametrize("text", ["18", "2018-00", "2018-05-32", "May 2018", "", "2018-05-07T10"])
def test_period_rejects(text):
    with pytest.raises(QueryError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        period(text, "--from")


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_period_of_any_day_month_and_year_contains_it(day):
    iso = day.isoformat()
    assert period(iso) == (iso, iso)
    first, last = period(iso[:7])
    assert first <= iso <= last and first.endswith("-01")
    assert dt.date.fromisoformat(last) + dt.timedelta(days=1) == (
        dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    )
    assert period(iso[:4]) == (f"{iso[:4]}-01-01", f"{iso[:4]}-12-31")


@given(st.integers(1000, 9999), st.integers(0, 50))
def test_years_span(first, extra):
    last = min(first + extra, 9999)
    assert years(f"{first}-{last}") == (first, last)
    assert years(str(first)) == (first, first)


def test_years_rejects_backwards_span():
    with pytest.raises(QueryError, match="2020 comes after 2018"):
        years("2020-2018")


@given(st.text(max_size=30))
def test_check_never_fails_with_anything_but_query_error(text):
    try:
        check(text)
    except QueryError:
        pass


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "Pd"]), max_size=20))
def test_fold_ignores_case_spaces_hyphens_and_accents(name):
    assert fold(name) == fold(name.upper().replace("-", " ")) or not name.isascii()
    assert fold(fold(name)) == fold(name)


def test_fold_examples():
    assert fold("Kim Jong-un") == fold("KIM JONG UN") == fold("kim  jongun") == "kimjongun"
    assert fold("Shinzō Abe") == fold("shinzo abe")


def test_name_table_resolves_aliases_surnames_and_suggests():
    table = NameTable("people", ["Kim Jong Un", "Xi Jinping", "Donald Trump", "Ivanka Trump"],
                      {"president xi": "Xi Jinping", "nobody": "Not In Index"})
    assert table.resolve("kim jong-un") == "Kim Jong Un"
    assert table.resolve("President Xi") == "Xi Jinping"
    assert table.resolve("jinping") == "Xi Jinping"
    with pytest.raises(QueryError) as caught:  # two Trumps: a surname alone is ambiguous
        table.resolve("trump")
    assert caught.value.suggestions == ["Ivanka Trump", "Donald Trump"]  # closest first
    with pytest.raises(QueryError) as caught:
        table.resolve("Nobody")  # an alias of someone the index does not hold
    assert caught.value.message == "no article in the index has the person 'Nobody'"
    with pytest.raises(QueryError) as caught:
        table.resolve("Xi Jinpign", option="--person")
    assert caught.value.suggestions[0] == "Xi Jinping"
    assert caught.value.option == "--person"
    assert table.with_prefix("kim") == ["Kim Jong Un"]


@given(st.sets(st.integers(0, 5000), max_size=300))
def test_bitsets_round_trip_any_set(ids):
    from search.bitsets import from_ids, members

    bits = from_ids(ids, 5001)
    assert members(bits) == sorted(ids)
    assert bits.bit_count() == len(ids)


def _snippets():
    from index.schema import text_analyzer
    from search.snippets import Snippets

    analyzer = text_analyzer()
    return Snippets(lambda word: next((t.text for t in analyzer(word)), None)), analyzer


@given(st.lists(st.sampled_from(["Kim", "summit", "met", "the", "Pyongyang", "talks,", "and", "leaders."]), max_size=120),
       st.sets(st.sampled_from(["kim", "summit", "pyongyang", "talk", "leader"]), max_size=3))
def test_snippet_spans_mark_query_terms_inside_the_text(words, terms):
    snippets, analyzer = _snippets()
    body = " ".join(words)
    snippet = snippets.make(body, terms)
    assert len(snippet.text) <= 230
    for start, end in snippet.spans:
        marked = snippet.text[start:end]
        assert [t.text for t in analyzer(marked)] and next(t.text for t in analyzer(marked)) in terms
    if not body.strip():
        assert snippet.text == ""
