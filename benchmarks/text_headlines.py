"""Text twins of the real web pages: which line became the headline when it is not the title,
and how often the date is right where the twin prints it at all.

    python benchmarks/text_headlines.py [--renderer page_text|text_render|both] [--all-misses]

Each page of ../shared/corpora/web (postlight/ and readability/) is rendered to text by
../shared/tools/page_text.py and by benchmarks/text_render.py and read by the text reader.
A headline that is not the expected title is one of:

- ``variant``: the title in other words (its words are mostly the title's: a site name kept,
  a shorter or longer form, a subtitle);
- ``chrome``: another line of the page (a menu item, a section label, a sign-in link, another
  story's title): the lines issue 9 asks to list;
- ``none``: no headline at all.

Every ``chrome`` page is printed (``--all-misses`` prints the variants too), then the counts,
then the date's accuracy over the pages whose twin prints the expected date somewhere (a date
the page does not show cannot be read from its text).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common, truth  # noqa: E402
from benchmarks.extraction import page_text_renderer  # noqa: E402
from benchmarks.text_render import render  # noqa: E402
from corpus.dates import find_dates  # noqa: E402
from corpus.readers.base import ReadError  # noqa: E402
from corpus.readers.text import read  # noqa: E402

#: A headline whose words are at least this share of the title's (or the title's of its) is a variant.
VARIANT_SHARE = 0.5


def _norm(text: str | None) -> str:
    """As ../shared/tools/web_score.py compares headlines: NFKC, straight quotes, lower case."""
    text = unicodedata.normalize("NFKC", text or "").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).lower()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", _norm(text)))


def kind(headline: str, title: str) -> str:
    """``right``, ``variant``, ``chrome`` or ``none`` (see the module docstring)."""
    if _norm(headline) == _norm(title):
        return "right"
    if not headline.strip():
        return "none"
    got, want = _words(headline), _words(title)
    shared = len(got & want)
    if got and want and max(shared / len(got), shared / len(want)) >= VARIANT_SHARE:
        return "variant"
    return "chrome"


@dataclass(frozen=True)
class Twin:
    page: truth.WebPage
    text: str
    headline: str
    date: str | None


def twins(pages: list[truth.WebPage], to_text: Callable[[bytes], str]) -> list[Twin]:
    result = []
    for page in pages:
        text = to_text(Path(page.path).read_bytes())
        try:
            (article,) = list(read(f"{page.name}.txt", text))
            headline, date = article.headline, article.date.isoformat() if article.date else None
        except ReadError:
            headline, date = "", None
        result.append(Twin(page, text, headline, date))
    return result


def prints_date(twin: Twin) -> bool:
    """Whether the twin's text shows the expected date (within the set's tolerance) anywhere."""
    want = twin.page.date
    assert want is not None
    return any(abs((found.date - want).days) <= twin.page.tolerance for found in find_dates(twin.text, numeric=True))


def date_right(twin: Twin) -> bool:
    want = twin.page.date
    return bool(want and twin.date and abs((dt.date.fromisoformat(twin.date[:10]) - want).days) <= twin.page.tolerance)


def report(name: str, found: list[Twin], all_misses: bool) -> None:
    counts: dict[str, Counter[str]] = {"postlight": Counter(), "readability": Counter()}
    print(f"## {name}: headlines that are not the title\n")
    print("| set | page | kind | headline taken | expected title |")
    print("|---|---|---|---|---|")
    for twin in found:
        if not twin.page.title:
            continue
        which = kind(twin.headline, twin.page.title)
        counts[twin.page.set][which] += 1
        if which == "chrome" or (all_misses and which != "right"):
            print(f"| {twin.page.set} | {twin.page.name} | {which} | {twin.headline[:70]} | {twin.page.title[:70]} |")
    print()
    for subset, counter in counts.items():
        total = sum(counter.values())
        shares = ", ".join(f"{key} {counter[key]}" for key in ("right", "variant", "chrome", "none"))
        print(f"{name} {subset}: {total} titles: {shares}")
    dated = [twin for twin in found if twin.page.date]
    shown = [twin for twin in dated if prints_date(twin)]
    right = sum(map(date_right, dated))
    right_shown = sum(map(date_right, shown))
    print(f"{name} dates: right on {right}/{len(dated)} = {right / max(len(dated), 1):.3f}; the twin prints the "
          f"expected date on {len(shown)}, right on {right_shown}/{len(shown)} = {right_shown / max(len(shown), 1):.3f}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renderer", choices=["page_text", "text_render", "both"], default="both")
    parser.add_argument("--all-misses", action="store_true", help="list the title variants and empty headlines too")
    args = parser.parse_args(argv)
    directory = common.CORPORA / "web"
    if not directory.exists():
        print(f"real web pages not found at {directory}", file=sys.stderr)
        return 1
    pages = truth.web_pages(directory)
    renderers = {"page_text": page_text_renderer(), "text_render": render}
    for name, to_text in renderers.items():
        if args.renderer in (name, "both"):
            report(name, twins(pages, to_text), args.all_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
