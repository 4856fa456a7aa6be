"""Gazette on an OpenSearch cluster: the ``--engine URL`` implementation of
:class:`search.engine.Engine`.

Nothing here is imported unless an engine URL is given, and only these modules import the
client library (``pip install 'gazette[opensearch]'``):

* :mod:`.connection`: the URL, credentials, the client, and errors worded for the user;
* :mod:`.mapping`: the indexes, their explicit mapping, and articles as cluster documents;
* :mod:`.translate`: Gazette's parsed query (:mod:`search.query`) as the query DSL;
* :mod:`.engine`: search, facets, timeline, similar, show and stats over the cluster.
"""
