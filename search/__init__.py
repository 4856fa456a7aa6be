"""Queries, filters, facets and ranking over a Gazette index (never imports ``corpus``)."""
