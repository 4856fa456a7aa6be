"""What a reader returns before the shared normalization steps (people, leaders, id)."""
from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, ParamSpec, TypeVar

_P = ParamSpec("_P")


_T = TypeVar("_T")


class Handoff(Generic[_T]):
    """A large value (a file's bytes, its text) passed down a chain of calls to the one
    that uses it up and takes it (:meth:`take`): then no caller up the chain keeps a 50 MB
    file alive while its articles are read. (A plain argument stays referenced by every
    caller's frame until the call returns.)"""

    __slots__ = ("_value",)

    def __init__(self, value: _T) -> None:
        self._value: _T | None = value

    def take(self) -> _T:
        """The value; this handoff no longer holds it (a second take raises)."""
        value, self._value = self._value, None
        if value is None:
            raise ValueError("the value was taken already")
        return value


class ReadError(Exception):
    """A file (or one record in it) cannot be read; the message is the reason shown to the user."""


def crash_reason(error: Exception) -> str:
    """The reason shown for an unexpected exception (a reader bug) met while reading."""
    return f"could not be read ({type(error).__name__}: {error})"


def guarded(parse: Callable[_P, RawArticle]) -> Callable[_P, RawArticle]:
    """``parse`` (one record -> RawArticle) raising only ReadError: an unexpected exception
    becomes one, so that a reader bug met by one record costs that record, not the file."""

    @functools.wraps(parse)
    def guard(*args: _P.args, **kwargs: _P.kwargs) -> RawArticle:
        try:
            return parse(*args, **kwargs)
        except ReadError:
            raise
        except Exception as error:
            raise ReadError(crash_reason(error)) from error

    return guard


@dataclass
class RawArticle:
    """One article as a reader extracted it.

    ``body`` holds the article's prose only, paragraphs joined by blank lines: the reader
    has already removed chrome, repeated headlines, datelines, bylines and photo credits.
    ``source`` is filled when the format or the page names the publication.
    """

    path: str
    position: int | None
    headline: str
    body: str
    date: _dt.date | None = None
    date_from: str | None = None
    source: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = field(default=())
