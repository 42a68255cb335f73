"""What a push writes: one review's rows per label and per relationship type, made lazily, and the
revision that stamps them.

Rows are generated when a group's `rows()` is called, never all at once, so the
client holds the records plus one batch. A value that is empty is absent (None),
as in the RDF graph, and a node shared by several references (a person, a venue,
an unlisted citation) is written once per push, with whichever spelling comes first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from .. import __version__
from ..errors import ModelError
from ..graph.sources import read_sources
from ..model.validate import model_errors
from ..project import Project
from ..records import Construct, Evidence, Hypothesis, Reference, ResearchModel
from ..text import natural_key
from .schema import (
    ALT_LABEL,
    AUTHOR_FIELDS,
    DEFINITION,
    EVIDENCE_FIELDS,
    LABEL,
    PERSON_FIELDS,
    PUSH_FORMAT,
    REFERENCE_FIELDS,
    STATEMENT,
    TITLE,
    VENUE_FIELDS,
    lang_list_props,
    lang_props,
    person_id,
    venue_id,
)


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
    origin: str = ""  # the project pushed from (`Project.origin`), kept on the Review node


def project_graph(project: Project) -> ReviewGraph:
    """Parse and check the sources as `build` does: a model that breaks its rules is not pushed."""
    sources = read_sources(project)
    errors = model_errors(sources.problems)
    if errors:
        raise ModelError(errors)
    refs = sources.bibliography.references
    return review_graph(
        project.review_id(sources.model),
        refs,
        {r.key: r.location.file for r in refs},
        sources.model,
        project.origin,
    )


def source_revision(project: Project) -> str:
    """A hash of the sources and of the push format: equal revisions mean equal graphs."""
    digest = hashlib.sha256(f"litgraph {__version__} push {PUSH_FORMAT}".encode())
    for path in project.source_files:
        digest.update(project.shown(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def review_graph(
    review_id: str,
    references: list[Reference],
    ref_sources: dict[str, str],
    model: ResearchModel | None,
    origin: str = "",
) -> ReviewGraph:
    """The rows to write for one review, as lazy groups (nothing is materialised here)."""
    constructs = model.constructs if model else []
    hypotheses = model.hypotheses if model else []
    owners = [("Hypothesis", h.id, h.evidence) for h in hypotheses]
    owners += [("Construct", c.id, c.defined_by) for c in constructs]
    nodes = [
        NodeGroup("Review", lambda: [_review_row(review_id, model, origin)]),
        NodeGroup("Construct", lambda: map(_construct_row, constructs)),
        NodeGroup("Hypothesis", lambda: map(_hypothesis_row, hypotheses)),
        NodeGroup(
            "Reference", lambda: (_reference_row(r, ref_sources[r.key]) for r in references), REFERENCE_FIELDS
        ),
        NodeGroup("Person", lambda: unique_rows(_person_rows(references)), PERSON_FIELDS),
        NodeGroup(
            "Venue",
            lambda: unique_rows([venue_id(r.container), r.container] for r in references if r.container),
            VENUE_FIELDS,
        ),
        NodeGroup(
            "UnlistedCitation",
            lambda: unique_rows(
                [item.citation] for _, _, evidence in owners for item in evidence if not item.ref
            ),
            ("id",),
        ),
    ]
    relationships = [
        RelGroup("IN_REVIEW", "Construct", "Review", lambda: ([c.id, review_id] for c in constructs)),
        RelGroup("IN_REVIEW", "Hypothesis", "Review", lambda: ([h.id, review_id] for h in hypotheses)),
        RelGroup("IN_REVIEW", "Reference", "Review", lambda: ([r.key, review_id] for r in references)),
        RelGroup("SOURCE", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "source")),
        RelGroup("TARGET", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "target")),
        RelGroup("MODERATOR", "Hypothesis", "Construct", lambda: _role_rows(hypotheses, "moderator")),
        RelGroup("MODERATES", "Hypothesis", "Hypothesis", lambda: _role_rows(hypotheses, "moderates")),
        RelGroup("MEDIATOR", "Hypothesis", "Construct", lambda: _mediator_rows(hypotheses), ("position",)),
        RelGroup("AFFECTS", "Construct", "Construct", lambda: _affects_rows(hypotheses), ("hypotheses",)),
        *(
            RelGroup("EVIDENCE", start, end, partial(_evidence_rows, owners, start, listed), EVIDENCE_FIELDS)
            for start in ("Hypothesis", "Construct")
            for end, listed in (("Reference", True), ("UnlistedCitation", False))
        ),
        RelGroup("AUTHORED_BY", "Reference", "Person", lambda: _author_rows(references), AUTHOR_FIELDS),
        RelGroup(
            "PUBLISHED_IN",
            "Reference",
            "Venue",
            lambda: ([r.key, venue_id(r.container)] for r in references if r.container),
        ),
    ]
    return ReviewGraph(review_id, nodes, relationships, origin)


def unique_rows(rows: Iterable, dict_rows: bool = False) -> Iterator:
    """First row per id: a node is written once per push, with whichever spelling comes first."""
    seen: set[str] = set()
    for row in rows:
        key = row["id"] if dict_rows else row[0]
        if key not in seen:
            seen.add(key)
            yield row


def _v(value):
    """Absent rather than empty, as in the RDF graph: null is not stored by `SET n = {...}`."""
    return None if value == "" or value == [] else value


def _compact(props: dict) -> dict:
    return {key: value for key, value in props.items() if _v(value) is not None}


def _review_row(review_id: str, model: ResearchModel | None, origin: str = "") -> dict:
    titles = lang_props(TITLE, model.review.titles) if model else {}
    name = titles.get(TITLE + "en") or next(iter(titles.values()), review_id)
    # `model` absent marks a project without a research model (the embedded store then has no review node).
    return _compact(
        {
            "id": review_id,
            "name": name,
            "model": model.source if model else "",
            "authors": list(model.review.authors) if model else [],
            "origin": origin,
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
                person_id(person.family, person.first),
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
                person_id(person.family, person.first),
                position,
                _v(person.family),
                _v(person.first),
            ]


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
