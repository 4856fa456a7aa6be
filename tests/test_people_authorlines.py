"""The lines naming an article's writer (corpus.authorlines): bylines, bios, contact lines."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.authorlines import author_lines, byline
from corpus.people import PeopleFinder
from tests.test_people import finder, gazetteer  # noqa: F401 - the same module-scoped fixtures

STORY = "The council met on Monday and voted to close the pool after a long debate about its cost."


def test_byline_forms() -> None:
    assert byline("By Nora Quill, DailyBeacon:") == ("Nora Quill",)
    assert byline("By T.A. Quill; NewsSite:") == ("T.A. Quill",)
    assert byline("By Meteorologist Paul Quill") == ("Paul Quill",)
    assert byline("by Walter W. Quill, reporter") == ("Walter W. Quill",)
    assert byline("By Tuesday, prices had doubled.") is None
    assert byline("The council met.") is None


def test_bio_of_a_writer_the_story_does_not_name() -> None:
    lines = author_lines([STORY, "Terry Quill is a former columnist at a city paper."])
    assert (lines.authors, lines.story) == (("Terry Quill",), [STORY])
    # another person with the same surname does not make the writer a person of the story
    other = author_lines(["Sen. Mitch Quill spoke.", "Terry Quill is a former columnist at a city paper."])
    assert other.story == ["Sen. Mitch Quill spoke."]


def test_writer_named_in_the_headline_stays_in_the_story() -> None:
    lines = author_lines([STORY, "Republican Matt Quill represents a district in Florida."], "Reps. Quill, Biggs: why")
    assert lines.authors == ("Matt Quill",) and len(lines.story) == 2


def test_story_sentence_is_no_bio() -> None:
    lines = author_lines([STORY, "Hillary Quill is also expected to speak in New York."])
    assert lines.authors == () and len(lines.story) == 2


def test_finder_leaves_bylines_and_bios_out(finder: PeopleFinder) -> None:  # noqa: F811
    body = f"By Nora Quill, DailyBeacon:\n\n{STORY} Mayor Ada Kimball spoke.\n\nTerry Vance is a columnist for a city paper."
    assert finder.find("Pool closes", body).people == ("Ada Kimball",)


_PARAGRAPH = st.text(alphabet=st.sampled_from(list("By Ann Lee is a writer at, Contact on @ Questions? .\u2014")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARAGRAPH, max_size=6), st.text(max_size=20))
def test_author_lines_properties(paragraphs: list[str], headline: str) -> None:
    lines = author_lines(paragraphs, headline)
    assert lines.story == lines.paragraphs[: lines.story_end]
    remaining = iter(paragraphs)
    assert all(any(kept == text for text in remaining) for kept in lines.paragraphs)  # an ordered subset
    assert all(name in "\n".join(paragraphs) or name.title() in "\n".join(paragraphs).title() for name in lines.authors)
