"""NoteExpress's `.net` export (`{Reference Type}: Journal Article`), as CNKI and NoteExpress write it:
Chinese names split by ';', thesis degrees in {Type of Work}, a journal's CN serial number in
{Notes}, online-first papers without year or issue. Fields as CNKI exports them (see Vopaaz/
CNKI_2_BibTeX's test files); a field this reader does not map is kept under its own name."""

from __future__ import annotations

import re

from ...csl import CslItem
from ..names import names_from_list
from .base import (
    SourceRead,
    TaggedRecord,
    date_from_text,
    doi_from_text,
    endnote_type,
    read_tagged,
    set_isbn_or_issn,
)

TAG_LINE = re.compile(r"^\{([^{}]+?),?\}:\s?(.*)$")
_MAPPED = {
    "reference type", "title", "author", "journal", "year", "date", "volume", "issue", "pages", "keywords",
    "abstract", "isbn/issn", "isbn", "issn", "图书印刷版isbn", "notes", "publisher", "type of work",
    "secondary title", "tertiary title", "place published", "url", "doi", "edition", "language",
    "secondary author", "tertiary author", "subsidiary author",
}  # fmt: skip


def read_noteexpress(text: str, result: SourceRead) -> None:
    read_tagged(text, result, TAG_LINE, "reference type", _item)


def _item(record: TaggedRecord) -> CslItem:
    kind = record.first("Reference Type")
    csl_type = endnote_type(kind)
    item = CslItem(type=csl_type)
    item.author, item.author_truncated = names_from_list(record.values("Author"))
    item.title = record.first("Title")
    secondary, tertiary = record.first("Secondary Title"), record.first("Tertiary Title")
    if csl_type == "paper-conference":  # CNKI: the meeting is the secondary title, the proceedings the third
        item.event_title = secondary
        item.container_title = tertiary or record.first("Journal")
        item.event_place = record.first("Place Published")
    else:
        item.container_title = record.first("Journal") or secondary
        item.collection_title = tertiary
        item.publisher_place = record.first("Place Published")
    item.issued = date_from_text(record.first("Date")) or date_from_text(record.first("Year"))
    item.volume = record.first("Volume")
    item.issue = record.first("Issue")
    item.page = record.first("Pages")
    item.publisher = record.first("Publisher")
    item.edition = record.first("Edition")
    item.genre = record.first("Type of Work")
    item.DOI = doi_from_text(record.first("DOI"))
    item.URL = record.first("URL")
    item.language = record.first("Language")
    for value in record.values("ISBN/ISSN", "ISBN", "ISSN", "图书印刷版ISBN"):
        set_isbn_or_issn(item, value, "number" if csl_type == "standard" else "isbn-issn")
    if csl_type == "standard" and "number" in item.other:
        item.number = str(item.other.pop("number"))
    notes = record.first("Notes")
    if csl_type == "patent" and notes:
        item.number = notes
    elif notes:
        item.other["notes"] = notes  # a journal's CN serial number (11-1949/U), not a note to print
    keywords = [part for part in re.split(r";+", record.first("Keywords")) if part.strip()]
    if keywords:
        item.other["keyword"] = "; ".join(part.strip() for part in keywords)
    if record.first("Abstract"):
        item.other["abstract"] = record.first("Abstract")
    for role in ("Secondary Author", "Tertiary Author", "Subsidiary Author"):
        if record.values(role):
            item.other[role.lower().replace(" ", "-")] = "; ".join(record.values(role))
    for tag, value in record.fields:
        if tag.lower() not in _MAPPED and value:
            item.other.setdefault(re.sub(r"\W+", "-", tag.strip().lower()).strip("-"), value)
    return item
