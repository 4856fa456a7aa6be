"""A small index of articles written for the search tests (not copied from any corpus).

Built straight from :class:`corpus.article.Article` records with the index's own schema and
store layout, so the search tests do not depend on the readers' extraction rules.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from click.testing import CliRunner, Result

from corpus.article import Article, article_id

LEADERS = {"Kim Jong Un", "Xi Jinping", "Donald Trump", "Moon Jae-in"}

# (headline, date, source, people, body)
ARTICLES = [
    (
        "Kim and Xi meet in Dalian",
        "2018-05-08", "Press TV", ("Kim Jong Un", "Xi Jinping"),
        "North Korean leader Kim Jong Un met Chinese President Xi Jinping in the port city of Dalian. "
        "The two leaders walked along the beach and discussed denuclearization of the Korean peninsula.",
    ),
    (
        "Moon and Kim hold summit at Panmunjom",
        "2018-04-27", "Yonhap", ("Kim Jong Un", "Moon Jae-in"),
        "South Korean President Moon Jae-in and Kim Jong Un held a historic summit at the border village "
        "of Panmunjom and pledged to work toward a peace treaty.",
    ),
    (
        "Trump and Kim sign statement in Singapore",
        "2018-06-12", "Reuters", ("Donald Trump", "Kim Jong Un"),
        "President Donald Trump and Kim Jong Un signed a joint statement in Singapore. Kim committed to "
        "complete denuclearization while Trump promised security guarantees.",
    ),
    (
        "Hanoi summit ends without agreement",
        "2019-02-28", "Reuters", ("Donald Trump", "Kim Jong Un"),
        "The second summit between Trump and Kim in Hanoi ended abruptly without an agreement on "
        "sanctions relief or denuclearization steps.",
    ),
    (
        "Xi visits Pyongyang for first time",
        "2019-06-21", "Xinhua", ("Kim Jong Un", "Xi Jinping"),
        "Chinese President Xi Jinping arrived in Pyongyang for a two-day state visit, the first by a "
        "Chinese leader in fourteen years. Kim Jong Un greeted him at the airport.",
    ),
    (
        "Moon urges dialogue after missile launch",
        "2019-08-02", "Yonhap", ("Moon Jae-in",),
        "President Moon Jae-in called for dialogue after North Korea launched two short-range missiles "
        "into the sea off its east coast.",
    ),
    (
        "Trump and Xi agree trade truce in Osaka",
        "2019-06-29", "Reuters", ("Donald Trump", "Xi Jinping"),
        "Donald Trump and Xi Jinping agreed in Osaka to restart trade talks and hold off new tariffs, "
        "easing a trade war that has rattled markets.",
    ),
    (
        "Abe and Moon discuss export curbs",
        "2019-12-24", "Kyodo", ("Moon Jae-in", "Shinzō Abe"),
        "Japanese Prime Minister Shinzō Abe and President Moon Jae-in met in Chengdu to discuss export "
        "curbs and the dispute over wartime labour.",
    ),
    (
        "Pyongyang marathon draws foreign runners",
        "2017-04-09", "Koryo News", (),
        "Hundreds of foreign amateur runners took part in the Pyongyang marathon, one of the few events "
        "open to tourists in the capital.",
    ),
    (
        "Markets rally on trade hopes",
        "2020-01-15", "Reuters", (),
        "Stock markets rallied as the United States and China signed the first phase of a trade deal, "
        "easing fears of a prolonged trade war.",
    ),
    (
        "Undated note on the Korean peninsula",
        None, None, ("Kim Jong Un",),
        "An undated commentary on the Korean peninsula and the prospects for a peace treaty with Kim Jong Un.",
    ),
]


def articles() -> list[Article]:
    out = []
    for position, (headline, date, source, people, body) in enumerate(ARTICLES, 1):
        out.append(
            Article(
                id=article_id(headline, body),
                path=f"fixtures/news-{position:02d}.txt",
                position=None,
                headline=headline,
                date=dt.date.fromisoformat(date) if date else None,
                date_from="metadata" if date else None,
                source=source,
                people=tuple(sorted(people)),
                leaders=tuple(sorted(p for p in people if p in LEADERS)),
                body=body,
                url=f"https://example.org/news/{position}",
                authors=("Staff Writer",) if position % 2 else (),
            )
        )
    return out


ALIASES = {
    "kim jong un": "Kim Jong Un",
    "kim jongun": "Kim Jong Un",
    "kim jong-un": "Kim Jong Un",
    "xi jinping": "Xi Jinping",
    "president xi": "Xi Jinping",
    "donald trump": "Donald Trump",
    "moon jae in": "Moon Jae-in",
    "shinzo abe": "Shinzō Abe",
}


def build(directory: Path, records: list[Article] | None = None, segments: int = 1) -> Path:
    """Write an index of ``records`` (default: :func:`articles`) at ``directory`` in the
    store's layout (generation directory, meta.json, aliases.json, CURRENT)."""
    from whoosh.filedb.filestore import FileStorage

    from index import store
    from index.schema import SCHEMA_VERSION, build_schema, document

    records = articles() if records is None else records
    directory.mkdir(parents=True, exist_ok=True)
    generation = directory / store.generation_name(1)
    generation.mkdir()
    index = FileStorage(str(generation)).create_index(build_schema())
    per_segment = -(-len(records) // segments) if records else 1
    for start in range(0, max(len(records), 1), per_segment):
        writer = index.writer()
        for article in records[start : start + per_segment]:
            writer.add_document(**document(article, [article.location]))
        writer.commit(merge=False)
    store.write_json(generation / store.META, {"schema_version": SCHEMA_VERSION})
    store.write_json(generation / store.ALIASES, ALIASES)
    store.seal(generation)
    store.publish(directory, generation)
    return directory


def cli_runner(index_dir: Path) -> Callable[..., Result]:
    """``gazette ARGS --index index_dir`` through Click's CliRunner, 100 columns wide and
    without colour unless asked."""
    import cli

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, color: bool = False, env: dict | None = None) -> Result:
        return runner.invoke(
            cli.main, [*args, "--index", str(index_dir)], input=input, color=color,
            env={"COLUMNS": "100", "NO_COLOR": None, **(env or {})},
        )

    return invoke
