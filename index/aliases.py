"""Folded person names -> canonical names, so search can resolve ``--person "kim jong-un"``.

The fold lives here (not in corpus) because search applies it to the user's input and must
not import corpus; the indexer applies the same fold to the gazetteer's aliases.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

_DROP = re.compile(r"[-‐‑‒–—.·']+")


def fold(name: str) -> str:
    """Lowercase, strip accents, drop hyphens and dots, squeeze spaces: ``Moon Jae-in`` -> ``moon jaein``."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_DROP.sub("", bare.casefold()).split())


def _keys(name: str) -> set[str]:
    """:func:`fold` of the name, and of the name with hyphens read as spaces (``jong un``)."""
    return {key for key in (fold(name), fold(_DROP.sub(" ", name))) if key}


def merge_aliases(gazetteer: Mapping[str, str], people: Iterable[str]) -> dict[str, str]:
    """Gazetteer aliases plus every person in the index under their own name, all folded.

    Where a name found in the text folds like a gazetteer alias, the gazetteer wins: it is
    curated. Each name is stored under both hyphen readings so either lookup finds it.
    """
    aliases = {key: person for person in people for key in _keys(person)}
    aliases.update((key, canonical) for alias, canonical in gazetteer.items() for key in _keys(alias))
    return dict(sorted(aliases.items()))
