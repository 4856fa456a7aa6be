"""Known answers read straight from the raw corpus files with simple regexes.

Independent of Gazette's readers on purpose: the extraction benchmark compares what
Gazette extracts against these values, so they must not come from the code under test.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

_REUTERS = re.compile(r"<REUTERS\b[^>]*>(.*?)</REUTERS>", re.S)
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "DATE", "PEOPLE", "BODY")}
_D = re.compile(r"<D>(.*?)</D>", re.S)
_REUTERS_DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


@dataclass(frozen=True)
class ReutersStory:
    path: str
    position: int  # 1-based ordinal inside the .sgm file
    title: str | None
    date: dt.date | None
    people: tuple[str, ...]  # Reuters <PEOPLE> codes, e.g. "reagan", "james-baker"
    body: str


def _tag(name: str, record: str) -> str | None:
    match = _TAG[name].search(record)
    return html.unescape(match.group(1)) if match else None


def reuters_stories(directory: Path) -> list[ReutersStory]:
    """Every <REUTERS> element of every reut2-*.sgm file, in file order."""
    stories = []
    for path in sorted(directory.glob("*.sgm")):
        text = path.read_text(encoding="latin-1")
        for position, match in enumerate(_REUTERS.finditer(text), 1):
            record = match.group(1)
            date = None
            raw_date = _REUTERS_DATE.search(_tag("DATE", record) or "")
            if raw_date:
                day, month, year = raw_date.groups()
                date = dt.date(int(year), _MONTHS[month], int(day))
            people = tuple(_D.findall(_tag("PEOPLE", record) or ""))
            title = _tag("TITLE", record)
            stories.append(
                ReutersStory(
                    path=str(path),
                    position=position,
                    title=" ".join(title.split()) if title is not None else None,
                    date=date,
                    people=people,
                    body=_tag("BODY", record) or "",
                )
            )
    return stories


def bbc_headlines(directory: Path) -> dict[str, str]:
    """path -> headline (line 1) of every BBC article file."""
    headlines = {}
    for path in sorted(directory.glob("*/*.txt")):
        first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", errors="replace")
        headlines[str(path)] = " ".join(first.split())
    return headlines


_SEMEVAL_ARTICLE = re.compile(r"<article\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass(frozen=True)
class SemevalArticle:
    path: str
    position: int
    title: str
    date: dt.date | None


def semeval_articles(directory: Path) -> list[SemevalArticle]:
    """The title and published-at of every <article> in the semeval articles file(s)."""
    articles = []
    for path in sorted(directory.glob("articles-*.xml")):
        text = path.read_text(encoding="utf-8")
        for position, match in enumerate(_SEMEVAL_ARTICLE.finditer(text), 1):
            attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(match.group(1))}
            published = attributes.get("published-at")
            articles.append(
                SemevalArticle(
                    path=str(path),
                    position=position,
                    title=" ".join(attributes.get("title", "").split()),
                    date=dt.date.fromisoformat(published[:10]) if published else None,
                )
            )
    return articles


def seeds_expected(directory: Path) -> dict[str, dict]:
    """file path -> expected fields, from the seeds' expected.json."""
    data = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    return {str(directory / name): fields for name, fields in data.items() if not name.startswith("_")}


@dataclass(frozen=True)
class WebPage:
    """A real web page of ../shared/corpora/web and what its test suite expects of it."""

    set: str  # "postlight" or "readability"
    name: str
    path: str
    title: str | None
    date: dt.date | None
    #: Days a date may be off: postlight's dates are UTC stamps, the page's local date can differ by one.
    tolerance: int
    author: str | None
    #: postlight's ``content_first_words``: the body's opening words.
    start: str | None


def web_pages(directory: Path) -> list[WebPage]:
    """Every page of the postlight/ and readability/ sets with its expected fields."""
    pages = []
    for path in sorted((directory / "postlight").glob("*.expected.json")):
        want = json.loads(path.read_text(encoding="utf-8"))
        stamp = want.get("date_published")
        date = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).date() if stamp else None
        name = path.name[: -len(".expected.json")]
        pages.append(WebPage("postlight", name, str(path.with_name(name + ".html")), want.get("title"), date, 1,
                             want.get("author"), want.get("content_first_words")))
    for path in sorted((directory / "readability").glob("*/expected-metadata.json")):
        want = json.loads(path.read_text(encoding="utf-8"))
        stamp = want.get("publishedTime") or ""
        date = dt.date.fromisoformat(stamp[:10]) if re.match(r"\d{4}-\d\d-\d\d", stamp) else None
        pages.append(WebPage("readability", path.parent.name, str(path.with_name("source.html")), want.get("title"),
                             date, 0, want.get("byline"), None))
    return pages
