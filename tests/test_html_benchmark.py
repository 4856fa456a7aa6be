"""benchmarks/extraction.py's side-by-side web table: the body F1's words, the reference's
decoding, and the ratios to trafilatura and htmldate."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from benchmarks import extraction, truth


def test_shingle_f1_counts_each_cjk_character_as_a_word():
    # Chinese text has no spaces: one \w+ run would make the whole passage one word
    got = "研究人员在实验室里发现了一种新的材料"
    assert extraction.shingle_f1(got, got + "。其他内容") > 0.5
    assert extraction.shingle_f1("研究人员在实验室", "天气预报明天下雨") == 0.0


def test_shingle_f1_keeps_spaced_words_whole():
    text = "the river rose two metres overnight in the valley"
    assert extraction.shingle_f1(text, text) == 1.0
    # one shared 4-word shingle of six and two
    assert extraction.shingle_f1(text, "the river rose two feet") == 2 * 1 / (6 + 2)


@given(st.text(max_size=200), st.text(max_size=200))
def test_shingle_f1_is_symmetric_and_bounded(a, b):
    assert extraction.shingle_f1(a, b) == extraction.shingle_f1(b, a)
    assert 0.0 <= extraction.shingle_f1(a, b) <= 1.0


def test_expected_body_reads_utf8_without_a_declaration(tmp_path: Path):
    folder = tmp_path / "page"
    folder.mkdir()
    (folder / "expected.html").write_bytes("<div><p>Zázrak jedné sezony — déjà vu</p></div>".encode("utf-8"))
    page = truth.WebPage("readability", "page", str(folder / "source.html"), None, None, 0, None, None)
    assert extraction.expected_body(page).strip() == "Zázrak jedné sezony — déjà vu"


def test_web_rows_give_ratios_and_fail_below_another_extractor():
    results = {"html": {
        "Gazette": {"headline": (0.9, 10), "date": (0.95, 20), "date precision": (0.98, 19)},
        "trafilatura": {"headline": (0.8, 10), "date": (0.96, 20), "date precision": (0.96, 20)},
        "htmldate": {"date": (0.5, 20), "date precision": (0.5, 20)},
    }}
    headers = extraction.web_headers(results)
    assert headers == ["form", "field", "pages", "Gazette", "trafilatura", "htmldate",
                       "Gazette/trafilatura", "Gazette/htmldate", "target", "result"]
    rows = {row[1]: dict(zip(headers, row)) for row in extraction.web_rows(results)}
    assert rows["headline"]["Gazette/trafilatura"] == 0.9 / 0.8
    assert rows["headline"]["htmldate"] is None and rows["headline"]["Gazette/htmldate"] is None
    assert rows["headline"]["result"] == "FAIL"  # under the 0.93 target
    assert rows["date"]["result"] == "FAIL"  # above the target, below trafilatura
    assert rows["date precision"]["result"] == "pass"
    assert rows["authors"]["Gazette"] is None and rows["authors"]["result"] == ""
