"""The Whoosh index: schema, incremental building, and the on-disk store.

Importing this package is cheap; Whoosh is imported by the modules that need it, without the
standard-library modules it never uses here (:mod:`index.whoosh_imports`).
"""
from index.whoosh_imports import prepare as _prepare_whoosh

_prepare_whoosh()
