"""A review's graph in Neo4j (docs/neo4j.md): the same graph `build` writes to the embedded store.

Split as the push needs it: `settings` (where the server is, its failures as one-line
errors), `schema` (labels, property names and ids: what the writer and the reader in
`litgraph.query.neo4j` share), `rows` (the model and the references as rows per label
and relationship type), `cypher` (the statements, every value a parameter), `batches`
(rows in write transactions, several in flight), `push` (one review written, its stale
items pruned) and `status` (what a database holds). Nothing is imported here, so the
reader loads only the settings and the schema.
"""
