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
#: Longest query read (characters), and most words and expanded terms in one. Lucene allows
#: 1,024 clauses; here each word is looked up in three fields and its postings are read in
#: Python: the 256 most common words of Reuters take about a second with --match any.
MAX_QUERY_CHARS = 10_000
MAX_TERMS = 256
#: Longest word (Lucene's token limit): Whoosh's parser rescans the rest of a word at each
#: of its characters, which takes seconds for a word of 10,000 characters.
MAX_WORD_CHARS = 255
#: Words in the phrases of one query: Whoosh matches a phrase of common words by walking
#: every document holding them, word by word (a second for eight words of Reuters' "said").
MAX_PHRASE_WORDS = 16
NAME_FIELDS = ("people", "leaders", "source")

HOW = (
    'words must all match; use OR, NOT, "exact phrases", (groups), field:value '
    "(headline, body, people, leaders, source, year, date), year:[2018 TO 2019], "
    "date:[2018-05-01 TO 2018-06-30], prefix* and fuzzy~"
)

_FIELD = re.compile(r"(?<![\w.:/])([A-Za-z_][\w]*):(?=[^\s)]|$)")
# A field name is read from the start of a word only: tried at every letter of a long word,
# ``\w*`` would rescan the rest of the word each time (quadratic in the query's length).
_RANGE_START = re.compile(r"(?:(?<!\w)([A-Za-z_]\w*))?:?([\[{])")
# TO between blanks or at either end; not written ``\s+TO\s+``, which backtracks through
# every position of a long run of blanks.
_TO = re.compile(r"(?<!\S)TO(?!\S)", re.IGNORECASE)
#: A word without query syntax: letters and digits, joined by apostrophes, dots, & or /
#: (``don't``, ``U.S.``, ``AT&T``, ``9/11``).
_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’.&/][^\W_]+)*\.?")
_OPERATORS = frozenset(("AND", "OR", "NOT", "TO"))
#: A question mark ending a word is punctuation ("what is information science?"), not the
#: one-letter wildcard it would be for Whoosh.
_QUESTION_MARK = re.compile(r"(?<=[^\W_])\?+(?=[\s)]|$)")
#: ``word~N`` or ``word~N/P`` (fuzzy, as Whoosh's FuzzyTermPlugin reads it), with every digit
#: written so that ``oil~99`` is not read as ``oil~9`` followed by the word ``9``.
_FUZZY = re.compile(r"(?<=[^\s\"])~(\d*)(?:/(\d*))?")
#: Edits a fuzzy term may make (Lucene's limit too): beyond two, nearly every short word
#: of the index is "near", and finding them all takes seconds.
MAX_FUZZY = 2
#: ``word^2``, as Whoosh's BoostPlugin reads it; a boost beyond this could overflow scores.
_BOOST = re.compile(r"\^(\d*(?:\.\d+)?)(?=$|[\s)])")
MAX_BOOST = 1000
_WORD = re.compile(r"[^\W_]+")
_LONG_WORD = re.compile(r"[^\s()]{%d,}" % (MAX_WORD_CHARS + 1))
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Characters of the query shown around a caret.
_SHOWN = 60


def _mask_quotes(text: str) -> str:
    """``text`` with the inside of each "quoted phrase" blanked, same length; raises on an
    unbalanced quote."""
    if text.count('"') % 2:
        position = text.rfind('"')
        raise QueryError(
            f"unbalanced quote: the \" at position {position + 1} is never closed" + _pointer(text, position),
            'close the phrase with a second ", e.g. "kim jong un"',
        )
    return re.sub(r'"[^"]*"', lambda m: '"' + "x" * (len(m.group()) - 2) + '"', text)


def _pointer(text: str, position: int) -> str:
    """The query (or the part of a long one around ``position``) with a caret under it."""
    start = max(0, position - _SHOWN)
    end = min(len(text), position + _SHOWN)
    shown = ("…" if start else "") + printable(text[start:end]) + ("…" if end < len(text) else "")
    return f"\n  {shown}\n  {' ' * (position - start + (1 if start else 0))}^"


def _clip(text: str, length: int = 20) -> str:
    return text if len(text) <= length else text[:length] + "…"


def printable(text: str) -> str:
    """``text`` as it can be printed: a lone surrogate (bytes that were not UTF-8 on the
    command line, or a ``\\ud800`` escape in JSON) is written as its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def check_text(text: str) -> None:
    """Refuse a query too long or with too many words to answer in bounded time, or holding
    a lone surrogate (which no index term can hold)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long: {len(text):,} characters (at most {MAX_QUERY_CHARS:,})",
            "search for fewer words; the most distinctive few find the same articles",
        )
    bad = _SURROGATE.search(text)
    if bad:
        raise QueryError(
            f"the query holds {printable(bad.group())}, half of a surrogate pair, which is not a character"
            " (bytes that are not UTF-8, or a broken \\u escape)" + _pointer(text, bad.start()),
            "write the query as UTF-8 text",
        )
    long_word = _LONG_WORD.search(text)
    if long_word:
        raise QueryError(
            f"a word of the query is {len(long_word.group()):,} characters long (at most {MAX_WORD_CHARS})"
            + _pointer(text, long_word.start()),
            "no word of the index is that long; search for a part of it",
        )
    words = sum(1 for word in _WORD.findall(_FIELD.sub(" ", text)) if word not in _OPERATORS)
    if words > MAX_TERMS:
        raise QueryError(
            f"the query has too many words: {words:,} (at most {MAX_TERMS:,})",
            "search for fewer words; the most distinctive few find the same articles",
        )


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
    for match in re.finditer(r"(?<![\w.:/])(year|date|month):(\"[^\"]*\"|[^\s()\[{\"]+)", masked):
        field, value = match.group(1), text[match.start(2) : match.end(2)].strip('"')
        if field == "year" and not re.fullmatch(r"\d{4}", value):
            raise QueryError(f"{value!r} is not a year" + _pointer(text, match.start(2)), "write year:2018")
        if field in ("date", "month"):
            period(value)


def _check_fuzzy(text: str, masked: str) -> None:
    for match in _FUZZY.finditer(masked):
        digits = match.group(1)
        if len(digits) > 1 or (digits and int(digits) > MAX_FUZZY):
            raise QueryError(
                f"a fuzzy term allows at most {MAX_FUZZY} edits, not {_clip(digits)}" + _pointer(text, match.start(1)),
                f"write word~ for one typo or word~{MAX_FUZZY} for two",
            )


def _check_boosts(text: str, masked: str) -> None:
    for match in _BOOST.finditer(masked):
        if not 0 <= float(match.group(1) or 1) <= MAX_BOOST:
            raise QueryError(
                f"a boost is at most {MAX_BOOST:,}, not {_clip(match.group(1))}" + _pointer(text, match.start(1)),
                "write word^2 to count a word twice as much",
            )


def check(text: str) -> str:
    """Raise :class:`QueryError` for a query Gazette would misread or could not answer in
    bounded time; return the query with ranges written the way the index stores them."""
    masked = _mask_quotes(text)
    _check_fuzzy(text, masked)
    _check_boosts(text, masked)
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
        phrases and fields work as written, and NOT still excludes. ``match="auto"`` parses
        as ``"all"`` (:meth:`relaxed` gives the query that follows it).
        """
        if match not in MATCHES:
            raise QueryError(f"match must be {', '.join(MATCHES[:-1])} or {MATCHES[-1]}, not {match!r}",
                             "auto: every word first, then most of them; all: every word must match; "
                             "any: at least one (more and rarer words rank first)",
                             "--match")
        if match == "auto":
            match = "all"
        check_text(text)
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

    def relaxed(self, text: str) -> wq.Query | None:
        """What follows the articles holding every word of ``text`` when they are few: the
        articles holding some of them (its words ORed). None unless ``text`` is two or more
        distinct words without any syntax: operators, quotes and fields mean what they say."""
        text = _QUESTION_MARK.sub("", text)
        terms = self._plain_terms(text)
        if terms is None or len(set(terms)) < 2:
            return None
        return self._plain(text, "any")

    def _plain_terms(self, text: str) -> list[str] | None:
        """The analyzed terms of a query of words without any syntax; None when it has some."""
        words = text.split()
        if any(word in _OPERATORS or not _PLAIN_WORD.fullmatch(word) for word in words):
            return None
        # Analyzed together, so that spaced letters (u s) read as one word, as in articles.
        return [token.text for token in self._analyzer(" ".join(words), mode="query")]

    def _plain(self, text: str, match: str = "all") -> wq.Query | None:
        """The query for words without any syntax (None when ``text`` has some): every
        word (or, for ``match="any"``, at least one) must match, in any text field."""
        terms = self._plain_terms(text)
        if terms is None:
            return None
        if not terms:
            return wq.NullQuery
        clauses = [wq.Or([wq.Term(field, term) for field in TEXT_FIELDS]) for term in dict.fromkeys(terms)]
        if len(clauses) == 1:
            return clauses[0]
        return wq.Or(clauses) if match == "any" else wq.And(clauses)

    def stop_words_only(self, text: str) -> list[str]:
        """The words of ``text`` when it has some and every one is a word the index leaves
        out (a stop word or a single letter); else []."""
        words = [word for word in _WORD.findall(text) if word not in _OPERATORS]
        if not words or any(True for _ in self._analyzer(text, mode="query")):
            return []
        return list(dict.fromkeys(word.lower() for word in words))

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
