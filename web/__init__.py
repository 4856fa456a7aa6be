"""``gazette serve``: a local web application over the ``search`` package (issue 12).

Like ``cli.py``, a thin layer: request parameters become the same search options
(:mod:`web.params`), and the same result objects are rendered as HTML pages
(:mod:`web.app`), as the CLI's JSON (``/api/...``) or as streamed exports
(:mod:`web.export`). It holds no search logic.
"""
from __future__ import annotations

from web.app import create_app

__all__ = ["create_app"]
