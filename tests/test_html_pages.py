"""HTML pages: metadata first, then the main text without the page around it.

Fixtures in tests/fixtures/pages/ are written for these tests (no corpus text).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.readers import read_file
from corpus.readers.base import RawArticle, ReadError
from corpus.readers.html import read
from corpus.sources import fold
from tests.page_fixtures import PAGES, assert_reads_or_refuses, check_expectations, page_expectations, paragraphs, read_page


def parse(name: str) -> RawArticle:
    return read_page(read, name)


def parse_text(html: str) -> RawArticle:
    (article,) = list(read("page.html", html))
    return article


def test_json_ld_graph_page_with_share_bars_related_and_comments() -> None:
    article = parse("summit_jsonld.html")
    assert article.headline == "Leaders agree to resume talks at border village"
    assert (article.date, article.date_from) == (dt.date(2019, 6, 30), "metadata")
    assert article.source == "The Harbour Courier"
    assert article.authors == ("Mina Park", "Tom Reyes")
    assert article.url == "https://www.harbourcourier.example/world/2019/06/30/talks"
    # the lead picture's caption, then the story (as the page prints them)
    assert paragraphs(article)[0] == "The two leaders shake hands at the line. REUTERS/Ann Example"
    assert paragraphs(article)[1].startswith("The two leaders met for an hour on Sunday")
    assert paragraphs(article)[-1].endswith("talks that stalled in February.")
    assert "“a bold and brave decision.”" in article.body
    for chrome in ("Share on Facebook", "Tweet", "Advertisement", "Related stories", "Talks stall",
                   "Read more", "Comments", "First!", "©", "Privacy", "window.dataLayer", "must never appear",
                   "News / World", "By Mina Park"):
        assert chrome not in article.body, chrome


def test_div_soup_without_metadata() -> None:
    article = parse("div_soup.html")
    assert article.headline == "Flood barrier opens a year late"
    assert (article.date, article.date_from) == (dt.date(2024, 3, 7), "dateline")  # "Posted 7 March 2024"
    assert article.source == "The Riverside Post"  # what <title> adds to the headline
    assert article.authors == ("Olu Adeyemi",)
    assert len(paragraphs(article)) == 4  # <br><br> splits a paragraph
    for chrome in ("Sign in", "Friday 8 March", "Facebook", "Most read", "Council tax", "morning briefing", "Quay Street"):
        assert chrome not in article.body, chrome


def test_invalid_markup_is_read_like_a_browser_would() -> None:
    article = parse("invalid_markup.html")
    assert article.headline == "Orchestra returns to restored hall"
    assert "destroyed its roof & most of its seats." in article.body
    assert "sounded “better than ever”." in article.body  # named entities decoded
    assert "on Monday — and — the first three" in article.body  # numeric entities decoded
    # a sentence cut by a stray <div> is put back together
    assert "by a public appeal that raised money from more than 9,000 donors" in article.body
    for chrome in ("Not article text", "Home", "Share", "Tweet"):
        assert chrome not in article.body, chrome
    assert article.date is None


def test_many_dates_publication_time_wins() -> None:
    article = parse("many_dates.html")
    # not the clock (2026), not the modified time, not the related list, not the prose
    assert (article.date, article.date_from) == (dt.date(2023, 10, 5), "metadata")
    assert article.source == "Reuters"
    assert article.authors == ("Priya Nair",)
    # the wire dateline stays where the page prints it (its date is not the one taken)
    assert paragraphs(article)[0].startswith("GENEVA, Oct 5 (Reuters) - Trade ministers agreed on Thursday")
    assert "Updated" not in article.body and "Tariff talks resume" not in article.body


def test_page_without_any_title() -> None:
    article = parse("no_title.html")
    assert article.headline == ""
    assert len(paragraphs(article)) == 2


def test_script_rendered_page_uses_json_ld_article_body() -> None:
    article = parse("jsonld_body.html")
    assert article.headline == "Museum returns carved panels to temple"  # site name cut from og:title
    assert (article.date, article.date_from) == (dt.date(2022, 11, 18), "metadata")
    assert article.source == "The Daily Lantern"
    assert article.url == "https://dailylantern.example/culture/panels"
    assert len(paragraphs(article)) == 2 and "enable JavaScript" not in article.body


def test_site_suffix_of_a_known_source_is_cut() -> None:
    html = ("<html><head><title>Kim and Xi hold talks | Reuters</title></head><body><h1>Kim and Xi hold talks</h1>"
            "<p>The two leaders held talks in the capital on Thursday, state media said later that day.</p></body></html>")
    article = parse_text(html)
    assert article.headline == "Kim and Xi hold talks"
    assert article.source == "Reuters"


@pytest.mark.parametrize(
    ("title", "headline", "source"),
    [
        ("Flood barrier opens a year late - The Riverside Post", "Flood barrier opens a year late", "The Riverside Post"),
        ("Trump - Kim summit ends early", "Trump - Kim summit ends early", None),
        ("Boosting ties good for peace: KCNA", "Boosting ties good for peace: KCNA", None),
    ],
)
def test_title_only_page_masthead(title: str, headline: str, source: str | None) -> None:
    html = (f"<html><head><title>{title}</title></head><body><div><p>The flood barrier was opened on Thursday, "
            "a year later than planned.</p><p>Subscribe to continue reading this story.</p></div></body></html>")
    article = parse_text(html)
    assert (article.headline, article.source) == (headline, source)
    assert article.body == "The flood barrier was opened on Thursday, a year later than planned."


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<p class="dateline"><time datetime="2019-02-28">Feb. 28</time> · Updated <time datetime="2019-03-01">Mar. 1</time></p>',
         dt.date(2019, 2, 28)),
        ('<div class="info">Source: agencies | <time datetime="2019-06-20T22:05:00+08:00">2019-06-20</time></div>',
         dt.date(2019, 6, 20)),
        ('<div class="clock">Today is <time datetime="2026-11-25">25 November 2026</time></div>', None),
        ('<nav><time datetime="2026-11-25">Today</time></nav>', None),
    ],
)
def test_time_elements_in_the_story_are_metadata(markup: str, expected: dt.date | None) -> None:
    html = (f"<html><body>{markup}<h1>Talks end</h1><p>Negotiators met again on Sunday after a long pause, "
            "officials said.</p></body></html>")
    article = parse_text(html)
    assert (article.date, article.date_from) == (expected, "metadata" if expected else None)


def test_date_in_the_canonical_url_is_metadata() -> None:
    html = ("<html><head><link rel='canonical' href='https://news.example/world/2019/06/30/talks-resume'>"
            "<title>Talks resume</title></head><body><p>Negotiators met again on Sunday after a long pause, "
            "officials said.</p></body></html>")
    article = parse_text(html)
    assert (article.date, article.date_from) == (dt.date(2019, 6, 30), "metadata")
    assert article.url == "https://news.example/world/2019/06/30/talks-resume"


def test_xml_declaration_and_mojibake() -> None:
    good = "Kim’s “historic” visit to the café ended on Monday after two days of talks, officials said."
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in good.encode("utf-8"))
    html = f'<?xml version="1.0" encoding="iso-8859-1"?><html><body><h1>Visit ends</h1><p>{garbled}</p></body></html>'
    article = parse_text(html)
    assert article.headline == "Visit ends"
    assert article.body == good


def test_ten_megabyte_page() -> None:
    item = ("<div class='related'><a href='/x'>Another story about the harbour</a></div>"
            "<p>The committee heard evidence on the harbour, the bridge and the rail link on Thursday, "
            "and it will report to the council next month, its chairwoman said.</p>")
    html = ("<html><head><meta property='og:title' content='Committee hears evidence'></head><body><nav>Home</nav>"
            f"<article>{item * (10_000_000 // len(item) + 1)}</article></body></html>")
    assert len(html) > 10_000_000
    article = parse_text(html)
    assert article.headline == "Committee hears evidence"
    assert len(article.body) > 5_000_000
    assert "Another story" not in article.body and "Home" not in article.body


def test_text_beyond_the_parser_depth_limit_is_kept() -> None:
    html = ("<html><body><p>The summit opened on Thursday with a long meeting between the two delegations.</p>"
            + "<div>" * 3000 + "<p>It ended on Friday with a joint statement on the railway and the border.</p>"
            + "</div>" * 3000 + "</body></html>")
    article = parse_text(html)
    assert "opened on Thursday" in article.body and "joint statement on the railway" in article.body


def test_deeply_nested_markup() -> None:
    depth = 5000
    html = ("<html><body>" + "<div class='wrap'>" * depth
            + "<p>Deeply nested prose about the summit that ended on Friday with a joint statement.</p>"
            + "</div>" * depth + "</body></html>")
    article = parse_text(html)
    assert "joint statement" in article.body


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html></html>", "<html><body><nav>Home | News</nav><footer>© Example</footer></body></html>",
     "<?xml version='1.0'?>", "\x00\x00\x00"],
)
def test_pages_without_article_text_are_errors(html: str) -> None:
    with pytest.raises(ReadError):
        list(read("page.html", html))


def test_registry_sends_html_files_here(tmp_path: Path) -> None:
    path = tmp_path / "story.htm"
    path.write_bytes((PAGES / "div_soup.html").read_bytes())
    (article,) = list(read_file(path))
    assert article.headline == "Flood barrier opens a year late"


_TAGS = st.sampled_from(["p", "div", "article", "nav", "span", "a", "h1", "title", "script", "li", "br", "time",
                         "meta", "footer", "aside", "table", "td"])
_ATTRS = st.sampled_from(["", " class='share'", " property='og:title' content='T'", " itemprop='articleBody'",
                          " datetime='2020-02-30'", " class=related", " hidden"])
_PIECE = st.one_of(
    st.text(max_size=40),
    st.builds(lambda tag, attrs: f"<{tag}{attrs}>", _TAGS, _ATTRS),
    st.builds(lambda tag: f"</{tag}>", _TAGS),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#xffffff;", "<script type='application/ld+json'>{\"@graph\": [1, {\"@type\": \"NewsArticle\", \"datePublished\": 5}]}</script>"]),
)


@settings(max_examples=250, deadline=None)
@given(st.lists(_PIECE, max_size=40))
def test_html_reader_never_crashes(pieces: list[str]) -> None:
    assert_reads_or_refuses(read, "page.html", "".join(pieces))


@pytest.mark.parametrize("name", sorted(page_expectations(".html")))
def test_fixture_expectations(name: str) -> None:
    """expected.json is also what compare_trafilatura.py scores both extractors against."""
    check_expectations(parse(name), page_expectations(".html")[name])


# ---------------------------------------------------------------- headlines: which candidate


def _page(head: str, body: str) -> str:
    return (f"<html><head>{head}</head><body>{body}<p>The council approved the harbour budget on Tuesday "
            "after a long debate about the cost of the new sea wall, officials said.</p></body></html>")


def test_an_icon_title_is_not_the_page_title() -> None:
    """A logo's ``<svg><title>`` names the site: it neither matches a masthead ``<h1>`` nor
    shows in the printed headline."""
    html = _page("<title>Harbour budget approved - Bay Gazette</title>"
                 "<meta property='og:title' content='Harbour budget approved'>",
                 "<header><h1><svg><title>Bay Gazette</title></svg> Bay Gazette</h1></header>"
                 "<h1>Harbour budget approved <svg><title>Bay Gazette logo</title></svg></h1>")
    assert parse_text(html).headline == "Harbour budget approved"


def test_a_heading_printing_the_metadata_title_beats_one_like_the_title_tag() -> None:
    html = _page("<title>Sea wall costs | Bay Gazette</title>"
                 "<meta property='og:title' content='Five reasons the sea wall cost twice the estimate'>",
                 "<h1>Sea wall costs</h1><h2>Five reasons the sea wall cost twice the estimate</h2>")
    assert parse_text(html).headline == "Five reasons the sea wall cost twice the estimate"


def test_a_lower_heading_matching_the_title_beats_a_masthead_h1() -> None:
    html = _page("<title>Bay Gazette - Harbour budget approved after long debate</title>",
                 "<h1>Bay Gazette</h1><h3>Harbour budget approved after long debate</h3>")
    assert parse_text(html).headline == "Harbour budget approved after long debate"


def test_a_heading_in_the_footer_or_hidden_is_not_the_headline() -> None:
    html = _page("<title>Harbour budget approved after long debate</title>",
                 "<footer><h1>Harbour budget approved after long debate!</h1></footer>"
                 "<div style='display: none'><h2>Harbour budget approved after a debate</h2></div>")
    assert parse_text(html).headline == "Harbour budget approved after long debate"


def test_an_h1_below_all_the_text_is_a_widget_not_the_headline() -> None:
    html = ("<html><head><title>Harbour budget approved after long debate</title></head><body><p>The council "
            "approved the harbour budget on Tuesday after a long debate, officials said.</p>"
            "<div class='popup'><h1>Original text</h1></div></body></html>")
    assert parse_text(html).headline == "Harbour budget approved after long debate"


def test_an_h1_above_the_text_beats_a_title_tag_unlike_it() -> None:
    html = _page("<title>Budget</title>", "<h1>Council approves harbour budget</h1>")
    assert parse_text(html).headline == "Council approves harbour budget"


def test_a_site_name_glued_to_the_metadata_title_is_cut() -> None:
    head = ("<meta property='og:site_name' content='Dev Diary'>"
            "<meta property='og:title' content='Treeviz draws trees:Dev Diary'>")
    assert parse_text(_page(head, "")).headline == "Treeviz draws trees"


@given(st.text(max_size=30), st.lists(st.text(max_size=12), max_size=3))
def test_cutting_site_names_keeps_a_piece_of_the_title(title: str, sites: list[str]) -> None:
    from corpus.readers.htmlmeta import _cut_sites

    cut = _cut_sites(title, sites)
    assert cut in title
    if any(ch.isalnum() for ch in title):
        assert any(ch.isalnum() for ch in cut)


# ---------------------------------------------------------------- the body's start


_STORY = ("<p>The council approved the harbour budget on Tuesday after a long debate about the cost "
          "of the new sea wall, officials said.</p>" + "".join(
              f"<p>Councillor {n} said the wall would protect the old quay, the fish market and the ferry terminal "
              "from the winter storms that flooded them twice in the last decade.</p>" for n in ("Ali", "Berg", "Cruz")))


@pytest.mark.parametrize(
    "picture",
    [
        "<figure><img src='a.jpg'><figcaption>The mayor at the harbour on Monday. Photo: Ann Example</figcaption></figure>",
        "<div class='wp-caption'><img src='a.jpg'><p class='wp-caption-text'>The mayor at the harbour on Monday.</p></div>",
        "<figure><a href='/big.jpg'><img src='a.jpg'> The mayor at the harbour on Monday.</a></figure>",
    ],
)
def test_the_lead_pictures_caption_opens_the_body(picture: str) -> None:
    html = f"<html><body><article><h1>Harbour budget approved</h1>{picture}{_STORY}</article></body></html>"
    first, second = paragraphs(parse_text(html))[:2]
    assert first.startswith("The mayor at the harbour on Monday.")
    assert second.startswith("The council approved the harbour budget")


def _lead_of(html: str, first: str) -> str | None:
    import lxml.etree

    from corpus.readers.html import lead_caption, lead_captions

    return lead_caption(lead_captions(lxml.etree.fromstring(html, lxml.etree.HTMLParser())), first)


_PICTURE = "<figure><img src='a.jpg'><figcaption>The mayor at the harbour on Monday.</figcaption></figure>"


def test_a_caption_with_a_standfirst_below_it_is_no_lead() -> None:
    """The picture belongs to the page's header, not to the story's first paragraph."""
    standfirst = "<p class='standfirst'>The sea wall will cost twice the first estimate, the council heard on Tuesday.</p>"
    html = f"<html><body><article><h1>Harbour budget approved</h1>{_PICTURE}{standfirst}{_STORY}</article></body></html>"
    assert _lead_of(html, "The council approved the harbour budget on Tuesday") is None
    assert _lead_of(html, "The sea wall will cost twice") == "The mayor at the harbour on Monday."


_DEK = "The sea wall will cost twice the first estimate."


@pytest.mark.parametrize(
    "header",
    [
        f"<header><h1>Harbour budget approved</h1><p class='dek'>{_DEK}</p></header>",
        f"<div class='story-header'><h1>Harbour budget approved</h1><h2>{_DEK}</h2><span>By Ann Example</span></div>",
    ],
)
def test_the_standfirst_in_the_stories_header_is_no_part_of_the_body(header: str) -> None:
    html = f"<html><body><article>{header}{_STORY}</article></body></html>"
    body = parse_text(html).body
    assert _DEK not in body
    assert body.startswith("The council approved the harbour budget")


def test_a_long_intro_in_the_header_stays_in_the_body() -> None:
    intro = ("The council approved the harbour budget on Tuesday after a debate that lasted most of the night, "
             "with the cost of the new sea wall, the ferry terminal and the fish market all argued over "
             "line by line until the mayor called a vote shortly before dawn.")
    html = f"<html><body><article><header><h1>Harbour budget approved</h1><p>{intro}</p></header>{_STORY}</article></body></html>"
    assert paragraphs(parse_text(html))[0] == intro


def test_standfirsts_come_from_a_short_header_holding_the_title_only() -> None:
    import lxml.etree

    from corpus.readers.html import standfirsts

    def deks(html: str) -> set[str]:
        return standfirsts(lxml.etree.fromstring(html, lxml.etree.HTMLParser()), "Harbour budget approved")

    assert deks(f"<div class='header'><h1>Harbour budget approved</h1><p>{_DEK}</p></div>") == {fold(_DEK)}
    assert deks(f"<div class='header'><h2>Harbour budget approved</h2><p>{_DEK}</p></div>") == {fold(_DEK)}
    assert deks(f"<header><b>Weather</b><p>{_DEK}</p></header>") == set()  # neither the title nor an h1
    long_header = f"<header><h1>Harbour budget approved</h1><p>{_DEK}</p>{_STORY * 2}</header>"
    assert deks(long_header) == set()  # holds the story, not only its title


def test_a_box_of_links_marked_as_a_caption_is_no_caption() -> None:
    links = "<div class='wp-caption'><a href='/a'>Sea wall opens</a> <a href='/b'>Harbour floods again</a></div>"
    html = f"<html><body><article><h1>Harbour budget approved</h1>{_PICTURE}{links}{_STORY}</article></body></html>"
    assert _lead_of(html, "The council approved the harbour budget on Tuesday") == "The mayor at the harbour on Monday."
    html = f"<html><body><article><h1>Harbour budget approved</h1>{links}{_STORY}</article></body></html>"
    assert _lead_of(html, "The council approved the harbour budget on Tuesday") is None


def test_a_wire_dateline_stays_at_the_start_of_the_story() -> None:
    html = ("<html><body><article><h1>Harbour budget approved</h1><p>OSLO, March 5 (Reuters) - The council approved "
            "the harbour budget on Tuesday after a long debate, officials said.</p><p>Work starts in May.</p>"
            "</article></body></html>")
    article = parse_text(html)
    assert paragraphs(article)[0].startswith("OSLO, March 5 (Reuters) - The council approved")


_ITEMS = st.lists(st.tuples(st.sampled_from(["caption", "text"]), st.text(max_size=60)), max_size=12)


@given(_ITEMS, st.text(max_size=60))
def test_the_lead_caption_is_one_of_the_captions_above_the_first_paragraph(items: list, first: str) -> None:
    from corpus.readers.html import lead_caption

    found = lead_caption(items, first)
    assert found is None or ("caption", found) in items


# ---------------------------------------------------------------- which reading of the body


def test_headline_support_reads_words_and_unspaced_scripts() -> None:
    from corpus.readers.html import headline_support

    story = ["Hotel owners keep seven secrets from their guests, a former manager says."]
    assert headline_support("The seven secrets hotel owners keep", story) == 1.0
    assert headline_support("The seven secrets hotel owners keep", ["United lose again at home."]) == 0.0
    assert headline_support("市議会が予算案を可決", ["市議会は火曜日、予算案を可決した。"]) > 0.5
    assert headline_support("", ["anything"]) == 1.0
    # the headline as a line of its own (a page title above a menu) is no sentence repeating it
    assert headline_support("Seven hotel secrets", ["Seven hotel secrets - Bay Gazette Home News Sport"]) == 0.0


def test_an_off_topic_library_reading_gives_way_to_an_on_topic_own_one() -> None:
    from corpus.chrome import Cleaned
    from corpus.readers.html import _more_on_topic

    headline = "The seven secrets hotel owners keep"
    gallery = Cleaned(["United lose again at home, and the fans are unhappy with the board."] * 10, ())
    story = Cleaned(["Hotel owners keep seven secrets from their guests, a former manager says."] * 5, ())
    assert _more_on_topic(story, gallery, headline, 0.0)
    assert not _more_on_topic(Cleaned(story.paragraphs[:1], ()), gallery, headline, 0.0)  # a scrap
    assert not _more_on_topic(gallery, story, headline, 1.0)


@given(st.text(max_size=80), st.lists(st.text(max_size=200), max_size=5))
def test_headline_support_is_a_share(headline: str, paragraphs: list[str]) -> None:
    from corpus.readers.html import headline_support

    assert 0.0 <= headline_support(headline, paragraphs) <= 1.0
    # the headline printed again above the text adds nothing
    assert headline_support(headline, [headline, *paragraphs]) == headline_support(headline, paragraphs)


def test_a_short_heading_inside_a_long_title_is_not_that_title() -> None:
    """Letter pairs counted with repeats: the name of a project is not its whole title."""
    title = "tidekeeper/harbourtool: Convert a harbour chart into a tide table (unsupported and undocumented)"
    html = _page(f"<title>{title}</title><meta property='og:title' content='{title}'>", "<h1>tidekeeper/harbourtool</h1>")
    assert parse_text(html).headline == title


# ---------------------------------------------------------------- authors


def _byline_of(html: str) -> tuple[str, ...]:
    import lxml.etree

    from corpus.readers.htmlmeta import byline_authors

    return byline_authors(lxml.etree.fromstring(html, lxml.etree.HTMLParser()))


def test_a_byline_in_a_list_of_other_stories_is_not_the_authors() -> None:
    related = ("<aside class='related'><ul><li><a href='/x'>Sea wall opens</a>"
               "<span class='author'>By Ola Berg</span></li></ul></aside>")
    assert _byline_of(f"<html><body><article><h1>Budget</h1>{_STORY}{related}</article></body></html>") == ()
    footer = "<div class='recommended'><div class='byline'>By Ola Berg</div></div>"
    own = "<div class='byline'>By Ana Costa</div>"
    assert _byline_of(f"<html><body>{footer}<article>{own}{_STORY}</article></body></html>") == ("Ana Costa",)


@pytest.mark.parametrize("name, person", [("Ana Costa", True), ("J. R. Stone", True), ("J J", False),
                                          ("CC7567", False), ("user 42", False)])
def test_a_person_name_has_a_word_and_no_digit(name: str, person: bool) -> None:
    from corpus.readers.htmlmeta import is_person_name

    assert is_person_name(name) is person


def test_initials_alone_in_a_byline_element_are_no_author() -> None:
    assert _byline_of(f"<html><body><div class='byline'>J J</div>{_STORY}</body></html>") == ()


def test_a_metadata_author_that_is_a_user_handle_is_left_out() -> None:
    head = "<meta name='author' content='CC7567'>"
    html = f"<html><head>{head}</head><body><article><h1>Budget</h1><div class='byline'>By Ana Costa</div>{_STORY}</article></body></html>"
    assert parse_text(html).authors == ("Ana Costa",)


def test_a_subheading_that_the_table_of_contents_repeats_stays_in_the_body() -> None:
    toc = "<nav class='toc'><ul><li><a href='#cost'>The cost</a></li><li><a href='#vote'>The vote</a></li></ul></nav>"
    story = (f"<h2 id='cost'>The cost</h2>{_STORY}<h2 id='vote'>The vote</h2>"
             "<p>The vote was close: nine councillors for the wall and seven against, after a night of debate.</p>")
    html = f"<html><body><article><h1>Harbour budget approved</h1>{toc}{story}</article></body></html>"
    found = paragraphs(parse_text(html))
    assert "The cost" in found and "The vote" in found
    assert found.index("The vote") == len(found) - 2


@pytest.mark.parametrize("url, month", [
    ("https://news.example/en-us/2016/12/132377/graphic-tees", (2016, 12)),
    ("https://news.example/2019/06/30/talks", (2019, 6)),
    ("https://news.example/2019/13/x", None),
    ("https://news.example/story/194709-13-ways", None),
])
def test_the_urls_year_and_month(url: str, month: tuple[int, int] | None) -> None:
    from corpus.readers.htmlmeta import url_month

    assert url_month([url]) == month


def _undated_page(url: str, text_date: str) -> str:
    return (f"<html><head><link rel='canonical' href='{url}'></head><body><article><h1>Harbour budget approved</h1>"
            f"{_STORY}<p>Last reviewed on {text_date} by the desk.</p></article></body></html>")


def test_a_date_found_in_the_text_must_agree_with_the_urls_month() -> None:
    assert parse_text(_undated_page("https://news.example/2016/12/132377/budget", "10 September 2020")).date is None
    assert parse_text(_undated_page("https://news.example/2020/09/132377/budget", "10 September 2020")).date == dt.date(2020, 9, 10)


@pytest.mark.parametrize("names, people", [
    (["Ana Costa Ana Costa"], ("Ana Costa",)),
    (["Dec", "Ana Costa"], ("Ana Costa",)),
    (["Last Updated January 7"], ()),
    (["Ana Costa", "Ana Costa", "Li Wei"], ("Ana Costa", "Li Wei")),
    (["Ana Costa Li Wei"], ("Ana Costa Li Wei",)),
])
def test_person_names_from_an_extractor(names: list[str], people: tuple[str, ...]) -> None:
    from corpus.readers.htmlmeta import person_names

    assert person_names(names) == people


@given(st.lists(st.text(max_size=20), max_size=4))
def test_person_names_are_some_of_the_names_given(names: list[str]) -> None:
    from corpus.chrome import collapse
    from corpus.readers.htmlmeta import is_person_name, person_names

    found = person_names(names)
    assert len(set(found)) == len(found)
    assert all(is_person_name(name) and any(name in collapse(given) for given in names) for name in found)


@pytest.mark.parametrize("box", [
    "<details-dialog class='palette-details-dialog' hidden><div><p>{}</p></div></details-dialog>",
    "<div class='signup-modal' hidden><p>{}</p></div>",
])
def test_a_message_in_a_dialog_is_no_part_of_the_body(box: str) -> None:
    """Hidden chrome that reads like prose is kept (a standfirst in a header), but not a box's message."""
    message = box.format("We have run into an error and some results are not available at this time, sorry.")
    html = f"<html><body><article><h1>Harbour budget approved</h1>{message}{_STORY}</article></body></html>"
    body = parse_text(html).body
    assert "run into an error" not in body
    assert body.startswith("The council approved the harbour budget")
