"""Where the index lives: --index DIR, else $GAZETTE_INDEX, else the per-user data directory."""
from __future__ import annotations

import os
from pathlib import Path


def default_index_dir() -> Path:
    """``$GAZETTE_INDEX``, else ``$XDG_DATA_HOME/gazette/index`` (``~/.local/share`` by default)."""
    explicit = os.environ.get("GAZETTE_INDEX")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home).expanduser() / "gazette" / "index"
