"""Reading news articles as they were scraped and normalizing them into fielded records.

This package knows nothing of Whoosh: it turns files into :class:`corpus.article.Article`.
"""
