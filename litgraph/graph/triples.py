"""References and the research model as N-Quads text.

Statements are written straight to N-Quads lines rather than built as rdflib terms:
at field scale (100,000 references, millions of triples) object construction would
dominate the build, while Oxigraph's bulk loader reads the text natively. Each
reference lives in its own named graph so that an incremental build can replace
one entry; the model lives in one graph of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import Construct, Evidence, Hypothesis, HypothesisKind, Reference, ResearchModel
from .vocab import (
    BIBO, CITO, DCTERMS, FABIO, FABIO_TYPES, FOAF, HYPOTHESIS_CLASSES, LG, PROV, RDF, SKOS, XSD,
    ReviewIris, author_iri, venue_iri,
)

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_PAGES = re.compile(r"^\s*(\w+)\s*(?:-+|–|—)\s*(\w+)\s*$")
_TYPE = f"<{RDF}type>"


def lit(value: str, lang: str = "") -> str:
    text = '"' + value.translate(_ESCAPES) + '"'
    return f"{text}@{lang}" if lang else text


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class QuadWriter:
    """Collects N-Quads lines for one named graph at a time."""

    def __init__(self):
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


def reference_quads(ref: Reference, iris: ReviewIris, source_path: str, out: QuadWriter) -> None:
    """The statements about one reference, its authors and its venue."""
    out.graph = iris.reference_graph(ref.key)
    node = iris.reference(ref.key)
    out.a(node, LG + "Reference", FABIO + FABIO_TYPES.get(ref.entry_type, "Expression"))
    out.text(node, LG + "citationKey", ref.key)
    out.text(node, LG + "entryType", ref.entry_type)
    out.text(node, DCTERMS + "title", ref.title)
    year_text = ref.year_text.strip()
    out.text(node, LG + "yearAsWritten", year_text)
    if ref.year is not None and len(year_text) == 4 and year_text.isdigit():
        out.add(node, DCTERMS + "issued", typed(year_text, "gYear"))
    if ref.authors:
        seq = node + "/authors"
        out.iri(node, BIBO + "authorList", seq)
        out.a(seq, RDF + "Seq")
        for position, person in enumerate(ref.authors, 1):
            person_node = author_iri(person.family, person.first)
            out.iri(node, DCTERMS + "creator", person_node)
            out.iri(seq, f"{RDF}_{position}", person_node)
            out.a(person_node, FOAF + "Person")
            out.text(person_node, FOAF + "name", person.display)
            out.text(person_node, FOAF + "familyName", person.family)
            out.text(person_node, FOAF + "givenName", person.first)
    if ref.authors_truncated:
        out.add(node, LG + "authorsTruncated", typed("true", "boolean"))
    for person in ref.editors:
        out.text(node, LG + "editorName", person.display)
    if ref.container:
        venue = venue_iri(ref.container)
        out.iri(node, DCTERMS + "isPartOf", venue)
        out.a(venue, LG + "Venue")
        out.text(venue, DCTERMS + "title", ref.container)
    out.text(node, DCTERMS + "publisher", ref.publisher)
    out.text(node, BIBO + "volume", ref.volume)
    out.text(node, BIBO + "issue", ref.number)
    if ref.pages:
        out.text(node, BIBO + "pages", ref.pages)
        match = _PAGES.match(ref.pages)
        if match:
            out.text(node, BIBO + "pageStart", match.group(1))
            out.text(node, BIBO + "pageEnd", match.group(2))
    out.text(node, BIBO + "doi", ref.doi)
    out.text(node, BIBO + "uri", ref.url)
    out.text(node, DCTERMS + "language", ref.language)
    source = iris.source(source_path)
    out.iri(node, PROV + "wasDerivedFrom", source)
    out.add(node, LG + "sourceLine", typed(ref.location.line, "integer"))


def model_quads(model: ResearchModel, iris: ReviewIris, out: QuadWriter) -> None:
    """The statements of the research model: review, constructs, hypotheses, evidence."""
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
    for hyp in model.hypotheses:
        _hypothesis(hyp, iris, source, out)


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
    out.a(node, LG + "Hypothesis", LG + HYPOTHESIS_CLASSES[hyp.kind.value])
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
            relation = CITO + "obtainsSupportFrom" if item.direction == "supports" else LG + "isContradictedBy"
            out.iri(node, relation, iris.reference(item.ref))
        _evidence(node, "hypothesis", hyp.id, position, item, iris, source, out)


def _evidence(owner: str, owner_kind: str, owner_id: str, position: int, item: Evidence,
              iris: ReviewIris, source: str, out: QuadWriter) -> None:
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
    characterization = CITO + "obtainsSupportFrom" if item.direction == "supports" else LG + "isContradictedBy"
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


def all_quads(refs: list[Reference], ref_sources: dict[str, str], model: ResearchModel | None,
              iris: ReviewIris) -> Iterator[str]:
    out = QuadWriter()
    source_quads(sorted(set(ref_sources.values())), iris, out)
    if model is not None:
        model_quads(model, iris, out)
    for ref in refs:
        reference_quads(ref, iris, ref_sources[ref.key], out)
    return out.lines
