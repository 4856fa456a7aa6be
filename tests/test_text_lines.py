"""The headline scorer, the byline zone and the second renderer's kind of layout.

Pages here are written for these tests: chrome lines of the kinds real pages carry (menus,
skip links, account links, weather, tickers, breadcrumbs, share prompts, ads) around an
article with a title, a byline, a date and prose.
"""
from __future__ import annotations

import datetime as dt
import json
from configparser import ConfigParser
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import headline
from corpus.byline import read_zone
from corpus.chrome import normalize_text
from corpus.lines import candidate_features, page
from corpus.pipeline import parse_paths
from corpus.readers.text import bylined_copy, find_headline, read

REPO = Path(__file__).resolve().parents[1]

CHROME = [
    "Skip to main content", "Jump to navigation", "Accessibility Help", "Sign in", "Subscribe", "My Account",
    "Home | World | Business | Sport", "News > World > Asia", "38°F", "Weather", "DOW 33,912 +0.4%",
    "Share on Facebook", "Share", "Tweet", "Advertisement", "Politics", "Most read", "Menu", "Search",
    "Newsletters", "Log In", "Live TV", "About Us", "Edition: US International Arabic Español",
]
TITLES = [
    "Harbour strike ends after pay offer accepted",
    "Ministers agree grain deal after all-night session",
    "Flood barrier opens a year late",
    "Rail link talks resume after two-month pause",
]
LEAD = (
    "{words} was confirmed on Thursday by officials, who said the decision followed weeks of talks "
    "between the two sides and would take effect at once."
)
SECOND = "Officials said more details would follow next week, after a meeting of the regional council."


def lead_of(title: str) -> str:
    """A first paragraph that comes back to the title's words, as leads do."""
    return LEAD.format(words=title.split(" after ")[0])


def article_page(chrome_above: list[str], title: str, chrome_below: list[str], bullets: bool = False) -> str:
    mark = "* " if bullets else ""
    lines = [f"{mark}{line}" for line in chrome_above]
    lines += ["", title, "", "By Jane Example", "Thursday, November 9, 2023 7:35AM", ""]
    lines += [lead_of(title), "", SECOND, ""]
    lines += [f"{mark}{line}" for line in chrome_below]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(CHROME), min_size=1, max_size=12),
    st.sampled_from(TITLES),
    st.lists(st.sampled_from(CHROME), max_size=8),
    st.booleans(),
)
def test_chrome_lines_never_win_over_the_title(above: list[str], title: str, below: list[str], bullets: bool) -> None:
    (article,) = list(read("x.txt", article_page(above, title, below, bullets)))
    assert article.headline == title
    assert article.authors == ("Jane Example",)
    assert (article.date, article.date_from) == (dt.date(2023, 11, 9), "dateline")
    assert article.body.split("\n\n")[:2] == [lead_of(title), SECOND]
    assert "Jane Example" not in article.body and "Skip to" not in article.body


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60), max_size=30))
def test_scoring_never_raises_and_is_deterministic(lines: list[str]) -> None:
    found = page(normalize_text("\n".join(lines)).split("\n"))
    first = headline.scored(found)
    assert first == headline.scored(page(normalize_text("\n".join(lines)).split("\n")))
    assert all(0 <= position < len(found.texts) for _, position in first)
    chosen = find_headline(found)
    assert chosen is None or 0 <= chosen < len(found.texts)


@pytest.mark.parametrize(
    ("zone", "date"),
    [
        (["By J.R. Stone", "Thursday, November 9, 2023 7:35AM"], dt.date(2023, 11, 9)),
        (["Published 12:01 BST, 9 November 2023", "Updated 15:20 BST, 10 November 2023"], dt.date(2023, 11, 9)),
        (["By Jane Example", "Posted on March 3, 2021"], dt.date(2021, 3, 3)),
        (["Updated:", "Mar 6, 2018", "Original:", "Dec 21, 2016"], dt.date(2016, 12, 21)),
        (["Jane Example · The Example Wire · Posted: Oct 14, 2022 9:27 AM ET"], dt.date(2022, 10, 14)),
        (["Last updated: January 7, 2025"], None),  # an update is not the publication date
        (["18/03/2019 | Jane Example"], dt.date(2019, 3, 18)),  # date and name as fields of one line
        (["The Example Wire.comOct. 13, 2016"], dt.date(2016, 10, 13)),  # a renderer glued the words
        (["Jane Example", "2019.03.26 lastupdate"], None),  # a name above does not undo the update label
        # a standfirst of two sentences between the headline and the byline zone
        ([f"{SECOND} {SECOND}", SECOND, "Link copied", "Dec. 13, 2016, 12:31 PM UTC"], dt.date(2016, 12, 13)),
        # dated links around the headline: a list, not a byline zone
        (["1 March 2019", "Other story one", "1 March 2019", "Other story two", "28 February 2019"], None),
    ],
)
def test_date_comes_from_the_byline_zone(zone: list[str], date: dt.date | None) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], *zone, LEAD.format(words="The deal"), SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLES[0]
    assert article.date == date


@pytest.mark.parametrize(
    ("above", "date"),
    [
        (["This story is from October 9, 2019"], dt.date(2019, 10, 9)),
        (["21 September 2020", "SQL"], dt.date(2020, 9, 21)),  # a section label between
        (["18/03/2019 | Jane Example"], dt.date(2019, 3, 18)),  # a byline line in fields
        # the page's one dateline above a share bar
        (["Dec 10, 2016, 10:20am EST", "Share", "All sharing options", "Tweet", "Reddit"], dt.date(2016, 12, 10)),
        # dated links above the headline: a list
        (["Other story one", "3 March 2021", "Other story two", "4 March 2021"], None),
        (["1 March 2020", "Other story that is not a label"], None),
    ],
)
def test_a_date_just_above_the_headline(above: list[str], date: dt.date | None) -> None:
    found = page(["Home | World | Sport", "Menu", *above, TITLES[0], lead_of(TITLES[0]), SECOND])
    assert read_zone(found, found.texts.index(TITLES[0])).date == date


@pytest.mark.parametrize(("dated", "date"), [(["Nov 29, 2016, 10:00am EST"], dt.date(2016, 11, 29)),
                                             (["Nov 29, 2016", "Dec 2, 2016"], None)])
def test_the_one_dateline_inside_the_article(dated: list[str], date: dt.date | None) -> None:
    """Below a share bar and two paragraphs, the article's only dateline dates it; two are a list."""
    share = ["Share", "Tweet", "Email", "Pocket", "Reddit", "Flipboard", "Linkedin", "Print", "Comments", "Save"]
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], *share, lead_of(TITLES[0]), SECOND,
                         SECOND, SECOND, *dated, SECOND, SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLES[0]
    assert article.date == date


@pytest.mark.parametrize(
    ("zone", "authors"),
    [
        (["Jane Example, @janeexample", "1h ago"], ("Jane Example",)),  # a relative time beside a name
        (["Jane Example · The Example Wire · Posted: Oct 14, 2022 9:27 AM ET"], ("Jane Example",)),
        (["Social Sharing", "Oct 14, 2022"], ()),  # page labels shaped like names
        (["Sponsored Links", "2h ago"], ()),
        (["Will Example", "Oct 14, 2022"], ("Will Example",)),  # a given name that is also a word
        (["36", "Jane Example"], ("Jane Example",)),  # right under the headline, no date
        (["Jane Carrie Example and Li Wei", "Tue 29 Nov 2016 15.26 EST"], ("Jane Carrie Example", "Li Wei")),
        (["Jane Example, Li Wei & Tom Sample", "2h ago"], ("Jane Example", "Li Wei", "Tom Sample")),
        (["Share", "Tweet", "Email", "Jane Example"], ()),  # lower down, no date: a name in the chrome
        (["By Jane Example, Senior Staff Technologist, Example Speech, Privacy, and Technology Project"],
         ("Jane Example",)),
        (["By Jane Example, a deputy editor and author of the newsletter. She has covered the industry for a decade.",
          SECOND], ("Jane Example",)),  # a byline written as a sentence
        (["by Jane Example22 Dec 2016651"], ("Jane Example",)),  # glued to its date by a renderer
    ],
)
def test_bare_names_beside_a_date_are_authors(zone: list[str], authors: tuple[str, ...]) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], *zone, lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLES[0]
    assert article.authors == authors


def test_a_byline_zone_below_a_standfirst_opens_the_story_below_it() -> None:
    standfirst = "It has been a rough few months for the harbour workers and their union."
    caption = "Dockers walk out of the harbour gates on Monday, June 28, 2015, after the vote at the depot."
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], standfirst, caption, "Link copied",
                         "Dec. 13, 2016, 12:31 PM UTC", "By Jane Example", lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.date, article.authors) == (TITLES[0], dt.date(2016, 12, 13), ("Jane Example",))
    assert article.body.startswith(lead_of(TITLES[0]))


@pytest.mark.parametrize(
    "line",
    [
        "Harbour workers walk out of the strike depot after the pay offer. (Jane Example/AFP/Getty Images)",
        "Jane Example",
    ],
)
def test_a_caption_or_the_bylines_name_is_never_the_headline(line: str) -> None:
    """Both sit near the story and share its words; neither is its title."""
    found = page(["Home | World | Sport", "Menu", "", TITLES[0], "", line, "", line, "", lead_of(TITLES[0]), "", SECOND])
    assert all(found.texts[position] != line for _, position in headline.scored(found))
    assert found.texts[find_headline(found)] == TITLES[0]


def test_a_section_label_right_above_the_title_is_not_the_headline() -> None:
    """``Real Estate`` above the title: its two words come back in the story too, and it
    scores a little higher than the title; a label sits above its headline."""
    lead = ("The harbour strike over real estate ended on Thursday after workers accepted a pay offer, "
            "officials said in a statement on estate property.")
    found = page(["Home | World | Sport", "Menu", "", "Real Estate", TITLES[0], "", "By Jane Example",
                  "Thursday, November 9, 2023 7:35AM", "", lead, "", SECOND])
    label, title = found.texts.index("Real Estate"), found.texts.index(TITLES[0])
    scores = dict((position, value) for value, position in headline.scored(found))
    assert scores[label] > scores[title]
    assert find_headline(found) == title


def test_a_menu_with_a_clock_is_no_byline() -> None:
    text = "\n\n".join(["Home | World | Sport", "March 3, 2021 14:05 | About us | Contact", TITLES[2],
                         LEAD.format(words="The barrier"), SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLES[2] and article.date is None


def test_prose_dates_are_never_the_date() -> None:
    lead = "The treaty, signed on 2 March 2021, expired at midnight on Monday, ministers said in a statement."
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[1], lead, SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLES[1] and article.date is None


def test_byline_names_are_authors_not_people(tmp_path: Path) -> None:
    page_file = tmp_path / "story.txt"
    page_file.write_text(article_page(["Home | World | Sport", "Sign in"], TITLES[0], ["Advertisement"]), encoding="utf-8")
    (article,) = list(parse_paths([page_file], lambda problem: None))
    assert article.authors == ("Jane Example",)
    assert "Jane Example" not in article.people and "Jane Example" not in article.body


def test_the_shipped_scores_are_nltks_averaged_perceptron() -> None:
    """The reader sums the weights itself (importing NLTK costs half a second); NLTK's own
    predict must make the same decision on every candidate of a page."""
    from nltk.tag.perceptron import AveragedPerceptron

    perceptron = AveragedPerceptron()
    perceptron.weights = headline.model()
    perceptron.classes = {headline.TITLE, headline.OTHER}
    text = article_page(CHROME, TITLES[2], CHROME[:6])
    found = candidate_features(page(normalize_text(text).split("\n")))
    assert found
    for _, features in found:
        score = headline.score(features)
        if abs(score) > 1e-9:
            expected = headline.TITLE if score > 0 else headline.OTHER
            label, _ = perceptron.predict(dict.fromkeys(features, 1), return_conf=False)
            assert label == expected


def test_the_model_ships_as_package_data() -> None:
    model = resources.files("corpus").joinpath(headline.MODEL)
    assert model.is_file()
    assert set(json.loads(model.read_text(encoding="utf-8"))["classes"]) == {headline.TITLE, headline.OTHER}
    config = ConfigParser()
    config.read(REPO / "setup.cfg")
    assert "data/*" in config["options.package_data"]["corpus"].split()


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TITLES), st.lists(st.sampled_from(CHROME), max_size=6), st.lists(st.sampled_from(CHROME), max_size=6))
def test_the_headline_copy_beside_the_byline_gives_authors_and_date(title: str, before: list[str], after: list[str]) -> None:
    """A share bar prints the headline again just above the story (``All sharing options
    for:`` / the headline): the byline and date still come from beside the title itself."""
    share = ["Share", "All sharing options for:", *before, title, *after, "Reddit", "Email"]
    text = "\n\n".join(["Home | World | Sport", "Menu", title, "By Jane Example", "Dec 10, 2016, 10:20am EST",
                         *share, lead_of(title), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (title, ("Jane Example",), dt.date(2016, 12, 10))
    assert article.body.startswith(lead_of(title))


def test_the_copy_with_the_byline_zone_is_the_headline() -> None:
    """Whichever copy the scorer picks, the one beside the byline and date is taken; with no
    byline by any copy the scored one stays."""
    share = ["Share", "All sharing options for:", TITLES[0], "Reddit", "Email"]
    found = page(["Menu", TITLES[0], "By Jane Example", "Dec 10, 2016, 10:20am EST", *share, lead_of(TITLES[0]), SECOND])
    upper, lower = (position for position, text in enumerate(found.texts) if text == TITLES[0])
    assert bylined_copy(found, lower) == upper and bylined_copy(found, upper) == upper
    bare = page(["Menu", TITLES[0], "Share", *share, lead_of(TITLES[0]), SECOND])
    upper, lower = (position for position, text in enumerate(bare.texts) if text == TITLES[0])
    assert bylined_copy(bare, lower) == lower and bylined_copy(bare, upper) == upper


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(TITLES), st.sampled_from(["World", "New York", "Tech News"]), st.booleans())
def test_a_headline_with_a_section_label_glued_on_gives_way_to_its_bare_copy(title: str, label: str, spaced: bool) -> None:
    """A bar prints ``Section|Headline`` above the article's own ``Headline``, byline and
    date: the bare copy is the headline, and the story starts below its byline."""
    bar = f"{label} | {title}" if spaced else f"{label}|{title}"
    text = "\n\n".join(["Menu", "Log in", bar, "Advertisement", title, "Send any friend a story",
                         "As a reader, you have 10 free articles to give each month. Anyone can read them.",
                         "By Jane Example", "Sept. 19, 2016", lead_of(title), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (title, ("Jane Example",), dt.date(2016, 9, 19))
    assert article.body.startswith(lead_of(title))


NOTICE = "You are reading a free preview with opinions that may differ from our members' service."
TABLE = ["Learn More", "Index: EXM", "Market Cap", "$1,404B", "Today's Change", "(3.60%) $4.96", "Current Price", "$142.79",
         "Price as of August 10, 2022"]


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(TITLES), st.integers(min_value=8, max_value=len(TABLE)))
def test_a_notice_cut_off_from_the_story_by_a_table_is_not_its_start(title: str, rows: int) -> None:
    """A paragraph alone under the byline, sharing no word with the headline, then a long
    block of short lines (a quote's table) before the story: the story starts below it. A
    short block (a link or two) does not cut it off."""
    def body(table: list[str]) -> str:
        text = "\n\n".join(["Menu", "Log in", title, "By Jane Example", "Sept. 19, 2016", NOTICE, *table,
                             lead_of(title), SECOND])
        (article,) = list(read("x.txt", text))
        return article.body

    assert body(TABLE[:rows]).startswith(lead_of(title))
    assert body(TABLE[:2]).startswith(NOTICE)


def test_a_first_paragraph_that_echoes_the_headline_stays_above_a_video_block() -> None:
    """The story's own first paragraph above a video player's block of labels stays its start."""
    title = TITLES[0]
    lead = f"{lead_of(title)} More follows below the video."
    text = "\n\n".join(["Menu", "Log in", title, "By Jane Example", "Sept. 19, 2016", lead, *TABLE, SECOND, SECOND])
    (article,) = list(read("x.txt", text))
    assert article.body.startswith(lead)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(TITLES), st.sampled_from(["By", "By "]))
def test_a_byline_sentence_with_by_glued_on_does_not_end_the_zone(title: str, by: str) -> None:
    """``ByJane Example, a deputy editor ... She has covered ...`` under a standfirst is the
    byline written as sentences, not the story's running text: the name and date below count."""
    standfirst = f"{title.split(' after ')[0]}: both sides called the deal fair."
    byline = (f"{by}Jane Example, a deputy editor and author of the weekly newsletter. She has covered "
              "the harbour and its unions for more than ten years.")
    text = "\n\n".join(["Home | World | Sport", "Menu", title, standfirst, byline, "Jun 7, 2023, 8:54 PM UTC|",
                         "Share this story", SECOND, SECOND.replace("next week", "on Monday")])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (title, ("Jane Example",), dt.date(2023, 6, 7))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(TITLES), st.sampled_from(["Will", "Alice", "Mark"]), st.sampled_from(["Example", "Doe-Roe"]),
       st.sampled_from(["/", ", "]))
def test_a_byline_name_broken_after_the_given_name_is_joined(title: str, given_name: str, surname: str, sep: str) -> None:
    """``Will`` / ``Example/November 18, 2016`` above the headline: one author, Will Example."""
    text = "\n\n".join(["Home | World | Sport", "Menu", given_name, f"{surname}{sep}November 18, 2016", title,
                         lead_of(title), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (title, (f"{given_name} {surname}",), dt.date(2016, 11, 18))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(TITLES), st.sampled_from(["Paul", "Will"]), st.sampled_from(["December 23, 2016", "May 3, 2019"]))
def test_a_date_under_a_given_name_is_no_surname(title: str, given_name: str, date: str) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", title, given_name, date, lead_of(title), SECOND])
    (article,) = list(read("x.txt", text))
    assert not any(date.split()[0] in name for name in article.authors)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(TITLES), st.sampled_from(["Byby", "By by", "BY by"]))
def test_a_by_label_before_a_byline_that_says_by_again(title: str, by: str) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", title, f"{by} JANE EXAMPLE and LI WEI", "December 16, 2016, 4:19 PM",
                         lead_of(title), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.authors, article.date) == (("Jane Example", "Li Wei"), dt.date(2016, 12, 16))


@pytest.mark.parametrize(
    ("above", "opening"),
    [
        (["Photo by Jane Example/Getty Images"], ["Photo by Jane Example/Getty Images"]),
        (["ASSOCIATED PRESS"], ["ASSOCIATED PRESS"]),
        (["Share", "Email", "Image source: Getty Images."], ["Image source: Getty Images."]),
        (["Port City/ Capital:"], ["Port City/ Capital:"]),  # the dateline on a line of its own
        (["Share", "Email"], []),
        # a caption that describes the picture is no part of the story
        (["Dockers walk out of the harbour gates on Monday after the vote at the depot. REUTERS/Jane Example"], []),
    ],
)
def test_the_lead_pictures_credit_opens_the_body(above: list[str], opening: list[str]) -> None:
    """The body starts as the page prints the story: the lead picture's credit and a dateline
    line right above the first paragraph stay, as the extractors' references have them."""
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], "By Jane Example", "Dec 10, 2016", *above,
                         "WASHINGTON (Reuters) - " + lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (TITLES[0], ("Jane Example",), dt.date(2016, 12, 10))
    assert article.body.split("\n\n") == [*opening, "WASHINGTON (Reuters) - " + lead_of(TITLES[0]), SECOND]


@pytest.mark.parametrize(
    ("zone", "authors"),
    [
        (["Dec 10, 2016", "Jane Example Senior Politics Editor, The Example Post"], ("Jane Example",)),  # a role
        (["Jane ExampleTwitterNews & Culture Writer", "December 9, 2016"], ("Jane Example",)),  # glued on
        (["Jane ExampleCEO", "Dec 10, 2016"], ("Jane Example",)),
        (["Dec 10, 2016", "Harbour Strike Live Updates"], ()),  # title-cased words are no name
    ],
)
def test_the_name_a_byline_unit_starts_with(zone: list[str], authors: tuple[str, ...]) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], *zone, lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLES[0]
    assert article.authors == authors


def test_a_labelled_byline_below_a_long_standfirst() -> None:
    """``Author:`` / the name / ``Publish date:`` / the date, under a standfirst long enough to
    end the zone: they are still the byline, and the story starts below them."""
    standfirst = " ".join([SECOND] * 3)
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], standfirst, "Author:", "Jane Example",
                         "Publish date:", "Jan 12, 2017", lead_of(TITLES[0]), SECOND, SECOND, SECOND, SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (TITLES[0], ("Jane Example",), dt.date(2017, 1, 12))
    assert article.body.split("\n\n")[0] == lead_of(TITLES[0])


@pytest.mark.parametrize(("above", "authors"), [
    (["Jane Example", "Culture", "2019.04.25"], ("Jane Example",)),  # beside the date that heads the title
    (["Jane Example", "Culture", "Share"], ()),  # no date: a name above the headline is chrome
])
def test_a_name_above_the_headline_beside_its_date(above: list[str], authors: tuple[str, ...]) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", *above, TITLES[0], lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors) == (TITLES[0], authors)


@pytest.mark.parametrize(("line", "authors"), [
    ("Mon Apr 27, 2020 07:12AM", ()),  # a weekday and a month before the date
    ("April Example, Apr 27, 2020", ("April Example",)),  # a given name that is a month
])
def test_calendar_words_before_a_date_are_no_name(line: str, authors: tuple[str, ...]) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", line, TITLES[0], lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors) == (TITLES[0], authors)


@pytest.mark.parametrize(("zone", "authors"), [
    (["JANE EXAMPLE", "Example Wire December 2, 2016"], ("Jane Example",)),  # a name set in capitals
    (["321,046", "36", "Jane Example", "Follow"], ("Jane Example",)),  # past a view and a comment count
    (["321,046", "36", "Share", "Jane Example"], ()),  # four units down: too far for a bare name
])
def test_bare_names_in_capitals_and_past_counts(zone: list[str], authors: tuple[str, ...]) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], *zone, lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors) == (TITLES[0], authors)


def test_a_dated_link_inside_the_story_does_not_move_its_start() -> None:
    """Under the byline, a short first paragraph, a credit, and a dated video link: the
    story starts at its first paragraph, not below the link."""
    quote = "“The harbour was my home for forty years,” the union leader said on the quay."
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], "Dec. 22, 2016, 3:36 PM UTC", "By Jane Example",
                         quote, "Courtesy of the Example Port", SECOND,
                         "Strike ends at the harbour: workers react Dec. 19, 2016", lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.date, article.authors) == (dt.date(2016, 12, 22), ("Jane Example",))
    assert article.body.split("\n\n")[0] == quote


def test_the_credit_between_a_standfirst_and_the_story_stays() -> None:
    standfirst = "Workers at the harbour voted to accept the offer on Thursday."
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], standfirst, "Image: Jane Roe",
                         lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert article.body.split("\n\n") == [standfirst, "Image: Jane Roe", lead_of(TITLES[0]), SECOND]


@pytest.mark.parametrize(("first", "plain"), [
    (TITLES[0], True),
    ("Work Insights Podcast Labs Careers About Search Get in touch", False),  # a menu on one line
    ("You are using an outdated browser.", False),  # a sentence
    ("Harbour strike ends after pay offer accepted by the harbour workers union", True),  # long, taken up below
])
def test_a_plain_documents_first_line(first: str, plain: bool) -> None:
    found = page([first, "", lead_of(TITLES[0]) + " The harbour workers union agreed.", "", SECOND])
    assert headline.plain_title(found) is plain


@pytest.mark.parametrize(("closing", "date"), [
    ("Story published on Oct 5, 2022.", dt.date(2022, 10, 5)),
    ("Posted July 11, 2019.", dt.date(2019, 7, 11)),
    ("The report was published on May 3, 2019 by the ministry.", None),  # a sentence of the story
])
def test_a_published_line_below_the_story(closing: str, date: dt.date | None) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], lead_of(TITLES[0]), SECOND, closing, "Share"])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.date) == (TITLES[0], date)


@pytest.mark.parametrize(("line", "authors", "date"), [
    ("Jane Example and Li Wei Tue 29 Nov 2016 15.26 ESTFirst published on Tue 29 Nov 2016 07.46 EST",
     ("Jane Example", "Li Wei"), dt.date(2016, 11, 29)),
    ("Jane Example 3 March 2021", ("Jane Example",), dt.date(2021, 3, 3)),
    ("Harbour Strike Live 29 Nov 2016", (), dt.date(2016, 11, 29)),  # a dated unit that names no one
])
def test_names_and_dateline_on_one_line(line: str, authors: tuple[str, ...], date: dt.date | None) -> None:
    text = "\n\n".join(["Home | World | Sport", "Menu", TITLES[0], "Share", line, lead_of(TITLES[0]), SECOND])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == (TITLES[0], authors, date)
