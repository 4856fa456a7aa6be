"""A real two-node OpenSearch cluster on 127.0.0.1 for the engine tests, once per session.

The nodes are the jars of ``cluster/pom.xml`` run by ``cluster/EmbeddedOpenSearch.java``
(``make cluster`` fetches and compiles them; this module does too when they are missing),
one JVM per node, each in its own process group. ``n1`` is the cluster manager and a data
node, ``n2`` a data node only, so that killing ``n2`` (the fault tests) leaves a cluster
that still has its manager and the replica of every shard.

Every JVM started here is stopped at the end of the session, on failure too: by the
fixture's teardown and, should pytest itself die, by an ``atexit`` hook; each JVM gets
SIGTERM (its shutdown hook closes the node), then SIGKILL.

Without java, javac or mvn the tests that use the cluster skip, unless
GAZETTE_REQUIRE_SHARED=1 (CI), where they fail.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLUSTER = REPO / "cluster"
LAUNCHER = "EmbeddedOpenSearch"
#: Heap of each node: the machine has 2 cores and 24 GB shared with others.
HEAP = os.environ.get("GAZETTE_CLUSTER_HEAP", "512m")
MIN_HEAP = os.environ.get("GAZETTE_CLUSTER_MIN_HEAP", "256m")
START_TIMEOUT = 240.0
_STARTED: list[subprocess.Popen] = []


def _missing_or_skip(reason: str) -> None:
    if os.environ.get("GAZETTE_REQUIRE_SHARED") == "1":
        pytest.fail(reason + " (GAZETTE_REQUIRE_SHARED=1: the cluster tests must run)")
    pytest.skip(reason)


def require_cluster_tools() -> None:
    """Skip (fail under CI) unless java, javac, mvn and opensearch-py are there."""
    missing = [tool for tool in ("java", "javac", "mvn") if shutil.which(tool) is None]
    if missing:
        _missing_or_skip(f"the OpenSearch test cluster needs {', '.join(missing)}")
    try:
        import opensearchpy  # noqa: F401
    except ImportError:
        _missing_or_skip("opensearch-py is not installed (pip install -e '.[opensearch]')")


def build_cluster() -> None:
    """``make cluster`` when the jars or the compiled launcher are missing."""
    if (CLUSTER / "classes" / f"{LAUNCHER}.class").exists() and any((CLUSTER / "lib").glob("opensearch-*.jar")):
        return
    done = subprocess.run(["make", "-C", str(REPO), "cluster"], capture_output=True, text=True, timeout=900)
    if done.returncode:
        pytest.fail(f"make cluster failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen, grace: float = 30.0) -> None:
    """SIGTERM to the node's process group, SIGKILL after ``grace`` seconds."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        except ProcessLookupError:
            pass
    if process in _STARTED:
        _STARTED.remove(process)


@atexit.register
def _stop_all() -> None:
    for process in list(_STARTED):
        _stop(process, grace=10.0)


@dataclass
class Node:
    name: str
    home: Path
    http_port: int
    transport_port: int
    settings: dict[str, str]
    process: subprocess.Popen | None = None

    @property
    def http(self) -> str:
        return f"127.0.0.1:{self.http_port}"

    @property
    def log(self) -> Path:
        return self.home / "stdout.log"

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        command = [
            "java", f"-Xms{MIN_HEAP}", f"-Xmx{HEAP}", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8", "-Djava.locale.providers=SPI,CLDR", "-Dlog4j.shutdownHookEnabled=false",
            "-Dlog4j2.disable.jmx=true", f"-Dlog4j2.configurationFile={CLUSTER / 'log4j2.properties'}",
            "-Dio.netty.noKeySetOptimization=true", "-Dio.netty.recycler.maxCapacityPerThread=0",
            "-cp", f"{CLUSTER / 'classes'}:{CLUSTER / 'lib'}/*", LAUNCHER,
            f"path.home={self.home}", f"node.name={self.name}",
            f"http.port={self.http_port}", f"transport.port={self.transport_port}",
            *(f"{key}={value}" for key, value in self.settings.items()),
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        _STARTED.append(self.process)

    def kill(self) -> None:
        """SIGKILL, as a crashed machine: no shutdown hook runs."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        if self.process in _STARTED:
            _STARTED.remove(self.process)

    def stop(self) -> None:
        if self.process:
            _stop(self.process)

    def alive(self) -> bool:
        return bool(self.process and self.process.poll() is None)


@dataclass
class Cluster:
    nodes: list[Node]
    started_seconds: float = 0.0
    _health: dict = field(default_factory=dict)

    @property
    def hosts(self) -> str:
        return ",".join(node.http for node in self.nodes)

    def url(self, index: str) -> str:
        """The ``--engine`` URL of ``index`` on this cluster (every node as a host)."""
        return f"opensearch://{self.hosts}/{index}"

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def request(self, path: str, method: str = "GET", body: dict | None = None, timeout: float = 30.0) -> dict:
        """One HTTP request to the first live node (urllib: no client library needed)."""
        node = next(node for node in self.nodes if node.alive())
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://{node.http}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read() or b"{}")

    def wait(self, status: str = "green", nodes: int | None = None, timeout: float = START_TIMEOUT) -> dict:
        """Wait until the cluster has ``nodes`` nodes (default: all live) and ``status``."""
        nodes = nodes if nodes is not None else sum(node.alive() for node in self.nodes)
        deadline = time.monotonic() + timeout
        problem = ""
        while time.monotonic() < deadline:
            dead = [node.name for node in self.nodes if node.process and node.process.poll() is not None
                    and node.process in _STARTED]
            if dead:
                break
            try:
                return self.request(f"/_cluster/health?wait_for_nodes={nodes}&wait_for_status={status}"
                                    "&timeout=5s", timeout=15)
            except OSError as error:  # not listening yet, or 408 while waiting
                problem = str(error)
                time.sleep(1)
        tails = "\n".join(f"--- {node.name}\n{_tail(node.log)}" for node in self.nodes)
        raise RuntimeError(f"cluster not {status} with {nodes} nodes after {timeout:.0f} s ({problem})\n{tails}")

    def restart(self, name: str) -> None:
        node = self.node(name)
        node.start()
        self.wait("green", nodes=len(self.nodes))

    def stop(self) -> None:
        for node in reversed(self.nodes):
            node.stop()


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start_cluster(base: Path) -> Cluster:
    """Two nodes on free ports of 127.0.0.1, green; stopped again if they cannot start."""
    ports = [(_free_port(), _free_port()) for _ in range(2)]
    seeds = ",".join(f"127.0.0.1:{transport}" for _, transport in ports)
    common = {"cluster.name": f"gazette-test-{os.getpid()}", "discovery.seed_hosts": seeds}
    nodes = [
        Node("n1", base / "n1", *ports[0], {**common, "node.roles": "cluster_manager,data,ingest",
                                            "cluster.initial_cluster_manager_nodes": "n1"}),
        Node("n2", base / "n2", *ports[1], {**common, "node.roles": "data,ingest"}),
    ]
    cluster = Cluster(nodes)
    started = time.monotonic()
    try:
        for node in nodes:
            node.start()
        cluster.wait("green", nodes=2)
    except BaseException:
        cluster.stop()
        raise
    cluster.started_seconds = time.monotonic() - started
    return cluster


@pytest.fixture(scope="session")
def opensearch_cluster(tmp_path_factory: pytest.TempPathFactory):
    """A green two-node cluster for the whole session (see the module's docstring)."""
    require_cluster_tools()
    build_cluster()
    cluster = start_cluster(tmp_path_factory.mktemp("opensearch"))
    try:
        yield cluster
    finally:
        cluster.stop()
