"""corpus.sources: ranked, table-driven source evidence."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.sources import (
    canonical_source,
    detect_source,
    find_sources,
    has_photo_credit,
    parse_table,
    source_of_domain,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEOUL (Reuters) - North Korea said on Friday...", "Reuters"),
        ("SEOUL, June 21 (Reuters) - North Korea said...", "Reuters"),
        ("WASHINGTON (AP) — The president said...", "Associated Press"),
        ("BEIJING, June 20 (Xinhua) -- Chinese President Xi Jinping...", "Xinhua"),
        ("PARIS (AFP) - France said...", "Agence France-Presse"),
        ("Text of the story.\n\n(Reporting by Hyonhee Shin; Editing by Tom Hogue)", "Reuters"),
        ("Text.\n\nSource: Yonhap", "Yonhap"),
        ("Text.\n\n© 2019 Reuters. All rights reserved.", "Reuters"),
        ("Copyright 2020 The Associated Press. All rights reserved.", "Associated Press"),
        ("The Daily Lantern’s website can also be accessed at", "The Daily Lantern"),
        ("Story.\n\nwww.nknews.org", "NK News"),
        ("Caption here. REUTERS/Jason Lee\n\nStory.", "Reuters"),
        ("Caption. (AP Photo/Ahn Young-joon)\n\nStory.", "Associated Press"),
        ("Caption. (Photo by Xinhua)\n\nStory.", "Xinhua"),
        ("MOSCOW, June 21. /TASS/. Russia said...", "TASS"),
        ("SEOUL (REUTERS, AFP) - North Korea fired...", "Reuters"),  # the first of a list
        ("Story.\n\nSource: Reuters/nh", "Reuters"),
        ("Story.\n\nSOURCE: Al Jazeera and news agencies", "Al Jazeera"),
        ("(CNN)The two leaders met...", "CNN"),
        ("Hanoi (VNA) – The two countries...", "Vietnam News Agency"),
        ("Kim in Hanoi. © Reuters / Kevin Lamarque\n\nStory.", "Reuters"),  # a photo credit, not a copyright
        ("Story.\n\nRegistered office: 1 Quay Street. © The Riverside Post 2024", "The Riverside Post"),
        ("FILE - Kim walks. (Korea Summit Press Pool via AP, File)\n\nStory.", "Associated Press"),
    ],
)
def test_credits_name_the_source(text: str, expected: str) -> None:
    assert detect_source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Xinhua said the two leaders met on Monday.",  # an attribution, not the source
        "He told Reuters in an interview that talks would resume.",
        "Caption of a handshake. (Photo by John Smith)",  # a photographer is not a source
        "NATO — the alliance — met in Brussels.",
        "One member of the Bank's Monetary Policy Committee (MPC) - Paul Smith - voted to raise rates.",
        "The board (CEO) - and others - agreed.",
        "",
    ],
)
def test_mentions_are_not_sources(text: str) -> None:
    assert detect_source(text) is None


def test_copyright_sign_in_a_caption_is_a_photo_credit() -> None:
    assert [(m.name, m.kind) for m in find_sources("Kim arrives in Hanoi. © AFP")] == [("Agence France-Presse", "photo")]
    assert [(m.name, m.kind) for m in find_sources("© 2019 Reuters. All rights reserved.")] == [("Reuters", "self")]


def test_self_reference_beats_wire_credit_beats_photo_credit() -> None:
    page = (
        "Caption. (Photo by Xinhua)\n\nSEOUL (Yonhap) -- Story text that quotes Xinhua.\n\n"
        "Press TV’s website can also be accessed at the following alternate addresses:"
    )
    assert [match.name for match in find_sources(page)] == ["Press TV", "Yonhap", "Xinhua"]
    assert [match.kind for match in find_sources(page)] == ["self", "credit", "photo"]
    assert detect_source(page.split("\n\n", 1)[1].split("\n\n")[0] + "\n\nCaption. REUTERS/Ann Wang") == "Yonhap"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("reuters.com", "Reuters"),
        ("REUTERS", "Reuters"),
        ("The Associated Press", "Associated Press"),
        ("  Gazette   de Lausanne ", "Gazette de Lausanne"),
        ("", None),
        ("---", None),
    ],
)
def test_canonical_source(value: str, expected: str | None) -> None:
    assert canonical_source(value) == expected


def test_domains_match_subdomains_and_urls() -> None:
    assert source_of_domain("https://edition.cnn.com/2019/06/30/asia/x.html") == "CNN"
    assert source_of_domain("en.yna.co.kr") == "Yonhap"
    assert source_of_domain("https://example.org/reuters.com") is None
    assert source_of_domain("not a url") is None


def test_photo_credit_needs_a_known_agency() -> None:
    assert has_photo_credit("Leaders meet. REUTERS/Jason Lee")
    assert not has_photo_credit("Leaders meet. (Photo by Jane Doe)")


def test_table_format_is_checked() -> None:
    table = parse_table("# comment\nalias\tThe Bugle\tThe Bugle\ncredit\t\\(Bugle\\) -\tThe Bugle\tBugle\n")
    assert table.aliases == {"thebugle": "The Bugle"}
    assert table.rules[0].hints == ("Bugle",)
    with pytest.raises(ValueError, match="line 1"):
        parse_table("nonsense line")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_detect_source_never_crashes(text: str) -> None:
    result = detect_source(text)
    assert result is None or (isinstance(result, str) and result.strip() == result and result)
