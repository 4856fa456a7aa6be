"""corpus.dates: strict metadata parsing, dateline lines, dates inferred from captions."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dates import date_in_text, date_in_url, dateline, find_dates, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-05-08", dt.date(2018, 5, 8)),
        ("2018-05-08T01:30:00+09:00", dt.date(2018, 5, 8)),  # the publisher's own day
        ("2019-06-21T23:59:59Z", dt.date(2019, 6, 21)),
        ("Tue, 08 May 2018 10:00:00 +0000", dt.date(2018, 5, 8)),
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)),
        (" 3-MAR-1987  09:15:05.40", dt.date(1987, 3, 3)),
        ("26-MAR-1987 999:99:99.99\t\t\tF", dt.date(1987, 3, 26)),  # malformed time, date kept
        ("9-APR-1987 01:53:30.00    # date added by S Finch as guesswork", dt.date(1987, 4, 9)),
        ("May 7, 2018", dt.date(2018, 5, 7)),
        ("Sept. 9, 2018", dt.date(2018, 9, 9)),
        ("7 May 2018", dt.date(2018, 5, 7)),
        ("Monday, 7th of May, 2018", dt.date(2018, 5, 7)),
        ("2018/05/07", dt.date(2018, 5, 7)),
        ("13/05/2018", dt.date(2018, 5, 13)),
        ("05/13/2018", dt.date(2018, 5, 13)),
        ("20180507", dt.date(2018, 5, 7)),
        ("1525737600", dt.date(2018, 5, 8)),
        (1525737600, dt.date(2018, 5, 8)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.date(2020, 1, 2)),
    ],
)
def test_parse_date_reads_metadata_forms(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "garbage", "05/07/2018", "June 21", "2018-02-30", "31 June 2019", "0000-00-00", "May 2018",
     "9999-01-01", "1066-10-14", None, True, [], "12:30", "2018"],
)
def test_parse_date_prefers_none_to_a_guess(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("line", "expected", "updated"),
    [
        ("June 21, 2019 | 08:02", dt.date(2019, 6, 21), False),
        ("Published: Monday, May 7, 2018 10:02 GMT", dt.date(2018, 5, 7), False),
        ("Updated 8 May 2018, 14:05 KST", dt.date(2018, 5, 8), True),
        ("2019-06-21 08:02 +0900", dt.date(2019, 6, 21), False),
        ("Posted on 3 March 2021 at 9am", dt.date(2021, 3, 3), False),
        ("Oct 19, 2016 · 10 min read", dt.date(2016, 10, 19), False),  # a reading time
        ("Publié le 07 mai 2019 à 13h59 - Mis à jour le 08 mai 2019 à 09h03", dt.date(2019, 5, 7), False),
        ("Mis à jour le 08 mai 2019", dt.date(2019, 5, 8), True),
        ("Veröffentlicht am 7. Mai 2019, 10:12 Uhr", dt.date(2019, 5, 7), False),
        # two dates: the one labelled first published wins over the unlabelled one
        ("Tue 29 Nov 2016 15.26 EST First published on Mon 28 Nov 2016 07.46 EST", dt.date(2016, 11, 28), False),
    ],
)
def test_dateline_lines(line: str, expected: dt.date, updated: bool) -> None:
    found = dateline(line)
    assert found is not None and found.date == expected and found.updated is updated


@pytest.mark.parametrize(
    "line",
    [
        "November 25, 2020 01:32 | About us",  # a clock in the menu bar
        "Holmes starts 2005 with GB events",
        "2004: An Irish Athletics Year",
        "From May 7, 2018 to May 9, 2018",  # two dates: not a dateline
        "Published May 7, 2018, posted May 9, 2018",  # two dates, both labelled published
        "Tuesday, 1 March",  # no year
        "The summit opened on May 7, 2018 in Dalian.",
    ],
)
def test_lines_that_are_not_datelines(line: str) -> None:
    assert dateline(line) is None


def test_find_dates_positions_and_numeric_switch() -> None:
    text = "Met on May 7, 2018 and 8 May 2018; file 2018-05-09."
    prose = find_dates(text)
    assert [item.date.day for item in prose] == [7, 8]
    assert text[prose[0].start : prose[0].end] == "May 7, 2018"
    assert [item.date.day for item in find_dates(text, numeric=True)] == [7, 8, 9]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/world/2019/06/30/talks-resume", dt.date(2019, 6, 30)),
        ("https://news.example/20190630-talks", dt.date(2019, 6, 30)),
        ("https://news.example/2019/13/40/x", None),
        ("https://twitter.com/example/status/995313535489581056", None),
        ("https://news.example/story/123456", None),
    ],
)
def test_date_in_url(url: str, expected: dt.date | None) -> None:
    assert date_in_url(url) == expected


def test_caption_dates_must_agree() -> None:
    assert date_in_text(["Xi meets Kim in Dalian on May 7, 2018. (Photo by Xinhua)"]) == dt.date(2018, 5, 7)
    assert date_in_text(["Leaders on May 7, 2018.", "Handshake on May 8, 2018."]) == dt.date(2018, 5, 8)
    assert date_in_text(["Signed on June 12, 2018.", "Armistice of July 27, 1953."]) is None
    assert date_in_text(["No date here."]) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_date_never_crashes(value: str) -> None:
    result = parse_date(value)
    assert result is None or isinstance(result, dt.date)
    line = dateline(value)
    assert line is None or isinstance(line.date, dt.date)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%a, %d %b %Y 10:00:00 +0000", "%d-%b-%Y 12:00:00.00",
                     "%A, %B %d, %Y", "%Y-%m-%dT%H:%M:%S+09:00", "%b. %d, %Y"]),
)
def test_written_dates_read_back(day: dt.date, form: str) -> None:
    assert parse_date(day.strftime(form)) == day
