"""Decoding bytes and choosing a reader: encodings, empty and binary files, content sniffing."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.encoding import decode, read_text
from corpus.readers import format_for, read_file, sniff
from corpus.readers.base import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "struct"
PROSE = "Caf\u00e9 talks in Gen\u00e8ve: the ministers\u2019 \u201cfrank\u201d exchange \u2014 na\u00efve, said one."


@pytest.mark.parametrize(
    "data",
    [
        PROSE.encode("utf-8"),
        codecs.BOM_UTF8 + PROSE.encode("utf-8"),
        codecs.BOM_UTF16_LE + PROSE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + PROSE.encode("utf-16-be"),
        PROSE.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_decodes_common_encodings(data: bytes) -> None:
    assert decode(data, ".txt") == PROSE


def test_latin1_news_text_is_detected() -> None:
    text = "M\u00fcller said the B\u00f6rse in M\u00fcnchen rose on Friday after the talks in Z\u00fcrich."
    assert decode(text.encode("latin-1"), ".txt") == text


def test_utf16_without_bom() -> None:
    assert decode(PROSE.encode("utf-16-le"), ".txt") == PROSE
    assert decode(PROSE.encode("utf-16-be"), ".txt") == PROSE


def test_utf8_with_a_stray_cp1252_byte() -> None:
    data = "Kim\u2019s visit to Gen\u00e8ve \u2014 ".encode() + "caf\u00e9".encode("cp1252") + b" talks."
    assert decode(data, ".txt") == "Kim\u2019s visit to Gen\u00e8ve \u2014 caf\u00e9 talks."


def test_lone_latin1_byte_in_english_text() -> None:
    text = "Chelsea paid a \u00a315.8m fee for the striker, the club said on Friday."
    assert decode(text.encode("latin-1"), ".txt") == text


def test_sgml_falls_back_to_western_text_without_guessing() -> None:
    assert decode(b"<REUTERS>M\xfcnchen</REUTERS>", ".sgm") == "<REUTERS>M\u00fcnchen</REUTERS>"
    # cp1252 quotes, and a byte cp1252 leaves undefined keeps its Latin-1 meaning
    assert decode(b"<REUTERS>\x93Quote\x94 \x81</REUTERS>", ".sgm") == "<REUTERS>\u201cQuote\u201d \x81</REUTERS>"


def test_non_latin_legacy_encoding() -> None:
    text = "Москва и Пекин подписали соглашение о сотрудничестве."
    assert decode(text.encode("cp1251"), ".txt") == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (codecs.BOM_UTF8 + b"\n", "empty file (whitespace only)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 20, "binary file (520 control bytes in the first 620)"),
        (bytes([3, 0]) * 40, "binary file (40 control bytes in the first 40)"),
    ],
    ids=["empty", "whitespace", "bom-only", "nul", "controls", "utf-16-shaped"],
)
def test_refuses_empty_and_binary(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as caught:
        decode(data, ".txt")
    assert str(caught.value) == reason


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read file"):
        read_text(tmp_path / "missing.txt")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".sgm", ".xml", ".jsonl"]))
def test_any_bytes_decode_or_fail_cleanly(data: bytes, suffix: str) -> None:
    try:
        assert isinstance(decode(data, suffix), str)
    except ReadError:
        pass


# --- choosing the reader -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.txt", "<!DOCTYPE html>\n<html><head><title>x</title></head></html>", "html"),
        ("a.txt", "  <html lang='en'><body>x</body></html>", "html"),
        ("a.txt", "<div class='story'><p>x</p></div>", "html"),
        ("a.txt", "Headline\n\nBody with <b>tags</b> later.", "text"),
        ("a.txt", '<?xml version="1.0"?><articles><article title="t"/></articles>', "xml"),
        ("a.xml", '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS NEWID="1">', "sgml"),
        ("a.xml", '<?xml version="1.0"?>\n<!-- feed -->\n<rss version="2.0">', "xml"),
        ("a.xml", "<collection><article title='t'/></collection>", "xml"),
        ("a.sgm", "<REUTERS>", "sgml"),
        ("a.txt", '{"title": "t", "text": "x"}', "jsonl"),
        ("a.json", "[]", "jsonl"),
        ("a.html", '{"title": "t"}', "html"),
        ("a.HTM", "<p>x</p>", "html"),
        ("noext", "<?xml version='1.0'?><articles/>", "xml"),
    ],
)
def test_format_by_content_then_extension(name: str, text: str, expected: str) -> None:
    assert format_for(Path(name), text) == expected


def test_unsupported_file_type() -> None:
    with pytest.raises(ReadError, match="unsupported file type '.pdf'"):
        format_for(Path("a.pdf"), "plain words")


def test_sniff_ignores_prose() -> None:
    assert sniff("Kim Jong Un met Moon Jae-in.") is None


def test_text_file_that_is_really_html_goes_to_the_html_reader(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Leaders meet</title></head><body><article><h1>Leaders meet</h1>"
        "<p>The leaders of the two Koreas met on Friday at the border village of Panmunjom.</p>"
        "</article></body></html>"
    )
    (article,) = list(read_file(path))
    assert article.headline == "Leaders meet"
    assert "<p>" not in article.body and "Panmunjom" in article.body


def test_xml_collection_saved_as_text(tmp_path: Path) -> None:
    path = tmp_path / "collection.txt"
    path.write_bytes((FIXTURES / "collection.xml").read_bytes())
    assert [a.position for a in read_file(path)] == [1, 2, 3]


def test_ten_megabyte_files(tmp_path: Path) -> None:
    """Big files go through whole: a 10 MB JSON lines file and a 10 MB SGML file."""
    record = {"title": "Summit {}", "text": "The leaders met again and talked about trade. " * 40}
    lines = [json.dumps({**record, "title": record["title"].format(n)}) for n in range(5400)]
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(lines))
    assert big.stat().st_size > 10_000_000
    articles = list(read_file(big))
    assert len(articles) == 5400 and all(isinstance(a, RawArticle) for a in articles)
    assert articles[-1].headline == "Summit 5399"

    story = (FIXTURES / "stories.sgm").read_bytes().split(b"\n", 1)[1]
    sgm = tmp_path / "big.sgm"
    sgm.write_bytes(story * (10_000_000 // len(story) + 1))
    stories = list(read_file(sgm))
    assert len(stories) == 4 * (10_000_000 // len(story) + 1)
    assert all(isinstance(s, RawArticle) for s in stories)


def test_real_latin1_bytes_are_decoded() -> None:
    """The two real files with Latin-1 bytes: a pound sign in BBC text, a u-umlaut in Reuters."""
    from tests.conftest import shared_path

    bbc = read_text(shared_path("bbc", "sport", "199.txt"))
    assert "a \u00a315.8m" in bbc
    reuters = read_text(shared_path("reuters21578", "reut2-017.sgm"))
    assert "\u00fc" in reuters and "\ufffd" not in reuters
