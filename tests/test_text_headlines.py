"""benchmarks/text_headlines.py: how a headline that is not the title is told apart."""
from __future__ import annotations

import pytest

from benchmarks.text_headlines import kind


@pytest.mark.parametrize(
    ("headline", "title", "expected"),
    [
        ("Harbour strike ends", "Harbour Strike Ends", "right"),  # compared as web_score.py does
        ("Harbour strike ends | The Example Post", "Harbour strike ends", "variant"),  # a site name kept
        ("Strike ends", "Harbour strike ends after pay offer accepted", "variant"),  # a short form
        ("Sign in", "Harbour strike ends after pay offer accepted", "chrome"),
        ("Ministers agree grain deal", "Harbour strike ends after pay offer accepted", "chrome"),  # another story
        ("", "Harbour strike ends", "none"),
    ],
)
def test_kind_of_headline(headline: str, title: str, expected: str) -> None:
    assert kind(headline, title) == expected
