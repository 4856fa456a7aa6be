"""What the structured readers (JSON lines, XML collections) share: the usual names of
article fields, and the one way a record's raw values become a RawArticle."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from corpus.normalize import (
    article_source,
    clean_line,
    clean_prose,
    metadata_date,
    split_authors,
    unescape,
)
from corpus.readers.base import RawArticle, ReadError
from corpus.sources import canonical_source

#: Field names seen in scraped exports, feeds and schema.org metadata, lower-case; the
#: first non-empty one wins. Readers compare names case-insensitively.
NAMES: dict[str, tuple[str, ...]] = {
    "headline": ("title", "headline", "heading"),
    "date": ("published-at", "published_at", "publishedat", "published", "datepublished",
             "date_published", "publish_date", "pubdate", "date", "issued", "created_at",
             "updated", "timestamp", "time"),
    "source": ("source", "site", "publisher", "site_name", "outlet", "media", "domain"),
    "text": ("text", "body", "content", "encoded", "article", "articlebody", "maintext",
             "full_text", "description", "summary"),
    "url": ("url", "link", "href", "canonical_url", "permalink", "guid"),
    "authors": ("authors", "author", "byline", "creator", "writers"),
}


def pick(fields: Mapping[str, Any], kind: str) -> Any:
    """The first non-empty value among the names for ``kind`` (keys already lower-case)."""
    for name in NAMES[kind]:
        value = fields.get(name)
        if isinstance(value, str) and not value.strip():
            continue
        if value not in (None, [], {}):
            return value
    return None


def build(
    path: str,
    position: int,
    *,
    headline: str,
    paragraphs: list[str],
    date: Any,
    source: str,
    url: str,
    authors: Any,
    feed: str = "",
) -> RawArticle:
    """A RawArticle from a record's raw values: the body cleaned of chrome, the date read
    from metadata, the source from the field, the URL's site, a credit in the text, or
    last the title of the enclosing feed (``feed``: an RSS channel's or Atom feed's).

    Raises ReadError when the record has neither a headline nor any text.
    """
    headline = clean_line(unescape(headline))
    body = clean_prose(paragraphs, headline)
    if not headline and not body:
        names = NAMES["headline"] + NAMES["text"][:3]
        raise ReadError(f"no title and no text (looked for {'/'.join(names)})")
    day = metadata_date(date)
    url = clean_line(url) or None
    return RawArticle(
        path=path,
        position=position,
        headline=headline,
        body="\n\n".join(body),
        date=day,
        date_from="metadata" if day else None,
        # raw paragraphs: wire credits sit in the datelines that cleaning removes
        source=article_source(source, url, paragraphs) or canonical_source(feed),
        url=url,
        authors=split_authors(authors),
    )
