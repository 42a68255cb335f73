"""The persistent embedded store: an Oxigraph database plus a manifest of its sources.

Oxigraph (RocksDB underneath) opens in milliseconds, answers SPARQL natively and
bulk-loads N-Quads far faster than rdflib's in-memory graph; rdflib reaches the
same data through oxrdflib when a library needs an rdflib Graph (pyshacl, exports).

A full build is streamed into a fresh folder and swapped in, so a failed or
interrupted build never leaves a half-written store behind. An incremental build
changes the live database in place (a few references' statements); it removes the manifest
first, so an interrupted update is noticed and followed by a full build.

Next to the database, `state.json` keeps what an incremental build needs to know
about the last build (`graph/state.py`); it is trusted only when the manifest
names it (`Manifest.state_id`).

The manifest also records the database's files and their sizes as the build left
them (`Manifest.files`), and opening compares them first: RocksDB takes a MANIFEST
cut short for a write that never finished and opens without the tables it lost,
answering every query with nothing. Read-only opens change no file, and RocksDB's
checksums catch damage that keeps a file's size (when it opens or reads the block).
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..files import atomic_write_text
from ..records import Location
from .state import BuildState, LabelUsage, Manifest

#: Quads per bulk-load call. Oxigraph's loader needs ~0.45 KB a quad while it works
#: (1.7 GB for 3.8 million at once), so the stream is loaded in bounded batches.
LOAD_BATCH_QUADS = 500_000
#: Each load call adds overlapping files that every later lookup must visit: queries
#: over a database loaded in 15 calls were 10-100x slower than over one loaded in 4.
#: Past this many calls the database is compacted once after loading (1.4-2.4 s at
#: 2 M quads). A last call of under a quarter batch is not counted: it adds little to
#: visit (`paths` on 4 batches + 62,655 quads: 11.3-12.5 ms as loaded, 11.0-12.9 compacted).
COMPACT_AFTER_BATCHES = 4


class StoreDamaged(InputError):
    """A store whose database does not open: it holds nothing the sources do not, so it can be rebuilt."""


class GraphStore:
    """The `.litgraph/` folder of a project."""

    def __init__(self, directory: Path):
        if directory.exists() and not directory.is_dir():  # a user's file: never removed for them
            raise InputError(
                "is not a folder, but litgraph keeps the built graph there",
                Location(str(directory)),
                hint="move or remove it, then run the command again",
            )
        if directory.exists() and not os.access(directory, os.R_OK | os.X_OK):
            raise _unreadable(directory, "Permission denied")
        self.directory = directory
        self.db_path = directory / "oxigraph"
        self.manifest_path = directory / "manifest.json"
        self.state_path = directory / "state.json"
        self.labels_path = directory / "labels.json"

    def manifest(self) -> Manifest | None:
        try:
            return Manifest.from_json(self.manifest_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, TypeError):
            return None
        except OSError as error:
            raise _unreadable(self.manifest_path, error.strerror or str(error)) from None

    def exists(self) -> bool:
        return self.db_path.is_dir() and self.manifest_path.is_file()

    def open(self):
        """The Oxigraph store, read-only: queries can never change it. A file that is not
        as the build left it is damage (see the module's docstring); RocksDB reports a
        damaged or unreadable database when it opens, and damage inside a table's blocks
        when a query reads them (the CLI names it then, see `cli.common.handle_errors`)."""
        manifest = self.manifest()
        if manifest is not None and (changed := self._changed_file(manifest.files)):
            raise self._damaged(changed)
        try:
            return ox.Store.read_only(str(self.db_path))
        except (OSError, RuntimeError) as error:
            detail = " ".join(str(error).split())
            if "Permission denied" in detail:
                raise _unreadable(self.db_path, "Permission denied") from None
            raise self._damaged(detail) from None

    def _damaged(self, detail: str) -> StoreDamaged:
        return StoreDamaged(
            f"the built graph is damaged ({detail})",
            Location(str(self.db_path)),
            hint="run `litgraph build --force` to build it again from the sources",
        )

    def _files(self) -> dict[str, int]:
        """The database's files and sizes; RocksDB's own LOG and LOCK aside (not data)."""
        try:
            entries = list(os.scandir(self.db_path))
        except FileNotFoundError:
            return {}
        except PermissionError:
            raise _unreadable(self.db_path, "Permission denied") from None
        return {
            entry.name: entry.stat().st_size
            for entry in sorted(entries, key=lambda entry: entry.name)
            if entry.is_file() and not entry.name.startswith(("LOG", "LOCK"))
        }

    def _changed_file(self, recorded: dict[str, int]) -> str:
        """The first file not as the build recorded it, said in words; "" when all are."""
        found = self._files()
        for name, size in recorded.items():
            if name not in found:
                return f"{name} is missing"
            if found[name] != size:
                return f"{name} has {found[name]:,} bytes where the build left {size:,}"
        return ""

    def size_on_disk(self) -> int:
        return sum(f.stat().st_size for f in self.db_path.rglob("*") if f.is_file())

    # -- the incremental build's memory ------------------------------------------

    def state(self, manifest: Manifest | None) -> BuildState | None:
        """The state saved with the build that `manifest` describes, or None."""
        if manifest is None or not manifest.state_id:
            return None
        try:
            text = self.state_path.read_text(encoding="utf-8")
        except (FileNotFoundError, ValueError):
            return None
        return BuildState.from_json(text, manifest.state_id)

    def commit(self, manifest: Manifest, state: BuildState | None) -> None:
        """State first, manifest last: the manifest is what makes a build count.
        The database is closed by now, so its files are as queries will find them."""
        manifest.state_id = os.urandom(8).hex() if state is not None else ""
        manifest.files = self._files()
        if state is not None:
            atomic_write_text(self.state_path, state.to_json(manifest.state_id))
        atomic_write_text(self.manifest_path, manifest.to_json())

    # -- what queries keep (see `LabelUsage`) --------------------------------------

    def label_usage(self) -> LabelUsage | None:
        try:
            return LabelUsage.from_json(self.labels_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def keep_label_usage(self, usage: LabelUsage) -> None:
        """Kept when the folder can be written; else derived again next time."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.labels_path, usage.to_json())
        except (OSError, InputError):
            pass

    # -- writing -------------------------------------------------------------------

    def write_fresh(
        self, parts: Iterable[tuple[bytes, int]], maybe_orphans: Callable[[], Iterable[str]] | None = None
    ) -> tuple[Path, int]:
        """Bulk-load N-Quads, a stream of (bytes, lines) parts, into a new database
        beside the current one; `swap_in` or `discard` it after. See `_load`.
        Then nodes among `maybe_orphans()` that nothing points at lose their statements.
        Returns the folder and the number of distinct statements stored."""
        fresh = self.directory / f"oxigraph.{os.urandom(6).hex()}"
        try:  # made as any folder is (the umask's mode), so whoever may read the project may query it
            fresh.mkdir(parents=True)
        except OSError as error:
            raise InputError(
                f"cannot write the built graph: {error.strerror or error}",
                Location(str(self.directory)),
                hint="litgraph keeps the built graph in this folder: make it writable",
            ) from None
        try:
            store = ox.Store(str(fresh))
            loaded = _load(store, _batches(parts, LOAD_BATCH_QUADS))
            if sum(1 for quads in loaded if quads >= LOAD_BATCH_QUADS // 4) > COMPACT_AFTER_BATCHES:
                store.optimize()
            if maybe_orphans is not None:
                _drop_orphans(store, maybe_orphans())
            store.flush()
            statements = len(store)
            del store
        except BaseException:
            self.discard(fresh)
            raise
        return fresh, statements

    def swap_in(self, fresh: Path, manifest: Manifest, state: BuildState | None = None) -> None:
        """Make a database written by `write_fresh` the project's store."""
        self.manifest_path.unlink(missing_ok=True)
        old = self.directory / "oxigraph.old"
        shutil.rmtree(old, ignore_errors=True)
        if self.db_path.exists():
            os.replace(self.db_path, old)
        os.replace(fresh, self.db_path)
        shutil.rmtree(old, ignore_errors=True)
        self.commit(manifest, state)

    def discard(self, fresh: Path) -> None:
        shutil.rmtree(fresh, ignore_errors=True)

    def update(self, change: StoreChange) -> int:
        """Change the live database in place (see `StoreChange`); `commit` the new
        manifest after. Returns the number of statements in the store afterwards."""
        self.manifest_path.unlink(missing_ok=True)  # from here until `commit`, the store is not trusted
        store = ox.Store(str(self.db_path))
        for graph in change.drop_graphs:
            store.remove_graph(ox.NamedNode(graph))
        maybe_orphans: set = set()
        for subject in change.drop_subjects:
            node = ox.NamedNode(subject)
            for quad in list(store.quads_for_pattern(node, None, None, ox.DefaultGraph())):
                if isinstance(quad.object, ox.NamedNode):
                    maybe_orphans.add(quad.object)
                store.remove(quad)
        for quad in change.drop_quads:
            store.remove(quad)
        if change.add:
            store.load(change.add, ox.RdfFormat.N_QUADS)
        _drop_orphans(store, maybe_orphans)  # a person or venue no reference names any more
        store.flush()
        statements = len(store)
        del store
        return statements


def _unreadable(path: Path, reason: str) -> InputError:
    return InputError(
        f"cannot read the built graph: {reason}",
        Location(str(path)),
        hint="it belongs to another user or its permissions were changed: fix them, "
        "or remove .litgraph/ and build again",
    )


def _drop_orphans(store, nodes: Iterable) -> None:
    """Remove the default-graph statements of each node (IRI or NamedNode) that no statement points at."""
    for node in nodes:
        node = ox.NamedNode(node) if isinstance(node, str) else node
        if next(store.quads_for_pattern(None, None, node), None) is None:
            for quad in list(store.quads_for_pattern(node, None, None, ox.DefaultGraph())):
                store.remove(quad)


@dataclass(slots=True)
class StoreChange:
    """An incremental build's edit: named graphs to drop, subjects whose statements in
    the default graph go (what they pointed at goes too once nothing else points at
    it — people and venues shared by references), single quads to drop, N-Quads to add."""

    drop_graphs: list[str] = field(default_factory=list)
    drop_subjects: list[str] = field(default_factory=list)
    drop_quads: list = field(default_factory=list)
    add: bytes = b""


def _load(store, batches: Iterator[tuple[bytes, int]]) -> list[int]:
    """Bulk-load (batch, lines) pairs on a thread of its own while the caller makes the next one.

    Oxigraph's loader releases the GIL, so parsing (in worker processes and in the
    iterator) goes on while RocksDB writes. A batch is handed over only when the
    loader takes it, so at most two exist at a time: the one being loaded and the
    one being made. Returns the lines of each batch loaded.
    """
    handover: queue.Queue = queue.Queue(maxsize=1)
    failure: list[BaseException] = []

    def loader() -> None:
        while True:
            batch = handover.get()
            handover.task_done()
            if batch is None:
                return
            if not failure:
                try:
                    store.bulk_load(batch, ox.RdfFormat.N_QUADS, lenient=True)
                except BaseException as error:  # handed to the caller below
                    failure.append(error)
            del batch

    thread = threading.Thread(target=loader, name="litgraph-bulk-load", daemon=True)
    thread.start()
    loaded: list[int] = []
    try:
        for batch, lines in batches:
            if failure:
                break
            handover.put(batch)
            del batch
            handover.join()  # the loader has it: make the next one meanwhile
            loaded.append(lines)
    finally:
        handover.put(None)
        thread.join()
    if failure:
        raise failure[0]
    return loaded


def _batches(parts: Iterable[tuple[bytes, int]], size: int) -> Iterator[tuple[bytes, int]]:
    """(bytes, lines) parts joined into batches of at least `size` lines (the last may be smaller)."""
    batch: list[bytes] = []
    lines = 0
    for part, count in parts:
        batch.append(part)
        lines += count
        if lines >= size:
            joined, batch, counted, lines = b"".join(batch), [], lines, 0
            yield joined, counted
            del joined  # not kept alive while the next batch is made
    if batch:
        yield b"".join(batch), lines
