"""Run the application with waitress, on this machine only unless asked otherwise."""
from __future__ import annotations

import ipaddress
import webbrowser
from pathlib import Path
from typing import Callable

#: Requests answered at once (searches take turns on one searcher; exports and pages
#: being written do not).
THREADS = 8


def is_local(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(index_dir: Path, host: str, port: int, open_browser: bool, say: Callable[[str], None],
          engine: str | None = None) -> None:
    """Serve the index at ``index_dir`` (or the cluster index of the ``engine`` URL) until
    interrupted. Raises OSError when the address cannot be bound,
    :class:`index.errors.IndexProblem` when the index cannot be read."""
    from waitress import create_server

    from web.app import create_app

    app = create_app(index_dir, engine)
    server = create_server(app, host=host, port=port, threads=THREADS, ident="gazette")
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    if not is_local(host):
        say(f"Warning: listening on {host}, beyond this machine: anyone who can reach it on port "
            f"{server.effective_port} can read the whole index (Gazette has no logins). "
            f"Use --host 127.0.0.1 to serve this machine only.")
    say(f"Serving the index {engine or index_dir} at {url} (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
