"""The index terms a prefix, wildcard or fuzzy query term stands for, found in bounded time.

Whoosh finds them by walking a field's lexicon through the reader of every segment merged,
one term at a time in Python, with no bound: seconds on Reuters for ``*a*`` or ``oil~2``,
and every term of the index for ``?*``. Here a pattern with a literal start reads only the
terms with that prefix; a leading wildcard or a fuzzy term reads the field's whole lexicon
once per view (each segment's term table in one read), kept as one newline-joined string
that a compiled pattern searches at C speed, and grouped by length, so that a fuzzy term
compares only the words of a near length. Every expansion stops one term past ``cap``: the
caller refuses the query rather than union thousands of document sets.
"""
from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from itertools import groupby, islice, takewhile
from typing import Any, Iterable, Iterator

from whoosh import query as wq
from whoosh.filedb.filetables import _lengths

from search.view import IndexView


def edit_distance(a: str, b: str, limit: int, transpositions: bool = False) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it must exceed ``limit``;
    with ``transpositions``, two neighbouring letters swapped count as one edit (the optimal
    string alignment distance: ``micheal`` is one edit from ``michael``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if transpositions and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit and not (transpositions and min(previous) <= limit):
            return limit + 1
        before, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def pattern_text(node: wq.MultiTerm) -> str:
    """How the user wrote a prefix, wildcard or fuzzy term (``oil*``, ``*a*``, ``oil~2``)."""
    if isinstance(node, wq.FuzzyTerm):
        return f"{node.text}~{node.maxdist}" + (f"/{node.prefixlength}" if node.prefixlength else "")
    if isinstance(node, wq.Prefix):
        return f"{node.text}*"
    return str(node.text)


class Lexicon:
    """Every term of each text field of one view (read on first need, then kept)."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        self._sorted: dict[str, list[str]] = {}
        self._joined: dict[str, str] = {}
        self._by_length: dict[str, dict[int, list[str]]] = {}

    def sorted(self, field: str) -> list[str]:
        """Every term of ``field``, sorted."""
        found = self._sorted.get(field)
        if found is None:
            terms: set[bytes] = set()
            for leaf, _ in self.view.leaves:
                terms.update(_segment_lexicon(leaf, field))
            found = self._sorted[field] = sorted(map(_text, terms))
        return found

    def starting(self, field: str, prefix: str) -> Iterator[str]:
        """The terms of ``field`` starting with ``prefix``, in order, read from each
        segment's sorted term table (without the whole lexicon, unless already read)."""
        if not prefix or field in self._sorted:
            terms = self.sorted(field)
            rest = islice(terms, bisect_left(terms, prefix), None)
            return takewhile(lambda term: term.startswith(prefix), rest)
        streams = [map(_text, leaf.expand_prefix(field, prefix)) for leaf, _ in self.view.leaves
                   if field in leaf.indexed_field_names()]
        return (term for term, _ in groupby(heapq.merge(*streams)))

    def joined(self, field: str) -> str:
        found = self._joined.get(field)
        if found is None:
            found = self._joined[field] = "\n".join(self.sorted(field)) + "\n"
        return found

    def by_length(self, field: str) -> dict[int, list[str]]:
        found = self._by_length.get(field)
        if found is None:
            found = {}
            for term in self.sorted(field):
                found.setdefault(len(term), []).append(term)
            self._by_length[field] = found
        return found

    def expand(self, node: wq.MultiTerm, cap: int) -> list[str]:
        """The terms of ``node``'s field it stands for: at most ``cap + 1`` for a prefix or
        wildcard (more than ``cap`` means too many), the ``cap`` nearest for a fuzzy term
        (fewest edits, then in alphabetical order), as Lucene's ``maxExpansions`` does."""
        field = node.fieldname
        if isinstance(node, wq.FuzzyTerm):
            return self._fuzzy(field, node.text, node.maxdist, node.prefixlength, cap)
        if isinstance(node, wq.Prefix):
            return self._prefix(field, node.text, cap)
        if isinstance(node, wq.Wildcard):
            return self._wildcard(field, node.text, cap)
        raise TypeError(f"cannot expand {node!r}")

    def _prefix(self, field: str, prefix: str, cap: int) -> list[str]:
        return list(islice(self.starting(field, prefix), cap + 1))

    def _wildcard(self, field: str, pattern: str, cap: int) -> list[str]:
        literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
        body = "".join("[^\n]*" if part == "*" else "[^\n]" if part == "?" else re.escape(part)
                       for part in re.split(r"([*?])", re.sub(r"\*+", "*", pattern)) if part)
        if literal:
            compiled = re.compile(body)
            return list(islice(filter(compiled.fullmatch, self.starting(field, literal)), cap + 1))
        found = re.finditer(f"^{body}$", self.joined(field), re.MULTILINE)
        return [match.group() for match in islice(found, cap + 1)]

    def _fuzzy(self, field: str, text: str, distance: int, prefix_length: int, cap: int) -> list[str]:
        lengths = range(max(1, len(text) - distance), len(text) + distance + 1)
        if prefix_length:
            candidates: Iterable[str] = (t for t in self.starting(field, text[:prefix_length]) if len(t) in lengths)
        else:
            by_length = self.by_length(field)
            candidates = (term for length in lengths for term in by_length.get(length, ()))
        letters = set(text)
        # Cheap test first: k edits change at most 2k distinct letters.
        near = (t for t in candidates if len(letters.symmetric_difference(t)) <= 2 * distance)
        scored = ((edit_distance(text, t, distance), t) for t in near)
        found = [(edits, t) for edits, t in scored if edits <= distance]
        return [t for _, t in heapq.nsmallest(cap, found)]


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _segment_lexicon(leaf: Any, field: str) -> list[bytes]:
    """Every term of ``field`` in one segment.

    Whoosh's ``lexicon()`` reads each term's lengths and bytes with two file reads (40 us a
    term: 2 s for Reuters' body). Its term table (``OrderedHashReader``) is a sorted run of
    ``[key length, value length][field number + term][value]`` records: read in one piece
    and walked here. Another codec falls back to ``lexicon()``.
    """
    if field not in leaf.indexed_field_names():
        return []
    terms = getattr(leaf, "_terms", None)
    table = getattr(terms, "_tindex", None)
    if table is None or not hasattr(table, "closest_key_pos") or not hasattr(terms, "_keycoder"):
        return list(leaf.lexicon(field))
    key = terms._keycoder(field, b"")
    start = table.closest_key_pos(key)
    if start is None:
        return []
    data = table.dbfile.get(start, table.endofdata - start)
    found = []
    position, size, unpack = 0, _lengths.size, _lengths.unpack_from
    while position < len(data):
        key_length, value_length = unpack(data, position)
        position += size
        if not data.startswith(key, position):
            break
        found.append(data[position + len(key):position + key_length])
        position += key_length + value_length
    return found
