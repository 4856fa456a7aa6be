"""The query language: checking what the user wrote, parsing it with Whoosh's query parser,
and rewriting names and dates to the values stored in the index.

Whoosh's parser is lenient: an unknown field becomes two words, an unbalanced quote or
parenthesis is silently dropped, a bad range matches nothing. Users deserve to hear about
those, so :func:`check` reads the query first and raises :class:`QueryError` with a message
saying what was wrong and how to write it.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from whoosh import query as wq

from search.constants import MATCHES
from search.errors import QueryError
from search.names import NameTable
from search.periods import period

#: Fields searched by words without a field, and by the ``similar`` command.
TEXT_FIELDS = ("headline", "body", "names")
#: Fields a user may name in a query (``names`` too, undocumented: it is what ranks people).
QUERY_FIELDS = ("headline", "body", "people", "leaders", "source", "year", "date", "month", "names")
RANGE_FIELDS = ("year", "date", "month")
NAME_FIELDS = ("people", "leaders", "source")

HOW = (
    'words must all match; use OR, NOT, "exact phrases", (groups), field:value '
    "(headline, body, people, leaders, source, year, date), year:[2018 TO 2019], "
    "date:[2018-05-01 TO 2018-06-30], prefix* and fuzzy~"
)

_FIELD = re.compile(r"(?<![\w.:/])([A-Za-z_][\w]*):(?=[^\s)]|$)")
_RANGE_START = re.compile(r"([A-Za-z_]\w*)?:?([\[{])")
_TO = re.compile(r"\s+TO\s+|^TO\s+|\s+TO$|^TO$", re.IGNORECASE)
_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_OPERATORS = frozenset(("AND", "OR", "NOT", "TO"))
#: A question mark ending a word is punctuation ("what is information science?"), not the
#: one-letter wildcard it would be for Whoosh.
_QUESTION_MARK = re.compile(r"(?<=[^\W_])\?+(?=[\s)]|$)")


def _mask_quotes(text: str) -> str:
    """``text`` with the inside of each "quoted phrase" blanked, same length; raises on an
    unbalanced quote."""
    if text.count('"') % 2:
        position = text.rfind('"')
        raise QueryError(
            f"unbalanced quote: the \" at position {position + 1} is never closed\n  {text}\n  {' ' * position}^",
            'close the phrase with a second ", e.g. "kim jong un"',
        )
    return re.sub(r'"[^"]*"', lambda m: '"' + "x" * (len(m.group()) - 2) + '"', text)


def _pointer(text: str, position: int) -> str:
    return f"\n  {text}\n  {' ' * position}^"


def _check_parentheses(text: str, masked: str) -> None:
    depth = 0
    for position, char in enumerate(masked):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(
                    "unbalanced parenthesis: this ) closes nothing" + _pointer(text, position),
                    "group words as (kim OR xi) summit",
                )
    if depth:
        position = masked.rfind("(")
        raise QueryError(
            "unbalanced parenthesis: a ( is never closed" + _pointer(text, position),
            "group words as (kim OR xi) summit",
        )


def _check_fields(text: str, masked: str) -> None:
    for match in _FIELD.finditer(masked):
        name = match.group(1)
        if name.lower() not in QUERY_FIELDS:
            raise QueryError(
                f"unknown field {name!r}" + _pointer(text, match.start(1)),
                "fields are headline, body, people, leaders, source, year and date "
                f'(e.g. people:"Kim Jong Un"); to search for the text itself, quote it: "{name}:..."',
            )
        if name != name.lower():
            raise QueryError(
                f"field names are lowercase: write {name.lower()}: instead of {name}:" + _pointer(text, match.start(1))
            )
    for match in re.finditer(r"(?<![\w.:/])([a-z]+):(?=\s|$|\))", masked):
        if match.group(1) in QUERY_FIELDS:
            raise QueryError(
                f"{match.group(1)}: needs a value" + _pointer(text, match.end(1)),
                f'write {match.group(1)}:value with no space, e.g. people:"Kim Jong Un" or year:2019',
            )


def _check_operators(text: str, masked: str) -> None:
    tokens = [t for t in re.split(r"(\s+|[()])", masked) if t and not t.isspace()]
    previous = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token in ("AND", "OR"):
            if previous in (None, "(", "AND", "OR", "NOT") or following in (None, ")", "AND", "OR"):
                raise QueryError(
                    f"{token} needs a word on each side",
                    f"write kim {token} xi; to search for the word itself, write it in lowercase",
                )
        elif token == "NOT" and following == "NOT":
            raise QueryError("NOT NOT cancels out", "drop both: write kim instead of NOT NOT kim")
        elif token == "NOT" and following in (None, ")", "AND", "OR"):
            raise QueryError("NOT needs a word after it", "write summit NOT trump")
        previous = token


def _range_value(field: str, value: str, end: bool) -> str:
    value = value.strip()
    if not value or value == "*":
        return ""
    if field == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise QueryError(f"{value!r} is not a year", "write a year range as year:[2018 TO 2019]")
        return value
    first, last = period(value)
    if field == "month":
        return (last if end else first)[:7]
    return last if end else first


def _rewrite_ranges(text: str, masked: str) -> str:
    """Check every ``field:[a TO b]`` and write its ends as the index stores them
    (``date:[2018-05 TO 2018-06]`` becomes ``date:[2018-05-01 TO 2018-06-30]``)."""
    pieces = []
    cursor = 0
    for match in _RANGE_START.finditer(masked):
        if match.start() < cursor:
            continue
        field, opener = match.group(1), match.group(2)
        closer_at = min((i for i in (masked.find("]", match.end()), masked.find("}", match.end())) if i >= 0), default=-1)
        if closer_at < 0:
            raise QueryError(
                f"unbalanced bracket: this {opener} is never closed" + _pointer(text, match.start(2)),
                "write a range as year:[2018 TO 2019] or date:[2018-05-01 TO 2018-06-30]",
            )
        if not field or ":" not in match.group(0):
            raise QueryError(
                "a range needs a field" + _pointer(text, match.start(2)),
                "write a range as year:[2018 TO 2019] or date:[2018-05-01 TO 2018-06-30]",
            )
        if field not in RANGE_FIELDS:
            raise QueryError(
                f"ranges work on year, date and month, not {field}" + _pointer(text, match.start(1)),
                "write a range as year:[2018 TO 2019] or date:[2018-05-01 TO 2018-06-30]",
            )
        inside = text[match.end() : closer_at]
        parts = _TO.split(inside)
        if len(parts) != 2:
            raise QueryError(
                f"a range needs two ends separated by TO: {text[match.start():closer_at + 1]}",
                "write a range as year:[2018 TO 2019] or date:[2018-05-01 TO 2018-06-30] (an end may be left empty)",
            )
        low, high = _range_value(field, parts[0], False), _range_value(field, parts[1], True)
        if low and high and low > high:
            raise QueryError(
                f"the range {text[match.start():closer_at + 1]} is empty: {parts[0].strip()} comes after {parts[1].strip()}",
                "write the earlier end first: year:[2018 TO 2019]",
            )
        pieces.append(text[cursor : match.end()])
        pieces.append(f"{low} TO {high}".strip())
        cursor = closer_at
    pieces.append(text[cursor:])
    return "".join(pieces)


def _check_values(text: str, masked: str) -> None:
    for match in re.finditer(r"(?<![\w.:/])(year|date|month):([^\s()\[{\"]+)", masked):
        field, value = match.group(1), match.group(2)
        if field == "year" and not re.fullmatch(r"\d{4}", value):
            raise QueryError(f"{value!r} is not a year" + _pointer(text, match.start(2)), "write year:2018")
        if field in ("date", "month"):
            period(value)


def check(text: str) -> str:
    """Raise :class:`QueryError` for a query Gazette would misread; return the query with
    ranges written the way the index stores them."""
    masked = _mask_quotes(text)
    _check_parentheses(text, masked)
    _check_fields(text, masked)
    _check_operators(text, masked)
    _check_values(text, masked)
    return _rewrite_ranges(text, masked)


class DateSpan(wq.Query):
    """Documents dated between ``low`` and ``high`` (ISO days, inclusive; ``None`` = open)."""

    def __init__(self, low: str | None, high: str | None) -> None:
        self.low = low
        self.high = high
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"DateSpan({self.low!r}, {self.high!r})"

    def is_leaf(self) -> bool:
        return True


class Parser:
    """Whoosh's multifield parser set up for Gazette, plus the rewriting of names and dates.

    Queries of plain words (the most common kind) are built directly, which gives the same
    query as Whoosh's parser in a tenth of the time, and spares a one-off ``gazette search``
    importing the parser at all.
    """

    def __init__(self, schema: Any, tables: Callable[[str], NameTable]) -> None:
        self._schema = schema
        self._analyzer = schema[TEXT_FIELDS[0]].analyzer
        self._parsers: dict[str, Any] = {}
        self._tables = tables

    def parse(self, text: str, match: str = "all") -> wq.Query | None:
        """The query for ``text``; None for an empty query (match everything).

        ``match="any"`` joins bare words with OR instead of AND; explicit operators,
        phrases and fields work as written, and NOT still excludes.
        """
        if match not in MATCHES:
            raise QueryError(f"match must be {' or '.join(MATCHES)}, not {match!r}",
                             "all: every word must match; any: at least one (more and rarer words rank first)",
                             "--match")
        text = _QUESTION_MARK.sub("", text)
        if not text.strip():
            return None
        plain = self._plain(text, match)
        if plain is not None:
            return plain
        checked = check(text)
        try:
            parsed = self._whoosh_parser(match).parse(checked)
        except Exception as error:  # Whoosh raises bare IndexError etc. on odd input
            raise QueryError(f"cannot read the query {text!r} ({error.__class__.__name__})", HOW) from None
        if match == "any":
            parsed = _exclude(parsed)
        return self._rewrite(parsed)

    def _whoosh_parser(self, match: str) -> Any:
        parser = self._parsers.get(match)
        if parser is None:
            from whoosh.qparser import AndGroup, FuzzyTermPlugin, MultifieldParser, OrGroup

            group = OrGroup if match == "any" else AndGroup
            parser = self._parsers[match] = MultifieldParser(list(TEXT_FIELDS), self._schema, group=group)
            parser.add_plugin(FuzzyTermPlugin())
        return parser

    def _plain(self, text: str, match: str = "all") -> wq.Query | None:
        """The query for words without any syntax (None when ``text`` has some): every
        word (or, for ``match="any"``, at least one) must match, in any text field."""
        words = text.split()
        if any(word in _OPERATORS or not _PLAIN_WORD.fullmatch(word) for word in words):
            return None
        terms: list[str] = []
        for word in words:
            analyzed = [token.text for token in self._analyzer(word, mode="query")]
            if len(analyzed) > 1:  # Whoosh groups such a word's parts per field: let it
                return None
            terms.extend(analyzed)
        if not terms:
            return wq.NullQuery
        clauses = [wq.Or([wq.Term(field, term) for field in TEXT_FIELDS]) for term in terms]
        if len(clauses) == 1:
            return clauses[0]
        return wq.Or(clauses) if match == "any" else wq.And(clauses)

    def _rewrite(self, node: wq.Query) -> wq.Query:
        field = getattr(node, "fieldname", None)
        if field in NAME_FIELDS and isinstance(node, (wq.Term, wq.Phrase, wq.Prefix, wq.Wildcard)):
            table = self._tables(field)
            if isinstance(node, wq.Term):
                return wq.Term(field, table.resolve(node.text), boost=node.boost)
            if isinstance(node, wq.Phrase):
                return wq.Term(field, table.resolve(" ".join(node.words)), boost=node.boost)
            prefix = node.text.rstrip("*") if isinstance(node, wq.Wildcard) else node.text
            return wq.Or([wq.Term(field, value) for value in table.with_prefix(prefix)])
        if field == "date" and isinstance(node, wq.Term):
            return DateSpan(*period(node.text))
        if field == "date" and isinstance(node, wq.TermRange):
            return DateSpan(node.start or None, node.end or None)
        if field == "month" and isinstance(node, wq.Term):
            return wq.Term("month", period(node.text)[0][:7])
        if isinstance(node, wq.Not):
            return wq.Not(self._rewrite(node.query))
        if node.is_leaf():
            return node
        return node.apply(self._rewrite)


def _exclude(node: wq.Query) -> wq.Query:
    """``a b NOT c`` read with OR between words: Whoosh gives ``a OR b OR (NOT c)``, which
    matches nearly everything; users mean ``(a OR b) AND NOT c``, as in Lucene."""
    if node.is_leaf():
        return node
    node = node.apply(_exclude)
    if isinstance(node, wq.Or):
        negative = [child for child in node.subqueries if isinstance(child, wq.Not)]
        if negative:
            positive = [child for child in node.subqueries if not isinstance(child, wq.Not)]
            if positive:
                return wq.And([positive[0] if len(positive) == 1 else wq.Or(positive), *negative])
            return negative[0] if len(negative) == 1 else wq.And(negative)
    return node
