"""`litgraph neo4j status`: every litgraph review a database holds, with its node and relationship counts.

Counted by the `review` property every item carries, so nodes left by an interrupted
push show up too, beside a Review node that is not `complete`.
"""

from __future__ import annotations

from .cypher import STATUS_NODES, STATUS_RELATIONSHIPS, STATUS_REVIEWS
from .settings import Neo4jSettings, connected, neo4j_errors


def database_status(settings: Neo4jSettings) -> list[dict]:
    """Every review in the database with its node and relationship counts."""
    with connected(settings) as driver, neo4j_errors(settings):

        def read(query: str) -> list:
            return driver.execute_query(query, database_=settings.database, routing_="r").records

        reviews = {
            r["id"]: _entry(
                r["id"], r["name"] or "", bool(r["complete"]), r["revision"] or "", r["origin"] or ""
            )
            for r in read(STATUS_REVIEWS)
        }
        for kind, query in (("nodes", STATUS_NODES), ("relationships", STATUS_RELATIONSHIPS)):
            for record in read(query):
                entry = reviews.setdefault(record["review"], _entry(record["review"]))
                entry[kind][record["what"]] = record["n"]
    for entry in reviews.values():
        for kind in ("nodes", "relationships"):
            entry[kind] = dict(sorted(entry[kind].items()))
    return [reviews[key] for key in sorted(reviews)]


def _entry(review: str, name: str = "", complete: bool = False, revision: str = "", origin: str = "") -> dict:
    """A review's line; one with no Review node (an interrupted push) has no name and is not complete."""
    return {
        "review": review,
        "name": name,
        "complete": complete,
        "revision": revision,
        "origin": origin,
        "nodes": {},
        "relationships": {},
    }
