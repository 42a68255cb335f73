"""The review graph for other tools: RDF files, Gephi networks, VOSviewer maps and a Cypher script.

The RDF formats copy the embedded store itself (Turtle and JSON-LD as the union
of its graphs, N-Quads with the graphs kept). Gephi and VOSviewer get one
network built from backend rows (`review_network`) — constructs and references as
nodes, hypothesised effects and evidence links as edges — so both show the same
thing; VOSviewer adds the co-citation links that our data allows: two references
are co-cited when one hypothesis or construct cites both. The Cypher script is the
Neo4j push itself, written out, so that there is one Neo4j model, not two.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from itertools import combinations, islice
from pathlib import Path
from typing import cast

import networkx as nx
import pyoxigraph as ox
import rdflib

from .. import neo4j as push  # the package's rows and statements; the driver stays unloaded
from ..files import atomic_replace, atomic_write_text
from ..graph.vocab import PREFIXES
from ..query.rows import HypothesisRow
from ..query.service import ReviewQuestions

RDF_FORMATS = ("turtle", "jsonld", "nquads")
NETWORK_FORMATS = ("graphml", "gexf", "vosviewer")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS, "cypher")
SUFFIXES = {
    ".ttl": "turtle",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".nq": "nquads",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cypher": "cypher",
    ".cql": "cypher",
}


# --- RDF ----------------------------------------------------------------------------


def rdf_export(store, fmt: str) -> bytes:
    """The whole graph: N-Quads with its graphs kept, Turtle and JSON-LD as their union with our prefixes.
    (pyoxigraph's dump and serialize return the bytes when given no file to write.)"""
    if fmt == "nquads":
        return cast(bytes, store.dump(format=ox.RdfFormat.N_QUADS))
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    triples = sorted(
        union, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )  # one block per subject
    if fmt == "turtle":
        return cast(bytes, ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    # pyoxigraph writes JSON-LD uncompacted; rdflib compacts it with our prefixes as @context.
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True).encode("utf-8")


# --- the network --------------------------------------------------------------------


def constructs_named(hyp: HypothesisRow, by_id: dict[str, HypothesisRow]) -> list[str]:
    """The constructs a hypothesis speaks about: its path, plus the moderator and the moderated path."""
    if hyp.kind.claims_effects:
        return [hyp.source, *hyp.mediators, hyp.target]
    moderated = by_id.get(hyp.moderates)
    return list(dict.fromkeys([hyp.moderator, *(constructs_named(moderated, by_id) if moderated else [])]))


def _effect_ends(hyp: HypothesisRow, by_id: dict[str, HypothesisRow]) -> tuple[str, str] | None:
    """An effect edge per hypothesis: cause → outcome; a moderator points at the outcome it moderates."""
    if hyp.kind.claims_effects:
        return hyp.source, hyp.target
    moderated = by_id.get(hyp.moderates)
    return (hyp.moderator, moderated.target) if moderated else None


def work_node(row) -> str:
    """Node id of what an evidence row cites: the BibTeX key, or the citation text when it has no entry."""
    return f"ref:{row.ref}" if row.ref else f"citation:{row.citation}"


def review_network(questions: ReviewQuestions):
    """A networkx MultiDiGraph: constructs and cited works as nodes; effects and evidence links as edges.

    One effect edge per hypothesis (kind, id, sign). One evidence edge per evidence link and construct the
    citing hypothesis names (a study cited for 'A → B' speaks about A and B), or per definition.
    """
    graph = nx.MultiDiGraph()
    for construct in questions.constructs():
        graph.add_node(
            f"construct:{construct.id}",
            kind="construct",
            label=construct.label(questions.lang),
            id=construct.id,
        )
    for ref in questions.backend.references():
        graph.add_node(
            f"ref:{ref.key}",
            kind="reference",
            label=questions.label_of(ref),
            id=ref.key,
            title=ref.title,
            year=ref.year,
            container=ref.container,
            doi=ref.doi,
        )
    hyps = questions.backend.hypotheses()
    by_id = {h.id: h for h in hyps}
    for hyp in hyps:
        ends = _effect_ends(hyp, by_id)
        if ends:
            graph.add_edge(
                f"construct:{ends[0]}",
                f"construct:{ends[1]}",
                key=hyp.id,
                kind="effect",
                hypothesis=hyp.id,
                hypothesis_kind=hyp.kind.value,  # GraphML and GEXF take plain text
                sign=hyp.sign,
                via=", ".join(hyp.mediators),
                moderates=hyp.moderates,
            )
    for row in questions.backend.evidence():
        work = work_node(row)
        if work not in graph:  # cited in the review, missing from its reference list
            graph.add_node(
                work,
                kind="unlisted citation",
                label=row.citation,
                id=row.citation,
                title="",
                year="",
                container="",
                doi="",
            )
        about = (
            [row.owner_id] if row.owner_kind == "construct" else constructs_named(by_id[row.owner_id], by_id)
        )
        for construct_id in about:
            graph.add_edge(
                work,
                f"construct:{construct_id}",
                key=f"{row.owner_kind}:{row.owner_id}#{row.position}",
                kind="evidence",
                cited_for=row.owner_id,
                cited_for_kind=row.owner_kind,
                direction=row.direction,
                claim=row.claim,
            )
    return graph


def cocitations(questions: ReviewQuestions) -> Counter:
    """(work, work) → number of hypotheses and constructs citing both."""
    citers: dict[tuple[str, str], set[str]] = {}
    for row in questions.backend.evidence():
        citers.setdefault((row.owner_kind, row.owner_id), set()).add(work_node(row))
    pairs: Counter = Counter()
    for works in citers.values():
        pairs.update(combinations(sorted(works), 2))
    return pairs


def write_network(graph, fmt: str, path: Path) -> None:
    writer = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}[fmt]
    atomic_replace(path, lambda tmp: writer(graph, tmp))


# --- VOSviewer ----------------------------------------------------------------------

VOS_CLUSTERS = {"construct": 1, "reference": 2, "unlisted citation": 3}


def _cell(text: str) -> str:
    return " ".join(str(text).split())  # no tab or newline may break a row


def vosviewer_files(graph, pairs: Counter) -> tuple[str, str]:
    """VOSviewer's map file (id, label, description, cluster, weight) and network file (id1 id2 strength).

    Links are undirected: constructs linked by effects, works by the constructs they are cited for, and
    works with each other by co-citation. Clusters mark the kind of item (1 construct, 2 reference,
    3 citation missing from the reference list); the description starts with the item's id or BibTeX
    key in brackets; the weight counts an item's evidence links.
    """
    ids = {node: number for number, node in enumerate(graph.nodes, 1)}
    evidence: Counter = Counter()
    strength: Counter = Counter()
    for source, target, data in graph.edges(data=True):
        if data["kind"] == "evidence":
            evidence[source] += 1
            evidence[target] += 1
        strength[tuple(sorted((ids[source], ids[target])))] += 1
    for (first, second), count in pairs.items():
        strength[tuple(sorted((ids[first], ids[second])))] += count
    rows = ["id\tlabel\tdescription\tcluster\tweight<Evidence links>"]
    for node, data in graph.nodes(data=True):
        details = filter(None, (data.get("title"), data.get("container"), data.get("year")))
        about = f"[{data['id']}] " + ". ".join(details)
        rows.append(
            "\t".join(
                [
                    str(ids[node]),
                    _cell(data["label"]),
                    html.escape(_cell(about)),
                    str(VOS_CLUSTERS[data["kind"]]),
                    str(evidence[node]),
                ]
            )
        )
    links = [f"{first}\t{second}\t{count}" for (first, second), count in sorted(strength.items())]
    return "\n".join(rows) + "\n", "\n".join(links) + ("\n" if links else "")


def write_vosviewer(graph, pairs: Counter, prefix: Path) -> tuple[Path, Path]:
    map_text, network_text = vosviewer_files(graph, pairs)
    map_path = prefix.with_name(prefix.name + "_map.txt")
    network_path = prefix.with_name(prefix.name + "_network.txt")
    atomic_write_text(map_path, map_text)
    atomic_write_text(network_path, network_text)
    return map_path, network_path


# --- Cypher -------------------------------------------------------------------------

_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def cypher_literal(value) -> str:
    """A value as a Cypher literal; strings single-quoted with every quote, backslash and control escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cypher_name(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    text = "".join(
        _CYPHER_ESCAPES.get(ch, ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}")
        for ch in str(value)
    )
    return f"'{text}'"


def cypher_name(name: str) -> str:
    """A property or key name, back-quoted unless it is a plain identifier."""
    return name if _NAME.match(name) else "`" + name.replace("`", "``") + "`"


def cypher_script(project) -> str:
    """What `litgraph neo4j push` writes, as a script: its own statements with every parameter inlined.

    Built from the push's rows and query templates (`litgraph.neo4j`), so a database loaded from the
    script holds exactly the graph the Neo4j backend reads, and running it again changes nothing.
    """
    graph = push.project_graph(project)
    params = {"review": graph.review, "revision": push.source_revision(project)}
    out = [
        f"// The litgraph review {graph.review} for Neo4j 5: run with `cypher-shell -f FILE` or paste into "
        "Neo4j Browser.",
        "// The same graph as `litgraph neo4j push`; running it again changes nothing.",
    ]
    out += [push.constraint_query(label) + ";" for label in push.LABELS]
    for group in graph.nodes:
        out += [_inline(push.node_query(group), params, rows) for rows in _batches(group.rows())]
    for relationships in graph.relationships:
        out += [
            _inline(push.relationship_query(relationships), params, rows)
            for rows in _batches(relationships.rows())
        ]
    out.append(_inline(push.MARK_COMPLETE, params, []))  # readers refuse a review not marked complete
    return "\n".join(out) + "\n"


_PARAMETER = re.compile(r"\$(\w+)")


def _inline(query: str, params: dict, rows: list[dict]) -> str:
    """One statement with its $parameters replaced by escaped literals."""
    values = {**params, "rows": rows}
    return _PARAMETER.sub(lambda match: cypher_literal(values[match.group(1)]), query) + ";"


def _batches(rows, size: int = 500):
    """Rows in statements of a few hundred: one statement each, of a size any client accepts."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
