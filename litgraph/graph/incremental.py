"""The incremental build: the last build's parse reused, only the changed references rewritten.

It reuses the last build's per-chunk results (`BuildState`, keyed by each chunk's
text hash), parses only the chunks that changed, and rewrites only the statements of
the references whose text, crossref parent or line changed (a moved but unchanged
entry only gets its `lg:sourceLine` replaced). It yields exactly the statements a
full build would; whatever it cannot do cheaply and surely (a changed @string,
another review id, other files, SHACL on the build, many changed chunks) falls back
to a full build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..parse.bibtex import ChunkResult, SourceFile, Winner, assemble, finished
from ..project import Project
from ..records import Problem
from ..steps import Steps
from .shacl import SHACL_ON_BUILD_LIMIT
from .sources import (
    ModelPart,
    checked_model,
    file_states,
    keys_digest,
    load_model_part,
    macros_digest,
    model_lines,
    model_sha,
    signature,
)
from .state import BuildResult, BuildState, ModelState, build_manifest, code_version
from .store import GraphStore, StoreChange
from .triples import SOURCE_LINE, reference_lines, reference_subjects, typed
from .vocab import XSD, ReviewIris

#: An incremental build parses changed chunks in-process; past this share of
#: changed chunks a full (parallel, bulk-loaded) build is faster.
INCREMENTAL_MAX_SHARE = 0.2


@dataclass(slots=True)
class _Plan:
    """What changes in the store, and how each reference is written afterwards."""

    drop_graphs: list[str] = field(default_factory=list)
    drop_subjects: list[str] = field(default_factory=list)
    drop_quads: list[ox.Quad] = field(default_factory=list)
    add: list[str] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


class Incremental:
    """One incremental build; `run` returns None where a full build must do it."""

    def __init__(
        self, project: Project, store: GraphStore, files: list[SourceFile], state: BuildState, steps: Steps
    ):
        self.project = project
        self.store = store
        self.files = files
        self.state = state
        self.steps = steps

    def run(self, run_shacl: bool) -> BuildResult | None:
        """`run_shacl`: whether SHACL runs on a graph small enough for it (only a full build runs it)."""
        state = self.state
        if state.code_version != code_version():
            return None
        if [source.name for source in self.files] != [file.name for file in state.files]:
            return None
        if any(
            macros_digest(source) != file.macros for source, file in zip(self.files, state.files, strict=True)
        ):
            return None
        if not self._reuse_chunks():
            return None
        assembler = assemble(self.files)
        winners = list(assembler.winners.values())
        keys = keys_digest(assembler.winners)
        part, model_problems, review_id = self._model(keys, set(assembler.winners))
        if review_id != state.review_id:
            return None
        iris = ReviewIris(review_id)
        plan = self._plan(winners, iris)
        model_quads = state.model.quads
        if part is not None:
            lines = [line for batch in model_lines(self.files, part, iris) for line in batch]
            model_quads = len(lines)
            plan.drop_graphs.append(iris.model_graph)
            plan.add += lines
        if run_shacl and state.statements + len(plan.add) <= SHACL_ON_BUILD_LIMIT:
            return None
        part = part or ModelPart(None, [], state.model.counts, state.model.sha)
        problems = assembler.problems + model_problems
        change = StoreChange(
            plan.drop_graphs, plan.drop_subjects, plan.drop_quads, "".join(plan.add).encode("utf-8")
        )
        manifest = build_manifest(
            self.project, review_id, assembler.heads, len(winners), part.counts, 0, problems, {}
        )
        self.steps.begin("write", len(plan.add))
        statements = self.store.update(change)
        manifest.counts["quads"] = statements
        new_state = BuildState(
            code_version(),
            review_id,
            statements,
            file_states(self.files),
            ModelState(part.sha, keys, model_problems, model_quads, part.counts),
            plan.signatures,
            plan.lines,
        )
        self.store.commit(manifest, new_state)
        self.steps.advance("write", len(plan.add))
        return BuildResult(True, manifest, problems, incremental=True)

    def _reuse_chunks(self) -> bool:
        """Take the last build's result for every unchanged chunk; parse the others,
        unless so many changed that a full build is the faster way."""
        todo = 0
        for source, saved in zip(self.files, self.state.files, strict=True):
            known = saved.parses()
            for position, digest in enumerate(source.digests):
                data = known.get(digest)
                if data is not None:
                    source.results[position] = ChunkResult.from_json(data)
                else:
                    todo += 1
        if todo > INCREMENTAL_MAX_SHARE * sum(len(source.chunks) for source in self.files):
            return False
        self.steps.begin("parse", todo)
        for source in self.files:
            source.parse(workers=1, progress=lambda n: self.steps.advance("parse", n))
        return True

    def _model(self, keys: str, key_set: set[str]) -> tuple[ModelPart | None, list[Problem], str]:
        """The model's part when its graph must be rewritten (else None), its problems and the review id.

        An unchanged model keeps its graph; its problems are reused too unless the
        set of reference keys it is checked against changed.
        """
        saved = self.state.model
        sha = model_sha(self.project.model)
        if sha == saved.sha and keys == saved.keys:
            return None, list(saved.problems), self.state.review_id
        self.steps.begin("model")
        part = load_model_part(self.project)
        problems = checked_model(part, key_set)
        review_id = self.project.review_id(part.model)
        return (part if sha != saved.sha else None), problems, review_id

    def _plan(self, winners: list[Winner], iris: ReviewIris) -> _Plan:
        """What changes in the store: references to drop, quads to drop, N-Quads to add."""
        old = self.state
        plan = _Plan()
        for winner in winners:
            key, line = winner.key, winner.line
            signed = plan.signatures[key] = signature(self.files, winner)
            plan.lines[key] = line
            before = old.signatures.get(key)
            if before == signed:
                if old.lines[key] != line:
                    node = iris.reference(key)
                    plan.drop_quads.append(
                        ox.Quad(
                            ox.NamedNode(node),
                            ox.NamedNode(SOURCE_LINE),
                            ox.Literal(str(old.lines[key]), datatype=ox.NamedNode(XSD + "integer")),
                            ox.DefaultGraph(),
                        )
                    )
                    plan.add.append(f"<{node}> <{SOURCE_LINE}> {typed(line, 'integer')} .\n")
                continue
            if before is not None:
                plan.drop_subjects += reference_subjects(iris, key)
            source = self.files[winner.file]
            plan.add += reference_lines(finished(self.files, winner), iris, source.name)
        for key in old.signatures:
            if key not in plan.signatures:
                plan.drop_subjects += reference_subjects(iris, key)
        return plan
