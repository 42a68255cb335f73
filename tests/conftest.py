"""Shared fixtures: throw-away copies of the seed review and the second review.

Tests never build into the repository: each project is copied to tmp_path first,
so its `.litgraph/` store is created there.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from litgraph.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
SEED_MANUSCRIPT = ROOT.parent / "shared" / "seed" / "review-brand-community-attachment.txt"
TAM = ROOT / "tests" / "fixtures" / "tam-review"


def copy_seed(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "references", target / "references")
    shutil.copy(ROOT / "model.yaml", target / "model.yaml")
    (target / "litgraph.toml").write_text(
        "[review]\n"
        'bibtex = ["references/seed-review.bib"]\n'
        'model = "model.yaml"\n'
        f'manuscript = "{SEED_MANUSCRIPT.as_posix()}"\n',
        encoding="utf-8",
    )
    return target


@pytest.fixture
def seed(tmp_path) -> Path:
    return copy_seed(tmp_path / "seed")


@pytest.fixture
def tam(tmp_path) -> Path:
    target = tmp_path / "tam"
    shutil.copytree(TAM, target)
    return target


@pytest.fixture
def seed_model() -> dict:
    """The seed model as plain YAML data: the independent expectation for answers."""
    return yaml.safe_load((ROOT / "model.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def tam_model() -> dict:
    return yaml.safe_load((TAM / "model.yaml").read_text(encoding="utf-8"))


class Cli:
    """Runs the litgraph app in-process against one project."""

    def __init__(self, project: Path | None):
        self.project = project
        self.runner = CliRunner()

    def __call__(self, *args: str, project: bool = True):
        argv = list(args)
        if project and self.project is not None:
            argv += ["--project", str(self.project)]
        return self.runner.invoke(app, argv, catch_exceptions=False)

    def json(self, *args: str):
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def seed_cli(seed) -> Cli:
    return Cli(seed)


@pytest.fixture
def tam_cli(tam) -> Cli:
    return Cli(tam)


@pytest.fixture
def cli() -> Cli:
    return Cli(None)


@pytest.fixture
def cli_for():
    """A `Cli` for a project a test has written itself."""
    return Cli


@dataclass
class HttpRecorder:
    """A local HTTP server that answers 501 to everything and notes each request's path."""

    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def http_server():
    """A server that queries must never reach: tests assert `requests` stays empty."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_error(501)

        do_POST = do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HttpRecorder(f"http://127.0.0.1:{server.server_port}/", requests)
    server.shutdown()
    server.server_close()


# --- a real Neo4j server (tests marked neo4j) ----------------------------------------------------


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def neo4j_uri():
    """The test server's URI; started (and at the end stopped) here only when no one else runs it."""
    uri = os.environ.get("LITGRAPH_TEST_NEO4J_URI")
    if uri:
        yield uri
        return
    port = int(os.environ.get("NEO4J_TEST_PORT", "7697"))
    started_here = not _port_open(port)
    result = subprocess.run(
        ["bash", str(ROOT / "tools" / "neo4j" / "start.sh")], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"tools/neo4j/start.sh failed:\n{result.stderr}"
    yield result.stdout.strip().splitlines()[-1]
    if started_here:
        subprocess.run(["bash", str(ROOT / "tools" / "neo4j" / "stop.sh")], capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def driver(neo4j_uri):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_uri, auth=None, notifications_min_severity="OFF") as drv:
        yield drv


@pytest.fixture
def db(neo4j_uri, driver, monkeypatch):
    """An empty database, reached by the query commands through NEO4J_URI."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    for name in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    return driver
