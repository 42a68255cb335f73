"""The Cypher the push and `neo4j status` run: constant texts, every value a parameter.

Labels, relationship types and property names cannot be parameters, so they are
built into the text; they come from the schema and the row groups only, and each is
checked to be a plain identifier first (`check_name`).

Nodes are MERGEd on (review, id) and relationships on (start, type, position, end),
which makes a push idempotent; into a review the database holds nothing of, the
`fresh_` statements CREATE instead (see `push`). `SET x = {...}` replaces every
property, so one removed from the sources disappears, and a null is not stored.
"""

from __future__ import annotations

import re

from .rows import NodeGroup, RelGroup

#: Run last: readers refuse a review whose Review node is not marked complete (also used by `export cypher`).
MARK_COMPLETE = "MATCH (r:Review {review: $review, id: $review}) SET r.complete = true"
REVIEW_STATE = (
    "MATCH (r:Review {review: $review, id: $review}) "
    "RETURN r.revision AS revision, r.complete AS complete, r.origin AS origin"
)
STATUS_REVIEWS = (
    "MATCH (r:Review) WHERE r.id IS NOT NULL RETURN r.id AS id, r.name AS name, r.complete AS complete, "
    "r.revision AS revision, r.origin AS origin ORDER BY id"
)
STATUS_NODES = (
    "MATCH (n) WHERE n.review IS NOT NULL RETURN n.review AS review, labels(n)[0] AS what, count(*) AS n"
)
STATUS_RELATIONSHIPS = (
    "MATCH ()-[r]->() WHERE r.review IS NOT NULL RETURN r.review AS review, type(r) AS what, count(*) AS n"
)


def constraint_query(label: str) -> str:
    check_name(label)
    return (
        f"CREATE CONSTRAINT litgraph_{label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE (n.review, n.id) IS UNIQUE"
    )


def node_query(group: NodeGroup) -> str:
    """MERGE on (review, id): one seek of the uniqueness constraint's index."""
    check_name(group.label)
    if not group.fields:
        return (
            f"UNWIND $rows AS row MERGE (n:{group.label} {{review: $review, id: row.id}}) "
            "SET n = row, n.review = $review, n.revision = $revision"
        )
    return (
        f"UNWIND $rows AS row MERGE (n:{group.label} {{review: $review, id: row[0]}}) "
        f"SET n = {_properties(group.fields, 0)}"
    )


def relationship_query(group: RelGroup) -> str:
    """MERGE on (start, type, position, end), the ends found by (review, id)."""
    for name in (group.type, group.start, group.end):
        check_name(name)
    key = " {position: row[2]}" if group.positional else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{group.start} {{review: $review, id: row[0]}}) "
        f"MATCH (b:{group.end} {{review: $review, id: row[1]}}) "
        f"MERGE (a)-[r:{group.type}{key}]->(b) SET r = {_properties(group.fields, 2)}"
    )


def fresh_node_query(group: NodeGroup) -> str:
    """CREATE, for a review the database holds nothing of; returns each row's id with its node's element id.

    Properties go in the CREATE itself (a null is not stored, as with `SET n = {...}`).
    """
    check_name(group.label)
    if not group.fields:
        return (
            f"UNWIND $rows AS row CREATE (n:{group.label}) SET n = row, n.review = $review, "
            "n.revision = $revision RETURN collect(row.id) AS ids, collect(elementId(n)) AS nodes"
        )
    return (
        f"UNWIND $rows AS row CREATE (n:{group.label} {_properties(group.fields, 0)}) "
        "RETURN collect(row[0]) AS ids, collect(elementId(n)) AS nodes"
    )


def fresh_relationship_query(group: RelGroup) -> str:
    """CREATE between two nodes given by the element ids the fresh node writes returned.

    A seek by element id reads the node's record instead of searching the (review, id)
    index. Label and review are checked all the same (the cost is within the noise of the
    one-minute field-scale push), so an id can never reach another review's node, even
    should one of this review's nodes be deleted during the push and its id reused.
    """
    for name in (group.type, group.start, group.end):
        check_name(name)
    return (
        f"UNWIND $rows AS row MATCH (a:{group.start}) WHERE elementId(a) = row[0] AND a.review = $review "
        f"MATCH (b:{group.end}) WHERE elementId(b) = row[1] AND b.review = $review "
        f"CREATE (a)-[r:{group.type} {_properties(group.fields, 2)}]->(b)"
    )


# Deletions run as `CALL { ... } IN TRANSACTIONS` (an auto-commit query) so that removing a
# whole field-scale review never needs one huge transaction. `n.id IS NOT NULL` lets the
# planner seek the (review, id) index by its first property.


def delete_nodes_query(label: str, stale_only: bool = False) -> str:
    """This review's nodes of a label (with their relationships); `stale_only`: those of another revision."""
    check_name(label)
    stale = " AND n.revision <> $revision" if stale_only else ""
    return (
        f"MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL{stale} "
        "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS"
    )


def delete_stale_relationships_query(label: str) -> str:
    """The relationships from this review's nodes of a label that carry another revision."""
    check_name(label)
    return (
        f"MATCH (n:{label} {{review: $review}})-[r]->() "
        "WHERE n.id IS NOT NULL AND r.revision <> $revision "
        "CALL { WITH r DELETE r } IN TRANSACTIONS OF $batch ROWS"
    )


def holds_any_query(label: str) -> str:
    """Does the database hold a node of this label and review? Asked of every label, not only Review:
    an interrupted --replace deletes the Review node first and may leave other nodes behind."""
    check_name(label)
    return f"MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL RETURN 1 AS found LIMIT 1"


def count_nodes_query(label: str) -> str:
    check_name(label)
    return f"MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL RETURN count(n) AS n"


def check_name(name: str) -> None:
    """Labels, types and property names are the only text built into a query: plain identifiers only."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a Neo4j label, type or property name: {name!r}")


def _properties(fields: tuple[str, ...], offset: int) -> str:
    """`{name: row[i], ..., review: $review, revision: $revision}`."""
    for name in fields:
        check_name(name)
    pairs = [f"{name}: row[{offset + i}]" for i, name in enumerate(fields)]
    return "{" + ", ".join([*pairs, "review: $review", "revision: $revision"]) + "}"
