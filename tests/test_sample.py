"""The built-in sample corpus (corpus/sample): its own integrity, and what the pipeline makes of it.

The sample is what `make demo` indexes and what a new user sees first, so it must be
complete (every article listed in ``.expected.json``, every listed file present), cover every
input format, ship as package data, be our own text (no 12-word run shared with the real
corpora in ../shared), and be read by the pipeline exactly as ``.expected.json`` says.
"""
from __future__ import annotations

import configparser
import datetime as dt
import html
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
from dateutil import parser as dateparser

from tests.conftest import REPO, shared_path

SAMPLE = REPO / "corpus" / "sample"
#: What a careful reader extracts from each article. A hidden file, because ``.json`` is an input
#: format: under a visible name the pipeline would index it as 42 more articles.
EXPECTED: list[dict] = json.loads((SAMPLE / ".expected.json").read_text(encoding="utf-8"))["articles"]
#: Files in the sample folder that are not articles.
NOT_ARTICLES = {"README.md", ".expected.json"}
FORMATS = {".txt": "text", ".html": "html", ".jsonl": "jsonl", ".sgm": "sgml", ".xml": "xml"}
MULTI = {"jsonl", "sgml", "xml"}
SHINGLE = 12


def _key(entry: dict) -> str:
    return entry["file"] if entry["position"] is None else f"{entry['file']}#{entry['position']}"


def _article_files() -> set[str]:
    return {
        path.relative_to(SAMPLE).as_posix()
        for path in SAMPLE.rglob("*")
        if path.is_file() and path.relative_to(SAMPLE).as_posix() not in NOT_ARTICLES
    }


def _untag(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _records(file: str) -> list[dict]:
    """The records of a multi-article file as plain dicts: title, date string, text."""
    path = SAMPLE / file
    kind = FORMATS[path.suffix]
    if kind == "jsonl":
        records = []
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            records.append({
                "title": data.get("title") or data.get("headline"),
                "date": data.get("date") or data.get("published") or data.get("published_at"),
                "text": data.get("text") or data.get("body") or data.get("content"),
            })
        return records
    if kind == "sgml":
        stories = re.findall(r"<REUTERS\b.*?</REUTERS>", path.read_text(encoding="ascii"), re.S)
        return [{
            "title": re.search(r"<TITLE>(.*?)</TITLE>", story, re.S).group(1),
            "date": re.search(r"<DATE>(.*?)</DATE>", story, re.S).group(1),
            # The body without the closing " Reuter" signature.
            "text": re.sub(r"\s*Reuter\s*\x03?\s*$", "", _untag(re.search(r"<BODY>(.*?)</BODY>", story, re.S)[1])),
        } for story in stories]
    root = ET.parse(path).getroot()
    return [{
        "title": article.get("title"),
        "date": article.get("published-at"),
        "text": " ".join("".join(p.itertext()) for p in article.iter("p")),
    } for article in root.iter("article")]


def _prose(text: str) -> str:
    """The prose lines of a page (a crude stand-in for the real extractor, for word counts)."""
    return " ".join(line for line in text.splitlines() if len(line.split()) >= 15)


def _texts() -> Iterator[tuple[str, str]]:
    """(key, article text) for every article in the sample."""
    for entry in EXPECTED:
        path = SAMPLE / entry["file"]
        if entry["format"] in MULTI:
            yield _key(entry), _records(entry["file"])[entry["position"] - 1]["text"]
        elif entry["format"] == "html":
            yield _key(entry), _untag(path.read_text(encoding="utf-8"))
        else:
            yield _key(entry), path.read_text(encoding="utf-8")


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return re.findall(r"\w+", text)


def _shingles(words: list[str]) -> Iterator[tuple[str, ...]]:
    return (tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


# --- the sample's own integrity ---------------------------------------------------------------

def test_expected_lists_every_article_file_and_nothing_else() -> None:
    listed = {entry["file"] for entry in EXPECTED}
    assert listed == _article_files()
    assert len(set(map(_key, EXPECTED))) == len(EXPECTED), "an article is listed twice"


def test_sample_covers_every_input_format_with_a_realistic_mix() -> None:
    by_format = Counter(entry["format"] for entry in EXPECTED)
    assert set(by_format) == set(FORMATS.values())
    assert by_format["text"] >= 10 and by_format["html"] >= 5
    assert all(by_format[kind] >= 3 for kind in MULTI)
    assert 36 <= len(EXPECTED) <= 48
    for entry in EXPECTED:
        assert FORMATS[Path(entry["file"]).suffix] == entry["format"]


def test_positions_match_the_records_in_each_file() -> None:
    positions: dict[str, list] = {}
    for entry in EXPECTED:
        positions.setdefault(entry["file"], []).append(entry["position"])
    for file, listed in positions.items():
        if FORMATS[Path(file).suffix] in MULTI:
            assert listed == list(range(1, len(_records(file)) + 1)), file
        else:
            assert listed == [None], file


@pytest.mark.parametrize("entry", EXPECTED, ids=_key)
def test_expected_entry_is_well_formed(entry: dict) -> None:
    assert entry["headline"] and entry["headline"] == " ".join(entry["headline"].split())
    if entry["date"] is None:
        assert entry["year"] is None and entry["date_from"] is None
    else:
        date = dt.date.fromisoformat(entry["date"])
        assert 2017 <= date.year <= 2024 and entry["year"] == date.year
        assert entry["date_from"] in ("metadata", "dateline")
    assert entry["people"] == sorted(set(entry["people"])) and entry["people"]
    assert not set(entry["authors"]) & set(entry["people"]), "a byline is not a mention"


def test_sample_spans_the_years_and_keeps_one_undated_page() -> None:
    years = Counter(entry["year"] for entry in EXPECTED)
    assert set(years) == {*range(2017, 2025), None}
    assert years[None] == 1


@pytest.mark.parametrize("entry", EXPECTED, ids=_key)
def test_headline_people_and_date_are_in_the_article_itself(entry: dict) -> None:
    path = SAMPLE / entry["file"]
    if entry["format"] in MULTI:
        record = _records(entry["file"])[entry["position"] - 1]
        assert record["title"] == entry["headline"]
        # The recorded date is the one in the record's own date field.
        stated = record["date"][:10] if "T" in record["date"] else record["date"]
        assert dateparser.parse(stated).date() == dt.date.fromisoformat(entry["date"])
        text = record["text"]
        assert 120 <= len(_words(text)) <= 300, f"{len(_words(text))} words"
    else:
        raw = path.read_text(encoding="utf-8")
        text = _untag(raw) if entry["format"] == "html" else raw
        assert entry["headline"] in " ".join(text.split())
        assert 120 <= len(_prose(text).split()) <= 300
    folded = _fold(text)
    for person in entry["people"]:
        assert _fold(person) in folded, f"{person} not named in {_key(entry)}"


def test_sample_ships_as_package_data() -> None:
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    patterns = config["options.package_data"]["corpus"].split()
    corpus_dir = REPO / "corpus"
    shipped = {path for pattern in patterns for path in corpus_dir.glob(pattern) if path.is_file()}
    # Hidden files (.expected.json) serve the tests in the repository and need not ship.
    missing = [
        p.relative_to(SAMPLE).as_posix()
        for p in SAMPLE.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p not in shipped
    ]
    assert not missing, f"not covered by setup.cfg package_data: {missing}"


# --- our own words: nothing copied from the real corpora ------------------------------------

def _sample_shingles() -> dict[tuple[str, ...], str]:
    return {shingle: key for key, text in _texts() for shingle in _shingles(_words(text))}


def _copied(files: Iterator[Path], encoding: str = "utf-8") -> list[str]:
    ours = _sample_shingles()
    found = []
    for file in files:
        words = _words(_untag(file.read_text(encoding=encoding, errors="replace")))
        found += [f"{ours[s]}: {' '.join(s)!r} in {file.name}" for s in _shingles(words) if s in ours]
    return found


@pytest.mark.shared
def test_no_text_copied_from_the_seeds() -> None:
    seeds = shared_path("seeds")
    assert not _copied(iter(sorted(seeds.glob("*.txt"))))


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("corpus, pattern, encoding", [
    ("semeval2019_hyperpartisan_byarticle", "*.xml", "utf-8"),
    ("bbc", "*/*.txt", "latin-1"),
    ("reuters21578", "*.sgm", "latin-1"),
])
def test_no_text_copied_from_the_real_corpora(corpus: str, pattern: str, encoding: str) -> None:
    files = sorted(shared_path(corpus).glob(pattern))
    assert files
    assert not _copied(iter(files), encoding)


def test_shingle_check_catches_a_copied_sentence(tmp_path: Path) -> None:
    # Guard against a shingle check that can never fire.
    key, text = next(_texts())
    copy = tmp_path / "copy.txt"
    copy.write_text("Unrelated opening words. " + " ".join(text.split()[40:60]) + " and then more.", encoding="utf-8")
    assert _copied(iter([copy]))


# --- what the pipeline extracts ---------------------------------------------------------------

@pytest.fixture(scope="module")
def parsed() -> tuple[dict[str, object], list]:
    pipeline = pytest.importorskip("corpus.pipeline")
    problems: list = []
    articles = {}
    for article in pipeline.parse_paths([SAMPLE], problems.append):
        relative = Path(article.path).resolve().relative_to(SAMPLE.resolve()).as_posix()
        key = relative if article.position is None else f"{relative}#{article.position}"
        articles[key] = article
    return articles, problems


def test_pipeline_walks_exactly_the_sample_articles() -> None:
    pipeline = pytest.importorskip("corpus.pipeline")
    found = {Path(p).resolve().relative_to(SAMPLE.resolve()).as_posix() for p in pipeline.iter_files([SAMPLE])}
    assert found == _article_files()


def test_pipeline_reads_the_sample_without_problems(parsed) -> None:
    articles, problems = parsed
    assert problems == []
    assert sorted(articles) == sorted(map(_key, EXPECTED))


@pytest.mark.parametrize("entry", EXPECTED, ids=_key)
def test_pipeline_extracts_headline_date_and_source(parsed, entry: dict) -> None:
    articles, _ = parsed
    article = articles.get(_key(entry))
    assert article is not None, f"{_key(entry)} not parsed"
    got = {
        "headline": article.headline,
        "date": article.date.isoformat() if article.date else None,
        "year": article.year,
        "date_from": article.date_from,
        "source": article.source,
    }
    want = {field: entry[field] for field in got}
    assert got == want


@pytest.mark.parametrize("entry", EXPECTED, ids=_key)
def test_pipeline_keeps_the_prose_and_drops_the_chrome(parsed, entry: dict) -> None:
    articles, _ = parsed
    body = " ".join(articles[_key(entry)].body.split())
    missing = [text for text in entry["body_must_contain"] if text not in body]
    kept = [text for text in entry["body_must_not_contain"] if " ".join(text.split()) in body]
    assert (missing, kept) == ([], [])


@pytest.mark.parametrize("entry", EXPECTED, ids=_key)
def test_pipeline_finds_the_people_and_authors(parsed, entry: dict) -> None:
    article = parsed[0][_key(entry)]
    assert (list(article.people), list(article.authors)) == (entry["people"], entry["authors"])

