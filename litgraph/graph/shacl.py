"""SHACL validation of a built graph with pyshacl against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Location, Problem, Severity
from .vocab import LG, ONTOLOGY_FILE, SHAPES_FILE


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
    import pyoxigraph as ox
    from rdflib import Graph

    quads = ox.parse("".join(nquads).encode("utf-8"), ox.RdfFormat.N_QUADS)
    triples = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES
    )
    return validate_graph(Graph().parse(data=triples.decode("utf-8"), format="nt"))


def _short(term, lg) -> str:
    text = str(term)
    return (
        text.rsplit("/", 2)[-2] + "/" + text.rsplit("/", 1)[-1]
        if "/review/" in text
        else text.replace(str(lg), "lg:")
    )
