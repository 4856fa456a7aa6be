"""gazette serve's routes through Flask's test client, on the built-in sample corpus."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner

import cli
from search.render import CSV_COLUMNS
from tests import web_fixtures
from web import create_app


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return web_fixtures.sample_index(tmp_path_factory)


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app(index_dir).test_client()


def cli_json(index_dir, *args: str):
    result = CliRunner().invoke(cli.main, [*args, "--index", str(index_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    return result.stdout


# The JSON API answers exactly as the CLI prints --------------------------------------------


@pytest.mark.parametrize(
    "url, args",
    [
        ("/api/search?q=summit&facet=leaders&facet=year&facet=source&limit=3",
         ["search", "summit", "--facet", "leaders", "--facet", "year", "--facet", "source", "--limit", "3"]),
        ("/api/search?q=kim+OR+xi&leader=Xi+Jinping&year=2018-2019&sort=-date&page=2&limit=2",
         ["search", "kim", "OR", "xi", "--leader", "Xi Jinping", "--year", "2018-2019", "--sort", "-date",
          "--page", "2", "--limit", "2"]),
        ("/api/search?person=kim+jong+un&from=2018-04&to=2018-06&facet=people&facet_limit=3",
         ["search", "--person", "kim jong un", "--from", "2018-04", "--to", "2018-06", "--facet", "people",
          "--facet-limit", "3"]),
        ("/api/search?q=denuclearization+summit+pyongyang&match=any&source=Han+River+Herald",
         ["search", "denuclearization", "summit", "pyongyang", "--match", "any", "--source", "Han River Herald"]),
        ("/api/timeline?q=summit&by=month", ["timeline", "summit", "--by", "month"]),
    ],
)
def test_api_answers_as_the_cli(client, index_dir, url, args):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == cli_json(index_dir, *args)


def test_api_show_and_similar_answer_as_the_cli(client, index_dir):
    article_id = json.loads(client.get("/api/search?q=hanoi&limit=1").data)["hits"][0]["id"]
    assert client.get(f"/api/show/{article_id}").get_data(as_text=True) == cli_json(index_dir, "show", article_id)
    assert client.get(f"/api/similar/{article_id}?limit=3&facet=year").get_data(as_text=True) == cli_json(
        index_dir, "similar", article_id, "--limit", "3", "--facet", "year"
    )


def test_api_errors_are_json_with_the_parameter_at_fault(client):
    response = client.get("/api/search?q=summit+(")
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["parameter"] is None
    assert answer["error"].startswith("unbalanced parenthesis")
    assert "^" in answer["error"]
    response = client.get("/api/search?q=summit&from=2019&to=2018")
    assert (response.status_code, response.get_json()["parameter"]) == (400, "from")
    response = client.get("/api/search?leader=Nobody+Atall")
    assert response.status_code == 400
    assert "no article in the index has the leader 'Nobody Atall'" in response.get_json()["error"]
    response = client.get("/api/show/ffffffffffffffff")
    assert response.status_code == 404
    assert "no article with id 'ffffffffffffffff'" in response.get_json()["error"]


# The search page --------------------------------------------------------------------------


def total_of(html: str) -> int:
    return int(re.search(r'id="total" data-total="(\d+)"', html).group(1))


def test_search_page_shows_the_cli_total_facets_and_timeline(client, index_dir):
    html = client.get("/?q=summit").get_data(as_text=True)
    expected = json.loads(cli_json(index_dir, "search", "summit", "--facet", "leaders", "--facet", "year"))
    assert total_of(html) == expected["total"]
    for value in expected["facets"]["leaders"]:
        assert re.search(rf'>{re.escape(value["value"])}</a> <span class="count">{value["count"]}</span>', html)
    timeline = json.loads(cli_json(index_dir, "timeline", "summit"))
    bars = [int(c) for c in re.findall(r'class="bar" href="[^"]*" data-period="[^"]*" data-count="(\d+)"', html)]
    assert bars == [bucket["count"] for bucket in timeline["buckets"]]
    assert "<mark>summit</mark>" in html.lower() or "<mark>Summit</mark>" in html


def facet_links(html: str, facet: str) -> list[tuple[str, int]]:
    section = re.search(rf'data-facet="{facet}">(.*?)</section>', html, re.S).group(1)
    return [(href.replace("&amp;", "&"), int(count)) for href, count in re.findall(r'href="([^"]*)" data-count="(\d+)"', section)]


def test_a_facet_link_adds_its_filter_and_the_total_becomes_its_count(client):
    html = client.get("/?q=summit&page=2").get_data(as_text=True)
    href, count = facet_links(html, "leaders")[1]
    query = parse_qsl(urlsplit(href).query)
    assert ("q", "summit") in query and ("page", "2") not in query
    assert [k for k, _ in query].count("leader") == 1
    narrowed = client.get(href).get_data(as_text=True)
    assert total_of(narrowed) == count
    # The same link now removes the filter again.
    leader = dict(query)["leader"]
    back = [h for h, _ in facet_links(narrowed, "leaders") if ("leader", leader) not in parse_qsl(urlsplit(h).query)]
    assert back and total_of(client.get(back[0]).get_data(as_text=True)) == total_of(html)


def test_a_timeline_bar_narrows_the_dates(client):
    html = client.get("/?q=summit").get_data(as_text=True)
    href, period, count = re.findall(r'class="bar" href="([^"]*)" data-period="([^"]*)" data-count="(\d+)"', html)[-1]
    href = href.replace("&amp;", "&")
    assert dict(parse_qsl(urlsplit(href).query)) == {"q": "summit", "from": period, "to": period}
    assert total_of(client.get(href).get_data(as_text=True)) == int(count)


def test_paging_and_sorting_links_keep_the_state(client, index_dir):
    html = client.get("/?q=kim&limit=3&sort=-date").get_data(as_text=True)
    after = re.search(r'rel="next" href="([^"]*)"', html).group(1).replace("&amp;", "&")
    assert dict(parse_qsl(urlsplit(after).query)) == {"q": "kim", "limit": "3", "sort": "-date", "page": "2"}
    page2 = client.get(after).get_data(as_text=True)
    expected = json.loads(cli_json(index_dir, "search", "kim", "--limit", "3", "--sort", "-date", "--page", "2"))
    shown = re.findall(r'href="/article/([0-9a-f]+)\?q=kim"', page2)
    assert shown[:3] == [hit["id"] for hit in expected["hits"]]


def test_a_bad_query_shows_the_caret_message_with_a_400(client):
    response = client.get("/?q=kim+AND+(xi")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "unbalanced parenthesis" in html
    assert re.search(r"kim AND \(xi\n\s+\^", html)
    assert 'value="kim AND (xi"' in html  # the query stays in the box to be fixed


# Exports -----------------------------------------------------------------------------------


def test_exports_hold_every_hit_in_the_clis_forms(client, index_dir):
    state = "q=kim&sort=date&page=3&limit=2"
    expected = json.loads(cli_json(index_dir, "search", "kim", "--sort", "date", "--limit", "1000"))["hits"]
    assert len(expected) > 2
    response = client.get(f"/export.csv?{state}")
    assert response.headers["Content-Disposition"] == 'attachment; filename="gazette-search.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["id"] for row in rows] == [hit["id"] for hit in expected]
    lines = client.get(f"/export.jsonl?{state}").get_data(as_text=True).splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert json.loads(client.get(f"/export.json?{state}").data) == expected


def test_exports_stream_past_one_page(client, index_dir, monkeypatch):
    from web import export

    monkeypatch.setattr(export, "PAGE", 2)
    expected = json.loads(cli_json(index_dir, "search", "--limit", "1000"))["hits"]
    lines = client.get("/export.jsonl").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [hit["id"] for hit in expected]
    assert json.loads(client.get("/export.json").data) == expected
    assert client.get("/export.json?q=nosuchwordanywhere").get_json() == []


def test_an_export_of_a_bad_query_is_a_400_not_a_broken_download(client):
    assert client.get("/export.csv?q=%22open").status_code == 400
    assert client.get("/export.xlsx?q=kim").status_code == 404


# Article and person pages ------------------------------------------------------------------


def test_the_article_page(client, index_dir):
    article = json.loads(cli_json(index_dir, "show", json.loads(client.get("/api/search?q=hanoi&limit=1").data)["hits"][0]["id"]))
    html = client.get(f"/article/{article['id']}?q=sanctions").get_data(as_text=True)
    assert "<mark>sanctions</mark>" in html
    for person in article["people"]:
        assert f'href="/person/{person.replace(" ", "%20")}"' in html
    for path in article["paths"]:
        assert f"<code>{path}</code>" in html
    assert article["date"] in html
    similar = json.loads(cli_json(index_dir, "similar", article["id"], "--limit", "5"))["hits"]
    section = html.split('class="similar"')[1]
    assert re.findall(r'href="/article/([0-9a-f]+)"', section) == [hit["id"] for hit in similar]


def test_the_person_page(client, index_dir):
    response = client.get("/person/kim%20jong%20un")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="person">Kim Jong Un</h1>' in html
    expected = json.loads(cli_json(index_dir, "search", "--person", "Kim Jong Un", "--facet", "people", "--facet-limit", "11"))
    assert total_of(html) == expected["total"]
    together = re.search(r'class="facet together">(.*?)</section>', html, re.S).group(1)
    named = re.findall(r'href="/person/[^"]*">([^<]*)</a> <span class="count">(\d+)</span>', together)
    assert named == [(v["value"], str(v["count"])) for v in expected["facets"]["people"] if v["value"] != "Kim Jong Un"][:10]
    counts = [int(c) for c in re.findall(r'data-count="(\d+)"', html.split("Mentions over time")[1].split("</figure>")[0])]
    timeline = json.loads(cli_json(index_dir, "timeline", "--person", "Kim Jong Un"))
    assert counts == [bucket["count"] for bucket in timeline["buckets"]]
    assert sum(counts) + timeline["undated"] == expected["total"]


def test_an_unknown_person_is_a_404_with_the_nearest_names(client):
    response = client.get("/person/Kim%20Jong%20Om")
    assert response.status_code == 404
    assert 'href="/person/Kim%20Jong%20Un"' in response.get_data(as_text=True)


# Hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/?page=0", "/?page=-1", "/?page=abc", "/?page=1e3", "/?page=" + "9" * 5000, "/?page=%EF%BC%93",
    "/?limit=100000", "/?sort=score", "/?match=some", "/api/search?facet=body", "/?q=a&q=b",
    "/?q=" + "x" * 20_000, "/?q=" + "kim+" * 3000, "/?person=" + "k" * 20_000, "/?q=kim%00",
    "/?q=%1b%5b31m", "/api/search?" + "&".join(["year=2018"] * 50),
])
def test_hostile_parameters_are_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.status_code
    assert "Gazette cannot" in response.get_data(as_text=True) or "error" in (response.get_json(silent=True) or {})


@pytest.mark.parametrize("query", ["\u202ekim\u202c", "k\u0301im", "😀 summit", "\ufffd", "ｋｉｍ", "\u200b", "İstanbul", "\u0000"[:0] + "ß"])
def test_odd_unicode_is_answered_not_a_500(client, query):
    for path in ("/", "/api/search", "/export.csv"):
        assert client.get(path, query_string={"q": query}).status_code in (200, 400)


def test_bytes_that_are_not_utf8_stay_escaped(client):
    """Werkzeug keeps a byte that is not UTF-8 as its %-escape: no lone surrogate reaches the search."""
    for raw in ("%ED%A0%80", "%FF%FE", "%C0%AF"):
        response = client.get("/api/search", environ_overrides={"QUERY_STRING": f"q={raw}"})
        assert response.status_code == 200
        assert response.get_json()["query"] == raw


@pytest.mark.parametrize("path", [
    "/article/../../../etc/passwd", "/article/..%2F..%2F..%2Fetc%2Fpasswd", "/article/%2e%2e/%2e%2e/etc/passwd",
    "/article//etc/passwd", "/article/....//....//etc/passwd", "/api/show/..%2fsetup.cfg", "/static/../app.py",
    "/static/..%2fapp.py", "/static/%2e%2e/serve.py", "/person/..%2F..%2Fetc%2Fpasswd",
])
def test_path_traversal_finds_nothing(client, path):
    response = client.get(path, follow_redirects=True)
    assert response.status_code in (400, 404)
    body = response.get_data(as_text=True)
    assert "root:" not in body and "import" not in body and "[metadata]" not in body


def test_a_short_ambiguous_or_missing_id_is_a_404_that_says_why(client):
    response = client.get("/article/zz")
    assert response.status_code == 404
    assert "no article with id &#39;zz&#39;" in response.get_data(as_text=True)


# Escaping ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("web-hostile")
    web_fixtures.write_jsonl(root / "corpus" / "news.jsonl", web_fixtures.hostile_records())
    return create_app(web_fixtures.index([root / "corpus"], root / "index")).test_client()


def assert_escaped(html: str) -> None:
    for attack in web_fixtures.INJECTIONS:
        tag = attack[attack.index("<"):] if "<" in attack else None
        if tag:
            assert tag not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html


def test_injected_queries_are_escaped(client):
    for attack in web_fixtures.INJECTIONS:
        response = client.get("/", query_string={"q": attack, "person": attack})
        assert_escaped(response.get_data(as_text=True))
        assert_escaped(client.get("/", query_string={"q": attack}).get_data(as_text=True))
        assert_escaped(client.get("/person/" + attack.replace("/", "%2F")).get_data(as_text=True))
        assert_escaped(client.get("/article/" + attack.replace("/", "%2F")).get_data(as_text=True))


def test_injected_articles_are_escaped(hostile_client):
    html = hostile_client.get("/?q=kim&limit=20").get_data(as_text=True)
    assert html.count('class="hit"') == len(web_fixtures.INJECTIONS)
    assert_escaped(html)
    assert "&lt;script&gt;alert(&#34;gazette&#34;)&lt;/script&gt;" in html
    for article_id in re.findall(r'href="/article/([0-9a-f]+)\?q=kim"', html):
        page = hostile_client.get(f"/article/{article_id}?q=alert+script+img").get_data(as_text=True)
        assert_escaped(page)
        assert "<mark>" in page
    facets = hostile_client.get("/?facet=source").get_data(as_text=True)
    assert_escaped(facets)


def test_pages_forbid_inline_and_foreign_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
