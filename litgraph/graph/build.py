"""parse → model → graph: read a project's sources, validate them, write the store.

The store is rebuilt only when a source (or litgraph itself) changed. BibTeX
problems do not stop a build — the sound entries go in and the rest are reported —
while a model that breaks its rules does, since every answer would rest on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..errors import ModelError
from ..project import Project
from ..records import Bibliography, Problem, ResearchModel, Severity
from .store import GraphStore, Manifest, fingerprint, unchanged
from .vocab import ONTOLOGY_FILE, SHAPES_FILE, ReviewIris

#: Above this many quads, `build` leaves SHACL to `litgraph validate` (pyshacl is
#: in-memory Python and would dominate a field-scale build).
SHACL_ON_BUILD_LIMIT = 200_000


@dataclass(slots=True)
class BuildResult:
    rebuilt: bool
    manifest: Manifest
    problems: list[Problem] = field(default_factory=list)

    @property
    def worst(self) -> Severity | None:
        return max((p.severity for p in self.problems), key=lambda s: s.rank, default=None)


@dataclass(slots=True)
class Sources:
    """What a project's files say, parsed and validated, before it becomes a graph."""

    bibliography: Bibliography
    model: ResearchModel | None
    problems: list[Problem]


def _source_paths(project: Project) -> list[Path]:
    paths = list(project.bibtex)
    if project.model:
        paths.append(project.model)
    return paths


def is_current(project: Project, store: GraphStore) -> bool:
    manifest = store.manifest()
    if manifest is None or not store.exists() or manifest.code_version != _code_version():
        return False
    paths = _source_paths(project)
    if set(manifest.sources) != {project.shown(p) for p in paths}:
        return False
    return all(unchanged(path, manifest.sources[project.shown(path)]) for path in paths)


def _code_version() -> str:
    """litgraph's version plus the ontology and shapes it builds with."""
    stamps = [str(int(p.stat().st_mtime)) for p in (ONTOLOGY_FILE, SHAPES_FILE) if p.exists()]
    return "+".join([__version__, *stamps])


def read_sources(project: Project) -> Sources:
    """Parse the BibTeX and the model and check the model against the bibliography."""
    from ..model.load import load_model
    from ..model.validate import validate_model
    from ..parse.bibtex import load_bibliography

    shown = [project.shown(p) for p in project.bibtex]
    bibliography = load_bibliography(project.bibtex, shown)
    problems = list(bibliography.problems)
    model = None
    if project.model:
        model, shape_problems = load_model(project.model, project.shown(project.model))
        problems += shape_problems
        problems += validate_model(model, {ref.key for ref in bibliography.references})
    return Sources(bibliography, model, problems)


def build(project: Project, force: bool = False, shacl: bool | None = None) -> BuildResult:
    store = GraphStore(project.store_dir)
    if not force and is_current(project, store):
        manifest = store.manifest()
        return BuildResult(False, manifest, [Problem.from_dict(p) for p in manifest.problems])
    sources = read_sources(project)
    model_errors = [p for p in sources.problems if p.code == "model" and p.severity is Severity.ERROR]
    if model_errors:
        raise ModelError(model_errors)

    review_id = sources.model.review.id if sources.model else project.root.resolve().name
    iris = ReviewIris(review_id)
    ref_sources = {ref.key: ref.location.file for ref in sources.bibliography.references}
    from .triples import all_quads

    quads = all_quads(sources.bibliography.references, ref_sources, sources.model, iris)

    shacl_report = {}
    run_shacl = shacl if shacl is not None else len(quads) <= SHACL_ON_BUILD_LIMIT
    if run_shacl:
        from .shacl import validate_quads

        report = validate_quads(quads)
        shacl_report = {"conforms": report.conforms, "violations": len(report.results)}
        sources.problems += report.problems()

    model = sources.model
    manifest = Manifest(
        review_id=review_id,
        sources={project.shown(p): fingerprint(p) for p in _source_paths(project)},
        counts={
            "references": len(sources.bibliography.references),
            "entries_in_files": sources.bibliography.heads,
            "constructs": len(model.constructs) if model else 0,
            "hypotheses": len(model.hypotheses) if model else 0,
            "evidence_links": sum(len(h.evidence) for h in model.hypotheses) + sum(len(c.defined_by) for c in model.constructs)
            if model else 0,
            "quads": len(quads),
        },
        problems=[p.as_dict() for p in sources.problems],
        code_version=_code_version(),
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        shacl=shacl_report,
    )
    store.replace(quads, manifest)
    return BuildResult(True, manifest, sources.problems)

