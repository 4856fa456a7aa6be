"""Import Whoosh without modules it never uses for Gazette.

A cold ``gazette search`` is mostly process start-up, and Whoosh's import chain pulls in:

- ``urllib.request`` (with ``http.client``, ``email`` and ``ssl``), from ``whoosh.compat``,
  only for a download helper, ``urlretrieve``, that nothing in Whoosh or Gazette calls;
- ``asyncio``, from the ``cached_property`` package that ``whoosh.reading`` uses for one
  per-instance cached attribute, which :func:`functools.cached_property` does the same way
  (the value is stored in the instance's ``__dict__`` on first access);
- ``whoosh.lang.morph_en``, whose import compiles six large regular expressions for the
  ``Variations`` query that Gazette never builds.

Together they are about a fifth of a cold search's time. :func:`prepare` imports
``whoosh.compat`` with a stand-in ``urllib.request`` whose ``urlretrieve`` imports the real
one when called; lets ``from cached_property import cached_property`` resolve to
:func:`functools.cached_property` (no other installed package imports ``cached_property``);
and registers ``whoosh.lang.morph_en`` unexecuted, its code run on the first call of its
``variations``.
"""
from __future__ import annotations

import functools
import importlib.util
import sys
import types
from typing import Any

MORPH = "whoosh.lang.morph_en"


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _defer_morph() -> None:
    spec = importlib.util.find_spec(MORPH)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)

    def variations(word: str) -> Any:
        if module.variations is variations:
            spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module.variations(word)

    module.variations = variations  # type: ignore[attr-defined]
    sys.modules[MORPH] = module


def prepare() -> None:
    """Make the next Whoosh import lean (idempotent; a no-op once Whoosh is imported)."""
    if "cached_property" not in sys.modules:
        shim = types.ModuleType("cached_property", "functools.cached_property, for whoosh.reading")
        shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
        sys.modules["cached_property"] = shim
    if "whoosh.compat" in sys.modules:
        return
    stand_in = None
    if "urllib.request" not in sys.modules:
        stand_in = types.ModuleType("urllib.request", "urlretrieve on demand, for whoosh.compat")
        stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if stand_in is not None and sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
    if MORPH not in sys.modules:
        _defer_morph()
