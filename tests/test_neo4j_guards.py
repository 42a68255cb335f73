"""`litgraph cypher` reads the graph and nothing else, within bounds; the connection is bounded and
keeps its secrets; two projects never replace each other's review unasked. A real Neo4j server
(see test_neo4j.py), whose config refuses LOAD CSV of files and addresses as a production
server should: each refusal here is litgraph's own message, given before the server is asked.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.conftest import TAM, Cli, copy_seed
from tests.test_neo4j import SECRET, _free_port, _litgraph, push, snapshot

pytestmark = pytest.mark.neo4j

COUNT_FOR_EVER = "UNWIND range(1, 2000000000) AS x WITH x WHERE x = -1 RETURN count(*) AS n"


def _running(driver, text: str) -> list[str]:
    """The server's transactions running a query that contains `text`."""
    records = driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery "
        "WHERE currentQuery CONTAINS $text RETURN id",
        text=text,
        database_="neo4j",
    ).records
    return [r["id"] for r in records]


# --- only reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, what",
    [
        ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LoadCSV"),
        ("LOAD CSV FROM '{url}people.csv' AS line RETURN line", "LoadCSV"),
        (
            "MATCH (n) CALL {{ WITH n LOAD CSV FROM '{url}sub.csv' AS l RETURN l }} RETURN l LIMIT 1",
            "LoadCSV",
        ),
        ("CALL db.clearQueryCaches()", "db.clearQueryCaches"),
        ("CALL dbms.listConfig()", "dbms.listConfig"),
        ('CALL db.createLabel("Intruder")', "db.createLabel"),
        ("SHOW TRANSACTIONS", "ShowTransactions"),
        (
            "SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery WHERE currentQuery CONTAINS 'UNWIND' "
            "TERMINATE TRANSACTIONS t YIELD message RETURN t, message",
            "TransactionS",
        ),
        ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TerminateTransactions"),
        ("SHOW DATABASES", "AdministrationCommand"),
        ("MATCH (n) FOREACH (x IN [1] | SET n.touched = true)", "Foreach"),
        ("CREATE (n:Intruder) RETURN n", "Create"),
    ],
)
def test_cypher_refuses_all_but_reading_on_neo4js_plan(tam, db, http_server, query, what):
    cli = Cli(tam)
    push(cli)
    before = snapshot(db)
    result = cli("cypher", query.format(url=http_server.url))
    assert result.exit_code == 2, result.output
    assert "not a read-only Cypher query" in result.stderr and what.lower() in result.stderr.lower()
    assert http_server.requests == [] and snapshot(db) == before


def test_describing_procedures_and_reads_are_answered(tam, db, tam_model):
    cli = Cli(tam)
    push(cli)
    labels = {row["label"] for row in cli.json("cypher", "CALL db.labels() YIELD label RETURN label")}
    assert {"Construct", "Hypothesis", "Reference", "Review"} <= labels
    rows = cli.json("cypher", "MATCH (h:Hypothesis {review: $review}) RETURN h.id AS id ORDER BY id")
    assert sorted(r["id"] for r in rows) == sorted(h["id"] for h in tam_model["hypotheses"])


def test_an_unknown_procedure_is_the_querys_fault(tam, db):
    result = Cli(tam)("cypher", "CALL no.such.procedure()")
    assert (
        result.exit_code == 2 and "invalid Cypher" in result.stderr and "no.such.procedure" in result.stderr
    )


# --- bounds ------------------------------------------------------------------------------------------


def test_max_rows_is_the_most_rows_answered_and_ends_the_query_on_the_server(tam, db):
    cli = Cli(tam)
    assert len(cli.json("cypher", "UNWIND range(1, 25) AS x RETURN x", "--max-rows", "25")) == 25
    result = cli("cypher", "UNWIND range(1, 25) AS x RETURN x", "--max-rows", "24")
    assert result.exit_code == 2 and "more than 24 rows" in result.stderr and result.stdout == ""
    endless = cli("cypher", "UNWIND range(1, 2000000000) AS endless RETURN endless")
    assert endless.exit_code == 2 and "more than 10,000 rows" in endless.stderr
    assert _running(db, "AS endless") == []


def test_a_query_past_its_timeout_is_stopped_on_the_server(tam, db):
    result = Cli(tam)("cypher", COUNT_FOR_EVER, "--timeout", "1")
    assert result.exit_code == 2 and "longer than 1 s" in result.stderr and "--timeout" in result.stderr
    assert _running(db, "x = -1") == []


def test_ctrl_c_stops_cypher_at_once_and_on_the_server(tam, db, neo4j_uri):
    command = subprocess.Popen(
        [sys.executable, "-m", "litgraph", "cypher", COUNT_FOR_EVER, "--project", str(tam)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NEO4J_URI": neo4j_uri},
    )
    deadline = time.monotonic() + 30
    while not _running(db, "x = -1") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running(db, "x = -1"), "the query never reached the server"
    command.send_signal(signal.SIGINT)
    _, err = command.communicate(timeout=5)  # before: only once the server answered, 70 s later
    assert command.returncode == 130 and "interrupted" in err and "Traceback" not in err
    time.sleep(0.5)
    assert _running(db, "x = -1") == []


# --- the connection ----------------------------------------------------------------------------------


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"bolt://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_a_server_that_never_answers_is_given_up_on(tam, db, silent_server):
    from litgraph.neo4j.settings import ANSWER_TIMEOUT

    commands = [
        ("cypher", "RETURN 1"),
        ("neo4j", "status"),
        ("neo4j", "push"),
        ("hypotheses", "--backend", "neo4j"),
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(len(commands)) as pool:
        results = list(pool.map(lambda args: _litgraph(tam, *args, NEO4J_URI=silent_server), commands))
    assert time.monotonic() - started < ANSWER_TIMEOUT + 30  # before: 61 s each
    for result in results:
        assert result.returncode == 3, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"error: cannot reach Neo4j at {silent_server}: the server accepted the connection but did "
            f"not answer within {ANSWER_TIMEOUT:g} s"
        ]


@pytest.mark.parametrize(
    "uri",
    [
        f"bolt://127.0.0.1:{{port}}?token={SECRET}",
        f"bolt://127.0.0.1:{{port}}#{SECRET}",
        f"neo4j://127.0.0.1:{{port}}?policy={SECRET}#{SECRET}",
        f"bolt://[::1?token={SECRET}",
    ],
)
def test_a_secret_in_the_uris_query_or_fragment_is_never_printed(tam, db, neo4j_uri, uri):
    port = neo4j_uri.rsplit(":", 1)[1]
    cli = Cli(tam)
    runs = [
        cli("neo4j", "push", "--json", "--uri", uri.format(port=port)),
        cli("neo4j", "status", "--json", "--uri", uri.format(port=port)),
        cli("cypher", "RETURN 1 AS one", "--uri", uri.format(port=port)),
        cli("neo4j", "status", "--uri", uri.format(port=_free_port())),
    ]
    for result in runs:
        assert "Traceback" not in result.output
        assert SECRET not in result.output, result.output


# --- two projects, one review id ---------------------------------------------------------------------


def _without_review_id(project: Path) -> Path:
    model = project / "model.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(re.sub(r"(?m)^  id: .*\n", "", text, count=1), encoding="utf-8")
    assert "id" not in yaml.safe_load(model.read_text(encoding="utf-8"))["review"]
    return project


def test_a_review_pushed_from_another_project_is_not_replaced_unasked(tmp_path, db):
    first = Cli(_without_review_id(copy_seed(tmp_path / "first")))
    second_dir = tmp_path / "second"
    shutil.copytree(TAM, second_dir)
    second = Cli(_without_review_id(second_dir))
    pushed = push(first)
    assert pushed["review"] == "model"  # both default to their model file's name
    before = snapshot(db)
    refused = second("neo4j", "push")
    assert refused.exit_code == 2 and "pushed from another project" in refused.stderr
    assert str((tmp_path / "first").resolve()) in refused.stderr and "--replace" in refused.stderr
    assert snapshot(db) == before  # nothing of the first review was removed as stale
    replaced = push(second, "--replace")
    assert replaced["replaced"]["nodes"] == sum(pushed["nodes"].values())
    again = first("neo4j", "push")
    assert again.exit_code == 2 and str(second_dir.resolve()) in again.stderr
    status = first.json("neo4j", "status")["reviews"]
    assert [r["origin"].rsplit(":", 1)[-1] for r in status] == [str(second_dir.resolve())]


def test_the_same_project_pushes_again_and_a_moved_copy_of_it_too(tmp_path, db):
    project = _without_review_id(copy_seed(tmp_path / "here"))
    push(Cli(project))
    moved = shutil.copytree(project, tmp_path / "moved", ignore=shutil.ignore_patterns(".litgraph"))
    assert push(Cli(moved))["up_to_date"]  # the same sources: nothing to replace
    (moved / "model.yaml").write_text(
        (moved / "model.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )  # ... but once they differ, the move must be said
    assert Cli(moved)("neo4j", "push").exit_code == 2
