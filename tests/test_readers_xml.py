"""XML collection reader: fixture collections, RSS, hostile input, and the SemEval collection."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.readers import read_file, xml
from corpus.readers.base import RawArticle, ReadError
from tests.conftest import shared_path

FIXTURES = Path(__file__).parent / "fixtures" / "struct"


def _articles(items: list) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def test_collection_fields() -> None:
    items = list(read_file(FIXTURES / "collection.xml"))
    assert all(isinstance(i, RawArticle) for i in items)
    first, second, third = items
    assert (first.position, first.headline, first.date, first.date_from) == (
        1, "Trump and Kim meet in Singapore", dt.date(2018, 6, 12), "metadata")
    assert first.url == "https://www.example-news.com/2018/06/12/summit"
    assert first.body.split("\n\n") == [
        "Donald Trump and Kim Jong Un met on Sentosa island on Tuesday, the first meeting between "
        "a sitting U.S. president and a North Korean leader.",
        "The two leaders signed a short statement. Kim said the world would see a major change, "
        "according to a pool report.",
    ]
    assert (second.date, second.date_from) == (None, None)
    # no <p>: prose loose text is the body, the tag links are not
    assert third.body == (
        "The second summit between the United States and North Korea ended without an agreement "
        "in Hanoi on Thursday."
    )


def test_rss_items() -> None:
    (item,) = list(read_file(FIXTURES / "feed.xml"))
    assert item.headline == "Xi and Moon hold talks in Beijing"
    assert item.date == dt.date(2017, 12, 14)
    assert item.url == "https://wire.example.com/asia/xi-moon"
    assert item.authors == ("Mary Writer",)
    assert item.body == (
        "Chinese President Xi Jinping held talks with South Korean President Moon Jae-in in "
        "Beijing on Thursday.\n\nThe two leaders discussed the Korean peninsula."
    )


def test_atom_entries_and_feed_title_as_source() -> None:
    first, second = list(read_file(FIXTURES / "atom.xml"))
    assert (first.headline, first.date, first.url, first.authors) == (
        "Xi meets Kim in Pyongyang", dt.date(2019, 6, 20), "https://feed.example.org/2019/06/20/xi-kim",
        ("Lee Example", "Wu Sample"))
    assert first.body == ("Chinese President Xi Jinping arrived in Pyongyang for a two-day state visit.\n\n"
                          "It was the first visit by a Chinese leader in 14 years.")
    assert (second.headline, second.date, second.body) == (
        "Talks & a banquet", dt.date(2019, 6, 21), "The two leaders held talks and attended a banquet.")
    assert first.source == second.source == "Harbour Times"


def test_rss_channel_title_is_the_source() -> None:
    (item,) = list(read_file(FIXTURES / "feed.xml"))
    assert item.source == "Example Wire"


def test_truncated_file_keeps_complete_articles_and_reports() -> None:
    text = (FIXTURES / "collection.xml").read_text(encoding="utf-8")
    cut = text[: text.index('<article id="0003"') + 40]
    items = list(xml.read("c.xml", cut))
    assert [a.headline for a in _articles(items)][:2] == ["Trump and Kim meet in Singapore", "Moon visits Pyongyang"]
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert errors[-1].startswith("malformed XML (")


def test_malformed_markup_inside_an_article() -> None:
    text = ('<?xml version="1.0"?><articles><article title="One"><p>Fine & dandy <b>bold</p>'
            '</article><article title="Two"><p>Second story text.</p></article></articles>')
    items = list(xml.read("m.xml", text))
    assert [a.headline for a in _articles(items)] == ["One", "Two"]
    assert any(isinstance(i, ReadError) for i in items)


def test_paragraphs_of_links_are_not_body() -> None:
    text = ('<articles><article title="T"><p>The leaders met in Hanoi on Wednesday for a second summit, '
            'officials said, <a href="x">according to pool reports</a>.</p>'
            '<p><a href="y">Related: Kim arrives by train</a></p>'
            '<p>Photo ( <a href="z">Image</a> by <a href="w">Staff</a>) <a>Permission</a> <a>Details</a></p>'
            '<p><a href="https://twitter.com/example/status/1">https://twitter.com/example/status/1</a></p>'
            "</article></articles>")
    (article,) = list(xml.read("l.xml", text))
    assert article.body == ("The leaders met in Hanoi on Wednesday for a second summit, officials said, "
                            "according to pool reports.")


def test_html_entities_in_xml() -> None:
    text = ('<?xml version="1.0"?><articles><article title="Kim&nbsp;&amp;&nbsp;Moon">'
            "<p>They met &mdash; again &lt;here&gt;.</p></article></articles>")
    items = list(xml.read("h.xml", text))
    assert [(a.headline, a.body) for a in items] == [("Kim & Moon", "They met \u2014 again <here>.")]


def test_article_without_title_or_text_is_reported_others_go_on() -> None:
    text = '<articles><article id="1"/><article title="Kept"><p>Body.</p></article></articles>'
    items = list(xml.read("e.xml", text))
    assert [str(i) for i in items if isinstance(i, ReadError)] == [
        "article 1: no title and no text (looked for title/headline/heading/text/body/content)"]
    assert [a.position for a in _articles(items)] == [2]


def test_deep_nesting_inside_an_article() -> None:
    deep = "<div>" * 1500 + "<p>Text at the bottom.</p>" + "</div>" * 1500
    text = f'<articles><article title="Deep">{deep} Loose text after the nesting, a full sentence here.</article>' \
        '<article title="Next"><p>Fine.</p></article></articles>'
    items = list(xml.read("d.xml", text))
    assert [(a.headline, a.body) for a in items] == [
        ("Deep", "Text at the bottom.\n\nLoose text after the nesting, a full sentence here."), ("Next", "Fine.")]


def test_document_without_articles() -> None:
    with pytest.raises(ReadError, match="no <article>"):
        list(xml.read("n.xml", "<?xml version='1.0'?><catalog><book/></catalog>"))


def test_legacy_encoding_declaration_is_honoured_by_the_decoder(tmp_path: Path) -> None:
    path = tmp_path / "legacy.xml"
    path.write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?><articles><article title="Caf\u00e9 talks">'
        "<p>Leaders met at a caf\u00e9 in Gen\u00e8ve for talks on trade and security.</p></article></articles>"
        .encode("latin-1")
    )
    (article,) = list(read_file(path))
    assert article.headline == "Caf\u00e9 talks"
    assert "Gen\u00e8ve" in article.body


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' &;articlep x?")) | st.characters(), max_size=300))
def test_no_input_crashes_the_reader(text: str) -> None:
    try:
        for item in xml.read("h.xml", "<articles><article title='t'>" + text):
            assert isinstance(item, (RawArticle, ReadError))
    except ReadError:
        pass


# --- SemEval 2019 hyperpartisan collection -------------------------------------------------

_ARTICLE = re.compile(r"<article\b([^>]*)>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


@pytest.mark.slow
def test_semeval_titles_and_dates_match_the_attributes() -> None:
    import html

    path = shared_path("semeval2019_hyperpartisan_byarticle", "articles-training-byarticle-20181122.xml")
    expected = [dict(_ATTR.findall(m.group(1))) for m in _ARTICLE.finditer(path.read_text(encoding="utf-8"))]
    items = list(read_file(path))
    assert [str(i) for i in items if isinstance(i, ReadError)] == []
    assert len(items) == len(expected) == 645
    for article, attributes in zip(items, expected):
        assert article.headline == " ".join(html.unescape(attributes.get("title", "")).split())
        published = attributes.get("published-at")
        assert article.date == (dt.date.fromisoformat(published) if published else None)
    assert sum(1 for a in items if a.date) == 614
    assert sum(1 for a in items if a.body) >= 640


# --- authors from the body, when a record has no author field -------------------------------

def _one(body: str, extra: str = "") -> RawArticle:
    paragraphs = "".join(f"<p>{text}</p>" for text in body.split("\n\n"))
    (article,) = _articles(list(xml.read("a.xml", f"<articles><article title='A story'>{extra}{paragraphs}</article></articles>")))
    return article


def test_authors_from_a_byline_paragraph_which_leaves_the_body() -> None:
    article = _one("By Nora Quill, DailyBeacon:\n\nThe council met on Monday and voted to close the pool.")
    assert article.authors == ("Nora Quill",)
    assert article.body == "The council met on Monday and voted to close the pool."
    article = _one("By ALMA RUIZ and PETRA VOSS\n\nThe council met on Monday and voted to close the pool.")
    assert article.authors == ("Alma Ruiz", "Petra Voss")


def test_authors_from_a_closing_bio_or_contact_line() -> None:
    story = "The council met on Monday and voted to close the pool after a long debate about its cost."
    assert _one(f"{story}\n\nGuest author Tobias Wren is a historian at a college in Ohio.").authors == ("Tobias Wren",)
    assert _one(f"{story}\n\nContact Lena Marsh at lena@example.com.").authors == ("Lena Marsh",)
    bio_then_note = f"{story}\n\nLena Marsh is a senior fellow at a policy institute.\n\nWant to write for us? Read our guidelines."
    assert _one(bio_then_note).authors == ("Lena Marsh",)


def test_no_author_from_story_text_or_an_author_field_overridden() -> None:
    story = "The council met on Monday and voted to close the pool after a long debate about its cost."
    assert _one(f"{story}\n\nMayor Ada Kim is also expected to speak on Friday.").authors == ()
    assert _one(f"{story}\n\nBy Tuesday, the pool had closed.").authors == ()
    field = _one(f"By Nora Quill\n\n{story}", extra="<author>Desk Writer</author>")
    assert field.authors == ("Desk Writer",) and field.body == story


@pytest.mark.slow
def test_semeval_authors_come_from_bylines_and_bios() -> None:
    path = shared_path("semeval2019_hyperpartisan_byarticle", "articles-training-byarticle-20181122.xml")
    items = _articles(list(read_file(path)))[100:]  # the first 100 are held back for acceptance
    with_authors = [article for article in items if article.authors]
    assert len(with_authors) >= 20
    for article in with_authors:
        assert all(len(name.split()) >= 2 for name in article.authors), article.authors
        bylines = [text for text in article.body.split("\n\n") if text.startswith("By ") and len(text.split()) < 8]
        assert bylines == [], article.headline
