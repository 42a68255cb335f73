"""The graph's shape in Neo4j (docs/neo4j.md): what the push writes and the reader reads back.

Every node and relationship carries `review`, and every node an `id` that is unique
within its review and label (a composite uniqueness constraint on (review, id), which
Community 5 supports), so several reviews share one database without mixing and
MERGE finds a node with one index seek. People and venues take the last segment of
their IRI in the embedded graph as id, so both stores name them alike.
"""

from __future__ import annotations

from ..graph.vocab import author_iri, venue_iri

#: Bump when the shape written to Neo4j changes: it is part of every revision.
PUSH_FORMAT = 2  # 2: person and venue ids name one spelling each

LABELS = ("Review", "Construct", "Hypothesis", "Reference", "Person", "Venue", "UnlistedCitation")

# Per-language texts become one property per language (`label_en`, `label_zh`):
# readable in Neo4j Browser, and languages are lower-cased as RDF stores them.
LABEL, ALT_LABEL, DEFINITION, STATEMENT, TITLE = "label_", "alt_label_", "definition_", "statement_", "title_"

# The properties of the bulk labels and relationships, in the order of their rows (see rows.NodeGroup).
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
VENUE_FIELDS = ("id", "name")
EVIDENCE_FIELDS = ("position", "direction", "claim", "page", "beta", "p", "n")
AUTHOR_FIELDS = ("position", "family", "given")


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


def person_id(family: str, given: str) -> str:
    return _tail(author_iri(family, given))


def venue_id(name: str) -> str:
    return _tail(venue_iri(name))


def _tail(iri: str) -> str:
    """The stable id of a person or venue: the last, percent-encoded segment of its IRI."""
    return iri.rsplit("/", 1)[1]
