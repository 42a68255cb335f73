"""Namespaces and IRIs of the litgraph graph (see ontology/litgraph.ttl and docs/vocabulary.md)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from ..records import HypothesisKind

BASE = "https://w3id.org/litgraph/"
LG = BASE + "ontology#"
CITO = "http://purl.org/spar/cito/"
FABIO = "http://purl.org/spar/fabio/"
BIBO = "http://purl.org/ontology/bibo/"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {
    "lg": LG,
    "cito": CITO,
    "fabio": FABIO,
    "bibo": BIBO,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "foaf": FOAF,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

SPARQL_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "resources"
ONTOLOGY_FILE = ONTOLOGY_DIR / "litgraph.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

# BibTeX entry types → FaBiO classes (the most specific that is certain).
FABIO_TYPES = {
    "article": "JournalArticle",
    "book": "Book",
    "inbook": "BookChapter",
    "incollection": "BookChapter",
    "inproceedings": "ConferencePaper",
    "conference": "ConferencePaper",
    "proceedings": "ConferenceProceedings",
    "phdthesis": "DoctoralThesis",
    "mastersthesis": "MastersThesis",
    "techreport": "TechnicalReport",
    "report": "ReportDocument",
    "online": "WebPage",
    "misc": "Expression",
    "unpublished": "Manuscript",
    "thesis": "Thesis",
    "manual": "Manual",
    "booklet": "Book",
    "patent": "Patent",
    "dataset": "Dataset",
    "standard": "Specification",
    "software": "ComputerProgram",
}

HYPOTHESIS_CLASSES = {
    HypothesisKind.DIRECT: "DirectEffect",
    HypothesisKind.MEDIATION: "Mediation",
    HypothesisKind.MODERATION: "Moderation",
    HypothesisKind.MODERATED_MEDIATION: "ModeratedMediation",
}


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def segment(text: str) -> str:
    """An IRI path segment for any key or id (percent-encoded, so any text is safe)."""
    return text if _UNRESERVED.fullmatch(text) else quote(text, safe="")


def slug(text: str) -> str:
    """A readable, stable id for names and venues: 'Journal of Marketing' → 'journal-of-marketing'."""
    text = unicodedata.normalize("NFKD", text).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w]+", "-", text).strip("-")
    return segment(text or "unnamed")


class ReviewIris:
    """The IRIs of one review's nodes."""

    def __init__(self, review_id: str):
        self.review = f"{BASE}review/{segment(review_id)}"
        self._base = self.review + "/"
        self._sources: dict[str, str] = {}  # asked once per reference, for a few files

    def construct(self, cid: str) -> str:
        return f"{self._base}construct/{segment(cid)}"

    def hypothesis(self, hid: str) -> str:
        return f"{self._base}hypothesis/{segment(hid)}"

    def evidence(self, owner_kind: str, owner_id: str, position: int) -> str:
        return f"{self._base}evidence/{owner_kind}/{segment(owner_id)}/{position}"

    def reference(self, key: str) -> str:
        return f"{self._base}reference/{segment(key)}"

    def unlisted(self, citation: str) -> str:
        return f"{self._base}citation/{slug(citation)}"

    def source(self, path: str) -> str:
        iri = self._sources.get(path)
        if iri is None:
            iri = self._sources[path] = f"{self._base}source/{segment(path)}"
        return iri

    @property
    def model_graph(self) -> str:
        return f"{self._base}graph/model"


def _spelling(*parts: str) -> str:
    """Ten hex digits of the exact text: one node per spelling, since slugs fold case,
    accents and punctuation, and each reference must read back its names as written.
    (Hundreds of spellings share a slug like `wang-l` in a field: 40 bits keep them apart.)"""
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=5).hexdigest()


def author_iri(family: str, given: str, suffix: str = "") -> str:
    """`person/{family}-{initials}-{spelling}`: the same name written the same way is
    one node across references (its facts are stored once), a different spelling another."""
    initials = "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)
    readable = slug(family) + (f"-{slug(initials)}" if initials else "")
    return f"{BASE}person/{readable}-{_spelling(family, given, suffix)}"


def venue_iri(name: str) -> str:
    return f"{BASE}venue/{slug(name)}-{_spelling(name)}"
