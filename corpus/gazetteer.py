"""The people gazetteer: known persons, their aliases and short forms, and who is a leader.

The built-in table is ``corpus/data/gazetteer.tsv``; users add their own tables in the same
format (see the header of that file). Lookups are dict lookups on folded names, so the
finder can try every n-gram of a capitalized run without scanning the table.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from corpus.names import fold, fold_variants

#: Offices whose holders write their family name first (``Xi Jinping``, ``Moon Jae-in``).
FAMILY_NAME_FIRST = frozenset({"CN", "KR", "KP", "TW", "VN", "HU"})
#: Offices whose holders' names are also written family name first in English text.
BOTH_ORDERS = frozenset({"JP"})
#: A short form ending in this mark names the person alone only with a person cue
#: (``President Carter``, ``Major said``): the bare word is too often something else.
NEEDS_CUE_MARK = "?"
#: A dated form (7th column): ``George Bush@1999..``, ``Lord Goldsmith@2001-06-11..2007-06-27``.
_DATED = re.compile(r"^(?P<form>[^@]+)@(?P<start>\d{4}(?:-\d\d){0,2})?\.\.(?P<end>\d{4}(?:-\d\d){0,2})?$")
_NO_START, _NO_END = _dt.date.min, _dt.date.max


@dataclass(frozen=True)
class DatedForm:
    """A form that names this person only in articles dated within [start, end], where it
    wins over every undated owner of the same form (``George Bush`` in 2004)."""

    form: str
    start: _dt.date
    end: _dt.date
    needs_cue: bool = False

    def covers(self, date: _dt.date) -> bool:
        return self.start <= date <= self.end


class GazetteerError(ValueError):
    """A gazetteer file has a malformed line; the message names the file and line."""


@dataclass
class Person:
    canonical: str
    leader: bool
    country: str = ""
    role: str = ""
    aliases: set[str] = field(default_factory=set)
    #: short form -> True when it needs a person cue to stand alone
    shorts: dict[str, bool] = field(default_factory=dict)
    #: full or short forms that name this person only at some dates
    dated: list[DatedForm] = field(default_factory=list)

    def family_name(self) -> str:
        """The token a later bare mention uses: first for family-name-first offices, else last."""
        tokens = self.canonical.split()
        return tokens[0] if self.country in FAMILY_NAME_FIRST else tokens[-1]


@dataclass(frozen=True)
class ShortForm:
    """A gazetteer short form (usually a surname) and whether it needs a cue to stand alone."""

    canonical: str
    needs_cue: bool


class Gazetteer:
    """Known people, looked up by folded alias (full forms) or short form (surnames)."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._people: dict[str, Person] = {person.canonical: person for person in people}
        self._full: dict[str, str] = {}
        self._ambiguous_full: set[str] = set()
        self._shorts: dict[str, list[ShortForm]] = {}
        self._keys: dict[str, frozenset[str]] = {}
        #: folded form -> (dated form, canonical), for full forms and short forms apart
        self._dated_full: dict[str, list[tuple[DatedForm, str]]] = {}
        self._dated_shorts: dict[str, list[tuple[DatedForm, str]]] = {}
        for person in self._people.values():
            self._index(person)
        forms = (*self._full, *self._shorts, *self._dated_full, *self._dated_shorts)
        self.max_tokens = max((len(key.split()) for key in forms), default=1)
        #: first words of the multi-word forms, so a finder tries n-grams only where one may start
        self.first_words = frozenset(key.split()[0] for key in forms if " " in key)
        #: first words of the dated forms: a text without one reads the same at any date
        self.dated_first_words = frozenset(key.split()[0] for key in (*self._dated_full, *self._dated_shorts))

    # --- building
    @classmethod
    def load(cls, extra: Iterable[Path | str] = ()) -> "Gazetteer":
        """The built-in table plus user tables (same format; later files extend earlier entries).

        Without user tables the result is shared (a gazetteer is never changed after loading)."""
        extra = tuple(extra)
        return cls._read(extra) if extra else _builtin()

    @classmethod
    def _read(cls, extra: tuple[Path | str, ...]) -> "Gazetteer":
        builtin = resources.files("corpus").joinpath("data", "gazetteer.tsv").read_text(encoding="utf-8")
        people: dict[str, Person] = {}
        sources = [("gazetteer.tsv", builtin)]
        sources += [(str(path), _read_user_table(Path(path))) for path in extra]
        for name, text in sources:
            for person in parse_table(text, name):
                known = people.get(person.canonical)
                if known is None:
                    people[person.canonical] = person
                else:
                    known.leader = person.leader
                    known.aliases |= person.aliases
                    known.shorts.update(person.shorts)
                    known.dated += person.dated
        return cls(people.values())

    def _index(self, person: Person) -> None:
        forms = {person.canonical, *person.aliases}
        if person.country in BOTH_ORDERS:
            forms |= {" ".join(reversed(form.split())) for form in forms if len(form.split()) == 2}
        for form in forms:
            for key in fold_variants(form):
                owner = self._full.setdefault(key, person.canonical)
                if owner != person.canonical:
                    self._ambiguous_full.add(key)
        for short, needs_cue in person.shorts.items():
            for key in fold_variants(short):
                entries = self._shorts.setdefault(key, [])
                if all(entry.canonical != person.canonical for entry in entries):
                    entries.append(ShortForm(person.canonical, needs_cue))
        for dated in person.dated:
            table = self._dated_shorts if dated.needs_cue or len(dated.form.split()) == 1 else self._dated_full
            for key in fold_variants(dated.form):
                table.setdefault(key, []).append((dated, person.canonical))
        keys = {key for short in person.shorts for key in fold_variants(short)}
        keys |= fold_variants(person.family_name())
        self._keys[person.canonical] = frozenset(keys)

    # --- lookups
    def full(self, key: str, date: _dt.date | None = None) -> str | None:
        """Canonical name for a folded full form (``kim jong un``), None if unknown or ambiguous.

        With the article's ``date``, a form dated to cover it names its dated owner first."""
        if date is not None and key in self._dated_full:
            owners = {canonical for dated, canonical in self._dated_full[key] if dated.covers(date)}
            if len(owners) == 1:
                return owners.pop()
        if key in self._ambiguous_full:
            return None
        return self._full.get(key)

    def shorts(self, key: str, date: _dt.date | None = None) -> list[ShortForm]:
        """Gazetteer people a folded short form (``reagan``, ``lopez portillo``) may name; with
        the article's ``date``, only the owners of a dated form covering it, if there are any."""
        if date is not None and key in self._dated_shorts:
            dated = [ShortForm(canonical, form.needs_cue) for form, canonical in self._dated_shorts[key] if form.covers(date)]
            if dated:
                return dated
        return self._shorts.get(key, [])

    def is_form(self, key: str) -> bool:
        """Whether a folded text is any form of the table, dated or not (a cheap pre-test)."""
        return key in self._full or key in self._shorts or key in self._dated_full or key in self._dated_shorts

    def keys(self, canonical: str) -> frozenset[str]:
        """Folded words that refer back to this person later in a text (surname, short forms)."""
        return self._keys.get(canonical, frozenset())

    def canonical(self, name: str) -> str | None:
        """Canonical name for any full alias, or a short form naming one person only."""
        key = fold(name)
        found = self.full(key)
        if found:
            return found
        shorts = self.shorts(key)
        return shorts[0].canonical if len(shorts) == 1 else None

    def is_leader(self, canonical: str) -> bool:
        person = self._people.get(canonical)
        return bool(person and person.leader)

    def person(self, canonical: str) -> Person | None:
        return self._people.get(canonical)

    def __contains__(self, canonical: object) -> bool:
        return canonical in self._people

    def __len__(self) -> int:
        return len(self._people)

    def aliases(self) -> dict[str, str]:
        """Folded alias -> canonical, for resolving what users type (``--person "kim jong-un"``).

        Full forms (with hyphens as spaces and deleted) plus short forms that name one person.
        """
        table = {key: name for key, name in self._full.items() if key not in self._ambiguous_full}
        for key, entries in self._shorts.items():
            if len(entries) == 1:
                table.setdefault(key, entries[0].canonical)
        return table


@lru_cache(maxsize=1)
def _builtin() -> Gazetteer:
    return Gazetteer._read(())


def _read_user_table(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise GazetteerError(f"{path}: cannot read the gazetteer file ({reason})") from error


def parse_table(text: str, source: str = "<gazetteer>") -> list[Person]:
    """Parse a gazetteer table: canonical, leader, country, role, short forms, aliases, dated
    forms (tab-separated; a dated form is ``form@FROM..TO``, either date open, e.g. ``Bush?@1999..``).

    Only ``canonical`` is required; a missing leader column means 0 (not a leader). A first
    line naming the columns (``canonical<TAB>leader...``) is skipped.
    """
    people = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [column.strip() for column in line.split("\t")]
        columns += [""] * (7 - len(columns))
        canonical, leader, country, role, shorts, aliases, dated = columns[:7]
        if number == 1 and canonical.lower() == "canonical":
            continue  # a header line naming the columns
        if not canonical:
            raise GazetteerError(f"{source}:{number}: the first column (canonical name) is empty")
        if leader not in ("", "0", "1"):
            raise GazetteerError(f"{source}:{number}: leader column must be 0 or 1, not {leader!r}")
        people.append(
            Person(
                canonical=canonical,
                leader=leader == "1",
                country=country.upper(),
                role=role,
                aliases={alias.strip() for alias in aliases.split("|") if alias.strip()},
                shorts=_parse_shorts(shorts),
                dated=[_parse_dated(item.strip(), source, number) for item in dated.split("|") if item.strip()],
            )
        )
    return people


def _parse_dated(item: str, source: str, number: int) -> DatedForm:
    match = _DATED.match(item)
    try:
        if match is None:
            raise ValueError("not FORM@FROM..TO")
        start = _date(match.group("start"), _NO_START, first=True)
        end = _date(match.group("end"), _NO_END, first=False)
    except ValueError as error:
        raise GazetteerError(
            f"{source}:{number}: dated form {item!r} must read FORM@FROM..TO with dates as YYYY, YYYY-MM or YYYY-MM-DD ({error})"
        ) from None
    form = match.group("form").strip()
    return DatedForm(form.rstrip(NEEDS_CUE_MARK).strip(), start, end, form.endswith(NEEDS_CUE_MARK))


def _date(text: str | None, default: _dt.date, first: bool) -> _dt.date:
    """A period bound: ``2001`` is 2001-01-01 as a start and 2001-12-31 as an end."""
    if not text:
        return default
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return _dt.date(*parts)
    year, month = parts[0], parts[1] if len(parts) == 2 else (1 if first else 12)
    if first:
        return _dt.date(year, month, 1)
    following = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - _dt.timedelta(days=1)


def _parse_shorts(column: str) -> dict[str, bool]:
    shorts = {}
    for short in (part.strip() for part in column.split("|")):
        if short:
            needs_cue = short.endswith(NEEDS_CUE_MARK)
            shorts[short.rstrip(NEEDS_CUE_MARK).strip()] = needs_cue
    return shorts
