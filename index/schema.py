"""The Whoosh schema Gazette writes, and how an Article becomes a Whoosh document.

Bump :data:`SCHEMA_VERSION` whenever a field or the analyzer changes: an index built with
another version must be rebuilt (``gazette index --rebuild``).
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from whoosh.analysis import RegexTokenizer, StripFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from index.analysis import NewsAnalyzer, NewsPositions

SCHEMA_VERSION = 6  # 4: names joined by NAME_SEPARATOR, sealed generations, tables not pickled; 5: collection; 6: news tokens (U.S. as us, AT&T, 9/11, acronyms in capitals)

#: Joins an article's people (and leaders) in their field: a control character, which no name
#: holds (a name may hold a comma: ``Doe, Jane``), and which :func:`join_names` squeezes out.
NAME_SEPARATOR = "\x1f"

#: Relative weights of the searchable fields in BM25F.
HEADLINE_BOOST = 2.5
NAMES_BOOST = 2.0


def text_analyzer() -> NewsAnalyzer:
    """Tokenize, lowercase, fold accents, drop stop words, stem (Porter, cached), in one pass."""
    return NewsAnalyzer()


def build_schema() -> Schema:
    analyzer = text_analyzer()
    keyword = dict(stored=True, lowercase=False, scorable=True)
    schema = Schema(
        id=ID(unique=True, stored=True),
        paths=STORED(),
        headline=TEXT(analyzer=analyzer, stored=True, field_boost=HEADLINE_BOOST),
        body=TEXT(analyzer=analyzer, stored=True),
        # The people's names as searchable text, so a query for a person ranks
        # articles about that person first.
        names=TEXT(analyzer=analyzer, field_boost=NAMES_BOOST),
        people=KEYWORD(analyzer=_names_analyzer(), **keyword),
        leaders=KEYWORD(analyzer=_names_analyzer(), **keyword),
        source=ID(stored=True, sortable=True),
        # The corpus a folder's sidecar file names (corpus.collection), for facets and filters.
        collection=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),  # ISO YYYY-MM-DD sorts and ranges as text
        month=ID(sortable=True),  # YYYY-MM, for the month facet
        year=NUMERIC(int, bits=16, stored=True, sortable=True, signed=False),
        date_from=STORED(),
        url=STORED(),
        authors=STORED(),
    )
    for name in ("headline", "body", "names"):
        schema[name].format = NewsPositions(field_boost=schema[name].format.field_boost)
    return schema


def _names_analyzer():
    """One token per name of a :data:`NAME_SEPARATOR`-joined list."""
    return RegexTokenizer(f"[^{NAME_SEPARATOR}]+") | StripFilter()


def join_names(names: Sequence[str]) -> str:
    """The value of a people or leaders field (whitespace in a name squeezed to one space)."""
    return NAME_SEPARATOR.join(" ".join(name.split()) for name in names)


def split_names(value: str | None) -> tuple[str, ...]:
    """The names in the stored value of a people or leaders field."""
    return tuple(name for name in value.split(NAME_SEPARATOR) if name) if value else ()


def document(article: Any, paths: list[str], defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Whoosh document for an :class:`corpus.article.Article` reached at ``paths``.

    ``defaults`` describe the article's folder (:mod:`corpus.collection`): its
    ``collection``, and a ``source`` and ``year`` that the article's own fields override.
    Takes the article by duck type so this module never imports ``corpus``.
    """
    defaults = defaults or {}
    doc: dict[str, Any] = {
        "id": article.id,
        "paths": list(paths),
        "headline": article.headline,
        "body": article.body,
        **people_fields(article.people, article.leaders),
        "date_from": article.date_from,
        "url": article.url,
        "authors": list(article.authors),
    }
    source = article.source or defaults.get("source")
    if source:
        doc["source"] = source
    if defaults.get("collection"):
        doc["collection"] = defaults["collection"]
    if article.date:
        doc["date"] = article.date.isoformat()
        doc["month"] = article.date.isoformat()[:7]
        doc["year"] = article.date.year
    elif defaults.get("year"):
        doc["year"] = int(defaults["year"])
        doc["date_from"] = "collection"
    return doc


def people_fields(people: Sequence[str], leaders: Sequence[str]) -> dict[str, str]:
    """The fields that hold an article's people and leaders."""
    return {"names": " ".join(people), "people": join_names(people), "leaders": join_names(leaders)}


def document_from_stored(stored: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """The document again from its stored fields, with new ``paths`` (an article whose set of
    locations changed while its content did not, so its files need not be read again)."""
    doc = {name: value for name, value in stored.items() if value is not None}
    doc["paths"] = list(paths)
    doc["names"] = " ".join(split_names(stored.get("people")))
    if stored.get("date"):
        doc["month"] = stored["date"][:7]
    return doc
