"""parse → model → graph: read a project's sources, validate them, write the store.

The store is rebuilt only when a source (or litgraph itself) changed. BibTeX
problems do not stop a build — the sound entries go in and the rest are reported —
while a model that breaks its rules does, since every answer would rest on it.

A full build streams: worker processes parse the BibTeX chunk by chunk and turn
each entry into N-Quads, and Oxigraph's bulk loader writes them while the next
chunks are parsed, so neither the file's entries nor its statements are all held
in memory at once. Crossref children need their parent, which may sit in another
worker's chunks: workers finish them with the parent guessed before the parse
(`likely_parents`), and their statements wait for the file's end, which confirms
the guess or finishes them again (all of them, serially, where a file's parents
lost to the same keys in an earlier file: correct, only slower).

An incremental build reuses the last build's per-chunk results (`state.json`, keyed
by each chunk's text hash), parses only the chunks that changed, and rewrites only
the statements of the references whose text, crossref parent or line changed (a
moved but unchanged entry only gets its `lg:sourceLine` replaced). It yields exactly
the statements a full build would; whatever it cannot do cheaply and surely (a
changed @string, another review id, other files, SHACL on the build, many changed
chunks) falls back to a full build.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..errors import ModelError
from ..parse.bibtex import (
    Assembler,
    ChunkResult,
    SourceFile,
    assemble,
    complete,
    default_workers,
    finished,
    inherit,
    likely_parents,
    map_chunks,
    parse_chunk,
)
from ..parse.text import read_text
from ..project import Project
from ..records import Bibliography, Location, Problem, Reference, ResearchModel, Severity
from ..steps import Silent, Steps
from .store import GraphStore, Manifest, StoreChange, fingerprint, unchanged
from .vocab import ONTOLOGY_FILE, SHAPES_FILE, XSD, ReviewIris

#: Above this many quads, `build` leaves SHACL to `litgraph validate`: pyshacl is
#: in-memory Python (about 4,000 quads a second here, RDFS inference included) and
#: would dominate the build of anything but a review-sized bibliography.
SHACL_ON_BUILD_LIMIT = 20_000
#: An incremental build parses changed chunks in-process; past this share of
#: changed chunks a full (parallel, bulk-loaded) build is faster.
INCREMENTAL_MAX_SHARE = 0.2
STATE_VERSION = 4


@dataclass(slots=True)
class BuildResult:
    rebuilt: bool
    manifest: Manifest
    problems: list[Problem] = field(default_factory=list)
    incremental: bool = False

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


def _model_sha(model: Path | None) -> str:
    """The model file's hash; one that cannot be read (gone, a folder) differs from any, so the
    model is read again and the reader names the problem."""
    if model is None:
        return ""
    try:
        return fingerprint(model)["sha256"]
    except OSError:
        return "unreadable"


def is_current(project: Project, store: GraphStore) -> bool:
    manifest = store.manifest()
    if manifest is None or not store.exists() or manifest.code_version != _code_version():
        return False
    paths = _source_paths(project)
    if set(manifest.sources) != {project.shown(p) for p in paths}:
        return False
    return all(unchanged(path, manifest.sources[project.shown(path)]) for path in paths)


def _code_version() -> str:
    """litgraph's version and store layout, plus the ontology and shapes it builds with."""
    stamps = [str(int(p.stat().st_mtime)) for p in (ONTOLOGY_FILE, SHAPES_FILE) if p.exists()]
    return "+".join([__version__, f"state{STATE_VERSION}", *stamps])


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


def build(
    project: Project,
    force: bool = False,
    shacl: bool | None = None,
    steps: Steps | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Bring the project's store up to date with its sources: not at all when none
    changed, incrementally where it can, else (and with `force`) by a full build.

    `workers` is the number of parse processes (default: both cores for a big file).
    """
    steps = steps or Silent()
    store = GraphStore(project.store_dir)
    if not force and is_current(project, store):
        manifest = store.manifest()
        return BuildResult(False, manifest, [Problem.from_dict(p) for p in manifest.problems])
    files = [
        SourceFile.from_text(read_text(path, project.shown(path)), project.shown(path))
        for path in project.bibtex
    ]
    with _few_collections():
        if not force and shacl is not True:
            previous = store.manifest()
            state = store.state(previous) if store.exists() else None
            if state is not None:
                result = _Incremental(project, store, files, state, steps).run(run_shacl=shacl is not False)
                if result is not None:
                    return result
        return _full_build(project, store, files, shacl, steps, workers)


# --- what both kinds of build share -----------------------------------------------------


@dataclass(slots=True)
class _ModelPart:
    """The model as the build needs it: records, shape problems, counts and the file's hash."""

    model: ResearchModel | None
    problems: list[Problem]
    counts: dict[str, int]
    sha: str


def _load_model(project: Project) -> _ModelPart:
    if not project.model:
        return _ModelPart(None, [], {"constructs": 0, "hypotheses": 0, "evidence_links": 0}, "")
    from ..model.load import load_model

    model, problems = load_model(project.model, project.shown(project.model))
    evidence = sum(len(h.evidence) for h in model.hypotheses) + sum(
        len(c.defined_by) for c in model.constructs
    )
    counts = {
        "constructs": len(model.constructs),
        "hypotheses": len(model.hypotheses),
        "evidence_links": evidence,
    }
    return _ModelPart(model, problems, counts, fingerprint(project.model)["sha256"])


def _validated(part: _ModelPart, keys: set[str]) -> list[Problem]:
    """The model's problems with its references checked; raises when it breaks a rule."""
    from ..model.validate import validate_model

    problems = list(part.problems)
    if part.model is not None:
        problems += validate_model(part.model, keys)
    errors = [p for p in problems if p.code == "model" and p.severity is Severity.ERROR]
    if errors:
        raise ModelError(errors)
    return problems


def _model_lines(
    files: list[SourceFile], part: _ModelPart, iris: ReviewIris, batch: int = 50_000
) -> Iterator[list[str]]:
    """The model graph in lists of about `batch` lines: the sources read, and the research model."""
    from .triples import QuadWriter, model_steps, source_quads

    out = QuadWriter()
    source_quads(sorted({source.name for source in files}), iris, out)
    if part.model is not None:
        for _ in model_steps(part.model, iris, out):
            if len(out.lines) >= batch:
                yield out.lines
                out.lines = []
    yield out.lines


def _signature(files: list[SourceFile], winner) -> str:
    """What a reference's statements depend on, apart from its line: its file, its
    entry's text, and its crossref parent's text."""
    source = files[winner.file]
    parent = "" if winner.parent is None else f"{source.digests[winner.parent[0]]}:{winner.parent[1]}"
    text = f"{source.name}\0{source.digests[winner.chunk]}:{winner.entry}\0{parent}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _keys_digest(keys) -> str:
    return hashlib.blake2b("\0".join(sorted(keys)).encode("utf-8"), digest_size=16).hexdigest()


def _macros_digest(source: SourceFile) -> str:
    text = json.dumps(
        [sorted(source.macros.items()), [p.as_dict() for p in source.macro_problems]], ensure_ascii=False
    )
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _state(
    review_id: str,
    files: list[SourceFile],
    refs: dict[str, list],
    part: _ModelPart,
    model_problems: list[Problem],
    model_quads: int,
    keys: str,
    statements: int,
) -> dict:
    return {
        "version": STATE_VERSION,
        "statements": statements,
        "code_version": _code_version(),
        "review_id": review_id,
        "files": [
            {
                "name": source.name,
                "macros": _macros_digest(source),
                "chunks": [
                    [digest, result.to_json()]
                    for digest, result in zip(source.digests, source.results, strict=True)
                ],
            }
            for source in files
        ],
        "refs": refs,
        "model": {
            "sha": part.sha,
            "keys": keys,
            "problems": [p.as_dict() for p in model_problems],
            "quads": model_quads,
            "counts": part.counts,
        },
    }


def _manifest(
    project: Project,
    review_id: str,
    heads: int,
    references: int,
    counts: dict,
    quads: int,
    problems: list[Problem],
    shacl_report: dict,
) -> Manifest:
    return Manifest(
        review_id=review_id,
        sources={project.shown(p): fingerprint(p) for p in _source_paths(project)},
        counts={"references": references, "entries_in_files": heads, **counts, "quads": quads},
        problems=[p.as_dict() for p in problems],
        code_version=_code_version(),
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        shacl=shacl_report,
    )


# --- the full build -------------------------------------------------------------------------


#: (build token, nodes this process has described in that build): people and venues
#: shared by many references are written once per worker process, not per reference.
_described: tuple[str, set[str]] = ("", set())


def _known_nodes(token: str) -> set[str]:
    global _described
    if _described[0] != token:
        _described = (token, set())
    return _described[1]


class _Child(NamedTuple):
    """A crossref child as a worker finished it, with the parent it guessed: (chunk, entry) or None."""

    key: str
    entry_type: str
    fields: dict[str, str]
    raw: str
    parent: tuple[int, int] | None
    lines: bytes


def _entry_quads(chunk, macros: dict[str, str], context) -> tuple[list, list]:
    """A worker's task: parse a chunk and turn each entry into N-Quads bytes.

    A crossref child is finished with the parent `likely_parents` guessed and goes back
    as a `_Child`: the build uses its bytes once the file's end confirms the parent,
    and finishes it again otherwise. Everything returns as plain tuples, lists and
    bytes: pickling dataclasses costs more than parsing. (Which people and venues an
    entry was the first in this process to describe is read from its bytes, in the
    rare case it is needed: sent along for every entry, those names cost the build's
    main process 1.5 s of unpickling per 100,000 entries.)
    """
    from .triples import reference_lines

    iris, name, token, parents = context
    known = _known_nodes(token)
    result, references = parse_chunk(chunk, macros)
    payload: list = []
    for info, ref in zip(result.entries, references, strict=True):
        if info.crossref:
            parent = parents.get(info.crossref.lower())
            done = complete(ref, ref.fields if parent is None else inherit(ref.fields, parent[2]))
            done.location = Location(name, chunk.line + info.offset)
            lines = "".join(reference_lines(done, iris, name, known)).encode("utf-8")
            guess = None if parent is None else (parent[0], parent[1])
            payload.append(_Child(ref.key, ref.entry_type, ref.fields, ref.raw, guess, lines))
        else:
            ref.location = Location(name, chunk.line + info.offset)
            payload.append("".join(reference_lines(ref, iris, name, known)).encode("utf-8"))
    return result.to_json(), payload


def _partial(child: _Child) -> Reference:
    return Reference(
        key=child.key,
        entry_type=child.entry_type,
        location=Location("", 0),
        fields=child.fields,
        raw=child.raw,
    )


def _lines(item: bytes | _Child) -> bytes:
    return item if isinstance(item, bytes) else item.lines


class _Stream:
    """The N-Quads of a full build, as (bytes, lines) parts, pulled by the bulk loader."""

    def __init__(
        self,
        files: list[SourceFile],
        head: Iterator[list[str]],
        iris: ReviewIris,
        steps: Steps,
        workers: int | None,
        keep_up_to: int | None,
    ):
        self.files = files
        self.head = head  # the model graph's lines, in lists
        self.head_quads = 0
        self.iris = iris
        self.steps = steps
        self.workers = workers
        self.assembler = Assembler(files)
        self.refs: dict[str, list] = {}  # key → [signature, line]
        self.token = os.urandom(8).hex()  # this build, for the workers' memory of described nodes
        self.known: set[str] = set()  # nodes described by this process (crossref children)
        # Facts of people and venues first described by an entry that lost to a duplicate
        # key: a later entry of the same worker may name them and rely on that description.
        self.stray: list[bytes] = []
        self.stray_nodes: list[str] = []
        # Crossref children finished by a worker, until the file's end confirms their parent:
        # key → (guessed parent, bytes, nodes they were the first to describe).
        self.children: dict[str, tuple] = {}
        self.quads = 0
        self._unshown = 0  # references counted but not yet shown on the progress bar
        self.kept: list[bytes] | None = [] if keep_up_to is None or keep_up_to > 0 else None
        self._keep_up_to = keep_up_to

    def __iter__(self):
        for lines in self.head:
            self.head_quads += len(lines)
            self.quads += len(lines)
            yield self._kept("".join(lines).encode("utf-8"), len(lines))
        for index, source in enumerate(self.files):
            self.assembler.begin_file(index)
            workers = default_workers(source.chunks) if self.workers is None else self.workers
            context = (self.iris, source.name, self.token, likely_parents(source))
            results = map_chunks(
                _entry_quads,
                source.chunks,
                source.macros,
                context,
                workers,
                lambda n: self.steps.advance("parse", n),
            )
            for position, (data, payload) in enumerate(results):
                result = source.results[position] = ChunkResult.from_json(data)
                source.references[position] = [
                    None if isinstance(item, bytes) else _partial(item) for item in payload
                ]
                won = self.assembler.add(index, position, result)
                batch, quads = [], 0
                for info, winner, item in zip(result.entries, won, payload, strict=True):
                    if winner is None:
                        self._keep_described(_lines(item), info.key)
                    elif isinstance(item, bytes):
                        lines = item.count(b"\n")
                        self._count(winner, lines)
                        batch.append(item)
                        quads += lines
                    else:
                        self.children[winner.key] = (item.parent, item.lines)
                if batch:
                    yield self._kept(b"".join(batch), quads)
            yield from self._children(index)
        self.steps.advance("write", self._unshown)
        if self.stray:
            quads = len(self.stray)  # one line each
            self.quads += quads
            yield self._kept(b"".join(self.stray), quads)

    def _keep_described(self, lines: bytes, key: str) -> None:
        """Keep the facts an entry that is not used gave first about people and venues
        (see `stray`): those are all its lines that are not about the reference itself."""
        from .triples import reference_subjects

        own = tuple(f"<{node}> ".encode("utf-8") for node in reference_subjects(self.iris, key))
        kept = [line for line in lines.split(b"\n") if line and not line.startswith(own)]
        self.stray += [line + b"\n" for line in kept]
        self.stray_nodes += dict.fromkeys(
            line[1 : line.index(b"> ")].decode("utf-8") for line in kept
        )  # "<iri> ..." → iri

    def _children(self, index: int):
        """The file's crossref children, once the file's end has linked their parents."""
        from .triples import reference_lines

        source = self.files[index]
        for winner in self.assembler.end_file(index):
            guess, lines = self.children.pop(winner.key)
            if guess != winner.parent:  # the worker guessed another parent: finish it here
                self._keep_described(lines, winner.key)
                lines = "".join(
                    reference_lines(finished(self.files, winner), self.iris, source.name, self.known)
                ).encode("utf-8")
            quads = lines.count(b"\n")
            self._count(winner, quads)
            yield self._kept(lines, quads)

    def _count(self, winner, quads: int) -> None:
        """Count a reference handed on; the bar moves every 1,000 (rich's `advance` costs
        about 10 µs even when disabled: a second per 100,000 references one by one)."""
        self.refs[winner.key] = [None, winner.line]
        self.quads += quads
        self._unshown += 1
        if self._unshown >= 1000:
            self.steps.advance("write", self._unshown)
            self._unshown = 0

    def _kept(self, data: bytes, lines: int) -> tuple[bytes, int]:
        """Keep what was streamed while SHACL may still want to see it."""
        if self.kept is not None:
            if self._keep_up_to is not None and self.quads > self._keep_up_to:
                self.kept = None
            else:
                self.kept.append(data)
        return data, lines

    def signatures(self) -> None:
        for winner in self.assembler.winners.values():
            self.refs[winner.key][0] = _signature(self.files, winner)


@contextmanager
def _few_collections():
    """Python's cycle collector, made rare while a big build runs.

    A build holds millions of long-lived objects (the file's chunks, their results)
    that every full collection walks again: 100,000 entries spent ~5 CPU-seconds in
    the collector, in this process and in the forked parse workers. Frozen, they are
    left alone; the build's own short-lived objects are freed by reference counting.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _full_build(
    project: Project,
    store: GraphStore,
    files: list[SourceFile],
    shacl: bool | None,
    steps: Steps,
    workers: int | None,
) -> BuildResult:
    steps.begin("model")
    part = _load_model(project)
    review_id = project.review_id(part.model)
    iris = ReviewIris(review_id)
    heads = sum(source.heads for source in files)
    steps.begin("parse", heads)
    steps.begin("write", heads)
    keep = None if shacl else (0 if shacl is False else SHACL_ON_BUILD_LIMIT)
    stream = _Stream(files, _model_lines(files, part, iris), iris, steps, workers, keep)
    broken = any(p.code == "model" and p.severity is Severity.ERROR for p in part.problems)
    fresh = None
    try:
        if broken:  # the build will stop: read the keys for the error list, write nothing
            for _ in stream:
                pass
            statements = 0
        else:
            # Kept facts that no used entry needed describe nobody's author or venue: dropped.
            fresh, statements = store.write_fresh(stream, maybe_orphans=lambda: stream.stray_nodes)
        steps.begin("index")
        winners = stream.assembler.winners
        model_problems = _validated(part, set(winners))
        problems = stream.assembler.problems + model_problems
        shacl_report = {}
        run_shacl = shacl if shacl is not None else stream.quads <= SHACL_ON_BUILD_LIMIT
        if run_shacl:
            from .shacl import validate_quads

            report = validate_quads(b"".join(stream.kept).decode("utf-8").splitlines(keepends=True))
            shacl_report = {"conforms": report.conforms, "violations": len(report.results)}
            problems = problems + report.problems()
        stream.signatures()
        manifest = _manifest(
            project,
            review_id,
            stream.assembler.heads,
            len(winners),
            part.counts,
            statements,
            problems,
            shacl_report,
        )
        state = _state(
            review_id,
            files,
            stream.refs,
            part,
            model_problems,
            stream.head_quads,
            _keys_digest(winners),
            statements,
        )
        store.swap_in(fresh, manifest, state)
        fresh = None
    finally:
        if fresh is not None:
            store.discard(fresh)
    return BuildResult(True, manifest, problems)


# --- the incremental build ----------------------------------------------------------------


class _Incremental:
    """One incremental build; `run` returns None where a full build must do it."""

    def __init__(
        self, project: Project, store: GraphStore, files: list[SourceFile], state: dict, steps: Steps
    ):
        self.project = project
        self.store = store
        self.files = files
        self.state = state
        self.steps = steps

    def run(self, run_shacl: bool) -> BuildResult | None:
        """`run_shacl`: whether SHACL runs on a graph small enough for it (only a full build runs it)."""
        state = self.state
        if state.get("version") != STATE_VERSION or state.get("code_version") != _code_version():
            return None
        if [source.name for source in self.files] != [f["name"] for f in state["files"]]:
            return None
        if any(
            _macros_digest(source) != f["macros"]
            for source, f in zip(self.files, state["files"], strict=True)
        ):
            return None
        if not self._reuse_chunks():
            return None
        assembler = assemble(self.files)
        winners = list(assembler.winners.values())
        keys = _keys_digest(assembler.winners)
        part, model_problems, review_id = self._model(keys, set(assembler.winners))
        if review_id != state["review_id"]:
            return None
        iris = ReviewIris(review_id)
        plan = self._plan(winners, iris)
        model_quads = state["model"]["quads"]
        if part is not None:
            model_lines = [line for lines in _model_lines(self.files, part, iris) for line in lines]
            model_quads = len(model_lines)
            plan.drop_graphs.append(iris.model_graph)
            plan.add += model_lines
        if run_shacl and state["statements"] + len(plan.add) <= SHACL_ON_BUILD_LIMIT:
            return None
        part = part or _ModelPart(None, [], state["model"]["counts"], state["model"]["sha"])
        problems = assembler.problems + model_problems
        change = StoreChange(
            plan.drop_graphs, plan.drop_subjects, plan.drop_quads, "".join(plan.add).encode("utf-8")
        )
        manifest = _manifest(
            self.project, review_id, assembler.heads, len(winners), part.counts, 0, problems, {}
        )
        new_state = _state(review_id, self.files, plan.refs, part, model_problems, model_quads, keys, 0)
        self.steps.begin("write", len(plan.add))
        manifest.counts["quads"] = new_state["statements"] = self.store.update(change)
        self.store.commit(manifest, new_state)
        self.steps.advance("write", len(plan.add))
        return BuildResult(True, manifest, problems, incremental=True)

    def _reuse_chunks(self) -> bool:
        """Take the last build's result for every unchanged chunk; parse the others,
        unless so many changed that a full build is the faster way."""
        todo = 0
        for source, saved in zip(self.files, self.state["files"], strict=True):
            known = dict(saved["chunks"])
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

    def _model(self, keys: str, key_set: set[str]) -> tuple[_ModelPart | None, list[Problem], str]:
        """The model's part when its graph must be rewritten (else None), its problems and the review id.

        An unchanged model keeps its graph; its problems are reused too unless the
        set of reference keys it is checked against changed.
        """
        saved = self.state["model"]
        sha = _model_sha(self.project.model)
        if sha == saved["sha"] and keys == saved["keys"]:
            return None, [Problem.from_dict(p) for p in saved["problems"]], self.state["review_id"]
        self.steps.begin("model")
        part = _load_model(self.project)
        problems = _validated(part, key_set)
        review_id = self.project.review_id(part.model)
        return (part if sha != saved["sha"] else None), problems, review_id

    def _plan(self, winners, iris: ReviewIris) -> _Plan:
        """What changes in the store: references to drop, quads to drop, N-Quads to add."""
        import pyoxigraph as ox

        from .triples import SOURCE_LINE, reference_lines, reference_subjects, typed

        old = self.state["refs"]
        plan = _Plan()
        for winner in winners:
            signature = _signature(self.files, winner)
            before = old.get(winner.key)
            if before is not None and before[0] == signature:
                plan.refs[winner.key] = [signature, winner.line]
                if before[1] != winner.line:
                    node = iris.reference(winner.key)
                    plan.drop_quads.append(
                        ox.Quad(
                            ox.NamedNode(node),
                            ox.NamedNode(SOURCE_LINE),
                            ox.Literal(str(before[1]), datatype=ox.NamedNode(XSD + "integer")),
                            ox.DefaultGraph(),
                        )
                    )
                    plan.add.append(f"<{node}> <{SOURCE_LINE}> {typed(winner.line, 'integer')} .\n")
                continue
            if before is not None:
                plan.drop_subjects += reference_subjects(iris, winner.key)
            source = self.files[winner.file]
            plan.add += reference_lines(finished(self.files, winner), iris, source.name)
            plan.refs[winner.key] = [signature, winner.line]
        for key in old:
            if key not in plan.refs:
                plan.drop_subjects += reference_subjects(iris, key)
        return plan


@dataclass(slots=True)
class _Plan:
    drop_graphs: list[str] = field(default_factory=list)
    drop_subjects: list[str] = field(default_factory=list)
    drop_quads: list = field(default_factory=list)
    add: list[str] = field(default_factory=list)
    refs: dict[str, list] = field(default_factory=dict)
