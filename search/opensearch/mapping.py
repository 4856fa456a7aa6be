"""The cluster's two indexes, with explicit mappings, and an article as a cluster document.

The articles index holds one document per content id (``_id``), as the local index does:

* ``headline``, ``body`` and ``names`` as text with OpenSearch's English analyzer, for
  ``more_like_this`` and anyone querying the cluster directly;
* ``terms_headline``, ``terms_body`` and ``terms_names``: the same texts as Gazette's own
  analyzer cuts them (:class:`index.analysis.NewsAnalyzer`: its stop words, its Porter
  stems, stop words leaving no gap), joined by spaces and split on them again by the
  cluster. Gazette's parsed queries hold analyzed terms, so they match exactly the
  documents the local index matches; these fields are indexed, not kept in ``_source``;
* ``words``: headline and body lowercased but not stemmed, for "did you mean";
* ``people``, ``leaders``, ``source``, ``collection``, ``month`` as keywords, ``date`` as a
  date, ``year`` as an integer, and ``period`` (the date, else the first day of the
  article's year) for the year timeline.

The manifest index holds one document per file read (``_id`` = a digest of its path): its
size, mtime and content digest, the ids of its articles, and the local manifest's entry
(:mod:`index.manifest`), so that an incremental run from any machine knows what is indexed.
"""
from __future__ import annotations

import hashlib
from typing import Any, Mapping

from index.analysis import NewsAnalyzer
from index.schema import HEADLINE_BOOST, NAMES_BOOST, split_names

#: Version of this mapping, kept in the index's ``_meta``: another needs a rebuild.
MAPPING_VERSION = 1
SHARDS = 2
REPLICAS = 1
#: Fields of Gazette's own analysis, per text field of the local schema.
TERMS = {"headline": "terms_headline", "body": "terms_body", "names": "terms_names"}
#: Field boosts of BM25 in the cluster, as the local index weighs its fields.
BOOSTS = {"headline": HEADLINE_BOOST, "body": 1.0, "names": NAMES_BOOST}
#: The query checker refuses longer words, so a longer term can never be searched for (and
#: Lucene refuses terms over 32,766 bytes).
MAX_TERM_CHARS = 255
#: Fields a search reads back from ``_source`` for a hit.
HIT_FIELDS = ["id", "headline", "date", "year", "source", "collection", "people", "leaders", "paths", "body"]
ALIASES_ID = "aliases"

_KEYWORD = {"type": "keyword"}
_STORED_ONLY = {"type": "keyword", "index": False, "doc_values": False}


def article_settings(shards: int = SHARDS, replicas: int = REPLICAS) -> dict[str, Any]:
    english = {"type": "text", "analyzer": "english"}
    terms = {"type": "text", "analyzer": "gazette_terms", "index_options": "positions", "norms": True}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                "tokenizer": {"gazette_space": {"type": "whitespace", "max_token_length": MAX_TERM_CHARS}},
                "analyzer": {"gazette_terms": {"type": "custom", "tokenizer": "gazette_space"}},
            },
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"gazette_mapping": MAPPING_VERSION},
            "_source": {"excludes": [*TERMS.values(), "words"]},
            "properties": {
                "id": _KEYWORD,
                "paths": _KEYWORD,
                "headline": {**english, "copy_to": "words"},
                "body": {**english, "copy_to": "words"},
                "names": english,
                **{field: terms for field in TERMS.values()},
                "words": {"type": "text", "analyzer": "standard"},
                "people": _KEYWORD,
                "leaders": _KEYWORD,
                "source": _KEYWORD,
                "collection": _KEYWORD,
                "date": {"type": "date", "format": "yyyy-MM-dd"},
                "period": {"type": "date", "format": "yyyy-MM-dd"},
                "month": _KEYWORD,
                "year": {"type": "integer"},
                "date_from": _STORED_ONLY,
                "url": _STORED_ONLY,
                "authors": _STORED_ONLY,
            },
        },
    }


def manifest_settings(shards: int = 1, replicas: int = REPLICAS) -> dict[str, Any]:
    return {
        "settings": {"number_of_shards": shards, "number_of_replicas": replicas},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "kind": _KEYWORD,  # "file", or "aliases" for the one document of aliases
                "path": _KEYWORD,
                "size": {"type": "long"},
                "mtime_ns": {"type": "long"},
                "digest": _KEYWORD,
                "articles": _KEYWORD,
                "locations": {"type": "integer"},
                "entry": {"type": "object", "enabled": False},
                "aliases": {"type": "object", "enabled": False},
                "built": {"type": "date"},
            },
        },
    }


def file_id(path: str) -> str:
    """The manifest document id of a file (paths can exceed the 512 bytes of an ``_id``)."""
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def analyzed(analyzer: NewsAnalyzer, text: str | None) -> str:
    """``text`` as Gazette's analyzer cuts it: its terms in order, space-separated."""
    if not text:
        return ""
    return " ".join(token.text for token in analyzer(text) if len(token.text) <= MAX_TERM_CHARS)


def to_source(doc: Mapping[str, Any], analyzer: NewsAnalyzer) -> dict[str, Any]:
    """The cluster document of a local index document (:func:`index.schema.document`)."""
    source: dict[str, Any] = {
        "id": doc["id"],
        "paths": list(doc.get("paths") or ()),
        "headline": doc.get("headline") or "",
        "body": doc.get("body") or "",
        "names": doc.get("names") or "",
        "people": list(split_names(doc.get("people"))),
        "leaders": list(split_names(doc.get("leaders"))),
        "date_from": doc.get("date_from"),
        "url": doc.get("url"),
        "authors": list(doc.get("authors") or ()),
    }
    for field, terms in TERMS.items():
        source[terms] = analyzed(analyzer, source[field])
    for field in ("source", "collection", "date", "month", "year"):
        if doc.get(field) is not None:
            source[field] = doc[field]
    if doc.get("date"):
        source["period"] = doc["date"]
    elif doc.get("year"):
        source["period"] = f"{int(doc['year']):04d}-01-01"
    return source
