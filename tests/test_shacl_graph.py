"""The graph SHACL validates is built from Oxigraph's terms (issue 16, item 10), not re-serialised and parsed
again by rdflib's N-Triples reader, whose time grew with the square of a literal's length. It must still be
the graph that reader makes: rdflib tells a literal typed xsd:string from one without a type, and the
shapes' `sh:in` lists hold the latter (oxrdflib's own converter gives the former: 75 false violations)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph

from litgraph.graph.shacl import merged_graph, validate_quads
from litgraph.graph.vocab import XSD
from tests.test_graph import quads_of

TRICKY = [
    '<http://example.org/a> <http://example.org/p> "plain" .\n',
    f'<http://example.org/a> <http://example.org/p> "typed string"^^<{XSD}string> .\n',
    '<http://example.org/a> <http://example.org/p> "tagged"@EN-us .\n',
    f'<http://example.org/a> <http://example.org/p> "0042"^^<{XSD}integer> .\n',
    f'<http://example.org/a> <http://example.org/p> "1e+308"^^<{XSD}double> .\n',
    f'<http://example.org/a> <http://example.org/p> "2020-02-30"^^<{XSD}date> .\n',  # ill-typed, kept
    '<http://example.org/a> <http://example.org/p> "bell \\u0007, tab \\t, quote \\" and 𝒳" .\n',
    "<http://example.org/a> <http://example.org/p> _:blank <http://example.org/named> .\n",
    '<http://example.org/%E5%93%81> <http://example.org/p> "品牌依恋"@zh <http://example.org/named> .\n',
]


def _as_rdflib_reads_it(lines: list[str]) -> Graph:
    quads = ox.parse("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
    triples = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES
    )
    return Graph().parse(data=triples.decode("utf-8"), format="nt")


def _without_blank_nodes(graph: Graph) -> set:
    return {triple for triple in graph if not any(isinstance(term, BNode) for term in triple)}


def test_the_graph_is_the_one_rdflib_reads_from_the_same_statements(seed):
    lines = quads_of(seed) + TRICKY
    built, reference = merged_graph(lines), _as_rdflib_reads_it(lines)
    assert len(built) == len(reference) == len(set(reference))
    assert _without_blank_nodes(built) == _without_blank_nodes(reference)  # blank node ids are the reader's


def test_the_seed_still_conforms_and_a_broken_graph_still_does_not(seed):
    quads = quads_of(seed)
    assert validate_quads(quads).conforms
    broken = [q.replace('"supports"', '"supported"', 1) if "direction" in q else q for q in quads]
    assert any("direction" in r.path for r in validate_quads(broken).results)
