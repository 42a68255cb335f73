"""parse → model → graph: bring a project's store up to date with its sources.

The store is rebuilt only when a source (or litgraph itself) changed: not at all
when the manifest says nothing did, incrementally where the last build's state
allows it (`incremental`), else by a full, streamed build (`full_build`). What both
read is in `sources`, what a build leaves beside the database in `state`.

The two builds are imported inside `build`, once it knows the store is out of date:
every query command calls `build` to check its store first, and an up-to-date store
must not load the BibTeX parser, the model reader (PyYAML) and the statement writer
only to be opened (60 ms of CPU in a `litgraph paths`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from ..parse.text import read_text
from ..project import Project
from ..records import Problem
from ..steps import Silent, Steps
from .state import BuildResult, Manifest, code_version, unchanged
from .store import GraphStore


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
    if not force and (current := _current_manifest(project, store)) is not None:
        return BuildResult(False, current, [Problem.from_dict(p) for p in current.problems])
    from ..parse.bibtex import SourceFile  # see the module's docstring
    from .full_build import full_build
    from .incremental import Incremental

    files = [
        SourceFile.from_text(read_text(path, project.shown(path)), project.shown(path))
        for path in project.bibtex
    ]
    with _few_collections():
        if not force and shacl is not True:
            previous = store.manifest()
            state = store.state(previous) if store.exists() else None
            if state is not None:
                result = Incremental(project, store, files, state, steps).run(run_shacl=shacl is not False)
                if result is not None:
                    return result
        return full_build(project, store, files, shacl, steps, workers)


def _current_manifest(project: Project, store: GraphStore) -> Manifest | None:
    """The store's manifest when the store is up to date with the sources and with litgraph, else None."""
    manifest = store.manifest()
    if manifest is None or not store.exists() or manifest.code_version != code_version():
        return None
    paths = project.source_files
    if set(manifest.sources) != {project.shown(p) for p in paths}:
        return None
    if not all(unchanged(path, manifest.sources[project.shown(path)]) for path in paths):
        return None
    return manifest


@contextmanager
def _few_collections() -> Iterator[None]:
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
