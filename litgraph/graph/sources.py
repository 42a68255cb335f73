"""A project's sources as a build reads them: the BibTeX, the model checked against it, the model's graph.

BibTeX problems do not stop a build — the sound entries go in and the rest are
reported — while a model that breaks its rules does, since every answer would rest
on it (`checked_model`). `read_sources` reads everything at once, for those that
need the records rather than a store (`validate`, the Neo4j push).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..model.load import load_model
from ..model.validate import model_errors, validate_model
from ..parse.bibtex import SourceFile, Winner, load_bibliography
from ..project import Project
from ..records import Bibliography, Problem, ResearchModel
from .state import FileState, fingerprint
from .triples import QuadWriter, model_steps, source_quads
from .vocab import ReviewIris


@dataclass(slots=True)
class Sources:
    """What a project's files say, parsed and validated, before it becomes a graph."""

    bibliography: Bibliography
    model: ResearchModel | None
    problems: list[Problem]


def read_sources(project: Project) -> Sources:
    """Parse the BibTeX and the model and check the model against the bibliography."""
    shown = [project.shown(p) for p in project.bibtex]
    bibliography = load_bibliography(project.bibtex, shown)
    problems = list(bibliography.problems)
    model = None
    if project.model:
        model, shape_problems = load_model(project.model, project.shown(project.model))
        problems += shape_problems
        problems += validate_model(model, {ref.key for ref in bibliography.references})
    return Sources(bibliography, model, problems)


@dataclass(slots=True)
class ModelPart:
    """The model as the build needs it: records, shape problems, counts and the file's hash."""

    model: ResearchModel | None
    problems: list[Problem]
    counts: dict[str, int]
    sha: str


def load_model_part(project: Project) -> ModelPart:
    if not project.model:
        return ModelPart(None, [], {"constructs": 0, "hypotheses": 0, "evidence_links": 0}, "")
    model, problems = load_model(project.model, project.shown(project.model))
    evidence = sum(len(h.evidence) for h in model.hypotheses) + sum(
        len(c.defined_by) for c in model.constructs
    )
    counts = {
        "constructs": len(model.constructs),
        "hypotheses": len(model.hypotheses),
        "evidence_links": evidence,
    }
    return ModelPart(model, problems, counts, fingerprint(project.model)["sha256"])


def checked_model(part: ModelPart, keys: set[str]) -> list[Problem]:
    """The model's problems with its references checked; raises when it breaks a rule."""
    problems = list(part.problems)
    if part.model is not None:
        problems += validate_model(part.model, keys)
    errors = model_errors(problems)
    if errors:
        raise ModelError(errors)
    return problems


def model_sha(model: Path | None) -> str:
    """The model file's hash; one that cannot be read (gone, a folder) differs from any, so the
    model is read again and the reader names the problem."""
    if model is None:
        return ""
    try:
        return fingerprint(model)["sha256"]
    except OSError:
        return "unreadable"


def model_lines(
    files: list[SourceFile], part: ModelPart, iris: ReviewIris, batch: int = 50_000
) -> Iterator[list[str]]:
    """The model graph in lists of about `batch` lines: the sources read, and the research model."""
    out = QuadWriter()
    source_quads(sorted({source.name for source in files}), iris, out)
    if part.model is not None:
        for _ in model_steps(part.model, iris, out):
            if len(out.lines) >= batch:
                yield out.lines
                out.lines = []
    yield out.lines


# --- what a build records of them (see state.BuildState) ------------------------------------


def file_states(files: list[SourceFile]) -> list[FileState]:
    """The files as a build parsed them, every chunk with its result."""
    return [FileState(source.name, macros_digest(source), _parses(source)) for source in files]


def _parses(source: SourceFile) -> list[list]:
    return [[digest, source.result(i).to_json()] for i, digest in enumerate(source.digests)]


def signature(files: list[SourceFile], winner: Winner) -> str:
    """What a reference's statements depend on, apart from its line: its file, its
    entry's text, and its crossref parent's text."""
    source = files[winner.file]
    parent = "" if winner.parent is None else f"{source.digests[winner.parent[0]]}:{winner.parent[1]}"
    text = f"{source.name}\0{source.digests[winner.chunk]}:{winner.entry}\0{parent}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def keys_digest(keys: Iterable[str]) -> str:
    return hashlib.blake2b("\0".join(sorted(keys)).encode("utf-8"), digest_size=16).hexdigest()


def macros_digest(source: SourceFile) -> str:
    text = json.dumps(
        [sorted(source.macros.items()), [p.as_dict() for p in source.macro_problems]], ensure_ascii=False
    )
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
