"""Open the backend a command asked for, building the embedded store first if it is stale."""

from __future__ import annotations

from ..errors import LitgraphError
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
    from ..graph.build import build
    from ..graph.store import GraphStore
    from .rdf import RdfBackend

    result = build(project)
    return RdfBackend(GraphStore(project.store_dir).open(), result.manifest.review_id)
