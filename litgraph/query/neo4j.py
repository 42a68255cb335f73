"""The Neo4j backend: the same rows as the embedded store, fetched with Cypher.

Every query of litgraph's own is a constant text run in a READ transaction with the review's id and
the user's values as parameters; the one exception is the upper bound of a
variable-length path, which Cypher does not accept as a parameter and which is
built from a validated int. Rows are sorted in Python with the same functions the
embedded backend uses, so both backends sort alike (Neo4j compares strings by
UTF-16 units, Python by code points).

The model read here is written by `litgraph.neo4j.push` (docs/neo4j.md, `litgraph.neo4j.schema`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import neo4j
from neo4j import RoutingControl

from ..errors import BackendError, LitgraphError
from ..model.load import load_model
from ..neo4j.schema import ALT_LABEL, DEFINITION, LABEL, STATEMENT, TITLE, read_lang
from ..neo4j.settings import Neo4jSettings, neo4j_errors, neo4j_settings, open_driver
from ..project import Project
from .backend import ROLES, Backend, sort_routes
from .limits import QueryLimits
from .rows import (
    AuthorRow,
    ConstructRow,
    EvidenceRow,
    HypothesisRow,
    ReferenceRow,
    ReviewRow,
    sort_evidence,
    sort_hypotheses,
)
from .user_cypher import run_user_cypher

#: Longest route asked of the server: a simple path cannot be longer than the model
#: has constructs, and the bound is the one number formatted into a query.
ROUTE_CEILING = 10_000

_REVIEW = "MATCH (r:Review {review: $review, id: $review}) RETURN properties(r) AS r"

_CONSTRUCTS = "MATCH (c:Construct {review: $review}) WHERE c.id IS NOT NULL RETURN properties(c) AS c"

# One head per way of choosing hypotheses, one shared tail reading their roles.
_HYPOTHESIS_TAIL = """
RETURN properties(h) AS h,
       [(h)-[:SOURCE]->(c:Construct) | c.id][0] AS source,
       [(h)-[:TARGET]->(c:Construct) | c.id][0] AS target,
       [(h)-[:MODERATOR]->(c:Construct) | c.id][0] AS moderator,
       [(h)-[:MODERATES]->(x:Hypothesis) | x.id][0] AS moderates,
       [(h)-[m:MEDIATOR]->(c:Construct) | [m.position, c.id]] AS mediators"""
_HYPOTHESES = "MATCH (h:Hypothesis {review: $review}) WHERE h.id IS NOT NULL" + _HYPOTHESIS_TAIL
_HYPOTHESES_BY_ID = "UNWIND $ids AS hid MATCH (h:Hypothesis {review: $review, id: hid})" + _HYPOTHESIS_TAIL
_HYPOTHESES_TOUCHING = (
    """
UNWIND $ids AS cid
MATCH (:Construct {review: $review, id: cid})<-[role:SOURCE|TARGET|MEDIATOR|MODERATOR]-(h:Hypothesis)
WHERE type(role) IN $roles
WITH DISTINCT h"""
    + _HYPOTHESIS_TAIL
)
_MODERATIONS_OF = (
    """
UNWIND $ids AS hid
MATCH (:Hypothesis {review: $review, id: hid})<-[:MODERATES]-(h:Hypothesis)
WITH DISTINCT h"""
    + _HYPOTHESIS_TAIL
)

_EVIDENCE_TAIL = """
RETURN CASE WHEN o:Hypothesis THEN 'hypothesis' ELSE 'construct' END AS kind, o.id AS owner,
       properties(e) AS e,
       CASE WHEN c:Reference THEN c.id ELSE '' END AS ref,
       CASE WHEN c:UnlistedCitation THEN c.id ELSE '' END AS citation"""
_EVIDENCE = "MATCH (o:Hypothesis|Construct {review: $review})-[e:EVIDENCE]->(c)" + _EVIDENCE_TAIL
_EVIDENCE_OF_HYPOTHESES = (
    "UNWIND $ids AS oid MATCH (o:Hypothesis {review: $review, id: oid})-[e:EVIDENCE]->(c)" + _EVIDENCE_TAIL
)
_EVIDENCE_OF_CONSTRUCTS = (
    "UNWIND $ids AS oid MATCH (o:Construct {review: $review, id: oid})-[e:EVIDENCE]->(c)" + _EVIDENCE_TAIL
)
_EVIDENCE_CITING = (
    "UNWIND $ids AS key MATCH (o)-[e:EVIDENCE]->(c:Reference {review: $review, id: key})" + _EVIDENCE_TAIL
)

_REFERENCE_TAIL = """
RETURN properties(r) AS r, [(r)-[a:AUTHORED_BY]->(:Person) | [a.position, a.family, a.given]] AS authors"""
_REFERENCES = "MATCH (r:Reference {review: $review}) WHERE r.id IS NOT NULL" + _REFERENCE_TAIL
_REFERENCES_BY_KEY = "UNWIND $ids AS key MATCH (r:Reference {review: $review, id: key})" + _REFERENCE_TAIL

_HAS_EFFECTS = "MATCH (c:Construct {review: $review, id: $id}) RETURN EXISTS { (c)-[:AFFECTS]-() } AS found"

_REVIEW_STATE = "MATCH (r:Review {review: $review, id: $review}) RETURN r.complete AS complete"


def _routes_query(bound: int) -> str:
    """Simple routes over AFFECTS; `bound` is an int checked by the caller, never user text."""
    return (
        "MATCH (a:Construct {review: $review, id: $source}), (b:Construct {review: $review, id: $target}) "
        f"MATCH p = (a)-[:AFFECTS*1..{bound:d}]->(b) "
        "WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n)) "
        "RETURN [n IN nodes(p) | n.id] AS route"
    )


class Neo4jBackend(Backend):
    """Answers for one review from a Neo4j database, in read transactions only."""

    name = "neo4j"

    def __init__(self, driver: neo4j.Driver, settings: Neo4jSettings, review_id: str):
        self._driver = driver
        self._settings = settings
        self._review = review_id
        self._closer = weakref.finalize(self, driver.close)  # closed at exit even if no one calls close()

    def close(self) -> None:
        self._closer()

    def _read(self, query: str, **params) -> list:
        with neo4j_errors(self._settings):
            return self._driver.execute_query(
                query,
                {"review": self._review, **params},
                database_=self._settings.database,
                routing_=RoutingControl.READ,
            ).records

    def check_pushed(self) -> None:
        """A review that was never pushed, or whose last push did not finish, cannot be answered from."""
        records = self._read(_REVIEW_STATE)
        if not records:
            raise BackendError(
                f"review '{self._review}' is not in Neo4j {self._settings.where}; "
                "run `litgraph neo4j push` first"
            )
        if not records[0]["complete"]:
            raise BackendError(
                f"the last push of review '{self._review}' to Neo4j {self._settings.where} did not "
                "finish; run `litgraph neo4j push` again"
            )

    # -- the fetches ------------------------------------------------------------------

    def review(self) -> ReviewRow:
        records = self._read(_REVIEW)
        props = records[0]["r"] if records else {}
        if not props.get("model"):  # like the embedded store: no research model, no review node
            return ReviewRow(id="")
        return ReviewRow(id=props["id"], titles=read_lang(props, TITLE))

    def constructs(self) -> list[ConstructRow]:
        rows = []
        for record in self._read(_CONSTRUCTS):
            props = record["c"]
            row = ConstructRow(
                id=props["id"],
                labels=read_lang(props, LABEL),
                alt_labels={lang: list(v) for lang, v in read_lang(props, ALT_LABEL).items()},
                definitions=read_lang(props, DEFINITION),
            )
            if (
                row.labels or row.alt_labels or row.definitions
            ):  # the embedded store finds a construct by these
                rows.append(row)
        return sorted(rows, key=lambda c: c.id)

    def hypotheses(self, ids: Iterable[str] | None = None) -> list[HypothesisRow]:
        if ids is None:
            return self._hypotheses(_HYPOTHESES)
        return self._hypotheses(_HYPOTHESES_BY_ID, ids=list(dict.fromkeys(ids)))

    def hypotheses_touching(
        self, construct_ids: Iterable[str], roles: Iterable[str] = ROLES
    ) -> list[HypothesisRow]:
        return self._hypotheses(
            _HYPOTHESES_TOUCHING,
            ids=list(dict.fromkeys(construct_ids)),
            roles=[role.upper() for role in roles],
        )

    def moderations_of(self, hypothesis_ids: Iterable[str]) -> list[HypothesisRow]:
        return self._hypotheses(_MODERATIONS_OF, ids=list(dict.fromkeys(hypothesis_ids)))

    def _hypotheses(self, query: str, **params) -> list[HypothesisRow]:
        rows = []
        for record in self._read(query, **params):
            props = record["h"]
            rows.append(
                HypothesisRow(
                    id=props["id"],
                    kind=props["kind"],
                    sign=props["sign"],
                    source=record["source"] or "",
                    target=record["target"] or "",
                    mediators=[cid for _, cid in sorted(record["mediators"])],
                    moderator=record["moderator"] or "",
                    moderates=record["moderates"] or "",
                    statements=read_lang(props, STATEMENT),
                )
            )
        return sort_hypotheses(rows)

    def evidence(
        self, owner_ids: Iterable[str] | None = None, ref_keys: Iterable[str] | None = None
    ) -> list[EvidenceRow]:
        if owner_ids is None and ref_keys is None:
            records = self._read(_EVIDENCE)
        else:
            owners, keys = list(dict.fromkeys(owner_ids or ())), list(dict.fromkeys(ref_keys or ()))
            records = []
            for query, ids in (
                (_EVIDENCE_OF_HYPOTHESES, owners),
                (_EVIDENCE_OF_CONSTRUCTS, owners),
                (_EVIDENCE_CITING, keys),
            ):
                if ids:
                    records += self._read(query, ids=ids)
        rows = {}
        for record in records:
            e = record["e"]
            row = EvidenceRow(
                owner_kind=record["kind"],
                owner_id=record["owner"],
                position=e["position"],
                ref=record["ref"],
                citation=record["citation"],
                direction=e["direction"],
                claim=e.get("claim", ""),
                page=e.get("page", ""),
                beta=_float(e.get("beta")),
                p=_float(e.get("p")),
                n=e.get("n"),
            )
            rows[(row.owner_kind, row.owner_id, row.position)] = row
        return sort_evidence(list(rows.values()))

    def references(self, keys: Iterable[str] | None = None) -> list[ReferenceRow]:
        records = (
            self._read(_REFERENCES)
            if keys is None
            else self._read(_REFERENCES_BY_KEY, ids=list(dict.fromkeys(keys)))
        )
        rows = [_reference(record["r"], record["authors"]) for record in records]
        return sorted(rows, key=lambda r: r.key)

    def routes(self, source: str, target: str, max_length: int) -> list[list[str]]:
        """Simple routes as networkx finds them for the embedded store (a construct alone is a
        route to itself)."""
        if isinstance(max_length, bool) or not isinstance(max_length, int):
            raise LitgraphError(f"the longest route must be a whole number, not {max_length!r}")
        if source == target:
            found = max_length >= 0 and self._read(_HAS_EFFECTS, id=source)
            return [[source]] if found and found[0]["found"] else []
        if max_length < 1:
            return []
        records = self._read(_routes_query(min(max_length, ROUTE_CEILING)), source=source, target=target)
        return sort_routes(record["route"] for record in records)

    def raw_query(self, text: str, limits: QueryLimits | None = None) -> tuple[list[str], list[list]]:
        """A user's Cypher (`$review` is this review's id), allowed on Neo4j's plan of it and run
        within `limits` (`query.user_cypher`)."""
        params = {"review": self._review}
        return run_user_cypher(self._driver, self._settings, text, params, limits or QueryLimits())


def _float(value) -> float | None:
    return None if value is None else float(value)


def _reference(props: dict, authors: list) -> ReferenceRow:
    # Like the embedded store: an author is listed by family name, so one without it is left out.
    people = sorted({(position, family, given or "") for position, family, given in authors if family})
    return ReferenceRow(
        key=props["id"],
        entry_type=props.get("entry_type", ""),
        title=props.get("title", ""),
        authors=[AuthorRow(family, given) for _, family, given in people],
        authors_truncated=bool(props.get("authors_truncated", False)),
        year=props.get("year", ""),
        container=props.get("container", ""),
        volume=props.get("volume", ""),
        number=props.get("number", ""),
        pages=props.get("pages", ""),
        doi=props.get("doi", ""),
        language=props.get("language", ""),
        file=props.get("file", ""),
        line=props.get("line", 0),
    )


def open_neo4j(
    project: Project | None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    check_review: bool = True,
) -> Neo4jBackend:
    """The backend for the project's review; the connection from options, NEO4J_* or `[neo4j]`
    in litgraph.toml.

    An unreachable server, refused credentials, a missing database or (unless
    `check_review` is off, as for `litgraph cypher`) a review never pushed is a
    one-line BackendError.
    """
    settings = neo4j_settings(project, uri, user, password, database)
    review_id = _review_id(project) if project is not None else ""
    backend = Neo4jBackend(open_driver(settings), settings, review_id)
    if check_review:
        try:
            backend.check_pushed()
        except BaseException:
            backend.close()
            raise
    return backend


def _review_id(project: Project) -> str:
    """The review id without parsing the BibTeX (a reader needs only this)."""
    model = load_model(project.model, project.shown(project.model))[0] if project.model else None
    return project.review_id(model)
