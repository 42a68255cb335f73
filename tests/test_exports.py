"""`litgraph export`: RDF files, Gephi networks, VOSviewer files and the Cypher script.

RDF exports are checked against the store itself; the networks against counts derived
from the model files read as plain YAML and from the BibTeX the store was built from.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations

import networkx as nx
import pyoxigraph
import pytest
import rdflib

from litgraph.graph.build import build
from litgraph.graph.store import GraphStore
from litgraph.graph.vocab import PREFIXES
from litgraph.output.exports import cypher_literal, cypher_name
from litgraph.project import find_project


def _store(project_dir):
    project = find_project(project_dir)
    build(project)
    return GraphStore(project.store_dir).open()


@pytest.mark.parametrize("which", ["seed", "tam"])
def test_turtle_and_jsonld_hold_every_triple_of_the_store(which, request, tmp_path):
    project, cli = request.getfixturevalue(which), request.getfixturevalue(f"{which}_cli")
    assert cli("build").exit_code in (0, 1)
    store = _store(project)
    triples = {(q.subject, q.predicate, q.object) for q in store}  # the union of the default and model graphs
    for fmt, parser in (("turtle", "turtle"), ("jsonld", "json-ld")):
        out = tmp_path / f"graph.{fmt}"
        assert cli("export", "--format", fmt, "-o", str(out)).exit_code == 0
        graph = rdflib.Graph().parse(out, format=parser)
        assert len(graph) == len(triples)
    document = json.loads((tmp_path / "graph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == PREFIXES  # compacted with our prefixes
    assert any(key.startswith("lg:") for node in document["@graph"] for key in node)
    assert "@prefix lg: <https://w3id.org/litgraph/ontology#>" in (tmp_path / "graph.turtle").read_text(
        "utf-8"
    )


def test_nquads_keep_the_named_graphs(seed, seed_cli, tmp_path):
    store = _store(seed)
    out = tmp_path / "graph.nq"
    assert seed_cli("export", "-o", str(out)).exit_code == 0  # format from the suffix
    dataset = rdflib.Dataset()
    dataset.parse(out, format="nquads")
    assert len(list(dataset.quads())) == len(store)
    named = {q.graph_name.value for q in store if isinstance(q.graph_name, pyoxigraph.NamedNode)}
    assert named  # the model's graph
    assert {
        str(g.identifier)
        for g in dataset.graphs()
        if len(g) and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    } == named
    default = sum(1 for q in store if isinstance(q.graph_name, pyoxigraph.DefaultGraph))
    assert default and len(dataset.default_graph) == default  # references, people, venues


def _constructs_named(model: dict, hyp: dict) -> list[str]:
    if hyp["kind"] in ("direct", "mediation"):
        return [hyp["from"], *hyp.get("via", []), hyp["to"]]
    moderated = next(h for h in model["hypotheses"] if h["id"] == hyp["moderates"])
    return list(dict.fromkeys([hyp["moderator"], *_constructs_named(model, moderated)]))


def _expected_network(model: dict, references: int) -> tuple[int, int]:
    """Nodes: constructs, references and citations missing from the list. Edges: one effect per hypothesis,
    one evidence link per cited item and construct it speaks about."""
    unlisted = {
        e["citation"]
        for item in [*model["hypotheses"], *model["constructs"]]
        for e in item.get("evidence", item.get("defined_by", []))
        if "citation" in e
    }
    nodes = len(model["constructs"]) + references + len(unlisted)
    evidence = sum(len(h.get("evidence", [])) * len(_constructs_named(model, h)) for h in model["hypotheses"])
    evidence += sum(len(c.get("defined_by", [])) for c in model["constructs"])
    return nodes, len(model["hypotheses"]) + evidence


@pytest.mark.parametrize("which", ["seed", "tam"])
def test_graphml_and_gexf_load_in_networkx_with_the_model_s_nodes_and_edges(which, request, tmp_path):
    cli, model = request.getfixturevalue(f"{which}_cli"), request.getfixturevalue(f"{which}_model")
    references = cli.json("stats")["counts"]["references"]
    nodes, edges = _expected_network(model, references)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"network.{fmt}"
        result = cli("export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        graph = read(out)
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges)
    graph = nx.read_graphml(tmp_path / "network.graphml")
    effects = {
        d["hypothesis"]: (u, v, d["sign"]) for u, v, d in graph.edges(data=True) if d["kind"] == "effect"
    }
    for hyp in model["hypotheses"]:
        source, target, sign = effects[hyp["id"]]
        assert sign == hyp["sign"]
        if hyp["kind"] in ("direct", "mediation"):
            assert (source, target) == (f"construct:{hyp['from']}", f"construct:{hyp['to']}")
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    assert kinds["construct"] == len(model["constructs"]) and kinds["reference"] == references


def _cocitations(model: dict) -> Counter:
    """(key, key) → how many hypotheses and constructs cite both, from the YAML."""
    pairs = Counter()
    for item in [*model["hypotheses"], *model["constructs"]]:
        cited = {e.get("ref") or e["citation"] for e in item.get("evidence", item.get("defined_by", []))}
        pairs.update(combinations(sorted(cited), 2))
    return pairs


@pytest.mark.parametrize("which", ["seed", "tam"])
def test_vosviewer_map_and_network_files(which, request, tmp_path):
    cli, model = request.getfixturevalue(f"{which}_cli"), request.getfixturevalue(f"{which}_model")
    result = cli("export", "--format", "vosviewer", "-o", str(tmp_path / "review"))
    assert result.exit_code == 0, result.output
    map_lines = (tmp_path / "review_map.txt").read_text(encoding="utf-8").splitlines()
    assert map_lines[0].split("\t") == ["id", "label", "description", "cluster", "weight<Evidence links>"]
    items = {}
    for line in map_lines[1:]:
        item_id, label, description, cluster, weight = line.split("\t")
        assert cluster in {"1", "2", "3"} and weight.isdigit() and label
        items[int(item_id)] = re.match(r"^\[([^\]]+)\]", description).group(1)
    assert sorted(items) == list(range(1, len(items) + 1))
    strengths = {}
    for line in (tmp_path / "review_network.txt").read_text(encoding="utf-8").splitlines():
        first, second, strength = (int(v) for v in line.split("\t"))
        assert first < second and first in items and second in items and strength > 0
        strengths[(items[first], items[second])] = strength
    construct_ids = {c["id"] for c in model["constructs"]}
    between_works = {tuple(sorted(pair)): s for pair, s in strengths.items() if not set(pair) & construct_ids}
    assert between_works == dict(_cocitations(model))


def test_cypher_script_inlines_every_node_as_literals(seed_cli, seed_model, tam_cli, tam_model):
    for cli, model in ((seed_cli, seed_model), (tam_cli, tam_model)):
        result = cli("export", "--format", "cypher")
        assert result.exit_code == 0, result.output
        lines = [line for line in result.stdout.splitlines() if line and not line.startswith("//")]
        assert all(line.endswith(";") and line.split()[0] in ("CREATE", "UNWIND", "MATCH") for line in lines)
        assert not re.search(r"\$(rows|review|revision)\b", result.stdout)  # every parameter inlined
        for hyp in model["hypotheses"]:
            assert f"{{id: {cypher_literal(hyp['id'])}, kind: '{hyp['kind']}'" in result.stdout
        for construct in model["constructs"]:
            assert f"{{id: {cypher_literal(construct['id'])}, name: " in result.stdout
        for item in (e for h in model["hypotheses"] for e in h.get("evidence", [])):
            assert cypher_literal(item["claim"]) in result.stdout


def test_cypher_literals_escape_quotes_backslashes_and_controls():
    assert cypher_literal("it's") == r"'it\'s'"
    assert cypher_literal('a\\b "c"\n\t\x01') == r"""'a\\b "c"\n\t\u0001'"""
    assert cypher_literal("社群 ' // */") == r"'社群 \' // */'"
    assert cypher_literal({"a-b": None, "ok": [1, 2.5, True]}) == "{`a-b`: null, ok: [1, 2.5, true]}"
    assert cypher_literal(float("nan")) == "null"
    assert cypher_name("x`y") == "`x``y`"


@pytest.mark.neo4j
@pytest.mark.parametrize("which", ["seed", "tam"])
def test_cypher_script_loads_the_graph_the_neo4j_backend_reads(which, request):
    """Run on a real Neo4j, the script gives the answers of the embedded store; run twice, nothing changes."""
    # Asked for by name, as `cli` is: a `db` argument would redefine the fixture imported above.
    database = request.getfixturevalue("db")
    cli = request.getfixturevalue(f"{which}_cli")
    statements = [
        line
        for line in cli("export", "--format", "cypher").stdout.splitlines()
        if line and not line.startswith("//")
    ]
    counts = []
    for _ in range(2):
        for statement in statements:
            database.execute_query(statement, database_="neo4j")
        records, _, _ = database.execute_query(
            "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, "
            "count(r) AS relationships",
            database_="neo4j",
        )
        counts.append(dict(records[0]))
    assert counts[0] == counts[1] and counts[0]["relationships"] > 0
    source, target = {
        "seed": ("community support", "brand attachment"),
        "tam": ("perceived ease of use", "behavioral intention"),
    }[which]
    for args in (
        ("hypotheses", "--format", "json"),
        ("paths", source, target, "--json"),
        ("show", "H3", "--json"),
    ):
        embedded = cli(*args)
        from_script = cli(*args, "--backend", "neo4j")
        assert from_script.exit_code == 0, from_script.output
        assert json.loads(from_script.stdout) == json.loads(embedded.stdout)


def test_export_needs_a_known_format_and_a_file_for_networks(seed_cli, tmp_path):
    assert seed_cli("export").exit_code == 2
    assert seed_cli("export", "--format", "bogus").exit_code == 2
    result = seed_cli("export", "--format", "graphml")
    assert result.exit_code == 2 and "-o" in result.output
    result = seed_cli("export", "--format", "vosviewer")
    assert result.exit_code == 2 and "PREFIX" in result.output
