"""What a build keeps beside the database: `manifest.json`, `state.json`, and what it hands back.

The manifest says which sources (by size, time and hash) and which litgraph the store
was built from, so an unchanged project is not rebuilt; it is what makes a build count
(see `GraphStore.commit`). `state.json` holds what the next incremental build needs to
know of this one: each chunk's parse by its text hash, each reference's signature and
line, the model's hash and problems. Both are read and written here only, as typed
records (`Manifest`, `BuildState`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..project import Project
from ..records import Problem
from .vocab import ONTOLOGY_FILE, SHAPES_FILE

MANIFEST_VERSION = 2  # 2: `files`
#: Bump when the layout of state.json (or of the store) changes: it is part of `code_version`.
STATE_VERSION = 4


# --- the manifest --------------------------------------------------------------------------------


def fingerprint(path: Path) -> dict:
    stat = path.stat()
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def unchanged(path: Path, recorded: dict | None) -> bool:
    """Same size and mtime, or (after a touch) the same content."""
    if not recorded or not path.exists():
        return False
    stat = path.stat()
    if stat.st_size == recorded["size"] and stat.st_mtime_ns == recorded["mtime_ns"]:
        return True
    return (
        stat.st_size == recorded["size"]
        and hashlib.sha256(path.read_bytes()).hexdigest() == recorded["sha256"]
    )


@dataclass(slots=True)
class Manifest:
    review_id: str
    sources: dict[str, dict]  # shown path → fingerprint
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    code_version: str = ""
    built_at: str = ""
    shacl: dict = field(default_factory=dict)
    state_id: str = ""  # the state.json written with this build
    files: dict[str, int] = field(default_factory=dict)  # the database's files and sizes, see `commit`

    def to_json(self) -> str:
        return json.dumps(
            {"version": MANIFEST_VERSION, **{k: getattr(self, k) for k in self.__slots__}},
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest | None:
        data = json.loads(text)
        if data.pop("version", None) != MANIFEST_VERSION:
            return None
        return cls(**data)


def build_manifest(
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
        sources={project.shown(p): fingerprint(p) for p in project.source_files},
        counts={"references": references, "entries_in_files": heads, **counts, "quads": quads},
        problems=[p.as_dict() for p in problems],
        code_version=code_version(),
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        shacl=shacl_report,
    )


def code_version() -> str:
    """litgraph's version and store layout, plus the ontology and shapes it builds with."""
    stamps = [str(int(p.stat().st_mtime)) for p in (ONTOLOGY_FILE, SHAPES_FILE) if p.exists()]
    return "+".join([__version__, f"state{STATE_VERSION}", *stamps])


@dataclass(slots=True)
class BuildResult:
    rebuilt: bool
    manifest: Manifest
    problems: list[Problem] = field(default_factory=list)
    incremental: bool = False


# --- state.json ----------------------------------------------------------------------------------


@dataclass(slots=True)
class FileState:
    name: str  # the file as messages show it
    macros: str  # `macros_digest`: other @string macros mean a full build
    # Each chunk's [text hash, parse], in file order; the parse as `ChunkResult.to_json` wrote it, read
    # back (`ChunkResult.from_json`) only for the chunks an incremental build reuses.
    chunks: list[list]

    def parses(self) -> dict[str, list]:
        """Text hash → the chunk's parse as written."""
        return dict(self.chunks)


@dataclass(slots=True)
class ModelState:
    sha: str  # the model file's hash ("" without a model)
    keys: str  # `keys_digest` of the references it was checked against
    problems: list[Problem]  # its own and those of that check
    quads: int  # statements of the model graph, the list of sources read included
    counts: dict[str, int]  # constructs, hypotheses and evidence links, for the manifest


@dataclass(slots=True)
class BuildState:
    code_version: str
    review_id: str
    statements: int  # in the store after the build
    files: list[FileState]
    model: ModelState
    # How each reference was written, by its key: what its statements depend on (`signature`), and the
    # line its lg:sourceLine gives. Two maps rather than a record each: 100,000 records are 0.1 s of
    # every incremental build.
    signatures: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def to_json(self, state_id: str) -> str:
        """The file's text; `state_id` ties it to the manifest written with it."""
        data = {
            "version": STATE_VERSION,
            "statements": self.statements,
            "code_version": self.code_version,
            "review_id": self.review_id,
            "files": [
                {
                    "name": file.name,
                    "macros": file.macros,
                    "chunks": file.chunks,
                }
                for file in self.files
            ],
            "refs": {key: [signed, self.lines[key]] for key, signed in self.signatures.items()},
            "model": {
                "sha": self.model.sha,
                "keys": self.model.keys,
                "problems": [p.as_dict() for p in self.model.problems],
                "quads": self.model.quads,
                "counts": self.model.counts,
            },
            "id": state_id,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, state_id: str) -> BuildState | None:
        """The state in `text`, or None unless it has this layout and was written with `state_id`."""
        try:
            data = json.loads(text)
            if data.get("version") != STATE_VERSION or data.get("id") != state_id:
                return None
            model, refs = data["model"], data["refs"]
            return cls(
                code_version=data["code_version"],
                review_id=data["review_id"],
                statements=data["statements"],
                files=[FileState(file["name"], file["macros"], file["chunks"]) for file in data["files"]],
                model=ModelState(
                    model["sha"],
                    model["keys"],
                    [Problem.from_dict(p) for p in model["problems"]],
                    model["quads"],
                    model["counts"],
                ),
                signatures={key: ref[0] for key, ref in refs.items()},
                lines={key: ref[1] for key, ref in refs.items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError):  # damaged: a full build follows
            return None


# --- labels.json ---------------------------------------------------------------------------------

LABELS_VERSION = 1


@dataclass(slots=True)
class LabelUsage:
    """How the manuscript writes its author–year labels (cite-check's `usage`), kept beside the store
    so that a query does not read and scan the manuscript again (50 ms of a `litgraph paths`: the
    .docx and field-code readers, the citation finder). It holds while the manuscript (by its
    fingerprint) and litgraph (`code_version`) stay the same; litgraph.toml's `[citations]` is
    applied on top by each command, so the file need not follow it."""

    manuscript: str  # the file as messages show it
    fingerprint: dict
    code_version: str
    usage: dict[str, dict[str, str]]

    def holds_for(self, shown: str, path: Path) -> bool:
        return (
            self.manuscript == shown
            and self.code_version == code_version()
            and unchanged(path, self.fingerprint)
        )

    def to_json(self) -> str:
        return json.dumps(
            {"version": LABELS_VERSION, **{k: getattr(self, k) for k in self.__slots__}}, ensure_ascii=False
        )

    @classmethod
    def from_json(cls, text: str) -> LabelUsage | None:
        try:
            data = json.loads(text)
            if data.pop("version", None) != LABELS_VERSION:
                return None
            return cls(**data)
        except (ValueError, TypeError, AttributeError):  # damaged: derived again
            return None
