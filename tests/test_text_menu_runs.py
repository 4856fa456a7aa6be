"""A menu printed on one line (links joined by spaces) is never the headline of a text page."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.readers.text import read

MENU_WORDS = ["Home", "World", "Business", "Sport", "Video", "Culture", "Travel", "Weather", "Newsletters",
              "Opinion", "Science", "Health", "Podcasts", "Jobs", "Shop", "Archive", "E-Paper", "Puzzles"]
TITLE = "Harbour strike ends after pay offer accepted"
LEAD = ("The harbour strike was confirmed over on Thursday by officials, who said the pay offer followed weeks "
        "of talks between the two sides and would take effect at once.")
SECOND = "Officials said more details would follow next week, after a meeting of the regional council."


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(MENU_WORDS), min_size=9, max_size=16, unique=True))
def test_a_long_run_of_capitalised_menu_words_is_not_the_headline(menu: list[str]) -> None:
    text = "\n\n".join([" ".join(menu), "Menu", "Log in", "Politik", TITLE, "Share", LEAD, SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == TITLE


def test_a_long_headline_in_title_case_is_still_the_headline() -> None:
    """A headline of many words keeps a lower-case word or its words come back in the story."""
    title = "Harbour Strike Ends After Pay Offer Accepted By Union Members In Vote"
    lead = ("The harbour strike ends after union members accepted the pay offer in a vote on Thursday, "
            "officials said, and work would resume at once.")
    text = "\n\n".join(["Home | World | Sport", "Menu", title, "Share", lead, SECOND])
    (article,) = list(read("x.txt", text))
    assert article.headline == title
