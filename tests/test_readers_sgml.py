"""Reuters-21578 SGML reader: fixture stories, hostile input, and the whole real collection."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.readers import read_file, sgml
from corpus.readers.base import RawArticle, ReadError
from tests.conftest import shared_path

FIXTURES = Path(__file__).parent / "fixtures" / "struct"


@pytest.fixture(scope="module")
def stories() -> list[RawArticle]:
    items = list(read_file(FIXTURES / "stories.sgm"))
    assert all(isinstance(item, RawArticle) for item in items)
    return items


def test_story_fields(stories: list[RawArticle]) -> None:
    first = stories[0]
    assert first.position == 1
    assert first.headline == "JAPAN AND U.S. OPEN TRADE TALKS <SEMICONDUCTORS>"
    assert first.date == dt.date(1987, 3, 2)
    assert first.date_from == "metadata"
    assert first.source == "Reuters"
    assert first.authors == ("Jane Example", "John Sample")
    assert first.body.split("\n\n") == [
        "Japanese and U.S. officials opened two days of talks on semiconductor trade today, "
        "a Foreign Ministry spokesman said.",
        'Prime Minister Yasuhiro Nakasone told parliament the talks would be "frank and constructive."',
        "The spokesman said no agreement was expected this week.",
    ]


def test_dateline_and_signoff_stay_out_of_the_body(stories: list[RawArticle]) -> None:
    for story in stories:
        assert "TOKYO, March 2" not in story.body
        assert not re.search(r"(?i)reuter\W*$", story.body), story.body
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", story.headline + story.body)


def test_brief_and_unproc_stories(stories: list[RawArticle]) -> None:
    brief, unproc = stories[1], stories[2]
    assert brief.headline == "BANK OF ENGLAND SETS MONEY MARKET SHORTAGE FORECAST"
    assert brief.body == ""  # a headline-only note: the wire's filler line is not its text
    assert unproc.headline == "WEEKLY GRAIN INSPECTIONS - MARCH 31"
    assert unproc.body == "Wheat..........410 vs.....395\n\nCorn...........722 vs.....690"


def test_malformed_dates_give_their_day(stories: list[RawArticle]) -> None:
    assert [s.date for s in stories[1:]] == [dt.date(1987, 3, 27), dt.date(1987, 3, 31), dt.date(1987, 4, 9)]


def test_latin1_byte_is_decoded(stories: list[RawArticle]) -> None:
    assert stories[3].headline == "M\u00dcNCHEN BANK RAISES DIVIDEND"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)),
        (" 3-MAR-1987  13:04:18.47", dt.date(1987, 3, 3)),
        ("27-MAR-1987 14:02:56.54&#5;&#5;&#5;V RM", dt.date(1987, 3, 27)),
        ("31-FEB-1987 10:00:00.00", None),
        ("", None),
    ],
)
def test_story_date(value: str, expected: dt.date | None) -> None:
    assert sgml.story_date(value) == expected


def test_truncated_story_is_reported_and_the_rest_read() -> None:
    text = (FIXTURES / "stories.sgm").read_text(encoding="latin-1")
    cut = text[: text.index("</REUTERS>", text.index('NEWID="102"'))]  # story 2 loses its end
    cut += text[text.index("<REUTERS", text.index('NEWID="102"')) :]
    items = list(sgml.read("x.sgm", cut))
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert errors == ["story 2: truncated (no </REUTERS> before the next story or end of file)"]
    assert [i.position for i in items if isinstance(i, RawArticle)] == [1, 3, 4]


def test_file_cut_mid_story() -> None:
    text = (FIXTURES / "stories.sgm").read_text(encoding="latin-1")
    items = list(sgml.read("x.sgm", text[: len(text) // 2]))
    assert isinstance(items[0], RawArticle)
    assert isinstance(items[-1], ReadError) and "truncated" in str(items[-1])


def test_unclosed_tags_inside_a_story() -> None:
    story = ("<REUTERS><DATE>5-MAY-1987 10:00:00.00<TOPICS></TOPICS><TEXT><TITLE>SUMMIT ENDS"
             "<DATELINE> ROME, May 5 - </DATELINE><BODY>Leaders agreed on a statement.\n Reuter\n"
             "</TEXT></REUTERS>")
    (article,) = list(sgml.read("x.sgm", story))
    assert (article.headline, article.body, article.date) == (
        "SUMMIT ENDS", "Leaders agreed on a statement.", dt.date(1987, 5, 5))


def test_untagged_dateline_is_removed() -> None:
    story = ("<REUTERS><DATE>5-MAY-1987</DATE><TEXT TYPE=\"BRIEF\"><TITLE>OIL CO NAMES CHIEF</TITLE>\n"
             "NEW YORK, May 5 - Example Oil Co said its chairman retired.\n</TEXT></REUTERS>")
    (article,) = list(sgml.read("x.sgm", story))
    assert article.body == "Example Oil Co said its chairman retired."


def test_no_stories_is_a_file_error() -> None:
    with pytest.raises(ReadError, match="no <REUTERS> stories"):
        list(sgml.read("x.sgm", "just some text"))


def test_story_without_text_element() -> None:
    items = list(sgml.read("x.sgm", "<REUTERS><DATE>1-JAN-1987</DATE></REUTERS>"))
    assert [str(i) for i in items] == ["story 1: no <TEXT> element"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&#;REUTSXDABOYILx-1 \n")) | st.characters(), max_size=300))
def test_no_input_crashes_the_reader(text: str) -> None:
    for item in sgml.read("x.sgm", "<REUTERS>" + text):
        assert isinstance(item, (RawArticle, ReadError))


# --- the real collection ---------------------------------------------------------------

_STORY = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATE = re.compile(r"<DATE>\s*(\d+)-([A-Z]+)-(\d{4})")
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@pytest.fixture(scope="session")
def reuters() -> dict[Path, list]:
    folder = shared_path("reuters21578")
    return {path: list(read_file(path)) for path in sorted(folder.glob("reut2-*.sgm"))}


def _expected(path: Path) -> list[tuple[str | None, dt.date]]:
    """(title, day) per story, by plain regexes over the raw file, independent of the reader."""
    out = []
    for story in _STORY.findall(path.read_bytes().decode("latin-1")):
        title = _TITLE.search(story)
        day, month, year = _DATE.search(story).groups()
        out.append(
            (" ".join(html.unescape(title.group(1)).split()) if title else None,
             dt.date(int(year), _MONTHS.index(month) + 1, int(day)))
        )
    return out


@pytest.mark.slow
def test_all_reuters_stories_parse(reuters: dict[Path, list]) -> None:
    items = [item for stories in reuters.values() for item in stories]
    assert [str(i) for i in items if isinstance(i, ReadError)] == []
    assert len(items) == 21578


@pytest.mark.slow
def test_reuters_headlines_and_dates_match_the_tags(reuters: dict[Path, list]) -> None:
    titled = 0
    for path, stories in reuters.items():
        expected = _expected(path)
        assert len(stories) == len(expected), path
        for story, (title, day) in zip(stories, expected):
            assert story.date == day, (path, story.position)
            if title is not None:
                titled += 1
                assert story.headline == title, (path, story.position)
            assert story.source == "Reuters"
    assert titled == 20841


@pytest.mark.slow
def test_reuters_bodies_are_reflowed_prose(reuters: dict[Path, list]) -> None:
    bodies = [s.body for stories in reuters.values() for s in stories]
    signoff = re.compile(r"(?:\A|[.!?\"')\d]\s+|\n)(?i:reuters?|reute|more)\W*\Z")
    assert [b[-60:] for b in bodies if signoff.search(b)] == []
    wrapped = sum(1 for b in bodies if "\n" in b.replace("\n\n", ""))
    assert wrapped == 0
    assert not any(re.search(r"[\x00-\x08\x0b-\x1f\x7f]", b) for b in bodies)
    assert [b[:40] for b in bodies if re.match(r"[A-Z][A-Z .]+, [A-Z][a-z]+ \d+ - ", b)] == []
    assert not any("blah blah" in b.lower() for b in bodies)


def _strip_signoff_everywhere(text: str) -> str:
    """The reference: the sign-off pattern tried over the whole text."""
    text = text.rstrip()
    while (stripped := sgml._SIGNOFF.sub("", text).rstrip()) != text:
        text = stripped
    return text


SIGNOFF_PIECES = st.sampled_from(
    ["Reuter", "REUTER", "Reuters", "reute", "more", "MORE", "REUTER^M", "Reuter 12:30/GMT", " 17 REUTER", "...",
     "\n", "\n\n", " ", "\t", "The bank said.", "1.5 pct", "\"", ")", "17", "a" * 600, "Exports rose 3 pct"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(SIGNOFF_PIECES, max_size=14).map("".join))
def test_signoff_stripping_looks_at_the_end_only_with_the_same_result(text: str) -> None:
    assert sgml._strip_signoff(text) == _strip_signoff_everywhere(text)
