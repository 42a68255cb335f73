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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit, urlunsplit

from .. import __version__
from ..errors import BackendError, LitgraphError, ModelError, ProjectError
from ..project import Project
from ..records import Construct, Evidence, Hypothesis, Reference, ResearchModel, Severity
from ..query.rows import natural_key
from .vocab import author_iri, venue_iri

#: Bump when the shape written to Neo4j changes: it is part of every revision.
PUSH_FORMAT = 1
#: Rows per UNWIND transaction. benchmarks/bench_neo4j.py --tune: 5,000 to 50,000 are
#: alike within the noise of the test machine, 2,000 is slower; 10,000 keeps a
#: transaction's memory on the server small.
DEFAULT_BATCH_SIZE = 10_000

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
        parts = urlsplit(self.uri)
        if "@" not in parts.netloc:
            return self.uri
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))

    @property
    def where(self) -> str:
        return f"database '{self.database}' at {self.shown_uri}"


def neo4j_settings(project: Project | None, uri: str | None = None, user: str | None = None,
                   password: str | None = None, database: str | None = None) -> Neo4jSettings:
    """Options first, then NEO4J_* variables, then `[neo4j]` in litgraph.toml, then defaults.

    The password comes only from an option or NEO4J_PASSWORD: a config file is
    committed and shared, so one holding a password is refused.
    """
    config = project.section("neo4j") if project is not None else {}
    if "password" in config:
        raise ProjectError("litgraph.toml must not hold the Neo4j password: remove it and set NEO4J_PASSWORD")

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
            driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, notifications_min_severity="OFF",
                                                connection_timeout=10.0, user_agent=f"litgraph/{__version__}")
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
    """Bolt URIs only (driver 6 would try its preview HTTP API, which needs more packages), no credentials in it."""
    parts = urlsplit(settings.uri)
    try:
        parts.port  # a port that is not a number raises here
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in _SCHEMES or not parts.netloc:
        raise BackendError(f"not a Neo4j URI: '{settings.shown_uri}' (use bolt://host:port or neo4j://host:port)")
    if "@" in parts.netloc:
        raise BackendError(f"keep the user and password out of the URI '{settings.shown_uri}': "
                           "set NEO4J_USER and NEO4J_PASSWORD")


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
        raise BackendError(f"Neo4j at {settings.shown_uri} refused user '{settings.user}': "
                           f"{_one_line(error, settings)} (check NEO4J_USER and NEO4J_PASSWORD)") from None
    except ex.ClientError as error:
        if error.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise BackendError(f"Neo4j at {settings.shown_uri} has no database '{settings.database}' "
                               "(set NEO4J_DATABASE or --database)") from None
        raise BackendError(f"Neo4j {settings.where} refused the request: {_one_line(error, settings)}") from None
    except (ex.ServiceUnavailable, ex.SessionExpired) as error:
        raise BackendError(f"cannot reach Neo4j at {settings.shown_uri}: {_reason(error, settings)}") from None
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
    lists = {prefix + lang.lower(): sorted({text for text in values if text}) for lang, values in texts.items()}
    return {key: values for key, values in lists.items() if values}


def read_lang(props: dict, prefix: str) -> dict:
    """The per-language map back from `prefix<lang>` properties."""
    return {key[len(prefix):]: value for key, value in props.items() if key.startswith(prefix)}


def _v(value):
    """Absent rather than empty, as in the RDF graph: null is not stored by `SET n = {...}`."""
    return None if value == "" or value == [] else value


def _compact(props: dict) -> dict:
    return {key: value for key, value in props.items() if _v(value) is not None}


def _tail(iri: str) -> str:
    """The stable id of a person or venue: the last, percent-encoded segment of its IRI."""
    return iri.rsplit("/", 1)[1]


REFERENCE_FIELDS = ("id", "entry_type", "title", "year", "container", "publisher", "volume", "number", "pages", "doi",
                    "url", "language", "file", "line", "authors_truncated", "editors")
PERSON_FIELDS = ("id", "name", "family", "given")
EVIDENCE_FIELDS = ("position", "direction", "claim", "page", "beta", "p", "n")
AUTHOR_FIELDS = ("position", "family", "given")


def review_graph(review_id: str, references: list[Reference], ref_sources: dict[str, str],
                 model: ResearchModel | None) -> ReviewGraph:
    """The rows to write for one review, as lazy groups (nothing is materialised here)."""
    constructs = model.constructs if model else []
    hypotheses = model.hypotheses if model else []
    owners = [("Hypothesis", h.id, h.evidence) for h in hypotheses]
    owners += [("Construct", c.id, c.defined_by) for c in constructs]
    nodes = [
        NodeGroup("Review", lambda: [_review_row(review_id, model)]),
        NodeGroup("Construct", lambda: map(_construct_row, constructs)),
        NodeGroup("Hypothesis", lambda: map(_hypothesis_row, hypotheses)),
        NodeGroup("Reference", lambda: (_reference_row(r, ref_sources[r.key]) for r in references), REFERENCE_FIELDS),
        NodeGroup("Person", lambda: _unique(_person_rows(references)), PERSON_FIELDS),
        NodeGroup("Venue", lambda: _unique([_tail(venue_iri(r.container)), r.container]
                                           for r in references if r.container), ("id", "name")),
        NodeGroup("UnlistedCitation", lambda: _unique([item.citation] for _, _, evidence in owners
                                                      for item in evidence if not item.ref), ("id",)),
    ]
    relationships = [
        *(RelGroup("IN_REVIEW", label, "Review", lambda ids=ids: ([i, review_id] for i in ids()))
          for label, ids in (("Construct", lambda: (c.id for c in constructs)),
                             ("Hypothesis", lambda: (h.id for h in hypotheses)),
                             ("Reference", lambda: (r.key for r in references)))),
        RelGroup("SOURCE", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "source")),
        RelGroup("TARGET", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "target")),
        RelGroup("MODERATOR", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "moderator")),
        RelGroup("MODERATES", "Hypothesis", "Hypothesis", lambda: _role_rows(hypotheses, "moderates")),
        RelGroup("MEDIATOR", "Hypothesis", "Construct", lambda: _mediator_rows(hypotheses), ("position",)),
        RelGroup("AFFECTS", "Construct", "Construct", lambda: _affects_rows(hypotheses), ("hypotheses",)),
        *(RelGroup("EVIDENCE", start, end, lambda start=start, listed=listed: _evidence_rows(owners, start, listed),
                   EVIDENCE_FIELDS)
          for start in ("Hypothesis", "Construct") for end, listed in (("Reference", True), ("UnlistedCitation", False))),
        RelGroup("AUTHORED_BY", "Reference", "Person", lambda: _author_rows(references), AUTHOR_FIELDS),
        RelGroup("PUBLISHED_IN", "Reference", "Venue", lambda: ([r.key, _tail(venue_iri(r.container))]
                                                                for r in references if r.container)),
    ]
    return ReviewGraph(review_id, nodes, relationships)


def _review_row(review_id: str, model: ResearchModel | None) -> dict:
    titles = lang_props(TITLE, model.review.titles) if model else {}
    name = titles.get(TITLE + "en") or next(iter(titles.values()), review_id)
    # `model` absent marks a project without a research model (the embedded store then has no review node).
    return _compact({"id": review_id, "name": name, "model": model.source if model else "",
                     "authors": list(model.review.authors) if model else [], **titles}) | {"complete": False}


def _construct_row(construct: Construct) -> dict:
    labels = lang_props(LABEL, construct.labels)
    name = labels.get(LABEL + "en") or next(iter(labels.values()), construct.id)
    return {"id": construct.id, "name": name, **labels, **lang_list_props(ALT_LABEL, construct.alt_labels),
            **lang_props(DEFINITION, construct.definitions)}


def _hypothesis_row(hyp: Hypothesis) -> dict:
    return _compact({"id": hyp.id, "kind": hyp.kind.value, "sign": hyp.sign, **lang_props(STATEMENT, hyp.statements)})


def _reference_row(ref: Reference, source: str) -> list:
    return [ref.key, _v(ref.entry_type), _v(ref.title), _v(ref.year_text.strip()), _v(ref.container),
            _v(ref.publisher), _v(ref.volume), _v(ref.number), _v(ref.pages), _v(ref.doi), _v(ref.url),
            _v(ref.language), _v(source), ref.location.line, ref.authors_truncated,
            _v([person.display for person in ref.editors])]


def _person_rows(references: list[Reference]) -> Iterator[list]:
    for ref in references:
        for person in ref.authors:
            yield [_tail(author_iri(person.family, person.first)), _v(person.display), _v(person.family),
                   _v(person.first)]


def _author_rows(references: list[Reference]) -> Iterator[list]:
    """Names as written in this reference: a person shared by several may be spelt differently in each."""
    for ref in references:
        for position, person in enumerate(ref.authors, 1):
            yield [ref.key, _tail(author_iri(person.family, person.first)), position, _v(person.family),
                   _v(person.first)]


def _unique(rows: Iterable[list]) -> Iterator[list]:
    """First row per id: a node is written once per push, with whichever spelling comes first."""
    seen: set[str] = set()
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
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
                yield [owner_id, item.ref or item.citation, position, _v(item.direction), _v(item.claim),
                       _v(item.page), item.beta, item.p, item.n]


# --- Cypher (constants only; labels, types and property names come from the groups above) --


def constraint_query(label: str) -> str:
    _check_name(label)
    return (f"CREATE CONSTRAINT litgraph_{label.lower()}_key IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE (n.review, n.id) IS UNIQUE")


def _properties(fields: tuple[str, ...], offset: int) -> str:
    """`{name: row[i], ..., review: $review, revision: $revision}`: `SET x = {...}` replaces every
    property, so one removed from the sources disappears, and nulls are simply not stored."""
    for name in fields:
        _check_name(name)
    pairs = [f"{name}: row[{offset + i}]" for i, name in enumerate(fields)]
    return "{" + ", ".join([*pairs, "review: $review", "revision: $revision"]) + "}"


def node_query(group: NodeGroup) -> str:
    _check_name(group.label)
    if not group.fields:
        return (f"UNWIND $rows AS row MERGE (n:{group.label} {{review: $review, id: row.id}}) "
                "SET n = row, n.review = $review, n.revision = $revision")
    return (f"UNWIND $rows AS row MERGE (n:{group.label} {{review: $review, id: row[0]}}) "
            f"SET n = {_properties(group.fields, 0)}")


def relationship_query(group: RelGroup) -> str:
    for name in (group.type, group.start, group.end):
        _check_name(name)
    key = " {position: row[2]}" if group.positional else ""
    return (f"UNWIND $rows AS row MATCH (a:{group.start} {{review: $review, id: row[0]}}) "
            f"MATCH (b:{group.end} {{review: $review, id: row[1]}}) "
            f"MERGE (a)-[r:{group.type}{key}]->(b) SET r = {_properties(group.fields, 2)}")


def _check_name(name: str) -> None:
    """Labels, types and property names are the only text built into a query: plain identifiers only."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a Neo4j label, type or property name: {name!r}")


# Deletions run as `CALL { ... } IN TRANSACTIONS` (an auto-commit query) so that removing a
# whole field-scale review never needs one huge transaction. `n.id IS NOT NULL` lets the
# planner seek the (review, id) index by its first property.
_DELETE_NODES = ("MATCH (n:{label} {{review: $review}}) WHERE n.id IS NOT NULL{stale} "
                 "CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF $batch ROWS")
_DELETE_STALE_RELATIONSHIPS = ("MATCH (n:{label} {{review: $review}})-[r]->() "
                               "WHERE n.id IS NOT NULL AND r.revision <> $revision "
                               "CALL {{ WITH r DELETE r }} IN TRANSACTIONS OF $batch ROWS")
_REVIEW_STATE = "MATCH (r:Review {review: $review, id: $review}) RETURN r.revision AS revision, r.complete AS complete"
_MARK_COMPLETE = "MATCH (r:Review {review: $review, id: $review}) SET r.complete = true"


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
    replaced: dict[str, int] = field(default_factory=dict)  # this review's previous data, removed by --replace
    pruned: dict[str, int] = field(default_factory=dict)  # stale items, no longer in the sources
    up_to_date: bool = False  # the database already held this revision: nothing written
    seconds: float = 0.0

    @property
    def relationships_per_second(self) -> float:
        return sum(self.relationships.values()) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"review": self.review, "database": self.database, "uri": self.uri, "revision": self.revision,
                "up_to_date": self.up_to_date, "batch_size": self.batch_size, "nodes": self.nodes,
                "relationships": self.relationships,
                "node_total": sum(self.nodes.values()), "relationship_total": sum(self.relationships.values()),
                "replaced": self.replaced, "pruned": self.pruned, "seconds": round(self.seconds, 3),
                "relationships_per_second": round(self.relationships_per_second)}


Progress = Callable[[str, int], None]  # (what is being written, rows written so far in it)


def push_graph(driver, settings: Neo4jSettings, graph: ReviewGraph, revision: str, batch_size: int = DEFAULT_BATCH_SIZE,
               replace: bool = False, progress: Progress | None = None, force: bool = False) -> PushSummary:
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
            _write_graph(driver, settings.database, graph, params, batch_size, progress, summary)
            if state is not None and not current:
                summary.pruned = _prune(session, graph, revision, batch_size)
            session.run(_MARK_COMPLETE, params).consume()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_graph(driver, database: str, graph: ReviewGraph, params: dict, batch_size: int,
                 progress: Progress | None, summary: PushSummary) -> None:
    """Every node group, then every relationship group (whose ends must exist by then)."""
    for group in graph.nodes:
        summary.nodes[group.label] = write_batches(driver, database, node_query(group), group.rows(), params,
                                                   batch_size, group.label, progress)
    for group in graph.relationships:
        written = write_batches(driver, database, relationship_query(group), group.rows(), params, batch_size,
                                f"{group.type} ({group.start}→{group.end})", progress)
        summary.relationships[group.type] = summary.relationships.get(group.type, 0) + written


def write_batches(driver, database: str, query: str, rows: Iterable[list], params: dict, batch_size: int, what: str,
                  progress: Progress | None = None) -> int:
    """UNWIND the rows in batches, one write transaction each (retried by the driver on a transient error).

    One batch at a time: two in flight (threads) measured no faster on the test
    machine, as batches lock the same nodes and the client's packing holds the GIL.
    """
    written, iterator = 0, iter(rows)
    while batch := list(islice(iterator, batch_size)):
        driver.execute_query(query, {**params, "rows": batch}, database_=database)
        written += len(batch)
        if progress:
            progress(what, written)
    return written


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
        pruned["relationships"] += session.run(_DELETE_STALE_RELATIONSHIPS.format(label=label), params).consume() \
            .counters.relationships_deleted
    for label in LABELS:
        counters = session.run(_DELETE_NODES.format(label=label, stale=" AND n.revision <> $revision"),
                               params).consume().counters
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
    return review_graph(review_id_of(project, sources.model), refs, {r.key: r.location.file for r in refs},
                        sources.model)


def push_project(project: Project, settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH_SIZE,
                 replace: bool = False, progress: Progress | None = None, force: bool = False) -> PushSummary:
    graph = project_graph(project)
    with connected(settings) as driver:
        return push_graph(driver, settings, graph, source_revision(project), batch_size, replace, progress, force)


# --- what a database holds ----------------------------------------------------------------------

_STATUS_REVIEWS = "MATCH (r:Review) WHERE r.id IS NOT NULL RETURN r.id AS id, r.name AS name, r.complete AS complete, " \
                  "r.revision AS revision ORDER BY id"
_STATUS_NODES = "MATCH (n) WHERE n.review IS NOT NULL RETURN n.review AS review, labels(n)[0] AS what, count(*) AS n"
_STATUS_RELATIONSHIPS = ("MATCH ()-[r]->() WHERE r.review IS NOT NULL "
                         "RETURN r.review AS review, type(r) AS what, count(*) AS n")


def database_status(settings: Neo4jSettings) -> list[dict]:
    """Every review in the database with its node and relationship counts."""
    with connected(settings) as driver, neo4j_errors(settings):
        def read(query: str) -> list:
            return driver.execute_query(query, database_=settings.database, routing_="r").records

        reviews = {r["id"]: {"review": r["id"], "name": r["name"] or "", "complete": bool(r["complete"]),
                             "revision": r["revision"] or "", "nodes": {}, "relationships": {}}
                   for r in read(_STATUS_REVIEWS)}
        for kind, query in (("nodes", _STATUS_NODES), ("relationships", _STATUS_RELATIONSHIPS)):
            for record in read(query):
                entry = reviews.setdefault(record["review"], {"review": record["review"], "name": "", "complete": False,
                                                              "revision": "", "nodes": {}, "relationships": {}})
                entry[kind][record["what"]] = record["n"]
    for entry in reviews.values():
        for kind in ("nodes", "relationships"):
            entry[kind] = dict(sorted(entry[kind].items()))
    return [reviews[key] for key in sorted(reviews)]
