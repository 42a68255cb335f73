"""A user's SPARQL: never sent to another server, stopped at its bounds and at Ctrl-C.

The guard is tested on its own (`isolate=False`: the worker keeps the network, so only
the guard stands between a query and the recording server), the worker's leaving the
network on its own (the guard switched off), and both together through the CLI.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litgraph.errors import LitgraphError
from litgraph.query import user_sparql
from litgraph.query.limits import QueryLimits
from tests.conftest import Cli, copy_seed

# The issue's query: rdflib read \u0000000A as a newline ending the comment, Oxigraph as
# \u0000 then "000A", so that the SERVICE line was inside a string for one and code for the other.
ESCAPED_NEWLINE = (
    'SELECT * WHERE {{ # \\u0000000A BIND("""\nSERVICE <{url}bypass> {{ ?x ?y ?z }} # """ AS ?q)\n}}'
)
BYPASSES = [
    ESCAPED_NEWLINE,
    # ... and the LATERAL variant, sending construct labels in the URL
    "SELECT * WHERE {{ ?c skos:prefLabel ?l "
    'BIND(IRI(CONCAT("{url}labels?", ENCODE_FOR_URI(?l))) AS ?u) # \\u0000000A BIND("""\n'
    'LATERAL {{ SERVICE ?u {{ }} }} # """ AS ?q)\n}}',
    # a comment ends at \r for Oxigraph, at \n only for rdflib
    "SELECT * WHERE {{ # \r SERVICE <{url}cr> {{ ?x ?y ?z }}\n}}",
    "SELECT * WHERE {{ \\U00000053ERVICE <{url}long-escape> {{ }} }}",
    "SELECT * WHERE {{ \\u0053\\u0045RVICE <{url}two-escapes> {{ }} }}",
    "SELECT * WHERE {{ FILTER(1<2)SERVICE<{url}no-spaces>{{}} }}",
    "SELECT * WHERE {{ ?s ?p 1SERVICE <{url}after-a-number> {{ }} }}",
    "SELECT * WHERE {{ ?s ?p true SeRvIcE SILENT <{url}mixed-case> {{ }} }}",
    "PREFIX : <{url}> SELECT * WHERE {{ SERVICE:prefixed{{ }} }}",
    "SELECT * WHERE {{ BIND(<{url}var> AS ?u) SERVICE ?u {{ }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ MINUS {{ GRAPH ?g {{ SERVICE <{url}deep> {{ }} }} }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * {{ SERVICE <{url}subquery> {{ ?s ?p ?o }} }} }} }}",
    "DESCRIBE ?s WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}exists> {{ }} }} }}",
    'ASK {{ "service" ?p ?o . SERVICE <{url}with-a-literal> {{ }} }}',
]


@pytest.fixture
def tam_store(tam, tam_cli) -> str:
    assert tam_cli("build", "--quiet").exit_code == 0
    return str(tam / ".litgraph" / "oxigraph")


def _run(store: str, query: str, isolate: bool, **limits):
    return user_sparql.run_user_sparql(store, query, QueryLimits(**limits), isolate=isolate)


@pytest.mark.parametrize("template", BYPASSES)
def test_the_guard_alone_refuses_every_service_oxigraph_would_run(tam_store, http_server, template):
    with pytest.raises(LitgraphError) as refused:
        _run(tam_store, template.format(url=http_server.url), isolate=False)
    assert "SERVICE" in str(refused.value)
    assert http_server.requests == []


@pytest.mark.parametrize(
    "query, rows",
    [
        ('SELECT ?service WHERE { VALUES ?service { "a service" } }', [["a service"]]),
        (
            "SELECT ?x WHERE { BIND(<http://example.org/service> AS ?x) } # a service",
            [["http://example.org/service"]],
        ),
        (
            "PREFIX service: <http://example.org/> SELECT ?x WHERE { BIND(service:Service AS ?x) }",
            [["http://example.org/Service"]],
        ),
        ('SELECT ?x WHERE { BIND("\\u0053ERVICE <x> {}" AS ?x) }', [["SERVICE <x> {}"]]),
        ('SELECT ?x WHERE { BIND("""\nSERVICE <urn:x> { }\n""" AS ?x) }', [["\nSERVICE <urn:x> { }\n"]]),
    ],
)
def test_service_in_a_string_iri_comment_or_name_is_answered(tam_store, query, rows):
    assert _run(tam_store, query, isolate=False)[1] == rows


def test_an_escape_that_spells_an_escape_is_refused(tam_store, http_server):
    query = f"SELECT * WHERE {{ \\u005Cu0053ERVICE <{http_server.url}> {{ }} }}"
    with pytest.raises(LitgraphError, match="not a code point escape"):
        _run(tam_store, query, isolate=False)
    assert http_server.requests == []


def test_the_worker_leaves_the_network_even_when_the_guard_lets_a_service_through(
    tam_store, http_server, monkeypatch
):
    monkeypatch.setattr(user_sparql, "service_probe", lambda query: None)  # the guard switched off
    query = f"SELECT * WHERE {{ SERVICE <{http_server.url}sandbox> {{ ?s ?p ?o }} }}"
    with pytest.raises(LitgraphError, match="unreachable"):
        _run(tam_store, query, isolate=True)
    assert http_server.requests == []
    with pytest.raises(LitgraphError):  # the same query outside the sandbox does reach the server
        _run(tam_store, query, isolate=False)
    assert http_server.requests == ["/sandbox"]


@pytest.mark.parametrize("template", [ESCAPED_NEWLINE, BYPASSES[2], BYPASSES[1]])
def test_the_issues_queries_through_the_cli_reach_no_server(tam_cli, tam, http_server, template):
    query_file = tam / "q.rq"
    query_file.write_text(template.format(url=http_server.url), encoding="utf-8")
    result = tam_cli("sparql", "--query-file", str(query_file))
    assert result.exit_code == 2 and "SERVICE" in result.stderr and "Traceback" not in result.output
    assert http_server.requests == []


# --- bounds ---------------------------------------------------------------------------------

CROSS_JOIN_2 = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
CROSS_JOIN_3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_max_rows_is_the_most_rows_answered(tam_cli, tam_model):
    query = "SELECT ?h WHERE { ?h lg:hypothesisId ?id }"
    count = len(tam_model["hypotheses"])
    assert len(tam_cli.json("sparql", query, "--max-rows", str(count))) == count
    result = tam_cli("sparql", query, "--max-rows", str(count - 1))
    assert result.exit_code == 2 and f"more than {count - 1} rows" in result.stderr
    assert result.stdout == ""


def test_a_cross_join_stops_at_the_row_bound(tam_cli):
    result = tam_cli("sparql", CROSS_JOIN_2)
    assert (
        result.exit_code == 2 and "more than 10,000 rows" in result.stderr and "--max-rows" in result.stderr
    )


def test_a_query_past_its_timeout_is_stopped(tam_cli):
    started = time.monotonic()
    result = tam_cli("sparql", CROSS_JOIN_3, "--timeout", "1")
    assert result.exit_code == 2 and "longer than 1 s" in result.stderr and "--timeout" in result.stderr
    assert time.monotonic() - started < 20  # the join alone runs for minutes


def test_a_query_past_its_memory_is_stopped(tam_cli):
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"  # sorting materialises it
    result = tam_cli("sparql", query, "--max-memory", "1024", "--max-rows", "1000000000", "--timeout", "120")
    assert result.exit_code == 2 and "more than 1,024 MB of memory" in result.stderr


def _litgraph(project: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "litgraph", *args, "--project", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_ctrl_c_stops_a_long_query_at_once_and_leaves_no_worker(tam, tam_cli):
    assert tam_cli("build", "--quiet").exit_code == 0
    command = _litgraph(tam, "sparql", CROSS_JOIN_3)
    deadline = time.monotonic() + 30
    while not (workers := _children(command.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers, "the worker never started"
    time.sleep(1)  # the worker is deep in the join by now
    command.send_signal(signal.SIGINT)
    _, err = command.communicate(timeout=5)
    assert command.returncode == 130 and "interrupted" in err and "Traceback" not in err
    time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_a_cross_join_under_an_address_space_limit_ends_with_a_message(tmp_path):
    """The issue's two-pattern join took 9.25 GB; under a 3 GB RLIMIT_AS it ends at the row bound."""
    seed = copy_seed(tmp_path / "seed")
    assert Cli(seed)("build", "--quiet").exit_code == 0
    limit = 3 * 2**30

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))

    command = _litgraph(seed, "sparql", CROSS_JOIN_2, preexec_fn=limit_memory)
    out, err = command.communicate(timeout=300)  # before: a MemoryError traceback after 140 s
    assert command.returncode == 2 and "more than 10,000 rows" in err and "Traceback" not in err
    assert out == ""
