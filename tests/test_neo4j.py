"""The Neo4j backend against a real Neo4j 5.26 server (tools/neo4j/start.sh), never a mock.

The server comes from LITGRAPH_TEST_NEO4J_URI (set by tools/run-tests.sh / `make test`)
or is started here and stopped at the end, so these tests never skip. The main
proof is equality: every query command, run with --json on both backends for the
seed review and the technology-acceptance review, gives the same parsed answer.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import Cli

pytestmark = pytest.mark.neo4j

SECRET = "pw-never-printed-7f3c"


# --- the server (`neo4j_uri`, `driver`, `db`: tests/conftest.py) ------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- helpers -----------------------------------------------------------------------------------


def push(cli: Cli, *args: str) -> dict:
    result = cli("neo4j", "push", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def snapshot(driver) -> tuple[list, list]:
    """Every node and relationship with its properties, in a comparable order (element ids left out)."""
    nodes = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS p", database_="neo4j"
    ).records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.review AS review, labels(a) AS a, a.id AS "
        "aid, labels(b) AS b, b.id AS bid, properties(r) AS p",
        database_="neo4j",
    ).records
    dump = lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False)  # noqa: E731
    return (
        sorted(dump([r["labels"], r["p"]]) for r in nodes),
        sorted(dump([r["type"], r["review"], r["a"], r["aid"], r["b"], r["bid"], r["p"]]) for r in rels),
    )


def outcome(result) -> tuple:
    """Exit code, parsed stdout and the error text: what a user or a script sees."""
    out = result.stdout.strip()
    return result.exit_code, json.loads(out) if out else None, " ".join(result.stderr.split())


def queries(project: Path) -> list[tuple[str, ...]]:
    """Every query command over every construct, hypothesis and reference key of a review.

    Names come from the model and BibTeX read as plain text, never from litgraph.
    """
    model = yaml.safe_load((project / "model.yaml").read_text(encoding="utf-8"))
    constructs = [c["id"] for c in model["constructs"]]
    labels = [
        c["label"].get("zh") or c["label"].get("de")
        for c in model["constructs"]
        if isinstance(c["label"], dict)
    ]
    labels = [label for label in labels if label]
    hypotheses = [h["id"] for h in model["hypotheses"]]
    bib = "".join(p.read_text(encoding="utf-8") for p in project.rglob("*.bib"))
    keys = re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib, flags=re.M)
    asked = [("paths", a, b) for a in constructs for b in constructs]
    asked += [("paths", a, b, "--max-length", "1") for a in constructs for b in constructs if a != b]
    asked += [("paths", a, b, "--max-length", "2") for a in labels for b in labels if a != b]
    asked += [("paths", labels[0], constructs[-1]), ("paths", "no such construct", constructs[0])]
    asked += [("evidence", h) for h in hypotheses] + [
        ("evidence", hypotheses[0].lower()),
        ("evidence", "H999"),
    ]
    asked += [("supports", key) for key in keys] + [("supports", "NoSuchKey1900")]
    asked += [
        (command, c, "--depth", depth)
        for command in ("antecedents", "consequents")
        for c in constructs
        for depth in ("1", "2")
    ]
    asked += [("show", name) for name in [*constructs, *labels, *hypotheses, *keys, "nothing-like-this"]]
    asked += [("constructs",), ("constructs", "--table"), ("audit",)]
    return [(*command, "--json") for command in asked] + [
        ("hypotheses", "--format", "json"),
        ("hypotheses", "--format", "json", "--flags"),
    ]


def save_some_verdicts(project: Path) -> None:
    """A verify.json (as `verify` saves it) for every other key of the review's BibTeX."""
    bib = "".join(p.read_text(encoding="utf-8") for p in project.rglob("*.bib"))
    keys = re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib, flags=re.M)[::2]
    statuses = ("verified", "mismatch", "retracted", "not_found")
    verdicts = [{"key": key, "status": statuses[i % len(statuses)]} for i, key in enumerate(keys)]
    (project / ".litgraph").mkdir(exist_ok=True)
    (project / ".litgraph" / "verify.json").write_text(json.dumps({"verdicts": verdicts}), encoding="utf-8")


def assert_same_answers(cli: Cli, asked: list[tuple[str, ...]]) -> None:
    answered = 0
    for command in asked:
        embedded = outcome(cli(*command, "--backend", "embedded"))
        neo4j = outcome(cli(*command, "--backend", "neo4j"))
        assert neo4j == embedded, f"litgraph {' '.join(command)}: the backends differ"
        answered += embedded[0] in (0, 1)
    assert answered > len(asked) * 0.9  # the comparison is of answers, not of the same error


# --- the same answers on both backends -------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "tam"])
def test_every_query_answers_the_same_on_both_backends(name, request, db, tmp_path):
    project = request.getfixturevalue(name)
    other = request.getfixturevalue("tam" if name == "seed" else "seed")
    push(Cli(other))  # another review in the same database must not leak into the answers
    summary = push(Cli(project))
    assert summary["relationship_total"] > 0 and summary["nodes"]["Review"] == 1
    save_some_verdicts(project)  # every answer naming a study carries its verify status
    asked = queries(project)
    assert len(asked) > 100
    assert_same_answers(Cli(project), asked)


def test_chinese_names_find_the_same_routes_in_neo4j(seed, db):
    cli = Cli(seed)
    push(cli)
    chinese = cli.json("paths", "社群支持", "品牌依恋", "--backend", "neo4j")
    english = cli.json("paths", "community support", "brand attachment", "--backend", "neo4j")
    assert chinese == english
    assert {tuple(r["constructs"]) for r in chinese["routes"]} == {
        ("community_support", "social_identity_value", "brand_attachment"),
        ("community_support", "self_actualization_value", "brand_attachment"),
    }


# --- the push ------------------------------------------------------------------------------------------


def test_pushing_twice_changes_nothing(seed, db):
    cli = Cli(seed)
    first = push(cli)
    before = snapshot(db)
    second = push(cli)
    assert second["up_to_date"] and second["relationship_total"] == 0  # the same sources: nothing to write
    assert snapshot(db) == before
    forced = push(cli, "--force")  # every MERGE meets what the first push created
    assert snapshot(db) == before
    assert (forced["nodes"], forced["relationships"]) == (first["nodes"], first["relationships"])
    assert (
        first["fresh"] and not forced["fresh"]
    )  # CREATEd into an empty database, MERGEd onto it: the same graph
    assert forced["pruned"] == {} and forced["revision"] == first["revision"] and not forced["up_to_date"]
    nodes, rels = before
    assert len(nodes) == sum(first["nodes"].values()) and len(rels) == sum(first["relationships"].values())


def test_batches_in_flight_write_what_one_at_a_time_writes(seed, db):
    """Small batches, so several are in flight on the fresh path; one at a time must give the same graph."""
    cli = Cli(seed)
    parallel = push(cli, "--batch-size", "7", "--workers", "3")
    assert parallel["fresh"]
    graph = snapshot(db)
    serial = push(cli, "--replace", "--batch-size", "7", "--workers", "1")
    assert serial["fresh"] and snapshot(db) == graph
    assert (serial["nodes"], serial["relationships"]) == (parallel["nodes"], parallel["relationships"])


@pytest.mark.parametrize("crash_at", ["4th batch", "2nd EVIDENCE batch"])
def test_an_interrupted_push_is_refused_then_finished_by_pushing_again(seed, db, crash_at):
    """Interrupted while writing nodes or while writing relationships, both on the fresh (CREATE) path."""
    from litgraph.neo4j.push import push_graph
    from litgraph.neo4j.rows import project_graph, source_revision
    from litgraph.neo4j.settings import connected, neo4j_settings
    from litgraph.project import find_project

    cli = Cli(seed)
    push(cli)
    complete = snapshot(db)
    db.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")

    project = find_project(seed)
    settings = neo4j_settings(project)
    batches = []

    def crash(what, rows):
        batches.append(what)
        if (crash_at == "4th batch" and len(batches) == 4) or (
            crash_at != "4th batch" and sum(b.startswith("EVIDENCE") for b in batches) == 2
        ):
            raise RuntimeError("connection lost (simulated)")

    with connected(settings) as driver, pytest.raises(RuntimeError):
        push_graph(
            driver, settings, project_graph(project), source_revision(project), batch_size=5, progress=crash
        )
    if crash_at != "4th batch":
        assert (
            db.execute_query("MATCH ()-[r:EVIDENCE]->() RETURN count(r) AS n", database_="neo4j").records[0][
                "n"
            ]
            > 0
        )
    result = cli("paths", "community support", "brand attachment", "--backend", "neo4j")
    assert result.exit_code == 3 and "did not finish" in result.stderr
    again = push(cli)
    assert not again["fresh"]  # what the interrupted push left is MERGEd onto, never created twice
    assert snapshot(db) == complete


def test_a_review_with_any_node_left_is_not_written_fresh(seed, db):
    """An interrupted --replace deletes the Review node first: the nodes left must still be MERGEd onto."""
    cli = Cli(seed)
    assert push(cli)["fresh"]
    complete = snapshot(db)
    db.execute_query("MATCH (n) WHERE NOT n:Reference DETACH DELETE n", database_="neo4j")
    again = push(cli)
    assert not again["fresh"]
    assert snapshot(db) == complete


def test_a_fresh_push_fails_when_its_nodes_are_deleted_meanwhile(tam, db):
    """Another push of the same review deleting its nodes mid-push: the fresh path's element ids
    would be stale."""
    from litgraph.errors import BackendError
    from litgraph.neo4j.push import push_graph
    from litgraph.neo4j.rows import project_graph, source_revision
    from litgraph.neo4j.settings import connected, neo4j_settings
    from litgraph.project import find_project

    project = find_project(tam)
    settings = neo4j_settings(project)

    def meddle(what, rows):
        if what.startswith("EVIDENCE"):
            db.execute_query(
                "MATCH (n:Reference {review: 'tam-acceptance'}) WITH n LIMIT 1 DETACH DELETE n",
                database_="neo4j",
            )

    with (
        connected(settings) as driver,
        pytest.raises(BackendError, match="changed in Neo4j while it was pushed"),
    ):
        push_graph(
            driver, settings, project_graph(project), source_revision(project), batch_size=3, progress=meddle
        )
    crossing = db.execute_query(
        "MATCH (a)-[r]->(b) WHERE a.review <> b.review OR r.review <> a.review RETURN count(r) AS n",
        database_="neo4j",
    ).records[0]["n"]
    assert crossing == 0
    status = Cli(tam).json("neo4j", "status")
    assert [r["complete"] for r in status["reviews"]] == [False]
    cli = Cli(tam)
    push(cli, "--replace")
    assert all(r["complete"] for r in cli.json("neo4j", "status")["reviews"])
    assert_same_answers(cli, [("hypotheses", "--format", "json"), ("audit", "--json")])


def test_a_push_after_editing_the_sources_removes_what_is_gone(tam, db):
    cli = Cli(tam)
    push(cli)
    model = tam / "model.yaml"
    text = model.read_text(encoding="utf-8")
    edited = text.replace("        beta: 0.62\n", "").replace(
        "      - ref: Gefen2003\n"
        "        claim: Confirms the effect of ease of use on usefulness for online shopping.\n",
        "",
    )
    assert edited != text and "Gefen2003" not in edited
    model.write_text(edited, encoding="utf-8")
    summary = push(cli)
    assert summary["pruned"]["relationships"] >= 1  # the dropped evidence link
    assert_same_answers(
        cli,
        [
            ("evidence", "H1", "--json"),
            ("evidence", "H2", "--json"),
            ("supports", "Gefen2003", "--json"),
            ("hypotheses", "--format", "json"),
        ],
    )
    pruned = snapshot(db)
    db.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    push(cli)
    assert snapshot(db) == pruned  # the same graph as a push into an empty database


def test_two_reviews_share_a_database_without_mixing(seed, tam, db):
    push(Cli(seed))
    push(Cli(tam))
    crossing = db.execute_query(
        "MATCH (a)-[r]->(b) WHERE a.review <> b.review OR r.review <> a.review RETURN count(r) AS n",
        database_="neo4j",
    ).records[0]["n"]
    unscoped = db.execute_query(
        "MATCH (n) WHERE n.review IS NULL OR n.id IS NULL RETURN count(n) AS n", database_="neo4j"
    ).records[0]["n"]
    assert crossing == 0 and unscoped == 0
    status = Cli(seed).json("neo4j", "status")
    assert [r["review"] for r in status["reviews"]] == ["brand-community-attachment", "tam-acceptance"]
    assert all(r["complete"] for r in status["reviews"])
    for project in (seed, tam):
        assert_same_answers(Cli(project), [("hypotheses", "--format", "json"), ("constructs", "--json")])


def test_replace_removes_only_this_review(seed, tam, db):
    seed_cli, tam_cli = Cli(seed), Cli(tam)
    push(seed_cli)
    first = push(tam_cli)
    seed_part = [item for item in snapshot(db)[0] if "brand-community-attachment" in item]
    replaced = push(tam_cli, "--replace")
    assert replaced["replaced"]["nodes"] == sum(first["nodes"].values())
    assert replaced["replaced"]["relationships"] == sum(first["relationships"].values())
    assert [item for item in snapshot(db)[0] if "brand-community-attachment" in item] == seed_part
    assert_same_answers(tam_cli, [("hypotheses", "--format", "json"), ("audit", "--json")])
    assert_same_answers(seed_cli, [("constructs", "--json")])


def test_the_connection_may_come_from_litgraph_toml(tam, db, neo4j_uri, monkeypatch):
    monkeypatch.delenv("NEO4J_URI")
    config = tam / "litgraph.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[neo4j]\nuri = "{neo4j_uri}"\ndatabase = "neo4j"\n',
        encoding="utf-8",
    )
    cli = Cli(tam)
    assert push(cli)["uri"] == neo4j_uri
    assert cli("evidence", "H1", "--backend", "neo4j", "--json").exit_code == 0


def test_a_password_in_litgraph_toml_is_refused(tam, db):
    config = tam / "litgraph.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[neo4j]\npassword = "{SECRET}"\n', encoding="utf-8"
    )
    result = Cli(tam)("neo4j", "push")
    assert result.exit_code == 2 and "NEO4J_PASSWORD" in result.stderr
    assert SECRET not in result.output


# --- failures: one line, exit 3, no secret ---------------------------------------------------------------


def _litgraph(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A real process, as a user runs it: stderr must be a single line, wide terminal or not."""
    environ = {**os.environ, "COLUMNS": "250", **env}
    return subprocess.run(
        [sys.executable, "-m", "litgraph", *args, "--project", str(project)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )


def test_an_unreachable_server_is_one_line_and_exit_3(tam, db):
    uri = f"bolt://127.0.0.1:{_free_port()}"
    for args in (
        ("paths", "attitude", "behavioral intention", "--backend", "neo4j"),
        ("neo4j", "push"),
        ("neo4j", "status"),
        ("cypher", "RETURN 1"),
    ):
        result = _litgraph(tam, *args, NEO4J_URI=uri, NEO4J_PASSWORD=SECRET)
        assert result.returncode == 3, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"error: cannot reach Neo4j at {uri}: Connection refused"
        ]
        assert SECRET not in result.stdout + result.stderr


def test_a_bad_uri_is_one_line_and_exit_3_and_keeps_its_password(tam, db):
    cli = Cli(tam)
    for uri, expected in (
        (f"bolt://neo4j:{SECRET}@127.0.0.1:{_free_port()}", "keep the user and password out of the URI"),
        ("http://127.0.0.1:7474", "not a Neo4j URI"),
        ("localhost", "not a Neo4j URI"),
        ("bolt://127.0.0.1:port", "not a Neo4j URI"),
        ("bolt://[::1", "not a Neo4j URI"),
        (f"bolt://neo4j:{SECRET}@[::1", "not a Neo4j URI"),
    ):
        result = cli("neo4j", "push", "--uri", uri)
        assert result.exit_code == 3 and expected in result.stderr, result.output
        assert (
            len(result.stderr.strip().splitlines()) <= 2 and "Traceback" not in result.output
        )  # wrapped at 80
        assert SECRET not in result.output


def test_an_unknown_database_is_one_line_and_exit_3(tam, db, neo4j_uri):
    for args in (("evidence", "H1", "--backend", "neo4j"), ("neo4j", "push"), ("neo4j", "status")):
        result = _litgraph(tam, *args, NEO4J_URI=neo4j_uri, NEO4J_DATABASE="nosuchdb", NEO4J_PASSWORD=SECRET)
        assert result.returncode == 3, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "no database 'nosuchdb'" in lines[0] and "Traceback" not in result.stderr
        assert SECRET not in result.stdout + result.stderr


def test_a_review_never_pushed_is_one_line_and_exit_3(tam, db):
    result = Cli(tam)("hypotheses", "--backend", "neo4j")
    assert result.exit_code == 3
    assert "review 'tam-acceptance' is not in Neo4j" in result.stderr and "neo4j push" in result.stderr


def test_the_password_is_never_printed_or_logged(tam, db, neo4j_uri, caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="neo4j")
    cli = Cli(tam)
    runs = [
        cli("neo4j", "push", "--password", SECRET, "--json"),  # the test server accepts any password
        cli("neo4j", "push", "--password", SECRET, "--uri", f"bolt://127.0.0.1:{_free_port()}"),
        cli("neo4j", "status", "--password", SECRET, "--database", "nosuchdb"),
        cli("cypher", "RETURN 1 AS one", "--password", SECRET, "--json"),
    ]
    assert [r.exit_code for r in runs] == [0, 3, 3, 0]
    for result in runs:
        assert SECRET not in result.output
    assert caplog.records and SECRET not in caplog.text  # the driver's own debug log masks it too


# --- cypher -----------------------------------------------------------------------------------


def test_cypher_reads_and_refuses_writes_with_exit_2(tam, db):
    cli = Cli(tam)
    push(cli)
    rows = cli.json(
        "cypher", "MATCH (c:Construct {review: $review}) RETURN c.id AS id, c.label_de AS de ORDER BY id"
    )
    assert [r["id"] for r in rows][:2] == ["attitude", "behavioral_intention"]
    assert {r["id"]: r["de"] for r in rows}["perceived_usefulness"] == "wahrgenommene Nützlichkeit"
    node = cli.json("cypher", "MATCH (h:Hypothesis {review: $review, id: 'H1'}) RETURN h")[0]["h"]
    assert node["labels"] == ["Hypothesis"] and node["properties"]["kind"] == "direct"
    before = snapshot(db)
    for query in ("CREATE (n:Intruder) RETURN n", "MATCH (n) DETACH DELETE n"):
        result = cli("cypher", query)
        assert result.exit_code == 2 and "not a read-only Cypher query" in result.stderr
    assert snapshot(db) == before
    bad = cli("cypher", "MATC (n) RETURN n")
    assert bad.exit_code == 2 and "invalid Cypher" in bad.stderr and "Traceback" not in bad.output


def test_routes_take_user_text_only_as_parameters(tam, db):
    from litgraph.errors import LitgraphError
    from litgraph.project import find_project
    from litgraph.query.neo4j import open_neo4j

    push(Cli(tam))
    before = snapshot(db)
    backend = open_neo4j(find_project(tam))
    try:
        assert backend.routes("x'}) DETACH DELETE a //", "attitude", 3) == []
        assert backend.routes("perceived_ease_of_use", "behavioral_intention", 1) == [
            ["perceived_ease_of_use", "behavioral_intention"]
        ]
        with pytest.raises(LitgraphError):
            backend.routes("attitude", "behavioral_intention", "3 DETACH DELETE a")
    finally:
        backend.close()
    assert snapshot(db) == before


def test_batches_written_together_share_no_node():
    from litgraph.neo4j.batches import _apart, _disjoint_batches

    rows = [[f"h{i % 37}", f"r{(i * 7919) % 101}", i] for i in range(2_000)]
    batches = list(_disjoint_batches(iter(rows), 50))
    assert sorted(row[2] for _, batch in batches for row in batch) == list(range(2_000))
    assert all(len(batch) <= 50 for _, batch in batches)
    for part, batch in batches:
        for other_part, other in batches:
            if _apart(part, other_part):
                assert not {row[0] for row in batch} & {row[0] for row in other}
                assert not {row[1] for row in batch} & {row[1] for row in other}
