"""Resolving what a user types (``kim jong-un``, ``XI JINPING``, ``reuters``) to the exact
values stored in the index, and suggesting the nearest values when nothing matches."""
from __future__ import annotations

import difflib
import unicodedata
from functools import cached_property
from typing import Callable, Iterable, Mapping

from search.errors import NameNotFound


def fold(text: str) -> str:
    """Lowercase, accents stripped, only letters and digits kept.

    ``Kim Jong-un``, ``kim jong un`` and ``KIM JONG UN`` fold alike; so do ``Shinzō Abe``
    and ``shinzo abe``. Spaces go too, because the same name is written ``Jong-un``,
    ``Jong Un`` and ``Jongun``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).lower()


class NameTable:
    """The values of one field as stored in the index, findable under any spelling.

    ``aliases`` maps folded aliases to canonical names (the index writes them from the
    gazetteer); the field's own values are always their own aliases.
    """

    def __init__(
        self,
        field: str,
        values: Iterable[str],
        aliases: Mapping[str, str] | Callable[[], Mapping[str, str]] = {},
    ) -> None:
        self.field = field
        self.values = sorted(values)
        self._aliases = aliases

    # Each table is built on first need: most names resolve on the values alone, and a
    # one-off search should not fold thousands of aliases it does not use.

    @cached_property
    def _by_value(self) -> dict[str, str]:
        return {fold(value): value for value in self.values}

    @cached_property
    def _by_alias(self) -> dict[str, str]:
        aliases = self._aliases() if callable(self._aliases) else self._aliases
        present = set(self.values)
        found: dict[str, str] = {}
        for alias, canonical in aliases.items():
            if canonical in present:
                found.setdefault(fold(alias), canonical)
        return found

    @cached_property
    def _by_word(self) -> dict[str, str]:
        """A single word (``trump``, ``xi``) stands for the one value that has it (family
        names come first in Chinese and Korean names, last in English ones)."""
        by_word: dict[str, set[str]] = {}
        for value in self.values:
            words = value.replace("-", " ").split()
            if len(words) > 1:
                for word in words:
                    by_word.setdefault(fold(word), set()).add(value)
        return {key: next(iter(found)) for key, found in by_word.items() if len(found) == 1}

    def resolve(self, name: str, option: str | None = None) -> str:
        """The stored value ``name`` stands for; :class:`NameNotFound` with the nearest
        values when there is none."""
        key = fold(name)
        found = self._by_value.get(key) or self._by_alias.get(key) or self._by_word.get(key)
        if found is None:
            raise NameNotFound(self.field, name, self.nearest(name), option=option)
        return found

    def nearest(self, name: str, count: int = 3) -> list[str]:
        key = fold(name)
        by_fold = self._by_value
        close = difflib.get_close_matches(key, list(by_fold), n=count, cutoff=0.5)
        if not close:  # a part of the name: "jong" -> Kim Jong Un
            close = [folded for folded in by_fold if key and key in folded][:count]
        return [by_fold[folded] for folded in close]

    @cached_property
    def _completion_keys(self) -> list[tuple[str, str]]:
        """(folded key, value) pairs a completion prefix is matched against: the name and
        each of its aliases from every word on (``kimjongun``, ``jongun``, ``un``), so that
        a surname or any later word completes the whole name."""
        aliases = self._aliases() if callable(self._aliases) else self._aliases
        spellings: dict[str, set[str]] = {value: {value} for value in self.values}
        for alias, canonical in aliases.items():
            if canonical in spellings:
                spellings[canonical].add(alias)
        keys = set()
        for value, names in spellings.items():
            for name in names:
                words = name.replace("-", " ").split()
                keys.update((fold("".join(words[start:])), value) for start in range(len(words)))
        return sorted(keys)

    def completions(self, prefix: str) -> list[str]:
        """Values that ``prefix`` may begin: the name, any word of it, or of one of its
        aliases (``gorb`` -> Gordon Brown when an alias is "Gordon Brown" or "Gorbachev"...),
        in value order."""
        key = fold(prefix)
        if not key:
            return list(self.values)
        found = {value for folded, value in self._completion_keys if folded.startswith(key)}
        return sorted(found)

    def with_prefix(self, prefix: str) -> list[str]:
        key = fold(prefix)
        return [value for value in self.values if fold(value).startswith(key)]
