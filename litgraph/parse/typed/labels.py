"""The labeller's labels: CSL-JSON variable names, plus the type mark and the separators.

Training data (`tools/refparser/`) and the parser share this one list; a label the model does not
know cannot be produced, and a field the parser reads must have a label here.
"""

from __future__ import annotations

OTHER = "O"  # punctuation between fields
MARK = "type"  # a GB/T type mark, [J], [M], [EB/OL]: the CSL type is read from it
CITATION_NUMBER = "citation-number"

#: Labels whose text becomes the CslItem attribute of the same (CSL-JSON) name.
TEXT_FIELDS = {
    "title": "title",
    "container-title": "container_title",
    "collection-title": "collection_title",
    "event-title": "event_title",
    "edition": "edition",
    "publisher": "publisher",
    "publisher-place": "publisher_place",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "number": "number",
    "genre": "genre",
    "DOI": "DOI",
    "URL": "URL",
    "ISBN": "ISBN",
    "note": "note",
}
NAME_FIELDS = ("author", "editor", "translator")
DATE_FIELDS = ("issued", "accessed")

LABELS = (OTHER, MARK, CITATION_NUMBER, *NAME_FIELDS, *DATE_FIELDS, *TEXT_FIELDS)
