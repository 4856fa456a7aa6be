"""The corpus pipeline: files -> FileResults (pass 1) -> Articles (pass 2), never crashing."""
from __future__ import annotations

import pickle
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import normalize, pipeline
from corpus.article import Article, article_id
from corpus.pipeline import (
    FileResult,
    Problem,
    finish,
    iter_files,
    normalized,
    parse_paths,
    read_path,
)
from corpus.readers.base import RawArticle

FIXTURES = Path(__file__).parent / "fixtures" / "struct"


def _parse(*paths: Path, jobs: int = 1) -> tuple[list[Article], list[Problem]]:
    problems: list[Problem] = []
    return list(parse_paths(paths, problems.append, jobs=jobs)), problems


def test_read_path_gives_drafts_and_problems() -> None:
    result = read_path(FIXTURES / "records.jsonl")
    assert result.path == str(FIXTURES / "records.jsonl")
    assert [d.raw.position for d in result.drafts] == [1, 3, 6]
    assert [p.reason for p in result.problems] == [
        "line 2: invalid JSON (Expecting value at column 36)",
        "line 5: expected a JSON object, got list",
        "line 7: no title and no text (looked for title/headline/heading/text/body/content)",
    ]
    assert str(result.problems[0]) == f"{FIXTURES / 'records.jsonl'}: line 2: invalid JSON (Expecting value at column 36)"


def test_file_result_is_picklable() -> None:
    result = read_path(FIXTURES / "stories.sgm")
    copy = pickle.loads(pickle.dumps(result))
    assert isinstance(copy, FileResult)
    assert copy == result


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.jsonl", b"", "empty file"),
        ("image.txt", b"GIF89a\x00\x01\x00\x00", "binary file (contains NUL bytes)"),
        ("notes.pdf", b"%PDF-1.4 text", "unsupported file type '.pdf'"),
        ("broken.sgm", b"no stories here", "no <REUTERS> stories found"),
    ],
)
def test_bad_files_become_problems(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = read_path(path)
    assert result.drafts == []
    assert result.problems == [Problem(str(path), reason)]


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    result = read_path(tmp_path / "gone.jsonl")
    assert [p.reason.split(":")[0] for p in result.problems] == ["cannot read file"]


def test_a_crashing_reader_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.readers import jsonl

    def explode(path: str, text: str):
        yield RawArticle(path=path, position=1, headline="Kept", body="Read before the crash.")
        raise RuntimeError("reader bug")

    monkeypatch.setattr(jsonl, "read", explode)
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "x"}')
    result = read_path(path)
    assert [d.raw.headline for d in result.drafts] == ["Kept"]
    assert [p.reason for p in result.problems] == ["could not be read (RuntimeError: reader bug)"]


def test_normalized_collapses_whitespace_and_keeps_typography() -> None:
    raw = RawArticle(
        path="p", position=None, headline="  \u201cPeace\u201d   talks\n",
        body="First  line\nsame paragraph.\n\n\n  Second\u00a0one \u2014 quoted \u2018here\u2019.  \n\n \n",
        source="  ", url="", authors=(" Jane  Doe ", ""),
    )
    clean = normalized(raw)
    assert clean.headline == "\u201cPeace\u201d talks"
    assert clean.body == "First line same paragraph.\n\nSecond one \u2014 quoted \u2018here\u2019."
    assert (clean.source, clean.url, clean.authors) == (None, None, ("Jane Doe",))


def test_articles_have_content_ids_people_and_leaders() -> None:
    articles, problems = _parse(FIXTURES / "collection.xml")
    assert problems == []
    first = articles[0]
    assert first.id == article_id(first.headline, first.body)
    assert first.location == f"{FIXTURES / 'collection.xml'}#1"
    assert {"Donald Trump", "Kim Jong Un"} <= set(first.people)
    assert {"Donald Trump", "Kim Jong Un"} <= set(first.leaders)
    assert set(first.leaders) <= set(first.people)
    assert list(first.people) == sorted(first.people)


def test_same_input_same_ids_in_every_run() -> None:
    first, _ = _parse(FIXTURES)
    second, _ = _parse(FIXTURES)
    assert [a.id for a in first] == [a.id for a in second]
    assert len({a.id for a in first}) == len(first)


def test_worker_processes_give_the_same_articles() -> None:
    serial, serial_problems = _parse(FIXTURES, jobs=1)
    parallel, parallel_problems = _parse(FIXTURES, jobs=2)
    assert parallel == serial
    assert parallel_problems == serial_problems


def test_loose_surname_resolved_across_the_corpus() -> None:
    from corpus.people import CorpusNames, Found

    one = pipeline.Draft(RawArticle("a", None, "A", "x"), Found(people=("Paul Volcker",)))
    two = pipeline.Draft(RawArticle("b", None, "B", "y"), Found(loose=("Volcker",)))
    names = CorpusNames(pipeline.load_gazetteer())
    for draft in (one, two):
        names.learn(draft.found)
    assert [a.people for a in finish([one, two], names)] == [("Paul Volcker",), ("Paul Volcker",)]


def test_iter_files_walks_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in ["b/2.jsonl", "b/1.xml", "a.sgm", ".hidden/x.jsonl", "b/.secret.jsonl", "c/readme.pdf", "c/page.htm"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "c" / "readme.pdf"
    files = list(iter_files([tmp_path, explicit, tmp_path / "a.sgm"]))
    relative = [str(f.relative_to(tmp_path)) for f in files]
    assert relative == ["a.sgm", "b/1.xml", "b/2.jsonl", "c/page.htm", "c/readme.pdf"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([".jsonl", ".xml", ".sgm", ".json"]),
    st.text(max_size=400) | st.binary(max_size=400),
)
def test_no_input_crashes_the_pipeline(suffix: str, content: str | bytes) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / f"input{suffix}"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(content)
        problems: list[Problem] = []
        articles = list(parse_paths([path], problems.append))
        assert all(isinstance(a, Article) for a in articles)
        assert all(p.path == str(path) and p.reason for p in problems)
        assert articles or problems
    finally:
        shutil.rmtree(folder)


@pytest.mark.slow
def test_real_collections_end_to_end() -> None:
    """One Reuters file and the SemEval collection through both passes, people included."""
    from tests.conftest import shared_path

    reuters = shared_path("reuters21578", "reut2-000.sgm")
    semeval = shared_path("semeval2019_hyperpartisan_byarticle", "articles-training-byarticle-20181122.xml")
    articles, problems = _parse(reuters, semeval, jobs=2)
    assert problems == []
    by_file = {path: [a for a in articles if a.path == path] for path in (str(reuters), str(semeval))}
    assert [len(v) for v in by_file.values()] == [1000, 645]
    assert [a.position for a in by_file[str(reuters)]] == list(range(1, 1001))
    assert {a.source for a in by_file[str(reuters)]} == {"Reuters"}
    assert {a.year for a in by_file[str(reuters)]} == {1987}
    assert all(set(a.leaders) <= set(a.people) for a in articles)
    assert sum(1 for a in by_file[str(semeval)] if "Donald Trump" in a.people) > 200


# --- the shared normalization steps, as properties -------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_join_paragraphs_is_canonical_and_idempotent(paragraphs: list[str]) -> None:
    body = normalize.join_paragraphs(paragraphs)
    assert body == body.strip() and "\n\n\n" not in body
    for paragraph in body.split("\n\n") if body else []:
        assert paragraph and "\n" not in paragraph and "  " not in paragraph
    assert normalize.join_paragraphs(body.split("\n\n")) == body


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_text_and_html_fields_never_crash(text: str) -> None:
    for paragraphs in (normalize.reflow(text), normalize.text_paragraphs(text), normalize.html_paragraphs(text)):
        assert all(isinstance(p, str) for p in paragraphs)
    assert all("\n" not in p for p in normalize.reflow(text))
    assert all("\n" not in p for p in normalize.html_paragraphs(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none(), st.lists(st.text(max_size=20))))
def test_metadata_values_never_crash(value: object) -> None:
    date = normalize.metadata_date(value if not isinstance(value, list) else None)
    assert date is None or 1800 <= date.year <= 9999
    assert all(isinstance(name, str) and name for name in normalize.split_authors(value))
