"""The persistent embedded store: an Oxigraph database plus a manifest of its sources.

Oxigraph (RocksDB underneath) opens in milliseconds, answers SPARQL natively and
bulk-loads N-Quads far faster than rdflib's in-memory graph; rdflib reaches the
same data through oxrdflib when a library needs an rdflib Graph (pyshacl, exports).
A build is written into a fresh folder and swapped in, so a failed or interrupted
build never leaves a half-written store behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write_text

MANIFEST_VERSION = 1


def fingerprint(path: Path) -> dict:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def unchanged(path: Path, recorded: dict | None) -> bool:
    """Same size and mtime, or (after a touch) the same content."""
    if not recorded or not path.exists():
        return False
    stat = path.stat()
    if stat.st_size == recorded["size"] and stat.st_mtime_ns == recorded["mtime_ns"]:
        return True
    return stat.st_size == recorded["size"] and hashlib.sha256(path.read_bytes()).hexdigest() == recorded["sha256"]


@dataclass(slots=True)
class Manifest:
    review_id: str
    sources: dict[str, dict]  # shown path → fingerprint
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    code_version: str = ""
    built_at: str = ""
    shacl: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"version": MANIFEST_VERSION, **{k: getattr(self, k) for k in self.__slots__}},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest | None:
        data = json.loads(text)
        if data.pop("version", None) != MANIFEST_VERSION:
            return None
        return cls(**data)


class GraphStore:
    """The `.litgraph/` folder of a project."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.db_path = directory / "oxigraph"
        self.manifest_path = directory / "manifest.json"

    def manifest(self) -> Manifest | None:
        try:
            return Manifest.from_json(self.manifest_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def exists(self) -> bool:
        return self.db_path.is_dir() and self.manifest_path.is_file()

    def open(self):
        """The Oxigraph store, read-only: queries can never change it."""
        import pyoxigraph

        return pyoxigraph.Store.read_only(str(self.db_path))

    def replace(self, nquads: list[str], manifest: Manifest) -> None:
        """Bulk-load a whole new graph into a fresh database and swap it in."""
        import pyoxigraph

        self.directory.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix="oxigraph.", dir=self.directory))
        try:
            store = pyoxigraph.Store(str(fresh))
            store.bulk_load("".join(nquads).encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
            store.flush()
            del store
            old = self.directory / "oxigraph.old"
            shutil.rmtree(old, ignore_errors=True)
            if self.db_path.exists():
                os.replace(self.db_path, old)
            os.replace(fresh, self.db_path)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        atomic_write_text(self.manifest_path, manifest.to_json())
