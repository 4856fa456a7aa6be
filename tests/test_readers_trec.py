"""TREC-style SGML archives (<DOC> records): fields under each collection's tag names."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.readers import format_for, read_file, trec
from corpus.readers.base import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "struct"


def test_documents_and_problems() -> None:
    items = list(read_file(FIXTURES / "archive.sgml"))
    assert [str(i) for i in items if isinstance(i, ReadError)] == [
        "document 4: no headline and no <TEXT>",
        "document 5: truncated (no </DOC> before the next document or end of file)",
    ]
    wire, paper, journal = [i for i in items if isinstance(i, RawArticle)]

    assert (wire.position, wire.headline, wire.date) == (1, "Leaders Meet at Border Village", None)
    assert wire.body == (
        "The leaders of the two Koreas met on Friday at the border village of Panmunjom, officials said."
        "\n\nThe talks lasted more than an hour, a spokesman said, and a joint statement was expected "
        "later in the day."
    )
    assert wire.source == "Associated Press"
    assert wire.authors == ("Jane Writer",)

    assert paper.headline == "SUMMIT TALKS END WITH JOINT STATEMENT & A DINNER"
    assert (paper.date, paper.date_from) == (dt.date(1989, 1, 1), "metadata")
    assert paper.body == ("The summit ended on Saturday with a joint statement on trade.\n\n"
                          "Officials said the next meeting would take place in the spring.")

    assert journal.headline == "Trade Deal Signed"
    assert journal.date is None  # 02/21/90: numeric and not ISO, so no guess
    assert journal.source == "EXAMPLE STREET JOURNAL (J)"


def test_doc_root_is_trec_whatever_the_extension() -> None:
    assert format_for(Path("AP880212"), "<DOC>\n<DOCNO> X </DOCNO>") == "trec"
    assert format_for(Path("a.sgm"), "<DOC>") == "trec"
    assert format_for(Path("a.txt"), "<DOC><TEXT>x</TEXT></DOC>") == "trec"


def test_no_documents() -> None:
    try:
        list(trec.read("x.sgml", "plain text"))
    except ReadError as error:
        assert str(error) == "no <DOC> documents found"
    else:
        raise AssertionError("expected ReadError")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&#;DOCTEXHLPA \n")) | st.characters(), max_size=300))
def test_no_input_crashes_the_reader(text: str) -> None:
    for item in trec.read("x.sgml", "<DOC>" + text):
        assert isinstance(item, (RawArticle, ReadError))
