"""A review's graph in Neo4j: the connection, the model written there, and the push.

The model (docs/neo4j.md): every node and relationship carries `review`, and every
node an `id` that is unique within its review and label — a composite uniqueness
constraint on (review, id), which Community 5 supports — so several reviews share
one database without mixing and MERGE finds a node with one index seek.

Why the push looks the way it does:

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

Only constants from this module become part of a Cypher text (labels and
relationship types cannot be parameters); every value travels as a parameter.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit, urlunsplit

from .. import __version__
from ..errors import BackendError, LitgraphError, ModelError, ProjectError
from ..project import CONFIG_NAME, Project
from ..records import Construct, Evidence, Hypothesis, Location, Reference, ResearchModel, Severity
from ..text import natural_key
from .vocab import author_iri, venue_iri

#: Bump when the shape written to Neo4j changes: it is part of every revision.
PUSH_FORMAT = 2  # 2: person and venue ids name one spelling each
#: Rows per UNWIND transaction. benchmarks/bench_neo4j.py --tune: 5,000 to 50,000 are
#: alike within the noise of the test machine, 2,000 is slower; the whole field-scale
#: push took 59-67 s with 10,000 and 65 s with 20,000. 10,000 keeps a transaction's
#: memory on the server small.
DEFAULT_BATCH_SIZE = 10_000
#: Batches in flight at once on the fresh (CREATE) path, sharing no node; the MERGE path
#: writes one at a time. Field-scale push on 2 cores: 59-69 s with 2, 66-67 s with 1, and
#: 65-93 s with 2 that could share nodes (lock waits and deadlock retries; BENCHMARKS.md).
DEFAULT_WORKERS = 2

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"

LABELS = ("Review", "Construct", "Hypothesis", "Reference", "Person", "Venue", "UnlistedCitation")

# Per-language texts become one property per language (`label_en`, `label_zh`):
# readable in Neo4j Browser, and languages are lower-cased as RDF stores them.
LABEL, ALT_LABEL, DEFINITION, STATEMENT, TITLE = "label_", "alt_label_", "definition_", "statement_", "title_"


# --- connection ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    """Where to connect. The password is excluded from repr so it cannot leak into a message."""

    uri: str
    user: str
    database: str
    password: str = field(default="", repr=False)

    @property
    def shown_uri(self) -> str:
        """The URI without any user:password@ part, safe to print."""
        try:
            parts = urlsplit(self.uri)
        except ValueError:  # not a URI at all ("bolt://[::1"): shown without anything up to an "@"
            scheme, separator, rest = self.uri.rpartition("://")
            return scheme + separator + rest.rsplit("@", 1)[-1]
        if "@" not in parts.netloc:
            return self.uri
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))

    @property
    def where(self) -> str:
        return f"database '{self.database}' at {self.shown_uri}"


def neo4j_settings(
    project: Project | None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Neo4jSettings:
    """Options first, then NEO4J_* variables, then `[neo4j]` in litgraph.toml, then defaults.

    The password comes only from an option or NEO4J_PASSWORD: a config file is
    committed and shared, so one holding a password is refused.
    """
    config = project.section("neo4j") if project is not None else {}
    if "password" in config:
        raise ProjectError("litgraph.toml must not hold the Neo4j password: remove it and set NEO4J_PASSWORD")
    for key in ("uri", "user", "database"):
        if key in config and not (isinstance(config[key], str) and config[key].strip()):
            raise ProjectError(
                f"[neo4j] {key} must be text in quotes, not {config[key]!r}",
                Location(str(project.root / CONFIG_NAME)),
            )

    def pick(option: str | None, variable: str, key: str, default: str) -> str:
        return str(option or os.environ.get(variable) or config.get(key) or default)

    return Neo4jSettings(
        uri=pick(uri, "NEO4J_URI", "uri", DEFAULT_URI),
        user=pick(user, "NEO4J_USER", "user", DEFAULT_USER),
        database=pick(database, "NEO4J_DATABASE", "database", DEFAULT_DATABASE),
        password=password or os.environ.get("NEO4J_PASSWORD", ""),
    )


def open_driver(settings: Neo4jSettings):
    """A driver that has reached the server; server notifications are switched off.

    Notifications (deprecations, performance hints) would otherwise be logged to
    stderr on every query; the driver's own log gets a NullHandler so nothing but
    litgraph's one-line errors reach the terminal.
    """
    import neo4j

    logger = logging.getLogger("neo4j")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    _check_uri(settings)
    auth = (settings.user, settings.password) if settings.password else None
    with neo4j_errors(settings):
        try:
            driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=auth,
                notifications_min_severity="OFF",
                connection_timeout=10.0,
                user_agent=f"litgraph/{__version__}",
            )
        except (ValueError, neo4j.exceptions.ConfigurationError):  # its message may quote the whole URI
            raise BackendError(f"not a usable Neo4j URI: '{settings.shown_uri}'") from None
        try:
            driver.verify_connectivity()  # fails at once; a query would retry for 30 s first
        except BaseException:
            driver.close()
            raise
    return driver


_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _check_uri(settings: Neo4jSettings) -> None:
    """Bolt URIs only (driver 6 would try its preview HTTP API, which needs more packages), no
    credentials in it."""
    try:
        parts = urlsplit(settings.uri)
        _ = parts.port  # read only to check it: a port that is not a number raises here
    except ValueError:  # ... and a malformed host ("bolt://[::1") above
        parts = urlsplit("")
    if parts.scheme not in _SCHEMES or not parts.netloc:
        raise BackendError(
            f"not a Neo4j URI: '{settings.shown_uri}' (use bolt://host:port or neo4j://host:port)"
        )
    if "@" in parts.netloc:
        raise BackendError(
            f"keep the user and password out of the URI '{settings.shown_uri}': "
            "set NEO4J_USER and NEO4J_PASSWORD"
        )


@contextmanager
def connected(settings: Neo4jSettings):
    driver = open_driver(settings)
    try:
        yield driver
    finally:
        driver.close()


@contextmanager
def neo4j_errors(settings: Neo4jSettings):
    """Driver and server failures as one-line BackendErrors (exit 3), never a traceback."""
    from neo4j import exceptions as ex

    try:
        yield
    except ex.AuthError as error:
        raise BackendError(
            f"Neo4j at {settings.shown_uri} refused user '{settings.user}': "
            f"{_one_line(error, settings)} (check NEO4J_USER and NEO4J_PASSWORD)"
        ) from None
    except ex.ClientError as error:
        if error.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise BackendError(
                f"Neo4j at {settings.shown_uri} has no database '{settings.database}' "
                "(set NEO4J_DATABASE or --database)"
            ) from None
        raise BackendError(
            f"Neo4j {settings.where} refused the request: {_one_line(error, settings)}"
        ) from None
    except (ex.ServiceUnavailable, ex.SessionExpired) as error:
        raise BackendError(
            f"cannot reach Neo4j at {settings.shown_uri}: {_reason(error, settings)}"
        ) from None
    except (ex.Neo4jError, ex.DriverError) as error:
        raise BackendError(f"Neo4j {settings.where} failed: {_one_line(error, settings)}") from None


def _one_line(error: BaseException, settings: Neo4jSettings) -> str:
    """The server's own message on one line, with the password scrubbed should it ever appear."""
    from neo4j.exceptions import Neo4jError

    text = " ".join(str(error.message if isinstance(error, Neo4jError) and error.message else error).split())
    return text.replace(settings.password, "***") if settings.password else text


def _reason(error: BaseException, settings: Neo4jSettings) -> str:
    match = re.search(r"reason (?:\[Errno \d+\] )?([^)]*)", str(error))
    return match.group(1).strip() if match else _one_line(error, settings)


# --- what is written: rows per label and per relationship type ----------------------------


@dataclass(frozen=True, slots=True)
class NodeGroup:
    """One label's rows.

    Bulk labels (references, people, venues) send lists aligned with `fields`: the
    driver packs lists of plain values twice as fast as maps, and packing is a large
    part of the client's time. The model's few nodes have per-language properties
    (`label_en`, ...) and send maps, `fields` left empty.
    """

    label: str
    rows: Callable[[], Iterable]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelGroup:
    """One relationship type between two labels; rows are [start id, end id, *fields]."""

    type: str
    start: str
    end: str
    rows: Callable[[], Iterable[list]]
    fields: tuple[str, ...] = ()

    @property
    def positional(self) -> bool:
        """Several of this type may join the same two nodes, told apart by `position`."""
        return self.fields[:1] == ("position",)


@dataclass(slots=True)
class ReviewGraph:
    review: str
    nodes: list[NodeGroup]
    relationships: list[RelGroup]


def lang_props(prefix: str, texts: dict[str, str]) -> dict[str, str]:
    return {prefix + lang.lower(): text for lang, text in texts.items() if text}


def lang_list_props(prefix: str, texts: dict[str, list[str]]) -> dict[str, list[str]]:
    """Sorted and without repeats: the RDF store keeps a set of alternative labels."""
    lists = {
        prefix + lang.lower(): sorted({text for text in values if text}) for lang, values in texts.items()
    }
    return {key: values for key, values in lists.items() if values}


def read_lang(props: dict, prefix: str) -> dict:
    """The per-language map back from `prefix<lang>` properties."""
    return {key[len(prefix) :]: value for key, value in props.items() if key.startswith(prefix)}


def _v(value):
    """Absent rather than empty, as in the RDF graph: null is not stored by `SET n = {...}`."""
    return None if value == "" or value == [] else value


def _compact(props: dict) -> dict:
    return {key: value for key, value in props.items() if _v(value) is not None}


def _tail(iri: str) -> str:
    """The stable id of a person or venue: the last, percent-encoded segment of its IRI."""
    return iri.rsplit("/", 1)[1]


REFERENCE_FIELDS = (
    "id",
    "entry_type",
    "title",
    "year",
    "container",
    "publisher",
    "volume",
    "number",
    "pages",
    "doi",
    "url",
    "language",
    "file",
    "line",
    "authors_truncated",
    "editors",
)
PERSON_FIELDS = ("id", "name", "family", "given")
EVIDENCE_FIELDS = ("position", "direction", "claim", "page", "beta", "p", "n")
AUTHOR_FIELDS = ("position", "family", "given")


def review_graph(
    review_id: str, references: list[Reference], ref_sources: dict[str, str], model: ResearchModel | None
) -> ReviewGraph:
    """The rows to write for one review, as lazy groups (nothing is materialised here)."""
    constructs = model.constructs if model else []
    hypotheses = model.hypotheses if model else []
    owners = [("Hypothesis", h.id, h.evidence) for h in hypotheses]
    owners += [("Construct", c.id, c.defined_by) for c in constructs]
    nodes = [
        NodeGroup("Review", lambda: [_review_row(review_id, model)]),
        NodeGroup("Construct", lambda: map(_construct_row, constructs)),
        NodeGroup("Hypothesis", lambda: map(_hypothesis_row, hypotheses)),
        NodeGroup(
            "Reference", lambda: (_reference_row(r, ref_sources[r.key]) for r in references), REFERENCE_FIELDS
        ),
        NodeGroup("Person", lambda: _unique(_person_rows(references)), PERSON_FIELDS),
        NodeGroup(
            "Venue",
            lambda: _unique([_tail(venue_iri(r.container)), r.container] for r in references if r.container),
            ("id", "name"),
        ),
        NodeGroup(
            "UnlistedCitation",
            lambda: _unique(
                [item.citation] for _, _, evidence in owners for item in evidence if not item.ref
            ),
            ("id",),
        ),
    ]
    relationships = [
        *(
            RelGroup("IN_REVIEW", label, "Review", lambda ids=ids: ([i, review_id] for i in ids()))
            for label, ids in (
                ("Construct", lambda: (c.id for c in constructs)),
                ("Hypothesis", lambda: (h.id for h in hypotheses)),
                ("Reference", lambda: (r.key for r in references)),
            )
        ),
        RelGroup("SOURCE", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "source")),
        RelGroup("TARGET", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "target")),
        RelGroup("MODERATOR", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "moderator")),
        RelGroup("MODERATES", "Hypothesis", "Hypothesis", lambda: _role_rows(hypotheses, "moderates")),
        RelGroup("MEDIATOR", "Hypothesis", "Construct", lambda: _mediator_rows(hypotheses), ("position",)),
        RelGroup("AFFECTS", "Construct", "Construct", lambda: _affects_rows(hypotheses), ("hypotheses",)),
        *(
            RelGroup(
                "EVIDENCE",
                start,
                end,
                lambda start=start, listed=listed: _evidence_rows(owners, start, listed),
                EVIDENCE_FIELDS,
            )
            for start in ("Hypothesis", "Construct")
            for end, listed in (("Reference", True), ("UnlistedCitation", False))
        ),
        RelGroup("AUTHORED_BY", "Reference", "Person", lambda: _author_rows(references), AUTHOR_FIELDS),
        RelGroup(
            "PUBLISHED_IN",
            "Reference",
            "Venue",
            lambda: ([r.key, _tail(venue_iri(r.container))] for r in references if r.container),
        ),
    ]
    return ReviewGraph(review_id, nodes, relationships)


def _review_row(review_id: str, model: ResearchModel | None) -> dict:
    titles = lang_props(TITLE, model.review.titles) if model else {}
    name = titles.get(TITLE + "en") or next(iter(titles.values()), review_id)
    # `model` absent marks a project without a research model (the embedded store then has no review node).
    return _compact(
        {
            "id": review_id,
            "name": name,
            "model": model.source if model else "",
            "authors": list(model.review.authors) if model else [],
            **titles,
        }
    ) | {"complete": False}


def _construct_row(construct: Construct) -> dict:
    labels = lang_props(LABEL, construct.labels)
    name = labels.get(LABEL + "en") or next(iter(labels.values()), construct.id)
    return {
        "id": construct.id,
        "name": name,
        **labels,
        **lang_list_props(ALT_LABEL, construct.alt_labels),
        **lang_props(DEFINITION, construct.definitions),
    }


def _hypothesis_row(hyp: Hypothesis) -> dict:
    return _compact(
        {"id": hyp.id, "kind": hyp.kind.value, "sign": hyp.sign, **lang_props(STATEMENT, hyp.statements)}
    )


def _reference_row(ref: Reference, source: str) -> list:
    return [
        ref.key,
        _v(ref.entry_type),
        _v(ref.title),
        _v(ref.year_text.strip()),
        _v(ref.container),
        _v(ref.publisher),
        _v(ref.volume),
        _v(ref.number),
        _v(ref.pages),
        _v(ref.doi),
        _v(ref.url),
        _v(ref.language),
        _v(source),
        ref.location.line,
        ref.authors_truncated,
        _v([person.display for person in ref.editors]),
    ]


def _person_rows(references: list[Reference]) -> Iterator[list]:
    for ref in references:
        for person in ref.authors:
            yield [
                _tail(author_iri(person.family, person.first)),
                _v(person.display),
                _v(person.family),
                _v(person.first),
            ]


def _author_rows(references: list[Reference]) -> Iterator[list]:
    """Names as written in this reference: a person shared by several may be spelt differently in each."""
    for ref in references:
        for position, person in enumerate(ref.authors, 1):
            yield [
                ref.key,
                _tail(author_iri(person.family, person.first)),
                position,
                _v(person.family),
                _v(person.first),
            ]


def _unique(rows: Iterable, dict_rows: bool = False) -> Iterator:
    """First row per id: a node is written once per push, with whichever spelling comes first."""
    seen: set[str] = set()
    for row in rows:
        key = row["id"] if dict_rows else row[0]
        if key not in seen:
            seen.add(key)
            yield row


def _role_rows(hypotheses: list[Hypothesis], role: str) -> Iterator[list]:
    for hyp in hypotheses:
        if getattr(hyp, role):
            yield [hyp.id, getattr(hyp, role)]


def _mediator_rows(hypotheses: list[Hypothesis]) -> Iterator[list]:
    for hyp in hypotheses:
        for position, mediator in enumerate(hyp.mediators, 1):
            yield [hyp.id, mediator, position]


def _affects_rows(hypotheses: list[Hypothesis]) -> Iterator[list]:
    """The derived construct → construct effects (direct hypotheses and mediation legs) paths run over."""
    backing: dict[tuple[str, str], list[str]] = {}
    for hyp in hypotheses:
        for step in hyp.effect_steps():
            backing.setdefault(step, []).append(hyp.id)
    for (cause, effect), ids in backing.items():
        yield [cause, effect, sorted(set(ids), key=natural_key)]


def _evidence_rows(owners: list[tuple[str, str, list[Evidence]]], start: str, listed: bool) -> Iterator[list]:
    for label, owner_id, evidence in owners:
        if label != start:
            continue
        for position, item in enumerate(evidence, 1):
            if bool(item.ref) == listed:
                yield [
                    owner_id,
                    item.ref or item.citation,
                    position,
                    _v(item.direction),
                    _v(item.claim),
                    _v(item.page),
                    item.beta,
                    item.p,
                    item.n,
                ]


# --- Cypher (constants only; labels, types and property names come from the groups above) --


def constraint_query(label: str) -> str:
    _check_name(label)
    return (
        f"CREATE CONSTRAINT litgraph_{label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE (n.review, n.id) IS UNIQUE"
    )


def _properties(fields: tuple[str, ...], offset: int) -> str:
    """`{name: row[i], ..., review: $review, revision: $revision}`: `SET x = {...}` replaces every
    property, so one removed from the sources disappears, and nulls are simply not stored."""
    for name in fields:
        _check_name(name)
    pairs = [f"{name}: row[{offset + i}]" for i, name in enumerate(fields)]
    return "{" + ", ".join([*pairs, "review: $review", "revision: $revision"]) + "}"


def node_query(group: NodeGroup) -> str:
    """MERGE on (review, id): one seek of the uniqueness constraint's index."""
    _check_name(group.label)
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
        _check_name(name)
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
    _check_name(group.label)
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
        _check_name(name)
    return (
        f"UNWIND $rows AS row MATCH (a:{group.start}) WHERE elementId(a) = row[0] AND a.review = $review "
        f"MATCH (b:{group.end}) WHERE elementId(b) = row[1] AND b.review = $review "
        f"CREATE (a)-[r:{group.type} {_properties(group.fields, 2)}]->(b)"
    )


def _check_name(name: str) -> None:
    """Labels, types and property names are the only text built into a query: plain identifiers only."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a Neo4j label, type or property name: {name!r}")


# Deletions run as `CALL { ... } IN TRANSACTIONS` (an auto-commit query) so that removing a
# whole field-scale review never needs one huge transaction. `n.id IS NOT NULL` lets the
# planner seek the (review, id) index by its first property.
_DELETE_NODES = (
    "MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL{stale} "
    "CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF $batch ROWS"
)
_DELETE_STALE_RELATIONSHIPS = (
    "MATCH (n:{label} {{review: $review}})-[r]->() "
    "WHERE n.id IS NOT NULL AND r.revision <> $revision "
    "CALL {{ WITH r DELETE r }} IN TRANSACTIONS OF $batch ROWS"
)
_REVIEW_STATE = (
    "MATCH (r:Review {review: $review, id: $review}) RETURN r.revision AS revision, r.complete AS complete"
)
#: Run last: readers refuse a review whose Review node is not marked complete (also used by `export cypher`).
MARK_COMPLETE = "MATCH (r:Review {review: $review, id: $review}) SET r.complete = true"
# Does the database hold anything of this review? Any label, not only Review: an interrupted --replace
# deletes the Review node first and may leave other nodes behind.
_HOLDS_ANY = "MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL RETURN 1 AS found LIMIT 1"
_COUNT_NODES = "MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL RETURN count(n) AS n"


# --- the push --------------------------------------------------------------------------------


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


Progress = Callable[[str, int], None]  # (what is being written, rows written so far in it)


def push_graph(
    driver,
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
    """
    if batch_size < 1:
        raise LitgraphError("--batch-size must be at least 1")
    started = time.perf_counter()
    summary = PushSummary(graph.review, settings.database, settings.shown_uri, revision, batch_size)
    params = {"review": graph.review, "revision": revision}
    with neo4j_errors(settings), driver.session(database=settings.database) as session:
        for label in LABELS:
            session.run(constraint_query(label)).consume()
        if replace:
            summary.replaced = delete_review(session, graph.review, batch_size)
        state = session.run(_REVIEW_STATE, params).single()
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


def _write_graph(
    driver,
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
        from neo4j.exceptions import ClientError

        try:
            _write_fresh(driver, database, graph, params, batch_size, progress, summary, workers)
        except ClientError:  # e.g. "Unable to load NODE": one was deleted meanwhile; then say so
            _check_fresh(driver, database, graph.review, summary)
            raise
        _check_fresh(driver, database, graph.review, summary)
        return
    for group in graph.nodes:
        summary.nodes[group.label] = write_batches(
            driver, database, node_query(group), group.rows(), params, batch_size, group.label, progress
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
    driver,
    database: str,
    graph: ReviewGraph,
    params: dict,
    batch_size: int,
    progress: Progress | None,
    summary: PushSummary,
    workers: int,
) -> None:
    nodes: dict[str, dict[str, str]] = {}  # label -> id -> element id
    for group in graph.nodes:
        found = nodes.setdefault(group.label, {})
        summary.nodes[group.label] = write_batches(
            driver,
            database,
            fresh_node_query(group),
            _unique(group.rows(), dict_rows=not group.fields),
            params,
            batch_size,
            group.label,
            progress,
            found,
            workers,
        )
    for group in graph.relationships:
        starts, ends, dropped = nodes.get(group.start, {}), nodes.get(group.end, {}), []
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
    rows: Iterable[list], starts: dict[str, str], ends: dict[str, str], dropped: list
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


def _check_fresh(driver, database: str, review: str, summary: PushSummary) -> None:
    """Every node the fresh push created is still there, so every element id it used named its own node.

    Were one deleted meanwhile (this review pushed from elsewhere at the same time, with
    --replace or pruning), the push fails, leaving the review incomplete.
    """
    with driver.session(database=database) as session:
        for label, created in summary.nodes.items():
            if session.run(_COUNT_NODES.format(label=label), review=review).single()["n"] != created:
                raise BackendError(
                    f"the review '{review}' changed in Neo4j while it was pushed (was it pushed "
                    "from elsewhere at the same time?): push it again with --replace"
                )


def write_batches(
    driver,
    database: str,
    query: str,
    rows: Iterable[list],
    params: dict,
    batch_size: int,
    what: str,
    progress: Progress | None = None,
    returned: dict | None = None,
    workers: int = 1,
    disjoint: bool = False,
) -> int:
    """UNWIND the rows in batches, one write transaction each (retried by the driver on a transient error).

    `returned` collects the `ids` → `nodes` the query returns (the fresh node writes).
    With `workers` > 1, that many batches are in flight at once, each on its own
    connection: the client packs the next batch while the server writes one. With
    `disjoint` (relationship rows), batches in flight together share no node, so
    neither waits for the other's locks (see `_disjoint_batches`). All have finished
    when this returns.
    """

    def run(batch: list) -> list:
        return driver.execute_query(query, {**params, "rows": batch}, database_=database).records

    def done(records: list, size: int) -> None:
        nonlocal written
        if returned is not None:
            for record in records:
                returned.update(zip(record["ids"], record["nodes"], strict=False))
        written += size
        if progress:
            progress(what, written)

    written, iterator = 0, iter(rows)
    if workers <= 1:
        while batch := list(islice(iterator, batch_size)):
            done(run(batch), len(batch))
        return written
    batches = (
        _disjoint_batches(iterator, batch_size)
        if disjoint
        else ((None, batch) for batch in iter(lambda: list(islice(iterator, batch_size)), []))
    )
    ready: deque = deque()  # (part, batch) made but not sent yet
    running: dict = {}  # future -> (part, rows)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="litgraph-push") as pool:
        try:
            while True:
                while len(ready) < 2 * workers and (item := next(batches, None)) is not None:
                    ready.append(item)
                if not ready and not running:
                    return written
                startable = next(
                    (
                        k
                        for k, (part, _) in enumerate(ready)
                        if all(_apart(part, other) for other, _ in running.values())
                    ),
                    None,
                )
                if len(running) < workers and startable is not None:
                    part, batch = ready[startable]
                    del ready[startable]
                    running[pool.submit(run, batch)] = (part, len(batch))
                    continue
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    done(future.result(), running.pop(future)[1])
        finally:
            for future in running:
                future.cancel()


def _disjoint_batches(rows: Iterable[list], batch_size: int) -> Iterator[tuple[tuple[int, int], list]]:
    """Relationship rows in four parts by the parity of a hash of each end: (start part, end part).

    A batch of part (0, 0) shares no node with one of part (1, 1), nor (0, 1) with (1, 0),
    so two such batches can be written at once without waiting for each other's node locks
    (relationships to the same node would otherwise serialise them, or deadlock and retry).
    """
    parts: dict[tuple[int, int], list] = {}
    for row in rows:
        part = (hash(row[0]) & 1, hash(row[1]) & 1)
        batch = parts.setdefault(part, [])
        batch.append(row)
        if len(batch) >= batch_size:
            yield part, parts.pop(part)
    yield from parts.items()


def _apart(part: tuple[int, int] | None, other: tuple[int, int] | None) -> bool:
    return part is None or other is None or (part[0] != other[0] and part[1] != other[1])


def holds_review(session, review: str) -> bool:
    """Whether any node of this review is in the database (complete or not)."""
    return any(
        session.run(_HOLDS_ANY.format(label=label), review=review).single() is not None for label in LABELS
    )


def delete_review(session, review: str, batch_size: int = DEFAULT_BATCH_SIZE) -> dict[str, int]:
    """Remove every node of one review (and with them its relationships); other reviews are untouched."""
    deleted = {}
    for label in LABELS:
        query = _DELETE_NODES.format(label=label, stale="")
        counters = session.run(query, review=review, batch=batch_size).consume().counters
        deleted["nodes"] = deleted.get("nodes", 0) + counters.nodes_deleted
        deleted["relationships"] = deleted.get("relationships", 0) + counters.relationships_deleted
    return deleted


def _prune(session, graph: ReviewGraph, revision: str, batch_size: int) -> dict[str, int]:
    """Delete this review's relationships and nodes that the push did not write (stale revision)."""
    params = {"review": graph.review, "revision": revision, "batch": batch_size}
    pruned = {"nodes": 0, "relationships": 0}
    for label in dict.fromkeys(group.start for group in graph.relationships):
        pruned["relationships"] += (
            session.run(_DELETE_STALE_RELATIONSHIPS.format(label=label), params)
            .consume()
            .counters.relationships_deleted
        )
    for label in LABELS:
        counters = (
            session.run(_DELETE_NODES.format(label=label, stale=" AND n.revision <> $revision"), params)
            .consume()
            .counters
        )
        pruned["nodes"] += counters.nodes_deleted
        pruned["relationships"] += counters.relationships_deleted
    return pruned


# --- a project ---------------------------------------------------------------------------------


def review_id_of(project: Project, model: ResearchModel | None) -> str:
    """The model's review id, or the folder's name for a project without a model (as `build` does)."""
    return model.review.id if model else project.root.resolve().name


def project_review_id(project: Project) -> str:
    """The review id without parsing the BibTeX (readers need only this)."""
    if not project.model:
        return review_id_of(project, None)
    from ..model.load import load_model

    model, _ = load_model(project.model, project.shown(project.model))
    return review_id_of(project, model)


def source_revision(project: Project) -> str:
    """A hash of the sources and of the push format: equal revisions mean equal graphs."""
    digest = hashlib.sha256(f"litgraph {__version__} push {PUSH_FORMAT}".encode())
    for path in [*project.bibtex, *([project.model] if project.model else [])]:
        digest.update(project.shown(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def project_graph(project: Project) -> ReviewGraph:
    """Parse and check the sources as `build` does: a model that breaks its rules is not pushed."""
    from .build import read_sources

    sources = read_sources(project)
    errors = [p for p in sources.problems if p.code == "model" and p.severity is Severity.ERROR]
    if errors:
        raise ModelError(errors)
    refs = sources.bibliography.references
    return review_graph(
        review_id_of(project, sources.model), refs, {r.key: r.location.file for r in refs}, sources.model
    )


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


# --- what a database holds ----------------------------------------------------------------------

_STATUS_REVIEWS = (
    "MATCH (r:Review) WHERE r.id IS NOT NULL RETURN r.id AS id, r.name AS name, r.complete AS complete, "
    "r.revision AS revision ORDER BY id"
)
_STATUS_NODES = (
    "MATCH (n) WHERE n.review IS NOT NULL RETURN n.review AS review, labels(n)[0] AS what, count(*) AS n"
)
_STATUS_RELATIONSHIPS = (
    "MATCH ()-[r]->() WHERE r.review IS NOT NULL RETURN r.review AS review, type(r) AS what, count(*) AS n"
)


def database_status(settings: Neo4jSettings) -> list[dict]:
    """Every review in the database with its node and relationship counts."""
    with connected(settings) as driver, neo4j_errors(settings):

        def read(query: str) -> list:
            return driver.execute_query(query, database_=settings.database, routing_="r").records

        reviews = {
            r["id"]: {
                "review": r["id"],
                "name": r["name"] or "",
                "complete": bool(r["complete"]),
                "revision": r["revision"] or "",
                "nodes": {},
                "relationships": {},
            }
            for r in read(_STATUS_REVIEWS)
        }
        for kind, query in (("nodes", _STATUS_NODES), ("relationships", _STATUS_RELATIONSHIPS)):
            for record in read(query):
                entry = reviews.setdefault(
                    record["review"],
                    {
                        "review": record["review"],
                        "name": "",
                        "complete": False,
                        "revision": "",
                        "nodes": {},
                        "relationships": {},
                    },
                )
                entry[kind][record["what"]] = record["n"]
    for entry in reviews.values():
        for kind in ("nodes", "relationships"):
            entry[kind] = dict(sorted(entry[kind].items()))
    return [reviews[key] for key in sorted(reviews)]
