"""Names the command line needs before anything heavy is imported (cheap to import)."""

#: Fields that can be counted with --facet.
FACETS = ("people", "leaders", "year", "month", "source", "collection")
#: The bucket of the articles without a value, in facets and stats, and the filter value that
#: finds them (--year undated, --source "(unknown)").
MISSING = {"year": "undated", "month": "undated", "source": "(unknown)", "collection": "(unknown)"}
#: Facets whose values are periods, shown in time order.
TIME_FACETS = ("year", "month")
#: --sort: by score (ties: newer first), oldest first, newest first.
SORTS = ("relevance", "date", "-date")
#: gazette timeline --by
TIMELINE_BY = ("year", "month")
#: --match: how bare words of a query combine: auto (the default) ranks the articles with every
#: word first and, when they are fewer than a page, those with some of the words after them;
#: all requires every word; any at least one.
MATCHES = ("auto", "all", "any")
