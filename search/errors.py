"""What a search can refuse, each with a message that says what was wrong and how to fix it."""
from __future__ import annotations

FIELD_LABELS = {"people": "person", "leaders": "leader", "source": "source", "collection": "collection"}


class QueryError(ValueError):
    """The query or one of the options cannot be understood (the CLI exits with status 2).

    ``option`` names the command-line option at fault (``--year``), None for the query.
    """

    def __init__(self, message: str, hint: str | None = None, option: str | None = None) -> None:
        self.message = message
        self.hint = hint
        self.option = option
        super().__init__(self.text())

    def text(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class NameNotFound(QueryError):
    """A person, leader, source or collection that no article in the index has (a
    :class:`QueryError`, so the CLI exits with status 2).

    ``field`` is the field searched (``people``, ``leaders``, ``source``, ``collection``),
    ``name`` the name as given, ``suggestions`` the nearest names the index does hold.
    """

    def __init__(self, field: str, name: str, suggestions: list[str], option: str | None = None) -> None:
        self.field = field
        self.name = name
        self.suggestions = suggestions
        label = FIELD_LABELS.get(field, field)
        message = f"no article in the index has the {label} {name!r}"
        hint = ("nearest names in the index: " + ", ".join(suggestions)) if suggestions else None
        super().__init__(message, hint, option)


class ArticleNotFound(LookupError):
    """No article has that id (or the id prefix is ambiguous)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
