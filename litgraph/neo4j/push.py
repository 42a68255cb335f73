"""The push: one review's rows written to Neo4j in batches, and the scheduler of those batches.

Why it looks the way it does:

- rows are generated lazily and sent as `UNWIND $rows` batches, one managed
  transaction each (retried by the driver on a transient error): one round trip
  per few thousand rows instead of one per row, and the client never holds more
  than the records plus one batch;
- MERGE on (review, id) for nodes and on (start, type, position, end) for
  relationships makes a push idempotent: pushing twice changes nothing, and a push
  that died half-way is finished by running it again;
- into a review the database holds nothing of, the push CREATEs instead (no lookups,
  relationship ends by the element ids the node writes returned, two batches in
  flight): the first push of a field-scale review is the one that takes long. Any node
  of the review left behind, e.g. by an interrupted push, sends it down the MERGE path;
- every item is stamped with the push's `revision` (a hash of the sources); items
  of this review still carrying another revision afterwards were deleted from the
  model or the BibTeX since, and are removed — so the database always answers
  what the sources say, with or without `--replace`;
- the Review node is `complete` only once everything is written: readers refuse an
  interrupted push instead of answering from half a graph.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import neo4j
from neo4j.exceptions import ClientError

from ..errors import BackendError, LitgraphError
from ..project import Project
from .batches import Progress, write_batches
from .cypher import (
    MARK_COMPLETE,
    REVIEW_STATE,
    constraint_query,
    count_nodes_query,
    delete_nodes_query,
    delete_stale_relationships_query,
    fresh_node_query,
    fresh_relationship_query,
    holds_any_query,
    node_query,
    relationship_query,
)
from .rows import ReviewGraph, project_graph, source_revision, unique_rows
from .schema import LABELS
from .settings import Neo4jSettings, connected, neo4j_errors

#: Rows per UNWIND transaction. benchmarks/bench_neo4j.py --tune: 5,000 to 50,000 are
#: alike within the noise of the test machine, 2,000 is slower; the whole field-scale
#: push took 59-67 s with 10,000 and 65 s with 20,000. 10,000 keeps a transaction's
#: memory on the server small.
DEFAULT_BATCH_SIZE = 10_000
#: Batches in flight at once on the fresh (CREATE) path, sharing no node; the MERGE path
#: writes one at a time. Field-scale push on 2 cores: 59-69 s with 2, 66-67 s with 1, and
#: 65-93 s with 2 that could share nodes (lock waits and deadlock retries; BENCHMARKS.md).
DEFAULT_WORKERS = 2


@dataclass(slots=True)
class PushSummary:
    review: str
    database: str
    uri: str
    revision: str
    batch_size: int
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(
        default_factory=dict
    )  # this review's previous data, removed by --replace
    pruned: dict[str, int] = field(default_factory=dict)  # stale items, no longer in the sources
    up_to_date: bool = False  # the database already held this revision: nothing written
    fresh: bool = False  # the database held nothing of this review: written with CREATE instead of MERGE
    seconds: float = 0.0

    @property
    def relationships_per_second(self) -> float:
        return sum(self.relationships.values()) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "review": self.review,
            "database": self.database,
            "uri": self.uri,
            "revision": self.revision,
            "up_to_date": self.up_to_date,
            "fresh": self.fresh,
            "batch_size": self.batch_size,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "node_total": sum(self.nodes.values()),
            "relationship_total": sum(self.relationships.values()),
            "replaced": self.replaced,
            "pruned": self.pruned,
            "seconds": round(self.seconds, 3),
            "relationships_per_second": round(self.relationships_per_second),
        }


# --- a project -------------------------------------------------------------------------------


def push_project(
    project: Project,
    settings: Neo4jSettings,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    workers: int = DEFAULT_WORKERS,
) -> PushSummary:
    graph = project_graph(project)
    with connected(settings) as driver:
        return push_graph(
            driver, settings, graph, source_revision(project), batch_size, replace, progress, force, workers
        )


# --- one review --------------------------------------------------------------------------------


def push_graph(
    driver: neo4j.Driver,
    settings: Neo4jSettings,
    graph: ReviewGraph,
    revision: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    workers: int = DEFAULT_WORKERS,
) -> PushSummary:
    """Write one review: schema, (optionally) delete its old data, nodes, relationships, prune, mark complete.

    A review the database already holds complete at this revision is left alone
    (`up_to_date`), as `build` leaves an unchanged store alone; `force` writes it anyway.
    The same review id pushed from another project (`ReviewGraph.origin`) is refused unless
    `replace`: two reviews whose models name no id both default to the model file's name.
    """
    if batch_size < 1:
        raise LitgraphError("--batch-size must be at least 1")
    started = time.perf_counter()
    summary = PushSummary(graph.review, settings.database, settings.shown_uri, revision, batch_size)
    params = {"review": graph.review, "revision": revision}
    with neo4j_errors(settings), driver.session(database=settings.database) as session:
        for label in LABELS:
            session.run(constraint_query(label)).consume()
        if not replace:
            _check_origin(session.run(REVIEW_STATE, params).single(), graph, revision, settings)
        if replace:
            summary.replaced = delete_review(session, graph.review, batch_size)
        state = session.run(REVIEW_STATE, params).single()
        current = state is not None and state["revision"] == revision and bool(state["complete"])
        if current and not force:
            summary.up_to_date = True
        else:
            summary.fresh = state is None and not holds_review(session, graph.review)
            _write_graph(driver, settings.database, graph, params, batch_size, progress, summary, workers)
            if state is not None and not current:
                summary.pruned = _prune(session, graph, revision, batch_size)
            session.run(MARK_COMPLETE, params).consume()
    summary.seconds = time.perf_counter() - started
    return summary


def _check_origin(state, graph: ReviewGraph, revision: str, settings: Neo4jSettings) -> None:
    """Refuse to write over the same review id pushed from another project, unless its sources are these."""
    theirs = state["origin"] if state is not None else None
    if theirs and graph.origin and theirs != graph.origin and state["revision"] != revision:
        raise LitgraphError(
            f"review '{graph.review}' in Neo4j {settings.where} was pushed from another project "
            f"({theirs}); pushing this one ({graph.origin}) would replace it",
            hint="give this review its own id (review: id: in its model file), or push with --replace "
            "to replace the other",
        )


def _write_graph(
    driver: neo4j.Driver,
    database: str,
    graph: ReviewGraph,
    params: dict,
    batch_size: int,
    progress: Progress | None,
    summary: PushSummary,
    workers: int = 1,
) -> None:
    """Every node group, then every relationship group (whose ends must exist by then).

    Into a review the database holds nothing of (`summary.fresh`), nodes and relationships are
    CREATEd: no lookup of the node, no scan of a node's relationships for an equal one, which
    MERGE needs, and the relationships' ends are found by the element ids their nodes' writes
    returned instead of by an index seek each. That is safe because the rows hold each node and
    relationship once, and a push interrupted after its first batch leaves nodes behind, so
    running it again MERGEs.
    """
    if summary.fresh:
        try:
            _write_fresh(driver, database, graph, params, batch_size, progress, summary, workers)
        except ClientError:  # e.g. "Unable to load NODE": one was deleted meanwhile; then say so
            _check_fresh(driver, database, graph.review, summary)
            raise
        _check_fresh(driver, database, graph.review, summary)
        return
    for nodes in graph.nodes:
        summary.nodes[nodes.label] = write_batches(
            driver, database, node_query(nodes), nodes.rows(), params, batch_size, nodes.label, progress
        )
    for group in graph.relationships:
        written = write_batches(
            driver,
            database,
            relationship_query(group),
            group.rows(),
            params,
            batch_size,
            f"{group.type} ({group.start}→{group.end})",
            progress,
        )
        summary.relationships[group.type] = summary.relationships.get(group.type, 0) + written


def _write_fresh(
    driver: neo4j.Driver,
    database: str,
    graph: ReviewGraph,
    params: dict,
    batch_size: int,
    progress: Progress | None,
    summary: PushSummary,
    workers: int,
) -> None:
    created: dict[str, dict[str, str]] = {}  # label -> id -> element id
    for nodes in graph.nodes:
        found = created.setdefault(nodes.label, {})
        summary.nodes[nodes.label] = write_batches(
            driver,
            database,
            fresh_node_query(nodes),
            unique_rows(nodes.rows(), dict_rows=not nodes.fields),
            params,
            batch_size,
            nodes.label,
            progress,
            found,
            workers,
        )
    for group in graph.relationships:
        starts, ends = created.get(group.start, {}), created.get(group.end, {})
        dropped: list[list] = []
        # Batches in flight together must share no node (see `_disjoint_batches`); that split needs the two
        # ends to be different nodes, so a type joining one label to itself (small ones) goes one at a time.
        written = write_batches(
            driver,
            database,
            fresh_relationship_query(group),
            _resolved(group.rows(), starts, ends, dropped),
            params,
            batch_size,
            f"{group.type} ({group.start}→{group.end})",
            progress,
            workers=workers if group.start != group.end else 1,
            disjoint=True,
        )
        # Counted as the MERGE path counts them: rows sent, whether or not both ends exist.
        summary.relationships[group.type] = summary.relationships.get(group.type, 0) + written + len(dropped)


def _resolved(
    rows: Iterable[list], starts: dict[str, str], ends: dict[str, str], dropped: list[list]
) -> Iterator[list]:
    """Relationship rows with their ends' ids replaced by the element ids of the nodes just created.

    A row with an end not in the graph (the MERGE path's MATCH would find nothing) goes to
    `dropped` instead.
    """
    for row in rows:
        start, end = starts.get(row[0]), ends.get(row[1])
        if start is None or end is None:
            dropped.append(row)
        else:
            yield [start, end, *row[2:]]


def _check_fresh(driver: neo4j.Driver, database: str, review: str, summary: PushSummary) -> None:
    """Every node the fresh push created is still there, so every element id it used named its own node.

    Were one deleted meanwhile (this review pushed from elsewhere at the same time, with
    --replace or pruning), the push fails, leaving the review incomplete.
    """
    with driver.session(database=database) as session:
        for label, created in summary.nodes.items():
            if session.run(count_nodes_query(label), review=review).single(strict=True)["n"] != created:
                raise BackendError(
                    f"the review '{review}' changed in Neo4j while it was pushed (was it pushed "
                    "from elsewhere at the same time?): push it again with --replace"
                )


def holds_review(session: neo4j.Session, review: str) -> bool:
    """Whether any node of this review is in the database (complete or not)."""
    return any(session.run(holds_any_query(label), review=review).single() is not None for label in LABELS)


def delete_review(
    session: neo4j.Session, review: str, batch_size: int = DEFAULT_BATCH_SIZE
) -> dict[str, int]:
    """Remove every node of one review (and with them its relationships); other reviews are untouched."""
    deleted = {"nodes": 0, "relationships": 0}
    for label in LABELS:
        counters = session.run(delete_nodes_query(label), review=review, batch=batch_size).consume().counters
        deleted["nodes"] += counters.nodes_deleted
        deleted["relationships"] += counters.relationships_deleted
    return deleted


def _prune(session: neo4j.Session, graph: ReviewGraph, revision: str, batch_size: int) -> dict[str, int]:
    """Delete this review's relationships and nodes that the push did not write (stale revision)."""
    params = {"review": graph.review, "revision": revision, "batch": batch_size}
    pruned = {"nodes": 0, "relationships": 0}
    for label in dict.fromkeys(group.start for group in graph.relationships):
        pruned["relationships"] += (
            session.run(delete_stale_relationships_query(label), params)
            .consume()
            .counters.relationships_deleted
        )
    for label in LABELS:
        counters = session.run(delete_nodes_query(label, stale_only=True), params).consume().counters
        pruned["nodes"] += counters.nodes_deleted
        pruned["relationships"] += counters.relationships_deleted
    return pruned
