"""SHACL validation of a built graph with pyshacl against ontology/shapes.ttl.

pyshacl and rdflib are imported inside the two functions that run them, not at the
top: every query command brings the store up to date through `build`, which imports
this module, and pyshacl alone takes about 0.4 s to load; SHACL itself runs only on a
full build of a small graph and in `litgraph validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..records import Location, Problem, Severity
from .vocab import LG, ONTOLOGY_FILE, SHAPES_FILE, XSD

if TYPE_CHECKING:
    from rdflib import Graph

#: Above this many quads, `build` leaves SHACL to `litgraph validate`: pyshacl is
#: in-memory Python (about 4,000 quads a second here, RDFS inference included) and
#: would dominate the build of anything but a review-sized bibliography.
SHACL_ON_BUILD_LIMIT = 20_000


@dataclass(slots=True)
class ShaclResult:
    focus: str
    path: str
    message: str
    severity: str


@dataclass(slots=True)
class ShaclReport:
    conforms: bool
    results: list[ShaclResult]

    def problems(self) -> list[Problem]:
        return [
            Problem(
                Severity.ERROR if r.severity == "Violation" else Severity.WARNING,
                f"SHACL: {r.focus} {r.path}: {r.message}".replace("  ", " "),
                Location("graph"),
                code="shacl",
            )
            for r in self.results
        ]


def validate_graph(data_graph) -> ShaclReport:
    """Validate an rdflib Graph; the ontology supplies the class hierarchy (RDFS inference)."""
    import pyshacl
    from rdflib import Graph, Namespace
    from rdflib.namespace import SH

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    conforms, results, _text = pyshacl.validate(
        data_graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        allow_warnings=False,
    )
    lg = Namespace(LG)
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        found.append(
            ShaclResult(
                focus=_short(focus, lg),
                path=_short(path, lg) if path is not None else "",
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    found.sort(key=lambda r: (r.focus, r.path, r.message))
    return ShaclReport(bool(conforms), found)


def validate_quads(nquads: list[str]) -> ShaclReport:
    """Validate N-Quads lines as one merged graph (references and model together)."""
    return validate_graph(merged_graph(nquads))


def merged_graph(nquads: list[str]) -> Graph:
    """N-Quads lines as one rdflib graph, graph names dropped. Oxigraph parses them and the
    graph is built from its terms: re-serialised and parsed again by rdflib's N-Triples
    reader, a literal took time quadratic in its length (a million characters 3.4 s, three million
    30 s, the 10 MB label of issue 16 456 s; benchmarks/bench_shacl.py)."""
    from rdflib import BNode, Graph, Literal, URIRef

    def term_of(term):
        """An Oxigraph term as rdflib's own parsers make it: a literal of type xsd:string has no
        datatype (rdflib tells the two apart, and the shapes' `sh:in` lists are read with none)."""
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD + "string" else URIRef(datatype))

    graph = Graph()
    graph.addN(
        (term_of(quad.subject), term_of(quad.predicate), term_of(quad.object), graph)
        for quad in ox.parse("".join(nquads).encode("utf-8"), ox.RdfFormat.N_QUADS)
    )
    return graph


def _short(term, lg) -> str:
    text = str(term)
    return (
        text.rsplit("/", 2)[-2] + "/" + text.rsplit("/", 1)[-1]
        if "/review/" in text
        else text.replace(str(lg), "lg:")
    )
