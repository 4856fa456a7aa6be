"""gazette serve as a command: where it listens, what it says, what it refuses."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request

import pytest
from click.testing import CliRunner

import cli
from tests import web_fixtures
from web.serve import is_local


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("web-serve")
    web_fixtures.write_jsonl(root / "corpus" / "news.jsonl", web_fixtures.wire_records("Alpha Wire", 3))
    return web_fixtures.index([root / "corpus"], root / "index")


@pytest.mark.parametrize("host, local", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.org", False),
])
def test_is_local(host, local):
    assert is_local(host) is local


def serve(index_dir, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", "serve", "--index", str(index_dir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def read_url(process: subprocess.Popen) -> tuple[list[str], str]:
    """The lines the server printed before its address, and the address."""
    lines = []
    for line in process.stderr:
        lines.append(line.rstrip("\n"))
        if line.startswith("Serving"):
            return lines, line.split(" at ")[1].split()[0]
    raise AssertionError(f"the server stopped: {lines}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


def test_serve_binds_this_machine_and_answers_the_api(index_dir):
    process = serve(index_dir, "--port", "0")
    try:
        lines, url = read_url(process)
        assert url.startswith("http://127.0.0.1:")
        assert lines == [f"Serving the index {index_dir} at {url} (Ctrl-C to stop)"]
        with urllib.request.urlopen(url + "api/search?q=summit&facet=source", timeout=30) as response:
            assert json.loads(response.read())["facets"]["source"] == [{"value": "Alpha Wire", "count": 3}]
    finally:
        stop(process)


def test_serve_warns_when_listening_beyond_the_machine(index_dir):
    process = serve(index_dir, "--host", "0.0.0.0", "--port", "0")
    try:
        lines, url = read_url(process)
        assert lines[0].startswith("Warning: listening on 0.0.0.0, beyond this machine: anyone who can reach it")
        assert "Use --host 127.0.0.1" in lines[0]
    finally:
        stop(process)


def test_a_port_in_use_is_one_message(index_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli.main, ["serve", "--index", str(index_dir), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1 port {port}: ")
    assert result.output.rstrip().endswith("choose another with --port (or --host)")


def test_no_index_is_one_message(tmp_path):
    result = CliRunner().invoke(cli.main, ["serve", "--index", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert result.output == f"Error: no index at {tmp_path / 'none'}; create one with `gazette index PATH` (or `--sample`)\n"
