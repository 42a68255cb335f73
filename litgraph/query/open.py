"""Open the backend a command asked for, building the embedded store first if it is stale."""

from __future__ import annotations

from ..errors import InputError, LitgraphError
from ..project import Project
from .backend import Backend

BACKENDS = ("embedded", "neo4j")


def open_backend(project: Project, name: str = "embedded", **options) -> Backend:
    if name == "embedded":
        return open_embedded(project)
    if name == "neo4j":
        from .neo4j import open_neo4j

        return open_neo4j(project, **options)
    raise LitgraphError(f"unknown backend '{name}' (use one of: {', '.join(BACKENDS)})")


def open_embedded(project: Project) -> Backend:
    """The project's store, rebuilt first when a source changed since the last build."""
    from .rdf import RdfBackend

    result, store = open_store(project)
    return RdfBackend(store, result.manifest.review_id)


def open_store(project: Project, force: bool = False, **build_options):
    """The build's result and the opened store: built when a source changed, and built anew
    when the store is damaged, as it holds nothing the sources do not (what `build --force` does).
    A damaged store whose sources cannot be read is named, with the reason it is not rebuilt."""
    from ..graph.build import build
    from ..graph.store import GraphStore, StoreDamaged

    store = GraphStore(project.store_dir)
    opened = None
    damage = None
    if store.exists() and not force:
        try:
            opened = store.open()
        except StoreDamaged as error:
            damage = error
    try:
        result = build(project, force=force or damage is not None, **build_options)
    except InputError as error:
        if damage is None:
            raise
        raise StoreDamaged(
            f"{damage.message}, and it cannot be built again: {error}", damage.location, hint=error.hint
        ) from None
    if result.rebuilt or opened is None:
        opened = store.open()  # the database was swapped or changed under the first handle
    return result, opened
