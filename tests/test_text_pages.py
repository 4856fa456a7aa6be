"""Scraped text pages: headline below the chrome, dates, sources, clean bodies.

Fixtures in tests/fixtures/pages/ are written for these tests (no corpus text).
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.chrome import clean, clean_paragraphs, normalize_text, repair_mojibake
from corpus.readers.base import RawArticle, ReadError
from corpus.readers.text import read
from tests.page_fixtures import assert_reads_or_refuses, check_expectations, page_expectations, paragraphs, read_page


def parse(name: str) -> RawArticle:
    return read_page(read, name)


@pytest.mark.parametrize("name", sorted(page_expectations(".txt")))
def test_fixture_expectations(name: str) -> None:
    check_expectations(parse(name), page_expectations(".txt")[name])


def test_wire_story_behind_menus_and_breadcrumbs() -> None:
    article = parse("wire_story.txt")
    assert article.headline == "Envoys open new round of talks on rail link"
    assert (article.date, article.date_from) == (dt.date(2021, 3, 3), "dateline")
    assert article.authors == ("Hana Lee", "Marco Bianchi")
    # the page's own copyright line names the publication, which beats the wire credit
    assert article.source == "The Example Wire"
    # the body starts as the page prints it: the wire dateline stays (its date was read)
    assert paragraphs(article)[0].startswith("SEOUL, March 3, 2021 (Yonhap) -- Negotiators from the two Koreas opened")
    assert paragraphs(article)[-1].endswith("a joint statement could follow.")
    for chrome in ("Home |", "News / Asia", "By Hana Lee", "Related stories", "Rail survey team", "©"):
        assert chrome not in article.body


def test_page_with_no_title_keeps_all_prose() -> None:
    article = parse("no_title.txt")
    assert article.headline == ""
    assert len(paragraphs(article)) == 2
    assert article.date is None and article.source is None


def test_many_dates_take_the_published_dateline() -> None:
    article = parse("many_dates.txt")
    assert article.headline == "Ministers agree grain deal after all-night session"
    # not the page clock (2026), not "Updated", not the deal of 2021, not the "Most read" list
    assert (article.date, article.date_from) == (dt.date(2022, 4, 12), "dateline")
    assert "signed on 2 March 2021, expired at midnight" in article.body
    assert "Published" not in article.body and "Most read" not in article.body
    assert "Port reopens" not in article.body


def test_nested_chrome_masthead_language_menu_share_bars_and_caption() -> None:
    article = parse("nested_chrome.txt")
    assert article.headline == "Harbour strike ends after pay offer accepted"
    assert article.body.count("Harbour strike ends") == 0  # the repeated headline is gone
    assert [p.split()[0] for p in paragraphs(article)] == ["Dock", "The", "Shipping"]
    # the caption's date (a news photo of the event) is the best evidence left, and says so
    assert (article.date, article.date_from) == (dt.date(2022, 6, 3), "text")
    assert article.source == "Agence France-Presse"  # from the photo credit, the only credit
    assert "Pierre Example" not in article.body


def test_masthead_named_by_the_page_itself_is_not_the_headline() -> None:
    text = ("The Morning Ledger\n\nHarbour strike ends after pay offer accepted\n\n"
            "Dock workers voted on Friday to accept a revised pay offer, their union said.\n\n© 2022 The Morning Ledger\n")
    (article,) = list(read("x.txt", text))
    assert article.headline == "Harbour strike ends after pay offer accepted"
    assert article.source == "The Morning Ledger"
    assert article.body == "Dock workers voted on Friday to accept a revised pay offer, their union said."


def test_section_labels_and_a_site_suffix_on_the_headline() -> None:
    text = ("Politics\nExclusive\nLeaders pledge to keep talking after summit - Press TV\n\n"
            "Leaders pledge to keep talking after summit\n\n"
            "The two leaders said on Monday they would keep talking, officials said after the meeting.\n")
    (article,) = list(read("x.txt", text))
    assert article.headline == "Leaders pledge to keep talking after summit"
    assert article.source == "Press TV"  # the title naming its site is the page naming itself
    assert article.body == "The two leaders said on Monday they would keep talking, officials said after the meeting."


def test_tagline_under_the_masthead_menu_is_not_the_headline() -> None:
    text = ("Harbour Gazette | Home | Archive | Subscribe\n\nIndependent news from the coast since 1921\n\n"
            "Ferry service resumes after storm repairs\n\n4 March 2023\n\n"
            "The ferry service resumed on Saturday after two weeks of repairs to the pier, the operator said.\n")
    (article,) = list(read("x.txt", text))
    assert article.headline == "Ferry service resumes after storm repairs"
    assert (article.date, article.date_from) == (dt.date(2023, 3, 4), "dateline")
    assert "Independent news" not in article.body


def test_numbered_list_above_the_headline_is_not_the_headline() -> None:
    text = ("Most read\n1. Ferry fares to rise in spring\n2. Bridge closed for repairs\n\n"
            "Port reopens after storm\n\nThe port reopened on Sunday after a week of repairs, the harbour master said.\n")
    (article,) = list(read("x.txt", text))
    assert article.headline == "Port reopens after storm"


def test_plain_document_keeps_its_first_line_as_title() -> None:
    text = ("Notes on the ferry timetable\nJane Example\n4-Mar-23\n\n"
            "The timetable below lists every sailing in the winter season, with the changes since autumn.\n")
    (article,) = list(read("x.txt", text))
    assert article.headline == "Notes on the ferry timetable"


def test_page_address_recorded_by_the_scraper() -> None:
    text = ("https://www.presstv.ir/Detail/2018/05/08/560712/Leaders-meet\nLeaders meet again in the port city\n\n"
            "The two leaders met on Monday and Tuesday in the coastal city, state media said.\n\n"
            "https://twitter.com/example/status/995313535489581056\n\nThey agreed to meet again, officials said.\n")
    (article,) = list(read("x.txt", text))
    assert article.url == "https://www.presstv.ir/Detail/2018/05/08/560712/Leaders-meet"
    assert (article.date, article.date_from, article.source) == (dt.date(2018, 5, 8), "metadata", "Press TV")


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    article = parse("hard_wrapped.txt")
    assert len(paragraphs(article)) == 2
    assert "second road bridge over the river, ending" in article.body


def test_windows_line_ends_and_odd_spaces() -> None:
    text = "Menu\r\n\r\nRail\u00a0link\u200b talks resume\r\n\r\nTalks on the\u00a0rail link resumed on Monday after a pause of two months, officials said.\r\n"
    (article,) = list(read("x.txt", text))
    assert article.headline == "Rail link talks resume"
    assert article.body == "Talks on the rail link resumed on Monday after a pause of two months, officials said."


def test_utf8_read_as_windows_1252_is_repaired() -> None:
    good = "Kim’s visit\n\nThe leader’s “historic” visit to the café ended on Monday, officials said."
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in good.encode("utf-8"))
    assert garbled != good
    (article,) = list(read("x.txt", garbled))
    assert article.headline == "Kim’s visit"
    assert "“historic” visit to the café" in article.body
    assert repair_mojibake("Ärger über naïve Ölpreise") == "Ärger über naïve Ölpreise"  # real Latin text kept


@pytest.mark.parametrize("text", ["", "   \n\n \t", "Share\nTweet\nEmail\n\nAdvertisement\n"])
def test_empty_and_chrome_only_pages_are_errors(text: str) -> None:
    with pytest.raises(ReadError):
        list(read("x.txt", text))


def test_ten_megabyte_page_is_read() -> None:
    paragraph = ("The committee met again on Thursday and heard evidence from officials about the harbour, "
                 "the bridge and the rail link, and it will report to the council next month. ")
    head = "Home | News | Sport\n\nCommittee hears evidence on transport plans\n\n"
    block = paragraph * 3 + "\n\nRead more: Port traffic rises\nAdvertisement\n\n"
    page = head + block * (10_000_000 // len(block) + 1)
    assert len(page) > 10_000_000
    (article,) = list(read("big.txt", page))
    assert article.headline == "Committee hears evidence on transport plans"
    assert len(article.body) > 9_000_000
    assert "Advertisement" not in article.body and "Read more" not in article.body


def test_clean_paragraphs_contract() -> None:
    body = [
        "Budget passes after long debate",
        "Lawmakers watch the vote on Friday, May 5, 2023. REUTERS/Jane Example",
        "By Jane Example, Staff Writer",
        "The assembly passed the budget on Friday after a debate that lasted two days.",
        "SHARE THIS ARTICLE",
        "Most viewed stories of the week",
    ]
    assert clean_paragraphs(body, "Budget passes after long debate") == [
        "The assembly passed the budget on Friday after a debate that lasted two days."
    ]
    result = clean(body, "Budget passes after long debate")
    assert result.authors == ("Jane Example",)
    assert (result.date, result.date_from) == (dt.date(2023, 5, 5), "text")


def test_byline_naming_no_person_is_dropped_without_authors() -> None:
    result = clean(["By Reuters Staff", "The talks went well on Monday, officials said."], "Headline")
    assert (result.paragraphs, result.authors) == (["The talks went well on Monday, officials said."], ())


@pytest.mark.parametrize(
    ("lead", "prose"),
    [
        ("SEOUL, June 21 (Reuters) - North Korea said...", "North Korea said..."),
        ("WASHINGTON (AP) — The president said...", "The president said..."),
        ("SEOUL, South Korea (AP) — The president said...", "The president said..."),
        ("Pyongyang, June 21 (KCNA) -- Kim Jong Un met...", "Kim Jong Un met..."),
        ("MOSCOW, June 21. /TASS/. Russia said...", "Russia said..."),
        ("(CNN)The two leaders met...", "The two leaders met..."),
        ("SEOUL: North Korea fired two missiles...", "North Korea fired two missiles..."),
        ("UPDATE: The story was changed.", "UPDATE: The story was changed."),
        ("NATO — the alliance — met.", "NATO — the alliance — met."),
        ("Meanwhile (in Seoul) - people waited.", "Meanwhile (in Seoul) - people waited."),
    ],
)
def test_wire_datelines_are_cut_from_the_lead(lead: str, prose: str) -> None:
    assert clean_paragraphs([lead], "Headline") == [prose]


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday, prices had doubled in the capital.",  # not a byline
        "NATO — the alliance — met again in Brussels on Monday to discuss the plan.",
        "The band AC/DC played the final show of the tour in the city on Saturday night.",
        "Share prices fell sharply on Monday after the central bank raised interest rates again.",
        "An unexpected side effect – for the families",  # a subheading with a dash, not a menu
        "Share the wealth, he said.",
        "Copyright law was changed last year, the minister said.",
        "The ministry website was visited by thousands after links were shared.",
    ],
)
def test_prose_that_looks_like_chrome_is_kept(sentence: str) -> None:
    assert clean_paragraphs([sentence], "Headline") == [sentence]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalizer_never_crashes_and_is_stable(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and "\u00a0" not in once


_PAGE_LINES = st.sampled_from([
    "", "Home | News | Sport", "News / Asia / Koreas", "Language: English | Français", "Politics", "Share",
    "SHARE THIS ARTICLE", "Related stories", "June 21, 2019 | 08:02", "November 25, 2020 01:32 | About us",
    "By Jane Example", "By Tuesday, prices had doubled.", "Talks resume at the border",
    "Kim and Moon meet at the line. REUTERS/Ann Example", "(Photo by Xinhua)", "SEOUL, June 21 (Reuters) - Talks began.",
    "The two leaders met on Monday and agreed to meet again within weeks, officials said.",
    "© 2021 The Example Wire", "www.example.org", "Advertisement", "Published: 3 March 2021 Updated: 4 March 2021",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAGE_LINES, max_size=25))
def test_text_reader_never_crashes_on_page_shapes(lines: list[str]) -> None:
    assert_reads_or_refuses(read, "x.txt", "\n".join(lines))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=12))
def test_text_reader_never_crashes(lines: list[str]) -> None:
    assert_reads_or_refuses(read, "x.txt", "\n".join(lines))
    assert clean_paragraphs(lines, lines[0] if lines else "") is not None


@pytest.mark.parametrize(
    ("lead", "prose"),
    [
        ("SEOUL, June 21 (Reuters) - North Korea said...", "North Korea said..."),
        ("WASHINGTON (AP) — The president said...", "The president said..."),
        ("The talks went well on Monday, officials said.", "The talks went well on Monday, officials said."),
    ],
)
def test_a_kept_wire_dateline_still_dates_nothing_else_changes(lead: str, prose: str) -> None:
    kept = clean([lead, SECOND_PARAGRAPH], "Headline", wire_dateline=True)
    cut = clean([lead, SECOND_PARAGRAPH], "Headline")
    assert kept.paragraphs == [lead, SECOND_PARAGRAPH] and cut.paragraphs == [prose, SECOND_PARAGRAPH]
    assert (kept.date, kept.date_from) == (cut.date, cut.date_from)


SECOND_PARAGRAPH = "Officials said more details would follow next week, after a meeting of the regional council."


_CREDITS = ["Photo by Jane Example/Getty Images", "ASSOCIATED PRESS", "Image: Jane Roe"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CREDITS), max_size=3), st.lists(st.sampled_from([
    "Share", "By Jane Example", "Advertisement", "and the ferries ran again on Tuesday",
    "Harbour workers walk out of the depot on June 28, 2015. REUTERS/Jane Example",
    "SEOUL, June 21 (Reuters) - The port reopened on Monday after the strike ended, officials said.",
    SECOND_PARAGRAPH,
]), max_size=10), st.booleans())
def test_lead_paragraphs_are_kept_and_the_rest_is_cleaned_alike(opening: list[str], rest: list[str], wire: bool) -> None:
    """What the caller names as the story's opening is kept as it stands; what follows is
    cleaned as without it (the same places for the end markers, no sentence joined to a
    credit), and the date read from it is the same."""
    with_lead = clean([*opening, *rest], "Headline", frozenset(opening), wire_dateline=wire)
    without = clean(rest, "Headline", wire_dateline=wire)
    assert with_lead.paragraphs == [*opening, *without.paragraphs]
    assert (with_lead.authors, with_lead.date) == (without.authors, without.date)
