"""References and the research model as N-Quads text.

Statements are written straight to N-Quads lines rather than built as rdflib terms:
at field scale (100,000 references, millions of triples) object construction would
dominate the build, while Oxigraph's bulk loader reads the text natively. References,
people and venues live in the default graph (a named graph per reference made
Oxigraph write every statement into six indexes instead of three, and tripled the
load); the model lives in a named graph of its own, replaced whole when it changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ..records import Construct, Evidence, Hypothesis, Person, Reference, ResearchModel
from .vocab import (
    BIBO,
    CITO,
    DCTERMS,
    FABIO,
    FABIO_TYPES,
    FOAF,
    HYPOTHESIS_CLASSES,
    LG,
    PROV,
    RDF,
    SKOS,
    XSD,
    ReviewIris,
    author_iri,
    venue_iri,
)

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TYPE = f"<{RDF}type>"
SOURCE_LINE = LG + "sourceLine"
_KEY, _ENTRY_TYPE, _YEAR_WRITTEN, _EDITOR_NAME = (
    LG + "citationKey",
    LG + "entryType",
    LG + "yearAsWritten",
    LG + "editorName",
)
_TITLE, _ISSUED, _PART_OF, _PUBLISHER = (
    DCTERMS + name for name in ("title", "issued", "isPartOf", "publisher")
)
_LANGUAGE = DCTERMS + "language"
_AUTHOR_LIST, _VOLUME, _ISSUE, _PAGES, _DOI, _URI = (
    BIBO + name for name in ("authorList", "volume", "issue", "pages", "doi", "uri")
)


def lit(value: str, lang: str = "") -> str:
    text = '"' + value.translate(_ESCAPES) + '"'
    return f"{text}@{lang}" if lang else text


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class QuadWriter:
    """Collects N-Quads lines for one named graph at a time."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.graph = ""

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> {obj} <{self.graph}> .\n")

    def iri(self, subject: str, predicate: str, target: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> <{target}> <{self.graph}> .\n")

    def text(self, subject: str, predicate: str, value: str, lang: str = "") -> None:
        if value:
            self.add(subject, predicate, lit(value, lang))

    def a(self, subject: str, *classes: str) -> None:
        for cls in classes:
            self.lines.append(f"<{subject}> {_TYPE} <{cls}> <{self.graph}> .\n")


def reference_lines(
    ref: Reference, iris: ReviewIris, source_path: str, known: set[str] | None = None
) -> list[str]:
    """The statements about one reference, its authors and its venue, as N-Quads lines
    in the default graph.

    Built for speed: at field scale this runs a hundred thousand times, so the
    subject is formatted once per reference and the facts about a person or venue
    once per process. Those facts are shared by every reference naming the same
    spelling; nodes already in `known` (a set the caller keeps for one build) are not
    described again — the store holds each statement once anyway, and the loader
    is spared a million repeated lines. Should this entry not be used after all (a
    duplicate key), the caller must keep its lines about other nodes than
    `reference_subjects` for the entries that rely on them.

    Nothing is said twice, since the store's write is the build's largest cost: authors
    are listed once, in the `bibo:authorList` sequence (a `dcterms:creator` per author
    beside it was 13 % of a field-scale store), and pages stay as written in `bibo:pages`.
    """
    node = iris.reference(ref.key)
    s = f"<{node}> "
    lines = [
        f"{s}{_TYPE} <{LG}Reference> .\n",
        f"{s}{_TYPE} <{FABIO}{FABIO_TYPES.get(ref.entry_type, 'Expression')}> .\n",
    ]
    add = lines.append

    def text(predicate: str, value: str) -> None:
        if value:
            add(f"{s}<{predicate}> {lit(value)} .\n")

    def shared(node: str, facts: tuple[str, ...]) -> None:
        if known is None or node not in known:
            lines.extend(facts)
            if known is not None:
                known.add(node)

    text(_KEY, ref.key)
    text(_ENTRY_TYPE, ref.entry_type)
    text(_TITLE, ref.title)
    year_text = ref.year_text.strip()
    text(_YEAR_WRITTEN, year_text)
    if ref.year is not None and len(year_text) == 4 and year_text.isdigit():
        add(f'{s}<{_ISSUED}> "{year_text}"^^<{XSD}gYear> .\n')
    if ref.authors:
        seq = f"<{node}/authors> "
        add(f"{s}<{_AUTHOR_LIST}> <{node}/authors> .\n")
        for position, person in enumerate(ref.authors, 1):
            person_node, facts = _person_facts(person)
            add(f"{seq}<{RDF}_{position}> {person_node} .\n")
            shared(person_node, facts)
    if ref.authors_truncated:
        add(f'{s}<{LG}authorsTruncated> "true"^^<{XSD}boolean> .\n')
    for person in ref.editors:
        text(_EDITOR_NAME, person.display)
    if ref.container:
        venue, facts = _venue_facts(ref.container)
        add(f"{s}<{_PART_OF}> {venue} .\n")
        shared(venue, facts)
    text(_PUBLISHER, ref.publisher)
    text(_VOLUME, ref.volume)
    text(_ISSUE, ref.number)
    text(_PAGES, ref.pages)
    text(_DOI, ref.doi)
    text(_URI, ref.url)
    text(_LANGUAGE, ref.language)
    add(f"{s}<{PROV}wasDerivedFrom> <{iris.source(source_path)}> .\n")
    add(f"{s}<{SOURCE_LINE}> {typed(ref.location.line, 'integer')} .\n")
    return lines


def reference_subjects(iris: ReviewIris, key: str) -> list[str]:
    """The nodes whose statements `reference_lines` writes for this reference alone."""
    node = iris.reference(key)
    return [node, f"{node}/authors"]


@lru_cache(maxsize=1 << 17)
def _person_facts(person: Person) -> tuple[str, tuple[str, ...]]:
    """A person's node and its facts (shared by all references that spell them alike)."""
    node = f"<{author_iri(person.family, person.first, person.jr)}>"
    facts = [f"{node} {_TYPE} <{FOAF}Person> .\n"]
    facts += [
        f"{node} <{predicate}> {lit(value)} .\n"
        for predicate, value in (
            (f"{FOAF}name", person.display),
            (f"{FOAF}familyName", person.family),
            (f"{FOAF}givenName", person.first),
        )
        if value
    ]
    return node, tuple(facts)


@lru_cache(maxsize=1 << 16)
def _venue_facts(name: str) -> tuple[str, tuple[str, ...]]:
    node = f"<{venue_iri(name)}>"
    return node, (f"{node} {_TYPE} <{LG}Venue> .\n", f"{node} <{DCTERMS}title> {lit(name)} .\n")


def model_quads(model: ResearchModel, iris: ReviewIris, out: QuadWriter) -> None:
    """The statements of the research model: review, constructs, hypotheses, evidence."""
    for _ in model_steps(model, iris, out):
        pass


def model_steps(model: ResearchModel, iris: ReviewIris, out: QuadWriter) -> Iterator[None]:
    """`model_quads` one construct or hypothesis at a time, so that a caller can take
    the lines written so far (a field-scale model has millions of statements)."""
    out.graph = iris.model_graph
    review = iris.review
    source = iris.source(model.source)
    out.a(review, LG + "Review", SKOS + "ConceptScheme")
    out.text(review, LG + "reviewId", model.review.id)
    for lang, title in model.review.titles.items():
        out.text(review, DCTERMS + "title", title, lang)
    for author in model.review.authors:
        out.text(review, DCTERMS + "creator", author)
    out.a(source, PROV + "Entity")
    out.text(source, LG + "path", model.source)
    for construct in model.constructs:
        _construct(construct, iris, source, out)
        yield
    for hyp in model.hypotheses:
        _hypothesis(hyp, iris, source, out)
        yield


def source_quads(paths: list[str], iris: ReviewIris, out: QuadWriter) -> None:
    out.graph = iris.model_graph
    for path in paths:
        node = iris.source(path)
        out.a(node, PROV + "Entity")
        out.text(node, LG + "path", path)


def _construct(construct: Construct, iris: ReviewIris, source: str, out: QuadWriter) -> None:
    node = iris.construct(construct.id)
    out.a(node, LG + "Construct", SKOS + "Concept")
    out.iri(node, SKOS + "inScheme", iris.review)
    out.text(node, LG + "constructId", construct.id)
    for lang, label in construct.labels.items():
        out.text(node, SKOS + "prefLabel", label, lang)
    for lang, labels in construct.alt_labels.items():
        for label in labels:
            out.text(node, SKOS + "altLabel", label, lang)
    for lang, definition in construct.definitions.items():
        out.text(node, SKOS + "definition", definition, lang)
    _provenance(node, source, construct.location.line, out)
    for position, item in enumerate(construct.defined_by, 1):
        if item.ref:
            out.iri(node, LG + "definedBy", iris.reference(item.ref))
        _evidence(node, "construct", construct.id, position, item, iris, source, out)


def _hypothesis(hyp: Hypothesis, iris: ReviewIris, source: str, out: QuadWriter) -> None:
    node = iris.hypothesis(hyp.id)
    out.a(node, LG + "Hypothesis", LG + HYPOTHESIS_CLASSES[hyp.kind])
    out.iri(node, LG + "inReview", iris.review)
    out.text(node, LG + "hypothesisId", hyp.id)
    out.text(node, LG + "kind", hyp.kind.value)
    out.text(node, LG + "expectedSign", hyp.sign)
    for lang, statement in hyp.statements.items():
        out.text(node, DCTERMS + "description", statement, lang)
    if hyp.source:
        out.iri(node, LG + "source", iris.construct(hyp.source))
    if hyp.target:
        out.iri(node, LG + "target", iris.construct(hyp.target))
    for cause, effect in hyp.effect_steps():
        out.iri(iris.construct(cause), LG + "affects", iris.construct(effect))
    if hyp.mediators:
        chain = node + "/via"
        out.iri(node, LG + "mediatorChain", chain)
        out.a(chain, RDF + "Seq")
        for position, mediator in enumerate(hyp.mediators, 1):
            out.iri(node, LG + "mediator", iris.construct(mediator))
            out.iri(chain, f"{RDF}_{position}", iris.construct(mediator))
    if hyp.moderator:
        out.iri(node, LG + "moderator", iris.construct(hyp.moderator))
    if hyp.moderates:
        out.iri(node, LG + "moderates", iris.hypothesis(hyp.moderates))
    _provenance(node, source, hyp.location.line, out)
    for position, item in enumerate(hyp.evidence, 1):
        if item.ref:
            relation = (
                CITO + "obtainsSupportFrom" if item.direction == "supports" else LG + "isContradictedBy"
            )
            out.iri(node, relation, iris.reference(item.ref))
        _evidence(node, "hypothesis", hyp.id, position, item, iris, source, out)


def _evidence(
    owner: str,
    owner_kind: str,
    owner_id: str,
    position: int,
    item: Evidence,
    iris: ReviewIris,
    source: str,
    out: QuadWriter,
) -> None:
    node = iris.evidence(owner_kind, owner_id, position)
    out.a(node, LG + "EvidenceLink", CITO + "Citation")
    out.iri(node, CITO + "hasCitingEntity", owner)
    if item.ref:
        cited = iris.reference(item.ref)
    else:
        cited = iris.unlisted(item.citation)
        out.a(cited, LG + "UnlistedCitation")
        out.text(cited, LG + "citationText", item.citation)
    out.iri(node, CITO + "hasCitedEntity", cited)
    characterization = (
        CITO + "obtainsSupportFrom" if item.direction == "supports" else LG + "isContradictedBy"
    )
    out.iri(node, CITO + "hasCitationCharacterization", characterization)
    out.text(node, LG + "direction", item.direction)
    out.add(node, LG + "position", typed(position, "integer"))
    out.text(node, LG + "claim", item.claim)
    out.text(node, LG + "page", item.page)
    if item.beta is not None:
        out.add(node, LG + "beta", typed(repr(item.beta), "double"))
    if item.p is not None:
        out.add(node, LG + "pValue", typed(repr(item.p), "double"))
    if item.n is not None:
        out.add(node, LG + "sampleSize", typed(item.n, "integer"))
    _provenance(node, source, item.location.line, out)


def _provenance(node: str, source: str, line: int, out: QuadWriter) -> None:
    out.iri(node, PROV + "wasDerivedFrom", source)
    if line:
        out.add(node, LG + "sourceLine", typed(line, "integer"))


def all_quads(
    refs: list[Reference], ref_sources: dict[str, str], model: ResearchModel | None, iris: ReviewIris
) -> list[str]:
    out = QuadWriter()
    source_quads(sorted(set(ref_sources.values())), iris, out)
    if model is not None:
        model_quads(model, iris, out)
    known: set[str] = set()
    for ref in refs:
        out.lines += reference_lines(ref, iris, ref_sources[ref.key], known)
    return out.lines
