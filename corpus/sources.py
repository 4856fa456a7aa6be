"""Which publication or wire service an article comes from, by rules in ``data/sources.tsv``.

Evidence is ranked, strongest first: page metadata (read by the readers and passed through
:func:`canonical_source`), the site naming itself (``Press TV's website...``, ``(c) Reuters``),
a wire credit on the story (``SEOUL (Reuters) -``), a photo credit (``REUTERS/Jason Lee``).
Within one rank the earliest match wins. A plain mention (``Xinhua said``) is an attribution,
not the source, so it never counts: a Press TV story quoting Xinhua is a Press TV story.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator
from importlib import resources
from urllib.parse import urlsplit

#: Rule kinds that find a source in text, strongest first.
RANKS = ("self", "credit", "photo")
_TABLE_KINDS = {*RANKS, "alias", "domain"}
_FOLD_DROP = re.compile(r"[\s.'’\-_&,]+")


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]
    name: str
    hints: tuple[str, ...] = ()

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Matches in ``text``; skipped outright when none of the rule's hints occurs."""
        if self.hints:
            for hint in self.hints:
                if hint in text:
                    return self.pattern.finditer(text)
            return iter(())
        return self.pattern.finditer(text)


@dataclass(frozen=True)
class SourceMatch:
    """A source found in a text: canonical name, rule kind and where the evidence starts."""

    name: str
    kind: str
    start: int


@dataclass(frozen=True)
class Table:
    rules: tuple[Rule, ...]
    aliases: dict[str, str]
    domains: dict[str, str]


def fold(name: str) -> str:
    """Compare names ignoring case, accents, spaces and punctuation: ``The A.P.`` ~ ``the ap``."""
    text = name.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _FOLD_DROP.sub("", text)


def _literal_prefix(pattern: str) -> tuple[str, ...]:
    """A pattern that starts with plain text (``REUTERS/``) can only match where that text is."""
    prefix = re.match(r"[A-Za-z0-9 /]{3,}", pattern)
    return (prefix.group(0),) if prefix else ()


def parse_table(text: str) -> Table:
    """Parse the tab-separated rule table (see the comments at the top of the data file)."""
    rules: list[Rule] = []
    aliases: dict[str, str] = {}
    domains: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (3, 4) or parts[0] not in _TABLE_KINDS:
            raise ValueError(f"sources table line {number}: expected KIND<TAB>PATTERN<TAB>NAME[<TAB>HINTS]")
        kind, pattern, name = parts[:3]
        hints = tuple(hint for hint in parts[3].split("|") if hint) if len(parts) == 4 else _literal_prefix(pattern)
        if kind == "alias":
            aliases[fold(pattern)] = name
        elif kind == "domain":
            domains[pattern.lower()] = name
        else:
            rules.append(Rule(kind, re.compile(pattern, re.M), name, hints))
    rules.sort(key=lambda rule: RANKS.index(rule.kind))
    return Table(tuple(rules), aliases, domains)


@functools.cache
def table() -> Table:
    """The built-in table (loaded once)."""
    text = resources.files("corpus").joinpath("data/sources.tsv").read_text(encoding="utf-8")
    return parse_table(text)


def _host(value: str) -> str | None:
    text = value.strip().lower()
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host


def source_of_domain(value: str) -> str | None:
    """The known publication behind a host name or URL (``https://www.reuters.com/x`` -> Reuters)."""
    host = _host(value)
    domains = table().domains
    while host:
        if host in domains:
            return domains[host]
        _, _, host = host.partition(".")
    return None


def known_source(name: str) -> str | None:
    """The canonical name when ``name`` is a known spelling or host of a source, else ``None``."""
    name = name.strip()
    if len(name) > 80:
        return None
    found = table().aliases.get(fold(name))
    if found is None and "." in name and " " not in name:
        found = source_of_domain(name)
    return found


def canonical_source(name: str) -> str | None:
    """Canonical form of a source name from metadata; unknown names are kept, tidied.

    ``reuters.com``, ``Reuters News`` and ``REUTERS`` all give ``Reuters``; an unknown
    ``Gazette de Lausanne`` stays as it is; an empty or implausible value gives ``None``.
    """
    name = " ".join(name.split()).strip(" -|:,;.")
    if not name or len(name) > 80 or not any(ch.isalpha() for ch in name):
        return None
    return known_source(name) or name


def _resolve(rule: Rule, match: re.Match[str]) -> str | None:
    if rule.name not in ("{name}", "{known}"):
        return rule.name
    captured = match["name"]
    known = known_source(captured)
    if rule.name == "{known}":
        return known
    return known or canonical_source(captured)


def find_sources(text: str) -> list[SourceMatch]:
    """All source evidence in ``text``, strongest first (rank, then position), each name
    once per kind."""
    found: list[SourceMatch] = []
    for rule in table().rules:
        for match in rule.finditer(text):
            name = _resolve(rule, match)
            if name:
                found.append(SourceMatch(name, rule.kind, match.start()))
                break
    found.sort(key=lambda item: (RANKS.index(item.kind), item.start))
    seen: set[tuple[str, str]] = set()
    return [item for item in found if (item.name, item.kind) not in seen and not seen.add((item.name, item.kind))]


def has_photo_credit(text: str) -> bool:
    """Whether ``text`` carries a known agency's photo credit (``REUTERS/``, ``AP Photo``)."""
    return any(
        _resolve(rule, match)
        for rule in table().rules
        if rule.kind == "photo"
        for match in rule.finditer(text)
    )


def detect_source(text: str) -> str | None:
    """The publication or wire service credited in a raw article text, or ``None``."""
    found = find_sources(text)
    return found[0].name if found else None
