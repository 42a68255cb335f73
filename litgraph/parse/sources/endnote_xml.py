"""EndNote XML: a library export (`<xml><records><record>`), and the `<EndNote><Cite><record>` payload
EndNote writes into a Word field code. Values sit in `<style>` children, so text is read whole
(`itertext`). Element names follow EndNote's DTD (RSXML) as pandoc's reader reads them; an element
this reader does not map is kept under its own name."""

from __future__ import annotations

from lxml import etree

from ...csl import CslItem
from ...errors import InputError
from ...records import Location
from ..names import names_from_list
from .base import SourceRead, date_from_text, doi_from_text, endnote_type, exact, set_isbn_or_issn
from .xml import parse_xml

_MAPPED = {
    "ref-type", "contributors", "titles", "periodical", "pages", "volume", "number", "issue", "edition",
    "dates", "pub-location", "publisher", "isbn", "electronic-resource-num", "urls", "language", "abstract",
    "keywords", "notes", "work-type", "rec-number", "foreign-keys", "database", "source-app",
    "alt-periodical", "accession-num", "section",
}  # fmt: skip


def read_endnote_xml(data: bytes, result: SourceRead) -> None:
    root = parse_xml(data, result.file)
    records = list(root.iter("record"))
    if not records:
        raise InputError("no <record> in this EndNote XML file", Location(result.file, 1))
    for record in records:
        item, source_id = record_item(record)
        text = " ".join(_text(record.find("titles/title")).split()) or f"record {source_id}"
        result.records.append(exact(item, Location(result.file, record.sourceline or 0), text, source_id))


def record_item(record: etree._Element) -> tuple[CslItem, str]:
    """A `<record>` as a CslItem, and its identity in its library (db-id:rec-number)."""
    kind = record.find("ref-type")
    csl_type = endnote_type(kind.get("name", "") if kind is not None else "")
    item = CslItem(type=csl_type)
    item.author, item.author_truncated = _names(record, "contributors/authors/author")
    secondary, _ = _names(record, "contributors/secondary-authors/author")
    if csl_type in ("chapter", "paper-conference", "book"):
        item.editor = secondary
    elif secondary:
        item.other["secondary-authors"] = "; ".join(name.literal or name.family for name in secondary)
    item.translator, _ = _names(record, "contributors/subsidiary-authors/author")
    item.title = _first(record, "titles/title")
    container = _first(record, "periodical/full-title") or _first(record, "titles/secondary-title")
    if csl_type in ("book", "report", "thesis"):
        item.collection_title = _first(record, "titles/secondary-title") or _first(
            record, "titles/tertiary-title"
        )
    else:
        item.container_title = container
        item.collection_title = _first(record, "titles/tertiary-title")
    short = _first(record, "periodical/abbr-1") or _first(record, "titles/alt-title")
    if short and short != item.container_title:
        item.other["container-title-short"] = short
    item.issued = date_from_text(
        " ".join((_first(record, "dates/pub-dates/date"), _first(record, "dates/year")))
    )
    item.page = _first(record, "pages")
    item.volume = _first(record, "volume")
    item.issue = _first(record, "number") or _first(record, "issue")
    item.edition = _first(record, "edition")
    item.publisher = _first(record, "publisher")
    item.publisher_place = _first(record, "pub-location")
    set_isbn_or_issn(item, _first(record, "isbn"), "isbn")
    resource = _first(record, "electronic-resource-num")
    item.DOI = doi_from_text(resource)
    if resource and not item.DOI:
        item.other["electronic-resource-num"] = resource
    urls = [_text(url) for url in record.iterfind("urls/related-urls/url")]
    item.URL = next((url for url in urls if url), "")
    item.language = _first(record, "language")
    item.genre = _first(record, "work-type")
    item.note = _first(record, "notes")
    for name, value in (("abstract", "abstract"), ("section", "section"), ("accession-num", "accession-num")):
        if _first(record, value):
            item.other[name] = _first(record, value)
    keywords = [_text(keyword) for keyword in record.iterfind("keywords/keyword")]
    if any(keywords):
        item.other["keyword"] = "; ".join(keyword for keyword in keywords if keyword)
    for child in record:
        if isinstance(child.tag, str) and child.tag not in _MAPPED and _text(child):
            item.other.setdefault(child.tag, _text(child))
    key = record.find("foreign-keys/key")
    database = key.get("db-id", "") if key is not None else ""
    return item, f"{database}:{_first(record, 'rec-number')}"


def _names(record: etree._Element, path: str):
    return names_from_list([_text(author) for author in record.iterfind(path)], separated=False)


def _first(record: etree._Element, path: str) -> str:
    found = record.find(path)
    return _text(found) if found is not None else ""


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
