"""A one-line progress display for builds on a terminal: files done, articles, rate, time left."""
from __future__ import annotations

import time
from typing import TextIO

from index.build import Progress

_STAGES = {"scanning": "Scanning", "reading": "Reading", "writing": "Writing", "committing": "Committing"}
#: Time left is shown once this share of the files is read, or this many files, and after
#: ETA_SECONDS: the first files (the largest are read first) say little about the rest.
ETA_SHARE = 0.05
ETA_FILES = 20
ETA_SECONDS = 2.0


class TerminalProgress:
    """Callable for :func:`index.build.build`'s ``progress``; redraws at most 10 times a second."""

    def __init__(self, stream: TextIO, width: int = 24) -> None:
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, state: Progress) -> None:
        now = time.monotonic()
        final = state.stage != "reading" or state.files_done == state.files_total
        if not final and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        self.stream.write("\r\x1b[2K" + self.line(state, now - self.started))
        self.stream.flush()
        self.drawn = True

    def line(self, state: Progress, elapsed: float) -> str:
        label = _STAGES.get(state.stage, state.stage)
        if state.stage != "reading" or not state.files_total:
            return f"{label}... {state.articles:,} articles"
        fraction = state.files_done / state.files_total
        filled = int(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        rate = state.articles / elapsed if elapsed > 0 else 0.0
        enough = state.files_done >= min(ETA_FILES, max(1.0, ETA_SHARE * state.files_total))
        left = elapsed / fraction - elapsed if fraction > 0 and enough and elapsed >= ETA_SECONDS else None
        eta = f"{_clock(left)} left" if left is not None else "--:-- left"
        return (
            f"{label} [{bar}] {state.files_done:,}/{state.files_total:,} files, "
            f"{state.articles:,} articles, {rate:,.0f}/s, {eta}"
        )

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    """``2:05`` or ``1:02:05``."""
    minutes, second = divmod(int(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"
