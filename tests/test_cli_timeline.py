"""gazette timeline (issue 16, point 5): empty stretches collapsed, --by auto, --share, and
outliers and peaks reported rather than left to dominate."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

import cli
from corpus.article import Article, article_id
from search import timeline
from tests import search_fixtures


def record(number: int, date: str | None, headline: str = "Harbour report") -> Article:
    body = f"Report number {number} on the harbour and its trade." if "arbour" in headline else f"Shares rose {number}."
    return Article(
        id=article_id(f"{headline} {number}", body), path=f"t/{number}.txt", position=None,
        headline=f"{headline} {number}", date=dt.date.fromisoformat(date) if date else None,
        date_from="metadata" if date else None, source="Gazette", people=(), leaders=(), body=body,
    )


@pytest.fixture(scope="module")
def stray_index(tmp_path_factory):
    """The fixture articles (2017-2020) plus one article dated 1902."""
    records = [*search_fixtures.articles(), record(1, "1902-05-01", "Old harbour")]
    return search_fixtures.build(tmp_path_factory.mktemp("timeline-stray") / "index", records)


@pytest.fixture(scope="module")
def spike_index(tmp_path_factory):
    """Harbour reports: one a month in 2019 except eight in March; other news fills March."""
    dates = ["2019-01-10", "2019-02-10", *[f"2019-03-{day:02d}" for day in range(1, 9)], "2019-04-10", "2019-05-10"]
    records = [record(n, date) for n, date in enumerate(dates)]
    records += [record(100 + n, f"2019-03-{10 + n:02d}", "Market news") for n in range(8)]
    return search_fixtures.build(tmp_path_factory.mktemp("timeline-spike") / "index", records)


FULL, HALF = "█" * 50, "█" * 25


def run(index_dir, *args: str):
    return CliRunner().invoke(cli.main, ["timeline", *args, "--index", str(index_dir)],
                              env={"COLUMNS": "80", "NO_COLOR": None})


def test_a_stray_date_is_an_outlier_and_its_empty_stretch_one_line(stray_index):
    result = run(stray_index, "--by", "month")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "12 articles per month (1 undated, not drawn)"
    assert lines[1:4] == [
        "  1902-05  █████████████████████████                          1",
        "  ⋮  1,378 empty months (1902-06 to 2017-03)",
        "  2017-04  █████████████████████████                          1",
    ]
    assert lines[-1] == "Outliers: 1 article dated far from the rest (1902-05-01)"
    assert len(lines) < 30


def test_auto_picks_the_period_from_the_bulk_of_the_dates(stray_index, spike_index):
    assert json.loads(run(stray_index, "--by", "auto", "--format", "json").stdout)["by"] == "month"
    assert json.loads(run(spike_index, "--by", "auto", "--format", "json").stdout)["by"] == "week"
    assert json.loads(run(spike_index, "--by", "auto", "--from", "2019-03-01", "--to", "2019-03-20",
                          "--format", "json").stdout)["by"] == "day"
    data = json.loads(run(stray_index, "--by", "auto", "--format", "json").stdout)
    assert data["outliers"] == [{"value": "1902-05-01", "count": 1}]


def test_a_peak_is_reported_and_does_not_flatten_the_other_bars(spike_index):
    result = run(spike_index, "harbour", "--by", "month")
    assert result.exit_code == 0
    assert result.output == (
        '12 articles match "harbour", per month\n'
        "  2019-01  ██████████████████████████████████████████████████ 1\n"
        "  2019-02  ██████████████████████████████████████████████████ 1\n"
        "  2019-03  █████████████████████████████████████████████████» 8\n"
        "  2019-04  ██████████████████████████████████████████████████ 1\n"
        "  2019-05  ██████████████████████████████████████████████████ 1\n"
        "Peaks: 2019-03 (8) (bars cut at the largest other period)\n"
    )


def test_share_divides_by_every_article_of_the_period(spike_index):
    result = run(spike_index, "harbour", "--by", "month", "--share")
    assert result.output == (
        '12 articles match "harbour", per month (share of all articles of each)\n'
        f"  2019-01  {FULL} 100.0% (1)\n"
        f"  2019-02  {FULL} 100.0% (1)\n"
        f"  2019-03  {HALF}{' ' * 25}  50.0% (8)\n"
        f"  2019-04  {FULL} 100.0% (1)\n"
        f"  2019-05  {FULL} 100.0% (1)\n"
        "Peaks: 2019-03 (8)\n"
    )
    data = json.loads(run(spike_index, "harbour", "--by", "month", "--share", "--format", "json").stdout)
    assert [b["share"] for b in data["buckets"]] == [1.0, 1.0, 0.5, 1.0, 1.0]


def test_weeks_and_days(spike_index):
    data = json.loads(run(spike_index, "--by", "week", "--format", "json").stdout)
    assert data["buckets"][:3] == [
        {"value": "2019-W02", "count": 1}, {"value": "2019-W03", "count": 0}, {"value": "2019-W04", "count": 0},
    ]
    assert sum(b["count"] for b in data["buckets"]) == data["total"] == 20
    assert run(spike_index, "--by", "fortnight").exit_code == 2


@settings(deadline=None, max_examples=60)
@given(st.dictionaries(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
                       st.integers(1, 50), min_size=1, max_size=30),
       st.sampled_from(["day", "week", "month", "year"]))
def test_fill_keeps_every_count_in_order_without_gaps(days, by):
    counted = timeline._periods(None, by, 0, days) if by in ("day", "week") else _by_field(days, by)
    filled = timeline.fill(by, counted)
    assert sum(count for _, count in filled) == sum(days.values())
    keys = [key for key, _ in filled]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert keys[0] == min(counted) and keys[-1] == max(counted)


def _by_field(days: dict[str, int], by: str) -> dict:
    counted: dict = {}
    for day, count in days.items():
        key = int(day[:4]) if by == "year" else day[:7]
        counted[key] = counted.get(key, 0) + count
    return counted
