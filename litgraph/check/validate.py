"""`litgraph validate`: the BibTeX, the model's rules and the graph's SHACL shapes, checked
without writing a store.

The graph is only shaped (its statements in memory) when the model keeps its rules:
a broken model would make SHACL report the same fault again in other words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..graph.shacl import ShaclReport, validate_quads
from ..graph.sources import read_sources
from ..graph.triples import all_quads
from ..graph.vocab import ReviewIris
from ..model.validate import model_errors
from ..project import Project
from ..records import Bibliography, Problem, ResearchModel, Severity


@dataclass(slots=True)
class Validation:
    bibliography: Bibliography
    model: ResearchModel | None
    problems: list[Problem]  # the sources' and, when run, SHACL's
    shacl: ShaclReport | None  # None when the model breaks its rules

    @property
    def model_ok(self) -> bool:
        return self.shacl is not None

    @property
    def valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "shacl_conforms": self.shacl.conforms if self.shacl else None,
            "problems": [p.as_dict() for p in self.problems],
        }


def validate_project(project: Project) -> Validation:
    sources = read_sources(project)
    problems = list(sources.problems)
    shacl = None
    if not model_errors(problems):
        refs = sources.bibliography.references
        iris = ReviewIris(project.review_id(sources.model))
        quads = all_quads(refs, {r.key: r.location.file for r in refs}, sources.model, iris)
        shacl = validate_quads(list(quads))
        problems += shacl.problems()
    return Validation(sources.bibliography, sources.model, problems, shacl)
