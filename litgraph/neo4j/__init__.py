"""A review's graph in Neo4j (docs/neo4j.md): the same graph `build` writes to the embedded store.

Split as the push needs it: `settings` (where the server is, its failures as one-line
errors), `schema` (labels, property names and ids: what the writer and the reader in
`litgraph.query.neo4j` share), `rows` (a project's model and references as rows per
label and relationship type), `cypher` (the statements, every value a parameter),
`batches` (rows in write transactions, several in flight), `push` (one review
written, its stale items pruned) and `status` (what a database holds).

Only the parts that need no driver are imported here — what is written and the
statements that write it — so that `litgraph export cypher` makes its script
without loading the Neo4j driver (about 0.9 s).
"""

from .cypher import MARK_COMPLETE, constraint_query, node_query, relationship_query
from .rows import NodeGroup, RelGroup, ReviewGraph, project_graph, review_graph, source_revision
from .schema import LABELS

__all__ = [
    "LABELS",
    "MARK_COMPLETE",
    "NodeGroup",
    "RelGroup",
    "ReviewGraph",
    "constraint_query",
    "node_query",
    "project_graph",
    "relationship_query",
    "review_graph",
    "source_revision",
]
