"""A least-recently-used cache bounded by an estimate of the memory its values hold.

Search keeps posting lists, document sets and score tables between queries; on a large
index one common term's table holds hundreds of thousands of entries, so a bound on the
number of entries alone would not bound memory.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable


class LRU:
    def __init__(self, budget: int, weigh: Callable[[Any], int] = lambda value: 1) -> None:
        self.budget = budget
        self.weigh = weigh
        self.used = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get_or(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The cached value of ``key``, made (and cached) on a miss."""
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found[0]
        value = make()
        weight = self.weigh(value)
        self._items[key] = (value, weight)
        self.used += weight
        while self.used > self.budget and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self.used -= dropped
        return value
