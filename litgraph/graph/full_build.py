"""The full build: every entry parsed on worker processes and streamed into a fresh store.

Worker processes parse the BibTeX chunk by chunk and turn each entry into N-Quads,
and Oxigraph's bulk loader writes them while the next chunks are parsed, so neither
the file's entries nor its statements are all held in memory at once. Crossref
children need their parent, which may sit in another worker's chunks: workers finish
them with the parent guessed before the parse (`likely_parents`), and their
statements wait for the file's end, which confirms the guess or finishes them again
(all of them, serially, where a file's parents lost to the same keys in an earlier
file: correct, only slower).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..model.validate import model_errors
from ..parse.bibtex import (
    Assembler,
    Chunk,
    ChunkResult,
    SourceFile,
    complete,
    default_workers,
    finished,
    inherit,
    likely_parents,
    map_chunks,
    parse_chunk,
)
from ..project import Project
from ..records import Location, Reference
from ..steps import Steps
from .shacl import SHACL_ON_BUILD_LIMIT, validate_quads
from .sources import checked_model, file_states, keys_digest, load_model_part, model_lines, signature
from .state import BuildResult, BuildState, ModelState, build_manifest, code_version
from .store import GraphStore
from .triples import reference_lines, reference_subjects
from .vocab import ReviewIris

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


#: What `_entry_quads` needs besides a chunk: the IRIs, the file's name, the build's token, the parents.
Context = tuple[ReviewIris, str, str, dict[str, tuple[int, int, dict[str, str]]]]


def _entry_quads(chunk: Chunk, macros: dict[str, str], context: Context) -> tuple[list, list]:
    """A worker's task: parse a chunk and turn each entry into N-Quads bytes.

    A crossref child is finished with the parent `likely_parents` guessed and goes back
    as a `_Child`: the build uses its bytes once the file's end confirms the parent,
    and finishes it again otherwise. Everything returns as plain tuples, lists and
    bytes: pickling dataclasses costs more than parsing. (Which people and venues an
    entry was the first in this process to describe is read from its bytes, in the
    rare case it is needed: sent along for every entry, those names cost the build's
    main process 1.5 s of unpickling per 100,000 entries.)
    """
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
        self.token = os.urandom(8).hex()  # this build, for the workers' memory of described nodes
        self.known: set[str] = set()  # nodes described by this process (crossref children)
        # Facts of people and venues first described by an entry that lost to a duplicate
        # key: a later entry of the same worker may name them and rely on that description.
        self.stray: list[bytes] = []
        self.stray_nodes: list[str] = []
        # Crossref children finished by a worker, until the file's end confirms their parent:
        # key → (guessed parent, bytes).
        self.children: dict[str, tuple[tuple[int, int] | None, bytes]] = {}
        self.quads = 0
        self._unshown = 0  # references counted but not yet shown on the progress bar
        self.kept: list[bytes] | None = [] if keep_up_to is None or keep_up_to > 0 else None
        self._keep_up_to = keep_up_to

    def __iter__(self) -> Iterator[tuple[bytes, int]]:
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
                        count = item.count(b"\n")
                        self._count(count)
                        batch.append(item)
                        quads += count
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
        own = tuple(f"<{node}> ".encode("utf-8") for node in reference_subjects(self.iris, key))
        kept = [line for line in lines.split(b"\n") if line and not line.startswith(own)]
        self.stray += [line + b"\n" for line in kept]
        self.stray_nodes += dict.fromkeys(
            line[1 : line.index(b"> ")].decode("utf-8") for line in kept
        )  # "<iri> ..." → iri

    def _children(self, index: int) -> Iterator[tuple[bytes, int]]:
        """The file's crossref children, once the file's end has linked their parents."""
        source = self.files[index]
        for winner in self.assembler.end_file(index):
            guess, lines = self.children.pop(winner.key)
            if guess != winner.parent:  # the worker guessed another parent: finish it here
                self._keep_described(lines, winner.key)
                lines = "".join(
                    reference_lines(finished(self.files, winner), self.iris, source.name, self.known)
                ).encode("utf-8")
            quads = lines.count(b"\n")
            self._count(quads)
            yield self._kept(lines, quads)

    def _count(self, quads: int) -> None:
        """Count a reference handed on; the bar moves every 1,000 (rich's `advance` costs
        about 10 µs even when disabled: a second per 100,000 references one by one)."""
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

    def signatures(self) -> dict[str, str]:
        """What each reference's statements depend on, for the next incremental build."""
        return {winner.key: signature(self.files, winner) for winner in self.assembler.winners.values()}


def full_build(
    project: Project,
    store: GraphStore,
    files: list[SourceFile],
    shacl: bool | None,
    steps: Steps,
    workers: int | None,
) -> BuildResult:
    steps.begin("model")
    part = load_model_part(project)
    review_id = project.review_id(part.model)
    iris = ReviewIris(review_id)
    heads = sum(source.heads for source in files)
    steps.begin("parse", heads)
    steps.begin("write", heads)
    keep = None if shacl else (0 if shacl is False else SHACL_ON_BUILD_LIMIT)
    stream = _Stream(files, model_lines(files, part, iris), iris, steps, workers, keep)
    broken = bool(model_errors(part.problems))
    fresh: Path | None = None
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
        model_problems = checked_model(part, set(winners))
        problems = stream.assembler.problems + model_problems
        shacl_report = {}
        run_shacl = shacl if shacl is not None else stream.quads <= SHACL_ON_BUILD_LIMIT
        kept = stream.kept if run_shacl else None  # kept whenever SHACL may run (see `keep`)
        if kept is not None:
            report = validate_quads(b"".join(kept).decode("utf-8").splitlines(keepends=True))
            shacl_report = {"conforms": report.conforms, "violations": len(report.results)}
            problems = problems + report.problems()
        manifest = build_manifest(
            project,
            review_id,
            stream.assembler.heads,
            len(winners),
            part.counts,
            statements,
            problems,
            shacl_report,
        )
        state = BuildState(
            code_version(),
            review_id,
            statements,
            file_states(files),
            ModelState(part.sha, keys_digest(winners), model_problems, stream.head_quads, part.counts),
            stream.signatures(),
            {winner.key: winner.line for winner in winners.values()},
        )
        assert fresh is not None  # only a broken model writes nothing, and `checked_model` raised for it
        store.swap_in(fresh, manifest, state)
        fresh = None
    finally:
        if fresh is not None:
            store.discard(fresh)
    return BuildResult(True, manifest, problems)
