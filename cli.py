"""The ``gazette`` command line: a thin layer of Click commands over corpus, index and search.

Library imports happen inside each command so that ``gazette search`` loads only what a
search needs.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from index.location import default_index_dir


def index_option(command: Callable) -> Callable:
    """``--index DIR`` shared by every command that reads or writes the index."""

    @click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index directory [default: $GAZETTE_INDEX, else ~/.local/share/gazette/index].",
    )
    @functools.wraps(command)
    def wrapper(*args, index_dir: Path | None, **kwargs):
        return command(*args, index_dir=index_dir or default_index_dir(), **kwargs)

    return wrapper


def format_option(*choices: str, default: str | None = None) -> Callable:
    """``--format`` with the given choices, shared by commands that print records."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gazette")
def main() -> None:
    """Gazette: normalize, index and search a corpus of news articles."""


if __name__ == "__main__":  # pragma: no cover
    main()
