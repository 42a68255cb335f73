"""RefWorks' tagged format (`RT Journal Article`, `A1 Smith, J.`), as RefWorks and CNKI export it.
CNKI writes every author on one `A1` line split by ';' and lower-case tags (`vo`), both read here;
a tag this reader does not map is kept under its RefWorks name."""

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
    page_range,
    read_tagged,
    set_isbn_or_issn,
)

TAG_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9])(?:\s+(.*))?$")
_MAPPED = {
    "rt", "a1", "a2", "t1", "t2", "t3", "jf", "jo", "yr", "fd", "vo", "is", "sp", "op", "pb", "pp",
    "ed", "sn", "do", "ul", "lk", "la", "ab", "k1", "no",
}  # fmt: skip


def read_refworks(text: str, result: SourceRead) -> None:
    read_tagged(text, result, TAG_LINE, "rt", _item)


def _item(record: TaggedRecord) -> CslItem:
    csl_type = endnote_type(record.first("RT"))
    item = CslItem(type=csl_type)
    item.author, item.author_truncated = names_from_list(record.values("A1"))
    item.editor, _ = names_from_list(record.values("A2"))
    item.title = record.first("T1")
    if csl_type in ("book", "report", "thesis"):
        item.collection_title = record.first("T2", "T3")
    else:
        item.container_title = record.first("JF", "T2", "JO")
        item.collection_title = record.first("T3")
        if record.first("JO") and record.first("JO") != item.container_title:
            item.other["container-title-short"] = record.first("JO")
    item.issued = date_from_text(record.first("FD")) or date_from_text(record.first("YR"))
    if not item.issued and record.first("YR"):
        item.issued = date_from_text(record.first("YR"))
    item.volume = record.first("VO")
    item.issue = record.first("IS")
    start, other = record.first("SP"), record.first("OP")
    item.page = other if "-" in other and not start else page_range(start, other)
    item.publisher = record.first("PB")
    item.publisher_place = record.first("PP")
    item.edition = record.first("ED")
    for value in record.values("SN"):
        set_isbn_or_issn(item, value, "SN")
    item.DOI = doi_from_text(record.first("DO"))
    item.URL = record.first("UL", "LK")
    item.language = record.first("LA").rstrip(";")
    item.note = "; ".join(record.values("NO"))
    if record.values("AB"):
        item.other["abstract"] = " ".join(record.values("AB"))
    if record.values("K1"):
        item.other["keyword"] = "; ".join(record.values("K1"))
    for tag, value in record.fields:
        if tag.lower() not in _MAPPED and value:
            item.other.setdefault(tag.upper(), value)
    return item
