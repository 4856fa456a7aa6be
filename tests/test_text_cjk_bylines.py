"""CJK bylines on text pages: a name after its label, or glued before the byline's date."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.byline import cjk_names
from corpus.readers.text import read

#: Made-up names: Han surnames and given names, and kana given names.
SURNAMES = ["山川", "高橋", "林", "王", "陳"]
GIVEN = ["一郎", "花子", "小雨", "さくら", "建国"]
LABELS = ["著者：", "作者：", "文● ", "筆者:", "来源：某报作者：责任编辑："]
DATES = [("2019年04月13日 09時00分", dt.date(2019, 4, 13)), ("2017-03-01 14:27:02", dt.date(2017, 3, 1)),
         ("2020/05/06 10:00", dt.date(2020, 5, 6))]
names = st.builds(lambda surname, given: surname + given, st.sampled_from(SURNAMES), st.sampled_from(GIVEN))


@given(names, st.sampled_from(LABELS), st.sampled_from(["", "／編集部", " (記者)", "2019年04月13日"]))
def test_the_name_after_a_label_is_the_author(name: str, label: str, tail: str) -> None:
    assert cjk_names(f"{label}{name}{tail}") == (name,)


@given(names, st.sampled_from(DATES))
def test_a_name_glued_before_the_date_is_the_author(name: str, date: tuple[str, dt.date]) -> None:
    assert cjk_names(f"{name}{date[0]}") == (name,)


@given(st.sampled_from(["ニュースリリース", "公開日", "更新", "発行日", "配信日時"]), st.sampled_from(DATES))
def test_a_section_or_a_date_label_before_the_date_names_no_one(label: str, date: tuple[str, dt.date]) -> None:
    assert cjk_names(f"{label}{date[0]}") is None


@given(st.sampled_from(["本文：これは記事です", "山川一郎", "2019年04月13日", "Jane Doe 2019-03-01"]))
def test_no_label_and_no_date_names_no_one(text: str) -> None:
    assert cjk_names(text) is None


@settings(max_examples=30, deadline=None)
@given(names, st.sampled_from(DATES))
def test_a_cjk_byline_under_the_headline_fills_authors_and_date(name: str, date: tuple[str, dt.date]) -> None:
    lead = "港のストライキは木曜日に終わった。組合は賃上げの提案を受け入れ、作業は金曜日の朝から再開される。"
    second = "市の担当者は、来週の地域協議会の後で詳しい内容を発表すると話した。荷主への影響は小さいという。"
    text = "\n\n".join(["Home | World | Sport", "Menu", "Log In", "港のストライキが終わる", f"{name}{date[0]}", "Tweet",
                         lead, second])
    (article,) = list(read("x.txt", text))
    assert (article.headline, article.authors, article.date) == ("港のストライキが終わる", (name,), date[1])
    assert name not in article.body
