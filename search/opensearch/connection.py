"""The engine URL, its credentials and the client, with errors worded for the user.

``opensearch://HOST:PORT[,HOST:PORT...]/INDEX`` (plain HTTP), ``opensearchs://...`` or
``https://HOST:PORT/INDEX`` (TLS), ``http://HOST:PORT/INDEX``. Several hosts let the client
go on when one node is down. Credentials never come from the command line: a user and
password in the URL are refused; they are read from GAZETTE_ENGINE_USER and
GAZETTE_ENGINE_PASSWORD, else from a netrc-style file (GAZETTE_NETRC, else ~/.netrc) by host.
"""
from __future__ import annotations

import netrc
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from index.errors import IndexProblem

SCHEMES = {"opensearch": "http", "http": "http", "opensearchs": "https", "https": "https"}
_URL = re.compile(r"^(?P<scheme>[a-z]+)://(?P<hosts>[^/?#]+)/(?P<index>[^/?#]+)/?$")
_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
#: Seconds one request may take; the client retries another node on a connection error.
TIMEOUT = 60
RETRIES = 3
T = TypeVar("T")


class EngineError(IndexProblem):
    """The cluster cannot be reached or refused a request: one message, exit 1."""


class EngineURLError(ValueError):
    """The --engine URL cannot be read (a usage error)."""


@dataclass(frozen=True)
class EngineURL:
    scheme: str  # http or https
    hosts: tuple[tuple[str, int], ...]
    index: str

    @property
    def manifest(self) -> str:
        """The index holding the file manifest (and the people's aliases)."""
        return f"{self.index}-files"

    def __str__(self) -> str:
        hosts = ",".join(f"{host}:{port}" for host, port in self.hosts)
        return f"{self.scheme}://{hosts}/{self.index}"


def parse_url(text: str) -> EngineURL:
    """Read an engine URL; :class:`EngineURLError` says what is wrong with it."""
    match = _URL.match(text.strip())
    how = "write it as opensearch://HOST:PORT/INDEX (or https://HOST:PORT/INDEX)"
    if not match or match.group("scheme") not in SCHEMES:
        raise EngineURLError(f"cannot read the engine URL {text!r}; {how}")
    netloc = match.group("hosts")
    if "@" in netloc:
        raise EngineURLError(
            "the engine URL must not hold credentials; set GAZETTE_ENGINE_USER and GAZETTE_ENGINE_PASSWORD, "
            "or put them in a netrc file (GAZETTE_NETRC, else ~/.netrc)"
        )
    hosts = []
    for part in netloc.split(","):
        host, _, port = part.strip().rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise EngineURLError(f"cannot read the host {part!r} of the engine URL; {how}")
        hosts.append((host.strip("[]"), int(port)))
    index = match.group("index")
    if not _INDEX_NAME.match(index):
        raise EngineURLError(f"{index!r} is not an index name: lowercase letters, digits, '_', '-', '.'")
    return EngineURL(SCHEMES[match.group("scheme")], tuple(hosts), index)


def credentials(url: EngineURL) -> tuple[str, str] | None:
    """User and password from the environment, else from a netrc-style file."""
    user, password = os.environ.get("GAZETTE_ENGINE_USER"), os.environ.get("GAZETTE_ENGINE_PASSWORD")
    if user:
        return user, password or ""
    path = Path(os.environ.get("GAZETTE_NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path))
    except (netrc.NetrcParseError, OSError) as error:
        raise EngineError(f"cannot read the credentials file {path}: {error}") from None
    for host, _ in url.hosts:
        entry = found.authenticators(host)
        if entry:
            return entry[0] or "", entry[2] or ""
    return None


def client(url: EngineURL) -> Any:
    """An ``opensearchpy.OpenSearch`` client over every host of ``url``."""
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        raise EngineError(
            "the OpenSearch engine needs the opensearch-py client: pip install 'gazette[opensearch]'"
        ) from None
    auth = credentials(url)
    return OpenSearch(
        hosts=[{"host": host, "port": port, "scheme": url.scheme} for host, port in url.hosts],
        http_auth=auth,
        use_ssl=url.scheme == "https",
        verify_certs=url.scheme == "https",
        timeout=TIMEOUT,
        max_retries=RETRIES,
        retry_on_timeout=True,
        retry_on_status=(502, 503, 504),
    )


def call(url: EngineURL, request: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``request(*args, **kwargs)``, with the client's failures as one :class:`EngineError`."""
    from opensearchpy import exceptions as ex

    try:
        return request(*args, **kwargs)
    except ex.ConnectionError as error:
        raise EngineError(
            f"cannot reach the OpenSearch cluster at {url} ({_reason(error)}); "
            "check that it is running and the URL given to --engine (or GAZETTE_ENGINE)"
        ) from None
    except ex.AuthenticationException:
        raise EngineError(
            f"the OpenSearch cluster at {url} refused the credentials; set GAZETTE_ENGINE_USER and "
            "GAZETTE_ENGINE_PASSWORD, or a netrc file (GAZETTE_NETRC)"
        ) from None
    except ex.NotFoundError as error:
        if _error_type(error) == "index_not_found_exception":
            raise EngineError(
                f"the OpenSearch cluster at {url} has no index {url.index!r}; "
                f"build it with `gazette index --engine {url} PATH...`"
            ) from None
        raise
    except ex.TransportError as error:
        raise EngineError(f"the OpenSearch cluster at {url} answered {error.status_code}: {_reason(error)}") from None


def _error_type(error: Any) -> str | None:
    info = getattr(error, "info", None)
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        return info["error"].get("type")
    return None


def _reason(error: Any) -> str:
    info = getattr(error, "info", None)
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        return str(info["error"].get("reason") or info["error"].get("type"))
    if isinstance(info, Exception):
        return f"{type(info).__name__}: {info}"[:200]
    return str(getattr(error, "error", None) or error)[:200]
