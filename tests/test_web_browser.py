"""gazette serve in a real headless browser (Debian's chromium driven by Playwright): the
clicks a journalist makes, on the built-in sample corpus.

Skipped with an install hint when no browser is present, except under
GAZETTE_REQUIRE_SHARED=1 (CI), where `.ci/run` installs chromium and the tests must run.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import urllib.request
from pathlib import Path

import pytest

from tests import web_fixtures

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium's switches for a root user in a container with nothing to reach but the server.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HINT = "no browser for the web tests: apt-get install -y chromium && pip install playwright"


def _require_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    else:
        missing = not CHROMIUM.exists()
    if missing:
        if os.environ.get("GAZETTE_REQUIRE_SHARED") == "1":
            pytest.fail(HINT + " (GAZETTE_REQUIRE_SHARED=1)")
        pytest.skip(HINT)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    _require_browser()
    with web_fixtures.live_server(web_fixtures.sample_index(tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    # A page answered with a 400 on purpose logs "Failed to load resource" too.
    refused_pages: set[str] = set()
    page.on("response", lambda r: refused_pages.add(r.url) if r.status >= 400 and r.request.resource_type == "document" else None)
    yield page
    context.close()
    if refused_pages:
        errors = [e for e in errors if not e.startswith("Failed to load resource: the server responded with a status of 4")]
    assert errors == []  # no script error, nothing refused by the content security policy


def api(base_url: str, query: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/api/search?{query}", timeout=30) as response:
        return json.loads(response.read())


def total(page) -> int:
    return int(page.get_attribute("#total", "data-total"))


def test_type_a_query(page, base_url):
    page.goto("/")
    page.fill("input[name=q]", "summit")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/\?q=summit$"))  # empty fields are left out of the URL
    assert total(page) == api(base_url, "q=summit")["total"]
    assert page.locator("ol.hits mark").count() > 0


def test_click_a_leader_facet_and_see_the_count_change(page, base_url):
    page.goto("/?q=summit")
    before = total(page)
    facet = page.locator("[data-facet=leaders] li a").nth(1)
    name, count = facet.inner_text(), int(facet.get_attribute("data-count"))
    assert count < before
    facet.click()
    page.wait_for_load_state()
    assert total(page) == count == api(base_url, f"q=summit&leader={name.replace(' ', '+')}")["total"]
    assert page.locator("[data-facet=leaders] li.on a").inner_text() == name
    page.locator("[data-facet=leaders] li.on a").click()  # and off again
    page.wait_for_load_state()
    assert total(page) == before


def test_click_a_timeline_bar(page):
    page.goto("/?q=kim")
    bars = page.locator(".timeline .bar")
    counts = [int(bars.nth(i).get_attribute("data-count")) for i in range(bars.count())]
    index = max(range(len(counts)), key=counts.__getitem__)
    bar = bars.nth(index)
    period = bar.get_attribute("data-period")
    bar.click()
    page.wait_for_url(re.compile(rf"from={period}&to={period}"))
    assert total(page) == counts[index]
    assert all(hit.startswith(period) for hit in page.locator(".hit .meta").all_inner_texts())


def test_open_an_article_and_follow_a_person_link(page, base_url):
    page.goto("/?q=hanoi")
    headline = page.locator(".hit a.headline").first
    title = headline.inner_text()
    headline.click()
    page.wait_for_url(re.compile(r"/article/[0-9a-f]+\?q=hanoi"))
    assert page.locator("h1").inner_text() == title
    assert page.locator(".body mark").count() > 0
    person = page.locator("dd.people a").first
    name = person.inner_text()
    person.click()
    page.wait_for_url(re.compile(r"/person/"))
    assert page.locator("h1.person").inner_text() == name
    assert total(page) == api(base_url, f"person={name.replace(' ', '+')}")["total"]
    assert page.locator(".timeline .bar").count() > 0


def test_export_a_csv(page, base_url):
    page.goto("/?q=kim&limit=3")
    with page.expect_download() as download:
        page.click("text=CSV")
    path = download.value.path()
    assert download.value.suggested_filename == "gazette-search.csv"
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    expected = api(base_url, "q=kim&limit=1000")
    assert len(rows) == expected["total"] > 3
    assert [row["id"] for row in rows] == [hit["id"] for hit in expected["hits"]]


def test_a_bad_query_shows_its_caret_message(page):
    response = page.goto("/?q=%22kim")
    assert response.status == 400
    assert "unbalanced quote" in page.locator(".error pre").inner_text()


def test_an_injected_query_runs_no_script(page):
    page.goto("/?q=" + urllib.request.quote('<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'))
    assert page.evaluate("window.pwned") is None
    assert "window.pwned" in page.locator("input[name=q]").input_value()
