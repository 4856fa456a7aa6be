"""The people gazetteer: known persons, their aliases and short forms, and who is a leader.

The built-in table is ``corpus/data/gazetteer.tsv``; users add their own tables in the same
format (see the header of that file). Lookups are dict lookups on folded names, so the
finder can try every n-gram of a capitalized run without scanning the table.
"""
from __future__ import annotations

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
        for person in self._people.values():
            self._index(person)
        self.max_tokens = max((len(key.split()) for key in (*self._full, *self._shorts)), default=1)
        #: first words of the multi-word forms, so a finder tries n-grams only where one may start
        self.first_words = frozenset(key.split()[0] for key in (*self._full, *self._shorts) if " " in key)

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
        keys = {key for short in person.shorts for key in fold_variants(short)}
        keys |= fold_variants(person.family_name())
        self._keys[person.canonical] = frozenset(keys)

    # --- lookups
    def full(self, key: str) -> str | None:
        """Canonical name for a folded full form (``kim jong un``), None if unknown or ambiguous."""
        if key in self._ambiguous_full:
            return None
        return self._full.get(key)

    def shorts(self, key: str) -> list[ShortForm]:
        """Gazetteer people a folded short form (``reagan``, ``lopez portillo``) may name."""
        return self._shorts.get(key, [])

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
    """Parse a gazetteer table: canonical, leader, country, role, short forms, aliases (tab-separated).

    Only ``canonical`` is required; a missing leader column means 0 (not a leader). A first
    line naming the columns (``canonical<TAB>leader...``) is skipped.
    """
    people = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [column.strip() for column in line.split("\t")]
        columns += [""] * (6 - len(columns))
        canonical, leader, country, role, shorts, aliases = columns[:6]
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
            )
        )
    return people


def _parse_shorts(column: str) -> dict[str, bool]:
    shorts = {}
    for short in (part.strip() for part in column.split("|")):
        if short:
            needs_cue = short.endswith(NEEDS_CUE_MARK)
            shorts[short.rstrip(NEEDS_CUE_MARK).strip()] = needs_cue
    return shorts
