"""The Whoosh index: schema, incremental building, and the on-disk store.

Importing this package is cheap; Whoosh is imported by the modules that need it.
"""
