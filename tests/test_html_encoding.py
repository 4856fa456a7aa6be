"""HTML pages in the encoding they declare (bs4's detector), when their bytes agree."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.encoding import decode
from corpus.readers import read_file


def page(charset: str, body: str) -> str:
    return (f'<html><head><meta charset="{charset}"><title>Budget</title></head><body><h1>Council approves budget</h1>'
            f"<p>{body}</p></body></html>")


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        # the euro sign is 0xA4 in Latin-9 and the currency sign there in cp1252, which a
        # detector prefers for Western text: only the declaration tells them apart
        ("iso-8859-15", "Le conseil a approuvé le budget de 5 € mardi."),
        ("shift_jis", "市議会は火曜日、予算案を可決した。"),
        ("windows-1251", "Городской совет утвердил бюджет во вторник."),
        ("iso-8859-2", "Městská rada schválila rozpočet v úterý po dlouhé debatě."),
    ],
)
def test_declared_encoding_is_read(tmp_path: Path, charset: str, body: str) -> None:
    html = page(charset, body)
    assert decode(html.encode(charset), ".html") == html
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(charset))
    (article,) = list(read_file(path))
    assert article.body == body


def test_a_declaration_the_bytes_contradict_is_ignored() -> None:
    html = page("utf-8", "Le conseil a approuvé le budget mardi après un long débat sur les routes.")
    assert decode(html.encode("cp1252"), ".html") == html


def test_text_files_do_not_look_for_declarations() -> None:
    text = 'meta charset="shift_jis" is what the page said; café'
    assert decode(text.encode("cp1252"), ".txt") == text
