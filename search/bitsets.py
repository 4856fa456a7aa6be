"""Document sets as Python ints: bit ``n`` set means document number ``n`` is in the set.

``a & b``, ``a | b`` and ``int.bit_count()`` run at C speed, which is what makes facet
counts and filters cheap: a facet count is one AND and one popcount per value.
"""
from __future__ import annotations

import re
from typing import Iterable

_ONE = re.compile("1")


def from_ids(ids: Iterable[int], size: int) -> int:
    """The set holding ``ids`` (each ``< size``)."""
    mask = bytearray((size >> 3) + 1)
    for i in ids:
        mask[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(mask, "little")


def members(bits: int) -> list[int]:
    """The document numbers in ``bits``, ascending."""
    # The binary string reversed puts document n at offset n; the regex engine finds the
    # ones at C speed (about 3x faster than walking bytes in Python).
    return [match.start() for match in _ONE.finditer(format(bits, "b")[::-1])] if bits else []


def full(size: int) -> int:
    """The set of every document number below ``size``."""
    return (1 << size) - 1
